#include "filter.h"

#include <gsl/gsl_filter.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Frames are taken in chunks of at most this many: each channel's line then holds the kernel's
 * length - 1 older samples followed by the chunk, so every window is contiguous and a channel's
 * outputs come from one tight loop. */
#define FILTER_CHUNK 1024

struct filter {
    int channels, half, length, decimation;
    double *kernel;
    double *lines; /* per channel: (length - 1) + FILTER_CHUNK samples */
    long filled;   /* samples in each line, at most length - 1 between chunks */
    long pushed;   /* real samples pushed */
    int phase;     /* complete windows since the last one handed out, modulo the decimation */
    long *ends;    /* the line indices of the windows computed in this chunk */
    double *last;  /* last frame, for the end extension */
    int *live;     /* the channels that carry data, in order */
    int live_count;
    int *dead; /* the others: their outputs are NaN */
    int dead_count;
    int *passed; /* channels only delayed (and decimated) with the rest, not smoothed */
    int passed_count;
};

static long line_capacity(const filter *f)
{
    return f->length - 1 + FILTER_CHUNK;
}

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
    f->lines = gb_calloc((size_t)channels * line_capacity(f), sizeof *f->lines, err);
    f->ends = gb_calloc(FILTER_CHUNK, sizeof *f->ends, err);
    f->last = gb_calloc((size_t)channels, sizeof *f->last, err);
    f->live = gb_calloc((size_t)channels, sizeof *f->live, err);
    f->dead = gb_calloc((size_t)channels, sizeof *f->dead, err);
    f->passed = gb_calloc((size_t)channels, sizeof *f->passed, err);
    if (!f->kernel || !f->lines || !f->ends || !f->last || !f->live || !f->dead || !f->passed)
        goto fail;
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

/* Takes channel off the live list; returns whether it was on it. */
static int unlive(filter *f, int channel)
{
    int kept = 0;
    for (int k = 0; k < f->live_count; k++)
        if (f->live[k] != channel) f->live[kept++] = f->live[k];
    int was_live = kept < f->live_count;
    f->live_count = kept;
    return was_live;
}

void filter_set_dead(filter *f, int channel)
{
    if (unlive(f, channel)) f->dead[f->dead_count++] = channel;
}

void filter_set_passthrough(filter *f, int channel)
{
    if (unlive(f, channel)) f->passed[f->passed_count++] = channel;
}

/* Two doubles side by side (GCC/Clang vector extension: SSE2 on x86-64). Each lane keeps one of the
 * scalar partial sums below, in the same order, so the sums are the scalar ones bit for bit. */
typedef double pair __attribute__((vector_size(16)));

static inline pair load_pair(const double *p)
{
    pair v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* One output: the window of `length` samples starting at window[0]. Four partial sums, s_r over
 * the taps j = r (mod 4), kept as two pairs (s0, s1) and (s2, s3); the tail goes to s0. The order
 * is fixed, so results are too. */
static double convolve(const double *kernel, int length, const double *window)
{
    int bulk = length & ~3;
    pair s01 = {0, 0}, s23 = {0, 0};
    for (int j = 0; j < bulk; j += 4) {
        s01 += load_pair(kernel + j) * load_pair(window + j);
        s23 += load_pair(kernel + j + 2) * load_pair(window + j + 2);
    }
    double s0 = s01[0];
    for (int j = bulk; j < length; j++)
        s0 += kernel[j] * window[j];
    return (s0 + s01[1]) + (s23[0] + s23[1]);
}

static inline pair both(double x)
{
    return (pair){x, x};
}

/* count consecutive windows, the i-th starting at base + i, its output to out[i * stride]: each
 * summed exactly as convolve sums it, two outputs side by side. Each lane of the pairs s0..s3 is
 * one output's partial sum s_r of convolve, given the same taps in the same order, so the results
 * are convolve's bit for bit. Two taps of one output in a pair would leave a scalar chain
 * per output (the tail taps, then the lanes' sum); lanes of two outputs need neither, which took
 * the filter from 14.2 to 10.4 ns per frame on the lower-back sensor's signals (a 7-tap kernel on
 * two of four channels, the rest passed through). */
static void convolve_run(const double *kernel, int length, const double *base, long count,
                         double *out, int stride)
{
    int bulk = length & ~3;
    long i = 0;
    for (; i + 1 < count; i += 2) {
        const double *window = base + i;
        pair s0 = {0, 0}, s1 = {0, 0}, s2 = {0, 0}, s3 = {0, 0};
        int j = 0;
        for (; j < bulk; j += 4) {
            s0 += both(kernel[j]) * load_pair(window + j);
            s1 += both(kernel[j + 1]) * load_pair(window + j + 1);
            s2 += both(kernel[j + 2]) * load_pair(window + j + 2);
            s3 += both(kernel[j + 3]) * load_pair(window + j + 3);
        }
        for (; j < length; j++)
            s0 += both(kernel[j]) * load_pair(window + j);
        pair sum = (s0 + s1) + (s2 + s3);
        out[i * stride] = sum[0];
        out[(i + 1) * stride] = sum[1];
    }
    if (i < count) out[i * stride] = convolve(kernel, length, base + i);
}

/* A channel only delayed: each window's centre sample, line index ends[i] - half, read from the
 * line's older samples or straight from the input, so the chunk is not copied into the line; the
 * line then keeps the last length - 1 samples, as for the smoothed channels. */
static void pass_through(filter *f, double *line, int c, const double *in, long step, long m,
                         long count, double *out)
{
    long filled = f->filled, total = filled + m, keep = f->length - 1, half = f->half;
    const long *ends = f->ends;
    const int channels = f->channels;
    /* the centres rise with i: those in the line's older samples come first, then the input's,
     * a decimation apart (as feed_chunk makes the ends), so read by a pointer's steps */
    long i = 0;
    for (; i < count && ends[i] - half < filled; i++)
        out[i * channels + c] = line[ends[i] - half];
    if (i < count) {
        const double *centre = in + (ends[i] - half - filled) * step + c;
        for (double *to = out + i * channels + c; i < count; i++, to += channels) {
            *to = *centre;
            centre += f->decimation * step;
        }
    }
    long from = total > keep ? total - keep : 0; /* the first sample kept */
    long kept = 0;
    if (from < filled) {
        memmove(line, line + from, sizeof(double) * (size_t)(filled - from));
        kept = filled - from;
    }
    for (long j = from > filled ? from : filled; j < total; j++)
        line[kept++] = in[(j - filled) * step + c];
}

/* Appends m <= FILTER_CHUNK frames (frame i at in + i * step; step 0 repeats one frame) to every
 * live line, writes the outputs of the windows they complete and keeps the last length - 1
 * samples. A window ending at line index e is complete once e >= length - 1. */
static long feed_chunk(filter *f, const double *in, long step, long m, double *out)
{
    long first_end = f->filled > f->length - 1 ? f->filled : f->length - 1;
    long total = f->filled + m, count = 0;
    if (f->decimation == 1)
        for (long e = first_end; e < total; e++)
            f->ends[count++] = e;
    else if (total > first_end) { /* every decimation-th window, counted on across chunks */
        long d = f->decimation;
        for (long e = first_end + (d - f->phase) % d; e < total; e += d)
            f->ends[count++] = e;
        f->phase = (int)((f->phase + (total - first_end)) % d);
    }
    for (int k = 0; k < f->dead_count; k++)
        for (long i = 0; i < count; i++)
            out[i * f->channels + f->dead[k]] = NAN;
    long capacity = line_capacity(f);
    for (int k = 0; k < f->live_count; k++) {
        int c = f->live[k];
        double *line = f->lines + (size_t)c * capacity;
        for (long i = 0; i < m; i++)
            line[f->filled + i] = in[i * step + c];
        if (f->decimation == 1 && count > 0) /* consecutive windows */
            convolve_run(f->kernel, f->length, line + f->ends[0] - (f->length - 1), count, out + c,
                         f->channels);
        else
            for (long i = 0; i < count; i++)
                out[i * f->channels + c] =
                    convolve(f->kernel, f->length, line + f->ends[i] - (f->length - 1));
        if (total > f->length - 1)
            memmove(line, line + total - (f->length - 1), sizeof(double) * (f->length - 1));
    }
    for (int k = 0; k < f->passed_count; k++) /* each window's centre sample */
        pass_through(f, f->lines + (size_t)f->passed[k] * capacity, f->passed[k], in, step, m,
                     count, out);
    f->filled = total > f->length - 1 ? f->length - 1 : total;
    return count;
}

long filter_process(filter *f, const double *in, long n, double *out)
{
    long produced = 0;
    if (n > 0 && f->pushed == 0) /* extend the start with half a kernel of the first frame */
        for (long done = 0; done < f->half;) {
            long m = f->half - done < FILTER_CHUNK ? f->half - done : FILTER_CHUNK;
            produced += feed_chunk(f, in, 0, m, out);
            done += m;
        }
    for (long start = 0; start < n; start += FILTER_CHUNK) {
        long m = n - start < FILTER_CHUNK ? n - start : FILTER_CHUNK;
        produced += feed_chunk(f, in + (size_t)start * f->channels, f->channels, m,
                               out + (size_t)produced * f->channels);
    }
    f->pushed += n;
    if (n > 0) memcpy(f->last, in + (size_t)(n - 1) * f->channels, sizeof(double) * f->channels);
    return produced;
}

long filter_finish(filter *f, double *out)
{
    long produced = 0;
    /* each extra copy of the last frame completes the window of one more real sample */
    for (long done = 0; f->pushed > 0 && done < f->half;) {
        long m = f->half - done < FILTER_CHUNK ? f->half - done : FILTER_CHUNK;
        produced += feed_chunk(f, f->last, 0, m, out + (size_t)produced * f->channels);
        done += m;
    }
    f->pushed = f->filled = 0;
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
    free(f->lines);
    free(f->ends);
    free(f->last);
    free(f->live);
    free(f->dead);
    free(f->passed);
    free(f);
}
