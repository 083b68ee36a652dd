/*
 * bench.c -- the benchmark harness declared in bench.h.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "bench.h"

#define BENCH_MAX_ROWS    64
#define BENCH_MAX_NOTES   16
#define BENCH_MAX_RUNS    101
#define BENCH_NAME_LEN    64

struct bench_row {
    char name[BENCH_NAME_LEN];
    size_t bytes;
    uint64_t iters;
    double ns_median;
    double ns_min;
    double ns_max;
};

struct bench_note_row {
    char name[BENCH_NAME_LEN];
    double value;
};

static const char *bench_suite = "bench";
static const char *bench_out_dir;
static int bench_runs = 11;
static double bench_min_ns = 20e6;
static struct bench_row bench_rows[BENCH_MAX_ROWS];
static size_t bench_nrows;
static struct bench_note_row bench_notes[BENCH_MAX_NOTES];
static size_t bench_nnotes;


static void
bench_die(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    exit(2);
}


static double
bench_now_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        bench_die("clock_gettime failed");
    }

    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}


static double
bench_time(bench_fn fn, void *arg, uint64_t iters)
{
    double t0 = bench_now_ns();

    fn(arg, iters);

    return bench_now_ns() - t0;
}


static int
bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}


void
bench_init(const char *suite, int argc, char **argv)
{
    int i;
    long v;
    char *end;

    bench_suite = suite;
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--runs=", 7) == 0) {
            v = strtol(argv[i] + 7, &end, 10);
            if (*end != '\0' || v < 1 || v > BENCH_MAX_RUNS) {
                bench_die("--runs wants 1 to 101");
            }
            bench_runs = (int) v;
        } else if (strncmp(argv[i], "--min-ms=", 9) == 0) {
            v = strtol(argv[i] + 9, &end, 10);
            if (*end != '\0' || v < 1 || v > 10000) {
                bench_die("--min-ms wants 1 to 10000");
            }
            bench_min_ns = (double) v * 1e6;
        } else if (strcmp(argv[i], "--quick") == 0) {
            bench_runs = 3;
            bench_min_ns = 2e6;
        } else if (strncmp(argv[i], "--out=", 6) == 0) {
            bench_out_dir = argv[i] + 6;
        } else {
            fprintf(stderr, "usage: %s [--runs=R] [--min-ms=M] [--quick] "
                "[--out=DIR]\n", argv[0]);
            exit(2);
        }
    }
}


double
bench_run(const char *name, bench_fn fn, void *arg, size_t bytes_per_op)
{
    struct bench_row *row;
    double ns[BENCH_MAX_RUNS], t;
    uint64_t iters = 1;
    int i;

    if (bench_nrows == BENCH_MAX_ROWS) {
        bench_die("too many benchmarks: raise BENCH_MAX_ROWS");
    }

    /* Warm up, then grow iters until one run is long enough to time. */
    fn(arg, 1);
    while ((t = bench_time(fn, arg, iters)) < bench_min_ns
        && iters < (UINT64_C(1) << 40))
    {
        iters *= t < bench_min_ns / 16 ? 8 : 2;
    }

    for (i = 0; i < bench_runs; i++) {
        ns[i] = bench_time(fn, arg, iters) / (double) iters;
    }
    qsort(ns, (size_t) bench_runs, sizeof(ns[0]), bench_cmp_double);

    row = &bench_rows[bench_nrows++];
    snprintf(row->name, sizeof(row->name), "%s", name);
    row->bytes = bytes_per_op;
    row->iters = iters;
    row->ns_median = ns[(bench_runs - 1) / 2];
    row->ns_min = ns[0];
    row->ns_max = ns[bench_runs - 1];

    return row->ns_median;
}


void
bench_note(double value, const char *fmt, ...)
{
    va_list ap;
    struct bench_note_row *note;

    if (bench_nnotes == BENCH_MAX_NOTES) {
        bench_die("too many notes: raise BENCH_MAX_NOTES");
    }
    note = &bench_notes[bench_nnotes++];
    va_start(ap, fmt);
    vsnprintf(note->name, sizeof(note->name), fmt, ap);
    va_end(ap);
    note->value = value;
}


/* Returns: MB/s (10^6 bytes per second) for a row, 0 if not applicable. */
static double
bench_mbps(const struct bench_row *row)
{
    return row->bytes == 0 ? 0 : (double) row->bytes / row->ns_median * 1e3;
}


static int
bench_write_json(FILE *f, const struct utsname *u, const char *stamp)
{
    size_t i;

    fprintf(f, "{\n  \"suite\": \"%s\",\n  \"timestamp\": \"%s\",\n",
        bench_suite, stamp);
    fprintf(f, "  \"machine\": \"%s\",\n  \"kernel\": \"%s %s\",\n",
        u->machine, u->sysname, u->release);
#if defined(__clang__)
    fprintf(f, "  \"compiler\": \"clang %s\",\n", __clang_version__);
#elif defined(__GNUC__)
    fprintf(f, "  \"compiler\": \"gcc %s\",\n", __VERSION__);
#endif
    fprintf(f, "  \"runs\": %d,\n  \"results\": [\n", bench_runs);
    for (i = 0; i < bench_nrows; i++) {
        fprintf(f, "    {\"name\": \"%s\", \"bytes\": %zu, \"iters\": %"
            PRIu64 ", \"ns_per_op\": %.3f, \"ns_per_op_min\": %.3f, "
            "\"ns_per_op_max\": %.3f, \"mb_per_s\": %.1f}%s\n",
            bench_rows[i].name, bench_rows[i].bytes, bench_rows[i].iters,
            bench_rows[i].ns_median, bench_rows[i].ns_min,
            bench_rows[i].ns_max, bench_mbps(&bench_rows[i]),
            i + 1 < bench_nrows ? "," : "");
    }
    fprintf(f, "  ],\n  \"notes\": [\n");
    for (i = 0; i < bench_nnotes; i++) {
        fprintf(f, "    {\"name\": \"%s\", \"value\": %.4f}%s\n",
            bench_notes[i].name, bench_notes[i].value,
            i + 1 < bench_nnotes ? "," : "");
    }
    fprintf(f, "  ]\n}\n");

    return ferror(f) ? -1 : 0;
}


static int
bench_write_csv(FILE *f)
{
    size_t i;

    fprintf(f, "name,bytes,iters,runs,ns_per_op,ns_per_op_min,"
        "ns_per_op_max,mb_per_s\n");
    for (i = 0; i < bench_nrows; i++) {
        fprintf(f, "%s,%zu,%" PRIu64 ",%d,%.3f,%.3f,%.3f,%.1f\n",
            bench_rows[i].name, bench_rows[i].bytes, bench_rows[i].iters,
            bench_runs, bench_rows[i].ns_median, bench_rows[i].ns_min,
            bench_rows[i].ns_max, bench_mbps(&bench_rows[i]));
    }

    return ferror(f) ? -1 : 0;
}


/* Write dir/<suite>.<ext> through a temporary file and rename. */
static int
bench_write_file(const char *ext, const struct utsname *u, const char *stamp)
{
    char path[4096], tmp[4200];
    FILE *f;
    int r = -1;

    snprintf(path, sizeof(path), "%s/%s.%s", bench_out_dir, bench_suite, ext);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if ((f = fopen(tmp, "w")) == NULL) {
        fprintf(stderr, "bench: cannot write %s: %s\n", tmp, strerror(errno));
        goto out;
    }
    r = strcmp(ext, "json") == 0 ? bench_write_json(f, u, stamp)
        : bench_write_csv(f);
    if (fclose(f) != 0 || r != 0) {
        fprintf(stderr, "bench: error writing %s\n", tmp);
        r = -1;
        (void) remove(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "bench: cannot rename %s: %s\n", tmp,
            strerror(errno));
        r = -1;
        goto out;
    }
    printf("wrote %s\n", path);
    r = 0;

out:
    return r;
}


int
bench_finish(void)
{
    struct utsname u;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    size_t i;
    int r = 0;

    if (uname(&u) != 0) {
        memset(&u, 0, sizeof(u));
    }
    if (gmtime_r(&now, &tm) == NULL
        || strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    {
        snprintf(stamp, sizeof(stamp), "unknown");
    }

    printf("\nduet bench: %s  (%s, median of %d runs)\n\n", bench_suite,
        u.machine, bench_runs);
    printf("%-28s %8s %12s %12s %12s\n", "benchmark", "bytes", "iters",
        "ns/op", "MB/s");
    for (i = 0; i < bench_nrows; i++) {
        printf("%-28s %8zu %12" PRIu64 " %12.1f ", bench_rows[i].name,
            bench_rows[i].bytes, bench_rows[i].iters,
            bench_rows[i].ns_median);
        if (bench_rows[i].bytes != 0) {
            printf("%12.1f\n", bench_mbps(&bench_rows[i]));
        } else {
            printf("%12s\n", "-");
        }
    }
    if (bench_nnotes > 0) {
        printf("\n");
        for (i = 0; i < bench_nnotes; i++) {
            printf("%-42s %10.2f\n", bench_notes[i].name,
                bench_notes[i].value);
        }
    }
    printf("\n");

    if (bench_out_dir != NULL) {
        if (bench_write_file("json", &u, stamp) != 0
            || bench_write_file("csv", &u, stamp) != 0)
        {
            r = 1;
        }
    }
    fflush(stdout);

    return r;
}
