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

/* The character at p of session s as it sorts: the space after a leading date ("2026-11-14
 * 09:30:00", a device's start time) reads as ISO 8601's 'T' ("2026-11-14T07:00:00", as maps write
 * it), so the two ways of parting date and time count as one. */
static int sorting_char(const char *s, const char *p, int spaced_date)
{
    return spaced_date && p == s + 10 ? 'T' : (unsigned char)*p;
}

/* Text with its runs of digits compared as numbers, so "run9" comes before "run10" and "week 3"
 * before "week 10" (a file name or a manifest's word as the session; dates keep their order, their
 * runs being of one width), and a spaced date's space as a 'T' (sorting_char). Sessions alike so
 * far (leading zeros, "run02" and "run2"; a space for the 'T') go by strcmp, so the order stays
 * total. */
static int natural_order(const char *a, const char *b, int a_spaced, int b_spaced)
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
            continue;
        }
        int cx = sorting_char(a, x, a_spaced), cy = sorting_char(b, y, b_spaced);
        if (cx != cy) return cx < cy ? -1 : 1;
        x++;
        y++;
    }
    if (*x || *y) return *x ? 1 : -1;
    return strcmp(a, b);
}

/* Before 0.28.0 sessions went by strcmp: ' ' sorted before 'T', so a run at "2026-11-14T07:00:00"
 * was the day's latest beside a walk at "2026-11-14 09:30:00"; and "run9" beside "run10". */
int session_order(const char *a, const char *b)
{
    return natural_order(a, b, separator_after_date(a) == ' ', separator_after_date(b) == ' ');
}
