/*
 * proto-snap.c -- snapshots of honest protocol runs (proto-snap.h).
 * Test code only.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_keygen.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "util/rand.h"
#include "proto-snap.h"

#define SNAP_MAX 3


static uint8_t *
snap_dup(const uint8_t *p, size_t n)
{
    uint8_t *d = malloc(n > 0 ? n : 1);

    if (d != NULL) {
        memcpy(d, p, n);
    }
    return d;
}


static int
snap_push(struct proto_snaps *snaps, const struct proto_snap *sn)
{
    struct proto_snap *v;

    if ((v = realloc(snaps->v, (snaps->n + 1) * sizeof(*v))) == NULL) {
        return -1;
    }
    snaps->v = v;
    snaps->v[snaps->n++] = *sn;
    return 0;
}


static uint8_t *
snap_serialize(struct duet_session *s, size_t *len)
{
    uint8_t *b;

    *len = 0;
    if (duet_session_serialize(s, NULL, len) != DUET_ERR_BUFFER_TOO_SMALL
        || (b = malloc(*len)) == NULL)
    {
        return NULL;
    }
    if (duet_session_serialize(s, b, len) != 0) {
        free(b);
        return NULL;
    }
    return b;
}


/*
 * Route and step n sessions to the end, recording a snapshot before
 * every step.  Returns 0 when all are DONE.
 */
static int
snap_run(struct proto_snaps *snaps, int proto, struct duet_session **s, int n)
{
    struct proto_snap cur[SNAP_MAX];
    struct duet_msg_info info;
    struct duet_blame blame;
    int party[SNAP_MAX], i, j, rcpt, done;
    const uint8_t *p;
    size_t k, plen, cnt;

    for (i = 0; i < n; i++) {
        if (duet_session_outgoing(s[i], 0, &p, &plen, NULL) != 0
            || duet_msg_peek(&info, p, plen) != 0)
        {
            return -1;
        }
        party[i] = info.sender;
    }
    for (;;) {
        memset(cur, 0, sizeof(cur));
        for (i = 0; i < n; i++) {
            cnt = duet_session_outgoing_count(s[i]);
            for (k = 0; k < cnt; k++) {
                if (duet_session_outgoing(s[i], k, &p, &plen, &rcpt) != 0) {
                    return -1;
                }
                for (j = 0; j < n; j++) {
                    if (j == i || (rcpt != DUET_BROADCAST && rcpt != party[j])
                        || duet_session_status(s[j]) != DUET_SESSION_RUNNING)
                    {
                        continue;
                    }
                    if (cur[j].nmsgs >= PROTO_SNAP_MAX_MSGS) {
                        return -1;
                    }
                    cur[j].msg[cur[j].nmsgs] = snap_dup(p, plen);
                    cur[j].msg_len[cur[j].nmsgs] = plen;
                    cur[j].sender[cur[j].nmsgs] = party[i];
                    cur[j].nmsgs++;
                }
            }
        }
        done = 1;
        for (i = 0; i < n; i++) {
            if (duet_session_status(s[i]) != DUET_SESSION_RUNNING) {
                continue;
            }
            done = 0;
            cur[i].proto = proto;
            cur[i].round = duet_session_round(s[i]);
            cur[i].party = party[i];
            cur[i].session = snap_serialize(s[i], &cur[i].session_len);
            if (cur[i].session == NULL || snap_push(snaps, &cur[i]) != 0) {
                return -1;
            }
        }
        if (done) {
            return 0;
        }
        for (i = 0; i < n; i++) {
            if (duet_session_status(s[i]) != DUET_SESSION_RUNNING) {
                continue;
            }
            if (duet_session_step(s[i], (const uint8_t *const *) cur[i].msg,
                    cur[i].msg_len, cur[i].nmsgs, &blame) != 0)
            {
                return -1;
            }
        }
    }
}


/* Keep a copy of a result blob (best effort: tests only). */
static void
snap_keep(struct proto_snaps *snaps, int kind, const uint8_t *p, size_t len)
{
    if (snaps->nblobs >= PROTO_SNAP_MAX_BLOBS) {
        return;
    }
    if ((snaps->blob[snaps->nblobs] = snap_dup(p, len)) != NULL) {
        snaps->blob_kind[snaps->nblobs] = kind;
        snaps->blob_len[snaps->nblobs] = len;
        snaps->nblobs++;
    }
}


static uint8_t *
snap_result(struct duet_session *s, size_t *len)
{
    uint8_t *b;

    *len = 0;
    if (duet_session_result(s, NULL, len) != DUET_ERR_BUFFER_TOO_SMALL
        || (b = malloc(*len)) == NULL)
    {
        return NULL;
    }
    if (duet_session_result(s, b, len) != 0) {
        free(b);
        return NULL;
    }
    return b;
}


static void
snap_destroy(struct duet_session **s, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        duet_session_destroy(s[i]);
        s[i] = NULL;
    }
}


/* The idx-th 1024-bit test prime. */
static int
snap_prime(uint8_t out[128], unsigned idx)
{
    const char *top = getenv("top_srcdir");
    char path[4096], line[1024];
    unsigned seen = 0, v;
    size_t k;
    FILE *f;
    int r = -1;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-1024.txt",
        top != NULL ? top : ".");
    if ((f = fopen(path, "r")) == NULL) {
        return -1;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n' || seen++ != idx) {
            continue;
        }
        if (strcspn(line, "\r\n") != 256) {
            break;
        }
        for (k = 0; k < 128; k++) {
            if (sscanf(line + 2 * k, "%2x", &v) != 1) {
                break;
            }
            out[k] = (uint8_t) v;
        }
        r = k == 128 ? 0 : -1;
        break;
    }
    fclose(f);
    return r;
}


int
proto_snap_build(struct proto_snaps *snaps, const char **what)
{
    struct duet_session *s[SNAP_MAX] = { NULL, NULL, NULL };
    struct duet_presig *tok;
    uint8_t sid[32], primes[4][128], *share[3] = { NULL, NULL, NULL };
    uint8_t *aux[3] = { NULL, NULL, NULL }, *pre[2] = { NULL, NULL };
    size_t share_len[3], aux_len[3], pre_len[2], pl[4] = {
        128, 128, 128, 128 };
    const uint8_t *pp[4];
    const int signers[2] = { 0, 2 };
    int i, k, r = -1;

    memset(snaps, 0, sizeof(*snaps));
    duet_rand_test_seed(0xf022);
    memset(sid, 0x5a, sizeof(sid));

    *what = "keygen";
    for (i = 0; i < 3; i++) {
        if (duet_keygen_start(&s[i], sid, 32, DUET_LEVEL_112, i) != 0) {
            goto out;
        }
    }
    if (snap_run(snaps, DUET_PROTO_KEYGEN, s, 3) != 0) {
        goto out;
    }
    for (i = 0; i < 3; i++) {
        if ((share[i] = snap_result(s[i], &share_len[i])) == NULL) {
            goto out;
        }
        snap_keep(snaps, PROTO_SNAP_KEYSHARE, share[i], share_len[i]);
    }
    snap_destroy(s, 3);

    *what = "aux";
    sid[0] = 1;
    for (i = 0; i < 3; i++) {
        for (k = 0; k < 4; k++) {
            if (snap_prime(primes[k], (unsigned) (4 * i + k)) != 0) {
                *what = "aux (test primes missing: set top_srcdir)";
                goto out;
            }
            pp[k] = primes[k];
        }
        if (duet_aux_start(&s[i], sid, 32, DUET_LEVEL_112, i, pp, pl) != 0) {
            goto out;
        }
    }
    if (snap_run(snaps, DUET_PROTO_AUX, s, 3) != 0) {
        goto out;
    }
    for (i = 0; i < 3; i++) {
        if ((aux[i] = snap_result(s[i], &aux_len[i])) == NULL) {
            goto out;
        }
        snap_keep(snaps, PROTO_SNAP_AUX, aux[i], aux_len[i]);
    }
    snap_destroy(s, 3);

    *what = "presign";
    sid[0] = 2;
    for (i = 0; i < 2; i++) {
        k = signers[i];
        if (duet_presign_start(&s[i], sid, 32, share[k], share_len[k],
                aux[k], aux_len[k], signers, NULL) != 0)
        {
            goto out;
        }
    }
    if (snap_run(snaps, DUET_PROTO_PRESIGN, s, 2) != 0) {
        goto out;
    }
    for (i = 0; i < 2; i++) {
        if ((pre[i] = snap_result(s[i], &pre_len[i])) == NULL) {
            goto out;
        }
        snap_keep(snaps, PROTO_SNAP_PRESIG, pre[i], pre_len[i]);
    }
    snap_destroy(s, 2);

    *what = "sign";
    for (i = 0; i < 2; i++) {
        if (duet_presig_take(&tok, pre[i], pre_len[i]) != 0
            || duet_sign_start(&s[i], tok, DUET_SIGN_ETH_PERSONAL,
                (const uint8_t *) "fuzz", 4, NULL) != 0)
        {
            goto out;
        }
    }
    if (snap_run(snaps, DUET_PROTO_SIGN, s, 2) != 0) {
        goto out;
    }
    snap_destroy(s, 2);

    *what = "refresh";
    sid[0] = 3;
    for (i = 0; i < 3; i++) {
        if (duet_refresh_start(&s[i], sid, 32, share[i], share_len[i]) != 0)
        {
            goto out;
        }
    }
    if (snap_run(snaps, DUET_PROTO_REFRESH, s, 3) != 0) {
        goto out;
    }
    *what = NULL;
    r = 0;

out:
    snap_destroy(s, 3);
    for (i = 0; i < 3; i++) {
        free(share[i]);
        free(aux[i]);
    }
    free(pre[0]);
    free(pre[1]);
    memset(primes, 0, sizeof(primes));
    duet_rand_test_reset();
    if (r != 0) {
        proto_snap_free(snaps);
    }
    return r;
}


void
proto_snap_free(struct proto_snaps *snaps)
{
    size_t i, k;

    for (i = 0; i < snaps->n; i++) {
        free(snaps->v[i].session);
        for (k = 0; k < snaps->v[i].nmsgs; k++) {
            free(snaps->v[i].msg[k]);
        }
    }
    free(snaps->v);
    snaps->v = NULL;
    snaps->n = 0;
    for (i = 0; i < snaps->nblobs; i++) {
        free(snaps->blob[i]);
        snaps->blob[i] = NULL;
    }
    snaps->nblobs = 0;
}


int
proto_snap_step(const struct proto_snap *sn, size_t k, const uint8_t *m,
    size_t m_len, struct duet_blame *blame, int *status)
{
    struct duet_session *s = NULL;
    const uint8_t *msgs[PROTO_SNAP_MAX_MSGS];
    size_t lens[PROTO_SNAP_MAX_MSGS], i;
    int r;

    *status = 0;
    duet_blame_clear(blame);
    if ((r = duet_session_parse(&s, sn->session, sn->session_len)) != 0) {
        return r;
    }
    for (i = 0; i < sn->nmsgs; i++) {
        msgs[i] = i == k ? m : sn->msg[i];
        lens[i] = i == k ? m_len : sn->msg_len[i];
    }
    r = duet_session_step(s, msgs, lens, sn->nmsgs, blame);
    *status = duet_session_status(s);
    duet_session_destroy(s);
    return r;
}
