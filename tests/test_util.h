/* Helpers shared by the cmocka tests: a scratch folder per test program and small file writers. */
#ifndef GB_TEST_UTIL_H
#define GB_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmocka 1.1.5's assert_float_equal compares in single precision and lets NaN through (every
 * comparison with NaN is false, so it never finds the difference too large): a test of a value
 * that came out NaN passed. This one compares doubles, and NaN fails it. */
#include <math.h>
#undef assert_float_equal
#define assert_float_equal(a, b, epsilon)                                                          \
    test_assert_close((double)(a), (double)(b), (double)(epsilon), __FILE__, __LINE__)

static inline void test_assert_close(double value, double expected, double tolerance,
                                     const char *file, int line)
{
    if (fabs(value - expected) <= tolerance) return;
    print_error("%.17g != %.17g (tolerance %g)\n", value, expected, tolerance);
    _fail(file, line);
}

static char test_dir[256];

/* build/testdata/<name>, emptied first: tests never depend on ../shared or each other. */
static inline const char *test_scratch(const char *name)
{
    snprintf(test_dir, sizeof test_dir, "build/testdata/%s", name);
    char command[1200];
    snprintf(command, sizeof command, "rm -rf '%s' && mkdir -p '%s'", test_dir, test_dir);
    if (system(command) != 0) fail_msg("cannot make %s", test_dir);
    return test_dir;
}

static inline const char *test_path(const char *file)
{
    static char paths[8][1024];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 1024, "%s/%s", test_dir, file);
    return p;
}

static inline void test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static inline int test_file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Collects warnings so tests can assert on them. */
typedef struct test_warnings {
    int count;
    char last[1024];
} test_warnings;

static inline void test_collect_warning(void *ctx, const char *message)
{
    test_warnings *w = ctx;
    w->count++;
    snprintf(w->last, sizeof w->last, "%s", message);
}

#define assert_contains(haystack, needle)                                                          \
    do {                                                                                           \
        if (!strstr((haystack), (needle)))                                                         \
            fail_msg("expected \"%s\" in \"%s\"", (needle), (haystack));                           \
    } while (0)

#endif
