/* SHA-256 (FIPS 180-4), streaming: none of gaitbatch's chosen libraries hashes, and reports must carry
 * the input's checksum so a later run can tell whether a recording changed. */
#ifndef GB_SHA256_H
#define GB_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t total_bytes;
    uint8_t block[64];
    size_t block_used;
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(sha256_ctx *ctx, uint8_t digest[32]);
/* Hex digest (65 bytes with the NUL) of a whole file; 0 or a negative gb_code. */
struct gb_error;
int sha256_file_hex(const char *path, char hex[65], struct gb_error *err);
/* Continue an existing hash with a file's bytes (for recordings made of several files). */
int sha256_update_file(sha256_ctx *ctx, const char *path, struct gb_error *err);
void sha256_hex(const uint8_t digest[32], char hex[65]);

#endif
