/* Internal to the detect module: the state shared by the force state machine (detect.c) and the
 * inertial ones (detect_imu.c). Not part of the public header. */
#ifndef GB_DETECT_PRIVATE_H
#define GB_DETECT_PRIVATE_H

#include <math.h>

#include "../dsp/minmax.h"
#include "detect.h"

#define DETECT_CHUNK 256       /* frames pushed into the rings before their samples are stepped */
#define SACRUM_SAME_BOUT_S 1.2 /* sacrum: steps closer than this alternate sides */
#define SACRUM_QUEUE 64        /* sacrum: steps held back until forward is learnt */
#define FORWARD_RECENT 8       /* sacrum: the last steps' evidence, to see forward turn */

enum { STATE_UNKNOWN, STATE_SWING, STATE_CONTACT };

/* Per foot: what every state machine shares, then what only one of them keeps. */
typedef struct foot {
    int side, active, has_heel;
    int total_signal, heel_signal;
    minmax *total_range;
    double *range_low, *range_high; /* the window's extremes after each push of a chunk */
    double *ring_total, *ring_heel;
    int state;
    long contact_trigger; /* sample where the current contact was recognised */
    double contact_start; /* its initial contact, in (fractional) samples */
    int have_pending;     /* a finished contact waiting for its swing to prove long enough */
    long pending_trigger;
    struct {
        contact_event pending;
        double pending_start; /* the pending contact's initial contact, in samples */
        double largest_range; /* the largest local range seen: smaller ones are idle */
        /* zero-load level, tracked from swing phases (NAN until the first swing is seen) */
        double swing_base, swing_heel_base;
    } force;
    struct {
        double pending_shock_g; /* the tibial shock after the pending initial contact */
        long last_peak;         /* the last mid-swing peak's sample, 0 before one */
        long last_stride;       /* the samples from the peak before it to it, 0 unknown */
    } shank;
    struct {
        double last_step_s;       /* the last step within a bout, 0 before one */
        int running;              /* free fall in the window: contacts read from its edges */
        long contact_trigger_run; /* running: where the current stance was recognised */
        int last_side;            /* the last step's side, 0 before the first */
        double spacing_step_s;    /* the last step the peak spacing below was made for */
        long spacing;             /* peaks closer than this (samples) are one step's */
        /* walking: the last step, held until the next shows its final contact */
        int holding;
        contact_event held;
        double held_across[2];
    } sacrum;
} foot;

struct detect {
    detect_config config;
    long half;      /* D: samples each side of the centred window */
    long ring_len;  /* how far back the state machines may look */
    long ring_mask; /* the rings hold ring_len + DETECT_CHUNK (a power of two): a slot is an AND */
    long search;    /* EDGE_SEARCH_S in samples */
    long received;  /* frames pushed so far */
    long visible;   /* frames the state machines see: a chunk is pushed before its samples are
                       stepped, and each step sees only what had arrived when its window did */
    long dropped;
    foot feet[2];
    /* sacrum: the Gaussian weights (2 side_half + 1) that band-pass the yaw rate for sides */
    double *side_weights;
    long side_half, side_mean_half;
    /* sacrum: running sums of the medio-lateral acceleration (its finite samples) and of its NaN
     * samples, kept in the right foot's rings, so any window's mean costs two look-ups; likewise
     * the sine of the forward pitch in pitch_sums (NaN in the same samples: both come from the
     * accelerometer's frame and the forward axis) */
    double sway_sum, sway_gaps, pitch_sum;
    double *pitch_sums;
    /* sacrum without a forward axis (config.learn_forward): the sway and pitch sums hold the two
     * horizontal components instead; forward is learnt from the steps (detect_imu.c), and the
     * steps before it is known wait here, with their sideways push along both. With a forward
     * axis (config.check_forward) it is learnt too, along ahead and right, to check the axis. */
    double forward_sum[2], forward_lengths;
    long forward_steps;
    int forward_learnt;
    /* without a forward axis, once learnt: the last steps' evidence (a ring), and how often it
     * pointed away from what was learnt so that forward was learnt afresh from it */
    double recent_change[FORWARD_RECENT][2];
    int recent_count, recent_next;
    long forward_relearnt;
    contact_event queued[SACRUM_QUEUE]; /* a ring: queued_count from queued_first on */
    double queued_push[SACRUM_QUEUE][2];
    long queued_forward[SACRUM_QUEUE]; /* forward_relearnt when its side was given, -1 before */
    int queued_first, queued_count;
    /* without a forward axis: the condition's ticks (a ring of tick_mask + 1, ticks_added in
     * all), each with the sum of the up vectors of all ticks before it, and the sum of all */
    long *tick_frames;
    double (*tick_sums_before)[3];
    double tick_sum[3];
    long tick_mask, ticks_added;
    /* with a forward axis (config.check_forward): the steps checked and those agreeing */
    long forward_checked, forward_agreeing;
};

static inline double at(const detect *d, const double *ring, long index)
{
    if (index < 0 || index >= d->visible || index <= d->visible - d->ring_len) return NAN;
    return ring[index & d->ring_mask];
}

/* Shared by the state machines (detect.c). */
double rising_crossing(const detect *d, const double *ring, long from, long to, double level);
double last_rising_crossing(const detect *d, const double *ring, long from, long to, double level);
double falling_crossing(const detect *d, const double *ring, long from, long to, double level);
double first_falling_crossing(const detect *d, const double *ring, long from, long to,
                              double level);
/* The stride frequency the cadence spectrum gives at a sample (detect_config), NAN unknown. */
double detect_stride_hz(const detect *d, long index);
double min_phase_samples(const detect *d, long index);
contact_event timing_only(int side, double start_s, double end_s);

/* The inertial state machines (detect_imu.c), one delayed sample j at a time: x its value, lowest
 * and highest the extremes of the window around it; finish_* flush a foot at the end. */
void step_gyro(detect *d, foot *f, long j, double x, double lowest, double highest);
void step_shank(detect *d, foot *f, long j, double x, double lowest, double highest);
void step_impact(detect *d, foot *f, long j, double x, double lowest, double highest);
void step_sacrum(detect *d, foot *f, long j, double x, double lowest, double highest);
void finish_sacrum(detect *d, foot *f);
int sacrum_create(detect *d, gb_error *err); /* the sacrum's tables, made once in detect_create */
void finish_shank(detect *d, foot *f);
void finish_impact(detect *d, foot *f);

#endif
