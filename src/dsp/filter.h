/* filter: zero-phase Gaussian low-pass for multichannel streams, run block by block.
 * A Gaussian FIR (kernel from GSL) is symmetric, so its delay is exactly half its length: the
 * filter absorbs that delay and hands out samples aligned with the input, whatever the block size.
 * Start and end are extended with the first and last sample. NaN (a gap) spreads over half a kernel
 * each side. */
#ifndef GB_FILTER_H
#define GB_FILTER_H

#include "../common/gb_error.h"

typedef struct filter filter;

/* -3 dB at cutoff_hz: sigma_t = sqrt(ln 2) / (2 pi f_c). A cutoff at or above Nyquist passes
 * through. With decimation M > 1 only every M-th output (input samples 0, M, 2M, ...) is computed
 * and handed out: the low-pass is the anti-alias filter, and the skipped outputs cost nothing. */
filter *filter_create(double cutoff_hz, double sample_rate_hz, int channels, int decimation,
                      gb_error *err);
/* Feeds n frames; writes the output frames now complete to out and returns their count. */
long filter_process(filter *f, const double *in, long n, double *out);
/* Flushes the last delay frames into out (room for filter_delay() frames); returns their count. */
long filter_finish(filter *f, double *out);
/* A channel the caller only ever feeds NaN (an absent foot, an unused slot): its outputs are NaN
 * without the work. The live channels' outputs are unchanged. */
void filter_set_dead(filter *f, int channel);
/* A channel handed out as it came in, only delayed and decimated with the others (a signal that
 * is averaged later anyway, so smoothing it would be wasted work). */
void filter_set_passthrough(filter *f, int channel);
int filter_delay(const filter *f);
int filter_length(const filter *f);
void filter_destroy(filter *f);

#endif
