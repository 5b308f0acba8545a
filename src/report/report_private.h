/* Internal to the report module: the table layouts and HDF5 helpers that report.c (per-recording
 * reports) and team.c (the team summary) share. Not part of the public header. */
#ifndef GB_REPORT_PRIVATE_H
#define GB_REPORT_PRIVATE_H

#include <hdf5.h>
#include <stddef.h>

enum field_kind { FIELD_DOUBLE, FIELD_INT, FIELD_INT64, FIELD_STRING };

typedef struct field {
    const char *name;
    size_t offset;
    int kind;
    size_t size; /* strings */
    const char *unit;
} field;

#define MAX_FIELDS 64

typedef struct table_spec {
    const char *name;
    size_t record_size;
    int count;
    int overflowed; /* a layout with more than MAX_FIELDS columns: writing and reading it fail */
    field fields[MAX_FIELDS];
} table_spec;

/* An empty layout for the table `name` of records of record_size bytes, its columns to come. */
void table_begin(table_spec *t, const char *name, size_t record_size);
void add_field(table_spec *t, const char *name, size_t offset, int kind, size_t size,
               const char *unit);
/* A fixed-length string column named after its member, sized by the member itself, so a struct and
 * its table cannot disagree. */
#define TABLE_TEXT(t, type, member)                                                                \
    add_field((t), #member, offsetof(type, member), FIELD_STRING, sizeof(((type *)0)->member), "")
/* A number column named as its member: kind FIELD_INT, FIELD_INT64 or FIELD_DOUBLE. */
#define TABLE_NUMBER(t, type, member, kind, unit)                                                  \
    add_field((t), #member, offsetof(type, member), (kind), 0, (unit))
int write_table(hid_t location, const table_spec *t, const void *data, long records);
int read_table(hid_t location, const table_spec *t, void *data, long capacity, long *records);
/* Whether a stored table holds together (report.c says what that takes), with its record count
 * when it does: a damaged file's dimensions can claim more records than memory holds, so allocate
 * by this count. */
int table_sound(hid_t location, const char *name, hsize_t *records);
void attr_string(hid_t location, const char *name, const char *value);
void read_attr_string(hid_t file, const char *name, char *out, size_t size);
hid_t open_report(const char *path, gb_error *err); /* read-only; errors name the file */

#endif
