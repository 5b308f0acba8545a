/* cli: the subcommand table, option parsing, printing and exit codes. Only this module prints or
 * exits; everything below returns errors. */
#ifndef GB_CLI_H
#define GB_CLI_H

#include "../analysis/analysis.h"
#include "../batch/batch.h"
#include "../judge/judge.h"

/* Exit codes: documented in README.md; cron jobs and Slurm scripts depend on them. */
enum {
    EXIT_ALL_OK = 0,
    EXIT_SOME_FAILED = 1, /* at least one recording failed; the others have reports */
    EXIT_USAGE = 2,       /* bad command line */
    EXIT_CANNOT_RUN = 3   /* nothing could be done: no inputs, output folder not writable, ... */
};

int cli_main(int argc, char **argv);

/* Shared by the subcommands. */
/* "team summary: DIR/team.h5 and DIR/index.html (N sessions, ...)" */
void cli_print_team_summary(const char *output_dir, const batch_summary_counts *counts);
void cli_print_warning(void *ctx, const char *message);
void cli_print_error(const gb_error *err);
/* Where a lower-back sensor's sides come from (report sides_from), in words; nothing for sensors
 * whose sides the channel map gives. */
void cli_print_sides(const char *sides_from);
/* After a bad command line: prints the usage line of `help` (the command's help text) and where
 * the full text is; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *help);
/* Parses a number option; prints a usage error and returns -1 when it is not one. */
int cli_number(const char *command, const char *option, const char *text, double *value);
/* Whether value, an option's number, is a whole number from min to max; prints a usage error and
 * returns -1 when not (checked before it is cast to an integer type: 1e30 has no long value). */
int cli_whole(const char *command, const char *option, double value, double min, double max);
/* Analysis settings options common to analyze and inspect; returns 1 when `option` was one. */
int cli_analysis_option(int option, const char *arg, analysis_config *config, int *bad);

/* Findings rules: the built-in ones, or a JSON file's (path may be NULL). */
int cli_load_rules(const char *path, judge_rules *rules, gb_error *err);

int cmd_analyze(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Long options shared by analyze and inspect (ids from 256 up), and their help text. */
enum {
    OPT_MAP = 256,
    OPT_LOWPASS,
    OPT_WINDOW,
    OPT_THRESHOLD,
    OPT_HYSTERESIS,
    OPT_SEGMENT,
    OPT_MAX_GAP,
    OPT_BRIDGE_GAP,
    OPT_BLOCK,
    OPT_THREADS,
    OPT_EXCLUDE,
    OPT_QUIET
};
#define CLI_ANALYSIS_LONG_OPTIONS                                                                  \
    {"map", required_argument, NULL, OPT_MAP}, {"lowpass", required_argument, NULL, OPT_LOWPASS},  \
        {"window", required_argument, NULL, OPT_WINDOW},                                           \
        {"threshold", required_argument, NULL, OPT_THRESHOLD},                                     \
        {"hysteresis", required_argument, NULL, OPT_HYSTERESIS},                                   \
        {"segment", required_argument, NULL, OPT_SEGMENT},                                         \
        {"max-gap", required_argument, NULL, OPT_MAX_GAP},                                         \
        {"bridge-gap", required_argument, NULL, OPT_BRIDGE_GAP},                                   \
        {"block", required_argument, NULL, OPT_BLOCK},                                             \
    {                                                                                              \
        "threads", required_argument, NULL, OPT_THREADS                                            \
    }
extern const char cli_analysis_options_help[];
#endif
