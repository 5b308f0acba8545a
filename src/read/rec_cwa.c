/* Backend: Axivity AX3 and AX6 .cwa files, read as the device wrote them (no omconvert step).
 * The layout is OpenMovement's (cwa.h in its repository's Docs/ax3, and its reader cwa_load.py):
 * a header block ("MD": device type, rate and range codes, metadata such as where it was worn),
 * then data sectors of 512 bytes ("AX"), each with a 16-bit checksum, a sequence number, a stamp
 * of the real-time clock for one of its samples, and its samples: 120 three-axis ones packed in
 * 32 bits (AX3), 80 three-axis ones of 16 bits, or 40 six-axis ones (AX6: gyroscope, then
 * accelerometer). All values are little-endian.
 *
 * Samples come out in g (channels 0-2) and deg/s (3-5, an AX6's gyroscope). The sensor's own clock
 * is not the real-time clock: a set 100 Hz may run at 99.5 Hz, which would stretch every time
 * by half a percent. So the rate reported is the one the stamps of the first and last sectors
 * measure over the samples between them (omconvert resamples to the set rate instead). Lost
 * sectors (a bad checksum) and pauses (a break in the sequence) become gaps as long as the stamps
 * say, a pause up to recording_options.max_gap_s; a row with an axis at the end of its range is a
 * flagged gap (common/missing.h), as omconvert marks such a row clipped. */
#include "../common/text.h"
#include "rec_private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <zlib.h>

#define CWA_SECTOR 512
#define CWA_HEADER_MIN (64 + 448) /* the header's fields and its metadata */
#define CWA_SAMPLE_BYTES 480
#define CWA_MAX_SAMPLES 120
#define CWA_OUT_CHANNELS 6          /* accelerometer, then gyroscope */
#define CWA_END_SECTORS 16          /* sectors tried back from the end for the last stamp */
#define CWA_CLIPPED (127.0 / 128.0) /* of full scale: the packed format's last step below it */

static const char *const cwa_extensions[] = {"cwa", NULL}; /* and .cwa.gz */

/* One data sector, parsed. */
typedef struct cwa_sector {
    uint32_t session, sequence;
    unsigned rate_code, axes_bps;
    int axes, packed, samples, capacity;
    double set_rate_hz, accel_range_g, accel_per_g, gyro_range_dps;
    double stamp_s;      /* the real-time clock, seconds since 1970 (NaN: none) ... */
    double stamp_index;  /* ... at this sample of the sector's, which may lie outside it */
    double stamp_step_s; /* how finely the stamp places it: 1/32768 s, or a sample without */
    const uint8_t *data;
} cwa_sector;

typedef struct cwa_state {
    gzFile file; /* zlib reads a .cwa.gz, and a plain .cwa as it is */
    int compressed;
    /* a compressed file's last sectors, kept from the pass that measured it: the last sector's
     * stamp is read there, since seeking back in compressed data means reading it again */
    uint8_t tail[CWA_END_SECTORS * CWA_SECTOR];
    int64_t tail_first; /* the index of tail's first sector */
    off_t data_offset;
    int64_t sector_count, next_sector;
    double header_gyro_dps; /* the header's gyroscope range (0: none said) */
    unsigned rate_code, axes_bps;
    int out_channels;
    double rate_hz, start_s, max_gap_s;
    rec_block_queue queue;
    int have_previous, lost_since; /* sectors lost since the last one used */
    uint32_t previous_session, previous_sequence;
    double samples[CWA_MAX_SAMPLES * CWA_OUT_CHANNELS]; /* rows of out_channels */
    unsigned char clipped[CWA_MAX_SAMPLES];             /* per row: an axis at its range's end */
} cwa_state;

/* A packed clock value (YYYYYYMM MMDDDDDh hhhhmmmm mmssssss, years since 2000) in seconds since
 * 1970, or NaN when it is none (0, or a field out of range). */
static double cwa_time(uint32_t packed)
{
    struct tm tm = {0};
    tm.tm_year = (int)((packed >> 26) & 0x3f) + 100;
    tm.tm_mon = (int)((packed >> 22) & 0x0f) - 1;
    tm.tm_mday = (int)((packed >> 17) & 0x1f);
    tm.tm_hour = (int)((packed >> 12) & 0x1f);
    tm.tm_min = (int)((packed >> 6) & 0x3f);
    tm.tm_sec = (int)(packed & 0x3f);
    if (packed == 0 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 59)
        return NAN;
    return (double)timegm(&tm);
}

/* Parses a data sector: 0 when it is one (its marker, length and checksum hold) in a layout this
 * reader knows, -1 otherwise. */
static int parse_sector(const uint8_t *s, cwa_sector *out)
{
    if (s[0] != 'A' || s[1] != 'X' || rec_le16(s + 2) != CWA_SECTOR - 4) return -1;
    unsigned sum = 0; /* the 16-bit words of the whole sector sum to zero */
    for (int i = 0; i < CWA_SECTOR; i += 2)
        sum += rec_le16(s + i);
    if ((sum & 0xffffu) != 0) return -1;
    memset(out, 0, sizeof *out);
    out->session = rec_le32(s + 6);
    out->sequence = rec_le32(s + 10);
    out->rate_code = s[24];
    out->axes_bps = s[25];
    out->axes = (int)(out->axes_bps >> 4);
    int bytes = (int)(out->axes_bps & 0x0f);
    out->packed = bytes == 0 && out->axes == 3;
    if (!out->packed && !(bytes == 2 && (out->axes == 3 || out->axes == 6 || out->axes == 9)))
        return -1;
    out->capacity = out->packed ? CWA_SAMPLE_BYTES / 4 : CWA_SAMPLE_BYTES / (2 * out->axes);
    out->samples = (int)rec_le16(s + 28);
    if (out->samples > out->capacity) return -1;
    int offset = rec_le16_signed(s + 26);
    if (out->rate_code == 0) { /* the first firmware kept the rate where the offset is now */
        out->set_rate_hz = offset;
        offset = 0;
    } else {
        out->set_rate_hz = 3200.0 / (double)(1u << (15 - (out->rate_code & 0x0f)));
    }
    if (!(out->set_rate_hz > 0)) return -1;
    out->accel_range_g = out->rate_code ? (double)(16u >> (out->rate_code >> 6)) : 16.0;
    unsigned scale =
        rec_le16(s + 18); /* AAAGGGLLLLLLLLLL: accelerometer and gyroscope scale, light */
    out->accel_per_g = (double)(1u << (8 + ((scale >> 13) & 7)));
    unsigned gyro_code = (scale >> 10) & 7;
    out->gyro_range_dps = gyro_code ? 8000.0 / (double)(1u << gyro_code) : 0;
    out->stamp_s = cwa_time(rec_le32(s + 14));
    unsigned fractional = rec_le16(s + 4);
    if (fractional & 0x8000u) { /* a 16-bit fraction of the second; the offset was rounded for it */
        unsigned fraction = (fractional & 0x7fffu) << 1;
        offset += (int)((fraction * (unsigned)out->set_rate_hz) >> 16);
        out->stamp_s += fraction / 65536.0;
        out->stamp_step_s = 1.0 / 32768;
    } else { /* the whole second falls at a sample */
        out->stamp_step_s = 1.0 / out->set_rate_hz;
    }
    out->stamp_index = offset;
    out->data = s + 30;
    return 0;
}

/* The sector's samples into rows of `channels` (3, or 6 with the gyroscope), and whether each
 * clipped into row_clipped: a row with an axis at the end of its range becomes a flagged gap
 * unless clipped rows are kept, and is counted (once kept, only for an accelerometer axis). */
static void decode(recording_info *info, const cwa_sector *sec, double gyro_range_dps, int channels,
                   double *rows, unsigned char *row_clipped)
{
    /* a power of two: multiplying by its inverse is exact, as dividing is, and far quicker */
    const double g_per_count = 1.0 / sec->accel_per_g, dps_per_count = gyro_range_dps / 32768.0;
    const double accel_limit = sec->accel_range_g * CWA_CLIPPED,
                 gyro_limit = gyro_range_dps * CWA_CLIPPED;
    const int accel = sec->axes >= 6 ? 3 : 0; /* an AX6 puts its gyroscope first */
    for (int i = 0; i < sec->samples; i++) {
        double *row = rows + (size_t)i * channels;
        if (sec->packed) { /* eezzzzzz zzzzyyyy yyyyyyxx xxxxxxxx: 10 signed bits, shifted e */
            uint32_t value = rec_le32(sec->data + 4 * i);
            int shift = (int)(value >> 30);
            for (int a = 0; a < 3; a++) {
                int raw = (int)((value >> (10 * a)) & 0x3ffu);
                row[a] = (double)(((raw ^ 0x200) - 0x200) * (1 << shift)) * g_per_count;
            }
        } else {
            const uint8_t *p = sec->data + 2 * sec->axes * i;
            for (int a = 0; a < 3; a++)
                row[a] = rec_le16_signed(p + 2 * (accel + a)) * g_per_count;
            for (int a = 0; a < 3 && channels == 6; a++)
                row[3 + a] = rec_le16_signed(p + 2 * a) * dps_per_count;
        }
        int clipped = 0;
        /* rows are kept only for the shanks, where what a clipped row marks is a shock read at
         * the accelerometer's limit: a gyroscope at its own (+-2000 deg/s, past any shank's
         * swing) is read at it, uncounted */
        int checked = info->clipped_kept ? 3 : channels;
        for (int c = 0; c < checked; c++)
            clipped |= fabs(row[c]) >= (c < 3 ? accel_limit : gyro_limit);
        rec_note_clipped(info, clipped, row, channels, &row_clipped[i]);
    }
}

static int read_sector(cwa_state *st, int64_t index, uint8_t *buffer)
{
    if (st->compressed && index >= st->tail_first) {
        memcpy(buffer, st->tail + (index - st->tail_first) * CWA_SECTOR, CWA_SECTOR);
        return 0;
    }
    if (gzseek(st->file, st->data_offset + (off_t)index * CWA_SECTOR, SEEK_SET) < 0) return -1;
    return gzread(st->file, buffer, CWA_SECTOR) == CWA_SECTOR ? 0 : -1;
}

/* The first sector at or after `from` (direction 1) or before it (-1, at most CWA_END_SECTORS)
 * that parses, in the first one's layout when `like` is given; its index, or -1. */
static int64_t find_sector(cwa_state *st, int64_t from, int direction, const cwa_sector *like,
                           uint8_t *buffer, cwa_sector *out)
{
    for (int64_t k = from, tried = 0; k >= 0 && k < st->sector_count; k += direction, tried++) {
        if (direction < 0 && tried >= CWA_END_SECTORS) break;
        if (read_sector(st, k, buffer) != 0) return -1;
        if (parse_sector(buffer, out) == 0 && out->samples > 0 &&
            (!like || (out->rate_code == like->rate_code && out->axes_bps == like->axes_bps)))
            return k;
    }
    return -1;
}

/* %XX and '+' of the header's url-encoded metadata, in place. */
static void url_decode(char *text)
{
    char *to = text;
    for (const char *p = text; *p; p++) {
        unsigned value;
        if (*p == '%' && sscanf(p + 1, "%2x", &value) == 1) {
            *to++ = (char)value;
            p += 2;
        } else {
            *to++ = *p == '+' ? ' ' : *p;
        }
    }
    *to = '\0';
}

/* The header's metadata ("_p=lower%20back&_sc=..."): its pairs into the comment, one a line,
 * and the body location ("_p") as where the device was worn. */
static void read_metadata(const uint8_t *header, recording_info *info)
{
    char text[449];
    memcpy(text, header + 64, 448);
    text[448] = '\0';
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == ' ' || (unsigned char)text[length - 1] == 0xff))
        text[--length] = '\0';
    char *rest = NULL;
    for (char *pair = strtok_r(text, "&", &rest); pair; pair = strtok_r(NULL, "&", &rest)) {
        url_decode(pair);
        gb_printable_utf8(pair); /* a damaged header's bytes are not printed as they are */
        size_t used = strlen(info->comment);
        if (used < sizeof info->comment - 1)
            snprintf(info->comment + used, sizeof info->comment - used, "\n%s", pair);
        if (strncmp(pair, "_p=", 3) == 0)
            snprintf(info->device_location, sizeof info->device_location, "%s", pair + 3);
    }
}

static const char *hardware_name(unsigned type)
{
    return type == 0x64 ? "AX6" : (type == 0x00 || type == 0xff || type == 0x17) ? "AX3" : "AX?";
}

/* The rate the stamps of the first and last sectors measure over the samples between them
 * (rec_stamped_rate), when the sequence runs unbroken from one to the other; otherwise the set
 * rate. */
static double measured_rate(cwa_state *st, const cwa_sector *first, int64_t first_index,
                            uint8_t *buffer, int *how)
{
    cwa_sector last;
    *how = RATE_AS_SET;
    int64_t last_index = find_sector(st, st->sector_count - 1, -1, first, buffer, &last);
    if (last_index <= first_index || last.session != first->session ||
        last.sequence - first->sequence != (uint32_t)(last_index - first_index))
        return first->set_rate_hz;
    double samples = (double)(last_index - first_index) * first->capacity + last.stamp_index -
                     first->stamp_index;
    return rec_stamped_rate(samples, last.stamp_s - first->stamp_s,
                            first->stamp_step_s + last.stamp_step_s, first->set_rate_hz, how);
}

static int cwa_open(recording *rec, const char *path, const recording_options *opt, gb_error *err)
{
    cwa_state *st = gb_calloc(1, sizeof *st, err);
    if (!st) return GB_E_NOMEM;
    rec->state = st;
    st->max_gap_s = opt->max_gap_s;
    st->file = gzopen(path, "rb");
    if (!st->file) return gb_error_set(err, GB_E_IO, "%s: cannot open: %s", path, strerror(errno));
    gzbuffer(st->file, 1 << 16);
    uint8_t header[2 * CWA_SECTOR];
    int got = gzread(st->file, header, sizeof header);
    st->compressed = !gzdirect(st->file);
    if (got < 0) /* damaged compressed data: not a question of the format */
        return gb_error_set(err, GB_E_FORMAT, "%s: cannot read it: %s; copy the file again", path,
                            rec_gz_short_reason(st->file, path));
    if (got < CWA_HEADER_MIN || header[0] != 'M' || header[1] != 'D')
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: not an Axivity .cwa file: it does not start with the header "
                            "block (\"MD\"); was it renamed from another format?",
                            path);
    /* the header's length, rounded up to whole sectors, is where the data begin (1 KiB) */
    st->data_offset = (off_t)((rec_le16(header + 2) + CWA_SECTOR - 1) / CWA_SECTOR * CWA_SECTOR);
    struct stat file;
    off_t size = -1;
    if (!st->compressed && stat(path, &file) == 0) size = file.st_size;
    if (!st->compressed && size < 0)
        return gb_error_set(err, GB_E_IO, "%s: cannot find its size: %s", path, strerror(errno));
    if (st->compressed && (size = rec_gz_read_through(st->file, st->tail, sizeof st->tail)) < 0)
        return gb_error_set(err, GB_E_FORMAT, "%s: cannot read it through: %s; copy the file again",
                            path, rec_gz_short_reason(st->file, path));
    if (size < st->data_offset + CWA_SECTOR)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: an Axivity file with no data: the device recorded nothing", path);
    if ((size - st->data_offset) % CWA_SECTOR != 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: truncated: %lld bytes after the last whole 512-byte sector (an "
                            "interrupted copy or download?); copy the file again",
                            path, (long long)((size - st->data_offset) % CWA_SECTOR));
    st->sector_count = (size - st->data_offset) / CWA_SECTOR;
    st->tail_first = st->sector_count - CWA_END_SECTORS;
    unsigned sensors = header[35]; /* bottom nibble: the gyroscope's range code, 8000/2^n deg/s */
    st->header_gyro_dps = sensors != 0x00 && sensors != 0xff && (sensors & 0x0f)
                              ? 8000.0 / (1u << (sensors & 0x0f))
                              : 0;
    recording_info *info = &rec->info;
    snprintf(info->device, sizeof info->device, "Axivity");
    unsigned device_id =
        rec_le16(header + 5) | (rec_le16(header + 11) != 0xffff ? rec_le16(header + 11) << 16 : 0);
    snprintf(info->comment, sizeof info->comment, "Axivity %s, device %u, session %u",
             hardware_name(header[4]), device_id, (unsigned)rec_le32(header + 7));
    read_metadata(header, info);

    uint8_t buffer[CWA_SECTOR];
    cwa_sector first;
    int64_t first_index = find_sector(st, 0, 1, NULL, buffer, &first);
    if (first_index < 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: none of its %lld data sectors is whole (each failed its "
                            "checksum or layout): the file is damaged; copy it from the device "
                            "again",
                            path, (long long)st->sector_count);
    st->rate_code = first.rate_code;
    st->axes_bps = first.axes_bps;
    st->out_channels = first.axes >= 6 ? 6 : 3;
    int measured;
    st->rate_hz = measured_rate(st, &first, first_index, buffer, &measured);
    st->start_s = first.stamp_s - first.stamp_index / st->rate_hz;
    st->next_sector = first_index;
    if (gzseek(st->file, st->data_offset + (off_t)first_index * CWA_SECTOR, SEEK_SET) < 0)
        return gb_error_set(err, GB_E_IO, "%s: cannot seek to its data", path);

    info->sample_rate_hz = st->rate_hz;
    info->frames = -1; /* lost sectors may add gaps */
    info->channels = st->out_channels;
    for (int c = 0; c < st->out_channels; c++) {
        snprintf(info->channel_names[c], REC_NAME_MAX, "%s-%c", c < 3 ? "Accel" : "Gyro",
                 'X' + c % 3);
        snprintf(info->channel_units[c], REC_UNIT_MAX, "%s", c < 3 ? "g" : "deg/s");
    }
    int prefix = snprintf(info->format, sizeof info->format, "Axivity %s .cwa%s, ",
                          hardware_name(header[4]), st->compressed ? ".gz" : "");
    rec_rate_words(info->format + prefix, sizeof info->format - (size_t)prefix, first.set_rate_hz,
                   st->rate_hz, measured);
    rec_start_time(info, st->start_s, 1);
    return 0;
}

/* After lost sectors or a break in the sequence: the gap the stamps say lies between the samples
 * read and this sector's first. The samples of lost sectors are missing whatever their length (a
 * sector of an AX3 holds 1.2 s at 100 Hz); time beyond them is a pause in logging, which
 * --max-gap bounds. */
static int place_after_break(recording *rec, cwa_state *st, const cwa_sector *sec, gb_error *err)
{
    double lost_s = st->lost_since * sec->capacity / st->rate_hz;
    double begins_s = sec->stamp_s - sec->stamp_index / st->rate_hz;
    if (!isfinite(begins_s)) /* no stamp to go by: each lost sector held a full sector's samples */
        begins_s = st->start_s + (double)st->queue.handed / st->rate_hz + lost_s;
    char place[64];
    snprintf(place, sizeof place, "sector %lld%s", (long long)st->next_sector - 1,
             st->lost_since ? " (after lost sectors)" : "");
    return rec_block_queue_gap(rec, &st->queue, begins_s, st->start_s, st->rate_hz,
                               lost_s + st->max_gap_s, place, err);
}

/* Loads the next usable sector's samples: 1, 0 at the end, or a negative gb_code. */
static int next_sector(recording *rec, cwa_state *st, gb_error *err)
{
    uint8_t raw[CWA_SECTOR];
    for (; st->next_sector < st->sector_count; st->next_sector++) {
        if (gzread(st->file, raw, CWA_SECTOR) != CWA_SECTOR)
            return gb_error_set(err, GB_E_IO, "%s: read failed at sector %lld: %s", rec->path,
                                (long long)st->next_sector,
                                rec_gz_short_reason(st->file, rec->path));
        cwa_sector sec;
        if (parse_sector(raw, &sec) != 0 || sec.samples == 0 || sec.rate_code != st->rate_code ||
            sec.axes_bps != st->axes_bps) {
            st->lost_since++;
            continue;
        }
        st->next_sector++;
        int follows = st->have_previous && st->lost_since == 0 &&
                      sec.session == st->previous_session &&
                      sec.sequence == st->previous_sequence + 1;
        if (st->have_previous && !follows) {
            int rc = place_after_break(rec, st, &sec, err);
            if (rc) return rc;
        }
        double gyro_dps = sec.gyro_range_dps > 0    ? sec.gyro_range_dps
                          : st->header_gyro_dps > 0 ? st->header_gyro_dps
                                                    : 2000.0;
        decode(&rec->info, &sec, gyro_dps, st->out_channels, st->samples, st->clipped);
        st->queue.samples = st->samples;
        st->queue.clipped = st->clipped;
        st->queue.count = sec.samples;
        st->queue.next = 0;
        st->have_previous = 1;
        st->lost_since = 0;
        st->previous_session = sec.session;
        st->previous_sequence = sec.sequence;
        return 1;
    }
    return 0;
}

static int next_block(recording *rec, gb_error *err)
{
    return next_sector(rec, rec->state, err);
}

static long cwa_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    cwa_state *st = rec->state;
    return rec_block_queue_read(rec, &st->queue, st->out_channels, frames, max_frames, next_block,
                                err);
}

static void cwa_close(recording *rec)
{
    cwa_state *st = rec->state;
    if (!st) return;
    if (st->file) gzclose(st->file);
    free(st);
    rec->state = NULL;
}

const rec_backend rec_backend_cwa = {.name = "cwa",
                                     .extensions = cwa_extensions,
                                     .open = cwa_open,
                                     .read = cwa_read,
                                     .close = cwa_close,
                                     .reads_gzip = 1};
