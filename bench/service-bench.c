/*
 * service-bench.c -- duet as a service: the real nginx in front of the real
 * duetd (scripts/run-local on loopback, TLS, two workers), driven by the
 * client library (cli/client.h) exactly as a bot would drive it.
 *
 * Per security level:
 *
 *   creation   wall time of duet_client_create_signer: POST /signers and
 *              the four DKG rounds, parties 0 and 2 in this process (their
 *              primes given: the published test primes), party 1 in duetd
 *              with its prime pool warm (the bench waits until the pool
 *              holds enough primes for every creation before timing);
 *   latency    wall time of one EIP-191 signature with pair {0, 1}: create
 *              the session, four rounds, complete; median and p90;
 *   throughput signatures per second with two bots signing at once (two
 *              threads, one client each, the same signer).
 *
 * Targets (issue 5): creation <= 5 s at level 128 with a warm pool, and
 * signing through nginx <= 1.0 s at level 128.  Reported, never asserted.
 * Results: printed, and with --out=DIR written to DIR/service.json.
 *
 * The session-table numbers (lookups per second, memory per live session)
 * are bench/table-bench's.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/evp.h>

#include "client.h"
#include "duet.h"
#include "duet_aux.h"
#include "duet_session.h"
#include "duet_util.h"

#define SB_MAX_SAMPLES   256
#define SB_MAX_PRIMES    64
#define SB_TOKEN_BYTES   32

struct sb_opts {
    const char  *srcdir;
    const char  *builddir;
    const char  *nginx;
    const char  *out;
    int          levels[2];
    int          nlevels;
    unsigned     creations;
    unsigned     signatures;
    unsigned     concurrent;     /* signatures per bot in the 2-bot run */
};

struct sb_service {
    char         state[256];
    char         conf[300];
    char         base[64];
    char         cacert[300];
    char         token[64];
    int          port;
    int          running;
};

struct sb_level_result {
    int          level;
    double       create_ms[SB_MAX_SAMPLES];
    unsigned     ncreate;
    double       sign_ms[SB_MAX_SAMPLES];
    unsigned     nsign;
    double       pair_sigs_per_s;
    double       pair_wall_ms;
    unsigned     pair_sigs;
};

struct sb_bot {
    const struct sb_service       *svc;
    const struct duet_client_share *share;
    const char                    *api_key;
    unsigned                       n;
    unsigned                       done;
    char                           err[256];
};

static const struct sb_opts  *sb_o;


static double
sb_now_ms(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}


static int
sb_cmp(const void *a, const void *b)
{
    double  x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}


/* The q-quantile (0..1) of n samples, nearest rank. */
static double
sb_quantile(const double *v, unsigned n, double q)
{
    double    tmp[SB_MAX_SAMPLES];
    unsigned  k;

    if (n == 0) {
        return 0;
    }
    memcpy(tmp, v, n * sizeof(*v));
    qsort(tmp, n, sizeof(*tmp), sb_cmp);
    if (q == 0.5 && n % 2 == 0) {
        return (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
    }
    k = (unsigned) (q * (double) n + 0.999999);
    if (k == 0) {
        k = 1;
    }
    return tmp[(k > n ? n : k) - 1];
}


/* Read primes of `bits` bits from the test vectors: one hex line each. */
static int
sb_primes(unsigned bits, uint8_t p[][DUET_PRIME_BYTES_128], size_t *len,
    unsigned want)
{
    char      path[512], line[1024];
    FILE     *f;
    unsigned  n = 0;
    size_t    l;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
             sb_o->srcdir, bits);
    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "service-bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (n < want && fgets(line, sizeof(line), f) != NULL) {
        l = strcspn(line, "\r\n");
        if (l == 0 || line[0] == '#') {
            continue;
        }
        if (duet_hex_decode(p[n], DUET_PRIME_BYTES_128, &len[n], line, l)
            != 0)
        {
            fclose(f);
            fprintf(stderr, "service-bench: bad prime line in %s\n", path);
            return -1;
        }
        n++;
    }
    fclose(f);
    if (n < want) {
        fprintf(stderr, "service-bench: %s holds %u primes, need %u\n", path,
                n, want);
        return -1;
    }
    return 0;
}


static int
sb_sha256_hex(const char *s, char out[65])
{
    uint8_t       h[32];
    unsigned int  hl = 0;

    if (EVP_Digest(s, strlen(s), h, &hl, EVP_sha256(), NULL) != 1
        || hl != 32 || duet_hex_encode(out, 65, h, 32) != 0)
    {
        return -1;
    }
    return 0;
}


static int
sb_run_local(const struct sb_service *svc, const char *verb)
{
    char  cmd[2048];
    int   n;

    n = snprintf(cmd, sizeof(cmd),
                 "bash '%s/scripts/run-local' %s --state-dir '%s' --port %d"
                 " --workers 2 --config '%s' --srcdir '%s' --builddir '%s'"
                 " --nginx '%s' >'%s.%s.log' 2>&1",
                 sb_o->srcdir, verb, svc->state, svc->port, svc->conf,
                 sb_o->srcdir, sb_o->builddir, sb_o->nginx, svc->state,
                 verb);
    if (n < 0 || (size_t) n >= sizeof(cmd)) {
        return -1;
    }
    return system(cmd) == 0 ? 0 : -1;
}


static int
sb_free_port(void)
{
    /* A port in a quiet range, varied by pid; run-local refuses a busy one. */
    return 20000 + (int) (getpid() % 20000);
}


/* Poll /health until the prime pool holds `want` primes. */
static int
sb_wait_pool(struct sb_service *svc, unsigned want, unsigned timeout_s)
{
    struct duet_client  *c = NULL;
    struct json_object  *o, *pp, *sz;
    double               deadline = sb_now_ms() + timeout_s * 1e3;
    char                *resp;
    int                  status, r = -1;
    long                 size = -1;

    if (duet_client_new(&c, svc->base, svc->cacert) != 0) {
        return -1;
    }
    while (sb_now_ms() < deadline) {
        resp = NULL;
        if (duet_client_request(c, "GET", "/health", NULL, &status, &resp)
            == 0 && resp != NULL)
        {
            o = json_tokener_parse(resp);
            if (o != NULL && json_object_object_get_ex(o, "primePool", &pp)
                && json_object_object_get_ex(pp, "size", &sz))
            {
                size = (long) json_object_get_int64(sz);
            }
            json_object_put(o);
        }
        free(resp);
        if (size >= (long) want) {
            r = 0;
            break;
        }
        usleep(500 * 1000);
    }
    if (r != 0) {
        fprintf(stderr, "service-bench: prime pool at %ld of %u after %u s\n",
                size, want, timeout_s);
    }
    duet_client_free(c);
    return r;
}


static int
sb_start(struct sb_service *svc, int level, unsigned pool)
{
    uint8_t  raw[SB_TOKEN_BYTES];
    char     b64[DUET_BASE64URL_ENCODED_SIZE(SB_TOKEN_BYTES)], hash[65];
    FILE    *f;

    memset(svc, 0, sizeof(*svc));
    snprintf(svc->state, sizeof(svc->state), "/tmp/duet-sbench-%ld-%d",
             (long) getpid(), level);
    if (mkdir(svc->state, 0755) != 0 && errno != EEXIST) {
        return -1;
    }
    svc->port = sb_free_port() + level;
    snprintf(svc->base, sizeof(svc->base), "https://127.0.0.1:%d", svc->port);
    snprintf(svc->cacert, sizeof(svc->cacert), "%s/nginx/tls/cert.pem",
             svc->state);
    snprintf(svc->conf, sizeof(svc->conf), "%s/duetd.conf", svc->state);

    if (duet_random_bytes(raw, sizeof(raw)) != 0
        || duet_base64url_encode(b64, sizeof(b64), raw, sizeof(raw)) != 0)
    {
        return -1;
    }
    snprintf(svc->token, sizeof(svc->token), "duet_op_%s", b64);
    if (sb_sha256_hex(svc->token, hash) != 0) {
        return -1;
    }

    f = fopen(svc->conf, "w");
    if (f == NULL) {
        return -1;
    }
    fprintf(f, "# written by bench/service-bench\n"
               "level = %d\n%s"
               "operator_token_sha256 = %s\n"
               "prime_target = %u\nprime_low_watermark = %u\n"
               "prime_generators = 2\nlog_level = warn\n",
            level, level == DUET_LEVEL_112 ? "allow_insecure_level = yes\n"
                                           : "",
            hash, pool, pool);
    if (fclose(f) != 0) {
        return -1;
    }
    if (sb_run_local(svc, "start") != 0) {
        fprintf(stderr, "service-bench: run-local start failed, see %s.start.log\n",
                svc->state);
        return -1;
    }
    svc->running = 1;
    return 0;
}


static void
sb_stop(struct sb_service *svc)
{
    if (svc->running) {
        (void) sb_run_local(svc, "stop");
        svc->running = 0;
    }
}


static int
sb_sign_once(struct duet_client *c, const struct duet_client_share *share,
    unsigned i, double *ms)
{
    struct duet_client_signature  sig;
    char                          msg[64];
    double                        t0;
    int                           r;

    memset(&sig, 0, sizeof(sig));
    snprintf(msg, sizeof(msg), "service-bench message %u", i);
    t0 = sb_now_ms();
    r = duet_client_sign_message(c, share, "personal_sign", msg, &sig);
    *ms = sb_now_ms() - t0;
    duet_client_signature_clear(&sig);
    return r;
}


static void *
sb_bot_main(void *arg)
{
    struct sb_bot       *b = arg;
    struct duet_client  *c = NULL;
    double               ms;
    unsigned             i;

    if (duet_client_new(&c, b->svc->base, b->svc->cacert) != 0) {
        snprintf(b->err, sizeof(b->err), "client setup failed");
        return NULL;
    }
    duet_client_set_api_key(c, b->api_key);
    for (i = 0; i < b->n; i++) {
        if (sb_sign_once(c, b->share, 1000 + i, &ms) != 0) {
            snprintf(b->err, sizeof(b->err), "%s", duet_client_error(c));
            break;
        }
        b->done++;
    }
    duet_client_free(c);
    return NULL;
}


static int
sb_level(int level, struct sb_level_result *res)
{
    static uint8_t              primes[8][DUET_PRIME_BYTES_128];
    struct sb_service           svc;
    struct duet_client         *c = NULL;
    struct duet_client_signer   signer;
    const uint8_t              *pp[8];
    size_t                      plen[8];
    struct sb_bot               bots[2];
    pthread_t                   th[2];
    double                      t0, ms;
    unsigned                    i, bits = level == DUET_LEVEL_112 ? 1024 : 1536;
    int                         r = -1, have_signer = 0;
    char                        name[64];

    memset(res, 0, sizeof(*res));
    memset(&signer, 0, sizeof(signer));
    res->level = level;
    if (sb_primes(bits, primes, plen, 8) != 0) {
        return -1;
    }
    for (i = 0; i < 8; i++) {
        pp[i] = primes[i];
    }

    printf("level %d: starting nginx + duetd, filling the prime pool "
           "(%u primes)...\n", level, 4 * sb_o->creations);
    fflush(stdout);
    if (sb_start(&svc, level, 4 * sb_o->creations) != 0
        || sb_wait_pool(&svc, 4 * sb_o->creations, 900) != 0
        || duet_client_new(&c, svc.base, svc.cacert) != 0)
    {
        goto out;
    }
    duet_client_set_operator_token(c, svc.token);

    for (i = 0; i < sb_o->creations; i++) {
        if (have_signer) {
            duet_client_signer_clear(&signer);
            have_signer = 0;
        }
        snprintf(name, sizeof(name), "bench-%d-%u", level, i);
        t0 = sb_now_ms();
        if (duet_client_create_signer(c, name, level, pp, plen, NULL, NULL,
                                      &signer) != 0)
        {
            fprintf(stderr, "service-bench: create: %s\n",
                    duet_client_error(c));
            goto out;
        }
        have_signer = 1;
        res->create_ms[res->ncreate++] = sb_now_ms() - t0;
        printf("  creation %u: %.0f ms\n", i + 1,
               res->create_ms[res->ncreate - 1]);
        fflush(stdout);
    }

    duet_client_set_operator_token(c, NULL);
    duet_client_set_api_key(c, signer.api_key);
    /* One untimed signature warms duetd's per-process caches. */
    if (sb_sign_once(c, &signer.share[0], 0, &ms) != 0) {
        fprintf(stderr, "service-bench: sign: %s\n", duet_client_error(c));
        goto out;
    }
    for (i = 0; i < sb_o->signatures && i < SB_MAX_SAMPLES; i++) {
        if (sb_sign_once(c, &signer.share[0], i + 1, &ms) != 0) {
            fprintf(stderr, "service-bench: sign: %s\n",
                    duet_client_error(c));
            goto out;
        }
        res->sign_ms[res->nsign++] = ms;
    }

    memset(bots, 0, sizeof(bots));
    for (i = 0; i < 2; i++) {
        bots[i].svc = &svc;
        bots[i].share = &signer.share[0];
        bots[i].api_key = signer.api_key;
        bots[i].n = sb_o->concurrent;
    }
    t0 = sb_now_ms();
    for (i = 0; i < 2; i++) {
        if (pthread_create(&th[i], NULL, sb_bot_main, &bots[i]) != 0) {
            goto out;
        }
    }
    for (i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    res->pair_wall_ms = sb_now_ms() - t0;
    res->pair_sigs = bots[0].done + bots[1].done;
    res->pair_sigs_per_s = res->pair_sigs / (res->pair_wall_ms / 1e3);
    for (i = 0; i < 2; i++) {
        if (bots[i].err[0] != '\0') {
            fprintf(stderr, "service-bench: bot %u: %s\n", i, bots[i].err);
            goto out;
        }
    }
    r = 0;
out:
    if (have_signer) {
        duet_client_signer_clear(&signer);
    }
    duet_client_free(c);
    sb_stop(&svc);
    duet_memclear(primes, sizeof(primes));
    return r;
}


static struct json_object *
sb_samples(const double *v, unsigned n)
{
    struct json_object  *a = json_object_new_array();
    unsigned             i;

    for (i = 0; i < n; i++) {
        json_object_array_add(a, json_object_new_double(v[i]));
    }
    return a;
}


static void
sb_report(const struct sb_level_result *res, int n)
{
    struct json_object  *root, *levels, *l;
    struct utsname       u;
    char                 path[600], stamp[32];
    time_t               now = time(NULL);
    int                  i;

    printf("\n%-6s %14s %14s %14s %14s %12s\n", "level", "create med ms",
           "sign med ms", "sign p90 ms", "2 bots sig/s", "targets");
    for (i = 0; i < n; i++) {
        printf("%-6d %14.0f %14.0f %14.0f %14.2f %12s\n", res[i].level,
               sb_quantile(res[i].create_ms, res[i].ncreate, 0.5),
               sb_quantile(res[i].sign_ms, res[i].nsign, 0.5),
               sb_quantile(res[i].sign_ms, res[i].nsign, 0.9),
               res[i].pair_sigs_per_s,
               res[i].level == DUET_LEVEL_128 ? "5000/1000" : "-");
    }
    if (sb_o->out == NULL) {
        return;
    }

    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    uname(&u);
    root = json_object_new_object();
    json_object_object_add(root, "suite", json_object_new_string("service"));
    json_object_object_add(root, "timestamp", json_object_new_string(stamp));
    json_object_object_add(root, "machine", json_object_new_string(u.machine));
    json_object_object_add(root, "cpus",
        json_object_new_int((int) sysconf(_SC_NPROCESSORS_ONLN)));
    json_object_object_add(root, "setup", json_object_new_string(
        "scripts/run-local: nginx (TLS, loopback) -> duetd (2 workers, "
        "SQLite, local-file KMS); client parties 0 and 2 in this process "
        "with the published test primes; duetd's prime pool warm"));
    levels = json_object_new_array();
    for (i = 0; i < n; i++) {
        l = json_object_new_object();
        json_object_object_add(l, "level", json_object_new_int(res[i].level));
        json_object_object_add(l, "create_ms_median", json_object_new_double(
            sb_quantile(res[i].create_ms, res[i].ncreate, 0.5)));
        json_object_object_add(l, "create_ms",
            sb_samples(res[i].create_ms, res[i].ncreate));
        json_object_object_add(l, "sign_ms_median", json_object_new_double(
            sb_quantile(res[i].sign_ms, res[i].nsign, 0.5)));
        json_object_object_add(l, "sign_ms_p90", json_object_new_double(
            sb_quantile(res[i].sign_ms, res[i].nsign, 0.9)));
        json_object_object_add(l, "sign_ms",
            sb_samples(res[i].sign_ms, res[i].nsign));
        json_object_object_add(l, "two_bots_signatures",
            json_object_new_int((int) res[i].pair_sigs));
        json_object_object_add(l, "two_bots_wall_ms",
            json_object_new_double(res[i].pair_wall_ms));
        json_object_object_add(l, "two_bots_signatures_per_s",
            json_object_new_double(res[i].pair_sigs_per_s));
        json_object_array_add(levels, l);
    }
    json_object_object_add(root, "levels", levels);
    snprintf(path, sizeof(path), "%s/service.json", sb_o->out);
    if (json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY) != 0) {
        fprintf(stderr, "service-bench: cannot write %s\n", path);
    } else {
        printf("results in %s\n", path);
    }
    json_object_put(root);
}


static void
sb_usage(void)
{
    printf("Usage: service-bench [--out=DIR] [--srcdir=DIR] [--builddir=DIR]\n"
           "         [--nginx=PATH] [--levels=112,128] [--creations=N]\n"
           "         [--signatures=N] [--quick]\n"
           "Times signer creation and Signer+Server signing through the real\n"
           "nginx and duetd (scripts/run-local on loopback).\n");
}


int
main(int argc, char **argv)
{
    static struct sb_level_result  res[2];
    struct sb_opts                 o;
    int                            i, n = 0, rc = 0;

    memset(&o, 0, sizeof(o));
    o.srcdir = DUET_BENCH_SRCDIR;
    o.builddir = DUET_BENCH_BUILDDIR;
    o.nginx = DUET_BENCH_NGINX;
    o.levels[0] = DUET_LEVEL_112;
    o.levels[1] = DUET_LEVEL_128;
    o.nlevels = 2;
    o.creations = 3;
    o.signatures = 20;
    o.concurrent = 10;

    for (i = 1; i < argc; i++) {
        const char  *a = argv[i];

        if (strncmp(a, "--out=", 6) == 0) {
            o.out = a + 6;
        } else if (strncmp(a, "--srcdir=", 9) == 0) {
            o.srcdir = a + 9;
        } else if (strncmp(a, "--builddir=", 11) == 0) {
            o.builddir = a + 11;
        } else if (strncmp(a, "--nginx=", 8) == 0) {
            o.nginx = a + 8;
        } else if (strcmp(a, "--levels=112") == 0) {
            o.nlevels = 1;
        } else if (strcmp(a, "--levels=128") == 0) {
            o.levels[0] = DUET_LEVEL_128;
            o.nlevels = 1;
        } else if (strncmp(a, "--creations=", 12) == 0) {
            o.creations = (unsigned) strtoul(a + 12, NULL, 10);
        } else if (strncmp(a, "--signatures=", 13) == 0) {
            o.signatures = (unsigned) strtoul(a + 13, NULL, 10);
        } else if (strcmp(a, "--quick") == 0) {
            o.creations = 1;
            o.signatures = 5;
            o.concurrent = 3;
        } else if (strcmp(a, "--help") == 0) {
            sb_usage();
            return 0;
        } else {
            fprintf(stderr, "service-bench: unknown option '%s'\n", a);
            sb_usage();
            return 2;
        }
    }
    if (o.creations == 0 || o.creations > 16 || o.signatures == 0
        || o.signatures > SB_MAX_SAMPLES)
    {
        fprintf(stderr, "service-bench: creations 1..16, signatures 1..%d\n",
                SB_MAX_SAMPLES);
        return 2;
    }
    sb_o = &o;
    /* libcurl (the client) brings GnuTLS, which installs GMP hooks. */
    if (duet_init_displacing() != 0) {
        fprintf(stderr, "service-bench: libduet initialisation failed\n");
        return 1;
    }

    for (i = 0; i < o.nlevels; i++) {
        if (sb_level(o.levels[i], &res[n]) != 0) {
            fprintf(stderr, "service-bench: level %d failed\n", o.levels[i]);
            rc = 1;
            continue;
        }
        n++;
    }
    sb_report(res, n);
    return rc;
}
