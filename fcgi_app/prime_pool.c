/*
 * prime_pool.c -- see prime_pool.h.
 *
 * Processes: supervisor -> keeper -> generators.  The keeper blocks its
 * signals and reads SIGTERM/SIGINT from a signalfd, so one poll() waits
 * for a stop request, for generator output and for the one-second tick
 * that re-reads the pool's size (workers' claims lower it).  Each
 * generator writes exactly one prime to its own pipe and exits; EOF on
 * the pipe is the keeper's cue to reap it.
 *
 * Every prime is a secret from the moment it exists: buffers are wiped on
 * every path and nothing here logs a byte of one.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "duet_aux.h"
#include "duet_session.h"
#include "duet_util.h"
#include "kms.h"
#include "log.h"
#include "prime_pool.h"
#include "store.h"
#include "uuid.h"

#define DUETD_PRIME_CLAIM        4      /* p, q, p-hat, q-hat             */
#define DUETD_PRIME_GEN_MAX      64     /* cap on prime_generators        */
#define DUETD_PRIME_TICK_MS      1000
#define DUETD_PRIME_KIND         "primes/"

struct duetd_prime_gen {
    pid_t     pid;                      /* 0: slot free                   */
    int       fd;                       /* read end of its pipe           */
    size_t    got;
    /* One byte more than any prime, to notice a generator that writes
     * too much. */
    uint8_t   buf[DUETD_PRIME_MAX_BYTES + 1];
};

struct duetd_prime_keeper {
    const struct duetd_config  *cfg;
    struct duetd_store         *store;
    struct duetd_kms           *kms;
    unsigned                    bits;
    size_t                      bytes;
    unsigned                    max_gen;
    unsigned                    running;
    int                         filling;
    unsigned                    shown_avail, shown_running; /* last logged */
    int                         shown;
    struct duetd_prime_gen      gen[DUETD_PRIME_GEN_MAX];
};


unsigned
duetd_prime_bits(int level)
{
    switch (level) {
    case DUET_LEVEL_112:
        return 1024;
    case DUET_LEVEL_128:
        return 1536;
    default:
        return 0;
    }
}


static int
duetd_prime_name(char *name, size_t size, const char *id)
{
    int  n;

    n = snprintf(name, size, DUETD_PRIME_KIND "%s", id);
    return n < 0 || (size_t) n >= size ? -1 : 0;
}


/* --- workers ------------------------------------------------------------ */

int
duetd_prime_pool_claim(struct duetd_store *s, struct duetd_kms *k,
    int level, uint8_t primes[4][DUETD_PRIME_MAX_BYTES], size_t lens[4])
{
    char      ids[DUETD_PRIME_CLAIM][DUETD_UUID_SIZE];
    char      name[DUETD_KMS_NAME_MAX];
    uint8_t  *data = NULL;
    size_t    len = 0, bytes;
    unsigned  bits, i, done = 0;
    int       rc, r = DUETD_PRIME_ERROR;

    memset(lens, 0, DUETD_PRIME_CLAIM * sizeof(lens[0]));
    bits = duetd_prime_bits(level);
    if (bits == 0) {
        duetd_log_error("prime pool: no prime size for level %d", level);
        return DUETD_PRIME_ERROR;
    }
    bytes = bits / 8;

    rc = duetd_store_prime_claim(s, bits, DUETD_PRIME_CLAIM, ids);
    if (rc == DUETD_STORE_NOT_FOUND) {
        return DUETD_PRIME_EMPTY;
    }
    if (rc != DUETD_STORE_OK) {
        return DUETD_PRIME_ERROR;
    }

    /* Claimed rows are ours alone: no other process can load these. */
    for (i = 0; i < DUETD_PRIME_CLAIM; i++) {
        if (duetd_prime_name(name, sizeof(name), ids[i]) != 0) {
            duetd_log_error("prime pool: bad prime id");
            goto out;
        }
        rc = duetd_kms_load(k, name, &data, &len);
        if (rc != DUETD_KMS_OK) {
            duetd_log_error("prime pool: cannot load %s: %s", name,
                            duetd_kms_strerror(rc));
            goto out;
        }
        if (len != bytes) {
            duetd_log_error("prime pool: %s holds %zu bytes, expected %zu",
                            name, len, bytes);
            goto out;
        }
        memcpy(primes[i], data, len);
        lens[i] = len;
        duetd_kms_free(data, len);
        data = NULL;
    }

    /* Used once: gone from the KMS and the index before anyone uses it. */
    for (done = 0; done < DUETD_PRIME_CLAIM; done++) {
        if (duetd_prime_name(name, sizeof(name), ids[done]) != 0) {
            goto out;
        }
        rc = duetd_kms_delete(k, name);
        if (rc != DUETD_KMS_OK) {
            duetd_log_error("prime pool: cannot delete %s: %s", name,
                            duetd_kms_strerror(rc));
            goto out;
        }
        if (duetd_store_prime_forget(s, ids[done]) != DUETD_STORE_OK) {
            duetd_log_error("prime pool: cannot forget prime %s", ids[done]);
            done++;
            goto out;
        }
    }
    r = DUETD_PRIME_OK;
out:
    if (data != NULL) {
        duetd_kms_free(data, len);
    }
    if (r != DUETD_PRIME_OK) {
        duet_memclear(primes, DUETD_PRIME_CLAIM * sizeof(primes[0]));
        memset(lens, 0, DUETD_PRIME_CLAIM * sizeof(lens[0]));
        /*
         * The claimed primes are never handed out again, whatever happens
         * here; try to delete them so they do not linger in the KMS.  A
         * row whose object cannot be deleted stays claimed.
         */
        for (i = done; i < DUETD_PRIME_CLAIM; i++) {
            if (duetd_prime_name(name, sizeof(name), ids[i]) != 0) {
                continue;
            }
            rc = duetd_kms_delete(k, name);
            if (rc == DUETD_KMS_OK || rc == DUETD_KMS_NOT_FOUND) {
                (void) duetd_store_prime_forget(s, ids[i]);
            }
        }
    }
    return r;
}


int
duetd_prime_pool_size(struct duetd_store *s, int level, unsigned *n)
{
    unsigned  bits = duetd_prime_bits(level);

    *n = 0;
    if (bits == 0) {
        duetd_log_error("prime pool: no prime size for level %d", level);
        return DUETD_PRIME_ERROR;
    }
    return duetd_store_prime_count(s, bits, n) == DUETD_STORE_OK
           ? DUETD_PRIME_OK : DUETD_PRIME_ERROR;
}


/* --- generators --------------------------------------------------------- */

static int
duetd_prime_write_all(int fd, const uint8_t *p, size_t len)
{
    ssize_t  n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        p += n;
        len -= (size_t) n;
    }
    return 0;
}


/* A generator child: one safe prime down the pipe, then exit. */
static void __attribute__((noreturn))
duetd_prime_generator(int fd, int level, pid_t keeper)
{
    uint8_t    p[DUETD_PRIME_MAX_BYTES];
    size_t     len = sizeof(p);
    sigset_t   none;
    int        code = 1;

    /* The keeper blocks SIGTERM for its signalfd; we must die of it. */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0
        || signal(SIGTERM, SIG_DFL) == SIG_ERR
        || signal(SIGINT, SIG_DFL) == SIG_ERR
        || sigemptyset(&none) != 0
        || sigprocmask(SIG_SETMASK, &none, NULL) != 0
        || getppid() != keeper)
    {
        _exit(1);
    }
    /* Background work: let the request workers have the CPU first. */
    errno = 0;
    if (nice(10) == -1 && errno != 0) {
        duetd_log_debug("prime generator: nice: %s", strerror(errno));
    }
    if (duet_safe_prime_generate(p, &len, level, NULL, NULL) == 0
        && duetd_prime_write_all(fd, p, len) == 0)
    {
        code = 0;
    }
    duet_memclear(p, sizeof(p));
    (void) close(fd);
    _exit(code);
}


static int
duetd_prime_spawn(struct duetd_prime_keeper *kp, struct duetd_prime_gen *g)
{
    int    fds[2];
    pid_t  pid, self = getpid();

    if (pipe2(fds, O_CLOEXEC) != 0) {
        duetd_log_error("prime pool: pipe: %s", strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        duetd_log_error("prime pool: fork: %s", strerror(errno));
        (void) close(fds[0]);
        (void) close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        (void) close(fds[0]);
        duetd_prime_generator(fds[1], kp->cfg->level, self);
    }
    /* Closed at once, so that no later generator inherits this write end
     * and the pipe reaches EOF when this generator exits. */
    (void) close(fds[1]);
    g->pid = pid;
    g->fd = fds[0];
    g->got = 0;
    kp->running++;
    return 0;
}


/* Keep a finished generator's prime: KMS first, then the index. */
static int
duetd_prime_keep(struct duetd_prime_keeper *kp, const uint8_t *p,
    size_t len)
{
    char  id[DUETD_UUID_SIZE], name[DUETD_KMS_NAME_MAX];
    int   rc;

    /* A safe prime of the level's size: top bit set, odd. */
    if (len != kp->bytes || (p[0] & 0x80) == 0 || (p[len - 1] & 1) == 0) {
        duetd_log_error("prime pool: a generator returned a malformed "
                        "prime (%zu bytes)", len);
        return -1;
    }
    if (duetd_uuid_v4(id) != 0
        || duetd_prime_name(name, sizeof(name), id) != 0)
    {
        return -1;
    }
    rc = duetd_kms_store(kp->kms, name, p, len);
    if (rc != DUETD_KMS_OK) {
        duetd_log_error("prime pool: cannot store %s: %s", name,
                        duetd_kms_strerror(rc));
        return -1;
    }
    if (duetd_store_prime_add(kp->store, id, kp->bits) != DUETD_STORE_OK) {
        duetd_log_error("prime pool: cannot index %s", name);
        (void) duetd_kms_delete(kp->kms, name);
        return -1;
    }
    duetd_log_debug("prime pool: stored %s", name);
    return 0;
}


/*
 * Reap a generator whose pipe ended (or that must stop: kill it first).
 * Returns 1 when it delivered a prime that is now kept, else 0.
 */
static int
duetd_prime_reap(struct duetd_prime_keeper *kp, struct duetd_prime_gen *g,
    int kill_it)
{
    int  status = 0, kept = 0;

    if (kill_it) {
        (void) kill(g->pid, SIGTERM);
    }
    (void) close(g->fd);
    while (waitpid(g->pid, &status, 0) < 0 && errno == EINTR) {
        continue;
    }
    if (!kill_it) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            kept = duetd_prime_keep(kp, g->buf, g->got) == 0;
        } else {
            duetd_log_warn("prime pool: generator %ld failed (status %d)",
                           (long) g->pid, status);
        }
    }
    duet_memclear(g->buf, sizeof(g->buf));
    g->pid = 0;
    g->fd = -1;
    g->got = 0;
    kp->running--;
    return kept;
}


/* Read what generator g has written.  Returns 1 if it kept a prime. */
static int
duetd_prime_read(struct duetd_prime_keeper *kp, struct duetd_prime_gen *g)
{
    ssize_t  n;

    if (g->got == sizeof(g->buf)) {
        duetd_log_error("prime pool: generator %ld wrote too much",
                        (long) g->pid);
        g->got = 0;
        (void) duetd_prime_reap(kp, g, 1);
        return 0;
    }
    n = read(g->fd, g->buf + g->got, sizeof(g->buf) - g->got);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) {
            return 0;
        }
        duetd_log_error("prime pool: read: %s", strerror(errno));
        (void) duetd_prime_reap(kp, g, 1);
        return 0;
    }
    if (n > 0) {
        g->got += (size_t) n;
        return 0;
    }
    return duetd_prime_reap(kp, g, 0);
}


/* --- the keeper --------------------------------------------------------- */

static void
duetd_prime_progress(struct duetd_prime_keeper *kp, unsigned avail)
{
    if (kp->shown && kp->shown_avail == avail
        && kp->shown_running == kp->running)
    {
        return;
    }
    duetd_log_info("prime pool: %u/%u available, %u generating", avail,
                   kp->cfg->prime_target, kp->running);
    kp->shown = 1;
    kp->shown_avail = avail;
    kp->shown_running = kp->running;
}


/*
 * Re-read the pool's size and start generators: below the low watermark
 * the keeper fills up to the target, and then rests until the pool falls
 * below the watermark again.
 */
static void
duetd_prime_check(struct duetd_prime_keeper *kp)
{
    unsigned  avail, i;

    if (duetd_store_prime_count(kp->store, kp->bits, &avail)
        != DUETD_STORE_OK)
    {
        return;
    }
    if (avail < kp->cfg->prime_low_watermark) {
        kp->filling = 1;
    }
    if (avail >= kp->cfg->prime_target) {
        kp->filling = 0;
    }
    for (i = 0; i < kp->max_gen && kp->filling; i++) {
        if (avail + kp->running >= kp->cfg->prime_target) {
            break;
        }
        if (kp->gen[i].pid == 0 && duetd_prime_spawn(kp, &kp->gen[i]) != 0) {
            break;
        }
    }
    duetd_prime_progress(kp, avail);
}


static int64_t
duetd_prime_now_ms(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


static int
duetd_prime_signals(int *sfd)
{
    sigset_t  set;

    /* The supervisor's mask and dispositions are not ours: set both. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    if (sigprocmask(SIG_SETMASK, &set, NULL) != 0
        || signal(SIGHUP, SIG_IGN) == SIG_ERR
        || signal(SIGPIPE, SIG_IGN) == SIG_ERR
        || signal(SIGCHLD, SIG_DFL) == SIG_ERR)
    {
        return -1;
    }
    *sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    return *sfd < 0 ? -1 : 0;
}


static void __attribute__((noreturn))
duetd_prime_keeper_run(const struct duetd_config *cfg, pid_t parent)
{
    static struct duetd_prime_keeper  kp;
    struct pollfd                     pfd[1 + DUETD_PRIME_GEN_MAX];
    struct duetd_prime_gen           *slot[1 + DUETD_PRIME_GEN_MAX];
    int64_t                           next, now;
    unsigned                          i, n;
    int                               sfd = -1, code = 1, timeout, rc;

    memset(&kp, 0, sizeof(kp));
    kp.cfg = cfg;
    kp.bits = duetd_prime_bits(cfg->level);
    kp.bytes = kp.bits / 8;
    kp.max_gen = cfg->prime_generators == 0 ? 1 : cfg->prime_generators;
    if (kp.max_gen > DUETD_PRIME_GEN_MAX) {
        kp.max_gen = DUETD_PRIME_GEN_MAX;
    }
    for (i = 0; i < DUETD_PRIME_GEN_MAX; i++) {
        kp.gen[i].fd = -1;
    }

    /* Die with the supervisor; keep primes out of core dumps. */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0
        || prctl(PR_SET_DUMPABLE, 0) != 0)
    {
        duetd_log_error("prime keeper: prctl: %s", strerror(errno));
        goto out;
    }
    if (getppid() != parent) {
        goto out;
    }
    if (duetd_prime_signals(&sfd) != 0) {
        duetd_log_error("prime keeper: signal set-up: %s", strerror(errno));
        goto out;
    }
    if (duetd_store_open(cfg, &kp.store) != 0
        || duetd_kms_open(cfg, &kp.kms) != 0)
    {
        goto out;
    }

    next = duetd_prime_now_ms();
    for ( ;; ) {
        now = duetd_prime_now_ms();
        if (now >= next) {
            duetd_prime_check(&kp);
            next = now + DUETD_PRIME_TICK_MS;
        }

        n = 0;
        pfd[n].fd = sfd;
        pfd[n].events = POLLIN;
        slot[n++] = NULL;
        for (i = 0; i < DUETD_PRIME_GEN_MAX; i++) {
            if (kp.gen[i].pid != 0) {
                pfd[n].fd = kp.gen[i].fd;
                pfd[n].events = POLLIN;
                slot[n++] = &kp.gen[i];
            }
        }
        timeout = (int) (next - duetd_prime_now_ms());
        rc = poll(pfd, n, timeout < 0 ? 0 : timeout);
        if (rc < 0) {
            if (errno == EINTR) {
                continue;
            }
            duetd_log_error("prime keeper: poll: %s", strerror(errno));
            goto out;
        }
        if (pfd[0].revents != 0) {
            duetd_log_info("prime keeper: stopping");
            code = 0;
            goto out;
        }
        for (i = 1; i < n; i++) {
            if (pfd[i].revents != 0 && duetd_prime_read(&kp, slot[i])) {
                /* A prime arrived: its slot may start the next one now. */
                next = 0;
            }
        }
    }

out:
    for (i = 0; i < DUETD_PRIME_GEN_MAX; i++) {
        if (kp.gen[i].pid != 0) {
            (void) duetd_prime_reap(&kp, &kp.gen[i], 1);
        }
    }
    duetd_kms_destroy(kp.kms);
    duetd_store_close(kp.store);
    if (sfd >= 0) {
        (void) close(sfd);
    }
    /* _exit: the supervisor's atexit handlers and stdio are not ours. */
    _exit(code);
}


pid_t
duetd_prime_keeper_start(const struct duetd_config *cfg, int listen_fd)
{
    pid_t  parent = getpid(), pid;

    if (duetd_prime_bits(cfg->level) == 0) {
        duetd_log_error("prime keeper: no prime size for level %d",
                        cfg->level);
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        duetd_log_error("prime keeper: fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* nginx must never reach the keeper: it serves nothing. */
        if (listen_fd >= 0) {
            (void) close(listen_fd);
        }
        duetd_prime_keeper_run(cfg, parent);
    }
    duetd_log_info("prime keeper %ld started", (long) pid);
    return pid;
}
