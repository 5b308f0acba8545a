#include "cli.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/version.h"

typedef struct subcommand {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} subcommand;

static const subcommand subcommands[] = {
    {"analyze", "analyse recordings (files or folders) into HDF5 reports", cmd_analyze},
    {"inspect", "show a recording's format, channels, signal quality and channel map", cmd_inspect},
    {"show", "print a report's summary in plain words", cmd_show},
    {"merge", "team summary (team.h5, index.html) from the reports of several runs or shards",
     cmd_merge},
    {"simulate", "write a synthetic recording (insoles, IMUs) with its ground truth", cmd_simulate},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: gaitbatch <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        fprintf(out, "  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
    fprintf(out, "\n`gaitbatch <command> --help` describes each command; --version prints the "
                 "version.\nexit status: 0 all ok, 1 some recordings failed, 2 usage error, 3 "
                 "cannot run.\n");
}

int cli_usage_error(const char *command, const char *help)
{
    /* the specific complaint, if any, is already printed: the help's usage line and where the rest
     * is, not a screenful that pushes the complaint out of sight */
    size_t line = strcspn(help, "\n");
    fprintf(stderr, "%.*s\n`gaitbatch %s --help` describes the options.\n", (int)line, help,
            command);
    return EXIT_USAGE;
}

void cli_print_team_summary(const char *output_dir, const batch_summary_counts *counts)
{
    printf("team summary: %s/team.h5 and %s/index.html (%ld sessions", output_dir, output_dir,
           counts->sessions);
    if (counts->not_analysed)
        printf(", %ld recording%s not analysed", counts->not_analysed,
               counts->not_analysed == 1 ? "" : "s");
    if (counts->unreadable) printf(", %ld unreadable reports left out", counts->unreadable);
    if (counts->unwritten)
        printf(", %ld damaged report%s whose findings could not be written", counts->unwritten,
               counts->unwritten == 1 ? "" : "s");
    printf(")\n");
}

void cli_print_warning(void *ctx, const char *message)
{
    (void)ctx;
    fprintf(stderr, "gaitbatch: warning: %s\n", message);
}

void cli_print_error(const gb_error *err)
{
    fprintf(stderr, "gaitbatch: error: %s\n",
            err->message[0] ? err->message : gb_code_name(err->code));
}

void cli_print_sides(const char *sides_from)
{
    if (strcmp(sides_from, "trunk sway") == 0)
        printf("  sides: from the trunk's sideways push over each step (forward_axis).\n");
    else if (strcmp(sides_from, "trunk sway (learnt)") == 0)
        printf("  sides: from the trunk's sideways push over each step, forward learnt from the\n"
               "  steps' braking and push-off; a forward_axis in the map gives them, and the\n"
               "  trunk pitch, without learning it.\n");
    else if (strcmp(sides_from, "trunk yaw rate") == 0)
        printf(
            "  sides: from the trunk's yaw rate at each contact; a forward_axis in the map gives\n"
            "  the more reliable sideways push, and the trunk pitch.\n");
    else if (strcmp(sides_from, "alternation") == 0)
        printf(
            "  sides: alternating within bouts, starting on the left: left and right may be\n"
            "  swapped, and with them the sign of every SI. A forward_axis in the map fixes it.\n");
}

int cli_number(const char *command, const char *option, const char *text, double *value)
{
    char *end;
    *value = strtod(text, &end);
    if (end == text || *end != '\0') {
        fprintf(stderr, "gaitbatch %s: %s needs a number, not '%s'\n", command, option, text);
        return -1;
    }
    return 0;
}

int cli_whole(const char *command, const char *option, double value, double min, double max)
{
    if (value >= min && value <= max && value == floor(value)) return 0;
    fprintf(stderr, "gaitbatch %s: %s takes a whole number from %.0f to %.0f, not %g\n", command,
            option, min, max, value);
    return -1;
}

int cli_main(int argc, char **argv)
{
    /* GSL's default handler aborts the process; library code checks return values instead */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("gaitbatch %s\n", GAITBATCH_VERSION);
        return EXIT_ALL_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_ALL_OK;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            /* getopt names argv[0] in its complaints: "gaitbatch analyze: unrecognized option" */
            char name[32];
            snprintf(name, sizeof name, "gaitbatch %s", subcommands[i].name);
            argv[1] = name;
            return subcommands[i].run(argc - 1, argv + 1);
        }
    fprintf(stderr, "gaitbatch: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
