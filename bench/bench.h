/*
 * bench.h -- a tiny benchmark harness.  Results are reported, never
 * asserted; benchmarks do not run in "make check".
 *
 * A benchmark is a function that performs an operation iters times.  The
 * harness calibrates iters so that one run lasts at least --min-ms
 * milliseconds, repeats the run --runs times, and reports the median time
 * per operation (and, given the bytes one operation processes, the median
 * throughput in MB/s, MB = 10^6 bytes).
 *
 * Options understood by bench_init():
 *   --runs=R      runs per benchmark (default 11; odd keeps the median real)
 *   --min-ms=M    calibration target per run in ms (default 20)
 *   --quick       --runs=3 --min-ms=2, for smoke tests
 *   --out=DIR     also write DIR/<suite>.json and DIR/<suite>.csv
 */

#ifndef DUET_BENCH_H
#define DUET_BENCH_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define BENCH_PRINTF(fmt, args) \
    __attribute__((__format__(__printf__, fmt, args)))
/* Make the compiler forget what it knows about memory (no hoisting). */
#define BENCH_CLOBBER()  __asm__ __volatile__ ("" : : : "memory")
#else
#define BENCH_PRINTF(fmt, args)
#define BENCH_CLOBBER()  do { } while (0)
#endif

typedef void (*bench_fn)(void *arg, uint64_t iters);

/* Parse options and name the suite (the output file name). */
void bench_init(const char *suite, int argc, char **argv);

/*
 * Measure fn(arg, iters).
 *
 * Args:    name:          row label, e.g. "hex_encode/1KiB".
 *          bytes_per_op:  bytes one operation processes; 0 for no MB/s.
 * Returns: the median ns per operation.
 */
double bench_run(const char *name, bench_fn fn, void *arg,
    size_t bytes_per_op);

/* Record a derived number (such as a ratio) for the table and the files. */
void bench_note(double value, const char *fmt, ...) BENCH_PRINTF(2, 3);

/*
 * Print the table and write the files asked for.
 * Returns: 0, or 1 if a file could not be written (the exit status).
 */
int bench_finish(void);

#endif /* DUET_BENCH_H */
