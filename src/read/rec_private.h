/* The backend table behind recording.h; only the read module includes this. */
#ifndef GB_REC_PRIVATE_H
#define GB_REC_PRIVATE_H

#include "recording.h"

typedef struct rec_backend {
    const char *name;
    const char *const *extensions; /* lower case, without the dot; NULL-terminated */
    int (*open)(recording *rec, const char *path, const recording_options *opt, gb_error *err);
    long (*read)(recording *rec, double *frames, long max_frames, gb_error *err);
    void (*close)(recording *rec);
} rec_backend;

struct recording {
    const rec_backend *backend;
    recording_info info;
    char path[1024];
    void *state;
};

extern const rec_backend rec_backend_sndfile;
extern const rec_backend rec_backend_text;
extern const rec_backend rec_backend_wfdb;
extern const rec_backend rec_backend_cwa;
extern const rec_backend rec_backend_gt3x;

/* Whether a text file opens with an accelerometer maker's preamble (rec_text.c). */
int rec_text_describes_itself(const char *path);

#endif
