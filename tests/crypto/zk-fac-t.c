/*
 * zk-fac-t.c -- tests for Pi^fac (crypto/src/zk/zk_fac.c, spec section 2.6):
 * completeness at both levels, the wire form, every field of the proof and
 * of the statement mutated, the half-range boundary of z1 and z2 (spec
 * 0.2, C9) with proofs that satisfy every equation, binding to the context
 * and to the verifier's ring-Pedersen parameters (spec 6.3 C3, C4), and the
 * small-factor attacks of spec 6.1 (A1, A2) and C7.
 *
 * Keys come from tests/vectors/safe-primes-{1024,1536}.txt (via
 * $top_srcdir).  Without the 1024-bit file, 1024-bit safe primes are
 * generated at test time; without the 1536-bit file, level 128 is skipped.
 * DUET_TEST_SLOW=1 adds level-128 mutations, the small-factor attack at
 * level 128, a cross-check with Pi^mod and a longer mutation loop.
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
#include "paillier/ring_pedersen.h"
#include "util/mem.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_fac.h"
#include "zk/zk_mod.h"

#define FIXTURE_MAX  32

struct fixture {
    unsigned bits;
    size_t count;
    mpz_t p[FIXTURE_MAX];
};

/* A prover's Paillier modulus. */
struct key {
    mpz_t p, q, n;
};

/* Everything one level's tests use. */
struct setup {
    const struct duet_level *lv;
    struct key k;                   /* the prover's N = p q */
    struct key k2;                  /* another party's N */
    struct duet_rp_secret ver;      /* the verifier's R, with trapdoor */
    struct duet_rp_secret own;      /* the prover's own R */
};

static struct fixture fix1024 = { 1024, 0, { { { 0, 0, NULL } } } };
static struct fixture fix1536 = { 1536, 0, { { { 0, 0, NULL } } } };
static int slow;

static const uint8_t sid_a[32] = "duet zk-fac-t session identifier";
static const uint8_t sid_b[32] = "duet zk-fac-t session identifiEr";
static const uint8_t rho_a[32] = "duet zk-fac-t joint random rho a";
static const uint8_t rho_b[32] = "duet zk-fac-t joint random rho b";


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


/*
 * A random prime of exactly bits bits, = 3 mod 4 (test data: variable
 * time is fine).  A gcd with the odd primes below 4096 sieves candidates.
 */
static void
test_prime(mpz_t p, unsigned bits)
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
        mpz_sub_ui(p, p, mpz_fdiv_ui(p, 4));
        mpz_add_ui(p, p, 3);
        for (;;) {
            mpz_gcd(g, p, prim);
            if (mpz_cmp_ui(g, 1) == 0 && mpz_probab_prime_p(p, 30)) {
                break;
            }
            mpz_add_ui(p, p, 4);
        }
    } while (mpz_sizeinbase(p, 2) != bits);
    mpz_clears(prim, g, NULL);
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


static void
setup_init(struct setup *su, const struct duet_level *lv,
    const struct fixture *fx)
{
    su->lv = lv;
    key_init(&su->k, fx->p[0], fx->p[1]);
    key_init(&su->k2, fx->p[4], fx->p[5]);
    duet_rp_secret_init(&su->ver);
    duet_rp_secret_init(&su->own);
    if (duet_rp_secret_from_primes(&su->ver, fx->p[2], fx->p[3], lv,
            NULL) != 0
        || duet_rp_secret_from_primes(&su->own, fx->p[6], fx->p[7], lv,
            NULL) != 0)
    {
        bail("duet_rp_secret_from_primes");
    }
}


static void
setup_clear(struct setup *su)
{
    key_clear(&su->k);
    key_clear(&su->k2);
    duet_rp_secret_clear(&su->ver);
    duet_rp_secret_clear(&su->own);
}


static void
ctx_set(struct duet_zk_ctx *ctx, const struct duet_level *lv)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->level = lv;
    ctx->sid = sid_a;
    ctx->sid_len = sizeof(sid_a);
    ctx->prover = 0;
    ctx->rho = rho_a;
    ctx->rho_len = sizeof(rho_a);
}


static void
proof_copy(struct duet_zk_fac_proof *d, const struct duet_zk_fac_proof *s)
{
    mpz_set(d->P, s->P);
    mpz_set(d->Q, s->Q);
    mpz_set(d->A, s->A);
    mpz_set(d->B, s->B);
    mpz_set(d->T, s->T);
    mpz_set(d->z1, s->z1);
    mpz_set(d->z2, s->z2);
    mpz_set(d->w1, s->w1);
    mpz_set(d->w2, s->w2);
    mpz_set(d->v, s->v);
}


static int
prove_with(const struct duet_zk_ctx *ctx, struct duet_zk_fac_proof *proof,
    const struct key *k, const struct duet_rp_params *rp)
{
    struct duet_zk_fac_stmt st;
    struct duet_zk_fac_wit wit;

    st.n = k->n;
    st.rp = rp;
    wit.p = k->p;
    wit.q = k->q;
    return duet_zk_fac_prove(ctx, proof, &st, &wit);
}


static int
verify_with(const struct duet_zk_ctx *ctx, const mpz_t n,
    const struct duet_rp_params *rp, const struct duet_zk_fac_proof *proof)
{
    struct duet_zk_fac_stmt st;

    st.n = n;
    st.rp = rp;
    return duet_zk_fac_verify(ctx, &st, proof);
}


static void
encode(struct duet_buf_writer *w, const struct duet_zk_fac_proof *proof)
{
    duet_buf_writer_init_alloc(w, DUET_BUF_MAX);
    if (duet_zk_fac_encode(w, proof) != 0) {
        bail("encode");
    }
}


/* Parse exactly len bytes (trailing data is an error here). */
static int
parse_all(const struct duet_zk_ctx *ctx, const uint8_t *p, size_t len,
    struct duet_zk_fac_proof *proof)
{
    struct duet_buf_reader rd;
    int r;

    duet_buf_reader_init(&rd, p, len);
    if ((r = duet_zk_fac_parse(&rd, ctx, proof)) != 0) {
        return r;
    }
    return duet_buf_reader_end(&rd);
}


/* v += 2^bit: |v| then has bit + 1 bits, whatever the sign of v. */
static void
add_pow2(mpz_t v, unsigned long bit)
{
    mpz_t t;

    mpz_init(t);
    mpz_setbit(t, bit);
    mpz_add(v, v, t);
    mpz_clear(t);
}


/* H = floor(X / 2) for X = 2^(ell+eps) floor(sqrt(N)): the z bound. */
static void
z_bound(mpz_t h, const struct duet_level *lv, const mpz_t n)
{
    mpz_sqrt(h, n);
    mpz_mul_2exp(h, h, lv->ell + lv->epsilon - 1);
}


/* ------------------------------------------------------------------------
 * Completeness and the wire form.
 */

/* Returns: the time the verification took. */
static double
test_complete(struct setup *su, struct duet_zk_fac_proof *out)
{
    const struct duet_level *lv = su->lv;
    struct duet_zk_ctx ctx;
    struct duet_zk_fac_proof pf2;
    struct duet_buf_writer w1, w2;
    double t0, t1, t2;
    mpz_t h;

    ctx_set(&ctx, lv);
    duet_zk_fac_proof_init(&pf2);
    mpz_init(h);
    t0 = now();
    is_int(0, prove_with(&ctx, out, &su->k, &su->ver.pub),
        "level %d: prove", lv->id);
    t1 = now();
    is_int(0, verify_with(&ctx, su->k.n, &su->ver.pub, out),
        "level %d: verify", lv->id);
    t2 = now();
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
    is_int(0, verify_with(&ctx, su->k.n, &su->ver.pub, &pf2),
        "level %d: the parsed proof verifies", lv->id);
    z_bound(h, lv, su->k.n);
    ok(mpz_cmpabs(out->z1, h) <= 0 && mpz_cmpabs(out->z2, h) <= 0,
        "level %d: |z1|, |z2| <= 2^(ell+eps-1) sqrt(N)", lv->id);
    duet_buf_writer_free(&w1);
    duet_buf_writer_free(&w2);
    duet_zk_fac_proof_clear(&pf2);
    mpz_clear(h);
    return t2 - t1;
}


static void
test_parse(const struct duet_level *lv, const struct duet_zk_fac_proof *pf)
{
    struct duet_zk_ctx ctx, noctx;
    struct duet_zk_fac_proof bad, out;
    struct duet_buf_writer w;
    struct duet_buf_reader rd;
    uint8_t *buf;
    size_t len, cuts[14], i, bad_cuts = 0, lp, zoff;
    unsigned eps = lv->ell + lv->epsilon;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_fac_proof_init(&bad);
    duet_zk_fac_proof_init(&out);
    encode(&w, pf);
    len = duet_buf_writer_len(&w);
    buf = bmalloc(len + 1);
    memcpy(buf, duet_buf_writer_ptr(&w), len);
    duet_buf_writer_free(&w);

    lp = duet_bn_bytes(pf->P);
    zoff = 5 * 4 + lp + duet_bn_bytes(pf->Q) + duet_bn_bytes(pf->A)
        + duet_bn_bytes(pf->B) + duet_bn_bytes(pf->T);
    cuts[0] = 0;
    cuts[1] = 3;
    cuts[2] = 4;
    cuts[3] = 4 + lp;
    cuts[4] = zoff;
    cuts[5] = zoff + 1;
    cuts[6] = zoff + 3;
    cuts[7] = len - 1;
    cuts[8] = len / 2;
    for (i = 9; i < 14; i++) {
        cuts[i] = rand_u32() % len;
    }
    for (i = 0; i < 14; i++) {
        duet_buf_reader_init(&rd, buf, cuts[i]);
        r = duet_zk_fac_parse(&rd, &ctx, &out);
        if (r != DUET_ERR_TRUNCATED || mpz_sgn(out.P) != 0) {
            bad_cuts++;
            diag("cut at %zu of %zu: %s", cuts[i], len, duet_errname(r));
        }
    }
    is_int(0, (long long) bad_cuts, "truncated encodings are refused "
        "(14 cut points)");
    buf[len] = 0;
    duet_buf_reader_init(&rd, buf, len + 1);
    ok(duet_zk_fac_parse(&rd, &ctx, &out) == 0
        && duet_buf_reader_remaining(&rd) == 1
        && duet_buf_reader_end(&rd) == DUET_ERR_TRAILING_DATA,
        "a trailing byte is left for, and refused by, reader_end");

    /* Sign bytes: 2 and negative zero. */
    buf[zoff] = 2;
    is_int(DUET_ERR_NON_CANONICAL, parse_all(&ctx, buf, len, &out),
        "z1 with sign byte 2");
    buf[zoff] = mpz_sgn(pf->z1) < 0;
    is_int(0, parse_all(&ctx, buf, len, &out), "restored encoding parses");
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    (void) duet_buf_put_bytes(&w, buf, zoff);
    (void) duet_buf_put_u8(&w, 1);
    (void) duet_buf_put_u32(&w, 0);
    (void) duet_buf_put_bytes(&w, buf + zoff + 5 + duet_bn_bytes(pf->z1),
        len - zoff - 5 - duet_bn_bytes(pf->z1));
    is_int(DUET_ERR_NON_CANONICAL, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "z1 = negative zero");
    duet_buf_writer_free(&w);

    /* A leading zero byte in P = 5. */
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    (void) duet_buf_put_u32(&w, 2);
    (void) duet_buf_put_u8(&w, 0);
    (void) duet_buf_put_u8(&w, 5);
    (void) duet_buf_put_bytes(&w, buf + 4 + lp, len - 4 - lp);
    is_int(DUET_ERR_NON_CANONICAL, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "P = 5 with a leading zero byte");
    duet_buf_writer_free(&w);

    /* Each field one byte over its maximum. */
    proof_copy(&bad, pf);
    mpz_setbit(bad.T, lv->modulus_max_bits + 7);
    encode(&w, &bad);
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "T over |N|max");
    duet_buf_writer_free(&w);
    proof_copy(&bad, pf);
    add_pow2(bad.z2, eps + (lv->modulus_max_bits + 1) / 2 + 7);
    encode(&w, &bad);
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "z2 over its maximum");
    duet_buf_writer_free(&w);
    proof_copy(&bad, pf);
    add_pow2(bad.w1, eps + lv->modulus_max_bits + 7);
    encode(&w, &bad);
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "w1 over its maximum");
    duet_buf_writer_free(&w);
    proof_copy(&bad, pf);
    add_pow2(bad.v, eps + 2 * lv->modulus_max_bits + 7);
    encode(&w, &bad);
    r = parse_all(&ctx, duet_buf_writer_ptr(&w), duet_buf_writer_len(&w),
        &out);
    is_int(DUET_ERR_LIMIT_EXCEEDED, r, "v over its maximum");
    duet_buf_writer_free(&w);

    noctx = ctx;
    noctx.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, parse_all(&noctx, buf, len, &out),
        "parse without a level");
    proof_copy(&bad, pf);
    mpz_neg(bad.Q, bad.Q);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_fac_encode(&w, &bad),
        "encode refuses a negative commitment");
    duet_buf_writer_free(&w);

    free(buf);
    duet_zk_fac_proof_clear(&bad);
    duet_zk_fac_proof_clear(&out);
}


/* ------------------------------------------------------------------------
 * Soundness: every field mutated.
 */

enum mut {
    MUT_FLIP_LOW, MUT_FLIP_MID, MUT_ZERO, MUT_PLUS1, MUT_MINUS1,
    MUT_NEGATE, MUT_MODULUS, MUT_PLUS_MODULUS, MUT_FACTOR, MUT_MINUS_X,
    MUT_HUGE, MUT_COUNT
};

static const char *const mut_name[MUT_COUNT] = {
    "low bit flipped", "a middle bit flipped", "zero", "+1", "-1",
    "negated", "= N^", "+ N^", "= p^ (not a unit)", "N^ - x (times -1)",
    "2^4000 added"
};


static void
mutate(mpz_t v, enum mut how, const struct duet_rp_secret *ver)
{
    switch (how) {
    case MUT_FLIP_LOW:
        mpz_combit(v, 0);
        break;
    case MUT_FLIP_MID:
        mpz_combit(v, (mp_bitcnt_t) (mpz_sizeinbase(v, 2) / 2));
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
    case MUT_NEGATE:
        mpz_neg(v, v);
        break;
    case MUT_MODULUS:
        mpz_set(v, ver->pub.n);
        break;
    case MUT_PLUS_MODULUS:
        mpz_add(v, v, ver->pub.n);
        break;
    case MUT_FACTOR:
        mpz_set(v, ver->p);
        break;
    case MUT_MINUS_X:
        mpz_sub(v, ver->pub.n, v);
        break;
    case MUT_HUGE:
    case MUT_COUNT:
        add_pow2(v, 4000);
        break;
    }
}


static void
test_mutations(struct setup *su, const struct duet_zk_fac_proof *pf)
{
    const struct duet_level *lv = su->lv;
    struct duet_zk_ctx ctx;
    struct duet_zk_fac_proof bad;
    mpz_ptr field[10];
    static const char *const names[10] = {
        "P", "Q", "A", "B", "T", "z1", "z2", "w1", "w2", "v"
    };
    unsigned f, fails;
    int how, r;
    mpz_t n2;

    ctx_set(&ctx, lv);
    duet_zk_fac_proof_init(&bad);
    mpz_init(n2);
    field[0] = bad.P;
    field[1] = bad.Q;
    field[2] = bad.A;
    field[3] = bad.B;
    field[4] = bad.T;
    field[5] = bad.z1;
    field[6] = bad.z2;
    field[7] = bad.w1;
    field[8] = bad.w2;
    field[9] = bad.v;
    for (f = 0; f < 10; f++) {
        fails = 0;
        for (how = 0; how < MUT_COUNT; how++) {
            proof_copy(&bad, pf);
            mutate(field[f], (enum mut) how, &su->ver);
            r = verify_with(&ctx, su->k.n, &su->ver.pub, &bad);
            if (r != DUET_ERR_PROOF_INVALID) {
                fails++;
                diag("%s %s: %s", names[f], mut_name[how], duet_errname(r));
            }
        }
        is_int(0, (long long) fails, "level %d: %s: all %d mutations "
            "rejected", lv->id, names[f], MUT_COUNT);
    }

    /* The statement. */
    mpz_add_ui(n2, su->k.n, 2);
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, n2, &su->ver.pub, pf),
        "level %d: N + 2", lv->id);
    mpz_combit(n2, mpz_sizeinbase(n2, 2) / 2);
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, n2, &su->ver.pub, pf),
        "level %d: N with a middle bit flipped", lv->id);
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, su->k2.n,
        &su->ver.pub, pf), "level %d: another party's N", lv->id);
    mpz_add_ui(n2, su->k.n, 1);
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, n2, &su->ver.pub, pf),
        "level %d: N + 1 (even)", lv->id);
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, su->k.n, &su->own.pub,
        pf), "level %d: another verifier's parameters", lv->id);

    mpz_clear(n2);
    duet_zk_fac_proof_clear(&bad);
}


/*
 * The half-range boundary (spec 0.2, C9).  With the verifier's trapdoor
 * (s = t^lambda, t of order dividing phi^/4) the test commits to
 * A = t^cA, B = t^cB, T = t^cT first, learns e, then opens z1 and z2 to
 * any chosen values with every equation holding: only the range check
 * decides.
 */
static int
craft(const struct duet_zk_ctx *ctx, struct setup *su,
    struct duet_zk_fac_proof *pf, const mpz_t z1, const mpz_t z2)
{
    const struct duet_rp_secret *v = &su->ver;
    struct duet_zk_fac_stmt st;
    mpz_t ord, mu, nu, ca, cb, ct, e, alpha, beta, x, u;
    int r;

    mpz_inits(ord, mu, nu, ca, cb, ct, e, alpha, beta, x, u, NULL);
    mpz_fdiv_q_2exp(ord, v->phi, 2);
    /* Honest P and Q. */
    mpz_mul_2exp(u, v->pub.n, su->lv->ell);
    if (duet_bn_random_pm(mu, u) != 0 || duet_bn_random_pm(nu, u) != 0
        || duet_rp_commit_var(&v->pub, pf->P, su->k.p, mu) != 0
        || duet_rp_commit_var(&v->pub, pf->Q, su->k.q, nu) != 0
        || duet_bn_random_below(ca, ord) != 0
        || duet_bn_random_below(cb, ord) != 0
        || duet_bn_random_below(ct, ord) != 0)
    {
        bail("craft setup");
    }
    mpz_powm(pf->A, v->pub.t, ca, v->pub.n);
    mpz_powm(pf->B, v->pub.t, cb, v->pub.n);
    mpz_powm(pf->T, v->pub.t, ct, v->pub.n);
    st.n = su->k.n;
    st.rp = &v->pub;
    if (duet_zk_fac_test_challenge(ctx, &st, pf, e) != 0) {
        bail("challenge");
    }
    /* alpha = z1 - e p, x = cA - lambda alpha (mod ord), w1 = x + e mu. */
    mpz_set(pf->z1, z1);
    mpz_mul(u, e, su->k.p);
    mpz_sub(alpha, z1, u);
    mpz_mul(x, v->lambda, alpha);
    mpz_sub(x, ca, x);
    mpz_mod(x, x, ord);
    mpz_mul(u, e, mu);
    mpz_add(pf->w1, x, u);
    mpz_set(pf->z2, z2);
    mpz_mul(u, e, su->k.q);
    mpz_sub(beta, z2, u);
    mpz_mul(x, v->lambda, beta);
    mpz_sub(x, cb, x);
    mpz_mod(x, x, ord);
    mpz_mul(u, e, nu);
    mpz_add(pf->w2, x, u);
    /* T = Q^alpha t^r: r = cT - alpha (lambda q + nu) (mod ord). */
    mpz_mul(x, v->lambda, su->k.q);
    mpz_add(x, x, nu);
    mpz_mul(x, x, alpha);
    mpz_sub(x, ct, x);
    mpz_mod(x, x, ord);
    mpz_mul(u, e, nu);
    mpz_mul(u, u, su->k.p);
    mpz_sub(pf->v, x, u);
    r = verify_with(ctx, su->k.n, &v->pub, pf);
    mpz_clears(ord, mu, nu, ca, cb, ct, e, alpha, beta, x, u, NULL);
    return r;
}


static void
test_boundary(struct setup *su, const struct duet_zk_fac_proof *honest)
{
    const struct duet_level *lv = su->lv;
    struct duet_zk_ctx ctx;
    struct duet_zk_fac_proof pf;
    mpz_t h, h1, nh, nh1;

    ctx_set(&ctx, lv);
    duet_zk_fac_proof_init(&pf);
    mpz_inits(h, h1, nh, nh1, NULL);
    z_bound(h, lv, su->k.n);
    mpz_add_ui(h1, h, 1);
    mpz_neg(nh, h);
    mpz_neg(nh1, h1);

    is_int(0, craft(&ctx, su, &pf, honest->z1, honest->z2),
        "boundary: a crafted proof with honest-sized z1, z2 verifies");
    is_int(0, craft(&ctx, su, &pf, h, honest->z2),
        "C9: z1 = +2^(ell+eps-1) sqrt(N) accepted (inclusive)");
    is_int(0, craft(&ctx, su, &pf, nh, honest->z2),
        "C9: z1 = -2^(ell+eps-1) sqrt(N) accepted (inclusive)");
    is_int(DUET_ERR_PROOF_INVALID, craft(&ctx, su, &pf, h1, honest->z2),
        "A2: z1 = bound + 1 rejected");
    is_int(DUET_ERR_PROOF_INVALID, craft(&ctx, su, &pf, nh1, honest->z2),
        "A2: z1 = -(bound + 1) rejected");
    is_int(0, craft(&ctx, su, &pf, honest->z1, h),
        "C9: z2 = +bound accepted");
    is_int(0, craft(&ctx, su, &pf, honest->z1, nh),
        "C9: z2 = -bound accepted");
    is_int(DUET_ERR_PROOF_INVALID, craft(&ctx, su, &pf, honest->z1, h1),
        "A2: z2 = bound + 1 rejected");
    is_int(DUET_ERR_PROOF_INVALID, craft(&ctx, su, &pf, honest->z1, nh1),
        "A2: z2 = -(bound + 1) rejected");

    mpz_clears(h, h1, nh, nh1, NULL);
    duet_zk_fac_proof_clear(&pf);
}


/* Spec 6.3 C3 and C4: the context and the verifier's R are bound. */
static void
test_binding(struct setup *su, const struct duet_level *lv_other,
    const struct duet_zk_fac_proof *pf)
{
    const struct duet_level *lv = su->lv;
    struct duet_zk_ctx ctx, c2;
    struct duet_zk_fac_proof own;

    ctx_set(&ctx, lv);
    c2 = ctx;
    c2.sid = sid_b;
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&c2, su->k.n, &su->ver.pub,
        pf), "C4: another sid");
    c2 = ctx;
    c2.prover = 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&c2, su->k.n, &su->ver.pub,
        pf), "C4: another prover index");
    c2 = ctx;
    c2.discriminator = 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&c2, su->k.n, &su->ver.pub,
        pf), "C4: another discriminator");
    c2 = ctx;
    c2.rho = rho_b;
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&c2, su->k.n, &su->ver.pub,
        pf), "another rho (spec 2.3)");
    c2 = ctx;
    c2.rho = NULL;
    c2.rho_len = 0;
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&c2, su->k.n, &su->ver.pub,
        pf), "no rho where the proof had one");
    c2 = ctx;
    c2.level = lv_other;
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&c2, su->k.n, &su->ver.pub,
        pf), "another security level");
    c2 = ctx;
    c2.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_with(&c2, su->k.n,
        &su->ver.pub, pf), "no level: the caller's mistake");

    /* C3: the prover used its OWN parameters, whose trapdoor it knows. */
    duet_zk_fac_proof_init(&own);
    is_int(0, prove_with(&ctx, &own, &su->k, &su->own.pub),
        "C3: a proof against the prover's own R");
    is_int(0, verify_with(&ctx, su->k.n, &su->own.pub, &own),
        "C3: ... is valid for that R");
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, su->k.n, &su->ver.pub,
        &own), "C3: ... and rejected by the verifier with its own R");
    duet_zk_fac_proof_clear(&own);
}


/*
 * A1: N = p q with p a ~2^200 prime -- above the trial division, below
 * 2^ell.  The prover is honest about its factors; z2 = beta + e q is then
 * far over the bound, and nothing else fails.
 */
static void
test_a1_small_factor(struct setup *su, unsigned small_bits, int cross)
{
    const struct duet_level *lv = su->lv;
    struct duet_zk_ctx ctx;
    struct duet_zk_fac_proof pf;
    struct duet_zk_mod_proof mpf;
    struct duet_zk_mod_stmt mst;
    struct duet_zk_mod_wit mwit;
    struct key bad, swapped;
    mpz_t small, big, h;
    unsigned big_bits;

    ctx_set(&ctx, lv);
    duet_zk_fac_proof_init(&pf);
    mpz_inits(small, big, h, NULL);
    test_prime(small, small_bits);
    /* N of max_bits - 1 or max_bits bits. */
    big_bits = lv->modulus_max_bits - small_bits;
    test_prime(big, big_bits);
    key_init(&bad, small, big);
    key_init(&swapped, big, small);

    is_int(0, prove_with(&ctx, &pf, &bad, &su->ver.pub),
        "A1: the prover proves N = (%u-bit prime) (%u-bit prime)",
        small_bits, big_bits);
    z_bound(h, lv, bad.n);
    ok(mpz_cmpabs(pf.z2, h) > 0, "A1: ... its z2 is over the bound");
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, bad.n, &su->ver.pub,
        &pf), "A1: N with a %u-bit factor rejected", small_bits);
    is_int(0, prove_with(&ctx, &pf, &swapped, &su->ver.pub),
        "A1: the same N, factors named the other way round");
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, bad.n, &su->ver.pub,
        &pf), "A1: ... rejected (z1 over the bound)");

    if (cross) {
        /* Pi^mod alone accepts this N: it is a Blum integer. */
        duet_zk_mod_proof_init(&mpf);
        mst.n = bad.n;
        mwit.p = bad.p;
        mwit.q = bad.q;
        ok(duet_zk_mod_prove(&ctx, &mpf, &mst, &mwit) == 0
            && duet_zk_mod_verify(&ctx, &mst, &mpf) == 0,
            "A1: Pi^mod accepts this N; Pi^fac is what rejects it");
        duet_zk_mod_proof_clear(&mpf);
    }
    key_clear(&bad);
    key_clear(&swapped);
    mpz_clears(small, big, h, NULL);
    duet_zk_fac_proof_clear(&pf);
}


/*
 * C7 and the checks on N before work: N outside the window, with an
 * honest proof under the same context; a factor below 2^16; a huge z1.
 */
static void
test_c7(struct setup *su, double full)
{
    const struct duet_level *lv = su->lv;
    struct duet_zk_ctx ctx;
    struct duet_zk_fac_proof pf;
    struct key ks;
    mpz_t q, small;
    double t0, dt;
    size_t want;
    int r, which;

    ctx_set(&ctx, lv);
    duet_zk_fac_proof_init(&pf);
    mpz_inits(q, small, NULL);
    for (which = 0; which < 2; which++) {
        want = which == 0 ? lv->modulus_min_bits - 1
            : lv->modulus_max_bits + 1;
        for (;;) {
            test_prime(q, which == 0 ? lv->prime_bits - 1
                : lv->prime_bits + 1);
            key_init(&ks, su->k.p, q);
            if (mpz_sizeinbase(ks.n, 2) == want) {
                break;
            }
            key_clear(&ks);
        }
        is_int(0, prove_with(&ctx, &pf, &ks, &su->ver.pub),
            "C7: the prover proves a %zu-bit N", want);
        t0 = now();
        r = verify_with(&ctx, ks.n, &su->ver.pub, &pf);
        dt = now() - t0;
        is_int(DUET_ERR_PROOF_INVALID, r, "C7: level %d rejects a %zu-bit N",
            lv->id, want);
        ok(dt < full / 5, "C7: ... before any work (%.4f s against %.3f s "
            "for a full verification)", dt, full);
        key_clear(&ks);
    }

    /* A factor below 2^16: refused by the trial division. */
    mpz_set_ui(small, 65519);
    test_prime(q, lv->modulus_max_bits - 16);
    key_init(&ks, small, q);
    is_int(0, prove_with(&ctx, &pf, &ks, &su->ver.pub),
        "A1: the prover proves N = 65519 P");
    is_int(DUET_ERR_PROOF_INVALID, verify_with(&ctx, ks.n, &su->ver.pub,
        &pf), "A1: ... rejected");
    key_clear(&ks);

    /* A huge z1: refused before any exponentiation. */
    if (prove_with(&ctx, &pf, &su->k, &su->ver.pub) != 0) {
        bail("prove");
    }
    add_pow2(pf.z1, 200000);
    t0 = now();
    r = verify_with(&ctx, su->k.n, &su->ver.pub, &pf);
    dt = now() - t0;
    ok(r == DUET_ERR_PROOF_INVALID && dt < full / 5, "a 200000-bit z1 is "
        "refused before any exponentiation (%.4f s)", dt);
    mpz_clears(q, small, NULL);
    duet_zk_fac_proof_clear(&pf);
}


/*
 * STYLE.md 17: an allocation failing anywhere in the prover ends in
 * DUET_ERR_NO_MEMORY with an all-zero proof (and, under ASan, no leak).
 */
static void
test_alloc_failures(struct setup *su)
{
    static const unsigned long at[] = {
        1, 2, 3, 5, 8, 11, 14, 17, 20, 25, 40, 80
    };
    struct duet_zk_ctx ctx;
    struct duet_zk_fac_proof pf;
    size_t i;
    unsigned bad = 0, hit = 0;
    int r;

    ctx_set(&ctx, su->lv);
    duet_zk_fac_proof_init(&pf);
    for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        duet_mem_test_fail_alloc(at[i]);
        r = prove_with(&ctx, &pf, &su->k, &su->ver.pub);
        duet_mem_test_fail_alloc(0);
        if (r == DUET_ERR_NO_MEMORY) {
            hit++;
            bad += mpz_sgn(pf.P) != 0 || mpz_sgn(pf.v) != 0;
        } else if (r != 0
            || verify_with(&ctx, su->k.n, &su->ver.pub, &pf) != 0)
        {
            bad++;
        }
    }
    is_int(0, (long long) bad, "level %d: allocation failures in the "
        "prover: DUET_ERR_NO_MEMORY and an empty proof (%u of %zu reached)",
        su->lv->id, hit, sizeof(at) / sizeof(at[0]));
    ok(hit > 1, "level %d: the injected failures were reached", su->lv->id);
    duet_zk_fac_proof_clear(&pf);
}


/* Random bit flips of a valid encoding never verify. */
static void
test_flips(struct setup *su, const struct duet_zk_fac_proof *pf,
    unsigned rounds)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_fac_proof out;
    struct duet_buf_writer w;
    uint8_t *buf;
    size_t len, off;
    unsigned i, parsed = 0, accepted = 0;

    ctx_set(&ctx, su->lv);
    duet_zk_fac_proof_init(&out);
    encode(&w, pf);
    len = duet_buf_writer_len(&w);
    buf = bmalloc(len);
    for (i = 0; i < rounds; i++) {
        memcpy(buf, duet_buf_writer_ptr(&w), len);
        off = rand_u32() % len;
        buf[off] ^= (uint8_t) (1u << (rand_u32() % 8));
        if (parse_all(&ctx, buf, len, &out) == 0) {
            parsed++;
            if (verify_with(&ctx, su->k.n, &su->ver.pub, &out)
                != DUET_ERR_PROOF_INVALID)
            {
                accepted++;
                diag("flip at byte %zu verified", off);
            }
        }
    }
    duet_buf_writer_free(&w);
    is_int(0, (long long) accepted, "level %d: %u random bit flips: none "
        "verifies (%u parsed)", su->lv->id, rounds, parsed);
    free(buf);
    duet_zk_fac_proof_clear(&out);
}


int
main(int argc, char **argv)
{
    const struct duet_level *l112, *l128;
    struct duet_zk_fac_proof pf112, pf128;
    struct setup s112, s128;
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
    if (read_fixture(&fix1024) != 0 || fix1024.count < 8) {
        diag("no 1024-bit fixture: generating safe primes");
        generate_fixture(&fix1024, 8);
    }
    have128 = read_fixture(&fix1536) == 0 && fix1536.count >= 8;

    setup_init(&s112, l112, &fix1024);
    duet_zk_fac_proof_init(&pf112);
    duet_zk_fac_proof_init(&pf128);

    full = test_complete(&s112, &pf112);
    if (have128) {
        setup_init(&s128, l128, &fix1536);
        (void) test_complete(&s128, &pf128);
    } else {
        skip_block(6, "no 1536-bit fixture");
    }
    test_parse(l112, &pf112);
    test_mutations(&s112, &pf112);
    test_boundary(&s112, &pf112);
    test_binding(&s112, l128, &pf112);
    test_a1_small_factor(&s112, 200, slow);
    test_c7(&s112, full);
    test_alloc_failures(&s112);
    test_flips(&s112, &pf112, slow ? 400 : 40);
    if (have128) {
        test_boundary(&s128, &pf128);
        if (slow) {
            test_parse(l128, &pf128);
            test_mutations(&s128, &pf128);
            test_binding(&s128, l112, &pf128);
            test_a1_small_factor(&s128, 255, 1);
            test_flips(&s128, &pf128, 100);
        }
    }

    duet_zk_fac_proof_clear(&pf112);
    duet_zk_fac_proof_clear(&pf128);
    setup_clear(&s112);
    if (have128) {
        setup_clear(&s128);
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
