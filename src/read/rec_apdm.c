/* Backend: APDM Opal recordings, the HDF5 files Mobility Lab and Moveo Explorer export (format
 * version 5), read without a CSV export. The layout, as the published readers of it take it
 * (DISPEL's apdm/io.py among them): a group /Sensors with one group per sensor, each holding
 * Accelerometer and Gyroscope (rows of X, Y, Z; m/s2 and rad/s unless a "Units" attribute says
 * otherwise), Time (microseconds since 1970, one per row) and a group Configuration whose
 * attributes "Label 0" (where it was worn: "Lumbar", "Left Foot", ...) and "Sample Rate" (Hz)
 * describe it. Every sensor's accelerometer and gyroscope become six channels named
 * "<label> Accelerometer X" .. "<label> Gyroscope Z", the sensors in the file's order, so that a
 * map (or inspect's template, which reads those names) can give each its role; a sensor worn at
 * the lower back ("Lumbar", "Sacrum", "Waist", ...) is read without a map, as other devices'.
 *
 * The rows are timed by the first sensor's Time: the rate is the one it measures over the
 * recording (rec_stamped_rate), and a step of more than 1.5 sample periods is a gap as long as it
 * lasted, up to --max-gap (samples a wireless sensor lost). The sensors hold the same number of
 * rows when Mobility Lab has synchronised them; a file whose sensors differ in rate is refused,
 * and one whose row counts differ is read as long as the shortest (info.unread_frames says how
 * many rows the longest held past that, for a warning). Files without /Sensors (a
 * gaitbatch report, other HDF5 data) are not claimed: a folder's .h5 files are passed over. */
#include "../common/text.h"
#include "rec_private.h"
#include "../common/h5_files.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APDM_SENSORS_MAX (REC_MAX_CHANNELS / 6)
#define APDM_BLOCK 1024   /* rows read at a time */
#define APDM_STEP_GAP 1.5 /* a time step longer than this many periods is a gap */
#define APDM_LABEL_MAX 32

static const char *const apdm_extensions[] = {"h5", "hdf5", NULL};

typedef struct apdm_sensor {
    char label[APDM_LABEL_MAX];
    hid_t accel, gyro; /* datasets; gyro < 0 when the sensor has none */
} apdm_sensor;

typedef struct apdm_state {
    hid_t file, time;
    apdm_sensor sensors[APDM_SENSORS_MAX];
    int sensor_count;
    hsize_t rows, next_row;
    hsize_t longest; /* rows of the longest Accelerometer, Gyroscope or Time */
    double rate_hz, start_s, max_gap_s;
    double times[APDM_BLOCK], columns[APDM_BLOCK * 3];
    double samples[APDM_BLOCK * REC_MAX_CHANNELS];
    rec_block_queue queue;
} apdm_state;

/* Whether file has /Sensors: an APDM recording. */
static int has_sensors(hid_t file)
{
    return H5Lexists(file, "Sensors", H5P_DEFAULT) > 0;
}

int rec_apdm_claims(const char *path)
{
    hid_t file = gb_h5_open(path, H5F_ACC_RDONLY); /* no HDF5 file: fails, quietly */
    if (file < 0) return 0;
    int claimed = has_sensors(file);
    H5Fclose(file);
    return claimed;
}

/* A string attribute of `where` (fixed or variable length) into out; 0 when it has none. */
static int string_attribute(hid_t where, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    if (H5Aexists(where, name) <= 0) return 0;
    hid_t attribute = H5Aopen(where, name, H5P_DEFAULT);
    hid_t type = attribute >= 0 ? H5Aget_type(attribute) : -1;
    hid_t space = attribute >= 0 ? H5Aget_space(attribute) : -1;
    int ok = 0;
    if (type >= 0 && H5Tget_class(type) == H5T_STRING && space >= 0 &&
        H5Sget_simple_extent_npoints(space) == 1) {
        hid_t memory = H5Tcopy(H5T_C_S1);
        if (H5Tis_variable_str(type) > 0) {
            char *text = NULL;
            H5Tset_size(memory, H5T_VARIABLE);
            if (H5Aread(attribute, memory, &text) >= 0 && text) {
                snprintf(out, size, "%s", text);
                ok = 1;
            }
            if (text) H5free_memory(text);
        } else {
            size_t length = H5Tget_size(type);
            char *text = length > 0 && length < 4096 ? calloc(1, length + 1) : NULL;
            H5Tset_size(memory, length + 1);
            if (text && H5Aread(attribute, memory, text) >= 0) {
                snprintf(out, size, "%s", text);
                ok = 1;
            }
            free(text);
        }
        H5Tclose(memory);
    }
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (attribute >= 0) H5Aclose(attribute);
    return ok;
}

/* The rows of a dataset of `columns` columns (1: a one-dimensional one); 0 when it is not one. */
static hsize_t dataset_rows(hid_t dataset, int columns)
{
    hid_t space = H5Dget_space(dataset);
    hsize_t dims[2] = {0, 0};
    int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (rank == 1 || rank == 2) H5Sget_simple_extent_dims(space, dims, NULL);
    if (space >= 0) H5Sclose(space);
    int fits = columns == 1 ? rank == 1 || (rank == 2 && dims[1] == 1)
                            : rank == 2 && dims[1] == (hsize_t)columns;
    return fits ? dims[0] : 0;
}

/* A channel's unit as a dataset's "Units" attribute writes it (the channel map reads the
 * spelling), or `otherwise`. */
static void dataset_unit(hid_t dataset, const char *otherwise, char *out, size_t size)
{
    if (!string_attribute(dataset, "Units", out, size) || !out[0])
        snprintf(out, size, "%s", otherwise);
    gb_printable_utf8(out);
}

typedef struct sensor_walk {
    recording *rec;
    apdm_state *st;
    gb_error *err;
    int rc;
    double rate_hz;
} sensor_walk;

/* One sensor group of /Sensors: its label, rate and datasets, and its six (or three) channels.
 * 0, or -1 with w->rc set. */
static int add_sensor(hid_t sensors, const char *name, sensor_walk *w)
{
    apdm_state *st = w->st;
    recording_info *ri = &w->rec->info;
    if (st->sensor_count == APDM_SENSORS_MAX) {
        w->rc = gb_error_set(w->err, GB_E_FORMAT,
                             "%s: more than %d sensors: gaitbatch reads up to %d channels",
                             w->rec->path, APDM_SENSORS_MAX, REC_MAX_CHANNELS);
        return -1;
    }
    hid_t group = H5Gopen2(sensors, name, H5P_DEFAULT);
    if (group < 0) return 0; /* not a group: passed over */
    apdm_sensor *s = &st->sensors[st->sensor_count];
    s->accel = s->gyro = -1;
    hid_t configuration = H5Lexists(group, "Configuration", H5P_DEFAULT) > 0
                              ? H5Gopen2(group, "Configuration", H5P_DEFAULT)
                              : -1;
    double rate = NAN;
    if (configuration >= 0)
        gb_h5_number_attribute(configuration, "Sample Rate", H5T_NATIVE_DOUBLE, &rate);
    if (configuration < 0 ||
        !string_attribute(configuration, "Label 0", s->label, sizeof s->label) || !s->label[0])
        snprintf(s->label, sizeof s->label, "Sensor %.20s", name);
    gb_printable_utf8(s->label);
    if (configuration >= 0) H5Gclose(configuration);
    if (H5Lexists(group, "Accelerometer", H5P_DEFAULT) > 0)
        s->accel = H5Dopen2(group, "Accelerometer", H5P_DEFAULT);
    if (H5Lexists(group, "Gyroscope", H5P_DEFAULT) > 0)
        s->gyro = H5Dopen2(group, "Gyroscope", H5P_DEFAULT);
    hsize_t rows = s->accel >= 0 ? dataset_rows(s->accel, 3) : 0;
    hsize_t gyro_rows = s->gyro >= 0 ? dataset_rows(s->gyro, 3) : rows;
    if (rows > st->longest) st->longest = rows;
    if (gyro_rows > st->longest) st->longest = gyro_rows;
    if (gyro_rows < rows) rows = gyro_rows;
    int rc = 0;
    if (rows == 0)
        rc = gb_error_set(w->err, GB_E_FORMAT,
                          "%s: sensor %s (%s) has no Accelerometer of rows of X, Y, Z: the file "
                          "is damaged, or no APDM recording",
                          w->rec->path, name, s->label);
    else if (!(rate >= 1 && rate <= 10000))
        rc = gb_error_set(w->err, GB_E_FORMAT,
                          "%s: sensor %s (%s) gives no usable Sample Rate in its Configuration",
                          w->rec->path, name, s->label);
    else if (isfinite(w->rate_hz) && rate != w->rate_hz)
        rc = gb_error_set(w->err, GB_E_FORMAT,
                          "%s: its sensors sample at %g and %g Hz: export them at one rate",
                          w->rec->path, w->rate_hz, rate);
    if (rc == 0 && st->time < 0 && H5Lexists(group, "Time", H5P_DEFAULT) > 0) {
        st->time = H5Dopen2(group, "Time", H5P_DEFAULT);
        hsize_t time_rows = st->time >= 0 ? dataset_rows(st->time, 1) : rows;
        if (time_rows > st->longest) st->longest = time_rows;
        if (time_rows < rows) rows = time_rows;
    }
    H5Gclose(group);
    if (rc) {
        if (s->accel >= 0) H5Dclose(s->accel);
        if (s->gyro >= 0) H5Dclose(s->gyro);
        w->rc = rc;
        return -1;
    }
    w->rate_hz = rate;
    st->rows = st->sensor_count == 0 || rows < st->rows ? rows : st->rows;
    static const char *const kinds[2] = {"Accelerometer", "Gyroscope"};
    for (int k = 0; k < (s->gyro >= 0 ? 2 : 1); k++)
        for (int axis = 0; axis < 3; axis++) {
            int c = ri->channels++;
            snprintf(ri->channel_names[c], REC_NAME_MAX, "%s %s %c", s->label, kinds[k],
                     'X' + axis);
            dataset_unit(k == 0 ? s->accel : s->gyro, k == 0 ? "m/s2" : "rad/s",
                         ri->channel_units[c], REC_UNIT_MAX);
        }
    st->sensor_count++;
    return 0;
}

/* Rows [from, from + count) of a dataset of `columns` columns into out, as doubles. */
static int read_rows(hid_t dataset, hsize_t from, hsize_t count, int columns, double *out)
{
    hid_t file_space = H5Dget_space(dataset);
    int rank = file_space >= 0 ? H5Sget_simple_extent_ndims(file_space) : -1;
    hsize_t start[2] = {from, 0}, extent[2] = {count, (hsize_t)columns};
    hid_t memory_space = H5Screate_simple(rank, extent, NULL);
    int rc =
        file_space >= 0 && memory_space >= 0 &&
                H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, extent, NULL) >= 0 &&
                H5Dread(dataset, H5T_NATIVE_DOUBLE, memory_space, file_space, H5P_DEFAULT, out) >= 0
            ? 0
            : -1;
    if (memory_space >= 0) H5Sclose(memory_space);
    if (file_space >= 0) H5Sclose(file_space);
    return rc;
}

/* Times of rows [from, from + count), microseconds since 1970. */
static int read_times(apdm_state *st, hsize_t from, hsize_t count, double *out)
{
    return read_rows(st->time, from, count, 1, out);
}

/* The rows the sensor lost: each time step over APDM_STEP_GAP periods of rate_hz holds that many
 * rows less than it spans. Read through Time a block at a time; -1 when it cannot be read. */
static double lost_rows(apdm_state *st, double rate_hz)
{
    double period_us = 1e6 / rate_hz, lost = 0, before = NAN;
    for (hsize_t from = 0; from < st->rows; from += APDM_BLOCK) {
        hsize_t count = st->rows - from < APDM_BLOCK ? st->rows - from : APDM_BLOCK;
        if (read_times(st, from, count, st->times) != 0) return -1;
        for (hsize_t i = 0; i < count; i++) {
            double step = st->times[i] - before;
            if (step > APDM_STEP_GAP * period_us) lost += round(step / period_us) - 1;
            before = st->times[i];
        }
    }
    return lost;
}

static int apdm_open(recording *rec, const char *path, const recording_options *opt, gb_error *err)
{
    apdm_state *st = gb_calloc(1, sizeof *st, err);
    if (!st) return GB_E_NOMEM;
    rec->state = st;
    st->time = -1;
    st->max_gap_s = opt->max_gap_s;
    st->file = gb_h5_open(path, H5F_ACC_RDONLY);
    if (st->file < 0) return gb_error_set(err, GB_E_IO, "%s: cannot open as HDF5", path);
    if (!has_sensors(st->file))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: an HDF5 file without /Sensors: not an APDM recording (a "
                            "gaitbatch report?)",
                            path);
    hid_t sensors = H5Gopen2(st->file, "Sensors", H5P_DEFAULT);
    sensor_walk walk = {rec, st, err, 0, NAN};
    H5G_info_t group_info;
    if (sensors < 0 || H5Gget_info(sensors, &group_info) < 0) {
        if (sensors >= 0) H5Gclose(sensors);
        return gb_error_set(err, GB_E_FORMAT, "%s: /Sensors cannot be read", path);
    }
    /* the sensors in order of their names (the same by-index walk in HDF5 1.10 and 1.12) */
    for (hsize_t i = 0; i < group_info.nlinks && walk.rc == 0; i++) {
        char name[64];
        if (H5Lget_name_by_idx(sensors, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                               H5P_DEFAULT) > 0)
            add_sensor(sensors, name, &walk);
    }
    H5Gclose(sensors);
    if (walk.rc) return walk.rc;
    if (st->sensor_count == 0 || st->rows < 2)
        return gb_error_set(err, GB_E_FORMAT, "%s: /Sensors holds no sensor with samples", path);
    if (st->time < 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: no sensor has a Time dataset, which the rows are timed by: the "
                            "file is damaged",
                            path);
    double first, last;
    if (read_times(st, 0, 1, &first) != 0 || read_times(st, st->rows - 1, 1, &last) != 0 ||
        !(last > first))
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: its Time does not run forwards from the first row to the last: "
                            "the file is damaged",
                            path);
    double lost = lost_rows(st, walk.rate_hz);
    if (lost < 0)
        return gb_error_set(err, GB_E_FORMAT, "%s: its Time cannot be read: the file is damaged",
                            path);
    /* the rate over the rows the span held, those lost included */
    int how;
    st->start_s = first / 1e6;
    st->rate_hz = rec_stamped_rate((double)(st->rows - 1) + lost, (last - first) / 1e6,
                                   1.0 / walk.rate_hz, walk.rate_hz, &how);
    recording_info *ri = &rec->info;
    char rate_words[64];
    rec_rate_words(rate_words, sizeof rate_words, walk.rate_hz, st->rate_hz, how);
    snprintf(ri->format, sizeof ri->format, "APDM Opal HDF5, %d sensor%s, %.30s", st->sensor_count,
             st->sensor_count == 1 ? "" : "s", rate_words);
    int written = 0;
    for (int s = 0; s < st->sensor_count; s++) {
        int n = snprintf(ri->comment + written, sizeof ri->comment - (size_t)written, "%s%s",
                         s ? ", " : "sensors: ", st->sensors[s].label);
        if (n < 0 || (size_t)(written + n) >= sizeof ri->comment) break;
        written += n;
    }
    for (int s = 0; s < st->sensor_count && !ri->device[0]; s++)
        if (recording_worn_at_lower_back(st->sensors[s].label) > 0) {
            snprintf(ri->device, sizeof ri->device, "APDM");
            snprintf(ri->device_location, sizeof ri->device_location, "%s", st->sensors[s].label);
        }
    ri->sample_rate_hz = st->rate_hz;
    ri->frames = -1; /* gaps where the time steps say */
    ri->unread_frames = (int64_t)(st->longest - st->rows);
    rec_start_time(ri, st->start_s, 1);
    return 0;
}

/* The next rows up to a gap (a time step over APDM_STEP_GAP periods) or APDM_BLOCK, after the
 * gap before them: 1, 0 at the end. */
static int next_rows(recording *rec, gb_error *err)
{
    apdm_state *st = rec->state;
    if (st->next_row >= st->rows) return 0;
    hsize_t count = st->rows - st->next_row < APDM_BLOCK ? st->rows - st->next_row : APDM_BLOCK;
    char place[48];
    snprintf(place, sizeof place, "row %llu", (unsigned long long)st->next_row);
    if (read_times(st, st->next_row, count, st->times) != 0)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: %s: its Time cannot be read: the file is damaged", rec->path,
                            place);
    double period_us = 1e6 / st->rate_hz;
    for (hsize_t i = 1; i < count; i++)
        if (!(st->times[i] - st->times[i - 1] <= APDM_STEP_GAP * period_us)) {
            count = i; /* the rows after the step come after its gap, in the next block */
            break;
        }
    int rc = rec_block_queue_gap(rec, &st->queue, st->times[0] / 1e6, st->start_s, st->rate_hz,
                                 st->max_gap_s, place, err);
    if (rc) return rc;
    int channels = rec->info.channels, c = 0;
    for (int s = 0; s < st->sensor_count; s++) {
        const apdm_sensor *sensor = &st->sensors[s];
        hid_t kinds[2] = {sensor->accel, sensor->gyro};
        for (int k = 0; k < 2 && kinds[k] >= 0; k++, c += 3) {
            if (read_rows(kinds[k], st->next_row, count, 3, st->columns) != 0)
                return gb_error_set(err, GB_E_FORMAT,
                                    "%s: %s: the %s's samples cannot be read: the file is "
                                    "damaged",
                                    rec->path, place, sensor->label);
            for (hsize_t i = 0; i < count; i++)
                memcpy(st->samples + i * (size_t)channels + c, st->columns + 3 * i,
                       3 * sizeof *st->columns);
        }
    }
    st->next_row += count;
    st->queue.samples = st->samples;
    st->queue.count = (long)count;
    st->queue.next = 0;
    return 1;
}

static long apdm_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    apdm_state *st = rec->state;
    return rec_block_queue_read(rec, &st->queue, rec->info.channels, frames, max_frames, next_rows,
                                err);
}

static void apdm_close(recording *rec)
{
    apdm_state *st = rec->state;
    if (!st) return;
    for (int s = 0; s < st->sensor_count; s++) {
        if (st->sensors[s].accel >= 0) H5Dclose(st->sensors[s].accel);
        if (st->sensors[s].gyro >= 0) H5Dclose(st->sensors[s].gyro);
    }
    /* a sensor that failed to open is not counted: its datasets were closed there */
    if (st->time >= 0) H5Dclose(st->time);
    if (st->file >= 0) H5Fclose(st->file);
    free(st);
    rec->state = NULL;
}

const rec_backend rec_backend_apdm = {.name = "apdm",
                                      .extensions = apdm_extensions,
                                      .open = apdm_open,
                                      .read = apdm_read,
                                      .close = apdm_close,
                                      .claims = rec_apdm_claims};
