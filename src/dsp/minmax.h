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
double minmax_min(const minmax *m); /* NAN when the window holds no sample */
double minmax_max(const minmax *m);
void minmax_destroy(minmax *m);

#endif
