/*
 * table-bench.c -- the shared-memory session table (fcgi_app/session_table.c)
 * in its production shape, 1024 slots of 2 MiB:
 *
 *   - acquire + release cycles (a lookup, an unseal and a seal) with a
 *     256 B and a 64 KiB state, in one process and in two (each on its own
 *     session; the time is wall time over the operations of both, so the
 *     rate is the pair's);
 *   - insert + acquire + finish of a 64 KiB session, with the wipe's
 *     MADV_REMOVE and without;
 *   - the shared memory that live sessions take, 256 of 64 KiB (signing)
 *     and 64 of 1 MiB (DKG): resident pages of the mapping (mincore, which
 *     counts shmem pages whoever touched them) and this process's Rss for
 *     it (/proc/self/smaps), before, with the sessions live, and after they
 *     finish, with MADV_REMOVE and without.  Median of --runs (at most 5).
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "log.h"
#include "session_table.h"

#define KIB  ((size_t) 1024)
#define MIB  (KIB * KIB)

#define TABLE_CAPACITY  1024
#define TABLE_SLOT      (2 * MIB)

struct cycle_case {
    struct duetd_table  *t;
    char                 sid[DUETD_SID_TEXT_MAX];
    uint8_t             *blob;
    uint8_t             *buf;
    size_t               len;
};

struct pair_case {
    struct cycle_case    c[2];
    int                  to_child;
    int                  from_child;
    pid_t                pid;
};

struct memory {
    size_t  resident;           /* bytes */
    size_t  rss;
};

static int  mem_runs = 3;


static _Noreturn void
die(const char *what)
{
    fprintf(stderr, "table-bench: %s failed\n", what);
    exit(1);
}


static struct duetd_table *
make_table(void)
{
    struct duetd_table_params  p;
    struct duetd_table        *t;

    p.capacity = TABLE_CAPACITY;
    p.slot_bytes = TABLE_SLOT;
    p.ttl = 3600;
    p.idle = 3600;
    p.node_tag = "n1";
    if (duetd_table_create(&t, &p) != 0) {
        die("duetd_table_create");
    }
    return t;
}


static void
meta(struct duetd_session_meta *m)
{
    memset(m, 0, sizeof(*m));
    m->kind = DUETD_SESSION_SIGN;
    snprintf(m->owner, sizeof(m->owner), "signer:bench");
}


static void
cycle_setup(struct cycle_case *c, struct duetd_table *t, size_t len)
{
    struct duetd_session_meta  m;

    c->t = t;
    c->len = len;
    if ((c->blob = malloc(len)) == NULL
        || (c->buf = malloc(TABLE_SLOT)) == NULL)
    {
        die("malloc");
    }
    memset(c->blob, 0x3c, len);
    meta(&m);
    if (duetd_table_insert(t, &m, c->blob, len, c->sid) != 0) {
        die("insert");
    }
}


static void
run_cycle(void *arg, uint64_t iters)
{
    struct cycle_case          *c = arg;
    struct duetd_session_meta   m;
    size_t                      len;
    uint64_t                    i;

    for (i = 0; i < iters; i++) {
        if (duetd_table_acquire(c->t, c->sid, &m, c->buf, TABLE_SLOT, &len)
            != 0 || len != c->len)
        {
            die("acquire");
        }
        m.round++;
        if (duetd_table_release(c->t, c->sid, &m, c->blob, c->len) != 0) {
            die("release");
        }
    }
}


/* The second process: runs n cycles per request, acknowledges each. */
static void
pair_child(struct pair_case *p, int in, int out)
{
    uint64_t  n;
    char      ack = 1;

    for (;;) {
        if (read(in, &n, sizeof(n)) != (ssize_t) sizeof(n) || n == 0) {
            _exit(0);
        }
        run_cycle(&p->c[1], n);
        if (write(out, &ack, 1) != 1) {
            _exit(1);
        }
    }
}


static void
pair_setup(struct pair_case *p, struct duetd_table *t, size_t len)
{
    int  down[2], up[2];

    cycle_setup(&p->c[0], t, len);
    cycle_setup(&p->c[1], t, len);
    if (pipe(down) != 0 || pipe(up) != 0) {
        die("pipe");
    }
    fflush(stdout);
    if ((p->pid = fork()) < 0) {
        die("fork");
    }
    if (p->pid == 0) {
        close(down[1]);
        close(up[0]);
        pair_child(p, down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    p->to_child = down[1];
    p->from_child = up[0];
}


static void
pair_teardown(struct pair_case *p)
{
    uint64_t  zero = 0;
    int       status;

    if (write(p->to_child, &zero, sizeof(zero)) != (ssize_t) sizeof(zero)) {
        die("write");
    }
    close(p->to_child);
    close(p->from_child);
    if (waitpid(p->pid, &status, 0) != p->pid || !WIFEXITED(status)
        || WEXITSTATUS(status) != 0)
    {
        die("the second process");
    }
}


static void
run_pair(void *arg, uint64_t iters)
{
    struct pair_case  *p = arg;
    uint64_t           half = iters / 2;
    char               ack;

    if (half > 0
        && write(p->to_child, &half, sizeof(half)) != (ssize_t) sizeof(half))
    {
        die("write");
    }
    run_cycle(&p->c[0], iters - half);
    if (half > 0 && read(p->from_child, &ack, 1) != 1) {
        die("the second process");
    }
}


static void
run_insert_finish(void *arg, uint64_t iters)
{
    struct cycle_case          *c = arg;
    struct duetd_session_meta   m;
    char                        sid[DUETD_SID_TEXT_MAX];
    size_t                      len;
    uint64_t                    i;

    meta(&m);
    for (i = 0; i < iters; i++) {
        if (duetd_table_insert(c->t, &m, c->blob, c->len, sid) != 0
            || duetd_table_acquire(c->t, sid, &m, c->buf, TABLE_SLOT, &len)
               != 0
            || duetd_table_finish(c->t, sid) != 0)
        {
            die("insert/acquire/finish");
        }
    }
}


static void
mapping_memory(struct duetd_table *t, struct memory *mem)
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
    if ((vec = malloc(n)) == NULL) {
        die("malloc");
    }
    if (mincore(base, size, vec) != 0) {
        die("mincore");
    }
    mem->resident = 0;
    for (k = 0; k < n; k++) {
        mem->resident += (vec[k] & 1) * page;
    }
    free(vec);

    mem->rss = 0;
    if ((f = fopen("/proc/self/smaps", "r")) == NULL) {
        die("/proc/self/smaps");
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
            in = lo == (unsigned long) (uintptr_t) base;
            continue;
        }
        if (in && sscanf(line, "Rss: %lu kB", &kb) == 1) {
            mem->rss = kb * KIB;
        }
    }
    fclose(f);
}


/*
 * One run: a fresh table, n sessions of len bytes inserted, then finished.
 * Out: [0] before, [1] live, [2] finished.
 */
static void
memory_run(size_t len, unsigned n, int no_remove, struct memory out[3])
{
    struct duetd_table         *t;
    struct duetd_session_meta   m;
    char                      (*sids)[DUETD_SID_TEXT_MAX];
    uint8_t                    *blob, *buf;
    size_t                      got;
    unsigned                    k;

    duetd_table_test_no_remove = no_remove;
    t = make_table();
    duetd_table_test_no_remove = 0;
    if ((sids = calloc(n, sizeof(*sids))) == NULL
        || (blob = malloc(len)) == NULL || (buf = malloc(TABLE_SLOT)) == NULL)
    {
        die("malloc");
    }
    memset(blob, 0x77, len);
    meta(&m);
    mapping_memory(t, &out[0]);
    for (k = 0; k < n; k++) {
        if (duetd_table_insert(t, &m, blob, len, sids[k]) != 0) {
            die("insert");
        }
    }
    mapping_memory(t, &out[1]);
    for (k = 0; k < n; k++) {
        if (duetd_table_acquire(t, sids[k], &m, buf, TABLE_SLOT, &got) != 0
            || duetd_table_finish(t, sids[k]) != 0)
        {
            die("finish");
        }
    }
    mapping_memory(t, &out[2]);
    free(sids);
    free(blob);
    free(buf);
    duetd_table_destroy(t);
}


static int
cmp_size(const void *a, const void *b)
{
    size_t  x = *(const size_t *) a, y = *(const size_t *) b;

    return (x > y) - (x < y);
}


/* The median over runs of one figure, in KiB. */
static double
median_kib(size_t *v, int n)
{
    qsort(v, (size_t) n, sizeof(v[0]), cmp_size);
    return (double) v[(n - 1) / 2] / (double) KIB;
}


static void
bench_memory(const char *what, size_t len, unsigned n)
{
    struct memory  mem[3];
    size_t         untouched[5], per[5], per_rss[5], after[5], kept[5];
    int            r;

    for (r = 0; r < mem_runs; r++) {
        memory_run(len, n, 0, mem);
        untouched[r] = mem[0].resident;
        per[r] = (mem[1].resident - mem[0].resident) / n;
        per_rss[r] = (mem[1].rss - mem[0].rss) / n;
        after[r] = mem[2].resident - mem[0].resident;
        memory_run(len, n, 1, mem);
        kept[r] = mem[2].resident - mem[0].resident;
    }
    bench_note(median_kib(untouched, mem_runs),
               "mem/%s: empty table resident KiB", what);
    bench_note(median_kib(per, mem_runs),
               "mem/%s: KiB per live session (shmem)", what);
    bench_note(median_kib(per_rss, mem_runs),
               "mem/%s: KiB per live session (Rss)", what);
    bench_note(median_kib(after, mem_runs),
               "mem/%s: KiB left after finish, %u sessions", what, n);
    bench_note(median_kib(kept, mem_runs),
               "mem/%s: same without MADV_REMOVE", what);
}


int
main(int argc, char **argv)
{
    struct duetd_table  *t;
    struct cycle_case    c256, c64k, cfin;
    struct pair_case     p256, p64k;
    double               ns;
    int                  k;

    bench_init("table", argc, argv);
    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--quick") == 0) {
            mem_runs = 1;
        }
    }
    duetd_log_set_level(DUETD_LOG_WARN);

    t = make_table();
    cycle_setup(&c256, t, 256);
    cycle_setup(&c64k, t, 64 * KIB);
    ns = bench_run("cycle/256B/1proc", run_cycle, &c256, 256);
    bench_note(1e9 / ns, "lookups/s 256B 1 process");
    ns = bench_run("cycle/64KiB/1proc", run_cycle, &c64k, 64 * KIB);
    bench_note(1e9 / ns, "lookups/s 64KiB 1 process");

    pair_setup(&p256, t, 256);
    ns = bench_run("cycle/256B/2proc", run_pair, &p256, 256);
    bench_note(1e9 / ns, "lookups/s 256B 2 processes");
    pair_teardown(&p256);
    pair_setup(&p64k, t, 64 * KIB);
    ns = bench_run("cycle/64KiB/2proc", run_pair, &p64k, 64 * KIB);
    bench_note(1e9 / ns, "lookups/s 64KiB 2 processes");
    pair_teardown(&p64k);
    duetd_table_destroy(t);

    /* The wipe: zeroing, with and without giving the pages back. */
    t = make_table();
    cycle_setup(&cfin, t, 64 * KIB);
    bench_run("insert+finish/64KiB", run_insert_finish, &cfin, 64 * KIB);
    duetd_table_destroy(t);
    duetd_table_test_no_remove = 1;
    t = make_table();
    duetd_table_test_no_remove = 0;
    cfin.t = t;
    bench_run("insert+finish/64KiB/keep", run_insert_finish, &cfin,
              64 * KIB);
    duetd_table_destroy(t);

    bench_memory("sign 64KiB", 64 * KIB, 256);
    bench_memory("dkg 1MiB", MIB, 64);

    return bench_finish();
}
