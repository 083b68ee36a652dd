/*
 * share.c -- key shares, aux info and presignature records: validation
 * and blobs (share.h).
 */

#include "config.h"

#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "hash/hash.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "protocol/party.h"
#include "protocol/share.h"
#include "transcript/transcript.h"

/* Fingerprint and aux-id transcripts need a sid: a fixed label. */
static const uint8_t duet_share_label[16] = "duet.share.id.v1";


/* Common blob header. */
static int
duet_share_get_header(struct duet_buf_reader *rd, uint32_t magic,
    const struct duet_level **level, uint8_t *index)
{
    uint32_t m = 0;
    uint16_t v = 0;
    uint8_t lv = 0;
    int r;

    if ((r = duet_buf_get_u32(rd, &m)) != 0) {
        return r;
    }
    if (m != magic) {
        return DUET_ERR_BAD_MAGIC;
    }
    if ((r = duet_buf_get_u16(rd, &v)) != 0) {
        return r;
    }
    if (v != DUET_SHARE_VERSION) {
        return DUET_ERR_BAD_VERSION;
    }
    if ((r = duet_buf_get_u8(rd, &lv)) != 0
        || (r = duet_buf_get_u8(rd, index)) != 0)
    {
        return r;
    }
    if ((*level = duet_level_get(lv)) == NULL) {
        return DUET_ERR_UNSUPPORTED;
    }
    if (*index >= DUET_N_PARTIES) {
        return DUET_ERR_BAD_ENCODING;
    }
    return 0;
}


static int
duet_share_get_point(struct duet_buf_reader *rd, struct duet_point *p,
    unsigned flags)
{
    const uint8_t *b;
    int r;

    if ((r = duet_buf_get_bytes_direct(rd, &b, DUET_POINT_BYTES)) != 0) {
        return r;
    }
    return duet_point_parse(p, b, DUET_POINT_BYTES, flags);
}


static int
duet_share_put_point(struct duet_buf_writer *w, const struct duet_point *p,
    unsigned flags)
{
    uint8_t b[DUET_POINT_BYTES];
    int r;

    if ((r = duet_point_encode(b, p, flags)) != 0) {
        return r;
    }
    return duet_buf_put_bytes(w, b, sizeof(b));
}


static int
duet_share_get_scalar(struct duet_buf_reader *rd, struct duet_scalar *s)
{
    uint8_t b[DUET_SCALAR_BYTES];
    int r;

    if ((r = duet_buf_get_bytes(rd, b, sizeof(b))) == 0) {
        r = duet_scalar_from_bytes(s, b);
    }
    duet_memclear(b, sizeof(b));
    return r;
}


static int
duet_share_put_scalar(struct duet_buf_writer *w, const struct duet_scalar *s)
{
    uint8_t b[DUET_SCALAR_BYTES];
    int r;

    duet_scalar_to_bytes(b, s);
    r = duet_buf_put_bytes(w, b, sizeof(b));
    duet_memclear(b, sizeof(b));
    return r;
}


/* Key shares. */

void
duet_keyshare_clear(struct duet_keyshare *ks)
{
    duet_scalar_clear(&ks->x);
    duet_memclear(ks, sizeof(*ks));
}


int
duet_keyshare_validate(const struct duet_keyshare *ks)
{
    struct duet_point xg, t;
    int r, j;

    if (ks->level == NULL || duet_level_get(ks->level->id) != ks->level) {
        return DUET_ERR_UNSUPPORTED;
    }
    if (ks->index >= DUET_N_PARTIES) {
        return DUET_ERR_BAD_ENCODING;
    }
    if (duet_scalar_is_zero(&ks->x)) {
        return DUET_ERR_ZERO_SCALAR;
    }
    if (duet_point_is_infinity(&ks->Y)) {
        return DUET_ERR_INFINITY;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if (duet_point_is_infinity(&ks->X[j])) {
            return DUET_ERR_INFINITY;
        }
    }
    if ((r = duet_point_mul_gen(&xg, &ks->x)) != 0) {
        return r;
    }
    if (!duet_point_eq_var(&xg, &ks->X[ks->index])) {
        return DUET_ERR_PROTOCOL;
    }
    /* The line through (1, X_0) and (2, X_1) must meet (0, Y), (3, X_2). */
    duet_party_interpolate(&t, 0, &ks->X[0], 1, &ks->X[1], 0);
    if (!duet_point_eq_var(&t, &ks->Y)) {
        return DUET_ERR_PROTOCOL;
    }
    duet_party_interpolate(&t, 0, &ks->X[0], 1, &ks->X[1], 3);
    if (!duet_point_eq_var(&t, &ks->X[2])) {
        return DUET_ERR_PROTOCOL;
    }
    return 0;
}


int
duet_keyshare_encode(struct duet_buf_writer *w, const struct duet_keyshare *ks)
{
    int j;

    duet_buf_put_u32(w, DUET_KEYSHARE_MAGIC);
    duet_buf_put_u16(w, DUET_SHARE_VERSION);
    duet_buf_put_u8(w, (uint8_t) ks->level->id);
    duet_buf_put_u8(w, ks->index);
    duet_buf_put_u32(w, ks->epoch);
    duet_share_put_scalar(w, &ks->x);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_share_put_point(w, &ks->X[j], 0);
    }
    duet_share_put_point(w, &ks->Y, 0);
    return duet_buf_writer_error(w);
}


int
duet_keyshare_parse(struct duet_keyshare *ks, const uint8_t *blob, size_t len)
{
    struct duet_buf_reader rd;
    int r, j;

    memset(ks, 0, sizeof(*ks));
    duet_buf_reader_init(&rd, blob, len);
    if ((r = duet_share_get_header(&rd, DUET_KEYSHARE_MAGIC, &ks->level,
            &ks->index)) != 0
        || (r = duet_buf_get_u32(&rd, &ks->epoch)) != 0
        || (r = duet_share_get_scalar(&rd, &ks->x)) != 0)
    {
        goto out;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if ((r = duet_share_get_point(&rd, &ks->X[j], 0)) != 0) {
            goto out;
        }
    }
    if ((r = duet_share_get_point(&rd, &ks->Y, 0)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        goto out;
    }
    r = duet_keyshare_validate(ks);

out:
    if (r != 0) {
        duet_keyshare_clear(ks);
    }
    return r;
}


int
duet_keyshare_fingerprint(uint8_t out[32], const struct duet_keyshare *ks)
{
    struct duet_transcript t;
    int j, r;

    if ((r = duet_transcript_init(&t, "duet.keyshare.fp", 1,
            duet_share_label, sizeof(duet_share_label), 0, 0)) != 0)
    {
        return r;
    }
    duet_transcript_absorb_u64(&t, 1, (uint64_t) ks->level->id);
    duet_transcript_absorb_u64(&t, 2, ks->epoch);
    duet_transcript_absorb_point(&t, 3, &ks->Y);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_transcript_absorb_point(&t, 4, &ks->X[j]);
    }
    r = duet_transcript_digest(&t, out);
    duet_transcript_clear(&t);
    return r;
}


/* Aux info. */

void
duet_aux_data_init(struct duet_aux *aux)
{
    int j;

    memset(aux, 0, sizeof(*aux));
    duet_paillier_sk_init(&aux->sk);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_paillier_pk_init(&aux->pk[j]);
        duet_rp_params_init(&aux->rp[j]);
    }
}


void
duet_aux_data_clear(struct duet_aux *aux)
{
    int j;

    duet_paillier_sk_clear(&aux->sk);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_paillier_pk_clear(&aux->pk[j]);
        duet_rp_params_clear(&aux->rp[j]);
    }
    aux->level = NULL;
    aux->index = 0;
}


int
duet_aux_encode(struct duet_buf_writer *w, const struct duet_aux *aux)
{
    int j;

    duet_buf_put_u32(w, DUET_AUX_MAGIC);
    duet_buf_put_u16(w, DUET_SHARE_VERSION);
    duet_buf_put_u8(w, (uint8_t) aux->level->id);
    duet_buf_put_u8(w, aux->index);
    duet_bn_put(w, aux->sk.p);
    duet_bn_put(w, aux->sk.q);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_bn_put(w, aux->pk[j].n);
        duet_bn_put(w, aux->rp[j].n);
        duet_bn_put(w, aux->rp[j].s);
        duet_bn_put(w, aux->rp[j].t);
    }
    return duet_buf_writer_error(w);
}


int
duet_aux_parse(struct duet_aux *aux, const uint8_t *blob, size_t len)
{
    struct duet_buf_reader rd;
    const struct duet_level *level = NULL;
    mpz_t p, q, n, nh, s, t;
    size_t pmax, nmax;
    uint8_t index = 0;
    int i, j, r;

    mpz_inits(p, q, n, nh, s, t, NULL);
    duet_buf_reader_init(&rd, blob, len);
    if ((r = duet_share_get_header(&rd, DUET_AUX_MAGIC, &level, &index))
        != 0)
    {
        goto out;
    }
    pmax = (level->prime_bits + 7) / 8;
    nmax = (level->modulus_max_bits + 7) / 8;
    if ((r = duet_bn_get(&rd, p, pmax)) != 0
        || (r = duet_bn_get(&rd, q, pmax)) != 0)
    {
        goto out;
    }
    /*
     * Our own blob (share.h): the primes were tested when the aux info
     * was made, so only their shape is checked here; N_index = p q below.
     */
    if (duet_paillier_sk_from_checked_primes(&aux->sk, p, q, NULL, level,
            NULL) != 0)
    {
        r = DUET_ERR_PROTOCOL;
        goto out;
    }
    for (j = 0; j < DUET_N_PARTIES; j++) {
        if ((r = duet_bn_get(&rd, n, nmax)) != 0
            || (r = duet_bn_get(&rd, nh, nmax)) != 0
            || (r = duet_bn_get(&rd, s, nmax)) != 0
            || (r = duet_bn_get(&rd, t, nmax)) != 0)
        {
            goto out;
        }
        if (duet_paillier_pk_set_var(&aux->pk[j], n, level, NULL) != 0
            || duet_rp_params_set_var(&aux->rp[j], nh, s, t, level, NULL)
               != 0)
        {
            r = DUET_ERR_LIMIT_EXCEEDED;
            goto out;
        }
    }
    if ((r = duet_buf_reader_end(&rd)) != 0) {
        goto out;
    }
    if (mpz_cmp(aux->pk[index].n, aux->sk.pk.n) != 0) {
        r = DUET_ERR_PROTOCOL;
        goto out;
    }
    /* All six moduli pairwise distinct (B4). */
    for (i = 0; i < 2 * DUET_N_PARTIES; i++) {
        for (j = 0; j < i; j++) {
            mpz_srcptr a = i % 2 ? aux->rp[i / 2].n : aux->pk[i / 2].n;
            mpz_srcptr b = j % 2 ? aux->rp[j / 2].n : aux->pk[j / 2].n;
            if (mpz_cmp(a, b) == 0) {
                r = DUET_ERR_PROTOCOL;
                goto out;
            }
        }
    }
    aux->level = level;
    aux->index = index;
    r = 0;

out:
    if (r != 0) {
        duet_aux_data_clear(aux);
        duet_aux_data_init(aux);
    }
    mpz_clears(p, q, n, nh, s, t, NULL);
    return r;
}


int
duet_aux_id(uint8_t out[32], const struct duet_aux *aux)
{
    struct duet_transcript t;
    int j, r;

    if ((r = duet_transcript_init(&t, "duet.aux.id", 1, duet_share_label,
            sizeof(duet_share_label), 0, 0)) != 0)
    {
        return r;
    }
    duet_transcript_absorb_u64(&t, 1, (uint64_t) aux->level->id);
    for (j = 0; j < DUET_N_PARTIES; j++) {
        duet_transcript_absorb_bn(&t, 2, aux->pk[j].n);
        duet_transcript_absorb_bn(&t, 3, aux->rp[j].n);
        duet_transcript_absorb_bn(&t, 4, aux->rp[j].s);
        duet_transcript_absorb_bn(&t, 5, aux->rp[j].t);
    }
    r = duet_transcript_digest(&t, out);
    duet_transcript_clear(&t);
    return r;
}


/* Presignature records. */

void
duet_presig_rec_clear(struct duet_presig_rec *p)
{
    duet_scalar_clear(&p->k_t);
    duet_scalar_clear(&p->chi_t);
    duet_memclear(p, sizeof(*p));
}


int
duet_presig_rec_encode(struct duet_buf_writer *w,
    const struct duet_presig_rec *p)
{
    struct duet_scalar zero;
    int j;

    memset(&zero, 0, sizeof(zero));
    duet_buf_put_u32(w, DUET_PRESIG_MAGIC);
    duet_buf_put_u16(w, DUET_SHARE_VERSION);
    duet_buf_put_u8(w, (uint8_t) p->level->id);
    duet_buf_put_u8(w, p->me);
    duet_buf_put_u8(w, (uint8_t) p->sid_len);
    duet_buf_put_bytes(w, p->sid, p->sid_len);
    duet_buf_put_u8(w, p->signers[0]);
    duet_buf_put_u8(w, p->signers[1]);
    duet_buf_put_u8(w, p->consumed);
    duet_buf_put_bytes(w, p->key_fp, sizeof(p->key_fp));
    duet_share_put_scalar(w, &p->shift);
    duet_share_put_point(w, &p->pubkey, 0);
    duet_share_put_point(w, &p->gamma, 0);
    for (j = 0; j < 2; j++) {
        duet_share_put_point(w, &p->delta_t[j], DUET_POINT_ALLOW_INFINITY);
        duet_share_put_point(w, &p->s_t[j], DUET_POINT_ALLOW_INFINITY);
    }
    /* A consumed record keeps its length; its secrets are zeros. */
    duet_share_put_scalar(w, p->consumed ? &zero : &p->k_t);
    duet_share_put_scalar(w, p->consumed ? &zero : &p->chi_t);
    return duet_buf_writer_error(w);
}


int
duet_presig_rec_parse(struct duet_presig_rec *p, const uint8_t *blob,
    size_t len)
{
    struct duet_buf_reader rd;
    uint8_t sid_len = 0;
    int j, r;

    memset(p, 0, sizeof(*p));
    duet_buf_reader_init(&rd, blob, len);
    if ((r = duet_share_get_header(&rd, DUET_PRESIG_MAGIC, &p->level,
            &p->me)) != 0
        || (r = duet_buf_get_u8(&rd, &sid_len)) != 0)
    {
        goto out;
    }
    if (sid_len < 16 || sid_len > sizeof(p->sid)) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    p->sid_len = sid_len;
    if ((r = duet_buf_get_bytes(&rd, p->sid, sid_len)) != 0
        || (r = duet_buf_get_u8(&rd, &p->signers[0])) != 0
        || (r = duet_buf_get_u8(&rd, &p->signers[1])) != 0
        || (r = duet_buf_get_u8(&rd, &p->consumed)) != 0
        || (r = duet_buf_get_bytes(&rd, p->key_fp, sizeof(p->key_fp))) != 0
        || (r = duet_share_get_scalar(&rd, &p->shift)) != 0
        || (r = duet_share_get_point(&rd, &p->pubkey, 0)) != 0
        || (r = duet_share_get_point(&rd, &p->gamma, 0)) != 0)
    {
        goto out;
    }
    for (j = 0; j < 2; j++) {
        if ((r = duet_share_get_point(&rd, &p->delta_t[j],
                DUET_POINT_ALLOW_INFINITY)) != 0
            || (r = duet_share_get_point(&rd, &p->s_t[j],
                DUET_POINT_ALLOW_INFINITY)) != 0)
        {
            goto out;
        }
    }
    if ((r = duet_share_get_scalar(&rd, &p->k_t)) != 0
        || (r = duet_share_get_scalar(&rd, &p->chi_t)) != 0
        || (r = duet_buf_reader_end(&rd)) != 0)
    {
        goto out;
    }
    if (p->consumed > 1 || p->signers[0] >= DUET_N_PARTIES
        || p->signers[1] >= DUET_N_PARTIES || p->signers[0] == p->signers[1]
        || (p->me != p->signers[0] && p->me != p->signers[1]))
    {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }

out:
    if (r != 0) {
        duet_presig_rec_clear(p);
    }
    return r;
}


#ifdef DUET_TEST_HOOKS
int
duet_share_test_deal_aux(const struct duet_level *level,
    mpz_srcptr const primes[12], struct duet_buf_writer out[3])
{
    struct duet_paillier_sk sk[DUET_N_PARTIES];
    struct duet_rp_secret rp[DUET_N_PARTIES];
    struct duet_aux aux;
    int i, j, r = DUET_ERR_INTERNAL;

    for (i = 0; i < DUET_N_PARTIES; i++) {
        duet_paillier_sk_init(&sk[i]);
        duet_rp_secret_init(&rp[i]);
    }
    duet_aux_data_init(&aux);
    for (i = 0; i < DUET_N_PARTIES; i++) {
        if ((r = duet_paillier_sk_from_primes(&sk[i], primes[4 * i],
                primes[4 * i + 1], level, NULL)) != 0
            || (r = duet_rp_secret_from_primes(&rp[i], primes[4 * i + 2],
                primes[4 * i + 3], level, NULL)) != 0)
        {
            goto out;
        }
    }
    for (i = 0; i < DUET_N_PARTIES; i++) {
        duet_aux_data_clear(&aux);
        duet_aux_data_init(&aux);
        aux.level = level;
        aux.index = (uint8_t) i;
        if ((r = duet_paillier_sk_from_primes(&aux.sk, primes[4 * i],
                primes[4 * i + 1], level, NULL)) != 0)
        {
            goto out;
        }
        for (j = 0; j < DUET_N_PARTIES; j++) {
            if ((r = duet_paillier_pk_set_var(&aux.pk[j], sk[j].pk.n, level,
                    NULL)) != 0
                || (r = duet_rp_params_set_var(&aux.rp[j], rp[j].pub.n,
                    rp[j].pub.s, rp[j].pub.t, level, NULL)) != 0)
            {
                goto out;
            }
        }
        if ((r = duet_aux_encode(&out[i], &aux)) != 0) {
            goto out;
        }
    }
    r = 0;

out:
    duet_aux_data_clear(&aux);
    for (i = 0; i < DUET_N_PARTIES; i++) {
        duet_paillier_sk_clear(&sk[i]);
        duet_rp_secret_clear(&rp[i]);
    }
    return r;
}
#endif
