/*
 * fuzz-blobs.c -- libFuzzer harness for the parsers of everything the
 * protocols hand to their callers to store: key-share blobs
 * (duet_keyshare_inspect), aux blobs (duet_aux_inspect), presignature
 * blobs (duet_presig_take) and serialized sessions (duet_session_parse).
 *
 * Byte 0 of an input picks the parser (mod 4), the rest is the blob.
 * Checked: every refusal is a known code; an accepted key share names an
 * index below 3; an accepted presignature is rewritten in place as
 * consumed, same length, and a second take is DUET_ERR_ALREADY_USED; an
 * accepted session serializes back to exactly the input (one encoding
 * per state).
 *
 * With DUET_FUZZ_WRITE_SEEDS=DIR set, the first input also runs the
 * honest protocols (proto-snap.c, needs $top_srcdir) and writes each
 * result blob and each session snapshot under 16 KiB to DIR as a seed
 * (how tests/fuzz/corpus/blobs/ was made).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "fuzz.h"
#include "proto-snap.h"

static int ready;


static void
write_seed(const char *dir, const char *name, unsigned i, int kind,
    const uint8_t *p, size_t n)
{
    char path[4096];
    FILE *f;

    if (n > 16384) {
        return;
    }
    snprintf(path, sizeof(path), "%s/%s-%u", dir, name, i);
    if ((f = fopen(path, "wb")) == NULL) {
        return;
    }
    fputc(kind, f);
    fwrite(p, 1, n, f);
    fclose(f);
}


static void
write_seeds(const char *dir)
{
    static const char *names[] = { "", "keyshare", "aux", "presig" };
    static const int kinds[] = { 0, 0, 1, 2 };
    struct proto_snaps snaps;
    const char *what;
    size_t i;

    if (proto_snap_build(&snaps, &what) != 0) {
        fprintf(stderr, "fuzz-blobs: honest %s run failed\n", what);
        abort();
    }
    for (i = 0; i < snaps.nblobs; i++) {
        write_seed(dir, names[snaps.blob_kind[i]], (unsigned) i,
            kinds[snaps.blob_kind[i]], snaps.blob[i], snaps.blob_len[i]);
    }
    for (i = 0; i < snaps.n; i++) {
        write_seed(dir, "session", (unsigned) i, 3, snaps.v[i].session,
            snaps.v[i].session_len);
    }
    proto_snap_free(&snaps);
}


static void
known(int r)
{
    fuzz_assert(r <= 0 && strcmp(duet_errname(r), "DUET_ERR_UNKNOWN") != 0);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duet_keyshare_info ki;
    struct duet_presig *tok = NULL, *tok2 = NULL;
    struct duet_session *s = NULL;
    const char *dir;
    uint8_t *copy, *out;
    size_t n, out_len;
    int r;

    if (!ready) {
        fuzz_assert(duet_init() == 0);
        if ((dir = getenv("DUET_FUZZ_WRITE_SEEDS")) != NULL) {
            write_seeds(dir);
        }
        ready = 1;
    }
    if (size < 1) {
        return 0;
    }
    n = size - 1;
    copy = fuzz_alloc(n);
    memcpy(copy, data + 1, n);

    switch (data[0] % 4) {
    case 0:
        r = duet_keyshare_inspect(&ki, copy, n);
        known(r);
        fuzz_assert(r != 0 || (ki.index >= 0 && ki.index < 3));
        break;
    case 1:
        known(duet_aux_inspect(NULL, copy, n));
        break;
    case 2:
        r = duet_presig_take(&tok, copy, n);
        known(r);
        if (r == 0) {
            fuzz_assert(memcmp(copy, data + 1, n) != 0);
            fuzz_assert(duet_presig_take(&tok2, copy, n)
                == DUET_ERR_ALREADY_USED);
            duet_presig_destroy(tok);
        }
        break;
    default:
        r = duet_session_parse(&s, copy, n);
        known(r);
        if (r == 0) {
            out_len = 0;
            fuzz_assert(duet_session_serialize(s, NULL, &out_len)
                == DUET_ERR_BUFFER_TOO_SMALL);
            out = fuzz_alloc(out_len);
            fuzz_assert(duet_session_serialize(s, out, &out_len) == 0);
            fuzz_assert(out_len == n && memcmp(out, copy, n) == 0);
            free(out);
            duet_session_destroy(s);
        }
        break;
    }
    free(copy);
    return 0;
}
