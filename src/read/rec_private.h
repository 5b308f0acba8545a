/* The backend table behind recording.h; only the read module includes this. */
#ifndef GB_REC_PRIVATE_H
#define GB_REC_PRIVATE_H

#include "recording.h"

#include <stddef.h>
#include <stdint.h>

typedef struct rec_backend {
    const char *name;
    const char *const *extensions; /* lower case, without the dot; NULL-terminated */
    int (*open)(recording *rec, const char *path, const recording_options *opt, gb_error *err);
    long (*read)(recording *rec, double *frames, long max_frames, gb_error *err);
    void (*close)(recording *rec);
    /* for an extension others use too (.bin): whether the file is this backend's, by its content;
     * NULL when the extension says so alone */
    int (*claims)(const char *path);
    int reads_gzip; /* opens a gzip-compressed file too (run.csv.gz, named or not) */
} rec_backend;

struct recording {
    const rec_backend *backend;
    recording_info info;
    char path[1024];
    void *state;
    recording_clipped_fn on_clipped; /* recording_keep_clipped's */
    void *clipped_context;
};

/* A row kept at its device's range limit, handed out as row `row` (recording_clipped_fn). */
void rec_kept_clipped(recording *rec, int64_t row);
/* A decoded row of `channels` values, which its device flagged as clipped or not: counted in
 * info->clipped_rows, noted in *flag (for rec_block_queue.clipped), and made a flagged gap
 * (common/missing.h) unless clipped rows are kept. */
void rec_note_clipped(recording_info *info, int clipped, double *row, int channels,
                      unsigned char *flag);

extern const rec_backend rec_backend_sndfile;
extern const rec_backend rec_backend_text;
extern const rec_backend rec_backend_wfdb;
extern const rec_backend rec_backend_cwa;
extern const rec_backend rec_backend_gt3x;
extern const rec_backend rec_backend_geneactiv;
extern const rec_backend rec_backend_apdm;

/* Little-endian fields of a device's binary file (.cwa sectors, .gt3x records and archives,
 * WFDB format 16). */
static inline unsigned rec_le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static inline int rec_le16_signed(const unsigned char *p)
{
    int value = (int)rec_le16(p);
    return value >= 32768 ? value - 65536 : value;
}

static inline uint32_t rec_le32(const unsigned char *p)
{
    return (uint32_t)rec_le16(p) | (uint32_t)rec_le16(p + 2) << 16;
}

/* A device clock's time (seconds since 1970; NaN: none, left empty) as a recording's start,
 * "YYYY-MM-DD HH:MM:SS" and, with milliseconds, ".mmm". */
void rec_start_time(recording_info *info, double seconds, int milliseconds);

/* A device file's samples come a block at a time (a .cwa sector, a .gt3x second, a GENEActiv
 * page), each perhaps after a gap: what is still to hand out. */
typedef struct rec_block_queue {
    double *samples; /* the block's rows, `channels` doubles each */
    /* per row of the block, whether its device flagged it clipped (NULL: no such flags); those
     * kept (recording_keep_clipped) are reported as they are handed out */
    const unsigned char *clipped;
    long count, next; /* rows in the block, rows of it handed out */
    int64_t gap;      /* NaN rows to hand out before the block's */
    int64_t handed;   /* rows handed out in all, gaps included */
} rec_block_queue;

/* Hands out up to max_frames rows: the gap's NaN rows, then the block's, calling next_block(rec,
 * err) for another when both are used up (1: one is queued, 0: the end, <0: a gb_code). */
long rec_block_queue_read(recording *rec, rec_block_queue *q, int channels, double *frames,
                          long max_frames, int (*next_block)(recording *, gb_error *),
                          gb_error *err);
/* The gap before a block whose first row was taken at begins_s, the rows handed out so far
 * having begun at start_s at rate_hz: as NaN rows queued before it, and counted in the
 * recording's gaps. Longer than allowed_s, or beginning over a second before the rows handed out
 * end, it is an error naming `place` ("sector 12"). */
int rec_block_queue_gap(recording *rec, rec_block_queue *q, double begins_s, double start_s,
                        double rate_hz, double allowed_s, const char *place, gb_error *err);

/* Whether an .h5 file is an APDM recording (it has /Sensors, rec_apdm.c). */
int rec_apdm_claims(const char *path);
/* Whether a .bin file is a GENEActiv's (its first line, rec_geneactiv.c). */
int rec_geneactiv_claims(const char *path);

/* How a device file's rate was settled (rec_stamped_rate). */
enum { RATE_AS_SET, RATE_AGREES, RATE_MEASURED };

/* The rate a device's own clock gives its sensor: `samples` taken between two time stamps span_s
 * apart, each placed to within resolution_s. The measured rate where it differs from the set one
 * by more than the stamps can tell (RATE_MEASURED: a set 100 Hz sampling at 99.2 Hz), the set
 * rate where it does not (RATE_AGREES: the numbers a file at that rate would give), and the set
 * rate too where the stamps lie under 10 s apart or the measure strays over 5 % (RATE_AS_SET). */
double rec_stamped_rate(double samples, double span_s, double resolution_s, double set_rate_hz,
                        int *how);
/* "100 Hz set, 99.2000 Hz by its clock", "100 Hz as set and by its clock" or "100 Hz as set". */
void rec_rate_words(char *out, size_t size, double set_rate_hz, double rate_hz, int how);

/* Whether a text file opens with an accelerometer maker's preamble (rec_text.c). */
int rec_text_describes_itself(const char *path);

/* For readers that open files with zlib (a plain file is read as it is): the uncompressed size of
 * a gzip-compressed file, read through from where it stands (plus what was read before), its last
 * `keep` bytes copied to tail, right-aligned after zeros when there are fewer: the last pages or
 * sectors, whose time stamps give the rate, since seeking back in compressed data means reading
 * it again. -1 when the data are damaged or cut short (zlib's gzerror says which). file is a
 * gzFile; void * keeps zlib.h out of this header. */
int64_t rec_gz_read_through(void *file, uint8_t *tail, size_t keep);
/* Why a zlib read of path stopped short, for a message: data cut short, a system error, or
 * zlib's own words without the path they start with. */
const char *rec_gz_short_reason(void *file, const char *path);

#endif
