#include "measure.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../read/channel_map.h"

#define STANDARD_GRAVITY 9.80665
#define MIN_SEGMENT_STRIDES 3
#define MIN_DRIFT_SEGMENTS 3

static const measure_info measures[MEASURE_COUNT] = {
    [MEASURE_CONTACT_TIME] = {"contact_time_s", "s", offsetof(stride_row, contact_time_s)},
    [MEASURE_SWING_TIME] = {"swing_time_s", "s", offsetof(stride_row, swing_time_s)},
    [MEASURE_STRIDE_TIME] = {"stride_time_s", "s", offsetof(stride_row, stride_time_s)},
    [MEASURE_STEP_TIME] = {"step_time_s", "s", offsetof(stride_row, step_time_s)},
    [MEASURE_FLIGHT_TIME] = {"flight_time_s", "s", offsetof(stride_row, flight_time_s)},
    [MEASURE_DOUBLE_SUPPORT] = {"double_support_s", "s", offsetof(stride_row, double_support_s)},
    [MEASURE_DUTY_FACTOR] = {"duty_factor", "1", offsetof(stride_row, duty_factor)},
    [MEASURE_PEAK_FORCE] = {"peak_force_N", "force", offsetof(stride_row, peak_force_N)},
    [MEASURE_PUSHOFF_PEAK] = {"pushoff_peak_N", "force", offsetof(stride_row, pushoff_peak_N)},
    [MEASURE_PUSHOFF_IMPULSE] = {"pushoff_impulse_Ns", "force*s",
                                 offsetof(stride_row, pushoff_impulse_Ns)},
    [MEASURE_LOADING_RATE] = {"loading_rate_N_per_s", "force/s",
                              offsetof(stride_row, loading_rate_N_per_s)},
};

typedef struct contact_list {
    contact_event *items;
    long count, capacity;
} contact_list;

struct measure {
    measure_config config;
    contact_list contacts[2]; /* left, right */
    int failed;
    measure_result result;
    double *scratch;
};

const measure_info *measure_get_info(int m)
{
    return m >= 0 && m < MEASURE_COUNT ? &measures[m] : NULL;
}

void measure_unit(const measure_info *info, const char *force_unit, char *out, size_t size)
{
    if (strncmp(info->unit, "force", 5) == 0)
        snprintf(out, size, "%s%s", force_unit, info->unit + 5);
    else
        snprintf(out, size, "%s", info->unit);
}

static double value_of(const stride_row *row, int m)
{
    double value;
    memcpy(&value, (const char *)row + measures[m].offset, sizeof value);
    return value;
}

measure *measure_create(const measure_config *config, gb_error *err)
{
    if (!(config->segment_s > 0)) {
        gb_error_set(err, GB_E_ARG, "measure: segment length %g s must be > 0", config->segment_s);
        return NULL;
    }
    measure *m = gb_calloc(1, sizeof *m, err);
    if (m) m->config = *config;
    return m;
}

int measure_add_contact(measure *m, const contact_event *event)
{
    contact_list *list = &m->contacts[event->side == SIDE_RIGHT];
    if (list->count == list->capacity) {
        long capacity = list->capacity ? 2 * list->capacity : 256;
        contact_event *items = realloc(list->items, (size_t)capacity * sizeof *items);
        if (!items) {
            m->failed = 1;
            return GB_E_NOMEM;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = *event;
    return 0;
}

void measure_set_duration(measure *m, double duration_s)
{
    m->config.duration_s = duration_s;
}

void measure_on_contact(void *measure_object, const contact_event *event)
{
    measure_add_contact(measure_object, event);
}

/* Overlap of [a0, a1] and [b0, b1]. */
static double overlap(double a0, double a1, double b0, double b1)
{
    double start = a0 > b0 ? a0 : b0, end = a1 < b1 ? a1 : b1;
    return end > start ? end - start : 0;
}

static double median_of(double *values, long n)
{
    return n > 0 ? gsl_stats_median(values, 1, (size_t)n) : NAN;
}

static void fill_stride(const contact_list *self, const contact_list *other, long k, long *cursor,
                        stride_row *row)
{
    const contact_event *c = &self->items[k], *next = &self->items[k + 1];
    memset(row, 0, sizeof *row);
    row->side[0] = c->side == SIDE_RIGHT ? 'R' : 'L';
    row->initial_contact_s = c->initial_contact_s;
    row->toe_off_s = c->toe_off_s;
    row->contact_time_s = c->toe_off_s - c->initial_contact_s;
    row->stride_time_s = next->initial_contact_s - c->initial_contact_s;
    row->swing_time_s = next->initial_contact_s - c->toe_off_s;
    row->duty_factor = row->contact_time_s / row->stride_time_s;
    row->heel_off_s = c->heel_off_s;
    row->peak_force_N = c->peak_force;
    row->pushoff_peak_N = c->pushoff_peak;
    row->pushoff_impulse_Ns = c->pushoff_impulse;
    row->loading_rate_N_per_s = c->loading_rate;
    /* the other foot's latest contact starting before this one */
    while (*cursor + 1 < other->count &&
           other->items[*cursor + 1].initial_contact_s < c->initial_contact_s)
        (*cursor)++;
    row->step_time_s = row->flight_time_s = row->double_support_s = NAN;
    if (*cursor < other->count && other->items[*cursor].initial_contact_s < c->initial_contact_s) {
        const contact_event *previous = &other->items[*cursor];
        double step = c->initial_contact_s - previous->initial_contact_s;
        if (step < row->stride_time_s) {
            row->step_time_s = step;
            double airborne = c->initial_contact_s - previous->toe_off_s;
            row->flight_time_s = airborne > 0 ? airborne : 0;
            double support = 0;
            for (long o = *cursor;
                 o < other->count && other->items[o].initial_contact_s < c->toe_off_s; o++)
                support += overlap(c->initial_contact_s, c->toe_off_s,
                                   other->items[o].initial_contact_s, other->items[o].toe_off_s);
            row->double_support_s = support;
        }
    }
    row->valid = 1;
}

static void judge_validity(stride_row *rows, long n, double median_stride)
{
    for (long i = 0; i < n; i++) {
        stride_row *r = &rows[i];
        const char *reason = NULL;
        if (r->stride_time_s > 1.5 * median_stride)
            reason = "long stride (gap or pause)";
        else if (r->stride_time_s < 0.5 * median_stride)
            reason = "short stride";
        else if (!(r->contact_time_s > 0) || !(r->swing_time_s > 0))
            reason = "phase implausible";
        if (reason) {
            r->valid = 0;
            snprintf(r->invalid_reason, sizeof r->invalid_reason, "%s", reason);
        }
    }
}

static int build_side(measure *m, int side_index, stride_row *out, long *count)
{
    const contact_list *self = &m->contacts[side_index], *other = &m->contacts[!side_index];
    long cursor = 0, n = self->count > 0 ? self->count - 1 : 0;
    for (long k = 0; k < n; k++)
        fill_stride(self, other, k, &cursor, &out[k]);
    for (long k = 0; k < n; k++)
        m->scratch[k] = out[k].stride_time_s;
    judge_validity(out, n, median_of(m->scratch, n));
    *count = n;
    return 0;
}

static int compare_strides(const void *a, const void *b)
{
    double x = ((const stride_row *)a)->initial_contact_s,
           y = ((const stride_row *)b)->initial_contact_s;
    return (x > y) - (x < y);
}

/* Statistics of one measure over valid strides of one side within [start, end). */
static long gather(const measure *m, const char *side, int which, double start, double end,
                   double *values)
{
    long n = 0;
    for (long i = 0; i < m->result.stride_count; i++) {
        const stride_row *r = &m->result.strides[i];
        if (!r->valid || r->side[0] != side[0] || r->initial_contact_s < start ||
            r->initial_contact_s >= end)
            continue;
        double v = value_of(r, which);
        if (!isnan(v)) values[n++] = v;
    }
    return n;
}

/* Segment means in one pass over the strides (sums per segment, side and measure). */
static void build_segments(measure *m)
{
    measure_result *res = &m->result;
    double length = m->config.segment_s;
    long per_side = (long)ceil(m->config.duration_s / length);
    if (per_side < 1) per_side = 1;
    long rows = per_side * 2;
    res->segments = calloc((size_t)rows, sizeof *res->segments);
    long *counts = calloc((size_t)rows * MEASURE_COUNT, sizeof *counts);
    if (!res->segments || !counts) {
        free(counts);
        m->failed = 1;
        return;
    }
    for (long s = 0; s < per_side; s++)
        for (int side = 0; side < 2; side++) {
            segment_row *row = &res->segments[2 * s + side];
            row->segment = (int)s;
            row->side[0] = side ? 'R' : 'L';
            row->start_s = (double)s * length;
            row->end_s = row->start_s + length;
        }
    res->segment_count = rows;
    for (long i = 0; i < res->stride_count; i++) {
        const stride_row *r = &res->strides[i];
        long s = (long)floor(r->initial_contact_s / length);
        if (!r->valid || s < 0 || s >= per_side) continue;
        long row = 2 * s + (r->side[0] == 'R');
        for (int k = 0; k < MEASURE_COUNT; k++) {
            double v = value_of(r, k);
            if (isnan(v)) continue;
            res->segments[row].mean[k] += v;
            counts[row * MEASURE_COUNT + k]++;
        }
    }
    for (long row = 0; row < rows; row++) {
        segment_row *seg = &res->segments[row];
        for (int k = 0; k < MEASURE_COUNT; k++) {
            long n = counts[row * MEASURE_COUNT + k];
            seg->mean[k] = n > 0 ? seg->mean[k] / (double)n : NAN;
        }
        seg->strides = (int)counts[row * MEASURE_COUNT + MEASURE_STRIDE_TIME];
        seg->cadence_spm = seg->strides > 0 ? 120.0 / seg->mean[MEASURE_STRIDE_TIME] : NAN;
    }
    free(counts);
}

/* Drift: least-squares slope of segment means against segment mid-times, as % of the mean per 10
 * min. Segments with fewer than MIN_SEGMENT_STRIDES strides say too little and are left out. */
static double drift(const measure *m, const char *side, int which, double mean)
{
    double x[4096], y[4096];
    size_t n = 0;
    for (long i = 0; i < m->result.segment_count && n < 4096; i++) {
        const segment_row *s = &m->result.segments[i];
        if (s->side[0] != side[0] || s->strides < MIN_SEGMENT_STRIDES || isnan(s->mean[which]))
            continue;
        x[n] = 0.5 * (s->start_s + s->end_s);
        y[n++] = s->mean[which];
    }
    if (n < MIN_DRIFT_SEGMENTS || mean == 0) return NAN;
    double c0, c1, cov00, cov01, cov11, sumsq;
    if (gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) != 0) return NAN;
    return c1 * 600.0 / mean * 100.0;
}

static void build_summary(measure *m)
{
    measure_result *res = &m->result;
    double weight = m->config.force_is_newton && m->config.body_mass_kg > 0
                        ? m->config.body_mass_kg * STANDARD_GRAVITY
                        : NAN;
    for (int side = 0; side < 2; side++)
        for (int k = 0; k < MEASURE_COUNT; k++) {
            side_summary *s = &res->summary[res->summary_count++];
            s->side[0] = side ? 'R' : 'L';
            snprintf(s->measure, sizeof s->measure, "%s", measures[k].name);
            measure_unit(&measures[k], m->config.force_unit, s->unit, sizeof s->unit);
            long n = gather(m, s->side, k, -INFINITY, INFINITY, m->scratch);
            s->count = (int)n;
            s->mean = n > 0 ? gsl_stats_mean(m->scratch, 1, (size_t)n) : NAN;
            s->sd = n > 1 ? gsl_stats_sd(m->scratch, 1, (size_t)n) : NAN;
            s->cv_pct = s->mean != 0 ? 100.0 * s->sd / fabs(s->mean) : NAN;
            s->median = median_of(m->scratch, n);
            s->drift_pct_per_10min = drift(m, s->side, k, s->mean);
            s->mean_per_body_weight =
                strncmp(measures[k].unit, "force", 5) == 0 ? s->mean / weight : NAN;
        }
    for (int k = 0; k < MEASURE_COUNT; k++) {
        asymmetry_row *a = &res->asymmetry[res->asymmetry_count++];
        snprintf(a->measure, sizeof a->measure, "%s", measures[k].name);
        measure_unit(&measures[k], m->config.force_unit, a->unit, sizeof a->unit);
        a->left_mean = res->summary[k].mean;
        a->right_mean = res->summary[MEASURE_COUNT + k].mean;
        double sum = a->left_mean + a->right_mean;
        a->symmetry_index_pct =
            sum != 0 ? (a->right_mean - a->left_mean) / (0.5 * sum) * 100.0 : NAN;
        a->left_share_pct = sum != 0 ? a->left_mean / sum * 100.0 : NAN;
    }
}

static void classify(measure *m)
{
    measure_result *res = &m->result;
    long n = 0;
    for (long i = 0; i < res->stride_count; i++)
        if (res->strides[i].valid) m->scratch[n++] = res->strides[i].stride_time_s;
    res->valid_strides = n;
    res->cadence_spm = n > 0 ? 120.0 / median_of(m->scratch, n) : NAN;
    double flight =
        median_of(m->scratch, gather(m, "L", MEASURE_FLIGHT_TIME, -INFINITY, INFINITY, m->scratch));
    double support = median_of(
        m->scratch, gather(m, "L", MEASURE_DOUBLE_SUPPORT, -INFINITY, INFINITY, m->scratch));
    if (n == 0)
        snprintf(res->activity, sizeof res->activity, "none");
    else if (flight > 0.02 && !(support > 0.01))
        snprintf(res->activity, sizeof res->activity, "run");
    else
        snprintf(res->activity, sizeof res->activity, "walk");
}

int measure_finish(measure *m, const measure_result **result, gb_error *err)
{
    measure_result *res = &m->result;
    long total = m->contacts[0].count + m->contacts[1].count;
    res->strides = calloc((size_t)total + 1, sizeof *res->strides);
    m->scratch = calloc((size_t)total + 1, sizeof *m->scratch);
    if (!res->strides || !m->scratch || m->failed)
        return gb_error_set(err, GB_E_NOMEM, "out of memory collecting %ld contacts", total);
    long left = 0, right = 0;
    build_side(m, 0, res->strides, &left);
    build_side(m, 1, res->strides + left, &right);
    res->stride_count = left + right;
    res->steps = total;
    /* the strides carry everything now: give the contacts' memory back before the report is written
     */
    for (int side = 0; side < 2; side++) {
        free(m->contacts[side].items);
        m->contacts[side] = (contact_list){0};
    }
    qsort(res->strides, (size_t)res->stride_count, sizeof *res->strides, compare_strides);
    build_segments(m);
    if (m->failed) return gb_error_set(err, GB_E_NOMEM, "out of memory building segments");
    build_summary(m);
    classify(m);
    *result = res;
    return 0;
}

void measure_destroy(measure *m)
{
    if (!m) return;
    free(m->contacts[0].items);
    free(m->contacts[1].items);
    free(m->result.strides);
    free(m->result.segments);
    free(m->scratch);
    free(m);
}
