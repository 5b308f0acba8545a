#include "wear.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../common/span_list.h"

/* One block's ticks: per axis their sum, sum of squares, least and most; the frames it spans. */
typedef struct block {
    double sum[3], squares[3], least[3], most[3];
    long ticks;
    long first_frame, end_frame;
    int worn; /* 0 once a window that holds it was not worn */
} block;

struct wear {
    double rate_hz;
    long block_frames;
    block ring[WEAR_WINDOW_BLOCKS]; /* the last blocks, block k in slot k % WEAR_WINDOW_BLOCKS */
    long current;                   /* the block under way: every one before it is closed */
    span_list spells;               /* joined where they touch */
    int failed, finished;
};

static block *slot(wear *w, long index)
{
    return &w->ring[(unsigned long)index % WEAR_WINDOW_BLOCKS]; /* index >= 0 */
}

static void start_block(wear *w, long index)
{
    block *b = slot(w, index);
    memset(b, 0, sizeof *b);
    for (int a = 0; a < 3; a++) {
        b->least[a] = INFINITY;
        b->most[a] = -INFINITY;
    }
    b->first_frame = index * w->block_frames;
    b->end_frame = b->first_frame + w->block_frames;
    b->worn = 1;
}

wear *wear_new(double sample_rate_hz, gb_error *err)
{
    if (!(sample_rate_hz > 0)) {
        gb_error_set(err, GB_E_ARG, "wear: a sample rate of %g Hz is not usable", sample_rate_hz);
        return NULL;
    }
    wear *w = gb_calloc(1, sizeof *w, err);
    if (!w) return NULL;
    w->rate_hz = sample_rate_hz;
    w->block_frames = (long)ceil(WEAR_BLOCK_S * sample_rate_hz);
    start_block(w, 0);
    return w;
}

/* Whether the window of the WEAR_WINDOW_BLOCKS blocks up to block last was worn. */
static int window_worn(wear *w, long last)
{
    double sum[3] = {0, 0, 0}, squares[3] = {0, 0, 0};
    double least[3] = {INFINITY, INFINITY, INFINITY}, most[3] = {-INFINITY, -INFINITY, -INFINITY};
    long ticks = 0;
    for (long k = last - WEAR_WINDOW_BLOCKS + 1; k <= last; k++) {
        const block *b = slot(w, k);
        for (int a = 0; a < 3; a++) {
            sum[a] += b->sum[a];
            squares[a] += b->squares[a];
            least[a] = fmin(least[a], b->least[a]);
            most[a] = fmax(most[a], b->most[a]);
        }
        ticks += b->ticks;
    }
    if (ticks == 0) return 0; /* nothing recorded in it */
    int steady = 0, narrow = 0;
    for (int a = 0; a < 3; a++) {
        double mean = sum[a] / (double)ticks;
        double sd = sqrt(fmax(squares[a] / (double)ticks - mean * mean, 0));
        steady += sd < WEAR_SD_G;
        narrow += most[a] - least[a] < WEAR_RANGE_G;
    }
    return steady < 2 && narrow < 2;
}

/* Block index is judged for good: no window still to come holds it. */
static void settle(wear *w, long index)
{
    const block *b = slot(w, index);
    if (!b->worn)
        if (span_list_join(&w->spells, (double)b->first_frame / w->rate_hz,
                           (double)b->end_frame / w->rate_hz) != 0)
            w->failed = 1;
}

/* The block under way ends: the window that ends with it is judged. */
static void judge_current(wear *w)
{
    long last = w->current;
    if (last < WEAR_WINDOW_BLOCKS - 1 || window_worn(w, last)) return;
    for (long k = last - WEAR_WINDOW_BLOCKS + 1; k <= last; k++)
        slot(w, k)->worn = 0;
}

static void close_block(wear *w)
{
    judge_current(w);
    if (w->current >= WEAR_WINDOW_BLOCKS - 1) settle(w, w->current - WEAR_WINDOW_BLOCKS + 1);
    start_block(w, ++w->current);
}

void wear_add_ticks(wear *w, const wear_tick *ticks, long count)
{
    for (long i = 0; i < count;) {
        while (ticks[i].frame >= slot(w, w->current)->end_frame)
            close_block(w);
        /* the block's ticks in this batch, summed in a local copy (the ticks could alias it) */
        block *b = slot(w, w->current), sums = *b;
        for (; i < count && ticks[i].frame < sums.end_frame; i++, sums.ticks++)
            for (int a = 0; a < 3; a++) { /* plain comparisons: never NAN (fmin is a call) */
                double v = ticks[i].acceleration[a];
                sums.sum[a] += v;
                sums.squares[a] += v * v;
                sums.least[a] = v < sums.least[a] ? v : sums.least[a];
                sums.most[a] = v > sums.most[a] ? v : sums.most[a];
            }
        *b = sums;
    }
}

int wear_finish(wear *w, long frames)
{
    if (frames <= 0 || w->finished++) return w->failed ? GB_E_NOMEM : 0;
    long last = (frames - 1) / w->block_frames; /* the block that holds the last frame */
    while (w->current < last)
        close_block(w);
    slot(w, last)->end_frame = frames; /* it ends with the stream */
    /* the window that ends with the stream may be short of an hour (its last block is cut); a
     * recording shorter than a window has none */
    if (frames >= WEAR_WINDOW_BLOCKS * w->block_frames) judge_current(w);
    /* the blocks no window settled yet; with fewer blocks than a window none was judged */
    if (last >= WEAR_WINDOW_BLOCKS - 1)
        for (long k = last - WEAR_WINDOW_BLOCKS + 1; k <= last; k++)
            settle(w, k);
    return w->failed ? GB_E_NOMEM : 0;
}

long wear_spells(const wear *w, const double (**spells)[2])
{
    *spells = (const double(*)[2])w->spells.spans;
    return w->spells.count;
}

void wear_delete(wear *w)
{
    if (!w) return;
    span_list_free(&w->spells);
    free(w);
}
