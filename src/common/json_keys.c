#include "json_keys.h"

#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gb_json_warn_unknown_keys(json_t *object, const char *const *known, const char *where,
                               const char *source, const gb_warner *warner)
{
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value)
    {
        int found = 0;
        for (const char *const *k = known; *k; k++)
            found |= strcmp(*k, key) == 0;
        if (!found)
            gb_warn(warner, "%s: unknown key '%s' in %s ignored (typo?)", source, key, where);
    }
}

json_t *gb_json_load_file(const char *path, json_error_t *jerr)
{
    FILE *f = fopen(path, "rb");
    if (!f) return json_load_file(path, 0, jerr); /* says why in jerr */
    char mark[3];
    if (fread(mark, 1, 3, f) != 3 || memcmp(mark, GB_BYTE_ORDER_MARK, 3) != 0) rewind(f);
    json_t *root = json_loadf(f, 0, jerr);
    fclose(f);
    return root;
}

json_t *gb_json_string_lossy(const char *text, size_t length)
{
    json_t *string = json_stringn(text, length);
    if (string) return string;
    char *printable = strndup(text, length);
    if (!printable) return NULL;
    gb_printable_utf8(printable);
    string = json_string(printable);
    free(printable);
    return string;
}
