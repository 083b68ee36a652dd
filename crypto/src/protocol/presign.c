/*
 * presign.c -- CGGMP24 presigning between two signers of a 2-of-3 key
 * (spec sections 1.7, 3.1-3.5), a session protocol of the shape in
 * session.h.
 *
 * Rounds (inbound round numbers; each party sends round n + 1 after it
 * processed round n):
 *   1  bcast  key fp, aux id, shift, K_i, G_i, Y_i, A_i1, A_i2, B_i1, B_i2
 *      p2p    psi^0, psi^1 = Pi^enc-elg[R_peer] (discriminators 0, 1)
 *   2  p2p    Gamma_i, D, F, D^, F^, psi~ = Pi^elog (prime = false),
 *             psi = Pi^aff-g[R_peer] (X = Gamma_i), psi^ (X = W_i, hat)
 *   3  bcast  delta_i, S_i, Delta_i, psi' = Pi^elog (prime = true)
 *   -> a presignature record (share.h, duet_presig_rec_encode).
 *
 * Wire form of each payload (codec/buf; points 33-byte SEC1 compressed,
 * never infinity; scalars 32 bytes canonical; ciphertexts bn, in Z*_{N^2}
 * of the key they are under):
 *   R1a  key_fp[32] aux_id[32] shift[32] signers[2] K G Y A1 A2 B1 B2
 *   R1b  psi^0 psi^1                               (zk_enc_elg.h wire form)
 *   R2   Gamma D F D^ F^ psi~ psi psi^             (zk_elog.h, zk_aff_g.h)
 *   R3   delta S Delta psi'
 *
 * Session binding (correction C2, spec 4.3).  The shift h, the key-share
 * fingerprint and the aux id are bound into every proof through a
 * 32-byte "presign session id"
 *   psid = transcript "duet.presign.sid" over (sid, protocol, level, the
 *          ordered signer pair, key fp, aux id, h)
 * which is the sid of every proof context (built here, not with
 * duet_session_zk_ctx, whose sid is the bare session id).  Both signers
 * also send (fp, aux id, h) in R1a and compare them with their own before
 * any proof is checked: a different fingerprint or aux id is
 * DUET_ERR_EPOCH_MISMATCH (how shares or aux of different refresh epochs
 * meet), a different shift DUET_ERR_PROTOCOL, both blaming the peer.
 * The ordered signer pair travels too (2 bytes), so that two signers
 * started with the pair in different orders get DUET_ERR_PROTOCOL rather
 * than an unexplained proof failure.
 *
 * Shift (spec 1.8, C2).  With h given, the signer at position 0 adds h to
 * its additive share and both add h G to W_0, so W_0 + W_1 = Y + h G and
 * the presignature signs for the shifted key.
 *
 * Identification (spec 5.2) is NOT implemented.  When every proof passes
 * yet delta G != Delta or delta Y' != S, the session aborts with
 * DUET_ERR_UNATTRIBUTED naming the peer: with two signers and an honest
 * self, the peer is the only possible culprit (the caller should retry
 * with another signer pair, duet_sign.h).
 *
 * Constant time (correction C3): the nonces k_i, gamma_i, the El-Gamal
 * randomness and the additive share w_i enter only scalar arithmetic,
 * duet_point_mul_gen / duet_point_mul / duet_point_lincomb_gen,
 * duet_paillier_mul_sec (K_j^{gamma_i}, K_j^{w_i}), the CRT encryption
 * and the provers.  Decrypted alpha values are reduced with
 * duet_scalar_from_bn (time by byte length only).  The factors of my N
 * also serve the verifier of psi, psi^ (stmt.sk_j, zk_aff_g.h): public
 * values, but the computation mod p^2, q^2 is constant-time in p, q.
 */

#include "config.h"

#include <stddef.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "protocol/party.h"
#include "protocol/presign.h"
#include "protocol/protocols.h"
#include "protocol/session.h"
#include "protocol/share.h"
#include "transcript/transcript.h"
#include "zk/zk.h"
#include "zk/zk_aff_g.h"
#include "zk/zk_elog.h"
#include "zk/zk_enc_elg.h"

#define DUET_PRESIGN_BODY_VERSION  1
#define DUET_PRESIGN_SID_TAG       "duet.presign.sid"
#define DUET_PRESIGN_SID_VERSION   1
#define DUET_PRESIGN_ROUNDS        3

/* Field ids of the psid transcript. */
#define DUET_PRESIGN_F_PROTO       1
#define DUET_PRESIGN_F_LEVEL       2
#define DUET_PRESIGN_F_SIGNER0     3
#define DUET_PRESIGN_F_SIGNER1     4
#define DUET_PRESIGN_F_KEY_FP      5
#define DUET_PRESIGN_F_AUX_ID      6
#define DUET_PRESIGN_F_SHIFT       7

#define DUET_PRESIGN_HASH_BYTES    32

/* One signer's El-Gamal key and commitments (spec 3.1). */
struct duet_presign_eg {
    struct duet_point y;                /* Y_i = y_i G */
    struct duet_point a1, a2;           /* a_i G, a_i Y_i + k_i G */
    struct duet_point b1, b2;           /* b_i G, b_i Y_i + gamma_i G */
};

/*
 * Everything later rounds need.  Arrays of two are indexed by signer
 * POSITION (s->parties order).  SECRET: w, sk, k, gamma, a, b, beta,
 * beta_hat, chi (and delta until sent).
 */
struct duet_presign_body {
    int inited;                         /* the mpz_t's are initialised */
    uint8_t pos;                        /* my position */
    uint8_t peer;                       /* the peer's keygen index */
    uint8_t key_fp[DUET_PRESIGN_HASH_BYTES];
    uint8_t aux_id[DUET_PRESIGN_HASH_BYTES];
    uint8_t psid[DUET_PRESIGN_HASH_BYTES];
    struct duet_scalar shift;           /* h, 0 if none */
    struct duet_point pubkey;           /* Y' = Y + h G */
    struct duet_point w_pub[2];         /* W_j, shift included */
    struct duet_scalar w;               /* my additive share */
    struct duet_paillier_sk sk;         /* my Paillier key */
    struct duet_paillier_pk pk_peer;
    struct duet_rp_params rp_me, rp_peer;
    /* round 1 */
    struct duet_scalar k, gamma, a, b;
    mpz_t big_k;                        /* my K_i: C of the peer's aff-g */
    struct duet_presign_eg eg[2];
    /* round 2 */
    struct duet_scalar beta, beta_hat;  /* my beta, beta^ mod q */
    struct duet_point gam[2];           /* Gamma_j */
    /* round 3 */
    struct duet_point big_gamma;        /* Gamma = Gamma_0 + Gamma_1 */
    struct duet_scalar delta, chi;      /* my delta_i, chi_i */
    struct duet_point big_delta, big_s; /* my Delta_i, S_i */
};


#ifdef DUET_TEST_HOOKS
static int duet_presign_fault_party = -1;
static enum duet_presign_test_fault duet_presign_fault_kind;


void
duet_presign_test_fault(int party, enum duet_presign_test_fault fault)
{
    duet_presign_fault_party = party;
    duet_presign_fault_kind = party < 0 ? DUET_PRESIGN_TEST_NONE : fault;
}


static int
duet_presign_fault(const struct duet_session *s,
    enum duet_presign_test_fault fault)
{
    return duet_presign_fault_party == (int) s->me
        && duet_presign_fault_kind == fault;
}

#define PRESIGN_FAULT(s, f)  duet_presign_fault((s), DUET_PRESIGN_TEST_ ## f)
#else
#define PRESIGN_FAULT(s, f)  0
#endif


/* Sizes. */

static size_t
duet_presign_bytes(unsigned bits)
{
    return (bits + 7) / 8;
}


/* The largest wire form of a ciphertext mod N^2, length prefix included. */
static size_t
duet_presign_ct_max(const struct duet_level *lv)
{
    return 4 + duet_presign_bytes(2 * lv->modulus_max_bits);
}


/* The largest Pi^enc-elg (its header comment's wire form). */
static size_t
duet_presign_enc_elg_max(const struct duet_level *lv)
{
    size_t mb = 4 + duet_presign_bytes(lv->modulus_max_bits);

    return 2 * mb + duet_presign_ct_max(lv) + 2 * DUET_POINT_BYTES
        + 5 + duet_presign_bytes(lv->ell + lv->epsilon) + mb
        + 5 + duet_presign_bytes(lv->rp_y_max_bits) + DUET_SCALAR_BYTES;
}


/* The largest Pi^aff-g. */
static size_t
duet_presign_aff_g_max(const struct duet_level *lv)
{
    size_t mb = 4 + duet_presign_bytes(lv->modulus_max_bits);

    return 2 * duet_presign_ct_max(lv) + DUET_POINT_BYTES + 4 * mb
        + 5 + duet_presign_bytes(lv->ell + lv->epsilon)
        + 5 + duet_presign_bytes(lv->ell_prime + lv->epsilon)
        + 2 * (5 + duet_presign_bytes(lv->rp_y_max_bits)) + 2 * mb;
}


size_t
duet_presign_max_payload(const struct duet_level *lv, unsigned round,
    int bcast)
{
    if (lv == NULL) {
        return 0;
    }
    switch (round) {
    case 1:
        if (bcast) {
            return 3 * DUET_PRESIGN_HASH_BYTES + 2
                + 2 * duet_presign_ct_max(lv) + 5 * DUET_POINT_BYTES;
        }
        return 2 * duet_presign_enc_elg_max(lv);
    case 2:
        return bcast ? 0 : DUET_POINT_BYTES + 4 * duet_presign_ct_max(lv)
            + DUET_ZK_ELOG_PROOF_BYTES + 2 * duet_presign_aff_g_max(lv);
    case 3:
        return bcast ? DUET_SCALAR_BYTES + 2 * DUET_POINT_BYTES
            + DUET_ZK_ELOG_PROOF_BYTES : 0;
    default:
        return 0;
    }
}


static unsigned
duet_presign_expect(const struct duet_session *s, unsigned round)
{
    (void) s;
    switch (round) {
    case 1:
        return DUET_EXPECT_BCAST | DUET_EXPECT_P2P;
    case 2:
        return DUET_EXPECT_P2P;
    case 3:
        return DUET_EXPECT_BCAST;
    default:
        return 0;
    }
}


static size_t
duet_presign_ops_max_payload(const struct duet_session *s, unsigned round,
    int bcast)
{
    return duet_presign_max_payload(s->level, round, bcast);
}


/* Body life cycle. */

static void
duet_presign_body_mpz_init(struct duet_presign_body *b)
{
    if (!b->inited) {
        duet_paillier_sk_init(&b->sk);
        duet_paillier_pk_init(&b->pk_peer);
        duet_rp_params_init(&b->rp_me);
        duet_rp_params_init(&b->rp_peer);
        mpz_init(b->big_k);
        b->inited = 1;
    }
}


static void
duet_presign_body_clear(struct duet_session *s)
{
    struct duet_presign_body *b = s->body;

    if (b == NULL) {
        return;
    }
    if (b->inited) {
        duet_paillier_sk_clear(&b->sk);
        duet_paillier_pk_clear(&b->pk_peer);
        duet_rp_params_clear(&b->rp_me);
        duet_rp_params_clear(&b->rp_peer);
        mpz_clear(b->big_k);
    }
    duet_memclear(b, sizeof(*b));
}


/* Helpers. */

/* The generator as a point. */
static int
duet_presign_gen(struct duet_point *g)
{
    struct duet_scalar one;

    duet_scalar_set_u64(&one, 1);
    return duet_point_mul_gen(g, &one);
}


/* v as the signed integer in (-q/2, q/2] (spec 3.1); only its sign and
   limb count become visible. */
static int
duet_presign_signed(mpz_t out, const struct duet_scalar *v)
{
    mpz_t q;
    int r;

    mpz_init(q);
    duet_curve_order(q);
    duet_scalar_to_bn(out, v);
    r = duet_bn_center_sec(out, out, q);
    mpz_clear(q);
    return r;
}


/* The proof context of prover with discriminator, over the psid. */
static void
duet_presign_ctx(const struct duet_session *s, struct duet_zk_ctx *ctx,
    int prover, uint32_t disc)
{
    const struct duet_presign_body *b = s->body;

    memset(ctx, 0, sizeof(*ctx));
    ctx->level = s->level;
    ctx->sid = b->psid;
    ctx->sid_len = sizeof(b->psid);
    ctx->prover = (uint16_t) prover;
    ctx->discriminator = disc;
}


/* psid = H(sid, protocol, level, signers, key fp, aux id, shift). */
static int
duet_presign_psid(const struct duet_session *s, struct duet_presign_body *b)
{
    struct duet_transcript t;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if ((r = duet_transcript_init(&t, DUET_PRESIGN_SID_TAG,
            DUET_PRESIGN_SID_VERSION, s->sid, s->sid_len, 0, 0)) != 0)
    {
        goto out;
    }
    (void) duet_transcript_absorb_u64(&t, DUET_PRESIGN_F_PROTO,
        DUET_PROTO_PRESIGN);
    (void) duet_transcript_absorb_u64(&t, DUET_PRESIGN_F_LEVEL,
        (uint64_t) s->level->id);
    (void) duet_transcript_absorb_u64(&t, DUET_PRESIGN_F_SIGNER0,
        s->parties[0]);
    (void) duet_transcript_absorb_u64(&t, DUET_PRESIGN_F_SIGNER1,
        s->parties[1]);
    (void) duet_transcript_absorb_bytes(&t, DUET_PRESIGN_F_KEY_FP,
        b->key_fp, sizeof(b->key_fp));
    (void) duet_transcript_absorb_bytes(&t, DUET_PRESIGN_F_AUX_ID,
        b->aux_id, sizeof(b->aux_id));
    (void) duet_transcript_absorb_scalar(&t, DUET_PRESIGN_F_SHIFT, &b->shift);
    r = duet_transcript_digest(&t, b->psid);

out:
    duet_transcript_clear(&t);
    return r;
}


static int
duet_presign_put_point(struct duet_buf_writer *w, const struct duet_point *p,
    unsigned flags)
{
    uint8_t enc[DUET_POINT_BYTES];
    int r;

    if ((r = duet_point_encode(enc, p, flags)) != 0) {
        return r;
    }
    return duet_buf_put_bytes(w, enc, sizeof(enc));
}


static int
duet_presign_get_point(struct duet_buf_reader *rd, struct duet_point *p,
    unsigned flags)
{
    const uint8_t *enc;
    int r;

    if ((r = duet_buf_get_bytes_direct(rd, &enc, DUET_POINT_BYTES)) != 0) {
        duet_point_set_infinity(p);
        return r;
    }
    return duet_point_parse(p, enc, DUET_POINT_BYTES, flags);
}


static int
duet_presign_put_scalar(struct duet_buf_writer *w,
    const struct duet_scalar *v)
{
    return duet_buf_put_bytes(w, v->b, sizeof(v->b));
}


static int
duet_presign_get_scalar(struct duet_buf_reader *rd, struct duet_scalar *v)
{
    uint8_t tmp[DUET_SCALAR_BYTES];
    int r;

    if ((r = duet_buf_get_bytes(rd, tmp, sizeof(tmp))) == 0) {
        r = duet_scalar_from_bytes(v, tmp);
    }
    duet_memclear(tmp, sizeof(tmp));
    return r;
}


/*
 * A ciphertext under pk from the wire: canonical and below N^2
 * (DUET_ERR_NON_CANONICAL otherwise, C5), and a unit mod N^2 (zero or a
 * multiple of a prime factor: DUET_ERR_PROTOCOL, E2).
 */
static int
duet_presign_get_ct(struct duet_buf_reader *rd,
    const struct duet_paillier_pk *pk, mpz_t c)
{
    int r;

    if ((r = duet_bn_get(rd, c, duet_bn_bytes(pk->nn))) != 0) {
        return r;
    }
    if (mpz_cmp(c, pk->nn) >= 0) {
        return DUET_ERR_NON_CANONICAL;
    }
    if (duet_paillier_ct_check_var(pk, c) != 0) {
        return DUET_ERR_PROTOCOL;
    }
    return 0;
}


/* A proof verifier's verdict: the prover's fault, or a local error. */
static int
duet_presign_verdict(int r)
{
    if (r == DUET_ERR_PROOF_INVALID || r == DUET_ERR_INVALID_ARGUMENT) {
        return DUET_ERR_PROOF_INVALID;
    }
    return r;
}


/* Blame the peer for r in the round being processed; returns r. */
static int
duet_presign_blame(const struct duet_session *s, struct duet_blame *blame,
    int r)
{
    const struct duet_presign_body *b = s->body;

    duet_blame_set(blame, b->peer, (int) s->round, r);
    return r;
}


/* Serialization of the body. */

static int
duet_presign_body_encode(struct duet_buf_writer *w,
    const struct duet_session *s)
{
    const struct duet_presign_body *b = s->body;
    const unsigned inf = DUET_POINT_ALLOW_INFINITY;
    int i, r = DUET_ERR_INTERNAL;

    if (!b->inited) {
        return DUET_ERR_BAD_STATE;
    }
    (void) duet_buf_put_u8(w, DUET_PRESIGN_BODY_VERSION);
    (void) duet_buf_put_u8(w, b->pos);
    (void) duet_buf_put_u8(w, b->peer);
    (void) duet_buf_put_bytes(w, b->key_fp, sizeof(b->key_fp));
    (void) duet_buf_put_bytes(w, b->aux_id, sizeof(b->aux_id));
    (void) duet_buf_put_bytes(w, b->psid, sizeof(b->psid));
    (void) duet_presign_put_scalar(w, &b->shift);
    if ((r = duet_presign_put_point(w, &b->pubkey, 0)) != 0
        || (r = duet_presign_put_point(w, &b->w_pub[0], 0)) != 0
        || (r = duet_presign_put_point(w, &b->w_pub[1], 0)) != 0)
    {
        return r;
    }
    (void) duet_presign_put_scalar(w, &b->w);
    if ((r = duet_bn_put(w, b->sk.p)) != 0
        || (r = duet_bn_put(w, b->sk.q)) != 0
        || (r = duet_bn_put(w, b->pk_peer.n)) != 0
        || (r = duet_bn_put(w, b->rp_me.n)) != 0
        || (r = duet_bn_put(w, b->rp_me.s)) != 0
        || (r = duet_bn_put(w, b->rp_me.t)) != 0
        || (r = duet_bn_put(w, b->rp_peer.n)) != 0
        || (r = duet_bn_put(w, b->rp_peer.s)) != 0
        || (r = duet_bn_put(w, b->rp_peer.t)) != 0)
    {
        return r;
    }
    (void) duet_presign_put_scalar(w, &b->k);
    (void) duet_presign_put_scalar(w, &b->gamma);
    (void) duet_presign_put_scalar(w, &b->a);
    (void) duet_presign_put_scalar(w, &b->b);
    if ((r = duet_bn_put(w, b->big_k)) != 0) {
        return r;
    }
    for (i = 0; i < 2; i++) {
        if ((r = duet_presign_put_point(w, &b->eg[i].y, inf)) != 0
            || (r = duet_presign_put_point(w, &b->eg[i].a1, inf)) != 0
            || (r = duet_presign_put_point(w, &b->eg[i].a2, inf)) != 0
            || (r = duet_presign_put_point(w, &b->eg[i].b1, inf)) != 0
            || (r = duet_presign_put_point(w, &b->eg[i].b2, inf)) != 0)
        {
            return r;
        }
    }
    (void) duet_presign_put_scalar(w, &b->beta);
    (void) duet_presign_put_scalar(w, &b->beta_hat);
    if ((r = duet_presign_put_point(w, &b->gam[0], inf)) != 0
        || (r = duet_presign_put_point(w, &b->gam[1], inf)) != 0
        || (r = duet_presign_put_point(w, &b->big_gamma, inf)) != 0)
    {
        return r;
    }
    (void) duet_presign_put_scalar(w, &b->delta);
    (void) duet_presign_put_scalar(w, &b->chi);
    if ((r = duet_presign_put_point(w, &b->big_delta, inf)) != 0
        || (r = duet_presign_put_point(w, &b->big_s, inf)) != 0)
    {
        return r;
    }
    return duet_buf_writer_error(w);
}


/*
 * Parse the body.  The Paillier key is rebuilt from its primes with
 * duet_paillier_sk_from_checked_primes: the body is our own state, which
 * the caller keeps sealed (session.h), and the primes were tested when
 * the aux info was made, so the BPSW tests (about 30 ms at level 128)
 * are not repeated; their shape (sizes, Blum, p != q) still is.  The
 * peer's modulus and both ring-Pedersen parameter sets pass the receiver
 * checks.
 */
static int
duet_presign_body_parse(struct duet_buf_reader *rd, struct duet_session *s)
{
    struct duet_presign_body *b = s->body;
    const unsigned inf = DUET_POINT_ALLOW_INFINITY;
    size_t mb;
    mpz_t p, q, n, rs, rt;
    uint8_t version = 0, pos = 0, peer = 0;
    int i, r = DUET_ERR_INTERNAL;

    mpz_inits(p, q, n, rs, rt, NULL);
    duet_presign_body_mpz_init(b);
    if (s->level == NULL || s->nparties != 2) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    mb = duet_presign_bytes(s->level->modulus_max_bits);
    (void) duet_buf_get_u8(rd, &version);
    (void) duet_buf_get_u8(rd, &pos);
    (void) duet_buf_get_u8(rd, &peer);
    if ((r = duet_buf_reader_error(rd)) != 0) {
        goto out;
    }
    if (version != DUET_PRESIGN_BODY_VERSION) {
        r = DUET_ERR_BAD_VERSION;
        goto out;
    }
    if (pos > 1 || s->parties[pos] != s->me || s->parties[1 - pos] != peer) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    b->pos = pos;
    b->peer = peer;
    (void) duet_buf_get_bytes(rd, b->key_fp, sizeof(b->key_fp));
    (void) duet_buf_get_bytes(rd, b->aux_id, sizeof(b->aux_id));
    (void) duet_buf_get_bytes(rd, b->psid, sizeof(b->psid));
    if ((r = duet_presign_get_scalar(rd, &b->shift)) != 0
        || (r = duet_presign_get_point(rd, &b->pubkey, 0)) != 0
        || (r = duet_presign_get_point(rd, &b->w_pub[0], 0)) != 0
        || (r = duet_presign_get_point(rd, &b->w_pub[1], 0)) != 0
        || (r = duet_presign_get_scalar(rd, &b->w)) != 0)
    {
        goto out;
    }
    if ((r = duet_bn_get(rd, p, duet_presign_bytes(s->level->prime_bits)))
        != 0
        || (r = duet_bn_get(rd, q, duet_presign_bytes(s->level->prime_bits)))
        != 0)
    {
        goto out;
    }
    if ((r = duet_paillier_sk_from_checked_primes(&b->sk, p, q, NULL,
            s->level, NULL)) != 0)
    {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if ((r = duet_bn_get(rd, n, mb)) != 0) {
        goto out;
    }
    if (duet_paillier_pk_set_var(&b->pk_peer, n, s->level, NULL) != 0) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if ((r = duet_bn_get(rd, n, mb)) != 0
        || (r = duet_bn_get(rd, rs, mb)) != 0
        || (r = duet_bn_get(rd, rt, mb)) != 0)
    {
        goto out;
    }
    if (duet_rp_params_set_var(&b->rp_me, n, rs, rt, s->level, NULL) != 0) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if ((r = duet_bn_get(rd, n, mb)) != 0
        || (r = duet_bn_get(rd, rs, mb)) != 0
        || (r = duet_bn_get(rd, rt, mb)) != 0)
    {
        goto out;
    }
    if (duet_rp_params_set_var(&b->rp_peer, n, rs, rt, s->level, NULL) != 0)
    {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if ((r = duet_presign_get_scalar(rd, &b->k)) != 0
        || (r = duet_presign_get_scalar(rd, &b->gamma)) != 0
        || (r = duet_presign_get_scalar(rd, &b->a)) != 0
        || (r = duet_presign_get_scalar(rd, &b->b)) != 0
        || (r = duet_bn_get(rd, b->big_k, duet_bn_bytes(b->sk.pk.nn))) != 0)
    {
        goto out;
    }
    for (i = 0; i < 2; i++) {
        if ((r = duet_presign_get_point(rd, &b->eg[i].y, inf)) != 0
            || (r = duet_presign_get_point(rd, &b->eg[i].a1, inf)) != 0
            || (r = duet_presign_get_point(rd, &b->eg[i].a2, inf)) != 0
            || (r = duet_presign_get_point(rd, &b->eg[i].b1, inf)) != 0
            || (r = duet_presign_get_point(rd, &b->eg[i].b2, inf)) != 0)
        {
            goto out;
        }
    }
    if ((r = duet_presign_get_scalar(rd, &b->beta)) != 0
        || (r = duet_presign_get_scalar(rd, &b->beta_hat)) != 0
        || (r = duet_presign_get_point(rd, &b->gam[0], inf)) != 0
        || (r = duet_presign_get_point(rd, &b->gam[1], inf)) != 0
        || (r = duet_presign_get_point(rd, &b->big_gamma, inf)) != 0
        || (r = duet_presign_get_scalar(rd, &b->delta)) != 0
        || (r = duet_presign_get_scalar(rd, &b->chi)) != 0
        || (r = duet_presign_get_point(rd, &b->big_delta, inf)) != 0
        || (r = duet_presign_get_point(rd, &b->big_s, inf)) != 0)
    {
        goto out;
    }
    r = duet_buf_reader_error(rd);

out:
    mpz_clears(p, q, n, rs, rt, NULL);
    return r;
}


/* Round 1 (spec 3.1), sent from init. */

static int
duet_presign_round1(struct duet_session *s)
{
    struct duet_presign_body *b = s->body;
    struct duet_presign_eg *eg = &b->eg[b->pos];
    struct duet_zk_enc_elg_proof pk0, pk1;
    struct duet_zk_enc_elg_stmt st;
    struct duet_zk_enc_elg_wit wit;
    struct duet_zk_ctx ctx;
    struct duet_buf_writer wb, wp;
    struct duet_scalar y;
    mpz_t ks, gs, rho, nu, big_g;
    uint32_t d0 = DUET_ZK_ENC_ELG_K, d1 = DUET_ZK_ENC_ELG_GAMMA;
    int r = DUET_ERR_INTERNAL;

    memset(&y, 0, sizeof(y));
    mpz_inits(ks, gs, rho, nu, big_g, NULL);
    duet_zk_enc_elg_proof_init(&pk0);
    duet_zk_enc_elg_proof_init(&pk1);
    duet_buf_writer_init_alloc(&wb, duet_presign_max_payload(s->level, 1, 1));
    duet_buf_writer_init_alloc(&wp, PRESIGN_FAULT(s, K_RANGE) ? DUET_BUF_MAX
        : duet_presign_max_payload(s->level, 1, 0));

    /* Non-zero draws keep every commitment finite (2^-256 otherwise). */
    if ((r = duet_scalar_random_nonzero(&b->k)) != 0
        || (r = duet_scalar_random_nonzero(&b->gamma)) != 0
        || (r = duet_scalar_random_nonzero(&y)) != 0
        || (r = duet_scalar_random_nonzero(&b->a)) != 0
        || (r = duet_scalar_random_nonzero(&b->b)) != 0)
    {
        goto out;
    }
    if ((r = duet_presign_signed(ks, &b->k)) != 0
        || (r = duet_presign_signed(gs, &b->gamma)) != 0)
    {
        goto out;
    }
#ifdef DUET_TEST_HOOKS
    if (PRESIGN_FAULT(s, K_RANGE)) {
        /* A2.2: K encrypts floor(N/4); the commitments follow it mod q. */
        mpz_fdiv_q_2exp(ks, b->sk.pk.n, 2);
        if ((r = duet_scalar_from_bn(&b->k, ks)) != 0) {
            goto out;
        }
    }
#endif
    if ((r = duet_paillier_enc_crt_rand(&b->sk, b->big_k, rho, ks)) != 0
        || (r = duet_paillier_enc_crt_rand(&b->sk, big_g, nu, gs)) != 0)
    {
        goto out;
    }
    if ((r = duet_point_mul_gen(&eg->y, &y)) != 0
        || (r = duet_point_mul_gen(&eg->a1, &b->a)) != 0
        || (r = duet_point_lincomb_gen(&eg->a2, &b->k, &b->a, &eg->y)) != 0
        || (r = duet_point_mul_gen(&eg->b1, &b->b)) != 0
        || (r = duet_point_lincomb_gen(&eg->b2, &b->gamma, &b->b, &eg->y))
        != 0)
    {
        goto out;
    }

    if (PRESIGN_FAULT(s, ENC_DISC_SWAP)) {
        d0 = DUET_ZK_ENC_ELG_GAMMA;
        d1 = DUET_ZK_ENC_ELG_K;
    }
    /* psi^0: K encrypts k, (A1, A2) commits to it; under the peer's R. */
    st.pk = &b->sk.pk;
    st.rp = &b->rp_peer;
    st.c = b->big_k;
    st.a = &eg->y;
    st.b = &eg->a1;
    st.x = &eg->a2;
    wit.sk = &b->sk;
    wit.x = ks;
    wit.rho = rho;
    wit.b = &b->a;
    duet_presign_ctx(s, &ctx, s->me, d0);
#ifdef DUET_TEST_HOOKS
    if (PRESIGN_FAULT(s, K_RANGE)) {
        duet_zk_enc_elg_test_next(NULL, 1);
    }
#endif
    if ((r = duet_zk_enc_elg_prove(&ctx, &pk0, &st, &wit)) != 0) {
        goto out;
    }
    /* psi^1: G encrypts gamma, (B1, B2) commits to it. */
    st.c = big_g;
    st.b = &eg->b1;
    st.x = &eg->b2;
    wit.x = gs;
    wit.rho = nu;
    wit.b = &b->b;
    duet_presign_ctx(s, &ctx, s->me, d1);
    if ((r = duet_zk_enc_elg_prove(&ctx, &pk1, &st, &wit)) != 0) {
        goto out;
    }

    (void) duet_buf_put_bytes(&wb, b->key_fp, sizeof(b->key_fp));
    (void) duet_buf_put_bytes(&wb, b->aux_id, sizeof(b->aux_id));
    (void) duet_presign_put_scalar(&wb, &b->shift);
    (void) duet_buf_put_u8(&wb, s->parties[0]);
    (void) duet_buf_put_u8(&wb, s->parties[1]);
    if ((r = duet_bn_put(&wb, b->big_k)) != 0
        || (r = duet_bn_put(&wb, big_g)) != 0
        || (r = duet_presign_put_point(&wb, &eg->y, 0)) != 0
        || (r = duet_presign_put_point(&wb, &eg->a1, 0)) != 0
        || (r = duet_presign_put_point(&wb, &eg->a2, 0)) != 0
        || (r = duet_presign_put_point(&wb, &eg->b1, 0)) != 0
        || (r = duet_presign_put_point(&wb, &eg->b2, 0)) != 0)
    {
        goto out;
    }
    if ((r = duet_zk_enc_elg_encode(&wp, &pk0)) != 0
        || (r = duet_zk_enc_elg_encode(&wp, &pk1)) != 0)
    {
        goto out;
    }
    if ((r = duet_session_send_writer(s, DUET_BROADCAST, &wb)) != 0
        || (r = duet_session_send_writer(s, b->peer, &wp)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_buf_writer_free(&wb);
    duet_buf_writer_free(&wp);
    duet_zk_enc_elg_proof_clear(&pk0);
    duet_zk_enc_elg_proof_clear(&pk1);
    duet_scalar_clear(&y);
    mpz_clears(ks, gs, rho, nu, big_g, NULL);
    return r;
}


int
duet_presign_init(struct duet_session *s, const void *arg)
{
    const struct duet_presign_args *args = arg;
    const struct duet_keyshare *ks;
    const struct duet_aux *aux;
    struct duet_presign_body *b = s->body;
    struct duet_point w_me, w_peer, hg;
    int pos, r = DUET_ERR_INTERNAL;

    if (args == NULL || args->ks == NULL || args->aux == NULL
        || b == NULL || s->level == NULL || s->nparties != 2)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    ks = args->ks;
    aux = args->aux;
    pos = duet_session_pos(s, s->me);
    if (pos < 0 || ks->index != s->me || aux->index != s->me
        || ks->level != s->level || aux->level != s->level)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    duet_presign_body_mpz_init(b);
    b->pos = (uint8_t) pos;
    b->peer = s->parties[1 - pos];

    if ((r = duet_keyshare_fingerprint(b->key_fp, ks)) != 0
        || (r = duet_aux_id(b->aux_id, aux)) != 0)
    {
        goto out;
    }
    if (args->shift != NULL) {
        b->shift = *args->shift;
    }
    if ((r = duet_presign_psid(s, b)) != 0) {
        goto out;
    }

    /* Additive share (spec 1.7), then the shift on position 0 (C2). */
    if ((r = duet_party_additive(&b->w, &w_me, &w_peer, ks, b->peer)) != 0) {
        goto out;
    }
#ifdef DUET_TEST_HOOKS
    if (PRESIGN_FAULT(s, LAMBDA_SWAP)) {
        struct duet_scalar lam;

        /* E4: the weight of the PEER in the pair, applied to my x. */
        duet_party_lagrange(&lam, b->peer, s->me);
        duet_scalar_mul(&b->w, &lam, &ks->x);
        duet_scalar_clear(&lam);
        if ((r = duet_point_mul_gen(&w_me, &b->w)) != 0) {
            goto out;
        }
    }
#endif
    b->w_pub[pos] = w_me;
    b->w_pub[1 - pos] = w_peer;
    b->pubkey = ks->Y;
    if (!duet_scalar_is_zero(&b->shift)) {
        if ((r = duet_point_mul_gen(&hg, &b->shift)) != 0) {
            goto out;
        }
        if (pos == 0) {
            duet_scalar_add(&b->w, &b->w, &b->shift);
        }
        duet_point_add(&b->w_pub[0], &b->w_pub[0], &hg);
        duet_point_add(&b->pubkey, &b->pubkey, &hg);
    }
    if (duet_point_is_infinity(&b->pubkey)
        || duet_point_is_infinity(&b->w_pub[0])
        || duet_point_is_infinity(&b->w_pub[1]))
    {
        /* A shift of -x, or a zero weighted share: nothing to sign for. */
        r = DUET_ERR_INFINITY;
        goto out;
    }

    /* Paillier and ring-Pedersen material of both signers. */
    if (aux->sk.pk.level != s->level
        || mpz_cmp(aux->sk.pk.n, aux->pk[s->me].n) != 0)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* A copy, not a rebuild: aux's key was built and checked on load. */
    if ((r = duet_paillier_sk_copy(&b->sk, &aux->sk)) != 0
        || (r = duet_paillier_pk_set_var(&b->pk_peer, aux->pk[b->peer].n,
            s->level, NULL)) != 0
        || (r = duet_rp_params_set_var(&b->rp_me, aux->rp[s->me].n,
            aux->rp[s->me].s, aux->rp[s->me].t, s->level, NULL)) != 0
        || (r = duet_rp_params_set_var(&b->rp_peer, aux->rp[b->peer].n,
            aux->rp[b->peer].s, aux->rp[b->peer].t, s->level, NULL)) != 0)
    {
        /* aux was validated: a refusal here is a bug. */
        r = r == DUET_ERR_NO_MEMORY ? r : DUET_ERR_INTERNAL;
        goto out;
    }

    r = duet_presign_round1(s);

out:
    return r;
}


/* Round 1 in, round 2 out (spec 3.3). */

static int
duet_presign_step1(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_presign_body *b = s->body;
    const struct duet_in *bc = in->bcast[b->peer], *pp = in->p2p[b->peer];
    struct duet_presign_eg *mine = &b->eg[b->pos], *peg = &b->eg[1 - b->pos];
    struct duet_zk_enc_elg_proof pe0, pe1;
    struct duet_zk_enc_elg_stmt est;
    struct duet_zk_elog_proof pel;
    struct duet_zk_elog_stmt lst;
    struct duet_zk_elog_wit lwit;
    struct duet_zk_aff_g_proof pa, pah;
    struct duet_zk_aff_g_stmt ast;
    struct duet_zk_aff_g_wit awit;
    struct duet_zk_ctx ctx;
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    struct duet_scalar shift;
    uint8_t fp[DUET_PRESIGN_HASH_BYTES], aid[DUET_PRESIGN_HASH_BYTES];
    uint8_t pair[2];
    mpz_t kp, gp, gs, ws, mb, mbh, sr, srh, rr, rrh, t, d, f, dh, fh;
    uint32_t dg = DUET_ZK_AFF_G_GAMMA, dh_ = DUET_ZK_AFF_G_HAT;
    uint32_t de = DUET_ZK_ELOG_GAMMA;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(kp, gp, gs, ws, mb, mbh, sr, srh, rr, rrh, t, d, f, dh, fh,
        NULL);
    duet_zk_enc_elg_proof_init(&pe0);
    duet_zk_enc_elg_proof_init(&pe1);
    duet_zk_elog_proof_init(&pel);
    duet_zk_aff_g_proof_init(&pa);
    duet_zk_aff_g_proof_init(&pah);
    memset(&lwit, 0, sizeof(lwit));
    duet_buf_writer_init_alloc(&w, duet_presign_max_payload(s->level, 2, 0));
    if (bc == NULL || pp == NULL) {
        r = DUET_ERR_INTERNAL;
        goto out;
    }

    /*
     * R1a: the session binding first, checked before the values, which
     * a peer of another epoch encrypted under keys we do not know.
     */
    duet_buf_reader_init(&rd, bc->payload, bc->len);
    (void) duet_buf_get_bytes(&rd, fp, sizeof(fp));
    (void) duet_buf_get_bytes(&rd, aid, sizeof(aid));
    if ((r = duet_presign_get_scalar(&rd, &shift)) != 0
        || (r = duet_buf_get_bytes(&rd, pair, sizeof(pair))) != 0)
    {
        r = duet_presign_blame(s, blame, r);
        goto out;
    }
    if (duet_ct_memeq(fp, b->key_fp, sizeof(fp)) != 1
        || duet_ct_memeq(aid, b->aux_id, sizeof(aid)) != 1)
    {
        r = duet_presign_blame(s, blame, DUET_ERR_EPOCH_MISMATCH);
        goto out;
    }
    if (!duet_scalar_eq(&shift, &b->shift) || pair[0] != s->parties[0]
        || pair[1] != s->parties[1])
    {
        r = duet_presign_blame(s, blame, DUET_ERR_PROTOCOL);
        goto out;
    }
    if ((r = duet_presign_get_ct(&rd, &b->pk_peer, kp)) != 0
        || (r = duet_presign_get_ct(&rd, &b->pk_peer, gp)) != 0
        || (r = duet_presign_get_point(&rd, &peg->y, 0)) != 0
        || (r = duet_presign_get_point(&rd, &peg->a1, 0)) != 0
        || (r = duet_presign_get_point(&rd, &peg->a2, 0)) != 0
        || (r = duet_presign_get_point(&rd, &peg->b1, 0)) != 0
        || (r = duet_presign_get_point(&rd, &peg->b2, 0)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        r = duet_presign_blame(s, blame, r);
        goto out;
    }

    /* R1b: psi^0, psi^1 under MY ring-Pedersen parameters. */
    duet_presign_ctx(s, &ctx, b->peer, DUET_ZK_ENC_ELG_K);
    duet_buf_reader_init(&rd, pp->payload, pp->len);
    if ((r = duet_zk_enc_elg_parse(&rd, &ctx, &pe0)) != 0
        || (r = duet_zk_enc_elg_parse(&rd, &ctx, &pe1)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        r = duet_presign_blame(s, blame, r);
        goto out;
    }
    est.pk = &b->pk_peer;
    est.rp = &b->rp_me;
    est.c = kp;
    est.a = &peg->y;
    est.b = &peg->a1;
    est.x = &peg->a2;
    if ((r = duet_presign_verdict(duet_zk_enc_elg_verify(&ctx, &est, &pe0)))
        != 0)
    {
        goto fail;
    }
    duet_presign_ctx(s, &ctx, b->peer, DUET_ZK_ENC_ELG_GAMMA);
    est.c = gp;
    est.b = &peg->b1;
    est.x = &peg->b2;
    if ((r = duet_presign_verdict(duet_zk_enc_elg_verify(&ctx, &est, &pe1)))
        != 0)
    {
        goto fail;
    }

    /* Gamma_i and psi~ (its elog tie to B_i1, B_i2). */
    if ((r = duet_point_mul_gen(&b->gam[b->pos], &b->gamma)) != 0) {
        goto out;
    }
    lst.l = mine->b1;
    lst.m = mine->b2;
    lst.x = mine->y;
    lst.y = b->gam[b->pos];
    if ((r = duet_presign_gen(&lst.h)) != 0) {
        goto out;
    }
    lwit.y = b->gamma;
    lwit.lambda = b->b;
    if (PRESIGN_FAULT(s, ELOG_DISC_SWAP)) {
        de = DUET_ZK_ELOG_DELTA;
    }
    duet_presign_ctx(s, &ctx, s->me, de);
    if ((r = duet_zk_elog_prove(&ctx, &pel, &lst, &lwit)) != 0) {
        goto out;
    }

    /*
     * MtA towards the peer:
     *   D = (gamma_i (.) K_j) (+) enc_j(-beta; s),  F = enc_i(-beta; r),
     *   D^ = (w_i (.) K_j) (+) enc_j(-beta^; s^),  F^ = enc_i(-beta^; r^).
     * The products are secret until masked: constant-time throughout.
     */
    if ((r = duet_presign_signed(gs, &b->gamma)) != 0
        || (r = duet_presign_signed(ws, &b->w)) != 0
        || (r = duet_bn_random_pm_pow2(mb, s->level->ell_prime)) != 0
        || (r = duet_bn_random_pm_pow2(mbh, s->level->ell_prime)) != 0)
    {
        goto out;
    }
    mpz_neg(mb, mb);
    mpz_neg(mbh, mbh);
    if ((r = duet_paillier_mul_sec(&b->pk_peer, t, kp, gs, s->level->ell))
        != 0
        || (r = duet_paillier_enc_rand(&b->pk_peer, d, sr, mb)) != 0
        || (r = duet_bn_mulmod_sec(d, d, t, b->pk_peer.nn)) != 0
        || (r = duet_paillier_enc_crt_rand(&b->sk, f, rr, mb)) != 0
        || (r = duet_paillier_mul_sec(&b->pk_peer, t, kp, ws, s->level->ell))
        != 0
        || (r = duet_paillier_enc_rand(&b->pk_peer, dh, srh, mbh)) != 0
        || (r = duet_bn_mulmod_sec(dh, dh, t, b->pk_peer.nn)) != 0
        || (r = duet_paillier_enc_crt_rand(&b->sk, fh, rrh, mbh)) != 0)
    {
        goto out;
    }
    /* beta mod q for delta_i and chi_i: beta = -(-beta). */
    if ((r = duet_scalar_from_bn(&b->beta, mb)) != 0
        || (r = duet_scalar_from_bn(&b->beta_hat, mbh)) != 0)
    {
        goto out;
    }
    duet_scalar_negate(&b->beta, &b->beta);
    duet_scalar_negate(&b->beta_hat, &b->beta_hat);

    if (PRESIGN_FAULT(s, AFF_HAT_SWAP)) {
        dg = DUET_ZK_AFF_G_HAT;
        dh_ = DUET_ZK_AFF_G_GAMMA;
    }
    ast.pk_j = &b->pk_peer;
    ast.pk_i = &b->sk.pk;
    ast.rp = &b->rp_peer;
    ast.c = kp;
    ast.d = d;
    ast.y = f;
    ast.x = &b->gam[b->pos];
    ast.sk_j = NULL;
    awit.sk_i = &b->sk;
    awit.x = gs;
    awit.y = mb;
    awit.rho = sr;
    awit.rho_y = rr;
    duet_presign_ctx(s, &ctx, s->me, dg);
    if ((r = duet_zk_aff_g_prove(&ctx, &pa, &ast, &awit)) != 0) {
        goto out;
    }
    ast.d = dh;
    ast.y = fh;
    ast.x = &b->w_pub[b->pos];
    awit.x = ws;
    awit.y = mbh;
    awit.rho = srh;
    awit.rho_y = rrh;
    duet_presign_ctx(s, &ctx, s->me, dh_);
    if ((r = duet_zk_aff_g_prove(&ctx, &pah, &ast, &awit)) != 0) {
        goto out;
    }

    if ((r = duet_presign_put_point(&w, &b->gam[b->pos], 0)) != 0
        || (r = duet_bn_put(&w, d)) != 0
        || (r = duet_bn_put(&w, f)) != 0
        || (r = duet_bn_put(&w, dh)) != 0
        || (r = duet_bn_put(&w, fh)) != 0
        || (r = duet_zk_elog_encode(&w, &pel)) != 0
        || (r = duet_zk_aff_g_encode(&w, &pa)) != 0
        || (r = duet_zk_aff_g_encode(&w, &pah)) != 0
        || (r = duet_session_send_writer(s, b->peer, &w)) != 0)
    {
        goto out;
    }
    /* b_i has served its only purpose (psi~). */
    duet_scalar_clear(&b->b);
    r = 0;
    goto out;

fail:
    if (r == DUET_ERR_PROOF_INVALID) {
        r = duet_presign_blame(s, blame, r);
    }

out:
    duet_buf_writer_free(&w);
    duet_zk_enc_elg_proof_clear(&pe0);
    duet_zk_enc_elg_proof_clear(&pe1);
    duet_zk_elog_proof_clear(&pel);
    duet_zk_aff_g_proof_clear(&pa);
    duet_zk_aff_g_proof_clear(&pah);
    duet_memclear(&lwit, sizeof(lwit));
    mpz_clears(kp, gp, gs, ws, mb, mbh, sr, srh, rr, rrh, t, d, f, dh, fh,
        NULL);
    return r;
}


/* Round 2 in, round 3 out (spec 3.4). */

static int
duet_presign_step2(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_presign_body *b = s->body;
    const struct duet_in *pp = in->p2p[b->peer];
    const struct duet_presign_eg *mine = &b->eg[b->pos];
    const struct duet_presign_eg *peg = &b->eg[1 - b->pos];
    struct duet_zk_elog_proof pel, pmine;
    struct duet_zk_elog_stmt lst;
    struct duet_zk_elog_wit lwit;
    struct duet_zk_aff_g_proof pa, pah;
    struct duet_zk_aff_g_stmt ast;
    struct duet_zk_ctx ctx;
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    struct duet_scalar alpha;
    mpz_t d, f, dh, fh, m;
    uint32_t de = DUET_ZK_ELOG_DELTA;
    int r = DUET_ERR_INTERNAL;

    memset(&alpha, 0, sizeof(alpha));
    memset(&lwit, 0, sizeof(lwit));
    mpz_inits(d, f, dh, fh, m, NULL);
    duet_zk_elog_proof_init(&pel);
    duet_zk_elog_proof_init(&pmine);
    duet_zk_aff_g_proof_init(&pa);
    duet_zk_aff_g_proof_init(&pah);
    duet_buf_writer_init_alloc(&w, duet_presign_max_payload(s->level, 3, 1));
    if (pp == NULL) {
        goto out;
    }

    /* D, D^ are under my key, F, F^ under the peer's. */
    duet_presign_ctx(s, &ctx, b->peer, DUET_ZK_AFF_G_GAMMA);
    duet_buf_reader_init(&rd, pp->payload, pp->len);
    if ((r = duet_presign_get_point(&rd, &b->gam[1 - b->pos], 0)) != 0
        || (r = duet_presign_get_ct(&rd, &b->sk.pk, d)) != 0
        || (r = duet_presign_get_ct(&rd, &b->pk_peer, f)) != 0
        || (r = duet_presign_get_ct(&rd, &b->sk.pk, dh)) != 0
        || (r = duet_presign_get_ct(&rd, &b->pk_peer, fh)) != 0
        || (r = duet_zk_elog_parse(&rd, &ctx, &pel)) != 0
        || (r = duet_zk_aff_g_parse(&rd, &ctx, &pa)) != 0
        || (r = duet_zk_aff_g_parse(&rd, &ctx, &pah)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        r = duet_presign_blame(s, blame, r);
        goto out;
    }

    /* psi~: Gamma_j is gamma_j G for the gamma_j committed in B_j. */
    lst.l = peg->b1;
    lst.m = peg->b2;
    lst.x = peg->y;
    lst.y = b->gam[1 - b->pos];
    if ((r = duet_presign_gen(&lst.h)) != 0) {
        goto out;
    }
    duet_presign_ctx(s, &ctx, b->peer, DUET_ZK_ELOG_GAMMA);
    if ((r = duet_presign_verdict(duet_zk_elog_verify(&ctx, &lst, &pel)))
        != 0)
    {
        goto fail;
    }
    /*
     * psi, psi^ under MY R: C = K_me (my key), Y = F under the peer's.
     * My secret key lets the verifier check the N_j equation by CRT.
     */
    ast.sk_j = &b->sk;
    ast.pk_j = &b->sk.pk;
    ast.pk_i = &b->pk_peer;
    ast.rp = &b->rp_me;
    ast.c = b->big_k;
    ast.d = d;
    ast.y = f;
    ast.x = &b->gam[1 - b->pos];
    duet_presign_ctx(s, &ctx, b->peer, DUET_ZK_AFF_G_GAMMA);
    if ((r = duet_presign_verdict(duet_zk_aff_g_verify(&ctx, &ast, &pa)))
        != 0)
    {
        goto fail;
    }
    /* E4: the Lagrange-weighted, shift-adjusted W_j. */
    ast.d = dh;
    ast.y = fh;
    ast.x = &b->w_pub[1 - b->pos];
    duet_presign_ctx(s, &ctx, b->peer, DUET_ZK_AFF_G_HAT);
    if ((r = duet_presign_verdict(duet_zk_aff_g_verify(&ctx, &ast, &pah)))
        != 0)
    {
        goto fail;
    }

    /* Gamma; infinity only if the peer knew -gamma_i (E6). */
    duet_point_add(&b->big_gamma, &b->gam[0], &b->gam[1]);
    if (PRESIGN_FAULT(s, GAMMA_INFINITY)) {
        duet_point_set_infinity(&b->big_gamma);
    }
    if (duet_point_is_infinity(&b->big_gamma)) {
        r = duet_presign_blame(s, blame, DUET_ERR_INFINITY);
        goto out;
    }

    /* delta_i = gamma_i k_i + alpha + beta, chi_i = w_i k_i + alpha^ +
       beta^ (alpha, alpha^ decrypted as signed integers, then mod q: C6). */
    if ((r = duet_paillier_dec(&b->sk, m, d)) != 0
        || (r = duet_scalar_from_bn(&alpha, m)) != 0)
    {
        goto out;
    }
    duet_scalar_mul(&b->delta, &b->gamma, &b->k);
    duet_scalar_add(&b->delta, &b->delta, &alpha);
    duet_scalar_add(&b->delta, &b->delta, &b->beta);
    if ((r = duet_paillier_dec(&b->sk, m, dh)) != 0
        || (r = duet_scalar_from_bn(&alpha, m)) != 0)
    {
        goto out;
    }
    duet_scalar_mul(&b->chi, &b->w, &b->k);
    duet_scalar_add(&b->chi, &b->chi, &alpha);
    duet_scalar_add(&b->chi, &b->chi, &b->beta_hat);

    duet_point_mul(&b->big_delta, &b->k, &b->big_gamma);
    duet_point_mul(&b->big_s, &b->chi, &b->big_gamma);

    /* psi': Delta_i = k_i Gamma for the k_i committed in A_i. */
    lst.l = mine->a1;
    lst.m = mine->a2;
    lst.x = mine->y;
    lst.y = b->big_delta;
    lst.h = b->big_gamma;
    lwit.y = b->k;
    lwit.lambda = b->a;
    if (PRESIGN_FAULT(s, ELOG_DISC_SWAP)) {
        de = DUET_ZK_ELOG_GAMMA;
    }
    duet_presign_ctx(s, &ctx, s->me, de);
    if ((r = duet_zk_elog_prove(&ctx, &pmine, &lst, &lwit)) != 0) {
        goto out;
    }

    (void) duet_presign_put_scalar(&w, &b->delta);
    if ((r = duet_presign_put_point(&w, &b->big_s, 0)) != 0
        || (r = duet_presign_put_point(&w, &b->big_delta, 0)) != 0
        || (r = duet_zk_elog_encode(&w, &pmine)) != 0
        || (r = duet_session_send_writer(s, DUET_BROADCAST, &w)) != 0)
    {
        goto out;
    }
    /* Only k_i and chi_i are needed from here on. */
    duet_scalar_clear(&b->gamma);
    duet_scalar_clear(&b->a);
    duet_scalar_clear(&b->w);
    duet_scalar_clear(&b->beta);
    duet_scalar_clear(&b->beta_hat);
    r = 0;
    goto out;

fail:
    if (r == DUET_ERR_PROOF_INVALID) {
        r = duet_presign_blame(s, blame, r);
    }

out:
    duet_buf_writer_free(&w);
    duet_zk_elog_proof_clear(&pel);
    duet_zk_elog_proof_clear(&pmine);
    duet_zk_aff_g_proof_clear(&pa);
    duet_zk_aff_g_proof_clear(&pah);
    duet_memclear(&lwit, sizeof(lwit));
    duet_scalar_clear(&alpha);
    mpz_clears(d, f, dh, fh, m, NULL);
    return r;
}


/* Round 3 in: the presignature (spec 3.5). */

static int
duet_presign_step3(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_presign_body *b = s->body;
    const struct duet_in *bc = in->bcast[b->peer];
    const struct duet_presign_eg *peg = &b->eg[1 - b->pos];
    struct duet_zk_elog_proof pel;
    struct duet_zk_elog_stmt lst;
    struct duet_zk_ctx ctx;
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    struct duet_presig_rec rec;
    struct duet_scalar delta_p, delta, inv;
    struct duet_point s_p, dl_p, big_delta, big_s, chk;
    int pp = 1 - b->pos, r = DUET_ERR_INTERNAL;

    memset(&rec, 0, sizeof(rec));
    memset(&inv, 0, sizeof(inv));
    duet_zk_elog_proof_init(&pel);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    if (bc == NULL) {
        goto out;
    }

    duet_presign_ctx(s, &ctx, b->peer, DUET_ZK_ELOG_DELTA);
    duet_buf_reader_init(&rd, bc->payload, bc->len);
    if ((r = duet_presign_get_scalar(&rd, &delta_p)) != 0
        || (r = duet_presign_get_point(&rd, &s_p, 0)) != 0
        || (r = duet_presign_get_point(&rd, &dl_p, 0)) != 0
        || (r = duet_zk_elog_parse(&rd, &ctx, &pel)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        r = duet_presign_blame(s, blame, r);
        goto out;
    }
    lst.l = peg->a1;
    lst.m = peg->a2;
    lst.x = peg->y;
    lst.y = dl_p;
    lst.h = b->big_gamma;
    if ((r = duet_presign_verdict(duet_zk_elog_verify(&ctx, &lst, &pel)))
        != 0)
    {
        if (r == DUET_ERR_PROOF_INVALID) {
            r = duet_presign_blame(s, blame, r);
        }
        goto out;
    }

    duet_scalar_add(&delta, &b->delta, &delta_p);
    if (PRESIGN_FAULT(s, DELTA_ZERO)) {
        duet_scalar_clear(&delta);
    }
    if (duet_scalar_is_zero(&delta)) {
        r = duet_presign_blame(s, blame, DUET_ERR_ZERO_SCALAR);
        goto out;
    }
    /* delta G = Delta and delta Y' = S (E5); no identification (5.2). */
    duet_point_add(&big_delta, &b->big_delta, &dl_p);
    duet_point_add(&big_s, &b->big_s, &s_p);
    if ((r = duet_point_mul_gen(&chk, &delta)) != 0) {
        goto out;
    }
    if (!duet_point_eq_var(&chk, &big_delta)) {
        r = duet_presign_blame(s, blame, DUET_ERR_UNATTRIBUTED);
        goto out;
    }
    duet_point_mul(&chk, &delta, &b->pubkey);
    if (!duet_point_eq_var(&chk, &big_s)) {
        r = duet_presign_blame(s, blame, DUET_ERR_UNATTRIBUTED);
        goto out;
    }

    if ((r = duet_scalar_inverse(&inv, &delta)) != 0) {
        goto out;
    }
    rec.level = s->level;
    memcpy(rec.sid, s->sid, s->sid_len);
    rec.sid_len = s->sid_len;
    rec.signers[0] = s->parties[0];
    rec.signers[1] = s->parties[1];
    rec.me = s->me;
    rec.consumed = 0;
    memcpy(rec.key_fp, b->key_fp, sizeof(rec.key_fp));
    rec.shift = b->shift;
    rec.pubkey = b->pubkey;
    rec.gamma = b->big_gamma;
    duet_point_mul(&rec.delta_t[b->pos], &inv, &b->big_delta);
    duet_point_mul(&rec.delta_t[pp], &inv, &dl_p);
    duet_point_mul(&rec.s_t[b->pos], &inv, &b->big_s);
    duet_point_mul(&rec.s_t[pp], &inv, &s_p);
    duet_scalar_mul(&rec.k_t, &b->k, &inv);
    duet_scalar_mul(&rec.chi_t, &b->chi, &inv);
    if ((r = duet_presig_rec_encode(&w, &rec)) != 0
        || (r = duet_buf_writer_error(&w)) != 0
        || (r = duet_session_finish(s, duet_buf_writer_ptr(&w),
            duet_buf_writer_len(&w))) != 0)
    {
        goto out;
    }
    duet_scalar_clear(&b->k);
    duet_scalar_clear(&b->chi);
    r = 0;

out:
    duet_buf_writer_free(&w);
    duet_zk_elog_proof_clear(&pel);
    duet_presig_rec_clear(&rec);
    duet_scalar_clear(&inv);
    return r;
}


static int
duet_presign_step(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    const struct duet_presign_body *b = s->body;

    if (b == NULL || !b->inited) {
        return DUET_ERR_BAD_STATE;
    }
    switch (s->round) {
    case 1:
        return duet_presign_step1(s, in, blame);
    case 2:
        return duet_presign_step2(s, in, blame);
    case DUET_PRESIGN_ROUNDS:
        return duet_presign_step3(s, in, blame);
    default:
        return DUET_ERR_BAD_STATE;
    }
}


const struct duet_proto_ops duet_presign_ops = {
    DUET_PROTO_PRESIGN,
    "presign",
    duet_presign_expect,
    duet_presign_ops_max_payload,
    duet_presign_step,
    sizeof(struct duet_presign_body),
    duet_presign_body_encode,
    duet_presign_body_parse,
    duet_presign_body_clear
};
