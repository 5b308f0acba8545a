/* simulate: synthetic insole recordings with ground truth, reproducible from a seed.
 * Each contact's vertical force is a heel hump (0 .. heel_off) plus a forefoot hump (forefoot_on ..
 * 1) over the stance, half-sines in normalised stance time; so truth (initial contact, toe-off,
 * heel-off, push-off impulse and peak) is known exactly. Written in blocks: memory does not grow
 * with length. */
#ifndef GB_SIMULATE_H
#define GB_SIMULATE_H

#include "../common/gb_error.h"

typedef struct simulate_config {
    int running;        /* 1 run, 0 walk */
    double cadence_spm; /* steps per minute */
    double body_mass_kg;
    double contact_time_s; /* running; walking uses 62 % of the stride */
    double duration_s;
    double sample_rate_hz;
    int zones_per_foot;           /* 2: heel, forefoot; 4: heel, midfoot, forefoot, toe */
    double pushoff_deficit_right; /* fraction: 0.10 = right forefoot force 10 % lower */
    double fatigue_pct_per_10min; /* contact time up and push-off down by this much */
    double stride_cv;             /* step-to-step variability of the step time (fraction) */
    double noise_N;               /* Gaussian sensor noise, SD */
    double baseline_drift_N;      /* slow zero-load drift amplitude */
    double clip_N;                /* saturation level (0: none) */
    double dropouts_per_min;      /* 0.2 s sensor dropouts (flat zero; rows left out in CSV) */
    int sensor; /* SIMULATE_INSOLE, SIMULATE_SACRUM (acc + gyro), SIMULATE_SACRUM_ACC, _SHANK */
    int with_insoles;      /* an inertial sensor with insoles beside it: zone channels come first */
    int with_sacrum;       /* leg IMUs (shank or foot) with a lower-back sensor (acc + gyro)
                              beside them: its 6 axes come after the legs' 12 */
    int with_shanks;       /* foot IMUs with shank IMUs beside them, as in full-body sets: the
                              shanks' 12 axes come after the feet's (and before the sacrum's) */
    int accel_only;        /* shank sensors without gyroscopes (tibial accelerometers): each
                              leg's 3 accelerometer axes alone, left then right */
    double tilt_deg;       /* sacrum sensor mounting tilt about its y axis */
    double yaw_deg;        /* sacrum sensor turned about its x axis (up), so that neither y nor z
                              points forward: its forward axis is then unknown */
    double accel_range_g;  /* IMU accelerometer range: axes saturate at +-this (0: never) */
    double heel_off_share; /* stance share before the heel unloads (0: 0.45 run, 0.55 walk) */
    double bout_s, rest_s; /* bouts of bout_s seconds of gait, each followed by rest_s seated (no
                              load, 1 g); bout_s 0: gait throughout */
    double lean_deg;       /* in gait the trunk leans this much further forward than standing */
    double recline_deg;    /* seated, the trunk leans back by this much (sacrum sensors; rests of
                              at least 9 s: sitting down 1 s after a bout, standing up 3 s
                              before the next, each over 1.5 s) */
    unsigned long seed;
    char athlete[64], session[64];
} simulate_config;

enum simulate_sensor {
    SIMULATE_INSOLE = 0,
    SIMULATE_SACRUM,
    SIMULATE_SACRUM_ACC,
    SIMULATE_SHANK,
    SIMULATE_FOOT
};

#define SIMULATE_FOOT_STRIDE_WALK_M 1.40 /* a foot sensor's travel over each swing */
#define SIMULATE_FOOT_STRIDE_RUN_M 2.40

/* beyond these a recording is no gait recording (and its sample count would outgrow a long) */
#define SIMULATE_RATE_MAX_HZ 100000.0
#define SIMULATE_DURATION_MAX_S (30 * 86400.0)

void simulate_config_default(simulate_config *config);

/* Foot sensors (one per shoe): the pitch rate (y) is flat in stance, rises (as sin^3) to a
 * push-off peak at toe-off (550 deg/s walking, 800 running), falls to a half-sine swing lobe that
 * climbs back to zero at initial contact (about -450 deg/s walking), then a heel-rocker bump (+300
 * / +400 deg/s, 150 ms); the lobe is sized so that the rocker leaves the foot flat. Over the swing,
 * from toe-off to initial contact, the sensor moves SIMULATE_FOOT_STRIDE_WALK_M forward (RUN_M
 * running) and 0.1 m up and back down, smoothly (zero velocity at both ends); the accelerometer
 * reads that acceleration and gravity in the pitched sensor's axes (x forward, z up when flat), so
 * the two tell one motion. Gyroscope x and z read noise. Channels per foot, left then right: acc x,
 * y, z (g), gyro x, y, z (deg/s) (.wav and .csv). Running, a foot's landing is planned only when
 * the other foot lands, mid-swing: its travel then ends 3 SD of the step time early, and the foot
 * waits in the air (since 0.10.0; before, the travel changed shape when the landing was planned,
 * which spread a running stride's length by +-7 cm). Its swing lobe still changes when the landing
 * is planned, a few millimetres of a stride.
 * Shank sensors (one per leg): the pitch rate swings +400 deg/s mid-swing between two sharp dips
 * (-300 deg/s, 10 ms SD) at toe-off and initial contact; the axial accelerometer reads 1 g plus a
 * tibial shock topping 10 ms after initial contact (8 g running, 3 g walking; shaped x e^(1-x),
 * from the contact on, since 0.19.0: before, a Gaussian of 8 ms SD), plus the swing's
 * centripetal acceleration about the knee (w^2 r, r = 0.3 m: 1.5 g at mid-swing; since 0.19.0),
 * less the 1 g of gravity in a run's flight (free fall); the other axes read noise. Channels per
 * leg, left then right: acc x (axial), y, z (g), gyro x, y (pitch), z (deg/s) (.wav and .csv).
 * A sacrum sensor (lower back) is simulated as a vertical acceleration pulse at each initial
 * contact on top of 1 g: walking, 0.4 g with 30 ms SD centred 30 ms after the contact (so it rises
 * steepest at the contact), and 0.3 g with 20 ms SD at each toe-off that ends a double support
 * (the lower back's final contacts, detect.h; merged into the first pulse from about 120
 * steps/min); running, a half-sine over the stance with free fall in flight; a yaw
 * rate swinging with the steps (20 cos(pi t / step) deg/s after each contact, negative at left
 * contacts, positive at right ones), a forward acceleration of braking then propulsion (walking:
 * -0.1 g sin(2 pi u) over each step, u its phase; running: -0.25 g sin(2 pi u) over each stance),
 * the whole tipped by tilt_deg about the sensor's y axis and turned by yaw_deg about its x axis;
 * channels acc x, y, z in g, then gyro x, y, z in deg/s (sacrum only; .wav and .csv). Writes the
 * recording at path (format from the extension: .flac, .wav (float), .csv, .hea for a WFDB
 * format-16 record), a <stem>.json channel map beside it and <stem>.truth.csv with one row per
 * contact. */
int simulate_write(const simulate_config *config, const char *path, gb_error *err);

#endif
