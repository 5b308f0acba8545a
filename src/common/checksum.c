#include "checksum.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gb_error.h"

void checksum_init(checksum_ctx *ctx)
{
    sha256_init(ctx);
}

int checksum_add_file(checksum_ctx *ctx, const char *path, gb_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return gb_error_set(err, GB_E_IO, "%s: cannot open for checksum: %s", path,
                            strerror(errno));
    static const size_t size = 1 << 16;
    unsigned char buffer[1 << 16];
    size_t n;
    while ((n = fread(buffer, 1, size, f)) > 0)
        sha256_update(ctx, n, buffer);
    int failed = ferror(f);
    fclose(f);
    if (failed) return gb_error_set(err, GB_E_IO, "%s: read error while computing checksum", path);
    return 0;
}

void checksum_add_text(checksum_ctx *ctx, const char *text)
{
    sha256_update(ctx, strlen(text), (const uint8_t *)text);
}

void checksum_hex(checksum_ctx *ctx, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}
