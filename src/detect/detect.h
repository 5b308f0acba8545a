/* detect: ground contacts per foot from conditioned force, block by block.
 * Each foot runs a hysteresis state machine around an adaptive threshold: baseline = the minimum
 * and range = max - min over a centred window (default 4 s, a bounded delay line), contact when the
 * force rises above baseline + 15 % of the range, swing when it falls below baseline + 10 %. Event
 * times are the force edge (through its 10 % and 30 % crossings) extrapolated to the baseline, so
 * they do not lag with the threshold. Phases shorter than a cadence-derived minimum are merged
 * away; events next to gaps are dropped. At toe-off the contact's samples are still in the delay
 * line, so the contact's force features (peak, heel-off, push-off peak and impulse, loading rate)
 * are measured here. */
#ifndef GB_DETECT_H
#define GB_DETECT_H

#include "../common/gb_error.h"
#include "../condition/condition.h"

typedef struct contact_event {
    int side; /* SIDE_LEFT / SIDE_RIGHT */
    /* sacrum IMU without a forward axis: the mean gravity direction (condition_tick's up) over the
     * step that ends at this contact, for its trunk pitch once the axis to read it along is known
     * (measure_set_pitch_axis); NAN else. Floats beside side: the event stays 104 bytes. */
    float trunk_up[3];
    double initial_contact_s, toe_off_s;
    double heel_off_s;             /* NAN without heel zones */
    double peak_force;             /* above baseline, in the foot's unit */
    double pushoff_peak;           /* max force from heel-off (or mid-stance) to toe-off */
    double pushoff_impulse;        /* force-time integral over the same span, unit*s */
    double loading_rate;           /* 20-80 % rise to the first peak, unit/s */
    double peak_tibial_g;          /* shank IMU: highest acceleration magnitude within
                                      DETECT_SHOCK_WINDOW_S after contact, g */
    double vertical_oscillation_m; /* sacrum IMU: the trunk's vertical travel over the step that
                                      ends at this contact, m */
    double trunk_pitch_deg;        /* sacrum IMU with a forward axis: the trunk's mean forward
                                      pitch over that step, deg */
    double foot_distance_m;        /* foot IMU with six axes: how far the foot had travelled by this
                                      contact's toe-off (condition.h), m; the swing between two toe-offs
                                      is the difference */
} contact_event;

#define DETECT_SHOCK_WINDOW_S 0.08 /* the tibial shock follows initial contact within this */

/* What the conditioned per-foot signal is, and so which state machine reads it. */
enum detect_signal {
    DETECT_FORCE = 0,
    DETECT_FOOT_GYRO,
    DETECT_SACRUM,
    DETECT_SHANK,
    DETECT_SHANK_IMPACT /* a shank accelerometer alone */
};

typedef struct detect_config {
    double sample_rate_hz;
    int signal;                 /* detect_signal */
    double window_s;            /* adaptive threshold window, centred; also the longest contact */
    double threshold_fraction;  /* of the local range: the swing (off) level */
    double hysteresis_fraction; /* added for the contact (on) level */
    int extrapolate_edges;      /* 1: events where the force leaves/reaches the baseline
                                   (calibrated force); 0: where it crosses the threshold level */
    /* Foot switches (both > 0): events at the ends of the steep edges. Initial contact is where
     * the rise, followed back from its crossing of 30 % of the range, slows below
     * onset_slope_per_s (share of the range per second); toe-off is where the fall, followed on
     * from its crossing of 20 %, slows below release_slope_per_s, or where it crosses the off
     * level if that comes first. So a small step before the foot loads, or a bump after it
     * leaves, does not move the event. 0: threshold or extrapolated events as above. */
    double onset_slope_per_s, release_slope_per_s;
    /* sacrum: no forward axis, so the right slots carry two horizontal components (condition.h)
     * and forward is learnt from the steps; or (check_forward) the map's forward axis, whose
     * acceleration straight ahead the left heel slot carries, is checked against the steps */
    int learn_forward, check_forward;
    /* learn_forward: the most frames one detect_process call is given, for the ring of the
     * condition's ticks (detect_add_ticks), which come a block ahead of the frames */
    long max_block;
    int present[3]; /* by side: whether the foot has a force signal */
    int has_heel[3];
    /* stride frequency known at a sample (from the cadence spectrum), NAN when not yet known */
    double (*stride_hz_at)(void *ctx, long index);
    void *stride_ctx;
    void (*on_contact)(void *ctx, const contact_event *event);
    void *contact_ctx;
} detect_config;

void detect_config_default(detect_config *config, double sample_rate_hz);

typedef struct detect detect;

detect *detect_create(const detect_config *config, gb_error *err);
/* frames: n conditioned frames (condition.h layout), the first being sample `received so far`. */
void detect_process(detect *d, const double *frames, long n);
/* learn_forward: the condition's ticks (condition_ticks) for frames to come, in order, given
 * before the detect_process call whose frames they fall in (or an earlier one). */
void detect_add_ticks(detect *d, const condition_tick *ticks, long n);
void detect_finish(detect *d);
long detect_dropped_contacts(const detect *d); /* blips, over-long contacts, contacts at gaps */
/* Whether forward was learnt from the steps, and then its direction, a unit vector along the two
 * horizontal components (condition.h): with learn_forward those of the right slots, with
 * check_forward the map's axis ahead and right, so that (1, 0) is the map's axis itself. */
int detect_forward_learnt(const detect *d, double forward[2]);
/* learn_forward: how often forward was learnt afresh, the last steps pointing more than 90 degrees
 * away from it (the sensor turned: taken off and put back another way round) */
long detect_forward_relearnt(const detect *d);
/* check_forward: the steps the map's forward axis was checked on, and the share of them whose
 * braking and push-off agree with it (NAN with none) */
long detect_forward_check(const detect *d, double *agreeing_share);
/* Whether such a check says the axis points backwards: enough steps, most disagreeing (also for
 * a report's forward_check_steps and forward_check_agreeing). */
int detect_forward_axis_reversed(long checked_steps, double agreeing_share);
/* Whether it says the axis points sideways: enough steps, and the forward learnt from them off
 * the axis by off_deg (positive towards its right; NAN when not learnt) between 45 and 135 deg. */
int detect_forward_axis_sideways(long checked_steps, double off_deg);
void detect_destroy(detect *d);

/* Foot gyroscope (pitch rate, deg/s; positive while the foot rolls forward onto the toes): each
 * stride shows a push-off peak, then a large negative lobe (the swing), then a rise through zero at
 * initial contact. Toe-off is the push-off peak before the swing lobe, initial contact the upward
 * zero crossing after it (the pattern foot-IMU event detection builds on, e.g. Rampp et al. 2015,
 * IEEE Trans Biomed Eng 62:1089). The swing lobe must reach 30 % of the window's deepest value. */

/* Shank gyroscope (pitch rate, deg/s, positive as the shank swings forward): each stride shows a
 * large positive peak at mid-swing with a local minimum on either side, toe-off before it and
 * initial contact after it (Aminian et al. 2002, J Biomech 35:689). A mid-swing peak is the highest
 * sample within 0.25 s each way and above 30 % of the window's highest (and 100 deg/s); the minima
 * are searched 0.35 s each way and refined by a parabola. The tibial shock is the highest
 * acceleration magnitude in the 80 ms after initial contact.
 *
 * Shank accelerometer alone (tibial accelerometers, condition.h: the acceleration magnitude, g):
 * each landing's impact is the highest impact within 0.45 s each way (0.4 of the stride once the
 * cadence spectrum gives it; a slow walk's mid-swing, whose centripetal acceleration shows, comes
 * 0.35 s before the landing), above half the window's highest and above 1.5 g. An impact is a
 * sharp top: the highest magnitude within 50 ms each way, risen within the 50 ms before it by half
 * its height above 1 g (a swing's broad hump rises by a tenth, so it never counts). Initial
 * contact is where the impact starts: the tangent at its steepest rise (within 50 ms before its
 * top) followed back to the lowest magnitude before it, as force edges are followed back to zero
 * load; the tibial shock is the highest magnitude in the 80 ms after it, as above. Toe-off is not
 * timed (NaN): the push-off leaves no feature an accelerometer alone times well (the rule Kiernan
 * et al. 2023 recommend for it from a shank sensor, tried on 74 runners against force plates, had
 * 95 % limits of agreement of -144 to +151 ms; Sensors, PMC10255839), so contact, flight and swing
 * times stay unknown; strides, steps, cadence and the shocks are given.
 *
 * Sacrum / lower-back IMU (condition.h: vertical acceleration and yaw rate in the left slots): each
 * initial contact shows as a peak of the smoothed vertical acceleration, the body being decelerated
 * as the foot lands (after McCamley et al. 2012, Gait Posture 36:316, who take the extremes of the
 * smoothed, integrated-and-differentiated vertical signal). Peaks above 10 % of the window's
 * highest (and above 0.03 g), at least 60 % of the last step apart (0.25 to 0.33 s), are initial
 * contacts. The side of each step comes from the trunk's sideways push over the step before it
 * (the medio-lateral slot, with a forward axis), else from the sign of the yaw rate about gravity,
 * else steps alternate within a bout (detect_imu.c). Walking, a step's final contact is the small
 * second peak of the vertical acceleration after the next step's loading peak (the first local
 * maximum that rises 0.02 g above the local minimum before it within 0.1 s, smaller wiggles passed
 * over, within 0.35 s and 60 % of the step): the trunk's trace of the foot unloading at the end of
 * double support. So each step is handed on one step late; the
 * last of a bout, and a step with no such peak, keep a NaN toe-off. Running, the edges of each
 * stance give both (the accelerometer reads 0 g in flight; detect_imu.c).
 *
 * Without a forward axis (learn_forward), forward is learnt from the steps: the ground brakes the
 * body after each initial contact and pushes it on before the next (walking: the trunk is slowest
 * at mid-stance, Cavagna et al. 1977, Am J Physiol 233:R243; running: the braking then propulsive
 * horizontal force of each stance), so the horizontal acceleration's mean over a step's second
 * half minus its mean over the first half points forward. The sideways part alternates from step
 * to step and cancels in the sum. These differences are summed over the steps within bouts; once
 * at least 4 agree well enough (Rayleigh's n R^2 >= 3, R the sum's length over the sum of the
 * lengths) and the sum is long enough (0.02 g per step: a trunk that is merely carried shows
 * none), the sum's direction is forward, right is forward x up, and each step's side comes from
 * its sideways push as with a forward axis. Steps before that (up to 64) wait and are then given
 * their sides; beyond those, and when forward is never learnt, the rules above decide. After it,
 * the last 7 steps wait too: when the last 8 agree on a forward more than 90 degrees from the
 * one learnt (the sensor put back another way round), forward is learnt afresh from them, and the
 * waiting ones take their sides from it.
 * With a forward axis (check_forward) the same difference, along the axis's horizontal part, is
 * taken per step to check the map: an axis that points backwards makes most steps disagree.
 *
 * Vertical oscillation of the trunk, per step (initial contact to the next, within a bout): the
 * vertical acceleration is integrated twice with drift removed on the assumption that the motion
 * repeats each step (the step's mean acceleration and then its mean velocity are subtracted, as
 * in Zijlstra & Hof 2003, Gait Posture 18:1); the oscillation is the displacement's range. */

#endif
