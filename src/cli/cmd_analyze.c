#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../batch/batch.h"
#include "../common/version.h"
#include "cli.h"

static const char analyze_help[] =
    "usage: gaitbatch analyze INPUT... -o OUTDIR [options]\n"
    "Analyses recordings (files, or folders searched recursively) into one HDF5 report each:\n"
    "OUTDIR/<input path>.h5. A recording that fails is reported and the others go on.\n\n"
    "  -o, --output DIR  where reports go (created when missing)\n"
    "  --exclude GLOB    skip files whose name matches (repeatable), e.g. 'demographics*'\n"
    "  --quiet           print only warnings, errors and the closing count\n";

typedef struct analyze_run {
    int quiet;
    int single_input;
} analyze_run;

static void on_recording(void *ctx, const char *input, const char *report,
                         const analysis_result *result, const gb_error *err)
{
    const analyze_run *run = ctx;
    if (err) {
        cli_print_error(err);
        if (err->code == GB_E_MAP && run->single_input && result->map_template[0])
            fprintf(stderr,
                    "a channel map to start from (save it as the recording's name + .json):\n%s\n",
                    result->map_template);
        return;
    }
    if (strcmp(result->status, "ok") != 0)
        fprintf(stderr, "gaitbatch: warning: %s: %s\n", input, result->status);
    if (run->quiet) return;
    printf("ok  %s -> %s: %ld strides (%ld valid), %s, cadence %.1f steps/min, "
           "push-off impulse SI %+.1f %%\n",
           input, report, result->strides, result->valid_strides, result->activity,
           result->cadence_spm, result->pushoff_impulse_si_pct);
}

static long long creation_time(void)
{
    /* reproducible builds convention: https://reproducible-builds.org/specs/source-date-epoch/ */
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) return atoll(epoch);
    return (long long)time(NULL);
}

int cmd_analyze(int argc, char **argv)
{
    static const struct option options[] = {{"output", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {"exclude", required_argument, NULL, OPT_EXCLUDE},
                                            {"quiet", no_argument, NULL, OPT_QUIET},
                                            CLI_ANALYSIS_LONG_OPTIONS,
                                            {NULL, 0, NULL, 0}};
    batch_config config = {0};
    analysis_config_default(&config.analysis);
    config.analysis.software_version = GAITBATCH_VERSION;
    config.analysis.created_unix = creation_time();
    config.analysis.warner.fn = cli_print_warning;
    const char *excludes[64] = {NULL};
    int exclude_count = 0, bad = 0, option;
    analyze_run run = {0, 0};
    optind = 1;
    while ((option = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (option) {
        case 'o':
            config.output_dir = optarg;
            break;
        case 'h':
            printf("%s%s", analyze_help, cli_analysis_options_help);
            return EXIT_ALL_OK;
        case OPT_EXCLUDE:
            if (exclude_count < 63) excludes[exclude_count++] = optarg;
            break;
        case OPT_QUIET:
            run.quiet = 1;
            break;
        default:
            if (!cli_analysis_option(option, optarg, &config.analysis, &bad)) bad = 1;
        }
    }
    if (bad || optind >= argc || !config.output_dir) {
        if (!bad) fprintf(stderr, "gaitbatch analyze: needs INPUT... and -o OUTDIR\n");
        fprintf(stderr, "%s", analyze_help);
        return EXIT_USAGE;
    }
    config.excludes = excludes;
    gb_error err = {0};
    if (batch_make_dirs(config.output_dir, &err) != 0 || access(config.output_dir, W_OK) != 0) {
        if (!err.code)
            gb_error_set(&err, GB_E_IO, "%s: output folder is not writable", config.output_dir);
        cli_print_error(&err);
        return EXIT_CANNOT_RUN;
    }
    batch_list list;
    if (batch_collect((const char *const *)argv + optind, argc - optind, &config, &list, &err) !=
        0) {
        cli_print_error(&err);
        batch_list_free(&list);
        return EXIT_CANNOT_RUN;
    }
    if (list.skipped_without_map && !run.quiet)
        fprintf(stderr,
                "gaitbatch: note: skipped %ld text file(s) in folders with no channel map "
                "applying to them (give --map, or a <name>.json beside them)\n",
                list.skipped_without_map);
    if (list.count == 0) {
        fprintf(stderr, "gaitbatch: error: no recordings found in the inputs given\n");
        batch_list_free(&list);
        return EXIT_CANNOT_RUN;
    }
    run.single_input = list.count == 1;
    batch_totals totals;
    batch_run(&config, &list, on_recording, &run, &totals);
    batch_list_free(&list);
    if (!run.quiet || totals.failed) /* --quiet: silent when all went well (cron mails nothing) */
        fprintf(run.quiet ? stderr : stdout, "%ld recording(s): %ld ok, %ld failed\n",
                totals.succeeded + totals.failed, totals.succeeded, totals.failed);
    return totals.failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
