/* Measures against hand-computed values. */
#include <math.h>

#include "../src/common/span_list.h"
#include "../src/measure/compare.h"
#include "../src/measure/measure.h"
#include "../src/read/channel_map.h"
#include "test_util.h"

/* 70 kg, 60 s segments, forces in newtons, one thread; what else a measure may use (leg length,
 * sensor height, speed, stride length) unknown until a test sets it */
static measure_config base_config(double duration)
{
    return (measure_config){.segment_s = 60,
                            .body_mass_kg = 70,
                            .leg_length_m = NAN,
                            .sensor_height_m = NAN,
                            .speed_m_per_s = NAN,
                            .stride_length_m = NAN,
                            .force_is_newton = 1,
                            .force_unit = "N",
                            .duration_s = duration,
                            .threads = 1};
}

static measure *new_with(const measure_config *config)
{
    gb_error err = {0};
    measure *m = measure_create(config, &err);
    assert_non_null(m);
    return m;
}

/* the leg length and running speed that leg stiffness needs are NAN when unknown; summaries on
 * `threads` threads */
static measure *new_on_threads(double duration, double leg_length_m, double speed_m_per_s,
                               int threads)
{
    measure_config config = base_config(duration);
    config.leg_length_m = leg_length_m;
    config.speed_m_per_s = speed_m_per_s;
    config.threads = threads;
    return new_with(&config);
}

static measure *new_runner(double duration, double leg_length_m, double speed_m_per_s)
{
    return new_on_threads(duration, leg_length_m, speed_m_per_s, 1);
}

static measure *new_measure(double duration)
{
    return new_runner(duration, NAN, NAN);
}

/* every step before a contact moved the trunk 8 cm, pitched 11 degrees forward before a left
 * contact and 14 before a right one; the shock after it, shock_g (NAN: none measured) */
static void add_shocked(measure *m, int side, double ic, double to, double impulse, double shock_g)
{
    double pitch = side == SIDE_LEFT ? 11 : 14;
    contact_event e = {.side = side,
                       .trunk_up = {NAN, NAN, NAN},
                       .initial_contact_s = ic,
                       .toe_off_s = to,
                       .heel_off_s = NAN,
                       .peak_force = 1500,
                       .pushoff_peak = 1400,
                       .pushoff_impulse = impulse,
                       .loading_rate = 30000,
                       .peak_tibial_g = shock_g,
                       .vertical_oscillation_m = 0.08,
                       .trunk_pitch_deg = pitch,
                       .foot_distance_m = NAN};
    assert_int_equal(measure_add_contact(m, &e), 0);
}

static void add(measure *m, int side, double ic, double to, double impulse)
{
    add_shocked(m, side, ic, to, impulse, NAN);
}

/* A contact with its times alone (an inertial sensor's), every other feature unknown. */
static contact_event timing_only_event(int side, double ic, double to)
{
    contact_event e = {.side = side,
                       .trunk_up = {NAN, NAN, NAN},
                       .initial_contact_s = ic,
                       .toe_off_s = to,
                       .heel_off_s = NAN,
                       .peak_force = NAN,
                       .pushoff_peak = NAN,
                       .pushoff_impulse = NAN,
                       .loading_rate = NAN,
                       .peak_tibial_g = NAN,
                       .vertical_oscillation_m = NAN,
                       .trunk_pitch_deg = NAN,
                       .foot_distance_m = NAN};
    return e;
}

static stride_row rows[4096];

/* All strides, read back in time order through the measure's reader. */
static long read_strides(const measure_result *r)
{
    assert_true(r->stride_count <= 4096);
    return measure_strides(r->source, 0, r->stride_count, rows);
}

static const stride_row *find_stride(const measure_result *r, char side, double ic)
{
    long n = read_strides(r);
    for (long i = 0; i < n; i++)
        if (rows[i].side[0] == side && fabs(rows[i].initial_contact_s - ic) < 1e-9) return &rows[i];
    fail_msg("no %c stride at %g", side, ic);
    return NULL;
}

/* Running, 0.7 s strides: left contacts at 1.0, 1.7, 2.4 s and right at 1.35, 2.05, 2.75 s, each
 * 0.25 s long (0.10 s flight); push-off impulse 100 N*s left, 90 N*s right. */
static const measure_result *run_three_strides(measure *m)
{
    for (int k = 0; k < 3; k++) {
        add(m, SIDE_LEFT, 1.0 + 0.7 * k, 1.25 + 0.7 * k, 100);
        add(m, SIDE_RIGHT, 1.35 + 0.7 * k, 1.6 + 0.7 * k, 90);
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    return r;
}

/* The vertical ratio from the map's stride length instead of the speed: 8 cm over a step of half
 * of 2.8 m; it needs no step time, so even each foot's first stride has it. Leg stiffness still
 * needs the speed. */
static void test_vertical_ratio_from_stride_length(void **state)
{
    (void)state;
    measure_config config = base_config(10);
    config.leg_length_m = 0.9;
    config.stride_length_m = 2.8;
    measure *m = new_with(&config);
    const measure_result *r = run_three_strides(m);
    assert_float_equal(find_stride(r, 'L', 1.7)->vertical_ratio, 0.08 / 1.4, 1e-12);
    assert_float_equal(find_stride(r, 'L', 1.0)->vertical_ratio, 0.08 / 1.4, 1e-12);
    assert_true(isnan(find_stride(r, 'L', 1.7)->leg_stiffness_kN_per_m));
    measure_destroy(m);
}

/* A lower-back sensor 1 m above the floor in walking (toe-offs found or not): each step lifted
 * the trunk by 4 cm, so the inverted pendulum gives steps of 2 sqrt(2 x 1 x 0.04 - 0.04^2) = 0.56
 * m, and over 0.5 s steps 1.12 m/s, for the strides, the side summaries and the bout alike. A
 * running step (its contact shorter than the step: a flight follows) or an unknown sensor height
 * gives none. */
static void walk_from_the_lower_back(measure *m, int running_step)
{
    for (int k = 0; k < 8; k++) {
        double ic = 1.0 + 0.5 * k;
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, ic, NAN);
        e.vertical_oscillation_m = 0.04;
        if (k == 2) e.toe_off_s = ic + 0.62; /* a walking contact: longer than the step */
        if (running_step && k == 4) e.toe_off_s = ic + 0.2;
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
}

static void test_step_length_and_walking_speed_from_the_lower_back(void **state)
{
    (void)state;
    for (int height_known = 0; height_known < 2; height_known++) {
        measure_config config = base_config(10);
        config.sensor_height_m = height_known ? 1.0 : NAN;
        measure *m = new_with(&config);
        gb_error err = {0};
        walk_from_the_lower_back(m, height_known);
        const measure_result *r;
        assert_int_equal(measure_finish(m, &r, &err), 0);
        const stride_row *left = find_stride(r, 'L', 2.0), *first = find_stride(r, 'L', 1.0);
        const stride_row *running = find_stride(r, 'L', 3.0);
        if (!height_known) {
            assert_true(isnan(left->step_length_m) && isnan(left->walking_speed_m_per_s));
            assert_true(isnan(r->bouts[0].walking_speed_m_per_s));
            measure_destroy(m);
            continue;
        }
        assert_float_equal(left->step_length_m, 0.56, 1e-12);
        assert_float_equal(left->walking_speed_m_per_s, 1.12, 1e-12);
        assert_float_equal(find_stride(r, 'R', 2.5)->walking_speed_m_per_s, 1.12, 1e-12);
        assert_float_equal(first->step_length_m, 0.56, 1e-12); /* its step time is unknown */
        assert_true(isnan(first->walking_speed_m_per_s));
        assert_true(isnan(running->step_length_m) && isnan(running->walking_speed_m_per_s));
        assert_int_equal(r->bout_count, 1);
        assert_float_equal(r->bouts[0].step_length_m, 0.56, 1e-12);
        assert_float_equal(r->bouts[0].walking_speed_m_per_s, 1.12, 1e-12); /* 6 steps, 3 s */
        assert_float_equal(r->walking_speed_m_per_s, 1.12, 1e-12);
        assert_float_equal(r->step_length_m, 0.56, 1e-12);
        for (int i = 0; i < r->summary_count; i++)
            if (strcmp(r->summary[i].measure, "walking_speed_m_per_s") == 0) {
                assert_float_equal(r->summary[i].mean, 1.12, 1e-12);
                assert_string_equal(r->summary[i].unit, "m/s");
            }
        measure_destroy(m);
    }
}

/* Foot IMUs in walking: each foot's distance (at toe-off) grows by 1.3 m a stride of 1.0 s, so
 * every stride is 1.3 m at 1.3 m/s, in /strides, the summary and the bout; a stride whose swing
 * added nothing (no stance to end it) has none, and the bout's speed is over the strides that
 * have a length. A running stride (duty factor under one half) has its length too since 0.10.0,
 * when the foot path found brief stances. */
static void test_stride_length_from_foot_sensors(void **state)
{
    (void)state;
    measure_config config = base_config(20);
    measure *m = new_with(&config);
    for (int right = 0; right < 2; right++)
        for (int k = 0; k < 10; k++) {
            double ic = 1.0 + k + 0.5 * right;
            contact_event e = timing_only_event(right ? SIDE_RIGHT : SIDE_LEFT, ic, ic + 0.62);
            e.foot_distance_m = 1.3 * k;
            if (!right && k >= 4) e.foot_distance_m -= 1.3; /* the 4th swing added nothing */
            if (right && k == 6) e.toe_off_s = ic + 0.3;    /* a running stride */
            assert_int_equal(measure_add_contact(m, &e), 0);
        }
    gb_error err = {0};
    const measure_result *r;
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_float_equal(find_stride(r, 'L', 1.0)->stride_length_m, 1.3, 1e-12);
    assert_float_equal(find_stride(r, 'L', 1.0)->walking_speed_m_per_s, 1.3, 1e-12);
    assert_true(isnan(find_stride(r, 'L', 4.0)->stride_length_m));
    assert_true(isnan(find_stride(r, 'L', 4.0)->walking_speed_m_per_s));
    assert_float_equal(find_stride(r, 'L', 5.0)->stride_length_m, 1.3, 1e-12);
    assert_float_equal(find_stride(r, 'R', 7.5)->stride_length_m, 1.3, 1e-12);
    assert_true(isnan(find_stride(r, 'R', 7.5)->step_length_m)); /* no lower-back sensor */
    assert_float_equal(r->stride_length_m, 1.3, 1e-12);
    assert_float_equal(r->walking_speed_m_per_s, 1.3, 1e-12);
    assert_int_equal(r->bout_count, 1);
    assert_float_equal(r->bouts[0].stride_length_m, 1.3, 1e-12);
    assert_float_equal(r->bouts[0].walking_speed_m_per_s, 1.3, 1e-12);
    assert_true(isnan(r->bouts[0].step_length_m));
    measure_destroy(m);
}

/* A lower-back sensor without a forward axis: each contact holds the step's mean gravity direction
 * (trunk_up), and once the axis nearest the learnt forward is set, each stride's pitch is read
 * along it: up tilted 20 deg back from the sensor's y axis (the trunk 20 deg forward) reads 20 deg
 * along y, -20 along -y, and nothing before an axis is given or for a step without a direction.
 * A pitch the detector gave (the map's axis) stands. */
static void test_pitch_along_the_learnt_axis(void **state)
{
    (void)state;
    const double tilt = 20 * M_PI / 180;
    for (int given = 0; given < 3; given++) {
        measure_config config = base_config(20);
        measure *m = new_with(&config);
        for (int k = 0; k < 12; k++) {
            double ic = 1.0 + 0.5 * k;
            contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, ic, ic + 0.62);
            e.trunk_up[0] = (float)cos(tilt), e.trunk_up[1] = (float)-sin(tilt), e.trunk_up[2] = 0;
            if (k == 4) e.trunk_up[0] = e.trunk_up[1] = e.trunk_up[2] = NAN; /* over a gap */
            if (k == 6) e.trunk_pitch_deg = 7;                               /* the map's */
            assert_int_equal(measure_add_contact(m, &e), 0);
        }
        if (given) measure_set_pitch_axis(m, 1, given == 1 ? +1 : -1);
        gb_error err = {0};
        const measure_result *r;
        assert_int_equal(measure_finish(m, &r, &err), 0);
        double expected = given == 0 ? NAN : given == 1 ? 20 : -20;
        const stride_row *row = find_stride(r, 'L', 1.0);
        if (given)
            assert_float_equal(row->trunk_pitch_deg, expected, 1e-4);
        else
            assert_true(isnan(row->trunk_pitch_deg));
        assert_true(isnan(find_stride(r, 'L', 3.0)->trunk_pitch_deg));
        assert_float_equal(find_stride(r, 'L', 4.0)->trunk_pitch_deg, 7, 1e-12);
        measure_destroy(m);
    }
}

static void test_running_strides(void **state)
{
    (void)state;
    measure *m = new_runner(10, 0.9, 4.0);
    const measure_result *r = run_three_strides(m);
    assert_int_equal(r->stride_count, 4);
    assert_int_equal(read_strides(r), 4);
    assert_float_equal(rows[0].initial_contact_s, 1.0, 1e-12); /* in time order */
    assert_float_equal(rows[1].initial_contact_s, 1.35, 1e-12);
    const stride_row *s = find_stride(r, 'L', 1.7);
    assert_float_equal(s->contact_time_s, 0.25, 1e-12);
    assert_float_equal(s->stride_time_s, 0.7, 1e-12);
    assert_float_equal(s->swing_time_s, 0.45, 1e-12);
    assert_float_equal(s->step_time_s, 0.35, 1e-12);
    assert_float_equal(s->flight_time_s, 0.10, 1e-12);
    assert_float_equal(s->double_support_s, 0, 1e-12);
    assert_float_equal(s->duty_factor, 0.25 / 0.7, 1e-12);
    /* Morin et al. 2005 with m = 70 kg, t_c = 0.25 s, t_f = 0.10 s */
    double peak = 70 * 9.80665 * M_PI / 2 * (0.10 / 0.25 + 1);
    double drop = peak * 0.0625 / (70 * M_PI * M_PI) - 9.80665 * 0.0625 / 8;
    assert_float_equal(s->vertical_stiffness_kN_per_m, peak / drop / 1000, 1e-9);
    /* by hand: F_max = 1509.6 N, dy = 0.13657 - 0.07661 = 0.05996 m, k = 25.18 kN/m */
    assert_float_equal(s->vertical_stiffness_kN_per_m, 25.18, 0.01);
    /* leg of 0.9 m at 4 m/s: half sweep 0.5 m, dL = 0.9 - sqrt(0.81 - 0.25) + dy = 0.15167 +
     * 0.05996 = 0.21162 m, k_leg = 1509.6 / 0.21162 = 7.13 kN/m */
    assert_float_equal(s->leg_stiffness_kN_per_m, 7.134, 0.005);
    /* vertical ratio: 8 cm over a step of 4 m/s x 0.35 s = 1.4 m */
    assert_float_equal(s->vertical_oscillation_m, 0.08, 1e-12);
    assert_float_equal(s->vertical_ratio, 0.08 / 1.4, 1e-12);
    assert_float_equal(s->trunk_pitch_deg, 11, 1e-12);
    assert_float_equal(find_stride(r, 'R', 1.35)->trunk_pitch_deg, 14, 1e-12);
    /* overall: the median of the valid strides of both sides, two each */
    assert_int_equal(r->valid_strides, 4);
    assert_float_equal(r->trunk_pitch_deg, 12.5, 1e-12);
    assert_true(isnan(find_stride(r, 'L', 1.0)->vertical_ratio)); /* no step before it */
    assert_true(isnan(find_stride(r, 'L', 1.0)->step_time_s));    /* no right contact before */
    assert_float_equal(find_stride(r, 'R', 1.35)->flight_time_s, 0.10, 1e-12);
    assert_string_equal(r->activity, "run");
    assert_float_equal(r->cadence_spm, 120 / 0.7, 1e-9);
    /* asymmetry of push-off impulse: (90 - 100) / 95 */
    const asymmetry_row *a = &r->asymmetry[MEASURE_PUSHOFF_IMPULSE];
    assert_string_equal(a->measure, "pushoff_impulse_Ns");
    assert_string_equal(a->unit, "N*s");
    assert_float_equal(a->symmetry_index_pct, -10.0 / 95.0 * 100, 1e-9);
    assert_float_equal(a->left_share_pct, 100.0 / 190.0 * 100, 1e-9);
    /* per body weight: 100 N*s / (70 kg * g) */
    assert_float_equal(r->summary[MEASURE_PUSHOFF_IMPULSE].mean_per_body_weight,
                       100 / (70 * 9.80665), 1e-9);
    measure_destroy(m);
}

static void test_leg_stiffness_needs_leg_and_speed(void **state)
{
    (void)state;
    double legs[] = {NAN, 0.9, 0.4}, speeds[] = {4.0, NAN, 4.0}; /* 0.4 m < the 0.5 m sweep */
    for (int i = 0; i < 3; i++) {
        measure *m = new_runner(10, legs[i], speeds[i]);
        const measure_result *r = run_three_strides(m);
        const stride_row *s = find_stride(r, 'L', 1.7);
        assert_float_equal(s->vertical_stiffness_kN_per_m, 25.18, 0.01);
        assert_true(isnan(s->leg_stiffness_kN_per_m));
        measure_destroy(m);
    }
}

/* Without the map's speed, shoe IMUs' own (since 0.10.0): each foot travels 2.8 m a 0.7 s
 * stride, 4 m/s, which gives the leg stiffness the map's 4 m/s gives (7.134 kN/m); with the map's
 * speed as well, the map's is used (5 m/s: half sweep 0.625 m, dL = 0.9 - sqrt(0.81 - 0.390625) +
 * 0.05996 = 0.31235 m, 4.833 kN/m). A stride without a length has no leg stiffness. */
static void test_leg_stiffness_from_shoe_imu_speed(void **state)
{
    (void)state;
    double map_speeds[] = {NAN, 5.0}, expected[] = {7.134, 4.833};
    for (int i = 0; i < 2; i++) {
        measure *m = new_runner(10, 0.9, map_speeds[i]);
        for (int k = 0; k < 4; k++)
            for (int right = 0; right < 2; right++) {
                double ic = 1.0 + 0.7 * k + 0.35 * right;
                contact_event e = timing_only_event(right ? SIDE_RIGHT : SIDE_LEFT, ic, ic + 0.25);
                e.foot_distance_m = k == 3 && right ? NAN : 2.8 * k;
                assert_int_equal(measure_add_contact(m, &e), 0);
            }
        const measure_result *r;
        gb_error err = {0};
        assert_int_equal(measure_finish(m, &r, &err), 0);
        const stride_row *s = find_stride(r, 'L', 1.7);
        assert_float_equal(s->walking_speed_m_per_s, 4.0, 1e-9);
        assert_float_equal(s->leg_stiffness_kN_per_m, expected[i], 0.005);
        const stride_row *unmeasured = find_stride(r, 'R', 2.75); /* its next has no distance */
        assert_true(isnan(unmeasured->stride_length_m));
        assert_true(i == 1 || isnan(unmeasured->leg_stiffness_kN_per_m));
        measure_destroy(m);
    }
}

/* Shoe IMUs with a lower-back IMU beside them (since 0.10.0): each foot contact takes the trunk
 * travel and pitch of the lower back's contact nearest it within the limit, whichever side the
 * lower back gave it (here all "left", so the right foot's only match is a left one), and with the
 * shoes' stride lengths (2.8 m) the stride's vertical ratio is that travel over half of it. A
 * lower-back contact 0.15 s away is beyond the 0.1 s limit: that contact gets none. */
static void test_trunk_travel_from_the_lower_back(void **state)
{
    (void)state;
    measure_config config = base_config(10);
    measure *feet = new_with(&config), *back = new_with(&config);
    for (int k = 0; k < 4; k++)
        for (int right = 0; right < 2; right++) {
            double ic = 1.0 + 0.7 * k + 0.35 * right;
            contact_event e = timing_only_event(right ? SIDE_RIGHT : SIDE_LEFT, ic, ic + 0.25);
            e.foot_distance_m = 2.8 * k;
            assert_int_equal(measure_add_contact(feet, &e), 0);
            int far = k == 2 && right;
            contact_event b = timing_only_event(SIDE_LEFT, ic + (far ? 0.15 : 0.01), NAN);
            b.vertical_oscillation_m = 0.07 + 0.001 * (2 * k + right);
            b.trunk_pitch_deg = 10 + 2 * k + right;
            assert_int_equal(measure_add_contact(back, &b), 0);
        }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(back, &r, &err), 0);
    measure_take_trunk(feet, back, 0.1);
    assert_int_equal(measure_finish(feet, &r, &err), 0);
    const stride_row *s = find_stride(r, 'R', 1.35 + 0.7);
    assert_float_equal(s->vertical_oscillation_m, 0.073, 1e-12);
    assert_float_equal(s->vertical_ratio, 0.073 / 1.4, 1e-12);
    assert_float_equal(s->trunk_pitch_deg, 13, 1e-12);
    assert_float_equal(find_stride(r, 'L', 1.7)->vertical_oscillation_m, 0.072, 1e-12);
    assert_true(isnan(find_stride(r, 'R', 1.35 + 1.4)->vertical_oscillation_m)); /* too far */
    assert_true(isnan(find_stride(r, 'R', 1.35 + 1.4)->vertical_ratio));
    assert_true(isnan(find_stride(r, 'R', 1.35 + 1.4)->trunk_pitch_deg));
    measure_destroy(feet);
    measure_destroy(back);
}

/* Ten contacts from start_s, sides alternating, step_s apart: a bout of 10 steps. */
static void add_bout(measure *m, double start_s, double step_s)
{
    for (int k = 0; k < 10; k++) {
        double ic = start_s + k * step_s;
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, ic, ic + 0.3);
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
}

static measure *with_four_bouts(measure_config *config)
{
    measure *m = new_with(config);
    add_bout(m, 3600, 0.5);   /* 120 steps/min */
    add_bout(m, 7195, 0.6);   /* 100 steps/min, across midnight by the clock: the day it starts */
    add_bout(m, 36000, 0.5);  /* 120 */
    add_bout(m, 100800, 0.4); /* 150 */
    return m;
}

/* count contacts from start_s, 0.5 s apart and sides alternating (the first left), each ending a
 * step that moved the trunk travel_m up and down; the fourth 5 cm (one odd step moves no median).
 */
static void add_trunk_train(measure *m, double start_s, int count, double travel_m)
{
    for (int k = 0; k < count; k++) {
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, start_s + 0.5 * k, NAN);
        e.vertical_oscillation_m = k == 3 ? 0.05 : travel_m;
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
}

/* A lower-back sensor's steps (steps_alternate) that moved the trunk under
 * MEASURE_GAIT_TRAVEL_MIN_M (the median around each) are in no bout and their strides are not
 * valid, as a seated trunk rocked by a car; a train just over it is a bout. A walk of 30 steps
 * that runs on into a ride without a break (3 cm, then 0.4 cm) is a bout up to where the ride
 * begins. Leg sensors' strides given the same trunk travel (measure_take_trunk) are timed by the
 * legs themselves: they keep every bout. */
static void test_still_trunk_trains_are_no_gait(void **state)
{
    (void)state;
    const double threshold = MEASURE_GAIT_TRAVEL_MIN_M;
    for (int from_the_back = 0; from_the_back < 2; from_the_back++) {
        measure_config config = base_config(200);
        config.steps_alternate = from_the_back;
        measure *m = new_with(&config);
        add_trunk_train(m, 1.0, 12, threshold - 0.0005);
        add_trunk_train(m, 20.0, 12, threshold + 0.0005);
        add_trunk_train(m, 40.0, 30, 0.03);
        add_trunk_train(m, 55.0, 30, 0.004); /* the ride, from the walk's next step on */
        const measure_result *r;
        gb_error err = {0};
        assert_int_equal(measure_finish(m, &r, &err), 0);
        const stride_row *still = find_stride(r, 'R', 2.5), *walk = find_stride(r, 'R', 21.5);
        assert_int_equal(still->valid, !from_the_back);
        assert_string_equal(still->invalid_reason, from_the_back ? MEASURE_TRUNK_STILL : "");
        assert_true(walk->valid);
        assert_true(find_stride(r, 'R', 54.5)->valid); /* the walk's last step but one */
        assert_int_equal(find_stride(r, 'L', 60.0)->valid, !from_the_back);
        assert_int_equal(r->bout_count, from_the_back ? 2 : 3);
        const bout_row *first = &r->bouts[from_the_back ? 0 : 1],
                       *last = &r->bouts[r->bout_count - 1];
        assert_float_equal(first->start_s, 20.0, 1e-12);
        assert_float_equal(first->end_s, 25.5, 1e-12);
        assert_float_equal(last->start_s, 40.0, 1e-12);
        if (from_the_back) assert_true(last->end_s <= 56.0); /* the ride's odd step: one more */
        measure_destroy(m);
    }
}

/* A short walk after a longer stand whose sway the detector took for steps: 12 such steps (0.7 s
 * apart, 1 mm) outnumber the walk's 8 (3 cm) in every step's window, so by the window's median
 * alone the walk was still too (0.27.0: a slow walker's straight walk read "no gait"). Steps
 * that each lift the trunk well over the line, several in a row, are gait whatever their window
 * holds; a ride's bumps lift it so for two steps at the most, and stay still. */
static void test_a_short_walk_after_a_stand_is_gait(void **state)
{
    (void)state;
    measure_config config = base_config(200);
    config.steps_alternate = 1;
    measure *m = new_with(&config);
    for (int k = 0; k < 12; k++) { /* the stand's sway */
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, 1.0 + 0.7 * k, NAN);
        e.vertical_oscillation_m = 0.001;
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
    for (int k = 0; k < 8; k++) { /* the walk, from 9.0 s */
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, 9.0 + 0.9 * k, NAN);
        e.vertical_oscillation_m = 0.03;
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
    for (int k = 0; k < 30; k++) { /* a ride later: 1 mm, a bump of 3 cm over two steps */
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, 20.0 + 0.7 * k, NAN);
        e.vertical_oscillation_m = k == 10 || k == 11 ? 0.03 : 0.001;
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->bout_count, 1);
    assert_float_equal(r->bouts[0].start_s, 9.0, 1e-12);
    assert_float_equal(r->bouts[0].end_s, 9.0 + 0.9 * 7, 1e-12);
    assert_true(find_stride(r, 'L', 9.0)->valid);
    assert_string_equal(find_stride(r, 'L', 1.0)->invalid_reason, MEASURE_TRUNK_STILL);
    assert_string_equal(find_stride(r, 'L', 27.0)->invalid_reason, MEASURE_TRUNK_STILL);
    assert_string_equal(find_stride(r, 'R', 27.7)->invalid_reason, MEASURE_TRUNK_STILL);
    measure_destroy(m);
}

/* /days: a recording from 22:00 on 28 February 2024 for 30 h is three days by the clock (the
 * leap day between), each bout counted in the day it starts; without a clock, 24 h from the
 * start, and a day without bouts has no cadence. */
static void test_days(void **state)
{
    (void)state;
    measure_config config = base_config(30 * 3600.0);
    config.clock_known = 1;
    config.start_day = 19781; /* 2024-02-28 */
    config.start_clock_s = 22 * 3600.0;
    measure *m = with_four_bouts(&config);
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->bout_count, 4);
    assert_int_equal(r->day_count, 3);
    const day_row *d = r->days;
    assert_string_equal(d[0].date, "2024-02-28");
    assert_string_equal(d[1].date, "2024-02-29");
    assert_string_equal(d[2].date, "2024-03-01");
    assert_int_equal(d[2].day, 3);
    assert_float_equal(d[0].end_s, 7200, 1e-9);
    assert_float_equal(d[1].start_s, 7200, 1e-9);
    assert_float_equal(d[1].duration_s, 86400, 1e-9);
    assert_float_equal(d[2].start_s, 93600, 1e-9);
    assert_float_equal(d[2].duration_s, 4 * 3600.0, 1e-9);
    assert_int_equal(d[0].bouts, 2);
    assert_int_equal(d[0].steps, 20);
    assert_float_equal(d[0].gait_s, 9 * 0.5 + 9 * 0.6, 1e-9);
    assert_float_equal(d[0].longest_bout_s, 9 * 0.6, 1e-9);
    assert_float_equal(d[0].cadence_spm, 110, 1e-6); /* median of 120 and 100 */
    assert_int_equal(d[1].bouts, 1);
    assert_float_equal(d[1].cadence_spm, 120, 1e-6);
    assert_int_equal(d[2].steps, 10);
    assert_float_equal(d[2].cadence_spm, 150, 1e-6); /* 0.4 s steps at 28 h */
    assert_true(isnan(d[2].walking_speed_m_per_s));
    assert_float_equal(r->gait_s, 9 * (0.5 + 0.6 + 0.5 + 0.4), 1e-6); /* the load's minutes */
    measure_destroy(m);

    config.start_day = 2932896; /* 9999-12-31: the next day's year has five digits, so no date */
    m = with_four_bouts(&config);
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_string_equal(r->days[0].date, "9999-12-31");
    assert_string_equal(r->days[1].date, "");
    measure_destroy(m);

    config = base_config(200000);
    m = with_four_bouts(&config);
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->day_count, 3);
    d = r->days;
    assert_string_equal(d[0].date, "");
    assert_int_equal(d[0].bouts, 3);
    assert_float_equal(d[0].cadence_spm, 120, 1e-6);
    assert_float_equal(d[1].start_s, 86400, 1e-9);
    assert_int_equal(d[1].bouts, 1);
    assert_float_equal(d[2].end_s, 200000, 1e-9);
    assert_int_equal(d[2].bouts, 0);
    assert_int_equal(d[2].steps, 0);
    assert_true(isnan(d[2].cadence_spm));
    measure_destroy(m);
}

/* A sensor on one foot only (a single shoe pod, since 0.10.0): its contacts 0.7 s apart, a break
 * of 5 s, then three more: one bout of the first ten contacts (19 steps, 120 / 0.7 s = 171.4
 * steps/min, 2.8 m a stride) and one of the last three (the least that holds two strides).
 * Before, a bout needed two strides of each foot, so a single pod's recordings had none. A
 * lower-back sensor's steps, all on one side, stay without a bout. */
static void test_bouts_of_one_foot(void **state)
{
    (void)state;
    measure_config config = base_config(30);
    measure *m = new_with(&config);
    double ic = 1.0;
    for (int k = 0; k < 13; k++) {
        contact_event e = timing_only_event(SIDE_LEFT, ic, ic + 0.25);
        e.foot_distance_m = 2.8 * k;
        assert_int_equal(measure_add_contact(m, &e), 0);
        ic += k == 9 ? 5.0 : 0.7;
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->bout_count, 2);
    assert_int_equal(r->bouts[0].steps, 19);
    assert_float_equal(r->bouts[0].cadence_spm, 120 / 0.7, 1e-9);
    assert_float_equal(r->bouts[0].stride_length_m, 2.8, 1e-9);
    assert_float_equal(r->bouts[0].walking_speed_m_per_s, 4.0, 1e-9);
    assert_int_equal(r->bouts[1].steps, 5);
    assert_float_equal(r->bouts[1].start_s, 1.0 + 9 * 0.7 + 5.0, 1e-9);
    measure_destroy(m);
    /* a lower-back sensor's steps that all came out on one side are steps 0.7 s apart, not a
     * foot's strides: no bout at 120 / 0.7 s, as before */
    config.steps_alternate = 1;
    m = new_with(&config);
    for (int k = 0; k < 10; k++) {
        contact_event e = timing_only_event(SIDE_LEFT, 1.0 + 0.7 * k, NAN);
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->bout_count, 0);
    measure_destroy(m);
}

/* The span list measure and wear keep: appended in order, joined where a span starts before the
 * last ends (never narrowed by a shorter one inside it), and the time within a window summed over
 * the spans it cuts. */
static void test_span_list(void **state)
{
    (void)state;
    span_list list = {0};
    assert_int_equal(span_list_add(&list, 1, 2), 0);
    assert_int_equal(span_list_join(&list, 1.5, 3), 0); /* overlaps: widened to 1-3 */
    assert_int_equal(span_list_join(&list, 2, 2.5), 0); /* inside it: unchanged */
    assert_int_equal(span_list_join(&list, 3, 4), 0);   /* touches it: 1-4 */
    assert_int_equal(span_list_join(&list, 10, 12), 0); /* apart: a second span */
    for (int k = 0; k < 100; k++)                       /* past the first allocation */
        assert_int_equal(span_list_add(&list, 20 + k, 20.5 + k), 0);
    assert_int_equal(list.count, 102);
    assert_float_equal(list.spans[0][0], 1, 0);
    assert_float_equal(list.spans[0][1], 4, 0);
    assert_float_equal(list.spans[1][0], 10, 0);
    assert_int_equal(span_list_first_ending_after(&list, 4), 1);
    assert_int_equal(span_list_first_ending_after(&list, 200), 102);
    assert_float_equal(span_list_time_within(&list, 3, 11), 1 + 1, 1e-12);
    assert_float_equal(span_list_time_within(&list, 0, 30.25), 3 + 2 + 10 * 0.5 + 0.25, 1e-12);
    span_list_free(&list);
    assert_int_equal(list.count, 0);
}

/* Adds contacts at times[0 .. n - 1] of one side, each with toe-off 0.3 s after it. */
static void add_contacts(measure *m, int side, const double *times, int n)
{
    for (int k = 0; k < n; k++) {
        contact_event e = timing_only_event(side, times[k], times[k] + 0.3);
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
}

/* A bout is made of plausible strides, as Mobilise-D assembles walking bouts: 0.2 to 3 s each,
 * at least four, two of each foot. A walk (ten steps 0.5 s apart), then, after 5 s, mobgap's HA_001
 * free-living trial at 63-72 s moved to 20 s: seven contacts under 3 s apart, but only two of the
 * foot-to-foot intervals are strides under 3 s. Before, a run of contacts under 3 s apart with two
 * intervals of each foot was a bout, so this one was, at 40 steps/min. */
static void test_bouts_need_plausible_strides(void **state)
{
    (void)state;
    measure_config config = base_config(40);
    measure *m = new_with(&config);
    add_bout(m, 10.0, 0.5);
    double left[] = {20.11, 21.84, 25.68, 29.32}, right[] = {23.94, 25.2, 28.3};
    add_contacts(m, SIDE_LEFT, left, 4);
    add_contacts(m, SIDE_RIGHT, right, 3);
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->bout_count, 1);
    assert_float_equal(r->bouts[0].start_s, 10.0, 1e-12);
    assert_float_equal(r->bouts[0].end_s, 14.5, 1e-12);
    assert_int_equal(r->bouts[0].steps, 10);
    measure_destroy(m);

    /* insoles whose right foot went unread for a minute (PhysioNet's als5): the left's contacts
     * alone, 1.2 s apart, are strides of one foot, not a bout at half the cadence; a bout needs
     * two strides of each foot */
    m = new_with(&config);
    add_bout(m, 10.0, 0.5);
    double one_foot[50];
    for (int k = 0; k < 50; k++)
        one_foot[k] = 20.0 + 1.2 * k;
    add_contacts(m, SIDE_LEFT, one_foot, 50);
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->bout_count, 1);
    assert_float_equal(r->bouts[0].end_s, 14.5, 1e-12);
    measure_destroy(m);

    /* shoe IMUs marching on the spot (strides of 5 cm) make no bout; walking (1.3 m) does */
    for (int walking = 0; walking < 2; walking++) {
        m = new_with(&config);
        for (int k = 0; k < 10; k++) {
            double ic = 1.0 + 0.5 * k;
            contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, ic, ic + 0.3);
            e.foot_distance_m = (walking ? 1.3 : 0.05) * (k / 2);
            assert_int_equal(measure_add_contact(m, &e), 0);
        }
        assert_int_equal(measure_finish(m, &r, &err), 0);
        assert_int_equal(r->bout_count, walking);
        measure_destroy(m);
    }
}

/* A single shoe pod's short bouts, each the least that makes one (three contacts), five of them:
 * more than a bout per six contacts, which the table once had room for (ASan: heap overflow). */
static void test_many_short_bouts_of_one_foot(void **state)
{
    (void)state;
    measure_config config = base_config(60);
    measure *m = new_with(&config);
    for (int bout = 0; bout < 5; bout++) {
        double times[3] = {1.0 + 10 * bout, 2.0 + 10 * bout, 3.0 + 10 * bout};
        add_contacts(m, SIDE_LEFT, times, 3);
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->bout_count, 5);
    for (int bout = 0; bout < 5; bout++) {
        assert_float_equal(r->bouts[bout].start_s, 1.0 + 10 * bout, 1e-12);
        assert_int_equal(r->bouts[bout].steps, 5);
        assert_float_equal(r->bouts[bout].cadence_spm, 120.0, 1e-9);
    }
    measure_destroy(m);
}

static void test_walking_double_support(void **state)
{
    (void)state;
    measure *m = new_measure(10);
    add(m, SIDE_LEFT, 1.0, 1.7, 50);
    add(m, SIDE_RIGHT, 1.55, 2.25, 50);
    add(m, SIDE_LEFT, 2.1, 2.8, 50);
    add(m, SIDE_RIGHT, 2.65, 3.35, 50);
    add(m, SIDE_LEFT, 3.2, 3.9, 50);
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    const stride_row *s = find_stride(r, 'L', 2.1);
    assert_float_equal(s->flight_time_s, 0, 1e-12);
    assert_float_equal(s->double_support_s, 0.30, 1e-12);
    assert_float_equal(s->step_time_s, 0.55, 1e-12);
    assert_string_equal(r->activity, "walk");
    measure_destroy(m);
}

/* A brisk walk seen from the lower back, 145 steps/min: the other foot's push-off merges into the
 * landing, so no step has its final contact, and flight and double support stay unknown. That is
 * the walking detector's output, so walking: before 0.17.0 the cadence (over 140) made it running
 */
static void test_brisk_walk_without_final_contacts(void **state)
{
    (void)state;
    measure *m = new_measure(20);
    double step = 60.0 / 145;
    for (int k = 0; k < 40; k++) {
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, 1 + k * step, NAN);
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_float_equal(r->cadence_spm, 145, 0.5);
    assert_true(isnan(r->summary[MEASURE_FLIGHT_TIME].median));
    assert_string_equal(r->activity, "walk");
    assert_string_equal(r->segments[0].activity, "walk");
    measure_destroy(m);
}

static void test_long_stride_is_invalid(void **state)
{
    (void)state;
    measure *m = new_measure(20);
    double ic = 1.0;
    for (int k = 0; k < 8; k++) {
        add(m, SIDE_LEFT, ic, ic + 0.25, 100);
        ic += k == 4 ? 2.1 : 0.7; /* a gap swallowed two strides */
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    int invalid = 0;
    long n = read_strides(r);
    for (long i = 0; i < n; i++)
        if (!rows[i].valid) {
            invalid++;
            assert_float_equal(rows[i].stride_time_s, 2.1, 1e-9);
            assert_contains(rows[i].invalid_reason, "long stride");
        }
    assert_int_equal(invalid, 1);
    assert_int_equal(r->valid_strides, 6);
    measure_destroy(m);
}

/* A foot on the ground for under a tenth of its stride takes no step (a shank IMU pedalling read
 * 70 ms contacts in 2.2 s strides): such strides are not valid, while a sprint's 0.1 s in 0.47 s
 * (duty factor 0.21) is; the phases themselves are given either way. */
static void test_too_little_ground_contact_is_no_gait(void **state)
{
    (void)state;
    for (int pedalling = 0; pedalling < 2; pedalling++) {
        measure *m = new_measure(30);
        double stride = pedalling ? 2.2 : 0.47;
        for (int k = 0; k < 8; k++) {
            add(m, SIDE_LEFT, 1.0 + stride * k, 1.0 + stride * k + (pedalling ? 0.07 : 0.1), 100);
            add(m, SIDE_RIGHT, 1.0 + stride * (k + 0.5), 1.0 + stride * (k + 0.5) + 0.1, 100);
        }
        const measure_result *r;
        gb_error err = {0};
        assert_int_equal(measure_finish(m, &r, &err), 0);
        const stride_row *left = find_stride(r, 'L', 1.0 + stride);
        assert_float_equal(left->duty_factor, (pedalling ? 0.07 : 0.1) / stride, 1e-9);
        assert_int_equal(left->valid, !pedalling);
        assert_string_equal(left->invalid_reason, pedalling ? "phase implausible" : "");
        assert_int_equal(r->valid_strides, pedalling ? 0 : 14);
        measure_destroy(m);
    }
}

/* Steps from a lower-back sensor, 0.5 and 0.6 s apart in turn, the 7th given the wrong side (R R R
 * in a row): of the right "strides" over it, 3.7 -> 4.3 -> 4.8 s, the second is short, but the
 * first (0.6 s against 1.1) only the sides tell invalid; the left one around it is long (2.2 s).
 * Insoles (steps_alternate 0) keep the first: each foot's contacts are its own. */
static void test_sides_not_alternating(void **state)
{
    (void)state;
    for (int alternate = 0; alternate < 2; alternate++) {
        measure_config config = base_config(20);
        config.steps_alternate = alternate;
        measure *m = new_with(&config);
        for (int k = 0; k < 16; k++) {
            int side = k % 2 && k != 6 ? SIDE_RIGHT : SIDE_LEFT;
            if (k == 6) side = SIDE_RIGHT;
            double ic = 1.0 + 1.1 * (k / 2) + (k % 2 ? 0.5 : 0);
            add(m, side, ic, ic + 0.4, 100); /* shorter than any stride: the phases fit */
        }
        const measure_result *r;
        gb_error err = {0};
        assert_int_equal(measure_finish(m, &r, &err), 0);
        long n = read_strides(r), unsided = 0;
        for (long i = 0; i < n; i++)
            unsided += strcmp(rows[i].invalid_reason, "sides not alternating") == 0;
        assert_int_equal(unsided, alternate);
        assert_int_equal(find_stride(r, 'R', 3.7)->valid, !alternate);
        assert_string_equal(find_stride(r, 'R', 4.3)->invalid_reason, "short stride");
        assert_string_equal(find_stride(r, 'L', 3.2)->invalid_reason, "long stride (gap or pause)");
        assert_true(find_stride(r, 'L', 2.1)->valid && find_stride(r, 'R', 2.6)->valid);
        measure_destroy(m);
    }
}

/* A lower-back sensor whose steps all got one side (what a turned sensor without a forward axis
 * can give): every stride holds no step of the other side, and that is the reason a status names.
 * Alternating, the valid strides are the most and there is no reason to name. */
static void test_commonest_invalid_reason(void **state)
{
    (void)state;
    for (int alternating = 0; alternating < 2; alternating++) {
        measure_config config = base_config(20);
        config.steps_alternate = 1;
        measure *m = new_with(&config);
        for (int k = 0; k < 12; k++)
            add(m, alternating && k % 2 ? SIDE_RIGHT : SIDE_LEFT, 1.0 + 0.55 * k,
                1.0 + 0.55 * k + 0.3, 100);
        const measure_result *r;
        gb_error err = {0};
        assert_int_equal(measure_finish(m, &r, &err), 0);
        char reason[32] = "";
        if (alternating) {
            assert_int_equal(r->valid_strides, r->stride_count);
            assert_int_equal(measure_commonest_invalid_reason(r, reason, sizeof reason), -1);
        } else {
            assert_int_equal(r->valid_strides, 0);
            assert_int_equal(measure_commonest_invalid_reason(r, reason, sizeof reason), 0);
            assert_string_equal(reason, "sides not alternating");
        }
        measure_destroy(m);
    }
}

/* A walk of ten strides on each side, 1.1 s each: left contacts at 1.0 s + 1.1 k, right ones
 * 0.55 s after, each 0.7 s long but the right one of stride `sprint` (-1: none), 0.115 s (a
 * sprint's contact, at the least duty factor a stride is valid with); each with a tibial shock of
 * shock_g (NAN: none). */
static measure *ten_strides_each(int sprint, double shock_g)
{
    measure *m = new_measure(20);
    for (int k = 0; k < 10; k++) {
        add_shocked(m, SIDE_LEFT, 1.0 + 1.1 * k, 1.7 + 1.1 * k, 100, shock_g);
        add_shocked(m, SIDE_RIGHT, 1.55 + 1.1 * k, (k == sprint ? 1.665 : 2.25) + 1.1 * k, 100,
                    shock_g);
    }
    return m;
}

/* A gap in the right foot's signal (measure_add_gap) makes the right stride across it invalid
 * though it is as long as the others, and leaves the left strides alone; with a gap after every
 * other right contact (its neighbour lost in it), the 2.2 s strides across them neither count as
 * valid nor pull the median up, so the one stride between two gaps is not taken for short. */
static void test_stride_across_a_gap_is_invalid(void **state)
{
    (void)state;
    measure *m = ten_strides_each(-1, NAN);
    assert_int_equal(measure_add_gap(m, SIDE_RIGHT, 4.9, 5.0), 0); /* in the stride 4.85-5.95 */
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_string_equal(find_stride(r, 'R', 4.85)->invalid_reason, "spans a gap");
    assert_true(find_stride(r, 'R', 3.75)->valid && find_stride(r, 'R', 5.95)->valid);
    assert_true(find_stride(r, 'L', 4.3)->valid);
    assert_int_equal(r->valid_strides, 9 + 8);
    measure_destroy(m);

    m = new_measure(40);
    double ic = 1.0;
    for (int k = 0; k < 12; k++) { /* right strides: 2.2 s across a gap, then 1.1 s, in turn */
        add(m, SIDE_RIGHT, ic, ic + 0.7, 100);
        if (k % 2 == 0) assert_int_equal(measure_add_gap(m, SIDE_RIGHT, ic + 1.0, ic + 1.2), 0);
        ic += k % 2 == 0 ? 2.2 : 1.1;
    }
    assert_int_equal(measure_finish(m, &r, &err), 0);
    long n = read_strides(r), valid = 0;
    for (long i = 0; i < n; i++) {
        assert_float_equal(rows[i].stride_time_s, rows[i].valid ? 1.1 : 2.2, 1e-9);
        valid += rows[i].valid;
    }
    assert_int_equal(valid, 5);
    measure_destroy(m);
}

/* Bridged runs (measure_add_bridge) count for a stride within 60 ms of its initial contact or
 * toe-off, its own side's only: two channels' runs that overlap are joined, so counted once. */
static void test_bridged_near_events(void **state)
{
    (void)state;
    measure *m = ten_strides_each(4, NAN);
    /* left stride at 3.2 (toe-off 3.9): 30 ms ending 10 ms before its contact, from two channels
     * (3.15-3.18 and 3.16-3.19: 3.15-3.19, of which 3.14-3.26 holds all 40 ms) */
    assert_int_equal(measure_add_bridge(m, SIDE_LEFT, 3.15, 3.18), 0);
    assert_int_equal(measure_add_bridge(m, SIDE_LEFT, 3.16, 3.19), 0);
    /* ... and 20 ms of a run across the window's end after its toe-off (3.94-3.96 of 3.94-4.0) */
    assert_int_equal(measure_add_bridge(m, SIDE_LEFT, 3.94, 4.0), 0);
    /* left stride at 4.3 (toe-off 5.0): a run in mid-swing, 0.2 s from both events */
    assert_int_equal(measure_add_bridge(m, SIDE_LEFT, 5.2, 5.25), 0);
    /* right stride at 5.95: a sprint's 0.115 s contact (toe-off 6.065), whose windows overlap:
     * the 50 ms between its events count once */
    assert_int_equal(measure_add_bridge(m, SIDE_RIGHT, 5.97, 6.02), 0);
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    long n = read_strides(r);
    for (long i = 0; i < n; i++) {
        double t = rows[i].initial_contact_s;
        double expected = rows[i].side[0] == 'L' && fabs(t - 3.2) < 1e-9    ? 0.04 + 0.02
                          : rows[i].side[0] == 'R' && fabs(t - 5.95) < 1e-9 ? 0.05
                                                                            : 0;
        assert_float_equal(rows[i].bridged_near_events_s, expected, 1e-9);
        assert_true(rows[i].valid); /* a flag, not a reason to leave the stride out */
    }
    assert_int_equal(r->valid_strides_bridged, 2);
    measure_destroy(m);
}

/* Rows kept at a tibial accelerometer's range limit (measure_add_clipped) count for a stride when
 * they fall within the 80 ms after its initial contact, where its shock is read: on its own side
 * only, so a shock beside them on the other leg stays exact (since 0.21.0); and only for a stride
 * with a shock (since 0.22.0: a lower-back sensor's strides have none, and its rows are kept). */
static void test_shock_clipped(void **state)
{
    (void)state;
    measure *m = ten_strides_each(-1, 9.0);
    const struct {
        int side;
        double start_s, end_s; /* rows at 100 Hz */
    } spans[] = {
        {SIDE_LEFT, 2.12, 2.13},   /* left stride at 2.1: two rows 20 ms after its contact, */
        {SIDE_LEFT, 2.13, 2.14},   /* joined */
        {SIDE_LEFT, 3.275, 3.285}, /* at 3.2: one across the window's end, 5 ms inside */
        {SIDE_LEFT, 4.29, 4.30},   /* at 4.3: one just before its contact, in the swing */
        {SIDE_RIGHT, 5.96, 5.97},  /* the right stride at 5.95 */
    };
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++)
        assert_int_equal(measure_add_clipped(m, spans[k].side, spans[k].start_s, spans[k].end_s),
                         0);
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    const struct {
        char side;
        double initial_contact_s, clipped_s;
    } marked[] = {{'L', 2.1, 0.02}, {'L', 3.2, 0.005}, {'R', 5.95, 0.01}};
    long n = read_strides(r), found = 0;
    for (long i = 0; i < n; i++) {
        double expected = 0;
        for (size_t k = 0; k < sizeof marked / sizeof marked[0]; k++)
            if (rows[i].side[0] == marked[k].side &&
                fabs(rows[i].initial_contact_s - marked[k].initial_contact_s) < 1e-9) {
                expected = marked[k].clipped_s;
                found++;
            }
        assert_float_equal(rows[i].tibial_shock_clipped_s, expected, 1e-9);
        assert_float_equal(rows[i].bridged_near_events_s, 0, 0);
        assert_true(rows[i].valid); /* a lower bound, not a reason to leave the stride out */
    }
    assert_int_equal(found, 3);
    assert_int_equal(r->valid_strides_shock_clipped, 3);
    assert_int_equal(r->valid_strides_bridged, 0);
    measure_destroy(m);
    /* the same rows beside strides without a shock mark none */
    m = ten_strides_each(-1, NAN);
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++)
        assert_int_equal(measure_add_clipped(m, spans[k].side, spans[k].start_s, spans[k].end_s),
                         0);
    assert_int_equal(measure_finish(m, &r, &err), 0);
    n = read_strides(r);
    for (long i = 0; i < n; i++)
        assert_float_equal(rows[i].tibial_shock_clipped_s, 0, 0);
    assert_int_equal(r->valid_strides_shock_clipped, 0);
    measure_destroy(m);
}

/* A lower-back sensor's rows kept at its range limit (since 0.22.0; gaps before): the trunk's
 * travel, its pitch and the step length from them are read over the step that ends at a contact,
 * and a row there, or within the low-pass's 70 ms reach, leaves that step's out, while the
 * contacts stay timed and the strides valid. One row mid-step before the left contact at 3.0 s,
 * and one 30 ms after the right contact at 3.5, which reaches back into the step ending there. */
static void test_clipped_steps_have_no_trunk_travel(void **state)
{
    (void)state;
    measure_config config = base_config(10);
    config.sensor_height_m = 1.0;
    measure *m = new_with(&config);
    for (int k = 0; k < 8; k++) {
        contact_event e = timing_only_event(k % 2 ? SIDE_RIGHT : SIDE_LEFT, 1.0 + 0.5 * k, NAN);
        e.vertical_oscillation_m = 0.04;
        e.trunk_pitch_deg = 12;
        assert_int_equal(measure_add_contact(m, &e), 0);
    }
    /* a lower-back sensor's rows go to both sides (analysis.c) */
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        assert_int_equal(measure_add_clipped(m, side, 2.75, 2.76), 0);
        assert_int_equal(measure_add_clipped(m, side, 3.53, 3.54), 0);
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    const struct {
        char side;
        double initial_contact_s;
        int clipped;
    } expected[] = {{'L', 1.0, 0}, {'R', 1.5, 0}, {'L', 2.0, 0},
                    {'R', 2.5, 0}, {'L', 3.0, 1}, {'R', 3.5, 1}};
    for (size_t k = 0; k < sizeof expected / sizeof expected[0]; k++) {
        const stride_row *row = find_stride(r, expected[k].side, expected[k].initial_contact_s);
        assert_non_null(row);
        assert_true(row->valid);
        assert_float_equal(row->tibial_shock_clipped_s, 0, 0);
        if (expected[k].clipped) {
            assert_true(isnan(row->vertical_oscillation_m) && isnan(row->trunk_pitch_deg));
            assert_true(isnan(row->step_length_m) && isnan(row->walking_speed_m_per_s));
        } else {
            assert_float_equal(row->vertical_oscillation_m, 0.04, 1e-12);
            assert_float_equal(row->trunk_pitch_deg, 12, 1e-12);
            assert_float_equal(row->step_length_m, 0.56, 1e-12);
        }
    }
    assert_float_equal(r->trunk_pitch_deg, 12, 1e-12);
    assert_float_equal(r->step_length_m, 0.56, 1e-12);
    measure_destroy(m);
}

static void test_segments_and_drift(void **state)
{
    (void)state;
    const double minutes = 30, stride = 0.7;
    measure *m = new_measure(minutes * 60);
    for (double t = 0.5; t < minutes * 60 - 1; t += stride) {
        double contact = 0.25 * (1 + 0.02 * t / 600); /* +2 % of the start value per 10 min */
        add(m, SIDE_LEFT, t, t + contact, 100);
        add(m, SIDE_RIGHT, t + stride / 2, t + stride / 2 + contact, 100);
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->segment_count, 2 * 30);
    assert_float_equal(r->segments[0].start_s, 0, 0);
    assert_float_equal(r->segments[2].start_s, 60, 0);
    assert_float_equal(r->segments[0].cadence_spm, 120 / stride, 0.01);
    const side_summary *left = &r->summary[MEASURE_CONTACT_TIME];
    double expected = 0.25 * 0.02 / left->mean * 100; /* slope per 10 min over the mean */
    assert_float_equal(left->drift_pct_per_10min, expected, 0.02);
    assert_float_equal(r->summary[MEASURE_PUSHOFF_IMPULSE].drift_pct_per_10min, 0, 1e-6);
    measure_destroy(m);
}

/* Run-walk: a minute of running (flight), a minute off, a minute of walking (double support), two
 * off. Each 60 s segment says which it was, and "none" without strides (the stride across each
 * break is invalid and left out). */
static void test_segment_activity(void **state)
{
    (void)state;
    measure *m = new_measure(300);
    for (double t = 0.5; t < 59; t += 0.7) { /* contact 0.25 s of a 0.35 s step: flight */
        add(m, SIDE_LEFT, t, t + 0.25, 100);
        add(m, SIDE_RIGHT, t + 0.35, t + 0.6, 100);
    }
    for (double t = 120.5; t < 179; t += 1.1) { /* contact 0.7 s of a 0.55 s step: both down */
        add(m, SIDE_LEFT, t, t + 0.7, 100);
        add(m, SIDE_RIGHT, t + 0.55, t + 1.25, 100);
    }
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->segment_count, 2 * 5);
    const char *expected[5] = {"run", "none", "walk", "none", "none"};
    for (long s = 0; s < r->segment_count; s++)
        assert_string_equal(r->segments[s].activity, expected[s / 2]);
    measure_destroy(m);
    /* 190 steps/min with 0.30 s contacts: 16 ms of flight and no double support is running
     * (before 0.17.0 a flight of 20 ms was asked, and this was called walking) */
    m = new_measure(60);
    double step = 60.0 / 190;
    for (int k = 0; k < 150; k++)
        add(m, k % 2 ? SIDE_RIGHT : SIDE_LEFT, 1 + k * step, 1 + k * step + 0.30, 100);
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_float_equal(r->summary[MEASURE_FLIGHT_TIME].median, step - 0.30, 1e-9);
    assert_string_equal(r->activity, "run");
    measure_destroy(m);
}

/* 3000 strides a side: summaries on one thread and on two give the same numbers, and the SD of
 * contact times alternating 0.24 / 0.26 s is 0.01 s x sqrt(n / (n - 1)). */
static void test_two_threads_same_summary(void **state)
{
    (void)state;
    const double stride = 0.7;
    const int strides = 3000;
    const measure_result *result[2];
    measure *m[2];
    for (int threads = 1; threads <= 2; threads++) {
        gb_error err = {0};
        m[threads - 1] = new_on_threads(strides * stride + 2, NAN, NAN, threads);
        for (int k = 0; k <= strides; k++) {
            double t = 0.5 + stride * k, contact = k % 2 ? 0.26 : 0.24;
            add(m[threads - 1], SIDE_LEFT, t, t + contact, 100 + k % 7);
            add(m[threads - 1], SIDE_RIGHT, t + stride / 2, t + stride / 2 + contact, 90 + k % 5);
        }
        assert_int_equal(measure_finish(m[threads - 1], &result[threads - 1], &err), 0);
    }
    const measure_result *one = result[0], *two = result[1];
    assert_int_equal(one->summary_count, 2 * MEASURE_COUNT);
    assert_int_equal(two->summary_count, 2 * MEASURE_COUNT);
    assert_memory_equal(one->summary, two->summary, sizeof one->summary);
    assert_memory_equal(one->asymmetry, two->asymmetry, sizeof one->asymmetry);
    assert_int_equal(one->segment_count, two->segment_count);
    assert_memory_equal(one->segments, two->segments, sizeof *one->segments * one->segment_count);
    assert_float_equal(one->cadence_spm, two->cadence_spm, 0);
    const side_summary *left = &two->summary[MEASURE_CONTACT_TIME];
    assert_int_equal(left->count, strides);
    assert_float_equal(left->mean, 0.25, 1e-12);
    assert_float_equal(left->sd, 0.01 * sqrt(strides / (strides - 1.0)), 1e-12);
    assert_float_equal(left->median, 0.25, 1e-12);
    assert_float_equal(two->cadence_spm, 120 / stride, 1e-9);
    assert_string_equal(two->activity, "run");
    measure_destroy(m[0]);
    measure_destroy(m[1]);
}

static void test_no_contacts(void **state)
{
    (void)state;
    measure *m = new_measure(30);
    const measure_result *r;
    gb_error err = {0};
    assert_int_equal(measure_finish(m, &r, &err), 0);
    assert_int_equal(r->stride_count, 0);
    assert_string_equal(r->activity, "none");
    assert_true(isnan(r->cadence_spm));
    measure_destroy(m);
}

/* IMU events beside pressure events: mutual nearest within half a step, differences IMU - ref. */
static void test_compare_pairs_nearest_events(void **state)
{
    (void)state;
    measure *reference = new_measure(10), *imu = new_measure(10);
    /* reference: steps every 0.4 s, alternating sides, contact 0.25 s */
    for (int k = 0; k < 6; k++)
        add(reference, k % 2 ? SIDE_RIGHT : SIDE_LEFT, 1.0 + 0.4 * k, 1.25 + 0.4 * k, 100);
    /* IMU: 10 ms late at contact, 5 ms early at toe-off; the fourth step has the wrong side, the
     * sixth is missed, and a spurious contact 0.15 s after the fifth is nearest to the fifth
     * reference contact, which has a nearer IMU contact, and more than half a step from the sixth
     */
    for (int k = 0; k < 5; k++) {
        int side = k % 2 ? SIDE_RIGHT : SIDE_LEFT;
        if (k == 3) side = SIDE_LEFT;
        add(imu, side, 1.01 + 0.4 * k, 1.245 + 0.4 * k, 0);
    }
    add(imu, SIDE_LEFT, 1.0 + 0.4 * 4 + 0.15, NAN, 0);
    const measure_result *unused;
    gb_error err = {0};
    assert_int_equal(measure_finish(reference, &unused, &err), 0);
    assert_int_equal(measure_finish(imu, &unused, &err), 0);
    event_pair *pairs = NULL;
    long n = 0;
    event_agreement agreement[COMPARE_EVENTS];
    assert_int_equal(compare_events(reference, imu, &pairs, &n, agreement, &err), 0);
    assert_int_equal(n, 5);
    for (long i = 0; i < n; i++) {
        assert_float_equal(pairs[i].initial_contact_s, 1.0 + 0.4 * (double)i, 1e-12);
        assert_float_equal(pairs[i].initial_contact_difference_s, 0.010, 1e-9);
        assert_float_equal(pairs[i].toe_off_difference_s, -0.005, 1e-9);
        assert_float_equal(pairs[i].contact_time_difference_s, -0.015, 1e-9);
    }
    assert_string_equal(pairs[3].side, "R");
    assert_string_equal(pairs[3].imu_side, "L");
    const event_agreement *ic = &agreement[COMPARE_INITIAL_CONTACT];
    assert_string_equal(ic->event, "initial_contact");
    assert_int_equal(ic->reference_events, 6);
    assert_int_equal(ic->imu_events, 6);
    assert_int_equal(ic->matched, 5);
    assert_int_equal(ic->sides_agree, 4);
    assert_float_equal(ic->median_difference_s, 0.010, 1e-9);
    assert_float_equal(ic->median_absolute_difference_s, 0.010, 1e-9);
    assert_float_equal(ic->sd_difference_s, 0, 1e-9);
    const event_agreement *to = &agreement[COMPARE_TOE_OFF];
    assert_int_equal(to->imu_events, 5); /* the spurious contact has no toe-off */
    assert_int_equal(to->matched, 5);
    assert_float_equal(to->mean_difference_s, -0.005, 1e-9);
    assert_float_equal(agreement[COMPARE_CONTACT_TIME].median_difference_s, -0.015, 1e-9);
    free(pairs);
    measure_destroy(reference);
    measure_destroy(imu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pitch_along_the_learnt_axis),
        cmocka_unit_test(test_running_strides),
        cmocka_unit_test(test_step_length_and_walking_speed_from_the_lower_back),
        cmocka_unit_test(test_stride_length_from_foot_sensors),
        cmocka_unit_test(test_vertical_ratio_from_stride_length),
        cmocka_unit_test(test_leg_stiffness_needs_leg_and_speed),
        cmocka_unit_test(test_leg_stiffness_from_shoe_imu_speed),
        cmocka_unit_test(test_trunk_travel_from_the_lower_back),
        cmocka_unit_test(test_bouts_of_one_foot),
        cmocka_unit_test(test_bouts_need_plausible_strides),
        cmocka_unit_test(test_still_trunk_trains_are_no_gait),
        cmocka_unit_test(test_a_short_walk_after_a_stand_is_gait),
        cmocka_unit_test(test_span_list),
        cmocka_unit_test(test_many_short_bouts_of_one_foot),
        cmocka_unit_test(test_walking_double_support),
        cmocka_unit_test(test_long_stride_is_invalid),
        cmocka_unit_test(test_too_little_ground_contact_is_no_gait),
        cmocka_unit_test(test_sides_not_alternating),
        cmocka_unit_test(test_commonest_invalid_reason),
        cmocka_unit_test(test_stride_across_a_gap_is_invalid),
        cmocka_unit_test(test_bridged_near_events),
        cmocka_unit_test(test_shock_clipped),
        cmocka_unit_test(test_clipped_steps_have_no_trunk_travel),
        cmocka_unit_test(test_segments_and_drift),
        cmocka_unit_test(test_segment_activity),
        cmocka_unit_test(test_brisk_walk_without_final_contacts),
        cmocka_unit_test(test_two_threads_same_summary),
        cmocka_unit_test(test_no_contacts),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_compare_pairs_nearest_events),
    };
    return cmocka_run_group_tests_name("measure", tests, NULL, NULL);
}
