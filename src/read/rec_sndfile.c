/* Backend: anything libsndfile opens (WAV incl. float, FLAC, RF64/W64, CAF, AIFF, ...). Integer
 * formats come out normalised to [-1, 1); the channel map's scale turns them into physical units.
 */
#include "../common/missing.h"
#include "rec_private.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sndfile_state {
    SNDFILE *file;
    int64_t frames_read;
    int may_hold_nonfinite; /* float formats; integer PCM cannot hold NaN or Inf */
    int aux_channel;        /* an omconvert WAV's validity channel, its last; -1 otherwise */
} sndfile_state;

static const char *const sndfile_extensions[] = {"wav", "wave", "flac", "w64", "rf64", "caf",
                                                 "aif", "aiff", "au",   "ogg", NULL};

static int log_says_truncated(SNDFILE *file)
{
    char log[4096];
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof log);
    return strstr(log, "truncated") || strstr(log, "greater than") || strstr(log, "should be");
}

/* An omconvert WAV (OpenMovement's omconvert README and source): each data channel named in the
 * comment, "Channel-1: Accel-X" ... "Channel-3: Accel-Z" and from a 6-axis AX6 "Gyro-X" ..
 * "Gyro-Z" (with "Scale-N:", channel_map.c), then an auxiliary channel whose top bits say whether
 * the row holds data and whether a channel clipped. Older omconvert, which wrote the three axes
 * only, names that one too ("Channel-4: Aux"); newer leaves it unnamed. Whether the file is one;
 * if so the names go to info->channel_names, the last "Aux". */
static int omconvert_names(recording_info *info)
{
    int data_channels = info->channels - 1, accel_axes = 0;
    char names[REC_MAX_CHANNELS][REC_NAME_MAX];
    for (int c = 0; c < info->channels; c++) {
        char key[24]; /* "Channel-1: " is not in "Channel-10: " */
        snprintf(key, sizeof key, "Channel-%d: ", c + 1);
        const char *at = strstr(info->comment, key);
        if (!at && c < data_channels) return 0;
        if (at) at += strlen(key);
        snprintf(names[c], sizeof names[c], "%.*s", at ? (int)strcspn(at, "\r\n") : 3,
                 at ? at : "Aux");
        if (c < data_channels) accel_axes += strncmp(names[c], "Accel-", 6) == 0;
    }
    if (accel_axes != 3 || strcmp(names[data_channels], "Aux") != 0) return 0;
    memcpy(info->channel_names, names, (size_t)info->channels * sizeof names[0]);
    return 1;
}

static int sndfile_open(recording *rec, const char *path, const recording_options *opt,
                        gb_error *err)
{
    (void)opt;
    sndfile_state *st = gb_calloc(1, sizeof *st, err);
    if (!st) return GB_E_NOMEM;
    rec->state = st;
    SF_INFO sfinfo;
    memset(&sfinfo, 0, sizeof sfinfo);
    st->file = sf_open(path, SFM_READ, &sfinfo);
    if (!st->file)
        return gb_error_set(err, GB_E_FORMAT, "%s: not a readable recording: %s", path,
                            sf_strerror(NULL));
    if (sfinfo.channels < 1 || sfinfo.channels > REC_MAX_CHANNELS)
        return gb_error_set(err, GB_E_UNSUPPORTED, "%s: %d channels; gaitbatch reads 1 to %d", path,
                            sfinfo.channels, REC_MAX_CHANNELS);
    recording_info *info = &rec->info;
    SF_FORMAT_INFO major = {.format = sfinfo.format & SF_FORMAT_TYPEMASK};
    SF_FORMAT_INFO minor = {.format = sfinfo.format & SF_FORMAT_SUBMASK};
    sf_command(st->file, SFC_GET_FORMAT_INFO, &major, sizeof major);
    sf_command(st->file, SFC_GET_FORMAT_INFO, &minor, sizeof minor);
    snprintf(info->format, sizeof info->format, "%s, %s", major.name ? major.name : "audio",
             minor.name ? minor.name : "?");
    int subformat = sfinfo.format & SF_FORMAT_SUBMASK;
    st->may_hold_nonfinite = subformat == SF_FORMAT_FLOAT || subformat == SF_FORMAT_DOUBLE;
    info->sample_rate_hz = sfinfo.samplerate;
    info->frames =
        sfinfo.frames == SF_COUNT_MAX ? -1 : sfinfo.frames; /* FLAC streams may not say */
    info->channels = sfinfo.channels;
    for (int c = 0; c < sfinfo.channels; c++) {
        snprintf(info->channel_names[c], REC_NAME_MAX, "channel %d", c);
        snprintf(info->channel_units[c], REC_UNIT_MAX, "%s", "");
    }
    const char *comment = sf_get_string(st->file, SF_STR_COMMENT);
    if (comment) snprintf(info->comment, sizeof info->comment, "%s", comment);
    const char *date = sf_get_string(st->file, SF_STR_DATE);
    if (date) snprintf(info->start_time, sizeof info->start_time, "%s", date);
    st->aux_channel = -1;
    if (comment && sfinfo.channels >= 4 && omconvert_names(info)) {
        st->aux_channel = sfinfo.channels - 1;
        snprintf(info->device, sizeof info->device, "Axivity");
    }
    if (log_says_truncated(st->file))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: truncated: the header promises more data than the file holds "
                            "(an interrupted copy or upload?); copy the file again",
                            path);
    return 0;
}

/* Axivity rows whose auxiliary bits say "not available" (1x) or else "clipped" (01) become gaps
 * in every data channel; the clipped ones stay gaps however short (common/missing.h), unless they
 * are kept (recording_keep_clipped). frames[0] is the file's row first_row. */
static void mark_axivity_gaps(recording *rec, double *frames, sf_count_t count, int aux_channel,
                              int64_t first_row)
{
    recording_info *info = &rec->info;
    for (sf_count_t i = 0; i < count; i++) {
        double *row = frames + i * (aux_channel + 1);
        long raw = lround(row[aux_channel] * 32768.0);
        unsigned bits = ((unsigned)raw & 0xffffu) >> 14;
        if (bits == 0) continue;
        if (bits == 1) info->clipped_rows++;
        if (bits == 1 && info->clipped_kept) {
            rec_kept_clipped(rec, first_row + i);
            continue;
        }
        double gap = bits & 2 ? NAN : gb_flagged_nan();
        for (int c = 0; c < aux_channel; c++)
            row[c] = gap;
    }
}

static long sndfile_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    sndfile_state *st = rec->state;
    sf_count_t got = sf_readf_double(st->file, frames, max_frames);
    int sferr = sf_error(st->file);
    if (sferr != SF_ERR_NO_ERROR)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: decoding failed near frame %lld (%s): the file is damaged or cut "
                            "short (an interrupted copy or upload?); copy it again, or export it "
                            "again from the device's software",
                            rec->path, (long long)st->frames_read, sf_error_number(sferr));
    int channels = rec->info.channels;
    int scan = st->may_hold_nonfinite && gb_any_nonfinite(frames, (size_t)(got * channels));
    for (sf_count_t i = 0; scan && i < got * channels; i++) /* where, for the message */
        if (!isfinite(frames[i]))
            return gb_error_set(err, GB_E_VALUE,
                                "%s: frame %lld, channel %d holds %s: the file is corrupt; "
                                "re-export it",
                                rec->path, (long long)(st->frames_read + i / channels),
                                (int)(i % channels), isnan(frames[i]) ? "NaN" : "Inf");
    if (st->aux_channel > 0) mark_axivity_gaps(rec, frames, got, st->aux_channel, st->frames_read);
    st->frames_read += got;
    if (got == 0 && rec->info.frames > 0 && st->frames_read < rec->info.frames)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: truncated: header promises %lld frames, file holds %lld; copy "
                            "the file again",
                            rec->path, (long long)rec->info.frames, (long long)st->frames_read);
    return (long)got;
}

static void sndfile_close(recording *rec)
{
    sndfile_state *st = rec->state;
    if (!st) return;
    if (st->file) sf_close(st->file);
    free(st);
    rec->state = NULL;
}

const rec_backend rec_backend_sndfile = {.name = "libsndfile",
                                         .extensions = sndfile_extensions,
                                         .open = sndfile_open,
                                         .read = sndfile_read,
                                         .close = sndfile_close};
