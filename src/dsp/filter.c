#include "filter.h"

#include <gsl/gsl_filter.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct filter {
    int channels, half, length, decimation;
    double *kernel;
    double *history; /* per channel 2*length: each sample stored twice so a window is contiguous */
    int position;    /* next slot to write, 0..length-1 */
    long pushed;     /* real samples pushed */
    int phase;       /* outputs to skip before the next one handed out (decimation) */
    double *last;    /* last frame, for the end extension */
    int *live;       /* the channels that carry data, in order; the others stay NaN */
    int live_count;
};

filter *filter_create(double cutoff_hz, double sample_rate_hz, int channels, int decimation,
                      gb_error *err)
{
    if (!(sample_rate_hz > 0) || channels < 1 || !(cutoff_hz > 0) || decimation < 1) {
        gb_error_set(err, GB_E_ARG,
                     "filter: cutoff %g Hz at %g Hz for %d channels, decimation %d is not usable",
                     cutoff_hz, sample_rate_hz, channels, decimation);
        return NULL;
    }
    filter *f = gb_calloc(1, sizeof *f, err);
    if (!f) return NULL;
    f->decimation = decimation;
    double sigma = sqrt(log(2.0)) / (2 * M_PI * cutoff_hz) * sample_rate_hz; /* in samples */
    f->channels = channels;
    f->half = cutoff_hz >= sample_rate_hz / 2 || sigma < 0.5 ? 0 : (int)ceil(3.0 * sigma);
    f->length = 2 * f->half + 1;
    f->kernel = gb_calloc((size_t)f->length, sizeof *f->kernel, err);
    f->history = gb_calloc((size_t)channels * 2 * f->length, sizeof *f->history, err);
    f->last = gb_calloc((size_t)channels, sizeof *f->last, err);
    f->live = gb_calloc((size_t)channels, sizeof *f->live, err);
    if (!f->kernel || !f->history || !f->last || !f->live) goto fail;
    for (int c = 0; c < channels; c++)
        f->live[c] = c;
    f->live_count = channels;
    if (f->half == 0) {
        f->kernel[0] = 1.0;
        return f;
    }
    gsl_vector *kernel = gsl_vector_alloc((size_t)f->length);
    if (!kernel) {
        gb_error_set(err, GB_E_NOMEM, "filter: out of memory");
        goto fail;
    }
    /* GSL's alpha is the half-width over sigma */
    gsl_filter_gaussian_kernel(f->half / sigma, 0, 1, kernel);
    for (int i = 0; i < f->length; i++)
        f->kernel[i] = gsl_vector_get(kernel, (size_t)i);
    gsl_vector_free(kernel);
    return f;
fail:
    filter_destroy(f);
    return NULL;
}

void filter_set_dead(filter *f, int channel)
{
    int kept = 0;
    for (int k = 0; k < f->live_count; k++)
        if (f->live[k] != channel) f->live[kept++] = f->live[k];
    f->live_count = kept;
}

static void push(filter *f, const double *frame)
{
    for (int k = 0; k < f->live_count; k++) {
        int c = f->live[k];
        double *h = f->history + (size_t)c * 2 * f->length;
        h[f->position] = h[f->position + f->length] = frame[c];
    }
    if (++f->position == f->length) f->position = 0; /* per sample: no division */
}

/* Output for the window ending at the newest pushed sample. Four partial sums let the compiler use
 * vector registers without reordering a single sum; the order is fixed, so results are too. */
static void convolve(const filter *f, double *out)
{
    int length = f->length, bulk = length & ~3;
    for (int c = 0; c < f->channels; c++)
        out[c] = NAN;
    for (int k = 0; k < f->live_count; k++) {
        int c = f->live[k];
        const double *window = f->history + (size_t)c * 2 * length + f->position;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int j = 0; j < bulk; j += 4) {
            s0 += f->kernel[j] * window[j];
            s1 += f->kernel[j + 1] * window[j + 1];
            s2 += f->kernel[j + 2] * window[j + 2];
            s3 += f->kernel[j + 3] * window[j + 3];
        }
        for (int j = bulk; j < length; j++)
            s0 += f->kernel[j] * window[j];
        out[c] = (s0 + s1) + (s2 + s3);
    }
}

long filter_process(filter *f, const double *in, long n, double *out)
{
    long produced = 0;
    for (long i = 0; i < n; i++) {
        const double *frame = in + (size_t)i * f->channels;
        if (f->pushed == 0)
            for (int k = 0; k < f->half; k++)
                push(f, frame); /* extend the start */
        push(f, frame);
        f->pushed++;
        if (f->pushed <= f->half) continue; /* no window complete yet */
        if (f->phase == 0) convolve(f, out + (size_t)produced++ * f->channels);
        if (++f->phase == f->decimation) f->phase = 0;
    }
    if (n > 0) memcpy(f->last, in + (size_t)(n - 1) * f->channels, sizeof(double) * f->channels);
    return produced;
}

long filter_finish(filter *f, double *out)
{
    long produced = 0;
    /* each extra copy of the last frame completes the window of one more real sample */
    for (long newest = f->pushed; newest - f->half < f->pushed && f->pushed > 0; newest++) {
        push(f, f->last);
        if (newest - f->half < 0) continue;
        if (f->phase == 0) convolve(f, out + (size_t)produced++ * f->channels);
        if (++f->phase == f->decimation) f->phase = 0;
    }
    f->pushed = 0;
    f->phase = 0;
    return produced;
}

int filter_delay(const filter *f)
{
    return f->half;
}

int filter_length(const filter *f)
{
    return f->length;
}

void filter_destroy(filter *f)
{
    if (!f) return;
    free(f->kernel);
    free(f->history);
    free(f->last);
    free(f->live);
    free(f);
}
