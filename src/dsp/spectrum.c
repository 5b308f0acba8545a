#include "spectrum.h"

#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ESTIMATE_RING 256
#define RECENT_WEIGHT 0.5 /* exponential average: the last ~3 segments dominate */

struct spectrum {
    double rate;
    long length, hop, low_bin, high_bin, bins;
    double *ring; /* last `length` samples */
    long pushed;
    double *window, *frame, *power_recent, *power_total;
    fftw_complex *transform;
    fftw_plan plan;
    long total_segments, recent_segments;
    long estimate_index[ESTIMATE_RING];
    double estimate_hz[ESTIMATE_RING];
    long estimate_count;
};

spectrum *spectrum_create(double sample_rate_hz, double segment_s, double low_hz, double high_hz,
                          gb_error *err)
{
    if (!(sample_rate_hz > 0) || !(segment_s > 0) || !(low_hz < high_hz)) {
        gb_error_set(err, GB_E_ARG,
                     "spectrum: bad settings (rate %g Hz, segment %g s, band %g-%g Hz)",
                     sample_rate_hz, segment_s, low_hz, high_hz);
        return NULL;
    }
    spectrum *s = gb_calloc(1, sizeof *s, err);
    if (!s) return NULL;
    s->rate = sample_rate_hz;
    s->length = 16;
    while (s->length < segment_s * sample_rate_hz)
        s->length *= 2;
    s->hop = s->length / 2;
    s->bins = s->length / 2 + 1;
    double resolution = sample_rate_hz / (double)s->length;
    s->low_bin = (long)floor(low_hz / resolution);
    if (s->low_bin < 1) s->low_bin = 1;
    s->high_bin = (long)ceil(high_hz / resolution);
    if (s->high_bin > s->bins - 2) s->high_bin = s->bins - 2;
    s->ring = gb_calloc((size_t)s->length, sizeof(double), err);
    s->window = gb_calloc((size_t)s->length, sizeof(double), err);
    s->power_recent = gb_calloc((size_t)s->bins, sizeof(double), err);
    s->power_total = gb_calloc((size_t)s->bins, sizeof(double), err);
    s->frame = fftw_malloc(sizeof(double) * (size_t)s->length);
    s->transform = fftw_malloc(sizeof(fftw_complex) * (size_t)s->bins);
    if (!s->ring || !s->window || !s->power_recent || !s->power_total || !s->frame ||
        !s->transform) {
        gb_error_set(err, GB_E_NOMEM, "spectrum: out of memory");
        goto fail;
    }
    /* FFTW_ESTIMATE: planning is deterministic and cheap; the transform is not a hot path */
    s->plan = fftw_plan_dft_r2c_1d((int)s->length, s->frame, s->transform, FFTW_ESTIMATE);
    if (!s->plan) {
        gb_error_set(err, GB_E_NUMERIC, "spectrum: FFTW could not plan a %ld-point transform",
                     s->length);
        goto fail;
    }
    for (long i = 0; i < s->length; i++)
        s->window[i] = 0.5 - 0.5 * cos(2 * M_PI * (double)i / (double)s->length);
    return s;
fail:
    spectrum_destroy(s);
    return NULL;
}

/* Peak bin in the band, refined by a parabola through its neighbours; then, since a pulse train's
 * harmonics can outgrow its fundamental, prefer half the frequency when that bin is strong too. */
static double dominant(const spectrum *s, const double *power)
{
    long best = -1;
    for (long k = s->low_bin; k <= s->high_bin; k++)
        if (best < 0 || power[k] > power[best]) best = k;
    if (best < 0 || !(power[best] > 0)) return NAN;
    long half = lround(best / 2.0);
    if (half >= s->low_bin) {
        long h = half;
        for (long k = half - 1; k <= half + 1; k++)
            if (k >= s->low_bin && power[k] > power[h]) h = k;
        if (power[h] >= 0.25 * power[best]) best = h;
    }
    double a = power[best - 1], b = power[best], c = power[best + 1];
    double denominator = a - 2 * b + c;
    double offset = denominator != 0 ? 0.5 * (a - c) / denominator : 0;
    if (offset > 0.5 || offset < -0.5) offset = 0;
    return ((double)best + offset) * s->rate / (double)s->length;
}

static void analyse_segment(spectrum *s)
{
    /* the ring in time order (length: a power of 2), then the mean and the window in place */
    long start = s->pushed & (s->length - 1), older = s->length - start;
    memcpy(s->frame, s->ring + start, sizeof(double) * (size_t)older);
    memcpy(s->frame + older, s->ring, sizeof(double) * (size_t)start);
    double mean = 0;
    for (long i = 0; i < s->length; i++) {
        if (isnan(s->frame[i])) return; /* a gap: this segment says nothing */
        mean += s->frame[i];
    }
    mean /= (double)s->length;
    for (long i = 0; i < s->length; i++)
        s->frame[i] = (s->frame[i] - mean) * s->window[i];
    fftw_execute(s->plan);
    /* only the bins dominant() reads: the band, and one each side for the parabola */
    for (long k = s->low_bin - 1; k <= s->high_bin + 1; k++) {
        double p =
            s->transform[k][0] * s->transform[k][0] + s->transform[k][1] * s->transform[k][1];
        s->power_total[k] += p;
        s->power_recent[k] =
            s->recent_segments ? (1 - RECENT_WEIGHT) * s->power_recent[k] + RECENT_WEIGHT * p : p;
    }
    s->total_segments++;
    s->recent_segments++;
    long slot = s->estimate_count % ESTIMATE_RING;
    s->estimate_index[slot] = s->pushed - 1;
    s->estimate_hz[slot] = dominant(s, s->power_recent);
    s->estimate_count++;
}

void spectrum_process(spectrum *s, const double *x, long n)
{
    while (n > 0) {
        /* a segment every hop once the first is full (hop = length / 2, a power of two): copy up
         * to the next segment's end, or the ring's wrap, in one piece */
        long next_end = s->pushed < s->length
                            ? s->length
                            : s->pushed + s->hop - ((s->pushed - s->length) & (s->hop - 1));
        long slot = s->pushed & (s->length - 1);
        long take = next_end - s->pushed;
        if (take > s->length - slot) take = s->length - slot;
        if (take > n) take = n;
        memcpy(s->ring + slot, x, sizeof(double) * (size_t)take);
        s->pushed += take;
        x += take;
        n -= take;
        if (s->pushed >= s->length && ((s->pushed - s->length) & (s->hop - 1)) == 0)
            analyse_segment(s);
    }
}

double spectrum_dominant_at(const spectrum *s, long index)
{
    /* newest first: a consumer lags the spectrum by at most a block, so this stops at once */
    long first = s->estimate_count > ESTIMATE_RING ? s->estimate_count - ESTIMATE_RING : 0;
    for (long e = s->estimate_count - 1; e >= first; e--) {
        long slot = e % ESTIMATE_RING;
        if (s->estimate_index[slot] <= index) return s->estimate_hz[slot];
    }
    return NAN;
}

double spectrum_dominant_overall(const spectrum *s)
{
    return s->total_segments ? dominant(s, s->power_total) : NAN;
}

long spectrum_segment_length(const spectrum *s)
{
    return s->length;
}

void spectrum_destroy(spectrum *s)
{
    if (!s) return;
    if (s->plan) fftw_destroy_plan(s->plan);
    fftw_free(s->frame);
    fftw_free(s->transform);
    free(s->ring);
    free(s->window);
    free(s->power_recent);
    free(s->power_total);
    free(s);
}
