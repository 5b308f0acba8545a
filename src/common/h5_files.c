#include "h5_files.h"

#include <fcntl.h>

/* A file access property list without file locking, or the default list where the library cannot
 * be told (before 1.10.7). */
static hid_t without_locks(void)
{
#if H5_VERSION_GE(1, 10, 7)
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0 && H5Pset_file_locking(fapl, 0, 1) >= 0) return fapl;
    if (fapl >= 0) H5Pclose(fapl);
#endif
    return H5P_DEFAULT;
}

static void done_with(hid_t fapl)
{
    if (fapl != H5P_DEFAULT) H5Pclose(fapl);
}

hid_t gb_h5_open(const char *path, unsigned flags)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fapl = without_locks();
    hid_t file = H5Fopen(path, flags, fapl);
    done_with(fapl);
    return file;
}

hid_t gb_h5_create(const char *path)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fapl = without_locks();
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    done_with(fapl);
    return file;
}

void gb_h5_start_writeback(hid_t file)
{
#ifdef SYNC_FILE_RANGE_WRITE /* Linux's; elsewhere the sync before the rename writes it all */
    int *descriptor = NULL;  /* the default (sec2) driver's handle is its file descriptor */
    if (H5Fget_vfd_handle(file, H5P_DEFAULT, (void **)&descriptor) >= 0 && descriptor)
        (void)sync_file_range(*descriptor, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)file;
#endif
}

int gb_h5_number_attribute(hid_t where, const char *name, hid_t memory_type, void *out)
{
    if (H5Aexists(where, name) <= 0) return -1;
    hid_t attribute = H5Aopen(where, name, H5P_DEFAULT);
    if (attribute < 0) return -1;
    hid_t space = H5Aget_space(attribute), type = H5Aget_type(attribute);
    H5T_class_t type_class = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    int rc = -1;
    if (space >= 0 && H5Sget_simple_extent_npoints(space) == 1 &&
        (type_class == H5T_INTEGER || type_class == H5T_FLOAT))
        rc = H5Aread(attribute, memory_type, out) < 0 ? -1 : 0;
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    H5Aclose(attribute);
    return rc;
}
