/*
 * cosign.c -- Signer+User without the server (cosign.h): the commitments
 * and hellos that prove both sides hold shares of one key and sign one
 * digest, the code people compare, the sealed frames, presign and sign
 * with signers {0, 2}, and the two transports (one TCP connection, or
 * files in a directory).
 *
 * Every exchange is one frame each way.  Over TCP party 0 writes first
 * and party 2 reads first, so two large frames never meet in full socket
 * buffers.  Over files each side writes its frame <round>-<party>.msg
 * (tmp + fsync + rename) and waits for the peer's of the same round,
 * which it deletes once read.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "duet.h"
#include "duet_eth.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "cosign.h"

#define DUET_COSIGN_VERSION       1
#define DUET_COSIGN_FRAME_MAX     (8u << 20)
#define DUET_COSIGN_MAX_MESSAGES  8         /* in one round's frame      */
#define DUET_COSIGN_POLL_MS       100       /* files: how often to look  */
#define DUET_COSIGN_RETRY_MS      250       /* connect: while refused    */
#define DUET_COSIGN_PATH_MAX      4096

/*
 * The hello: version, party, kind, epoch (u32), public key, aux id,
 * digest, nonce, ephemeral X25519 key.
 */
#define DUET_COSIGN_HELLO_SIZE    (3 + 4 + 33 + 32 + 32 + 32 + 32)
#define DUET_COSIGN_H_PARTY       1
#define DUET_COSIGN_H_KIND        2
#define DUET_COSIGN_H_EPOCH       3
#define DUET_COSIGN_H_PUBKEY      7
#define DUET_COSIGN_H_AUX         40
#define DUET_COSIGN_H_DIGEST      72
#define DUET_COSIGN_H_NONCE       104
#define DUET_COSIGN_H_EPH         136
#define DUET_COSIGN_TAG_SIZE      16        /* AES-256-GCM               */

#define DUET_COSIGN_TCP           1
#define DUET_COSIGN_FILES         2

struct duet_cosign_link {
    int          kind;
    int          fd;             /* TCP                                  */
    char        *dir;            /* files                                */
    int          party;          /* this side: files from the start, TCP
                                    once a run begins                    */
    unsigned     round;          /* files: the next exchange's number    */
    unsigned     timeout_s;      /* 0: no limit                          */
    int          frames;         /* sent so far (the hook's n)           */
    int          sealed;         /* frames are AES-256-GCM from now on   */
    uint8_t      key_tx[32];     /* SECRET: ours to the peer             */
    uint8_t      key_rx[32];     /* SECRET: the peer's to us             */
    uint64_t     n_tx;           /* frames sealed / opened: the nonces   */
    uint64_t     n_rx;
    void       (*hook)(void *arg, int n, uint8_t *frame, size_t len);
    void        *hook_arg;
};


static int
duet_cosign_fail(char *err, size_t errlen, int r, const char *fmt, ...)
{
    va_list  ap;

    if (errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return r;
}


static int64_t
duet_cosign_now_ms(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


/* The deadline of a wait that starts now (-1: none). */
static int64_t
duet_cosign_deadline(unsigned timeout_s)
{
    if (timeout_s == 0) {
        return -1;
    }
    return duet_cosign_now_ms() + (int64_t) timeout_s * 1000;
}


/* Milliseconds left for poll(2): -1 without a deadline, 0 once past. */
static int
duet_cosign_left_ms(int64_t deadline)
{
    int64_t  left;

    if (deadline < 0) {
        return -1;
    }
    left = deadline - duet_cosign_now_ms();
    if (left <= 0) {
        return 0;
    }
    return left > 60000 ? 60000 : (int) left;
}


static void
duet_cosign_sleep_ms(int ms)
{
    struct timespec  ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long) (ms % 1000) * 1000000;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        /* the rest of it */
    }
}


static void
duet_cosign_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 24);
    p[1] = (uint8_t) (v >> 16);
    p[2] = (uint8_t) (v >> 8);
    p[3] = (uint8_t) v;
}


static uint32_t
duet_cosign_get32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16
           | (uint32_t) p[2] << 8 | (uint32_t) p[3];
}


static void
duet_cosign_free_frame(uint8_t *p, size_t len)
{
    if (p != NULL) {
        duet_memclear(p, len);
        free(p);
    }
}


/* TCP. */

/*
 * Split "host:port" or "[v6]:port" into host (NULL for an empty one) and
 * port, in buf.
 */
static int
duet_cosign_split(const char *hostport, char *buf, size_t size,
    const char **host, const char **port)
{
    char    *colon, *h;
    size_t   len;

    len = strlen(hostport);
    if (len == 0 || len >= size) {
        return -1;
    }
    memcpy(buf, hostport, len + 1);
    if ((colon = strrchr(buf, ':')) == NULL || colon[1] == '\0') {
        return -1;
    }
    *colon = '\0';
    *port = colon + 1;
    h = buf;
    if (h[0] == '[') {
        len = strlen(h);
        if (len < 2 || h[len - 1] != ']') {
            return -1;
        }
        h[len - 1] = '\0';
        h++;
    } else if (strchr(h, ':') != NULL) {
        return -1;
    }
    *host = h[0] != '\0' ? h : NULL;
    return 0;
}


static int
duet_cosign_nonblock(int fd)
{
    int  fl;

    if ((fl = fcntl(fd, F_GETFL)) == -1
        || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
    {
        return -1;
    }
    return 0;
}


static int
duet_cosign_new_link(struct duet_cosign_link **l, int kind,
    unsigned timeout_s)
{
    if ((*l = calloc(1, sizeof(**l))) == NULL) {
        return -1;
    }
    (*l)->kind = kind;
    (*l)->fd = -1;
    (*l)->party = DUET_PARTY_NONE;
    (*l)->timeout_s = timeout_s;
    return 0;
}


int
duet_cosign_listen(const char *hostport, unsigned timeout_s,
    struct duet_cosign_link **l, char *err, size_t errlen)
{
    struct addrinfo   hints, *res = NULL, *ai;
    struct pollfd     pfd;
    const char       *host, *port;
    char              buf[512];
    int64_t           deadline;
    int               r, e, lfd = -1, fd = -1, one = 1, saved = 0;

    *l = NULL;
    if (hostport == NULL
        || duet_cosign_split(hostport, buf, sizeof(buf), &host, &port) != 0)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "listen address is not host:port");
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                "%s: %s", hostport, gai_strerror(e));
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        lfd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                     ai->ai_protocol);
        if (lfd == -1) {
            saved = errno;
            continue;
        }
        if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))
            == 0
            && bind(lfd, ai->ai_addr, ai->ai_addrlen) == 0
            && listen(lfd, 1) == 0 && duet_cosign_nonblock(lfd) == 0)
        {
            break;
        }
        saved = errno;
        close(lfd);
        lfd = -1;
    }
    if (lfd == -1) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                             "cannot listen on %s: %s", hostport,
                             strerror(saved));
        goto out;
    }

    pfd.fd = lfd;
    pfd.events = POLLIN;
    deadline = duet_cosign_deadline(timeout_s);
    for (;;) {
        e = poll(&pfd, 1, duet_cosign_left_ms(deadline));
        if (e == -1 && errno == EINTR) {
            continue;
        }
        if (e == -1) {
            r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                 "poll: %s", strerror(errno));
            goto out;
        }
        if (e == 0) {
            r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                 "no peer connected to %s within %u s",
                                 hostport, timeout_s);
            goto out;
        }
        fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd != -1) {
            break;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
            && errno != ECONNABORTED)
        {
            r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                 "accept: %s", strerror(errno));
            goto out;
        }
    }
    (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (duet_cosign_new_link(l, DUET_COSIGN_TCP, timeout_s) != 0) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_MEMORY,
                             "out of memory");
        goto out;
    }
    (*l)->fd = fd;
    fd = -1;
    r = 0;

out:
    if (fd != -1) {
        close(fd);
    }
    if (lfd != -1) {
        close(lfd);
    }
    freeaddrinfo(res);
    return r;
}


/*
 * One connection attempt to ai before deadline.  Returns the connected
 * (non-blocking) socket, or -1 with errno.
 */
static int
duet_cosign_try_connect(const struct addrinfo *ai, int64_t deadline)
{
    struct pollfd  pfd;
    socklen_t      sl;
    int            fd, e, soerr;

    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC
                | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd == -1) {
        return -1;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        return fd;
    }
    if (errno != EINPROGRESS) {
        goto fail;
    }
    pfd.fd = fd;
    pfd.events = POLLOUT;
    do {
        e = poll(&pfd, 1, duet_cosign_left_ms(deadline));
    } while (e == -1 && errno == EINTR);
    if (e == -1) {
        goto fail;
    }
    if (e == 0) {
        errno = ETIMEDOUT;
        goto fail;
    }
    sl = sizeof(soerr);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1) {
        goto fail;
    }
    if (soerr != 0) {
        errno = soerr;
        goto fail;
    }
    return fd;

fail:
    e = errno;
    close(fd);
    errno = e;
    return -1;
}


int
duet_cosign_connect(const char *hostport, unsigned timeout_s,
    struct duet_cosign_link **l, char *err, size_t errlen)
{
    struct addrinfo   hints, *res = NULL, *ai;
    const char       *host, *port;
    char              buf[512];
    int64_t           deadline;
    int               e, fd = -1, one = 1, saved = 0;

    *l = NULL;
    if (hostport == NULL
        || duet_cosign_split(hostport, buf, sizeof(buf), &host, &port) != 0
        || host == NULL)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "peer address is not host:port");
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                "%s: %s", hostport, gai_strerror(e));
    }
    /* The peer may start listening after we start: retry while refused. */
    deadline = duet_cosign_deadline(timeout_s);
    for (;;) {
        for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next) {
            if ((fd = duet_cosign_try_connect(ai, deadline)) == -1) {
                saved = errno;
            }
        }
        if (fd != -1 || duet_cosign_left_ms(deadline) == 0
            || (saved != ECONNREFUSED && saved != ECONNRESET))
        {
            break;
        }
        duet_cosign_sleep_ms(DUET_COSIGN_RETRY_MS);
    }
    freeaddrinfo(res);
    if (fd == -1) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                "cannot connect to %s: %s", hostport,
                                strerror(saved));
    }
    (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (duet_cosign_new_link(l, DUET_COSIGN_TCP, timeout_s) != 0) {
        close(fd);
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_MEMORY,
                                "out of memory");
    }
    (*l)->fd = fd;
    return 0;
}


/* Move len bytes over the socket (out: send, else receive). */
static int
duet_cosign_tcp_io(struct duet_cosign_link *l, uint8_t *p, size_t len,
    int out, int64_t deadline, char *err, size_t errlen)
{
    struct pollfd  pfd;
    ssize_t        n;
    int            e;

    pfd.fd = l->fd;
    pfd.events = out ? POLLOUT : POLLIN;
    while (len > 0) {
        if (out) {
            n = send(l->fd, p, len, MSG_NOSIGNAL);
        } else {
            n = recv(l->fd, p, len, 0);
        }
        if (n > 0) {
            p += n;
            len -= (size_t) n;
            continue;
        }
        if (n == 0) {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                    "the peer closed the connection");
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                    "%s the peer: %s",
                                    out ? "sending to" : "receiving from",
                                    strerror(errno));
        }
        do {
            e = poll(&pfd, 1, duet_cosign_left_ms(deadline));
        } while (e == -1 && errno == EINTR);
        if (e == -1) {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                    "poll: %s", strerror(errno));
        }
        if (e == 0) {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                    "the peer did not %s within %u s",
                                    out ? "take our message"
                                        : "answer",
                                    l->timeout_s);
        }
    }
    return 0;
}


static int
duet_cosign_tcp_send(struct duet_cosign_link *l, const uint8_t *frame,
    size_t len,
    int64_t deadline, char *err, size_t errlen)
{
    uint8_t  hdr[4];
    int      r;

    duet_cosign_put32(hdr, (uint32_t) len);
    if ((r = duet_cosign_tcp_io(l, hdr, 4, 1, deadline, err, errlen)) != 0)
    {
        return r;
    }
    return duet_cosign_tcp_io(l, (uint8_t *) frame, len, 1, deadline, err,
                              errlen);
}


static int
duet_cosign_tcp_recv(struct duet_cosign_link *l, uint8_t **frame,
    size_t *len, int64_t deadline, char *err, size_t errlen)
{
    uint8_t   hdr[4], *p;
    uint32_t  n;
    int       r;

    if ((r = duet_cosign_tcp_io(l, hdr, 4, 0, deadline, err, errlen)) != 0)
    {
        return r;
    }
    n = duet_cosign_get32(hdr);
    if (n == 0 || n > DUET_COSIGN_FRAME_MAX) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "the peer sent a frame of %u bytes", n);
    }
    if ((p = malloc(n)) == NULL) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_MEMORY,
                                "out of memory");
    }
    if ((r = duet_cosign_tcp_io(l, p, n, 0, deadline, err, errlen)) != 0) {
        duet_cosign_free_frame(p, n);
        return r;
    }
    *frame = p;
    *len = n;
    return 0;
}


/* Files. */

static int
duet_cosign_is_own_file(const char *name, int party)
{
    unsigned  round;
    int       p, end = 0;

    if (name[0] == '.') {
        name++;
    }
    if (sscanf(name, "%u-%d.msg%n", &round, &p, &end) != 2 || end == 0) {
        return 0;
    }
    return p == party
           && (name[end] == '\0' || strcmp(name + end, ".tmp") == 0);
}


int
duet_cosign_files(const char *dir, int party, unsigned timeout_s,
    struct duet_cosign_link **l, char *err, size_t errlen)
{
    struct stat     st;
    struct dirent  *de;
    DIR            *d;
    char            path[DUET_COSIGN_PATH_MAX];

    *l = NULL;
    if (dir == NULL || (party != DUET_PARTY_SIGNER
                        && party != DUET_PARTY_USER))
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "files need a directory and party 0 or 2");
    }
    if (strlen(dir) + 32 >= sizeof(path)) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "directory name too long");
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                "%s is not a directory", dir);
    }
    /*
     * Our files left by an earlier run would be read by the peer as this
     * run's; the peer's are its own to clear.
     */
    if ((d = opendir(dir)) == NULL) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                "%s: %s", dir, strerror(errno));
    }
    while ((de = readdir(d)) != NULL) {
        if (duet_cosign_is_own_file(de->d_name, party)) {
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            (void) unlink(path);
        }
    }
    closedir(d);

    if (duet_cosign_new_link(l, DUET_COSIGN_FILES, timeout_s) != 0
        || ((*l)->dir = strdup(dir)) == NULL)
    {
        duet_cosign_close(*l);
        *l = NULL;
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_MEMORY,
                                "out of memory");
    }
    (*l)->party = party;
    return 0;
}


static int
duet_cosign_write_all(int fd, const uint8_t *p, size_t len)
{
    ssize_t  n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n == -1 && errno == EINTR) {
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


static int
duet_cosign_file_send(struct duet_cosign_link *l, const uint8_t *frame,
    size_t len, char *err, size_t errlen)
{
    char     path[DUET_COSIGN_PATH_MAX], tmp[DUET_COSIGN_PATH_MAX];
    uint8_t  hdr[4];
    int      fd, r = DUET_COSIGN_ERR_IO;

    snprintf(path, sizeof(path), "%s/%u-%d.msg", l->dir, l->round, l->party);
    snprintf(tmp, sizeof(tmp), "%s/.%u-%d.msg.tmp", l->dir, l->round,
             l->party);
    duet_cosign_put32(hdr, (uint32_t) len);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
              0600);
    if (fd == -1) {
        return duet_cosign_fail(err, errlen, r, "%s: %s", tmp,
                                strerror(errno));
    }
    if (duet_cosign_write_all(fd, hdr, 4) != 0
        || duet_cosign_write_all(fd, frame, len) != 0 || fsync(fd) != 0)
    {
        r = duet_cosign_fail(err, errlen, r, "%s: %s", tmp, strerror(errno));
        close(fd);
        (void) unlink(tmp);
        return r;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        r = duet_cosign_fail(err, errlen, r, "%s: %s", path, strerror(errno));
        (void) unlink(tmp);
        return r;
    }
    return 0;
}


static int
duet_cosign_file_recv(struct duet_cosign_link *l, int peer, uint8_t **frame,
    size_t *len, int64_t deadline, char *err, size_t errlen)
{
    struct stat  st;
    char         path[DUET_COSIGN_PATH_MAX];
    uint8_t     *p = NULL;
    size_t       size = 0, got = 0;
    ssize_t      n;
    int          fd, r;

    snprintf(path, sizeof(path), "%s/%u-%d.msg", l->dir, l->round, peer);
    for (;;) {
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd != -1) {
            break;
        }
        if (errno != ENOENT) {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                    "%s: %s", path, strerror(errno));
        }
        if (duet_cosign_left_ms(deadline) == 0) {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                    "no %s from the peer within %u s",
                                    path, l->timeout_s);
        }
        duet_cosign_sleep_ms(DUET_COSIGN_POLL_MS);
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                             "%s is not a file", path);
        goto out;
    }
    if (st.st_size < 5 || (uint64_t) st.st_size > 4 + DUET_COSIGN_FRAME_MAX)
    {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                             "%s has %lld bytes", path,
                             (long long) st.st_size);
        goto out;
    }
    size = (size_t) st.st_size;
    if ((p = malloc(size)) == NULL) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_MEMORY,
                             "out of memory");
        goto out;
    }
    while (got < size) {
        n = read(fd, p + got, size - got);
        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_IO,
                                 "%s: %s", path,
                                 n == 0 ? "short read" : strerror(errno));
            goto out;
        }
        got += (size_t) n;
    }
    if (duet_cosign_get32(p) != size - 4) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                             "%s: its length field is wrong", path);
        goto out;
    }
    memmove(p, p + 4, size - 4);
    *frame = p;
    *len = size - 4;
    p = NULL;
    /* Consumed: the next run must not read it again. */
    (void) unlink(path);
    r = 0;

out:
    duet_cosign_free_frame(p, size);
    close(fd);
    return r;
}


void
duet_cosign_close(struct duet_cosign_link *l)
{
    if (l == NULL) {
        return;
    }
    if (l->fd != -1) {
        close(l->fd);
    }
    free(l->dir);
    duet_memclear(l, sizeof(*l));
    free(l);
}


void
duet_cosign_set_frame_hook(struct duet_cosign_link *l,
    void (*hook)(void *arg, int n, uint8_t *frame, size_t len), void *arg)
{
    l->hook = hook;
    l->hook_arg = arg;
}


/* One frame each way on the transport: ours and the peer's (malloc'd). */
static int
duet_cosign_exchange_wire(struct duet_cosign_link *l, const uint8_t *out,
    size_t out_len, uint8_t **in, size_t *in_len, char *err, size_t errlen)
{
    int64_t  deadline;
    int      r, peer;

    *in = NULL;
    *in_len = 0;
    if (out_len == 0 || out_len > DUET_COSIGN_FRAME_MAX) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                                "our frame has %zu bytes", out_len);
    }
    peer = DUET_PARTY_SIGNER + DUET_PARTY_USER - l->party;
    deadline = duet_cosign_deadline(l->timeout_s);

    if (l->kind == DUET_COSIGN_FILES) {
        if ((r = duet_cosign_file_send(l, out, out_len, err, errlen)) != 0
            || (r = duet_cosign_file_recv(l, peer, in, in_len, deadline,
                                          err, errlen)) != 0)
        {
            return r;
        }
        l->round++;
        return 0;
    }

    if (l->party == DUET_PARTY_SIGNER) {
        if ((r = duet_cosign_tcp_send(l, out, out_len, deadline, err,
                                      errlen)) != 0)
        {
            return r;
        }
        deadline = duet_cosign_deadline(l->timeout_s);
        return duet_cosign_tcp_recv(l, in, in_len, deadline, err, errlen);
    }
    if ((r = duet_cosign_tcp_recv(l, in, in_len, deadline, err, errlen))
        != 0)
    {
        return r;
    }
    deadline = duet_cosign_deadline(l->timeout_s);
    if ((r = duet_cosign_tcp_send(l, out, out_len, deadline, err, errlen))
        != 0)
    {
        duet_cosign_free_frame(*in, *in_len);
        *in = NULL;
        *in_len = 0;
    }
    return r;
}


/*
 * AES-256-GCM with the direction's key; the nonce is the frame's number
 * (each key seals at most one frame per number).  enc 1 seals in into
 * out (len + tag), enc 0 opens it (len - tag).
 */
static int
duet_cosign_gcm(const uint8_t key[32], uint64_t n, int sender, int enc,
    const uint8_t *in, size_t len, uint8_t *out)
{
    EVP_CIPHER_CTX  *ctx;
    uint8_t          iv[12], aad[1];
    size_t           body;
    int              ok, outl = 0, fin = 0;

    if (!enc && len < DUET_COSIGN_TAG_SIZE) {
        return -1;
    }
    body = enc ? len : len - DUET_COSIGN_TAG_SIZE;
    if (body > INT32_MAX || (ctx = EVP_CIPHER_CTX_new()) == NULL) {
        return -1;
    }
    memset(iv, 0, 4);
    duet_cosign_put32(iv + 4, (uint32_t) (n >> 32));
    duet_cosign_put32(iv + 8, (uint32_t) n);
    aad[0] = (uint8_t) sender;
    if (enc) {
        ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv) == 1
             && EVP_EncryptUpdate(ctx, NULL, &outl, aad, 1) == 1
             && EVP_EncryptUpdate(ctx, out, &outl, in, (int) body) == 1
             && EVP_EncryptFinal_ex(ctx, out + outl, &fin) == 1
             && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG,
                                    DUET_COSIGN_TAG_SIZE, out + body) == 1;
    } else {
        ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv) == 1
             && EVP_DecryptUpdate(ctx, NULL, &outl, aad, 1) == 1
             && EVP_DecryptUpdate(ctx, out, &outl, in, (int) body) == 1
             && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG,
                                    DUET_COSIGN_TAG_SIZE,
                                    (void *) (in + body)) == 1
             && EVP_DecryptFinal_ex(ctx, out + outl, &fin) == 1;
        if (!ok) {
            duet_memclear(out, body);
        }
    }
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}


/*
 * One frame each way: ours (out, which the test hook may change first)
 * and the peer's (*in, malloc'd), sealed once the keys are agreed.
 */
static int
duet_cosign_exchange(struct duet_cosign_link *l, uint8_t *out,
    size_t out_len, uint8_t **in, size_t *in_len, char *err, size_t errlen)
{
    uint8_t  *wire = NULL, *got = NULL, *plain = NULL;
    size_t    wire_len = 0, got_len = 0;
    int       r, peer;

    *in = NULL;
    *in_len = 0;
    if (l->hook != NULL) {
        l->hook(l->hook_arg, l->frames, out, out_len);
    }
    l->frames++;
    if (!l->sealed) {
        return duet_cosign_exchange_wire(l, out, out_len, in, in_len, err,
                                         errlen);
    }
    peer = DUET_PARTY_SIGNER + DUET_PARTY_USER - l->party;
    if (out_len > DUET_COSIGN_FRAME_MAX - DUET_COSIGN_TAG_SIZE) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                                "our frame has %zu bytes", out_len);
    }
    wire_len = out_len + DUET_COSIGN_TAG_SIZE;
    if ((wire = malloc(wire_len)) == NULL) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_MEMORY,
                                "out of memory");
    }
    if (duet_cosign_gcm(l->key_tx, l->n_tx, l->party, 1, out, out_len, wire)
        != 0)
    {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                             "AES-256-GCM failed");
        goto out;
    }
    l->n_tx++;
    if ((r = duet_cosign_exchange_wire(l, wire, wire_len, &got, &got_len,
                                       err, errlen)) != 0)
    {
        goto out;
    }
    if (got_len <= DUET_COSIGN_TAG_SIZE
        || (plain = malloc(got_len - DUET_COSIGN_TAG_SIZE)) == NULL)
    {
        r = got_len <= DUET_COSIGN_TAG_SIZE
            ? duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                               "the peer sent a frame of %zu bytes", got_len)
            : duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_MEMORY,
                               "out of memory");
        goto out;
    }
    if (duet_cosign_gcm(l->key_rx, l->n_rx, peer, 0, got, got_len, plain)
        != 0)
    {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                             "a frame from the peer does not authenticate "
                             "(altered on the way, or another peer)");
        goto out;
    }
    l->n_rx++;
    *in = plain;
    *in_len = got_len - DUET_COSIGN_TAG_SIZE;
    plain = NULL;
    r = 0;

out:
    duet_cosign_free_frame(wire, wire_len);
    duet_cosign_free_frame(got, got_len);
    if (plain != NULL) {
        free(plain);
    }
    return r;
}


/* The hello, the code and the session id. */

/* What the signature is put on, as libduet hashes it. */
static int
duet_cosign_digest(const struct duet_cosign_request *req, uint8_t out[32])
{
    uint64_t  chain_id;
    int       type;

    switch (req->kind) {
    case DUET_SIGN_ETH_TX:
        return duet_eth_tx_sighash(out, &type, &chain_id, req->msg,
                                   req->msg_len);
    case DUET_SIGN_ETH_PERSONAL:
        return duet_eth_personal_hash(out, req->msg, req->msg_len);
    case DUET_SIGN_ETH_TYPED:
        return duet_eth_typed_data_hash(out, (const char *) req->msg,
                                        req->msg_len);
    case DUET_SIGN_RAW_DIGEST:
        if (req->msg_len != 32) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        memcpy(out, req->msg, 32);
        return 0;
    default:
        return DUET_ERR_INVALID_ARGUMENT;
    }
}


/* SHA-256 over label (with its NUL), a, and b (may be NULL). */
static int
duet_cosign_sha256(uint8_t out[32], const char *label, const uint8_t *a,
    size_t alen, const uint8_t *b, size_t blen)
{
    EVP_MD_CTX    *ctx;
    unsigned int   n = 0;
    int            ok;

    if ((ctx = EVP_MD_CTX_new()) == NULL) {
        return -1;
    }
    ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1
         && EVP_DigestUpdate(ctx, label, strlen(label) + 1) == 1
         && EVP_DigestUpdate(ctx, a, alen) == 1
         && (b == NULL || EVP_DigestUpdate(ctx, b, blen) == 1)
         && EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == 32;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -1;
}


/* A fresh X25519 key and its public half. */
static int
duet_cosign_x25519_new(EVP_PKEY **key, uint8_t pub[32])
{
    size_t  n = 32;

    if ((*key = EVP_PKEY_Q_keygen(NULL, NULL, "X25519")) == NULL
        || EVP_PKEY_get_raw_public_key(*key, pub, &n) != 1 || n != 32)
    {
        EVP_PKEY_free(*key);
        *key = NULL;
        return -1;
    }
    return 0;
}


/*
 * The frame keys: HKDF-SHA256 over the X25519 secret of our key and the
 * peer's, salted with both hellos, one key per direction.
 */
static int
duet_cosign_keys(struct duet_cosign_link *l, EVP_PKEY *mine,
    const uint8_t peer_pub[32], const uint8_t salt[32])
{
    static const char   *info[2] = { "duet cosign 0 to 2",
                                     "duet cosign 2 to 0" };
    EVP_PKEY            *peer = NULL;
    EVP_PKEY_CTX        *ctx = NULL;
    uint8_t              secret[32], keys[2][32], zero[32];
    size_t               n = sizeof(secret);
    int                  i, r = -1;

    peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, peer_pub, 32);
    if (peer == NULL || (ctx = EVP_PKEY_CTX_new(mine, NULL)) == NULL
        || EVP_PKEY_derive_init(ctx) != 1
        || EVP_PKEY_derive_set_peer(ctx, peer) != 1
        || EVP_PKEY_derive(ctx, secret, &n) != 1 || n != 32)
    {
        goto out;
    }
    /* A low-order point from the peer gives 0: no secret at all. */
    memset(zero, 0, sizeof(zero));
    if (duet_ct_memeq(secret, zero, 32)) {
        goto out;
    }
    EVP_PKEY_CTX_free(ctx);
    ctx = NULL;
    for (i = 0; i < 2; i++) {
        n = 32;
        if ((ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL)) == NULL
            || EVP_PKEY_derive_init(ctx) != 1
            || EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) != 1
            || EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, 32) != 1
            || EVP_PKEY_CTX_set1_hkdf_key(ctx, secret, 32) != 1
            || EVP_PKEY_CTX_add1_hkdf_info(ctx,
                   (const unsigned char *) info[i],
                   (int) strlen(info[i])) != 1
            || EVP_PKEY_derive(ctx, keys[i], &n) != 1 || n != 32)
        {
            goto out;
        }
        EVP_PKEY_CTX_free(ctx);
        ctx = NULL;
    }
    memcpy(l->key_tx, keys[l->party == DUET_PARTY_SIGNER ? 0 : 1], 32);
    memcpy(l->key_rx, keys[l->party == DUET_PARTY_SIGNER ? 1 : 0], 32);
    l->n_tx = 0;
    l->n_rx = 0;
    l->sealed = 1;
    r = 0;

out:
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
    duet_memclear(secret, sizeof(secret));
    duet_memclear(keys, sizeof(keys));
    return r;
}


/* Is the peer's hello the other half of ours? */
static int
duet_cosign_check_hello(const uint8_t *mine, const uint8_t *theirs,
    size_t len, char *err, size_t errlen)
{
    if (len != DUET_COSIGN_HELLO_SIZE || theirs[0] != DUET_COSIGN_VERSION) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "the peer's hello is not a duet cosign "
                                "hello of version %d", DUET_COSIGN_VERSION);
    }
    if (theirs[DUET_COSIGN_H_PARTY]
        != DUET_PARTY_SIGNER + DUET_PARTY_USER - mine[DUET_COSIGN_H_PARTY])
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "the peer holds share %d, not share %d",
                                theirs[DUET_COSIGN_H_PARTY],
                                DUET_PARTY_SIGNER + DUET_PARTY_USER
                                - mine[DUET_COSIGN_H_PARTY]);
    }
    if (memcmp(mine + DUET_COSIGN_H_PUBKEY, theirs + DUET_COSIGN_H_PUBKEY,
               33) != 0)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "the peer holds a share of another key");
    }
    if (memcmp(mine + DUET_COSIGN_H_EPOCH, theirs + DUET_COSIGN_H_EPOCH, 4)
        != 0
        || memcmp(mine + DUET_COSIGN_H_AUX, theirs + DUET_COSIGN_H_AUX, 32)
           != 0)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "the peer's share is of another epoch or "
                                "aux info (refreshed on one side only?)");
    }
    if (mine[DUET_COSIGN_H_KIND] != theirs[DUET_COSIGN_H_KIND]
        || memcmp(mine + DUET_COSIGN_H_DIGEST, theirs + DUET_COSIGN_H_DIGEST,
                  32) != 0)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "the peer was asked to sign something "
                                "else");
    }
    if (memcmp(mine + DUET_COSIGN_H_NONCE, theirs + DUET_COSIGN_H_NONCE, 32)
        == 0)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "the peer sent our own nonce back");
    }
    return 0;
}


/* The protocol. */

/* Our session's outgoing messages as one frame: u32 n, (u32 len, bytes)*. */
static int
duet_cosign_pack(const struct duet_session *s, uint8_t **frame, size_t *len)
{
    const uint8_t  *m;
    uint8_t        *p, *q;
    size_t          i, n, ml, size = 4;

    *frame = NULL;
    *len = 0;
    n = duet_session_outgoing_count(s);
    if (n == 0 || n > DUET_COSIGN_MAX_MESSAGES) {
        return DUET_COSIGN_ERR_PROTOCOL;
    }
    for (i = 0; i < n; i++) {
        if (duet_session_outgoing(s, i, &m, &ml, NULL) != 0
            || ml > DUET_COSIGN_FRAME_MAX)
        {
            return DUET_COSIGN_ERR_PROTOCOL;
        }
        size += 4 + ml;
    }
    if (size > DUET_COSIGN_FRAME_MAX - DUET_COSIGN_TAG_SIZE) {
        return DUET_COSIGN_ERR_PROTOCOL;
    }
    if ((p = malloc(size)) == NULL) {
        return DUET_COSIGN_ERR_MEMORY;
    }
    duet_cosign_put32(p, (uint32_t) n);
    q = p + 4;
    for (i = 0; i < n; i++) {
        if (duet_session_outgoing(s, i, &m, &ml, NULL) != 0) {
            duet_cosign_free_frame(p, size);
            return DUET_COSIGN_ERR_PROTOCOL;
        }
        duet_cosign_put32(q, (uint32_t) ml);
        memcpy(q + 4, m, ml);
        q += 4 + ml;
    }
    *frame = p;
    *len = size;
    return 0;
}


/*
 * Split the peer's frame into messages (pointers into it) and check each
 * envelope as cli/client_proto.c checks duetd's: from the peer, to us or
 * broadcast, of the session's protocol, round and id.
 */
static int
duet_cosign_unpack(const struct duet_session *s, int me, const uint8_t *sid,
    const uint8_t *frame, size_t len, const uint8_t **msgs, size_t *lens,
    size_t *count, char *err, size_t errlen)
{
    struct duet_msg_info  info;
    const char           *name;
    size_t                i, n, off = 4;
    int                   peer, e;

    peer = DUET_PARTY_SIGNER + DUET_PARTY_USER - me;
    name = duet_session_proto(s) == DUET_PROTO_PRESIGN ? "presign" : "sign";
    if (len < 4 || (n = duet_cosign_get32(frame)) == 0
        || n > DUET_COSIGN_MAX_MESSAGES)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "%s round %d: the peer's frame is garbled",
                                name, duet_session_round(s));
    }
    for (i = 0; i < n; i++) {
        if (len - off < 4
            || (lens[i] = duet_cosign_get32(frame + off)) > len - off - 4)
        {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                    "%s round %d: the peer's frame is "
                                    "garbled", name, duet_session_round(s));
        }
        msgs[i] = frame + off + 4;
        off += 4 + lens[i];
        if ((e = duet_msg_peek(&info, msgs[i], lens[i])) != 0) {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                    "%s round %d: the peer sent a message "
                                    "that is no duet envelope: %s", name,
                                    duet_session_round(s), duet_errname(e));
        }
        if (info.sender != peer
            || (info.recipient != me && info.recipient != DUET_BROADCAST)
            || info.proto != duet_session_proto(s)
            || info.round != duet_session_round(s) || info.sid_len != 32
            || memcmp(info.sid, sid, 32) != 0)
        {
            return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                    "%s round %d: the peer sent a message "
                                    "of party %d to %d, protocol %d round "
                                    "%d, or of another session", name,
                                    duet_session_round(s), info.sender,
                                    info.recipient, info.proto, info.round);
        }
    }
    if (off != len) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                                "%s round %d: bytes after the peer's "
                                "messages", name, duet_session_round(s));
    }
    *count = n;
    return 0;
}


/* One round: our messages out, the peer's in, a step. */
static int
duet_cosign_round(struct duet_cosign_link *l, struct duet_session *s,
    int me, const uint8_t *sid, char *err, size_t errlen)
{
    struct duet_blame   blame;
    const uint8_t      *msgs[DUET_COSIGN_MAX_MESSAGES];
    size_t              lens[DUET_COSIGN_MAX_MESSAGES];
    uint8_t            *out = NULL, *in = NULL;
    size_t              out_len = 0, in_len = 0, count = 0;
    const char         *name;
    int                 r, e, round;

    name = duet_session_proto(s) == DUET_PROTO_PRESIGN ? "presign" : "sign";
    round = duet_session_round(s);
    if ((r = duet_cosign_pack(s, &out, &out_len)) != 0) {
        r = duet_cosign_fail(err, errlen, r, "%s round %d: our messages",
                             name, round);
        goto out;
    }
    if ((r = duet_cosign_exchange(l, out, out_len, &in, &in_len, err,
                                  errlen)) != 0
        || (r = duet_cosign_unpack(s, me, sid, in, in_len, msgs, lens,
                                   &count, err, errlen)) != 0)
    {
        goto out;
    }
    e = duet_session_step(s, msgs, lens, count, &blame);
    if (e != 0) {
        if (blame.party != DUET_PARTY_NONE && blame.party != me) {
            r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                                 "%s round %d: party %d (the peer) %s: %s",
                                 name, round, blame.party,
                                 e == DUET_ERR_MISSING_MESSAGE
                                     ? "sent no message" : "misbehaved",
                                 duet_errname(blame.reason != 0
                                              ? blame.reason : e));
        } else {
            r = duet_cosign_fail(err, errlen, e == DUET_ERR_NO_MEMORY
                                              ? DUET_COSIGN_ERR_MEMORY
                                              : DUET_COSIGN_ERR_PROTOCOL,
                                 "%s round %d as party %d: %s", name,
                                 round, me, duet_errname(e));
        }
        goto out;
    }
    r = 0;

out:
    /* Round 2's point-to-point messages are for the peer's eyes only. */
    duet_cosign_free_frame(out, out_len);
    duet_cosign_free_frame(in, in_len);
    return r;
}


/* Does sig (r || s || recid, low s) verify on digest under pubkey? */
static int
duet_cosign_verify(const uint8_t sig[65], const uint8_t digest[32],
    const uint8_t pubkey[33])
{
    secp256k1_context                      *ctx;
    secp256k1_ecdsa_recoverable_signature   rs;
    secp256k1_ecdsa_signature               plain;
    secp256k1_pubkey                        pk, rec;
    uint8_t                                 ser[33];
    size_t                                  n = sizeof(ser);
    int                                     ok;

    if (sig[64] > 3
        || (ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE)) == NULL)
    {
        return 0;
    }
    ok = secp256k1_ec_pubkey_parse(ctx, &pk, pubkey, 33)
         && secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs,
                                                                sig, sig[64])
         && secp256k1_ecdsa_recoverable_signature_convert(ctx, &plain, &rs)
         /* normalize returns 1 when s was high: Ethereum refuses those. */
         && !secp256k1_ecdsa_signature_normalize(ctx, NULL, &plain)
         && secp256k1_ecdsa_verify(ctx, &plain, digest, &pk)
         && secp256k1_ecdsa_recover(ctx, &rec, &rs, digest)
         && secp256k1_ec_pubkey_serialize(ctx, ser, &n, &rec,
                                          SECP256K1_EC_COMPRESSED)
         && n == 33 && memcmp(ser, pubkey, 33) == 0;
    secp256k1_context_destroy(ctx);
    return ok;
}


int
duet_cosign_run(struct duet_cosign_link *l,
    const struct duet_client_share *share,
    const struct duet_cosign_request *req,
    int (*show_code)(void *arg, const char code[DUET_COSIGN_CODE_SIZE]),
    void *arg, const char *peer_code, uint8_t out[65], uint8_t digest[32],
    char *err, size_t errlen)
{
    static const int            pair[2] = { DUET_PARTY_SIGNER,
                                            DUET_PARTY_USER };
    struct duet_keyshare_info   ki;
    struct duet_aux_info        ai;
    struct duet_session        *s = NULL, *signing = NULL;
    struct duet_presig         *token = NULL;
    uint8_t                     hello[DUET_COSIGN_HELLO_SIZE];
    uint8_t                     sid[32], bind[32], hash[32], salt[32];
    uint8_t                     commit[32], wire[DUET_COSIGN_HELLO_SIZE];
    uint8_t                     sig[DUET_SIGNATURE_BYTES];
    uint8_t                    *theirs = NULL, *presig = NULL;
    uint8_t                    *their_commit = NULL;
    size_t                      theirs_len = 0, presig_len = 0, n;
    size_t                      their_commit_len = 0;
    EVP_PKEY                   *eph = NULL;
    const uint8_t              *h0, *h2;
    char                        code[DUET_COSIGN_CODE_SIZE];
    uint64_t                    v;
    int                         r, e, me, i;

    memset(out, 0, 65);
    memset(digest, 0, 32);
    if (errlen > 0) {
        err[0] = '\0';
    }
    if (l == NULL || share == NULL || req == NULL
        || (req->msg == NULL && req->msg_len != 0)
        || share->keyshare == NULL || share->aux == NULL)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "cosign needs a link, a share and a "
                                "request");
    }
    /* Callers that made no client have not installed GMP's hooks yet. */
    if (duet_init_displacing() != 0) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                                "libduet does not initialise");
    }
    me = share->index;
    if ((me != DUET_PARTY_SIGNER && me != DUET_PARTY_USER)
        || duet_keyshare_inspect(&ki, share->keyshare, share->keyshare_len)
           != 0
        || duet_aux_inspect(&ai, share->aux, share->aux_len) != 0
        || ki.index != me || ai.index != me || ki.level != ai.level)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "cosign needs a valid share 0 or 2 with "
                                "its aux info");
    }
    if (l->frames != 0) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "a link serves one run");
    }
    if (l->party != DUET_PARTY_NONE && l->kind == DUET_COSIGN_FILES
        && l->party != me)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "the files were opened for party %d, the "
                                "share is party %d's", l->party, me);
    }
    if (duet_cosign_digest(req, hash) != 0) {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_ARGUMENT,
                                "the request is not something duet signs");
    }
    l->party = me;

    /* 1. Hellos: the same key, aux info, epoch and digest on both sides. */
    hello[0] = DUET_COSIGN_VERSION;
    hello[DUET_COSIGN_H_PARTY] = (uint8_t) me;
    hello[DUET_COSIGN_H_KIND] = (uint8_t) req->kind;
    duet_cosign_put32(hello + DUET_COSIGN_H_EPOCH, ki.epoch);
    memcpy(hello + DUET_COSIGN_H_PUBKEY, ki.pubkey, 33);
    memcpy(hello + DUET_COSIGN_H_AUX, ai.id, 32);
    memcpy(hello + DUET_COSIGN_H_DIGEST, hash, 32);
    if (duet_random_bytes(hello + DUET_COSIGN_H_NONCE, 32) != 0
        || duet_cosign_x25519_new(&eph, hello + DUET_COSIGN_H_EPH) != 0
        || duet_cosign_sha256(commit, "duet cosign commit v1", hello,
                              sizeof(hello), NULL, 0) != 0)
    {
        return duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                                "no random bytes or no X25519 key");
    }

    /*
     * Each side commits to its hello before it sees the peer's: a man in
     * the middle must then fix what he shows one side before he learns
     * that side's hello, and cannot search for two hellos with equal
     * codes.  (The hook may change what is sent, never our own copies.)
     */
    memcpy(wire, commit, sizeof(commit));
    if ((r = duet_cosign_exchange(l, wire, sizeof(commit), &their_commit,
                                  &their_commit_len, err, errlen)) != 0)
    {
        goto out;
    }
    if (their_commit_len != sizeof(commit)) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                             "the peer's first frame is no duet cosign "
                             "commitment");
        goto out;
    }
    memcpy(wire, hello, sizeof(hello));
    if ((r = duet_cosign_exchange(l, wire, sizeof(hello), &theirs,
                                  &theirs_len, err, errlen)) != 0
        || (r = duet_cosign_check_hello(hello, theirs, theirs_len, err,
                                        errlen)) != 0)
    {
        goto out;
    }
    if (duet_cosign_sha256(bind, "duet cosign commit v1", theirs,
                           theirs_len, NULL, 0) != 0
        || memcmp(bind, their_commit, sizeof(bind)) != 0)
    {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                             "the peer's hello is not the one it committed "
                             "to");
        goto out;
    }

    /*
     * 2. The code, the session id and the frame keys bind both hellos, so
     * a replayed or relayed hello from another run cannot mix into this
     * one, and the code people compare covers the keys.
     */
    h0 = me == DUET_PARTY_SIGNER ? hello : theirs;
    h2 = me == DUET_PARTY_SIGNER ? theirs : hello;
    if (duet_cosign_sha256(bind, "duet cosign code v1", h0,
                           DUET_COSIGN_HELLO_SIZE, h2,
                           DUET_COSIGN_HELLO_SIZE) != 0
        || duet_cosign_sha256(sid, "duet cosign sid v1", h0,
                              DUET_COSIGN_HELLO_SIZE, h2,
                              DUET_COSIGN_HELLO_SIZE) != 0
        || duet_cosign_sha256(salt, "duet cosign keys v1", h0,
                              DUET_COSIGN_HELLO_SIZE, h2,
                              DUET_COSIGN_HELLO_SIZE) != 0)
    {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                             "SHA-256 failed");
        goto out;
    }
    if (duet_cosign_keys(l, eph, theirs + DUET_COSIGN_H_EPH, salt) != 0) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PEER,
                             "no shared key with the peer's X25519 key");
        goto out;
    }
    v = 0;
    for (i = 0; i < 8; i++) {
        v = v << 8 | bind[i];
    }
    snprintf(code, sizeof(code), "%06u", (unsigned) (v % 1000000));
    if (peer_code != NULL) {
        if (strlen(peer_code) != DUET_COSIGN_CODE_SIZE - 1
            || !duet_ct_memeq(peer_code, code, DUET_COSIGN_CODE_SIZE - 1))
        {
            r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_CODE,
                                 "the peer's code differs from ours (%s)",
                                 code);
            goto out;
        }
    } else if (show_code != NULL && show_code(arg, code) != 0) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_CODE,
                             "stopped: the codes differ");
        goto out;
    }

    /* 3. Presign, used at once and never stored. */
    e = duet_presign_start(&s, sid, sizeof(sid), share->keyshare,
                           share->keyshare_len, share->aux, share->aux_len,
                           pair, NULL);
    if (e != 0) {
        r = duet_cosign_fail(err, errlen, e == DUET_ERR_NO_MEMORY
                                          ? DUET_COSIGN_ERR_MEMORY
                                          : DUET_COSIGN_ERR_PROTOCOL,
                             "presign start: %s", duet_errname(e));
        goto out;
    }
    while (duet_session_status(s) == DUET_SESSION_RUNNING) {
        if ((r = duet_cosign_round(l, s, me, sid, err, errlen)) != 0) {
            goto out;
        }
    }
    if (duet_session_status(s) != DUET_SESSION_DONE
        || duet_session_result(s, NULL, &presig_len)
           != DUET_ERR_BUFFER_TOO_SMALL
        || presig_len == 0 || (presig = malloc(presig_len)) == NULL
        || duet_session_result(s, presig, &presig_len) != 0)
    {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                             "presigning did not finish");
        goto out;
    }
    e = duet_presig_take(&token, presig, presig_len);
    if (e != 0) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                             "presignature: %s", duet_errname(e));
        goto out;
    }

    /* 4. Sign: one round of partial signatures. */
    e = duet_sign_start(&signing, token, req->kind, req->msg, req->msg_len,
                        NULL);
    token = NULL;
    if (e != 0) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                             "sign start: %s", duet_errname(e));
        goto out;
    }
    while (duet_session_status(signing) == DUET_SESSION_RUNNING) {
        if ((r = duet_cosign_round(l, signing, me, sid, err, errlen)) != 0) {
            goto out;
        }
    }
    n = sizeof(sig);
    if (duet_session_status(signing) != DUET_SESSION_DONE
        || duet_session_result(signing, sig, &n) != 0 || n != sizeof(sig))
    {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                             "signing did not finish");
        goto out;
    }

    /* 5. Our own check, independent of libduet's. */
    if (!duet_cosign_verify(sig, hash, ki.pubkey)) {
        r = duet_cosign_fail(err, errlen, DUET_COSIGN_ERR_PROTOCOL,
                             "the signature does not verify under the "
                             "key");
        goto out;
    }
    memcpy(out, sig, sizeof(sig));
    memcpy(digest, hash, 32);
    r = 0;

out:
    duet_presig_destroy(token);
    duet_session_destroy(signing);
    duet_session_destroy(s);
    duet_cosign_free_frame(presig, presig_len);
    duet_cosign_free_frame(theirs, theirs_len);
    duet_cosign_free_frame(their_commit, their_commit_len);
    EVP_PKEY_free(eph);
    duet_memclear(hello, sizeof(hello));
    duet_memclear(salt, sizeof(salt));
    duet_memclear(sid, sizeof(sid));
    duet_memclear(bind, sizeof(bind));
    return r;
}
