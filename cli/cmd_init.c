/*
 * cmd_init.c -- `duet init NAME` (create a signer: parties 0 and 2 of key
 * creation against duetd's party 1) and `duet primes warm` (the client's
 * safe primes ahead of time).
 *
 * All or nothing: the passphrases are asked for before key creation, and
 * nothing is written until it has succeeded; the four files are then
 * written with SIGINT and SIGTERM blocked, and those already written are
 * removed if a later one fails.  An interrupted init leaves nothing on
 * this machine; the signer it started stays pending (or failed) on the
 * server, which never activates it without the last round.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_util.h"
#include "cmd.h"
#include "passphrase.h"
#include "sharefile.h"

#define DUET_PRIMES         8          /* four per client party          */
#define DUET_PRIME_MAX      DUET_PRIME_BYTES_128
#define DUET_PRIMES_FILE_MAX  (1024 * 1024)

struct duet_primes {
    uint8_t  p[DUET_PRIMES][DUET_PRIME_MAX];
    size_t   len[DUET_PRIMES];
    size_t   n;
};

struct duet_prime_job {
    struct duet_primes  *primes;
    size_t               first, count;
    int                  level;
    int                  rc;
};

/* Written by the generating threads, read by the progress loop. */
static atomic_int  duet_primes_done;
static atomic_int  duet_primes_failed;


static size_t
duet_level_bytes(int level)
{
    return level == 128 ? DUET_PRIME_BYTES_128
           : level == 112 ? DUET_PRIME_BYTES_112 : 0;
}


static int
duet_level_opt(struct duet_ctx *ctx, int *level)
{
    const char  *s = duet_opt(ctx, "level");

    *level = s == NULL ? 128 : atoi(s);
    if (duet_level_bytes(*level) == 0) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "--level is 128 or 112");
    }
    return DUET_EXIT_OK;
}


static void *
duet_prime_thread(void *arg)
{
    struct duet_prime_job  *j = arg;
    size_t                  i, len;

    for (i = j->first; i < j->first + j->count; i++) {
        len = sizeof(j->primes->p[i]);
        if ((j->rc = duet_safe_prime_generate(j->primes->p[i], &len,
                                              j->level, NULL, NULL)) != 0)
        {
            atomic_store(&duet_primes_failed, 1);
            return NULL;
        }
        j->primes->len[i] = len;
        atomic_fetch_add(&duet_primes_done, 1);
    }
    return NULL;
}


/* n fresh safe primes on two threads, with a progress line on stderr. */
static int
duet_primes_generate(struct duet_ctx *ctx, int level, struct duet_primes *pr,
    size_t n)
{
    struct duet_prime_job  job[2];
    pthread_t              t[2];
    int                    started[2] = { 0, 0 }, i, rc = DUET_EXIT_OK;
    int                    tty = isatty(STDERR_FILENO);
    unsigned               secs = 0;
    int                    done, shown = 0;

    atomic_store(&duet_primes_done, 0);
    atomic_store(&duet_primes_failed, 0);
    for (i = 0; i < 2; i++) {
        job[i].primes = pr;
        job[i].level = level;
        job[i].first = i == 0 ? 0 : n / 2;
        job[i].count = i == 0 ? n / 2 : n - n / 2;
        job[i].rc = 0;
        if (pthread_create(&t[i], NULL, duet_prime_thread, &job[i]) != 0) {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "pthread_create: %s",
                           strerror(errno));
            break;
        }
        started[i] = 1;
    }
    while (rc == DUET_EXIT_OK
           && atomic_load(&duet_primes_done) < (int) n
           && !atomic_load(&duet_primes_failed))
    {
        sleep(1);
        secs++;
        done = atomic_load(&duet_primes_done);
        if (tty) {
            fprintf(stderr, "\rgenerating safe primes: %d of %zu (%u s)",
                    done, n, secs);
        } else if (done != shown) {
            fprintf(stderr, "generated safe prime %d of %zu (%u s)\n",
                    done, n, secs);
            shown = done;
        }
    }
    for (i = 0; i < 2; i++) {
        if (started[i]) {
            (void) pthread_join(t[i], NULL);
        }
    }
    if (tty) {
        fprintf(stderr, "\n");
    }
    if (rc == DUET_EXIT_OK && (job[0].rc != 0 || job[1].rc != 0)) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "safe prime generation: %s",
                       duet_strerror(job[0].rc != 0 ? job[0].rc
                                                    : job[1].rc));
    }
    pr->n = rc == DUET_EXIT_OK ? n : 0;
    return rc;
}


/*
 * Up to want primes of size bytes from text (hex lines, '#' comments),
 * starting at line *from; *from is left after the last line taken.
 */
static int
duet_primes_parse(struct duet_ctx *ctx, const char *what, char *text,
    size_t bytes, struct duet_primes *pr, size_t want, size_t *consumed)
{
    char    *line, *save = NULL, *end;
    size_t   n, len;

    *consumed = 0;
    for (line = strtok_r(text, "\n", &save); line != NULL && pr->n < want;
         line = strtok_r(NULL, "\n", &save))
    {
        end = line + strlen(line);
        *consumed = (size_t) (end - text) + 1;
        while (end > line && isspace((unsigned char) end[-1])) {
            *--end = '\0';
        }
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        len = strlen(line);
        if (len != 2 * bytes
            || duet_hex_decode(pr->p[pr->n], bytes, &n, line, len) != 0
            || n != bytes)
        {
            return duet_fail(ctx, DUET_EXIT_CORRUPT, "%s: a line is not a"
                             " %zu-bit hex prime", what, bytes * 8);
        }
        pr->len[pr->n++] = bytes;
    }
    return DUET_EXIT_OK;
}


static void
duet_primes_path(struct duet_ctx *ctx, int level, char *path, size_t size)
{
    snprintf(path, size, "%s/primes-%d.hex", ctx->home.dir, level);
}


/*
 * Take the primes init needs: --primes-file, else the warmed ones (taken
 * out of the file before use, so that none is ever used twice), else
 * fresh ones.
 */
static int
duet_primes_get(struct duet_ctx *ctx, int level, struct duet_primes *pr)
{
    const char  *file = duet_opt(ctx, "primes-file");
    uint8_t     *data = NULL;
    size_t       len = 0, used = 0, bytes = duet_level_bytes(level);
    char         path[DUET_HOME_PATH_MAX + 32];
    int          rc;

    pr->n = 0;
    if (file == NULL) {
        duet_primes_path(ctx, level, path, sizeof(path));
        file = path;
        if (duet_read_file(path, DUET_PRIMES_FILE_MAX, &data, &len) != 0) {
            if (errno != ENOENT) {
                return duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", path,
                                 strerror(errno));
            }
            duet_note(ctx, "no warmed primes (see 'duet primes warm'):"
                      " generating %d safe primes on two threads",
                      DUET_PRIMES);
            return duet_primes_generate(ctx, level, pr, DUET_PRIMES);
        }
    } else if (duet_read_file(file, DUET_PRIMES_FILE_MAX, &data, &len) != 0)
    {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", file,
                         strerror(errno));
    }
    rc = duet_primes_parse(ctx, file, (char *) data, bytes, pr, DUET_PRIMES,
                           &used);
    if (rc == DUET_EXIT_OK && pr->n < DUET_PRIMES) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s holds %zu primes of level"
                       " %d, init needs %d", file, pr->n, level,
                       DUET_PRIMES);
    }
    if (rc == DUET_EXIT_OK && file == path) {
        /* What is left after the lines taken (strtok_r cut the text). */
        used = used > len ? len : used;
        duet_memclear(data, len);
        free(data);
        data = NULL;
        if (duet_read_file(path, DUET_PRIMES_FILE_MAX, &data, &len) != 0
            || (len - used == 0 ? unlink(path)
                : duet_write_atomic(path, data + used, len - used, 0600, 0))
               != 0)
        {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "cannot take the primes"
                           " out of %s: %s", path, strerror(errno));
        }
    }
    if (data != NULL) {
        duet_memclear(data, len);
        free(data);
    }
    return rc;
}


static void
duet_init_progress(void *arg, int round, int rounds)
{
    (void) arg;
    fprintf(stderr, "key creation: round %d of %d\n", round, rounds);
}


static void
duet_init_sigint(int sig)
{
    static const char  msg[] =
        "\nduet: interrupted: nothing was written here; the signer stays"
        " pending on the server and never becomes active\n";

    ssize_t            n;

    (void) sig;
    n = write(STDERR_FILENO, msg, sizeof(msg) - 1);
    (void) n;
    _exit(130);
}


static int
duet_get_passphrase(struct duet_ctx *ctx, int fd, const char *env,
    const char *prompt, char out[DUET_PASSPHRASE_MAX + 1])
{
    struct duet_passphrase_src  src;
    char                        err[256];

    src.fd = fd;
    src.env = env;
    src.prompt = prompt;
    src.confirm = 1;
    if (duet_passphrase_get(&src, out, err, sizeof(err)) != 0) {
        return duet_fail(ctx, DUET_EXIT_CREDENTIALS, "%s", err);
    }
    return DUET_EXIT_OK;
}


int
duet_cmd_init(struct duet_ctx *ctx)
{
    struct duet_client_signer   signer;
    struct duet_client         *c = NULL;
    struct duet_profile         p;
    struct duet_primes         *pr = NULL;
    struct sigaction            sa, old_int, old_term;
    sigset_t                    block, old_mask;
    const uint8_t              *primes[DUET_PRIMES];
    size_t                      lens[DUET_PRIMES], i, n;
    const char                 *name = ctx->argv[0], *server, *ca;
    char                        pass0[DUET_PASSPHRASE_MAX + 1];
    char                        pass2[DUET_PASSPHRASE_MAX + 1];
    char                        recovery[DUET_HOME_PATH_MAX + 64];
    char                        keyline[80], err[DUET_HOME_ERR_SIZE];
    int                         rc, level, r, wrote = 0, blocked = 0;
    int                         handlers = 0, log2n;

    memset(&signer, 0, sizeof(signer));
    memset(pass0, 0, sizeof(pass0));
    memset(pass2, 0, sizeof(pass2));
    if (!duet_profile_name_ok(name)) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "'%s' is not a profile name"
                         " ([a-z0-9][a-z0-9_-]*, 64 at most)", name);
    }
    if ((rc = duet_level_opt(ctx, &level)) != DUET_EXIT_OK) {
        return rc;
    }
    if ((server = duet_opt(ctx, "server")) == NULL
        && (server = getenv("DUET_SERVER")) == NULL)
    {
        return duet_fail(ctx, DUET_EXIT_USAGE, "init needs --server URL (or"
                         " DUET_SERVER)");
    }
    ca = duet_opt(ctx, "ca-file");
    if ((rc = duet_ctx_home(ctx, 1)) != DUET_EXIT_OK) {
        return rc;
    }
    if (duet_profile_load(&ctx->home, name, &p, err, sizeof(err)) == 0) {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "profile '%s' exists"
                         " already", name);
    }

    memset(&p, 0, sizeof(p));
    snprintf(p.name, sizeof(p.name), "%s", name);
    snprintf(p.server, sizeof(p.server), "%s", server);
    if (ca != NULL) {
        if (ca[0] != '/' && realpath(ca, p.ca_file) == NULL) {
            return duet_fail(ctx, DUET_EXIT_FAILURE, "--ca-file %s: %s", ca,
                             strerror(errno));
        }
        if (ca[0] == '/') {
            snprintf(p.ca_file, sizeof(p.ca_file), "%s", ca);
        }
    }
    p.level = level;
    if (duet_opt(ctx, "network") != NULL) {
        snprintf(p.network, sizeof(p.network), "%s",
                 duet_opt(ctx, "network"));
    }
    snprintf(p.share_file, sizeof(p.share_file), "%s/shares/%s.share",
             ctx->home.dir, name);
    snprintf(p.api_key_file, sizeof(p.api_key_file), "%s/api-keys/%s.key",
             ctx->home.dir, name);
    snprintf(recovery, sizeof(recovery), "%s/shares/%s.recovery",
             ctx->home.dir, name);
    if (access(p.share_file, F_OK) == 0 || access(recovery, F_OK) == 0
        || access(p.api_key_file, F_OK) == 0)
    {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "files of a signer named"
                         " '%s' exist already under %s", name,
                         ctx->home.dir);
    }

    /* Both passphrases first: nobody waits for key creation to be asked. */
    if ((rc = duet_get_passphrase(ctx, ctx->passphrase_fd, "DUET_PASSPHRASE",
                                  "New passphrase for share 0: ", pass0))
        != DUET_EXIT_OK
        || (rc = duet_get_passphrase(ctx, -1, "DUET_RECOVERY_PASSPHRASE",
                                     "New passphrase for the recovery file"
                                     " (share 2): ", pass2)) != DUET_EXIT_OK)
    {
        goto out;
    }
    if (strcmp(pass0, pass2) == 0) {
        rc = duet_fail(ctx, DUET_EXIT_CREDENTIALS, "the recovery file needs"
                       " a passphrase of its own, not share 0's");
        goto out;
    }
    if ((rc = duet_ctx_client(ctx, server, ca, DUET_AUTH_OPERATOR, &c))
        != DUET_EXIT_OK)
    {
        goto out;
    }

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = duet_init_sigint;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, &old_int) != 0
        || sigaction(SIGTERM, &sa, &old_term) != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "sigaction: %s",
                       strerror(errno));
        goto out;
    }
    handlers = 1;

    if ((pr = calloc(1, sizeof(*pr))) == NULL) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
        goto out;
    }
    if ((rc = duet_primes_get(ctx, level, pr)) != DUET_EXIT_OK) {
        goto out;
    }
    for (i = 0; i < DUET_PRIMES; i++) {
        primes[i] = pr->p[i];
        lens[i] = pr->len[i];
    }
    duet_note(ctx, "creating signer '%s' on %s (Ctrl-C leaves nothing"
              " here)", name, server);
    r = duet_client_create_signer(c, name, level, primes, lens,
                                  duet_init_progress, NULL, &signer);
    if (r != 0) {
        rc = duet_ctx_client_fail(ctx, c, r, "key creation");
        goto out;
    }

    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &block, &old_mask) != 0) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "sigprocmask: %s",
                       strerror(errno));
        goto out;
    }
    blocked = 1;
    /* Tests lower the KDF's cost; sharefile.c bounds what it accepts. */
    log2n = getenv("DUET_TEST_SCRYPT_LOG2N") != NULL
            ? atoi(getenv("DUET_TEST_SCRYPT_LOG2N"))
            : DUET_SHAREFILE_LOG2N_DEFAULT;
    snprintf(p.signer_id, sizeof(p.signer_id), "%s", signer.signer_id);
    snprintf(p.address, sizeof(p.address), "%s", signer.eth_address);
    snprintf(keyline, sizeof(keyline), "%s\n", signer.api_key);
    if ((r = duet_sharefile_write(p.share_file, &signer.share[0],
                                  signer.signer_id, level, pass0, log2n))
        != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", p.share_file,
                       duet_sharefile_strerror(r));
        goto out;
    }
    wrote = 1;
    if ((r = duet_sharefile_write(recovery, &signer.share[1],
                                  signer.signer_id, level, pass2, log2n))
        != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", recovery,
                       duet_sharefile_strerror(r));
        goto out;
    }
    wrote = 2;
    if (duet_write_atomic(p.api_key_file, keyline, strlen(keyline), 0600, 1)
        != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", p.api_key_file,
                       strerror(errno));
        goto out;
    }
    wrote = 3;
    if (duet_profile_save(&ctx->home, &p, 0, duet_opt(ctx, "default") != NULL,
                          err, sizeof(err)) != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s", err);
        goto out;
    }
    wrote = 4;

    duet_out(ctx, "profile", "%s", name);
    duet_out(ctx, "signerId", "%s", signer.signer_id);
    duet_out(ctx, "address", "%s", signer.eth_address);
    duet_out(ctx, "publicKey", "%s", signer.public_key);
    duet_out(ctx, "shareFile", "%s", p.share_file);
    duet_out(ctx, "recoveryFile", "%s", recovery);
    duet_out(ctx, "apiKeyFile", "%s", p.api_key_file);
    duet_note(ctx, "Move the recovery file to safe offline storage: with"
              " share 0 it signs without the server (duet cosign).");
    rc = DUET_EXIT_OK;

out:
    if (rc != DUET_EXIT_OK && blocked) {
        /* Key creation succeeded: the server holds an active signer. */
        n = strlen(ctx->err);
        snprintf(ctx->err + n, sizeof(ctx->err) - n, "; signer %s is"
                 " active on the server but nothing of it was kept here:"
                 " revoke it", signer.signer_id);
    }
    if (rc != DUET_EXIT_OK && wrote > 0 && wrote < 4) {
        (void) unlink(p.share_file);
        if (wrote > 1) {
            (void) unlink(recovery);
        }
        if (wrote > 2) {
            (void) unlink(p.api_key_file);
        }
    }
    if (blocked) {
        (void) sigprocmask(SIG_SETMASK, &old_mask, NULL);
    }
    if (handlers) {
        (void) sigaction(SIGINT, &old_int, NULL);
        (void) sigaction(SIGTERM, &old_term, NULL);
    }
    duet_memclear(keyline, sizeof(keyline));
    duet_memclear(pass0, sizeof(pass0));
    duet_memclear(pass2, sizeof(pass2));
    if (pr != NULL) {
        duet_memclear(pr, sizeof(*pr));
        free(pr);
    }
    duet_client_signer_clear(&signer);
    duet_client_free(c);
    return rc;
}


int
duet_cmd_primes_warm(struct duet_ctx *ctx)
{
    struct duet_primes  *pr = NULL;
    const char          *s = duet_opt(ctx, "count");
    uint8_t             *old = NULL, *all = NULL;
    size_t               oldlen = 0, bytes, i, off, total;
    char                 path[DUET_HOME_PATH_MAX + 32];
    int                  rc, level, sets;

    if ((rc = duet_level_opt(ctx, &level)) != DUET_EXIT_OK) {
        return rc;
    }
    sets = s == NULL ? 1 : atoi(s);
    if (sets < 1 || sets > 16) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "--count is 1 to 16 sets");
    }
    if ((rc = duet_ctx_home(ctx, 1)) != DUET_EXIT_OK) {
        return rc;
    }
    bytes = duet_level_bytes(level);
    duet_primes_path(ctx, level, path, sizeof(path));
    if ((pr = calloc(1, sizeof(*pr))) == NULL) {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
    }
    for (; sets > 0 && rc == DUET_EXIT_OK; sets--) {
        if ((rc = duet_primes_generate(ctx, level, pr, DUET_PRIMES))
            != DUET_EXIT_OK)
        {
            break;
        }
        if (duet_read_file(path, DUET_PRIMES_FILE_MAX, &old, &oldlen) != 0)
        {
            if (errno != ENOENT) {
                rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", path,
                               strerror(errno));
                break;
            }
            old = NULL;
            oldlen = 0;
        }
        total = oldlen + DUET_PRIMES * (2 * bytes + 1);
        if ((all = malloc(total + 1)) == NULL) {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
            break;
        }
        if (oldlen > 0) {
            memcpy(all, old, oldlen);
        }
        off = oldlen;
        for (i = 0; i < DUET_PRIMES; i++) {
            if (duet_hex_encode((char *) all + off, total + 1 - off,
                                pr->p[i], bytes) != 0)
            {
                rc = duet_fail(ctx, DUET_EXIT_FAILURE, "hex encoding");
                break;
            }
            off += 2 * bytes;
            all[off++] = '\n';
        }
        if (rc == DUET_EXIT_OK
            && duet_write_atomic(path, all, off, 0600, 0) != 0)
        {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", path,
                           strerror(errno));
        }
        if (old != NULL) {
            duet_memclear(old, oldlen);
            free(old);
            old = NULL;
        }
        duet_memclear(all, total + 1);
        free(all);
        all = NULL;
    }
    duet_memclear(pr, sizeof(*pr));
    free(pr);
    if (rc == DUET_EXIT_OK) {
        duet_out(ctx, "primesFile", "%s", path);
        duet_out(ctx, "level", "%d", level);
    }
    return rc;
}
