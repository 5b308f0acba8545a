#include "condition.h"

#include <gsl/gsl_histogram.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "../common/units.h"
#include "../dsp/filter.h"
#include "foot_path.h"
#include "standing.h"
#include "wear.h"

/* Units that convert to newtons; anything else is kept as an arbitrary unit. */
static const struct {
    const char *unit;
    double newtons;
} newton_units[] = {{"N", 1.0},
                    {"kN", 1000.0},
                    {"kg", STANDARD_GRAVITY},
                    {"kgf", STANDARD_GRAVITY},
                    {"lbf", 4.4482216152605}};

typedef struct contribution {
    int channel;
    double scale, offset; /* to the foot's unit */
    int target;           /* COND_* signal it adds to */
    int first;            /* the target's first contribution: it starts the sum */
} contribution;

#define GRAVITY_TIME_S 2.0          /* the gravity direction: a moving average this long */
#define RIGHT_REFRESH_S COND_TICK_S /* the medio-lateral direction is recomputed this often */

/* The sacrum's running gravity estimate and the sums for its means. combine copies it into a local
 * for a block, so the per-sample recurrence stays in registers instead of going through memory
 * that the output stores might alias. */
typedef struct trunk_track {
    double gravity[3];
    double right[3]; /* the unit vector towards the right (forward x up), refreshed ... */
    long right_due;  /* ... when this reaches 0, every right_every samples: up turns slowly */
    double ahead[3]; /* with a forward axis: its horizontal part, up x right, refreshed likewise */
    /* two horizontal unit vectors, refreshed like right: with a forward axis ahead and right,
     * without one those of horizontal_frame, up_axis the sensor axis nearest vertical then ... */
    double across[2][3];
    int up_axis;
    /* ... and their sum over the recording, each frame weighted by the squared vertical
     * acceleration while it was in use (motion_since) if gravity held still meanwhile (as in
     * gait, not while lying down or getting up), and the gravity direction at the last refresh */
    double across_sum[2][3], motion_since, refreshed_up[3];
    double up_sum[3]; /* the gravity direction (up) at each refresh, summed with the same weights */
    int started;
    double gravity_sum;
    long gravity_count;
    /* for the standing finder (without the map's standing_s): the vertical motion's sum since the
     * last refresh (motion_since holds its squares), and whether a sample was missing since */
    double motion_sum;
    int tick_gap;
} trunk_track;

struct condition {
    condition_foot feet[3]; /* indexed by side */
    int kind;
    int raw_channels;
    /* sacrum IMU: channels of each axis, unit factors to g and deg/s, and the gravity estimate */
    int accel[3], gyro[3];
    double accel_scale[3], accel_offset[3], gyro_scale[3];
    char accel_unit[8]; /* the unit the map gives the accelerometer in: "g", "mg" or "m/s2" */
    /* shank IMUs, per side: the pitch gyroscope and the accelerometer axes (-1 when absent) */
    int shank_gyro[3], shank_accel[3][3];
    double shank_gyro_scale[3], shank_accel_scale[3][3];
    /* shank accelerometers alone: their magnitude's distribution, both legs, for its gravity */
    gsl_histogram *shank_magnitudes;
    double gravity_alpha, sample_period_s;
    int forward_axis;
    double forward_sign; /* -1 when the map's forward axis points backwards */
    long right_every;
    trunk_track track;
    /* sacrum without a forward axis: each sensor axis's tilt below the horizontal at each refresh
     * of the frame, weighted like trunk_track.across_sum; binned by its sine (minus the gravity
     * direction's component), which spares an asin per refresh and has the same median */
    gsl_histogram *tilt[3];
    /* ... and the gravity direction at each refresh, for the detector (condition_ticks): those of
     * the last condition_process call, up to tick_capacity */
    condition_tick *ticks;
    long tick_count, tick_capacity;
    int decimation;
    /* foot gyroscopes whose foot has all six axes: the distance it travels (heel slot), by side */
    foot_path *path[3];
    /* with them, the rows their device flagged as clipped and the reader kept, noted ahead of
     * their block (condition_note_clipped; at most max_block: the frames read and not yet
     * conditioned), and those of the block under way as indexes into it */
    int64_t *clipped_ahead;
    long clipped_ahead_count, *clipped_here;
    /* the map's standing window (samples [first, end)) and the sums over it; without one, quiet
     * standing found next to gait (standing.h) */
    standing_finder *standing_finder;
    wear *wear;            /* a lower-back sensor: when it was not worn */
    wear_tick *wear_ticks; /* the ticks of the block under way, for it (wear_capacity) */
    long wear_capacity;
    int wear_failed;
    long standing_first, standing_end, frames_seen;
    double standing_acceleration[3], standing_motion_squares;
    long standing_count;
    int contribution_count;
    contribution contributions[2 * REC_MAX_CHANNELS];
    long max_block;
    double *combined;
    filter *lowpass;
};

static double newton_factor(const char *unit)
{
    for (size_t i = 0; i < sizeof newton_units / sizeof newton_units[0]; i++)
        if (strcmp(unit, newton_units[i].unit) == 0) return newton_units[i].newtons;
    return 0;
}

static int is_force(const channel_role *role)
{
    return role->quantity == QUANTITY_FORCE || role->quantity == QUANTITY_PRESSURE;
}

static int is_foot_pitch(const channel_role *role, const channel_map *map)
{
    return role->quantity == QUANTITY_ANGULAR_VELOCITY && role->placement == PLACEMENT_FOOT &&
           role->axis == map->pitch_axis;
}

static int is_sacrum(const channel_role *role, int quantity)
{
    return role->quantity == quantity && role->placement == PLACEMENT_SACRUM;
}

static int is_shank_pitch(const channel_role *role, const channel_map *map)
{
    return role->quantity == QUANTITY_ANGULAR_VELOCITY && role->placement == PLACEMENT_SHANK &&
           role->axis == map->pitch_axis;
}

typedef struct role_counts {
    int forces, calibrated, foot_gyros, sacrum, shanks, shank_accels;
    int shank_gyros; /* about any axis: none about the pitch axis leaves them unread */
} role_counts;

static role_counts count_roles(const channel_map *map)
{
    role_counts n = {0, 1, 0, 0, 0, 0, 0};
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *role = &map->roles[i];
        if (is_force(role)) {
            n.forces++;
            if (newton_factor(role->unit) == 0) n.calibrated = 0;
        }
        n.foot_gyros += is_foot_pitch(role, map);
        n.sacrum += is_sacrum(role, QUANTITY_ACCELERATION);
        n.shanks += is_shank_pitch(role, map);
        n.shank_accels +=
            role->quantity == QUANTITY_ACCELERATION && role->placement == PLACEMENT_SHANK;
        n.shank_gyros +=
            role->quantity == QUANTITY_ANGULAR_VELOCITY && role->placement == PLACEMENT_SHANK;
    }
    if (n.shanks) n.shank_accels = 0; /* read beside the shanks' gyroscopes */
    return n;
}

/* The shank sensors a map holds: with a gyroscope about the pitch axis, else accelerometers
 * alone, else -1. */
static int shank_kind(role_counts n)
{
    return n.shanks ? SENSOR_SHANK_IMU : n.shank_accels ? SENSOR_SHANK_ACC : -1;
}

/* The inertial kind a map holds, or -1. */
static int imu_kind(role_counts n)
{
    if (n.foot_gyros) return SENSOR_FOOT_GYRO;
    if (shank_kind(n) >= 0) return shank_kind(n);
    return n.sacrum ? SENSOR_SACRUM_IMU : -1;
}

int condition_map_kind(const channel_map *map)
{
    role_counts n = count_roles(map);
    if (n.forces) return n.calibrated ? SENSOR_FORCE_CALIBRATED : SENSOR_FORCE_UNCALIBRATED;
    int imu = imu_kind(n);
    return imu >= 0 ? imu : SENSOR_FORCE_UNCALIBRATED;
}

int condition_map_times_steps(const channel_map *map)
{
    role_counts n = count_roles(map);
    return n.forces > 0 || imu_kind(n) >= 0;
}

int condition_companion_kind(const channel_map *map)
{
    role_counts n = count_roles(map);
    if (n.forces) return imu_kind(n);
    /* shoe IMUs time the contacts; shank IMUs beside them (full-body sets) give the tibial shock
     * and their own contacts, set against the feet's */
    if (n.foot_gyros && shank_kind(n) >= 0) return shank_kind(n);
    /* leg IMUs time the contacts; a lower-back sensor beside them gives the trunk (and its own
     * contacts, set against the legs') */
    if ((n.foot_gyros || shank_kind(n) >= 0) && n.sacrum) return SENSOR_SACRUM_IMU;
    return -1;
}

int condition_trunk_kind(const channel_map *map)
{
    role_counts n = count_roles(map);
    /* the third sensor, when insoles or shoe IMUs and leg IMUs beside them are the first two */
    int shanks = shank_kind(n) >= 0;
    int legs_taken = (n.forces && (n.foot_gyros || shanks)) || (n.foot_gyros && shanks);
    return legs_taken && n.sacrum ? SENSOR_SACRUM_IMU : -1;
}

int condition_shank_kind(const channel_map *map)
{
    role_counts n = count_roles(map);
    return n.forces && n.foot_gyros ? shank_kind(n) : -1;
}

const char *condition_unread_sensor(const channel_map *map)
{
    role_counts n = count_roles(map);
    int main = condition_map_kind(map), companion = condition_companion_kind(map),
        trunk = condition_trunk_kind(map), shank = condition_shank_kind(map);
    static const struct {
        int kind;
        const char *name;
    } inertial[] = {{SENSOR_FOOT_GYRO, "foot gyroscope"},
                    {SENSOR_SHANK_IMU, "shank IMU"},
                    {SENSOR_SHANK_ACC, "shank accelerometer"},
                    {SENSOR_SACRUM_IMU, "lower-back IMU"}};
    int present[] = {n.foot_gyros > 0, n.shanks > 0, n.shank_accels > 0, n.sacrum > 0};
    for (size_t i = 0; i < sizeof inertial / sizeof inertial[0]; i++)
        if (present[i] && inertial[i].kind != main && inertial[i].kind != companion &&
            inertial[i].kind != trunk && inertial[i].kind != shank)
            return inertial[i].name;
    /* shank gyroscopes none of which turns about pitch_axis: the shanks are read by their
     * accelerometers alone (since 0.19.0; until then the map was refused as giving no steps) */
    if (n.shank_gyros && !n.shanks) return "shank gyroscope (none about pitch_axis)";
    return NULL;
}

/* The map's units come as channel_unit_canonical gives them: "g", "mg" or "m/s2", "deg/s" or
 * "rad/s". */
static double to_g(const char *unit)
{
    return strcmp(unit, "m/s2") == 0 ? 1.0 / STANDARD_GRAVITY
           : strcmp(unit, "mg") == 0 ? 1e-3
                                     : 1.0;
}

static double to_deg_per_s(const char *unit)
{
    return strcmp(unit, "rad/s") == 0 ? 180.0 / M_PI : 1.0;
}

/* Foot IMUs: a foot_path for each foot whose sensor has three accelerometer and three gyroscope
 * axes. The scales' signs are left out: a map may turn one gyroscope axis round for the pitch's
 * sign, but the path needs the sensor's own axes, which are right-handed. */
static int setup_foot_paths(condition *c, const channel_map *map, double sample_rate_hz,
                            gb_error *err)
{
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        foot_path_config config = {.sample_rate_hz = sample_rate_hz,
                                   .brief_only = map->foot_brief_stances};
        int axes = 0;
        for (int k = 0; k < 3; k++)
            config.accel[k] = config.gyro[k] = -1;
        for (int i = 0; i < map->role_count; i++) {
            const channel_role *r = &map->roles[i];
            if (r->placement != PLACEMENT_FOOT || r->side != side || r->axis < 0 || r->axis > 2)
                continue;
            if (r->quantity == QUANTITY_ACCELERATION && config.accel[r->axis] < 0) {
                double factor = STANDARD_GRAVITY * to_g(r->unit);
                snprintf(c->accel_unit, sizeof c->accel_unit, "%s", r->unit);
                config.accel[r->axis] = r->index, axes++;
                config.accel_to_m_s2[r->axis] = fabs(r->scale) * factor;
                config.accel_offset_m_s2[r->axis] = (r->scale < 0 ? -1 : 1) * r->offset * factor;
            } else if (r->quantity == QUANTITY_ANGULAR_VELOCITY && config.gyro[r->axis] < 0) {
                config.gyro[r->axis] = r->index, axes++;
                config.gyro_to_rad_s[r->axis] = fabs(r->scale) * to_deg_per_s(r->unit) * M_PI / 180;
            }
        }
        if (axes < 6) continue;
        c->path[side] = foot_path_new(&config, err);
        if (!c->path[side]) return err->code;
    }
    return 0;
}

/* Shank IMUs: each side's pitch gyroscope, and whatever accelerometer axes it has. */
static void setup_shank(condition *c, const channel_map *map)
{
    for (int side = 0; side < 3; side++) {
        c->shank_gyro[side] = -1;
        for (int a = 0; a < 3; a++)
            c->shank_accel[side][a] = -1;
    }
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *r = &map->roles[i];
        if (r->placement != PLACEMENT_SHANK || r->side == SIDE_NONE) continue;
        if (is_shank_pitch(r, map)) {
            c->shank_gyro[r->side] = r->index;
            c->shank_gyro_scale[r->side] = r->scale * to_deg_per_s(r->unit);
            c->feet[r->side].present = 1;
            snprintf(c->feet[r->side].unit, sizeof c->feet[r->side].unit, "deg/s");
        } else if (r->quantity == QUANTITY_ACCELERATION && r->axis >= 0 && r->axis < 3) {
            c->shank_accel[r->side][r->axis] = r->index;
            c->shank_accel_scale[r->side][r->axis] = r->scale * to_g(r->unit);
            snprintf(c->accel_unit, sizeof c->accel_unit, "%s", r->unit);
            if (c->kind != SENSOR_SHANK_ACC) continue;
            c->feet[r->side].present = 1; /* the impacts' signal */
            snprintf(c->feet[r->side].unit, sizeof c->feet[r->side].unit, "g");
        }
    }
}

#define SHANK_MAGNITUDE_MAX_G 20.0 /* the magnitudes' histogram spans 0 to this ... */
#define SHANK_MAGNITUDE_BINS 2000  /* ... in 0.01 g bins */

static void shank_frame(condition *c, const double *frame, double *signals)
{
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        int total = side == SIDE_LEFT ? COND_LEFT_TOTAL : COND_RIGHT_TOTAL;
        int g = c->shank_gyro[side];
        double square = 0;
        int axes = 0;
        for (int a = 0; a < 3; a++) {
            int k = c->shank_accel[side][a];
            if (k < 0) continue;
            double v = frame[k] * c->shank_accel_scale[side][a];
            square += v * v;
            axes++;
        }
        double magnitude = axes ? sqrt(square) : NAN;
        if (c->kind == SENSOR_SHANK_ACC) {
            signals[total] = magnitude;
            signals[total + 1] = NAN;
            /* a gap's NaN is left out here, beyond 20 g by the histogram */
            if (isfinite(magnitude)) gsl_histogram_increment(c->shank_magnitudes, magnitude);
            continue;
        }
        signals[total] = g >= 0 ? frame[g] * c->shank_gyro_scale[side] : NAN;
        signals[total + 1] = magnitude;
    }
}

/* Sacrum IMU: which channel is which axis; three accelerometer axes are needed. */
static int setup_sacrum(condition *c, const channel_map *map, gb_error *err)
{
    for (int a = 0; a < 3; a++)
        c->accel[a] = c->gyro[a] = -1;
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *r = &map->roles[i];
        if (is_sacrum(r, QUANTITY_ACCELERATION)) {
            double factor = to_g(r->unit);
            snprintf(c->accel_unit, sizeof c->accel_unit, "%s", r->unit);
            c->accel[r->axis] = r->index;
            c->accel_scale[r->axis] = r->scale * factor;
            c->accel_offset[r->axis] = r->offset * factor;
        } else if (is_sacrum(r, QUANTITY_ANGULAR_VELOCITY)) {
            c->gyro[r->axis] = r->index;
            c->gyro_scale[r->axis] = r->scale * to_deg_per_s(r->unit);
        }
    }
    if (c->accel[0] < 0 || c->accel[1] < 0 || c->accel[2] < 0)
        return gb_error_set(err, GB_E_MAP,
                            "%s: a sacrum / lower-back sensor needs accelerometer axes x, y and z",
                            map->source);
    c->feet[SIDE_LEFT].present = 1;
    snprintf(c->feet[SIDE_LEFT].unit, sizeof c->feet[SIDE_LEFT].unit, "g");
    return 0;
}

static void cross(const double a[3], const double b[3], double out[3])
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

/* Turns the gravity estimate with the sensor. A direction fixed in the world, seen from a frame
 * turning at w (rad/s), changes by -w x g per second; over one sample the rotation by the angle
 * w dt to second order: g - w x g + (w x (w x g)) / 2. */
static void turn_with_gyro(double gravity[3], const double w_deg_s[3], double dt)
{
    double w[3], first[3], second[3];
    for (int k = 0; k < 3; k++)
        w[k] = w_deg_s[k] * M_PI / 180.0 * dt;
    cross(w, gravity, first);
    cross(w, first, second);
    for (int k = 0; k < 3; k++)
        gravity[k] += -first[k] + 0.5 * second[k];
}

/* The unit vector towards the right (condition.h): forward x up, which is horizontal whatever
 * the forward axis's own tilt, so gravity adds nothing along it. Zero when the forward axis is
 * vertical. */
static void towards_right(int forward, double sign, double gx, double gy, double gz,
                          double right[3])
{
    double axis[3] = {sign * (forward == 0), sign * (forward == 1), sign * (forward == 2)};
    double up[3] = {gx, gy, gz};
    cross(axis, up, right);
    double norm = sqrt(right[0] * right[0] + right[1] * right[1] + right[2] * right[2]);
    for (int k = 0; k < 3; k++)
        right[k] = norm > 0 ? right[k] / norm : 0;
}

#define UP_AXIS_MARGIN 0.1 /* another axis must be this much nearer vertical to become up_axis */

/* The horizontal frame used without a forward axis (trunk_track.across), made from the gravity
 * direction alone, so every upright posture gets the same frame: across[0] is the horizontal part
 * of the axis after the one nearest vertical (y after x, z after y, x after z), which is nearly
 * horizontal itself whenever the body is upright, and across[1] = up x across[0]. A device that
 * started on a table or the wearer lying down makes other frames, but not in gait. */
static void horizontal_frame(trunk_track *t, double gx, double gy, double gz)
{
    double up[3] = {gx, gy, gz}, norm = sqrt(gx * gx + gy * gy + gz * gz);
    for (int k = 0; k < 3; k++)
        up[k] /= norm;
    int nearest = fabs(up[0]) >= fabs(up[1]) && fabs(up[0]) >= fabs(up[2]) ? 0
                  : fabs(up[1]) >= fabs(up[2])                             ? 1
                                                                           : 2;
    if (t->up_axis < 0 || fabs(up[nearest]) > fabs(up[t->up_axis]) + UP_AXIS_MARGIN)
        t->up_axis = nearest;
    int reference = (t->up_axis + 1) % 3;
    double first[3];
    for (int k = 0; k < 3; k++)
        first[k] = (k == reference) - up[reference] * up[k];
    double length = sqrt(first[0] * first[0] + first[1] * first[1] + first[2] * first[2]);
    for (int k = 0; k < 3; k++)
        t->across[0][k] = first[k] / length; /* length >= 1/sqrt(2): reference is not up_axis */
    cross(up, t->across[0], t->across[1]);
}

#define TILT_BINS 2000 /* sines -1 .. 1: about 0.06 deg per bin near level, 0.1 at 55 deg */
#define FRAME_STILL_COS 0.99939 /* gravity turned less than 2 degrees since the last refresh */

/* Adds the frame in use to the sums (trunk_track.across_sum) before it is refreshed. */
static void sum_frame(trunk_track *t, gsl_histogram *const tilt[3], double gx, double gy, double gz)
{
    double norm = sqrt(gx * gx + gy * gy + gz * gz);
    double turned =
        (gx * t->refreshed_up[0] + gy * t->refreshed_up[1] + gz * t->refreshed_up[2]) / norm;
    if (turned > FRAME_STILL_COS)
        for (int k = 0; k < 3; k++) {
            t->across_sum[0][k] += t->motion_since * t->across[0][k];
            t->across_sum[1][k] += t->motion_since * t->across[1][k];
            t->up_sum[k] += t->motion_since * t->refreshed_up[k];
            /* outside [-1, 1) (an axis straight down) it adds nothing */
            if (tilt[k] && t->motion_since > 0)
                gsl_histogram_accumulate(tilt[k], -t->refreshed_up[k], t->motion_since);
        }
    t->motion_since = 0;
    t->refreshed_up[0] = gx / norm, t->refreshed_up[1] = gy / norm, t->refreshed_up[2] = gz / norm;
}

/* A refresh of the horizontal frame at sample i of the block under way: the gravity direction then
 * (up, a unit vector), for the detector's trunk pitch per step (condition_ticks). */
static void note_tick(condition *c, long i, double up_x, double up_y, double up_z)
{
    /* room for a max_block block's ticks, the most condition_process is given: never full */
    if (c->tick_count == c->tick_capacity) return;
    condition_tick *tick = &c->ticks[c->tick_count++];
    tick->frame = (c->frames_seen + i) / c->decimation;
    tick->up[0] = up_x, tick->up[1] = up_y, tick->up[2] = up_z;
}

/* The refresh of the horizontal frame with the map's forward axis, every right_every samples: the
 * unit vector towards the right and the forward axis's horizontal part, from the gravity estimate
 * g (|g| = norm, inverse = 1 / norm), after the frame in use is added to the sums. */
static void refresh_ahead(condition *c, trunk_track *t, const double g[3], double inverse,
                          double right[3], double ahead[3])
{
    double up[3] = {g[0] * inverse, g[1] * inverse, g[2] * inverse};
    towards_right(c->forward_axis, c->forward_sign, g[0], g[1], g[2], right);
    cross(up, right, ahead);
    /* the frame the detector checks the axis in: ahead and right */
    sum_frame(t, c->tilt, g[0], g[1], g[2]);
    memcpy(t->across[0], ahead, 3 * sizeof *ahead);
    memcpy(t->across[1], right, 3 * sizeof *right);
}

/* Vertical acceleration and yaw rate of one frame (condition.h): the gravity estimate follows the
 * accelerometer slowly, sample by sample, so the block size never changes it. With a gyroscope it
 * is a complementary filter: the estimate turns with the gyroscope at each sample, which follows
 * fast trunk rotations (turns, bending), and the slow pull towards the accelerometer corrects the
 * gyroscope's drift (e.g. Mahony et al. 2008, IEEE Trans Autom Control 53:1203, without the
 * integral term). has_gyro and forward_known are constants at each call (sacrum_block), so each
 * of the four loops is compiled without the others' branches: always_inline, since GCC 12 kept a
 * single copy that tested both flags per sample (the 8 h day under callgrind: 1,755.5 -> 1,742.5
 * million instructions). */
static inline __attribute__((always_inline)) void sacrum_samples(condition *c, const double *raw,
                                                                 long count, double *signals,
                                                                 const int has_gyro,
                                                                 const int forward_known)
{
    const int ax = c->accel[0], ay = c->accel[1], az = c->accel[2];
    const int wx = c->gyro[0], wy = c->gyro[1], wz = c->gyro[2];
    const double sx = c->accel_scale[0], sy = c->accel_scale[1], sz = c->accel_scale[2];
    const double ox = c->accel_offset[0], oy = c->accel_offset[1], oz = c->accel_offset[2];
    const double gyro_x = c->gyro_scale[0], gyro_y = c->gyro_scale[1], gyro_z = c->gyro_scale[2];
    const double alpha = c->gravity_alpha, period_s = c->sample_period_s;
    const int forward = c->forward_axis, channels = c->raw_channels;
    const double minus_sign = -c->forward_sign;
    const long right_every = c->right_every;
    trunk_track t = c->track; /* locals: the recurrence stays in registers */
    double gx = t.gravity[0], gy = t.gravity[1], gz = t.gravity[2];
    double rx = t.right[0], ry = t.right[1], rz = t.right[2];
    double hx = t.ahead[0], hy = t.ahead[1], hz = t.ahead[2];
    long right_due = t.right_due;
    /* the running sums and flags too: as members of t, whose address sum_frame takes, each add
     * would wait on the store of the one before */
    double gravity_sum = t.gravity_sum, motion_since = t.motion_since, motion_sum = t.motion_sum;
    long gravity_count = t.gravity_count;
    int started = t.started, tick_gap = t.tick_gap;
    standing_finder *finder = c->standing_finder;
    wear_tick *wear_ticks = c->wear_ticks;
    long wear_count = 0;
    for (long i = 0; i < count; i++) {
        const double *frame = raw + (size_t)i * channels;
        double *out = signals + (size_t)i * COND_SIGNALS;
        double a0 = frame[ax] * sx + ox, a1 = frame[ay] * sy + oy, a2 = frame[az] * sz + oz;
        if (isnan(a0) || isnan(a1) || isnan(a2)) {
            out[COND_LEFT_TOTAL] = out[COND_LEFT_HEEL] = NAN;
            out[COND_RIGHT_TOTAL] = out[COND_RIGHT_HEEL] = NAN;
            tick_gap = 1;
            continue;
        }
        double w[3] = {NAN, NAN, NAN};
        if (has_gyro) {
            w[0] = frame[wx] * gyro_x, w[1] = frame[wy] * gyro_y, w[2] = frame[wz] * gyro_z;
            if (started && isfinite(w[0]) && isfinite(w[1]) && isfinite(w[2])) {
                double g[3] = {gx, gy, gz};
                turn_with_gyro(g, w, period_s);
                gx = g[0], gy = g[1], gz = g[2];
            }
        }
        if (started) {
            gx += alpha * (a0 - gx);
            gy += alpha * (a1 - gy);
            gz += alpha * (a2 - gz);
        } else {
            gx = a0, gy = a1, gz = a2;
        }
        started = 1;
        double norm = sqrt(gx * gx + gy * gy + gz * gz);
        if (!(norm > 0)) {
            out[COND_LEFT_TOTAL] = out[COND_LEFT_HEEL] = NAN;
            out[COND_RIGHT_TOTAL] = out[COND_RIGHT_HEEL] = NAN;
            continue;
        }
        gravity_sum += norm;
        gravity_count++;
        double inverse = 1.0 / norm;
        double vertical = a0 * gx * inverse + a1 * gy * inverse + a2 * gz * inverse;
        out[COND_LEFT_TOTAL] = vertical - norm;
        double motion = vertical - norm;
        motion_since += motion * motion;
        motion_sum += motion;
        if (right_due == 0) { /* the frame is refreshed at this sample: a tick */
            if (finder) {
                standing_sums tick = {
                    {a0, a1, a2}, motion_sum, motion_since, right_every, tick_gap};
                standing_tick(finder, tick);
            }
            if (wear_ticks && wear_count < c->wear_capacity) /* room for max_block's: never full */
                wear_ticks[wear_count++] = (wear_tick){c->frames_seen + i, {a0, a1, a2}};
            motion_sum = 0;
            tick_gap = 0;
        }
        if (forward_known) { /* the sine of the forward pitch: asin per step, in the detector */
            out[COND_RIGHT_HEEL] = minus_sign *
                                   (forward == 0   ? gx
                                    : forward == 1 ? gy
                                                   : gz) *
                                   inverse;
            if (right_due-- == 0) { /* a countdown: no division per sample */
                double g[3] = {gx, gy, gz}, right[3], ahead[3];
                t.motion_since = motion_since;
                refresh_ahead(c, &t, g, inverse, right, ahead);
                motion_since = 0;
                rx = right[0], ry = right[1], rz = right[2];
                hx = ahead[0], hy = ahead[1], hz = ahead[2];
                right_due = right_every - 1;
            }
            out[COND_RIGHT_TOTAL] = a0 * rx + a1 * ry + a2 * rz;
            /* the acceleration straight ahead, for the detector's check of the axis's sign */
            out[COND_LEFT_HEEL] = a0 * hx + a1 * hy + a2 * hz;
        } else {                  /* the detector learns which way is forward from these two */
            out[COND_LEFT_HEEL] = /* with a gyroscope the yaw rate, without one nothing */
                has_gyro ? w[0] * gx * inverse + w[1] * gy * inverse + w[2] * gz * inverse : NAN;
            if (right_due-- == 0) {
                t.motion_since = motion_since;
                sum_frame(&t, c->tilt, gx, gy, gz);
                motion_since = 0;
                horizontal_frame(&t, gx, gy, gz);
                right_due = right_every - 1;
                note_tick(c, i, gx * inverse, gy * inverse, gz * inverse);
            }
            out[COND_RIGHT_TOTAL] = a0 * t.across[0][0] + a1 * t.across[0][1] + a2 * t.across[0][2];
            out[COND_RIGHT_HEEL] = a0 * t.across[1][0] + a1 * t.across[1][1] + a2 * t.across[1][2];
        }
    }
    t.gravity[0] = gx, t.gravity[1] = gy, t.gravity[2] = gz;
    t.right[0] = rx, t.right[1] = ry, t.right[2] = rz;
    t.ahead[0] = hx, t.ahead[1] = hy, t.ahead[2] = hz;
    t.right_due = right_due;
    t.gravity_sum = gravity_sum, t.motion_since = motion_since, t.gravity_count = gravity_count;
    t.motion_sum = motion_sum;
    t.started = started, t.tick_gap = tick_gap;
    c->track = t;
    if (wear_ticks) wear_add_ticks(c->wear, wear_ticks, wear_count);
}

static void sacrum_block(condition *c, const double *raw, long count, double *signals)
{
    int has_gyro = c->gyro[0] >= 0 && c->gyro[1] >= 0 && c->gyro[2] >= 0;
    int forward_known = c->forward_axis >= 0;
    if (has_gyro)
        forward_known ? sacrum_samples(c, raw, count, signals, 1, 1)
                      : sacrum_samples(c, raw, count, signals, 1, 0);
    else
        forward_known ? sacrum_samples(c, raw, count, signals, 0, 1)
                      : sacrum_samples(c, raw, count, signals, 0, 0);
}

/* The (weighted) median of what a histogram holds: where its cumulative share reaches one half,
 * interpolated within that bin. NAN when it holds nothing. */
static double histogram_median(const gsl_histogram *h)
{
    if (!h || !(gsl_histogram_sum(h) > 0)) return NAN;
    gsl_histogram_pdf *pdf = gsl_histogram_pdf_alloc(gsl_histogram_bins(h));
    if (!pdf) return NAN;
    double median = gsl_histogram_pdf_init(pdf, h) == 0 ? gsl_histogram_pdf_sample(pdf, 0.5) : NAN;
    gsl_histogram_pdf_free(pdf);
    return median;
}

double condition_gait_tilt(const condition *c, int axis)
{
    return degrees_from_sine(histogram_median(axis >= 0 && axis < 3 ? c->tilt[axis] : NULL));
}

long condition_foot_swings(const condition *c, long *left_out, long *unstill)
{
    long swings = -1;
    *left_out = *unstill = 0;
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        if (!c->path[side]) continue;
        long out = 0;
        swings = (swings < 0 ? 0 : swings) + foot_path_swings(c->path[side], &out);
        *left_out += out;
        *unstill += foot_path_unstill(c->path[side]);
    }
    return swings;
}

void condition_horizontal_frame(const condition *c, double across[2][3])
{
    memcpy(across, c->track.across_sum, sizeof c->track.across_sum);
}

/* the map's up_axis further than this from the up of gait: worn another way up (a sensor worn
 * as meant leans with the trunk, 15-26 deg on Mobilise-D's walks) */
#define UP_AXIS_OFF_MAX_DEG 45.0

int condition_up_axis_off(double up_axis_off_deg)
{
    return up_axis_off_deg > UP_AXIS_OFF_MAX_DEG;
}

const char *condition_up_axis_worn(double up_axis_off_deg)
{
    return up_axis_off_deg > 135 ? "upside down" : "turned on its side";
}

int condition_gait_up(const condition *c, double up[3])
{
    const double *sum = c->track.up_sum;
    double norm = sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
    for (int k = 0; k < 3; k++)
        up[k] = norm > 0 ? sum[k] / norm : 0;
    return norm > 0;
}

const char *condition_accel_unit(const condition *c)
{
    return c->accel_unit[0] ? c->accel_unit : "g";
}

double condition_g_per_unit(const char *unit)
{
    return to_g(unit);
}

double condition_mean_gravity(const condition *c)
{
    /* shank accelerometers: the median magnitude, the leg being still for much of a stride */
    if (c->kind == SENSOR_SHANK_ACC) return histogram_median(c->shank_magnitudes);
    if (c->kind == SENSOR_FOOT_GYRO) { /* the shoe IMUs' stances, both feet alike */
        double sum = 0;
        int feet = 0;
        for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++)
            if (c->path[side] && isfinite(foot_path_gravity(c->path[side])))
                sum += foot_path_gravity(c->path[side]) / STANDARD_GRAVITY, feet++;
        return feet ? sum / feet : NAN;
    }
    const trunk_track *t = &c->track;
    return t->gravity_count > 0 ? t->gravity_sum / (double)t->gravity_count : NAN;
}

double condition_leg_pitch_rate_peak(const channel_map *map, const channel_quality *checks,
                                     int channels)
{
    double peak = NAN;
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *r = &map->roles[i];
        if (!(is_foot_pitch(r, map) || is_shank_pitch(r, map)) || r->index < 0 ||
            r->index >= channels || checks[r->index].samples == 0)
            continue;
        double factor = to_deg_per_s(r->unit);
        double low = (checks[r->index].minimum * r->scale + r->offset) * factor;
        double high = (checks[r->index].maximum * r->scale + r->offset) * factor;
        double rate = fmax(fabs(low), fabs(high));
        if (isnan(peak) || rate > peak) peak = rate;
    }
    return peak;
}

/* Whether a channel feeds the signals of this kind of recording. */
static int used(const channel_role *role, const channel_map *map, int kind)
{
    if (kind == SENSOR_SHANK_IMU || kind == SENSOR_SHANK_ACC || kind == SENSOR_SACRUM_IMU)
        return 0; /* read frame by frame */
    return kind == SENSOR_FOOT_GYRO ? is_foot_pitch(role, map) : is_force(role);
}

/* To newtons (force) or deg/s (gyroscope); 0 when the unit is not one gaitbatch converts. */
static double unit_factor(const channel_role *role)
{
    if (role->quantity == QUANTITY_ANGULAR_VELOCITY) return to_deg_per_s(role->unit);
    return newton_factor(role->unit);
}

static int is_heel(const channel_role *role)
{
    return role->location == LOCATION_HEEL ||
           (role->location == LOCATION_SENSOR && role->has_position && role->y_mm < 0);
}

static int add_contribution(condition *c, const channel_role *role, int target)
{
    double factor = unit_factor(role);
    contribution *k = &c->contributions[c->contribution_count++];
    k->channel = role->index;
    k->target = target;
    k->first = 1;
    for (int other = 0; other < c->contribution_count - 1; other++)
        if (c->contributions[other].target == target) k->first = 0;
    k->scale = role->scale * (factor > 0 ? factor : 1.0);
    k->offset = role->offset * (factor > 0 ? factor : 1.0);
    return 0;
}

/* Decide each foot's unit; every channel of a foot must agree on newtons or on one arbitrary unit.
 */
static int settle_units(condition *c, const channel_map *map, int kind, const char *path,
                        gb_error *err)
{
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        condition_foot *foot = &c->feet[side];
        int first = 1;
        for (int i = 0; i < map->role_count; i++) {
            const channel_role *role = &map->roles[i];
            if (role->side != side || !used(role, map, kind)) continue;
            int newton = kind != SENSOR_FOOT_GYRO && newton_factor(role->unit) > 0;
            const char *label = kind == SENSOR_FOOT_GYRO ? "deg/s"
                                : newton                 ? "N"
                                : role->unit[0]          ? role->unit
                                                         : "a.u.";
            if (first) {
                foot->present = 1;
                foot->is_newton = newton;
                snprintf(foot->unit, sizeof foot->unit, "%s", label);
                first = 0;
            } else if (strcmp(foot->unit, label) != 0) {
                return gb_error_set(
                    err, GB_E_MAP,
                    "%s: the %s foot mixes units '%s' and '%s' (map %s): give every "
                    "channel of a foot the same unit",
                    path, map_side_name(side), foot->unit, label, map->source);
            }
        }
    }
    return 0;
}

/* Whether a signal slot can carry data for this recording's sensors: the others are NaN throughout
 * (combine), so the low-pass skips them. */
static int signal_is_live(const condition *c, int signal)
{
    int side = signal < COND_RIGHT_TOTAL ? SIDE_LEFT : SIDE_RIGHT;
    int is_total = signal == COND_LEFT_TOTAL || signal == COND_RIGHT_TOTAL;
    if (c->kind == SENSOR_SACRUM_IMU)
        return signal == COND_LEFT_TOTAL ||
               (signal == COND_LEFT_HEEL &&
                (c->forward_axis >= 0 ||
                 (c->gyro[0] >= 0 && c->gyro[1] >= 0 && c->gyro[2] >= 0))) ||
               signal >= COND_RIGHT_TOTAL;
    int shank_accel = c->shank_accel[side][0] >= 0 || c->shank_accel[side][1] >= 0 ||
                      c->shank_accel[side][2] >= 0;
    if (c->kind == SENSOR_SHANK_ACC) return is_total && shank_accel;
    if (c->kind == SENSOR_SHANK_IMU) return is_total ? c->shank_gyro[side] >= 0 : shank_accel;
    return is_total ? c->feet[side].present : c->feet[side].has_heel || c->path[side];
}

const char *condition_sides_source(const channel_map *map)
{
    if (condition_map_kind(map) != SENSOR_SACRUM_IMU) return "channel map";
    return map->forward_axis >= 0 ? "trunk sway" : "trunk sway (learnt)";
}

const char *condition_sides_unlearnt(const channel_map *map)
{
    int gyro_axes[3] = {0, 0, 0};
    for (int i = 0; i < map->role_count; i++)
        if (is_sacrum(&map->roles[i], QUANTITY_ANGULAR_VELOCITY) && map->roles[i].axis >= 0 &&
            map->roles[i].axis < 3)
            gyro_axes[map->roles[i].axis] = 1;
    return gyro_axes[0] && gyro_axes[1] && gyro_axes[2] ? "trunk yaw rate" : "alternation";
}

/* A lower-back sensor's chain finds its standing next to gait when the map gives no standing_s. */
static int finds_standing(int kind, const channel_map *map)
{
    return kind == SENSOR_SACRUM_IMU && !isfinite(map->standing_start_s);
}

condition *condition_create(const channel_map *map, const recording_info *info,
                            const condition_config *config, gb_error *err)
{
    condition *c = gb_calloc(1, sizeof *c, err);
    if (!c) return NULL;
    c->raw_channels = info->channels;
    c->max_block = config->max_block;
    int kind = config->kind;
    c->kind = kind;
    c->forward_axis = kind == SENSOR_SACRUM_IMU ? map->forward_axis : -1;
    c->forward_sign = map->forward_sign < 0 ? -1.0 : 1.0;
    c->track.up_axis = -1;
    if (c->kind == SENSOR_SACRUM_IMU && c->forward_axis < 0) /* the map's is read per step */
        for (int k = 0; k < 3; k++) {
            c->tilt[k] = gsl_histogram_alloc(TILT_BINS);
            if (!c->tilt[k]) {
                gb_error_set(err, GB_E_NOMEM, "out of memory for the tilt histograms");
                goto fail;
            }
            gsl_histogram_set_ranges_uniform(c->tilt[k], -1, 1);
        }
    c->gravity_alpha = 1.0 / (GRAVITY_TIME_S * info->sample_rate_hz);
    c->right_every = (long)ceil(RIGHT_REFRESH_S * info->sample_rate_hz);
    c->sample_period_s = 1.0 / info->sample_rate_hz;
    c->decimation = config->decimation > 1 ? config->decimation : 1;
    if (c->tilt[0]) { /* without a forward axis: the gravity direction at each refresh */
        c->tick_capacity = c->max_block / c->right_every + 2;
        c->ticks = gb_calloc((size_t)c->tick_capacity, sizeof *c->ticks, err);
        if (!c->ticks) goto fail;
    }
    c->standing_first = c->standing_end = 0;
    if (isfinite(map->standing_start_s)) {
        c->standing_first = (long)ceil(map->standing_start_s * info->sample_rate_hz);
        c->standing_end = (long)ceil(map->standing_end_s * info->sample_rate_hz);
    } else if (finds_standing(kind, map) &&
               !(c->standing_finder =
                     standing_new(c->right_every * c->sample_period_s, c->right_every, err)))
        goto fail;
    if (kind == SENSOR_SHANK_ACC &&
        !(c->shank_magnitudes = gsl_histogram_alloc(SHANK_MAGNITUDE_BINS))) {
        gb_error_set(err, GB_E_NOMEM, "out of memory for the shank accelerometers' histogram");
        goto fail;
    }
    if (c->shank_magnitudes)
        gsl_histogram_set_ranges_uniform(c->shank_magnitudes, 0, SHANK_MAGNITUDE_MAX_G);
    if (kind == SENSOR_SHANK_IMU || kind == SENSOR_SHANK_ACC)
        setup_shank(c, map);
    else if (kind == SENSOR_SACRUM_IMU ? setup_sacrum(c, map, err)
                                       : settle_units(c, map, kind, map->source, err))
        goto fail;
    if (kind == SENSOR_FOOT_GYRO && setup_foot_paths(c, map, info->sample_rate_hz, err) != 0)
        goto fail;
    if (c->path[SIDE_LEFT] || c->path[SIDE_RIGHT]) {
        c->clipped_ahead = gb_calloc((size_t)c->max_block, sizeof *c->clipped_ahead, err);
        c->clipped_here = gb_calloc((size_t)c->max_block, sizeof *c->clipped_here, err);
        if (!c->clipped_ahead || !c->clipped_here) goto fail;
    }
    if (kind == SENSOR_SACRUM_IMU) {
        c->wear_capacity = c->max_block / c->right_every + 2;
        c->wear = wear_new(info->sample_rate_hz, err);
        c->wear_ticks = gb_calloc((size_t)c->wear_capacity, sizeof *c->wear_ticks, err);
        if (!c->wear || !c->wear_ticks) goto fail;
    }
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        int total = side == SIDE_LEFT ? COND_LEFT_TOTAL : COND_RIGHT_TOTAL;
        int has_total_channel = 0;
        for (int i = 0; i < map->role_count; i++)
            has_total_channel |= map->roles[i].side == side && used(&map->roles[i], map, kind) &&
                                 map->roles[i].location == LOCATION_TOTAL;
        for (int i = 0; i < map->role_count; i++) {
            const channel_role *role = &map->roles[i];
            if (role->side != side || !used(role, map, kind)) continue;
            /* a measured total wins; zones then only serve heel-off */
            if (role->location == LOCATION_TOTAL || !has_total_channel)
                add_contribution(c, role, total);
            if (kind != SENSOR_FOOT_GYRO && is_heel(role)) {
                add_contribution(c, role, total + 1);
                c->feet[side].has_heel = 1;
            }
        }
    }
    c->combined = gb_calloc((size_t)c->max_block * COND_SIGNALS, sizeof(double), err);
    c->lowpass = filter_create(config->lowpass_hz, info->sample_rate_hz, COND_SIGNALS,
                               config->decimation, err);
    if (!c->combined || !c->lowpass) goto fail;
    for (int signal = 0; signal < COND_SIGNALS; signal++)
        if (!signal_is_live(c, signal)) filter_set_dead(c->lowpass, signal);
    /* the sacrum's sway and pitch, and with a forward axis its acceleration ahead, are only ever
     * averaged over a step: aligned, not smoothed */
    for (int signal = COND_LEFT_HEEL; signal <= COND_RIGHT_HEEL; signal++)
        if (kind == SENSOR_SACRUM_IMU && signal_is_live(c, signal) &&
            (signal != COND_LEFT_HEEL || c->forward_axis >= 0))
            filter_set_passthrough(c->lowpass, signal);
    /* a foot's distance steps up once per stride: read at toe-off, not smoothed */
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++)
        if (c->path[side])
            filter_set_passthrough(c->lowpass,
                                   side == SIDE_LEFT ? COND_LEFT_HEEL : COND_RIGHT_HEEL);
    return c;
fail:
    condition_destroy(c);
    return NULL;
}

/* The rows noted clipped (condition_note_clipped) among the count frames from frames_seen: into
 * clipped_here, as indexes into them; they leave clipped_ahead. Returns how many. */
static long clipped_in_block(condition *c, long count)
{
    long here = 0;
    while (here < c->clipped_ahead_count && c->clipped_ahead[here] < c->frames_seen + count) {
        c->clipped_here[here] = (long)(c->clipped_ahead[here] - c->frames_seen);
        here++;
    }
    if (here == 0) return 0; /* (and no queue at all without foot paths) */
    c->clipped_ahead_count -= here;
    memmove(c->clipped_ahead, c->clipped_ahead + here,
            (size_t)c->clipped_ahead_count * sizeof *c->clipped_ahead);
    return here;
}

/* Sums each foot's channels in newtons (or its arbitrary unit), contribution by contribution: one
 * strided pass per raw channel is cheaper than a table walk per frame. */
static void combine(condition *c, const double *raw, long count, double *signals)
{
    if (c->kind == SENSOR_SACRUM_IMU) {
        sacrum_block(c, raw, count, signals);
        return;
    }
    if (c->kind == SENSOR_SHANK_IMU || c->kind == SENSOR_SHANK_ACC) {
        for (long i = 0; i < count; i++)
            shank_frame(c, raw + (size_t)i * c->raw_channels, signals + (size_t)i * COND_SIGNALS);
        return;
    }
    for (int k = 0; k < c->contribution_count; k++) {
        const contribution p = c->contributions[k];
        const double *x = raw + p.channel;
        double *y = signals + p.target;
        /* the first starts the sum at 0 + its term, which is what adding to a zeroed slot gives
         * (-0 becomes +0), without a pass that zeroes every slot first */
        if (p.first)
            for (long i = 0; i < count; i++, x += c->raw_channels, y += COND_SIGNALS)
                *y = 0.0 + (*x * p.scale + p.offset);
        else
            for (long i = 0; i < count; i++, x += c->raw_channels, y += COND_SIGNALS)
                *y += *x * p.scale + p.offset;
    }
    long clipped_count = clipped_in_block(c, count);
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        int total = side == SIDE_LEFT ? COND_LEFT_TOTAL : COND_RIGHT_TOTAL;
        for (int signal = total; signal <= total + 1; signal++) {
            int absent = signal == total ? !c->feet[side].present : !c->feet[side].has_heel;
            for (long i = 0; absent && i < count; i++)
                signals[i * COND_SIGNALS + signal] = NAN;
        }
        if (c->path[side])
            foot_path_process(c->path[side], raw, c->raw_channels, count, c->clipped_here,
                              clipped_count, signals + total + 1, COND_SIGNALS);
    }
}

void condition_note_clipped(condition *c, int64_t row)
{
    /* rows come in order and before their block: never full */
    if (c->clipped_ahead && row >= c->frames_seen && c->clipped_ahead_count < c->max_block)
        c->clipped_ahead[c->clipped_ahead_count++] = row;
}

/* The part of the standing window in this block: the accelerometer's mean, which standing still
 * is gravity alone (more exact than the tracked estimate, which starts from the first sample),
 * and the vertical motion of the combined signals. */
static void standing_block(condition *c, const double *raw, const double *signals, long count)
{
    long from = c->standing_first - c->frames_seen, to = c->standing_end - c->frames_seen;
    if (from < 0) from = 0;
    if (to > count) to = count;
    for (long i = from; i < to; i++) {
        const double *frame = raw + (size_t)i * c->raw_channels;
        double vertical = signals[i * COND_SIGNALS + COND_LEFT_TOTAL], a[3];
        for (int k = 0; k < 3; k++)
            a[k] = frame[c->accel[k]] * c->accel_scale[k] + c->accel_offset[k];
        if (isnan(vertical) || isnan(a[0]) || isnan(a[1]) || isnan(a[2])) continue;
        for (int k = 0; k < 3; k++)
            c->standing_acceleration[k] += a[k];
        c->standing_motion_squares += vertical * vertical;
        c->standing_count++;
    }
}

long condition_standing_pitch(const condition *c, int axis, double sign, double *pitch_deg,
                              double *motion_g)
{
    long n = c->standing_count;
    double found[3];
    const double *g = c->standing_acceleration;
    if (c->standing_finder) { /* quiet by how it was found: its motion is not measured */
        n = standing_found(c->standing_finder, found);
        g = found;
    }
    double norm = sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    *pitch_deg = n > 0 && norm > 0 && axis >= 0 && axis < 3
                     ? degrees_from_sine(-sign * g[axis] / norm)
                     : NAN;
    *motion_g = n > 0 && !c->standing_finder ? sqrt(c->standing_motion_squares / (double)n) : NAN;
    return isfinite(*pitch_deg) ? n : 0;
}

int condition_finds_standing(const condition *c)
{
    return c->standing_finder != NULL;
}

int condition_map_finds_standing(const channel_map *map)
{
    return finds_standing(condition_map_kind(map), map) ||
           finds_standing(condition_companion_kind(map), map) ||
           finds_standing(condition_trunk_kind(map), map);
}

long condition_process(condition *c, const double *raw, long n, double *out)
{
    long produced = 0;
    c->tick_count = 0;
    for (long start = 0; start < n; start += c->max_block) {
        long count = n - start < c->max_block ? n - start : c->max_block;
        combine(c, raw + (size_t)start * c->raw_channels, count, c->combined);
        if (c->kind == SENSOR_SACRUM_IMU && c->frames_seen < c->standing_end)
            standing_block(c, raw + (size_t)start * c->raw_channels, c->combined, count);
        c->frames_seen += count;
        produced +=
            filter_process(c->lowpass, c->combined, count, out + (size_t)produced * COND_SIGNALS);
    }
    return produced;
}

long condition_finish(condition *c, double *out)
{
    c->tick_count = 0;
    if (c->wear) c->wear_failed = wear_finish(c->wear, c->frames_seen) != 0;
    return filter_finish(c->lowpass, out);
}

long condition_ticks(const condition *c, const condition_tick **ticks)
{
    *ticks = c->ticks;
    return c->tick_count;
}

long condition_ticks_max(const condition *c)
{
    return c->tick_capacity;
}

int condition_delay(const condition *c)
{
    return filter_delay(c->lowpass);
}

long condition_unworn(const condition *c, const double (**spells)[2])
{
    *spells = NULL;
    return c->wear && !c->wear_failed ? wear_spells(c->wear, spells) : -1;
}

const condition_foot *condition_get_foot(const condition *c, int side)
{
    return &c->feet[side == SIDE_RIGHT ? SIDE_RIGHT : SIDE_LEFT];
}

void condition_destroy(condition *c)
{
    if (!c) return;
    free(c->combined);
    free(c->ticks);
    free(c->clipped_ahead);
    free(c->clipped_here);
    for (int k = 0; k < 3; k++) {
        if (c->tilt[k]) gsl_histogram_free(c->tilt[k]);
        foot_path_delete(c->path[k]);
    }
    if (c->shank_magnitudes) gsl_histogram_free(c->shank_magnitudes);
    filter_destroy(c->lowpass);
    standing_delete(c->standing_finder);
    wear_delete(c->wear);
    free(c->wear_ticks);
    free(c);
}
