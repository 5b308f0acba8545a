#include "minmax.h"

#include <math.h>
#include <stdlib.h>

typedef struct deque {
    long *index;
    double *value;
    long head, count;
} deque;

struct minmax {
    long window, capacity, mask; /* capacity: a power of two, so a slot is an AND, not a division */
    deque low, high;
};

static int deque_init(deque *d, long capacity, gb_error *err)
{
    d->index = gb_calloc((size_t)capacity, sizeof *d->index, err);
    d->value = gb_calloc((size_t)capacity, sizeof *d->value, err);
    d->head = d->count = 0;
    return d->index && d->value ? 0 : GB_E_NOMEM;
}

minmax *minmax_create(long window, gb_error *err)
{
    if (window < 1) {
        gb_error_set(err, GB_E_ARG, "minmax: window %ld must be >= 1", window);
        return NULL;
    }
    minmax *m = gb_calloc(1, sizeof *m, err);
    if (!m) return NULL;
    m->window = window;
    m->capacity = 1;
    while (m->capacity < window + 1)
        m->capacity *= 2;
    m->mask = m->capacity - 1;
    if (deque_init(&m->low, m->capacity, err) || deque_init(&m->high, m->capacity, err)) {
        minmax_destroy(m);
        return NULL;
    }
    return m;
}

static long slot(const minmax *m, const deque *d, long k)
{
    return (d->head + k) & m->mask;
}

static void deque_push(minmax *m, deque *d, long index, double value, int is_max)
{
    while (d->count > 0) {
        double back = d->value[slot(m, d, d->count - 1)];
        if (is_max ? back > value : back < value) break;
        d->count--;
    }
    long s = slot(m, d, d->count++);
    d->index[s] = index;
    d->value[s] = value;
}

static void deque_expire(minmax *m, deque *d, long oldest)
{
    while (d->count > 0 && d->index[d->head] < oldest) {
        d->head = (d->head + 1) & m->mask;
        d->count--;
    }
}

void minmax_expire(minmax *m, long oldest)
{
    deque_expire(m, &m->low, oldest);
    deque_expire(m, &m->high, oldest);
}

void minmax_push(minmax *m, long index, double value)
{
    minmax_expire(m, index - m->window + 1);
    if (isnan(value)) return;
    deque_push(m, &m->low, index, value, 0);
    deque_push(m, &m->high, index, value, 1);
}

double minmax_min(const minmax *m)
{
    return m->low.count ? m->low.value[m->low.head] : NAN;
}

double minmax_max(const minmax *m)
{
    return m->high.count ? m->high.value[m->high.head] : NAN;
}

void minmax_destroy(minmax *m)
{
    if (!m) return;
    free(m->low.index);
    free(m->low.value);
    free(m->high.index);
    free(m->high.value);
    free(m);
}
