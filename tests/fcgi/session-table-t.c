/*
 * session-table-t.c -- tests for fcgi_app/session_table.c, compiled in with
 * DUETD_TABLE_TESTING (its test hook and accessors).
 *
 * Round trips of blobs of several sizes up to the slot size; BUSY, abandon,
 * TOO_BIG; idle and absolute expiry (1 s, so the run sleeps about 3 s);
 * FINISHED; a full table, its tombstone reuse and no live session lost;
 * foreign and malformed ids; the sweep (expired sessions, and one claimed
 * by a dead child); a child SIGKILLed holding a stripe lock in the middle
 * of a write (EOWNERDEAD), then the table used from the parent and another
 * child; that neither a plaintext pattern nor the key appears anywhere in
 * the mapping; tampered ciphertext and metadata; forked children working
 * the same sessions at random, then the counts; and that untouched slots
 * cost no memory while MADV_REMOVE returns the memory of finished ones.
 *
 * The randomized parts print "# seed=" (replay with DUET_TEST_SEED=<hex>).
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic.h"
#include "duet_util.h"
#include "log.h"
#include "session_table.h"

#define TAG           "n1"
#define KIB           ((size_t) 1024)
#define MIB           (KIB * KIB)

#define CONC_CHILDREN   4
#define CONC_SESSIONS   24
#define CONC_OPS        1500

static uint64_t  rng_state;


static uint64_t
rng(void)
{
    /* xorshift64*: reproducible from the seed, not for secrets. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}


static void
rng_seed(uint64_t seed)
{
    rng_state = seed != 0 ? seed : UINT64_C(0x9e3779b97f4a7c15);
}


/* Bytes that depend on (a, b) only, so that a reader can check them. */
static void
fill(uint8_t *p, size_t n, uint64_t a, uint64_t b)
{
    uint64_t  x = a * UINT64_C(0x9e3779b97f4a7c15) ^ (b + 1);
    size_t    k;

    for (k = 0; k < n; k++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        p[k] = (uint8_t) ((x * UINT64_C(2685821657736338717)) >> 56);
    }
}


static struct duetd_table *
make_table(unsigned capacity, size_t slot_bytes, unsigned ttl, unsigned idle)
{
    struct duetd_table_params  p;
    struct duetd_table        *t;

    p.capacity = capacity;
    p.slot_bytes = slot_bytes;
    p.ttl = ttl;
    p.idle = idle;
    p.node_tag = TAG;
    if (duetd_table_create(&t, &p) != 0) {
        bail("duetd_table_create(%u, %zu) failed", capacity, slot_bytes);
    }
    return t;
}


static void
set_meta(struct duetd_session_meta *m, int kind, const char *owner,
    uint32_t round)
{
    memset(m, 0, sizeof(*m));
    m->kind = kind;
    snprintf(m->owner, sizeof(m->owner), "%s", owner);
    m->round = round;
}


static int
all_zero(const uint8_t *p, size_t n)
{
    size_t  k;

    for (k = 0; k < n; k++) {
        if (p[k] != 0) {
            return 0;
        }
    }
    return 1;
}


static pid_t
xfork(void)
{
    pid_t  pid;

    fflush(stdout);
    fflush(stderr);
    if ((pid = fork()) < 0) {
        sysbail("fork");
    }
    return pid;
}


/* Returns: the child's exit status, or 128 + signal. */
static int
reap(pid_t pid)
{
    int  status;

    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            sysbail("waitpid");
        }
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}


/*
 * End a forked child: free what it inherited (so that valgrind's leak check
 * has nothing to say about it; unmapping and wiping the child's copies
 * leaves the parent's table alone) and _exit, skipping the TAP summary.
 */
static void
child_exit(struct duetd_table *t, void *a, void *b, int code)
{
    free(a);
    free(b);
    duetd_table_destroy(t);
    _exit(code);
}


/*
 * The test hook: die holding the stripe lock.  (Under valgrind the killed
 * child reports the EVP context it held as lost; that is expected.)
 */
static void
die_now(void)
{
    (void) kill(getpid(), SIGKILL);
    for (;;) {
        pause();
    }
}


/*
 * Bytes of the mapping that are resident in shmem (mincore: whoever touched
 * them), and this process's Rss for it from /proc/self/smaps, in bytes.
 */
static void
mapping_memory(struct duetd_table *t, size_t *resident, size_t *rss)
{
    uint8_t        *base;
    size_t          size, page = (size_t) sysconf(_SC_PAGESIZE), n, k;
    unsigned char  *vec;
    FILE           *f;
    char            line[512];
    unsigned long   lo, hi, kb;
    int             in = 0;

    duetd_table_test_mapping(t, &base, &size);
    n = (size + page - 1) / page;
    vec = bmalloc(n);
    if (mincore(base, size, vec) != 0) {
        sysbail("mincore");
    }
    *resident = 0;
    for (k = 0; k < n; k++) {
        *resident += (vec[k] & 1) * page;
    }
    free(vec);

    *rss = 0;
    if ((f = fopen("/proc/self/smaps", "r")) == NULL) {
        sysbail("/proc/self/smaps");
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        /* A mapping's first line is "lo-hi perms ...", then its fields. */
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
            in = lo == (unsigned long) (uintptr_t) base;
            continue;
        }
        if (in && sscanf(line, "Rss: %lu kB", &kb) == 1) {
            *rss = kb * KIB;
        }
    }
    fclose(f);
}


static void
test_create(void)
{
    struct duetd_table_params  p;
    struct duetd_table_stats   st;
    struct duetd_table        *t;
    static const char *const   bad_tags[] = {
        "", "n.1", "n1/", "abcdefghijklmnopq", "n 1"
    };
    size_t                     k;

    p.capacity = 100;
    p.slot_bytes = 5000;
    p.ttl = 60;
    p.idle = 30;
    p.node_tag = "node-7_x";
    is_int(0, duetd_table_create(&t, &p), "create");
    duetd_table_stats(t, &st);
    is_int(100, st.capacity, "capacity");
    is_int(0, st.live, "no session");
    ok(st.mapping_bytes >= 100 * 8192, "mapping of %zu bytes covers 100 "
       "page-rounded slots", st.mapping_bytes);
    is_int(5000, (long long) duetd_table_slot_bytes(t), "slot bytes");
    duetd_table_destroy(t);

    for (k = 0; k < sizeof(bad_tags) / sizeof(bad_tags[0]); k++) {
        p.node_tag = bad_tags[k];
        is_int(DUETD_TABLE_ERROR, duetd_table_create(&t, &p),
               "node tag \"%s\" refused", bad_tags[k]);
        ok(t == NULL, "no table");
    }
    p.node_tag = NULL;
    is_int(DUETD_TABLE_ERROR, duetd_table_create(&t, &p), "no node tag");
    p.node_tag = TAG;
    p.capacity = 0;
    is_int(DUETD_TABLE_ERROR, duetd_table_create(&t, &p), "capacity 0");
    p.capacity = 10;
    p.slot_bytes = 0;
    is_int(DUETD_TABLE_ERROR, duetd_table_create(&t, &p), "slot 0");
    p.slot_bytes = 100;
    p.ttl = 0;
    is_int(DUETD_TABLE_ERROR, duetd_table_create(&t, &p), "ttl 0");
    p.ttl = 10;
    p.idle = 0;
    is_int(DUETD_TABLE_ERROR, duetd_table_create(&t, &p), "idle 0");
}


static void
test_round_trip(void)
{
    static const size_t         sizes[] = {
        0, 1, 255, 256, 4095, 4096, 4097, 40000, 65535, 65536
    };
    const size_t                slot = 65536;
    struct duetd_table         *t;
    struct duetd_session_meta   m, got;
    struct duetd_table_stats    st;
    char                        sid[DUETD_SID_TEXT_MAX];
    uint8_t                    *in, *out, *area;
    size_t                      k, len, n2, alen;
    int                         good;

    t = make_table(32, slot, 60, 60);
    in = bmalloc(slot + 1);
    out = bmalloc(slot);
    for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        fill(in, sizes[k], k, 0);
        set_meta(&m, DUETD_SESSION_SIGN, "signer:abc", 7);
        is_int(0, duetd_table_insert(t, &m, in, sizes[k], sid),
               "insert %zu bytes", sizes[k]);
        ok(strlen(sid) == 3 + 22 && strncmp(sid, TAG ".", 3) == 0,
           "id %s has the form n1.<22 chars>", sid);
        if (duetd_table_test_blob(t, sid, &area, &alen) == 0) {
            is_int((long long) sizes[k], (long long) alen,
                   "ciphertext is as long as the blob");
        }

        memset(&got, 0xaa, sizeof(got));
        is_int(0, duetd_table_acquire(t, sid, &got, out, slot, &len),
               "acquire");
        is_int((long long) sizes[k], (long long) len, "length back");
        is_blob(in, out, sizes[k], "%zu bytes back", sizes[k]);
        ok(got.kind == DUETD_SESSION_SIGN && got.round == 7
           && strcmp(got.owner, "signer:abc") == 0, "meta back");
        is_int(DUETD_TABLE_BUSY, duetd_table_acquire(t, sid, &got, out, slot,
                                                     &len), "BUSY");

        /* The next state, of another size, and a new round. */
        n2 = sizes[(k + 3) % (sizeof(sizes) / sizeof(sizes[0]))];
        fill(in, n2, k, 1);
        set_meta(&m, DUETD_SESSION_SIGN, "signer:abc", 8);
        is_int(0, duetd_table_release(t, sid, &m, in, n2), "release");
        is_int(DUETD_TABLE_NOT_FOUND, duetd_table_release(t, sid, &m, in, n2),
               "a second release: not ours");
        is_int(0, duetd_table_acquire(t, sid, &got, out, slot, &len),
               "acquire again");
        good = len == n2 && memcmp(in, out, n2) == 0 && got.round == 8;
        ok(good, "%zu bytes and round 8 back after a resize", n2);
        if (duetd_table_test_blob(t, sid, &area, &alen) == 0
            && alen < slot)
        {
            ok(all_zero(area + alen, slot - alen), "nothing left past the "
               "ciphertext after the resize");
        }
        is_int(0, duetd_table_abandon(t, sid), "abandon");
        is_int(DUETD_TABLE_NOT_FOUND, duetd_table_abandon(t, sid),
               "abandon twice: not ours");
        is_int(DUETD_TABLE_NOT_FOUND, duetd_table_finish(t, sid),
               "finish unclaimed: not ours");
        is_int(0, duetd_table_acquire(t, sid, &got, out, slot, &len),
               "acquire after abandon");
        ok(len == n2 && memcmp(in, out, n2) == 0, "state unchanged by "
           "abandon");
        is_int(0, duetd_table_finish(t, sid), "finish");
        is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, sid, &got, out,
                                                         slot, &len),
               "FINISHED after finish");
        is_int(DUETD_TABLE_NOT_FOUND, duetd_table_release(t, sid, &m, in, 1),
               "release after finish: NOT_FOUND");
        is_int(DUETD_TABLE_NOT_FOUND, duetd_table_finish(t, sid),
               "finish after finish: NOT_FOUND");
        if (duetd_table_test_blob(t, sid, &area, &alen) == 0) {
            ok(alen == 0 && all_zero(area, slot), "blob area wiped");
        }
    }

    /* Too big: refused at insert; at release it ends the session. */
    set_meta(&m, DUETD_SESSION_DKG, "operator", 0);
    is_int(DUETD_TABLE_TOO_BIG, duetd_table_insert(t, &m, in, slot + 1, sid),
           "insert of slot_bytes + 1: TOO_BIG");
    is_int(0, duetd_table_insert(t, &m, in, 10, sid), "insert");
    is_int(0, duetd_table_acquire(t, sid, &got, out, slot, &len), "acquire");
    is_int(DUETD_TABLE_TOO_BIG, duetd_table_release(t, sid, &m, in, slot + 1),
           "release of slot_bytes + 1: TOO_BIG");
    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, sid, &got, out, slot,
                                                     &len),
           "and the session is gone");

    /* A short buffer is the caller's error, not the session's. */
    is_int(0, duetd_table_insert(t, &m, in, 100, sid), "insert 100 bytes");
    is_int(DUETD_TABLE_ERROR, duetd_table_acquire(t, sid, &got, out, 99,
                                                  &len),
           "acquire into 99 bytes: ERROR");
    is_int(0, duetd_table_acquire(t, sid, &got, out, 100, &len),
           "then into 100 bytes");
    is_int(0, duetd_table_finish(t, sid), "finish");

    /* Owner too long for its field: refused. */
    memset(m.owner, 'x', sizeof(m.owner));
    is_int(DUETD_TABLE_ERROR, duetd_table_insert(t, &m, in, 1, sid),
           "owner without NUL refused");

    duetd_table_stats(t, &st);
    is_int(0, st.live, "no live session left");
    is_int((long long) (sizeof(sizes) / sizeof(sizes[0])) + 2,
           (long long) st.created, "created counts the inserts");
    free(in);
    free(out);
    duetd_table_destroy(t);
}


static void
test_ids(void)
{
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    char                        sid[DUETD_SID_TEXT_MAX], bad[128];
    uint8_t                     buf[16], raw[DUETD_SID_BYTES];
    size_t                      len, k;
    const char                 *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "abcdefghijklmnopqrstuvwxyz"
                                           "0123456789-_";
    const char                 *c;
    static const char *const    fixed[] = {
        "", "n1", "n1.", ".", "n1.AAAAAAAAAAAAAAAAAAAAAA.",
        "n1AAAAAAAAAAAAAAAAAAAAAAA", "n1.AAAAAAAAAAAAAAAAAAAA==",
        "n1.AAAAAAAAAAAAAAAAAAAA+A", "N1.AAAAAAAAAAAAAAAAAAAAAA",
        "n1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    };
    int                         r;

    t = make_table(16, 64, 60, 60);
    set_meta(&m, DUETD_SESSION_SIGN, "signer:1", 0);
    if (duetd_table_insert(t, &m, (const uint8_t *) "0123456789abcdef", 16,
                           sid) != 0)
    {
        bail("insert");
    }

#define EXPECT_NOT_FOUND(s, what)                                             \
    do {                                                                      \
        is_int(DUETD_TABLE_NOT_FOUND,                                         \
               duetd_table_acquire(t, (s), &m, buf, sizeof(buf), &len),       \
               "acquire %s: NOT_FOUND", (what));                              \
        is_int(DUETD_TABLE_NOT_FOUND,                                         \
               duetd_table_release(t, (s), &m, buf, 1),                       \
               "release %s: NOT_FOUND", (what));                              \
        is_int(DUETD_TABLE_NOT_FOUND, duetd_table_finish(t, (s)),             \
               "finish %s: NOT_FOUND", (what));                               \
        is_int(DUETD_TABLE_NOT_FOUND, duetd_table_abandon(t, (s)),            \
               "abandon %s: NOT_FOUND", (what));                              \
    } while (0)

    EXPECT_NOT_FOUND(NULL, "NULL");
    for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++) {
        EXPECT_NOT_FOUND(fixed[k], fixed[k]);
    }

    /* The live id under other node tags. */
    snprintf(bad, sizeof(bad), "n2%s", sid + 2);
    EXPECT_NOT_FOUND(bad, "another node's tag");
    snprintf(bad, sizeof(bad), "n10%s", sid + 2);
    EXPECT_NOT_FOUND(bad, "a longer tag");
    snprintf(bad, sizeof(bad), "%s", sid + 1);
    EXPECT_NOT_FOUND(bad, "a shorter tag");
    snprintf(bad, sizeof(bad), "%s", sid + 3);
    EXPECT_NOT_FOUND(bad, "no tag");
    snprintf(bad, sizeof(bad), "%sA", sid);
    EXPECT_NOT_FOUND(bad, "one char more");
    snprintf(bad, sizeof(bad), "%.*s", (int) strlen(sid) - 1, sid);
    EXPECT_NOT_FOUND(bad, "one char less");

    /* Same bits, non-canonical last character (16 bytes leave 4 spare). */
    snprintf(bad, sizeof(bad), "%s", sid);
    c = strchr(alphabet, bad[strlen(bad) - 1]);
    bad[strlen(bad) - 1] = alphabet[(c - alphabet) | 1];
    EXPECT_NOT_FOUND(bad, "non-canonical encoding");

    /* Random well-formed ids of this node. */
    for (k = 0; k < 8; k++) {
        fill(raw, sizeof(raw), 77, k);
        memcpy(bad, TAG ".", 3);
        if (duet_base64url_encode(bad + 3, sizeof(bad) - 3, raw,
                                  sizeof(raw)) != 0)
        {
            bail("base64url");
        }
        EXPECT_NOT_FOUND(bad, "an unknown well-formed id");
    }
#undef EXPECT_NOT_FOUND

    r = duetd_table_acquire(t, sid, &m, buf, sizeof(buf), &len);
    ok(r == 0 && len == 16 && memcmp(buf, "0123456789abcdef", 16) == 0,
       "the real id still works");
    duetd_table_destroy(t);
}


static void
test_expiry(void)
{
    struct duetd_table         *ta, *tb;
    struct duetd_session_meta   m;
    struct duetd_table_stats    st;
    char                        a1[DUETD_SID_TEXT_MAX], a2[DUETD_SID_TEXT_MAX];
    char                        a3[DUETD_SID_TEXT_MAX], b1[DUETD_SID_TEXT_MAX];
    char                        b2[DUETD_SID_TEXT_MAX];
    uint8_t                     blob[5000], buf[5000], *area;
    size_t                      len, alen;
    struct timespec             d = { 0, 600000000 };

    /* ta: 1 s from creation; tb: 1 s idle between rounds. */
    ta = make_table(16, sizeof(blob), 1, 60);
    tb = make_table(16, sizeof(blob), 60, 1);
    fill(blob, sizeof(blob), 5, 5);
    set_meta(&m, DUETD_SESSION_DKG, "operator", 1);
    if (duetd_table_insert(ta, &m, blob, sizeof(blob), a1) != 0
        || duetd_table_insert(ta, &m, blob, sizeof(blob), a2) != 0
        || duetd_table_insert(ta, &m, blob, sizeof(blob), a3) != 0
        || duetd_table_insert(tb, &m, blob, sizeof(blob), b1) != 0
        || duetd_table_insert(tb, &m, blob, sizeof(blob), b2) != 0)
    {
        bail("insert");
    }
    is_int(0, duetd_table_acquire(ta, a3, &m, buf, sizeof(buf), &len),
           "a3 claimed across its expiry");

    nanosleep(&d, NULL);                                    /* 0.6 s */
    is_int(0, duetd_table_acquire(tb, b1, &m, buf, sizeof(buf), &len),
           "b1 at 0.6 s");
    is_int(0, duetd_table_release(tb, b1, &m, blob, sizeof(blob)),
           "b1 released: idle timer restarts");
    is_int(0, duetd_table_sweep(ta) + duetd_table_sweep(tb),
           "sweep before any deadline wipes nothing");

    nanosleep(&d, NULL);                                    /* 1.2 s */
    is_int(DUETD_TABLE_EXPIRED, duetd_table_acquire(ta, a1, &m, buf,
                                                    sizeof(buf), &len),
           "a1 past its absolute ttl: EXPIRED");
    is_int(DUETD_TABLE_EXPIRED, duetd_table_acquire(ta, a1, &m, buf,
                                                    sizeof(buf), &len),
           "and EXPIRED again, not NOT_FOUND");
    if (duetd_table_test_blob(ta, a1, &area, &alen) == 0) {
        ok(alen == 0 && all_zero(area, sizeof(blob)), "a1 wiped");
    }
    is_int(0, duetd_table_acquire(tb, b1, &m, buf, sizeof(buf), &len),
           "b1 0.6 s after its last release: alive");
    is_int(0, duetd_table_release(tb, b1, &m, blob, sizeof(blob)),
           "b1 released");
    is_int(DUETD_TABLE_EXPIRED, duetd_table_acquire(tb, b2, &m, buf,
                                                    sizeof(buf), &len),
           "b2 idle for 1.2 s: EXPIRED");

    is_int(2, duetd_table_sweep(ta), "sweep wipes a2 (live) and a3 (busy), "
           "both past their ttl");
    is_int(DUETD_TABLE_EXPIRED, duetd_table_acquire(ta, a2, &m, buf,
                                                    sizeof(buf), &len),
           "a2: EXPIRED");
    is_int(DUETD_TABLE_NOT_FOUND, duetd_table_release(ta, a3, &m, blob, 10),
           "a3's late release: NOT_FOUND");
    is_int(DUETD_TABLE_EXPIRED, duetd_table_acquire(ta, a3, &m, buf,
                                                    sizeof(buf), &len),
           "a3: EXPIRED");
    duetd_table_stats(ta, &st);
    ok(st.live == 0 && st.expired == 3, "ta: live %u, expired %" PRIu64,
       st.live, st.expired);

    d.tv_sec = 1;
    d.tv_nsec = 100000000;
    nanosleep(&d, NULL);                                    /* 2.3 s */
    is_int(1, duetd_table_sweep(tb), "sweep wipes b1, idle 1.1 s");
    is_int(DUETD_TABLE_EXPIRED, duetd_table_acquire(tb, b1, &m, buf,
                                                    sizeof(buf), &len),
           "b1: EXPIRED");
    duetd_table_stats(tb, &st);
    ok(st.live == 0 && st.expired == 2, "tb: live %u, expired %" PRIu64,
       st.live, st.expired);
    duetd_table_destroy(ta);
    duetd_table_destroy(tb);
}


static void
test_capacity_one(unsigned cap)
{
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    struct duetd_table_stats    st;
    char                      (*sids)[DUETD_SID_TEXT_MAX];
    char                        extra[DUETD_SID_TEXT_MAX];
    uint8_t                     blob[64], buf[64];
    size_t                      len;
    unsigned                    k, inserted = 0, intact = 0, victim;

    t = make_table(cap, sizeof(blob), 60, 60);
    sids = bcalloc(cap, sizeof(*sids));
    set_meta(&m, DUETD_SESSION_SIGN, "signer:cap", 0);
    for (k = 0; k < cap; k++) {
        fill(blob, sizeof(blob), cap, k);
        inserted += duetd_table_insert(t, &m, blob, sizeof(blob), sids[k])
                    == 0;
    }
    is_int(cap, inserted, "capacity %u: %u inserts fill the table", cap, cap);
    is_int(DUETD_TABLE_FULL, duetd_table_insert(t, &m, blob, 1, extra),
           "capacity %u: the next insert is FULL", cap);
    for (k = 0; k < cap; k++) {
        fill(blob, sizeof(blob), cap, k);
        if (duetd_table_acquire(t, sids[k], &m, buf, sizeof(buf), &len) == 0
            && len == sizeof(blob) && memcmp(blob, buf, len) == 0
            && duetd_table_abandon(t, sids[k]) == 0)
        {
            intact++;
        }
    }
    is_int(cap, intact, "capacity %u: every session intact", cap);

    victim = (unsigned) (rng() % cap);
    if (duetd_table_acquire(t, sids[victim], &m, buf, sizeof(buf), &len) != 0
        || duetd_table_finish(t, sids[victim]) != 0)
    {
        bail("finish");
    }
    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, sids[victim], &m, buf,
                                                     sizeof(buf), &len),
           "capacity %u: a tombstone", cap);
    is_int(0, duetd_table_insert(t, &m, blob, sizeof(blob), extra),
           "capacity %u: an insert reuses it", cap);
    is_int(DUETD_TABLE_NOT_FOUND, duetd_table_acquire(t, sids[victim], &m,
                                                      buf, sizeof(buf), &len),
           "capacity %u: the old id is now unknown", cap);
    is_int(DUETD_TABLE_FULL, duetd_table_insert(t, &m, blob, 1, sids[victim]),
           "capacity %u: FULL again", cap);
    duetd_table_stats(t, &st);
    is_int(cap, st.live, "capacity %u: live", cap);
    free(sids);
    duetd_table_destroy(t);
}


static void
test_capacity(void)
{
    static const unsigned       caps[] = { 1, 3, 64, 100, 200 };
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    char                        old[DUETD_SID_TEXT_MAX];
    char                        sid[DUETD_SID_TEXT_MAX];
    uint8_t                     buf[8];
    size_t                      k, len;
    int                         r = 0;

    for (k = 0; k < sizeof(caps) / sizeof(caps[0]); k++) {
        test_capacity_one(caps[k]);
    }

    /* While free slots remain, tombstones are kept (late requests). */
    t = make_table(1024, 8, 60, 60);
    set_meta(&m, DUETD_SESSION_SIGN, "signer:x", 0);
    if (duetd_table_insert(t, &m, buf, 1, old) != 0
        || duetd_table_acquire(t, old, &m, buf, sizeof(buf), &len) != 0
        || duetd_table_finish(t, old) != 0)
    {
        bail("insert");
    }
    for (k = 0; k < 500; k++) {
        r |= duetd_table_insert(t, &m, buf, 1, sid);
    }
    is_int(0, r, "500 inserts");
    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, old, &m, buf,
                                                     sizeof(buf), &len),
           "a tombstone survives them in a half-empty table");
    duetd_table_destroy(t);
}


static void
test_sweep_dead(void)
{
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    struct duetd_table_stats    st;
    char                        s1[DUETD_SID_TEXT_MAX], s2[DUETD_SID_TEXT_MAX];
    uint8_t                     buf[32];
    size_t                      len;
    pid_t                       pid;

    t = make_table(16, sizeof(buf), 60, 60);
    set_meta(&m, DUETD_SESSION_SIGN, "signer:d", 0);
    memset(buf, 1, sizeof(buf));
    if (duetd_table_insert(t, &m, buf, sizeof(buf), s1) != 0
        || duetd_table_insert(t, &m, buf, sizeof(buf), s2) != 0)
    {
        bail("insert");
    }
    if ((pid = xfork()) == 0) {
        /* Claim s1 and die without releasing it. */
        child_exit(t, NULL, NULL,
                   duetd_table_acquire(t, s1, &m, buf, sizeof(buf), &len)
                   == 0 ? 0 : 1);
    }
    is_int(0, reap(pid), "a child claimed s1 and exited");
    is_int(0, duetd_table_acquire(t, s2, &m, buf, sizeof(buf), &len),
           "the parent claims s2");
    is_int(DUETD_TABLE_BUSY, duetd_table_acquire(t, s1, &m, buf, sizeof(buf),
                                                 &len),
           "s1 BUSY under the dead child");
    is_int(1, duetd_table_sweep(t), "sweep frees one session");
    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, s1, &m, buf,
                                                     sizeof(buf), &len),
           "s1 FINISHED");
    is_int(0, duetd_table_release(t, s2, &m, buf, sizeof(buf)),
           "the parent's claim on s2 survived the sweep");
    duetd_table_stats(t, &st);
    is_int(1, st.live, "one live session");
    duetd_table_destroy(t);
}


static void
test_end_owner(void)
{
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    char                        a1[DUETD_SID_TEXT_MAX], a2[DUETD_SID_TEXT_MAX];
    char                        a3[DUETD_SID_TEXT_MAX], b1[DUETD_SID_TEXT_MAX];
    uint8_t                     buf[32];
    size_t                      len;

    t = make_table(16, sizeof(buf), 60, 60);
    memset(buf, 2, sizeof(buf));
    set_meta(&m, DUETD_SESSION_SIGN, "signer:a", 0);
    if (duetd_table_insert(t, &m, buf, sizeof(buf), a1) != 0
        || duetd_table_insert(t, &m, buf, sizeof(buf), a2) != 0
        || duetd_table_insert(t, &m, buf, sizeof(buf), a3) != 0)
    {
        bail("insert");
    }
    set_meta(&m, DUETD_SESSION_SIGN, "signer:ab", 0);
    if (duetd_table_insert(t, &m, buf, sizeof(buf), b1) != 0) {
        bail("insert");
    }
    is_int(0, duetd_table_acquire(t, a3, &m, buf, sizeof(buf), &len),
           "end_owner: one of a's sessions is being served");
    is_int(2, duetd_table_end_owner(t, "signer:a"),
           "end_owner wipes a's two idle sessions");
    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, a1, &m, buf,
                                                     sizeof(buf), &len),
           "end_owner: a's session is FINISHED");
    is_int(0, duetd_table_release(t, a3, &m, buf, sizeof(buf)),
           "end_owner: the session being served finishes its round");
    is_int(0, duetd_table_acquire(t, b1, &m, buf, sizeof(buf), &len),
           "end_owner: another owner's (a prefix of whose name matches) "
           "session lives");
    is_str("signer:ab", m.owner, "end_owner: with its owner intact");
    duetd_table_destroy(t);
}


static void
test_ownerdead(void)
{
    const size_t                slot = 64 * KIB;
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    struct duetd_table_stats    st;
    char                        s[DUETD_SID_TEXT_MAX], r[DUETD_SID_TEXT_MAX];
    char                        more[DUETD_SID_TEXT_MAX];
    uint8_t                    *blob, *buf, *area;
    size_t                      len, alen;
    pid_t                       pid;
    unsigned                    k, good;
    int                         rc;

    /* 16 slots and 16 stripes: every session has a stripe of its own. */
    t = make_table(16, slot, 60, 60);
    blob = bmalloc(slot);
    buf = bmalloc(slot);
    fill(blob, slot, 1, 1);
    set_meta(&m, DUETD_SESSION_DKG, "operator", 3);
    if (duetd_table_insert(t, &m, blob, slot, s) != 0
        || duetd_table_insert(t, &m, blob, slot, r) != 0)
    {
        bail("insert");
    }

    if ((pid = xfork()) == 0) {
        if (duetd_table_acquire(t, s, &m, buf, slot, &len) != 0) {
            child_exit(t, blob, buf, 1);
        }
        fill(blob, slot, 1, 2);
        duetd_table_test_hook = die_now;
        (void) duetd_table_release(t, s, &m, blob, slot);
        child_exit(t, blob, buf, 2);
    }
    is_int(128 + SIGKILL, reap(pid), "child killed half-way through "
           "sealing, holding the stripe lock");
    duetd_table_stats(t, &st);
    is_int(0, (long long) st.recovered, "nothing recovered yet");

    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, s, &m, buf, slot,
                                                     &len),
           "the next locker repairs the stripe: the session it was "
           "writing is FINISHED");
    duetd_table_stats(t, &st);
    is_int(1, (long long) st.recovered, "one recovery counted");
    if (duetd_table_test_blob(t, s, &area, &alen) == 0) {
        ok(alen == 0 && all_zero(area, slot), "the half-written blob is "
           "wiped");
    }
    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, s, &m, buf, slot,
                                                     &len),
           "the stripe locks normally again");

    /* A child dies in the middle of an insert: the id never got out. */
    if ((pid = xfork()) == 0) {
        duetd_table_test_hook = die_now;
        (void) duetd_table_insert(t, &m, blob, slot, more);
        child_exit(t, blob, buf, 2);
    }
    is_int(128 + SIGKILL, reap(pid), "child killed in the middle of an "
           "insert");
    is_int(0, duetd_table_sweep(t), "the sweep (locking every stripe) "
           "finds nothing to expire");
    duetd_table_stats(t, &st);
    is_int(2, (long long) st.recovered, "and it repaired the stripe: two "
           "recoveries in all");
    is_int(1, st.live, "only r is live");
    good = 0;
    for (k = 0; k < 15; k++) {
        fill(blob, slot, 2, k);
        if (duetd_table_insert(t, &m, blob, slot, more) == 0
            && duetd_table_acquire(t, more, &m, buf, slot, &len) == 0
            && len == slot && memcmp(blob, buf, slot) == 0
            && duetd_table_release(t, more, &m, blob, slot / 2) == 0)
        {
            good++;
        }
    }
    is_int(15, good, "the parent fills the table (every stripe, the "
           "repaired ones included)");
    is_int(DUETD_TABLE_FULL, duetd_table_insert(t, &m, blob, 1, more),
           "then FULL");
    duetd_table_stats(t, &st);
    ok(st.live == 16 && st.recovered == 2, "16 live sessions, still two "
       "recoveries");

    if ((pid = xfork()) == 0) {
        fill(blob, slot, 1, 1);
        if (duetd_table_acquire(t, r, &m, buf, slot, &len) != 0
            || len != slot || memcmp(blob, buf, slot) != 0)
        {
            child_exit(t, blob, buf, 1);
        }
        fill(blob, slot, 1, 3);
        rc = duetd_table_release(t, r, &m, blob, slot);
        child_exit(t, blob, buf, rc == 0 ? 0 : 3);
    }
    is_int(0, reap(pid), "another child serves a round of r");
    fill(blob, slot, 1, 3);
    rc = duetd_table_acquire(t, r, &m, buf, slot, &len);
    ok(rc == 0 && len == slot && memcmp(blob, buf, slot) == 0,
       "the parent sees the child's new state of r");
    free(blob);
    free(buf);
    duetd_table_destroy(t);
}


/* Is any 16-byte window of the 64-byte cyclic pattern in [p, p + n)? */
static int
find_pattern(const uint8_t *p, size_t n, const uint8_t pattern[64])
{
    uint8_t  w[16];
    size_t   k, j;

    for (k = 0; k < 64; k++) {
        for (j = 0; j < 16; j++) {
            w[j] = pattern[(k + j) % 64];
        }
        if (memmem(p, n, w, sizeof(w)) != NULL) {
            return 1;
        }
    }
    return 0;
}


static void
test_sealing(void)
{
    const size_t                slot = 64 * KIB;
    static const char           text[] =
        "duet-plaintext-pattern:0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ:!?";
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    char                        sid[DUETD_SID_TEXT_MAX];
    char                        sid2[DUETD_SID_TEXT_MAX];
    uint8_t                     pattern[64], *blob, *buf, *base, *area;
    uint8_t                    *owner;
    const uint8_t              *key;
    size_t                      k, size, len, alen;

    memcpy(pattern, text, 64);
    t = make_table(8, slot, 60, 60);
    blob = bmalloc(slot);
    buf = bmalloc(slot);
    for (k = 0; k < slot; k++) {
        blob[k] = pattern[k % 64];
    }
    ok(find_pattern(blob + 7, 100, pattern), "the scan finds the pattern "
       "where it is");
    set_meta(&m, DUETD_SESSION_SIGN, "signer:seal-test-owner", 1);
    if (duetd_table_insert(t, &m, blob, slot, sid) != 0
        || duetd_table_insert(t, &m, blob, slot, sid2) != 0)
    {
        bail("insert");
    }
    duetd_table_test_mapping(t, &base, &size);
    if (duetd_table_test_blob(t, sid, &area, &alen) != 0) {
        bail("test_blob");
    }
    ok(alen == slot && !all_zero(area, alen), "ciphertext in the mapping");
    ok(!find_pattern(base, size, pattern), "no 16-byte window of the "
       "plaintext pattern anywhere in the %zu-byte mapping", size);
    key = duetd_table_test_key(t);
    ok(!all_zero(key, 32), "the key is set");
    ok(memmem(base, size, key, 16) == NULL
       && memmem(base, size, key + 16, 16) == NULL,
       "neither half of the key in the mapping");
    ok((uintptr_t) key + 32 <= (uintptr_t) base
       || (uintptr_t) key >= (uintptr_t) base + size,
       "the key lies outside the mapping");

    /* The same blob twice: fresh IVs, different ciphertexts. */
    {
        uint8_t  *area2;
        size_t    alen2;

        if (duetd_table_test_blob(t, sid2, &area2, &alen2) == 0) {
            ok(alen2 == alen && memcmp(area, area2, 4096) != 0,
               "two seals of one blob differ");
        }
    }

    /* Tampered ciphertext: ERROR, and the session is wiped. */
    area[alen / 2] ^= 0x01;
    is_int(DUETD_TABLE_ERROR, duetd_table_acquire(t, sid, &m, buf, slot,
                                                  &len),
           "a flipped ciphertext bit: ERROR");
    ok(all_zero(buf, slot), "nothing of it reached the buffer");
    is_int(DUETD_TABLE_FINISHED, duetd_table_acquire(t, sid, &m, buf, slot,
                                                     &len),
           "then FINISHED: wiped");
    ok(all_zero(area, slot), "its blob area is zero");

    /* The owner is in the clear but bound: editing it breaks the seal. */
    owner = memmem(base, size, "signer:seal-test-owner", 22);
    ok(owner != NULL, "the owner is in the mapping in the clear");
    if (owner != NULL) {
        owner[7] = 'S';
        is_int(DUETD_TABLE_ERROR, duetd_table_acquire(t, sid2, &m, buf, slot,
                                                      &len),
               "an edited owner: ERROR");
    }

    /*
     * Replays: a sealed state put back as it was (control) opens; an older
     * state of the same slot (the generation moved on) or another
     * session's does not.
     */
    {
        uint8_t  *old, *cur;
        size_t    old_len, cur_len, n;
        char      other[DUETD_SID_TEXT_MAX];

        old = bmalloc(slot + 64);
        cur = bmalloc(slot + 64);
        set_meta(&m, DUETD_SESSION_SIGN, "signer:replay", 1);
        if (duetd_table_insert(t, &m, blob, 1000, sid) != 0
            || duetd_table_insert(t, &m, blob, 1000, other) != 0
            || duetd_table_test_sealed(t, sid, old, slot + 64, &old_len, 0)
               != 0
            || duetd_table_acquire(t, sid, &m, buf, slot, &len) != 0
            || duetd_table_release(t, sid, &m, blob + 1, 1000) != 0
            || duetd_table_test_sealed(t, sid, cur, slot + 64, &cur_len, 0)
               != 0)
        {
            bail("replay setup");
        }
        n = cur_len;
        is_int(0, duetd_table_test_sealed(t, sid, cur, 0, &n, 1),
               "the current state put back");
        is_int(0, duetd_table_acquire(t, sid, &m, buf, slot, &len),
               "opens (control)");
        ok(len == 1000 && memcmp(buf, blob + 1, 1000) == 0, "and is the "
           "current state");
        is_int(0, duetd_table_abandon(t, sid), "abandon");
        n = old_len;
        is_int(0, duetd_table_test_sealed(t, sid, old, 0, &n, 1),
               "the previous state put back");
        is_int(DUETD_TABLE_ERROR, duetd_table_acquire(t, sid, &m, buf, slot,
                                                      &len),
               "an older generation of the same session: ERROR");
        n = cur_len;
        is_int(0, duetd_table_test_sealed(t, other, cur, 0, &n, 1),
               "a state moved to another session");
        is_int(DUETD_TABLE_ERROR, duetd_table_acquire(t, other, &m, buf,
                                                      slot, &len),
               "another session's state: ERROR");
        free(old);
        free(cur);
    }

    /* The plaintext comes back, and leaves nothing in the mapping. */
    is_int(0, duetd_table_insert(t, &m, blob, slot, sid), "insert again");
    is_int(0, duetd_table_acquire(t, sid, &m, buf, slot, &len), "acquire");
    is_blob(blob, buf, slot, "pattern back");
    is_int(0, duetd_table_release(t, sid, &m, buf, slot), "release");
    ok(!find_pattern(base, size, pattern), "still no plaintext in the "
       "mapping");
    free(blob);
    free(buf);
    duetd_table_destroy(t);
}


/* Shared between the children of test_concurrency (their own mapping). */
struct conc_shared {
    uint32_t  releases[CONC_SESSIONS];
    uint32_t  finishes[CONC_SESSIONS];
    uint32_t  inserted;
    uint32_t  errors;
    uint32_t  busy;
};

#define CONC_BLOB  3000


static void
conc_blob(uint8_t *b, uint32_t j, uint32_t counter)
{
    memcpy(b, &j, 4);
    memcpy(b + 4, &counter, 4);
    fill(b + 8, CONC_BLOB - 8, j, counter);
}


static int
conc_check(const uint8_t *b, size_t len, uint32_t j, uint32_t *counter)
{
    uint8_t   want[CONC_BLOB];
    uint32_t  jj;

    if (len != CONC_BLOB) {
        return -1;
    }
    memcpy(&jj, b, 4);
    memcpy(counter, b + 4, 4);
    conc_blob(want, j, *counter);
    return jj == j && memcmp(want, b, CONC_BLOB) == 0 ? 0 : -1;
}


static void
conc_child(struct duetd_table *t, struct conc_shared *sh,
    char (*sids)[DUETD_SID_TEXT_MAX], uint64_t seed)
{
    struct duetd_session_meta   m;
    char                        own[DUETD_SID_TEXT_MAX];
    uint8_t                     buf[CONC_BLOB], blob[CONC_BLOB];
    uint32_t                    j, counter;
    size_t                      len;
    unsigned                    op, k;
    uint64_t                    x;
    int                         r;

    rng_seed(seed);
    memset(blob, 0x5a, sizeof(blob));
    for (op = 0; op < CONC_OPS; op++) {
        x = rng();
        if (x % 10 == 0) {
            /* A private session, start to end. */
            set_meta(&m, DUETD_SESSION_SIGN, "signer:own", 0);
            r = duetd_table_insert(t, &m, blob, 100, own);
            if (r == 0) {
                __atomic_add_fetch(&sh->inserted, 1, __ATOMIC_SEQ_CST);
                if (duetd_table_acquire(t, own, &m, buf, sizeof(buf), &len)
                    != 0 || duetd_table_finish(t, own) != 0)
                {
                    __atomic_add_fetch(&sh->errors, 1, __ATOMIC_SEQ_CST);
                }
            } else {
                __atomic_add_fetch(&sh->errors, 1, __ATOMIC_SEQ_CST);
            }
            continue;
        }
        j = (uint32_t) ((x >> 8) % CONC_SESSIONS);
        r = duetd_table_acquire(t, sids[j], &m, buf, sizeof(buf), &len);
        if (r == DUETD_TABLE_BUSY) {
            __atomic_add_fetch(&sh->busy, 1, __ATOMIC_SEQ_CST);
            continue;
        }
        if (r == DUETD_TABLE_FINISHED
            || (r == DUETD_TABLE_NOT_FOUND
                && __atomic_load_n(&sh->finishes[j], __ATOMIC_SEQ_CST) > 0))
        {
            continue;   /* finished, and its tombstone perhaps reused */
        }
        if (r != 0 || conc_check(buf, len, j, &counter) != 0
            || m.round != counter)
        {
            __atomic_add_fetch(&sh->errors, 1, __ATOMIC_SEQ_CST);
            continue;
        }
        k = (unsigned) ((x >> 32) % 400);
        if (k == 0) {
            __atomic_add_fetch(&sh->finishes[j], 1, __ATOMIC_SEQ_CST);
            r = duetd_table_finish(t, sids[j]);
        } else if (k <= 40) {
            r = duetd_table_abandon(t, sids[j]);
        } else {
            conc_blob(blob, j, counter + 1);
            m.round = counter + 1;
            __atomic_add_fetch(&sh->releases[j], 1, __ATOMIC_SEQ_CST);
            r = duetd_table_release(t, sids[j], &m, blob, sizeof(blob));
        }
        if (r != 0) {
            __atomic_add_fetch(&sh->errors, 1, __ATOMIC_SEQ_CST);
        }
    }
}


static void
test_concurrency(void)
{
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    struct duetd_table_stats    st;
    struct conc_shared         *sh;
    char                        sids[CONC_SESSIONS][DUETD_SID_TEXT_MAX];
    uint8_t                     blob[CONC_BLOB];
    uint32_t                    j, counter, unfinished = 0, consistent = 0;
    uint64_t                    seed = tap_seed();
    pid_t                       pids[CONC_CHILDREN];
    size_t                      len;
    unsigned                    c, exits = 0;
    int                         r;

    t = make_table(64, CONC_BLOB, 600, 600);
    sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        sysbail("mmap");
    }
    memset(sh, 0, sizeof(*sh));
    for (j = 0; j < CONC_SESSIONS; j++) {
        conc_blob(blob, j, 0);
        set_meta(&m, DUETD_SESSION_SIGN, "signer:conc", 0);
        if (duetd_table_insert(t, &m, blob, sizeof(blob), sids[j]) != 0) {
            bail("insert");
        }
    }
    for (c = 0; c < CONC_CHILDREN; c++) {
        if ((pids[c] = xfork()) == 0) {
            conc_child(t, sh, sids, seed + c + 1);
            child_exit(t, NULL, NULL, 0);
        }
    }
    for (c = 0; c < CONC_CHILDREN; c++) {
        exits += reap(pids[c]) == 0;
    }
    is_int(CONC_CHILDREN, exits, "%d children did %d operations each",
           CONC_CHILDREN, CONC_OPS);
    is_int(0, sh->errors, "no operation failed or returned a wrong state");
    diag("%u BUSY answers, %u private sessions", sh->busy, sh->inserted);
    for (j = 0, c = 0; j < CONC_SESSIONS; j++) {
        c += sh->finishes[j] > 0;
    }
    diag("%u of %d shared sessions finished", c, CONC_SESSIONS);

    for (j = 0; j < CONC_SESSIONS; j++) {
        r = duetd_table_acquire(t, sids[j], &m, blob, sizeof(blob), &len);
        if (sh->finishes[j] == 0) {
            unfinished++;
            consistent += r == 0 && conc_check(blob, len, j, &counter) == 0
                          && counter == sh->releases[j];
        } else {
            consistent += sh->finishes[j] == 1
                          && (r == DUETD_TABLE_FINISHED
                              || r == DUETD_TABLE_NOT_FOUND);
        }
    }
    is_int(CONC_SESSIONS, consistent, "every session holds exactly its "
           "released rounds, or was finished exactly once");
    duetd_table_stats(t, &st);
    is_int(unfinished, st.live, "live counts the unfinished sessions");
    is_int(CONC_SESSIONS + sh->inserted, (long long) st.created,
           "created counts every insert");
    ok(st.expired == 0 && st.recovered == 0, "nothing expired or "
       "recovered");
    munmap(sh, sizeof(*sh));
    duetd_table_destroy(t);
}


static void
test_memory(void)
{
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    struct duetd_table_stats    st;
    char                        sid[DUETD_SID_TEXT_MAX];
    uint8_t                    *blob, *buf;
    size_t                      res0, rss0, res1, rss1, res2, rss2, len;

    /* The production shape: 1024 slots of 2 MiB. */
    t = make_table(1024, 2 * MIB, 60, 60);
    duetd_table_stats(t, &st);
    is_int((long long) (2048 * MIB), (long long) (st.mapping_bytes
                                                  & ~(MIB - 1)),
           "2 GiB of address space");
    mapping_memory(t, &res0, &rss0);
    ok(res0 < 512 * KIB, "untouched slots cost nothing: %zu KiB resident",
       res0 / KIB);

    blob = bmalloc(2 * MIB);
    buf = bmalloc(2 * MIB);
    fill(blob, 2 * MIB, 9, 9);
    set_meta(&m, DUETD_SESSION_DKG, "operator", 0);
    if (duetd_table_insert(t, &m, blob, 2 * MIB, sid) != 0) {
        bail("insert");
    }
    mapping_memory(t, &res1, &rss1);
    ok(res1 - res0 >= 2 * MIB && res1 - res0 < 2 * MIB + 64 * KIB,
       "a 2 MiB session costs %zu KiB (Rss +%zu KiB)", (res1 - res0) / KIB,
       (rss1 - rss0) / KIB);
    if (duetd_table_acquire(t, sid, &m, buf, 2 * MIB, &len) != 0
        || duetd_table_release(t, sid, &m, blob, 10000) != 0)
    {
        bail("round");
    }
    mapping_memory(t, &res2, &rss2);
    ok(res2 - res0 <= 64 * KIB, "shrunk to 10000 bytes: %zu KiB",
       (res2 - res0) / KIB);
    if (duetd_table_acquire(t, sid, &m, buf, 2 * MIB, &len) != 0
        || duetd_table_finish(t, sid) != 0)
    {
        bail("finish");
    }
    mapping_memory(t, &res2, &rss2);
    ok(res2 <= res0 + 4 * KIB, "finished: back to %zu KiB (MADV_REMOVE)",
       res2 / KIB);
    free(blob);
    free(buf);
    duetd_table_destroy(t);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    rng_seed(tap_seed());
    duetd_log_set_level(DUETD_LOG_WARN);

    test_create();
    test_round_trip();
    test_ids();
    test_capacity();
    test_sweep_dead();
    test_end_owner();
    test_ownerdead();
    test_sealing();
    test_concurrency();
    test_memory();
    test_expiry();
    return 0;
}
