/* DSP objects: filter response and block-size invariance, sliding min/max, cadence spectrum,
 * bridging short gaps. */
#include <math.h>

#include "../src/common/missing.h"
#include "../src/dsp/filter.h"
#include "../src/dsp/gapfill.h"
#include "../src/dsp/minmax.h"
#include "../src/dsp/spectrum.h"
#include "test_util.h"

/* Runs x (n samples, 1 channel) through a fresh filter in blocks of `block`. */
static void run_filter(double cutoff, double rate, const double *x, long n, long block, double *y)
{
    gb_error err = {0};
    filter *f = filter_create(cutoff, rate, 1, 1, &err);
    assert_non_null(f);
    long produced = 0;
    for (long start = 0; start < n; start += block) {
        long count = n - start < block ? n - start : block;
        produced += filter_process(f, x + start, count, y + produced);
    }
    produced += filter_finish(f, y + produced);
    assert_int_equal(produced, n);
    filter_destroy(f);
}

static void test_filter_gain_and_cutoff(void **state)
{
    (void)state;
    const double rate = 1000, cutoff = 20;
    const long n = 4000;
    double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
    for (long i = 0; i < n; i++)
        x[i] = 3.0;
    run_filter(cutoff, rate, x, n, 512, y);
    for (long i = 0; i < n; i++)
        assert_float_equal(y[i], 3.0, 1e-9); /* DC, edges extended */
    /* a sine at the cutoff comes out at 1/sqrt(2), in phase (zero-phase) */
    for (long i = 0; i < n; i++)
        x[i] = sin(2 * M_PI * cutoff * (double)i / rate);
    run_filter(cutoff, rate, x, n, 512, y);
    for (long i = 1000; i < 3000; i++)
        assert_float_equal(y[i], x[i] / sqrt(2.0), 0.01);
    /* a sine at 4x the cutoff is down by > 40 dB (the kernel is truncated at 3 sigma) */
    for (long i = 0; i < n; i++)
        x[i] = sin(2 * M_PI * 4 * cutoff * (double)i / rate);
    run_filter(cutoff, rate, x, n, 512, y);
    for (long i = 1000; i < 3000; i++)
        assert_true(fabs(y[i]) < 1e-2);
    free(x);
    free(y);
}

/* A dead channel comes out NaN and leaves its live neighbours exactly as a one-channel filter. */
static void test_filter_dead_channel(void **state)
{
    (void)state;
    enum { n = 600 };
    static double x[n], frames[2 * n], single[n], pair[2 * n];
    for (long i = 0; i < n; i++) {
        x[i] = sin(0.05 * (double)i) + (i % 50 == 0 ? 2 : 0);
        frames[2 * i] = NAN;
        frames[2 * i + 1] = x[i];
    }
    run_filter(15, 200, x, n, n, single);
    gb_error err = {0};
    filter *f = filter_create(15, 200, 2, 1, &err);
    assert_non_null(f);
    filter_set_dead(f, 0);
    long produced = filter_process(f, frames, n, pair);
    produced += filter_finish(f, pair + 2 * produced);
    assert_int_equal(produced, n);
    for (long i = 0; i < n; i++) {
        assert_true(isnan(pair[2 * i]));
        assert_true(pair[2 * i + 1] == single[i]);
    }
    filter_destroy(f);
}

/* A passed-through channel comes out as it went in, sample for sample (a NaN stays on its own
 * sample), decimated with the others, in any block size; its neighbour is filtered as usual. */
static void test_filter_passthrough_channel(void **state)
{
    (void)state;
    enum { n = 900, decimation = 3 };
    static double frames[2 * n], out[2 * n], again[2 * n];
    for (long i = 0; i < n; i++) {
        frames[2 * i] = (double)i + 0.5;
        frames[2 * i + 1] = sin(0.03 * (double)i);
    }
    frames[2 * 301] = NAN;
    const long blocks[] = {n, 1, 37};
    for (size_t k = 0; k < 3; k++) {
        gb_error err = {0};
        filter *f = filter_create(10, 200, 2, decimation, &err);
        assert_non_null(f);
        filter_set_passthrough(f, 0);
        long produced = 0;
        for (long start = 0; start < n; start += blocks[k]) {
            long count = n - start < blocks[k] ? n - start : blocks[k];
            produced += filter_process(f, frames + 2 * start, count, out + 2 * produced);
        }
        produced += filter_finish(f, out + 2 * produced);
        filter_destroy(f);
        assert_int_equal(produced, n / decimation);
        for (long i = 0; i < produced; i++) {
            long input = i * decimation;
            if (input == 301)
                assert_true(isnan(out[2 * i]));
            else
                assert_float_equal(out[2 * i], (double)input + 0.5, 0);
            if (input == 300) assert_false(isnan(out[2 * i])); /* the NaN does not spread */
            if (input >= 30 && input < n - 30)                 /* away from the extended ends */
                assert_float_equal(out[2 * i + 1], sin(0.03 * (double)input), 0.01);
        }
        if (k == 0)
            memcpy(again, out, sizeof out);
        else
            assert_memory_equal(again, out, sizeof(double) * 2 * (size_t)produced);
    }
}

static void test_filter_block_size_invariance(void **state)
{
    (void)state;
    const long n = 3001;
    double *x = calloc(n, sizeof *x), *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b);
    for (long i = 0; i < n; i++)
        x[i] = sin(0.01 * (double)i) + (i % 97 == 0 ? 5 : 0);
    x[1500] = NAN;
    run_filter(15, 200, x, n, n, a);
    const long blocks[] = {1, 7, 64, 1000};
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
        run_filter(15, 200, x, n, blocks[k], b);
        assert_memory_equal(a, b, sizeof(double) * (size_t)n);
    }
    assert_true(isnan(a[1500]) && !isnan(a[1400]));
    free(x);
    free(a);
    free(b);
}

/* Decimated, the filter hands out exactly every M-th output of the undecimated one: the two sum
 * each window in the same order (consecutive windows side by side, single ones alone), for
 * kernels whose tail after the groups of four taps is 1 or 3 long, in any block size. */
static void test_filter_decimation_keeps_every_mth(void **state)
{
    (void)state;
    enum { n = 1001, decimation = 3 };
    static double x[n], full[n], decimated[n];
    for (long i = 0; i < n; i++)
        x[i] = sin(0.013 * (double)i) + 0.1 * cos(0.37 * (double)i) + (i % 89 == 0 ? 3 : 0);
    x[400] = NAN;
    const double cutoffs[] = {45, 30, 18, 15}; /* kernels of 5, 7, 11 and 13 taps at 200 Hz */
    const long blocks[] = {1, 37, n};
    for (size_t c = 0; c < sizeof cutoffs / sizeof cutoffs[0]; c++)
        for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
            gb_error err = {0};
            filter *whole = filter_create(cutoffs[c], 200, 1, 1, &err);
            filter *every = filter_create(cutoffs[c], 200, 1, decimation, &err);
            assert_non_null(whole);
            assert_non_null(every);
            long made = 0, kept = 0;
            for (long start = 0; start < n; start += blocks[k]) {
                long count = n - start < blocks[k] ? n - start : blocks[k];
                made += filter_process(whole, x + start, count, full + made);
                kept += filter_process(every, x + start, count, decimated + kept);
            }
            made += filter_finish(whole, full + made);
            kept += filter_finish(every, decimated + kept);
            assert_int_equal(filter_length(whole),
                             2 * (int)ceil(3 * sqrt(log(2.0)) / (2 * M_PI * cutoffs[c]) * 200) + 1);
            filter_destroy(whole);
            filter_destroy(every);
            assert_int_equal(made, n);
            assert_int_equal(kept, (n + decimation - 1) / decimation);
            for (long i = 0; i < kept; i++)
                assert_memory_equal(&decimated[i], &full[i * decimation], sizeof(double));
            assert_true(isnan(full[400]) && !isnan(full[380]));
        }
}

static void test_filter_short_input(void **state)
{
    (void)state;
    double x[3] = {1, 2, 3}, y[3];
    run_filter(5, 1000, x, 3, 2, y); /* shorter than the filter's delay */
    assert_true(y[0] > 1 && y[0] < y[2] && y[2] < 3);
}

static void test_minmax_matches_brute_force(void **state)
{
    (void)state;
    gb_error err = {0};
    const long window = 17;
    minmax *m = minmax_create(window, &err);
    assert_non_null(m);
    double x[500];
    unsigned seed = 7;
    for (long i = 0; i < 500; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = (double)(seed % 1000) / 10.0;
        minmax_push(m, i % 50 == 3 ? NAN : x[i]); /* NaN samples are skipped */
        double lo = INFINITY, hi = -INFINITY;
        for (long k = i - window + 1 < 0 ? 0 : i - window + 1; k <= i; k++) {
            if (k % 50 == 3) continue;
            lo = fmin(lo, x[k]);
            hi = fmax(hi, x[k]);
        }
        assert_float_equal(minmax_min(m), lo, 0);
        assert_float_equal(minmax_max(m), hi, 0);
    }
    for (long i = 0; i < window; i++) /* the end of a stream: the window empties */
        minmax_push(m, NAN);
    assert_true(isnan(minmax_min(m)) && isnan(minmax_max(m)));
    minmax_push(m, 4.5);
    assert_float_equal(minmax_min(m), 4.5, 0);
    assert_float_equal(minmax_max(m), 4.5, 0);
    minmax_destroy(m);
}

/* minmax_push_many over uneven runs, from a strided array, gives what one push at a time gives. */
static void test_minmax_push_many_matches_single_pushes(void **state)
{
    (void)state;
    gb_error err = {0};
    minmax *one = minmax_create(9, &err), *many = minmax_create(9, &err);
    assert_non_null(one);
    assert_non_null(many);
    double frames[300][2], low[40], high[40];
    for (long i = 0; i < 300; i++) {
        frames[i][0] = i % 23 == 5 ? NAN : sin(0.37 * (double)i) * 10.0;
        frames[i][1] = -1.0; /* the other column of the frames: never read */
    }
    const long runs[] = {1, 7, 40, 3, 9, 17};
    long at = 0;
    for (int r = 0; at < 300; r = (r + 1) % 6) {
        long n = runs[r] < 300 - at ? runs[r] : 300 - at;
        minmax_push_many(many, &frames[at][0], 2, n, low, high);
        for (long i = 0; i < n; i++) {
            minmax_push(one, frames[at + i][0]);
            double lo = minmax_min(one), hi = minmax_max(one);
            assert_true(low[i] == lo || (isnan(low[i]) && isnan(lo)));
            assert_true(high[i] == hi || (isnan(high[i]) && isnan(hi)));
        }
        at += n;
    }
    assert_float_equal(minmax_min(many), minmax_min(one), 0);
    assert_float_equal(minmax_max(many), minmax_max(one), 0);
    minmax_destroy(one);
    minmax_destroy(many);
}

static void test_spectrum_finds_stride_frequency(void **state)
{
    (void)state;
    gb_error err = {0};
    const double rate = 200, stride_hz = 1.37;
    spectrum *s = spectrum_create(rate, 10, 0.3, 2.5, &err);
    assert_non_null(s);
    const long n = (long)(60 * rate);
    double *x = calloc(n, sizeof *x);
    /* a force-like pulse train: contact for 35 % of each stride, rich in harmonics */
    for (long i = 0; i < n; i++) {
        double phase = fmod((double)i / rate * stride_hz, 1.0);
        x[i] = phase < 0.35 ? 1500 * sin(M_PI * phase / 0.35) : 0;
    }
    assert_true(isnan(spectrum_dominant_at(s, 0)));
    for (long i = 0; i < n; i += 333)
        spectrum_process(s, x + i, i + 333 <= n ? 333 : n - i);
    assert_float_equal(spectrum_dominant_overall(s), stride_hz, 0.01);
    assert_float_equal(spectrum_dominant_at(s, n - 1), stride_hz, 0.02);
    assert_true(isnan(spectrum_dominant_at(s, spectrum_segment_length(s) - 2)));
    free(x);
    spectrum_destroy(s);
}

/* The runs a gapfill reported bridged (gapfill_on_run): channel, first frame, frame after. */
typedef struct bridged_runs {
    int64_t runs[400][3];
    int count;
} bridged_runs;

static void note_run(void *ctx, int channel, int64_t first_frame, int64_t end_frame)
{
    bridged_runs *r = ctx;
    assert_true(r->count < 400);
    r->runs[r->count][0] = channel;
    r->runs[r->count][1] = first_frame;
    r->runs[r->count++][2] = end_frame;
}

/* Runs n frames of 2 channels through a fresh gapfill (runs of up to max_run bridged) in blocks
 * of `block`, into out; returns the samples bridged, and the runs into runs (unless NULL). */
static int64_t run_gapfill(const double *in, long n, long max_run, long block, double *out,
                           bridged_runs *runs)
{
    gb_error err = {0};
    gapfill *g = gapfill_create(2, max_run, &err);
    assert_non_null(g);
    if (runs) {
        runs->count = 0;
        gapfill_on_run(g, note_run, runs);
    }
    double *frames = calloc((size_t)(block + gapfill_held_max(g)) * 2, sizeof(double));
    long produced = 0;
    for (long start = 0; start < n; start += block) {
        long count = n - start < block ? n - start : block;
        memcpy(frames, in + start * 2, sizeof(double) * (size_t)count * 2);
        long m = gapfill_process(g, frames, count);
        memcpy(out + produced * 2, frames, sizeof(double) * (size_t)m * 2);
        produced += m;
    }
    long m = gapfill_finish(g, frames);
    memcpy(out + produced * 2, frames, sizeof(double) * (size_t)m * 2);
    produced += m;
    assert_int_equal(produced, n);
    int64_t bridged = gapfill_bridged(g);
    free(frames);
    gapfill_destroy(g);
    return bridged;
}

static void test_gapfill_bridges_short_runs_only(void **state)
{
    (void)state;
    enum { N = 40 };
    double in[N * 2], out[N * 2];
    for (long i = 0; i < N; i++) {
        in[i * 2] = 10.0 + i;    /* a ramp: bridging it restores it exactly */
        in[i * 2 + 1] = 2.0 * i; /* channel 1: missing once */
    }
    in[0] = NAN;     /* the start missing: nothing before it */
    in[5 * 2] = NAN; /* one sample */
    for (int i = 10; i < 13; i++)
        in[i * 2] = NAN; /* three: as long as max_run */
    for (int i = 20; i < 24; i++)
        in[i * 2] = NAN;  /* four: too long */
    in[30 * 2 + 1] = NAN; /* the other channel, one sample */
    in[39 * 2] = NAN;     /* the end missing: nothing after it */
    bridged_runs *runs = calloc(1, sizeof *runs);
    int64_t bridged = run_gapfill(in, N, 3, 1000, out, runs);
    assert_int_equal(bridged, 1 + 3 + 1);
    /* reported in order, each once: channel, first frame, the frame after */
    const int64_t expected[3][3] = {{0, 5, 6}, {0, 10, 13}, {1, 30, 31}};
    assert_int_equal(runs->count, 3);
    assert_memory_equal(runs->runs, expected, sizeof expected);
    free(runs);
    assert_true(isnan(out[0]));
    assert_float_equal(out[5 * 2], 15.0, 1e-12);
    for (int i = 10; i < 13; i++)
        assert_float_equal(out[i * 2], 10.0 + i, 1e-12);
    for (int i = 20; i < 24; i++)
        assert_true(isnan(out[i * 2]));
    assert_float_equal(out[30 * 2 + 1], 60.0, 1e-12);
    assert_true(isnan(out[39 * 2]));
    for (long i = 0; i < N; i++) /* what was present is unchanged */
        for (int c = 0; c < 2; c++)
            if (!isnan(in[i * 2 + c])) assert_true(out[i * 2 + c] == in[i * 2 + c]);
    double off[N * 2];
    assert_int_equal(run_gapfill(in, N, 0, 1000, off, NULL), 0); /* 0: none bridged */
    /* a sample its device flagged (common/missing.h) keeps its run missing, short as it is:
     * alone, or after an ordinary missing one */
    in[5 * 2] = gb_flagged_nan();
    in[12 * 2] = gb_flagged_nan();
    assert_int_equal(run_gapfill(in, N, 3, 7, out, NULL), 1);
    assert_true(isnan(out[5 * 2]) && isnan(out[10 * 2]) && isnan(out[12 * 2]));
    assert_true(gb_is_flagged_nan(out[12 * 2]));
    for (long i = 0; i < N * 2; i++)
        assert_true(isnan(in[i]) ? isnan(off[i]) : off[i] == in[i]);
}

/* Gaps at random places and lengths, runs cut by block edges anywhere: the same bridged stream
 * whatever the block size. */
static void test_gapfill_block_size_invariance(void **state)
{
    (void)state;
    const long n = 5000;
    double *in = calloc((size_t)n * 2, sizeof(double)),
           *ref = calloc((size_t)n * 2, sizeof(double)),
           *out = calloc((size_t)n * 2, sizeof(double));
    unsigned seed = 7;
    for (long i = 0; i < n * 2; i++)
        in[i] = sin(0.01 * (double)i);
    for (int k = 0; k < 300; k++) {
        seed = seed * 1103515245u + 12345u;
        long at = (long)(seed % (unsigned)n), length = 1 + (long)((seed >> 16) % 7);
        int channel = (int)((seed >> 8) & 1);
        for (long i = at; i < at + length && i < n; i++)
            in[i * 2 + channel] = NAN;
    }
    bridged_runs *runs = calloc(1, sizeof *runs), *again = calloc(1, sizeof *again);
    int64_t bridged = run_gapfill(in, n, 4, n, ref, runs);
    assert_true(bridged > 100);
    int64_t in_runs = 0; /* the runs reported hold the samples bridged, in order of first frame */
    for (int k = 0; k < runs->count; k++) {
        in_runs += runs->runs[k][2] - runs->runs[k][1];
        if (k) assert_true(runs->runs[k][1] >= runs->runs[k - 1][1]);
    }
    assert_int_equal(in_runs, bridged);
    const long blocks[] = {1, 2, 3, 5, 7, 64, 1001};
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        assert_int_equal(run_gapfill(in, n, 4, blocks[b], out, again), bridged);
        assert_memory_equal(out, ref, sizeof(double) * (size_t)n * 2);
        assert_int_equal(again->count, runs->count);
        assert_memory_equal(again->runs, runs->runs, sizeof runs->runs[0] * (size_t)runs->count);
    }
    free(runs);
    free(again);
    free(in);
    free(ref);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_gain_and_cutoff),
        cmocka_unit_test(test_filter_block_size_invariance),
        cmocka_unit_test(test_filter_dead_channel),
        cmocka_unit_test(test_filter_passthrough_channel),
        cmocka_unit_test(test_filter_decimation_keeps_every_mth),
        cmocka_unit_test(test_filter_short_input),
        cmocka_unit_test(test_minmax_matches_brute_force),
        cmocka_unit_test(test_minmax_push_many_matches_single_pushes),
        cmocka_unit_test(test_spectrum_finds_stride_frequency),
        cmocka_unit_test(test_gapfill_bridges_short_runs_only),
        cmocka_unit_test(test_gapfill_block_size_invariance),
    };
    return cmocka_run_group_tests_name("dsp", tests, NULL, NULL);
}
