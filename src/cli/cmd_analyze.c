#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../batch/batch.h"
#include "../common/version.h"
#include "../read/manifest.h"
#include "../report/report.h"
#include "../common/display.h"
#include "../common/session_time.h"
#include "../common/json_keys.h"
#include "cli.h"

static const char analyze_help[] =
    "usage: gaitbatch analyze INPUT... -o OUTDIR [options]\n"
    "Analyses recordings (files, or folders searched recursively) into one HDF5 report each:\n"
    "OUTDIR/<input path>.h5. Each recording runs in a worker process of its own; one that fails\n"
    "is reported and the others go on. Reports that are current (same input content, settings\n"
    "and version) are kept, so a rerun does only what is new or changed.\n\n"
    "  -o, --output DIR  where reports go (created when missing)\n"
    "  -j, --jobs N      worker processes at once (default: the number of cores)\n"
    "  --force           redo every report, current or not\n"
    "  --wait            when another run holds OUTDIR, wait for it (default: exit 3)\n"
    "  --settle S        leave recordings whose files changed less than S seconds ago for the\n"
    "                    next run: uploads still arriving in a folder a cron job reads\n"
    "  --log FILE        append one JSON object per recording (JSON lines)\n"
    "  --shard K/N       analyse only shard K (1..N) of the sorted recordings; inside a Slurm\n"
    "                    job array the shard comes from SLURM_ARRAY_TASK_ID/_MIN/_COUNT\n"
    "  --rules FILE      findings rules (JSON, see README.md) instead of the built-in ones\n"
    "  --manifest FILE   CSV path,athlete,session for uploads not laid out TEAM/ATHLETE/files\n"
    "  --exclude GLOB    skip files whose name matches (repeatable), e.g. 'demographics*'\n"
    "  --quiet           print only warnings, errors and, on failure, the closing count\n"
    "After a run (not a shard), OUTDIR/team.h5 and OUTDIR/index.html summarise every report in\n"
    "OUTDIR; after a job array, `gaitbatch merge OUTDIR` makes them.\n";

typedef struct analyze_run {
    int quiet, single_input, progress_line;
    FILE *log;
    double started;
} analyze_run;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A worker's warnings come as lines: the length of the one at w in *n, and where the next begins.
 */
static const char *after_line(const char *w, size_t *n)
{
    *n = strcspn(w, "\n");
    return w + *n + (w[*n] == '\n');
}

static void log_outcome(FILE *log, const char *input, const char *report, const batch_outcome *o)
{
    static const char *const names[] = {"ok", "skipped", "failed", "waiting"};
    json_t *line = json_object();
    json_object_set_new(line, "input", gb_json_string_lossy(input, strlen(input)));
    json_object_set_new(line, "report", gb_json_string_lossy(report, strlen(report)));
    json_object_set_new(line, "status", json_string(names[o->status]));
    json_object_set_new(line, "seconds", json_real(o->seconds));
    /* when it ended, UTC: a nightly job's log tells its runs apart */
    char ended[32];
    iso_time_utc((long long)time(NULL), ended, sizeof ended);
    json_object_set_new(line, "ended", json_string(ended));
    if (o->warnings[0]) { /* one line each, as printed */
        json_t *warnings = json_array();
        for (const char *w = o->warnings, *next; *w; w = next) {
            size_t n;
            next = after_line(w, &n);
            json_array_append_new(warnings, gb_json_string_lossy(w, n));
        }
        json_object_set_new(line, "warnings", warnings);
    }
    if (o->status == BATCH_FAILED) {
        json_object_set_new(line, "error",
                            gb_json_string_lossy(o->error.message, strlen(o->error.message)));
    } else if (o->status == BATCH_WAITING) {
        json_object_set_new(line, "changed_s_ago", json_real(o->quiet_s));
    } else if (o->status == BATCH_DONE) {
        json_object_set_new(line, "strides", json_integer(o->result.strides));
        json_object_set_new(line, "valid_strides", json_integer(o->result.valid_strides));
        if (isfinite(o->result.cadence_spm))
            json_object_set_new(line, "cadence_spm", json_real(o->result.cadence_spm));
        json_object_set_new(line, "activity", json_string(o->result.activity));
        json_object_set_new(line, "report_status", json_string(o->result.status));
    }
    char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (text) fprintf(log, "%s\n", text);
    fflush(log);
    free(text);
    json_decref(line);
}

/* The asymmetry a recording's sensors give: push-off from force, else contact time (an inertial
 * sensor), else none (no final contacts: a lower-back sensor walking faster than its second peak
 * shows, or from before 0.7.0). */
static void print_asymmetry(const analysis_result *r)
{
    int pushoff = isfinite(r->pushoff_impulse_si_pct);
    double si = pushoff ? r->pushoff_impulse_si_pct : r->contact_time_si_pct;
    if (!isfinite(si)) {
        printf("\n");
        return;
    }
    printf(", %s SI %+.1f %%\n", pushoff ? "push-off impulse" : "contact time",
           display_signed(si, 1));
}

static void on_recording(void *ctx, long index, long total, const char *input, const char *report,
                         const batch_outcome *o)
{
    analyze_run *run = ctx;
    if (run->progress_line) fprintf(stderr, "\r\033[K"); /* clear the progress line */
    if (o->warnings[0]) {
        for (const char *w = o->warnings, *next; *w; w = next) {
            size_t n;
            next = after_line(w, &n);
            fprintf(stderr, "gaitbatch: warning: %.*s\n", (int)n, w);
        }
    }
    if (run->log) log_outcome(run->log, input, report, o);
    if (o->status == BATCH_FAILED) {
        cli_print_error(&o->error);
        if (o->error.code == GB_E_MAP && run->single_input && o->result.map_template[0]) {
            char sidecar[1100];
            channel_map_sidecar_path(input, sidecar, sizeof sidecar);
            fprintf(stderr, "a channel map to start from (save it as %s):\n%s\n", sidecar,
                    o->result.map_template);
        }
    } else if (o->status == BATCH_SKIPPED) {
        if (!run->quiet) printf("skip %s: report is current\n", input);
    } else if (o->status == BATCH_WAITING) {
        if (!run->quiet)
            printf("wait %s: changed %.1f s ago, under --settle: left for the next run\n", input,
                   fmax(o->quiet_s, 0));
    } else {
        if (strcmp(o->result.status, "ok") != 0)
            fprintf(stderr, "gaitbatch: warning: %s: %s\n", input, o->result.status);
        if (!run->quiet) {
            printf("ok   %s -> %s: %ld strides (%ld valid), %s", input, report, o->result.strides,
                   o->result.valid_strides, o->result.activity);
            if (isfinite(o->result.cadence_spm)) /* none without a valid stride */
                printf(", cadence %.1f steps/min", o->result.cadence_spm);
            print_asymmetry(&o->result);
        }
    }
    if (run->progress_line && index < total) {
        double elapsed = now_s() - run->started;
        double eta = elapsed / (double)index * (double)(total - index);
        fflush(stdout);
        fprintf(stderr, "[%ld/%ld] %.0f s elapsed, about %.0f s left", index, total, elapsed, eta);
    }
}

static long long creation_time(void)
{
    /* reproducible builds convention: https://reproducible-builds.org/specs/source-date-epoch/ */
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) return atoll(epoch);
    return (long long)time(NULL);
}

/* Inside a Slurm job array: this task's shard. 0 when not in one, -1 on nonsense values. */
static int slurm_shard(long *shard, long *shards)
{
    const char *id = getenv("SLURM_ARRAY_TASK_ID"), *count = getenv("SLURM_ARRAY_TASK_COUNT");
    if (!id || !count) return 0;
    const char *min = getenv("SLURM_ARRAY_TASK_MIN");
    long task = atol(id) - (min ? atol(min) : 0), total = atol(count);
    if (total < 1 || task < 0 || task >= total) {
        fprintf(stderr,
                "gaitbatch analyze: SLURM_ARRAY_TASK_ID %s of COUNT %s (MIN %s) is not a shard\n",
                id, count, min ? min : "0");
        return -1;
    }
    *shard = task;
    *shards = total;
    return 0;
}

static int cannot_run(const gb_error *err)
{
    cli_print_error(err);
    return EXIT_CANNOT_RUN;
}

/* After the batch, the team summary and the coaches' page, unless nothing is new and the rules
 * are the same (then the last summary still holds); a failure sets *status. */
static void summarise_team(batch_config *config, const judge_rules *rules, const char *team,
                           team_row *history, long history_count, const batch_totals *totals,
                           batch_rows *made, int quiet, int *status)
{
    char rules_sha[65];
    batch_rules_checksum(rules, rules_sha);
    batch_forget_shard_left(config->output_dir); /* this run's list is the one now */
    /* the recordings left without a report: the page names them, so a change among them (one
     * mended, removed or newly failed) is news too */
    int team_current = totals->succeeded == 0 &&
                       report_team_is_current(team, GAITBATCH_VERSION, rules_sha,
                                              made->not_analysed, made->not_analysed_count);
    if (team_current) {
        if (!quiet) printf("team summary: %s is current\n", team);
        return;
    }
    batch_summary_counts counts;
    const char *folders[] = {config->output_dir};
    /* the last summary's rows and findings hold for what did not change, if it was made by this
     * version with these rules */
    batch_rows last = {.rows = history, .count = history_count, .capacity = history_count};
    int same_judge = history_count > 0 && report_team_made_by(team, GAITBATCH_VERSION, rules_sha);
    gb_error err = {0};
    if (batch_team_summary(folders, 1, config->output_dir, rules, config->jobs, GAITBATCH_VERSION,
                           config->analysis.created_unix, made, same_judge ? &last : NULL, &counts,
                           &config->analysis.warner, &err) != 0) {
        cli_print_error(&err);
        *status = EXIT_SOME_FAILED;
    } else {
        if (!quiet) cli_print_team_summary(config->output_dir, &counts);
        /* a report whose findings could not be written is damaged: the run says so */
        if (counts.unwritten) *status = EXIT_SOME_FAILED;
    }
}

/* What analyze's command line asks beside the batch's own settings. */
typedef struct analyze_request {
    const char *excludes[64];
    int exclude_count, wait;
    const char *log_path, *rules_path, *manifest_path;
    long shard, shards; /* shard counts from 0; shards 0: the whole list */
} analyze_request;

enum { PARSED, PARSED_HELP, PARSED_BAD };

/* A shard keeps what it left without a report (left NULL: nothing) for merge to name. */
static int save_shard_left(const batch_config *config, const analyze_request *req,
                           const batch_rows *left)
{
    gb_error err = {0};
    if (batch_save_shard_left(config->output_dir, req->shard, req->shards, left,
                              config->analysis.created_unix, &err) == 0)
        return EXIT_ALL_OK;
    cli_print_error(&err);
    return EXIT_SOME_FAILED;
}

/* Reads the options into config, req and run: PARSED, PARSED_HELP once the help is printed, or
 * PARSED_BAD once what is wrong is said. */
static int parse_analyze(int argc, char **argv, batch_config *config, analyze_request *req,
                         analyze_run *run)
{
    enum { O_FORCE = 400, O_WAIT, O_LOG, O_SHARD, O_RULES, O_MANIFEST, O_SETTLE };
    static const struct option options[] = {{"output", required_argument, NULL, 'o'},
                                            {"jobs", required_argument, NULL, 'j'},
                                            {"help", no_argument, NULL, 'h'},
                                            {"force", no_argument, NULL, O_FORCE},
                                            {"wait", no_argument, NULL, O_WAIT},
                                            {"settle", required_argument, NULL, O_SETTLE},
                                            {"log", required_argument, NULL, O_LOG},
                                            {"shard", required_argument, NULL, O_SHARD},
                                            {"rules", required_argument, NULL, O_RULES},
                                            {"manifest", required_argument, NULL, O_MANIFEST},
                                            {"exclude", required_argument, NULL, OPT_EXCLUDE},
                                            {"quiet", no_argument, NULL, OPT_QUIET},
                                            CLI_ANALYSIS_LONG_OPTIONS,
                                            {NULL, 0, NULL, 0}};
    int bad = 0, option;
    double jobs;
    optind = 1;
    while ((option = getopt_long(argc, argv, "o:j:h", options, NULL)) != -1) {
        switch (option) {
        case 'o':
            config->output_dir = optarg;
            break;
        case 'j':
            if (cli_number("analyze", "--jobs", optarg, &jobs) ||
                cli_whole("analyze", "--jobs", jobs, 1, 1024))
                bad = 1;
            else
                config->jobs = (int)jobs;
            break;
        case 'h':
            printf("%s%s", analyze_help, cli_analysis_options_help);
            return PARSED_HELP;
        case O_FORCE:
            config->force = 1;
            break;
        case O_WAIT:
            req->wait = 1;
            break;
        case O_SETTLE: /* up to a day: a folder a nightly job reads */
            if (cli_number("analyze", "--settle", optarg, &config->settle_s)) {
                bad = 1;
            } else if (!(config->settle_s >= 0 && config->settle_s <= 86400)) {
                fprintf(stderr, "gaitbatch analyze: --settle %g s: give 0 to 86400 s\n",
                        config->settle_s);
                bad = 1;
            }
            break;
        case O_LOG:
            req->log_path = optarg;
            break;
        case O_RULES:
            req->rules_path = optarg;
            break;
        case O_MANIFEST:
            req->manifest_path = optarg;
            break;
        case O_SHARD:
            if (sscanf(optarg, "%ld/%ld", &req->shard, &req->shards) != 2 || req->shards < 1 ||
                req->shard < 1 || req->shard > req->shards) {
                fprintf(stderr, "gaitbatch analyze: --shard takes K/N with 1 <= K <= N\n");
                bad = 1;
            }
            req->shard--; /* 0-based from here on */
            break;
        case OPT_EXCLUDE:
            if (req->exclude_count < 63) req->excludes[req->exclude_count++] = optarg;
            break;
        case OPT_QUIET:
            run->quiet = 1;
            break;
        default:
            if (!cli_analysis_option(option, optarg, &config->analysis, &bad)) bad = 1;
        }
    }
    gb_error settings_err = {0};
    if (!bad && analysis_check_settings(&config->analysis, &settings_err) != 0) {
        fprintf(stderr, "gaitbatch analyze: %s\n", settings_err.message);
        bad = 1;
    }
    if (!bad && (optind >= argc || !config->output_dir)) {
        fprintf(stderr, "gaitbatch analyze: needs INPUT... and -o OUTDIR\n");
        bad = 1;
    }
    config->excludes = req->excludes;
    return bad ? PARSED_BAD : PARSED;
}

/* The files a scan of folders passed over, and why (notes, left out by --quiet). */
static void note_passed_over(const batch_list *list)
{
    if (list->skipped_without_map)
        fprintf(stderr,
                "gaitbatch: note: skipped %ld text file(s) in folders with no channel map "
                "applying to them (give --map, or a <name>.json beside them)\n",
                list->skipped_without_map);
    if (list->skipped_packed)
        fprintf(stderr,
                "gaitbatch: note: skipped %ld packed file(s) (.gz, .zip): gaitbatch reads "
                "these unpacked (gunzip a .wav.gz, unzip a .zip; a .csv.gz, .cwa.gz or GENEActiv "
                ".bin.gz is read as it is)\n",
                list->skipped_packed);
    if (list->skipped_converted)
        fprintf(stderr,
                "gaitbatch: note: skipped %ld Axivity .cwa file(s) beside the omconvert WAV made "
                "from each: the WAV is read (move it away, or name the .cwa, to read the .cwa)\n",
                list->skipped_converted);
}

/* Makes the output folder and takes its lock (one a shard), so that no other run writes there at
 * the same time; removes what an interrupted run left unfinished. The lock's descriptor, or -1
 * with the error. */
static int claim_output(batch_config *config, const analyze_request *req, int quiet, gb_error *err)
{
    if (batch_make_dirs(config->output_dir, err) != 0) return -1;
    if (access(config->output_dir, W_OK) != 0) {
        gb_error_set(err, GB_E_IO, "%s: output folder is not writable", config->output_dir);
        return -1;
    }
    char lock_name[64] = ".gaitbatch.lock";
    if (req->shards > 0)
        snprintf(lock_name, sizeof lock_name, ".gaitbatch.lock-%ld-of-%ld", req->shard + 1,
                 req->shards);
    int lock = batch_lock(config->output_dir, lock_name, req->wait, &config->analysis.warner, err);
    if (lock < 0) return -1;
    /* other shards may be writing beside this one: their temporary files are not stale */
    long stale = req->shards > 0 ? 0 : batch_remove_stale(config->output_dir);
    if (stale && !quiet)
        fprintf(stderr, "gaitbatch: note: removed %ld unfinished report(s) of an interrupted run\n",
                stale);
    return lock;
}

int cmd_analyze(int argc, char **argv)
{
    batch_config config = {0};
    analysis_config_default(&config.analysis);
    config.analysis.software_version = GAITBATCH_VERSION;
    config.analysis.created_unix = creation_time();
    config.analysis.warner.fn = cli_print_warning;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    config.jobs = cores > 0 ? (int)cores : 1;
    analyze_request req = {.shard = -1};
    analyze_run run = {0};
    int parsed = parse_analyze(argc, argv, &config, &req, &run);
    if (parsed == PARSED_HELP) return EXIT_ALL_OK;
    if (parsed == PARSED_BAD) return cli_usage_error("analyze", analyze_help);
    if (req.shards == 0 && slurm_shard(&req.shard, &req.shards) < 0) return EXIT_USAGE;
    gb_error err = {0};
    judge_rules rules;
    if (cli_load_rules(req.rules_path, &rules, &err) != 0) {
        cli_print_error(&err);
        return EXIT_USAGE;
    }
    int lock = claim_output(&config, &req, run.quiet, &err);
    if (lock < 0) return cannot_run(&err);
    manifest *uploads = NULL;
    batch_list list = {0};
    team_row *history = NULL;
    long history_count = 0;
    batch_rows made = {0}; /* the workers' rows of the reports they wrote */
    int status = EXIT_ALL_OK;
    if (req.manifest_path && !(uploads = manifest_load(req.manifest_path, &err))) {
        status = cannot_run(&err);
        goto done;
    }
    config.analysis.manifest = uploads;
    if (batch_collect((const char *const *)argv + optind, argc - optind, &config, &list, &err) !=
        0) {
        status = cannot_run(&err);
        goto done;
    }
    if (req.shards > 0) {
        long all = list.count;
        batch_select_shard(&config, &list, req.shard, req.shards);
        if (!run.quiet)
            printf("shard %ld of %ld: %ld of %ld recordings\n", req.shard + 1, req.shards,
                   list.count, all);
    }
    if (!run.quiet) note_passed_over(&list);
    if (list.count == 0 && req.shards > 0) { /* more shards than recordings: nothing to do here */
        if (!run.quiet) printf("shard %ld of %ld: no recordings\n", req.shard + 1, req.shards);
        status = save_shard_left(&config, &req, NULL);
        goto done;
    }
    if (list.count == 0) {
        gb_error_set(&err, GB_E_IO, "no recordings found in the inputs given");
        status = cannot_run(&err);
        goto done;
    }
    if (req.log_path && !(run.log = fopen(req.log_path, "a"))) {
        gb_error_set(&err, GB_E_IO, "%s: cannot open the log for appending", req.log_path);
        status = cannot_run(&err);
        goto done;
    }
    /* the last team summary's rows: workers judge their sessions against them (batch_prejudge) */
    char team[4200];
    snprintf(team, sizeof team, "%s/team.h5", config.output_dir);
    gb_error no_summary = {0};
    if (access(team, R_OK) == 0 && report_read_team(team, &history, &history_count, &no_summary))
        history_count = 0; /* unreadable: the review after the batch judges everything */
    config.rules = &rules;
    config.history = history;
    config.history_count = history_count;
    run.single_input = list.count == 1;
    run.progress_line = !run.quiet && isatty(STDERR_FILENO);
    run.started = now_s();
    batch_totals totals;
    if (batch_run(&config, &list, on_recording, &run, &totals, &made, &err) != 0) {
        status = cannot_run(&err);
        goto done;
    }
    if (!run.quiet || totals.failed) { /* --quiet: silent when all went well (cron mails nothing) */
        FILE *out = run.quiet ? stderr : stdout;
        fprintf(out, "%ld recording(s): %ld ok, %ld skipped (current), %ld failed",
                totals.succeeded + totals.skipped + totals.failed + totals.waiting,
                totals.succeeded, totals.skipped, totals.failed);
        if (totals.waiting) fprintf(out, ", %ld waiting (still changing)", totals.waiting);
        fprintf(out, "\n");
    }
    status = totals.failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
    if (req.shards == 0) /* a shard's summary is merge's, once all shards are done */
        summarise_team(&config, &rules, team, history, history_count, &totals, &made, run.quiet,
                       &status);
    else if (save_shard_left(&config, &req, &made) != EXIT_ALL_OK)
        status = EXIT_SOME_FAILED;
done:
    if (run.log) fclose(run.log);
    free(history);
    batch_rows_free(&made);
    batch_list_free(&list);
    manifest_free(uploads);
    close(lock);
    return status;
}
