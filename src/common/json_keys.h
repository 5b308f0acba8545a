/* Hand-written JSON files (channel maps, rules) are read leniently: an unknown key is a warning
 * that names it, so a typo shows instead of silently doing nothing, and a UTF-8 byte order mark
 * (as Windows Notepad saved UTF-8) is passed over. */
#ifndef GB_JSON_KEYS_H
#define GB_JSON_KEYS_H

#include <jansson.h>

#include "gb_error.h"

/* Warns "<source>: unknown key '<key>' in <where> ignored (typo?)" for each key of object that is
 * not in known (NULL-terminated). */
void gb_json_warn_unknown_keys(json_t *object, const char *const *known, const char *where,
                               const char *source, const gb_warner *warner);

/* json_load_file, past a UTF-8 byte order mark at the start; NULL with jerr set on failure (an
 * unreadable file included). */
json_t *gb_json_load_file(const char *path, json_error_t *jerr);

/* A JSON string of text that may not be UTF-8 (a file or folder name, a header's label: bytes):
 * jansson takes UTF-8 only, and a key set to NULL goes missing. Each byte outside a well-formed
 * sequence becomes '?'. NULL only when out of memory. */
json_t *gb_json_string_lossy(const char *text, size_t length);

#endif
