/* foot_path: how far a foot-worn IMU (3-axis accelerometer and gyroscope) travels over the
 * ground, swing by swing, by strapdown integration between zero-velocity updates (Foxlin 2005,
 * IEEE CG&A 25(6):38; the stride-wise scheme of Rampp et al. 2015, IEEE TBME 62:1089):
 * - the foot is still (on the ground) once the gyroscope's magnitude has stayed under
 *   FOOT_PATH_STILL_DPS for FOOT_PATH_STILL_S;
 * - when it moves again, its orientation starts from the gravity direction (the accelerometer's
 *   mean while still; heading arbitrary) and follows the gyroscope; the acceleration, turned into
 *   that frame and less gravity (the still mean's magnitude, so a scale error cancels), is
 *   integrated twice;
 * - when it is still again the velocity should be zero: what is left is taken as a drift growing
 *   linearly over the movement and removed, and the horizontal displacement is added to the
 *   distance, unless the movement lasted under FOOT_PATH_MIN_S (the foot shifting on the ground in
 *   stance) or over FOOT_PATH_MAX_S (two swings without a still stance in between), ended more
 *   than FOOT_PATH_MAX_RISE_M above or below where it began (stairs, or a bad integration), or
 *   saturated the sensor (an axis flat for FOOT_PATH_FLAT_SAMPLES samples beyond
 *   FOOT_PATH_FLAT_M_S2 or FOOT_PATH_FLAT_DPS: a clipped swing reads short, 8.5 % for a simulated
 *   walk on a +-4 g accelerometer), or held a sample its device flagged as clipped. Those add
 *   nothing, so a stride whose swing was left out travels nothing.
 * Running: a running foot is rarely that still (its stance lasts 0.15-0.3 s, its flat part a few
 * tens of milliseconds), so once FOOT_PATH_MAX_S has gone by without a still stance the path
 * takes brief stances instead, until the next still one: the gyroscope's magnitude under
 * FOOT_PATH_BRIEF_DPS with the accelerometer's within FOOT_PATH_BRIEF_G of 1 g (which leaves out
 * the turn at landing, where the foot strikes the ground), for FOOT_PATH_BRIEF_S. Its gravity
 * direction is the accelerometer's mean over it, so a tilt of that estimate becomes a constant
 * acceleration, which the drift removal takes out with the rest (the mid-stance zero-velocity
 * update that running studies use, e.g. Zrenner et al. 2018, Sensors 18:4194, and Falbriard
 * et al. 2021, Front Sports Act Living 3:585809, with a threshold of its own).
 * Any mounting works: no axis needs to point anywhere. Streaming: memory and cost per sample are
 * constant, and block boundaries change nothing. */
#ifndef GB_FOOT_PATH_H
#define GB_FOOT_PATH_H

#include "../common/gb_error.h"

/* on the gaitmap example's 55 strides (shoe IMUs, 204.8 Hz) 20 deg/s over 0.05 s gave a median
 * absolute error of 3.8 cm against the heel marker; 30 and 40 deg/s 4.1 and 4.4 cm (the swing's
 * first samples, taken for stance, go unintegrated); 15 deg/s over 0.1 s missed some stances */
#define FOOT_PATH_STILL_DPS 20.0
#define FOOT_PATH_STILL_S 0.05
#define FOOT_PATH_MIN_S 0.3 /* gaitmap's in-stance shifts: 0.06-0.26 s; its swings 0.7-1.3 s */
#define FOOT_PATH_MAX_S 1.6
#define FOOT_PATH_MAX_RISE_M 0.15
/* a movement that ends this far above or below where it began is no swing, not even up or down
 * stairs (two steps a stride, 0.34 m): the foot never stood still where a stance was taken */
#define FOOT_PATH_WILD_RISE_M 0.5
/* set on the simulator's running foot (whose stance has 35-45 ms under 100 deg/s); no running
 * reference was at hand to set them on */
#define FOOT_PATH_BRIEF_DPS 100.0
#define FOOT_PATH_BRIEF_G 0.3
#define FOOT_PATH_BRIEF_S 0.02
#define FOOT_PATH_FLAT_SAMPLES 3
#define FOOT_PATH_FLAT_M_S2 19.6 /* 2 g: ranges end higher, and gravity alone never gets there */
#define FOOT_PATH_FLAT_DPS 250.0 /* the smallest gyroscope ranges end at 250-300 deg/s */

typedef struct foot_path_config {
    double sample_rate_hz;
    int accel[3], gyro[3];       /* raw channel of each axis (x, y, z); the axes right-handed */
    double accel_to_m_s2[3];     /* per axis: scale (unit and map scale) ... */
    double accel_offset_m_s2[3]; /* ... and offset, after scaling */
    double gyro_to_rad_s[3];
    int brief_only; /* brief stances from the start, never still ones (the map's "foot_stances":
                       "brief") */
} foot_path_config;

typedef struct foot_path foot_path;

foot_path *foot_path_new(const foot_path_config *config, gb_error *err);
/* raw: n frames of `channels` values. Writes the distance travelled so far (m) to distance[0],
 * distance[stride], ... one per frame: it steps up when the foot comes to rest after a swing.
 * NAN while a sample has a gap (NaN); a movement with a gap in it adds nothing. clipped: the
 * frames among the n (indexes, ascending; NULL when clipped_count is 0) that their device flagged
 * as clipped and the reader kept at the range limit: a movement holding one is left out as
 * saturated, as one with a flat top (a running foot's landing reaches +-8 g within a sample or
 * two, too briefly for a flat top). */
void foot_path_process(foot_path *p, const double *raw, int channels, long n, const long *clipped,
                       long clipped_count, double *distance, int stride);
/* Movements added, and those left out (too long, rising, saturated, or with a gap; short shifts
 * count in neither). */
long foot_path_swings(const foot_path *p, long *left_out);
/* Of those left out, the ones where the foot never stood still: no stance within FOOT_PATH_MAX_S,
 * or one that rose or fell over FOOT_PATH_WILD_RISE_M (a shoe on a pedal turning: a simulated
 * ride left out 279 of 279 swings, 276 of them sinking 1.06 m). */
long foot_path_unstill(const foot_path *p);
/* The accelerometer's mean magnitude in the stances (m/s2; about 9.81 when the map's unit and
 * scale are right), NAN before any. */
double foot_path_gravity(const foot_path *p);
void foot_path_delete(foot_path *p);

#endif
