/*
 * bench-codec.c -- hex and base64url encode/decode at 32 B, 1 KiB and
 * 64 KiB, and duet_ct_memeq against memcmp on equal 32 B and 4 KiB buffers
 * (memcmp's worst case, so the ratio is the price of constant time).
 *
 * Uses only the public API, linked against the production library.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet_util.h"
#include "bench.h"

struct codec_case {
    const uint8_t *bytes;       /* n bytes of input */
    size_t n;
    const char *text;           /* their encoding */
    size_t text_len;
    char *text_out;             /* room for an encoding */
    size_t text_size;
    uint8_t *bytes_out;         /* room for n bytes */
};

struct memeq_case {
    const uint8_t *a;
    const uint8_t *b;
    size_t n;
    volatile int sink;
};


static void
check(int r, const char *what)
{
    if (r != 0) {
        fprintf(stderr, "bench-codec: %s failed: %s\n", what,
            duet_strerror(r));
        exit(1);
    }
}


static void
run_hex_encode(void *arg, uint64_t iters)
{
    struct codec_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_hex_encode(c->text_out, c->text_size, c->bytes, c->n),
            "hex encode");
    }
}


static void
run_hex_decode(void *arg, uint64_t iters)
{
    struct codec_case *c = arg;
    uint64_t i;
    size_t len;

    for (i = 0; i < iters; i++) {
        check(duet_hex_decode(c->bytes_out, c->n, &len, c->text,
            c->text_len), "hex decode");
    }
}


static void
run_b64_encode(void *arg, uint64_t iters)
{
    struct codec_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_base64url_encode(c->text_out, c->text_size, c->bytes,
            c->n), "base64url encode");
    }
}


static void
run_b64_decode(void *arg, uint64_t iters)
{
    struct codec_case *c = arg;
    uint64_t i;
    size_t len;

    for (i = 0; i < iters; i++) {
        check(duet_base64url_decode(c->bytes_out, c->n, &len, c->text,
            c->text_len), "base64url decode");
    }
}


static void
run_ct_memeq(void *arg, uint64_t iters)
{
    struct memeq_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        BENCH_CLOBBER();
        c->sink += duet_ct_memeq(c->a, c->b, c->n);
    }
}


static void
run_memcmp(void *arg, uint64_t iters)
{
    struct memeq_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        /* Without the clobber the compiler may call memcmp only once. */
        BENCH_CLOBBER();
        c->sink += memcmp(c->a, c->b, c->n) == 0;
    }
}


/* Label a size: 32B, 1KiB, 64KiB. */
static void
size_label(char *buf, size_t bufsize, size_t n)
{
    if (n >= 1024 && n % 1024 == 0) {
        snprintf(buf, bufsize, "%zuKiB", n / 1024);
    } else {
        snprintf(buf, bufsize, "%zuB", n);
    }
}


static void
bench_codecs(void)
{
    static const size_t sizes[] = { 32, 1024, 65536 };
    struct codec_case c;
    uint8_t *bytes, *out;
    char *hex, *b64, *text_out, label[32], name[64];
    size_t i, n;

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        n = sizes[i];
        size_label(label, sizeof(label), n);
        bytes = malloc(n);
        out = malloc(n);
        hex = malloc(DUET_HEX_ENCODED_SIZE(n));
        b64 = malloc(DUET_BASE64URL_ENCODED_SIZE(n));
        text_out = malloc(DUET_HEX_ENCODED_SIZE(n));
        if (bytes == NULL || out == NULL || hex == NULL || b64 == NULL
            || text_out == NULL)
        {
            check(DUET_ERR_NO_MEMORY, "malloc");
        }
        check(duet_random_bytes(bytes, n), "random bytes");
        check(duet_hex_encode(hex, DUET_HEX_ENCODED_SIZE(n), bytes, n),
            "hex encode");
        check(duet_base64url_encode(b64, DUET_BASE64URL_ENCODED_SIZE(n),
            bytes, n), "base64url encode");

        c.bytes = bytes;
        c.n = n;
        c.text_out = text_out;
        c.text_size = DUET_HEX_ENCODED_SIZE(n);
        c.bytes_out = out;

        c.text = hex;
        c.text_len = strlen(hex);
        snprintf(name, sizeof(name), "hex_encode/%s", label);
        bench_run(name, run_hex_encode, &c, n);
        snprintf(name, sizeof(name), "hex_decode/%s", label);
        bench_run(name, run_hex_decode, &c, n);

        c.text = b64;
        c.text_len = strlen(b64);
        snprintf(name, sizeof(name), "base64url_encode/%s", label);
        bench_run(name, run_b64_encode, &c, n);
        snprintf(name, sizeof(name), "base64url_decode/%s", label);
        bench_run(name, run_b64_decode, &c, n);

        free(bytes);
        free(out);
        free(hex);
        free(b64);
        free(text_out);
    }
}


static void
bench_memeq(void)
{
    static const size_t sizes[] = { 32, 4096 };
    struct memeq_case c;
    uint8_t *a, *b;
    char label[32], name[64];
    double ct, var;
    size_t i, n;

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        n = sizes[i];
        size_label(label, sizeof(label), n);
        a = malloc(n);
        b = malloc(n);
        if (a == NULL || b == NULL) {
            check(DUET_ERR_NO_MEMORY, "malloc");
        }
        check(duet_random_bytes(a, n), "random bytes");
        memcpy(b, a, n);
        c.a = a;
        c.b = b;
        c.n = n;
        c.sink = 0;

        snprintf(name, sizeof(name), "ct_memeq/%s", label);
        ct = bench_run(name, run_ct_memeq, &c, n);
        snprintf(name, sizeof(name), "memcmp/%s", label);
        var = bench_run(name, run_memcmp, &c, n);
        bench_note(ct / var, "ct_memeq / memcmp time, %s equal", label);

        free(a);
        free(b);
    }
}


int
main(int argc, char **argv)
{
    bench_init("codec", argc, argv);
    bench_codecs();
    bench_memeq();

    return bench_finish();
}
