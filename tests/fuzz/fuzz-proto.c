/*
 * fuzz-proto.c -- libFuzzer harness for every protocol round's message
 * parser: the session checks of the envelope and each protocol's payload
 * parsing and verification (crypto/src/protocol/).
 *
 * The first use builds snapshots of honest keygen, aux (level 112),
 * presign, sign and refresh runs (proto-snap.c; needs $top_srcdir for
 * the test primes).  An input is: byte 0 picks a snapshot (a party about
 * to step), byte 1 which of its incoming messages to replace, the rest is
 * the replacement envelope.  Checked: the step returns a known code; a
 * refusal other than MISSING_MESSAGE aborts the session; a refusal never
 * blames the receiving party itself.
 *
 * With DUET_FUZZ_WRITE_SEEDS=DIR set, the first use also writes one seed
 * input per honest message under 8 KiB into DIR (how the committed corpus
 * tests/fuzz/corpus/proto/ was made).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_session.h"
#include "fuzz.h"
#include "proto-snap.h"

static struct proto_snaps snaps;
static int ready;


static void
write_seeds(const char *dir)
{
    char path[4096];
    size_t i, k;
    FILE *f;

    for (i = 0; i < snaps.n && i < 256; i++) {
        for (k = 0; k < snaps.v[i].nmsgs; k++) {
            if (snaps.v[i].msg_len[k] > 8192) {
                continue;
            }
            snprintf(path, sizeof(path), "%s/p%d-r%d-to%d-m%zu", dir,
                snaps.v[i].proto, snaps.v[i].round, snaps.v[i].party, k);
            if ((f = fopen(path, "wb")) == NULL) {
                continue;
            }
            fputc((int) i, f);
            fputc((int) k, f);
            fwrite(snaps.v[i].msg[k], 1, snaps.v[i].msg_len[k], f);
            fclose(f);
        }
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct proto_snap *sn;
    struct duet_blame blame;
    const char *what = NULL, *dir;
    int r, status;

    if (!ready) {
        fuzz_assert(duet_init() == 0);
        if (proto_snap_build(&snaps, &what) != 0) {
            fprintf(stderr, "fuzz-proto: honest %s run failed\n", what);
            abort();
        }
        if ((dir = getenv("DUET_FUZZ_WRITE_SEEDS")) != NULL) {
            write_seeds(dir);
        }
        ready = 1;
    }
    if (size < 2 || snaps.n == 0) {
        return 0;
    }
    sn = &snaps.v[data[0] % snaps.n];
    r = proto_snap_step(sn, data[1] % sn->nmsgs, data + 2, size - 2, &blame,
        &status);
    if (strcmp(duet_errname(r), "DUET_ERR_UNKNOWN") == 0
        || (r != 0 && r != DUET_ERR_MISSING_MESSAGE
            && (status != DUET_SESSION_ABORTED
                || (blame.party == sn->party
                    && blame.reason != DUET_ERR_UNKNOWN_SENDER))))
    {
        fprintf(stderr, "fuzz-proto: proto %d round %d party %d: %s (%d), "
            "status %d, blame party %d round %d reason %s\n", sn->proto,
            sn->round, sn->party, duet_errname(r), r, status, blame.party,
            blame.round, duet_errname(blame.reason));
        abort();
    }
    return 0;
}
