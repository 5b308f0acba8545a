#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../simulate/simulate.h"
#include "cli.h"

static const char simulate_help[] =
    "usage: gaitbatch simulate -o FILE [options]\n"
    "Writes a synthetic recording (by default insoles: heel and forefoot zone forces per foot,\n"
    "newtons; --sensor for IMUs), its channel map FILE-stem.json and its ground truth\n"
    "FILE-stem.truth.csv (one row per contact).\n"
    "FILE's extension picks the format: .flac (16-bit), .wav (float), .csv, .hea (WFDB format "
    "16).\n\n"
    "  -o, --output FILE     the recording to write\n"
    "  --walk | --run        activity (default run)\n"
    "  --cadence SPM         steps per minute (default 170)\n"
    "  --contact-time S      running contact time (default 0.25; walking: 62 % of the stride)\n"
    "  --duration S          length (default 120)\n"
    "  --rate HZ             sample rate (default 200)\n"
    "  --mass KG             body mass (default 70)\n"
    "  --zones N             zones per foot, 2 or 4 (default 2)\n"
    "  --deficit F           right push-off deficit, fraction (e.g. 0.10)\n"
    "  --fatigue PCT         contact time up / push-off down, % per 10 min\n"
    "  --variability F       step time coefficient of variation (default 0.015)\n"
    "  --noise N             sensor noise SD in newtons\n"
    "  --drift N             baseline drift amplitude in newtons\n"
    "  --clip N              saturation level in newtons\n"
    "  --dropouts PER_MIN    0.2 s dropouts per minute\n"
    "  --heel-off F          share of stance before the heel unloads (default 0.45 run, 0.55 "
    "walk)\n"
    "  --sensor KIND         insole (default); sacrum (accelerometer + gyroscope), sacrum-acc or\n"
    "                        shank (gyroscope + axial accelerometer per leg), tibia (the\n"
    "                        shanks' accelerometers alone: tibial accelerometers), foot (a\n"
    "                        6-axis IMU per shoe), as .wav or .csv; insole+sacrum, insole+shank "
    "or\n"
    "                        insole+foot: insoles and that IMU in one file; shank+sacrum or\n"
    "                        foot+sacrum: the leg IMUs and a lower-back one;\n"
    "                        insole+shank+sacrum or insole+foot+sacrum: all three;\n"
    "                        foot+shank or foot+shank+sacrum: shoe and shank IMUs (and a\n"
    "                        lower-back one), as full-body sets are worn;\n"
    "                        insole+foot+shank or insole+foot+shank+sacrum: insoles beside them\n"
    "  --tilt DEG            sacrum sensor: forward pitch of the trunk (default 20)\n"
    "  --yaw DEG             sacrum sensor: turned by DEG about its up axis (default 0); the map\n"
    "                        then has no forward_axis\n"
    "  --acc-range G         IMU accelerometers saturate at +-G (default: never)\n"
    "  --bout S --rest S     gait in bouts of S seconds, each followed by S seconds seated\n"
    "                        (default: gait throughout)\n"
    "  --recline DEG         sacrum sensor: seated in rests of 9 s or more, the trunk leans\n"
    "                        back by DEG (default 30)\n"
    "  --lean DEG            sacrum sensor: in gait the trunk leans DEG further forward than\n"
    "                        standing (default 0; the map's standing_s is the first 0.9 s)\n"
    "  --seed N              random seed (default 1)\n"
    "  --athlete ID, --session DATE   metadata written to the map\n";

/* --sensor names: the inertial kind, and whether insoles, a lower-back sensor or (beside foot
 * IMUs) shank IMUs are written beside it. */
static const struct {
    const char *name;
    int sensor, with_insoles, with_sacrum, with_shanks, accel_only;
} sensors[] = {
    {"insole", SIMULATE_INSOLE, 0, 0, 0, 0},
    {"sacrum", SIMULATE_SACRUM, 0, 0, 0, 0},
    {"sacrum-acc", SIMULATE_SACRUM_ACC, 0, 0, 0, 0},
    {"shank", SIMULATE_SHANK, 0, 0, 0, 0},
    {"tibia", SIMULATE_SHANK, 0, 0, 0, 1},
    {"insole+sacrum", SIMULATE_SACRUM, 1, 0, 0, 0},
    {"insole+shank", SIMULATE_SHANK, 1, 0, 0, 0},
    {"foot", SIMULATE_FOOT, 0, 0, 0, 0},
    {"insole+foot", SIMULATE_FOOT, 1, 0, 0, 0},
    {"shank+sacrum", SIMULATE_SHANK, 0, 1, 0, 0},
    {"foot+sacrum", SIMULATE_FOOT, 0, 1, 0, 0},
    {"insole+shank+sacrum", SIMULATE_SHANK, 1, 1, 0, 0},
    {"insole+foot+sacrum", SIMULATE_FOOT, 1, 1, 0, 0},
    {"foot+shank", SIMULATE_FOOT, 0, 0, 1, 0},
    {"foot+shank+sacrum", SIMULATE_FOOT, 0, 1, 1, 0},
    {"insole+foot+shank", SIMULATE_FOOT, 1, 0, 1, 0},
    {"insole+foot+shank+sacrum", SIMULATE_FOOT, 1, 1, 1, 0},
};

static int parse_sensor(const char *name, simulate_config *config)
{
    for (size_t i = 0; i < sizeof sensors / sizeof sensors[0]; i++)
        if (strcmp(name, sensors[i].name) == 0) {
            config->sensor = sensors[i].sensor;
            config->with_insoles = sensors[i].with_insoles;
            config->with_sacrum = sensors[i].with_sacrum;
            config->with_shanks = sensors[i].with_shanks;
            config->accel_only = sensors[i].accel_only;
            return 0;
        }
    return 1;
}

int cmd_simulate(int argc, char **argv)
{
    enum {
        O_WALK = 300,
        O_RUN,
        O_CADENCE,
        O_CONTACT,
        O_DURATION,
        O_RATE,
        O_MASS,
        O_ZONES,
        O_DEFICIT,
        O_FATIGUE,
        O_VARIABILITY,
        O_NOISE,
        O_DRIFT,
        O_CLIP,
        O_DROPOUTS,
        O_SEED,
        O_ATHLETE,
        O_SESSION,
        O_HEEL_OFF,
        O_SENSOR,
        O_TILT,
        O_YAW,
        O_RECLINE,
        O_LEAN,
        O_BOUT,
        O_REST,
        O_ACC_RANGE
    };
    static const struct option options[] = {{"output", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {"walk", no_argument, NULL, O_WALK},
                                            {"run", no_argument, NULL, O_RUN},
                                            {"cadence", required_argument, NULL, O_CADENCE},
                                            {"contact-time", required_argument, NULL, O_CONTACT},
                                            {"duration", required_argument, NULL, O_DURATION},
                                            {"rate", required_argument, NULL, O_RATE},
                                            {"mass", required_argument, NULL, O_MASS},
                                            {"zones", required_argument, NULL, O_ZONES},
                                            {"deficit", required_argument, NULL, O_DEFICIT},
                                            {"fatigue", required_argument, NULL, O_FATIGUE},
                                            {"variability", required_argument, NULL, O_VARIABILITY},
                                            {"noise", required_argument, NULL, O_NOISE},
                                            {"drift", required_argument, NULL, O_DRIFT},
                                            {"clip", required_argument, NULL, O_CLIP},
                                            {"dropouts", required_argument, NULL, O_DROPOUTS},
                                            {"seed", required_argument, NULL, O_SEED},
                                            {"athlete", required_argument, NULL, O_ATHLETE},
                                            {"session", required_argument, NULL, O_SESSION},
                                            {"heel-off", required_argument, NULL, O_HEEL_OFF},
                                            {"sensor", required_argument, NULL, O_SENSOR},
                                            {"tilt", required_argument, NULL, O_TILT},
                                            {"yaw", required_argument, NULL, O_YAW},
                                            {"recline", required_argument, NULL, O_RECLINE},
                                            {"lean", required_argument, NULL, O_LEAN},
                                            {"bout", required_argument, NULL, O_BOUT},
                                            {"rest", required_argument, NULL, O_REST},
                                            {"acc-range", required_argument, NULL, O_ACC_RANGE},
                                            {NULL, 0, NULL, 0}};
    /* number options and where they go: a table, not a chain of ifs */
    simulate_config config;
    simulate_config_default(&config);
    double zones = 2, seed = 1;
    const struct {
        int option;
        const char *name;
        double *target;
    } numbers[] = {
        {O_CADENCE, "--cadence", &config.cadence_spm},
        {O_CONTACT, "--contact-time", &config.contact_time_s},
        {O_DURATION, "--duration", &config.duration_s},
        {O_RATE, "--rate", &config.sample_rate_hz},
        {O_MASS, "--mass", &config.body_mass_kg},
        {O_ZONES, "--zones", &zones},
        {O_DEFICIT, "--deficit", &config.pushoff_deficit_right},
        {O_FATIGUE, "--fatigue", &config.fatigue_pct_per_10min},
        {O_VARIABILITY, "--variability", &config.stride_cv},
        {O_NOISE, "--noise", &config.noise_N},
        {O_DRIFT, "--drift", &config.baseline_drift_N},
        {O_CLIP, "--clip", &config.clip_N},
        {O_DROPOUTS, "--dropouts", &config.dropouts_per_min},
        {O_HEEL_OFF, "--heel-off", &config.heel_off_share},
        {O_TILT, "--tilt", &config.tilt_deg},
        {O_YAW, "--yaw", &config.yaw_deg},
        {O_RECLINE, "--recline", &config.recline_deg},
        {O_LEAN, "--lean", &config.lean_deg},
        {O_BOUT, "--bout", &config.bout_s},
        {O_REST, "--rest", &config.rest_s},
        {O_ACC_RANGE, "--acc-range", &config.accel_range_g},
        {O_SEED, "--seed", &seed},
    };
    const char *output = NULL;
    int option, bad = 0;
    optind = 1;
    while ((option = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        int handled = 0;
        for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
            if (numbers[i].option == option) {
                handled = 1;
                if (cli_number("simulate", numbers[i].name, optarg, numbers[i].target)) bad = 1;
            }
        if (handled) continue;
        switch (option) {
        case 'o':
            output = optarg;
            break;
        case 'h':
            printf("%s", simulate_help);
            return EXIT_ALL_OK;
        case O_WALK:
            config.running = 0;
            break;
        case O_RUN:
            config.running = 1;
            break;
        case O_ATHLETE:
            snprintf(config.athlete, sizeof config.athlete, "%s", optarg);
            break;
        case O_SENSOR:
            bad |= parse_sensor(optarg, &config);
            break;
        case O_SESSION:
            snprintf(config.session, sizeof config.session, "%s", optarg);
            break;
        default:
            bad = 1;
        }
    }
    if (!bad && (cli_whole("simulate", "--zones", zones, 2, 4) ||
                 cli_whole("simulate", "--seed", seed, 0, 4294967295.0)))
        bad = 1;
    if (bad || !output || optind != argc) {
        if (!bad && !output) fprintf(stderr, "gaitbatch simulate: needs -o FILE\n");
        if (!bad && output && optind != argc)
            fprintf(stderr, "gaitbatch simulate: '%s' is not an option\n", argv[optind]);
        return cli_usage_error("simulate", simulate_help);
    }
    config.zones_per_foot = (int)zones;
    config.seed = (unsigned long)seed;
    gb_error err = {0};
    if (simulate_write(&config, output, &err) != 0) {
        cli_print_error(&err);
        return err.code == GB_E_ARG ? EXIT_USAGE : EXIT_CANNOT_RUN;
    }
    return EXIT_ALL_OK;
}
