/*
 * prime-t.c -- tests for crypto/src/bn/prime: the small-prime table, the
 * combined sieve against direct division, safe-prime generation (sizes,
 * determinism, restarts, progress and cancel), the fixture files
 * tests/vectors/safe-primes-*.txt, and the modulus checks of spec section
 * 6.1 (one named test per attack input).
 *
 * Randomized: prints "# seed=..."; replay with DUET_TEST_SEED=<hex>.
 * DUET_TEST_SLOW=1 adds 1536-bit generations.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "bn/prime.h"
#include "util/mem.h"
#include "util/rand.h"

/* The number of primes below 2^24, minus one for 2. */
#define ODD_PRIMES_BELOW_2_24  1077870

#define FIXTURE_MAX            64

/* A 3072-bit prime (made with "openssl prime -generate -bits 3072"). */
static const char prime3072_hex[] =
    "c9bac2ce2aea602b59f3fc64e2da478cf10e8b76994e57adc6be60ba30765482"
    "11d49c35900033ab48c85e3d67b1c585e5d4499186dc3e5ee3607bfe3f4e78a2"
    "3ed1a024f3bb519d23e55156ce03c1d28499f7cf0a195dcd72a805ebdef733cd"
    "40169d539ae6472dde9e8c49ee1d3fdcafa706094f00a9fb1bf347cbe0a6efe4"
    "ffe6334d9ed5ba9268161f1f4d36cea60d50d66891d94d31293213c1439cd98e"
    "973073327b79c44a1d0bece9319178c79febdb554b4c880e8730e3cab8b581df"
    "604d73fa766f3bc78a5fb6de14e4c07d3a2ce1765a8a5cd74b42332352cca108"
    "0b38608e2db5d9374a101bcd29d68eb83bafffae2a2586d90eec9648b3606226"
    "1c74f27c40a9b5c9ecc76ce4155eece361550ee64b653d74c20b951978e97445"
    "ae8605c70c2b2060cae1ad688e5d82c99388af9938add86a8d94afda6e9b2979"
    "e266cfb105115e0b97bb402154dbdacee2ffa8b9561ace1c3ed5d31d339ea5cd"
    "2097eb5432609092a0edfb9105d7b519c8faf2b43789ef8b94626338ad4ea621";

struct fixture {
    unsigned bits;
    size_t count;
    mpz_t p[FIXTURE_MAX];
};

struct progress_log {
    unsigned long calls;
    unsigned long last;
    unsigned long bad_steps;
    unsigned long step;         /* expected increment, 0: any increase */
    unsigned long cancel_at;    /* return 1 on this call, 0: never */
};

static struct fixture fix1024 = { .bits = 1024 };
static struct fixture fix1536 = { .bits = 1536 };


static int
progress_cb(void *arg, unsigned long candidates)
{
    struct progress_log *log = arg;

    log->calls++;
    if (log->step != 0 ? candidates != log->last + log->step
        : candidates <= log->last)
    {
        log->bad_steps++;
    }
    log->last = candidates;

    return log->cancel_at != 0 && log->calls == log->cancel_at;
}


/* Random odd number of exactly bits bits, from the (seeded) test RNG. */
static void
random_odd(mpz_t x, unsigned bits)
{
    uint8_t buf[512];
    size_t n = (bits + 7) / 8;

    if (n > sizeof(buf) || duet_random_bytes(buf, n) != 0) {
        bail("random_odd");
    }
    mpz_import(x, n, 1, 1, 1, 0, buf);
    mpz_fdiv_r_2exp(x, x, bits);
    mpz_setbit(x, bits - 1);
    mpz_setbit(x, 0);
}


/* The sieve's specification, by direct division. */
static int
direct_survives(const mpz_t x, const uint32_t *primes, size_t n)
{
    unsigned long rem;
    size_t k;

    for (k = 0; k < n; k++) {
        rem = mpz_fdiv_ui(x, primes[k]);
        if (rem == 0 || rem == (primes[k] - 1) / 2) {
            return 0;
        }
    }
    return 1;
}


static void
test_table(void)
{
    const uint32_t *t = NULL;
    size_t n = 0, k, bad = 0;
    mpz_t x;

    is_int(0, duet_prime_table(&t, &n), "prime table builds");
    if (t == NULL) {
        skip_block(4, "no table");
        return;
    }
    is_int(ODD_PRIMES_BELOW_2_24, (long long) n,
        "table holds every odd prime below 2^24");
    ok(t[0] == 3 && t[1] == 5 && t[2] == 7 && t[3] == 11 && t[4] == 13,
        "table starts 3, 5, 7, 11, 13");
    ok(t[n - 1] == 16777213, "table ends with 16777213, the last prime "
        "below 2^24");

    mpz_init(x);
    for (k = 0; k < n; k++) {
        if ((k > 0 && t[k] <= t[k - 1])
            || ((k < 3000 || k + 300 > n || k % 997 == 0)
            && (mpz_set_ui(x, t[k]), !mpz_probab_prime_p(x, 30))))
        {
            bad++;
        }
    }
    /* Nothing missing between consecutive entries, near both ends. */
    for (k = 0; k < 3000; k++) {
        mpz_set_ui(x, t[k]);
        mpz_nextprime(x, x);
        bad += mpz_cmp_ui(x, t[k + 1]) != 0;
    }
    for (k = n - 300; k + 1 < n; k++) {
        mpz_set_ui(x, t[k]);
        mpz_nextprime(x, x);
        bad += mpz_cmp_ui(x, t[k + 1]) != 0;
    }
    is_int(0, (long long) bad, "table is increasing, prime, and has no "
        "gaps (checked at both ends and every 997th entry)");
    mpz_clear(x);
}


/*
 * Run the generator's sieve over count candidates from start, with nprimes
 * primes, and compare every verdict with direct division.
 */
static void
check_sieve_window(const mpz_t start, size_t count, size_t nprimes,
    const char *what)
{
    const uint32_t *t;
    uint8_t *survive = bmalloc(count);
    size_t n, i, wrong = 0, survivors = 0;
    mpz_t x;
    int r;

    mpz_init(x);
    if (duet_prime_table(&t, &n) != 0) {
        bail("table");
    }
    r = duet_prime_test_sieve(survive, count, start, nprimes);
    is_int(0, r, "sieve runs: %s", what);
    for (i = 0; i < count && r == 0; i++) {
        mpz_add_ui(x, start, 2 * (unsigned long) i);
        if (survive[i] != direct_survives(x, t, nprimes)) {
            if (wrong++ < 3) {
                diag("candidate %zu: sieve says %d", i, survive[i]);
            }
        }
        survivors += survive[i];
    }
    is_int(0, (long long) wrong, "sieve matches mpz_fdiv_ui on all %zu "
        "candidates: %s", count, what);
    ok(survivors > 0 && survivors < count, "sieve keeps some, not all "
        "(%zu): %s", survivors, what);
    free(survive);
    mpz_clear(x);
}


static void
test_sieve(void)
{
    uint8_t one[1];
    mpz_t s, q;
    size_t i;

    mpz_inits(s, q, NULL);

    /*
     * Crosses a segment boundary, with primes up to ~350k: some are larger
     * than a segment, so their offsets are carried over segments unused.
     */
    random_odd(s, 96);
    check_sieve_window(s, DUET_PRIME_SEGMENT + 4321, 30000,
        "30000 primes, 2 segments");
    random_odd(s, 96);
    check_sieve_window(s, DUET_PRIME_SEGMENT + 17, 2,
        "only 3 and 5, 2 segments");

    /* Known rejections. */
    random_odd(s, 200);
    mpz_mul_ui(s, s, 65521);
    is_int(0, duet_prime_test_sieve(one, 1, s, 7000), "sieve runs on "
        "65521 * odd");
    is_int(0, one[0], "sieve rejects p' divisible by 65521");
    /* 2p' + 1 = 65521 m, m odd: p' = (65521 m - 1) / 2. */
    random_odd(s, 200);
    mpz_mul_ui(s, s, 65521);
    mpz_sub_ui(s, s, 1);
    mpz_fdiv_q_2exp(s, s, 1);
    if (mpz_even_p(s)) {
        mpz_add_ui(s, s, 65521);
    }
    is_int(0, duet_prime_test_sieve(one, 1, s, 7000), "sieve runs on "
        "(65521 m - 1) / 2");
    is_int(0, one[0], "sieve rejects p' with 65521 | 2p' + 1");

    /* Misuse of the hook. */
    mpz_set_ui(s, 1001);
    ok(duet_prime_test_sieve(one, 1, s, 1000) == DUET_ERR_INVALID_ARGUMENT,
        "sieve hook refuses a start below its primes");
    mpz_set_ui(s, 1u << 30);
    ok(duet_prime_test_sieve(one, 1, s, 10) == DUET_ERR_INVALID_ARGUMENT,
        "sieve hook refuses an even start");

    /*
     * The sieve never rejects a true safe prime: put each fixture's p'
     * somewhere in a window (across segment boundaries) sieved with the
     * whole table.
     */
    {
        struct fixture *fx[2] = { &fix1024, &fix1536 };
        size_t f, off, count, rejected = 0, tried = 0;
        uint8_t *survive;

        for (f = 0; f < 2; f++) {
            for (i = 0; i < fx[f]->count && i < 6; i++) {
                off = (i * 140503 + 777) % (2 * DUET_PRIME_SEGMENT + 999);
                count = off + 1;
                survive = bmalloc(count);
                mpz_fdiv_q_2exp(q, fx[f]->p[i], 1);
                mpz_sub_ui(s, q, 2 * (unsigned long) off);
                if (duet_prime_test_sieve(survive, count, s, SIZE_MAX) != 0
                    || survive[off] != 1)
                {
                    rejected++;
                }
                tried++;
                free(survive);
            }
        }
        ok(tried >= 12 && rejected == 0, "the full-table sieve keeps all %zu "
            "fixture safe primes", tried);
    }
    mpz_clears(s, q, NULL);
}


static void
check_generated(const mpz_t p, unsigned bits, const char *what)
{
    ok(mpz_sizeinbase(p, 2) == bits && mpz_fdiv_ui(p, 4) == 3
        && duet_prime_is_safe_var(p),
        "%s: a safe prime of exactly %u bits, 3 mod 4", what, bits);
}


static void
test_generate(uint64_t seed)
{
    static const unsigned sizes[] = { 64, 65, 100, 127, 128, 255, 256, 512 };
    struct duet_prime_gen_opts opts;
    struct duet_prime_stats st;
    struct progress_log log;
    size_t i;
    mpz_t p, p2;
    int r;

    mpz_inits(p, p2, NULL);
    duet_rand_test_seed(seed);

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        r = duet_prime_safe_generate(p, sizes[i], NULL);
        is_int(0, r, "generate %u bits", sizes[i]);
        check_generated(p, sizes[i], "default options");
    }

    /* Deterministic under the test RNG. */
    duet_rand_test_seed(seed ^ 0x5afe);
    r = duet_prime_safe_generate(p, 256, NULL);
    duet_rand_test_seed(seed ^ 0x5afe);
    r |= duet_prime_safe_generate(p2, 256, NULL);
    ok(r == 0 && mpz_cmp(p, p2) == 0, "same seed, same prime");
    duet_rand_test_seed(seed ^ 0x5aff);
    r = duet_prime_safe_generate(p2, 256, NULL);
    ok(r == 0 && mpz_cmp(p, p2) != 0, "another seed, another prime");

    /* The result does not depend on how many primes the sieve uses. */
    memset(&opts, 0, sizeof(opts));
    opts.sieve_primes = 3;
    duet_rand_test_seed(seed ^ 0x5afe);
    r = duet_prime_safe_generate(p2, 256, &opts);
    ok(r == 0 && mpz_cmp(p, p2) == 0, "sieving with 3 primes finds the "
        "same prime as the default sieve");
    opts.sieve_primes = SIZE_MAX;
    opts.fermat = DUET_PRIME_FERMAT_NONE;
    duet_rand_test_seed(seed ^ 0x5afe);
    r = duet_prime_safe_generate(p2, 256, &opts);
    ok(r == 0 && mpz_cmp(p, p2) == 0, "the whole table and no Fermat "
        "pre-test: still the same prime");
    opts.sieve_primes = 0;
    opts.fermat = DUET_PRIME_FERMAT_GMP;
    duet_rand_test_seed(seed ^ 0x5afe);
    r = duet_prime_safe_generate(p2, 256, &opts);
    ok(r == 0 && mpz_cmp(p, p2) == 0, "the GMP Fermat engine: the same "
        "prime");
    opts.fermat = DUET_PRIME_FERMAT_NONE + 1;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_prime_safe_generate(p2, 256,
        &opts), "an unknown Fermat engine is refused");

    /*
     * Restarts: with one candidate per window nearly every window fails
     * (a 128-bit search needs ~3000 candidates).
     */
    memset(&opts, 0, sizeof(opts));
    opts.stats = &st;
    opts.window = 1;
    r = duet_prime_safe_generate(p, 128, &opts);
    is_int(0, r, "generate with a one-candidate window");
    check_generated(p, 128, "after restarts");
    ok(st.restarts > 0 && st.candidates == st.restarts + 1,
        "restarts counted (%lu), one candidate each", st.restarts);
    opts.window = 200;
    r = duet_prime_safe_generate(p, 256, &opts);
    is_int(0, r, "generate with a 200-candidate window");
    check_generated(p, 256, "200-candidate windows");
    ok(st.candidates > st.restarts * 200
        && st.candidates <= (st.restarts + 1) * 200,
        "candidates (%lu) lie in the last of %lu + 1 windows",
        st.candidates, st.restarts);
    ok(st.full_tests >= 1 && st.fermat_pq >= st.full_tests
        && st.survivors >= st.fermat_pq && st.candidates > st.survivors,
        "stats are consistent: %lu candidates, %lu survivors, %lu Fermat "
        "on p, %lu full tests", st.candidates, st.survivors, st.fermat_pq,
        st.full_tests);

    /* Progress: once per exhausted window, counting up by the window. */
    memset(&log, 0, sizeof(log));
    log.step = 300;
    opts.window = 300;
    opts.progress = progress_cb;
    opts.progress_arg = &log;
    r = duet_prime_safe_generate(p, 256, &opts);
    is_int(0, r, "generate with a progress callback");
    ok(log.calls == st.restarts && log.bad_steps == 0
        && log.last == 300 * st.restarts,
        "progress called after each of %lu windows, counting up by 300",
        log.calls);

    /* Cancel, at the 3rd call (a 1024-bit prime in 3 candidates: ~1e-5). */
    memset(&log, 0, sizeof(log));
    log.step = 1;
    log.cancel_at = 3;
    opts.window = 1;
    opts.sieve_primes = 64;
    mpz_set_ui(p, 12345);
    r = duet_prime_safe_generate(p, 1024, &opts);
    is_int(DUET_ERR_LIMIT_EXCEEDED, r, "progress returning 1 cancels");
    ok(log.calls == 3 && log.last == 3 && log.bad_steps == 0
        && mpz_sgn(p) == 0,
        "cancel at the 3rd call: progress saw 1, 2, 3, and p is 0");

    /* Allocation failures: the sieve state, then its offsets. */
    for (i = 1; i <= 2; i++) {
        mpz_set_ui(p, 7);
        duet_mem_test_fail_alloc((unsigned long) i);
        r = duet_prime_safe_generate(p, 128, NULL);
        duet_mem_test_fail_alloc(0);
        ok(r == DUET_ERR_NO_MEMORY && mpz_sgn(p) == 0,
            "allocation %zu fails: DUET_ERR_NO_MEMORY and p is 0", i);
    }
    r = duet_prime_safe_generate(p, 128, NULL);
    is_int(0, r, "after the failures, generation works again");

    /* Sizes outside the range. */
    mpz_set_ui(p, 7);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_prime_safe_generate(p, 63, NULL),
        "63 bits refused");
    ok(mpz_sgn(p) == 0, "p is 0 after an error");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_prime_safe_generate(p, DUET_PRIME_MAX_BITS + 1, NULL),
        "DUET_PRIME_MAX_BITS + 1 refused");

    /* One real size in the default suite: fast enough (~0.2 s). */
    memset(&opts, 0, sizeof(opts));
    memset(&log, 0, sizeof(log));
    log.step = DUET_PRIME_SEGMENT;
    opts.stats = &st;
    opts.progress = progress_cb;
    opts.progress_arg = &log;
    r = duet_prime_safe_generate(p, 1024, &opts);
    is_int(0, r, "generate 1024 bits");
    check_generated(p, 1024, "1024 bits");
    ok(log.calls == (st.candidates - 1) / DUET_PRIME_SEGMENT
        && log.bad_steps == 0, "progress after each of %lu full segments",
        log.calls);
    diag("1024 bits: %lu candidates, %lu Fermat tests", st.candidates,
        st.survivors);

    if (getenv("DUET_TEST_SLOW") != NULL) {
        for (i = 0; i < 2; i++) {
            r = duet_prime_safe_generate(p, 1536, &opts);
            is_int(0, r, "generate 1536 bits (slow)");
            check_generated(p, 1536, "1536 bits");
        }
    } else {
        skip_block(4, "1536-bit generation: set DUET_TEST_SLOW=1");
    }

    duet_rand_test_reset();
    mpz_clears(p, p2, NULL);
}


static void
test_is_safe(void)
{
    static const unsigned long safe[] = { 7, 11, 23, 47, 59, 83, 107, 167,
        179, 227, 263, 347, 359, 383, 467, 479, 503, 563, 587, 719, 839,
        863, 887, 983, 1019, 1187, 1283, 1307, 1319, 1367, 1439, 1487 };
    unsigned long v, k;
    unsigned long wrong = 0;
    mpz_t x;

    mpz_init(x);
    /* Exactly the listed numbers below 1500 are safe primes (> 5). */
    for (v = 0, k = 0; v < 1500; v++) {
        mpz_set_ui(x, v);
        if (duet_prime_is_safe_var(x)
            != (k < sizeof(safe) / sizeof(safe[0]) && safe[k] == v))
        {
            wrong++;
        }
        if (k < sizeof(safe) / sizeof(safe[0]) && safe[k] == v) {
            k++;
        }
    }
    is_int(0, (long long) wrong, "is_safe agrees with the list of safe "
        "primes below 1500");
    mpz_set_si(x, -7);
    ok(!duet_prime_is_safe_var(x), "is_safe(-7) is 0");
    mpz_clear(x);
}


static void
read_fixture(struct fixture *fx)
{
    char path[4096], line[2048];
    const char *top = getenv("top_srcdir");
    FILE *f;
    size_t len, lines = 0, bad = 0, header = 0;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
        top != NULL ? top : ".", fx->bits);
    if ((f = fopen(path, "r")) == NULL) {
        sysbail("cannot open %s (set top_srcdir)", path);
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        len = strlen(line);
        if (len == 0 || line[len - 1] != '\n') {
            bad++;
            continue;
        }
        line[--len] = '\0';
        lines++;
        if (line[0] == '#') {
            header += strstr(line, "make-safe-primes") != NULL;
            continue;
        }
        if (fx->count == FIXTURE_MAX
            || len != strspn(line, "0123456789abcdef")
            || len != fx->bits / 4)
        {
            bad++;
            continue;
        }
        mpz_init_set_str(fx->p[fx->count], line, 16);
        fx->count++;
    }
    fclose(f);
    ok(header == 1 && bad == 0 && fx->count >= 16,
        "%u-bit fixture: a header naming the tool, then %zu lower-case hex "
        "lines of %u digits", fx->bits, fx->count, fx->bits / 4);
}


static void
test_fixture(struct fixture *fx)
{
    size_t i, j, bad = 0, dup = 0;

    for (i = 0; i < fx->count; i++) {
        if (mpz_sizeinbase(fx->p[i], 2) != fx->bits
            || !duet_prime_is_safe_var(fx->p[i]))
        {
            bad++;
            diag("%u-bit fixture line %zu is not a safe prime of that size",
                fx->bits, i + 1);
        }
        for (j = 0; j < i; j++) {
            dup += mpz_cmp(fx->p[i], fx->p[j]) == 0;
        }
    }
    is_int(0, (long long) bad, "every %u-bit fixture prime is a safe prime "
        "of exactly %u bits", fx->bits, fx->bits);
    is_int(0, (long long) dup, "the %u-bit fixture primes are distinct",
        fx->bits);
}


/* check_modulus_var with the level-128 window, expecting a rejection. */
static void
expect_modulus(const mpz_t n, unsigned lo, unsigned hi, int want_r,
    enum duet_prime_check want, const char *name)
{
    enum duet_prime_check c = DUET_PRIME_CHECK_OK;
    int r = duet_prime_check_modulus_var(n, lo, hi, &c);

    ok(r == want_r && c == want, "%s (%s)", name, duet_prime_check_str(c));
    if (r != want_r || c != want) {
        diag("got r=%d check=%d, want r=%d check=%d", r, (int) c, want_r,
            (int) want);
    }
}


static void
test_modulus_checks(void)
{
    const uint32_t *t;
    size_t n, k;
    mpz_t N, x;
    enum duet_prime_check c;
    int distinct = 1, i, j;

    mpz_inits(N, x, NULL);
    if (duet_prime_table(&t, &n) != 0 || fix1536.count < 4
        || fix1024.count < 2)
    {
        bail("modulus checks need the table and the fixtures");
    }

    /* A good modulus: the product of two 1536-bit safe primes. */
    for (k = 0; k + 1 < fix1536.count; k += 2) {
        mpz_mul(N, fix1536.p[k], fix1536.p[k + 1]);
        if (mpz_sizeinbase(N, 2) >= 3071) {
            break;
        }
    }
    expect_modulus(N, 3071, 3072, 0, DUET_PRIME_CHECK_OK,
        "valid N = pq of two 1536-bit safe primes is accepted");

    /* A1, BitForge: 16 primes near 2^16 times a large Q. */
    mpz_set_ui(x, 1);
    for (k = 0; t[k] < DUET_PRIME_CHECK_BOUND; k++) {
        continue;
    }
    for (i = 0; i < 16; i++) {
        mpz_mul_ui(x, x, t[k - 1 - (size_t) i]);
    }
    /*
     * Q odd, free of small factors, and of the size that puts N = xQ at
     * 3071 or 3072 bits: only the 16 primes can be what the check finds.
     */
    mpz_set_ui(N, 1);
    mpz_mul_2exp(N, N, 3071 - mpz_sizeinbase(x, 2));
    mpz_add_ui(N, N, 1);
    while (duet_prime_check_modulus_var(N, 2, 3072, &c) != 0
        && c == DUET_PRIME_CHECK_SMALL_FACTOR)
    {
        mpz_add_ui(N, N, 2);
    }
    mpz_mul(N, N, x);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_SMALL_FACTOR,
        "A1 BitForge: N = 16 primes below 2^16 times a large prime");
    /* 3 * (N / 3), made odd: the size of a valid N, but 3 | N. */
    mpz_mul(N, fix1536.p[0], fix1536.p[1]);
    mpz_fdiv_q_ui(x, N, 3);
    if (mpz_even_p(x)) {
        mpz_sub_ui(x, x, 1);
    }
    mpz_mul_ui(N, x, 3);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_SMALL_FACTOR, "small factor: N divisible by 3");

    /* p = q. */
    mpz_mul(N, fix1536.p[2], fix1536.p[2]);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL, DUET_PRIME_CHECK_SQUARE,
        "A3 p = q: N = p^2 is rejected as a square");

    /* Even. */
    mpz_mul(N, fix1536.p[0], fix1536.p[1]);
    mpz_add_ui(N, N, 1);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL, DUET_PRIME_CHECK_EVEN,
        "A3 even N");

    /* Prime (a 1024-bit one, in a 1024-bit window, to keep it quick). */
    expect_modulus(fix1024.p[0], 1023, 1024, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_PRIME, "A3 N prime");
    if (mpz_set_str(N, prime3072_hex, 16) != 0) {
        bail("prime3072_hex");
    }
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL, DUET_PRIME_CHECK_PRIME,
        "A3 N prime, 3072 bits");

    /* Too short: A2 test 1, 2048 and 3070 bits. */
    mpz_mul(N, fix1024.p[0], fix1024.p[1]);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_TOO_SHORT, "A2 N too short: 2048 bits");
    mpz_mul(N, fix1536.p[0], fix1536.p[1]);
    mpz_fdiv_q_2exp(N, N, mpz_sizeinbase(N, 2) - 3070);
    mpz_setbit(N, 0);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_TOO_SHORT, "A2 N too short: 3070 bits");

    /* Too long: C7. */
    mpz_mul(N, fix1536.p[0], fix1536.p[1]);
    mpz_mul_2exp(N, N, 3073 - mpz_sizeinbase(N, 2));
    mpz_setbit(N, 0);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_TOO_LONG, "C7 N too long: 3073 bits");
    mpz_set_ui(N, 1);
    mpz_mul_2exp(N, N, 1000000);
    mpz_add_ui(N, N, 1);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_TOO_LONG, "C7 N of a million bits, refused early");

    /* Not positive. */
    mpz_set_ui(N, 0);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_NOT_POSITIVE, "N = 0");
    mpz_mul(N, fix1536.p[0], fix1536.p[1]);
    mpz_neg(N, N);
    expect_modulus(N, 3071, 3072, DUET_ERR_PROTOCOL,
        DUET_PRIME_CHECK_NOT_POSITIVE, "N = -pq");

    /* Bad bounds are the caller's error. */
    mpz_mul(N, fix1536.p[0], fix1536.p[1]);
    expect_modulus(N, 3072, 3071, DUET_ERR_INVALID_ARGUMENT,
        DUET_PRIME_CHECK_OK, "min_bits > max_bits refused");
    expect_modulus(N, 0, 3072, DUET_ERR_INVALID_ARGUMENT,
        DUET_PRIME_CHECK_OK, "min_bits 0 refused");
    ok(duet_prime_check_modulus_var(N, 3071, 3072, NULL) == 0,
        "check may be NULL");

    /* Every check has its own description. */
    for (i = DUET_PRIME_CHECK_OK; i <= DUET_PRIME_CHECK_FACTOR_NOT_SAFE;
        i++)
    {
        for (j = 0; j < i; j++) {
            if (strcmp(duet_prime_check_str((enum duet_prime_check) i),
                    duet_prime_check_str((enum duet_prime_check) j)) == 0)
            {
                distinct = 0;
            }
        }
        if (strcmp(duet_prime_check_str((enum duet_prime_check) i),
                "unknown check") == 0)
        {
            distinct = 0;
        }
    }
    c = (enum duet_prime_check) 99;
    ok(distinct && strcmp(duet_prime_check_str(c), "unknown check") == 0,
        "every check has a distinct description");

    mpz_clears(N, x, NULL);
}


static void
expect_own(const mpz_t p, const mpz_t q, unsigned bits,
    enum duet_prime_check want, const char *name)
{
    enum duet_prime_check c = DUET_PRIME_CHECK_OK;
    int r = duet_prime_check_own_var(p, q, bits, &c);

    ok(r == (want == DUET_PRIME_CHECK_OK ? 0 : DUET_ERR_INVALID_ARGUMENT)
        && c == want, "own factors: %s (%s)", name,
        duet_prime_check_str(c));
}


static void
test_own_checks(void)
{
    mpz_t p, q, x;

    mpz_inits(p, q, x, NULL);
    expect_own(fix1536.p[0], fix1536.p[1], 1536, DUET_PRIME_CHECK_OK,
        "two distinct 1536-bit safe primes pass");
    expect_own(fix1536.p[0], fix1536.p[0], 1536,
        DUET_PRIME_CHECK_FACTORS_EQUAL, "p = q");
    expect_own(fix1024.p[0], fix1536.p[1], 1536,
        DUET_PRIME_CHECK_FACTOR_SIZE, "p of 1024 bits where 1536 are due");
    expect_own(fix1536.p[0], fix1024.p[1], 1536,
        DUET_PRIME_CHECK_FACTOR_SIZE, "q of 1024 bits where 1536 are due");
    mpz_add_ui(p, fix1536.p[0], 2);
    expect_own(p, fix1536.p[1], 1536, DUET_PRIME_CHECK_FACTOR_NOT_3_MOD_4,
        "p = 1 mod 4");
    mpz_add_ui(q, fix1536.p[1], 4);
    while (mpz_probab_prime_p(q, 30)) {
        mpz_add_ui(q, q, 4);
    }
    expect_own(fix1536.p[0], q, 1536, DUET_PRIME_CHECK_FACTOR_COMPOSITE,
        "q composite, 3 mod 4");

    /* A prime p = 3 mod 4 whose (p-1)/2 is composite, at 256 bits. */
    mpz_set_ui(p, 1);
    mpz_mul_2exp(p, p, 255);
    do {
        mpz_nextprime(p, p);
        mpz_fdiv_q_2exp(x, p, 1);
    } while (mpz_fdiv_ui(p, 4) != 3 || mpz_probab_prime_p(x, 30));
    duet_rand_test_seed(tap_seed() ^ 0x0f0f);
    if (duet_prime_safe_generate(q, 256, NULL) != 0) {
        bail("generate");
    }
    duet_rand_test_reset();
    expect_own(q, p, 256, DUET_PRIME_CHECK_FACTOR_NOT_SAFE,
        "q prime but not safe");
    expect_own(p, q, 256, DUET_PRIME_CHECK_FACTOR_NOT_SAFE,
        "p prime but not safe");
    ok(duet_prime_check_own_var(fix1536.p[0], fix1536.p[1], 63, NULL)
        == DUET_ERR_INVALID_ARGUMENT, "prime_bits below the minimum refused");
    mpz_clears(p, q, x, NULL);
}


int
main(int argc, char **argv)
{
    uint64_t seed;
    size_t i;

    tap_init(argc, argv);
    plan_lazy();
    seed = tap_seed();
    if (duet_init() != 0) {
        bail("duet_init");
    }

    read_fixture(&fix1024);
    read_fixture(&fix1536);

    duet_rand_test_seed(seed);
    test_table();
    test_sieve();
    duet_rand_test_reset();
    test_generate(seed);
    test_is_safe();
    test_fixture(&fix1024);
    test_fixture(&fix1536);
    test_modulus_checks();
    test_own_checks();

    for (i = 0; i < fix1024.count; i++) {
        mpz_clear(fix1024.p[i]);
    }
    for (i = 0; i < fix1536.count; i++) {
        mpz_clear(fix1536.p[i]);
    }
    return 0;
}
