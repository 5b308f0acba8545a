#include "../common/missing.h"
#include "rec_private.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

static const rec_backend *const backends[] = {
    &rec_backend_wfdb,      &rec_backend_text, &rec_backend_cwa,    &rec_backend_gt3x,
    &rec_backend_geneactiv, &rec_backend_apdm, &rec_backend_sndfile};

void recording_options_default(recording_options *opt)
{
    opt->time_column = -2;
    opt->time_unit_s = 0;
    opt->sample_rate_hz = 0;
    opt->max_gap_s = 1.0;
    opt->rate_may_be_unknown = 0;
}

/* The last dot of the file name in path (not of a folder's), or NULL. */
static const char *name_dot(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) ? dot : NULL;
}

/* The dot that starts the file name's extension: for a compressed name the one before ".gz"
 * (run.csv.gz: ".csv.gz"; day.gz: ".gz"), or NULL. */
static const char *extension_dot(const char *path)
{
    const char *dot = name_dot(path);
    if (!dot || strcasecmp(dot, ".gz") != 0) return dot;
    const char *inner = dot;
    while (inner > path && inner[-1] != '.' && inner[-1] != '/')
        inner--;
    return inner > path + 1 && inner[-1] == '.' && inner[-2] != '/' ? inner - 1 : dot;
}

/* Whether the file name ends in ".gz" and names what it holds before that (run.csv.gz). */
static int gzip_named(const char *path)
{
    return extension_dot(path) != name_dot(path);
}

int recording_stem_length(const char *path)
{
    const char *dot = extension_dot(path);
    return dot ? (int)(dot - path) : (int)strlen(path);
}

void recording_kind_extension(const char *path, char *ext, size_t size)
{
    ext[0] = '\0';
    const char *dot = extension_dot(path);
    if (!dot) return;
    size_t i = 0;
    for (dot++; *dot && *dot != '.' && i + 1 < size; dot++)
        ext[i++] = (char)tolower((unsigned char)*dot);
    ext[i] = '\0';
}

int64_t rec_gz_read_through(void *file, uint8_t *tail, size_t keep)
{
    enum { CHUNK = 1 << 16 };
    uint8_t *chunk = malloc(CHUNK);
    if (!chunk) return -1;
    memset(tail, 0, keep);
    int64_t size = gztell(file); /* what was read already: a header */
    int got;
    while ((got = gzread(file, chunk, CHUNK)) > 0) {
        size_t n = (size_t)got;
        if (n >= keep) {
            memcpy(tail, chunk + n - keep, keep);
        } else {
            memmove(tail, tail + n, keep - n);
            memcpy(tail + keep - n, chunk, n);
        }
        size += got;
    }
    free(chunk);
    int code;
    gzerror(file, &code);
    return got < 0 || code != Z_OK ? -1 : size;
}

const char *rec_gz_short_reason(void *file, const char *path)
{
    int code;
    const char *why = gzerror(file, &code);
    size_t named = strlen(path); /* zlib's own words start with the path */
    if (strncmp(why, path, named) == 0 && strncmp(why + named, ": ", 2) == 0) why += named + 2;
    return code == Z_BUF_ERROR ? "the compressed data end early (an interrupted copy or download?)"
           : code == Z_ERRNO   ? strerror(errno)
           : code != Z_OK      ? why
                               : "the file ends early";
}

int recording_worn_at_lower_back(const char *location)
{
    /* "back" and "trunk" alone say lower back for the loggers' location codes; these words rule
     * out the upper trunk, where a sensor swings with the shoulders, not the pelvis */
    static const char *const lower[] = {"waist", "hip",    "back", "lumbar",
                                        "sacr",  "pelvis", "belt", "trunk"};
    static const char *const upper[] = {"upper", "chest", "stern", "thora", "shoulder", "neck"};
    if (!location[0]) return 0;
    for (size_t i = 0; i < sizeof upper / sizeof upper[0]; i++)
        if (strcasestr(location, upper[i])) return -1;
    for (size_t i = 0; i < sizeof lower / sizeof lower[0]; i++)
        if (strcasestr(location, lower[i])) return 1;
    return -1;
}

/* The backend that reads path, by its name (NULL: none does); a gzip-compressed name only when
 * that backend reads through gzip. */
/* The first backend that lists the kind extension ext, reads through gzip when gzipped, and
 * claims the file at claim_path when it has a claim test (none asked with claim_path NULL). */
static const rec_backend *backend_listing(const char *ext, int gzipped, const char *claim_path)
{
    for (size_t b = 0; b < sizeof backends / sizeof backends[0]; b++)
        for (const char *const *e = backends[b]->extensions; e && *e; e++)
            if (strcmp(*e, ext) == 0 && (!gzipped || backends[b]->reads_gzip) &&
                (!claim_path || !backends[b]->claims || backends[b]->claims(claim_path)))
                return backends[b];
    return NULL;
}

static const rec_backend *backend_for(const char *path)
{
    char ext[16];
    recording_kind_extension(path, ext, sizeof ext);
    return backend_listing(ext, gzip_named(path), path);
}

int recording_is_candidate(const char *path)
{
    return backend_for(path) != NULL;
}

int recording_is_plain_text(const char *path)
{
    return backend_for(path) == &rec_backend_text && !rec_text_describes_itself(path);
}

void rec_start_time(recording_info *info, double seconds, int milliseconds)
{
    time_t whole = isfinite(seconds) ? (time_t)floor(seconds) : 0;
    struct tm tm;
    if (!isfinite(seconds) || !gmtime_r(&whole, &tm)) return;
    int n =
        snprintf(info->start_time, sizeof info->start_time, "%04d-%02d-%02d %02d:%02d:%02d",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (milliseconds && n > 0 && (size_t)n < sizeof info->start_time)
        snprintf(info->start_time + n, sizeof info->start_time - (size_t)n, ".%03d",
                 (int)floor((seconds - (double)whole) * 1000));
}

#define STAMPED_SPAN_MIN_S 10.0 /* stamps closer than this measure no rate */
#define STAMPED_TOLERANCE 0.05  /* a measured rate further from the set one is not believed */

double rec_stamped_rate(double samples, double span_s, double resolution_s, double set_rate_hz,
                        int *how)
{
    double rate = samples / span_s;
    *how = RATE_AS_SET;
    if (!(span_s >= STAMPED_SPAN_MIN_S) || !(fabs(rate / set_rate_hz - 1) <= STAMPED_TOLERANCE))
        return set_rate_hz;
    *how = fabs(rate - set_rate_hz) <= rate * resolution_s / span_s ? RATE_AGREES : RATE_MEASURED;
    return *how == RATE_AGREES ? set_rate_hz : rate;
}

void rec_rate_words(char *out, size_t size, double set_rate_hz, double rate_hz, int how)
{
    if (how == RATE_MEASURED)
        snprintf(out, size, "%g Hz set, %.4f Hz by its clock", set_rate_hz, rate_hz);
    else
        snprintf(out, size, "%g Hz as set%s", set_rate_hz,
                 how == RATE_AGREES ? " and by its clock" : "");
}

long rec_block_queue_read(recording *rec, rec_block_queue *q, int channels, double *frames,
                          long max_frames, int (*next_block)(recording *, gb_error *),
                          gb_error *err)
{
    long n = 0;
    while (n < max_frames) {
        long take;
        if (q->gap > 0) {
            take = q->gap < max_frames - n ? (long)q->gap : max_frames - n;
            for (long i = 0; i < take * channels; i++)
                frames[(size_t)n * channels + i] = NAN;
            q->gap -= take;
        } else if (q->next < q->count) {
            take = q->count - q->next < max_frames - n ? q->count - q->next : max_frames - n;
            memcpy(frames + (size_t)n * channels, q->samples + (size_t)q->next * channels,
                   sizeof(double) * (size_t)(take * channels));
            for (long i = 0; q->clipped && rec->info.clipped_kept && i < take; i++)
                if (q->clipped[q->next + i]) rec_kept_clipped(rec, q->handed + i);
            q->next += take;
        } else {
            int rc = next_block(rec, err);
            if (rc < 0) return rc;
            if (rc == 0) break;
            continue;
        }
        q->handed += take;
        n += take;
    }
    return n;
}

#define BLOCK_BACK_TOLERANCE_S 1.0 /* a block stamped earlier than this: not the same recording */

int rec_block_queue_gap(recording *rec, rec_block_queue *q, double begins_s, double start_s,
                        double rate_hz, double allowed_s, const char *place, gb_error *err)
{
    double gap_s = begins_s - (start_s + (double)q->handed / rate_hz);
    if (gap_s < -BLOCK_BACK_TOLERANCE_S)
        return gb_error_set(err, GB_E_VALUE,
                            "%s: %s: its time stamp is %.3f s before the samples already read: "
                            "the file is damaged or holds more than one recording",
                            rec->path, place, -gap_s);
    if (gap_s > allowed_s)
        return gb_error_set(err, GB_E_VALUE,
                            "%s: %s: a gap of %.3f s in the recording exceeds the limit of %.3f s "
                            "(raise it with --max-gap)",
                            rec->path, place, gap_s, allowed_s);
    long frames = lround(gap_s * rate_hz);
    if (frames > 0) {
        q->gap = frames;
        rec->info.gap_count++;
        rec->info.gap_frames += frames;
    }
    return 0;
}

/* A gzip file of a kind read through gzip that its reader did not take (a GENEActiv .bin.gz is
 * taken by its first line): why, from the stream read through. A small file inflates at once, so
 * a spoilt check hides the first line as well. */
static const char *unclaimed_gzip_advice(const char *path)
{
    gzFile file = gzopen(path, "rb");
    if (!file) return NULL;
    uint8_t tail[1];
    int64_t size = rec_gz_read_through(file, tail, sizeof tail);
    int code;
    gzerror(file, &code);
    gzclose(file);
    if (size >= 0)
        return "compressed with gzip, but unpacked it is not a file of the kind its name says "
               "(its first bytes are not that format's)";
    return code == Z_BUF_ERROR ? "compressed with gzip, and the compressed data end early (an "
                                 "interrupted copy or download?): copy the file again"
                               : "compressed with gzip, and the compressed data are damaged "
                                 "(zlib finds them inconsistent): copy the file again";
}

const char *recording_packed_advice(const char *path)
{
    unsigned char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t got = fread(magic, 1, sizeof magic, f);
    fclose(f);
    char ext[16];
    recording_kind_extension(path, ext, sizeof ext);
    const rec_backend *backend = backend_for(path);
    int gzip = got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    /* a kind some reader reads through gzip, which none took: why */
    if (gzip && !(backend && backend->reads_gzip) && backend_listing(ext, 1, NULL))
        return unclaimed_gzip_advice(path);
    if (gzip && !(backend && backend->reads_gzip))
        return "compressed with gzip, in a format gaitbatch reads only unpacked: gunzip it first "
               "(delimited text, Axivity .cwa and GENEActiv .bin files are read compressed as "
               "they are)";
    /* an ActiGraph .gt3x is a zip archive too: rec_gt3x.c reads it */
    if (got == 4 && memcmp(magic, "PK\3\4", 4) == 0 && strcmp(ext, "gt3x") != 0)
        return "a zip archive: unzip it first and analyse what it holds";
    return NULL;
}

int recording_is_packed_name(const char *path)
{
    static const char *const packed[] = {".gz", ".zip"};
    const char *dot = name_dot(path);
    for (size_t i = 0; dot && i < sizeof packed / sizeof packed[0]; i++)
        if (strcasecmp(dot, packed[i]) == 0) return 1;
    return 0;
}

recording *recording_open(const char *path, const recording_options *opt, gb_error *err)
{
    recording_options defaults;
    if (!opt) {
        recording_options_default(&defaults);
        opt = &defaults;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        gb_error_set(err, GB_E_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        gb_error_set(err, GB_E_IO, "%s: is a folder, not a recording", path);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) { /* stat gives a pipe or a device no size to read */
        gb_error_set(err, GB_E_IO, "%s: not a regular file (a pipe, device or socket)", path);
        return NULL;
    }
    if (st.st_size == 0) {
        gb_error_set(err, GB_E_FORMAT, "%s: empty file (0 bytes): nothing to analyse", path);
        return NULL;
    }
    const char *packed = recording_packed_advice(path);
    if (packed) {
        gb_error_set(err, GB_E_FORMAT, "%s: %s", path, packed);
        return NULL;
    }
    const rec_backend *backend = backend_for(path);
    if (!backend) backend = &rec_backend_sndfile; /* libsndfile recognises files by content */
    recording *rec = gb_calloc(1, sizeof *rec, err);
    if (!rec) return NULL;
    rec->backend = backend;
    snprintf(rec->path, sizeof rec->path, "%s", path);
    rec->info.frames = -1;
    rec->info.time_column = -1;
    rec->info.file_count = 1;
    snprintf(rec->info.files[0], sizeof rec->info.files[0], "%s", path);
    if (backend->open(rec, path, opt, err) != 0) {
        backend->close(rec);
        free(rec);
        return NULL;
    }
    double rate = rec->info.sample_rate_hz;
    int unknown = rate == 0 && opt->rate_may_be_unknown && backend == &rec_backend_text;
    if (!unknown && (!(rate > 0) || rate > 1e6)) {
        gb_error_set(
            err, GB_E_VALUE,
            "%s: sample rate %g Hz is not usable (must be > 0 and <= 1 MHz): fix the file or "
            "give sample_rate_hz in the channel map",
            path, rate);
        backend->close(rec);
        free(rec);
        return NULL;
    }
    return rec;
}

const recording_info *recording_get_info(const recording *rec)
{
    return &rec->info;
}

void recording_keep_clipped(recording *rec, recording_clipped_fn on_clipped, void *context)
{
    rec->info.clipped_kept = 1;
    rec->on_clipped = on_clipped;
    rec->clipped_context = context;
}

void rec_kept_clipped(recording *rec, int64_t row)
{
    if (rec->on_clipped) rec->on_clipped(rec->clipped_context, row);
}

void rec_note_clipped(recording_info *info, int clipped, double *row, int channels,
                      unsigned char *flag)
{
    info->clipped_rows += clipped;
    *flag = (unsigned char)clipped;
    if (clipped && !info->clipped_kept)
        for (int c = 0; c < channels; c++)
            row[c] = gb_flagged_nan();
}

long recording_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    if (max_frames <= 0) return 0;
    return rec->backend->read(rec, frames, max_frames, err);
}

void recording_close(recording *rec)
{
    if (!rec) return;
    rec->backend->close(rec);
    free(rec);
}
