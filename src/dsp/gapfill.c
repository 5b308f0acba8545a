#include "gapfill.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../common/missing.h"

typedef struct gapfill_channel {
    double last_value;  /* the last sample present */
    int64_t last_frame; /* its frame; -1 before the first */
    int kept;           /* the run being handed out is too long (or unbounded): it stays missing */
    int64_t end_frame;  /* the first frame after the run being bridged; -1 while not known */
    double end_value;
    int64_t bridged;
} gapfill_channel;

struct gapfill {
    int channels;
    long max_run;
    long held;      /* frames held back for the next call, in hold */
    int64_t handed; /* frames handed out as final: the frame number of the buffer's first */
    double *hold;
    gapfill_channel *state;
    gapfill_run_fn on_run;
    void *run_ctx;
};

gapfill *gapfill_create(int channels, long max_run, gb_error *err)
{
    if (channels < 1 || max_run < 0) {
        gb_error_set(err, GB_E_ARG, "gapfill: %d channels, runs of %ld: need >= 1 and >= 0",
                     channels, max_run);
        return NULL;
    }
    gapfill *g = gb_calloc(1, sizeof *g, err);
    if (!g) return NULL;
    g->channels = channels;
    g->max_run = max_run;
    g->hold = gb_calloc((size_t)(max_run + 1) * (size_t)channels, sizeof(double), err);
    g->state = gb_calloc((size_t)channels, sizeof *g->state, err);
    if (!g->hold || !g->state) {
        gapfill_destroy(g);
        return NULL;
    }
    for (int c = 0; c < channels; c++)
        g->state[c].last_frame = g->state[c].end_frame = -1;
    return g;
}

/* The run of missing samples of channel c that starts at buffer frame i (the one after its last
 * sample present): its end and the value there, or kept when it is longer than max_run, has
 * nothing before it, holds a sample its device flagged (common/missing.h), or the stream ends in
 * it (at_end). 0 when the buffer ends before that is known. */
static int decide_run(gapfill *g, int c, const double *frames, long total, long i, int at_end)
{
    gapfill_channel *s = &g->state[c];
    const int64_t base = g->handed;
    const int64_t limit = s->last_frame + g->max_run + 1; /* the latest end of a bridged run */
    int flagged = gb_is_flagged_nan(frames[(size_t)i * g->channels + c]);
    for (long j = i + 1; !flagged && s->last_frame >= 0 && j < total && base + j <= limit; j++) {
        double v = frames[(size_t)j * g->channels + c];
        if (!isnan(v)) {
            s->end_frame = base + j;
            s->end_value = v;
            if (g->on_run) g->on_run(g->run_ctx, c, base + i, s->end_frame);
            return 1;
        }
        flagged = gb_is_flagged_nan(v);
    }
    if (flagged || s->last_frame < 0 || at_end || base + total > limit) {
        s->kept = 1;
        return 1;
    }
    return 0;
}

/* Makes the buffer's frames final from the first until one whose run is not yet decided, and
 * holds that one and the rest back. */
static long hand_out(gapfill *g, double *frames, long total, int at_end)
{
    const int channels = g->channels;
    const int64_t base = g->handed;
    long i = 0;
    for (; i < total; i++) {
        double *frame = frames + (size_t)i * channels;
        int open = 0;
        for (int c = 0; c < channels && !open; c++) {
            const gapfill_channel *s = &g->state[c];
            if (!isnan(frame[c]) || s->kept || s->end_frame > base + i) continue;
            open = !decide_run(g, c, frames, total, i, at_end);
        }
        if (open) break;
        for (int c = 0; c < channels; c++) {
            gapfill_channel *s = &g->state[c];
            if (!isnan(frame[c])) {
                s->last_value = frame[c];
                s->last_frame = base + i;
                s->kept = 0;
                s->end_frame = -1;
            } else if (!s->kept) {
                double share =
                    (double)(base + i - s->last_frame) / (double)(s->end_frame - s->last_frame);
                frame[c] = s->last_value + share * (s->end_value - s->last_value);
                s->bridged++;
            }
        }
    }
    g->held = total - i; /* at most max_run: the open run started at most that far back */
    memcpy(g->hold, frames + (size_t)i * channels, sizeof(double) * (size_t)g->held * channels);
    g->handed += i;
    return i;
}

long gapfill_process(gapfill *g, double *frames, long n)
{
    const int channels = g->channels;
    if (n <= 0) return 0;
    /* (an infinity takes the slow path harmlessly) */
    if (g->held == 0 && !gb_any_nonfinite(frames, (size_t)n * channels)) {
        /* the usual block: every sample present, nothing to hold */
        const double *last = frames + (size_t)(n - 1) * channels;
        for (int c = 0; c < channels; c++) {
            gapfill_channel *s = &g->state[c];
            s->last_value = last[c];
            s->last_frame = g->handed + n - 1;
            s->kept = 0;
            s->end_frame = -1;
        }
        g->handed += n;
        return n;
    }
    if (g->held > 0) { /* the held frames go first */
        memmove(frames + (size_t)g->held * channels, frames, sizeof(double) * (size_t)n * channels);
        memcpy(frames, g->hold, sizeof(double) * (size_t)g->held * channels);
    }
    return hand_out(g, frames, g->held + n, 0);
}

long gapfill_finish(gapfill *g, double *frames)
{
    long total = g->held;
    memcpy(frames, g->hold, sizeof(double) * (size_t)total * g->channels);
    return hand_out(g, frames, total, 1);
}

void gapfill_on_run(gapfill *g, gapfill_run_fn fn, void *ctx)
{
    g->on_run = fn;
    g->run_ctx = ctx;
}

long gapfill_held_max(const gapfill *g)
{
    return g->max_run;
}

int64_t gapfill_bridged(const gapfill *g)
{
    int64_t bridged = 0;
    for (int c = 0; c < g->channels; c++)
        bridged += g->state[c].bridged;
    return bridged;
}

int64_t gapfill_bridged_in(const gapfill *g, int channel)
{
    return channel >= 0 && channel < g->channels ? g->state[channel].bridged : 0;
}

void gapfill_destroy(gapfill *g)
{
    if (!g) return;
    free(g->hold);
    free(g->state);
    free(g);
}
