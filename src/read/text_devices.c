/* The preambles of two accelerometer makers' CSV exports, one table row each:
 * - ActiGraph ActiLife raw CSV: ten lines between two rules of dashes ("... date format M/d/yyyy at
 *   30 Hz ...", "Start Time", "Start Date", "Epoch Period (hh:mm:ss) 00:00:00" for raw samples),
 *   then an optional header row ("Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z"; the
 *   time stamp column is optional too), then samples in g.
 * - GENEActiv CSV (GENEActiv PC software): "key,value" lines ("Measurement Frequency,100 Hz",
 *   "Start Time,2016-07-01 12:00:00:000", "Device Location Code,left wrist", ...), then rows of
 *   time stamp, x, y, z in g, light, button and temperature, without a header row.
 * The samples of both are plain comma-separated numbers after a time stamp, which the text backend
 * reads as it reads any CSV. */
#include "text_devices.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct text_device {
    const char *name, *format;
    const char *signature; /* in the first line */
    int (*take_line)(device_preamble *p, const char *line, const char *path, gb_error *err);
    int (*finish)(device_preamble *p, const char *path, gb_error *err); /* NULL: nothing to check */
    const char *const *columns;
};

#define PREAMBLE_MAX_LINES 400
#define TEXT_DEVICE_MAX_RATE_HZ 10000.0 /* these loggers sample at 10 to 100 Hz */

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* value after prefix, leading blanks skipped, into out */
static void copy_after(const char *line, const char *prefix, char *out, size_t size)
{
    const char *v = line + strlen(prefix);
    while (*v == ' ' || *v == '\t' || *v == ':' || *v == ',')
        v++;
    snprintf(out, size, "%s", v);
    for (size_t n = strlen(out); n > 0 && (out[n - 1] == ' ' || out[n - 1] == ','); n--)
        out[n - 1] = '\0';
}

/* "... at 30 Hz ...": the number before "Hz" that follows " at " */
static double rate_in_title(const char *line)
{
    for (const char *at = strstr(line, " at "); at; at = strstr(at + 1, " at ")) {
        char *end;
        double rate = strtod(at + 4, &end);
        while (*end == ' ')
            end++;
        if (end != at + 4 && strncmp(end, "Hz", 2) == 0) return rate;
    }
    return 0;
}

/* "date format dd/MM/yyyy" as the order of day, month and year: "dmy" */
static void date_order_in_title(const char *line, char order[4])
{
    const char *format = strstr(line, "date format ");
    snprintf(order, 4, "mdy"); /* ActiLife's default */
    if (!format) return;
    int n = 0;
    char seen[4] = "";
    for (const char *c = format + strlen("date format "); *c && *c != ' ' && n < 3; c++) {
        char part = *c == 'M' ? 'm' : *c == 'd' ? 'd' : *c == 'y' ? 'y' : 0;
        if (part && !strchr(seen, part)) seen[n++] = part;
    }
    if (n == 3) memcpy(order, seen, 4);
}

static int actigraph_take_line(device_preamble *p, const char *line, const char *path,
                               gb_error *err)
{
    if (p->ended) return 0;
    if (++p->lines > 20)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: an ActiGraph preamble without its closing line of dashes in its "
                            "first 20 lines: is the file cut or edited?",
                            path);
    if (p->lines == 1) {
        p->sample_rate_hz = rate_in_title(line);
        date_order_in_title(line, p->date_order);
    } else if (starts_with(line, "-----"))
        p->ended = 1;
    else if (starts_with(line, "Start Time"))
        copy_after(line, "Start Time", p->start_clock, sizeof p->start_clock);
    else if (starts_with(line, "Start Date"))
        copy_after(line, "Start Date", p->start_date, sizeof p->start_date);
    else if (starts_with(line, "Epoch Period (hh:mm:ss)"))
        copy_after(line, "Epoch Period (hh:mm:ss)", p->epoch, sizeof p->epoch);
    return 1;
}

/* Start Date in the title's order and Start Time as "YYYY-MM-DD HH:MM:SS"; empty if unreadable. */
static void actigraph_start(device_preamble *p)
{
    int part[3], hour, minute, second;
    if (sscanf(p->start_date, "%d%*[/.-]%d%*[/.-]%d", &part[0], &part[1], &part[2]) != 3 ||
        sscanf(p->start_clock, "%d:%d:%d", &hour, &minute, &second) != 3)
        return;
    int year = 0, month = 0, day = 0;
    for (int i = 0; i < 3; i++) {
        if (p->date_order[i] == 'y') year = part[i];
        if (p->date_order[i] == 'm') month = part[i];
        if (p->date_order[i] == 'd') day = part[i];
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 9999) return;
    snprintf(p->start_time, sizeof p->start_time, "%04d-%02d-%02d %02d:%02d:%02d", year, month, day,
             hour % 100, minute % 100, second % 100);
}

static int actigraph_finish(device_preamble *p, const char *path, gb_error *err)
{
    if (!p->ended)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: the ActiGraph preamble has no closing line of dashes", path);
    if (p->epoch[0] && strcmp(p->epoch, "00:00:00") != 0)
        return gb_error_set(err, GB_E_UNSUPPORTED,
                            "%s: an ActiGraph epoch file (activity counts per %s), not raw "
                            "acceleration: export the raw samples from ActiLife instead",
                            path, p->epoch);
    actigraph_start(p);
    return 0;
}

static int geneactiv_take_line(device_preamble *p, const char *line, const char *path,
                               gb_error *err)
{
    if (p->ended || isdigit((unsigned char)line[0])) { /* samples start with their date */
        p->ended = 1;
        return 0;
    }
    if (++p->lines > PREAMBLE_MAX_LINES)
        return gb_error_set(err, GB_E_FORMAT,
                            "%s: no samples in the first %d lines after the GENEActiv preamble's "
                            "start: is this an export of the raw data?",
                            path, PREAMBLE_MAX_LINES);
    char value[64];
    if (starts_with(line, "Measurement Frequency")) {
        copy_after(line, "Measurement Frequency", value, sizeof value);
        p->sample_rate_hz = strtod(value, NULL);
    } else if (starts_with(line, "Start Time")) {
        copy_after(line, "Start Time", value, sizeof value);
        if (strlen(value) >= 19) snprintf(p->start_time, sizeof p->start_time, "%.19s", value);
    } else if (starts_with(line, "Device Location Code"))
        copy_after(line, "Device Location Code", p->location, sizeof p->location);
    return 1;
}

void text_device_geneactiv_location(const char *code, char *location, size_t size)
{
    snprintf(location, size, "%s", code[0] ? code : "wrist (no location code in the file)");
}

static int geneactiv_finish(device_preamble *p, const char *path, gb_error *err)
{
    (void)path;
    (void)err;
    char code[sizeof p->location];
    memcpy(code, p->location, sizeof code);
    text_device_geneactiv_location(code, p->location, sizeof p->location);
    return 0;
}

static const char *const actigraph_columns[] = {"Accelerometer X", "Accelerometer Y",
                                                "Accelerometer Z", NULL};
static const char *const geneactiv_columns[] = {"x",      "y",           "z", "light",
                                                "button", "temperature", NULL};

static const text_device devices[] = {
    {"ActiGraph", "ActiGraph ActiLife CSV", "Data File Created By ActiGraph", actigraph_take_line,
     actigraph_finish, actigraph_columns},
    {"GENEActiv", "GENEActiv CSV", "Device Type,GENEActiv", geneactiv_take_line, geneactiv_finish,
     geneactiv_columns},
};

const text_device *text_device_for(const char *first_line)
{
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strstr(first_line, devices[i].signature)) return &devices[i];
    return NULL;
}

const char *text_device_name(const text_device *device)
{
    return device->name;
}

const char *text_device_format(const text_device *device)
{
    return device->format;
}

int text_device_take_line(const text_device *device, device_preamble *p, const char *line,
                          const char *path, gb_error *err)
{
    return device->take_line(p, line, path, err);
}

int text_device_finish(const text_device *device, device_preamble *p, const char *path,
                       gb_error *err)
{
    int rc = device->finish ? device->finish(p, path, err) : 0;
    if (rc == 0 && !(p->sample_rate_hz > 0 && p->sample_rate_hz <= TEXT_DEVICE_MAX_RATE_HZ))
        rc = gb_error_set(err, GB_E_FORMAT,
                          "%s: the %s preamble gives no sample rate between 0 and %g Hz (it reads "
                          "%g): is the file cut or edited? Export it again",
                          path, device->name, TEXT_DEVICE_MAX_RATE_HZ, p->sample_rate_hz);
    return rc;
}

const char *const *text_device_columns(const text_device *device)
{
    return device->columns;
}
