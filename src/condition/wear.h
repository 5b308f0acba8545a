/* wear: when a body-worn accelerometer was not worn (left on a table, in a bag), the rule of
 * van Hees et al. (2011, PLoS One 6:e22922; 2013, PLoS One 8:e61691) that GGIR applies: the
 * stream is cut into WEAR_BLOCK_S blocks, judged in windows of WEAR_WINDOW_BLOCKS of them (60 min
 * in 15 min steps); a window is not worn when at least two of the three axes vary with an SD under
 * WEAR_SD_G, or at least two span a range under WEAR_RANGE_G. A block is not worn when any window
 * that holds it is not. A recording shorter than one window counts as worn throughout.
 *
 * It is fed condition's ticks (one sample every 0.1 s: the acceleration in g at the tick's last
 * sample), so the SD and range are those of a 10 Hz sampling of the signal; a jolt shorter than a
 * tick can be missed, not a movement. Blocks are cut by frame number, so gaps shorten a block
 * rather than shifting the next one, and a window without a sample is not worn. Memory is
 * constant but for the list of not-worn spells, and the block size changes nothing. */
#ifndef GB_WEAR_H
#define GB_WEAR_H

#include "../common/gb_error.h"

#define WEAR_BLOCK_S 900.0
#define WEAR_WINDOW_BLOCKS 4
#define WEAR_SD_G 0.013
#define WEAR_RANGE_G 0.050

typedef struct wear wear;

/* One tick: its sample's number in the stream and the acceleration there (g, per axis). */
typedef struct wear_tick {
    long frame;
    double acceleration[3];
} wear_tick;

/* A stream of sample_rate_hz frames. */
wear *wear_new(double sample_rate_hz, gb_error *err);
/* Ticks in order, a block of the stream's at a time (condition collects them in its sample loop
 * and hands them over after it, which keeps that loop free of calls). */
void wear_add_ticks(wear *w, const wear_tick *ticks, long count);
/* The stream ended after frames frames: the last blocks are judged (once; later calls change
 * nothing). Returns 0, or GB_E_NOMEM when a spell found no room. */
int wear_finish(wear *w, long frames);
/* The spells not worn, in order: spells[i][0] to spells[i][1] seconds from the start, joined when
 * they touch. Returns how many (after wear_finish). */
long wear_spells(const wear *w, const double (**spells)[2]);
void wear_delete(wear *w);

#endif
