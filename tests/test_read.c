/* Readers: each round-trips known data; each bad input gets a clear error naming file and place. */
#include <math.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "../src/common/checksum.h"
#include "../src/common/missing.h"
#include "../src/dsp/gapfill.h"
#include "../src/read/channel_map.h"
#include "../src/read/recording.h"
#include "test_util.h"

static long read_all(recording *rec, double *out, long max, gb_error *err)
{
    long total = 0, n;
    while ((n = recording_read(rec, out + total * recording_get_info(rec)->channels, 3, err)) > 0)
        total += n;
    (void)max;
    return n < 0 ? n : total;
}

/* Writes content to a scratch file and opens it as text: time_column as the map would give it (0
 * the first column, -2 decided from the file). */
static recording *open_text(const char *scratch, const char *name, const char *content,
                            int time_column)
{
    test_scratch(scratch);
    const char *path = test_path(name);
    test_write_file(path, content);
    recording_options opt;
    recording_options_default(&opt);
    opt.time_column = time_column;
    gb_error err = {0};
    recording *rec = recording_open(path, &opt, &err);
    if (!rec) fail_msg("%s", err.message);
    return rec;
}

static void test_text_with_header_and_time(void **state)
{
    (void)state;
    test_scratch("read_text");
    const char *path = test_path("walk.csv");
    test_write_file(path, "# a comment line\n"
                          "time_s,left,right\n"
                          "0.00,1.5,2\n0.01,2.5,3\n# inside comment\n0.02,3.5,4\n0.03,4.5,5\n");
    gb_error err = {0};
    recording *rec = recording_open(path, NULL, &err);
    assert_non_null(rec);
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->channels, 2);
    assert_string_equal(info->channel_names[0], "left");
    assert_true(info->rate_from_time_column);
    assert_float_equal(info->sample_rate_hz, 100.0, 1e-9);
    double frames[16];
    assert_int_equal(read_all(rec, frames, 8, &err), 4);
    assert_float_equal(frames[0], 1.5, 1e-12);
    assert_float_equal(frames[7], 5.0, 1e-12);
    recording_close(rec);
}

static void test_text_gap_becomes_nan(void **state)
{
    (void)state;
    gb_error err = {0};
    /* the time column starts at 12.5 s: event times count from the first row, which is kept */
    recording *rec =
        open_text("read_gap", "gap.tsv", "12.5\t1\n12.6\t2\n12.7\t3\n13.0\t4\n13.1\t5\n", 0);
    double frames[16];
    assert_int_equal(read_all(rec, frames, 16, &err), 7);
    assert_float_equal(frames[2], 3, 0);
    assert_true(isnan(frames[3]) && isnan(frames[4]));
    assert_float_equal(frames[5], 4, 0);
    assert_int_equal(recording_get_info(rec)->gap_count, 1);
    assert_int_equal(recording_get_info(rec)->gap_frames, 2);
    assert_float_equal(recording_get_info(rec)->time_origin_s, 12.5, 1e-12);
    recording_close(rec);
}

/* 300 Hz written to 5 decimals steps 0.00333 and 0.00334 s: the rate is still 300 Hz (the
 * median step alone said 300.3 Hz, and events drifted 120 ms in 2 minutes). */
static void test_text_rounded_time_column(void **state)
{
    (void)state;
    char *content = malloc(64 * 1000 + 1), *end = content;
    for (int i = 0; i < 1000; i++)
        end += sprintf(end, "%.5f,%d\n", i / 300.0, i % 7);
    recording *rec = open_text("read_rounded", "rounded.csv", content, 0);
    free(content);
    assert_float_equal(recording_get_info(rec)->sample_rate_hz, 300.0, 0.005);
    recording_close(rec);
}

/* A phone's sensor events: 100 Hz stamped with up to +-3 ms of jitter (a fixed pseudo-random
 * pattern), the first row 2.5 ms late. Each row goes to the sample slot nearest its time (since
 * 0.17.0): every row is kept, in order, with no gap, the rate is 100 Hz, and the slots start where
 * the rows' times say, not at the late first stamp. Before, a step under half a period was
 * refused ("irregular time column") and one over 1.5 periods made a gap of a sample that was not
 * missing. A row stamped 3.1 ms late after one on time lies nearer the slot taken already: it is
 * left out and counted, as a repeated time is, and the slot it missed is a gap. */
static void test_text_jittered_time_column(void **state)
{
    (void)state;
    enum { ROWS = 3000 };
    char *content = malloc(32 * ROWS + 1), *end = content;
    unsigned jitter = 12345;
    for (int i = 0; i < ROWS; i++) {
        jitter = jitter * 1103515245u + 12345u;
        double late_ms = i == 0 ? 2.5 : (double)((jitter >> 16) % 61) / 10.0 - 3.0;
        end += sprintf(end, "%.4f,%d\n", 5.0 + i * 0.01 + late_ms / 1000, i);
    }
    recording *rec = open_text("read_jitter", "phone.csv", content, 0);
    free(content);
    const recording_info *info = recording_get_info(rec);
    assert_float_equal(info->sample_rate_hz, 100.0, 0.01);
    gb_error err = {0};
    double *frames = calloc(2 * ROWS, sizeof(double));
    assert_int_equal(read_all(rec, frames, 2 * ROWS, &err), ROWS);
    for (int i = 0; i < ROWS; i++)
        assert_float_equal(frames[i], i, 0);
    assert_int_equal(info->gap_count, 0);
    assert_int_equal(info->duplicate_rows, 0);
    assert_float_equal(info->time_origin_s, 5.0, 0.001); /* the slots' start, not 5.0025 */
    assert_float_equal(info->time_step_mean_s, 0.01, 1e-5);
    free(frames);
    recording_close(rec);
    rec = open_text("read_jitter", "taken.csv", "0,1\n0.01,2\n0.02,3\n0.0231,9\n0.04,5\n", 0);
    double few[8];
    assert_int_equal(read_all(rec, few, 8, &err), 5);
    assert_float_equal(few[2], 3, 0);
    assert_true(isnan(few[3])); /* slot 3: no row */
    assert_float_equal(few[4], 5, 0);
    assert_int_equal(recording_get_info(rec)->duplicate_rows, 1);
    assert_int_equal(recording_get_info(rec)->gap_count, 1);
    recording_close(rec);
}

/* A row repeating the previous row's time (a logger writing one instant twice) is left out and
 * counted; the rows around it keep their places. */
static void test_text_duplicated_time_is_left_out(void **state)
{
    (void)state;
    gb_error err = {0};
    recording *rec = open_text("read_duplicate", "dup.csv",
                               "0,1\n0.01,2\n0.02,3\n0.02,9\n0.02,9\n0.03,4\n0.04,5\n", 0);
    double frames[16];
    assert_int_equal(read_all(rec, frames, 16, &err), 5);
    for (int i = 0; i < 5; i++)
        assert_float_equal(frames[i], i + 1, 0);
    assert_int_equal(recording_get_info(rec)->duplicate_rows, 2);
    assert_int_equal(recording_get_info(rec)->gap_count, 0);
    recording_close(rec);
}

static void expect_text_error(const char *content, int time_column, int code, const char *needle)
{
    test_scratch("read_bad");
    const char *path = test_path("bad.csv");
    test_write_file(path, content);
    recording_options opt;
    recording_options_default(&opt);
    opt.time_column = time_column;
    opt.sample_rate_hz = 100;
    gb_error err = {0};
    recording *rec = recording_open(path, &opt, &err);
    double frames[256];
    if (rec) {
        long n = read_all(rec, frames, 64, &err);
        assert_true(n < 0);
        recording_close(rec);
    }
    assert_int_equal(err.code, code);
    assert_contains(err.message, path);
    assert_contains(err.message, needle);
}

static void test_text_bad_inputs(void **state)
{
    (void)state;
    expect_text_error("1,2\n3,x7\n", -1, GB_E_VALUE, "line 2, column 2: 'x7' is not a number");
    expect_text_error("1,2\n3,4,5\n", -1, GB_E_FORMAT, "line 2 has 3 columns");
    expect_text_error("0,1\n0.01,2\n0.005,3\n", 0, GB_E_VALUE, "does not come after");
    expect_text_error("0,1\n0.01,2\n0.02,3\n0.03,4\n5.0,3\n", 0, GB_E_VALUE, "exceeds the limit");
    expect_text_error("0,1\n0.01,nan\n", 0, GB_E_VALUE, "NaN or Inf");
    expect_text_error("0,1\n0.01,inf\n", 0, GB_E_VALUE, "NaN or Inf");
    expect_text_error("# only a comment\n", -1, GB_E_FORMAT, "no data rows");
}

/* An empty cell is a sample not recorded: NaN in that channel alone, in the middle or at the end
 * of a row (a cell short of the others once the last delimiter is dropped), and also in the first
 * data row (not taken for a header row); an empty time is refused. */
static void test_text_empty_cells_are_missing_samples(void **state)
{
    (void)state;
    gb_error err = {0};
    recording *rec = open_text("read_empty", "empty.csv",
                               "time_s,ax,ay,az\n0.00,,2,3\n0.01,4,,6\n0.02,7,8,\n0.03,,,\n"
                               "0.04,13,14,15\n",
                               -2);
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->channels, 3);
    assert_string_equal(info->channel_names[0], "ax");
    double frames[32];
    assert_int_equal(read_all(rec, frames, 32, &err), 5);
    const int missing[] = {0, 4, 8, 9, 10, 11};
    for (int k = 0, m = 0; k < 15; k++) {
        int is_missing = m < 6 && missing[m] == k;
        m += is_missing;
        if (is_missing)
            assert_true(isnan(frames[k]));
        else
            assert_float_equal(frames[k], k + 1, 0);
    }
    assert_int_equal(info->gap_count, 0); /* the time column had no gap */
    recording_close(rec);
    expect_text_error("0,1\n,2\n", 0, GB_E_VALUE, "line 2, column 1: the time is empty");
}

static void test_text_without_rate_is_refused(void **state)
{
    (void)state;
    test_scratch("read_norate");
    const char *path = test_path("x.csv");
    test_write_file(path, "1,2\n3,4\n");
    gb_error err = {0};
    assert_null(recording_open(path, NULL, &err));
    assert_int_equal(err.code, GB_E_MAP);
    assert_contains(err.message, "sample_rate_hz");
    /* opened only to show its columns and make a map template: a rate of 0 says unknown */
    recording_options opt;
    recording_options_default(&opt);
    opt.rate_may_be_unknown = 1;
    recording *rec = recording_open(path, &opt, &err);
    assert_non_null(rec);
    assert_float_equal(recording_get_info(rec)->sample_rate_hz, 0, 0);
    assert_int_equal(recording_get_info(rec)->channels, 2);
    recording_close(rec);
}

/* Time stamps counted from 1970 in ns, us or ms (phone apps' sensor logs: Sensor Logger's "time"
 * in ns) are told by their size, since 0.27.0: before, 100 Hz in ns read as 1e-7 Hz; and a time
 * column's name may say us or ns. Seconds from 1970, and the map's time_unit, are kept; the map
 * names "us" and "ns" too. */
static void test_text_time_counted_from_1970(void **state)
{
    (void)state;
    static const struct {
        const char *first, *second, *third;
        double rate_hz;
    } cases[] = {{"1732700000000000000", "1732700000010000000", "1732700000020000000", 100},
                 {"1732700000000000", "1732700000020000", "1732700000040000", 50},
                 {"1732700000000", "1732700000005", "1732700000010", 200},
                 {"1732700000.00", "1732700000.04", "1732700000.08", 25}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[256];
        snprintf(text, sizeof text, "time,x\n%s,1\n%s,2\n%s,3\n", cases[k].first, cases[k].second,
                 cases[k].third);
        recording *rec = open_text("read_epoch", "log.csv", text, -2);
        /* (seconds from 1970 in a double: steps known to about 0.2 us) */
        assert_float_equal(recording_get_info(rec)->sample_rate_hz, cases[k].rate_hz, 1e-3);
        recording_close(rec);
    }
    /* time from the start in us or ns, as the time column's name says it */
    static const char *const named[] = {"t [us],x\n0,1\n10000,2\n20000,3\n",
                                        "time_ns,x\n0,1\n10000000,2\n20000000,3\n",
                                        "t (\xC2\xB5s),x\n0,1\n10000,2\n20000,3\n"};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        recording *rec = open_text("read_epoch", "named.csv", named[k], -2);
        assert_float_equal(recording_get_info(rec)->sample_rate_hz, 100, 1e-9);
        recording_close(rec);
    }
    /* the map's unit wins: the same ns stamps said to be us are 1000 times slower */
    const char *path = test_path("log.csv");
    test_write_file(path, "time,x\n1732700000000000000,1\n1732700000010000000,2\n");
    recording_options opt;
    recording_options_default(&opt);
    opt.time_unit_s = 1e-6;
    gb_error err = {0};
    recording *rec = recording_open(path, &opt, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_float_equal(recording_get_info(rec)->sample_rate_hz, 0.1, 1e-5);
    recording_close(rec);
    channel_map map;
    const char *channels = ",\"channels\":[{\"index\":0,\"side\":\"left\"}]}";
    char json[256];
    snprintf(json, sizeof json, "{\"time_unit\":\"ns\"%s", channels);
    if (channel_map_parse(json, "m.json", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_float_equal(map.time_unit_s, 1e-9, 0);
    /* written back with the map, so a changed unit changes the settings checksum */
    char back[4096];
    channel_map_to_json(&map, 0, back, sizeof back);
    assert_contains(back, "\"time_unit\":\"ns\"");
    snprintf(json, sizeof json, "{\"time_unit\":\"min\"%s", channels);
    assert_int_equal(channel_map_parse(json, "m.json", &map, NULL, &err), GB_E_MAP);
    assert_contains(err.message, "time_unit must be \"s\", \"ms\", \"us\" or \"ns\", not \"min\"");
}

/* A column of date-time stamps beside the time column is passed over, and rows holding one are
 * data, not header rows (since 0.27.0): MetaWear's CSV ("epoch (ms)", then "time (+00:00)" with
 * "2026-01-02T08.15.30.000", then "elapsed (s)" and the axes) failed at its ninth line, its first
 * eight taken for header rows; and a first cell's scan for a date no longer runs on into the next
 * cells, where it found a later column's clock. */
static void test_text_date_time_column_beside_time(void **state)
{
    (void)state;
    recording *rec = open_text("read_stamps", "mw.csv",
                               "epoch (ms),time (+00:00),elapsed (s),x-axis (g)\n"
                               "1764000000000,2025-11-24T16.00.00.000,0.000,0.94\n"
                               "1764000000010,2025-11-24T16.00.00.010,0.010,0.95\n"
                               "1764000000020,2025-11-24T16.00.00.020,0.020,0.96\n",
                               -2);
    gb_error err = {0};
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->time_column, 0);
    assert_float_equal(info->sample_rate_hz, 100, 1e-6);
    assert_int_equal(info->channels, 2);
    assert_string_equal(info->channel_names[0], "elapsed (s)");
    assert_string_equal(info->channel_names[1], "x-axis (g)");
    double frames[6];
    assert_int_equal(read_all(rec, frames, 3, &err), 3);
    assert_float_equal(frames[5], 0.96, 1e-12);
    recording_close(rec);
    /* a note column of clocks last: the first cell ("0") is time, not that clock */
    rec = open_text("read_stamps", "note.csv",
                    "t,x,note\n0,1,2026-01-02 08:00:00\n0.01,2,2026-01-02 08:00:00.010\n"
                    "0.02,3,2026-01-02 08:00:00.020\n",
                    -2);
    assert_int_equal(recording_get_info(rec)->channels, 1);
    assert_float_equal(recording_get_info(rec)->sample_rate_hz, 100, 1e-6);
    assert_int_equal(read_all(rec, frames, 3, &err), 3);
    assert_float_equal(frames[2], 3, 0);
    recording_close(rec);
}

/* The map inspect's template drafts for a file at path whose channels have these names, parsed
 * back (it must parse). */
static void template_map(const char *const *names, int count, const char *path, const double *means,
                         channel_map *map)
{
    recording_info info = {.sample_rate_hz = 100, .channels = count, .time_column = -1};
    for (int c = 0; c < count; c++)
        snprintf(info.channel_names[c], sizeof info.channel_names[c], "%s", names[c]);
    static char json[CHANNEL_MAP_TEMPLATE_MAX];
    assert_true(channel_map_template(&info, path, means, json, sizeof json) > 0);
    gb_error err = {0};
    if (channel_map_parse(json, "template", map, NULL, &err) != 0) fail_msg("%s", err.message);
}

/* A file's name says what columns named by their axis alone hold (Sensor Logger's
 * TotalAcceleration.csv: "seconds_elapsed", "z", "y", "x"), and its second time column is
 * ignored, since 0.27.0; before, they were drafted as four force channels. */
static void test_template_quantity_from_file_name(void **state)
{
    (void)state;
    const char *names[] = {"seconds_elapsed", "z", "y", "x"};
    channel_map map;
    template_map(names, 4, "phone/TotalAcceleration.csv", NULL, &map);
    assert_int_equal(map.roles[0].quantity, QUANTITY_IGNORE);
    for (int c = 1; c < 4; c++) {
        assert_int_equal(map.roles[c].quantity, QUANTITY_ACCELERATION);
        assert_int_equal(map.roles[c].placement, PLACEMENT_SACRUM);
        assert_int_equal(map.roles[c].axis, 3 - c);
    }
    /* a gyroscope's file, worn on the left shank */
    template_map(names, 4, "left_shank_gyro.csv", NULL, &map);
    assert_int_equal(map.roles[3].quantity, QUANTITY_ANGULAR_VELOCITY);
    assert_int_equal(map.roles[3].placement, PLACEMENT_SHANK);
    assert_int_equal(map.roles[3].side, SIDE_LEFT);
    /* a name that says nothing leaves them force channels, as before */
    template_map(names, 4, "r.csv", NULL, &map);
    assert_int_equal(map.roles[3].quantity, QUANTITY_FORCE);
    /* no unit in the names: the first block's means tell it (since 0.27.0; before, always g) */
    static const struct {
        double z, y, x;
        int unit_is; /* 0 g, 1 m/s2, 2 mg */
    } held[] = {{-0.34, 0.01, 0.94, 0}, {-3.35, 0.1, 9.2, 1}, {-342, 10, 940, 2}};
    static const char *const units[] = {"g", "m/s2", "mg"};
    for (size_t k = 0; k < sizeof held / sizeof held[0]; k++) {
        const double means[] = {12.5, held[k].z, held[k].y, held[k].x};
        template_map(names, 4, "TotalAcceleration.csv", means, &map);
        for (int c = 1; c < 4; c++)
            assert_string_equal(map.roles[c].unit, units[held[k].unit_is]);
    }
    /* each sensor by its own columns: a lower back in g beside shoes in m/s2, and a running
     * shoe's means in g beyond 2 (centripetal in its frame) still g */
    const char *two[] = {"back_acc_x",       "back_acc_y",       "back_acc_z",
                         "left_foot_acc_x",  "left_foot_acc_y",  "left_foot_acc_z",
                         "right_foot_acc_x", "right_foot_acc_y", "right_foot_acc_z"};
    const double two_means[] = {0.94, 0.0, -0.34, -2.4, 0.0, 22.0, -0.23, 0.0, 2.25};
    template_map(two, 9, "r.csv", two_means, &map);
    for (int c = 0; c < 9; c++)
        assert_string_equal(map.roles[c].unit, c >= 3 && c < 6 ? "m/s2" : "g");
}

/* Without a sample rate, a time column right of the first is found by its name; with a rate in
 * the map every column stays a channel, as before. */
static void test_text_time_column_found_by_name(void **state)
{
    (void)state;
    test_scratch("read_timename");
    const char *path = test_path("imu.csv");
    test_write_file(path, "sample,t_s,acc_x_g\n0,0.00,1.0\n1,0.02,1.1\n2,0.04,0.9\n");
    gb_error err = {0};
    recording *rec = recording_open(path, NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->time_column, 1);
    assert_int_equal(info->channels, 2);
    assert_string_equal(info->channel_names[1], "acc_x_g");
    assert_float_equal(info->sample_rate_hz, 50.0, 1e-9);
    recording_close(rec);
    recording_options opt;
    recording_options_default(&opt);
    opt.sample_rate_hz = 50;
    rec = recording_open(path, &opt, &err);
    assert_non_null(rec);
    assert_int_equal(recording_get_info(rec)->channels, 3);
    assert_int_equal(recording_get_info(rec)->time_column, -1);
    recording_close(rec);
    /* as Excel saves it: a UTF-8 byte order mark before the first name, CR LF line ends */
    test_write_file(path, "\xEF\xBB\xBFt_s,acc_x_g\r\n0.00,1.0\r\n0.02,1.1\r\n0.04,0.9\r\n");
    rec = recording_open(path, NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_int_equal(recording_get_info(rec)->time_column, 0);
    assert_string_equal(recording_get_info(rec)->channel_names[0], "acc_x_g");
    assert_float_equal(recording_get_info(rec)->sample_rate_hz, 50.0, 1e-9);
    double frames[4];
    assert_int_equal(read_all(rec, frames, 4, &err), 3);
    assert_float_equal(frames[2], 0.9, 1e-12);
    recording_close(rec);
}

/* The template reads roles from channel names where it can, and parses back as a map. */
static void test_channel_map_template_guesses_from_names(void **state)
{
    (void)state;
    recording_info info = {.sample_rate_hz = 100, .channels = 6, .time_column = 2};
    const char *names[] = {"sample",      "acc_x_g",          "GyrZ_dps",
                           "left_heel_N", "right forefoot g", "shank_L/accY_mps2"};
    for (int c = 0; c < info.channels; c++)
        snprintf(info.channel_names[c], sizeof info.channel_names[c], "%s", names[c]);
    char json[8192];
    assert_true(channel_map_template(&info, "r.csv", NULL, json, sizeof json) > 0);
    assert_contains(json, "\"time_column\": 2");
    channel_map map;
    gb_error err = {0};
    if (channel_map_parse(json, "template", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_int_equal(map.role_count, 6);
    assert_int_equal(map.roles[0].quantity, QUANTITY_IGNORE);
    assert_int_equal(map.roles[1].quantity, QUANTITY_ACCELERATION);
    assert_int_equal(map.roles[1].axis, 0);
    assert_int_equal(map.roles[1].placement, PLACEMENT_SACRUM);
    assert_string_equal(map.roles[1].unit, "g");
    assert_int_equal(map.roles[2].quantity, QUANTITY_ANGULAR_VELOCITY);
    assert_int_equal(map.roles[2].axis, 2);
    assert_string_equal(map.roles[2].unit, "deg/s");
    assert_int_equal(map.roles[3].quantity, QUANTITY_FORCE);
    assert_int_equal(map.roles[3].side, SIDE_LEFT);
    assert_int_equal(map.roles[3].location, LOCATION_HEEL);
    assert_string_equal(map.roles[3].unit, "N");
    assert_int_equal(map.roles[4].side, SIDE_RIGHT);
    assert_int_equal(map.roles[4].location, LOCATION_FOREFOOT);
    assert_string_equal(map.roles[4].unit, "N"); /* g is no force unit */
    assert_string_equal(map.roles[5].unit, "m/s2");
    assert_int_equal(map.roles[5].placement, PLACEMENT_SHANK);
    assert_int_equal(map.roles[5].side, SIDE_LEFT);
    assert_int_equal(map.roles[5].axis, 1);
    /* camel case, as full-body suites name their sensors' columns (since 0.12.0); an ankle's or a
     * tibial accelerometer's axes are a shank's (since 0.19.0) */
    const char *camel[] = {"LeftShank_AccX", "RightFoot_GyrY", "Lumbar_AccZ",
                           "PelvisGyroX",    "RightAnkleAccZ", "TibialAccY_L"};
    const int placements[] = {PLACEMENT_SHANK,  PLACEMENT_FOOT,  PLACEMENT_SACRUM,
                              PLACEMENT_SACRUM, PLACEMENT_SHANK, PLACEMENT_SHANK};
    const int quantities[] = {QUANTITY_ACCELERATION, QUANTITY_ANGULAR_VELOCITY,
                              QUANTITY_ACCELERATION, QUANTITY_ANGULAR_VELOCITY,
                              QUANTITY_ACCELERATION, QUANTITY_ACCELERATION};
    const int axes[] = {0, 1, 2, 0, 2, 1};
    info = (recording_info){.sample_rate_hz = 100, .channels = 6, .time_column = -1};
    for (int c = 0; c < info.channels; c++)
        snprintf(info.channel_names[c], sizeof info.channel_names[c], "%s", camel[c]);
    assert_true(channel_map_template(&info, "r.csv", NULL, json, sizeof json) > 0);
    if (channel_map_parse(json, "template", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    for (int c = 0; c < info.channels; c++) {
        assert_int_equal(map.roles[c].placement, placements[c]);
        assert_int_equal(map.roles[c].quantity, quantities[c]);
        assert_int_equal(map.roles[c].axis, axes[c]);
    }
    assert_int_equal(map.roles[0].side, SIDE_LEFT);
    assert_int_equal(map.roles[1].side, SIDE_RIGHT);
    assert_int_equal(map.roles[4].side, SIDE_RIGHT);
    assert_int_equal(map.roles[5].side, SIDE_LEFT);
}

/* A lower-back sensor sits on neither side: its channels need no "side" (since 0.16.0), and the
 * template gives them none, so a phone's three axes are not read as one left and two right. A
 * foot's channels still need one. */
static void test_lower_back_channels_need_no_side(void **state)
{
    (void)state;
    channel_map map;
    gb_error err = {0};
    if (channel_map_parse("{\"channels\":[{\"index\":0,\"quantity\":\"acceleration\","
                          "\"placement\":\"sacrum\",\"axis\":\"x\"},{\"index\":1,"
                          "\"quantity\":\"acceleration\",\"placement\":\"lower_back\","
                          "\"axis\":\"y\"}]}",
                          "m.json", &map, NULL, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(map.roles[0].side, SIDE_LEFT);
    assert_int_equal(map.roles[1].side, SIDE_LEFT);
    assert_int_equal(channel_map_parse("{\"channels\":[{\"index\":0,\"quantity\":"
                                       "\"angular_velocity\",\"placement\":\"foot\","
                                       "\"axis\":\"y\"}]}",
                                       "m.json", &map, NULL, &err),
                     GB_E_MAP);
    assert_contains(err.message, "channels[0] needs \"side\"");
    recording_info info = {.sample_rate_hz = 100, .channels = 4, .time_column = -1};
    const char *names[] = {"Acceleration x (m/s^2)", "Acceleration y (m/s^2)",
                           "Acceleration z (m/s^2)", "right shank gyro y"};
    for (int c = 0; c < info.channels; c++)
        snprintf(info.channel_names[c], sizeof info.channel_names[c], "%s", names[c]);
    char json[8192];
    assert_true(channel_map_template(&info, "r.csv", NULL, json, sizeof json) > 0);
    /* one "side" in the template: the shank's */
    const char *side = strstr(json, "\"side\"");
    assert_non_null(side);
    assert_null(strstr(side + 1, "\"side\""));
    assert_non_null(strstr(side, "\"right\""));
    assert_true(side > strstr(json, "right shank gyro y"));
    if (channel_map_parse(json, "template", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    for (int c = 0; c < 3; c++) {
        assert_int_equal(map.roles[c].placement, PLACEMENT_SACRUM);
        assert_int_equal(map.roles[c].side, SIDE_LEFT);
    }
    assert_int_equal(map.roles[3].side, SIDE_RIGHT);
}

/* An IMU suite's export (APDM's Opal, say): "Accelerometer" columns are accelerations (before
 * 0.16.0 the template took them for force), and magnetometer, temperature and barometer columns
 * are left out (ignore, no side), since gaitbatch reads none of them. */
static void test_template_imu_suite_columns(void **state)
{
    (void)state;
    const char *names[] = {"Lumbar Accelerometer X", "Lumbar Gyroscope Y", "Lumbar Magnetometer Z",
                           "Lumbar Temperature",     "Lumbar Barometer",   "Quaternion W"};
    recording_info info = {.sample_rate_hz = 128, .channels = 6, .time_column = -1};
    for (int c = 0; c < info.channels; c++)
        snprintf(info.channel_names[c], sizeof info.channel_names[c], "%s", names[c]);
    char json[8192];
    assert_true(channel_map_template(&info, "r.csv", NULL, json, sizeof json) > 0);
    assert_null(strstr(json, "\"side\""));
    channel_map map;
    gb_error err = {0};
    if (channel_map_parse(json, "template", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_int_equal(map.roles[0].quantity, QUANTITY_ACCELERATION);
    assert_int_equal(map.roles[0].placement, PLACEMENT_SACRUM);
    assert_int_equal(map.roles[0].axis, 0);
    assert_int_equal(map.roles[1].quantity, QUANTITY_ANGULAR_VELOCITY);
    for (int c = 2; c < 6; c++)
        assert_int_equal(map.roles[c].quantity, QUANTITY_IGNORE);
}

/* One channel per axis of a sensor (since 0.27.0): a map giving one axis twice is refused, naming
 * both channels, where the stages kept the last, so that a phone app's magnitude column mapped as x
 * took the axis's place unseen. A lower-back sensor is one whatever sides its channels carry; the
 * two shanks' x axes are two. */
static void test_map_one_channel_per_axis(void **state)
{
    (void)state;
    channel_map map;
    gb_error err = {0};
    const char *twice = "{\"channels\":["
                        "{\"index\":0,\"quantity\":\"acceleration\",\"placement\":\"sacrum\","
                        "\"axis\":\"x\"},"
                        "{\"index\":1,\"quantity\":\"acceleration\",\"placement\":\"sacrum\","
                        "\"axis\":\"y\"},"
                        "{\"index\":3,\"quantity\":\"acceleration\",\"placement\":\"sacrum\","
                        "\"side\":\"right\",\"axis\":\"x\"}]}";
    assert_int_equal(channel_map_parse(twice, "m.json", &map, NULL, &err), GB_E_MAP);
    assert_contains(err.message, "m.json: channels[0] and channels[2] (file channels 0 and 3) are "
                                 "both the sacrum acceleration x axis");
    assert_contains(err.message, "\"quantity\": \"ignore\"");
    /* a gyroscope's x beside the accelerometer's, and each shank's own x: no clash */
    const char *apart = "{\"channels\":["
                        "{\"index\":0,\"quantity\":\"acceleration\",\"placement\":\"sacrum\","
                        "\"axis\":\"x\"},"
                        "{\"index\":1,\"quantity\":\"angular_velocity\",\"placement\":"
                        "\"sacrum\",\"axis\":\"x\"},"
                        "{\"index\":2,\"quantity\":\"acceleration\",\"placement\":\"shank\","
                        "\"side\":\"left\",\"axis\":\"x\"},"
                        "{\"index\":3,\"quantity\":\"acceleration\",\"placement\":\"shank\","
                        "\"side\":\"right\",\"axis\":\"x\"}]}";
    if (channel_map_parse(apart, "m.json", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_int_equal(map.role_count, 4);
}

/* The template leaves out a magnitude beside a sensor's axes (phyphox's "Absolute acceleration",
 * which it drafted as a second x before 0.27.0), and gives inertial columns whose names name no
 * axis the sensor's free ones in turn, a fourth being left out: its map parses. */
static void test_template_magnitude_and_unnamed_axes(void **state)
{
    (void)state;
    const char *names[] = {"Acceleration x (m/s^2)", "Acceleration y (m/s^2)",
                           "Acceleration z (m/s^2)", "Absolute acceleration (m/s^2)",
                           "gyro magnitude",         "Vector Magnitude"};
    channel_map map;
    template_map(names, 6, "r.csv", NULL, &map);
    for (int c = 0; c < 3; c++) {
        assert_int_equal(map.roles[c].quantity, QUANTITY_ACCELERATION);
        assert_int_equal(map.roles[c].axis, c);
    }
    for (int c = 3; c < 6; c++)
        assert_int_equal(map.roles[c].quantity, QUANTITY_IGNORE);
    /* columns that say what they hold but not which axis: x, y, z, then none */
    const char *plain[] = {"acc", "acc", "acc", "acc", "gyro", "left shank acc"};
    template_map(plain, 6, "r.csv", NULL, &map);
    for (int c = 0; c < 3; c++)
        assert_int_equal(map.roles[c].axis, c);
    assert_int_equal(map.roles[3].quantity, QUANTITY_IGNORE);
    assert_int_equal(map.roles[4].quantity, QUANTITY_ANGULAR_VELOCITY);
    assert_int_equal(map.roles[4].axis, 0); /* the gyroscope's own x */
    assert_int_equal(map.roles[5].placement, PLACEMENT_SHANK);
    assert_int_equal(map.roles[5].axis, 0); /* another sensor's */
}

/* An Xsens DOT export's columns (since 0.27.0): its packet counter, timer, Euler angles and status
 * are left out, and so is its free acceleration (gravity taken out) beside the accelerometer that
 * kept it, whichever comes first; before, FreeAcc_X took the x axis. A file of linear acceleration
 * alone keeps it mapped, for analyze to say it holds no gravity. */
static void test_template_imu_export_extras(void **state)
{
    (void)state;
    const char *names[] = {"PacketCounter", "SampleTimeFine", "Euler_X", "FreeAcc_X", "FreeAcc_Y",
                           "FreeAcc_Z",     "Acc_X",          "Acc_Y",   "Acc_Z",     "Status"};
    channel_map map;
    template_map(names, 10, "dot.csv", NULL, &map);
    for (int c = 0; c < 6; c++)
        assert_int_equal(map.roles[c].quantity, QUANTITY_IGNORE);
    for (int c = 6; c < 9; c++) {
        assert_int_equal(map.roles[c].quantity, QUANTITY_ACCELERATION);
        assert_int_equal(map.roles[c].axis, c - 6);
    }
    assert_int_equal(map.roles[9].quantity, QUANTITY_IGNORE);
    const char *linear[] = {"Linear Acceleration x (m/s^2)", "Linear Acceleration y (m/s^2)",
                            "Linear Acceleration z (m/s^2)"};
    template_map(linear, 3, "phone.csv", NULL, &map);
    for (int c = 0; c < 3; c++)
        assert_int_equal(map.roles[c].quantity, QUANTITY_ACCELERATION);
}

/* The map's up_axis (since 0.16.0): an axis with a sign, not the forward axis, written back with
 * the map (so a changed up_axis redoes the report). */
static void test_map_up_axis(void **state)
{
    (void)state;
    channel_map map;
    gb_error err = {0};
    const char *channels = "\"channels\":[{\"index\":0,\"quantity\":\"acceleration\","
                           "\"placement\":\"sacrum\",\"axis\":\"x\"}]}";
    char json[512];
    snprintf(json, sizeof json, "{\"up_axis\":\"-x\",\"forward_axis\":\"z\",%s", channels);
    if (channel_map_parse(json, "m.json", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_int_equal(map.up_axis, 0);
    assert_int_equal(map.up_sign, -1);
    char back[4096];
    channel_map_to_json(&map, 0, back, sizeof back);
    assert_contains(back, "\"up_axis\":\"-x\"");
    snprintf(json, sizeof json, "{\"up_axis\":\"w\",%s", channels);
    assert_int_equal(channel_map_parse(json, "m.json", &map, NULL, &err), GB_E_MAP);
    assert_contains(err.message, "up_axis must be \"x\", \"y\" or \"z\"");
    err = (gb_error){0};
    snprintf(json, sizeof json, "{\"up_axis\":\"z\",\"forward_axis\":\"-z\",%s", channels);
    assert_int_equal(channel_map_parse(json, "m.json", &map, NULL, &err), GB_E_MAP);
    assert_contains(err.message, "name the same axis");
    channel_map_init(&map);
    assert_int_equal(map.up_axis, -1);
}

/* A recording's own descriptions map "left foot" and "right foot" signals as foot switches
 * (PhysioNet's gait records); a shoe IMU's axis named so ("left_foot_acc_x") is left to a map
 * (before 0.12.0 it was read as a foot switch). And the template of a recording of the most
 * channels, each with the longest name, is whole (before, 4 KB held 16 channels). */
static void test_descriptions_and_long_templates(void **state)
{
    (void)state;
    recording_info info = {.sample_rate_hz = 100, .channels = 3, .time_column = -1};
    const char *names[] = {"left foot", "left_foot_acc_x", "Right Foot GyrY"};
    for (int c = 0; c < info.channels; c++)
        snprintf(info.channel_names[c], sizeof info.channel_names[c], "%s", names[c]);
    channel_map map;
    gb_error err = {0};
    assert_int_equal(channel_map_from_recording(&info, "r.csv", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 1);
    assert_int_equal(map.roles[0].quantity, QUANTITY_FORCE);
    info.channels = REC_MAX_CHANNELS;
    for (int c = 0; c < info.channels; c++) { /* names of REC_NAME_MAX - 1 characters */
        char name[128];
        snprintf(name, sizeof name, "%s_%02d_padding-padding-padding-padding-padding",
                 c % 2 ? "right_forefoot_force" : "left_heel_force", c);
        memcpy(info.channel_names[c], name, REC_NAME_MAX - 1);
        info.channel_names[c][REC_NAME_MAX - 1] = '\0';
    }
    static char json[CHANNEL_MAP_TEMPLATE_MAX];
    size_t length = channel_map_template(&info, "r.csv", NULL, json, sizeof json);
    assert_true(length > 12000 && length < sizeof json); /* 64 entries of about 230 bytes */
    if (channel_map_parse(json, "template", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_int_equal(map.role_count, REC_MAX_CHANNELS);
    assert_int_equal(map.roles[63].side, SIDE_RIGHT);
    assert_int_equal(map.roles[63].location, LOCATION_FOREFOOT);
    /* too small a buffer: nothing, rather than a template cut short */
    assert_int_equal(channel_map_template(&info, "r.csv", NULL, json, 4096), 0);
    assert_string_equal(json, "");
}

/* A packed file is told by its first bytes whatever its name: a gzip stream named .wav, a zip
 * archive named .wav; each is refused with what to do, before any reader guesses at it. Text is
 * read through gzip (since 0.18.0): a broken stream named .csv is damaged text. A .gt3x is a zip
 * archive its own reader opens: one without log.bin is no .gt3x. */
static void test_packed_files_are_refused(void **state)
{
    (void)state;
    test_scratch("read_packed");
    test_write_file(test_path("gzipped.wav"), "\x1f\x8b\x08\x00 rest of the stream");
    test_write_file(test_path("gzipped.csv"), "\x1f\x8b\x08\x00 rest of the stream");
    test_write_file(test_path("zipped.wav"), "PK\x03\x04 rest of the archive");
    test_write_file(test_path("day.gt3x"), "PK\x03\x04 rest of the archive");
    const struct {
        const char *name, *needle;
    } cases[] = {{"gzipped.wav", "gzipped.wav: compressed with gzip, in a format gaitbatch reads "
                                 "only unpacked: gunzip it first"},
                 {"gzipped.csv", "gzipped.csv: the compressed data"},
                 {"zipped.wav", "zipped.wav: a zip archive: unzip it first"},
                 {"day.gt3x", "day.gt3x: not a .gt3x file: no zip archive holding log.bin"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gb_error err = {0};
        assert_null(recording_open(test_path(cases[i].name), NULL, &err));
        assert_int_equal(err.code, GB_E_FORMAT);
        assert_contains(err.message, cases[i].needle);
    }
    assert_true(recording_is_packed_name("team/uploads.ZIP"));
    assert_false(recording_is_packed_name("team/ana/run.flac"));
    /* by name, a .wav.gz is packed and no recording; a .csv.gz or .cwa.gz is one */
    assert_false(recording_is_candidate("team/ana/run.wav.gz"));
    assert_true(recording_is_candidate("team/ana/run.csv.gz"));
    assert_true(recording_is_candidate("team/ana/day.CWA.GZ"));
    assert_false(recording_is_candidate("team/archive.tar.gz"));
}

/* Excel's "Unicode Text" is UTF-16: refused as such (since 0.18.0), with the export to use, where
 * before its zero bytes cut every line short and the message was "no data columns besides time".
 * So are UTF-16 without a byte order mark and binary data under a text name. */
static void test_utf16_text_refused(void **state)
{
    (void)state;
    test_scratch("read_utf16");
    const char *text = "time_s\tacc_x\n0\t1\n0.01\t2\n";
    const struct {
        const char *name;
        int bom; /* 0 none, 1 little-endian's */
    } cases[] = {{"unicode.txt", 1}, {"plain16.csv", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(test_path(cases[i].name), "wb");
        assert_non_null(f);
        if (cases[i].bom) fputs("\xff\xfe", f);
        for (const char *c = text; *c; c++) { /* UTF-16LE: each ASCII byte and a zero */
            fputc(*c, f);
            fputc(0, f);
        }
        fclose(f);
        recording_options opt;
        recording_options_default(&opt);
        gb_error err = {0};
        assert_null(recording_open(test_path(cases[i].name), &opt, &err));
        assert_int_equal(err.code, GB_E_FORMAT);
        assert_contains(err.message, "UTF-16 text or binary data");
        assert_contains(err.message, "save it as \"CSV UTF-8\"");
    }
    /* and a UTF-8 file with its byte order mark (Excel's "CSV UTF-8") is read */
    test_write_file(test_path("utf8.csv"), "\xef\xbb\xbftime_s,acc_x\n0,1\n0.01,2\n0.02,3\n");
    gb_error err = {0};
    recording *rec = recording_open(test_path("utf8.csv"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_string_equal(recording_get_info(rec)->channel_names[0], "acc_x");
    recording_close(rec);
}

/* The stem a recording shares with its sidecar map, WFDB header and report: the file name's
 * extension off, both of a compressed one's. */
static void test_recording_stems(void **state)
{
    (void)state;
    const struct {
        const char *path;
        int stem;
    } cases[] = {{"team/ana/run.csv.gz", 12},
                 {"team/ana/run.csv", 12},
                 {"run.flac", 3},
                 {"run", 3},
                 {"a.b/run", 7},
                 {"a.b/run.cwa.GZ", 7},
                 {"day.gz", 3},
                 {"a.b/.gz", 4},
                 {"x.y.csv.gz", 3}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (recording_stem_length(cases[i].path) != cases[i].stem)
            fail_msg("%s: stem %d, not %d", cases[i].path, recording_stem_length(cases[i].path),
                     cases[i].stem);
    }
}

/* Writes from's bytes gzip-compressed to `to`, cut to `keep` bytes when keep >= 0. */
static void gzip_copy(const char *from, const char *to, long keep)
{
    FILE *in = fopen(from, "rb");
    assert_non_null(in);
    gzFile out = gzopen(to, "wb");
    assert_non_null(out);
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, in)) > 0)
        assert_int_equal(gzwrite(out, buffer, (unsigned)n), (int)n);
    fclose(in);
    assert_int_equal(gzclose(out), Z_OK);
    if (keep >= 0) assert_int_equal(truncate(to, keep), 0);
}

/* The scratch file name, and the same gzip-compressed as name.gz, each opened as a recording. */
static void open_with_gzipped(const char *name, recording **plain, recording **packed)
{
    char compressed[300];
    snprintf(compressed, sizeof compressed, "%s.gz", test_path(name));
    gzip_copy(test_path(name), compressed, -1);
    gb_error err = {0};
    if (!(*plain = recording_open(test_path(name), NULL, &err))) fail_msg("%s", err.message);
    if (!(*packed = recording_open(compressed, NULL, &err))) fail_msg("%s", err.message);
}

/* Spoils the CRC-32 of the gzip file at path (its trailer's first byte), the data left whole. */
static void spoil_gzip_check(const char *path)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, -8, SEEK_END), 0);
    int byte = fgetc(f);
    assert_int_equal(fseek(f, -8, SEEK_END), 0);
    fputc(byte ^ 0xff, f);
    fclose(f);
}

/* Frames of two recordings, NaN for NaN; returns the frames of the first. */
static long assert_same_frames(recording *a, recording *b, long max)
{
    const recording_info *ia = recording_get_info(a), *ib = recording_get_info(b);
    assert_int_equal(ia->channels, ib->channels);
    assert_float_equal(ia->sample_rate_hz, ib->sample_rate_hz, 0);
    double *x = calloc((size_t)(max + 3) * ia->channels, sizeof(double)),
           *y = calloc((size_t)(max + 3) * ia->channels, sizeof(double));
    gb_error err = {0};
    long n = read_all(a, x, max, &err), m = read_all(b, y, max, &err);
    assert_true(n > 0);
    assert_int_equal(n, m);
    for (long i = 0; i < n * ia->channels; i++)
        if (!(x[i] == y[i] || (isnan(x[i]) && isnan(y[i]))))
            fail_msg("value %ld: %.17g against %.17g", i, x[i], y[i]);
    free(x);
    free(y);
    return n;
}

/* A gzip-compressed CSV (since 0.18.0) reads as the same file unpacked, named .csv.gz or not, and
 * one whose compressed data were cut short is refused as such, not read as a last row cut off. */
static void test_gzip_compressed_text(void **state)
{
    (void)state;
    test_scratch("read_gzip_text");
    char text[40000] = "time_s,acc_x,acc_y,acc_z\n";
    for (int i = 0; i < 1000; i++) {
        size_t used = strlen(text);
        if (i % 7 == 0) /* an empty cell: a missing sample */
            snprintf(text + used, sizeof text - used, "%.3f,%.4f,,%d\n", i * 0.01, sin(i * 0.1),
                     i % 3);
        else
            snprintf(text + used, sizeof text - used, "%.3f,%.4f,%.4f,%d\n", i * 0.01, sin(i * 0.1),
                     0.25 * i, i % 3);
    }
    test_write_file(test_path("walk.csv"), text);
    gzip_copy(test_path("walk.csv"), test_path("walk.csv.gz"), -1);
    gzip_copy(test_path("walk.csv"), test_path("gzipped.csv"), -1);
    recording_options opt;
    recording_options_default(&opt);
    gb_error err = {0};
    recording *plain = recording_open(test_path("walk.csv"), &opt, &err);
    if (!plain) fail_msg("%s", err.message);
    for (int named = 0; named < 2; named++) {
        recording *packed =
            recording_open(test_path(named ? "walk.csv.gz" : "gzipped.csv"), &opt, &err);
        if (!packed) fail_msg("%s", err.message);
        assert_contains(recording_get_info(packed)->format, "delimited text ('comma'), gzip");
        recording_close(plain);
        plain = recording_open(test_path("walk.csv"), &opt, &err);
        assert_int_equal(assert_same_frames(plain, packed, 1000), 1000);
        assert_float_equal(recording_get_info(packed)->sample_rate_hz, 100, 1e-9);
        recording_close(packed);
    }
    recording_close(plain);
    struct stat st;
    assert_int_equal(stat(test_path("walk.csv.gz"), &st), 0);
    gzip_copy(test_path("walk.csv"), test_path("cut.csv.gz"), (long)st.st_size / 2);
    recording *cut = recording_open(test_path("cut.csv.gz"), &opt, &err);
    if (cut) { /* the cut may lie past the rows the rate is measured from */
        double *out = calloc(3 * 1003, sizeof(double));
        assert_true(read_all(cut, out, 1000, &err) < 0);
        free(out);
        recording_close(cut);
    }
    assert_int_equal(err.code, GB_E_FORMAT);
    assert_contains(err.message, "cut.csv.gz: the compressed data end early, in line ");
}

/* Every spelling of an inertial unit in one table (since 0.17.0): a map's, a file's Units
 * attribute and a column name's come to the unit converted, and a map with a unit gaitbatch does
 * not convert is refused, where before "rad/sec" was read as deg/s and "m/sec2" as g */
static void test_inertial_unit_spellings(void **state)
{
    (void)state;
    const struct {
        int quantity;
        const char *written, *unit;
    } cases[] = {{QUANTITY_ACCELERATION, "", "g"},
                 {QUANTITY_ACCELERATION, "G", "g"},
                 {QUANTITY_ACCELERATION, "m/s^2", "m/s2"},
                 {QUANTITY_ACCELERATION, "m/s\xC2\xB2", "m/s2"},
                 {QUANTITY_ACCELERATION, "m/sec2", "m/s2"},
                 {QUANTITY_ACCELERATION, "M/S/S", "m/s2"},
                 {QUANTITY_ACCELERATION, "deg/s", NULL},
                 {QUANTITY_ACCELERATION, "mg", "mg"}, /* since 0.27.0: Polar's thousandths of g */
                 {QUANTITY_ACCELERATION, "ft/s2", NULL},
                 {QUANTITY_ANGULAR_VELOCITY, "", "deg/s"},
                 {QUANTITY_ANGULAR_VELOCITY, "dps", "deg/s"},
                 {QUANTITY_ANGULAR_VELOCITY, "\xC2\xB0/s", "deg/s"},
                 {QUANTITY_ANGULAR_VELOCITY, "rad/sec", "rad/s"},
                 {QUANTITY_ANGULAR_VELOCITY, "rpm", NULL},
                 {QUANTITY_FORCE, "N", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = channel_unit_canonical(cases[i].quantity, cases[i].written);
        if (cases[i].unit ? !got || strcmp(got, cases[i].unit) != 0 : got != NULL)
            fail_msg("\"%s\": %s, not %s", cases[i].written, got ? got : "none",
                     cases[i].unit ? cases[i].unit : "none");
    }
    const char *base = "{\"channels\": [{\"index\": 0, \"quantity\": \"angular_velocity\", "
                       "\"placement\": \"sacrum\", \"axis\": \"x\", \"unit\": \"%s\"}, "
                       "{\"index\": 1, \"quantity\": \"force\", \"side\": \"left\"}]}";
    char json[512];
    channel_map map;
    gb_error err = {0};
    snprintf(json, sizeof json, base, "rad/sec");
    if (channel_map_parse(json, "units.json", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_string_equal(map.roles[0].unit, "rad/s");
    snprintf(json, sizeof json, base, "rpm");
    assert_int_equal(channel_map_parse(json, "units.json", &map, NULL, &err), GB_E_MAP);
    assert_contains(err.message, "units.json: channels[0] has \"unit\": \"rpm\", which gaitbatch "
                                 "does not convert for a gyroscope: write \"deg/s\" or \"rad/s\"");
}

/* One vocabulary of wear locations for the loggers' location codes and APDM's sensor labels: the
 * lower back and waist, not the upper trunk or a limb */
static void test_worn_at_lower_back(void **state)
{
    (void)state;
    const struct {
        const char *location;
        int lower_back;
    } cases[] = {{"waist", 1},           {"Left Hip", 1}, {"Lumbar", 1},      {"Sacrum", 1},
                 {"Lower Back", 1},      {"Pelvis", 1},   {"belt", 1},        {"Upper Back", -1},
                 {"Sternum", -1},        {"chest", -1},   {"left wrist", -1}, {"Right Foot", -1},
                 {"Left Lower Leg", -1}, {"", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = recording_worn_at_lower_back(cases[i].location);
        if (got != cases[i].lower_back) fail_msg("\"%s\": %d", cases[i].location, got);
    }
}

static void test_empty_file(void **state)
{
    (void)state;
    test_scratch("read_empty");
    const char *path = test_path("empty.flac");
    test_write_file(path, "");
    gb_error err = {0};
    assert_null(recording_open(path, NULL, &err));
    assert_contains(err.message, "empty file");
}

/* A pipe is refused by what it is, not read (stat gives it no size: it read as an empty file). */
static void test_pipe_is_no_recording(void **state)
{
    (void)state;
    test_scratch("read_pipe");
    const char *path = test_path("pipe.wav");
    assert_int_equal(mkfifo(path, 0600), 0);
    gb_error err = {0};
    assert_null(recording_open(path, NULL, &err));
    assert_int_equal(err.code, GB_E_IO);
    assert_contains(err.message, "pipe.wav: not a regular file (a pipe, device or socket)");
}

static void write_audio(const char *path, int format, long frames, int channels)
{
    SF_INFO info = {.samplerate = 500, .channels = channels, .format = format};
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    assert_non_null(f);
    sf_set_string(f, SF_STR_COMMENT, "{\"channels\":[{\"index\":0,\"side\":\"left\"}]}");
    for (long i = 0; i < frames; i++) {
        double frame[4];
        for (int c = 0; c < channels; c++)
            frame[c] = 0.0005 * (double)(i % 500) * (c + 1) - 0.2;
        sf_writef_double(f, frame, 1);
    }
    sf_close(f);
}

static void test_sndfile_float_wav_and_flac(void **state)
{
    (void)state;
    test_scratch("read_sndfile");
    const char *paths[] = {test_path("a.wav"), test_path("a.flac")};
    int formats[] = {SF_FORMAT_WAV | SF_FORMAT_FLOAT, SF_FORMAT_FLAC | SF_FORMAT_PCM_24};
    for (int k = 0; k < 2; k++) {
        write_audio(paths[k], formats[k], 1000, 3);
        gb_error err = {0};
        recording *rec = recording_open(paths[k], NULL, &err);
        assert_non_null(rec);
        const recording_info *info = recording_get_info(rec);
        assert_int_equal(info->channels, 3);
        assert_float_equal(info->sample_rate_hz, 500, 0);
        if (info->frames >= 0) assert_int_equal(info->frames, 1000);
        assert_contains(info->comment, "\"side\":\"left\"");
        double *frames = calloc(3 * 1003, sizeof(double)); /* room for a last full request */
        assert_int_equal(read_all(rec, frames, 1000, &err), 1000);
        /* frame 321, channel 2: 0.0005 * 321 * 3 - 0.2 */
        assert_float_equal(frames[321 * 3 + 2], 0.2815, k == 0 ? 1e-6 : 1e-5);
        free(frames);
        recording_close(rec);
    }
}

/* A float WAV holding a NaN or an infinity is refused, naming the frame and channel, however many
 * finite frames come first in the block: not read as a gap. */
static void test_float_wav_with_nonfinite_samples(void **state)
{
    (void)state;
    test_scratch("read_nonfinite");
    const double bad[] = {NAN, INFINITY};
    const char *names[] = {"NaN", "Inf"};
    for (int k = 0; k < 2; k++) {
        const char *path = test_path(k ? "inf.wav" : "nan.wav");
        SF_INFO info = {
            .samplerate = 100, .channels = 3, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
        SNDFILE *f = sf_open(path, SFM_WRITE, &info);
        assert_non_null(f);
        for (long i = 0; i < 2000; i++) {
            double frame[3] = {0.1, 0.2, i == 1234 ? bad[k] : 0.3};
            sf_writef_double(f, frame, 1);
        }
        sf_close(f);
        gb_error err = {0};
        recording *rec = recording_open(path, NULL, &err);
        assert_non_null(rec);
        double *frames = calloc(3 * 4096, sizeof(double));
        long n, total = 0;
        while ((n = recording_read(rec, frames, 4096, &err)) > 0)
            total += n;
        assert_int_equal(n, GB_E_VALUE);
        assert_int_equal(total, 0); /* the block that holds it is refused whole */
        char expected[64];
        snprintf(expected, sizeof expected, "frame 1234, channel 2 holds %s", names[k]);
        assert_contains(err.message, expected);
        free(frames);
        recording_close(rec);
    }
}

static void test_truncated_wav(void **state)
{
    (void)state;
    test_scratch("read_truncated");
    const char *path = test_path("cut.wav");
    write_audio(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 5000, 2);
    assert_int_equal(truncate(path, 4000), 0);
    gb_error err = {0};
    recording *rec = recording_open(path, NULL, &err);
    if (rec) {
        double frames[8192];
        long n;
        while ((n = recording_read(rec, frames, 1024, &err)) > 0) {
        }
        recording_close(rec);
    }
    assert_int_equal(err.code, GB_E_FORMAT);
    assert_contains(err.message, "truncated");
}

/* WFDB format 212: pairs of 12-bit samples in 3 bytes; -2048 invalid. */
static void put212(FILE *f, int a, int b)
{
    unsigned ua = (unsigned)a & 0xfff, ub = (unsigned)b & 0xfff;
    fputc((int)(ua & 0xff), f);
    fputc((int)(((ua >> 8) & 0x0f) | ((ub >> 8) & 0x0f) << 4), f);
    fputc((int)(ub & 0xff), f);
}

static void test_wfdb_212_and_16(void **state)
{
    (void)state;
    test_scratch("read_wfdb");
    FILE *f = fopen(test_path("r.let"), "wb");
    put212(f, 100, -200);
    put212(f, -2048, 2047);
    fclose(f);
    f = fopen(test_path("r.rit"), "wb");
    int16_t values[4] = {10, -32768, 30, 40};
    fwrite(values, 2, 4, f);
    fclose(f);
    test_write_file(test_path("r.hea"), "r 2 300 4\n"
                                        "r.let 212 100(50)/N 12 0 0 0 0 left-foot\n"
                                        "r.rit 16 10 16 5 0 0 0 right-foot\n");
    gb_error err = {0};
    recording *rec = recording_open(test_path("r.hea"), NULL, &err);
    assert_non_null(rec);
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->channels, 2);
    assert_float_equal(info->sample_rate_hz, 300, 0);
    assert_string_equal(info->channel_names[0], "left-foot");
    assert_string_equal(info->channel_units[0], "N");
    assert_int_equal(info->file_count, 3);
    double frames[8];
    assert_int_equal(read_all(rec, frames, 4, &err), 4);
    assert_float_equal(frames[0], (100 - 50) / 100.0, 1e-12);
    assert_float_equal(frames[2], (-200 - 50) / 100.0, 1e-12);
    assert_true(isnan(frames[4]));
    assert_float_equal(frames[6], (2047 - 50) / 100.0, 1e-12);
    assert_float_equal(frames[1], (10 - 5) / 10.0, 1e-12);
    assert_true(isnan(frames[3]));
    assert_float_equal(frames[7], (40 - 5) / 10.0, 1e-12);
    channel_map map;
    assert_int_equal(channel_map_from_recording(info, "r.hea", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 2);
    assert_int_equal(map.roles[1].side, SIDE_RIGHT);
    recording_close(rec);
}

static void test_wfdb_missing_signal_file(void **state)
{
    (void)state;
    test_scratch("read_wfdb_missing");
    test_write_file(test_path("m.hea"), "m 1 100 10\nm.dat 16 200 16 0 0 0 0 left-foot\n");
    gb_error err = {0};
    assert_null(recording_open(test_path("m.hea"), NULL, &err));
    assert_int_equal(err.code, GB_E_IO);
    assert_contains(err.message, "m.dat");
    assert_contains(err.message, "header line 2");
}

/* The input checksum: SHA-256 of the files taken together, the same on a thread of its own, and
 * an error naming a file that cannot be read. */
static void test_checksum_job_on_a_thread_and_without(void **state)
{
    (void)state;
    test_scratch("checksum");
    char files[2][1024];
    snprintf(files[0], sizeof files[0], "%s", test_path("a.txt"));
    snprintf(files[1], sizeof files[1], "%s", test_path("b.txt"));
    test_write_file(files[0], "a");
    test_write_file(files[1], "bc");
    /* SHA-256("abc"), FIPS 180-2 appendix B.1 */
    const char *abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    for (int threaded = 0; threaded <= 1; threaded++) {
        gb_error err = {0};
        char hex[65];
        checksum_job *job = checksum_job_start(files, 2, threaded, &err);
        assert_non_null(job);
        assert_int_equal(checksum_job_finish(job, hex, &err), 0);
        assert_string_equal(hex, abc);
    }
    snprintf(files[1], sizeof files[1], "%s", test_path("missing.txt"));
    gb_error err = {0};
    char hex[65];
    checksum_job *job = checksum_job_start(files, 2, 1, &err);
    assert_non_null(job);
    assert_int_not_equal(checksum_job_finish(job, hex, &err), 0);
    assert_non_null(strstr(err.message, "missing.txt"));
}

static void test_channel_map_parse(void **state)
{
    (void)state;
    channel_map map;
    gb_error err = {0};
    test_warnings warnings = {0};
    gb_warner warner = {test_collect_warning, &warnings};
    const char *json =
        "{\"athlete\":\"A7\",\"body_mass_kg\":61.5,\"colour\":\"red\",\"time_column\":0,"
        "\"time_unit\":\"ms\",\"channels\":["
        "{\"index\":0,\"side\":\"left\",\"location\":\"heel\",\"unit\":\"kg\"},"
        "{\"index\":3,\"side\":\"right\",\"sensor\":2,\"x_mm\":500,\"y_mm\":-800}]}";
    assert_int_equal(channel_map_parse(json, "m.json", &map, &warner, &err), 0);
    assert_string_equal(map.athlete, "A7");
    assert_float_equal(map.body_mass_kg, 61.5, 0);
    assert_float_equal(map.time_unit_s, 1e-3, 0);
    assert_int_equal(map.role_count, 2);
    assert_int_equal(map.roles[0].location, LOCATION_HEEL);
    assert_int_equal(map.roles[1].location, LOCATION_SENSOR);
    assert_float_equal(map.roles[1].y_mm, -800, 0);
    assert_int_equal(warnings.count, 1);
    assert_contains(warnings.last, "unknown key 'colour'");

    assert_int_equal(channel_map_parse("{\"channels\":[{\"index\":0,\"side\":\"up\"}]}", "m.json",
                                       &map, NULL, &err),
                     GB_E_MAP);
    assert_contains(err.message, "channels[0].side is 'up'");
    gb_error_clear(&err);
    assert_int_equal(
        channel_map_parse("{\"channels\":[{\"side\":\"left\"}]}", "m.json", &map, NULL, &err),
        GB_E_MAP);
    assert_contains(err.message, "needs \"index\"");
    gb_error_clear(&err);
    assert_int_equal(channel_map_parse("{\"channels\": [", "m.json", &map, NULL, &err), GB_E_MAP);
    assert_contains(err.message, "invalid JSON");
    gb_error_clear(&err);

    /* standing_s: a time range, kept through the map's JSON (it enters the settings checksum) */
    assert_int_equal(
        channel_map_parse("{\"standing_s\":[1,6],\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
                          "m.json", &map, NULL, &err),
        0);
    assert_float_equal(map.standing_start_s, 1, 0);
    assert_float_equal(map.standing_end_s, 6, 0);
    char again[4096];
    channel_map_to_json(&map, 0, again, sizeof again);
    assert_contains(again, "\"standing_s\":[1.0,6.0]");
    const char *bad[] = {"[6,1]", "[-1,2]", "[1]", "[1,2,3]", "\"1-6\"", "[1,\"6\"]", "[0,1e308]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text,
                 "{\"standing_s\":%s,\"channels\":[{\"index\":0,\"side\":\"left\"}]}", bad[i]);
        assert_int_equal(channel_map_parse(text, "m.json", &map, NULL, &err), GB_E_MAP);
        assert_contains(err.message, "standing_s must be [start, end]");
        gb_error_clear(&err);
    }
    channel_map_parse("{\"channels\":[{\"index\":0,\"side\":\"left\"}]}", "m.json", &map, NULL,
                      &err);
    assert_true(isnan(map.standing_start_s)); /* none given */

    /* forward_axis with a sign: the axis and its direction, kept through the map's JSON */
    assert_int_equal(channel_map_parse(
                         "{\"forward_axis\":\"-z\",\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
                         "m.json", &map, NULL, &err),
                     0);
    assert_int_equal(map.forward_axis, 2);
    assert_int_equal(map.forward_sign, -1);
    channel_map_to_json(&map, 0, again, sizeof again);
    assert_contains(again, "\"forward_axis\":\"-z\"");
    assert_int_equal(channel_map_parse(
                         "{\"forward_axis\":\"+x\",\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
                         "m.json", &map, NULL, &err),
                     0);
    assert_int_equal(map.forward_axis, 0);
    assert_int_equal(map.forward_sign, 1);
    assert_int_equal(channel_map_parse(
                         "{\"forward_axis\":\"-w\",\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
                         "m.json", &map, NULL, &err),
                     GB_E_MAP);
    assert_contains(err.message, "\"-z\": z points backwards");
    gb_error_clear(&err);

    /* sensor_height_m: kept through the map's JSON; a height in cm is left out, with a warning */
    assert_int_equal(channel_map_parse("{\"sensor_height_m\":1.25,\"channels\":[{\"index\":0,"
                                       "\"side\":\"left\"}]}",
                                       "m.json", &map, &warner, &err),
                     0);
    assert_float_equal(map.sensor_height_m, 1.25, 0);
    channel_map_to_json(&map, 0, again, sizeof again);
    assert_contains(again, "\"sensor_height_m\":1.25");
    warnings.count = 0;
    assert_int_equal(channel_map_parse("{\"sensor_height_m\":96,\"channels\":[{\"index\":0,"
                                       "\"side\":\"left\"}]}",
                                       "m.json", &map, &warner, &err),
                     0);
    assert_true(isnan(map.sensor_height_m));
    assert_int_equal(warnings.count, 1);
    assert_contains(warnings.last, "sensor_height_m 96 is no lower-back sensor's height");

    /* numbers that are no column or sensor (beyond int's range, negative, fractional) are
     * refused before they are cast to int (UBSan's float-cast-overflow found 1e308 cast) */
    const char *no_columns[] = {
        "{\"time_column\":1e308,\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
        "{\"time_column\":-3,\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
        "{\"time_column\":1.5,\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
        "{\"channels\":[{\"index\":0,\"side\":\"left\",\"sensor\":1e308}]}",
        "{\"channels\":[{\"index\":0,\"side\":\"left\",\"sensor\":-1}]}",
        "{\"channels\":[{\"index\":4294967297,\"side\":\"left\"}]}"};
    const char *why[] = {
        "time_column 1e+308 is no column",     "time_column -3 is no column",
        "time_column 1.5 is no column",        "\"sensor\": 1e+308, not a sensor number",
        "\"sensor\": -1, not a sensor number", "needs \"index\""};
    for (size_t i = 0; i < sizeof no_columns / sizeof no_columns[0]; i++) {
        assert_int_equal(channel_map_parse(no_columns[i], "m.json", &map, NULL, &err), GB_E_MAP);
        assert_contains(err.message, why[i]);
        gb_error_clear(&err);
    }
    assert_int_equal(channel_map_parse("{\"time_column\":2,\"channels\":[{\"index\":0,"
                                       "\"side\":\"left\",\"sensor\":3}]}",
                                       "m.json", &map, NULL, &err),
                     0);
    assert_int_equal(map.time_column, 2);
    assert_int_equal(map.roles[0].sensor, 3);

    /* foot_stances (since 0.10.0): "brief" kept through the map's JSON, "auto" the default and
     * left out of it, anything else refused */
    const struct {
        const char *value;
        int rc, brief;
    } stances[] = {{"brief", 0, 1}, {"auto", 0, 0}, {"still", GB_E_MAP, 0}};
    for (size_t i = 0; i < sizeof stances / sizeof stances[0]; i++) {
        char text[128];
        snprintf(text, sizeof text,
                 "{\"foot_stances\":\"%s\",\"channels\":[{\"index\":0,\"side\":\"left\"}]}",
                 stances[i].value);
        assert_int_equal(channel_map_parse(text, "m.json", &map, &warner, &err), stances[i].rc);
        if (stances[i].rc) {
            assert_contains(err.message, "m.json: foot_stances must be \"auto\"");
            gb_error_clear(&err);
            continue;
        }
        assert_int_equal(map.foot_brief_stances, stances[i].brief);
        channel_map_to_json(&map, 0, again, sizeof again);
        assert_true((strstr(again, "\"foot_stances\":\"brief\"") != NULL) == stances[i].brief);
    }
}

static void test_channel_map_check_names_missing_channel(void **state)
{
    (void)state;
    channel_map map;
    gb_error err = {0};
    assert_int_equal(channel_map_parse("{\"channels\":[{\"index\":5,\"side\":\"left\"}]}", "m.json",
                                       &map, NULL, &err),
                     0);
    recording_info info = {.channels = 4};
    assert_int_equal(channel_map_check(&map, &info, "rec.flac", &err), GB_E_MAP);
    assert_contains(err.message, "names channel 5, but the file has 4 channels");
}

/* An omconvert WAV: 4 channels (X, Y, Z, aux), scale and start time in the INFO chunk. */
static void test_axivity_wav_reads_itself(void **state)
{
    (void)state;
    test_scratch("read_axivity");
    SF_INFO info = {.samplerate = 100, .channels = 4, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *f = sf_open(test_path("ax.wav"), SFM_WRITE, &info);
    assert_non_null(f);
    sf_set_string(f, SF_STR_COMMENT,
                  "Time: 2026-11-20 09:00:00.000\nChannel-1: Accel-X\nScale-1: 8\nChannel-2: "
                  "Accel-Y\nScale-2: 8\nChannel-3: Accel-Z\nScale-3: 8\nChannel-4: Aux\n");
    sf_set_string(f, SF_STR_DATE, "2026-11-20 09:00:00.000");
    short frames[400 * 4];
    for (int i = 0; i < 400; i++) {
        frames[4 * i] = 4096; /* 0.125 of full scale: 1 g at +-8 g */
        frames[4 * i + 1] = 0;
        frames[4 * i + 2] = -2048;
        /* rows 100-109 not available (10), rows 200-204 clipped (01), the rest fine (00) */
        frames[4 * i + 3] = (short)(i >= 100 && i < 110   ? 0x8000
                                    : i >= 200 && i < 205 ? 0x4000
                                                          : 0);
    }
    sf_writef_short(f, frames, 400);
    sf_close(f);
    gb_error err = {0};
    recording *rec = recording_open(test_path("ax.wav"), NULL, &err);
    assert_non_null(rec);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->device, "Axivity");
    assert_string_equal(ri->start_time, "2026-11-20 09:00:00.000");
    channel_map map;
    assert_int_equal(channel_map_from_recording(ri, "ax.wav", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 3);
    assert_int_equal(map.roles[2].axis, 2);
    assert_int_equal(map.roles[0].placement, PLACEMENT_SACRUM);
    assert_float_equal(map.roles[0].scale, 8, 0);
    assert_string_equal(map.session, "2026-11-20 09:00:00");
    double *out = calloc(4 * (403 + 10), sizeof(double)); /* room for the bridging below */
    assert_int_equal(read_all(rec, out, 400, &err), 400);
    assert_float_equal(out[0] * map.roles[0].scale, 1.0, 1e-9); /* g after the map's scale */
    assert_float_equal(out[2] * map.roles[2].scale, -0.5, 1e-9);
    for (int i = 0; i < 400; i++) {
        int gap = (i >= 100 && i < 110) || (i >= 200 && i < 205);
        assert_int_equal(isnan(out[4 * i]), gap);
        assert_int_equal(isnan(out[4 * i + 2]), gap);
        /* the clipped rows stay gaps however short: bridging is not to draw over them */
        assert_int_equal(gb_is_flagged_nan(out[4 * i + 1]), i >= 200 && i < 205);
    }
    /* through the bridging analyze does (runs of up to 10 rows here): the 10 rows not available
     * are drawn in, the 5 clipped ones are not */
    gapfill *bridge = gapfill_create(4, 10, &err);
    assert_non_null(bridge);
    long handed = gapfill_process(bridge, out, 400);
    handed += gapfill_finish(bridge, out + 4 * handed);
    assert_int_equal(handed, 400);
    assert_int_equal(gapfill_bridged(bridge), 10 * 3);
    for (int i = 0; i < 400; i++)
        assert_int_equal(isnan(out[4 * i]), i >= 200 && i < 205);
    assert_float_equal(out[4 * 105] * map.roles[0].scale, 1.0, 1e-9);
    gapfill_destroy(bridge);
    free(out);
    recording_close(rec);
}

/* Writes 100 rows of an omconvert-style WAV: `channels` channels of 16 bits, the last validity
 * bits, `comment` in the INFO chunk; data channel c holds (c + 1) / 16 of full scale; rows 10-14
 * are not available and clipped (11), rows 20-24 clipped (01). */
static void write_omconvert(const char *path, int channels, const char *comment)
{
    SF_INFO info = {
        .samplerate = 100, .channels = channels, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    assert_non_null(f);
    sf_set_string(f, SF_STR_COMMENT, comment);
    short frames[100 * 8];
    for (int i = 0; i < 100; i++) {
        for (int c = 0; c < channels - 1; c++)
            frames[channels * i + c] = (short)(2048 * (c + 1));
        frames[channels * i + channels - 1] = (short)(i >= 10 && i < 15   ? 0xc000
                                                      : i >= 20 && i < 25 ? 0x4000
                                                                          : 0);
    }
    sf_writef_short(f, frames, 100);
    sf_close(f);
}

/* omconvert since its AX6 support names each data channel with its own scale and leaves the
 * validity channel unnamed (older ones wrote "Channel-4: Aux"): an AX6 file's accelerometer in g
 * (Scale 8) and gyroscope in deg/s (Scale 2000) are read without a map, and every data channel of
 * a row not available or clipped is a gap, a row both not available and clipped too. An AX3 file
 * of the newer omconvert is read too; a comment naming only some channels is no omconvert file.
 * Before 0.14.0 only the older four-channel layout was read: these had no map. */
static void test_axivity_ax6_wav_reads_itself(void **state)
{
    (void)state;
    test_scratch("read_axivity6");
    write_omconvert(test_path("ax6.wav"), 7,
                    "Time: 2026-11-20 09:00:00.000\nChannel-1: Accel-X\nScale-1: 8\n"
                    "Channel-2: Accel-Y\nScale-2: 8\nChannel-3: Accel-Z\nScale-3: 8\n"
                    "Channel-4: Gyro-X\nScale-4: 2000\nChannel-5: Gyro-Y\nScale-5: 2000\n"
                    "Channel-6: Gyro-Z\nScale-6: 2000\n");
    gb_error err = {0};
    recording *rec = recording_open(test_path("ax6.wav"), NULL, &err);
    assert_non_null(rec);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->device, "Axivity");
    assert_string_equal(ri->channel_names[3], "Gyro-X");
    assert_string_equal(ri->channel_names[6], "Aux");
    channel_map map;
    assert_int_equal(channel_map_from_recording(ri, "ax6.wav", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 6);
    for (int c = 0; c < 6; c++) {
        assert_int_equal(map.roles[c].index, c);
        assert_int_equal(map.roles[c].axis, c % 3);
        assert_int_equal(map.roles[c].quantity,
                         c < 3 ? QUANTITY_ACCELERATION : QUANTITY_ANGULAR_VELOCITY);
        assert_int_equal(map.roles[c].placement, PLACEMENT_SACRUM);
        assert_string_equal(map.roles[c].unit, c < 3 ? "g" : "deg/s");
        assert_float_equal(map.roles[c].scale, c < 3 ? 8 : 2000, 0);
    }
    double out[(100 + 3) * 7]; /* read_all asks for 3 rows past the end */
    assert_int_equal(read_all(rec, out, 100, &err), 100);
    assert_float_equal(out[0] * map.roles[0].scale, 0.5, 1e-9);   /* 2048 of 32768 at 8 g */
    assert_float_equal(out[5] * map.roles[5].scale, 750.0, 1e-9); /* 6 x 2048 at 2000 deg/s */
    for (int i = 0; i < 100; i++)
        for (int c = 0; c < 6; c++) {
            int unavailable = i >= 10 && i < 15, clipped = i >= 20 && i < 25;
            assert_int_equal(isnan(out[7 * i + c]), unavailable || clipped);
            assert_int_equal(gb_is_flagged_nan(out[7 * i + c]), clipped);
        }
    recording_close(rec);

    write_omconvert(test_path("ax3.wav"), 4,
                    "Time: 2026-11-20 09:00:00.000\nChannel-1: Accel-X\nScale-1: 16\n"
                    "Channel-2: Accel-Y\nScale-2: 16\nChannel-3: Accel-Z\nScale-3: 16\n");
    rec = recording_open(test_path("ax3.wav"), NULL, &err);
    assert_non_null(rec);
    assert_int_equal(
        channel_map_from_recording(recording_get_info(rec), "ax3.wav", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 3);
    assert_float_equal(map.roles[2].scale, 16, 0);
    recording_close(rec);

    write_omconvert(test_path("some.wav"), 4, "Channel-1: Accel-X\nChannel-2: Accel-Y\n");
    rec = recording_open(test_path("some.wav"), NULL, &err);
    assert_non_null(rec);
    assert_string_equal(recording_get_info(rec)->device, "");
    recording_close(rec);
}

/* .cwa files as an Axivity device writes them (OpenMovement's cwa.h): a header of 1 KiB, then
 * sectors of 512 bytes, little-endian. Times are seconds after 2026-11-20 09:00:00 UTC. */
#define CWA_BASE_S 1795165200.0

static void le16(uint8_t *p, unsigned value)
{
    p[0] = (uint8_t)(value & 0xff);
    p[1] = (uint8_t)((value >> 8) & 0xff);
}

static void le32(uint8_t *p, uint32_t value)
{
    le16(p, value & 0xffffu);
    le16(p + 2, value >> 16);
}

/* The device's packed clock: YYYYYYMM MMDDDDDh hhhhmmmm mmssssss. */
static uint32_t cwa_clock(double seconds)
{
    time_t whole = (time_t)floor(CWA_BASE_S + seconds);
    struct tm tm;
    gmtime_r(&whole, &tm);
    return (uint32_t)(tm.tm_year - 100) << 26 | (uint32_t)(tm.tm_mon + 1) << 22 |
           (uint32_t)tm.tm_mday << 17 | (uint32_t)tm.tm_hour << 12 | (uint32_t)tm.tm_min << 6 |
           (uint32_t)tm.tm_sec;
}

static FILE *cwa_begin(const char *path, unsigned hardware, unsigned sensors, const char *metadata)
{
    uint8_t header[1024];
    memset(header, 0xff, sizeof header);
    memset(header, 0, 64);
    header[0] = 'M', header[1] = 'D';
    le16(header + 2, 1020);
    header[4] = (uint8_t)hardware;
    le16(header + 5, 4321);
    le32(header + 7, 77);
    header[35] = (uint8_t)sensors;
    memcpy(header + 64, metadata, strlen(metadata));
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(header, 1, sizeof header, f);
    return f;
}

typedef struct cwa_block {
    uint32_t sequence;
    double first_s, rate_hz; /* the first sample's time, and the rate the samples were taken at */
    unsigned rate_code, axes_bps, scale;
    int whole_second; /* stamp the next whole second at its sample (firmware before fractions) */
    int broken;       /* spoil the checksum */
} cwa_block;

/* One data sector holding `count` samples, `bytes` bytes of them. */
static void cwa_sector(FILE *f, const cwa_block *b, const void *data, size_t bytes, int count)
{
    uint8_t s[512] = {0};
    s[0] = 'A', s[1] = 'X';
    le16(s + 2, 508);
    double whole = floor(b->first_s);
    unsigned fraction = (unsigned)((b->first_s - whole) * 65536) & 0xfffe;
    unsigned set_rate = 3200u >> (15 - (b->rate_code & 0x0f));
    int offset = -(int)((fraction * set_rate) >> 16); /* the shift readers undo */
    if (b->whole_second) {
        offset = (int)lround((whole + 1 - b->first_s) * b->rate_hz);
        whole += 1;
    } else {
        le16(s + 4, 0x8000 | fraction >> 1);
    }
    le32(s + 6, 77);
    le32(s + 10, b->sequence);
    le32(s + 14, cwa_clock(whole));
    le16(s + 18, b->scale);
    le16(s + 20, 300);
    s[24] = (uint8_t)b->rate_code;
    s[25] = (uint8_t)b->axes_bps;
    le16(s + 26, (unsigned)offset & 0xffffu);
    le16(s + 28, (unsigned)count);
    memcpy(s + 30, data, bytes);
    unsigned sum = 0;
    for (int i = 0; i < 510; i += 2)
        sum += (unsigned)s[i] | (unsigned)s[i + 1] << 8;
    le16(s + 510, (0x10000u - (sum & 0xffffu)) & 0xffffu);
    if (b->broken) s[100] ^= 1;
    fwrite(s, 1, sizeof s, f);
}

/* Three 10-bit axes shifted left by `shift`, as an AX3 packs them in 32 bits. */
static uint32_t cwa_pack(int x, int y, int z, int shift)
{
    return (uint32_t)shift << 30 | ((uint32_t)z & 0x3ffu) << 20 | ((uint32_t)y & 0x3ffu) << 10 |
           ((uint32_t)x & 0x3ffu);
}

/* An AX3's file of `sectors` packed sectors at a set 100 Hz, sampled at rate_hz by its clock:
 * 1 g, -0.5 g and a ramp (2/256 g a step), a row at the +-8 g range's end in the third sector,
 * and the sector `lost` with a spoilt checksum. */
static void write_ax3(const char *path, const char *metadata, int sectors, double rate_hz, int lost)
{
    FILE *f = cwa_begin(path, 0x17, 0, metadata);
    for (int k = 0; k < sectors; k++) {
        uint32_t packed[120];
        for (int j = 0; j < 120; j++)
            packed[j] = cwa_pack(128, -64, (120 * k + j) % 200 - 100, 1);
        if (k == 2) packed[7] = cwa_pack(511, 0, 0, 2); /* 2044 / 256 g: at the range's end */
        cwa_block b = {k, 0.5 + k * 120 / rate_hz, rate_hz, 0x4a, 0x30, 0, 0, k == lost};
        cwa_sector(f, &b, packed, sizeof packed, 120);
    }
    fclose(f);
}

/* A .cwa.gz (since 0.18.0; UK Biobank hands its files out so) reads as the file unpacked: 40
 * sectors, more than the 16 the last stamp is looked for in (kept from the pass that measures the
 * compressed file, not sought back to), one lost on its checksum. One cut short is refused. */
static void test_axivity_cwa_gzip(void **state)
{
    (void)state;
    test_scratch("read_cwa_gzip");
    write_ax3(test_path("ax3.cwa"), "_p=waist", 40, 99.5, 17);
    recording *plain, *packed;
    open_with_gzipped("ax3.cwa", &plain, &packed);
    gb_error err = {0};
    const recording_info *ri = recording_get_info(packed);
    assert_contains(ri->format, "Axivity AX3 .cwa.gz, 100 Hz set, 99.5000 Hz by its clock");
    assert_string_equal(ri->start_time, recording_get_info(plain)->start_time);
    assert_int_equal(assert_same_frames(plain, packed, 4800), 4800);
    assert_int_equal(ri->gap_frames, 120);
    recording_close(plain);
    recording_close(packed);
    struct stat st;
    assert_int_equal(stat(test_path("ax3.cwa.gz"), &st), 0);
    gzip_copy(test_path("ax3.cwa"), test_path("cut.cwa.gz"), (long)st.st_size - 40);
    assert_null(recording_open(test_path("cut.cwa.gz"), NULL, &err));
    assert_int_equal(err.code, GB_E_FORMAT);
    assert_contains(err.message,
                    "cut.cwa.gz: cannot read it through: the compressed data end early");
    /* a small file's stream inflates at the first read, where a spoilt check of the whole
     * stream shows: said as such, not as a file that is no .cwa */
    write_ax3(test_path("small.cwa"), "", 3, 100, -1);
    gzip_copy(test_path("small.cwa"), test_path("spoilt.cwa.gz"), -1);
    spoil_gzip_check(test_path("spoilt.cwa.gz"));
    err = (gb_error){0};
    assert_null(recording_open(test_path("spoilt.cwa.gz"), NULL, &err));
    assert_int_equal(err.code, GB_E_FORMAT);
    assert_contains(err.message, "spoilt.cwa.gz: cannot read it: incorrect data check");
}

/* An AX3's own file, read without omconvert or a map: 12 packed sectors at a set 100 Hz whose
 * samples were taken at 102.4 Hz (the sensor's clock, not the real-time clock's, times them).
 * The rate comes from the stamps of the first and last sectors, the 6th sector's spoilt checksum
 * leaves a gap of its 120 samples (1.17 s, over --max-gap's 1 s: that bounds pauses), a row at the
 * end of the +-8 g range is a flagged gap, and the metadata say where it was worn. */
static void test_axivity_cwa_ax3(void **state)
{
    (void)state;
    test_scratch("read_cwa3");
    write_ax3(test_path("ax3.cwa"), "_p=lower%20back&_sc=7", 12, 102.4, 5);
    gb_error err = {0};
    recording *rec = recording_open(test_path("ax3.cwa"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->device, "Axivity");
    assert_string_equal(ri->device_location, "lower back");
    assert_contains(ri->comment, "_sc=7");
    assert_contains(ri->format, "Axivity AX3 .cwa, 100 Hz set, 102.4000 Hz by its clock");
    assert_float_equal(ri->sample_rate_hz, 102.4, 1e-3);
    assert_string_equal(ri->start_time, "2026-11-20 09:00:00.500");
    assert_int_equal(ri->channels, 3);
    assert_string_equal(ri->channel_names[2], "Accel-Z");
    channel_map map;
    assert_int_equal(channel_map_from_recording(ri, "ax3.cwa", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 3);
    assert_float_equal(map.roles[2].scale, 1, 0);
    assert_string_equal(map.roles[2].unit, "g");
    double *out = calloc(3 * (1440 + 3), sizeof(double));
    assert_int_equal(read_all(rec, out, 1440, &err), 1440);
    assert_int_equal(ri->gap_count, 1);
    assert_int_equal(ri->gap_frames, 120);
    for (int i = 0; i < 1440; i++) {
        int lost = i >= 600 && i < 720, clipped = i == 247;
        assert_int_equal(isnan(out[3 * i + 1]), lost || clipped);
        assert_int_equal(gb_is_flagged_nan(out[3 * i]), clipped);
        if (lost || clipped) continue;
        assert_float_equal(out[3 * i], 1.0, 0);
        assert_float_equal(out[3 * i + 1], -0.5, 0);
        assert_float_equal(out[3 * i + 2], (i % 200 - 100) * 2 / 256.0, 0);
    }
    free(out);
    recording_close(rec);

    /* a device that kept its 100 Hz: the stamps' 1/32768 s steps (the first sample's 0.3 s is
     * 9830.4 of them, the last sector's 13.5 s whole ones) make 99.99992 Hz of it, which they
     * cannot tell from 100: the set rate, to the bit */
    FILE *f = cwa_begin(test_path("steady.cwa"), 0x17, 0, "");
    uint32_t still[120];
    for (int j = 0; j < 120; j++)
        still[j] = cwa_pack(256, 0, 0, 0);
    for (int k = 0; k < 12; k++) {
        cwa_block b = {k, 0.3 + k * 1.2, 100, 0x4a, 0x30, 0, 0, 0};
        cwa_sector(f, &b, still, sizeof still, 120);
    }
    fclose(f);
    rec = recording_open(test_path("steady.cwa"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_contains(recording_get_info(rec)->format, "100 Hz as set and by its clock");
    assert_float_equal(recording_get_info(rec)->sample_rate_hz, 100, 0);
    recording_close(rec);
}

/* An AX6's sectors: 40 samples of six 16-bit axes, gyroscope first, scaled by the sector's
 * codes (1/4096 g, 2000 deg/s); stamped as firmware before fractional stamps did, a whole
 * second at its sample. Three sectors span too little to measure a rate: the set one stands. A
 * gyroscope at the end of its range flags its row. */
static void test_axivity_cwa_ax6(void **state)
{
    (void)state;
    test_scratch("read_cwa6");
    FILE *f = cwa_begin(test_path("ax6.cwa"), 0x64, 0x02, "");
    for (int k = 0; k < 3; k++) {
        int16_t axes[40 * 6];
        for (int j = 0; j < 40; j++) {
            int16_t row[6] = {16384, -8192, 0, 4096, 0, -2048};
            if (k == 1 && j == 3) row[2] = 32767;
            memcpy(axes + 6 * j, row, sizeof row);
        }
        uint8_t bytes[480];
        for (int i = 0; i < 240; i++)
            le16(bytes + 2 * i, (unsigned)axes[i] & 0xffffu);
        cwa_block b = {k, 0.25 + k * 0.4, 100, 0x4a, 0x62, 4 << 13 | 2 << 10, 1, 0};
        cwa_sector(f, &b, bytes, sizeof bytes, 40);
    }
    fclose(f);
    gb_error err = {0};
    recording *rec = recording_open(test_path("ax6.cwa"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    const recording_info *ri = recording_get_info(rec);
    assert_contains(ri->format, "Axivity AX6 .cwa, 100 Hz as set");
    assert_float_equal(ri->sample_rate_hz, 100, 0);
    assert_string_equal(ri->start_time, "2026-11-20 09:00:00.250");
    assert_int_equal(ri->channels, 6);
    assert_string_equal(ri->channel_names[3], "Gyro-X");
    assert_string_equal(ri->channel_units[3], "deg/s");
    channel_map map;
    assert_int_equal(channel_map_from_recording(ri, "ax6.cwa", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 6);
    assert_int_equal(map.roles[4].quantity, QUANTITY_ANGULAR_VELOCITY);
    assert_float_equal(map.roles[4].scale, 1, 0);
    double out[(120 + 3) * 6];
    assert_int_equal(read_all(rec, out, 120, &err), 120);
    assert_int_equal(ri->gap_count, 0);
    for (int i = 0; i < 120; i++) {
        const double expected[6] = {1.0, 0.0, -0.5, 1000.0, -500.0, 0.0};
        for (int c = 0; c < 6; c++) {
            if (i == 43) {
                assert_true(gb_is_flagged_nan(out[6 * i + c]));
                continue;
            }
            assert_float_equal(out[6 * i + c], expected[c], 0);
        }
    }
    recording_close(rec);
    /* kept for a tibial accelerometer, the row holds what the file does, and a gyroscope at its
     * limit is not counted: the analysis reads the accelerometer alone there */
    assert_non_null(rec = recording_open(test_path("ax6.cwa"), NULL, &err));
    recording_keep_clipped(rec, NULL, NULL);
    assert_int_equal(read_all(rec, out, 120, &err), 120);
    assert_int_equal(recording_get_info(rec)->clipped_rows, 0);
    assert_float_equal(out[6 * 43 + 5], 32767 * 2000 / 32768.0, 0);
    assert_float_equal(out[6 * 43 + 0], 1.0, 0);
    recording_close(rec);
}

/* A file in the scratch folder whose opening or reading to its end must fail with the code and a
 * message naming it and holding needle. */
static void expect_read_error(const char *name, int code, const char *needle)
{
    gb_error err = {0};
    recording *rec = recording_open(test_path(name), NULL, &err);
    if (rec) {
        static double out[64 * REC_MAX_CHANNELS];
        long n;
        while ((n = recording_read(rec, out, 64, &err)) > 0)
            ;
        recording_close(rec);
        if (n == 0) fail_msg("%s read without an error", name);
    }
    assert_int_equal(err.code, code);
    assert_contains(err.message, name);
    assert_contains(err.message, needle);
}

/* Three packed sectors of 1 g, the third's first sample at `third_s` and its sequence number
 * `third_sequence`. */
static void write_cwa_three(const char *name, double third_s, uint32_t third_sequence,
                            const char *metadata)
{
    FILE *f = cwa_begin(test_path(name), 0x17, 0, metadata);
    uint32_t packed[120];
    for (int j = 0; j < 120; j++)
        packed[j] = cwa_pack(256, 0, 0, 0);
    for (int k = 0; k < 3; k++) {
        cwa_block b = {k == 2 ? third_sequence : (uint32_t)k,
                       k == 2 ? third_s : k * 1.2,
                       100,
                       0x4a,
                       0x30,
                       0,
                       0,
                       0};
        cwa_sector(f, &b, packed, sizeof packed, 120);
    }
    fclose(f);
}

/* What a damaged or odd .cwa file gets: a clear error naming the file, never a partial read. A
 * pause shorter than --max-gap is a gap of the samples it lasted. */
static void test_axivity_cwa_bad_inputs(void **state)
{
    (void)state;
    test_scratch("read_cwa_bad");
    test_write_file(test_path("renamed.cwa"), "time,x,y,z\n0,1,0,0\n");
    expect_read_error("renamed.cwa", GB_E_FORMAT, "does not start with the header block");
    fclose(cwa_begin(test_path("empty.cwa"), 0x17, 0, ""));
    expect_read_error("empty.cwa", GB_E_FORMAT, "no data: the device recorded nothing");
    write_cwa_three("cut.cwa", 2.4, 2, "");
    FILE *f = fopen(test_path("cut.cwa"), "ab");
    fwrite("partial", 1, 7, f);
    fclose(f);
    expect_read_error("cut.cwa", GB_E_FORMAT, "truncated: 7 bytes after the last whole");
    f = cwa_begin(test_path("spoilt.cwa"), 0x17, 0, "");
    uint32_t packed[120] = {0};
    for (int k = 0; k < 2; k++) {
        cwa_block b = {k, k * 1.2, 100, 0x4a, 0x30, 0, 0, 1};
        cwa_sector(f, &b, packed, sizeof packed, 120);
    }
    fclose(f);
    expect_read_error("spoilt.cwa", GB_E_FORMAT, "none of its 2 data sectors is whole");
    /* logging paused for 5 s after the second sector: over the 1 s limit */
    write_cwa_three("paused.cwa", 2.4 + 5, 9, "");
    expect_read_error("paused.cwa", GB_E_VALUE, "sector 2: a gap of 5.000 s");
    /* a third sector stamped 10 s before the second */
    write_cwa_three("backwards.cwa", 1.2 - 10, 9, "");
    expect_read_error("backwards.cwa", GB_E_VALUE, "s before the samples already read");
    /* a pause of 0.5 s: 50 rows of gap, then the third sector's */
    write_cwa_three("short.cwa", 2.4 + 0.5, 9, "");
    gb_error err = {0};
    recording *rec = recording_open(test_path("short.cwa"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    double out[(410 + 3) * 3];
    assert_int_equal(read_all(rec, out, 410, &err), 410);
    assert_int_equal(recording_get_info(rec)->gap_frames, 50);
    assert_true(isnan(out[3 * 240]) && isnan(out[3 * 289]));
    assert_float_equal(out[3 * 290], 1.0, 0);
    recording_close(rec);
    /* worn at the wrist: the file reads, but gives no lower-back steps */
    write_cwa_three("wrist.cwa", 2.4, 2, "_p=left%20wrist");
    rec = recording_open(test_path("wrist.cwa"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    channel_map map;
    assert_true(channel_map_from_recording(recording_get_info(rec), "wrist.cwa", &map, NULL, &err) <
                0);
    assert_contains(err.message, "worn at the left wrist");
    recording_close(rec);
    /* metadata as a damaged header holds them: bytes that are no UTF-8 (\xff), and a control
     * character, are printed as '?'; well-formed UTF-8 stays (u with diaeresis) */
    write_cwa_three("bytes.cwa", 2.4, 2, "_p=w%FFr%01st&_n=R%C3%BCcken");
    rec = recording_open(test_path("bytes.cwa"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_string_equal(recording_get_info(rec)->device_location, "w?r?st");
    assert_contains(recording_get_info(rec)->comment, "_n=R\xc3\xbc"
                                                      "cken");
    recording_close(rec);
}

/* An ActiGraph .gt3x as the device's software writes it (ActiGraph's GT3X-File-Format): a zip
 * archive, here with its members stored, holding info.txt and log.bin. */
static void write_zip(const char *path, int members, const char *const *names,
                      const unsigned char *const *data, const size_t *sizes)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    uint32_t offsets[4];
    for (int i = 0; i < members; i++) {
        uint8_t local[30] = {0};
        offsets[i] = (uint32_t)ftell(f);
        le32(local, 0x04034b50);
        le16(local + 4, 20);
        le32(local + 14, (uint32_t)crc32(0L, data[i], (uInt)sizes[i]));
        le32(local + 18, (uint32_t)sizes[i]);
        le32(local + 22, (uint32_t)sizes[i]);
        le16(local + 26, (unsigned)strlen(names[i]));
        fwrite(local, 1, sizeof local, f);
        fwrite(names[i], 1, strlen(names[i]), f);
        fwrite(data[i], 1, sizes[i], f);
    }
    uint32_t directory = (uint32_t)ftell(f);
    for (int i = 0; i < members; i++) {
        uint8_t central[46] = {0};
        le32(central, 0x02014b50);
        le16(central + 4, 20);
        le16(central + 6, 20);
        le32(central + 16, (uint32_t)crc32(0L, data[i], (uInt)sizes[i]));
        le32(central + 20, (uint32_t)sizes[i]);
        le32(central + 24, (uint32_t)sizes[i]);
        le16(central + 28, (unsigned)strlen(names[i]));
        le32(central + 42, offsets[i]);
        fwrite(central, 1, sizeof central, f);
        fwrite(names[i], 1, strlen(names[i]), f);
    }
    uint8_t end[22] = {0};
    le32(end, 0x06054b50);
    le16(end + 8, (unsigned)members);
    le16(end + 10, (unsigned)members);
    le32(end + 12, (uint32_t)ftell(f) - directory);
    le32(end + 16, directory);
    fwrite(end, 1, sizeof end, f);
    fclose(f);
}

/* Appends a log.bin record to log (at *length): separator, type, time, size, payload, and the
 * complement of the XOR of them all (spoilt when `broken`). */
static void gt3x_record(unsigned char *log, size_t *length, unsigned type, uint32_t stamp,
                        const unsigned char *payload, size_t size, int broken)
{
    unsigned char *r = log + *length;
    r[0] = 0x1e;
    r[1] = (unsigned char)type;
    le32(r + 2, stamp);
    le16(r + 6, (unsigned)size);
    memcpy(r + 8, payload, size);
    unsigned char sum = 0;
    for (size_t i = 0; i < 8 + size; i++)
        sum ^= r[i];
    r[8 + size] = (unsigned char)(~sum ^ (broken ? 1 : 0));
    *length += 9 + size;
}

static void write_gt3x(const char *path, const char *info, const unsigned char *log, size_t length)
{
    const char *names[] = {"info.txt", "log.bin"};
    const unsigned char *data[] = {(const unsigned char *)info, log};
    size_t sizes[] = {strlen(info), length};
    write_zip(path, 2, names, data, sizes);
}

/* The 14 bytes of ActiGraph's ACTIVITY example: three samples of 12 bits, Y X Z, which at the
 * GT3X+'s 341 LSB/g read (X, Y, Z) 0.023 0.018 -0.947, 0.026 0.021 -0.941, 0.023 0.021 -0.941. */
static const unsigned char activity_example[] = {0x00, 0x60, 0x08, 0xEB, 0xD0, 0x07, 0x00,
                                                 0x9E, 0xBF, 0x00, 0x70, 0x08, 0xEB, 0xF0};

/* A GT3X+ (serial NEO...: 341 LSB/g) at 3 Hz: ActiGraph's example second, again a second later
 * but cut short to two samples (its missing row a gap once another second follows), then two
 * seconds asleep (no records: a gap of 6 rows), then three more, the second of them failing its
 * checksum (a gap of 3 rows), the last cut short too (no gap after it: nothing follows); a zero
 * byte between two records, a METADATA record and an ACTIVITY2 record of one byte (a USB
 * connection) are passed over. A wGT3X-BT (MOS...) whose PARAMETERS give ACCEL_SCALE 256 LSB/g (the
 * bytes of ActiGraph's PARAMETERS example) reads the first two samples of ActiGraph's ACTIVITY2
 * example. The times are the device's clock, the start its first second. */
static void test_actigraph_gt3x_reads_itself(void **state)
{
    (void)state;
    test_scratch("read_gt3x");
    static unsigned char log[4096];
    size_t length = 0;
    const uint32_t start = 1795165200; /* 2026-11-20 09:00:00 */
    gt3x_record(log, &length, 0x06, start, (const unsigned char *)"{}", 2, 0);
    for (uint32_t second = 0; second < 7; second++) {
        if (second == 2 || second == 3) continue;
        /* seconds 1 and 6 cut short: two samples, 9 bytes */
        gt3x_record(log, &length, 0x00, start + second, activity_example,
                    second == 1 || second == 6 ? 9 : sizeof activity_example, second == 5);
        if (second == 0) log[length++] = 0x00;
    }
    const unsigned char usb = 0;
    gt3x_record(log, &length, 0x1a, start + 7, &usb, 1, 0);
    write_gt3x(test_path("neo.gt3x"),
               "Serial Number: NEO1C16110020\r\nFirmware: 3.2.1\r\nSample Rate: 3\r\n"
               "Start Date: 638665812000000000\r\n",
               log, length);
    gb_error err = {0};
    recording *rec = recording_open(test_path("neo.gt3x"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->device, "ActiGraph");
    assert_string_equal(ri->format, "ActiGraph .gt3x (NEO1C16110020), 3 Hz, 341.0 LSB/g");
    assert_string_equal(ri->start_time, "2026-11-20 09:00:00");
    assert_float_equal(ri->sample_rate_hz, 3, 0);
    channel_map map;
    assert_int_equal(channel_map_from_recording(ri, "neo.gt3x", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 3);
    double out[(20 + 3) * 3];
    assert_int_equal(read_all(rec, out, 20, &err), 20);
    assert_int_equal(ri->gap_count, 2);
    assert_int_equal(ri->gap_frames, 10);
    const double expected[3][3] = {
        {0.023, 0.018, -0.947}, {0.026, 0.021, -0.941}, {0.023, 0.021, -0.941}};
    /* each row's sample of the example (-1: a gap): second 0; second 1's two, the row it lacks
     * and two seconds asleep; second 4; second 5 spoilt; second 6's two, nothing after them */
    const int sample[20] = {0, 1, 2, 0, 1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, -1, -1, -1, 0, 1};
    for (int i = 0; i < 20; i++)
        for (int a = 0; a < 3; a++) {
            if (sample[i] < 0) {
                assert_true(isnan(out[3 * i + a]));
                continue;
            }
            assert_float_equal(out[3 * i + a], expected[sample[i]][a], 1e-12);
        }
    recording_close(rec);

    static const unsigned char scale_256[] = {0x00, 0x00, 0x37, 0x00, 0x00, 0x00, 0x40, 0x09};
    static const unsigned char activity2_example[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                                      0x30, 0x00, 0xcc, 0xff, 0x42, 0x01};
    length = 0;
    gt3x_record(log, &length, 0x15, start, scale_256, sizeof scale_256, 0);
    gt3x_record(log, &length, 0x1a, start, activity2_example, sizeof activity2_example, 0);
    write_gt3x(test_path("mos.gt3x"), "Serial Number: MOS2E22180349\nSample Rate: 2\n", log,
               length);
    rec = recording_open(test_path("mos.gt3x"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_contains(recording_get_info(rec)->format, "2 Hz, 256.0 LSB/g");
    assert_int_equal(read_all(rec, out, 2, &err), 2);
    assert_float_equal(out[0], 0, 0);
    assert_float_equal(out[3], 0.188, 1e-12);  /* 48 / 256 = 0.1875, rounded away from zero */
    assert_float_equal(out[4], -0.203, 1e-12); /* -52 / 256 */
    assert_float_equal(out[5], 1.258, 1e-12);  /* 0x0142 = 322 (the table prints 332) / 256 */
    recording_close(rec);
}

/* Where a .gt3x was worn (since 0.21.0): its METADATA record of type "Bio" names the limb and
 * side as ActiLife set the device up (ActiGraph's LogRecords/Metadata.md). At the left ankle it is
 * a tibial accelerometer on the left shank, at the waist a lower-back sensor, at a wrist refused
 * with the map to give; other metadata, a record that is no JSON, and an empty limb (as in
 * ActiGraph's example) say nothing, and the file stays a lower-back sensor. */
static void test_actigraph_gt3x_wear_position(void **state)
{
    (void)state;
    test_scratch("read_gt3x_worn");
    static const unsigned char second[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
                                           0x30, 0x00, 0xcc, 0xff, 0x42, 0x01};
    const struct {
        const char *metadata[2], *location;
        int placement, side; /* -1: refused */
    } cases[] = {
        {{"{\"MetadataType\":\"SubjectTimeLog\",\"UtcOffset\":\"-06:00:00\"}",
          "{\"MetadataType\":\"Bio\",\"SubjectName\":\"7\",\"Limb\":\"Ankle\",\"Side\":\"Left\","
          "\"Dominance\":\"\"}"},
         "Left Ankle",
         PLACEMENT_SHANK,
         SIDE_LEFT},
        {{"{\"MetadataType\":\"Bio\",\"Limb\":\"Waist\",\"Side\":\"\"}", "not json {"},
         "Waist",
         PLACEMENT_SACRUM,
         SIDE_NONE},
        {{"{\"MetadataType\":\"Bio\",\"Limb\":\"Wrist\",\"Side\":\"Right\"}", "[1, 2]"},
         "Right Wrist",
         -1,
         -1},
        {{"{\"MetadataType\":\"Bio\",\"Race\":\"\",\"Limb\":\"\",\"Side\":\"\"}", "{}"},
         "",
         PLACEMENT_SACRUM,
         SIDE_NONE},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        static unsigned char log[1024];
        size_t length = 0;
        const uint32_t start = 1795165200;
        for (int m = 0; m < 2; m++)
            gt3x_record(log, &length, 0x06, start, (const unsigned char *)cases[k].metadata[m],
                        strlen(cases[k].metadata[m]), 0);
        gt3x_record(log, &length, 0x1a, start, second, sizeof second, 0);
        write_gt3x(test_path("worn.gt3x"), "Serial Number: MOS2E22180349\nSample Rate: 2\n", log,
                   length);
        gb_error err = {0};
        recording *rec = recording_open(test_path("worn.gt3x"), NULL, &err);
        if (!rec) fail_msg("%s", err.message);
        const recording_info *ri = recording_get_info(rec);
        assert_string_equal(ri->device_location, cases[k].location);
        channel_map map;
        int rc = channel_map_from_recording(ri, "worn.gt3x", &map, NULL, &err);
        if (cases[k].placement < 0) {
            assert_int_equal(rc, GB_E_MAP);
            assert_contains(err.message, "was worn at the Right Wrist");
        } else {
            assert_int_equal(rc, 1);
            assert_int_equal(map.role_count, 3);
            assert_int_equal(map.roles[0].placement, cases[k].placement);
            if (cases[k].placement == PLACEMENT_SHANK) /* (a lower back's side means nothing) */
                assert_int_equal(map.roles[0].side, cases[k].side);
        }
        recording_close(rec);
    }
}

/* The older layout (firmware 2.5.0 and earlier, NHANES 2011-2014): activity.bin, read since
 * 0.16.0. ActiGraph's own example (NHANES-GT3X-File-Format, activity.bin.md): a GT3X+ started
 * 2008-03-29 12:00:00, whose 14 bytes hold three samples (the last nibble unused), to its table's
 * values; timed from info.txt's Start Date, with no gaps. */
static void test_actigraph_gt3x_older_layout(void **state)
{
    (void)state;
    test_scratch("read_gt3x_older");
    const char *info = "Serial Number: NEO1C16110020\r\nFirmware: 2.2.0\r\nSample Rate: 3\r\n"
                       "Start Date: 633423888000000000\r\nStop Date: 0\r\n";
    const char *names[] = {"info.txt", "activity.bin"};
    const unsigned char *data[] = {(const unsigned char *)info, activity_example};
    size_t sizes[] = {strlen(info), sizeof activity_example};
    write_zip(test_path("nhanes.gt3x"), 2, names, data, sizes);
    gb_error err = {0};
    recording *rec = recording_open(test_path("nhanes.gt3x"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->format, "ActiGraph .gt3x (older, NEO1C16110020), 3 Hz, 341.0 LSB/g");
    assert_string_equal(ri->start_time, "2008-03-29 12:00:00");
    assert_int_equal(ri->frames, 3);
    double out[4 * 3];
    assert_int_equal(read_all(rec, out, 4, &err), 3);
    assert_int_equal(ri->gap_count, 0);
    const double expected[3][3] = {
        {0.023, 0.018, -0.947}, {0.026, 0.021, -0.941}, {0.023, 0.021, -0.941}};
    for (int i = 0; i < 3; i++)
        for (int a = 0; a < 3; a++)
            assert_float_equal(out[3 * i + a], expected[i][a], 1e-12);
    recording_close(rec);
}

/* A .gt3x file that cannot be read as one gets an error naming the file and what to do. */
static void test_actigraph_gt3x_bad_inputs(void **state)
{
    (void)state;
    test_scratch("read_gt3x_bad");
    static unsigned char log[1024];
    size_t length = 0;
    const uint32_t start = 1795165200;
    const char *info = "Serial Number: NEO1C16110020\nSample Rate: 3\n";
    gt3x_record(log, &length, 0x00, start, activity_example, sizeof activity_example, 0);
    gt3x_record(log, &length, 0x00, start + 1, activity_example, sizeof activity_example, 0);
    /* its size 14 -> 10: its checksum fails, and what follows is no record: out of step */
    log[length - 9 - sizeof activity_example + 6] ^= 0x04;
    write_gt3x(test_path("spoilt.gt3x"), info, log, length);
    const struct {
        const char *name, *needle;
        int code;
    } cases[] = {
        {"spoilt.gt3x", "log.bin byte 42: no record begins there (0x08, not 0x1e)", GB_E_FORMAT},
        {"renamed.gt3x", "not a .gt3x file: no zip archive holding log.bin", GB_E_FORMAT},
        {"old.gt3x", "info.txt gives no usable Start Date (.NET ticks)", GB_E_FORMAT},
        {"norate.gt3x", "info.txt gives no usable Sample Rate", GB_E_FORMAT},
        {"backwards.gt3x", "a second stamped 5 s before the one due", GB_E_VALUE},
        {"epochs.gt3x", "log.bin holds no activity records", GB_E_FORMAT},
    };
    test_write_file(test_path("renamed.gt3x"), "time,x,y,z\n0,1,0,0\n");
    const char *old_names[] = {"info.txt", "activity.bin"};
    const unsigned char *old_data[] = {(const unsigned char *)info, activity_example};
    size_t old_sizes[] = {strlen(info), sizeof activity_example};
    write_zip(test_path("old.gt3x"), 2, old_names, old_data, old_sizes);
    length = 0;
    gt3x_record(log, &length, 0x00, start, activity_example, sizeof activity_example, 0);
    write_gt3x(test_path("norate.gt3x"), "Serial Number: NEO1C16110020\n", log, length);
    gt3x_record(log, &length, 0x00, start - 4, activity_example, sizeof activity_example, 0);
    write_gt3x(test_path("backwards.gt3x"), info, log, length);
    length = 0;
    gt3x_record(log, &length, 0x09, start, activity_example, 8, 0); /* an EPOCH record only */
    write_gt3x(test_path("epochs.gt3x"), info, log, length);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_read_error(cases[i].name, cases[i].code, cases[i].needle);
}

/* A GENEActiv .bin file as the device's software downloads it: its header (here the lines the
 * reader uses, among others), then `pages` pages of 300 samples, page k stamped at
 * start_s + k * 300 / rate_hz after 2026-11-20 09:00:00 (its sequence number k, or k + 1 from
 * `skip` on: a page missing). Each sample: x 256 steps, y -128, z 0, or x at the rail (7FF) in
 * sample 5 of page 1. */
static void write_genea(const char *path, const char *location, int pages, double rate_hz, int skip)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f,
            "Device Identity\r\nDevice Unique Serial Code:012345\r\nDevice Type:GENEActiv\r\n"
            "\r\nConfiguration Info\r\nMeasurement Frequency:100 Hz\r\n"
            "Start Time:2026-11-20 09:00:00:000\r\n\r\nSubject Info\r\n"
            "Device Location Code:%s\r\n\r\nCalibration Data\r\nx gain:25600\r\n"
            "x offset:0\r\ny gain:25600\r\ny offset:0\r\nz gain:25600\r\nz offset:1280\r\n"
            "Volts:300\r\nLux:800\r\n\r\nMemory Status\r\nNumber of Pages:%d\r\n\r\n",
            location, pages);
    for (int k = 0; k < pages; k++) {
        int sequence = k >= skip ? k + 1 : k;
        double t = 0.25 + sequence * 300 / rate_hz;
        int whole = (int)floor(t);
        fprintf(f,
                "Recorded Data\r\nDevice Unique Serial Code:012345\r\nSequence Number:%d\r\n"
                "Page Time:2026-11-20 09:%02d:%02d:%03d\r\nUnassigned:\r\nTemperature:26.1\r\n"
                "Battery voltage:4.1\r\nDevice Status:Recording\r\nMeasurement Frequency:100.0\r\n",
                sequence, whole / 60, whole % 60, (int)lround((t - whole) * 1000));
        for (int i = 0; i < 300; i++)
            fputs(k == 1 && i == 5 ? "7FFF80000000" : "100F80000000", f);
        fputs("\r\n", f);
    }
    fclose(f);
}

/* A GENEActiv's own .bin file, read without its CSV export or a map: calibrated by the header's
 * gains and offsets, x 256 * 100 / 25600 = 1 g, y -0.5 g, z (0 - 1280) / 25600 = -0.05 g; a
 * sample at the 12-bit rail a flagged gap; where it was worn from "Device Location Code"; five
 * pages stamped as if sampled at 102.4 Hz give that rate (the set one 100 Hz). A missing page is
 * a gap of its 300 samples within --max-gap, refused beyond it; a .bin that is no GENEActiv's is
 * not taken for one. */
static void test_geneactiv_bin_reads_itself(void **state)
{
    (void)state;
    test_scratch("read_genea");
    write_genea(test_path("hip.bin"), "right hip", 5, 102.4, 99);
    gb_error err = {0};
    recording *rec = recording_open(test_path("hip.bin"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->device, "GENEActiv");
    assert_string_equal(ri->device_location, "right hip");
    /* page times in whole milliseconds: 102.4 Hz to within 0.01 */
    assert_contains(ri->format, "GENEActiv .bin, 100 Hz set, 102.");
    assert_float_equal(ri->sample_rate_hz, 102.4, 0.01);
    assert_string_equal(ri->start_time, "2026-11-20 09:00:00.250");
    channel_map map;
    assert_int_equal(channel_map_from_recording(ri, "hip.bin", &map, NULL, &err), 1);
    assert_int_equal(map.role_count, 3);
    static double out[(1500 + 3) * 3];
    assert_int_equal(read_all(rec, out, 1500, &err), 1500);
    assert_int_equal(ri->gap_count, 0);
    for (int i = 0; i < 1500; i++) {
        if (i == 305) {
            assert_true(gb_is_flagged_nan(out[3 * i]) && gb_is_flagged_nan(out[3 * i + 2]));
            continue;
        }
        assert_float_equal(out[3 * i], 1.0, 1e-12);
        assert_float_equal(out[3 * i + 1], -0.5, 1e-12);
        assert_float_equal(out[3 * i + 2], -0.05, 1e-12);
    }
    recording_close(rec);

    /* page 2 of 0-3 missing: 3 s, over the 1 s limit; with --max-gap 5, a gap of 300 rows */
    write_genea(test_path("lost.bin"), "waist", 3, 100, 2);
    rec = recording_open(test_path("lost.bin"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_true(read_all(rec, out, 900, &err) < 0);
    assert_contains(err.message, "lost.bin: page 3 (sequence 3): a gap of 3.000 s");
    recording_close(rec);
    recording_options opt;
    recording_options_default(&opt);
    opt.max_gap_s = 5;
    err = (gb_error){0};
    rec = recording_open(test_path("lost.bin"), &opt, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_int_equal(read_all(rec, out, 1200, &err), 1200);
    assert_int_equal(recording_get_info(rec)->gap_frames, 300);
    assert_true(isnan(out[3 * 600]) && isnan(out[3 * 899]));
    assert_float_equal(out[3 * 900], 1.0, 1e-12);
    recording_close(rec);

    /* no location code: GENEActivs are mostly worn at the wrist, so it is refused, as its CSV */
    write_genea(test_path("nowhere.bin"), "", 1, 100, 99);
    err = (gb_error){0};
    rec = recording_open(test_path("nowhere.bin"), NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    assert_true(
        channel_map_from_recording(recording_get_info(rec), "nowhere.bin", &map, NULL, &err) < 0);
    assert_contains(err.message, "worn at the wrist (no location code in the file)");
    recording_close(rec);

    test_write_file(test_path("firmware.bin"), "\x7f"
                                               "ELF not a recording");
    assert_false(recording_is_candidate(test_path("firmware.bin")));
    assert_true(recording_is_candidate(test_path("hip.bin")));
}

/* A .bin.gz (since 0.18.0) reads as the file unpacked: its rate from the last page's time, found
 * by reading the compressed file through once, in a file longer than the 16 KiB tail looked in
 * and in one shorter. A gzip-compressed .bin that is no GENEActiv's is no recording. */
static void test_geneactiv_bin_gzip(void **state)
{
    (void)state;
    test_scratch("read_genea_gzip");
    const int pages[] = {12, 2};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        write_genea(test_path("hip.bin"), "right hip", pages[i], 102.4, 99);
        recording *plain, *packed;
        open_with_gzipped("hip.bin", &plain, &packed);
        const recording_info *ri = recording_get_info(packed);
        /* the short file's 6 s are too few to measure the rate by: as set, as unpacked */
        const char *rate_words = recording_get_info(plain)->format + strlen("GENEActiv .bin, ");
        char expected[128];
        snprintf(expected, sizeof expected, "GENEActiv .bin.gz, %s", rate_words);
        assert_string_equal(ri->format, expected);
        if (pages[i] == 12) assert_contains(ri->format, "GENEActiv .bin.gz, 100 Hz set, 102.");
        assert_string_equal(ri->start_time, recording_get_info(plain)->start_time);
        assert_int_equal(assert_same_frames(plain, packed, 300 * pages[i]), 300 * pages[i]);
        recording_close(plain);
        recording_close(packed);
    }
    test_write_file(test_path("firmware.bin"), "\x7f"
                                               "ELF not a recording");
    gzip_copy(test_path("firmware.bin"), test_path("firmware.bin.gz"), -1);
    assert_false(recording_is_candidate(test_path("firmware.bin.gz")));
    assert_true(recording_is_candidate(test_path("hip.bin.gz")));
    /* each says why (until 0.19.0 the spoilt and the foreign file were told to gunzip it first,
     * as if a .bin were read only unpacked, and the cut one that it had no pages): a small
     * file's spoilt check hides its first line from the claim, a stream cut short in its header
     * ends the header early, and a sound stream may hold no GENEActiv file */
    gzip_copy(test_path("hip.bin"), test_path("spoilt.bin.gz"), -1);
    spoil_gzip_check(test_path("spoilt.bin.gz"));
    struct stat st;
    assert_int_equal(stat(test_path("spoilt.bin.gz"), &st), 0);
    gzip_copy(test_path("hip.bin"), test_path("cut.bin.gz"), (long)st.st_size / 2);
    const char *names[] = {"spoilt.bin.gz", "cut.bin.gz", "firmware.bin.gz"};
    const char *messages[] = {"spoilt.bin.gz: compressed with gzip, and the compressed data are "
                              "damaged (zlib finds them inconsistent): copy the file again",
                              "cut.bin.gz: cannot read it: the compressed data end early (an "
                              "interrupted copy or download?); copy the file again",
                              "firmware.bin.gz: compressed with gzip, but unpacked it is not a "
                              "file of the kind its name says"};
    for (int k = 0; k < 3; k++) {
        gb_error err = {0};
        assert_null(recording_open(test_path(names[k]), NULL, &err));
        assert_int_equal(err.code, GB_E_FORMAT);
        assert_contains(err.message, messages[k]);
    }
}

/* The rows a reader reports as kept at the range limit (recording_clipped_fn), in order. */
typedef struct kept_rows {
    int64_t rows[16];
    int count;
} kept_rows;

static void note_kept_row(void *context, int64_t row)
{
    kept_rows *kept = context;
    if (kept->count < 16) kept->rows[kept->count] = row;
    kept->count++;
}

/* Opens path, asks for its clipped rows to be kept when `keep` (into *kept), and reads its `rows`
 * rows into out (room for 3 more); the recording's count of clipped rows. */
static long read_keeping(const char *path, int keep, double *out, long rows, kept_rows *kept)
{
    gb_error err = {0};
    recording *rec = recording_open(path, NULL, &err);
    if (!rec) fail_msg("%s", err.message);
    *kept = (kept_rows){0};
    if (keep) recording_keep_clipped(rec, note_kept_row, kept);
    assert_int_equal(read_all(rec, out, rows, &err), rows);
    assert_int_equal(recording_get_info(rec)->clipped_kept, keep);
    long clipped = (long)recording_get_info(rec)->clipped_rows;
    recording_close(rec);
    return clipped;
}

/* A tibial accelerometer's shocks often reach the device's range: rows its device flags as clipped
 * keep the values the file holds once the caller asks (since 0.20.0), in an omconvert WAV, a .cwa,
 * a GENEActiv .bin and (since 0.21.0) an ActiGraph .gt3x, and are counted either way. A row also
 * "not available" stays a gap. Each row kept is reported by its number among the rows read (since
 * 0.21.0), for the strides whose shock it holds. */
static void test_clipped_rows_kept(void **state)
{
    (void)state;
    test_scratch("read_clipped");
    write_omconvert(test_path("ax.wav"), 4,
                    "Time: 2026-11-20 09:00:00.000\nChannel-1: Accel-X\nScale-1: 8\n"
                    "Channel-2: Accel-Y\nScale-2: 8\nChannel-3: Accel-Z\nScale-3: 8\n");
    double wav[4 * 103];
    kept_rows kept;
    for (int keep = 0; keep <= 1; keep++) {
        assert_int_equal(read_keeping(test_path("ax.wav"), keep, wav, 100, &kept), 5); /* 20-24 */
        assert_int_equal(kept.count, keep ? 5 : 0);
        for (int k = 0; k < kept.count; k++)
            assert_int_equal(kept.rows[k], 20 + k);
        for (int i = 0; i < 100; i++) {
            int unavailable = i >= 10 && i < 15, clipped = i >= 20 && i < 25;
            assert_int_equal(isnan(wav[4 * i]), unavailable || (clipped && !keep));
            if (!isnan(wav[4 * i])) assert_float_equal(wav[4 * i + 2] * 8, 1.5, 1e-9);
        }
    }
    write_ax3(test_path("ax3.cwa"), "_p=left%20ankle", 12, 100, 1); /* rows 120-239 lost */
    double *cwa = calloc(3 * (1440 + 3), sizeof(double));
    assert_non_null(cwa);
    for (int keep = 0; keep <= 1; keep++) {
        assert_int_equal(read_keeping(test_path("ax3.cwa"), keep, cwa, 1440, &kept), 1);
        assert_int_equal(kept.count, keep);
        if (keep) assert_int_equal(kept.rows[0], 247);
        assert_int_equal(isnan(cwa[3 * 247]), !keep);
        if (keep) assert_float_equal(cwa[3 * 247], 2044 / 256.0, 0); /* the range's end */
    }
    free(cwa);
    /* a wGT3X-BT (256 LSB/g: +-8 g of 12 bits) whose second second's fourth row reached -8 g */
    static unsigned char log[1024];
    size_t length = 0;
    for (uint32_t second = 0; second < 3; second++) {
        unsigned char counts[4 * 6] = {0};
        for (int j = 0; j < 4; j++)
            counts[6 * j + 5] = 1;                                           /* z: 256, 1 g */
        if (second == 1) counts[6 * 3 + 2] = 0x00, counts[6 * 3 + 3] = 0xf8; /* y: -2048 */
        gt3x_record(log, &length, 0x1a, 1795165200 + second, counts, sizeof counts, 0);
    }
    write_gt3x(test_path("ankle.gt3x"), "Serial Number: MOS2E22180349\nSample Rate: 4\n", log,
               length);
    double gt3x[3 * 15];
    for (int keep = 0; keep <= 1; keep++) {
        assert_int_equal(read_keeping(test_path("ankle.gt3x"), keep, gt3x, 12, &kept), 1);
        assert_int_equal(kept.count, keep);
        if (keep) assert_int_equal(kept.rows[0], 7);
        assert_true(gb_is_flagged_nan(gt3x[3 * 7 + 1]) == !keep);
        if (keep) assert_float_equal(gt3x[3 * 7 + 1], -8.0, 0);
        assert_float_equal(gt3x[3 * 6 + 2], 1.0, 0);
    }
    write_genea(test_path("ankle.bin"), "left ankle", 2, 100, 99);
    double genea[3 * 603];
    for (int keep = 0; keep <= 1; keep++) {
        assert_int_equal(read_keeping(test_path("ankle.bin"), keep, genea, 600, &kept), 1);
        assert_int_equal(kept.count, keep);
        if (keep) assert_int_equal(kept.rows[0], 305);
        assert_int_equal(isnan(genea[3 * 305]), !keep);
        if (keep) assert_float_equal(genea[3 * 305], 2047 * 100 / 25600.0, 1e-12); /* 7FF */
        assert_float_equal(genea[3 * 306], 256 * 100 / 25600.0, 1e-12);
    }
}

/* What a damaged GENEActiv .bin gets: an error naming the file and the place. */
static void test_geneactiv_bin_bad_inputs(void **state)
{
    (void)state;
    test_scratch("read_genea_bad");
    test_write_file(test_path("nopages.bin"), "Device Identity\nMeasurement Frequency:100 Hz\n");
    test_write_file(test_path("uncalibrated.bin"),
                    "Device Identity\nMeasurement Frequency:100 Hz\nx gain:25600\n"
                    "Recorded Data\n");
    write_genea(test_path("digits.bin"), "waist", 2, 100, 99);
    FILE *f = fopen(test_path("digits.bin"), "r+b");
    assert_non_null(f);
    fseek(f, -20, SEEK_END);
    fputc('G', f);
    fclose(f);
    const struct {
        const char *name, *needle;
    } cases[] = {
        {"nopages.bin", "a GENEActiv .bin file without pages"},
        {"uncalibrated.bin", "lacks a gain or offset"},
        {"digits.bin", "page 2 (sequence 1): its samples hold a character that is no hex digit"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_read_error(cases[i].name, GB_E_FORMAT, cases[i].needle);
}

/* ActiLife's raw CSV preamble: ten lines between rules of dashes (here with a day-first date). */
static const char actigraph_preamble[] =
    "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v2.5.0 date "
    "format dd/MM/yyyy at 30 Hz  Filter Normal -----------\n"
    "Serial Number: TAS0000000001\n"
    "Start Time 08:15:30\n"
    "Start Date 02/01/2026\n"
    "Epoch Period (hh:mm:ss) %s\n"
    "Download Time 10:00:00\n"
    "Download Date 02/01/2026\n"
    "Current Memory Address: 0\n"
    "Current Battery Voltage: 4.21     Mode = 12\n"
    "--------------------------------------------------\n";

static void write_actigraph(const char *path, const char *epoch, int stamps, const char *rows)
{
    char text[4096];
    int n = snprintf(text, sizeof text, actigraph_preamble, epoch);
    n += snprintf(text + n, sizeof text - (size_t)n, "%s",
                  stamps ? "Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\n" : "");
    snprintf(text + n, sizeof text - (size_t)n, "%s", rows);
    test_write_file(path, text);
}

/* An ActiGraph export reads itself: rate and start from the preamble, the time stamps passed over,
 * a lower-back map with a warning. */
static void test_actigraph_csv_reads_itself(void **state)
{
    (void)state;
    test_scratch("read_actigraph");
    write_actigraph(test_path("ag.csv"), "00:00:00", 1,
                    "02/01/2026 08:15:30.000,0.012,-0.996,0.055\n"
                    "02/01/2026 08:15:30.033,0.020,-1.004,0.050\n"
                    "02/01/2026 08:15:30.067,0.016,-0.988,0.047\n");
    gb_error err = {0};
    recording *rec = recording_open(test_path("ag.csv"), NULL, &err);
    assert_non_null(rec);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->device, "ActiGraph");
    assert_string_equal(ri->format, "ActiGraph ActiLife CSV");
    assert_float_equal(ri->sample_rate_hz, 30, 0);
    assert_int_equal(ri->channels, 3);
    assert_string_equal(ri->channel_names[2], "Accelerometer Z");
    assert_string_equal(ri->start_time, "2026-01-02 08:15:30");
    double out[3 * 8];
    assert_int_equal(read_all(rec, out, 8, &err), 3);
    assert_float_equal(out[1], -0.996, 1e-12);
    assert_float_equal(out[8], 0.047, 1e-12);
    channel_map map;
    test_warnings warnings = {0};
    gb_warner warner = {test_collect_warning, &warnings};
    assert_int_equal(channel_map_from_recording(ri, "ag.csv", &map, &warner, &err), 1);
    assert_int_equal(map.role_count, 3);
    assert_int_equal(map.roles[1].axis, 1);
    assert_int_equal(map.roles[1].placement, PLACEMENT_SACRUM);
    assert_float_equal(map.roles[1].scale, 1, 0);
    assert_string_equal(map.session, "2026-01-02 08:15:30");
    assert_contains(warnings.last, "ActiGraph file read as a lower-back sensor");
    recording_close(rec);

    /* without time stamps or header row: the same samples; a bad cell is named by its line */
    write_actigraph(test_path("plain.csv"), "00:00:00", 0, "0.012,-0.996,0.055\n0.020,x,0.050\n");
    rec = recording_open(test_path("plain.csv"), NULL, &err);
    assert_non_null(rec);
    assert_int_equal(recording_get_info(rec)->channels, 3);
    assert_string_equal(recording_get_info(rec)->channel_names[0], "Accelerometer X");
    assert_true(read_all(rec, out, 8, &err) < 0);
    assert_contains(err.message, "line 12, column 2: 'x' is not a number");
    recording_close(rec);

    /* activity counts per 10 s epoch are not samples */
    err = (gb_error){0};
    write_actigraph(test_path("counts.csv"), "00:00:10", 0, "12,40,3\n");
    assert_null(recording_open(test_path("counts.csv"), NULL, &err));
    assert_contains(err.message, "epoch file (activity counts per 00:00:10)");
    /* a preamble cut short */
    err = (gb_error){0};
    test_write_file(test_path("cut.csv"), "------------ Data File Created By ActiGraph GT3X+ at "
                                          "30 Hz -----------\nSerial Number: X\n");
    assert_null(recording_open(test_path("cut.csv"), NULL, &err));
    assert_contains(err.message, "ActiGraph preamble and no samples after it");
}

static void write_geneactiv(const char *path, const char *location, const char *rows)
{
    char text[8192];
    int n = snprintf(text, sizeof text,
                     "Device Type,GENEActiv\nDevice Model,1.1\nDevice Unique Serial Code,012345\n"
                     "Calibration Date,2025-06-29 15:06:03:000\n,\nMeasurement Frequency,50 Hz\n"
                     "Measurement Period,1 Hours\nStart Time,2026-01-03 07:59:58:500\n"
                     "Device Location Code,%s\nSubject Code,7\nx gain,25548\nx offset,-86\n",
                     location);
    snprintf(text + n, sizeof text - (size_t)n, "%s", rows);
    test_write_file(path, text);
}

/* A GENEActiv export: "key,value" preamble, time stamped rows of x, y, z, light, button and
 * temperature; where it was worn decides whether gait can be read from it. */
static void test_geneactiv_csv_reads_itself(void **state)
{
    (void)state;
    test_scratch("read_geneactiv");
    const char rows[] = "2026-01-03 07:59:58:500,-0.0195,-0.9648,0.1215,0,0,21.3\n"
                        "2026-01-03 07:59:58:520,-0.0156,-0.9687,0.1176,0,0,21.3\n"
                        "2026-01-03 07:59:58:540,-0.0117,-0.9726,0.1137,0,0,21.3\n";
    write_geneactiv(test_path("waist.csv"), "waist", rows);
    gb_error err = {0};
    recording *rec = recording_open(test_path("waist.csv"), NULL, &err);
    assert_non_null(rec);
    const recording_info *ri = recording_get_info(rec);
    assert_string_equal(ri->device, "GENEActiv");
    assert_float_equal(ri->sample_rate_hz, 50, 0);
    assert_int_equal(ri->channels, 6);
    assert_string_equal(ri->channel_names[5], "temperature");
    assert_string_equal(ri->device_location, "waist");
    assert_string_equal(ri->start_time, "2026-01-03 07:59:58");
    double out[6 * 4];
    assert_int_equal(read_all(rec, out, 4, &err), 3);
    assert_float_equal(out[0], -0.0195, 1e-12);
    assert_float_equal(out[6 + 2], 0.1176, 1e-12);
    assert_float_equal(out[12 + 5], 21.3, 1e-12);
    channel_map map;
    test_warnings warnings = {0};
    gb_warner warner = {test_collect_warning, &warnings};
    assert_int_equal(channel_map_from_recording(ri, "waist.csv", &map, &warner, &err), 1);
    assert_int_equal(map.role_count, 3);
    assert_contains(warnings.last,
                    "GENEActiv file read as a lower-back sensor (worn at the waist)");
    recording_close(rec);

    write_geneactiv(test_path("wrist.csv"), "left wrist", rows);
    rec = recording_open(test_path("wrist.csv"), NULL, &err);
    assert_non_null(rec);
    assert_int_equal(
        channel_map_from_recording(recording_get_info(rec), "wrist.csv", &map, NULL, &err),
        GB_E_MAP);
    assert_contains(err.message, "the GENEActiv was worn at the left wrist: gaitbatch times steps");
    recording_close(rec);

    /* no location code: GENEActivs are mostly worn at the wrist */
    write_geneactiv(test_path("nowhere.csv"), "", rows);
    rec = recording_open(test_path("nowhere.csv"), NULL, &err);
    assert_non_null(rec);
    err = (gb_error){0};
    assert_int_equal(
        channel_map_from_recording(recording_get_info(rec), "nowhere.csv", &map, NULL, &err),
        GB_E_MAP);
    assert_contains(err.message, "worn at the wrist (no location code in the file)");
    recording_close(rec);

    /* rows a second apart under "50 Hz": summaries per epoch */
    err = (gb_error){0};
    write_geneactiv(test_path("epochs.csv"), "waist",
                    "2026-01-03 08:00:00:000,-0.02,-0.96,0.12,0,0,21.3\n"
                    "2026-01-03 08:00:01:000,-0.02,-0.96,0.12,0,0,21.3\n");
    assert_null(recording_open(test_path("epochs.csv"), NULL, &err));
    assert_contains(err.message, "first rows are 1 s apart, but its preamble says 50 Hz");
}

/* Numbers in text are read bit for bit as strtod reads them, whatever their form: the plain
 * decimals of the fast path (up to 15 significant digits) and everything else. */
static void test_text_numbers_as_strtod_reads_them(void **state)
{
    (void)state;
    test_scratch("read_numbers");
    enum { COUNT = 20000 };
    static char cells[COUNT][40];
    FILE *f = fopen(test_path("numbers.csv"), "w");
    assert_non_null(f);
    srand(7);
    for (int i = 0; i < COUNT; i++) {
        char *c = cells[i];
        int n = 0, digits = 1 + rand() % 19, point = rand() % (digits + 2) - 1;
        if (rand() % 3 == 0)
            c[n++] = '-';
        else if (rand() % 10 == 0)
            c[n++] = '+';
        for (int d = 0; d < digits; d++) {
            if (d == point) c[n++] = '.';
            c[n++] = (char)('0' + (rand() % 4 == 0 ? 0 : rand() % 10));
        }
        if (point == digits) c[n++] = '.';
        if (i % 50 == 0) n += snprintf(c + n, 8, "e%d", rand() % 40 - 20);
        c[n] = '\0';
        fprintf(f, "%s\n", c);
    }
    fprintf(f, "0.1\n0.3\n-0\n.5\n5.\n123456789012345\n1234567890123456\n0.0000000000000000000001\n"
               "9007199254740993\n");
    fclose(f);
    const char *extra[] = {"0.1",
                           "0.3",
                           "-0",
                           ".5",
                           "5.",
                           "123456789012345",
                           "1234567890123456",
                           "0.0000000000000000000001",
                           "9007199254740993"};
    recording_options opt;
    recording_options_default(&opt);
    opt.time_column = -1;
    opt.sample_rate_hz = 100;
    gb_error err = {0};
    recording *rec = recording_open(test_path("numbers.csv"), &opt, &err);
    assert_non_null(rec);
    double *values = calloc(COUNT + 16, sizeof(double));
    long got = read_all(rec, values, COUNT + 9, &err);
    if (got != COUNT + 9) fail_msg("%ld values: %s", got, err.message);
    for (int i = 0; i < COUNT + 9; i++) {
        const char *text = i < COUNT ? cells[i] : extra[i - COUNT];
        double expected = strtod(text, NULL);
        if (memcmp(&expected, &values[i], sizeof expected) != 0)
            fail_msg("'%s' read as %.17g, strtod gives %.17g", text, values[i], expected);
    }
    free(values);
    recording_close(rec);
}

/* A map saved with a UTF-8 byte order mark (Windows Notepad did so) loads as without one. */
static void test_channel_map_with_byte_order_mark(void **state)
{
    (void)state;
    test_scratch("read_map_bom");
    test_write_file(test_path("m.json"),
                    "\xEF\xBB\xBF{\"athlete\":\"A7\",\"channels\":[{\"index\":0,"
                    "\"side\":\"left\",\"unit\":\"N\"}]}");
    channel_map map;
    gb_error err = {0};
    if (channel_map_load(test_path("m.json"), &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_string_equal(map.athlete, "A7");
    assert_int_equal(map.role_count, 1);
}

/* A phone app's export (phyphox): quoted cells, units written with signs. The time column is
 * found, the names lose their quotes, and the template reads the units. */
static void test_text_quoted_cells_and_unit_signs(void **state)
{
    (void)state;
    recording *rec = open_text("read_phone", "phone.csv",
                               "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\","
                               "\"Gyroscope z (rad/s)\"\n"
                               "0.00,9.81,\"0.10\",0.5\n0.01,9.79,0.12,0.4\n0.02,9.80,0.11,0.3\n",
                               -2);
    gb_error err = {0};
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->time_column, 0);
    assert_float_equal(info->sample_rate_hz, 100.0, 1e-6);
    assert_string_equal(info->channel_names[0], "Acceleration x (m/s^2)");
    double frames[3 * 4];
    assert_int_equal(read_all(rec, frames, 4, &err), 3);
    assert_float_equal(frames[1], 0.10, 1e-12);
    char json[8192];
    assert_true(channel_map_template(info, "r.csv", NULL, json, sizeof json) > 0);
    channel_map map;
    if (channel_map_parse(json, "template", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_int_equal(map.roles[0].quantity, QUANTITY_ACCELERATION);
    assert_string_equal(map.roles[0].unit, "m/s2");
    assert_int_equal(map.roles[1].axis, 1);
    assert_int_equal(map.roles[2].quantity, QUANTITY_ANGULAR_VELOCITY);
    assert_string_equal(map.roles[2].unit, "rad/s");
    assert_int_equal(map.roles[2].axis, 2);
    recording_close(rec);
}

/* Excel in much of Europe: semicolons between cells, decimal commas. */
static void test_text_semicolons_and_decimal_commas(void **state)
{
    (void)state;
    recording *rec = open_text("read_euro", "euro.csv",
                               "t_s;acc_x;acc_y\n0,00;0,25;1\n0,01;-1,5;1,0\n0,02;0,125;2\n", -2);
    gb_error err = {0};
    assert_float_equal(recording_get_info(rec)->sample_rate_hz, 100.0, 1e-6);
    assert_int_equal(recording_get_info(rec)->channels, 2);
    double frames[2 * 4];
    assert_int_equal(read_all(rec, frames, 4, &err), 3);
    assert_float_equal(frames[0], 0.25, 0);
    assert_float_equal(frames[2], -1.5, 0);
    assert_float_equal(frames[4], 0.125, 0);
    recording_close(rec);
}

/* Date-time stamps as the time column (Axivity's OMGUI CSV export, loggers): read as seconds,
 * across midnight, with a gap filled; a stamp that is not one is named. */
static void test_text_date_time_stamps(void **state)
{
    (void)state;
    recording *rec = open_text("read_stamps", "stamps.csv",
                               "2026-01-02 23:59:59.960,1.0\n2026-01-02 23:59:59.980,1.1\n"
                               "2026-01-03 00:00:00.000,1.2\n2026-01-03 00:00:00.060,1.3\n"
                               "2026-01-03T00:00:00.080Z,1.4\n",
                               -2);
    const char *path = test_path("stamps.csv");
    gb_error err = {0};
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->time_column, 0);
    assert_int_equal(info->channels, 1);
    assert_float_equal(info->sample_rate_hz, 50.0, 1e-6);
    double frames[8];
    assert_int_equal(read_all(rec, frames, 8, &err), 7); /* 0.020 and 0.040 filled as a gap */
    assert_float_equal(info->time_origin_s, 86399.96, 1e-6);
    assert_int_equal(info->gap_frames, 2);
    assert_float_equal(frames[2], 1.2, 0);
    assert_true(isnan(frames[3]) && isnan(frames[4]));
    assert_float_equal(frames[6], 1.4, 0);
    recording_close(rec);

    test_write_file(path, "1/2/2026 10:00:00.000,1\n1/2/2026 10:00:00.010,1\n1/2/2026 ten,1\n");
    assert_null(recording_open(path, NULL, &err)); /* met while measuring the rate */
    assert_contains(err.message, "line 3, column 1: '1/2/2026 ten' is not a date and time");
}

/* Shimmer's Consensys export: a "sep=" line, three header rows (name, CAL, unit), a trailing tab
 * on every row, Unix time in ms. The time column is found by its name and read in ms. */
static void test_text_shimmer_layout(void **state)
{
    (void)state;
    recording *rec = open_text("read_shimmer", "shimmer.csv",
                               "\"sep=\\t\"\n"
                               "S_Timestamp_Unix_CAL\tS_Accel_LN_X_CAL\tS_Gyro_Y_CAL\t\n"
                               "CAL\tCAL\tCAL\t\nms\tm/(s^2)\tdeg/s\t\n"
                               "1700000000000.000\t9.81\t1.5\t\n1700000000010.000\t9.79\t1.0\t\n"
                               "1700000000020.000\t9.80\t0.5\t\n",
                               -2);
    gb_error err = {0};
    const recording_info *info = recording_get_info(rec);
    assert_int_equal(info->time_column, 0);
    assert_float_equal(info->sample_rate_hz, 100.0, 1e-6);
    assert_int_equal(info->channels, 2);
    assert_string_equal(info->channel_names[0], "S_Accel_LN_X_CAL/CAL/m/(s^2)");
    double frames[2 * 4];
    assert_int_equal(read_all(rec, frames, 4, &err), 3);
    assert_float_equal(frames[3], 1.0, 0);
    char json[8192];
    assert_true(channel_map_template(info, "r.csv", NULL, json, sizeof json) > 0);
    channel_map map;
    if (channel_map_parse(json, "template", &map, NULL, &err) != 0) fail_msg("%s", err.message);
    assert_string_equal(map.roles[0].unit, "m/s2");
    assert_int_equal(map.roles[1].quantity, QUANTITY_ANGULAR_VELOCITY);
    assert_int_equal(map.roles[1].axis, 1);
    recording_close(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_with_header_and_time),
        cmocka_unit_test(test_text_gap_becomes_nan),
        cmocka_unit_test(test_text_empty_cells_are_missing_samples),
        cmocka_unit_test(test_text_rounded_time_column),
        cmocka_unit_test(test_text_duplicated_time_is_left_out),
        cmocka_unit_test(test_text_jittered_time_column),
        cmocka_unit_test(test_text_bad_inputs),
        cmocka_unit_test(test_text_numbers_as_strtod_reads_them),
        cmocka_unit_test(test_text_without_rate_is_refused),
        cmocka_unit_test(test_text_time_column_found_by_name),
        cmocka_unit_test(test_text_time_counted_from_1970),
        cmocka_unit_test(test_text_date_time_column_beside_time),
        cmocka_unit_test(test_template_quantity_from_file_name),
        cmocka_unit_test(test_channel_map_template_guesses_from_names),
        cmocka_unit_test(test_map_one_channel_per_axis),
        cmocka_unit_test(test_template_magnitude_and_unnamed_axes),
        cmocka_unit_test(test_template_imu_export_extras),
        cmocka_unit_test(test_lower_back_channels_need_no_side),
        cmocka_unit_test(test_map_up_axis),
        cmocka_unit_test(test_template_imu_suite_columns),
        cmocka_unit_test(test_descriptions_and_long_templates),
        cmocka_unit_test(test_text_quoted_cells_and_unit_signs),
        cmocka_unit_test(test_text_semicolons_and_decimal_commas),
        cmocka_unit_test(test_text_date_time_stamps),
        cmocka_unit_test(test_text_shimmer_layout),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_pipe_is_no_recording),
        cmocka_unit_test(test_packed_files_are_refused),
        cmocka_unit_test(test_recording_stems),
        cmocka_unit_test(test_utf16_text_refused),
        cmocka_unit_test(test_gzip_compressed_text),
        cmocka_unit_test(test_worn_at_lower_back),
        cmocka_unit_test(test_inertial_unit_spellings),
        cmocka_unit_test(test_sndfile_float_wav_and_flac),
        cmocka_unit_test(test_truncated_wav),
        cmocka_unit_test(test_float_wav_with_nonfinite_samples),
        cmocka_unit_test(test_wfdb_212_and_16),
        cmocka_unit_test(test_wfdb_missing_signal_file),
        cmocka_unit_test(test_checksum_job_on_a_thread_and_without),
        cmocka_unit_test(test_channel_map_parse),
        cmocka_unit_test(test_channel_map_with_byte_order_mark),
        cmocka_unit_test(test_channel_map_check_names_missing_channel),
        cmocka_unit_test(test_axivity_wav_reads_itself),
        cmocka_unit_test(test_axivity_ax6_wav_reads_itself),
        cmocka_unit_test(test_axivity_cwa_ax3),
        cmocka_unit_test(test_axivity_cwa_gzip),
        cmocka_unit_test(test_axivity_cwa_ax6),
        cmocka_unit_test(test_axivity_cwa_bad_inputs),
        cmocka_unit_test(test_actigraph_gt3x_reads_itself),
        cmocka_unit_test(test_actigraph_gt3x_wear_position),
        cmocka_unit_test(test_actigraph_gt3x_older_layout),
        cmocka_unit_test(test_actigraph_gt3x_bad_inputs),
        cmocka_unit_test(test_geneactiv_bin_reads_itself),
        cmocka_unit_test(test_clipped_rows_kept),
        cmocka_unit_test(test_geneactiv_bin_bad_inputs),
        cmocka_unit_test(test_geneactiv_bin_gzip),
        cmocka_unit_test(test_actigraph_csv_reads_itself),
        cmocka_unit_test(test_geneactiv_csv_reads_itself),
    };
    return cmocka_run_group_tests_name("read", tests, NULL, NULL);
}
