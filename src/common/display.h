/* Numbers for people, shared by the command line and the coaches' page. */
#ifndef GB_DISPLAY_H
#define GB_DISPLAY_H

#include <math.h>

/* A value to print with `decimals` signed decimals ("%+.1f"): one that rounds to zero prints as
 * "+0.0", not "-0.0". */
static inline double display_signed(double value, int decimals)
{
    return fabs(value) < 0.5 * pow(10.0, -decimals) ? 0.0 : value;
}

#endif
