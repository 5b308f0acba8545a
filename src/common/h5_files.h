/* HDF5 files opened and created the one way: errors left to the caller (no stack printed), and
 * without HDF5's file locks (HDF5 1.10.7 and later can be told so). HDF5 1.10 locks every file it
 * opens and fails the open where the file system cannot lock (NFS without its lock daemon, Lustre
 * mounted without flock: a Slurm cluster's scratch), even to read. gaitbatch needs no such lock:
 * a report or team summary is written whole under a temporary name and renamed, by one worker,
 * and runs on one output folder are kept apart by batch_lock. The HDF5_USE_FILE_LOCKING
 * environment variable still overrides it. */
#ifndef GB_H5_FILES_H
#define GB_H5_FILES_H

#include <hdf5.h>

/* H5Fopen's flags (H5F_ACC_RDONLY, H5F_ACC_RDWR); a negative id on failure. */
hid_t gb_h5_open(const char *path, unsigned flags);
/* A new file (truncating one there); a negative id on failure. */
hid_t gb_h5_create(const char *path);
/* Starts the kernel writing what HDF5 has handed it of a file being written, without waiting for
 * it: the sync before the file is renamed into place (gb_replace_file) then waits for the rest
 * only. Nothing where the file's driver keeps no descriptor. */
void gb_h5_start_writeback(hid_t file);
/* A number attribute of `where` into out as memory_type, read only when it holds a single number:
 * a damaged or foreign file's array under the same name would otherwise be written whole past
 * out. -1 when absent or not one number (out unchanged). */
int gb_h5_number_attribute(hid_t where, const char *name, hid_t memory_type, void *out);

#endif
