/* Physical constants shared by every stage, in SI units, and the one angle conversion they share.
 */
#ifndef GB_UNITS_H
#define GB_UNITS_H

#include <math.h>

#define STANDARD_GRAVITY 9.80665 /* m/s^2 per g (CGPM 1901) */

/* An angle in degrees from its sine (a pitch or tilt from a gravity component), the sine clamped to
 * [-1, 1] where rounding steps past it; NAN stays NAN (fmin and fmax alone would pass it over and
 * read 90 deg). */
static inline double degrees_from_sine(double sine)
{
    return isnan(sine) ? NAN : asin(fmax(-1.0, fmin(1.0, sine))) * 180.0 / M_PI;
}

#endif
