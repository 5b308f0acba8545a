#include "gb_error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int gb_error_set(gb_error *err, int code, const char *fmt, ...)
{
    if (!err || err->code != GB_OK) return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void gb_error_clear(gb_error *err)
{
    if (!err) return;
    err->code = GB_OK;
    err->message[0] = '\0';
}

const char *gb_code_name(int code)
{
    static const struct {
        int code;
        const char *name;
    } names[] = {
        {GB_OK, "ok"},
        {GB_E_IO, "i/o error"},
        {GB_E_FORMAT, "format error"},
        {GB_E_MAP, "channel map error"},
        {GB_E_VALUE, "bad value"},
        {GB_E_NOMEM, "out of memory"},
        {GB_E_ARG, "invalid argument"},
        {GB_E_HDF5, "HDF5 error"},
        {GB_E_NUMERIC, "numeric error"},
        {GB_E_UNSUPPORTED, "unsupported"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].code == code) return names[i].name;
    return "unknown error";
}

void gb_warn(const gb_warner *warner, const char *fmt, ...)
{
    if (!warner || !warner->fn) return;
    char message[GB_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    warner->fn(warner->ctx, message);
}

void *gb_calloc(size_t count, size_t size, gb_error *err)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) gb_error_set(err, GB_E_NOMEM, "out of memory allocating %zu x %zu bytes", count, size);
    return p;
}

/* A finished file's data on the disk before it is renamed into place. Without this, a power cut
 * after the rename could leave the new name holding nothing: ext4, like other file systems that
 * allocate a new file's blocks late, may commit the rename to its journal first. It is also where a
 * network file system reports a write that failed (quota, disk full). A file system that cannot
 * sync (EINVAL) keeps the file as it does. */
static int flush_to_disk(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fdatasync(fd) == 0 || errno == EINVAL ? 0 : -1;
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

void gb_sync_directory_of(const char *path)
{
    char directory[PATH_MAX] = ".";
    const char *slash = strrchr(path, '/');
    if (slash) {
        size_t length = slash == path ? 1 : (size_t)(slash - path); /* "/name": the root */
        if (length >= sizeof directory) return;
        memcpy(directory, path, length);
        directory[length] = '\0';
    }
    int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

int gb_replace_file(const char *temporary, const char *path, int write_failed, const char *what,
                    gb_error *err)
{
    if (write_failed) {
        unlink(temporary);
        return gb_error_set(err, GB_E_IO, "%s: writing the %s failed (disk full?)", path, what);
    }
    if (flush_to_disk(temporary) != 0) {
        int saved = errno;
        unlink(temporary);
        return gb_error_set(err, GB_E_IO, "%s: writing the %s to disk failed: %s", path, what,
                            strerror(saved));
    }
    if (rename(temporary, path) != 0) {
        int saved = errno;
        unlink(temporary);
        return gb_error_set(err, GB_E_IO, "%s: cannot move the finished %s into place: %s", path,
                            what, strerror(saved));
    }
    gb_sync_directory_of(path);
    return 0;
}
