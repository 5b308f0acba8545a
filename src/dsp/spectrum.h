/* spectrum: Welch power spectrum of a stream (Hann window, 50 % overlap; FFTW, the project's one
 * FFT user) giving the dominant frequency in a band, e.g. the stride frequency of one foot's force.
 * Estimates are stamped with the sample index at which they were made, so a consumer can ask for
 * the estimate valid at a given sample and get the same answer whatever the block size. */
#ifndef GB_SPECTRUM_H
#define GB_SPECTRUM_H

#include "../common/gb_error.h"

typedef struct spectrum spectrum;

/* segment_s is rounded up to a power-of-two number of samples; [low_hz, high_hz] is the search
 * band. */
spectrum *spectrum_create(double sample_rate_hz, double segment_s, double low_hz, double high_hz,
                          gb_error *err);
void spectrum_process(spectrum *s, const double *x, long n);
/* Dominant frequency of the recent segments as known at sample `index`; NAN before the first. */
double spectrum_dominant_at(const spectrum *s, long index);
/* Dominant frequency of the average over the whole stream so far; NAN when no segment was complete.
 */
double spectrum_dominant_overall(const spectrum *s);
long spectrum_segment_length(const spectrum *s);
void spectrum_destroy(spectrum *s);

#endif
