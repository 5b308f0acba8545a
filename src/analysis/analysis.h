/* analysis: runs ONE recording through the stages, in the one place that knows their order:
 * read -> condition (+ quality, + cadence spectrum) -> detect -> measure -> report. */
#ifndef GB_ANALYSIS_H
#define GB_ANALYSIS_H

#include "../condition/quality.h"
#include "../read/channel_map.h"
#include "../read/recording.h"

#define ANALYSIS_BRIDGE_GAP_MAX_S 0.5

/* frames per block at most: memory grows with it (a 64-channel block of this many frames holds
 * 512 MiB of samples) */
#define ANALYSIS_BLOCK_MAX 1048576

typedef struct analysis_config {
    const char *map_path; /* --map: one map for every input; NULL to look beside each recording */
    const struct manifest *manifest; /* --manifest: athlete and session per file; NULL for none */
    /* NAN: taken from the sensor preset (calibrated force or uncalibrated foot switch) */
    double lowpass_hz;
    double threshold_fraction;
    double hysteresis_fraction;
    double threshold_window_s;
    double segment_s;
    double spectrum_segment_s;
    double max_gap_s;
    /* runs of missing samples up to this long, and single ones, are bridged (gapfill.h); 0: none;
     * at most ANALYSIS_BRIDGE_GAP_MAX_S */
    double bridge_gap_s;
    long block_frames; /* 1 to ANALYSIS_BLOCK_MAX */
    /* 2: the input hash and the detectors run on threads beside the reading and conditioning;
     * 1: everything on the caller's thread; 0: 2 (batch_run chooses by the cores left over).
     * The numbers are the same. */
    int threads;
    const char *software_version;
    long long created_unix; /* report creation time (SOURCE_DATE_EPOCH when set) */
    gb_warner warner;
    /* handed to the report (report_meta.before_publish): the batch judges the session there */
    void (*before_publish)(void *ctx, const char *temporary_path, const char *report_path);
    void *publish_ctx;
} analysis_config;

void analysis_config_default(analysis_config *config);
/* GB_E_ARG when a setting lies outside its range (naming the option, the value and the range),
 * else 0; analysis_run checks them too. */
int analysis_check_settings(const analysis_config *config, gb_error *err);

typedef struct analysis_result {
    double duration_s, sample_rate_hz;
    long strides, valid_strides;
    double cadence_spm;
    double pushoff_impulse_si_pct, contact_time_si_pct;
    char activity[8];
    char status[160];
    char map_template[CHANNEL_MAP_TEMPLATE_MAX]; /* filled when the recording has no usable map */
} analysis_result;

int analysis_run(const analysis_config *config, const char *input_path, const char *report_path,
                 analysis_result *result, gb_error *err);

/* 1 when report_path already holds a report of this input's content, made by this version with
 * these settings and this channel map; 0 when it must be (re)made. The input's size and
 * modification time stand in for its content when both are unchanged; otherwise its SHA-256
 * decides. */
int analysis_report_is_current(const analysis_config *config, const char *input_path,
                               const char *report_path);

/* Seconds since any file of the recording at input_path last changed (its status time: a write,
 * or a rename into place), its channel map's file among them, by the clock now; from the input
 * path and the map alone when the recording cannot be opened (a file still arriving may not), and
 * NAN when no file can be read. A batch leaves a recording that changed too lately for the next
 * run (--settle). */
double analysis_input_quiet_s(const analysis_config *config, const char *input_path);

/* What `inspect` shows: format, rate, channels, per-channel quality over the whole file, the map.
 */
typedef struct analysis_inspection {
    recording_info info;
    int64_t frames_read;
    channel_quality quality[REC_MAX_CHANNELS];
    int64_t missing_samples; /* all channels, as read */
    int64_t bridged_samples; /* of those, what analyze bridges; 0 without a rate */
    int have_map;
    channel_map map;
    const char *sides_from; /* with a map: where the sides will come from (condition.h) */
    int finds_standing;     /* ... and whether the trunk pitch's standing reference is found */
    int has_trunk;          /* ... and whether a lower-back sensor reads the trunk (forward_axis) */
    char sensors[320];      /* ... and which sensor makes the strides, what the others do */
    /* ... and what analyze makes of the rows the device flags as clipped, when it reads them at
     * the limit (analysis_clipped_rows_effect; NULL otherwise) */
    const char *clipped_rows_effect;
    char map_template[CHANNEL_MAP_TEMPLATE_MAX];
} analysis_inspection;

int analysis_inspect(const analysis_config *config, const char *input_path,
                     analysis_inspection *out, gb_error *err);

/* What analyze makes of the rows a device flagged as at its range limit, read at it, for strides
 * from preset_name (a report's sensor_preset: "lower-back IMU", "foot gyroscope", ...), in words
 * for analyze's warning, inspect and show: "each step holding one gets no vertical oscillation,
 * ..."; NULL for sensors whose flagged rows stay gaps. */
const char *analysis_clipped_rows_effect(const char *preset_name);

#endif
