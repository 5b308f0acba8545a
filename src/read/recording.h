/* recording: one gait recording read in blocks, whatever its format.
 * An opaque handle over a small table of backends (libsndfile formats, delimited text, PhysioNet
 * WFDB). Samples come out interleaved as doubles in the file's units; NaN marks a gap (an invalid
 * or missing sample), never a value the file contained: a NaN or Inf in the data itself is an
 * error. */
#ifndef GB_RECORDING_H
#define GB_RECORDING_H

#include <stdint.h>

#include "../common/gb_error.h"

#define REC_MAX_CHANNELS 64
#define REC_NAME_MAX 48
#define REC_UNIT_MAX 16

typedef struct recording recording;

typedef struct recording_options {
    int time_column;       /* text: data column holding time; -1 none, -2 decide from the header */
    double time_unit_s;    /* text: the time column's unit in s (1e-3: ms); 0 decide from the
                              header name, or for stamps counted from 1970 their size */
    double sample_rate_hz; /* used when the file carries no rate (0: none known) */
    double max_gap_s;      /* text: refuse time gaps longer than this (smaller gaps become NaN) */
    /* text without a time column or a rate: open with sample_rate_hz 0 instead of refusing, so
     * that its columns can be shown and a map template made; nothing can be analysed so */
    int rate_may_be_unknown;
} recording_options;

void recording_options_default(recording_options *opt);

typedef struct recording_info {
    char format[64];
    double sample_rate_hz;
    int64_t frames; /* -1 when the format does not say in advance (text) */
    int channels;   /* data channels; a text time column is not one of them */
    char channel_names[REC_MAX_CHANNELS][REC_NAME_MAX];
    char channel_units[REC_MAX_CHANNELS][REC_UNIT_MAX];
    char comment[4096];  /* embedded description (libsndfile comment string) */
    char start_time[64]; /* recording start, when the file says (WAV ICRD) */
    /* a file that says what it is (Axivity WAV, ActiGraph or GENEActiv CSV): channels 0-2 are the
     * accelerometer's X, Y and Z */
    char device[16];          /* "Axivity", "ActiGraph", "GENEActiv"; empty for other files */
    char device_location[48]; /* where it was worn, when the file says */
    /* text with a time column: measured regularity, complete once all blocks were read */
    int rate_from_time_column;
    int time_column; /* text: the file's column read as time (-1: none) */
    double time_step_mean_s, time_step_sd_s;
    double time_origin_s; /* the time column's value at the first row (event times count from it) */
    int64_t gap_count, gap_frames;
    int64_t duplicate_rows; /* text: rows repeating the previous row's time, left out */
    /* samples some channels hold past the end of the others (an APDM file whose sensors differ in
     * length), not read: the recording ends where its shortest channel does */
    int64_t unread_frames;
    /* rows the device flagged as at its range limit (an Axivity or GENEActiv row with an axis
     * clipped): flagged gaps (common/missing.h), or since recording_keep_clipped the values the
     * file holds, the limit on the clipped axis (clipped_kept 1) */
    int64_t clipped_rows;
    int clipped_kept;
    int file_count; /* files making the recording (WFDB: header + signal files) */
    char files[REC_MAX_CHANNELS + 1][1024];
} recording_info;

recording *recording_open(const char *path, const recording_options *opt, gb_error *err);
const recording_info *recording_get_info(const recording *rec);
/* Reads up to max_frames frames into frames[max_frames * channels]; returns frames read, 0 at the
 * end, or a negative gb_code. */
long recording_read(recording *rec, double *frames, long max_frames, gb_error *err);
void recording_close(recording *rec);
/* Told of each row kept at its device's range limit (recording_keep_clipped), by its number among
 * the rows recording_read hands out (0 for the first, gap rows counted), while the read that hands
 * it out runs. */
typedef void (*recording_clipped_fn)(void *context, int64_t row);
/* From the next block read on, a row its device flags as clipped keeps the values the file holds
 * (the range limit on the clipped axis) instead of becoming a flagged gap: for a sensor whose
 * peaks may be read as "at least the limit" and are timed by the rise below it (a tibial
 * accelerometer's impacts). Each such row is given to on_clipped (when not NULL), so that a peak
 * it holds can be marked a lower bound. Other readers have no such rows. */
void recording_keep_clipped(recording *rec, recording_clipped_fn on_clipped, void *context);

/* Where a device or sensor that says so was worn, from its words ("waist", "Left Hip", APDM's
 * "Lumbar"): 1 at the lower back or waist, where gaitbatch times steps from a trunk sensor; -1
 * somewhere else (a wrist, ankle, foot, the sternum or upper back); 0 when location is empty. */
int recording_worn_at_lower_back(const char *location);

/* The length of path without the extension of its file name, and without both of a compressed
 * one's (folder/run.csv.gz: "folder/run"): the stem a sidecar map, a WFDB header and a report
 * share with the recording. */
int recording_stem_length(const char *path);
/* The extension that says a file's kind into ext, lower case, without its dot: for a compressed
 * file the one before ".gz" (run.csv.gz: "csv"); empty without one. */
void recording_kind_extension(const char *path, char *ext, size_t size);
/* Whether a file found while scanning a folder is a recording gaitbatch can read (by name). */
int recording_is_candidate(const char *path);
/* Whether path is packed in a way its reader does not open, by its first bytes: a gzip stream
 * of a kind read only unpacked (run.wav.gz; delimited text, .cwa and GENEActiv .bin files are
 * read through gzip) or a zip archive (a team's uploads; not an ActiGraph .gt3x, a zip archive
 * read as such). The advice for a message ("gunzip it first ..."), or NULL when it is not packed or
 * cannot be read. A gzip file of a kind read through gzip that its reader does not take (since
 * 0.19.0): whether its compressed data are damaged or end early, or else what they hold is not of
 * that kind. */
const char *recording_packed_advice(const char *path);
/* Whether a file found while scanning a folder is named as a packed one (.gz, .zip). */
int recording_is_packed_name(const char *path);
/* Whether path is delimited text that does not describe itself (no accelerometer maker's preamble):
 * such a file needs a channel map to say what its columns are. */
int recording_is_plain_text(const char *path);

#endif
