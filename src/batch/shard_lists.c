/* The recordings the shards of a job array left without a report. A shard writes no team summary
 * (merge does, once all are done), so each keeps its list in its output folder, in a hidden file
 * .gaitbatch-left-K-of-N.h5 (team.h5's /not_analysed alone), for merge to put into team.h5 and
 * onto the coaches' page. A run over the whole list makes its own list; the shards' go then. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/version.h"
#include "batch_private.h"

/* K and N of a shard list's file name (with temporary, also of one being written); 0 when the
 * name is neither. */
static int shard_list_name(const char *name, int temporary, long *shard, long *shards)
{
    int end = -1;
    if (temporary)
        sscanf(name, ".gaitbatch-left-%ld-of-%ld.h5.tmp-%*d%n", shard, shards, &end);
    else
        sscanf(name, ".gaitbatch-left-%ld-of-%ld.h5%n", shard, shards, &end);
    return end > 0 && name[end] == '\0';
}

/* Removes from folder the shard lists of other job arrays than one of keep_shards shards, and the
 * half-written one a killed shard keep_shard of them left behind; keep_shards 0: every list, and
 * every half-written one. */
static void remove_shard_lists(const char *folder, long keep_shard, long keep_shards)
{
    DIR *dir = opendir(folder);
    if (!dir) return;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        long shard, shards;
        int list = shard_list_name(entry->d_name, 0, &shard, &shards);
        int stale = !list && shard_list_name(entry->d_name, 1, &shard, &shards) &&
                    (keep_shards == 0 || (shard == keep_shard + 1 && shards == keep_shards));
        if (!(list && shards != keep_shards) && !stale) continue;
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        unlink(path);
    }
    closedir(dir);
}

int batch_save_shard_left(const char *output_dir, long shard, long shards, const batch_rows *left,
                          long long created_unix, gb_error *err)
{
    /* a job array of another size before this one: its lists would name recordings twice */
    remove_shard_lists(output_dir, shard, shards);
    char path[4200];
    snprintf(path, sizeof path, "%s/.gaitbatch-left-%ld-of-%ld.h5", output_dir, shard + 1, shards);
    return report_write_not_analysed(path, left ? left->not_analysed : NULL,
                                     left ? left->not_analysed_count : 0, GAITBATCH_VERSION,
                                     created_unix, err);
}

void batch_forget_shard_left(const char *output_dir)
{
    remove_shard_lists(output_dir, -1, 0);
}

/* Appends the rows of one list file (a shard's, or a team.h5) to rows; -1 when it cannot be read,
 * or when out of memory (err says which). */
static int append_list(const char *path, batch_rows *rows, gb_error *err)
{
    not_analysed_row *read = NULL;
    long count = 0;
    if (report_read_not_analysed(path, &read, &count, err) != 0) {
        free(read); /* what a table that failed half way left */
        return -1;
    }
    for (long i = 0; i < count; i++) {
        not_analysed_row *row = batch_add_not_analysed(rows);
        if (!row) {
            free(read);
            gb_error_set(err, GB_E_NOMEM, "out of memory for the recordings not analysed");
            return -1;
        }
        *row = read[i];
    }
    free(read);
    return 0;
}

/* The shard lists of one folder, in name order (so each run reads them alike); -1 when out of
 * memory. Each that cannot be read is warned about and left out. */
static long append_folder_lists(const char *folder, batch_rows *rows, const gb_warner *warner,
                                gb_error *err)
{
    struct dirent **names = NULL;
    int n = scandir(folder, &names, NULL, alphasort);
    long lists = 0;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        long shard, shards;
        if (rc == 0 && shard_list_name(names[i]->d_name, 0, &shard, &shards)) {
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", folder, names[i]->d_name);
            gb_error unread = {0};
            if (append_list(path, rows, &unread) == 0)
                lists++;
            else if (unread.code == GB_E_NOMEM)
                rc = gb_error_set(err, GB_E_NOMEM, "%s", unread.message);
            else
                gb_warn(warner,
                        "%s: the list of recordings shard %ld of %ld left without a report "
                        "cannot be read (%s); they are not listed: run that shard again",
                        path, shard, shards, unread.message);
        }
        free(names[i]);
    }
    free(names);
    return rc != 0 ? rc : lists;
}

long batch_load_shard_left(const char *const *folders, int folder_count, batch_rows *rows,
                           const gb_warner *warner, gb_error *err)
{
    long lists = 0;
    for (int f = 0; f < folder_count; f++) {
        long found = append_folder_lists(folders[f], rows, warner, err);
        if (found < 0) return found;
        lists += found;
        char team[4200], version[32], created[32];
        snprintf(team, sizeof team, "%s/team.h5", folders[f]);
        gb_error ignored = {0};
        /* no shards here: the list the last run over the whole folder made, if any */
        if (found == 0 && report_is_team(team, version, created) == TEAM_SUMMARY &&
            append_list(team, rows, &ignored) != 0 && ignored.code == GB_E_NOMEM)
            return gb_error_set(err, GB_E_NOMEM, "%s", ignored.message);
    }
    batch_sort_not_analysed(rows);
    /* one recording in two folders' lists (two runs over it): named once */
    long kept = 0;
    for (long i = 0; i < rows->not_analysed_count; i++)
        if (kept == 0 || strcmp(rows->not_analysed[i].input, rows->not_analysed[kept - 1].input))
            rows->not_analysed[kept++] = rows->not_analysed[i];
    rows->not_analysed_count = kept;
    return lists;
}
