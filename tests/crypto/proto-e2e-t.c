/*
 * proto-e2e-t.c -- the protocols end to end through the public API only:
 * keygen and aux at both levels, every signer pair presigns and signs,
 * each signature checked by libsecp256k1 AND by OpenSSL (independent
 * implementations) and its recovery id recovering the key and address;
 * resume at every round boundary and retries giving identical bytes;
 * one-shot presignatures; key refresh (same key, new shares, epochs never
 * mix, an interrupted refresh leaves the old epoch signing: correction
 * C4).
 *
 * Level 128 runs one aux generation (about 15 s of CPU); everything
 * else runs at level 112.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_eth.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "basic.h"
#include "proto-driver.h"
#include "util/rand.h"

static secp256k1_context *ctx;


/* OpenSSL's ECDSA verify of (r, s) on hash under the compressed key. */
static int
openssl_verify(const uint8_t pub[33], const uint8_t hash[32],
    const uint8_t rs[64])
{
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *pctx = NULL, *vctx = NULL;
    EVP_PKEY *pkey = NULL;
    ECDSA_SIG *sig = NULL;
    BIGNUM *r = NULL, *s = NULL;
    unsigned char *der = NULL;
    int der_len, ok = 0;

    if ((bld = OSSL_PARAM_BLD_new()) == NULL
        || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
            "secp256k1", 0)
        || !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
            pub, 33)
        || (params = OSSL_PARAM_BLD_to_param(bld)) == NULL
        || (pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL
        || EVP_PKEY_fromdata_init(pctx) <= 0
        || EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
    {
        goto out;
    }
    if ((sig = ECDSA_SIG_new()) == NULL
        || (r = BN_bin2bn(rs, 32, NULL)) == NULL
        || (s = BN_bin2bn(rs + 32, 32, NULL)) == NULL
        || !ECDSA_SIG_set0(sig, r, s))
    {
        goto out;
    }
    r = s = NULL;
    if ((der_len = i2d_ECDSA_SIG(sig, &der)) <= 0
        || (vctx = EVP_PKEY_CTX_new(pkey, NULL)) == NULL
        || EVP_PKEY_verify_init(vctx) <= 0)
    {
        goto out;
    }
    ok = EVP_PKEY_verify(vctx, der, (size_t) der_len, hash, 32) == 1;

out:
    OPENSSL_free(der);
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    EVP_PKEY_CTX_free(vctx);
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    return ok;
}


/*
 * Check a signature on msg (EIP-191) under pub: libsecp256k1 verify,
 * OpenSSL verify, low s, and recovery to pub.
 */
static void
check_signature(const char *what, const uint8_t pub[33], const uint8_t *msg,
    size_t msg_len, const uint8_t sig[65])
{
    secp256k1_ecdsa_signature es;
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_pubkey pk, rec;
    uint8_t hash[32], out[33];
    size_t out_len = 33;
    int lib_ok, low_s, rec_ok;

    if (duet_eth_personal_hash(hash, msg, msg_len) != 0) {
        bail("personal hash");
    }
    lib_ok = secp256k1_ec_pubkey_parse(ctx, &pk, pub, 33)
        && secp256k1_ecdsa_signature_parse_compact(ctx, &es, sig)
        && secp256k1_ecdsa_verify(ctx, &es, hash, &pk);
    low_s = !secp256k1_ecdsa_signature_normalize(ctx, NULL, &es);
    ok(lib_ok, "%s: libsecp256k1 verifies", what);
    ok(low_s, "%s: s is low (E8)", what);
    ok(openssl_verify(pub, hash, sig), "%s: OpenSSL verifies", what);
    rec_ok = sig[64] <= 3
        && secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs,
            sig, sig[64])
        && secp256k1_ecdsa_recover(ctx, &rec, &rs, hash)
        && secp256k1_ec_pubkey_serialize(ctx, out, &out_len, &rec,
            SECP256K1_EC_COMPRESSED)
        && memcmp(out, pub, 33) == 0;
    ok(rec_ok, "%s: recovery id %d recovers the key", what, sig[64]);
}


struct material {
    int level;
    uint8_t *share[3], *aux[3];
    size_t share_len[3], aux_len[3];
    uint8_t pub[33];
};


static void
material_free(struct material *m)
{
    tp_free_blobs(m->share, 3);
    tp_free_blobs(m->aux, 3);
}


/* Keygen and aux through the protocols; checks every output. */
static int
make_material(struct material *m, int level, const char *label)
{
    struct duet_keyshare_info ki[3];
    struct duet_aux_info ai[3];
    int i, r, same = 1;

    memset(m, 0, sizeof(*m));
    m->level = level;
    r = tp_keygen(level, label, m->share, m->share_len);
    is_int(0, r, "level %d: keygen of three parties", level);
    if (r != 0) {
        return r;
    }
    for (i = 0; i < 3; i++) {
        is_int(0, duet_keyshare_inspect(&ki[i], m->share[i],
            m->share_len[i]), "level %d: key share %d validates", level, i);
        ok(ki[i].index == i && ki[i].epoch == 0 && ki[i].level == level,
            "level %d: key share %d index, epoch 0, level", level, i);
        same &= memcmp(ki[i].pubkey, ki[0].pubkey, 33) == 0;
    }
    ok(same, "level %d: the three shares have one public key", level);
    memcpy(m->pub, ki[0].pubkey, 33);
    r = tp_aux(level, label, 0, m->aux, m->aux_len);
    is_int(0, r, "level %d: aux of three parties", level);
    if (r != 0) {
        return r;
    }
    same = 1;
    for (i = 0; i < 3; i++) {
        is_int(0, duet_aux_inspect(&ai[i], m->aux[i], m->aux_len[i]),
            "level %d: aux %d validates", level, i);
        same &= memcmp(ai[i].id, ai[0].id, 32) == 0 && ai[i].index == i;
    }
    ok(same, "level %d: the three aux blobs agree", level);
    return 0;
}


/* Presign with pair (a, b) and sign msg; check the signature. */
static int
sign_pair(const struct material *m, int a, int b, const char *msg,
    uint8_t sig_out[65])
{
    uint8_t *presig[2], sig[65];
    size_t presig_len[2];
    char what[96];
    int r;

    snprintf(what, sizeof(what), "level %d, signers {%d,%d}", m->level, a,
        b);
    r = tp_presign(what, m->share, m->share_len, m->aux, m->aux_len, a, b,
        NULL, presig, presig_len);
    is_int(0, r, "%s: presign", what);
    if (r != 0) {
        return r;
    }
    r = tp_sign(presig, presig_len, (const uint8_t *) msg, strlen(msg),
        NULL, sig);
    is_int(0, r, "%s: sign", what);
    if (r == 0) {
        check_signature(what, m->pub, (const uint8_t *) msg, strlen(msg),
            sig);
        if (sig_out != NULL) {
            memcpy(sig_out, sig, 65);
        }
    }
    tp_free_blobs(presig, 2);
    return r;
}


static void
test_pairs(const struct material *m, int all_orders)
{
    static const int pairs[6][2] = {
        { 0, 1 }, { 0, 2 }, { 1, 2 }, { 1, 0 }, { 2, 0 }, { 2, 1 }
    };
    int k;

    for (k = 0; k < (all_orders ? 6 : 3); k++) {
        (void) sign_pair(m, pairs[k][0], pairs[k][1], "duet e2e", NULL);
    }
}


/* A presignature is one-shot: take twice -> ALREADY_USED. */
static void
test_one_shot(const struct material *m)
{
    uint8_t *presig[2];
    size_t presig_len[2];
    struct duet_presig *tok = NULL;
    uint8_t *copy;

    if (tp_presign("one-shot", m->share, m->share_len, m->aux, m->aux_len,
            0, 1, NULL, presig, presig_len) != 0)
    {
        ok(0, "E1: presign for the one-shot test");
        return;
    }
    copy = malloc(presig_len[0]);
    memcpy(copy, presig[0], presig_len[0]);
    is_int(0, duet_presig_take(&tok, presig[0], presig_len[0]),
        "E1: first take of a presignature");
    ok(memcmp(copy, presig[0], presig_len[0]) != 0,
        "E1: the blob was rewritten in place as consumed");
    duet_presig_destroy(tok);
    tok = NULL;
    is_int(DUET_ERR_ALREADY_USED,
        duet_presig_take(&tok, presig[0], presig_len[0]),
        "E1: second take of the consumed blob -> ALREADY_USED");
    ok(tok == NULL, "E1: no token from a consumed blob");
    free(copy);
    tp_free_blobs(presig, 2);
}


/* Resume at every boundary and retry every step: same bytes. */
static void
test_resume_retry(int level)
{
    struct tp_run plain, resumed;
    uint8_t sid[32], *a, *b;
    size_t al, bl;
    int i, same = 1;

    tp_sid(sid, "resume", 0);
    tp_run_init(&plain);
    tp_run_init(&resumed);
    duet_rand_test_seed(0x5e55);
    for (i = 0; i < 3; i++) {
        if (duet_keygen_start(&plain.s[i], sid, 32, level, i) != 0) {
            bail("keygen_start");
        }
    }
    plain.n = 3;
    duet_rand_test_seed(0x5e55);
    for (i = 0; i < 3; i++) {
        if (duet_keygen_start(&resumed.s[i], sid, 32, level, i) != 0) {
            bail("keygen_start");
        }
    }
    resumed.n = 3;
    resumed.resume = 1;
    resumed.retry = 1;
    is_int(0, tp_run(&plain), "resume: keygen run straight through");
    is_int(0, tp_run(&resumed),
        "resume: keygen resumed from blobs at every round");
    ok(!resumed.retry_mismatch,
        "F3: every retried step returned byte-identical messages");
    for (i = 0; i < 3; i++) {
        a = tp_result(plain.s[i], &al);
        b = tp_result(resumed.s[i], &bl);
        same &= a != NULL && b != NULL && al == bl && memcmp(a, b, al) == 0;
        free(a);
        free(b);
    }
    ok(same, "resume: identical key shares with and without resuming");
    tp_run_free(&plain);
    tp_run_free(&resumed);
    duet_rand_test_reset();
}


/* Tamper hook: drop round `arg` messages addressed to party 2. */
static int
drop_to_2(void *arg, int from, int to, int round, uint8_t **msg,
    size_t *len)
{
    (void) from;
    (void) msg;
    (void) len;
    return to == 2 && round == *(int *) arg;
}


static int
run_refresh(const struct material *m, const char *label, int drop_round,
    uint8_t *out[3], size_t out_len[3], struct tp_run *keep)
{
    struct tp_run run;
    uint8_t sid[32];
    int i, r;

    tp_run_init(&run);
    tp_sid(sid, label, 9);
    for (i = 0; i < 3; i++) {
        out[i] = NULL;
        if ((r = duet_refresh_start(&run.s[i], sid, 32, m->share[i],
                m->share_len[i])) != 0)
        {
            tp_run_free(&run);
            return r;
        }
    }
    run.n = 3;
    if (drop_round > 0) {
        run.tamper = drop_to_2;
        run.tamper_arg = &drop_round;
    }
    r = tp_run(&run);
    for (i = 0; i < 3; i++) {
        if (duet_session_status(run.s[i]) == DUET_SESSION_DONE) {
            out[i] = tp_result(run.s[i], &out_len[i]);
        }
    }
    if (keep != NULL) {
        *keep = run;
    } else {
        tp_run_free(&run);
    }
    return r;
}


static void
test_refresh(struct material *m)
{
    struct material fresh, mixed;
    struct duet_keyshare_info old_i, new_i;
    struct tp_run run;
    uint8_t *nshare[3], *presig[2];
    size_t nlen[3], presig_len[2];
    int i, r, drop = 5;

    r = run_refresh(m, "refresh", 0, nshare, nlen, NULL);
    is_int(0, r, "refresh: three parties complete");
    if (r != 0) {
        tp_free_blobs(nshare, 3);
        return;
    }
    for (i = 0; i < 3; i++) {
        if (duet_keyshare_inspect(&old_i, m->share[i], m->share_len[i]) != 0
            || duet_keyshare_inspect(&new_i, nshare[i], nlen[i]) != 0)
        {
            ok(0, "refresh: share %d inspects", i);
            continue;
        }
        ok(memcmp(old_i.pubkey, new_i.pubkey, 33) == 0
            && new_i.epoch == old_i.epoch + 1
            && memcmp(old_i.public_shares[i], new_i.public_shares[i], 33)
               != 0,
            "refresh: share %d keeps Y, moves to epoch %u, new X_%d", i,
            (unsigned) new_i.epoch, i);
    }

    /* New shares sign (with the same aux). */
    fresh = *m;
    for (i = 0; i < 3; i++) {
        fresh.share[i] = nshare[i];
        fresh.share_len[i] = nlen[i];
    }
    (void) sign_pair(&fresh, 0, 2, "after refresh", NULL);

    /* Old share of 0 with new share of 1: detected, not a bad signature. */
    mixed = fresh;
    mixed.share[0] = m->share[0];
    mixed.share_len[0] = m->share_len[0];
    r = tp_presign("mixed epochs", mixed.share, mixed.share_len, mixed.aux,
        mixed.aux_len, 0, 1, NULL, presig, presig_len);
    is_int(DUET_ERR_EPOCH_MISMATCH, r,
        "refresh: old share 0 with new share 1 -> EPOCH_MISMATCH");
    tp_free_blobs(presig, 2);
    tp_free_blobs(nshare, 3);

    /* C4: the confirmation round never reaches party 2. */
    r = run_refresh(m, "refresh-cut", drop, nshare, nlen, &run);
    ok(r != 0, "C4: refresh with round %d to party 2 dropped stops", drop);
    ok(duet_session_status(run.s[2]) == DUET_SESSION_RUNNING
        && nshare[2] == NULL,
        "C4: party 2 has no new share");
    tp_run_free(&run);
    tp_free_blobs(nshare, 3);
    (void) sign_pair(m, 0, 2, "old epoch after a cut refresh", NULL);
    (void) sign_pair(m, 1, 2, "old epoch after a cut refresh", NULL);
}


int
main(int argc, char **argv)
{
    struct material m112, m128;

    tap_init(argc, argv);
    plan_lazy();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_rand_test_seed(tap_seed());
    if ((ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE)) == NULL) {
        bail("secp256k1 context");
    }

    if (make_material(&m112, DUET_LEVEL_112, "e2e-112") == 0) {
        test_pairs(&m112, 1);
        test_one_shot(&m112);
        test_refresh(&m112);
    }
    material_free(&m112);
    test_resume_retry(DUET_LEVEL_112);

    duet_rand_test_seed(tap_seed() + 1);
    if (make_material(&m128, DUET_LEVEL_128, "e2e-128") == 0) {
        test_pairs(&m128, 0);
    }
    material_free(&m128);

    secp256k1_context_destroy(ctx);
    return 0;
}
