/* Backend: PhysioNet WFDB records: the .hea header and its signal files in formats 16 and 212 (one
 * or several signals per file, interleaved). Physical value = (adc - baseline) / gain; the
 * invalid-sample value (-32768 in format 16, -2048 in format 212) becomes a NaN gap. Header and
 * formats: https://physionet.org/physiotools/wag/header-5.htm and signal-5.htm. */
#include "rec_private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wfdb_signal {
    int file_slot;
    double gain, baseline;
} wfdb_signal;

typedef struct wfdb_file {
    FILE *file;
    char name[512];
    int format; /* 16 or 212 */
    int signal_count;
    int first_signal;
    int has_pending; /* format 212 packs two samples in three bytes: the second waits here */
    int pending;
} wfdb_file;

typedef struct wfdb_state {
    int signal_count, file_count;
    wfdb_signal signals[REC_MAX_CHANNELS];
    wfdb_file files[REC_MAX_CHANNELS];
    int64_t frames_read;
} wfdb_state;

static const char *const wfdb_extensions[] = {"hea", NULL};

/* Next header line that is not a comment; 1, or 0 at the end. */
static int header_line(FILE *f, char *line, size_t size)
{
    while (fgets(line, (int)size, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && *p != '#') return 1;
    }
    return 0;
}

static int parse_signal_line(recording *rec, wfdb_state *st, int index, char *line, const char *dir,
                             int line_number, gb_error *err)
{
    char name[512], format_field[64], gain_field[128] = "", description[256] = "";
    int adc_resolution = 0, adc_zero = 0, used = 0;
    int fields = sscanf(line, "%511s %63s %127s %d %d %*s %*s %*s %n", name, format_field,
                        gain_field, &adc_resolution, &adc_zero, &used);
    if (fields < 2)
        return gb_error_set(err, GB_E_FORMAT, "%s: header line %d: expected 'file format ...'",
                            rec->path, line_number);
    if (used > 0) snprintf(description, sizeof description, "%s", line + used);
    int format = atoi(format_field);
    if (format != 16 && format != 212)
        return gb_error_set(err, GB_E_UNSUPPORTED,
                            "%s: header line %d: signal format %d is not supported (gaitbatch "
                            "reads WFDB formats 16 and 212)",
                            rec->path, line_number, format);
    const char *plus = strchr(format_field, '+');
    long byte_offset = plus ? atol(plus + 1) : 0;

    double gain = 200.0; /* WFDB's default when the field is absent or zero */
    double baseline = fields >= 5 ? adc_zero : 0;
    char units[REC_UNIT_MAX] = "";
    if (gain_field[0]) {
        char *end;
        double g = strtod(gain_field, &end);
        if (g != 0) gain = g;
        if (*end == '(') {
            baseline = strtod(end + 1, &end);
            if (*end == ')') end++;
        }
        if (*end == '/') snprintf(units, sizeof units, "%s", end + 1);
    }

    /* signals sharing a file are listed one after another: find or open the file's slot */
    int slot = -1;
    if (st->file_count > 0 && strcmp(st->files[st->file_count - 1].name, name) == 0)
        slot = st->file_count - 1;
    if (slot < 0) {
        char full[1024];
        snprintf(full, sizeof full, "%s%s", dir, name);
        slot = st->file_count++;
        wfdb_file *wf = &st->files[slot];
        snprintf(wf->name, sizeof wf->name, "%s", name);
        wf->format = format;
        wf->first_signal = index;
        wf->file = fopen(full, "rb");
        if (!wf->file)
            return gb_error_set(
                err, GB_E_IO,
                "%s: header line %d names signal file '%s', which cannot be opened: "
                "%s",
                rec->path, line_number, full, strerror(errno));
        if (byte_offset > 0 && fseek(wf->file, byte_offset, SEEK_SET) != 0)
            return gb_error_set(err, GB_E_FORMAT, "%s: cannot skip %ld bytes in '%s'", rec->path,
                                byte_offset, full);
        snprintf(rec->info.files[rec->info.file_count++], sizeof rec->info.files[0], "%s", full);
    } else if (st->files[slot].format != format) {
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: header line %d: signals in one file must share a format",
                            rec->path, line_number);
    }
    st->files[slot].signal_count++;
    st->signals[index] = (wfdb_signal){slot, gain, baseline};
    snprintf(rec->info.channel_names[index], REC_NAME_MAX, "%.*s", REC_NAME_MAX - 1,
             description[0] ? description : name);
    snprintf(rec->info.channel_units[index], REC_UNIT_MAX, "%s", units);
    return 0;
}

static int wfdb_open(recording *rec, const char *path, const recording_options *opt, gb_error *err)
{
    (void)opt;
    wfdb_state *st = gb_calloc(1, sizeof *st, err);
    if (!st) return GB_E_NOMEM;
    rec->state = st;
    FILE *header = fopen(path, "r");
    if (!header) return gb_error_set(err, GB_E_IO, "%s: cannot open: %s", path, strerror(errno));
    char dir[1024] = "";
    const char *slash = strrchr(path, '/');
    if (slash) snprintf(dir, sizeof dir, "%.*s/", (int)(slash - path), path);

    char line[1024];
    int rc = 0, line_number = 1;
    if (!header_line(header, line, sizeof line)) {
        rc = gb_error_set(err, GB_E_FORMAT, "%s: no record line in the header", path);
        goto done;
    }
    char record_name[256], rate_field[64] = "";
    long long sample_count = -1;
    int signal_count = 0;
    int fields =
        sscanf(line, "%255s %d %63s %lld", record_name, &signal_count, rate_field, &sample_count);
    if (fields < 2 || signal_count < 1 || signal_count > REC_MAX_CHANNELS) {
        rc = gb_error_set(err, GB_E_FORMAT,
                          "%s: record line '%s' must be 'name signals rate samples' with 1 to %d "
                          "signals",
                          path, line, REC_MAX_CHANNELS);
        goto done;
    }
    st->signal_count = signal_count;
    rec->info.channels = signal_count;
    rec->info.sample_rate_hz = fields >= 3 ? strtod(rate_field, NULL) : 250.0; /* WFDB default */
    rec->info.frames = fields >= 4 && sample_count > 0 ? sample_count : -1;
    rec->info.file_count = 1; /* files[0] is the header itself */
    for (int s = 0; s < signal_count; s++) {
        line_number++;
        if (!header_line(header, line, sizeof line)) {
            rc = gb_error_set(err, GB_E_FORMAT,
                              "%s: the record line announces %d signals, the header lists %d", path,
                              signal_count, s);
            goto done;
        }
        if ((rc = parse_signal_line(rec, st, s, line, dir, line_number, err)) != 0) goto done;
    }
    snprintf(rec->info.format, sizeof rec->info.format, "PhysioNet WFDB, format %d",
             st->files[0].format);
done:
    fclose(header);
    return rc;
}

/* Next raw sample of a file's interleaved stream; 1, 0 at the end of the file. */
static int next_raw(wfdb_file *wf, int *value)
{
    if (wf->format == 16) {
        unsigned char b[2];
        if (fread(b, 1, 2, wf->file) != 2) return 0;
        *value = rec_le16_signed(b);
        return 1;
    }
    if (wf->has_pending) {
        wf->has_pending = 0;
        *value = wf->pending;
        return 1;
    }
    unsigned char b[3];
    size_t got = fread(b, 1, 3, wf->file);
    if (got < 2) return 0;
    int first = b[0] | (b[1] & 0x0f) << 8;
    *value = first > 2047 ? first - 4096 : first;
    if (got == 3) {
        int second = b[2] | (b[1] & 0xf0) << 4;
        wf->pending = second > 2047 ? second - 4096 : second;
        wf->has_pending = 1;
    }
    return 1;
}

static long wfdb_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    wfdb_state *st = rec->state;
    long n = 0;
    for (; n < max_frames; n++) {
        if (rec->info.frames > 0 && st->frames_read >= rec->info.frames) break;
        double *out = frames + (size_t)n * st->signal_count;
        for (int f = 0; f < st->file_count; f++) {
            wfdb_file *wf = &st->files[f];
            for (int k = 0; k < wf->signal_count; k++) {
                int s = wf->first_signal + k, raw;
                if (!next_raw(wf, &raw)) {
                    if (f == 0 && k == 0 && rec->info.frames < 0) return n;
                    return gb_error_set(err, GB_E_FORMAT,
                                        "%s: signal file '%s' ends at frame %lld, before the %lld "
                                        "frames the header announces (truncated?)",
                                        rec->path, rec->info.files[1 + f],
                                        (long long)st->frames_read, (long long)rec->info.frames);
                }
                int invalid = wf->format == 16 ? -32768 : -2048;
                out[s] =
                    raw == invalid ? NAN : (raw - st->signals[s].baseline) / st->signals[s].gain;
            }
        }
        st->frames_read++;
    }
    return n;
}

static void wfdb_close(recording *rec)
{
    wfdb_state *st = rec->state;
    if (!st) return;
    for (int f = 0; f < st->file_count; f++)
        if (st->files[f].file) fclose(st->files[f].file);
    free(st);
    rec->state = NULL;
}

const rec_backend rec_backend_wfdb = {.name = "wfdb",
                                      .extensions = wfdb_extensions,
                                      .open = wfdb_open,
                                      .read = wfdb_read,
                                      .close = wfdb_close};
