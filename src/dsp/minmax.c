#include "minmax.h"

#include <math.h>
#include <stdlib.h>

/* Van Herk / Gil-Werman: the stream is cut into blocks of `window` samples. A window ending at
 * sample n covers the tail of the previous block and the head of the current one, so its extreme is
 * the larger of the previous block's suffix extreme and the current block's prefix extreme. Suffix
 * extremes are made once per block, backwards, when the block is complete: three comparisons per
 * sample and per extreme, with no data-dependent loop (the monotonic deque it replaces mispredicted
 * its branches on noisy signals). NaN samples count as -inf for the maximum, +inf for the minimum.
 */
struct minmax {
    long window, position;            /* position: the next sample's offset in the current block */
    double *values_low, *values_high; /* the current block, NaN replaced */
    double *suffix_low, *suffix_high; /* the previous block's suffix extremes */
    double prefix_low, prefix_high;   /* the current block's extremes so far */
    double low, high;                 /* the window's, after the last push */
};

minmax *minmax_create(long window, gb_error *err)
{
    if (window < 1) {
        gb_error_set(err, GB_E_ARG, "minmax: window %ld must be >= 1", window);
        return NULL;
    }
    minmax *m = gb_calloc(1, sizeof *m, err);
    if (!m) return NULL;
    m->window = window;
    m->values_low = gb_calloc((size_t)window, sizeof(double), err);
    m->values_high = gb_calloc((size_t)window, sizeof(double), err);
    m->suffix_low = gb_calloc((size_t)window + 1, sizeof(double), err);
    m->suffix_high = gb_calloc((size_t)window + 1, sizeof(double), err);
    if (!m->values_low || !m->values_high || !m->suffix_low || !m->suffix_high) {
        minmax_destroy(m);
        return NULL;
    }
    for (long i = 0; i <= window; i++) { /* before the first block: nothing */
        m->suffix_low[i] = INFINITY;
        m->suffix_high[i] = -INFINITY;
    }
    m->prefix_low = INFINITY;
    m->prefix_high = -INFINITY;
    m->low = m->high = NAN;
    return m;
}

static double smaller(double a, double b)
{
    return b < a ? b : a;
}

static double larger(double a, double b)
{
    return b > a ? b : a;
}

/* The block is complete: its suffix extremes become the previous block's, and a new block starts.
 */
static void close_block(minmax *m)
{
    double low = INFINITY, high = -INFINITY;
    for (long i = m->window - 1; i >= 0; i--) {
        low = smaller(low, m->values_low[i]);
        high = larger(high, m->values_high[i]);
        m->suffix_low[i] = low;
        m->suffix_high[i] = high;
    }
    m->position = 0;
    m->prefix_low = INFINITY;
    m->prefix_high = -INFINITY;
}

void minmax_push_many(minmax *m, const double *values, long stride, long n, double *low,
                      double *high)
{
    /* the running state in locals: the output arrays could alias the object's doubles, which would
     * otherwise be stored and reloaded at every sample */
    long p = m->position;
    double prefix_low = m->prefix_low, prefix_high = m->prefix_high, lo = m->low, hi = m->high;
    for (long i = 0; i < n; i++) {
        double value = values[i * stride];
        int empty = isnan(value);
        double as_low = empty ? INFINITY : value, as_high = empty ? -INFINITY : value;
        m->values_low[p] = as_low;
        m->values_high[p] = as_high;
        prefix_low = smaller(prefix_low, as_low);
        prefix_high = larger(prefix_high, as_high);
        /* the window's oldest sample sits at offset p + 1 of the previous block (suffix[window]
         * is empty: the window is exactly the current block) */
        double window_low = smaller(m->suffix_low[p + 1], prefix_low);
        double window_high = larger(m->suffix_high[p + 1], prefix_high);
        lo = isinf(window_low) ? NAN : window_low;
        hi = isinf(window_high) ? NAN : window_high;
        low[i] = lo;
        high[i] = hi;
        if (++p == m->window) {
            close_block(m);
            p = 0;
            prefix_low = INFINITY;
            prefix_high = -INFINITY;
        }
    }
    m->position = p;
    m->prefix_low = prefix_low;
    m->prefix_high = prefix_high;
    m->low = lo;
    m->high = hi;
}

void minmax_push(minmax *m, double value)
{
    double low, high;
    minmax_push_many(m, &value, 1, 1, &low, &high);
}

double minmax_min(const minmax *m)
{
    return m->low;
}

double minmax_max(const minmax *m)
{
    return m->high;
}

void minmax_destroy(minmax *m)
{
    if (!m) return;
    free(m->values_low);
    free(m->values_high);
    free(m->suffix_low);
    free(m->suffix_high);
    free(m);
}
