/* Backend: delimited text (comma, tab, semicolon or whitespace separated), optional header row, '#'
 * comment lines, optional time column in s or ms. With a time column the sample rate is measured
 * from it; steps longer than 1.5 nominal steps become NaN gaps, up to recording_options.max_gap_s.
 * Accelerometer makers' exports (text_devices.c) give the rate in a preamble before the samples,
 * whose time stamps are passed over. */
#include "../common/session_time.h"
#include "../common/text.h"
#include "rec_private.h"
#include "text_devices.h"

#include <ctype.h>
#include <errno.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define TEXT_LINE_MAX 65536
#define TEXT_MAX_COLUMNS (REC_MAX_CHANNELS + 1)
/* Rows read to measure the rate. Time columns are often rounded (300 Hz written to 5 decimals
 * steps 0.00333 and 0.00334 s): the rate is the mean of the regular steps, whose rounding error
 * shrinks with their number; over 4096 steps the drift is below 3 ms per hour at 300 Hz. */
#define RATE_PROBE_ROWS 4097

typedef struct text_state {
    gzFile file; /* zlib reads a gzip-compressed file, and a plain one as it is */
    char line[TEXT_LINE_MAX];
    char delimiter; /* ' ' means runs of white space */
    int columns;    /* in the file, time column included */
    int time_column;
    int stamp_column; /* a date-time stamp read as text and passed over (device exports); -1 none */
    /* a time column of date-time stamps ("2026-01-02 08:15:30.033"), read as seconds since the
     * first row's midnight: -1 none; days counts the midnights passed */
    int clock_column;
    double clock_last_s;
    long clock_days;
    double time_scale; /* to seconds */
    long data_start;
    long line_number;  /* of the line last read, 1-based, for messages */
    int closing_empty; /* the last line split ended with a delimiter (split_cells) */
    double max_gap_s;
    int have_last_time;
    double last_time_s, last_raw_time; /* the last row's time in s, and in the file's unit */
    double first_raw_time;             /* the first row's, in the file's unit */
    double phase_s;          /* the first sample slot's time after the first row's (measure_rate) */
    long last_slot;          /* the sample slot of the last row kept (take_row) */
    double last_kept_time_s; /* and its time */
    int encoding_checked;    /* the first line was checked for UTF-16 (wide_or_binary) */
    long pending_gap_frames;
    int have_pending_row;
    double pending_row[TEXT_MAX_COLUMNS];
    gsl_rstat_workspace *time_steps;
} text_state;

static const char *const text_extensions[] = {"csv", "tsv", "txt", "dat", NULL};

/* Whether the first line read into line (a buffer of size bytes, zeroed before) is UTF-16 or
 * binary: a UTF-16 byte order mark, or a zero byte before its newline. */
static int wide_or_binary(const char *line, size_t size)
{
    const unsigned char *bytes = (const unsigned char *)line;
    if ((bytes[0] == 0xff && bytes[1] == 0xfe) || (bytes[0] == 0xfe && bytes[1] == 0xff)) return 1;
    const char *newline = memchr(line, '\n', size);
    return newline && newline > line + strlen(line);
}

/* Whether reading stopped on an error (a gb_code) or not (0): zlib's "unexpected end of file"
 * is compressed data cut short, which would otherwise read as a last row cut off, or as none. */
static int read_error(recording *rec, text_state *st, gb_error *err)
{
    int code;
    gzerror(st->file, &code);
    if (code == Z_BUF_ERROR)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: the compressed data end early, in line %ld (an interrupted copy "
                            "or download?); copy the file again",
                            rec->path, st->line_number + 1);
    if (code == Z_ERRNO)
        return gb_error_set(err, GB_E_IO, "%s: read error in line %ld: %s", rec->path,
                            st->line_number + 1, strerror(errno));
    if (code != Z_OK)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: the compressed data are damaged (zlib: %s); copy the file again",
                            rec->path, rec_gz_short_reason(st->file, rec->path));
    return 0;
}

/* Next non-empty, non-comment line into st->line, newline stripped; 1, 0 at end, or a gb_code. */
static int next_line(recording *rec, text_state *st, gb_error *err)
{
    for (;;) {
        int got = gzgets(st->file, st->line, sizeof st->line) != NULL;
        size_t len = got ? strlen(st->line) : 0;
        /* a line without its newline is the last one, or where compressed data broke off */
        int rc = len && st->line[len - 1] == '\n' ? 0 : read_error(rec, st, err);
        if (rc) return rc;
        if (!got) return 0;
        st->line_number++;
        if (st->line_number == 1) { /* a byte order mark is no part of the first cell */
            if (!st->encoding_checked && wide_or_binary(st->line, sizeof st->line))
                return gb_error_set(err, GB_E_FORMAT,
                                    "%s: UTF-16 text or binary data (zero bytes in its first "
                                    "line): gaitbatch reads text as UTF-8; save it as \"CSV "
                                    "UTF-8\" (Excel's \"Unicode Text\" is UTF-16) or convert it "
                                    "(iconv -f UTF-16 -t UTF-8)",
                                    rec->path);
            st->encoding_checked = 1; /* the first read only: the buffer was zeroed for it */
            char *start = gb_past_byte_order_mark(st->line);
            memmove(st->line, start, strlen(start) + 1);
            len = strlen(st->line);
        }
        if (len == sizeof st->line - 1 && st->line[len - 1] != '\n' && !gzeof(st->file))
            return gb_error_set(err, GB_E_FORMAT, "%s: line %ld is longer than %d characters",
                                rec->path, st->line_number, TEXT_LINE_MAX - 1);
        while (len && (st->line[len - 1] == '\n' || st->line[len - 1] == '\r'))
            st->line[--len] = '\0';
        const char *p = st->line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#') continue;
        return 1;
    }
}

/* Split st->line in place into cells; returns the count (TEXT_MAX_COLUMNS + 1 when too many). */
static int split_cells(text_state *st, char **cells)
{
    int n = 0;
    char *p = st->line;
    st->closing_empty = 0;
    if (st->delimiter == ' ') {
        for (;;) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p) break;
            if (n == TEXT_MAX_COLUMNS) return n + 1;
            cells[n++] = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            if (*p) *p++ = '\0';
        }
        return n;
    }
    for (;;) {
        if (n == TEXT_MAX_COLUMNS) return n + 1;
        while (*p == ' ')
            p++;
        cells[n++] = p;
        char *end = strchrnul(p, st->delimiter); /* one pass to the delimiter or the end */
        int last = *end == '\0';
        char *trim = end;
        while (trim > p && (trim[-1] == ' ' || trim[-1] == '\t'))
            trim--;
        if (trim - p >= 2 && *p == '"' && trim[-1] == '"') { /* a quoted cell, as phyphox writes */
            cells[n - 1] = ++p;
            trim--;
        }
        *trim = '\0';
        if (last) break;
        p = end + 1;
    }
    /* a delimiter closing the line (Shimmer's Consensys ends every row with a tab) opens no cell;
     * but in a row one cell short, that cell was an empty last value (parse_row) */
    st->closing_empty = n > 1 && cells[n - 1][0] == '\0';
    if (st->closing_empty) n--;
    return n;
}

/* A plain decimal ("-0.996", "12", ".5") of at most 15 significant digits and 22 fraction digits
 * into *value; 0 for anything else. Its digits are an integer below 2^53 and the divisor a power of
 * ten up to 1e22, both exact doubles, so one IEEE division rounds the quotient correctly, as strtod
 * does (Clinger's fast path: W. D. Clinger, "How to read floating point numbers accurately", PLDI
 * 1990). Loggers write such numbers; strtod's general algorithm took 40 % of reading them. */
static int parse_plain_decimal(const char *cell, double *value)
{
    static const double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                           1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                           1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = cell;
    int negative = *p == '-';
    if (*p == '-' || *p == '+') p++;
    uint64_t digits = 0;
    int significant = 0, fraction = 0, point = 0, any = 0;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            any = 1;
            fraction += point;
            if (digits == 0 && *p == '0') continue; /* a leading zero is not significant */
            if (++significant > 15) return 0;
            digits = digits * 10 + (uint64_t)(*p - '0');
        } else if (*p == '.' && !point)
            point = 1;
        else
            break;
    }
    if (*p != '\0' || !any || fraction > 22) return 0;
    double magnitude = (double)digits / powers_of_ten[fraction];
    *value = negative ? -magnitude : magnitude;
    return 1;
}

/* 0 when cell is a finite number; 1 when not a number; 2 when NaN or Inf. In a file whose cells
 * are separated by semicolons, a comma is the decimal sign ("0,25"). */
static int parse_number(const text_state *st, char *cell, double *value)
{
    char *comma = st->delimiter == ';' ? strchr(cell, ',') : NULL;
    if (comma) *comma = '.';
    if (parse_plain_decimal(cell, value)) return 0;
    char *end;
    errno = 0;
    *value = strtod(cell, &end);
    if (end == cell || *end != '\0') return 1;
    if (!isfinite(*value)) return 2;
    return 0;
}

static int cell_error(recording *rec, text_state *st, int column, const char *cell, int kind,
                      gb_error *err)
{
    if (kind == 2)
        return gb_error_set(err, GB_E_VALUE,
                            "%s: line %ld, column %d: '%s' is NaN or Inf; mark missing samples by "
                            "leaving their cells empty or their rows out (a time gap) instead",
                            rec->path, st->line_number, column + 1, cell);
    if (cell[0] == '\0')
        return gb_error_set(err, GB_E_VALUE,
                            "%s: line %ld, column %d: the time is empty (every row needs one; "
                            "leave a row without one out)",
                            rec->path, st->line_number, column + 1);
    return gb_error_set(err, GB_E_VALUE, "%s: line %ld, column %d: '%s' is not a number", rec->path,
                        st->line_number, column + 1, cell);
}

/* Seconds since midnight of a date-and-time cell ("2026-01-02 08:15:30.033", "1/2/2026
 * 08:15:30.033", "2026-01-02T08:15:30.033Z", GENEActiv's "2016-07-01 12:00:00:033", MetaWear's
 * "2026-01-02T08.15.30.033"); negative when the cell is not one. The date itself is not read: day
 * and month come in either order. */
static double clock_of_day_s(const char *cell)
{
    const char *clock = cell;
    if (!isdigit((unsigned char)*clock)) return -1;
    /* (the cell's end is no date character: strchr finds the terminator in any set, so before
     * 0.27.0 a number's scan ran on into the next cells and could find a later one's clock) */
    for (; *clock != ' ' && *clock != 'T'; clock++)
        if (*clock == '\0' || (!isdigit((unsigned char)*clock) && !strchr("-/.", *clock)))
            return -1;
    int hour, minute, second, used = 0;
    char first, again;
    if (sscanf(clock + 1, "%2d%c%2d%c%2d%n", &hour, &first, &minute, &again, &second, &used) != 5 ||
        (first != ':' && first != '.') || again != first || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 60)
        return -1;
    double s = hour * 3600.0 + minute * 60.0 + second;
    const char *fraction = clock + 1 + used;
    if (*fraction == '.' || *fraction == ':' || *fraction == ',') {
        double scale = 0.1;
        for (fraction++; isdigit((unsigned char)*fraction); fraction++, scale /= 10)
            s += (*fraction - '0') * scale;
    }
    return s;
}

/* A date-time cell of the time column in seconds since the first row's midnight: a clock that
 * goes back by more than 12 h has passed midnight. */
static int clock_time(text_state *st, const char *cell, double *seconds)
{
    double s = clock_of_day_s(cell);
    if (s < 0) return 1;
    s += 86400.0 * (double)st->clock_days;
    if (s < st->clock_last_s - 43200) {
        st->clock_days++;
        s += 86400;
    }
    st->clock_last_s = *seconds = s;
    return 0;
}

/* Back to the first row's day, as the rows are read again from the start. */
static void restart_clock(text_state *st)
{
    st->clock_last_s = -1;
    st->clock_days = 0;
}

static int parse_row(recording *rec, text_state *st, double *row, gb_error *err)
{
    char *cells[TEXT_MAX_COLUMNS + 1];
    int n = split_cells(st, cells);
    if (n + 1 == st->columns && st->closing_empty) n++;
    if (n != st->columns)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: line %ld has %d columns where the first data row has %d (ragged "
                            "rows: a cut-off line or a stray delimiter?)",
                            rec->path, st->line_number, n > TEXT_MAX_COLUMNS ? TEXT_MAX_COLUMNS : n,
                            st->columns);
    for (int c = 0; c < n; c++) {
        if (c == st->stamp_column) {
            row[c] = NAN;
            continue;
        }
        if (c == st->clock_column) {
            if (clock_time(st, cells[c], &row[c]) != 0)
                return gb_error_set(err, GB_E_VALUE,
                                    "%s: line %ld, column %d: '%s' is not a date and time like "
                                    "the first row's",
                                    rec->path, st->line_number, c + 1, cells[c]);
            continue;
        }
        /* an empty cell is a sample not recorded (pandas writes a missing value so): a gap in
         * that channel, as a step over in the time column is in all of them */
        if (cells[c][0] == '\0' && c != st->time_column) {
            row[c] = NAN;
            continue;
        }
        int kind = parse_number(st, cells[c], &row[c]);
        if (kind) return cell_error(rec, st, c, cells[c], kind, err);
    }
    return 0;
}

static int looks_like_time(const char *name)
{
    char lower[64];
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof lower; i++)
        lower[i] = (char)tolower((unsigned char)name[i]);
    lower[i] = '\0';
    /* "t" alone or with its unit: "t [us]", "t (s)" */
    int t_with_unit = lower[0] == 't' && (lower[1] == ' ' || lower[1] == '[' || lower[1] == '(');
    return strcmp(lower, "t") == 0 || t_with_unit || strncmp(lower, "time", 4) == 0 ||
           strcmp(lower, "t_s") == 0 || strcmp(lower, "t_ms") == 0 ||
           strstr(lower, "timestamp") != NULL ||
           strncmp(lower, "epoch", 5) == 0; /* MetaWear's "epoch (ms)" */
}

/* The rate of the first rows: the median step finds the regular step, robust to a stray late row
 * or a gap; the rate is then the rows' count over their span, each gap counting the rows it lost,
 * so that neither the rounding of single time values (300 Hz written to 5 decimals) nor jittering
 * stamps (a phone's sensor events) bias it. A gap is a step over 1.5 regular ones, and beyond the
 * jitter: 4 SDs of the steps (from their median absolute deviation) past the regular step, so a
 * late stamp is no lost row (the mean of the steps near the median, used before 0.17.0, was off
 * by 0.2 % with +-4 ms jitter at 100 Hz: a sample slot every 5 s). */
static int measure_rate(recording *rec, text_state *st, double *rate, double *phase_s,
                        gb_error *err)
{
    double row[TEXT_MAX_COLUMNS];
    /* the steps, then sorted; the rows' times from the first; the steps' deviations */
    double *steps = gb_calloc(3 * (size_t)RATE_PROBE_ROWS, sizeof(double), err);
    if (!steps) return err->code;
    double *times = steps + RATE_PROBE_ROWS, *deviations = times + RATE_PROBE_ROWS;
    double last = 0;
    int count = 0, rc;
    while (count < RATE_PROBE_ROWS && (rc = next_line(rec, st, err)) == 1) {
        if ((rc = parse_row(rec, st, row, err)) != 0) goto done;
        /* the step in the file's unit, then scaled: Unix time in ms (1.7e12) scaled first would
         * keep only microseconds of each step */
        double t = row[st->time_column];
        if (count > 0) {
            steps[count - 1] = (t - last) * st->time_scale;
            times[count] = times[count - 1] + steps[count - 1];
        }
        last = t;
        count++;
    }
    if (rc < 0) goto done;
    if (count < 2) {
        rc = gb_error_set(err, GB_E_FORMAT, "%s: fewer than 2 data rows: no rate can be measured",
                          rec->path);
        goto done;
    }
    size_t n = (size_t)count - 1;
    gsl_sort(steps, 1, n);
    double median = gsl_stats_median_from_sorted_data(steps, 1, n);
    if (!(median > 0)) {
        rc = gb_error_set(err, GB_E_VALUE,
                          "%s: the time column does not increase over its first rows (median "
                          "step %g s): is column %d really time?",
                          rec->path, median, st->time_column + 1);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        deviations[i] = fabs(steps[i] - median);
    gsl_sort(deviations, 1, n);
    double jitter_sd = 1.4826 * gsl_stats_median_from_sorted_data(deviations, 1, n);
    double gap_above = fmax(1.5 * median, median + 4 * jitter_sd), slots = 0;
    for (size_t i = 0; i < n; i++) /* a repeated time takes no slot: the row is left out */
        slots += !(steps[i] > 0) ? 0 : steps[i] > gap_above ? round(steps[i] / median) : 1;
    *rate = slots / times[n];
    /* where the sample slots lie against the first row: the rows' mean offset from the nearest
     * slot, as an angle over the period (a circular mean: offsets near half a period either way
     * are alike), so that one late or early first stamp does not shift every row's slot */
    double sine = 0, cosine = 0;
    for (size_t i = 0; i <= n; i++) {
        double angle = 2 * M_PI * times[i] * *rate;
        sine += sin(angle), cosine += cos(angle);
    }
    /* within half a period of the first row, short of it, so that the first row takes slot 0 */
    double half_period = 0.4999 / *rate;
    *phase_s = fmax(-half_period, fmin(half_period, atan2(sine, cosine) / (2 * M_PI * *rate)));
    rc = 0;
done:
    free(steps);
    return rc;
}

/* The delimiter an Excel "sep=X" first line names (Shimmer's Consensys writes "sep=\t", quoted),
 * or 0 when line is no such line. */
static char delimiter_named_by(const char *line)
{
    const char *sep = line + (line[0] == '"');
    if (strncmp(sep, "sep=", 4) != 0) return 0;
    return strncmp(sep + 4, "\\t", 2) == 0 ? '\t' : sep[4]; /* a tab written out, or the sign */
}

/* The delimiter of a first line: tab, then semicolon before comma, since with semicolons between
 * cells (Excel in much of Europe) a comma is the decimal sign; else runs of white space (' '). */
static char delimiter_of(const char *line)
{
    return strchr(line, '\t') ? '\t' : strchr(line, ';') ? ';' : strchr(line, ',') ? ',' : ' ';
}

/* A device export's preamble, from st->line on; leaves st->line at the first line after it, which
 * starts at *line_start in the file. */
static int read_preamble(recording *rec, text_state *st, const text_device *device,
                         device_preamble *p, long *line_start, gb_error *err)
{
    int rc;
    while ((rc = text_device_take_line(device, p, st->line, rec->path, err)) == 1) {
        *line_start = gztell(st->file);
        if ((rc = next_line(rec, st, err)) < 0) return rc;
        if (rc == 0)
            return gb_error_set(err, GB_E_FORMAT, "%s: a %s preamble and no samples after it",
                                rec->path, text_device_name(device));
    }
    return rc < 0 ? rc : text_device_finish(device, p, rec->path, err);
}

/* A device export's rows must be its samples: rows a second apart under a header saying 100 Hz
 * are summaries per epoch, which would be read as samples 100 times too slow. */
static int check_stamp_spacing(recording *rec, text_state *st, double rate, gb_error *err)
{
    char *cells[TEXT_MAX_COLUMNS + 1];
    double clock_s[2];
    for (int row = 0; row < 2; row++) {
        int rc = next_line(rec, st, err);
        if (rc <= 0) return rc;
        clock_s[row] = split_cells(st, cells) > 0 ? clock_of_day_s(cells[0]) : -1;
        if (clock_s[row] < 0) return 0;
    }
    double step = clock_s[1] - clock_s[0];
    if (step < 0) step += 86400; /* across midnight */
    if (step > 1.5 / rate + 0.002)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: its first rows are %.3g s apart, but its preamble says %g Hz: "
                            "summaries per epoch, or a damaged preamble; export the raw samples",
                            rec->path, step, rate);
    return 0;
}

/* What a device export says of itself, into rec->info. */
static void describe_device(recording *rec, const text_device *device, const device_preamble *p)
{
    recording_info *info = &rec->info;
    info->sample_rate_hz = p->sample_rate_hz;
    snprintf(info->format, sizeof info->format, "%s", text_device_format(device));
    snprintf(info->device, sizeof info->device, "%s", text_device_name(device));
    snprintf(info->device_location, sizeof info->device_location, "%s", p->location);
    snprintf(info->start_time, sizeof info->start_time, "%s", p->start_time);
}

/* The header: the leading lines with any cell that is not a number (several rows, e.g. sensor then
 * axis, make names like "left_sensor/acc_x"). */
typedef struct text_header {
    int rows;
    char names[TEXT_MAX_COLUMNS][REC_NAME_MAX];
    char first_time_name[REC_NAME_MAX]; /* the first row's first cell */
} text_header;

/* Reads the header rows from the line at hand on, into h; st->line then holds the first data line,
 * split into cells, which starts at *data_start. */
static int read_header(recording *rec, text_state *st, text_header *h, char **cells,
                       long *data_start, gb_error *err)
{
    int n = split_cells(st, cells);
    if (n > TEXT_MAX_COLUMNS)
        return gb_error_set(err, GB_E_UNSUPPORTED, "%s: more than %d columns", rec->path,
                            TEXT_MAX_COLUMNS);
    st->columns = n;
    for (;;) {
        int text_cells = 0;
        double v;
        /* samples may hold a date and time, first or beside the time (MetaWear's) */
        for (int c = 0; c < n && c < TEXT_MAX_COLUMNS; c++) /* empty: a missing value */
            if (cells[c][0] != '\0' && clock_of_day_s(cells[c]) < 0 &&
                parse_number(st, cells[c], &v) == 1)
                text_cells = 1;
        if (!text_cells || n != st->columns || h->rows == 8) break;
        for (int c = 0; c < n; c++) {
            if (h->rows == 0)
                snprintf(h->names[c], REC_NAME_MAX, "%.*s", REC_NAME_MAX - 1, cells[c]);
            else {
                size_t used = strlen(h->names[c]);
                snprintf(h->names[c] + used, REC_NAME_MAX - used, "/%s", cells[c]);
            }
        }
        if (h->rows == 0) snprintf(h->first_time_name, sizeof h->first_time_name, "%s", cells[0]);
        h->rows++;
        *data_start = gztell(st->file);
        int more = next_line(rec, st, err);
        if (more < 0) return more;
        if (more == 0) break;
        n = split_cells(st, cells);
    }
    return 0;
}

/* The unit a time column's name gives as a word of its own ("t [us]", "sensor timestamp [ns]"):
 * us or ns, 0 for none (ms is found as it was before 0.27.0, anywhere in the name). */
static double time_unit_named(const char *name)
{
    for (const char *p = name; *p;) {
        size_t n = 0;
        while (isalnum((unsigned char)p[n]) || (unsigned char)p[n] >= 0x80)
            n++;
        if ((n == 2 && strncasecmp(p, "us", 2) == 0) ||
            (n == 3 && strncmp(p, "\xC2\xB5s", 3) == 0)) /* "µs" */
            return 1e-6;
        if (n == 2 && strncasecmp(p, "ns", 2) == 0) return 1e-9;
        p += n ? n : 1;
    }
    return 0;
}

/* The unit of time stamps counted from 1970, by their size (now about 1.7e9 s, 1.7e12 ms, 1.7e15
 * us or 1.7e18 ns): phone apps log sensor events so, Sensor Logger's "time" in ns. Seconds for
 * anything smaller, such as time from the recording's start. */
static double epoch_unit_s(const char *cell)
{
    double v = strtod(cell, NULL);
    return v > 1e17 ? 1e-9 : v > 1e14 ? 1e-6 : v > 1e11 ? 1e-3 : 1.0;
}

/* Which column is time (st->time_column, or none), how it is read (date-time stamps, or numbers
 * in s, ms, us or ns), and whether a device export's first column is a stamp to pass over;
 * cells are the first data line's. */
static int choose_time_column(recording *rec, text_state *st, const recording_options *opt,
                              const text_device *device, const text_header *h, char **cells)
{
    const char *first_cell = cells[0];
    int header = h->rows > 0, n = st->columns;
    int first_is_clock = clock_of_day_s(first_cell) >= 0;
    st->time_column = device ? -1 : opt->time_column;
    if (device && (looks_like_time(h->first_time_name) || first_is_clock)) st->stamp_column = 0;
    if (st->time_column == -2) {
        st->time_column = header && looks_like_time(h->first_time_name) ? 0 : -1;
        /* with no sample rate to go by, a time column further right is the only way to read the
         * file (a map that gives the rate keeps every column a channel, as before) */
        for (int c = 1; header && st->time_column < 0 && !(opt->sample_rate_hz > 0) && c < n; c++)
            if (looks_like_time(h->names[c])) st->time_column = c;
    }
    /* date-time stamps in the first column are the time, whatever the header calls them */
    if (!device && first_is_clock && (opt->time_column == -2 || opt->time_column == 0))
        st->time_column = st->clock_column = 0;
    /* the first stamp is the start, when it is an ISO date and time (day and month are ambiguous
     * in other orders): a week's days are cut at its midnights */
    if (st->clock_column == 0 && isfinite(session_day(first_cell)) &&
        isfinite(session_clock_s(first_cell)))
        snprintf(rec->info.start_time, sizeof rec->info.start_time, "%.19s", first_cell);
    if (st->time_column >= n) return -1; /* the map's, beyond the columns */
    /* date-time stamps beside the time column (MetaWear's "time (+00:00)" after its "epoch (ms)")
     * are passed over: no channel */
    for (int c = 0; c < n && st->stamp_column < 0; c++)
        if (c != st->time_column && clock_of_day_s(cells[c]) >= 0) st->stamp_column = c;
    st->time_scale = 1.0;
    if (st->time_column < 0 || st->clock_column >= 0) return 0;
    double named = header ? time_unit_named(h->names[st->time_column]) : 0;
    if (opt->time_unit_s > 0)
        st->time_scale = opt->time_unit_s;
    else if (header && strstr(h->names[st->time_column], "ms"))
        st->time_scale = 1e-3;
    else
        st->time_scale = named > 0 ? named : epoch_unit_s(cells[st->time_column]);
    return 0;
}

/* Names the channels (every column but time and a passed-over stamp): from the header, a device's
 * own column names, or "column N". */
static void name_channels(recording *rec, const text_state *st, const text_device *device,
                          const text_header *h)
{
    int channel = 0;
    const char *const *device_names = device ? text_device_columns(device) : NULL;
    for (int c = 0; c < st->columns; c++) {
        if (c == st->time_column || c == st->stamp_column) continue;
        if (h->rows > 0)
            snprintf(rec->info.channel_names[channel], REC_NAME_MAX, "%.*s", REC_NAME_MAX - 1,
                     h->names[c]);
        else if (device_names && *device_names)
            snprintf(rec->info.channel_names[channel], REC_NAME_MAX, "%s", *device_names++);
        else
            snprintf(rec->info.channel_names[channel], REC_NAME_MAX, "column %d", c + 1);
        channel++;
    }
    rec->info.channels = channel;
}

/* The sample rate: a device export's preamble (its stamps checked), one measured from the time
 * column, or the map's; the file is left at its first data line. */
static int settle_rate(recording *rec, text_state *st, const recording_options *opt,
                       const text_device *device, const device_preamble *preamble, gb_error *err)
{
    int rc;
    if (device) {
        describe_device(rec, device, preamble);
        if (st->stamp_column >= 0 &&
            (rc = check_stamp_spacing(rec, st, preamble->sample_rate_hz, err)) != 0)
            return rc;
    } else if (st->time_column >= 0) {
        if ((rc = measure_rate(rec, st, &rec->info.sample_rate_hz, &st->phase_s, err)) != 0)
            return rc;
        rec->info.rate_from_time_column = 1;
        rec->info.time_column = st->time_column;
        restart_clock(st);
    } else {
        rec->info.sample_rate_hz = opt->sample_rate_hz > 0 ? opt->sample_rate_hz : 0;
        if (!(opt->sample_rate_hz > 0) && !opt->rate_may_be_unknown)
            return gb_error_set(err, GB_E_MAP,
                                "%s: no time column and no sample rate: add \"sample_rate_hz\" "
                                "(or \"time_column\") to the channel map",
                                rec->path);
        return 0;
    }
    if (gzseek(st->file, st->data_start, SEEK_SET) < 0)
        return gb_error_set(err, GB_E_IO, "%s: cannot seek", rec->path);
    return 0;
}

static int text_open(recording *rec, const char *path, const recording_options *opt, gb_error *err)
{
    text_state *st = gb_calloc(1, sizeof *st, err);
    if (!st) return GB_E_NOMEM;
    rec->state = st;
    st->time_steps = gsl_rstat_alloc();
    st->file = gzopen(path, "r");
    if (!st->file || !st->time_steps)
        return gb_error_set(err, GB_E_IO, "%s: cannot open: %s", path, strerror(errno));
    gzbuffer(st->file, 128 * 1024); /* zlib's 8 KiB reads cost a system call each */
    st->max_gap_s = opt->max_gap_s;
    int rc = next_line(rec, st, err);
    if (rc <= 0)
        return rc < 0 ? rc
                      : gb_error_set(err, GB_E_FORMAT, "%s: no data rows (only comments or blanks)",
                                     path);
    char named_delimiter = delimiter_named_by(st->line);
    if (named_delimiter && (rc = next_line(rec, st, err)) <= 0)
        return rc < 0 ? rc : gb_error_set(err, GB_E_FORMAT, "%s: no data rows", path);
    const text_device *device = text_device_for(st->line);
    device_preamble preamble = {0};
    long first_line_start = 0;
    st->stamp_column = st->clock_column = -1;
    restart_clock(st);
    if (device && (rc = read_preamble(rec, st, device, &preamble, &first_line_start, err)) != 0)
        return rc;
    long lines_before = st->line_number - 1; /* the preamble's and leading comment lines */
    st->delimiter = named_delimiter ? named_delimiter : delimiter_of(st->line);
    char *cells[TEXT_MAX_COLUMNS + 1];
    text_header h = {0};
    if ((rc = read_header(rec, st, &h, cells, &first_line_start, err)) != 0) return rc;
    if (choose_time_column(rec, st, opt, device, &h, cells) != 0)
        return gb_error_set(err, GB_E_MAP, "%s: the map's time_column %d is beyond the %d columns",
                            path, st->time_column, st->columns);
    name_channels(rec, st, device, &h);
    /* the first data line is read again from its start below */
    st->line_number = lines_before + h.rows;
    if (rec->info.channels < 1)
        return gb_error_set(err, GB_E_FORMAT, "%s: no data columns besides time", path);
    st->data_start = first_line_start;
    if (gzseek(st->file, st->data_start, SEEK_SET) < 0)
        return gb_error_set(err, GB_E_IO, "%s: cannot seek (text input must be a regular file)",
                            path);
    long data_line_base = st->line_number; /* the lines before the samples (but comment lines
                                            * between header rows) */
    snprintf(rec->info.format, sizeof rec->info.format, "delimited text ('%s')",
             st->delimiter == '\t'  ? "tab"
             : st->delimiter == ' ' ? "white space"
             : st->delimiter == ',' ? "comma"
                                    : "semicolon");
    if (!gzdirect(st->file)) {
        size_t used = strlen(rec->info.format);
        snprintf(rec->info.format + used, sizeof rec->info.format - used, ", gzip-compressed");
    }
    if ((rc = settle_rate(rec, st, opt, device, &preamble, err)) != 0) return rc;
    st->line_number = data_line_base;
    return 0;
}

int rec_text_describes_itself(const char *path)
{
    char line[1024];
    gzFile f = gzopen(path, "r");
    int found = 0;
    while (f && gzgets(f, line, sizeof line)) {
        const char *p = line + strspn(line, " \t\r\n");
        if (*p == '\0' || *p == '#') continue;
        found = text_device_for(line) != NULL;
        break;
    }
    if (f) gzclose(f);
    return found;
}

/* Where a row with a time goes: its sample slot is the one nearest its time at the measured rate,
 * counted from the first row, so time stamps that jitter by up to half a step (a phone's sensor
 * events) put every row in its own place, and the samples keep the time column's clock however
 * long the file. A slot no row lands in is a gap (NaN, as long as the time steps say, up to
 * max_gap_s); a row whose slot is taken already (its time repeats the last row's, or jitter put
 * it within half a step of it) is left out and counted with the repeated rows. 1 when the row
 * is kept, 0 when it is left out, or a gb_code. */
static int place_row(recording *rec, text_state *st, double raw, gb_error *err)
{
    double t = raw * st->time_scale, rate = rec->info.sample_rate_hz;
    if (!st->have_last_time) {
        rec->info.time_origin_s = t + st->phase_s;
        st->first_raw_time = raw;
        st->last_slot = -1; /* the first row takes slot 0 */
    } else {
        double step = (raw - st->last_raw_time) * st->time_scale;
        if (step < 0)
            return gb_error_set(err, GB_E_VALUE,
                                "%s: line %ld: time %.6g s does not come after %.6g s (the time "
                                "column must increase; unsorted rows?)",
                                rec->path, st->line_number, t, st->last_time_s);
        if (step > 1.5 / rate && step > st->max_gap_s)
            return gb_error_set(err, GB_E_VALUE,
                                "%s: line %ld: gap of %.3f s in the time column exceeds the "
                                "limit of %.3f s (raise it with --max-gap)",
                                rec->path, st->line_number, step, st->max_gap_s);
        if (step > 0 && step <= 1.5 / rate) /* the jitter of the regular steps */
            gsl_rstat_add(step, st->time_steps);
    }
    st->have_last_time = 1;
    st->last_time_s = t;
    st->last_raw_time = raw;
    /* the difference in the file's unit, then scaled: Unix time in ms keeps its precision */
    long slot = lround(((raw - st->first_raw_time) * st->time_scale - st->phase_s) * rate);
    if (slot <= st->last_slot) {
        rec->info.duplicate_rows++;
        return 0;
    }
    if (slot > st->last_slot + 1) {
        st->pending_gap_frames = slot - st->last_slot - 1;
        rec->info.gap_count++;
        rec->info.gap_frames += st->pending_gap_frames;
    }
    st->last_slot = slot;
    st->last_kept_time_s = t;
    return 1;
}

/* At the end of the file: the clock's step per sample slot over it (gaps counted as the slots
 * they take), and the jitter of its regular steps. */
static void finish_time_column(recording *rec, const text_state *st)
{
    if (st->last_slot > 0)
        rec->info.time_step_mean_s =
            (st->last_kept_time_s - rec->info.time_origin_s) / (double)st->last_slot;
    if (gsl_rstat_n(st->time_steps) > 0) rec->info.time_step_sd_s = gsl_rstat_sd(st->time_steps);
}

static int take_row(recording *rec, text_state *st, gb_error *err)
{
    for (;;) {
        int rc = next_line(rec, st, err);
        if (rc == 0 && st->time_column >= 0) finish_time_column(rec, st);
        if (rc <= 0) return rc;
        if ((rc = parse_row(rec, st, st->pending_row, err)) != 0) return rc;
        if (st->time_column >= 0 &&
            (rc = place_row(rec, st, st->pending_row[st->time_column], err)) <= 0) {
            if (rc < 0) return rc;
            continue; /* its slot is taken: left out */
        }
        st->have_pending_row = 1;
        return 1;
    }
}

static long text_read(recording *rec, double *frames, long max_frames, gb_error *err)
{
    text_state *st = rec->state;
    int channels = rec->info.channels;
    long n = 0;
    while (n < max_frames) {
        double *out = frames + (size_t)n * channels;
        if (!st->have_pending_row) {
            int rc = take_row(rec, st, err);
            if (rc < 0) return rc;
            if (rc == 0) break;
        }
        if (st->pending_gap_frames > 0) {
            for (int c = 0; c < channels; c++)
                out[c] = NAN;
            st->pending_gap_frames--;
        } else {
            for (int c = 0, k = 0; c < st->columns; c++)
                if (c != st->time_column && c != st->stamp_column) out[k++] = st->pending_row[c];
            st->have_pending_row = 0;
        }
        n++;
    }
    return n;
}

static void text_close(recording *rec)
{
    text_state *st = rec->state;
    if (!st) return;
    if (st->file) gzclose(st->file);
    if (st->time_steps) gsl_rstat_free(st->time_steps);
    free(st);
    rec->state = NULL;
}

const rec_backend rec_backend_text = {.name = "text",
                                      .extensions = text_extensions,
                                      .open = text_open,
                                      .read = text_read,
                                      .close = text_close,
                                      .reads_gzip = 1};
