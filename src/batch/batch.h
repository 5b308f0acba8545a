/* batch: many recordings. Finds the recordings among files and folders (recursively, in sorted
 * order), names each report by mirroring the input path under the output folder, and runs analysis
 * on each; a recording that fails is reported and the batch goes on. */
#ifndef GB_BATCH_H
#define GB_BATCH_H

#include "../analysis/analysis.h"

typedef struct batch_list {
    char **paths;
    long count, capacity;
    long skipped_without_map; /* text files found in folders with no map applying to them */
} batch_list;

typedef struct batch_config {
    const char *output_dir;
    const char *const *excludes; /* fnmatch patterns on the file name; NULL-terminated or NULL */
    analysis_config analysis;
} batch_config;

/* One recording done: the caller (cli) prints. err is set when it failed. */
typedef void (*batch_progress_fn)(void *ctx, const char *input, const char *report,
                                  const analysis_result *result, const gb_error *err);

typedef struct batch_totals {
    long succeeded, failed;
} batch_totals;

int batch_collect(const char *const *inputs, int input_count, const batch_config *config,
                  batch_list *list, gb_error *err);
void batch_list_free(batch_list *list);
/* OUTDIR/<input path without leading / ./ ../, extension replaced by .h5> */
int batch_report_path(const char *output_dir, const char *input, char *out, size_t size);
/* Creates a folder and its parents. */
int batch_make_dirs(const char *path, gb_error *err);
int batch_run(const batch_config *config, const batch_list *list, batch_progress_fn progress,
              void *ctx, batch_totals *totals);

#endif
