/* measure: contacts of both feet -> strides, segments and a summary. Pure: no I/O, no printing.
 * Strides run from one initial contact to the next of the same foot. Asymmetry is the symmetry
 * index SI = (R - L) / (0.5 (R + L)) x 100 % (Robinson et al. 1987) and the left share L / (L + R)
 * x 100 %. */
#ifndef GB_MEASURE_H
#define GB_MEASURE_H

#include "../common/gb_error.h"
#include "../detect/detect.h"

/* How near an event a bridged sample may move it: simulated 500 Hz shanks running, 5 % of the rows
 * dropped in runs of 10-50 ms, time their initial contacts as well as the whole recording (within
 * 6.2 ms) when nothing was bridged within 60 ms of their events, and up to 87 ms off else; a line
 * across the feature moves the event past the line's end, so 20 ms missed one 72 ms off (README).
 */
#define MEASURE_BRIDGE_NEAR_S 0.06
/* How far a row at a lower-back sensor's range limit reaches into its trunk measures: the 8 Hz
 * Gaussian low-pass spreads a sample over +-3 SD, about 70 ms (measure_add_clipped). */
#define MEASURE_CLIPPED_REACH_S 0.07

typedef struct stride_row {
    char side[2]; /* "L" or "R" */
    double initial_contact_s, toe_off_s, contact_time_s, swing_time_s, stride_time_s, step_time_s;
    double flight_time_s, double_support_s, duty_factor, heel_off_s;
    double peak_force_N, pushoff_peak_N, pushoff_impulse_Ns, loading_rate_N_per_s;
    double heel_contact_share; /* (heel-off - initial contact) / contact time; NAN without heel
                                  zones */
    double vertical_stiffness_kN_per_m; /* spring-mass model from contact and flight (running) */
    double leg_stiffness_kN_per_m;      /* the same with leg length and running speed */
    double peak_tibial_acceleration_g;  /* shank IMU: the shock after initial contact */
    double vertical_oscillation_m;      /* sacrum IMU: the trunk's travel, step before this IC
                                           (NAN, as the pitch and step length, when the step held
                                           a row its device flagged as clipped) */
    double vertical_ratio;  /* that oscillation / step length (half the map's stride length, or
                               running speed x step time) */
    double trunk_pitch_deg; /* sacrum IMU: the trunk's mean forward pitch over the same step,
                               along the map's forward axis or measure_set_pitch_axis's */
    /* sacrum IMU in walking, with the sensor's height: the length of the step that ends at this
     * contact by the inverted-pendulum model; foot IMU in walking: the length of this stride (its
     * swing, foot_path.h); walking speed: the stride length over the stride time, or else the
     * step length over the step time */
    double step_length_m, stride_length_m, walking_speed_m_per_s;
    /* the time within MEASURE_BRIDGE_NEAR_S of this stride's initial contact or toe-off over which
     * this side's signals were drawn in by bridging short dropouts (measure_add_bridge): an event
     * timed from a straight line is less certain; 0 when they were all recorded there */
    double bridged_near_events_s;
    /* the time within DETECT_SHOCK_WINDOW_S after this stride's initial contact over which its
     * device flagged the accelerometer at its range limit (measure_add_clipped): the peak tibial
     * acceleration is then at least the value given; 0 when nothing there clipped */
    double tibial_shock_clipped_s;
    int valid;
    char invalid_reason[32];
} stride_row;

/* The per-stride measures that summaries, segments and asymmetries are made of: one table. */
enum {
    MEASURE_CONTACT_TIME,
    MEASURE_SWING_TIME,
    MEASURE_STRIDE_TIME,
    MEASURE_STEP_TIME,
    MEASURE_FLIGHT_TIME,
    MEASURE_DOUBLE_SUPPORT,
    MEASURE_DUTY_FACTOR,
    MEASURE_PEAK_FORCE,
    MEASURE_PUSHOFF_PEAK,
    MEASURE_PUSHOFF_IMPULSE,
    MEASURE_LOADING_RATE,
    MEASURE_HEEL_SHARE,
    MEASURE_VERTICAL_STIFFNESS,
    MEASURE_LEG_STIFFNESS,
    MEASURE_TIBIAL_SHOCK,
    MEASURE_VERTICAL_OSCILLATION,
    MEASURE_VERTICAL_RATIO,
    MEASURE_TRUNK_PITCH,
    MEASURE_STEP_LENGTH,
    MEASURE_STRIDE_LENGTH,
    MEASURE_WALKING_SPEED,
    MEASURE_COUNT
};

typedef struct measure_info {
    const char *name; /* column name in /strides */
    const char *unit; /* "s", "1", or "force", "force*s", "force/s": resolved per recording */
    size_t offset;    /* in stride_row */
} measure_info;

const measure_info *measure_get_info(int measure);

typedef struct side_summary {
    char side[2];
    char measure[32];
    char unit[16];
    int count;
    double mean, median, sd, cv_pct;
    double drift_pct_per_10min;  /* linear fit of segment means, relative to the mean */
    double mean_per_body_weight; /* force measures / (m g) when calibrated and mass known */
} side_summary;

typedef struct asymmetry_row {
    char measure[32];
    char unit[16];
    double left_mean, right_mean;
    double symmetry_index_pct; /* (R - L) / (0.5 (R + L)) x 100 */
    double left_share_pct;     /* L / (L + R) x 100 */
} asymmetry_row;

typedef struct segment_row {
    int segment;
    char side[2];
    double start_s, end_s;
    int strides;
    double cadence_spm;
    char activity[8]; /* as the result's, from this side's means in the segment */
    double mean[MEASURE_COUNT];
} segment_row;

/* A bout of walking or running, as Mobilise-D assembles walking bouts (Kluge et al. 2021, PLoS
 * One 16:e0256541; the rules as mobgap applies them): strides of 0.2 to 3 s (and of at least
 * 0.15 m where a shoe IMU gives their length), either foot's in order of their start, no break
 * longer than MEASURE_BOUT_BREAK_S between one stride's end and the next one's start, and at
 * least four of them, two of each foot (a sensor on one foot only: two of that foot). It spans its
 * first to its last initial contact, and its steps are all the initial contacts in that span. */
#define MEASURE_BOUT_BREAK_S 3.0
/* A lower-back sensor's steps over which the trunk rose and fell less than this (the median of
 * the steps around each) are no gait: no bout holds them and their strides are not valid
 * (invalid_reason MEASURE_TRUNK_STILL). Walking lifts the trunk 2-5 cm a step, while a vehicle's
 * vibration or pedalling rocks a seated one some millimetres (measure.c, find_still). */
#define MEASURE_GAIT_TRAVEL_MIN_M 0.009
#define MEASURE_TRUNK_STILL "trunk too still for gait"
typedef struct bout_row {
    int bout;
    double start_s, end_s; /* its first and last initial contact */
    double duration_s;
    int steps;          /* initial contacts in it */
    double cadence_spm; /* 60 / median step time: a pause or a stray step at its ends hardly moves
                           it */
    /* a lower-back sensor in walking, with its height: the mean step length; foot IMUs in walking:
     * the mean stride length; and the distance over the time of the steps (strides) that have a
     * length (NAN otherwise) */
    double step_length_m, stride_length_m, walking_speed_m_per_s;
} bout_row;

/* A day of the recording: cut at the wall clock's midnights when its start time is known
 * (measure_config.clock_known), else into 24 h from its start. A bout counts in the day it starts
 * in; the medians are over the day's bouts that have the measure. */
#define MEASURE_DAY_S 86400.0
typedef struct day_row {
    int day;       /* 1, 2, ... */
    char date[11]; /* YYYY-MM-DD by the recording's clock, "" when its start time is unknown */
    double start_s, end_s, duration_s; /* the part of the recording in this day */
    int bouts, steps;                  /* the day's bouts and the steps in them */
    double gait_s, longest_bout_s;     /* time in bouts (first to last initial contact), longest */
    double worn_s; /* the day less the spells not worn (measure_set_unworn); NAN when not judged */
    double cadence_spm, step_length_m, stride_length_m, walking_speed_m_per_s;
} day_row;

typedef struct measure_config {
    double segment_s;       /* fixed windows, default 60 s */
    double body_mass_kg;    /* NAN when unknown */
    double leg_length_m;    /* NAN when unknown */
    double sensor_height_m; /* a lower-back sensor's, for the step length; NAN when unknown */
    double speed_m_per_s;   /* NAN when unknown */
    double stride_length_m; /* NAN or 0 when unknown */
    int force_is_newton;    /* whether forces are calibrated */
    char force_unit[16];
    double duration_s;
    int threads; /* 2: the two sides' summaries on two threads (the numbers are the same) */
    /* every contact is a step whose side was inferred (a lower-back sensor): a stride must hold
     * exactly one step of the other side, or the sides went wrong around it */
    int steps_alternate;
    /* where flight and double support stay unknown, from leg sensors (shank accelerometers alone,
     * which never time a final contact, since 0.19.0; a single leg's shank or shoe IMU, with no
     * other foot to time them against, since 0.21.0), the activity is the map's
     * (declared_activity, "run" or "walk"), or else running from untimed_run_cadence_spm
     * steps/min. 0: such gait is walking, as from the lower back's walking detector, which
     * leaves final contacts out at brisk cadences only. */
    double untimed_run_cadence_spm;
    char declared_activity[8];
    /* the wall clock at the start, when known (clock_known): its date as days since 1970-01-01
     * and the seconds after that midnight */
    int clock_known;
    long start_day;
    double start_clock_s;
} measure_config;

typedef struct measure measure;

typedef struct measure_result {
    /* Strides are not stored: they are made from the contacts when read (measure_strides), so a
     * recording costs one contact_event (104 bytes) per contact, not a full table row per stride.
     */
    const measure *source;
    long stride_count;
    segment_row *segments;
    long segment_count;
    bout_row *bouts;
    long bout_count;
    day_row *days;
    long day_count;
    side_summary summary[2 * MEASURE_COUNT];
    int summary_count;
    asymmetry_row asymmetry[MEASURE_COUNT];
    int asymmetry_count;
    long valid_strides, steps;
    long valid_strides_bridged;       /* valid strides with samples bridged near their events */
    long valid_strides_shock_clipped; /* valid strides whose tibial shock was at the range limit */
    double cadence_spm;               /* 120 / median valid stride time */
    double trunk_pitch_deg; /* median of the valid strides' trunk pitch, both sides: gait only */
    double step_length_m, stride_length_m, walking_speed_m_per_s; /* medians likewise, or NAN */
    double gait_s;    /* time in bouts, first to last initial contact of each: the days' sum */
    double worn_s;    /* the days' sum; NAN when wear was not judged */
    char activity[8]; /* "run" (flight, no double support), "walk", or "none" */
} measure_result;

measure *measure_create(const measure_config *config, gb_error *err);
/* Collects a contact (the detector's callback); contacts of one side arrive in time order. */
int measure_add_contact(measure *m, const contact_event *event);
/* A run of missing samples in one side's signal, from start_s to end_s (the first sample after
 * it), in time order: a stride of that side across it is invalid however long it looks, since a
 * contact may have been lost in it. */
int measure_add_gap(measure *m, int side, double start_s, double end_s);
/* The spells the sensor was not worn (condition_unworn), in order, in seconds from the start:
 * the days' worn_s is their time less these. Without a call, wear is not judged. */
int measure_set_unworn(measure *m, const double (*spells)[2], long count);
/* A run of one side's samples drawn in by bridging (dsp/gapfill.h), from start_s to end_s (the
 * first sample after it), in order of start; runs that overlap or touch are joined. It touches
 * nothing the contacts and gaps do, so it may come from another thread than they do. */
int measure_add_bridge(measure *m, int side, double start_s, double end_s);
/* A run of one side's samples its device flagged as at its range limit and kept (the reader's
 * recording_keep_clipped), from start_s to end_s (the first sample after it), in order of start;
 * from the same thread as measure_add_bridge. A stride with a tibial shock says how much of it was
 * there (tibial_shock_clipped_s); a step whose trunk travel and pitch were read over one, within
 * MEASURE_CLIPPED_REACH_S, has neither (nor a step length from them). */
int measure_add_clipped(measure *m, int side, double start_s, double end_s);
void measure_on_contact(void *measure_object, const contact_event *event);
/* The recording's length, known once all blocks were read (text files do not say in advance). */
void measure_set_duration(measure *m, double duration_s);
/* A lower-back sensor without a forward axis: the sensor axis (0-2: x-z; sign -1 when it points
 * backwards) its trunk pitch is read along, once known (the one nearest the forward learnt from
 * the steps), so each stride's pitch comes from its contact's mean gravity direction (trunk_up).
 * Before measure_finish. */
void measure_set_pitch_axis(measure *m, int axis, double sign);
/* Builds strides, segments and the summary into result (owned by m until measure_destroy). */
int measure_finish(measure *m, const measure_result **result, gb_error *err);
/* Strides first .. first + count - 1 in time order (by initial contact) into rows; returns how
 * many. */
long measure_strides(const measure *m, long first, long count, stride_row *rows);
/* The invalid_reason most of the strides share, into out (e.g. for a status when none is valid);
 * 0, or -1 when the valid strides are the most, or there is none. */
int measure_commonest_invalid_reason(const measure_result *result, char *out, size_t size);
/* One side's contacts in time order (valid after measure_finish); *count gets their number. */
const contact_event *measure_contacts(const measure *m, int side, long *count);
/* Leg IMUs beside the sensor that makes the strides (insoles; shoe IMUs beside shank IMUs): each
 * contact takes what the IMU's contact of the same side nearest it in initial contact measured
 * and it did not (NAN), when that is under limit_s away: a shoe IMU's foot distance
 * (contact_event.foot_distance_m), so that the strides get its stride lengths, and a shank IMU's
 * tibial shock (peak_tibial_g). Both sides' contacts in time order; before measure_finish. */
void measure_take_legs(measure *m, const measure *imu, double limit_s);
/* Leg sensors or insoles with a lower-back IMU beside them (since 0.10.0): each contact takes
 * the trunk's vertical travel and pitch over the step that ends at it
 * (contact_event.vertical_oscillation_m, trunk_pitch_deg: the pitch as `back` reads it, along its
 * measure_set_pitch_axis axis if it has one) from the lower back's contact nearest it in initial
 * contact, of either side (the lower back's sides are inferred, the step is the same), when
 * under limit_s away (else NAN); with the map's speed or stride length, or shoe IMUs' stride
 * lengths, the strides then get a vertical ratio. Before measure_finish of m, after
 * measure_set_pitch_axis of back. */
void measure_take_trunk(measure *m, const measure *back, double limit_s);
/* Resolves a measure_info unit to the recording's force unit ("N", "N*s", "a.u./s", ...). */
void measure_unit(const measure_info *info, const char *force_unit, char *out, size_t size);
void measure_destroy(measure *m);

#endif
