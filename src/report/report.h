/* report: the one HDF5 writer and reader. One file per recording, written under a temporary name
 * and renamed, so a crash never leaves a half report. Tables are H5TB tables (PyTables/pandas read
 * them); every table carries a `units` attribute (one entry per column) and every dataset a `units`
 * string. The layout is documented in README.md and versioned by the root attribute schema_version.
 */
#ifndef GB_REPORT_H
#define GB_REPORT_H

#include "../condition/quality.h"
#include "../judge/judge.h"
#include "../measure/compare.h"
#include "../measure/measure.h"
#include "../read/recording.h"

#define REPORT_SCHEMA_VERSION 2

typedef struct report_setting {
    const char *name;
    double value;
    const char *unit;
} report_setting;

/* A sensor's contacts set beside those of the sensor that makes the strides (compare.h): its
 * events beside them (/PREFIX_events) and how well they agree (/PREFIX_agreement, the sensor's
 * preset name in its attribute PREFIX_sensor). "imu": the second sensor (an IMU beside insoles, a
 * lower back beside leg IMUs, shanks beside shoe IMUs); "trunk": a lower back beside two others;
 * "shank": shank IMUs beside insoles and shoe IMUs (since 0.12.0). */
typedef struct report_comparison {
    const char *prefix;
    const char *sensor;
    const event_pair *pairs;
    long pair_count;
    const event_agreement *agreement; /* COMPARE_EVENTS rows */
} report_comparison;

#define REPORT_COMPARISONS 3
/* The prefixes, in the order the report writes them and the reader looks for them. */
extern const char *const report_comparison_prefixes[REPORT_COMPARISONS];

typedef struct report_meta {
    const char *software_version;
    const char *input_path;
    const char *input_sha256;
    const char
        *settings_sha256; /* version, settings and channel map: what makes a report current */
    long long input_bytes, input_mtime_ns;
    const recording_info *info;
    double duration_s;
    const char *athlete, *session, *activity_declared;
    const char *days_clock; /* the date and time /days are cut by at midnight, "" for none */
    double body_mass_kg;
    const char *force_unit;
    const char *channel_map_json;
    const char *channel_roles[REC_MAX_CHANNELS]; /* "left heel", "ignored", ... per raw channel */
    long long created_unix;
    const char *status; /* "ok" or why there are no strides */
    const char *sensor_preset;
    const char *sides_from; /* condition_sides_source() */
    /* a lower-back sensor, once forward was learnt from its steps (without a forward axis, where
     * sides_from is "trunk sway (learnt)", or with one, to check it): the sensor axis nearest the
     * learnt forward direction ("-z", ...) and the angle between them (deg); "" and NAN otherwise
     */
    const char *forward_learnt;
    double forward_learnt_off_deg;
    /* lower-back sensor: the axis nearest the up measured in gait ("-x"; "" when none), the angle
     * between them, and the angle from the map's up_axis to it (NAN without one) */
    const char *up_measured;
    double up_measured_off_deg, up_axis_off_deg;
    long forward_relearnt; /* without a forward axis: how often forward was learnt afresh */
    /* with the map's forward_axis: the steps it was checked on, the share whose braking and
     * push-off agree with it, and the angle from its horizontal part to the forward learnt from
     * them (deg, positive towards its right; 0 and NAN without one, NAN when none was learnt) */
    long forward_check_steps;
    double forward_check_agreeing, forward_check_off_deg;
    double stride_hz_spectral;
    /* a sacrum sensor's pitch in gait: with the map's forward axis the median over the valid
     * strides, without one along the axis nearest the forward learnt from the steps
     * (trunk_pitch_learnt 1, the weighted median of condition_gait_tilt); NAN otherwise. The
     * axis it is read along ("z", "-y"; "" for none): pitches along different axes, or found
     * the two different ways, do not compare. */
    double trunk_pitch_deg;
    const char *trunk_pitch_axis;
    int trunk_pitch_learnt;
    /* the pitch over the map's standing_s, or without one over the quiet standing found next to
     * gait, and trunk_pitch_deg minus it; NAN without either */
    double trunk_pitch_standing_deg, trunk_pitch_above_standing_deg;
    /* the standing found next to gait, s: 0 when none was, NAN with the map's or for no pitch */
    double trunk_pitch_standing_found_s;
    long dropped_contacts;
    /* missing samples drawn in (gapfill.h), per raw channel; NULL: none */
    const int64_t *bridged_samples;
    double missing_pct; /* the mapped channels' samples left missing after bridging, % */
    /* shoe IMUs with accelerometers: swings measured and left out (/quality); -1: none */
    long foot_swings, foot_swings_left_out;
    /* the other sensors' contacts set beside the strides' (report_comparison), in this order */
    report_comparison comparisons[REPORT_COMPARISONS];
    int comparison_count;
    const report_setting *settings;
    int setting_count;
    /* called once the report is complete under its temporary name, before it is renamed into
     * place: the batch adds /findings there (report_add_findings). NULL for none. */
    void (*before_publish)(void *ctx, const char *temporary_path, const char *report_path);
    void *publish_ctx;
} report_meta;

/* Sets HDF5 up, its error printing off (errors come back as codes). Each report call does it for
 * itself; the batch does it once before forking its workers, which then start with the library
 * ready instead of each setting it up again (about half a millisecond a process). */
void report_library_init(void);

int report_write(const char *path, const report_meta *meta, const measure_result *result,
                 const channel_quality *channel_checks, gb_error *err);

/* /findings/causes rows and /findings/indicators rows (written after a batch, see batch.h). */
typedef struct finding_row {
    char cause[40], level[16], words[200], action[200];
    double score;
    int escalated;
} finding_row;

typedef struct indicator_row {
    char cause[40], rule[40], feature[48], unit[16], level[16], words[200], citation[200];
    double value, reference, threshold;
} indicator_row;

/* What `show` prints: read back from a report. */
/* One comparison as read back: its prefix, the sensor and how well it agrees. */
typedef struct report_agreement {
    char prefix[8];
    char sensor[32];
    event_agreement agreement[COMPARE_EVENTS];
} report_agreement;

typedef struct report_overview {
    int schema_version;
    char software_version[32], input_path[1024], input_sha256[65], athlete[64], session[64];
    char activity[16], status[256], force_unit[16], created[32], sides_from[32];
    char forward_learnt[8];        /* "" unless forward was learnt (report_meta) */
    double forward_learnt_off_deg; /* NAN then */
    char up_measured[8];           /* report_meta's; "" and NAN before 0.16.0 */
    double up_measured_off_deg, up_axis_off_deg;
    long forward_relearnt;    /* 0 in reports from before 0.5.0 */
    long forward_check_steps; /* report_meta; 0 and NAN in reports from before 0.4.0 */
    double forward_check_agreeing;
    double forward_check_off_deg; /* NAN in reports from before 0.5.0 */
    double sample_rate_hz, duration_s, body_mass_kg;
    double gait_s; /* /summary/overall's time in bouts; NAN in reports from before 0.13.0 */
    double worn_s; /* and its time worn: NAN unless judged (a lower-back sensor, since 0.13.0) */
    long stride_count, bout_count; /* bout_count -1: a report from before /bouts */
    /* /summary/overall's; valid_strides_bridged -1 in reports from before 0.9.0,
     * valid_strides_shock_clipped -1 in those from before 0.21.0 */
    long valid_strides, valid_strides_bridged, valid_strides_shock_clipped;
    side_summary summary[2 * MEASURE_COUNT];
    int summary_count;
    asymmetry_row asymmetry[MEASURE_COUNT];
    int asymmetry_count;
    double cadence_spm, cadence_spectral_spm, trunk_pitch_deg;
    char trunk_pitch_axis[8]; /* report_meta; "" in reports from before 0.6.0 */
    int trunk_pitch_learnt;
    double trunk_pitch_standing_deg, trunk_pitch_above_standing_deg; /* NAN without standing */
    double trunk_pitch_standing_found_s; /* report_meta's; NAN in reports from before 0.9.0 */
    double walking_speed_m_per_s;        /* median over the valid strides; NAN without any */
    double missing_pct; /* /quality/missing_pct; NAN in reports from before 0.8.0 */
    /* samples at the device's range limit read at it (/quality/clipped_rows when kept), else 0 */
    double clipped_rows_kept;
    /* shoe IMUs with accelerometers: the swings their paths measured and left out (/quality's);
     * NAN without them */
    double foot_swings, foot_swings_left_out;
    int finding_count, indicator_count; /* 0 until a batch has judged the report */
    finding_row findings[CAUSE_COUNT];
    indicator_row indicators[JUDGE_MAX_RULES];
    char sensor_preset[32]; /* the sensor that made /strides, the others' reference */
    char input_format[64];  /* "FLAC", "ActiGraph ActiLife CSV", ... */
    /* the comparisons the report holds (report_comparison), in the order written */
    int comparison_count;
    report_agreement comparisons[REPORT_COMPARISONS];
} report_overview;

int report_read_overview(const char *path, report_overview *out, gb_error *err);
/* The overview's comparison with this prefix ("imu", "trunk"), or NULL when the report has none. */
const report_agreement *report_find_comparison(const report_overview *o, const char *prefix);

/* What decides whether a report is still current (batch runs skip those). */
typedef struct report_identity {
    int schema_version;
    char software_version[32], input_sha256[65], settings_sha256[65];
    long long input_bytes, input_mtime_ns;
} report_identity;

int report_read_identity(const char *path, report_identity *out, gb_error *err);
/* Reads /bouts back (caller frees *rows). */
int report_read_bouts(const char *path, bout_row **rows, long *count, gb_error *err);
/* Reads /days back (caller frees *rows); a report from before 0.13.0 has none (an error). */
int report_read_days(const char *path, day_row **rows, long *count, gb_error *err);
/* Reads /strides back (caller frees *rows). */
int report_read_strides(const char *path, stride_row **rows, long *count, gb_error *err);

/* Replaces /findings in a published report (on a copy, renamed over it: a crash leaves the old
 * report), unless it already holds exactly these findings. */
int report_write_findings(const char *path, const judge_rules *rules, const judge_result *result,
                          gb_error *err);
/* Writes /findings into a report not yet published (its temporary file), in place. */
int report_add_findings(const char *unpublished_path, const judge_rules *rules,
                        const judge_result *result, gb_error *err);

/* One row of the team summary (team.h5): a session of an athlete, from its report. */
typedef struct team_row {
    char athlete[64], session[64], report[512], activity[16], status[256], force_unit[16];
    char sides_from[32]; /* the report's sides_from: "alternation" leaves every SI's sign open */
    double duration_s, cadence_spm;
    double gait_s;      /* report_overview's: time in bouts, NAN before 0.13.0 */
    double missing_pct; /* report_overview's: samples left missing, NAN before 0.8.0 */
    long valid_strides;
    double contact_time_left_s, contact_time_right_s, flight_time_left_s, flight_time_right_s;
    double pushoff_impulse_left, pushoff_impulse_right;
    double contact_time_si_pct, pushoff_impulse_si_pct, pushoff_peak_si_pct;
    double contact_time_drift_pct_per_10min, pushoff_peak_drift_pct_per_10min;
    double heel_contact_share, duty_factor_drift_pct_per_10min, trunk_pitch_deg;
    double trunk_pitch_above_standing_deg;
    char trunk_pitch_axis[8]; /* the report's: pitches compare only along the same axis ... */
    int trunk_pitch_learnt;   /* ... found the same way */
    /* what every sensor gives, a lower-back one walking too, where contact times are unknown */
    double step_time_left_s, step_time_right_s, step_time_si_pct;
    double walking_speed_m_per_s; /* a lower-back sensor in walking with its height; else NAN */
    /* shank IMUs (since 0.12.0 beside insoles or shoe IMUs too): each side's mean peak tibial
     * acceleration, g; NAN without */
    double tibial_shock_left_g, tibial_shock_right_g;
    /* some rows reached the device's range limit and were read at it (since 0.20.0): a shock
     * among them is at least the limit, so these means are lower bounds */
    int tibial_shock_clipped;
    /* the report's check of the map's forward_axis said it points backwards (sides swapped) or
     * sideways (sides and pitch not to be trusted) */
    int forward_axis_reversed, forward_axis_sideways;
    /* the map's up_axis lies far from the up of gait (condition_up_axis_off): the sensor seems to
     * have been worn another way up than the map says (since 0.16.0) */
    int up_axis_off;
    char input_path[1024];
    /* the report file and the athlete's log as they were when team.h5 was written (a later run
     * takes the row from team.h5 instead of the report while they are unchanged); 0: no log */
    int64_t report_bytes, report_mtime_ns, log_mtime_ns;
    int unchanged; /* not stored: this run took the row from team.h5, its report unchanged */
    char findings[CAUSE_COUNT][16]; /* level per cause (judge_cause_name order), after judging */
    int escalated[CAUSE_COUNT];
    char top_finding[40];
    /* not stored: the digest (judge_result_digest) of the findings its worker wrote into the
     * report, so the review after the batch need not open it to see they are unchanged; "" when
     * none were written */
    char findings_sha256[65];
} team_row;

/* A recording the run left without a report (team.h5's /not_analysed and the coaches' page): it
 * failed, it was still arriving (--settle), or it is a text file no channel map applies to. Lists
 * of them are sorted by input. */
typedef struct not_analysed_row {
    char input[1024];
    char status[16];   /* "failed", "waiting" or "no map" (a text file passed over) */
    char reason[1024]; /* the error without the input's name in front, or why it waits */
} not_analysed_row;

/* The row for one report (path as given is stored in `report`). */
int report_team_row(const char *report_path, team_row *row, gb_error *err);
/* Team rows' order (qsort): by athlete, then session in time order (session_order), then report. */
int report_team_row_order(const void *a, const void *b);
/* Writes team.h5 (temporary name, then rename): the rows sorted by athlete and session, and the
 * recordings left without a report (left_count of them, sorted by input). */
int report_write_team(const char *path, team_row *rows, long count, const not_analysed_row *left,
                      long left_count, const char *software_version, const char *rules_sha256,
                      long long created_unix, gb_error *err);
/* A shard's list of the recordings it left without a report: a file holding /not_analysed alone,
 * in team.h5's layout, written like it (temporary name, then rename). */
int report_write_not_analysed(const char *path, const not_analysed_row *left, long left_count,
                              const char *software_version, long long created_unix, gb_error *err);
/* Whether team.h5 was made by this version with these rules: its rows and findings hold for the
 * reports unchanged since. */
int report_team_made_by(const char *path, const char *software_version, const char *rules_sha256);
/* Whether team.h5 was made by this version with these rules and names exactly these recordings as
 * left without a report (a rerun that analysed nothing new can then leave it, the coaches' page
 * and the findings as they are). */
int report_team_is_current(const char *path, const char *software_version, const char *rules_sha256,
                           const not_analysed_row *left, long left_count);
/* Reads team.h5 back (caller frees *rows). */
int report_read_team(const char *path, team_row **rows, long *count, gb_error *err);
/* Whether the file is a team summary (a /sessions table: TEAM_SUMMARY) or a shard's list of the
 * recordings it left (/not_analysed alone: TEAM_SHARD_LIST), not a report (0); with its root
 * attributes software_version and created when it is. */
enum { TEAM_SUMMARY = 1, TEAM_SHARD_LIST = 2 };
int report_is_team(const char *path, char software_version[32], char created[32]);
/* team.h5's /not_analysed, or a shard's list's (caller frees *rows; a team.h5 from before 0.25.0
 * holds none). */
int report_read_not_analysed(const char *path, not_analysed_row **rows, long *count, gb_error *err);

#endif
