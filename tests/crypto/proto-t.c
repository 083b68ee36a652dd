/*
 * proto-t.c -- the protocol layer's core: the message envelope
 * (duet_msg_peek), the aux-info blob (validation on every load), and the
 * public API's argument checks.  The protocols themselves are tested in
 * proto-keygen-t, proto-aux-t, proto-presign-t, proto-sign-t and
 * end to end in proto-e2e-t.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_util.h"
#include "proto-driver.h"
#include "basic.h"


/* An envelope with the given fields (see session.c). */
static size_t
make_env(uint8_t *out, uint16_t magic, uint8_t version, uint8_t proto,
    uint8_t sid_len, uint8_t round, uint8_t sender, uint8_t rcpt,
    uint32_t plen, size_t extra)
{
    size_t n = 0, i;

    out[n++] = (uint8_t) (magic >> 8);
    out[n++] = (uint8_t) magic;
    out[n++] = version;
    out[n++] = proto;
    out[n++] = sid_len;
    for (i = 0; i < sid_len; i++) {
        out[n++] = (uint8_t) i;
    }
    out[n++] = round;
    out[n++] = sender;
    out[n++] = rcpt;
    out[n++] = (uint8_t) (plen >> 24);
    out[n++] = (uint8_t) (plen >> 16);
    out[n++] = (uint8_t) (plen >> 8);
    out[n++] = (uint8_t) plen;
    for (i = 0; i < plen + extra; i++) {
        out[n++] = 0xaa;
    }
    return n;
}


static void
test_envelope(void)
{
    uint8_t m[512];
    struct duet_msg_info info;
    size_t n;

    n = make_env(m, 0x444d, 1, DUET_PROTO_KEYGEN, 32, 2, 1, 255, 5, 0);
    is_int(0, duet_msg_peek(&info, m, n), "envelope: well formed");
    ok(info.proto == DUET_PROTO_KEYGEN && info.round == 2
        && info.sender == 1 && info.recipient == DUET_BROADCAST
        && info.sid_len == 32 && info.payload_len == 5,
        "envelope: fields read back");

    n = make_env(m, 0x444e, 1, 1, 32, 1, 0, 1, 0, 0);
    is_int(DUET_ERR_BAD_MAGIC, duet_msg_peek(&info, m, n),
        "envelope: bad magic");
    n = make_env(m, 0x444d, 2, 1, 32, 1, 0, 1, 0, 0);
    is_int(DUET_ERR_BAD_VERSION, duet_msg_peek(&info, m, n),
        "envelope: unknown version");
    n = make_env(m, 0x444d, 1, 9, 32, 1, 0, 1, 0, 0);
    is_int(DUET_ERR_UNSUPPORTED, duet_msg_peek(&info, m, n),
        "envelope: unknown protocol");
    n = make_env(m, 0x444d, 1, 1, 15, 1, 0, 1, 0, 0);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_msg_peek(&info, m, n),
        "envelope: sid shorter than DUET_SID_MIN");
    n = make_env(m, 0x444d, 1, 1, 65, 1, 0, 1, 0, 0);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_msg_peek(&info, m, n),
        "envelope: sid longer than DUET_SID_MAX");
    n = make_env(m, 0x444d, 1, 1, 32, 1, 2, 0, 4, 1);
    is_int(DUET_ERR_TRAILING_DATA, duet_msg_peek(&info, m, n),
        "envelope: trailing byte after the payload");
    is_int(2, info.sender, "envelope: trailing data names the sender");
    n = make_env(m, 0x444d, 1, 1, 32, 1, 2, 0, 4, 0);
    is_int(DUET_ERR_TRUNCATED, duet_msg_peek(&info, m, n - 1),
        "envelope: payload cut short");
    is_int(DUET_ERR_TRUNCATED, duet_msg_peek(&info, m, 3),
        "envelope: header cut short");
    is_int(DUET_ERR_TRUNCATED, duet_msg_peek(&info, m, 0),
        "envelope: empty");
}


static void
test_aux_blob(void)
{
    uint8_t *aux[3], *bad;
    size_t len[3];
    struct duet_aux_info info[3];
    int i, r;

    r = tp_aux_dealt(DUET_LEVEL_112, 0, aux, len);
    is_int(0, r, "aux blobs dealt from test primes");
    if (r != 0) {
        return;
    }
    for (i = 0; i < 3; i++) {
        is_int(0, duet_aux_inspect(&info[i], aux[i], len[i]),
            "aux %d: inspects", i);
        is_int(i, info[i].index, "aux %d: index", i);
        is_int(DUET_LEVEL_112, info[i].level, "aux %d: level", i);
    }
    ok(memcmp(info[0].id, info[1].id, 32) == 0
        && memcmp(info[1].id, info[2].id, 32) == 0,
        "aux: all three share one id");

    bad = malloc(len[0] + 1);
    memcpy(bad, aux[0], len[0]);
    bad[0] ^= 1;
    is_int(DUET_ERR_BAD_MAGIC, duet_aux_inspect(NULL, bad, len[0]),
        "aux: bad magic refused");
    memcpy(bad, aux[0], len[0]);
    bad[5] ^= 3;
    is_int(DUET_ERR_BAD_VERSION, duet_aux_inspect(NULL, bad, len[0]),
        "aux: other version refused");
    is_int(DUET_ERR_TRUNCATED, duet_aux_inspect(NULL, aux[0], len[0] - 1),
        "aux: truncated refused");
    memcpy(bad, aux[0], len[0]);
    bad[len[0]] = 0;
    is_int(DUET_ERR_TRAILING_DATA, duet_aux_inspect(NULL, bad, len[0] + 1),
        "aux: trailing byte refused");
    memcpy(bad, aux[0], len[0]);
    bad[7] = 1;
    is_int(DUET_ERR_PROTOCOL, duet_aux_inspect(NULL, bad, len[0]),
        "aux: blob claiming another index (N_i != p q) refused");
    memcpy(bad, aux[0], len[0]);
    bad[6] = 200;
    is_int(DUET_ERR_UNSUPPORTED, duet_aux_inspect(NULL, bad, len[0]),
        "aux: unknown level refused");
    free(bad);
    tp_free_blobs(aux, 3);
}


static void
test_args(void)
{
    struct duet_session *s = (struct duet_session *) 1;
    uint8_t sid[32];

    memset(sid, 7, sizeof(sid));
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_keygen_start(&s, sid, 15, DUET_LEVEL_112, 0),
        "keygen_start: short sid refused");
    ok(s == NULL, "keygen_start: *s is NULL on failure");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_keygen_start(&s, sid, 32, DUET_LEVEL_112, 3),
        "keygen_start: party 3 refused");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_keygen_start(&s, sid, 32, 100, 0),
        "keygen_start: unknown level refused");
}


static void
illegal(const char *message, void *data)
{
    (void) message;
    (void) data;
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_set_illegal_callback(illegal, NULL);
    test_envelope();
    test_aux_blob();
    test_args();
    return 0;
}
