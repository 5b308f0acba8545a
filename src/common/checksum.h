/* Input checksums (SHA-256, by nettle, which uses the CPU's SHA instructions where present):
 * reports carry them so a later run can tell whether a recording changed. */
#ifndef GB_CHECKSUM_H
#define GB_CHECKSUM_H

#include <nettle/sha2.h>

struct gb_error;

typedef struct sha256_ctx checksum_ctx;

void checksum_init(checksum_ctx *ctx);
/* Adds a whole file's bytes (recordings may be several files: WFDB header and signals). */
int checksum_add_file(checksum_ctx *ctx, const char *path, struct gb_error *err);
void checksum_add_text(checksum_ctx *ctx, const char *text);
/* Lower-case hex digest, 65 bytes with the NUL. */
void checksum_hex(checksum_ctx *ctx, char hex[65]);

#endif
