/*
 * fuzz-duetd-calldata.c -- libFuzzer harness for calldata decoding
 * (fcgi_app/calldata.c): the input is a transaction's data field.  The
 * bytes are copied into a buffer of exactly their size, so that ASan
 * sees any read past the end.  Checked:
 *
 *   - a selector exactly when there are 4 bytes or more; its hex text
 *     and the decoded action are NUL-terminated, the action is empty
 *     without a selector and never empty with one;
 *   - a decoded (*_ok) argument only for a call of that kind, and the
 *     flags of the other kinds stay clear;
 *   - what was decoded is what the bytes say: a transfer's recipient and
 *     amount, an approval's amount, a V2 swap's amountIn and
 *     amountOutMin, read back from their words;
 *   - decoding is deterministic.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "u256.c"
#include "calldata.c"

#include "fuzz.h"

#define FUZZ_CALLDATA_MAX_INPUT  8192


/* Word i after the selector, as a 256-bit number. */
static void
word_at(struct duetd_u256 *out, const uint8_t *data, size_t i)
{
    fuzz_assert(duetd_u256_from_be(out, data + 4 + 32 * i, 32) == 0);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duetd_calldata  c, d;
    struct duetd_u256      w;
    uint8_t               *buf;
    size_t                 k;

    if (size > FUZZ_CALLDATA_MAX_INPUT) {
        return 0;
    }
    buf = fuzz_alloc(size);
    if (size > 0) {
        memcpy(buf, data, size);
    }
    duetd_calldata_decode(&c, size > 0 ? buf : NULL, size);

    fuzz_assert(c.has_selector == (size >= 4));
    fuzz_assert(memchr(c.action, '\0', sizeof(c.action)) != NULL);
    fuzz_assert(memchr(c.selector_hex, '\0', sizeof(c.selector_hex))
                != NULL);
    fuzz_assert((c.action[0] != '\0') == (c.has_selector != 0));
    if (c.has_selector) {
        fuzz_assert(strlen(c.selector_hex) == 10);
    }

    fuzz_assert(!c.transfer_ok || c.token_transfer);
    fuzz_assert(!c.approval_ok || c.approval != DUETD_APPROVAL_NONE);
    fuzz_assert(!c.swap_ok || c.swap != DUETD_SWAP_NONE);
    fuzz_assert(!c.approve_all || (c.approval == DUETD_APPROVAL_ALL
                                   && c.approval_ok));
    fuzz_assert(!c.uniswap_v2 || (c.swap != DUETD_SWAP_NONE && c.dex));
    fuzz_assert(!c.token_transfer || c.approval == DUETD_APPROVAL_NONE);
    fuzz_assert(!c.token_transfer || c.swap == DUETD_SWAP_NONE);
    fuzz_assert(c.approval == DUETD_APPROVAL_NONE
                || c.swap == DUETD_SWAP_NONE);
    fuzz_assert(!c.dex || (!c.token_transfer
                           && c.approval == DUETD_APPROVAL_NONE));
    if (c.has_selector && strncmp(c.action, "unknown(", 8) == 0) {
        fuzz_assert(!c.token_transfer && c.approval == DUETD_APPROVAL_NONE
                    && c.swap == DUETD_SWAP_NONE && !c.dex);
    }

    /* Read the decoded values back from the words they came from. */
    if (c.transfer_ok) {
        k = c.selector == 0x23b872dd ? 1 : 0;
        fuzz_assert(size >= 4 + 32 * (k + 2));
        fuzz_assert(memcmp(c.recipient, buf + 4 + 32 * k + 12, 20) == 0);
        word_at(&w, buf, k + 1);
        fuzz_assert(duetd_u256_cmp(&w, &c.amount) == 0);
    }
    if (c.approval_ok && c.approval != DUETD_APPROVAL_ALL) {
        k = c.approval == DUETD_APPROVAL_PERMIT2 ? 2 : 1;
        word_at(&w, buf, k);
        fuzz_assert(duetd_u256_cmp(&w, &c.approval_amount) == 0);
        if (c.approval == DUETD_APPROVAL_PERMIT2) {
            fuzz_assert(w.w[3] == 0 && w.w[2] <= 0xffffffffULL);
        }
    }
    if (c.swap_ok && c.uniswap_v2 && c.swap == DUETD_SWAP_EXACT_IN) {
        word_at(&w, buf, 0);
        fuzz_assert(duetd_u256_cmp(&w, &c.amount_in) == 0);
        word_at(&w, buf, 1);
        fuzz_assert(duetd_u256_cmp(&w, &c.amount_out_min) == 0);
    }

    duetd_calldata_decode(&d, size > 0 ? buf : NULL, size);
    fuzz_assert(memcmp(&c, &d, sizeof(c)) == 0);

    free(buf);
    return 0;
}
