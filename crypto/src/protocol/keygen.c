/*
 * keygen.c -- threshold key generation, 2-of-3 with Feldman VSS (spec
 * section 1), as a session (session.h).  Wire formats: keygen.h.
 *
 *   init     f_i(x) = s_i0 + s_i1 x, S_i = (s_i0 G, s_i1 G), rid_i, u_i,
 *            Schnorr nonce A_i; send V_i = H(sid, i, n, t, rid_i, S_i,
 *            A_i, u_i).
 *   round 1  store every V_j; send the echo h_i = H(sid, V_0, V_1, V_2).
 *   round 2  every h_j must equal the echo of j's view, which is ours
 *            (ECHO_MISMATCH, blame j); send the decommitment and, to
 *            each peer j, sigma_ij = f_i(j + 1).
 *   round 3  per peer j: the decommitment opens V_j (COMMITMENT), |S_j| =
 *            t (FELDMAN: attack D1), sigma_ji G = S_j0 + (i+1) S_j1
 *            (FELDMAN: D2).  Then rid = XOR rid_j, Y = sum S_j0, X_k =
 *            sum_j (S_j0 + (k+1) S_j1), x_i = sum_j sigma_ji; send the
 *            Schnorr response z_i for X_i under A_i, bound to rid.
 *   round 4  verify every peer's Schnorr proof (PROOF_INVALID) and finish
 *            with the key-share blob (epoch 0).
 *
 * Evaluation points are I(i) = i + 1 for the keygen index i, never taken
 * from the wire (attack D3).  Wrong-length Feldman vectors are refused
 * with DUET_ERR_FELDMAN (they are malformed VSS commitments), after the
 * commitment check, so that a parseable t + 1 vector is refused by the
 * length check and names its sender.
 *
 * An echo mismatch names the party whose echo differs from ours.  With
 * unsigned broadcasts that need not be the equivocator (a party that
 * sent different V to the others makes honest parties disagree with each
 * other): DUET_ERR_ECHO_MISMATCH means "the broadcast was inconsistent",
 * and the transport's signed messages are the evidence (spec 6.4, D5).
 */

#include "config.h"

#include <string.h>

#include "duet.h"
#include "duet_util.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "hash/hash.h"
#include "transcript/transcript.h"
#include "zk/zk.h"
#include "zk/zk_sch.h"
#include "protocol/keygen.h"
#include "protocol/protocols.h"
#include "protocol/session.h"
#include "protocol/share.h"

/* Transcript field ids (the session preamble uses 1..3). */
#define DUET_KEYGEN_F_N          16
#define DUET_KEYGEN_F_T          17
#define DUET_KEYGEN_F_RID        18
#define DUET_KEYGEN_F_NS         19
#define DUET_KEYGEN_F_S          20
#define DUET_KEYGEN_F_A          21
#define DUET_KEYGEN_F_U          22
#define DUET_KEYGEN_F_V          23


struct duet_keygen_body {
    struct duet_scalar coef[DUET_THRESHOLD];  /* f_i: SECRET, wiped in
                                                 round 3 */
    struct duet_scalar tau;                   /* Schnorr nonce: SECRET,
                                                 ONE-SHOT, wiped in round 3 */
    uint8_t u[DUET_KEYGEN_KAPPA];             /* own decommitment nonce */
    uint8_t rid[DUET_N_PARTIES][DUET_KEYGEN_KAPPA];
    uint8_t v[DUET_N_PARTIES][DUET_SHA256_BYTES];
    struct duet_point S[DUET_N_PARTIES][DUET_THRESHOLD];
    struct duet_point A[DUET_N_PARTIES];
    /* From round 3 on. */
    uint8_t rid_all[DUET_KEYGEN_KAPPA];
    struct duet_scalar x;                     /* SECRET */
    struct duet_point X[DUET_N_PARTIES];
    struct duet_point Y;
};


#ifdef DUET_TEST_HOOKS
static int duet_keygen_test_party = -1;
static int duet_keygen_test_mode;


void
duet_keygen_test_cheat(int party, int mode)
{
    duet_keygen_test_party = mode == DUET_KEYGEN_TEST_HONEST ? -1 : party;
    duet_keygen_test_mode = mode;
}


int
duet_keygen_test_view(const struct duet_session *s,
    struct duet_keygen_test_view *v)
{
    const struct duet_keygen_body *b;

    if (s == NULL || s->ops != &duet_keygen_ops || s->body == NULL
        || s->status != DUET_SESSION_RUNNING)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    b = s->body;
    memcpy(v->coef, b->coef, sizeof(v->coef));
    v->tau = b->tau;
    v->x = b->x;
    memcpy(v->rid, b->rid_all, sizeof(v->rid));
    memcpy(v->a, b->A, sizeof(v->a));
    memcpy(v->big_x, b->X, sizeof(v->big_x));
    return 0;
}
#endif


/* Shared helpers (keygen.h). */

int
duet_keygen_blame(struct duet_blame *blame, const struct duet_session *s,
    int party, int code)
{
    duet_blame_set(blame, party, (int) s->round, code);
    return code;
}


int
duet_keygen_get_scalar(struct duet_buf_reader *rd, struct duet_scalar *a)
{
    uint8_t b[DUET_SCALAR_BYTES];
    int r;

    if ((r = duet_buf_get_bytes(rd, b, sizeof(b))) == 0) {
        r = duet_scalar_from_bytes(a, b);
    }
    duet_memclear(b, sizeof(b));
    return r;
}


int
duet_keygen_put_scalar(struct duet_buf_writer *w, const struct duet_scalar *a)
{
    uint8_t b[DUET_SCALAR_BYTES];
    int r;

    duet_scalar_to_bytes(b, a);
    r = duet_buf_put_bytes(w, b, sizeof(b));
    duet_memclear(b, sizeof(b));
    return r;
}


int
duet_keygen_get_point(struct duet_buf_reader *rd, struct duet_point *p,
    unsigned flags)
{
    const uint8_t *b;
    int r;

    if ((r = duet_buf_get_bytes_direct(rd, &b, DUET_POINT_BYTES)) != 0) {
        duet_point_set_infinity(p);
        return r;
    }
    return duet_point_parse(p, b, DUET_POINT_BYTES, flags);
}


int
duet_keygen_put_point(struct duet_buf_writer *w, const struct duet_point *p,
    unsigned flags)
{
    uint8_t b[DUET_POINT_BYTES];
    int r;

    if ((r = duet_point_encode(b, p, flags)) != 0) {
        /* Fail the writer too: callers check its sticky error once. */
        if (w->err == 0) {
            w->err = r;
        }
        return r;
    }
    return duet_buf_put_bytes(w, b, sizeof(b));
}


int
duet_keygen_get_points(struct duet_buf_reader *rd, struct duet_point *pts,
    size_t cap, size_t *n, unsigned flags)
{
    uint8_t cnt = 0;
    size_t k;
    int r;

    *n = 0;
    if ((r = duet_buf_get_u8(rd, &cnt)) != 0) {
        return r;
    }
    if (cnt > cap) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }
    for (k = 0; k < cnt; k++) {
        if ((r = duet_keygen_get_point(rd, &pts[k], flags)) != 0) {
            return r;
        }
    }
    *n = cnt;
    return 0;
}


int
duet_keygen_put_points(struct duet_buf_writer *w, const struct duet_point *pts,
    size_t n, unsigned flags)
{
    size_t k;
    int r;

    if (n > DUET_KEYGEN_MAX_POINTS) {
        if (w->err == 0) {
            w->err = DUET_ERR_INTERNAL;
        }
        return DUET_ERR_INTERNAL;
    }
    if ((r = duet_buf_put_u8(w, (uint8_t) n)) != 0) {
        return r;
    }
    for (k = 0; k < n; k++) {
        if ((r = duet_keygen_put_point(w, &pts[k], flags)) != 0) {
            return r;
        }
    }
    return 0;
}


int
duet_keygen_echo_hash(const struct duet_session *s, const char *tag,
    int prover, const uint8_t *v, uint8_t out[DUET_SHA256_BYTES])
{
    struct duet_transcript t;
    int j, r;

    memset(&t, 0, sizeof(t));
    if ((r = duet_session_transcript(s, &t, tag, prover)) == 0) {
        for (j = 0; j < DUET_N_PARTIES; j++) {
            (void) duet_transcript_absorb_bytes(&t, DUET_KEYGEN_F_V,
                v + (size_t) j * DUET_SHA256_BYTES, DUET_SHA256_BYTES);
        }
        r = duet_transcript_digest(&t, out);
    }
    duet_transcript_clear(&t);
    return r;
}


/* Keygen. */

/*
 * V = H(sid, party, n, t, rid, S (counted), A, u) over decoded values
 * (spec 1.2 step 5, 4.4).
 */
static int
duet_keygen_commit_hash(const struct duet_session *s, int party,
    const uint8_t *rid, const struct duet_point *S, size_t ns,
    const struct duet_point *A, const uint8_t *u,
    uint8_t out[DUET_SHA256_BYTES])
{
    struct duet_transcript t;
    size_t k;
    int r;

    memset(&t, 0, sizeof(t));
    if ((r = duet_session_transcript(s, &t, DUET_KEYGEN_TAG_COMMIT, party))
        == 0)
    {
        (void) duet_transcript_absorb_u64(&t, DUET_KEYGEN_F_N,
            DUET_N_PARTIES);
        (void) duet_transcript_absorb_u64(&t, DUET_KEYGEN_F_T,
            DUET_THRESHOLD);
        (void) duet_transcript_absorb_bytes(&t, DUET_KEYGEN_F_RID, rid,
            DUET_KEYGEN_KAPPA);
        (void) duet_transcript_absorb_u64(&t, DUET_KEYGEN_F_NS, ns);
        for (k = 0; k < ns; k++) {
            (void) duet_transcript_absorb_point(&t, DUET_KEYGEN_F_S, &S[k]);
        }
        (void) duet_transcript_absorb_point(&t, DUET_KEYGEN_F_A, A);
        (void) duet_transcript_absorb_bytes(&t, DUET_KEYGEN_F_U, u,
            DUET_KEYGEN_KAPPA);
        /* Absorb errors are sticky: the digest reports them. */
        r = duet_transcript_digest(&t, out);
    }
    duet_transcript_clear(&t);
    return r;
}


/*
 * The Feldman vector this party commits to and opens: S_i, or, under a
 * test hook, a vector of the wrong length.  Returns the count.
 */
static size_t
duet_keygen_own_vector(const struct duet_session *s,
    struct duet_point pts[DUET_KEYGEN_MAX_POINTS])
{
    const struct duet_keygen_body *b = s->body;
    size_t n = DUET_THRESHOLD;

    pts[0] = b->S[s->me][0];
    pts[1] = b->S[s->me][1];
#ifdef DUET_TEST_HOOKS
    if (duet_keygen_test_party == s->me) {
        if (duet_keygen_test_mode == DUET_KEYGEN_TEST_FELDMAN_SHORT) {
            n = DUET_THRESHOLD - 1;
        } else if (duet_keygen_test_mode == DUET_KEYGEN_TEST_FELDMAN_LONG) {
            duet_point_add(&pts[2], &pts[1], &pts[1]);
            n = DUET_THRESHOLD + 1;
        }
    }
#endif
    return n;
}


/* f_i(x) for the evaluation point x (SECRET result). */
static void
duet_keygen_eval(struct duet_scalar *out, const struct duet_keygen_body *b,
    unsigned x)
{
    struct duet_scalar e;

    duet_scalar_set_u64(&e, x);
    duet_scalar_mul(out, &b->coef[1], &e);
    duet_scalar_add(out, out, &b->coef[0]);
}


static unsigned
duet_keygen_expect(const struct duet_session *s, unsigned round)
{
    (void) s;
    switch (round) {
    case 1:
    case 2:
    case 4:
        return DUET_EXPECT_BCAST;
    case 3:
        return DUET_EXPECT_BCAST | DUET_EXPECT_P2P;
    default:
        return 0;
    }
}


static size_t
duet_keygen_max_payload(const struct duet_session *s, unsigned round,
    int bcast)
{
    (void) s;
    if (round == 3 && bcast) {
        return DUET_KEYGEN_DECOMMIT_MAX;
    }
    if (round >= 1 && round <= 4) {
        return DUET_KEYGEN_SMALL_MAX;
    }
    return 0;
}


int
duet_keygen_init(struct duet_session *s, const void *arg)
{
    struct duet_keygen_body *b = s->body;
    struct duet_zk_sch_nonce nonce;
    struct duet_point pts[DUET_KEYGEN_MAX_POINTS];
    size_t n;
    int k, r = DUET_ERR_INTERNAL;

    (void) arg;
    memset(&nonce, 0, sizeof(nonce));
    if (s->nparties != DUET_N_PARTIES || s->me >= DUET_N_PARTIES
        || s->level->kappa_bytes != DUET_KEYGEN_KAPPA)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    for (k = 0; k < DUET_N_PARTIES; k++) {
        if (s->parties[k] != k) {
            r = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
    }

    /* Non-zero coefficients keep every S_ik finite (bias 2^-256). */
    for (k = 0; k < DUET_THRESHOLD; k++) {
        if ((r = duet_scalar_random_nonzero(&b->coef[k])) != 0
            || (r = duet_point_mul_gen(&b->S[s->me][k], &b->coef[k])) != 0)
        {
            goto out;
        }
    }
    if ((r = duet_random_bytes(b->rid[s->me], DUET_KEYGEN_KAPPA)) != 0
        || (r = duet_random_bytes(b->u, DUET_KEYGEN_KAPPA)) != 0
        || (r = duet_zk_sch_commit(&nonce)) != 0)
    {
        goto out;
    }
    b->tau = nonce.tau;
    b->A[s->me] = nonce.a;

    n = duet_keygen_own_vector(s, pts);
    if ((r = duet_keygen_commit_hash(s, s->me, b->rid[s->me], pts, n,
            &b->A[s->me], b->u, b->v[s->me])) != 0
        || (r = duet_session_send(s, DUET_BROADCAST, b->v[s->me],
            DUET_SHA256_BYTES)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_zk_sch_nonce_clear(&nonce);
    return r;
}


/* Round 1 in: the commitments.  Out: the echo. */
static int
duet_keygen_round1(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_keygen_body *b = s->body;
    struct duet_buf_reader rd;
    uint8_t h[DUET_SHA256_BYTES];
    int j, r;

    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        if ((r = duet_buf_get_bytes(&rd, b->v[j], DUET_SHA256_BYTES)) != 0
            || (r = duet_buf_reader_end(&rd)) != 0)
        {
            return duet_keygen_blame(blame, s, j, r);
        }
    }
    if ((r = duet_keygen_echo_hash(s, DUET_KEYGEN_TAG_ECHO, s->me,
            &b->v[0][0], h)) != 0)
    {
        return r;
    }
    return duet_session_send(s, DUET_BROADCAST, h, sizeof(h));
}


/* Round 2 in: the echoes.  Out: decommitment and the shares sigma_ij. */
static int
duet_keygen_round2(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_keygen_body *b = s->body;
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    struct duet_point pts[DUET_KEYGEN_MAX_POINTS];
    struct duet_scalar sigma;
    uint8_t h[DUET_SHA256_BYTES], want[DUET_SHA256_BYTES];
    size_t n;
    int j, r = DUET_ERR_INTERNAL;

    memset(&w, 0, sizeof(w));
    memset(&sigma, 0, sizeof(sigma));
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        if ((r = duet_buf_get_bytes(&rd, h, sizeof(h))) != 0
            || (r = duet_buf_reader_end(&rd)) != 0)
        {
            r = duet_keygen_blame(blame, s, j, r);
            goto out;
        }
        /* What j must have hashed if it saw what we saw. */
        if ((r = duet_keygen_echo_hash(s, DUET_KEYGEN_TAG_ECHO, j,
                &b->v[0][0], want)) != 0)
        {
            goto out;
        }
        if (memcmp(h, want, sizeof(h)) != 0) {
            r = duet_keygen_blame(blame, s, j, DUET_ERR_ECHO_MISMATCH);
            goto out;
        }
    }

    n = duet_keygen_own_vector(s, pts);
    duet_buf_writer_init_alloc(&w, DUET_KEYGEN_DECOMMIT_MAX);
    (void) duet_buf_put_bytes(&w, b->rid[s->me], DUET_KEYGEN_KAPPA);
    (void) duet_keygen_put_points(&w, pts, n, 0);
    (void) duet_keygen_put_point(&w, &b->A[s->me], 0);
    (void) duet_buf_put_bytes(&w, b->u, DUET_KEYGEN_KAPPA);
    if ((r = duet_session_send_writer(s, DUET_BROADCAST, &w)) != 0) {
        goto out;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_keygen_eval(&sigma, b, (unsigned) j + 1);
        duet_buf_writer_init_alloc(&w, DUET_SCALAR_BYTES);
        (void) duet_keygen_put_scalar(&w, &sigma);
        if ((r = duet_session_send_writer(s, j, &w)) != 0) {
            goto out;
        }
    }
    r = 0;

out:
    duet_buf_writer_free(&w);
    duet_scalar_clear(&sigma);
    return r;
}


/*
 * Parse and check peer j's decommitment and share (round 3).  On success
 * S, A, rid of j are stored and *sigma holds sigma_ji.
 */
static int
duet_keygen_check_peer(struct duet_session *s, int j,
    const struct duet_round_in *in, struct duet_scalar *sigma,
    struct duet_blame *blame)
{
    struct duet_keygen_body *b = s->body;
    struct duet_buf_reader rd;
    struct duet_point pts[DUET_KEYGEN_MAX_POINTS], a, lhs, rhs;
    struct duet_scalar e;
    uint8_t rid[DUET_KEYGEN_KAPPA], u[DUET_KEYGEN_KAPPA];
    uint8_t v[DUET_SHA256_BYTES];
    size_t n = 0;
    int r;

    duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
    if ((r = duet_buf_get_bytes(&rd, rid, sizeof(rid))) != 0
        || (r = duet_keygen_get_points(&rd, pts, DUET_KEYGEN_MAX_POINTS, &n,
            0)) != 0
        || (r = duet_keygen_get_point(&rd, &a, 0)) != 0
        || (r = duet_buf_get_bytes(&rd, u, sizeof(u))) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        return duet_keygen_blame(blame, s, j, r);
    }
    duet_buf_reader_init(&rd, in->p2p[j]->payload, in->p2p[j]->len);
    if ((r = duet_keygen_get_scalar(&rd, sigma)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        return duet_keygen_blame(blame, s, j, r);
    }

    /* D4: the decommitment opens j's V under this sid and j's index. */
    if ((r = duet_keygen_commit_hash(s, j, rid, pts, n, &a, u, v)) != 0) {
        return r;
    }
    if (memcmp(v, b->v[j], sizeof(v)) != 0) {
        return duet_keygen_blame(blame, s, j, DUET_ERR_COMMITMENT);
    }
    /* D1: exactly t coefficients. */
    if (n != DUET_THRESHOLD) {
        return duet_keygen_blame(blame, s, j, DUET_ERR_FELDMAN);
    }
    /* D2: sigma_ji G = S_j0 + I(i) S_j1, I(i) = i + 1 (D3). */
    if ((r = duet_point_mul_gen(&lhs, sigma)) != 0) {
        return r;
    }
    duet_scalar_set_u64(&e, (uint64_t) s->me + 1);
    duet_point_mul(&rhs, &e, &pts[1]);
    duet_point_add(&rhs, &rhs, &pts[0]);
    if (!duet_point_eq_var(&lhs, &rhs)) {
        return duet_keygen_blame(blame, s, j, DUET_ERR_FELDMAN);
    }

    memcpy(b->rid[j], rid, sizeof(rid));
    b->S[j][0] = pts[0];
    b->S[j][1] = pts[1];
    b->A[j] = a;
    return 0;
}


/* Round 3 in: decommitments and shares.  Out: the Schnorr response. */
static int
duet_keygen_round3(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_keygen_body *b = s->body;
    struct duet_buf_writer w;
    struct duet_scalar sigma, x, e;
    struct duet_point f1, xg;
    struct duet_zk_sch_nonce nonce;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof;
    struct duet_zk_ctx ctx;
    size_t k;
    int j, r = DUET_ERR_INTERNAL;

    memset(&w, 0, sizeof(w));
    memset(&nonce, 0, sizeof(nonce));
    memset(&wit, 0, sizeof(wit));
    memset(&sigma, 0, sizeof(sigma));
    duet_zk_sch_proof_init(&proof);

    duet_keygen_eval(&x, b, (unsigned) s->me + 1);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        if ((r = duet_keygen_check_peer(s, j, in, &sigma, blame)) != 0) {
            goto out;
        }
        duet_scalar_add(&x, &x, &sigma);
    }

    /* rid, Y, the public shares.  All public. */
    memset(b->rid_all, 0, sizeof(b->rid_all));
    duet_point_set_infinity(&b->Y);
    duet_point_set_infinity(&f1);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        for (k = 0; k < DUET_KEYGEN_KAPPA; k++) {
            b->rid_all[k] ^= b->rid[j][k];
        }
        duet_point_add(&b->Y, &b->Y, &b->S[j][0]);
        duet_point_add(&f1, &f1, &b->S[j][1]);
    }
    /* D6.  After the commitments nobody can steer these to infinity or
       x to zero, so these never name a culprit (probability 2^-256). */
    if (duet_point_is_infinity(&b->Y)) {
        r = DUET_ERR_INFINITY;
        goto out;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_scalar_set_u64(&e, (uint64_t) j + 1);
        duet_point_mul(&b->X[j], &e, &f1);
        duet_point_add(&b->X[j], &b->X[j], &b->Y);
        if (duet_point_is_infinity(&b->X[j])) {
            r = DUET_ERR_INFINITY;
            goto out;
        }
    }
    if (duet_scalar_is_zero(&x)) {
        r = DUET_ERR_ZERO_SCALAR;
        goto out;
    }
    if ((r = duet_point_mul_gen(&xg, &x)) != 0) {
        goto out;
    }
    if (!duet_point_eq_var(&xg, &b->X[s->me])) {
        /* Every share passed its Feldman check: a bug. */
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    b->x = x;

    /* Schnorr response under the A_i committed in round 1. */
    duet_session_zk_ctx(s, &ctx, s->me, 0, b->rid_all, DUET_KEYGEN_KAPPA);
    stmt.x = b->X[s->me];
    wit.x = x;
    if ((r = duet_zk_sch_nonce_load(&nonce, &b->tau)) != 0
        || (r = duet_zk_sch_respond(&ctx, &proof, &stmt, &wit, &nonce)) != 0)
    {
        goto out;
    }
    /* The nonce is one-shot and the coefficients are no longer needed. */
    duet_scalar_clear(&b->tau);
    duet_scalar_clear(&b->coef[0]);
    duet_scalar_clear(&b->coef[1]);

    duet_buf_writer_init_alloc(&w, DUET_SCALAR_BYTES);
    (void) duet_keygen_put_scalar(&w, &proof.z);
    if ((r = duet_session_send_writer(s, DUET_BROADCAST, &w)) != 0) {
        goto out;
    }
    r = 0;

out:
    duet_buf_writer_free(&w);
    duet_zk_sch_nonce_clear(&nonce);
    duet_zk_sch_proof_clear(&proof);
    duet_scalar_clear(&wit.x);
    duet_scalar_clear(&sigma);
    duet_scalar_clear(&x);
    return r;
}


/* Round 4 in: the Schnorr responses.  Out: the key share. */
static int
duet_keygen_round4(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_keygen_body *b = s->body;
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    struct duet_keyshare ks;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_proof proof;
    struct duet_zk_ctx ctx;
    int j, r = DUET_ERR_INTERNAL;

    memset(&w, 0, sizeof(w));
    memset(&ks, 0, sizeof(ks));
    duet_zk_sch_proof_init(&proof);

    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        if ((r = duet_keygen_get_scalar(&rd, &proof.z)) != 0
            || (r = duet_buf_reader_end(&rd)) != 0)
        {
            r = duet_keygen_blame(blame, s, j, r);
            goto out;
        }
        proof.a = b->A[j];
        stmt.x = b->X[j];
        duet_session_zk_ctx(s, &ctx, j, 0, b->rid_all, DUET_KEYGEN_KAPPA);
        if ((r = duet_zk_sch_verify(&ctx, &stmt, &proof)) != 0) {
            if (r == DUET_ERR_PROOF_INVALID) {
                r = duet_keygen_blame(blame, s, j, r);
            }
            goto out;
        }
    }

    ks.level = s->level;
    ks.index = s->me;
    ks.epoch = 0;
    ks.x = b->x;
    memcpy(ks.X, b->X, sizeof(ks.X));
    ks.Y = b->Y;
    if ((r = duet_keyshare_validate(&ks)) != 0) {
        goto out;
    }
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    if ((r = duet_keyshare_encode(&w, &ks)) != 0
        || (r = duet_session_finish(s, duet_buf_writer_ptr(&w),
            duet_buf_writer_len(&w))) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_buf_writer_free(&w);
    duet_keyshare_clear(&ks);
    duet_zk_sch_proof_clear(&proof);
    return r;
}


static int
duet_keygen_step(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    /* session.c has checked the set against expect(): none missing. */
    switch (s->round) {
    case 1:
        return duet_keygen_round1(s, in, blame);
    case 2:
        return duet_keygen_round2(s, in, blame);
    case 3:
        return duet_keygen_round3(s, in, blame);
    case 4:
        return duet_keygen_round4(s, in, blame);
    default:
        return DUET_ERR_BAD_STATE;
    }
}


/* Body: every field, in declaration order. */
static int
duet_keygen_body_encode(struct duet_buf_writer *w, const struct duet_session *s)
{
    const struct duet_keygen_body *b = s->body;
    int j, k;

    for (k = 0; k < DUET_THRESHOLD; k++) {
        (void) duet_keygen_put_scalar(w, &b->coef[k]);
    }
    (void) duet_keygen_put_scalar(w, &b->tau);
    (void) duet_buf_put_bytes(w, b->u, sizeof(b->u));
    (void) duet_buf_put_bytes(w, &b->rid[0][0], sizeof(b->rid));
    (void) duet_buf_put_bytes(w, &b->v[0][0], sizeof(b->v));
    for (j = 0; j < DUET_N_PARTIES; j++) {
        for (k = 0; k < DUET_THRESHOLD; k++) {
            (void) duet_keygen_put_point(w, &b->S[j][k],
                DUET_POINT_ALLOW_INFINITY);
        }
        (void) duet_keygen_put_point(w, &b->A[j], DUET_POINT_ALLOW_INFINITY);
    }
    (void) duet_buf_put_bytes(w, b->rid_all, sizeof(b->rid_all));
    (void) duet_keygen_put_scalar(w, &b->x);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        (void) duet_keygen_put_point(w, &b->X[j], DUET_POINT_ALLOW_INFINITY);
    }
    (void) duet_keygen_put_point(w, &b->Y, DUET_POINT_ALLOW_INFINITY);
    return duet_buf_writer_error(w);
}


static int
duet_keygen_body_parse(struct duet_buf_reader *rd, struct duet_session *s)
{
    struct duet_keygen_body *b = s->body;
    int j, k, r;

    if (s->nparties != DUET_N_PARTIES || s->me >= DUET_N_PARTIES
        || s->round < 1 || s->round > 4)
    {
        return DUET_ERR_BAD_ENCODING;
    }
    for (k = 0; k < DUET_THRESHOLD; k++) {
        if ((r = duet_keygen_get_scalar(rd, &b->coef[k])) != 0) {
            return r;
        }
    }
    if ((r = duet_keygen_get_scalar(rd, &b->tau)) != 0
        || (r = duet_buf_get_bytes(rd, b->u, sizeof(b->u))) != 0
        || (r = duet_buf_get_bytes(rd, &b->rid[0][0], sizeof(b->rid))) != 0
        || (r = duet_buf_get_bytes(rd, &b->v[0][0], sizeof(b->v))) != 0)
    {
        return r;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        for (k = 0; k < DUET_THRESHOLD; k++) {
            if ((r = duet_keygen_get_point(rd, &b->S[j][k],
                    DUET_POINT_ALLOW_INFINITY)) != 0)
            {
                return r;
            }
        }
        if ((r = duet_keygen_get_point(rd, &b->A[j],
                DUET_POINT_ALLOW_INFINITY)) != 0)
        {
            return r;
        }
    }
    if ((r = duet_buf_get_bytes(rd, b->rid_all, sizeof(b->rid_all))) != 0
        || (r = duet_keygen_get_scalar(rd, &b->x)) != 0)
    {
        return r;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if ((r = duet_keygen_get_point(rd, &b->X[j],
                DUET_POINT_ALLOW_INFINITY)) != 0)
        {
            return r;
        }
    }
    return duet_keygen_get_point(rd, &b->Y, DUET_POINT_ALLOW_INFINITY);
}


static void
duet_keygen_body_clear(struct duet_session *s)
{
    if (s->body != NULL) {
        duet_memclear(s->body, sizeof(struct duet_keygen_body));
    }
}


const struct duet_proto_ops duet_keygen_ops = {
    .proto = DUET_PROTO_KEYGEN,
    .name = "keygen",
    .expect = duet_keygen_expect,
    .max_payload = duet_keygen_max_payload,
    .step = duet_keygen_step,
    .body_size = sizeof(struct duet_keygen_body),
    .body_encode = duet_keygen_body_encode,
    .body_parse = duet_keygen_body_parse,
    .body_clear = duet_keygen_body_clear,
};
