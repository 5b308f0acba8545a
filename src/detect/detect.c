#include "detect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../condition/condition.h"
#include "detect_private.h"

#define EDGE_SPAN 0.20         /* the edge is timed through the threshold and this much above it */
#define EDGE_SEARCH_S 0.25     /* how far from the trigger an edge crossing is searched */
#define MIN_RANGE_SHARE 0.10   /* a window whose range is below this share of the largest is idle */
#define BASELINE_TIME_S 0.5    /* time constant of the swing-phase baseline average */
#define BASELINE_SETTLE_S 0.05 /* swing samples this soon after toe-off still carry the edge */
/* Foot switches: a rise is followed back from this share of the range, above the small steps
 * some feet make before loading, and a fall is followed on from the other share. */
#define STEEP_ONSET_FROM 0.30
#define STEEP_RELEASE_FROM 0.20

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
    if (config->signal < 0 || config->signal > DETECT_SHANK_IMPACT) {
        gb_error_set(err, GB_E_ARG, "detect: signal kind %d is not one of detect_signal",
                     config->signal);
        return NULL;
    }
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
    long slots = 1;
    while (slots < d->ring_len + DETECT_CHUNK)
        slots *= 2;
    d->ring_mask = slots - 1;
    if (config->signal == DETECT_SACRUM && sacrum_create(d, err)) {
        detect_destroy(d);
        return NULL;
    }
    for (int k = 0; k < 2; k++) {
        foot *f = &d->feet[k];
        f->side = k + 1;
        f->active = config->present[f->side];
        f->has_heel = config->has_heel[f->side];
        f->total_signal = k == 0 ? COND_LEFT_TOTAL : COND_RIGHT_TOTAL;
        f->heel_signal = f->total_signal + 1;
        f->force.swing_base = f->force.swing_heel_base = NAN;
        f->total_range = minmax_create(2 * d->half + 1, err);
        f->ring_total = gb_calloc((size_t)d->ring_mask + 1, sizeof(double), err);
        f->ring_heel = gb_calloc((size_t)d->ring_mask + 1, sizeof(double), err);
        f->range_low = gb_calloc(DETECT_CHUNK, sizeof(double), err);
        f->range_high = gb_calloc(DETECT_CHUNK, sizeof(double), err);
        if (!f->total_range || !f->ring_total || !f->ring_heel || !f->range_low || !f->range_high) {
            detect_destroy(d);
            return NULL;
        }
    }
    return d;
}

/* Whether the ring rises through level from sample k to k + 1: 1 with the fractional sample index
 * in *crossing, 0, or -1 at a gap. */
static int rises_through(const detect *d, const double *ring, long k, double level,
                         double *crossing)
{
    double a = at(d, ring, k), b = at(d, ring, k + 1);
    if (isnan(a) || isnan(b)) return -1;
    if (!(a < level && b >= level)) return 0;
    *crossing = (double)k + (level - a) / (b - a);
    return 1;
}

/* First upward crossing of level in (from, to]: fractional sample index, or NAN. */
double rising_crossing(const detect *d, const double *ring, long from, long to, double level)
{
    double crossing = NAN;
    for (long k = from; k < to; k++) {
        int rises = rises_through(d, ring, k, level, &crossing);
        if (rises) return rises > 0 ? crossing : NAN;
    }
    return NAN;
}

/* Last upward crossing of level in (from, to], the one nearest `to`: fractional sample index, or
 * NAN (a gap after it too). */
double last_rising_crossing(const detect *d, const double *ring, long from, long to, double level)
{
    double crossing = NAN;
    for (long k = to - 1; k >= from; k--) {
        int rises = rises_through(d, ring, k, level, &crossing);
        if (rises) return rises > 0 ? crossing : NAN;
    }
    return NAN;
}

/* Last downward crossing of level in (from, to]: fractional sample index, or NAN. */
double falling_crossing(const detect *d, const double *ring, long from, long to, double level)
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

static int steep_edges(const detect *d)
{
    return d->config.onset_slope_per_s > 0 && d->config.release_slope_per_s > 0;
}

/* Steepness of the edge into sample k, sign chosen so the edge is positive (rising 1, falling
 * -1): NAN in a gap. */
static double edge_step(const detect *d, const double *ring, long k, int direction)
{
    return direction * (at(d, ring, k) - at(d, ring, k - 1));
}

/* Foot-switch initial contact (detect.h): from the rise's crossing of STEEP_ONSET_FROM, back
 * while each sample climbs more than `limit`; the event is where the per-sample step falls to the
 * limit, interpolated between the two steps around it. */
static double steep_onset(const detect *d, const foot *f, long trigger, double base, double range)
{
    double from = base + STEEP_ONSET_FROM * range;
    double limit = d->config.onset_slope_per_s * range / d->config.sample_rate_hz;
    double crossing = rising_crossing(d, f->ring_total, trigger - 1, trigger + d->search, from);
    if (isnan(crossing)) return NAN;
    long m = (long)floor(crossing) + 1, stop = trigger - d->search;
    double step = edge_step(d, f->ring_total, m, 1);
    while (m > stop && step > limit) {
        m--;
        step = edge_step(d, f->ring_total, m, 1);
    }
    if (isnan(step) || m <= stop) return NAN;
    double next = edge_step(d, f->ring_total, m + 1, 1);
    if (!(next > step)) return crossing; /* no steep part: the crossing itself */
    return (double)m - 0.5 + (limit - step) / (next - step);
}

/* First downward crossing of level in (from, to]: fractional sample index, or NAN. */
double first_falling_crossing(const detect *d, const double *ring, long from, long to, double level)
{
    for (long k = from; k < to; k++) {
        double a = at(d, ring, k), b = at(d, ring, k + 1);
        if (isnan(a) || isnan(b)) return NAN;
        if (a >= level && b < level) return (double)k + (a - level) / (a - b);
    }
    return NAN;
}

/* Foot-switch toe-off (detect.h): from the fall's last crossing of STEEP_RELEASE_FROM before the
 * trigger, on while each sample drops more than `limit`, or up to the off level if the fall
 * reaches it first. */
static double steep_release(const detect *d, const foot *f, long trigger, double base, double range)
{
    double from = base + STEEP_RELEASE_FROM * range;
    double off = base + d->config.threshold_fraction * range;
    double limit = d->config.release_slope_per_s * range / d->config.sample_rate_hz;
    double crossing = falling_crossing(d, f->ring_total, f->contact_trigger, trigger, from);
    if (isnan(crossing)) return NAN;
    long first = (long)floor(crossing), m = first, stop = trigger + d->search;
    double step = edge_step(d, f->ring_total, m + 1, -1);
    while (m < stop && step > limit) {
        m++;
        step = edge_step(d, f->ring_total, m + 1, -1);
    }
    if (isnan(step) || m >= stop) return NAN;
    double at_off = first_falling_crossing(d, f->ring_total, first, m, off);
    if (!isnan(at_off)) return at_off;
    double before = edge_step(d, f->ring_total, m, -1);
    if (!(before > step)) return (double)m;
    return (double)m + 0.5 - (limit - step) / (before - step);
}

static double contact_onset(const detect *d, const foot *f, long trigger, double base, double range)
{
    if (steep_edges(d)) {
        double onset = steep_onset(d, f, trigger, base, range);
        if (!isnan(onset)) return onset;
    }
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
    if (steep_edges(d)) {
        double end = steep_release(d, f, trigger, base, range);
        if (!isnan(end)) return end;
    }
    double fraction = d->config.threshold_fraction;
    double low = base + fraction * range, high = low + EDGE_SPAN * range;
    double low_crossing = falling_crossing(d, f->ring_total, trigger - d->search, trigger, low);
    if (isnan(low_crossing) || !d->config.extrapolate_edges) return low_crossing;
    double high_crossing =
        falling_crossing(d, f->ring_total, trigger - d->search, (long)ceil(low_crossing), high);
    return extrapolate(low_crossing, high_crossing, fraction, 0.05 * d->config.sample_rate_hz);
}

/* Heel-off: where the heel force, after its peak, falls away (same edge rule as toe-off); searching
 * forward from the peak keeps noise late in stance from being taken for the heel. */
static double heel_off(const detect *d, const foot *f, long first, long last, double range)
{
    double base = f->force.swing_heel_base, peak = -INFINITY, lowest = INFINITY;
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
    e->peak_tibial_g = e->vertical_oscillation_m = e->trunk_pitch_deg = e->foot_distance_m = NAN;
    e->trunk_up[0] = e->trunk_up[1] = e->trunk_up[2] = NAN;
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

double detect_stride_hz(const detect *d, long index)
{
    return d->config.stride_hz_at ? d->config.stride_hz_at(d->config.stride_ctx, index) : NAN;
}

double min_phase_samples(const detect *d, long index)
{
    double stride_hz = detect_stride_hz(d, index);
    double seconds = isnan(stride_hz) ? 0.06 : 0.1 / stride_hz;
    if (seconds < 0.04) seconds = 0.04;
    if (seconds > 0.2) seconds = 0.2;
    return seconds * d->config.sample_rate_hz;
}

static void emit_pending(detect *d, foot *f)
{
    if (f->have_pending && d->config.on_contact)
        d->config.on_contact(d->config.contact_ctx, &f->force.pending);
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
        f->contact_start = f->force.pending_start;
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
    measure_contact(d, f, f->contact_start, end, base, range, &f->force.pending);
    f->force.pending_start = f->contact_start;
    f->pending_trigger = j;
    f->have_pending = 1;
    if (range > f->force.largest_range) f->force.largest_range = range;
}

/* Swing samples (settled after toe-off) update the zero-load level: the window minimum sits about
 * three noise SDs below it, which would bias every edge on a noisy sensor. */
static void track_baseline(detect *d, foot *f, long j, double x)
{
    double fs = d->config.sample_rate_hz;
    if (f->have_pending && (double)(j - f->pending_trigger) < BASELINE_SETTLE_S * fs) return;
    double alpha = 1.0 / (BASELINE_TIME_S * fs);
    f->force.swing_base =
        isnan(f->force.swing_base) ? x : f->force.swing_base + alpha * (x - f->force.swing_base);
    double heel = at(d, f->ring_heel, j);
    if (!isnan(heel))
        f->force.swing_heel_base =
            isnan(f->force.swing_heel_base)
                ? heel
                : f->force.swing_heel_base + alpha * (heel - f->force.swing_heel_base);
}

/* A contact from a sensor that measures no force: times only, every force feature unknown. */
contact_event timing_only(int side, double start_s, double end_s)
{
    contact_event e;
    e.side = side;
    e.initial_contact_s = start_s;
    e.toe_off_s = end_s;
    e.heel_off_s = e.peak_force = e.pushoff_peak = e.pushoff_impulse = e.loading_rate = NAN;
    e.peak_tibial_g = e.vertical_oscillation_m = e.trunk_pitch_deg = e.foot_distance_m = NAN;
    e.trunk_up[0] = e.trunk_up[1] = e.trunk_up[2] = NAN;
    return e;
}

/* Force (and foot switch) state machine (detect.h), one delayed sample j. */
static void step_force(detect *d, foot *f, long j, double x, double base, double top)
{
    if (!isnan(f->force.swing_base) && f->force.swing_base > base && f->force.swing_base < top)
        base = f->force.swing_base;
    double range = top - base;
    double off_level = base + d->config.threshold_fraction * range;
    double on_level = off_level + d->config.hysteresis_fraction * range;
    int idle = !(range > 0) || range < MIN_RANGE_SHARE * f->force.largest_range;
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

static void finish_force(detect *d, foot *f)
{
    if (f->state == STATE_CONTACT) d->dropped++; /* cut off by the end of the recording */
    emit_pending(d, f);
    f->state = STATE_UNKNOWN;
}

/* The state machines by signal: a table, so a new sensor kind is a new row. */
static const struct detector {
    void (*step)(detect *d, foot *f, long j, double x, double lowest, double highest);
    void (*finish)(detect *d, foot *f);
} detectors[] = {
    [DETECT_FORCE] = {step_force, finish_force},
    [DETECT_FOOT_GYRO] = {step_gyro, finish_force},
    [DETECT_SACRUM] = {step_sacrum, finish_sacrum},
    [DETECT_SHANK] = {step_shank, finish_shank},
    [DETECT_SHANK_IMPACT] = {step_impact, finish_impact},
};

static void step(detect *d, foot *f, long j, double lowest, double highest)
{
    double x = at(d, f->ring_total, j);
    if (isnan(x) || isnan(lowest)) {
        lose_contact(d, f);
        return;
    }
    detectors[d->config.signal].step(d, f, j, x, lowest, highest);
}

/* A sacrum sensor's medio-lateral acceleration and forward pitch (condition.h), read per step
 * only: the running sum of the sway's finite samples into the right foot's total ring, the count
 * of its NaN ones into the heel ring, the running sum of the pitch's sine into pitch_sums. */
static void sway_push(detect *d, foot *f, const double *frames, long first, long n)
{
    double sum = d->sway_sum, gaps = d->sway_gaps, pitch = d->pitch_sum;
    for (long i = 0; i < n; i++) {
        double x = frames[i * COND_SIGNALS + COND_RIGHT_TOTAL];
        double sine = frames[i * COND_SIGNALS + COND_RIGHT_HEEL];
        if (isnan(x))
            gaps += 1;
        else
            sum += x;
        if (!isnan(sine)) pitch += sine;
        long slot = (first + i) & d->ring_mask;
        f->ring_total[slot] = sum;
        f->ring_heel[slot] = gaps;
        d->pitch_sums[slot] = pitch;
    }
    d->sway_sum = sum, d->sway_gaps = gaps, d->pitch_sum = pitch;
}

/* Up to DETECT_CHUNK frames: each foot's samples go into its ring and its window extremes first,
 * then the delayed samples are stepped in order, each seeing only the frames that had arrived when
 * its window was complete, so results are as if frame by frame. */
static void process_chunk(detect *d, const double *frames, long n)
{
    long first = d->received;
    for (int k = 0; k < 2; k++) {
        foot *f = &d->feet[k];
        const double *total = frames + f->total_signal, *heel = frames + f->heel_signal;
        if (!f->active) {
            if (d->config.signal == DETECT_SACRUM) sway_push(d, f, frames, first, n);
            continue;
        }
        for (long i = 0; i < n; i++) {
            f->ring_total[(first + i) & d->ring_mask] = total[i * COND_SIGNALS];
            f->ring_heel[(first + i) & d->ring_mask] = heel[i * COND_SIGNALS];
        }
        minmax_push_many(f->total_range, total, COND_SIGNALS, n, f->range_low, f->range_high);
    }
    d->received += n;
    for (long i = 0; i < n; i++) {
        long j = first + i - d->half;
        d->visible = first + i + 1;
        if (j < 0) continue;
        for (int k = 0; k < 2; k++) {
            foot *f = &d->feet[k];
            if (f->active) step(d, f, j, f->range_low[i], f->range_high[i]);
        }
    }
}

void detect_process(detect *d, const double *frames, long n)
{
    for (long start = 0; start < n; start += DETECT_CHUNK)
        process_chunk(d, frames + (size_t)start * COND_SIGNALS,
                      n - start < DETECT_CHUNK ? n - start : DETECT_CHUNK);
}

void detect_finish(detect *d)
{
    long first = d->received - d->half;
    if (first < 0) first = 0;
    d->visible = d->received;
    /* the window of sample j ends at j + half: NaN pushed beyond the end shrinks it */
    long pushed = d->received;
    for (long j = first; j < d->received; j++) {
        for (; pushed <= j + d->half; pushed++)
            for (int k = 0; k < 2; k++)
                minmax_push(d->feet[k].total_range, NAN);
        for (int k = 0; k < 2; k++) {
            foot *f = &d->feet[k];
            if (f->active) step(d, f, j, minmax_min(f->total_range), minmax_max(f->total_range));
        }
    }
    for (int k = 0; k < 2; k++)
        detectors[d->config.signal].finish(d, &d->feet[k]);
}

int detect_forward_learnt(const detect *d, double forward[2])
{
    double length = hypot(d->forward_sum[0], d->forward_sum[1]);
    forward[0] = d->forward_learnt ? d->forward_sum[0] / length : NAN;
    forward[1] = d->forward_learnt ? d->forward_sum[1] / length : NAN;
    return d->forward_learnt;
}

long detect_forward_relearnt(const detect *d)
{
    return d->forward_relearnt;
}

/* the map's forward axis is checked on at least this many steps, and said to point backwards
 * when this share of them or fewer agree */
#define FORWARD_CHECK_MIN_STEPS 7
#define FORWARD_CHECK_AGAINST 0.35

int detect_forward_axis_reversed(long checked_steps, double agreeing_share)
{
    return checked_steps >= FORWARD_CHECK_MIN_STEPS && agreeing_share <= FORWARD_CHECK_AGAINST;
}

/* and said to point sideways when forward, learnt from the same steps, lies this far from it */
#define FORWARD_SIDEWAYS_MIN_DEG 45.0
#define FORWARD_SIDEWAYS_MAX_DEG 135.0

int detect_forward_axis_sideways(long checked_steps, double off_deg)
{
    return checked_steps >= FORWARD_CHECK_MIN_STEPS && fabs(off_deg) >= FORWARD_SIDEWAYS_MIN_DEG &&
           fabs(off_deg) <= FORWARD_SIDEWAYS_MAX_DEG;
}

long detect_forward_check(const detect *d, double *agreeing_share)
{
    *agreeing_share =
        d->forward_checked > 0 ? (double)d->forward_agreeing / (double)d->forward_checked : NAN;
    return d->forward_checked;
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
        free(d->feet[k].range_low);
        free(d->feet[k].range_high);
    }
    free(d->side_weights);
    free(d->pitch_sums);
    free(d->tick_frames);
    free(d->tick_sums_before);
    free(d);
}
