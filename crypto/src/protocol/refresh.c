/*
 * refresh.c -- threshold key refresh (spec 7.3, correction C4) as a
 * session (session.h): the same key Y and evaluation points, every share
 * re-randomised by a degree-1 sharing of zero, epoch + 1.  Wire formats:
 * keygen.h.
 *
 *   init     phi_i(x) = s_i1 x, S_i = (identity, s_i1 G); DH keys Y_ik =
 *            y_ik G for every k; rid_i, u_i, Schnorr nonce A_i; send V_i =
 *            H(sid, i, n, t, epoch, rid_i, S_i, Y_i*, A_i, u_i) and the
 *            fingerprint of the old sharing (share.h).
 *   round 1  every fingerprint must be ours (EPOCH_MISMATCH, blame j: a
 *            share of another key or epoch); store every V_j; send the
 *            echo.
 *   round 2  check the echoes (ECHO_MISMATCH); send the decommitment.
 *   round 3  per peer j: it opens V_j (COMMITMENT); |S_j| = t (FELDMAN);
 *            S_j0 is the identity (PROTOCOL); S_j1 finite (INFINITY);
 *            n DH keys and t - 1 nonces (PROTOCOL).  rid = XOR rid_j.
 *            Send the Schnorr response for s_i1 (bound to rid) and, to
 *            each peer j, z_ij = phi_i(j + 1) + rho_ij with the DH pad
 *            rho_ij = H(sid, rid, i, j, y_ij Y_ji).
 *   round 4  per peer j: unmask z_ji and check z_ji G = (i+1) S_j1
 *            (FELDMAN), verify j's Schnorr proof (PROOF_INVALID).  x_i* =
 *            x_i + sum_j phi_j(i+1), X_k* = X_k + (k+1) sum_j S_j1, Y
 *            unchanged; validate as a fresh share.  Send the confirmation
 *            c_i = H(sid, i, epoch + 1, Y, X*_0..X*_2).
 *   round 5  every c_j must be the confirmation of our view from j
 *            (EPOCH_MISMATCH, blame j); finish with the new share.
 *
 * The masked shares travel in round 4, beside the Schnorr responses, and
 * not with the decommitment: the pad binds rid and the recipient's DH key
 * Y_ji, which the sender learns only from round 3's decommitments (spec
 * 7.3 puts them in the same message as the Schnorr responses).
 *
 * The old share is never modified; the caller keeps it until it knows
 * that every party finished (C4: a party that misses round 5 does not
 * finish, and the old epoch still signs).
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

#define DUET_REFRESH_TAG_PAD      "duet.refresh.pad"
#define DUET_REFRESH_TAG_CONFIRM  "duet.refresh.confirm"

/* Schnorr discriminator: the index of the proven coefficient. */
#define DUET_REFRESH_SCH_COEF     1

/* Transcript field ids (the session preamble uses 1..3). */
#define DUET_REFRESH_F_N          16
#define DUET_REFRESH_F_T          17
#define DUET_REFRESH_F_EPOCH      18
#define DUET_REFRESH_F_RID        19
#define DUET_REFRESH_F_NS         20
#define DUET_REFRESH_F_S          21
#define DUET_REFRESH_F_ND         22
#define DUET_REFRESH_F_D          23
#define DUET_REFRESH_F_NA         24
#define DUET_REFRESH_F_A          25
#define DUET_REFRESH_F_U          26
#define DUET_REFRESH_F_SENDER     27
#define DUET_REFRESH_F_RECIPIENT  28
#define DUET_REFRESH_F_DH         29
#define DUET_REFRESH_F_Y          30
#define DUET_REFRESH_F_X          31


struct duet_refresh_body {
    struct duet_keyshare ks;            /* the old share: SECRET */
    struct duet_scalar coef;            /* s_i1: SECRET, wiped in round 3 */
    struct duet_scalar tau;             /* SECRET, ONE-SHOT */
    struct duet_scalar dh[DUET_N_PARTIES];   /* y_ik: SECRET, wiped in
                                                round 4 */
    struct duet_scalar zsum;            /* phi_i(i + 1): SECRET */
    uint8_t u[DUET_KEYGEN_KAPPA];
    uint8_t rid[DUET_N_PARTIES][DUET_KEYGEN_KAPPA];
    uint8_t v[DUET_N_PARTIES][DUET_SHA256_BYTES];
    struct duet_point S1[DUET_N_PARTIES];    /* S_j1 */
    struct duet_point dhpub[DUET_N_PARTIES][DUET_N_PARTIES];   /* Y_jk */
    struct duet_point A[DUET_N_PARTIES];
    uint8_t rid_all[DUET_KEYGEN_KAPPA];
    /* From round 4 on: the new share (SECRET). */
    struct duet_scalar nx;
    struct duet_point nX[DUET_N_PARTIES];
};


#ifdef DUET_TEST_HOOKS
static int duet_refresh_test_party = -1;
static int duet_refresh_test_mode;


void
duet_refresh_test_cheat(int party, int mode)
{
    duet_refresh_test_party = mode == DUET_REFRESH_TEST_HONEST ? -1 : party;
    duet_refresh_test_mode = mode;
}
#endif


/*
 * The vectors this party commits to and opens: (identity, S_i1), its n DH
 * keys and its t - 1 nonces, or, under a test hook, altered ones.
 */
static void
duet_refresh_own_vectors(const struct duet_session *s,
    struct duet_point S[DUET_KEYGEN_MAX_POINTS], size_t *ns,
    struct duet_point D[DUET_KEYGEN_MAX_POINTS], size_t *nd,
    struct duet_point A[DUET_KEYGEN_MAX_POINTS], size_t *na)
{
    const struct duet_refresh_body *b = s->body;
    int k;

    duet_point_set_infinity(&S[0]);
    S[1] = b->S1[s->me];
    *ns = DUET_THRESHOLD;
    for (k = 0; k < DUET_N_PARTIES; k++) {
        D[k] = b->dhpub[s->me][k];
    }
    *nd = DUET_N_PARTIES;
    A[0] = b->A[s->me];
    *na = DUET_THRESHOLD - 1;
#ifdef DUET_TEST_HOOKS
    if (duet_refresh_test_party != s->me) {
        return;
    }
    switch (duet_refresh_test_mode) {
    case DUET_REFRESH_TEST_S0_FINITE:
        S[0] = S[1];
        break;
    case DUET_REFRESH_TEST_FELDMAN_LONG:
        duet_point_add(&S[2], &S[1], &S[1]);
        *ns = DUET_THRESHOLD + 1;
        break;
    case DUET_REFRESH_TEST_DH_SHORT:
        *nd = DUET_N_PARTIES - 1;
        break;
    case DUET_REFRESH_TEST_NONCE_LONG:
        duet_point_add(&A[1], &A[0], &A[0]);
        *na = DUET_THRESHOLD;
        break;
    default:
        break;
    }
#endif
}


/* V = H(sid, party, n, t, epoch, rid, S, DH keys, nonces, u). */
static int
duet_refresh_commit_hash(const struct duet_session *s, int party,
    const uint8_t *rid, const struct duet_point *S, size_t ns,
    const struct duet_point *D, size_t nd, const struct duet_point *A,
    size_t na, const uint8_t *u, uint8_t out[DUET_SHA256_BYTES])
{
    const struct duet_refresh_body *b = s->body;
    struct duet_transcript t;
    size_t k;
    int r;

    memset(&t, 0, sizeof(t));
    if ((r = duet_session_transcript(s, &t, DUET_REFRESH_TAG_COMMIT, party))
        == 0)
    {
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_N,
            DUET_N_PARTIES);
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_T,
            DUET_THRESHOLD);
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_EPOCH,
            b->ks.epoch);
        (void) duet_transcript_absorb_bytes(&t, DUET_REFRESH_F_RID, rid,
            DUET_KEYGEN_KAPPA);
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_NS, ns);
        for (k = 0; k < ns; k++) {
            (void) duet_transcript_absorb_point(&t, DUET_REFRESH_F_S, &S[k]);
        }
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_ND, nd);
        for (k = 0; k < nd; k++) {
            (void) duet_transcript_absorb_point(&t, DUET_REFRESH_F_D, &D[k]);
        }
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_NA, na);
        for (k = 0; k < na; k++) {
            (void) duet_transcript_absorb_point(&t, DUET_REFRESH_F_A, &A[k]);
        }
        (void) duet_transcript_absorb_bytes(&t, DUET_REFRESH_F_U, u,
            DUET_KEYGEN_KAPPA);
        r = duet_transcript_digest(&t, out);
    }
    duet_transcript_clear(&t);
    return r;
}


/*
 * rho = H(sid, rid, sender, recipient, y Y') as a scalar, where y is this
 * party's DH secret for the other party and Y' the other party's DH key
 * for this one: both ends compute the same point y_ij y_ji G.  SECRET.
 */
static int
duet_refresh_pad(const struct duet_session *s, int sender, int recipient,
    struct duet_scalar *rho)
{
    const struct duet_refresh_body *b = s->body;
    struct duet_transcript t;
    struct duet_point dh;
    int peer = sender == s->me ? recipient : sender;
    int r;

    memset(&t, 0, sizeof(t));
    /* Constant time in the secret y (ecmult_const). */
    duet_point_mul(&dh, &b->dh[peer], &b->dhpub[peer][s->me]);
    if ((r = duet_session_transcript(s, &t, DUET_REFRESH_TAG_PAD, sender))
        == 0)
    {
        (void) duet_transcript_absorb_bytes(&t, DUET_REFRESH_F_RID,
            b->rid_all, DUET_KEYGEN_KAPPA);
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_SENDER,
            (uint64_t) sender);
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_RECIPIENT,
            (uint64_t) recipient);
        (void) duet_transcript_absorb_point(&t, DUET_REFRESH_F_DH, &dh);
        r = duet_transcript_challenge_scalar(&t, rho);
    }
    duet_transcript_clear(&t);
    duet_memclear(&dh, sizeof(dh));
    return r;
}


/* c = H(sid, prover, epoch + 1, Y, X*_0..X*_2): prover's confirmation. */
static int
duet_refresh_confirm_hash(const struct duet_session *s, int prover,
    uint8_t out[DUET_SHA256_BYTES])
{
    const struct duet_refresh_body *b = s->body;
    struct duet_transcript t;
    int k, r;

    memset(&t, 0, sizeof(t));
    if ((r = duet_session_transcript(s, &t, DUET_REFRESH_TAG_CONFIRM,
            prover)) == 0)
    {
        (void) duet_transcript_absorb_u64(&t, DUET_REFRESH_F_EPOCH,
            (uint64_t) b->ks.epoch + 1);
        (void) duet_transcript_absorb_point(&t, DUET_REFRESH_F_Y, &b->ks.Y);
        for (k = 0; k < DUET_N_PARTIES; k++) {
            (void) duet_transcript_absorb_point(&t, DUET_REFRESH_F_X,
                &b->nX[k]);
        }
        r = duet_transcript_digest(&t, out);
    }
    duet_transcript_clear(&t);
    return r;
}


static unsigned
duet_refresh_expect(const struct duet_session *s, unsigned round)
{
    (void) s;
    switch (round) {
    case 1:
    case 2:
    case 3:
    case 5:
        return DUET_EXPECT_BCAST;
    case 4:
        return DUET_EXPECT_BCAST | DUET_EXPECT_P2P;
    default:
        return 0;
    }
}


static size_t
duet_refresh_max_payload(const struct duet_session *s, unsigned round,
    int bcast)
{
    (void) s;
    if (round == 3 && bcast) {
        return DUET_REFRESH_DECOMMIT_MAX;
    }
    if (round == 1) {
        return 2 * DUET_KEYGEN_SMALL_MAX;
    }
    if (round >= 2 && round <= 5) {
        return DUET_KEYGEN_SMALL_MAX;
    }
    return 0;
}


int
duet_refresh_init(struct duet_session *s, const void *arg)
{
    const struct duet_refresh_args *args = arg;
    struct duet_refresh_body *b = s->body;
    struct duet_zk_sch_nonce nonce;
    struct duet_point S[DUET_KEYGEN_MAX_POINTS], D[DUET_KEYGEN_MAX_POINTS];
    struct duet_point A[DUET_KEYGEN_MAX_POINTS];
    uint8_t msg[DUET_REFRESH_R1_BYTES];
    size_t ns, nd, na;
    int k, r = DUET_ERR_INTERNAL;

    memset(&nonce, 0, sizeof(nonce));
    if (args == NULL || args->ks == NULL
        || s->nparties != DUET_N_PARTIES || s->me >= DUET_N_PARTIES
        || args->ks->index != s->me || args->ks->level != s->level
        || args->ks->epoch == UINT32_MAX
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
    if ((r = duet_keyshare_validate(args->ks)) != 0) {
        goto out;
    }
    b->ks = *args->ks;

    /* s_i1 != 0 keeps S_i1 finite, as the receivers require. */
    if ((r = duet_scalar_random_nonzero(&b->coef)) != 0
        || (r = duet_point_mul_gen(&b->S1[s->me], &b->coef)) != 0)
    {
        goto out;
    }
    for (k = 0; k < DUET_N_PARTIES; k++) {
        if ((r = duet_scalar_random_nonzero(&b->dh[k])) != 0
            || (r = duet_point_mul_gen(&b->dhpub[s->me][k], &b->dh[k])) != 0)
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

    duet_refresh_own_vectors(s, S, &ns, D, &nd, A, &na);
    if ((r = duet_refresh_commit_hash(s, s->me, b->rid[s->me], S, ns, D, nd,
            A, na, b->u, b->v[s->me])) != 0
        || (r = duet_keyshare_fingerprint(msg + DUET_SHA256_BYTES, &b->ks))
            != 0)
    {
        goto out;
    }
    memcpy(msg, b->v[s->me], DUET_SHA256_BYTES);
    if ((r = duet_session_send(s, DUET_BROADCAST, msg, sizeof(msg))) != 0) {
        goto out;
    }
    r = 0;

out:
    duet_zk_sch_nonce_clear(&nonce);
    return r;
}


/* Round 1 in: the commitments and fingerprints.  Out: the echo. */
static int
duet_refresh_round1(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_refresh_body *b = s->body;
    struct duet_buf_reader rd;
    uint8_t h[DUET_SHA256_BYTES], fp[DUET_SHA256_BYTES];
    uint8_t mine[DUET_SHA256_BYTES];
    int j, r;

    if ((r = duet_keyshare_fingerprint(mine, &b->ks)) != 0) {
        return r;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        if ((r = duet_buf_get_bytes(&rd, b->v[j], DUET_SHA256_BYTES)) != 0
            || (r = duet_buf_get_bytes(&rd, fp, sizeof(fp))) != 0
            || (r = duet_buf_reader_end(&rd)) != 0)
        {
            return duet_keygen_blame(blame, s, j, r);
        }
        /* Shares of different keys or epochs never combine. */
        if (memcmp(fp, mine, sizeof(fp)) != 0) {
            return duet_keygen_blame(blame, s, j, DUET_ERR_EPOCH_MISMATCH);
        }
    }
    if ((r = duet_keygen_echo_hash(s, DUET_REFRESH_TAG_ECHO, s->me,
            &b->v[0][0], h)) != 0)
    {
        return r;
    }
    return duet_session_send(s, DUET_BROADCAST, h, sizeof(h));
}


/* Round 2 in: the echoes.  Out: the decommitment. */
static int
duet_refresh_round2(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_refresh_body *b = s->body;
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    struct duet_point S[DUET_KEYGEN_MAX_POINTS], D[DUET_KEYGEN_MAX_POINTS];
    struct duet_point A[DUET_KEYGEN_MAX_POINTS];
    uint8_t h[DUET_SHA256_BYTES], want[DUET_SHA256_BYTES];
    size_t ns, nd, na;
    int j, r;

    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        if ((r = duet_buf_get_bytes(&rd, h, sizeof(h))) != 0
            || (r = duet_buf_reader_end(&rd)) != 0)
        {
            return duet_keygen_blame(blame, s, j, r);
        }
        if ((r = duet_keygen_echo_hash(s, DUET_REFRESH_TAG_ECHO, j,
                &b->v[0][0], want)) != 0)
        {
            return r;
        }
        if (memcmp(h, want, sizeof(h)) != 0) {
            return duet_keygen_blame(blame, s, j, DUET_ERR_ECHO_MISMATCH);
        }
    }

    duet_refresh_own_vectors(s, S, &ns, D, &nd, A, &na);
    duet_buf_writer_init_alloc(&w, DUET_REFRESH_DECOMMIT_MAX);
    (void) duet_buf_put_bytes(&w, b->rid[s->me], DUET_KEYGEN_KAPPA);
    (void) duet_keygen_put_points(&w, S, ns, DUET_POINT_ALLOW_INFINITY);
    (void) duet_keygen_put_points(&w, D, nd, 0);
    (void) duet_keygen_put_points(&w, A, na, 0);
    (void) duet_buf_put_bytes(&w, b->u, DUET_KEYGEN_KAPPA);
    return duet_session_send_writer(s, DUET_BROADCAST, &w);
}


/* Parse and check peer j's decommitment (round 3); store it. */
static int
duet_refresh_check_peer(struct duet_session *s, int j,
    const struct duet_round_in *in, struct duet_blame *blame)
{
    struct duet_refresh_body *b = s->body;
    struct duet_buf_reader rd;
    struct duet_point S[DUET_KEYGEN_MAX_POINTS], D[DUET_KEYGEN_MAX_POINTS];
    struct duet_point A[DUET_KEYGEN_MAX_POINTS];
    uint8_t rid[DUET_KEYGEN_KAPPA], u[DUET_KEYGEN_KAPPA];
    uint8_t v[DUET_SHA256_BYTES];
    size_t ns = 0, nd = 0, na = 0;
    int k, r;

    /* Every point may parse as infinity here: which ones must be finite
       is the protocol's check below, after the commitment opened. */
    duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
    if ((r = duet_buf_get_bytes(&rd, rid, sizeof(rid))) != 0
        || (r = duet_keygen_get_points(&rd, S, DUET_KEYGEN_MAX_POINTS, &ns,
            DUET_POINT_ALLOW_INFINITY)) != 0
        || (r = duet_keygen_get_points(&rd, D, DUET_KEYGEN_MAX_POINTS, &nd,
            0)) != 0
        || (r = duet_keygen_get_points(&rd, A, DUET_KEYGEN_MAX_POINTS, &na,
            0)) != 0
        || (r = duet_buf_get_bytes(&rd, u, sizeof(u))) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        return duet_keygen_blame(blame, s, j, r);
    }
    if ((r = duet_refresh_commit_hash(s, j, rid, S, ns, D, nd, A, na, u, v))
        != 0)
    {
        return r;
    }
    if (memcmp(v, b->v[j], sizeof(v)) != 0) {
        return duet_keygen_blame(blame, s, j, DUET_ERR_COMMITMENT);
    }
    /* Spec 7.3: lengths t, n, t - 1; S_j0 the identity (else Y moves);
       S_j1 finite (the Schnorr statement). */
    if (ns != DUET_THRESHOLD) {
        return duet_keygen_blame(blame, s, j, DUET_ERR_FELDMAN);
    }
    if (nd != DUET_N_PARTIES || na != DUET_THRESHOLD - 1
        || !duet_point_is_infinity(&S[0]))
    {
        return duet_keygen_blame(blame, s, j, DUET_ERR_PROTOCOL);
    }
    if (duet_point_is_infinity(&S[1])) {
        return duet_keygen_blame(blame, s, j, DUET_ERR_INFINITY);
    }

    memcpy(b->rid[j], rid, sizeof(rid));
    b->S1[j] = S[1];
    for (k = 0; k < DUET_N_PARTIES; k++) {
        b->dhpub[j][k] = D[k];
    }
    b->A[j] = A[0];
    return 0;
}


/*
 * Round 3 in: the decommitments.  Out: the Schnorr response (bcast) and
 * the masked shares (p2p).
 */
static int
duet_refresh_round3(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_refresh_body *b = s->body;
    struct duet_buf_writer w;
    struct duet_scalar e, z, rho;
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
    memset(&z, 0, sizeof(z));
    memset(&rho, 0, sizeof(rho));
    duet_zk_sch_proof_init(&proof);

    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j != s->me
            && (r = duet_refresh_check_peer(s, j, in, blame)) != 0)
        {
            goto out;
        }
    }
    memset(b->rid_all, 0, sizeof(b->rid_all));
    for (j = 0; j < DUET_N_PARTIES; j++) {
        for (k = 0; k < DUET_KEYGEN_KAPPA; k++) {
            b->rid_all[k] ^= b->rid[j][k];
        }
    }

    /* Schnorr response for s_i1 under the A_i committed in round 1. */
    duet_session_zk_ctx(s, &ctx, s->me, DUET_REFRESH_SCH_COEF, b->rid_all,
        DUET_KEYGEN_KAPPA);
    stmt.x = b->S1[s->me];
    wit.x = b->coef;
    if ((r = duet_zk_sch_nonce_load(&nonce, &b->tau)) != 0
        || (r = duet_zk_sch_respond(&ctx, &proof, &stmt, &wit, &nonce)) != 0)
    {
        goto out;
    }
    duet_buf_writer_init_alloc(&w, DUET_SCALAR_BYTES);
    (void) duet_keygen_put_scalar(&w, &proof.z);
    if ((r = duet_session_send_writer(s, DUET_BROADCAST, &w)) != 0) {
        goto out;
    }

    /* z_ij = phi_i(j + 1) + rho_ij; keep phi_i(i + 1) for ourselves. */
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_scalar_set_u64(&e, (uint64_t) j + 1);
        duet_scalar_mul(&z, &b->coef, &e);
        if (j == s->me) {
            b->zsum = z;
            continue;
        }
        if ((r = duet_refresh_pad(s, s->me, j, &rho)) != 0) {
            goto out;
        }
        duet_scalar_add(&z, &z, &rho);
        duet_buf_writer_init_alloc(&w, DUET_SCALAR_BYTES);
        (void) duet_keygen_put_scalar(&w, &z);
        if ((r = duet_session_send_writer(s, j, &w)) != 0) {
            goto out;
        }
    }
    duet_scalar_clear(&b->tau);
    duet_scalar_clear(&b->coef);
    r = 0;

out:
    duet_buf_writer_free(&w);
    duet_zk_sch_nonce_clear(&nonce);
    duet_zk_sch_proof_clear(&proof);
    duet_scalar_clear(&wit.x);
    duet_scalar_clear(&z);
    duet_scalar_clear(&rho);
    return r;
}


/*
 * Round 4 in: the Schnorr responses and masked shares.  Out: the
 * confirmation of the new public shares.
 */
static int
duet_refresh_round4(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_refresh_body *b = s->body;
    struct duet_buf_reader rd;
    struct duet_keyshare nks;
    struct duet_scalar m, rho, e, sum;
    struct duet_point lhs, rhs, f1;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_proof proof;
    struct duet_zk_ctx ctx;
    uint8_t c[DUET_SHA256_BYTES];
    int j, k, r = DUET_ERR_INTERNAL;

    memset(&nks, 0, sizeof(nks));
    memset(&m, 0, sizeof(m));
    memset(&rho, 0, sizeof(rho));
    duet_zk_sch_proof_init(&proof);
    sum = b->zsum;
    duet_scalar_set_u64(&e, (uint64_t) s->me + 1);

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
        duet_buf_reader_init(&rd, in->p2p[j]->payload, in->p2p[j]->len);
        if ((r = duet_keygen_get_scalar(&rd, &m)) != 0
            || (r = duet_buf_reader_end(&rd)) != 0)
        {
            r = duet_keygen_blame(blame, s, j, r);
            goto out;
        }

        /* Unmask, then z_ji G = S_j0 + (i+1) S_j1 with S_j0 = identity. */
        if ((r = duet_refresh_pad(s, j, s->me, &rho)) != 0) {
            goto out;
        }
        duet_scalar_sub(&m, &m, &rho);
        if ((r = duet_point_mul_gen(&lhs, &m)) != 0) {
            goto out;
        }
        duet_point_mul(&rhs, &e, &b->S1[j]);
        if (!duet_point_eq_var(&lhs, &rhs)) {
            r = duet_keygen_blame(blame, s, j, DUET_ERR_FELDMAN);
            goto out;
        }

        proof.a = b->A[j];
        stmt.x = b->S1[j];
        duet_session_zk_ctx(s, &ctx, j, DUET_REFRESH_SCH_COEF, b->rid_all,
            DUET_KEYGEN_KAPPA);
        if ((r = duet_zk_sch_verify(&ctx, &stmt, &proof)) != 0) {
            if (r == DUET_ERR_PROOF_INVALID) {
                r = duet_keygen_blame(blame, s, j, r);
            }
            goto out;
        }
        duet_scalar_add(&sum, &sum, &m);
    }

    /* x* = x + sum_j phi_j(i+1); X*_k = X_k + (k+1) sum_j S_j1. */
    duet_point_set_infinity(&f1);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_point_add(&f1, &f1, &b->S1[j]);
    }
    nks.level = s->level;
    nks.index = s->me;
    nks.epoch = b->ks.epoch + 1;
    duet_scalar_add(&nks.x, &b->ks.x, &sum);
    for (k = 0; k < DUET_N_PARTIES; k++) {
        duet_scalar_set_u64(&e, (uint64_t) k + 1);
        duet_point_mul(&nks.X[k], &e, &f1);
        duet_point_add(&nks.X[k], &nks.X[k], &b->ks.X[k]);
    }
    nks.Y = b->ks.Y;
    /* Every share passed its Feldman check, so only a negligible zero
       x* or infinite X*_k can fail here: nobody to blame. */
    if ((r = duet_keyshare_validate(&nks)) != 0) {
        goto out;
    }
    b->nx = nks.x;
    memcpy(b->nX, nks.X, sizeof(b->nX));
    for (k = 0; k < DUET_N_PARTIES; k++) {
        duet_scalar_clear(&b->dh[k]);
    }
    duet_scalar_clear(&b->zsum);

    if ((r = duet_refresh_confirm_hash(s, s->me, c)) != 0
        || (r = duet_session_send(s, DUET_BROADCAST, c, sizeof(c))) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_keyshare_clear(&nks);
    duet_scalar_clear(&m);
    duet_scalar_clear(&rho);
    duet_scalar_clear(&sum);
    duet_memclear(&lhs, sizeof(lhs));
    duet_zk_sch_proof_clear(&proof);
    return r;
}


/* Round 5 in: the confirmations.  Out: the new key share. */
static int
duet_refresh_round5(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_refresh_body *b = s->body;
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    struct duet_keyshare nks;
    uint8_t c[DUET_SHA256_BYTES], want[DUET_SHA256_BYTES];
    int j, r = DUET_ERR_INTERNAL;

    memset(&w, 0, sizeof(w));
    memset(&nks, 0, sizeof(nks));
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (j == s->me) {
            continue;
        }
        duet_buf_reader_init(&rd, in->bcast[j]->payload, in->bcast[j]->len);
        if ((r = duet_buf_get_bytes(&rd, c, sizeof(c))) != 0
            || (r = duet_buf_reader_end(&rd)) != 0)
        {
            r = duet_keygen_blame(blame, s, j, r);
            goto out;
        }
        if ((r = duet_refresh_confirm_hash(s, j, want)) != 0) {
            goto out;
        }
        if (memcmp(c, want, sizeof(c)) != 0) {
            r = duet_keygen_blame(blame, s, j, DUET_ERR_EPOCH_MISMATCH);
            goto out;
        }
    }

    nks.level = s->level;
    nks.index = s->me;
    nks.epoch = b->ks.epoch + 1;
    nks.x = b->nx;
    memcpy(nks.X, b->nX, sizeof(nks.X));
    nks.Y = b->ks.Y;
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    if ((r = duet_keyshare_validate(&nks)) != 0
        || (r = duet_keyshare_encode(&w, &nks)) != 0
        || (r = duet_session_finish(s, duet_buf_writer_ptr(&w),
            duet_buf_writer_len(&w))) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_buf_writer_free(&w);
    duet_keyshare_clear(&nks);
    return r;
}


static int
duet_refresh_step(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    /* session.c has checked the set against expect(): none missing. */
    switch (s->round) {
    case 1:
        return duet_refresh_round1(s, in, blame);
    case 2:
        return duet_refresh_round2(s, in, blame);
    case 3:
        return duet_refresh_round3(s, in, blame);
    case 4:
        return duet_refresh_round4(s, in, blame);
    case 5:
        return duet_refresh_round5(s, in, blame);
    default:
        return DUET_ERR_BAD_STATE;
    }
}


/* Body: every field in declaration order; the old share as its fields. */
static int
duet_refresh_body_encode(struct duet_buf_writer *w,
    const struct duet_session *s)
{
    const struct duet_refresh_body *b = s->body;
    int j, k;

    (void) duet_buf_put_u32(w, b->ks.epoch);
    (void) duet_keygen_put_scalar(w, &b->ks.x);
    for (k = 0; k < DUET_N_PARTIES; k++) {
        (void) duet_keygen_put_point(w, &b->ks.X[k], 0);
    }
    (void) duet_keygen_put_point(w, &b->ks.Y, 0);
    (void) duet_keygen_put_scalar(w, &b->coef);
    (void) duet_keygen_put_scalar(w, &b->tau);
    for (k = 0; k < DUET_N_PARTIES; k++) {
        (void) duet_keygen_put_scalar(w, &b->dh[k]);
    }
    (void) duet_keygen_put_scalar(w, &b->zsum);
    (void) duet_buf_put_bytes(w, b->u, sizeof(b->u));
    (void) duet_buf_put_bytes(w, &b->rid[0][0], sizeof(b->rid));
    (void) duet_buf_put_bytes(w, &b->v[0][0], sizeof(b->v));
    for (j = 0; j < DUET_N_PARTIES; j++) {
        (void) duet_keygen_put_point(w, &b->S1[j], DUET_POINT_ALLOW_INFINITY);
        for (k = 0; k < DUET_N_PARTIES; k++) {
            (void) duet_keygen_put_point(w, &b->dhpub[j][k],
                DUET_POINT_ALLOW_INFINITY);
        }
        (void) duet_keygen_put_point(w, &b->A[j], DUET_POINT_ALLOW_INFINITY);
    }
    (void) duet_buf_put_bytes(w, b->rid_all, sizeof(b->rid_all));
    (void) duet_keygen_put_scalar(w, &b->nx);
    for (k = 0; k < DUET_N_PARTIES; k++) {
        (void) duet_keygen_put_point(w, &b->nX[k], DUET_POINT_ALLOW_INFINITY);
    }
    return duet_buf_writer_error(w);
}


static int
duet_refresh_body_parse(struct duet_buf_reader *rd, struct duet_session *s)
{
    struct duet_refresh_body *b = s->body;
    int j, k, r;

    if (s->nparties != DUET_N_PARTIES || s->me >= DUET_N_PARTIES
        || s->round < 1 || s->round > 5)
    {
        return DUET_ERR_BAD_ENCODING;
    }
    b->ks.level = s->level;
    b->ks.index = s->me;
    if ((r = duet_buf_get_u32(rd, &b->ks.epoch)) != 0
        || (r = duet_keygen_get_scalar(rd, &b->ks.x)) != 0)
    {
        return r;
    }
    for (k = 0; k < DUET_N_PARTIES; k++) {
        if ((r = duet_keygen_get_point(rd, &b->ks.X[k], 0)) != 0) {
            return r;
        }
    }
    if ((r = duet_keygen_get_point(rd, &b->ks.Y, 0)) != 0
        || (r = duet_keygen_get_scalar(rd, &b->coef)) != 0
        || (r = duet_keygen_get_scalar(rd, &b->tau)) != 0)
    {
        return r;
    }
    for (k = 0; k < DUET_N_PARTIES; k++) {
        if ((r = duet_keygen_get_scalar(rd, &b->dh[k])) != 0) {
            return r;
        }
    }
    if ((r = duet_keygen_get_scalar(rd, &b->zsum)) != 0
        || (r = duet_buf_get_bytes(rd, b->u, sizeof(b->u))) != 0
        || (r = duet_buf_get_bytes(rd, &b->rid[0][0], sizeof(b->rid))) != 0
        || (r = duet_buf_get_bytes(rd, &b->v[0][0], sizeof(b->v))) != 0)
    {
        return r;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if ((r = duet_keygen_get_point(rd, &b->S1[j],
                DUET_POINT_ALLOW_INFINITY)) != 0)
        {
            return r;
        }
        for (k = 0; k < DUET_N_PARTIES; k++) {
            if ((r = duet_keygen_get_point(rd, &b->dhpub[j][k],
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
        || (r = duet_keygen_get_scalar(rd, &b->nx)) != 0)
    {
        return r;
    }
    for (k = 0; k < DUET_N_PARTIES; k++) {
        if ((r = duet_keygen_get_point(rd, &b->nX[k],
                DUET_POINT_ALLOW_INFINITY)) != 0)
        {
            return r;
        }
    }
    /* The old share must still be a valid one. */
    if (b->ks.epoch == UINT32_MAX) {
        return DUET_ERR_BAD_ENCODING;
    }
    return duet_keyshare_validate(&b->ks);
}


static void
duet_refresh_body_clear(struct duet_session *s)
{
    struct duet_refresh_body *b = s->body;

    if (b != NULL) {
        duet_keyshare_clear(&b->ks);
        duet_memclear(b, sizeof(*b));
    }
}


const struct duet_proto_ops duet_refresh_ops = {
    .proto = DUET_PROTO_REFRESH,
    .name = "refresh",
    .expect = duet_refresh_expect,
    .max_payload = duet_refresh_max_payload,
    .step = duet_refresh_step,
    .body_size = sizeof(struct duet_refresh_body),
    .body_encode = duet_refresh_body_encode,
    .body_parse = duet_refresh_body_parse,
    .body_clear = duet_refresh_body_clear,
};
