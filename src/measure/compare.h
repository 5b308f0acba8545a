/* compare: an inertial sensor's events beside the pressure events of the same recording (insoles
 * and an IMU worn together). The pressure events are the reference; each IMU contact that matches
 * one is reported beside it with the difference, and the differences are summarised per event. */
#ifndef GB_COMPARE_H
#define GB_COMPARE_H

#include <stdint.h>

#include "measure.h"

/* A reference (pressure) contact and the IMU contact that matches it. */
typedef struct event_pair {
    char side[2];     /* the reference's side, "L" / "R" */
    char imu_side[2]; /* the IMU's own side (a sacrum sensor's is inferred from its rhythm) */
    double initial_contact_s, imu_initial_contact_s, initial_contact_difference_s; /* IMU - ref */
    double toe_off_s, imu_toe_off_s, toe_off_difference_s; /* NAN when the IMU gives none */
    double contact_time_difference_s;
} event_pair;

enum { COMPARE_INITIAL_CONTACT, COMPARE_TOE_OFF, COMPARE_CONTACT_TIME, COMPARE_EVENTS };

/* How well the IMU agrees with the reference on one kind of event. Differences are IMU minus
 * reference, in seconds, over the matched pairs that have the event. */
typedef struct event_agreement {
    char event[24]; /* "initial_contact", "toe_off", "contact_time" */
    int64_t reference_events, imu_events, matched;
    double mean_difference_s, sd_difference_s, median_difference_s, median_absolute_difference_s;
    int64_t sides_agree; /* matched pairs whose sides agree */
} event_agreement;

/* Pairs each reference contact with the IMU contact nearest to it in initial contact, when each is
 * the other's nearest and they are less than half the reference's median step apart (so a pair
 * never spans two steps). Both measures must be finished. *pairs (caller frees) gets one row per
 * match in time order. */
int compare_events(const measure *reference, const measure *imu, event_pair **pairs,
                   long *pair_count, event_agreement agreement[COMPARE_EVENTS], gb_error *err);

#endif
