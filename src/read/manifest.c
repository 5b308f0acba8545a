#include "manifest.h"

#include "../common/text.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct manifest_entry {
    char path[PATH_MAX], athlete[64], session[64];
} manifest_entry;

struct manifest {
    manifest_entry *entries;
    long count;
};

/* Splits "a,b,c" in place into at most 3 trimmed cells. */
static int split3(char *line, char **cells)
{
    int n = 0;
    char *p = line;
    while (n < 3) {
        while (*p == ' ' || *p == '\t')
            p++;
        cells[n++] = p;
        char *comma = strchr(p, ',');
        char *end = comma ? comma : p + strlen(p);
        while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
            end--;
        if (!comma) {
            *end = '\0';
            break;
        }
        *end = '\0';
        p = comma + 1;
    }
    return n;
}

manifest *manifest_load(const char *path, gb_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        gb_error_set(err, GB_E_IO, "%s: cannot read the manifest: %s", path, strerror(errno));
        return NULL;
    }
    manifest *m = gb_calloc(1, sizeof *m, err);
    char folder[PATH_MAX] = ".", line[4096];
    const char *slash = strrchr(path, '/');
    if (slash) snprintf(folder, sizeof folder, "%.*s", (int)(slash - path), path);
    long capacity = 0, number = 0;
    int rc = m ? 0 : GB_E_NOMEM;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        number++;
        char *cells[3] = {NULL, NULL, NULL};
        char *text = number == 1 ? gb_past_byte_order_mark(line) : line;
        if (text[0] == '#' || text[strspn(text, " \t\r\n")] == '\0') continue;
        if (split3(text, cells) != 3) {
            rc = gb_error_set(err, GB_E_FORMAT, "%s: line %ld: expected path,athlete,session", path,
                              number);
            break;
        }
        if (number == 1 && strcmp(cells[0], "path") == 0) continue; /* the header */
        if (m->count == capacity) {
            capacity = capacity ? 2 * capacity : 64;
            manifest_entry *grown = realloc(m->entries, (size_t)capacity * sizeof *grown);
            if (!grown) {
                rc = gb_error_set(err, GB_E_NOMEM, "%s: out of memory", path);
                break;
            }
            m->entries = grown;
        }
        manifest_entry *e = &m->entries[m->count++];
        char joined[2 * PATH_MAX];
        snprintf(joined, sizeof joined, "%s%s%s", cells[0][0] == '/' ? "" : folder,
                 cells[0][0] == '/' ? "" : "/", cells[0]);
        if (!realpath(joined, e->path))
            snprintf(e->path, sizeof e->path, "%.*s", PATH_MAX - 1, joined);
        snprintf(e->athlete, sizeof e->athlete, "%s", cells[1]);
        snprintf(e->session, sizeof e->session, "%s", cells[2]);
    }
    fclose(f);
    if (rc != 0) {
        manifest_free(m);
        return NULL;
    }
    return m;
}

int manifest_lookup(const manifest *m, const char *recording_path, const char **athlete,
                    const char **session)
{
    char resolved[PATH_MAX];
    if (!m || !realpath(recording_path, resolved)) return 0;
    for (long i = 0; i < m->count; i++)
        if (strcmp(m->entries[i].path, resolved) == 0) {
            *athlete = m->entries[i].athlete;
            *session = m->entries[i].session;
            return 1;
        }
    return 0;
}

long manifest_count(const manifest *m)
{
    return m ? m->count : 0;
}

void manifest_free(manifest *m)
{
    if (!m) return;
    free(m->entries);
    free(m);
}
