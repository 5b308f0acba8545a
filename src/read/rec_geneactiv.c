/* Backend: GENEActiv .bin files, read as the device's software downloads them (no CSV export).
 * The layout is Activinsights' ("Decoding .bin files" in the GENEActiv instructions; GGIRread's
 * GENEActivReader follows it): text lines. A header of "Key:value" lines (device, configuration
 * with "Measurement Frequency", subject with "Device Location Code", and "Calibration Data": each
 * axis's gain and offset), then pages: "Recorded Data", eight "Key:value" lines ("Sequence
 * Number", "Page Time" as YYYY-MM-DD HH:MM:SS:mmm, ...) and one line of 300 samples in hex, 12
 * digits each: x, y and z as 12-bit two's complement, then light, button and a spare bit. An axis
 * reads (raw * 100 - offset) / gain g.
 *
 * As for Axivity files (rec_cwa.c), the rate is the one the first and last pages' times measure
 * over the samples between them (rec_stamped_rate), pages missing from the sequence are gaps as
 * long as the times say, up to --max-gap, and a sample at the end of the 12-bit range (the
 * sensor's +-8 g rail) is a flagged gap. A file is taken for one by its first line, "Device
 * Identity": .bin is a common extension. Since 0.18.0 a gzip-compressed one (.bin.gz) is read as it
 * is, through zlib: its last page is then found by reading it through once. */
#include "../common/text.h"
#include "rec_private.h"
#include "text_devices.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <zlib.h>

#define GENEA_SIGNATURE "Device Identity"
#define GENEA_PAGE_SAMPLES 300
#define GENEA_SAMPLE_DIGITS 12
#define GENEA_LINE_MAX 4096 /* a page's samples take 3600 digits */
#define GENEA_HEADER_LINES_MAX 200
#define GENEA_TAIL 16384 /* bytes read from the end for the last page's time */

static const char *const geneactiv_extensions[] = {"bin", NULL};

typedef struct geneactiv_state {
    gzFile file; /* zlib reads a .bin.gz, and a plain .bin as it is */
    char line[GENEA_LINE_MAX];
    double gain[3], offset[3];
    double set_rate_hz, rate_hz, start_s, max_gap_s;
    int64_t pages;
    double samples[GENEA_PAGE_SAMPLES * 3];
    unsigned char clipped[GENEA_PAGE_SAMPLES]; /* per row: an axis at the end of its 12 bits */
    rec_block_queue queue;
} geneactiv_state;

/* The next line without its end; 0 at the end of the file. */
static int next_line(geneactiv_state *st)
{
    if (!gzgets(st->file, st->line, sizeof st->line)) return 0;
    st->line[strcspn(st->line, "\r\n")] = '\0';
    return 1;
}

/* The value of a "Key:value" line whose key is key, or NULL. */
static const char *value_of(const char *line, const char *key)
{
    size_t n = strlen(key);
    return strncmp(line, key, n) == 0 && line[n] == ':' ? line + n + 1 : NULL;
}

/* "YYYY-MM-DD HH:MM:SS:mmm" in seconds since 1970 (the device's clock), or NaN. */
static double page_time(const char *text)
{
    struct tm tm = {0};
    int ms = 0;
    if (sscanf(text, "%4d-%2d-%2d %2d:%2d:%2d:%3d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6 ||
        tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60 || ms < 0 || ms > 999)
        return NAN;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (double)timegm(&tm) + ms / 1000.0;
}

int rec_geneactiv_claims(const char *path)
{
    gzFile f = gzopen(path, "rb");
    if (!f) return 0;
    char first[64] = "";
    int claims =
        gzgets(f, first, sizeof first) &&
        strncmp(gb_past_byte_order_mark(first), GENEA_SIGNATURE, strlen(GENEA_SIGNATURE)) == 0;
    gzclose(f);
    return claims;
}

/* A page's header: its sequence number and time, up to the line before its samples. 1, 0 at the
 * end of the file, -1 when it is no page. */
static int page_header(geneactiv_state *st, long *sequence, double *time_s)
{
    if (!next_line(st)) return 0;
    if (strcmp(st->line, "Recorded Data") != 0) return -1;
    *sequence = -1;
    *time_s = NAN;
    for (int i = 0; i < 8; i++) {
        if (!next_line(st)) return -1;
        const char *v;
        if ((v = value_of(st->line, "Sequence Number"))) *sequence = strtol(v, NULL, 10);
        if ((v = value_of(st->line, "Page Time"))) *time_s = page_time(v);
    }
    return *sequence >= 0 && isfinite(*time_s) ? 1 : -1;
}

/* The file's last GENEA_TAIL bytes (fewer in a shorter file) into tail, NUL-terminated; a
 * compressed file is read through for them. 0, or a negative gb_code. */
static int read_tail(recording *rec, geneactiv_state *st, char *tail, gb_error *err)
{
    if (!gzdirect(st->file)) {
        if (rec_gz_read_through(st->file, (uint8_t *)tail, GENEA_TAIL) < 0)
            return gb_error_set(err, GB_E_FORMAT, "%s: cannot read it through: %s; copy it again",
                                rec->path, rec_gz_short_reason(st->file, rec->path));
        tail[GENEA_TAIL] = '\0';
        return 0;
    }
    struct stat file;
    if (stat(rec->path, &file) != 0)
        return gb_error_set(err, GB_E_IO, "%s: %s", rec->path, strerror(errno));
    off_t from = file.st_size > GENEA_TAIL ? file.st_size - GENEA_TAIL : 0;
    int got = gzseek(st->file, from, SEEK_SET) < 0
                  ? -1
                  : gzread(st->file, tail, (unsigned)(file.st_size - from));
    tail[got > 0 ? got : 0] = '\0';
    return 0;
}

/* The last page's sequence number and time, from the file's tail: 1, 0 when not found, or a
 * negative gb_code. */
static int last_page(recording *rec, geneactiv_state *st, long *sequence, double *time_s,
                     gb_error *err)
{
    char *tail = malloc(GENEA_TAIL + 1);
    if (!tail) return gb_error_set(err, GB_E_NOMEM, "%s: out of memory", rec->path);
    int rc = read_tail(rec, st, tail, err);
    if (rc == 0) {
        const char *text = tail; /* a compressed file shorter than the tail: zeros before it */
        while (text < tail + GENEA_TAIL && *text == '\0')
            text++;
        const char *at = NULL;
        for (const char *p = strstr(text, "Sequence Number:"); p;
             p = strstr(p + 1, "Sequence Number:"))
            at = p;
        const char *time_at = at ? strstr(at, "Page Time:") : NULL;
        if (time_at) {
            *sequence = strtol(at + strlen("Sequence Number:"), NULL, 10);
            *time_s = page_time(time_at + strlen("Page Time:"));
            rc = isfinite(*time_s);
        }
    }
    free(tail);
    return rc;
}

static int geneactiv_open(recording *rec, const char *path, const recording_options *opt,
                          gb_error *err)
{
    geneactiv_state *st = gb_calloc(1, sizeof *st, err);
    if (!st) return GB_E_NOMEM;
    rec->state = st;
    st->max_gap_s = opt->max_gap_s;
    st->file = gzopen(path, "rb");
    if (!st->file) return gb_error_set(err, GB_E_IO, "%s: cannot open: %s", path, strerror(errno));
    gzbuffer(st->file, 1 << 16);
    recording_info *info = &rec->info;
    char location[48] = "", serial[32] = "";
    static const char *const gains[] = {"x gain", "y gain", "z gain"}, *const offsets[] = {
                                                                           "x offset", "y offset",
                                                                           "z offset"};
    int calibrated = 0, lines = 0;
    off_t first_page = -1;
    while (first_page < 0 && lines++ < GENEA_HEADER_LINES_MAX) {
        off_t at = gztell(st->file);
        if (!next_line(st)) break;
        const char *v;
        if (strcmp(st->line, "Recorded Data") == 0) first_page = at;
        if ((v = value_of(st->line, "Measurement Frequency"))) st->set_rate_hz = strtod(v, NULL);
        if ((v = value_of(st->line, "Device Location Code")))
            snprintf(location, sizeof location, "%s", v);
        if ((v = value_of(st->line, "Device Unique Serial Code")))
            snprintf(serial, sizeof serial, "%s", v);
        for (int a = 0; a < 3; a++) {
            if ((v = value_of(st->line, gains[a]))) st->gain[a] = strtod(v, NULL), calibrated++;
            if ((v = value_of(st->line, offsets[a]))) st->offset[a] = strtod(v, NULL), calibrated++;
        }
    }
    int code;
    gzerror(st->file, &code);
    if (first_page < 0 && code != Z_OK) /* a compressed header cut short or damaged */
        return gb_error_set(err, GB_E_FORMAT, "%s: cannot read it: %s; copy the file again", path,
                            rec_gz_short_reason(st->file, path));
    if (first_page < 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: a GENEActiv .bin file without pages (no \"Recorded Data\" in its "
                            "first %d lines): the device recorded nothing, or the file is cut",
                            path, GENEA_HEADER_LINES_MAX);
    if (calibrated < 6 || !(st->gain[0] > 0 && st->gain[1] > 0 && st->gain[2] > 0))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: its header's \"Calibration Data\" lacks a gain or offset (x gain, "
                            "x offset, ... z offset): the file is damaged",
                            path);
    if (!(st->set_rate_hz >= 1 && st->set_rate_hz <= 10000))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: its header gives no usable Measurement Frequency: the file is "
                            "damaged",
                            path);
    long first_sequence, last_sequence = -1;
    double first_s, last_s = NAN;
    if (gzseek(st->file, first_page, SEEK_SET) < 0 ||
        page_header(st, &first_sequence, &first_s) != 1)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: its first page's header (Sequence Number, Page Time) cannot be "
                            "read: the file is damaged",
                            path);
    int how = RATE_AS_SET;
    st->rate_hz = st->set_rate_hz;
    int found = last_page(rec, st, &last_sequence, &last_s, err);
    if (found < 0) return found;
    if (found && last_sequence > first_sequence)
        st->rate_hz =
            rec_stamped_rate((double)(last_sequence - first_sequence) * GENEA_PAGE_SAMPLES,
                             last_s - first_s, 0.002, st->set_rate_hz, &how);
    st->start_s = first_s;
    if (gzseek(st->file, first_page, SEEK_SET) < 0)
        return gb_error_set(err, GB_E_IO, "%s: cannot read its pages", path);

    snprintf(info->device, sizeof info->device, "GENEActiv");
    gb_printable_utf8(location);
    text_device_geneactiv_location(location, info->device_location, sizeof info->device_location);
    int prefix = snprintf(info->format, sizeof info->format, "GENEActiv .bin%s, ",
                          gzdirect(st->file) ? "" : ".gz");
    rec_rate_words(info->format + prefix, sizeof info->format - (size_t)prefix, st->set_rate_hz,
                   st->rate_hz, how);
    gb_printable_utf8(serial);
    snprintf(info->comment, sizeof info->comment, "GENEActiv %s", serial);
    info->sample_rate_hz = st->rate_hz;
    info->frames = -1; /* missing pages may add gaps */
    info->channels = 3;
    for (int c = 0; c < 3; c++) {
        snprintf(info->channel_names[c], REC_NAME_MAX, "%c", 'x' + c);
        snprintf(info->channel_units[c], REC_UNIT_MAX, "g");
    }
    rec_start_time(info, first_s, 1);
    return 0;
}

static int hex_digit(char c)
{
    return isdigit((unsigned char)c) ? c - '0'
           : c >= 'A' && c <= 'F'    ? c - 'A' + 10
           : c >= 'a' && c <= 'f'    ? c - 'a' + 10
                                     : -1;
}

/* A page's line of samples into st->samples; their count, or -1 when a digit is no hex digit. A
 * row with an axis at the end of its range becomes a flagged gap unless clipped rows are kept. */
static int decode_page(recording_info *info, geneactiv_state *st, const char *digits)
{
    size_t length = strlen(digits);
    int count = (int)(length / GENEA_SAMPLE_DIGITS);
    if (count > GENEA_PAGE_SAMPLES) count = GENEA_PAGE_SAMPLES;
    for (int i = 0; i < count; i++) {
        const char *d = digits + (size_t)i * GENEA_SAMPLE_DIGITS;
        int clipped = 0;
        for (int a = 0; a < 3; a++) {
            int h0 = hex_digit(d[3 * a]), h1 = hex_digit(d[3 * a + 1]),
                h2 = hex_digit(d[3 * a + 2]);
            if (h0 < 0 || h1 < 0 || h2 < 0) return -1;
            int raw = h0 << 8 | h1 << 4 | h2;
            if (raw >= 2048) raw -= 4096; /* 12-bit two's complement */
            clipped |= raw == 2047 || raw == -2048;
            st->samples[3 * i + a] = (raw * 100.0 - st->offset[a]) / st->gain[a];
        }
        rec_note_clipped(info, clipped, st->samples + 3 * i, 3, &st->clipped[i]);
    }
    return count;
}

/* The next page's samples, after the gap before it: 1, 0 at the end, or a negative gb_code. */
static int next_page(recording *rec, geneactiv_state *st, gb_error *err)
{
    long sequence;
    double time_s;
    int rc = page_header(st, &sequence, &time_s);
    if (rc == 0) return 0;
    if (rc < 0 || !next_line(st))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: page %lld: its header (Recorded Data, Sequence Number, Page "
                            "Time, ...) is damaged or cut short",
                            rec->path, (long long)st->pages + 1);
    int count = decode_page(&rec->info, st, st->line);
    if (count < 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: page %lld (sequence %ld): its samples hold a character that is "
                            "no hex digit: the file is damaged",
                            rec->path, (long long)st->pages + 1, sequence);
    char place[64];
    snprintf(place, sizeof place, "page %lld (sequence %ld)", (long long)st->pages + 1, sequence);
    int gap_rc = rec_block_queue_gap(rec, &st->queue, time_s, st->start_s, st->rate_hz,
                                     st->max_gap_s, place, err);
    if (gap_rc) return gap_rc;
    st->pages++;
    st->queue.samples = st->samples;
    st->queue.clipped = st->clipped;
    st->queue.count = count;
    st->queue.next = 0;
    return 1;
}

static int next_block(recording *rec, gb_error *err)
{
    return next_page(rec, rec->state, err);
}

static long geneactiv_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    geneactiv_state *st = rec->state;
    return rec_block_queue_read(rec, &st->queue, 3, frames, max_frames, next_block, err);
}

static void geneactiv_close(recording *rec)
{
    geneactiv_state *st = rec->state;
    if (!st) return;
    if (st->file) gzclose(st->file);
    free(st);
    rec->state = NULL;
}

const rec_backend rec_backend_geneactiv = {.name = "geneactiv",
                                           .extensions = geneactiv_extensions,
                                           .open = geneactiv_open,
                                           .read = geneactiv_read,
                                           .close = geneactiv_close,
                                           .claims = rec_geneactiv_claims,
                                           .reads_gzip = 1};
