#include "report.h"

#include <errno.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report_private.h"
#include "../common/h5_files.h"
#include "../common/session_time.h"

void table_begin(table_spec *t, const char *name, size_t record_size)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    t->record_size = record_size;
}

void add_field(table_spec *t, const char *name, size_t offset, int kind, size_t size,
               const char *unit)
{
    if (t->count == MAX_FIELDS) {
        t->overflowed = 1;
        return;
    }
    t->fields[t->count++] = (field){name, offset, kind, size, unit};
}

static hid_t field_type(const field *f)
{
    switch (f->kind) {
    case FIELD_INT:
        return H5Tcopy(H5T_NATIVE_INT);
    case FIELD_INT64:
        return H5Tcopy(H5T_NATIVE_INT64);
    case FIELD_STRING: {
        hid_t t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, f->size);
        return t;
    }
    default:
        return H5Tcopy(H5T_NATIVE_DOUBLE);
    }
}

/* A units attribute: one fixed-length string per entry (h5py reads it as an array of bytes). */
static int set_units(hid_t location, const char *object, const char *const *units, int n)
{
    if (n < 1 || n > MAX_FIELDS) return -1;
    size_t longest = 1;
    for (int i = 0; i < n; i++)
        if (strlen(units[i]) + 1 > longest) longest = strlen(units[i]) + 1;
    char *buffer = calloc((size_t)n, longest);
    if (!buffer) return -1;
    for (int i = 0; i < n; i++)
        memcpy(buffer + (size_t)i * longest, units[i], strlen(units[i]));
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, longest);
    hsize_t dims = (hsize_t)n;
    hid_t space = H5Screate_simple(1, &dims, NULL);
    hid_t object_id = H5Oopen(location, object, H5P_DEFAULT);
    hid_t attribute = H5Acreate2(object_id, "units", type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = H5Awrite(attribute, type, buffer);
    H5Aclose(attribute);
    H5Oclose(object_id);
    H5Sclose(space);
    H5Tclose(type);
    free(buffer);
    return rc < 0 ? -1 : 0;
}

#define TABLE_CHUNK_MAX 4096

int write_table(hid_t location, const table_spec *t, const void *data, long records)
{
    if (t->overflowed) return -1;
    const char *names[MAX_FIELDS], *units[MAX_FIELDS];
    size_t offsets[MAX_FIELDS];
    hid_t types[MAX_FIELDS];
    for (int i = 0; i < t->count; i++) {
        names[i] = t->fields[i].name;
        units[i] = t->fields[i].unit;
        offsets[i] = t->fields[i].offset;
        types[i] = field_type(&t->fields[i]);
    }
    /* a chunk holds the whole table when it is small (a fixed 256 rows padded a 5-row table to
     * 120 KB), and 4096 rows, the stride writer's batch, when it is long */
    hsize_t chunk = records < 1                 ? 1
                    : records > TABLE_CHUNK_MAX ? TABLE_CHUNK_MAX
                                                : (hsize_t)records;
    herr_t rc = H5TBmake_table(t->name, location, t->name, (hsize_t)t->count, (hsize_t)records,
                               t->record_size, names, offsets, types, chunk, NULL, 0, data);
    for (int i = 0; i < t->count; i++)
        H5Tclose(types[i]);
    if (rc < 0) return -1;
    return set_units(location, t->name, units, t->count);
}

#define STRIDE_CHUNK 4096

/* /strides in chunks made on demand from the contacts: memory does not grow with the table. */
static int write_strides(hid_t file, const table_spec *t, const measure_result *result)
{
    stride_row *rows = calloc(STRIDE_CHUNK, sizeof *rows);
    if (!rows) return -1;
    /* as many rows in each batch, and so in each chunk, as fill the fewest chunks evenly: the last
     * chunk is not left part empty (10,605 strides in chunks of 4,096 stored 1,683 empty rows,
     * 430 KB of a 3.4 MB report, written and synced to the disk) */
    long chunks = (result->stride_count + STRIDE_CHUNK - 1) / STRIDE_CHUNK;
    long batch = chunks > 1 ? (result->stride_count + chunks - 1) / chunks : STRIDE_CHUNK;
    long n = measure_strides(result->source, 0, batch, rows);
    int rc = write_table(file, t, rows, n);
    size_t offsets[MAX_FIELDS], sizes[MAX_FIELDS];
    for (int i = 0; i < t->count; i++) {
        offsets[i] = t->fields[i].offset;
        hid_t type = field_type(&t->fields[i]);
        sizes[i] = H5Tget_size(type);
        H5Tclose(type);
    }
    for (long first = n; rc == 0 && first < result->stride_count; first += n) {
        n = measure_strides(result->source, first, batch, rows);
        if (H5TBappend_records(file, t->name, (hsize_t)n, t->record_size, offsets, sizes, rows) < 0)
            rc = -1;
        /* the disk writes the table while the rest is made: 8 h of running (82,000 strides, a
         * 21 MB report) waited 38-68 ms for the sync before the rename, written at the end */
        gb_h5_start_writeback(file);
    }
    free(rows);
    return rc;
}

/* Whether a stored table holds together: chunked, as H5TBmake_table writes every table, its
 * storage holding every record, and its record type a compound whose members each lie within the
 * record. A file damaged on disk can decode to members past the record, whose conversion reads
 * past HDF5's buffers, or to records larger than the chunks that hold them, which HDF5 reads
 * past (a 672-byte table of 12 records read as 28,216 bytes each crashed `show`). */
int table_sound(hid_t location, const char *name, hsize_t *records)
{
    hid_t dataset = H5Dopen2(location, name, H5P_DEFAULT);
    if (dataset < 0) return 0;
    hid_t creation = H5Dget_create_plist(dataset);
    int chunked = creation >= 0 && H5Pget_layout(creation) == H5D_CHUNKED;
    if (creation >= 0) H5Pclose(creation);
    hid_t type = H5Dget_type(dataset);
    int sound = chunked && type >= 0 && H5Tget_class(type) == H5T_COMPOUND;
    size_t record = sound ? H5Tget_size(type) : 0;
    int members = sound ? H5Tget_nmembers(type) : 0;
    sound = sound && record > 0 && members > 0;
    hid_t space = sound ? H5Dget_space(dataset) : -1;
    *records = 0;
    sound = sound && space >= 0 && H5Sget_simple_extent_ndims(space) == 1 &&
            H5Sget_simple_extent_dims(space, records, NULL) == 1 &&
            H5Dget_storage_size(dataset) / record >= *records;
    if (space >= 0) H5Sclose(space);
    for (int i = 0; sound && i < members; i++) {
        hid_t member = H5Tget_member_type(type, (unsigned)i);
        size_t size = member >= 0 ? H5Tget_size(member) : 0;
        size_t offset = H5Tget_member_offset(type, (unsigned)i);
        sound = member >= 0 && size > 0 && offset <= record && size <= record - offset;
        if (member >= 0) H5Tclose(member);
    }
    if (type >= 0) H5Tclose(type);
    H5Dclose(dataset);
    return sound;
}

int read_table(hid_t location, const table_spec *t, void *data, long capacity, long *records)
{
    if (t->overflowed) return -1;
    hsize_t count = 0; /* the records, counted where they were checked */
    if (!table_sound(location, t->name, &count)) return -1;
    if ((long)count > capacity) count = (hsize_t)capacity;
    *records = (long)count;
    if (count == 0) return 0;
    size_t offsets[MAX_FIELDS], sizes[MAX_FIELDS];
    char *joined = calloc((size_t)t->count, 64);
    if (!joined) return -1;
    for (int i = 0; i < t->count; i++) {
        offsets[i] = t->fields[i].offset;
        sizes[i] = t->fields[i].kind == FIELD_STRING  ? t->fields[i].size
                   : t->fields[i].kind == FIELD_INT   ? sizeof(int)
                   : t->fields[i].kind == FIELD_INT64 ? sizeof(int64_t)
                                                      : sizeof(double);
        if (i) strcat(joined, ",");
        strcat(joined, t->fields[i].name);
    }
    herr_t rc = H5TBread_fields_name(location, t->name, joined, 0, count, t->record_size, offsets,
                                     sizes, data);
    free(joined);
    return rc < 0 ? -1 : 0;
}

/* ---- table layouts: one place, used by both writer and reader ---- */

static void strides_spec(table_spec *t, const char *force_unit)
{
    static char units[MEASURE_COUNT][24];
    table_begin(t, "strides", sizeof(stride_row));
    TABLE_TEXT(t, stride_row, side);
    add_field(t, "initial_contact_s", offsetof(stride_row, initial_contact_s), FIELD_DOUBLE, 0,
              "s");
    add_field(t, "toe_off_s", offsetof(stride_row, toe_off_s), FIELD_DOUBLE, 0, "s");
    for (int k = 0; k < MEASURE_COUNT; k++) {
        const measure_info *m = measure_get_info(k);
        measure_unit(m, force_unit, units[k], sizeof units[k]);
        add_field(t, m->name, m->offset, FIELD_DOUBLE, 0, units[k]);
    }
    add_field(t, "heel_off_s", offsetof(stride_row, heel_off_s), FIELD_DOUBLE, 0, "s");
    add_field(t, "bridged_near_events_s", offsetof(stride_row, bridged_near_events_s), FIELD_DOUBLE,
              0, "s");
    add_field(t, "tibial_shock_clipped_s", offsetof(stride_row, tibial_shock_clipped_s),
              FIELD_DOUBLE, 0, "s");
    add_field(t, "valid", offsetof(stride_row, valid), FIELD_INT, 0, "1");
    add_field(t, "invalid_reason", offsetof(stride_row, invalid_reason), FIELD_STRING,
              sizeof(((stride_row *)0)->invalid_reason), "");
}

/* The columns /bouts and /days share (a day's are the medians of its bouts'): their span, and
 * what was walked in them. */
#define SPAN_COLUMNS(t, type)                                                                      \
    TABLE_NUMBER(t, type, start_s, FIELD_DOUBLE, "s");                                             \
    TABLE_NUMBER(t, type, end_s, FIELD_DOUBLE, "s");                                               \
    TABLE_NUMBER(t, type, duration_s, FIELD_DOUBLE, "s")
#define WALKED_COLUMNS(t, type)                                                                    \
    TABLE_NUMBER(t, type, cadence_spm, FIELD_DOUBLE, "1/min");                                     \
    TABLE_NUMBER(t, type, step_length_m, FIELD_DOUBLE, "m");                                       \
    TABLE_NUMBER(t, type, stride_length_m, FIELD_DOUBLE, "m");                                     \
    TABLE_NUMBER(t, type, walking_speed_m_per_s, FIELD_DOUBLE, "m/s")

static void bouts_spec(table_spec *t, const char *force_unit)
{
    (void)force_unit; /* no force columns */
    table_begin(t, "bouts", sizeof(bout_row));
    TABLE_NUMBER(t, bout_row, bout, FIELD_INT, "1");
    SPAN_COLUMNS(t, bout_row);
    TABLE_NUMBER(t, bout_row, steps, FIELD_INT, "1");
    WALKED_COLUMNS(t, bout_row);
}

static void days_spec(table_spec *t, const char *force_unit)
{
    (void)force_unit; /* no force columns */
    table_begin(t, "days", sizeof(day_row));
    TABLE_NUMBER(t, day_row, day, FIELD_INT, "1");
    TABLE_TEXT(t, day_row, date);
    SPAN_COLUMNS(t, day_row);
    TABLE_NUMBER(t, day_row, worn_s, FIELD_DOUBLE, "s");
    TABLE_NUMBER(t, day_row, bouts, FIELD_INT, "1");
    TABLE_NUMBER(t, day_row, steps, FIELD_INT, "1");
    TABLE_NUMBER(t, day_row, gait_s, FIELD_DOUBLE, "s");
    TABLE_NUMBER(t, day_row, longest_bout_s, FIELD_DOUBLE, "s");
    WALKED_COLUMNS(t, day_row);
}

static void segments_spec(table_spec *t, const char *force_unit)
{
    static char units[MEASURE_COUNT][24];
    table_begin(t, "segments", sizeof(segment_row));
    add_field(t, "segment", offsetof(segment_row, segment), FIELD_INT, 0, "1");
    TABLE_TEXT(t, segment_row, side);
    add_field(t, "start_s", offsetof(segment_row, start_s), FIELD_DOUBLE, 0, "s");
    add_field(t, "end_s", offsetof(segment_row, end_s), FIELD_DOUBLE, 0, "s");
    add_field(t, "strides", offsetof(segment_row, strides), FIELD_INT, 0, "1");
    add_field(t, "cadence_spm", offsetof(segment_row, cadence_spm), FIELD_DOUBLE, 0, "1/min");
    TABLE_TEXT(t, segment_row, activity);
    for (int k = 0; k < MEASURE_COUNT; k++) {
        const measure_info *m = measure_get_info(k);
        measure_unit(m, force_unit, units[k], sizeof units[k]);
        add_field(t, m->name, offsetof(segment_row, mean) + (size_t)k * sizeof(double),
                  FIELD_DOUBLE, 0, units[k]);
    }
}

static void per_side_spec(table_spec *t)
{
    table_begin(t, "per_side", sizeof(side_summary));
    TABLE_TEXT(t, side_summary, side);
    TABLE_TEXT(t, side_summary, measure);
    TABLE_TEXT(t, side_summary, unit);
    add_field(t, "count", offsetof(side_summary, count), FIELD_INT, 0, "1");
    add_field(t, "mean", offsetof(side_summary, mean), FIELD_DOUBLE, 0, "see unit column");
    add_field(t, "median", offsetof(side_summary, median), FIELD_DOUBLE, 0, "see unit column");
    add_field(t, "sd", offsetof(side_summary, sd), FIELD_DOUBLE, 0, "see unit column");
    add_field(t, "cv_pct", offsetof(side_summary, cv_pct), FIELD_DOUBLE, 0, "%");
    add_field(t, "drift_pct_per_10min", offsetof(side_summary, drift_pct_per_10min), FIELD_DOUBLE,
              0, "%/10min");
    add_field(t, "mean_per_body_weight", offsetof(side_summary, mean_per_body_weight), FIELD_DOUBLE,
              0, "BW (unit/(m g))");
}

static void asymmetry_spec(table_spec *t)
{
    table_begin(t, "asymmetry", sizeof(asymmetry_row));
    TABLE_TEXT(t, asymmetry_row, measure);
    TABLE_TEXT(t, asymmetry_row, unit);
    add_field(t, "left_mean", offsetof(asymmetry_row, left_mean), FIELD_DOUBLE, 0,
              "see unit column");
    add_field(t, "right_mean", offsetof(asymmetry_row, right_mean), FIELD_DOUBLE, 0,
              "see unit column");
    add_field(t, "symmetry_index_pct", offsetof(asymmetry_row, symmetry_index_pct), FIELD_DOUBLE, 0,
              "%");
    add_field(t, "left_share_pct", offsetof(asymmetry_row, left_share_pct), FIELD_DOUBLE, 0, "%");
}

/* Another sensor's events beside the reference's (/PREFIX_events). */
static void events_spec(table_spec *t, const char *name)
{
    table_begin(t, name, sizeof(event_pair));
    TABLE_TEXT(t, event_pair, side);
    TABLE_TEXT(t, event_pair, imu_side);
    static const struct {
        const char *name;
        size_t offset;
    } columns[] = {
        {"initial_contact_s", offsetof(event_pair, initial_contact_s)},
        {"imu_initial_contact_s", offsetof(event_pair, imu_initial_contact_s)},
        {"initial_contact_difference_s", offsetof(event_pair, initial_contact_difference_s)},
        {"toe_off_s", offsetof(event_pair, toe_off_s)},
        {"imu_toe_off_s", offsetof(event_pair, imu_toe_off_s)},
        {"toe_off_difference_s", offsetof(event_pair, toe_off_difference_s)},
        {"contact_time_difference_s", offsetof(event_pair, contact_time_difference_s)},
    };
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        add_field(t, columns[i].name, columns[i].offset, FIELD_DOUBLE, 0, "s");
}

/* How well they agree, per event (/PREFIX_agreement). */
static void agreement_spec(table_spec *t, const char *name)
{
    table_begin(t, name, sizeof(event_agreement));
    TABLE_TEXT(t, event_agreement, event);
    add_field(t, "reference_events", offsetof(event_agreement, reference_events), FIELD_INT64, 0,
              "1");
    add_field(t, "imu_events", offsetof(event_agreement, imu_events), FIELD_INT64, 0, "1");
    add_field(t, "matched", offsetof(event_agreement, matched), FIELD_INT64, 0, "1");
    add_field(t, "mean_difference_s", offsetof(event_agreement, mean_difference_s), FIELD_DOUBLE, 0,
              "s");
    add_field(t, "sd_difference_s", offsetof(event_agreement, sd_difference_s), FIELD_DOUBLE, 0,
              "s");
    add_field(t, "median_difference_s", offsetof(event_agreement, median_difference_s),
              FIELD_DOUBLE, 0, "s");
    add_field(t, "median_absolute_difference_s",
              offsetof(event_agreement, median_absolute_difference_s), FIELD_DOUBLE, 0, "s");
    add_field(t, "sides_agree", offsetof(event_agreement, sides_agree), FIELD_INT64, 0, "1");
}

const char *const report_comparison_prefixes[REPORT_COMPARISONS] = {"imu", "trunk", "shank"};

/* The names of a comparison's tables and sensor attribute: /PREFIX_events, /PREFIX_agreement and
 * its attribute PREFIX_sensor (report_comparison_prefixes); one place for the writer and the
 * reader. */
typedef struct comparison_names {
    char events[32], agreement[32], sensor[32];
} comparison_names;

static comparison_names comparison_named(const char *prefix)
{
    comparison_names n;
    snprintf(n.events, sizeof n.events, "%s_events", prefix);
    snprintf(n.agreement, sizeof n.agreement, "%s_agreement", prefix);
    snprintf(n.sensor, sizeof n.sensor, "%s_sensor", prefix);
    return n;
}

/* Another sensor's events beside the reference's, and how well the two agree: /PREFIX_events
 * and /PREFIX_agreement, its sensor in an attribute of the latter. */
static int write_comparison(hid_t file, const report_comparison *c)
{
    comparison_names names = comparison_named(c->prefix);
    table_spec spec;
    events_spec(&spec, names.events);
    int rc = write_table(file, &spec, c->pairs, c->pair_count);
    agreement_spec(&spec, names.agreement);
    if (rc == 0) rc = write_table(file, &spec, c->agreement, COMPARE_EVENTS);
    if (rc == 0 && H5LTset_attribute_string(file, names.agreement, names.sensor, c->sensor) < 0)
        rc = -1;
    return rc;
}

typedef struct quality_row {
    int channel;
    char name[48], role[48], unit[16];
    int64_t samples, gap_count;
    double minimum, maximum, clipping_pct, flatline_pct, gap_pct, bridged_pct;
} quality_row;

static void quality_spec(table_spec *t)
{
    table_begin(t, "channels", sizeof(quality_row));
    add_field(t, "channel", offsetof(quality_row, channel), FIELD_INT, 0, "1");
    TABLE_TEXT(t, quality_row, name);
    TABLE_TEXT(t, quality_row, role);
    TABLE_TEXT(t, quality_row, unit);
    add_field(t, "samples", offsetof(quality_row, samples), FIELD_INT64, 0, "1");
    add_field(t, "minimum", offsetof(quality_row, minimum), FIELD_DOUBLE, 0, "file unit");
    add_field(t, "maximum", offsetof(quality_row, maximum), FIELD_DOUBLE, 0, "file unit");
    add_field(t, "clipping_pct", offsetof(quality_row, clipping_pct), FIELD_DOUBLE, 0, "%");
    add_field(t, "flatline_pct", offsetof(quality_row, flatline_pct), FIELD_DOUBLE, 0, "%");
    add_field(t, "gap_pct", offsetof(quality_row, gap_pct), FIELD_DOUBLE, 0, "%");
    add_field(t, "gap_count", offsetof(quality_row, gap_count), FIELD_INT64, 0, "1");
    add_field(t, "bridged_pct", offsetof(quality_row, bridged_pct), FIELD_DOUBLE, 0, "%");
}

typedef struct overall_row {
    char name[32];
    double value;
    char unit[16];
} overall_row;

static void overall_spec(table_spec *t)
{
    table_begin(t, "overall", sizeof(overall_row));
    TABLE_TEXT(t, overall_row, name);
    add_field(t, "value", offsetof(overall_row, value), FIELD_DOUBLE, 0, "see unit column");
    TABLE_TEXT(t, overall_row, unit);
}

static void findings_spec(table_spec *t)
{
    table_begin(t, "causes", sizeof(finding_row));
    TABLE_TEXT(t, finding_row, cause);
    TABLE_TEXT(t, finding_row, level);
    add_field(t, "score", offsetof(finding_row, score), FIELD_DOUBLE, 0, "1");
    add_field(t, "escalated", offsetof(finding_row, escalated), FIELD_INT, 0, "1");
    TABLE_TEXT(t, finding_row, words);
    TABLE_TEXT(t, finding_row, action);
}

static void indicators_spec(table_spec *t)
{
    table_begin(t, "indicators", sizeof(indicator_row));
    TABLE_TEXT(t, indicator_row, cause);
    TABLE_TEXT(t, indicator_row, rule);
    TABLE_TEXT(t, indicator_row, feature);
    TABLE_TEXT(t, indicator_row, unit);
    add_field(t, "value", offsetof(indicator_row, value), FIELD_DOUBLE, 0, "see unit column");
    add_field(t, "reference", offsetof(indicator_row, reference), FIELD_DOUBLE, 0,
              "see unit column");
    add_field(t, "threshold", offsetof(indicator_row, threshold), FIELD_DOUBLE, 0,
              "see unit column");
    TABLE_TEXT(t, indicator_row, level);
    TABLE_TEXT(t, indicator_row, words);
    TABLE_TEXT(t, indicator_row, citation);
}

/* ---- writing ---- */

void attr_string(hid_t location, const char *name, const char *value)
{
    H5LTset_attribute_string(location, ".", name, value ? value : "");
}

static void attr_double(hid_t location, const char *name, double value)
{
    H5LTset_attribute_double(location, ".", name, &value, 1);
}

static int write_scalar(hid_t group, const char *name, double value, const char *unit)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t dataset =
        H5Dcreate2(group, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = dataset < 0
                    ? -1
                    : H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
    if (dataset >= 0) {
        H5LTset_attribute_string(group, name, "units", unit);
        H5Dclose(dataset);
    }
    H5Sclose(space);
    return rc < 0 ? -1 : 0;
}

static int write_root(hid_t file, const report_meta *meta)
{
    int schema = REPORT_SCHEMA_VERSION;
    H5LTset_attribute_int(file, ".", "schema_version", &schema, 1);
    attr_string(file, "software", "gaitbatch");
    attr_string(file, "software_version", meta->software_version);
    attr_string(file, "input_path", meta->input_path);
    attr_string(file, "input_sha256", meta->input_sha256);
    attr_string(file, "settings_sha256", meta->settings_sha256);
    long long bytes = meta->input_bytes, mtime = meta->input_mtime_ns;
    H5LTset_attribute_long_long(file, ".", "input_bytes", &bytes, 1);
    H5LTset_attribute_long_long(file, ".", "input_mtime_ns", &mtime, 1);
    attr_string(file, "input_format", meta->info->format);
    attr_double(file, "sample_rate_hz", meta->info->sample_rate_hz);
    attr_double(file, "duration_s", meta->duration_s);
    attr_double(file, "time_origin_s", meta->info->time_origin_s);
    attr_string(file, "athlete", meta->athlete);
    attr_string(file, "session", meta->session);
    attr_string(file, "days_clock", meta->days_clock ? meta->days_clock : "");
    attr_string(file, "activity_declared", meta->activity_declared);
    attr_double(file, "body_mass_kg", meta->body_mass_kg);
    attr_string(file, "force_unit", meta->force_unit);
    attr_string(file, "channel_map", meta->channel_map_json);
    attr_string(file, "status", meta->status);
    attr_string(file, "sensor_preset", meta->sensor_preset);
    attr_string(file, "sides_from", meta->sides_from);
    attr_string(file, "forward_learnt", meta->forward_learnt ? meta->forward_learnt : "");
    attr_double(file, "forward_learnt_off_deg", meta->forward_learnt_off_deg);
    attr_string(file, "up_measured", meta->up_measured ? meta->up_measured : "");
    attr_double(file, "up_measured_off_deg", meta->up_measured_off_deg);
    attr_double(file, "up_axis_off_deg", meta->up_axis_off_deg);
    long long relearnt = meta->forward_relearnt;
    H5LTset_attribute_long_long(file, ".", "forward_relearnt", &relearnt, 1);
    long long checked = meta->forward_check_steps;
    H5LTset_attribute_long_long(file, ".", "forward_check_steps", &checked, 1);
    attr_double(file, "forward_check_agreeing", meta->forward_check_agreeing);
    attr_double(file, "forward_check_off_deg", meta->forward_check_off_deg);
    attr_string(file, "trunk_pitch_axis", meta->trunk_pitch_axis ? meta->trunk_pitch_axis : "");
    H5LTset_attribute_int(file, ".", "trunk_pitch_learnt", &meta->trunk_pitch_learnt, 1);
    attr_double(file, "trunk_pitch_standing_found_s", meta->trunk_pitch_standing_found_s);
    char created[32];
    iso_time_utc(meta->created_unix, created, sizeof created);
    attr_string(file, "created", created);
    long long created_unix = meta->created_unix;
    H5LTset_attribute_long_long(file, ".", "created_unix", &created_unix, 1);
    return 0;
}

static int write_settings(hid_t file, const report_meta *meta)
{
    hid_t group = H5Gcreate2(file, "settings", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (group < 0) return -1;
    int rc = 0;
    for (int i = 0; i < meta->setting_count && rc == 0; i++)
        rc = write_scalar(group, meta->settings[i].name, meta->settings[i].value,
                          meta->settings[i].unit);
    H5Gclose(group);
    return rc;
}

static int write_quality(hid_t file, const report_meta *meta, const channel_quality *channel_checks)
{
    const recording_info *info = meta->info;
    quality_row *rows = calloc((size_t)info->channels, sizeof *rows);
    if (!rows) return -1;
    int64_t bridged_total = 0;
    for (int c = 0; c < info->channels; c++) {
        quality_row *r = &rows[c];
        r->channel = c;
        snprintf(r->name, sizeof r->name, "%s", info->channel_names[c]);
        snprintf(r->role, sizeof r->role, "%s",
                 meta->channel_roles[c] ? meta->channel_roles[c] : "");
        snprintf(r->unit, sizeof r->unit, "%s", info->channel_units[c]);
        r->samples = channel_checks[c].samples;
        r->gap_count = channel_checks[c].gap_count;
        r->minimum = channel_checks[c].minimum;
        r->maximum = channel_checks[c].maximum;
        r->clipping_pct = channel_checks[c].clipping_pct;
        r->flatline_pct = channel_checks[c].flatline_pct;
        r->gap_pct = channel_checks[c].gap_pct;
        int64_t bridged = meta->bridged_samples ? meta->bridged_samples[c] : 0;
        bridged_total += bridged;
        r->bridged_pct = r->samples > 0 ? 100.0 * (double)bridged / (double)r->samples : 0;
    }
    hid_t group = H5Gcreate2(file, "quality", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    table_spec spec;
    quality_spec(&spec);
    int rc = group < 0 ? -1 : write_table(group, &spec, rows, info->channels);
    free(rows);
    if (rc == 0 && info->rate_from_time_column) {
        rc |= write_scalar(group, "time_step_mean_s", info->time_step_mean_s, "s");
        rc |= write_scalar(group, "time_step_sd_s", info->time_step_sd_s, "s");
    }
    if (rc == 0) rc = write_scalar(group, "time_gap_count", (double)info->gap_count, "1");
    if (rc == 0) rc = write_scalar(group, "time_gap_samples", (double)info->gap_frames, "1");
    if (rc == 0) rc = write_scalar(group, "time_duplicate_rows", (double)info->duplicate_rows, "1");
    if (rc == 0) rc = write_scalar(group, "clipped_rows", (double)info->clipped_rows, "1");
    if (rc == 0) rc = write_scalar(group, "clipped_rows_kept", (double)info->clipped_kept, "1");
    if (rc == 0) rc = write_scalar(group, "dropped_contacts", (double)meta->dropped_contacts, "1");
    if (rc == 0) rc = write_scalar(group, "bridged_samples", (double)bridged_total, "1");
    if (rc == 0) rc = write_scalar(group, "missing_pct", meta->missing_pct, "%");
    if (rc == 0 && meta->foot_swings >= 0) {
        rc |= write_scalar(group, "foot_swings", (double)meta->foot_swings, "1");
        rc |= write_scalar(group, "foot_swings_left_out", (double)meta->foot_swings_left_out, "1");
    }
    if (group >= 0) H5Gclose(group);
    return rc;
}

static int write_summary(hid_t file, const report_meta *meta, const measure_result *result)
{
    hid_t group = H5Gcreate2(file, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (group < 0) return -1;
    table_spec spec;
    per_side_spec(&spec);
    int rc = write_table(group, &spec, result->summary, result->summary_count);
    asymmetry_spec(&spec);
    if (rc == 0) rc = write_table(group, &spec, result->asymmetry, result->asymmetry_count);
    overall_row overall[] = {
        {"cadence_spm", result->cadence_spm, "1/min"},
        {"cadence_spectral_spm", 120.0 * meta->stride_hz_spectral, "1/min"},
        {"valid_strides", (double)result->valid_strides, "1"},
        {"valid_strides_bridged", (double)result->valid_strides_bridged, "1"},
        {"valid_strides_shock_clipped", (double)result->valid_strides_shock_clipped, "1"},
        {"steps", (double)result->steps, "1"},
        {"duration_s", meta->duration_s, "s"},
        {"gait_s", result->gait_s, "s"},
        {"worn_s", result->worn_s, "s"},
        {"trunk_pitch_deg", meta->trunk_pitch_deg, "deg"},
        {"trunk_pitch_standing_deg", meta->trunk_pitch_standing_deg, "deg"},
        {"trunk_pitch_above_standing_deg", meta->trunk_pitch_above_standing_deg, "deg"},
        {"step_length_m", result->step_length_m, "m"},
        {"stride_length_m", result->stride_length_m, "m"},
        {"walking_speed_m_per_s", result->walking_speed_m_per_s, "m/s"},
    };
    overall_spec(&spec);
    if (rc == 0)
        rc = write_table(group, &spec, overall, (long)(sizeof overall / sizeof overall[0]));
    H5LTset_attribute_string(group, ".", "activity", result->activity);
    H5Gclose(group);
    return rc;
}

void report_library_init(void)
{
    H5open();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

int report_write(const char *path, const report_meta *meta, const measure_result *result,
                 const channel_quality *channel_checks, gb_error *err)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors come back as codes, not printed */
    char temporary[1100];
    snprintf(temporary, sizeof temporary, "%s.tmp-%ld", path, (long)getpid());
    hid_t file = gb_h5_create(temporary);
    if (file < 0)
        return gb_error_set(err, GB_E_IO,
                            "%s: cannot create the report (is the output folder writable?)",
                            temporary);
    table_spec spec;
    int rc = write_root(file, meta);
    if (rc == 0) rc = write_settings(file, meta);
    if (rc == 0) rc = write_quality(file, meta, channel_checks);
    strides_spec(&spec, meta->force_unit);
    if (rc == 0) rc = write_strides(file, &spec, result);
    segments_spec(&spec, meta->force_unit);
    if (rc == 0) rc = write_table(file, &spec, result->segments, result->segment_count);
    bouts_spec(&spec, meta->force_unit);
    if (rc == 0) rc = write_table(file, &spec, result->bouts, result->bout_count);
    days_spec(&spec, meta->force_unit);
    if (rc == 0) rc = write_table(file, &spec, result->days, result->day_count);
    if (rc == 0) rc = write_summary(file, meta, result);
    for (int k = 0; rc == 0 && k < meta->comparison_count; k++)
        rc = write_comparison(file, &meta->comparisons[k]);
    if (H5Fclose(file) < 0) rc = -1;
    /* a failing hook leaves the report without findings: the review after the batch adds them */
    if (rc == 0 && meta->before_publish) meta->before_publish(meta->publish_ctx, temporary, path);
    return gb_replace_file(temporary, path, rc != 0, "report", err);
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buffer[1 << 16];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && (n = fread(buffer, 1, sizeof buffer, in)) > 0)
        if (fwrite(buffer, 1, n, out) != n) rc = -1;
    if (in && ferror(in)) rc = -1;
    if (in) fclose(in);
    if (out && fclose(out) != 0) rc = -1;
    return rc;
}

static int same_number(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* /findings into o's findings and indicators (counts stay 0 when the report has none). */
static void read_findings(hid_t file, report_overview *o)
{
    hid_t findings =
        H5Lexists(file, "findings", H5P_DEFAULT) > 0 ? H5Gopen2(file, "findings", H5P_DEFAULT) : -1;
    if (findings < 0) return;
    table_spec spec;
    long n = 0;
    findings_spec(&spec);
    if (read_table(findings, &spec, o->findings, CAUSE_COUNT, &n) == 0) o->finding_count = (int)n;
    indicators_spec(&spec);
    if (read_table(findings, &spec, o->indicators, JUDGE_MAX_RULES, &n) == 0)
        o->indicator_count = (int)n;
    H5Gclose(findings);
}

/* Whether the report already holds exactly these findings (levels, scores, indicator values). */
static int findings_unchanged(const char *path, const finding_row *causes,
                              const indicator_row *indicators, long indicator_count)
{
    report_overview *o = calloc(1, sizeof *o);
    gb_error ignored = {0};
    hid_t file = o ? open_report(path, &ignored) : -1;
    if (file >= 0) { /* only /findings: a first judging finds none and stops here */
        read_findings(file, o);
        H5Fclose(file);
    }
    int same =
        file >= 0 && o->finding_count == CAUSE_COUNT && o->indicator_count == indicator_count;
    for (int c = 0; same && c < CAUSE_COUNT; c++)
        same = strcmp(o->findings[c].cause, causes[c].cause) == 0 &&
               strcmp(o->findings[c].level, causes[c].level) == 0 &&
               same_number(o->findings[c].score, causes[c].score) &&
               o->findings[c].escalated == causes[c].escalated;
    for (long i = 0; same && i < indicator_count; i++)
        same = strcmp(o->indicators[i].rule, indicators[i].rule) == 0 &&
               strcmp(o->indicators[i].level, indicators[i].level) == 0 &&
               same_number(o->indicators[i].value, indicators[i].value) &&
               same_number(o->indicators[i].reference, indicators[i].reference) &&
               same_number(o->indicators[i].threshold, indicators[i].threshold);
    free(o);
    return same;
}

/* The rows of /findings for a judged session: one per cause, then its indicators. */
static long finding_rows(const judge_rules *rules, const judge_result *result, finding_row *causes,
                         indicator_row *indicators)
{
    long indicator_count = 0;
    for (int c = 0; c < CAUSE_COUNT; c++) {
        const judge_finding *f = &result->causes[c];
        finding_row *row = &causes[c];
        memset(row, 0, sizeof *row);
        snprintf(row->cause, sizeof row->cause, "%s", judge_cause_name(c));
        snprintf(row->level, sizeof row->level, "%s", judge_level_name(f->level));
        snprintf(row->words, sizeof row->words, "%s", judge_cause_words(c));
        snprintf(row->action, sizeof row->action, "%s", judge_cause_action(c));
        row->score = f->score;
        row->escalated = f->escalated;
        for (int i = 0; i < f->indicator_count; i++) {
            const judge_indicator *in = &f->indicators[i];
            const judge_rule *rule = &rules->rules[in->rule];
            indicator_row *r = &indicators[indicator_count++];
            memset(r, 0, sizeof *r);
            snprintf(r->cause, sizeof r->cause, "%s", judge_cause_name(c));
            snprintf(r->rule, sizeof r->rule, "%s", rule->id);
            snprintf(r->feature, sizeof r->feature, "%s", judge_feature_name(rule->feature));
            snprintf(r->unit, sizeof r->unit, "%s", judge_feature_unit(rule->feature));
            snprintf(r->level, sizeof r->level, "%s", judge_level_name(in->level));
            snprintf(r->words, sizeof r->words, "%s", rule->words);
            snprintf(r->citation, sizeof r->citation, "%s", rule->citation);
            r->value = in->value;
            r->reference = in->reference;
            r->threshold = in->threshold;
        }
    }
    return indicator_count;
}

/* Replaces /findings of the report file at path, in place. */
static int put_findings(const char *path, const finding_row *causes,
                        const indicator_row *indicators, long indicator_count)
{
    int rc = -1;
    hid_t file = gb_h5_open(path, H5F_ACC_RDWR);
    if (file < 0) return -1;
    if (H5Lexists(file, "findings", H5P_DEFAULT) > 0) H5Ldelete(file, "findings", H5P_DEFAULT);
    hid_t group = H5Gcreate2(file, "findings", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (group >= 0) {
        table_spec spec;
        findings_spec(&spec);
        rc = write_table(group, &spec, causes, CAUSE_COUNT);
        indicators_spec(&spec);
        if (rc == 0) rc = write_table(group, &spec, indicators, indicator_count);
        H5LTset_attribute_string(group, ".", "caveat",
                                 "indicators with evidence, not diagnoses; levels compare the "
                                 "session with published ranges and the athlete's own baseline");
        H5Gclose(group);
    }
    if (H5Fclose(file) < 0) rc = -1;
    return rc;
}

int report_add_findings(const char *unpublished_path, const judge_rules *rules,
                        const judge_result *result, gb_error *err)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    finding_row causes[CAUSE_COUNT];
    indicator_row indicators[JUDGE_MAX_RULES];
    long indicator_count = finding_rows(rules, result, causes, indicators);
    if (put_findings(unpublished_path, causes, indicators, indicator_count) != 0)
        return gb_error_set(err, GB_E_IO, "%s: cannot add the findings", unpublished_path);
    return 0;
}

int report_write_findings(const char *path, const judge_rules *rules, const judge_result *result,
                          gb_error *err)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    finding_row causes[CAUSE_COUNT];
    indicator_row indicators[JUDGE_MAX_RULES];
    long indicator_count = finding_rows(rules, result, causes, indicators);
    if (findings_unchanged(path, causes, indicators, indicator_count))
        return 0; /* reruns, and reports whose worker judged them already: no write */
    char temporary[1100];
    snprintf(temporary, sizeof temporary, "%s.tmp-%ld", path, (long)getpid());
    if (copy_file(path, temporary) != 0) {
        unlink(temporary);
        return gb_error_set(err, GB_E_IO, "%s: cannot copy the report to add findings", path);
    }
    int rc = put_findings(temporary, causes, indicators, indicator_count);
    return gb_replace_file(temporary, path, rc != 0, "report with findings", err);
}

/* ---- reading ---- */

/* A string attribute of the object at `object` (relative to `where`), cut to size: read into a
 * buffer of its own stored size, so a damaged report's long string cannot overrun out. */
static void read_object_attr_string(hid_t where, const char *object, const char *name, char *out,
                                    size_t size)
{
    out[0] = '\0';
    hsize_t dims;
    H5T_class_t type_class;
    size_t type_size;
    if (H5LTget_attribute_info(where, object, name, &dims, &type_class, &type_size) < 0) return;
    char *buffer = calloc(1, type_size + 1);
    if (!buffer) return;
    if (H5LTget_attribute_string(where, object, name, buffer) >= 0)
        snprintf(out, size, "%s", buffer);
    free(buffer);
}

void read_attr_string(hid_t file, const char *name, char *out, size_t size)
{
    read_object_attr_string(file, ".", name, out, size);
}

hid_t open_report(const char *path, gb_error *err)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (access(path, R_OK) != 0) {
        gb_error_set(err, GB_E_IO, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    hid_t file = gb_h5_open(path, H5F_ACC_RDONLY);
    if (file < 0) gb_error_set(err, GB_E_FORMAT, "%s: not an HDF5 file", path);
    return file;
}

/* A count stored as a double in a table: 0 unless it is one (a damaged report's NaN or 1e308
 * has no long value). */
static long stored_count(double value)
{
    return value >= 0 && value < 1e15 ? (long)value : 0;
}

/* /PREFIX_agreement and its sensor (write_comparison); whether the report has it. */
static int read_agreement(hid_t file, const char *prefix, event_agreement *rows, char *sensor,
                          size_t sensor_size)
{
    comparison_names names = comparison_named(prefix);
    table_spec spec;
    agreement_spec(&spec, names.agreement);
    long n = 0;
    if (H5Lexists(file, names.agreement, H5P_DEFAULT) <= 0 ||
        read_table(file, &spec, rows, COMPARE_EVENTS, &n) != 0 || n != COMPARE_EVENTS)
        return 0;
    read_object_attr_string(file, names.agreement, names.sensor, sensor, sensor_size);
    return 1;
}

const report_agreement *report_find_comparison(const report_overview *o, const char *prefix)
{
    for (int k = 0; k < o->comparison_count; k++)
        if (strcmp(o->comparisons[k].prefix, prefix) == 0) return &o->comparisons[k];
    return NULL;
}

/* The overview's text and number attributes of the report's root, by name: tables, so that a new
 * one is a row. A report from an older version may lack some; those keep their defaults. */
#define OVERVIEW_TEXT(name)                                                                        \
    {                                                                                              \
#name, offsetof(report_overview, name), sizeof((report_overview *)0)->name                 \
    }
static const struct overview_text {
    const char *name;
    size_t offset, size;
} overview_texts[] = {
    OVERVIEW_TEXT(software_version), OVERVIEW_TEXT(input_path),   OVERVIEW_TEXT(input_sha256),
    OVERVIEW_TEXT(athlete),          OVERVIEW_TEXT(session),      OVERVIEW_TEXT(status),
    OVERVIEW_TEXT(force_unit),       OVERVIEW_TEXT(created),      OVERVIEW_TEXT(sides_from),
    OVERVIEW_TEXT(forward_learnt),   OVERVIEW_TEXT(up_measured),  OVERVIEW_TEXT(trunk_pitch_axis),
    OVERVIEW_TEXT(sensor_preset),    OVERVIEW_TEXT(input_format),
};
#undef OVERVIEW_TEXT

#define OVERVIEW_NUMBER(name)                                                                      \
    {                                                                                              \
#name, offsetof(report_overview, name)                                                     \
    }
static const struct overview_number {
    const char *name;
    size_t offset;
} overview_root_numbers[] =
    {
        OVERVIEW_NUMBER(forward_learnt_off_deg), OVERVIEW_NUMBER(forward_check_agreeing),
        OVERVIEW_NUMBER(forward_check_off_deg),  OVERVIEW_NUMBER(up_measured_off_deg),
        OVERVIEW_NUMBER(up_axis_off_deg),        OVERVIEW_NUMBER(trunk_pitch_standing_found_s),
        OVERVIEW_NUMBER(sample_rate_hz),         OVERVIEW_NUMBER(duration_s),
        OVERVIEW_NUMBER(body_mass_kg),
},
  /* and the rows of /summary/overall the overview gives (in the same units) */
    overview_overall_numbers[] = {
        OVERVIEW_NUMBER(cadence_spm),
        OVERVIEW_NUMBER(cadence_spectral_spm),
        OVERVIEW_NUMBER(trunk_pitch_deg),
        OVERVIEW_NUMBER(trunk_pitch_standing_deg),
        OVERVIEW_NUMBER(trunk_pitch_above_standing_deg),
        OVERVIEW_NUMBER(walking_speed_m_per_s),
        OVERVIEW_NUMBER(gait_s),
        OVERVIEW_NUMBER(worn_s),
};
#undef OVERVIEW_NUMBER

/* Sets the overview's number at offset (a table's row: memcpy, as for the analysis settings). */
static void set_overview_number(report_overview *out, size_t offset, double value)
{
    memcpy((char *)out + offset, &value, sizeof value);
}

static void read_overview_root(hid_t file, report_overview *out)
{
    for (size_t i = 0; i < sizeof overview_texts / sizeof overview_texts[0]; i++)
        read_attr_string(file, overview_texts[i].name, (char *)out + overview_texts[i].offset,
                         overview_texts[i].size);
    for (size_t i = 0; i < sizeof overview_root_numbers / sizeof overview_root_numbers[0]; i++) {
        double value;
        if (gb_h5_number_attribute(file, overview_root_numbers[i].name, H5T_NATIVE_DOUBLE,
                                   &value) == 0)
            set_overview_number(out, overview_root_numbers[i].offset, value);
    }
    long long relearnt = 0, checked = 0;
    gb_h5_number_attribute(file, "forward_relearnt", H5T_NATIVE_LLONG, &relearnt);
    out->forward_relearnt = (long)relearnt;
    gb_h5_number_attribute(file, "forward_check_steps", H5T_NATIVE_LLONG, &checked);
    out->forward_check_steps = (long)checked;
    gb_h5_number_attribute(file, "trunk_pitch_learnt", H5T_NATIVE_INT, &out->trunk_pitch_learnt);
}

/* The counts of the strides and bouts, and what /quality says of missing and clipped samples. */
static void read_overview_counts(hid_t file, report_overview *out)
{
    hsize_t fields = 0, records = 0;
    if (H5TBget_table_info(file, "strides", &fields, &records) >= 0)
        out->stride_count = (long)records;
    out->bout_count = -1; /* a report from before /bouts */
    if (H5Lexists(file, "bouts", H5P_DEFAULT) > 0 &&
        H5TBget_table_info(file, "bouts", &fields, &records) >= 0)
        out->bout_count = (long)records;
    if (H5Lexists(file, "quality", H5P_DEFAULT) <= 0) return;
    if (H5Lexists(file, "quality/missing_pct", H5P_DEFAULT) > 0)
        H5LTread_dataset_double(file, "quality/missing_pct", &out->missing_pct);
    double kept = 0; /* rows clipped at the range limit and read at it (0.20.0) */
    if (H5Lexists(file, "quality/clipped_rows_kept", H5P_DEFAULT) > 0 &&
        H5LTread_dataset_double(file, "quality/clipped_rows_kept", &kept) >= 0 && kept == 1)
        H5LTread_dataset_double(file, "quality/clipped_rows", &out->clipped_rows_kept);
    if (H5Lexists(file, "quality/foot_swings", H5P_DEFAULT) > 0 &&
        H5Lexists(file, "quality/foot_swings_left_out", H5P_DEFAULT) > 0 &&
        (H5LTread_dataset_double(file, "quality/foot_swings", &out->foot_swings) < 0 ||
         H5LTread_dataset_double(file, "quality/foot_swings_left_out", &out->foot_swings_left_out) <
             0))
        out->foot_swings = out->foot_swings_left_out = NAN;
}

/* /summary/overall's rows read (15 written by 0.21.0), with room for later versions' */
#define OVERALL_ROWS_MAX 32

/* /summary: the activity, each side's measures, their asymmetry and the overall rows. */
static void read_overview_summary(hid_t summary, report_overview *out)
{
    read_object_attr_string(summary, ".", "activity", out->activity, sizeof out->activity);
    table_spec spec;
    long n = 0;
    per_side_spec(&spec);
    if (read_table(summary, &spec, out->summary, 2 * MEASURE_COUNT, &n) == 0)
        out->summary_count = (int)n;
    asymmetry_spec(&spec);
    if (read_table(summary, &spec, out->asymmetry, MEASURE_COUNT, &n) == 0)
        out->asymmetry_count = (int)n;
    overall_row overall[OVERALL_ROWS_MAX];
    overall_spec(&spec);
    if (read_table(summary, &spec, overall, OVERALL_ROWS_MAX, &n) != 0) return;
    for (long i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof overview_overall_numbers / sizeof overview_overall_numbers[0];
             k++)
            if (strcmp(overall[i].name, overview_overall_numbers[k].name) == 0)
                set_overview_number(out, overview_overall_numbers[k].offset, overall[i].value);
        if (strcmp(overall[i].name, "valid_strides") == 0)
            out->valid_strides = stored_count(overall[i].value);
        if (strcmp(overall[i].name, "valid_strides_bridged") == 0)
            out->valid_strides_bridged = stored_count(overall[i].value);
        if (strcmp(overall[i].name, "valid_strides_shock_clipped") == 0)
            out->valid_strides_shock_clipped = stored_count(overall[i].value);
    }
}

int report_read_overview(const char *path, report_overview *out, gb_error *err)
{
    memset(out, 0, sizeof *out);
    /* rows a report from an older version may lack */
    out->trunk_pitch_deg = out->trunk_pitch_standing_deg = out->trunk_pitch_above_standing_deg =
        out->walking_speed_m_per_s = out->missing_pct = out->trunk_pitch_standing_found_s =
            out->gait_s = out->worn_s = NAN;
    out->valid_strides_bridged = out->valid_strides_shock_clipped = -1;
    out->forward_learnt_off_deg = out->forward_check_agreeing = out->forward_check_off_deg = NAN;
    out->up_measured_off_deg = out->up_axis_off_deg = NAN;
    out->foot_swings = out->foot_swings_left_out = NAN;
    hid_t file = open_report(path, err);
    if (file < 0) return err->code;
    int rc = 0;
    if (gb_h5_number_attribute(file, "schema_version", H5T_NATIVE_INT, &out->schema_version) < 0) {
        rc = gb_error_set(err, GB_E_FORMAT, "%s: not a gaitbatch report (no schema_version)", path);
        goto done;
    }
    read_overview_root(file, out);
    read_overview_counts(file, out);
    hid_t summary = H5Gopen2(file, "summary", H5P_DEFAULT);
    if (summary < 0) {
        rc = gb_error_set(err, GB_E_FORMAT, "%s: no /summary group", path);
        goto done;
    }
    read_overview_summary(summary, out);
    H5Gclose(summary);
    read_findings(file, out);
    for (int k = 0; k < REPORT_COMPARISONS; k++) {
        const char *prefix = report_comparison_prefixes[k];
        report_agreement *a = &out->comparisons[out->comparison_count];
        snprintf(a->prefix, sizeof a->prefix, "%s", prefix);
        out->comparison_count +=
            read_agreement(file, prefix, a->agreement, a->sensor, sizeof a->sensor);
    }
done:
    H5Fclose(file);
    return rc;
}

int report_read_identity(const char *path, report_identity *out, gb_error *err)
{
    memset(out, 0, sizeof *out);
    hid_t file = open_report(path, err);
    if (file < 0) return err->code;
    int rc = 0;
    if (gb_h5_number_attribute(file, "schema_version", H5T_NATIVE_INT, &out->schema_version) < 0)
        rc = gb_error_set(err, GB_E_FORMAT, "%s: not a gaitbatch report (no schema_version)", path);
    read_attr_string(file, "software_version", out->software_version, sizeof out->software_version);
    read_attr_string(file, "input_sha256", out->input_sha256, sizeof out->input_sha256);
    read_attr_string(file, "settings_sha256", out->settings_sha256, sizeof out->settings_sha256);
    gb_h5_number_attribute(file, "input_bytes", H5T_NATIVE_LLONG, &out->input_bytes);
    gb_h5_number_attribute(file, "input_mtime_ns", H5T_NATIVE_LLONG, &out->input_mtime_ns);
    H5Fclose(file);
    return rc;
}

/* Reads a whole table of a report into *rows (caller frees), its layout from spec_of, which
 * gets the report's force unit. */
static int read_report_table(const char *path, void (*spec_of)(table_spec *, const char *),
                             void **rows, long *count, gb_error *err)
{
    *rows = NULL;
    *count = 0;
    hid_t file = open_report(path, err);
    if (file < 0) return err->code;
    int rc = 0;
    table_spec spec;
    char unit[16];
    read_attr_string(file, "force_unit", unit, sizeof unit);
    spec_of(&spec, unit);
    hsize_t fields = 0, records = 0;
    if (H5TBget_table_info(file, spec.name, &fields, &records) < 0) {
        rc = gb_error_set(err, GB_E_FORMAT, "%s: no /%s table", path, spec.name);
        goto done;
    }
    if (!table_sound(file, spec.name, &records)) { /* sized by its storage, not by what it says */
        rc = gb_error_set(err, GB_E_FORMAT, "%s: /%s cannot be read", path, spec.name);
        goto done;
    }
    *rows = calloc((size_t)records + 1, spec.record_size);
    if (!*rows) {
        rc = gb_error_set(err, GB_E_NOMEM, "%s: out of memory", path);
        goto done;
    }
    if (read_table(file, &spec, *rows, (long)records, count) != 0)
        rc = gb_error_set(err, GB_E_FORMAT, "%s: /%s cannot be read", path, spec.name);
done:
    H5Fclose(file);
    return rc;
}

int report_read_bouts(const char *path, bout_row **rows, long *count, gb_error *err)
{
    return read_report_table(path, bouts_spec, (void **)rows, count, err);
}

int report_read_days(const char *path, day_row **rows, long *count, gb_error *err)
{
    return read_report_table(path, days_spec, (void **)rows, count, err);
}

int report_read_strides(const char *path, stride_row **rows, long *count, gb_error *err)
{
    return read_report_table(path, strides_spec, (void **)rows, count, err);
}
