/* detect, inertial sensors: the foot gyroscope, shank and sacrum state machines (detect.h). */
#include <math.h>
#include <string.h>

#include "../common/units.h"
#include "../read/channel_map.h"
#include "detect_private.h"

#define GYRO_SWING_SHARE 0.30   /* a swing lobe reaches this share of the window's deepest value */
#define GYRO_MIN_SWING_DPS 50.0 /* shallower lobes are not steps (standing, fidgeting) */
#define GYRO_PEAK_SEARCH_S 0.25 /* push-off peak searched this far before the swing starts */
#define GYRO_TOE_OFF_SHARE 0.75 /* toe-off: where the push-off peak has fallen to this share */

/* The refined position of the extreme of the ring in [from, to] (lowest when sign < 0): the
 * vertex of the parabola through it and its neighbours, whose height goes to *height when given. */
static double ring_extreme_at(const detect *d, const double *ring, long from, long to, int sign,
                              double *height)
{
    long best = -1;
    for (long k = from; k <= to; k++) {
        double x = at(d, ring, k);
        if (!isnan(x) && (best < 0 || sign * (x - at(d, ring, best)) > 0)) best = k;
    }
    if (best < 0) return NAN;
    double a = at(d, ring, best - 1), b = at(d, ring, best), c = at(d, ring, best + 1);
    double denominator = a - 2 * b + c;
    double offset = isfinite(denominator) && denominator != 0 ? 0.5 * (a - c) / denominator : 0;
    if (!(fabs(offset) <= 0.5)) offset = 0;
    if (height) *height = b - 0.25 * (a - c) * offset;
    return (double)best + offset;
}

static double ring_extreme(const detect *d, const double *ring, long from, long to, int sign)
{
    return ring_extreme_at(d, ring, from, to, sign, NULL);
}

/* Toe-off before the swing that starts at sample j: where the push-off peak (the highest sample
 * in the search span, refined) has fallen to GYRO_TOE_OFF_SHARE of its height. On gaitmap's
 * walk the peak itself came 5 ms before the motion-capture toe-off at 204.8 Hz, but 16 ms before
 * it at 51.2 Hz (and 12 ms with a 15 Hz low-pass): smoothing moves the top of a lopsided peak,
 * while a crossing of its steep fall hardly moves (+3.0, +3.8 and +3.0 ms at 204.8, 102.4 and
 * 51.2 Hz, left foot; any share from 0.6 to 0.9 kept every rate within 7.2 ms). Without a
 * positive peak, or a crossing before j, the peak itself. */
static double gyro_push_off(const detect *d, const foot *f, long j)
{
    long span = (long)ceil(GYRO_PEAK_SEARCH_S * d->config.sample_rate_hz);
    double height;
    double peak = ring_extreme_at(d, f->ring_total, j - span, j, +1, &height);
    if (isnan(peak) || !(height > 0)) return peak;
    double fall =
        first_falling_crossing(d, f->ring_total, (long)floor(peak), j, GYRO_TOE_OFF_SHARE * height);
    return isnan(fall) ? peak : fall;
}

static void gyro_contact(detect *d, foot *f, double start, double end)
{
    double duration = end - start, fs = d->config.sample_rate_hz;
    if (!(duration >= min_phase_samples(d, (long)end)) || duration > (double)d->half) {
        d->dropped++;
        return;
    }
    contact_event e = timing_only(f->side, start / fs, end / fs);
    e.foot_distance_m = at(d, f->ring_heel, (long)ceil(end)); /* NaN without a foot path */
    if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &e);
}

/* Foot gyroscope state machine (detect.h): STATE_CONTACT is stance (after an initial contact),
 * STATE_SWING the swing lobe, STATE_UNKNOWN before the first swing or after a gap. */
void step_gyro(detect *d, foot *f, long j, double x, double lowest, double highest)
{
    double swing_level = GYRO_SWING_SHARE * lowest;
    int idle = !(lowest < -GYRO_MIN_SWING_DPS);
    double previous = at(d, f->ring_total, j - 1);
    switch (f->state) {
    case STATE_UNKNOWN:
    case STATE_CONTACT:
        if (idle || !(x < swing_level)) break;
        double toe_off = gyro_push_off(d, f, j);
        if (f->state == STATE_CONTACT && !isnan(toe_off))
            gyro_contact(d, f, f->contact_start, toe_off);
        f->state = STATE_SWING;
        f->contact_trigger = j; /* swing start */
        break;
    case STATE_SWING:
        if (previous < 0 && x >= 0 && !isnan(previous)) {
            if ((double)(j - f->contact_trigger) < min_phase_samples(d, j)) break; /* a wobble */
            f->contact_start = (double)(j - 1) + previous / (previous - x);
            f->state = STATE_CONTACT;
        }
        break;
    }
}

#define SHANK_PEAK_SHARE 0.30
#define SHANK_PEAK_MIN_DPS 100.0
#define SHANK_PEAK_SPAN_S 0.25    /* a mid-swing peak is the highest this far each way */
#define SHANK_MINIMUM_SPAN_S 0.35 /* toe-off and initial contact are searched this far from it, */
#define SHANK_MINIMUM_SPAN_STRIDE 0.3 /* ... or this share of the stride when that is further */

#define SHANK_STRIDES_AGREE 0.3 /* two strides within this share of each other are the rhythm */
/* a leg's first stride, with none to agree with, counts up to this long (a 46 steps/min walk) */
#define SHANK_FIRST_STRIDE_MAX_S 2.6

/* How far from a mid-swing peak at sample j its toe-off and initial contact are searched, in
 * samples. They lie half a swing from it, and a slow walk's swing is long: at 60 steps/min (a 2 s
 * stride, 0.76 s swing) 0.38 s, past a fixed 0.35 s, where the window's edge was taken for them
 * (IC 32 ms, TO 29 ms off, until 0.17.0). So a share of the stride when that is further: the
 * stride the cadence spectrum gives, or before it is known (its first segment) this leg's last
 * peak-to-peak stride, when it agrees with the one before (a gap or a missed peak between makes
 * one longer) or, the leg's first, is no longer than a slow walk's; never past the detector's
 * window. */
static long shank_reach(const detect *d, const foot *f, long j)
{
    double fs = d->config.sample_rate_hz;
    double stride_hz = detect_stride_hz(d, j);
    long stride = f->shank.last_peak > 0 ? j - f->shank.last_peak : 0;
    int rhythm = f->shank.last_stride > 0 ? fabs((double)(stride - f->shank.last_stride)) <=
                                                SHANK_STRIDES_AGREE * (double)stride
                                          : (double)stride <= SHANK_FIRST_STRIDE_MAX_S * fs;
    if (!(stride_hz > 0) && stride > 0 && rhythm) stride_hz = fs / (double)stride;
    double reach_s = SHANK_MINIMUM_SPAN_S;
    if (stride_hz > 0) reach_s = fmax(reach_s, SHANK_MINIMUM_SPAN_STRIDE / stride_hz);
    long reach = (long)ceil(reach_s * fs);
    return reach < d->half ? reach : d->half;
}

/* The tibial shock after an initial contact at (fractional) sample `contact`: the highest
 * acceleration magnitude in the ring within DETECT_SHOCK_WINDOW_S after it, g; NAN without one. */
static double shock_after(const detect *d, const double *ring, double contact)
{
    double shock = -INFINITY, fs = d->config.sample_rate_hz;
    for (long k = (long)floor(contact); k <= (long)ceil(contact + DETECT_SHOCK_WINDOW_S * fs);
         k++) {
        double a = at(d, ring, k);
        if (a > shock) shock = a;
    }
    return isfinite(shock) ? shock : NAN;
}

/* Shank state (detect.h): at each mid-swing peak the toe-off before it ends the stance that the
 * previous peak's initial contact began. */
void step_shank(detect *d, foot *f, long j, double x, double lowest, double top)
{
    double fs = d->config.sample_rate_hz;
    long span = (long)ceil(SHANK_PEAK_SPAN_S * fs);
    if (!(x > fmax(SHANK_PEAK_SHARE * top, SHANK_PEAK_MIN_DPS))) return;
    for (long k = j - span; k <= j + span; k++) /* the highest within the span each way */
        if (k != j && at(d, f->ring_total, k) >= x && (k < j || at(d, f->ring_total, k) > x))
            return;
    long reach = shank_reach(d, f, j);
    f->shank.last_stride = f->shank.last_peak > 0 ? j - f->shank.last_peak : 0;
    f->shank.last_peak = j;
    double toe_off = ring_extreme(d, f->ring_total, j - reach, j, -1);
    double contact = ring_extreme(d, f->ring_total, j, j + reach, -1);
    if (f->have_pending && !isnan(toe_off)) {
        double start = f->contact_start, duration = toe_off - start;
        if (duration >= min_phase_samples(d, j) && duration <= (double)d->half) {
            contact_event e = timing_only(f->side, start / fs, toe_off / fs);
            e.peak_tibial_g = f->shank.pending_shock_g;
            if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &e);
        } else {
            d->dropped++;
        }
    }
    f->have_pending = !isnan(contact);
    if (!f->have_pending) return;
    f->contact_start = contact;
    /* the tibial shock just after this initial contact, held until the contact is emitted */
    f->shank.pending_shock_g = shock_after(d, f->ring_heel, contact);
}

#define SACRUM_PEAK_SHARE 0.10
#define SACRUM_PEAK_MIN_G 0.03
#define SACRUM_MIN_STEP_S 0.30    /* the shortest walking step, 200 steps/min: faster has flight */
#define SACRUM_MAX_SPACING_S 0.42 /* the spacing, 60 % of the last step, is kept under this */

#define SIDE_LOWPASS_HZ 2.0 /* the yaw rate's step rhythm, without the shocks ... */
#define SIDE_MEAN_S 2.0     /* ... and without turning: its mean over this long is removed */

int sacrum_create(detect *d, gb_error *err)
{
    double fs = d->config.sample_rate_hz;
    double sigma = sqrt(log(2.0)) / (2 * M_PI * SIDE_LOWPASS_HZ) * fs;
    d->side_half = (long)ceil(3 * sigma);
    d->side_mean_half = (long)ceil(SIDE_MEAN_S * fs / 2);
    d->side_weights = gb_calloc((size_t)(2 * d->side_half + 1), sizeof(double), err);
    d->pitch_sums = gb_calloc((size_t)d->ring_mask + 1, sizeof(double), err);
    if (!d->side_weights || !d->pitch_sums) return err->code;
    double total = 0;
    for (long i = -d->side_half; i <= d->side_half; i++)
        total += d->side_weights[i + d->side_half] = exp(-0.5 * (double)(i * i) / (sigma * sigma));
    for (long i = 0; i <= 2 * d->side_half; i++)
        d->side_weights[i] /= total;
    if (!d->config.learn_forward) return 0;
    /* the ring of the condition's ticks: a block of them ahead of the frames, and as many as the
     * frames' ring spans behind (one every COND_TICK_S, give or take a sample) */
    long spacing = (long)floor(COND_TICK_S * fs) - 1;
    long block = d->config.max_block > 0 ? d->config.max_block : 4096, slots = 1;
    while (slots < (block + d->ring_len) / (spacing > 1 ? spacing : 1) + 16)
        slots *= 2;
    d->tick_mask = slots - 1;
    d->tick_frames = gb_calloc((size_t)slots, sizeof *d->tick_frames, err);
    d->tick_sums_before = gb_calloc((size_t)slots, sizeof *d->tick_sums_before, err);
    return d->tick_frames && d->tick_sums_before ? 0 : err->code;
}

void detect_add_ticks(detect *d, const condition_tick *ticks, long n)
{
    if (!d->tick_frames) return;
    for (long i = 0; i < n; i++) {
        long slot = d->ticks_added++ & d->tick_mask;
        d->tick_frames[slot] = ticks[i].frame;
        memcpy(d->tick_sums_before[slot], d->tick_sum, sizeof d->tick_sum);
        for (int k = 0; k < 3; k++)
            d->tick_sum[k] += ticks[i].up[k];
    }
}

/* The trunk's yaw rate at sample k, band-passed to the step rhythm: a Gaussian low-pass at 2 Hz
 * minus the 2 s mean around it. NAN without a gyroscope or near a gap. Computed per step, not per
 * sample. */
static double yaw_rhythm(const detect *d, const foot *f, long k)
{
    if (d->config.check_forward) return NAN;       /* the slot holds the acceleration ahead */
    if (isnan(at(d, f->ring_heel, k))) return NAN; /* no gyroscope */
    double smooth = 0, sum = 0;
    for (long i = -d->side_half; i <= d->side_half; i++)
        smooth += d->side_weights[i + d->side_half] * at(d, f->ring_heel, k + i);
    for (long i = -d->side_mean_half; i <= d->side_mean_half; i++)
        sum += at(d, f->ring_heel, k + i);
    return smooth - sum / (double)(2 * d->side_mean_half + 1);
}

#define SIDE_FIRST_STEP_S 0.5 /* a bout's first step: the sway is averaged over this long */

/* The mean over samples [from, to) of a sacrum signal kept as running sums (detect.c: the sway
 * or the pitch's sine); NAN when the window is empty, has a gap or has left the ring. */
static double running_mean(const detect *d, const double *sums, long from, long to)
{
    const foot *sway = &d->feet[1]; /* its heel ring counts the gaps */
    double gaps = at(d, sway->ring_heel, to - 1) - at(d, sway->ring_heel, from - 1);
    if (!(gaps == 0) || to <= from) return NAN;
    return (at(d, sums, to - 1) - at(d, sums, from - 1)) / (double)(to - from);
}

/* The trunk's push along one horizontal direction (its running sums) over the step that ends at
 * sample k: the mean acceleration since the last contact of the bout, or over SIDE_FIRST_STEP_S
 * before a bout's first, minus its mean over the SIDE_MEAN_S around k. NAN near a gap. */
static double push_along(const detect *d, const foot *f, const double *sums, long k, int same_bout)
{
    long from = same_bout ? f->contact_trigger
                          : k - (long)ceil(SIDE_FIRST_STEP_S * d->config.sample_rate_hz);
    if (from >= k) return NAN;
    return running_mean(d, sums, from, k) -
           running_mean(d, sums, k - d->side_mean_half, k + d->side_mean_half + 1);
}

/* The trunk's sideways push over the step that ends at sample k, along the medio-lateral slot
 * (positive towards the right). NAN without a forward axis or near a gap. */
static double sideways_push(const detect *d, const foot *f, long k, int same_bout)
{
    if (d->config.learn_forward) return NAN; /* known only once forward is learnt */
    return push_along(d, f, d->feet[1].ring_total, k, same_bout);
}

/* Without a forward axis: the push along both horizontal components (detect.h). */
static void push_across(const detect *d, const foot *f, long k, int same_bout, double across[2])
{
    across[0] = across[1] = NAN;
    if (!d->config.learn_forward) return;
    across[0] = push_along(d, f, d->feet[1].ring_total, k, same_bout);
    across[1] = push_along(d, f, d->pitch_sums, k, same_bout);
}

/* The side of a step starting at sample k. The foot in stance pushes the body towards the other
 * side, so over the step before a left contact (the right foot's stance) the trunk is pushed to
 * the left, and before a right contact to the right. With a forward axis that decides; on the
 * mobgap trials it names 90 % of the detected steps' sides right (the yaw rate below: 75 %).
 * Without one, the trunk turns towards the leading leg at each initial contact, so the band-passed
 * yaw rate about the vertical is negative at a left contact and positive at a right one (McCamley
 * et al. 2012, Gait Posture 36:316; the left/right rule mobgap's IcRlcMcCamley uses). With
 * neither, steps alternate within a bout (steps under 1.2 s apart), a bout starting on the
 * left. */
static int sacrum_side(detect *d, foot *f, long k, double across[2])
{
    double fs = d->config.sample_rate_hz;
    int previous = f->sacrum.last_side;
    int same_bout = previous && (double)(k - f->contact_trigger) < SACRUM_SAME_BOUT_S * fs;
    double push = sideways_push(d, f, k, same_bout);
    push_across(d, f, k, same_bout, across);
    double yaw = isfinite(push) ? NAN : yaw_rhythm(d, f, k);
    int side;
    if (isfinite(push))
        side = push < 0 ? SIDE_LEFT : SIDE_RIGHT;
    else if (isfinite(yaw))
        side = yaw < 0 ? SIDE_LEFT : SIDE_RIGHT;
    else if (same_bout)
        side = previous == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT;
    else
        side = SIDE_LEFT;
    double step = (double)(k - f->contact_trigger) / fs;
    f->sacrum.last_step_s = previous && step < SACRUM_SAME_BOUT_S ? step : 0;
    f->sacrum.last_side = side;
    f->contact_trigger = k;
    return side;
}

/* The range of the vertical displacement over samples [from, to] (detect.h), in metres; NAN when
 * the step has a gap or has left the ring. Two passes recompute the velocity rather than store it.
 */
static double vertical_oscillation(const detect *d, const foot *f, long from, long to)
{
    double dt = 1.0 / d->config.sample_rate_hz, mean_acceleration = 0;
    long n = to - from;
    if (n < 4) return NAN;
    for (long i = from; i < to; i++)
        mean_acceleration += at(d, f->ring_total, i) / (double)n;
    if (!isfinite(mean_acceleration)) return NAN;
    double velocity = 0, mean_velocity = 0;
    for (long i = from; i < to; i++) {
        mean_velocity += velocity / (double)n;
        velocity += (at(d, f->ring_total, i) - mean_acceleration) * STANDARD_GRAVITY * dt;
    }
    double height = 0, lowest = 0, highest = 0;
    velocity = 0;
    for (long i = from; i < to; i++) {
        height += (velocity - mean_velocity) * dt; /* finite: a gap returned NAN above */
        if (height < lowest) lowest = height;
        if (height > highest) highest = height;
        velocity += (at(d, f->ring_total, i) - mean_acceleration) * STANDARD_GRAVITY * dt;
    }
    return highest - lowest;
}

/* The trunk's mean forward pitch over samples [from, to), in degrees: the mean sine of the
 * pitch (condition.h) from the running sums. NAN without a forward axis, near a gap, or when the
 * step has left the ring. */
static double step_pitch(const detect *d, long from, long to)
{
    if (d->config.learn_forward) return NAN; /* the sums hold a horizontal component */
    return degrees_from_sine(running_mean(d, d->pitch_sums, from, to));
}

/* The first tick still in the ring whose frame is at or after `frame` (ticks_added: none). */
static long first_tick_from(const detect *d, long frame)
{
    long kept = d->tick_mask + 1;
    long low = d->ticks_added > kept ? d->ticks_added - kept : 0, high = d->ticks_added;
    while (low < high) {
        long middle = low + (high - low) / 2;
        if (d->tick_frames[middle & d->tick_mask] < frame)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

/* Without a forward axis: the mean gravity direction over frames [from, to) (contact_event's
 * trunk_up), from the ticks in them; NAN without one, when the first may have left the ring, or
 * (gap) when the horizontal components have a gap there. */
static void step_up(const detect *d, long from, long to, float up[3])
{
    up[0] = up[1] = up[2] = NAN;
    long first = first_tick_from(d, from), end = first_tick_from(d, to);
    int lost = d->ticks_added > d->tick_mask + 1 && first == d->ticks_added - (d->tick_mask + 1);
    if (end <= first || lost || isnan(running_mean(d, d->pitch_sums, from, to))) return;
    const double *before = d->tick_sums_before[first & d->tick_mask];
    const double *until =
        end == d->ticks_added ? d->tick_sum : d->tick_sums_before[end & d->tick_mask];
    for (int k = 0; k < 3; k++)
        up[k] = (float)((until[k] - before[k]) / (double)(end - first));
}

#define FORWARD_MIN_STEPS 4  /* forward is learnt from at least this many steps ... */
#define FORWARD_RAYLEIGH 3.0 /* ... agreeing this well: n R^2 (detect.h) ... */
#define FORWARD_MIN_G 0.02   /* ... with a sum this long per step (mobgap's walks: 0.03-0.1) */

/* Whether evidence summed over `steps` steps, of total length `lengths`, says where forward is:
 * enough steps, agreeing well enough, and long enough. */
static int forward_evident(const double sum[2], double lengths, double steps)
{
    double length = hypot(sum[0], sum[1]), resultant = length / lengths;
    return steps >= FORWARD_MIN_STEPS && steps * resultant * resultant >= FORWARD_RAYLEIGH &&
           length >= FORWARD_MIN_G * steps;
}

/* Without a forward axis, once forward is learnt: when the last FORWARD_RECENT steps agree on a
 * forward more than 90 degrees from it, the sensor was turned (taken off and put back another way
 * round, in a recording of days): forward is learnt afresh from those steps, so the sides that
 * follow come from it rather than from hours of the other way. A walker turning round turns the
 * sensor too, so that changes nothing here; walking backwards for 8 steps would. */
static int forward_turned(detect *d, const double change[2])
{
    d->recent_change[d->recent_next][0] = change[0];
    d->recent_change[d->recent_next][1] = change[1];
    d->recent_next = (d->recent_next + 1) % FORWARD_RECENT;
    if (d->recent_count < FORWARD_RECENT) d->recent_count++;
    if (d->recent_count < FORWARD_RECENT) return 0;
    double sum[2] = {0, 0}, lengths = 0;
    for (int i = 0; i < FORWARD_RECENT; i++) {
        sum[0] += d->recent_change[i][0];
        sum[1] += d->recent_change[i][1];
        lengths += hypot(d->recent_change[i][0], d->recent_change[i][1]);
    }
    if (sum[0] * d->forward_sum[0] + sum[1] * d->forward_sum[1] >= 0 ||
        !forward_evident(sum, lengths, FORWARD_RECENT))
        return 0;
    d->forward_sum[0] = sum[0], d->forward_sum[1] = sum[1];
    d->forward_lengths = lengths;
    d->forward_steps = FORWARD_RECENT;
    d->recent_count = 0;
    d->forward_relearnt++;
    return 1;
}

/* One step's evidence for forward (detect.h): the change of the mean horizontal acceleration from
 * the step's first half to its second, along two horizontal directions. */
static void add_forward_evidence(detect *d, const double change[2])
{
    if (!isfinite(change[0]) || !isfinite(change[1])) return; /* a gap, or the step left the ring */
    /* the step is in the turned sum already */
    if (d->config.learn_forward && d->forward_learnt && forward_turned(d, change)) return;
    d->forward_sum[0] += change[0];
    d->forward_sum[1] += change[1];
    d->forward_lengths += hypot(change[0], change[1]);
    d->forward_steps++;
    if (forward_evident(d->forward_sum, d->forward_lengths, (double)d->forward_steps))
        d->forward_learnt = 1;
}

/* A signal kept as running sums: its mean over the second half of samples [from, to) minus its
 * mean over the first. */
static double half_step_change(const detect *d, const double *sums, long from, long to)
{
    long middle = from + (to - from) / 2;
    return running_mean(d, sums, middle, to) - running_mean(d, sums, from, middle);
}

/* Without a forward axis: the evidence along the two horizontal components, samples [from, to). */
static void learn_forward(detect *d, long from, long to)
{
    double change[2] = {half_step_change(d, d->feet[1].ring_total, from, to),
                        half_step_change(d, d->pitch_sums, from, to)};
    add_forward_evidence(d, change);
}

/* With the map's forward axis: whether one step's braking and push-off agree with it, the mean
 * acceleration straight ahead over the step's second half exceeding that over its first; and the
 * same change along ahead and right as evidence for where forward really is (an axis pointing
 * sideways agrees about half the time, so only the direction tells). */
static void check_forward(detect *d, const foot *f, long from, long to)
{
    long middle = from + (to - from) / 2;
    double first = 0, second = 0;
    for (long k = from; k < to; k++)
        *(k < middle ? &first : &second) += at(d, f->ring_heel, k);
    double change = second / (double)(to - middle) - first / (double)(middle - from);
    if (!isfinite(change)) return; /* a gap, or the step left the ring */
    d->forward_checked++;
    d->forward_agreeing += change > 0;
    double along[2] = {change, half_step_change(d, d->feet[1].ring_total, from, to)}; /* sway */
    add_forward_evidence(d, along);
}

/* A step's side from its push along the two horizontal components, once forward is learnt:
 * right is forward x up, which in the components' frame (the second is up x the first) is
 * (forward_2, -forward_1). Left as it is when the push is unknown (a gap). */
static void side_from_learnt_forward(const detect *d, contact_event *e, const double across[2])
{
    double push = across[0] * d->forward_sum[1] - across[1] * d->forward_sum[0];
    if (isfinite(push) && push != 0) e->side = push < 0 ? SIDE_LEFT : SIDE_RIGHT;
}

/* Gives waiting step i its side from forward as it is now, noting which forward that was. */
static void side_waiting(detect *d, int i)
{
    side_from_learnt_forward(d, &d->queued[i], d->queued_push[i]);
    d->queued_forward[i] = d->forward_relearnt;
}

/* Hands the oldest waiting step on, with its side from forward once it is learnt: given again if
 * forward was learnt afresh since (the step was among those that showed the sensor turned). */
static void release_oldest(detect *d)
{
    int i = d->queued_first;
    if (d->forward_learnt && d->queued_forward[i] != d->forward_relearnt) side_waiting(d, i);
    if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &d->queued[i]);
    d->queued_first = (i + 1) % SACRUM_QUEUE;
    d->queued_count--;
}

static void release_queue(detect *d)
{
    while (d->queued_count > 0)
        release_oldest(d);
}

/* Hands a sacrum contact on. Without a forward axis the steps wait: until forward is learnt (the
 * oldest going on with the fallback side when too many wait), and after that the last
 * FORWARD_RECENT - 1, so that when the steps show the sensor turned (forward_turned: the last
 * FORWARD_RECENT of them, this one's evidence included) those still waiting take their sides from
 * the forward learnt afresh. Each gets its side when it arrives, as before the wait, so the wait
 * changes nothing unless the sensor turned. */
static void emit_sacrum(detect *d, foot *f, contact_event *e, const double across[2])
{
    if (!d->config.learn_forward) {
        if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, e);
        return;
    }
    if (d->forward_learnt) {
        for (int k = 0; k < d->queued_count; k++) { /* those that waited for forward */
            int i = (d->queued_first + k) % SACRUM_QUEUE;
            if (d->queued_forward[i] < 0) side_waiting(d, i);
        }
        side_from_learnt_forward(d, e, across);
        f->sacrum.last_side = e->side; /* the alternation after a gap follows on from it */
    }
    if (d->queued_count == SACRUM_QUEUE) release_oldest(d);
    int slot = (d->queued_first + d->queued_count++) % SACRUM_QUEUE;
    d->queued[slot] = *e;
    memcpy(d->queued_push[slot], across, sizeof d->queued_push[0]);
    d->queued_forward[slot] = d->forward_learnt ? d->forward_relearnt : -1;
    while (d->forward_learnt && d->queued_count > FORWARD_RECENT - 1)
        release_oldest(d);
}

/* A sacrum contact starting at sample k, with the oscillation and the trunk pitch of the step that
 * ends there: measured in gait only, so sitting and standing between bouts do not count. across:
 * the step's push along the horizontal components, without a forward axis. */
static contact_event sacrum_event(detect *d, foot *f, long k, double start_s, double end_s,
                                  double across[2])
{
    long previous_contact = f->contact_trigger;
    contact_event e = timing_only(sacrum_side(d, f, k, across), start_s, end_s);
    if (f->sacrum.last_step_s > 0) { /* the last step belongs to this bout */
        e.vertical_oscillation_m = vertical_oscillation(d, f, previous_contact, k);
        e.trunk_pitch_deg = step_pitch(d, previous_contact, k);
        if (d->config.learn_forward) {
            step_up(d, previous_contact, k, e.trunk_up);
            learn_forward(d, previous_contact, k);
        }
        if (d->config.check_forward) check_forward(d, f, previous_contact, k);
    }
    return e;
}

#define SACRUM_RISE_SEARCH_S 0.15 /* the steepest rise is searched this far before the peak */

/* The steepest rise of the foot's signal within search_s before its peak at sample k, in
 * (fractional) samples: the largest first difference (its value, per sample, to *slope when
 * given), refined by a parabola through its neighbours. NAN when the rise has a gap. */
static double steepest_rise(const detect *d, const foot *f, long k, double search_s, double *slope)
{
    long first = k - (long)ceil(search_s * d->config.sample_rate_hz), best = -1;
    double best_slope = -INFINITY;
    for (long i = first; i <= k; i++) {
        double difference = at(d, f->ring_total, i) - at(d, f->ring_total, i - 1);
        if (isnan(difference)) return NAN;
        if (difference > best_slope) best_slope = difference, best = i;
    }
    double a = at(d, f->ring_total, best - 1) - at(d, f->ring_total, best - 2);
    double c = at(d, f->ring_total, best + 1) - at(d, f->ring_total, best);
    double denominator = a - 2 * best_slope + c;
    double offset = isfinite(denominator) && denominator != 0 ? 0.5 * (a - c) / denominator : 0;
    if (slope) *slope = best_slope;
    /* difference i is centred half a sample before i */
    return (double)best - 0.5 + (fabs(offset) <= 0.5 ? offset : 0);
}

#define SACRUM_FINAL_SEARCH_S 0.35   /* the final contact is searched this far after the peak ... */
#define SACRUM_FINAL_SEARCH_STEP 0.6 /* ... and within this share of the step that ends there */
#define SACRUM_FINAL_RISE_S 0.1      /* the second peak rises within this from its trough ... */
#define SACRUM_FINAL_RISE_G 0.02     /* ... by at least this much (mobgap: median 0.12 g) ... */
#define SACRUM_FINAL_STEP_S 0.7      /* ... in steps up to this long (86 steps/min) */
#define SACRUM_FINAL_RISE_MIN_G 0.01 /* a slower step's rise, at least (final_contact) */
#define SACRUM_FINAL_STEP_RATIO 1.5  /* a step this much longer than the last hides a missed one */

/* The first local extreme of the vertical acceleration after sample `from` and before `end`: a
 * minimum (sign +1) or a maximum (sign -1); -1 when there is none or a gap comes first. */
static long next_extreme(const detect *d, const foot *f, long from, long end, int sign)
{
    for (long i = from + 1; i < end; i++) {
        double before = sign * at(d, f->ring_total, i - 1), here = sign * at(d, f->ring_total, i);
        double after = sign * at(d, f->ring_total, i + 1);
        if (isnan(before) || isnan(here) || isnan(after)) return -1;
        if (before > here && here <= after) return i;
    }
    return -1;
}

/* Walking: the final contact that follows an initial contact whose vertical acceleration peaks
 * at sample k, step_s after the one before, in (fractional) samples. The other foot leaves the
 * ground at the end of double support, and the trunk's vertical acceleration, falling from its
 * loading peak, rises to a small second peak as it does: the first local maximum past the peak
 * that rises SACRUM_FINAL_RISE_G above the local minimum before it within SACRUM_FINAL_RISE_S,
 * refined by a parabola (README, Validation). Smaller wiggles on the way are passed over: on the
 * mobgap walks they rise 0.0004-0.01 g, and stopping at the first one lost the peak after it.
 * Searched only within SACRUM_FINAL_SEARCH_S and 60 % of the step, so the next step's rise is
 * never taken for it. A step longer than SACRUM_FINAL_STEP_S is taken for the same motion drawn
 * out, as a slower walker's: the search and the rise may take as much longer, and the rise be as
 * many times squared lower (a path walked s times slower has its accelerations s^2 times weaker),
 * down to SACRUM_FINAL_RISE_MIN_G. On the mobgap walks drawn out 1.3 and 1.6 times (77 and 63
 * steps/min) this matched 66 and 58 % of INDIP's final contacts, against 56 and 26 % with the
 * limits fixed; at their own pace (85-104 steps/min) the same 75 %. NAN without one (at fast
 * cadences the second peak can merge into the first), or at a gap. */
static double final_contact(const detect *d, const foot *f, long k, double step_s)
{
    double fs = d->config.sample_rate_hz, slower = fmax(1.0, step_s / SACRUM_FINAL_STEP_S);
    double rise_samples = SACRUM_FINAL_RISE_S * slower * fs;
    double rise_g = fmax(SACRUM_FINAL_RISE_MIN_G, SACRUM_FINAL_RISE_G / (slower * slower));
    double search_s = fmin(SACRUM_FINAL_SEARCH_S * slower, SACRUM_FINAL_SEARCH_STEP * step_s);
    long end = k + (long)ceil(search_s * fs);
    for (long trough = next_extreme(d, f, k, end, +1); trough >= 0;
         trough = next_extreme(d, f, trough, end, +1)) {
        long peak = next_extreme(d, f, trough, end, -1);
        if (peak < 0) return NAN;
        if ((double)(peak - trough) <= rise_samples &&
            at(d, f->ring_total, peak) - at(d, f->ring_total, trough) >= rise_g)
            return ring_extreme(d, f->ring_total, peak, peak, +1); /* refined by its neighbours */
        trough = peak; /* a wiggle: the next minimum comes after its top */
    }
    return NAN;
}

/* Walking: hands on the step held back (f->sacrum.held), with its final contact when the step
 * landing at sample k, within the same bout, shows it (NAN for the last step of a bout, and when
 * that step is SACRUM_FINAL_STEP_RATIO times longer than the held one's: a step was missed between
 * them, in a gap or undetected, whose foot's final contact would be found); k < 0 hands it on
 * without (a switch to running, the end). Its foot leaves the ground after the other
 * one lands, so a step waits for the next before it goes on; emitted before the next step's side
 * is decided, as without the wait. */
static void release_held(detect *d, foot *f, long k)
{
    if (!f->sacrum.holding) return;
    f->sacrum.holding = 0;
    double fs = d->config.sample_rate_hz, step_s = (double)(k - f->contact_trigger) / fs;
    double before_s = f->sacrum.last_step_s; /* the held step's own, 0 for a bout's first */
    if (k >= 0 && step_s < SACRUM_SAME_BOUT_S &&
        (before_s == 0 || step_s < SACRUM_FINAL_STEP_RATIO * before_s))
        f->sacrum.held.toe_off_s = final_contact(d, f, k, step_s) / fs;
    emit_sacrum(d, f, &f->sacrum.held, f->sacrum.held_across);
}

/* A walking contact whose vertical acceleration peaks at sample k. Initial contact is the
 * steepest rise before that peak: the trunk's braking starts with the heel strike and peaks during
 * loading response, 30-60 ms later (the derivative-extremum rule of McCamley et al. 2012 and of
 * the Mobilise-D adaptation of it). The step is held until the next one gives its final contact. */
static void sacrum_contact(detect *d, foot *f, long k)
{
    release_held(d, f, k);
    double rise = steepest_rise(d, f, k, SACRUM_RISE_SEARCH_S, NULL);
    double t = (isfinite(rise) ? rise : (double)k) / d->config.sample_rate_hz;
    f->sacrum.held = sacrum_event(d, f, k, t, NAN, f->sacrum.held_across);
    f->sacrum.holding = 1;
}

#define FREE_FALL_G -0.8    /* a window reaching this (dynamic g) holds flight phases: running */
#define RUN_EDGE_LOW_G -0.5 /* stance edges are timed through these two levels ... */
#define RUN_EDGE_HIGH_G 0.0 /* ... and extrapolated to free fall, -1 g */

/* Running, seen from the sacrum: the accelerometer reads 0 g in flight (free fall), so each stance
 * is a hump between two edges; both are extrapolated to free fall like force edges to zero load. */
/* Running samples that neither start nor end a stance (most of them): handled here, 1. */
static inline int running_idle(foot *f, double x)
{
    if (f->state == STATE_CONTACT) return !(x < RUN_EDGE_LOW_G);
    if (!(x > RUN_EDGE_HIGH_G) || f->state == STATE_UNKNOWN) {
        if (x < RUN_EDGE_LOW_G) f->state = STATE_SWING;
        return 1;
    }
    return 0;
}

static void step_sacrum_running(detect *d, foot *f, long j, double x)
{
    double shift_limit = 0.05 * d->config.sample_rate_hz;
    double span = RUN_EDGE_HIGH_G - RUN_EDGE_LOW_G, below = RUN_EDGE_LOW_G - (-1.0);
    if (running_idle(f, x)) return;
    if (f->state != STATE_CONTACT) {
        /* the last rise: at low rates (25 Hz) the search reaches back past the step before, whose
         * rise the first one was, and the stance ran on from it */
        double low = last_rising_crossing(d, f->ring_total, j - d->search, j, RUN_EDGE_LOW_G);
        if (isnan(low)) return; /* (before it is cast to a sample index) */
        double high = rising_crossing(d, f->ring_total, (long)floor(low), j, RUN_EDGE_HIGH_G);
        double shift = isnan(high) ? 0 : fmin((high - low) * below / span, shift_limit);
        f->contact_start = low - shift;
        f->sacrum.contact_trigger_run = j;
        f->state = STATE_CONTACT;
        return;
    }
    f->state = STATE_SWING;
    double low = falling_crossing(d, f->ring_total, j - d->search, j, RUN_EDGE_LOW_G);
    if (isnan(low)) return;
    double high =
        falling_crossing(d, f->ring_total, j - d->search, (long)ceil(low), RUN_EDGE_HIGH_G);
    double shift = isnan(high) ? 0 : fmin((low - high) * below / span, shift_limit);
    double end = low + shift, fs = d->config.sample_rate_hz;
    if (end - f->contact_start < min_phase_samples(d, j) ||
        j - f->sacrum.contact_trigger_run > d->half) {
        d->dropped++;
        return;
    }
    long k = (long)floor(f->contact_start);
    double across[2];
    contact_event e = sacrum_event(d, f, k, f->contact_start / fs, end / fs, across);
    emit_sacrum(d, f, &e, across);
}

/* Sacrum state machine (detect.h): a peak becomes pending, a higher one within the minimum step
 * replaces it, and it is emitted once the minimum step has passed. Kept out of line: step_sacrum
 * below returns for most samples before it needs this function's registers. */
static __attribute__((noinline)) void decide_sacrum(detect *d, foot *f, long j, double x,
                                                    double lowest, double top)
{
    int running = lowest < FREE_FALL_G;
    if (running != f->sacrum.running) { /* switching between walking and running: start afresh */
        if (f->have_pending) sacrum_contact(d, f, f->pending_trigger);
        release_held(d, f, -1);
        f->have_pending = 0;
        f->state = STATE_UNKNOWN;
        f->sacrum.running = running;
    }
    if (running) {
        step_sacrum_running(d, f, j, x);
        return;
    }
    double before = at(d, f->ring_total, j - 1), after = at(d, f->ring_total, j + 1);
    int peak = x > before && x >= after;
    if (!peak && !f->have_pending) return; /* most samples: nothing to decide */
    /* peaks closer than 60 % of the last step are one step's: the spacing follows the cadence
     * (remade only when the last step changes: most samples just wait out a pending peak) */
    if (f->sacrum.last_step_s != f->sacrum.spacing_step_s || f->sacrum.spacing == 0) {
        double last_step = f->sacrum.last_step_s;
        double spacing_s = fmin(fmax(0.6 * last_step, SACRUM_MIN_STEP_S), SACRUM_MAX_SPACING_S);
        f->sacrum.spacing = (long)ceil(spacing_s * d->config.sample_rate_hz);
        f->sacrum.spacing_step_s = last_step;
    }
    long spacing = f->sacrum.spacing;
    if (peak && x > fmax(SACRUM_PEAK_SHARE * top, SACRUM_PEAK_MIN_G)) {
        if (f->have_pending && j - f->pending_trigger < spacing) {
            if (x > at(d, f->ring_total, f->pending_trigger)) f->pending_trigger = j;
        } else {
            if (f->have_pending) sacrum_contact(d, f, f->pending_trigger);
            f->pending_trigger = j;
            f->have_pending = 1;
        }
    }
    if (f->have_pending && j - f->pending_trigger >= spacing) {
        sacrum_contact(d, f, f->pending_trigger);
        f->have_pending = 0;
    }
}

void step_sacrum(detect *d, foot *f, long j, double x, double lowest, double top)
{
    /* walking, as before, nothing pending and no peak here, or none high enough to count (most
     * samples of a seated day): decide_sacrum would do nothing */
    if (!f->sacrum.running && !(lowest < FREE_FALL_G) && !f->have_pending &&
        (!(x > SACRUM_PEAK_MIN_G) ||
         !(x > at(d, f->ring_total, j - 1) && x >= at(d, f->ring_total, j + 1))))
        return;
    if (f->sacrum.running && lowest < FREE_FALL_G && running_idle(f, x)) return; /* as before */
    decide_sacrum(d, f, j, x, lowest, top);
}

/* One delayed sample j of one foot: its window [j - D, j + D] is complete. */

void finish_sacrum(detect *d, foot *f)
{
    if (f->have_pending) sacrum_contact(d, f, f->pending_trigger);
    f->have_pending = 0;
    release_held(d, f, -1);
    release_queue(d); /* forward never learnt: the waiting steps keep the fallback sides */
}

void finish_shank(detect *d, foot *f)
{
    f->have_pending = 0; /* a stance without its toe-off is cut off */
}

#define IMPACT_SHARE 0.5       /* an impact reaches this share of the window's highest ... */
#define IMPACT_MIN_G 1.5       /* ... and this much (g, gravity in: a leg at rest reads 1 g) */
#define IMPACT_SPAN_S 0.45     /* it is the highest impact this far each way, ... */
#define IMPACT_SPAN_STRIDE 0.4 /* ... or this share of the stride once the spectrum gives one */
#define IMPACT_RISE_S 0.05     /* its rise is searched this far before its top */
#define IMPACT_REST_G 1.0      /* a leg at rest reads gravity alone */
#define IMPACT_SHARP_SHARE 0.5 /* it rises by this share of its height above rest within RISE_S */

/* Where the impact that tops at sample k starts, in (fractional) samples: the tangent at its
 * steepest rise followed back to the lowest magnitude before that within IMPACT_RISE_S, as force
 * edges are followed back to zero load, and never before that lowest sample. A straight rise
 * gives its first sample, wherever along it the steepest difference falls. NAN at a gap. */
static double impact_onset(const detect *d, const foot *f, long k)
{
    double slope;
    double steepest = steepest_rise(d, f, k, IMPACT_RISE_S, &slope);
    if (isnan(steepest) || !(slope > 0)) return steepest;
    long first = k - (long)ceil(IMPACT_RISE_S * d->config.sample_rate_hz), lowest = first;
    long below = (long)floor(steepest);
    for (long i = first; i <= below; i++)
        if (at(d, f->ring_total, i) < at(d, f->ring_total, lowest)) lowest = i;
    double level = at(d, f->ring_total, below) +
                   (steepest - (double)below) *
                       (at(d, f->ring_total, below + 1) - at(d, f->ring_total, below));
    double onset = steepest - (level - at(d, f->ring_total, lowest)) / slope;
    return onset > (double)lowest ? onset : (double)lowest;
}

/* Whether sample j, of magnitude x, tops an impact: the highest within IMPACT_RISE_S each way
 * (the earlier of equals), having risen by IMPACT_SHARP_SHARE of its height above rest within
 * IMPACT_RISE_S before it. A swing's broad centripetal hump rises by a tenth of its height in that
 * time, so it is passed over even where it tops a soft landing. */
static int impact_top(const detect *d, const foot *f, long j, double x)
{
    long rise = (long)ceil(IMPACT_RISE_S * d->config.sample_rate_hz);
    double lowest = x;
    for (long k = j - rise; k <= j + rise; k++) {
        double y = at(d, f->ring_total, k);
        if (k != j && (y > x || (k < j && y == x))) return 0;
        if (k < j && y < lowest) lowest = y;
    }
    return x - lowest >= IMPACT_SHARP_SHARE * (x - IMPACT_REST_G);
}

/* Hands on the impact pending at f->pending_trigger: initial contact where it starts, the shock
 * its height. No toe-off. */
static void emit_impact(detect *d, foot *f)
{
    f->have_pending = 0;
    double onset = impact_onset(d, f, f->pending_trigger);
    double contact = isfinite(onset) ? onset : (double)f->pending_trigger;
    contact_event e = timing_only(f->side, contact / d->config.sample_rate_hz, NAN);
    e.peak_tibial_g = shock_after(d, f->ring_total, contact);
    if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &e);
}

/* Shank accelerometer alone (detect.h): each landing is the highest impact of its leg's stride.
 * An impact waits while a higher one may come within the span (one replaces it), and is handed on
 * once the span has passed. */
void step_impact(detect *d, foot *f, long j, double x, double lowest, double top)
{
    (void)lowest;
    if (f->have_pending) { /* the span is asked of the cadence spectrum only then */
        double fs = d->config.sample_rate_hz, stride_hz = detect_stride_hz(d, j);
        long span =
            (long)ceil((stride_hz > 0 ? IMPACT_SPAN_STRIDE / stride_hz : IMPACT_SPAN_S) * fs);
        if (j - f->pending_trigger > (span < d->half ? span : d->half)) emit_impact(d, f);
    }
    if (!(x > fmax(IMPACT_SHARE * top, IMPACT_MIN_G)) || !impact_top(d, f, j, x)) return;
    if (f->have_pending && !(x > at(d, f->ring_total, f->pending_trigger))) return;
    f->pending_trigger = j; /* the first, or higher than the one pending */
    f->have_pending = 1;
}

void finish_impact(detect *d, foot *f)
{
    if (f->have_pending) emit_impact(d, f);
}
