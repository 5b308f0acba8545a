/* Input checksums (SHA-256, by nettle, which uses the CPU's SHA instructions where present):
 * reports carry them so a later run can tell whether a recording changed. */
#ifndef GB_CHECKSUM_H
#define GB_CHECKSUM_H

#include <nettle/sha2.h>
#include <stddef.h>

struct gb_error;

typedef struct sha256_ctx checksum_ctx;

void checksum_init(checksum_ctx *ctx);
/* Adds a whole file's bytes (recordings may be several files: WFDB header and signals). */
int checksum_add_file(checksum_ctx *ctx, const char *path, struct gb_error *err);
void checksum_add_text(checksum_ctx *ctx, const char *text);
void checksum_add_bytes(checksum_ctx *ctx, const void *bytes, size_t size);
/* Lower-case hex digest, 65 bytes with the NUL. */
void checksum_hex(checksum_ctx *ctx, char hex[65]);

/* The SHA-256 of files taken together, made on a thread of its own while the caller analyses
 * them: hashing a recording costs as much as a fifth of analysing it, and a second core is often
 * idle. The paths must stay valid until checksum_job_finish, which waits for the digest (or makes
 * it there when no thread could be started) and frees the job; call it on every path. */
typedef struct checksum_job checksum_job;

/* threaded 0: the digest is made in checksum_job_finish, on the caller's thread. */
checksum_job *checksum_job_start(const char (*files)[1024], int count, int threaded,
                                 struct gb_error *err);
int checksum_job_finish(checksum_job *job, char hex[65], struct gb_error *err);

#endif
