/*
 * zk-mod-t.c -- tests for Pi^mod (crypto/src/zk/zk_mod.c, spec section 2.4):
 * completeness at both levels, the wire form, every field of the proof and
 * of the statement mutated, binding to the context (spec 6.3 C4), and the
 * modulus attacks of spec 6.1 (A3, A4) and correction C7, each with the
 * best proof an attacker can build so that only the check under test
 * stands in its way.
 *
 * Keys come from tests/vectors/safe-primes-{1024,1536}.txt (via
 * $top_srcdir).  Without the 1024-bit file, 1024-bit safe primes are
 * generated at test time; without the 1536-bit file, level 128 is skipped.
 * Most tests run at level 112 (a proof costs a quarter of a level-128 one);
 * DUET_TEST_SLOW=1 adds the level-128 mutations and a longer mutation loop.
 */

#include "config.h"

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
#include "bn/prime.h"
#include "codec/buf.h"
#include "util/mem.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_mod.h"

#define FIXTURE_MAX  32

struct fixture {
    unsigned bits;
    size_t count;
    mpz_t p[FIXTURE_MAX];
};

/* A Paillier-Blum key of the tests. */
struct key {
    mpz_t p, q, n;
};

static struct fixture fix1024 = { 1024, 0, { { { 0, 0, NULL } } } };
static struct fixture fix1536 = { 1536, 0, { { { 0, 0, NULL } } } };
static int slow;

static const uint8_t sid_a[32] = "duet zk-mod-t session identifier";
static const uint8_t sid_b[32] = "duet zk-mod-t session identifiEr";
static const uint8_t rho_a[32] = "duet zk-mod-t joint random rho a";
static const uint8_t rho_b[32] = "duet zk-mod-t joint random rho b";


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
        bail("duet_random_bytes");
    }
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16
        | (uint32_t) b[2] << 8 | b[3];
}


/* Load a fixture; returns 0, or -1 if the file is missing. */
static int
read_fixture(struct fixture *fx)
{
    char path[4096], line[2048];
    const char *top = getenv("top_srcdir");
    FILE *f;
    size_t len;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
        top != NULL ? top : ".", fx->bits);
    if ((f = fopen(path, "r")) == NULL) {
        return -1;
    }
    while (fgets(line, sizeof(line), f) != NULL && fx->count < FIXTURE_MAX) {
        len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#') {
            continue;
        }
        if (mpz_init_set_str(fx->p[fx->count], line, 16) != 0) {
            bail("%s: bad line", path);
        }
        fx->count++;
    }
    fclose(f);
    return 0;
}


/* Fill fx with count fresh safe primes (when the fixture file is absent). */
static void
generate_fixture(struct fixture *fx, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        mpz_init(fx->p[i]);
        if (duet_prime_safe_generate(fx->p[i], fx->bits, NULL) != 0) {
            bail("duet_prime_safe_generate");
        }
    }
    fx->count = count;
}


static void
key_init(struct key *k, const mpz_t p, const mpz_t q)
{
    mpz_init_set(k->p, p);
    mpz_init_set(k->q, q);
    mpz_init(k->n);
    mpz_mul(k->n, p, q);
}


static void
key_clear(struct key *k)
{
    mpz_clears(k->p, k->q, k->n, NULL);
}


/*
 * A random prime of exactly bits bits with p = res (mod md), md a power of
 * two >= 4 and res odd (test data: variable time is fine).  Candidates
 * step by md; a gcd with the product of the odd primes below 4096 sieves
 * them before the probable-prime test.
 */
static void
test_prime(mpz_t p, unsigned bits, unsigned long md, unsigned long res)
{
    mpz_t prim, g;

    mpz_inits(prim, g, NULL);
    mpz_primorial_ui(prim, 4096);
    mpz_fdiv_q_2exp(prim, prim, 1);
    do {
        if (duet_bn_random_bits(p, bits) != 0) {
            bail("random");
        }
        mpz_setbit(p, bits - 1);
        mpz_sub_ui(p, p, mpz_fdiv_ui(p, md));
        mpz_add_ui(p, p, res);
        for (;;) {
            mpz_gcd(g, p, prim);
            if (mpz_cmp_ui(g, 1) == 0 && mpz_probab_prime_p(p, 30)) {
                break;
            }
            mpz_add_ui(p, p, md);
        }
    } while (mpz_sizeinbase(p, 2) != bits);
    mpz_clears(prim, g, NULL);
}


static void
ctx_set(struct duet_zk_ctx *ctx, const struct duet_level *lv)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->level = lv;
    ctx->sid = sid_a;
    ctx->sid_len = sizeof(sid_a);
    ctx->prover = 1;
    ctx->discriminator = 0;
    ctx->rho = rho_a;
    ctx->rho_len = sizeof(rho_a);
}


static void
proof_copy(struct duet_zk_mod_proof *dst, const struct duet_zk_mod_proof *src)
{
    size_t i;

    mpz_set(dst->w, src->w);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_set(dst->x[i], src->x[i]);
        mpz_set(dst->z[i], src->z[i]);
    }
    memcpy(dst->a, src->a, sizeof(dst->a));
    memcpy(dst->b, src->b, sizeof(dst->b));
    dst->m = src->m;
}


static int
verify_n(const struct duet_zk_ctx *ctx, const mpz_t n,
    const struct duet_zk_mod_proof *proof)
{
    struct duet_zk_mod_stmt st;

    st.n = n;
    return duet_zk_mod_verify(ctx, &st, proof);
}


static int
prove_key(const struct duet_zk_ctx *ctx, struct duet_zk_mod_proof *proof,
    const struct key *k)
{
    struct duet_zk_mod_stmt st;
    struct duet_zk_mod_wit wit;

    st.n = k->n;
    wit.p = k->p;
    wit.q = k->q;
    return duet_zk_mod_prove(ctx, proof, &st, &wit);
}


/* Encode proof into a fresh growable writer (bails on failure). */
static void
encode(struct duet_buf_writer *w, const struct duet_zk_mod_proof *proof)
{
    duet_buf_writer_init_alloc(w, DUET_BUF_MAX);
    if (duet_zk_mod_encode(w, proof) != 0) {
        bail("encode");
    }
}


/* Parse exactly len bytes (trailing data is an error here). */
static int
parse_all(const struct duet_zk_ctx *ctx, const uint8_t *p, size_t len,
    struct duet_zk_mod_proof *proof)
{
    struct duet_buf_reader rd;
    int r;

    duet_buf_reader_init(&rd, p, len);
    if ((r = duet_zk_mod_parse(&rd, ctx, proof)) != 0) {
        return r;
    }
    return duet_buf_reader_end(&rd);
}


/* ------------------------------------------------------------------------
 * The attacker's toolbox: fourth roots modulo known primes, so that a
 * forged proof satisfies every equation it can.
 */

/* s = sqrt(a) mod prime r, a a non-zero square (Tonelli-Shanks). */
static void
sqrt_mod_prime(mpz_t s, const mpz_t a, const mpz_t r)
{
    mpz_t q, z, c, t, b, e;
    unsigned long m, i, j, sv;

    mpz_inits(q, z, c, t, b, e, NULL);
    if (mpz_fdiv_ui(r, 4) == 3) {
        mpz_add_ui(e, r, 1);
        mpz_fdiv_q_2exp(e, e, 2);
        mpz_powm(s, a, e, r);
        goto out;
    }
    mpz_sub_ui(q, r, 1);
    sv = mpz_scan1(q, 0);
    mpz_fdiv_q_2exp(q, q, sv);
    mpz_set_ui(z, 2);
    while (mpz_legendre(z, r) != -1) {
        mpz_add_ui(z, z, 1);
    }
    m = sv;
    mpz_powm(c, z, q, r);
    mpz_powm(t, a, q, r);
    mpz_add_ui(e, q, 1);
    mpz_fdiv_q_2exp(e, e, 1);
    mpz_powm(s, a, e, r);
    while (mpz_cmp_ui(t, 1) != 0) {
        mpz_set(b, t);
        for (i = 0; i < m && mpz_cmp_ui(b, 1) != 0; i++) {
            mpz_mul(b, b, b);
            mpz_mod(b, b, r);
        }
        mpz_set(b, c);
        for (j = 0; j + i + 1 < m; j++) {
            mpz_mul(b, b, b);
            mpz_mod(b, b, r);
        }
        m = i;
        mpz_mul(c, b, b);
        mpz_mod(c, c, r);
        mpz_mul(t, t, c);
        mpz_mod(t, t, r);
        mpz_mul(s, s, b);
        mpz_mod(s, s, r);
    }

out:
    mpz_clears(q, z, c, t, b, e, NULL);
}


/* x = a fourth root of a mod prime r.  Returns: 1, or 0 if there is none. */
static int
fourth_root_mod_prime(mpz_t x, const mpz_t a, const mpz_t r)
{
    mpz_t s;
    int found = 0;

    mpz_init(s);
    mpz_mod(s, a, r);
    if (mpz_sgn(s) == 0 || mpz_legendre(s, r) != 1) {
        goto out;
    }
    sqrt_mod_prime(s, s, r);
    if (mpz_legendre(s, r) != 1) {
        mpz_sub(s, r, s);
    }
    if (mpz_legendre(s, r) != 1) {
        goto out;
    }
    sqrt_mod_prime(x, s, r);
    found = 1;

out:
    mpz_clear(s);
    return found;
}


/* The forger's knowledge: N = r_1 ... r_k, distinct primes. */
struct forge {
    size_t k;
    mpz_srcptr r[4];
};


/*
 * Build the best proof for N = prod f->r with the given w: every entry
 * whose challenge has a fourth root for some (a, b) is answered
 * correctly, z_i is the N-th root when gcd(N, lambda(N)) = 1.  With
 * all_equal the entries all answer y_1, as for a verifier that re-seeds
 * its stream per repetition (taurus PR #111).
 * Returns: the number of entries answered.
 */
static unsigned
forge_mod(const struct duet_zk_ctx *ctx, struct duet_zk_mod_proof *pf,
    const mpz_t n, const struct forge *f, const mpz_t w, int all_equal)
{
    struct duet_zk_mod_stmt st;
    mpz_t y[DUET_ZK_MOD_M_MAX];
    mpz_t lam, e, yy, root, acc, mod, t;
    unsigned i, ab, answered = 0, m = ctx->level->m;
    size_t j;
    int have_e, good, first_ok = 0;

    mpz_inits(lam, e, yy, root, acc, mod, t, NULL);
    for (i = 0; i < m; i++) {
        mpz_init(y[i]);
    }
    st.n = n;
    if (duet_zk_mod_test_challenges(ctx, &st, w, y, m) != 0) {
        bail("challenges");
    }
    if (all_equal) {
        for (i = 1; i < m; i++) {
            mpz_set(y[i], y[0]);
        }
    }
    mpz_set_ui(lam, 1);
    for (j = 0; j < f->k; j++) {
        mpz_sub_ui(t, f->r[j], 1);
        mpz_lcm(lam, lam, t);
    }
    have_e = mpz_invert(e, n, lam) != 0;
    mpz_set(pf->w, w);
    for (i = 0; i < m; i++) {
        if (all_equal && i > 0) {
            mpz_set(pf->x[i], pf->x[0]);
            mpz_set(pf->z[i], pf->z[0]);
            pf->a[i] = pf->a[0];
            pf->b[i] = pf->b[0];
            answered += first_ok;
            continue;
        }
        mpz_set_ui(pf->x[i], 1);
        pf->a[i] = 0;
        pf->b[i] = 0;
        for (ab = 0; ab < 4; ab++) {
            mpz_set(yy, y[i]);
            if (ab & 2) {
                mpz_mul(yy, yy, w);
            }
            if (ab & 1) {
                mpz_neg(yy, yy);
            }
            mpz_mod(yy, yy, n);
            /* CRT over the factors, one fourth root each. */
            good = 1;
            mpz_set_ui(acc, 0);
            mpz_set_ui(mod, 1);
            for (j = 0; j < f->k && good; j++) {
                good = fourth_root_mod_prime(root, yy, f->r[j]);
                if (good) {
                    /* acc += mod * ((root - acc) mod^-1 mod r_j) */
                    mpz_sub(t, root, acc);
                    if (mpz_invert(root, mod, f->r[j]) == 0) {
                        bail("crt");
                    }
                    mpz_mul(t, t, root);
                    mpz_mod(t, t, f->r[j]);
                    mpz_mul(t, t, mod);
                    mpz_add(acc, acc, t);
                    mpz_mul(mod, mod, f->r[j]);
                }
            }
            if (good) {
                mpz_set(pf->x[i], acc);
                pf->a[i] = (uint8_t) (ab & 1);
                pf->b[i] = (uint8_t) (ab >> 1);
                answered++;
                first_ok = i == 0;
                break;
            }
        }
        if (have_e) {
            mpz_powm(pf->z[i], y[i], e, n);
        } else {
            mpz_set_ui(pf->z[i], 1);
        }
    }
    pf->m = m;
    mpz_clears(lam, e, yy, root, acc, mod, t, NULL);
    for (i = 0; i < m; i++) {
        mpz_clear(y[i]);
    }
    return answered;
}


/* A w in Z*_N with Jacobi(w, N) = -1 and Legendre(w, r) = want. */
static void
pick_w(mpz_t w, const mpz_t n, const mpz_t r, int want)
{
    do {
        if (duet_bn_random_unit(w, n) != 0) {
            bail("random");
        }
    } while (mpz_jacobi(w, n) != -1 || mpz_legendre(w, r) != want);
}


/* ------------------------------------------------------------------------
 * Completeness and the wire form.
 */

/* Returns: the time the verification took. */
static double
test_complete(const struct duet_level *lv, const struct key *k,
    struct duet_zk_mod_proof *out, int check_parsed)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof pf2;
    struct duet_buf_writer w1, w2;
    double t0, t1, t2;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&pf2);
    t0 = now();
    r = prove_key(&ctx, out, k);
    t1 = now();
    is_int(0, r, "level %d: prove", lv->id);
    is_int(0, verify_n(&ctx, k->n, out), "level %d: verify", lv->id);
    t2 = now();
    is_int((long long) lv->m, (long long) out->m, "level %d: %u entries",
        lv->id, lv->m);
    encode(&w1, out);
    diag("level %d: proof %zu bytes, prove %.3f s, verify %.3f s", lv->id,
        duet_buf_writer_len(&w1), t1 - t0, t2 - t1);
    is_int(0, parse_all(&ctx, duet_buf_writer_ptr(&w1),
        duet_buf_writer_len(&w1), &pf2), "level %d: parse", lv->id);
    encode(&w2, &pf2);
    ok(duet_buf_writer_len(&w1) == duet_buf_writer_len(&w2)
        && memcmp(duet_buf_writer_ptr(&w1), duet_buf_writer_ptr(&w2),
            duet_buf_writer_len(&w1)) == 0,
        "level %d: encode(parse(encode(proof))) is byte-identical", lv->id);
    if (check_parsed) {
        is_int(0, verify_n(&ctx, k->n, &pf2), "level %d: the parsed proof "
            "verifies", lv->id);
    }
    duet_buf_writer_free(&w1);
    duet_buf_writer_free(&w2);
    duet_zk_mod_proof_clear(&pf2);
    return t2 - t1;
}


/* Offset of entry i's a-flag in the encoding of pf. */
static size_t
flag_offset(const struct duet_zk_mod_proof *pf, unsigned i)
{
    size_t off = 2 + 4 + duet_bn_bytes(pf->w);
    unsigned j;

    for (j = 0; j < i; j++) {
        off += 4 + duet_bn_bytes(pf->x[j]) + 4 + duet_bn_bytes(pf->z[j]) + 2;
    }
    return off + 4 + duet_bn_bytes(pf->x[i]) + 4 + duet_bn_bytes(pf->z[i]);
}


static void
test_parse(const struct duet_level *lv, const struct duet_zk_mod_proof *pf)
{
    struct duet_zk_ctx ctx, noctx;
    struct duet_zk_mod_proof bad, out;
    struct duet_buf_writer w;
    struct duet_buf_reader rd;
    uint8_t *buf;
    size_t len, cut, cuts[16], i, bad_cuts = 0, off;
    unsigned last = lv->m - 1;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&bad);
    duet_zk_mod_proof_init(&out);
    encode(&w, pf);
    len = duet_buf_writer_len(&w);
    buf = bmalloc(len + 1);
    memcpy(buf, duet_buf_writer_ptr(&w), len);
    duet_buf_writer_free(&w);

    /* Truncation at a sample of boundaries, and trailing data. */
    cuts[0] = 0;
    cuts[1] = 1;
    cuts[2] = 2;
    cuts[3] = 5;
    cuts[4] = 6 + duet_bn_bytes(pf->w);
    cuts[5] = cuts[4] + 1;
    cuts[6] = flag_offset(pf, 0);
    cuts[7] = flag_offset(pf, 0) + 1;
    cuts[8] = len / 2;
    cuts[9] = len - 2;
    cuts[10] = len - 1;
    for (i = 11; i < 16; i++) {
        cuts[i] = rand_u32() % len;
    }
    for (i = 0; i < 16; i++) {
        cut = cuts[i];
        duet_buf_reader_init(&rd, buf, cut);
        r = duet_zk_mod_parse(&rd, &ctx, &out);
        if (r != DUET_ERR_TRUNCATED || out.m != 0) {
            bad_cuts++;
            diag("cut at %zu of %zu: %s", cut, len, duet_errname(r));
        }
    }
    is_int(0, (long long) bad_cuts, "truncated encodings are refused "
        "(16 cut points)");
    buf[len] = 0;
    duet_buf_reader_init(&rd, buf, len + 1);
    ok(duet_zk_mod_parse(&rd, &ctx, &out) == 0
        && duet_buf_reader_remaining(&rd) == 1
        && duet_buf_reader_end(&rd) == DUET_ERR_TRAILING_DATA,
        "a trailing byte is left for, and refused by, reader_end");

    /* Flags other than 0/1, at the first and last entry. */
    off = flag_offset(pf, 0);
    buf[off] = 2;
    is_int(DUET_ERR_NON_CANONICAL, parse_all(&ctx, buf, len, &out),
        "a_1 = 2 on the wire");
    buf[off] = pf->a[0];
    off = flag_offset(pf, last) + 1;
    buf[off] = 0xff;
    is_int(DUET_ERR_NON_CANONICAL, parse_all(&ctx, buf, len, &out),
        "b_m = 255 on the wire");
    buf[off] = pf->b[last];
    is_int(0, parse_all(&ctx, buf, len, &out), "restored encoding parses");

    /* Wrong counts. */
    buf[0] = (uint8_t) ((lv->m - 1) >> 8);
    buf[1] = (uint8_t) (lv->m - 1);
    is_int(DUET_ERR_BAD_ENCODING, parse_all(&ctx, buf, len, &out),
        "count m - 1 in the header");
    buf[0] = (uint8_t) ((lv->m + 1) >> 8);
    buf[1] = (uint8_t) (lv->m + 1);
    is_int(DUET_ERR_BAD_ENCODING, parse_all(&ctx, buf, len, &out),
        "count m + 1 in the header");
    buf[0] = (uint8_t) (lv->m >> 8);
    buf[1] = (uint8_t) lv->m;
    proof_copy(&bad, pf);
    bad.m = lv->m - 1;
    encode(&w, &bad);
    is_int(DUET_ERR_BAD_ENCODING, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "a proof of m - 1 entries");
    duet_buf_writer_free(&w);

    /* Over-long integers: one byte over the level's modulus. */
    proof_copy(&bad, pf);
    mpz_setbit(bad.w, lv->modulus_max_bits + 7);
    encode(&w, &bad);
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "w of |N|max/8 + 1 bytes");
    duet_buf_writer_free(&w);
    proof_copy(&bad, pf);
    mpz_setbit(bad.z[last], lv->modulus_max_bits + 7);
    encode(&w, &bad);
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "z_m of |N|max/8 + 1 bytes");
    duet_buf_writer_free(&w);

    /* A leading zero byte in a w that would otherwise fit. */
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    (void) duet_buf_put_u16(&w, (uint16_t) lv->m);
    (void) duet_buf_put_u32(&w, 2);
    (void) duet_buf_put_u8(&w, 0);
    (void) duet_buf_put_u8(&w, 5);
    (void) duet_buf_put_bytes(&w, buf + 6 + duet_bn_bytes(pf->w),
        len - 6 - duet_bn_bytes(pf->w));
    is_int(DUET_ERR_NON_CANONICAL, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "w = 5 with a leading zero byte");
    duet_buf_writer_free(&w);

    /* Encoder refusals and a context without a level. */
    proof_copy(&bad, pf);
    bad.a[3] = 2;
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_mod_encode(&w, &bad),
        "encode refuses a flag of 2");
    duet_buf_writer_free(&w);
    noctx = ctx;
    noctx.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, parse_all(&noctx, buf, len, &out),
        "parse without a level");

    free(buf);
    duet_zk_mod_proof_clear(&bad);
    duet_zk_mod_proof_clear(&out);
}


/* ------------------------------------------------------------------------
 * Soundness: every field mutated.
 */

enum mut {
    MUT_FLIP_LOW, MUT_FLIP_MID, MUT_ZERO, MUT_PLUS1, MUT_MINUS1, MUT_N,
    MUT_PLUS_N, MUT_FACTOR, MUT_NEGATE, MUT_COUNT
};

static const char *const mut_name[MUT_COUNT] = {
    "low bit flipped", "a middle bit flipped", "zero", "+1", "-1", "= N",
    "+ N (not reduced)", "= p (not a unit)", "negated"
};


static void
mutate(mpz_t v, enum mut how, const struct key *k)
{
    switch (how) {
    case MUT_FLIP_LOW:
        mpz_combit(v, 0);
        break;
    case MUT_FLIP_MID:
        mpz_combit(v, (mp_bitcnt_t) (mpz_sizeinbase(k->n, 2) / 2));
        break;
    case MUT_ZERO:
        mpz_set_ui(v, 0);
        break;
    case MUT_PLUS1:
        mpz_add_ui(v, v, 1);
        break;
    case MUT_MINUS1:
        mpz_sub_ui(v, v, 1);
        break;
    case MUT_N:
        mpz_set(v, k->n);
        break;
    case MUT_PLUS_N:
        mpz_add(v, v, k->n);
        break;
    case MUT_FACTOR:
        mpz_set(v, k->p);
        break;
    case MUT_NEGATE:
    case MUT_COUNT:
        mpz_neg(v, v);
        break;
    }
}


static void
test_mutations(const struct duet_level *lv, const struct key *k,
    const struct key *other, const struct duet_zk_mod_proof *pf,
    int nidx)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof bad;
    unsigned idx[4], i, kind, fails;
    int j, how, r;
    mpz_t n2;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&bad);
    mpz_init(n2);
    idx[0] = 0;
    idx[1] = lv->m - 1;
    idx[2] = 1;
    idx[3] = lv->m / 2;

    for (how = 0; how < MUT_COUNT; how++) {
        proof_copy(&bad, pf);
        mutate(bad.w, (enum mut) how, k);
        is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
            "level %d: w %s", lv->id, mut_name[how]);
    }
    /* N - w has the same Jacobi symbol (-1 is a square's Jacobi 1). */
    proof_copy(&bad, pf);
    mpz_sub(bad.w, k->n, bad.w);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
        "level %d: w replaced by N - w", lv->id);

    for (j = 0; j < nidx; j++) {
        i = idx[j];
        /* x and z: each mutation kind. */
        for (kind = 0; kind < 2; kind++) {
            fails = 0;
            for (how = 0; how < MUT_COUNT; how++) {
                proof_copy(&bad, pf);
                mutate(kind == 0 ? bad.x[i] : bad.z[i], (enum mut) how, k);
                r = verify_n(&ctx, k->n, &bad);
                if (r != DUET_ERR_PROOF_INVALID) {
                    fails++;
                    diag("%c_%u %s: %s", kind == 0 ? 'x' : 'z', i + 1,
                        mut_name[how], duet_errname(r));
                }
            }
            is_int(0, (long long) fails, "level %d: %c_%u: all %d "
                "mutations rejected", lv->id, kind == 0 ? 'x' : 'z', i + 1,
                MUT_COUNT);
        }
        proof_copy(&bad, pf);
        bad.a[i] ^= 1;
        is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
            "level %d: a_%u flipped", lv->id, i + 1);
        proof_copy(&bad, pf);
        bad.b[i] ^= 1;
        is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
            "level %d: b_%u flipped", lv->id, i + 1);
        proof_copy(&bad, pf);
        bad.a[i] = (uint8_t) (bad.a[i] + 2);
        is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
            "level %d: a_%u + 2 (not a bit)", lv->id, i + 1);
        proof_copy(&bad, pf);
        bad.b[i] = (uint8_t) (bad.b[i] + 2);
        is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
            "level %d: b_%u + 2 (not a bit)", lv->id, i + 1);
    }

    /* Entry counts (spec 6.1 A3: m - 1 and m + 1 entries). */
    proof_copy(&bad, pf);
    bad.m = lv->m - 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
        "level %d: m - 1 entries", lv->id);
    proof_copy(&bad, pf);
    bad.m = lv->m + 1;
    if (lv->m < DUET_ZK_MOD_M_MAX) {
        mpz_set(bad.x[lv->m], pf->x[0]);
        mpz_set(bad.z[lv->m], pf->z[0]);
    }
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
        "level %d: m + 1 entries", lv->id);
    proof_copy(&bad, pf);
    bad.m = 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, k->n, &bad),
        "level %d: a single entry", lv->id);

    /* The statement. */
    mpz_add_ui(n2, k->n, 2);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, n2, pf),
        "level %d: N + 2", lv->id);
    mpz_sub_ui(n2, k->n, 2);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, n2, pf),
        "level %d: N - 2", lv->id);
    mpz_combit(n2, mpz_sizeinbase(k->n, 2) / 2);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, n2, pf),
        "level %d: N with a middle bit flipped", lv->id);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, other->n, pf),
        "level %d: another party's N", lv->id);

    mpz_clear(n2);
    duet_zk_mod_proof_clear(&bad);
}


/* Spec 6.3 C4 and 4.3: the context is bound. */
static void
test_binding(const struct duet_level *lv, const struct duet_level *lv_other,
    const struct key *k, const struct duet_zk_mod_proof *pf)
{
    struct duet_zk_ctx ctx, c2;

    ctx_set(&ctx, lv);
    c2 = ctx;
    c2.sid = sid_b;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&c2, k->n, pf),
        "C4: another sid");
    c2 = ctx;
    c2.prover = 2;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&c2, k->n, pf),
        "C4: another prover index (a copied modulus and proof, B4)");
    c2 = ctx;
    c2.discriminator = 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&c2, k->n, pf),
        "C4: another discriminator");
    c2 = ctx;
    c2.rho = rho_b;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&c2, k->n, pf),
        "another rho (spec 2.3: the joint coin is bound)");
    c2 = ctx;
    c2.rho = NULL;
    c2.rho_len = 0;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&c2, k->n, pf),
        "no rho where the proof had one");
    c2 = ctx;
    c2.rho_len = sizeof(rho_a) - 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&c2, k->n, pf),
        "rho one byte shorter");
    c2 = ctx;
    c2.level = lv_other;
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&c2, k->n, pf),
        "another security level");
    c2 = ctx;
    c2.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_n(&c2, k->n, pf),
        "no level: the caller's mistake");
    c2 = ctx;
    c2.sid_len = 3;
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_n(&c2, k->n, pf),
        "a 3-byte sid: the caller's mistake");
}


/* ------------------------------------------------------------------------
 * Spec 6.1: the modulus attacks.
 */

/* A3: N even, N = p^2, and the prover's refusals. */
static void
test_a3_shapes(const struct duet_level *lv, const struct key *k,
    const struct duet_zk_mod_proof *pf)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof out;
    struct key sq, swapped;
    mpz_t n2;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&out);
    mpz_init(n2);

    /* Even N (the Jacobi symbol is undefined there: must not be reached). */
    mpz_sub_ui(n2, k->n, 1);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, n2, pf),
        "A3: N even (N - 1 of a valid N)");
    mpz_add_ui(n2, k->n, 1);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, n2, pf),
        "A3: N even (N + 1 of a valid N)");

    /*
     * N = p^2: the prover refuses, and no forgery exists to try (every w
     * has Jacobi(w, p^2) = 1); the verifier rejects before looking.
     */
    key_init(&sq, k->p, k->p);
    is_int(DUET_ERR_INVALID_ARGUMENT, prove_key(&ctx, &out, &sq),
        "A3: the prover refuses p = q");
    is_int(0, (long long) out.m, "refused: the proof is left empty");
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, sq.n, pf),
        "A3: N = p^2 rejected");
    key_clear(&sq);

    /* The prover checks the witness against N. */
    key_init(&swapped, k->p, k->q);
    mpz_add_ui(swapped.n, swapped.n, 2);
    r = prove_key(&ctx, &out, &swapped);
    is_int(DUET_ERR_INVALID_ARGUMENT, r, "the prover refuses p q != N");
    key_clear(&swapped);

    mpz_clear(n2);
    duet_zk_mod_proof_clear(&out);
}


/*
 * A3: N prime.  N = 3 mod 4 prime has a Pi^mod "proof" satisfying every
 * equation (w a non-residue, fourth roots of every square, z = y^(N^-1 mod
 * N - 1)), so only the primality check rejects it.
 */
static void
test_a3_prime(const struct duet_level *lv)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof pf;
    struct forge f;
    mpz_t n, w;
    unsigned answered;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&pf);
    mpz_inits(n, w, NULL);
    test_prime(n, lv->modulus_max_bits, 4, 3);
    f.k = 1;
    f.r[0] = n;
    pick_w(w, n, n, -1);
    answered = forge_mod(&ctx, &pf, n, &f, w, 0);
    is_int((long long) lv->m, (long long) answered,
        "A3: a prime N = 3 mod 4 answers every challenge");
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, n, &pf),
        "A3: ... and is rejected as prime");
    mpz_clears(n, w, NULL);
    duet_zk_mod_proof_clear(&pf);
}


/*
 * A3 (the crate's own unit test) and A4: N = p q with p = 5 mod 8.  With
 * Legendre(w, p) = -1 every challenge can be made a square mod p and q,
 * but only about half are fourth powers mod p.
 */
static void
test_a3_a4_not_blum(const struct duet_level *lv, const struct key *k)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof pf;
    struct duet_zk_mod_stmt st;
    struct forge f;
    struct key nb;
    mpz_t p, w, y[DUET_ZK_MOD_M_MAX], t, u;
    unsigned answered, i, j, tries, dup = 0;
    int ok1;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&pf);
    mpz_inits(p, w, t, u, NULL);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_init(y[i]);
    }
    test_prime(p, lv->prime_bits, 8, 5);
    key_init(&nb, p, k->q);
    is_int(DUET_ERR_INVALID_ARGUMENT, prove_key(&ctx, &pf, &nb),
        "A3: the prover refuses p = 1 mod 4");

    f.k = 2;
    f.r[0] = nb.p;
    f.r[1] = nb.q;
    pick_w(w, nb.n, nb.p, -1);
    answered = forge_mod(&ctx, &pf, nb.n, &f, w, 0);
    diag("non-Blum N: the forger answered %u of %u challenges", answered,
        lv->m);
    ok(answered > 0 && answered < lv->m, "A3: a non-Blum N leaves "
        "challenges without a fourth root");
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, nb.n, &pf),
        "A3: N with a prime factor = 1 mod 4 rejected");

    /*
     * A4: grind w until y_1 has an answer, then answer y_1 everywhere: a
     * verifier that re-seeds per repetition would accept this.
     */
    for (tries = 0; tries < 64; tries++) {
        pick_w(w, nb.n, nb.p, -1);
        if (forge_mod(&ctx, &pf, nb.n, &f, w, 1) == lv->m) {
            break;
        }
    }
    st.n = nb.n;
    if (duet_zk_mod_test_challenges(&ctx, &st, pf.w, y, lv->m) != 0) {
        bail("challenges");
    }
    mpz_powm(t, pf.z[0], nb.n, nb.n);
    ok1 = tries < 64 && mpz_cmp(t, y[0]) == 0;
    mpz_set(t, y[0]);
    if (pf.b[0]) {
        mpz_mul(t, t, pf.w);
    }
    if (pf.a[0]) {
        mpz_neg(t, t);
    }
    mpz_mod(t, t, nb.n);
    mpz_powm_ui(u, pf.x[0], 4, nb.n);
    ok1 = ok1 && mpz_cmp(t, u) == 0;
    ok(ok1, "A4: the all-equal forgery answers y_1 correctly (after %u "
        "tries of w)", tries + 1);
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, nb.n, &pf),
        "A4: a proof answering y_1 in every repetition rejected");

    /* A4: the m challenges of one transcript are pairwise distinct. */
    for (i = 0; i < lv->m; i++) {
        for (j = 0; j < i; j++) {
            dup += mpz_cmp(y[i], y[j]) == 0;
        }
    }
    is_int(0, (long long) dup, "A4: the %u challenges are pairwise "
        "distinct", lv->m);

    key_clear(&nb);
    mpz_clears(p, w, t, u, NULL);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_clear(y[i]);
    }
    duet_zk_mod_proof_clear(&pf);
}


/*
 * A small factor below 2^16 (A1): N = 65519 P is a Blum integer, so the
 * honest prover's proof satisfies every equation; the trial division
 * rejects it.  (Factors up to 2^256 are Pi^fac's: see zk-fac-t.)
 */
static void
test_small_factor(const struct duet_level *lv)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof pf;
    struct key sk;
    mpz_t small, big;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&pf);
    mpz_init_set_ui(small, 65519);
    mpz_init(big);
    /* 2^15 < 65519 < 2^16: N has max_bits - 1 or max_bits bits. */
    test_prime(big, lv->modulus_max_bits - 16, 4, 3);
    key_init(&sk, small, big);
    is_int(0, prove_key(&ctx, &pf, &sk), "A1: the prover proves "
        "N = 65519 P (a Blum integer)");
    is_int(DUET_ERR_PROOF_INVALID, verify_n(&ctx, sk.n, &pf),
        "A1: ... and the verifier's trial division rejects it");
    key_clear(&sk);
    mpz_clears(small, big, NULL);
    duet_zk_mod_proof_clear(&pf);
}


/*
 * C7: N one bit outside the window, with an honest proof made under the
 * same context, is rejected -- and before any work: in a small fraction of
 * the time a full verification takes.
 */
static void
test_c7(const struct duet_level *lv, const struct key *k, double full)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof pf;
    struct key ks;
    mpz_t q;
    double t0, dt;
    int r, which;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&pf);
    mpz_init(q);
    for (which = 0; which < 2; which++) {
        /* N of min_bits - 1 or max_bits + 1 bits. */
        do {
            test_prime(q, which == 0 ? lv->prime_bits - 1
                : lv->prime_bits + 1, 4, 3);
            key_init(&ks, k->p, q);
            if (mpz_sizeinbase(ks.n, 2) == (which == 0
                    ? lv->modulus_min_bits - 1 : lv->modulus_max_bits + 1))
            {
                break;
            }
            key_clear(&ks);
        } while (1);
        is_int(0, prove_key(&ctx, &pf, &ks), "C7: the prover proves a "
            "%zu-bit N", mpz_sizeinbase(ks.n, 2));
        t0 = now();
        r = verify_n(&ctx, ks.n, &pf);
        dt = now() - t0;
        is_int(DUET_ERR_PROOF_INVALID, r, "C7: level %d rejects a %zu-bit N",
            lv->id, mpz_sizeinbase(ks.n, 2));
        ok(dt < full / 20, "C7: ... before any work (%.4f s against %.3f s "
            "for a full verification)", dt, full);
        key_clear(&ks);
    }
    mpz_clear(q);
    duet_zk_mod_proof_clear(&pf);
}


/*
 * STYLE.md 17: an allocation failing anywhere in the prover ends in
 * DUET_ERR_NO_MEMORY with an empty proof (and, under ASan, no leak).
 */
static void
test_alloc_failures(const struct duet_level *lv, const struct key *k)
{
    static const unsigned long at[] = { 1, 2, 3, 5, 9, 40, 300, 1500 };
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof pf;
    size_t i;
    unsigned bad = 0, hit = 0;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&pf);
    for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        duet_mem_test_fail_alloc(at[i]);
        r = prove_key(&ctx, &pf, k);
        duet_mem_test_fail_alloc(0);
        if (r == DUET_ERR_NO_MEMORY) {
            hit++;
            bad += pf.m != 0;
        } else if (r != 0 || verify_n(&ctx, k->n, &pf) != 0) {
            bad++;
        }
    }
    is_int(0, (long long) bad, "level %d: allocation failures in the "
        "prover: DUET_ERR_NO_MEMORY and an empty proof (%u of %zu reached)",
        lv->id, hit, sizeof(at) / sizeof(at[0]));
    ok(hit > 1, "level %d: the injected failures were reached", lv->id);
    duet_zk_mod_proof_clear(&pf);
}


/* STYLE.md 18: random bit flips of a valid encoding never verify. */
static void
test_flips(const struct duet_level *lv, const struct key *k,
    const struct duet_zk_mod_proof *pf, unsigned rounds)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_mod_proof out;
    struct duet_buf_writer w;
    uint8_t *buf;
    size_t len, off;
    unsigned i, parsed = 0, accepted = 0;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_mod_proof_init(&out);
    encode(&w, pf);
    len = duet_buf_writer_len(&w);
    buf = bmalloc(len);
    for (i = 0; i < rounds; i++) {
        memcpy(buf, duet_buf_writer_ptr(&w), len);
        off = rand_u32() % len;
        buf[off] ^= (uint8_t) (1u << (rand_u32() % 8));
        r = parse_all(&ctx, buf, len, &out);
        if (r == 0) {
            parsed++;
            if (verify_n(&ctx, k->n, &out) != DUET_ERR_PROOF_INVALID) {
                accepted++;
                diag("flip at byte %zu verified", off);
            }
        }
    }
    duet_buf_writer_free(&w);
    is_int(0, (long long) accepted, "level %d: %u random bit flips: none "
        "verifies (%u parsed)", lv->id, rounds, parsed);
    free(buf);
    duet_zk_mod_proof_clear(&out);
}


int
main(int argc, char **argv)
{
    const struct duet_level *l112, *l128;
    struct duet_zk_mod_proof pf112, pf128;
    struct key k112, k112b, k128;
    uint64_t seed;
    double full;
    size_t i;
    int have128;

    tap_init(argc, argv);
    plan_lazy();
    seed = tap_seed();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_rand_test_seed(seed);
    slow = getenv("DUET_TEST_SLOW") != NULL;
    l112 = duet_level_get(DUET_LEVEL_112);
    l128 = duet_level_get(DUET_LEVEL_128);
    if (read_fixture(&fix1024) != 0 || fix1024.count < 4) {
        diag("no 1024-bit fixture: generating safe primes");
        generate_fixture(&fix1024, 4);
    }
    have128 = read_fixture(&fix1536) == 0 && fix1536.count >= 2;

    key_init(&k112, fix1024.p[0], fix1024.p[1]);
    key_init(&k112b, fix1024.p[2], fix1024.p[3]);
    duet_zk_mod_proof_init(&pf112);
    duet_zk_mod_proof_init(&pf128);

    full = test_complete(l112, &k112, &pf112, 1);
    if (have128) {
        key_init(&k128, fix1536.p[0], fix1536.p[1]);
        (void) test_complete(l128, &k128, &pf128, 0);
    } else {
        skip_block(5, "no 1536-bit fixture");
    }

    test_parse(l112, &pf112);
    test_mutations(l112, &k112, &k112b, &pf112, slow ? 4 : 3);
    test_binding(l112, l128, &k112, &pf112);
    test_a3_shapes(l112, &k112, &pf112);
    test_a3_prime(l112);
    test_a3_a4_not_blum(l112, &k112);
    test_small_factor(l112);
    test_c7(l112, &k112, full);
    test_alloc_failures(l112, &k112);
    test_flips(l112, &k112, &pf112, slow ? 200 : 12);
    if (slow && have128) {
        test_parse(l128, &pf128);
        test_mutations(l128, &k128, &k112, &pf128, 2);
        test_a3_a4_not_blum(l128, &k128);
        test_flips(l128, &k128, &pf128, 40);
    }

    duet_zk_mod_proof_clear(&pf112);
    duet_zk_mod_proof_clear(&pf128);
    key_clear(&k112);
    key_clear(&k112b);
    if (have128) {
        key_clear(&k128);
    }
    for (i = 0; i < fix1024.count; i++) {
        mpz_clear(fix1024.p[i]);
    }
    for (i = 0; i < fix1536.count; i++) {
        mpz_clear(fix1536.p[i]);
    }
    duet_rand_test_reset();
    return 0;
}
