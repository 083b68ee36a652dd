/*
 * fuzz-cli-sharefile.c -- libFuzzer harness for the CLI's share files
 * (cli/sharefile.c, included with cli/home.c), with scrypt at its
 * cheapest: DUET_TEST_SCRYPT_LOG2N=1 is set on the first input.
 *
 * The first byte chooses what the rest is:
 *   even: a whole file, opened with the passphrase FUZZ_PASS;
 *   odd:  a plaintext, sealed here under a valid header (log2N 1, the
 *         other fields from the input) with FUZZ_PASS, so that the
 *         parsing behind the tag is reached too.
 * Checked: the result is OK, BAD_PASSPHRASE or CORRUPT, and nothing is
 * returned unless OK; an opened share has non-empty blobs whose lengths
 * add up to the file's; a sealed plaintext never fails the tag, and a
 * wrong passphrase on it always does.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "home.c"
#include "sharefile.c"

#define FUZZ_SHARE_MAX_INPUT  8192
#define FUZZ_PASS             "fuzz passphrase"


static void
fuzz_check(int rc, const uint8_t *file, size_t len,
    struct duet_client_share *s, struct duet_sharefile_info *info)
{
    fuzz_assert(rc == DUET_SHAREFILE_OK || rc == DUET_SHAREFILE_CORRUPT
        || rc == DUET_SHAREFILE_BAD_PASSPHRASE);
    if (rc != DUET_SHAREFILE_OK) {
        fuzz_assert(s->keyshare == NULL && s->aux == NULL
            && info->signer_id[0] == '\0');
        return;
    }
    fuzz_assert(s->keyshare_len > 0 && s->aux_len > 0);
    fuzz_assert(len == DUET_SHAREFILE_HEADER + 8 + s->keyshare_len
        + s->aux_len + DUET_SHAREFILE_TAG);
    fuzz_assert(s->index == info->party && memcmp(info->signer_id,
        file + 46, DUET_SHAREFILE_ID) == 0);
    duet_sharefile_share_clear(s);
}


/* Seal plain under a header made from hdr (at least 89 bytes). */
static uint8_t *
fuzz_seal(const uint8_t *hdr, const uint8_t *plain, size_t plen,
    size_t *len)
{
    uint8_t  key[DUET_SHAREFILE_KEY];
    uint8_t *file;

    *len = DUET_SHAREFILE_HEADER + plen + DUET_SHAREFILE_TAG;
    file = fuzz_alloc(*len);
    memcpy(file, hdr, DUET_SHAREFILE_HEADER);
    memcpy(file, DUET_SHAREFILE_MAGIC, 8);
    file[8] = DUET_SHAREFILE_VERSION;
    file[9] = 1;
    duet_sharefile_put32(file + 10, DUET_SHAREFILE_R);
    duet_sharefile_put32(file + 14, DUET_SHAREFILE_P);
    memcpy(file + 46, "2f1c7a4e-0b6d-4c1e-9a57-3d2e8f901234", 36);
    file[82] = hdr[82] & 2;
    file[83] = 0;
    file[84] = (hdr[84] & 1) ? 128 : 112;
    duet_sharefile_put32(file + 85, (uint32_t) plen);
    fuzz_assert(duet_sharefile_kdf(key, FUZZ_PASS, file + 18, 1) == 0);
    fuzz_assert(duet_sharefile_gcm(1, key, file + 34, file,
        DUET_SHAREFILE_HEADER, plain, plen, file + DUET_SHAREFILE_HEADER,
        file + DUET_SHAREFILE_HEADER + plen) == 0);
    duet_memclear(key, sizeof(key));

    return file;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duet_client_share    s;
    struct duet_sharefile_info  info;
    uint8_t                    *file;
    size_t                      len;
    int                         rc;

    if (size == 0 || size > FUZZ_SHARE_MAX_INPUT) {
        return 0;
    }
    fuzz_assert(setenv("DUET_TEST_SCRYPT_LOG2N", "1", 1) == 0);

    if ((data[0] & 1) == 0) {
        rc = duet_sharefile_open(data + 1, size - 1, FUZZ_PASS, &s, &info);
        fuzz_check(rc, data + 1, size - 1, &s, &info);
        return 0;
    }

    data++;
    size--;
    if (size < DUET_SHAREFILE_HEADER + 8) {
        return 0;
    }
    file = fuzz_seal(data, data + DUET_SHAREFILE_HEADER,
        size - DUET_SHAREFILE_HEADER, &len);
    rc = duet_sharefile_open(file, len, FUZZ_PASS, &s, &info);
    fuzz_assert(rc != DUET_SHAREFILE_BAD_PASSPHRASE);
    fuzz_check(rc, file, len, &s, &info);
    rc = duet_sharefile_open(file, len, FUZZ_PASS "!", &s, &info);
    fuzz_assert(rc == DUET_SHAREFILE_BAD_PASSPHRASE);
    free(file);

    return 0;
}
