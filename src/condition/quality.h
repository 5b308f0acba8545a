/* quality: per-channel signal checks on the raw stream: range, clipping (runs of >= 3 samples at
 * the channel's maximum, and at its minimum for two-sided sensors), flat lines (runs of identical
 * samples lasting >= 1 s), gaps (NaN runs).
 */
#ifndef GB_QUALITY_H
#define GB_QUALITY_H

#include <stdint.h>

#include "../common/gb_error.h"

typedef struct channel_quality {
    int64_t samples;
    double minimum, maximum;
    int64_t clipped_samples, flat_samples, gap_samples, gap_count;
    double clipping_pct, flatline_pct, gap_pct;
} channel_quality;

typedef struct quality quality;

quality *quality_create(int channels, double sample_rate_hz, gb_error *err);
/* An inertial channel saturates at both ends of its range: plateaus at the minimum count too
 * (force sensors rest at their minimum, which is not clipping). */
void quality_set_two_sided(quality *q, int channel);
void quality_process(quality *q, const double *frames, long n);
/* Closes open runs and fills in the percentages; returns the per-channel array. */
const channel_quality *quality_finish(quality *q);
void quality_destroy(quality *q);

#endif
