#include "filter.h"

#include <gsl/gsl_filter.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct filter {
    int channels, half, length;
    double *kernel;
    double *history; /* per channel 2*length: each sample stored twice so a window is contiguous */
    int position;    /* next slot to write, 0..length-1 */
    long pushed;     /* real samples pushed */
    double *last;    /* last frame, for the end extension */
};

filter *filter_create(double cutoff_hz, double sample_rate_hz, int channels, gb_error *err)
{
    if (!(sample_rate_hz > 0) || channels < 1 || !(cutoff_hz > 0)) {
        gb_error_set(err, GB_E_ARG, "filter: cutoff %g Hz at %g Hz for %d channels is not usable",
                     cutoff_hz, sample_rate_hz, channels);
        return NULL;
    }
    filter *f = gb_calloc(1, sizeof *f, err);
    if (!f) return NULL;
    double sigma = sqrt(log(2.0)) / (2 * M_PI * cutoff_hz) * sample_rate_hz; /* in samples */
    f->channels = channels;
    f->half = cutoff_hz >= sample_rate_hz / 2 || sigma < 0.5 ? 0 : (int)ceil(3.0 * sigma);
    f->length = 2 * f->half + 1;
    f->kernel = gb_calloc((size_t)f->length, sizeof *f->kernel, err);
    f->history = gb_calloc((size_t)channels * 2 * f->length, sizeof *f->history, err);
    f->last = gb_calloc((size_t)channels, sizeof *f->last, err);
    if (!f->kernel || !f->history || !f->last) goto fail;
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
    for (int i = 0; i < f->length; i++) f->kernel[i] = gsl_vector_get(kernel, (size_t)i);
    gsl_vector_free(kernel);
    return f;
fail:
    filter_destroy(f);
    return NULL;
}

static void push(filter *f, const double *frame)
{
    for (int c = 0; c < f->channels; c++) {
        double *h = f->history + (size_t)c * 2 * f->length;
        h[f->position] = h[f->position + f->length] = frame[c];
    }
    f->position = (f->position + 1) % f->length;
}

/* Output for the window ending at the newest pushed sample. */
static void convolve(const filter *f, double *out)
{
    for (int c = 0; c < f->channels; c++) {
        const double *window = f->history + (size_t)c * 2 * f->length + f->position;
        double sum = 0;
        for (int j = 0; j < f->length; j++) sum += f->kernel[j] * window[j];
        out[c] = sum;
    }
}

long filter_process(filter *f, const double *in, long n, double *out)
{
    long produced = 0;
    for (long i = 0; i < n; i++) {
        const double *frame = in + (size_t)i * f->channels;
        if (f->pushed == 0)
            for (int k = 0; k < f->half; k++) push(f, frame); /* extend the start */
        push(f, frame);
        f->pushed++;
        if (f->pushed > f->half) convolve(f, out + (size_t)produced++ * f->channels);
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
        if (newest - f->half >= 0) convolve(f, out + (size_t)produced++ * f->channels);
    }
    f->pushed = 0;
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
    free(f);
}
