#include "condition.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "../dsp/filter.h"

/* Units that convert to newtons; anything else is kept as an arbitrary unit. */
static const struct {
    const char *unit;
    double newtons;
} newton_units[] = {
    {"N", 1.0}, {"kN", 1000.0}, {"kg", 9.80665}, {"kgf", 9.80665}, {"lbf", 4.4482216152605}};

typedef struct contribution {
    int channel;
    double scale, offset; /* to the foot's unit */
    int target;           /* COND_* signal it adds to */
} contribution;

struct condition {
    condition_foot feet[3]; /* indexed by side */
    int raw_channels;
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

int condition_map_kind(const channel_map *map)
{
    int forces = 0, calibrated = 1, gyros = 0;
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *role = &map->roles[i];
        if (is_force(role)) {
            forces++;
            if (newton_factor(role->unit) == 0) calibrated = 0;
        }
        gyros += is_foot_pitch(role, map);
    }
    if (forces) return calibrated ? SENSOR_FORCE_CALIBRATED : SENSOR_FORCE_UNCALIBRATED;
    return gyros ? SENSOR_FOOT_GYRO : SENSOR_FORCE_UNCALIBRATED;
}

/* Whether a channel feeds the signals of this kind of recording. */
static int used(const channel_role *role, const channel_map *map, int kind)
{
    return kind == SENSOR_FOOT_GYRO ? is_foot_pitch(role, map) : is_force(role);
}

/* To newtons (force) or deg/s (gyroscope); 0 when the unit is not one gaitbatch converts. */
static double unit_factor(const channel_role *role)
{
    if (role->quantity == QUANTITY_ANGULAR_VELOCITY) {
        if (strcmp(role->unit, "rad/s") == 0) return 180.0 / M_PI;
        return 1.0; /* deg/s, dps, or unstated */
    }
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

condition *condition_create(const channel_map *map, const recording_info *info,
                            const condition_config *config, gb_error *err)
{
    condition *c = gb_calloc(1, sizeof *c, err);
    if (!c) return NULL;
    c->raw_channels = info->channels;
    c->max_block = config->max_block;
    int kind = condition_map_kind(map);
    if (settle_units(c, map, kind, map->source, err)) goto fail;
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
    return c;
fail:
    condition_destroy(c);
    return NULL;
}

/* Sums each foot's channels in newtons (or its arbitrary unit), contribution by contribution: one
 * strided pass per raw channel is cheaper than a table walk per frame. */
static void combine(const condition *c, const double *raw, long count, double *signals)
{
    for (long i = 0; i < count * COND_SIGNALS; i++)
        signals[i] = 0;
    for (int k = 0; k < c->contribution_count; k++) {
        const contribution p = c->contributions[k];
        const double *x = raw + p.channel;
        double *y = signals + p.target;
        for (long i = 0; i < count; i++, x += c->raw_channels, y += COND_SIGNALS)
            *y += *x * p.scale + p.offset;
    }
    for (int side = SIDE_LEFT; side <= SIDE_RIGHT; side++) {
        int total = side == SIDE_LEFT ? COND_LEFT_TOTAL : COND_RIGHT_TOTAL;
        for (int signal = total; signal <= total + 1; signal++) {
            int absent = signal == total ? !c->feet[side].present : !c->feet[side].has_heel;
            for (long i = 0; absent && i < count; i++)
                signals[i * COND_SIGNALS + signal] = NAN;
        }
    }
}

long condition_process(condition *c, const double *raw, long n, double *out)
{
    long produced = 0;
    for (long start = 0; start < n; start += c->max_block) {
        long count = n - start < c->max_block ? n - start : c->max_block;
        combine(c, raw + (size_t)start * c->raw_channels, count, c->combined);
        produced +=
            filter_process(c->lowpass, c->combined, count, out + (size_t)produced * COND_SIGNALS);
    }
    return produced;
}

long condition_finish(condition *c, double *out)
{
    return filter_finish(c->lowpass, out);
}

int condition_delay(const condition *c)
{
    return filter_delay(c->lowpass);
}

const condition_foot *condition_get_foot(const condition *c, int side)
{
    return &c->feet[side == SIDE_RIGHT ? SIDE_RIGHT : SIDE_LEFT];
}

void condition_destroy(condition *c)
{
    if (!c) return;
    free(c->combined);
    filter_destroy(c->lowpass);
    free(c);
}
