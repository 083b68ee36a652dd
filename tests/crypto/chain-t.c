/*
 * chain-t.c -- tests for crypto/src/chain: Keccak-256 and RLP.
 *
 * Known answers come from tests/vectors/chain-vectors.h, generated from
 * ethers (tests/vectors/gen/).  Besides those: Keccak-256 is told apart
 * from OpenSSL's SHA3-256, incremental hashing is checked at every split
 * point; RLP encodings are compared with a second, independent encoder
 * written here from the Yellow Paper; every non-canonical header form,
 * every truncation and trailing bytes are rejected with their own code;
 * and a deterministic mutation pass (bit flips, truncations, random byte
 * edits) checks that damaged input is rejected or is the canonical
 * encoding of something else, and never crashes (run it under ASan or
 * valgrind to mean that).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "chain/keccak.h"
#include "chain/rlp.h"
#include "codec/buf.h"
#include "util/rand.h"

#include "chain-vectors.h"

#define NELEM(a)  (sizeof(a) / sizeof((a)[0]))

/* A growable byte or text buffer for the test side. */
struct bytes {
    uint8_t *p;
    size_t len;
    size_t cap;
};

/* An RLP value parsed from a shape, for the reference encoder. */
struct node {
    int is_list;
    uint8_t *b;             /* string bytes */
    size_t len;
    struct node **kids;     /* list items */
    size_t nkids;
};

static const char keccak_empty_hex[] =
    "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";
static const char sha3_empty_hex[] =
    "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";


/* Test-side helpers. */

static void
bytes_reserve(struct bytes *b, size_t n)
{
    if (n <= b->cap - b->len) {
        return;
    }
    while (b->cap - b->len < n) {
        b->cap = b->cap < 64 ? 64 : 2 * b->cap;
    }
    b->p = realloc(b->p, b->cap);
    if (b->p == NULL) {
        sysbail("realloc");
    }
}


static void
bytes_add(struct bytes *b, const void *p, size_t n)
{
    bytes_reserve(b, n + 1);
    if (n > 0) {
        memcpy(b->p + b->len, p, n);
    }
    b->len += n;
    b->p[b->len] = 0;       /* so that text is always a C string */
}


static void
bytes_add_byte(struct bytes *b, uint8_t c)
{
    bytes_add(b, &c, 1);
}


static void
bytes_free(struct bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}


static int
hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}


/* Decode n hex digits (lower case, even n); bails on bad test data. */
static uint8_t *
unhex_n(const char *hex, size_t n, size_t *len)
{
    uint8_t *out = bmalloc(n / 2 + 1);
    size_t i;
    int hi, lo;

    if (n % 2 != 0) {
        bail("odd hex length in test data");
    }
    for (i = 0; i < n / 2; i++) {
        hi = hexval(hex[2 * i]);
        lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            bail("bad hex in test data");
        }
        out[i] = (uint8_t) (hi << 4 | lo);
    }
    *len = n / 2;

    return out;
}


static uint8_t *
unhex(const char *hex, size_t *len)
{
    return unhex_n(hex, strlen(hex), len);
}


/* The unit (hex) repeated to len bytes. */
static uint8_t *
expand(const char *unit_hex, size_t len)
{
    uint8_t *unit, *out = bmalloc(len + 1);
    size_t ulen, i;

    unit = unhex(unit_hex, &ulen);
    if (ulen == 0 && len > 0) {
        bail("empty unit");
    }
    for (i = 0; i < len; i++) {
        out[i] = unit[i % ulen];
    }
    free(unit);

    return out;
}


static void
tohex(char *out, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}


static void
random_fill(uint8_t *p, size_t n)
{
    if (duet_random_bytes(p, n) != 0) {
        bail("duet_random_bytes failed");
    }
}


/* A uniform-enough number in [0, n) from the seeded stream. */
static size_t
random_below(size_t n)
{
    uint32_t v;

    random_fill((uint8_t *) &v, sizeof(v));

    return n == 0 ? 0 : v % n;
}


/* A heap copy of exactly n bytes, so that ASan sees any overread. */
static uint8_t *
exact_copy(const uint8_t *p, size_t n)
{
    uint8_t *c = bmalloc(n != 0 ? n : 1);

    if (n > 0) {
        memcpy(c, p, n);
    }

    return c;
}


static const char *
errname(int r)
{
    return r == 0 ? "OK" : duet_errname(r);
}


/* Shapes: "[" opens a list, "]" closes it, "x<hex>" is a string. */

/*
 * Encode a shape with the library's writer.
 *
 * Returns: the writer's error, or 0.
 */
static int
shape_encode(struct duet_buf_writer *w, const char *shape)
{
    size_t marks[64], top = 0, n, len;
    const char *s = shape, *end;
    uint8_t *b;
    int r = 0;

    while (*s != '\0') {
        end = strchr(s, ' ');
        n = end != NULL ? (size_t) (end - s) : strlen(s);
        if (n == 1 && s[0] == '[') {
            if (top == NELEM(marks)) {
                bail("shape nests too deep");
            }
            r = duet_rlp_list_begin(w, &marks[top++]);
        } else if (n == 1 && s[0] == ']') {
            if (top == 0) {
                bail("unbalanced shape");
            }
            r = duet_rlp_list_end(w, marks[--top]);
        } else if (s[0] == 'x') {
            b = unhex_n(s + 1, n - 1, &len);
            r = duet_rlp_put_bytes(w, b, len);
            free(b);
        } else {
            bail("bad shape token");
        }
        s += n;
        while (*s == ' ') {
            s++;
        }
    }
    if (top != 0) {
        bail("unbalanced shape");
    }

    return r != 0 ? r : duet_buf_writer_error(w);
}


/* Encode a shape into a fresh heap buffer; bails on failure. */
static uint8_t *
shape_encode_alloc(const char *shape, size_t *len)
{
    struct duet_buf_writer w;
    uint8_t *out;
    int r;

    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    if ((r = shape_encode(&w, shape)) != 0) {
        bail("encoding a shape failed: %s", errname(r));
    }
    *len = duet_buf_writer_len(&w);
    out = exact_copy(duet_buf_writer_ptr(&w), *len);
    duet_buf_writer_free(&w);

    return out;
}


/* Read one item from rd as shape tokens, recursing into lists. */
static int
shape_item(struct duet_rlp_reader *rd, struct bytes *sb)
{
    struct duet_rlp_reader list;
    const uint8_t *p;
    size_t len;
    char *hex;
    int kind, r = DUET_ERR_INTERNAL;

    if ((r = duet_rlp_peek_kind(rd, &kind)) != 0) {
        return r;
    }
    if (sb->len > 0) {
        bytes_add(sb, " ", 1);
    }
    if (kind == DUET_RLP_LIST) {
        if ((r = duet_rlp_get_list(rd, &list)) != 0) {
            return r;
        }
        bytes_add(sb, "[", 1);
        while (duet_rlp_reader_remaining(&list) > 0) {
            if ((r = shape_item(&list, sb)) != 0) {
                return r;
            }
        }
        bytes_add(sb, " ]", 2);
        return duet_rlp_reader_end(&list);
    }
    if ((r = duet_rlp_get_bytes(rd, &p, &len, SIZE_MAX)) != 0) {
        return r;
    }
    if (p == NULL) {
        bail("get_bytes succeeded with p NULL");
    }
    hex = bmalloc(2 * len + 2);
    hex[0] = 'x';
    tohex(hex + 1, p, len);
    bytes_add(sb, hex, strlen(hex));
    free(hex);

    return 0;
}


/*
 * Decode exactly one item into its shape with the streaming reader, the
 * way a caller walks a message (duet_rlp_check walks without recursion).
 *
 * Returns: 0 (then *shape is malloc'd), or the reader's error.
 */
static int
shape_decode(const uint8_t *p, size_t len, char **shape)
{
    struct duet_rlp_reader rd;
    struct bytes sb = { NULL, 0, 0 };
    int r;

    *shape = NULL;
    duet_rlp_reader_init(&rd, p, len);
    if ((r = shape_item(&rd, &sb)) != 0 || (r = duet_rlp_reader_end(&rd)) != 0)
    {
        bytes_free(&sb);
        return r;
    }
    bytes_add(&sb, "", 0);
    *shape = (char *) sb.p;

    return 0;
}


/* The reference encoder: an independent reading of the Yellow Paper. */

static struct node *
node_parse(const char **s)
{
    struct node *n = bcalloc(1, sizeof(*n));
    const char *end;
    size_t len;

    while (**s == ' ') {
        (*s)++;
    }
    if (**s == '[') {
        n->is_list = 1;
        (*s)++;
        for (;;) {
            while (**s == ' ') {
                (*s)++;
            }
            if (**s == ']') {
                (*s)++;
                break;
            }
            if (**s == '\0') {
                bail("unbalanced shape");
            }
            n->kids = realloc(n->kids, (n->nkids + 1) * sizeof(*n->kids));
            if (n->kids == NULL) {
                sysbail("realloc");
            }
            n->kids[n->nkids++] = node_parse(s);
        }
    } else if (**s == 'x') {
        end = strchr(*s, ' ');
        len = end != NULL ? (size_t) (end - *s) : strlen(*s);
        n->b = unhex_n(*s + 1, len - 1, &n->len);
        *s += len;
    } else {
        bail("bad shape");
    }

    return n;
}


static void
node_free(struct node *n)
{
    size_t i;

    for (i = 0; i < n->nkids; i++) {
        node_free(n->kids[i]);
    }
    free(n->kids);
    free(n->b);
    free(n);
}


static void
ref_header(struct bytes *out, uint8_t base, size_t len)
{
    uint8_t be[sizeof(size_t)];
    size_t n = 0, i, v;

    if (len < 56) {
        bytes_add_byte(out, (uint8_t) (base + len));
        return;
    }
    /* The length's base-256 digits, most significant first. */
    for (v = len; v > 0; v /= 256) {
        n++;
    }
    for (v = len, i = n; v > 0; v /= 256) {
        be[--i] = (uint8_t) (v % 256);
    }
    bytes_add_byte(out, (uint8_t) (base + 55 + n));
    bytes_add(out, be, n);
}


static void
ref_encode(const struct node *n, struct bytes *out)
{
    struct bytes payload = { NULL, 0, 0 };
    size_t i;

    if (!n->is_list) {
        if (n->len == 1 && n->b[0] < 0x80) {
            bytes_add_byte(out, n->b[0]);
        } else {
            ref_header(out, 0x80, n->len);
            bytes_add(out, n->b, n->len);
        }
        return;
    }
    for (i = 0; i < n->nkids; i++) {
        ref_encode(n->kids[i], &payload);
    }
    ref_header(out, 0xc0, payload.len);
    bytes_add(out, payload.p, payload.len);
    bytes_free(&payload);
}


static void
ref_encode_shape(const char *shape, struct bytes *out)
{
    const char *s = shape;
    struct node *n = node_parse(&s);

    ref_encode(n, out);
    node_free(n);
}


/* Keccak-256. */

static void
test_keccak_vectors(void)
{
    const struct chain_keccak_vector *v;
    struct duet_keccak256 ctx;
    uint8_t *in, *want, got[DUET_KECCAK256_SIZE], inc[DUET_KECCAK256_SIZE];
    size_t i, len, off, step;
    unsigned long bad_inc = 0;

    for (i = 0; i < NELEM(chain_keccak_vectors); i++) {
        v = &chain_keccak_vectors[i];
        in = expand(v->unit, v->len);
        want = unhex(v->digest, &len);
        duet_keccak256(got, in, v->len);
        is_blob(want, got, DUET_KECCAK256_SIZE, "keccak256: %s",
            v->comment);

        /* The same input again, in random pieces (some empty). */
        duet_keccak256_init(&ctx);
        for (off = 0; off < v->len; off += step) {
            step = random_below(2 * DUET_KECCAK256_RATE + 2);
            if (step > v->len - off) {
                step = v->len - off;
            }
            duet_keccak256_update(&ctx, in + off, step);
        }
        duet_keccak256_final(&ctx, inc);
        if (memcmp(inc, want, DUET_KECCAK256_SIZE) != 0 && bad_inc++ == 0) {
            diag("random pieces give another digest for: %s", v->comment);
        }
        free(want);
        free(in);
    }
    is_int(0, (long long) bad_inc,
        "keccak256: every vector again in random pieces (%zu)",
        NELEM(chain_keccak_vectors));
}


/* The padding is Keccak's, not FIPS 202's: check against OpenSSL's SHA3. */
static void
test_keccak_not_sha3(void)
{
    static const char *inputs[] = { "", "abc", "duet" };
    uint8_t kec[DUET_KECCAK256_SIZE], sha3[EVP_MAX_MD_SIZE];
    uint8_t got[DUET_KECCAK256_SIZE], *k;
    unsigned int sha3_len = 0;
    size_t i, len, klen;
    char hex[2 * DUET_KECCAK256_SIZE + 1];

    duet_keccak256(got, NULL, 0);
    tohex(hex, got, sizeof(got));
    is_str(keccak_empty_hex, hex, "keccak256(\"\") is c5d24601...5d85a470");

    for (i = 0; i < NELEM(inputs); i++) {
        len = strlen(inputs[i]);
        if (EVP_Digest(inputs[i], len, sha3, &sha3_len, EVP_sha3_256(), NULL)
            != 1 || sha3_len != DUET_KECCAK256_SIZE)
        {
            bail("OpenSSL SHA3-256 failed");
        }
        if (i == 0) {
            k = unhex(sha3_empty_hex, &klen);
            is_blob(k, sha3, DUET_KECCAK256_SIZE,
                "OpenSSL SHA3-256(\"\") is a7ffc6f8...80f8434a");
            free(k);
        }
        duet_keccak256(kec, (const uint8_t *) inputs[i], len);
        ok(memcmp(kec, sha3, DUET_KECCAK256_SIZE) != 0,
            "keccak256(\"%s\") differs from SHA3-256(\"%s\")", inputs[i],
            inputs[i]);
    }
}


/* Incremental hashing equals one-shot at every split point. */
static void
test_keccak_incremental(void)
{
    static const size_t sizes[] = { 0, 1, 135, 136, 137, 272, 300, 600 };
    struct duet_keccak256 ctx, zero;
    uint8_t data[600], want[DUET_KECCAK256_SIZE], got[DUET_KECCAK256_SIZE];
    size_t s, n, i, j;
    unsigned long bad, runs;

    random_fill(data, sizeof(data));

    for (s = 0; s < NELEM(sizes); s++) {
        n = sizes[s];
        duet_keccak256(want, data, n);
        bad = 0;
        runs = 0;
        for (i = 0; i <= n; i++) {
            duet_keccak256_init(&ctx);
            duet_keccak256_update(&ctx, data, i);
            duet_keccak256_update(&ctx, data + i, n - i);
            duet_keccak256_final(&ctx, got);
            bad += memcmp(got, want, sizeof(got)) != 0;
            runs++;
        }
        /* Three pieces at every pair of points, up to one block and a bit. */
        for (i = 0; n <= DUET_KECCAK256_RATE + 1 && i <= n; i++) {
            for (j = i; j <= n; j++) {
                duet_keccak256_init(&ctx);
                duet_keccak256_update(&ctx, data, i);
                duet_keccak256_update(&ctx, data + i, j - i);
                duet_keccak256_update(&ctx, data + j, n - j);
                duet_keccak256_final(&ctx, got);
                bad += memcmp(got, want, sizeof(got)) != 0;
                runs++;
            }
        }
        /* A byte at a time. */
        duet_keccak256_init(&ctx);
        for (i = 0; i < n; i++) {
            duet_keccak256_update(&ctx, data + i, 1);
        }
        duet_keccak256_final(&ctx, got);
        bad += memcmp(got, want, sizeof(got)) != 0;
        runs++;
        is_int(0, (long long) bad,
            "keccak256 of %zu bytes: %lu ways of splitting it agree", n,
            runs);
    }

    /* final leaves a fresh state behind, and empty updates do nothing. */
    duet_keccak256_init(&ctx);
    duet_keccak256_update(&ctx, data, 100);
    duet_keccak256_final(&ctx, got);
    duet_keccak256_update(&ctx, NULL, 0);
    duet_keccak256_update(&ctx, data, 7);
    duet_keccak256_update(&ctx, data + 7, 0);
    duet_keccak256_final(&ctx, got);
    duet_keccak256(want, data, 7);
    is_blob(want, got, sizeof(got), "keccak256: a state is reusable after "
        "final");
    memset(&zero, 0, sizeof(zero));
    ok(memcmp(&ctx, &zero, sizeof(ctx)) == 0,
        "keccak256_final wipes the state");

    /* The digest may overwrite its input. */
    memcpy(got, data, sizeof(got));
    duet_keccak256(want, data, sizeof(got));
    duet_keccak256(got, got, sizeof(got));
    is_blob(want, got, sizeof(got), "keccak256: out may overlap in");
}


/* RLP known answers. */

static void
test_rlp_vectors(void)
{
    const struct chain_rlp_vector *v;
    struct duet_buf_writer w;
    struct bytes ref = { NULL, 0, 0 };
    uint8_t *want, *mem;
    size_t i, len, cap;
    char *shape;
    unsigned long bad_ref = 0, bad_cap = 0;
    int r;

    for (i = 0; i < NELEM(chain_rlp_vectors); i++) {
        v = &chain_rlp_vectors[i];
        want = unhex(v->encoded, &len);

        duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
        r = shape_encode(&w, v->shape);
        ok(r == 0 && duet_buf_writer_len(&w) == len
            && memcmp(duet_buf_writer_ptr(&w), want, len) == 0,
            "rlp encode: %s", v->comment);
        duet_buf_writer_free(&w);

        r = duet_rlp_check(want, len);
        shape = NULL;
        ok(r == 0 && shape_decode(want, len, &shape) == 0
            && strcmp(shape, v->shape) == 0, "rlp decode: %s (%s)",
            v->comment, errname(r));
        free(shape);

        ref.len = 0;
        ref_encode_shape(v->shape, &ref);
        bad_ref += ref.len != len || memcmp(ref.p, want, len) != 0;

        /* Into caller memory: exactly enough works, one byte less not. */
        for (cap = len > 8 ? len - 8 : 0; cap <= len; cap++) {
            mem = bmalloc(cap + 1);
            duet_buf_writer_init(&w, mem, cap);
            r = shape_encode(&w, v->shape);
            bad_cap += cap == len ? r != 0 || memcmp(mem, want, len) != 0
                : r != DUET_ERR_BUFFER_TOO_SMALL;
            free(mem);
        }
        free(want);
    }
    bytes_free(&ref);
    is_int(0, (long long) bad_ref,
        "the test's reference encoder agrees with every vector");
    is_int(0, (long long) bad_cap,
        "fixed-size writers: exact size works, smaller is BUFFER_TOO_SMALL");
}


static void
test_rlp_uint_vectors(void)
{
    static const uint8_t zeros[32];
    const struct chain_rlp_uint_vector *v;
    struct duet_buf_writer w;
    struct duet_rlp_reader rd;
    uint8_t *mag, *want, padded[64];
    const uint8_t *p;
    size_t i, n, len, k;
    uint64_t u, got64;
    int r, r64;

    for (i = 0; i < NELEM(chain_rlp_uint_vectors); i++) {
        v = &chain_rlp_uint_vectors[i];
        mag = unhex(v->value, &n);
        want = unhex(v->encoded, &len);

        /* Encode: minimal, with leading zeros, and as a u64. */
        duet_buf_writer_init_alloc(&w, 1024);
        (void) duet_rlp_put_uint(&w, mag, n);
        memset(padded, 0, 3);
        memcpy(padded + 3, mag, n);
        (void) duet_rlp_put_uint(&w, padded, n + 3);
        for (u = 0, k = 0; k < n && n <= 8; k++) {
            u = (u << 8) | mag[k];
        }
        if (n <= 8) {
            (void) duet_rlp_put_u64(&w, u);
        }
        k = n <= 8 ? 3 : 2;
        ok(duet_buf_writer_error(&w) == 0
            && duet_buf_writer_len(&w) == k * len
            && memcmp(duet_buf_writer_ptr(&w), want, len) == 0
            && memcmp(duet_buf_writer_ptr(&w) + len, want, len) == 0
            && (k == 2
                || memcmp(duet_buf_writer_ptr(&w) + 2 * len, want, len) == 0),
            "rlp put_uint%s: %s", n <= 8 ? ", put_u64" : "", v->comment);
        duet_buf_writer_free(&w);

        /* Decode. */
        duet_rlp_reader_init(&rd, want, len);
        r = duet_rlp_get_uint(&rd, &p, &k, 32);
        ok(r == 0 && duet_rlp_reader_end(&rd) == 0 && k == n
            && (n == 0 || memcmp(p, mag, n) == 0),
            "rlp get_uint: %s", v->comment);
        duet_rlp_reader_init(&rd, want, len);
        r64 = duet_rlp_get_u64(&rd, &got64);
        ok(n <= 8 ? r64 == 0 && got64 == u
            : r64 == DUET_ERR_LIMIT_EXCEEDED && got64 == 0,
            "rlp get_u64: %s (%s)", v->comment, errname(r64));
        free(want);
        free(mag);
    }

    duet_buf_writer_init(&w, padded, sizeof(padded));
    (void) duet_rlp_put_uint(&w, zeros, sizeof(zeros));
    (void) duet_rlp_put_uint(&w, NULL, 0);
    (void) duet_rlp_put_u64(&w, 0);
    ok(duet_buf_writer_len(&w) == 3 && padded[0] == 0x80 && padded[1] == 0x80
        && padded[2] == 0x80, "rlp: zero in every form encodes as 0x80");
}


static void
test_rlp_long_vectors(void)
{
    const struct chain_rlp_long_string_vector *s;
    const struct chain_rlp_long_list_vector *l;
    struct duet_buf_writer w;
    struct duet_rlp_reader rd, list;
    uint8_t *payload, *hdr;
    const uint8_t *out, *p;
    size_t i, j, hlen, len, items, mismatch;
    int r;

    for (i = 0; i < NELEM(chain_rlp_long_string_vectors); i++) {
        s = &chain_rlp_long_string_vectors[i];
        payload = expand(s->unit, s->len);
        hdr = unhex(s->header, &hlen);
        duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
        r = duet_rlp_put_bytes(&w, payload, s->len);
        out = duet_buf_writer_ptr(&w);
        ok(r == 0 && duet_buf_writer_len(&w) == hlen + s->len
            && memcmp(out, hdr, hlen) == 0
            && memcmp(out + hlen, payload, s->len) == 0,
            "rlp encode: %s", s->comment);
        duet_rlp_reader_init(&rd, out, duet_buf_writer_len(&w));
        r = duet_rlp_get_bytes(&rd, &p, &len, s->len);
        ok(r == 0 && duet_rlp_reader_end(&rd) == 0 && len == s->len
            && p == out + hlen && duet_rlp_check(out, hlen + s->len) == 0,
            "rlp decode: %s", s->comment);
        duet_buf_writer_free(&w);
        free(hdr);
        free(payload);
    }

    for (i = 0; i < NELEM(chain_rlp_long_list_vectors); i++) {
        size_t mark;

        l = &chain_rlp_long_list_vectors[i];
        payload = expand(l->item_unit, l->item_len);
        hdr = unhex(l->header, &hlen);
        duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
        r = duet_rlp_list_begin(&w, &mark);
        for (j = 0; j < l->count; j++) {
            (void) duet_rlp_put_bytes(&w, payload, l->item_len);
        }
        r = r != 0 ? r : duet_rlp_list_end(&w, mark);
        out = duet_buf_writer_ptr(&w);
        ok(r == 0 && duet_buf_writer_error(&w) == 0
            && memcmp(out, hdr, hlen) == 0
            && duet_rlp_check(out, duet_buf_writer_len(&w)) == 0,
            "rlp encode: %s (header %s)", l->comment, l->header);

        duet_rlp_reader_init(&rd, out, duet_buf_writer_len(&w));
        r = duet_rlp_get_list(&rd, &list);
        mismatch = 0;
        for (items = 0; r == 0 && duet_rlp_reader_remaining(&list) > 0;
            items++)
        {
            r = duet_rlp_get_bytes(&list, &p, &len, l->item_len);
            mismatch += r == 0 && memcmp(p, payload, len) != 0;
        }
        ok(r == 0 && mismatch == 0 && items == l->count
            && duet_rlp_reader_end(&list) == 0
            && duet_rlp_reader_end(&rd) == 0,
            "rlp decode: %s", l->comment);
        duet_buf_writer_free(&w);
        free(hdr);
        free(payload);
    }
}


static void
test_rlp_invalid_vectors(void)
{
    const struct chain_rlp_invalid_vector *v;
    const struct chain_rlp_invalid_uint_vector *u;
    struct duet_rlp_reader rd;
    const uint8_t *p;
    uint8_t *in, *c;
    size_t i, len, n;
    uint64_t v64;
    char *shape;
    int r, rw;

    for (i = 0; i < NELEM(chain_rlp_invalid_vectors); i++) {
        v = &chain_rlp_invalid_vectors[i];
        in = unhex(v->encoded, &len);
        c = exact_copy(in, len);
        r = duet_rlp_check(c, len);
        rw = shape_decode(c, len, &shape);
        free(shape);
        ok(r == v->error && rw == v->error,
            "rlp rejects %s as %s (check %s, walk %s)%s", v->comment,
            errname(v->error), errname(r), errname(rw),
            v->policy ? " [our limit]" : "");
        free(c);
        free(in);
    }

    for (i = 0; i < NELEM(chain_rlp_invalid_uint_vectors); i++) {
        u = &chain_rlp_invalid_uint_vectors[i];
        in = unhex(u->encoded, &len);
        c = exact_copy(in, len);
        duet_rlp_reader_init(&rd, c, len);
        r = duet_rlp_get_uint(&rd, &p, &n, DUET_RLP_MAX_SIZE);
        ok(r == u->error && (r == 0 || (p == NULL && n == 0)),
            "rlp get_uint: %s is %s (got %s)", u->comment,
            errname(u->error), errname(r));
        duet_rlp_reader_init(&rd, c, len);
        v64 = 1;
        r = duet_rlp_get_u64(&rd, &v64);
        ok(r == u->error_u64 && v64 == 0, "rlp get_u64: %s is %s (got %s)",
            u->comment, errname(u->error_u64), errname(r));
        free(c);
        free(in);
    }
}


/* The valid encodings the structural tests below work on. */
static uint8_t **
valid_encodings(size_t *count, size_t **lens)
{
    uint8_t **encs;
    size_t i, n = NELEM(chain_rlp_vectors) + NELEM(chain_rlp_uint_vectors);

    encs = bmalloc(n * sizeof(*encs));
    *lens = bmalloc(n * sizeof(**lens));
    for (i = 0; i < NELEM(chain_rlp_vectors); i++) {
        encs[i] = unhex(chain_rlp_vectors[i].encoded, &(*lens)[i]);
    }
    for (; i < n; i++) {
        encs[i] = unhex(
            chain_rlp_uint_vectors[i - NELEM(chain_rlp_vectors)].encoded,
            &(*lens)[i]);
    }
    *count = n;

    return encs;
}


static void
free_encodings(uint8_t **encs, size_t *lens, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        free(encs[i]);
    }
    free(encs);
    free(lens);
}


/* Every proper prefix is TRUNCATED; one byte more is TRAILING_DATA. */
static void
test_rlp_truncation(uint8_t **encs, const size_t *lens, size_t count)
{
    uint8_t *c;
    size_t i, cut, total = 0;
    unsigned long bad_cut = 0, bad_trail = 0;
    int r;

    for (i = 0; i < count; i++) {
        for (cut = 0; cut < lens[i]; cut++) {
            c = exact_copy(encs[i], cut);
            r = duet_rlp_check(c, cut);
            total++;
            if (r != DUET_ERR_TRUNCATED && bad_cut++ == 0) {
                diag("vector %zu cut to %zu bytes: %s", i, cut, errname(r));
            }
            free(c);
        }
        c = bmalloc(lens[i] + 1);
        memcpy(c, encs[i], lens[i]);
        c[lens[i]] = (uint8_t) i;
        r = duet_rlp_check(c, lens[i] + 1);
        if (r != DUET_ERR_TRAILING_DATA && bad_trail++ == 0) {
            diag("vector %zu plus a byte: %s", i, errname(r));
        }
        free(c);
    }
    is_int(0, (long long) bad_cut,
        "rlp: all %zu proper prefixes of valid encodings are TRUNCATED",
        total);
    is_int(0, (long long) bad_trail,
        "rlp: every valid encoding plus one byte is TRAILING_DATA");
}


/*
 * Re-encode the top-level header of each valid encoding in a form the
 * decoder must refuse: the long form where the short one fits, and a
 * length with a leading zero byte.  Also 0x81 before every byte.
 */
static void
test_rlp_noncanonical_headers(uint8_t **encs, const size_t *lens,
    size_t count)
{
    struct duet_rlp_reader rd;
    const uint8_t *payload;
    uint8_t base, *m, buf[4];
    size_t i, hlen, plen, ll, k;
    unsigned long bad_long = 0, bad_zero = 0, bad_single = 0, tried = 0;
    unsigned b;
    int r;

    for (i = 0; i < count; i++) {
        if (encs[i][0] < 0x80) {
            continue;           /* a single byte has no header */
        }
        base = encs[i][0] >= 0xc0 ? 0xc0 : 0x80;
        hlen = encs[i][0] - base <= 55 ? 1 : 1 + (encs[i][0] - base - 55);
        plen = lens[i] - hlen;
        payload = encs[i] + hlen;
        for (ll = 0, k = plen; k > 0; k >>= 8) {
            ll++;
        }

        m = bmalloc(lens[i] + 10);
        if (plen <= 55) {
            /* Long form, one length byte. */
            m[0] = (uint8_t) (base + 56);
            m[1] = (uint8_t) plen;
            memcpy(m + 2, payload, plen);
            r = duet_rlp_check(m, plen + 2);
            tried++;
            if (r != DUET_ERR_NON_CANONICAL && bad_long++ == 0) {
                diag("vector %zu in long form: %s", i, errname(r));
            }
        }
        /* Long form with a leading zero length byte. */
        ll = ll == 0 ? 1 : ll;
        m[0] = (uint8_t) (base + 55 + ll + 1);
        m[1] = 0;
        for (k = 0; k < ll; k++) {
            m[2 + k] = (uint8_t) (plen >> (8 * (ll - 1 - k)));
        }
        memcpy(m + 2 + ll, payload, plen);
        r = duet_rlp_check(m, 2 + ll + plen);
        tried++;
        if (r != DUET_ERR_NON_CANONICAL && bad_zero++ == 0) {
            diag("vector %zu with a zero length byte: %s", i, errname(r));
        }
        free(m);
    }
    is_int(0, (long long) bad_long,
        "rlp: the long form of every short item is NON_CANONICAL");
    is_int(0, (long long) bad_zero,
        "rlp: a leading zero length byte is NON_CANONICAL (%lu headers)",
        tried);

    /* Every byte behind 0x81, alone and inside a list. */
    for (b = 0; b < 256; b++) {
        const uint8_t *p;
        size_t len;

        buf[0] = 0xc2;
        buf[1] = 0x81;
        buf[2] = (uint8_t) b;
        r = duet_rlp_check(buf + 1, 2);
        bad_single += b < 0x80 ? r != DUET_ERR_NON_CANONICAL : r != 0;
        r = duet_rlp_check(buf, 3);
        bad_single += b < 0x80 ? r != DUET_ERR_NON_CANONICAL : r != 0;
        duet_rlp_reader_init(&rd, buf + 2, 1);
        r = duet_rlp_get_bytes(&rd, &p, &len, 1);
        /* Alone, b is itself below 0x80; from 0x80 up it is a header. */
        bad_single += b < 0x80 ? r != 0 || len != 1 || p != buf + 2
            : r == 0 && len == 1;
    }
    is_int(0, (long long) bad_single,
        "rlp: 0x81 b is NON_CANONICAL exactly for b < 0x80; b alone is "
        "itself exactly then");
}


/* Change the length in each list's header by one either way. */
static void
test_rlp_list_length_mismatch(uint8_t **encs, const size_t *lens,
    size_t count)
{
    uint8_t *m;
    size_t i, tried = 0;
    unsigned long bad = 0;
    int d, r;

    for (i = 0; i < count; i++) {
        if (encs[i][0] < 0xc0 || encs[i][0] > 0xf7) {
            continue;           /* short-form lists only: one length byte */
        }
        for (d = -1; d <= 1; d += 2) {
            if ((encs[i][0] == 0xc0 && d < 0) || (encs[i][0] == 0xf7 && d > 0))
            {
                continue;
            }
            m = exact_copy(encs[i], lens[i]);
            m[0] = (uint8_t) (m[0] + d);
            r = duet_rlp_check(m, lens[i]);
            tried++;
            if (d > 0 ? r != DUET_ERR_TRUNCATED
                : r != DUET_ERR_TRUNCATED && r != DUET_ERR_TRAILING_DATA)
            {
                if (bad++ == 0) {
                    diag("vector %zu, list length %+d: %s", i, d,
                        errname(r));
                }
            }
            free(m);
        }
    }
    is_int(0, (long long) bad,
        "rlp: %zu list lengths off by one are TRUNCATED or TRAILING_DATA",
        tried);
}


/* Build a random shape; strings of assorted sizes around the boundaries. */
static void
random_shape(struct bytes *sb, unsigned depth, unsigned max_depth,
    unsigned *big)
{
    static const size_t sizes[] = { 0, 1, 2, 54, 55, 56, 57, 255, 256 };
    uint8_t *b;
    char *hex;
    size_t n, i, pick;

    if (sb->len > 0) {
        bytes_add(sb, " ", 1);
    }
    /* The size check keeps the branching process from running away. */
    if (depth < max_depth && sb->len < 100000 && random_below(3) == 0) {
        n = random_below(7);
        bytes_add(sb, "[", 1);
        for (i = 0; i < n; i++) {
            random_shape(sb, depth + 1, max_depth, big);
        }
        bytes_add(sb, " ]", 2);
        return;
    }
    pick = random_below(20);
    n = pick < NELEM(sizes) ? sizes[pick]
        : *big > 0 && pick == 19 ? 60000 + random_below(10000)
        : random_below(100);
    if (n >= 60000) {
        (*big)--;
    }
    b = bmalloc(n + 1);
    random_fill(b, n);
    if (n == 1 && random_below(2) == 0) {
        b[0] &= 0x7f;
    }
    hex = bmalloc(2 * n + 2);
    hex[0] = 'x';
    tohex(hex + 1, b, n);
    bytes_add(sb, hex, strlen(hex));
    free(hex);
    free(b);
}


/* Random structures: library == reference encoder, and back again. */
static void
test_rlp_random_roundtrip(void)
{
    struct bytes sb = { NULL, 0, 0 }, ref = { NULL, 0, 0 };
    uint8_t *enc;
    size_t i, len, biggest = 0;
    char *shape;
    unsigned long bad_enc = 0, bad_dec = 0;
    unsigned big;
    int r;

    for (i = 0; i < 300; i++) {
        /* Every tenth may hold up to two strings over 64 KiB. */
        big = i % 10 == 0 ? 2 : 0;
        sb.len = 0;
        random_shape(&sb, 0, i < 20 ? DUET_RLP_MAX_DEPTH
            : (unsigned) random_below(6), &big);
        enc = shape_encode_alloc((char *) sb.p, &len);
        ref.len = 0;
        ref_encode_shape((char *) sb.p, &ref);
        if ((ref.len != len || memcmp(ref.p, enc, len) != 0)
            && bad_enc++ == 0)
        {
            diag("shape %zu: library and reference encodings differ", i);
        }
        shape = NULL;
        r = duet_rlp_check(enc, len);
        if ((r != 0 || shape_decode(enc, len, &shape) != 0
            || strcmp(shape, (char *) sb.p) != 0) && bad_dec++ == 0)
        {
            diag("shape %zu does not come back (%s)", i, errname(r));
        }
        biggest = len > biggest ? len : biggest;
        free(shape);
        free(enc);
    }
    bytes_free(&sb);
    bytes_free(&ref);
    is_int(0, (long long) bad_enc,
        "rlp: 300 random structures encode as the reference encoder does");
    is_int(0, (long long) bad_dec,
        "rlp: and decode back to themselves (largest %zu bytes)", biggest);
}


/*
 * Returns: 1 if m[0..len) is rejected with a documented code (the same by
 *          duet_rlp_check and by the recursive walk), or accepted and
 *          re-encodes to exactly m (canonical); else 0.
 */
static int
reject_or_canonical(const uint8_t *m, size_t len, int *accepted)
{
    uint8_t *again;
    size_t again_len;
    char *shape;
    int r, good;

    *accepted = 0;
    r = duet_rlp_check(m, len);
    if (r != 0) {
        /* The recursive walk must meet the same first error. */
        if (shape_decode(m, len, &shape) != r) {
            free(shape);
            return 0;
        }
        return r == DUET_ERR_TRUNCATED || r == DUET_ERR_NON_CANONICAL
            || r == DUET_ERR_TRAILING_DATA || r == DUET_ERR_LIMIT_EXCEEDED;
    }
    *accepted = 1;
    if (shape_decode(m, len, &shape) != 0) {
        return 0;               /* check and the walk disagree */
    }
    again = shape_encode_alloc(shape, &again_len);
    good = again_len == len && memcmp(again, m, len) == 0;
    free(again);
    free(shape);

    return good;
}


static void
test_rlp_mutation(uint8_t **encs, const size_t *lens, size_t count)
{
    uint8_t *m;
    size_t i, pos, bit, nbits, cut, k, len, total = 0, accepted = 0;
    unsigned long bad = 0;
    int acc;

    for (i = 0; i < count; i++) {
        len = lens[i];
        /*
         * Every bit of a short encoding; one random bit of each byte of a
         * long one, whose extra bytes are mostly string payload.
         */
        nbits = len <= 128 ? 8 : 1;
        for (pos = 0; pos < len; pos++) {
            for (k = 0; k < nbits; k++) {
                bit = nbits == 8 ? k : random_below(8);
                m = exact_copy(encs[i], len);
                m[pos] ^= (uint8_t) (1u << bit);
                if (!reject_or_canonical(m, len, &acc) && bad++ == 0) {
                    diag("vector %zu, bit %zu of byte %zu", i, bit, pos);
                }
                accepted += acc;
                total++;
                free(m);
            }
        }
        for (cut = 0; cut < len; cut++) {
            m = exact_copy(encs[i], cut);
            if (!reject_or_canonical(m, cut, &acc) && bad++ == 0) {
                diag("vector %zu cut to %zu", i, cut);
            }
            accepted += acc;
            total++;
            free(m);
        }
        /* Random edits: overwrite, insert or delete a few bytes. */
        for (k = 0; k < 40; k++) {
            size_t mlen = len, e, edits = 1 + random_below(3);

            m = bmalloc(len + edits + 1);
            memcpy(m, encs[i], len);
            for (e = 0; e < edits; e++) {
                pos = random_below(mlen + 1);
                switch (random_below(3)) {
                case 0:
                    if (pos < mlen) {
                        m[pos] = (uint8_t) random_below(256);
                    }
                    break;
                case 1:
                    memmove(m + pos + 1, m + pos, mlen - pos);
                    m[pos] = (uint8_t) random_below(256);
                    mlen++;
                    break;
                default:
                    if (pos < mlen) {
                        memmove(m + pos, m + pos + 1, mlen - pos - 1);
                        mlen--;
                    }
                    break;
                }
            }
            {
                uint8_t *c = exact_copy(m, mlen);

                if (!reject_or_canonical(c, mlen, &acc) && bad++ == 0) {
                    diag("vector %zu after %zu random edits", i, edits);
                }
                free(c);
            }
            accepted += acc;
            total++;
            free(m);
        }
    }
    is_int(0, (long long) bad,
        "rlp mutation: every damaged input is rejected with a documented "
        "code, or is canonical");
    diag("%zu mutated inputs, %zu of them valid RLP (of something else)",
        total, accepted);
    ok(accepted > 0 && accepted < total,
        "rlp mutation: both outcomes happened");
}


/* The reader's contract, call by call. */
static void
test_rlp_reader_api(void)
{
    static const uint8_t bad1[] = { 0x81, 0x05, 0x80 };
    static const uint8_t list3[] = { 0xc3, 0x01, 0x82, 0x02 };
    static const uint8_t trail[] = { 0xc3, 0x01, 0x02, 0x03 };
    static const uint8_t str3[] = { 0x83, 'a', 'b', 'c' };
    static const uint8_t huge[] = { 0xb9, 0x04, 0x00 };
    static const uint8_t u64max[] = {
        0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
    };
    struct duet_rlp_reader rd, list, inner;
    const uint8_t *p;
    uint8_t *big, nest[DUET_RLP_MAX_DEPTH + 1];
    size_t len, i;
    uint64_t v;
    int kind, r;

    /* Failure: sticky, the position stays, outputs cleared. */
    duet_rlp_reader_init(&rd, bad1, sizeof(bad1));
    p = bad1;
    len = 7;
    r = duet_rlp_get_bytes(&rd, &p, &len, 8);
    ok(r == DUET_ERR_NON_CANONICAL && p == NULL && len == 0,
        "reader: 0x81 0x05 fails, outputs cleared");
    ok(rd.buf.off == 0 && duet_rlp_reader_remaining(&rd) == 0
        && duet_rlp_reader_error(&rd) == DUET_ERR_NON_CANONICAL,
        "reader: position unmoved, nothing left to read, error kept");
    ok(duet_rlp_get_bytes(&rd, &p, &len, 8) == DUET_ERR_NON_CANONICAL
        && duet_rlp_get_u64(&rd, &v) == DUET_ERR_NON_CANONICAL
        && duet_rlp_get_list(&rd, &list) == DUET_ERR_NON_CANONICAL
        && duet_rlp_peek_kind(&rd, &kind) == DUET_ERR_NON_CANONICAL
        && duet_rlp_reader_end(&rd) == DUET_ERR_NON_CANONICAL,
        "reader: the error is sticky for every call");

    /* Kinds. */
    duet_rlp_reader_init(&rd, list3, sizeof(list3));
    ok(duet_rlp_peek_kind(&rd, &kind) == 0 && kind == DUET_RLP_LIST,
        "reader: peek sees a list");
    is_int(DUET_ERR_BAD_ENCODING, duet_rlp_get_bytes(&rd, &p, &len, 8),
        "reader: a list where a string is wanted is BAD_ENCODING");
    duet_rlp_reader_init(&rd, str3, sizeof(str3));
    ok(duet_rlp_peek_kind(&rd, &kind) == 0 && kind == DUET_RLP_BYTES,
        "reader: peek sees a string");
    is_int(DUET_ERR_BAD_ENCODING, duet_rlp_get_list(&rd, &list),
        "reader: a string where a list is wanted is BAD_ENCODING");
    ok(duet_rlp_get_bytes(&list, &p, &len, 8) == DUET_ERR_BAD_ENCODING,
        "reader: the child of a failed get_list fails too");

    /* Limits. */
    duet_rlp_reader_init(&rd, str3, sizeof(str3));
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_rlp_get_bytes(&rd, &p, &len, 2),
        "reader: 3 bytes with max 2 is LIMIT_EXCEEDED");
    duet_rlp_reader_init(&rd, str3, sizeof(str3));
    ok(duet_rlp_get_bytes(&rd, &p, &len, 3) == 0 && len == 3
        && p == str3 + 1 && duet_rlp_reader_end(&rd) == 0,
        "reader: 3 bytes with max 3 is fine, p points into the input");
    duet_rlp_reader_init(&rd, huge, sizeof(huge));
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_rlp_get_bytes(&rd, &p, &len, 100),
        "reader: the limit is checked before the (missing) payload");
    duet_rlp_reader_init(&rd, huge, sizeof(huge));
    is_int(DUET_ERR_TRUNCATED, duet_rlp_get_bytes(&rd, &p, &len, SIZE_MAX),
        "reader: without a tight limit it is TRUNCATED");

    big = bcalloc(1, DUET_RLP_MAX_SIZE + 1);
    duet_rlp_reader_init(&rd, big, DUET_RLP_MAX_SIZE + 1);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_rlp_reader_error(&rd),
        "reader: input over DUET_RLP_MAX_SIZE is LIMIT_EXCEEDED at init");
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_rlp_check(big, DUET_RLP_MAX_SIZE + 1),
        "check: input over DUET_RLP_MAX_SIZE");
    /* A string filling exactly DUET_RLP_MAX_SIZE: 0xba and 3 bytes. */
    len = DUET_RLP_MAX_SIZE - 4;
    big[0] = 0xba;
    big[1] = (uint8_t) (len >> 16);
    big[2] = (uint8_t) (len >> 8);
    big[3] = (uint8_t) len;
    is_int(0, duet_rlp_check(big, DUET_RLP_MAX_SIZE),
        "check: a string of exactly DUET_RLP_MAX_SIZE bytes in all is fine");
    free(big);

    /* Empty input, and peek at the end. */
    duet_rlp_reader_init(&rd, NULL, 0);
    ok(duet_rlp_peek_kind(&rd, &kind) == DUET_ERR_TRUNCATED
        && duet_rlp_reader_error(&rd) == 0 && duet_rlp_reader_end(&rd) == 0,
        "reader: peek at the end is TRUNCATED but not sticky");
    is_int(DUET_ERR_TRUNCATED, duet_rlp_get_u64(&rd, &v),
        "reader: reading past the end is TRUNCATED");

    /* Lists: errors inside stay inside; trailing bytes inside are found. */
    duet_rlp_reader_init(&rd, list3, sizeof(list3));
    ok(duet_rlp_get_list(&rd, &list) == 0
        && duet_rlp_reader_remaining(&rd) == 0
        && duet_rlp_reader_remaining(&list) == 3
        && duet_rlp_get_u64(&list, &v) == 0 && v == 1,
        "reader: get_list skips the list, the child reads its items");
    ok(duet_rlp_get_u64(&list, &v) == DUET_ERR_TRUNCATED
        && duet_rlp_reader_error(&rd) == 0 && duet_rlp_reader_end(&rd) == 0,
        "reader: an item running past its list fails in the child only");
    duet_rlp_reader_init(&rd, trail, sizeof(trail));
    ok(duet_rlp_get_list(&rd, &list) == 0
        && duet_rlp_get_u64(&list, &v) == 0
        && duet_rlp_reader_end(&list) == DUET_ERR_TRAILING_DATA
        && duet_rlp_get_u64(&list, &v) == DUET_ERR_TRAILING_DATA,
        "reader: end on a list with items left is TRAILING_DATA, sticky");

    /* u64 edges. */
    duet_rlp_reader_init(&rd, u64max, sizeof(u64max));
    ok(duet_rlp_get_u64(&rd, &v) == 0 && v == UINT64_MAX,
        "reader: get_u64 of 2^64 - 1");

    /* Depth: DUET_RLP_MAX_DEPTH nested lists are fine, one more is not. */
    for (i = 0; i < sizeof(nest); i++) {
        nest[i] = (uint8_t) (0xc0 + sizeof(nest) - 1 - i);
    }
    is_int(0, duet_rlp_check(nest + 1, sizeof(nest) - 1),
        "check: %d nested lists", DUET_RLP_MAX_DEPTH);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_rlp_check(nest, sizeof(nest)),
        "check: %d nested lists is LIMIT_EXCEEDED", DUET_RLP_MAX_DEPTH + 1);
    duet_rlp_reader_init(&rd, nest, sizeof(nest));
    for (i = 0, r = 0; r == 0 && i <= DUET_RLP_MAX_DEPTH; i++) {
        r = duet_rlp_get_list(&rd, &inner);
        rd = inner;
    }
    ok(r == DUET_ERR_LIMIT_EXCEEDED && i == DUET_RLP_MAX_DEPTH + 1,
        "reader: get_list refuses the list %d deep (%s after %zu)",
        DUET_RLP_MAX_DEPTH + 1, errname(r), i);
}


/* The writer's contract. */
static void
test_rlp_writer_api(void)
{
    static const uint8_t abc[] = { 'a', 'b', 'c' };
    struct duet_buf_writer w;
    uint8_t mem[8], *long_item;
    size_t mark, inner;
    int r;

    memset(mem, 0, sizeof(mem));
    duet_buf_writer_init(&w, mem, 3);
    r = duet_rlp_put_bytes(&w, abc, 3);
    ok(r == DUET_ERR_BUFFER_TOO_SMALL
        && duet_rlp_put_u64(&w, 1) == DUET_ERR_BUFFER_TOO_SMALL
        && duet_rlp_list_begin(&w, &mark) == DUET_ERR_BUFFER_TOO_SMALL
        && mark == 0
        && duet_rlp_list_end(&w, 0) == DUET_ERR_BUFFER_TOO_SMALL,
        "writer: an error is sticky for every put");

    duet_buf_writer_init(&w, mem, sizeof(mem));
    ok(duet_rlp_put_u64(&w, 5) == 0
        && duet_rlp_list_end(&w, 2) == DUET_ERR_INTERNAL
        && duet_buf_writer_len(&w) == 1,
        "writer: list_end with a mark past the end is INTERNAL");

    duet_buf_writer_init_alloc(&w, 10);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_rlp_put_bytes(&w, mem, 10),
        "writer: an item over the writer's max is LIMIT_EXCEEDED");
    duet_buf_writer_free(&w);

    /* Nested lists whose payloads cross 55/56 as headers are inserted. */
    long_item = bcalloc(1, 300);
    duet_buf_writer_init_alloc(&w, 4096);
    r = duet_rlp_list_begin(&w, &mark);
    r = r != 0 ? r : duet_rlp_list_begin(&w, &inner);
    r = r != 0 ? r : duet_rlp_put_bytes(&w, long_item, 53);
    r = r != 0 ? r : duet_rlp_list_end(&w, inner);
    r = r != 0 ? r : duet_rlp_put_bytes(&w, long_item, 300);
    r = r != 0 ? r : duet_rlp_list_end(&w, mark);
    {
        static const uint8_t head[] = { 0xf9, 0x01, 0x66, 0xf6, 0xb5 };

        ok(r == 0 && duet_buf_writer_len(&w) == 3 + 55 + 303
            && memcmp(duet_buf_writer_ptr(&w), head, sizeof(head)) == 0
            && duet_rlp_check(duet_buf_writer_ptr(&w),
                duet_buf_writer_len(&w)) == 0,
            "writer: [[53 bytes], 300 bytes] is f90166 f6 b5 ...");
    }
    duet_buf_writer_free(&w);
    free(long_item);
}


int
main(int argc, char **argv)
{
    uint8_t **encs;
    size_t *lens, count;

    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());
    if (duet_init() != 0) {
        bail("duet_init failed");
    }
    diag("vectors from ethers %s", CHAIN_VECTORS_ETHERS);

    test_keccak_vectors();
    test_keccak_not_sha3();
    test_keccak_incremental();

    test_rlp_vectors();
    test_rlp_uint_vectors();
    test_rlp_long_vectors();
    test_rlp_invalid_vectors();

    encs = valid_encodings(&count, &lens);
    test_rlp_truncation(encs, lens, count);
    test_rlp_noncanonical_headers(encs, lens, count);
    test_rlp_list_length_mismatch(encs, lens, count);
    test_rlp_mutation(encs, lens, count);
    free_encodings(encs, lens, count);

    test_rlp_random_roundtrip();
    test_rlp_reader_api();
    test_rlp_writer_api();

    return 0;
}
