#include "compare.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../read/channel_map.h"

#define DEFAULT_MATCH_S 0.25 /* without a median step (fewer than two reference contacts) */

/* Both sides' contacts merged in time order (each side is already in order). */
static const contact_event **merged(const measure *m, long *count, gb_error *err)
{
    long left_count, right_count, l = 0, r = 0, n = 0;
    const contact_event *left = measure_contacts(m, SIDE_LEFT, &left_count);
    const contact_event *right = measure_contacts(m, SIDE_RIGHT, &right_count);
    const contact_event **all = gb_calloc((size_t)(left_count + right_count) + 1, sizeof *all, err);
    if (!all) return NULL;
    while (l < left_count || r < right_count) {
        int take_right = l == left_count || (r < right_count && right[r].initial_contact_s <
                                                                    left[l].initial_contact_s);
        all[n++] = take_right ? &right[r++] : &left[l++];
    }
    *count = n;
    return all;
}

/* Index of the contact whose initial contact is nearest to t, or -1 (binary search). */
static long nearest(const contact_event *const *events, long n, double t)
{
    long low = 0, high = n;
    while (low < high) {
        long middle = low + (high - low) / 2;
        if (events[middle]->initial_contact_s < t)
            low = middle + 1;
        else
            high = middle;
    }
    if (low == n) return n - 1;
    if (low > 0 && t - events[low - 1]->initial_contact_s < events[low]->initial_contact_s - t)
        return low - 1;
    return low;
}

static double median_step(const contact_event *const *events, long n, double *scratch)
{
    for (long i = 1; i < n; i++)
        scratch[i - 1] = events[i]->initial_contact_s - events[i - 1]->initial_contact_s;
    return n > 1 ? gsl_stats_median(scratch, 1, (size_t)(n - 1)) : NAN;
}

static const char *side_name(int side)
{
    return side == SIDE_RIGHT ? "R" : "L";
}

static event_pair pair_of(const contact_event *ref, const contact_event *imu)
{
    event_pair p;
    memset(&p, 0, sizeof p);
    snprintf(p.side, sizeof p.side, "%s", side_name(ref->side));
    snprintf(p.imu_side, sizeof p.imu_side, "%s", side_name(imu->side));
    p.initial_contact_s = ref->initial_contact_s;
    p.imu_initial_contact_s = imu->initial_contact_s;
    p.initial_contact_difference_s = imu->initial_contact_s - ref->initial_contact_s;
    p.toe_off_s = ref->toe_off_s;
    p.imu_toe_off_s = imu->toe_off_s;
    p.toe_off_difference_s = imu->toe_off_s - ref->toe_off_s; /* NAN propagates */
    p.contact_time_difference_s =
        (imu->toe_off_s - imu->initial_contact_s) - (ref->toe_off_s - ref->initial_contact_s);
    return p;
}

/* Summary of one difference column over the pairs (values: scratch with room for count). */
static void summarise(event_agreement *a, const event_pair *pairs, long count, size_t offset,
                      double *values)
{
    size_t n = 0;
    for (long i = 0; i < count; i++) {
        double v;
        memcpy(&v, (const char *)&pairs[i] + offset, sizeof v);
        if (isfinite(v)) values[n++] = v;
    }
    a->matched = (int64_t)n;
    a->mean_difference_s = n ? gsl_stats_mean(values, 1, n) : NAN;
    a->sd_difference_s = n > 1 ? gsl_stats_sd(values, 1, n) : NAN;
    a->median_difference_s = n ? gsl_stats_median(values, 1, n) : NAN; /* reorders values */
    for (size_t i = 0; i < n; i++)
        values[i] = fabs(values[i]);
    a->median_absolute_difference_s = n ? gsl_stats_median(values, 1, n) : NAN;
}

static int64_t count_with(const contact_event *const *events, long n, int toe_off)
{
    int64_t k = 0;
    for (long i = 0; i < n; i++)
        k += toe_off ? isfinite(events[i]->toe_off_s) : isfinite(events[i]->initial_contact_s);
    return k;
}

int compare_events(const measure *reference, const measure *imu, event_pair **pairs,
                   long *pair_count, event_agreement agreement[COMPARE_EVENTS], gb_error *err)
{
    long ref_n = 0, imu_n = 0, n = 0;
    const contact_event **ref = merged(reference, &ref_n, err);
    const contact_event **other = ref ? merged(imu, &imu_n, err) : NULL;
    double *scratch = other ? gb_calloc((size_t)ref_n + 1, sizeof *scratch, err) : NULL;
    event_pair *rows = scratch ? gb_calloc((size_t)ref_n + 1, sizeof *rows, err) : NULL;
    if (!rows) goto fail;
    double step = median_step(ref, ref_n, scratch);
    double limit = isfinite(step) ? 0.5 * step : DEFAULT_MATCH_S;
    for (long i = 0; imu_n > 0 && i < ref_n; i++) {
        long j = nearest(other, imu_n, ref[i]->initial_contact_s);
        if (fabs(other[j]->initial_contact_s - ref[i]->initial_contact_s) >= limit) continue;
        if (nearest(ref, ref_n, other[j]->initial_contact_s) != i) continue; /* not mutual */
        rows[n++] = pair_of(ref[i], other[j]);
    }
    static const char *const names[COMPARE_EVENTS] = {"initial_contact", "toe_off", "contact_time"};
    static const size_t columns[COMPARE_EVENTS] = {
        offsetof(event_pair, initial_contact_difference_s),
        offsetof(event_pair, toe_off_difference_s),
        offsetof(event_pair, contact_time_difference_s)};
    for (int e = 0; e < COMPARE_EVENTS; e++) {
        event_agreement *a = &agreement[e];
        memset(a, 0, sizeof *a);
        snprintf(a->event, sizeof a->event, "%s", names[e]);
        a->reference_events = count_with(ref, ref_n, e != COMPARE_INITIAL_CONTACT);
        a->imu_events = count_with(other, imu_n, e != COMPARE_INITIAL_CONTACT);
        summarise(a, rows, n, columns[e], scratch);
        for (long i = 0; e == COMPARE_INITIAL_CONTACT && i < n; i++)
            a->sides_agree += rows[i].side[0] == rows[i].imu_side[0];
    }
    free(ref);
    free(other);
    free(scratch);
    *pairs = rows;
    *pair_count = n;
    return 0;
fail:
    free(ref);
    free(other);
    free(scratch);
    return err->code;
}
