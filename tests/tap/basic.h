/*
 * basic.h -- a small C library for writing TAP test programs (STYLE.md
 * practice 13).  The output is read by automake's tap-driver.sh.
 *
 * A test program looks like:
 *
 *     int
 *     main(int argc, char **argv)
 *     {
 *         tap_init(argc, argv);
 *         plan_lazy();
 *         ok(1 + 1 == 2, "addition");
 *         is_int(4, 2 * 2, "multiplication");
 *         return 0;
 *     }
 *
 * The exit status is non-zero if any test failed or the number of tests
 * run differs from the plan; the diagnostic says which.
 *
 * Randomized tests take their seed from tap_seed(), which reads --seed=HEX
 * (through tap_init) or the environment variable DUET_TEST_SEED (hex), or
 * draws a fresh one, and prints it once as "# seed=<16 hex digits>" so
 * that a failure can be replayed exactly.
 */

#ifndef DUET_TAP_BASIC_H
#define DUET_TAP_BASIC_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TAP_PRINTF(fmt, args)  \
    __attribute__((__format__(__printf__, fmt, args)))
#define TAP_NORETURN           __attribute__((__noreturn__))
#else
#define TAP_PRINTF(fmt, args)
#define TAP_NORETURN
#endif

/* Parse the arguments the library understands (--seed=HEX); call first. */
void tap_init(int argc, char **argv);

/* Announce that n tests will run ("1..n"). */
void plan(unsigned long n);

/* Print the plan at exit, from the number of tests actually run. */
void plan_lazy(void);

/* Skip the whole program: "1..0 # SKIP reason", exit 0.  Before any plan. */
void skip_all(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;

/* Report one test.  Returns: cond, as 0 or 1. */
int ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);

/* Report a test of expected == got, with both shown on failure. */
int is_int(long long expected, long long got, const char *fmt, ...)
    TAP_PRINTF(3, 4);

/* Report a string comparison; NULL equals only NULL. */
int is_str(const char *expected, const char *got, const char *fmt, ...)
    TAP_PRINTF(3, 4);

/*
 * Report a comparison of len bytes; on failure print the offset of the
 * first difference and hex dumps of both around it.
 */
int is_blob(const void *expected, const void *got, size_t len,
    const char *fmt, ...) TAP_PRINTF(4, 5);

/* Report one test as skipped ("ok n # skip reason"). */
void skip(const char *fmt, ...) TAP_PRINTF(1, 2);

/* Report count tests as skipped. */
void skip_block(unsigned long count, const char *fmt, ...) TAP_PRINTF(2, 3);

/* Print a diagnostic ("# ..." for each line).  Returns: 1 (for chaining). */
int diag(const char *fmt, ...) TAP_PRINTF(1, 2);

/* Abort the whole run: "Bail out! reason", exit 255. */
void bail(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;

/* As bail, appending strerror(errno). */
void sysbail(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;

/* Returns: the number of tests run / failed so far. */
unsigned long tap_tests_run(void);
unsigned long tap_tests_failed(void);

/*
 * Returns: the run's seed (see above).  Bails out on a malformed seed.
 * Printed once, on the first call.
 */
uint64_t tap_seed(void);

/*
 * Create a fresh, empty, private directory for this test, under
 * $top_builddir/tests/tmp when the test environment sets top_builddir,
 * else under $TMPDIR or /tmp.  Bails out on failure.
 *
 * Returns: its path (malloc'd).
 */
char *test_tmpdir(void);

/*
 * Remove a directory from test_tmpdir() (which the test must have emptied;
 * a diagnostic says if it was not) and free the path.  NULL is ignored.
 */
void test_tmpdir_free(char *path);

/* malloc/calloc that bail out instead of returning NULL. */
void *bmalloc(size_t n);
void *bcalloc(size_t n, size_t size);

#endif /* DUET_TAP_BASIC_H */
