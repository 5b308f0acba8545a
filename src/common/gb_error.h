/* gb_error: the one error scheme of gaitbatch.
 * Functions return 0 on success or a negative gb_code; the message, which names the file, the place
 * and what to do, is written once where the problem is found into the gb_error the caller passed
 * in. */
#ifndef GB_ERROR_H
#define GB_ERROR_H

#include <stddef.h>

enum gb_code {
    GB_OK = 0,
    GB_E_IO = -1,         /* cannot open, read or write a file */
    GB_E_FORMAT = -2,     /* the file's content is not what its format promises */
    GB_E_MAP = -3,        /* channel map missing, incomplete or inconsistent */
    GB_E_VALUE = -4,      /* a bad value: NaN/Inf sample, non-numeric cell, absurd rate */
    GB_E_NOMEM = -5,      /* allocation failed */
    GB_E_ARG = -6,        /* invalid setting or argument */
    GB_E_HDF5 = -7,       /* the HDF5 library refused */
    GB_E_NUMERIC = -8,    /* a GSL or FFTW computation failed */
    GB_E_UNSUPPORTED = -9 /* a valid but unsupported variant (e.g. WFDB format 310) */
};

#define GB_MESSAGE_MAX 1024

typedef struct gb_error {
    int code;
    char message[GB_MESSAGE_MAX];
} gb_error;

/* Record an error (first one wins, so the place closest to the cause names it); returns code. */
int gb_error_set(gb_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gb_error_clear(gb_error *err);
const char *gb_code_name(int code);

/* Warnings are not errors: library code hands them to a hook the caller installs (cli prints them).
 */
typedef void (*gb_warn_fn)(void *ctx, const char *message);
typedef struct gb_warner {
    gb_warn_fn fn;
    void *ctx;
} gb_warner;
void gb_warn(const gb_warner *warner, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The last step of writing a file under a temporary name: when the writing failed, remove the
 * temporary file and say so; otherwise sync its data to the disk, rename it over path and sync the
 * directory, so that neither a crash nor a power cut leaves path half written. `what` names the
 * file for messages ("report", "dashboard"). Returns 0 or a negative gb_code. */
int gb_replace_file(const char *temporary, const char *path, int write_failed, const char *what,
                    gb_error *err);
/* A new name in a directory (a file renamed into place, a folder made) on the disk: the directory
 * that holds path, synced. At best effort: the name is in place by then, and some file systems
 * cannot sync a directory. */
void gb_sync_directory_of(const char *path);

/* Checked allocation: NULL plus a recorded GB_E_NOMEM on failure. */
void *gb_calloc(size_t count, size_t size, gb_error *err);

#endif
