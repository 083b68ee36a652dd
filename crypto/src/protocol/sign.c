/*
 * sign.c -- the one-round online signing of CGGMP24 (spec section 3.6,
 * 5.3) from a presignature record, a session protocol of the shape in
 * session.h.
 *
 *   init   m = digest mod q, r = x(Gamma) mod q (!= 0), sigma_i = k~ m +
 *          r chi~; k~ and chi~ are not kept (the body holds only public
 *          values); bcast {sigma_i}.
 *   1 in   sigma_j (32 bytes, canonical); for each signer j, in ascending
 *          keygen index: sigma_j Gamma = m Delta~_j + r S~_j, else
 *          DUET_ERR_BAD_PARTIAL_SIG naming j (E7); s = sum sigma_j; then
 *          duet_ecdsa_finish (curve/ecdsa.h): low-s, recovery id, verify
 *          and recover with libsecp256k1 against the (shifted) public key.
 *   -> r || s || recid (65 bytes).
 *
 * The session id is the presignature's: a presignature signs once, so the
 * sid of its sign session never repeats either.  The caller (api.c) has
 * taken the record out of its blob (consumed it) before calling init.
 */

#include "config.h"

#include <string.h>

#include "duet.h"
#include "duet_util.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "curve/ecdsa.h"
#include "protocol/protocols.h"
#include "protocol/session.h"
#include "protocol/share.h"

#define DUET_SIGN_BODY_VERSION  1

/* Everything the combiner needs; all public once sigma_i is sent. */
struct duet_sign_body {
    uint8_t pos;                        /* my position in s->parties */
    uint8_t digest[DUET_ECDSA_DIGEST_BYTES];
    struct duet_scalar m, r;            /* derived from digest, gamma */
    struct duet_scalar sigma;           /* my partial signature */
    struct duet_point gamma;            /* Gamma = R */
    struct duet_point pubkey;           /* Y + shift G */
    struct duet_point delta_t[2];       /* Delta~_j by position */
    struct duet_point s_t[2];           /* S~_j by position */
};


static unsigned
duet_sign_expect(const struct duet_session *s, unsigned round)
{
    (void) s;
    return round == 1 ? DUET_EXPECT_BCAST : 0;
}


static size_t
duet_sign_max_payload(const struct duet_session *s, unsigned round,
    int bcast)
{
    (void) s;
    return round == 1 && bcast ? DUET_SCALAR_BYTES : 0;
}


static void
duet_sign_body_clear(struct duet_session *s)
{
    if (s->body != NULL) {
        duet_memclear(s->body, sizeof(struct duet_sign_body));
    }
}


static int
duet_sign_put_point(struct duet_buf_writer *w, const struct duet_point *p)
{
    uint8_t enc[DUET_POINT_BYTES];
    int r;

    if ((r = duet_point_encode(enc, p, 0)) != 0) {
        return r;
    }
    return duet_buf_put_bytes(w, enc, sizeof(enc));
}


static int
duet_sign_get_point(struct duet_buf_reader *rd, struct duet_point *p)
{
    const uint8_t *enc;
    int r;

    if ((r = duet_buf_get_bytes_direct(rd, &enc, DUET_POINT_BYTES)) != 0) {
        duet_point_set_infinity(p);
        return r;
    }
    return duet_point_parse(p, enc, DUET_POINT_BYTES, 0);
}


static int
duet_sign_body_encode(struct duet_buf_writer *w, const struct duet_session *s)
{
    const struct duet_sign_body *b = s->body;
    int i, r;

    (void) duet_buf_put_u8(w, DUET_SIGN_BODY_VERSION);
    (void) duet_buf_put_u8(w, b->pos);
    (void) duet_buf_put_bytes(w, b->digest, sizeof(b->digest));
    (void) duet_buf_put_bytes(w, b->sigma.b, sizeof(b->sigma.b));
    if ((r = duet_sign_put_point(w, &b->gamma)) != 0
        || (r = duet_sign_put_point(w, &b->pubkey)) != 0)
    {
        return r;
    }
    for (i = 0; i < 2; i++) {
        if ((r = duet_sign_put_point(w, &b->delta_t[i])) != 0
            || (r = duet_sign_put_point(w, &b->s_t[i])) != 0)
        {
            return r;
        }
    }
    return duet_buf_writer_error(w);
}


/* m and r are recomputed from the digest and Gamma, not stored. */
static int
duet_sign_body_parse(struct duet_buf_reader *rd, struct duet_session *s)
{
    struct duet_sign_body *b = s->body;
    uint8_t version = 0, sigma[DUET_SCALAR_BYTES];
    int i, r = DUET_ERR_INTERNAL;

    (void) duet_buf_get_u8(rd, &version);
    (void) duet_buf_get_u8(rd, &b->pos);
    (void) duet_buf_get_bytes(rd, b->digest, sizeof(b->digest));
    (void) duet_buf_get_bytes(rd, sigma, sizeof(sigma));
    if ((r = duet_buf_reader_error(rd)) != 0) {
        goto out;
    }
    if (version != DUET_SIGN_BODY_VERSION) {
        r = DUET_ERR_BAD_VERSION;
        goto out;
    }
    if (s->nparties != 2 || b->pos > 1 || s->parties[b->pos] != s->me) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if ((r = duet_scalar_from_bytes(&b->sigma, sigma)) != 0
        || (r = duet_sign_get_point(rd, &b->gamma)) != 0
        || (r = duet_sign_get_point(rd, &b->pubkey)) != 0)
    {
        goto out;
    }
    for (i = 0; i < 2; i++) {
        if ((r = duet_sign_get_point(rd, &b->delta_t[i])) != 0
            || (r = duet_sign_get_point(rd, &b->s_t[i])) != 0)
        {
            goto out;
        }
    }
    duet_ecdsa_m(&b->m, b->digest);
    r = duet_ecdsa_r(&b->r, &b->gamma);

out:
    return r;
}


int
duet_sign_init(struct duet_session *s, const void *arg)
{
    const struct duet_sign_args *args = arg;
    const struct duet_presig_rec *rec;
    struct duet_sign_body *b = s->body;
    struct duet_scalar t;
    int pos, r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if (args == NULL || args->rec == NULL || b == NULL
        || s->nparties != 2)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    rec = args->rec;
    pos = duet_session_pos(s, s->me);
    if (rec->consumed || pos < 0 || rec->me != s->me
        || rec->signers[0] != s->parties[0]
        || rec->signers[1] != s->parties[1]
        || rec->level != s->level)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    b->pos = (uint8_t) pos;
    memcpy(b->digest, args->digest, sizeof(b->digest));
    b->gamma = rec->gamma;
    b->pubkey = rec->pubkey;
    b->delta_t[0] = rec->delta_t[0];
    b->delta_t[1] = rec->delta_t[1];
    b->s_t[0] = rec->s_t[0];
    b->s_t[1] = rec->s_t[1];
    duet_ecdsa_m(&b->m, b->digest);
    if ((r = duet_ecdsa_r(&b->r, &b->gamma)) != 0) {
        goto out;
    }

    /* sigma_i = k~ m + r chi~ (constant time in k~, chi~). */
    duet_scalar_mul(&b->sigma, &rec->k_t, &b->m);
    duet_scalar_mul(&t, &rec->chi_t, &b->r);
    duet_scalar_add(&b->sigma, &b->sigma, &t);
    r = duet_session_send(s, DUET_BROADCAST, b->sigma.b,
        sizeof(b->sigma.b));

out:
    duet_scalar_clear(&t);
    return r;
}


/* Returns: 1 if sigma Gamma = m Delta~ + r S~ (public values). */
static int
duet_sign_partial_ok(const struct duet_sign_body *b,
    const struct duet_scalar *sigma, int pos)
{
    struct duet_point lhs, rhs, t;

    duet_point_mul(&lhs, sigma, &b->gamma);
    duet_point_mul(&rhs, &b->m, &b->delta_t[pos]);
    duet_point_mul(&t, &b->r, &b->s_t[pos]);
    duet_point_add(&rhs, &rhs, &t);
    return duet_point_eq_var(&lhs, &rhs);
}


static int
duet_sign_step(struct duet_session *s, const struct duet_round_in *in,
    struct duet_blame *blame)
{
    struct duet_sign_body *b = s->body;
    const struct duet_in *msg;
    struct duet_buf_reader rd;
    struct duet_scalar sig[2], sum;
    uint8_t out[DUET_ECDSA_SIG_BYTES];
    int pos, j, peer, r = DUET_ERR_INTERNAL;

    if (s->round != 1) {
        return DUET_ERR_BAD_STATE;
    }
    peer = s->parties[1 - b->pos];
    msg = in->bcast[peer];
    if (msg == NULL) {
        return DUET_ERR_INTERNAL;
    }
    duet_buf_reader_init(&rd, msg->payload, msg->len);
    sig[b->pos] = b->sigma;
    if ((r = duet_buf_get_bytes(&rd, sig[1 - b->pos].b, DUET_SCALAR_BYTES))
        != 0
        || (r = duet_buf_reader_end(&rd)) != 0
        || (r = duet_scalar_from_bytes(&sig[1 - b->pos],
            sig[1 - b->pos].b)) != 0)
    {
        duet_blame_set(blame, peer, (int) s->round, r);
        return r;
    }

    /* Ascending keygen index, so that the blame is deterministic. */
    for (j = 0; j < 2; j++) {
        pos = (s->parties[0] < s->parties[1]) ? j : 1 - j;
        if (!duet_sign_partial_ok(b, &sig[pos], pos)) {
            if (pos == b->pos) {
                /* My own partial signature: a corrupt record. */
                return DUET_ERR_INTERNAL;
            }
            duet_blame_set(blame, s->parties[pos], (int) s->round,
                DUET_ERR_BAD_PARTIAL_SIG);
            return DUET_ERR_BAD_PARTIAL_SIG;
        }
    }

    /* Both partials passed: s = 0 or a failing signature is nobody's
       provable fault (and should not happen). */
    duet_scalar_add(&sum, &sig[0], &sig[1]);
    if ((r = duet_ecdsa_finish(out, NULL, &b->gamma, &sum, &b->pubkey,
            b->digest)) != 0)
    {
        return r;
    }
    return duet_session_finish(s, out, sizeof(out));
}


const struct duet_proto_ops duet_sign_ops = {
    DUET_PROTO_SIGN,
    "sign",
    duet_sign_expect,
    duet_sign_max_payload,
    duet_sign_step,
    sizeof(struct duet_sign_body),
    duet_sign_body_encode,
    duet_sign_body_parse,
    duet_sign_body_clear
};
