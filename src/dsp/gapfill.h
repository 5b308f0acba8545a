/* gapfill: bridges short runs of missing samples (NaN) in a multichannel stream by a straight line
 * between the samples either side, channel by channel; longer runs stay missing, and so do runs
 * holding a sample its device flagged as wrong (common/missing.h). Loggers that drop
 * a sample or a few (Bluetooth packets, a phone busy elsewhere) would otherwise leave gaps that the
 * low-pass spreads over half a kernel each side and that break every stride they fall in.
 * Works in place, block by block: a run still open at a block's end is held back until its end is
 * seen, so the result never depends on the block size. A run with nothing before it (the stream
 * starts missing) or after it (it ends so) is left missing: nothing is extrapolated. */
#ifndef GB_GAPFILL_H
#define GB_GAPFILL_H

#include <stdint.h>

#include "../common/gb_error.h"

typedef struct gapfill gapfill;

/* Runs of at most max_run samples are bridged (0: none are). */
gapfill *gapfill_create(int channels, long max_run, gb_error *err);
/* frames holds n new frames and has room for n + gapfill_held_max() frames. Frames held from the
 * last call are put before them; returns how many frames at the start are final (bridged where
 * they could be), which may be more or fewer than n. The rest are held for the next call. */
long gapfill_process(gapfill *g, double *frames, long n);
/* The end of the stream: writes the frames still held to frames (the runs still open there stay
 * missing) and returns their count, at most gapfill_held_max(). */
long gapfill_finish(gapfill *g, double *frames);
long gapfill_held_max(const gapfill *g);
/* Called for each run bridged, once its end is known, in order of its first frame (and of
 * channel within one frame): channel, the run's first frame and the frame after it, counted from
 * the stream's first. From inside gapfill_process or gapfill_finish, on the caller's thread. */
typedef void (*gapfill_run_fn)(void *ctx, int channel, int64_t first_frame, int64_t end_frame);
void gapfill_on_run(gapfill *g, gapfill_run_fn fn, void *ctx);
int64_t gapfill_bridged(const gapfill *g); /* samples bridged so far, all channels */
int64_t gapfill_bridged_in(const gapfill *g, int channel); /* ... and in one */
void gapfill_destroy(gapfill *g);

#endif
