/*
 * e2e-util.c -- see e2e-util.h.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <json-c/json.h>
#include <openssl/evp.h>

#include "duet.h"
#include "duet_util.h"
#include "basic.h"
#include "e2e-util.h"

#define E2E_SERVICES_MAX  4

const char  *e2e_top_srcdir, *e2e_top_builddir, *e2e_nginx;

/* Services started, stopped at exit. */
static struct e2e_service  *e2e_started[E2E_SERVICES_MAX];


void
e2e_require(void)
{
    char  path[512];

    e2e_top_srcdir = getenv("top_srcdir");
    e2e_top_builddir = getenv("top_builddir");
    e2e_nginx = getenv("DUET_NGINX");
    if (e2e_top_srcdir == NULL || e2e_top_builddir == NULL
        || e2e_nginx == NULL || *e2e_nginx == '\0')
    {
        skip_all("run through make check (top_srcdir, top_builddir, "
                 "DUET_NGINX)");
    }
    if (access(e2e_nginx, X_OK) != 0) {
        skip_all("no nginx at %s", e2e_nginx);
    }
    snprintf(path, sizeof(path), "%s/fcgi_app/duetd", e2e_top_builddir);
    if (access(path, X_OK) != 0) {
        skip_all("no duetd at %s", path);
    }
    snprintf(path, sizeof(path),
             "%s/ngx_module/objs/ngx_http_duet_module.so", e2e_top_builddir);
    if (access(path, R_OK) != 0) {
        skip_all("no nginx module at %s", path);
    }
    snprintf(path, sizeof(path), "%s/scripts/run-local", e2e_top_srcdir);
    if (!e2e_file_has(path, "--config)")) {
        skip_all("scripts/run-local has no --config yet");
    }
}


void
e2e_mkdir(char *dir, size_t size, const char *prefix)
{
    snprintf(dir, size, "/tmp/%s-XXXXXX", prefix);
    if (mkdtemp(dir) == NULL || chmod(dir, 0755) != 0) {
        sysbail("mkdtemp");
    }
}


static int
e2e_rm_entry(const char *path, const struct stat *sb, int type,
    struct FTW *ftw)
{
    (void) sb;
    (void) ftw;
    if (type == FTW_DP) {
        return rmdir(path);
    }
    return unlink(path);
}


void
e2e_rm_tree(const char *path)
{
    nftw(path, e2e_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}


void
e2e_operator_token(char token[64], char sha256_hex[65])
{
    uint8_t        raw[32];
    unsigned char  md[EVP_MAX_MD_SIZE];
    unsigned int   md_len;

    if (duet_random_bytes(raw, sizeof(raw)) != 0) {
        bail("random");
    }
    memcpy(token, "duet_op_", 8);
    if (duet_base64url_encode(token + 8, 64 - 8, raw, sizeof(raw)) != 0
        || EVP_Digest(token, strlen(token), md, &md_len, EVP_sha256(), NULL)
           != 1
        || duet_hex_encode(sha256_hex, 65, md, 32) != 0)
    {
        bail("operator token");
    }
    duet_memclear(raw, sizeof(raw));
}


void
e2e_write_file(const char *path, const char *text)
{
    FILE  *f;

    if ((f = fopen(path, "w")) == NULL) {
        sysbail("%s", path);
    }
    fputs(text, f);
    if (fclose(f) != 0 || chmod(path, 0644) != 0) {
        sysbail("%s", path);
    }
}


int
e2e_file_has(const char *path, const char *text)
{
    char   buf[8192];
    FILE  *f;
    int    yes = 0;

    if ((f = fopen(path, "r")) == NULL) {
        return 0;
    }
    while (!yes && fgets(buf, sizeof(buf), f) != NULL) {
        yes = strstr(buf, text) != NULL;
    }
    fclose(f);
    return yes;
}


/* Processes and the service. */

static int
e2e_free_port(void)
{
    struct sockaddr_in  sa;
    socklen_t           len = sizeof(sa);
    int                 fd, port;

    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        sysbail("socket");
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0
        || getsockname(fd, (struct sockaddr *) &sa, &len) != 0)
    {
        sysbail("bind");
    }
    port = ntohs(sa.sin_port);
    close(fd);
    return port;
}


static int
e2e_run_local(const struct e2e_service *svc, const char *cmd,
    const char *conf, int workers)
{
    char    script[512], portstr[16], wstr[16];
    pid_t   pid;
    int     status, fd;

    snprintf(script, sizeof(script), "%s/scripts/run-local", e2e_top_srcdir);
    snprintf(portstr, sizeof(portstr), "%d", svc->port);
    snprintf(wstr, sizeof(wstr), "%d", workers);
    if ((pid = fork()) < 0) {
        sysbail("fork");
    }
    if (pid == 0) {
        fd = open(svc->logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        /* nginx reads $NGINX as inherited sockets. */
        unsetenv("NGINX");
        if (strcmp(cmd, "start") == 0) {
            execlp("bash", "bash", script, "start", "--state-dir",
                   svc->state, "--port", portstr, "--workers", wstr,
                   "--config", conf, "--srcdir", e2e_top_srcdir,
                   "--builddir", e2e_top_builddir, "--nginx", e2e_nginx,
                   (char *) NULL);
        } else {
            execlp("bash", "bash", script, cmd, "--state-dir", svc->state,
                   (char *) NULL);
        }
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            sysbail("waitpid");
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}


static void
e2e_stop_all(void)
{
    size_t  i;

    for (i = 0; i < E2E_SERVICES_MAX; i++) {
        if (e2e_started[i] != NULL && e2e_started[i]->running) {
            (void) e2e_service_stop(e2e_started[i]);
        }
    }
}


void
e2e_service_init(struct e2e_service *svc, const char *dir, const char *name)
{
    memset(svc, 0, sizeof(*svc));
    snprintf(svc->state, sizeof(svc->state), "%s/%s", dir, name);
    snprintf(svc->logpath, sizeof(svc->logpath), "%s/%s.log", dir, name);
    snprintf(svc->ca, sizeof(svc->ca), "%s/nginx/tls/cert.pem", svc->state);
}


void
e2e_service_start(struct e2e_service *svc, const char *conf, int workers)
{
    static int  registered;
    size_t      i;

    if (!registered) {
        atexit(e2e_stop_all);
        registered = 1;
    }
    for (i = 0; i < E2E_SERVICES_MAX && e2e_started[i] != svc; i++) {
        /* started before (a restart)? */
    }
    if (i == E2E_SERVICES_MAX) {
        for (i = 0; i < E2E_SERVICES_MAX && e2e_started[i] != NULL; i++) {
            /* a free place */
        }
        if (i == E2E_SERVICES_MAX) {
            bail("more than %d services", E2E_SERVICES_MAX);
        }
        e2e_started[i] = svc;
    }
    svc->port = e2e_free_port();
    snprintf(svc->url, sizeof(svc->url), "https://127.0.0.1:%d", svc->port);
    svc->running = 1;
    if (e2e_run_local(svc, "start", conf, workers) != 0) {
        /* run-local stops what it started when it fails. */
        svc->running = 0;
        e2e_service_show_log(svc);
        bail("run-local start failed");
    }
}


struct duet_client *
e2e_client(const struct e2e_service *svc)
{
    struct duet_client  *c;

    if (duet_client_new(&c, svc->url, svc->ca) != 0) {
        bail("duet_client_new");
    }
    return c;
}


int
e2e_service_stop(struct e2e_service *svc)
{
    int  rc;

    if (!svc->running) {
        return 0;
    }
    svc->running = 0;
    rc = e2e_run_local(svc, "stop", NULL, 0);
    if (rc != 0) {
        diag("run-local stop failed: see %s", svc->logpath);
    }
    return rc;
}


void
e2e_service_show_log(const struct e2e_service *svc)
{
    char   line[512];
    FILE  *f;

    if ((f = fopen(svc->logpath, "r")) == NULL) {
        return;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        diag("run-local: %s", strtok(line, "\n") != NULL ? line : "");
    }
    fclose(f);
}


/* The prime pool. */

int
e2e_pool_size(struct duet_client *c)
{
    struct json_object  *o = NULL, *pool, *size;
    char                *resp = NULL;
    int                  status = 0, n = -1;

    if (duet_client_request(c, "GET", "/health", NULL, &status, &resp) == 0
        && resp != NULL && (o = json_tokener_parse(resp)) != NULL
        && json_object_object_get_ex(o, "primePool", &pool)
        && json_object_object_get_ex(pool, "size", &size)
        && json_object_is_type(size, json_type_int))
    {
        n = json_object_get_int(size);
    }
    json_object_put(o);
    free(resp);
    return n;
}


int
e2e_pool_wait(struct duet_client *c, int want, int seconds)
{
    time_t  t0 = time(NULL);
    int     n;

    while ((n = e2e_pool_size(c)) < want && time(NULL) - t0 < seconds) {
        e2e_sleep_ms(250);
    }
    return n;
}


void
e2e_sleep_ms(long ms)
{
    struct timespec  ts = { ms / 1000, (ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        /* again */
    }
}


void
e2e_load_prime(uint8_t out[E2E_PRIME_BYTES], size_t *len, unsigned idx)
{
    char      path[512], line[1024];
    unsigned  seen = 0;
    size_t    n;
    FILE     *f;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-1024.txt",
             e2e_top_srcdir);
    if ((f = fopen(path, "r")) == NULL) {
        sysbail("cannot open %s", path);
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n' || seen++ != idx) {
            continue;
        }
        n = strcspn(line, "\r\n");
        if (duet_hex_decode(out, E2E_PRIME_BYTES, len, line, n) != 0
            || *len != E2E_PRIME_BYTES)
        {
            bail("bad prime %u in %s", idx, path);
        }
        fclose(f);
        return;
    }
    bail("%s has no prime %u", path, idx);
}
