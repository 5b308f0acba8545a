/* Benchmark helper: decode a recording with libsndfile alone (the I/O limit gaitbatch is compared
 * with) and print the seconds it took. usage: bench_decode FILE */
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_decode FILE\n");
        return 2;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    SF_INFO info = {0};
    SNDFILE *file = sf_open(argv[1], SFM_READ, &info);
    if (!file) {
        fprintf(stderr, "%s: %s\n", argv[1], sf_strerror(NULL));
        return 1;
    }
    double *block = malloc(sizeof(double) * 4096 * (size_t)info.channels);
    double checksum = 0;
    sf_count_t n, frames = 0;
    while ((n = sf_readf_double(file, block, 4096)) > 0) {
        frames += n;
        checksum += block[0];
    }
    sf_close(file);
    free(block);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds =
        (double)(end.tv_sec - start.tv_sec) + 1e-9 * (double)(end.tv_nsec - start.tv_nsec);
    printf("%.4f %lld %g\n", seconds, (long long)frames, checksum);
    return 0;
}
