#include "simulate.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>
#include <math.h>
#include <sndfile.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/units.h"
#define BLOCK 4096
#define MAX_ZONES 4
#define MAX_CHANNELS (2 * MAX_ZONES + 30) /* insoles, two IMUs per leg and the lower back's */
#define DROPOUT_S 0.2
/* walking, sacrum: the braking pulse's SD, and its delay after contact; then the second peak at
 * each toe-off, g, and its SD (on the mobgap walks it rises a median 0.12 g above its trough) */
#define WALK_PULSE_S 0.03
#define TOE_OFF_BUMP_G 0.3
#define TOE_OFF_BUMP_S 0.02
#define FIRST_STEP_S 1.0 /* one quiet second first: a sensor is switched on before the run */
#define WFDB_GAIN 10.0   /* adu per newton: +-3276 N in 16 bits */

enum output_kind { OUT_FLAC, OUT_WAV, OUT_CSV, OUT_WFDB };

typedef struct contact_plan {
    double start_s, duration_s, heel_peak_N, forefoot_peak_N;
} contact_plan;

typedef struct foot_plan {
    contact_plan current, next;
} foot_plan;

typedef struct generator {
    simulate_config config;
    gsl_rng *rng;
    double heel_end, forefoot_start; /* normalised stance time */
    double step_s, next_step_s;
    int next_side; /* 0 left, 1 right */
    foot_plan feet[2];
    FILE *truth;
    double dropout_until_s;
} generator;

void simulate_config_default(simulate_config *config)
{
    memset(config, 0, sizeof *config);
    config->running = 1;
    config->cadence_spm = 170;
    config->body_mass_kg = 70;
    config->contact_time_s = 0.25;
    config->duration_s = 120;
    config->sample_rate_hz = 200;
    config->zones_per_foot = 2;
    config->stride_cv = 0.015;
    config->tilt_deg = 20;
    config->recline_deg = 30;
    config->lean_deg = 0;
    config->seed = 1;
    snprintf(config->athlete, sizeof config->athlete, "simulated");
    snprintf(config->session, sizeof config->session, "2026-01-01T08:00:00");
}

static double fatigue(const generator *g, double t)
{
    return g->config.fatigue_pct_per_10min / 100.0 * t / 600.0;
}

/* Truth of one contact, from the closed form of the half-sine humps. */
static void write_truth(generator *g, int side, const contact_plan *c)
{
    double u_h = g->heel_end, u_f = g->forefoot_start, span = 1 - u_f;
    double impulse =
        c->forefoot_peak_N * c->duration_s * span / M_PI * (1 + cos(M_PI * (u_h - u_f) / span));
    double crest = u_f + span / 2;
    double peak =
        crest >= u_h ? c->forefoot_peak_N : c->forefoot_peak_N * sin(M_PI * (u_h - u_f) / span);
    fprintf(g->truth, "%s,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f\n", side ? "R" : "L", c->start_s,
            c->start_s + c->duration_s, c->start_s + u_h * c->duration_s, c->duration_s, peak,
            impulse);
}

/* Whether time t falls in a bout of gait (always, without bouts); the first starts at 1 s. */
static int in_bout(const generator *g, double t)
{
    const simulate_config *cfg = &g->config;
    if (t < FIRST_STEP_S) return 0;
    if (!(cfg->bout_s > 0)) return 1;
    return fmod(t - FIRST_STEP_S, cfg->bout_s + cfg->rest_s) < cfg->bout_s;
}

#define SIT_DOWN_AFTER_S 1.0  /* into a rest, when sitting down starts: the last stance is over */
#define STAND_UP_BEFORE_S 3.0 /* standing still this long before the next bout */
#define POSTURE_CHANGE_S 1.5  /* sitting down and standing up each take this long */
#define SEATED_REST_MIN_S 9.0 /* shorter rests are spent standing */

/* A posture change of amplitude over duration_s, at u in [0, 1] of it: half a cosine, so its rate
 * (into *rate, per second) rises and falls. */
static double ease(double u, double amplitude, double duration_s, double *rate)
{
    *rate = u < 1 ? amplitude * M_PI / (2 * duration_s) * sin(M_PI * u) : 0;
    return amplitude * (1 - cos(M_PI * u)) / 2;
}

/* How far the trunk leans back at time t (deg; seated in rests), and how fast that changes
 * (deg/s). */
static double recline(const generator *g, double t, double *rate_deg_s)
{
    const simulate_config *cfg = &g->config;
    *rate_deg_s = 0;
    if (!(cfg->bout_s > 0) || cfg->rest_s < SEATED_REST_MIN_S || t < FIRST_STEP_S || in_bout(g, t))
        return 0;
    double period = cfg->bout_s + cfg->rest_s;
    double since = fmod(t - FIRST_STEP_S, period) - cfg->bout_s; /* into the rest */
    double down = (since - SIT_DOWN_AFTER_S) / POSTURE_CHANGE_S;
    double up = (cfg->rest_s - STAND_UP_BEFORE_S - since) / POSTURE_CHANGE_S;
    if (down <= 0 || up <= 0) return 0;
    double back = ease(fmin(fmin(down, up), 1.0), cfg->recline_deg, POSTURE_CHANGE_S, rate_deg_s);
    if (up < down) *rate_deg_s = -*rate_deg_s; /* standing up */
    return back;
}

#define LEAN_RAMP_S 1.0 /* the gait lean sets in over a bout's first second, goes over a rest's */

/* The trunk's pitch at time t beyond tilt_deg (deg, forward positive) and its rate (deg/s):
 * lean_deg further forward in gait, recline_deg back when seated (recline). */
static double posture(const generator *g, double t, double *rate_deg_s)
{
    const simulate_config *cfg = &g->config;
    double recline_rate, lean = 0, lean_rate = 0;
    double back = recline(g, t, &recline_rate);
    if (cfg->lean_deg != 0 && t >= FIRST_STEP_S) {
        int bouts = cfg->bout_s > 0;
        double phase = bouts ? fmod(t - FIRST_STEP_S, cfg->bout_s + cfg->rest_s) : t - FIRST_STEP_S;
        int leaning_in = !bouts || phase < cfg->bout_s;
        double u = fmin((leaning_in ? phase : phase - cfg->bout_s) / LEAN_RAMP_S, 1.0);
        lean = ease(u, cfg->lean_deg, LEAN_RAMP_S, &lean_rate);
        if (!leaning_in) lean = cfg->lean_deg - lean, lean_rate = -lean_rate;
    }
    *rate_deg_s = lean_rate - recline_rate;
    return lean - back;
}

/* Plans the next step (alternating feet) and returns it in its foot's `next` slot. */
static void plan_step(generator *g)
{
    const simulate_config *cfg = &g->config;
    int side = g->next_side;
    double t = g->next_step_s;
    double weight = cfg->body_mass_kg * STANDARD_GRAVITY;
    double drift = fatigue(g, t);
    contact_plan c;
    c.start_s = t;
    c.duration_s = (cfg->running ? cfg->contact_time_s : 1.24 * g->step_s) * (1 + drift);
    c.heel_peak_N = (cfg->running ? 1.0 : 1.05) * weight;
    c.forefoot_peak_N = (cfg->running ? 2.2 : 1.1) * weight * (1 - drift);
    if (side == 1) c.forefoot_peak_N *= 1 - cfg->pushoff_deficit_right;
    foot_plan *foot = &g->feet[side];
    foot->current = foot->next;
    foot->next = c;
    write_truth(g, side, &c);
    g->next_side = !side;
    g->next_step_s = t + g->step_s * (1 + cfg->stride_cv * gsl_ran_gaussian(g->rng, 1.0));
    if (!in_bout(g, g->next_step_s)) { /* a rest: the next bout starts with the next period */
        double period = cfg->bout_s + cfg->rest_s, since = g->next_step_s - FIRST_STEP_S;
        g->next_step_s = FIRST_STEP_S + ceil(since / period) * period;
    }
}

static void zone_forces(const generator *g, const contact_plan *c, double t, double *heel,
                        double *forefoot)
{
    *heel = *forefoot = 0;
    if (c->duration_s <= 0 || t < c->start_s || t > c->start_s + c->duration_s) return;
    double u = (t - c->start_s) / c->duration_s;
    if (u <= g->heel_end) *heel = c->heel_peak_N * sin(M_PI * u / g->heel_end);
    if (u >= g->forefoot_start)
        *forefoot =
            c->forefoot_peak_N * sin(M_PI * (u - g->forefoot_start) / (1 - g->forefoot_start));
}

/* The shanks' channels beside foot IMUs (with_shanks), after the feet's 12. */
static int shank_channel_count(const simulate_config *cfg)
{
    return cfg->sensor == SIMULATE_FOOT && cfg->with_shanks ? 12 : 0;
}

/* Channels of the inertial sensors alone (0 for insoles only). */
static int imu_channel_count(const simulate_config *cfg)
{
    switch (cfg->sensor) {
    case SIMULATE_SACRUM:
        return 6;
    case SIMULATE_SACRUM_ACC:
        return 3;
    case SIMULATE_SHANK:
        if (cfg->accel_only) return 6;
        /* fall through */
    case SIMULATE_FOOT: /* a 6-axis IMU per leg (two beside shanks), and the lower back's */
        return 12 + shank_channel_count(cfg) + (cfg->with_sacrum ? 6 : 0);
    default:
        return 0;
    }
}

static int has_insoles(const simulate_config *cfg)
{
    return cfg->sensor == SIMULATE_INSOLE || cfg->with_insoles;
}

/* Insole zones first (when written), then the inertial sensor's axes. */
static int insole_channel_count(const simulate_config *cfg)
{
    return has_insoles(cfg) ? 2 * cfg->zones_per_foot : 0;
}

static int channel_count(const simulate_config *cfg)
{
    return insole_channel_count(cfg) + imu_channel_count(cfg);
}

static double bump(double t, double centre, double sd)
{
    double d = (t - centre) / sd;
    return exp(-0.5 * d * d);
}

/* An accelerometer axis as the sensor reports it: saturated at its range, when it has one. */
static double accel_axis(const simulate_config *cfg, double g)
{
    if (!(cfg->accel_range_g > 0)) return g;
    return g > cfg->accel_range_g    ? cfg->accel_range_g
           : g < -cfg->accel_range_g ? -cfg->accel_range_g
                                     : g;
}

#define SHANK_RADIUS_M 0.30  /* from the knee to a shank sensor */
#define SHANK_IMPACT_S 0.010 /* the tibial shock tops this long after initial contact */

/* The tibial shock's shape, 1 at its top, at time since_s after initial contact: x e^(1 - x) with
 * x = since_s / SHANK_IMPACT_S, rising steepest at the contact itself and nothing before it.
 * (Until 0.19.0 a Gaussian of 8 ms SD about the same top, which rose before the foot landed.) */
static double impact(double since_s)
{
    double x = since_s / SHANK_IMPACT_S;
    return x > 0 ? x * exp(1 - x) : 0;
}

/* Whether either foot is on the ground at time t. */
static int any_foot_down(const generator *g, double t)
{
    for (int side = 0; side < 2; side++) {
        const contact_plan *plans[2] = {&g->feet[side].current, &g->feet[side].next};
        for (int k = 0; k < 2; k++)
            if (plans[k]->duration_s > 0 && t >= plans[k]->start_s &&
                t <= plans[k]->start_s + plans[k]->duration_s)
                return 1;
    }
    return 0;
}

/* Shank sensors' frame (simulate.h): per leg, from its current and next contact. */
static void shank_frame(generator *g, double t, double *out)
{
    const simulate_config *cfg = &g->config;
    for (int side = 0; side < 2; side++) {
        const contact_plan *now = &g->feet[side].current, *next = &g->feet[side].next;
        double rate = 0, axial = 1.0, shock = cfg->running ? 8.0 : 3.0;
        const contact_plan *plans[2] = {now, next};
        for (int k = 0; k < 2; k++) {
            if (plans[k]->duration_s <= 0) continue;
            double ic = plans[k]->start_s, to = ic + plans[k]->duration_s;
            rate -= 300 * (bump(t, ic, 0.010) + bump(t, to, 0.010));
            axial += shock * impact(t - ic);
        }
        /* the swing between a toe-off and the same leg's next contact: the landing planned
         * (g->next_step_s, once the other foot has landed) or else a stride after the last
         * contact. A landing planned mid-swing stretches or shrinks the lobe's rest, so with
         * varying steps the lobe ends at the landing and the contact's dip is drawn whole. */
        const contact_plan *last = next->duration_s > 0 && t >= next->start_s ? next : now;
        double swing_start = last->start_s + last->duration_s;
        double nominal_end = swing_start + 2 * g->step_s - last->duration_s;
        double swing_end = last == now && next->duration_s > 0                    ? next->start_s
                           : g->next_side == side && g->next_step_s > swing_start ? g->next_step_s
                                                                                  : nominal_end;
        if (swing_end - swing_start > 2 * g->step_s) /* the last swing of a bout */
            swing_end = nominal_end;
        double swing_rate = 0;
        if (last->duration_s > 0 && t > swing_start && t < swing_end)
            swing_rate = 400 * sin(M_PI * (t - swing_start) / (swing_end - swing_start));
        rate += swing_rate;
        /* the swing turns the shank about the knee: the axis reads its centripetal acceleration,
         * w^2 r towards the knee (1.5 g at 400 deg/s); running, gravity leaves the reading in
         * flight, as the whole body falls freely */
        double swing_rad_s = swing_rate * M_PI / 180.0;
        axial += swing_rad_s * swing_rad_s * SHANK_RADIUS_M / STANDARD_GRAVITY;
        if (cfg->running && in_bout(g, t) && !any_foot_down(g, t)) axial -= 1.0;
        double noise = cfg->noise_N / 1000.0, *axes = out + 6 * side;
        axes[0] = accel_axis(cfg, axial + noise * gsl_ran_gaussian(g->rng, 1.0));
        axes[1] = accel_axis(cfg, noise * gsl_ran_gaussian(g->rng, 1.0));
        axes[2] = accel_axis(cfg, noise * gsl_ran_gaussian(g->rng, 1.0));
        axes[3] = 50 * noise * gsl_ran_gaussian(g->rng, 1.0);
        axes[4] = rate + 50 * noise * gsl_ran_gaussian(g->rng, 1.0);
        axes[5] = 50 * noise * gsl_ran_gaussian(g->rng, 1.0);
    }
}

#define SIDEWAYS_G                                                                                 \
    0.1 /* the trunk's sideways push in stance: the mobgap walks swing about ±0.14 g */
/* the trunk's forward acceleration, braking then propulsion: its amplitude over a walking step
 * and over a running stance, g */
#define BRAKING_WALK_G 0.1
#define BRAKING_RUN_G 0.25

/* The trunk's forward acceleration at time t (g), world frame: the ground's braking then
 * propulsive push, a full sine period starting negative over each walking step (the trunk is
 * slowest at mid-stance, inverted-pendulum-like) or over each running stance (zero in flight). */
static double forward_push(const generator *g, double t, double latest)
{
    const simulate_config *cfg = &g->config;
    if (!cfg->running) {
        double phase = (t - latest) / g->step_s;
        return isfinite(latest) && phase < 1 ? -BRAKING_WALK_G * sin(2 * M_PI * phase) : 0;
    }
    double push = 0;
    for (int side = 0; side < 2; side++) {
        const contact_plan *plans[2] = {&g->feet[side].current, &g->feet[side].next};
        for (int k = 0; k < 2; k++) {
            double u = (t - plans[k]->start_s) / plans[k]->duration_s;
            if (plans[k]->duration_s > 0 && u >= 0 && u <= 1)
                push -= BRAKING_RUN_G * sin(2 * M_PI * u);
        }
    }
    return push;
}

/* The sensor turned by yaw_deg about its x axis (up, before the tilt): y and z rotate. */
static void turn_about_x(const simulate_config *cfg, double *y, double *z)
{
    double turn = cfg->yaw_deg * M_PI / 180.0, c = cos(turn), s = sin(turn);
    double turned_y = c * *y + s * *z, turned_z = -s * *y + c * *z;
    *y = turned_y;
    *z = turned_z;
}

/* Whether the other foot lands during contact c of foot `side`, so that c ends a double support
 * (not so for the last contact of a bout: the walker stops on it). */
static int ends_double_support(const generator *g, int side, const contact_plan *c)
{
    const foot_plan *other = &g->feet[!side];
    const contact_plan *plans[2] = {&other->current, &other->next};
    for (int k = 0; k < 2; k++)
        if (plans[k]->duration_s > 0 && plans[k]->start_s > c->start_s &&
            plans[k]->start_s < c->start_s + c->duration_s)
            return 1;
    return 0;
}

/* A sacrum sensor's frame (simulate.h): pulses at the initial contacts of both feet. x points up,
 * y to the right and z forward (right-handed), before the forward tilt about y. */
static void sacrum_frame(generator *g, double t, double *out)
{
    const simulate_config *cfg = &g->config;
    /* standing or seated (1 g) outside bouts; running reads 0 g in flight */
    double vertical = cfg->running && in_bout(g, t) ? 0 : 1.0, latest = -INFINITY;
    double sideways = 0; /* towards the right, g */
    int latest_side = 0;
    for (int side = 0; side < 2; side++) {
        const contact_plan *plans[2] = {&g->feet[side].current, &g->feet[side].next};
        for (int k = 0; k < 2; k++) {
            const contact_plan *c = plans[k];
            if (c->duration_s <= 0) continue;
            /* the foot in stance pushes the trunk towards the other side: a half-sine of
             * SIDEWAYS_G over the stance, to the right while the left foot (side 0) is down */
            double stance = (t - c->start_s) / c->duration_s;
            if (stance >= 0 && stance <= 1)
                sideways += (side == 0 ? 1 : -1) * SIDEWAYS_G * sin(M_PI * stance);
            if (cfg->running) {
                /* free fall in flight (the accelerometer reads 0 g), a half-sine in stance whose
                 * area keeps the mean at 1 g: peak = pi * step / (2 * contact) */
                double u = (t - c->start_s) / c->duration_s;
                if (u >= 0 && u <= 1)
                    vertical += M_PI * g->step_s / (2 * c->duration_s) * sin(M_PI * u);
            } else { /* braking peaks in loading response: steepest at the contact; a second,
                      * smaller peak as the foot leaves the ground after the other has landed
                      * (detect.h, final contacts) */
                double d = (t - c->start_s - WALK_PULSE_S) / WALK_PULSE_S;
                double off = (t - c->start_s - c->duration_s) / TOE_OFF_BUMP_S;
                vertical += 0.4 * exp(-0.5 * d * d);
                if (fabs(off) < 5 && ends_double_support(g, side, c))
                    vertical += TOE_OFF_BUMP_G * exp(-0.5 * off * off);
            }
            if (c->start_s <= t && c->start_s > latest) latest = c->start_s, latest_side = side;
        }
    }
    if (!cfg->running) { /* the next step, not planned yet, already shows in the pulse's rise */
        double upcoming = (t - g->next_step_s - WALK_PULSE_S) / WALK_PULSE_S;
        vertical += 0.4 * exp(-0.5 * upcoming * upcoming);
    }
    /* the trunk's yaw rate swings with the steps: -20 deg/s at a left contact, +20 at a right one
     */
    double since = t - latest;
    double yaw = isfinite(latest) && since < 1.5 * g->step_s
                     ? (latest_side ? 20.0 : -20.0) * cos(M_PI * since / g->step_s)
                     : 0;
    double tilt_rate;
    double tilt = (cfg->tilt_deg + posture(g, t, &tilt_rate)) * M_PI / 180.0;
    double noise_g = cfg->noise_N / 1000.0, forward = forward_push(g, t, latest);
    /* pitched forward by tilt: gravity's reaction leans onto -z, the forward push onto +x */
    double x = vertical * cos(tilt) + forward * sin(tilt), y = sideways;
    double z = -vertical * sin(tilt) + forward * cos(tilt);
    turn_about_x(cfg, &y, &z);
    out[0] = accel_axis(cfg, x + noise_g * gsl_ran_gaussian(g->rng, 1.0));
    out[1] = accel_axis(cfg, y + noise_g * gsl_ran_gaussian(g->rng, 1.0));
    out[2] = accel_axis(cfg, z + noise_g * gsl_ran_gaussian(g->rng, 1.0));
    if (cfg->sensor == SIMULATE_SACRUM || cfg->with_sacrum) {
        out[3] = yaw * cos(tilt);
        /* a change of posture turns the sensor about y: gravity (cos, 0, -sin of the tilt)
         * changes by -w x g, so w_y = -d(tilt)/dt (condition.c, turn_with_gyro) */
        out[4] = -tilt_rate;
        out[5] = -yaw * sin(tilt);
        turn_about_x(cfg, &out[4], &out[5]);
    }
}

/* The insoles' zone forces at time t into out; returns 0 when the frame is a dropout row. */
static int insole_frame(generator *g, double t, double *out)
{
    const simulate_config *cfg = &g->config;
    if (cfg->dropouts_per_min > 0 && t >= g->dropout_until_s &&
        gsl_rng_uniform(g->rng) < cfg->dropouts_per_min / 60.0 / cfg->sample_rate_hz)
        g->dropout_until_s = t + DROPOUT_S;
    int dropout = t < g->dropout_until_s;
    double offset = cfg->baseline_drift_N * sin(2 * M_PI * t / 300.0);
    for (int side = 0; side < 2; side++) {
        double heel = 0, forefoot = 0, h, f;
        zone_forces(g, &g->feet[side].current, t, &h, &f);
        heel += h, forefoot += f;
        zone_forces(g, &g->feet[side].next, t, &h, &f);
        heel += h, forefoot += f;
        double zones[MAX_ZONES];
        if (cfg->zones_per_foot == 4) {
            zones[0] = heel, zones[1] = 0.2 * forefoot, zones[2] = 0.6 * forefoot,
            zones[3] = 0.2 * forefoot;
        } else {
            zones[0] = heel, zones[1] = forefoot;
        }
        for (int z = 0; z < cfg->zones_per_foot; z++) {
            double x = zones[z] + offset / cfg->zones_per_foot +
                       cfg->noise_N * gsl_ran_gaussian(g->rng, 1.0);
            if (cfg->clip_N > 0 && x > cfg->clip_N) x = cfg->clip_N;
            out[side * cfg->zones_per_foot + z] = dropout ? 0 : x;
        }
    }
    return !dropout;
}

/* The push-off peak falls to zero over FOOT_FALL_S as cos^2, and the toes leave the ground a
 * third of the way down, where the rate has fallen to 3/4 of the peak: on gaitmap's real walk the
 * peak came 5 ms before the motion-capture toe-off, the fall through 3/4 of it 3 ms after and the
 * zero crossing 20 ms after (until 0.18.0 the peak was the toe-off here). */
#define FOOT_FALL_S 0.03
#define FOOT_PEAK_LEAD_S (FOOT_FALL_S / 3)
#define FOOT_ROCKER_S 0.15 /* the heel-rocker bump after initial contact */
#define FOOT_CLEARANCE_M 0.10

/* A foot sensor's motion at time t (simulate.h): its pitch rate (deg/s), pitch (deg, positive
 * with the toes down) and acceleration forward and up (m/s2, gravity left out), from its latest
 * contact and its landing: g->next_step_s when this foot steps next, else a stride after the
 * latest contact. The pitch is the exact integral of the rate, and the swing's lobe is sized so
 * that the foot lands toes up by as much as the heel rocker then turns it down (flat in
 * mid-stance): the accelerometer and gyroscope tell one consistent motion, which zero-velocity
 * updates can follow. */
typedef struct foot_motion {
    double rate_dps, pitch_deg, forward_m_s2, up_m_s2;
} foot_motion;

static foot_motion foot_motion_at(const generator *g, int side, double t)
{
    const simulate_config *cfg = &g->config;
    const contact_plan *c = &g->feet[side].next;
    /* shaped after the gaitmap example's shoe IMUs (walking: about +590 and +310 deg/s) */
    double push = cfg->running ? 800 : 550, rocker = cfg->running ? 400 : 300;
    double rocker_turn = rocker * FOOT_ROCKER_S * 2 / M_PI; /* deg: a whole rocker bump */
    foot_motion m = {0, -rocker_turn, 0, 0};                /* before the first step: toes up */
    if (c->duration_s <= 0 || t < c->start_s) return m;
    double heel_off = c->start_s + g->heel_end * c->duration_s,
           toe_off = c->start_s + c->duration_s;
    /* the rocker, cut short where the heel lifts first (running) */
    double rocker_end = fmin(c->start_s + FOOT_ROCKER_S, heel_off);
    double u = (fmin(t, rocker_end) - c->start_s) / FOOT_ROCKER_S;
    m.pitch_deg = -rocker_turn + rocker * FOOT_ROCKER_S / M_PI * (1 - cos(M_PI * u));
    if (t < rocker_end) {
        m.rate_dps = rocker * sin(M_PI * u);
        return m;
    }
    if (t < heel_off) return m;
    /* push-off: the rate rises as sin^3 (most of it late) to its peak just before toe-off, so
     * the pitch at toe-off stays short of what the swing then has to undo faster than the push
     * turned it */
    double peak = fmax(toe_off - FOOT_PEAK_LEAD_S, 0.5 * (heel_off + toe_off));
    double push_s = peak - heel_off, v = fmin(t - heel_off, push_s) / push_s;
    double cosine = cos(0.5 * M_PI * v), sine = sin(0.5 * M_PI * v);
    m.pitch_deg += push * push_s * 2 / M_PI * (2.0 / 3 - cosine + cosine * cosine * cosine / 3);
    if (t <= peak) {
        m.rate_dps = push * sine * sine * sine;
        return m;
    }
    double w = fmin(t - peak, FOOT_FALL_S) / FOOT_FALL_S;
    m.pitch_deg += push * FOOT_FALL_S * (0.5 * w + sin(M_PI * w) / (2 * M_PI));
    if (t <= toe_off) { /* the foot is still on the ground: no travel yet */
        m.rate_dps = push * pow(cos(0.5 * M_PI * w), 2);
        return m;
    }
    double landing = g->next_side == side ? g->next_step_s : c->start_s + 2 * g->step_s;
    /* the swing, from toe-off to landing: forward by the stride, up and down by the clearance.
     * Running, the landing is planned only when the other foot lands, mid-swing, so the travel
     * takes a time known at toe-off instead, short enough (3 SD of the step time) to end before
     * nearly any landing; the foot then waits in the air, still, and the accelerometer tells the
     * same stride whatever the landing turns out to be. Walking, the other foot landed in this
     * foot's stance and the landing was known at toe-off. */
    const contact_plan *other = &g->feet[!side].next;
    int planned = other->start_s > c->start_s && other->start_s <= toe_off;
    double travel_end = planned ? landing : c->start_s + 2 * g->step_s * (1 - 3 * cfg->stride_cv);
    double flight = travel_end - toe_off, x = fmin(t - toe_off, flight) / flight;
    double stride_m = cfg->running ? SIMULATE_FOOT_STRIDE_RUN_M : SIMULATE_FOOT_STRIDE_WALK_M;
    if (x < 1) {
        m.forward_m_s2 = stride_m * 2 * M_PI / (flight * flight) * sin(2 * M_PI * x);
        m.up_m_s2 = FOOT_CLEARANCE_M * 2 * M_PI * M_PI / (flight * flight) * cos(2 * M_PI * x);
    }
    if (t <= peak + FOOT_FALL_S) {
        m.rate_dps = push * pow(cos(0.5 * M_PI * w), 2);
        return m;
    }
    /* a half-sine lobe down to landing, toes up by one rocker turn */
    double start = peak + FOOT_FALL_S, swing_s = landing - start;
    double lobe = -(m.pitch_deg + rocker_turn) * M_PI / (2 * swing_s);
    double y = fmin(t - start, swing_s) / swing_s;
    m.pitch_deg += lobe * swing_s / M_PI * (1 - cos(M_PI * y));
    m.rate_dps = y < 1 ? lobe * sin(M_PI * y) : 0; /* after it, the last step of a bout rests */
    return m;
}

/* Foot sensors' frame (simulate.h): per foot, acc x, y, z then gyro x, y, z; the accelerometer
 * reads the motion's acceleration and gravity, both turned into the pitched sensor's axes. */
static void foot_frame(generator *g, double t, double *out)
{
    const simulate_config *cfg = &g->config;
    double noise = cfg->noise_N / 1000.0;
    for (int side = 0; side < 2; side++) {
        double *axes = out + 6 * side;
        foot_motion m = foot_motion_at(g, side, t);
        double pitch = m.pitch_deg * M_PI / 180, c = cos(pitch), s = sin(pitch);
        double forward = m.forward_m_s2 / STANDARD_GRAVITY, up = 1 + m.up_m_s2 / STANDARD_GRAVITY;
        axes[0] = accel_axis(cfg, c * forward - s * up + noise * gsl_ran_gaussian(g->rng, 1.0));
        axes[1] = accel_axis(cfg, noise * gsl_ran_gaussian(g->rng, 1.0));
        axes[2] = accel_axis(cfg, s * forward + c * up + noise * gsl_ran_gaussian(g->rng, 1.0));
        axes[3] = 50 * noise * gsl_ran_gaussian(g->rng, 1.0);
        axes[4] = m.rate_dps + 50 * noise * gsl_ran_gaussian(g->rng, 1.0);
        axes[5] = 50 * noise * gsl_ran_gaussian(g->rng, 1.0);
    }
}

/* One frame at time t: zone forces in newtons, then an inertial sensor's axes; returns 0 when the
 * frame is a dropout row (insoles only drop out). */
static int frame_at(generator *g, double t, double *out)
{
    const simulate_config *cfg = &g->config;
    while (t >= g->next_step_s)
        plan_step(g);
    int kept = has_insoles(cfg) ? insole_frame(g, t, out) : 1;
    double *imu = out + insole_channel_count(cfg);
    if (cfg->sensor == SIMULATE_SHANK && cfg->accel_only) { /* each leg's accelerometer */
        double both[12];
        shank_frame(g, t, both);
        memcpy(imu, both, 3 * sizeof *imu);
        memcpy(imu + 3, both + 6, 3 * sizeof *imu);
    } else if (cfg->sensor == SIMULATE_SHANK)
        shank_frame(g, t, imu);
    else if (cfg->sensor == SIMULATE_FOOT)
        foot_frame(g, t, imu);
    else if (cfg->sensor != SIMULATE_INSOLE)
        sacrum_frame(g, t, imu);
    if (shank_channel_count(cfg)) shank_frame(g, t, imu + 12);
    if (cfg->with_sacrum) sacrum_frame(g, t, imu + 12 + shank_channel_count(cfg));
    return kept;
}

static const char *zone_name(int zones, int z)
{
    static const char *two[] = {"heel", "forefoot"};
    static const char *four[] = {"heel", "midfoot", "forefoot", "toe"};
    return zones == 4 ? four[z] : two[z];
}

/* What inertial channel c (counted from the first after the insoles) is. */
typedef struct imu_channel {
    int lower_back; /* the sacrum's sensor; else a leg's */
    int right;      /* a leg's side */
    int gyro;       /* angular velocity in deg/s; else acceleration in g */
    int axis;       /* 0, 1, 2: x, y, z */
    const char *placement;
} imu_channel;

static imu_channel imu_channel_of(const simulate_config *cfg, int c)
{
    imu_channel ch = {0};
    ch.axis = c % 3;
    if (cfg->sensor == SIMULATE_SHANK && cfg->accel_only) { /* left x y z, right x y z */
        ch.right = c >= 3;
        ch.placement = "shank";
        return ch;
    }
    /* acc x, y, z, gyro x, y, z: one sensor on the sacrum, or one per leg (two beside shanks),
     * then the lower back's */
    ch.lower_back = cfg->sensor == SIMULATE_SACRUM || cfg->sensor == SIMULATE_SACRUM_ACC ||
                    c >= 12 + shank_channel_count(cfg);
    ch.right = !ch.lower_back && c % 12 >= 6;
    ch.gyro = c % 6 >= 3;
    ch.placement = ch.lower_back                              ? "sacrum"
                   : cfg->sensor == SIMULATE_SHANK || c >= 12 ? "shank"
                                                              : "foot";
    return ch;
}

static int write_map(const simulate_config *cfg, const char *stem, int kind, double full_scale,
                     gb_error *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "athlete", json_string(cfg->athlete));
    json_object_set_new(root, "session", json_string(cfg->session));
    json_object_set_new(root, "activity", json_string(cfg->running ? "run" : "walk"));
    json_object_set_new(root, "body_mass_kg", json_real(cfg->body_mass_kg));
    if (kind == OUT_CSV) {
        json_object_set_new(root, "time_column", json_integer(0));
        json_object_set_new(root, "time_unit", json_string("s"));
    }
    int sacrum = cfg->sensor == SIMULATE_SACRUM || cfg->sensor == SIMULATE_SACRUM_ACC;
    /* standing still before the first step: the pitch's reference; a sensor turned about its up
     * axis has no axis pointing forward, so gaitbatch learns the way and there is no pitch */
    if ((sacrum || cfg->with_sacrum) && cfg->yaw_deg == 0) {
        json_object_set_new(root, "forward_axis", json_string("z"));
        json_object_set_new(root, "standing_s", json_pack("[f, f]", 0.0, 0.9 * FIRST_STEP_S));
    }
    json_t *channels = json_array();
    int first_imu = insole_channel_count(cfg);
    for (int c = 0; c < imu_channel_count(cfg); c++) {
        static const char *const axes[] = {"x", "y", "z"};
        imu_channel what = imu_channel_of(cfg, c);
        json_t *ch = json_object();
        json_object_set_new(ch, "index", json_integer(first_imu + c));
        json_object_set_new(ch, "side", json_string(what.right ? "right" : "left"));
        json_object_set_new(ch, "quantity",
                            json_string(what.gyro ? "angular_velocity" : "acceleration"));
        json_object_set_new(ch, "axis", json_string(axes[what.axis]));
        json_object_set_new(ch, "placement", json_string(what.placement));
        json_object_set_new(ch, "unit", json_string(what.gyro ? "deg/s" : "g"));
        json_array_append_new(channels, ch);
    }
    for (int side = 0; has_insoles(cfg) && side < 2; side++)
        for (int z = 0; z < cfg->zones_per_foot; z++) {
            json_t *ch = json_object();
            json_object_set_new(ch, "index", json_integer(side * cfg->zones_per_foot + z));
            json_object_set_new(ch, "side", json_string(side ? "right" : "left"));
            json_object_set_new(ch, "quantity", json_string("force"));
            json_object_set_new(ch, "location", json_string(zone_name(cfg->zones_per_foot, z)));
            json_object_set_new(ch, "unit", json_string("N"));
            json_object_set_new(ch, "scale", json_real(kind == OUT_FLAC ? full_scale : 1.0));
            json_array_append_new(channels, ch);
        }
    json_object_set_new(root, "channels", channels);
    char path[1100];
    snprintf(path, sizeof path, "%s.json", stem);
    int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return rc ? gb_error_set(err, GB_E_IO, "%s: cannot write the channel map", path) : 0;
}

static int output_kind(const char *path, int *kind, gb_error *err)
{
    const char *dot = strrchr(path, '.');
    static const struct {
        const char *extension;
        int kind;
    } kinds[] = {{".flac", OUT_FLAC}, {".wav", OUT_WAV}, {".csv", OUT_CSV}, {".hea", OUT_WFDB}};
    for (size_t i = 0; dot && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcasecmp(dot, kinds[i].extension) == 0) {
            *kind = kinds[i].kind;
            return 0;
        }
    return gb_error_set(err, GB_E_ARG, "%s: simulate writes .flac, .wav, .csv or .hea (WFDB)",
                        path);
}

typedef struct sink {
    int kind, channels;
    int decimals; /* text: 2 for newtons; inertial sensors need 4 (0.0001 g, a real ADC's step) */
    SNDFILE *audio;
    FILE *text;
    double full_scale;
} sink;

static int sink_open(sink *s, const simulate_config *cfg, const char *path, const char *stem,
                     gb_error *err)
{
    if (s->kind == OUT_FLAC || s->kind == OUT_WAV) {
        SF_INFO info = {0};
        info.samplerate = (int)lround(cfg->sample_rate_hz);
        info.channels = s->channels;
        info.format = s->kind == OUT_FLAC ? SF_FORMAT_FLAC | SF_FORMAT_PCM_16
                                          : SF_FORMAT_WAV | SF_FORMAT_FLOAT;
        s->audio = sf_open(path, SFM_WRITE, &info);
        if (!s->audio)
            return gb_error_set(err, GB_E_IO, "%s: cannot write: %s", path, sf_strerror(NULL));
        sf_command(s->audio, SFC_SET_CLIPPING, NULL, SF_TRUE);
        /* no PEAK chunk: it stamps the time of writing, and a seed should give the same file */
        sf_command(s->audio, SFC_SET_ADD_PEAK_CHUNK, NULL, SF_FALSE);
        return 0;
    }
    char data_path[1100];
    snprintf(data_path, sizeof data_path, "%s%s", s->kind == OUT_CSV ? path : stem,
             s->kind == OUT_CSV ? "" : ".dat");
    s->text = fopen(data_path, s->kind == OUT_CSV ? "w" : "wb");
    if (!s->text)
        return gb_error_set(err, GB_E_IO, "%s: cannot write: %s", data_path, strerror(errno));
    if (s->kind == OUT_CSV) {
        fprintf(s->text, "# gaitbatch simulate: %s%s%s%s\ntime_s",
                cfg->with_insoles ? "zone forces in newtons, then " : "",
                cfg->sensor == SIMULATE_INSOLE                     ? "zone forces in newtons"
                : cfg->sensor == SIMULATE_SHANK && cfg->accel_only ? "shank accelerometers, g"
                : cfg->sensor == SIMULATE_SHANK                    ? "shank sensors, g and deg/s"
                : cfg->sensor == SIMULATE_FOOT                     ? "foot sensors, g and deg/s"
                                                                   : "sacrum sensor, g and deg/s",
                shank_channel_count(cfg) ? ", then shank sensors" : "",
                cfg->with_sacrum ? ", then a sacrum sensor" : "");
        for (int side = 0; has_insoles(cfg) && side < 2; side++)
            for (int z = 0; z < cfg->zones_per_foot; z++)
                fprintf(s->text, ",%s_%s_N", side ? "right" : "left",
                        zone_name(cfg->zones_per_foot, z));
        /* named as inspect's template reads them: side, placement, quantity, axis; a lower-back
         * sensor alone has neither */
        int back_alone = cfg->sensor == SIMULATE_SACRUM || cfg->sensor == SIMULATE_SACRUM_ACC;
        for (int c = 0; c < imu_channel_count(cfg); c++) {
            imu_channel what = imu_channel_of(cfg, c);
            fprintf(s->text, ",%s%s%s%s_%c",
                    back_alone        ? ""
                    : what.lower_back ? "back_"
                    : what.right      ? "right_"
                                      : "left_",
                    what.lower_back ? "" : what.placement, what.lower_back ? "" : "_",
                    what.gyro ? "gyr" : "acc", "xyz"[what.axis]);
        }
        fprintf(s->text, "\n");
    }
    return 0;
}

static int sink_write(sink *s, const double *frames, const int *kept, const double *times, long n,
                      gb_error *err)
{
    if (s->audio) {
        double scaled[BLOCK * MAX_CHANNELS];
        for (long i = 0; i < n * s->channels; i++)
            scaled[i] = s->kind == OUT_FLAC ? frames[i] / s->full_scale : frames[i];
        if (sf_writef_double(s->audio, scaled, n) != n)
            return gb_error_set(err, GB_E_IO, "writing audio failed: %s", sf_strerror(s->audio));
        return 0;
    }
    for (long i = 0; i < n; i++) {
        const double *f = frames + i * s->channels;
        if (s->kind == OUT_CSV) {
            if (!kept[i]) continue;
            fprintf(s->text, "%.5f", times[i]);
            for (int c = 0; c < s->channels; c++)
                fprintf(s->text, ",%.*f", s->decimals, f[c]);
            fprintf(s->text, "\n");
        } else {
            for (int c = 0; c < s->channels; c++) {
                long v = lround(f[c] * WFDB_GAIN);
                if (v > 32767) v = 32767;
                if (v < -32767) v = -32767;           /* -32768 means invalid in format 16 */
                uint16_t bits = (uint16_t)(int16_t)v; /* two's complement, little-endian */
                unsigned char b[2] = {(unsigned char)(bits & 0xff), (unsigned char)(bits >> 8)};
                fwrite(b, 1, 2, s->text);
            }
        }
    }
    return ferror(s->text) ? gb_error_set(err, GB_E_IO, "writing failed: %s", strerror(errno)) : 0;
}

static int write_wfdb_header(const simulate_config *cfg, const char *path, const char *stem,
                             long frames, gb_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f) return gb_error_set(err, GB_E_IO, "%s: cannot write: %s", path, strerror(errno));
    const char *base = strrchr(stem, '/') ? strrchr(stem, '/') + 1 : stem;
    int channels = 2 * cfg->zones_per_foot;
    fprintf(f, "%s %d %g %ld\n", base, channels, cfg->sample_rate_hz, frames);
    for (int side = 0; side < 2; side++)
        for (int z = 0; z < cfg->zones_per_foot; z++)
            fprintf(f, "%s.dat 16 %g/N 16 0 0 0 0 %s-foot %s\n", base, WFDB_GAIN,
                    side ? "right" : "left", zone_name(cfg->zones_per_foot, z));
    int failed = fclose(f) != 0;
    return failed ? gb_error_set(err, GB_E_IO, "%s: write failed", path) : 0;
}

/* The settings' ranges, a table: beyond them the output is no gait recording (a noise of 1e300,
 * dropouts that leave no samples) or its sample count would outgrow a long. The zones and seed
 * are whole numbers, checked by the command line. */
static const struct {
    const char *option, *unit;
    size_t offset;
    double min, max;
} setting_ranges[] = {
    {"--rate", " Hz", offsetof(simulate_config, sample_rate_hz), 10, SIMULATE_RATE_MAX_HZ},
    {"--cadence", " steps/min", offsetof(simulate_config, cadence_spm), 20, 400},
    {"--duration", " s", offsetof(simulate_config, duration_s), 0.01, SIMULATE_DURATION_MAX_S},
    {"--mass", " kg", offsetof(simulate_config, body_mass_kg), 1, 500},
    {"--contact-time", " s", offsetof(simulate_config, contact_time_s), 0.05, 2},
    {"--deficit", "", offsetof(simulate_config, pushoff_deficit_right), -0.9, 0.9},
    {"--fatigue", " % per 10 min", offsetof(simulate_config, fatigue_pct_per_10min), -50, 50},
    {"--variability", "", offsetof(simulate_config, stride_cv), 0, 0.3},
    {"--noise", " N", offsetof(simulate_config, noise_N), 0, 10000},
    {"--drift", " N", offsetof(simulate_config, baseline_drift_N), 0, 10000},
    {"--clip", " N", offsetof(simulate_config, clip_N), 0, 100000},
    {"--dropouts", " per min", offsetof(simulate_config, dropouts_per_min), 0, 100},
    {"--heel-off", "", offsetof(simulate_config, heel_off_share), 0, 0.89},
    {"--tilt", " deg", offsetof(simulate_config, tilt_deg), -60, 60},
    {"--recline", " deg", offsetof(simulate_config, recline_deg), -60, 60},
    {"--lean", " deg", offsetof(simulate_config, lean_deg), -30, 30},
    {"--yaw", " deg", offsetof(simulate_config, yaw_deg), -180, 180},
    {"--bout", " s", offsetof(simulate_config, bout_s), 0, SIMULATE_DURATION_MAX_S},
    {"--rest", " s", offsetof(simulate_config, rest_s), 0, SIMULATE_DURATION_MAX_S},
    {"--acc-range", " g", offsetof(simulate_config, accel_range_g), 0, 1000},
};

static int check_settings(const simulate_config *config, gb_error *err)
{
    if (config->zones_per_foot != 2 && config->zones_per_foot != 4)
        return gb_error_set(err, GB_E_ARG, "simulate: --zones is 2 or 4");
    for (size_t i = 0; i < sizeof setting_ranges / sizeof setting_ranges[0]; i++) {
        double value;
        memcpy(&value, (const char *)config + setting_ranges[i].offset, sizeof value);
        if (!(value >= setting_ranges[i].min && value <= setting_ranges[i].max))
            return gb_error_set(err, GB_E_ARG, "simulate: %s %g%s: give %.10g to %.10g%s",
                                setting_ranges[i].option, value, setting_ranges[i].unit,
                                setting_ranges[i].min, setting_ranges[i].max,
                                setting_ranges[i].unit);
    }
    return 0;
}

int simulate_write(const simulate_config *config, const char *path, gb_error *err)
{
    int kind = OUT_FLAC;
    if (output_kind(path, &kind, err)) return err->code;
    if (check_settings(config, err)) return err->code;
    char stem[1024];
    const char *dot = strrchr(path, '.');
    snprintf(stem, sizeof stem, "%.*s", (int)(dot - path), path);
    generator g = {0};
    g.config = *config;
    g.heel_end = config->heel_off_share > 0 ? config->heel_off_share
                 : config->running          ? 0.45
                                            : 0.55;
    g.forefoot_start = config->running ? 0.10 : 0.20;
    g.step_s = 60.0 / config->cadence_spm;
    g.next_step_s = FIRST_STEP_S;
    g.dropout_until_s = -1;
    g.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (config->sensor != SIMULATE_INSOLE && kind != OUT_WAV && kind != OUT_CSV)
        return gb_error_set(err, GB_E_ARG,
                            "%s: a sacrum, shank or foot sensor is written as .wav or .csv", path);
    sink s = {.kind = kind,
              .channels = channel_count(config),
              .decimals = imu_channel_count(config) > 0 ? 4 : 2,
              .full_scale = ceil(4.0 * config->body_mass_kg * STANDARD_GRAVITY / 500.0) * 500.0};
    char truth_path[1100];
    snprintf(truth_path, sizeof truth_path, "%s.truth.csv", stem);
    g.truth = fopen(truth_path, "w");
    int rc = 0;
    if (!g.rng || !g.truth) {
        rc = g.truth ? gb_error_set(err, GB_E_NOMEM, "simulate: out of memory")
                     : gb_error_set(err, GB_E_IO, "%s: cannot write ground truth: %s", truth_path,
                                    strerror(errno));
        goto done;
    }
    gsl_rng_set(g.rng, config->seed);
    fprintf(g.truth, "side,initial_contact_s,toe_off_s,heel_off_s,contact_time_s,pushoff_peak_N,"
                     "pushoff_impulse_Ns\n");
    if ((rc = sink_open(&s, config, path, stem, err)) != 0) goto done;
    long total = (long)llround(config->duration_s * config->sample_rate_hz);
    double frames[BLOCK * MAX_CHANNELS], times[BLOCK];
    int kept[BLOCK];
    for (long start = 0; start < total && rc == 0; start += BLOCK) {
        long n = total - start < BLOCK ? total - start : BLOCK;
        for (long i = 0; i < n; i++) {
            times[i] = (double)(start + i) / config->sample_rate_hz;
            kept[i] = frame_at(&g, times[i], frames + i * s.channels);
        }
        rc = sink_write(&s, frames, kept, times, n, err);
    }
    if (rc == 0) rc = write_map(config, stem, kind, s.full_scale, err);
    if (rc == 0 && kind == OUT_WFDB) rc = write_wfdb_header(config, path, stem, total, err);
done:
    if (s.audio) sf_close(s.audio);
    if (s.text && fclose(s.text) != 0 && rc == 0)
        rc = gb_error_set(err, GB_E_IO, "%s: write failed", path);
    if (g.truth) fclose(g.truth);
    if (g.rng) gsl_rng_free(g.rng);
    return rc;
}
