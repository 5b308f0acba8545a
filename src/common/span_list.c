#include "span_list.h"

#include <math.h>
#include <stdlib.h>

#include "gb_error.h"

int span_list_add(span_list *list, double start_s, double end_s)
{
    if (list->count == list->capacity) {
        long capacity = list->capacity ? 2 * list->capacity : 64;
        double(*spans)[2] = realloc(list->spans, (size_t)capacity * sizeof *spans);
        if (!spans) return GB_E_NOMEM;
        list->spans = spans;
        list->capacity = capacity;
    }
    list->spans[list->count][0] = start_s;
    list->spans[list->count++][1] = end_s;
    return 0;
}

int span_list_join(span_list *list, double start_s, double end_s)
{
    double *last = list->count ? list->spans[list->count - 1] : NULL;
    if (!last || start_s > last[1]) return span_list_add(list, start_s, end_s);
    if (end_s > last[1]) last[1] = end_s;
    return 0;
}

long span_list_first_ending_after(const span_list *list, double from_s)
{
    long low = 0, high = list->count;
    while (low < high) {
        long middle = low + (high - low) / 2;
        if (list->spans[middle][1] <= from_s)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

double span_list_time_within(const span_list *list, double from_s, double to_s)
{
    double covered = 0;
    for (long k = span_list_first_ending_after(list, from_s);
         k < list->count && list->spans[k][0] < to_s; k++)
        covered += fmin(list->spans[k][1], to_s) - fmax(list->spans[k][0], from_s);
    return covered;
}

void span_list_free(span_list *list)
{
    free(list->spans);
    *list = (span_list){0};
}
