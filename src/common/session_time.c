#include "session_time.h"

#include <ctype.h>
#include <string.h>

/* The character after a session's leading date ("YYYY-MM-DD"), which parts it from a time of
 * day; 0 when the session does not start with a date. */
static char separator_after_date(const char *session)
{
    char separator = 0;
    int length = 0;
    if (sscanf(session, "%*4[0-9]-%*2[0-9]-%*2[0-9]%c%n", &separator, &length) != 1 || length != 11)
        return 0;
    return separator;
}

/* Text with its runs of digits compared as numbers, so "run9" comes before "run10" and "week 3"
 * before "week 10" (a file name or a manifest's word as the session; dates keep their order, their
 * runs being of one width). Runs equal but for leading zeros ("run02", "run2") go by strcmp, so
 * the order stays total. */
static int natural_order(const char *a, const char *b)
{
    const char *x = a, *y = b;
    while (*x && *y) {
        if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
            while (*x == '0')
                x++;
            while (*y == '0')
                y++;
            size_t x_digits = 0, y_digits = 0;
            while (isdigit((unsigned char)x[x_digits]))
                x_digits++;
            while (isdigit((unsigned char)y[y_digits]))
                y_digits++;
            if (x_digits != y_digits) return x_digits < y_digits ? -1 : 1;
            int c = strncmp(x, y, x_digits);
            if (c) return c;
            x += x_digits;
            y += y_digits;
        } else if (*x != *y) {
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        } else {
            x++;
            y++;
        }
    }
    if (*x || *y) return *x ? 1 : -1;
    return strcmp(a, b);
}

/* natural_order, but the separator between a date and its time of day, ' ' (a device's start
 * time) or 'T' (ISO 8601, as maps write it), counts as one, so a walk at "2026-11-14 09:30:00"
 * comes after a run at "2026-11-14T07:00:00". Before 0.28.0 sessions went by strcmp: ' ' sorted
 * before 'T', and the run was the day's latest; "run9" was latest beside "run10". */
int session_order(const char *a, const char *b)
{
    char x = separator_after_date(a), y = separator_after_date(b);
    if ((x == ' ' || x == 'T') && (y == ' ' || y == 'T') && strncmp(a, b, 10) == 0)
        return natural_order(a + 11, b + 11); /* the times of day */
    return natural_order(a, b);
}
