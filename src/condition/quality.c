#include "quality.h"

#include <math.h>
#include <stdlib.h>

#define CLIP_RUN 3

typedef struct channel_state {
    double previous;
    int64_t run; /* identical samples so far, including the current one */
    int64_t max_run, min_run;
    int64_t clipped_high, clipped_low; /* samples in plateaus at the maximum / minimum */
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
        q->result[c].minimum = INFINITY;
        q->result[c].maximum = -INFINITY;
        q->state[c].previous = NAN;
    }
    return q;
}

/* A run of identical samples ended (or the stream did): count it where it qualifies. */
static void close_run(quality *q, channel_quality *r, channel_state *s)
{
    if (s->run >= q->flat_run) r->flat_samples += s->run;
}

/* Channel by channel, with the state in locals: the frames could alias the state's doubles, so
 * working on the structs directly would store and reload them at every sample. */
void quality_set_two_sided(quality *q, int channel)
{
    if (channel >= 0 && channel < q->channels) q->state[channel].two_sided = 1;
}

/* A plateau at a rail grew by one sample: count it once it is CLIP_RUN long. */
static int64_t plateau_samples(int64_t run)
{
    return run > CLIP_RUN ? 1 : run == CLIP_RUN ? CLIP_RUN : 0;
}

void quality_process(quality *q, const double *frames, long n)
{
    for (int c = 0; c < q->channels; c++) {
        channel_quality *r = &q->result[c];
        channel_state *s = &q->state[c];
        double minimum = r->minimum, maximum = r->maximum, previous = s->previous;
        int64_t run = s->run, max_run = s->max_run, min_run = s->min_run;
        int64_t high = s->clipped_high, low = s->clipped_low;
        int64_t flat = r->flat_samples, flat_run = q->flat_run;
        int64_t gap_samples = r->gap_samples, gap_count = r->gap_count;
        int in_gap = s->in_gap, two_sided = s->two_sided;
        const double *x = frames + c;
        for (long i = 0; i < n; i++, x += q->channels) {
            double v = *x;
            if (v == previous) { /* the same value again: a flat or clipped run grows */
                run++;
                if (v == maximum) high += plateau_samples(++max_run);
                if (two_sided && v == minimum) low += plateau_samples(++min_run);
                continue;
            }
            if (run >= flat_run) flat += run; /* a run of identical samples ended */
            run = 1;
            previous = v;
            if (isnan(v)) {
                gap_samples++;
                gap_count += !in_gap;
                in_gap = 1;
                run = 0;
                continue;
            }
            in_gap = 0;
            if (v < minimum) {
                minimum = v;
                low = 0; /* a new minimum: earlier plateaus were not the rail */
            }
            if (v > maximum) {
                maximum = v;
                high = 0; /* a new maximum: earlier plateaus were not the rail */
            }
            max_run = v == maximum;
            min_run = v == minimum;
        }
        r->minimum = minimum, r->maximum = maximum, s->previous = previous;
        s->run = run, s->max_run = max_run, s->min_run = min_run;
        s->clipped_high = high, s->clipped_low = low;
        r->clipped_samples = high + low;
        r->flat_samples = flat, r->gap_samples = gap_samples, r->gap_count = gap_count;
        s->in_gap = in_gap;
        r->samples += n;
    }
}

/* An accelerometer's or gyroscope's range is symmetric (+-16 g, +-2000 deg/s): it saturates on
 * the side where the signal swings furthest from zero, or on both when they reach the same
 * magnitude. Plateaus at the other extreme are the sensor at rest (a noiseless one repeats its
 * resting value), not a rail. */
static void keep_rails(channel_quality *r, const channel_state *s)
{
    if (!s->two_sided) return;
    double top = fabs(r->maximum), bottom = fabs(r->minimum);
    int64_t high = top >= 0.95 * bottom ? s->clipped_high : 0;
    int64_t low = bottom >= 0.95 * top ? s->clipped_low : 0;
    r->clipped_samples = high + low;
}

const channel_quality *quality_finish(quality *q)
{
    for (int c = 0; c < q->channels; c++) {
        channel_quality *r = &q->result[c];
        close_run(q, r, &q->state[c]);
        q->state[c].run = 0;
        keep_rails(r, &q->state[c]);
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
