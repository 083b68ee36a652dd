/*
 * bench-prime.c -- safe-prime generation at 1024 and 1536 bits:
 * duet_prime_safe_generate next to OpenSSL's BN_generate_prime_ex2 with
 * safe = 1, in the same run, on the same core.
 *
 *     bench/bench-prime [--runs=R] [--quick] [--out=DIR] [--no-openssl]
 *                       [--tune]
 *
 * The time to find a safe prime is a random variable with a long tail
 * (nearly geometric: the number of candidates until the first hit), so
 * one number is not enough.  Each case records every generation and
 * prints mean, median and p90 (nearest rank) of wall-clock and of CPU
 * time, and the candidates and Fermat tests per prime.  The default is 31
 * runs per case (--runs=R to change, --quick for 3); the harness's table
 * (bench.h) carries the median, and the notes carry mean, p90 and the
 * OpenSSL / duet ratios.
 *
 * --tune instead sweeps the sieve's table size and the Fermat engines at
 * both sizes, reporting CPU time per candidate: the walk from a random
 * start does not depend on those settings, so cost per candidate times
 * the expected number of candidates (0.18 bits^2) is the expected time,
 * with far less noise than timing whole generations.
 *
 * Links the production library; uses the internal header bn/prime.h.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>
#include <openssl/bn.h>

#include "duet.h"
#include "bn/prime.h"
#include "bench.h"

#define BENCH_PRIME_MAX_SAMPLES  256

enum engine { ENGINE_DUET, ENGINE_OPENSSL };

struct prime_case {
    const char *name;
    unsigned bits;
    enum engine engine;
    struct duet_prime_gen_opts opts;
    unsigned long calls;
    size_t n;
    double wall[BENCH_PRIME_MAX_SAMPLES];
    double cpu[BENCH_PRIME_MAX_SAMPLES];
    double candidates;
    double survivors;
};

struct summary {
    double mean, median, p90, min, max;
};


static double
clock_s(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts) != 0) {
        fprintf(stderr, "bench-prime: clock_gettime failed\n");
        exit(2);
    }
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}


static void
die(const char *what, int r)
{
    fprintf(stderr, "bench-prime: %s failed: %s\n", what, duet_strerror(r));
    exit(1);
}


/* One generation of the case's kind. */
static void
generate_one(struct prime_case *c, mpz_t p, BIGNUM *bn, BN_CTX *ctx)
{
    struct duet_prime_stats st;
    int r;

    if (c->engine == ENGINE_OPENSSL) {
        if (BN_generate_prime_ex2(bn, (int) c->bits, 1, NULL, NULL, NULL,
                ctx) != 1 || BN_num_bits(bn) != (int) c->bits)
        {
            die("BN_generate_prime_ex2", DUET_ERR_INTERNAL);
        }
        return;
    }
    c->opts.stats = &st;
    if ((r = duet_prime_safe_generate(p, c->bits, &c->opts)) != 0) {
        die("duet_prime_safe_generate", r);
    }
    if (mpz_sizeinbase(p, 2) != c->bits) {
        die("size check", DUET_ERR_INTERNAL);
    }
    c->candidates += (double) st.candidates;
    c->survivors += (double) st.survivors;
}


/*
 * bench_fn: iters generations, each timed on its own.  The harness's
 * first call (its warm-up) is not recorded.
 */
static void
run_case(void *arg, uint64_t iters)
{
    struct prime_case *c = arg;
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *bn = BN_new();
    double w0, c0;
    uint64_t i;
    mpz_t p;

    if (ctx == NULL || bn == NULL) {
        die("BN_CTX_new", DUET_ERR_NO_MEMORY);
    }
    mpz_init(p);
    for (i = 0; i < iters; i++) {
        w0 = clock_s(CLOCK_MONOTONIC);
        c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        generate_one(c, p, bn, ctx);
        if (c->calls++ > 0 && c->n < BENCH_PRIME_MAX_SAMPLES) {
            c->wall[c->n] = clock_s(CLOCK_MONOTONIC) - w0;
            c->cpu[c->n] = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
            c->n++;
        }
        BENCH_CLOBBER();
    }
    mpz_clear(p);
    BN_clear_free(bn);
    BN_CTX_free(ctx);
}


static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}


static struct summary
summarize(const double *v, size_t n)
{
    struct summary s = { 0, 0, 0, 0, 0 };
    double sorted[BENCH_PRIME_MAX_SAMPLES];
    size_t i;

    if (n == 0) {
        return s;
    }
    memcpy(sorted, v, n * sizeof(v[0]));
    qsort(sorted, n, sizeof(sorted[0]), cmp_double);
    for (i = 0; i < n; i++) {
        s.mean += sorted[i] / (double) n;
    }
    s.median = n % 2 ? sorted[n / 2]
        : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    /* Nearest rank: the smallest value with at least 90% at or below. */
    s.p90 = sorted[(9 * n + 9) / 10 - 1];
    s.min = sorted[0];
    s.max = sorted[n - 1];

    return s;
}


static void
print_case(const struct prime_case *c)
{
    struct summary w = summarize(c->wall, c->n), u = summarize(c->cpu, c->n);

    printf("%-14s %3zu  wall s: mean %6.3f median %6.3f p90 %6.3f "
        "[%5.3f..%6.3f]  cpu s: median %6.3f p90 %6.3f", c->name, c->n,
        w.mean, w.median, w.p90, w.min, w.max, u.median, u.p90);
    if (c->engine == ENGINE_DUET && c->calls > 0) {
        printf("  cand/prime %.0f, Fermat/prime %.0f",
            c->candidates / (double) c->calls,
            c->survivors / (double) c->calls);
    }
    printf("\n");
}


/* The --tune sweep: CPU time per candidate for each setting. */
static void
tune(void)
{
    static const unsigned sizes[] = { 1024, 1536 };
    /* SIZE_MAX: the whole table (1077870 primes). */
    static const size_t tables[] = { 1024, 4096, 16384, 65536, 131072,
        262144, 524288, 1048576, SIZE_MAX };
    static const struct {
        const char *name;
        int fermat;
    } engines[] = {
        { "openssl-ct", DUET_PRIME_FERMAT_OPENSSL },
        { "gmp-powm-sec", DUET_PRIME_FERMAT_GMP },
        { "none(bpsw)", DUET_PRIME_FERMAT_NONE },
    };
    struct duet_prime_gen_opts opts;
    struct duet_prime_stats st;
    double cpu, cand, t0, expect;
    size_t s, k, e, j, runs;
    mpz_t p;
    int r;

    mpz_init(p);
    printf("tune: CPU time per candidate; expected time per prime = that "
        "x 0.182 bits^2 candidates; table 0 = all\n");
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        expect = 0.182 * sizes[s] * sizes[s];
        runs = sizes[s] > 1024 ? 6 : 12;
        for (e = 0; e < sizeof(engines) / sizeof(engines[0]); e++) {
            for (k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
                if (e > 0 && tables[k] != 1048576) {
                    continue;
                }
                memset(&opts, 0, sizeof(opts));
                opts.sieve_primes = tables[k];
                opts.fermat = engines[e].fermat;
                opts.stats = &st;
                cpu = cand = 0;
                for (j = 0; j < runs; j++) {
                    t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
                    if ((r = duet_prime_safe_generate(p, sizes[s],
                            &opts)) != 0)
                    {
                        die("duet_prime_safe_generate", r);
                    }
                    cpu += clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
                    cand += (double) st.candidates;
                }
                printf("tune %4u bits  %-12s table %8zu  %7.3f us/cand  "
                    "expected %6.3f s/prime  (%zu primes, %.0f cand)\n",
                    sizes[s], engines[e].name,
                    tables[k] == SIZE_MAX ? (size_t) 0 : tables[k],
                    cpu / cand * 1e6, cpu / cand * expect, runs, cand);
                fflush(stdout);
            }
        }
    }
    mpz_clear(p);
}


int
main(int argc, char **argv)
{
    static struct prime_case cases[] = {
        { .name = "duet/1024", .bits = 1024, .engine = ENGINE_DUET },
        { .name = "openssl/1024", .bits = 1024, .engine = ENGINE_OPENSSL },
        { .name = "duet/1536", .bits = 1536, .engine = ENGINE_DUET },
        { .name = "openssl/1536", .bits = 1536, .engine = ENGINE_OPENSSL },
    };
    /* Our defaults; one generation is always long enough to time. */
    static char runs_opt[] = "--runs=31", min_ms_opt[] = "--min-ms=1";
    char **args;
    int nargs = 0, i, with_openssl = 1, do_tune = 0;
    size_t k;
    struct summary d, o;

    if (duet_init() != 0) {
        die("duet_init", DUET_ERR_INTERNAL);
    }

    /* Our defaults first, so that the user's options override them. */
    if ((args = calloc((size_t) argc + 3, sizeof(*args))) == NULL) {
        die("calloc", DUET_ERR_NO_MEMORY);
    }
    args[nargs++] = argv[0];
    args[nargs++] = runs_opt;
    args[nargs++] = min_ms_opt;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-openssl") == 0) {
            with_openssl = 0;
        } else if (strcmp(argv[i], "--tune") == 0) {
            do_tune = 1;
        } else {
            args[nargs++] = argv[i];
        }
    }
    bench_init("prime", nargs, args);

    if (do_tune) {
        tune();
        free(args);
        return 0;
    }

    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        if (cases[k].engine == ENGINE_OPENSSL && !with_openssl) {
            continue;
        }
        fprintf(stderr, "bench-prime: %s ...\n", cases[k].name);
        (void) bench_run(cases[k].name, run_case, &cases[k], 0);
    }

    printf("\nsafe primes, every generation timed (wall and thread CPU):\n");
    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        if (cases[k].n > 0) {
            print_case(&cases[k]);
        }
    }
    for (k = 0; k + 1 < sizeof(cases) / sizeof(cases[0]); k += 2) {
        d = summarize(cases[k].wall, cases[k].n);
        bench_note(d.mean * 1e3, "%s mean ms", cases[k].name);
        bench_note(d.p90 * 1e3, "%s p90 ms", cases[k].name);
        if (cases[k + 1].n == 0) {
            continue;
        }
        o = summarize(cases[k + 1].wall, cases[k + 1].n);
        bench_note(o.mean * 1e3, "%s mean ms", cases[k + 1].name);
        bench_note(o.p90 * 1e3, "%s p90 ms", cases[k + 1].name);
        bench_note(o.median / d.median, "%u bits: openssl / duet, median",
            cases[k].bits);
        bench_note(o.mean / d.mean, "%u bits: openssl / duet, mean",
            cases[k].bits);
    }
    free(args);

    return bench_finish();
}
