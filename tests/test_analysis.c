/* One recording end to end: simulator -> analysis -> HDF5 report, read back. */
#include <hdf5.h>
#include <hdf5_hl.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <jansson.h>
#include <math.h>

#include "../src/analysis/analysis.h"
#include "../src/common/session_time.h"
#include "../src/report/report.h"
#include "../src/report/report_private.h"
#include "../src/simulate/simulate.h"
#include "test_util.h"

static void simulate(const char *path, int running, double deficit, double noise, double rate)
{
    simulate_config config;
    simulate_config_default(&config);
    config.running = running;
    config.cadence_spm = running ? 172 : 108;
    config.duration_s = 90;
    config.sample_rate_hz = rate;
    config.pushoff_deficit_right = deficit;
    config.noise_N = noise;
    gb_error err = {0};
    assert_int_equal(simulate_write(&config, path, &err), 0);
}

static analysis_config settings(void)
{
    analysis_config config;
    analysis_config_default(&config);
    config.software_version = "test";
    config.created_unix = 1700000000;
    return config;
}

/* A table layout with more columns than a spec holds fails to write and to read, rather than
 * writing past its array (team.h5 reached the old limit of 40 columns). */
static void test_table_layout_past_its_limit_fails(void **state)
{
    (void)state;
    test_scratch("analysis_layout");
    static double row[MAX_FIELDS + 1];
    static char names[MAX_FIELDS + 1][16];
    table_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.name = "wide";
    spec.record_size = sizeof row;
    for (int i = 0; i <= MAX_FIELDS; i++) {
        snprintf(names[i], sizeof names[i], "c%d", i);
        add_field(&spec, names[i], (size_t)i * sizeof(double), FIELD_DOUBLE, 0, "1");
    }
    assert_int_equal(spec.count, MAX_FIELDS);
    hid_t file = H5Fcreate(test_path("wide.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_int_equal(write_table(file, &spec, row, 1), -1);
    assert_int_equal(H5Lexists(file, "wide", H5P_DEFAULT), 0);
    long records = 0;
    assert_int_equal(read_table(file, &spec, row, 1, &records), -1);
    H5Fclose(file);
}

/* A list of recordings not analysed whose table claims far more rows than its storage holds (a
 * damaged file) is refused as unreadable, before memory is sized by that claim: it was an
 * allocation of 2 TB, "out of memory" in the plain build and an abort under ASan. */
static void test_damaged_table_is_not_sized_by_its_claim(void **state)
{
    (void)state;
    test_scratch("analysis_claim");
    not_analysed_row left = {"in/cut.flac", "failed", "cut short"};
    gb_error err = {0};
    assert_int_equal(report_write_not_analysed(test_path("left.h5"), &left, 1, "0", 0, &err), 0);
    not_analysed_row *read = NULL;
    long count = 0;
    assert_int_equal(report_read_not_analysed(test_path("left.h5"), &read, &count, &err), 0);
    assert_int_equal(count, 1);
    assert_string_equal(read[0].reason, "cut short");
    free(read);
    hid_t file = H5Fopen(test_path("left.h5"), H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t table = H5Dopen2(file, "not_analysed", H5P_DEFAULT);
    hsize_t claimed = 1000000000; /* rows of 2 KB; none of them stored */
    assert_true(H5Dset_extent(table, &claimed) >= 0);
    H5Dclose(table);
    H5Fclose(file);
    read = NULL;
    assert_int_equal(report_read_not_analysed(test_path("left.h5"), &read, &count, &err),
                     GB_E_FORMAT);
    assert_non_null(strstr(err.message, "/not_analysed cannot be read"));
    assert_null(read);
}

/* Truth SI of push-off impulse from the simulator's truth CSV. */
static double truth_impulse_si(const char *truth_path)
{
    FILE *f = fopen(truth_path, "r");
    assert_non_null(f);
    char line[512];
    double sum[2] = {0, 0};
    int count[2] = {0, 0};
    assert_non_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        char side;
        double ic, to, heel, contact, peak, impulse;
        if (sscanf(line, "%c,%lf,%lf,%lf,%lf,%lf,%lf", &side, &ic, &to, &heel, &contact, &peak,
                   &impulse) == 7) {
            sum[side == 'R'] += impulse;
            count[side == 'R']++;
        }
    }
    fclose(f);
    double left = sum[0] / count[0], right = sum[1] / count[1];
    return (right - left) / (0.5 * (right + left)) * 100;
}

static void test_pushoff_deficit_reported_as_si(void **state)
{
    (void)state;
    test_scratch("analysis_si");
    simulate(test_path("run.flac"), 1, 0.10, 10, 500);
    analysis_config config = settings();
    analysis_result result;
    gb_error err = {0};
    assert_int_equal(
        analysis_run(&config, test_path("run.flac"), test_path("run.h5"), &result, &err), 0);
    double truth = truth_impulse_si(test_path("run.truth.csv"));
    print_message("push-off impulse SI %.2f %% (truth %.2f %%)\n", result.pushoff_impulse_si_pct,
                  truth);
    assert_float_equal(result.pushoff_impulse_si_pct, truth, 2.0);
    assert_float_equal(result.contact_time_si_pct, 0, 1.0);
    assert_string_equal(result.activity, "run");
    assert_float_equal(result.cadence_spm, 172, 2);

    report_overview overview;
    assert_int_equal(report_read_overview(test_path("run.h5"), &overview, &err), 0);
    assert_int_equal(overview.schema_version, REPORT_SCHEMA_VERSION);
    assert_string_equal(overview.status, "ok");
    assert_string_equal(overview.force_unit, "N");
    assert_string_equal(overview.created, "2023-11-14T22:13:20Z");
    assert_int_equal(strlen(overview.input_sha256), 64);
    assert_float_equal(overview.cadence_spectral_spm, 172, 3);
    assert_float_equal(overview.duration_s, 90, 1e-9);
    assert_false(test_file_exists(test_path("run.h5.tmp")));
}

static void test_report_columns_and_units(void **state)
{
    (void)state;
    test_scratch("analysis_units");
    simulate(test_path("walk.wav"), 0, 0, 0, 200);
    analysis_config config = settings();
    analysis_result result;
    gb_error err = {0};
    assert_int_equal(
        analysis_run(&config, test_path("walk.wav"), test_path("walk.h5"), &result, &err), 0);
    hid_t file = H5Fopen(test_path("walk.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    hsize_t fields, records;
    assert_true(H5TBget_table_info(file, "strides", &fields, &records) >= 0);
    assert_int_equal(records, result.strides);
    char names[32][255];
    char *name_pointers[32];
    for (int i = 0; i < 32; i++)
        name_pointers[i] = names[i];
    size_t sizes[32], offsets[32], record_size;
    assert_true(H5TBget_field_info(file, "strides", name_pointers, sizes, offsets, &record_size) >=
                0);
    const char *required[] = {"side",           "initial_contact_s",  "toe_off_s",
                              "contact_time_s", "swing_time_s",       "stride_time_s",
                              "step_time_s",    "flight_time_s",      "double_support_s",
                              "pushoff_peak_N", "pushoff_impulse_Ns", "valid"};
    for (size_t r = 0; r < sizeof required / sizeof required[0]; r++) {
        int found = 0;
        for (hsize_t i = 0; i < fields; i++)
            found |= strcmp(names[i], required[r]) == 0;
        if (!found) fail_msg("column %s missing from /strides", required[r]);
    }
    /* the units attribute has one entry per column: contact_time_s is column 3, in s */
    hid_t dataset = H5Dopen2(file, "strides", H5P_DEFAULT);
    hid_t attribute = H5Aopen(dataset, "units", H5P_DEFAULT);
    hid_t type = H5Aget_type(attribute);
    size_t width = H5Tget_size(type);
    char *units = calloc(fields, width);
    assert_true(H5Aread(attribute, type, units) >= 0);
    assert_string_equal(units + 3 * width, "s");
    assert_string_equal(units + 12 * width, "N*s"); /* pushoff_impulse_Ns */
    free(units);
    H5Tclose(type);
    H5Aclose(attribute);
    H5Dclose(dataset);
    double cutoff;
    assert_true(H5LTread_dataset_double(file, "/settings/lowpass_hz", &cutoff) >= 0);
    assert_float_equal(cutoff, 20, 0);
    char unit[16];
    assert_true(H5LTget_attribute_string(file, "/settings/lowpass_hz", "units", unit) >= 0);
    assert_string_equal(unit, "Hz");
    double origin = NAN;
    assert_true(H5LTget_attribute_double(file, "/", "time_origin_s", &origin) >= 0);
    assert_float_equal(origin, 0, 0); /* a WAV has no time column: times count from its start */
    char sides[32];
    assert_true(H5LTget_attribute_string(file, "/", "sides_from", sides) >= 0);
    assert_string_equal(sides, "channel map");
    char force_unit[16];
    assert_true(H5LTget_attribute_string(file, "/", "force_unit", force_unit) >= 0);
    assert_string_equal(force_unit, "N");
    H5Fclose(file);
    assert_string_equal(result.activity, "walk");
    /* a lower-back accelerometer has no force: its (NaN) force columns are in newtons as named,
     * not in its signal's g (before 0.9.1) */
    simulate_config sim;
    simulate_config_default(&sim);
    sim.sensor = SIMULATE_SACRUM_ACC;
    sim.duration_s = 30;
    sim.sample_rate_hz = 100;
    assert_int_equal(simulate_write(&sim, test_path("back.wav"), &err), 0);
    assert_int_equal(
        analysis_run(&config, test_path("back.wav"), test_path("back.h5"), &result, &err), 0);
    file = H5Fopen(test_path("back.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_true(H5LTget_attribute_string(file, "/", "force_unit", force_unit) >= 0);
    assert_string_equal(force_unit, "N");
    dataset = H5Dopen2(file, "strides", H5P_DEFAULT);
    attribute = H5Aopen(dataset, "units", H5P_DEFAULT);
    type = H5Aget_type(attribute);
    width = H5Tget_size(type);
    units = calloc(fields, width);
    assert_true(H5Aread(attribute, type, units) >= 0);
    assert_string_equal(units + 12 * width, "N*s"); /* pushoff_impulse_Ns */
    free(units);
    H5Tclose(type);
    H5Aclose(attribute);
    H5Dclose(dataset);
    H5Fclose(file);
}

/* Analyses a recording in the scratch folder into a report there with the tests' settings,
 * failing the test with the library's message on an error. */
static analysis_result analyse(const char *input, const char *report)
{
    analysis_config config = settings();
    analysis_result result;
    gb_error err = {0};
    if (analysis_run(&config, test_path(input), test_path(report), &result, &err) != 0)
        fail_msg("%s", err.message);
    return result;
}

static void read_strides(const char *report, stride_row **rows, long *count)
{
    gb_error err = {0};
    assert_int_equal(report_read_strides(report, rows, count, &err), 0);
}

/* Walking at 110 steps/min in bouts, seated between them, at 100 Hz with a little noise. */
static simulate_config walking_in_bouts(int sensor, double duration_s, double bout_s, double rest_s)
{
    simulate_config sim;
    simulate_config_default(&sim);
    sim.sensor = sensor;
    sim.running = 0;
    sim.cadence_spm = 110;
    sim.duration_s = duration_s;
    sim.sample_rate_hz = 100;
    sim.bout_s = bout_s;
    sim.rest_s = rest_s;
    sim.noise_N = 5;
    return sim;
}

/* Leaves `key` out of the channel map at path (written by the simulator). */
static void drop_map_key(const char *path, const char *key)
{
    json_t *map = json_load_file(path, 0, NULL);
    assert_non_null(map);
    assert_int_equal(json_object_del(map, key), 0);
    assert_int_equal(json_dump_file(map, path, JSON_INDENT(1)), 0);
    json_decref(map);
}

/* Leaves the shanks' gyroscopes out of the channel map at path: shank IMUs beside other sensors
 * become the tibial accelerometers of running studies (alone, the simulator writes those itself:
 * simulate_config.accel_only). */
static void drop_gyroscopes(const char *path)
{
    json_t *map = json_load_file(path, 0, NULL), *channels = json_object_get(map, "channels");
    assert_non_null(channels);
    for (size_t i = json_array_size(channels); i-- > 0;) {
        json_t *channel = json_array_get(channels, i);
        const char *quantity = json_string_value(json_object_get(channel, "quantity"));
        const char *placement = json_string_value(json_object_get(channel, "placement"));
        if (quantity && strcmp(quantity, "angular_velocity") == 0 && placement &&
            strcmp(placement, "shank") == 0)
            assert_int_equal(json_array_remove(channels, i), 0);
    }
    assert_int_equal(json_dump_file(map, path, JSON_INDENT(1)), 0);
    json_decref(map);
}

/* Copies a simulated text recording, emptying cells as a logger drops samples: one cell every 37
 * rows (its channel moving along), and a channel's cell in two rows running every 101 rows (runs
 * of 1 and 2 samples: at 100 Hz all bridged by default).
 * Returns the cells emptied. */
static long drop_cells(const char *from, const char *to)
{
    FILE *in = fopen(from, "r"), *out = fopen(to, "w");
    assert_true(in && out);
    char line[1024];
    long row = 0, dropped = 0;
    while (fgets(line, sizeof line, in)) {
        double t;
        if (sscanf(line, "%lf,", &t) != 1) { /* the header */
            fputs(line, out);
            continue;
        }
        int columns = 1;
        for (const char *p = line; *p; p++)
            columns += *p == ',';
        long in_hundred = row % 101; /* the pair at 50 and 51, singles kept clear of it */
        int pair = in_hundred == 50 || in_hundred == 51;
        int single = row % 37 == 0 && row > 0 && labs(in_hundred - 50) > 3;
        int empty = pair ? 2 : single ? 1 + (int)(row / 37) % (columns - 1) : 0;
        char *cell = line;
        for (int c = 0; c < empty; c++)
            cell = strchr(cell, ',') + 1;
        if (empty) { /* the cell up to the next comma or the line's end is left out */
            char *end = cell + strcspn(cell, ",\n");
            memmove(cell, end, strlen(end) + 1);
            dropped++;
        }
        fputs(line, out);
        row++;
    }
    fclose(in);
    fclose(out);
    return dropped;
}

/* Settings beyond their ranges are refused, naming the option and the range, before anything
 * is read: the defaults pass; a 1e-300 s segment, a 1e300 s window, a 1e-300 Hz low-pass, a
 * threshold of 2, a block of 0 frames and a bridged gap of 1 s do not, nor does a NaN window
 * (NaN stands for the preset's value only where there is one). */
static void test_settings_out_of_range(void **state)
{
    (void)state;
    analysis_config config;
    analysis_config_default(&config);
    gb_error err = {0};
    assert_int_equal(analysis_check_settings(&config, &err), 0);
    const struct {
        size_t offset;
        double value;
        const char *message;
    } cases[] = {
        {offsetof(analysis_config, segment_s), 1e-300, "--segment 1e-300 s: give 1 to 604800 s"},
        {offsetof(analysis_config, threshold_window_s), 1e300,
         "--window 1e+300 s: give 0.01 to 60 s"},
        {offsetof(analysis_config, threshold_window_s), NAN, "--window nan s"},
        {offsetof(analysis_config, lowpass_hz), 1e-300,
         "--lowpass 1e-300 Hz: give 0.1 to 1e+06 Hz"},
        {offsetof(analysis_config, threshold_fraction), 2, "--threshold 2: give 0 to 1"},
        {offsetof(analysis_config, bridge_gap_s), 1, "stand in for steps"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        analysis_config_default(&config);
        memcpy((char *)&config + cases[k].offset, &cases[k].value, sizeof(double));
        assert_int_equal(analysis_check_settings(&config, &err), GB_E_ARG);
        assert_non_null(strstr(err.message, cases[k].message));
        gb_error_clear(&err);
    }
    analysis_config_default(&config);
    config.block_frames = 0;
    assert_int_equal(analysis_check_settings(&config, &err), GB_E_ARG);
    assert_non_null(strstr(err.message, "block size 0: give 1 to 1048576 frames"));
    gb_error_clear(&err);
    /* and analysis_run refuses them as well, before opening the input */
    analysis_config_default(&config);
    config.segment_s = 1e-300;
    analysis_result result;
    assert_int_equal(analysis_run(&config, "no/such/file.flac", "x.h5", &result, &err), GB_E_ARG);
    gb_error_clear(&err);
}

/* Insoles, a lower-back accelerometer walking in bouts with its trunk pitch against the standing
 * window, the same turned with no forward axis (forward learnt), foot IMUs walking (stride
 * lengths), the same with dropped samples bridged, insoles with gaps left (strides across them
 * invalid), and foot IMUs running beside a lower-back IMU (stride lengths by brief stances, the
 * trunk's travel and pitch taken from the lower back), and tibial accelerometers running: the
 * same strides and pitch figures whatever the block size and threads. */
static void test_block_size_does_not_change_the_report(void **state)
{
    (void)state;
    test_scratch("analysis_blocks");
    simulate(test_path("r.flac"), 1, 0.05, 15, 200);
    simulate_config sim = walking_in_bouts(SIMULATE_SACRUM_ACC, 120, 20, 30);
    sim.lean_deg = 3;
    gb_error err = {0};
    assert_int_equal(simulate_write(&sim, test_path("back.wav"), &err), 0);
    /* and without standing_s, standing found next to gait (ticks of 0.1 s across blocks) */
    assert_int_equal(simulate_write(&sim, test_path("found.wav"), &err), 0);
    drop_map_key(test_path("found.json"), "standing_s");
    /* no forward axis: forward is learnt, the first steps wait for it, and each stride's pitch is
     * read once the axis nearest it is known (30 deg beside it: near enough) */
    sim.yaw_deg = 30;
    assert_int_equal(simulate_write(&sim, test_path("turned.wav"), &err), 0);
    sim = walking_in_bouts(SIMULATE_FOOT, 60, 0, 0);
    assert_int_equal(simulate_write(&sim, test_path("feet.wav"), &err), 0);
    /* and dropped samples, bridged whichever blocks their runs fall across */
    assert_int_equal(simulate_write(&sim, test_path("whole.csv"), &err), 0);
    assert_true(drop_cells(test_path("whole.csv"), test_path("dropped.csv")) > 100);
    assert_int_equal(rename(test_path("whole.json"), test_path("dropped.json")), 0);
    /* and gaps too long to bridge (0.2 s, rows left out), whose strides are invalid */
    sim = walking_in_bouts(SIMULATE_INSOLE, 90, 0, 0);
    sim.dropouts_per_min = 6;
    assert_int_equal(simulate_write(&sim, test_path("gaps.csv"), &err), 0);
    simulate_config_default(&sim);
    sim.sensor = SIMULATE_FOOT;
    sim.with_sacrum = 1;
    sim.duration_s = 60;
    sim.noise_N = 5;
    assert_int_equal(simulate_write(&sim, test_path("legs.wav"), &err), 0);
    sim.with_insoles = 1; /* and insoles beside both: three chains */
    assert_int_equal(simulate_write(&sim, test_path("three.wav"), &err), 0);
    sim.with_insoles = 0;
    sim.with_shanks = 1; /* or shoe and shank IMUs beside the lower back: a full-body set */
    assert_int_equal(simulate_write(&sim, test_path("body.wav"), &err), 0);
    sim.with_insoles = 1; /* and insoles beside it: four chains */
    assert_int_equal(simulate_write(&sim, test_path("four.wav"), &err), 0);
    simulate_config_default(&sim); /* tibial accelerometers: impacts from the magnitude */
    sim.sensor = SIMULATE_SHANK;
    sim.accel_only = 1;
    sim.duration_s = 40;
    sim.sample_rate_hz = 500;
    assert_int_equal(simulate_write(&sim, test_path("tibia.wav"), &err), 0);
    const char *inputs[] = {"r.flac",      "back.wav", "turned.wav", "feet.wav",
                            "dropped.csv", "gaps.csv", "found.wav",  "legs.wav",
                            "three.wav",   "body.wav", "four.wav",   "tibia.wav"};
    for (int input = 0; input < 12; input++) {
        analysis_config config = settings();
        analysis_result result;
        stride_row *reference, *other;
        long reference_count, other_count;
        report_overview *first = calloc(1, sizeof *first), *again = calloc(1, sizeof *again);
        assert_true(first && again);
        if (analysis_run(&config, test_path(inputs[input]), test_path("a.h5"), &result, &err))
            fail_msg("%s", err.message);
        read_strides(test_path("a.h5"), &reference, &reference_count);
        assert_int_equal(report_read_overview(test_path("a.h5"), first, &err), 0);
        assert_true(reference_count > (input ? 90 : 200));
        const long blocks[] = {1, 7, 1000, 4096};
        for (size_t k = 0; k < 4; k++) { /* and on one thread as well as two */
            config.block_frames = blocks[k];
            config.threads = k % 2 ? 1 : 2;
            assert_int_equal(
                analysis_run(&config, test_path(inputs[input]), test_path("b.h5"), &result, &err),
                0);
            read_strides(test_path("b.h5"), &other, &other_count);
            assert_int_equal(other_count, reference_count);
            assert_memory_equal(other, reference, sizeof(stride_row) * (size_t)reference_count);
            assert_int_equal(report_read_overview(test_path("b.h5"), again, &err), 0);
            assert_memory_equal(&again->trunk_pitch_deg, &first->trunk_pitch_deg, sizeof(double));
            assert_memory_equal(&again->trunk_pitch_standing_deg, &first->trunk_pitch_standing_deg,
                                sizeof(double));
            assert_memory_equal(&again->trunk_pitch_standing_found_s,
                                &first->trunk_pitch_standing_found_s, sizeof(double));
            assert_memory_equal(&again->trunk_pitch_standing_deg, &first->trunk_pitch_standing_deg,
                                sizeof(double));
            free(other);
        }
        if (input == 1) assert_float_equal(first->trunk_pitch_above_standing_deg, 3, 0.5);
        if (input >= 7 && input <= 10) { /* nearly every stride has the three, and shocks */
            long full = 0;
            for (long i = 0; i < reference_count; i++)
                full += isfinite(reference[i].stride_length_m) &&
                        isfinite(reference[i].vertical_ratio) &&
                        isfinite(reference[i].trunk_pitch_deg) &&
                        (input < 9 || isfinite(reference[i].peak_tibial_acceleration_g));
            assert_true(full >= reference_count - 8);
        }
        if (input == 2) {
            assert_string_equal(first->sides_from, "trunk sway (learnt)");
            long pitched = 0, valid = 0;
            for (long i = 0; i < reference_count; i++) {
                valid += reference[i].valid;
                pitched += reference[i].valid && isfinite(reference[i].trunk_pitch_deg);
            }
            assert_true(valid > 90 && pitched == valid);
        }
        if (input == 3 || input == 4) assert_float_equal(reference[10].stride_length_m, 1.40, 0.02);
        long across = 0;
        for (long i = 0; i < reference_count; i++)
            across += strcmp(reference[i].invalid_reason, "spans a gap") == 0;
        if (input == 5) assert_true(across >= 5); /* 9 gaps */
        if (input < 5) assert_int_equal(across, 0);
        free(reference);
        free(first);
        free(again);
    }
}

static void test_long_stride_table_is_written_whole_and_in_order(void **state)
{
    (void)state;
    test_scratch("analysis_long");
    simulate_config sim;
    simulate_config_default(&sim);
    sim.duration_s = 1900; /* about 5400 strides: more than one 4096-row chunk */
    sim.sample_rate_hz = 100;
    gb_error err = {0};
    assert_int_equal(simulate_write(&sim, test_path("long.flac"), &err), 0);
    analysis_config config = settings();
    analysis_result result;
    assert_int_equal(
        analysis_run(&config, test_path("long.flac"), test_path("long.h5"), &result, &err), 0);
    assert_true(result.strides > 4096);
    stride_row *rows;
    long count;
    read_strides(test_path("long.h5"), &rows, &count);
    assert_int_equal(count, result.strides);
    for (long i = 1; i < count; i++)
        assert_true(rows[i].initial_contact_s >= rows[i - 1].initial_contact_s);
    assert_true(rows[count - 1].initial_contact_s > 1890 - 2);
    assert_float_equal(rows[4100].contact_time_s, 0.25, 0.005); /* a row of the second chunk */
    free(rows);
    /* the rows fill their two chunks evenly: storage for under one more row each, where chunks of
     * 4096 rows left most of the second empty */
    hid_t file = H5Fopen(test_path("long.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t strides = H5Dopen2(file, "strides", H5P_DEFAULT);
    hid_t type = H5Dget_type(strides);
    hsize_t stored = H5Dget_storage_size(strides), record = H5Tget_size(type);
    assert_true(stored >= (hsize_t)count * record && stored < (hsize_t)(count + 2) * record);
    H5Tclose(type);
    H5Dclose(strides);
    H5Fclose(file);
}

/* A lower-back IMU strapped on at a tilt: gravity spread over the axes; each step a vertical
 * acceleration pulse (0.4 g) at its initial contact, and a yaw rate whose sign alternates by side.
 */
static void test_sacrum_imu_steps_whatever_the_mounting(void **state)
{
    (void)state;
    test_scratch("analysis_sacrum");
    const double rate = 100, step = 0.55, tilt = 0.5; /* rad, about the y axis */
    FILE *f = fopen(test_path("back.csv"), "w");
    fprintf(f, "t_s,ax,ay,az,gx,gy,gz\n");
    for (int i = 0; i < (int)(60 * rate); i++) {
        double t = i / rate, vertical = 0, yaw = 0;
        for (int k = 0; k < 120; k++) {
            double ic = 2 + k * step;
            vertical += 0.4 * exp(-0.5 * pow((t - ic - 0.03) / 0.03, 2)); /* steepest at ic */
            if (t >= ic && t < ic + step) /* negative at left contacts, positive at right ones */
                yaw = (k % 2 ? 20 : -20) * cos(M_PI * (t - ic) / step);
        }
        /* sensor frame: the vertical (1 g + pulses) and yaw axes tipped by `tilt` about y */
        double up = 1 + vertical;
        fprintf(f, "%.2f,%.6f,%.6f,%.6f,%.4f,%.4f,%.4f\n", t, up * cos(tilt), 0.01, up * sin(tilt),
                yaw * cos(tilt), 0.0, yaw * sin(tilt));
    }
    fclose(f);
    test_write_file(test_path("back.json"),
                    "{\"time_column\": 0, \"channels\": ["
                    "{\"index\": 0, \"side\": \"left\", \"quantity\": \"acceleration\", \"axis\": "
                    "\"x\", \"placement\": \"sacrum\", \"unit\": \"g\"},"
                    "{\"index\": 1, \"side\": \"left\", \"quantity\": \"acceleration\", \"axis\": "
                    "\"y\", \"placement\": \"sacrum\", \"unit\": \"g\"},"
                    "{\"index\": 2, \"side\": \"left\", \"quantity\": \"acceleration\", \"axis\": "
                    "\"z\", \"placement\": \"sacrum\", \"unit\": \"g\"},"
                    "{\"index\": 3, \"side\": \"left\", \"quantity\": \"angular_velocity\", "
                    "\"axis\": \"x\", \"placement\": \"sacrum\", \"unit\": \"deg/s\"},"
                    "{\"index\": 4, \"side\": \"left\", \"quantity\": \"angular_velocity\", "
                    "\"axis\": \"y\", \"placement\": \"sacrum\", \"unit\": \"deg/s\"},"
                    "{\"index\": 5, \"side\": \"left\", \"quantity\": \"angular_velocity\", "
                    "\"axis\": \"z\", \"placement\": \"sacrum\", \"unit\": \"deg/s\"}]}");
    analysis_config config = settings();
    analysis_result result;
    gb_error err = {0};
    if (analysis_run(&config, test_path("back.csv"), test_path("back.h5"), &result, &err) != 0)
        fail_msg("%s", err.message);
    assert_float_equal(result.cadence_spm, 60 / step, 1.0);
    /* no braking and push-off in these steps: forward cannot be learnt, the yaw rate decides */
    report_overview *o = calloc(1, sizeof *o);
    assert_non_null(o);
    assert_int_equal(report_read_overview(test_path("back.h5"), o, &err), 0);
    assert_string_equal(o->sides_from, "trunk yaw rate");
    free(o);
    stride_row *rows;
    long count;
    read_strides(test_path("back.h5"), &rows, &count);
    assert_true(count > 90);
    for (long i = 0; i < count; i++) {
        double k = (rows[i].initial_contact_s - 2) / step;
        assert_float_equal(k, round(k), 0.012 / step); /* within 12 ms of the contact */
        /* steps 0, 2, 4 ... start with negative yaw: left */
        assert_int_equal(rows[i].side[0], (long)round(k) % 2 ? 'R' : 'L');
        /* (the first contact ends no step) */
        if (rows[i].initial_contact_s > 2 + step / 2)
            assert_float_equal(rows[i].step_time_s, step, 0.012);
        else
            assert_true(isnan(rows[i].step_time_s));
        /* no second peak after the steps' pulses: no final contact, rather than a guess */
        assert_true(isnan(rows[i].contact_time_s));
    }
    free(rows);
}

/* Truth initial contacts of a simulated recording (its .truth.csv), up to max; with toe_off, its
 * toe-offs too. */
static long truth_events(const char *path, double *ic, double *toe_off, long max)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    long n = 0;
    double off;
    assert_non_null(fgets(line, sizeof line, f));
    while (n < max && fgets(line, sizeof line, f))
        if (sscanf(line, "%*c,%lf,%lf", &ic[n], &off) == 2) {
            if (toe_off) toe_off[n] = off;
            n++;
        }
    fclose(f);
    return n;
}

static long truth_contacts(const char *path, double *ic, long max)
{
    return truth_events(path, ic, NULL, max);
}

/* The truth contact (of n) nearest the time t. */
static long nearest_truth(const double *ic, long n, double t)
{
    long nearest = 0;
    for (long j = 1; j < n; j++)
        if (fabs(ic[j] - t) < fabs(ic[nearest] - t)) nearest = j;
    return nearest;
}

/* A lower-back accelerometer walking: each step's final contact is the second, smaller peak of
 * the vertical acceleration after the next step's loading peak (detect.h), which the simulator
 * draws at each toe-off that ends a double support. At 90 and 110 steps/min, at 50 and 100 Hz,
 * nearly every stride has its toe-off, within 10 ms of the truth (median), so contact times come
 * out as the simulator's 1.24 steps and the walk has double support and no flight. At 130
 * steps/min the second peak merges into the loading peak's tail: most toe-offs are left NaN
 * rather than guessed, and those given are still right. */
static void test_sacrum_walking_final_contacts(void **state)
{
    (void)state;
    test_scratch("analysis_sacrum_final");
    static const struct {
        double cadence_spm, rate_hz, min_share;
    } cases[] = {{90, 50, 0.95}, {110, 50, 0.85}, {110, 100, 0.85}, {130, 100, 0.0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        simulate_config sim = walking_in_bouts(SIMULATE_SACRUM_ACC, 60, 0, 0);
        sim.cadence_spm = cases[c].cadence_spm;
        sim.sample_rate_hz = cases[c].rate_hz;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("walk.wav"), &err), 0);
        static double truth_ic[256], truth_off[256];
        long truths = truth_events(test_path("walk.truth.csv"), truth_ic, truth_off, 256);
        analysis_result result = analyse("walk.wav", "walk.h5");
        assert_string_equal(result.activity, "walk");
        stride_row *rows;
        long count, found = 0;
        double errors[256], contact_times[256];
        read_strides(test_path("walk.h5"), &rows, &count);
        assert_true(count > 80 && count < 256);
        for (long i = 0; i < count; i++) {
            if (isnan(rows[i].toe_off_s)) continue;
            /* the truth contact this stride starts at */
            long nearest = nearest_truth(truth_ic, truths, rows[i].initial_contact_s);
            contact_times[found] = rows[i].contact_time_s;
            errors[found++] = fabs(rows[i].toe_off_s - truth_off[nearest]);
            /* NaN where the other foot's toe-off before it is */
            assert_false(rows[i].double_support_s <= 0 || rows[i].flight_time_s > 0);
        }
        double step_s = 60 / cases[c].cadence_spm, median = NAN, contact = NAN;
        if (found) {
            gsl_sort(errors, 1, (size_t)found);
            gsl_sort(contact_times, 1, (size_t)found);
            median = gsl_stats_median_from_sorted_data(errors, 1, (size_t)found);
            contact = gsl_stats_median_from_sorted_data(contact_times, 1, (size_t)found);
        }
        print_message("sacrum walking, %.0f steps/min at %.0f Hz: %ld of %ld strides with a "
                      "toe-off, median |error| %.1f ms\n",
                      cases[c].cadence_spm, cases[c].rate_hz, found, count, 1000 * median);
        if (cases[c].min_share > 0) {
            assert_true(found >= cases[c].min_share * (double)count);
            assert_float_equal(contact, 1.24 * step_s, 0.010);
        } else {
            assert_true(found < 0.5 * (double)count);
        }
        assert_true(median <= 0.010);
        free(rows);
    }
}

/* The same walk as text with rows left out (time gaps of 0.1-0.4 s, every 4 s): a step lost in a
 * gap must not hand its final contact to the step before it (which would then read a stance of
 * two steps), so every toe-off given is within 10 ms of its own contact's truth. */
static void test_sacrum_final_contacts_beside_gaps(void **state)
{
    (void)state;
    test_scratch("analysis_sacrum_gaps");
    simulate_config sim = walking_in_bouts(SIMULATE_SACRUM_ACC, 120, 0, 0);
    sim.cadence_spm = 105;
    gb_error err = {0};
    assert_int_equal(simulate_write(&sim, test_path("whole.csv"), &err), 0);
    FILE *in = fopen(test_path("whole.csv"), "r"), *out = fopen(test_path("gaps.csv"), "w");
    assert_true(in && out);
    char line[512];
    double t;
    while (fgets(line, sizeof line, in)) { /* header lines kept; rows in a gap left out */
        int row = sscanf(line, "%lf,", &t) == 1;
        double into = fmod(t, 4.0), gap = 0.1 + 0.1 * fmod(floor(t / 4.0), 4.0);
        if (!row || !(t > 2 && into >= 2 && into < 2 + gap)) fputs(line, out);
    }
    fclose(in);
    fclose(out);
    assert_int_equal(rename(test_path("whole.json"), test_path("gaps.json")), 0); /* its map */
    static double truth_ic[256], truth_off[256];
    long truths = truth_events(test_path("whole.truth.csv"), truth_ic, truth_off, 256);
    analyse("gaps.csv", "gaps.h5");
    stride_row *rows;
    long count, given = 0;
    read_strides(test_path("gaps.h5"), &rows, &count);
    assert_true(count > 150);
    long pitched = 0;
    for (long i = 0; i < count; i++) {
        /* a step over a gap has no pitch (it once read 90 deg: NaN clamped to a sine of 1) */
        assert_false(fabs(rows[i].trunk_pitch_deg) > 45);
        pitched += isfinite(rows[i].trunk_pitch_deg);
        if (isnan(rows[i].toe_off_s)) continue;
        long nearest = nearest_truth(truth_ic, truths, rows[i].initial_contact_s);
        if (fabs(rows[i].toe_off_s - truth_off[nearest]) > 0.010)
            fail_msg("stride at %.3f s: toe-off %.3f s, truth %.3f s", rows[i].initial_contact_s,
                     rows[i].toe_off_s, truth_off[nearest]);
        given++;
    }
    print_message("sacrum walking with gaps: %ld of %ld strides with a toe-off\n", given, count);
    assert_true(given > 0.7 * (double)count);
    assert_true(pitched > 0.7 * (double)count);
    free(rows);
}

/* A day's worth of structure in 6 minutes: 1 min walking bouts, 2 min seated between. A sacrum and
 * a shank sensor find the bouts' steps (within 50 ms) and nothing while the walker sits. */
static void test_steps_only_in_walking_bouts(void **state)
{
    (void)state;
    test_scratch("analysis_bouts");
    const int sensors[] = {SIMULATE_SACRUM_ACC, SIMULATE_SHANK};
    for (int k = 0; k < 2; k++) {
        simulate_config sim = walking_in_bouts(sensors[k], 360, 60, 120);
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("day.wav"), &err), 0);
        static double truth[1024];
        long truths = truth_contacts(test_path("day.truth.csv"), truth, 1024);
        assert_true(truths > 200 && truths < 240); /* two bouts of about 110 steps */
        for (long i = 0; i < truths; i++)          /* bouts from 1 s and 181 s, 60 s each */
            assert_true((truth[i] >= 1 && truth[i] < 61) || (truth[i] >= 181 && truth[i] < 241));
        analyse("day.wav", "day.h5");
        stride_row *rows;
        long count, found = 0;
        read_strides(test_path("day.h5"), &rows, &count);
        for (long i = 0; i < count; i++) {
            double t = rows[i].initial_contact_s;
            assert_true((t > 0.9 && t < 61.5) || (t > 180.9 && t < 241.5)); /* none seated */
        }
        for (long j = 0; j < truths; j++)
            for (long i = 0; i < count; i++)
                if (fabs(rows[i].initial_contact_s - truth[j]) < 0.05 ||
                    fabs(rows[i].initial_contact_s + rows[i].stride_time_s - truth[j]) < 0.05) {
                    found++;
                    break;
                }
        print_message("bouts, %s: %ld of %ld steps found\n", k ? "shank" : "sacrum", found, truths);
        assert_true(found >= 0.95 * (double)truths);
        free(rows);
        /* /bouts: the two walks, 1-61 s and 181-241 s, at 110 steps/min. A shank sees a contact
         * after the leg's swing, so the first step from standing (no swing before it) is missed */
        bout_row *bouts;
        long bout_count;
        double first_step = k ? 1.2 : 0.2;
        assert_int_equal(report_read_bouts(test_path("day.h5"), &bouts, &bout_count, &err), 0);
        assert_int_equal(bout_count, 2);
        for (long b = 0; b < 2; b++) {
            assert_true(bouts[b].start_s > 0.9 + 180 * b &&
                        bouts[b].start_s < 1 + 180 * b + first_step);
            assert_float_equal(bouts[b].end_s, 61 + 180 * b, 1.0);
            assert_true(bouts[b].steps >= 105 && bouts[b].steps <= 112);
            assert_float_equal(bouts[b].cadence_spm, 110, 2);
        }
        free(bouts);
    }
}

/* A lower-back sensor tilted 20 degrees forward in walking bouts of 20 s, seated 40 s between them
 * with the trunk leaning 30 degrees back: the trunk pitch is measured in gait only, per stride and
 * overall, so the seated two thirds of the recording (its mean pitch about 0 degrees) do not pull
 * it down. With a gyroscope the gravity direction turns with the trunk at once; without one it
 * follows in 2 s, so a bout's first step, 3 s after standing up, reads a few degrees low. */
static void test_trunk_pitch_in_gait_only(void **state)
{
    (void)state;
    test_scratch("analysis_pitch");
    /* with a gyroscope, without, and without turned by 10 deg: no forward axis in the map, the
     * pitch read along the z axis, nearest the forward learnt from the steps, which tilts by
     * asin(sin 20 deg cos 10 deg) = 19.70 deg, the recording's and each stride's (since 0.9.1:
     * before, the strides had none) */
    const int sensors[] = {SIMULATE_SACRUM, SIMULATE_SACRUM_ACC, SIMULATE_SACRUM_ACC};
    const double expected[] = {20, 20, 19.70};
    for (int k = 0; k < 3; k++) {
        simulate_config sim = walking_in_bouts(sensors[k], 300, 20, 40);
        sim.yaw_deg = k == 2 ? 10 : 0;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("pitch.wav"), &err), 0);
        analyse("pitch.wav", "pitch.h5");
        stride_row *rows;
        long count, with_pitch = 0;
        read_strides(test_path("pitch.h5"), &rows, &count);
        for (long i = 0; i < count; i++) {
            if (!rows[i].valid) continue;
            /* a bout's first contact ends no step, so it has no step's pitch */
            if (isnan(rows[i].step_time_s) && isnan(rows[i].trunk_pitch_deg)) continue;
            assert_float_equal(rows[i].trunk_pitch_deg, expected[k], k ? 4.5 : 0.5);
            with_pitch++;
        }
        assert_true(with_pitch > 150); /* five bouts of about 18 valid strides a side */
        free(rows);
        report_overview *o = calloc(1, sizeof *o);
        assert_non_null(o);
        assert_int_equal(report_read_overview(test_path("pitch.h5"), o, &err), 0);
        print_message("trunk pitch in gait, %s: %.2f deg along %s\n",
                      k == 2 ? "accelerometer, forward learnt"
                      : k    ? "accelerometer"
                             : "with gyroscope",
                      o->trunk_pitch_deg, o->trunk_pitch_axis);
        assert_float_equal(o->trunk_pitch_deg, expected[k], 0.5);
        assert_string_equal(o->trunk_pitch_axis, "z");
        assert_int_equal(o->trunk_pitch_learnt, k == 2);
        /* the simulated map's standing_s, the first 0.9 s: upright as in gait (no --lean) */
        assert_float_equal(o->trunk_pitch_standing_deg, expected[k], 0.2);
        assert_float_equal(o->trunk_pitch_above_standing_deg, 0, 0.5);
        const side_summary *left = &o->summary[MEASURE_TRUNK_PITCH];
        assert_string_equal(left->measure, "trunk_pitch_deg");
        assert_string_equal(left->unit, "deg");
        assert_float_equal(left->median, expected[k], 0.5);
        free(o);
    }
}

/* Running with the trunk 5 degrees further forward than when standing: the pitch in gait is 25
 * degrees, 5 above the map's standing window (the first 0.9 s, standing still). A standing window
 * that falls in the run measures a moving trunk and gives no reference (NaN, with a warning). */
static void test_trunk_pitch_above_standing(void **state)
{
    (void)state;
    test_scratch("analysis_standing");
    simulate_config sim;
    simulate_config_default(&sim);
    sim.sensor = SIMULATE_SACRUM_ACC;
    sim.duration_s = 60;
    sim.sample_rate_hz = 100;
    sim.noise_N = 5;
    sim.lean_deg = 5;
    gb_error err = {0};
    assert_int_equal(simulate_write(&sim, test_path("lean.wav"), &err), 0);
    for (int moving = 0; moving < 2; moving++) {
        analysis_config config = settings();
        channel_map map;
        if (moving) { /* the same map with standing_s [10, 20]: mid-run */
            assert_int_equal(channel_map_load(test_path("lean.json"), &map, NULL, &err), 0);
            map.standing_start_s = 10;
            map.standing_end_s = 20;
            char json[8192];
            channel_map_to_json(&map, 0, json, sizeof json);
            FILE *f = fopen(test_path("moving.json"), "w");
            assert_non_null(f);
            fputs(json, f);
            fclose(f);
            config.map_path = test_path("moving.json");
        }
        analysis_result result;
        if (analysis_run(&config, test_path("lean.wav"), test_path("lean.h5"), &result, &err))
            fail_msg("%s", err.message);
        report_overview *o = calloc(1, sizeof *o);
        assert_non_null(o);
        assert_int_equal(report_read_overview(test_path("lean.h5"), o, &err), 0);
        print_message("lean 5 deg, standing_s %s: gait %.2f, standing %.2f, above %.2f deg\n",
                      moving ? "mid-run" : "first 0.9 s", o->trunk_pitch_deg,
                      o->trunk_pitch_standing_deg, o->trunk_pitch_above_standing_deg);
        assert_float_equal(o->trunk_pitch_deg, 25, 0.5);
        assert_true(isnan(o->trunk_pitch_standing_found_s)); /* the map's, not looked for */
        if (moving) {
            assert_true(isnan(o->trunk_pitch_standing_deg));
            assert_true(isnan(o->trunk_pitch_above_standing_deg));
        } else {
            assert_float_equal(o->trunk_pitch_standing_deg, 20, 0.2);
            assert_float_equal(o->trunk_pitch_above_standing_deg, 5, 0.5);
        }
        free(o);
    }
}

/* The simulated trunk's vertical travel over a running step (the simulator's stance is Morin's
 * half-sine): it falls dy = g step t_c / (2 pi) - g t_c^2 / 8 in stance and rises g t_f^2 / 8 in
 * flight. */
static double running_trunk_travel(double step_s, double contact_s)
{
    double g = 9.80665, flight_s = step_s - contact_s;
    return g * step_s * contact_s / (2 * M_PI) - g * contact_s * contact_s / 8 +
           g * flight_s * flight_s / 8;
}

/* Since 0.12.0 the strides of insoles or shoe IMUs take the tibial shock of shank IMUs beside
 * them (both.h5 of test_second_sensor_beside_the_first), as the shanks' own strides have it:
 * nearly every valid stride, median 9 +- 1 g running as with the shanks alone
 * (test_shank_running_contact_flight_and_shock), 4 +- 1 g walking (a 3 g shock); without shanks
 * no stride has one. */
static void tibial_shock_beside(int shanks, int walking)
{
    stride_row *rows;
    long count, valid = 0, shocked = 0;
    read_strides(test_path("both.h5"), &rows, &count);
    double shock[512];
    for (long i = 0; i < count; i++) {
        valid += rows[i].valid;
        if (rows[i].valid && isfinite(rows[i].peak_tibial_acceleration_g) && shocked < 512)
            shock[shocked++] = rows[i].peak_tibial_acceleration_g;
    }
    free(rows);
    if (!shanks) {
        assert_int_equal(shocked, 0);
        return;
    }
    assert_true(shocked >= 0.95 * (double)valid);
    gsl_sort(shock, 1, (size_t)shocked);
    double median = gsl_stats_median_from_sorted_data(shock, 1, (size_t)shocked);
    print_message("  tibial shock: %ld of %ld valid strides, median %.1f g\n", shocked, valid,
                  median);
    assert_float_equal(median, walking ? 4.0 : 9.0, 1.0);
}

/* Since 0.10.0 the strides of insoles or leg IMUs take the trunk's vertical travel and pitch from
 * the lower-back IMU beside them (both.h5 of test_second_sensor_beside_the_first): nearly every
 * valid stride has them, the pitch within 1 degree of the simulated 20, the travel in running
 * within 5 mm of the simulated one (170 steps/min, 0.25 s contacts: 74.1 mm); beside shoe IMUs
 * each stride with a length has the vertical ratio it gives. */
static void trunk_travel_beside(int walking, int shoes)
{
    stride_row *rows;
    long count, valid = 0, travelled = 0, ratios = 0, pitched = 0;
    read_strides(test_path("both.h5"), &rows, &count);
    double travel[512];
    for (long i = 0; i < count; i++) {
        if (!rows[i].valid) continue;
        valid++;
        if (isfinite(rows[i].vertical_oscillation_m) && travelled < 512)
            travel[travelled++] = rows[i].vertical_oscillation_m;
        if (isfinite(rows[i].trunk_pitch_deg)) {
            assert_float_equal(rows[i].trunk_pitch_deg, 20, 1);
            pitched++;
        }
        if (!shoes || !isfinite(rows[i].stride_length_m)) continue;
        assert_float_equal(rows[i].vertical_ratio,
                           rows[i].vertical_oscillation_m / (rows[i].stride_length_m / 2), 1e-12);
        ratios++;
    }
    free(rows);
    assert_true(travelled >= 0.9 * (double)valid);
    assert_true(pitched >= 0.9 * (double)valid);
    assert_true(!shoes || ratios > 100);
    gsl_sort(travel, 1, (size_t)travelled);
    double median = gsl_stats_median_from_sorted_data(travel, 1, (size_t)travelled);
    print_message("  trunk travel beside: %ld of %ld valid strides, median %.1f mm\n", travelled,
                  valid, 1000 * median);
    if (!walking) assert_float_equal(median, running_trunk_travel(60 / 170.0, 0.25), 0.005);
}

/* Simulated running seen from the sacrum (160-190 steps/min): contact and flight times within
 * 30 ms (median), sides right for >= 95 % of steps (the issue's targets for a sacrum sensor). The
 * sides come from the trunk's sideways push (the map gives forward_axis), with a gyroscope at 160
 * and 190 steps/min and without one at 175. */
static void test_sacrum_running_contact_and_flight(void **state)
{
    (void)state;
    test_scratch("analysis_sacrum_run");
    const double cadences[] = {160, 175, 190};
    for (int k = 0; k < 3; k++) {
        simulate_config sim;
        simulate_config_default(&sim);
        sim.sensor = k == 1 ? SIMULATE_SACRUM_ACC : SIMULATE_SACRUM;
        sim.cadence_spm = cadences[k];
        sim.contact_time_s = 0.24;
        sim.duration_s = 90;
        sim.sample_rate_hz = 100;
        sim.noise_N = 15; /* 0.015 g */
        sim.tilt_deg = 12;
        sim.seed = 5 + (unsigned long)k;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("run.wav"), &err), 0);
        analysis_result result = analyse("run.wav", "run.h5");
        assert_string_equal(result.activity, "run");
        report_overview *o = calloc(1, sizeof *o);
        assert_non_null(o);
        assert_int_equal(report_read_overview(test_path("run.h5"), o, &err), 0);
        /* the spectrum sees every step (up to 5 Hz here): its cadence agrees with the steps' */
        assert_float_equal(o->cadence_spectral_spm, cadences[k], 0.02 * cadences[k]);
        free(o);
        stride_row *rows;
        long count;
        read_strides(test_path("run.h5"), &rows, &count);
        /* truth: every contact lasts 0.24 s; a step is 60 / cadence; flight = step - contact */
        double step = 60.0 / cadences[k], contact_errors[1024], flight_errors[1024];
        double oscillations[1024];
        long n = 0, sides_right = 0, oscillation_count = 0;
        FILE *f = fopen(test_path("run.truth.csv"), "r");
        char line[256];
        double truth_ic[1024];
        char truth_side[1024];
        long truths = 0;
        assert_non_null(fgets(line, sizeof line, f));
        while (truths < 1024 && fgets(line, sizeof line, f))
            if (sscanf(line, "%c,%lf", &truth_side[truths], &truth_ic[truths]) == 2) truths++;
        fclose(f);
        for (long i = 0; i < count && n < 1024; i++) {
            if (!rows[i].valid || isnan(rows[i].flight_time_s)) continue;
            contact_errors[n] = fabs(rows[i].contact_time_s - 0.24);
            flight_errors[n++] = fabs(rows[i].flight_time_s - (step - 0.24));
            if (isfinite(rows[i].vertical_oscillation_m))
                oscillations[oscillation_count++] = rows[i].vertical_oscillation_m;
            for (long t = 0; t < truths; t++)
                if (fabs(truth_ic[t] - rows[i].initial_contact_s) < 0.05)
                    sides_right += truth_side[t] == rows[i].side[0];
        }
        assert_true(n > 100);
        gsl_sort(contact_errors, 1, (size_t)n);
        gsl_sort(flight_errors, 1, (size_t)n);
        double contact = gsl_stats_median_from_sorted_data(contact_errors, 1, (size_t)n);
        double flight = gsl_stats_median_from_sorted_data(flight_errors, 1, (size_t)n);
        print_message(
            "sacrum running %.0f steps/min: contact %.1f ms, flight %.1f ms, sides %.1f %%\n",
            cadences[k], 1000 * contact, 1000 * flight, 100.0 * sides_right / n);
        assert_true(contact <= 0.030);
        assert_true(flight <= 0.030);
        assert_true(sides_right >= 0.95 * n);
        /* (175 steps/min: 57.8 + 13.0 = 70.8 mm); the median step within 5 mm of that */
        double expected = running_trunk_travel(step, 0.24);
        assert_true(oscillation_count > 100);
        gsl_sort(oscillations, 1, (size_t)oscillation_count);
        double oscillation =
            gsl_stats_median_from_sorted_data(oscillations, 1, (size_t)oscillation_count);
        print_message("  vertical oscillation %.1f mm, expected %.1f mm\n", 1000 * oscillation,
                      1000 * expected);
        assert_true(fabs(oscillation - expected) <= 0.005);
        free(rows);
    }
}

/* Running seen from the sacrum at the slowest rates loggers use (20 and 25 Hz), 190 steps/min: a
 * step is 6 or 8 samples, and the search for a stance's rise reaches back past the step before.
 * Each stance starts at its own rise: before, the first rise in the search was taken, and one
 * stance in four or five ran on from the last step's start (0.58 s "contacts", sides doubled). */
static void test_sacrum_running_at_low_rates(void **state)
{
    (void)state;
    test_scratch("analysis_sacrum_run_slow");
    const double rates[] = {20, 25};
    for (int k = 0; k < 2; k++) {
        simulate_config sim;
        simulate_config_default(&sim);
        sim.sensor = SIMULATE_SACRUM_ACC;
        sim.cadence_spm = 190;
        sim.contact_time_s = 0.25;
        sim.duration_s = 60;
        sim.sample_rate_hz = rates[k];
        sim.noise_N = 5;
        sim.seed = 5;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("run.wav"), &err), 0);
        analysis_result result = analyse("run.wav", "run.h5");
        assert_string_equal(result.activity, "run");
        stride_row *rows;
        long count, valid = 0, longest = 0;
        read_strides(test_path("run.h5"), &rows, &count);
        double errors[1024];
        for (long i = 0; i < count && valid < 1024; i++) {
            if (rows[i].contact_time_s > 0.4) longest++;
            if (rows[i].valid) errors[valid++] = fabs(rows[i].contact_time_s - 0.25);
        }
        gsl_sort(errors, 1, (size_t)valid);
        double median = gsl_stats_median_from_sorted_data(errors, 1, (size_t)valid);
        print_message("sacrum running at %.0f Hz: %ld of %ld strides valid, contact time median "
                      "error %.1f ms, %ld over 0.4 s\n",
                      rates[k], valid, count, 1000 * median, longest);
        assert_true(count >= 180); /* 190 steps a minute, less the edges */
        assert_int_equal(longest, 0);
        assert_true(valid >= 0.95 * count);
        assert_true(median <= 0.030);
        free(rows);
    }
}

/* A lower-back accelerometer turned about its up axis, so that no axis points forward, and a map
 * without forward_axis: forward is learnt from the steps' braking and push-off, walking and
 * running, and every step's side is right but perhaps the recording's first, the first few
 * (held back until forward is known) too. The trunk pitch (20 deg) is read along the axis nearest
 * forward when that lies within 35 deg of it: sin(pitch) cos(turn) of the axis's own tilt. */
static void test_sacrum_sides_without_a_forward_axis(void **state)
{
    (void)state;
    test_scratch("analysis_sacrum_learnt");
    const struct {
        int running;
        double yaw_deg;
        const char *nearest_axis; /* forward is (0, sin yaw, cos yaw) in the sensor's axes */
    } cases[] = {{1, 40, "z"}, {1, -140, "-z"}, {0, 100, "y"}, {0, -25, "z"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        simulate_config sim;
        simulate_config_default(&sim);
        sim.sensor = SIMULATE_SACRUM_ACC;
        sim.running = cases[k].running;
        sim.cadence_spm = cases[k].running ? 170 : 110;
        sim.yaw_deg = cases[k].yaw_deg;
        sim.duration_s = 60;
        sim.sample_rate_hz = 50;
        sim.noise_N = 10;
        sim.seed = 21 + k;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("turned.wav"), &err), 0);
        analyse("turned.wav", "turned.h5");
        report_overview *o = calloc(1, sizeof *o);
        assert_non_null(o);
        assert_int_equal(report_read_overview(test_path("turned.h5"), o, &err), 0);
        assert_string_equal(o->sides_from, "trunk sway (learnt)");
        /* the nearest axis, off by the turn and the 20 degree tilt (and a few for the steps) */
        assert_string_equal(o->forward_learnt, cases[k].nearest_axis);
        double turn = fmod(fabs(cases[k].yaw_deg), 90.0);
        double beside = fmin(turn, 90 - turn) * M_PI / 180;
        print_message("  trunk pitch %.2f deg along %s (learnt %d)\n", o->trunk_pitch_deg,
                      o->trunk_pitch_axis, o->trunk_pitch_learnt);
        if (beside > 35 * M_PI / 180) {
            assert_true(isnan(o->trunk_pitch_deg));
            assert_string_equal(o->trunk_pitch_axis, "");
            assert_int_equal(o->trunk_pitch_learnt, 0);
        } else {
            double pitch = asin(sin(20 * M_PI / 180) * cos(beside)) * 180 / M_PI;
            assert_float_equal(o->trunk_pitch_deg, pitch, 0.5);
            assert_string_equal(o->trunk_pitch_axis, cases[k].nearest_axis);
            assert_int_equal(o->trunk_pitch_learnt, 1);
        }
        double expected = acos(cos(fmin(turn, 90 - turn) * M_PI / 180) * cos(20 * M_PI / 180));
        print_message("  nearest %s, %.1f deg off (turn and tilt: %.1f)\n", o->forward_learnt,
                      o->forward_learnt_off_deg, expected * 180 / M_PI);
        assert_float_equal(o->forward_learnt_off_deg, expected * 180 / M_PI, 2);
        free(o);
        static double truth[1024];
        static char truth_side[1024];
        FILE *f = fopen(test_path("turned.truth.csv"), "r");
        assert_non_null(f);
        char line[256];
        long truths = 0;
        assert_non_null(fgets(line, sizeof line, f));
        while (truths < 1024 && fgets(line, sizeof line, f))
            if (sscanf(line, "%c,%lf", &truth_side[truths], &truth[truths]) == 2) truths++;
        fclose(f);
        stride_row *rows;
        long count, matched = 0, sides_right = 0;
        read_strides(test_path("turned.h5"), &rows, &count);
        for (long i = 0; i < count; i++)
            for (long t = 0; t < truths; t++)
                if (fabs(truth[t] - rows[i].initial_contact_s) < 0.05) {
                    matched++;
                    sides_right += truth_side[t] == rows[i].side[0];
                }
        print_message("turned %+.0f deg, %s: %ld of %ld steps' sides right\n", cases[k].yaw_deg,
                      cases[k].running ? "running" : "walking", sides_right, matched);
        assert_true(matched > 0.9 * (double)count && count > 80);
        /* the very first step may miss: the walker stood still before it (as with an axis) */
        assert_true(sides_right >= matched - 1);
        free(rows);
    }
}

/* A map whose forward_axis points backwards (the sensor turned round, the map not) or sideways:
 * the steps' braking and push-off disagree with it, or point across it, which the report records
 * and a warning says; the right axis, with its sign ("-z"), agrees and gives every step's side. */
typedef struct axis_warnings {
    int backwards, sideways;
} axis_warnings;

static void count_warning(void *ctx, const char *message)
{
    axis_warnings *seen = ctx;
    seen->backwards += strstr(message, "seems to point backwards") != NULL;
    seen->sideways += strstr(message, "seems to point sideways") != NULL;
}

static void test_map_forward_axis_checked_against_the_steps(void **state)
{
    (void)state;
    test_scratch("analysis_forward_check");
    /* the simulated sensor turned round: its z points backwards, y to the left, x up */
    static const struct {
        const char *axis;
        double off_deg; /* from the map's axis to forward, towards its right */
    } maps[] = {{"-z", 0}, {"z", 180}, {"y", 90}, {"-y", -90}};
    for (int running = 0; running < 2; running++)
        for (size_t m = 0; m < sizeof maps / sizeof maps[0]; m++) {
            simulate_config sim;
            simulate_config_default(&sim);
            sim.sensor = SIMULATE_SACRUM_ACC;
            sim.running = running;
            sim.cadence_spm = running ? 170 : 110;
            sim.yaw_deg = 180; /* z points backwards */
            sim.duration_s = 40;
            sim.sample_rate_hz = 50;
            sim.noise_N = 10;
            sim.seed = 31 + (unsigned long)running;
            gb_error err = {0};
            assert_int_equal(simulate_write(&sim, test_path("back.wav"), &err), 0);
            char json[2048];
            FILE *f = fopen(test_path("back.json"), "r");
            assert_non_null(f);
            size_t n = fread(json, 1, sizeof json - 1, f);
            fclose(f);
            json[n] = '\0';
            char *brace = strchr(json, '{');
            char map[2200];
            snprintf(map, sizeof map, "{\"forward_axis\": \"%s\",%s", maps[m].axis, brace + 1);
            test_write_file(test_path("back.json"), map);
            analysis_config config = settings();
            axis_warnings warnings = {0, 0};
            config.warner.fn = count_warning;
            config.warner.ctx = &warnings;
            analysis_result result;
            if (analysis_run(&config, test_path("back.wav"), test_path("back.h5"), &result, &err))
                fail_msg("%s", err.message);
            report_overview *o = calloc(1, sizeof *o);
            assert_non_null(o);
            assert_int_equal(report_read_overview(test_path("back.h5"), o, &err), 0);
            print_message("%s, forward_axis %s: %ld steps checked, %.0f %% agree, forward %.1f "
                          "deg off, nearest %s\n",
                          running ? "running" : "walking", maps[m].axis, o->forward_check_steps,
                          100 * o->forward_check_agreeing, o->forward_check_off_deg,
                          o->forward_learnt);
            assert_true(o->forward_check_steps > 40);
            /* the angle, wrapped into [-180, 180) around the expected one */
            double off = remainder(o->forward_check_off_deg - maps[m].off_deg, 360);
            assert_true(fabs(off) < 10);
            assert_string_equal(o->forward_learnt, "-z");
            int reversed = maps[m].off_deg == 180, sideways = fabs(maps[m].off_deg) == 90;
            assert_int_equal(
                detect_forward_axis_reversed(o->forward_check_steps, o->forward_check_agreeing),
                reversed);
            assert_int_equal(
                detect_forward_axis_sideways(o->forward_check_steps, o->forward_check_off_deg),
                sideways);
            if (reversed) assert_true(o->forward_check_agreeing < 0.1);
            if (maps[m].off_deg == 0) assert_true(o->forward_check_agreeing > 0.9);
            assert_int_equal(warnings.backwards, reversed);
            assert_int_equal(warnings.sideways, sideways);
            free(o);
        }
}

/* Simulated running with shank sensors (160-190 steps/min): contact and flight times within 15 ms
 * (median; the issue's target for a shank sensor), the tibial shock found. */
static void test_shank_running_contact_flight_and_shock(void **state)
{
    (void)state;
    test_scratch("analysis_shank");
    const double cadences[] = {160, 190};
    for (int k = 0; k < 2; k++) {
        simulate_config sim;
        simulate_config_default(&sim);
        sim.sensor = SIMULATE_SHANK;
        sim.cadence_spm = cadences[k];
        sim.contact_time_s = 0.24;
        sim.duration_s = 60;
        sim.sample_rate_hz = 500;
        sim.noise_N = 20;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("shank.csv"), &err), 0);
        analyse("shank.csv", "shank.h5");
        stride_row *rows;
        long count;
        read_strides(test_path("shank.h5"), &rows, &count);
        double step = 60.0 / cadences[k], contact[512], flight[512], shock[512];
        long n = 0;
        for (long i = 0; i < count && n < 512; i++) {
            if (!rows[i].valid || isnan(rows[i].flight_time_s)) continue;
            contact[n] = fabs(rows[i].contact_time_s - 0.24);
            flight[n] = fabs(rows[i].flight_time_s - (step - 0.24));
            shock[n++] = rows[i].peak_tibial_acceleration_g;
        }
        assert_true(n > 50);
        gsl_sort(contact, 1, (size_t)n);
        gsl_sort(flight, 1, (size_t)n);
        gsl_sort(shock, 1, (size_t)n);
        double c = gsl_stats_median_from_sorted_data(contact, 1, (size_t)n);
        double f = gsl_stats_median_from_sorted_data(flight, 1, (size_t)n);
        double g = gsl_stats_median_from_sorted_data(shock, 1, (size_t)n);
        print_message(
            "shank running %.0f steps/min: contact %.1f ms, flight %.1f ms, shock %.1f g\n",
            cadences[k], 1000 * c, 1000 * f, g);
        assert_true(c <= 0.015 && f <= 0.015);
        assert_float_equal(g, 9.0, 1.0); /* 1 g + an 8 g shock, a little lowered by the low-pass */
        free(rows);
    }
}

/* Tibial accelerometers (shank sensors without their gyroscopes), walking at 100 Hz with varied
 * steps and noise and running at 500 Hz, the map's activity left out: every initial contact
 * (past the first second of gait) found where its impact starts, within one sample at 100 Hz and
 * 5 ms at 500 Hz (the 50 Hz low-pass spreads the sharp onset 2-4 ms earlier), their median
 * within 5 ms, and nothing else found; no toe-offs, so no contact or flight times; the shock's
 * height; and the activity from the cadence, unless the map gives one. A shock past the sensor's
 * range reads the rail, the contacts timed as before. */
static void test_shank_accelerometers_alone(void **state)
{
    (void)state;
    test_scratch("analysis_tibia");
    for (int running = 0; running <= 1; running++) {
        simulate_config sim;
        simulate_config_default(&sim);
        sim.sensor = SIMULATE_SHANK;
        sim.accel_only = 1;
        sim.running = running;
        sim.cadence_spm = running ? 175 : 110;
        sim.stride_cv = running ? 0.015 : 0.05;
        sim.sample_rate_hz = running ? 500 : 100;
        sim.noise_N = 30;
        sim.duration_s = 60;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("tibia.csv"), &err), 0);
        drop_map_key(test_path("tibia.json"), "activity");
        analysis_result result = analyse("tibia.csv", "tibia.h5");
        assert_string_equal(result.activity, running ? "run" : "walk");
        stride_row *rows;
        long count;
        read_strides(test_path("tibia.h5"), &rows, &count);
        double ic[256], errors[256], largest = 0, shock = 0;
        long truths = truth_contacts(test_path("tibia.truth.csv"), ic, 256), n = 0;
        for (long i = 0; i < count; i++) {
            assert_true(isnan(rows[i].toe_off_s) && isnan(rows[i].contact_time_s) &&
                        isnan(rows[i].flight_time_s));
            long t = nearest_truth(ic, truths, rows[i].initial_contact_s);
            errors[n] = rows[i].initial_contact_s - ic[t];
            largest = fmax(largest, fabs(errors[n]));
            shock += rows[i].peak_tibial_acceleration_g;
            n++;
        }
        long expected = 0; /* the truth's contacts with a stride after them */
        for (long t = 0; t < truths; t++)
            expected += ic[t] >= 2.0 && ic[t] < sim.duration_s - 2.5;
        gsl_sort(errors, 1, (size_t)n);
        double median = gsl_stats_median_from_sorted_data(errors, 1, (size_t)n);
        print_message("tibial accelerometers %s: %ld strides (%ld truth), initial contact median "
                      "%+.1f ms, largest %.1f ms, shock %.2f g\n",
                      running ? "running" : "walking", n, expected, 1000 * median, 1000 * largest,
                      shock / (double)n);
        assert_true(n >= expected && n <= truths);
        assert_true(fabs(median) <= 0.005 && largest <= (running ? 0.005 : 0.010));
        /* 1 g and the shock (8 g running, 3 g walking), a little lowered by the low-pass */
        assert_float_equal(shock / (double)n, running ? 9.0 : 4.0, 0.5);
        free(rows);
        if (!running) continue;
        /* the map's activity decides over the cadence */
        json_t *map = json_load_file(test_path("tibia.json"), 0, NULL);
        assert_non_null(map);
        json_object_set_new(map, "activity", json_string("walk"));
        assert_int_equal(json_dump_file(map, test_path("tibia.json"), JSON_INDENT(1)), 0);
        json_decref(map);
        assert_string_equal(analyse("tibia.csv", "declared.h5").activity, "walk");
    }
    /* a sensor whose range (6 g) the shock passes: the impacts still start where they did, and
     * the shock reads the rail */
    simulate_config sim;
    simulate_config_default(&sim);
    sim.sensor = SIMULATE_SHANK;
    sim.accel_only = 1;
    sim.sample_rate_hz = 500;
    sim.accel_range_g = 6;
    sim.duration_s = 30;
    gb_error err = {0};
    assert_int_equal(simulate_write(&sim, test_path("clipped.csv"), &err), 0);
    analyse("clipped.csv", "clipped.h5");
    stride_row *rows;
    long count;
    read_strides(test_path("clipped.h5"), &rows, &count);
    double ic[128];
    long truths = truth_contacts(test_path("clipped.truth.csv"), ic, 128);
    assert_true(count >= truths - 6);
    for (long i = 0; i < count; i++) {
        long t = nearest_truth(ic, truths, rows[i].initial_contact_s);
        assert_true(fabs(rows[i].initial_contact_s - ic[t]) <= 0.005);
        assert_true(rows[i].peak_tibial_acceleration_g > 5.99); /* the rail, a hair low-passed */
        assert_true(rows[i].peak_tibial_acceleration_g <= 6.0 + 1e-9);
    }
    free(rows);
}

/* A slow walk seen from the shanks, 50 and 60 steps/min: toe-off and initial contact lie half a
 * swing (0.38-0.46 s) from the mid-swing peak, past the fixed 0.35 s search of before 0.17.0,
 * whose edge was then taken for them (IC 32 ms, TO 29 ms off at 60). Every stride past each
 * leg's first (whose initial contact comes before any stride is known) now has both within 25 ms
 * of the truth, the toe-off's median within 2 ms. */
static void test_shank_slow_walk(void **state)
{
    (void)state;
    test_scratch("analysis_shank_slow");
    const double cadences[] = {50, 60};
    for (int k = 0; k < 2; k++) {
        simulate_config sim = walking_in_bouts(SIMULATE_SHANK, 60, 0, 0);
        sim.cadence_spm = cadences[k];
        sim.seed = 5;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("slow.csv"), &err), 0);
        analyse("slow.csv", "slow.h5");
        stride_row *rows;
        long count, n = 0;
        read_strides(test_path("slow.h5"), &rows, &count);
        double ic[128], toe_off[128], ic_errors[128], to_errors[128], largest = 0;
        long truths = truth_events(test_path("slow.truth.csv"), ic, toe_off, 128);
        for (long i = 0; i < count; i++) {
            long t = nearest_truth(ic, truths, rows[i].initial_contact_s);
            if (t < 4 || fabs(ic[t] - rows[i].initial_contact_s) > 0.5) continue;
            ic_errors[n] = fabs(rows[i].initial_contact_s - ic[t]);
            to_errors[n] = fabs(rows[i].toe_off_s - toe_off[t]);
            largest = fmax(largest, fmax(ic_errors[n], to_errors[n]));
            n++;
        }
        gsl_sort(to_errors, 1, (size_t)n);
        double to_median = gsl_stats_median_from_sorted_data(to_errors, 1, (size_t)n);
        print_message("shank walking %.0f steps/min: %ld strides, toe-off median %.1f ms, largest "
                      "error %.1f ms\n",
                      cadences[k], n, 1000 * to_median, 1000 * largest);
        assert_true(n >= 0.9 * (truths - 4));
        assert_true(to_median <= 0.002);
        assert_true(largest <= 0.025);
        free(rows);
    }
}

/* A sensor's contacts beside the first one's (report_agreement): its name, nearly every contact
 * paired, and the median of each event's differences within tolerance_s. */
static void agrees(const report_overview *o, const report_agreement *c, const char *sensor,
                   double tolerance_s)
{
    assert_string_equal(c->sensor, sensor);
    for (int e = 0; e < COMPARE_EVENTS; e++) {
        const event_agreement *a = &c->agreement[e];
        print_message("%s beside the %s: %s %lld of %lld matched, median %+.1f ms\n", c->sensor,
                      o->sensor_preset, a->event, (long long)a->matched,
                      (long long)a->reference_events, 1000 * a->median_difference_s);
        assert_true(a->matched >= 0.95 * (double)a->reference_events);
        assert_true(fabs(a->median_difference_s) <= tolerance_s);
    }
}

/* Two sensors in one recording: insoles with an IMU, or leg IMUs (shanks or feet) with a lower-back
 * IMU (issue 3's example), or shoe IMUs with shank IMUs (since 0.12.0, as full-body sets are worn).
 * The first makes the strides; the second's events are set beside them. Three too, insoles or
 * shoe IMUs, leg IMUs and a lower-back IMU (as Mobilise-D's INDIP system, or a full-body set, is
 * worn): the legs' events beside the first's, and the lower back's trunk pitch and travel in each
 * stride. Shanks give every stride its tibial shock, whichever sensor makes it.
 * Simulated running, where both see the same contacts: nearly every contact pairs, the medians of
 * the differences are small (within 10 ms beside insoles; each leg and lower-back sensor is within
 * 10 ms of the truth, so the two within 15 ms of each other), the sides agree, and a lower-back
 * sensor gives the trunk pitch (20 degrees simulated). Walking too, for a lower-back sensor beside
 * insoles: its toe-offs are its final contacts (detect.h). */
static void test_second_sensor_beside_the_first(void **state)
{
    (void)state;
    test_scratch("analysis_companion");
    static const struct {
        int sensor, with_insoles, with_sacrum, with_shanks;
        const char *reference, *beside;
        double tolerance_s;
        int walking;
    } cases[] = {
        {SIMULATE_SHANK, 1, 0, 0, "calibrated force", "shank IMU", 0.010, 0},
        {SIMULATE_SACRUM, 1, 0, 0, "calibrated force", "lower-back IMU", 0.010, 0},
        {SIMULATE_FOOT, 1, 0, 0, "calibrated force", "foot gyroscope", 0.010, 0},
        {SIMULATE_SHANK, 0, 1, 0, "shank IMU", "lower-back IMU", 0.015, 0},
        {SIMULATE_FOOT, 0, 1, 0, "foot gyroscope", "lower-back IMU", 0.015, 0},
        {SIMULATE_SACRUM, 1, 0, 0, "calibrated force", "lower-back IMU", 0.010, 1},
        {SIMULATE_FOOT, 1, 1, 0, "calibrated force", "foot gyroscope", 0.010, 0},
        {SIMULATE_SHANK, 1, 1, 0, "calibrated force", "shank IMU", 0.010, 0},
        {SIMULATE_FOOT, 1, 1, 0, "calibrated force", "foot gyroscope", 0.010, 1},
        {SIMULATE_FOOT, 0, 0, 1, "foot gyroscope", "shank IMU", 0.015, 0},
        {SIMULATE_FOOT, 0, 1, 1, "foot gyroscope", "shank IMU", 0.015, 0},
        {SIMULATE_FOOT, 0, 1, 1, "foot gyroscope", "shank IMU", 0.015, 1},
        {SIMULATE_FOOT, 1, 0, 1, "calibrated force", "foot gyroscope", 0.010, 0},
        {SIMULATE_FOOT, 1, 1, 1, "calibrated force", "foot gyroscope", 0.010, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        simulate_config sim;
        simulate_config_default(&sim);
        sim.sensor = cases[k].sensor;
        sim.with_insoles = cases[k].with_insoles;
        sim.with_sacrum = cases[k].with_sacrum;
        sim.with_shanks = cases[k].with_shanks;
        sim.running = !cases[k].walking;
        sim.cadence_spm = cases[k].walking ? 110 : sim.cadence_spm;
        sim.duration_s = 60;
        sim.sample_rate_hz = 500;
        sim.noise_N = 10;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("both.wav"), &err), 0);
        analysis_result result = analyse("both.wav", "both.h5");
        report_overview *o = calloc(1, sizeof *o);
        assert_non_null(o);
        assert_int_equal(report_read_overview(test_path("both.h5"), o, &err), 0);
        assert_string_equal(o->sensor_preset, cases[k].reference);
        const report_agreement *imu = report_find_comparison(o, "imu");
        assert_non_null(imu);
        assert_true(result.valid_strides > (cases[k].walking ? 100 : 150)); /* 60 s: 110, 170 */
        agrees(o, imu, cases[k].beside, cases[k].tolerance_s);
        /* walking, the first step may miss: the walker stood still before it */
        assert_true(imu->agreement[COMPARE_INITIAL_CONTACT].sides_agree >=
                    imu->agreement[COMPARE_INITIAL_CONTACT].matched - cases[k].walking);
        tibial_shock_beside(cases[k].sensor == SIMULATE_SHANK || cases[k].with_shanks,
                            cases[k].walking);
        if (strcmp(cases[k].beside, "lower-back IMU") == 0 || cases[k].with_sacrum) {
            assert_float_equal(o->trunk_pitch_deg, 20, 1);
            trunk_travel_beside(cases[k].walking, cases[k].sensor == SIMULATE_FOOT);
        }
        /* all three: the lower back's contacts against the first's too, as beside them alone */
        const report_agreement *trunk = report_find_comparison(o, "trunk");
        assert_int_equal(trunk != NULL,
                         (cases[k].with_insoles || cases[k].with_shanks) && cases[k].with_sacrum);
        if (trunk) agrees(o, trunk, "lower-back IMU", cases[k].tolerance_s);
        /* four, since 0.12.0: shanks beside insoles and shoe IMUs, their contacts too */
        const report_agreement *shanks = report_find_comparison(o, "shank");
        assert_int_equal(shanks != NULL, cases[k].with_insoles && cases[k].with_shanks);
        if (shanks) agrees(o, shanks, "shank IMU", cases[k].tolerance_s);
        free(o);
    }
}

/* Tibial accelerometers (the simulated shanks' gyroscopes left out) beside insoles and beside shoe
 * IMUs lend each stride their shock, and their initial contacts are set beside the first sensor's
 * (within 10 ms: theirs start 2-3 ms early), their toe-offs "not given"; before a lower-back IMU
 * they make the strides themselves, and its contacts are set beside them. Running at 170
 * steps/min, 500 Hz. */
static void test_tibial_accelerometers_beside_others(void **state)
{
    (void)state;
    test_scratch("analysis_tibia_beside");
    static const struct {
        int with_insoles, feet, with_sacrum;
        const char *reference, *beside, *comparison;
    } cases[] = {
        {1, 0, 0, "calibrated force", "shank accelerometer", "imu"},
        {0, 1, 0, "foot gyroscope", "shank accelerometer", "imu"},
        {1, 1, 0, "calibrated force", "shank accelerometer", "shank"},
        {0, 0, 1, "shank accelerometer", "lower-back IMU", "imu"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        simulate_config sim;
        simulate_config_default(&sim);
        sim.sensor = cases[k].feet ? SIMULATE_FOOT : SIMULATE_SHANK;
        sim.with_shanks = cases[k].feet;
        sim.with_insoles = cases[k].with_insoles;
        sim.with_sacrum = cases[k].with_sacrum;
        sim.duration_s = 60;
        sim.sample_rate_hz = 500;
        sim.noise_N = 10;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("both.wav"), &err), 0);
        drop_gyroscopes(test_path("both.json"));
        analysis_result result = analyse("both.wav", "both.h5");
        assert_true(result.valid_strides > 150);
        report_overview *o = calloc(1, sizeof *o);
        assert_non_null(o);
        assert_int_equal(report_read_overview(test_path("both.h5"), o, &err), 0);
        assert_string_equal(o->sensor_preset, cases[k].reference);
        const report_agreement *c = report_find_comparison(o, cases[k].comparison);
        assert_non_null(c);
        assert_string_equal(c->sensor, cases[k].beside);
        const event_agreement *ic = &c->agreement[COMPARE_INITIAL_CONTACT];
        const event_agreement *off = &c->agreement[COMPARE_TOE_OFF];
        print_message("%s beside the %s: initial contact %lld of %lld matched, median %+.1f ms; "
                      "toe-off %lld matched\n",
                      c->sensor, o->sensor_preset, (long long)ic->matched,
                      (long long)ic->reference_events, 1000 * ic->median_difference_s,
                      (long long)off->matched);
        assert_true(ic->matched >= 0.95 * (double)ic->reference_events);
        assert_true(fabs(ic->median_difference_s) <= 0.010);
        assert_int_equal(off->matched, 0); /* the tibial accelerometers give none */
        tibial_shock_beside(1, 0);
        free(o);
    }
}

/* Simulated shoe IMUs with noise (walking at 110 steps/min, running at 170) into feet.wav in the
 * scratch folder; returns the truth's contacts, their initial contacts (and toe-offs) into ic
 * (and toe_off, when given). */
static long simulate_feet(int running, double duration_s, double *ic, double *toe_off, long max)
{
    simulate_config sim;
    simulate_config_default(&sim);
    sim.sensor = SIMULATE_FOOT;
    sim.running = running;
    sim.cadence_spm = running ? 170 : 110;
    sim.duration_s = duration_s;
    sim.noise_N = 5;
    gb_error err = {0};
    assert_int_equal(simulate_write(&sim, test_path("feet.wav"), &err), 0);
    return truth_events(test_path("feet.truth.csv"), ic, toe_off, max);
}

/* Simulated foot IMUs, walking and running: every stride found, initial contact and toe-off
 * within 10 ms of the truth (median; the issue's gaitmap target is 20 ms on real feet). Each valid
 * stride's length is the simulator's swing within 2 cm (walking 1.40 m; running 2.40 m, since
 * 0.10.0, by brief stances), and its speed that over the stride time. */
static void test_foot_imu_walking_and_running(void **state)
{
    (void)state;
    test_scratch("analysis_foot");
    for (int running = 0; running < 2; running++) {
        static double truth[512];
        long truths = simulate_feet(running, 60, truth, NULL, 512);
        analyse("feet.wav", "feet.h5");
        stride_row *rows;
        long count;
        read_strides(test_path("feet.h5"), &rows, &count);
        double contact = running ? 0.25 : 1.24 * 60 / 110.0, errors[512];
        long n = 0;
        for (long i = 0; i < count && n < 512; i++)
            errors[n++] = fabs(rows[i].initial_contact_s -
                               truth[nearest_truth(truth, truths, rows[i].initial_contact_s)]);
        assert_true(count >= truths - 6); /* each foot's last contact ends no stride */
        gsl_sort(errors, 1, (size_t)n);
        double ic = gsl_stats_median_from_sorted_data(errors, 1, (size_t)n);
        for (long i = 0; i < count; i++) /* toe-off through contact time: the truth's is fixed */
            errors[i] = fabs(rows[i].contact_time_s - contact);
        gsl_sort(errors, 1, (size_t)count);
        double stance = gsl_stats_median_from_sorted_data(errors, 1, (size_t)count);
        print_message(
            "foot IMU %s: %ld strides of %ld contacts, IC %.1f ms, contact time %.1f ms\n",
            running ? "running" : "walking", count, truths, 1000 * ic, 1000 * stance);
        assert_true(ic <= 0.010 && stance <= 0.010);
        long lengths = 0;
        for (long i = 0; i < count; i++) {
            if (!rows[i].valid || !isfinite(rows[i].stride_length_m)) continue;
            assert_float_equal(rows[i].stride_length_m,
                               running ? SIMULATE_FOOT_STRIDE_RUN_M : SIMULATE_FOOT_STRIDE_WALK_M,
                               0.02);
            assert_float_equal(rows[i].walking_speed_m_per_s,
                               rows[i].stride_length_m / rows[i].stride_time_s, 1e-12);
            lengths++;
        }
        print_message("  %ld strides with a length\n", lengths);
        /* running, the first 1.6 s wait for the brief stances: each foot's first strides */
        assert_true(lengths >= count - (running ? 6 : 4));
        free(rows);
    }
}

/* A foot gyroscope's toe-off is where the push-off peak has fallen to 3/4 of its height (since
 * 0.18.0), not the peak: smoothing moves the top of a lopsided peak, not its steep fall. The
 * simulated feet (their toes leaving a third of the way down the fall, as on gaitmap's real walk)
 * at 200 Hz, read with the preset's 50 Hz low-pass and with a 12 Hz one, which smooths the peak
 * as a 30 Hz sensor's anti-alias filter would: toe-offs -0.3 and -3.2 ms from the truth walking,
 * -0.3 and -1.9 ms running (medians; held to 5 ms). Timed at the peak they came 15.8 and 27.2 ms
 * early walking, 13.5 and 20.3 ms running. */
static void test_foot_toe_off_under_smoothing(void **state)
{
    (void)state;
    test_scratch("analysis_foot_smoothing");
    for (int running = 0; running < 2; running++) {
        static double ic[512], toe_off[512];
        long truths = simulate_feet(running, 40, ic, toe_off, 512);
        gb_error err = {0};
        for (int smoothed = 0; smoothed < 2; smoothed++) {
            analysis_config config = settings();
            if (smoothed) config.lowpass_hz = 12;
            analysis_result result;
            if (analysis_run(&config, test_path("feet.wav"), test_path("feet.h5"), &result, &err) !=
                0)
                fail_msg("%s", err.message);
            stride_row *rows;
            long count, n = 0;
            read_strides(test_path("feet.h5"), &rows, &count);
            static double errors[512];
            for (long i = 0; i < count && n < 512; i++) {
                long k = nearest_truth(ic, truths, rows[i].initial_contact_s);
                if (isfinite(rows[i].toe_off_s)) errors[n++] = rows[i].toe_off_s - toe_off[k];
            }
            assert_true(n >= count - 2);
            gsl_sort(errors, 1, (size_t)n);
            double median = gsl_stats_median_from_sorted_data(errors, 1, (size_t)n);
            print_message("foot IMU %s, low-pass %s: toe-off %+.1f ms (median, %ld strides)\n",
                          running ? "running" : "walking", smoothed ? "12 Hz" : "50 Hz",
                          1000 * median, n);
            assert_true(fabs(median) <= 0.005);
            free(rows);
        }
    }
}

/* Without the map's standing_s, quiet standing next to gait is the pitch's reference: a lower-back
 * sensor walking in 1 min bouts, seated 1 min between (leaning back 30 deg, or 15 deg, which is
 * within reach of standing but rises slowly: quiet, turning), its trunk 3 deg further forward in
 * gait. The standing is found before and after each bout, at the tilt simulated (20 deg), so the
 * pitch above it is the lean. In gait bent 12 deg further it is not standing any more, and a walk
 * with no standing next to it has none. */
static void test_standing_found_without_standing_s(void **state)
{
    (void)state;
    test_scratch("analysis_standing_found");
    const struct {
        double lean_deg, recline_deg, bout_s, rest_s;
        int found;
    } cases[] = {{3, 30, 60, 60, 1}, {3, 15, 60, 60, 1}, {12, 30, 60, 60, 0}, {3, 30, 0, 0, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        simulate_config sim =
            walking_in_bouts(SIMULATE_SACRUM_ACC, 300, cases[k].bout_s, cases[k].rest_s);
        sim.lean_deg = cases[k].lean_deg;
        sim.recline_deg = cases[k].recline_deg;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("back.wav"), &err), 0);
        drop_map_key(test_path("back.json"), "standing_s");
        analyse("back.wav", "back.h5");
        report_overview *o = calloc(1, sizeof *o);
        assert_non_null(o);
        assert_int_equal(report_read_overview(test_path("back.h5"), o, &err), 0);
        print_message("lean %.0f, seated %.0f deg back, bouts %.0f s: standing %.2f deg over %.1f "
                      "s, gait %.2f, above %.2f\n",
                      cases[k].lean_deg, cases[k].recline_deg, cases[k].bout_s,
                      o->trunk_pitch_standing_deg, o->trunk_pitch_standing_found_s,
                      o->trunk_pitch_deg, o->trunk_pitch_above_standing_deg);
        if (cases[k].found) {
            assert_float_equal(o->trunk_pitch_standing_deg, 20, 0.3);
            assert_float_equal(o->trunk_pitch_above_standing_deg, cases[k].lean_deg, 0.3);
            assert_true(o->trunk_pitch_standing_found_s >= 5); /* 3 bouts, about 2.3 s each */
        } else {
            assert_true(isnan(o->trunk_pitch_standing_deg));
            assert_float_equal(o->trunk_pitch_standing_found_s, 0, 0);
        }
        free(o);
    }
}

/* Copies a text recording, emptying data column `column` (1: the first after the time) in the data
 * rows first .. first + count - 1 (0: the first data row). */
static void empty_rows(const char *from, const char *to, long first, long count, int column)
{
    FILE *in = fopen(from, "r"), *out = fopen(to, "a");
    assert_true(in && out);
    char line[1024];
    long row = -1;
    while (fgets(line, sizeof line, in)) {
        double t;
        if (sscanf(line, "%lf,", &t) == 1) row++;
        if (row >= first && row < first + count) {
            char *cell = line;
            for (int c = 0; c < column; c++)
                cell = strchr(cell, ',') + 1;
            char *end = cell + strcspn(cell, ",\n");
            memmove(cell, end, strlen(end) + 1);
        }
        fputs(line, out);
    }
    fclose(in);
    fclose(out);
}

/* The stride of side ('L', 'R') whose initial contact is nearest t. */
static const stride_row *stride_near(const stride_row *rows, long count, char side, double t)
{
    const stride_row *best = NULL;
    for (long i = 0; i < count; i++)
        if (rows[i].side[0] == side &&
            (!best || fabs(rows[i].initial_contact_s - t) < fabs(best->initial_contact_s - t)))
            best = &rows[i];
    return best;
}

/* Two samples bridged, ending 10 ms before a left and a right initial contact, in one channel:
 * each stride within 60 ms of them, on the side that channel feeds, has 20 ms bridged near its
 * events, and every other stride none. A left insole zone feeds the left foot's; a lower-back
 * accelerometer axis both sides'; the lower-back sensor's beside insoles not the insoles'. */
static void test_bridged_samples_flag_the_strides_near_them(void **state)
{
    (void)state;
    test_scratch("analysis_bridged_near");
    const struct {
        const char *name;
        int sensor, with_insoles, column;
        double left_s, right_s; /* expected near those contacts */
    } cases[] = {{"insoles", SIMULATE_INSOLE, 0, 1, 0.02, 0},
                 {"lower back", SIMULATE_SACRUM_ACC, 0, 1, 0.02, 0.02},
                 {"insoles beside a lower-back sensor", SIMULATE_SACRUM, 1, 5, 0, 0}};
    for (int k = 0; k < 3; k++) {
        simulate_config sim = walking_in_bouts(cases[k].sensor, 60, 0, 0);
        sim.with_insoles = cases[k].with_insoles;
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("whole.csv"), &err), 0);
        analyse("whole.csv", "whole.h5");
        stride_row *whole, *rows;
        long whole_count, count;
        read_strides(test_path("whole.h5"), &whole, &whole_count);
        const stride_row *left = stride_near(whole, whole_count, 'L', 30);
        const stride_row *right = stride_near(whole, whole_count, 'R', 40);
        assert_true(left->valid && right->valid);
        double t_left = left->initial_contact_s, t_right = right->initial_contact_s;
        remove(test_path("step.csv"));
        empty_rows(test_path("whole.csv"), test_path("step.csv"), lround(t_left * 100) - 3, 2,
                   cases[k].column);
        remove(test_path("dropped.csv"));
        empty_rows(test_path("step.csv"), test_path("dropped.csv"), lround(t_right * 100) - 3, 2,
                   cases[k].column);
        assert_int_equal(link(test_path("whole.json"), test_path("dropped.json")), 0);
        analyse("dropped.csv", "dropped.h5");
        read_strides(test_path("dropped.h5"), &rows, &count);
        assert_int_equal(count, whole_count);
        const stride_row *near_left = stride_near(rows, count, 'L', t_left);
        const stride_row *near_right = stride_near(rows, count, 'R', t_right);
        assert_float_equal(near_left->initial_contact_s, t_left, 0.002);
        double total = 0, bridged = 0;
        hid_t file = H5Fopen(test_path("dropped.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
        assert_true(H5LTread_dataset_double(file, "/quality/bridged_samples", &bridged) >= 0);
        H5Fclose(file);
        assert_float_equal(bridged, 4, 0);
        for (long i = 0; i < count; i++) {
            double expected = &rows[i] == near_left    ? cases[k].left_s
                              : &rows[i] == near_right ? cases[k].right_s
                                                       : 0;
            assert_float_equal(rows[i].bridged_near_events_s, expected, 1e-9);
            assert_float_equal(whole[i].bridged_near_events_s, 0, 0);
            total += rows[i].bridged_near_events_s;
        }
        report_overview *overview = calloc(1, sizeof *overview);
        assert_non_null(overview);
        assert_int_equal(report_read_overview(test_path("dropped.h5"), overview, &err), 0);
        assert_int_equal(overview->valid_strides_bridged,
                         (cases[k].left_s > 0) + (cases[k].right_s > 0));
        free(overview);
        print_message("%s: %.3f s bridged near the strides' events\n", cases[k].name, total);
        free(whole);
        free(rows);
        remove(test_path("dropped.json"));
    }
}

/* Samples a logger dropped (empty cells) are bridged: the same strides as the whole recording,
 * within a millisecond, and /quality/bridged_samples counts them. Without bridging (0 s) each
 * lone missing sample is a gap that the low-pass spreads and that breaks the strides around it. */
static void test_short_dropouts_are_bridged(void **state)
{
    (void)state;
    test_scratch("analysis_bridge");
    const int sensors[] = {SIMULATE_INSOLE, SIMULATE_SACRUM_ACC, SIMULATE_SHANK, SIMULATE_FOOT};
    const char *names[] = {"insoles", "lower back", "shanks", "feet"};
    for (int k = 0; k < 4; k++) {
        simulate_config sim = walking_in_bouts(sensors[k], 60, 0, 0);
        gb_error err = {0};
        assert_int_equal(simulate_write(&sim, test_path("whole.csv"), &err), 0);
        long dropped = drop_cells(test_path("whole.csv"), test_path("dropped.csv"));
        assert_int_equal(link(test_path("whole.json"), test_path("dropped.json")), 0);
        analyse("whole.csv", "whole.h5");
        analyse("dropped.csv", "dropped.h5");
        stride_row *whole, *bridged;
        long whole_count, bridged_count, valid_whole = 0, valid_bridged = 0;
        read_strides(test_path("whole.h5"), &whole, &whole_count);
        read_strides(test_path("dropped.h5"), &bridged, &bridged_count);
        assert_int_equal(bridged_count, whole_count);
        double largest = 0;
        for (long i = 0; i < whole_count; i++) {
            double difference = fabs(bridged[i].initial_contact_s - whole[i].initial_contact_s);
            largest = difference > largest ? difference : largest;
            valid_whole += whole[i].valid;
            valid_bridged += bridged[i].valid;
        }
        hid_t file = H5Fopen(test_path("dropped.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
        double count = 0, setting = 0;
        assert_true(H5LTread_dataset_double(file, "/quality/bridged_samples", &count) >= 0);
        assert_true(H5LTread_dataset_double(file, "/settings/bridge_gap_s", &setting) >= 0);
        H5Fclose(file);
        assert_float_equal(count, (double)dropped, 0);
        assert_float_equal(setting, 0.05, 0);
        assert_int_equal(valid_bridged, valid_whole);
        assert_true(largest <= 0.0105); /* shank impacts are sharp: 7.8 ms at most, seen */
        free(bridged);
        /* the same without bridging */
        analysis_config config = settings();
        config.bridge_gap_s = 0;
        analysis_result result;
        assert_int_equal(
            analysis_run(&config, test_path("dropped.csv"), test_path("gaps.h5"), &result, &err),
            0);
        print_message("%s: %ld cells emptied; %ld of %ld strides valid bridged, %ld "
                      "without bridging; initial contacts within %.1f ms\n",
                      names[k], dropped, valid_bridged, whole_count, result.valid_strides,
                      1000 * largest);
        assert_true(result.valid_strides < 0.75 * (double)valid_whole);
        config.bridge_gap_s = 0.6; /* a straight line over longer would stand in for steps */
        assert_int_equal(
            analysis_run(&config, test_path("dropped.csv"), test_path("long.h5"), &result, &err),
            GB_E_ARG);
        assert_contains(err.message, "give 0 to 0.5 s");
        assert_int_equal(access(test_path("long.h5"), F_OK), -1);
        free(whole);
        remove(test_path("dropped.json"));
    }
}

/* Insoles with shoe IMUs beside them, walking: the insoles make the strides, and each takes its
 * length from the shoe IMU's contact beside it (the simulator's 1.40 m within 2 cm). */
static void test_shoe_imus_lend_insole_strides_their_lengths(void **state)
{
    (void)state;
    test_scratch("analysis_insole_foot");
    simulate_config sim = walking_in_bouts(SIMULATE_FOOT, 60, 0, 0);
    sim.with_insoles = 1;
    gb_error err = {0};
    assert_int_equal(simulate_write(&sim, test_path("both.wav"), &err), 0);
    analyse("both.wav", "both.h5");
    stride_row *rows;
    long count, lengths = 0;
    read_strides(test_path("both.h5"), &rows, &count);
    for (long i = 0; i < count; i++) {
        assert_true(isfinite(rows[i].peak_force_N)); /* the insoles' strides */
        if (!rows[i].valid || !isfinite(rows[i].stride_length_m)) continue;
        assert_float_equal(rows[i].stride_length_m, SIMULATE_FOOT_STRIDE_WALK_M, 0.02);
        lengths++;
    }
    print_message("insoles beside shoe IMUs: %ld of %ld strides with a length\n", lengths, count);
    assert_true(count > 90 && lengths >= count - 4);
    free(rows);
}

static void test_formats_agree(void **state)
{
    (void)state;
    test_scratch("analysis_formats");
    const char *names[] = {"s.flac", "s.wav", "s.csv", "s.hea"};
    long strides[4];
    for (int k = 0; k < 4; k++) {
        simulate(test_path(names[k]), 1, 0, 0, 200);
        analysis_config config = settings();
        analysis_result result;
        gb_error err = {0};
        char report[512];
        snprintf(report, sizeof report, "%s.h5", test_path(names[k]));
        if (analysis_run(&config, test_path(names[k]), report, &result, &err) != 0)
            fail_msg("%s: %s", names[k], err.message);
        strides[k] = result.valid_strides;
        assert_float_equal(result.cadence_spm, 172, 2);
    }
    for (int k = 1; k < 4; k++)
        assert_int_equal(strides[k], strides[0]);
}

static void test_no_steps_gives_a_report_that_says_so(void **state)
{
    (void)state;
    test_scratch("analysis_nosteps");
    FILE *f = fopen(test_path("still.csv"), "w");
    fprintf(f, "time_s,left,right\n");
    for (int i = 0; i < 3000; i++)
        fprintf(f, "%.2f,%d,%d\n", i / 100.0, 700, 690);
    fclose(f);
    test_write_file(
        test_path("still.json"),
        "{\"channels\":[{\"index\":0,\"side\":\"left\"},{\"index\":1,\"side\":\"right\"}]}");
    analysis_config config = settings();
    analysis_result result;
    gb_error err = {0};
    assert_int_equal(
        analysis_run(&config, test_path("still.csv"), test_path("still.h5"), &result, &err), 0);
    assert_contains(result.status, "no steps detected");
    report_overview overview;
    assert_int_equal(report_read_overview(test_path("still.h5"), &overview, &err), 0);
    assert_contains(overview.status, "no steps detected");
    assert_int_equal(overview.stride_count, 0);
}

static void test_missing_map_fails_without_report(void **state)
{
    (void)state;
    test_scratch("analysis_nomap");
    simulate(test_path("x.flac"), 1, 0, 0, 200);
    assert_int_equal(remove(test_path("x.json")), 0);
    analysis_config config = settings();
    analysis_result result;
    gb_error err = {0};
    assert_int_equal(analysis_run(&config, test_path("x.flac"), test_path("x.h5"), &result, &err),
                     GB_E_MAP);
    assert_contains(err.message, "no channel map");
    assert_contains(result.map_template, "\"channels\"");
    assert_false(test_file_exists(test_path("x.h5")));
}

static void test_unwritable_output_leaves_nothing(void **state)
{
    (void)state;
    test_scratch("analysis_unwritable");
    simulate(test_path("y.flac"), 1, 0, 0, 200);
    analysis_config config = settings();
    analysis_result result;
    gb_error err = {0};
    assert_int_equal(
        analysis_run(&config, test_path("y.flac"), test_path("missing/folder/y.h5"), &result, &err),
        GB_E_IO);
    assert_contains(err.message, "cannot create the report");
}

/* The session read as the clock /days are cut by: a date, then a time after 'T' or ' ' (maps,
 * Axivity's and ActiGraph's start times); anything else gives no clock. */
static void test_session_time(void **state)
{
    (void)state;
    assert_float_equal(session_day("2024-02-29T08:00:00"), 19782, 0);
    assert_float_equal(session_clock_s("2024-02-29T08:00:00"), 8 * 3600.0, 0);
    assert_float_equal(session_clock_s("2014-05-07 16:25:10"), 16 * 3600.0 + 25 * 60 + 10, 0);
    assert_float_equal(session_clock_s("2026-11-09T07:30"), 7.5 * 3600, 0);
    assert_float_equal(session_day("2026-11-09"), 20766, 0);
    assert_true(isnan(session_clock_s("2026-11-09")));
    assert_true(isnan(session_clock_s("2026-11-09_run")));
    assert_true(isnan(session_clock_s("2026-11-09T25:00:00")));
    assert_true(isnan(session_clock_s("2026-11-09T07:")));
    assert_true(isnan(session_clock_s("2026-11-09T07:30:")));
    assert_true(isnan(session_day("2026-13-01")));
    assert_true(isnan(session_day("week 3")));
    assert_true(isnan(session_clock_s("")));
}

/* Sessions in time order whichever way their date and time are parted: a device's start time
 * (' ') at 09:30 after a map's session ('T') at 07:00 the same day; other text by its letters,
 * with its numbers as numbers (file names and manifests' words: run9 before run10). */
static void test_session_order(void **state)
{
    (void)state;
    assert_true(session_order("run9", "run10") < 0);
    assert_true(session_order("week 10", "week 3") > 0);
    assert_true(session_order("week 3", "week 3b") < 0);
    assert_true(session_order("run2", "run02") > 0); /* equal numbers: by their text, total */
    assert_true(session_order("run0", "run") > 0);
    assert_true(session_order("2026-11-02", "2026-11-14") < 0);
    assert_true(session_order("2026-11-14T07:00:00", "2026-11-14T10:00:00") < 0);
    assert_true(session_order("2026-11-14 09:30:00", "2026-11-14T07:00:00") > 0);
    assert_true(session_order("2026-11-14T07:00:00", "2026-11-14 09:30:00") < 0);
    /* the same moment written both ways: side by side, by their text, so the order stays total */
    assert_true(session_order("2026-11-14 07:00:00", "2026-11-14T07:00:00") < 0);
    assert_true(session_order("2026-11-14T06:59:59", "2026-11-14 07:00:00") < 0);
    assert_true(session_order("2026-11-14T07:00:00", "2026-11-14 07:00:01") < 0);
    /* a space reads as a 'T' whatever it is compared with: both after "2026-11-14A" */
    assert_true(session_order("2026-11-14A", "2026-11-14 07:00:00") < 0);
    assert_true(session_order("2026-11-14A", "2026-11-14T07:00:00") < 0);
    assert_true(session_order("2026-11-13T23:00:00", "2026-11-14 01:00:00") < 0);
    assert_true(session_order("2026-11-14", "2026-11-14 01:00:00") < 0);
    assert_true(session_order("2026-11-14_run", "2026-11-14 01:00:00") > 0);
    assert_int_equal(session_order("", ""), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pushoff_deficit_reported_as_si),
        cmocka_unit_test(test_report_columns_and_units),
        cmocka_unit_test(test_session_time),
        cmocka_unit_test(test_session_order),
        cmocka_unit_test(test_table_layout_past_its_limit_fails),
        cmocka_unit_test(test_damaged_table_is_not_sized_by_its_claim),
        cmocka_unit_test(test_settings_out_of_range),
        cmocka_unit_test(test_block_size_does_not_change_the_report),
        cmocka_unit_test(test_long_stride_table_is_written_whole_and_in_order),
        cmocka_unit_test(test_sacrum_imu_steps_whatever_the_mounting),
        cmocka_unit_test(test_sacrum_running_contact_and_flight),
        cmocka_unit_test(test_sacrum_running_at_low_rates),
        cmocka_unit_test(test_shank_slow_walk),
        cmocka_unit_test(test_sacrum_sides_without_a_forward_axis),
        cmocka_unit_test(test_map_forward_axis_checked_against_the_steps),
        cmocka_unit_test(test_shank_running_contact_flight_and_shock),
        cmocka_unit_test(test_shank_accelerometers_alone),
        cmocka_unit_test(test_tibial_accelerometers_beside_others),
        cmocka_unit_test(test_second_sensor_beside_the_first),
        cmocka_unit_test(test_sacrum_walking_final_contacts),
        cmocka_unit_test(test_sacrum_final_contacts_beside_gaps),
        cmocka_unit_test(test_steps_only_in_walking_bouts),
        cmocka_unit_test(test_trunk_pitch_in_gait_only),
        cmocka_unit_test(test_trunk_pitch_above_standing),
        cmocka_unit_test(test_foot_imu_walking_and_running),
        cmocka_unit_test(test_foot_toe_off_under_smoothing),
        cmocka_unit_test(test_short_dropouts_are_bridged),
        cmocka_unit_test(test_bridged_samples_flag_the_strides_near_them),
        cmocka_unit_test(test_standing_found_without_standing_s),
        cmocka_unit_test(test_shoe_imus_lend_insole_strides_their_lengths),
        cmocka_unit_test(test_formats_agree),
        cmocka_unit_test(test_no_steps_gives_a_report_that_says_so),
        cmocka_unit_test(test_missing_map_fails_without_report),
        cmocka_unit_test(test_unwritable_output_leaves_nothing),
    };
    return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
