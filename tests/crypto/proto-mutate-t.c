/*
 * proto-mutate-t.c -- mutation fuzz of every protocol message parser, in
 * the default suite: for every step of every party in honest keygen,
 * aux, presign, sign and refresh runs (tests/fuzz/proto-snap.c), each
 * incoming message is mutated (bit flips, byte changes, truncation,
 * extension, deletion) and the step is run again from the saved session.
 *
 * Checked for every mutation: no crash (ASan in make check-asan); the
 * result is a known code; a refusal names the message's sender (or the
 * sender the mutated envelope claims, or nobody for an envelope too
 * broken to name one) and aborts the session, except MISSING_MESSAGE;
 * and a mutation is accepted only in round 1 of keygen, aux and refresh,
 * which merely store a commitment that the echo round checks next.
 *
 * DUET_TEST_SLOW=1 (make check-slow) multiplies the mutations by 25.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_session.h"
#include "basic.h"
#include "proto-snap.h"
#include "util/rand.h"

static uint64_t rng;


static uint32_t
rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n == 0 ? 0 : (uint32_t) (rng % n);
}


/* A mutated copy of m (length *len in/out); NULL if unchanged. */
static uint8_t *
mutate(const uint8_t *m, size_t *len)
{
    size_t n = *len, pos;
    uint8_t *o = malloc(n + 2);

    memcpy(o, m, n);
    pos = n > 0 ? rnd((uint32_t) n) : 0;
    switch (rnd(6)) {
    case 0:
        if (n > 0) {
            o[pos] ^= (uint8_t) (1u << rnd(8));
        }
        break;
    case 1:
        if (n > 0) {
            o[pos] = (uint8_t) rnd(256);
        }
        break;
    case 2:
        n = pos;
        break;
    case 3:
        o[n++] = (uint8_t) rnd(256);
        break;
    case 4:
        if (n > 0) {
            memmove(o + pos, o + pos + 1, n - pos - 1);
            n--;
        }
        break;
    default:
        /* In the header: the fields the session checks itself. */
        if (n > 40) {
            pos = rnd(40);
            o[pos] ^= (uint8_t) (1u << rnd(8));
        }
        break;
    }
    if (n == *len && memcmp(o, m, n) == 0) {
        free(o);
        return NULL;
    }
    *len = n;
    return o;
}


int
main(int argc, char **argv)
{
    struct proto_snaps snaps;
    struct duet_blame blame;
    struct duet_msg_info info;
    const char *what = NULL;
    const char *slow = getenv("DUET_TEST_SLOW");
    unsigned per_msg = slow != NULL && *slow == '1' ? 500 : 20;
    unsigned long tried = 0, accepted = 0;
    size_t i, k, len;
    unsigned j;
    uint8_t *m;
    unsigned n_mut;
    int r, status, bad, claimed, commit_round;

    tap_init(argc, argv);
    plan_lazy();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    rng = tap_seed() | 1;

    if (proto_snap_build(&snaps, &what) != 0) {
        bail("an honest %s run failed", what);
    }
    diag("%zu snapshots of honest steps", snaps.n);

    for (i = 0; i < snaps.n; i++) {
        const struct proto_snap *sn = &snaps.v[i];

        r = proto_snap_step(sn, sn->nmsgs, NULL, 0, &blame, &status);
        is_int(0, r, "proto %d round %d party %d: honest step replays",
            sn->proto, sn->round, sn->party);
        bad = 0;
        commit_round = sn->round == 1 && (sn->proto == DUET_PROTO_KEYGEN
            || sn->proto == DUET_PROTO_AUX || sn->proto == DUET_PROTO_REFRESH);
        /* Aux steps verify 100-KB proofs: fewer mutations there. */
        n_mut = sn->proto == DUET_PROTO_AUX ? (per_msg + 3) / 4 : per_msg;
        for (k = 0; k < sn->nmsgs; k++) {
            for (j = 0; j < n_mut; j++) {
                len = sn->msg_len[k];
                if ((m = mutate(sn->msg[k], &len)) == NULL) {
                    continue;
                }
                tried++;
                r = proto_snap_step(sn, k, m, len, &blame, &status);
                claimed = duet_msg_peek(&info, m, len) == 0
                    || info.sender != DUET_PARTY_NONE
                    ? info.sender : DUET_PARTY_NONE;
                if (r == 0) {
                    /* Only a round-1 commitment may be taken unchecked:
                       the echo round compares it next. */
                    accepted++;
                    if (!commit_round && bad++ == 0) {
                        diag("message %zu: mutation accepted", k);
                    }
                } else if (strcmp(duet_errname(r), "DUET_ERR_UNKNOWN") == 0
                    || (blame.party != sn->sender[k]
                        && blame.party != claimed
                        && blame.party != DUET_PARTY_NONE)
                    || (r != DUET_ERR_MISSING_MESSAGE
                        && status != DUET_SESSION_ABORTED))
                {
                    if (bad++ == 0) {
                        diag("message %zu: %s blamed %d (sender %d)", k,
                            duet_errname(r), blame.party, sn->sender[k]);
                    }
                }
                free(m);
            }
        }
        is_int(0, bad, "proto %d round %d party %d: every mutated message "
            "refused with its sender named (or a round-1 commitment stored)",
            sn->proto, sn->round, sn->party);
    }
    diag("%lu mutated messages, %lu accepted as round-1 "
        "commitments", tried, accepted);
    proto_snap_free(&snaps);
    return 0;
}
