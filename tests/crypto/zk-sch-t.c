/*
 * zk-sch-t.c -- tests for crypto/src/zk/zk_sch: Pi^sch, the Schnorr proof
 * of knowledge of a discrete log (spec 1.5, 3.7, 4.3, 6.3).
 *
 * Completeness at both levels (one-shot and commit/respond); the challenge
 * recomputed here from the documented transcript layout; binding to every
 * context field (sid, prover, discriminator, rid, level: spec 6.3 C4);
 * every statement and proof field mutated; malleability (a proof for X,
 * adapted algebraically, does not verify for -X or 2X); the one-shot nonce
 * and special soundness (two answers under one A give x); strict parsing
 * (truncation at every byte, trailing data, every non-canonical point and
 * scalar encoding, z + q); every single-bit flip of the encoding; a random
 * mutation loop; and prove/verify timings as diagnostics.
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
#include "zk/zk_sch.h"

#define PROOF_BYTES  DUET_ZK_SCH_PROOF_BYTES

static uint8_t sid_a[32], sid_b[32], rid_a[32], rid_b[32];
static mpz_t q, fp;
/* DUET_TEST_SLOW=1 multiplies the random loops (make check-slow). */
static unsigned slow = 1;


/* A test-side random number below 2^32 (through the seeded stream). */
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
scalar_u64(struct duet_scalar *s, uint64_t v)
{
    duet_scalar_set_u64(s, v);
}


static void
ctx_make(struct duet_zk_ctx *ctx, int level, const uint8_t *sid,
    uint16_t prover, uint32_t disc, const uint8_t *rid)
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
    ctx->rho = rid;
    ctx->rho_len = rid != NULL ? ctx->level->kappa_bytes : 0;
}


static void
instance(struct duet_zk_sch_stmt *stmt, struct duet_zk_sch_wit *wit)
{
    rand_scalar(&wit->x);
    mul_gen(&stmt->x, &wit->x);
}


static void
prove_ok(const struct duet_zk_ctx *ctx, struct duet_zk_sch_proof *proof,
    const struct duet_zk_sch_stmt *stmt, const struct duet_zk_sch_wit *wit)
{
    int r = duet_zk_sch_prove(ctx, proof, stmt, wit);

    if (r != 0) {
        bail("duet_zk_sch_prove: %s", duet_strerror(r));
    }
}


static void
encode(uint8_t out[PROOF_BYTES], const struct duet_zk_sch_proof *proof)
{
    struct duet_buf_writer w;

    duet_buf_writer_init(&w, out, PROOF_BYTES);
    if (duet_zk_sch_encode(&w, proof) != 0
        || duet_buf_writer_len(&w) != PROOF_BYTES)
    {
        bail("duet_zk_sch_encode");
    }
}


/*
 * Parse a whole message that holds just the proof: duet_zk_sch_parse, then
 * duet_buf_reader_end.  Returns: the first error, or 0.
 */
static int
parse_msg(const uint8_t *in, size_t len, const struct duet_zk_ctx *ctx,
    struct duet_zk_sch_proof *proof)
{
    struct duet_buf_reader rd;
    int r;

    duet_buf_reader_init(&rd, in, len);
    if ((r = duet_zk_sch_parse(&rd, ctx, proof)) != 0) {
        return r;
    }
    return duet_buf_reader_end(&rd);
}


/* Parse then verify: 0 only if the bytes are an accepted proof. */
static int
parse_verify(const uint8_t *in, size_t len, const struct duet_zk_ctx *ctx,
    const struct duet_zk_sch_stmt *stmt)
{
    struct duet_zk_sch_proof p;
    int r;

    if ((r = parse_msg(in, len, ctx, &p)) != 0) {
        return r;
    }
    return duet_zk_sch_verify(ctx, stmt, &p);
}


/*
 * The challenge as zk_sch.h documents it, recomputed here: the zk.h
 * preamble, X, A, then the scalar sampler.
 */
static void
challenge(struct duet_scalar *e, const struct duet_zk_ctx *ctx,
    const struct duet_point *x, const struct duet_point *a)
{
    struct duet_transcript t;

    memset(&t, 0, sizeof(t));
    if (duet_zk_transcript_start(&t, "duet.zk.sch", 1, ctx) != 0
        || duet_transcript_absorb_point(&t, DUET_ZK_FIELD_PROOF, x) != 0
        || duet_transcript_absorb_point(&t, DUET_ZK_FIELD_PROOF + 1, a) != 0
        || duet_transcript_challenge_scalar(&t, e) != 0)
    {
        bail("test transcript");
    }
    duet_transcript_clear(&t);
}


/* Returns: 1 if z*G == A + e*X. */
static int
equation_holds(const struct duet_scalar *e, const struct duet_point *x,
    const struct duet_point *a, const struct duet_scalar *z)
{
    struct duet_point l, rr;

    mul_gen(&l, z);
    duet_point_mul(&rr, e, x);
    duet_point_add(&rr, &rr, a);
    return duet_point_eq_var(&l, &rr);
}


/*
 * A prover written here from the spec, with no checks: (A, z) for any X
 * and x, with A = tau*G.  tau = 0 is allowed (A = infinity).
 */
static void
test_prove(struct duet_zk_sch_proof *p, const struct duet_zk_ctx *ctx,
    const struct duet_point *x_pub, const struct duet_scalar *x,
    const struct duet_scalar *tau)
{
    struct duet_scalar e;

    mul_gen(&p->a, tau);
    challenge(&e, ctx, x_pub, &p->a);
    duet_scalar_mul(&p->z, &e, x);
    duet_scalar_add(&p->z, &p->z, tau);
}


static void
test_completeness(int level)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof, parsed;
    struct duet_scalar e;
    struct duet_buf_writer w;
    uint8_t enc[PROOF_BYTES], enc2[PROOF_BYTES];
    unsigned i, good = 0, rt = 0, eq = 0;
    int r;

    for (i = 0; i < 24; i++) {
        ctx_make(&ctx, level, sid_a, (uint16_t) (i % 3), i % 4, rid_a);
        instance(&stmt, &wit);
        prove_ok(&ctx, &proof, &stmt, &wit);
        if (duet_zk_sch_verify(&ctx, &stmt, &proof) == 0) {
            good++;
        }
        challenge(&e, &ctx, &stmt.x, &proof.a);
        eq += equation_holds(&e, &stmt.x, &proof.a, &proof.z);
        encode(enc, &proof);
        r = parse_msg(enc, sizeof(enc), &ctx, &parsed);
        if (r == 0) {
            encode(enc2, &parsed);
            rt += memcmp(enc, enc2, sizeof(enc)) == 0
                && duet_zk_sch_verify(&ctx, &stmt, &parsed) == 0;
        }
    }
    is_int(24, good, "level %d: 24 honest proofs verify", level);
    is_int(24, eq, "level %d: z*G = A + e*X with e recomputed from the "
        "documented transcript (tag, ctx, X, A)", level);
    is_int(24, rt, "level %d: encode/parse round trip is byte-identical and "
        "still verifies", level);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    is_int(0, duet_zk_sch_encode(&w, &proof), "encode into a growable writer");
    is_int(65, duet_buf_writer_len(&w), "level %d: the encoding is 65 bytes",
        level);
    duet_buf_writer_free(&w);
}


static void
test_commit_respond(void)
{
    struct duet_zk_ctx ctx, ctx2;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof p1, p2;
    struct duet_zk_sch_nonce nonce, zero;
    struct duet_point a;
    struct duet_scalar tau, e1, e2, dz, de, x;

    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 1, 0, rid_a);
    instance(&stmt, &wit);

    /* Keygen: A is committed in round 1, x known only in round 3. */
    is_int(0, duet_zk_sch_commit(&nonce), "commit");
    a = nonce.a;
    ok(!duet_point_is_infinity(&a), "commit gives a finite A");
    tau = nonce.tau;
    is_int(0, duet_zk_sch_respond(&ctx, &p1, &stmt, &wit, &nonce),
        "respond");
    ok(duet_point_eq_var(&p1.a, &a), "the proof carries the committed A");
    is_int(0, duet_zk_sch_verify(&ctx, &stmt, &p1), "and verifies");
    memset(&zero, 0, sizeof(zero));
    ok(memcmp(&nonce, &zero, sizeof(nonce)) == 0,
        "respond wiped the nonce (tau and magic)");
    is_int(DUET_ERR_ALREADY_USED,
        duet_zk_sch_respond(&ctx, &p2, &stmt, &wit, &nonce),
        "a second respond on the same nonce is refused");
    ok(duet_point_is_infinity(&p2.a) && duet_scalar_is_zero(&p2.z),
        "and leaves the proof empty");
    memset(&nonce, 0, sizeof(nonce));
    is_int(DUET_ERR_ALREADY_USED,
        duet_zk_sch_respond(&ctx, &p2, &stmt, &wit, &nonce),
        "a nonce that was never set up is refused");

    /* A tau persisted between rounds. */
    is_int(0, duet_zk_sch_nonce_load(&nonce, &tau), "nonce_load");
    ok(duet_point_eq_var(&nonce.a, &a), "nonce_load recomputes the same A");
    is_int(0, duet_zk_sch_respond(&ctx, &p2, &stmt, &wit, &nonce),
        "respond after load");
    ok(memcmp(&p1, &p2, sizeof(p1)) == 0,
        "same tau and challenge: byte-identical proof (retry replays, "
        "spec 6.6 F3)");
    scalar_u64(&e1, 0);
    is_int(DUET_ERR_ZERO_SCALAR, duet_zk_sch_nonce_load(&nonce, &e1),
        "nonce_load refuses tau = 0");
    ok(nonce.magic != DUET_ZK_SCH_NONCE_MAGIC, "and leaves no usable nonce");

    /*
     * Why the nonce is one-shot: two answers under one A to different
     * challenges (here: another rid) reveal x = (z1 - z2) / (e1 - e2).
     * This is also special soundness, the extractor of the proof.
     */
    ctx2 = ctx;
    ctx2.rho = rid_b;
    is_int(0, duet_zk_sch_nonce_load(&nonce, &tau), "reload tau");
    is_int(0, duet_zk_sch_respond(&ctx2, &p2, &stmt, &wit, &nonce),
        "answer a second challenge under the same A");
    challenge(&e1, &ctx, &stmt.x, &a);
    challenge(&e2, &ctx2, &stmt.x, &a);
    duet_scalar_sub(&dz, &p1.z, &p2.z);
    duet_scalar_sub(&de, &e1, &e2);
    if (duet_scalar_inverse(&de, &de) != 0) {
        bail("e1 == e2");
    }
    duet_scalar_mul(&x, &dz, &de);
    ok(duet_scalar_eq(&x, &wit.x),
        "special soundness: two answers under one A give x");

    /* Respond consumes the nonce even when it refuses. */
    is_int(0, duet_zk_sch_commit(&nonce), "commit");
    ctx2.rho = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_sch_respond(&ctx2, &p2, &stmt, &wit, &nonce),
        "respond without rid is refused");
    is_int(DUET_ERR_ALREADY_USED,
        duet_zk_sch_respond(&ctx, &p2, &stmt, &wit, &nonce),
        "and the nonce is gone after the refusal");
    duet_zk_sch_nonce_clear(&nonce);
    duet_scalar_clear(&tau);
}


/* Soundness against provers that do not hold the witness. */
static void
test_soundness(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof p;
    struct duet_scalar tau, one, e;
    unsigned i, good = 0, rej = 0;

    ctx_make(&ctx, DUET_LEVEL_128, sid_b, 2, 1, rid_b);
    duet_scalar_set_u64(&one, 1);
    for (i = 0; i < 8; i++) {
        instance(&stmt, &wit);
        rand_scalar(&tau);
        test_prove(&p, &ctx, &stmt.x, &wit.x, &tau);
        good += duet_zk_sch_verify(&ctx, &stmt, &p) == 0;
        /* The same prover with a wrong witness x + 1. */
        duet_scalar_add(&wit.x, &wit.x, &one);
        test_prove(&p, &ctx, &stmt.x, &wit.x, &tau);
        rej += duet_zk_sch_verify(&ctx, &stmt, &p) == DUET_ERR_PROOF_INVALID;
    }
    is_int(8, good, "a prover written from the spec in the test is accepted "
        "(cross-check of the transcript and the equation)");
    is_int(8, rej, "the same prover with a wrong witness is rejected");

    /* tau = 0: A = infinity, z = e*x satisfies the equation. */
    instance(&stmt, &wit);
    scalar_u64(&tau, 0);
    test_prove(&p, &ctx, &stmt.x, &wit.x, &tau);
    challenge(&e, &ctx, &stmt.x, &p.a);
    ok(duet_point_is_infinity(&p.a) && equation_holds(&e, &stmt.x, &p.a,
        &p.z), "tau = 0 gives A = infinity and z = e*x, which solve the "
        "equation");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p),
        "but A = infinity is refused (6.3 C5: no infinity on the wire)");
}


static void
test_prover_refuses(void)
{
    struct duet_zk_ctx ctx, bad;
    struct duet_zk_sch_stmt stmt, s2;
    struct duet_zk_sch_wit wit, w2;
    struct duet_zk_sch_proof proof;
    struct duet_scalar one;

    ctx_make(&ctx, DUET_LEVEL_112, sid_a, 0, 0, rid_a);
    instance(&stmt, &wit);
    scalar_u64(&one, 1);

    w2 = wit;
    duet_scalar_add(&w2.x, &w2.x, &one);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_sch_prove(&ctx, &proof, &stmt, &w2),
        "prove refuses a witness with x*G != X");
    ok(duet_point_is_infinity(&proof.a), "and outputs no proof");
    s2 = stmt;
    duet_point_set_infinity(&s2.x);
    scalar_u64(&w2.x, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_sch_prove(&ctx, &proof, &s2, &w2),
        "prove refuses X = infinity (x = 0)");
    bad = ctx;
    bad.rho = NULL;
    bad.rho_len = 0;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_sch_prove(&bad, &proof, &stmt, &wit),
        "prove refuses a context without rid (spec 4.3)");
    bad.rho = rid_a;
    bad.rho_len = 31;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_sch_prove(&bad, &proof, &stmt, &wit),
        "prove refuses a rid shorter than kappa");
    bad = ctx;
    bad.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_sch_prove(&bad, &proof, &stmt, &wit),
        "prove refuses a context without level");
}


static void
test_ctx_binding(void)
{
    struct duet_zk_ctx ctx, c2;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof;
    uint8_t sid2[33], rid2[32];
    unsigned i, rej;

    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 1, 0, rid_a);
    instance(&stmt, &wit);
    prove_ok(&ctx, &proof, &stmt, &wit);
    is_int(0, duet_zk_sch_verify(&ctx, &stmt, &proof), "baseline verifies");

    c2 = ctx;
    c2.sid = sid_b;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "6.3 C4: replay under another sid rejected");
    rej = 0;
    for (i = 0; i < 32 * 8; i++) {
        memcpy(sid2, sid_a, 32);
        sid2[i / 8] ^= (uint8_t) (1u << (i % 8));
        c2 = ctx;
        c2.sid = sid2;
        rej += duet_zk_sch_verify(&c2, &stmt, &proof)
            == DUET_ERR_PROOF_INVALID;
    }
    is_int(256, rej, "every single-bit change of the sid rejected");
    memcpy(sid2, sid_a, 32);
    sid2[32] = 0;
    c2 = ctx;
    c2.sid = sid2;
    c2.sid_len = 33;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "sid extended by a zero byte rejected");
    c2.sid_len = 31;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "sid shortened by a byte rejected");

    c2 = ctx;
    c2.prover = 0;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "6.3 C4: party 1's proof presented as party 0's rejected");
    c2.prover = 2;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "6.3 C4: party 1's proof presented as party 2's rejected");
    c2.prover = 0x101;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "prover index 0x101 (same low byte) rejected");

    c2 = ctx;
    c2.discriminator = 1;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "6.3 C4: other discriminator (refresh coefficient 0 -> 1) "
        "rejected");
    c2.discriminator = 0x80000000u;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "discriminator 2^31 rejected");

    c2 = ctx;
    c2.rho = rid_b;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "spec 4.3: replay under another rid rejected");
    rej = 0;
    for (i = 0; i < 32; i++) {
        memcpy(rid2, rid_a, 32);
        rid2[i] ^= (uint8_t) (1u << (rand_u32() % 8));
        c2.rho = rid2;
        rej += duet_zk_sch_verify(&c2, &stmt, &proof)
            == DUET_ERR_PROOF_INVALID;
    }
    is_int(32, rej, "a bit flip in each byte of rid rejected");
    c2.rho = NULL;
    c2.rho_len = 0;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_sch_verify(&c2, &stmt, &proof),
        "verify without rid refused");
    c2.rho = rid_a;
    c2.rho_len = 16;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_sch_verify(&c2, &stmt, &proof),
        "verify with a 16-byte rid refused");

    c2 = ctx;
    c2.level = duet_level_get(DUET_LEVEL_112);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&c2, &stmt, &proof),
        "a level-128 proof verified at level 112 rejected");
    c2.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_sch_verify(&c2, &stmt, &proof),
        "verify without level refused");
}


static void
test_stmt_mutation(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_sch_stmt stmt, s2;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof, p2;
    struct duet_scalar e, two, k;
    struct duet_point g;

    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 0, 0, rid_a);
    instance(&stmt, &wit);
    prove_ok(&ctx, &proof, &stmt, &wit);
    challenge(&e, &ctx, &stmt.x, &proof.a);
    scalar_u64(&two, 2);
    scalar_u64(&k, 1);
    mul_gen(&g, &k);

    /* -X with the proof adapted: (-A, -z) solves the equation for -X. */
    duet_point_negate(&s2.x, &stmt.x);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &s2, &proof),
        "the proof for X does not verify for -X");
    duet_point_negate(&p2.a, &proof.a);
    duet_scalar_negate(&p2.z, &proof.z);
    ok(equation_holds(&e, &s2.x, &p2.a, &p2.z),
        "(-A, -z) satisfies the equation for -X under the old challenge");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &s2, &p2),
        "malleability: (-A, -z) for -X rejected (challenge binds X, A)");

    /* 2X with (2A, 2z). */
    duet_point_add(&s2.x, &stmt.x, &stmt.x);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &s2, &proof),
        "the proof for X does not verify for 2X");
    duet_point_add(&p2.a, &proof.a, &proof.a);
    duet_scalar_mul(&p2.z, &proof.z, &two);
    ok(equation_holds(&e, &s2.x, &p2.a, &p2.z),
        "(2A, 2z) satisfies the equation for 2X under the old challenge");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &s2, &p2),
        "malleability: (2A, 2z) for 2X rejected");

    /* X + G with (A, z + e): the related-key shift. */
    duet_point_add(&s2.x, &stmt.x, &g);
    p2.a = proof.a;
    duet_scalar_add(&p2.z, &proof.z, &e);
    ok(equation_holds(&e, &s2.x, &p2.a, &p2.z),
        "(A, z + e) satisfies the equation for X + G under the old "
        "challenge");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &s2, &p2),
        "malleability: (A, z + e) for X + G rejected");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &s2, &proof),
        "the proof for X does not verify for X + G");

    instance(&s2, &wit);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &s2, &proof),
        "the proof for X does not verify for an unrelated X'");
    duet_point_set_infinity(&s2.x);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_sch_verify(&ctx, &s2, &proof),
        "X = infinity is refused as a malformed statement");
}


static void
test_proof_mutation(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof, p2;
    struct duet_scalar one, e;
    struct duet_point g, g2;
    uint8_t enc[PROOF_BYTES], m[PROOF_BYTES];
    unsigned i, rej;

    ctx_make(&ctx, DUET_LEVEL_112, sid_a, 2, 0, rid_a);
    instance(&stmt, &wit);
    prove_ok(&ctx, &proof, &stmt, &wit);
    scalar_u64(&one, 1);
    mul_gen(&g, &one);

    p2 = proof;
    duet_point_negate(&p2.a, &proof.a);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "6.3 C2: A -> -A rejected");
    duet_point_add(&p2.a, &proof.a, &g);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "6.3 C2: A -> A + G rejected");
    /*
     * The forger's move without x: guess a challenge e', pick z, solve
     * A = z*G - e'*X.  Here e' = e + 1 (e the honest proof's challenge).
     */
    challenge(&e, &ctx, &stmt.x, &proof.a);
    duet_scalar_add(&e, &e, &one);
    p2.z = proof.z;
    mul_gen(&p2.a, &p2.z);
    duet_point_mul(&g2, &e, &stmt.x);
    duet_point_sub(&p2.a, &p2.a, &g2);
    ok(equation_holds(&e, &stmt.x, &p2.a, &p2.z),
        "the forged (A', z) solves the equation for the guessed e'");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "a proof solved for a guessed challenge is rejected");
    duet_point_set_infinity(&p2.a);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "A = infinity rejected");

    p2 = proof;
    duet_scalar_add(&p2.z, &proof.z, &one);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "z + 1 rejected");
    duet_scalar_sub(&p2.z, &proof.z, &one);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "z - 1 rejected");
    duet_scalar_negate(&p2.z, &proof.z);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "-z rejected");
    scalar_u64(&p2.z, 0);
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "z = 0 rejected");

    /* Every single-bit flip of the encoding. */
    encode(enc, &proof);
    rej = 0;
    for (i = 0; i < 8 * PROOF_BYTES; i++) {
        memcpy(m, enc, sizeof(m));
        m[i / 8] ^= (uint8_t) (1u << (i % 8));
        rej += parse_verify(m, sizeof(m), &ctx, &stmt) != 0;
    }
    is_int(8 * PROOF_BYTES, rej,
        "each of the 520 single-bit flips of the encoding is rejected");
}


/* Write x (0 <= x < 2^256) as 32 big-endian bytes. */
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
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof, p2;
    struct duet_buf_writer w;
    uint8_t enc[PROOF_BYTES], m[PROOF_BYTES + 1], small[PROOF_BYTES - 1];
    unsigned i, cnt;
    mpz_t v, t;
    int r;

    mpz_init(v);
    mpz_init(t);
    ctx_make(&ctx, DUET_LEVEL_128, sid_a, 0, 0, rid_a);
    instance(&stmt, &wit);
    prove_ok(&ctx, &proof, &stmt, &wit);
    encode(enc, &proof);

    cnt = 0;
    for (i = 0; i < PROOF_BYTES; i++) {
        cnt += parse_msg(enc, i, &ctx, &p2) == DUET_ERR_TRUNCATED;
    }
    is_int(PROOF_BYTES, cnt, "truncation at each of the 65 byte "
        "boundaries: DUET_ERR_TRUNCATED");
    memcpy(m, enc, PROOF_BYTES);
    m[PROOF_BYTES] = 0;
    is_int(DUET_ERR_TRAILING_DATA, parse_msg(m, PROOF_BYTES + 1, &ctx, &p2),
        "a trailing byte after the proof is rejected at reader_end");

    /* A: every non-canonical or invalid point encoding. */
    memcpy(m, enc, PROOF_BYTES);
    memset(m, 0, DUET_POINT_BYTES);
    is_int(DUET_ERR_INFINITY, parse_msg(m, PROOF_BYTES, &ctx, &p2),
        "6.3 C5: A = infinity encoding rejected at parse");
    ok(duet_point_is_infinity(&p2.a) && duet_scalar_is_zero(&p2.z),
        "a failed parse leaves the proof empty");
    for (i = 0; i < 256; i++) {
        if (i == 2 || i == 3) {
            continue;
        }
        memcpy(m, enc, PROOF_BYTES);
        m[0] = (uint8_t) i;
        r = parse_msg(m, PROOF_BYTES, &ctx, &p2);
        if (r != DUET_ERR_BAD_ENCODING) {
            break;
        }
    }
    is_int(256, i, "6.3 C5: every prefix other than 02/03 (04 "
        "uncompressed, 06/07 hybrid, 00 + non-zero) rejected");
    memcpy(m, enc, PROOF_BYTES);
    m[0] = 0x02;
    mpz_to32(m + 1, fp);
    is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
        "6.3 C5: A with x = p rejected");
    /* x = p + 1 would alias x = 1 if it were reduced mod p. */
    mpz_add_ui(v, fp, 1);
    mpz_to32(m + 1, v);
    is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
        "6.3 C5: A with x = p + 1 rejected");
    /* The smallest x with no curve point: x^3 + 7 a non-residue mod p. */
    mpz_set_ui(v, 0);
    do {
        mpz_add_ui(v, v, 1);
        mpz_pow_ui(t, v, 3);
        mpz_add_ui(t, t, 7);
        mpz_mod(t, t, fp);
    } while (mpz_legendre(t, fp) != -1);
    mpz_to32(m + 1, v);
    is_int(DUET_ERR_BAD_ENCODING, parse_msg(m, PROOF_BYTES, &ctx, &p2),
        "6.3 C5: A off the curve rejected");
    memcpy(m, enc, PROOF_BYTES);
    m[0] ^= 1;
    is_int(0, parse_msg(m, PROOF_BYTES, &ctx, &p2), "A's parity flipped "
        "(-A) parses");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "but does not verify");

    /* z: q and its neighbours, and z + q aliases. */
    memcpy(m, enc, PROOF_BYTES);
    mpz_to32(m + DUET_POINT_BYTES, q);
    is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
        "6.3 C5: z = q (alias of 0) rejected");
    mpz_sub_ui(v, q, 1);
    mpz_to32(m + DUET_POINT_BYTES, v);
    is_int(0, parse_msg(m, PROOF_BYTES, &ctx, &p2), "z = q - 1 parses");
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_sch_verify(&ctx, &stmt, &p2),
        "but does not verify");
    memset(m + DUET_POINT_BYTES, 0xff, 32);
    is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
        "z = 2^256 - 1 rejected");
    /*
     * z + q fits in 32 bytes only for z < 2^256 - q (about 2^128.3): an
     * honest z is almost never that small, so those aliases are tried
     * directly; the proof's own z + q needs 33 bytes, which the fixed
     * 32-byte field cannot carry.
     */
    cnt = 0;
    for (i = 0; i < 64; i++) {
        mpz_set_ui(t, 1);
        mpz_mul_2exp(t, t, 256);
        mpz_sub(t, t, q);               /* 2^256 - q */
        if (i == 0) {
            mpz_set_ui(v, 1);
        } else if (i == 1) {
            mpz_sub_ui(v, t, 1);
        } else {
            mpz_set_ui(v, rand_u32());
            mpz_mul_2exp(v, v, i);
            mpz_mod(v, v, t);
        }
        mpz_add(v, v, q);
        mpz_to32(m + DUET_POINT_BYTES, v);
        cnt += parse_msg(m, PROOF_BYTES, &ctx, &p2)
            == DUET_ERR_NON_CANONICAL;
    }
    is_int(64, cnt, "z + q aliases (z in [1, 2^256 - q)) rejected as "
        "non-canonical");
    mpz_set_ui(t, 1);
    mpz_mul_2exp(t, t, 256);
    duet_scalar_to_bn(v, &proof.z);
    mpz_add(v, v, q);
    if (mpz_cmp(v, t) < 0) {
        mpz_to32(m + DUET_POINT_BYTES, v);
        is_int(DUET_ERR_NON_CANONICAL, parse_msg(m, PROOF_BYTES, &ctx, &p2),
            "the proof's own z + q rejected as non-canonical");
    } else {
        ok(mpz_sizeinbase(v, 256) == 33,
            "the proof's own z + q needs 33 bytes: no 32-byte alias");
    }

    /* Encoding. */
    p2 = proof;
    duet_point_set_infinity(&p2.a);
    duet_buf_writer_init(&w, m, sizeof(m));
    is_int(DUET_ERR_INFINITY, duet_zk_sch_encode(&w, &p2),
        "encode refuses A = infinity");
    duet_buf_writer_init(&w, small, sizeof(small));
    is_int(DUET_ERR_BUFFER_TOO_SMALL, duet_zk_sch_encode(&w, &proof),
        "encode into 64 bytes: DUET_ERR_BUFFER_TOO_SMALL");

    mpz_clear(v);
    mpz_clear(t);
}


/* Random mutations of valid encodings never crash and never verify. */
static void
test_mutation_loop(void)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_sch_stmt stmt[4];
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof;
    uint8_t enc[4][PROOF_BYTES], m[PROOF_BYTES + 8];
    unsigned i, j, k, n, len, accepted = 0, changed = 0;

    ctx_make(&ctx, DUET_LEVEL_112, sid_b, 1, 3, rid_b);
    for (i = 0; i < 4; i++) {
        instance(&stmt[i], &wit);
        prove_ok(&ctx, &proof, &stmt[i], &wit);
        encode(enc[i], &proof);
    }
    for (i = 0; i < 2000 * slow; i++) {
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
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof;
    double t0, tp, tv;
    unsigned i, n = 200, good = 0;

    ctx_make(&ctx, level, sid_a, 0, 0, rid_a);
    instance(&stmt, &wit);
    t0 = now_us();
    for (i = 0; i < n; i++) {
        prove_ok(&ctx, &proof, &stmt, &wit);
    }
    tp = (now_us() - t0) / n;
    t0 = now_us();
    for (i = 0; i < n; i++) {
        good += duet_zk_sch_verify(&ctx, &stmt, &proof) == 0;
    }
    tv = (now_us() - t0) / n;
    is_int(n, good, "level %d: %u verifications in the timing loop", level,
        n);
    diag("bench level %d: Pi^sch %u bytes, prove %.1f us, verify %.1f us",
        level, (unsigned) PROOF_BYTES, tp, tv);
}


int
main(int argc, char **argv)
{
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
    if (duet_random_bytes(sid_a, sizeof(sid_a)) != 0
        || duet_random_bytes(sid_b, sizeof(sid_b)) != 0
        || duet_random_bytes(rid_a, sizeof(rid_a)) != 0
        || duet_random_bytes(rid_b, sizeof(rid_b)) != 0)
    {
        bail("duet_random_bytes");
    }

    test_completeness(DUET_LEVEL_128);
    test_completeness(DUET_LEVEL_112);
    test_commit_respond();
    test_soundness();
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
