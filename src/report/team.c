/* The team summary: one row per report (athlete, session, headline measures, findings), written
 * to team.h5 and read back for merge and the dashboard. */
#include "report.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/missing.h"
#include "../condition/condition.h"
#include "report_private.h"
#include "../common/h5_files.h"
#include "../common/session_time.h"

static void team_spec(table_spec *t)
{
    table_begin(t, "sessions", sizeof(team_row));
#define TEXT(f) TABLE_TEXT(t, team_row, f)
#define REAL(f, unit) add_field(t, #f, offsetof(team_row, f), FIELD_DOUBLE, 0, unit)
    TEXT(athlete);
    TEXT(session);
    TEXT(report);
    TEXT(activity);
    TEXT(status);
    TEXT(force_unit);
    TEXT(sides_from);
    REAL(duration_s, "s");
    REAL(gait_s, "s");
    REAL(cadence_spm, "1/min");
    add_field(t, "valid_strides", offsetof(team_row, valid_strides), FIELD_INT64, 0, "1");
    REAL(contact_time_left_s, "s");
    REAL(contact_time_right_s, "s");
    REAL(flight_time_left_s, "s");
    REAL(flight_time_right_s, "s");
    REAL(pushoff_impulse_left, "force_unit*s");
    REAL(pushoff_impulse_right, "force_unit*s");
    REAL(contact_time_si_pct, "%");
    REAL(pushoff_impulse_si_pct, "%");
    REAL(pushoff_peak_si_pct, "%");
    REAL(contact_time_drift_pct_per_10min, "%/10min");
    REAL(pushoff_peak_drift_pct_per_10min, "%/10min");
    REAL(heel_contact_share, "1");
    REAL(duty_factor_drift_pct_per_10min, "%/10min");
    REAL(trunk_pitch_deg, "deg");
    REAL(trunk_pitch_above_standing_deg, "deg");
    TEXT(trunk_pitch_axis);
    add_field(t, "trunk_pitch_learnt", offsetof(team_row, trunk_pitch_learnt), FIELD_INT, 0, "1");
    REAL(step_time_left_s, "s");
    REAL(step_time_right_s, "s");
    REAL(step_time_si_pct, "%");
    REAL(walking_speed_m_per_s, "m/s");
    REAL(tibial_shock_left_g, "g");
    REAL(tibial_shock_right_g, "g");
    add_field(t, "tibial_shock_clipped", offsetof(team_row, tibial_shock_clipped), FIELD_INT, 0,
              "1");
    REAL(missing_pct, "%");
    add_field(t, "forward_axis_reversed", offsetof(team_row, forward_axis_reversed), FIELD_INT, 0,
              "1");
    add_field(t, "forward_axis_sideways", offsetof(team_row, forward_axis_sideways), FIELD_INT, 0,
              "1");
    add_field(t, "up_axis_off", offsetof(team_row, up_axis_off), FIELD_INT, 0, "1");
    TEXT(top_finding);
    TEXT(input_path);
    add_field(t, "report_bytes", offsetof(team_row, report_bytes), FIELD_INT64, 0, "B");
    add_field(t, "report_mtime_ns", offsetof(team_row, report_mtime_ns), FIELD_INT64, 0, "ns");
    add_field(t, "log_mtime_ns", offsetof(team_row, log_mtime_ns), FIELD_INT64, 0, "ns");
    static char names[CAUSE_COUNT][2][64];
    for (int c = 0; c < CAUSE_COUNT; c++) {
        snprintf(names[c][0], sizeof names[c][0], "finding_%s", judge_cause_name(c));
        snprintf(names[c][1], sizeof names[c][1], "escalated_%s", judge_cause_name(c));
        add_field(t, names[c][0],
                  offsetof(team_row, findings) + (size_t)c * sizeof(((team_row *)0)->findings[0]),
                  FIELD_STRING, sizeof(((team_row *)0)->findings[0]), "");
        add_field(t, names[c][1], offsetof(team_row, escalated) + (size_t)c * sizeof(int),
                  FIELD_INT, 0, "1");
    }
#undef TEXT
#undef REAL
}

static const side_summary *overview_measure(const report_overview *o, char side, int which)
{
    const measure_info *info = measure_get_info(which);
    for (int i = 0; i < o->summary_count; i++)
        if (o->summary[i].side[0] == side && strcmp(o->summary[i].measure, info->name) == 0)
            return &o->summary[i];
    return NULL;
}

static double overview_si(const report_overview *o, int which)
{
    const measure_info *info = measure_get_info(which);
    for (int i = 0; i < o->asymmetry_count; i++)
        if (strcmp(o->asymmetry[i].measure, info->name) == 0)
            return o->asymmetry[i].symmetry_index_pct;
    return NAN;
}

static double side_mean(const report_overview *o, char side, int which)
{
    const side_summary *s = overview_measure(o, side, which);
    return s ? s->mean : NAN;
}

/* Mean of both sides' drifts (either alone when the other is unknown). */
static double both_drift(const report_overview *o, int which)
{
    const side_summary *l = overview_measure(o, 'L', which), *r = overview_measure(o, 'R', which);
    return gb_mean_of_sides(l ? l->drift_pct_per_10min : NAN, r ? r->drift_pct_per_10min : NAN);
}

int report_team_row(const char *report_path, team_row *row, gb_error *err)
{
    report_overview *o = malloc(sizeof *o);
    if (!o) return gb_error_set(err, GB_E_NOMEM, "out of memory");
    int rc = report_read_overview(report_path, o, err);
    memset(row, 0, sizeof *row);
    if (rc == 0) {
        snprintf(row->athlete, sizeof row->athlete, "%s", o->athlete);
        snprintf(row->session, sizeof row->session, "%s", o->session);
        snprintf(row->report, sizeof row->report, "%s", report_path);
        snprintf(row->activity, sizeof row->activity, "%s", o->activity);
        snprintf(row->status, sizeof row->status, "%s", o->status);
        snprintf(row->force_unit, sizeof row->force_unit, "%s", o->force_unit);
        snprintf(row->sides_from, sizeof row->sides_from, "%s", o->sides_from);
        row->duration_s = o->duration_s;
        row->gait_s = o->gait_s;
        row->cadence_spm = o->cadence_spm;
        row->valid_strides = o->valid_strides;
        row->contact_time_left_s = side_mean(o, 'L', MEASURE_CONTACT_TIME);
        row->contact_time_right_s = side_mean(o, 'R', MEASURE_CONTACT_TIME);
        row->flight_time_left_s = side_mean(o, 'L', MEASURE_FLIGHT_TIME);
        row->flight_time_right_s = side_mean(o, 'R', MEASURE_FLIGHT_TIME);
        row->pushoff_impulse_left = side_mean(o, 'L', MEASURE_PUSHOFF_IMPULSE);
        row->pushoff_impulse_right = side_mean(o, 'R', MEASURE_PUSHOFF_IMPULSE);
        row->step_time_left_s = side_mean(o, 'L', MEASURE_STEP_TIME);
        row->step_time_right_s = side_mean(o, 'R', MEASURE_STEP_TIME);
        row->step_time_si_pct = overview_si(o, MEASURE_STEP_TIME);
        row->walking_speed_m_per_s = o->walking_speed_m_per_s;
        row->tibial_shock_left_g = side_mean(o, 'L', MEASURE_TIBIAL_SHOCK);
        row->tibial_shock_right_g = side_mean(o, 'R', MEASURE_TIBIAL_SHOCK);
        /* the mean shock is a lower bound once a valid stride's shock was read at the limit;
         * a report from before 0.21.0 tells only that some row was */
        row->tibial_shock_clipped = o->valid_strides_shock_clipped >= 0
                                        ? o->valid_strides_shock_clipped > 0
                                        : o->clipped_rows_kept > 0;
        row->missing_pct = o->missing_pct;
        row->forward_axis_reversed =
            detect_forward_axis_reversed(o->forward_check_steps, o->forward_check_agreeing);
        row->forward_axis_sideways =
            detect_forward_axis_sideways(o->forward_check_steps, o->forward_check_off_deg);
        row->up_axis_off = condition_up_axis_off(o->up_axis_off_deg);
        row->contact_time_si_pct = overview_si(o, MEASURE_CONTACT_TIME);
        row->pushoff_impulse_si_pct = overview_si(o, MEASURE_PUSHOFF_IMPULSE);
        row->pushoff_peak_si_pct = overview_si(o, MEASURE_PUSHOFF_PEAK);
        row->contact_time_drift_pct_per_10min = both_drift(o, MEASURE_CONTACT_TIME);
        row->duty_factor_drift_pct_per_10min = both_drift(o, MEASURE_DUTY_FACTOR);
        row->trunk_pitch_deg = o->trunk_pitch_deg;
        row->trunk_pitch_above_standing_deg = o->trunk_pitch_above_standing_deg;
        snprintf(row->trunk_pitch_axis, sizeof row->trunk_pitch_axis, "%s", o->trunk_pitch_axis);
        row->trunk_pitch_learnt = o->trunk_pitch_learnt;
        row->heel_contact_share = gb_mean_of_sides(side_mean(o, 'L', MEASURE_HEEL_SHARE),
                                                   side_mean(o, 'R', MEASURE_HEEL_SHARE));
        snprintf(row->input_path, sizeof row->input_path, "%s", o->input_path);
        for (int c = 0; c < CAUSE_COUNT; c++)
            snprintf(row->findings[c], sizeof row->findings[c], "%s", "");
        row->pushoff_peak_drift_pct_per_10min = both_drift(o, MEASURE_PUSHOFF_PEAK);
    }
    free(o);
    return rc;
}

static void not_analysed_spec(table_spec *t)
{
    table_begin(t, "not_analysed", sizeof(not_analysed_row));
    TABLE_TEXT(t, not_analysed_row, input);
    TABLE_TEXT(t, not_analysed_row, status);
    TABLE_TEXT(t, not_analysed_row, reason);
}

enum { TABLE_READ, TABLE_MISSING, TABLE_NO_MEMORY, TABLE_UNREADABLE };

/* A whole table of an open team.h5 into *rows (row_size bytes each; caller frees): TABLE_READ, or
 * what kept it from being read. */
static int load_table(hid_t file, const table_spec *spec, size_t row_size, void **rows, long *count)
{
    hsize_t fields = 0, records = 0;
    *rows = NULL;
    *count = 0;
    if (H5TBget_table_info(file, spec->name, &fields, &records) < 0) return TABLE_MISSING;
    if (!table_sound(file, spec->name, &records)) return TABLE_UNREADABLE; /* sized by storage */
    if (!(*rows = calloc((size_t)records + 1, row_size))) return TABLE_NO_MEMORY;
    if (read_table(file, spec, *rows, (long)records, count) != 0) return TABLE_UNREADABLE;
    return TABLE_READ;
}

/* Whether the file's /not_analysed holds exactly these rows (none: a team.h5 from before 0.25.0,
 * which holds no such table, never does). */
static int same_not_analysed(hid_t file, const not_analysed_row *left, long left_count)
{
    table_spec spec;
    not_analysed_spec(&spec);
    void *read = NULL;
    long n = 0;
    int same = load_table(file, &spec, sizeof *left, &read, &n) == TABLE_READ && n == left_count;
    const not_analysed_row *stored = read;
    for (long i = 0; same && i < left_count; i++)
        same = strcmp(stored[i].input, left[i].input) == 0 &&
               strcmp(stored[i].status, left[i].status) == 0 &&
               strcmp(stored[i].reason, left[i].reason) == 0;
    free(read);
    return same;
}

int report_team_row_order(const void *a, const void *b)
{
    const team_row *x = a, *y = b;
    int c = strcmp(x->athlete, y->athlete);
    if (c == 0) c = session_order(x->session, y->session);
    return c ? c : strcmp(x->report, y->report);
}

/* left_count < 0: the version and the rules alone */
static int team_matches(const char *path, const char *software_version, const char *rules_sha256,
                        const not_analysed_row *left, long left_count)
{
    gb_error ignored = {0};
    if (access(path, R_OK) != 0) return 0;
    hid_t file = open_report(path, &ignored);
    if (file < 0) return 0;
    char version[64], rules[80];
    read_attr_string(file, "software_version", version, sizeof version);
    read_attr_string(file, "rules_sha256", rules, sizeof rules);
    int matches = strcmp(version, software_version) == 0 && strcmp(rules, rules_sha256) == 0 &&
                  (left_count < 0 || same_not_analysed(file, left, left_count));
    H5Fclose(file);
    return matches;
}

int report_team_made_by(const char *path, const char *software_version, const char *rules_sha256)
{
    return team_matches(path, software_version, rules_sha256, NULL, -1);
}

int report_team_is_current(const char *path, const char *software_version, const char *rules_sha256,
                           const not_analysed_row *left, long left_count)
{
    return team_matches(path, software_version, rules_sha256, left,
                        left_count < 0 ? 0 : left_count);
}

/* team.h5 (rows: its /sessions), or without rows a shard's list of the recordings it left */
static int write_summary(const char *path, team_row *rows, long count, const not_analysed_row *left,
                         long left_count, const char *software_version, const char *rules_sha256,
                         long long created_unix, const char *what, gb_error *err)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    char temporary[1100];
    snprintf(temporary, sizeof temporary, "%s.tmp-%ld", path, (long)getpid());
    hid_t file = gb_h5_create(temporary);
    if (file < 0) return gb_error_set(err, GB_E_IO, "%s: cannot create the %s", temporary, what);
    int schema = REPORT_SCHEMA_VERSION;
    H5LTset_attribute_int(file, ".", "schema_version", &schema, 1);
    attr_string(file, "software", "gaitbatch");
    attr_string(file, "software_version", software_version);
    if (rules_sha256) attr_string(file, "rules_sha256", rules_sha256);
    char created[32];
    iso_time_utc(created_unix, created, sizeof created);
    attr_string(file, "created", created);
    table_spec spec;
    int rc = 0;
    if (rows) {
        team_spec(&spec);
        rc = write_table(file, &spec, rows, count);
    }
    not_analysed_spec(&spec);
    if (rc == 0) rc = write_table(file, &spec, left, left_count);
    if (H5Fclose(file) < 0) rc = -1;
    return gb_replace_file(temporary, path, rc != 0, what, err);
}

int report_write_team(const char *path, team_row *rows, long count, const not_analysed_row *left,
                      long left_count, const char *software_version, const char *rules_sha256,
                      long long created_unix, gb_error *err)
{
    if (count > 1) qsort(rows, (size_t)count, sizeof *rows, report_team_row_order);
    return write_summary(path, rows, count, left, left_count, software_version, rules_sha256,
                         created_unix, "team summary", err);
}

int report_write_not_analysed(const char *path, const not_analysed_row *left, long left_count,
                              const char *software_version, long long created_unix, gb_error *err)
{
    return write_summary(path, NULL, 0, left, left_count, software_version, NULL, created_unix,
                         "list of the recordings not analysed", err);
}

/* A whole table of team.h5 into *rows (caller frees); with missing_ok, a table the file does not
 * hold (one from before it was added) is read as none. */
static int read_team_table(const char *path, const table_spec *spec, size_t row_size, void **rows,
                           long *count, int missing_ok, gb_error *err)
{
    *rows = NULL;
    *count = 0;
    hid_t file = open_report(path, err);
    if (file < 0) return err->code;
    int rc = 0;
    if (!(missing_ok && H5Lexists(file, spec->name, H5P_DEFAULT) <= 0)) {
        int got = load_table(file, spec, row_size, rows, count);
        if (got == TABLE_MISSING)
            rc = gb_error_set(err, GB_E_FORMAT, "%s: no /%s table: not a team summary", path,
                              spec->name);
        else if (got == TABLE_NO_MEMORY)
            rc = gb_error_set(err, GB_E_NOMEM, "%s: out of memory", path);
        else if (got == TABLE_UNREADABLE)
            rc = gb_error_set(err, GB_E_FORMAT, "%s: /%s cannot be read", path, spec->name);
    }
    H5Fclose(file);
    return rc;
}

int report_read_team(const char *path, team_row **rows, long *count, gb_error *err)
{
    table_spec spec;
    team_spec(&spec);
    void *read = NULL;
    int rc = read_team_table(path, &spec, sizeof **rows, &read, count, 0, err);
    *rows = read;
    return rc;
}

int report_is_team(const char *path, char software_version[32], char created[32])
{
    gb_error ignored = {0};
    software_version[0] = created[0] = '\0';
    hid_t file = open_report(path, &ignored);
    if (file < 0) return 0;
    int team = H5Lexists(file, "summary", H5P_DEFAULT) > 0        ? 0
               : H5Lexists(file, "sessions", H5P_DEFAULT) > 0     ? TEAM_SUMMARY
               : H5Lexists(file, "not_analysed", H5P_DEFAULT) > 0 ? TEAM_SHARD_LIST
                                                                  : 0;
    if (team) {
        read_attr_string(file, "software_version", software_version, 32);
        read_attr_string(file, "created", created, 32);
    }
    H5Fclose(file);
    return team;
}

int report_read_not_analysed(const char *path, not_analysed_row **rows, long *count, gb_error *err)
{
    table_spec spec;
    not_analysed_spec(&spec); /* none in a team.h5 from before 0.25.0 */
    void *read = NULL;
    int rc = read_team_table(path, &spec, sizeof **rows, &read, count, 1, err);
    *rows = read;
    return rc;
}
