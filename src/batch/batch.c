#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int list_add(batch_list *list, const char *path, gb_error *err)
{
    if (list->count == list->capacity) {
        long capacity = list->capacity ? 2 * list->capacity : 64;
        char **paths = realloc(list->paths, (size_t)capacity * sizeof *paths);
        if (!paths) return gb_error_set(err, GB_E_NOMEM, "out of memory listing inputs");
        list->paths = paths;
        list->capacity = capacity;
    }
    list->paths[list->count] = strdup(path);
    if (!list->paths[list->count]) return gb_error_set(err, GB_E_NOMEM, "out of memory");
    list->count++;
    return 0;
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
    const char *dot = strrchr(path, '.');
    if (!dot) return 0;
    snprintf(other, sizeof other, "%.*s.%s", (int)(dot - path), path, extension);
    return access(other, F_OK) == 0;
}

/* A file met while walking a folder: is it a recording of its own? */
static int wanted_in_folder(const batch_config *config, const char *path, batch_list *list)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (name[0] == '.' || excluded(config, name) || !recording_is_candidate(path)) return 0;
    if (exists_with_extension(path, "hea") && !strstr(name, ".hea"))
        return 0; /* WFDB signal file */
    if (recording_is_text(path) && !config->analysis.map_path) {
        channel_map map;
        gb_error ignored = {0};
        if (channel_map_find(path, NULL, &map, NULL, &ignored) == 0) {
            list->skipped_without_map++;
            return 0;
        }
    }
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(const batch_config *config, const char *folder, batch_list *list, int depth,
                gb_error *err)
{
    if (depth > 64) return gb_error_set(err, GB_E_IO, "%s: folders nested too deep", folder);
    DIR *dir = opendir(folder);
    if (!dir) return gb_error_set(err, GB_E_IO, "%s: cannot list: %s", folder, strerror(errno));
    batch_list names = {0};
    struct dirent *entry;
    int rc = 0;
    while (rc == 0 && (entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.') rc = list_add(&names, entry->d_name, err);
    closedir(dir);
    if (names.count) qsort(names.paths, (size_t)names.count, sizeof *names.paths, compare_names);
    for (long i = 0; i < names.count && rc == 0; i++) {
        char path[4096];
        int length = snprintf(path, sizeof path, "%s/%s", folder, names.paths[i]);
        if (length < 0 || (size_t)length >= sizeof path) {
            rc = gb_error_set(err, GB_E_IO, "%s/%s: path too long", folder, names.paths[i]);
            break;
        }
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode))
            rc = walk(config, path, list, depth + 1, err);
        else if (wanted_in_folder(config, path, list))
            rc = list_add(list, path, err);
    }
    batch_list_free(&names);
    return rc;
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
        int rc = S_ISDIR(st.st_mode) ? walk(config, path, list, 0, err) : list_add(list, path, err);
        if (rc) return rc;
    }
    return 0;
}

void batch_list_free(batch_list *list)
{
    for (long i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    memset(list, 0, sizeof *list);
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
    const char *slash = strrchr(p, '/');
    const char *dot = strrchr(p, '.');
    int stem = dot && (!slash || dot > slash) ? (int)(dot - p) : (int)strlen(p);
    int n = snprintf(out, size, "%s/%.*s.h5", output_dir, stem, p);
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
            if (mkdir(partial, 0777) != 0 && errno != EEXIST)
                return gb_error_set(err, GB_E_IO, "%s: cannot create folder: %s", partial,
                                    strerror(errno));
            *p = saved;
            if (!saved) break;
        }
    }
    return 0;
}

static int run_one(const batch_config *config, const char *input, char *report, size_t size,
                   analysis_result *result, gb_error *err)
{
    if (batch_report_path(config->output_dir, input, report, size) != 0)
        return gb_error_set(err, GB_E_ARG, "%s: report path too long", input);
    char folder[4096];
    snprintf(folder, sizeof folder, "%s", report);
    char *slash = strrchr(folder, '/');
    if (slash) *slash = '\0';
    int rc = batch_make_dirs(folder, err);
    if (rc) return rc;
    return analysis_run(&config->analysis, input, report, result, err);
}

int batch_run(const batch_config *config, const batch_list *list, batch_progress_fn progress,
              void *ctx, batch_totals *totals)
{
    memset(totals, 0, sizeof *totals);
    analysis_result *result = malloc(sizeof *result);
    if (!result) return GB_E_NOMEM;
    for (long i = 0; i < list->count; i++) {
        gb_error err = {0};
        char report[4096];
        int rc = run_one(config, list->paths[i], report, sizeof report, result, &err);
        if (rc)
            totals->failed++;
        else
            totals->succeeded++;
        if (progress) progress(ctx, list->paths[i], report, result, rc ? &err : NULL);
    }
    free(result);
    return 0;
}
