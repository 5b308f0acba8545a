/* Detection on synthetic force: events against known truth, block-size invariance, gaps. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "../src/condition/condition.h"
#include "../src/detect/detect.h"
#include "../src/dsp/filter.h"
#include "test_util.h"

#define RATE 200.0
#define MAX_EVENTS 2000

typedef struct events {
    contact_event items[MAX_EVENTS];
    int count;
} events;

static void collect(void *ctx, const contact_event *e)
{
    events *list = ctx;
    if (list->count < MAX_EVENTS) list->items[list->count++] = *e;
}

/* Truth: foot k's contact j starts at 1 + j*stride + k*stride/2 and lasts `contact` seconds. */
typedef struct scenario {
    double stride_s, contact_s, noise_N;
    long samples;
} scenario;

static double contact_force(double u)
{
    double heel = u <= 0.5 ? 800 * sin(M_PI * u / 0.5) : 0;
    double forefoot = u >= 0.15 ? 1400 * sin(M_PI * (u - 0.15) / 0.85) : 0;
    return heel + forefoot;
}

static double heel_force(double u)
{
    return u <= 0.5 ? 800 * sin(M_PI * u / 0.5) : 0;
}

static double *make_frames(const scenario *s, unsigned long seed)
{
    double *frames = calloc((size_t)s->samples * COND_SIGNALS, sizeof(double));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    for (long i = 0; i < s->samples; i++) {
        double t = (double)i / RATE;
        for (int k = 0; k < 2; k++) {
            double local = t - 1 - k * s->stride_s / 2;
            double total = 0, heel = 0;
            if (local >= 0) {
                double u = fmod(local, s->stride_s) / s->contact_s;
                if (u <= 1) total = contact_force(u), heel = heel_force(u);
            }
            frames[i * COND_SIGNALS + 2 * k] = total + s->noise_N * gsl_ran_gaussian(rng, 1);
            frames[i * COND_SIGNALS + 2 * k + 1] = heel + s->noise_N * gsl_ran_gaussian(rng, 1);
        }
    }
    gsl_rng_free(rng);
    return frames;
}

static void lowpass(double *frames, long n, double cutoff)
{
    gb_error err = {0};
    filter *f = filter_create(cutoff, RATE, COND_SIGNALS, 1, &err);
    double *out = calloc((size_t)n * COND_SIGNALS, sizeof(double));
    long produced = filter_process(f, frames, n, out);
    filter_finish(f, out + produced * COND_SIGNALS);
    memcpy(frames, out, sizeof(double) * (size_t)n * COND_SIGNALS);
    free(out);
    filter_destroy(f);
}

/* Runs a detector made from config (both feet present) over the frames in blocks of `block`. */
static void run_detect_with(detect_config config, const double *frames, long n, long block,
                            events *out)
{
    config.present[1] = config.present[2] = 1;
    config.on_contact = collect;
    config.contact_ctx = out;
    gb_error err = {0};
    detect *d = detect_create(&config, &err);
    assert_non_null(d);
    out->count = 0;
    for (long start = 0; start < n; start += block)
        detect_process(d, frames + start * COND_SIGNALS, n - start < block ? n - start : block);
    detect_finish(d);
    detect_destroy(d);
}

static void run_detect(const double *frames, long n, long block, events *out)
{
    detect_config config;
    detect_config_default(&config, RATE);
    config.has_heel[1] = config.has_heel[2] = 1;
    run_detect_with(config, frames, n, block, out);
}

/* Median absolute errors (s) of IC and TO against truth, and the share of truth contacts found. */
static void score(const scenario *s, const events *e, double *ic_error, double *to_error,
                  double *found)
{
    double ic[MAX_EVENTS], to[MAX_EVENTS];
    int matched = 0, expected = 0;
    for (int k = 0; k < 2; k++)
        for (int j = 0;; j++) {
            double start = 1 + j * s->stride_s + k * s->stride_s / 2;
            if (start + s->stride_s > (double)s->samples / RATE - 1) break;
            expected++;
            for (int m = 0; m < e->count; m++)
                if (e->items[m].side == k + 1 &&
                    fabs(e->items[m].initial_contact_s - start) < 0.05) {
                    ic[matched] = fabs(e->items[m].initial_contact_s - start);
                    to[matched++] = fabs(e->items[m].toe_off_s - (start + s->contact_s));
                }
        }
    gsl_sort(ic, 1, (size_t)matched);
    gsl_sort(to, 1, (size_t)matched);
    *ic_error = gsl_stats_median_from_sorted_data(ic, 1, (size_t)matched);
    *to_error = gsl_stats_median_from_sorted_data(to, 1, (size_t)matched);
    *found = (double)matched / expected;
}

static void check_scenario(double stride, double contact, double noise, double tolerance_s)
{
    scenario s = {stride, contact, noise, (long)(60 * RATE)};
    double *frames = make_frames(&s, 42);
    if (noise > 0) lowpass(frames, s.samples, 20);
    events *e = calloc(1, sizeof *e);
    run_detect(frames, s.samples, 4096, e);
    double ic_error, to_error, found;
    score(&s, e, &ic_error, &to_error, &found);
    print_message("stride %.2f s contact %.2f s noise %.0f N: found %.3f, IC %.2f ms, TO %.2f ms\n",
                  stride, contact, noise, found, 1000 * ic_error, 1000 * to_error);
    assert_true(found > 0.99);
    assert_true(ic_error <= tolerance_s);
    assert_true(to_error <= tolerance_s);
    double heel_errors[MAX_EVENTS];
    for (int m = 0; m < e->count; m++) {
        /* heel-off of this shape is at half the contact */
        const contact_event *c = &e->items[m];
        heel_errors[m] = fabs(c->heel_off_s - c->initial_contact_s - contact / 2);
        assert_true(c->pushoff_impulse > 0 && c->loading_rate > 0);
    }
    gsl_sort(heel_errors, 1, (size_t)e->count);
    double heel_error = gsl_stats_median_from_sorted_data(heel_errors, 1, (size_t)e->count);
    print_message("  heel-off median error %.2f ms\n", 1000 * heel_error);
    assert_true(heel_error <= tolerance_s);
    free(e);
    free(frames);
}

static void test_clean_running_within_one_sample(void **state)
{
    (void)state;
    check_scenario(0.70, 0.24, 0, 1 / RATE);
}

static void test_clean_walking_within_one_sample(void **state)
{
    (void)state;
    check_scenario(1.10, 0.68, 0, 1 / RATE);
}

static void test_noisy_within_10_ms(void **state)
{
    (void)state;
    check_scenario(0.70, 0.24, 40, 0.010);
    check_scenario(1.10, 0.68, 40, 0.010);
}

static void test_block_size_does_not_change_events(void **state)
{
    (void)state;
    scenario s = {0.72, 0.26, 30, (long)(40 * RATE)};
    double *frames = make_frames(&s, 3);
    lowpass(frames, s.samples, 20);
    events *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    run_detect(frames, s.samples, s.samples, a);
    assert_true(a->count > 100);
    const long blocks[] = {1, 13, 4096};
    for (size_t k = 0; k < 3; k++) {
        run_detect(frames, s.samples, blocks[k], b);
        assert_int_equal(a->count, b->count);
        assert_memory_equal(a->items, b->items, sizeof(contact_event) * (size_t)a->count);
    }
    free(a);
    free(b);
    free(frames);
}

static void test_contacts_next_to_gaps_are_dropped(void **state)
{
    (void)state;
    scenario s = {0.70, 0.24, 0, (long)(40 * RATE)};
    double *frames = make_frames(&s, 1);
    /* 0.3 s gap on the left foot from 20.0 s: the contact starting at 20.25 s (left) is cut */
    for (long i = (long)(20.0 * RATE); i < (long)(20.3 * RATE); i++)
        frames[i * COND_SIGNALS] = NAN;
    events *e = calloc(1, sizeof *e);
    run_detect(frames, s.samples, 512, e);
    for (int m = 0; m < e->count; m++) {
        if (e->items[m].side != 1) continue;
        assert_false(e->items[m].toe_off_s > 19.99 && e->items[m].initial_contact_s < 20.31);
    }
    int left_after = 0;
    for (int m = 0; m < e->count; m++)
        left_after += e->items[m].side == 1 && e->items[m].initial_contact_s > 21;
    assert_true(left_after > 20); /* detection resumes after the gap */
    free(e);
    free(frames);
}

static void test_flat_signal_has_no_contacts(void **state)
{
    (void)state;
    long n = (long)(30 * RATE);
    double *frames = calloc((size_t)n * COND_SIGNALS, sizeof(double));
    events *e = calloc(1, sizeof *e);
    run_detect(frames, n, 256, e);
    assert_int_equal(e->count, 0);
    free(e);
    free(frames);
}

/* A foot switch (arbitrary units, 0 unloaded, 1 loaded) whose feet touch down with a small step,
 * 40 ms at a quarter of the range before the main rise, and whose sensor bumps back up to 0.15
 * after the fall, then sinks to zero. Truth: the main rise starts at initial contact, the fall
 * ends at toe-off. */
#define SWITCH_STRIDE_S 1.1
#define SWITCH_STANCE_S 0.66

static double foot_switch(double u)
{
    const double rise = 0.03, fall = 0.05, bump = 0.06, settle = 0.15;
    double stance = SWITCH_STANCE_S;
    if (u < -0.04 || u >= stance + bump + settle) return 0;
    if (u < 0) return 0.25;
    if (u < rise) return 0.25 + 0.75 * u / rise;
    if (u < stance - fall) return 1;
    if (u < stance) return 1 - 0.92 * (u - (stance - fall)) / fall;
    if (u < stance + bump) return 0.08 + 0.07 * sin(M_PI * (u - stance) / bump);
    return 0.08 * (1 - (u - stance - bump) / settle);
}

static double *make_switch_frames(long n)
{
    double *frames = calloc((size_t)n * COND_SIGNALS, sizeof(double));
    for (long i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            double t = (double)i / RATE - 1 - k * SWITCH_STRIDE_S / 2, x = 0;
            if (t >= -0.2) x = foot_switch(fmod(t + 0.2, SWITCH_STRIDE_S) - 0.2);
            frames[i * COND_SIGNALS + 2 * k] = x;
            frames[i * COND_SIGNALS + 2 * k + 1] = NAN;
        }
    lowpass(frames, n, 30);
    return frames;
}

static void run_switch(const double *frames, long n, long block, int steep, events *out)
{
    detect_config config;
    detect_config_default(&config, RATE);
    config.threshold_fraction = 0.06;
    config.hysteresis_fraction = 0.05;
    config.extrapolate_edges = 0;
    config.onset_slope_per_s = steep ? 3.0 : 0;
    config.release_slope_per_s = steep ? 0.45 : 0;
    run_detect_with(config, frames, n, block, out);
}

/* Signed errors of the events against the switch's truth, worst of all contacts. */
static void switch_errors(const events *e, double *ic_worst, double *to_worst)
{
    *ic_worst = *to_worst = 0;
    for (int m = 0; m < e->count; m++) {
        double offset = 1 + (e->items[m].side - 1) * SWITCH_STRIDE_S / 2;
        double ic = fmod(e->items[m].initial_contact_s - offset + 0.2, SWITCH_STRIDE_S) - 0.2;
        double to = fmod(e->items[m].toe_off_s - offset, SWITCH_STRIDE_S) - SWITCH_STANCE_S;
        if (fabs(ic) > fabs(*ic_worst)) *ic_worst = ic;
        if (fabs(to) > fabs(*to_worst)) *to_worst = to;
    }
}

static void test_foot_switch_events_at_the_steep_edges(void **state)
{
    (void)state;
    long n = (long)(40 * RATE);
    double *frames = make_switch_frames(n);
    events *e = calloc(1, sizeof *e), *other = calloc(1, sizeof *other);
    run_switch(frames, n, 4096, 1, e);
    assert_true(e->count > 60);
    double ic_worst, to_worst;
    switch_errors(e, &ic_worst, &to_worst);
    /* the 30 Hz low-pass rounds the corners: the slope limit is met a few ms outside them */
    assert_true(ic_worst > -0.010 && ic_worst <= 0.002);
    assert_true(to_worst >= -0.002 && to_worst < 0.010);
    /* threshold crossings take the small step for the contact and wait for the bump to pass */
    run_switch(frames, n, 4096, 0, other);
    switch_errors(other, &ic_worst, &to_worst);
    assert_true(ic_worst < -0.030);
    assert_true(to_worst > 0.050);
    const long blocks[] = {1, 13, 300};
    for (size_t k = 0; k < 3; k++) {
        run_switch(frames, n, blocks[k], 1, other);
        assert_int_equal(e->count, other->count);
        assert_memory_equal(e->items, other->items, sizeof(contact_event) * (size_t)e->count);
    }
    free(e);
    free(other);
    free(frames);
}

/* A foot gyroscope's pitch rate: push-off peak (400 deg/s) at toe-off, a swing lobe (-350 deg/s)
 * from toe-off to the upward zero crossing at initial contact, then a quiet stance. */
static void test_foot_gyro_events_within_one_sample(void **state)
{
    (void)state;
    const double stride = 1.1, stance = 0.66, swing = stride - stance, push = 0.12;
    long n = (long)(40 * RATE);
    double *frames = calloc((size_t)n * COND_SIGNALS, sizeof(double));
    for (long i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            double t = (double)i / RATE - 1 - k * stride / 2, g = 0;
            if (t >= 0) {
                double u = fmod(t, stride);           /* 0 = initial contact */
                if (u >= stance - push && u < stance) /* push-off: rising to the peak at toe-off */
                    g = 400 * sin(M_PI / 2 * (u - (stance - push)) / push);
                else if (u >= stance) /* swing: from the peak down through the lobe, up to 0 */
                    g = (u - stance < 0.02)
                            ? 400 * (1 - (u - stance) / 0.02)
                            : -350 * sin(M_PI * (u - stance - 0.02) / (swing - 0.02));
            }
            frames[i * COND_SIGNALS + 2 * k] = g;
            frames[i * COND_SIGNALS + 2 * k + 1] = NAN;
        }
    events *e = calloc(1, sizeof *e);
    detect_config config;
    detect_config_default(&config, RATE);
    config.signal = DETECT_FOOT_GYRO;
    run_detect_with(config, frames, n, 100, e);
    assert_true(e->count > 60);
    for (int m = 0; m < e->count; m++) {
        double offset = 1 + (e->items[m].side - 1) * stride / 2;
        double ic = fmod(e->items[m].initial_contact_s - offset + 0.05, stride) - 0.05;
        double to = fmod(e->items[m].toe_off_s - offset, stride);
        /* within one sample, that included: its time comes out of fmod with rounding */
        assert_float_equal(ic, 0, 1.000001 / RATE);      /* the upward zero crossing */
        assert_float_equal(to, stance, 1.000001 / RATE); /* the push-off peak */
        assert_true(isnan(e->items[m].pushoff_impulse)); /* no force from a gyroscope */
    }
    free(e);
    free(frames);
}

/* A tibial accelerometer's magnitude (g) at u seconds into a running stride of 0.7 s, from initial
 * contact: an impact rising straight to 7 g in 15 ms and back to 1 g by 45 ms, stance at 1 g to
 * toe-off at 0.25 s, then the swing's centripetal hump (up to 2.2 g at mid-swing), the first 0.1 s
 * of it in flight (gravity gone). Not the simulator's shapes: its shock is a Gaussian. */
static double tibia_g(double u)
{
    if (u < 0.015) return 1 + 6 * u / 0.015;
    if (u < 0.045) return 7 - 6 * (u - 0.015) / 0.030;
    if (u < 0.25) return 1;
    double hump = 1.2 * pow(sin(M_PI * (u - 0.25) / 0.45), 2);
    return (u < 0.35 ? 0 : 1) + hump;
}

/* 40 s of both shanks' acceleration magnitude (g), each leg's stride shaped by g_at (seconds into
 * the stride from initial contact), the left leg landing first at 1 s and the right half a stride
 * later, at rest (1 g) before; *n gets the frames' count. */
static double *shank_frames(double (*g_at)(double u), double stride, long *n)
{
    *n = (long)(40 * RATE);
    double *frames = calloc((size_t)*n * COND_SIGNALS, sizeof(double));
    assert_non_null(frames);
    for (long i = 0; i < *n; i++)
        for (int k = 0; k < 2; k++) {
            double t = (double)i / RATE - 1 - k * stride / 2;
            frames[i * COND_SIGNALS + 2 * k] = t >= 0 ? g_at(fmod(t, stride)) : 1.0;
            frames[i * COND_SIGNALS + 2 * k + 1] = NAN;
        }
    return frames;
}

/* Shank accelerometers alone: initial contact where the impact's rise starts (its steepest rise's
 * tangent followed back to the level before it: exact for a straight rise), the shock at its top,
 * no toe-off, the swing's hump passed over; the same events whatever the block size; a leg at rest
 * gives none. */
static void test_shank_impacts_within_one_sample(void **state)
{
    (void)state;
    const double stride = 0.7;
    long n;
    double *frames = shank_frames(tibia_g, stride, &n);
    events *e = calloc(1, sizeof *e), *again = calloc(1, sizeof *again);
    detect_config config;
    detect_config_default(&config, RATE);
    config.signal = DETECT_SHANK_IMPACT;
    run_detect_with(config, frames, n, 100, e);
    assert_int_equal(e->count, 2 * 56); /* each leg lands 56 times, from 1 s (1.35 s) to 40 s */
    for (int m = 0; m < e->count; m++) {
        double offset = 1 + (e->items[m].side - 1) * stride / 2;
        double ic = fmod(e->items[m].initial_contact_s - offset + 0.05, stride) - 0.05;
        assert_float_equal(ic, 0, 1e-9); /* where the straight rise starts */
        assert_true(isnan(e->items[m].toe_off_s));
        assert_float_equal(e->items[m].peak_tibial_g, 7.0, 1e-9);
    }
    run_detect_with(config, frames, n, 7, again);
    assert_int_equal(again->count, e->count);
    assert_memory_equal(again->items, e->items, sizeof(contact_event) * (size_t)e->count);
    for (long i = 0; i < n * COND_SIGNALS; i++) /* at rest: 1 g on both legs */
        frames[i] = i % 2 ? NAN : 1.0 + 0.01 * sin((double)i);
    run_detect_with(config, frames, n, 100, e);
    assert_int_equal(e->count, 0);
    free(e);
    free(again);
    free(frames);
}

/* A soft walking landing seen by a tibial accelerometer (g) at u seconds into a 1.1 s stride: the
 * heel strike rises straight to 2 g in 15 ms and falls back to 1 g by 45 ms; the swing, from
 * toe-off at 0.66 s to 1.06 s, shows a broad centripetal hump that tops it at 2.6 g. */
static double soft_walk_g(double u)
{
    if (u < 0.015) return 1 + u / 0.015;
    if (u < 0.045) return 2 - (u - 0.015) / 0.030;
    if (u < 0.66 || u >= 1.06) return 1;
    return 1 + 1.6 * pow(sin(M_PI * (u - 0.66) / 0.40), 2);
}

/* Where the swing's hump tops a soft landing, the landing is still the impact: a sharp rise
 * (since 0.19.0; the highest magnitude of each stride was the swing's, 0.3 s early). */
static void test_shank_impacts_sharper_than_the_swing(void **state)
{
    (void)state;
    const double stride = 1.1;
    long n;
    double *frames = shank_frames(soft_walk_g, stride, &n);
    events *e = calloc(1, sizeof *e);
    detect_config config;
    detect_config_default(&config, RATE);
    config.signal = DETECT_SHANK_IMPACT;
    run_detect_with(config, frames, n, 100, e);
    assert_int_equal(e->count, 36 + 35); /* the left leg lands from 1 s, the right from 1.55 s */
    for (int m = 0; m < e->count; m++) {
        double offset = 1 + (e->items[m].side - 1) * stride / 2;
        double ic = fmod(e->items[m].initial_contact_s - offset + 0.05, stride) - 0.05;
        assert_float_equal(ic, 0, 1e-9);
        assert_float_equal(e->items[m].peak_tibial_g, 2.0, 1e-9);
    }
    free(e);
    free(frames);
}

/* A lower-back sensor's vertical acceleration (g) over one walking step, from its initial contact:
 * the loading peak, a trough with a small wiggle in it (0.008 g, as real walks show), then the
 * second peak at the other foot's final contact, 0.2 s in. Straight lines between these points. */
static double sacrum_step_g(double u)
{
    static const double at_s[] = {0, 0.04, 0.10, 0.11, 0.12, 0.13, 0.20, 0.30, 1.0};
    static const double value_g[] = {0, 0.25, -0.08, -0.072, -0.08, -0.085, 0.05, 0, 0};
    for (int i = 1; i < 9; i++)
        if (u < at_s[i])
            return value_g[i - 1] +
                   (value_g[i] - value_g[i - 1]) * (u - at_s[i - 1]) / (at_s[i] - at_s[i - 1]);
    return 0;
}

/* Walking, seen from the lower back: a step's final contact is the second peak after the next
 * step's loading peak, not a wiggle in the trough before it (which once ended the search: the
 * toe-off was then NaN), whatever the block size; and the same steps drawn out 1.6 times, as a
 * slower walker takes them (0.88 s, 68 steps/min: every phase 1.6 times longer, the
 * accelerations 2.56 times weaker), whose second peak rises over 0.11 s (until 0.28.0 a rise
 * over 0.1 s was passed over: no final contact). */
static void test_sacrum_final_contact_past_a_wiggle(void **state)
{
    (void)state;
    const double rate = 100;
    long n = (long)(40 * rate);
    double *frames = calloc((size_t)n * COND_SIGNALS, sizeof(double));
    static const double paces[] = {1.0, 1.6}; /* each step drawn out this many times */
    for (size_t p = 0; p < sizeof paces / sizeof paces[0]; p++) {
        const double slower = paces[p], step = 0.55 * slower;
        for (long i = 0; i < n; i++) {
            double t = (double)i / rate - 1;
            frames[i * COND_SIGNALS] =
                t >= 0 ? sacrum_step_g(fmod(t, step) / slower) / (slower * slower) : 0;
            for (int k = 1; k < COND_SIGNALS; k++) /* no gyroscope, no horizontal axes */
                frames[i * COND_SIGNALS + k] = NAN;
        }
        detect_config config;
        detect_config_default(&config, rate);
        config.signal = DETECT_SACRUM;
        static const long blocks[] = {7, 256, 4096};
        for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
            events *e = calloc(1, sizeof *e);
            run_detect_with(config, frames, n, blocks[b], e);
            assert_true(e->count > 39 / step);
            int timed = 0;
            for (int m = 0; m < e->count; m++) {
                const contact_event *c = &e->items[m];
                double k = round((c->initial_contact_s - 1) / step);
                double into_rise_s = c->initial_contact_s - 1 - k * step; /* on this step's rise */
                assert_true(into_rise_s > -1.5 / rate && into_rise_s < 0.04 * slower + 1.5 / rate);
                if (isnan(c->toe_off_s)) continue;
                /* the next step's contact, then 0.2 s (drawn out) */
                assert_float_equal(c->toe_off_s, 1 + (k + 1) * step + 0.2 * slower, 0.005 * slower);
                timed++;
            }
            assert_true(timed >= e->count - 2); /* all but the last step's */
            free(e);
        }
    }
    free(frames);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_running_within_one_sample),
        cmocka_unit_test(test_clean_walking_within_one_sample),
        cmocka_unit_test(test_noisy_within_10_ms),
        cmocka_unit_test(test_block_size_does_not_change_events),
        cmocka_unit_test(test_contacts_next_to_gaps_are_dropped),
        cmocka_unit_test(test_flat_signal_has_no_contacts),
        cmocka_unit_test(test_foot_gyro_events_within_one_sample),
        cmocka_unit_test(test_shank_impacts_within_one_sample),
        cmocka_unit_test(test_shank_impacts_sharper_than_the_swing),
        cmocka_unit_test(test_foot_switch_events_at_the_steep_edges),
        cmocka_unit_test(test_sacrum_final_contact_past_a_wiggle),
    };
    return cmocka_run_group_tests_name("detect", tests, NULL, NULL);
}
