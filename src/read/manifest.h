/* manifest: a CSV that says whose each recording is, for uploads that are not laid out as
 * TEAM/ATHLETE/SESSION-files. Columns path,athlete,session (a header row naming them); paths are
 * relative to the manifest's folder unless absolute. A channel map that names the athlete or the
 * session still wins. */
#ifndef GB_MANIFEST_H
#define GB_MANIFEST_H

#include "../common/gb_error.h"

typedef struct manifest manifest;

manifest *manifest_load(const char *path, gb_error *err);
/* The athlete and session for a recording, or NULL when the manifest does not list it. */
int manifest_lookup(const manifest *m, const char *recording_path, const char **athlete,
                    const char **session);
long manifest_count(const manifest *m);
void manifest_free(manifest *m);

#endif
