/* A growing list of time spans in order, [start_s, end_s] in seconds from the start of a
 * recording: the gaps and bridged runs a stride may cross (measure), the spells a sensor was not
 * worn (wear, measure), the walking bouts' extents (measure). Zero-initialised it is empty. */
#ifndef GAITBATCH_SPAN_LIST_H
#define GAITBATCH_SPAN_LIST_H

typedef struct span_list {
    double (*spans)[2]; /* start and end, in time order */
    long count, capacity;
} span_list;

/* Appends a span after the last. Returns 0, or GB_E_NOMEM (the list unchanged). */
int span_list_add(span_list *list, double start_s, double end_s);

/* Appends a span, or when it starts before the last one ends (the channels of one sensor that
 * drop the same samples, 15 min blocks side by side), widens the last one to hold it. */
int span_list_join(span_list *list, double start_s, double end_s);

/* The first span that ends after from_s (count when none), by bisection. */
long span_list_first_ending_after(const span_list *list, double from_s);

/* The time the spans cover within (from_s, to_s). */
double span_list_time_within(const span_list *list, double from_s, double to_s);

void span_list_free(span_list *list);

#endif
