/*
 * hash-t.c -- tests for crypto/src/hash: SHA-256 known answers (FIPS 180-4
 * examples), the incremental context against the one-shot function under
 * random splits, its state rules, and HMAC-SHA256 (RFC 4231).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "hash/hash.h"
#include "util/mem.h"
#include "util/rand.h"


/* Decode hex known-answer text; bails out on a typo in the test. */
static void
unhex(uint8_t *out, size_t n, const char *hex)
{
    size_t len = 0;

    if (duet_hex_decode(out, n, &len, hex, strlen(hex)) != 0 || len != n) {
        bail("bad hex in the test: %s", hex);
    }
}


static void
test_sha256_kat(void)
{
    static const struct {
        const char *msg;
        const char *digest;
    } kat[] = {
        { "abc",
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { "",
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    };
    uint8_t expect[32], got[32];
    struct duet_sha256 h;
    size_t i, j;
    uint8_t a[1000];

    for (i = 0; i < sizeof(kat) / sizeof(kat[0]); i++) {
        unhex(expect, sizeof(expect), kat[i].digest);
        is_int(0, duet_sha256(got, kat[i].msg, strlen(kat[i].msg)),
            "sha256 one-shot of a %zu-byte message", strlen(kat[i].msg));
        is_blob(expect, got, 32, "FIPS 180 known answer %zu", i);
    }
    unhex(expect, sizeof(expect), kat[1].digest);
    is_int(0, duet_sha256(got, NULL, 0), "sha256 of (NULL, 0)");
    is_blob(expect, got, 32, "equals the empty-message digest");

    /* One million 'a': many updates of an incremental context. */
    memset(a, 'a', sizeof(a));
    unhex(expect, sizeof(expect),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    is_int(0, duet_sha256_init(&h), "sha256_init");
    for (j = 0; j < 1000; j++) {
        if (duet_sha256_update(&h, a, sizeof(a)) != 0) {
            break;
        }
    }
    is_int(1000, (long long) j, "1000 updates of 1000 bytes");
    is_int(0, duet_sha256_final(&h, got), "sha256_final");
    is_blob(expect, got, 32, "FIPS 180 one million 'a'");
}


static void
test_sha256_incremental(void)
{
    uint8_t msg[300], one[32], inc[32], pre[32], pre_expect[32];
    struct duet_sha256 h, c;
    size_t n, off, step;
    unsigned long bad = 0;
    uint8_t rnd;
    int i;

    if (duet_random_bytes(msg, sizeof(msg)) != 0) {
        bail("random_bytes");
    }
    for (i = 0; i < 200; i++) {
        if (duet_random_bytes(&rnd, 1) != 0) {
            bail("random_bytes");
        }
        n = (size_t) (i * 3) % (sizeof(msg) + 1);
        if (duet_sha256(one, msg, n) != 0 || duet_sha256_init(&h) != 0) {
            bad++;
            continue;
        }
        /* Pieces of 0..15 bytes, the zero-length ones included. */
        for (off = 0; off < n; off += step) {
            step = (size_t) (rnd & 15);
            rnd = (uint8_t) (rnd * 13 + 7);
            if (step > n - off) {
                step = n - off;
            }
            if (duet_sha256_update(&h, msg + off, step) != 0) {
                bad++;
            }
        }
        if (duet_sha256_final(&h, inc) != 0 || memcmp(one, inc, 32) != 0) {
            bad++;
            diag("length %zu: incremental digest differs", n);
        }
    }
    is_int(0, (long long) bad, "incremental = one-shot under random splits");

    /* copy: the digest of a prefix, while the original carries on. */
    is_int(0, duet_sha256_init(&h), "init");
    is_int(0, duet_sha256_update(&h, msg, 100), "update 100");
    is_int(0, duet_sha256_copy(&c, &h), "copy");
    is_int(0, duet_sha256_update(&h, msg + 100, 100), "update the original");
    is_int(0, duet_sha256_final(&c, pre), "final of the copy");
    is_int(0, duet_sha256_final(&h, inc), "final of the original");
    if (duet_sha256(pre_expect, msg, 100) != 0
        || duet_sha256(one, msg, 200) != 0)
    {
        bail("sha256");
    }
    is_blob(pre_expect, pre, 32, "the copy hashed the prefix");
    is_blob(one, inc, 32, "the original hashed everything");

    /* State rules. */
    is_int(DUET_ERR_BAD_STATE, duet_sha256_update(&h, msg, 1),
        "update after final");
    is_int(DUET_ERR_BAD_STATE, duet_sha256_final(&h, inc),
        "final after final");
    ok(duet_ct_is_zero(inc, sizeof(inc)), "a failed final zeroes its output");
    is_int(DUET_ERR_BAD_STATE, duet_sha256_copy(&c, &h), "copy of finished");
    ok(c.md == NULL, "a failed copy leaves the destination cleared");
    duet_sha256_clear(&h);
    duet_sha256_clear(&h);
    duet_sha256_clear(NULL);
    memset(&h, 0, sizeof(h));
    is_int(DUET_ERR_BAD_STATE, duet_sha256_update(&h, msg, 1),
        "update of a zeroed context");

    /* clear releases a running context (ASan would report a leak). */
    is_int(0, duet_sha256_init(&h), "init");
    is_int(0, duet_sha256_update(&h, msg, 10), "update");
    duet_sha256_clear(&h);
    ok(h.md == NULL, "clear of a running context");
}


static void
test_hmac(void)
{
    uint8_t key[131], expect[32], got[32];
    static const char m6[] =
        "Test Using Larger Than Block-Size Key - Hash Key First";

    memset(key, 0x0b, 20);
    unhex(expect, 32,
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    is_int(0, duet_hmac_sha256(got, key, 20, (const uint8_t *) "Hi There", 8),
        "hmac RFC 4231 case 1");
    is_blob(expect, got, 32, "RFC 4231 case 1");

    unhex(expect, 32,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    is_int(0, duet_hmac_sha256(got, (const uint8_t *) "Jefe", 4,
        (const uint8_t *) "what do ya want for nothing?", 28),
        "hmac RFC 4231 case 2");
    is_blob(expect, got, 32, "RFC 4231 case 2");

    memset(key, 0xaa, 131);
    unhex(expect, 32,
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    is_int(0, duet_hmac_sha256(got, key, 131, (const uint8_t *) m6,
        sizeof(m6) - 1), "hmac RFC 4231 case 6");
    is_blob(expect, got, 32, "RFC 4231 case 6 (key longer than a block)");

    unhex(expect, 32,
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    is_int(0, duet_hmac_sha256(got, NULL, 0, NULL, 0), "hmac, empty key/msg");
    is_blob(expect, got, 32, "HMAC-SHA256 of empty key and message");
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());

    test_sha256_kat();
    test_sha256_incremental();
    test_hmac();

    return 0;
}
