/* channel_map: what each channel of a recording is (side, quantity, location, unit, calibration)
 * and what the recording is (athlete, session, activity, body mass, rate). Written by hand as JSON:
 * a <recording>.json sidecar, a channels.json for a whole folder, --map FILE, the comment string of
 * a libsndfile file, or derived from WFDB signal descriptions (left-foot / right-foot). */
#ifndef GB_CHANNEL_MAP_H
#define GB_CHANNEL_MAP_H

#include <stddef.h>

#include "../common/gb_error.h"
#include "recording.h"

enum map_side { SIDE_NONE = 0, SIDE_LEFT = 1, SIDE_RIGHT = 2 };
enum map_quantity {
    QUANTITY_IGNORE = 0,
    QUANTITY_FORCE,
    QUANTITY_PRESSURE,
    QUANTITY_ACCELERATION,    /* g or m/s2 */
    QUANTITY_ANGULAR_VELOCITY /* deg/s or rad/s */
};
enum map_placement { PLACEMENT_FOOT = 0, PLACEMENT_SHANK, PLACEMENT_SACRUM, PLACEMENT_WRIST };
enum map_location {
    LOCATION_TOTAL = 0,
    LOCATION_HEEL,
    LOCATION_MIDFOOT,
    LOCATION_FOREFOOT,
    LOCATION_TOE,
    LOCATION_SENSOR
};

typedef struct channel_role {
    int index; /* data channel in the recording (0-based; a text time column does not count) */
    int side, quantity, location;
    int sensor;    /* with LOCATION_SENSOR */
    int axis;      /* inertial sensors: 0 x, 1 y, 2 z; -1 for force */
    int placement; /* inertial sensors: where the sensor sits */
    int has_position;
    double x_mm, y_mm; /* sensor position; lower y is the heel side */
    char unit[REC_UNIT_MAX];
    double scale, offset; /* physical = raw * scale + offset, then unit conversion */
} channel_role;

typedef struct channel_map {
    char source[1024]; /* where the map came from, for messages */
    char athlete[64], session[64], activity[16];
    double body_mass_kg;    /* NAN when unknown */
    double leg_length_m;    /* greater trochanter to ground; NAN when unknown */
    double sensor_height_m; /* the lower-back sensor's height above the floor, standing; NAN */
    double speed_m_per_s;   /* mean running speed; NAN when unknown */
    double stride_length_m; /* mean stride length; NAN when unknown */
    double sample_rate_hz;  /* 0 when the file carries it */
    int time_column;        /* text: -1 none, -2 from header */
    double time_unit_s;     /* the time column's unit in seconds; 0 from the file */
    int pitch_axis;         /* foot IMU: the gyroscope axis across the foot (pitch), default y */
    int foot_brief_stances; /* foot IMU: 1 takes every stance's brief flat part for the zero-
                               velocity updates from the start ("foot_stances": "brief"), 0 only
                               once no still stance comes ("auto", the default; foot_path.h) */
    int forward_axis;       /* sacrum IMU: the axis pointing forward, for trunk pitch; -1 unknown */
    int forward_sign;       /* +1, or -1 when the axis points backwards ("-z" in the map) */
    int up_axis;            /* sacrum IMU: the axis the map says points up; -1 not said. Only */
    int up_sign;            /* checked against gravity in gait (-1: "-x"), which decides */
    double standing_start_s, standing_end_s; /* sacrum IMU: a time of quiet standing, the trunk
                                                pitch's reference; NAN when not given */
    int role_count;
    channel_role roles[REC_MAX_CHANNELS];
} channel_map;

void channel_map_init(channel_map *map);
/* Parses JSON text; unknown keys are warned about, not refused. */
int channel_map_parse(const char *json_text, const char *source, channel_map *map,
                      const gb_warner *warner, gb_error *err);
int channel_map_load(const char *path, channel_map *map, const gb_warner *warner, gb_error *err);
/* The sidecar map of a recording, its stem + ".json" (recording_stem_length: run.csv.gz and
 * run.flac both have run.json). */
void channel_map_sidecar_path(const char *recording_path, char *out, size_t size);
/* The map file for a recording: explicit, else its sidecar, else channels.json in its folder.
 * Returns 1 with its path in out, or 0 when there is none. */
int channel_map_file(const char *recording_path, const char *explicit_path, char *out, size_t size);
/* Finds the map file for a recording (channel_map_file) and loads it. Returns 1, 0 when there is
 * none, or a negative gb_code. */
int channel_map_find(const char *recording_path, const char *explicit_path, channel_map *map,
                     const gb_warner *warner, gb_error *err);
/* A map from what the recording says of itself (embedded JSON comment, WFDB descriptions);
 * 1 when found, 0 when not, or a negative gb_code. */
int channel_map_from_recording(const recording_info *info, const char *path, channel_map *map,
                               const gb_warner *warner, gb_error *err);
/* Fills athlete and session when the map leaves them empty, from a TEAM/ATHLETE/SESSION-file
 * layout: the athlete is the recording's folder name, the session the file name's leading date
 * (YYYY-MM-DD, with a time if one follows) or else the file name without its extension. */
void channel_map_identity_from_path(channel_map *map, const char *path);
/* Checks the map against the recording (channels exist, force channels on both feet, units agree).
 */
int channel_map_check(const channel_map *map, const recording_info *info, const char *path,
                      gb_error *err);
/* Room for a template of REC_MAX_CHANNELS channels with names of up to REC_NAME_MAX (about 260
 * bytes a channel; more where a name's characters must be escaped). */
#define CHANNEL_MAP_TEMPLATE_MAX (1024 + REC_MAX_CHANNELS * 384)
/* A ready-to-edit JSON template for a recording at path (whose name may say what its columns
 * hold), with each channel's mean over its first samples when known (else NULL: they tell an
 * accelerometer's unit where no name does); returns the text length, or 0 (out "") when it does
 * not fit in size: never a template cut short. */
size_t channel_map_template(const recording_info *info, const char *path, const double *means,
                            char *out, size_t size);
/* Serialises the map as JSON: compact for reports and the settings checksum (indent 0), or
 * indented for a person to edit; returns the text length. */
size_t channel_map_to_json(const channel_map *map, int indent, char *out, size_t size);

/* The unit an accelerometer's or gyroscope's written unit is converted as: "g" or "m/s2", "deg/s"
 * or "rad/s", whatever the spelling ("m/s^2", "m/s\xC2\xB2", "dps", "\xC2\xB0/s", "rad/sec", ...;
 * case aside). The quantity's default ("g", "deg/s") when written is empty; NULL when it is no
 * unit of that quantity, or the quantity is no inertial one. */
const char *channel_unit_canonical(int quantity, const char *written);

const char *map_side_name(int side);
const char *map_location_name(int location);
const char *map_placement_name(int placement);
const char *map_quantity_name(int quantity);
/* A role in words: "left heel", "right sensor 3", "left shank acceleration x", "sacrum angular
 * velocity z" or "ignored". */
void channel_role_describe(const channel_role *role, char *out, size_t size);

#endif
