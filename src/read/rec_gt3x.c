/* Backend: ActiGraph .gt3x files (GT3X+, wGT3X+, wGT3X-BT, GT9X), read without ActiLife. The
 * layout is ActiGraph's own (the GT3X-File-Format repository's README, info.txt.md and
 * LogRecords/): a zip archive holding info.txt ("Key: value" lines: serial number, sample rate)
 * and log.bin, a stream of records: 0x1E, a type, a Unix time stamp in seconds, a payload size,
 * the payload and a checksum (the complement of the XOR of all the record's bytes before it).
 * Each ACTIVITY record (type 0x00: 12-bit samples in Y, X, Z order, packed most significant
 * nibble first) or ACTIVITY2 record (0x1A: little-endian 16-bit X, Y, Z) holds one second of
 * samples; PARAMETERS (0x15) may give the scale (ACCEL_SCALE, LSB per g), and a METADATA record
 * (0x06) of type "Bio", JSON, where the device was worn ("Limb" and "Side", as ActiLife sets them
 * up when it initialises the device; LogRecords/Metadata.md). Values are scaled and
 * rounded to 1/1000 g, as ActiGraph's documentation and ActiLife's raw CSV export do, so the
 * file reads as its export would.
 *
 * Seconds without a record (the device's idle sleep mode stops sampling while it lies still)
 * are gaps as long as they lasted, unbounded by --max-gap: that is how such devices record. A
 * record that fails its checksum is passed over, its second a gap, when the next one begins
 * where its size says; a stream out of step (no 0x1E there) is refused. The
 * archive is read through zlib (already linked for HDF5), as a stream: memory stays flat.
 *
 * The older layout (GT3X+ and ActiSleep+ firmware 2.5.0 and earlier, as NHANES 2011-2014 used;
 * ActiGraph's NHANES-GT3X-File-Format repository) holds activity.bin instead of log.bin: every
 * sample the device took, 12-bit Y, X, Z packed as in an ACTIVITY record, with no stamps, from
 * info.txt's Start Date (.NET ticks) on at its Sample Rate, at 341 LSB/g. */
#include "../common/text.h"
#include "rec_private.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <zlib.h>

#define ZIP_LOCAL_SIGNATURE 0x04034b50u
#define ZIP_CENTRAL_SIGNATURE 0x02014b50u
#define ZIP_END_SIGNATURE 0x06054b50u
#define ZIP_END_MIN 22
#define ZIP_END_SEARCH (65535 + ZIP_END_MIN) /* the end record and the longest comment */
#define STREAM_CHUNK 65536
#define RECORD_SEPARATOR 0x1e
#define RECORD_ACTIVITY 0x00
#define RECORD_METADATA 0x06
#define RECORD_PARAMETERS 0x15
#define RECORD_ACTIVITY2 0x1a
#define PAYLOAD_MAX 65535
#define RECORD_SPOILT 2 /* next_record: a record whose checksum fails */
#define INFO_MAX 65536
#define GAP_MAX_S (31.0 * 86400) /* a stamp further on than this is damage, not sleep */
#define PARAMETER_ACCEL_SCALE 55 /* address space 0 */

static const char *const gt3x_extensions[] = {"gt3x", NULL};

/* A member of the archive: where its data start, how they are stored and how long they are. */
typedef struct zip_member {
    off_t data_offset;
    unsigned method; /* 0 stored, 8 deflated */
    uint32_t crc, compressed, size;
} zip_member;

typedef struct gt3x_state {
    FILE *file;
    zip_member log;
    z_stream zs;
    int zs_ready, zs_ended;
    unsigned char in[STREAM_CHUNK], out[STREAM_CHUNK];
    size_t out_length, out_next;
    uint32_t compressed_left, crc, inflated;
    int64_t log_offset; /* bytes of log.bin taken so far, for messages */
    double rate_hz, scale_lsb_per_g;
    int have_scale;          /* from a PARAMETERS record (stands over the serial's) */
    int64_t first_s, next_s; /* the first activity record's second, the one due next */
    int started;
    int older;            /* the older layout: activity.bin, samples without records ... */
    double older_start_s; /* ... from info.txt's Start Date (Unix seconds, the device's clock) */
    unsigned char payload[PAYLOAD_MAX + 1];
    double *samples;        /* one second's rows of X, Y, Z (the older layout: two seconds') */
    unsigned char *clipped; /* per row of samples: an axis at the 12-bit range's end */
    long per_second;
    rec_block_queue queue;
    long short_by; /* rows the last second lacked: a gap once another second follows it */
} gt3x_state;

/* The member `name` of the zip archive, from its central directory. 0, or -1 when it has none. */
static int find_member(FILE *f, const char *name, zip_member *out)
{
    if (fseeko(f, 0, SEEK_END) != 0) return -1;
    off_t size = ftello(f);
    off_t from = size > ZIP_END_SEARCH ? size - ZIP_END_SEARCH : 0;
    size_t span = (size_t)(size - from);
    unsigned char *tail = malloc(span);
    if (!tail || fseeko(f, from, SEEK_SET) != 0 || fread(tail, 1, span, f) != span) {
        free(tail);
        return -1;
    }
    long end = -1;
    for (long i = (long)span - ZIP_END_MIN; i >= 0 && end < 0; i--)
        if (rec_le32(tail + i) == ZIP_END_SIGNATURE) end = i;
    uint32_t entries = end >= 0 ? rec_le16(tail + end + 10) : 0;
    off_t directory = end >= 0 ? (off_t)rec_le32(tail + end + 16) : 0;
    free(tail);
    if (end < 0 || fseeko(f, directory, SEEK_SET) != 0) return -1;
    size_t wanted = strlen(name);
    for (uint32_t e = 0; e < entries; e++) {
        unsigned char entry[46];
        char entry_name[256];
        if (fread(entry, 1, sizeof entry, f) != sizeof entry ||
            rec_le32(entry) != ZIP_CENTRAL_SIGNATURE)
            return -1;
        unsigned name_length = rec_le16(entry + 28),
                 skip = rec_le16(entry + 30) + rec_le16(entry + 32); /* extra field, comment */
        size_t stored = name_length < sizeof entry_name ? name_length : sizeof entry_name - 1;
        if (fread(entry_name, 1, stored, f) != stored) return -1;
        entry_name[stored] = '\0';
        if (fseeko(f, (off_t)(name_length - stored + skip), SEEK_CUR) != 0) return -1;
        if (name_length != wanted || memcmp(entry_name, name, wanted) != 0) continue;
        out->method = rec_le16(entry + 10);
        out->crc = rec_le32(entry + 16);
        out->compressed = rec_le32(entry + 20);
        out->size = rec_le32(entry + 24);
        unsigned char local[30];
        off_t header = (off_t)rec_le32(entry + 42);
        if (fseeko(f, header, SEEK_SET) != 0 || fread(local, 1, sizeof local, f) != sizeof local ||
            rec_le32(local) != ZIP_LOCAL_SIGNATURE)
            return -1;
        out->data_offset = header + 30 + rec_le16(local + 26) + rec_le16(local + 28);
        return out->method == 0 || out->method == 8 ? 0 : -1;
    }
    return -1;
}

/* Starts (or starts again) reading log.bin from its first byte. */
static int stream_start(gt3x_state *st)
{
    if (fseeko(st->file, st->log.data_offset, SEEK_SET) != 0) return -1;
    st->compressed_left = st->log.compressed;
    st->out_length = st->out_next = 0;
    st->crc = (uint32_t)crc32(0L, Z_NULL, 0);
    st->inflated = 0;
    st->log_offset = 0;
    st->zs_ended = 0;
    if (st->log.method != 8) return 0;
    st->zs.next_in = NULL; /* inflateReset leaves the input of the pass before */
    st->zs.avail_in = 0;
    if (st->zs_ready) return inflateReset(&st->zs) == Z_OK ? 0 : -1;
    memset(&st->zs, 0, sizeof st->zs);
    if (inflateInit2(&st->zs, -MAX_WBITS) != Z_OK) return -1; /* a raw deflate stream */
    st->zs_ready = 1;
    return 0;
}

/* More of log.bin into out: the bytes made, 0 at its end, -1 when the archive is damaged. */
static long stream_fill(gt3x_state *st)
{
    st->out_next = st->out_length = 0;
    if (st->log.method == 0) {
        size_t want = st->compressed_left < STREAM_CHUNK ? st->compressed_left : STREAM_CHUNK;
        size_t got = want ? fread(st->out, 1, want, st->file) : 0;
        if (got != want) return -1;
        st->compressed_left -= (uint32_t)got;
        st->out_length = got;
    } else if (!st->zs_ended) {
        st->zs.next_out = st->out;
        st->zs.avail_out = STREAM_CHUNK;
        while (st->zs.avail_out == STREAM_CHUNK) {
            if (st->zs.avail_in == 0 && st->compressed_left > 0) {
                size_t want =
                    st->compressed_left < STREAM_CHUNK ? st->compressed_left : STREAM_CHUNK;
                if (fread(st->in, 1, want, st->file) != want) return -1;
                st->compressed_left -= (uint32_t)want;
                st->zs.next_in = st->in;
                st->zs.avail_in = (uInt)want;
            }
            int rc = inflate(&st->zs, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                st->zs_ended = 1;
                break;
            }
            if (rc != Z_OK || (st->zs.avail_in == 0 && st->compressed_left == 0 &&
                               st->zs.avail_out == STREAM_CHUNK))
                return -1;
        }
        st->out_length = STREAM_CHUNK - st->zs.avail_out;
    }
    st->crc = (uint32_t)crc32(st->crc, st->out, (uInt)st->out_length);
    st->inflated += (uint32_t)st->out_length;
    if (st->out_length == 0 && (st->inflated != st->log.size || st->crc != st->log.crc)) return -1;
    return (long)st->out_length;
}

/* Up to n bytes of log.bin (or activity.bin): how many there were before it ended, -1 when the
 * archive is damaged. */
static long take_some(gt3x_state *st, unsigned char *to, size_t n)
{
    size_t done = 0;
    while (done < n) {
        if (st->out_next == st->out_length) {
            long got = stream_fill(st);
            if (got < 0) return -1;
            if (got == 0) break;
        }
        size_t part = st->out_length - st->out_next;
        if (part > n - done) part = n - done;
        memcpy(to + done, st->out + st->out_next, part);
        st->out_next += part;
        done += part;
    }
    st->log_offset += (int64_t)done;
    return (long)done;
}

/* The next n bytes of log.bin: 1, 0 when it ends before any of them, -1 damaged or cut short. */
static int take(gt3x_state *st, unsigned char *to, size_t n)
{
    long got = take_some(st, to, n);
    return got < 0 ? -1 : got == (long)n ? 1 : got == 0 ? 0 : -1;
}

/* A PARAMETERS value as a float: a 24-bit two's-complement fraction of 2^23 and an 8-bit
 * two's-complement power of two. */
static double parameter_float(uint32_t value)
{
    int exponent = (int)(int8_t)(value >> 24);
    int32_t fraction = (int32_t)(value & 0x00ffffffu);
    if (fraction & 0x00800000) fraction -= 0x01000000;
    return ldexp((double)fraction / 8388608.0, exponent);
}

static void read_parameters(gt3x_state *st, unsigned size)
{
    for (unsigned i = 0; i + 8 <= size; i += 8)
        if (rec_le16(st->payload + i) == 0 &&
            rec_le16(st->payload + i + 2) == PARAMETER_ACCEL_SCALE) {
            double scale = parameter_float(rec_le32(st->payload + i + 4));
            if (scale > 0 && isfinite(scale)) st->scale_lsb_per_g = scale, st->have_scale = 1;
        }
}

/* Where the device was worn, from a METADATA record's JSON when it is the "Bio" one and names a
 * limb: "Left Ankle", "Waist" (its side and limb, as ActiLife writes them). Other metadata, and a
 * record that is no JSON object, leave it as it was. */
static void read_wear_position(recording_info *info, const unsigned char *payload, unsigned size)
{
    json_t *root = json_loadb((const char *)payload, size, 0, NULL);
    const char *type = json_string_value(json_object_get(root, "MetadataType"));
    const char *limb = json_string_value(json_object_get(root, "Limb"));
    const char *side = json_string_value(json_object_get(root, "Side"));
    if (type && strcmp(type, "Bio") == 0 && limb && limb[0]) {
        int sided = side && side[0];
        snprintf(info->device_location, sizeof info->device_location, "%s%s%s", sided ? side : "",
                 sided ? " " : "", limb);
        gb_printable_utf8(info->device_location);
    }
    json_decref(root);
}

/* One record's header and payload: its type and size. 1, or RECORD_SPOILT when it fails its
 * checksum (the next record begins after it all the same, its size being right), 0 at the end of
 * log.bin, or a gb_code. */
static int next_record(recording *rec, gt3x_state *st, unsigned *type, uint32_t *stamp,
                       unsigned *size, gb_error *err)
{
    unsigned char head[8];
    int rc;
    do { /* zero bytes may stand between records */
        rc = take(st, head, 1);
    } while (rc == 1 && head[0] == 0);
    if (rc == 0) return 0;
    int64_t at = rc == 1 ? st->log_offset - 1 : st->log_offset;
    if (rc < 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: log.bin fails to inflate near byte %lld: the archive is damaged "
                            "or cut short; copy it again",
                            rec->path, (long long)at);
    if (head[0] != RECORD_SEPARATOR)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: log.bin byte %lld: no record begins there (0x%02x, not 0x1e): the "
                            "file is damaged",
                            rec->path, (long long)at, head[0]);
    if (take(st, head + 1, 7) != 1)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: log.bin: the record at byte %lld is cut short: the file is "
                            "damaged or was copied before the download finished",
                            rec->path, (long long)at);
    *type = head[1];
    *stamp = rec_le32(head + 2);
    *size = rec_le16(head + 6);
    unsigned char check = 0;
    if (take(st, st->payload, *size) != 1 || take(st, &check, 1) != 1)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: log.bin: the record at byte %lld is cut short: the file is "
                            "damaged or was copied before the download finished",
                            rec->path, (long long)at);
    unsigned char sum = 0;
    for (int i = 0; i < 8; i++)
        sum ^= head[i];
    for (unsigned i = 0; i < *size; i++)
        sum ^= st->payload[i];
    return (unsigned char)~sum == check ? 1 : RECORD_SPOILT;
}

/* Whether a record's counts come from the 12-bit converter whose ends are -2048 and 2047: an
 * ACTIVITY record's always, an ACTIVITY2 record's at the scales ActiGraph documents for its
 * devices (341 LSB/g, +-6 g; 256 LSB/g, +-8 g: ACTIVITY2.md), where a count at an end is the
 * range's limit, the axis clipped. */
static int twelve_bit_counts(const gt3x_state *st, unsigned type)
{
    return type == RECORD_ACTIVITY || st->scale_lsb_per_g == 341 || st->scale_lsb_per_g == 256;
}

/* The samples of an activity record (or of the older layout's activity.bin, as ACTIVITY), each
 * axis scaled and rounded to 1/1000 g, up to `most`; their count. A row with an axis at the end
 * of the 12-bit range is counted as clipped, and becomes a flagged gap unless clipped rows are
 * kept (as a GENEActiv's or Axivity's). */
static long decode_activity(recording_info *info, gt3x_state *st, unsigned type, unsigned size,
                            long most)
{
    const int rails = twelve_bit_counts(st, type);
    long count = type == RECORD_ACTIVITY ? (long)size * 2 / 9 : (long)size / 6;
    if (count > most) count = most;
    for (long i = 0; i < count; i++) {
        int raw[3]; /* X, Y, Z */
        if (type == RECORD_ACTIVITY2) {
            for (int a = 0; a < 3; a++)
                raw[a] = rec_le16_signed(st->payload + 6 * i + 2 * a);
        } else { /* Y, X, Z of 12 bits each, from nibble 9i on */
            for (int a = 0; a < 3; a++) {
                long nibble = 9 * i + 3 * a;
                const unsigned char *p = st->payload + nibble / 2;
                unsigned value = nibble % 2 ? (unsigned)(p[0] & 0x0f) << 8 | p[1]
                                            : (unsigned)p[0] << 4 | p[1] >> 4;
                int v = value & 0x800 ? (int)value - 0x1000 : (int)value;
                raw[a == 0 ? 1 : a == 1 ? 0 : 2] = v;
            }
        }
        int clipped = 0;
        for (int a = 0; a < 3; a++) {
            st->samples[3 * i + a] = round(raw[a] / st->scale_lsb_per_g * 1000.0) / 1000.0;
            clipped |= rails && (raw[a] >= 2047 || raw[a] <= -2048);
        }
        rec_note_clipped(info, clipped, st->samples + 3 * i, 3, &st->clipped[i]);
    }
    return count;
}

/* info.txt's "Key: value" for key, into value; 0 when it has none. */
static int info_value(const char *info, const char *key, char *value, size_t size)
{
    size_t length = strlen(key);
    for (const char *line = info; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, key, length) == 0 && line[length] == ':') {
            const char *v = line + length + 1;
            while (*v == ' ')
                v++;
            snprintf(value, size, "%.*s", (int)strcspn(v, "\r\n"), v);
            return 1;
        }
    return 0;
}

/* info.txt, inflated whole (it is a few hundred bytes), into text. */
static int read_info(FILE *f, char *text, size_t size)
{
    zip_member info;
    if (find_member(f, "info.txt", &info) != 0 || info.size >= size) return -1;
    unsigned char *packed = malloc(info.compressed ? info.compressed : 1);
    int rc = packed && fseeko(f, info.data_offset, SEEK_SET) == 0 &&
                     fread(packed, 1, info.compressed, f) == info.compressed
                 ? 0
                 : -1;
    if (rc == 0 && info.method == 0) {
        memcpy(text, packed, info.size);
    } else if (rc == 0) {
        z_stream zs = {0};
        rc = inflateInit2(&zs, -MAX_WBITS) == Z_OK ? 0 : -1;
        zs.next_in = packed;
        zs.avail_in = info.compressed;
        zs.next_out = (unsigned char *)text;
        zs.avail_out = (uInt)(size - 1);
        if (rc == 0 && (inflate(&zs, Z_FINISH) != Z_STREAM_END || zs.total_out != info.size))
            rc = -1;
        inflateEnd(&zs);
    }
    free(packed);
    if (rc == 0) text[info.size] = '\0';
    return rc;
}

/* The scale a device's serial number says (ActiGraph's ACTIVITY2 notes): 256 LSB/g for the MOS
 * (wGT3X-BT) and TAS (GT9X) families, 341 for NEO and CLE (GT3X+, wGT3X+). */
static double serial_scale(const char *serial)
{
    return strncmp(serial, "MOS", 3) == 0 || strncmp(serial, "TAS", 3) == 0 ? 256.0 : 341.0;
}

/* Reads up to the first activity record, for the scale (PARAMETERS come first), where the device
 * was worn (METADATA) and the second the recording starts at; then back to the start of log.bin. */
static int find_start(recording *rec, gt3x_state *st, gb_error *err)
{
    unsigned type, size;
    uint32_t stamp;
    int rc;
    while ((rc = next_record(rec, st, &type, &stamp, &size, err)) > 0) {
        if (rc == RECORD_SPOILT) continue;
        if (type == RECORD_PARAMETERS) read_parameters(st, size);
        if (type == RECORD_METADATA) read_wear_position(&rec->info, st->payload, size);
        if ((type == RECORD_ACTIVITY || type == RECORD_ACTIVITY2) && size > 1) {
            st->first_s = stamp;
            return stream_start(st) == 0
                       ? 0
                       : gb_error_set(err, GB_E_IO, "%s: cannot read log.bin again", rec->path);
        }
    }
    return rc < 0 ? rc
                  : gb_error_set(err, GB_E_FORMAT,
                                 "%s: log.bin holds no activity records: the device recorded no "
                                 "raw acceleration (an epoch-only setting?)",
                                 rec->path);
}

/* .NET ticks (100 ns since 0001-01-01) at the Unix epoch */
#define TICKS_AT_UNIX_EPOCH 621355968000000000.0

/* The older layout's start, from info.txt's Start Date (its scale is the serial number's: the
 * GT3X+ and ActiSleep+ that wrote it sample at 341 LSB/g). */
static int older_start(recording *rec, gt3x_state *st, const char *info, gb_error *err)
{
    char value[64];
    double ticks = info_value(info, "Start Date", value, sizeof value) ? atof(value) : 0;
    st->older_start_s = (ticks - TICKS_AT_UNIX_EPOCH) / 1e7;
    if (!(ticks > 0) || !(st->older_start_s > -1e10 && st->older_start_s < 1e11))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: info.txt gives no usable Start Date (.NET ticks), which an older "
                            "layout's samples are timed from: the file is damaged",
                            rec->path);
    if ((size_t)st->per_second * 9 > PAYLOAD_MAX)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: info.txt's Sample Rate, %ld Hz, is more than a GT3X+ records "
                            "(100 Hz): the file is damaged",
                            rec->path, st->per_second);
    if (st->log.size < 5)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: activity.bin holds no samples: the device recorded none",
                            rec->path);
    return 0;
}

/* The older layout's next two seconds of samples (9 bytes for each two), 1, or 0 at the end. */
static int older_seconds(recording *rec, gt3x_state *st, gb_error *err)
{
    size_t want = (size_t)st->per_second * 9; /* 2 * per_second samples of 4.5 bytes */
    long got = take_some(st, st->payload, want);
    if (got < 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: activity.bin fails to inflate near byte %lld: the archive is "
                            "damaged or cut short; copy it again",
                            rec->path, (long long)st->log_offset);
    st->queue.samples = st->samples;
    st->queue.clipped = st->clipped;
    st->queue.count =
        decode_activity(&rec->info, st, RECORD_ACTIVITY, (unsigned)got, 2 * st->per_second);
    st->queue.next = 0;
    st->queue.gap = 0;
    return st->queue.count > 0;
}

static int gt3x_open(recording *rec, const char *path, const recording_options *opt, gb_error *err)
{
    (void)opt;
    gt3x_state *st = gb_calloc(1, sizeof *st, err);
    if (!st) return GB_E_NOMEM;
    rec->state = st;
    st->file = fopen(path, "rb");
    if (!st->file) return gb_error_set(err, GB_E_IO, "%s: cannot open", path);
    char info[INFO_MAX], value[128];
    if (find_member(st->file, "log.bin", &st->log) != 0) {
        if (find_member(st->file, "activity.bin", &st->log) != 0)
            return gb_error_set(err, GB_E_FORMAT,
                                "%s: not a .gt3x file: no zip archive holding log.bin or "
                                "activity.bin (a renamed file, or one cut short?)",
                                path);
        st->older = 1;
    }
    if (read_info(st->file, info, sizeof info) != 0)
        return gb_error_set(err, GB_E_FORMAT, "%s: its info.txt is missing or damaged", path);
    st->rate_hz = info_value(info, "Sample Rate", value, sizeof value) ? atof(value) : 0;
    if (!(st->rate_hz >= 1 && st->rate_hz <= 10000) || st->rate_hz != floor(st->rate_hz))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: info.txt gives no usable Sample Rate (whole Hz): the file is "
                            "damaged",
                            path);
    char serial[64] = "";
    info_value(info, "Serial Number", serial, sizeof serial);
    st->scale_lsb_per_g = serial_scale(serial);
    if (info_value(info, "Acceleration Scale", value, sizeof value) && atof(value) > 0)
        st->scale_lsb_per_g = atof(value);
    st->per_second = (long)st->rate_hz;
    st->samples = gb_calloc((size_t)st->per_second * 6, sizeof *st->samples, err);
    st->clipped = st->samples ? gb_calloc((size_t)st->per_second * 2, 1, err) : NULL;
    if (!st->clipped) return GB_E_NOMEM;
    if (stream_start(st) != 0)
        return gb_error_set(err, GB_E_FORMAT, "%s: %s cannot be read", path,
                            st->older ? "activity.bin" : "log.bin");
    int rc = st->older ? older_start(rec, st, info, err) : find_start(rec, st, err);
    if (rc) return rc;
    st->next_s = st->first_s;
    recording_info *ri = &rec->info;
    snprintf(ri->device, sizeof ri->device, "ActiGraph");
    snprintf(ri->format, sizeof ri->format, "ActiGraph .gt3x (%s%.16s), %.0f Hz, %.1f LSB/g",
             st->older ? "older, " : "", serial[0] ? serial : "no serial", st->rate_hz,
             st->scale_lsb_per_g);
    size_t shown = strlen(info) < sizeof ri->comment ? strlen(info) : sizeof ri->comment - 1;
    memcpy(ri->comment, info, shown); /* info.txt, as far as it fits */
    ri->comment[shown] = '\0';
    gb_printable_utf8(ri->comment); /* a damaged one's bytes are not printed as they are */
    ri->sample_rate_hz = st->rate_hz;
    ri->frames = st->older ? (int64_t)st->log.size * 2 / 9 : -1; /* seconds asleep become gaps */
    ri->channels = 3;
    for (int c = 0; c < 3; c++) {
        snprintf(ri->channel_names[c], REC_NAME_MAX, "Accelerometer %c", 'X' + c);
        snprintf(ri->channel_units[c], REC_UNIT_MAX, "g");
    }
    /* the device's clock: local time, written as Unix time, in whole seconds (the older layout:
     * its Start Date, in ticks of 100 ns) */
    rec_start_time(ri, st->older ? st->older_start_s : (double)st->first_s, 0);
    return 0;
}

/* The next activity record's second into samples, after the gap before it: 1, 0 at the end. */
static int next_second(recording *rec, gt3x_state *st, gb_error *err)
{
    unsigned type, size;
    uint32_t stamp;
    int rc;
    while ((rc = next_record(rec, st, &type, &stamp, &size, err)) > 0) {
        if (rc == RECORD_SPOILT) continue; /* its second, if it held one, becomes a gap */
        if (type == RECORD_PARAMETERS && !st->started) read_parameters(st, size);
        if ((type != RECORD_ACTIVITY && type != RECORD_ACTIVITY2) || size <= 1)
            continue; /* other records, and ACTIVITY2's one-byte USB connection marks */
        int64_t ahead = (int64_t)stamp - st->next_s;
        if (ahead < 0)
            return gb_error_set(err, GB_E_VALUE,
                                "%s: log.bin byte %lld: a second stamped %lld s before the one "
                                "due: the file is damaged",
                                rec->path, (long long)st->log_offset, (long long)-ahead);
        if (ahead > GAP_MAX_S)
            return gb_error_set(err, GB_E_VALUE,
                                "%s: log.bin byte %lld: a second stamped %.1f days after the one "
                                "due: the file is damaged",
                                rec->path, (long long)st->log_offset, ahead / 86400.0);
        /* asleep, or records lost: the seconds between are a gap, and so is the rest of a
         * second cut short before them */
        st->queue.gap = ahead * st->per_second + st->short_by;
        if (st->queue.gap > 0) {
            rec->info.gap_count++;
            rec->info.gap_frames += st->queue.gap;
        }
        st->started = 1;
        st->queue.samples = st->samples;
        st->queue.clipped = st->clipped;
        st->queue.count = decode_activity(&rec->info, st, type, size, st->per_second);
        st->queue.next = 0;
        st->short_by = st->per_second - st->queue.count;
        st->next_s = (int64_t)stamp + 1;
        return 1;
    }
    return rc < 0 ? rc : 0;
}

static int next_block(recording *rec, gb_error *err)
{
    gt3x_state *st = rec->state;
    return st->older ? older_seconds(rec, st, err) : next_second(rec, st, err);
}

static long gt3x_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    gt3x_state *st = rec->state;
    return rec_block_queue_read(rec, &st->queue, 3, frames, max_frames, next_block, err);
}

static void gt3x_close(recording *rec)
{
    gt3x_state *st = rec->state;
    if (!st) return;
    if (st->zs_ready) inflateEnd(&st->zs);
    if (st->file) fclose(st->file);
    free(st->samples);
    free(st->clipped);
    free(st);
    rec->state = NULL;
}

const rec_backend rec_backend_gt3x = {.name = "gt3x",
                                      .extensions = gt3x_extensions,
                                      .open = gt3x_open,
                                      .read = gt3x_read,
                                      .close = gt3x_close};
