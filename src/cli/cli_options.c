#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

const char cli_analysis_options_help[] =
    "  --map FILE       channel map for every input (default: <recording>.json, then\n"
    "                   channels.json in its folder, then the recording's own description)\n"
    "  --lowpass HZ     zero-phase low-pass cutoff (default: the sensor's, 20 for force,\n"
    "                   30 foot switches, 8 lower-back IMU, 50 foot and shank gyroscopes)\n"
    "  --window S       adaptive-threshold window, also the longest contact (default 4)\n"
    "  --threshold F    swing (off) level, a fraction of the local range (default 0.10;\n"
    "                   foot switches 0.06)\n"
    "  --hysteresis F   added to it for the contact (on) level (default 0.05)\n"
    "  --segment S      segment length for drift (default 60)\n"
    "  --max-gap S      longest time gap in text input, or pause in an Axivity .cwa or\n"
    "                   GENEActiv .bin file, filled as missing (default 1)\n"
    "  --bridge-gap S   missing samples in runs up to S long (and single ones) are drawn\n"
    "                   in by a straight line (default 0.05, at most 0.5; 0: never)\n"
    "  --block N        frames per block, 1 to 1048576 (default 4096; results do not depend\n"
    "                   on it)\n"
    "  --threads N      threads per recording: 2 hashes the input and runs the detectors\n"
    "                   beside the reading and conditioning, 1 stays on one core (default:\n"
    "                   2 while the workers leave a core idle). Results do not depend on it\n";

int cli_analysis_option(int option, const char *arg, analysis_config *config, int *bad)
{
    double value = 0;
    const char *name = NULL;
    switch (option) {
    case OPT_MAP:
        config->map_path = arg;
        return 1;
    case OPT_LOWPASS:
        name = "--lowpass";
        break;
    case OPT_WINDOW:
        name = "--window";
        break;
    case OPT_THRESHOLD:
        name = "--threshold";
        break;
    case OPT_HYSTERESIS:
        name = "--hysteresis";
        break;
    case OPT_SEGMENT:
        name = "--segment";
        break;
    case OPT_MAX_GAP:
        name = "--max-gap";
        break;
    case OPT_BRIDGE_GAP:
        name = "--bridge-gap";
        break;
    case OPT_BLOCK:
        name = "--block";
        break;
    case OPT_THREADS:
        name = "--threads";
        break;
    default:
        return 0;
    }
    if (cli_number("analyze", name, arg, &value) != 0 ||
        !(value > 0 || (option == OPT_BRIDGE_GAP && value == 0))) {
        if (value <= 0)
            fprintf(stderr, "gaitbatch: %s must be %s 0\n", name,
                    option == OPT_BRIDGE_GAP ? ">=" : ">");
        *bad = 1;
        return 1;
    }
    if (option == OPT_BRIDGE_GAP && value > ANALYSIS_BRIDGE_GAP_MAX_S) {
        fprintf(stderr, "gaitbatch: --bridge-gap must be at most %g s\n",
                ANALYSIS_BRIDGE_GAP_MAX_S);
        *bad = 1;
        return 1;
    }
    switch (option) {
    case OPT_LOWPASS:
        config->lowpass_hz = value;
        break;
    case OPT_WINDOW:
        config->threshold_window_s = value;
        break;
    case OPT_THRESHOLD:
        config->threshold_fraction = value;
        break;
    case OPT_HYSTERESIS:
        config->hysteresis_fraction = value;
        break;
    case OPT_SEGMENT:
        config->segment_s = value;
        break;
    case OPT_MAX_GAP:
        config->max_gap_s = value;
        break;
    case OPT_BRIDGE_GAP:
        config->bridge_gap_s = value;
        break;
    case OPT_BLOCK:
        if (cli_whole("analyze", name, value, 1, ANALYSIS_BLOCK_MAX))
            *bad = 1;
        else
            config->block_frames = (long)value;
        break;
    case OPT_THREADS:
        if (value != 1 && value != 2) {
            fprintf(stderr, "gaitbatch: --threads must be 1 or 2\n");
            *bad = 1;
        } else {
            config->threads = (int)value;
        }
        break;
    }
    return 1;
}

int cli_load_rules(const char *path, judge_rules *rules, gb_error *err)
{
    judge_rules_default(rules);
    if (!path) return 0;
    gb_warner warner = {cli_print_warning, NULL};
    return judge_rules_load(path, rules, &warner, err);
}
