/*
 * aux_info.c -- aux-info generation (spec section 2.3; corrections C7, C8;
 * attacks 6.1, 6.2): each party's Paillier-Blum modulus N_i and
 * ring-Pedersen parameters R_i = (N^_i, s_i, t_i), proven well formed by
 * Pi^prm (broadcast), Pi^mod and Pi^fac (one per verifier).
 *
 * Rounds (inbound numbers, duet_aux.h):
 *   init   keys from the four primes, psi^_i = Pi^prm, rho_i, u_i;
 *          send V_i = H("duet.aux.commit", sid, i, D_i)          -> 1
 *   1      store V_j; send h_i = H("duet.aux.echo", sid, i, V_0..V_2) -> 2
 *   2      every h_j must be h(j); send D_i                       -> 3
 *   3      check every D_j (below); rho = XOR rho_j; send to each j
 *          Pi^mod(N_i) and Pi^fac(N_i; R_j), both bound to rho     -> 4
 *   4      verify Pi^mod(N_j) and Pi^fac(N_j; R_i); the aux blob
 * where D_i = {N_i, N^_i, s_i, t_i, psi^_i, rho_i, u_i}.
 *
 * Payloads (codec/buf):
 *   1, 2   32 raw bytes
 *   3      bn N, bn N^, bn s, bn t, Pi^prm (zk_prm.h), string rho,
 *          string u (each exactly kappa bytes)
 *   4      Pi^mod (zk_mod.h), then Pi^fac (zk_fac.h)
 *
 * Round 3 checks each peer j in ascending order, cheapest first, and the
 * first failure blames j: the payload parses; D_j opens V_j (hashed over
 * the DECODED values, spec 4.4); N_j passes duet_paillier_pk_set_var and
 * (N^_j, s_j, t_j) duet_rp_params_set_var (size window C7, odd, no factor
 * below 2^16, s and t units, not trivial); N_j != N^_j and neither equals
 * a modulus already accepted -- the own N_i, N^_i or a lower peer's (B4);
 * Pi^prm verifies with prover j.  Nothing is computed under any R_j
 * (Pi^fac commits with s_j, t_j) before every peer has passed all of
 * this: the round-4 proofs are made only after the loop (C8).
 *
 * Hazard (B4): two PEERS with one modulus cannot both be honest, but a
 * third party cannot tell which one copied (the copy must have been known
 * before round 1, e.g. from an earlier session); the later one in index
 * order is blamed.  The victim itself sees its own modulus and blames the
 * copier correctly.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "hash/hash.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "protocol/aux_info.h"
#include "protocol/protocols.h"
#include "protocol/session.h"
#include "protocol/share.h"
#include "transcript/transcript.h"
#include "zk/zk.h"
#include "zk/zk_fac.h"
#include "zk/zk_mod.h"
#include "zk/zk_prm.h"

#define DUET_AUX_COMMIT_TAG     "duet.aux.commit"
#define DUET_AUX_ECHO_TAG       "duet.aux.echo"

/* Field ids of the commitment and echo transcripts (the session's
   preamble uses 1..3). */
#define DUET_AUX_FIELD_N        16
#define DUET_AUX_FIELD_NH       17
#define DUET_AUX_FIELD_S        18
#define DUET_AUX_FIELD_T        19
#define DUET_AUX_FIELD_PRM_M    20
#define DUET_AUX_FIELD_PRM_A    21
#define DUET_AUX_FIELD_PRM_Z    22
#define DUET_AUX_FIELD_RHO      23
#define DUET_AUX_FIELD_U        24
#define DUET_AUX_FIELD_V        25

/* Largest kappa of any level, bytes. */
#define DUET_AUX_KAPPA_MAX      32

#define DUET_AUX_HASH_BYTES     DUET_SHA256_BYTES

/* Body flags (serialized). */
#define DUET_AUX_HAVE_OWN   0x1u    /* rounds 1-3: own decommitment held */
#define DUET_AUX_HAVE_PEERS 0x2u    /* round 4: rho and peers' keys held */

/*
 * A decommitment D = {N, N^, s, t, psi^, rho, u}: the own one (what V_me
 * commits to) or a peer's, parsed.  Public once sent; u hides it until
 * then.
 */
struct duet_aux_decommit {
    mpz_t n, nh, s, t;
    struct duet_zk_prm_proof prm;
    int has_prm;                    /* 0 only for a B3 test party */
    uint8_t rho[DUET_AUX_KAPPA_MAX];
    uint8_t u[DUET_AUX_KAPPA_MAX];
};

struct duet_aux_body {
    int inited;
    unsigned flags;                 /* DUET_AUX_HAVE_* */
    struct duet_paillier_sk sk;     /* SECRET: own N = p q */
    struct duet_rp_secret rp;       /* SECRET: own lambda, p^, q^ */
    struct duet_aux_decommit own;
    uint8_t v[DUET_N_PARTIES][DUET_AUX_HASH_BYTES]; /* V_j, own too */
    uint8_t rho[DUET_AUX_KAPPA_MAX];                /* joint rho */
    struct duet_paillier_pk pk[DUET_N_PARTIES];     /* peers' N_j */
    struct duet_rp_params rpp[DUET_N_PARTIES];      /* peers' R_j */
#ifdef DUET_TEST_HOOKS
    int test_mode;                  /* enum duet_aux_test_mode */
#endif
};


#ifdef DUET_TEST_HOOKS

static struct {
    int armed;
    int party;
    enum duet_aux_test_mode mode;
    mpz_t a, b;
    mpz_t n, nh, s, t;
    struct duet_zk_prm_proof prm;
    int inited;
} duet_aux_hook;

static unsigned long duet_aux_fac_count[DUET_N_PARTIES];

static void duet_aux_hook_apply(struct duet_session *s, int *mode);
static int duet_aux_hook_prm(struct duet_session *s, int mode);
static int duet_aux_hook_junk_mod(const struct duet_session *s,
    struct duet_zk_mod_proof *mod);
static int duet_aux_hook_fac_fits(const struct duet_session *s,
    const struct duet_zk_fac_proof *fac);

#endif


static struct duet_aux_body *
duet_aux_body_of(const struct duet_session *s)
{
    return s->body;
}


/* Bytes of the largest accepted modulus (N, N^) of the level. */
static size_t
duet_aux_mod_bytes(const struct duet_level *lv)
{
    return (lv->modulus_max_bits + 7) / 8;
}


static void
duet_aux_decommit_init(struct duet_aux_decommit *d)
{
    mpz_inits(d->n, d->nh, d->s, d->t, NULL);
    duet_zk_prm_proof_init(&d->prm);
    d->has_prm = 0;
    duet_memclear(d->rho, sizeof(d->rho));
    duet_memclear(d->u, sizeof(d->u));
}


static void
duet_aux_decommit_clear(struct duet_aux_decommit *d)
{
    mpz_clears(d->n, d->nh, d->s, d->t, NULL);
    duet_zk_prm_proof_clear(&d->prm);
    d->has_prm = 0;
    duet_memclear(d->rho, sizeof(d->rho));
    duet_memclear(d->u, sizeof(d->u));
}


/* Empty d for reuse. */
static void
duet_aux_decommit_reset(struct duet_aux_decommit *d)
{
    duet_aux_decommit_clear(d);
    duet_aux_decommit_init(d);
}


/*
 * V = H("duet.aux.commit", sid, party, D): every decoded field under its
 * own id.
 */
static int
duet_aux_commit_hash(const struct duet_session *s, int party,
    const struct duet_aux_decommit *d, uint8_t out[DUET_AUX_HASH_BYTES])
{
    struct duet_transcript t;
    size_t kappa = s->level->kappa_bytes;
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_session_transcript(s, &t, DUET_AUX_COMMIT_TAG, party))
        != 0)
    {
        goto out;
    }
    duet_transcript_absorb_bn(&t, DUET_AUX_FIELD_N, d->n);
    duet_transcript_absorb_bn(&t, DUET_AUX_FIELD_NH, d->nh);
    duet_transcript_absorb_bn(&t, DUET_AUX_FIELD_S, d->s);
    duet_transcript_absorb_bn(&t, DUET_AUX_FIELD_T, d->t);
    /* The proof's entry count first, so the list is self-delimiting. */
    duet_transcript_absorb_u64(&t, DUET_AUX_FIELD_PRM_M,
        d->has_prm ? d->prm.m : UINT64_MAX);
    if (d->has_prm) {
        for (i = 0; i < d->prm.m; i++) {
            duet_transcript_absorb_bn(&t, DUET_AUX_FIELD_PRM_A, d->prm.a[i]);
            duet_transcript_absorb_bn(&t, DUET_AUX_FIELD_PRM_Z, d->prm.z[i]);
        }
    }
    duet_transcript_absorb_bytes(&t, DUET_AUX_FIELD_RHO, d->rho, kappa);
    duet_transcript_absorb_bytes(&t, DUET_AUX_FIELD_U, d->u, kappa);
    r = duet_transcript_digest(&t, out);

out:
    duet_transcript_clear(&t);
    return r;
}


/* h(party) = H("duet.aux.echo", sid, party, V_0, V_1, V_2). */
static int
duet_aux_echo_hash(const struct duet_session *s, int party,
    uint8_t out[DUET_AUX_HASH_BYTES])
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    struct duet_transcript t;
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_session_transcript(s, &t, DUET_AUX_ECHO_TAG, party)) != 0) {
        goto out;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_transcript_absorb_bytes(&t, DUET_AUX_FIELD_V, b->v[j],
            DUET_AUX_HASH_BYTES);
    }
    r = duet_transcript_digest(&t, out);

out:
    duet_transcript_clear(&t);
    return r;
}


/* Append D's wire form (round 3). */
static int
duet_aux_decommit_encode(struct duet_buf_writer *w,
    const struct duet_session *s, const struct duet_aux_decommit *d)
{
    size_t kappa = s->level->kappa_bytes;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_bn_put(w, d->n)) != 0
        || (r = duet_bn_put(w, d->nh)) != 0
        || (r = duet_bn_put(w, d->s)) != 0
        || (r = duet_bn_put(w, d->t)) != 0)
    {
        return r;
    }
    if (d->has_prm && (r = duet_zk_prm_encode(w, &d->prm)) != 0) {
        return r;
    }
    if ((r = duet_buf_put_string(w, d->rho, kappa)) != 0
        || (r = duet_buf_put_string(w, d->u, kappa)) != 0)
    {
        return r;
    }
    return 0;
}


/* Read exactly kappa bytes as a string (rho, u). */
static int
duet_aux_get_kappa(struct duet_buf_reader *rd, uint8_t *out, size_t kappa)
{
    size_t len = 0;
    int r;

    if ((r = duet_buf_get_string(rd, out, DUET_AUX_KAPPA_MAX, &len,
            kappa)) != 0)
    {
        return r;
    }
    if (len != kappa) {
        duet_memclear(out, DUET_AUX_KAPPA_MAX);
        return DUET_ERR_PROTOCOL;
    }
    return 0;
}


/*
 * Parse D's wire form into d (reset first).  with_prm: always 1 for a
 * peer's message; 0 only where the body holds a B3 test party's own D.
 */
static int
duet_aux_decommit_parse(struct duet_buf_reader *rd,
    const struct duet_session *s, struct duet_aux_decommit *d, int with_prm)
{
    struct duet_zk_ctx ctx;
    size_t mb = duet_aux_mod_bytes(s->level);
    int r = DUET_ERR_INTERNAL;

    duet_aux_decommit_reset(d);
    /* The proof parser reads only the level from the context. */
    duet_session_zk_ctx(s, &ctx, s->me, 0, NULL, 0);
    if ((r = duet_bn_get(rd, d->n, mb)) != 0
        || (r = duet_bn_get(rd, d->nh, mb)) != 0
        || (r = duet_bn_get(rd, d->s, mb)) != 0
        || (r = duet_bn_get(rd, d->t, mb)) != 0)
    {
        return r;
    }
    if (with_prm) {
        if ((r = duet_zk_prm_parse(rd, &ctx, &d->prm)) != 0) {
            return r;
        }
        d->has_prm = 1;
    }
    if ((r = duet_aux_get_kappa(rd, d->rho, s->level->kappa_bytes)) != 0
        || (r = duet_aux_get_kappa(rd, d->u, s->level->kappa_bytes)) != 0)
    {
        return r;
    }
    return 0;
}


/* The payload ceilings, from the encodings above and the zk wire forms. */

static size_t
duet_aux_bn_wire(size_t bytes)
{
    return 4 + bytes;
}


static size_t
duet_aux_sbn_wire(size_t bytes)
{
    return 1 + 4 + bytes;
}


static size_t
duet_aux_round3_max(const struct duet_level *lv)
{
    size_t mb = duet_aux_mod_bytes(lv);

    return 4 * duet_aux_bn_wire(mb)
        + 2 + (size_t) lv->m * 2 * duet_aux_bn_wire(mb)
        + 2 * duet_aux_bn_wire(lv->kappa_bytes);
}


static size_t
duet_aux_round4_max(const struct duet_level *lv)
{
    size_t mb = duet_aux_mod_bytes(lv);
    unsigned eps = lv->ell + lv->epsilon, nb = lv->modulus_max_bits;
    size_t mod, fac;

    mod = 2 + duet_aux_bn_wire(mb)
        + (size_t) lv->m * (2 * duet_aux_bn_wire(mb) + 2);
    fac = 5 * duet_aux_bn_wire(mb)
        + 2 * duet_aux_sbn_wire((eps + (nb + 1) / 2 + 7) / 8)
        + 2 * duet_aux_sbn_wire((eps + nb + 7) / 8)
        + duet_aux_sbn_wire((eps + 2 * nb + 7) / 8);
    return mod + fac;
}


static unsigned
duet_aux_expect(const struct duet_session *s, unsigned round)
{
    (void) s;
    switch (round) {
    case 1:
    case 2:
    case 3:
        return DUET_EXPECT_BCAST;
    case 4:
        return DUET_EXPECT_P2P;
    default:
        return 0;
    }
}


static size_t
duet_aux_max_payload(const struct duet_session *s, unsigned round, int bcast)
{
    switch (round) {
    case 1:
    case 2:
        return bcast ? DUET_AUX_HASH_BYTES : 0;
    case 3:
        return bcast ? duet_aux_round3_max(s->level) : 0;
    case 4:
        return bcast ? 0 : duet_aux_round4_max(s->level);
    default:
        return 0;
    }
}


/*
 * The most an own message of round may hold: the receivers' ceiling.  A
 * test party with an oversized modulus sends anyway, so that the
 * receivers are the ones to refuse it.
 */
static size_t
duet_aux_send_max(const struct duet_session *s, unsigned round)
{
#ifdef DUET_TEST_HOOKS
    if (duet_aux_body_of(s)->test_mode != 0) {
        return DUET_BUF_MAX;
    }
#endif
    return duet_aux_max_payload(s, round, round != 4);
}


/* Codes that are this party's own failure, never a peer's. */
static int
duet_aux_is_local(int r)
{
    return r == DUET_ERR_NO_MEMORY || r == DUET_ERR_RANDOM
        || r == DUET_ERR_INTERNAL || r == DUET_ERR_INVALID_ARGUMENT;
}


/* Return r, blaming party j unless r is local. */
static int
duet_aux_blame(struct duet_session *s, struct duet_blame *blame, int j, int r)
{
    if (!duet_aux_is_local(r)) {
        duet_blame_set(blame, j, (int) s->round, r);
    }
    return r;
}


/* Body life. */

static void
duet_aux_body_setup(struct duet_aux_body *b)
{
    unsigned j;

    duet_paillier_sk_init(&b->sk);
    duet_rp_secret_init(&b->rp);
    duet_aux_decommit_init(&b->own);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_paillier_pk_init(&b->pk[j]);
        duet_rp_params_init(&b->rpp[j]);
    }
    b->inited = 1;
}


static void
duet_aux_body_clear(struct duet_session *s)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    unsigned j;

    if (b == NULL || !b->inited) {
        return;
    }
    duet_paillier_sk_clear(&b->sk);
    duet_rp_secret_clear(&b->rp);
    duet_aux_decommit_clear(&b->own);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_paillier_pk_clear(&b->pk[j]);
        duet_rp_params_clear(&b->rpp[j]);
    }
    duet_memclear(b, sizeof(*b));
}


/*
 * Rebuild the own ring-Pedersen secret from p^, q^, lambda, s, t (the
 * serialized form keeps lambda and t: drawing them again would change
 * the published parameters).  Every check of duet_rp_secret_from_primes
 * is repeated, and s = t^lambda (constant time in lambda).
 */
static int
duet_aux_rp_rebuild(struct duet_rp_secret *sec, const mpz_t p, const mpz_t q,
    const mpz_t lambda, const mpz_t s, const mpz_t t,
    const struct duet_level *lv)
{
    mpz_t n, chk, bound;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(n, chk, bound, NULL);
    if (duet_paillier_check_primes(p, q, lv, NULL) != 0) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    mpz_mul(n, p, q);
    if (duet_rp_params_set_var(&sec->pub, n, s, t, lv, NULL) != 0) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    mpz_set(sec->p, p);
    mpz_set(sec->q, q);
    mpz_sub_ui(chk, p, 1);
    mpz_sub_ui(bound, q, 1);
    mpz_mul(sec->phi, chk, bound);
    mpz_fdiv_q_2exp(bound, sec->phi, 2);
    if (mpz_sgn(lambda) < 0 || duet_bn_cmpabs_sec(lambda, bound) >= 0) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    mpz_set(sec->lambda, lambda);
    if ((r = duet_bn_powm_sec(chk, t, lambda, lv->modulus_max_bits - 2,
            n)) != 0)
    {
        goto out;
    }
    /* chk is s if the blob is sound: public. */
    if (mpz_cmp(chk, s) != 0) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    r = 0;

out:
    mpz_clears(n, chk, bound, NULL);
    return r;
}


/*
 * Body wire form:
 *   u8 flags, bn p, bn q, bn p^, bn q^, bn lambda, bn s, bn t (SECRET
 *   primes and lambda), V_0..V_2 (32 bytes each), then
 *   flags DUET_AUX_HAVE_OWN (rounds 1-3): u8 has_prm, the own D in the
 *       round-3 form (with Pi^prm iff has_prm);
 *   flags DUET_AUX_HAVE_PEERS (round 4): rho (kappa bytes), then per
 *       peer j in index order bn N_j, bn N^_j, bn s_j, bn t_j.
 * Parsing rebuilds the keys with every check of their constructors.
 */
static int
duet_aux_body_encode(struct duet_buf_writer *w, const struct duet_session *s)
{
    const struct duet_aux_body *b = duet_aux_body_of(s);
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    duet_buf_put_u8(w, (uint8_t) b->flags);
    duet_bn_put(w, b->sk.p);
    duet_bn_put(w, b->sk.q);
    duet_bn_put(w, b->rp.p);
    duet_bn_put(w, b->rp.q);
    duet_bn_put(w, b->rp.lambda);
    duet_bn_put(w, b->rp.pub.s);
    duet_bn_put(w, b->rp.pub.t);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_buf_put_bytes(w, b->v[j], DUET_AUX_HASH_BYTES);
    }
    if (b->flags & DUET_AUX_HAVE_OWN) {
        duet_buf_put_u8(w, (uint8_t) b->own.has_prm);
        if ((r = duet_aux_decommit_encode(w, s, &b->own)) != 0) {
            return r;
        }
    }
    if (b->flags & DUET_AUX_HAVE_PEERS) {
        duet_buf_put_bytes(w, b->rho, s->level->kappa_bytes);
        for (j = 0; j < DUET_N_PARTIES; j++) {
            if (j == s->me) {
                continue;
            }
            duet_bn_put(w, b->pk[j].n);
            duet_bn_put(w, b->rpp[j].n);
            duet_bn_put(w, b->rpp[j].s);
            duet_bn_put(w, b->rpp[j].t);
        }
    }
    return duet_buf_writer_error(w);
}


static int
duet_aux_body_parse(struct duet_buf_reader *rd, struct duet_session *s)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    const struct duet_level *lv = s->level;
    mpz_t p, q, ph, qh, lambda, rs, rt, n, nh, ps, pt;
    size_t pb = (lv->prime_bits + 7) / 8, mb = duet_aux_mod_bytes(lv);
    uint8_t flags = 0, has_prm = 0;
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(p, q, ph, qh, lambda, rs, rt, n, nh, ps, pt, NULL);
    duet_aux_body_setup(b);

    duet_buf_get_u8(rd, &flags);
    duet_bn_get(rd, p, pb);
    duet_bn_get(rd, q, pb);
    duet_bn_get(rd, ph, pb);
    duet_bn_get(rd, qh, pb);
    duet_bn_get(rd, lambda, mb);
    duet_bn_get(rd, rs, mb);
    duet_bn_get(rd, rt, mb);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_buf_get_bytes(rd, b->v[j], DUET_AUX_HASH_BYTES);
    }
    if ((r = duet_buf_reader_error(rd)) != 0) {
        goto out;
    }
    /* The flags follow from the round the session waits for. */
    if (flags != (s->round == 4 ? DUET_AUX_HAVE_PEERS : DUET_AUX_HAVE_OWN)
        || s->round < 1 || s->round > 4)
    {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    b->flags = flags;
    if ((r = duet_paillier_sk_from_primes(&b->sk, p, q, lv, NULL)) != 0
        || (r = duet_aux_rp_rebuild(&b->rp, ph, qh, lambda, rs, rt, lv))
            != 0
        || (r = duet_aux_check_own_keys(&b->sk, &b->rp, NULL)) != 0)
    {
        if (r != DUET_ERR_NO_MEMORY) {
            r = DUET_ERR_BAD_ENCODING;
        }
        goto out;
    }

    if (flags & DUET_AUX_HAVE_OWN) {
        if ((r = duet_buf_get_u8(rd, &has_prm)) != 0) {
            goto out;
        }
        if (has_prm > 1) {
            r = DUET_ERR_NON_CANONICAL;
            goto out;
        }
        if ((r = duet_aux_decommit_parse(rd, s, &b->own, has_prm)) != 0) {
            goto out;
        }
    }
    if (flags & DUET_AUX_HAVE_PEERS) {
        if ((r = duet_buf_get_bytes(rd, b->rho, lv->kappa_bytes)) != 0) {
            goto out;
        }
        for (j = 0; j < DUET_N_PARTIES; j++) {
            if (j == s->me) {
                continue;
            }
            duet_bn_get(rd, n, mb);
            duet_bn_get(rd, nh, mb);
            duet_bn_get(rd, ps, mb);
            if ((r = duet_bn_get(rd, pt, mb)) != 0) {
                goto out;
            }
            /* Accepted in round 3; the checks are cheap to repeat. */
            if (duet_paillier_pk_set_var(&b->pk[j], n, lv, NULL) != 0
                || duet_rp_params_set_var(&b->rpp[j], nh, ps, pt, lv,
                    NULL) != 0)
            {
                r = DUET_ERR_BAD_ENCODING;
                goto out;
            }
        }
    }
    r = 0;

out:
    mpz_clears(p, q, ph, qh, lambda, rs, rt, n, nh, ps, pt, NULL);
    return r;
}


/* Init: keys, Pi^prm, rho_i, u_i, V_i. */

int
duet_aux_init(struct duet_session *s, const void *arg)
{
    const struct duet_aux_args *args = arg;
    struct duet_aux_body *b = duet_aux_body_of(s);
    const struct duet_level *lv = s->level;
    struct duet_zk_prm_stmt stmt;
    struct duet_zk_prm_wit wit;
    struct duet_zk_ctx ctx;
    int mode = 0;
    int r = DUET_ERR_INTERNAL;

    if (lv->kappa_bytes > DUET_AUX_KAPPA_MAX
        || s->nparties != DUET_N_PARTIES)
    {
        return DUET_ERR_INTERNAL;
    }
    duet_aux_body_setup(b);
    /* The primes were checked by duet_aux_start; build and check again. */
    if ((r = duet_paillier_sk_from_primes(&b->sk, args->primes[0],
            args->primes[1], lv, NULL)) != 0
        || (r = duet_rp_secret_from_primes(&b->rp, args->primes[2],
            args->primes[3], lv, NULL)) != 0)
    {
        goto out;
    }
#ifdef DUET_TEST_HOOKS
    duet_aux_hook_apply(s, &mode);
    b->test_mode = mode;
#endif
    /* C8: no shared prime, N != N^, one level. */
    if ((r = duet_aux_check_own_keys(&b->sk, &b->rp, NULL)) != 0) {
        goto out;
    }

    mpz_set(b->own.n, b->sk.pk.n);
    mpz_set(b->own.nh, b->rp.pub.n);
    mpz_set(b->own.s, b->rp.pub.s);
    mpz_set(b->own.t, b->rp.pub.t);
    if (mode == 0) {
        stmt.n = b->rp.pub.n;
        stmt.s = b->rp.pub.s;
        stmt.t = b->rp.pub.t;
        wit.lambda = b->rp.lambda;
        wit.p = b->rp.p;
        wit.q = b->rp.q;
        duet_session_zk_ctx(s, &ctx, s->me, 0, NULL, 0);
        if ((r = duet_zk_prm_prove(&ctx, &b->own.prm, &stmt, &wit)) != 0) {
            goto out;
        }
        b->own.has_prm = 1;
    }
#ifdef DUET_TEST_HOOKS
    else if ((r = duet_aux_hook_prm(s, mode)) != 0) {
        goto out;
    }
#endif
    if ((r = duet_random_bytes(b->own.rho, lv->kappa_bytes)) != 0
        || (r = duet_random_bytes(b->own.u, lv->kappa_bytes)) != 0
        || (r = duet_aux_commit_hash(s, s->me, &b->own, b->v[s->me])) != 0)
    {
        goto out;
    }
    b->flags = DUET_AUX_HAVE_OWN;
    r = duet_session_send(s, DUET_BROADCAST, b->v[s->me], DUET_AUX_HASH_BYTES);

out:
    return r;
}


/* Round 1: store the commitments, send the echo hash. */
static int
duet_aux_round1(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    struct duet_buf_reader rd;
    uint8_t h[DUET_AUX_HASH_BYTES];
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        duet_buf_get_bytes(&rd, b->v[j], DUET_AUX_HASH_BYTES);
        if ((r = duet_buf_reader_end(&rd)) != 0) {
            return duet_aux_blame(s, blame, (int) j, r);
        }
    }
    if ((r = duet_aux_echo_hash(s, s->me, h)) != 0) {
        return r;
    }
    return duet_session_send(s, DUET_BROADCAST, h, sizeof(h));
}


/* Round 2: every echo must be the hash over the commitments we hold. */
static int
duet_aux_round2(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    uint8_t h[DUET_AUX_HASH_BYTES], want[DUET_AUX_HASH_BYTES];
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        duet_buf_get_bytes(&rd, h, sizeof(h));
        if ((r = duet_buf_reader_end(&rd)) != 0) {
            return duet_aux_blame(s, blame, (int) j, r);
        }
        if ((r = duet_aux_echo_hash(s, (int) j, want)) != 0) {
            return r;
        }
        if (memcmp(h, want, sizeof(h)) != 0) {
            return duet_aux_blame(s, blame, (int) j, DUET_ERR_ECHO_MISMATCH);
        }
    }
    duet_buf_writer_init_alloc(&w, duet_aux_send_max(s, 3));
    if ((r = duet_aux_decommit_encode(&w, s, &b->own)) != 0) {
        duet_buf_writer_free(&w);
        return r;
    }
    return duet_session_send_writer(s, DUET_BROADCAST, &w);
}


/* Returns: 1 if x equals one of the first count moduli in set. */
static int
duet_aux_mod_seen(const mpz_t x, mpz_srcptr const *set, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        if (mpz_cmp(x, set[i]) == 0) {
            return 1;
        }
    }
    return 0;
}


/*
 * Round 3, one peer: the checks listed at the top, in that order.  On
 * success pk[j] and rpp[j] hold j's keys and d its decommitment; seen
 * gains N_j and N^_j.
 */
static int
duet_aux_check_peer(struct duet_session *s, unsigned j,
    const struct duet_in *in, struct duet_aux_decommit *d, mpz_srcptr *seen,
    size_t *nseen)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    struct duet_buf_reader rd;
    struct duet_zk_prm_stmt stmt;
    struct duet_zk_ctx ctx;
    uint8_t v[DUET_AUX_HASH_BYTES];
    int r = DUET_ERR_INTERNAL;

    duet_buf_reader_init(&rd, in->payload, in->len);
    if ((r = duet_aux_decommit_parse(&rd, s, d, 1)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        return r;
    }
    if ((r = duet_aux_commit_hash(s, (int) j, d, v)) != 0) {
        return r;
    }
    if (memcmp(v, b->v[j], sizeof(v)) != 0) {
        return DUET_ERR_COMMITMENT;
    }
    /* C7 and the small-factor sieve, before any work on the moduli. */
    if ((r = duet_paillier_pk_set_var(&b->pk[j], d->n, s->level, NULL))
        != 0
        || (r = duet_rp_params_set_var(&b->rpp[j], d->nh, d->s, d->t,
            s->level, NULL)) != 0)
    {
        return r;
    }
    /* B4: every modulus of the session is distinct. */
    if (mpz_cmp(d->n, d->nh) == 0 || duet_aux_mod_seen(d->n, seen, *nseen)
        || duet_aux_mod_seen(d->nh, seen, *nseen))
    {
        return DUET_ERR_PROTOCOL;
    }
    stmt.n = d->nh;
    stmt.s = d->s;
    stmt.t = d->t;
    duet_session_zk_ctx(s, &ctx, (int) j, 0, NULL, 0);
    if ((r = duet_zk_prm_verify(&ctx, &stmt, &d->prm)) != 0) {
        return r;
    }
    seen[(*nseen)++] = b->pk[j].n;
    seen[(*nseen)++] = b->rpp[j].n;
    return 0;
}


/*
 * Round 4's message to peer j: Pi^mod on the own N (made once, in mod)
 * and Pi^fac on the own N against j's R_j.
 */
static int
duet_aux_send_proofs(struct duet_session *s, unsigned j,
    const struct duet_zk_mod_proof *mod, struct duet_zk_fac_proof *fac)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    struct duet_zk_fac_stmt stmt;
    struct duet_zk_fac_wit wit;
    struct duet_zk_ctx ctx;
    struct duet_buf_writer w;
    int r = DUET_ERR_INTERNAL;

    stmt.n = b->sk.pk.n;
    stmt.rp = &b->rpp[j];
    wit.p = b->sk.p;
    wit.q = b->sk.q;
    duet_session_zk_ctx(s, &ctx, s->me, 0, b->rho, s->level->kappa_bytes);
    r = duet_zk_fac_prove(&ctx, fac, &stmt, &wit);
#ifdef DUET_TEST_HOOKS
    duet_aux_fac_count[s->me]++;
    if (b->test_mode != 0
        && (r == DUET_ERR_INVALID_ARGUMENT
            || (r == 0 && !duet_aux_hook_fac_fits(s, fac))))
    {
        /* A test party's bad witness, or a small factor that makes z2
           too long for any receiver: send what parses, the empty proof
           (every value 0). */
        duet_zk_fac_proof_clear(fac);
        duet_zk_fac_proof_init(fac);
        r = 0;
    }
#endif
    if (r != 0) {
        return r;
    }
    duet_buf_writer_init_alloc(&w, duet_aux_send_max(s, 4));
    r = duet_zk_mod_encode(&w, mod);
    if (r == 0) {
        r = duet_zk_fac_encode(&w, fac);
    }
    if (r != 0) {
        duet_buf_writer_free(&w);
        return r;
    }
    return duet_session_send_writer(s, (int) j, &w);
}


/* Round 3: check every decommitment, then prove N_i to each peer. */
static int
duet_aux_round3(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    struct duet_aux_decommit d;
    struct duet_zk_mod_proof mod;
    struct duet_zk_fac_proof fac;
    struct duet_zk_mod_stmt mstmt;
    struct duet_zk_mod_wit mwit;
    struct duet_zk_ctx ctx;
    mpz_srcptr seen[2 * DUET_N_PARTIES];
    size_t nseen = 0, k, kappa = s->level->kappa_bytes;
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    duet_aux_decommit_init(&d);
    duet_zk_mod_proof_init(&mod);
    duet_zk_fac_proof_init(&fac);

    seen[nseen++] = b->sk.pk.n;
    seen[nseen++] = b->rp.pub.n;
    memcpy(b->rho, b->own.rho, kappa);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        if ((r = duet_aux_check_peer(s, j, in->bcast[j], &d, seen,
                &nseen)) != 0)
        {
            r = duet_aux_blame(s, blame, (int) j, r);
            goto out;
        }
        for (k = 0; k < kappa; k++) {
            b->rho[k] ^= d.rho[k];
        }
    }
    /* Every peer's Pi^prm has verified: R_j may now be used (C8). */
    b->flags = DUET_AUX_HAVE_PEERS;
    duet_aux_decommit_reset(&b->own);

    mstmt.n = b->sk.pk.n;
    mwit.p = b->sk.p;
    mwit.q = b->sk.q;
    duet_session_zk_ctx(s, &ctx, s->me, 0, b->rho, kappa);
    r = duet_zk_mod_prove(&ctx, &mod, &mstmt, &mwit);
#ifdef DUET_TEST_HOOKS
    if (r == DUET_ERR_INVALID_ARGUMENT && b->test_mode != 0) {
        /* The prover refuses a bad witness: send a well-formed fake. */
        r = duet_aux_hook_junk_mod(s, &mod);
    }
#endif
    if (r != 0) {
        goto out;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        if ((r = duet_aux_send_proofs(s, j, &mod, &fac)) != 0) {
            goto out;
        }
    }
    r = 0;

out:
    duet_aux_decommit_clear(&d);
    duet_zk_mod_proof_clear(&mod);
    duet_zk_fac_proof_clear(&fac);
    return r;
}


/* Round 4, one peer: Pi^mod on N_j, Pi^fac on N_j against the own R_i. */
static int
duet_aux_check_proofs(struct duet_session *s, unsigned j,
    const struct duet_in *in, struct duet_zk_mod_proof *mod,
    struct duet_zk_fac_proof *fac)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    struct duet_buf_reader rd;
    struct duet_zk_mod_stmt mstmt;
    struct duet_zk_fac_stmt fstmt;
    struct duet_zk_ctx ctx;
    int r = DUET_ERR_INTERNAL;

    duet_session_zk_ctx(s, &ctx, (int) j, 0, b->rho, s->level->kappa_bytes);
    duet_buf_reader_init(&rd, in->payload, in->len);
    if ((r = duet_zk_mod_parse(&rd, &ctx, mod)) != 0
        || (r = duet_zk_fac_parse(&rd, &ctx, fac)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        return r;
    }
    mstmt.n = b->pk[j].n;
    fstmt.n = b->pk[j].n;
    fstmt.rp = &b->rp.pub;
    if ((r = duet_zk_mod_verify(&ctx, &mstmt, mod)) != 0
        || (r = duet_zk_fac_verify(&ctx, &fstmt, fac)) != 0)
    {
        return r;
    }
    return 0;
}


/* The result: own secret key, every N_j and R_j. */
static int
duet_aux_finish(struct duet_session *s)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    const struct duet_level *lv = s->level;
    struct duet_aux aux;
    struct duet_buf_writer w;
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    duet_aux_data_init(&aux);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    aux.level = lv;
    aux.index = s->me;
    if ((r = duet_paillier_sk_from_primes(&aux.sk, b->sk.p, b->sk.q, lv,
            NULL)) != 0)
    {
        goto out;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            r = duet_paillier_pk_set_var(&aux.pk[j], b->sk.pk.n, lv, NULL);
            if (r == 0) {
                r = duet_rp_params_set_var(&aux.rp[j], b->rp.pub.n,
                    b->rp.pub.s, b->rp.pub.t, lv, NULL);
            }
        } else {
            r = duet_paillier_pk_set_var(&aux.pk[j], b->pk[j].n, lv, NULL);
            if (r == 0) {
                r = duet_rp_params_set_var(&aux.rp[j], b->rpp[j].n,
                    b->rpp[j].s, b->rpp[j].t, lv, NULL);
            }
        }
        if (r != 0) {
            /* Everything was accepted before: a bug. */
            r = DUET_ERR_INTERNAL;
            goto out;
        }
    }
    if ((r = duet_aux_encode(&w, &aux)) != 0
        || (r = duet_buf_writer_error(&w)) != 0)
    {
        goto out;
    }
    r = duet_session_finish(s, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w));

out:
    duet_buf_writer_free(&w);
    duet_aux_data_clear(&aux);
    return r;
}


/* Round 4: verify every peer's proofs, then the aux blob. */
static int
duet_aux_round4(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_zk_mod_proof mod;
    struct duet_zk_fac_proof fac;
    unsigned j;
    int r = DUET_ERR_INTERNAL;

    duet_zk_mod_proof_init(&mod);
    duet_zk_fac_proof_init(&fac);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        if ((r = duet_aux_check_proofs(s, j, in->p2p[j], &mod, &fac)) != 0) {
            r = duet_aux_blame(s, blame, (int) j, r);
            goto out;
        }
    }
    r = duet_aux_finish(s);

out:
    duet_zk_mod_proof_clear(&mod);
    duet_zk_fac_proof_clear(&fac);
    return r;
}


static int
duet_aux_step(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    unsigned want;

    /* What the body must hold when the round arrives. */
    want = s->round == 4 ? DUET_AUX_HAVE_PEERS : DUET_AUX_HAVE_OWN;
    if (s->round < 1 || s->round > 4 || !b->inited || b->flags != want) {
        return DUET_ERR_INTERNAL;
    }
    switch (s->round) {
    case 1:
        return duet_aux_round1(s, in, blame);
    case 2:
        return duet_aux_round2(s, in, blame);
    case 3:
        return duet_aux_round3(s, in, blame);
    default:
        return duet_aux_round4(s, in, blame);
    }
}


const struct duet_proto_ops duet_aux_ops = {
    DUET_PROTO_AUX,
    "aux",
    duet_aux_expect,
    duet_aux_max_payload,
    duet_aux_step,
    sizeof(struct duet_aux_body),
    duet_aux_body_encode,
    duet_aux_body_parse,
    duet_aux_body_clear
};


#ifdef DUET_TEST_HOOKS

/* The test hooks (aux_info.h).  Variable time throughout: test only. */

static void
duet_aux_hook_reset(void)
{
    if (!duet_aux_hook.inited) {
        mpz_inits(duet_aux_hook.a, duet_aux_hook.b, duet_aux_hook.n,
            duet_aux_hook.nh, duet_aux_hook.s, duet_aux_hook.t, NULL);
        duet_zk_prm_proof_init(&duet_aux_hook.prm);
        duet_aux_hook.inited = 1;
    }
    duet_aux_hook.armed = 0;
    duet_aux_hook.party = -1;
    duet_aux_hook.mode = DUET_AUX_TEST_OFF;
}


int
duet_aux_test_arm(int party, enum duet_aux_test_mode mode, mpz_srcptr a,
    mpz_srcptr b)
{
    duet_aux_hook_reset();
    if (party < 0 || party >= DUET_N_PARTIES || mode == DUET_AUX_TEST_OFF
        || mode == DUET_AUX_TEST_COPY
        || ((mode == DUET_AUX_TEST_PAILLIER
                || mode == DUET_AUX_TEST_RP_FORGE)
            && (a == NULL || b == NULL)))
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if (a != NULL) {
        mpz_set(duet_aux_hook.a, a);
    }
    if (b != NULL) {
        mpz_set(duet_aux_hook.b, b);
    }
    duet_aux_hook.party = party;
    duet_aux_hook.mode = mode;
    duet_aux_hook.armed = 1;
    return 0;
}


int
duet_aux_test_arm_copy(int party, const struct duet_session *victim)
{
    const struct duet_aux_body *vb;
    unsigned i;

    duet_aux_hook_reset();
    if (party < 0 || party >= DUET_N_PARTIES || victim == NULL
        || victim->ops != &duet_aux_ops || victim->body == NULL)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    vb = victim->body;
    if (!vb->inited || vb->flags != DUET_AUX_HAVE_OWN || !vb->own.has_prm) {
        return DUET_ERR_BAD_STATE;
    }
    mpz_set(duet_aux_hook.n, vb->own.n);
    mpz_set(duet_aux_hook.nh, vb->own.nh);
    mpz_set(duet_aux_hook.s, vb->own.s);
    mpz_set(duet_aux_hook.t, vb->own.t);
    duet_aux_hook.prm.m = vb->own.prm.m;
    for (i = 0; i < vb->own.prm.m; i++) {
        mpz_set(duet_aux_hook.prm.a[i], vb->own.prm.a[i]);
        mpz_set(duet_aux_hook.prm.z[i], vb->own.prm.z[i]);
    }
    duet_aux_hook.party = party;
    duet_aux_hook.mode = DUET_AUX_TEST_COPY;
    duet_aux_hook.armed = 1;
    return 0;
}


void
duet_aux_test_disarm(void)
{
    duet_aux_hook_reset();
}


unsigned long
duet_aux_test_fac_count(int party)
{
    return party >= 0 && party < DUET_N_PARTIES
        ? duet_aux_fac_count[party] : 0;
}


/*
 * In init, after the honest keys are built: take the hook if it is for
 * this party.  PAILLIER replaces the Paillier key by the hook's factors
 * (only n, p, q are set: all the provers read).
 */
static void
duet_aux_hook_apply(struct duet_session *s, int *mode)
{
    struct duet_aux_body *b = duet_aux_body_of(s);

    *mode = 0;
    if (!duet_aux_hook.armed || duet_aux_hook.party != s->me) {
        return;
    }
    *mode = (int) duet_aux_hook.mode;
    duet_aux_hook.armed = 0;
    if (duet_aux_hook.mode == DUET_AUX_TEST_PAILLIER) {
        duet_paillier_sk_clear(&b->sk);
        duet_paillier_sk_init(&b->sk);
        mpz_set(b->sk.p, duet_aux_hook.a);
        mpz_set(b->sk.q, duet_aux_hook.b);
        mpz_mul(b->sk.pk.n, duet_aux_hook.a, duet_aux_hook.b);
        b->sk.pk.n_bits = (unsigned) mpz_sizeinbase(b->sk.pk.n, 2);
        b->sk.pk.level = s->level;
        b->sk.prime_bits = s->level->prime_bits;
    }
}


/*
 * A forged Pi^prm for (N^, s, t) without lambda: repetition i guesses
 * its challenge bit g_i and sends A_i = t^z_i s^-g_i, which verifies
 * exactly when e_i = g_i.
 */
static int
duet_aux_hook_forge_prm(const struct duet_level *lv,
    struct duet_zk_prm_proof *pf, const mpz_t n, const mpz_t s, const mpz_t t)
{
    mpz_t sinv, x;
    uint8_t g[DUET_ZK_PRM_M_MAX / 8];
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(sinv, x, NULL);
    if ((r = duet_random_bytes(g, sizeof(g))) != 0) {
        goto out;
    }
    if (mpz_invert(sinv, s, n) == 0) {
        mpz_set_ui(sinv, 1);
    }
    for (i = 0; i < lv->m; i++) {
        if ((r = duet_bn_random_below(pf->z[i], n)) != 0) {
            goto out;
        }
        mpz_powm(pf->a[i], t, pf->z[i], n);
        if ((g[i / 8] >> (i % 8)) & 1) {
            mpz_mul(x, pf->a[i], sinv);
            mpz_mod(pf->a[i], x, n);
        }
    }
    pf->m = lv->m;
    r = 0;

out:
    mpz_clears(sinv, x, NULL);
    return r;
}


/*
 * B2: publish (s', t') = (t, s), where s = t^lambda, so t' = s'^lambda,
 * with a true proof of t' in <s'> under the published statement:
 * A_i = s'^alpha_i, z_i = alpha_i + e_i lambda mod phi^.  The verifier
 * checks t'^z_i = A_i s'^e_i instead and refuses.
 */
static int
duet_aux_hook_swap_prm(struct duet_session *s)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    const struct duet_level *lv = s->level;
    struct duet_zk_prm_stmt stmt;
    struct duet_zk_ctx ctx;
    uint8_t bits[DUET_ZK_PRM_M_MAX / 8];
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    mpz_set(b->own.s, b->rp.pub.t);
    mpz_set(b->own.t, b->rp.pub.s);
    for (i = 0; i < lv->m; i++) {
        if ((r = duet_bn_random_below(b->own.prm.z[i], b->rp.phi)) != 0) {
            return r;
        }
        mpz_powm(b->own.prm.a[i], b->own.s, b->own.prm.z[i], b->own.nh);
    }
    b->own.prm.m = lv->m;
    stmt.n = b->own.nh;
    stmt.s = b->own.s;
    stmt.t = b->own.t;
    duet_session_zk_ctx(s, &ctx, s->me, 0, NULL, 0);
    if ((r = duet_zk_prm_test_challenge(&ctx, &stmt, &b->own.prm, bits))
        != 0)
    {
        return r;
    }
    for (i = 0; i < lv->m; i++) {
        if ((bits[i / 8] >> (i % 8)) & 1) {
            mpz_add(b->own.prm.z[i], b->own.prm.z[i], b->rp.lambda);
            mpz_mod(b->own.prm.z[i], b->own.prm.z[i], b->rp.phi);
        }
    }
    return 0;
}


/*
 * A well-formed Pi^mod for the own N that the prover would not make: w a
 * Jacobi -1 unit, random units x_i, z_i, a_i = b_i = 0.  It parses and
 * fails the verifier's equations.
 */
static int
duet_aux_hook_junk_mod(const struct duet_session *s,
    struct duet_zk_mod_proof *mod)
{
    const struct duet_aux_body *b = duet_aux_body_of(s);
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    do {
        if ((r = duet_bn_random_unit(mod->w, b->sk.pk.n)) != 0) {
            return r;
        }
    } while (mpz_jacobi(mod->w, b->sk.pk.n) != -1);
    for (i = 0; i < s->level->m; i++) {
        if ((r = duet_bn_random_unit(mod->x[i], b->sk.pk.n)) != 0
            || (r = duet_bn_random_unit(mod->z[i], b->sk.pk.n)) != 0)
        {
            return r;
        }
        mod->a[i] = 0;
        mod->b[i] = 0;
    }
    mod->m = s->level->m;
    return 0;
}


/* Returns: 1 if a receiver's parser takes fac (every field within its
   limit). */
static int
duet_aux_hook_fac_fits(const struct duet_session *s,
    const struct duet_zk_fac_proof *fac)
{
    struct duet_zk_fac_proof back;
    struct duet_buf_writer w;
    struct duet_buf_reader rd;
    struct duet_zk_ctx ctx;
    int fits;

    duet_zk_fac_proof_init(&back);
    duet_session_zk_ctx(s, &ctx, s->me, 0, NULL, 0);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    fits = duet_zk_fac_encode(&w, fac) == 0;
    if (fits) {
        duet_buf_reader_init(&rd, duet_buf_writer_ptr(&w),
            duet_buf_writer_len(&w));
        fits = duet_zk_fac_parse(&rd, &ctx, &back) == 0
            && duet_buf_reader_end(&rd) == 0;
    }
    duet_buf_writer_free(&w);
    duet_zk_fac_proof_clear(&back);
    return fits;
}


/* In init: the published values and Pi^prm of a misbehaving party. */
static int
duet_aux_hook_prm(struct duet_session *s, int mode)
{
    struct duet_aux_body *b = duet_aux_body_of(s);
    const struct duet_level *lv = s->level;
    struct duet_zk_prm_stmt stmt;
    struct duet_zk_prm_wit wit;
    struct duet_zk_ctx ctx;
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    switch (mode) {
    case DUET_AUX_TEST_PAILLIER:
    case DUET_AUX_TEST_NO_PRM:
        stmt.n = b->rp.pub.n;
        stmt.s = b->rp.pub.s;
        stmt.t = b->rp.pub.t;
        wit.lambda = b->rp.lambda;
        wit.p = b->rp.p;
        wit.q = b->rp.q;
        duet_session_zk_ctx(s, &ctx, s->me, 0, NULL, 0);
        if ((r = duet_zk_prm_prove(&ctx, &b->own.prm, &stmt, &wit)) != 0) {
            return r;
        }
        b->own.has_prm = mode != DUET_AUX_TEST_NO_PRM;
        return 0;
    case DUET_AUX_TEST_RP_FORGE:
        mpz_set(b->own.s, duet_aux_hook.a);
        mpz_set(b->own.t, duet_aux_hook.b);
        b->own.has_prm = 1;
        return duet_aux_hook_forge_prm(lv, &b->own.prm, b->own.nh, b->own.s,
            b->own.t);
    case DUET_AUX_TEST_RP_SWAP:
        b->own.has_prm = 1;
        return duet_aux_hook_swap_prm(s);
    case DUET_AUX_TEST_COPY:
        mpz_set(b->own.n, duet_aux_hook.n);
        mpz_set(b->own.nh, duet_aux_hook.nh);
        mpz_set(b->own.s, duet_aux_hook.s);
        mpz_set(b->own.t, duet_aux_hook.t);
        b->own.prm.m = duet_aux_hook.prm.m;
        for (i = 0; i < duet_aux_hook.prm.m; i++) {
            mpz_set(b->own.prm.a[i], duet_aux_hook.prm.a[i]);
            mpz_set(b->own.prm.z[i], duet_aux_hook.prm.z[i]);
        }
        b->own.has_prm = 1;
        return 0;
    case DUET_AUX_TEST_NH_IS_N:
        /* t = (t mod N)^2, s = t^3 mod N: units of N, not trivial. */
        mpz_set(b->own.nh, b->own.n);
        mpz_powm_ui(b->own.t, b->rp.pub.t, 2, b->own.n);
        mpz_powm_ui(b->own.s, b->own.t, 3, b->own.n);
        b->own.has_prm = 1;
        return duet_aux_hook_forge_prm(lv, &b->own.prm, b->own.nh, b->own.s,
            b->own.t);
    default:
        return DUET_ERR_INTERNAL;
    }
}

#endif /* DUET_TEST_HOOKS */
