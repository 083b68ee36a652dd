/*
 * proto_state.c -- see proto_state.h.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "duet_util.h"
#include "proto_state.h"

#define DUETD_PSTATE_VERSION  1

static const uint8_t  duetd_magic_pending[4] = { 'D', 'P', 'S', '0' };
static const uint8_t  duetd_magic_dkg[4] = { 'D', 'D', 'K', '1' };
static const uint8_t  duetd_magic_sign[4] = { 'D', 'S', 'G', '2' };

static const uint8_t  duetd_placeholder[5] = {
    'D', 'P', 'S', '0', DUETD_PSTATE_VERSION
};


/*
 * A writer that counts when p is NULL, so that one function both sizes
 * and fills a blob.
 */
struct duetd_pw {
    uint8_t  *p;
    size_t    len;
    int       bad;
};

/* A bounded reader. */
struct duetd_pr {
    const uint8_t  *p;
    size_t          len;
    size_t          off;
    int             bad;
};


static void
duetd_pw_bytes(struct duetd_pw *w, const void *b, size_t n)
{
    if (w->p != NULL && n > 0) {
        memcpy(w->p + w->len, b, n);
    }
    w->len += n;
}


static void
duetd_pw_uint(struct duetd_pw *w, uint64_t v, unsigned bytes)
{
    uint8_t   b[8];
    unsigned  i;

    for (i = 0; i < bytes; i++) {
        b[i] = (uint8_t) (v >> (8 * (bytes - 1 - i)));
    }
    duetd_pw_bytes(w, b, bytes);
}


static void
duetd_pw_string(struct duetd_pw *w, const uint8_t *b, size_t n)
{
    if (n > 0xffffffffu) {
        w->bad = 1;
        return;
    }
    duetd_pw_uint(w, n, 4);
    duetd_pw_bytes(w, b, n);
}


static void
duetd_pw_id(struct duetd_pw *w, const char *id)
{
    size_t  n = strnlen(id, DUETD_PSTATE_ID_SIZE);

    if (n == 0 || n >= DUETD_PSTATE_ID_SIZE) {
        w->bad = 1;
        return;
    }
    duetd_pw_uint(w, n, 1);
    duetd_pw_bytes(w, id, n);
}


static const uint8_t *
duetd_pr_bytes(struct duetd_pr *r, size_t n)
{
    const uint8_t  *b;

    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return NULL;
    }
    b = r->p + r->off;
    r->off += n;
    return b;
}


static uint64_t
duetd_pr_uint(struct duetd_pr *r, unsigned bytes)
{
    const uint8_t  *b;
    uint64_t        v = 0;
    unsigned        i;

    if ((b = duetd_pr_bytes(r, bytes)) == NULL) {
        return 0;
    }
    for (i = 0; i < bytes; i++) {
        v = (v << 8) | b[i];
    }
    return v;
}


static const uint8_t *
duetd_pr_string(struct duetd_pr *r, size_t *n)
{
    *n = (size_t) duetd_pr_uint(r, 4);
    return duetd_pr_bytes(r, *n);
}


static void
duetd_pr_id(struct duetd_pr *r, char out[DUETD_PSTATE_ID_SIZE])
{
    const uint8_t  *b;
    size_t          n;

    n = (size_t) duetd_pr_uint(r, 1);
    if (n == 0 || n >= DUETD_PSTATE_ID_SIZE) {
        r->bad = 1;
        return;
    }
    if ((b = duetd_pr_bytes(r, n)) == NULL) {
        return;
    }
    memcpy(out, b, n);
    out[n] = '\0';
    if (strlen(out) != n) {
        r->bad = 1;
    }
}


static int
duetd_pr_head(struct duetd_pr *r, const uint8_t magic[4])
{
    const uint8_t  *b;

    b = duetd_pr_bytes(r, 4);
    if (b == NULL || memcmp(b, magic, 4) != 0
        || duetd_pr_uint(r, 1) != DUETD_PSTATE_VERSION)
    {
        r->bad = 1;
        return -1;
    }
    return 0;
}


int
duetd_pstate_kind(const uint8_t *blob, size_t len)
{
    if (len < 5 || blob[4] != DUETD_PSTATE_VERSION) {
        return DUETD_PSTATE_INVALID;
    }
    if (memcmp(blob, duetd_magic_pending, 4) == 0) {
        return len == sizeof(duetd_placeholder) ? DUETD_PSTATE_PENDING
                                                : DUETD_PSTATE_INVALID;
    }
    if (memcmp(blob, duetd_magic_dkg, 4) == 0) {
        return DUETD_PSTATE_DKG;
    }
    if (memcmp(blob, duetd_magic_sign, 4) == 0) {
        return DUETD_PSTATE_SIGN;
    }
    return DUETD_PSTATE_INVALID;
}


const uint8_t *
duetd_pstate_placeholder(size_t *len)
{
    *len = sizeof(duetd_placeholder);
    return duetd_placeholder;
}


/* Size, allocate, fill: the two passes of a writer over fn. */
static int
duetd_pstate_build(void (*fn)(struct duetd_pw *, const void *),
    const void *st, uint8_t **out, size_t *len)
{
    struct duetd_pw  w;
    size_t           n;

    *out = NULL;
    *len = 0;
    memset(&w, 0, sizeof(w));
    fn(&w, st);
    if (w.bad || w.len == 0) {
        return -1;
    }
    n = w.len;
    memset(&w, 0, sizeof(w));
    if ((w.p = malloc(n)) == NULL) {
        return -1;
    }
    fn(&w, st);
    if (w.bad || w.len != n) {
        duetd_pstate_free(w.p, n);
        return -1;
    }
    *out = w.p;
    *len = n;
    return 0;
}


static void
duetd_dkg_state_write(struct duetd_pw *w, const void *arg)
{
    const struct duetd_dkg_state  *st = arg;

    if (st->level <= 0 || st->level > 0xffff) {
        w->bad = 1;
        return;
    }
    duetd_pw_bytes(w, duetd_magic_dkg, 4);
    duetd_pw_uint(w, DUETD_PSTATE_VERSION, 1);
    duetd_pw_id(w, st->signer_id);
    duetd_pw_uint(w, (uint64_t) st->level, 2);
    duetd_pw_string(w, st->keygen, st->keygen_len);
    duetd_pw_string(w, st->aux, st->aux_len);
}


int
duetd_dkg_state_encode(const struct duetd_dkg_state *st, uint8_t **out,
    size_t *len)
{
    if (st->keygen_len == 0 || st->aux_len == 0) {
        *out = NULL;
        *len = 0;
        return -1;
    }
    return duetd_pstate_build(duetd_dkg_state_write, st, out, len);
}


int
duetd_dkg_state_decode(struct duetd_dkg_state *st, const uint8_t *blob,
    size_t len)
{
    struct duetd_pr  r;

    memset(st, 0, sizeof(*st));
    memset(&r, 0, sizeof(r));
    r.p = blob;
    r.len = len;
    if (duetd_pr_head(&r, duetd_magic_dkg) != 0) {
        return -1;
    }
    duetd_pr_id(&r, st->signer_id);
    st->level = (int) duetd_pr_uint(&r, 2);
    st->keygen = duetd_pr_string(&r, &st->keygen_len);
    st->aux = duetd_pr_string(&r, &st->aux_len);
    /* Refuse what the encoder refuses: a blob decodes only if it could
     * have been written. */
    if (r.bad || r.off != len || st->level <= 0 || st->keygen_len == 0
        || st->aux_len == 0)
    {
        memset(st, 0, sizeof(*st));
        return -1;
    }
    return 0;
}


static void
duetd_sign_state_write(struct duetd_pw *w, const void *arg)
{
    const struct duetd_sign_state  *st = arg;

    if (st->phase < DUETD_SIGN_PRESIGN || st->phase > DUETD_SIGN_DONE
        || st->kind < 0 || st->kind > 0xff || st->tx_type < 0
        || st->tx_type > 0xff || st->calls > DUETD_SIGN_CALLS
        || (st->phase != DUETD_SIGN_DONE && st->engine_len == 0))
    {
        w->bad = 1;
        return;
    }
    duetd_pw_bytes(w, duetd_magic_sign, 4);
    duetd_pw_uint(w, DUETD_PSTATE_VERSION, 1);
    duetd_pw_id(w, st->signer_id);
    duetd_pw_id(w, st->request_id);
    duetd_pw_uint(w, (uint64_t) st->phase, 1);
    duetd_pw_uint(w, (uint64_t) st->kind, 1);
    duetd_pw_uint(w, (uint64_t) st->tx_type, 1);
    duetd_pw_uint(w, st->chain_id, 8);
    duetd_pw_uint(w, st->calls, 4);
    duetd_pw_bytes(w, st->hash, sizeof(st->hash));
    duetd_pw_string(w, st->msg, st->msg_len);
    /* A finished signing keeps no session state at all. */
    duetd_pw_string(w, st->engine,
                    st->phase == DUETD_SIGN_DONE ? 0 : st->engine_len);
    duetd_pw_bytes(w, st->sig, sizeof(st->sig));
    duetd_pw_uint(w, st->have_reply ? 1 : 0, 1);
    duetd_pw_bytes(w, st->req_digest, sizeof(st->req_digest));
    duetd_pw_string(w, st->reply, st->have_reply ? st->reply_len : 0);
}


int
duetd_sign_state_encode(const struct duetd_sign_state *st, uint8_t **out,
    size_t *len)
{
    return duetd_pstate_build(duetd_sign_state_write, st, out, len);
}


int
duetd_sign_state_decode(struct duetd_sign_state *st, const uint8_t *blob,
    size_t len)
{
    struct duetd_pr  r;
    const uint8_t   *b;

    memset(st, 0, sizeof(*st));
    memset(&r, 0, sizeof(r));
    r.p = blob;
    r.len = len;
    if (duetd_pr_head(&r, duetd_magic_sign) != 0) {
        return -1;
    }
    duetd_pr_id(&r, st->signer_id);
    duetd_pr_id(&r, st->request_id);
    st->phase = (int) duetd_pr_uint(&r, 1);
    st->kind = (int) duetd_pr_uint(&r, 1);
    st->tx_type = (int) duetd_pr_uint(&r, 1);
    st->chain_id = duetd_pr_uint(&r, 8);
    st->calls = (uint32_t) duetd_pr_uint(&r, 4);
    if ((b = duetd_pr_bytes(&r, sizeof(st->hash))) != NULL) {
        memcpy(st->hash, b, sizeof(st->hash));
    }
    st->msg = duetd_pr_string(&r, &st->msg_len);
    st->engine = duetd_pr_string(&r, &st->engine_len);
    if ((b = duetd_pr_bytes(&r, sizeof(st->sig))) != NULL) {
        memcpy(st->sig, b, sizeof(st->sig));
    }
    st->have_reply = (int) duetd_pr_uint(&r, 1);
    if ((b = duetd_pr_bytes(&r, sizeof(st->req_digest))) != NULL) {
        memcpy(st->req_digest, b, sizeof(st->req_digest));
    }
    st->reply = duetd_pr_string(&r, &st->reply_len);

    if (r.bad || r.off != len || st->phase < DUETD_SIGN_PRESIGN
        || st->phase > DUETD_SIGN_DONE || st->have_reply > 1
        || st->calls > DUETD_SIGN_CALLS
        || (st->phase == DUETD_SIGN_DONE) != (st->engine_len == 0)
        || (!st->have_reply && st->reply_len != 0))
    {
        memset(st, 0, sizeof(*st));
        return -1;
    }
    if (st->engine_len == 0) {
        st->engine = NULL;
    }
    return 0;
}


int
duetd_msglist_encode(const uint8_t *const *msgs, const size_t *lens,
    size_t n, uint8_t **out, size_t *len)
{
    struct duetd_pw  w;
    size_t           i, total;

    *out = NULL;
    *len = 0;
    if (n > DUETD_PSTATE_MSGS_MAX) {
        return -1;
    }
    total = 1;
    for (i = 0; i < n; i++) {
        if (lens[i] == 0 || lens[i] > 0xffffffffu) {
            return -1;
        }
        total += 4 + lens[i];
    }
    memset(&w, 0, sizeof(w));
    if ((w.p = malloc(total)) == NULL) {
        return -1;
    }
    duetd_pw_uint(&w, n, 1);
    for (i = 0; i < n; i++) {
        duetd_pw_string(&w, msgs[i], lens[i]);
    }
    *out = w.p;
    *len = w.len;
    return 0;
}


int
duetd_msglist_decode(const uint8_t *list, size_t len,
    const uint8_t *msgs[DUETD_PSTATE_MSGS_MAX],
    size_t lens[DUETD_PSTATE_MSGS_MAX], size_t *n)
{
    struct duetd_pr  r;
    size_t           i, count;

    *n = 0;
    memset(&r, 0, sizeof(r));
    r.p = list;
    r.len = len;
    count = (size_t) duetd_pr_uint(&r, 1);
    if (r.bad || count > DUETD_PSTATE_MSGS_MAX) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        msgs[i] = duetd_pr_string(&r, &lens[i]);
        if (r.bad || lens[i] == 0) {
            return -1;
        }
    }
    if (r.off != len) {
        return -1;
    }
    *n = count;
    return 0;
}


static int
duetd_digest_cmp(const void *a, const void *b)
{
    return memcmp(a, b, 32);
}


int
duetd_pstate_request_digest(uint8_t out[32], const uint8_t *const *msgs,
    const size_t *lens, size_t n)
{
    uint8_t  d[1 + DUETD_PSTATE_MSGS_MAX * 32];
    size_t   i;

    if (n > DUETD_PSTATE_MSGS_MAX) {
        return -1;
    }
    d[0] = (uint8_t) n;
    for (i = 0; i < n; i++) {
        if (duetd_sha256(d + 1 + 32 * i, msgs[i], lens[i]) != 0) {
            return -1;
        }
    }
    qsort(d + 1, n, 32, duetd_digest_cmp);
    return duetd_sha256(out, d, 1 + 32 * n);
}


void
duetd_pstate_free(uint8_t *p, size_t len)
{
    if (p != NULL) {
        duet_memclear(p, len);
        free(p);
    }
}
