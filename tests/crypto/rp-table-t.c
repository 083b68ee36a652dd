/*
 * rp-table-t.c -- tests for crypto/src/paillier/rp_table.c: fixed-base
 * comb tables for ring-Pedersen commitments against duet_rp_commit_sec
 * and duet_rp_commit_var (random signed exponents, 0, +-1,
 * +-(2^bits - 1), every bound around a window or limb edge, each window
 * size on a toy level, then the default window at levels 112 and 128),
 * the refusals, the process-wide cache (hits, misses, LRU eviction,
 * lifetime of an evicted table still in use, peek), the helpers
 * duet_rp_commit_sec_cached, duet_rp_commit_sec_if_cached and
 * duet_rp_commit_var_cached, a two-thread smoke test, and allocation
 * failures.  The constant-time property is checked by ctime-t.
 *
 * The toy level uses fixed 256-bit safe primes; the full levels use the
 * pregenerated primes in $top_srcdir/tests/vectors/safe-primes-*.txt and
 * are skipped if those are missing.  The output ends with timings.
 */

#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "paillier/ring_pedersen.h"
#include "paillier/rp_table.h"
#include "util/mem.h"
#include "util/rand.h"

/* Safe primes p = 2h + 1 of 256 bits, = 3 mod 4 (as in ctime-t). */
static const char *const toy_primes[4] = {
    "af7c42d3a9355028370ddb07a34eb47bca8241d7d68a85c9d193d3c5530718ab",
    "bae3900362fc7229c6585e09ba5e7c7d0a4d57b1b1e2234f66769afab9e24dfb",
    "bb6e630021527ae4a88a1ac0f7c97584df1e5ab5d0e0d39efacd0a06b451af3b",
    "dd5a40c48c70d76b110db3dc5b941fd4e27c0fa696dae531c44777f21bb42cff"
};
#define TOY_PRIME_BITS  256

#define THREAD_ROUNDS   40

static struct duet_level toy;


static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}


static uint32_t
rand_u32(void)
{
    uint8_t b[4];

    if (duet_random_bytes(b, sizeof(b)) != 0) {
        bail("duet_random_bytes failed");
    }
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16
        | (uint32_t) b[2] << 8 | b[3];
}


/* x = a random value with |x| < 2^bits, either sign; now and then one of
 * the edges 0, +-1, +-(2^bits - 1). */
static void
rand_signed(mpz_t x, unsigned bits)
{
    uint32_t c = rand_u32();

    switch (c % 8) {
    case 0:
        mpz_set_ui(x, 0);
        break;
    case 1:
        mpz_set_ui(x, bits > 0);
        break;
    case 2:
        mpz_set_ui(x, 0);
        if (bits > 0) {
            mpz_setbit(x, bits);
            mpz_sub_ui(x, x, 1);
        }
        break;
    default:
        if (duet_bn_random_bits(x, bits) != 0) {
            bail("duet_bn_random_bits failed");
        }
        /* Sometimes the top bit set, so the bound is reached. */
        if (bits > 0 && (c & 0x100)) {
            mpz_setbit(x, bits - 1);
        }
        break;
    }
    if (c & 0x10) {
        mpz_neg(x, x);
    }
}


/* Read up to max primes (hex, one a line, '#' comments) from a file. */
static size_t
read_primes(const char *path, mpz_t *out, size_t max)
{
    FILE *f;
    char line[1024];
    size_t n = 0, len;

    if ((f = fopen(path, "r")) == NULL) {
        return 0;
    }
    while (n < max && fgets(line, sizeof(line), f) != NULL) {
        len = strcspn(line, "#\r\n \t");
        line[len] = '\0';
        if (len == 0 || mpz_set_str(out[n], line, 16) != 0) {
            continue;
        }
        n++;
    }
    fclose(f);

    return n;
}


static void
toy_rp(struct duet_rp_secret *sec, int which)
{
    mpz_t p, q;

    mpz_inits(p, q, NULL);
    mpz_set_str(p, toy_primes[which ? 0 : 2], 16);
    mpz_set_str(q, toy_primes[which ? 1 : 3], 16);
    duet_rp_secret_init(sec);
    if (duet_rp_secret_from_primes(sec, p, q, &toy, NULL) != 0) {
        bail("toy ring-Pedersen parameters refused");
    }
    mpz_clears(p, q, NULL);
}


/*
 * Compare the table with the plain commitments for count random (x, y)
 * under the bounds (xbits, ybits).  Returns: the number of mismatches.
 */
static unsigned
compare(const struct duet_rp_table *tab, const struct duet_rp_params *rp,
    unsigned xbits, unsigned ybits, unsigned count)
{
    mpz_t x, y, a, b, c, d;
    unsigned i, bad = 0;

    mpz_inits(x, y, a, b, c, d, NULL);
    for (i = 0; i < count; i++) {
        rand_signed(x, xbits);
        rand_signed(y, ybits);
        if (duet_rp_commit_sec(rp, a, x, xbits, y, ybits) != 0
            || duet_rp_table_commit_sec(tab, b, x, xbits, y, ybits) != 0
            || duet_rp_commit_var(rp, c, x, y) != 0
            || duet_rp_table_commit_var(tab, d, x, y) != 0
            || mpz_cmp(a, b) != 0 || mpz_cmp(a, c) != 0
            || mpz_cmp(a, d) != 0)
        {
            if (bad++ < 3) {
                gmp_fprintf(stderr, "# mismatch: x=%Zd (%u) y=%Zd (%u)\n",
                    x, xbits, y, ybits);
            }
        }
    }
    mpz_clears(x, y, a, b, c, d, NULL);

    return bad;
}


/* Every window size on the toy level, bounds around the window and limb
 * edges. */
static void
test_windows(void)
{
    struct duet_rp_secret sec;
    struct duet_rp_table *tab;
    unsigned w, i, j, bad, xmax, ymax;
    unsigned bounds[12];

    toy_rp(&sec, 0);
    for (w = 1; w <= DUET_RP_TABLE_WINDOW_MAX; w++) {
        if (duet_rp_table_build(&tab, &sec.pub, w) != 0) {
            bail("toy table w = %u", w);
        }
        xmax = duet_rp_table_x_max_bits(tab);
        ymax = duet_rp_table_y_max_bits(tab);
        ok(xmax >= toy.rp_x_max_bits && xmax < toy.rp_x_max_bits + w
            && ymax >= toy.rp_y_max_bits && ymax < toy.rp_y_max_bits + w,
            "w = %u: capacity %u, %u bits", w, xmax, ymax);
        bounds[0] = 0;
        bounds[1] = 1;
        bounds[2] = w - 1;
        bounds[3] = w;
        bounds[4] = w + 1;
        bounds[5] = 63;
        bounds[6] = 64;
        bounds[7] = 65;
        bounds[8] = 256;
        bounds[9] = 257;
        bounds[10] = xmax - 1;
        bounds[11] = xmax;
        bad = 0;
        for (i = 0; i < 12; i++) {
            for (j = 0; j < 12; j += 3) {
                bad += compare(tab, &sec.pub, bounds[i],
                    bounds[j] <= ymax ? bounds[j] : ymax, 2);
            }
        }
        bad += compare(tab, &sec.pub, xmax, ymax, 8);
        bad += compare(tab, &sec.pub, toy.rp_x_max_bits, toy.rp_y_max_bits,
            8);
        is_int(0, bad, "w = %u: table commitments equal rp_commit_sec and "
            "rp_commit_var", w);
        duet_rp_table_free(tab);
    }
    duet_rp_secret_clear(&sec);
}


/* The refusals, and commit_var past the table's capacity. */
static void
test_refusals(void)
{
    struct duet_rp_secret sec;
    struct duet_rp_params empty;
    struct duet_rp_table *tab = NULL;
    mpz_t x, y, a, b;
    unsigned xmax, ymax;

    mpz_inits(x, y, a, b, NULL);
    toy_rp(&sec, 0);
    duet_rp_params_init(&empty);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_table_build(&tab, &empty, 0), "an empty rp is refused");
    ok(tab == NULL, "... and no table is returned");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_table_build(&tab, &sec.pub, DUET_RP_TABLE_WINDOW_MAX + 1),
        "a window over the maximum is refused");
    if (duet_rp_table_build(&tab, &sec.pub, 0) != 0) {
        bail("toy table");
    }
    xmax = duet_rp_table_x_max_bits(tab);
    ymax = duet_rp_table_y_max_bits(tab);

    mpz_set_ui(x, 0);
    mpz_setbit(x, 100);
    mpz_set_ui(y, 5);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_table_commit_sec(tab, a, x, 100, y, 3),
        "|x| = 2^xbits is refused");
    mpz_neg(x, x);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_table_commit_sec(tab, a, x, 100, y, 3),
        "x = -2^xbits is refused");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_table_commit_sec(tab, a, y, 3, y, 2),
        "|y| = 5 over 2^2 is refused");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_table_commit_sec(tab, a, y, xmax + 1, y, 3),
        "xbits over the table's capacity is refused");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_table_commit_sec(tab, a, y, 3, y, ymax + 1),
        "ybits over the table's capacity is refused");

    /* Public exponents longer than the table: the plain path. */
    mpz_set_ui(x, 0);
    mpz_setbit(x, xmax + 40);
    mpz_sub_ui(x, x, 12345);
    mpz_neg(x, x);
    mpz_set_ui(y, 0);
    mpz_setbit(y, ymax + 3);
    ok(duet_rp_table_commit_var(tab, a, x, y) == 0
        && duet_rp_commit_var(&sec.pub, b, x, y) == 0 && mpz_cmp(a, b) == 0,
        "commit_var past the capacity equals rp_commit_var");

    /* out aliasing an exponent. */
    mpz_set_si(x, -77777);
    mpz_set_ui(y, 31337);
    ok(duet_rp_commit_var(&sec.pub, b, x, y) == 0
        && duet_rp_table_commit_sec(tab, x, x, 20, y, 20) == 0
        && mpz_cmp(x, b) == 0, "out may alias x");

    duet_rp_table_free(tab);
    duet_rp_table_free(NULL);
    duet_rp_params_clear(&empty);
    duet_rp_secret_clear(&sec);
    mpz_clears(x, y, a, b, NULL);
}


/* The cache: misses, hits, LRU eviction, an evicted table in use. */
static void
test_cache(void)
{
    struct duet_rp_secret sec[DUET_RP_CACHE_SLOTS + 2];
    const struct duet_rp_table *tab[DUET_RP_CACHE_SLOTS + 2], *t2, *held;
    struct duet_rp_cache_stats st;
    mpz_t x, y, a, b;
    size_t i, n = DUET_RP_CACHE_SLOTS + 2;
    int rc = 0;

    mpz_inits(x, y, a, b, NULL);
    for (i = 0; i < n; i++) {
        toy_rp(&sec[i], (int) (i & 1));
    }
    duet_rp_cache_flush();
    duet_rp_cache_stats(&st);
    ok(st.hits == 0 && st.misses == 0 && st.entries == 0 && st.bytes == 0,
        "flush empties the cache and resets the counters");

    rc |= duet_rp_table_get(&sec[0].pub, &tab[0]);
    rc |= duet_rp_table_get(&sec[0].pub, &t2);
    duet_rp_cache_stats(&st);
    ok(rc == 0 && tab[0] == t2 && st.misses == 1 && st.hits == 1
        && st.entries == 1 && st.bytes == duet_rp_table_bytes(tab[0]),
        "a second get is a hit on the same table");
    duet_rp_table_release(t2);
    duet_rp_table_release(tab[0]);

    /* Fill the cache: sec[0] becomes the least recently used, and the
     * next miss evicts it. */
    held = NULL;
    rc = duet_rp_table_get(&sec[0].pub, &held);
    for (i = 1; i < DUET_RP_CACHE_SLOTS; i++) {
        rc |= duet_rp_table_get(&sec[i].pub, &tab[i]);
        duet_rp_table_release(tab[i]);
    }
    duet_rp_cache_stats(&st);
    ok(rc == 0 && st.entries == DUET_RP_CACHE_SLOTS && st.evictions == 0,
        "%lu tables cached, none evicted", st.entries);
    rc = duet_rp_table_get(&sec[DUET_RP_CACHE_SLOTS].pub,
        &tab[DUET_RP_CACHE_SLOTS]);
    duet_rp_table_release(tab[DUET_RP_CACHE_SLOTS]);
    duet_rp_cache_stats(&st);
    ok(rc == 0 && st.entries == DUET_RP_CACHE_SLOTS && st.evictions == 1,
        "one more table evicts one");

    /* The evicted table is still valid for its holder. */
    mpz_set_si(x, -123456789);
    mpz_set_ui(y, 987654321);
    ok(duet_rp_table_commit_sec(held, a, x, 40, y, 40) == 0
        && duet_rp_commit_var(&sec[0].pub, b, x, y) == 0
        && mpz_cmp(a, b) == 0, "an evicted table still in use works");
    duet_rp_table_release(held);

    /* The most recently used stays; sec[0] comes back as a miss. */
    duet_rp_cache_stats(&st);
    i = st.misses;
    rc = duet_rp_table_get(&sec[DUET_RP_CACHE_SLOTS].pub, &t2);
    duet_rp_table_release(t2);
    duet_rp_cache_stats(&st);
    ok(rc == 0 && st.misses == i, "the newest table is a hit");
    rc = duet_rp_table_get(&sec[0].pub, &t2);
    duet_rp_table_release(t2);
    duet_rp_cache_stats(&st);
    ok(rc == 0 && st.misses == i + 1 && st.evictions == 2,
        "the evicted parameters miss and evict the next oldest");

    /* Same N^ and s, another t: a different table. */
    rc = duet_rp_table_get(&sec[1].pub, &t2);
    mpz_swap(sec[1].pub.t, sec[3].pub.t);
    mpz_swap(sec[1].pub.t_inv, sec[3].pub.t_inv);
    rc |= duet_rp_table_get(&sec[1].pub, &held);
    mpz_swap(sec[1].pub.t, sec[3].pub.t);
    mpz_swap(sec[1].pub.t_inv, sec[3].pub.t_inv);
    ok(rc == 0 && held != t2, "another t is another table");
    duet_rp_table_release(held);
    duet_rp_table_release(t2);

    /* The provers' helper. */
    rc = 0;
    for (i = 0; i < 20; i++) {
        rand_signed(x, 300);
        rand_signed(y, toy.rp_y_max_bits);
        rc |= duet_rp_commit_sec_cached(&sec[2].pub, a, x, 300, y,
            toy.rp_y_max_bits);
        rc |= duet_rp_commit_sec(&sec[2].pub, b, x, 300, y,
            toy.rp_y_max_bits);
        rc |= mpz_cmp(a, b) != 0;
    }
    ok(rc == 0, "rp_commit_sec_cached equals rp_commit_sec");
    mpz_set_ui(x, 0);
    mpz_setbit(x, toy.rp_x_max_bits + 10);
    mpz_neg(x, x);
    ok(duet_rp_commit_sec_cached(&sec[2].pub, a, x, toy.rp_x_max_bits + 11,
            y, toy.rp_y_max_bits) == 0
        && duet_rp_commit_var(&sec[2].pub, b, x, y) == 0
        && mpz_cmp(a, b) == 0,
        "bounds over the level's fall back to rp_commit_sec");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_commit_sec_cached(&sec[2].pub, a, x, 20, y, 20),
        "the helper refuses |x| over its bound");
    /* Peek, and the helper that only uses a cached table. */
    duet_rp_cache_stats(&st);
    i = st.misses;
    rc = duet_rp_table_peek(&sec[n - 1].pub, &t2);
    ok(rc == 0 && t2 == NULL, "peek does not build a missing table");
    rand_signed(x, 300);
    rand_signed(y, toy.rp_y_max_bits);
    rc = duet_rp_commit_sec_if_cached(&sec[n - 1].pub, a, x, 300, y,
        toy.rp_y_max_bits);
    rc |= duet_rp_commit_var(&sec[n - 1].pub, b, x, y);
    rc |= duet_rp_table_peek(&sec[n - 1].pub, &t2);
    duet_rp_cache_stats(&st);
    ok(rc == 0 && mpz_cmp(a, b) == 0 && t2 == NULL && st.misses == i,
        "rp_commit_sec_if_cached without a table: right, and none built");
    rc = duet_rp_table_get(&sec[n - 1].pub, &held);
    rc |= duet_rp_table_peek(&sec[n - 1].pub, &t2);
    ok(rc == 0 && t2 == held, "peek finds a cached table");
    duet_rp_table_release(t2);
    duet_rp_table_release(held);
    rc = duet_rp_commit_sec_if_cached(&sec[n - 1].pub, a, x, 300, y,
        toy.rp_y_max_bits);
    ok(rc == 0 && mpz_cmp(a, b) == 0,
        "rp_commit_sec_if_cached with the table: right");

    rc = 0;
    for (i = 0; i < 20; i++) {
        rand_signed(x, i < 10 ? 300 : toy.rp_x_max_bits + 100);
        rand_signed(y, toy.rp_y_max_bits);
        rc |= duet_rp_commit_var_cached(&sec[2].pub, a, x, y);
        rc |= duet_rp_commit_var(&sec[2].pub, b, x, y);
        rc |= mpz_cmp(a, b) != 0;
    }
    ok(rc == 0, "rp_commit_var_cached equals rp_commit_var");

    duet_rp_cache_flush();
    for (i = 0; i < n; i++) {
        duet_rp_secret_clear(&sec[i]);
    }
    mpz_clears(x, y, a, b, NULL);
}


struct thread_arg {
    const struct duet_rp_params *rp[3];
    mpz_t x[3], y[3], want[3];
    unsigned bad;
    int flush;
};


static void *
thread_main(void *p)
{
    struct thread_arg *ta = p;
    const struct duet_rp_table *tab;
    mpz_t out;
    unsigned i, k;

    mpz_init(out);
    for (i = 0; i < THREAD_ROUNDS; i++) {
        k = i % 3;
        if (duet_rp_table_get(ta->rp[k], &tab) != 0
            || duet_rp_table_commit_sec(tab, out, ta->x[k], 200, ta->y[k],
                600) != 0
            || mpz_cmp(out, ta->want[k]) != 0)
        {
            ta->bad++;
        }
        duet_rp_table_release(tab);
        if (ta->flush && i % 7 == 3) {
            duet_rp_cache_flush();
        }
    }
    mpz_clear(out);

    return NULL;
}


/* Two threads sharing (and flushing) the cache. */
static void
test_threads(void)
{
    struct duet_rp_secret sec[3];
    struct thread_arg ta[2];
    pthread_t th[2];
    int i, k, started = 0;

    for (k = 0; k < 3; k++) {
        toy_rp(&sec[k], k & 1);
    }
    duet_rp_cache_flush();
    for (i = 0; i < 2; i++) {
        memset(&ta[i], 0, sizeof(ta[i]));
        ta[i].flush = i;
        for (k = 0; k < 3; k++) {
            ta[i].rp[k] = &sec[k].pub;
            mpz_inits(ta[i].x[k], ta[i].y[k], ta[i].want[k], NULL);
            rand_signed(ta[i].x[k], 200);
            rand_signed(ta[i].y[k], 600);
            if (duet_rp_commit_var(&sec[k].pub, ta[i].want[k], ta[i].x[k],
                    ta[i].y[k]) != 0)
            {
                bail("reference commitment");
            }
        }
    }
    for (i = 0; i < 2; i++) {
        if (pthread_create(&th[i], NULL, thread_main, &ta[i]) == 0) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        pthread_join(th[i], NULL);
    }
    ok(started == 2 && ta[0].bad == 0 && ta[1].bad == 0,
        "two threads, %d rounds each, one flushing: every commitment right",
        THREAD_ROUNDS);
    duet_rp_cache_flush();
    for (i = 0; i < 2; i++) {
        for (k = 0; k < 3; k++) {
            mpz_clears(ta[i].x[k], ta[i].y[k], ta[i].want[k], NULL);
        }
    }
    for (k = 0; k < 3; k++) {
        duet_rp_secret_clear(&sec[k]);
    }
}


/* STYLE.md 17: every allocation failure ends in DUET_ERR_NO_MEMORY. */
static void
test_alloc_failures(void)
{
    struct duet_rp_secret sec;
    struct duet_rp_table *tab = NULL;
    const struct duet_rp_table *ct = NULL;
    mpz_t x, y, a;
    unsigned long n;
    unsigned bad = 0, hit = 0;
    int r, done;

    mpz_inits(x, y, a, NULL);
    toy_rp(&sec, 1);
    mpz_set_si(x, -5);
    mpz_set_ui(y, 7);
    duet_rp_cache_flush();
    for (n = 1, done = 0; n < 20 && !done; n++) {
        duet_mem_test_fail_alloc(n);
        r = duet_rp_table_build(&tab, &sec.pub, 0);
        duet_mem_test_fail_alloc(0);
        done = r == 0;
        hit += r == DUET_ERR_NO_MEMORY;
        bad += r != 0 && (r != DUET_ERR_NO_MEMORY || tab != NULL);
    }
    for (n = 1, done = 0; n < 20 && !done; n++) {
        duet_mem_test_fail_alloc(n);
        r = duet_rp_table_commit_sec(tab, a, x, 8, y, 8);
        duet_mem_test_fail_alloc(0);
        done = r == 0;
        hit += r == DUET_ERR_NO_MEMORY;
        bad += r != 0 && r != DUET_ERR_NO_MEMORY;
    }
    for (n = 1, done = 0; n < 20 && !done; n++) {
        duet_mem_test_fail_alloc(n);
        r = duet_rp_table_commit_var(tab, a, x, y);
        duet_mem_test_fail_alloc(0);
        done = r == 0;
        hit += r == DUET_ERR_NO_MEMORY;
        bad += r != 0 && r != DUET_ERR_NO_MEMORY;
    }
    for (n = 1, done = 0; n < 20 && !done; n++) {
        duet_mem_test_fail_alloc(n);
        r = duet_rp_commit_sec_cached(&sec.pub, a, x, 8, y, 8);
        duet_mem_test_fail_alloc(0);
        done = r == 0;
        hit += r == DUET_ERR_NO_MEMORY;
        bad += r != 0 && r != DUET_ERR_NO_MEMORY;
    }
    r = duet_rp_table_get(&sec.pub, &ct);
    ok(bad == 0 && hit >= 4 && r == 0,
        "allocation failures end in DUET_ERR_NO_MEMORY (%u reached)", hit);
    duet_rp_table_release(ct);
    duet_rp_table_free(tab);
    duet_rp_cache_flush();
    duet_rp_secret_clear(&sec);
    mpz_clears(x, y, a, NULL);
}


static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return x < y ? -1 : x > y;
}


/* The default window at a full level, with the provers' bounds; then
 * timings of the table and the plain commitments. */
static void
test_level(int id)
{
    const struct duet_level *l = duet_level_get(id);
    struct duet_rp_secret sec;
    struct duet_rp_table *tab;
    const char *top = getenv("top_srcdir");
    char path[4096];
    mpz_t pr[2], x, y, a;
    double t0, build, tt[5], tp[5];
    unsigned bad, ee, eg, i;
    size_t n = 0;

    for (i = 0; i < 2; i++) {
        mpz_init(pr[i]);
    }
    if (top != NULL) {
        snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
            top, l->prime_bits);
        n = read_primes(path, pr, 2);
    }
    if (n < 2) {
        skip_block(2, "level %d: no %u-bit safe primes in tests/vectors",
            id, l->prime_bits);
        goto out;
    }
    duet_rp_secret_init(&sec);
    if (duet_rp_secret_from_primes(&sec, pr[0], pr[1], l, NULL) != 0) {
        bail("level %d ring-Pedersen parameters", id);
    }
    mpz_inits(x, y, a, NULL);
    t0 = now();
    if (duet_rp_table_build(&tab, &sec.pub, 0) != 0) {
        bail("level %d table", id);
    }
    build = now() - t0;
    ok(duet_rp_table_x_max_bits(tab) >= l->rp_x_max_bits
        && duet_rp_table_y_max_bits(tab) >= l->rp_y_max_bits,
        "level %d: the table covers rp_x_max_bits, rp_y_max_bits", id);

    /* The ceilings, and the bounds of Pi^aff-g's E and S. */
    ee = l->ell + l->epsilon;
    eg = ee + sec.pub.n_bits;
    bad = compare(tab, &sec.pub, l->rp_x_max_bits, l->rp_y_max_bits, 6);
    bad += compare(tab, &sec.pub, ee, eg, 6);
    bad += compare(tab, &sec.pub, l->ell, l->ell + sec.pub.n_bits, 4);
    bad += compare(tab, &sec.pub, 0, 1, 2);
    is_int(0, bad, "level %d: table commitments equal rp_commit_sec and "
        "rp_commit_var", id);

    /* Medians of 5: Pi^aff-g's E = s^alpha t^gamma. */
    for (i = 0; i < 5; i++) {
        rand_signed(x, ee);
        rand_signed(y, eg);
        t0 = now();
        (void) duet_rp_table_commit_sec(tab, a, x, ee, y, eg);
        tt[i] = now() - t0;
        t0 = now();
        (void) duet_rp_commit_sec(&sec.pub, a, x, ee, y, eg);
        tp[i] = now() - t0;
    }
    qsort(tt, 5, sizeof(tt[0]), cmp_double);
    qsort(tp, 5, sizeof(tp[0]), cmp_double);
    diag("level %d: table build %.1f ms, %.2f MB; s^x t^y with %u, %u bits: "
        "table %.2f ms, rp_commit_sec %.2f ms", id, build * 1e3,
        (double) duet_rp_table_bytes(tab) / 1048576.0, ee, eg, tt[2] * 1e3,
        tp[2] * 1e3);
    duet_rp_table_free(tab);
    duet_rp_secret_clear(&sec);
    mpz_clears(x, y, a, NULL);

out:
    for (i = 0; i < 2; i++) {
        mpz_clear(pr[i]);
    }
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());
    if (duet_init() != 0) {
        bail("duet_init failed");
    }
    toy = *duet_level_get(DUET_LEVEL_112);
    toy.id = 0;
    toy.prime_bits = TOY_PRIME_BITS;
    toy.modulus_bits = 2 * TOY_PRIME_BITS;
    toy.modulus_min_bits = 2 * TOY_PRIME_BITS - 1;
    toy.modulus_max_bits = 2 * TOY_PRIME_BITS;

    test_windows();
    test_refusals();
    test_cache();
    test_threads();
    test_alloc_failures();
    test_level(DUET_LEVEL_112);
    test_level(DUET_LEVEL_128);

    return 0;
}
