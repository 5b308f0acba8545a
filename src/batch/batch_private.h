/* Shared by batch.c (running recordings) and review.c (the team review after them). */
#ifndef GB_BATCH_PRIVATE_H
#define GB_BATCH_PRIVATE_H

#include "batch.h"

int batch_list_add(batch_list *list, const char *path, gb_error *err);

/* Calls visit for every file under folder: sorted by name, depth first, hidden entries skipped, so
 * every caller sees the same order on every machine. */
typedef int (*visit_fn)(void *ctx, const char *path, const char *name, int depth, gb_error *err);
int batch_walk_files(const char *folder, int depth, visit_fn visit, void *ctx, gb_error *err);

/* report_meta.before_publish in workers (ctx: a publish_job): makes the finished report's team
 * row and, with the batch's rules, judges the session and writes its findings before the rename. */
typedef struct publish_job {
    const batch_config *config;
    batch_outcome *outcome;
} publish_job;

/* One more row of rows->not_analysed, zeroed; NULL when out of memory. */
not_analysed_row *batch_add_not_analysed(batch_rows *rows);
/* rows->not_analysed sorted by input, as team.h5 and the page list them. */
void batch_sort_not_analysed(batch_rows *rows);

void batch_prejudge(void *ctx, const char *temporary_path, const char *report_path);

#endif
