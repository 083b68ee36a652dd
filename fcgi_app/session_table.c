/*
 * session_table.c -- see session_table.h.
 *
 * The shared mapping, every position in it an offset from its base:
 *
 *     header | stripes (a robust mutex per cache line) | slot records |
 *     blob areas (one per slot, page-aligned, slot_bytes rounded up)
 *
 * The slots are cut into one contiguous group per stripe.  The low bits of
 * the last byte of a session id name its stripe, so a lookup probes a single
 * group under a single lock; the id's first eight bytes give the position
 * where the probe starts.  An insert whose random stripe is full steers its
 * id into another stripe by rewriting those low bits: such an id keeps 122
 * random bits, and the table is full only when every group is.
 *
 * Slots start FREE and never return to it: a wiped slot becomes a tombstone
 * (EXPIRED or FINISHED) that keeps the id.  An insert takes the first FREE
 * slot on its probe path and, only when the group has none left, the oldest
 * tombstone; so a probe may stop at the first FREE slot it meets.
 *
 * Every change of more than one field of a slot starts by setting its state
 * to WRITING and ends by setting the final state.  A process that dies in
 * between leaves the stripe mutex EOWNERDEAD and the slot WRITING, and the
 * next locker wipes it (duetd_table_lock).  Blob areas hold ciphertext only:
 * plaintext is read from and written to the callers' private buffers.
 *
 * Untouched blob pages cost nothing (MAP_NORESERVE, shmem allocates on first
 * touch), and a wipe gives the pages back with MADV_REMOVE.  Nothing here
 * may read a blob area beyond what was written: on shmem a read fault on a
 * hole allocates a page too.
 */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "duet_util.h"
#include "log.h"
#include "session_table.h"

#define DUETD_TABLE_MAGIC         UINT64_C(0x3162747374657564) /* duetstb1 */
#define DUETD_TABLE_VERSION       1
#define DUETD_TABLE_STRIPES       64
#define DUETD_TABLE_CAPACITY_MAX  (1u << 20)
#define DUETD_TABLE_SLOT_MAX      ((size_t) 1 << 30)  /* EVP takes int sizes */
#define DUETD_TABLE_TAG_MAX       16                  /* node tag chars    */
#define DUETD_TABLE_SID_B64       22
#define DUETD_TABLE_KEY_BYTES     32
#define DUETD_TABLE_IV_BYTES      12
#define DUETD_TABLE_GCM_TAG_BYTES 16
#define DUETD_TABLE_LINE          64

/* sid, slot, generation, kind, round, owner */
#define DUETD_TABLE_AAD_BYTES \
    (DUETD_SID_BYTES + 4 + 8 + 4 + 4 + DUETD_OWNER_MAX)

enum duetd_slot_state {
    DUETD_SLOT_FREE = 0,        /* never used since the table was made     */
    DUETD_SLOT_LIVE,
    DUETD_SLOT_BUSY,            /* claimed by pid                          */
    DUETD_SLOT_WRITING,         /* being changed under the stripe lock     */
    DUETD_SLOT_EXPIRED,         /* tombstone                               */
    DUETD_SLOT_FINISHED         /* tombstone                               */
};

/* At offset 0 of the mapping. */
struct duetd_table_hdr {
    uint64_t  magic;
    uint32_t  version;
    uint32_t  capacity;
    uint32_t  nstripes;
    uint32_t  reserved;
    uint64_t  slot_bytes;
    uint64_t  stride;           /* bytes between two blob areas            */
    uint64_t  stripes_off;
    uint64_t  slots_off;
    uint64_t  blobs_off;
    uint64_t  mapping_bytes;
    uint64_t  created;          /* counters: __atomic, no lock             */
    uint64_t  expired;
    uint64_t  recovered;
};

struct duetd_table_stripe {
    _Alignas(DUETD_TABLE_LINE) pthread_mutex_t  mutex;
};

/* Written under the stripe lock; state is also read without it (stats). */
struct duetd_table_slot {
    _Alignas(DUETD_TABLE_LINE) uint32_t  state;
    uint32_t  kind;
    uint32_t  round;
    int32_t   pid;              /* the claimer while BUSY                  */
    uint64_t  gen;              /* bumped by every seal and every wipe     */
    int64_t   created_ns;       /* CLOCK_MONOTONIC                         */
    int64_t   last_ns;          /* last release; for a tombstone, its death */
    uint64_t  sealed_len;       /* bytes of the blob area that may be
                                   non-zero (the ciphertext, or more while
                                   WRITING)                                */
    uint8_t   sid[DUETD_SID_BYTES];
    uint8_t   iv[DUETD_TABLE_IV_BYTES];
    uint8_t   tag[DUETD_TABLE_GCM_TAG_BYTES];
    char      owner[DUETD_OWNER_MAX];
};

/* The per-process handle: private memory, inherited by fork. */
struct duetd_table {
    uint8_t      *base;
    size_t        size;
    uint8_t      *key;          /* at the start of its own private page    */
    size_t        page;
    EVP_CIPHER   *cipher;
    unsigned      capacity;
    unsigned      nstripes;
    size_t        slot_bytes;
    size_t        stride;
    int64_t       ttl_ns;
    int64_t       idle_ns;
    int           remove;       /* MADV_REMOVE works on this mapping       */
    size_t        tag_len;
    char          node_tag[DUETD_TABLE_TAG_MAX + 1];
};

#ifdef DUETD_TABLE_TESTING
void  (*duetd_table_test_hook)(void);
int     duetd_table_test_no_remove;
#define DUETD_TABLE_TEST_HOOK()                                               \
    do {                                                                      \
        if (duetd_table_test_hook != NULL) {                                  \
            duetd_table_test_hook();                                          \
        }                                                                     \
    } while (0)
#else
#define DUETD_TABLE_TEST_HOOK()  do { } while (0)
#endif


static size_t
duetd_table_round_up(size_t n, size_t a)
{
    return (n + a - 1) / a * a;
}


static struct duetd_table_hdr *
duetd_table_hdr(const struct duetd_table *t)
{
    return (struct duetd_table_hdr *) (void *) t->base;
}


static pthread_mutex_t *
duetd_table_mutex(const struct duetd_table *t, unsigned s)
{
    struct duetd_table_stripe  *st;

    st = (struct duetd_table_stripe *) (void *)
         (t->base + duetd_table_hdr(t)->stripes_off);
    return &st[s].mutex;
}


static struct duetd_table_slot *
duetd_table_slot(const struct duetd_table *t, unsigned i)
{
    struct duetd_table_slot  *sl;

    sl = (struct duetd_table_slot *) (void *)
         (t->base + duetd_table_hdr(t)->slots_off);
    return &sl[i];
}


static uint8_t *
duetd_table_area(const struct duetd_table *t, unsigned i)
{
    return t->base + duetd_table_hdr(t)->blobs_off + (size_t) i * t->stride;
}


static uint32_t
duetd_table_state(const struct duetd_table_slot *sl)
{
    return __atomic_load_n(&sl->state, __ATOMIC_ACQUIRE);
}


/*
 * The fence keeps the compiler from moving the writes that follow above the
 * WRITING mark: a process killed among them must leave the mark behind.
 */
static void
duetd_table_set_state(struct duetd_table_slot *sl, uint32_t state)
{
    __atomic_store_n(&sl->state, state, __ATOMIC_SEQ_CST);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}


static void
duetd_table_count(uint64_t *counter)
{
    (void) __atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}


static int
duetd_table_now(int64_t *ns)
{
    struct timespec  ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        duetd_log_error("clock_gettime: %s", strerror(errno));
        return -1;
    }
    *ns = (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
    return 0;
}


static unsigned
duetd_table_stripe_of(const struct duetd_table *t,
    const uint8_t sid[DUETD_SID_BYTES])
{
    return sid[DUETD_SID_BYTES - 1] & (t->nstripes - 1);
}


static void
duetd_table_group(const struct duetd_table *t, unsigned s, unsigned *first,
    unsigned *n)
{
    uint64_t  a, b;

    a = (uint64_t) s * t->capacity / t->nstripes;
    b = (uint64_t) (s + 1) * t->capacity / t->nstripes;
    *first = (unsigned) a;
    *n = (unsigned) (b - a);
}


/* Returns: the probe's starting position inside a group of n slots. */
static unsigned
duetd_table_home(const uint8_t sid[DUETD_SID_BYTES], unsigned n)
{
    uint64_t  h = 0;
    int       k;

    for (k = 0; k < 8; k++) {
        h = h << 8 | sid[k];
    }
    return (unsigned) (h % n);
}


/*
 * Zero bytes [from, to) of slot i's blob area and hand the pages that lie
 * wholly above from back to the kernel.  Bytes past to are zero already.
 */
static void
duetd_table_trim(struct duetd_table *t, unsigned i, size_t from, size_t to)
{
    uint8_t  *area = duetd_table_area(t, i);
    size_t    a, b;

    if (from >= to) {
        return;
    }
    duet_memclear(area + from, to - from);
    a = duetd_table_round_up(from, t->page);
    b = duetd_table_round_up(to, t->page);
    if (t->remove && b > a && madvise(area + a, b - a, MADV_REMOVE) != 0) {
        /* Zeroed all the same; only the memory stays allocated. */
        duetd_log_warn("madvise(MADV_REMOVE): %s; wiped pages stay resident",
                       strerror(errno));
        t->remove = 0;
    }
}


/* Wipe slot i's state and leave a tombstone (EXPIRED or FINISHED). */
static void
duetd_table_wipe(struct duetd_table *t, unsigned i, uint32_t tombstone,
    int64_t now)
{
    struct duetd_table_slot  *sl = duetd_table_slot(t, i);

    duetd_table_set_state(sl, DUETD_SLOT_WRITING);
    sl->gen++;
    duetd_table_trim(t, i, 0, sl->sealed_len);
    sl->sealed_len = 0;
    sl->kind = 0;
    sl->round = 0;
    sl->pid = 0;
    sl->last_ns = now;
    duet_memclear(sl->iv, sizeof(sl->iv));
    duet_memclear(sl->tag, sizeof(sl->tag));
    duet_memclear(sl->owner, sizeof(sl->owner));
    duetd_table_set_state(sl, tombstone);
}


/*
 * Lock stripe s.  A previous holder that died leaves the mutex EOWNERDEAD
 * and perhaps a slot WRITING, half changed: wipe such slots, then mark the
 * mutex consistent.  Should this process die during the repair, the next
 * locker gets EOWNERDEAD again and repeats it.
 */
static int
duetd_table_lock(struct duetd_table *t, unsigned s)
{
    pthread_mutex_t          *m = duetd_table_mutex(t, s);
    struct duetd_table_slot  *sl;
    unsigned                  first, n, k, wiped = 0;
    int64_t                   now = 0;
    int                       e;

    e = pthread_mutex_lock(m);
    if (e == 0) {
        return 0;
    }
    if (e != EOWNERDEAD) {
        duetd_log_error("stripe %u: pthread_mutex_lock: %s", s, strerror(e));
        return -1;
    }

    /* A failed clock only leaves a tombstone with time 0: reused first. */
    (void) duetd_table_now(&now);
    duetd_table_group(t, s, &first, &n);
    for (k = 0; k < n; k++) {
        sl = duetd_table_slot(t, first + k);
        if (duetd_table_state(sl) == DUETD_SLOT_WRITING) {
            duetd_table_wipe(t, first + k, DUETD_SLOT_FINISHED, now);
            wiped++;
        }
    }
    e = pthread_mutex_consistent(m);
    if (e != 0) {
        duetd_log_error("stripe %u: pthread_mutex_consistent: %s", s,
                        strerror(e));
        (void) pthread_mutex_unlock(m);
        return -1;
    }
    duetd_table_count(&duetd_table_hdr(t)->recovered);
    duetd_log_warn("stripe %u: a process died holding its lock; "
                   "%u session(s) it was writing wiped", s, wiped);
    return 0;
}


static void
duetd_table_unlock(struct duetd_table *t, unsigned s)
{
    int  e;

    e = pthread_mutex_unlock(duetd_table_mutex(t, s));
    if (e != 0) {
        duetd_log_error("stripe %u: pthread_mutex_unlock: %s", s,
                        strerror(e));
    }
}


/*
 * Returns: the index of the slot (live or tombstone) holding sid, or -1.
 * Stripe lock held.
 */
static long
duetd_table_find(const struct duetd_table *t, unsigned s,
    const uint8_t sid[DUETD_SID_BYTES])
{
    struct duetd_table_slot  *sl;
    unsigned                  first, n, home, k, i;

    duetd_table_group(t, s, &first, &n);
    home = duetd_table_home(sid, n);
    for (k = 0; k < n; k++) {
        i = first + (home + k) % n;
        sl = duetd_table_slot(t, i);
        if (duetd_table_state(sl) == DUETD_SLOT_FREE) {
            break;
        }
        if (duet_ct_memeq(sl->sid, sid, DUETD_SID_BYTES)) {
            return (long) i;
        }
    }
    return -1;
}


/*
 * Returns: the slot an insert of sid takes (the first FREE one on its probe
 * path, else the oldest tombstone), or -1 if the group is all live.
 * Stripe lock held.
 */
static long
duetd_table_pick(const struct duetd_table *t, unsigned s,
    const uint8_t sid[DUETD_SID_BYTES])
{
    struct duetd_table_slot  *sl;
    unsigned                  first, n, home, k, i;
    uint32_t                  st;
    long                      best = -1;
    int64_t                   best_ns = 0;

    duetd_table_group(t, s, &first, &n);
    home = duetd_table_home(sid, n);
    for (k = 0; k < n; k++) {
        i = first + (home + k) % n;
        sl = duetd_table_slot(t, i);
        st = duetd_table_state(sl);
        if (st == DUETD_SLOT_FREE) {
            return (long) i;
        }
        if ((st == DUETD_SLOT_EXPIRED || st == DUETD_SLOT_FINISHED)
            && (best < 0 || sl->last_ns < best_ns))
        {
            best = (long) i;
            best_ns = sl->last_ns;
        }
    }
    return best;
}


static int
duetd_table_expired(const struct duetd_table *t,
    const struct duetd_table_slot *sl, int64_t now)
{
    return now - sl->created_ns >= t->ttl_ns
           || now - sl->last_ns >= t->idle_ns;
}


static void
duetd_table_aad(uint8_t aad[DUETD_TABLE_AAD_BYTES],
    const struct duetd_table_slot *sl, unsigned i)
{
    uint8_t  *p = aad;
    int       k;

    memcpy(p, sl->sid, DUETD_SID_BYTES);
    p += DUETD_SID_BYTES;
    for (k = 3; k >= 0; k--) {
        *p++ = (uint8_t) (i >> (8 * k));
    }
    for (k = 7; k >= 0; k--) {
        *p++ = (uint8_t) (sl->gen >> (8 * k));
    }
    for (k = 3; k >= 0; k--) {
        *p++ = (uint8_t) (sl->kind >> (8 * k));
    }
    for (k = 3; k >= 0; k--) {
        *p++ = (uint8_t) (sl->round >> (8 * k));
    }
    memcpy(p, sl->owner, DUETD_OWNER_MAX);
}


/*
 * Seal blob into slot i's area under a fresh IV; the AAD binds the id, the
 * slot, its generation and the clear metadata.  The caller has marked the
 * slot WRITING and set sealed_len to cover len.
 */
static int
duetd_table_seal(struct duetd_table *t, unsigned i, const uint8_t *blob,
    size_t len)
{
    struct duetd_table_slot  *sl = duetd_table_slot(t, i);
    uint8_t                  *area = duetd_table_area(t, i);
    uint8_t                   aad[DUETD_TABLE_AAD_BYTES], end[16];
    EVP_CIPHER_CTX           *ctx = NULL;
    size_t                    half = len / 2;
    int                       outl, r = -1;

    if (duet_random_bytes(sl->iv, sizeof(sl->iv)) != 0) {
        duetd_log_error("the CSPRNG failed");
        goto out;
    }
    duetd_table_aad(aad, sl, i);
    if ((ctx = EVP_CIPHER_CTX_new()) == NULL
        || EVP_EncryptInit_ex2(ctx, t->cipher, t->key, sl->iv, NULL) != 1
        || EVP_EncryptUpdate(ctx, NULL, &outl, aad, sizeof(aad)) != 1)
    {
        goto fail;
    }
    /* Two halves, so that a test can kill the writer in the middle. */
    if (half > 0
        && (EVP_EncryptUpdate(ctx, area, &outl, blob, (int) half) != 1
            || (size_t) outl != half))
    {
        goto fail;
    }
    DUETD_TABLE_TEST_HOOK();
    if (len > half
        && (EVP_EncryptUpdate(ctx, area + half, &outl, blob + half,
                              (int) (len - half)) != 1
            || (size_t) outl != len - half))
    {
        goto fail;
    }
    if (EVP_EncryptFinal_ex(ctx, end, &outl) != 1 || outl != 0
        || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
                               DUETD_TABLE_GCM_TAG_BYTES, sl->tag) != 1)
    {
        goto fail;
    }
    r = 0;
    goto out;
fail:
    duetd_log_error("AES-256-GCM sealing failed");
out:
    EVP_CIPHER_CTX_free(ctx);
    return r;
}


/*
 * Open slot i's sealed state into buf.  Returns: 0, or -1 if it does not
 * authenticate (buf wiped).
 */
static int
duetd_table_unseal(struct duetd_table *t, unsigned i, uint8_t *buf)
{
    struct duetd_table_slot  *sl = duetd_table_slot(t, i);
    uint8_t                  *area = duetd_table_area(t, i);
    uint8_t                   aad[DUETD_TABLE_AAD_BYTES], end[16];
    uint8_t                   tag[DUETD_TABLE_GCM_TAG_BYTES];
    EVP_CIPHER_CTX           *ctx = NULL;
    size_t                    len = sl->sealed_len;
    int                       outl, r = -1;

    duetd_table_aad(aad, sl, i);
    memcpy(tag, sl->tag, sizeof(tag));
    if ((ctx = EVP_CIPHER_CTX_new()) == NULL
        || EVP_DecryptInit_ex2(ctx, t->cipher, t->key, sl->iv, NULL) != 1
        || EVP_DecryptUpdate(ctx, NULL, &outl, aad, sizeof(aad)) != 1
        || (len > 0
            && (EVP_DecryptUpdate(ctx, buf, &outl, area, (int) len) != 1
                || (size_t) outl != len))
        || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, sizeof(tag),
                               tag) != 1
        || EVP_DecryptFinal_ex(ctx, end, &outl) != 1)
    {
        duet_memclear(buf, len);
        goto out;
    }
    r = 0;
out:
    EVP_CIPHER_CTX_free(ctx);
    return r;
}


static int
duetd_table_parse_sid(const struct duetd_table *t, const char *text,
    uint8_t sid[DUETD_SID_BYTES])
{
    size_t  n, out_len;

    if (text == NULL) {
        return -1;
    }
    n = strnlen(text, DUETD_SID_TEXT_MAX);
    if (n != t->tag_len + 1 + DUETD_TABLE_SID_B64
        || memcmp(text, t->node_tag, t->tag_len) != 0
        || text[t->tag_len] != '.')
    {
        return -1;
    }
    if (duet_base64url_decode(sid, DUETD_SID_BYTES, &out_len,
                              text + t->tag_len + 1, DUETD_TABLE_SID_B64)
        != 0 || out_len != DUETD_SID_BYTES)
    {
        return -1;
    }
    return 0;
}


static int
duetd_table_check_meta(const struct duetd_session_meta *meta)
{
    if (meta == NULL || memchr(meta->owner, '\0', DUETD_OWNER_MAX) == NULL) {
        duetd_log_error("session metadata without a NUL-terminated owner");
        return -1;
    }
    return 0;
}


static void
duetd_table_set_meta(struct duetd_table_slot *sl,
    const struct duetd_session_meta *meta)
{
    size_t  n = strlen(meta->owner);

    sl->kind = (uint32_t) meta->kind;
    sl->round = meta->round;
    memset(sl->owner, 0, sizeof(sl->owner));
    memcpy(sl->owner, meta->owner, n);
}


static int
duetd_table_check_params(const struct duetd_table_params *p, size_t *tag_len)
{
    size_t  n, k;
    char    c;

    if (p->capacity == 0 || p->capacity > DUETD_TABLE_CAPACITY_MAX) {
        duetd_log_error("session capacity must be 1 to %u",
                        DUETD_TABLE_CAPACITY_MAX);
        return -1;
    }
    if (p->slot_bytes == 0 || p->slot_bytes > DUETD_TABLE_SLOT_MAX) {
        duetd_log_error("session slot size must be 1 to %zu bytes",
                        DUETD_TABLE_SLOT_MAX);
        return -1;
    }
    if (p->ttl == 0 || p->idle == 0 || p->ttl > 86400 * 365
        || p->idle > 86400 * 365)
    {
        duetd_log_error("session ttl and idle must be 1 s to a year");
        return -1;
    }
    n = p->node_tag != NULL ? strnlen(p->node_tag, DUETD_TABLE_TAG_MAX + 1)
                            : 0;
    if (n == 0 || n > DUETD_TABLE_TAG_MAX) {
        duetd_log_error("the node tag must have 1 to %d characters",
                        DUETD_TABLE_TAG_MAX);
        return -1;
    }
    for (k = 0; k < n; k++) {
        c = p->node_tag[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '-' || c == '_'))
        {
            duetd_log_error("the node tag may hold only A-Z a-z 0-9 - _");
            return -1;
        }
    }
    *tag_len = n;
    return 0;
}


/* Lay the mapping out; returns its size, or 0 if it would not fit. */
static size_t
duetd_table_layout(struct duetd_table *t, struct duetd_table_hdr *h)
{
    size_t  off;

    h->capacity = t->capacity;
    h->nstripes = t->nstripes;
    h->slot_bytes = t->slot_bytes;
    h->stride = t->stride;
    off = duetd_table_round_up(sizeof(*h), DUETD_TABLE_LINE);
    h->stripes_off = off;
    off += (size_t) t->nstripes * sizeof(struct duetd_table_stripe);
    off = duetd_table_round_up(off, DUETD_TABLE_LINE);
    h->slots_off = off;
    off += (size_t) t->capacity * sizeof(struct duetd_table_slot);
    off = duetd_table_round_up(off, t->page);
    h->blobs_off = off;
    if (t->stride > (SIZE_MAX - off) / t->capacity) {
        return 0;
    }
    h->mapping_bytes = off + (size_t) t->capacity * t->stride;
    return h->mapping_bytes;
}


static int
duetd_table_init_mutexes(struct duetd_table *t)
{
    pthread_mutexattr_t  a;
    unsigned             s;
    int                  e, r = -1;

    if ((e = pthread_mutexattr_init(&a)) != 0) {
        duetd_log_error("pthread_mutexattr_init: %s", strerror(e));
        return -1;
    }
    if ((e = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0
        || (e = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST)) != 0)
    {
        duetd_log_error("robust process-shared mutexes: %s", strerror(e));
        goto out;
    }
    for (s = 0; s < t->nstripes; s++) {
        if ((e = pthread_mutex_init(duetd_table_mutex(t, s), &a)) != 0) {
            duetd_log_error("pthread_mutex_init: %s", strerror(e));
            goto out;
        }
    }
    r = 0;
out:
    (void) pthread_mutexattr_destroy(&a);
    return r;
}


/* The key gets a private page of its own, out of core dumps, locked. */
static int
duetd_table_make_key(struct duetd_table *t)
{
    void  *p;

    p = mmap(NULL, t->page, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        duetd_log_error("mmap of the session key page: %s", strerror(errno));
        return -1;
    }
    t->key = p;
    if (madvise(p, t->page, MADV_DONTDUMP) != 0) {
        duetd_log_error("madvise(MADV_DONTDUMP): %s", strerror(errno));
        return -1;
    }
    if (mlock(p, t->page) != 0) {
        duetd_log_info("cannot mlock the session key (%s): it may be "
                       "swapped", strerror(errno));
    }
    if (duet_random_bytes(t->key, DUETD_TABLE_KEY_BYTES) != 0) {
        duetd_log_error("the CSPRNG failed");
        return -1;
    }
    return 0;
}


int
duetd_table_create(struct duetd_table **tp,
    const struct duetd_table_params *p)
{
    struct duetd_table      *t;
    struct duetd_table_hdr   h;
    void                    *base;
    long                     page;
    size_t                   tag_len;
    int                      r = DUETD_TABLE_ERROR;

    *tp = NULL;
    if (duetd_table_check_params(p, &tag_len) != 0) {
        return DUETD_TABLE_ERROR;
    }
    page = sysconf(_SC_PAGESIZE);
    if (page <= 0) {
        duetd_log_error("sysconf(_SC_PAGESIZE) failed");
        return DUETD_TABLE_ERROR;
    }
    if ((t = calloc(1, sizeof(*t))) == NULL) {
        duetd_log_error("out of memory");
        return DUETD_TABLE_ERROR;
    }
    t->page = (size_t) page;
    t->capacity = p->capacity;
    t->nstripes = DUETD_TABLE_STRIPES;
    while (t->nstripes > t->capacity) {
        t->nstripes /= 2;
    }
    t->slot_bytes = p->slot_bytes;
    t->stride = duetd_table_round_up(p->slot_bytes, t->page);
    t->ttl_ns = (int64_t) p->ttl * 1000000000;
    t->idle_ns = (int64_t) p->idle * 1000000000;
    t->remove = 1;
    t->tag_len = tag_len;
    memcpy(t->node_tag, p->node_tag, tag_len);

    memset(&h, 0, sizeof(h));
    t->size = duetd_table_layout(t, &h);
    if (t->size == 0) {
        duetd_log_error("session table too large");
        goto out;
    }
    base = mmap(NULL, t->size, PROT_READ | PROT_WRITE,
                MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        duetd_log_error("mmap of %zu bytes: %s", t->size, strerror(errno));
        goto out;
    }
    t->base = base;
    if (madvise(base, t->size, MADV_DONTDUMP) != 0) {
        duetd_log_error("madvise(MADV_DONTDUMP): %s", strerror(errno));
        goto out;
    }
    h.magic = DUETD_TABLE_MAGIC;
    h.version = DUETD_TABLE_VERSION;
    memcpy(t->base, &h, sizeof(h));
    if (duetd_table_init_mutexes(t) != 0 || duetd_table_make_key(t) != 0) {
        goto out;
    }
    if ((t->cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL) {
        duetd_log_error("OpenSSL has no AES-256-GCM");
        goto out;
    }
#ifdef DUETD_TABLE_TESTING
    t->remove = !duetd_table_test_no_remove;
#endif
    duetd_log_info("session table: %u slots of %zu bytes, %u stripes, "
                   "%zu bytes of address space", t->capacity, t->slot_bytes,
                   t->nstripes, t->size);
    *tp = t;
    t = NULL;
    r = 0;
out:
    duetd_table_destroy(t);
    return r;
}


void
duetd_table_destroy(struct duetd_table *t)
{
    if (t == NULL) {
        return;
    }
    if (t->key != NULL) {
        duet_memclear(t->key, DUETD_TABLE_KEY_BYTES);
        (void) munlock(t->key, t->page);
        (void) munmap(t->key, t->page);
    }
    if (t->base != NULL) {
        (void) munmap(t->base, t->size);
    }
    EVP_CIPHER_free(t->cipher);
    duet_memclear(t, sizeof(*t));
    free(t);
}


int
duetd_table_insert(struct duetd_table *t,
    const struct duetd_session_meta *meta, const uint8_t *blob, size_t len,
    char sid_text[DUETD_SID_TEXT_MAX])
{
    struct duetd_table_slot  *sl;
    uint8_t                   sid[DUETD_SID_BYTES];
    char                      b64[DUET_BASE64URL_ENCODED_SIZE(DUETD_SID_BYTES)];
    unsigned                  s0, s, k, mask = t->nstripes - 1;
    int64_t                   now;
    long                      i;
    int                       r = DUETD_TABLE_ERROR;

    sid_text[0] = '\0';
    if (len > t->slot_bytes) {
        return DUETD_TABLE_TOO_BIG;
    }
    if (duetd_table_check_meta(meta) != 0 || duetd_table_now(&now) != 0) {
        return DUETD_TABLE_ERROR;
    }
    if (duet_random_bytes(sid, sizeof(sid)) != 0) {
        duetd_log_error("the CSPRNG failed");
        return DUETD_TABLE_ERROR;
    }

    /*
     * A collision with an existing id (2^-122) is not checked for.  The
     * stripes are tried from the id's own one on, steering the id into each.
     */
    s0 = duetd_table_stripe_of(t, sid);
    for (k = 0; k < t->nstripes; k++) {
        s = (s0 + k) & mask;
        sid[DUETD_SID_BYTES - 1] =
            (uint8_t) ((sid[DUETD_SID_BYTES - 1] & ~mask) | s);
        if (duetd_table_lock(t, s) != 0) {
            goto out;
        }
        i = duetd_table_pick(t, s, sid);
        if (i < 0) {
            duetd_table_unlock(t, s);
            continue;
        }
        sl = duetd_table_slot(t, (unsigned) i);
        duetd_table_set_state(sl, DUETD_SLOT_WRITING);
        memcpy(sl->sid, sid, sizeof(sid));
        duetd_table_set_meta(sl, meta);
        sl->gen++;
        sl->pid = 0;
        sl->created_ns = now;
        sl->last_ns = now;
        sl->sealed_len = len;
        if (duetd_table_seal(t, (unsigned) i, blob, len) != 0) {
            duetd_table_wipe(t, (unsigned) i, DUETD_SLOT_FINISHED, now);
            duetd_table_unlock(t, s);
            goto out;
        }
        duetd_table_set_state(sl, DUETD_SLOT_LIVE);
        duetd_table_unlock(t, s);
        duetd_table_count(&duetd_table_hdr(t)->created);

        if (duet_base64url_encode(b64, sizeof(b64), sid, sizeof(sid)) != 0) {
            goto out;   /* cannot happen: b64 is the right size */
        }
        memcpy(sid_text, t->node_tag, t->tag_len);
        sid_text[t->tag_len] = '.';
        memcpy(sid_text + t->tag_len + 1, b64, sizeof(b64));
        r = 0;
        goto out;
    }
    r = DUETD_TABLE_FULL;
out:
    duet_memclear(sid, sizeof(sid));
    duet_memclear(b64, sizeof(b64));
    return r;
}


/*
 * Parse sid_text, lock its stripe and find its slot.  Returns 0 with the
 * stripe *s locked and the slot in *i; NOT_FOUND or ERROR with nothing
 * locked.
 */
static int
duetd_table_locate(struct duetd_table *t, const char *sid_text,
    unsigned *s, unsigned *i)
{
    uint8_t  sid[DUETD_SID_BYTES];
    long     k;
    int      r = DUETD_TABLE_NOT_FOUND;

    if (duetd_table_parse_sid(t, sid_text, sid) != 0) {
        return DUETD_TABLE_NOT_FOUND;
    }
    *s = duetd_table_stripe_of(t, sid);
    if (duetd_table_lock(t, *s) != 0) {
        r = DUETD_TABLE_ERROR;
    } else if ((k = duetd_table_find(t, *s, sid)) < 0) {
        duetd_table_unlock(t, *s);
    } else {
        *i = (unsigned) k;
        r = 0;
    }
    duet_memclear(sid, sizeof(sid));
    return r;
}


int
duetd_table_acquire(struct duetd_table *t, const char *sid_text,
    struct duetd_session_meta *meta, uint8_t *buf, size_t size, size_t *len)
{
    struct duetd_table_slot  *sl;
    unsigned                  s, i;
    int64_t                   now;
    int                       r;

    *len = 0;
    if ((r = duetd_table_locate(t, sid_text, &s, &i)) != 0) {
        return r;
    }
    r = DUETD_TABLE_ERROR;
    if (duetd_table_now(&now) != 0) {
        goto out;
    }
    sl = duetd_table_slot(t, i);
    switch (duetd_table_state(sl)) {
    case DUETD_SLOT_LIVE:
        break;
    case DUETD_SLOT_BUSY:
        r = DUETD_TABLE_BUSY;
        goto out;
    case DUETD_SLOT_EXPIRED:
        r = DUETD_TABLE_EXPIRED;
        goto out;
    case DUETD_SLOT_FINISHED:
        r = DUETD_TABLE_FINISHED;
        goto out;
    default:
        duetd_log_error("slot %u in an impossible state", i);
        goto out;
    }
    if (duetd_table_expired(t, sl, now)) {
        duetd_table_wipe(t, i, DUETD_SLOT_EXPIRED, now);
        duetd_table_count(&duetd_table_hdr(t)->expired);
        r = DUETD_TABLE_EXPIRED;
        goto out;
    }
    if (size < sl->sealed_len) {
        duetd_log_error("buffer of %zu bytes for a state of %zu", size,
                        (size_t) sl->sealed_len);
        goto out;
    }
    if (duetd_table_unseal(t, i, buf) != 0) {
        duetd_log_error("session state in slot %u fails authentication: "
                        "wiped", i);
        duetd_table_wipe(t, i, DUETD_SLOT_FINISHED, now);
        goto out;
    }
    meta->kind = (int) sl->kind;
    meta->round = sl->round;
    memcpy(meta->owner, sl->owner, DUETD_OWNER_MAX);
    meta->owner[DUETD_OWNER_MAX - 1] = '\0';
    *len = sl->sealed_len;
    sl->pid = (int32_t) getpid();
    duetd_table_set_state(sl, DUETD_SLOT_BUSY);
    r = 0;
out:
    duetd_table_unlock(t, s);
    return r;
}


/*
 * Find sid and check that this process holds it.  On success the stripe is
 * locked and *s, *i say where.  Returns: 0, NOT_FOUND or ERROR.
 */
static int
duetd_table_find_mine(struct duetd_table *t, const char *sid_text,
    unsigned *s, unsigned *i)
{
    struct duetd_table_slot  *sl;
    int                       r;

    if ((r = duetd_table_locate(t, sid_text, s, i)) != 0) {
        return r;
    }
    sl = duetd_table_slot(t, *i);
    if (duetd_table_state(sl) == DUETD_SLOT_BUSY
        && sl->pid == (int32_t) getpid())
    {
        return 0;
    }
    duetd_table_unlock(t, *s);
    return DUETD_TABLE_NOT_FOUND;
}


int
duetd_table_release(struct duetd_table *t, const char *sid_text,
    const struct duetd_session_meta *meta, const uint8_t *blob, size_t len)
{
    struct duetd_table_slot  *sl;
    unsigned                  s, i;
    uint64_t                  old;
    int64_t                   now;
    int                       r;

    if (duetd_table_check_meta(meta) != 0 || duetd_table_now(&now) != 0) {
        return DUETD_TABLE_ERROR;
    }
    if ((r = duetd_table_find_mine(t, sid_text, &s, &i)) != 0) {
        return r;
    }
    sl = duetd_table_slot(t, i);
    if (len > t->slot_bytes) {
        duetd_table_wipe(t, i, DUETD_SLOT_FINISHED, now);
        r = DUETD_TABLE_TOO_BIG;
        goto out;
    }
    duetd_table_set_state(sl, DUETD_SLOT_WRITING);
    old = sl->sealed_len;
    if (len > old) {
        sl->sealed_len = len;
    }
    sl->gen++;
    duetd_table_set_meta(sl, meta);
    if (duetd_table_seal(t, i, blob, len) != 0) {
        duetd_table_wipe(t, i, DUETD_SLOT_FINISHED, now);
        r = DUETD_TABLE_ERROR;
        goto out;
    }
    duetd_table_trim(t, i, len, old);
    sl->sealed_len = len;
    sl->last_ns = now;
    sl->pid = 0;
    duetd_table_set_state(sl, DUETD_SLOT_LIVE);
    r = 0;
out:
    duetd_table_unlock(t, s);
    return r;
}


int
duetd_table_finish(struct duetd_table *t, const char *sid_text)
{
    unsigned  s, i;
    int64_t   now;
    int       r;

    if (duetd_table_now(&now) != 0) {
        return DUETD_TABLE_ERROR;
    }
    if ((r = duetd_table_find_mine(t, sid_text, &s, &i)) != 0) {
        return r;
    }
    duetd_table_wipe(t, i, DUETD_SLOT_FINISHED, now);
    duetd_table_unlock(t, s);
    return 0;
}


int
duetd_table_abandon(struct duetd_table *t, const char *sid_text)
{
    struct duetd_table_slot  *sl;
    unsigned                  s, i;
    int                       r;

    if ((r = duetd_table_find_mine(t, sid_text, &s, &i)) != 0) {
        return r;
    }
    sl = duetd_table_slot(t, i);
    sl->pid = 0;
    duetd_table_set_state(sl, DUETD_SLOT_LIVE);
    duetd_table_unlock(t, s);
    return 0;
}


/*
 * Call fn on every slot, stripe by stripe under its lock (a stripe that
 * cannot be locked is passed over).  fn returns 1 if it wiped the slot.
 * Returns how many were wiped.
 */
static unsigned
duetd_table_visit(struct duetd_table *t, int64_t now,
    int (*fn)(struct duetd_table *t, unsigned i, int64_t now,
              const void *arg),
    const void *arg)
{
    unsigned  s, first, n, k, wiped = 0;

    for (s = 0; s < t->nstripes; s++) {
        if (duetd_table_lock(t, s) != 0) {
            continue;
        }
        duetd_table_group(t, s, &first, &n);
        for (k = 0; k < n; k++) {
            wiped += (unsigned) fn(t, first + k, now, arg);
        }
        duetd_table_unlock(t, s);
    }
    return wiped;
}


/*
 * A claimer that is gone (kill(pid, 0) fails with ESRCH) never releases:
 * the round it was serving is lost, and the session fails closed.  A dead
 * worker that is not reaped yet still exists as a zombie; the sweep after
 * the reaping frees its session.
 */
static int
duetd_table_sweep_slot(struct duetd_table *t, unsigned i, int64_t now,
    const void *arg)
{
    struct duetd_table_slot  *sl = duetd_table_slot(t, i);
    uint32_t                  st = duetd_table_state(sl);

    (void) arg;
    if ((st == DUETD_SLOT_LIVE && duetd_table_expired(t, sl, now))
        || (st == DUETD_SLOT_BUSY && now - sl->created_ns >= t->ttl_ns))
    {
        duetd_table_wipe(t, i, DUETD_SLOT_EXPIRED, now);
        duetd_table_count(&duetd_table_hdr(t)->expired);
        return 1;
    }
    if (st == DUETD_SLOT_BUSY
        && kill((pid_t) sl->pid, 0) != 0 && errno == ESRCH)
    {
        duetd_log_warn("pid %ld died serving a session: wiped",
                       (long) sl->pid);
        duetd_table_wipe(t, i, DUETD_SLOT_FINISHED, now);
        return 1;
    }
    return 0;
}


unsigned
duetd_table_sweep(struct duetd_table *t)
{
    int64_t  now;

    if (duetd_table_now(&now) != 0) {
        return 0;
    }
    return duetd_table_visit(t, now, duetd_table_sweep_slot, NULL);
}


/* arg is the owner. */
static int
duetd_table_end_slot(struct duetd_table *t, unsigned i, int64_t now,
    const void *arg)
{
    struct duetd_table_slot  *sl = duetd_table_slot(t, i);

    if (duetd_table_state(sl) == DUETD_SLOT_LIVE
        && strncmp(sl->owner, arg, sizeof(sl->owner)) == 0)
    {
        duetd_table_wipe(t, i, DUETD_SLOT_FINISHED, now);
        return 1;
    }
    return 0;
}


unsigned
duetd_table_end_owner(struct duetd_table *t, const char *owner)
{
    int64_t  now = 0;

    (void) duetd_table_now(&now);
    return duetd_table_visit(t, now, duetd_table_end_slot, owner);
}


void
duetd_table_stats(struct duetd_table *t, struct duetd_table_stats *st)
{
    struct duetd_table_hdr  *h = duetd_table_hdr(t);
    uint32_t                 state;
    unsigned                 i;

    memset(st, 0, sizeof(*st));
    for (i = 0; i < t->capacity; i++) {
        state = duetd_table_state(duetd_table_slot(t, i));
        if (state == DUETD_SLOT_LIVE || state == DUETD_SLOT_BUSY) {
            st->live++;
        }
    }
    st->capacity = t->capacity;
    st->created = __atomic_load_n(&h->created, __ATOMIC_RELAXED);
    st->expired = __atomic_load_n(&h->expired, __ATOMIC_RELAXED);
    st->recovered = __atomic_load_n(&h->recovered, __ATOMIC_RELAXED);
    st->mapping_bytes = t->size;
}


size_t
duetd_table_slot_bytes(const struct duetd_table *t)
{
    return t->slot_bytes;
}


#ifdef DUETD_TABLE_TESTING

void
duetd_table_test_mapping(struct duetd_table *t, uint8_t **base, size_t *size)
{
    *base = t->base;
    *size = t->size;
}


const uint8_t *
duetd_table_test_key(const struct duetd_table *t)
{
    return t->key;
}


int
duetd_table_test_blob(struct duetd_table *t, const char *sid_text,
    uint8_t **area, size_t *len)
{
    unsigned  s, i;
    int       r;

    if ((r = duetd_table_locate(t, sid_text, &s, &i)) != 0) {
        return r;
    }
    *area = duetd_table_area(t, i);
    *len = duetd_table_slot(t, i)->sealed_len;
    duetd_table_unlock(t, s);
    return 0;
}



int
duetd_table_test_sealed(struct duetd_table *t, const char *sid_text,
    uint8_t *buf, size_t size, size_t *len, int put)
{
    struct duetd_table_slot  *sl;
    size_t                    head = DUETD_TABLE_IV_BYTES
                                     + DUETD_TABLE_GCM_TAG_BYTES;
    unsigned                  s, i;
    int                       r;

    if ((r = duetd_table_locate(t, sid_text, &s, &i)) != 0) {
        return r;
    }
    r = DUETD_TABLE_ERROR;
    sl = duetd_table_slot(t, i);
    if (put) {
        if (*len < head || *len - head > t->slot_bytes
            || *len - head < sl->sealed_len)
        {
            goto out;
        }
        memcpy(sl->iv, buf, DUETD_TABLE_IV_BYTES);
        memcpy(sl->tag, buf + DUETD_TABLE_IV_BYTES,
               DUETD_TABLE_GCM_TAG_BYTES);
        memcpy(duetd_table_area(t, i), buf + head, *len - head);
        sl->sealed_len = *len - head;
    } else {
        if (size < head + sl->sealed_len) {
            goto out;
        }
        memcpy(buf, sl->iv, DUETD_TABLE_IV_BYTES);
        memcpy(buf + DUETD_TABLE_IV_BYTES, sl->tag,
               DUETD_TABLE_GCM_TAG_BYTES);
        memcpy(buf + head, duetd_table_area(t, i),
               sl->sealed_len);
        *len = head + sl->sealed_len;
    }
    r = 0;
out:
    duetd_table_unlock(t, s);
    return r;
}

#endif /* DUETD_TABLE_TESTING */
