#include "session_time.h"

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

/* By their text (a manifest's "week 3" too), but the separator between a date and its time of
 * day, ' ' (a device's start time) or 'T' (ISO 8601, as maps write it), counts as one, so a walk
 * at "2026-11-14 09:30:00" comes after a run at "2026-11-14T07:00:00" (before 0.28.0 ' ' sorted
 * before 'T', and the run was the day's latest). */
int session_order(const char *a, const char *b)
{
    char x = separator_after_date(a), y = separator_after_date(b);
    if ((x == ' ' || x == 'T') && (y == ' ' || y == 'T') && strncmp(a, b, 10) == 0)
        return strcmp(a + 11, b + 11); /* the times of day */
    return strcmp(a, b);
}
