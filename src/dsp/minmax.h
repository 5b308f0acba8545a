/* minmax: minimum and maximum over a sliding window of a stream (monotonic deques, O(1) amortised
 * per sample, memory fixed by the window). NaN samples are skipped. */
#ifndef GB_MINMAX_H
#define GB_MINMAX_H

#include "../common/gb_error.h"

typedef struct minmax minmax;

minmax *minmax_create(long window, gb_error *err);
/* Adds sample `index` (strictly increasing) and forgets samples older than index - window + 1. */
void minmax_push(minmax *m, long index, double value);
/* Forgets samples with an index below oldest (for windows that also shrink at the end). */
void minmax_expire(minmax *m, long oldest);
double minmax_min(const minmax *m); /* NAN when the window holds no sample */
double minmax_max(const minmax *m);
void minmax_destroy(minmax *m);

#endif
