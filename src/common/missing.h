/* Missing samples are NaN everywhere. One kind stays missing whatever the bridging of short gaps
 * (dsp/gapfill.h): a sample its device flagged as wrong (an Axivity row marked clipped), not
 * merely absent, since a line drawn across a clipped impact would read lower than it was. That
 * NaN carries a payload of its own, which copying keeps; only the bridging asks for it. */
#ifndef GB_MISSING_H
#define GB_MISSING_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define GB_FLAGGED_NAN_BITS 0x7ff800000000c11bULL /* a quiet NaN, payload "c11b" */

static inline double gb_flagged_nan(void)
{
    uint64_t bits = GB_FLAGGED_NAN_BITS;
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static inline int gb_is_flagged_nan(double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits == GB_FLAGGED_NAN_BITS;
}

/* Whether any of x is NaN or infinite: x * 0 is zero for every finite x, so the four sums stay
 * zero unless one meets a NaN or an infinity. Four independent sums and no branch: half the time of
 * testing sample by sample, on every block of every recording. */
static inline int gb_any_nonfinite(const double *x, size_t count)
{
    double a = 0, b = 0, c = 0, d = 0;
    size_t k = 0;
    for (; k + 4 <= count; k += 4) {
        a += x[k] * 0.0;
        b += x[k + 1] * 0.0;
        c += x[k + 2] * 0.0;
        d += x[k + 3] * 0.0;
    }
    for (; k < count; k++)
        a += x[k] * 0.0;
    return (a + b) + (c + d) != 0;
}

/* The mean of a left and a right value, or either alone when the other is missing. */
static inline double gb_mean_of_sides(double left, double right)
{
    if (isnan(left)) return right;
    if (isnan(right)) return left;
    return 0.5 * (left + right);
}

#endif
