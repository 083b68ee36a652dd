/*
 * client-t.c -- the client library's parts that need no server: message
 * routing and the JSON message arrays (cli/client_proto.c), and the checks
 * of an unsigned transaction against what was asked (cli/client.c), with
 * party 1 played in process by libduet sessions standing in for duetd.
 *
 * The flows run exactly the code the HTTP client runs around a call
 * (duet_client_collect, _check_inbound, _advance on threads of their own
 * while party 1 steps, as duet_client_round does), at level 112 with the
 * published test primes: a DKG (keygen and aux-info side by side,
 * parties 0 and 2 local, each on its own thread), a Signer+Server
 * signature, and a misbehaving party 1 (wrong sender, wrong round,
 * missing and tampered messages) which the client must name.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
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
#include "client.h"
#include "client_int.h"

#define SID_DKG    "n1.AAAAAAAAAAAAAAAAAAAAAA"
#define SID_SIGN   "n1.BBBBBBBBBBBBBBBBBBBBBB"
#define SID_BAD    "n1.CCCCCCCCCCCCCCCCCCCCCC"

/* Party 1, standing in for duetd: its sessions and what it answered. */
struct fake {
    struct duet_session  *s[2];
    size_t                n;
};


static void
load_prime(uint8_t *out, size_t *len, unsigned idx)
{
    const char  *top = getenv("top_srcdir");
    char         path[4096], line[1024];
    unsigned     seen = 0;
    size_t       n;
    FILE        *f;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-1024.txt",
             top != NULL ? top : ".");
    if ((f = fopen(path, "r")) == NULL) {
        bail("cannot open %s", path);
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n' || seen++ != idx) {
            continue;
        }
        n = strcspn(line, "\r\n");
        if (duet_hex_decode(out, DUET_PRIME_BYTES_112, len, line, n) != 0
            || *len != DUET_PRIME_BYTES_112)
        {
            bail("bad prime %u in %s", idx, path);
        }
        fclose(f);
        return;
    }
    bail("%s has no prime %u", path, idx);
}


static void
engine_sid(char *out, const char *sid, const char *proto)
{
    snprintf(out, DUET_SID_MAX + 1, "%s/%s", sid, proto);
}


/* The outgoing messages of party 1 as duetd sends them: a JSON array. */
static void
fake_outgoing(struct fake *f, struct duet_client_msgs *answer)
{
    struct json_object  *arr = json_object_new_array();
    const uint8_t       *p;
    size_t               i, k, len;
    char                *b64, why[128];

    for (i = 0; i < f->n; i++) {
        for (k = 0; k < duet_session_outgoing_count(f->s[i]); k++) {
            if (duet_session_outgoing(f->s[i], k, &p, &len, NULL) != 0) {
                bail("party 1 outgoing");
            }
            b64 = bmalloc(DUET_BASE64URL_ENCODED_SIZE(len));
            if (duet_base64url_encode(b64, DUET_BASE64URL_ENCODED_SIZE(len),
                                      p, len) != 0)
            {
                bail("base64url");
            }
            json_object_array_add(arr, json_object_new_string(b64));
            free(b64);
        }
    }
    if (duet_client_msgs_from_json(answer, arr, why, sizeof(why)) != 0) {
        bail("party 1's answer does not decode: %s", why);
    }
    json_object_put(arr);
}


/*
 * Party 1 receives the client's round (as the JSON body duetd gets),
 * steps each of its sessions with the messages of its protocol, and
 * answers with its next round.
 */
static int
fake_round(struct fake *f, const struct duet_client_msgs *from_client,
    struct duet_client_msgs *answer)
{
    struct duet_client_msgs   got;
    struct json_object       *body, *arr;
    struct duet_blame         blame;
    const uint8_t            *ptr[8];
    size_t                    lens[8], i, k, cnt;
    char                     *json, why[128];
    size_t                    json_len;
    int                       e;

    duet_client_msgs_init(&got);
    if (duet_client_msgs_to_json(from_client, &json, &json_len) != 0
        || (body = duet_client_json_parse(json, json_len)) == NULL
        || !json_object_object_get_ex(body, "messages", &arr)
        || duet_client_msgs_from_json(&got, arr, why, sizeof(why)) != 0)
    {
        bail("the client's round body does not decode");
    }
    free(json);
    json_object_put(body);
    for (i = 0; i < f->n; i++) {
        cnt = 0;
        for (k = 0; k < got.n && cnt < 8; k++) {
            if (got.v[k].info.proto == duet_session_proto(f->s[i])) {
                ptr[cnt] = got.v[k].data;
                lens[cnt++] = got.v[k].len;
            }
        }
        if ((e = duet_session_step(f->s[i], ptr, lens, cnt, &blame)) != 0) {
            diag("party 1 %s: %s (blame %d)",
                 duet_client_proto_name(duet_session_proto(f->s[i])),
                 duet_errname(e), blame.party);
            duet_client_msgs_clear(&got);
            return e;
        }
    }
    duet_client_msgs_clear(&got);
    fake_outgoing(f, answer);
    return 0;
}


static int
only_for_server(const struct duet_client_msgs *m)
{
    size_t  i;

    for (i = 0; i < m->n; i++) {
        if ((m->v[i].info.recipient != 1
             && m->v[i].info.recipient != DUET_BROADCAST)
            || m->v[i].info.sender == 1)
        {
            return 0;
        }
    }
    return m->n > 0;
}


/* The local parties' step of one round, on a thread of its own. */
struct pstep {
    struct duet_session *const     *s;
    const int                      *party;
    size_t                          n;
    const struct duet_client_msgs  *local;
    const struct duet_client_msgs  *in;
    char                            why[256];
};


static int
pstep_run(void *arg)
{
    struct pstep  *st = arg;

    return duet_client_advance(st->s, st->party, st->n, st->local, st->in,
                               st->why, sizeof(st->why));
}


/*
 * One round as the HTTP client runs it (cli/client.c, duet_client_round):
 * the local parties' messages collected, duetd's checked, then the n
 * local sessions stepped on `threads` threads while party 1, standing in
 * for the request, steps on this one.  *in: duetd's messages of the
 * round, replaced by those of the next.
 */
static int
pipelined_round(struct duet_session *const *cs, const int *party, size_t n,
    size_t threads, struct fake *f, struct duet_client_msgs *in, int *routed,
    char *why, size_t why_size)
{
    struct duet_client_msgs   local, out, next;
    struct duet_client_task   t[2];
    struct pstep              st[2];
    size_t                    i, per;
    int                       r, e, fr;

    duet_client_msgs_init(&local);
    duet_client_msgs_init(&out);
    duet_client_msgs_init(&next);
    if (threads == 0 || threads > 2 || n % threads != 0) {
        bail("pipelined_round: %zu sessions on %zu threads", n, threads);
    }
    if ((r = duet_client_collect(cs, party, n, &local, &out, why, why_size))
        != 0
        || (r = duet_client_check_inbound(cs, party, n, in, why, why_size))
           != 0)
    {
        goto out;
    }
    *routed &= only_for_server(&out);
    per = n / threads;
    for (i = 0; i < threads; i++) {
        st[i].s = cs + i * per;
        st[i].party = party + i * per;
        st[i].n = per;
        st[i].local = &local;
        st[i].in = in;
        st[i].why[0] = '\0';
        duet_client_task_start(&t[i], pstep_run, &st[i]);
    }
    fr = fake_round(f, &out, &next);
    for (i = 0; i < threads; i++) {
        if ((e = duet_client_task_join(&t[i])) != 0 && r == 0) {
            r = e;
            snprintf(why, why_size, "%s", st[i].why);
        }
    }
    if (r == 0 && fr != 0) {
        r = fr;
        snprintf(why, why_size, "party 1: %s", duet_errname(fr));
    }
    duet_client_msgs_clear(in);
    *in = next;
    duet_client_msgs_init(&next);

out:
    duet_client_msgs_clear(&local);
    duet_client_msgs_clear(&out);
    duet_client_msgs_clear(&next);
    return r;
}


static uint8_t *
result(struct duet_session *s, size_t *len)
{
    uint8_t  *buf;

    *len = 0;
    if (duet_session_status(s) != DUET_SESSION_DONE
        || duet_session_result(s, NULL, len) != DUET_ERR_BUFFER_TOO_SMALL)
    {
        return NULL;
    }
    buf = bmalloc(*len);
    if (duet_session_result(s, buf, len) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}


static void
test_json_arrays(void)
{
    struct duet_client_msgs   m;
    struct json_object       *o;
    char                      why[128], many[40 * 7 + 8];
    size_t                    i;
    static const struct {
        const char  *json;
        const char  *what;
    } bad[] = {
        { "{}", "an object" },
        { "[1]", "a number" },
        { "[\"!!!!\"]", "not base64url" },
        { "[\"AAAA\"]", "not an envelope" },
        { "[\"\"]", "an empty string" },
    };

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        duet_client_msgs_init(&m);
        o = duet_client_json_parse(bad[i].json, strlen(bad[i].json));
        ok(o != NULL, "JSON %s parses", bad[i].json);
        is_int(DUET_CLIENT_ERR_MISMATCH,
               duet_client_msgs_from_json(&m, o, why, sizeof(why)),
               "messages: %s is refused (%s)", bad[i].what, why);
        is_int(0, (long long) m.n, "messages: nothing kept of %s",
               bad[i].what);
        duet_client_msgs_clear(&m);
        json_object_put(o);
    }
    strcpy(many, "[");
    for (i = 0; i < DUET_CLIENT_MAX_MESSAGES + 1; i++) {
        strcat(many, i == 0 ? "\"AAAA\"" : ",\"AAAA\"");
    }
    strcat(many, "]");
    duet_client_msgs_init(&m);
    o = duet_client_json_parse(many, strlen(many));
    is_int(DUET_CLIENT_ERR_MISMATCH,
           duet_client_msgs_from_json(&m, o, why, sizeof(why)),
           "messages: more than %d are refused", DUET_CLIENT_MAX_MESSAGES);
    json_object_put(o);
    duet_client_msgs_clear(&m);

    ok(duet_client_json_parse("{\"a\":1} x", 9) == NULL,
       "JSON: trailing garbage is refused");
}


struct material {
    uint8_t  *share[3], *aux[3];
    size_t    share_len[3], aux_len[3];
    uint8_t   pubkey[33];
};


static void
test_dkg(struct material *mat)
{
    /* As cli/client.c holds them: a party's keygen and aux together. */
    static const int             party[4] = { 0, 0, 2, 2 };
    struct duet_session         *cs[4] = { NULL };
    struct fake                  f;
    struct duet_client_msgs      in, out;
    struct duet_keyshare_info    ki[3];
    struct duet_aux_info         ai[3];
    uint8_t                      pb[12][DUET_PRIME_BYTES_112];
    const uint8_t               *pp[12];
    size_t                       pl[12];
    char                         ksid[DUET_SID_MAX + 1];
    char                         asid[DUET_SID_MAX + 1], why[256];
    int                          i, k, rc, all_ok = 1, routed = 1;

    memset(&f, 0, sizeof(f));
    for (i = 0; i < 12; i++) {
        load_prime(pb[i], &pl[i], (unsigned) i);
        pp[i] = pb[i];
    }
    engine_sid(ksid, SID_DKG, "keygen");
    engine_sid(asid, SID_DKG, "aux");
    for (i = 0; i < 2; i++) {
        if (duet_keygen_start(&cs[2 * i], (const uint8_t *) ksid,
                              strlen(ksid), DUET_LEVEL_112, party[2 * i])
            != 0
            || duet_aux_start(&cs[2 * i + 1], (const uint8_t *) asid,
                              strlen(asid), DUET_LEVEL_112, party[2 * i],
                              pp + 4 * i, pl + 4 * i) != 0)
        {
            bail("client sessions");
        }
    }
    if (duet_keygen_start(&f.s[0], (const uint8_t *) ksid, strlen(ksid),
                          DUET_LEVEL_112, 1) != 0
        || duet_aux_start(&f.s[1], (const uint8_t *) asid, strlen(asid),
                          DUET_LEVEL_112, 1, pp + 8, pl + 8) != 0)
    {
        bail("party 1 sessions");
    }
    f.n = 2;
    duet_memclear(pb, sizeof(pb));

    duet_client_msgs_init(&in);
    duet_client_msgs_init(&out);
    fake_outgoing(&f, &in);
    for (k = 1; k <= 4; k++) {
        /* Parties 0 and 2 on two threads, party 1 on this one. */
        rc = pipelined_round(cs, party, 4, 2, &f, &in, &routed, why,
                             sizeof(why));
        if (rc != 0) {
            diag("DKG round %d: %s", k, why);
            all_ok = 0;
            break;
        }
    }
    ok(all_ok, "DKG: four rounds, keygen and aux side by side, parties 0, "
       "1 and 2 on three threads");
    ok(routed, "DKG: duetd gets only broadcasts and party 1's messages");
    is_int(0, (long long) in.n, "DKG: party 1 has nothing after round 4");
    duet_client_msgs_clear(&in);
    duet_client_msgs_clear(&out);

    for (i = 0; i < 3; i++) {
        struct duet_session  *ks = i == 1 ? f.s[0] : cs[i];
        struct duet_session  *as = i == 1 ? f.s[1] : cs[i + 1];

        mat->share[i] = result(ks, &mat->share_len[i]);
        mat->aux[i] = result(as, &mat->aux_len[i]);
        ok(mat->share[i] != NULL && mat->aux[i] != NULL
           && duet_keyshare_inspect(&ki[i], mat->share[i],
                                    mat->share_len[i]) == 0
           && duet_aux_inspect(&ai[i], mat->aux[i], mat->aux_len[i]) == 0
           && ki[i].index == i && ai[i].index == i,
           "DKG: party %d has a valid key share and aux info", i);
    }
    ok(memcmp(ki[0].pubkey, ki[1].pubkey, 33) == 0
       && memcmp(ki[2].pubkey, ki[1].pubkey, 33) == 0
       && memcmp(ai[0].id, ai[1].id, 32) == 0
       && memcmp(ai[2].id, ai[1].id, 32) == 0,
       "DKG: the three parties agree on the key and the aux info");
    memcpy(mat->pubkey, ki[1].pubkey, 33);
    for (i = 0; i < 4; i++) {
        duet_session_destroy(cs[i]);
    }
    duet_session_destroy(f.s[0]);
    duet_session_destroy(f.s[1]);
}


static void
test_sign(const struct material *mat)
{
    static const int              party0[1] = { 0 };
    static const int              pair[2] = { 0, 1 };
    static const char             msg[] = "duet client-t";
    struct duet_session          *cs = NULL, *next = NULL;
    struct duet_presig           *tok;
    struct fake                   f;
    struct duet_client_msgs       in, out;
    secp256k1_context            *ctx;
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_pubkey              rec;
    uint8_t                       sig[65], sig1[65], hash[32], ser[33];
    uint8_t                      *presig;
    size_t                        len, n;
    char                          psid[DUET_SID_MAX + 1], why[256];
    int                           k, all_ok = 1, routed = 1;

    memset(&f, 0, sizeof(f));
    engine_sid(psid, SID_SIGN, "presign");
    if (duet_presign_start(&cs, (const uint8_t *) psid, strlen(psid),
                           mat->share[0], mat->share_len[0], mat->aux[0],
                           mat->aux_len[0], pair, NULL) != 0
        || duet_presign_start(&f.s[0], (const uint8_t *) psid, strlen(psid),
                              mat->share[1], mat->share_len[1], mat->aux[1],
                              mat->aux_len[1], pair, NULL) != 0)
    {
        bail("presign start");
    }
    f.n = 1;
    duet_client_msgs_init(&in);
    duet_client_msgs_init(&out);
    fake_outgoing(&f, &in);
    for (k = 1; k <= 4 && all_ok; k++) {
        if (k < 4) {
            /* Presign rounds: our step overlaps with party 1's. */
            if (pipelined_round(&cs, party0, 1, 1, &f, &in, &routed, why,
                                sizeof(why)) != 0)
            {
                diag("signing call %d: %s", k, why);
                all_ok = 0;
                break;
            }
        } else {
            if (duet_client_exchange(&cs, party0, 1, &in, &out, why,
                                     sizeof(why)) != 0)
            {
                diag("signing call %d: %s", k, why);
                all_ok = 0;
                break;
            }
            duet_client_msgs_clear(&in);
        }
        if (k == 3) {
            /* Both sides: presignature -> partial signature. */
            presig = result(cs, &len);
            if (presig == NULL || duet_presig_take(&tok, presig, len) != 0
                || duet_sign_start(&next, tok, DUET_SIGN_ETH_PERSONAL,
                                   (const uint8_t *) msg, strlen(msg),
                                   NULL) != 0)
            {
                bail("client sign start");
            }
            free(presig);
            duet_session_destroy(cs);
            cs = next;
        }
        if (k == 4) {
            routed &= only_for_server(&out);
            if (fake_round(&f, &out, &in) != 0) {
                all_ok = 0;
                break;
            }
            duet_client_msgs_clear(&out);
        }
        if (k == 3) {
            /* Party 1 stepped in pipelined_round: it has presigned. */
            duet_client_msgs_clear(&in);
            presig = result(f.s[0], &len);
            if (presig == NULL || duet_presig_take(&tok, presig, len) != 0
                || duet_sign_start(&next, tok, DUET_SIGN_ETH_PERSONAL,
                                   (const uint8_t *) msg, strlen(msg),
                                   NULL) != 0)
            {
                bail("party 1 sign start");
            }
            free(presig);
            duet_session_destroy(f.s[0]);
            f.s[0] = next;
            fake_outgoing(&f, &in);
        }
    }
    ok(all_ok, "signing: presign and sign in four calls, presign rounds "
       "stepped on a second thread");
    ok(routed, "signing: duetd gets only party 0's broadcasts and "
       "messages to party 1");
    n = sizeof(sig);
    ok(duet_session_status(cs) == DUET_SESSION_DONE
       && duet_session_result(cs, sig, &n) == 0 && n == 65,
       "signing: party 0 has the signature");
    n = sizeof(sig1);
    ok(duet_session_status(f.s[0]) == DUET_SESSION_DONE
       && duet_session_result(f.s[0], sig1, &n) == 0
       && memcmp(sig, sig1, 65) == 0,
       "signing: party 1 has the same signature");

    ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    n = sizeof(ser);
    ok(duet_eth_personal_hash(hash, (const uint8_t *) msg, strlen(msg)) == 0
       && sig[64] <= 3
       && secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig,
                                                              sig[64])
       && secp256k1_ecdsa_recover(ctx, &rec, &rs, hash)
       && secp256k1_ec_pubkey_serialize(ctx, ser, &n, &rec,
                                        SECP256K1_EC_COMPRESSED)
       && memcmp(ser, mat->pubkey, 33) == 0,
       "signing: libsecp256k1 recovers the DKG's public key");
    secp256k1_context_destroy(ctx);
    duet_client_msgs_clear(&in);
    duet_client_msgs_clear(&out);
    duet_session_destroy(cs);
    duet_session_destroy(f.s[0]);
}


/* Party 1 misbehaves; the client must refuse and name it. */
static void
test_bad_server(void)
{
    static const int         party[2] = { 0, 2 };
    struct duet_session     *cs[2] = { NULL };
    struct fake              f;
    struct duet_client_msgs  in, out, old, bad;
    char                     ksid[DUET_SID_MAX + 1], why[256];
    size_t                   i;
    int                      rc, k, routed = 1;

    memset(&f, 0, sizeof(f));
    engine_sid(ksid, SID_BAD, "keygen");
    for (i = 0; i < 2; i++) {
        if (duet_keygen_start(&cs[i], (const uint8_t *) ksid, strlen(ksid),
                              DUET_LEVEL_112, party[i]) != 0)
        {
            bail("keygen start");
        }
    }
    if (duet_keygen_start(&f.s[0], (const uint8_t *) ksid, strlen(ksid),
                          DUET_LEVEL_112, 1) != 0)
    {
        bail("keygen start");
    }
    f.n = 1;
    duet_client_msgs_init(&in);
    duet_client_msgs_init(&out);
    duet_client_msgs_init(&old);
    duet_client_msgs_init(&bad);
    fake_outgoing(&f, &in);

    /* Round 1 with one of party 0's own messages in duetd's answer. */
    for (i = 0; i < in.n; i++) {
        duet_client_msgs_add(&bad, in.v[i].data, in.v[i].len);
    }
    {
        const uint8_t  *p;
        size_t          len;

        if (duet_session_outgoing(cs[0], 0, &p, &len, NULL) != 0) {
            bail("outgoing");
        }
        duet_client_msgs_add(&bad, p, len);
    }
    rc = duet_client_exchange(cs, party, 2, &bad, &out, why, sizeof(why));
    ok(rc == DUET_CLIENT_ERR_MISMATCH && strstr(why, "as party 0") != NULL
       && out.n == 0,
       "a message from duetd speaking as party 0 is refused (%s)", why);
    duet_client_msgs_clear(&bad);

    rc = duet_client_exchange(cs, party, 2, &bad, &out, why, sizeof(why));
    ok(rc == DUET_CLIENT_ERR_MISMATCH && strstr(why, "party 1") != NULL
       && strstr(why, "sent no message") != NULL,
       "no message from duetd: party 1 is named (%s)", why);

    for (k = 1; k <= 3; k++) {
        if (k == 2) {
            rc = duet_client_exchange(cs, party, 2, &old, &out, why,
                                      sizeof(why));
            ok(rc == DUET_CLIENT_ERR_MISMATCH
               && strstr(why, "round 1 where round 2") != NULL,
               "duetd's round 1 again in round 2 is refused (%s)", why);
        }
        if (k == 3) {
            /* The decommitment no longer opens the commitment. */
            for (i = 0; i < in.n; i++) {
                if (in.v[i].info.recipient == DUET_BROADCAST) {
                    in.v[i].data[in.v[i].len - 1] ^= 0x01;
                }
            }
            /* Found on the stepping threads, while party 1 steps. */
            rc = pipelined_round(cs, party, 2, 2, &f, &in, &routed, why,
                                 sizeof(why));
            ok(rc == DUET_CLIENT_ERR_MISMATCH
               && strstr(why, "party 1 (duetd) misbehaved") != NULL
               && strstr(why, "as party") == NULL,
               "a tampered round-3 message of duetd is blamed on it, from "
               "a stepping thread (%s)", why);
            break;
        }
        rc = duet_client_exchange(cs, party, 2, &in, &out, why, sizeof(why));
        is_int(0, rc, "keygen round %d with duetd's own messages", k);
        if (k == 1) {
            for (i = 0; i < in.n; i++) {
                duet_client_msgs_add(&old, in.v[i].data, in.v[i].len);
            }
        }
        duet_client_msgs_clear(&in);
        if (fake_round(&f, &out, &in) != 0) {
            bail("party 1 round %d", k);
        }
        duet_client_msgs_clear(&out);
    }
    duet_client_msgs_clear(&in);
    duet_client_msgs_clear(&out);
    duet_client_msgs_clear(&old);
    for (i = 0; i < 2; i++) {
        duet_session_destroy(cs[i]);
    }
    duet_session_destroy(f.s[0]);
}


/* An unsigned transaction from ethers-style JSON (with "type"). */
static uint8_t *
make_tx(const char *json, size_t *len)
{
    uint8_t  *tx = bmalloc(DUET_ETH_TX_MAX_SIZE);

    *len = DUET_ETH_TX_MAX_SIZE;
    if (duet_eth_tx_from_json(tx, len, json, strlen(json)) != 0) {
        bail("make_tx: %s", json);
    }
    return tx;
}


static void
test_tx_checks(void)
{
    static const char  utx1559[] =
        "{\"type\":2,\"chainId\":11155111,\"nonce\":7,\"gasLimit\":21000,"
        "\"maxFeePerGas\":\"30000000000\",\"maxPriorityFeePerGas\":"
        "\"1000000000\",\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
        "\"value\":\"1000000000000000\",\"data\":\"0x\"}";
    static const char  utx_acl[] =
        "{\"type\":2,\"chainId\":11155111,\"nonce\":7,\"gasLimit\":21000,"
        "\"maxFeePerGas\":\"30000000000\",\"maxPriorityFeePerGas\":"
        "\"1000000000\",\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
        "\"value\":\"1000000000000000\",\"data\":\"0x\",\"accessList\":"
        "[{\"address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
        "\"storageKeys\":[]}]}";
    static const char  utx_legacy[] =
        "{\"type\":0,\"chainId\":1,\"nonce\":0,\"gasLimit\":\"0x5208\","
        "\"gasPrice\":\"20000000000\",\"to\":null,\"value\":0,"
        "\"data\":\"0x6001\"}";
    static const struct {
        const char  *asked;
        int          which;       /* 0: 1559, 1: access list, 2: legacy */
        int          want;
        const char  *what;
    } cases[] = {
        { "{\"chainId\":11155111,\"nonce\":7,\"gasLimit\":21000,"
          "\"maxFeePerGas\":\"0x6fc23ac00\",\"maxPriorityFeePerGas\":"
          "\"1000000000\",\"to\":\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\","
          "\"value\":\"1000000000000000\",\"data\":\"0x\"}", 0, 0,
          "every field given (hex, decimal, lower-case address)" },
        { "{\"chainId\":11155111,\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000000\"}", 0, 0,
          "nonce, gas and fees left to duetd" },
        { "{\"network\":\"sepolia\",\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000000\"}", 0, 0,
          "a network instead of a chain id" },
        { "{\"chainId\":11155111,\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000001\"}", 0, DUET_CLIENT_ERR_MISMATCH,
          "another value" },
        { "{\"chainId\":1,\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000000\"}", 0, DUET_CLIENT_ERR_MISMATCH,
          "another chain" },
        { "{\"chainId\":11155111,\"to\":"
          "\"0x0000000000000000000000000000000000000001\","
          "\"value\":\"1000000000000000\"}", 0, DUET_CLIENT_ERR_MISMATCH,
          "another recipient" },
        { "{\"chainId\":11155111,\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000000\",\"data\":\"0x00\"}", 0,
          DUET_CLIENT_ERR_MISMATCH, "other data" },
        { "{\"chainId\":11155111,\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000000\",\"nonce\":8}", 0,
          DUET_CLIENT_ERR_MISMATCH, "another nonce" },
        { "{\"chainId\":11155111,\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000000\",\"gasPrice\":1}", 0,
          DUET_CLIENT_ERR_MISMATCH, "a legacy fee on a type-2 transaction" },
        { "{\"chainId\":11155111,\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
          "\"value\":\"1000000000000000\"}", 1, DUET_CLIENT_ERR_MISMATCH,
          "an access list nobody asked for" },
        { "{\"chainId\":1,\"nonce\":0,\"gasLimit\":21000,"
          "\"gasPrice\":\"20000000000\",\"to\":null,\"value\":\"0\","
          "\"data\":\"0x6001\"}", 2, 0, "a legacy contract creation" },
        { "{\"chainId\":1,\"gasPrice\":\"20000000000\",\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"data\":"
          "\"0x6001\"}", 2, DUET_CLIENT_ERR_MISMATCH,
          "a transfer turned into a creation" },
    };
    const char          *src[3] = { utx1559, utx_acl, utx_legacy };
    struct duet_client  *c = NULL;
    struct json_object  *asked;
    uint8_t             *tx[3], hash[32];
    size_t               len[3], i;

    if (duet_client_new(&c, "https://127.0.0.1:9/", NULL) != 0) {
        bail("duet_client_new");
    }
    for (i = 0; i < 3; i++) {
        tx[i] = make_tx(src[i], &len[i]);
        if (duet_eth_tx_sighash(hash, NULL, NULL, tx[i], len[i]) != 0) {
            bail("sighash");
        }
    }
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        asked = duet_client_json_parse(cases[i].asked,
                                       strlen(cases[i].asked));
        if (asked == NULL) {
            bail("case %zu: bad JSON", i);
        }
        is_int(cases[i].want,
               duet_client_tx_matches(c, asked, tx[cases[i].which],
                                      len[cases[i].which]),
               "transaction check: %s (%s)", cases[i].what,
               duet_client_error(c));
        json_object_put(asked);
    }
    for (i = 0; i < 3; i++) {
        free(tx[i]);
    }
    duet_client_free(c);
}


static void
test_client_misc(void)
{
    struct duet_client  *c = NULL;
    char                *resp = NULL;
    int                  status = -1;

    is_int(DUET_CLIENT_ERR_ARGUMENT,
           duet_client_new(&c, "http://127.0.0.1:8443", NULL),
           "client: plain http is refused");
    ok(c == NULL, "client: nothing made for http");
    is_int(0, duet_client_new(&c, "https://127.0.0.1:9///", NULL),
           "client: https base URL");
    is_int(DUET_CLIENT_ERR_TRANSPORT,
           duet_client_request(c, "GET", "/health", NULL, &status, &resp),
           "client: nothing listens on port 9: transport error");
    ok(strncmp(duet_client_error(c), "GET /health: ", 13) == 0,
       "client: the error names the call (%s)", duet_client_error(c));
    is_int(0, status, "client: no status without an answer");
    free(resp);
    {
        static const struct {
            const char  *tx;
            const char  *what;
        } bad[] = {
            { "{'chainId':1}", "single quotes" },
            { "{\"chainId\":1,\"chainId\":2}", "a duplicate key" },
            { "{\"chainId\":1,\"from\":\"0x00\"}", "an unknown field" },
            { "{\"chainId\":1} {}", "two values" },
            { "[1]", "an array" },
            { "{\"chainId\":1,/* c */\"to\":null}", "a comment" },
        };
        struct duet_client_signature  sig;
        size_t                        i;

        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            is_int(DUET_CLIENT_ERR_ARGUMENT,
                   duet_client_sign_tx(c, NULL, bad[i].tx, &sig),
                   "sign_tx: %s is refused before any call (%s)",
                   bad[i].what, duet_client_error(c));
        }
        /* An API-shaped transaction (no "type") passes those checks. */
        is_int(DUET_CLIENT_ERR_ARGUMENT,
               duet_client_sign_tx(c, NULL, "{\"network\":\"sepolia\","
                                   "\"to\":null,\"data\":\"0x6001\"}",
                                   &sig),
               "sign_tx: a valid transaction gets as far as the API key");
        ok(strstr(duet_client_error(c), "API key") != NULL,
           "... which is missing (%s)", duet_client_error(c));
    }
    duet_client_set_operator_token(c, "duet_op_secret");
    duet_client_set_api_key(c, "duet_live_secret");
    is_int(DUET_CLIENT_ERR_TRANSPORT,
           duet_client_request(c, "POST", "/api/v1/signers", "{}", &status,
                               &resp),
           "client: POST without a server: transport error");
    ok(strstr(duet_client_error(c), "secret") == NULL,
       "client: credentials stay out of the error line");
    duet_client_free(c);
}


int
main(int argc, char **argv)
{
    struct material  mat;
    int              i;

    tap_init(argc, argv);
    /* libcurl loads GnuTLS, which installs its own GMP hooks. */
    if (duet_init_displacing() != 0) {
        bail("duet_init");
    }
    plan_lazy();
    memset(&mat, 0, sizeof(mat));
    test_json_arrays();
    test_client_misc();
    test_tx_checks();
    test_bad_server();
    test_dkg(&mat);
    if (mat.share[0] != NULL && mat.share[1] != NULL && mat.aux[0] != NULL
        && mat.aux[1] != NULL)
    {
        test_sign(&mat);
    } else {
        skip_block(4, "no key material");
    }
    for (i = 0; i < 3; i++) {
        if (mat.share[i] != NULL) {
            duet_memclear(mat.share[i], mat.share_len[i]);
        }
        if (mat.aux[i] != NULL) {
            duet_memclear(mat.aux[i], mat.aux_len[i]);
        }
        free(mat.share[i]);
        free(mat.aux[i]);
    }
    return 0;
}
