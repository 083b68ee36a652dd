/*
 * prime-pool-t.c -- tests for the prime pool (prime_pool.h): a real keeper
 * and real generator processes, a real SQLite store and the real file KMS,
 * at level 112 (1024-bit primes) with a small pool (target 5, low
 * watermark 3, 2 generators).
 *
 * The keeper fills the pool; a claim returns four distinct safe primes
 * (checked with OpenSSL) and removes them from the store and the KMS; a
 * claim with fewer than four left is EMPTY and the keeper then refills;
 * SIGTERM stops the keeper and its generators; a keeper killed outright
 * takes its generators with it (PR_SET_PDEATHSIG).
 *
 * The test makes itself a child subreaper so that orphaned generators are
 * reparented to it and can be waited for here.
 */

#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <sqlite3.h>

#include "basic.h"
#include "duet.h"
#include "duet_session.h"
#include "duet_util.h"
#include "kms.h"
#include "log.h"
#include "options.h"
#include "prime_pool.h"
#include "store.h"

#define TARGET       5
#define LOW          3
#define GENERATORS   2
#define FILL_SECS    600        /* a loaded 2-core machine is slow */
#define MAX_GEN      16

static char  *tmpdir;


static double
now_s(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}


static void
nap_ms(long ms)
{
    struct timespec  ts = { ms / 1000, (ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        continue;
    }
}


static unsigned
pool_size(struct duetd_store *s)
{
    unsigned  n = 0;

    if (duetd_prime_pool_size(s, DUET_LEVEL_112, &n) != DUETD_PRIME_OK) {
        bail("duetd_prime_pool_size failed");
    }
    return n;
}


/* Wait until the pool holds `want`; returns the seconds it took, or -1. */
static double
wait_for_size(struct duetd_store *s, unsigned want)
{
    double  t0 = now_s();

    while (now_s() - t0 < FILL_SECS) {
        if (pool_size(s) >= want) {
            return now_s() - t0;
        }
        nap_ms(50);
    }
    return -1;
}


/* Children of pid, from /proc (the generators of a keeper). */
static size_t
children_of(pid_t pid, pid_t *out, size_t max)
{
    DIR            *d;
    struct dirent  *e;
    char            path[300], buf[512], *p;
    size_t          n = 0;
    FILE           *f;
    long            ppid;

    d = opendir("/proc");
    if (d == NULL) {
        sysbail("opendir /proc");
    }
    while ((e = readdir(d)) != NULL && n < max) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') {
            continue;
        }
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        f = fopen(path, "r");
        if (f == NULL) {
            continue;
        }
        p = fgets(buf, sizeof(buf), f);
        fclose(f);
        /* "pid (comm) state ppid ...": comm may hold anything. */
        if (p == NULL || (p = strrchr(buf, ')')) == NULL
            || sscanf(p + 1, " %*c %ld", &ppid) != 1)
        {
            continue;
        }
        if (ppid == (long) pid) {
            out[n++] = (pid_t) atol(e->d_name);
        }
    }
    closedir(d);
    return n;
}


/*
 * Wait for the keeper's generators: all GENERATORS of them, or after a
 * grace second whatever runs (a fast one may have finished).  Returns how
 * many, 0 if none ever showed.
 */
static size_t
wait_for_generators(pid_t keeper, pid_t *gens)
{
    double  t0 = now_s(), first = 0;
    size_t  n;

    while (now_s() - t0 < 30) {
        n = children_of(keeper, gens, MAX_GEN);
        if (n >= GENERATORS || (n > 0 && first > 0 && now_s() - first > 1))
        {
            return n;
        }
        if (n > 0 && first == 0) {
            first = now_s();
        }
        nap_ms(5);
    }
    return 0;
}


/* waitpid with a deadline.  Returns 1 with *status, or 0 on timeout. */
static int
wait_exit(pid_t pid, int *status, double secs)
{
    double  t0 = now_s();
    pid_t   r;

    while (now_s() - t0 < secs) {
        r = waitpid(pid, status, WNOHANG);
        if (r == pid) {
            return 1;
        }
        if (r < 0 && errno != EINTR) {
            return 0;
        }
        nap_ms(10);
    }
    return 0;
}


/* The available prime ids, straight from the file. */
static size_t
available_ids(const char *db_path, char ids[][DUETD_UUID_SIZE], size_t max)
{
    sqlite3       *db = NULL;
    sqlite3_stmt  *st = NULL;
    size_t         n = 0;

    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL)
        != SQLITE_OK
        || sqlite3_prepare_v2(db, "SELECT id FROM prime_pool"
                              " ORDER BY created_at, id", -1, &st,
                              NULL) != SQLITE_OK)
    {
        bail("reading %s: %s", db_path, sqlite3_errmsg(db));
    }
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(ids[n++], DUETD_UUID_SIZE, "%s",
                 (const char *) sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}


/* p is a safe prime: p and (p-1)/2 both prime. */
static int
is_safe_prime(const uint8_t *p, size_t len)
{
    BIGNUM  *a = BN_bin2bn(p, (int) len, NULL), *q = BN_new();
    BN_CTX  *ctx = BN_CTX_new();
    int      r = 0;

    if (a != NULL && q != NULL && ctx != NULL
        && BN_check_prime(a, ctx, NULL) == 1
        && BN_rshift1(q, a) == 1
        && BN_check_prime(q, ctx, NULL) == 1)
    {
        r = 1;
    }
    BN_clear_free(a);
    BN_clear_free(q);
    BN_CTX_free(ctx);
    return r;
}


static void
check_claimed(uint8_t primes[4][DUETD_PRIME_MAX_BYTES], size_t lens[4])
{
    unsigned  i, j, good_len = 0, top = 0, safe = 0, distinct = 1;

    for (i = 0; i < 4; i++) {
        good_len += lens[i] == 128;
        top += (primes[i][0] & 0x80) != 0;
        safe += lens[i] == 128 && is_safe_prime(primes[i], lens[i]);
        for (j = 0; j < i; j++) {
            if (memcmp(primes[i], primes[j], 128) == 0) {
                distinct = 0;
            }
        }
    }
    is_int(4, good_len, "four primes of 128 bytes");
    is_int(4, top, "each with its top bit set (exactly 1024 bits)");
    ok(distinct, "all four distinct");
    is_int(4, safe, "all four are safe primes (OpenSSL BN_check_prime)");
}


static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void) sb;
    (void) ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}


int
main(int argc, char **argv)
{
    struct duetd_config   cfg;
    struct duetd_store   *s = NULL;
    struct duetd_kms     *k = NULL;
    uint8_t               primes[4][DUETD_PRIME_MAX_BYTES];
    size_t                lens[4];
    char                  before[16][DUETD_UUID_SIZE];
    char                  after[16][DUETD_UUID_SIZE];
    char                  kms_dir[512], key_file[600], db[600];
    char                  name[DUETD_KMS_NAME_MAX];
    uint8_t              *data;
    size_t                nb, na, i, j, ngen, gone, len;
    pid_t                 keeper, gens[MAX_GEN];
    unsigned              zero;
    double                secs;
    int                   status, rc, found;

    tap_init(argc, argv);
    plan_lazy();
    /* As duetd's main() does; libcurl (the Vault backend) loads GnuTLS,
     * which replaces GMP's allocator first. */
    if (duet_init_displacing() != 0) {
        bail("duet_init_displacing");
    }
    duetd_log_set_level(DUETD_LOG_INFO);
    tmpdir = test_tmpdir();
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
        sysbail("PR_SET_CHILD_SUBREAPER");
    }

    is_int(1024, duetd_prime_bits(DUET_LEVEL_112), "1024-bit primes at 112");
    is_int(1536, duetd_prime_bits(DUET_LEVEL_128), "1536-bit primes at 128");
    is_int(0, duetd_prime_bits(7), "none at an unknown level");

    snprintf(kms_dir, sizeof(kms_dir), "%s/kms", tmpdir);
    snprintf(key_file, sizeof(key_file), "%s/master.key", kms_dir);
    snprintf(db, sizeof(db), "%s/duet.sqlite3", tmpdir);
    memset(&cfg, 0, sizeof(cfg));
    cfg.data_dir = tmpdir;
    cfg.level = DUET_LEVEL_112;
    cfg.allow_insecure_level = 1;
    cfg.kms_backend = DUETD_KMS_FILE;
    cfg.kms_dir = kms_dir;
    cfg.kms_master_key_file = key_file;
    cfg.prime_target = TARGET;
    cfg.prime_low_watermark = LOW;
    cfg.prime_generators = GENERATORS;
    if (duetd_store_prepare(&cfg) != 0 || duetd_kms_prepare(&cfg) != 0) {
        bail("preparing the store and the KMS");
    }

    /* Fill. */
    keeper = duetd_prime_keeper_start(&cfg, -1);
    ok(keeper > 0, "the keeper starts");
    if (keeper <= 0) {
        bail("no keeper");
    }
    if (duetd_store_open(&cfg, &s) != 0 || duetd_kms_open(&cfg, &k) != 0) {
        bail("opening the store and the KMS");
    }
    secs = wait_for_size(s, TARGET);
    ok(secs >= 0, "the keeper fills the pool to %d", TARGET);
    diag("filled in %.1f s", secs);
    if (secs < 0) {
        kill(keeper, SIGKILL);
        bail("the pool never filled");
    }
    nap_ms(1500);
    is_int(TARGET, pool_size(s), "and no further");

    /* Stopped, the keeper cannot refill between the two claims below. */
    kill(keeper, SIGSTOP);
    nb = available_ids(db, before, 16);
    is_int(TARGET, (long long) nb, "%d rows in the index", TARGET);
    rc = duetd_prime_pool_claim(s, k, DUET_LEVEL_112, primes, lens);
    is_int(DUETD_PRIME_OK, rc, "claim four");
    if (rc == DUETD_PRIME_OK) {
        check_claimed(primes, lens);
    }
    is_int(TARGET - 4, pool_size(s), "one left available");
    na = available_ids(db, after, 16);
    is_int(TARGET - 4, (long long) na, "claimed rows are gone");
    gone = 0;
    for (i = 0; i < nb; i++) {
        found = 0;
        for (j = 0; j < na; j++) {
            found |= strcmp(before[i], after[j]) == 0;
        }
        if (found) {
            continue;
        }
        snprintf(name, sizeof(name), "primes/%.36s", before[i]);
        data = NULL;
        len = 0;
        if (duetd_kms_load(k, name, &data, &len) == DUETD_KMS_NOT_FOUND) {
            gone++;
        }
        duetd_kms_free(data, len);
    }
    is_int(4, (long long) gone, "claimed primes are gone from the KMS");
    snprintf(name, sizeof(name), "primes/%.36s", after[0]);
    data = NULL;
    len = 0;
    is_int(DUETD_KMS_OK, duetd_kms_load(k, name, &data, &len),
           "the unclaimed one is still in the KMS");
    is_int(128, (long long) len, "with its 128 bytes");
    duetd_kms_free(data, len);
    duet_memclear(primes, sizeof(primes));

    memset(primes, 0xa5, sizeof(primes));
    rc = duetd_prime_pool_claim(s, k, DUET_LEVEL_112, primes, lens);
    is_int(DUETD_PRIME_EMPTY, rc, "a claim with one left is EMPTY");
    is_int(TARGET - 4, pool_size(s), "and takes nothing");
    zero = 1;
    for (i = 0; i < 4; i++) {
        zero &= lens[i] == 0;
    }
    ok(zero, "and returns no lengths");
    is_int(DUETD_PRIME_ERROR,
           duetd_prime_pool_claim(s, k, 7, primes, lens),
           "a claim at an unknown level is an ERROR");

    /* Refill. */
    kill(keeper, SIGCONT);
    secs = wait_for_size(s, TARGET);
    ok(secs >= 0, "below the watermark, the keeper refills to %d", TARGET);
    diag("refilled in %.1f s", secs);

    /* A prime missing from the KMS: ERROR, nothing handed out. */
    kill(keeper, SIGSTOP);
    nb = available_ids(db, before, 16);
    snprintf(name, sizeof(name), "primes/%.36s", before[0]);
    is_int(DUETD_KMS_OK, duetd_kms_delete(k, name),
           "delete the next claim's first prime behind the pool's back");
    memset(primes, 0xa5, sizeof(primes));
    rc = duetd_prime_pool_claim(s, k, DUET_LEVEL_112, primes, lens);
    is_int(DUETD_PRIME_ERROR, rc, "a claim that cannot load is an ERROR");
    zero = 1;
    for (i = 0; i < 4; i++) {
        zero &= lens[i] == 0;
        for (j = 0; j < DUETD_PRIME_MAX_BYTES; j++) {
            zero &= primes[i][j] == 0;
        }
    }
    ok(zero, "and wipes primes[] and lens[]");
    na = available_ids(db, after, 16);
    is_int(1, (long long) na, "the four claimed rows are not handed out again");
    is_int(1, pool_size(s), "one left available");
    kill(keeper, SIGCONT);
    secs = wait_for_size(s, TARGET);
    ok(secs >= 0, "refilled again");

    /* SIGTERM: the keeper stops and takes its generators with it. */
    rc = duetd_prime_pool_claim(s, k, DUET_LEVEL_112, primes, lens);
    is_int(DUETD_PRIME_OK, rc, "claim four again");
    duet_memclear(primes, sizeof(primes));
    ngen = wait_for_generators(keeper, gens);
    ok(ngen > 0 && ngen <= GENERATORS, "1..%d generators running (%zu)",
       GENERATORS, ngen);
    kill(keeper, SIGTERM);
    ok(wait_exit(keeper, &status, 30) && WIFEXITED(status)
       && WEXITSTATUS(status) == 0, "SIGTERM: the keeper exits 0");
    gone = 0;
    for (i = 0; i < ngen; i++) {
        gone += kill(gens[i], 0) != 0 && errno == ESRCH;
    }
    is_int((long long) ngen, (long long) gone,
           "its generators were stopped and reaped");

    /* SIGKILL: nobody cleans up, PR_SET_PDEATHSIG stops the generators. */
    keeper = duetd_prime_keeper_start(&cfg, -1);
    ok(keeper > 0, "a new keeper starts");
    ngen = wait_for_generators(keeper, gens);
    ok(ngen > 0, "it starts generators (%zu)", ngen);
    kill(keeper, SIGKILL);
    ok(wait_exit(keeper, &status, 30) && WIFSIGNALED(status),
       "the keeper is killed");
    gone = 0;
    for (i = 0; i < ngen; i++) {
        /* Orphans come to us, the subreaper. */
        if (wait_exit(gens[i], &status, 30) && WIFSIGNALED(status)
            && WTERMSIG(status) == SIGTERM)
        {
            gone++;
        }
    }
    is_int((long long) ngen, (long long) gone,
           "its generators die of SIGTERM with it");

    duetd_kms_destroy(k);
    duetd_store_close(s);
    if (nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0
        || mkdir(tmpdir, 0700) != 0)
    {
        diag("cleaning %s: %s", tmpdir, strerror(errno));
    }
    test_tmpdir_free(tmpdir);
    return 0;
}
