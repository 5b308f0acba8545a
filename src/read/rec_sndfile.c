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
    int axivity;            /* an omconvert WAV: channels 0-2 are X/Y/Z, channel 3 validity */
} sndfile_state;

static const char *const sndfile_extensions[] = {"wav", "wave", "flac", "w64", "rf64", "caf",
                                                 "aif", "aiff", "au",   "ogg", NULL};

static int log_says_truncated(SNDFILE *file)
{
    char log[4096];
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof log);
    return strstr(log, "truncated") || strstr(log, "greater than") || strstr(log, "should be");
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
    /* omconvert's WAV (OpenMovement omconvert README): X, Y, Z, then an auxiliary channel whose
     * top bits say whether the row holds data and whether a channel clipped */
    st->axivity = comment && sfinfo.channels == 4 && strstr(comment, "Channel-1: Accel-X") &&
                  strstr(comment, "Channel-4: Aux");
    if (st->axivity) snprintf(info->device, sizeof info->device, "Axivity");
    if (log_says_truncated(st->file))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: truncated: the header promises more data than the file holds "
                            "(an interrupted copy or upload?); copy the file again",
                            path);
    return 0;
}

/* Axivity rows whose auxiliary bits say "not available" (10) or "clipped" (01) become gaps; the
 * clipped ones stay gaps however short (common/missing.h). */
static void mark_axivity_gaps(double *frames, sf_count_t count)
{
    for (sf_count_t i = 0; i < count; i++) {
        double *row = frames + i * 4;
        long raw = lround(row[3] * 32768.0);
        unsigned bits = ((unsigned)raw & 0xffffu) >> 14;
        if (bits == 2) row[0] = row[1] = row[2] = NAN;
        if (bits == 1) row[0] = row[1] = row[2] = gb_flagged_nan();
    }
}

static long sndfile_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    sndfile_state *st = rec->state;
    sf_count_t got = sf_readf_double(st->file, frames, max_frames);
    int sferr = sf_error(st->file);
    if (sferr != SF_ERR_NO_ERROR)
        return gb_error_set(err, GB_E_FORMAT, "%s: decoding failed near frame %lld: %s", rec->path,
                            (long long)st->frames_read, sf_error_number(sferr));
    int channels = rec->info.channels;
    int scan = st->may_hold_nonfinite && gb_any_nonfinite(frames, (size_t)(got * channels));
    for (sf_count_t i = 0; scan && i < got * channels; i++) /* where, for the message */
        if (!isfinite(frames[i]))
            return gb_error_set(err, GB_E_VALUE,
                                "%s: frame %lld, channel %d holds %s: the file is corrupt; "
                                "re-export it",
                                rec->path, (long long)(st->frames_read + i / channels),
                                (int)(i % channels), isnan(frames[i]) ? "NaN" : "Inf");
    if (st->axivity) mark_axivity_gaps(frames, got);
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

const rec_backend rec_backend_sndfile = {"libsndfile", sndfile_extensions, sndfile_open,
                                         sndfile_read, sndfile_close};
