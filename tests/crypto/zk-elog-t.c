/*
 * zk-elog-t.c -- tests for crypto/src/zk/zk_elog: Pi^elog, knowledge of a
 * discrete log committed under El-Gamal (spec 3.3-3.5, 3.7, 6.3, 6.5 E3).
 *
 * Completeness at both levels, in both presigning slots (psi~: H = G;
 * psi': H = Gamma), and with the statement points that may be infinity;
 * the challenge recomputed here from the documented transcript layout;
 * binding to every context field (sid, prover, discriminator = elog
 * prime, rho, level: spec 6.3 C4); every statement and proof field
 * mutated, roles swapped, Gamma' = Gamma + G (E3); malleability (negated
 * and doubled statements with algebraically adapted proofs); statement
 * points that must not be infinity (H, X); strict parsing (truncation at
 * every byte, trailing data, every non-canonical point and scalar, z + q);
 * every single-bit flip of the encoding; a random mutation loop; and
 * prove/verify timings as diagnostics.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "transcript/transcript.h"
#include "util/mem.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_elog.h"

#define PROOF_BYTES  DUET_ZK_ELOG_PROOF_BYTES

/* The statement's points, by index, for loops over fields. */
#define NSTMT        5
static const char *const stmt_names[NSTMT] = { "L", "M", "X", "Y", "H" };
#define NPROOF_PTS   3
static const char *const proof_pt_names[NPROOF_PTS] = { "A", "N", "B" };

static uint8_t sid_a[32], sid_b[32], rho_a[32];
static mpz_t q, fp;
/* DUET_TEST_SLOW=1 multiplies the random loops (make check-slow). */
static unsigned slow = 1;
static struct duet_point gen;


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


static void
rand_scalar(struct duet_scalar *s)
{
    if (duet_scalar_random_nonzero(s) != 0) {
        bail("duet_scalar_random_nonzero failed");
    }
}


static void
mul_gen(struct duet_point *p, const struct duet_scalar *k)
{
    if (duet_point_mul_gen(p, k) != 0) {
        bail("duet_point_mul_gen failed");
    }
}


static void
ctx_make(struct duet_zk_ctx *ctx, int level, const uint8_t *sid,
    uint16_t prover, uint32_t disc)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->level = duet_level_get(level);
    if (ctx->level == NULL) {
        bail("duet_level_get(%d)", level);
    }
    ctx->sid = sid;
    ctx->sid_len = 32;
    ctx->prover = prover;
    ctx->discriminator = disc;
}


static struct duet_point *
stmt_pt(struct duet_zk_elog_stmt *s, unsigned i)
{
    switch (i) {
    case 0:
        return &s->l;
    case 1:
        return &s->m;
    case 2:
        return &s->x;
    case 3:
        return &s->y;
    default:
        return &s->h;
    }
}


static struct duet_point *
proof_pt(struct duet_zk_elog_proof *p, unsigned i)
{
    switch (i) {
    case 0:
        return &p->a;
    case 1:
        return &p->n;
    default:
        return &p->b;
    }
}


/* Fill stmt from wit, the El-Gamal key X and the base H. */
static void
stmt_from(struct duet_zk_elog_stmt *stmt, const struct duet_zk_elog_wit *wit,
    const struct duet_point *x, const struct duet_point *h)
{
    struct duet_point t;

    stmt->x = *x;
    stmt->h = *h;
    mul_gen(&stmt->l, &wit->lambda);
    mul_gen(&stmt->m, &wit->y);
    duet_point_mul(&t, &wit->lambda, x);
    duet_point_add(&stmt->m, &stmt->m, &t);
    duet_point_mul(&stmt->y, &wit->y, h);
}


/*
 * A random instance.  gamma_slot: H = G (psi~); otherwise H = Gamma, a
 * random point (psi').
 */
static void
instance(struct duet_zk_elog_stmt *stmt, struct duet_zk_elog_wit *wit,
    int gamma_slot)
{
    struct duet_scalar xk, hk;
    struct duet_point x, h;

    rand_scalar(&wit->y);
    rand_scalar(&wit->lambda);
    rand_scalar(&xk);
    mul_gen(&x, &xk);
    if (gamma_slot) {
        h = gen;
    } else {
        rand_scalar(&hk);
        mul_gen(&h, &hk);
    }
    stmt_from(stmt, wit, &x, &h);
}


static void
prove_ok(const struct duet_zk_ctx *ctx, struct duet_zk_elog_proof *proof,
    const struct duet_zk_elog_stmt *stmt, const struct duet_zk_elog_wit *wit)
{
    int r = duet_zk_elog_prove(ctx, proof, stmt, wit);

    if (r != 0) {
        bail("duet_zk_elog_prove: %s", duet_strerror(r));
    }
}


static void
encode(uint8_t out[PROOF_BYTES], const struct duet_zk_elog_proof *proof)
{
    struct duet_buf_writer w;

    duet_buf_writer_init(&w, out, PROOF_BYTES);
    if (duet_zk_elog_encode(&w, proof) != 0
        || duet_buf_writer_len(&w) != PROOF_BYTES)
    {
        bail("duet_zk_elog_encode");
    }
}


/* duet_zk_elog_parse, then duet_buf_reader_end: the first error, or 0. */
static int
parse_msg(const uint8_t *in, size_t len, const struct duet_zk_ctx *ctx,
    struct duet_zk_elog_proof *proof)
{
    struct duet_buf_reader rd;
    int r;

    duet_buf_reader_init(&rd, in, len);
    if ((r = duet_zk_elog_parse(&rd, ctx, proof)) != 0) {
        return r;
    }
    return duet_buf_reader_end(&rd);
}


static int
parse_verify(const uint8_t *in, size_t len, const struct duet_zk_ctx *ctx,
    const struct duet_zk_elog_stmt *stmt)
{
    struct duet_zk_elog_proof p;
    int r;

    if ((r = parse_msg(in, len, ctx, &p)) != 0) {
        return r;
    }
    return duet_zk_elog_verify(ctx, stmt, &p);
}


/*
 * The challenge as zk_elog.h documents it, recomputed here: the zk.h
 * preamble, then L, M, X, Y, H, A, N, B under consecutive ids from
 * DUET_ZK_FIELD_PROOF, then the scalar sampler.
 */
static void
challenge(struct duet_scalar *e, const struct duet_zk_ctx *ctx,
    const struct duet_zk_elog_stmt *stmt,
    const struct duet_zk_elog_proof *proof)
{
    struct duet_transcript t;
    const struct duet_point *pts[8];
    unsigned i;

    pts[0] = &stmt->l;
    pts[1] = &stmt->m;
    pts[2] = &stmt->x;
    pts[3] = &stmt->y;
    pts[4] = &stmt->h;
    pts[5] = &proof->a;
    pts[6] = &proof->n;
    pts[7] = &proof->b;
    memset(&t, 0, sizeof(t));
    if (duet_zk_transcript_start(&t, "duet.zk.elog", 1, ctx) != 0) {
        bail("test transcript");
    }
    for (i = 0; i < 8; i++) {
        (void) duet_transcript_absorb_point(&t,
            (uint16_t) (DUET_ZK_FIELD_PROOF + i), pts[i]);
    }
    if (duet_transcript_challenge_scalar(&t, e) != 0) {
        bail("test transcript");
    }
    duet_transcript_clear(&t);
}


/* Returns: 1 if all three verification equations hold for e. */
static int
equations_hold(const struct duet_scalar *e,
    const struct duet_zk_elog_stmt *s, const struct duet_zk_elog_proof *p)
{
    struct duet_point l, r, t;
    int good;

    mul_gen(&l, &p->z);
    duet_point_mul(&r, e, &s->l);
    duet_point_add(&r, &r, &p->a);
    good = duet_point_eq_var(&l, &r);

    mul_gen(&l, &p->u);
    duet_point_mul(&t, &p->z, &s->x);
    duet_point_add(&l, &l, &t);
    duet_point_mul(&r, e, &s->m);
    duet_point_add(&r, &r, &p->n);
    good &= duet_point_eq_var(&l, &r);

    duet_point_mul(&l, &p->u, &s->h);
    duet_point_mul(&r, e, &s->y);
    duet_point_add(&r, &r, &p->b);
    good &= duet_point_eq_var(&l, &r);
    return good;
}


/*
 * A prover written here from the spec, with no checks: the proof for any
 * statement and witness, with masks alpha, m (zero allowed).
 */
static void
test_prove(struct duet_zk_elog_proof *p, const struct duet_zk_ctx *ctx,
    const struct duet_zk_elog_stmt *s, const struct duet_zk_elog_wit *w,
    const struct duet_scalar *alpha, const struct duet_scalar *m)
{
    struct duet_scalar e, t;
    struct duet_point tp;

    mul_gen(&p->a, alpha);
    mul_gen(&p->n, m);
    duet_point_mul(&tp, alpha, &s->x);
    duet_point_add(&p->n, &p->n, &tp);
    duet_point_mul(&p->b, m, &s->h);
    challenge(&e, ctx, s, p);
    duet_scalar_mul(&t, &e, &w->lambda);
    duet_scalar_add(&p->z, alpha, &t);
    duet_scalar_mul(&t, &e, &w->y);
    duet_scalar_add(&p->u, m, &t);
}


static void
test_completeness(int level)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof proof, parsed;
    struct duet_scalar e;
    struct duet_buf_writer w;
    uint8_t enc[PROOF_BYTES], enc2[PROOF_BYTES];
    unsigned i, good = 0, rt = 0, eq = 0;

    for (i = 0; i < 16; i++) {
        /* Both slots, as presigning uses them (spec 3.3, 3.4). */
        ctx_make(&ctx, level, sid_a, (uint16_t) (i % 2),
            i % 2 == 0 ? DUET_ZK_ELOG_GAMMA : DUET_ZK_ELOG_DELTA);
        instance(&stmt, &wit, i % 2 == 0);
        prove_ok(&ctx, &proof, &stmt, &wit);
        good += duet_zk_elog_verify(&ctx, &stmt, &proof) == 0;
        challenge(&e, &ctx, &stmt, &proof);
        eq += equations_hold(&e, &stmt, &proof);
        encode(enc, &proof);
        if (parse_msg(enc, sizeof(enc), &ctx, &parsed) == 0) {
            encode(enc2, &parsed);
            rt += memcmp(enc, enc2, sizeof(enc)) == 0
                && duet_zk_elog_verify(&ctx, &stmt, &parsed) == 0;
        }
    }
    is_int(16, good, "level %d: 16 honest proofs (H = G and H = Gamma) "
        "verify", level);
    is_int(16, eq, "level %d: the three equations hold with e recomputed "
        "from the documented transcript", level);
    is_int(16, rt, "level %d: encode/parse round trip is byte-identical and "
        "still verifies", level);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    is_int(0, duet_zk_elog_encode(&w, &proof), "encode into a growable "
        "writer");
    is_int(163, duet_buf_writer_len(&w), "level %d: the encoding is 163 "
        "bytes", level);
    duet_buf_writer_free(&w);
}


/* L, M and Y may be infinity (zk_elog.h): prove and verify such cases. */
static void
test_infinity_allowed(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof proof;
    struct duet_scalar xk, t;
    struct duet_point x, h;
    uint8_t enc[PROOF_BYTES];

    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 0, DUET_ZK_ELOG_DELTA);
    rand_scalar(&xk);
    mul_gen(&x, &xk);
    rand_scalar(&t);
    mul_gen(&h, &t);

    rand_scalar(&wit.y);
    duet_scalar_set_u64(&wit.lambda, 0);
    stmt_from(&stmt, &wit, &x, &h);
    ok(duet_point_is_infinity(&stmt.l), "lambda = 0 gives L = infinity");
    is_int(0, duet_zk_elog_prove(&ctx, &proof, &stmt, &wit),
        "prove with L = infinity");
    is_int(0, duet_zk_elog_verify(&ctx, &stmt, &proof), "and it verifies");
    encode(enc, &proof);
    is_int(0, parse_verify(enc, sizeof(enc), &ctx, &stmt),
        "and survives encode/parse");

    duet_scalar_set_u64(&wit.y, 0);
    rand_scalar(&wit.lambda);
    stmt_from(&stmt, &wit, &x, &h);
    ok(duet_point_is_infinity(&stmt.y), "y = 0 gives Y = infinity");
    is_int(0, duet_zk_elog_prove(&ctx, &proof, &stmt, &wit),
        "prove with Y = infinity");
    is_int(0, duet_zk_elog_verify(&ctx, &stmt, &proof), "and it verifies");

    /* y = -lambda*x_k makes M = y*G + lambda*X = infinity. */
    rand_scalar(&wit.lambda);
    duet_scalar_mul(&wit.y, &wit.lambda, &xk);
    duet_scalar_negate(&wit.y, &wit.y);
    stmt_from(&stmt, &wit, &x, &h);
    ok(duet_point_is_infinity(&stmt.m), "y = -lambda*log(X) gives M = "
        "infinity");
    is_int(0, duet_zk_elog_prove(&ctx, &proof, &stmt, &wit),
        "prove with M = infinity");
    is_int(0, duet_zk_elog_verify(&ctx, &stmt, &proof), "and it verifies");

    duet_scalar_set_u64(&wit.y, 0);
    duet_scalar_set_u64(&wit.lambda, 0);
    stmt_from(&stmt, &wit, &x, &h);
    is_int(0, duet_zk_elog_prove(&ctx, &proof, &stmt, &wit),
        "prove with L = M = Y = infinity (zero witness)");
    is_int(0, duet_zk_elog_verify(&ctx, &stmt, &proof), "and it verifies");
    duet_scalar_clear(&xk);
}


/*
 * Soundness against provers that do not hold the witness: the spec's
 * prover run on a statement with one point not matching the witness, so
 * that exactly one equation fails while the transcript is honest.
 */
static void
test_soundness(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt, s2;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof p;
    struct duet_scalar alpha, m, e, zero;
    unsigned i, good = 0;
    int eq;

    ctx_make(&ctx, DUET_LEVEL_128, sid_b, 1, DUET_ZK_ELOG_DELTA);
    for (i = 0; i < 8; i++) {
        instance(&stmt, &wit, (int) (i % 2));
        rand_scalar(&alpha);
        rand_scalar(&m);
        test_prove(&p, &ctx, &stmt, &wit, &alpha, &m);
        good += duet_zk_elog_verify(&ctx, &stmt, &p) == 0;
    }
    is_int(8, good, "a prover written from the spec in the test is accepted "
        "(cross-check of the transcript and the equations)");

    /* L, M, Y each replaced by another point; the witness stays. */
    instance(&stmt, &wit, 0);
    for (i = 0; i < NSTMT; i++) {
        if (i == 2 || i == 4) {
            continue;           /* X and H are not witness images */
        }
        s2 = stmt;
        duet_point_add(stmt_pt(&s2, i), stmt_pt(&s2, i), &gen);
        rand_scalar(&alpha);
        rand_scalar(&m);
        test_prove(&p, &ctx, &s2, &wit, &alpha, &m);
        challenge(&e, &ctx, &s2, &p);
        eq = equations_hold(&e, &s2, &p);
        is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &p),
            "%s not matching the witness (%s + G), proof made honestly "
            "for it: rejected%s", stmt_names[i], stmt_names[i],
            i == 3 ? " (6.5 E3: Gamma' with a fresh proof)" : "");
        ok(!eq, "(the equations fail for it too)");
    }

    /* alpha = 0 or m = 0: an infinite A or B, which the verifier refuses. */
    duet_scalar_set_u64(&zero, 0);
    rand_scalar(&m);
    test_prove(&p, &ctx, &stmt, &wit, &zero, &m);
    challenge(&e, &ctx, &stmt, &p);
    ok(duet_point_is_infinity(&p.a) && equations_hold(&e, &stmt, &p),
        "alpha = 0: A = infinity and the equations hold");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &stmt, &p),
        "but A = infinity is refused");
    rand_scalar(&alpha);
    test_prove(&p, &ctx, &stmt, &wit, &alpha, &zero);
    challenge(&e, &ctx, &stmt, &p);
    ok(duet_point_is_infinity(&p.b) && equations_hold(&e, &stmt, &p),
        "m = 0: B = infinity and the equations hold");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &stmt, &p),
        "but B = infinity is refused");
    /* N = m*G + alpha*X = infinity: m = -alpha*log(X), X = G here. */
    stmt_from(&s2, &wit, &gen, &stmt.h);
    duet_scalar_negate(&m, &alpha);
    test_prove(&p, &ctx, &s2, &wit, &alpha, &m);
    challenge(&e, &ctx, &s2, &p);
    ok(duet_point_is_infinity(&p.n) && equations_hold(&e, &s2, &p),
        "m = -alpha*log(X): N = infinity and the equations hold");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &p),
        "but N = infinity is refused");
    is_int(0, duet_zk_elog_prove(&ctx, &p, &s2, &wit),
        "(the library's prover handles X = G)");
    is_int(0, duet_zk_elog_verify(&ctx, &s2, &p), "(and its proof "
        "verifies)");
}


/*
 * The prover's redraw when N = m*G + alpha*X is infinity.  White box: the
 * prover's first two draws from the (seeded) test RNG are alpha and m, so
 * replaying the stream gives them in advance and X = -(m/alpha)*G makes
 * the first N infinity.
 */
static void
test_mask_redraw(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof p;
    struct duet_scalar alpha, m, c, hk;
    struct duet_point x, h, a1, n1;
    uint64_t seed = tap_seed() ^ 0x5eed5eed5eed5eedULL;

    ctx_make(&ctx, DUET_LEVEL_112, sid_a, 0, DUET_ZK_ELOG_DELTA);
    rand_scalar(&wit.y);
    rand_scalar(&wit.lambda);
    rand_scalar(&hk);
    mul_gen(&h, &hk);

    duet_rand_test_seed(seed);
    rand_scalar(&alpha);
    rand_scalar(&m);
    if (duet_scalar_inverse(&c, &alpha) != 0) {
        bail("alpha = 0");
    }
    duet_scalar_mul(&c, &c, &m);
    duet_scalar_negate(&c, &c);
    mul_gen(&x, &c);
    stmt_from(&stmt, &wit, &x, &h);
    mul_gen(&a1, &alpha);
    mul_gen(&n1, &m);
    duet_point_mul(&x, &alpha, &stmt.x);
    duet_point_add(&n1, &n1, &x);
    ok(duet_point_is_infinity(&n1), "the first draw (alpha, m) would give "
        "N = infinity for this X");

    duet_rand_test_seed(seed);
    is_int(0, duet_zk_elog_prove(&ctx, &p, &stmt, &wit),
        "prove redraws the masks and succeeds");
    ok(!duet_point_eq_var(&p.a, &a1), "the first alpha was discarded");
    ok(!duet_point_is_infinity(&p.n), "N is finite");
    is_int(0, duet_zk_elog_verify(&ctx, &stmt, &p), "and the proof "
        "verifies");
    duet_rand_test_seed(seed + 1);
}


static void
test_prover_refuses(void)
{
    struct duet_zk_ctx ctx, bad;
    struct duet_zk_elog_stmt stmt, s2;
    struct duet_zk_elog_wit wit, w2;
    struct duet_zk_elog_proof proof;
    struct duet_scalar one;
    unsigned i, refused;

    ctx_make(&ctx, DUET_LEVEL_112, sid_a, 1, DUET_ZK_ELOG_GAMMA);
    instance(&stmt, &wit, 1);
    duet_scalar_set_u64(&one, 1);

    w2 = wit;
    duet_scalar_add(&w2.y, &w2.y, &one);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_elog_prove(&ctx, &proof, &stmt, &w2),
        "prove refuses a wrong y");
    ok(duet_point_is_infinity(&proof.a) && duet_scalar_is_zero(&proof.z),
        "and outputs no proof");
    w2 = wit;
    duet_scalar_add(&w2.lambda, &w2.lambda, &one);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_elog_prove(&ctx, &proof, &stmt, &w2),
        "prove refuses a wrong lambda");

    /* Each statement point off by G: the witness no longer fits. */
    refused = 0;
    for (i = 0; i < NSTMT; i++) {
        s2 = stmt;
        duet_point_add(stmt_pt(&s2, i), stmt_pt(&s2, i), &gen);
        refused += duet_zk_elog_prove(&ctx, &proof, &s2, &wit)
            == DUET_ERR_INVALID_ARGUMENT;
    }
    is_int(NSTMT, refused, "prove refuses each of L, M, X, Y, H + G");

    s2 = stmt;
    duet_point_set_infinity(&s2.h);
    duet_point_set_infinity(&s2.y);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_elog_prove(&ctx, &proof, &s2, &wit),
        "prove refuses H = infinity (even with Y = infinity)");
    s2 = stmt;
    duet_point_set_infinity(&s2.x);
    mul_gen(&s2.m, &wit.y);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_elog_prove(&ctx, &proof, &s2, &wit),
        "prove refuses X = infinity (even with M = y*G consistent)");
    bad = ctx;
    bad.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_elog_prove(&bad, &proof, &stmt, &wit),
        "prove refuses a context without level");
}


static void
test_ctx_binding(void)
{
    struct duet_zk_ctx ctx, c2;
    struct duet_zk_elog_stmt stmt;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof proof;
    uint8_t sid2[32], rho2[32];
    unsigned i, rej;

    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 1, DUET_ZK_ELOG_GAMMA);
    instance(&stmt, &wit, 1);
    prove_ok(&ctx, &proof, &stmt, &wit);
    is_int(0, duet_zk_elog_verify(&ctx, &stmt, &proof), "baseline verifies");

    c2 = ctx;
    c2.sid = sid_b;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "6.3 C4: replay under another sid rejected");
    rej = 0;
    for (i = 0; i < 32; i++) {
        memcpy(sid2, sid_a, 32);
        sid2[i] ^= (uint8_t) (1u << (rand_u32() % 8));
        c2.sid = sid2;
        rej += duet_zk_elog_verify(&c2, &stmt, &proof)
            == DUET_ERR_PROOF_INVALID;
    }
    is_int(32, rej, "a bit flip in each byte of the sid rejected");
    c2 = ctx;
    c2.sid_len = 31;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "sid shortened by a byte rejected");

    c2 = ctx;
    c2.prover = 0;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "6.3 C4: signer 1's proof presented as signer 0's rejected");
    c2.prover = 0x8001;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "prover index 0x8001 rejected");

    c2 = ctx;
    c2.discriminator = DUET_ZK_ELOG_DELTA;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "6.3 C4: elog prime=false proof replayed as prime=true rejected");
    c2.discriminator = 2;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "discriminator 2 rejected");

    c2 = ctx;
    c2.rho = rho_a;
    c2.rho_len = sizeof(rho_a);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "a rho the prover did not bind rejected");
    c2.rho_len = 0;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "an empty rho (present, not absent) rejected");
    prove_ok(&c2, &proof, &stmt, &wit);
    is_int(0, duet_zk_elog_verify(&c2, &stmt, &proof),
        "a proof bound to an empty rho verifies with it");
    c2.rho = NULL;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "and not without it");
    c2.rho = rho_a;
    c2.rho_len = sizeof(rho_a);
    prove_ok(&c2, &proof, &stmt, &wit);
    memcpy(rho2, rho_a, sizeof(rho2));
    rho2[rand_u32() % sizeof(rho2)] ^= 0x10;
    c2.rho = rho2;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "a proof bound to rho does not verify under a changed rho");

    prove_ok(&ctx, &proof, &stmt, &wit);
    c2 = ctx;
    c2.level = duet_level_get(DUET_LEVEL_112);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&c2, &stmt, &proof),
        "a level-128 proof verified at level 112 rejected");
    c2.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_elog_verify(&c2, &stmt, &proof),
        "verify without level refused");
}


static void
test_stmt_mutation(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt, s2;
    struct duet_zk_elog_wit wit, w2;
    struct duet_zk_elog_proof proof, p2;
    struct duet_scalar e, two;
    unsigned i, k;
    int r, want;

    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 0, DUET_ZK_ELOG_DELTA);
    instance(&stmt, &wit, 0);
    prove_ok(&ctx, &proof, &stmt, &wit);
    challenge(&e, &ctx, &stmt, &proof);
    duet_scalar_set_u64(&two, 2);

    /* Every statement point: negated, + G, doubled, infinity. */
    for (i = 0; i < NSTMT; i++) {
        for (k = 0; k < 4; k++) {
            s2 = stmt;
            want = DUET_ERR_PROOF_INVALID;
            switch (k) {
            case 0:
                duet_point_negate(stmt_pt(&s2, i), stmt_pt(&s2, i));
                break;
            case 1:
                duet_point_add(stmt_pt(&s2, i), stmt_pt(&s2, i), &gen);
                break;
            case 2:
                duet_point_add(stmt_pt(&s2, i), stmt_pt(&s2, i),
                    stmt_pt(&s2, i));
                break;
            default:
                duet_point_set_infinity(stmt_pt(&s2, i));
                /* X and H are bases: a malformed statement. */
                if (i == 2 || i == 4) {
                    want = DUET_ERR_INVALID_ARGUMENT;
                }
                break;
            }
            r = duet_zk_elog_verify(&ctx, &s2, &proof);
            is_int(want, r, "statement %s -> %s rejected", stmt_names[i],
                k == 0 ? "-P" : k == 1 ? "P + G" : k == 2 ? "2P"
                : "infinity");
        }
    }

    /* Roles swapped. */
    s2 = stmt;
    s2.l = stmt.m;
    s2.m = stmt.l;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &proof),
        "L and M swapped rejected");
    s2 = stmt;
    s2.x = stmt.h;
    s2.h = stmt.x;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &proof),
        "X and H swapped rejected");
    s2 = stmt;
    s2.h = gen;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &proof),
        "a proof for base Gamma checked against base G rejected");

    /*
     * 6.5 E3: Gamma'_j = Gamma_j + G with the old psi~.  Also the honest
     * proof for the changed statement, made with an adapted witness, shows
     * the rejection comes from the binding, not from an invalid statement.
     */
    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 1, DUET_ZK_ELOG_GAMMA);
    instance(&stmt, &wit, 1);
    prove_ok(&ctx, &proof, &stmt, &wit);
    s2 = stmt;
    duet_point_add(&s2.y, &stmt.y, &gen);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &proof),
        "6.5 E3: Gamma' = Gamma + G with the old proof rejected");

    /* Malleability: negate L, M, Y and adapt the proof. */
    challenge(&e, &ctx, &stmt, &proof);
    s2 = stmt;
    duet_point_negate(&s2.l, &stmt.l);
    duet_point_negate(&s2.m, &stmt.m);
    duet_point_negate(&s2.y, &stmt.y);
    duet_point_negate(&p2.a, &proof.a);
    duet_point_negate(&p2.n, &proof.n);
    duet_point_negate(&p2.b, &proof.b);
    duet_scalar_negate(&p2.z, &proof.z);
    duet_scalar_negate(&p2.u, &proof.u);
    ok(equations_hold(&e, &s2, &p2), "the negated proof satisfies the "
        "equations for (-L, -M, X, -Y, H) under the old challenge");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &p2),
        "malleability: negated proof for the negated statement rejected");
    w2 = wit;
    duet_scalar_negate(&w2.y, &wit.y);
    duet_scalar_negate(&w2.lambda, &wit.lambda);
    is_int(0, duet_zk_elog_prove(&ctx, &p2, &s2, &w2),
        "(the negated statement is a true one: its witness proves it)");
    is_int(0, duet_zk_elog_verify(&ctx, &s2, &p2), "(and that proof "
        "verifies)");

    /* Doubled L, M, Y with a doubled proof. */
    s2 = stmt;
    duet_point_add(&s2.l, &stmt.l, &stmt.l);
    duet_point_add(&s2.m, &stmt.m, &stmt.m);
    duet_point_add(&s2.y, &stmt.y, &stmt.y);
    duet_point_add(&p2.a, &proof.a, &proof.a);
    duet_point_add(&p2.n, &proof.n, &proof.n);
    duet_point_add(&p2.b, &proof.b, &proof.b);
    duet_scalar_mul(&p2.z, &proof.z, &two);
    duet_scalar_mul(&p2.u, &proof.u, &two);
    ok(equations_hold(&e, &s2, &p2), "the doubled proof satisfies the "
        "equations for (2L, 2M, X, 2Y, H) under the old challenge");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &p2),
        "malleability: doubled proof for the doubled statement rejected");

    /* Shift: Y + H with (A, N, B, z, u + e) and M + G. */
    s2 = stmt;
    duet_point_add(&s2.y, &stmt.y, &stmt.h);
    duet_point_add(&s2.m, &stmt.m, &gen);
    p2 = proof;
    duet_scalar_add(&p2.u, &proof.u, &e);
    ok(equations_hold(&e, &s2, &p2), "(A, N, B, z, u + e) satisfies the "
        "equations for y + 1 under the old challenge");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &s2, &p2),
        "malleability: the y -> y + 1 shift rejected");
}


static void
test_proof_mutation(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof proof, p2;
    struct duet_scalar one;
    uint8_t enc[PROOF_BYTES], m[PROOF_BYTES];
    unsigned i, k, rej;

    ctx_make(&ctx, DUET_LEVEL_112, sid_b, 0, DUET_ZK_ELOG_DELTA);
    instance(&stmt, &wit, 0);
    prove_ok(&ctx, &proof, &stmt, &wit);
    duet_scalar_set_u64(&one, 1);

    for (i = 0; i < NPROOF_PTS; i++) {
        for (k = 0; k < 3; k++) {
            p2 = proof;
            if (k == 0) {
                duet_point_negate(proof_pt(&p2, i), proof_pt(&p2, i));
            } else if (k == 1) {
                duet_point_add(proof_pt(&p2, i), proof_pt(&p2, i), &gen);
            } else {
                duet_point_set_infinity(proof_pt(&p2, i));
            }
            is_int(DUET_ERR_PROOF_INVALID,
                duet_zk_elog_verify(&ctx, &stmt, &p2),
                "6.3 C2: commitment %s -> %s rejected", proof_pt_names[i],
                k == 0 ? "-P" : k == 1 ? "P + G" : "infinity");
        }
    }
    p2 = proof;
    p2.a = proof.n;
    p2.n = proof.a;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &stmt, &p2),
        "A and N swapped rejected");

    for (i = 0; i < 2; i++) {
        struct duet_scalar *s;

        for (k = 0; k < 4; k++) {
            p2 = proof;
            s = i == 0 ? &p2.z : &p2.u;
            if (k == 0) {
                duet_scalar_add(s, s, &one);
            } else if (k == 1) {
                duet_scalar_sub(s, s, &one);
            } else if (k == 2) {
                duet_scalar_negate(s, s);
            } else {
                duet_scalar_set_u64(s, 0);
            }
            is_int(DUET_ERR_PROOF_INVALID,
                duet_zk_elog_verify(&ctx, &stmt, &p2),
                "response %s -> %s rejected", i == 0 ? "z" : "u",
                k == 0 ? "+1" : k == 1 ? "-1" : k == 2 ? "negated" : "0");
        }
    }
    p2 = proof;
    p2.z = proof.u;
    p2.u = proof.z;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_elog_verify(&ctx, &stmt, &p2),
        "z and u swapped rejected");

    encode(enc, &proof);
    rej = 0;
    for (i = 0; i < 8 * PROOF_BYTES; i++) {
        memcpy(m, enc, sizeof(m));
        m[i / 8] ^= (uint8_t) (1u << (i % 8));
        rej += parse_verify(m, sizeof(m), &ctx, &stmt) != 0;
    }
    is_int(8 * PROOF_BYTES, rej,
        "each of the 1304 single-bit flips of the encoding is rejected");
}


static void
mpz_to32(uint8_t out[32], const mpz_t x)
{
    size_t n = 0;

    if (mpz_sgn(x) < 0 || mpz_sizeinbase(x, 2) > 256) {
        bail("mpz_to32: out of range");
    }
    memset(out, 0, 32);
    if (mpz_sgn(x) != 0) {
        mpz_export(out + 32 - (mpz_sizeinbase(x, 2) + 7) / 8, &n, 1, 1, 0,
            0, x);
    }
}


static void
test_parse(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof proof, p2;
    struct duet_buf_writer w;
    uint8_t enc[PROOF_BYTES], m[PROOF_BYTES + 1], small[PROOF_BYTES - 1];
    unsigned i, k, off, cnt;
    mpz_t v, t, lim;

    mpz_init(v);
    mpz_init(t);
    mpz_init(lim);
    mpz_set_ui(lim, 1);
    mpz_mul_2exp(lim, lim, 256);
    mpz_sub(lim, lim, q);                       /* 2^256 - q */
    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 0, DUET_ZK_ELOG_GAMMA);
    instance(&stmt, &wit, 1);
    prove_ok(&ctx, &proof, &stmt, &wit);
    encode(enc, &proof);

    cnt = 0;
    for (i = 0; i < PROOF_BYTES; i++) {
        cnt += parse_msg(enc, i, &ctx, &p2) == DUET_ERR_TRUNCATED;
    }
    is_int(PROOF_BYTES, cnt, "truncation at each of the 163 byte "
        "boundaries: DUET_ERR_TRUNCATED");
    memcpy(m, enc, PROOF_BYTES);
    m[PROOF_BYTES] = 0x02;
    is_int(DUET_ERR_TRAILING_DATA, parse_msg(m, PROOF_BYTES + 1, &ctx, &p2),
        "a trailing byte after the proof is rejected at reader_end");

    /* The smallest x with no curve point: x^3 + 7 a non-residue mod p. */
    mpz_set_ui(t, 0);
    do {
        mpz_add_ui(t, t, 1);
        mpz_pow_ui(v, t, 3);
        mpz_add_ui(v, v, 7);
        mpz_mod(v, v, fp);
    } while (mpz_legendre(v, fp) != -1);

    for (k = 0; k < NPROOF_PTS; k++) {
        off = k * DUET_POINT_BYTES;
        memcpy(m, enc, PROOF_BYTES);
        memset(m + off, 0, DUET_POINT_BYTES);
        is_int(DUET_ERR_INFINITY, parse_msg(m, PROOF_BYTES, &ctx, &p2),
            "6.3 C5: %s = infinity encoding rejected", proof_pt_names[k]);
        ok(duet_point_is_infinity(&p2.a) && duet_scalar_is_zero(&p2.u),
            "a failed parse leaves the proof empty");
        for (i = 0; i < 256; i++) {
            if (i == 2 || i == 3) {
                continue;
            }
            memcpy(m, enc, PROOF_BYTES);
            m[off] = (uint8_t) i;
            if (parse_msg(m, PROOF_BYTES, &ctx, &p2)
                != DUET_ERR_BAD_ENCODING)
            {
                break;
            }
        }
        is_int(256, i, "6.3 C5: %s with any prefix other than 02/03 "
            "rejected", proof_pt_names[k]);
        memcpy(m, enc, PROOF_BYTES);
        mpz_to32(m + off + 1, fp);
        is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
            "6.3 C5: %s with x = p rejected", proof_pt_names[k]);
        mpz_to32(m + off + 1, t);
        is_int(DUET_ERR_BAD_ENCODING, parse_msg(m, PROOF_BYTES, &ctx, &p2),
            "6.3 C5: %s off the curve rejected", proof_pt_names[k]);
        memcpy(m, enc, PROOF_BYTES);
        m[off] ^= 1;
        is_int(DUET_ERR_PROOF_INVALID,
            parse_verify(m, PROOF_BYTES, &ctx, &stmt),
            "%s's parity flipped parses but does not verify",
            proof_pt_names[k]);
    }

    for (k = 0; k < 2; k++) {
        struct duet_scalar *s = k == 0 ? &proof.z : &proof.u;
        const char *name = k == 0 ? "z" : "u";

        off = 3 * DUET_POINT_BYTES + k * DUET_SCALAR_BYTES;
        memcpy(m, enc, PROOF_BYTES);
        mpz_to32(m + off, q);
        is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
            "6.3 C5: %s = q rejected", name);
        memset(m + off, 0xff, 32);
        is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
            "%s = 2^256 - 1 rejected", name);
        mpz_sub_ui(v, q, 1);
        mpz_to32(m + off, v);
        is_int(DUET_ERR_PROOF_INVALID,
            parse_verify(m, PROOF_BYTES, &ctx, &stmt),
            "%s = q - 1 parses but does not verify", name);
        cnt = 0;
        for (i = 0; i < 32; i++) {
            mpz_set_ui(v, rand_u32());
            mpz_mul_2exp(v, v, 4 * i);
            mpz_mod(v, v, lim);
            mpz_add(v, v, q);
            mpz_to32(m + off, v);
            cnt += parse_msg(m, PROOF_BYTES, &ctx, &p2)
                == DUET_ERR_NON_CANONICAL;
        }
        is_int(32, cnt, "%s + q aliases (values below 2^256 - q) rejected "
            "as non-canonical", name);
        duet_scalar_to_bn(v, s);
        mpz_add(v, v, q);
        if (mpz_cmp(v, lim) < 0) {
            mpz_to32(m + off, v);
            is_int(DUET_ERR_NON_CANONICAL,
                parse_msg(m, PROOF_BYTES, &ctx, &p2),
                "the proof's own %s + q rejected", name);
        } else {
            ok(mpz_sizeinbase(v, 256) == 33, "the proof's own %s + q needs "
                "33 bytes: no 32-byte alias", name);
        }
    }

    p2 = proof;
    duet_point_set_infinity(&p2.b);
    duet_buf_writer_init(&w, m, sizeof(m));
    is_int(DUET_ERR_INFINITY, duet_zk_elog_encode(&w, &p2),
        "encode refuses B = infinity");
    duet_buf_writer_init(&w, small, sizeof(small));
    is_int(DUET_ERR_BUFFER_TOO_SMALL, duet_zk_elog_encode(&w, &proof),
        "encode into 162 bytes: DUET_ERR_BUFFER_TOO_SMALL");

    mpz_clear(v);
    mpz_clear(t);
    mpz_clear(lim);
}


/* Offset of field j (A, N, B, z, u) in the encoding. */
static size_t
field_off(unsigned j)
{
    if (j < NPROOF_PTS) {
        return (size_t) j * DUET_POINT_BYTES;
    }
    return NPROOF_PTS * DUET_POINT_BYTES
        + (size_t) (j - NPROOF_PTS) * DUET_SCALAR_BYTES;
}


static void
test_mutation_loop(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt[4];
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof proof;
    uint8_t enc[4][PROOF_BYTES], m[PROOF_BYTES + 8];
    unsigned i, j, k, n, len, accepted = 0, changed = 0;

    ctx_make(&ctx, DUET_LEVEL_112, sid_b, 1, DUET_ZK_ELOG_GAMMA);
    for (i = 0; i < 4; i++) {
        instance(&stmt[i], &wit, (int) (i % 2));
        prove_ok(&ctx, &proof, &stmt[i], &wit);
        encode(enc[i], &proof);
    }
    for (i = 0; i < 1000 * slow; i++) {
        k = rand_u32() % 4;
        memcpy(m, enc[k], PROOF_BYTES);
        len = PROOF_BYTES;
        n = 1 + rand_u32() % 4;
        for (j = 0; j < n; j++) {
            m[rand_u32() % PROOF_BYTES] ^= (uint8_t) (1u << (rand_u32() % 8));
        }
        switch (rand_u32() % 8) {
        case 0:
            len = rand_u32() % PROOF_BYTES;
            break;
        case 1:
            len = PROOF_BYTES + 1 + rand_u32() % 8;
            break;
        case 2:
            /* Another proof's field spliced in. */
            j = rand_u32() % 5;
            memcpy(m + field_off(j), enc[(k + 1) % 4] + field_off(j),
                j < NPROOF_PTS ? DUET_POINT_BYTES : DUET_SCALAR_BYTES);
            break;
        default:
            break;
        }
        if (len == PROOF_BYTES && memcmp(m, enc[k], PROOF_BYTES) == 0) {
            continue;
        }
        changed++;
        accepted += parse_verify(m, len, &ctx, &stmt[k]) == 0;
    }
    is_int(0, accepted, "mutation loop: none of %u mutated encodings "
        "verifies", changed);
}


static double
now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}


static void
bench(int level)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_elog_stmt stmt;
    struct duet_zk_elog_wit wit;
    struct duet_zk_elog_proof proof;
    double t0, tp, tv;
    unsigned i, n = 100, good = 0;

    ctx_make(&ctx, level, sid_a, 0, DUET_ZK_ELOG_DELTA);
    instance(&stmt, &wit, 0);
    t0 = now_us();
    for (i = 0; i < n; i++) {
        prove_ok(&ctx, &proof, &stmt, &wit);
    }
    tp = (now_us() - t0) / n;
    t0 = now_us();
    for (i = 0; i < n; i++) {
        good += duet_zk_elog_verify(&ctx, &stmt, &proof) == 0;
    }
    tv = (now_us() - t0) / n;
    is_int(n, good, "level %d: %u verifications in the timing loop", level,
        n);
    diag("bench level %d: Pi^elog %u bytes, prove %.1f us, verify %.1f us",
        level, (unsigned) PROOF_BYTES, tp, tv);
}


int
main(int argc, char **argv)
{
    struct duet_scalar one;

    tap_init(argc, argv);
    plan_lazy();
    if (getenv("DUET_TEST_SLOW") != NULL) {
        slow = 50;
    }
    duet_rand_test_seed(tap_seed());
    if (duet_init() != 0) {
        bail("duet_init");
    }
    mpz_init(q);
    mpz_init_set_str(fp, "fffffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffefffffc2f", 16);
    duet_curve_order(q);
    duet_scalar_set_u64(&one, 1);
    mul_gen(&gen, &one);
    if (duet_random_bytes(sid_a, sizeof(sid_a)) != 0
        || duet_random_bytes(sid_b, sizeof(sid_b)) != 0
        || duet_random_bytes(rho_a, sizeof(rho_a)) != 0)
    {
        bail("duet_random_bytes");
    }

    test_completeness(DUET_LEVEL_128);
    test_completeness(DUET_LEVEL_112);
    test_infinity_allowed();
    test_soundness();
    test_mask_redraw();
    test_prover_refuses();
    test_ctx_binding();
    test_stmt_mutation();
    test_proof_mutation();
    test_parse();
    test_mutation_loop();
    bench(DUET_LEVEL_128);
    bench(DUET_LEVEL_112);

    mpz_clear(q);
    mpz_clear(fp);
    return 0;
}
