/*
 * fcgi-stub.c -- a FastCGI STUB host for the nginx module tests.
 *
 * It stands in for duetd so that the tests in tests/nginx/ can observe
 * what nginx passes to the pool: every answer is a JSON echo of the
 * request's identity params.  It knows nothing of duet's API beyond the
 * shape of session URIs, and it trusts whatever it is given; the real
 * duetd is covered by the integration tests (tests/integration/).
 *
 *   fcgi-stub --listen ADDR --node TAG [--pid-file F] [--log F]
 *
 * ADDR is HOST:PORT (IPv4) or a unix socket path.  One process, one
 * request at a time, in the foreground (the test backgrounds it).
 *
 *   any request          200 {"node","method","uri","params":{...}}
 *   POST .../sessions    201 {"node","sessionId":"TAG.<22 base64url>"}
 *   .../sessions/ID[/..] 200 with "sessionId" when this host made ID,
 *                        else 404 {"statusCode":404,"message":"unknown
 *                        session"} (with the same echo fields)
 *
 * "params" holds every param named DUET_* or HTTP_*, and REQUEST_METHOD,
 * REQUEST_URI and CONTENT_TYPE.  --log appends "METHOD URI" per request,
 * so a test can prove a request never reached the backend.
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <json-c/json.h>


#define STUB_ID_RANDOM   22
#define STUB_MAX_IDS     4096
#define STUB_TAG_MAX     16


static const char  b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char  *ids[STUB_MAX_IDS];
static size_t nids;


static void
usage(void)
{
    fprintf(stderr, "usage: fcgi-stub --listen HOST:PORT|PATH --node TAG "
            "[--pid-file FILE] [--log FILE]\n");
    exit(2);
}


/* A TCP socket for "a.b.c.d:port", else a unix socket at the path. */
static int
listen_on(const char *addr)
{
    int                 fd, one;
    const char         *colon;
    char                host[64];
    struct sockaddr_in  sin;
    struct sockaddr_un  sun;

    colon = strrchr(addr, ':');

    if (addr[0] != '/' && colon != NULL) {
        if ((size_t) (colon - addr) >= sizeof(host)) {
            return -1;
        }

        memcpy(host, addr, colon - addr);
        host[colon - addr] = '\0';

        memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        sin.sin_port = htons((unsigned short) atoi(colon + 1));

        if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
            errno = EINVAL;
            return -1;
        }

        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd == -1) {
            return -1;
        }

        one = 1;
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));

        if (bind(fd, (struct sockaddr *) &sin, sizeof(sin)) == -1) {
            close(fd);
            return -1;
        }

    } else {
        memset(&sun, 0, sizeof(sun));
        sun.sun_family = AF_UNIX;

        if (strlen(addr) >= sizeof(sun.sun_path)) {
            errno = ENAMETOOLONG;
            return -1;
        }

        strcpy(sun.sun_path, addr);
        (void) unlink(addr);

        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd == -1) {
            return -1;
        }

        if (bind(fd, (struct sockaddr *) &sun, sizeof(sun)) == -1) {
            close(fd);
            return -1;
        }

        /* nginx's workers run as nobody in the tests. */
        (void) chmod(addr, 0666);
    }

    if (listen(fd, 128) == -1) {
        close(fd);
        return -1;
    }

    return fd;
}


static int
new_id(const char *tag, char *out, size_t size)
{
    int            fd;
    size_t         i, n;
    unsigned char  rnd[STUB_ID_RANDOM];

    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return -1;
    }

    if (read(fd, rnd, sizeof(rnd)) != (ssize_t) sizeof(rnd)) {
        close(fd);
        return -1;
    }

    close(fd);

    n = strlen(tag);
    if (n + 1 + STUB_ID_RANDOM + 1 > size) {
        return -1;
    }

    memcpy(out, tag, n);
    out[n++] = '.';

    for (i = 0; i < STUB_ID_RANDOM; i++) {
        out[n++] = b64url[rnd[i] & 63];
    }

    out[n] = '\0';

    return 0;
}


static int
known_id(const char *id, size_t len)
{
    size_t  i;

    for (i = 0; i < nids; i++) {
        if (strlen(ids[i]) == len && memcmp(ids[i], id, len) == 0) {
            return 1;
        }
    }

    return 0;
}


/*
 * The id of /api/v1/.../sessions/ID[/...], or NULL.  The path ends at
 * the query string.
 */
static const char *
session_in(const char *uri, size_t *len)
{
    const char  *p, *end, *q;

    if (strncmp(uri, "/api/v1/", 8) != 0) {
        return NULL;
    }

    end = strchr(uri, '?');
    if (end == NULL) {
        end = uri + strlen(uri);
    }

    for (p = uri; (p = strstr(p, "/sessions/")) != NULL && p < end; p++) {
        p += sizeof("/sessions/") - 1;
        q = p;

        while (q < end && *q != '/') {
            q++;
        }

        if (q > p) {
            *len = q - p;
            return p;
        }
    }

    return NULL;
}


static int
ends_with_sessions(const char *uri)
{
    size_t       n;
    const char  *end;

    end = strchr(uri, '?');
    n = (end != NULL) ? (size_t) (end - uri) : strlen(uri);

    return n >= 9 && memcmp(uri + n - 9, "/sessions", 9) == 0;
}


static void
answer(FCGX_Request *req, int status, json_object *body)
{
    const char  *text, *reason;

    switch (status) {
    case 201:
        reason = "Created";
        break;
    case 404:
        reason = "Not Found";
        break;
    default:
        reason = "OK";
    }

    text = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN);

    FCGX_FPrintF(req->out, "Status: %d %s\r\n"
                 "Content-Type: application/json\r\n\r\n%s\n",
                 status, reason, text);
}


static void
echo_fields(json_object *o, FCGX_Request *req, const char *method,
    const char *uri)
{
    char         **e, *eq;
    json_object   *params;

    json_object_object_add(o, "method", json_object_new_string(method));
    json_object_object_add(o, "uri", json_object_new_string(uri));

    params = json_object_new_object();

    for (e = req->envp; *e != NULL; e++) {
        eq = strchr(*e, '=');
        if (eq == NULL) {
            continue;
        }

        if (strncmp(*e, "DUET_", 5) == 0 || strncmp(*e, "HTTP_", 5) == 0
            || strncmp(*e, "REQUEST_METHOD=", 15) == 0
            || strncmp(*e, "REQUEST_URI=", 12) == 0
            || strncmp(*e, "CONTENT_TYPE=", 13) == 0)
        {
            *eq = '\0';
            json_object_object_add(params, *e,
                                   json_object_new_string(eq + 1));
            *eq = '=';
        }
    }

    json_object_object_add(o, "params", params);
}


static void
handle(FCGX_Request *req, const char *tag, FILE *log)
{
    int           status;
    char          buf[4096], id[STUB_TAG_MAX + 2 + STUB_ID_RANDOM + 1];
    size_t        len;
    const char   *method, *uri, *sid;
    json_object  *o;

    method = FCGX_GetParam("REQUEST_METHOD", req->envp);
    uri = FCGX_GetParam("REQUEST_URI", req->envp);

    if (method == NULL) {
        method = "";
    }

    if (uri == NULL) {
        uri = "";
    }

    /* Drain the body: nginx may still be sending it. */
    while (FCGX_GetStr(buf, sizeof(buf), req->in) > 0) {
        /* void */
    }

    if (log != NULL) {
        fprintf(log, "%s %s\n", method, uri);
        fflush(log);
    }

    o = json_object_new_object();
    json_object_object_add(o, "node", json_object_new_string(tag));
    status = 200;

    sid = session_in(uri, &len);

    if (sid != NULL) {
        if (known_id(sid, len)) {
            json_object_object_add(o, "sessionId",
                                   json_object_new_string_len(sid, len));
            echo_fields(o, req, method, uri);

        } else {
            /* The echo too: a test reads the params of any id's shape. */
            status = 404;
            json_object_object_add(o, "statusCode", json_object_new_int(404));
            json_object_object_add(o, "message",
                                   json_object_new_string("unknown session"));
            echo_fields(o, req, method, uri);
        }

    } else if (strcmp(method, "POST") == 0 && ends_with_sessions(uri)
               && nids < STUB_MAX_IDS
               && new_id(tag, id, sizeof(id)) == 0)
    {
        ids[nids] = strdup(id);
        if (ids[nids] != NULL) {
            nids++;
        }

        status = 201;
        json_object_object_add(o, "sessionId", json_object_new_string(id));
        echo_fields(o, req, method, uri);

    } else {
        echo_fields(o, req, method, uri);
    }

    answer(req, status, o);
    json_object_put(o);
}


int
main(int argc, char **argv)
{
    int            i, fd;
    FILE          *f, *log;
    const char    *listen_addr, *tag, *pid_file, *log_file;
    FCGX_Request   req;

    listen_addr = NULL;
    tag = NULL;
    pid_file = NULL;
    log_file = NULL;

    for (i = 1; i < argc; i++) {
        if (i + 1 >= argc) {
            usage();
        }

        if (strcmp(argv[i], "--listen") == 0) {
            listen_addr = argv[++i];

        } else if (strcmp(argv[i], "--node") == 0) {
            tag = argv[++i];

        } else if (strcmp(argv[i], "--pid-file") == 0) {
            pid_file = argv[++i];

        } else if (strcmp(argv[i], "--log") == 0) {
            log_file = argv[++i];

        } else {
            usage();
        }
    }

    if (listen_addr == NULL || tag == NULL || tag[0] == '\0'
        || strlen(tag) > STUB_TAG_MAX)
    {
        usage();
    }

    log = NULL;

    if (log_file != NULL) {
        log = fopen(log_file, "a");
        if (log == NULL) {
            perror(log_file);
            return 1;
        }
    }

    fd = listen_on(listen_addr);
    if (fd == -1) {
        fprintf(stderr, "fcgi-stub: listen on %s: %s\n", listen_addr,
                strerror(errno));
        return 1;
    }

    /* Written once the socket listens, so the file means "ready". */
    if (pid_file != NULL) {
        f = fopen(pid_file, "w");
        if (f == NULL || fprintf(f, "%ld\n", (long) getpid()) < 0
            || fclose(f) != 0)
        {
            perror(pid_file);
            return 1;
        }
    }

    if (FCGX_Init() != 0 || FCGX_InitRequest(&req, fd, 0) != 0) {
        fprintf(stderr, "fcgi-stub: FCGX_Init failed\n");
        return 1;
    }

    /*
     * libfcgi turned SIGTERM into "shutdown pending"; a test kills us with
     * it and wants us gone at once, mid-accept or not.
     */
    signal(SIGTERM, SIG_DFL);

    for ( ;; ) {
        i = FCGX_Accept_r(&req);

        if (i == -EINTR) {
            continue;
        }

        if (i < 0) {
            fprintf(stderr, "fcgi-stub: accept: %d\n", i);
            return 1;
        }

        handle(&req, tag, log);
        FCGX_Finish_r(&req);
    }
}
