/* condition: raw channels -> per-foot signals. Calibration (scale, offset, unit to newtons where
 * the unit allows; force-sensitive switches stay in their arbitrary units and are labelled so),
 * per-foot total force (a total channel, else the sum of zones or sensors) and heel force (heel
 * zones, or sensors with y < 0), then a zero-phase low-pass carried across blocks. */
#ifndef GB_CONDITION_H
#define GB_CONDITION_H

#include "../read/channel_map.h"
#include "../read/recording.h"
#include "quality.h"

/* Layout of a conditioned frame. */
enum { COND_LEFT_TOTAL = 0, COND_LEFT_HEEL, COND_RIGHT_TOTAL, COND_RIGHT_HEEL, COND_SIGNALS };

typedef struct condition_config {
    double lowpass_hz; /* -3 dB cutoff of the zero-phase low-pass */
    long max_block;    /* largest block condition_process will be given */
    int decimation; /* output every decimation-th sample (the low-pass is the anti-alias filter) */
    int kind;       /* sensor_kind to condition: condition_map_kind(), or a companion's kind */
} condition_config;

typedef struct condition_foot {
    int present;   /* at least one force channel on this side */
    int has_heel;  /* heel zone(s) available for heel-off */
    int is_newton; /* calibrated to newtons; else arbitrary units */
    char unit[REC_UNIT_MAX];
} condition_foot;

typedef struct condition condition;

#define COND_TICK_S 0.1 /* a lower-back sensor's horizontal frame is refreshed this often */

/* A lower-back sensor without the map's forward_axis: the tracked gravity direction (a unit vector
 * in the sensor's axes, pointing up) at a refresh of its horizontal frame, and the output frame
 * that refresh falls in. The detector averages them over each step (detect.h), since the axis the
 * trunk pitch is read along is only known once forward has been learnt from the steps. */
typedef struct condition_tick {
    long frame;
    double up[3];
} condition_tick;

/* The kind of sensor a map describes, in the order of analysis's sensor presets: force sensors
 * that are not calibrated (foot switches), calibrated force (every force channel converts to
 * newtons), or, when there is no force channel, foot-mounted gyroscopes (each foot's pitch axis).
 */
enum sensor_kind {
    SENSOR_FORCE_UNCALIBRATED = 0,
    SENSOR_FORCE_CALIBRATED,
    SENSOR_FOOT_GYRO,
    SENSOR_SACRUM_IMU, /* one sensor on the lower back: accelerometer (and gyroscope) */
    SENSOR_SHANK_IMU,  /* one sensor on each shank: gyroscope (pitch) and accelerometer */
    SENSOR_SHANK_ACC   /* an accelerometer alone on each shank (tibial accelerometers, since
                          0.19.0): initial contacts and shocks from the impacts, no toe-offs */
};
int condition_map_kind(const channel_map *map);
/* Whether the map has a channel any sensor kind times steps from: a force or pressure channel, a
 * lower-back accelerometer, a shank accelerometer, or a shank or foot gyroscope about its
 * pitch_axis. A map of wrist sensors alone, or of accelerometers alone on the feet, has none
 * (condition_map_kind then falls back to uncalibrated force, which would find nothing). */
int condition_map_times_steps(const channel_map *map);
/* The largest pitch rate the map's foot or shank gyroscopes about its pitch_axis reached (deg/s,
 * magnitude, as the map converts them), from the quality checks' extremes of their `channels` raw
 * channels; NAN when it has none. A leg swings at 200 deg/s and more walking: a few deg/s is a
 * still athlete, or a gyroscope in rad/s mapped as deg/s. */
double condition_leg_pitch_rate_peak(const channel_map *map, const channel_quality *checks,
                                     int channels);
/* An inertial sensor recorded beside force sensors (insoles + IMU), or a lower-back sensor beside
 * leg IMUs: its kind, conditioned by a second condition object, so its events can be set beside
 * the main sensor's. -1 when the map has no such pair. */
int condition_companion_kind(const channel_map *map);
/* A lower-back sensor recorded beside both force sensors and leg IMUs (the companion): its kind,
 * SENSOR_SACRUM_IMU, conditioned by a third condition object for the strides' trunk pitch and
 * travel. -1 when the map has no such trio. */
int condition_trunk_kind(const channel_map *map);
/* Shank IMUs recorded beside both force sensors and shoe IMUs (the companion): SENSOR_SHANK_IMU
 * (or SENSOR_SHANK_ACC for accelerometers alone), conditioned by a fourth condition object for the
 * strides' tibial shock and its own contacts (since 0.12.0). -1 otherwise. */
int condition_shank_kind(const channel_map *map);
/* A sensor the map describes that none of the chains reads: its name ("shank IMU", ...), or NULL
 * when every sensor is read (since 0.12.0 every combination of insoles, shoe, shank and
 * lower-back IMUs is; since 0.19.0 shank gyroscopes none of which turns about pitch_axis are
 * named, the shanks being read by their accelerometers). */
const char *condition_unread_sensor(const channel_map *map);

/* For foot gyroscopes each foot's total slot carries the pitch rate (deg/s); when the foot's sensor
 * has all three accelerometer and gyroscope axes, its heel slot carries the distance the foot has
 * travelled over the ground so far (m, foot_path.h: it steps up as the foot comes to rest after
 * each swing; passed through the low-pass unsmoothed), else NaN.
 * For shank IMUs each foot's slots carry the shank's pitch rate (deg/s) and the magnitude of its
 * acceleration (g, NAN without an accelerometer), for the tibial shock. For shank accelerometers
 * alone the total slot carries that magnitude, the impacts' signal; the heel slot is NaN.
 * For a sacrum / lower-back IMU the conditioned frame carries, in the left foot's slots, the
 * vertical acceleration (g, gravity removed: the accelerometer projected on the gravity direction,
 * which is tracked by a 2 s moving average so any mounting works) and the yaw rate about that
 * direction (deg/s, NaN without a gyroscope). With the map's forward_axis, the right foot's total
 * slot carries the medio-lateral acceleration (g, positive towards the right: along forward x up,
 * the accelerometer axes being right-handed), for the side of each step, and the right heel slot
 * the sine of the trunk's forward pitch (-g_forward / |g| of the tracked gravity direction,
 * forward positive), for its mean over each step; both are passed through the low-pass
 * unsmoothed, since they are averaged over steps. The left heel slot then carries the acceleration
 * straight ahead (along the forward axis's horizontal part) instead of the yaw rate, for the
 * detector's check of the axis (detect.h). Without forward_axis the two right slots carry
 * the acceleration along two horizontal unit vectors made from the gravity direction alone (the
 * horizontal part of the sensor axis after the one nearest vertical, and up x that one, so every
 * upright posture gets the same two); from them the detector learns which way is forward
 * (detect.h). */

condition *condition_create(const channel_map *map, const recording_info *info,
                            const condition_config *config, gb_error *err);
/* Where the detector's sides will come from for recordings with this map: "channel map" (each
 * sensor has its side), or for a sacrum sensor "trunk sway" (forward_axis: the medio-lateral
 * slot) or "trunk sway (learnt)" (no forward axis: the detector learns forward from the steps).
 * When it cannot, condition_sides_unlearnt: "trunk yaw rate" (a gyroscope) or "alternation"
 * (neither: left and right may be swapped). */
const char *condition_sides_source(const channel_map *map);
const char *condition_sides_unlearnt(const channel_map *map);
/* Sacrum IMU: the two horizontal directions the detector learns forward along (detect.h), in the
 * sensor's axes: without a forward axis those of the right slots, with one the axis's horizontal
 * part ahead and right; summed over the recording with the squared vertical acceleration while
 * each was in use as weight, where gravity held still meanwhile: those of gait, not of lying,
 * sitting or getting up (not unit vectors; zero when no frame counted). */
void condition_horizontal_frame(const condition *c, double across[2][3]);
/* Sacrum IMU: the direction that pointed up in gait, in the sensor's axes (a unit vector): the
 * tracked gravity direction summed with condition_horizontal_frame's weights, so lying and sitting
 * hardly count. Returns 0 (and zeros) when no frame counted. */
int condition_gait_up(const condition *c, double up[3]);
/* Whether the map's up_axis lies so far from the up of gait (a report's up_axis_off_deg, deg)
 * that the sensor was worn another way up than the map says: analyze warns, show, team.h5 and the
 * coaches' page repeat it. */
int condition_up_axis_off(double up_axis_off_deg);
/* How a sensor that far off (condition_up_axis_off) seems to have been worn, in words: "upside
 * down" past 135 deg, else "turned on its side". */
const char *condition_up_axis_worn(double up_axis_off_deg);
/* Sacrum IMU without the map's forward_axis: how far the sensor axis (0-2: x-z) points below the
 * horizontal (deg, asin of minus the tracked gravity direction's component along it; negative:
 * above), the median over the recording's frames of condition_horizontal_frame with the same
 * weights: in gait, not lying or sitting. Along the axis nearest forward it is the trunk's forward
 * pitch in gait (the negative of it for one pointing backwards). NAN when no frame counted, and
 * with a forward axis (the pitch is then read per step). */
double condition_gait_tilt(const condition *c, int axis);
/* raw: n frames of info->channels; out: room for n frames of COND_SIGNALS. Returns frames written
 * (at the input rate / decimation), which lag the input by the filter's delay until
 * condition_finish hands out the rest. */
long condition_process(condition *c, const double *raw, long n, double *out);
long condition_finish(condition *c, double *out); /* room for condition_delay() frames */
/* A row its device flagged as clipped and the reader kept (recording_keep_clipped), counted from
 * the recording's first, noted before the condition_process call that gets it (rows in order, none
 * more than max_block frames ahead of those conditioned): a shoe IMU's foot_path leaves the
 * movement holding it out, since its integration would run through a rail value. Other sensors
 * have no use for it. */
void condition_note_clipped(condition *c, int64_t row);
/* The ticks of the last condition_process call (condition_finish has none), in order; *ticks stays
 * valid until the next call. None for other sensors, or with the map's forward_axis. */
long condition_ticks(const condition *c, const condition_tick **ticks);
/* The most ticks one condition_process call makes: 0 when it makes none. */
long condition_ticks_max(const condition *c);
int condition_delay(const condition *c);
const condition_foot *condition_get_foot(const condition *c, int side); /* SIDE_LEFT / SIDE_RIGHT */
/* Sacrum IMU with the map's standing_s, or without one over the quiet standing found next to gait
 * (standing.h): the trunk pitch over that time along the sensor axis
 * (0-2: x-z) that points forward, or backwards with sign -1 (the map's forward_axis, or the one
 * learnt from the steps) (deg, forward positive: asin(-sign * a_axis / |a|) of the mean
 * acceleration, gravity alone when standing still) and the RMS of the vertical acceleration there
 * (g, gravity removed: about the sensor noise when the athlete stood still). Returns the samples
 * used; with none, both are NAN. */
long condition_standing_pitch(const condition *c, int axis, double sign, double *pitch_deg,
                              double *motion_g);
/* Whether condition_standing_pitch reads quiet standing found next to gait (no standing_s in the
 * map): its motion is then NAN, as that standing is quiet by how it was found. */
int condition_finds_standing(const condition *c);
/* Whether a recording with this map will have its standing found so: a lower-back sensor (read
 * alone or beside others) and no standing_s. */
int condition_map_finds_standing(const channel_map *map);
/* Sacrum IMU: the mean magnitude of the tracked gravity, in g (about 1 when the unit is right);
 * shoe IMUs with accelerometers: their mean magnitude in stance (foot_path_gravity); shank
 * accelerometers alone: the median of their magnitude, both legs (0.01 g bins, interpolated).
 * NAN else. */
double condition_mean_gravity(const condition *c);
/* The unit the map gives that accelerometer in ("g", "mg" or "m/s2"), for a message on its
 * gravity, and how many g one of a unit is. */
const char *condition_accel_unit(const condition *c);
double condition_g_per_unit(const char *unit);
/* Shoe IMUs with accelerometers: the swings their foot paths added, both feet, those left out
 * (foot_path_swings) and of those the ones where the foot never stood still (foot_path_unstill);
 * -1, 0 and 0 without a foot path. */
long condition_foot_swings(const condition *c, long *left_out, long *unstill);
/* Lower-back sensor, after condition_finish: the spells it was not worn (wear.h), in seconds from
 * the start; returns how many, or -1 when its wear is not judged (other sensors, or no memory
 * left for the spells). */
long condition_unworn(const condition *c, const double (**spells)[2]);
void condition_destroy(condition *c);

#endif
