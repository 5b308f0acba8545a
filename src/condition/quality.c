#include "quality.h"

#include <math.h>
#include <stdlib.h>

#define CLIP_RUN 3

typedef struct channel_state {
    double previous;
    int64_t run; /* identical samples so far, including the current one */
    int64_t max_run;
    int in_gap;
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

void quality_process(quality *q, const double *frames, long n)
{
    for (long i = 0; i < n; i++)
        for (int c = 0; c < q->channels; c++) {
            double x = frames[(size_t)i * q->channels + c];
            channel_quality *r = &q->result[c];
            channel_state *s = &q->state[c];
            r->samples++;
            if (isnan(x)) {
                r->gap_samples++;
                if (!s->in_gap) r->gap_count++;
                s->in_gap = 1;
                close_run(q, r, s);
                s->run = 0;
                s->previous = NAN;
                continue;
            }
            s->in_gap = 0;
            if (x > r->maximum) {
                r->maximum = x;
                r->clipped_samples = 0; /* a new maximum: earlier plateaus were not the rail */
                s->max_run = 0;
            }
            if (x < r->minimum) r->minimum = x;
            if (x == s->previous) {
                s->run++;
            } else {
                close_run(q, r, s);
                s->run = 1;
            }
            if (x == r->maximum) {
                s->max_run++;
                if (s->max_run == CLIP_RUN) r->clipped_samples += CLIP_RUN;
                else if (s->max_run > CLIP_RUN) r->clipped_samples++;
            } else {
                s->max_run = 0;
            }
            s->previous = x;
        }
}

const channel_quality *quality_finish(quality *q)
{
    for (int c = 0; c < q->channels; c++) {
        channel_quality *r = &q->result[c];
        close_run(q, r, &q->state[c]);
        q->state[c].run = 0;
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
