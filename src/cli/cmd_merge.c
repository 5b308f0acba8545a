#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../batch/batch.h"
#include "../common/version.h"
#include "cli.h"

static const char merge_help[] =
    "usage: gaitbatch merge REPORTDIR... [-o OUTDIR] [--rules FILE]\n"
    "Builds the team summary OUTDIR/team.h5 and the coaches' page OUTDIR/index.html from every\n"
    "report under the REPORTDIRs, e.g. after the shards of a Slurm job array. OUTDIR defaults to\n"
    "the first REPORTDIR. The recordings the shards left without a report (each shard keeps its\n"
    "list in its OUTDIR) are named there too.\n";

int cmd_merge(int argc, char **argv)
{
    static const struct option options[] = {{"output", required_argument, NULL, 'o'},
                                            {"rules", required_argument, NULL, 'r'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *output = NULL, *rules_path = NULL;
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        if (option == 'o')
            output = optarg;
        else if (option == 'r')
            rules_path = optarg;
        else if (option == 'h') {
            printf("%s", merge_help);
            return EXIT_ALL_OK;
        } else {
            return cli_usage_error("merge", merge_help);
        }
    }
    if (optind >= argc) {
        return cli_usage_error("merge", merge_help);
    }
    if (!output) output = argv[optind];
    gb_error err = {0};
    judge_rules rules;
    if (cli_load_rules(rules_path, &rules, &err) != 0) {
        cli_print_error(&err);
        return EXIT_USAGE;
    }
    if (batch_make_dirs(output, &err) != 0) {
        cli_print_error(&err);
        return EXIT_CANNOT_RUN;
    }
    gb_warner warner = {cli_print_warning, NULL};
    /* after the shards: wait for any run */
    int lock = batch_lock(output, ".gaitbatch.lock", 1, &warner, &err);
    if (lock < 0) {
        cli_print_error(&err);
        return EXIT_CANNOT_RUN;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    long long created = epoch && *epoch ? atoll(epoch) : (long long)time(NULL);
    batch_summary_counts counts;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const char *const *folders = (const char *const *)argv + optind;
    batch_rows left = {0}; /* what the shards left without a report */
    int rc = batch_load_shard_left(folders, argc - optind, &left, &warner, &err) < 0 ? -1 : 0;
    if (rc == 0)
        rc = batch_team_summary(folders, argc - optind, output, &rules, cores > 0 ? (int)cores : 1,
                                GAITBATCH_VERSION, created, &left, NULL, &counts, &warner, &err);
    batch_rows_free(&left);
    close(lock);
    if (rc != 0) {
        cli_print_error(&err);
        return EXIT_CANNOT_RUN;
    }
    cli_print_team_summary(output, &counts);
    return counts.unreadable || counts.unwritten ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
