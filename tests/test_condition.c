/* Conditioning: calibration and per-foot sums; signal-quality statistics. */
#include <math.h>
#include <string.h>

#include "../src/condition/condition.h"
#include "../src/condition/foot_path.h"
#include "../src/condition/quality.h"
#include "../src/condition/standing.h"
#include "../src/condition/wear.h"
#include "test_util.h"

static void parse_map(const char *json, channel_map *map)
{
    gb_error err = {0};
    if (channel_map_parse(json, "map.json", map, NULL, &err) != 0) fail_msg("%s", err.message);
}

/* The leg gyroscopes' peak pitch rate, from the quality checks' extremes in the map's unit and
 * scale: the larger magnitude of either end over every pitch channel (rad/s turned to deg/s);
 * gyroscopes about other axes and other sensors do not count, and a map without any gives NAN. */
static void test_leg_pitch_rate_peak(void **state)
{
    (void)state;
    channel_map map;
    parse_map("{\"channels\":["
              "{\"index\":0,\"side\":\"left\",\"placement\":\"foot\",\"quantity\":"
              "\"angular_velocity\",\"axis\":\"y\",\"unit\":\"deg/s\",\"scale\":2},"
              "{\"index\":1,\"side\":\"right\",\"placement\":\"shank\",\"quantity\":"
              "\"angular_velocity\",\"axis\":\"y\",\"unit\":\"rad/s\"},"
              "{\"index\":2,\"side\":\"right\",\"placement\":\"shank\",\"quantity\":"
              "\"angular_velocity\",\"axis\":\"z\",\"unit\":\"deg/s\"}]}",
              &map);
    channel_quality checks[3] = {{.samples = 10, .minimum = -4, .maximum = 3},
                                 {.samples = 10, .minimum = -0.1, .maximum = 0.05},
                                 {.samples = 10, .minimum = -900, .maximum = 900}};
    /* the left foot's -4 x 2 = 8 deg/s against the right shank's 0.1 rad/s = 5.73 deg/s */
    assert_float_equal(condition_leg_pitch_rate_peak(&map, checks, 3), 8.0, 1e-12);
    checks[1].minimum = -0.2; /* 11.46 deg/s */
    assert_float_equal(condition_leg_pitch_rate_peak(&map, checks, 3), 0.2 * 180 / M_PI, 1e-9);
    assert_true(isnan(condition_leg_pitch_rate_peak(&map, checks, 0))); /* no channel read */
    parse_map("{\"channels\":[{\"index\":0,\"side\":\"left\",\"location\":\"heel\"}]}", &map);
    assert_true(isnan(condition_leg_pitch_rate_peak(&map, checks, 1)));
}

static void test_zones_sum_to_newtons(void **state)
{
    (void)state;
    channel_map map;
    parse_map(
        "{\"channels\":["
        "{\"index\":0,\"side\":\"left\",\"location\":\"heel\",\"unit\":\"kg\",\"scale\":2},"
        "{\"index\":1,\"side\":\"left\",\"location\":\"forefoot\",\"unit\":\"N\",\"offset\":-5},"
        "{\"index\":2,\"side\":\"right\",\"sensor\":1,\"x_mm\":500,\"y_mm\":-800,\"unit\":\"N\"},"
        "{\"index\":3,\"side\":\"right\",\"sensor\":2,\"x_mm\":500,\"y_mm\":800,\"unit\":\"N\"}]}",
        &map);
    assert_int_equal(condition_map_kind(&map), SENSOR_FORCE_CALIBRATED);
    recording_info info = {.channels = 4, .sample_rate_hz = 100};
    condition_config config = {
        1000, 64, 1, condition_map_kind(&map)}; /* a cutoff above Nyquist passes samples through */
    gb_error err = {0};
    condition *c = condition_create(&map, &info, &config, &err);
    assert_non_null(c);
    assert_int_equal(condition_delay(c), 0);
    const condition_foot *left = condition_get_foot(c, SIDE_LEFT);
    assert_true(left->present && left->has_heel && left->is_newton);
    assert_string_equal(left->unit, "N");
    assert_true(condition_get_foot(c, SIDE_RIGHT)->has_heel); /* sensor with y < 0 */
    double raw[8] = {10, 100, 30, 40, 0, 0, 0, 0}, out[2 * COND_SIGNALS];
    assert_int_equal(condition_process(c, raw, 2, out), 2);
    assert_float_equal(out[COND_LEFT_HEEL], 10 * 2 * 9.80665, 1e-9);
    assert_float_equal(out[COND_LEFT_TOTAL], 10 * 2 * 9.80665 + 95, 1e-9);
    assert_float_equal(out[COND_RIGHT_TOTAL], 70, 1e-12);
    assert_float_equal(out[COND_RIGHT_HEEL], 30, 1e-12);
    condition_destroy(c);
}

static void test_total_channel_wins_and_units_must_agree(void **state)
{
    (void)state;
    channel_map map;
    parse_map(
        "{\"channels\":[{\"index\":0,\"side\":\"left\",\"location\":\"heel\",\"unit\":\"a.u.\"},"
        "{\"index\":1,\"side\":\"left\",\"location\":\"total\",\"unit\":\"a.u.\"}]}",
        &map);
    assert_int_equal(condition_map_kind(&map), SENSOR_FORCE_UNCALIBRATED);
    recording_info info = {.channels = 2, .sample_rate_hz = 100};
    condition_config config = {1000, 16, 1, condition_map_kind(&map)};
    gb_error err = {0};
    condition *c = condition_create(&map, &info, &config, &err);
    assert_non_null(c);
    double raw[2] = {3, 7}, out[COND_SIGNALS];
    condition_process(c, raw, 1, out);
    assert_float_equal(out[COND_LEFT_TOTAL], 7, 0); /* the measured total, not heel + total */
    assert_float_equal(out[COND_LEFT_HEEL], 3, 0);
    assert_true(isnan(out[COND_RIGHT_TOTAL])); /* no right foot */
    assert_false(condition_get_foot(c, SIDE_LEFT)->is_newton);
    condition_destroy(c);

    parse_map("{\"channels\":[{\"index\":0,\"side\":\"left\",\"unit\":\"N\"},"
              "{\"index\":1,\"side\":\"left\",\"location\":\"heel\",\"unit\":\"kPa\"}]}",
              &map);
    assert_null(condition_create(&map, &info, &config, &err));
    assert_contains(err.message, "mixes units 'N' and 'kPa'");
}

/* A sacrum sensor pitched 30 degrees forward in half a second, no other motion: the gravity-free
 * vertical acceleration stays near 0 g when the gyroscope turns the gravity estimate, and the
 * accelerometer's 2 s average alone lags by several hundredths of a g. */
static double largest_vertical_during_a_turn(int with_gyro)
{
    channel_map map;
    char json[1024];
    int n = snprintf(json, sizeof json, "{\"channels\":[");
    for (int c = 0; c < (with_gyro ? 6 : 3); c++)
        n += snprintf(json + n, sizeof json - (size_t)n,
                      "%s{\"index\":%d,\"side\":\"left\",\"placement\":\"sacrum\","
                      "\"quantity\":\"%s\",\"axis\":\"%c\",\"unit\":\"%s\"}",
                      c ? "," : "", c, c < 3 ? "acceleration" : "angular_velocity", "xyz"[c % 3],
                      c < 3 ? "g" : "deg/s");
    snprintf(json + n, sizeof json - (size_t)n, "]}");
    parse_map(json, &map);
    recording_info info = {.channels = with_gyro ? 6 : 3, .sample_rate_hz = 100};
    condition_config config = {1000, 1, 1, condition_map_kind(&map)};
    gb_error err = {0};
    condition *c = condition_create(&map, &info, &config, &err);
    assert_non_null(c);
    double largest = 0;
    for (int i = 0; i < 600; i++) {
        double t = i / 100.0, rate = t >= 2 && t < 2.5 ? 60.0 : 0; /* deg/s about y */
        double pitch = (t < 2 ? 0 : t < 2.5 ? 60.0 * (t - 2) : 30.0) * M_PI / 180;
        /* the accelerometer reads the reaction to gravity: (-sin, 0, cos) of the pitch, and a
         * frame turning at +w about y sees it turn by -w x g, which is that */
        double frame[6] = {-sin(pitch), 0, cos(pitch), 0, rate, 0}, out[COND_SIGNALS];
        assert_int_equal(condition_process(c, frame, 1, out), 1);
        if (fabs(out[COND_LEFT_TOTAL]) > largest) largest = fabs(out[COND_LEFT_TOTAL]);
    }
    condition_destroy(c);
    return largest;
}

static void test_gyroscope_turns_the_gravity_estimate(void **state)
{
    (void)state;
    double with_gyro = largest_vertical_during_a_turn(1);
    double without = largest_vertical_during_a_turn(0);
    print_message("largest vertical acceleration in a 30 degree turn: %.4f g with the gyroscope, "
                  "%.4f g without\n",
                  with_gyro, without);
    assert_true(with_gyro < 0.002);
    assert_true(without > 0.01);
}

/* A sacrum sensor on its side: z points up and y forward, so x points right (forward x up). With
 * forward_axis the right foot's total slot is the acceleration towards the right, whatever the
 * forward axis's tilt, and its heel slot the sine of that tilt (the trunk's forward pitch); the
 * same sensor turned round (y backwards, x to the left) with forward_axis "-y" gives the same.
 * Without it, the two slots are the acceleration along two horizontal directions at right angles:
 * the push is all theirs, and gravity none of it. */
static void test_sacrum_medio_lateral_towards_the_right(void **state)
{
    (void)state;
    const char *forwards[] = {NULL, "y", "-y"};
    for (int mode = 0; mode < 3; mode++) {
        channel_map map;
        char json[1024], forward[64] = "";
        if (forwards[mode])
            snprintf(forward, sizeof forward, "\"forward_axis\":\"%s\",", forwards[mode]);
        int n = snprintf(json, sizeof json, "{%s\"channels\":[", forward);
        for (int c = 0; c < 3; c++)
            n += snprintf(json + n, sizeof json - (size_t)n,
                          "%s{\"index\":%d,\"side\":\"left\",\"placement\":\"sacrum\","
                          "\"quantity\":\"acceleration\",\"axis\":\"%c\",\"unit\":\"g\"}",
                          c ? "," : "", c, "xyz"[c]);
        snprintf(json + n, sizeof json - (size_t)n, "]}");
        parse_map(json, &map);
        recording_info info = {.channels = 3, .sample_rate_hz = 100};
        condition_config config = {1000, 1, 1, condition_map_kind(&map)};
        gb_error err = {0};
        condition *c = condition_create(&map, &info, &config, &err);
        assert_non_null(c);
        const double tilt = 0.3; /* rad: the trunk leans forward, y dips, z leans back */
        const double turned = mode == 2 ? -1 : 1; /* turned round: x and y point the other way */
        for (int i = 0; i < 400; i++) {
            /* a sway of 1 Hz, as in walking: a steady push could not be told from a tilt */
            double push = 0.1 * sin(2 * M_PI * i / 100.0);
            double frame[3] = {turned * push, -turned * sin(tilt), cos(tilt)}, out[COND_SIGNALS];
            assert_int_equal(condition_process(c, frame, 1, out), 1);
            if (i != 325 && i != 375) continue; /* the sway's extremes, right then left */
            if (forwards[mode]) {
                assert_float_equal(out[COND_RIGHT_TOTAL], push, 0.02);
                assert_float_equal(out[COND_RIGHT_HEEL], sin(tilt), 0.01); /* the pitch's sine */
            } else {
                assert_float_equal(hypot(out[COND_RIGHT_TOTAL], out[COND_RIGHT_HEEL]), fabs(push),
                                   0.02);
                /* x follows z, the axis nearest vertical: the first direction */
                assert_float_equal(out[COND_RIGHT_TOTAL], push, 0.02);
            }
        }
        condition_destroy(c);
    }
}

/* The up of gait (condition_gait_up): a sacrum sensor worn upside down, x pointing at the ground,
 * bouncing 0.3 g at 2 Hz for 10 s, then lying still on its back (z up) for 20 s: up is within 7 deg
 * of -x (measured 6.6), the lying counting only while the gravity estimate settles on z. Before
 * any motion, none. */
static void test_sacrum_up_in_gait(void **state)
{
    (void)state;
    channel_map map;
    parse_map("{\"channels\":[{\"index\":0,\"placement\":\"sacrum\",\"quantity\":"
              "\"acceleration\",\"axis\":\"x\",\"unit\":\"g\"},{\"index\":1,\"placement\":"
              "\"sacrum\",\"quantity\":\"acceleration\",\"axis\":\"y\",\"unit\":\"g\"},"
              "{\"index\":2,\"placement\":\"sacrum\",\"quantity\":\"acceleration\",\"axis\":"
              "\"z\",\"unit\":\"g\"}]}",
              &map);
    recording_info info = {.channels = 3, .sample_rate_hz = 100};
    condition_config config = {1000, 100, 1, condition_map_kind(&map)};
    gb_error err = {0};
    condition *c = condition_create(&map, &info, &config, &err);
    assert_non_null(c);
    double up[3], block[100 * 3], out[100 * COND_SIGNALS];
    assert_int_equal(condition_gait_up(c, up), 0);
    for (int second = 0; second < 30; second++) {
        for (int i = 0; i < 100; i++) {
            double bounce = 1 + 0.3 * sin(2 * M_PI * 2 * (second * 100 + i) / 100.0);
            double *frame = block + 3 * i;
            frame[0] = second < 10 ? -bounce : 0;
            frame[1] = 0;
            frame[2] = second < 10 ? 0 : 1;
        }
        assert_int_equal(condition_process(c, block, 100, out), 100);
    }
    assert_int_equal(condition_gait_up(c, up), 1);
    assert_true(up[0] < -0.99);
    assert_float_equal(up[2], 0, 0.15);
    condition_destroy(c);
}

/* A foot IMU's frames (acc x, y, z in m/s2, gyro x, y, z in rad/s) at 200 Hz: standing 0.5 s,
 * then `swings` swings of 0.6 s, each `length` m forward and `rise` m up (clearing 0.1 m), the
 * foot pitching up to 40 degrees and back, each followed by 0.5 s flat on the ground. The sensor
 * sits turned on the foot by `mount` (a rotation: sensor axes in the foot's frame, as rows). */
#define PATH_RATE 200.0
static long foot_walk(double *frames, int swings, double length, double rise,
                      const double mount[3][3])
{
    const double g = 9.80665, still_s = 0.5, swing_s = 0.6;
    long n = 0, per_swing = (long)(swing_s * PATH_RATE), per_still = (long)(still_s * PATH_RATE);
    double floor_z = 0;
    for (int s = 0; s <= swings; s++) {
        for (long i = 0; i < per_still + (s == swings ? per_still : 0); i++, n++) {
            double f[3] = {0, 0, g}, *out = frames + 6 * n;
            for (int r = 0; r < 3; r++) {
                out[r] = mount[r][0] * f[0] + mount[r][1] * f[1] + mount[r][2] * f[2];
                out[3 + r] = 0;
            }
        }
        if (s == swings) break;
        for (long i = 0; i < per_swing; i++, n++) {
            double u = (i + 0.5) / (double)per_swing, phase = 2 * M_PI * u;
            double k = 2 * M_PI / (swing_s * swing_s);
            /* x = L (u - sin(2 pi u) / 2 pi), the rise likewise, plus a 0.1 m clearance
             * 0.1 (1 - cos(2 pi u)) / 2; the pitch 40 deg (1 - cos(2 pi u)) / 2 */
            double ax = length * k * sin(phase);
            double az = rise * k * sin(phase) + 0.1 * M_PI * k * cos(phase);
            double pitch = 40 * M_PI / 180 * (1 - cos(phase)) / 2;
            double pitch_rate = 40 * M_PI / 180 * M_PI / swing_s * sin(phase);
            /* specific force in the foot's frame: R_y(pitch)^T (a + g z) */
            double fw[3] = {ax, 0, az + g}, c = cos(pitch), sn = sin(pitch);
            double f[3] = {c * fw[0] - sn * fw[2], fw[1], sn * fw[0] + c * fw[2]};
            double om[3] = {0, pitch_rate, 0}, *out = frames + 6 * n;
            for (int r = 0; r < 3; r++) {
                out[r] = mount[r][0] * f[0] + mount[r][1] * f[1] + mount[r][2] * f[2];
                out[3 + r] = mount[r][0] * om[0] + mount[r][1] * om[1] + mount[r][2] * om[2];
            }
        }
        floor_z += rise;
    }
    return n;
}

/* The last sample the foot stands still after foot_walk's swing s (1, 2, ...). */
static long standing_after(int swing)
{
    return (long)((0.5 + swing * 1.1) * PATH_RATE) - 1;
}

static foot_path *new_path(int brief_only)
{
    foot_path_config config = {.sample_rate_hz = PATH_RATE,
                               .brief_only = brief_only,
                               .accel = {0, 1, 2},
                               .gyro = {3, 4, 5},
                               .accel_to_m_s2 = {1, 1, 1},
                               .gyro_to_rad_s = {1, 1, 1}};
    gb_error err = {0};
    foot_path *p = foot_path_new(&config, &err);
    assert_non_null(p);
    return p;
}

/* Five swings of 1.30 m with the sensor on the foot as it is, turned (30 degrees about z, then
 * 120 about x: no axis along the foot) and upside down: the distance steps up by 1.30 m at each,
 * within 1 cm, and the same whatever the block size. */
static void test_foot_path_adds_each_swing(void **state)
{
    (void)state;
    static double frames[6 * 2000], distance[2000], blocks[2000];
    const double a = 30 * M_PI / 180, b = 120 * M_PI / 180;
    const double level[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    /* rows: the sensor's axes in the foot's frame, R_x(b) R_z(a) transposed */
    const double turned[3][3] = {{cos(a), sin(a), 0},
                                 {-cos(b) * sin(a), cos(b) * cos(a), sin(b)},
                                 {sin(b) * sin(a), -sin(b) * cos(a), cos(b)}};
    const double upside_down[3][3] = {{1, 0, 0}, {0, -1, 0}, {0, 0, -1}}; /* half a turn about x */
    const double(*mounts[3])[3] = {level, turned, upside_down};
    for (int m = 0; m < 3; m++) {
        long n = foot_walk(frames, 5, 1.30, 0, mounts[m]);
        foot_path *p = new_path(0);
        foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
        long left_out = -1;
        assert_int_equal(foot_path_swings(p, &left_out), 5);
        assert_int_equal(left_out, 0);
        assert_int_equal(foot_path_unstill(p), 0);
        /* the stances' gravity, with the swing's first two samples (under 20 deg/s, already
         * lifting) in each stance's mean: 1.2 % high */
        assert_float_equal(foot_path_gravity(p), 9.80665, 0.15);
        print_message("foot path, mounting %d: %.4f m after 5 swings of 1.30 m\n", m,
                      distance[n - 1]);
        assert_float_equal(distance[n - 1], 5 * 1.30, 0.03);
        /* each swing's share: where the foot stands between them */
        for (int s = 1; s <= 5; s++) {
            long standing = standing_after(s);
            assert_float_equal(distance[standing], s * 1.30, 0.01 * s);
        }
        foot_path_delete(p);
        p = new_path(0);
        for (long at = 0, block = 1; at < n; at += block, block = block * 3 % 97 + 1)
            foot_path_process(p, frames + 6 * at, 6, at + block <= n ? block : n - at, NULL, 0,
                              blocks + at, 1);
        assert_memory_equal(blocks, distance, (size_t)n * sizeof *distance);
        foot_path_delete(p);
    }
}

/* A running foot's frames at 200 Hz, as foot_walk's (level mounting): standing 0.5 s, then
 * `strides` strides of 0.2 s stance and a 0.45 s swing of `length` m (foot_walk's shape, 40 deg of
 * pitch and 0.1 m of clearance). The stance is never still: the foot rolls toes down on its heel
 * (a half-sine of 300 deg/s over 0.08 s), stays nearly flat for 0.04 s (turning at 40 deg/s),
 * then rolls back up onto its toes over 0.08 s; it turns in place, so the accelerometer reads
 * gravity alone, turned. Landing, it meets the ground at 2 g. Returns the frames written; the
 * last sample of each stance's flat part goes to flat_end[k] (k = 0 .. strides - 1). */
static long foot_run(double *frames, int strides, double length, long *flat_end)
{
    const double g = 9.80665, swing_s = 0.45, roll_s = 0.08, flat_s = 0.04;
    const double roll = 300 * M_PI / 180, flat_rate = 40 * M_PI / 180;
    const double rolled = 2 * roll * roll_s / M_PI,
                 back = (rolled + flat_rate * flat_s) * M_PI / (2 * roll_s);
    long n = 0;
    for (long i = 0; i < (long)(0.5 * PATH_RATE); i++, n++) {
        double *out = frames + 6 * n;
        out[0] = out[1] = out[3] = out[4] = out[5] = 0, out[2] = g;
    }
    for (int k = 0; k < strides; k++) {
        long per_roll = (long)(roll_s * PATH_RATE), per_flat = (long)(flat_s * PATH_RATE);
        double pitch = 0;
        for (long i = 0; i < 2 * per_roll + per_flat; i++, n++) {
            double t = (i + 0.5) / PATH_RATE, rate;
            if (i < per_roll) { /* toes down */
                rate = roll * sin(M_PI * t / roll_s);
                pitch = rolled / 2 * (1 - cos(M_PI * t / roll_s));
            } else if (i < per_roll + per_flat) {
                rate = flat_rate;
                pitch = rolled + flat_rate * (t - roll_s);
            } else { /* up onto the toes, back to level */
                double u = (t - roll_s - flat_s) / roll_s;
                rate = -back * sin(M_PI * u);
                pitch = rolled + flat_rate * flat_s - back * roll_s / M_PI * (1 - cos(M_PI * u));
            }
            if (i == per_roll + per_flat - 1) flat_end[k] = n;
            double *out = frames + 6 * n;
            out[0] = -sin(pitch) * g, out[1] = 0, out[2] = cos(pitch) * g;
            out[3] = 0, out[4] = rate, out[5] = 0;
        }
        long per_swing = (long)(swing_s * PATH_RATE);
        for (long i = 0; i < per_swing; i++, n++) {
            double u = (i + 0.5) / (double)per_swing, phase = 2 * M_PI * u;
            double kk = 2 * M_PI / (swing_s * swing_s);
            double ax = length * kk * sin(phase), az = 0.1 * M_PI * kk * cos(phase);
            double swing_pitch = 40 * M_PI / 180 * (1 - cos(phase)) / 2;
            double pitch_rate = 40 * M_PI / 180 * M_PI / swing_s * sin(phase);
            double c = cos(swing_pitch), sn = sin(swing_pitch), *out = frames + 6 * n;
            out[0] = c * ax - sn * (az + g), out[1] = 0, out[2] = sn * ax + c * (az + g);
            out[3] = 0, out[4] = pitch_rate, out[5] = 0;
        }
    }
    return n;
}

/* A shoe on a pedal (80 rpm, a 0.17 m crank, the foot tilting 15 degrees either way) never stands
 * still: the path's stances are brief ones its turning foot passes through, and what it integrates
 * between them sinks or rises far beyond any swing, or runs on past FOOT_PATH_MAX_S. Most
 * movements are left out as unstill (foot_path_unstill), where a walk has none (above). */
static void test_foot_path_pedalling_never_stands_still(void **state)
{
    (void)state;
    static double frames[6 * 6000], distance[6000];
    const double turn = 2 * M_PI * 80 / 60.0, crank = 0.17;
    long n = 6000; /* 30 s */
    for (long i = 0; i < n; i++) {
        double t = (double)i / PATH_RATE, phase = turn * t;
        double tilt = 15 * M_PI / 180 * sin(phase + 0.5);
        double tilt_rate = 15 * M_PI / 180 * turn * cos(phase + 0.5);
        /* specific force in the world (x forward, z up): the crank's centripetal pull and gravity
         */
        double forward = -crank * turn * turn * cos(phase);
        double up = -crank * turn * turn * sin(phase) + 9.80665;
        double *f = frames + 6 * i;
        f[0] = cos(tilt) * forward - sin(tilt) * up;
        f[1] = 0;
        f[2] = sin(tilt) * forward + cos(tilt) * up;
        f[3] = 0, f[4] = tilt_rate, f[5] = 0;
    }
    foot_path *p = new_path(0);
    foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
    long left_out = -1, swings = foot_path_swings(p, &left_out), unstill = foot_path_unstill(p);
    print_message("pedalling foot: %ld swings, %ld left out, %ld of them unstill\n", swings,
                  left_out, unstill);
    assert_true(unstill >= 10);
    assert_true(2 * unstill > swings + left_out);
    foot_path_delete(p);
}

/* Running (foot_path.h): no stance is still, so the path waits FOOT_PATH_MAX_S, then takes the
 * brief flat parts. Each swing after that adds its 2.0 m within 1 cm, read from one flat part to
 * the next; the landing (2 g) is not taken for a stance. The first strides, before brief stances
 * are taken, add nothing. The same whatever the block size. */
static void test_foot_path_running_brief_stances(void **state)
{
    (void)state;
    static double frames[6 * 4000], distance[4000], blocks[4000];
    long flat_end[20];
    long n = foot_run(frames, 20, 2.0, flat_end);
    foot_path *p = new_path(0);
    foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
    long left_out = -1, swings = foot_path_swings(p, &left_out);
    print_message("running foot: %ld swings, %ld left out, %.4f m\n", swings, left_out,
                  distance[n - 1]);
    assert_int_equal(left_out, 1); /* the strides before the brief stances, as one movement */
    assert_int_equal(foot_path_unstill(p), 1); /* ... which never stood still */
    assert_true(swings >= 15);
    int first = 20 - 1 - (int)swings; /* the stance the first swing counted starts from */
    for (int k = 0; k < 20; k++) {
        double expected = k <= first ? 0 : 2.0 * (k - first);
        assert_float_equal(distance[flat_end[k]], expected, 0.01 * (k - first > 1 ? k - first : 1));
        /* as the roll onto the heel ends, the stride has not been added yet: had the landing
         * been taken for a stance, it would have been */
        long rolled = flat_end[k] - (long)(0.04 * PATH_RATE);
        assert_float_equal(distance[rolled], k <= first + 1 ? 0 : 2.0 * (k - first - 1),
                           0.01 * (k - first > 1 ? k - first : 1));
    }
    assert_float_equal(foot_path_gravity(p), 9.80665, 0.1);
    foot_path_delete(p);
    p = new_path(0);
    for (long at = 0, block = 1; at < n; at += block, block = block * 3 % 97 + 1)
        foot_path_process(p, frames + 6 * at, 6, at + block <= n ? block : n - at, NULL, 0,
                          blocks + at, 1);
    assert_memory_equal(blocks, distance, (size_t)n * sizeof *distance);
    foot_path_delete(p);
    /* with brief stances from the start (the map's "foot_stances": "brief"), none is lost: every
     * swing after the first stance counts (the last ends with the recording, unclosed) */
    p = new_path(1);
    foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
    assert_int_equal(foot_path_swings(p, &left_out), 19);
    assert_int_equal(left_out, 0);
    for (int k = 0; k < 20; k++)
        assert_float_equal(distance[flat_end[k]], 2.0 * k, 0.01 * (k > 1 ? k : 1));
    foot_path_delete(p);
}

/* A cheap sensor: the gyroscope off by 2 deg/s on every axis, the accelerometer's scale 3 % high,
 * and both noisy (0.05 m/s2, 0.5 deg/s). Gravity is taken from the still stance, so the scale error
 * does not leak into the swing as a tilt would; the swing's own acceleration stays 3 % high, and
 * so does its length: each swing within 2 cm of 1.03 x 1.30 m. */
static void test_foot_path_with_a_biased_noisy_sensor(void **state)
{
    (void)state;
    static double frames[6 * 2000], distance[2000];
    const double level[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    long n = foot_walk(frames, 5, 1.30, 0, level);
    unsigned seed = 7;
    for (long i = 0; i < 6 * n; i++) {
        seed = seed * 1103515245u + 12345u; /* a fixed sequence: the same numbers every run */
        double noise = ((double)(seed >> 16 & 0x7fff) / 0x7fff - 0.5) * 2 * sqrt(3.0);
        if (i % 6 < 3)
            frames[i] = frames[i] * 1.03 + 0.05 * noise;
        else
            frames[i] += (2 + 0.5 * noise) * M_PI / 180;
    }
    foot_path *p = new_path(0);
    foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
    assert_int_equal(foot_path_swings(p, NULL), 5);
    double last = 0;
    for (int s = 1; s <= 5; s++) {
        long standing = standing_after(s);
        print_message("  biased, noisy sensor: swing %d %.4f m\n", s, distance[standing] - last);
        assert_float_equal(distance[standing] - last, 1.03 * 1.30, 0.02);
        last = distance[standing];
    }
    foot_path_delete(p);
}

/* An accelerometer whose range ends at 20 m/s2 (about 2 g) cuts the swings' peaks flat: each such
 * swing is left out rather than read short; one whose range ends higher keeps them all. */
static void test_foot_path_leaves_out_saturated_swings(void **state)
{
    (void)state;
    static double frames[6 * 2000], distance[2000];
    const double level[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    for (int clipped = 0; clipped < 2; clipped++) {
        long n = foot_walk(frames, 5, 1.30, 0, level);
        double range = clipped ? 20.0 : 40.0;
        for (long i = 0; i < 6 * n; i++)
            if (i % 6 < 3) frames[i] = fmax(-range, fmin(range, frames[i]));
        foot_path *p = new_path(0);
        foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
        long left_out = 0;
        assert_int_equal(foot_path_swings(p, &left_out), clipped ? 0 : 5);
        assert_int_equal(left_out, clipped ? 5 : 0);
        foot_path_delete(p);
    }
    /* a device that flags its clipped samples (an Axivity, a GENEActiv): one flagged sample in
     * the second swing and one in the fourth leave those two out, though no axis is flat; the
     * flags count within each call, here two blocks split inside the third swing */
    long n = foot_walk(frames, 5, 1.30, 0, level);
    long per_still = (long)(0.5 * PATH_RATE), per_swing = (long)(0.6 * PATH_RATE);
    long second = 2 * per_still + per_swing + per_swing / 2;
    long fourth = 4 * per_still + 3 * per_swing + per_swing / 3,
         split = 3 * per_still + 2 * per_swing + 10;
    long first_block[] = {second}, second_block[] = {fourth - split};
    foot_path *p = new_path(0);
    foot_path_process(p, frames, 6, split, first_block, 1, distance, 1);
    foot_path_process(p, frames + 6 * split, 6, n - split, second_block, 1, distance + split, 1);
    long left_out = 0;
    assert_int_equal(foot_path_swings(p, &left_out), 3);
    assert_int_equal(left_out, 2);
    assert_float_equal(distance[n - 1], 3 * 1.30, 0.03);
    foot_path_delete(p);
}

/* Climbing: a swing that ends 0.2 m higher is left out (stairs are not strides over the ground);
 * a gap in a swing leaves that swing out and gives NaN there; the next swings count again. A
 * turn of the foot on the ground (0.1 s about the vertical, in stance) is no swing at all. */
static void test_foot_path_leaves_out_stairs_and_gaps(void **state)
{
    (void)state;
    static double frames[6 * 2000], distance[2000];
    const double level[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    long n = foot_walk(frames, 3, 1.0, 0.2, level);
    foot_path *p = new_path(0);
    foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
    long left_out = 0;
    assert_int_equal(foot_path_swings(p, &left_out), 0);
    assert_int_equal(left_out, 3);
    assert_float_equal(distance[n - 1], 0, 0);
    foot_path_delete(p);
    n = foot_walk(frames, 3, 1.0, 0, level);
    for (long i = (long)(0.2 * PATH_RATE); i < (long)(0.3 * PATH_RATE); i++)
        frames[6 * i + 5] = 60 * M_PI / 180; /* standing, the foot turns 6 degrees in place */
    long in_second = (long)((0.5 + 1.1 + 0.3) * PATH_RATE);
    frames[6 * in_second + 4] = NAN;
    p = new_path(0);
    foot_path_process(p, frames, 6, n, NULL, 0, distance, 1);
    assert_true(isnan(distance[in_second]));
    assert_int_equal(foot_path_swings(p, &left_out), 2);
    assert_int_equal(left_out, 1);
    assert_float_equal(distance[n - 1], 2.0, 0.02);
    foot_path_delete(p);
}

static void test_quality_counts_clipping_flatline_and_gaps(void **state)
{
    (void)state;
    gb_error err = {0};
    const long n = 1000;
    quality *q = quality_create(2, 100, &err); /* flat line: >= 100 identical samples */
    double *frames = calloc((size_t)n * 2, sizeof(double));
    for (long i = 0; i < n; i++) {
        double ramp = (double)(i % 50); /* channel 0: a saw tooth clipped at 40 */
        frames[2 * i] = ramp > 40 ? 40 : ramp;
        frames[2 * i + 1] = i < 300 ? 5.0 : (i < 320 ? NAN : (double)i); /* flat, gap, ramp */
    }
    quality_process(q, frames, 400);
    quality_process(q, frames + 800, n - 400); /* results do not depend on the split */
    const channel_quality *r = quality_finish(q);
    assert_int_equal(r[0].samples, n);
    assert_float_equal(r[0].maximum, 40, 0);
    assert_int_equal(r[0].clipped_samples, 20 * 10); /* 20 teeth, 10 samples at 40 each */
    assert_float_equal(r[0].clipping_pct, 20.0, 1e-9);
    assert_float_equal(r[0].flatline_pct, 0, 0);
    assert_int_equal(r[1].gap_count, 1);
    assert_int_equal(r[1].gap_samples, 20);
    assert_int_equal(r[1].flat_samples, 300);
    assert_float_equal(r[1].minimum, 5, 0);
    assert_float_equal(r[1].maximum, 999, 0);
    free(frames);
    quality_destroy(q);
}

/* The same statistics whatever the block size: blocks of 1 take the sample-by-sample path only,
 * larger ones the four-at-a-time path where it applies. The data mix noise, flat runs, plateaus at
 * both rails and gaps. */
static void test_quality_block_size_invariance(void **state)
{
    (void)state;
    enum { n = 5000, channels = 3 };
    static double frames[n * channels];
    unsigned seed = 11;
    for (long i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            seed = seed * 1103515245u + 12345u;
            double v = (double)(seed % 2000) / 100.0 - 10.0;
            if (i % 700 < 150) v = 2.5;                               /* a flat run */
            if (v > 7.0) v = 9.5;                                     /* the upper rail */
            if (c == 1 && v < -7.0) v = -9.5;                         /* the lower rail */
            if (c == 2 && i % 1000 >= 400 && i % 1000 < 420) v = NAN; /* gaps */
            frames[i * channels + c] = v;
        }
    const long blocks[] = {1, 7, 4096};
    channel_quality results[3][channels];
    for (int b = 0; b < 3; b++) {
        gb_error err = {0};
        quality *q = quality_create(channels, 100, &err);
        assert_non_null(q);
        quality_set_two_sided(q, 1);
        for (long start = 0; start < n; start += blocks[b]) {
            long count = n - start < blocks[b] ? n - start : blocks[b];
            quality_process(q, frames + start * channels, count);
        }
        memcpy(results[b], quality_finish(q), sizeof results[b]);
        quality_destroy(q);
    }
    for (int b = 1; b < 3; b++)
        for (int c = 0; c < channels; c++) {
            assert_int_equal(results[b][c].clipped_samples, results[0][c].clipped_samples);
            assert_int_equal(results[b][c].flat_samples, results[0][c].flat_samples);
            assert_int_equal(results[b][c].gap_samples, results[0][c].gap_samples);
            assert_int_equal(results[b][c].gap_count, results[0][c].gap_count);
            assert_float_equal(results[b][c].minimum, results[0][c].minimum, 0);
            assert_float_equal(results[b][c].maximum, results[0][c].maximum, 0);
        }
    assert_true(results[0][0].clipped_samples > 0 && results[0][1].clipped_samples > 0);
    assert_true(results[0][0].flat_samples > 0 && results[0][2].gap_count == 5);
}

/* A device's coarse steps: a sine of 26 steps' amplitude, 100 samples a period, rounded to whole
 * steps, lingers at its peak value for several samples, and at the level below it too, as it
 * slows: not clipping (before 0.15.0, 14 % of an AX3's samples read so, and analyze warned). The
 * same sine cut at 20 steps reaches that rail still moving, a level a sample: clipped. */
static void test_quality_coarse_steps_are_not_clipping(void **state)
{
    (void)state;
    enum { n = 2000 };
    static double frames[2 * n];
    for (long i = 0; i < n; i++) {
        double v = round(26 * sin(2 * M_PI * i / 100.0));
        frames[2 * i] = v;
        frames[2 * i + 1] = fmax(-20, fmin(20, v));
    }
    gb_error err = {0};
    quality *q = quality_create(2, 100, &err);
    assert_non_null(q);
    quality_set_two_sided(q, 0);
    quality_set_two_sided(q, 1);
    quality_process(q, frames, n);
    const channel_quality *r = quality_finish(q);
    assert_int_equal(r[0].clipped_samples, 0);
    assert_true(r[1].clipped_samples > 20 * 2 * 10); /* 20 periods, two rails, ~14 samples each */
    quality_destroy(q);
}

/* An accelerometer saturates at both rails; one that rests at its lowest value does not. */
static void test_quality_two_sided_rails(void **state)
{
    (void)state;
    gb_error err = {0};
    enum { n = 2000, channels = 4 };
    static double frames[channels * n];
    quality *q = quality_create(channels, 100, &err);
    assert_non_null(q);
    for (int c = 0; c < channels; c++)
        quality_set_two_sided(q, c);
    for (long i = 0; i < n; i++) {
        /* channel 0: a 4 g swing clipped at +-3 g (a plateau at each rail every cycle); channel 1:
         * at rest (exactly 1 g) with a positive pulse now and then, so its minimum is its rest;
         * channel 2: a dead axis, 0 throughout */
        double swing = 4 * sin(2 * M_PI * (double)i / 100.0) + 1e-3 * (double)(i % 7);
        frames[channels * i] = swing > 3 ? 3 : swing < -3 ? -3 : swing;
        frames[channels * i + 1] = i % 100 < 10 ? 1 + 0.1 * (double)(i % 100) : 1.0;
        frames[channels * i + 2] = 0;
        /* channel 3: a slow, smooth swing written to two decimals, so its peaks repeat */
        frames[channels * i + 3] = round(1880 * sin(2 * M_PI * (double)i / 400.0)) / 100.0;
    }
    quality_process(q, frames, n);
    const channel_quality *r = quality_finish(q);
    /* |4 sin| above 3: |sin| > 0.75 for 2 x 82.8 of each 360 degrees = 46 %, both rails */
    assert_float_equal(r[0].clipping_pct, 46.0, 1.5);
    assert_int_equal(r[1].clipped_samples, 0);
    assert_int_equal(r[2].clipped_samples, 0); /* flat, not clipped */
    assert_float_equal(r[2].flatline_pct, 100.0, 0);
    assert_int_equal(r[3].clipped_samples, 0); /* rounded peaks are reached slowly: no rail */
    quality_destroy(q);
}

/* Feeds `seconds` of 0.1 s ticks (10 samples each) to the standing finder: the acceleration tilted
 * by pitch_deg from x (up) towards z, its vertical motion swinging by swing_g at 2 Hz (0: still).
 */
static void feed_standing(standing_finder *s, double seconds, double pitch_deg, double swing_g)
{
    static long sample;
    double pitch = pitch_deg * M_PI / 180;
    for (long k = 0; k < lround(seconds * 10); k++) {
        standing_sums tick = {{cos(pitch), 0, sin(pitch)}, 0, 0, 10, 0};
        for (int i = 0; i < 10; i++, sample++) {
            double motion = swing_g * sin(2 * M_PI * 2 * (double)sample / 100);
            tick.motion += motion;
            tick.motion_squares += motion * motion;
        }
        standing_tick(s, tick);
    }
}

static double found_pitch(const standing_finder *s, long *samples)
{
    double sum[3];
    *samples = standing_found(s, sum);
    return atan2(sum[2], sum[0]) * 180 / M_PI;
}

/* Quiet standing next to gait is found before and after it, as far as it held still; sitting is
 * quiet too but leans back, so it does not count, nor does quiet standing far from gait. */
static void test_standing_found_next_to_gait(void **state)
{
    (void)state;
    gb_error err = {0};
    standing_finder *s = standing_new(0.1, 10, &err);
    assert_non_null(s);
    feed_standing(s, 5, -10, 0);  /* seated, leaning back */
    feed_standing(s, 1, 5, 0);    /* rising slowly: quiet, but turning */
    feed_standing(s, 2, 20, 0);   /* standing */
    feed_standing(s, 6, 23, 0.3); /* walking, leaning 3 deg further */
    feed_standing(s, 1.5, 20, 0); /* standing, then sitting down without a jolt */
    feed_standing(s, 5, -10, 0);
    long samples;
    double pitch = found_pitch(s, &samples);
    assert_int_equal(samples, (20 + 15) * 10);
    assert_float_equal(pitch, 20, 1e-9);
    /* standing with no gait near (fidgeting between: neither quiet nor gait), and next to gait
     * bent 25 deg further forward (carrying something low): nothing more */
    feed_standing(s, 3, 20, 0);
    feed_standing(s, 5, 20, 0.05);
    feed_standing(s, 3, 20, 0);
    feed_standing(s, 6, 45, 0.3);
    feed_standing(s, 3, 20, 0);
    pitch = found_pitch(s, &samples);
    assert_int_equal(samples, (20 + 15) * 10);
    assert_float_equal(pitch, 20, 1e-9);
    standing_delete(s);

    s = standing_new(0.1, 10, &err); /* sitting right before gait: no standing */
    feed_standing(s, 3, -10, 0);
    feed_standing(s, 5, 23, 0.3);
    assert_int_equal(standing_found(s, (double[3]){0}), 0);
    standing_delete(s);
}

/* Random ticks (spells of quiet, swing and gaps of random length and direction) never read or
 * write out of place (the suite runs under AddressSanitizer too), and what is found is no more
 * than what was fed, pointing somewhere. */
static void test_standing_random_ticks(void **state)
{
    (void)state;
    gb_error err = {0};
    standing_finder *s = standing_new(0.12, 3, &err); /* a 25 Hz sensor's ticks */
    assert_non_null(s);
    unsigned seed = 11;
    long fed = 0;
    for (int spell = 0; spell < 3000; spell++) {
        seed = seed * 1103515245u + 12345u;
        long ticks = 1 + (long)((seed >> 8) % 60);
        int kind = (int)((seed >> 20) % 3); /* quiet, swinging, a gap */
        double pitch = (double)((seed >> 4) % 90) * M_PI / 180;
        for (long k = 0; k < ticks; k++, fed++) {
            double swing = kind == 1 ? 0.3 * sin(0.7 * (double)fed) : 0;
            standing_sums tick = {
                {cos(pitch), 0, sin(pitch)}, 3 * swing, 9 * swing * swing, 3, kind == 2};
            standing_tick(s, tick);
        }
    }
    double sum[3];
    long samples = standing_found(s, sum);
    assert_true(samples >= 0 && samples <= 3 * fed);
    if (samples > 0) assert_true(isfinite(sum[0]) && isfinite(sum[2]) && fabs(sum[1]) < 1e-9);
    print_message("  %ld ticks fed, %ld samples of standing found\n", fed, samples);
    standing_delete(s);
}

/* Ticks at 10 Hz (frame = tick) from from_s to to_s, a second at a time: worn, the trunk swaying
 * 0.1 g on x and z at 1 Hz; or lying still, 1 g on z and 1 mg of noise. */
static void wear_ticks(wear *w, double from_s, double to_s, int worn)
{
    wear_tick second[10];
    for (long first = (long)(from_s * 10); first < (long)(to_s * 10); first += 10) {
        for (int k = 0; k < 10; k++) {
            double t = (first + k) / 10.0, sway = 0.1 * sin(2 * M_PI * t + 0.3);
            double noise = 0.001 * (((first + k) % 3) - 1);
            second[k] = worn ? (wear_tick){first + k, {1.0 + sway, 0.02 * cos(2 * M_PI * t), sway}}
                             : (wear_tick){first + k, {noise, -noise, 1.0 + noise}};
        }
        wear_add_ticks(w, second, 10);
    }
}

/* van Hees's rule (wear.h): an hour worn, two lying still, an hour worn: the still blocks are not
 * worn, exactly 3600 to 10800 s. Still for 50 min alone is shorter than a window: worn. A gap of
 * two hours without samples is not worn either; one still axis of three does not make it so. */
static void test_wear_spells(void **state)
{
    (void)state;
    gb_error err = {0};
    const double(*spells)[2];
    wear *w = wear_new(10, &err);
    assert_non_null(w);
    wear_ticks(w, 0, 3600, 1);
    wear_ticks(w, 3600, 10800, 0);
    wear_ticks(w, 10800, 14400, 1);
    assert_int_equal(wear_finish(w, 144000), 0);
    assert_int_equal(wear_finish(w, 200000), 0); /* once: a second call changes nothing */
    assert_int_equal(wear_spells(w, &spells), 1);
    assert_float_equal(spells[0][0], 3600, 1e-9);
    assert_float_equal(spells[0][1], 10800, 1e-9);
    wear_delete(w);

    w = wear_new(10, &err);
    wear_ticks(w, 0, 3000, 0);
    assert_int_equal(wear_finish(w, 30000), 0);
    assert_int_equal(wear_spells(w, &spells), 0);
    wear_delete(w);

    w = wear_new(10, &err); /* worn, nothing recorded for 2 h, worn; the end in mid-block */
    wear_ticks(w, 0, 3600, 1);
    wear_ticks(w, 10800, 15000, 1);
    assert_int_equal(wear_finish(w, 150000), 0);
    assert_int_equal(wear_spells(w, &spells), 1);
    assert_float_equal(spells[0][0], 3600, 1e-9);
    assert_float_equal(spells[0][1], 10800, 1e-9);
    wear_delete(w);

    w = wear_new(10, &err); /* y alone holds still (the sway is on x and z): worn */
    for (long k = 0; k < 72000; k++) {
        wear_tick tick = {k, {1 + 0.1 * sin(k / 10.0), 0, 0.1 * cos(k / 10.0)}};
        wear_add_ticks(w, &tick, 1);
    }
    assert_int_equal(wear_finish(w, 72000), 0);
    assert_int_equal(wear_spells(w, &spells), 0);
    wear_delete(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zones_sum_to_newtons),
        cmocka_unit_test(test_total_channel_wins_and_units_must_agree),
        cmocka_unit_test(test_gyroscope_turns_the_gravity_estimate),
        cmocka_unit_test(test_sacrum_medio_lateral_towards_the_right),
        cmocka_unit_test(test_sacrum_up_in_gait),
        cmocka_unit_test(test_foot_path_adds_each_swing),
        cmocka_unit_test(test_foot_path_leaves_out_stairs_and_gaps),
        cmocka_unit_test(test_foot_path_with_a_biased_noisy_sensor),
        cmocka_unit_test(test_foot_path_leaves_out_saturated_swings),
        cmocka_unit_test(test_foot_path_running_brief_stances),
        cmocka_unit_test(test_foot_path_pedalling_never_stands_still),
        cmocka_unit_test(test_quality_counts_clipping_flatline_and_gaps),
        cmocka_unit_test(test_quality_two_sided_rails),
        cmocka_unit_test(test_quality_block_size_invariance),
        cmocka_unit_test(test_quality_coarse_steps_are_not_clipping),
        cmocka_unit_test(test_standing_found_next_to_gait),
        cmocka_unit_test(test_standing_random_ticks),
        cmocka_unit_test(test_wear_spells),
        cmocka_unit_test(test_leg_pitch_rate_peak),
    };
    return cmocka_run_group_tests_name("condition", tests, NULL, NULL);
}
