/* Hand-written JSON files (channel maps, rules) are read leniently: an unknown key is a warning
 * that names it, so a typo shows instead of silently doing nothing. */
#ifndef GB_JSON_KEYS_H
#define GB_JSON_KEYS_H

#include <jansson.h>

#include "gb_error.h"

/* Warns "<source>: unknown key '<key>' in <where> ignored (typo?)" for each key of object that is
 * not in known (NULL-terminated). */
void gb_json_warn_unknown_keys(json_t *object, const char *const *known, const char *where,
                               const char *source, const gb_warner *warner);

#endif
