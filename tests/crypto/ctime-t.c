/*
 * ctime-t.c -- constant-time checks of the util and codec primitives that
 * handle secrets (STYLE.md practices 4 and 5), and of the exponentiations
 * and curve operations that take secrets (spec cggmp24.md, correction C3):
 * duet_bn_powm_sec(_signed), Paillier encryption and the secret-scalar
 * homomorphic product, ring-Pedersen commitments with secret exponents,
 * and the scalar side of the secp256k1 layer.
 *
 * Secret inputs are marked undefined for valgrind's memcheck; any branch or
 * memory index computed from them is then a memcheck error.  Each test
 * compares memcheck's error count before and after one call.  Values the
 * code deliberately makes public (a decoder's verdict) pass through
 * duet_declassify() inside the library.
 *
 * The program needs valgrind: started without it, it runs itself under
 * $VALGRIND (default: valgrind from PATH) and relays the result, or skips
 * if valgrind cannot run it.
 *
 * Not checked here, on purpose: operations with a SECRET MODULUS or
 * divisor -- Paillier decryption, CRT encryption (duet_paillier_enc_crt),
 * duet_bn_mod_sec, duet_bn_div_sec and duet_bn_invert_sec with a secret
 * modulus.  memcheck flags them inside GMP's own code (mpn_sec_div_r,
 * mpn_sec_powm): GMP indexes its small limb-inversion tables by a few
 * bits of the modulus (the top bits in invert_limb, the low byte in
 * binvert_limb), so about 8 bits of p^2, q^2 may show in the cache.  That
 * is a known, documented GMP-internal flag (see bn.h), not in our code,
 * and far below what a factoring attack needs.  Point addition is
 * documented variable-time on public points and is not checked with
 * secrets either; sums of secret products go through the constant-time
 * point_ct.h arithmetic and duet_point_lincomb_gen, which are.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "curve/curve.h"
#include "curve/point_ct.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "paillier/rp_table.h"
#include "util/checkmem.h"
#include "util/mem.h"

/*
 * Toy safe primes p = 2h + 1 of 256 bits, all = 3 mod 4, drawn once with
 * GMP (gmp_randinit_default seeded with 20240613, mpz_probab_prime_p on h
 * and p): N and N^ of 512 bits keep the run under valgrind short.
 */
static const char *const ctime_primes[4] = {
    "af7c42d3a9355028370ddb07a34eb47bca8241d7d68a85c9d193d3c5530718ab",
    "bae3900362fc7229c6585e09ba5e7c7d0a4d57b1b1e2234f66769afab9e24dfb",
    "bb6e630021527ae4a88a1ac0f7c97584df1e5ab5d0e0d39efacd0a06b451af3b",
    "dd5a40c48c70d76b110db3dc5b941fd4e27c0fa696dae531c44777f21bb42cff"
};
#define CTIME_PRIME_BITS  256

/* Set in the environment of the copy this program starts under valgrind. */
#define CTIME_REEXEC_ENV  "DUET_CTIME_REEXEC"

#if defined(__SANITIZE_ADDRESS__)
#define CTIME_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CTIME_ASAN 1
#endif
#endif

static unsigned long ctime_errors;


/* Start counting errors for one check. */
static void
ctime_begin(void)
{
    ctime_errors = DUET_CHECKMEM_ERRORS();
}


/* Returns: the number of memcheck errors since ctime_begin. */
static unsigned long
ctime_end(void)
{
    return DUET_CHECKMEM_ERRORS() - ctime_errors;
}


/*
 * Run ourselves under valgrind as a child and relay its TAP.  If valgrind
 * cannot run us at all (not installed, or unable to read the binary, as
 * valgrind 3.19 cannot read clang 14's DWARF 5), there is no TAP to relay:
 * skip, pointing at valgrind's messages, rather than fail.
 */
static void
ctime_reexec(int argc, char **argv)
{
    const char *vg = getenv("VALGRIND");
    char **args, line[1024];
    FILE *in;
    pid_t pid;
    int fds[2], i, status = 0, saw_tap = 0;

    if (getenv(CTIME_REEXEC_ENV) != NULL) {
        skip_all("started under valgrind but not running on it");
    }
    if (vg == NULL || *vg == '\0') {
        vg = "valgrind";
    }

    args = bcalloc((size_t) argc + 5, sizeof(*args));
    args[0] = (char *) vg;
    args[1] = (char *) "-q";
    args[2] = (char *) "--tool=memcheck";
    args[3] = (char *) "--track-origins=yes";
    for (i = 0; i < argc; i++) {
        args[4 + i] = argv[i];
    }

    if (pipe(fds) != 0) {
        sysbail("pipe");
    }
    fflush(stdout);
    if ((pid = fork()) < 0) {
        sysbail("fork");
    }
    if (pid == 0) {
        if (dup2(fds[1], STDOUT_FILENO) < 0
            || setenv(CTIME_REEXEC_ENV, "1", 1) != 0)
        {
            _exit(127);
        }
        close(fds[0]);
        close(fds[1]);
        execvp(vg, args);
        _exit(127);
    }
    close(fds[1]);
    free(args);

    if ((in = fdopen(fds[0], "r")) == NULL) {
        sysbail("fdopen");
    }
    while (fgets(line, sizeof(line), in) != NULL) {
        if (strncmp(line, "1..", 3) == 0 || strncmp(line, "ok ", 3) == 0
            || strncmp(line, "not ok ", 7) == 0
            || strncmp(line, "Bail out!", 9) == 0)
        {
            saw_tap = 1;
        }
        fputs(line, stdout);
        fflush(stdout);
    }
    fclose(in);
    if (waitpid(pid, &status, 0) != pid) {
        sysbail("waitpid");
    }

    if (!saw_tap) {
        skip_all("%s could not run this test (status %d): see its messages; "
            "apt-get install valgrind, and build clang code with -gdwarf-4",
            vg, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}


/*
 * A deliberate leak, a table lookup indexed by a secret, which the harness
 * must see.  (A plain "p[0] == x ? a : b" is no good: the compiler makes it
 * branch-free.)
 */
static int
ctime_leaky(const uint8_t *p)
{
    static volatile uint8_t table[256];

    return table[p[0]];
}


static void
test_harness(void)
{
    uint8_t secret[4] = { 0x42, 1, 2, 3 };
    volatile int sink;

    /*
     * Only in the copy we started ourselves: under an outer valgrind that
     * counts errors in its exit status (make check-valgrind), the
     * deliberate error would fail the run.
     */
    if (getenv(CTIME_REEXEC_ENV) == NULL) {
        skip("harness self-test runs only when ctime-t starts valgrind");
        return;
    }
    diag("memcheck reports ctime_leaky below or above: that is expected");
    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(secret, sizeof(secret));
    sink = ctime_leaky(secret);
    DUET_CHECKMEM_DEFINE(secret, sizeof(secret));
    (void) sink;
    ok(ctime_end() > 0, "the harness detects a secret-indexed lookup");
}


static void
test_mem(void)
{
    uint8_t a[67], b[67], dst[33], src[33];
    int eq, zero, flag = 1;

    memset(a, 0x11, sizeof(a));
    memcpy(b, a, sizeof(b));
    b[40] ^= 4;

    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(a, sizeof(a));
    DUET_CHECKMEM_UNDEFINE(b, sizeof(b));
    eq = duet_ct_memeq(a, b, sizeof(a));
    DUET_CHECKMEM_DEFINE(&eq, sizeof(eq));
    ok(ctime_end() == 0 && eq == 0, "ct_memeq: constant time");

    ctime_begin();
    zero = duet_ct_is_zero(a, sizeof(a));
    DUET_CHECKMEM_DEFINE(&zero, sizeof(zero));
    ok(ctime_end() == 0 && zero == 0, "ct_is_zero: constant time");

    memset(dst, 1, sizeof(dst));
    memset(src, 2, sizeof(src));
    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(&flag, sizeof(flag));
    DUET_CHECKMEM_UNDEFINE(src, sizeof(src));
    duet_ct_cmov(dst, src, sizeof(dst), flag);
    DUET_CHECKMEM_DEFINE(dst, sizeof(dst));
    DUET_CHECKMEM_DEFINE(&flag, sizeof(flag));
    ok(ctime_end() == 0 && dst[0] == 2, "ct_cmov: constant time in flag");

    ctime_begin();
    duet_memclear(a, sizeof(a));
    ok(ctime_end() == 0, "memclear: constant time");
    DUET_CHECKMEM_DEFINE(a, sizeof(a));
    DUET_CHECKMEM_DEFINE(b, sizeof(b));
}


/* Decode text (marked secret) and report errors beyond the verdict. */
static void
check_decode(int base64, const char *text, int expect, const char *what)
{
    char in[128];
    uint8_t out[96];
    size_t len, n = strlen(text);
    int r;

    memcpy(in, text, n);
    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(in, n);
    r = base64 ? duet_base64url_decode(out, sizeof(out), &len, in, n)
        : duet_hex_decode(out, sizeof(out), &len, in, n);
    DUET_CHECKMEM_DEFINE(out, sizeof(out));
    DUET_CHECKMEM_DEFINE(in, n);
    ok(ctime_end() == 0 && r == expect, "%s decode, %s: constant time",
        base64 ? "base64url" : "hex", what);
}


static void
test_codec(void)
{
    uint8_t data[64];
    char text[160];
    size_t i;
    int r;

    for (i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t) (i * 73 + 5);
    }

    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(data, sizeof(data));
    r = duet_hex_encode(text, sizeof(text), data, sizeof(data));
    DUET_CHECKMEM_DEFINE(text, sizeof(text));
    ok(ctime_end() == 0 && r == 0, "hex encode: constant time");

    ctime_begin();
    r = duet_base64url_encode(text, sizeof(text), data, sizeof(data) - 1);
    DUET_CHECKMEM_DEFINE(text, sizeof(text));
    ok(ctime_end() == 0 && r == 0, "base64url encode: constant time");
    DUET_CHECKMEM_DEFINE(data, sizeof(data));

    check_decode(0, "00ff7A9bC3dE", 0, "valid, mixed case");
    check_decode(0, "00ff7g9b", DUET_ERR_BAD_ENCODING, "a bad character");
    check_decode(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        "0123456789-_", 0, "the whole alphabet");
    check_decode(1, "Zm9vYmE", 0, "valid with a 3-character tail");
    check_decode(1, "Zm9vYg", 0, "valid with a 2-character tail");
    check_decode(1, "Zm9vYmF", DUET_ERR_NON_CANONICAL, "stray bits");
    check_decode(1, "Zm9v+mE", DUET_ERR_BAD_ENCODING, "a bad character");
}


/*
 * Mark the value of x secret (its limbs undefined) or public again.  The
 * limb count and sign stay defined: an mpz_t reveals them anyway (bn.h).
 * Marking the whole struct defined first also covers an output whose size
 * field was computed from secrets.
 */
static void
ctime_secret_bn(mpz_t x)
{
    DUET_CHECKMEM_UNDEFINE(mpz_limbs_read(x),
        mpz_size(x) * sizeof(mp_limb_t));
}


static void
ctime_public_bn(mpz_t x)
{
    DUET_CHECKMEM_DEFINE(x, sizeof(*x));
    DUET_CHECKMEM_DEFINE(mpz_limbs_read(x),
        mpz_size(x) * sizeof(mp_limb_t));
}


static void
ctime_toy_level(struct duet_level *toy)
{
    *toy = *duet_level_get(DUET_LEVEL_112);
    toy->id = 0;
    toy->prime_bits = CTIME_PRIME_BITS;
    toy->modulus_bits = 2 * CTIME_PRIME_BITS;
    toy->modulus_min_bits = 2 * CTIME_PRIME_BITS - 1;
    toy->modulus_max_bits = 2 * CTIME_PRIME_BITS;
}


static void
test_powm(void)
{
    mpz_t m, b, b_inv, e, r, want;
    unsigned long errors;
    int rc;

    mpz_inits(m, b, b_inv, e, r, want, NULL);
    mpz_set_str(m, ctime_primes[0], 16);
    mpz_set_str(b, ctime_primes[1], 16);
    mpz_mul(m, m, b);                       /* a 512-bit odd modulus */
    mpz_set_str(b, "123456789abcdef0fedcba9876543210deadbeef", 16);
    mpz_set_str(e, ctime_primes[2], 16);    /* a 256-bit exponent */
    if (mpz_invert(b_inv, b, m) == 0) {
        bail("toy base not invertible");
    }

    mpz_powm(want, b, e, m);
    ctime_begin();
    ctime_secret_bn(e);
    rc = duet_bn_powm_sec(r, b, e, 256, m);
    ctime_public_bn(r);
    ctime_public_bn(e);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(r, want) == 0,
        "%lu memcheck errors for bn_powm_sec with secret exponent", errors);

    ctime_begin();
    ctime_secret_bn(b);
    ctime_secret_bn(e);
    rc = duet_bn_powm_sec(r, b, e, 256, m);
    ctime_public_bn(r);
    ctime_public_bn(b);
    ctime_public_bn(e);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(r, want) == 0,
        "%lu memcheck errors for bn_powm_sec with secret base, exponent",
        errors);

    mpz_neg(e, e);
    mpz_powm(want, b, e, m);
    ctime_begin();
    ctime_secret_bn(e);
    rc = duet_bn_powm_sec_signed(r, b, b_inv, e, 256, m);
    ctime_public_bn(r);
    ctime_public_bn(e);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(r, want) == 0,
        "%lu memcheck errors for bn_powm_sec_signed with secret negative "
        "exponent", errors);

    mpz_neg(e, e);
    mpz_powm(want, b, e, m);
    ctime_begin();
    ctime_secret_bn(e);
    rc = duet_bn_powm_sec_signed(r, b, b_inv, e, 256, m);
    ctime_public_bn(r);
    ctime_public_bn(e);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(r, want) == 0,
        "%lu memcheck errors for bn_powm_sec_signed with secret positive "
        "exponent", errors);

    mpz_clears(m, b, b_inv, e, r, want, NULL);
}


static void
test_paillier(const struct duet_level *toy)
{
    struct duet_paillier_sk sk;
    mpz_t p, q, m, r, c, k, out, want;
    unsigned long errors;
    int rc;

    mpz_inits(p, q, m, r, c, k, out, want, NULL);
    mpz_set_str(p, ctime_primes[0], 16);
    mpz_set_str(q, ctime_primes[1], 16);
    duet_paillier_sk_init(&sk);
    if (duet_paillier_sk_from_primes(&sk, p, q, toy, NULL) != 0) {
        bail("toy Paillier key refused");
    }

    /* A plaintext and an r in Z*_N (r < p is prime to N). */
    mpz_set_str(m, "-31415926535897932384626433832795028841971", 10);
    mpz_set_str(r, ctime_primes[2], 16);
    mpz_fdiv_q_2exp(r, r, 8);
    if (duet_paillier_enc(&sk.pk, want, m, r) != 0) {
        bail("reference encryption failed");
    }

    ctime_begin();
    ctime_secret_bn(m);
    ctime_secret_bn(r);
    rc = duet_paillier_enc(&sk.pk, c, m, r);
    ctime_public_bn(c);
    ctime_public_bn(m);
    ctime_public_bn(r);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(c, want) == 0,
        "%lu memcheck errors for paillier_enc with secret plaintext, "
        "randomness", errors);

    /* k (.) c for a secret k of either sign. */
    mpz_set_str(k, "-123456789abcdef0123456789abcdef", 16);
    if (duet_paillier_mul_var(&sk.pk, want, c, k) != 0) {
        bail("reference homomorphic product failed");
    }
    ctime_begin();
    ctime_secret_bn(k);
    rc = duet_paillier_mul_sec(&sk.pk, out, c, k, 256);
    ctime_public_bn(out);
    ctime_public_bn(k);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(out, want) == 0,
        "%lu memcheck errors for paillier_mul_sec with secret negative "
        "scalar", errors);

    mpz_neg(k, k);
    if (duet_paillier_mul_var(&sk.pk, want, c, k) != 0) {
        bail("reference homomorphic product failed");
    }
    ctime_begin();
    ctime_secret_bn(k);
    rc = duet_paillier_mul_sec(&sk.pk, out, c, k, 256);
    ctime_public_bn(out);
    ctime_public_bn(k);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(out, want) == 0,
        "%lu memcheck errors for paillier_mul_sec with secret positive "
        "scalar", errors);

    duet_paillier_sk_clear(&sk);
    mpz_clears(p, q, m, r, c, k, out, want, NULL);
}


static void
test_ring_pedersen(const struct duet_level *toy)
{
    struct duet_rp_secret sec;
    mpz_t p, q, x, y, out, want;
    unsigned long errors;
    int rc;

    mpz_inits(p, q, x, y, out, want, NULL);
    mpz_set_str(p, ctime_primes[2], 16);
    mpz_set_str(q, ctime_primes[3], 16);
    duet_rp_secret_init(&sec);
    if (duet_rp_secret_from_primes(&sec, p, q, toy, NULL) != 0) {
        bail("toy ring-Pedersen parameters refused");
    }

    mpz_set_str(x, "-fedcba98765432100123456789abcdef", 16);
    mpz_set_str(y, ctime_primes[0], 16);
    mpz_mul(y, y, y);
    if (duet_rp_commit_var(&sec.pub, want, x, y) != 0) {
        bail("reference commitment failed");
    }
    ctime_begin();
    ctime_secret_bn(x);
    ctime_secret_bn(y);
    rc = duet_rp_commit_sec(&sec.pub, out, x, 256, y, 600);
    ctime_public_bn(out);
    ctime_public_bn(x);
    ctime_public_bn(y);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && mpz_cmp(out, want) == 0,
        "%lu memcheck errors for rp_commit_sec with secret signed x, y",
        errors);

    duet_rp_secret_clear(&sec);
    mpz_clears(p, q, x, y, out, want, NULL);
}


/*
 * The comb-table commitment (rp_table.h): x, y secret, of both signs,
 * and x = 0; the table (public) is built outside the measured region.
 * A branch on a digit or a table index computed from one is an error.
 */
static void
test_rp_table(const struct duet_level *toy)
{
    static const char *const xs[3] = {
        "-fedcba98765432100123456789abcdef", "fedcba9876543210ff", "0"
    };
    struct duet_rp_secret sec;
    struct duet_rp_table *tab;
    mpz_t p, q, x, y, out, want;
    unsigned long errors;
    int rc, i;

    mpz_inits(p, q, x, y, out, want, NULL);
    mpz_set_str(p, ctime_primes[2], 16);
    mpz_set_str(q, ctime_primes[3], 16);
    duet_rp_secret_init(&sec);
    if (duet_rp_secret_from_primes(&sec, p, q, toy, NULL) != 0
        || duet_rp_table_build(&tab, &sec.pub, 0) != 0)
    {
        bail("toy ring-Pedersen table");
    }

    for (i = 0; i < 3; i++) {
        mpz_set_str(x, xs[i], 16);
        mpz_set_str(y, ctime_primes[1], 16);
        mpz_mul(y, y, y);
        if (i == 1) {
            mpz_neg(y, y);
        }
        if (duet_rp_commit_var(&sec.pub, want, x, y) != 0) {
            bail("reference commitment failed");
        }
        ctime_begin();
        ctime_secret_bn(x);
        ctime_secret_bn(y);
        rc = duet_rp_table_commit_sec(tab, out, x, 256, y, 600);
        ctime_public_bn(out);
        ctime_public_bn(x);
        ctime_public_bn(y);
        errors = ctime_end();
        ok(errors == 0 && rc == 0 && mpz_cmp(out, want) == 0,
            "%lu memcheck errors for rp_table_commit_sec with secret x, y "
            "(signs %d, %d)", errors, mpz_sgn(x), mpz_sgn(y));
    }

    duet_rp_table_free(tab);
    duet_rp_secret_clear(&sec);
    mpz_clears(p, q, x, y, out, want, NULL);
}


#define CTIME_SECRET(s)  DUET_CHECKMEM_UNDEFINE((s), sizeof(*(s)))
#define CTIME_PUBLIC(s)  DUET_CHECKMEM_DEFINE((s), sizeof(*(s)))

/*
 * a*G + b*P with secret a, b (P = base is public), including the zero
 * and cancelling cases, whose infinity verdict is declassified inside; and
 * the projective pieces on their own.  The results are checked against
 * the variable-time path outside the measured region.  (memcheck does not
 * carry the mark through the carry that mpn_add_n / mpn_sub_n return:
 * point_ct.c must not branch on those, and this test cannot see it.)
 */
static void
test_curve_lincomb(const struct duet_scalar *a0, const struct duet_scalar *b0,
    const struct duet_point *base)
{
    struct duet_scalar a, b, zero, t;
    struct duet_point pt, want, tp;
    struct duet_point_ct ca, cb;
    unsigned long errors;
    int rc, i;

    duet_scalar_set_u64(&zero, 0);
    for (i = 0; i < 4; i++) {
        a = *a0;
        b = *b0;
        if (i == 1) {
            a = zero;                   /* b*P alone */
        } else if (i == 2) {
            b = zero;                   /* a*G alone */
        } else if (i == 3) {
            /* base = b0*G, so a = -b*b0 cancels: the result is O. */
            duet_scalar_mul(&a, &b, b0);
            duet_scalar_negate(&a, &a);
        }
        (void) duet_point_mul_gen(&want, &a);
        duet_point_mul(&tp, &b, base);
        duet_point_add(&want, &want, &tp);

        ctime_begin();
        CTIME_SECRET(&a);
        CTIME_SECRET(&b);
        rc = duet_point_lincomb_gen(&pt, &a, &b, base);
        CTIME_PUBLIC(&pt);
        CTIME_PUBLIC(&rc);
        CTIME_PUBLIC(&a);
        CTIME_PUBLIC(&b);
        errors = ctime_end();
        ok(errors == 0 && rc == 0 && duet_point_eq_var(&pt, &want)
            && duet_point_is_infinity(&pt) == (i == 3),
            "%lu memcheck errors for point_lincomb_gen with secret a, b "
            "(%s)", errors, i == 0 ? "generic" : i == 1 ? "a = 0"
            : i == 2 ? "b = 0" : "a*G = -b*P");
    }

    /* Secret projective points: a*G + b*P, then doubled. */
    a = *a0;
    b = *b0;
    ctime_begin();
    CTIME_SECRET(&a);
    CTIME_SECRET(&b);
    duet_point_ct_mul_gen(&ca, &a);
    duet_point_ct_mul(&cb, &b, base);
    duet_point_ct_add(&ca, &ca, &cb);
    duet_point_ct_add(&ca, &ca, &ca);
    duet_point_ct_to_point(&pt, &ca);
    CTIME_PUBLIC(&pt);
    CTIME_PUBLIC(&a);
    CTIME_PUBLIC(&b);
    errors = ctime_end();
    duet_scalar_add(&t, &a, &a);
    (void) duet_point_mul_gen(&want, &t);
    duet_scalar_add(&t, &b, &b);
    duet_point_mul(&tp, &t, base);
    duet_point_add(&want, &want, &tp);
    ok(errors == 0 && duet_point_eq_var(&pt, &want),
        "%lu memcheck errors for point_ct mul_gen, mul, add, double with "
        "secret scalars", errors);

    duet_point_ct_clear(&ca);
    duet_point_ct_clear(&cb);
    duet_scalar_clear(&a);
    duet_scalar_clear(&b);
    duet_scalar_clear(&t);
}


static void
test_curve(void)
{
    static const uint8_t a_bytes[DUET_SCALAR_BYTES] = {
        0x4e, 0x1f, 0x93, 0x07, 0xc2, 0x5a, 0x88, 0x11, 0x3d, 0xe0, 0x76,
        0x2b, 0x9f, 0x64, 0x05, 0xd8, 0xa1, 0x37, 0x4c, 0xee, 0x12, 0x90,
        0x6b, 0x3a, 0x55, 0xc8, 0x0f, 0x71, 0x29, 0xb6, 0xdd, 0x42
    };
    struct duet_scalar a, b, r, check;
    struct duet_point pt, base, want;
    mpz_t v;
    unsigned long errors;
    int rc;

    mpz_init(v);
    if (duet_scalar_from_bytes(&a, a_bytes) != 0) {
        bail("toy scalar refused");
    }
    duet_scalar_set_u64(&b, UINT64_C(0x9e3779b97f4a7c15));

    ctime_begin();
    CTIME_SECRET(&a);
    CTIME_SECRET(&b);
    duet_scalar_add(&r, &a, &b);
    CTIME_PUBLIC(&r);
    errors = ctime_end();
    ok(errors == 0, "%lu memcheck errors for scalar_add with secret a, b",
        errors);

    ctime_begin();
    duet_scalar_mul(&r, &a, &b);
    CTIME_PUBLIC(&r);
    errors = ctime_end();
    ok(errors == 0, "%lu memcheck errors for scalar_mul with secret a, b",
        errors);

    ctime_begin();
    duet_scalar_negate(&r, &a);
    CTIME_PUBLIC(&r);
    errors = ctime_end();
    ok(errors == 0, "%lu memcheck errors for scalar_negate with secret a",
        errors);

    ctime_begin();
    rc = duet_scalar_inverse(&r, &a);
    CTIME_PUBLIC(&r);
    CTIME_PUBLIC(&a);
    CTIME_PUBLIC(&b);
    errors = ctime_end();
    duet_scalar_mul(&check, &r, &a);
    duet_scalar_set_u64(&r, 1);
    ok(errors == 0 && rc == 0 && duet_scalar_eq(&check, &r),
        "%lu memcheck errors for scalar_inverse with secret a", errors);

    /* A signed value longer than q: reduced, then negated. */
    mpz_set_str(v, "-123456789abcdef0123456789abcdef0123456789abcdef"
        "0123456789abcdef0123456789abcdef", 16);
    ctime_begin();
    ctime_secret_bn(v);
    rc = duet_scalar_from_bn(&r, v);
    CTIME_PUBLIC(&r);
    ctime_public_bn(v);
    errors = ctime_end();
    /* The length comes from the limb count, never the bit length. */
    {
        mpz_t q, ref, got;

        mpz_inits(q, ref, got, NULL);
        duet_curve_order(q);
        mpz_fdiv_r(ref, v, q);
        duet_scalar_to_bn(got, &r);
        ok(errors == 0 && rc == 0 && mpz_cmp(ref, got) == 0,
            "%lu memcheck errors for scalar_from_bn with secret value",
            errors);
        mpz_clears(q, ref, got, NULL);
    }

    if (duet_point_mul_gen(&base, &b) != 0) {
        bail("duet_point_mul_gen failed");
    }
    ctime_begin();
    CTIME_SECRET(&a);
    rc = duet_point_mul_gen(&pt, &a);
    CTIME_PUBLIC(&pt);
    CTIME_PUBLIC(&a);
    errors = ctime_end();
    ok(errors == 0 && rc == 0 && !duet_point_is_infinity(&pt),
        "%lu memcheck errors for point_mul_gen with secret scalar", errors);

    /* a*(b*G) against (a*b)*G. */
    duet_scalar_mul(&r, &a, &b);
    if (duet_point_mul_gen(&want, &r) != 0) {
        bail("duet_point_mul_gen failed");
    }
    ctime_begin();
    CTIME_SECRET(&a);
    duet_point_mul(&pt, &a, &base);
    CTIME_PUBLIC(&pt);
    CTIME_PUBLIC(&a);
    errors = ctime_end();
    ok(errors == 0 && duet_point_eq_var(&pt, &want),
        "%lu memcheck errors for point_mul with secret scalar", errors);

    test_curve_lincomb(&a, &b, &base);

    duet_scalar_clear(&a);
    duet_scalar_clear(&r);
    mpz_clear(v);
}


int
main(int argc, char **argv)
{
#if defined(CTIME_ASAN)
    const char *why = "valgrind cannot run an AddressSanitizer build";
#elif !defined(DUET_HAVE_CHECKMEM)
    const char *why = "built without valgrind/memcheck.h (apt-get install "
        "valgrind) or without VERIFY";
#else
    const char *why = NULL;
#endif
    struct duet_level toy;

    if (why != NULL) {
        skip_all("%s", why);
    }
    if (!DUET_CHECKMEM_RUNNING()) {
        ctime_reexec(argc, argv);
    }
    tap_init(argc, argv);
    plan_lazy();

    test_harness();
    test_mem();
    test_codec();

    if (duet_init() != 0) {
        bail("duet_init failed");
    }
    ctime_toy_level(&toy);
    test_powm();
    test_paillier(&toy);
    test_ring_pedersen(&toy);
    test_rp_table(&toy);
    test_curve();

    return 0;
}
