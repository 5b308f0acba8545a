/* A session's name read as a date and time of day: "YYYY-MM-DD", then optionally 'T' or ' ' and
 * "HH:MM" or "HH:MM:SS" (ISO 8601, as maps write it and devices' start times read); and a moment
 * written so (iso_time_utc). */
#ifndef GB_SESSION_TIME_H
#define GB_SESSION_TIME_H

#include <math.h>
#include <stdio.h>
#include <time.h>

/* Days since 1970-01-01 of the session's date, or NAN when it does not start with one. */
static inline double session_day(const char *session)
{
    struct tm tm = {0};
    if (sscanf(session, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return NAN;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31) return NAN;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    return t == (time_t)-1 ? NAN : floor((double)t / 86400.0);
}

/* Seconds after midnight of the session's time of day, or NAN when it gives none. */
static inline double session_clock_s(const char *session)
{
    int year, month, day, date_end = 0, hour, minute, second = 0, time_end = 0;
    if (sscanf(session, "%4d-%2d-%2d%n", &year, &month, &day, &date_end) != 3 ||
        (session[date_end] != 'T' && session[date_end] != ' '))
        return NAN;
    const char *time_of_day = session + date_end + 1;
    if (sscanf(time_of_day, "%2d:%2d%n", &hour, &minute, &time_end) != 2) return NAN;
    if (time_of_day[time_end] == ':' && sscanf(time_of_day + time_end + 1, "%2d", &second) != 1)
        return NAN;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NAN;
    return 3600.0 * hour + 60.0 * minute + second;
}

/* Sessions in time order (session_time.c): by their text with numbers compared as numbers
 * ("run9" before "run10"), and ' ' and 'T' between a date and its time of day counting as one.
 * Negative, 0 or positive, as strcmp. */
int session_order(const char *a, const char *b);

/* A moment (seconds since 1970, UTC) written in ISO 8601, "2026-11-27T02:15:09Z": the reports'
 * and team summary's creation time, and when each recording of a run ended (--log). */
static inline void iso_time_utc(long long unix_seconds, char *out, size_t size)
{
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

#endif
