/*
 * fuzz-duetd-share.c -- libFuzzer harness for the container of share 1
 * that duetd keeps in the KMS (fcgi_app/server_share.c): "DSH1", the
 * key-share blob and the aux-info blob.
 *
 * The input is the container as loaded from the KMS.  Checked: a refusal
 * sets nothing; an accepted container's two blobs are non-empty, lie
 * inside it one after the other, and encoding them again gives exactly
 * the input.  The input, cut at its first NUL, is also tried as a signer
 * id for duetd_server_share_name: accepted exactly when "signers/<id>"
 * fits DUETD_SERVER_SHARE_NAME_MAX, and then that is the name.
 *
 * With DUET_FUZZ_WRITE_SEEDS=DIR set, the first input also runs the
 * honest protocols (proto-snap.c, needs $top_srcdir) and writes party
 * 1's real container to DIR (how tests/fuzz/corpus/duetd-share/ was
 * made).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server_share.c"

#include "duet.h"
#include "duet_keyshare.h"
#include "fuzz.h"
#include "proto-snap.h"

static int ready;


static void
write_seeds(const char *dir)
{
    struct proto_snaps snaps;
    struct duet_keyshare_info ki;
    const uint8_t *ks = NULL, *aux = NULL;
    size_t ks_len = 0, aux_len = 0, i, n, len;
    uint8_t *blob;
    const char *what;
    char path[4096];
    FILE *f;

    if (proto_snap_build(&snaps, &what) != 0) {
        fprintf(stderr, "fuzz-duetd-share: honest %s run failed\n", what);
        abort();
    }
    /* Party 1's key share; the aux blobs come in party order too. */
    for (i = 0, n = 0; i < snaps.nblobs; i++) {
        if (snaps.blob_kind[i] == PROTO_SNAP_KEYSHARE
            && duet_keyshare_inspect(&ki, snaps.blob[i], snaps.blob_len[i])
               == 0 && ki.index == 1)
        {
            ks = snaps.blob[i];
            ks_len = snaps.blob_len[i];
        }
        if (snaps.blob_kind[i] == PROTO_SNAP_AUX && n++ == 1) {
            aux = snaps.blob[i];
            aux_len = snaps.blob_len[i];
        }
    }
    fuzz_assert(ks != NULL && aux != NULL);
    fuzz_assert(duetd_server_share_encode(&blob, &len, ks, ks_len, aux,
        aux_len) == 0);
    snprintf(path, sizeof(path), "%s/share-real", dir);
    if ((f = fopen(path, "wb")) != NULL) {
        fwrite(blob, 1, len, f);
        fclose(f);
    }
    duetd_server_share_free(blob, len);
    proto_snap_free(&snaps);
}


static void
check_name(const uint8_t *data, size_t size)
{
    char id[256], name[DUETD_SERVER_SHARE_NAME_MAX];
    size_t n;
    int r;

    n = size < sizeof(id) - 1 ? size : sizeof(id) - 1;
    memcpy(id, data, n);
    id[n] = '\0';
    n = strlen(id);
    r = duetd_server_share_name(name, id);
    fuzz_assert(r == 0 || r == -1);
    fuzz_assert((r == 0) == (n > 0 && 8 + n < DUETD_SERVER_SHARE_NAME_MAX));
    if (r == 0) {
        fuzz_assert(memcmp(name, "signers/", 8) == 0
            && strcmp(name + 8, id) == 0);
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *ks, *aux;
    size_t ks_len, aux_len, len;
    uint8_t *blob, *out;
    const char *dir;

    if (!ready) {
        if ((dir = getenv("DUET_FUZZ_WRITE_SEEDS")) != NULL) {
            fuzz_assert(duet_init() == 0);
            write_seeds(dir);
        }
        ready = 1;
    }

    blob = fuzz_alloc(size);
    if (size > 0) {
        memcpy(blob, data, size);
    }
    check_name(data, size);

    if (duetd_server_share_decode(blob, size, &ks, &ks_len, &aux, &aux_len)
        != 0)
    {
        fuzz_assert(ks == NULL && aux == NULL && ks_len == 0 && aux_len == 0);
        free(blob);
        return 0;
    }
    fuzz_assert(ks_len > 0 && aux_len > 0);
    fuzz_assert(ks == blob + 9 && ks_len <= size - 13
        && aux == ks + ks_len + 4 && aux_len == size - 13 - ks_len);

    fuzz_assert(duetd_server_share_encode(&out, &len, ks, ks_len, aux,
        aux_len) == 0);
    fuzz_assert(len == size && memcmp(out, blob, size) == 0);
    duetd_server_share_free(out, len);
    free(blob);
    return 0;
}
