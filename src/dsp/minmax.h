/* minmax: minimum and maximum over a sliding window of a stream (van Herk 1992; Gil & Werman
 * 1993: three comparisons per sample, memory fixed by the window). NaN samples are skipped. */
#ifndef GB_MINMAX_H
#define GB_MINMAX_H

#include "../common/gb_error.h"

typedef struct minmax minmax;

minmax *minmax_create(long window, gb_error *err);
/* Adds the next sample; the window then holds the last `window` samples. Pushing NaN shrinks what
 * the window holds at the end of a stream. */
void minmax_push(minmax *m, double value);
/* Pushes n samples (sample i at values[i * stride]) and writes the window's extremes after each
 * push to low[i] and high[i]: the same as n pushes and reads, without a call per sample. */
void minmax_push_many(minmax *m, const double *values, long stride, long n, double *low,
                      double *high);
double minmax_min(const minmax *m); /* NAN when the window holds no sample */
double minmax_max(const minmax *m);
void minmax_destroy(minmax *m);

#endif
