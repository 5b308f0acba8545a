/* Physical constants shared by every stage, in SI units. */
#ifndef GB_UNITS_H
#define GB_UNITS_H

#define STANDARD_GRAVITY 9.80665 /* m/s^2 per g (CGPM 1901) */

#endif
