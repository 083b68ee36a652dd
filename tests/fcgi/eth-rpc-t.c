/*
 * eth-rpc-t.c -- the Ethereum JSON-RPC client (fcgi_app/eth_rpc.c) and the
 * USD prices (fcgi_app/prices.c).
 *
 * Two peers, both real:
 *
 *   - a tiny HTTP server forked by this test, on 127.0.0.1, answering
 *     what a healthy node never sends: malformed JSON, a wrong id, both or
 *     neither of result and error, non-canonical quantities, HTTP 500,
 *     a body over 1 MiB, an answer after the timeout; and a node without
 *     eth_maxPriorityFeePerGas; it also records requests (to check what
 *     the client sends) and serves the price endpoint, counting hits;
 *   - ganache (tests/chain/ganache-run, installed by scripts/bootstrap
 *     with npm ci), a real local node with chain id 1337: every call,
 *     and raw transactions signed by ethers (tests/chain/sign-tx) sent
 *     with duetd_rpc_send_raw.  Skipped, with the reason, when node or
 *     tests/chain/node_modules is missing.
 *
 * No error message may name the URL: every URL here carries a fake key
 * in its path, and the messages are checked for it.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "basic.h"
#include "ganache.h"
#include "duet_eth.h"
#include "duet_util.h"
#include "eth_rpc.h"
#include "log.h"
#include "options.h"
#include "prices.h"

#define FAKE_KEY      "KEY7f3a"
#define RECORD_MAX    8192
#define MAX_2_256     "1157920892373161954235709850086879078532699846656" \
                      "40564039457584007913129639935"

/* What the fake server shares with the test. */
struct fake_shared {
    int   price_hits;
    int   price_mode;           /* 0 good, 1 HTTP 500, 2 bad value, 3 dup */
    int   record_len;
    char  record[RECORD_MAX];   /* the last body sent to /record        */
};

static struct fake_shared  *shared;
static pid_t                fake_pid = -1;
static int                  fake_port;
static char                *tmpdir;
static char                 errbuf[16384];


/* --- the fake server ---------------------------------------------------- */

static void
fake_send(int fd, const char *status, const char *body, size_t len)
{
    char    head[256];
    size_t  off = 0;
    ssize_t w;
    int     n;

    n = snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Type: "
                 "application/json\r\nContent-Length: %zu\r\nConnection: "
                 "close\r\n\r\n", status, len);
    if (write(fd, head, (size_t) n) != n) {
        return;
    }
    while (off < len) {
        w = write(fd, body + off, len - off);
        if (w <= 0) {
            return;
        }
        off += (size_t) w;
    }
}


/* The request's "id" (a number), or 0. */
static long
fake_id(const char *body)
{
    const char  *p = strstr(body, "\"id\":");

    return p != NULL ? strtol(p + 5, NULL, 10) : 0;
}


static void
fake_reply(int fd, const char *path, const char *body, size_t body_len)
{
    char        out[4096], *big;
    long        id = fake_id(body);
    const char *m = strstr(body, "\"method\":\"");
    size_t      n;

    m = m != NULL ? m + 10 : "";

#define RESULT(fmt, ...) \
    snprintf(out, sizeof(out), "{\"jsonrpc\":\"2.0\",\"id\":%ld," fmt "}", \
             id, __VA_ARGS__)

    if (strncmp(path, "/chain", 6) == 0) {
        RESULT("\"result\":\"%s\"", "0x539");
    } else if (strncmp(path, "/malformed", 10) == 0) {
        RESULT("\"result\":\"%s\"", "0x539");
        out[strlen(out) - 1] = '\0';
    } else if (strncmp(path, "/wrongid", 8) == 0) {
        snprintf(out, sizeof(out), "{\"jsonrpc\":\"2.0\",\"id\":%ld,"
                 "\"result\":\"0x539\"}", id + 1);
    } else if (strncmp(path, "/strid", 6) == 0) {
        snprintf(out, sizeof(out), "{\"jsonrpc\":\"2.0\",\"id\":\"%ld\","
                 "\"result\":\"0x539\"}", id);
    } else if (strncmp(path, "/noid", 5) == 0) {
        snprintf(out, sizeof(out), "{\"jsonrpc\":\"2.0\","
                 "\"result\":\"0x539\"}");
    } else if (strncmp(path, "/v1", 3) == 0) {
        snprintf(out, sizeof(out), "{\"jsonrpc\":\"1.0\",\"id\":%ld,"
                 "\"result\":\"0x539\"}", id);
    } else if (strncmp(path, "/both", 5) == 0) {
        RESULT("\"result\":\"0x539\",\"error\":{\"code\":%d,"
               "\"message\":\"x\"}", 1);
    } else if (strncmp(path, "/neither", 8) == 0) {
        RESULT("\"other\":%d", 1);
    } else if (strncmp(path, "/dup", 4) == 0) {
        RESULT("\"result\":\"0x1\",\"result\":\"%s\"", "0x539");
    } else if (strncmp(path, "/array", 6) == 0) {
        snprintf(out, sizeof(out), "[{\"jsonrpc\":\"2.0\",\"id\":%ld,"
                 "\"result\":\"0x539\"}]", id);
    } else if (strncmp(path, "/qty/", 5) == 0) {
        /* /qty/<text>/...: the result string is <text>. */
        const char  *e = strchr(path + 5, '/');

        n = e != NULL ? (size_t) (e - path - 5) : strlen(path + 5);
        snprintf(out, sizeof(out), "{\"jsonrpc\":\"2.0\",\"id\":%ld,"
                 "\"result\":\"%.*s\"}", id, (int) n, path + 5);
    } else if (strncmp(path, "/numresult", 10) == 0) {
        RESULT("\"result\":%d", 1337);
    } else if (strncmp(path, "/nullresult", 11) == 0) {
        RESULT("\"result\":%s", "null");
    } else if (strncmp(path, "/error", 6) == 0) {
        RESULT("\"error\":{\"code\":-32000,\"message\":\"execution "
               "reverted\\u0001%s\",\"data\":\"0x08c379a0\"}", "!");
    } else if (strncmp(path, "/baderror", 9) == 0) {
        RESULT("\"error\":{\"code\":\"x\",\"message\":\"%s\"}", "m");
    } else if (strncmp(path, "/http500", 8) == 0) {
        RESULT("\"result\":\"%s\"", "0x539");
        fake_send(fd, "500 Internal Server Error", out, strlen(out));
        return;
    } else if (strncmp(path, "/http503", 8) == 0) {
        fake_send(fd, "503 Service Unavailable", "busy", 4);
        return;
    } else if (strncmp(path, "/huge", 5) == 0) {
        n = (size_t) 2 << 20;
        big = malloc(n);
        if (big == NULL) {
            return;
        }
        memset(big, ' ', n);
        big[0] = '{';
        big[n - 1] = '}';
        fake_send(fd, "200 OK", big, n);
        free(big);
        return;
    } else if (strncmp(path, "/slow", 5) == 0) {
        sleep(3);
        RESULT("\"result\":\"%s\"", "0x539");
    } else if (strncmp(path, "/nofee", 6) == 0) {
        if (strncmp(m, "eth_maxPriorityFeePerGas", 24) == 0) {
            RESULT("\"error\":{\"code\":-32601,\"message\":\"the method %s "
                   "does not exist\"}", "eth_maxPriorityFeePerGas");
        } else {
            RESULT("\"result\":{\"oldestBlock\":\"0x10\",\"baseFeePerGas\":"
                   "[\"0x64\",\"0xc8\"],\"gasUsedRatio\":[0.5],\"reward\":"
                   "[[\"0x%d\"]]}", 5);
        }
    } else if (strncmp(path, "/fee-overflow", 13) == 0) {
        if (strncmp(m, "eth_maxPriorityFeePerGas", 24) == 0) {
            RESULT("\"result\":\"%s\"", "0x1");
        } else {
            RESULT("\"result\":{\"oldestBlock\":\"0x10\",\"baseFeePerGas\":"
                   "[\"0x1\",\"0x8%s\"],\"gasUsedRatio\":[0.5]}",
                   "000000000000000000000000000000000000000000000000000000"
                   "000000000");
        }
    } else if (strncmp(path, "/fee-noreward", 13) == 0) {
        if (strncmp(m, "eth_maxPriorityFeePerGas", 24) == 0) {
            RESULT("\"error\":{\"code\":-32601,\"message\":\"%s\"}", "no");
        } else {
            RESULT("\"result\":{\"oldestBlock\":\"0x10\",\"baseFeePerGas\":"
                   "[\"0x1\",\"0x%d\"],\"gasUsedRatio\":[0.5]}", 2);
        }
    } else if (strncmp(path, "/record", 7) == 0) {
        n = body_len < RECORD_MAX - 1 ? body_len : RECORD_MAX - 1;
        memcpy(shared->record, body, n);
        shared->record[n] = '\0';
        __atomic_store_n(&shared->record_len, (int) n, __ATOMIC_SEQ_CST);
        RESULT("\"result\":\"%s\"", "0x5208");
    } else if (strncmp(path, "/prices", 7) == 0) {
        __atomic_fetch_add(&shared->price_hits, 1, __ATOMIC_SEQ_CST);
        switch (__atomic_load_n(&shared->price_mode, __ATOMIC_SEQ_CST)) {
        case 1:
            fake_send(fd, "500 Internal Server Error", "{}", 2);
            return;
        case 2:
            snprintf(out, sizeof(out), "{\"ETH\": 3012.5, \"BTC\": -1}");
            break;
        case 3:
            snprintf(out, sizeof(out), "{\"1:0xAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                     "AAAAAAAAAAAA\": 1, \"1:0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                     "aaaaaaaaaa\": 2}");
            break;
        default:
            snprintf(out, sizeof(out), "{\"ETH\": 3012.5, \"BTC\": 65000,"
                     " \"1337:0x5FbDB2315678afecb367f032d93F642f64180aa3\":"
                     " {\"usd\": 1.0, \"decimals\": 6}, \"not a key!\": 7,"
                     " \"DAI\": {\"usd\": 1, \"decimals\": 18}}");
            break;
        }
    } else {
        fake_send(fd, "404 Not Found", "{}", 2);
        return;
    }
#undef RESULT
    fake_send(fd, "200 OK", out, strlen(out));
}


/* One connection: one request (headers, then Content-Length bytes). */
static void
fake_serve(int fd)
{
    char     req[65536], path[1024], *end, *cl, *body;
    size_t   len = 0, want;
    ssize_t  r;

    for ( ;; ) {
        if (len == sizeof(req) - 1) {
            return;
        }
        r = read(fd, req + len, sizeof(req) - 1 - len);
        if (r <= 0) {
            return;
        }
        len += (size_t) r;
        req[len] = '\0';
        end = strstr(req, "\r\n\r\n");
        if (end == NULL) {
            continue;
        }
        body = end + 4;
        cl = strcasestr(req, "\r\nContent-Length:");
        want = cl != NULL && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
        if ((size_t) (req + len - body) >= want) {
            break;
        }
    }
    if (sscanf(req, "%*s %1023s", path) != 1) {
        return;
    }
    fake_reply(fd, path, body, want);
}


static void
fake_start(void)
{
    struct sockaddr_in  sa;
    socklen_t           sl = sizeof(sa);
    int                 lfd, fd;
    pid_t               parent = getpid();

    shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        sysbail("mmap");
    }
    memset(shared, 0, sizeof(*shared));
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *) &sa, sizeof(sa)) != 0
        || listen(lfd, 64) != 0
        || getsockname(lfd, (struct sockaddr *) &sa, &sl) != 0)
    {
        sysbail("fake server socket");
    }
    fake_port = ntohs(sa.sin_port);
    fflush(stdout);
    fake_pid = fork();
    if (fake_pid < 0) {
        sysbail("fork");
    }
    if (fake_pid > 0) {
        close(lfd);
        return;
    }
    (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        _exit(0);
    }
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    for ( ;; ) {
        fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        if (fork() == 0) {
            close(lfd);
            fake_serve(fd);
            close(fd);
            _exit(0);
        }
        close(fd);
    }
}


static void
fake_stop(void)
{
    if (fake_pid > 0) {
        kill(fake_pid, SIGKILL);
        waitpid(fake_pid, NULL, 0);
        fake_pid = -1;
    }
}


/* http://127.0.0.1:<fake>/<path>/KEY... */
static char *
fake_url(const char *path)
{
    static char  buf[4][256];
    static int   which;
    char        *p = buf[which++ % 4];

    snprintf(p, sizeof(buf[0]), "http://127.0.0.1:%d/%s/" FAKE_KEY,
             fake_port, path);
    return p;
}


/* A port on which nothing listens (bound, then closed). */
static int
dead_port(void)
{
    struct sockaddr_in  sa;
    socklen_t           sl = sizeof(sa);
    int                 fd, port;

    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0
        || getsockname(fd, (struct sockaddr *) &sa, &sl) != 0)
    {
        sysbail("dead port");
    }
    port = ntohs(sa.sin_port);
    close(fd);
    return port;
}


/* --- helpers ------------------------------------------------------------ */

static struct duetd_rpc *
open_or_bail(const char *url, unsigned timeout)
{
    struct duetd_rpc  *rpc;

    if (duetd_rpc_open(&rpc, url, timeout) != 0) {
        bail("duetd_rpc_open failed");
    }
    return rpc;
}


/* The message names the method, has a reason, and no URL part. */
static int
clean_message(const struct duetd_rpc_error *err, const char *method)
{
    size_t  n = strlen(method);

    return strncmp(err->message, method, n) == 0
           && strncmp(err->message + n, ": ", 2) == 0
           && err->message[n + 2] != '\0'
           && strstr(err->message, FAKE_KEY) == NULL
           && strstr(err->message, "127.0.0.1") == NULL
           && strstr(err->message, "http") == NULL;
}


/* eth_chainId against path: the code, and the message into err. */
static int
chain_id_at(const char *path, unsigned timeout, uint64_t *id,
    struct duetd_rpc_error *err)
{
    struct duetd_rpc  *rpc = open_or_bail(fake_url(path), timeout);
    int                rc;

    memset(err, 0, sizeof(*err));
    rc = duetd_rpc_chain_id(rpc, id, err);
    duetd_rpc_close(rpc);
    return rc;
}


static void
expect_chain(const char *path, int want, const char *what)
{
    struct duetd_rpc_error  err;
    uint64_t                id = 99;
    int                     rc;

    rc = chain_id_at(path, 5, &id, &err);
    if (!ok(rc == want && clean_message(&err, "eth_chainId") && id == 0,
            "%s", what))
    {
        diag("rc %d, message '%s'", rc, err.message);
    }
}


/* Decimal strings: <0, 0, >0 like strcmp, by value. */
static int
dec_cmp(const char *a, const char *b)
{
    size_t  la = strlen(a), lb = strlen(b);

    if (la != lb) {
        return la < lb ? -1 : 1;
    }
    return strcmp(a, b);
}


/* --- the fake node ------------------------------------------------------ */

static void
test_open(void)
{
    static const char *const  bad[] = {
        "ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://h/",
        "", "http://", "https:///x", "http://a b/", "127.0.0.1:8545",
        "http://h/\x01"
    };
    struct duetd_rpc  *rpc = (struct duetd_rpc *) 1;
    size_t             i;
    int                all = 1;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (duetd_rpc_open(&rpc, bad[i], 5) != -1 || rpc != NULL) {
            diag("accepted '%s'", bad[i]);
            all = 0;
        }
    }
    ok(all, "duetd_rpc_open refuses what is not an http(s) URL");
    ok(duetd_rpc_open(&rpc, "HTTPS://node.example/v3/k", 5) == 0
       && rpc != NULL, "duetd_rpc_open takes https (any case)");
    duetd_rpc_close(rpc);
    duetd_rpc_close(NULL);
}


static void
test_envelope(void)
{
    struct duetd_rpc_error  err;
    struct duetd_rpc       *rpc;
    uint64_t                id;
    char                    port[16];
    int                     rc, i;

    ok(chain_id_at("chain", 5, &id, &err) == DUETD_RPC_OK && id == 1337,
       "a well-formed answer: chain id 1337");

    rpc = open_or_bail(fake_url("chain"), 5);
    for (i = 0, rc = 0; i < 5 && rc == 0; i++) {
        rc = duetd_rpc_chain_id(rpc, &id, &err);
    }
    ok(rc == 0 && id == 1337, "one handle serves request after request "
       "(ids advance)");
    duetd_rpc_close(rpc);

    expect_chain("malformed", DUETD_RPC_BAD_REPLY,
                 "truncated JSON is BAD_REPLY");
    expect_chain("wrongid", DUETD_RPC_BAD_REPLY, "a wrong id is BAD_REPLY");
    rc = chain_id_at("wrongid", 5, &id, &err);
    is_str("eth_chainId: the reply's id does not match the request",
           err.message, "and says so");
    expect_chain("strid", DUETD_RPC_BAD_REPLY,
                 "the id as a string is BAD_REPLY");
    expect_chain("noid", DUETD_RPC_BAD_REPLY, "no id is BAD_REPLY");
    expect_chain("v1", DUETD_RPC_BAD_REPLY, "jsonrpc 1.0 is BAD_REPLY");
    expect_chain("both", DUETD_RPC_BAD_REPLY,
                 "result and error together are BAD_REPLY");
    expect_chain("neither", DUETD_RPC_BAD_REPLY,
                 "neither result nor error is BAD_REPLY");
    expect_chain("dup", DUETD_RPC_BAD_REPLY,
                 "a duplicate key is BAD_REPLY (strict JSON)");
    expect_chain("array", DUETD_RPC_BAD_REPLY,
                 "a batch array is BAD_REPLY");
    expect_chain("numresult", DUETD_RPC_BAD_REPLY,
                 "a number instead of a quantity string is BAD_REPLY");
    expect_chain("nullresult", DUETD_RPC_BAD_REPLY,
                 "a null result is BAD_REPLY");
    expect_chain("qty/0x01", DUETD_RPC_BAD_REPLY,
                 "a leading zero is BAD_REPLY");
    expect_chain("qty/0xA", DUETD_RPC_BAD_REPLY,
                 "upper-case hex is BAD_REPLY");
    expect_chain("qty/0X1", DUETD_RPC_BAD_REPLY, "0X is BAD_REPLY");
    expect_chain("qty/0x", DUETD_RPC_BAD_REPLY, "no digits is BAD_REPLY");
    expect_chain("qty/539", DUETD_RPC_BAD_REPLY, "no 0x is BAD_REPLY");
    expect_chain("qty/0x10000000000000000", DUETD_RPC_BAD_REPLY,
                 "2^64 as a 64-bit quantity is BAD_REPLY");
    ok(chain_id_at("qty/0xffffffffffffffff", 5, &id, &err) == DUETD_RPC_OK
       && id == UINT64_MAX, "2^64 - 1 is a 64-bit quantity");
    ok(chain_id_at("qty/0x0", 5, &id, &err) == DUETD_RPC_OK && id == 0,
       "0x0 is zero");
    expect_chain("baderror", DUETD_RPC_BAD_REPLY,
                 "an error whose code is a string is BAD_REPLY");

    rc = chain_id_at("error", 5, &id, &err);
    ok(rc == DUETD_RPC_REFUSED && err.code == -32000,
       "an error object is REFUSED with the node's code");
    is_str("eth_chainId: execution reverted?!", err.message,
           "and the node's message, control characters replaced");

    rc = chain_id_at("http500", 5, &id, &err);
    ok(rc == DUETD_RPC_UNREACHABLE && clean_message(&err, "eth_chainId"),
       "HTTP 500 (even with a good body) is UNREACHABLE");
    is_str("eth_chainId: HTTP 500 from the node", err.message,
           "and names the status");
    rc = chain_id_at("http503", 5, &id, &err);
    ok(rc == DUETD_RPC_UNREACHABLE
       && strcmp(err.message, "eth_chainId: HTTP 503 from the node") == 0,
       "HTTP 503 is UNREACHABLE");
    rc = chain_id_at("nowhere", 5, &id, &err);
    ok(rc == DUETD_RPC_UNREACHABLE
       && strcmp(err.message, "eth_chainId: HTTP 404 from the node") == 0,
       "HTTP 404 is UNREACHABLE");

    expect_chain("huge", DUETD_RPC_BAD_REPLY,
                 "a body over 1 MiB is BAD_REPLY");
    rc = chain_id_at("huge", 5, &id, &err);
    is_str("eth_chainId: the reply is larger than 1048576 bytes",
           err.message, "and says so");

    {
        struct timespec  t0, t1;
        double           s;

        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = chain_id_at("slow", 1, &id, &err);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        s = (double) (t1.tv_sec - t0.tv_sec)
            + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
        ok(rc == DUETD_RPC_UNREACHABLE && clean_message(&err, "eth_chainId"),
           "an answer after the timeout is UNREACHABLE");
        is_str("eth_chainId: the node did not answer within 1 s",
               err.message, "and says so");
        ok(s >= 0.9 && s < 2.5, "after about the timeout (%.2f s)", s);
    }

    snprintf(port, sizeof(port), "%d", dead_port());
    {
        char  url[128];

        snprintf(url, sizeof(url), "http://127.0.0.1:%s/" FAKE_KEY, port);
        rpc = open_or_bail(url, 5);
        rc = duetd_rpc_chain_id(rpc, &id, &err);
        duetd_rpc_close(rpc);
        ok(rc == DUETD_RPC_UNREACHABLE && clean_message(&err, "eth_chainId")
           && strstr(err.message, port) == NULL,
           "a closed port is UNREACHABLE");
        is_str("eth_chainId: cannot connect to the node", err.message,
               "and says so without the address");
    }
}


static void
test_quantities(void)
{
    struct duetd_rpc_error  err;
    struct duetd_rpc       *rpc;
    char                    q[DUETD_QTY_SIZE];
    int                     rc;

    rpc = open_or_bail(fake_url("qty/0x" "ffffffffffffffffffffffffffffffff"
                                "ffffffffffffffffffffffffffffffff"), 5);
    rc = duetd_rpc_gas_price(rpc, q, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_OK, "a 256-bit quantity is read");
    is_str(MAX_2_256, q, "2^256 - 1 in decimal");

    rpc = open_or_bail(fake_url("qty/0x1" "00000000000000000000000000000000"
                                "00000000000000000000000000000000"), 5);
    rc = duetd_rpc_gas_price(rpc, q, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_BAD_REPLY && q[0] == '\0'
       && clean_message(&err, "eth_gasPrice"), "2^256 is BAD_REPLY");

    rpc = open_or_bail(fake_url("qty/0xde0b6b3a7640000"), 5);
    rc = duetd_rpc_balance(rpc, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                           q, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_OK && strcmp(q, "1000000000000000000") == 0,
       "0xde0b6b3a7640000 is 1000000000000000000");

    rpc = open_or_bail(fake_url("qty/0x0"), 5);
    rc = duetd_rpc_balance(rpc, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                           q, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_OK && strcmp(q, "0") == 0, "0x0 is 0");
}


static void
test_requests(void)
{
    static const uint8_t    data[] = { 0x01, 0xff };
    struct duetd_rpc_error  err;
    struct duetd_rpc_call   call;
    struct duetd_rpc       *rpc;
    uint8_t                *out = NULL, hash[32];
    size_t                  len = 0;
    uint64_t                gas = 0, nonce = 1;
    char                    q[DUETD_QTY_SIZE];
    int                     rc;

    rpc = open_or_bail(fake_url("record"), 5);
    memset(&call, 0, sizeof(call));
    call.from = "0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266";
    call.to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    call.value = "1000000000000000000";
    call.data = data;
    call.data_len = sizeof(data);
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas, &err);
    ok(rc == DUETD_RPC_OK && gas == 21000, "estimateGas reads 0x5208");
    ok(strstr(shared->record, "\"jsonrpc\":\"2.0\"") != NULL
       && strstr(shared->record, "\"method\":\"eth_estimateGas\"") != NULL
       && strstr(shared->record, "\"params\":[{") != NULL,
       "the request is a JSON-RPC 2.0 call of eth_estimateGas");
    ok(strstr(shared->record, "\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279"
                              "cfffb92266\"") != NULL
       && strstr(shared->record, "\"to\":\"0x70997970c51812dc3a010c7d01b50e"
                                 "0d17dc79c8\"") != NULL,
       "addresses go out in lower case");
    ok(strstr(shared->record, "\"value\":\"0xde0b6b3a7640000\"") != NULL,
       "the decimal value goes out as a canonical hex quantity");
    ok(strstr(shared->record, "\"data\":\"0x01ff\"") != NULL,
       "data goes out as 0x-hex");
    ok(strstr(shared->record, "\"params\":[{") != NULL
       && strstr(shared->record, "}]") != NULL
       && strstr(shared->record, "latest") == NULL,
       "estimateGas sends no block tag");

    call.value = "0";
    call.data_len = 0;
    call.to = NULL;
    rc = duetd_rpc_call(rpc, &call, &out, &len, &err);
    ok(rc == DUETD_RPC_OK && len == 2 && out[0] == 0x52 && out[1] == 0x08,
       "eth_call returns the data bytes");
    free(out);
    ok(strstr(shared->record, "\"method\":\"eth_call\"") != NULL
       && strstr(shared->record, "\"value\":\"0x0\"") != NULL
       && strstr(shared->record, "\"to\"") == NULL
       && strstr(shared->record, "\"data\"") == NULL
       && strstr(shared->record, "},\"latest\"]") != NULL,
       "eth_call: value 0 is 0x0, no to for a creation, no empty data, "
       "block latest");

    rc = duetd_rpc_nonce(rpc, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                         &nonce, &err);
    ok(rc == DUETD_RPC_OK && nonce == 21000
       && strstr(shared->record, "\"method\":\"eth_getTransactionCount\","
                                 "\"params\":[\"0x70997970c51812dc3a010c7d"
                                 "01b50e0d17dc79c8\",\"pending\"]") != NULL,
       "eth_getTransactionCount(address, pending)");
    rc = duetd_rpc_balance(rpc, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                           q, &err);
    ok(rc == DUETD_RPC_OK && strcmp(q, "21000") == 0
       && strstr(shared->record, "\"method\":\"eth_getBalance\","
                                 "\"params\":[\"0x70997970c51812dc3a010c7d"
                                 "01b50e0d17dc79c8\",\"latest\"]") != NULL,
       "eth_getBalance(address, latest)");

    /* Refused before sending: nothing reaches the node. */
    shared->record[0] = '\0';
    rc = duetd_rpc_balance(rpc, "0x1234", q, &err);
    ok(rc == DUETD_RPC_REFUSED && err.code == 0 && q[0] == '\0'
       && clean_message(&err, "eth_getBalance"),
       "a short address is REFUSED (code 0)");
    rc = duetd_rpc_nonce(rpc, "0xZZ997970C51812dc3A010C7d01b50e0d17dc79C8",
                         &nonce, &err);
    ok(rc == DUETD_RPC_REFUSED && err.code == 0,
       "a non-hex address is REFUSED");
    call.to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    call.value = "-1";
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas, &err);
    ok(rc == DUETD_RPC_REFUSED && err.code == 0,
       "a negative value is REFUSED");
    call.value = "01";
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas, &err);
    ok(rc == DUETD_RPC_REFUSED, "a value with a leading zero is REFUSED");
    call.value = "115792089237316195423570985008687907853269984665640564039"
                 "457584007913129639936";
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas, &err);
    ok(rc == DUETD_RPC_REFUSED, "a value of 2^256 is REFUSED");
    call.value = MAX_2_256;
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas, &err);
    ok(rc == DUETD_RPC_OK
       && strstr(shared->record, "\"value\":\"0xffffffffffffffffffffffff"
                 "ffffffffffffffffffffffffffffffffffffffff\"") != NULL,
       "a value of 2^256 - 1 is sent");
    call.value = NULL;
    call.from = "0x12";
    rc = duetd_rpc_call(rpc, &call, &out, &len, &err);
    ok(rc == DUETD_RPC_REFUSED && out == NULL, "a bad from is REFUSED");
    rc = duetd_rpc_send_raw(rpc, data, 0, hash, &err);
    ok(rc == DUETD_RPC_REFUSED, "an empty raw transaction is REFUSED");
    duetd_rpc_close(rpc);

    rpc = open_or_bail(fake_url("qty/0x1234"), 5);
    rc = duetd_rpc_send_raw(rpc, data, sizeof(data), hash, &err);
    ok(rc == DUETD_RPC_BAD_REPLY
       && clean_message(&err, "eth_sendRawTransaction"),
       "a transaction hash of 2 bytes is BAD_REPLY");
    duetd_rpc_close(rpc);
    rpc = open_or_bail(fake_url("qty/0x123"), 5);
    call.from = NULL;
    rc = duetd_rpc_call(rpc, &call, &out, &len, &err);
    ok(rc == DUETD_RPC_BAD_REPLY && out == NULL,
       "eth_call data of an odd length is BAD_REPLY");
    duetd_rpc_close(rpc);
}


static void
test_fees_fake(void)
{
    struct duetd_rpc_error  err;
    struct duetd_rpc       *rpc;
    char                    max[DUETD_QTY_SIZE], tip[DUETD_QTY_SIZE];
    int                     rc;

    rpc = open_or_bail(fake_url("nofee"), 5);
    rc = duetd_rpc_fees_1559(rpc, max, tip, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_OK, "fees from a node without "
       "eth_maxPriorityFeePerGas");
    is_str("5", tip, "the priority fee is the fee history's median reward");
    is_str("405", max, "maxFeePerGas = 2 * pending base fee (200) + 5");

    rpc = open_or_bail(fake_url("fee-overflow"), 5);
    rc = duetd_rpc_fees_1559(rpc, max, tip, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_BAD_REPLY && max[0] == '\0'
       && clean_message(&err, "eth_feeHistory"),
       "a base fee whose double overflows 256 bits is BAD_REPLY");

    rpc = open_or_bail(fake_url("fee-noreward"), 5);
    rc = duetd_rpc_fees_1559(rpc, max, tip, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_BAD_REPLY, "no priority method and no reward list "
       "is BAD_REPLY");

    rpc = open_or_bail(fake_url("http503"), 5);
    rc = duetd_rpc_fees_1559(rpc, max, tip, &err);
    duetd_rpc_close(rpc);
    ok(rc == DUETD_RPC_UNREACHABLE
       && strcmp(err.message,
                 "eth_maxPriorityFeePerGas: HTTP 503 from the node") == 0,
       "an unreachable node fails the fees, naming the method");
}


/* --- prices ------------------------------------------------------------- */

/* Run get with fd 2 captured; *logged is the number of lines written. */
static int
price_get(struct duetd_prices *p, const char *key, long now, double *usd,
    unsigned *dec, int *logged)
{
    char   path[512];
    FILE  *fp;
    int    saved, fd, rc, c;

    snprintf(path, sizeof(path), "%s/stderr", tmpdir);
    fflush(stderr);
    saved = dup(2);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (saved < 0 || fd < 0 || dup2(fd, 2) < 0) {
        sysbail("capture stderr");
    }
    close(fd);
    rc = duetd_prices_get(p, key, now, usd, dec);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    *logged = 0;
    errbuf[0] = '\0';
    fp = fopen(path, "r");
    if (fp != NULL) {
        size_t  n = fread(errbuf, 1, sizeof(errbuf) - 1, fp);

        errbuf[n] = '\0';
        fclose(fp);
        for (c = 0; errbuf[c] != '\0'; c++) {
            *logged += errbuf[c] == '\n';
        }
    }
    unlink(path);
    return rc;
}


static void
test_prices(void)
{
    struct duetd_config   cfg;
    struct duetd_prices  *p;
    double                usd;
    unsigned              dec;
    int                   rc, logged, hits;
    char                  url[256];

    memset(&cfg, 0, sizeof(cfg));
    cfg.rpc_timeout = 2;
    cfg.price_cache_seconds = 60;
    cfg.nprices = 2;
    cfg.prices[0].key = "ETH";
    cfg.prices[0].usd = 3000;
    cfg.prices[0].decimals = 18;
    cfg.prices[1].key = "1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    cfg.prices[1].usd = 1;
    cfg.prices[1].decimals = 6;

    ok(duetd_prices_open(&cfg, &p) == 0, "prices: a static table opens");
    rc = price_get(p, "ETH", 0, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 3000 && dec == 18,
       "a static price");
    rc = price_get(p, "1:0xA0B86991C6218B36C1D19D4A2E9EB0CE3606EB48", 0,
                   &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 1 && dec == 6,
       "a static token price, whatever the address's case");
    rc = price_get(p, "BTC", 0, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNKNOWN && usd == 0 && dec == 0,
       "an unknown key without a source is UNKNOWN");
    rc = price_get(p, "eth", 0, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNKNOWN, "symbols are case-sensitive");
    rc = price_get(p, "not a key", 0, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNKNOWN, "a malformed key is UNKNOWN");
    duetd_prices_close(p);

    /* The HTTP source, behind the static table. */
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/prices/" FAKE_KEY,
             fake_port);
    cfg.nprices = 1;
    cfg.price_url = url;
    shared->price_mode = 0;
    shared->price_hits = 0;
    ok(duetd_prices_open(&cfg, &p) == 0, "prices with a source open");
    hits = shared->price_hits;
    ok(hits == 0, "opening does not fetch");
    rc = price_get(p, "BTC", 100, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 65000 && dec == 18,
       "a bare number from the source: 18 decimals");
    is_int(1, shared->price_hits, "first use fetches once");
    rc = price_get(p, "ETH", 110, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 3000,
       "the static table wins over the source");
    rc = price_get(p, "1337:0x5fbdb2315678afecb367f032d93f642f64180aa3", 120,
                   &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 1.0 && dec == 6,
       "an object price with decimals; the source's key case ignored");
    rc = price_get(p, "DAI", 159, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 1.0 && dec == 18, "DAI");
    rc = price_get(p, "NOPE", 159, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNKNOWN, "a key the source lacks is UNKNOWN");
    is_int(1, shared->price_hits, "no fetch within the cache period");
    rc = price_get(p, "BTC", 160, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK, "after the period");
    is_int(2, shared->price_hits, "the source is fetched again");

    /* The source fails: closed, logged once, retried after a while. */
    shared->price_mode = 1;
    rc = price_get(p, "BTC", 300, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNAVAILABLE && usd == 0,
       "a failing source is UNAVAILABLE (no stale price)");
    ok(logged == 1 && strstr(errbuf, "price source: the HTTP status is not "
                                     "200") != NULL
       && strstr(errbuf, FAKE_KEY) == NULL && strstr(errbuf, "127.0.0.1")
                                              == NULL,
       "the failure is logged, without the URL");
    is_int(3, shared->price_hits, "one fetch");
    rc = price_get(p, "BTC", 301, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNAVAILABLE && logged == 0,
       "still UNAVAILABLE, not logged again");
    is_int(3, shared->price_hits, "no fetch before the retry delay");
    rc = price_get(p, "ETH", 302, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 3000,
       "the static table still answers");
    rc = price_get(p, "BTC", 305, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNAVAILABLE && logged == 0,
       "after the delay: still failing, still not logged again");
    is_int(4, shared->price_hits, "retried once");
    shared->price_mode = 0;
    rc = price_get(p, "BTC", 311, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && usd == 65000,
       "the source recovers: prices again");
    ok(logged == 1 && strstr(errbuf, "answering again") != NULL,
       "the recovery is logged once");
    shared->price_mode = 2;
    rc = price_get(p, "ETH", 400, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_OK && logged == 0,
       "a static price does not touch the source");
    rc = price_get(p, "ETH2", 400, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNAVAILABLE && logged == 1
       && strstr(errbuf, "a price is not a number") != NULL,
       "a negative price spoils the whole answer");
    rc = price_get(p, "DAI", 400, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNAVAILABLE && logged == 0,
       "even for the prices it got right");
    duetd_prices_close(p);

    shared->price_mode = 3;
    ok(duetd_prices_open(&cfg, &p) == 0, "reopen");
    rc = price_get(p, "BTC", 0, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNAVAILABLE
       && strstr(errbuf, "two names for one price key") != NULL,
       "two spellings of one token key spoil the answer");
    duetd_prices_close(p);

    snprintf(url, sizeof(url), "http://127.0.0.1:%d/prices/" FAKE_KEY,
             dead_port());
    ok(duetd_prices_open(&cfg, &p) == 0, "a source on a dead port opens");
    rc = price_get(p, "BTC", 0, &usd, &dec, &logged);
    ok(rc == DUETD_PRICE_UNAVAILABLE && logged == 1
       && strstr(errbuf, FAKE_KEY) == NULL,
       "and is UNAVAILABLE, logged without the URL");
    duetd_prices_close(p);
}


/* --- ganache ------------------------------------------------------------ */


/* The value after "name " on its own line of text, into out. */
static int
field(const char *text, const char *name, char *out, size_t size)
{
    char         want[32];
    const char  *p, *e;
    size_t       n;

    snprintf(want, sizeof(want), "%s ", name);
    for (p = text; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
        if (*p == '\n') {
            p++;
        }
        if (strncmp(p, want, strlen(want)) == 0) {
            p += strlen(want);
            e = strchr(p, '\n');
            n = e != NULL ? (size_t) (e - p) : strlen(p);
            if (n >= size) {
                return -1;
            }
            memcpy(out, p, n);
            out[n] = '\0';
            return 0;
        }
    }
    return -1;
}
/* Sign with tests/chain/sign-tx; the raw bytes, hash and contract. */
static int
sign_tx(const char *src, const char *const *args, uint8_t *raw, size_t *len,
    char hash[67], char contract[43])
{
    char    script[1024], out[8192], hex[4096], *argv[24];
    size_t  n = 0;
    int     i;

    snprintf(script, sizeof(script), "%s/tests/chain/sign-tx", src);
    argv[n++] = (char *) "node";
    argv[n++] = script;
    for (i = 0; args[i] != NULL && n < 23; i++) {
        argv[n++] = (char *) args[i];
    }
    argv[n] = NULL;
    if (chain_run(argv, out, sizeof(out)) != 0
        || field(out, "raw", hex, sizeof(hex)) != 0
        || field(out, "hash", hash, 67) != 0
        || strncmp(hex, "0x", 2) != 0
        || duet_hex_decode(raw, 2048, len, hex + 2, strlen(hex) - 2) != 0)
    {
        diag("sign-tx: %s", out);
        return -1;
    }
    if (contract != NULL && field(out, "contract", contract, 43) != 0) {
        return -1;
    }
    return 0;
}


static void
to_lower(char *s)
{
    for ( ; *s != '\0'; s++) {
        if (*s >= 'A' && *s <= 'Z') {
            *s = (char) (*s - 'A' + 'a');
        }
    }
}


static void
test_ganache(void)
{
    static const uint8_t    initcode[] = {
        0x60, 0x0a, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, 0x0a, 0x60, 0x00,
        0xf3,
        0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3
    };
    static const uint8_t    revert[] = { 0x60, 0x00, 0x60, 0x00, 0xfd };
    static const char       to2[] =
        "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const char             *src = getenv("top_srcdir");
    struct duetd_rpc_error  err;
    struct duetd_rpc_call   call;
    struct duetd_rpc       *rpc;
    uint64_t                id, nonce, gas, gas2;
    uint8_t                 raw[2048], hash[32], want[32], *out;
    size_t                  len, olen;
    char                    path[1024], url[128], from[64], out_text[256];
    char                    max[DUETD_QTY_SIZE], tip[DUETD_QTY_SIZE];
    char                    q[DUETD_QTY_SIZE], ehash[67], contract[43];
    char                    gasarg[32], noncearg[32], hexhash[67];
    char                   *argv[4];
    const char             *args[24];
    char                    why[256];
    int                     port, rc;

    if (src == NULL || *src == '\0') {
        skip_block(1, "ganache: top_srcdir not set (run through make check)");
        return;
    }
    if (!ganache_available(src, why, sizeof(why))) {
        skip_block(1, "ganache: %s", why);
        return;
    }
    if ((port = ganache_start(src, tmpdir)) < 0) {
        ok(0, "ganache-run starts and reports its port");
        ganache_stop();
        return;
    }
    ok(1, "ganache-run listens on 127.0.0.1:%d", port);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
    rpc = open_or_bail(url, 10);

    rc = duetd_rpc_chain_id(rpc, &id, &err);
    ok(rc == DUETD_RPC_OK && id == 1337, "eth_chainId: 1337");

    snprintf(path, sizeof(path), "%s/tests/chain/sign-tx", src);
    argv[0] = (char *) "node";
    argv[1] = path;
    argv[2] = NULL;
    if (chain_run(argv, out_text, sizeof(out_text)) != 0
        || field(out_text, "from", from, sizeof(from)) != 0)
    {
        bail("tests/chain/sign-tx does not run: %s", out_text);
    }
    is_str("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", from,
           "the mnemonic's first account");

    rc = duetd_rpc_balance(rpc, from, q, &err);
    ok(rc == DUETD_RPC_OK, "eth_getBalance");
    is_str("1000000000000000000000", q, "a funded account has 1000 ETH");
    rc = duetd_rpc_nonce(rpc, from, &nonce, &err);
    ok(rc == DUETD_RPC_OK && nonce == 0, "eth_getTransactionCount: 0");

    memset(&call, 0, sizeof(call));
    call.from = from;
    call.to = to2;
    call.value = "1000000000000000000";
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas, &err);
    ok(rc == DUETD_RPC_OK && gas == 21000,
       "eth_estimateGas of a plain transfer: 21000 (%llu)",
       (unsigned long long) gas);

    rc = duetd_rpc_fees_1559(rpc, max, tip, &err);
    ok(rc == DUETD_RPC_OK && dec_cmp(max, "0") > 0 && dec_cmp(max, tip) >= 0,
       "fees: maxFeePerGas %s > 0 and >= priority %s", max, tip);
    rc = duetd_rpc_gas_price(rpc, q, &err);
    ok(rc == DUETD_RPC_OK && dec_cmp(q, "0") > 0, "eth_gasPrice: %s", q);

    /* A transfer signed by ethers, sent by us. */
    snprintf(noncearg, sizeof(noncearg), "%llu", (unsigned long long) nonce);
    snprintf(gasarg, sizeof(gasarg), "%llu", (unsigned long long) gas);
    args[0] = "--chain-id"; args[1] = "1337";
    args[2] = "--nonce"; args[3] = noncearg;
    args[4] = "--to"; args[5] = to2;
    args[6] = "--value"; args[7] = "1000000000000000000";
    args[8] = "--gas"; args[9] = gasarg;
    args[10] = "--max-fee"; args[11] = max;
    args[12] = "--priority"; args[13] = tip;
    args[14] = NULL;
    if (sign_tx(src, args, raw, &len, ehash, NULL) != 0) {
        bail("tests/chain/sign-tx cannot sign");
    }
    rc = duetd_rpc_send_raw(rpc, raw, len, hash, &err);
    ok(rc == DUETD_RPC_OK, "eth_sendRawTransaction of a transfer");
    if (rc != DUETD_RPC_OK) {
        diag("%s", err.message);
    }
    ok(duet_eth_keccak256(want, raw, len) == 0
       && memcmp(hash, want, 32) == 0,
       "the node's hash is the Keccak-256 of the raw bytes");
    hexhash[0] = '0';
    hexhash[1] = 'x';
    ok(duet_hex_encode(hexhash + 2, sizeof(hexhash) - 2, hash, 32) == 0
       && strcmp(hexhash, ehash) == 0, "and ethers' hash");
    rc = duetd_rpc_nonce(rpc, from, &nonce, &err);
    ok(rc == DUETD_RPC_OK && nonce == 1, "the nonce is now 1");
    rc = duetd_rpc_balance(rpc, to2, q, &err);
    ok(rc == DUETD_RPC_OK && strcmp(q, "1001000000000000000000") == 0,
       "the recipient has 1001 ETH");

    /* A contract: created, then called. */
    call.to = NULL;
    call.value = NULL;
    call.data = initcode;
    call.data_len = sizeof(initcode);
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas2, &err);
    ok(rc == DUETD_RPC_OK && gas2 > 53000,
       "eth_estimateGas of a creation (no to): %llu",
       (unsigned long long) gas2);
    rc = duetd_rpc_call(rpc, &call, &out, &olen, &err);
    ok(rc == DUETD_RPC_OK && olen == 10 && out != NULL
       && memcmp(out, initcode + 12, 10) == 0,
       "eth_call of the init code returns the runtime code");
    free(out);

    if (duetd_rpc_nonce(rpc, from, &nonce, &err) != DUETD_RPC_OK) {
        bail("eth_getTransactionCount: %s", err.message);
    }
    snprintf(noncearg, sizeof(noncearg), "%llu", (unsigned long long) nonce);
    snprintf(gasarg, sizeof(gasarg), "%llu",
             (unsigned long long) (gas2 + gas2 / 5));
    {
        char  datahex[2 * sizeof(initcode) + 3] = "0x";

        if (duet_hex_encode(datahex + 2, sizeof(datahex) - 2, initcode,
                            sizeof(initcode)) != 0)
        {
            bail("hex");
        }
        args[4] = "--data"; args[5] = datahex;
        args[6] = "--value"; args[7] = "0";
        if (sign_tx(src, args, raw, &len, ehash, contract) != 0) {
            bail("tests/chain/sign-tx cannot sign a creation");
        }
    }
    rc = duetd_rpc_send_raw(rpc, raw, len, hash, &err);
    ok(rc == DUETD_RPC_OK && duet_eth_keccak256(want, raw, len) == 0
       && memcmp(hash, want, 32) == 0, "a creation is sent");
    to_lower(contract);
    call.to = contract;
    call.data = NULL;
    call.data_len = 0;
    rc = duetd_rpc_call(rpc, &call, &out, &olen, &err);
    ok(rc == DUETD_RPC_OK && olen == 32 && out != NULL && out[31] == 0x2a
       && out[0] == 0, "eth_call of the contract returns 42 in a word");
    free(out);

    /* Refusals from the node. */
    raw[0] = 0x01;
    raw[1] = 0x02;
    raw[2] = 0x03;
    rc = duetd_rpc_send_raw(rpc, raw, 3, hash, &err);
    ok(rc == DUETD_RPC_REFUSED && err.code != 0
       && clean_message(&err, "eth_sendRawTransaction"),
       "garbage as a raw transaction is REFUSED with the node's message: "
       "%s", err.message);
    call.to = NULL;
    call.value = NULL;
    call.data = revert;
    call.data_len = sizeof(revert);
    rc = duetd_rpc_estimate_gas(rpc, &call, &gas, &err);
    ok(rc == DUETD_RPC_REFUSED && err.code != 0 && gas == 0
       && clean_message(&err, "eth_estimateGas"),
       "estimateGas of code that reverts is REFUSED: %s", err.message);

    duetd_rpc_close(rpc);
    ganache_stop();
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    tmpdir = test_tmpdir();
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        bail("curl_global_init");
    }
    signal(SIGPIPE, SIG_IGN);
    fake_start();

    test_open();
    test_envelope();
    test_quantities();
    test_requests();
    test_fees_fake();
    test_prices();
    test_ganache();

    fake_stop();
    ganache_stop();
    curl_global_cleanup();
    test_tmpdir_free(tmpdir);
    return 0;
}
