#include "checksum.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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

void checksum_add_bytes(checksum_ctx *ctx, const void *bytes, size_t size)
{
    sha256_update(ctx, size, bytes);
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

struct checksum_job {
    const char (*files)[1024];
    int count, threaded, rc;
    pthread_t thread;
    char hex[65];
    gb_error err;
};

/* The checksum's thread yields to the analysis: with more runnable threads than cores (two
 * analysis halves and this one on two cores) the analysis is the longer path, and this job only
 * needs to be done when the report is written. Niceness is per thread on Linux; failing to lower
 * it changes nothing but speed. */
static void yield_to_analysis(void)
{
#ifdef __linux__
    (void)setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
#endif
}

static void *hash_files(void *arg)
{
    checksum_job *job = arg;
    checksum_ctx ctx;
    checksum_init(&ctx);
    job->rc = 0;
    for (int f = 0; f < job->count && job->rc == 0; f++)
        job->rc = checksum_add_file(&ctx, job->files[f], &job->err);
    if (job->rc == 0) checksum_hex(&ctx, job->hex);
    return NULL;
}

static void *hash_files_apart(void *arg)
{
    yield_to_analysis();
    return hash_files(arg);
}

checksum_job *checksum_job_start(const char (*files)[1024], int count, int threaded, gb_error *err)
{
    checksum_job *job = gb_calloc(1, sizeof *job, err);
    if (!job) return NULL;
    job->files = files;
    job->count = count;
    job->threaded = threaded && pthread_create(&job->thread, NULL, hash_files_apart, job) == 0;
    return job;
}

int checksum_job_finish(checksum_job *job, char hex[65], gb_error *err)
{
    if (job->threaded)
        pthread_join(job->thread, NULL);
    else
        hash_files(job);
    int rc = job->rc;
    if (rc == 0)
        memcpy(hex, job->hex, 65);
    else
        gb_error_set(err, job->err.code, "%s", job->err.message);
    free(job);
    return rc;
}
