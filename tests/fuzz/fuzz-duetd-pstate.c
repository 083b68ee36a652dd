/*
 * fuzz-duetd-pstate.c -- libFuzzer harness for the session-state blobs
 * duetd parks in the session table between two requests
 * (fcgi_app/proto_state.c): the "DDK1" key-creation and "DSG2" signing
 * blobs and the message lists kept for retries.
 *
 * Every input goes to every decoder.  Checked:
 *
 *   - duetd_pstate_kind agrees with the decoders: at most one accepts,
 *     and only a blob of its own kind; PENDING is exactly the
 *     placeholder;
 *   - an accepted blob's views lie inside it, its byte strings are not
 *     empty where the format says so, and encoding the decoded state
 *     gives back exactly the input (one encoding per state);
 *   - a refused blob leaves the state zeroed;
 *   - an accepted message list re-encodes to itself, and its request
 *     digest does not depend on the order of the messages.
 *
 * With DUET_FUZZ_WRITE_SEEDS=DIR set, the first input also runs the
 * honest protocols (proto-snap.c, needs $top_srcdir) and writes real
 * blobs built from its keygen, aux, presign and sign sessions to DIR
 * (how tests/fuzz/corpus/duetd-pstate/ was made).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.c"
#include "proto_state.c"

#include "duet.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "fuzz.h"
#include "proto-snap.h"

#define FUZZ_PSTATE_SIGNER  "6f1c2a4e-9b3d-4c8e-a1f0-2d7e5b9c3a18"
#define FUZZ_PSTATE_REQUEST "0c4d8e1a-5f2b-4a6c-9e3d-7b1a2c4e6f80"

static int ready;


static int
all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        if (b[i] != 0) {
            return 0;
        }
    }
    return 1;
}


static int
inside(const uint8_t *v, size_t n, const uint8_t *blob, size_t len)
{
    return v >= blob && n <= len && (size_t) (v - blob) <= len - n;
}


static void
write_seed(const char *dir, const char *name, const uint8_t *p, size_t n)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((f = fopen(path, "wb")) == NULL) {
        return;
    }
    fwrite(p, 1, n, f);
    fclose(f);
}


/*
 * The smallest session of protocol proto in the honest runs (seeds of a
 * few KB; proto-snap signs with parties 0 and 2, and the blobs of every
 * party and round have the same shape).
 */
static const struct proto_snap *
find_snap(const struct proto_snaps *snaps, int proto)
{
    const struct proto_snap *best = NULL;
    size_t i;

    for (i = 0; i < snaps->n; i++) {
        if (snaps->v[i].proto == proto
            && (best == NULL
                || snaps->v[i].session_len < best->session_len))
        {
            best = &snaps->v[i];
        }
    }
    return best;
}


static void
write_seeds(const char *dir)
{
    struct proto_snaps snaps;
    struct duetd_dkg_state dk;
    struct duetd_sign_state sg;
    const struct proto_snap *kg, *ax, *ps, *sn;
    uint8_t *blob, *list;
    size_t len, list_len, i;
    const char *what;

    if (proto_snap_build(&snaps, &what) != 0) {
        fprintf(stderr, "fuzz-duetd-pstate: honest %s run failed\n", what);
        abort();
    }
    kg = find_snap(&snaps, DUET_PROTO_KEYGEN);
    ax = find_snap(&snaps, DUET_PROTO_AUX);
    ps = find_snap(&snaps, DUET_PROTO_PRESIGN);
    sn = find_snap(&snaps, DUET_PROTO_SIGN);
    fuzz_assert(kg != NULL && ax != NULL && ps != NULL && sn != NULL);

    memset(&dk, 0, sizeof(dk));
    memcpy(dk.signer_id, FUZZ_PSTATE_SIGNER, sizeof(FUZZ_PSTATE_SIGNER));
    dk.level = DUET_LEVEL_112;
    dk.keygen = kg->session;
    dk.keygen_len = kg->session_len;
    /* An aux session is ~70 KB: its head stands in for it in the seed. */
    dk.aux = ax->session;
    dk.aux_len = ax->session_len < 256 ? ax->session_len : 256;
    fuzz_assert(duetd_dkg_state_encode(&dk, &blob, &len) == 0);
    write_seed(dir, "dkg-real", blob, len);
    duetd_pstate_free(blob, len);

    /* The round messages party 1 received, as a stored reply. */
    fuzz_assert(duetd_msglist_encode((const uint8_t *const *) ps->msg,
        ps->msg_len, ps->nmsgs, &list, &list_len) == 0);
    write_seed(dir, "msglist-real", list, list_len);

    memset(&sg, 0, sizeof(sg));
    memcpy(sg.signer_id, FUZZ_PSTATE_SIGNER, sizeof(FUZZ_PSTATE_SIGNER));
    memcpy(sg.request_id, FUZZ_PSTATE_REQUEST, sizeof(FUZZ_PSTATE_REQUEST));
    sg.phase = DUETD_SIGN_PRESIGN;
    sg.kind = DUET_SIGN_ETH_PERSONAL;
    sg.calls = 1;
    for (i = 0; i < sizeof(sg.hash); i++) {
        sg.hash[i] = (uint8_t) (0x40 + i);
    }
    sg.msg = (const uint8_t *) "hello duet";
    sg.msg_len = 10;
    sg.engine = ps->session;
    sg.engine_len = ps->session_len;
    sg.have_reply = 1;
    memset(sg.req_digest, 0x5a, sizeof(sg.req_digest));
    sg.reply = list;
    sg.reply_len = list_len;
    fuzz_assert(duetd_sign_state_encode(&sg, &blob, &len) == 0);
    write_seed(dir, "sign-presign-real", blob, len);
    duetd_pstate_free(blob, len);

    sg.phase = DUETD_SIGN_SIGNING;
    sg.kind = DUET_SIGN_ETH_TX;
    sg.tx_type = 2;
    sg.chain_id = 1;
    sg.calls = 3;
    sg.engine = sn->session;
    sg.engine_len = sn->session_len;
    sg.have_reply = 0;
    fuzz_assert(duetd_sign_state_encode(&sg, &blob, &len) == 0);
    write_seed(dir, "sign-signing-real", blob, len);
    duetd_pstate_free(blob, len);

    sg.phase = DUETD_SIGN_DONE;
    sg.calls = DUETD_SIGN_CALLS;
    memset(sg.sig, 0x33, sizeof(sg.sig));
    sg.sig[64] = 1;
    sg.have_reply = 1;
    fuzz_assert(duetd_sign_state_encode(&sg, &blob, &len) == 0);
    write_seed(dir, "sign-done-real", blob, len);
    duetd_pstate_free(blob, len);

    duetd_pstate_free(list, list_len);
    proto_snap_free(&snaps);
}


static void
check_dkg(const uint8_t *blob, size_t len, int kind)
{
    struct duetd_dkg_state st;
    uint8_t *out;
    size_t out_len;

    if (duetd_dkg_state_decode(&st, blob, len) != 0) {
        fuzz_assert(all_zero(&st, sizeof(st)));
        return;
    }
    fuzz_assert(kind == DUETD_PSTATE_DKG);
    fuzz_assert(strlen(st.signer_id) > 0
        && strlen(st.signer_id) < DUETD_PSTATE_ID_SIZE);
    fuzz_assert(st.level >= 0 && st.level <= 0xffff);
    fuzz_assert(st.keygen_len > 0 && st.aux_len > 0
        && inside(st.keygen, st.keygen_len, blob, len)
        && inside(st.aux, st.aux_len, blob, len));

    fuzz_assert(duetd_dkg_state_encode(&st, &out, &out_len) == 0);
    fuzz_assert(out_len == len && memcmp(out, blob, len) == 0);
    duetd_pstate_free(out, out_len);
}


static void
check_msglist(const uint8_t *list, size_t len)
{
    const uint8_t *msgs[DUETD_PSTATE_MSGS_MAX], *rev[DUETD_PSTATE_MSGS_MAX];
    size_t lens[DUETD_PSTATE_MSGS_MAX], rlens[DUETD_PSTATE_MSGS_MAX];
    uint8_t *out, d1[32], d2[32];
    size_t n, i, out_len;

    if (duetd_msglist_decode(list, len, msgs, lens, &n) != 0) {
        fuzz_assert(n == 0);
        return;
    }
    fuzz_assert(n <= DUETD_PSTATE_MSGS_MAX);
    for (i = 0; i < n; i++) {
        fuzz_assert(lens[i] > 0 && inside(msgs[i], lens[i], list, len));
        rev[n - 1 - i] = msgs[i];
        rlens[n - 1 - i] = lens[i];
    }
    fuzz_assert(duetd_msglist_encode(msgs, lens, n, &out, &out_len) == 0);
    fuzz_assert(out_len == len && memcmp(out, list, len) == 0);
    duetd_pstate_free(out, out_len);

    fuzz_assert(duetd_pstate_request_digest(d1, msgs, lens, n) == 0);
    fuzz_assert(duetd_pstate_request_digest(d2, rev, rlens, n) == 0);
    fuzz_assert(memcmp(d1, d2, 32) == 0);
}


static void
check_sign(const uint8_t *blob, size_t len, int kind)
{
    struct duetd_sign_state st;
    uint8_t *out;
    size_t out_len;

    if (duetd_sign_state_decode(&st, blob, len) != 0) {
        fuzz_assert(all_zero(&st, sizeof(st)));
        return;
    }
    fuzz_assert(kind == DUETD_PSTATE_SIGN);
    fuzz_assert(strlen(st.signer_id) > 0
        && strlen(st.signer_id) < DUETD_PSTATE_ID_SIZE);
    fuzz_assert(st.phase >= DUETD_SIGN_PRESIGN
        && st.phase <= DUETD_SIGN_DONE);
    fuzz_assert(st.calls <= DUETD_SIGN_CALLS);
    fuzz_assert(st.have_reply == 0 || st.have_reply == 1);
    fuzz_assert((st.phase == DUETD_SIGN_DONE) == (st.engine == NULL));
    fuzz_assert(st.engine == NULL
        || (st.engine_len > 0 && inside(st.engine, st.engine_len, blob, len)));
    fuzz_assert(st.msg_len == 0 || inside(st.msg, st.msg_len, blob, len));
    fuzz_assert(st.have_reply || st.reply_len == 0);
    fuzz_assert(st.reply_len == 0
        || inside(st.reply, st.reply_len, blob, len));

    fuzz_assert(duetd_sign_state_encode(&st, &out, &out_len) == 0);
    fuzz_assert(out_len == len && memcmp(out, blob, len) == 0);
    duetd_pstate_free(out, out_len);

    if (st.have_reply) {
        check_msglist(st.reply, st.reply_len);
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *ph;
    uint8_t *blob;
    size_t ph_len;
    const char *dir;
    int kind;

    if (!ready) {
        fuzz_assert(duet_init() == 0);
        if ((dir = getenv("DUET_FUZZ_WRITE_SEEDS")) != NULL) {
            write_seeds(dir);
        }
        ready = 1;
    }

    blob = fuzz_alloc(size);
    if (size > 0) {
        memcpy(blob, data, size);
    }

    kind = duetd_pstate_kind(blob, size);
    fuzz_assert(kind >= DUETD_PSTATE_INVALID && kind <= DUETD_PSTATE_SIGN);
    ph = duetd_pstate_placeholder(&ph_len);
    fuzz_assert((kind == DUETD_PSTATE_PENDING)
        == (size == ph_len && memcmp(blob, ph, ph_len) == 0));

    check_dkg(blob, size, kind);
    check_sign(blob, size, kind);
    check_msglist(blob, size);

    free(blob);
    return 0;
}
