#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../condition/condition.h"
#include "../judge/judge.h"
#include "../report/report.h"
#include "../common/display.h"
#include "../common/version.h"
#include "cli.h"

static const char show_help[] =
    "usage: gaitbatch show REPORT.h5...\n"
    "Prints each report's summary in plain words; for a team summary (team.h5), each athlete's\n"
    "latest session and finding, and the recordings its run left without a report (likewise for\n"
    "the list a shard of a job array keeps for merge, OUTDIR/.gaitbatch-left-K-of-N.h5).\n";

static const side_summary *find(const report_overview *o, const char *side, int which)
{
    const measure_info *info = measure_get_info(which);
    for (int i = 0; i < o->summary_count; i++)
        if (o->summary[i].side[0] == side[0] && strcmp(o->summary[i].measure, info->name) == 0)
            return &o->summary[i];
    return NULL;
}

/* A signed percentage, or a dash when there is none (too few segments, or no strides). */
static void print_percent(double value)
{
    if (isfinite(value))
        printf("%+.1f", display_signed(value, 1));
    else
        printf("-");
}

/* One two-sided measure's means, each to the decimals its resolution earns (a millisecond's tenth,
 * a centimetre), its SI and its drift. */
static void print_row(const report_overview *o, int which, const char *label, double scale,
                      const char *unit, int decimals)
{
    const side_summary *l = find(o, "L", which), *r = find(o, "R", which);
    if (!l || !r || (l->count == 0 && r->count == 0)) return;
    /* a side without the measure (a sensor on one foot only) shows a dash, not nan */
    char left[16] = "       -", right[16] = "       -";
    if (l->count > 0)
        snprintf(left, sizeof left, "%8.*f", decimals, display_signed(l->mean * scale, decimals));
    if (r->count > 0)
        snprintf(right, sizeof right, "%8.*f", decimals, display_signed(r->mean * scale, decimals));
    printf("  %-22s L %s  R %s %-8s", label, left, right, unit);
    for (int i = 0; i < o->asymmetry_count; i++)
        if (strcmp(o->asymmetry[i].measure, measure_get_info(which)->name) == 0 &&
            isfinite(o->asymmetry[i].symmetry_index_pct))
            printf("  SI %+6.1f %%", display_signed(o->asymmetry[i].symmetry_index_pct, 1));
    if (isfinite(l->drift_pct_per_10min) || isfinite(r->drift_pct_per_10min)) {
        printf("  drift L ");
        print_percent(l->drift_pct_per_10min);
        printf(" / R ");
        print_percent(r->drift_pct_per_10min);
        printf(" %%/10min");
    }
    printf("\n");
}

/* Findings first, in plain words: what may be going on, what the data show, what to do. */
static void print_findings(const report_overview *o)
{
    if (o->finding_count == 0) {
        printf("  findings: not judged yet (a batch run or `gaitbatch merge` adds them)\n");
        return;
    }
    int any = 0;
    for (int i = 0; i < o->finding_count; i++) {
        const finding_row *f = &o->findings[i];
        if (strcmp(f->level, "low") && strcmp(f->level, "moderate") && strcmp(f->level, "high"))
            continue;
        if (!any) printf("  FINDINGS (indicators with evidence, not diagnoses):\n");
        any = 1;
        printf("  * %s indicator of %s\n", f->level, f->words);
        for (int k = 0; k < o->indicator_count; k++) {
            const indicator_row *in = &o->indicators[k];
            if (strcmp(in->cause, f->cause) != 0) continue;
            printf("      - %s: %s %.3g %s (threshold %.3g", in->words, in->feature, in->value,
                   in->unit, in->threshold);
            if (isfinite(in->reference)) printf(", athlete's baseline %.3g", in->reference);
            printf(")\n        source: %s\n", in->citation);
        }
        printf("      what to do: %s\n", f->action);
        if (f->escalated) printf("      %s\n", judge_escalation_advice);
    }
    if (!any) printf("  findings: nothing above the normal range\n");
    for (int i = 0; i < o->finding_count; i++)
        if (strcmp(o->findings[i].level, "not assessable") == 0)
            printf("  not assessable here: %s (needs %s)\n", o->findings[i].words,
                   judge_cause_needs(i));
}

/* A second sensor's events against the reference's (/imu_events, /trunk_events): how far they
 * fall from them. */
static void print_agreement(const report_overview *o, const report_agreement *c)
{
    const char *sensor = c->sensor;
    const event_agreement *agreement = c->agreement;
    char table[32];
    snprintf(table, sizeof table, "%s_events", c->prefix);
    if (strstr(o->sensor_preset, "force") || strstr(o->sensor_preset, "switch"))
        printf("  %s beside the insoles (IMU - pressure; /%s):\n", sensor, table);
    else
        printf("  %s beside the %s (%s - %s; /%s):\n", sensor, o->sensor_preset, sensor,
               o->sensor_preset, table);
    for (int e = 0; e < COMPARE_EVENTS; e++) {
        const event_agreement *a = &agreement[e];
        if (a->matched == 0) {
            printf("    %-16s not given by this sensor\n", a->event);
            continue;
        }
        printf("    %-16s %lld of %lld matched, median %+.1f ms, mean %+.1f ms (SD %.1f)\n",
               a->event, (long long)a->matched, (long long)a->reference_events,
               display_signed(1000 * a->median_difference_s, 1),
               display_signed(1000 * a->mean_difference_s, 1), 1000 * a->sd_difference_s);
    }
}

/* /days, for a recording that spans more than one (a report from before 0.13.0 has none). */
static void print_days(const char *path)
{
    day_row *days = NULL;
    long count = 0;
    gb_error ignored = {0};
    if (report_read_days(path, &days, &count, &ignored) == 0 && count > 1) {
        printf("  per day (/days: %s; each bout in the day it starts):\n",
               days[0].date[0] ? "cut at midnight by the clock in days_clock"
                               : "24 h each from the start, whose date and time are not known");
        printf("    day  date        hours   worn  bouts  steps  in bouts   longest  cadence\n");
        for (long d = 0; d < count; d++) {
            const day_row *r = &days[d];
            char worn[16] = "    -"; /* a lower-back sensor's alone */
            if (isfinite(r->worn_s)) snprintf(worn, sizeof worn, "%5.1f", r->worn_s / 3600);
            printf("    %3d  %-10s  %5.1f  %s  %5d  %5d  %5.1f min  %4.1f min  %7.1f\n", r->day,
                   r->date[0] ? r->date : "-", r->duration_s / 3600, worn, r->bouts, r->steps,
                   r->gait_s / 60, r->longest_bout_s / 60, r->cadence_spm);
        }
    }
    free(days);
}

/* Who, what and from which input; what is missing; the findings; cadence, bouts and wear. */
static void print_overview(const char *path, const report_overview *o)
{
    printf("%s\n", path);
    printf("  athlete %s, session %s: %s, %.1f min, %ld strides, status: %s\n",
           o->athlete[0] ? o->athlete : "?", o->session[0] ? o->session : "?", o->activity,
           o->duration_s / 60, o->stride_count, o->status);
    printf("  input %s (%s%ssha256 %.12s...), %.6g Hz; gaitbatch %s, schema %d\n", o->input_path,
           o->input_format, o->input_format[0] ? ", " : "", o->input_sha256, o->sample_rate_hz,
           o->software_version, o->schema_version);
    if (o->missing_pct >= 0.1) /* NAN in reports from before 0.8.0 */
        printf("  missing: %.1f %% of the samples, in gaps beyond --bridge-gap (the strides beside "
               "them are left out)\n",
               o->missing_pct);
    if (o->valid_strides_bridged > 0)
        printf("  bridged: %ld of the %ld valid strides have samples drawn in within %.0f ms of an "
               "event (bridged_near_events_s in /strides: their timing is less certain)\n",
               o->valid_strides_bridged, o->valid_strides, 1000 * MEASURE_BRIDGE_NEAR_S);
    print_findings(o);
    if (isfinite(o->cadence_spm))
        printf("  cadence %.1f steps/min (spectrum: %.1f)", o->cadence_spm,
               o->cadence_spectral_spm);
    else /* "nan steps/min" read as a number */
        printf("  cadence: none without a valid stride (spectrum: %.1f)", o->cadence_spectral_spm);
    if (o->bout_count >= 0)
        printf("; %ld bout%s (/bouts: breaks over 3 s split them)", o->bout_count,
               o->bout_count == 1 ? "" : "s");
    printf("\n");
    /* NAN when not judged; a spell is whole blocks of 15 min, so a second less is rounding */
    if (o->worn_s < o->duration_s - 1)
        printf("  not worn: %.1f of the %.1f h (the sensor lay still for an hour or more; worn_s "
               "in /days)\n",
               (o->duration_s - o->worn_s) / 3600, o->duration_s / 3600);
}

/* The trunk's forward pitch in gait, against standing when there is a standing reference. */
static void print_trunk_pitch(const report_overview *o)
{
    double above = o->trunk_pitch_above_standing_deg;
    if (fabs(above) < 0.05) above = 0; /* not "-0.0" */
    const char *over = o->trunk_pitch_learnt ? "in gait" : "over the steps in gait";
    if (isfinite(above) && o->trunk_pitch_standing_found_s > 0)
        printf("  trunk pitch %.1f deg forward %s, %+.1f deg from standing (%.1f deg, over %.1f s "
               "of quiet standing next to gait)\n",
               o->trunk_pitch_deg, over, above, o->trunk_pitch_standing_deg,
               o->trunk_pitch_standing_found_s);
    else if (isfinite(above))
        printf("  trunk pitch %.1f deg forward %s, %+.1f deg from standing (standing_s: %.1f "
               "deg)\n",
               o->trunk_pitch_deg, over, above, o->trunk_pitch_standing_deg);
    else if (isfinite(o->trunk_pitch_deg) && o->trunk_pitch_standing_found_s == 0)
        printf("  trunk pitch %.1f deg forward %s (depends on how the sensor sits: no quiet "
               "standing was found next to gait to give it against; a few seconds standing still "
               "before setting off, or standing_s in the map, give one)\n",
               o->trunk_pitch_deg, over);
    else if (isfinite(o->trunk_pitch_deg))
        printf("  trunk pitch %.1f deg forward %s (depends on how the sensor sits: compare with "
               "the athlete's own sessions, or give standing_s in the map)\n",
               o->trunk_pitch_deg, over);
    if (o->trunk_pitch_learnt && isfinite(o->trunk_pitch_deg))
        printf("  (the pitch of the sensor's %s axis, the one nearest the forward learnt from the "
               "steps)\n",
               o->trunk_pitch_axis);
}

/* Each side's measures with their asymmetry and drift, where the sensors give them. */
static void print_measures(const report_overview *o)
{
    const char *f = o->force_unit;
    char impulse_unit[24], unit[24];
    snprintf(impulse_unit, sizeof impulse_unit, "%s*s", f);
    snprintf(unit, sizeof unit, "%s", f);
    print_row(o, MEASURE_CONTACT_TIME, "contact time", 1000, "ms", 1);
    print_row(o, MEASURE_SWING_TIME, "swing time", 1000, "ms", 1);
    print_row(o, MEASURE_STEP_TIME, "step time", 1000, "ms", 1);
    print_row(o, MEASURE_STEP_LENGTH, "step length", 1, "m", 2);
    print_row(o, MEASURE_STRIDE_LENGTH, "stride length", 1, "m", 2);
    /* (the column is walking_speed_m_per_s either way: a running foot's, since 0.10.0, is its
     * running speed) */
    print_row(o, MEASURE_WALKING_SPEED,
              strcmp(o->activity, "run") == 0 ? "running speed" : "walking speed", 1, "m/s", 2);
    /* running has flight and walking double support: the other one is about zero, and its
     * asymmetry and drift, relative to about zero, say nothing */
    if (strcmp(o->activity, "walk") != 0)
        print_row(o, MEASURE_FLIGHT_TIME, "flight time", 1000, "ms", 1);
    if (strcmp(o->activity, "run") != 0)
        print_row(o, MEASURE_DOUBLE_SUPPORT, "double support", 1000, "ms", 1);
    print_row(o, MEASURE_DUTY_FACTOR, "duty factor", 1, "", 3);
    /* inertial and spring-mass measures, each where the sensors and the map give it */
    print_row(o, MEASURE_TIBIAL_SHOCK, "peak tibial accel.", 1, "g", 1);
    print_row(o, MEASURE_VERTICAL_OSCILLATION, "vertical oscillation", 100, "cm", 1);
    print_row(o, MEASURE_VERTICAL_RATIO, "vertical ratio", 100, "%", 1);
    print_row(o, MEASURE_VERTICAL_STIFFNESS, "vertical stiffness", 1, "kN/m", 1);
    print_row(o, MEASURE_LEG_STIFFNESS, "leg stiffness", 1, "kN/m", 1);
    print_row(o, MEASURE_PEAK_FORCE, "peak force", 1, unit, 1);
    print_row(o, MEASURE_PUSHOFF_PEAK, "push-off peak", 1, unit, 1);
    print_row(o, MEASURE_PUSHOFF_IMPULSE, "push-off impulse", 1, impulse_unit, 1);
    if (strcmp(o->sensor_preset, "shank accelerometer") == 0)
        printf("  (tibial accelerometers time no toe-off: no contact, swing or flight time)\n");
    const char *clipped_effect = analysis_clipped_rows_effect(o->sensor_preset);
    if (o->valid_strides_shock_clipped > 0) /* since 0.21.0, stride by stride */
        printf("  (%ld of %ld valid strides have their tibial shock at the device's range limit, "
               "tibial_shock_clipped_s in /strides: each is at least the value read, its true "
               "height unknown)\n",
               o->valid_strides_shock_clipped, o->valid_strides);
    else if (o->clipped_rows_kept > 0 && clipped_effect)
        printf("  (%.0f samples reach the device's range limit and are read at it: %s)\n",
               o->clipped_rows_kept, clipped_effect);
    if (o->foot_swings_left_out > 0) /* a stride without a length has its swing among these */
        printf("  (stride lengths from %.0f swings of the shoes; %.0f left out: too long, rising "
               "or falling, saturated or with a gap)\n",
               o->foot_swings, o->foot_swings_left_out);
    printf("  SI = (R - L) / mean(L, R): negative means the right side is lower.\n");
}

/* What the checks of a lower-back sensor's axes found, and the forward axis to write. */
static void print_axis_checks(const report_overview *o)
{
    int sway = strncmp(o->sides_from, "trunk sway", 10) == 0; /* the lower-back sensor's sides */
    if (detect_forward_axis_sideways(o->forward_check_steps, o->forward_check_off_deg))
        printf("  WARNING: the map's forward_axis seems to point sideways: over %ld steps the "
               "braking and push-off\n  point %.0f deg to its %s%s%s%s, so %sthe trunk pitch\n"
               "  %s not to be trusted.\n",
               o->forward_check_steps, fabs(o->forward_check_off_deg),
               o->forward_check_off_deg > 0 ? "right" : "left",
               o->forward_learnt[0] ? " (nearest the sensor's " : "", o->forward_learnt,
               o->forward_learnt[0] ? " axis)" : "", sway ? "left and right and " : "",
               sway ? "are" : "is");
    else if (detect_forward_axis_reversed(o->forward_check_steps, o->forward_check_agreeing))
        printf("  WARNING: the map's forward_axis seems to point backwards: only %.0f %% of %ld "
               "steps' braking\n  and push-off agree with it, so %sthe trunk pitch's sign "
               "reversed.\n",
               100 * o->forward_check_agreeing, o->forward_check_steps,
               sway ? "left and right are likely swapped and\n  " : "");
    if (condition_up_axis_off(o->up_axis_off_deg))
        printf("  WARNING: the map's up_axis lies %.0f deg from the up measured in gait (the "
               "sensor's %s\n  axis pointed up): was the sensor worn %s, or is the map for another "
               "mounting?\n  The numbers follow the gravity measured, not the map's up_axis.\n",
               o->up_axis_off_deg, o->up_measured, condition_up_axis_worn(o->up_axis_off_deg));
    if (o->forward_relearnt > 0)
        printf("  the sensor seems to have been turned during the recording (%ld time%s): "
               "forward was learnt\n  afresh from the steps each time%s%s%s, and no trunk pitch "
               "is read along it.\n",
               o->forward_relearnt, o->forward_relearnt == 1 ? "" : "s",
               o->forward_learnt[0] ? ", last nearest the sensor's " : "", o->forward_learnt,
               o->forward_learnt[0] ? " axis" : "");
    /* learnt without a forward axis, one way round all through: the axis to write */
    else if (o->forward_learnt[0] && o->forward_check_steps == 0)
        printf(
            "  forward was nearest the sensor's %s axis (%.0f deg off, the sensor's tilt "
            "included)%s:\n  \"forward_axis\": \"%s\" in the map would give the trunk pitch%s.\n",
            o->forward_learnt, o->forward_learnt_off_deg,
            o->trunk_pitch_learnt ? "" : ", too far to one side of forward to read the pitch along",
            o->forward_learnt,
            o->trunk_pitch_learnt ? "\n  without learning forward (sessions too short to learn "
                                    "it from still get one)"
                                  : "");
}

/* An athlete's latest session (the last of its rows) and its highest finding. */
static void print_athlete(const team_row *rows, long count)
{
    const team_row *last = &rows[count - 1];
    printf("  %s: %ld session%s, latest %s: %s", last->athlete, count, count == 1 ? "" : "s",
           last->session, last->activity);
    if (isfinite(last->cadence_spm)) printf(", cadence %.1f steps/min", last->cadence_spm);
    int top = -1;
    for (int c = 0; c < CAUSE_COUNT; c++)
        if (strcmp(last->top_finding, judge_cause_name(c)) == 0) top = c;
    if (top >= 0)
        printf("; %s indicator of %s%s%s\n", last->findings[top], judge_cause_words(top),
               last->escalated[top] ? "; " : "",
               last->escalated[top] ? judge_escalation_advice : "");
    else if (last->findings[0][0])
        printf("; no finding above the normal range\n");
    else
        printf("\n");
}

/* A team summary: its athletes, then what its run left without a report; or a shard's list of
 * what it left (kind TEAM_SHARD_LIST). */
static int show_team(const char *path, int kind, const char *version, const char *created)
{
    team_row *rows = NULL;
    not_analysed_row *left = NULL;
    long count = 0, left_count = 0;
    gb_error err = {0};
    if ((kind == TEAM_SUMMARY && report_read_team(path, &rows, &count, &err) != 0) ||
        report_read_not_analysed(path, &left, &left_count, &err) != 0) {
        if (strcmp(version, GAITBATCH_VERSION) != 0) { /* its columns were another version's */
            gb_error_clear(&err);
            gb_error_set(&err, GB_E_FORMAT,
                         "%s: a %s made by gaitbatch %s, which this version (%s) cannot read; run "
                         "%s again to write it anew",
                         path, kind == TEAM_SUMMARY ? "team summary" : "shard's list", version,
                         GAITBATCH_VERSION,
                         kind == TEAM_SUMMARY ? "analyze (or merge) on its folder" : "that shard");
        }
        cli_print_error(&err);
        free(rows);
        free(left);
        return EXIT_SOME_FAILED;
    }
    if (kind == TEAM_SHARD_LIST)
        printf("%s: what a shard of a job array left without a report, for merge (gaitbatch %s, "
               "%s)\n",
               path, version, created);
    long athletes = 0;
    for (long i = 0; kind == TEAM_SUMMARY && i < count; i++)
        athletes += i == 0 || strcmp(rows[i].athlete, rows[i - 1].athlete) != 0;
    if (kind == TEAM_SUMMARY)
        printf("%s: team summary of %ld session%s of %ld athlete%s (gaitbatch %s, %s)\n", path,
               count, count == 1 ? "" : "s", athletes, athletes == 1 ? "" : "s", version, created);
    for (long start = 0; start < count;) { /* rows sorted by athlete and session */
        long end = start + 1;
        while (end < count && strcmp(rows[end].athlete, rows[start].athlete) == 0)
            end++;
        print_athlete(rows + start, end - start);
        start = end;
    }
    if (left_count > 0 || kind == TEAM_SHARD_LIST)
        printf("recordings its run left without a report (%ld)%s\n", left_count,
               left_count ? ":" : "");
    for (long i = 0; i < left_count; i++)
        printf("  %s: %s: %s\n", left[i].input, left[i].status, left[i].reason);
    free(rows);
    free(left);
    return EXIT_ALL_OK;
}

static int show_one(const char *path)
{
    char version[32], created[32];
    int kind = report_is_team(path, version, created);
    if (kind) return show_team(path, kind, version, created);
    report_overview *o = malloc(sizeof *o);
    gb_error err = {0};
    if (!o) return EXIT_CANNOT_RUN;
    if (report_read_overview(path, o, &err) != 0) {
        cli_print_error(&err);
        free(o);
        return EXIT_SOME_FAILED;
    }
    print_overview(path, o);
    print_days(path);
    print_trunk_pitch(o);
    print_measures(o);
    cli_print_sides(o->sides_from);
    print_axis_checks(o);
    /* the other sensors worn beside the one that makes the strides */
    for (int k = 0; k < o->comparison_count; k++)
        print_agreement(o, &o->comparisons[k]);
    free(o);
    return EXIT_ALL_OK;
}

int cmd_show(int argc, char **argv)
{
    static const struct option options[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (option == 'h') {
            printf("%s", show_help);
            return EXIT_ALL_OK;
        }
        return cli_usage_error("show", show_help);
    }
    if (optind >= argc) {
        return cli_usage_error("show", show_help);
    }
    int status = EXIT_ALL_OK;
    for (int i = optind; i < argc; i++)
        if (show_one(argv[i]) != EXIT_ALL_OK) status = EXIT_SOME_FAILED;
    return status;
}
