/* foot_path: the foot's distance over the ground by zero-velocity updates (foot_path.h). */
#include "foot_path.h"

#include <math.h>
#include <stdlib.h>

#include "../common/units.h"

enum { PATH_WAIT, PATH_STILL, PATH_MOVING };

struct foot_path {
    foot_path_config config;
    double dt;
    long still_needed, brief_needed, moving_max; /* samples */
    int state;
    long still_run; /* consecutive samples under the still threshold */
    /* running (foot_path.h): brief is set once FOOT_PATH_MAX_S has gone by without a still
     * stance, and cleared by the next; dip_run counts consecutive samples of a brief stance and
     * dip_sum adds their accelerometer readings, which start the stance's gravity */
    int brief;
    long unsettled, dip_run;
    double dip_sum[3];
    /* still: the accelerometer's sum (m/s2) over the stance so far */
    double still_sum[3];
    long still_count;
    /* moving: orientation (unit quaternion w, x, y, z: sensor to a gravity-aligned frame),
     * gravity's magnitude, velocity, the velocity's running sum (the displacement / dt) */
    double q[4], gravity, velocity[3], displacement[3];
    double last_rate[3]; /* the gyroscope's previous sample (rad/s) */
    /* saturation: each axis's last raw value and how often in a row it came (accelerometer x, y,
     * z, gyroscope x, y, z), and whether the movement under way met a flat run */
    double last_raw[6];
    int repeats[6], saturated;
    long moving;
    double distance_m;
    long swings, left_out, unstill;
    double gravity_sum; /* the stances' gravity (m/s2), over the movements started */
    long gravity_count;
};

foot_path *foot_path_new(const foot_path_config *config, gb_error *err)
{
    foot_path *p = gb_calloc(1, sizeof *p, err);
    if (!p) return NULL;
    p->config = *config;
    p->dt = 1.0 / config->sample_rate_hz;
    p->still_needed = (long)ceil(FOOT_PATH_STILL_S * config->sample_rate_hz);
    p->brief_needed = (long)ceil(FOOT_PATH_BRIEF_S * config->sample_rate_hz);
    p->moving_max = (long)ceil(FOOT_PATH_MAX_S * config->sample_rate_hz);
    p->state = PATH_WAIT;
    p->brief = config->brief_only;
    return p;
}

/* q = q * r (Hamilton product), r in the sensor's frame. */
static void quaternion_turn(double q[4], const double r[4])
{
    double w = q[0] * r[0] - q[1] * r[1] - q[2] * r[2] - q[3] * r[3];
    double x = q[0] * r[1] + q[1] * r[0] + q[2] * r[3] - q[3] * r[2];
    double y = q[0] * r[2] - q[1] * r[3] + q[2] * r[0] + q[3] * r[1];
    double z = q[0] * r[3] + q[1] * r[2] - q[2] * r[1] + q[3] * r[0];
    double norm = sqrt(w * w + x * x + y * y + z * z);
    q[0] = w / norm, q[1] = x / norm, q[2] = y / norm, q[3] = z / norm;
}

/* out = q v q* : v from the sensor's frame into the gravity-aligned one. */
static void quaternion_rotate(const double q[4], const double v[3], double out[3])
{
    /* t = 2 (q_v x v); out = v + w t + q_v x t */
    double t[3] = {2 * (q[2] * v[2] - q[3] * v[1]), 2 * (q[3] * v[0] - q[1] * v[2]),
                   2 * (q[1] * v[1] - q[2] * v[0])};
    out[0] = v[0] + q[0] * t[0] + q[2] * t[2] - q[3] * t[1];
    out[1] = v[1] + q[0] * t[1] + q[3] * t[0] - q[1] * t[2];
    out[2] = v[2] + q[0] * t[2] + q[1] * t[1] - q[2] * t[0];
}

/* The rotation taking the still accelerometer's direction (up) onto z, heading left as it is. */
static void start_moving(foot_path *p)
{
    double *s = p->still_sum, norm = sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
    double up[3] = {s[0] / norm, s[1] / norm, s[2] / norm};
    double axis[3] = {up[1], -up[0], 0}; /* up x z */
    double sine = sqrt(axis[0] * axis[0] + axis[1] * axis[1]), cosine = up[2];
    double angle = atan2(sine, cosine);
    p->q[0] = cos(angle / 2), p->q[3] = 0;
    if (sine > 1e-12)
        p->q[1] = sin(angle / 2) * axis[0] / sine, p->q[2] = sin(angle / 2) * axis[1] / sine;
    else /* up is z, or the sensor lies upside down: half a turn about x */
        p->q[1] = cosine > 0 ? 0 : 1, p->q[2] = 0, p->q[0] = cosine > 0 ? 1 : 0;
    p->gravity = norm / (double)p->still_count;
    p->gravity_sum += p->gravity;
    p->gravity_count++;
    for (int k = 0; k < 3; k++)
        p->velocity[k] = p->displacement[k] = 0;
    p->moving = 0;
    p->saturated = 0;
    p->state = PATH_MOVING;
}

/* One moving sample: the orientation turns by the mean of this and the last gyroscope sample
 * (the turn between the two samples), then the acceleration is turned with it. */
static void integrate(foot_path *p, const double a[3], const double w[3])
{
    double mean[3] = {0.5 * (w[0] + p->last_rate[0]), 0.5 * (w[1] + p->last_rate[1]),
                      0.5 * (w[2] + p->last_rate[2])};
    double angle = sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]) * p->dt;
    if (angle > 0) {
        double s = sin(angle / 2) / angle * p->dt;
        double turn[4] = {cos(angle / 2), mean[0] * s, mean[1] * s, mean[2] * s};
        quaternion_turn(p->q, turn);
    }
    double world[3];
    quaternion_rotate(p->q, a, world);
    world[2] -= p->gravity;
    for (int k = 0; k < 3; k++) {
        p->velocity[k] += world[k] * p->dt;
        p->displacement[k] += p->velocity[k];
    }
    p->moving++;
}

/* A stance begins: its gravity is summed afresh, in a brief stance from its first sample (it may
 * last only a few more). */
static void start_still(foot_path *p)
{
    p->state = PATH_STILL;
    for (int k = 0; k < 3; k++)
        p->still_sum[k] = p->brief ? p->dip_sum[k] : 0;
    p->still_count = p->brief ? p->dip_run : 0;
}

/* The foot is still again: the velocity left over is drift, taken as growing linearly from zero
 * over the movement, so its sum over the n samples is velocity (n + 1) / 2. */
static void stop_moving(foot_path *p)
{
    double n = (double)p->moving, moved[3];
    for (int k = 0; k < 3; k++)
        moved[k] = (p->displacement[k] - p->velocity[k] * (n + 1) / 2) * p->dt;
    if (n * p->dt < FOOT_PATH_MIN_S) {
        /* a shift of the foot on the ground, not a swing */
    } else if (fabs(moved[2]) <= FOOT_PATH_MAX_RISE_M && !p->saturated) {
        p->distance_m += hypot(moved[0], moved[1]);
        p->swings++;
    } else {
        p->left_out++;
        p->unstill += fabs(moved[2]) > FOOT_PATH_WILD_RISE_M;
    }
    start_still(p);
}

/* Whether an axis sits flat beyond what it can measure freely: the same raw value again and
 * again, large (a clipped sensor repeats its range limit). */
static int flat_top(foot_path *p, int axis, double raw, double value, double large)
{
    p->repeats[axis] = raw == p->last_raw[axis] ? p->repeats[axis] + 1 : 1;
    p->last_raw[axis] = raw;
    return p->repeats[axis] >= FOOT_PATH_FLAT_SAMPLES && fabs(value) >= large;
}

/* Which kind of stance the foot is in at this sample: a still one always counts and ends the
 * brief mode; a brief one only counts in it. Returns whether the sample is in the stance that
 * counts, and sets *stance when that stance has lasted long enough. */
static int stance_sample(foot_path *p, const double a[3], double rate, int *stance)
{
    int calm = rate < FOOT_PATH_STILL_DPS * M_PI / 180.0;
    p->still_run = calm ? p->still_run + 1 : 0;
    if (p->still_run >= p->still_needed) {
        p->brief = p->config.brief_only;
        p->unsettled = 0;
    } else if (++p->unsettled > p->moving_max) {
        p->brief = 1;
    }
    int dip = 0;
    if (rate < FOOT_PATH_BRIEF_DPS * M_PI / 180.0) { /* (the magnitude only where it can count) */
        double weight = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        dip = fabs(weight - STANDARD_GRAVITY) < FOOT_PATH_BRIEF_G * STANDARD_GRAVITY;
    }
    if (dip) {
        p->dip_run++;
        for (int k = 0; k < 3; k++)
            p->dip_sum[k] += a[k];
    } else if (p->dip_run > 0) {
        p->dip_run = 0;
        p->dip_sum[0] = p->dip_sum[1] = p->dip_sum[2] = 0;
    }
    *stance = p->brief ? p->dip_run >= p->brief_needed : p->still_run >= p->still_needed;
    return p->brief ? dip : calm;
}

static void step(foot_path *p, const double a[3], const double w[3])
{
    double rate = sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    int stance;
    int quiet = stance_sample(p, a, rate, &stance);
    switch (p->state) {
    case PATH_WAIT:
        if (!stance) break;
        start_still(p);
        if (p->brief) break;          /* this sample is in the brief stance's sum already */
        __attribute__((fallthrough)); /* this sample is still */
    case PATH_STILL:
        if (quiet) {
            for (int k = 0; k < 3; k++)
                p->still_sum[k] += a[k];
            p->still_count++;
            break;
        }
        if (p->still_count == 0) { /* moving again at once: no stance to start from */
            p->state = PATH_WAIT;
            break;
        }
        start_moving(p);
        __attribute__((fallthrough)); /* this sample moves */
    case PATH_MOVING:
        integrate(p, a, w);
        if (stance)
            stop_moving(p);
        else if (p->moving > p->moving_max) { /* no still stance: two swings or more */
            p->left_out++;
            p->unstill++;
            p->state = PATH_WAIT;
        }
        break;
    }
    for (int k = 0; k < 3; k++)
        p->last_rate[k] = w[k];
}

void foot_path_process(foot_path *p, const double *raw, int channels, long n, const long *clipped,
                       long clipped_count, double *distance, int stride)
{
    const foot_path_config *c = &p->config;
    long next_clipped = 0;
    for (long i = 0; i < n; i++) {
        const double *frame = raw + (size_t)i * (size_t)channels;
        double a[3], w[3];
        int gap = 0;
        for (int k = 0; k < 3; k++) {
            a[k] = frame[c->accel[k]] * c->accel_to_m_s2[k] + c->accel_offset_m_s2[k];
            w[k] = frame[c->gyro[k]] * c->gyro_to_rad_s[k];
            gap |= isnan(a[k]) || isnan(w[k]);
        }
        if (gap) {
            if (p->state == PATH_MOVING) p->left_out++;
            p->state = PATH_WAIT;
            p->still_run = p->dip_run = 0;
            p->dip_sum[0] = p->dip_sum[1] = p->dip_sum[2] = 0;
            p->last_rate[0] = p->last_rate[1] = p->last_rate[2] = 0;
            distance[(size_t)i * (size_t)stride] = NAN;
            continue;
        }
        int flat = 0;
        for (int k = 0; k < 3; k++) {
            flat |= flat_top(p, k, frame[c->accel[k]], a[k], FOOT_PATH_FLAT_M_S2);
            flat |= flat_top(p, 3 + k, frame[c->gyro[k]], w[k], FOOT_PATH_FLAT_DPS * M_PI / 180);
        }
        for (; next_clipped < clipped_count && clipped[next_clipped] <= i; next_clipped++)
            flat |= clipped[next_clipped] == i;
        step(p, a, w);
        if (p->state == PATH_MOVING) p->saturated |= flat;
        distance[(size_t)i * (size_t)stride] = p->distance_m;
    }
}

long foot_path_swings(const foot_path *p, long *left_out)
{
    if (left_out) *left_out = p->left_out;
    return p->swings;
}

long foot_path_unstill(const foot_path *p)
{
    return p->unstill;
}

double foot_path_gravity(const foot_path *p)
{
    return p->gravity_count > 0 ? p->gravity_sum / (double)p->gravity_count : NAN;
}

void foot_path_delete(foot_path *p)
{
    free(p);
}
