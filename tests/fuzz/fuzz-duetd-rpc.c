/*
 * fuzz-duetd-rpc.c -- libFuzzer harness for what duetd reads from an
 * Ethereum node (fcgi_app/eth_rpc.c): the JSON-RPC reply envelope and the
 * result readers, without curl or a network.
 *
 * Byte 0 of an input is the piece size (1..256) in which the rest, the
 * reply body, is fed through duetd_rpc_write (libcurl's write callback);
 * then duetd_rpc_parse_reply reads it as the answer to request id 7 of a
 * method "eth_fuzz", and an accepted result goes through every reader.
 * Checked:
 *
 *   - the body is assembled exactly (and NUL-terminated) from its pieces;
 *   - the code is OK, REFUSED or BAD_REPLY; OK leaves a root, the others
 *     none; every message starts "eth_fuzz: ", has a reason, and is
 *     printable ASCII within the struct;
 *   - REFUSED only for an error object, BAD_REPLY's code is 0;
 *   - a quantity read as decimal converts back to exactly the hex string
 *     it came from (canonical form, no leading zero); a 64-bit one
 *     prints back as "0x%llx"; data and a hash hex-encode back to the
 *     string they came from.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "eth_rpc.c"
#include "http_body.c"
#include "u256.c"

#define FUZZ_RPC_MAX_INPUT  65536


static void
check_message(const struct duetd_rpc_error *err)
{
    static const char  prefix[] = "eth_fuzz: ";
    size_t             i, n;

    n = strnlen(err->message, sizeof(err->message));
    fuzz_assert(n < sizeof(err->message));
    fuzz_assert(n > sizeof(prefix) - 1);
    fuzz_assert(memcmp(err->message, prefix, sizeof(prefix) - 1) == 0);
    for (i = 0; i < n; i++) {
        fuzz_assert(err->message[i] >= 0x20 && err->message[i] < 0x7f);
    }
}


/* The result's string, when it is one. */
static const char *
result_string(struct json_object *res)
{
    if (res == NULL || !json_object_is_type(res, json_type_string)) {
        return NULL;
    }
    return json_object_get_string(res);
}


static void
check_readers(struct json_object *res)
{
    static const char       method[] = "eth_fuzz";
    struct duetd_rpc_error  err;
    struct duetd_u256       x;
    const char             *s = result_string(res);
    char                    dec[DUETD_QTY_SIZE];
    char                    hex[DUETD_U256_HEX_SIZE], u[32], *enc;
    uint8_t                 *data, hash[32];
    uint64_t                v;
    size_t                  len;
    int                     rc;

    memset(&err, 0, sizeof(err));
    rc = duetd_rpc_read_dec(method, res, dec, &err);
    fuzz_assert(rc == DUETD_RPC_OK || rc == DUETD_RPC_BAD_REPLY);
    if (rc == DUETD_RPC_OK) {
        fuzz_assert(s != NULL);
        fuzz_assert(duetd_u256_parse(&x, dec) == 0);
        duetd_u256_to_hex(hex, &x);
        fuzz_assert(strcmp(hex, s) == 0);
    } else {
        check_message(&err);
    }

    memset(&err, 0, sizeof(err));
    rc = duetd_rpc_read_u64(method, res, &v, &err);
    fuzz_assert(rc == DUETD_RPC_OK || rc == DUETD_RPC_BAD_REPLY);
    if (rc == DUETD_RPC_OK) {
        snprintf(u, sizeof(u), "0x%llx", (unsigned long long) v);
        fuzz_assert(s != NULL && strcmp(u, s) == 0);
    } else {
        check_message(&err);
    }

    memset(&err, 0, sizeof(err));
    rc = duetd_rpc_read_data(method, res, &data, &len, &err);
    fuzz_assert(rc == DUETD_RPC_OK || rc == DUETD_RPC_BAD_REPLY);
    if (rc == DUETD_RPC_OK) {
        fuzz_assert(s != NULL && data != NULL && strlen(s) == 2 + 2 * len);
        enc = fuzz_alloc(2 * len + 1);
        fuzz_assert(duet_hex_encode(enc, 2 * len + 1, data, len) == 0);
        fuzz_assert(memcmp(s, "0x", 2) == 0 && strcmp(s + 2, enc) == 0);
        free(enc);
        free(data);
    } else {
        fuzz_assert(data == NULL && len == 0);
        check_message(&err);
    }

    memset(&err, 0, sizeof(err));
    rc = duetd_rpc_read_hash(method, res, hash, &err);
    fuzz_assert(rc == DUETD_RPC_OK || rc == DUETD_RPC_BAD_REPLY);
    if (rc == DUETD_RPC_OK) {
        fuzz_assert(s != NULL && strlen(s) == 66);
    } else {
        check_message(&err);
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duetd_rpc_error  err;
    struct duetd_http_body  b;
    struct json_object     *root, *res;
    size_t                  piece, off, n;
    int                     rc;

    if (size < 1 || size > FUZZ_RPC_MAX_INPUT) {
        return 0;
    }
    piece = (size_t) data[0] + 1;
    data++;
    size--;

    memset(&b, 0, sizeof(b));
    b.max = DUETD_RPC_REPLY_MAX;
    for (off = 0; off < size; off += n) {
        char  *chunk;

        n = size - off < piece ? size - off : piece;
        /* An exact copy: ASan sees a read past the piece. */
        chunk = fuzz_alloc(n);
        memcpy(chunk, data + off, n);
        fuzz_assert(duetd_http_body_write(chunk, 1, n, &b) == n);
        free(chunk);
    }
    fuzz_assert(b.len == size && !b.over);
    fuzz_assert(size == 0 || (memcmp(b.p, data, size) == 0
                              && b.p[size] == '\0'));

    memset(&err, 0, sizeof(err));
    rc = duetd_rpc_parse_reply("eth_fuzz", 7, b.p != NULL ? b.p : "", b.len,
                               &root, &res, &err);
    fuzz_assert(rc == DUETD_RPC_OK || rc == DUETD_RPC_REFUSED
                || rc == DUETD_RPC_BAD_REPLY);
    if (rc == DUETD_RPC_OK) {
        fuzz_assert(root != NULL);
        check_readers(res);
        json_object_put(root);
    } else {
        fuzz_assert(root == NULL && res == NULL);
        check_message(&err);
        if (rc == DUETD_RPC_BAD_REPLY) {
            fuzz_assert(err.code == 0);
        }
    }
    duetd_http_body_wipe(&b);
    return 0;
}
