/* Accelerometer makers' text exports, read by the delimited-text backend: a preamble before the
 * samples says the rate, the start time and (GENEActiv) where the device was worn, so the file
 * needs no map. Private to the read module. */
#ifndef GB_TEXT_DEVICES_H
#define GB_TEXT_DEVICES_H

#include "../common/gb_error.h"

#include <stddef.h>

typedef struct text_device text_device;

typedef struct device_preamble {
    double sample_rate_hz;
    char start_time[32]; /* "YYYY-MM-DD HH:MM:SS", empty when not given */
    char location[48];   /* where it was worn, as the file says; empty when not known */
    char epoch[16];      /* ActiGraph's epoch period: "00:00:00" for raw samples */
    char date_order[4];  /* ActiGraph's "date format" as "mdy", "dmy" or "ymd" */
    char start_date[24], start_clock[24];
    int lines, ended;
} device_preamble;

/* The export whose preamble first_line opens; NULL for plain text. */
const text_device *text_device_for(const char *first_line);
const char *text_device_name(const text_device *device); /* "ActiGraph" */
const char *text_device_format(const text_device *device);
/* One line of the preamble: 1 taken, 0 the samples (or their header row) start here, or a
 * negative gb_code with err set. */
int text_device_take_line(const text_device *device, device_preamble *p, const char *line,
                          const char *path, gb_error *err);
/* After the preamble: 0 when it said what the samples need, else a gb_code with err set. */
int text_device_finish(const text_device *device, device_preamble *p, const char *path,
                       gb_error *err);
/* Where a GENEActiv was worn, from its "Device Location Code": GENEActivs are mostly worn at the
 * wrist, so a file without a code is taken to be from there, and is refused rather than read as a
 * lower-back sensor (a map says otherwise). Its CSV export and its .bin file alike. */
void text_device_geneactiv_location(const char *code, char *location, size_t size);
/* Names of the columns after the time column, for exports without a header row; NULL-ended. */
const char *const *text_device_columns(const text_device *device);

#endif
