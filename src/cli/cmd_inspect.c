#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char inspect_help[] =
    "usage: gaitbatch inspect FILE [--map FILE]\n"
    "Shows format, sample rate, duration, channels with their range, clipping, flat-line and gap\n"
    "shares, and the channel map that applies, with each channel's range in its units (or a\n"
    "template to start one from). For a file that describes itself (Axivity WAV, ActiGraph or\n"
    "GENEActiv CSV): the device, its start, where it was worn, and its map as JSON to save and\n"
    "give a forward_axis.\n";

/* A channel's range as the map reads it: raw * scale + offset in the role's unit (a WAV's
 * normalised samples, for one, come out in newtons or g), so a wrong scale shows before a run:
 * an accelerometer at rest near 1 g, not 0.125. Nothing for a channel with no samples. */
static void print_scaled_range(const channel_role *r, const channel_quality *q)
{
    if (!isfinite(q->minimum) || !isfinite(q->maximum)) {
        printf("\n");
        return;
    }
    double low = q->minimum * r->scale + r->offset, high = q->maximum * r->scale + r->offset;
    printf(": %.4g to %.4g %s\n", fmin(low, high), fmax(low, high), r->unit);
}

static void print_map(const channel_map *map, const channel_quality *checks, int channels,
                      const char *sensors, const char *sides, int finds_standing)
{
    printf("channel map: %s\n  %s\n", map->source, sensors);
    if (map->athlete[0] || map->session[0])
        printf("  athlete %s, session %s, activity %s\n", map->athlete[0] ? map->athlete : "?",
               map->session[0] ? map->session : "?", map->activity[0] ? map->activity : "?");
    if (isfinite(map->body_mass_kg)) printf("  body mass %.1f kg\n", map->body_mass_kg);
    for (int i = 0; i < map->role_count; i++) {
        const channel_role *r = &map->roles[i];
        char role[48];
        channel_role_describe(r, role, sizeof role);
        if (r->quantity == QUANTITY_IGNORE)
            printf("  channel %2d: ignored\n", r->index);
        else {
            printf("  channel %2d: %-28s unit '%s', scale %g, offset %g", r->index, role, r->unit,
                   r->scale, r->offset);
            if (r->index >= 0 && r->index < channels)
                print_scaled_range(r, &checks[r->index]);
            else
                printf("\n");
        }
    }
    cli_print_sides(sides);
    if (isfinite(map->standing_start_s))
        printf("  standing still from %g to %g s (standing_s): the trunk pitch's reference\n",
               map->standing_start_s, map->standing_end_s);
    else if (finds_standing)
        printf(
            "  the trunk pitch's reference: quiet standing found next to gait (no standing_s)\n");
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'}, CLI_ANALYSIS_LONG_OPTIONS, {NULL, 0, NULL, 0}};
    analysis_config config;
    analysis_config_default(&config);
    config.warner.fn = cli_print_warning;
    int option, bad = 0;
    optind = 1;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (option == 'h') {
            printf("%s", inspect_help);
            return EXIT_ALL_OK;
        }
        if (!cli_analysis_option(option, optarg, &config, &bad)) bad = 1;
    }
    gb_error settings_err = {0};
    if (!bad && analysis_check_settings(&config, &settings_err) != 0) {
        fprintf(stderr, "gaitbatch inspect: %s\n", settings_err.message);
        bad = 1;
    }
    if (bad || optind != argc - 1) {
        if (!bad && optind >= argc) fprintf(stderr, "gaitbatch inspect: needs a FILE\n");
        if (!bad && optind < argc - 1)
            fprintf(stderr, "gaitbatch inspect: takes one FILE, not also '%s'\n", argv[optind + 1]);
        return cli_usage_error("inspect", inspect_help);
    }
    const char *path = argv[optind];
    analysis_inspection *inspection = malloc(sizeof *inspection);
    if (!inspection) return EXIT_CANNOT_RUN;
    gb_error err = {0};
    if (analysis_inspect(&config, path, inspection, &err) != 0) {
        cli_print_error(&err);
        free(inspection);
        return EXIT_SOME_FAILED;
    }
    const recording_info *info = &inspection->info;
    printf("%s\n  format: %s\n", path, info->format);
    if (info->sample_rate_hz > 0)
        printf("  sample rate: %.6g Hz%s\n  frames: %lld (%.1f s)\n", info->sample_rate_hz,
               info->rate_from_time_column ? " (measured from the time column)" : "",
               (long long)inspection->frames_read,
               (double)inspection->frames_read / info->sample_rate_hz);
    else
        printf("  sample rate: unknown: no time column, and no map gives \"sample_rate_hz\" (flat "
               "runs below counted at 100 samples)\n  frames: %lld\n",
               (long long)inspection->frames_read);
    printf("  channels: %d\n", info->channels);
    if (info->device[0])
        printf("  device: %s%s%s%s%s\n", info->device, info->start_time[0] ? ", started " : "",
               info->start_time, info->device_location[0] ? ", worn at the " : "",
               info->device_location);
    else if (info->start_time[0]) /* a WAV's ICRD, a text file's first date-time stamp */
        printf("  started: %s\n", info->start_time);
    if (info->rate_from_time_column)
        printf("  time step: mean %.6g s, jitter (SD) %.3g s; %lld gaps in it (%lld samples "
               "missing)\n",
               info->time_step_mean_s, info->time_step_sd_s, (long long)info->gap_count,
               (long long)info->gap_frames);
    printf("  %-3s %-24s %-6s %12s %12s %8s %8s %8s\n", "ch", "name", "unit", "min", "max", "clip%",
           "flat%", "gap%");
    for (int c = 0; c < info->channels; c++) {
        const channel_quality *q = &inspection->quality[c];
        printf("  %-3d %-24.24s %-6.6s %12.5g %12.5g %8.2f %8.2f %8.2f\n", c,
               info->channel_names[c], info->channel_units[c], q->minimum, q->maximum,
               q->clipping_pct, q->flatline_pct, q->gap_pct);
    }
    if (info->clipped_rows > 0 && info->clipped_kept && inspection->clipped_rows_effect)
        printf("  rows the device flagged as at its range limit: %lld, read at the limit: %s\n",
               (long long)info->clipped_rows, inspection->clipped_rows_effect);
    else if (info->clipped_rows > 0) /* the device's own flags (recording.h) */
        printf("  rows the device flagged as at its range limit: %lld, gaps, never bridged\n",
               (long long)info->clipped_rows);
    if (inspection->missing_samples > 0)
        printf("  missing samples: %lld, of which analyze bridges %lld (runs up to --bridge-gap, "
               "and single ones); the rest are gaps\n",
               (long long)inspection->missing_samples, (long long)inspection->bridged_samples);
    if (inspection->have_map)
        print_map(&inspection->map, inspection->quality, info->channels, inspection->sensors,
                  inspection->sides_from, inspection->finds_standing);
    if (inspection->have_map && info->device[0] && inspection->has_trunk &&
        inspection->map.forward_axis < 0) {
        /* the map such a file makes of itself, to be saved and given its forward axis */
        char json[8192];
        channel_map_to_json(&inspection->map, 2, json, sizeof json);
        char sidecar[1100];
        channel_map_sidecar_path(path, sidecar, sizeof sidecar);
        printf("for a trunk pitch that does not wait for forward to be learnt from the steps, save "
               "this as\n%s and add \"forward_axis\" (\"x\", \"y\" or "
               "\"z\", \"-z\" when z points\nbackwards; once analysed, `gaitbatch show` names the "
               "axis nearest the forward it learnt\nfrom the steps, along which it reads the pitch "
               "without one); for step length and\nwalking speed, add \"sensor_height_m\" (the "
               "sensor's height above the floor, standing):\n%s\n",
               sidecar, json);
    } else if (!inspection->have_map && info->device[0])
        printf("no channel map applies (the warning above says why)\n");
    else if (!inspection->have_map && inspection->map_template[0]) {
        char sidecar[1100];
        channel_map_sidecar_path(path, sidecar, sizeof sidecar);
        printf("no channel map applies; save this as %s and edit it:\n%s\n", sidecar,
               inspection->map_template);
    } else if (!inspection->have_map) /* names too long to template (channel_map.h) */
        printf(
            "no channel map applies; README.md's \"Channel map\" section says how to write one\n");
    free(inspection);
    return EXIT_ALL_OK;
}
