#include "quality.h"

#include <math.h>
#include <stdlib.h>

#define CLIP_RUN 3
/* A rail cuts a signal off mid-motion: the sample before a plateau lies at least this share of the
 * range away from it, and the signal was still moving, that sample's value held no longer than
 * itself. A smooth peak that rounds to the same value a few times does not: a device's coarse
 * steps (1/256 g) hold the level below the peak too as the signal slows towards it. */
#define CLIP_APPROACH 0.01

/* One channel's running state. quality_process copies it into a local while it scans a block:
 * the frames could alias its doubles, so working on it in place would store and reload them
 * every sample. The reported figures (channel_quality) are made from it in quality_finish. */
typedef struct channel_state {
    double minimum, maximum;
    double previous, before; /* the last value, and the one before its run of repeats */
    int64_t before_run;      /* samples the value before held */
    int64_t run;             /* identical samples so far, including the current one */
    int64_t max_run, min_run;
    int64_t high, low; /* samples in plateaus at the maximum / minimum */
    int64_t flat, gap_samples, gap_count, samples;
    int in_gap;
    int two_sided; /* the minimum is a rail too (accelerometers, gyroscopes) */
} channel_state;

struct quality {
    int channels;
    int64_t flat_run;
    channel_quality *result;
    channel_state *state;
};

quality *quality_create(int channels, double sample_rate_hz, gb_error *err)
{
    quality *q = gb_calloc(1, sizeof *q, err);
    if (!q) return NULL;
    q->channels = channels;
    q->flat_run = (int64_t)ceil(sample_rate_hz);
    q->result = gb_calloc((size_t)channels, sizeof *q->result, err);
    q->state = gb_calloc((size_t)channels, sizeof *q->state, err);
    if (!q->result || !q->state) {
        quality_destroy(q);
        return NULL;
    }
    for (int c = 0; c < channels; c++) {
        q->state[c].minimum = INFINITY;
        q->state[c].maximum = -INFINITY;
        q->state[c].previous = q->state[c].before = NAN;
    }
    return q;
}

void quality_set_two_sided(quality *q, int channel)
{
    if (channel >= 0 && channel < q->channels) q->state[channel].two_sided = 1;
}

/* A plateau at a rail grew by one sample: count it once it is CLIP_RUN long. */
static int64_t plateau_samples(int64_t run)
{
    return run > CLIP_RUN ? 1 : run == CLIP_RUN ? CLIP_RUN : 0;
}

static inline void scan_sample(channel_state *k, double v, int64_t flat_run)
{
    if (v == k->previous) { /* the same value again: a flat or clipped run grows */
        k->run++;
        double approach = CLIP_APPROACH * (k->maximum - k->minimum);
        int moving = k->before_run == 1;
        if (v == k->maximum && moving && k->maximum - k->before >= approach)
            k->high += plateau_samples(++k->max_run);
        if (k->two_sided && moving && v == k->minimum && k->before - k->minimum >= approach)
            k->low += plateau_samples(++k->min_run);
        return;
    }
    if (k->run >= flat_run) k->flat += k->run; /* a run of identical samples ended */
    k->before_run = k->run;
    k->run = 1;
    k->before = k->previous;
    k->previous = v;
    if (isnan(v)) {
        k->gap_samples++;
        k->gap_count += !k->in_gap;
        k->in_gap = 1;
        k->run = 0;
        return;
    }
    k->in_gap = 0;
    if (v < k->minimum) {
        k->minimum = v;
        k->low = 0; /* a new minimum: earlier plateaus were not the rail */
    }
    if (v > k->maximum) {
        k->maximum = v;
        k->high = 0; /* a new maximum: earlier plateaus were not the rail */
    }
    k->max_run = v == k->maximum;
    k->min_run = v == k->minimum;
}

/* scan_sample for a value strictly inside the range seen so far: it touches neither rail, nor
 * is it NaN, so only the run of repeats moves (and a previous value inside the range left no
 * plateau count running). */
static inline void repeat_inside(channel_state *k, double v, int64_t flat_run)
{
    if (v == k->previous) {
        k->run++;
        return;
    }
    if (k->run >= flat_run) k->flat += k->run;
    k->before_run = k->run;
    k->run = 1;
    k->before = k->previous;
    k->previous = v;
    k->in_gap = 0;
    k->max_run = k->min_run = 0;
}

void quality_process(quality *q, const double *frames, long n)
{
    long stride = q->channels;
    int64_t flat_run = q->flat_run;
    for (int c = 0; c < q->channels; c++) {
        channel_state k = q->state[c];
        const double *x = frames + c;
        long i = 0;
        for (; i + 4 <= n; i += 4, x += 4 * stride) {
            double v0 = x[0], v1 = x[stride], v2 = x[2 * stride], v3 = x[3 * stride];
            /* the common case, decided with one branch: four samples, each different from the
             * one before and strictly inside the range seen so far (NaN fails the test) */
            int inside = (v0 > k.minimum) & (v0 < k.maximum) & (v1 > k.minimum) & (v1 < k.maximum) &
                         (v2 > k.minimum) & (v2 < k.maximum) & (v3 > k.minimum) & (v3 < k.maximum);
            int changing = (v0 != k.previous) & (v1 != v0) & (v2 != v1) & (v3 != v2);
            if (inside & changing) {
                if (k.run >= flat_run) k.flat += k.run;
                k.run = 1;
                k.before = v2;
                k.before_run = 1; /* v2 differs from v1 and v3 */
                k.previous = v3;
                k.in_gap = 0;
                k.max_run = k.min_run = 0;
                continue;
            }
            if (inside) { /* repeats inside the range (a device's 1/256 g steps): runs only */
                const double four[4] = {v0, v1, v2, v3};
                for (int j = 0; j < 4; j++)
                    repeat_inside(&k, four[j], flat_run);
                continue;
            }
            scan_sample(&k, v0, flat_run);
            scan_sample(&k, v1, flat_run);
            scan_sample(&k, v2, flat_run);
            scan_sample(&k, v3, flat_run);
        }
        for (; i < n; i++, x += stride)
            scan_sample(&k, *x, flat_run);
        k.samples += n;
        q->state[c] = k;
    }
}

/* Samples in plateaus at the rails. An accelerometer's or gyroscope's range is symmetric (+-16 g,
 * +-2000 deg/s): it saturates on the side where the signal swings furthest from zero, or on both
 * when they reach the same magnitude; plateaus at the other extreme are the sensor at rest (a
 * noiseless one repeats its resting value), not a rail. A constant channel is flat, not clipped. */
static int64_t clipped_samples(const channel_state *s)
{
    if (s->minimum == s->maximum) return 0;
    if (!s->two_sided) return s->high;
    double top = fabs(s->maximum), bottom = fabs(s->minimum);
    return (top >= 0.95 * bottom ? s->high : 0) + (bottom >= 0.95 * top ? s->low : 0);
}

const channel_quality *quality_finish(quality *q)
{
    for (int c = 0; c < q->channels; c++) {
        channel_state *s = &q->state[c];
        channel_quality *r = &q->result[c];
        if (s->run >= q->flat_run) s->flat += s->run; /* the stream ended a run */
        s->run = 0;
        r->samples = s->samples;
        r->minimum = s->minimum;
        r->maximum = s->maximum;
        r->clipped_samples = clipped_samples(s);
        r->flat_samples = s->flat;
        r->gap_samples = s->gap_samples;
        r->gap_count = s->gap_count;
        double n = r->samples > 0 ? (double)r->samples : 1.0;
        r->clipping_pct = 100.0 * (double)r->clipped_samples / n;
        r->flatline_pct = 100.0 * (double)r->flat_samples / n;
        r->gap_pct = 100.0 * (double)r->gap_samples / n;
        if (r->samples == r->gap_samples) r->minimum = r->maximum = NAN;
    }
    return q->result;
}

void quality_destroy(quality *q)
{
    if (!q) return;
    free(q->result);
    free(q->state);
    free(q);
}
