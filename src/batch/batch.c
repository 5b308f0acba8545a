#include "batch.h"
#include "batch_private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int add_path(char ***paths, long *count, long *capacity, const char *path, gb_error *err)
{
    if (*count == *capacity) {
        long grown = *capacity ? 2 * *capacity : 64;
        char **more = realloc(*paths, (size_t)grown * sizeof *more);
        if (!more) return gb_error_set(err, GB_E_NOMEM, "out of memory listing inputs");
        *paths = more;
        *capacity = grown;
    }
    (*paths)[*count] = strdup(path);
    if (!(*paths)[*count]) return gb_error_set(err, GB_E_NOMEM, "out of memory");
    ++*count;
    return 0;
}

int batch_list_add(batch_list *list, const char *path, gb_error *err)
{
    return add_path(&list->paths, &list->count, &list->capacity, path, err);
}

static int excluded(const batch_config *config, const char *name)
{
    for (const char *const *p = config->excludes; p && *p; p++)
        if (fnmatch(*p, name, 0) == 0) return 1;
    return 0;
}

static int exists_with_extension(const char *path, const char *extension)
{
    char other[1100];
    int stem = recording_stem_length(path);
    if (path[stem] != '.') return 0;
    snprintf(other, sizeof other, "%.*s.%s", stem, path, extension);
    return access(other, F_OK) == 0;
}

/* A file met while walking a folder: is it a recording of its own? 1 yes, 0 no, or a negative
 * gb_code (out of memory keeping its name). */
static int wanted_in_folder(const batch_config *config, const char *path, batch_list *list,
                            gb_error *err)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (name[0] == '.' || excluded(config, name)) return 0;
    if (!recording_is_candidate(path)) {
        list->skipped_packed += recording_is_packed_name(path);
        return 0;
    }
    if (strcmp(name, "athlete-log.csv") == 0)
        return 0; /* the athlete's own log, read by the judge */
    if (exists_with_extension(path, "hea") && !strstr(name, ".hea"))
        return 0; /* WFDB signal file */
    char kind[16];
    recording_kind_extension(name, kind, sizeof kind);
    if (strcmp(kind, "cwa") == 0 &&
        (exists_with_extension(path, "wav") || exists_with_extension(path, "WAV"))) {
        /* an Axivity's own file beside the WAV omconvert made from it: the WAV is read, as it was
         * before .cwa files were (0.15.0), so its reports stay current */
        list->skipped_converted++;
        return 0;
    }
    if (recording_is_plain_text(path) && !config->analysis.map_path) {
        channel_map map;
        gb_error ignored = {0};
        if (channel_map_find(path, NULL, &map, NULL, &ignored) == 0) {
            int rc = add_path(&list->without_map, &list->skipped_without_map,
                              &list->without_map_capacity, path, err);
            return rc < 0 ? rc : 0;
        }
    }
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int batch_walk_files(const char *folder, int depth, visit_fn visit, void *ctx, gb_error *err)
{
    if (depth > 64) return gb_error_set(err, GB_E_IO, "%s: folders nested too deep", folder);
    DIR *dir = opendir(folder);
    if (!dir) return gb_error_set(err, GB_E_IO, "%s: cannot list: %s", folder, strerror(errno));
    batch_list names = {0};
    struct dirent *entry;
    int rc = 0;
    while (rc == 0 && (entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.') rc = batch_list_add(&names, entry->d_name, err);
    closedir(dir);
    if (names.count) qsort(names.paths, (size_t)names.count, sizeof *names.paths, compare_names);
    for (long i = 0; i < names.count && rc == 0; i++) {
        char path[4096];
        int length = snprintf(path, sizeof path, "%s/%s", folder, names.paths[i]);
        if (length < 0 || (size_t)length >= sizeof path) {
            rc = gb_error_set(err, GB_E_IO, "%s/%s: path too long", folder, names.paths[i]);
            break;
        }
        struct stat st; /* pipes, devices and sockets in a folder are no recordings: left out */
        if (stat(path, &st) != 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) continue;
        rc = S_ISDIR(st.st_mode) ? batch_walk_files(path, depth + 1, visit, ctx, err)
                                 : visit(ctx, path, names.paths[i], depth, err);
    }
    batch_list_free(&names);
    return rc;
}

typedef struct input_walk {
    const batch_config *config;
    batch_list *list;
} input_walk;

static int visit_input(void *ctx, const char *path, const char *name, int depth, gb_error *err)
{
    (void)name, (void)depth;
    input_walk *w = ctx;
    int wanted = wanted_in_folder(w->config, path, w->list, err);
    return wanted > 0 ? batch_list_add(w->list, path, err) : wanted;
}

int batch_collect(const char *const *inputs, int input_count, const batch_config *config,
                  batch_list *list, gb_error *err)
{
    memset(list, 0, sizeof *list);
    for (int i = 0; i < input_count; i++) {
        struct stat st;
        char path[4096];
        snprintf(path, sizeof path, "%s", inputs[i]);
        size_t len = strlen(path);
        while (len > 1 && path[len - 1] == '/')
            path[--len] = '\0';
        if (stat(path, &st) != 0)
            return gb_error_set(err, GB_E_IO, "%s: no such file or folder", inputs[i]);
        input_walk w = {config, list};
        int rc = S_ISDIR(st.st_mode) ? batch_walk_files(path, 0, visit_input, &w, err)
                                     : batch_list_add(list, path, err);
        if (rc) return rc;
    }
    return 0;
}

void batch_list_free(batch_list *list)
{
    for (long i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    for (long i = 0; i < list->skipped_without_map; i++)
        free(list->without_map[i]);
    free(list->without_map);
    memset(list, 0, sizeof *list);
}

static long *find_shared_reports(const batch_config *config, const batch_list *list);

void batch_select_shard(const batch_config *config, batch_list *list, long index, long count)
{
    /* inputs sharing a report go with the first of them, so that one shard sees them all */
    long *shared = find_shared_reports(config, list);
    long kept = 0;
    for (long i = 0; i < list->count; i++) {
        long leader = shared && shared[i] >= 0 ? shared[i] : i;
        if (leader % count == index)
            list->paths[kept++] = list->paths[i];
        else
            free(list->paths[i]);
    }
    list->count = kept;
    free(shared);
}

int batch_report_path(const char *output_dir, const char *input, char *out, size_t size)
{
    const char *p = input;
    for (;;) {
        if (*p == '/')
            p++;
        else if (strncmp(p, "./", 2) == 0)
            p += 2;
        else if (strncmp(p, "../", 3) == 0)
            p += 3;
        else
            break;
    }
    int n = snprintf(out, size, "%s/%.*s.h5", output_dir, recording_stem_length(p), p);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int batch_make_dirs(const char *path, gb_error *err)
{
    char partial[4096];
    snprintf(partial, sizeof partial, "%s", path);
    for (char *p = partial + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(partial, 0777) == 0)
                gb_sync_directory_of(partial); /* else a power cut could lose it, reports and all */
            else if (errno != EEXIST)
                return gb_error_set(err, GB_E_IO, "%s: cannot create folder: %s", partial,
                                    strerror(errno));
            *p = saved;
            if (!saved) break;
        }
    }
    return 0;
}

static int run_one(const batch_config *config, const char *input, const char *report,
                   batch_outcome *outcome)
{
    char folder[4096];
    snprintf(folder, sizeof folder, "%s", report);
    char *slash = strrchr(folder, '/');
    if (slash) *slash = '\0';
    int rc = batch_make_dirs(folder, &outcome->error);
    if (rc) return rc;
    if (!config->force && analysis_report_is_current(&config->analysis, input, report)) {
        outcome->status = BATCH_SKIPPED;
        return 0;
    }
    if (config->settle_s > 0) {
        /* NAN (no file of it readable) goes on to be analysed, which says what is wrong */
        double quiet_s = analysis_input_quiet_s(&config->analysis, input);
        if (quiet_s < config->settle_s) {
            outcome->status = BATCH_WAITING;
            outcome->quiet_s = quiet_s;
            return 0;
        }
    }
    analysis_config analysis = config->analysis;
    publish_job job = {config, outcome};
    analysis.before_publish = batch_prejudge;
    analysis.publish_ctx = &job;
    return analysis_run(&analysis, input, report, &outcome->result, &outcome->error);
}

/* Test hook: GAITBATCH_FAULT=crash:<text> makes the worker for an input containing <text> die of
 * SIGSEGV, as a library crashing on a corrupt file would (tests/cli/run.sh uses it). */
static void maybe_inject_fault(const char *input)
{
    const char *fault = getenv("GAITBATCH_FAULT");
    if (fault && strncmp(fault, "crash:", 6) == 0 && strstr(input, fault + 6)) raise(SIGSEGV);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void collect_warning(void *ctx, const char *message)
{
    batch_outcome *outcome = ctx;
    size_t used = strlen(outcome->warnings);
    snprintf(outcome->warnings + used, sizeof outcome->warnings - used, "%s\n", message);
}

static int write_all(int fd, const void *data, size_t size)
{
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        size -= (size_t)n;
    }
    return 0;
}

/* A worker process: reads job indices until its job pipe closes; for each, analyses the recording
 * and writes the whole outcome back. It ends with _exit: no stdio flush, none of the parent's
 * atexit handlers. Warnings travel with the outcome, so output never interleaves. */
static void worker_loop(const batch_config *config, const batch_list *list, int job_fd,
                        int result_fd)
{
    batch_outcome *outcome = malloc(sizeof *outcome);
    if (!outcome) _exit(3);
    batch_config own = *config;
    own.analysis.warner = (gb_warner){collect_warning, outcome};
    long index;
    while (read(job_fd, &index, sizeof index) == (ssize_t)sizeof index) {
        memset(outcome, 0, sizeof *outcome);
        const char *input = list->paths[index];
        char report[4096];
        double start = now_s();
        maybe_inject_fault(input);
        if (batch_report_path(config->output_dir, input, report, sizeof report) != 0)
            gb_error_set(&outcome->error, GB_E_ARG, "%s: report path too long", input);
        else if (run_one(&own, input, report, outcome) != 0)
            outcome->status = BATCH_FAILED;
        if (outcome->error.code) outcome->status = BATCH_FAILED;
        outcome->seconds = now_s() - start;
        if (write_all(result_fd, outcome, sizeof *outcome) != 0) _exit(4);
    }
    _exit(0);
}

typedef struct slot {
    pid_t pid;
    int job_fd, result_fd; /* parent's ends */
    long index;            /* recording in progress, -1 when idle */
    size_t received;
    char report[4096];
    batch_outcome outcome;
} slot;

static int spawn_worker(const batch_config *config, const batch_list *list, slot *slots, int count,
                        int k, gb_error *err)
{
    int jobs[2], results[2];
    if (pipe(jobs) != 0)
        return gb_error_set(err, GB_E_IO, "cannot create a pipe: %s", strerror(errno));
    if (pipe(results) != 0) {
        close(jobs[0]);
        close(jobs[1]);
        return gb_error_set(err, GB_E_IO, "cannot create a pipe: %s", strerror(errno));
    }
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(jobs[0]), close(jobs[1]), close(results[0]), close(results[1]);
        return gb_error_set(err, GB_E_IO, "cannot start a worker: %s", strerror(errno));
    }
    if (pid == 0) {
        /* a copy of another worker's pipe ends here would hide that worker's exit from the parent
         */
        for (int other = 0; other < count; other++)
            if (other != k && slots[other].pid > 0)
                close(slots[other].job_fd), close(slots[other].result_fd);
        close(jobs[1]);
        close(results[0]);
        signal(SIGPIPE, SIG_DFL);
        worker_loop(config, list, jobs[0], results[1]);
    }
    close(jobs[0]);
    close(results[1]);
    slots[k] = (slot){.pid = pid, .job_fd = jobs[1], .result_fd = results[0], .index = -1};
    return 0;
}

static int assign(const batch_config *config, slot *s, const batch_list *list, long index)
{
    s->index = index;
    s->received = 0;
    memset(&s->outcome, 0, sizeof s->outcome);
    if (batch_report_path(config->output_dir, list->paths[index], s->report, sizeof s->report) != 0)
        s->report[0] = '\0';
    return write_all(s->job_fd, &index, sizeof index);
}

/* A worker's result pipe closed: it died (or could not start the job). Reap it and describe how. */
static void bury_worker(slot *s, const char *input)
{
    int status = 0;
    while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR) {
    }
    close(s->job_fd);
    close(s->result_fd);
    s->pid = 0;
    if (s->index < 0) return;
    memset(&s->outcome, 0, sizeof s->outcome);
    s->outcome.status = BATCH_FAILED;
    if (WIFSIGNALED(status))
        gb_error_set(
            &s->outcome.error, GB_E_IO,
            "%s: the worker analysing it died of signal %d (%s); the other recordings go on", input,
            WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        gb_error_set(
            &s->outcome.error, GB_E_IO,
            "%s: the worker analysing it exited with status %d; the other recordings go on", input,
            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    char temporary[4200];
    snprintf(temporary, sizeof temporary, "%s.tmp-%ld", s->report, (long)s->pid);
    unlink(temporary); /* what the dead worker may have left */
}

static void count(batch_totals *totals, const batch_outcome *o)
{
    if (o->status == BATCH_FAILED)
        totals->failed++;
    else if (o->status == BATCH_SKIPPED)
        totals->skipped++;
    else if (o->status == BATCH_WAITING)
        totals->waiting++;
    else
        totals->succeeded++;
}

void batch_rows_free(batch_rows *rows)
{
    free(rows->rows);
    free(rows->not_analysed);
    memset(rows, 0, sizeof *rows);
}

/* A recording that failed, or waits under --settle, for team.h5 and the coaches' page: the input,
 * and the error without the input's name in front (the page shows it beside). */
static void keep_not_analysed(batch_rows *rows, const batch_config *config, const char *input,
                              const batch_outcome *o)
{
    if (!rows || (o->status != BATCH_FAILED && o->status != BATCH_WAITING)) return;
    not_analysed_row *row = batch_add_not_analysed(rows);
    if (!row) return; /* out of memory: the run's output and log still name it */
    snprintf(row->input, sizeof row->input, "%s", input);
    if (o->status == BATCH_WAITING) {
        snprintf(row->status, sizeof row->status, "waiting");
        /* no time since the change: the same upload waiting again leaves the page as it is */
        snprintf(row->reason, sizeof row->reason,
                 "still arriving: its files changed within %g s of the run (--settle); the next "
                 "run analyses it",
                 config->settle_s);
        return;
    }
    snprintf(row->status, sizeof row->status, "failed");
    const char *message = o->error.message;
    size_t named = strlen(input);
    if (strncmp(message, input, named) == 0 && strncmp(message + named, ": ", 2) == 0)
        message += named + 2;
    snprintf(row->reason, sizeof row->reason, "%s", message);
}

not_analysed_row *batch_add_not_analysed(batch_rows *rows)
{
    if (rows->not_analysed_count == rows->not_analysed_capacity) {
        long capacity = rows->not_analysed_capacity ? 2 * rows->not_analysed_capacity : 16;
        not_analysed_row *grown = realloc(rows->not_analysed, (size_t)capacity * sizeof *grown);
        if (!grown) return NULL;
        rows->not_analysed = grown;
        rows->not_analysed_capacity = capacity;
    }
    return memset(&rows->not_analysed[rows->not_analysed_count++], 0, sizeof(not_analysed_row));
}

/* Sorted by folder, then by name: each folder's files side by side */
static int compare_by_folder(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t fx = (size_t)(strrchr(x, '/') - x), fy = (size_t)(strrchr(y, '/') - y);
    int c = strncmp(x, y, fx < fy ? fx : fy);
    if (c == 0 && fx != fy) c = fx < fy ? -1 : 1;
    return c ? c : strcmp(x, y);
}

/* One folder's text files passed over for want of a map (names[0..count), one folder): a row
 * naming the file, or for several the folder with the first few files' names. */
static void keep_folder_without_map(batch_rows *rows, char *const *names, long count)
{
    not_analysed_row *row = batch_add_not_analysed(rows);
    if (!row) return;
    snprintf(row->status, sizeof row->status, "no map");
    if (count == 1) {
        snprintf(row->input, sizeof row->input, "%s", names[0]);
        snprintf(row->reason, sizeof row->reason,
                 "a text file that no channel map applies to, so what its columns hold is not "
                 "known: if it is a recording, put a map beside it (<name>.json, or channels.json "
                 "for its folder; `gaitbatch inspect FILE` drafts one); if not, leave it out with "
                 "--exclude");
        return;
    }
    int folder = (int)(strrchr(names[0], '/') - names[0]);
    snprintf(row->input, sizeof row->input, "%.*s/", folder, names[0]);
    char some[512] = "";
    size_t used = 0;
    for (long i = 0; i < count && i < 3; i++)
        used += (size_t)snprintf(some + used, sizeof some - used, "%s%s", i ? ", " : "",
                                 names[i] + folder + 1);
    if (count > 3) snprintf(some + used, sizeof some - used, " and %ld more", count - 3);
    snprintf(row->reason, sizeof row->reason,
             "%ld text files (%s) that no channel map applies to, so what their columns hold is "
             "not known: if they are recordings, put channels.json in the folder (or <name>.json "
             "beside each; `gaitbatch inspect FILE` drafts one); if not, leave them out with "
             "--exclude",
             count, some);
}

/* The text files passed over for want of a map: recordings of unknown columns, or files of notes.
 * The page names them, a row per folder, so that the first kind is not missed (a note on stderr
 * alone was, under --quiet) and a folder of notes takes one line. */
static void keep_without_map(batch_rows *rows, const batch_list *list)
{
    long count = list->skipped_without_map;
    char **sorted = count ? malloc((size_t)count * sizeof *sorted) : NULL;
    if (!sorted) return; /* none, or out of memory: the note on stderr still counts them */
    memcpy(sorted, list->without_map, (size_t)count * sizeof *sorted);
    qsort(sorted, (size_t)count, sizeof *sorted, compare_by_folder);
    for (long start = 0, end; start < count; start = end) {
        size_t folder = (size_t)(strrchr(sorted[start], '/') - sorted[start]);
        for (end = start + 1; end < count; end++)
            if (strrchr(sorted[end], '/') - sorted[end] != (long)folder ||
                strncmp(sorted[end], sorted[start], folder) != 0)
                break;
        keep_folder_without_map(rows, sorted + start, end - start);
    }
    free(sorted);
}

static int compare_not_analysed(const void *a, const void *b)
{
    return strcmp(((const not_analysed_row *)a)->input, ((const not_analysed_row *)b)->input);
}

void batch_sort_not_analysed(batch_rows *rows)
{
    if (rows->not_analysed_count > 1)
        qsort(rows->not_analysed, (size_t)rows->not_analysed_count, sizeof *rows->not_analysed,
              compare_not_analysed);
}

static void keep_row(batch_rows *rows, const batch_outcome *o)
{
    if (!rows || !o->has_row || o->status != BATCH_DONE) return;
    if (rows->count == rows->capacity) {
        long capacity = rows->capacity ? 2 * rows->capacity : 64;
        team_row *grown = realloc(rows->rows, (size_t)capacity * sizeof *grown);
        if (!grown) return; /* the review reads this report itself */
        rows->rows = grown;
        rows->capacity = capacity;
    }
    rows->rows[rows->count++] = o->row;
}

/* Two inputs with one stem (run.flac, run.wav) would write one report: each later one is marked
 * with the index of the first (-1 for the others), and fails alone instead of overwriting it. */
typedef struct named_report {
    char *path;
    long index;
} named_report;

static int compare_named_reports(const void *a, const void *b)
{
    const named_report *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static long *find_shared_reports(const batch_config *config, const batch_list *list)
{
    long *first = malloc((size_t)(list->count + 1) * sizeof *first);
    named_report *named = calloc((size_t)list->count + 1, sizeof *named);
    int ok = first && named;
    for (long i = 0; ok && i < list->count; i++) {
        char report[4096];
        first[i] = -1;
        named[i].index = i;
        named[i].path =
            strdup(batch_report_path(config->output_dir, list->paths[i], report, sizeof report) == 0
                       ? report
                       : list->paths[i]);
        ok = named[i].path != NULL;
    }
    if (ok && list->count > 1) {
        qsort(named, (size_t)list->count, sizeof *named, compare_named_reports);
        for (long i = 1; i < list->count; i++)
            if (strcmp(named[i].path, named[i - 1].path) == 0)
                first[named[i].index] =
                    first[named[i - 1].index] >= 0 ? first[named[i - 1].index] : named[i - 1].index;
    }
    for (long i = 0; named && i < list->count; i++)
        free(named[i].path);
    free(named);
    if (!ok) free(first);
    return ok ? first : NULL;
}

static void fail_shared_report(const batch_config *config, const batch_list *list,
                               const long *first, long index, batch_progress_fn progress, void *ctx,
                               long done, batch_totals *totals, batch_rows *rows)
{
    char report[4096];
    if (batch_report_path(config->output_dir, list->paths[index], report, sizeof report) != 0)
        report[0] = '\0';
    batch_outcome *o = calloc(1, sizeof *o);
    if (!o) return;
    o->status = BATCH_FAILED;
    gb_error_set(&o->error, GB_E_ARG,
                 "%s: its report %s is also the report of %s (same name, another extension): "
                 "rename one of them; the first was analysed",
                 list->paths[index], report, list->paths[first[index]]);
    count(totals, o);
    keep_not_analysed(rows, config, list->paths[index], o);
    if (progress) progress(ctx, done, list->count, list->paths[index], report, o);
    free(o);
}

/* CPUs this process may run on (a Slurm job's or a taskset's, not the machine's). */
static int usable_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

int batch_run(const batch_config *requested, const batch_list *list, batch_progress_fn progress,
              void *ctx, batch_totals *totals, batch_rows *rows, gb_error *err)
{
    memset(totals, 0, sizeof *totals);
    int workers = requested->jobs < 1 ? 1 : requested->jobs;
    if (workers > list->count) workers = list->count > 0 ? (int)list->count : 1;
    /* threads per recording, unless asked: a second one only while workers leave a CPU idle */
    batch_config chosen = *requested;
    const batch_config *config = &chosen;
    if (chosen.analysis.threads == 0) chosen.analysis.threads = workers < usable_cpus() ? 2 : 1;
    slot *slots = calloc((size_t)workers, sizeof *slots);
    struct pollfd *polls = calloc((size_t)workers, sizeof *polls);
    long *shared = find_shared_reports(config, list);
    if (!slots || !polls || !shared) {
        free(slots);
        free(polls);
        free(shared);
        return gb_error_set(err, GB_E_NOMEM, "out of memory starting workers");
    }
    void (*previous_sigpipe)(int) = signal(SIGPIPE, SIG_IGN); /* a dead worker's pipe: EPIPE */
    report_library_init();                                    /* once here, not in each worker */
    long next = 0, done = 0;
    int rc = 0;
    for (int k = 0; k < workers && rc == 0; k++)
        rc = spawn_worker(config, list, slots, workers, k, err);
    while (rc == 0 && done < list->count) {
        for (int k = 0; k < workers; k++) {
            for (; shared && next < list->count && shared[next] >= 0; next++)
                fail_shared_report(config, list, shared, next, progress, ctx, ++done, totals, rows);
            if (slots[k].pid == 0 && next < list->count &&
                (rc = spawn_worker(config, list, slots, workers, k, err)) != 0)
                break;
            if (slots[k].pid > 0 && slots[k].index < 0 && next < list->count) {
                if (assign(config, &slots[k], list, next) != 0) slots[k].index = next; /* died */
                next++;
            }
        }
        if (rc || done == list->count) break;
        for (int k = 0; k < workers; k++)
            polls[k] = (struct pollfd){slots[k].pid > 0 ? slots[k].result_fd : -1, POLLIN, 0};
        if (poll(polls, (nfds_t)workers, -1) < 0) {
            if (errno == EINTR) continue;
            rc = gb_error_set(err, GB_E_IO, "waiting for workers failed: %s", strerror(errno));
            break;
        }
        for (int k = 0; k < workers; k++) {
            slot *s = &slots[k];
            if (s->pid <= 0 || !(polls[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = read(s->result_fd, (char *)&s->outcome + s->received,
                             sizeof s->outcome - s->received);
            if (n < 0 && errno == EINTR) continue;
            if (n > 0) s->received += (size_t)n;
            if (n > 0 && s->received < sizeof s->outcome) continue;
            long index = s->index;
            if (n <= 0) bury_worker(s, index >= 0 ? list->paths[index] : "?");
            if (index < 0) continue; /* an idle worker ended: replaced on the next round */
            count(totals, &s->outcome);
            keep_row(rows, &s->outcome);
            keep_not_analysed(rows, config, list->paths[index], &s->outcome);
            done++;
            if (progress)
                progress(ctx, done, list->count, list->paths[index], s->report, &s->outcome);
            s->index = -1;
        }
    }
    for (int k = 0; k < workers; k++) { /* no more jobs: each worker sees its pipe close and ends */
        if (slots[k].pid <= 0) continue;
        close(slots[k].job_fd);
        close(slots[k].result_fd);
        while (waitpid(slots[k].pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    signal(SIGPIPE, previous_sigpipe);
    if (rows) keep_without_map(rows, list);
    if (rows) batch_sort_not_analysed(rows); /* they came in the order workers finished */
    free(shared);
    free(slots);
    free(polls);
    return rc;
}

/* Whether another process holds a lock: a lock call's errno then */
static int held_elsewhere(int error)
{
    return error == EWOULDBLOCK || error == EAGAIN || error == EACCES;
}

/* An exclusive lock on fd: flock, or where the file system has none (NFS without its lock
 * daemon answers ENOLCK, Lustre mounted without flock ENOSYS) a POSIX record lock over the file.
 * 1 locked, 0 held by another run (not waiting), -1 the file system locks neither way (errno). */
static int take_lock(int fd, int wait)
{
    int rc;
    do
        rc = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
    while (rc != 0 && errno == EINTR);
    if (rc == 0) return 1;
    if (held_elsewhere(errno)) return 0;
    struct flock whole = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    do
        rc = fcntl(fd, wait ? F_SETLKW : F_SETLK, &whole);
    while (rc != 0 && errno == EINTR);
    if (rc == 0) return 1;
    return held_elsewhere(errno) ? 0 : -1;
}

int batch_lock(const char *output_dir, const char *name, int wait, const gb_warner *warner,
               gb_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", output_dir, name);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0)
        return gb_error_set(err, GB_E_IO, "%s: cannot open the lock file: %s", path,
                            strerror(errno));
    int locked = take_lock(fd, wait);
    if (locked < 0) {
        gb_warn(warner,
                "%s: its file system cannot lock files (%s): this run goes ahead, but nothing "
                "keeps another from working on the folder meanwhile, so start one at a time (a "
                "cron job: one per output folder)",
                output_dir, strerror(errno));
    } else if (!locked) {
        char holder[32] = "";
        ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
        holder[n > 0 ? n : 0] = '\0';
        holder[strcspn(holder, "\n")] = '\0';
        close(fd);
        return gb_error_set(err, GB_E_IO,
                            "%s: another gaitbatch run (pid %s) is working on this output folder; "
                            "wait for it, or pass --wait to queue behind it",
                            output_dir, holder[0] ? holder : "?");
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        /* the pid is only for the message above: the lock itself holds */
    }
    return fd;
}

static int visit_stale(void *ctx, const char *path, const char *name, int depth, gb_error *err)
{
    (void)depth, (void)err;
    if (strstr(name, ".h5.tmp-") || strstr(name, ".html.tmp-"))
        if (unlink(path) == 0) ++*(long *)ctx;
    return 0;
}

long batch_remove_stale(const char *output_dir)
{
    long removed = 0;
    gb_error ignored = {0};
    batch_walk_files(output_dir, 0, visit_stale, &removed, &ignored);
    return removed;
}
