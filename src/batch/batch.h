/* batch: many recordings. Finds the recordings among files and folders (recursively, in sorted
 * order), names each report by mirroring the input path under the output folder, and runs analysis
 * on each; a recording that fails is reported and the batch goes on. */
#ifndef GB_BATCH_H
#define GB_BATCH_H

#include "../analysis/analysis.h"
#include "../judge/judge.h"
#include "../report/report.h"

typedef struct batch_list {
    char **paths;
    long count, capacity;
    /* text files found in folders with no map applying to them: their paths (sorted), which
     * team.h5 and the coaches' page name as not analysed */
    char **without_map;
    long skipped_without_map, without_map_capacity;
    long skipped_converted; /* Axivity .cwa files beside the omconvert WAV made from them */
    long skipped_packed;    /* .gz and .zip files: gaitbatch reads them unpacked */
} batch_list;

typedef struct batch_config {
    const char *output_dir;
    const char *const *excludes; /* fnmatch patterns on the file name; NULL-terminated or NULL */
    analysis_config analysis;
    int jobs;  /* worker processes at once (>= 1) */
    int force; /* redo reports that are current */
    /* leave a recording whose files changed less than this long ago (s) for the next run: an
     * upload still arriving (0: none is left) */
    double settle_s;
    /* With rules, each worker judges its report before renaming it into place (batch_prejudge),
     * against these rows of the last team summary (NULL, 0 for none). */
    const judge_rules *rules;
    const team_row *history;
    long history_count;
} batch_config;

enum batch_status { BATCH_DONE, BATCH_SKIPPED, BATCH_FAILED, BATCH_WAITING };

/* What a worker sends back for one recording. */
typedef struct batch_outcome {
    int status;
    double seconds;
    double quiet_s; /* BATCH_WAITING: how long ago its files last changed (s) */
    analysis_result result;
    gb_error error;
    char warnings[2048]; /* the worker's warnings, one per line, for the parent to print */
    int has_row;         /* a report was written: its team-summary row, made by the worker */
    team_row row;
} batch_outcome;

/* The team rows the workers made of the reports they wrote: the review after the batch then opens
 * only the other reports to read theirs. And the recordings left without a report (failed or
 * waiting), sorted by input once the batch is over, for team.h5 and the coaches' page. */
typedef struct batch_rows {
    team_row *rows;
    long count, capacity;
    not_analysed_row *not_analysed;
    long not_analysed_count, not_analysed_capacity;
} batch_rows;

void batch_rows_free(batch_rows *rows);

/* One recording finished (index of total): the caller (cli) reports it. */
typedef void (*batch_progress_fn)(void *ctx, long index, long total, const char *input,
                                  const char *report, const batch_outcome *outcome);

typedef struct batch_totals {
    long succeeded, skipped, failed, waiting;
} batch_totals;

int batch_collect(const char *const *inputs, int input_count, const batch_config *config,
                  batch_list *list, gb_error *err);
void batch_list_free(batch_list *list);
/* Keeps the recordings of shard `index` (0-based) of `count`: every count-th of the sorted list, so
 * the split is the same on every node of a job array. Inputs that would share a report stay in
 * the shard of the first of them. */
void batch_select_shard(const batch_config *config, batch_list *list, long index, long count);
/* OUTDIR/<input path without leading / ./ ../, extension replaced by .h5> */
int batch_report_path(const char *output_dir, const char *input, char *out, size_t size);
/* Creates a folder and its parents. */
int batch_make_dirs(const char *path, gb_error *err);
/* rows (NULL for none) collects the rows of the reports written and the recordings left without
 * one. */
int batch_run(const batch_config *config, const batch_list *list, batch_progress_fn progress,
              void *ctx, batch_totals *totals, batch_rows *rows, gb_error *err);

/* Team review: every report found under the folders (recursively; team.h5 itself left out) is
 * judged against the same athlete's earlier sessions (by session date) and the athlete's log
 * (athlete-log.csv beside the recording), its /findings replaced; then it becomes a row of
 * OUTDIR/team.h5 and of the coaches' page OUTDIR/index.html. Reports that cannot be read are
 * counted in counts->unreadable and left out. known (NULL for none): rows already made of some
 * reports (batch_run's), used instead of reading those reports again. last (NULL for none): the
 * rows of the last team.h5, made by this version with these rules; the row of a report unchanged
 * since (same size and modification time) is taken from there, and an athlete whose sessions and
 * log are all unchanged keeps its findings without being judged again. known's not_analysed (the
 * run's recordings left without a report, or for merge the shards') go into team.h5 and onto
 * the page. */
typedef struct batch_summary_counts {
    long sessions;   /* rows of team.h5 */
    long unreadable; /* reports that could not be read: left out */
    long unwritten;  /* reports whose findings could not be written (damaged: named in warnings) */
    long not_analysed; /* recordings named as left without a report */
} batch_summary_counts;

int batch_team_summary(const char *const *folders, int folder_count, const char *output_dir,
                       const judge_rules *rules, int jobs, const char *software_version,
                       long long created_unix, const batch_rows *known, const batch_rows *last,
                       batch_summary_counts *counts, const gb_warner *warner, gb_error *err);
/* A shard of a job array (shard counts from 0) writes no team summary: it keeps the recordings it
 * left without a report (left's not_analysed; NULL for none) in OUTDIR/.gaitbatch-left-K-of-N.h5
 * for merge, replacing its last list; the lists of a job array of another size go. */
int batch_save_shard_left(const char *output_dir, long shard, long shards, const batch_rows *left,
                          long long created_unix, gb_error *err);
/* A run over the whole list makes its own list in team.h5: the shards' lists in OUTDIR go. */
void batch_forget_shard_left(const char *output_dir);
/* For merge: the shards' lists in each folder (its top level), or where it holds none, the list in
 * its team.h5, appended to rows->not_analysed, sorted by input, each recording once. Returns the
 * number of shard lists read, or a negative gb_code (out of memory). A list that cannot be read is
 * warned about and left out. */
long batch_load_shard_left(const char *const *folders, int folder_count, batch_rows *rows,
                           const gb_warner *warner, gb_error *err);
/* SHA-256 of a rules table, stored in team.h5 so a rerun knows whether the findings still hold. */
void batch_rules_checksum(const judge_rules *rules, char hex[65]);

/* An exclusive lock (flock on OUTDIR/<name>, normally .gaitbatch.lock, or a POSIX record lock
 * where the file system has no flock), so two runs never work on one folder at once; shards of a
 * job array lock their own name. With wait, blocks until the other run ends; otherwise fails at
 * once. On a file system that locks neither way the run goes ahead unlocked, with a warning.
 * Returns the lock's file descriptor (kept open for the run) or a negative gb_code. */
int batch_lock(const char *output_dir, const char *name, int wait, const gb_warner *warner,
               gb_error *err);
/* Under the lock: removes temporary report files a killed run left behind; returns their count. */
long batch_remove_stale(const char *output_dir);

#endif
