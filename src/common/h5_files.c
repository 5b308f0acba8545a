#include "h5_files.h"

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
