#include "measure.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector_double.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../read/channel_map.h"

#include "../common/span_list.h"
#include "../common/units.h"
#define MIN_SEGMENT_STRIDES 3
#define MIN_DRIFT_SEGMENTS 3

static const measure_info measures[MEASURE_COUNT] = {
    [MEASURE_CONTACT_TIME] = {"contact_time_s", "s", offsetof(stride_row, contact_time_s)},
    [MEASURE_SWING_TIME] = {"swing_time_s", "s", offsetof(stride_row, swing_time_s)},
    [MEASURE_STRIDE_TIME] = {"stride_time_s", "s", offsetof(stride_row, stride_time_s)},
    [MEASURE_STEP_TIME] = {"step_time_s", "s", offsetof(stride_row, step_time_s)},
    [MEASURE_FLIGHT_TIME] = {"flight_time_s", "s", offsetof(stride_row, flight_time_s)},
    [MEASURE_DOUBLE_SUPPORT] = {"double_support_s", "s", offsetof(stride_row, double_support_s)},
    [MEASURE_DUTY_FACTOR] = {"duty_factor", "1", offsetof(stride_row, duty_factor)},
    [MEASURE_PEAK_FORCE] = {"peak_force_N", "force", offsetof(stride_row, peak_force_N)},
    [MEASURE_PUSHOFF_PEAK] = {"pushoff_peak_N", "force", offsetof(stride_row, pushoff_peak_N)},
    [MEASURE_PUSHOFF_IMPULSE] = {"pushoff_impulse_Ns", "force*s",
                                 offsetof(stride_row, pushoff_impulse_Ns)},
    [MEASURE_LOADING_RATE] = {"loading_rate_N_per_s", "force/s",
                              offsetof(stride_row, loading_rate_N_per_s)},
    [MEASURE_HEEL_SHARE] = {"heel_contact_share", "1", offsetof(stride_row, heel_contact_share)},
    [MEASURE_VERTICAL_STIFFNESS] = {"vertical_stiffness_kN_per_m", "kN/m",
                                    offsetof(stride_row, vertical_stiffness_kN_per_m)},
    [MEASURE_LEG_STIFFNESS] = {"leg_stiffness_kN_per_m", "kN/m",
                               offsetof(stride_row, leg_stiffness_kN_per_m)},
    [MEASURE_TIBIAL_SHOCK] = {"peak_tibial_acceleration_g", "g",
                              offsetof(stride_row, peak_tibial_acceleration_g)},
    [MEASURE_VERTICAL_OSCILLATION] = {"vertical_oscillation_m", "m",
                                      offsetof(stride_row, vertical_oscillation_m)},
    [MEASURE_VERTICAL_RATIO] = {"vertical_ratio", "1", offsetof(stride_row, vertical_ratio)},
    [MEASURE_TRUNK_PITCH] = {"trunk_pitch_deg", "deg", offsetof(stride_row, trunk_pitch_deg)},
    [MEASURE_STEP_LENGTH] = {"step_length_m", "m", offsetof(stride_row, step_length_m)},
    [MEASURE_STRIDE_LENGTH] = {"stride_length_m", "m", offsetof(stride_row, stride_length_m)},
    [MEASURE_WALKING_SPEED] = {"walking_speed_m_per_s", "m/s",
                               offsetof(stride_row, walking_speed_m_per_s)},
};

typedef struct contact_list {
    contact_event *items;
    long count, capacity;
} contact_list;

struct measure {
    measure_config config;
    contact_list contacts[2]; /* left, right; each in time order */
    span_list gaps[2];
    /* measure_add_bridge's and measure_add_clipped's: their own failure flag, for their own
     * thread */
    span_list bridges[2], clipped[2];
    int failed, bridges_failed;
    double median_stride_s[2];
    uint32_t *order; /* strides in time order: contact index, top bit set for the right side */
    long *latest_other[2]; /* per contact: the other foot's latest contact before it, or -1 */
    measure_result result;
    double *scratch;
    int pitch_axis;    /* measure_set_pitch_axis: -1 until given */
    span_list unworn;  /* measure_set_unworn's spells */
    int unworn_judged; /* whether it was called */
    double pitch_sign;
    /* a lower-back sensor's runs of steps over which the trunk hardly rose and fell (find_still),
     * first to last initial contact: no gait */
    span_list still;
};

#define RIGHT_BIT 0x80000000u

const measure_info *measure_get_info(int m)
{
    return m >= 0 && m < MEASURE_COUNT ? &measures[m] : NULL;
}

void measure_unit(const measure_info *info, const char *force_unit, char *out, size_t size)
{
    if (strncmp(info->unit, "force", 5) == 0)
        snprintf(out, size, "%s%s", force_unit, info->unit + 5);
    else
        snprintf(out, size, "%s", info->unit);
}

static double value_of(const stride_row *row, int m)
{
    double value;
    memcpy(&value, (const char *)row + measures[m].offset, sizeof value);
    return value;
}

measure *measure_create(const measure_config *config, gb_error *err)
{
    if (!(config->segment_s > 0)) {
        gb_error_set(err, GB_E_ARG, "measure: segment length %g s must be > 0", config->segment_s);
        return NULL;
    }
    measure *m = gb_calloc(1, sizeof *m, err);
    if (!m) return NULL;
    m->config = *config;
    m->pitch_axis = -1;
    return m;
}

int measure_add_contact(measure *m, const contact_event *event)
{
    contact_list *list = &m->contacts[event->side == SIDE_RIGHT];
    if (list->count == list->capacity) {
        long capacity = list->capacity ? 2 * list->capacity : 256;
        contact_event *items = realloc(list->items, (size_t)capacity * sizeof *items);
        if (!items) {
            m->failed = 1;
            return GB_E_NOMEM;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = *event;
    return 0;
}

int measure_add_gap(measure *m, int side, double start_s, double end_s)
{
    int rc = span_list_add(&m->gaps[side == SIDE_RIGHT], start_s, end_s);
    if (rc) m->failed = 1;
    return rc;
}

int measure_add_bridge(measure *m, int side, double start_s, double end_s)
{
    /* joined: the channels of one sensor drop the same samples */
    int rc = span_list_join(&m->bridges[side == SIDE_RIGHT], start_s, end_s);
    if (rc) m->bridges_failed = 1;
    return rc;
}

int measure_add_clipped(measure *m, int side, double start_s, double end_s)
{
    int rc = span_list_join(&m->clipped[side == SIDE_RIGHT], start_s, end_s);
    if (rc) m->bridges_failed = 1;
    return rc;
}

/* Whether a gap of the list falls within (from_s, to_s). */
static int spans_gap(const span_list *list, double from_s, double to_s)
{
    long k = span_list_first_ending_after(list, from_s);
    return k < list->count && list->spans[k][0] < to_s;
}

/* The time bridged within MEASURE_BRIDGE_NEAR_S of a contact's initial contact or toe-off (one
 * window when the two overlap, as in a sprint's short contacts, so nothing counts twice). */
static double bridged_near_events(const span_list *list, const contact_event *c)
{
    const double near = MEASURE_BRIDGE_NEAR_S, start = c->initial_contact_s, end = c->toe_off_s;
    if (isnan(end)) return span_list_time_within(list, start - near, start + near);
    if (end - start < 2 * near) return span_list_time_within(list, start - near, end + near);
    return span_list_time_within(list, start - near, start + near) +
           span_list_time_within(list, end - near, end + near);
}

const contact_event *measure_contacts(const measure *m, int side, long *count)
{
    const contact_list *list = &m->contacts[side == SIDE_RIGHT];
    *count = list->count;
    return list->items;
}

void measure_set_duration(measure *m, double duration_s)
{
    m->config.duration_s = duration_s;
}

void measure_set_pitch_axis(measure *m, int axis, double sign)
{
    m->pitch_axis = axis >= 0 && axis < 3 ? axis : -1;
    m->pitch_sign = sign < 0 ? -1.0 : 1.0;
}

/* A contact's trunk pitch: the detector's (along the map's forward axis), or from its mean gravity
 * direction along measure_set_pitch_axis's axis, as the sine of the pitch is minus gravity's
 * component along forward (condition.h). */
static double contact_pitch(const measure *m, const contact_event *c)
{
    if (!isnan(c->trunk_pitch_deg) || m->pitch_axis < 0) return c->trunk_pitch_deg;
    double x = c->trunk_up[0], y = c->trunk_up[1], z = c->trunk_up[2];
    return degrees_from_sine(-m->pitch_sign * c->trunk_up[m->pitch_axis] /
                             sqrt(x * x + y * y + z * z));
}

/* The contact of `theirs` nearest in initial contact to t, when under limit_s away, else NULL.
 * Both lists run in time order, so *j, where the last search ended, only moves on. */
static const contact_event *nearest_contact(const contact_list *theirs, long *j, double t,
                                            double limit_s)
{
    while (*j + 1 < theirs->count && fabs(theirs->items[*j + 1].initial_contact_s - t) <=
                                         fabs(theirs->items[*j].initial_contact_s - t))
        (*j)++;
    int near = *j < theirs->count && fabs(theirs->items[*j].initial_contact_s - t) < limit_s;
    return near ? &theirs->items[*j] : NULL;
}

void measure_take_legs(measure *m, const measure *imu, double limit_s)
{
    for (int side = 0; side < 2; side++) {
        long j = 0;
        for (long k = 0; k < m->contacts[side].count; k++) {
            contact_event *mine = &m->contacts[side].items[k];
            const contact_event *theirs =
                nearest_contact(&imu->contacts[side], &j, mine->initial_contact_s, limit_s);
            if (!theirs) continue;
            if (isnan(mine->foot_distance_m)) mine->foot_distance_m = theirs->foot_distance_m;
            if (isnan(mine->peak_tibial_g)) mine->peak_tibial_g = theirs->peak_tibial_g;
        }
    }
}

void measure_take_trunk(measure *m, const measure *back, double limit_s)
{
    for (int side = 0; side < 2; side++) {
        long j[2] = {0, 0};
        for (long k = 0; k < m->contacts[side].count; k++) {
            contact_event *mine = &m->contacts[side].items[k];
            double t = mine->initial_contact_s;
            /* the step is the same whichever side the lower back gave it */
            const contact_event *left = nearest_contact(&back->contacts[0], &j[0], t, limit_s);
            const contact_event *right = nearest_contact(&back->contacts[1], &j[1], t, limit_s);
            const contact_event *theirs =
                !left ? right
                : !right || fabs(left->initial_contact_s - t) <= fabs(right->initial_contact_s - t)
                    ? left
                    : right;
            mine->vertical_oscillation_m = theirs ? theirs->vertical_oscillation_m : NAN;
            /* resolved along the lower back's axis, so the legs' measures need none */
            mine->trunk_pitch_deg = theirs ? contact_pitch(back, theirs) : NAN;
        }
    }
}

void measure_on_contact(void *measure_object, const contact_event *event)
{
    measure_add_contact(measure_object, event);
}

/* Overlap of [a0, a1] and [b0, b1]. */
static double overlap(double a0, double a1, double b0, double b1)
{
    double start = a0 > b0 ? a0 : b0, end = a1 < b1 ? a1 : b1;
    return end > start ? end - start : 0;
}

static double median_of(double *values, long n)
{
    return n > 0 ? gsl_stats_median(values, 1, (size_t)n) : NAN;
}

static int in_order(const contact_list *list)
{
    for (long k = 1; k < list->count; k++)
        if (list->items[k].initial_contact_s < list->items[k - 1].initial_contact_s) return 0;
    return 1;
}

static int compare_contacts(const void *a, const void *b)
{
    double x = ((const contact_event *)a)->initial_contact_s;
    double y = ((const contact_event *)b)->initial_contact_s;
    return (x > y) - (x < y);
}

static long strides_of(const measure *m, int side)
{
    return m->contacts[side].count > 0 ? m->contacts[side].count - 1 : 0;
}

#define LOCAL_STRIDES 5 /* the strides around one: up to this many each side */

/* The median time of side's strides k - LOCAL_STRIDES .. k + LOCAL_STRIDES. */
static double local_median_stride(const measure *m, int side, long k)
{
    const contact_event *c = m->contacts[side].items;
    double times[2 * LOCAL_STRIDES + 1];
    size_t n = 0;
    for (long i = k - LOCAL_STRIDES; i <= k + LOCAL_STRIDES; i++)
        if (i >= 0 && i < strides_of(m, side))
            times[n++] = c[i + 1].initial_contact_s - c[i].initial_contact_s;
    return gsl_stats_median(times, 1, n);
}

/* Sprinters at top speed keep a foot on the ground about 0.1 s of a 0.47 s stride, a duty factor
 * of 0.2 (Weyand et al. 2000, J Appl Physiol 89:1991), the least of any gait; under half that, the
 * "stride" is no step's: a shank IMU pedalling a bicycle gave contacts of 70 ms in strides of 2-6 s
 * (duty factor 0.02), read as running with 2.7 s of flight. */
#define DUTY_FACTOR_MIN 0.1

/* Whether t lies within one of the list's spans, ends included. */
static int within_span(const span_list *list, double t)
{
    if (list->count == 0) return 0; /* (most recordings: a call per stride and per bout stride) */
    long k = span_list_first_ending_after(list, t);
    if (k > 0 && list->spans[k - 1][1] == t) return 1; /* (first_ending_after passes it) */
    return k < list->count && list->spans[k][0] <= t;
}

/* Stride k of side, made into r: why it is not valid, or NULL. A stride is long or short against
 * the recording's median and against the strides around it, since a session that runs and walks
 * has two typical strides (0.7 and 1.1 s): a walking stride is no pause. */
static const char *invalid_reason(const measure *m, int side, long k, const stride_row *r)
{
    double t = r->stride_time_s, median = m->median_stride_s[side];
    if (spans_gap(&m->gaps[side], r->initial_contact_s, r->initial_contact_s + t))
        return "spans a gap";
    if (within_span(&m->still, r->initial_contact_s)) return MEASURE_TRUNK_STILL;
    if (t > 1.5 * median && t > 1.5 * local_median_stride(m, side, k))
        return "long stride (gap or pause)";
    if (t < 0.5 * median && t < 0.5 * local_median_stride(m, side, k)) return "short stride";
    /* the other foot's contacts that start within the stride (latest_other counts them) */
    long between = m->latest_other[side][k + 1] - m->latest_other[side][k];
    if (m->config.steps_alternate && between != 1) return "sides not alternating";
    /* a final contact not found (a lower-back IMU's) leaves the phases unknown, not wrong; a foot
     * on the ground for under DUTY_FACTOR_MIN of its stride is no gait's */
    if (!isnan(r->contact_time_s) &&
        (!(r->contact_time_s > 0) || !(r->swing_time_s > 0) || r->duty_factor < DUTY_FACTOR_MIN))
        return "phase implausible";
    return NULL;
}

/* Vertical stiffness by the spring-mass model from contact and flight times (Morin et al. 2005, J
 * Appl Biomech 21:167): F_max = m g (pi / 2) (t_f / t_c + 1), dy = F_max t_c^2 / (m pi^2) - g t_c^2
 * / 8, k_vert = F_max / dy. Running only (a flight phase), and only with the body mass; in kN/m.
 * The running speed for the leg stiffness is the map's, or else (since 0.10.0) the stride's own
 * from shoe IMUs (row->walking_speed_m_per_s, set before this). */
static void spring_mass(const measure_config *config, stride_row *row)
{
    double mass = config->body_mass_kg, contact = row->contact_time_s;
    double flight = row->flight_time_s;
    row->vertical_stiffness_kN_per_m = row->leg_stiffness_kN_per_m = NAN;
    if (!(mass > 0) || !(contact > 0) || !(flight > 0)) return;
    double peak = mass * STANDARD_GRAVITY * M_PI / 2 * (flight / contact + 1);
    double drop =
        peak * contact * contact / (mass * M_PI * M_PI) - STANDARD_GRAVITY * contact * contact / 8;
    if (!(drop > 0)) return;
    row->vertical_stiffness_kN_per_m = peak / drop / 1000.0;
    /* Leg stiffness (Morin et al. 2005): the leg of length L sweeps half the contact distance
     * v t_c / 2 either side of vertical, so it shortens by dL = L - sqrt(L^2 - (v t_c / 2)^2) + dy;
     * k_leg = F_max / dL. Needs the leg length and the running speed. */
    double speed = config->speed_m_per_s > 0        ? config->speed_m_per_s
                   : isfinite(row->stride_length_m) ? row->walking_speed_m_per_s
                                                    : NAN;
    double leg = config->leg_length_m, half_sweep = speed * contact / 2;
    if (!(leg > 0) || !(half_sweep > 0) || half_sweep >= leg) return;
    double compression = leg - sqrt(leg * leg - half_sweep * half_sweep) + drop;
    row->leg_stiffness_kN_per_m = peak / compression / 1000.0;
}

/* The length of the step that ends at contact c, from the trunk's vertical travel h over it, by
 * the inverted-pendulum model of walking (Zijlstra and Hof 2003, Gait Posture 18:1): the trunk
 * rides on a leg of length l (the sensor's height) that pivots over the foot, so a step of length
 * 2 sqrt(2 l h - h^2) lifts it by h. Without Zijlstra and Hof's correction factor (1.25, fitted to
 * their way of finding h): with this one's h (double integration, drift removed per step) it
 * overestimated the mobgap reference stride lengths by 26 %, while 1 gives +1 % (README,
 * Validation). Only for a lower-back sensor (h is known there) in walking: a contact shorter than
 * the step that ends at it (step_s) leaves a flight phase, and running is no pendulum; a walking
 * contact lasts longer, or its final contact was not found. NAN otherwise. */
static double pendulum_step_length(const measure_config *config, const contact_event *c,
                                   double step_s)
{
    double l = config->sensor_height_m, h = c->vertical_oscillation_m;
    if (!(l > 0) || !(h >= 0) || h >= 2 * l || c->toe_off_s - c->initial_contact_s < step_s)
        return NAN;
    return 2 * sqrt(2 * l * h - h * h);
}

/* A foot IMU's stride from contact c to the next: the swing between their toe-offs
 * (contact_event.foot_distance_m), walking or (since 0.10.0, by brief stances) running; NAN when
 * the swing could not be integrated. */
static double foot_stride_length(const contact_event *c, const contact_event *next)
{
    double length = next->foot_distance_m - c->foot_distance_m;
    return length > 0 ? length : NAN;
}

/* Whether the device flagged a row at its range limit (measure_add_clipped) in the step that
 * ends at contact c (step_s long, or a stride when not known), or within MEASURE_CLIPPED_REACH_S of
 * it: a lower-back sensor's trunk travel and pitch are read over that step (detect_imu.c), and a
 * peak cut at the limit reads a smaller travel (a simulated run clipped at +-1.5 g: 19 % less)
 * and tilts the gravity direction. */
static int step_clipped(const measure *m, int side, const contact_event *c, double step_s)
{
    double end = c->initial_contact_s + MEASURE_CLIPPED_REACH_S;
    return span_list_time_within(&m->clipped[side], end - step_s - 2 * MEASURE_CLIPPED_REACH_S,
                                 end) > 0;
}

/* Stride k of a side: from contact k to contact k + 1 of the same foot. */
static void fill_stride(const measure *m, int side, long k, stride_row *row)
{
    const contact_list *self = &m->contacts[side], *other = &m->contacts[!side];
    const contact_event *c = &self->items[k], *next = &self->items[k + 1];
    memset(row, 0, sizeof *row);
    row->side[0] = side ? 'R' : 'L';
    row->initial_contact_s = c->initial_contact_s;
    row->toe_off_s = c->toe_off_s;
    row->contact_time_s = c->toe_off_s - c->initial_contact_s;
    row->stride_time_s = next->initial_contact_s - c->initial_contact_s;
    row->swing_time_s = next->initial_contact_s - c->toe_off_s;
    row->duty_factor = row->contact_time_s / row->stride_time_s;
    row->heel_off_s = c->heel_off_s;
    row->heel_contact_share = (c->heel_off_s - c->initial_contact_s) / row->contact_time_s;
    row->peak_tibial_acceleration_g = c->peak_tibial_g;
    row->vertical_oscillation_m = c->vertical_oscillation_m;
    row->trunk_pitch_deg = contact_pitch(m, c);
    row->peak_force_N = c->peak_force;
    row->pushoff_peak_N = c->pushoff_peak;
    row->pushoff_impulse_Ns = c->pushoff_impulse;
    row->loading_rate_N_per_s = c->loading_rate;
    row->step_time_s = row->flight_time_s = row->double_support_s = NAN;
    long o = m->latest_other[side][k];
    if (o >= 0) {
        const contact_event *previous = &other->items[o];
        double step = c->initial_contact_s - previous->initial_contact_s;
        if (step < row->stride_time_s) {
            row->step_time_s = step;
        }
        /* flight and double support need final contacts (a lower-back sensor's may be NaN) */
        if (step < row->stride_time_s && !isnan(c->toe_off_s) && !isnan(previous->toe_off_s)) {
            double airborne = c->initial_contact_s - previous->toe_off_s;
            row->flight_time_s = airborne > 0 ? airborne : 0;
            double support = 0;
            for (; o < other->count && other->items[o].initial_contact_s < c->toe_off_s; o++)
                support += overlap(c->initial_contact_s, c->toe_off_s,
                                   other->items[o].initial_contact_s, other->items[o].toe_off_s);
            row->double_support_s = support;
        }
    }
    int clipped = step_clipped(m, side, c,
                               isfinite(row->step_time_s) ? row->step_time_s : row->stride_time_s);
    if (clipped) row->vertical_oscillation_m = row->trunk_pitch_deg = NAN;
    row->step_length_m = clipped ? NAN : pendulum_step_length(&m->config, c, row->step_time_s);
    row->stride_length_m = foot_stride_length(c, next);
    row->walking_speed_m_per_s = isfinite(row->stride_length_m)
                                     ? row->stride_length_m / row->stride_time_s
                                     : row->step_length_m / row->step_time_s;
    spring_mass(&m->config, row);
    /* the oscillation is the step's that ends at this contact; its length is half the map's
     * stride length, or else the running speed times that step's time, or else (since 0.10.0)
     * half this stride's length from shoe IMUs */
    double known_step_m = m->config.stride_length_m > 0 ? m->config.stride_length_m / 2
                          : m->config.speed_m_per_s > 0 ? m->config.speed_m_per_s * row->step_time_s
                                                        : row->stride_length_m / 2;
    row->vertical_ratio = known_step_m > 0 ? row->vertical_oscillation_m / known_step_m : NAN;
    row->bridged_near_events_s = bridged_near_events(&m->bridges[side], c);
    row->tibial_shock_clipped_s =
        isfinite(row->peak_tibial_acceleration_g)
            ? span_list_time_within(&m->clipped[side], c->initial_contact_s,
                                    c->initial_contact_s + DETECT_SHOCK_WINDOW_S)
            : 0;
    const char *reason = invalid_reason(m, side, k, row);
    row->valid = reason == NULL;
    if (reason) snprintf(row->invalid_reason, sizeof row->invalid_reason, "%s", reason);
}

long measure_strides(const measure *m, long first, long count, stride_row *rows)
{
    long n = 0;
    for (long i = first; i < first + count && i < m->result.stride_count; i++) {
        uint32_t entry = m->order[i];
        fill_stride(m, (entry & RIGHT_BIT) != 0, (long)(entry & ~RIGHT_BIT), &rows[n++]);
    }
    return n;
}

int measure_commonest_invalid_reason(const measure_result *measured, char *out, size_t size)
{
    enum { ROWS = 256, REASONS = 8 };
    stride_row *rows = malloc(ROWS * sizeof *rows);
    char reasons[REASONS][32] = {{0}};
    long counts[REASONS] = {0};
    int kinds = 0, commonest = -1;
    for (long first = 0; rows && first < measured->stride_count; first += ROWS) {
        long n = measure_strides(measured->source, first, ROWS, rows);
        for (long i = 0; i < n; i++) {
            int k = 0;
            while (k < kinds && strcmp(reasons[k], rows[i].invalid_reason) != 0)
                k++;
            if (k == kinds && kinds == REASONS) continue;
            if (k == kinds)
                snprintf(reasons[kinds++], sizeof reasons[0], "%s", rows[i].invalid_reason);
            if (++counts[k] > (commonest < 0 ? 0 : counts[commonest])) commonest = k;
        }
    }
    free(rows);
    if (commonest < 0 || !reasons[commonest][0]) return -1;
    snprintf(out, size, "%s", reasons[commonest]);
    return 0;
}

/* For each contact, the other foot's latest contact that starts before it (-1 for none): one
 * merge-like pass over the two sorted lists, so each stride finds its step partner at once. */
static int link_sides(measure *m)
{
    for (int side = 0; side < 2; side++) {
        const contact_list *self = &m->contacts[side], *other = &m->contacts[!side];
        m->latest_other[side] = calloc((size_t)self->count + 1, sizeof(long));
        if (!m->latest_other[side]) return GB_E_NOMEM;
        long o = -1;
        for (long k = 0; k < self->count; k++) {
            while (o + 1 < other->count &&
                   other->items[o + 1].initial_contact_s < self->items[k].initial_contact_s)
                o++;
            m->latest_other[side][k] = o;
        }
    }
    return 0;
}

/* Merges the two sides' strides by initial contact (ties: left first), so the table is in time
 * order. */
static void build_order(measure *m)
{
    long left = strides_of(m, 0), right = strides_of(m, 1), l = 0, r = 0, n = 0;
    while (l < left || r < right) {
        int take_right = l == left || (r < right && m->contacts[1].items[r].initial_contact_s <
                                                        m->contacts[0].items[l].initial_contact_s);
        m->order[n++] = take_right ? (uint32_t)r++ | RIGHT_BIT : (uint32_t)l++;
    }
    m->result.stride_count = n;
}

/* Segment rows of both sides, their sums zeroed; segment_counts gets one count per row and
 * measure. */
static int segments_create(measure *m, long **segment_counts)
{
    measure_result *res = &m->result;
    double length = m->config.segment_s;
    long per_side = (long)ceil(m->config.duration_s / length);
    if (per_side < 1) per_side = 1;
    long rows = per_side * 2;
    res->segments = calloc((size_t)rows, sizeof *res->segments);
    *segment_counts = calloc((size_t)rows * MEASURE_COUNT, sizeof **segment_counts);
    if (!res->segments || !*segment_counts) return GB_E_NOMEM;
    for (long s = 0; s < per_side; s++)
        for (int side = 0; side < 2; side++) {
            segment_row *row = &res->segments[2 * s + side];
            row->segment = (int)s;
            row->side[0] = side ? 'R' : 'L';
            row->start_s = (double)s * length;
            row->end_s = row->start_s + length;
        }
    res->segment_count = rows;
    return 0;
}

#define RUN_FLIGHT_MIN_S 0.005 /* a median flight over this, with no double support, is running */
#define WALK_DOUBLE_SUPPORT_S 0.01 /* a median double support over this is walking */

/* Running has flight and no double support: walks have 0.1 s of double support or more (0.105 s
 * the least of this project's 163 real walks), so a short flight is enough where there is none
 * (190 steps/min with 0.30 s contacts flies 16 ms: until 0.17.0 20 ms was asked, and that was
 * called walking). Without final contacts, neither is known. The lower back's walking detector
 * leaves them out (its running one times every stance's end) at brisk cadences, where the other
 * foot's push-off merges into the landing, so that is walking. (Until 0.17.0 the cadence decided
 * there, and a walk at 140 steps/min was called running.) Shank accelerometers alone never time
 * them, and a single leg's shank or shoe IMU has no other foot for them: the map's activity
 * decides, or else the cadence (measure.h, untimed_run_cadence_spm). */
static const char *activity_of(const measure *m, long strides, double flight_s,
                               double double_support_s, double cadence_spm)
{
    if (strides == 0) return "none";
    const measure_config *config = &m->config;
    if (isnan(flight_s) && isnan(double_support_s) && config->untimed_run_cadence_spm > 0) {
        if (config->declared_activity[0]) return config->declared_activity;
        return cadence_spm >= config->untimed_run_cadence_spm ? "run" : "walk";
    }
    return flight_s > RUN_FLIGHT_MIN_S && !(double_support_s > WALK_DOUBLE_SUPPORT_S) ? "run"
                                                                                      : "walk";
}

/* One pass over a side's strides, each made once: a valid stride's measures go into its segment's
 * sums and into the side's summary columns (columns[k * stride + i], counts[k] each). Then the
 * side's segment sums become means. */
static void collect_side(measure *m, int side, long *segment_counts, double *columns, long stride,
                         long *counts, long *bridged, long *clipped)
{
    measure_result *res = &m->result;
    double length = m->config.segment_s;
    long per_side = res->segment_count / 2;
    for (int k = 0; k < MEASURE_COUNT; k++)
        counts[k] = 0;
    for (long i = 0; i < strides_of(m, side); i++) {
        stride_row r;
        fill_stride(m, side, i, &r);
        if (!r.valid) continue;
        *bridged += r.bridged_near_events_s > 0;
        *clipped += r.tibial_shock_clipped_s > 0;
        long s = (long)floor(r.initial_contact_s / length);
        long row = s >= 0 && s < per_side ? 2 * s + side : -1;
        for (int k = 0; k < MEASURE_COUNT; k++) {
            double v = value_of(&r, k);
            if (isnan(v)) continue;
            columns[k * stride + counts[k]++] = v;
            if (row < 0) continue;
            res->segments[row].mean[k] += v;
            segment_counts[row * MEASURE_COUNT + k]++;
        }
    }
    for (long row = side; row < res->segment_count; row += 2) {
        segment_row *seg = &res->segments[row];
        for (int k = 0; k < MEASURE_COUNT; k++) {
            long n = segment_counts[row * MEASURE_COUNT + k];
            seg->mean[k] = n > 0 ? seg->mean[k] / (double)n : NAN;
        }
        seg->strides = (int)segment_counts[row * MEASURE_COUNT + MEASURE_STRIDE_TIME];
        seg->cadence_spm = seg->strides > 0 ? 120.0 / seg->mean[MEASURE_STRIDE_TIME] : NAN;
        snprintf(seg->activity, sizeof seg->activity, "%s",
                 activity_of(m, seg->strides, seg->mean[MEASURE_FLIGHT_TIME],
                             seg->mean[MEASURE_DOUBLE_SUPPORT], seg->cadence_spm));
    }
}

/* Drift: least-squares slope of segment means against segment mid-times, as % of the mean per 10
 * min. Segments with fewer than MIN_SEGMENT_STRIDES strides say too little and are left out. */
static double drift(const measure *m, char side, int which, double mean)
{
    const measure_result *res = &m->result;
    double *x = calloc((size_t)res->segment_count + 1, sizeof *x);
    double *y = calloc((size_t)res->segment_count + 1, sizeof *y);
    size_t n = 0;
    double slope = NAN;
    for (long i = 0; x && y && i < res->segment_count; i++) {
        const segment_row *s = &res->segments[i];
        if (s->side[0] != side || s->strides < MIN_SEGMENT_STRIDES || isnan(s->mean[which]))
            continue;
        x[n] = 0.5 * (s->start_s + s->end_s);
        y[n++] = s->mean[which];
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    if (n >= MIN_DRIFT_SEGMENTS && mean != 0 &&
        gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) == 0)
        slope = c1 * 600.0 / mean * 100.0;
    free(x);
    free(y);
    return slope;
}

static void summarise_measure(measure *m, int side, int k, double *values, long n, double weight)
{
    measure_result *res = &m->result;
    side_summary *s = &res->summary[side * MEASURE_COUNT + k];
    s->side[0] = side ? 'R' : 'L';
    snprintf(s->measure, sizeof s->measure, "%s", measures[k].name);
    measure_unit(&measures[k], m->config.force_unit, s->unit, sizeof s->unit);
    s->count = (int)n;
    /* a sum and a sum of squares: gsl_stats_mean and _sd_m update a running mean with one
     * division per value, several times slower over a day's 80,000 strides */
    gsl_vector_const_view column = gsl_vector_const_view_array(values, n > 0 ? (size_t)n : 1);
    s->mean = n > 0 ? gsl_vector_sum(&column.vector) / (double)n : NAN;
    s->sd = n > 1 ? sqrt(gsl_stats_tss_m(values, 1, (size_t)n, s->mean) / (double)(n - 1)) : NAN;
    s->cv_pct = s->mean != 0 ? 100.0 * s->sd / fabs(s->mean) : NAN;
    s->median = median_of(values, n); /* reorders values: used last */
    s->drift_pct_per_10min = drift(m, s->side[0], k, s->mean);
    s->mean_per_body_weight = strncmp(measures[k].unit, "force", 5) == 0 ? s->mean / weight : NAN;
}

/* One side's segments and summary rows. The sides share no data, so they may run side by side. */
typedef struct side_work {
    measure *m;
    int side;
    long *segment_counts;
    double *columns; /* columns[k * stride + i]: each measure's values */
    long stride;
    long counts[MEASURE_COUNT];
    long bridged; /* valid strides with samples bridged near their events */
    long clipped; /* valid strides whose tibial shock was at the range limit */
    double weight;
} side_work;

static void *summarise_side(void *arg)
{
    side_work *w = arg;
    collect_side(w->m, w->side, w->segment_counts, w->columns, w->stride, w->counts, &w->bridged,
                 &w->clipped);
    for (int k = 0; k < MEASURE_COUNT; k++)
        summarise_measure(w->m, w->side, k, w->columns + k * w->stride, w->counts[k], w->weight);
    return NULL;
}

/* Both sides' values of measure k into m->scratch (the summary's medians reordered each side's
 * column: a median of both does not depend on the order); returns their number. */
static long both_sides_column(measure *m, const side_work work[2], int k)
{
    long n = 0;
    for (int side = 0; side < 2; side++) {
        memcpy(m->scratch + n, work[side].columns + k * work[side].stride,
               sizeof(double) * (size_t)work[side].counts[k]);
        n += work[side].counts[k];
    }
    return n;
}

/* A second thread pays for itself only on long recordings (tens of microseconds to start). */
#define THREADED_SUMMARY_MIN_STRIDES 2000

/* Segments, per-side summaries, asymmetries, cadence and activity: one pass over each side's
 * strides. */
static int summarise(measure *m)
{
    measure_result *res = &m->result;
    double weight = m->config.force_is_newton && m->config.body_mass_kg > 0
                        ? m->config.body_mass_kg * STANDARD_GRAVITY
                        : NAN;
    long stride = strides_of(m, 0) > strides_of(m, 1) ? strides_of(m, 0) : strides_of(m, 1);
    stride++;
    long *segment_counts = NULL;
    side_work work[2];
    for (int side = 0; side < 2; side++)
        work[side] = (side_work){.m = m, .side = side, .stride = stride, .weight = weight};
    work[0].columns = calloc((size_t)stride * MEASURE_COUNT, sizeof(double));
    work[1].columns = calloc((size_t)stride * MEASURE_COUNT, sizeof(double));
    int rc = work[0].columns && work[1].columns ? segments_create(m, &segment_counts) : GB_E_NOMEM;
    if (rc != 0) goto done;
    work[0].segment_counts = work[1].segment_counts = segment_counts;
    pthread_t helper;
    int threaded = m->config.threads == 2 && stride > THREADED_SUMMARY_MIN_STRIDES &&
                   pthread_create(&helper, NULL, summarise_side, &work[1]) == 0;
    summarise_side(&work[0]);
    if (threaded)
        pthread_join(helper, NULL);
    else
        summarise_side(&work[1]);
    res->summary_count = 2 * MEASURE_COUNT;
    long valid = both_sides_column(m, work, MEASURE_STRIDE_TIME);
    res->valid_strides = valid;
    res->valid_strides_bridged = work[0].bridged + work[1].bridged;
    res->valid_strides_shock_clipped = work[0].clipped + work[1].clipped;
    res->cadence_spm = valid > 0 ? 120.0 / median_of(m->scratch, valid) : NAN;
    /* the median: steps misread while bending or turning move it less than the mean (mobgap's
     * HA_002 free walk: mean 28.4, median 23.5 degrees) */
    res->trunk_pitch_deg = median_of(m->scratch, both_sides_column(m, work, MEASURE_TRUNK_PITCH));
    res->step_length_m = median_of(m->scratch, both_sides_column(m, work, MEASURE_STEP_LENGTH));
    res->stride_length_m = median_of(m->scratch, both_sides_column(m, work, MEASURE_STRIDE_LENGTH));
    res->walking_speed_m_per_s =
        median_of(m->scratch, both_sides_column(m, work, MEASURE_WALKING_SPEED));
    /* the left foot's medians say whether there was flight or double support */
    double flight = res->summary[MEASURE_FLIGHT_TIME].median;
    double support = res->summary[MEASURE_DOUBLE_SUPPORT].median;
    for (int k = 0; k < MEASURE_COUNT; k++) {
        asymmetry_row *a = &res->asymmetry[res->asymmetry_count++];
        snprintf(a->measure, sizeof a->measure, "%s", measures[k].name);
        measure_unit(&measures[k], m->config.force_unit, a->unit, sizeof a->unit);
        a->left_mean = res->summary[k].mean;
        a->right_mean = res->summary[MEASURE_COUNT + k].mean;
        double sum = a->left_mean + a->right_mean;
        a->symmetry_index_pct =
            sum != 0 ? (a->right_mean - a->left_mean) / (0.5 * sum) * 100.0 : NAN;
        a->left_share_pct = sum != 0 ? a->left_mean / sum * 100.0 : NAN;
    }
    snprintf(res->activity, sizeof res->activity, "%s",
             activity_of(m, valid, flight, support, res->cadence_spm));
done:
    free(work[0].columns);
    free(work[1].columns);
    free(segment_counts);
    return rc;
}

/* A lower-back sensor's steps are no gait where the trunk hardly rises and falls over them
 * (MEASURE_GAIT_TRAVEL_MIN_M): the centre of mass rises 2.7 cm per step at 0.7 m/s, more when
 * faster (Orendurff et al. 2004, J Rehabil Res Dev 41:829), and by the inverted pendulum a
 * 0.25 m step with 0.9 m legs still lifts it 0.9 cm. Vibration (a car, a bus) or pedalling rocks
 * a seated trunk in rhythms the detector takes for steps, but moves it some millimetres. Each step
 * is judged by the median over the steps around it, both feet's in time order and no further than
 * a break of MEASURE_BOUT_BREAK_S: a median keeps the edge where a walk to the car meets the drive
 * after it, and over 41 steps it parts them widely (the simulated car rides and cycling of
 * tests/cli/seated_ride.py: 0.47-0.57 cm, at most 0.68; the Mobilise-D example's walking, 100 and
 * 25 Hz: at least 1.14 cm; over 15 steps these were 0.94 and 0.70). A run of STILL_STEPS_MIN
 * still steps or more is a still span.
 * The median is outvoted where the detector took a stand's sway or a jolt for steps and they
 * outnumber a short walk's (11 such before a 9-step straight walk made a whole trial no gait:
 * a Mobilise-D trial drawn out in time, its first second distorted), so LIFTING_STEPS_MIN steps
 * in a row that each lifted the trunk LIFTING_TRAVEL_M or more are gait whatever their window
 * holds: the simulated rides' bumps lift it so for two steps in a row at the most, each of the
 * example's trials for 4 to 10 in its longest run (drawn out 1.6 times, 4 to 8). */
#define STILL_WINDOW_STEPS 41
#define STILL_STEPS_MIN 4
#define LIFTING_TRAVEL_M 0.015
#define LIFTING_STEPS_MIN 4

/* The side whose contact next[side] comes first in time, both feet's merged; -1 when both lists
 * are used up. */
static int earlier_side(const measure *m, const long next[2])
{
    const contact_list *left = &m->contacts[0], *right = &m->contacts[1];
    if (next[0] >= left->count) return next[1] < right->count ? 1 : -1;
    if (next[1] >= right->count) return 0;
    return right->items[next[1]].initial_contact_s < left->items[next[0]].initial_contact_s;
}

/* A still step window's counts: the steps in it with a trunk travel, and those under the line. */
typedef struct travel_window {
    long travelled, under;
} travel_window;

static void window_count(travel_window *w, double travel_m, long sign)
{
    if (!isfinite(travel_m)) return;
    w->travelled += sign;
    w->under += sign * (travel_m < MEASURE_GAIT_TRAVEL_MIN_M);
}

/* Marks lifting[i] for the steps in runs of LIFTING_STEPS_MIN or more that each lifted the trunk
 * LIFTING_TRAVEL_M or more, none after a break of MEASURE_BOUT_BREAK_S: gait, whatever the median
 * around them (find_still). */
static void mark_lifting_runs(const double *times, const double *travel, long n, char *lifting)
{
    long start = 0; /* the run under way is [start, i) */
    for (long i = 0; i <= n; i++) {
        int lifts = i < n && travel[i] >= LIFTING_TRAVEL_M;
        if (lifts && (i == start || times[i] - times[i - 1] <= MEASURE_BOUT_BREAK_S)) continue;
        memset(lifting + start, i - start >= LIFTING_STEPS_MIN, (size_t)(i - start));
        if (i < n && !lifts) lifting[i] = 0;
        start = lifts ? i : i + 1; /* a lifting step after a break starts the next run */
    }
}

/* The still spans (m->still): runs of STILL_STEPS_MIN still steps or more, first to last initial
 * contact. A step is still when more than half of the steps around it with a travel moved the
 * trunk less than MEASURE_GAIT_TRAVEL_MIN_M (their median is under it), unless it is in a lifting
 * run (mark_lifting_runs); the window [from, to] slides with the step, both ends only ever moving
 * on, so this costs a few additions a step. The steps' travel goes into m->scratch. */
static int find_still(measure *m)
{
    long n = m->contacts[0].count + m->contacts[1].count, next[2] = {0, 0}, run = 0;
    double *times = malloc((size_t)(n + 1) * sizeof *times), *travel = m->scratch, first_s = NAN;
    char *lifting = malloc((size_t)n + 1);
    if (!times || !lifting) {
        free(times);
        free(lifting);
        return GB_E_NOMEM;
    }
    int side, rc = 0;
    for (long i = 0; (side = earlier_side(m, next)) >= 0; i++) {
        const contact_event *c = &m->contacts[side].items[next[side]++];
        times[i] = c->initial_contact_s;
        travel[i] = c->vertical_oscillation_m;
    }
    mark_lifting_runs(times, travel, n, lifting);
    const long half = STILL_WINDOW_STEPS / 2;
    long from = 0, to = -1;
    travel_window w = {0, 0};
    for (long i = 0; i < n && rc == 0; i++) {
        /* after a break the window starts afresh; it reaches half back, half on, no break */
        long first = i > 0 && times[i] - times[i - 1] > MEASURE_BOUT_BREAK_S ? i : i - half;
        for (; from < first; from++)
            window_count(&w, travel[from], -1);
        for (; to < i; to++)
            window_count(&w, travel[to + 1], 1);
        for (;
             to + 1 < n && to + 1 - i <= half && times[to + 1] - times[to] <= MEASURE_BOUT_BREAK_S;
             to++)
            window_count(&w, travel[to + 1], 1);
        int still = w.travelled >= STILL_STEPS_MIN && 2 * w.under > w.travelled && !lifting[i];
        if (still && run++ == 0) first_s = times[i];
        if ((!still || i == n - 1) && run > 0) {
            long last = still ? i : i - 1;
            if (run >= STILL_STEPS_MIN) rc = span_list_add(&m->still, first_s, times[last]);
            run = 0;
        }
    }
    free(times);
    free(lifting);
    return rc;
}

/* Mobilise-D's stride selection before its walking bouts are assembled (as mobgap's
 * StrideSelection applies it; Mico-Amigo et al. 2023, J NeuroEng Rehabil 20:78): a stride lasts
 * 0.2 to 3 s and, where its length is known (foot IMUs), covers at least 0.15 m. A shuffle with
 * 4 s between a foot's contacts is no stride of a walk. */
#define BOUT_STRIDE_MIN_S 0.2
#define BOUT_STRIDE_MAX_S 3.0
#define BOUT_STRIDE_MIN_M 0.15
/* strides a bout needs: four (mobgap's WbAssembly), two of each foot as before 0.14.0 (insoles
 * whose one foot went unread for minutes made bouts of the other's contacts alone, at half the
 * cadence: PhysioNet's als5, 178-299 s), or with a sensor on one foot only two of that foot, the
 * same time on the feet */
#define BOUT_STRIDES_MIN 4
#define BOUT_STRIDES_MIN_EACH_FOOT 2
#define BOUT_STRIDES_MIN_ONE_FOOT 2

static int bout_stride(const contact_event *c, const contact_event *next)
{
    double duration_s = next->initial_contact_s - c->initial_contact_s;
    return duration_s >= BOUT_STRIDE_MIN_S && duration_s <= BOUT_STRIDE_MAX_S &&
           !(foot_stride_length(c, next) < BOUT_STRIDE_MIN_M);
}

/* The first contact at or after *k of a side whose stride to the next is a bout's (bout_stride),
 * outside the still spans (find_still); 0 when none is left. */
static int next_bout_stride(const contact_list *list, const span_list *still, long *k)
{
    while (*k + 1 < list->count && (!bout_stride(&list->items[*k], &list->items[*k + 1]) ||
                                    within_span(still, list->items[*k].initial_contact_s)))
        (*k)++;
    return *k + 1 < list->count;
}

/* Whether a run of strides, per_side[0] left and per_side[1] right, makes a bout. */
static int enough_strides(const long per_side[2], int one_sided)
{
    if (one_sided) return per_side[0] + per_side[1] >= BOUT_STRIDES_MIN_ONE_FOOT;
    return per_side[0] + per_side[1] >= BOUT_STRIDES_MIN &&
           per_side[0] >= BOUT_STRIDES_MIN_EACH_FOOT && per_side[1] >= BOUT_STRIDES_MIN_EACH_FOOT;
}

/* The walking bouts' spans, first to last initial contact, as Mobilise-D assembles them (mobgap's
 * WbAssembly): both feet's strides in order of their start, a bout ending where a stride starts
 * more than MEASURE_BOUT_BREAK_S after the one before it ended, or after a still span between
 * them, and kept with enough strides. */
static int bout_spans(const measure *m, int one_sided, span_list *spans)
{
    const contact_list *sides[2] = {&m->contacts[0], &m->contacts[1]};
    long next[2] = {0, 0}, per_side[2] = {0, 0};
    double start_s = NAN, end_s = NAN, last_end_s = NAN;
    for (;;) {
        int has[2] = {next_bout_stride(sides[0], &m->still, &next[0]),
                      next_bout_stride(sides[1], &m->still, &next[1])};
        if (!has[0] && !has[1]) break;
        int side = !has[0] || (has[1] && sides[1]->items[next[1]].initial_contact_s <
                                             sides[0]->items[next[0]].initial_contact_s);
        const contact_event *c = &sides[side]->items[next[side]++];
        double from_s = c->initial_contact_s, to_s = c[1].initial_contact_s;
        int under_way = per_side[0] + per_side[1] > 0;
        if (under_way &&
            (from_s - last_end_s > MEASURE_BOUT_BREAK_S ||
             (m->still.count > 0 && span_list_time_within(&m->still, last_end_s, from_s) > 0))) {
            if (enough_strides(per_side, one_sided) && span_list_add(spans, start_s, end_s) != 0)
                return GB_E_NOMEM;
            per_side[0] = per_side[1] = 0;
            under_way = 0;
        }
        if (!under_way) start_s = from_s, end_s = to_s;
        per_side[side]++;
        end_s = fmax(end_s, to_s);
        last_end_s = to_s;
    }
    if (enough_strides(per_side, one_sided) && span_list_add(spans, start_s, end_s) != 0)
        return GB_E_NOMEM;
    return 0;
}

/* The steps of a bout that have a length (pendulum_step_length), and its strides that have one
 * (foot_stride_length): their sums. */
typedef struct walked {
    double length_m, time_s;
    long steps;
    double stride_length_m, stride_time_s;
    long strides;
} walked;

/* A bout from its span and the intervals between its contacts, steps[0 .. contacts - 2]; with a
 * sensor on one foot only (one_sided, since 0.10.0: a single shoe pod) those are strides of two
 * steps each. */
static void add_bout(measure_result *res, const double span[2], long contacts, double *steps,
                     const walked *w, int one_sided)
{
    bout_row *b = &res->bouts[res->bout_count];
    b->bout = (int)res->bout_count++;
    b->start_s = span[0];
    b->end_s = span[1];
    b->duration_s = span[1] - span[0];
    b->steps = (int)(one_sided ? 2 * contacts - 1 : contacts);
    b->cadence_spm = (one_sided ? 120.0 : 60.0) / median_of(steps, contacts - 1);
    b->step_length_m = w->steps > 0 ? w->length_m / (double)w->steps : NAN;
    b->stride_length_m = w->strides > 0 ? w->stride_length_m / (double)w->strides : NAN;
    b->walking_speed_m_per_s = w->strides > 0 ? w->stride_length_m / w->stride_time_s
                               : w->steps > 0 ? w->length_m / w->time_s
                                              : NAN;
}

/* Bouts (measure.h): their spans (bout_spans), then both feet's contacts within each, merged in
 * time order. The step times of the bout under way go into m->scratch (room for every contact). */
static int bouts_create(measure *m)
{
    measure_result *res = &m->result;
    const contact_list *left = &m->contacts[0], *right = &m->contacts[1];
    /* contacts of one foot only: a sensor on one foot, or a lower-back sensor whose steps all
     * came out on one side, which has no bouts (its intervals are steps, not strides) */
    int one_foot = left->count == 0 || right->count == 0;
    int one_sided = one_foot && !m->config.steps_alternate;
    span_list spans = {0};
    if (!(one_foot && m->config.steps_alternate) && bout_spans(m, one_sided, &spans) != 0) {
        span_list_free(&spans);
        return GB_E_NOMEM;
    }
    res->bouts = calloc((size_t)spans.count + 1, sizeof *res->bouts);
    if (!res->bouts) {
        span_list_free(&spans);
        return GB_E_NOMEM;
    }
    long next[2] = {0, 0}, span = 0, contacts = 0;
    int side;
    double last_s = NAN;
    walked w = {0};
    while (span < spans.count && (side = earlier_side(m, next)) >= 0) {
        const contact_list *own = &m->contacts[side];
        long index = next[side]++;
        const contact_event *e = &own->items[index];
        double t = e->initial_contact_s;
        for (; span < spans.count && t > spans.spans[span][1]; span++) { /* past its end */
            add_bout(res, spans.spans[span], contacts, m->scratch, &w, one_sided);
            contacts = 0;
            w = (walked){0};
        }
        if (span == spans.count || t < spans.spans[span][0]) continue; /* between bouts */
        if (contacts++ > 0) {
            m->scratch[contacts - 2] = t - last_s; /* the bout's step times */
            double length = step_clipped(m, side, e, t - last_s)
                                ? NAN
                                : pendulum_step_length(&m->config, e, t - last_s);
            if (isfinite(length)) w.length_m += length, w.time_s += t - last_s, w.steps++;
            /* the same foot's contact before, when it is in this bout: the stride that ends here,
             * when it is one of the bout's (a foot's 4 s pause inside it is none) */
            const contact_event *before = index > 0 ? &own->items[index - 1] : NULL;
            double stride = before && before->initial_contact_s >= spans.spans[span][0] &&
                                    bout_stride(before, e)
                                ? foot_stride_length(before, e)
                                : NAN;
            if (isfinite(stride))
                w.stride_length_m += stride, w.stride_time_s += t - before->initial_contact_s,
                    w.strides++;
        }
        last_s = t;
    }
    if (span < spans.count) add_bout(res, spans.spans[span], contacts, m->scratch, &w, one_sided);
    span_list_free(&spans);
    return 0;
}

/* The median of field over the bouts from..to - 1 that have it (values: room for them). */
static double bouts_median(const bout_row *bouts, long from, long to, size_t field, double *values)
{
    long n = 0;
    for (long b = from; b < to; b++) {
        double v;
        memcpy(&v, (const char *)&bouts[b] + field, sizeof v);
        if (isfinite(v)) values[n++] = v;
    }
    return median_of(values, n);
}

int measure_set_unworn(measure *m, const double (*spells)[2], long count)
{
    m->unworn.count = 0;
    for (long k = 0; k < count; k++)
        if (span_list_add(&m->unworn, spells[k][0], spells[k][1]) != 0) return GB_E_NOMEM;
    m->unworn_judged = 1;
    return 0;
}

/* The day that holds time t (recording seconds), whose first day ends at first_end_s. */
static long day_of(double t, double first_end_s)
{
    return t < first_end_s ? 0 : 1 + (long)floor((t - first_end_s) / MEASURE_DAY_S);
}

/* Days (measure.h), from the bouts: each bout in the day it starts in. The dates come from the
 * start's date by whole days, so a clock change in the night moves no midnight by an hour. */
static int days_create(measure *m)
{
    measure_result *res = &m->result;
    const measure_config *config = &m->config;
    double duration =
        isfinite(config->duration_s) && config->duration_s > 0 ? config->duration_s : 0;
    double first_end = config->clock_known ? MEASURE_DAY_S - config->start_clock_s : MEASURE_DAY_S;
    long count = duration > first_end ? 1 + (long)ceil((duration - first_end) / MEASURE_DAY_S) : 1;
    res->days = calloc((size_t)count, sizeof *res->days);
    double *values = calloc((size_t)res->bout_count + 1, sizeof *values);
    if (!res->days || !values) {
        free(values);
        return GB_E_NOMEM;
    }
    long bout = 0;
    for (long d = 0; d < count; d++) {
        day_row *day = &res->days[d];
        day->day = (int)d + 1;
        day->start_s = d == 0 ? 0 : first_end + (double)(d - 1) * MEASURE_DAY_S;
        day->end_s = fmin(first_end + (double)d * MEASURE_DAY_S, duration);
        day->duration_s = day->end_s - day->start_s;
        if (config->clock_known) {
            time_t midnight = (time_t)((config->start_day + d) * (long)MEASURE_DAY_S);
            struct tm civil;
            /* a year past 9999 does not fit: no date (strftime leaves the text undefined) */
            if (!gmtime_r(&midnight, &civil) ||
                strftime(day->date, sizeof day->date, "%Y-%m-%d", &civil) == 0)
                day->date[0] = '\0';
        }
        long from = bout;
        while (bout < res->bout_count &&
               (d == count - 1 || day_of(res->bouts[bout].start_s, first_end) <= d)) {
            const bout_row *b = &res->bouts[bout++];
            day->steps += b->steps;
            day->gait_s += b->duration_s;
            day->longest_bout_s = fmax(day->longest_bout_s, b->duration_s);
        }
        day->bouts = (int)(bout - from);
        day->cadence_spm =
            bouts_median(res->bouts, from, bout, offsetof(bout_row, cadence_spm), values);
        day->step_length_m =
            bouts_median(res->bouts, from, bout, offsetof(bout_row, step_length_m), values);
        day->stride_length_m =
            bouts_median(res->bouts, from, bout, offsetof(bout_row, stride_length_m), values);
        day->walking_speed_m_per_s =
            bouts_median(res->bouts, from, bout, offsetof(bout_row, walking_speed_m_per_s), values);
        res->gait_s += day->gait_s;
        day->worn_s =
            m->unworn_judged
                ? day->duration_s - span_list_time_within(&m->unworn, day->start_s, day->end_s)
                : NAN;
        res->worn_s += day->worn_s;
    }
    res->day_count = count;
    free(values);
    return 0;
}

int measure_finish(measure *m, const measure_result **result, gb_error *err)
{
    measure_result *res = &m->result;
    long total = m->contacts[0].count + m->contacts[1].count;
    if (total >= (long)RIGHT_BIT)
        return gb_error_set(err, GB_E_UNSUPPORTED, "%ld contacts: more than gaitbatch can index",
                            total);
    m->order = calloc((size_t)total + 1, sizeof *m->order);
    m->scratch = calloc((size_t)total + 1, sizeof *m->scratch);
    if (!m->order || !m->scratch || m->failed || m->bridges_failed)
        return gb_error_set(err, GB_E_NOMEM, "out of memory collecting %ld contacts", total);
    for (int side = 0; side < 2;
         side++) { /* validity compares each stride with its side's median */
        contact_list *list = &m->contacts[side];
        if (!in_order(list)) /* detectors emit in order; a sort is a safeguard */
            qsort(list->items, (size_t)list->count, sizeof *list->items, compare_contacts);
        long n = 0; /* strides across a gap are invalid anyway, and would pull the median up */
        for (long k = 0; k < strides_of(m, side); k++) {
            double from = list->items[k].initial_contact_s,
                   to = list->items[k + 1].initial_contact_s;
            if (!spans_gap(&m->gaps[side], from, to)) m->scratch[n++] = to - from;
        }
        m->median_stride_s[side] = median_of(m->scratch, n);
    }
    if (link_sides(m) != 0) return gb_error_set(err, GB_E_NOMEM, "out of memory linking sides");
    build_order(m);
    res->source = m;
    res->steps = total;
    if (m->config.steps_alternate && find_still(m) != 0)
        return gb_error_set(err, GB_E_NOMEM, "out of memory judging the trunk's travel");
    if (summarise(m) != 0) return gb_error_set(err, GB_E_NOMEM, "out of memory summarising");
    if (bouts_create(m) != 0) return gb_error_set(err, GB_E_NOMEM, "out of memory for bouts");
    if (days_create(m) != 0) return gb_error_set(err, GB_E_NOMEM, "out of memory for days");
    *result = res;
    return 0;
}

void measure_destroy(measure *m)
{
    if (!m) return;
    free(m->contacts[0].items);
    free(m->contacts[1].items);
    for (int side = 0; side < 2; side++) {
        span_list_free(&m->gaps[side]);
        span_list_free(&m->bridges[side]);
        span_list_free(&m->clipped[side]);
    }
    span_list_free(&m->still);
    free(m->order);
    free(m->latest_other[0]);
    free(m->latest_other[1]);
    free(m->result.segments);
    free(m->result.bouts);
    free(m->result.days);
    span_list_free(&m->unworn);
    free(m->scratch);
    free(m);
}
