#include "standing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A stretch of ticks: the acceleration summed over them (one sample each), and how many */
typedef struct sums {
    double acceleration[3];
    long ticks;
} sums;

struct standing_finder {
    long samples_per_tick;
    double per_tick, per_second; /* 1 / the samples of a tick, and of activity_ticks ticks */
    double upright_cos, steady_cos;
    long window_ticks, gait_min_ticks, quiet_min_ticks, near_ticks, activity_ticks;
    long tick; /* ticks seen */
    /* the last activity_ticks ticks' sums of the vertical motion and of its squares (0 for a tick
     * with a gap) and whether it had one (a ring), the sums over them and the ticks with gaps */
    double (*activity)[2];
    char *gap;
    long activity_next; /* the slot the next tick takes (a counter, not a division per tick) */
    double activity_sum[2];
    long activity_gaps;
    /* the quiet spell under way: where it began, its length, its first window_ticks ticks
     * (head) and its last window_ticks ticks (tail, a ring) */
    long quiet_first, quiet_ticks;
    sums *head, *tail;
    long tail_next; /* the tail's slot for the next quiet tick */
    /* the last quiet spell of at least quiet_min_ticks that ended: its tail and its end (-1: used,
     * or none) */
    sums last_tail;
    long last_end;
    /* activity under way since active_first (-1: none); gait once it lasted gait_min_ticks, and
     * its acceleration's sums since */
    long active_first;
    int gait;
    sums gait_sums;
    /* the quiet spell before this gait, until the gait's direction is known */
    int before_waiting;
    sums before;
    /* the last gait's end and its sums, while the quiet spell after it is awaited */
    int after_waiting;
    long gait_end;
    sums last_gait;
    sums found;
};

static long ticks_of(double seconds, double tick_s)
{
    long n = (long)ceil(seconds / tick_s - 1e-9);
    return n < 1 ? 1 : n;
}

standing_finder *standing_new(double tick_s, long samples_per_tick, gb_error *err)
{
    if (!(tick_s > 0) || samples_per_tick < 1) {
        gb_error_set(err, GB_E_ARG, "standing: ticks of %g s and %ld samples: need both > 0",
                     tick_s, samples_per_tick);
        return NULL;
    }
    standing_finder *s = gb_calloc(1, sizeof *s, err);
    if (!s) return NULL;
    s->samples_per_tick = samples_per_tick;
    s->window_ticks = ticks_of(STANDING_WINDOW_MAX_S, tick_s);
    s->gait_min_ticks = ticks_of(STANDING_GAIT_MIN_S, tick_s);
    s->quiet_min_ticks = ticks_of(STANDING_QUIET_MIN_S, tick_s);
    s->near_ticks = ticks_of(STANDING_NEAR_S, tick_s);
    s->activity_ticks = ticks_of(1.0, tick_s);
    s->per_tick = 1.0 / (double)samples_per_tick;
    s->per_second = s->per_tick / (double)s->activity_ticks;
    s->upright_cos = cos(STANDING_UPRIGHT_DEG * M_PI / 180.0);
    s->steady_cos = cos(STANDING_STEADY_DEG * M_PI / 180.0);
    s->activity = gb_calloc((size_t)s->activity_ticks, sizeof *s->activity, err);
    s->gap = gb_calloc((size_t)s->activity_ticks, sizeof *s->gap, err);
    s->head = gb_calloc((size_t)s->window_ticks, sizeof *s->head, err);
    s->tail = gb_calloc((size_t)s->window_ticks, sizeof *s->tail, err);
    if (!s->activity || !s->gap || !s->head || !s->tail) {
        standing_delete(s);
        return NULL;
    }
    memset(s->gap, 1, (size_t)s->activity_ticks); /* nothing seen yet: not active */
    s->activity_gaps = s->activity_ticks;
    s->last_end = s->active_first = -1;
    return s;
}

static void add(sums *to, const sums *from)
{
    for (int k = 0; k < 3; k++)
        to->acceleration[k] += from->acceleration[k];
    to->ticks += from->ticks;
}

/* The cosine of the angle between two vectors; -1 when one is zero. */
static double cosine(const double a[3], const double b[3])
{
    double lengths = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) *
                     sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    return lengths > 0 ? (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / lengths : -1;
}

/* Whether a quiet spell's acceleration points within STANDING_UPRIGHT_DEG of the gait's. */
static int upright_as_in(const standing_finder *s, const sums *quiet, const sums *gait)
{
    return quiet->ticks > 0 && gait->ticks > 0 &&
           cosine(quiet->acceleration, gait->acceleration) >= s->upright_cos;
}

/* The part of a quiet spell next to gait that held still: from its tick nearest the gait,
 * ticks[(start + step j) mod ring] for j = 0 .. count - 1, while each points within
 * STANDING_STEADY_DEG of that one, so a slow rise from a chair before it (quiet too) or a slow
 * sit after does not count; none when that is shorter than quiet_min_ticks. */
static sums steady_part(const standing_finder *s, const sums *ticks, long ring, long start,
                        int step, long count)
{
    sums part = {{0, 0, 0}, 0};
    const sums *nearest = &ticks[start];
    long j = 0;
    for (; j < count; j++) {
        const sums *tick = &ticks[((start + step * j) % ring + ring) % ring];
        if (cosine(tick->acceleration, nearest->acceleration) < s->steady_cos) break;
        add(&part, tick);
    }
    if (j < s->quiet_min_ticks) memset(&part, 0, sizeof part);
    return part;
}

/* The quiet spell under way, from its start: the part after a gait. */
static sums steady_head(const standing_finder *s)
{
    long kept = s->quiet_ticks < s->window_ticks ? s->quiet_ticks : s->window_ticks;
    return steady_part(s, s->head, s->window_ticks, 0, +1, kept);
}

static void judge(standing_finder *s, const sums *quiet, const sums *gait)
{
    if (upright_as_in(s, quiet, gait)) add(&s->found, quiet);
}

/* The quiet spell under way, once its head is complete or it ends: standing after the last gait
 * when it began near that gait's end (the activity measure lags the last step by up to a
 * second, so the spell may begin before the gait is over). */
static int after_gait(const standing_finder *s)
{
    return s->after_waiting && s->quiet_first >= s->gait_end - s->near_ticks - s->activity_ticks &&
           s->quiet_first <= s->gait_end + s->near_ticks;
}

/* The quiet spell under way, judged as standing after the last gait. */
static void judge_after(standing_finder *s)
{
    sums part = steady_head(s);
    judge(s, &part, &s->last_gait);
    s->after_waiting = 0;
}

static void quiet_tick(standing_finder *s, const sums *tick)
{
    if (s->quiet_ticks == 0) s->quiet_first = s->tick, s->tail_next = 0;
    if (s->quiet_ticks < s->window_ticks) s->head[s->quiet_ticks] = *tick;
    s->tail[s->tail_next] = *tick;
    if (++s->tail_next == s->window_ticks) s->tail_next = 0;
    s->quiet_ticks++;
    if (s->quiet_ticks == s->window_ticks && after_gait(s)) judge_after(s);
}

static void end_quiet(standing_finder *s)
{
    if (s->quiet_ticks >= s->quiet_min_ticks) {
        long kept = s->quiet_ticks < s->window_ticks ? s->quiet_ticks : s->window_ticks;
        /* back from its last tick, the one nearest the gait that may follow */
        s->last_tail = steady_part(s, s->tail, s->window_ticks,
                                   (s->quiet_ticks - 1) % s->window_ticks, -1, kept);
        s->last_end = s->last_tail.ticks > 0 ? s->tick : -1;
        if (s->quiet_ticks < s->window_ticks && after_gait(s)) judge_after(s);
    }
    s->quiet_ticks = 0;
}

static void activity_tick(standing_finder *s, const sums *tick, int active)
{
    if (!active) {
        if (s->gait) {
            if (s->before_waiting) judge(s, &s->before, &s->gait_sums);
            s->before_waiting = 0;
            s->after_waiting = 1;
            s->gait_end = s->tick;
            s->last_gait = s->gait_sums;
        }
        s->gait = 0;
        s->active_first = -1;
        return;
    }
    if (s->active_first < 0) s->active_first = s->tick;
    if (!s->gait && s->tick - s->active_first + 1 >= s->gait_min_ticks) {
        s->gait = 1;
        memset(&s->gait_sums, 0, sizeof s->gait_sums);
        s->after_waiting = 0; /* a new gait: the quiet spell after the last one never came */
        if (s->last_end >= 0 && s->active_first - s->last_end <= s->near_ticks) {
            s->before_waiting = 1;
            s->before = s->last_tail;
        }
        s->last_end = -1;
    }
    if (!s->gait) return;
    add(&s->gait_sums, tick);
    if (s->before_waiting && s->gait_sums.ticks >= s->gait_min_ticks) {
        judge(s, &s->before, &s->gait_sums);
        s->before_waiting = 0;
    }
}

void standing_tick(standing_finder *s, standing_sums sample_sums)
{
    const double *a = sample_sums.acceleration;
    sums tick = {{a[0], a[1], a[2]}, 1};
    /* (the first tick holds only the stream's first sample) */
    int complete = !sample_sums.gap && sample_sums.samples == s->samples_per_tick && s->tick > 0;
    /* the vertical motion's variance in the tick: a trunk at rest has the sensor's noise alone,
     * whatever its posture, even while the tracked gravity direction still catches up with it */
    double mean = complete ? sample_sums.motion * s->per_tick : 0;
    double variance =
        complete ? fmax(0.0, sample_sums.motion_squares * s->per_tick - mean * mean) : 0;
    long slot = s->activity_next;
    if (++s->activity_next == s->activity_ticks) s->activity_next = 0;
    double now[2] = {complete ? sample_sums.motion : 0, complete ? sample_sums.motion_squares : 0};
    for (int k = 0; k < 2; k++) {
        s->activity_sum[k] += now[k] - s->activity[slot][k];
        s->activity[slot][k] = now[k];
    }
    s->activity_gaps += !complete - s->gap[slot];
    s->gap[slot] = (char)!complete;
    int quiet = complete && variance < STANDING_QUIET_G * STANDING_QUIET_G;
    if (quiet)
        quiet_tick(s, &tick);
    else if (s->quiet_ticks > 0)
        end_quiet(s);
    /* over the last second: the variance across its ticks too, as a stride swings */
    double second_mean = s->activity_sum[0] * s->per_second;
    double second_variance = s->activity_sum[1] * s->per_second - second_mean * second_mean;
    int active = s->activity_gaps == 0 && second_variance > STANDING_ACTIVE_G * STANDING_ACTIVE_G;
    activity_tick(s, &tick, active);
    s->tick++;
}

long standing_found(const standing_finder *s, double sum[3])
{
    sums found = s->found;
    /* what is still waiting at the end: the gait under way, or the quiet spell after the last */
    if (s->before_waiting && upright_as_in(s, &s->before, &s->gait_sums)) add(&found, &s->before);
    sums part = steady_head(s);
    if (s->quiet_ticks >= s->quiet_min_ticks && s->quiet_ticks < s->window_ticks && after_gait(s) &&
        upright_as_in(s, &part, &s->last_gait))
        add(&found, &part);
    memcpy(sum, found.acceleration, sizeof found.acceleration);
    return found.ticks * s->samples_per_tick;
}

void standing_delete(standing_finder *s)
{
    if (!s) return;
    free(s->activity);
    free(s->gap);
    free(s->head);
    free(s->tail);
    free(s);
}
