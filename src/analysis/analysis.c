#include "analysis.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/checksum.h"
#include "../common/session_time.h"
#include "../common/units.h"
#include "../condition/condition.h"
#include "../detect/detect.h"
#include "../dsp/gapfill.h"
#include "../dsp/spectrum.h"
#include "../measure/compare.h"
#include "../measure/measure.h"
#include "../read/manifest.h"
#include "../report/report.h"

#define STRIDE_BAND_LOW_HZ 0.3 /* stride frequency search band: slow walking to sprinting */
#define STRIDE_BAND_HIGH_HZ 2.5
/* a leg IMU's contact lends its foot distance or tibial shock to a contact this near it */
#define LEG_MATCH_S 0.25
/* a lower-back contact is the legs' of the same step when within this (a third of a running step;
 * their initial contacts differ by about 5 ms simulated, and the lower back's by 20-60 ms from
 * the reference on real walks) */
#define TRUNK_MATCH_S 0.1

/* Defaults by kind of sensor. Calibrated insoles: events where the force leaves and regains the
 * baseline (the simulator's truth is exact there). Force-sensitive foot switches: events at the
 * ends of the steep edges (detect.h), where published foot-switch events sit; these values were
 * chosen on PhysioNet gaitndd (README.md, Validation), so other foot-switch data may want other
 * ones. Foot gyroscopes: a light low-pass (50 Hz, chosen on the gaitmap example) keeps the
 * push-off peak sharp. */
typedef struct sensor_preset {
    const char *name;
    double lowpass_hz, threshold_fraction, hysteresis_fraction;
    int extrapolate_edges;
    double onset_slope_per_s, release_slope_per_s; /* foot switches: detect.h */
    int signal;         /* detect_signal: which detector reads the conditioned signal */
    double min_rate_hz; /* below this the events cannot be timed well enough */
} sensor_preset;

static const sensor_preset presets[] = {
    [SENSOR_FORCE_UNCALIBRATED] = {"uncalibrated foot switch", 30.0, 0.06, 0.05, 0, 3.0, 0.45,
                                   DETECT_FORCE, 20},
    [SENSOR_FORCE_CALIBRATED] = {"calibrated force", 20.0, 0.10, 0.05, 1, 0, 0, DETECT_FORCE, 40},
    [SENSOR_FOOT_GYRO] = {"foot gyroscope", 50.0, 0.10, 0.05, 0, 0, 0, DETECT_FOOT_GYRO, 50},
    [SENSOR_SACRUM_IMU] = {"lower-back IMU", 8.0, 0.10, 0.05, 0, 0, 0, DETECT_SACRUM, 20},
    [SENSOR_SHANK_IMU] = {"shank IMU", 50.0, 0.10, 0.05, 0, 0, 0, DETECT_SHANK, 100},
    /* the impact rises within 10-30 ms: 100 Hz gives it two or three samples */
    [SENSOR_SHANK_ACC] = {"shank accelerometer", 50.0, 0.10, 0.05, 0, 0, 0, DETECT_SHANK_IMPACT,
                          100},
};

/* Shank accelerometers alone time no final contacts, so flight and double support cannot tell a
 * run from a walk: without the map's activity, a run from this cadence up (steps/min; walks
 * rarely pass 140, runs rarely fall below 150) */
#define UNTIMED_RUN_CADENCE_SPM 145.0

/* A rate measured from a text file's time column carries its stamps' rounding (100 Hz read as
 * 99.9999999999 once rows are missing): a part in a million below the minimum is the minimum. */
static int too_slow(const recording_info *info, const sensor_preset *preset)
{
    return info->sample_rate_hz < preset->min_rate_hz * (1 - 1e-6);
}

static double or_default(double value, double fallback)
{
    return isnan(value) ? fallback : value;
}

void analysis_config_default(analysis_config *config)
{
    memset(config, 0, sizeof *config);
    config->lowpass_hz = NAN;
    config->threshold_fraction = NAN;
    config->hysteresis_fraction = NAN;
    config->threshold_window_s = 4.0;
    config->segment_s = 60.0;
    config->spectrum_segment_s = 10.0;
    config->max_gap_s = 1.0;
    config->bridge_gap_s = 0.05;
    config->block_frames = 4096;
    config->threads = 0;
    config->software_version = "unknown";
}

/* The settings' ranges, a table: beyond them a window, kernel or segment count would outgrow
 * memory or the integer it is counted in (a 1e-300 s segment: 2e301 segments). NaN takes the
 * preset's value where `preset_default` says so. */
static const struct {
    const char *option, *unit;
    size_t offset;
    double min, max;
    int preset_default;
    const char *why;
} setting_ranges[] = {
    {"--lowpass", " Hz", offsetof(analysis_config, lowpass_hz), 0.1, 1e6, 1, ""},
    {"--threshold", "", offsetof(analysis_config, threshold_fraction), 0, 1, 1, ""},
    {"--hysteresis", "", offsetof(analysis_config, hysteresis_fraction), 0, 1, 1, ""},
    {"--window", " s", offsetof(analysis_config, threshold_window_s), 0.01, 60, 0, ""},
    {"--segment", " s", offsetof(analysis_config, segment_s), 1, 7 * 86400, 0, ""},
    {"the spectrum's segment", " s", offsetof(analysis_config, spectrum_segment_s), 1, 600, 0, ""},
    {"--max-gap", " s", offsetof(analysis_config, max_gap_s), 0, 86400, 0, ""},
    {"--bridge-gap", " s", offsetof(analysis_config, bridge_gap_s), 0, ANALYSIS_BRIDGE_GAP_MAX_S, 0,
     " (a straight line over longer would stand in for steps)"},
};

int analysis_check_settings(const analysis_config *config, gb_error *err)
{
    if (!(config->block_frames >= 1 && config->block_frames <= ANALYSIS_BLOCK_MAX))
        return gb_error_set(err, GB_E_ARG, "block size %ld: give 1 to %d frames",
                            config->block_frames, ANALYSIS_BLOCK_MAX);
    for (size_t i = 0; i < sizeof setting_ranges / sizeof setting_ranges[0]; i++) {
        double value;
        memcpy(&value, (const char *)config + setting_ranges[i].offset, sizeof value);
        if (isnan(value) && setting_ranges[i].preset_default) continue;
        if (!(value >= setting_ranges[i].min && value <= setting_ranges[i].max))
            return gb_error_set(err, GB_E_ARG, "%s %g%s: give %g to %g%s%s",
                                setting_ranges[i].option, value, setting_ranges[i].unit,
                                setting_ranges[i].min, setting_ranges[i].max,
                                setting_ranges[i].unit, setting_ranges[i].why);
    }
    return 0;
}

/* Each channel's mean over frames[0..n) (NAN where it holds no number): a map template's guess
 * of an accelerometer's unit. */
static void channel_means(const double *frames, long n, int channels, double *means)
{
    for (int c = 0; c < channels; c++) {
        double sum = 0;
        long count = 0;
        for (long i = 0; i < n; i++)
            if (isfinite(frames[(size_t)i * channels + c]))
                sum += frames[(size_t)i * channels + c], count++;
        means[c] = count ? sum / (double)count : NAN;
    }
}

/* The template of a recording with no map (channel_map_template), from its first block's means:
 * the recording is read on, so only before it is given up. */
static void template_from_first_block(const analysis_config *config, recording *rec,
                                      const char *path, char *out, size_t size)
{
    const recording_info *info = recording_get_info(rec);
    double means[REC_MAX_CHANNELS];
    gb_error ignored = {0};
    double *frames = malloc((size_t)config->block_frames * (size_t)info->channels * sizeof *frames);
    long n = frames ? recording_read(rec, frames, config->block_frames, &ignored) : 0;
    if (n > 0) channel_means(frames, n, info->channels, means);
    channel_map_template(info, path, n > 0 ? means : NULL, out, size);
    free(frames);
}

/* Opens the recording with the map that applies to it (explicit, sidecar, folder, embedded,
 * WFDB descriptions). On a missing map, fills template and fails with GB_E_MAP. */
static recording *open_with_map(const analysis_config *config, const char *path, channel_map *map,
                                int *have_map, char *template_out, size_t template_size,
                                gb_error *err)
{
    int found = channel_map_find(path, config->map_path, map, &config->warner, err);
    if (found < 0) return NULL;
    recording_options options;
    recording_options_default(&options);
    options.max_gap_s = config->max_gap_s;
    if (found) {
        options.time_column = map->time_column;
        options.time_unit_s = map->time_unit_s;
        options.sample_rate_hz = map->sample_rate_hz;
    }
    options.rate_may_be_unknown = !found; /* without a map it fails below, with a template */
    recording *rec = recording_open(path, &options, err);
    if (!rec) return NULL;
    const recording_info *info = recording_get_info(rec);
    /* a device's own description (its start time as the session) gives way to a manifest */
    int device_said = 0;
    if (!found) {
        found = channel_map_from_recording(info, path, map, &config->warner, err);
        device_said = found > 0 && info->device[0];
    }
    /* a file that refuses to be read (a wrist-worn GENEActiv) is still shown by inspect */
    if (found < 0 && (template_out || err->code != GB_E_MAP)) goto fail;
    if (found < 0) {
        *have_map = 0;
        return rec;
    }
    *have_map = found;
    if (!found) {
        if (template_out) template_from_first_block(config, rec, path, template_out, template_size);
        char sidecar[1100];
        channel_map_sidecar_path(path, sidecar, sizeof sidecar);
        gb_error_set(err, GB_E_MAP,
                     "%s: no channel map says what each channel is: write one as %s (or "
                     "channels.json for the folder, or pass --map FILE); `gaitbatch inspect` "
                     "prints a template",
                     path, sidecar);
        if (template_out) goto fail;
        return rec; /* inspect shows a recording without a map */
    }
    if (map->sample_rate_hz > 0 && !info->rate_from_time_column &&
        fabs(map->sample_rate_hz - info->sample_rate_hz) > 1e-6 * info->sample_rate_hz &&
        strstr(info->format, "text") == NULL)
        gb_warn(&config->warner, "%s: the map says %g Hz, the file %g Hz; using the file's rate",
                path, map->sample_rate_hz, info->sample_rate_hz);
    if (info->unread_frames > 0)
        gb_warn(&config->warner,
                "%s: its sensors hold different numbers of samples: the recording ends with the "
                "shortest, and the last %lld samples (%.1f s) of the longest are not read; "
                "export the sensors synchronised to keep them",
                path, (long long)info->unread_frames,
                (double)info->unread_frames / info->sample_rate_hz);
    if (channel_map_check(map, info, path, err)) goto fail;
    const char *athlete, *session;
    if (manifest_lookup(config->manifest, path, &athlete, &session)) {
        if ((!map->athlete[0] || device_said) && athlete[0])
            snprintf(map->athlete, sizeof map->athlete, "%s", athlete);
        if ((!map->session[0] || device_said) && session[0])
            snprintf(map->session, sizeof map->session, "%s", session);
    }
    channel_map_identity_from_path(map, path);
    return rec;
fail:
    recording_close(rec);
    return NULL;
}

/* A tibial accelerometer's impacts are timed by their rise, below the range limit, and a shock
 * read at the limit is at least that high; as gaps, the rows its device flags as clipped would
 * drop each impact reaching the limit and make its strides invalid (a +-8 g GENEActiv at the ankle
 * clips most running shocks). A shank or shoe IMU times its events from its gyroscope, whose
 * values in such a row are sound, but as a gap the row dropped the contact beside it all the same
 * (kept since 0.21.0 for the shank: an AX6 at +-8 g on a running shank lost every stride; since
 * 0.22.0 for the shoe, whose foot_path leaves the swing holding the row out instead,
 * condition_note_clipped). A lower-back sensor times its contacts by the rises too, and since
 * 0.22.0 keeps them, its measures leaving out the trunk's travel and pitch over each step holding
 * one (measure_add_clipped): an AX3 at +-2 g running lost every stride. So every inertial sensor
 * keeps them; the files that flag rows hold no force sensors. Each row kept goes to on_clipped
 * (may be NULL). */
static void keep_clipped_for(recording *rec, const channel_map *map,
                             recording_clipped_fn on_clipped, void *context)
{
    int kind = condition_map_kind(map);
    if (condition_map_times_steps(map) && kind != SENSOR_FORCE_CALIBRATED &&
        kind != SENSOR_FORCE_UNCALIBRATED)
        recording_keep_clipped(rec, on_clipped, context);
}

/* Whether text gives a date and a time of day (session_time.h). */
static int dated_and_timed(const char *text)
{
    return isfinite(session_day(text)) && isfinite(session_clock_s(text));
}

/* The clock /days are cut by at midnight: the session when it gives a date and a time (the map's
 * or the manifest's word, or a device file's start), else the recording's own start (a WAV's
 * ICRD, a text file's first ISO date-time stamp), else none (days of 24 h from the start). */
static const char *days_clock(const recording_info *info, const channel_map *map)
{
    if (dated_and_timed(map->session)) return map->session;
    return dated_and_timed(info->start_time) ? info->start_time : "";
}

/* What identifies a report's inputs: the recording's bytes, and what else shaped the numbers. */
typedef struct identity {
    char input_sha256[65], settings_sha256[65];
    long long input_bytes, input_mtime_ns;
} identity;

/* The recording's SHA-256 on the caller's thread (a rerun's check; analysis_run starts the job on a
 * thread of its own instead). */
static int input_checksum(const recording_info *info, char hex[65], gb_error *err)
{
    checksum_job *job = checksum_job_start(info->files, info->file_count, 0, err);
    return job ? checksum_job_finish(job, hex, err) : err->code;
}

/* Size and newest modification time of the recording's files. */
static int input_stamp(const recording_info *info, identity *id, gb_error *err)
{
    id->input_bytes = id->input_mtime_ns = 0;
    for (int f = 0; f < info->file_count; f++) {
        struct stat st;
        if (stat(info->files[f], &st) != 0)
            return gb_error_set(err, GB_E_IO, "%s: cannot stat: %s", info->files[f],
                                strerror(errno));
        long long mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
        id->input_bytes += (long long)st.st_size;
        if (mtime > id->input_mtime_ns) id->input_mtime_ns = mtime;
    }
    return 0;
}

/* Settings as requested (block size left out: it never changes a result), the version and the map.
 */
static void settings_checksum(const analysis_config *config, const channel_map *map, char hex[65])
{
    char text[16384];
    int n = snprintf(text, sizeof text,
                     "gaitbatch %s\nlowpass_hz %.17g\nthreshold_fraction %.17g\n"
                     "hysteresis_fraction %.17g\nthreshold_window_s %.17g\nsegment_s %.17g\n"
                     "spectrum_segment_s %.17g\nmax_gap_s %.17g\nbridge_gap_s %.17g\nmap ",
                     config->software_version, config->lowpass_hz, config->threshold_fraction,
                     config->hysteresis_fraction, config->threshold_window_s, config->segment_s,
                     config->spectrum_segment_s, config->max_gap_s, config->bridge_gap_s);
    if (n > 0 && (size_t)n < sizeof text)
        channel_map_to_json(map, 0, text + n, sizeof text - (size_t)n);
    checksum_ctx ctx;
    checksum_init(&ctx);
    checksum_add_text(&ctx, text);
    checksum_hex(&ctx, hex);
}

int analysis_report_is_current(const analysis_config *config, const char *input_path,
                               const char *report_path)
{
    report_identity stored;
    gb_error err = {0};
    if (access(report_path, F_OK) != 0 || report_read_identity(report_path, &stored, &err) != 0)
        return 0;
    if (stored.schema_version != REPORT_SCHEMA_VERSION ||
        strcmp(stored.software_version, config->software_version) != 0)
        return 0;
    channel_map map;
    int have_map = 0;
    analysis_config silent = *config; /* warnings about the map come when it is analysed */
    silent.warner.fn = NULL;
    recording *rec = open_with_map(&silent, input_path, &map, &have_map, NULL, 0, &err);
    if (!rec) return 0;
    identity now;
    int current = have_map && input_stamp(recording_get_info(rec), &now, &err) == 0;
    if (current) {
        settings_checksum(config, &map, now.settings_sha256);
        current = strcmp(now.settings_sha256, stored.settings_sha256) == 0;
    }
    if (current &&
        (now.input_bytes != stored.input_bytes || now.input_mtime_ns != stored.input_mtime_ns))
        current = input_checksum(recording_get_info(rec), now.input_sha256, &err) == 0 &&
                  strcmp(now.input_sha256, stored.input_sha256) == 0;
    recording_close(rec);
    return current;
}

double analysis_input_quiet_s(const analysis_config *config, const char *input_path)
{
    analysis_config silent = *config;
    silent.warner.fn = NULL;
    channel_map map;
    int have_map = 0;
    gb_error err = {0};
    recording *rec = open_with_map(&silent, input_path, &map, &have_map, NULL, 0, &err);
    const recording_info *info = rec ? recording_get_info(rec) : NULL;
    char map_file[4096];
    int has_map_file = channel_map_file(input_path, config->map_path, map_file, sizeof map_file);
    double newest = -INFINITY;
    /* -2: its channel map's file, -1: the input path itself, then the recording's files */
    for (int f = -2; f < (info ? info->file_count : 0); f++) {
        const char *file = f == -2   ? (has_map_file ? map_file : NULL)
                           : f == -1 ? input_path
                                     : info->files[f];
        struct stat st;
        if (file && stat(file, &st) == 0)
            newest = fmax(newest, (double)st.st_ctim.tv_sec + 1e-9 * (double)st.st_ctim.tv_nsec);
    }
    recording_close(rec);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return isfinite(newest) ? (double)now.tv_sec + 1e-9 * (double)now.tv_nsec - newest : NAN;
}

static void describe_roles(const channel_map *map, const recording_info *info, char roles[][48],
                           const char *pointers[])
{
    for (int c = 0; c < info->channels; c++) {
        snprintf(roles[c], 48, "unused");
        pointers[c] = roles[c];
    }
    for (int i = 0; i < map->role_count; i++)
        if (map->roles[i].quantity != QUANTITY_IGNORE)
            channel_role_describe(&map->roles[i], roles[map->roles[i].index], 48);
}

/* Accelerometers and gyroscopes saturate at both ends of their range. */
static void mark_two_sided(quality *checks, const channel_map *map)
{
    for (int i = 0; map && i < map->role_count; i++)
        if (map->roles[i].quantity == QUANTITY_ACCELERATION ||
            map->roles[i].quantity == QUANTITY_ANGULAR_VELOCITY)
            quality_set_two_sided(checks, map->roles[i].index);
}

#define CLIPPING_WARN_PCT 0.1 /* a sensor at its range limit this often has its peaks cut */
/* a foot or shank gyroscope that never turned faster saw no swing: a walking leg's swings reach
 * 200 deg/s and more (the simulator's 300-800, gaitmap's shoes 400-600), and in rad/s mapped as
 * deg/s they read 3-14 */
#define LEG_SWING_MIN_DPS 40.0
/* MEMS gyroscopes end at +-2000 to +-4000 deg/s; a walking foot's 400 deg/s recorded in deg/s
 * and mapped as rad/s reads 23,000 */
#define LEG_RATE_MAX_DPS 6000.0
#define STATUS_MISSING_PCT 1.0 /* a recording with no strides says so when this much is missing */

/* The share of the mapped channels' samples left missing after bridging, %: a gap drops the
 * contacts beside it. */
static double share_left_missing(const channel_map *map, const recording_info *info,
                                 const channel_quality *checks, const gapfill *bridge)
{
    double missing = 0, samples = 0;
    for (int i = 0; i < map->role_count; i++) {
        int c = map->roles[i].index;
        if (map->roles[i].quantity == QUANTITY_IGNORE || c < 0 || c >= info->channels) continue;
        missing += (double)(checks[c].gap_samples - gapfill_bridged_in(bridge, c));
        samples += (double)checks[c].samples;
    }
    return samples > 0 ? 100.0 * missing / samples : 0;
}

/* The report's status: "ok", or why no valid stride came out, with the share of the samples left
 * missing when that is why (measure.h: a stride across a gap is not valid), or the leg
 * gyroscopes' peak rate (deg/s; NAN without them) when no swing reached LEG_SWING_MIN_DPS. */
static void status_of(const measure_result *measured, double missing_pct, double leg_rate_dps,
                      const sensor_preset *preset, char *out, size_t size)
{
    char reason[32] = "";
    int gaps = missing_pct >= STATUS_MISSING_PCT;
    if (measured->valid_strides > 0)
        snprintf(out, size, "ok");
    else if (measured->steps > 0 && gaps)
        snprintf(out, size,
                 "no valid stride: %ld contacts found, but %.0f %% of the samples are missing "
                 "(gaps beyond --bridge-gap), and a stride across a gap is not valid",
                 measured->steps, missing_pct);
    else if (measured->steps > 0 &&
             measure_commonest_invalid_reason(measured, reason, sizeof reason) == 0 &&
             strcmp(reason, MEASURE_TRUNK_STILL) == 0)
        snprintf(out, size,
                 "no gait: %ld contacts, but the trunk rose under %.1f cm a step "
                 "(walking: 2-5 cm): a vehicle's vibration or pedalling?",
                 measured->steps, 100 * MEASURE_GAIT_TRAVEL_MIN_M);
    else if (measured->steps > 0 && reason[0]) /* the commonest reason, found just above */
        snprintf(out, size,
                 "no valid stride: %ld contacts found, but none of the %ld strides they make is "
                 "valid (most: %s)",
                 measured->steps, measured->stride_count, reason);
    else if (gaps)
        snprintf(out, size,
                 "no steps detected (%ld contacts found): %.0f %% of the samples are missing (gaps "
                 "beyond --bridge-gap), and the contacts beside a gap are left out",
                 measured->steps, missing_pct);
    else if (leg_rate_dps < LEG_SWING_MIN_DPS)
        snprintf(out, size,
                 "no steps detected (%ld contacts found): the %s's pitch rate peaks at %.1f "
                 "deg/s (a walking leg: 200+): is the athlete still, or is it in rad/s?",
                 measured->steps, preset->name, leg_rate_dps);
    else
        snprintf(out, size,
                 "no steps detected (%ld contacts found): is the athlete moving (sitting or "
                 "standing gives none), and are the %s channels mapped right?",
                 measured->steps, preset->signal == DETECT_FORCE ? "force" : preset->name);
}

#define FEW_VALID_STRIDES_MIN 20 /* so many strides, under a tenth of them valid: a warning */

/* A summary from a few valid strides among many invalid ones: the status is "ok", but the
 * cadence, activity and asymmetries rest on strays (shank IMUs pedalling: 1 of 33, read as a run at
 * 155 steps/min). Real and sample recordings keep half or more of their strides. */
static void warn_few_valid(const analysis_config *config, const char *input_path,
                           const measure_result *measured)
{
    char reason[32];
    if (measured->valid_strides > 0 && measured->stride_count >= FEW_VALID_STRIDES_MIN &&
        10 * measured->valid_strides < measured->stride_count &&
        measure_commonest_invalid_reason(measured, reason, sizeof reason) == 0)
        gb_warn(&config->warner,
                "%s: only %ld of the %ld strides %s valid (most: %s): the cadence and every "
                "summary rest on so few",
                input_path, measured->valid_strides, measured->stride_count,
                measured->valid_strides == 1 ? "is" : "are", reason);
}

/* What the analysis makes of the rows a device flagged as clipped, read at the limit, by the
 * detector that times the steps (keep_clipped_for); force sensors keep them as gaps. */
static const char tibial_shocks_clipped[] = "each tibial shock among them is at least the limit, "
                                            "its true height unknown (tibial_shock_clipped_s in "
                                            "/strides marks them)";
static const struct {
    int signal;
    const char *effect;
} clipped_effects[] = {
    {DETECT_FOOT_GYRO, "the gyroscope times the contacts beside them, but each swing holding one "
                       "gets no stride length (its integration would run through the limit)"},
    {DETECT_SACRUM, "contacts are timed by the rises below the limit, but each step holding one "
                    "gets no vertical oscillation, step length or trunk pitch (a peak cut at the "
                    "limit would read as less travel)"},
    {DETECT_SHANK, tibial_shocks_clipped},
    {DETECT_SHANK_IMPACT, tibial_shocks_clipped},
};

static const char *clipped_effect(const sensor_preset *preset)
{
    for (size_t i = 0; i < sizeof clipped_effects / sizeof clipped_effects[0]; i++)
        if (clipped_effects[i].signal == preset->signal) return clipped_effects[i].effect;
    return NULL;
}

const char *analysis_clipped_rows_effect(const char *preset_name)
{
    for (size_t k = 0; k < sizeof presets / sizeof presets[0]; k++)
        if (presets[k].name && strcmp(presets[k].name, preset_name) == 0)
            return clipped_effect(&presets[k]);
    return NULL;
}

static void warn_clipping(const analysis_config *config, const char *input_path,
                          const sensor_preset *preset, const recording_info *info,
                          const channel_quality *checks, const char *const *roles)
{
    const char *effect = clipped_effect(preset);
    if (info->clipped_kept && info->clipped_rows > 0 && effect) { /* the device's flags say more */
        double rows = info->channels > 0 ? (double)checks[0].samples : 0;
        gb_warn(&config->warner,
                "%s: %lld samples (%.2f %%) reach the device's range limit and are read at it: "
                "%s; a sensor set to a wider range reads them",
                input_path, (long long)info->clipped_rows,
                rows > 0 ? 100.0 * (double)info->clipped_rows / rows : 0, effect);
        return;
    }
    for (int c = 0; c < info->channels; c++) {
        if (checks[c].clipping_pct < CLIPPING_WARN_PCT) continue;
        /* a shoe IMU's axis ("left foot acceleration x"): foot_path leaves its swings out */
        int shoe = strstr(roles[c], "foot acceleration") || strstr(roles[c], "foot angular");
        gb_warn(&config->warner,
                "%s: channel %d (%s) sits at its range limit for %.1f %% of samples: the sensor "
                "saturates, so %s",
                input_path, c, roles[c], checks[c].clipping_pct,
                shoe ? "its swings that reach the limit get no stride length"
                     : "peaks there (force, tibial shock) read low");
    }
}

/* A shank or foot gyroscope's pitch rate swings furthest in the positive direction (mid-swing
 * rotation of the leg: about +400 deg/s in our shank model against -300 dips, +590..630 deg/s on
 * the gaitmap feet against -380: 1.33 and 1.6 times as far). When its most negative value is
 * GYRO_POLARITY_MARGIN times the largest, the sensor is likely mounted the other way round and the
 * events will be wrong: say so, with the fix. The margin keeps a recording whose extremes are
 * about even from being warned about for one stride's swing (the simulator's 10 min walk:
 * -609 against +551). */
#define GYRO_POLARITY_MARGIN 1.2
static void warn_gyro_polarity(const analysis_config *config, const char *input_path,
                               const channel_map *map, const channel_quality *checks,
                               const char *const *roles)
{
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *r = &map->roles[i];
        int leg = r->placement == PLACEMENT_SHANK || r->placement == PLACEMENT_FOOT;
        if (r->quantity != QUANTITY_ANGULAR_VELOCITY || !leg || r->axis != map->pitch_axis)
            continue;
        const channel_quality *q = &checks[r->index];
        double a = q->minimum * r->scale + r->offset, b = q->maximum * r->scale + r->offset;
        double lowest = fmin(a, b), highest = fmax(a, b); /* as the map reads it */
        if (highest > 0 && -lowest > GYRO_POLARITY_MARGIN * highest)
            gb_warn(&config->warner,
                    "%s: channel %d (%s) swings further negative (%.0f) than positive (%.0f) as "
                    "mapped: a leg gyroscope mounted the other way round gives wrong events; if "
                    "so, reverse its \"scale\" in the map",
                    input_path, r->index, roles[r->index], lowest, highest);
    }
}

/* A leg gyroscope that turned faster than any does (peak: condition_leg_pitch_rate_peak, deg/s as
 * the map reads them): recorded in deg/s, its map says rad/s. The events keep their times (the
 * detectors' thresholds follow the signal), but a shoe's path turns 57 times too fast (a simulated
 * walk's stride length read 0.35 m for 1.40, 127 of 165 swings left out). A warning rather than a
 * refusal, since one wild sample in a file of the right unit would reach it too. */
static void warn_gyro_units(const analysis_config *config, const char *input_path, double peak)
{
    if (peak > LEG_RATE_MAX_DPS)
        gb_warn(&config->warner,
                "%s: the leg gyroscopes' pitch rate reaches %.0f deg/s as mapped, beyond what "
                "gyroscopes measure (a sprinting foot turns at about 2000): recorded in deg/s "
                "while the map says \"rad/s\"? The events keep their times, but the shoes' stride "
                "lengths would be wrong",
                input_path, peak);
}

#define UNSTILL_WARN_SWINGS 10 /* so many swings at least, most of them unstill, give a warning */

/* Shoe IMUs whose foot never stood still in most of their swings (foot_path_unstill): the
 * gyroscope's rhythm gave contacts, but a foot on the ground stands still in each stance, and
 * these did not. Pedalling a bicycle reads as running (simulated: 317 valid strides at 160
 * steps/min); a warning, not a refusal, since the foot paths' brief stances are set on simulated
 * running only (foot_path.h) and a real run they miss would look the same. */
static void warn_unstill_feet(const analysis_config *config, const char *input_path, long swings,
                              long left_out, long unstill)
{
    if (unstill >= UNSTILL_WARN_SWINGS && 2 * unstill > swings + left_out)
        gb_warn(&config->warner,
                "%s: the foot never stood still between %ld of the shoes' %ld swings (no stance "
                "for their paths): is the athlete pedalling a bicycle, or is a shoe off the foot? "
                "The contacts come from the gyroscopes' rhythm alone and may be no steps",
                input_path, unstill, swings + left_out);
}

/* One sensor kind's stages, conditioning to measures. A recording runs one chain, or two when an
 * inertial sensor was worn beside insoles: the companion chain's events are set beside the
 * pressure events (compare.h); or three when a lower-back sensor was worn beside both insoles and
 * leg IMUs: the trunk chain gives the strides their trunk pitch and travel; or four when shank
 * IMUs were worn beside insoles and shoe IMUs too: the shank chain gives the tibial shock. */
/* Blocks conditioned but not yet detected: the two halves of the block loop may run on two
 * threads (stream). */
#define HANDOFF_SLOTS 8

typedef struct chain {
    const sensor_preset *preset;
    condition *cond;
    spectrum *cadence;
    detect *detector;
    measure *measures;
    double *conditioned[HANDOFF_SLOTS];   /* conditioned blocks on their way to the detector */
    condition_tick *ticks[HANDOFF_SLOTS]; /* and their ticks (condition.h), tick_count[] each */
    long tick_count[HANDOFF_SLOTS];
    double *spectrum_input;
    int spectrum_signal;
    /* each side's (left, right) signal slot whose runs of missing samples go to the measures
     * (-1: none), and where such a run began (note_gaps) */
    int gap_slot[2], in_gap[2];
    long gap_start[2], frames_fed;
    /* a sacrum sensor sees every step, so its dominant frequency is the step frequency: 2 peaks
     * per stride (1 for sensors on one foot or leg) */
    double peaks_per_stride;
    double analysis_rate_hz;
    /* per channel, the sides whose signals it feeds (bit 0 left, 1 right), for the runs bridged */
    unsigned char bridge_sides[REC_MAX_CHANNELS];
} chain;

typedef struct pipeline {
    recording *rec;
    quality *checks;
    gapfill *bridge; /* between the quality checks, which see the gaps, and conditioning */
    double *raw;     /* a block and the frames the bridge may hold back */
    chain main, companion, trunk, shank;
    int has_companion, has_trunk, has_shank;
    double sample_rate_hz;
} pipeline;

#define CHAINS 4

/* The chains a recording runs, by number (0 main, 1 companion, 2 trunk, 3 shank); NULL for one
 * it does not run. */
static chain *chain_at(pipeline *p, int k)
{
    return k == 0   ? &p->main
           : k == 1 ? (p->has_companion ? &p->companion : NULL)
           : k == 2 ? (p->has_trunk ? &p->trunk : NULL)
                    : (p->has_shank ? &p->shank : NULL);
}

/* Each chain after the main one is set beside it as the report's comparison k - 1
 * (report_comparison_prefixes: imu, trunk, shank). */
_Static_assert(CHAINS - 1 == REPORT_COMPARISONS, "one report comparison per chain beside the main");

static void chain_free(chain *c)
{
    condition_destroy(c->cond);
    spectrum_destroy(c->cadence);
    detect_destroy(c->detector);
    measure_destroy(c->measures);
    for (int k = 0; k < HANDOFF_SLOTS; k++) {
        free(c->conditioned[k]);
        free(c->ticks[k]);
    }
    free(c->spectrum_input);
}

static void pipeline_free(pipeline *p)
{
    recording_close(p->rec);
    quality_destroy(p->checks);
    gapfill_destroy(p->bridge);
    chain_free(&p->main);
    chain_free(&p->companion);
    chain_free(&p->trunk);
    chain_free(&p->shank);
    free(p->raw);
}

/* A run of missing samples of side k's signal, ended at frame `end`, to the measures (to both
 * sides when they share the signal). */
static void add_gap(chain *c, int k, int shared, long end)
{
    double start_s = (double)c->gap_start[k] / c->analysis_rate_hz;
    double end_s = (double)end / c->analysis_rate_hz;
    measure_add_gap(c->measures, k ? SIDE_RIGHT : SIDE_LEFT, start_s, end_s);
    if (shared) measure_add_gap(c->measures, SIDE_RIGHT, start_s, end_s); /* k is 0 then */
}

/* Runs of missing samples in each side's signal, once they end, go to the measures: a stride
 * across one is invalid (measure_add_gap). At the end (n < 0) a run still open ends there. */
static void note_gaps(chain *c, const double *conditioned, long n)
{
    /* a lower-back sensor's one signal serves both sides: scanned once, its gaps go to both */
    int shared = c->gap_slot[0] == c->gap_slot[1];
    for (int k = 0; k < 2 - shared; k++) {
        int slot = c->gap_slot[k];
        for (long i = 0; slot >= 0 && i < n; i++) {
            int missing = isnan(conditioned[(size_t)i * COND_SIGNALS + slot]) != 0;
            if (missing == c->in_gap[k]) continue;
            long frame = c->frames_fed + i;
            if (!missing) add_gap(c, k, shared, frame);
            c->gap_start[k] = frame;
            c->in_gap[k] = missing;
        }
        if (n < 0 && c->in_gap[k]) add_gap(c, k, shared, c->frames_fed);
    }
    if (n > 0) c->frames_fed += n;
}

/* A run of a channel's samples bridged (gapfill_on_run), to the measures of the sides it serves,
 * so each stride says how much of it was drawn in. On the conditioning thread: the measures keep
 * these apart from the contacts the detector's thread adds (measure_add_bridge). */
static void note_bridged_run(void *pipeline_object, int channel, int64_t first_frame,
                             int64_t end_frame)
{
    pipeline *p = pipeline_object;
    double start_s = (double)first_frame / p->sample_rate_hz;
    double end_s = (double)end_frame / p->sample_rate_hz;
    chain *chains[2] = {&p->main, p->has_companion ? &p->companion : NULL};
    for (int k = 0; k < 2; k++)
        for (int side = 0; chains[k] && chains[k]->measures && side < 2; side++)
            if (chains[k]->bridge_sides[channel] & (1u << side))
                measure_add_bridge(chains[k]->measures, side ? SIDE_RIGHT : SIDE_LEFT, start_s,
                                   end_s);
}

/* A row its device flagged as at its range limit, kept (recording_keep_clipped): to each chain's
 * conditioning, whose foot paths leave the swing holding it out, and for shank and lower-back
 * sensors to the measures of every side its channels feed (the files that flag rows hold one
 * device: one leg, or the trunk's two sides), so that each stride whose shock it holds says so and
 * each step whose trunk travel it holds has none. On the reading thread, which conditions too (as
 * note_bridged_run). */
static void note_clipped_row(void *pipeline_object, int64_t row)
{
    pipeline *p = pipeline_object;
    const int channels = recording_get_info(p->rec)->channels;
    double start_s = (double)row / p->sample_rate_hz, end_s = (double)(row + 1) / p->sample_rate_hz;
    for (int k = 0; k < CHAINS; k++) {
        chain *c = chain_at(p, k);
        if (!c) continue;
        condition_note_clipped(c->cond, row);
        if (c->preset->signal == DETECT_FOOT_GYRO || !c->measures) continue;
        unsigned sides = 0;
        for (int channel = 0; channel < channels && channel < REC_MAX_CHANNELS; channel++)
            sides |= c->bridge_sides[channel];
        for (int side = 0; side < 2; side++)
            if (sides & (1u << side))
                measure_add_clipped(c->measures, side ? SIDE_RIGHT : SIDE_LEFT, start_s, end_s);
    }
}

/* Which sides of a chain reading sensors of `kind` each channel feeds: force channels the
 * insoles', inertial ones the chain for their placement; its sensor's side, or both for a
 * lower-back sensor (whose channels the map gives a side too). */
static void map_bridge_sides(chain *c, int kind, const channel_map *map, int channels)
{
    static const int placement_of[] = {[SENSOR_FOOT_GYRO] = PLACEMENT_FOOT,
                                       [SENSOR_SACRUM_IMU] = PLACEMENT_SACRUM,
                                       [SENSOR_SHANK_IMU] = PLACEMENT_SHANK,
                                       [SENSOR_SHANK_ACC] = PLACEMENT_SHANK};
    int force = kind == SENSOR_FORCE_CALIBRATED || kind == SENSOR_FORCE_UNCALIBRATED;
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *role = &map->roles[i];
        if (role->index < 0 || role->index >= channels) continue;
        int inertial =
            role->quantity == QUANTITY_ACCELERATION || role->quantity == QUANTITY_ANGULAR_VELOCITY;
        int feeds = force ? role->quantity == QUANTITY_FORCE || role->quantity == QUANTITY_PRESSURE
                          : inertial && role->placement == placement_of[kind];
        if (feeds)
            c->bridge_sides[role->index] |= kind == SENSOR_SACRUM_IMU  ? 3u
                                            : role->side == SIDE_RIGHT ? 2u
                                                                       : 1u;
    }
}

/* Conditioned frames go to the cadence spectrum first, so that every estimate the detector asks
 * for at sample j was made from samples up to j only, whatever the block size. */
static void feed(chain *c, long slot, long n)
{
    const double *conditioned = c->conditioned[slot];
    detect_add_ticks(c->detector, c->ticks[slot], c->tick_count[slot]);
    note_gaps(c, conditioned, n);
    for (long i = 0; i < n; i++)
        c->spectrum_input[i] = conditioned[(size_t)i * COND_SIGNALS + c->spectrum_signal];
    spectrum_process(c->cadence, c->spectrum_input, n);
    detect_process(c->detector, conditioned, n);
}

/* The stride frequency at a sample, for the detector's windows and plausibility limits. */
static double stride_hz_at(void *chain_object, long index)
{
    const chain *c = chain_object;
    return spectrum_dominant_at(c->cadence, index) / c->peaks_per_stride;
}

static double stride_hz_overall(const chain *c)
{
    return spectrum_dominant_overall(c->cadence) / c->peaks_per_stride;
}

/* Detection runs at >= 200 Hz and >= 5x the low-pass cutoff: edges are interpolated between
 * samples, so a 1 kHz insole gains nothing from being analysed at 1 kHz but costs 5x. */
#define ANALYSIS_RATE_MIN_HZ 200.0

static int decimation_for(double sample_rate_hz, double lowpass_hz)
{
    double floor_hz = fmax(ANALYSIS_RATE_MIN_HZ, 5.0 * lowpass_hz);
    int m = (int)floor(sample_rate_hz / floor_hz);
    return m < 1 ? 1 : m;
}

/* The longest run of missing samples bridged: bridge_gap_s at the recording's rate, and at least
 * one sample (a logger's lone dropout) unless bridging is off. */
static long bridged_run(const analysis_config *config, const recording_info *info)
{
    if (!(config->bridge_gap_s > 0)) return 0;
    long run = (long)floor(config->bridge_gap_s * info->sample_rate_hz + 1e-9);
    return run < 1 ? 1 : run;
}

/* The unit of a chain's force columns: its force sensors' own (newtons, or an uncalibrated
 * insole's unit), or newtons, as the columns are named, for inertial sensors, whose force columns
 * stay NaN (before 0.9.1 they carried the signal's unit, g or deg/s). */
static const char *force_unit(const chain *c)
{
    if (c->preset->signal != DETECT_FORCE) return "N";
    const condition_foot *foot = condition_get_foot(c->cond, SIDE_LEFT);
    return foot->present ? foot->unit : condition_get_foot(c->cond, SIDE_RIGHT)->unit;
}

/* The stages for sensors of `kind`, with config's (resolved) low-pass and thresholds. */
static int build_chain(const analysis_config *config, int kind, chain *c, const channel_map *map,
                       const recording_info *info, long frames_held, gb_error *err)
{
    c->preset = &presets[kind];
    map_bridge_sides(c, kind, map, info->channels);
    long block = config->block_frames + frames_held;
    condition_config cc = {config->lowpass_hz, block,
                           decimation_for(info->sample_rate_hz, config->lowpass_hz), kind};
    double analysis_rate = info->sample_rate_hz / cc.decimation;
    c->analysis_rate_hz = analysis_rate;
    c->cond = condition_create(map, info, &cc, err);
    c->peaks_per_stride = c->preset->signal == DETECT_SACRUM ? 2.0 : 1.0;
    c->cadence = spectrum_create(analysis_rate, config->spectrum_segment_s,
                                 STRIDE_BAND_LOW_HZ * c->peaks_per_stride,
                                 STRIDE_BAND_HIGH_HZ * c->peaks_per_stride, err);
    if (!c->cond || !c->cadence) return err->code;
    long room = block + condition_delay(c->cond) + 1;
    long ticks = condition_ticks_max(c->cond);
    for (int k = 0; k < HANDOFF_SLOTS; k++)
        if (!(c->conditioned[k] = gb_calloc((size_t)room * COND_SIGNALS, sizeof(double), err)) ||
            (ticks > 0 && !(c->ticks[k] = gb_calloc((size_t)ticks, sizeof *c->ticks[k], err))))
            return err->code;
    c->spectrum_input = gb_calloc((size_t)room, sizeof(double), err);
    if (!c->spectrum_input) return err->code;
    const condition_foot *left = condition_get_foot(c->cond, SIDE_LEFT);
    const condition_foot *right = condition_get_foot(c->cond, SIDE_RIGHT);
    c->spectrum_signal = left->present ? COND_LEFT_TOTAL : COND_RIGHT_TOTAL;
    /* a side without a signal of its own (a lower-back sensor's steps) goes by the other's */
    c->gap_slot[0] = left->present ? COND_LEFT_TOTAL : right->present ? COND_RIGHT_TOTAL : -1;
    c->gap_slot[1] = right->present ? COND_RIGHT_TOTAL : left->present ? COND_LEFT_TOTAL : -1;

    measure_config mc = {.segment_s = config->segment_s,
                         .body_mass_kg = map->body_mass_kg,
                         .leg_length_m = map->leg_length_m,
                         .sensor_height_m = map->sensor_height_m,
                         .speed_m_per_s = map->speed_m_per_s,
                         .stride_length_m = map->stride_length_m,
                         .force_is_newton = left->present ? left->is_newton : right->is_newton,
                         .threads = config->threads == 1 ? 1 : 2,
                         .steps_alternate = c->preset->signal == DETECT_SACRUM};
    snprintf(mc.force_unit, sizeof mc.force_unit, "%s", force_unit(c));
    /* leg sensors: a shank accelerometer alone never times final contacts, and a single leg's
     * shank or shoe IMU has no other foot to time flight or double support against */
    int signal = c->preset->signal;
    if (signal == DETECT_SHANK_IMPACT || signal == DETECT_SHANK || signal == DETECT_FOOT_GYRO) {
        mc.untimed_run_cadence_spm = UNTIMED_RUN_CADENCE_SPM;
        snprintf(mc.declared_activity, sizeof mc.declared_activity, "%.7s", map->activity);
    }
    mc.duration_s = info->frames > 0 ? (double)info->frames / info->sample_rate_hz : 0;
    const char *clock = days_clock(info, map);
    mc.clock_known = clock[0] != '\0';
    mc.start_day = mc.clock_known ? (long)session_day(clock) : 0;
    mc.start_clock_s = mc.clock_known ? session_clock_s(clock) : NAN;
    c->measures = measure_create(&mc, err);
    if (!c->measures) return err->code;

    detect_config dc;
    detect_config_default(&dc, analysis_rate);
    dc.window_s = config->threshold_window_s;
    dc.threshold_fraction = config->threshold_fraction;
    dc.hysteresis_fraction = config->hysteresis_fraction;
    dc.extrapolate_edges = c->preset->extrapolate_edges;
    dc.onset_slope_per_s = c->preset->onset_slope_per_s;
    dc.release_slope_per_s = c->preset->release_slope_per_s;
    dc.signal = c->preset->signal;
    dc.learn_forward = dc.signal == DETECT_SACRUM && map->forward_axis < 0;
    dc.check_forward = dc.signal == DETECT_SACRUM && map->forward_axis >= 0;
    dc.max_block = room;
    dc.present[SIDE_LEFT] = left->present;
    dc.present[SIDE_RIGHT] = right->present;
    dc.has_heel[SIDE_LEFT] = left->has_heel;
    dc.has_heel[SIDE_RIGHT] = right->has_heel;
    dc.stride_hz_at = stride_hz_at;
    dc.stride_ctx = c;
    dc.on_contact = measure_on_contact;
    dc.contact_ctx = c->measures;
    c->detector = detect_create(&dc, err);
    return c->detector ? 0 : err->code;
}

/* A chain beside the main one, with its own preset (the command line's low-pass and thresholds
 * are the main sensor's); none, with a warning, when the rate is too slow for it. Returns whether
 * it was built in *built. */
static int build_beside(const analysis_config *config, int kind, chain *c, const channel_map *map,
                        const recording_info *info, long held, const char *input_path, int *built,
                        gb_error *err)
{
    const sensor_preset *preset = &presets[kind];
    *built = 0;
    if (too_slow(info, preset)) {
        gb_warn(&config->warner,
                "%s: %g Hz is too slow for the %s (%g Hz needed): its events are left out",
                input_path, info->sample_rate_hz, preset->name, preset->min_rate_hz);
        return 0;
    }
    analysis_config own = *config;
    own.lowpass_hz = preset->lowpass_hz;
    own.threshold_fraction = preset->threshold_fraction;
    own.hysteresis_fraction = preset->hysteresis_fraction;
    *built = 1;
    return build_chain(&own, kind, c, map, info, held, err);
}

/* The main chain; the companion's when an inertial sensor sits beside force sensors (or a
 * lower-back one beside leg IMUs); and the trunk's when a lower-back one sits beside both. */
static int build_pipeline(const analysis_config *config, int kind, pipeline *p,
                          const channel_map *map, const char *input_path, gb_error *err)
{
    const recording_info *info = recording_get_info(p->rec);
    p->checks = quality_create(info->channels, info->sample_rate_hz, err);
    p->bridge = gapfill_create(info->channels, bridged_run(config, info), err);
    if (!p->checks || !p->bridge) return err->code;
    p->sample_rate_hz = info->sample_rate_hz;
    gapfill_on_run(p->bridge, note_bridged_run, p);
    long held = gapfill_held_max(p->bridge);
    p->raw = gb_calloc((size_t)(config->block_frames + held) * info->channels, sizeof(double), err);
    if (!p->raw) return err->code;
    mark_two_sided(p->checks, map);
    int rc = build_chain(config, kind, &p->main, map, info, held, err);
    const char *unread = condition_unread_sensor(map);
    if (unread) /* since 0.12.0 only shank gyroscopes that turn about no pitch_axis */
        gb_warn(&config->warner, "%s: the map's %s channels are not read", input_path, unread);
    int companion = condition_companion_kind(map), trunk = condition_trunk_kind(map),
        shank = condition_shank_kind(map);
    if (rc == 0 && companion >= 0)
        rc = build_beside(config, companion, &p->companion, map, info, held, input_path,
                          &p->has_companion, err);
    if (rc == 0 && trunk >= 0)
        rc =
            build_beside(config, trunk, &p->trunk, map, info, held, input_path, &p->has_trunk, err);
    if (rc == 0 && shank >= 0)
        rc =
            build_beside(config, shank, &p->shank, map, info, held, input_path, &p->has_shank, err);
    return rc;
}

/* The block loop in two halves: reading, quality statistics and conditioning (condition_half),
 * then the cadence spectrum and the detectors (detect_half). With a second thread the halves run
 * side by side, up to HANDOFF_SLOTS blocks apart; each still takes every block in order, so the
 * numbers are those of one thread. A waiting half is woken only once HANDOFF_WAKE blocks are free
 * (or ready): waking it for each block cost more than the blocks on this 2-core VM. */
#define HANDOFF_WAKE (HANDOFF_SLOTS / 2)

typedef struct handoff {
    pipeline *p;
    pthread_mutex_t lock;
    pthread_cond_t ready, free; /* blocks to detect; slots to fill */
    int threaded;               /* 0: one thread; each block is detected as soon as it is made */
    long produced, consumed;    /* blocks */
    int finished;               /* no more blocks will come */
    int detector_waits, conditioner_waits;
    long frames[HANDOFF_SLOTS][CHAINS]; /* conditioned frames of each chain in each slot */
} handoff;

static void detect_block(pipeline *p, const handoff *h, long slot)
{
    for (int k = 0; k < CHAINS; k++) {
        chain *c = chain_at(p, k);
        if (c) feed(c, slot, h->frames[slot][k]);
    }
}

static void *detect_half(void *arg)
{
    handoff *h = arg;
    for (;;) {
        pthread_mutex_lock(&h->lock);
        while (h->consumed == h->produced && !h->finished) {
            h->detector_waits = 1;
            pthread_cond_wait(&h->ready, &h->lock);
            h->detector_waits = 0;
        }
        int empty = h->consumed == h->produced;
        long slot = h->consumed % HANDOFF_SLOTS;
        pthread_mutex_unlock(&h->lock);
        if (empty) return NULL;
        detect_block(h->p, h, slot);
        pthread_mutex_lock(&h->lock);
        h->consumed++;
        if (h->conditioner_waits && h->produced - h->consumed <= HANDOFF_SLOTS - HANDOFF_WAKE)
            pthread_cond_signal(&h->free);
        pthread_mutex_unlock(&h->lock);
    }
}

/* A free slot for the next conditioned block (waits while the detector is HANDOFF_SLOTS behind).
 * Single-threaded, slot 0 is always free: its block is detected before the next is made. */
static long claim_slot(handoff *h)
{
    if (!h->threaded) return 0;
    pthread_mutex_lock(&h->lock);
    while (h->produced - h->consumed == HANDOFF_SLOTS) {
        h->conditioner_waits = 1;
        pthread_cond_wait(&h->free, &h->lock);
        h->conditioner_waits = 0;
    }
    long slot = h->produced % HANDOFF_SLOTS;
    pthread_mutex_unlock(&h->lock);
    return slot;
}

/* No more blocks: the detector finishes those it has (last block, or a read error). */
static void finish_handoff(handoff *h)
{
    pthread_mutex_lock(&h->lock);
    h->finished = 1;
    pthread_cond_signal(&h->ready);
    pthread_mutex_unlock(&h->lock);
}

static void publish_slot(handoff *h, long slot, int last)
{
    if (!h->threaded) {
        detect_block(h->p, h, slot);
        return;
    }
    pthread_mutex_lock(&h->lock);
    h->produced++;
    if (h->detector_waits && h->produced - h->consumed >= HANDOFF_WAKE)
        pthread_cond_signal(&h->ready);
    pthread_mutex_unlock(&h->lock);
    if (last) finish_handoff(h);
}

/* Conditions a block (raw NULL: the end) for one chain into its slot, with the ticks it made. */
static long condition_chain(chain *c, long slot, const double *raw, long n)
{
    long frames = raw ? condition_process(c->cond, raw, n, c->conditioned[slot])
                      : condition_finish(c->cond, c->conditioned[slot]);
    const condition_tick *ticks;
    c->tick_count[slot] = condition_ticks(c->cond, &ticks);
    if (c->tick_count[slot] > 0)
        memcpy(c->ticks[slot], ticks, (size_t)c->tick_count[slot] * sizeof *ticks);
    return frames;
}

static void condition_half(pipeline *p, handoff *h, const double *raw, long n)
{
    long slot = claim_slot(h);
    for (int k = 0; k < CHAINS; k++) {
        chain *c = chain_at(p, k);
        if (c) h->frames[slot][k] = condition_chain(c, slot, raw, n);
    }
    publish_slot(h, slot, raw == NULL);
}

static int stream(const analysis_config *config, pipeline *p, int64_t *frames, gb_error *err)
{
    handoff h = {.p = p};
    pthread_t helper;
    int locks = config->threads != 1 && pthread_mutex_init(&h.lock, NULL) == 0;
    if (locks && pthread_cond_init(&h.ready, NULL) != 0) {
        pthread_mutex_destroy(&h.lock);
        locks = 0;
    }
    if (locks && pthread_cond_init(&h.free, NULL) != 0) {
        pthread_cond_destroy(&h.ready);
        pthread_mutex_destroy(&h.lock);
        locks = 0;
    }
    /* without a second thread, the same halves run one after the other */
    h.threaded = locks && pthread_create(&helper, NULL, detect_half, &h) == 0;
    long n;
    *frames = 0;
    while ((n = recording_read(p->rec, p->raw, config->block_frames, err)) > 0) {
        *frames += n;
        quality_process(p->checks, p->raw, n);
        long bridged = gapfill_process(p->bridge, p->raw, n);
        if (bridged > 0) condition_half(p, &h, p->raw, bridged);
    }
    if (n >= 0) {
        long held = gapfill_finish(p->bridge, p->raw);
        if (held > 0) condition_half(p, &h, p->raw, held);
        condition_half(p, &h, NULL, 0);
    } else if (h.threaded) /* a read error: the detector stops after what it has */
        finish_handoff(&h);
    if (h.threaded) pthread_join(helper, NULL);
    if (locks) {
        pthread_cond_destroy(&h.free);
        pthread_cond_destroy(&h.ready);
        pthread_mutex_destroy(&h.lock);
    }
    if (n < 0) return (int)n;
    for (int k = 0; k < CHAINS; k++) {
        chain *c = chain_at(p, k);
        if (!c) continue;
        detect_finish(c->detector);
        note_gaps(c, NULL, -1);
    }
    return 0;
}

/* The chain that reads the lower-back sensor: the main one, the one beside insoles or leg IMUs,
 * or the third beside both; NULL without one. */
static const chain *sacrum_chain(const pipeline *p)
{
    if (p->main.preset->signal == DETECT_SACRUM) return &p->main;
    if (p->has_companion && p->companion.preset->signal == DETECT_SACRUM) return &p->companion;
    if (p->has_trunk) return &p->trunk;
    return NULL;
}

/* A sensor axis as the map and forward_learnt name it ("-z"), from its index (0-2) and sign, and
 * back. */
static void axis_name(int index, double sign, char name[4])
{
    snprintf(name, 4, "%s%c", sign < 0 ? "-" : "", "xyz"[index]);
}

static int axis_index(const char *axis)
{
    return axis[strlen(axis) - 1] - 'x';
}

static double axis_sign(const char *axis)
{
    return axis[0] == '-' ? -1.0 : 1.0;
}

/* A sacrum chain: whether the detector learnt forward from the steps (with or without a forward
 * axis in the map), and then the sensor axis nearest it ("-z", ...) and the angle between them, in
 * the horizontal frame of gait (condition_horizontal_frame). The learnt direction is horizontal,
 * so a sensor tilted with the trunk sits that tilt off at least. */
static int learnt_forward_axis(const chain *c, char axis[4], double *off_deg)
{
    double along[2], across[2][3], forward[3];
    if (!detect_forward_learnt(c->detector, along)) return 0;
    condition_horizontal_frame(c->cond, across);
    axis[0] = '\0'; /* learnt, but no frame of gait to name an axis in: none named */
    int nearest = 0;
    for (int k = 0; k < 3; k++) {
        forward[k] = along[0] * across[0][k] + along[1] * across[1][k];
        if (fabs(forward[k]) > fabs(forward[nearest])) nearest = k;
    }
    double length =
        sqrt(forward[0] * forward[0] + forward[1] * forward[1] + forward[2] * forward[2]);
    if (!(length > 0)) return 1;
    axis_name(nearest, forward[nearest], axis);
    *off_deg = acos(fmin(1.0, fabs(forward[nearest]) / length)) * 180.0 / M_PI;
    return 1;
}

/* The most the axis nearest the learnt forward may lie beside it in the horizontal plane for the
 * trunk pitch to be read along it: an axis turned by yaw from forward reads the pitch times
 * cos(yaw) plus the roll times sin(yaw) (at 35 deg: 82 % of the pitch and 57 % of the roll). */
#define LEARNT_PITCH_YAW_MAX_DEG 35.0

/* Without the map's forward_axis, once forward was learnt one way round all through: the trunk
 * pitch in gait along the sensor axis nearest it (learnt_forward_axis), as a map naming that axis
 * would give it, though as the weighted median of the tracked gravity direction's tilt
 * (condition_gait_tilt) rather than the median over strides. NAN when that axis lies too far to
 * one side of forward. */
static double learnt_gait_pitch(const chain *sacrum, const char *axis, double off_deg)
{
    if (!axis[0]) return NAN;
    double tilt = condition_gait_tilt(sacrum->cond, axis_index(axis));
    /* forward is horizontal, the axis tilted by `tilt` and turned by yaw from it:
     * cos(off) = cos(tilt) cos(yaw) */
    double ratio = cos(off_deg * M_PI / 180.0) / cos(tilt * M_PI / 180.0);
    double yaw_deg = acos(fmin(1.0, ratio)) * 180.0 / M_PI;
    return yaw_deg <= LEARNT_PITCH_YAW_MAX_DEG ? axis_sign(axis) * tilt : NAN;
}

/* The map's forward axis against the steps' braking and push-off (detect.h): the steps checked,
 * the share agreeing and the angle from the axis to the forward learnt from them (positive towards
 * its right), on the lower-back chain (the main one or the one beside it); with a warning when
 * most disagree, which an axis pointing backwards does (mobgap's six trials with their right axis:
 * 71-100 % agree; with it reversed: 0-29 %), or when forward lies to one side of it. learnt: the
 * sensor axis nearest the learnt forward (learnt_forward_axis), "" when none. */
static long check_forward_axis(const analysis_config *config, const char *input_path,
                               const channel_map *map, const pipeline *p, const char *learnt,
                               double *agreeing, double *off_deg)
{
    *agreeing = *off_deg = NAN;
    const chain *c = sacrum_chain(p);
    if (!c || map->forward_axis < 0) return 0;
    long steps = detect_forward_check(c->detector, agreeing);
    double along[2];
    if (detect_forward_learnt(c->detector, along))
        *off_deg = atan2(along[1], along[0]) * 180 / M_PI;
    int sides_from_sway = c == &p->main; /* beside insoles or leg IMUs, those give the sides */
    char axis = "xyz"[map->forward_axis];
    const char *given = map->forward_sign < 0 ? "-" : "", *other = map->forward_sign < 0 ? "" : "-";
    if (detect_forward_axis_sideways(steps, *off_deg))
        gb_warn(&config->warner,
                "%s: the map's forward_axis \"%s%c\" seems to point sideways: over %ld steps the "
                "trunk's braking and push-off point %.0f deg to its %s%s%s%s, so %sthe trunk pitch "
                "%s not to be trusted; check which way the sensor was worn%s%s%s",
                input_path, given, axis, steps, fabs(*off_deg), *off_deg > 0 ? "right" : "left",
                learnt[0] ? ", along \"" : "", learnt, learnt[0] ? "\"" : "",
                sides_from_sway ? "left and right (from the sway across it) and " : "",
                sides_from_sway ? "are" : "is", learnt[0] ? " and write \"" : "", learnt,
                learnt[0] ? "\"" : "");
    else if (detect_forward_axis_reversed(steps, *agreeing))
        gb_warn(&config->warner,
                "%s: the map's forward_axis \"%s%c\" seems to point backwards: over %ld steps "
                "only %.0f %% of the trunk's braking and push-off agree with it, so %sthe trunk "
                "pitch's sign reversed; if the sensor faced the other way, write \"%s%c\"",
                input_path, given, axis, steps, 100.0 * *agreeing,
                sides_from_sway ? "left and right are likely swapped and " : "", other, axis);
    return steps;
}

/* Which way up a lower-back sensor was worn: the sensor axis nearest the up measured in gait
 * (condition_gait_up; "" when none was measured) and the angle between them, and the angle from
 * the map's up_axis to the measured up (NAN without either). The numbers follow the measured
 * gravity whatever the map says: the map's axis is only checked, with a warning when it is too
 * far off (condition_up_axis_off: a sensor worn upside down, or a map for another mounting). */
typedef struct up_facts {
    char measured[4];
    double measured_off_deg, map_off_deg;
} up_facts;

static void check_up_axis(const analysis_config *config, const char *input_path,
                          const channel_map *map, const pipeline *p, up_facts *facts)
{
    facts->measured[0] = '\0';
    facts->measured_off_deg = facts->map_off_deg = NAN;
    const chain *c = sacrum_chain(p);
    if (!c) {
        if (map->up_axis >= 0)
            gb_warn(&config->warner,
                    "%s: the map's up_axis is checked for a lower-back sensor only, and this map "
                    "has none: it is not used",
                    input_path);
        return;
    }
    double up[3];
    if (!condition_gait_up(c->cond, up)) return;
    int nearest = 0;
    for (int k = 1; k < 3; k++)
        if (fabs(up[k]) > fabs(up[nearest])) nearest = k;
    axis_name(nearest, up[nearest], facts->measured);
    facts->measured_off_deg = acos(fmin(1.0, fabs(up[nearest]))) * 180.0 / M_PI;
    if (map->up_axis < 0) return;
    double along = fmax(-1.0, fmin(1.0, map->up_sign * up[map->up_axis]));
    facts->map_off_deg = acos(along) * 180.0 / M_PI;
    char declared[4];
    axis_name(map->up_axis, map->up_sign, declared);
    if (condition_up_axis_off(facts->map_off_deg))
        gb_warn(&config->warner,
                "%s: the map's up_axis is \"%s\", but in gait the sensor's %s axis pointed up "
                "(%.0f deg from \"%s\"): was the sensor worn %s, or is the map for another "
                "mounting? The numbers follow the gravity measured, not the map's up_axis",
                input_path, declared, facts->measured, facts->map_off_deg, declared,
                condition_up_axis_worn(facts->map_off_deg));
}

/* standing still: the vertical acceleration's RMS (g, gravity out) stays under this */
#define STANDING_MOTION_MAX_G 0.05

/* Quiet standing found next to gait counts from this long (standing.h finds spells of 0.5 s up) */
#define STANDING_FOUND_MIN_S 1.0

/* The trunk pitch over the map's standing_s, the reference the pitch in gait is given against, or
 * without one over the quiet standing found next to gait (*found_s: its seconds, 0 when none was
 * found; NAN with the map's, or where nothing is looked for); NAN without either, and, with a
 * warning that says why, when the map's cannot serve. */
static double standing_pitch(const analysis_config *config, const char *input_path,
                             const channel_map *map, const pipeline *p, const char *pitch_axis,
                             double *found_s)
{
    const chain *sacrum = sacrum_chain(p);
    double pitch, motion;
    *found_s = NAN;
    if (!isfinite(map->standing_start_s)) {
        if (!sacrum || !pitch_axis[0] || !condition_finds_standing(sacrum->cond)) return NAN;
        long samples = condition_standing_pitch(sacrum->cond, axis_index(pitch_axis),
                                                axis_sign(pitch_axis), &pitch, &motion);
        double seconds = (double)samples / recording_get_info(p->rec)->sample_rate_hz;
        *found_s = seconds >= STANDING_FOUND_MIN_S ? seconds : 0;
        return *found_s > 0 ? pitch : NAN;
    }
    if (!sacrum || !pitch_axis[0] ||
        condition_standing_pitch(sacrum->cond, axis_index(pitch_axis), axis_sign(pitch_axis),
                                 &pitch, &motion) == 0) {
        gb_warn(&config->warner,
                "%s: standing_s [%g, %g] s gives no standing pitch: it needs a lower-back sensor "
                "with forward_axis in the map (or a forward learnt from its steps), and samples "
                "without gaps in that time",
                input_path, map->standing_start_s, map->standing_end_s);
        return NAN;
    }
    if (motion > STANDING_MOTION_MAX_G) {
        gb_warn(&config->warner,
                "%s: the trunk moved during standing_s [%g, %g] s (vertical acceleration %.3f g "
                "RMS, more than %.2f g): was the athlete standing still then? The pitch is given "
                "without a standing reference",
                input_path, map->standing_start_s, map->standing_end_s, motion,
                STANDING_MOTION_MAX_G);
        return NAN;
    }
    return pitch;
}

#define LINEAR_ACCELERATION_MAX_G 0.2 /* less gravity than this: none (phones' linear sensor) */

/* An accelerometer whose gravity is far from 1 g has the wrong unit or scale in its map, or holds
 * no gravity at all: a phone's "linear acceleration" (gravity taken out), which leaves no up. A
 * shank's median magnitude is read with less trust (a running leg swings and flies for most of
 * each stride): only off by more than twice is it the unit's fault. */
static int check_gravity(const chain *c, const char *input_path, gb_error *err)
{
    const condition *cond = c->cond;
    double gravity = condition_mean_gravity(cond);
    if (!isfinite(gravity) || fabs(gravity - 1.0) <= 0.3) return 0;
    if (c->preset->signal == DETECT_SHANK_IMPACT && gravity >= 0.5 && gravity <= 2.0) return 0;
    /* the unit the file is likely in: the one that reads 1 g as this gravity, within half again
     * either way (a file in m/s2 said to be g reads 9.8 g; in mg said to be g, 1000 g) */
    static const char *const units[] = {"g", "mg", "m/s2"};
    const char *declared = condition_accel_unit(cond), *likely = NULL;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        double reads = condition_g_per_unit(declared) / condition_g_per_unit(units[k]);
        if (strcmp(units[k], declared) != 0 && gravity > reads / 1.5 && gravity < reads * 1.5)
            likely = units[k];
    }
    char reads[32]; /* two decimals, or two digits below 0.01 g (a file in g said to be mg) */
    snprintf(reads, sizeof reads, gravity >= 0.01 ? "%.2f" : "%.2g", gravity);
    if (likely)
        return gb_error_set(err, GB_E_MAP,
                            "%s: the accelerometer's gravity is %s g, not 1 g: the file is in %s "
                            "while the map says %s; set \"unit\": \"%s\"",
                            input_path, reads, likely, declared, likely);
    return gb_error_set(err, GB_E_MAP, "%s: the accelerometer's gravity is %s g, not 1 g: %s",
                        input_path, reads,
                        gravity < LINEAR_ACCELERATION_MAX_G
                            ? "it holds almost none, as linear acceleration does (gravity taken "
                              "out, as phones' \"linear acceleration\" sensor gives it): record "
                              "or export the accelerometer itself, gravity included, which "
                              "gaitbatch finds up from"
                            : "check the accelerometer channels' unit and scale in the map");
}

/* The lower-back sensor's forward, learnt whichever chain reads it (sacrum, or NULL without
 * one). Without the map's forward axis, once learnt one way round all through, the pitch is read
 * along the axis nearest it, the recording's (learnt_pitch) and each stride's. */
typedef struct forward_facts {
    char axis[4]; /* learnt ("-z"), or "" */
    double off_deg, learnt_pitch;
    int learnt;
    long relearnt;
} forward_facts;

static void learn_forward(const chain *sacrum, const channel_map *map, forward_facts *f)
{
    memset(f, 0, sizeof *f);
    f->off_deg = f->learnt_pitch = NAN;
    f->learnt = sacrum && learnt_forward_axis(sacrum, f->axis, &f->off_deg);
    f->relearnt = sacrum ? detect_forward_relearnt(sacrum->detector) : 0;
    if (map->forward_axis >= 0 || !f->learnt || f->relearnt != 0) return;
    f->learnt_pitch = learnt_gait_pitch(sacrum, f->axis, f->off_deg);
    if (isfinite(f->learnt_pitch))
        measure_set_pitch_axis(sacrum->measures, axis_index(f->axis), axis_sign(f->axis));
}

/* A chain's contacts beside the main chain's (compare.h). */
typedef struct compared_chain {
    event_pair *pairs;
    long pair_count;
    event_agreement agreement[COMPARE_EVENTS];
} compared_chain;

/* Every chain's measures, finished (by chain number; NULL without that chain): the main chain's
 * strides, what the others lend them, and their contacts beside the main chain's. */
typedef struct measured_chains {
    const measure_result *result[CHAINS];
    compared_chain beside[CHAINS]; /* [0] unused */
} measured_chains;

static int finish_measures(pipeline *p, double duration_s, measured_chains *m, gb_error *err)
{
    int rc;
    measure_set_duration(p->main.measures, duration_s);
    /* the others' own strides are not reported; finishing their measures puts their contacts in
     * order. What they measure of the same steps goes to the main chain's contacts: leg IMUs'
     * lengths (shoe IMUs) or tibial shock (shank IMUs), matched half a typical walking step apart
     * at most, and a lower back's trunk pitch and travel */
    for (int k = 1; k < CHAINS; k++) {
        chain *c = chain_at(p, k);
        if (!c) continue;
        if ((rc = measure_finish(c->measures, &m->result[k], err)) != 0) return rc;
        int signal = c->preset->signal;
        if (signal == DETECT_FOOT_GYRO || signal == DETECT_SHANK || signal == DETECT_SHANK_IMPACT)
            measure_take_legs(p->main.measures, c->measures, LEG_MATCH_S);
        else if (signal == DETECT_SACRUM)
            measure_take_trunk(p->main.measures, c->measures, TRUNK_MATCH_S);
    }
    /* a lower-back sensor's spells not worn, for its days' time worn */
    const double(*unworn)[2];
    long spells = condition_unworn(p->main.cond, &unworn);
    if (spells >= 0 && measure_set_unworn(p->main.measures, unworn, spells) != 0)
        return gb_error_set(err, GB_E_NOMEM, "out of memory for the spells not worn");
    if ((rc = measure_finish(p->main.measures, &m->result[0], err)) != 0) return rc;
    /* each other sensor's contacts against the main one's: a lower back beside insoles and leg
     * IMUs against the insoles too, as a study validating a lower-back algorithm would set them */
    for (int k = 1; k < CHAINS; k++) {
        chain *c = chain_at(p, k);
        compared_chain *b = &m->beside[k];
        if (c && (rc = compare_events(p->main.measures, c->measures, &b->pairs, &b->pair_count,
                                      b->agreement, err)) != 0)
            return rc;
    }
    return 0;
}

/* The trunk pitch in gait, the lower-back sensor's (NaN without one), and the axis it is read
 * along: the map's, or without one the learnt forward's. */
typedef struct pitch_facts {
    double gait_deg;
    char axis[4];
    int learnt;
} pitch_facts;

static void read_pitch(const pipeline *p, const channel_map *map, const forward_facts *forward,
                       const measured_chains *m, pitch_facts *out)
{
    const chain *sacrum = sacrum_chain(p);
    out->gait_deg = sacrum == &p->trunk       ? m->result[2]->trunk_pitch_deg
                    : sacrum == &p->companion ? m->result[1]->trunk_pitch_deg
                                              : m->result[0]->trunk_pitch_deg;
    out->axis[0] = '\0';
    out->learnt = 0;
    if (map->forward_axis >= 0)
        axis_name(map->forward_axis, map->forward_sign, out->axis);
    else if (isfinite(forward->learnt_pitch)) {
        out->gait_deg = forward->learnt_pitch;
        out->learnt = 1;
        snprintf(out->axis, sizeof out->axis, "%s", forward->axis);
    }
}

/* What the run learnt about its sensors beyond the measures, for the report's metadata. */
typedef struct run_facts {
    const char *sides_from;
    forward_facts forward;
    long forward_checked;
    double forward_agreeing, forward_check_off_deg;
    pitch_facts pitch;
    up_facts up;
    double standing_deg, standing_found_s;
    long foot_swings, foot_swings_left_out;
} run_facts;

/* The facts after the measures: where the sides came from, the checks of the map's axes, the trunk
 * pitch in gait and standing, the shoe IMUs' swings. */
static void gather_facts(const analysis_config *config, const char *input_path,
                         const channel_map *map, const pipeline *p, const measured_chains *m,
                         run_facts *facts)
{
    const chain *sacrum = sacrum_chain(p);
    facts->sides_from = condition_sides_source(map);
    /* the sides are the lower-back sensor's own only when it makes the strides */
    if (map->forward_axis < 0 && sacrum == &p->main && !facts->forward.learnt)
        facts->sides_from = condition_sides_unlearnt(map);
    if (facts->forward.relearnt > 0)
        gb_warn(&config->warner,
                "%s: the lower-back sensor seems to have been turned during the recording (%ld "
                "time%s its steps' braking and push-off turned by more than 90 deg): forward was "
                "learnt afresh from them each time, and forward_learnt names the last way round",
                input_path, facts->forward.relearnt, facts->forward.relearnt == 1 ? "" : "s");
    facts->forward_checked =
        check_forward_axis(config, input_path, map, p, facts->forward.axis,
                           &facts->forward_agreeing, &facts->forward_check_off_deg);
    read_pitch(p, map, &facts->forward, m, &facts->pitch);
    check_up_axis(config, input_path, map, p, &facts->up);
    facts->standing_deg =
        standing_pitch(config, input_path, map, p, facts->pitch.axis, &facts->standing_found_s);
    /* the shoe IMUs' swings: the main chain's, or those beside the insoles */
    long unstill = 0;
    facts->foot_swings =
        condition_foot_swings(p->main.cond, &facts->foot_swings_left_out, &unstill);
    if (facts->foot_swings < 0 && p->has_companion)
        facts->foot_swings =
            condition_foot_swings(p->companion.cond, &facts->foot_swings_left_out, &unstill);
    warn_unstill_feet(config, input_path, facts->foot_swings, facts->foot_swings_left_out, unstill);
}

/* The report's settings: as resolved for the main sensor, and those of each sensor beside it. */
#define RUN_SETTINGS 18
static void list_settings(const analysis_config *config, const pipeline *p,
                          const sensor_preset *preset, report_setting out[RUN_SETTINGS])
{
    const report_setting settings[] = {
        {"lowpass_hz", config->lowpass_hz, "Hz"},
        {"threshold_window_s", config->threshold_window_s, "s"},
        {"threshold_fraction", config->threshold_fraction, "1"},
        {"hysteresis_fraction", config->hysteresis_fraction, "1"},
        {"segment_s", config->segment_s, "s"},
        {"spectrum_segment_s", config->spectrum_segment_s, "s"},
        {"max_gap_s", config->max_gap_s, "s"},
        {"bridge_gap_s", config->bridge_gap_s, "s"},
        {"extrapolate_edges", preset->extrapolate_edges, "1"},
        {"onset_slope_per_s", preset->onset_slope_per_s, "1/s"},
        {"release_slope_per_s", preset->release_slope_per_s, "1/s"},
        {"analysis_rate_hz", p->main.analysis_rate_hz, "Hz"},
        /* an IMU beside the insoles runs with its own preset (NaN without one) */
        {"imu_lowpass_hz", p->has_companion ? p->companion.preset->lowpass_hz : NAN, "Hz"},
        {"imu_analysis_rate_hz", p->has_companion ? p->companion.analysis_rate_hz : NAN, "Hz"},
        /* and a lower-back IMU beside both insoles and leg IMUs with its own (NaN without one) */
        {"trunk_lowpass_hz", p->has_trunk ? p->trunk.preset->lowpass_hz : NAN, "Hz"},
        {"trunk_analysis_rate_hz", p->has_trunk ? p->trunk.analysis_rate_hz : NAN, "Hz"},
        /* and shank IMUs beside insoles and shoe IMUs with theirs (NaN without) */
        {"shank_lowpass_hz", p->has_shank ? p->shank.preset->lowpass_hz : NAN, "Hz"},
        {"shank_analysis_rate_hz", p->has_shank ? p->shank.analysis_rate_hz : NAN, "Hz"},
    };
    _Static_assert(sizeof settings / sizeof settings[0] == RUN_SETTINGS, "RUN_SETTINGS");
    memcpy(out, settings, sizeof settings);
}

/* Everything the report says besides the measures (report.h), from what the run found. The
 * pointers stay the caller's: map, identity, facts and settings must outlive the report. */
static void describe_run(const analysis_config *config, const char *input_path,
                         const channel_map *map, const char *map_json, const pipeline *p,
                         const sensor_preset *preset, const identity *id, const run_facts *facts,
                         const analysis_result *result, double missing_pct,
                         const report_setting *settings, report_meta *meta)
{
    const recording_info *info = recording_get_info(p->rec);
    *meta = (report_meta){
        .software_version = config->software_version,
        .input_path = input_path,
        .input_sha256 = id->input_sha256,
        .settings_sha256 = id->settings_sha256,
        .input_bytes = id->input_bytes,
        .input_mtime_ns = id->input_mtime_ns,
        .info = info,
        .duration_s = result->duration_s,
        .athlete = map->athlete,
        .session = map->session,
        .days_clock = days_clock(info, map),
        .activity_declared = map->activity,
        .body_mass_kg = map->body_mass_kg,
        .force_unit = force_unit(&p->main),
        .channel_map_json = map_json,
        .created_unix = config->created_unix,
        .status = result->status,
        .sensor_preset = preset->name,
        .sides_from = facts->sides_from,
        .forward_learnt = facts->forward.axis,
        .forward_learnt_off_deg = facts->forward.off_deg,
        .forward_relearnt = facts->forward.relearnt,
        .forward_check_steps = facts->forward_checked,
        .forward_check_agreeing = facts->forward_agreeing,
        .forward_check_off_deg = facts->forward_check_off_deg,
        .up_measured = facts->up.measured,
        .up_measured_off_deg = facts->up.measured_off_deg,
        .up_axis_off_deg = facts->up.map_off_deg,
        .stride_hz_spectral = stride_hz_overall(&p->main),
        .dropped_contacts = detect_dropped_contacts(p->main.detector),
        .missing_pct = missing_pct,
        .foot_swings = facts->foot_swings,
        .foot_swings_left_out = facts->foot_swings_left_out,
        /* in gait only: a sacrum IMU's, beside insoles the companion's */
        .trunk_pitch_deg = facts->pitch.gait_deg,
        .trunk_pitch_axis = facts->pitch.axis,
        .trunk_pitch_learnt = facts->pitch.learnt,
        .trunk_pitch_standing_deg = facts->standing_deg,
        .trunk_pitch_standing_found_s = facts->standing_found_s,
        .trunk_pitch_above_standing_deg = facts->pitch.gait_deg - facts->standing_deg,
        .settings = settings,
        .setting_count = RUN_SETTINGS,
        .before_publish = config->before_publish,
        .publish_ctx = config->publish_ctx,
    };
}

/* Opens the recording with its map, and settles what analyses it: the preset of the sensor that
 * makes the strides, with the settings the command line leaves to it. NULL and an error when no
 * channel times steps or the rate is too slow for them. */
static const sensor_preset *open_for_analysis(const analysis_config *requested,
                                              analysis_config *resolved, const char *input_path,
                                              pipeline *p, channel_map *map,
                                              analysis_result *result, gb_error *err)
{
    int have_map = 0;
    p->rec = open_with_map(requested, input_path, map, &have_map, result->map_template,
                           sizeof result->map_template, err);
    if (!p->rec) return NULL;
    const recording_info *info = recording_get_info(p->rec);
    if (!condition_map_times_steps(map)) {
        gb_error_set(err, GB_E_MAP,
                     "%s: no channel of its map (%s) gives steps: gaitbatch times them from force "
                     "or pressure channels, a lower-back (sacrum) accelerometer, shank "
                     "accelerometers, or shank or foot gyroscopes about the map's pitch_axis "
                     "(\"%c\"); a sensor at the wrist, or accelerometers alone on the feet, give "
                     "none",
                     input_path, map->source, "xyz"[map->pitch_axis]);
        return NULL;
    }
    const sensor_preset *preset = &presets[condition_map_kind(map)];
    resolved->lowpass_hz = or_default(requested->lowpass_hz, preset->lowpass_hz);
    resolved->threshold_fraction =
        or_default(requested->threshold_fraction, preset->threshold_fraction);
    resolved->hysteresis_fraction =
        or_default(requested->hysteresis_fraction, preset->hysteresis_fraction);
    if (too_slow(info, preset)) {
        gb_error_set(err, GB_E_VALUE, "%s: %g Hz is too slow for a %s: events need at least %g Hz",
                     input_path, info->sample_rate_hz, preset->name, preset->min_rate_hz);
        return NULL;
    }
    keep_clipped_for(p->rec, map, note_clipped_row, p);
    return preset;
}

int analysis_run(const analysis_config *requested, const char *input_path, const char *report_path,
                 analysis_result *result, gb_error *err)
{
    analysis_config resolved = *requested, *config = &resolved;
    memset(result, 0, sizeof *result);
    pipeline p = {0};
    channel_map map;
    int rc;
    char map_json[8192], roles[REC_MAX_CHANNELS][48];
    int64_t bridged[REC_MAX_CHANNELS] = {0};
    identity id;
    measured_chains m = {0};
    checksum_job *hashing = NULL;
    if ((rc = analysis_check_settings(config, err)) != 0) return rc;
    const sensor_preset *preset =
        open_for_analysis(requested, &resolved, input_path, &p, &map, result, err);
    if (!preset) {
        rc = err->code;
        goto done;
    }
    const recording_info *info = recording_get_info(p.rec);
    if ((rc = input_stamp(info, &id, err)) != 0) goto done;
    if (!(hashing = checksum_job_start(info->files, info->file_count, config->threads != 1, err))) {
        rc = err->code;
        goto done;
    }
    settings_checksum(requested, &map, id.settings_sha256);
    if ((rc = build_pipeline(config, condition_map_kind(&map), &p, &map, input_path, err)) != 0)
        goto done;
    int64_t frames;
    if ((rc = stream(config, &p, &frames, err)) != 0) goto done;
    if (frames == 0) {
        rc = gb_error_set(err, GB_E_FORMAT, "%s: no samples in the recording", input_path);
        goto done;
    }
    result->sample_rate_hz = info->sample_rate_hz;
    result->duration_s = (double)frames / info->sample_rate_hz;

    for (int k = 0; k < CHAINS; k++)
        if (chain_at(&p, k) && (rc = check_gravity(chain_at(&p, k), input_path, err)) != 0)
            goto done;
    run_facts facts;
    learn_forward(sacrum_chain(&p), &map, &facts.forward);
    if ((rc = finish_measures(&p, result->duration_s, &m, err)) != 0) goto done;
    const measure_result *measured = m.result[0];
    snprintf(result->activity, sizeof result->activity, "%s", measured->activity);
    const channel_quality *checks = quality_finish(p.checks);
    double missing_pct = share_left_missing(&map, info, checks, p.bridge);
    /* the leg gyroscopes' fastest turn (deg/s): too slow for a swing, or faster than any turns */
    double leg_rate_dps = condition_leg_pitch_rate_peak(&map, checks, info->channels);
    status_of(measured, missing_pct, leg_rate_dps, preset, result->status, sizeof result->status);
    warn_few_valid(config, input_path, measured);
    channel_map_to_json(&map, 0, map_json, sizeof map_json);
    gather_facts(config, input_path, &map, &p, &m, &facts);

    report_setting settings[RUN_SETTINGS];
    list_settings(config, &p, preset, settings);
    report_meta meta;
    describe_run(config, input_path, &map, map_json, &p, preset, &id, &facts, result, missing_pct,
                 settings, &meta);
    meta.bridged_samples = bridged;
    describe_roles(&map, info, roles, meta.channel_roles);
    /* the other sensors' contacts beside the strides' */
    for (int k = 1; k < CHAINS; k++)
        if (chain_at(&p, k))
            meta.comparisons[meta.comparison_count++] = (report_comparison){
                report_comparison_prefixes[k - 1], chain_at(&p, k)->preset->name, m.beside[k].pairs,
                m.beside[k].pair_count, m.beside[k].agreement};
    for (int c = 0; c < info->channels && c < REC_MAX_CHANNELS; c++)
        bridged[c] = gapfill_bridged_in(p.bridge, c);
    warn_clipping(config, input_path, preset, info, checks, meta.channel_roles);
    warn_gyro_polarity(config, input_path, &map, checks, meta.channel_roles);
    warn_gyro_units(config, input_path, leg_rate_dps);
    rc = checksum_job_finish(hashing, id.input_sha256, err);
    hashing = NULL;
    if (rc == 0) rc = report_write(report_path, &meta, measured, checks, err);
    result->strides = measured->stride_count;
    result->valid_strides = measured->valid_strides;
    result->cadence_spm = measured->cadence_spm;
    result->contact_time_si_pct = measured->asymmetry[MEASURE_CONTACT_TIME].symmetry_index_pct;
    result->pushoff_impulse_si_pct =
        measured->asymmetry[MEASURE_PUSHOFF_IMPULSE].symmetry_index_pct;
done:
    if (hashing) { /* an earlier failure: the thread still has to be waited for */
        gb_error ignored = {0};
        char unused[65];
        checksum_job_finish(hashing, unused, &ignored);
    }
    for (int k = 0; k < CHAINS; k++)
        free(m.beside[k].pairs);
    pipeline_free(&p);
    return rc;
}

/* Which sensor of a map makes the strides, and what the others do, in words (inspect). */
static void describe_sensors(const channel_map *map, char *out, size_t size)
{
    int main = condition_map_kind(map), companion = condition_companion_kind(map),
        trunk = condition_trunk_kind(map), shank = condition_shank_kind(map);
    const char *unread = condition_unread_sensor(map);
    snprintf(out, size, "strides from: %s%s%s%s%s%s%s%s%s%s%s%s", presets[main].name,
             companion >= 0 ? "; beside them: " : "", companion >= 0 ? presets[companion].name : "",
             companion >= 0 ? " (its contacts in /imu_events)" : "", trunk >= 0 ? "; trunk: " : "",
             trunk >= 0 ? presets[trunk].name : "",
             trunk >= 0 ? " (each stride's pitch and travel)" : "", shank >= 0 ? "; shanks: " : "",
             shank >= 0 ? presets[shank].name : "",
             shank >= 0 ? " (each stride's tibial shock; /shank_events)" : "",
             unread ? "; not read: " : "", unread ? unread : "");
}

int analysis_inspect(const analysis_config *config, const char *input_path,
                     analysis_inspection *out, gb_error *err)
{
    memset(out, 0, sizeof *out);
    gb_error map_err = {0};
    recording *rec =
        open_with_map(config, input_path, &out->map, &out->have_map, NULL, 0, &map_err);
    if (!rec) {
        gb_error_set(err, map_err.code, "%s", map_err.message);
        return err->code;
    }
    if (!out->have_map && map_err.code == GB_E_MAP)
        gb_warn(&config->warner, "%s", map_err.message);
    else if (map_err.code)
        gb_warn(&config->warner, "%s", map_err.message);
    out->info = *recording_get_info(rec);
    if (out->have_map) {
        out->sides_from = condition_sides_source(&out->map);
        out->finds_standing = condition_map_finds_standing(&out->map);
        out->has_trunk = condition_map_times_steps(&out->map) &&
                         (condition_map_kind(&out->map) == SENSOR_SACRUM_IMU ||
                          condition_trunk_kind(&out->map) >= 0);
        describe_sensors(&out->map, out->sensors, sizeof out->sensors);
    }
    channel_map_template(&out->info, input_path, NULL, out->map_template, sizeof out->map_template);
    int rc = 0;
    /* without a rate (text without time column or map), flat runs are counted at 100 samples and
     * nothing is bridged */
    int rate_known = out->info.sample_rate_hz > 0;
    double rate = rate_known ? out->info.sample_rate_hz : 100;
    quality *checks = quality_create(out->info.channels, rate, err);
    gapfill *bridge =
        gapfill_create(out->info.channels, rate_known ? bridged_run(config, &out->info) : 0, err);
    double *frames = bridge ? gb_calloc((size_t)(config->block_frames + gapfill_held_max(bridge)) *
                                            out->info.channels,
                                        sizeof(double), err)
                            : NULL;
    if (!frames || !checks || !bridge) {
        rc = err->code;
        goto done;
    }
    if (out->have_map) {
        mark_two_sided(checks, &out->map);
        keep_clipped_for(rec, &out->map, NULL, NULL);
        out->clipped_rows_effect = clipped_effect(&presets[condition_map_kind(&out->map)]);
    }
    long n;
    while ((n = recording_read(rec, frames, config->block_frames, err)) > 0) {
        if (out->frames_read == 0) { /* as analyze's: an accelerometer's unit by the first block */
            double means[REC_MAX_CHANNELS];
            channel_means(frames, n, out->info.channels, means);
            channel_map_template(&out->info, input_path, means, out->map_template,
                                 sizeof out->map_template);
        }
        out->frames_read += n;
        quality_process(checks, frames, n);
        gapfill_process(bridge, frames, n); /* only counted: analyze bridges them */
    }
    if (n < 0) {
        rc = (int)n;
        goto done;
    }
    gapfill_finish(bridge, frames);
    out->bridged_samples = gapfill_bridged(bridge);
    memcpy(out->quality, quality_finish(checks),
           sizeof(channel_quality) * (size_t)out->info.channels);
    for (int c = 0; c < out->info.channels; c++)
        out->missing_samples += out->quality[c].gap_samples;
    out->info = *recording_get_info(rec); /* time-column statistics are complete now */
done:
    free(frames);
    quality_destroy(checks);
    gapfill_destroy(bridge);
    recording_close(rec);
    return rc;
}
