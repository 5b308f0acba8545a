#include "json_keys.h"

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
