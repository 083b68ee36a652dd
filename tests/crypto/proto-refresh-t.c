/*
 * proto-refresh-t.c -- threshold key refresh (spec 7.3, correction C4)
 * as sessions: same public key, new shares, epoch + 1, determinism under
 * resume and retries; the negative suite (identity S_j0, wrong vector
 * lengths, a masked share off the polynomial, a bad Schnorr proof, a bad
 * confirmation, shares of another key or epoch), each asserting code,
 * culprit and round; and C4: a party that misses round 5 does not
 * finish while the old shares stay valid.  Signing with refreshed (or,
 * after an interrupted refresh, old) shares is tested end to end
 * elsewhere (proto-e2e-t).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_util.h"
#include "curve/curve.h"
#include "protocol/keygen.h"
#include "protocol/share.h"
#include "util/rand.h"
#include "proto-driver.h"
#include "basic.h"

#define LEVEL   DUET_LEVEL_112

/* Offset of u in refresh's honest round-3 decommitment (keygen.h). */
#define OFF_U   (32 + (1 + 66) + (1 + 99) + (1 + 33))


/* Envelope surgery (layout: session.c). */

static size_t
env_off_payload(const uint8_t *m)
{
    return 12 + (size_t) m[4];
}


static int
env_is_bcast(const uint8_t *m)
{
    return m[5 + (size_t) m[4] + 2] == DUET_BROADCAST;
}


static void
be32_inc(uint8_t *p)
{
    int k;

    for (k = 31; k >= 0; k--) {
        if (++p[k] != 0) {
            break;
        }
    }
}


#define K_ANY    0
#define K_BCAST  1
#define K_P2P    2

/* One in-flight edit of the messages matching (from, to, round, kind). */
struct tamper {
    int from, to, round, kind;      /* to = -1: every copy */
    int drop;
    int inc;                        /* add 1 to the scalar at off */
    int flip;                       /* payload[off] ^= 1 */
    size_t off;
    int hits;
};


static int
tamper_cb(void *arg, int from, int to, int round, uint8_t **msg, size_t *len)
{
    struct tamper *t = arg;
    int kind = env_is_bcast(*msg) ? K_BCAST : K_P2P;
    uint8_t *p = *msg + env_off_payload(*msg);

    if (t->from != from || t->round != round || (t->to >= 0 && t->to != to)
        || (t->kind != K_ANY && t->kind != kind))
    {
        return 0;
    }
    if (t->off >= *len - env_off_payload(*msg)) {
        bail("tamper offset past the payload");
    }
    t->hits++;
    if (t->inc) {
        be32_inc(p + t->off);
    }
    if (t->flip) {
        p[t->off] ^= 1;
    }
    return t->drop;
}


/* Sessions. */

static void
start_refresh(struct tp_run *run, const char *label, unsigned n,
    uint8_t *const share[3], const size_t len[3])
{
    uint8_t sid[32];
    int i, r;

    tp_sid(sid, label, n);
    tp_run_init(run);
    for (i = 0; i < 3; i++) {
        if ((r = duet_refresh_start(&run->s[i], sid, 32, share[i], len[i]))
            != 0)
        {
            bail("duet_refresh_start: %s", duet_errname(r));
        }
    }
    run->n = 3;
}


static struct duet_session *
clone_session(const struct duet_session *s)
{
    struct duet_session *c = NULL;
    uint8_t *blob;
    size_t len = 0;

    if (duet_session_serialize(s, NULL, &len) != DUET_ERR_BUFFER_TOO_SMALL) {
        bail("serialize size");
    }
    blob = bmalloc(len);
    if (duet_session_serialize(s, blob, &len) != 0
        || duet_session_parse(&c, blob, len) != 0)
    {
        bail("serialize/parse");
    }
    duet_memclear(blob, len);
    free(blob);
    return c;
}


/* The keygen shares every test refreshes (made once). */
static uint8_t *kg[3];
static size_t kg_len[3];


/* y = 2 x_0 - x_1: the secret, from the pair {0, 1}. */
static void
secret_of(struct duet_scalar *y, uint8_t *const share[3],
    const size_t len[3])
{
    struct duet_keyshare a, b;
    struct duet_scalar two;

    if (duet_keyshare_parse(&a, share[0], len[0]) != 0
        || duet_keyshare_parse(&b, share[1], len[1]) != 0)
    {
        bail("parse shares");
    }
    duet_scalar_set_u64(&two, 2);
    duet_scalar_mul(y, &a.x, &two);
    duet_scalar_sub(y, y, &b.x);
    duet_keyshare_clear(&a);
    duet_keyshare_clear(&b);
}


/* Refresh share[] honestly; check the result against the old shares. */
static int
check_refresh(const char *name, uint8_t *const old[3],
    const size_t old_len[3], uint8_t *out[3], size_t out_len[3],
    uint32_t epoch)
{
    struct tp_run run;
    struct duet_keyshare_info io[3], in[3];
    struct duet_keyshare ko, kn;
    struct duet_scalar y0, y1;
    int i, r, good = 1, changed = 1;

    start_refresh(&run, name, epoch, old, old_len);
    r = tp_run(&run);
    is_int(0, r, "%s: all three sessions finish", name);
    if (r != 0) {
        tp_run_free(&run);
        return r;
    }
    for (i = 0; i < 3; i++) {
        out[i] = tp_result(run.s[i], &out_len[i]);
        if (out[i] == NULL
            || duet_keyshare_inspect(&io[i], old[i], old_len[i]) != 0)
        {
            bail("result");
        }
        is_int(0, duet_keyshare_inspect(&in[i], out[i], out_len[i]),
            "%s: new share %d inspects (x G = X_i, one line through Y)",
            name, i);
        good = good && in[i].index == i && in[i].level == io[i].level
            && in[i].epoch == epoch && io[i].epoch + 1 == epoch
            && memcmp(in[i].pubkey, io[i].pubkey, 33) == 0;
        changed = changed
            && memcmp(in[i].public_shares, io[i].public_shares, 99) != 0;
        if (duet_keyshare_parse(&ko, old[i], old_len[i]) != 0
            || duet_keyshare_parse(&kn, out[i], out_len[i]) != 0)
        {
            bail("parse");
        }
        changed = changed && !duet_scalar_eq(&ko.x, &kn.x);
        duet_keyshare_clear(&ko);
        duet_keyshare_clear(&kn);
    }
    ok(good, "%s: same index, level and public key Y; epoch %u", name,
        (unsigned) epoch);
    ok(changed, "%s: every x_i and the public shares changed", name);
    ok(memcmp(in[0].public_shares, in[1].public_shares, 99) == 0
        && memcmp(in[0].public_shares, in[2].public_shares, 99) == 0,
        "%s: every party holds the same new public shares", name);
    secret_of(&y0, old, old_len);
    secret_of(&y1, out, out_len);
    ok(duet_scalar_eq(&y0, &y1), "%s: the shared secret is unchanged",
        name);
    duet_scalar_clear(&y0);
    duet_scalar_clear(&y1);
    tp_run_free(&run);
    return 0;
}


static void
test_honest(void)
{
    uint8_t *e1[3], *e2[3], *k128[3];
    size_t e1_len[3], e2_len[3], k128_len[3];

    if (check_refresh("refresh to epoch 1", kg, kg_len, e1, e1_len, 1) != 0)
    {
        return;
    }
    if (check_refresh("refresh to epoch 2", e1, e1_len, e2, e2_len, 2) == 0)
    {
        tp_free_blobs(e2, 3);
    }
    tp_free_blobs(e1, 3);

    if (tp_keygen(DUET_LEVEL_128, "refresh-128", k128, k128_len) != 0) {
        bail("keygen 128");
    }
    if (check_refresh("refresh at level 128", k128, k128_len, e1, e1_len, 1)
        == 0)
    {
        tp_free_blobs(e1, 3);
    }
    tp_free_blobs(k128, 3);
}


/* The same started sessions, run plainly, resumed and retried. */
static void
test_determinism(void)
{
    struct tp_run base, run[3];
    uint8_t *res[3][3];
    size_t len[3][3];
    int m, i, same = 1;

    start_refresh(&base, "refresh-determinism", 0, kg, kg_len);
    for (m = 0; m < 3; m++) {
        tp_run_init(&run[m]);
        for (i = 0; i < 3; i++) {
            run[m].s[i] = clone_session(base.s[i]);
        }
        run[m].n = 3;
        run[m].resume = m == 1;
        run[m].retry = m == 2;
        is_int(0, tp_run(&run[m]), "determinism: %s refresh finishes",
            m == 0 ? "plain" : m == 1 ? "resumed" : "retried");
        for (i = 0; i < 3; i++) {
            if ((res[m][i] = tp_result(run[m].s[i], &len[m][i])) == NULL) {
                bail("no result");
            }
        }
    }
    is_int(0, run[2].retry_mismatch,
        "refresh retry: byte-identical messages");
    for (m = 1; m < 3; m++) {
        for (i = 0; i < 3; i++) {
            same = same && len[m][i] == len[0][i]
                && memcmp(res[m][i], res[0][i], len[0][i]) == 0;
        }
    }
    ok(same, "refresh: resume at every round boundary and retries give the "
        "same shares");
    for (m = 0; m < 3; m++) {
        tp_free_blobs(res[m], 3);
        tp_run_free(&run[m]);
    }
    tp_run_free(&base);
}


/*
 * Refresh kg with t in flight and a dishonest party 2 (test hook); every
 * party in victims must abort with code, blaming culprit in round.
 */
static void
expect_abort(const char *name, struct tamper *t, int cheat_mode,
    uint8_t *const share[3], const size_t len[3], unsigned victims,
    int code, int culprit, int round)
{
    static unsigned serial;
    struct tp_run run;
    int i, good;

    duet_refresh_test_cheat(2, cheat_mode);
    start_refresh(&run, "refresh-neg", ++serial, share, len);
    if (t != NULL) {
        run.tamper = tamper_cb;
        run.tamper_arg = t;
    }
    run.stop_on_abort = 0;
    (void) tp_run(&run);
    duet_refresh_test_cheat(-1, DUET_REFRESH_TEST_HONEST);
    if (t != NULL && t->hits == 0) {
        diag("%s: the tamper matched no message", name);
    }

    for (i = 0; i < 3; i++) {
        if ((victims & (1u << i)) == 0) {
            continue;
        }
        good = run.err[i] == code && run.blame[i].party == culprit
            && run.blame[i].round == round && run.blame[i].reason == code
            && duet_session_status(run.s[i]) == DUET_SESSION_ABORTED;
        if (!ok(good, "%s: party %d -> %s, culprit %d, round %d", name, i,
                duet_errname(code), culprit, round))
        {
            diag("got %s, blame party %d round %d reason %s",
                duet_errname(run.err[i]), run.blame[i].party,
                run.blame[i].round, duet_errname(run.blame[i].reason));
        }
    }
    tp_run_free(&run);
}


static struct tamper *
tamper_set(struct tamper *t, int from, int to, int round, int kind)
{
    memset(t, 0, sizeof(*t));
    t->from = from;
    t->to = to;
    t->round = round;
    t->kind = kind;
    return t;
}


static void
test_negative(void)
{
    struct tamper t;
    uint8_t *other[3], *mixed[3], *e1[3];
    size_t other_len[3], mixed_len[3], e1_len[3];
    struct tp_run run;
    int i;

    expect_abort("S_20 != identity", NULL, DUET_REFRESH_TEST_S0_FINITE, kg,
        kg_len, 0x3, DUET_ERR_PROTOCOL, 2, 3);
    expect_abort("D1: S_2 with t+1 points", NULL,
        DUET_REFRESH_TEST_FELDMAN_LONG, kg, kg_len, 0x3, DUET_ERR_FELDMAN, 2,
        3);
    expect_abort("n-1 DH keys", NULL, DUET_REFRESH_TEST_DH_SHORT, kg, kg_len,
        0x3, DUET_ERR_PROTOCOL, 2, 3);
    expect_abort("t Schnorr nonces", NULL, DUET_REFRESH_TEST_NONCE_LONG, kg,
        kg_len, 0x3, DUET_ERR_PROTOCOL, 2, 3);

    tamper_set(&t, 2, -1, 3, K_BCAST)->flip = 1;
    t.off = OFF_U;
    expect_abort("D4: a decommitment that does not open", &t,
        DUET_REFRESH_TEST_HONEST, kg, kg_len, 0x3, DUET_ERR_COMMITMENT, 2, 3);

    tamper_set(&t, 2, -1, 2, K_BCAST)->flip = 1;
    expect_abort("D5: a wrong echo", &t, DUET_REFRESH_TEST_HONEST, kg,
        kg_len, 0x3, DUET_ERR_ECHO_MISMATCH, 2, 2);

    tamper_set(&t, 2, 0, 4, K_P2P)->inc = 1;
    expect_abort("masked share z_20 off the polynomial", &t,
        DUET_REFRESH_TEST_HONEST, kg, kg_len, 0x1, DUET_ERR_FELDMAN, 2, 4);

    tamper_set(&t, 2, -1, 4, K_BCAST)->inc = 1;
    expect_abort("bad Schnorr response", &t, DUET_REFRESH_TEST_HONEST, kg,
        kg_len, 0x3, DUET_ERR_PROOF_INVALID, 2, 4);

    tamper_set(&t, 2, -1, 5, K_BCAST)->flip = 1;
    t.off = 7;
    expect_abort("C4: a confirmation that differs", &t,
        DUET_REFRESH_TEST_HONEST, kg, kg_len, 0x3, DUET_ERR_EPOCH_MISMATCH, 2,
        5);

    tamper_set(&t, 2, -1, 1, K_BCAST)->flip = 1;
    t.off = 40;
    expect_abort("a wrong fingerprint of the old sharing", &t,
        DUET_REFRESH_TEST_HONEST, kg, kg_len, 0x3, DUET_ERR_EPOCH_MISMATCH, 2,
        1);

    /* Party 2 brings a share of another key, or of another epoch. */
    if (tp_keygen(LEVEL, "refresh-other-key", other, other_len) != 0) {
        bail("keygen");
    }
    for (i = 0; i < 3; i++) {
        mixed[i] = i == 2 ? other[2] : kg[i];
        mixed_len[i] = i == 2 ? other_len[2] : kg_len[i];
    }
    expect_abort("F7: party 2 refreshes a share of another key", NULL,
        DUET_REFRESH_TEST_HONEST, mixed, mixed_len, 0x3,
        DUET_ERR_EPOCH_MISMATCH, 2, 1);
    start_refresh(&run, "refresh-to-e1", 0, kg, kg_len);
    if (tp_run(&run) != 0) {
        bail("refresh");
    }
    for (i = 0; i < 3; i++) {
        e1[i] = tp_result(run.s[i], &e1_len[i]);
    }
    tp_run_free(&run);
    for (i = 0; i < 3; i++) {
        mixed[i] = i == 2 ? e1[2] : kg[i];
        mixed_len[i] = i == 2 ? e1_len[2] : kg_len[i];
    }
    expect_abort("F7: party 2 refreshes its epoch-1 share, the others "
        "epoch 0", NULL, DUET_REFRESH_TEST_HONEST, mixed, mixed_len, 0x3,
        DUET_ERR_EPOCH_MISMATCH, 2, 1);
    tp_free_blobs(e1, 3);
    tp_free_blobs(other, 3);
}


/*
 * C4: the round-5 confirmation of party 1 never reaches party 0.  Parties
 * 1 and 2 finish; party 0 does not (it waits, and must keep the old
 * share); all three old shares still inspect.
 */
static void
test_c4_interrupted(void)
{
    struct tamper t;
    struct tp_run run;
    struct duet_keyshare_info info;
    int i, r, good = 1;

    start_refresh(&run, "refresh-c4", 0, kg, kg_len);
    tamper_set(&t, 1, 0, 5, K_BCAST)->drop = 1;
    run.tamper = tamper_cb;
    run.tamper_arg = &t;
    r = tp_run(&run);
    ok(r == DUET_ERR_MISSING_MESSAGE && t.hits == 1,
        "C4: the run stops with a missing round-5 message");
    ok(duet_session_status(run.s[0]) == DUET_SESSION_RUNNING
        && duet_session_round(run.s[0]) == 5
        && run.err[0] == DUET_ERR_MISSING_MESSAGE && run.blame[0].party == 1,
        "C4: party 0 did not finish: it waits for party 1's round 5");
    ok(duet_session_status(run.s[1]) == DUET_SESSION_DONE
        && duet_session_status(run.s[2]) == DUET_SESSION_DONE,
        "C4: parties 1 and 2 finished");
    for (i = 0; i < 3; i++) {
        good = good && duet_keyshare_inspect(&info, kg[i], kg_len[i]) == 0
            && info.epoch == 0;
    }
    ok(good, "C4: all three old (epoch 0) shares still inspect");
    tp_run_free(&run);
}


static void
test_start_args(void)
{
    struct duet_session *s = NULL;
    uint8_t sid[32], blob[512];

    tp_sid(sid, "refresh-args", 0);
    if (kg_len[0] >= sizeof(blob)) {
        bail("share size");
    }
    memcpy(blob, kg[0], kg_len[0]);
    blob[12] ^= 1;      /* x */
    is_int(DUET_ERR_PROTOCOL, duet_refresh_start(&s, sid, 32, blob,
        kg_len[0]), "refresh_start: a share with x G != X_i is refused");
    ok(s == NULL, "refresh_start: no session on failure");
    memcpy(blob, kg[0], kg_len[0]);
    blob[kg_len[0]] = 0;
    is_int(DUET_ERR_TRAILING_DATA, duet_refresh_start(&s, sid, 32, blob,
        kg_len[0] + 1), "refresh_start: a byte after the share is refused");
    is_int(0, duet_refresh_start(&s, sid, 32, kg[0], kg_len[0]),
        "refresh_start: the honest share starts");
    ok(s != NULL && duet_session_round(s) == 1
        && duet_session_outgoing_count(s) == 1,
        "refresh_start: round 1's broadcast is ready");
    duet_session_destroy(s);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_rand_test_seed(tap_seed());
    if (tp_keygen(LEVEL, "refresh-kg", kg, kg_len) != 0) {
        bail("keygen");
    }

    test_honest();
    test_determinism();
    test_negative();
    test_c4_interrupted();
    test_start_args();

    tp_free_blobs(kg, 3);
    return 0;
}
