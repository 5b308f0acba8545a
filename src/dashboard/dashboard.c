#include "dashboard.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/display.h"
#include "../common/missing.h"

#define CHART_W 300
#define CHART_H 110
#define MARGIN_L 44
#define MARGIN_B 18

/* A session missing this share of its samples (after bridging) says so beside its row. */
#define DASHBOARD_MISSING_PCT 5.0

static void put_escaped(FILE *f, const char *text)
{
    for (; *text; text++) {
        switch (*text) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*text, f);
        }
    }
}

/* A value for a table cell: a dash where it is unknown. */
/* format prints `decimals` decimals */
static void put_number(FILE *f, double value, const char *format, int decimals)
{
    if (isfinite(value))
        fprintf(f, format, display_signed(value, decimals));
    else
        fputs("&ndash;", f);
}

/* A left-right SI of a session's timing: with sides that only alternate (no forward axis, no
 * gyroscope) the size holds, not the sign. */
static void put_timing_si(FILE *f, const team_row *row, double si)
{
    if (strcmp(row->sides_from, "alternation") == 0 && isfinite(si))
        fprintf(f, "&plusmn;%.1f", fabs(si));
    else
        put_number(f, si, "%+.1f", 1);
}

typedef struct series {
    const char *label, *colour;
    double values[512];
    /* per value, whether it is only a lower bound (a tibial shock read at the sensor's range
     * limit): drawn as a hollow point */
    unsigned char lower_bound[512];
} series;

/* A small line chart of up to two series over the sessions, with the range on the y axis. */
/* min_span keeps noise from filling the chart: the y range is at least that wide. */
static void put_chart(FILE *f, const char *title, const char *unit, const series *lines,
                      int line_count, long points, int zero_line, double min_span)
{
    double low = INFINITY, high = -INFINITY;
    int bounded = 0; /* a point drawn as a lower bound */
    for (int s = 0; s < line_count; s++)
        for (long i = 0; i < points; i++)
            if (isfinite(lines[s].values[i])) {
                low = fmin(low, lines[s].values[i]);
                high = fmax(high, lines[s].values[i]);
            }
    if (zero_line && isfinite(low)) low = fmin(low, 0), high = fmax(high, 0); /* no data stays so */
    fprintf(f, "<figure><figcaption>");
    put_escaped(f, title);
    fprintf(f, " (");
    put_escaped(f, unit);
    fprintf(f,
            ")</figcaption>\n<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">",
            CHART_W, CHART_H, CHART_W, CHART_H);
    if (!isfinite(low)) {
        fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"none\">no data</text></svg></figure>\n",
                MARGIN_L, CHART_H / 2);
        return;
    }
    if (high - low < min_span) {
        double middle = 0.5 * (high + low);
        low = middle - 0.5 * min_span, high = middle + 0.5 * min_span;
        if (zero_line && low > 0) high -= low, low = 0;
        if (zero_line && high < 0) low -= high, high = 0;
    }
    if (!(high > low)) low -= 0.5, high += 0.5; /* one value, and no min_span: still a range */
    /* the range out to round numbers, so the axis reads 240 to 265 ms or -6 to 6 %, not 241.3 to
     * 261.3 or -4.923 to 5.077: steps of 1, 2 or 5 times a power of ten, about a fifth of it */
    double fifth = (high - low) / 5, power = pow(10, floor(log10(fifth)));
    double step = fifth <= power       ? power
                  : fifth <= 2 * power ? 2 * power
                  : fifth <= 5 * power ? 5 * power
                                       : 10 * power;
    low = floor(low / step) * step, high = ceil(high / step) * step;
    double span = high - low, plot_w = CHART_W - MARGIN_L - 8, plot_h = CHART_H - MARGIN_B - 8;
#define X(i) (MARGIN_L + (points > 1 ? plot_w * (double)(i) / (double)(points - 1) : plot_w / 2))
#define Y(v) (8 + plot_h * (high - (v)) / span)
    fprintf(f, "<line x1=\"%d\" y1=\"8\" x2=\"%d\" y2=\"%.1f\" class=\"axis\"/>", MARGIN_L,
            MARGIN_L, 8 + plot_h);
    fprintf(f, "<text x=\"%d\" y=\"14\" class=\"tick\">%.4g</text>", MARGIN_L - 4, high);
    fprintf(f, "<text x=\"%d\" y=\"%.1f\" class=\"tick\">%.4g</text>", MARGIN_L - 4, 8 + plot_h,
            low);
    if (zero_line && low < 0 && high > 0)
        fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"zero\"/>", MARGIN_L,
                Y(0.0), CHART_W - 8, Y(0.0));
    for (int s = 0; s < line_count; s++) {
        fprintf(f, "<polyline class=\"line\" stroke=\"%s\" points=\"", lines[s].colour);
        for (long i = 0; i < points; i++)
            if (isfinite(lines[s].values[i])) fprintf(f, "%.1f,%.1f ", X(i), Y(lines[s].values[i]));
        fprintf(f, "\"/>");
        for (long i = 0; i < points; i++) {
            if (!isfinite(lines[s].values[i])) continue;
            if (lines[s].lower_bound[i]) {
                fprintf(f,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#fff\" stroke=\"%s\">"
                        "<title>at least %.1f %s: shocks reached the sensor's range limit"
                        "</title></circle>",
                        X(i), Y(lines[s].values[i]), lines[s].colour, lines[s].values[i], unit);
                bounded = 1;
            } else {
                fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", X(i),
                        Y(lines[s].values[i]), lines[s].colour);
            }
        }
        fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"legend\">%s</text>",
                MARGIN_L + 4 + 70 * s, CHART_H - 3, lines[s].colour, lines[s].label);
    }
    if (bounded)
        fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"legend\">hollow: at least this</text>",
                MARGIN_L + 4 + 70 * line_count, CHART_H - 3);
#undef X
#undef Y
    fprintf(f, "</svg></figure>\n");
}

/* Plain words on step-time balance (SI, positive = right steps longer), for the sessions whose
 * push-off is unknown (an IMU alone); with sides that only alternate, just the size. */
static void put_step_balance(FILE *f, const team_row *row)
{
    double si = row->step_time_si_pct;
    if (!isfinite(si))
        fputs("balance unknown", f);
    else if (strcmp(row->sides_from, "alternation") == 0)
        fprintf(f, "step times &plusmn;%.1f %% apart (sides unknown)", fabs(si));
    else if (fabs(si) < 0.5)
        fputs("step times even left to right", f);
    else
        fprintf(f, "%s steps %.1f %% longer than the %s", si > 0 ? "right" : "left", fabs(si),
                si > 0 ? "left" : "right");
}

/* Plain words on push-off balance: which side is lower, by how much (SI, negative = right lower);
 * the step times' balance when push-off is unknown. */
static void put_balance(FILE *f, const team_row *row)
{
    double si = row->pushoff_impulse_si_pct;
    if (!isfinite(si))
        put_step_balance(f, row);
    else if (strcmp(row->force_unit, "N") != 0) /* each foot's sensor has its own gain */
        fprintf(f, "push-off impulse SI %+.1f %%", display_signed(si, 1));
    else if (fabs(si) < 0.5)
        fputs("push-off even left to right", f);
    else
        fprintf(f, "%s push-off impulse %.1f %% lower than the %s", si < 0 ? "right" : "left",
                fabs(si), si < 0 ? "left" : "right");
}

/* The trunk pitch against the session before: above standing when both have it (a sensor strapped
 * on at another angle is no change), else as measured; none when they were read along different
 * axes or found different ways. */
static void put_pitch_change(FILE *f, const team_row *last, const team_row *before)
{
    if (!judge_pitches_compare(last->trunk_pitch_axis, last->trunk_pitch_learnt,
                               before->trunk_pitch_axis, before->trunk_pitch_learnt))
        return;
    double now = last->trunk_pitch_above_standing_deg;
    double then = before->trunk_pitch_above_standing_deg;
    const char *how = " (above standing)";
    if (!isfinite(now) || !isfinite(then)) {
        now = last->trunk_pitch_deg, then = before->trunk_pitch_deg;
        how = "";
    }
    if (isfinite(now) && isfinite(then))
        fprintf(f, "; trunk pitch in gait %+.1f deg%s", display_signed(now - then, 1), how);
}

static void put_changes(FILE *f, const team_row *rows, long count)
{
    const team_row *last = &rows[count - 1];
    fprintf(f, "<p class=\"changes\">Latest session ");
    put_escaped(f, last->session);
    fprintf(f, ": ");
    put_balance(f, last);
    if (count > 1) {
        const team_row *before = &rows[count - 2];
        fprintf(f, " (previous session: ");
        put_balance(f, before);
        fprintf(f, ")");
    }
    if (isfinite(last->pushoff_impulse_si_pct) && strcmp(last->force_unit, "N") != 0)
        fprintf(f, ", from uncalibrated sensors: watch its change, not its size");
    if (count > 1) {
        const team_row *before = &rows[count - 2];
        double now = 0.5 * (last->contact_time_left_s + last->contact_time_right_s);
        double then = 0.5 * (before->contact_time_left_s + before->contact_time_right_s);
        if (isfinite(now) && isfinite(then) && then > 0)
            fprintf(f, "; contact time %+.0f ms (%+.1f %%)", display_signed(1000 * (now - then), 0),
                    display_signed(100 * (now - then) / then, 1));
        if (isfinite(last->cadence_spm) && isfinite(before->cadence_spm))
            fprintf(f, "; cadence %+.1f steps/min",
                    display_signed(last->cadence_spm - before->cadence_spm, 1));
    }
    if (isfinite(last->walking_speed_m_per_s)) {
        fprintf(f, "; %s speed %.2f m/s",
                strcmp(last->activity, "run") == 0 ? "running" : "walking",
                last->walking_speed_m_per_s);
        if (count > 1 && isfinite(rows[count - 2].walking_speed_m_per_s))
            fprintf(f, " (%+.2f)",
                    display_signed(
                        last->walking_speed_m_per_s - rows[count - 2].walking_speed_m_per_s, 2));
    }
    double shock = gb_mean_of_sides(last->tibial_shock_left_g, last->tibial_shock_right_g);
    if (isfinite(shock) && last->tibial_shock_clipped) /* a lower bound: no change to give */
        fprintf(f,
                "; peak tibial acceleration at least %.1f g (shocks reached the sensor's range "
                "limit)",
                shock);
    else if (isfinite(shock)) { /* the impact the shanks take, and its change (since 0.12.0) */
        fprintf(f, "; peak tibial acceleration %.1f g", shock);
        double then = count > 1 ? gb_mean_of_sides(rows[count - 2].tibial_shock_left_g,
                                                   rows[count - 2].tibial_shock_right_g)
                                : NAN;
        if (isfinite(then)) fprintf(f, " (%+.1f)", display_signed(shock - then, 1));
    }
    if (isfinite(last->contact_time_drift_pct_per_10min))
        fprintf(f, "; within the session contact time drifted %+.1f %% per 10 min",
                display_signed(last->contact_time_drift_pct_per_10min, 1));
    if (count > 1) put_pitch_change(f, last, &rows[count - 2]);
    fprintf(f, ".</p>\n");
    if (last->forward_axis_reversed)
        fprintf(f, "<p class=\"warn\">In the latest session the lower-back sensor's forward_axis "
                   "seems to point backwards (its steps brake and push off against it): left and "
                   "right are likely swapped and the trunk pitch reversed. Check the channel "
                   "map.</p>\n");
    else if (last->forward_axis_sideways)
        fprintf(f, "<p class=\"warn\">In the latest session the lower-back sensor's forward_axis "
                   "seems to point sideways (its steps brake and push off across it): left and "
                   "right and the trunk pitch are not to be trusted. Check the channel "
                   "map.</p>\n");
    if (last->up_axis_off)
        fprintf(f, "<p class=\"warn\">In the latest session the lower-back sensor seems to have "
                   "been worn another way up than its channel map's up_axis says (upside down, "
                   "or on its side). The numbers follow the gravity measured; check how it was "
                   "strapped on, or the map.</p>\n");
}

/* The latest session's findings, highest first, with what to do. */
static void put_findings(FILE *f, const team_row *last)
{
    static const char *const order[] = {"high", "moderate", "low"};
    int any = 0;
    for (int k = 0; k < 3; k++)
        for (int c = 0; c < CAUSE_COUNT; c++) {
            if (strcmp(last->findings[c], order[k]) != 0) continue;
            if (!any) fprintf(f, "<ul class=\"findings\">\n");
            any = 1;
            fprintf(f, "<li class=\"finding %s\"><b>%s</b> indicator of ", order[k], order[k]);
            put_escaped(f, judge_cause_words(c));
            fprintf(f, ". What to do: ");
            put_escaped(f, judge_cause_action(c));
            fprintf(f, ".");
            if (last->escalated[c]) { /* a sentence of its own here: its first letter capital */
                fprintf(f, " <b>%c", toupper((unsigned char)judge_escalation_advice[0]));
                put_escaped(f, judge_escalation_advice + 1);
                fprintf(f, ".</b>");
            }
            fprintf(f, "</li>\n");
        }
    if (any)
        fprintf(f, "</ul>\n");
    else if (last->findings[0][0])
        fprintf(f, "<p class=\"findings none\">No finding above the normal range in the latest "
                   "session.</p>\n");
}

static const char *relative(const char *report, const char *folder)
{
    size_t n = strlen(folder);
    if (n && strncmp(report, folder, n) == 0 && report[n] == '/') return report + n + 1;
    return report;
}

/* An athlete's charts over its latest sessions. Contact time, push-off asymmetry and push-off
 * impulse; for an athlete whose sessions have no contact times (reports of a lower-back sensor
 * in walking from before 0.7.0, or fast walks) the step times instead of the first, and for one
 * with no push-off (no insoles) the step-time asymmetry and the cadence instead of the other two;
 * the trunk pitch for a lower-back sensor whose forward is known or learnt, the walking speed
 * for one with its height (or the walking or running speed of foot IMUs), and the tibial shock
 * of shank IMUs. */
static void put_charts(FILE *f, const team_row *first, long points)
{
    series contact[2] = {{.label = "left", .colour = "#1f77b4"},
                         {.label = "right", .colour = "#d62728"}};
    series step[2] = {{.label = "left", .colour = "#1f77b4"},
                      {.label = "right", .colour = "#d62728"}};
    series balance[1] = {{.label = "SI", .colour = "#2ca02c"}},
           step_balance[1] = {{.label = "SI", .colour = "#2ca02c"}};
    series impulse[2] = {{.label = "left", .colour = "#1f77b4"},
                         {.label = "right", .colour = "#d62728"}};
    series cadence[1] = {{.label = "steps/min", .colour = "#17becf"}};
    series pitch[2] = {{.label = "in gait", .colour = "#9467bd"},
                       {.label = "above standing", .colour = "#8c564b"}};
    series speed[1] = {{.label = "m/s", .colour = "#ff7f0e"}};
    series shock[2] = {{.label = "left", .colour = "#1f77b4"},
                       {.label = "right", .colour = "#d62728"}};
    int has_contact = 0, has_step = 0, has_pushoff = 0, has_pitch = 0, has_speed = 0;
    int has_shock = 0;
    long speed_runs = 0, speed_walks = 0;
    const team_row *latest = &first[points - 1];
    for (long i = 0; i < points; i++) {
        const team_row *r = &first[i];
        contact[0].values[i] = 1000 * r->contact_time_left_s;
        contact[1].values[i] = 1000 * r->contact_time_right_s;
        step[0].values[i] = 1000 * r->step_time_left_s;
        step[1].values[i] = 1000 * r->step_time_right_s;
        balance[0].values[i] = r->pushoff_impulse_si_pct;
        step_balance[0].values[i] = r->step_time_si_pct;
        impulse[0].values[i] = r->pushoff_impulse_left;
        impulse[1].values[i] = r->pushoff_impulse_right;
        cadence[0].values[i] = r->cadence_spm;
        /* only pitches that compare with the latest session's (judge_pitches_compare) */
        int alike = judge_pitches_compare(r->trunk_pitch_axis, r->trunk_pitch_learnt,
                                          latest->trunk_pitch_axis, latest->trunk_pitch_learnt);
        pitch[0].values[i] = alike ? r->trunk_pitch_deg : NAN;
        pitch[1].values[i] = alike ? r->trunk_pitch_above_standing_deg : NAN;
        speed[0].values[i] = r->walking_speed_m_per_s;
        has_speed |= isfinite(r->walking_speed_m_per_s);
        shock[0].values[i] = r->tibial_shock_left_g;
        shock[1].values[i] = r->tibial_shock_right_g;
        shock[0].lower_bound[i] = shock[1].lower_bound[i] = (unsigned char)r->tibial_shock_clipped;
        has_shock |= isfinite(r->tibial_shock_left_g) || isfinite(r->tibial_shock_right_g);
        /* (a running foot's since 0.10.0: the chart is named after the sessions it has) */
        if (isfinite(r->walking_speed_m_per_s)) {
            int run = strcmp(r->activity, "run") == 0;
            speed_runs += run, speed_walks += !run;
        }
        has_contact |= isfinite(r->contact_time_left_s) || isfinite(r->contact_time_right_s);
        has_step |= isfinite(r->step_time_left_s) || isfinite(r->step_time_right_s);
        has_pushoff |= isfinite(r->pushoff_impulse_left) || isfinite(r->pushoff_impulse_right);
        has_pitch |= isfinite(pitch[0].values[i]);
    }
    fprintf(f, "<div class=\"charts\">\n");
    if (!has_contact && has_step)
        put_chart(f, "Step time", "ms", step, 2, points, 0, 20.0);
    else
        put_chart(f, "Contact time", "ms", contact, 2, points, 0, 20.0);
    if (!has_pushoff && has_step) {
        put_chart(f, "Step time asymmetry, (R - L) / mean", "%", step_balance, 1, points, 1, 5.0);
        put_chart(f, "Cadence", "steps/min", cadence, 1, points, 0, 5.0);
    } else {
        char impulse_unit[32];
        snprintf(impulse_unit, sizeof impulse_unit, "%s\u00b7s", first[points - 1].force_unit);
        double typical_impulse = fabs(first[points - 1].pushoff_impulse_left);
        put_chart(f, "Push-off impulse asymmetry, (R - L) / mean", "%", balance, 1, points, 1,
                  10.0);
        put_chart(f, "Push-off impulse", impulse_unit, impulse, 2, points, 0,
                  isfinite(typical_impulse) ? 0.2 * typical_impulse : 1.0);
    }
    if (has_pitch) put_chart(f, "Trunk pitch, forward", "deg", pitch, 2, points, 1, 5.0);
    if (has_speed)
        put_chart(f,
                  speed_runs == 0    ? "Walking speed"
                  : speed_walks == 0 ? "Running speed"
                                     : "Walking and running speed",
                  "m/s", speed, 1, points, 0, 0.2);
    if (has_shock) put_chart(f, "Peak tibial acceleration", "g", shock, 2, points, 0, 1.0);
    fprintf(f, "</div>\n");
}

static void put_athlete(FILE *f, const team_row *rows, long count, const char *folder)
{
    fprintf(f, "<section class=\"athlete\" id=\"athlete-");
    put_escaped(f, rows[0].athlete);
    fprintf(f, "\">\n<h2>");
    put_escaped(f, rows[0].athlete[0] ? rows[0].athlete : "(no athlete id)");
    fprintf(f, "</h2>\n");
    put_changes(f, rows, count);
    put_findings(f, &rows[count - 1]);
    long points = count < 512 ? count : 512;
    const team_row *first = count > 512 ? rows + count - 512 : rows; /* the latest 512 sessions */
    put_charts(f, first, points);
    fprintf(f, "<table>\n<tr><th>session</th><th>activity</th><th>min</th>"
               "<th>min in gait</th>" /* the findings' training load */
               "<th>steps/min</th>"
               "<th>speed m/s</th>" /* walking, or running from shoe IMUs */
               "<th>contact L ms</th><th>contact R ms</th><th>flight L ms</th><th>flight R ms</th>"
               "<th>contact SI %%</th><th>step SI %%</th><th>push-off SI %%</th>"
               "<th>contact drift %%/10 min</th>"
               "<th>report</th></tr>\n");
    for (long i = 0; i < count; i++) {
        const team_row *r = &rows[i];
        fprintf(f, "<tr><td>");
        put_escaped(f, r->session);
        fprintf(f, "</td><td>");
        put_escaped(f, r->activity);
        fprintf(f, "</td><td>");
        put_number(f, r->duration_s / 60, "%.1f", 1);
        fprintf(f, "</td><td>");
        put_number(f, r->gait_s / 60, "%.1f", 1);
        fprintf(f, "</td><td>");
        put_number(f, r->cadence_spm, "%.1f", 1);
        fprintf(f, "</td><td>");
        put_number(f, r->walking_speed_m_per_s, "%.2f", 2);
        /* a walk has no flight: a dash, as `gaitbatch show` leaves it out, not an about-zero 0 */
        int walk = strcmp(r->activity, "walk") == 0;
        const double values[] = {1000 * r->contact_time_left_s, 1000 * r->contact_time_right_s,
                                 walk ? NAN : 1000 * r->flight_time_left_s,
                                 walk ? NAN : 1000 * r->flight_time_right_s};
        for (int k = 0; k < 4; k++) {
            fprintf(f, "</td><td>");
            put_number(f, values[k], "%.0f", 0);
        }
        fprintf(f, "</td><td>");
        put_timing_si(f, r, r->contact_time_si_pct);
        fprintf(f, "</td><td>");
        put_timing_si(f, r, r->step_time_si_pct);
        fprintf(f, "</td><td>");
        put_number(f, r->pushoff_impulse_si_pct, "%+.1f", 1);
        fprintf(f, "</td><td>");
        put_number(f, r->contact_time_drift_pct_per_10min, "%+.1f", 1);
        fprintf(f, "</td><td><a href=\"");
        put_escaped(f, relative(r->report, folder));
        fprintf(f, "\">h5</a>");
        if (strcmp(r->status, "ok") != 0) {
            fprintf(f, " <span class=\"warn\">");
            put_escaped(f, r->status);
            fprintf(f, "</span>");
        }
        if (r->missing_pct >= DASHBOARD_MISSING_PCT)
            fprintf(f,
                    " <span class=\"warn\">%.0f %% of the samples missing: the strides beside the "
                    "gaps are left out, so the figures rest on less of the session</span>",
                    r->missing_pct);
        if (r->forward_axis_reversed)
            fprintf(f, " <span class=\"warn\">the map's forward_axis seems to point backwards: "
                       "left and right likely swapped</span>");
        else if (r->forward_axis_sideways)
            fprintf(f, " <span class=\"warn\">the map's forward_axis seems to point sideways: "
                       "left and right not to be trusted</span>");
        if (r->up_axis_off)
            fprintf(f, " <span class=\"warn\">the sensor seems to have been worn another way up "
                       "than the map's up_axis says</span>");
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n</section>\n");
}

static const char style[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:70em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}"
    "table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #ddd;padding:.2em .5em;"
    "text-align:right}th{background:#f4f4f4}td:first-child,td:nth-child(2){text-align:left}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{font-size:.85em}"
    "svg{background:#fafafa;border:1px solid #eee}.axis{stroke:#999}.zero{stroke:#bbb;"
    "stroke-dasharray:3 3}.line{fill:none;stroke-width:1.5}.tick{font-size:9px;text-anchor:end;"
    "fill:#555}.legend{font-size:9px}.none{font-size:11px;fill:#999}.note{font-size:.85em;"
    "color:#555}.warn{color:#a40}.findings{font-size:.95em}.finding.high b{color:#b00}"
    ".finding.moderate b{color:#c60}.finding.low b{color:#886}table.left td,table.left "
    "th{text-align:left}";

/* more recordings not analysed than this: their list starts folded */
#define NOT_ANALYSED_SHOWN 10

/* The recordings the run left without a report, before the athletes: an upload that failed gets
 * no session, so without this a coach would not learn of it at all. */
static void put_not_analysed(FILE *f, const not_analysed_row *left, long left_count)
{
    if (left_count <= 0) return;
    long failed = 0, waiting = 0;
    for (long i = 0; i < left_count; i++) {
        failed += strcmp(left[i].status, "failed") == 0;
        waiting += strcmp(left[i].status, "waiting") == 0;
    }
    fprintf(
        f,
        "<section id=\"not-analysed\">\n<h2 class=\"warn\">Recordings not analysed (%ld)</h2>\n"
        "<p class=\"note\">No report was made of these in this run, so they are in no athlete's "
        "sessions below. ",
        left_count);
    if (failed)
        fputs("One that failed is tried again by every run until it is mended (what to do stands "
              "beside it) or taken out of the folder. ",
              f);
    if (waiting) fputs("One still arriving is analysed by the next run. ", f);
    if (failed + waiting < left_count)
        fputs("A text file with no map is passed over until it has one. ", f);
    /* a long list (a folder of broken uploads) stays folded, so the athletes are not pushed far
     * down: HTML's own details element, no script */
    fprintf(f, "</p>\n<details%s><summary>%ld recording%s: why each, and what to do</summary>\n",
            left_count > NOT_ANALYSED_SHOWN ? "" : " open", left_count, left_count == 1 ? "" : "s");
    fputs("<table class=\"left\">\n<tr><th>recording</th><th>status</th><th>why, and what to "
          "do</th></tr>\n",
          f);
    for (long i = 0; i < left_count; i++) {
        fputs("<tr><td>", f);
        put_escaped(f, left[i].input);
        fputs("</td><td>", f);
        put_escaped(f, left[i].status);
        fputs("</td><td>", f);
        put_escaped(f, left[i].reason);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n</details>\n</section>\n", f);
}

int dashboard_write(const char *path, const team_row *rows, long count,
                    const not_analysed_row *left, long left_count, const char *software_version,
                    long long created_unix, gb_error *err)
{
    char temporary[1100], folder[1024], created[32];
    snprintf(temporary, sizeof temporary, "%s.tmp-%ld", path, (long)getpid());
    snprintf(folder, sizeof folder, "%s", path);
    char *slash = strrchr(folder, '/');
    if (slash)
        *slash = '\0';
    else
        folder[0] = '\0';
    time_t t = (time_t)created_unix;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(created, sizeof created, "%Y-%m-%d %H:%M UTC", &tm);
    FILE *f = fopen(temporary, "w");
    if (!f)
        return gb_error_set(err, GB_E_IO, "%s: cannot write the dashboard: %s", temporary,
                            strerror(errno));
    long athletes = 0;
    for (long i = 0; i < count; i++)
        athletes += i == 0 || strcmp(rows[i].athlete, rows[i - 1].athlete) != 0;
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>gaitbatch team dashboard</title>\n<style>%s</style>\n</head>\n<body>\n",
            style);
    fprintf(f,
            "<h1>Team gait dashboard</h1>\n<p class=\"note\">%ld athletes, %ld sessions; made by "
            "gaitbatch %s on %s. Values are measurements with their uncertainty, not diagnoses: "
            "talk changes through with the athlete, and see a physical therapist about calf "
            "tightness that lasts more than two weeks.</p>\n",
            athletes, count, software_version, created);
    put_not_analysed(f, left, left_count);
    for (long start = 0; start < count;) {
        long end = start + 1;
        while (end < count && strcmp(rows[end].athlete, rows[start].athlete) == 0)
            end++;
        put_athlete(f, rows + start, end - start, folder);
        start = end;
    }
    fprintf(f, "</body>\n</html>\n");
    int failed = ferror(f);
    failed |= fclose(f) != 0;
    return gb_replace_file(temporary, path, failed, "dashboard", err);
}
