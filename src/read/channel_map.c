#include "channel_map.h"

#include "../common/json_keys.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct name_value {
    const char *name;
    int value;
} name_value;

static const name_value side_names[] = {{"left", SIDE_LEFT}, {"right", SIDE_RIGHT}, {NULL, 0}};
static const name_value quantity_names[] = {{"force", QUANTITY_FORCE},
                                            {"pressure", QUANTITY_PRESSURE},
                                            {"acceleration", QUANTITY_ACCELERATION},
                                            {"angular_velocity", QUANTITY_ANGULAR_VELOCITY},
                                            {"ignore", QUANTITY_IGNORE},
                                            {NULL, 0}};
static const name_value location_names[] = {{"total", LOCATION_TOTAL},
                                            {"heel", LOCATION_HEEL},
                                            {"midfoot", LOCATION_MIDFOOT},
                                            {"forefoot", LOCATION_FOREFOOT},
                                            {"toe", LOCATION_TOE},
                                            {"sensor", LOCATION_SENSOR},
                                            {NULL, 0}};

/* column and sensor numbers beyond any file's: refused before they are cast to int */
#define MAP_COLUMN_LIMIT 100000
/* times in a map beyond any recording's (seconds): refused before they become sample counts */
#define MAP_TIME_LIMIT_S (366 * 86400.0)

static const name_value axis_names[] = {{"x", 0}, {"y", 1}, {"z", 2}, {NULL, 0}};
static const name_value stance_names[] = {{"auto", 0}, {"brief", 1}, {NULL, 0}};
static const name_value placement_names[] = {
    {"foot", PLACEMENT_FOOT},         {"shank", PLACEMENT_SHANK}, {"sacrum", PLACEMENT_SACRUM},
    {"lower_back", PLACEMENT_SACRUM}, {"wrist", PLACEMENT_WRIST}, {NULL, 0}};

static const char *const top_keys[] = {"pitch_axis",
                                       "foot_stances",
                                       "forward_axis",
                                       "up_axis",
                                       "athlete",
                                       "session",
                                       "activity",
                                       "body_mass_kg",
                                       "leg_length_m",
                                       "speed_m_per_s",
                                       "sample_rate_hz",
                                       "time_column",
                                       "time_unit",
                                       "channels",
                                       "description",
                                       "standing_s",
                                       "stride_length_m",
                                       "sensor_height_m",
                                       NULL};
static const char *const channel_keys[] = {"axis",     "placement", "index",  "name", "side",
                                           "quantity", "location",  "sensor", "x_mm", "y_mm",
                                           "unit",     "scale",     "offset", NULL};

/* A text time column's units, as the map's time_unit names them */
static const struct {
    const char *name;
    double seconds;
} time_units[] = {{"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}};

static const char *name_of(const name_value *table, int value)
{
    for (; table->name; table++)
        if (table->value == value) return table->name;
    return "?";
}

const char *map_side_name(int side)
{
    return side == SIDE_NONE ? "none" : name_of(side_names, side);
}

const char *map_location_name(int location)
{
    return name_of(location_names, location);
}

const char *map_placement_name(int placement)
{
    return name_of(placement_names, placement);
}

const char *map_quantity_name(int quantity)
{
    return name_of(quantity_names, quantity);
}

void channel_role_describe(const channel_role *r, char *out, size_t size)
{
    if (r->quantity == QUANTITY_IGNORE)
        snprintf(out, size, "ignored");
    else if (r->quantity == QUANTITY_ACCELERATION || r->quantity == QUANTITY_ANGULAR_VELOCITY)
        snprintf(out, size, "%s%s%s %s %c", /* a sacrum sensor sits on neither side */
                 r->placement == PLACEMENT_SACRUM ? "" : map_side_name(r->side),
                 r->placement == PLACEMENT_SACRUM ? "" : " ", map_placement_name(r->placement),
                 map_quantity_name(r->quantity), "xyz"[r->axis % 3]);
    else if (r->location == LOCATION_SENSOR)
        snprintf(out, size, "%s sensor %d", map_side_name(r->side), r->sensor);
    else
        snprintf(out, size, "%s %s", map_side_name(r->side), map_location_name(r->location));
}

static int lookup(const name_value *table, const char *name, int *value)
{
    for (; table->name; table++)
        if (strcasecmp(table->name, name) == 0) {
            *value = table->value;
            return 0;
        }
    return -1;
}

void channel_map_init(channel_map *map)
{
    memset(map, 0, sizeof *map);
    map->body_mass_kg = NAN;
    map->leg_length_m = map->sensor_height_m = NAN;
    map->speed_m_per_s = NAN;
    map->stride_length_m = NAN;
    map->time_column = -2;
    map->time_unit_s = 0;
    map->pitch_axis = 1;
    map->forward_axis = map->up_axis = -1;
    map->forward_sign = map->up_sign = 1;
    map->standing_start_s = map->standing_end_s = NAN;
}

static int get_string(json_t *object, const char *key, char *out, size_t size)
{
    json_t *v = json_object_get(object, key);
    if (!json_is_string(v)) return 0;
    snprintf(out, size, "%s", json_string_value(v));
    return 1;
}

/* An axis with an optional sign ("z", "-z", "+z") under key, into *axis (0-2) and *sign (+1 or
 * -1); both unchanged when the key is absent. `minus` says what the sign means ("backwards"). */
static int get_signed_axis(json_t *root, const char *key, const char *minus, int *axis, int *sign,
                           const char *source, gb_error *err)
{
    char text[8];
    if (!get_string(root, key, text, sizeof text)) return 0;
    const char *name = text[0] == '-' || text[0] == '+' ? text + 1 : text;
    int index;
    if (lookup(axis_names, name, &index) != 0)
        return gb_error_set(err, GB_E_MAP,
                            "%s: %s must be \"x\", \"y\" or \"z\", or one of them with a sign "
                            "(\"-z\": z points %s)",
                            source, key, minus);
    *axis = index;
    *sign = text[0] == '-' ? -1 : 1;
    return 0;
}

static int get_number(json_t *object, const char *key, double *out)
{
    json_t *v = json_object_get(object, key);
    if (!json_is_number(v)) return 0;
    *out = json_number_value(v);
    return 1;
}

static int parse_enum(json_t *channel, const char *key, const name_value *table, int *value,
                      const char *source, int number, gb_error *err)
{
    char text[32];
    if (!get_string(channel, key, text, sizeof text)) return 0;
    if (lookup(table, text, value) == 0) return 0;
    char allowed[256] = "";
    for (const name_value *t = table; t->name; t++) {
        strncat(allowed, t->name, sizeof allowed - strlen(allowed) - 1);
        if (t[1].name) strncat(allowed, ", ", sizeof allowed - strlen(allowed) - 1);
    }
    return gb_error_set(err, GB_E_MAP, "%s: channels[%d].%s is '%s'; use one of: %s", source,
                        number, key, text, allowed);
}

static int parse_channel(json_t *channel, int number, channel_role *role, const char *source,
                         const gb_warner *warner, gb_error *err)
{
    if (!json_is_object(channel))
        return gb_error_set(err, GB_E_MAP, "%s: channels[%d] must be an object", source, number);
    char where[32];
    snprintf(where, sizeof where, "channels[%d]", number);
    gb_json_warn_unknown_keys(channel, channel_keys, where, source, warner);
    json_t *index = json_object_get(channel, "index");
    if (!json_is_integer(index) || json_integer_value(index) < 0 ||
        json_integer_value(index) >= MAP_COLUMN_LIMIT)
        return gb_error_set(err, GB_E_MAP,
                            "%s: channels[%d] needs \"index\": the 0-based channel number in the "
                            "file (a text time column does not count)",
                            source, number);
    role->index = (int)json_integer_value(index);
    role->quantity = QUANTITY_FORCE;
    role->location = LOCATION_TOTAL;
    role->scale = 1.0;
    role->axis = -1;
    role->placement = PLACEMENT_FOOT;
    int rc;
    if ((rc = parse_enum(channel, "side", side_names, &role->side, source, number, err)) ||
        (rc = parse_enum(channel, "quantity", quantity_names, &role->quantity, source, number,
                         err)) ||
        (rc = parse_enum(channel, "location", location_names, &role->location, source, number,
                         err)) ||
        (rc = parse_enum(channel, "axis", axis_names, &role->axis, source, number, err)) ||
        (rc = parse_enum(channel, "placement", placement_names, &role->placement, source, number,
                         err)))
        return rc;
    if ((role->quantity == QUANTITY_ACCELERATION || role->quantity == QUANTITY_ANGULAR_VELOCITY) &&
        role->axis < 0)
        return gb_error_set(err, GB_E_MAP, "%s: channels[%d] needs \"axis\": \"x\", \"y\" or \"z\"",
                            source, number);
    /* a lower-back sensor sits on neither side: its channels need none, and carry the left's,
     * as maps before 0.16.0 gave them */
    if (role->side == SIDE_NONE && role->placement == PLACEMENT_SACRUM) role->side = SIDE_LEFT;
    if (role->quantity != QUANTITY_IGNORE && role->side == SIDE_NONE)
        return gb_error_set(err, GB_E_MAP,
                            "%s: channels[%d] needs \"side\": \"left\" or \"right\" (a lower-back "
                            "sensor's channels, \"placement\": \"sacrum\", need none)",
                            source, number);
    double v;
    if (get_number(channel, "sensor", &v)) {
        if (!(v >= 0 && v < MAP_COLUMN_LIMIT) || v != floor(v))
            return gb_error_set(err, GB_E_MAP,
                                "%s: channels[%d] has \"sensor\": %g, not a sensor number (0, 1, "
                                "...)",
                                source, number, v);
        role->sensor = (int)v;
    }
    if (get_number(channel, "x_mm", &role->x_mm) & get_number(channel, "y_mm", &role->y_mm))
        role->has_position = 1;
    if (json_object_get(channel, "sensor") || json_object_get(channel, "y_mm"))
        if (!json_object_get(channel, "location")) role->location = LOCATION_SENSOR;
    get_string(channel, "unit", role->unit, sizeof role->unit);
    if (role->quantity == QUANTITY_ACCELERATION || role->quantity == QUANTITY_ANGULAR_VELOCITY) {
        /* an unknown spelling would be read as the default unit, 57 times off for rad/s */
        const char *unit = channel_unit_canonical(role->quantity, role->unit);
        int acceleration = role->quantity == QUANTITY_ACCELERATION;
        if (!unit)
            return gb_error_set(
                err, GB_E_MAP,
                "%s: channels[%d] has \"unit\": \"%s\", which gaitbatch does not "
                "convert for %s: write %s",
                source, number, role->unit, acceleration ? "an accelerometer" : "a gyroscope",
                acceleration ? "\"g\", \"mg\" or \"m/s2\"" : "\"deg/s\" or \"rad/s\"");
        snprintf(role->unit, sizeof role->unit, "%s", unit);
    }
    get_number(channel, "scale", &role->scale);
    get_number(channel, "offset", &role->offset);
    if (!isfinite(role->scale) || role->scale == 0)
        return gb_error_set(err, GB_E_MAP, "%s: channels[%d].scale must be a non-zero number",
                            source, number);
    return 0;
}

/* Two channels of one sensor's axis: the stages keep the last, so a magnitude column mapped as x
 * (as a phone app's export drafted into a map gave it) silently took the axis's place. */
static int check_one_channel_per_axis(const channel_map *map, const char *source, gb_error *err)
{
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *a = &map->roles[i];
        if (a->quantity != QUANTITY_ACCELERATION && a->quantity != QUANTITY_ANGULAR_VELOCITY)
            continue;
        for (int j = i + 1; j < map->role_count; j++) {
            const channel_role *b = &map->roles[j];
            /* a lower-back sensor is one whatever side its channels were given */
            if (b->quantity != a->quantity || b->placement != a->placement || b->axis != a->axis ||
                (a->placement != PLACEMENT_SACRUM && b->side != a->side))
                continue;
            char axis[64];
            channel_role_describe(a, axis, sizeof axis);
            return gb_error_set(err, GB_E_MAP,
                                "%s: channels[%d] and channels[%d] (file channels %d and %d) are "
                                "both the %s axis: give each axis one channel, and mark a "
                                "magnitude or spare column \"quantity\": \"ignore\"",
                                source, i, j, a->index, b->index, axis);
        }
    }
    return 0;
}

int channel_map_parse(const char *json_text, const char *source, channel_map *map,
                      const gb_warner *warner, gb_error *err)
{
    channel_map_init(map);
    snprintf(map->source, sizeof map->source, "%s", source);
    json_error_t jerr;
    json_t *root = json_loads(json_text, 0, &jerr);
    if (!root)
        return gb_error_set(err, GB_E_MAP, "%s: line %d, column %d: invalid JSON: %s", source,
                            jerr.line, jerr.column, jerr.text);
    int rc = 0;
    if (!json_is_object(root)) {
        rc = gb_error_set(err, GB_E_MAP, "%s: the channel map must be a JSON object", source);
        goto done;
    }
    gb_json_warn_unknown_keys(root, top_keys, "the map", source, warner);
    get_string(root, "athlete", map->athlete, sizeof map->athlete);
    get_string(root, "session", map->session, sizeof map->session);
    get_string(root, "activity", map->activity, sizeof map->activity);
    get_number(root, "body_mass_kg", &map->body_mass_kg);
    get_number(root, "leg_length_m", &map->leg_length_m);
    /* a lower-back sensor sits about 0.8-1.2 m above the floor: a height far outside (in cm,
     * say) would make every step length wrong, so it is left out, with a warning */
    if (get_number(root, "sensor_height_m", &map->sensor_height_m) &&
        !(map->sensor_height_m > 0.3 && map->sensor_height_m < 2.0)) {
        gb_warn(warner,
                "%s: sensor_height_m %g is no lower-back sensor's height above the floor in "
                "metres (about 0.8-1.2); left out, so no step lengths",
                source, map->sensor_height_m);
        map->sensor_height_m = NAN;
    }
    get_number(root, "speed_m_per_s", &map->speed_m_per_s);
    get_number(root, "stride_length_m", &map->stride_length_m);
    get_number(root, "sample_rate_hz", &map->sample_rate_hz);
    double column;
    if (get_number(root, "time_column", &column)) {
        /* (checked before the cast: a number beyond int's range has no int value) */
        if (!(column >= 0 && column < MAP_COLUMN_LIMIT) || column != floor(column)) {
            rc =
                gb_error_set(err, GB_E_MAP,
                             "%s: time_column %g is no column: give the 0-based column of the time "
                             "stamps, or null when the file has none",
                             source, column);
            goto done;
        }
        map->time_column = (int)column;
    }
    if (json_is_null(json_object_get(root, "time_column"))) map->time_column = -1;
    char pitch[8];
    if (get_string(root, "pitch_axis", pitch, sizeof pitch) &&
        lookup(axis_names, pitch, &map->pitch_axis) != 0) {
        rc = gb_error_set(err, GB_E_MAP, "%s: pitch_axis must be \"x\", \"y\" or \"z\"", source);
        goto done;
    }
    char stances[8];
    if (get_string(root, "foot_stances", stances, sizeof stances) &&
        lookup(stance_names, stances, &map->foot_brief_stances) != 0) {
        rc = gb_error_set(err, GB_E_MAP,
                          "%s: foot_stances must be \"auto\" (still stances, brief ones once "
                          "none comes) or \"brief\" (every stance's brief flat part, for running)",
                          source);
        goto done;
    }
    /* a sign in front: a sensor worn facing the body has an axis pointing backwards */
    if ((rc = get_signed_axis(root, "forward_axis", "backwards", &map->forward_axis,
                              &map->forward_sign, source, err)) ||
        (rc = get_signed_axis(root, "up_axis", "down", &map->up_axis, &map->up_sign, source, err)))
        goto done;
    if (map->up_axis >= 0 && map->up_axis == map->forward_axis) {
        rc = gb_error_set(err, GB_E_MAP,
                          "%s: up_axis and forward_axis name the same axis (\"%s\"): one axis "
                          "cannot point both up and forward",
                          source, name_of(axis_names, map->up_axis));
        goto done;
    }
    json_t *standing = json_object_get(root, "standing_s");
    if (standing) {
        json_t *start = json_array_get(standing, 0), *end = json_array_get(standing, 1);
        map->standing_start_s = json_is_number(start) ? json_number_value(start) : NAN;
        map->standing_end_s = json_is_number(end) ? json_number_value(end) : NAN;
        if (json_array_size(standing) != 2 || !(map->standing_start_s >= 0) ||
            !(map->standing_end_s > map->standing_start_s) ||
            !(map->standing_end_s <= MAP_TIME_LIMIT_S)) {
            rc = gb_error_set(err, GB_E_MAP,
                              "%s: standing_s must be [start, end], seconds from the recording's "
                              "start with 0 <= start < end <= %.0f (a year), e.g. [1, 6]",
                              source, MAP_TIME_LIMIT_S);
            goto done;
        }
    }
    char unit[8];
    if (get_string(root, "time_unit", unit, sizeof unit)) {
        for (size_t k = 0; k < sizeof time_units / sizeof time_units[0]; k++)
            if (strcmp(unit, time_units[k].name) == 0) map->time_unit_s = time_units[k].seconds;
        if (!(map->time_unit_s > 0)) {
            rc = gb_error_set(err, GB_E_MAP,
                              "%s: time_unit must be \"s\", \"ms\", \"us\" or \"ns\", not \"%s\"",
                              source, unit);
            goto done;
        }
    }
    if (map->activity[0] && strcmp(map->activity, "run") && strcmp(map->activity, "walk"))
        gb_warn(warner, "%s: activity '%s' is neither \"run\" nor \"walk\"; deciding from the data",
                source, map->activity);
    json_t *channels = json_object_get(root, "channels");
    if (!json_is_array(channels) || json_array_size(channels) == 0) {
        rc = gb_error_set(err, GB_E_MAP, "%s: \"channels\" must be a non-empty array", source);
        goto done;
    }
    if (json_array_size(channels) > REC_MAX_CHANNELS) {
        rc = gb_error_set(err, GB_E_MAP, "%s: more than %d channels", source, REC_MAX_CHANNELS);
        goto done;
    }
    size_t i;
    json_t *channel;
    json_array_foreach(channels, i, channel)
    {
        if ((rc = parse_channel(channel, (int)i, &map->roles[i], source, warner, err)) != 0)
            goto done;
        map->role_count++;
    }
    rc = check_one_channel_per_axis(map, source, err);
done:
    json_decref(root);
    return rc;
}

int channel_map_load(const char *path, channel_map *map, const gb_warner *warner, gb_error *err)
{
    json_error_t jerr;
    json_t *root = gb_json_load_file(path, &jerr);
    if (!root) {
        if (access(path, R_OK) != 0)
            return gb_error_set(err, GB_E_IO, "%s: cannot read the channel map", path);
        return gb_error_set(err, GB_E_MAP, "%s: line %d, column %d: invalid JSON: %s", path,
                            jerr.line, jerr.column, jerr.text);
    }
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    if (!text) return gb_error_set(err, GB_E_NOMEM, "%s: out of memory", path);
    int rc = channel_map_parse(text, path, map, warner, err);
    free(text);
    return rc;
}

void channel_map_sidecar_path(const char *recording_path, char *out, size_t size)
{
    snprintf(out, size, "%.*s.json", recording_stem_length(recording_path), recording_path);
}

int channel_map_file(const char *recording_path, const char *explicit_path, char *out, size_t size)
{
    if (explicit_path) {
        snprintf(out, size, "%s", explicit_path);
        return 1;
    }
    channel_map_sidecar_path(recording_path, out, size);
    if (access(out, F_OK) == 0) return 1;
    const char *slash = strrchr(recording_path, '/');
    if (slash)
        snprintf(out, size, "%.*s/channels.json", (int)(slash - recording_path), recording_path);
    else
        snprintf(out, size, "channels.json");
    return access(out, F_OK) == 0;
}

int channel_map_find(const char *recording_path, const char *explicit_path, channel_map *map,
                     const gb_warner *warner, gb_error *err)
{
    char file[4096]; /* PATH_MAX: an explicit path was used as given before */
    if (!channel_map_file(recording_path, explicit_path, file, sizeof file)) return 0;
    int rc = channel_map_load(file, map, warner, err);
    return rc ? rc : 1;
}

static int contains_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, word, n) == 0) return 1;
    return 0;
}

/* "Scale-N: value" from an omconvert comment, the range that full scale stands for; otherwise
 * omconvert's own ranges, +-8 g and +-2000 deg/s. */
static double axivity_scale(const char *comment, int channel, int quantity)
{
    char key[24];
    snprintf(key, sizeof key, "Scale-%d:", channel);
    const char *at = strstr(comment, key);
    double scale = at ? strtod(at + strlen(key), NULL) : 0;
    return scale > 0 ? scale : quantity == QUANTITY_ANGULAR_VELOCITY ? 2000.0 : 8.0;
}

/* A role the map infers rather than reads: zeroed, then the channel, side and quantity set. */
static channel_role *infer_role(channel_map *map, int index, int side, int quantity)
{
    channel_role *role = &map->roles[map->role_count++];
    memset(role, 0, sizeof *role);
    role->index = index;
    role->side = side;
    role->quantity = quantity;
    role->scale = 1.0;
    return role;
}

/* A device's sensor axis at the lower back: channel `index`, in g or deg/s times scale. */
static void device_axis(channel_map *map, int index, int quantity, int axis, double scale)
{
    channel_role *r = infer_role(map, index, SIDE_LEFT, quantity);
    r->axis = axis;
    r->placement = PLACEMENT_SACRUM;
    r->scale = scale;
    snprintf(r->unit, sizeof r->unit, "%s", quantity == QUANTITY_ACCELERATION ? "g" : "deg/s");
}

/* An Axivity file's axes by their names: "Accel-X" .. "Accel-Z", and from an AX6 "Gyro-X" ..
 * "Gyro-Z", whose gyroscope then turns the gravity estimate with the trunk. A .cwa file's
 * (rec_cwa.c) come in g and deg/s, their units given; an omconvert WAV's (rec_sndfile.c) are
 * fractions of full scale, "Scale-N" in its comment. Other channels (a magnetometer's, the
 * validity bits) have no role. */
/* The axis (0-2) a channel's name gives right after prefix, as its last letter ("Accel-X",
 * "Lumbar Gyroscope Z"); -1 when the name is no such one. */
static int axis_after(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0 || name[n] < 'X' || name[n] > 'Z' || name[n + 1] != '\0')
        return -1;
    return name[n] - 'X';
}

static void axivity_roles(const recording_info *info, channel_map *map)
{
    static const struct {
        const char *prefix;
        int quantity;
    } kinds[] = {{"Accel-", QUANTITY_ACCELERATION}, {"Gyro-", QUANTITY_ANGULAR_VELOCITY}};
    for (int c = 0; c < info->channels; c++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            int axis = axis_after(info->channel_names[c], kinds[k].prefix);
            if (axis < 0) continue;
            device_axis(map, c, kinds[k].quantity, axis,
                        info->channel_units[c][0]
                            ? 1.0
                            : axivity_scale(info->comment, c + 1, kinds[k].quantity));
        }
}

/* An APDM recording's lower-back sensor (rec_apdm.c): its channels, "<label> Accelerometer X" ..
 * "<label> Gyroscope Z", the label being where it was worn; in the units the file gives (m/s2 and
 * rad/s as Mobility Lab writes them), refused when they are none gaitbatch converts. Its other
 * sensors' channels have no role: a map gives them one (inspect's template reads their names). */
static int apdm_roles(const recording_info *info, const char *path, channel_map *map, gb_error *err)
{
    static const struct {
        const char *kind;
        int quantity;
    } kinds[] = {{"Accelerometer", QUANTITY_ACCELERATION},
                 {"Gyroscope", QUANTITY_ANGULAR_VELOCITY}};
    for (int c = 0; c < info->channels; c++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            char prefix[REC_NAME_MAX];
            int n = snprintf(prefix, sizeof prefix, "%s %s ", info->device_location, kinds[k].kind);
            int axis = n > 0 && (size_t)n < sizeof prefix
                           ? axis_after(info->channel_names[c], prefix)
                           : -1; /* a label too long for a channel name names none */
            if (axis < 0) continue;
            const char *unit = channel_unit_canonical(kinds[k].quantity, info->channel_units[c]);
            if (!unit)
                return gb_error_set(err, GB_E_MAP,
                                    "%s: channel %d (%s) is in \"%s\", which gaitbatch does not "
                                    "convert: give a channel map with its unit",
                                    path, c, info->channel_names[c], info->channel_units[c]);
            device_axis(map, c, kinds[k].quantity, axis, 1.0);
            channel_role *r = &map->roles[map->role_count - 1];
            snprintf(r->unit, sizeof r->unit, "%s", unit);
        }
    return 0;
}

/* Whether a device's location says a shin (an ankle, as GENEActiv's codes say, is the distal
 * shank where tibial accelerometers sit), and which one: SIDE_NONE when it does not say. */
static int worn_on_shank(const char *location, int *side)
{
    static const char *const shin[] = {"ankle", "shin", "shank", "tibia", "lower leg"};
    *side = contains_word(location, "left")    ? SIDE_LEFT
            : contains_word(location, "right") ? SIDE_RIGHT
                                               : SIDE_NONE;
    for (size_t i = 0; i < sizeof shin / sizeof shin[0]; i++)
        if (contains_word(location, shin[i])) return 1;
    return 0;
}

/* A device worn on a shin is a tibial accelerometer (since 0.19.0): its roles move to that
 * shank, and an AX6's gyroscope is left out, its axes' directions on the leg being unknown. */
static void move_to_shank(channel_map *map, int side)
{
    for (int i = 0; i < map->role_count; i++) {
        channel_role *r = &map->roles[i];
        r->placement = PLACEMENT_SHANK;
        r->side = side;
        if (r->quantity == QUANTITY_ANGULAR_VELOCITY) r->quantity = QUANTITY_IGNORE;
    }
}

/* A file that describes itself (Axivity omconvert WAV, ActiGraph or GENEActiv CSV): three
 * accelerometer axes in g (an Axivity file's normalised values times its scale), the start time,
 * and where it was worn when the file says. Read as a lower-back sensor, or one worn on a shin as
 * a tibial accelerometer. */
static int device_map(const recording_info *info, const char *path, channel_map *map,
                      const gb_warner *warner, gb_error *err)
{
    int trunk = recording_worn_at_lower_back(info->device_location), side = SIDE_NONE;
    int shank = trunk < 0 && strcmp(info->device, "APDM") != 0 &&
                worn_on_shank(info->device_location, &side);
    if (shank && side == SIDE_NONE)
        return gb_error_set(err, GB_E_MAP,
                            "%s: the %s was worn at the %s, which does not say which leg: give a "
                            "channel map with placement \"shank\" and the side",
                            path, info->device, info->device_location);
    if (trunk < 0 && !shank)
        return gb_error_set(err, GB_E_MAP,
                            "%s: the %s was worn at the %s: gaitbatch times steps from a "
                            "lower-back (waist) accelerometer, shank accelerometers, or shank or "
                            "foot gyroscopes, not from that alone; if it was worn elsewhere (a "
                            "shin: placement \"shank\"), give a channel map",
                            path, info->device, info->device_location);
    if (info->channels < 3)
        return gb_error_set(err, GB_E_FORMAT, "%s: a %s file with %d channels, not 3 axes", path,
                            info->device, info->channels);
    channel_map_init(map);
    snprintf(map->source, sizeof map->source, "%s (%s)", path, info->format);
    if (strcmp(info->device, "Axivity") == 0)
        axivity_roles(info, map);
    else if (strcmp(info->device, "APDM") == 0) {
        int rc = apdm_roles(info, path, map, err);
        if (rc) return rc;
    } else
        for (int axis = 0; axis < 3; axis++)
            device_axis(map, axis, QUANTITY_ACCELERATION, axis, 1.0);
    if (info->start_time[0]) snprintf(map->session, sizeof map->session, "%.19s", info->start_time);
    if (shank) {
        move_to_shank(map, side);
        gb_warn(warner,
                "%s: %s file read as a tibial accelerometer (worn at the %s): initial contacts and "
                "shocks from its impacts, no toe-offs (a shock beyond the device's range reads as "
                "that range: at least so high); give a channel map to say "
                "otherwise",
                path, info->device, info->device_location);
        return 1;
    }
    gb_warn(warner,
            "%s: %s file read as a lower-back sensor%s%s%s; give a channel map to say otherwise, "
            "and with \"forward_axis\" in it for a trunk pitch that does not wait for forward to "
            "be learnt from the steps "
            "(`gaitbatch inspect` prints one to start from)",
            path, info->device, trunk ? " (worn at the " : "", trunk ? info->device_location : "",
            trunk ? ")" : "");
    return 1;
}

static int names_inertial_axis(const char *name);

int channel_map_from_recording(const recording_info *info, const char *path, channel_map *map,
                               const gb_warner *warner, gb_error *err)
{
    if (info->device[0]) return device_map(info, path, map, warner, err);
    if (info->comment[0] == '{') {
        char source[1100];
        snprintf(source, sizeof source, "%s (embedded map)", path);
        int rc = channel_map_parse(info->comment, source, map, warner, err);
        return rc ? rc : 1;
    }
    channel_map_init(map);
    snprintf(map->source, sizeof map->source, "%s (signal descriptions)", path);
    for (int c = 0; c < info->channels; c++) {
        const char *name = info->channel_names[c];
        int side = contains_word(name, "left")    ? SIDE_LEFT
                   : contains_word(name, "right") ? SIDE_RIGHT
                                                  : SIDE_NONE;
        if (side == SIDE_NONE || !contains_word(name, "foot")) continue;
        /* "left_foot_acc_x" is a shoe IMU's axis, not a foot switch: left to a map */
        if (names_inertial_axis(name)) continue;
        channel_role *role = infer_role(map, c, side, QUANTITY_FORCE);
        role->location = LOCATION_TOTAL;
        snprintf(role->unit, sizeof role->unit, "%s", info->channel_units[c]);
    }
    return map->role_count > 0;
}

void channel_map_identity_from_path(channel_map *map, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!map->athlete[0] && slash) {
        const char *folder = slash;
        while (folder > path && folder[-1] != '/')
            folder--;
        int length = (int)(slash - folder);
        if (length > 0 && strncmp(folder, ".", (size_t)length) != 0 &&
            strncmp(folder, "..", (size_t)length) != 0)
            snprintf(map->athlete, sizeof map->athlete, "%.*s", length, folder);
    }
    if (!map->session[0]) {
        int date = 0; /* YYYY-MM-DD, optionally followed by [T_ ]HH[:-]MM */
        while (date < 10 && name[date] &&
               ((date == 4 || date == 7) ? name[date] == '-' : isdigit((unsigned char)name[date])))
            date++;
        snprintf(map->session, sizeof map->session, "%.*s",
                 date == 10 ? 10 : recording_stem_length(name), name);
    }
}

int channel_map_check(const channel_map *map, const recording_info *info, const char *path,
                      gb_error *err)
{
    int per_side[3] = {0, 0, 0};
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *role = &map->roles[i];
        if (role->index >= info->channels)
            return gb_error_set(err, GB_E_MAP,
                                "%s: the map (%s) names channel %d, but the file has %d channels "
                                "(0 to %d)",
                                path, map->source, role->index, info->channels, info->channels - 1);
        if (role->quantity != QUANTITY_IGNORE) per_side[role->side]++;
    }
    if (!per_side[SIDE_LEFT] && !per_side[SIDE_RIGHT])
        return gb_error_set(err, GB_E_MAP, "%s: the map (%s) has no force or pressure channel",
                            path, map->source);
    return 0;
}

/* Every spelling of an inertial unit that gaitbatch converts, as maps, files' own unit attributes
 * and channel names write them, and the unit it is converted as. In a channel's name a spelling
 * with signs is looked for anywhere ("Acceleration x (m/s^2)", as phyphox writes), one of letters
 * and digits alone as a whole word ("acc_x_g", "gyr_x_dps"). */
static const struct unit_spelling {
    const char *written;
    int quantity;
    const char *unit;
} unit_spellings[] = {
    {"g", QUANTITY_ACCELERATION, "g"},
    {"mg", QUANTITY_ACCELERATION, "mg"}, /* thousandths of g: Polar's "X [mg]" */
    {"m/s2", QUANTITY_ACCELERATION, "m/s2"},
    {"m/s^2", QUANTITY_ACCELERATION, "m/s2"},
    {"m/(s^2)", QUANTITY_ACCELERATION, "m/s2"},
    {"m/(s\xC2\xB2)", QUANTITY_ACCELERATION, "m/s2"},
    {"m/s\xC2\xB2", QUANTITY_ACCELERATION, "m/s2"},
    {"m/s/s", QUANTITY_ACCELERATION, "m/s2"},
    {"m/sec2", QUANTITY_ACCELERATION, "m/s2"},
    {"m/sec^2", QUANTITY_ACCELERATION, "m/s2"},
    {"m s-2", QUANTITY_ACCELERATION, "m/s2"},
    {"m s^-2", QUANTITY_ACCELERATION, "m/s2"},
    {"m*s^-2", QUANTITY_ACCELERATION, "m/s2"},
    {"mps2", QUANTITY_ACCELERATION, "m/s2"},
    {"ms2", QUANTITY_ACCELERATION, "m/s2"},
    {"deg/s", QUANTITY_ANGULAR_VELOCITY, "deg/s"},
    {"\xC2\xB0/s", QUANTITY_ANGULAR_VELOCITY, "deg/s"},
    {"deg/sec", QUANTITY_ANGULAR_VELOCITY, "deg/s"},
    {"degrees/s", QUANTITY_ANGULAR_VELOCITY, "deg/s"},
    {"deg s-1", QUANTITY_ANGULAR_VELOCITY, "deg/s"},
    {"dps", QUANTITY_ANGULAR_VELOCITY, "deg/s"},
    {"degs", QUANTITY_ANGULAR_VELOCITY, "deg/s"},
    {"rad/s", QUANTITY_ANGULAR_VELOCITY, "rad/s"},
    {"rad/sec", QUANTITY_ANGULAR_VELOCITY, "rad/s"},
    {"rad s-1", QUANTITY_ANGULAR_VELOCITY, "rad/s"},
    {"rads", QUANTITY_ANGULAR_VELOCITY, "rad/s"},
};

const char *channel_unit_canonical(int quantity, const char *written)
{
    if (quantity != QUANTITY_ACCELERATION && quantity != QUANTITY_ANGULAR_VELOCITY) return NULL;
    if (!written[0]) return quantity == QUANTITY_ACCELERATION ? "g" : "deg/s";
    for (size_t k = 0; k < sizeof unit_spellings / sizeof unit_spellings[0]; k++)
        if (unit_spellings[k].quantity == quantity &&
            strcasecmp(written, unit_spellings[k].written) == 0)
            return unit_spellings[k].unit;
    return NULL;
}

/* Whether a spelling is of letters and digits alone, and so found in a name as a whole word. */
static int spelled_as_word(const char *written)
{
    for (const char *c = written; *c; c++)
        if (!isalnum((unsigned char)*c)) return 0;
    return 1;
}

/* Whether a new word starts at p inside a run of letters: an upper-case letter after a lower-case
 * one ("LeftShank_AccX", as full-body suites name their columns: left, shank, acc, x). */
static int camel_hump(const char *name, const char *p)
{
    return p > name && isupper((unsigned char)*p) && islower((unsigned char)p[-1]);
}

/* Words in channel names and what they suggest for the template: a table, matched against each
 * lower-case word of the name (split at anything but letters and digits). */
enum {
    HINT_QUANTITY,
    HINT_UNIT,
    HINT_SIDE,
    HINT_LOCATION,
    HINT_PLACEMENT,
    HINT_MAGNITUDE,
    HINT_NO_GRAVITY,
    HINT_KINDS
};
typedef struct name_hint {
    const char *word;
    int kind;
    const char *value; /* as the map writes it */
} name_hint;

static const name_hint name_hints[] = {
    {"acc", HINT_QUANTITY, "acceleration"},
    {"accel", HINT_QUANTITY, "acceleration"},
    {"acceleration", HINT_QUANTITY, "acceleration"},
    {"accelerometer", HINT_QUANTITY, "acceleration"},
    {"gyr", HINT_QUANTITY, "angular_velocity"},
    {"gyro", HINT_QUANTITY, "angular_velocity"},
    {"gyroscope", HINT_QUANTITY, "angular_velocity"},
    {"angular", HINT_QUANTITY, "angular_velocity"},
    {"force", HINT_QUANTITY, "force"},
    {"pressure", HINT_QUANTITY, "pressure"},
    {"sample", HINT_QUANTITY, "ignore"},
    {"index", HINT_QUANTITY, "ignore"},
    {"timestamp", HINT_QUANTITY, "ignore"}, /* a second time column: Polar's "sensor timestamp" */
    {"elapsed", HINT_QUANTITY, "ignore"},   /* a second time column: Sensor Logger's */
    /* what IMU suites record beside the axes and gaitbatch does not read (APDM, Xsens, phones):
     * left out of the template rather than taken for force */
    {"mag", HINT_QUANTITY, "ignore"},
    {"magnetometer", HINT_QUANTITY, "ignore"},
    {"magnetic", HINT_QUANTITY, "ignore"},
    {"quat", HINT_QUANTITY, "ignore"},
    {"quaternion", HINT_QUANTITY, "ignore"},
    {"orientation", HINT_QUANTITY, "ignore"},
    {"temperature", HINT_QUANTITY, "ignore"},
    {"temp", HINT_QUANTITY, "ignore"},
    {"barometer", HINT_QUANTITY, "ignore"},
    {"battery", HINT_QUANTITY, "ignore"},
    {"lux", HINT_QUANTITY, "ignore"},
    {"light", HINT_QUANTITY, "ignore"},
    {"button", HINT_QUANTITY, "ignore"},
    {"euler", HINT_QUANTITY, "ignore"}, /* Xsens's Euler_X, beside its Acc_X */
    {"packet", HINT_QUANTITY, "ignore"},
    {"counter", HINT_QUANTITY, "ignore"},
    {"status", HINT_QUANTITY, "ignore"},
    {"n", HINT_UNIT, "N"}, /* the inertial units: unit_spellings */
    {"left", HINT_SIDE, "left"},
    {"l", HINT_SIDE, "left"},
    {"right", HINT_SIDE, "right"},
    {"r", HINT_SIDE, "right"},
    {"heel", HINT_LOCATION, "heel"},
    {"midfoot", HINT_LOCATION, "midfoot"},
    {"forefoot", HINT_LOCATION, "forefoot"},
    {"toe", HINT_LOCATION, "toe"},
    {"total", HINT_LOCATION, "total"},
    {"sacrum", HINT_PLACEMENT, "sacrum"},
    {"back", HINT_PLACEMENT, "sacrum"},
    {"lowerback", HINT_PLACEMENT, "sacrum"},
    {"pelvis", HINT_PLACEMENT, "sacrum"},
    {"lumbar", HINT_PLACEMENT, "sacrum"},
    {"waist", HINT_PLACEMENT, "sacrum"},
    {"shank", HINT_PLACEMENT, "shank"},
    {"shin", HINT_PLACEMENT, "shank"},
    {"tibia", HINT_PLACEMENT, "shank"},
    {"tibial", HINT_PLACEMENT, "shank"},
    {"ankle", HINT_PLACEMENT, "shank"}, /* the distal shank, where tibial accelerometers sit */
    {"foot", HINT_PLACEMENT, "foot"},
    {"shoe", HINT_PLACEMENT, "foot"},
    {"wrist", HINT_PLACEMENT, "wrist"},
    /* a sensor's magnitude beside its axes (phyphox's "Absolute acceleration", ActiGraph's
     * "Vector Magnitude"): no axis, and not to be read as one */
    {"absolute", HINT_MAGNITUDE, "magnitude"},
    {"abs", HINT_MAGNITUDE, "magnitude"},
    {"magnitude", HINT_MAGNITUDE, "magnitude"},
    {"norm", HINT_MAGNITUDE, "magnitude"},
    {"resultant", HINT_MAGNITUDE, "magnitude"},
    {"vm", HINT_MAGNITUDE, "magnitude"},
    {"svm", HINT_MAGNITUDE, "magnitude"},
    {"enmo", HINT_MAGNITUDE, "magnitude"},
    /* an acceleration with gravity taken out (Xsens's FreeAcc_X, phones' "Linear Acceleration",
     * iOS's userAcceleration), of no use beside the accelerometer itself, which gives up */
    {"free", HINT_NO_GRAVITY, "no gravity"},
    {"linear", HINT_NO_GRAVITY, "no gravity"},
    {"user", HINT_NO_GRAVITY, "no gravity"},
};

typedef struct channel_guess {
    const char *hint[HINT_KINDS]; /* NULL: the name does not say */
    char axis;                    /* 'x', 'y', 'z' or 0 */
} channel_guess;

/* One word of a name: a hint, an axis ("x"), or a quantity word with its axis ("accx"). */
static void guess_from_word(const char *word, channel_guess *g)
{
    size_t n = strlen(word);
    if (n == 1 && word[0] >= 'x' && word[0] <= 'z') {
        g->axis = word[0];
        return;
    }
    for (size_t k = 0; k < sizeof unit_spellings / sizeof unit_spellings[0]; k++)
        if (spelled_as_word(unit_spellings[k].written) &&
            strcmp(word, unit_spellings[k].written) == 0) {
            if (!g->hint[HINT_UNIT]) g->hint[HINT_UNIT] = unit_spellings[k].unit;
            return;
        }
    for (size_t k = 0; k < sizeof name_hints / sizeof name_hints[0]; k++) {
        const name_hint *h = &name_hints[k];
        size_t w = strlen(h->word);
        if (strcmp(word, h->word) == 0) {
            if (!g->hint[h->kind]) g->hint[h->kind] = h->value;
            return;
        }
        if (h->kind == HINT_QUANTITY && n == w + 1 && strncmp(word, h->word, w) == 0 &&
            word[w] >= 'x' && word[w] <= 'z') {
            if (!g->hint[h->kind]) g->hint[h->kind] = h->value;
            g->axis = word[w];
            return;
        }
    }
}

static channel_guess guess_from_name(const char *name)
{
    channel_guess g = {{NULL}, 0};
    for (size_t k = 0; k < sizeof unit_spellings / sizeof unit_spellings[0] && !g.hint[HINT_UNIT];
         k++)
        if (!spelled_as_word(unit_spellings[k].written) &&
            strcasestr(name, unit_spellings[k].written))
            g.hint[HINT_UNIT] = unit_spellings[k].unit;
    char word[64];
    size_t n = 0;
    for (const char *p = name;; p++) {
        if (n > 0 && camel_hump(name, p)) {
            word[n] = '\0';
            guess_from_word(word, &g);
            n = 0;
        }
        if (*p && isalnum((unsigned char)*p)) {
            if (n + 1 < sizeof word) word[n++] = (char)tolower((unsigned char)*p);
            continue;
        }
        word[n] = '\0';
        if (n) guess_from_word(word, &g);
        n = 0;
        if (!*p) break;
    }
    return g;
}

/* Whether a channel's name says it is an accelerometer's or gyroscope's axis. */
static int names_inertial_axis(const char *name)
{
    const char *quantity = guess_from_name(name).hint[HINT_QUANTITY];
    return quantity &&
           (strcmp(quantity, "acceleration") == 0 || strcmp(quantity, "angular_velocity") == 0);
}

/* Whether two of the template's channels (JSON objects) have the same string, or none, under key */
static int same_member(json_t *a, json_t *b, const char *key)
{
    const char *x = json_string_value(json_object_get(a, key));
    const char *y = json_string_value(json_object_get(b, key));
    return x && y ? strcmp(x, y) == 0 : x == y;
}

/* An axis ('x', 'y', 'z') that none of the template's channels so far gives to the sensor and
 * quantity of `like` (quantity, placement and side): `named` if free, or without a name the first
 * free one; 0 when there is none. */
static char free_axis(json_t *channels, json_t *like, char named)
{
    int taken[3] = {0, 0, 0};
    size_t i;
    json_t *other;
    json_array_foreach(channels, i, other)
    {
        const char *axis = json_string_value(json_object_get(other, "axis"));
        if (axis && axis[0] >= 'x' && axis[0] <= 'z' && same_member(other, like, "quantity") &&
            same_member(other, like, "placement") && same_member(other, like, "side"))
            taken[axis[0] - 'x'] = 1;
    }
    if (named) return taken[named - 'x'] ? 0 : named;
    for (int k = 0; k < 3; k++)
        if (!taken[k]) return (char)('x' + k);
    return 0;
}

/* One channel of the template: what its name suggests, else force on the left half of the
 * channels and the right half; an inertial channel at the lower back, where the name names no
 * other place, without a side. An inertial channel whose name gives no axis takes the sensor's
 * next free one; one whose axis is taken already, or all of whose are, is left out, as is one
 * whose name says it is a magnitude: a map with an axis twice is refused
 * (check_one_channel_per_axis). */
typedef struct template_context {
    const recording_info *info;
    channel_guess file; /* what the file's name says */
    int gravity_kept;   /* whether an accelerometer's columns keep gravity */
    /* each accelerometer column's unit where its name gives none: its sensor's (accel_units) */
    const char *accel_unit[REC_MAX_CHANNELS];
    json_t *channels; /* those drafted so far */
} template_context;

/* What channel c's name says, and for a column named by its axis alone ("x", as Sensor Logger's)
 * what the file's name says. */
static channel_guess guess_channel(const template_context *t, int c)
{
    channel_guess g = guess_from_name(t->info->channel_names[c]);
    if (g.axis && !g.hint[HINT_QUANTITY])
        for (int k = 0; k < HINT_MAGNITUDE; k++)
            if (!g.hint[k]) g.hint[k] = t->file.hint[k];
    return g;
}

/* The unit of each accelerometer column whose name gives none, by the size of the gravity its
 * sensor's column means hold (NULL means: g). A sensor is the columns of one placement and side
 * (a lower back's whatever side): a worn accelerometer's means hold about 1 g, more on a running
 * foot or shank (centripetal in the sensor's frame: the simulator's running feet 2.3), so about
 * 1-3 in g, 10-30 in m/s2 and 1000-3000 in mg. */
static void accel_units(template_context *t, const double *means)
{
    struct sensor {
        const char *placement, *side;
        double squares;
    } sensors[REC_MAX_CHANNELS];
    int count = 0, sensor_of[REC_MAX_CHANNELS];
    for (int c = 0; c < t->info->channels; c++) {
        channel_guess g = guess_channel(t, c);
        t->accel_unit[c] = "g";
        sensor_of[c] = -1;
        if (!means || !isfinite(means[c]) || g.hint[HINT_UNIT] || !g.hint[HINT_QUANTITY] ||
            strcmp(g.hint[HINT_QUANTITY], "acceleration") != 0 || g.hint[HINT_NO_GRAVITY] ||
            g.hint[HINT_MAGNITUDE])
            continue;
        const char *placement = g.hint[HINT_PLACEMENT] ? g.hint[HINT_PLACEMENT] : "sacrum";
        const char *side =
            strcmp(placement, "sacrum") == 0 || !g.hint[HINT_SIDE] ? "" : g.hint[HINT_SIDE];
        int k = 0;
        while (k < count &&
               (strcmp(sensors[k].placement, placement) || strcmp(sensors[k].side, side)))
            k++;
        if (k == count) sensors[count++] = (struct sensor){placement, side, 0};
        sensors[k].squares += means[c] * means[c];
        sensor_of[c] = k;
    }
    for (int c = 0; c < t->info->channels; c++) {
        if (sensor_of[c] < 0) continue;
        double gravity = sqrt(sensors[sensor_of[c]].squares);
        t->accel_unit[c] = gravity > 150 ? "mg" : gravity > 4.5 ? "m/s2" : "g";
    }
}

static json_t *template_channel(const template_context *t, int c)
{
    const recording_info *info = t->info;
    channel_guess g = guess_channel(t, c);
    const char *quantity = g.hint[HINT_QUANTITY] ? g.hint[HINT_QUANTITY] : "force";
    int inertial =
        strcmp(quantity, "acceleration") == 0 || strcmp(quantity, "angular_velocity") == 0;
    /* "total acceleration", with no axis, is the magnitude too; a magnitude of nothing named
     * ("Vector Magnitude") is no force */
    int total = g.hint[HINT_LOCATION] && strcmp(g.hint[HINT_LOCATION], "total") == 0;
    if ((inertial || !g.hint[HINT_QUANTITY]) &&
        (g.hint[HINT_MAGNITUDE] || (inertial && total && !g.axis)))
        quantity = "ignore", inertial = 0;
    /* gravity taken out, beside an accelerometer that kept it: the latter's axes are mapped */
    if (t->gravity_kept && g.hint[HINT_NO_GRAVITY] && strcmp(quantity, "acceleration") == 0)
        quantity = "ignore", inertial = 0;
    const char *placement = g.hint[HINT_PLACEMENT] ? g.hint[HINT_PLACEMENT] : "sacrum";
    json_t *ch = json_object();
    json_object_set_new(ch, "index", json_integer(c));
    json_object_set_new(
        ch, "name", gb_json_string_lossy(info->channel_names[c], strlen(info->channel_names[c])));
    int ignored = strcmp(quantity, "ignore") == 0;
    if (!ignored && (!inertial || strcmp(placement, "sacrum") != 0 || g.hint[HINT_SIDE]))
        json_object_set_new(ch, "side",
                            json_string(g.hint[HINT_SIDE]        ? g.hint[HINT_SIDE]
                                        : c < info->channels / 2 ? "left"
                                                                 : "right"));
    json_object_set_new(ch, "quantity", json_string(quantity));
    if (ignored) return ch;
    if (inertial) {
        json_object_set_new(ch, "placement", json_string(placement));
        /* the axis its name gives, or the sensor's next free one; none when taken or all are
         * (a fourth channel of a three-axis sensor) */
        char axis = free_axis(t->channels, ch, g.axis);
        if (!axis) {
            json_object_del(ch, "side");
            json_object_del(ch, "placement");
            json_object_set_new(ch, "quantity", json_string("ignore"));
            return ch;
        }
        json_object_set_new(ch, "axis", json_string((char[]){axis, '\0'}));
    } else {
        json_object_set_new(ch, "location",
                            json_string(g.hint[HINT_LOCATION] ? g.hint[HINT_LOCATION] : "total"));
    }
    /* a unit in the name counts when it is one of the quantity's; the first listed is the
     * default */
    static const char *const units[][4] = {{"acceleration", "g", "m/s2", "mg"},
                                           {"angular_velocity", "deg/s", "rad/s", NULL},
                                           {"pressure", "kPa", NULL, NULL},
                                           {"force", "N", NULL, NULL}};
    const char *unit = "N";
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (strcmp(quantity, units[k][0]) == 0) {
            const char *named = g.hint[HINT_UNIT];
            int fits = 0;
            for (int u = 1; named && u < 4 && units[k][u]; u++)
                fits |= strcmp(named, units[k][u]) == 0;
            unit = fits                                    ? named
                   : strcmp(quantity, "acceleration") == 0 ? t->accel_unit[c]
                                                           : units[k][1];
        }
    json_object_set_new(ch, "unit", json_string(unit));
    json_object_set_new(ch, "scale", json_real(1.0));
    json_object_set_new(ch, "offset", json_real(0.0));
    return ch;
}

size_t channel_map_template(const recording_info *info, const char *path, const double *means,
                            char *out, size_t size)
{
    template_context t = {.info = info};
    /* the file's name without its folder and extension: "TotalAcceleration", "left_shank_gyro" */
    const char *slash = path ? strrchr(path, '/') : NULL;
    char stem[256];
    snprintf(stem, sizeof stem, "%.*s", path ? recording_stem_length(slash ? slash + 1 : path) : 0,
             path ? (slash ? slash + 1 : path) : "");
    t.file = guess_from_name(stem);
    /* whether an accelerometer's columns keep gravity, so those without it are left out */
    for (int c = 0; c < info->channels; c++) {
        channel_guess g = guess_channel(&t, c);
        t.gravity_kept |= g.hint[HINT_QUANTITY] &&
                          strcmp(g.hint[HINT_QUANTITY], "acceleration") == 0 &&
                          !g.hint[HINT_NO_GRAVITY] && !g.hint[HINT_MAGNITUDE];
    }
    accel_units(&t, means);
    json_t *root = json_object();
    json_object_set_new(root, "athlete", json_string("ATHLETE-ID"));
    json_object_set_new(root, "session", json_string("2026-01-31T07:30:00"));
    json_object_set_new(root, "activity", json_string("run"));
    json_object_set_new(root, "body_mass_kg", json_real(70.0));
    if (!(info->sample_rate_hz > 0)) json_object_set_new(root, "sample_rate_hz", json_real(100.0));
    /* a time column the reader found further right than the first is named, so that it stays
     * the time column when the map also gives a sample rate */
    if (info->time_column > 0)
        json_object_set_new(root, "time_column", json_integer(info->time_column));
    json_t *channels = t.channels = json_array();
    for (int c = 0; c < info->channels; c++)
        json_array_append_new(channels, template_channel(&t, c));
    json_object_set_new(root, "channels", channels);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    size_t n = text ? strlen(text) : 0;
    if (n >= size) n = 0; /* half a template would not parse */
    if (size > 0) snprintf(out, size, "%s", n ? text : "");
    free(text);
    return n;
}

/* An axis with its sign under key ("-z"), as get_signed_axis reads it; nothing when axis < 0. */
static void put_signed_axis(json_t *root, const char *key, int axis, int sign)
{
    if (axis < 0) return;
    char text[4];
    snprintf(text, sizeof text, "%s%s", sign < 0 ? "-" : "", name_of(axis_names, axis));
    json_object_set_new(root, key, json_string(text));
}

size_t channel_map_to_json(const channel_map *map, int indent, char *out, size_t size)
{
    json_t *root = json_object();
    /* from a folder's or a file's name when the map left them empty: bytes, maybe not UTF-8 */
    json_object_set_new(root, "athlete", gb_json_string_lossy(map->athlete, strlen(map->athlete)));
    json_object_set_new(root, "session", gb_json_string_lossy(map->session, strlen(map->session)));
    json_object_set_new(root, "activity", json_string(map->activity));
    if (isfinite(map->body_mass_kg))
        json_object_set_new(root, "body_mass_kg", json_real(map->body_mass_kg));
    if (isfinite(map->leg_length_m))
        json_object_set_new(root, "leg_length_m", json_real(map->leg_length_m));
    if (isfinite(map->sensor_height_m))
        json_object_set_new(root, "sensor_height_m", json_real(map->sensor_height_m));
    if (isfinite(map->speed_m_per_s))
        json_object_set_new(root, "speed_m_per_s", json_real(map->speed_m_per_s));
    if (isfinite(map->stride_length_m))
        json_object_set_new(root, "stride_length_m", json_real(map->stride_length_m));
    json_t *channels = json_array();
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *r = &map->roles[i];
        json_t *ch = json_object();
        json_object_set_new(ch, "index", json_integer(r->index));
        json_object_set_new(ch, "side", json_string(map_side_name(r->side)));
        json_object_set_new(ch, "quantity", json_string(name_of(quantity_names, r->quantity)));
        json_object_set_new(ch, "location", json_string(map_location_name(r->location)));
        if (r->location == LOCATION_SENSOR)
            json_object_set_new(ch, "sensor", json_integer(r->sensor));
        if (r->has_position) {
            json_object_set_new(ch, "x_mm", json_real(r->x_mm));
            json_object_set_new(ch, "y_mm", json_real(r->y_mm));
        }
        if (r->axis >= 0) {
            json_object_set_new(ch, "axis", json_string(name_of(axis_names, r->axis)));
            json_object_set_new(ch, "placement",
                                json_string(name_of(placement_names, r->placement)));
        }
        json_object_set_new(ch, "unit", json_string(r->unit));
        json_object_set_new(ch, "scale", json_real(r->scale));
        json_object_set_new(ch, "offset", json_real(r->offset));
        json_array_append_new(channels, ch);
    }
    json_object_set_new(root, "channels", channels);
    json_object_set_new(root, "pitch_axis", json_string(name_of(axis_names, map->pitch_axis)));
    /* how a text file's time is read: part of the settings checksum, so that a map mended to give
     * another rate, time column or unit redoes the report (before 0.27.0 a rerun kept it) */
    if (map->sample_rate_hz > 0)
        json_object_set_new(root, "sample_rate_hz", json_real(map->sample_rate_hz));
    if (map->time_column >= 0)
        json_object_set_new(root, "time_column", json_integer(map->time_column));
    else if (map->time_column == -1)
        json_object_set_new(root, "time_column", json_null());
    for (size_t k = 0; k < sizeof time_units / sizeof time_units[0]; k++)
        if (map->time_unit_s == time_units[k].seconds)
            json_object_set_new(root, "time_unit", json_string(time_units[k].name));
    if (map->foot_brief_stances) json_object_set_new(root, "foot_stances", json_string("brief"));
    put_signed_axis(root, "forward_axis", map->forward_axis, map->forward_sign);
    put_signed_axis(root, "up_axis", map->up_axis, map->up_sign);
    if (isfinite(map->standing_start_s))
        json_object_set_new(root, "standing_s",
                            json_pack("[f, f]", map->standing_start_s, map->standing_end_s));
    char *text =
        json_dumps(root, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
    json_decref(root);
    size_t n = text ? (size_t)snprintf(out, size, "%s", text) : 0;
    free(text);
    return n;
}
