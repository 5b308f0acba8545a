#include "detect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../condition/condition.h"
#include "../common/units.h"
#include "../dsp/minmax.h"

#define EDGE_SPAN 0.20         /* the edge is timed through the threshold and this much above it */
#define SACRUM_SAME_BOUT_S 1.2 /* sacrum: steps closer than this alternate sides */
#define EDGE_SEARCH_S 0.25     /* how far from the trigger an edge crossing is searched */
#define MIN_RANGE_SHARE 0.10   /* a window whose range is below this share of the largest is idle */
#define BASELINE_TIME_S 0.5    /* time constant of the swing-phase baseline average */
#define BASELINE_SETTLE_S 0.05 /* swing samples this soon after toe-off still carry the edge */

enum { STATE_UNKNOWN, STATE_SWING, STATE_CONTACT };

typedef struct foot {
    int side, active, has_heel;
    int total_signal, heel_signal;
    minmax *total_range;
    double *ring_total, *ring_heel;
    int state;
    long contact_trigger; /* sample where the current contact was recognised */
    double contact_start; /* its initial contact, in (fractional) samples */
    int have_pending;     /* a finished contact waiting for its swing to prove long enough */
    long pending_trigger;
    contact_event pending;
    double pending_start;
    double largest_range;
    /* zero-load level, tracked from swing phases (NAN until the first swing is seen) */
    double swing_base, swing_heel_base;
    int running; /* sacrum: free fall in the window, so contacts are read from its edges */
    long contact_trigger_run; /* sacrum running: where the current stance was recognised */
} foot;

struct detect {
    detect_config config;
    long half;     /* D: samples each side of the centred window */
    long ring_len; /* a power of two: an index's slot is an AND */
    long ring_mask;
    long search;   /* EDGE_SEARCH_S in samples */
    long received; /* frames pushed so far */
    long dropped;
    foot feet[2];
};

void detect_config_default(detect_config *config, double sample_rate_hz)
{
    memset(config, 0, sizeof *config);
    config->sample_rate_hz = sample_rate_hz;
    config->window_s = 4.0;
    config->threshold_fraction = 0.10;
    config->hysteresis_fraction = 0.05;
    config->extrapolate_edges = 1;
}

detect *detect_create(const detect_config *config, gb_error *err)
{
    if (!(config->sample_rate_hz > 0) || !(config->window_s > 0.5)) {
        gb_error_set(err, GB_E_ARG, "detect: window %g s at %g Hz is not usable (window > 0.5 s)",
                     config->window_s, config->sample_rate_hz);
        return NULL;
    }
    detect *d = gb_calloc(1, sizeof *d, err);
    if (!d) return NULL;
    d->config = *config;
    double fs = config->sample_rate_hz;
    d->half = (long)ceil(config->window_s * fs / 2);
    d->search = (long)ceil(EDGE_SEARCH_S * fs) + 2;
    /* holds a whole contact (up to `half`) behind the processed sample and `half` ahead of it */
    d->ring_len = 1;
    /* a sacrum sensor's ring also holds the last step, for its vertical oscillation */
    long longest_step = config->signal == DETECT_SACRUM ? (long)ceil(SACRUM_SAME_BOUT_S * fs) : 0;
    while (d->ring_len < 2 * d->half + 2 * d->search + longest_step + 4)
        d->ring_len *= 2;
    d->ring_mask = d->ring_len - 1;
    for (int k = 0; k < 2; k++) {
        foot *f = &d->feet[k];
        f->side = k + 1;
        f->active = config->present[f->side];
        f->has_heel = config->has_heel[f->side];
        f->total_signal = k == 0 ? COND_LEFT_TOTAL : COND_RIGHT_TOTAL;
        f->heel_signal = f->total_signal + 1;
        f->swing_base = f->swing_heel_base = NAN;
        f->total_range = minmax_create(2 * d->half + 1, err);
        f->ring_total = gb_calloc((size_t)d->ring_len, sizeof(double), err);
        f->ring_heel = gb_calloc((size_t)d->ring_len, sizeof(double), err);
        if (!f->total_range || !f->ring_total || !f->ring_heel) {
            detect_destroy(d);
            return NULL;
        }
    }
    return d;
}

static double at(const detect *d, const double *ring, long index)
{
    if (index < 0 || index >= d->received || index <= d->received - d->ring_len) return NAN;
    return ring[index & d->ring_mask];
}

/* First upward crossing of level in (from, to]: fractional sample index, or NAN. */
static double rising_crossing(const detect *d, const double *ring, long from, long to, double level)
{
    for (long k = from; k < to; k++) {
        double a = at(d, ring, k), b = at(d, ring, k + 1);
        if (isnan(a) || isnan(b)) return NAN;
        if (a < level && b >= level) return (double)k + (level - a) / (b - a);
    }
    return NAN;
}

/* Last downward crossing of level in (from, to]: fractional sample index, or NAN. */
static double falling_crossing(const detect *d, const double *ring, long from, long to,
                               double level)
{
    for (long k = to; k > from; k--) {
        double a = at(d, ring, k - 1), b = at(d, ring, k);
        if (isnan(a) || isnan(b)) return NAN;
        if (a >= level && b < level) return (double)(k - 1) + (a - level) / (a - b);
    }
    return NAN;
}

/* The edge through its low and high crossings (at `low` and low + EDGE_SPAN of the range),
 * extrapolated to the baseline. */
static double extrapolate(double low_crossing, double high_crossing, double low, double limit)
{
    double shift = (high_crossing - low_crossing) * low / EDGE_SPAN;
    if (isnan(shift)) return low_crossing;
    if (fabs(shift) > limit) shift = shift > 0 ? limit : -limit;
    return low_crossing - shift;
}

static double contact_onset(const detect *d, const foot *f, long trigger, double base, double range)
{
    /* threshold events are timed at the contact (on) level, extrapolated ones from the off level */
    double fraction = d->config.threshold_fraction;
    if (!d->config.extrapolate_edges) fraction += d->config.hysteresis_fraction;
    double low = base + fraction * range, high = low + EDGE_SPAN * range;
    long start = trigger - d->search;
    double low_crossing = rising_crossing(d, f->ring_total, start, trigger, low);
    if (isnan(low_crossing) || !d->config.extrapolate_edges) return low_crossing;
    double high_crossing =
        rising_crossing(d, f->ring_total, (long)floor(low_crossing), trigger + d->search, high);
    return extrapolate(low_crossing, high_crossing, fraction, 0.05 * d->config.sample_rate_hz);
}

static double contact_end(const detect *d, const foot *f, long trigger, double base, double range)
{
    double fraction = d->config.threshold_fraction;
    double low = base + fraction * range, high = low + EDGE_SPAN * range;
    double low_crossing = falling_crossing(d, f->ring_total, trigger - d->search, trigger, low);
    if (isnan(low_crossing) || !d->config.extrapolate_edges) return low_crossing;
    double high_crossing =
        falling_crossing(d, f->ring_total, trigger - d->search, (long)ceil(low_crossing), high);
    return extrapolate(low_crossing, high_crossing, fraction, 0.05 * d->config.sample_rate_hz);
}

/* First downward crossing of level in (from, to]: fractional sample index, or NAN. */
static double first_falling_crossing(const detect *d, const double *ring, long from, long to,
                                     double level)
{
    for (long k = from; k < to; k++) {
        double a = at(d, ring, k), b = at(d, ring, k + 1);
        if (isnan(a) || isnan(b)) return NAN;
        if (a >= level && b < level) return (double)k + (a - level) / (a - b);
    }
    return NAN;
}

/* Heel-off: where the heel force, after its peak, falls away (same edge rule as toe-off); searching
 * forward from the peak keeps noise late in stance from being taken for the heel. */
static double heel_off(const detect *d, const foot *f, long first, long last, double range)
{
    double base = f->swing_heel_base, peak = -INFINITY, lowest = INFINITY;
    long peak_index = first;
    for (long k = first; k <= last; k++) {
        double h = at(d, f->ring_heel, k);
        if (h > peak) peak = h, peak_index = k;
        if (h < lowest) lowest = h;
    }
    if (isnan(base)) base = lowest; /* no swing seen yet: the contact's own lowest heel force */
    if (isnan(base) || !(peak > base)) return NAN;
    double heel_range = peak - base;
    if (heel_range < 0.05 * range) return (double)first; /* never on the heel: forefoot contact */
    double fraction = d->config.threshold_fraction;
    double low = base + fraction * heel_range, high = low + EDGE_SPAN * heel_range;
    double low_crossing = first_falling_crossing(d, f->ring_heel, peak_index, last, low);
    if (isnan(low_crossing)) return (double)last;
    double high_crossing = first_falling_crossing(d, f->ring_heel, peak_index, last, high);
    if (!d->config.extrapolate_edges) return low_crossing;
    return extrapolate(low_crossing, high_crossing, fraction, 0.05 * d->config.sample_rate_hz);
}

static void measure_contact(const detect *d, const foot *f, double start, double end, double base,
                            double range, contact_event *e)
{
    double fs = d->config.sample_rate_hz, dt = 1.0 / fs;
    long first = (long)ceil(start), last = (long)floor(end);
    memset(e, 0, sizeof *e);
    e->peak_tibial_g = e->vertical_oscillation_m = NAN;
    e->side = f->side;
    e->initial_contact_s = start * dt;
    e->toe_off_s = end * dt;
    e->peak_force = 0;
    for (long k = first; k <= last; k++) {
        double x = at(d, f->ring_total, k) - base;
        if (x > e->peak_force) e->peak_force = x;
    }
    double pushoff_start = (start + end) / 2; /* without zones: from mid-stance */
    e->heel_off_s = NAN;
    if (f->has_heel) {
        double h = heel_off(d, f, first, last, range);
        if (!isnan(h)) {
            e->heel_off_s = h * dt;
            pushoff_start = h < start ? start : h;
        }
    }
    for (long k = (long)ceil(pushoff_start); k <= last; k++) {
        double x = at(d, f->ring_total, k) - base;
        if (x > e->pushoff_peak) e->pushoff_peak = x;
        if (x > 0) e->pushoff_impulse += x * dt;
    }
    /* loading rate: 20-80 % of the first peak, the highest force in the first half of stance */
    double first_peak = 0;
    long mid = (long)floor((start + end) / 2);
    for (long k = first; k <= mid; k++) {
        double x = at(d, f->ring_total, k) - base;
        if (x > first_peak) first_peak = x;
    }
    double t20 = rising_crossing(d, f->ring_total, first - 1, mid, base + 0.2 * first_peak);
    double t80 = rising_crossing(d, f->ring_total, first - 1, mid, base + 0.8 * first_peak);
    e->loading_rate = t80 > t20 ? 0.6 * first_peak / ((t80 - t20) * dt) : NAN;
}

static double min_phase_samples(const detect *d, long index)
{
    double stride_hz =
        d->config.stride_hz_at ? d->config.stride_hz_at(d->config.stride_ctx, index) : NAN;
    double seconds = isnan(stride_hz) ? 0.06 : 0.1 / stride_hz;
    if (seconds < 0.04) seconds = 0.04;
    if (seconds > 0.2) seconds = 0.2;
    return seconds * d->config.sample_rate_hz;
}

static void emit_pending(detect *d, foot *f)
{
    if (f->have_pending && d->config.on_contact)
        d->config.on_contact(d->config.contact_ctx, &f->pending);
    f->have_pending = 0;
}

static void lose_contact(detect *d, foot *f)
{
    if (f->state == STATE_CONTACT) d->dropped++;
    if (f->have_pending) d->dropped++;
    f->have_pending = 0;
    f->state = STATE_UNKNOWN;
}

static void start_contact(detect *d, foot *f, long j, double base, double range)
{
    double min_phase = min_phase_samples(d, j);
    if (f->have_pending && (double)(j - f->pending_trigger) < min_phase) {
        /* the swing was a blip inside one contact: resume that contact */
        f->have_pending = 0;
        f->contact_start = f->pending_start;
        f->state = STATE_CONTACT;
        return;
    }
    emit_pending(d, f);
    double onset = contact_onset(d, f, j, base, range);
    if (isnan(onset)) {
        d->dropped++;
        f->state = STATE_UNKNOWN; /* edge lost in a gap */
        return;
    }
    f->contact_start = onset;
    f->contact_trigger = j;
    f->state = STATE_CONTACT;
}

static void end_contact(detect *d, foot *f, long j, double base, double range)
{
    f->state = STATE_SWING;
    double end = contact_end(d, f, j, base, range);
    double duration = end - f->contact_start;
    if (isnan(end) || duration < min_phase_samples(d, j) || j - f->contact_trigger > d->half) {
        d->dropped++; /* a blip, an edge in a gap, or standing rather than a step */
        return;
    }
    measure_contact(d, f, f->contact_start, end, base, range, &f->pending);
    f->pending_start = f->contact_start;
    f->pending_trigger = j;
    f->have_pending = 1;
    if (range > f->largest_range) f->largest_range = range;
}

/* Swing samples (settled after toe-off) update the zero-load level: the window minimum sits about
 * three noise SDs below it, which would bias every edge on a noisy sensor. */
static void track_baseline(detect *d, foot *f, long j, double x)
{
    double fs = d->config.sample_rate_hz;
    if (f->have_pending && (double)(j - f->pending_trigger) < BASELINE_SETTLE_S * fs) return;
    double alpha = 1.0 / (BASELINE_TIME_S * fs);
    f->swing_base = isnan(f->swing_base) ? x : f->swing_base + alpha * (x - f->swing_base);
    double heel = at(d, f->ring_heel, j);
    if (!isnan(heel))
        f->swing_heel_base = isnan(f->swing_heel_base)
                                 ? heel
                                 : f->swing_heel_base + alpha * (heel - f->swing_heel_base);
}

/* A contact from a sensor that measures no force: times only, every force feature unknown. */
static contact_event timing_only(int side, double start_s, double end_s)
{
    contact_event e;
    e.side = side;
    e.initial_contact_s = start_s;
    e.toe_off_s = end_s;
    e.heel_off_s = e.peak_force = e.pushoff_peak = e.pushoff_impulse = e.loading_rate = NAN;
    e.peak_tibial_g = e.vertical_oscillation_m = NAN;
    return e;
}

#define GYRO_SWING_SHARE 0.30   /* a swing lobe reaches this share of the window's deepest value */
#define GYRO_MIN_SWING_DPS 50.0 /* shallower lobes are not steps (standing, fidgeting) */
#define GYRO_PEAK_SEARCH_S 0.25 /* push-off peak searched this far before the swing starts */

/* The refined position of the extreme of the ring in [from, to] (lowest when sign < 0). */
static double ring_extreme(const detect *d, const double *ring, long from, long to, int sign)
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
    return (double)best + (fabs(offset) <= 0.5 ? offset : 0);
}

/* The push-off peak before the swing: the highest sample in the search span, refined. */
static double gyro_push_off(const detect *d, const foot *f, long j)
{
    long span = (long)ceil(GYRO_PEAK_SEARCH_S * d->config.sample_rate_hz);
    return ring_extreme(d, f->ring_total, j - span, j, +1);
}

static void gyro_contact(detect *d, foot *f, double start, double end)
{
    double duration = end - start, fs = d->config.sample_rate_hz;
    if (!(duration >= min_phase_samples(d, (long)end)) || duration > (double)d->half) {
        d->dropped++;
        return;
    }
    contact_event e = timing_only(f->side, start / fs, end / fs);
    if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &e);
}

/* Foot gyroscope state machine (detect.h): STATE_CONTACT is stance (after an initial contact),
 * STATE_SWING the swing lobe, STATE_UNKNOWN before the first swing or after a gap. */
static void step_gyro(detect *d, foot *f, long j, double x, double lowest)
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
#define SHANK_MINIMUM_SPAN_S 0.35 /* toe-off and initial contact are searched this far from it */
#define SHANK_SHOCK_S 0.08        /* the tibial shock follows initial contact within this */

/* Shank state (detect.h): at each mid-swing peak the toe-off before it ends the stance that the
 * previous peak's initial contact began. */
static void step_shank(detect *d, foot *f, long j, double x, double top)
{
    double fs = d->config.sample_rate_hz;
    long span = (long)ceil(SHANK_PEAK_SPAN_S * fs), reach = (long)ceil(SHANK_MINIMUM_SPAN_S * fs);
    if (!(x > fmax(SHANK_PEAK_SHARE * top, SHANK_PEAK_MIN_DPS))) return;
    for (long k = j - span; k <= j + span; k++) /* the highest within the span each way */
        if (k != j && at(d, f->ring_total, k) >= x && (k < j || at(d, f->ring_total, k) > x))
            return;
    double toe_off = ring_extreme(d, f->ring_total, j - reach, j, -1);
    double contact = ring_extreme(d, f->ring_total, j, j + reach, -1);
    if (f->have_pending && !isnan(toe_off)) {
        double start = f->contact_start, duration = toe_off - start;
        if (duration >= min_phase_samples(d, j) && duration <= (double)d->half) {
            contact_event e = timing_only(f->side, start / fs, toe_off / fs);
            e.peak_tibial_g = f->pending_start;
            if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &e);
        } else {
            d->dropped++;
        }
    }
    f->have_pending = !isnan(contact);
    if (!f->have_pending) return;
    f->contact_start = contact;
    /* the tibial shock just after this initial contact (pending_start holds it until emitted) */
    double shock = -INFINITY;
    for (long k = (long)floor(contact); k <= (long)ceil(contact + SHANK_SHOCK_S * fs); k++) {
        double a = at(d, f->ring_heel, k);
        if (a > shock) shock = a;
    }
    f->pending_start = isfinite(shock) ? shock : NAN;
}

#define SACRUM_PEAK_SHARE 0.10
#define SACRUM_PEAK_MIN_G 0.03
#define SACRUM_MIN_STEP_S 0.25    /* the shortest step at any time */
#define SACRUM_MAX_SPACING_S 0.33 /* the spacing, 60 % of the last step, is kept under this */

/* The side of a step starting at sample k: alternating within a bout (steps under 1.2 s apart), a
 * bout's first step left when the yaw rate at sample `within` (inside the step) is negative. */
static int sacrum_side(detect *d, foot *f, long k, long within)
{
    double fs = d->config.sample_rate_hz;
    int previous = (int)f->largest_range; /* the last step's side, 0 before the first */
    int side;
    if (previous && (double)(k - f->contact_trigger) < SACRUM_SAME_BOUT_S * fs)
        side = previous == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT;
    else
        side = at(d, f->ring_heel, within) < 0 ? SIDE_LEFT : SIDE_RIGHT;
    double step = (double)(k - f->contact_trigger) / fs;
    f->pending_start = previous && step < SACRUM_SAME_BOUT_S ? step : 0; /* the last step, s */
    f->largest_range = side;
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
        height += (velocity - mean_velocity) * dt;
        lowest = fmin(lowest, height);
        highest = fmax(highest, height);
        velocity += (at(d, f->ring_total, i) - mean_acceleration) * STANDARD_GRAVITY * dt;
    }
    return highest - lowest;
}

/* A sacrum contact starting at sample k, with the oscillation of the step that ends there. */
static contact_event sacrum_event(detect *d, foot *f, long k, long within, double start_s,
                                  double end_s)
{
    long previous_contact = f->contact_trigger;
    contact_event e = timing_only(sacrum_side(d, f, k, within), start_s, end_s);
    if (f->pending_start > 0) /* the last step belongs to this bout */
        e.vertical_oscillation_m = vertical_oscillation(d, f, previous_contact, k);
    return e;
}

static void sacrum_contact(detect *d, foot *f, long k)
{
    double a = at(d, f->ring_total, k - 1), b = at(d, f->ring_total, k);
    double c = at(d, f->ring_total, k + 1), denominator = a - 2 * b + c;
    double offset = isfinite(denominator) && denominator != 0 ? 0.5 * (a - c) / denominator : 0;
    double t = ((double)k + (fabs(offset) <= 0.5 ? offset : 0)) / d->config.sample_rate_hz;
    contact_event e = sacrum_event(d, f, k, k, t, NAN);
    if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &e);
}

#define FREE_FALL_G -0.8    /* a window reaching this (dynamic g) holds flight phases: running */
#define RUN_EDGE_LOW_G -0.5 /* stance edges are timed through these two levels ... */
#define RUN_EDGE_HIGH_G 0.0 /* ... and extrapolated to free fall, -1 g */

/* Running, seen from the sacrum: the accelerometer reads 0 g in flight (free fall), so each stance
 * is a hump between two edges; both are extrapolated to free fall like force edges to zero load. */
static void step_sacrum_running(detect *d, foot *f, long j, double x)
{
    double shift_limit = 0.05 * d->config.sample_rate_hz;
    double span = RUN_EDGE_HIGH_G - RUN_EDGE_LOW_G, below = RUN_EDGE_LOW_G - (-1.0);
    if (f->state != STATE_CONTACT) {
        if (!(x > RUN_EDGE_HIGH_G) || f->state == STATE_UNKNOWN) {
            if (x < RUN_EDGE_LOW_G) f->state = STATE_SWING;
            return;
        }
        double low = rising_crossing(d, f->ring_total, j - d->search, j, RUN_EDGE_LOW_G);
        double high = rising_crossing(d, f->ring_total, (long)floor(low), j, RUN_EDGE_HIGH_G);
        if (isnan(low)) return;
        double shift = isnan(high) ? 0 : fmin((high - low) * below / span, shift_limit);
        f->contact_start = low - shift;
        f->contact_trigger_run = j;
        f->state = STATE_CONTACT;
        return;
    }
    if (!(x < RUN_EDGE_LOW_G)) return;
    f->state = STATE_SWING;
    double low = falling_crossing(d, f->ring_total, j - d->search, j, RUN_EDGE_LOW_G);
    double high =
        falling_crossing(d, f->ring_total, j - d->search, (long)ceil(low), RUN_EDGE_HIGH_G);
    if (isnan(low)) return;
    double shift = isnan(high) ? 0 : fmin((low - high) * below / span, shift_limit);
    double end = low + shift, fs = d->config.sample_rate_hz;
    if (end - f->contact_start < min_phase_samples(d, j) || j - f->contact_trigger_run > d->half) {
        d->dropped++;
        return;
    }
    long k = (long)floor(f->contact_start), middle = (long)floor(0.5 * (f->contact_start + end));
    contact_event e = sacrum_event(d, f, k, middle, f->contact_start / fs, end / fs);
    if (d->config.on_contact) d->config.on_contact(d->config.contact_ctx, &e);
}

/* Sacrum state machine (detect.h): a peak becomes pending, a higher one within the minimum step
 * replaces it, and it is emitted once the minimum step has passed. */
static void step_sacrum(detect *d, foot *f, long j, double x, double top, double lowest)
{
    int running = lowest < FREE_FALL_G;
    if (running != f->running) { /* switching between walking and running: start afresh */
        if (f->have_pending) sacrum_contact(d, f, f->pending_trigger);
        f->have_pending = 0;
        f->state = STATE_UNKNOWN;
        f->running = running;
    }
    if (running) {
        step_sacrum_running(d, f, j, x);
        return;
    }
    double fs = d->config.sample_rate_hz, before = at(d, f->ring_total, j - 1);
    double after = at(d, f->ring_total, j + 1);
    /* peaks closer than 60 % of the last step are one step's: the spacing follows the cadence */
    double last_step = f->pending_start > 0 ? f->pending_start : 0;
    double spacing_s = fmin(fmax(0.6 * last_step, SACRUM_MIN_STEP_S), SACRUM_MAX_SPACING_S);
    long spacing = (long)ceil(spacing_s * fs);
    double threshold = fmax(SACRUM_PEAK_SHARE * top, SACRUM_PEAK_MIN_G);
    if (x > before && x >= after && x > threshold) {
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

/* One delayed sample j of one foot: its window [j - D, j + D] is complete. */
static void step(detect *d, foot *f, long j)
{
    double x = at(d, f->ring_total, j);
    double base = minmax_min(f->total_range), top = minmax_max(f->total_range);
    if (isnan(x) || isnan(base)) {
        lose_contact(d, f);
        return;
    }
    if (d->config.signal == DETECT_FOOT_GYRO) {
        step_gyro(d, f, j, x, base);
        return;
    }
    if (d->config.signal == DETECT_SACRUM) {
        step_sacrum(d, f, j, x, top, base);
        return;
    }
    if (d->config.signal == DETECT_SHANK) {
        step_shank(d, f, j, x, top);
        return;
    }
    if (!isnan(f->swing_base) && f->swing_base > base && f->swing_base < top) base = f->swing_base;
    double range = top - base;
    double off_level = base + d->config.threshold_fraction * range;
    double on_level = off_level + d->config.hysteresis_fraction * range;
    int idle = !(range > 0) || range < MIN_RANGE_SHARE * f->largest_range;
    switch (f->state) {
    case STATE_UNKNOWN:
        if (!idle && x < off_level) f->state = STATE_SWING;
        break;
    case STATE_SWING:
        if (x < off_level) track_baseline(d, f, j, x);
        if (f->have_pending && (double)(j - f->pending_trigger) >= min_phase_samples(d, j))
            emit_pending(d, f);
        if (!idle && x > on_level) start_contact(d, f, j, base, range);
        break;
    case STATE_CONTACT:
        if (x < off_level) end_contact(d, f, j, base, range);
        break;
    }
}

static void step_feet(detect *d, long j)
{
    for (int k = 0; k < 2; k++)
        if (d->feet[k].active) step(d, &d->feet[k], j);
}

void detect_process(detect *d, const double *frames, long n)
{
    for (long i = 0; i < n; i++) {
        const double *frame = frames + (size_t)i * COND_SIGNALS;
        long index = d->received++;
        for (int k = 0; k < 2; k++) {
            foot *f = &d->feet[k];
            if (!f->active) continue;
            double total = frame[f->total_signal], heel = frame[f->heel_signal];
            f->ring_total[index & d->ring_mask] = total;
            f->ring_heel[index & d->ring_mask] = heel;
            minmax_push(f->total_range, index, total);
        }
        if (index - d->half >= 0) step_feet(d, index - d->half);
    }
}

void detect_finish(detect *d)
{
    long first = d->received - d->half;
    if (first < 0) first = 0;
    for (long j = first; j < d->received; j++) {
        for (int k = 0; k < 2; k++) {
            minmax_expire(d->feet[k].total_range, j - d->half);
        }
        step_feet(d, j);
    }
    for (int k = 0; k < 2; k++) {
        foot *f = &d->feet[k];
        if (d->config.signal == DETECT_SACRUM) {
            if (f->have_pending) sacrum_contact(d, f, f->pending_trigger);
            f->have_pending = 0;
            continue;
        }
        if (d->config.signal == DETECT_SHANK) { /* a stance without its toe-off is cut off */
            f->have_pending = 0;
            continue;
        }
        if (f->state == STATE_CONTACT) d->dropped++; /* cut off by the end of the recording */
        emit_pending(d, f);
        f->state = STATE_UNKNOWN;
    }
}

long detect_dropped_contacts(const detect *d)
{
    return d->dropped;
}

void detect_destroy(detect *d)
{
    if (!d) return;
    for (int k = 0; k < 2; k++) {
        minmax_destroy(d->feet[k].total_range);
        free(d->feet[k].ring_total);
        free(d->feet[k].ring_heel);
    }
    free(d);
}
