/*
 * util-t.c -- tests for crypto/src/util: wiping, constant-time helpers, the
 * error vocabulary, blame, the CSPRNG and its test stream, duet_init and
 * the GMP allocator hooks, and ARG_CHECK.
 */

#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmp.h>
#include <openssl/evp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "util/mem.h"
#include "util/rand.h"

static unsigned long illegal_count;

/* Observations of the wiping free, collected by free_observer(). */
static unsigned long freed_blocks;
static unsigned long freed_dirty;
static size_t freed_bytes;


static void
counting_illegal(const char *message, void *data)
{
    (void) message;
    (*(unsigned long *) data)++;
}


/* Check that statement triggers exactly one ARG_CHECK. */
#define CHECK_ILLEGAL(stmt, desc)  do {                                      \
    unsigned long before_ = illegal_count;                                   \
    stmt;                                                                    \
    is_int(1, (long long) (illegal_count - before_),                         \
        "ARG_CHECK fires once: %s", desc);                                   \
} while (0)


static void
free_observer(const void *p, size_t n)
{
    const unsigned char *c = p;
    size_t i;

    freed_blocks++;
    freed_bytes += n;
    for (i = 0; i < n; i++) {
        if (c[i] != 0) {
            freed_dirty++;
            break;
        }
    }
}


static void
reset_free_observations(void)
{
    freed_blocks = 0;
    freed_dirty = 0;
    freed_bytes = 0;
}


static void
test_memclear(void)
{
    unsigned char buf[100], expect[100];
    unsigned long before;

    memset(buf, 0xa5, sizeof(buf));
    memset(expect, 0xa5, sizeof(expect));
    memset(expect + 10, 0, 50);
    duet_memclear(buf + 10, 50);
    is_blob(expect, buf, sizeof(buf), "memclear wipes exactly its range");

    before = illegal_count;
    duet_memclear(NULL, 0);
    duet_memclear(buf, 0);
    is_int(0, (long long) (illegal_count - before),
        "memclear of 0 bytes (even at NULL) is legal");
    is_blob(expect, buf, sizeof(buf), "memclear of 0 bytes changes nothing");
}


static void
test_ct_memeq(void)
{
    unsigned char a[70], b[70];
    size_t n, i;
    unsigned long bad = 0;
    int bit;

    for (i = 0; i < sizeof(a); i++) {
        a[i] = (unsigned char) (i * 37 + 11);
    }
    memcpy(b, a, sizeof(b));

    /* Lengths cover the word loop, the byte tail and both together. */
    for (n = 0; n <= 67; n++) {
        if (duet_ct_memeq(a, b, n) != 1) {
            bad++;
            diag("equal buffers of length %zu reported unequal", n);
        }
        for (i = 0; i < n; i++) {
            for (bit = 0; bit < 8; bit++) {
                b[i] ^= (unsigned char) (1u << bit);
                if (duet_ct_memeq(a, b, n) != 0) {
                    bad++;
                    diag("length %zu: flip of bit %d at %zu not seen", n,
                        bit, i);
                }
                b[i] ^= (unsigned char) (1u << bit);
            }
        }
    }
    is_int(0, (long long) bad,
        "ct_memeq: lengths 0..67, every single-bit difference");

    is_int(1, duet_ct_memeq(a, b + 1, 0), "ct_memeq of 0 bytes is equal");
    b[69] ^= 1;
    is_int(1, duet_ct_memeq(a, b, 69), "ct_memeq looks at n bytes only");
    is_int(0, duet_ct_memeq(a, b, 70), "ct_memeq sees the last byte");
    b[69] ^= 1;
}


static void
test_ct_helpers(void)
{
    unsigned char z[40], dst[16], src[16], orig[16];
    size_t i;
    unsigned long bad = 0;

    memset(z, 0, sizeof(z));
    is_int(1, duet_ct_is_zero(z, sizeof(z)), "ct_is_zero of zeros");
    is_int(1, duet_ct_is_zero(NULL, 0), "ct_is_zero of nothing");
    for (i = 0; i < sizeof(z); i++) {
        z[i] = 0x80;
        bad += duet_ct_is_zero(z, sizeof(z)) != 0;
        z[i] = 0x01;
        bad += duet_ct_is_zero(z, sizeof(z)) != 0;
        z[i] = 0;
    }
    is_int(0, (long long) bad, "ct_is_zero sees a non-zero byte anywhere");

    for (i = 0; i < sizeof(dst); i++) {
        orig[i] = dst[i] = (unsigned char) i;
        src[i] = (unsigned char) (0xf0 ^ i);
    }
    duet_ct_cmov(dst, src, sizeof(dst), 0);
    is_blob(orig, dst, sizeof(dst), "ct_cmov with flag 0 leaves dst");
    duet_ct_cmov(dst, src, sizeof(dst), 1);
    is_blob(src, dst, sizeof(dst), "ct_cmov with flag 1 copies src");
    duet_ct_cmov(dst, orig, sizeof(dst), -1);
    is_blob(orig, dst, sizeof(dst), "ct_cmov with flag -1 copies");
    duet_ct_cmov(dst, src, sizeof(dst), INT_MIN);
    is_blob(src, dst, sizeof(dst), "ct_cmov with flag INT_MIN copies");
}


static void
test_errors(void)
{
    static const struct {
        int code;
        const char *name;
    } codes[] = {
#define E(c)  { c, #c }
        E(DUET_OK),
        E(DUET_ERR_INTERNAL), E(DUET_ERR_NO_MEMORY),
        E(DUET_ERR_INVALID_ARGUMENT), E(DUET_ERR_RANDOM),
        E(DUET_ERR_BUFFER_TOO_SMALL), E(DUET_ERR_TRUNCATED),
        E(DUET_ERR_TRAILING_DATA), E(DUET_ERR_LIMIT_EXCEEDED),
        E(DUET_ERR_NON_CANONICAL), E(DUET_ERR_BAD_ENCODING),
        E(DUET_ERR_BAD_MAGIC), E(DUET_ERR_BAD_VERSION),
        E(DUET_ERR_BAD_STATE), E(DUET_ERR_PROOF_INVALID),
        E(DUET_ERR_PROTOCOL), E(DUET_ERR_ZERO_SCALAR),
        E(DUET_ERR_INFINITY), E(DUET_ERR_ALREADY_USED),
        E(DUET_ERR_UNSUPPORTED), E(DUET_ERR_WRONG_SESSION),
        E(DUET_ERR_WRONG_ROUND), E(DUET_ERR_UNKNOWN_SENDER),
        E(DUET_ERR_DUPLICATE), E(DUET_ERR_MISSING_MESSAGE),
        E(DUET_ERR_EQUIVOCATION), E(DUET_ERR_ECHO_MISMATCH),
        E(DUET_ERR_COMMITMENT), E(DUET_ERR_FELDMAN),
        E(DUET_ERR_BAD_PARTIAL_SIG), E(DUET_ERR_UNATTRIBUTED),
        E(DUET_ERR_EPOCH_MISMATCH), E(DUET_ERR_BAD_SIGNATURE),
        E(DUET_ERR_ABORTED),
#undef E
    };
    static const int unknown[] = {
        1, 2, 100, INT_MAX, DUET_ERR_MIN - 1, -1000, INT_MIN
    };
    size_t n = sizeof(codes) / sizeof(codes[0]);
    size_t i, j;
    unsigned long bad_name = 0, bad_text = 0, dup = 0;
    int code;
    const char *text;

    is_int(1 - DUET_ERR_MIN, (long long) n,
        "the test knows every code from 0 down to DUET_ERR_MIN");

    for (i = 0; i < n; i++) {
        if (strcmp(duet_errname(codes[i].code), codes[i].name) != 0) {
            bad_name++;
            diag("errname(%d) = %s, expected %s", codes[i].code,
                duet_errname(codes[i].code), codes[i].name);
        }
    }
    is_int(0, (long long) bad_name, "errname gives each code's macro name");

    for (code = DUET_ERR_MIN; code <= 0; code++) {
        text = duet_strerror(code);
        if (text == NULL || text[0] == '\0'
            || strcmp(text, "unknown error") == 0)
        {
            bad_text++;
            diag("strerror(%d) = \"%s\"", code, text ? text : "(null)");
        }
        for (j = (size_t) -DUET_ERR_MIN; j > (size_t) -code; j--) {
            if (strcmp(text, duet_strerror(-(int) j)) == 0) {
                dup++;
                diag("strerror(%d) repeats strerror(%d)", code, -(int) j);
            }
        }
    }
    is_int(0, (long long) bad_text, "strerror has a real text for each code");
    is_int(0, (long long) dup, "strerror texts are distinct");
    is_str("success", duet_strerror(DUET_OK), "strerror(0)");

    bad_name = bad_text = 0;
    for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        bad_text += strcmp(duet_strerror(unknown[i]), "unknown error") != 0;
        bad_name += strcmp(duet_errname(unknown[i]), "DUET_ERR_UNKNOWN") != 0;
    }
    is_int(0, (long long) bad_text, "strerror of unknown codes");
    is_int(0, (long long) bad_name, "errname of unknown codes");
}


static void
test_blame(void)
{
    struct duet_blame b;

    memset(&b, 0x55, sizeof(b));
    duet_blame_clear(&b);
    ok(b.party == DUET_PARTY_NONE && b.round == 0 && b.reason == 0,
        "blame_clear names nobody");

    duet_blame_set(&b, DUET_PARTY_USER, 3, DUET_ERR_PROOF_INVALID);
    ok(b.party == DUET_PARTY_USER && b.round == 3
        && b.reason == DUET_ERR_PROOF_INVALID, "blame_set records its args");

    CHECK_ILLEGAL(duet_blame_set(&b, 3, 1, DUET_ERR_PROTOCOL),
        "blame_set with party 3");
    CHECK_ILLEGAL(duet_blame_set(&b, -2, 1, DUET_ERR_PROTOCOL),
        "blame_set with party -2");
    CHECK_ILLEGAL(duet_blame_set(&b, 0, -1, DUET_ERR_PROTOCOL),
        "blame_set with round -1");
    CHECK_ILLEGAL(duet_blame_set(&b, 0, 1, 0), "blame_set with reason 0");
    CHECK_ILLEGAL(duet_blame_set(&b, 0, 1, DUET_ERR_MIN - 1),
        "blame_set with an unknown reason");
    ok(b.party == DUET_PARTY_USER && b.round == 3
        && b.reason == DUET_ERR_PROOF_INVALID,
        "a rejected blame_set leaves the record alone");
}


static void
test_random(void)
{
    uint8_t a[32], b[32], zero[32];
    uint8_t *big;
    size_t i;
    int nz;

    duet_rand_test_reset();
    memset(zero, 0, sizeof(zero));
    is_int(0, duet_random_bytes(a, sizeof(a)), "random_bytes (kernel)");
    is_int(0, duet_random_bytes(b, sizeof(b)), "random_bytes again");
    ok(memcmp(a, zero, sizeof(a)) != 0, "32 random bytes are not all zero");
    ok(memcmp(a, b, sizeof(a)) != 0, "two draws differ");
    is_int(0, duet_random_bytes(a, 0), "random_bytes of 0 bytes");

    /* Big enough that the kernel may answer in pieces. */
    big = bcalloc(1, 1 << 20);
    is_int(0, duet_random_bytes(big, 1 << 20), "random_bytes of 1 MiB");
    for (nz = 0, i = (1 << 20) - 4096; i < 1 << 20; i++) {
        nz += big[i] != 0;
    }
    ok(nz > 3000, "the tail of 1 MiB is filled (%d of 4096 non-zero)", nz);
    free(big);
}


static void
test_test_rng(uint64_t seed)
{
    uint8_t a[64], b[64], c[64], expect[32];
    uint8_t msg[16 + 16];
    unsigned int md_len = 0;
    int i;

    duet_rand_test_seed(seed);
    is_int(0, duet_random_bytes(a, sizeof(a)), "seeded random_bytes");
    duet_rand_test_seed(seed);
    is_int(0, duet_random_bytes(b, 10), "seeded, first piece");
    is_int(0, duet_random_bytes(b + 10, 1), "seeded, second piece");
    is_int(0, duet_random_bytes(b + 11, sizeof(b) - 11), "seeded, rest");
    is_blob(a, b, sizeof(a), "same seed, same stream, however split");

    duet_rand_test_seed(seed ^ 1);
    is_int(0, duet_random_bytes(c, sizeof(c)), "random_bytes, other seed");
    ok(memcmp(a, c, sizeof(a)) != 0, "a different seed, a different stream");

    /* Pin the definition: block 0 = SHA-256(tag || be64(seed) || be64(0)). */
    memcpy(msg, "duet test rng v1", 16);
    for (i = 0; i < 8; i++) {
        msg[16 + i] = (uint8_t) (seed >> (56 - 8 * i));
        msg[24 + i] = 0;
    }
    ok(EVP_Digest(msg, sizeof(msg), expect, &md_len, EVP_sha256(), NULL) == 1
        && md_len == 32, "reference SHA-256");
    is_blob(expect, a, sizeof(expect), "the stream is the documented one");

    duet_rand_test_reset();
    is_int(0, duet_random_bytes(c, sizeof(c)), "random_bytes after reset");
    ok(memcmp(a, c, sizeof(a)) != 0, "reset leaves the seeded stream");
}


static void *
foreign_alloc(size_t n)
{
    return malloc(n);
}


static void *
foreign_realloc(void *p, size_t old_n, size_t new_n)
{
    (void) old_n;
    return realloc(p, new_n);
}


static void
foreign_free(void *p, size_t n)
{
    (void) n;
    free(p);
}


static void
test_init_and_gmp(void)
{
    void *(*a0)(size_t), *(*a1)(size_t), *(*a2)(size_t);
    void *(*r0)(void *, size_t, size_t), *(*r1)(void *, size_t, size_t);
    void *(*r2)(void *, size_t, size_t);
    void (*f0)(void *, size_t), (*f1)(void *, size_t), (*f2)(void *, size_t);
    unsigned char *p, *q;
    unsigned char pattern[100];
    mpz_t x;
    int ok_copy;

    mp_get_memory_functions(&a0, &r0, &f0);
    is_int(0, duet_init(), "duet_init");
    mp_get_memory_functions(&a1, &r1, &f1);
    ok(a1 != a0 && r1 != r0 && f1 != f0, "duet_init replaced GMP's functions");
    is_int(0, duet_init(), "duet_init again (idempotent)");
    mp_get_memory_functions(&a2, &r2, &f2);
    ok(a2 == a1 && r2 == r1 && f2 == f1, "the second call changed nothing");

    /* Somebody else's allocator is left alone and reported. */
    mp_set_memory_functions(foreign_alloc, foreign_realloc, foreign_free);
    is_int(DUET_ERR_INTERNAL, duet_init(), "duet_init refuses to displace "
        "another allocator");
    mp_get_memory_functions(&a2, &r2, &f2);
    ok(a2 == foreign_alloc && r2 == foreign_realloc && f2 == foreign_free,
        "and leaves it installed");
    is_int(0, duet_init_displacing(), "duet_init_displacing takes over "
        "from another allocator");
    mp_get_memory_functions(&a2, &r2, &f2);
    ok(a2 == a1 && r2 == r1 && f2 == f1, "and installs exactly ours");
    is_int(0, duet_init(), "with ours back, duet_init is content");

    /* The hooks themselves: every block handed back is zero first. */
    duet_mem_test_set_free_observer(free_observer);
    reset_free_observations();
    memset(pattern, 0x5a, sizeof(pattern));
    p = a1(sizeof(pattern));
    memcpy(p, pattern, sizeof(pattern));
    q = r1(p, sizeof(pattern), 4 * sizeof(pattern));
    ok_copy = memcmp(q, pattern, sizeof(pattern)) == 0;
    ok(ok_copy, "realloc hook keeps the contents");
    ok(freed_blocks == 1 && freed_bytes == sizeof(pattern) && freed_dirty == 0,
        "realloc hook wipes the old block (%lu blocks, %zu bytes, %lu dirty)",
        freed_blocks, freed_bytes, freed_dirty);
    memset(q, 0x5a, 4 * sizeof(pattern));
    f1(q, 4 * sizeof(pattern));
    ok(freed_blocks == 2 && freed_bytes == 5 * sizeof(pattern)
        && freed_dirty == 0, "free hook wipes the whole block");

    /* Through GMP: (2^4096 - 1)^2 grows x; clearing it frees the limbs. */
    reset_free_observations();
    mpz_init(x);
    mpz_ui_pow_ui(x, 2, 4096);
    mpz_sub_ui(x, x, 1);
    mpz_mul(x, x, x);
    ok(mpz_sizeinbase(x, 2) == 8192 && mpz_popcount(x) == 4096,
        "mpz arithmetic is right under the hooks");
    mpz_realloc2(x, 1 << 20);
    mpz_set_ui(x, 0);
    mpz_setbit(x, (1 << 20) - 1);
    mpz_clear(x);
    ok(freed_blocks >= 2 && freed_bytes >= (1 << 17) && freed_dirty == 0,
        "GMP's frees and reallocs are wiped (%lu blocks, %zu bytes, "
        "%lu dirty)", freed_blocks, freed_bytes, freed_dirty);

    /* The same path for our own allocations. */
    reset_free_observations();
    p = duet_alloc(64);
    ok(p != NULL, "duet_alloc");
    if (p != NULL) {
        memset(p, 0xff, 64);
    }
    duet_free_wipe(p, 64);
    duet_free_wipe(NULL, 64);
    ok(freed_blocks == 1 && freed_bytes == 64 && freed_dirty == 0,
        "duet_free_wipe wipes, and ignores NULL");
    duet_mem_test_set_free_observer(NULL);

    duet_mem_test_fail_alloc(2);
    p = duet_alloc(8);
    q = duet_alloc(8);
    ok(p != NULL && q == NULL, "fail_alloc(2) fails the second allocation");
    duet_free_wipe(p, 8);
    p = duet_alloc(8);
    ok(p != NULL, "and only that one");
    duet_free_wipe(p, 8);
    ok(duet_alloc(0) == NULL, "duet_alloc(0) is NULL");
}


static void
test_arg_checks(void)
{
    uint8_t buf[4] = { 1, 2, 3, 4 };
    struct duet_blame b;
    unsigned long before;
    pid_t pid;
    int status = 0, r = 0, eq = -1;

    CHECK_ILLEGAL(duet_blame_clear(NULL), "blame_clear(NULL)");
    CHECK_ILLEGAL(duet_blame_set(NULL, 0, 1, DUET_ERR_PROTOCOL),
        "blame_set(NULL, ...)");
    CHECK_ILLEGAL(duet_memclear(NULL, 1), "memclear(NULL, 1)");
    CHECK_ILLEGAL(eq = duet_ct_memeq(NULL, buf, 1), "ct_memeq(NULL, b, 1)");
    is_int(0, eq, "a rejected ct_memeq says not equal");
    CHECK_ILLEGAL(eq = duet_ct_memeq(buf, NULL, 0), "ct_memeq(a, NULL, 0)");
    is_int(0, eq, "a rejected ct_memeq of 0 bytes says not equal");
    CHECK_ILLEGAL(r = duet_random_bytes(NULL, 4), "random_bytes(NULL, 4)");
    is_int(DUET_ERR_INVALID_ARGUMENT, r, "which returns INVALID_ARGUMENT");

    before = illegal_count;
    duet_blame_clear(&b);
    eq = duet_ct_memeq(buf, buf, sizeof(buf));
    r = duet_random_bytes(buf, sizeof(buf));
    ok(illegal_count == before && eq == 1 && r == 0,
        "legal calls do not reach the callback");

    /* The default callback aborts; try it in a child. */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        duet_set_illegal_callback(NULL, NULL);
        duet_blame_clear(NULL);
        _exit(0);
    }
    ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status)
        && WTERMSIG(status) == SIGABRT,
        "without a callback, misuse aborts");
}


int
main(int argc, char **argv)
{
    uint64_t seed;

    tap_init(argc, argv);
    plan_lazy();
    seed = tap_seed();

    duet_set_illegal_callback(counting_illegal, &illegal_count);

    test_memclear();
    test_ct_memeq();
    test_ct_helpers();
    test_errors();
    test_blame();
    test_random();
    test_test_rng(seed);
    test_init_and_gmp();
    test_arg_checks();

    return 0;
}
