/* standing: quiet standing next to gait, found in a lower-back accelerometer's stream without
 * the map's standing_s, as the reference the trunk pitch in gait is given against.
 *
 * The stream comes in ticks (0.1 s, condition's frame refresh). A tick is quiet when the vertical
 * acceleration hardly varies in it (any posture at rest); the sensor is active when it varies
 * over the last second as in gait. Gait is a spell of activity lasting
 * STANDING_GAIT_MIN_S. Quiet standing is the last STANDING_WINDOW_MAX_S of a quiet spell that
 * ends at most STANDING_NEAR_S before such a spell began, and the first STANDING_WINDOW_MAX_S of
 * one that starts at most STANDING_NEAR_S around its end: people stand before they set off and
 * when they stop. A quiet spell counts only when its acceleration (gravity) points within
 * STANDING_UPRIGHT_DEG of the mean acceleration of the gait next to it, so sitting down before or
 * after (the trunk leaning back) does not count, nor does lying; and only as far as it held still,
 * each tick within STANDING_STEADY_DEG of the one next to gait, since rising from a chair slowly
 * is quiet too. Memory is constant, and the
 * ticks alone decide, so the block size changes nothing. */
#ifndef GB_STANDING_H
#define GB_STANDING_H

#include "../common/gb_error.h"

#define STANDING_QUIET_G                                                                           \
    0.025                       /* a quiet tick: the vertical SD under this (standing: 0.002-0.01) \
                                 */
#define STANDING_ACTIVE_G 0.08  /* active: the vertical SD over the last second above this */
#define STANDING_GAIT_MIN_S 2.0 /* a spell of activity this long is gait */
#define STANDING_QUIET_MIN_S 0.5  /* a quiet spell shorter than this does not count */
#define STANDING_WINDOW_MAX_S 3.0 /* the part of a quiet spell next to gait that counts */
#define STANDING_NEAR_S 1.0       /* how far a quiet spell may lie from the gait beside it */
#define STANDING_UPRIGHT_DEG 10.0 /* gravity's direction standing, against gait's */
#define STANDING_STEADY_DEG 3.0   /* standing holds still: each tick against the one next to gait */

typedef struct standing_finder standing_finder;

/* One tick: the acceleration at its last sample (g, per axis: standing still, gravity), the sum
 * and the sum of squares of the vertical motion (the acceleration along the tracked gravity
 * direction less its magnitude) over its samples, their number, and whether samples were missing
 * in it (a gap: neither quiet nor gait). */
typedef struct standing_sums {
    double acceleration[3];
    double motion, motion_squares;
    long samples;
    int gap;
} standing_sums;

/* Ticks of tick_s seconds (samples_per_tick samples each). */
standing_finder *standing_new(double tick_s, long samples_per_tick, gb_error *err);
void standing_tick(standing_finder *s, standing_sums tick);
/* The acceleration summed over the ticks of quiet standing found so far (sum[3], one sample a
 * tick: its direction is gravity's); returns the samples those ticks span. */
long standing_found(const standing_finder *s, double sum[3]);
void standing_delete(standing_finder *s);

#endif
