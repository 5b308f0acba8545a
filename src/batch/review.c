/* The team review after a batch: each athlete's history from the reports in the output folder,
 * the athlete's log, the findings (judge) written back into the reports, team.h5 and index.html. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../common/checksum.h"
#include "../common/session_time.h"
#include "../common/text.h"
#include "../dashboard/dashboard.h"
#include "../report/report.h"
#include "batch.h"
#include "batch_private.h"

static int visit_report(void *ctx, const char *path, const char *name, int depth, gb_error *err)
{
    size_t length = strlen(name);
    if (length <= 3 || strcmp(name + length - 3, ".h5") != 0) return 0;
    if (depth == 0 && strcmp(name, "team.h5") == 0) return 0; /* the summary itself */
    return batch_list_add(ctx, path, err);
}

void batch_rules_checksum(const judge_rules *rules, char hex[65])
{
    checksum_ctx ctx;
    checksum_init(&ctx);
    for (int i = 0; i < rules->count; i++) {
        const judge_rule *r = &rules->rules[i];
        char text[640];
        snprintf(text, sizeof text, "%s|%d|%d|%d|%d|%.17g|%.17g|%.17g\n", r->id, r->cause,
                 r->feature, r->direction, r->reference, r->thresholds[0], r->thresholds[1],
                 r->thresholds[2]);
        checksum_add_text(&ctx, text);
    }
    checksum_hex(&ctx, hex);
}

/* The athlete's own log, athlete-log.csv beside the recording: date,sleep_h,fluid_l,cramps. */
typedef struct log_day {
    double day, sleep_h, cramps;
} log_day;

#define LOG_WARNINGS_MAX 3 /* per file; then a count of the rest */

/* One value of a log row: a number within [low, high], else NAN (an empty cell: not logged). */
static double log_value(const char *cell, double low, double high, int *bad)
{
    while (*cell == ' ')
        cell++;
    if (!*cell) return NAN;
    char *end;
    double v = strtod(cell, &end);
    while (*end == ' ')
        end++;
    if (end == cell || *end || !(v >= low && v <= high)) {
        *bad = 1;
        return NAN;
    }
    return v;
}

/* A row date,sleep_h,fluid_l,cramps; 0 when it is no row (the header, a blank line), -1 with the
 * problem in `problem` when it cannot be used whole (its bad values are NAN). */
static int parse_log_row(char *line, log_day *day, char *problem, size_t size)
{
    static const struct {
        const char *name;
        double low, high;
    } columns[] = {{"sleep_h", 0, 24}, {"fluid_l", 0, 20}, {"cramps", 0, 1}};
    line[strcspn(line, "\r\n")] = '\0';
    if (!line[0] || strncmp(line, "date", 4) == 0) return 0;
    char *cells[4] = {line, NULL, NULL, NULL};
    for (int k = 1; k < 4 && cells[k - 1]; k++) {
        char *comma = strchr(cells[k - 1], ',');
        if (comma) *comma = '\0', cells[k] = comma + 1;
    }
    day->day = session_day(line);
    if (isnan(day->day) || strlen(line) != 10) {
        snprintf(problem, size, "'%.20s' is not a date (YYYY-MM-DD); the row is left out", line);
        return -1;
    }
    double values[3];
    size_t used = 0;
    for (int k = 0; k < 3; k++) {
        int bad = 0;
        values[k] =
            cells[k + 1] ? log_value(cells[k + 1], columns[k].low, columns[k].high, &bad) : NAN;
        if (k == 2 && !isnan(values[k]) && values[k] != 0 && values[k] != 1) bad = 1;
        if (bad && used < size)
            used += (size_t)snprintf(problem + used, size - used, "%s%s '%.12s'", used ? ", " : "",
                                     columns[k].name, cells[k + 1]);
        if (bad) values[k] = NAN;
    }
    day->sleep_h = values[0]; /* fluid_l is the athlete's record; no rule reads it */
    day->cramps = values[2];
    if (!used) return 1;
    if (used < size)
        snprintf(problem + used, size - used,
                 " left out (sleep_h is 0-24 hours, fluid_l 0-20 litres, cramps 0 or 1)");
    return -1;
}

/* The log's days, in file order. Rows that cannot be used are warned about (a few, then a count)
 * and left out, or only their bad values. */
static void log_path(const char *input_path, char *path, size_t size)
{
    const char *slash = strrchr(input_path, '/');
    snprintf(path, size, "%.*s%sathlete-log.csv", slash ? (int)(slash - input_path) : 0, input_path,
             slash ? "/" : "");
}

/* A file's size and modification time (ns); 0 and 0 when it is not there. */
static void file_stamp(const char *path, int64_t *bytes, int64_t *mtime_ns)
{
    struct stat st;
    *bytes = *mtime_ns = 0;
    if (stat(path, &st) != 0) return;
    *bytes = (int64_t)st.st_size;
    *mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

static int64_t log_mtime_ns(const team_row *row)
{
    char path[1100];
    int64_t bytes, mtime_ns;
    log_path(row->input_path, path, sizeof path);
    file_stamp(path, &bytes, &mtime_ns);
    return mtime_ns;
}

static long read_log(const char *input_path, log_day *days, long capacity, const gb_warner *warner)
{
    char path[1100];
    log_path(input_path, path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[256], problem[160];
    long n = 0, line_number = 0, problems = 0;
    while (n < capacity && fgets(line, sizeof line, f)) {
        line_number++;
        log_day day = {NAN, NAN, NAN};
        int parsed = parse_log_row(line_number == 1 ? gb_past_byte_order_mark(line) : line, &day,
                                   problem, sizeof problem);
        if (parsed < 0 && ++problems <= LOG_WARNINGS_MAX)
            gb_warn(warner, "%s: line %ld: %s", path, line_number, problem);
        if (parsed != 0 && !isnan(day.day)) days[n++] = day;
    }
    if (problems > LOG_WARNINGS_MAX)
        gb_warn(warner, "%s: %ld more rows with problems", path, problems - LOG_WARNINGS_MAX);
    fclose(f);
    return n;
}

/* Sleep (mean of the logged days in the 3 days up to the session) and cramp days (7 days). */
static void log_features(const log_day *days, long count, session_features *s)
{
    double sleep = 0;
    int sleep_days = 0, logged_week = 0, cramp_days = 0;
    for (long i = 0; i < count; i++) {
        double age = s->day - days[i].day;
        if (age < 0 || age >= 7) continue;
        logged_week++;
        if (days[i].cramps > 0) cramp_days++;
        if (age < 3 && isfinite(days[i].sleep_h)) sleep += days[i].sleep_h, sleep_days++;
    }
    s->values[FEATURE_SLEEP_HOURS] = sleep_days ? sleep / sleep_days : NAN;
    s->values[FEATURE_CRAMP_DAYS] = logged_week ? cramp_days : NAN;
}

static void features_of(const team_row *row, session_features *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->athlete, sizeof s->athlete, "%s", row->athlete);
    snprintf(s->session, sizeof s->session, "%s", row->session);
    s->day = session_day(row->session);
    /* the training load: minutes in gait, or recorded (a report from before 0.13.0) */
    s->minutes = (isfinite(row->gait_s) ? row->gait_s : row->duration_s) / 60;
    for (int f = 0; f < FEATURE_COUNT; f++)
        s->values[f] = NAN;
    s->values[FEATURE_PUSHOFF_ASYMMETRY] = fabs(row->pushoff_impulse_si_pct);
    s->values[FEATURE_PUSHOFF_PEAK_DRIFT] = row->pushoff_peak_drift_pct_per_10min;
    s->values[FEATURE_DUTY_FACTOR_DRIFT] = row->duty_factor_drift_pct_per_10min;
    s->values[FEATURE_HEEL_CONTACT_SHARE] = row->heel_contact_share;
    /* a forward axis its steps contradict gives the pitch with its sign reversed, one pointing
     * sideways gives the roll for it: not judged */
    int pitch_wrong = row->forward_axis_reversed || row->forward_axis_sideways;
    s->trunk_pitch_deg = pitch_wrong ? NAN : row->trunk_pitch_deg;
    s->trunk_pitch_above_standing_deg = pitch_wrong ? NAN : row->trunk_pitch_above_standing_deg;
    snprintf(s->trunk_pitch_axis, sizeof s->trunk_pitch_axis, "%s", row->trunk_pitch_axis);
    s->trunk_pitch_learnt = row->trunk_pitch_learnt;
    s->force_in_arbitrary_units = strcmp(row->force_unit, "N") != 0;
    s->running = strcmp(row->activity, "run") == 0;
}

/* Test hook: GAITBATCH_FAULT=findings:<text> makes the child writing the findings of a report
 * whose path contains <text> die of SIGSEGV with its copy begun, as libhdf5 can on a report
 * damaged on disk (tests/cli/run.sh: damaged byte by byte, reports no longer reach it since
 * read_table refuses tables larger than their storage). */
static void maybe_crash_writing(const char *report)
{
    const char *fault = getenv("GAITBATCH_FAULT");
    if (!fault || strncmp(fault, "findings:", 9) != 0 || !strstr(report, fault + 9)) return;
    char temporary[4200];
    snprintf(temporary, sizeof temporary, "%s.tmp-%ld", report, (long)getpid());
    FILE *copy = fopen(temporary, "wb");
    if (copy) fclose(copy);
    raise(SIGSEGV);
}

/* The findings of rows todo[first], todo[first + step], ... written into their reports by a
 * child process (its pid; -1 when none could be started). */
static pid_t write_share(const judge_rules *rules, const team_row *rows,
                         const judge_result *results, const int *todo, int count, int first,
                         int step)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    for (int i = first; i < count; i += step) {
        gb_error ignored = {0};
        maybe_crash_writing(rows[todo[i]].report);
        report_write_findings(rows[todo[i]].report, rules, &results[todo[i]], &ignored);
    }
    _exit(0);
}

/* Writes each session's findings into its report. Judging is quick and sequential; the writes (a
 * copy of each report, renamed over it) are made in child processes, shared among `jobs` when
 * there are many. A report damaged on disk can crash libhdf5 while it is copied (README, Known
 * limits): its child dies, leaving the copy (REPORT.tmp-PID), which is removed and the report
 * named; the report keeps its findings, and a new child takes the rest of that share. Only the
 * rows todo[0 .. count-1] are written. Returns how many reports were so named. */
static long write_findings(const judge_rules *rules, const team_row *rows,
                           const judge_result *results, const int *todo, int count, int jobs,
                           const gb_warner *warner)
{
    long unwritten = 0;
    if (jobs > count / 4) jobs = count / 4;
    if (jobs < 1) jobs = 1;
    if (jobs > 1024) jobs = 1024;
    pid_t pids[1024];
    int next[1024]; /* the first row of each share not yet known written */
    fflush(NULL);
    for (int w = 0; w < jobs; w++) {
        next[w] = w;
        pids[w] = write_share(rules, rows, results, todo, count, w, jobs);
    }
    for (int w = 0; w < jobs; w++)
        while (pids[w] != 0) {
            int status = 0;
            if (pids[w] < 0) { /* no process: this share is written here, unprotected */
                for (int i = next[w]; i < count; i += jobs) {
                    gb_error ignored = {0};
                    report_write_findings(rows[todo[i]].report, rules, &results[todo[i]], &ignored);
                }
                break;
            }
            while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR) {
            }
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) break;
            /* the row whose copy the child left is the one it died on */
            int died = -1;
            for (int i = next[w]; i < count && died < 0; i += jobs) {
                char temporary[4200];
                snprintf(temporary, sizeof temporary, "%s.tmp-%ld", rows[todo[i]].report,
                         (long)pids[w]);
                if (unlink(temporary) == 0) died = i;
            }
            if (died < 0) break; /* not in the middle of a copy: nothing more to learn */
            gb_warn(warner,
                    "%s: its findings could not be written: reading it crashed HDF5 (signal %d), "
                    "so it is likely damaged; analyse its recording again with --force",
                    rows[todo[died]].report, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
            unwritten++;
            next[w] = died + jobs;
            pids[w] =
                next[w] < count ? write_share(rules, rows, results, todo, count, next[w], jobs) : 0;
        }
    return unwritten;
}

/* Judges one athlete's sessions (rows[0..count-1], sorted by session) in date order into
 * results[], and notes each session's levels in its row. */
static int judge_sessions(const judge_rules *rules, team_row *rows, int count,
                          judge_result *results, const gb_warner *warner)
{
    session_features *sessions = calloc((size_t)count, sizeof *sessions);
    log_day *log = calloc(4096, sizeof *log);
    if (!sessions || !log) {
        free(sessions);
        free(log);
        return GB_E_NOMEM;
    }
    /* the log sits beside the recordings; rows taken from team.h5 (a worker's history) carry no
     * input path, so the latest session that has one says where */
    int beside = count - 1;
    while (beside > 0 && !rows[beside].input_path[0])
        beside--;
    long logged =
        rows[beside].input_path[0] ? read_log(rows[beside].input_path, log, 4096, warner) : 0;
    for (int i = 0; i < count; i++) {
        features_of(&rows[i], &sessions[i]);
        if (logged) log_features(log, logged, &sessions[i]);
    }
    double flagged[CAUSE_COUNT];
    for (int c = 0; c < CAUSE_COUNT; c++)
        flagged[c] = NAN;
    for (int i = 0; i < count; i++) {
        judge_history_features(sessions, count, i);
        const judge_result *result = &results[i];
        judge_session(rules, sessions, i, flagged, &results[i]);
        for (int c = 0; c < CAUSE_COUNT; c++) {
            snprintf(rows[i].findings[c], sizeof rows[i].findings[c], "%s",
                     judge_level_name(result->causes[c].level));
            rows[i].escalated[c] = result->causes[c].escalated;
        }
        snprintf(rows[i].top_finding, sizeof rows[i].top_finding, "%s",
                 result->top_cause >= 0 ? judge_cause_name(result->top_cause) : "");
    }
    free(sessions);
    free(log);
    return 0;
}

/* The rows whose reports do not hold their findings as judged now, into todo; returns how many.
 * A worker's report holds those it judged (findings_sha256), which agree unless the batch held
 * earlier sessions of the athlete; the others' reports are opened to see (report_write_findings).
 */
static int stale_findings(const team_row *rows, const judge_result *results, int count, int *todo)
{
    int stale = 0;
    for (int i = 0; i < count; i++) {
        char digest[65];
        judge_result_digest(&results[i], digest);
        if (strcmp(digest, rows[i].findings_sha256) != 0) todo[stale++] = i;
    }
    return stale;
}

/* Judges one athlete's sessions and writes their findings; returns the reports whose findings
 * could not be written. */
static long judge_athlete(const judge_rules *rules, team_row *rows, int count, int jobs,
                          const gb_warner *warner, gb_error *err)
{
    long unwritten = 0;
    judge_result *results = calloc((size_t)count, sizeof *results);
    int *todo = calloc((size_t)count, sizeof *todo);
    if (!results || !todo || judge_sessions(rules, rows, count, results, warner) != 0) {
        gb_error_set(err, GB_E_NOMEM, "out of memory judging %s", rows[0].athlete);
    } else {
        int stale = stale_findings(rows, results, count, todo);
        if (stale > 0) unwritten = write_findings(rules, rows, results, todo, stale, jobs, warner);
    }
    free(todo);
    free(results);
    return unwritten;
}

/* The worker's side of the review (batch_private.h). The row goes back to the parent with the
 * outcome. With rules, the session is judged against the athlete's earlier sessions as the last
 * team summary knew them (batch_config.history) and the findings are written into the report
 * before it is renamed into place. The review after the batch judges again with every report;
 * when it agrees, which it does unless the batch holds earlier sessions of the same athlete, it
 * leaves the report alone instead of copying it to add them. */
void batch_prejudge(void *ctx, const char *temporary_path, const char *report_path)
{
    const publish_job *job = ctx;
    const batch_config *config = job->config;
    gb_error ignored = {0};
    team_row *row = &job->outcome->row;
    if (report_team_row(temporary_path, row, &ignored) != 0) return;
    /* zeroed first: the longer temporary path's tail (".tmp-<pid>") would stay behind the NUL in
     * team.h5's fixed-length field, where pandas reads it */
    memset(row->report, 0, sizeof row->report);
    snprintf(row->report, sizeof row->report, "%s", report_path);
    row->findings_sha256[0] = '\0';
    job->outcome->has_row = 1;
    if (!config->rules) return;
    long count = 0;
    team_row *rows = calloc((size_t)config->history_count + 1, sizeof *rows);
    judge_result *results = calloc((size_t)config->history_count + 1, sizeof *results);
    if (!rows || !results) goto done;
    for (long i = 0; i < config->history_count; i++) {
        const team_row *h = &config->history[i];
        if (strcmp(h->athlete, row->athlete) == 0 && strcmp(h->report, report_path) != 0)
            rows[count++] = *h;
    }
    rows[count++] = *row;
    qsort(rows, (size_t)count, sizeof *rows, report_team_row_order);
    /* the log's problems are the review's to report, once per athlete */
    if (judge_sessions(config->rules, rows, (int)count, results, NULL) != 0) goto done;
    for (long i = 0; i < count; i++)
        if (strcmp(rows[i].report, report_path) == 0 &&
            report_add_findings(temporary_path, config->rules, &results[i], &ignored) == 0)
            judge_result_digest(&results[i], row->findings_sha256);
done:
    free(rows);
    free(results);
}

static int compare_report_paths(const void *a, const void *b)
{
    return strcmp(((const team_row *)a)->report, ((const team_row *)b)->report);
}

static int compare_path_to_row(const void *path, const void *row)
{
    return strcmp(path, ((const team_row *)row)->report);
}

/* Sorted by report path, for bsearch; NULL when there are none (or no memory: then every report
 * is read). */
static team_row *by_report_path(const batch_rows *rows)
{
    team_row *sorted = rows && rows->count ? malloc((size_t)rows->count * sizeof *sorted) : NULL;
    if (!sorted) return NULL;
    memcpy(sorted, rows->rows, (size_t)rows->count * sizeof *sorted);
    qsort(sorted, (size_t)rows->count, sizeof *sorted, compare_report_paths);
    return sorted;
}

/* The last summary's row of a report that has not changed since (same size and modification
 * time), or NULL. */
static const team_row *unchanged_row(const char *report, const team_row *last, long last_count)
{
    const team_row *row =
        last ? bsearch(report, last, (size_t)last_count, sizeof *last, compare_path_to_row) : NULL;
    if (!row) return NULL;
    int64_t bytes, mtime_ns;
    file_stamp(report, &bytes, &mtime_ns);
    /* a file system that keeps whole seconds only could hide a rewrite within the second */
    int fine_times = mtime_ns % 1000000000 != 0;
    return fine_times && row->report_bytes == bytes && row->report_mtime_ns == mtime_ns ? row
                                                                                        : NULL;
}

/* An athlete's sessions need judging again unless each came unchanged from the last summary,
 * none was removed since, and the athlete's log is as it was. */
static int athlete_unchanged(const team_row *rows, long count, const batch_rows *last)
{
    for (long i = 0; i < count; i++)
        if (!rows[i].unchanged) return 0;
    long before = 0;
    for (long i = 0; i < last->count; i++)
        before += strcmp(last->rows[i].athlete, rows[0].athlete) == 0;
    return before == count && log_mtime_ns(&rows[count - 1]) == rows[count - 1].log_mtime_ns;
}

int batch_team_summary(const char *const *folders, int folder_count, const char *output_dir,
                       const judge_rules *rules, int jobs, const char *software_version,
                       long long created_unix, const batch_rows *known, const batch_rows *last,
                       batch_summary_counts *counts, const gb_warner *warner, gb_error *err)
{
    batch_list reports = {0};
    int rc = 0;
    memset(counts, 0, sizeof *counts);
    long *sessions = &counts->sessions, *unreadable = &counts->unreadable;
    for (int i = 0; i < folder_count && rc == 0; i++)
        rc = batch_walk_files(folders[i], 0, visit_report, &reports, err);
    team_row *rows = rc == 0 ? calloc((size_t)reports.count + 1, sizeof *rows) : NULL;
    if (rc == 0 && !rows) rc = gb_error_set(err, GB_E_NOMEM, "out of memory for the team summary");
    /* the workers' rows, and the last summary's rows of reports unchanged since, stand in for
     * reading those reports again (both sorted by report path) */
    team_row *made = by_report_path(known), *before = by_report_path(last);
    long made_count = known && made ? known->count : 0;
    long before_count = last && before ? last->count : 0;
    for (long i = 0; rc == 0 && i < reports.count; i++) {
        gb_error ignored = {0};
        const team_row *row = made ? bsearch(reports.paths[i], made, (size_t)made_count,
                                             sizeof *made, compare_path_to_row)
                                   : NULL;
        const team_row *kept = row ? NULL : unchanged_row(reports.paths[i], before, before_count);
        if (row || kept) {
            rows[*sessions] = row ? *row : *kept;
            rows[(*sessions)++].unchanged = kept != NULL;
        } else if (report_team_row(reports.paths[i], &rows[*sessions], &ignored) == 0) {
            (*sessions)++;
        } else {
            (*unreadable)++;
        }
    }
    free(made);
    free(before);
    if (rc == 0 && *sessions > 1)
        qsort(rows, (size_t)*sessions, sizeof *rows, report_team_row_order);
    for (long start = 0; rc == 0 && start < *sessions;) {
        long end = start + 1;
        while (end < *sessions && strcmp(rows[end].athlete, rows[start].athlete) == 0)
            end++;
        /* the findings of an athlete with nothing new are those the last summary wrote */
        if (!last || !athlete_unchanged(rows + start, end - start, last))
            counts->unwritten +=
                judge_athlete(rules, rows + start, (int)(end - start), jobs, warner, err);
        start = end;
    }
    /* the reports as they are now, findings written: what the next run compares with */
    for (long i = 0; rc == 0 && i < *sessions; i++) {
        file_stamp(rows[i].report, &rows[i].report_bytes, &rows[i].report_mtime_ns);
        rows[i].log_mtime_ns = log_mtime_ns(&rows[i]);
    }
    /* the recordings this run left without a report, or a merge's shards */
    const not_analysed_row *left = known ? known->not_analysed : NULL;
    long left_count = known ? known->not_analysed_count : 0;
    counts->not_analysed = left_count;
    char path[4200];
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/team.h5", output_dir);
        char rules_sha[65];
        batch_rules_checksum(rules, rules_sha);
        rc = report_write_team(path, rows, *sessions, left, left_count, software_version, rules_sha,
                               created_unix, err);
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/index.html", output_dir);
        rc = dashboard_write(path, rows, *sessions, left, left_count, software_version,
                             created_unix, err);
    }
    free(rows);
    batch_list_free(&reports);
    return rc;
}
