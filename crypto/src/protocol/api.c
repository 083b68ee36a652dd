/*
 * api.c -- the public protocol API (duet_session.h, duet_keygen.h,
 * duet_aux.h, duet_sign.h, duet_keyshare.h), and the JSON check and
 * Keccak-256 of duet_eth.h that duetd needs.  Every ARG_CHECK of those
 * headers lives here; the work is done in session.c, share.c, chain/ and
 * the protocol files.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_eth.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "bn/prime.h"
#include "chain/eth_json.h"
#include "chain/keccak.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "protocol/party.h"
#include "protocol/protocols.h"
#include "protocol/session.h"
#include "protocol/share.h"
#include "util/check.h"

static const uint8_t duet_all_parties[DUET_N_PARTIES] = { 0, 1, 2 };

/* A taken presignature: the record with its secrets (duet_sign.h). */
struct duet_presig {
    struct duet_presig_rec rec;
};


const struct duet_proto_ops *
duet_proto_ops_get(int proto)
{
    switch (proto) {
    case DUET_PROTO_KEYGEN:
        return &duet_keygen_ops;
    case DUET_PROTO_AUX:
        return &duet_aux_ops;
    case DUET_PROTO_PRESIGN:
        return &duet_presign_ops;
    case DUET_PROTO_SIGN:
        return &duet_sign_ops;
    case DUET_PROTO_REFRESH:
        return &duet_refresh_ops;
    default:
        return NULL;
    }
}


/* Sessions. */

int
duet_msg_peek(struct duet_msg_info *info, const uint8_t *msg, size_t len)
{
    ARG_CHECK(info != NULL);
    ARG_CHECK(msg != NULL || len == 0);

    return duet_msg_read_info(info, msg, len);
}


int
duet_session_step(struct duet_session *s, const uint8_t *const *msgs,
    const size_t *lens, size_t count, struct duet_blame *blame)
{
    size_t i;

    ARG_CHECK(s != NULL);
    ARG_CHECK(blame != NULL);
    ARG_CHECK(count == 0 || (msgs != NULL && lens != NULL));
    for (i = 0; i < count; i++) {
        ARG_CHECK(msgs[i] != NULL || lens[i] == 0);
    }

    return duet_session_run_step(s, msgs, lens, count, blame);
}


size_t
duet_session_outgoing_count(const struct duet_session *s)
{
    ARG_CHECK_RET(s != NULL, 0);

    return s->nout;
}


int
duet_session_outgoing(const struct duet_session *s, size_t i,
    const uint8_t **msg, size_t *len, int *recipient)
{
    ARG_CHECK(s != NULL);
    ARG_CHECK(msg != NULL);
    ARG_CHECK(len != NULL);
    ARG_CHECK(i < s->nout);

    *msg = s->out[i].msg;
    *len = s->out[i].len;
    if (recipient != NULL) {
        *recipient = s->out[i].recipient;
    }
    return 0;
}


int
duet_session_status(const struct duet_session *s)
{
    ARG_CHECK_RET(s != NULL, 0);

    return s->status;
}


int
duet_session_round(const struct duet_session *s)
{
    ARG_CHECK_RET(s != NULL, 0);

    return s->status == DUET_SESSION_RUNNING ? (int) s->round : 0;
}


int
duet_session_proto(const struct duet_session *s)
{
    ARG_CHECK_RET(s != NULL, 0);

    return s->ops->proto;
}


void
duet_session_blame(const struct duet_session *s, struct duet_blame *blame)
{
    ARG_CHECK_VOID(s != NULL);
    ARG_CHECK_VOID(blame != NULL);

    *blame = s->blame;
}


/* Copy src (n bytes) to out / *len with the size protocol of the API. */
static int
duet_api_copy_out(uint8_t *out, size_t *len, const uint8_t *src, size_t n)
{
    if (out == NULL || *len < n) {
        *len = n;
        return DUET_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, src, n);
    *len = n;
    return 0;
}


int
duet_session_result(const struct duet_session *s, uint8_t *out, size_t *len)
{
    ARG_CHECK(s != NULL);
    ARG_CHECK(len != NULL);

    if (s->status != DUET_SESSION_DONE) {
        return DUET_ERR_BAD_STATE;
    }
    return duet_api_copy_out(out, len, s->result, s->result_len);
}


int
duet_session_serialize(const struct duet_session *s, uint8_t *out,
    size_t *len)
{
    struct duet_buf_writer w;
    int r;

    ARG_CHECK(s != NULL);
    ARG_CHECK(len != NULL);

    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    if ((r = duet_session_write(&w, s)) == 0) {
        r = duet_api_copy_out(out, len, duet_buf_writer_ptr(&w),
            duet_buf_writer_len(&w));
    }
    duet_buf_writer_free(&w);
    return r;
}


int
duet_session_parse(struct duet_session **s, const uint8_t *blob, size_t len)
{
    ARG_CHECK(s != NULL);
    ARG_CHECK(blob != NULL);

    return duet_session_read(s, blob, len);
}


void
duet_session_destroy(struct duet_session *s)
{
    duet_session_free(s);
}


/* Keygen and refresh. */

static int
duet_api_sid_ok(const uint8_t *sid, size_t sid_len)
{
    return sid != NULL && sid_len >= DUET_SID_MIN && sid_len <= DUET_SID_MAX;
}


int
duet_keygen_start(struct duet_session **s, const uint8_t *sid,
    size_t sid_len, int level, int me)
{
    const struct duet_level *lv;
    int r;

    ARG_CHECK(s != NULL);
    *s = NULL;
    ARG_CHECK(duet_api_sid_ok(sid, sid_len));
    ARG_CHECK(me >= 0 && me < DUET_N_PARTIES);
    ARG_CHECK((lv = duet_level_get(level)) != NULL);

    if ((r = duet_session_new(s, &duet_keygen_ops, lv, sid, sid_len,
            (uint8_t) me, duet_all_parties, DUET_N_PARTIES)) != 0)
    {
        return r;
    }
    return duet_session_begin(s, duet_keygen_init, NULL);
}


int
duet_refresh_start(struct duet_session **s, const uint8_t *sid,
    size_t sid_len, const uint8_t *keyshare, size_t keyshare_len)
{
    struct duet_keyshare ks;
    struct duet_refresh_args args;
    int r;

    ARG_CHECK(s != NULL);
    *s = NULL;
    ARG_CHECK(duet_api_sid_ok(sid, sid_len));
    ARG_CHECK(keyshare != NULL);

    if ((r = duet_keyshare_parse(&ks, keyshare, keyshare_len)) != 0) {
        return r;
    }
    args.ks = &ks;
    if ((r = duet_session_new(s, &duet_refresh_ops, ks.level, sid, sid_len,
            ks.index, duet_all_parties, DUET_N_PARTIES)) == 0)
    {
        r = duet_session_begin(s, duet_refresh_init, &args);
    }
    duet_keyshare_clear(&ks);
    return r;
}


/* Aux info. */

int
duet_aux_start(struct duet_session **s, const uint8_t *sid, size_t sid_len,
    int level, int me, const uint8_t *const primes[4],
    const size_t prime_lens[4])
{
    const struct duet_level *lv;
    struct duet_aux_args args;
    mpz_t p[4];
    size_t bytes;
    int i, j, r = DUET_ERR_INTERNAL;

    ARG_CHECK(s != NULL);
    *s = NULL;
    ARG_CHECK(duet_api_sid_ok(sid, sid_len));
    ARG_CHECK(me >= 0 && me < DUET_N_PARTIES);
    ARG_CHECK((lv = duet_level_get(level)) != NULL);
    ARG_CHECK(primes != NULL && prime_lens != NULL);
    for (i = 0; i < 4; i++) {
        ARG_CHECK(primes[i] != NULL);
    }

    bytes = (lv->prime_bits + 7) / 8;
    for (i = 0; i < 4; i++) {
        mpz_init(p[i]);
    }
    for (i = 0; i < 4; i++) {
        if (prime_lens[i] != bytes) {
            r = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
        duet_bn_import(p[i], primes[i], prime_lens[i]);
        if (mpz_sizeinbase(p[i], 2) != lv->prime_bits
            || !duet_prime_is_safe_var(p[i]))
        {
            r = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
        for (j = 0; j < i; j++) {
            if (mpz_cmp(p[i], p[j]) == 0) {
                r = DUET_ERR_INVALID_ARGUMENT;
                goto out;
            }
        }
        args.primes[i] = p[i];
    }
    if ((r = duet_session_new(s, &duet_aux_ops, lv, sid, sid_len,
            (uint8_t) me, duet_all_parties, DUET_N_PARTIES)) != 0)
    {
        goto out;
    }
    r = duet_session_begin(s, duet_aux_init, &args);

out:
    for (i = 0; i < 4; i++) {
        mpz_clear(p[i]);
    }
    return r;
}


/* The prime generator's progress, forwarded to the public callback. */
struct duet_api_progress {
    duet_progress_fn fn;
    void *arg;
};


static int
duet_api_progress_cb(void *arg, unsigned long candidates)
{
    struct duet_api_progress *pr = arg;

    return pr->fn(pr->arg, candidates);
}


int
duet_safe_prime_generate(uint8_t *out, size_t *len, int level,
    duet_progress_fn progress, void *progress_arg)
{
    const struct duet_level *lv;
    struct duet_prime_gen_opts opts;
    struct duet_api_progress pr;
    size_t bytes;
    mpz_t p;
    int r;

    ARG_CHECK(len != NULL);
    ARG_CHECK((lv = duet_level_get(level)) != NULL);

    bytes = (lv->prime_bits + 7) / 8;
    if (out == NULL || *len < bytes) {
        *len = bytes;
        return DUET_ERR_BUFFER_TOO_SMALL;
    }
    memset(&opts, 0, sizeof(opts));
    if (progress != NULL) {
        pr.fn = progress;
        pr.arg = progress_arg;
        opts.progress = duet_api_progress_cb;
        opts.progress_arg = &pr;
    }
    mpz_init(p);
    if ((r = duet_prime_safe_generate(p, lv->prime_bits, &opts)) == 0
        && (r = duet_bn_export_fixed(out, bytes, p)) == 0)
    {
        *len = bytes;
    }
    mpz_clear(p);
    return r;
}


/* Presigning and signing. */

int
duet_presign_start(struct duet_session **s, const uint8_t *sid,
    size_t sid_len, const uint8_t *keyshare, size_t keyshare_len,
    const uint8_t *aux, size_t aux_len, const int signers[2],
    const uint8_t *shift)
{
    struct duet_keyshare ks;
    struct duet_aux ax;
    struct duet_scalar h;
    struct duet_presign_args args;
    uint8_t parties[2];
    int r;

    ARG_CHECK(s != NULL);
    *s = NULL;
    ARG_CHECK(duet_api_sid_ok(sid, sid_len));
    ARG_CHECK(keyshare != NULL);
    ARG_CHECK(aux != NULL);
    ARG_CHECK(signers != NULL);
    ARG_CHECK(duet_party_check_pair(signers) == 0);

    memset(&ks, 0, sizeof(ks));
    duet_aux_data_init(&ax);
    memset(&h, 0, sizeof(h));
    if (shift != NULL && duet_scalar_from_bytes(&h, shift) != 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_keyshare_parse(&ks, keyshare, keyshare_len)) != 0
        || (r = duet_aux_parse(&ax, aux, aux_len)) != 0)
    {
        goto out;
    }
    if (ks.index != ax.index || ks.level != ax.level) {
        r = DUET_ERR_EPOCH_MISMATCH;
        goto out;
    }
    if (signers[0] != ks.index && signers[1] != ks.index) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    parties[0] = (uint8_t) signers[0];
    parties[1] = (uint8_t) signers[1];
    args.ks = &ks;
    args.aux = &ax;
    args.shift = shift != NULL ? &h : NULL;
    if ((r = duet_session_new(s, &duet_presign_ops, ks.level, sid, sid_len,
            ks.index, parties, 2)) != 0)
    {
        goto out;
    }
    r = duet_session_begin(s, duet_presign_init, &args);

out:
    duet_keyshare_clear(&ks);
    duet_aux_data_clear(&ax);
    duet_scalar_clear(&h);
    return r;
}


int
duet_presig_take(struct duet_presig **token, uint8_t *blob, size_t len)
{
    struct duet_presig *t = NULL;
    struct duet_buf_writer w;
    int r;

    ARG_CHECK(token != NULL);
    *token = NULL;
    ARG_CHECK(blob != NULL);

    if ((t = calloc(1, sizeof(*t))) == NULL) {
        return DUET_ERR_NO_MEMORY;
    }
    if ((r = duet_presig_rec_parse(&t->rec, blob, len)) != 0) {
        goto out;
    }
    if (t->rec.consumed) {
        r = DUET_ERR_ALREADY_USED;
        goto out;
    }
    /* Rewrite the caller's blob as consumed, in place, same length. */
    t->rec.consumed = 1;
    duet_buf_writer_init(&w, blob, len);
    r = duet_presig_rec_encode(&w, &t->rec);
    t->rec.consumed = 0;
    if (r == 0 && duet_buf_writer_len(&w) != len) {
        r = DUET_ERR_INTERNAL;
    }
    if (r != 0) {
        goto out;
    }
    *token = t;
    t = NULL;

out:
    duet_presig_destroy(t);
    return r;
}


void
duet_presig_destroy(struct duet_presig *token)
{
    if (token == NULL) {
        return;
    }
    duet_presig_rec_clear(&token->rec);
    free(token);
}


/*
 * The 32-byte hash that is signed for (kind, msg): the library hashes
 * every kind but the raw digest, which its callers gate (spec 6.5, E9).
 */
static int
duet_api_sign_digest(uint8_t digest[32], int kind, const uint8_t *msg,
    size_t len)
{
    switch (kind) {
    case DUET_SIGN_ETH_TX:
        return duet_eth_tx_sighash(digest, NULL, NULL, msg, len);
    case DUET_SIGN_ETH_PERSONAL:
        return duet_eth_personal_hash(digest, msg, len);
    case DUET_SIGN_ETH_TYPED:
        if (msg == NULL) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        return duet_eth_typed_data_hash(digest, (const char *) msg, len);
    case DUET_SIGN_RAW_DIGEST:
        if (msg == NULL || len != 32) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        memcpy(digest, msg, 32);
        return 0;
    default:
        return DUET_ERR_INVALID_ARGUMENT;
    }
}


int
duet_sign_start(struct duet_session **s, struct duet_presig *token,
    int kind, const uint8_t *msg, size_t msg_len, const uint8_t *shift)
{
    struct duet_sign_args args;
    struct duet_scalar h;
    int r;

    ARG_CHECK(s != NULL);
    *s = NULL;
    ARG_CHECK(token != NULL);
    ARG_CHECK(msg != NULL || msg_len == 0);

    memset(&h, 0, sizeof(h));
    if (shift != NULL && duet_scalar_from_bytes(&h, shift) != 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (!duet_scalar_eq(&h, &token->rec.shift)) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if ((r = duet_api_sign_digest(args.digest, kind, msg, msg_len)) != 0) {
        goto out;
    }
    args.rec = &token->rec;
    if ((r = duet_session_new(s, &duet_sign_ops, token->rec.level,
            token->rec.sid, token->rec.sid_len, token->rec.me,
            token->rec.signers, 2)) != 0)
    {
        goto out;
    }
    r = duet_session_begin(s, duet_sign_init, &args);

out:
    duet_memclear(args.digest, sizeof(args.digest));
    duet_scalar_clear(&h);
    duet_presig_destroy(token);
    return r;
}


/* Blobs. */

int
duet_keyshare_inspect(struct duet_keyshare_info *info, const uint8_t *blob,
    size_t len)
{
    struct duet_keyshare ks;
    int j, r;

    ARG_CHECK(blob != NULL);

    if ((r = duet_keyshare_parse(&ks, blob, len)) != 0) {
        return r;
    }
    if (info != NULL) {
        memset(info, 0, sizeof(*info));
        info->level = ks.level->id;
        info->index = ks.index;
        info->epoch = ks.epoch;
        (void) duet_point_encode(info->pubkey, &ks.Y, 0);
        for (j = 0; j < DUET_N_PARTIES; j++) {
            (void) duet_point_encode(info->public_shares[j], &ks.X[j], 0);
        }
    }
    duet_keyshare_clear(&ks);
    return 0;
}


int
duet_aux_inspect(struct duet_aux_info *info, const uint8_t *blob, size_t len)
{
    struct duet_aux aux;
    int r;

    ARG_CHECK(blob != NULL);

    duet_aux_data_init(&aux);
    if ((r = duet_aux_parse(&aux, blob, len)) == 0 && info != NULL) {
        memset(info, 0, sizeof(*info));
        info->level = aux.level->id;
        info->index = aux.index;
        r = duet_aux_id(info->id, &aux);
    }
    duet_aux_data_clear(&aux);
    return r;
}


/* JSON and hashing (duet_eth.h). */

int
duet_eth_json_check(const char *json, size_t len)
{
    struct json_object *root = NULL;
    int r;

    ARG_CHECK(json != NULL || len == 0);

    /* The tree is built only to be dropped: the check is the point. */
    r = duet_eth_json_parse(&root, json, len);
    if (root != NULL) {
        json_object_put(root);
    }
    return r;
}


int
duet_eth_keccak256(uint8_t hash[DUET_ETH_HASH_BYTES], const uint8_t *in,
    size_t len)
{
    ARG_CHECK(hash != NULL);
    ARG_CHECK(in != NULL || len == 0);

    duet_keccak256(hash, in, len);
    return 0;
}
