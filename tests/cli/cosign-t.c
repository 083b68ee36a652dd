/*
 * cosign-t.c -- Signer+User without the server (cli/cosign.c): two
 * processes, party 0 in this one and party 2 in a forked child, co-sign
 * over a TCP connection on 127.0.0.1 and over files in a directory, with
 * real shares from a level-112 DKG run here with libduet (the published
 * test primes).  The signatures are checked with libsecp256k1 against the
 * key's Ethereum address.  Then the refusals: a peer of another key or
 * another digest (before any protocol message), a wrong code, a peer that
 * tampers a presign message (named), a peer that stops answering or dies.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <openssl/evp.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_eth.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "basic.h"
#include "client.h"
#include "cosign.h"

#define TIMEOUT      60     /* seconds: the successful runs            */
#define SHORT        2      /* seconds: the peer that stops answering  */

#define TCP          1
#define FILES        2

/* What a child does to its frames. */
#define HOOK_NONE    0
#define HOOK_TAMPER  1      /* flip a byte of presign round 1          */
#define HOOK_HANG    2      /* stop answering after presign round 1    */
#define HOOK_DIE     3      /* exit after presign round 1              */

struct material {
    struct duet_client_share  share[3];     /* key A: parties 0, 1, 2   */
    struct duet_client_share  other2;       /* key B's party 2          */
    uint8_t                   pubkey[33];   /* key A                    */
    uint8_t                   addr[20];
};

/* One side of a run. */
struct side {
    const struct duet_client_share  *share;
    struct duet_cosign_request       req;
    const char                      *peer_code;
    int                              refuse_code;   /* show_code says no */
    int                              hook;
    unsigned                         timeout_s;
};

struct outcome {
    int       rc;
    uint8_t   sig[65];
    uint8_t   digest[32];
    char      code[DUET_COSIGN_CODE_SIZE];
    char      err[256];
    int       frames;        /* the last frame number sent             */
    double    seconds;
    double    waited;        /* from the last frame sent to the end    */
};

struct hook_state {
    int       mode;
    int       last;
    double    t_last;
};

struct show_state {
    struct outcome  *o;
    int              refuse;
};


static void
load_prime(uint8_t *out, size_t *len, unsigned idx)
{
    const char  *top = getenv("top_srcdir");
    char         path[4096], line[1024];
    unsigned     seen = 0;
    size_t       n;
    FILE        *f;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-1024.txt",
             top != NULL ? top : ".");
    if ((f = fopen(path, "r")) == NULL) {
        bail("cannot open %s", path);
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n' || seen++ != idx) {
            continue;
        }
        n = strcspn(line, "\r\n");
        if (duet_hex_decode(out, DUET_PRIME_BYTES_112, len, line, n) != 0
            || *len != DUET_PRIME_BYTES_112)
        {
            bail("bad prime %u in %s", idx, path);
        }
        fclose(f);
        return;
    }
    bail("%s has no prime %u", path, idx);
}


static uint8_t *
result(struct duet_session *s, size_t *len)
{
    uint8_t  *buf;
    size_t    n = 0;

    if (duet_session_status(s) != DUET_SESSION_DONE
        || duet_session_result(s, NULL, &n) != DUET_ERR_BUFFER_TOO_SMALL) {
        bail("session not done");
    }
    buf = bmalloc(n);
    if (duet_session_result(s, buf, &n) != 0) {
        bail("session result");
    }
    *len = n;
    return buf;
}


/*
 * Run n local sessions (of parties party[]) to the end, each round's
 * messages routed to every session of the same protocol that must see
 * them.
 */
static void
run_local(struct duet_session **s, const int *party, size_t n)
{
    struct duet_msg_info   info[64];
    struct duet_blame      blame;
    const uint8_t         *p, *give[64];
    uint8_t               *msg[64];
    size_t                 len[64], glen[64], i, k, m, cnt, got;
    int                    running = 1, e;

    while (running) {
        m = 0;
        for (i = 0; i < n; i++) {
            cnt = duet_session_outgoing_count(s[i]);
            for (k = 0; k < cnt; k++) {
                if (m == 64
                    || duet_session_outgoing(s[i], k, &p, &len[m], NULL) != 0
                    || duet_msg_peek(&info[m], p, len[m]) != 0)
                {
                    bail("outgoing message");
                }
                msg[m] = bmalloc(len[m]);
                memcpy(msg[m], p, len[m]);
                m++;
            }
        }
        running = 0;
        for (i = 0; i < n; i++) {
            got = 0;
            for (k = 0; k < m; k++) {
                if (info[k].proto == duet_session_proto(s[i])
                    && info[k].sender != party[i]
                    && (info[k].recipient == party[i]
                        || info[k].recipient == DUET_BROADCAST))
                {
                    give[got] = msg[k];
                    glen[got++] = len[k];
                }
            }
            if ((e = duet_session_step(s[i], give, glen, got, &blame)) != 0) {
                bail("local step of party %d: %s (blame %d)", party[i],
                     duet_errname(e), blame.party);
            }
            if (duet_session_status(s[i]) == DUET_SESSION_RUNNING) {
                running = 1;
            }
        }
        for (k = 0; k < m; k++) {
            duet_memclear(msg[k], len[k]);
            free(msg[k]);
        }
    }
}


/* A DKG of three parties; with_aux 0 gives key shares only. */
static void
dkg(const char *label, unsigned prime_base, int with_aux,
    struct duet_client_share out[3])
{
    static const int      party[6] = { 0, 1, 2, 0, 1, 2 };
    struct duet_session  *s[6] = { NULL };
    uint8_t               pb[12][DUET_PRIME_BYTES_112];
    const uint8_t        *pp[12];
    size_t                pl[12];
    char                  ksid[DUET_SID_MAX + 1], asid[DUET_SID_MAX + 1];
    int                   i, n = with_aux ? 6 : 3;

    snprintf(ksid, sizeof(ksid), "duet cosign-t key %s/keygen", label);
    snprintf(asid, sizeof(asid), "duet cosign-t key %s/aux", label);
    for (i = 0; i < 3; i++) {
        if (duet_keygen_start(&s[i], (const uint8_t *) ksid, strlen(ksid),
                              DUET_LEVEL_112, i) != 0)
        {
            bail("keygen start");
        }
    }
    if (with_aux) {
        for (i = 0; i < 12; i++) {
            load_prime(pb[i], &pl[i], prime_base + (unsigned) i);
            pp[i] = pb[i];
        }
        for (i = 0; i < 3; i++) {
            if (duet_aux_start(&s[3 + i], (const uint8_t *) asid,
                               strlen(asid), DUET_LEVEL_112, i, pp + 4 * i,
                               pl + 4 * i) != 0)
            {
                bail("aux start");
            }
        }
        duet_memclear(pb, sizeof(pb));
    }
    run_local(s, party, (size_t) n);
    for (i = 0; i < 3; i++) {
        out[i].index = i;
        out[i].keyshare = result(s[i], &out[i].keyshare_len);
        if (with_aux) {
            out[i].aux = result(s[3 + i], &out[i].aux_len);
        }
    }
    for (i = 0; i < n; i++) {
        duet_session_destroy(s[i]);
    }
}


static void
share_free(struct duet_client_share *sh)
{
    if (sh->keyshare != NULL) {
        duet_memclear(sh->keyshare, sh->keyshare_len);
        free(sh->keyshare);
    }
    if (sh->aux != NULL) {
        duet_memclear(sh->aux, sh->aux_len);
        free(sh->aux);
    }
    memset(sh, 0, sizeof(*sh));
}


static double
now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}


static int
show_code(void *arg, const char code[DUET_COSIGN_CODE_SIZE])
{
    struct show_state  *sh = arg;

    memcpy(sh->o->code, code, DUET_COSIGN_CODE_SIZE);
    return sh->refuse ? -1 : 0;
}


static void
frame_hook(void *arg, int n, uint8_t *frame, size_t len)
{
    struct hook_state  *h = arg;

    /* Frames 0 and 1 are the commitment and the hello. */
    h->last = n;
    h->t_last = now();
    if (n != 3 || h->mode == HOOK_NONE) {
        if (n == 2 && h->mode == HOOK_TAMPER) {
            /* The last message's last byte: inside a proof. */
            frame[len - 1] ^= 0x01;
        }
        return;
    }
    if (h->mode == HOOK_HANG) {
        /* The parent kills us. */
        sleep(3 * SHORT + 30);
        _exit(3);
    }
    if (h->mode == HOOK_DIE) {
        _exit(4);
    }
}


/* Run one side on a new link; party 0 listens (or writes files first). */
static void
run_side(int transport, const char *where, const struct side *sd,
    struct outcome *o)
{
    struct duet_cosign_link  *l = NULL;
    struct hook_state         h;
    struct show_state         sh;
    double                    t0 = now();
    int                       me = sd->share->index;

    memset(o, 0, sizeof(*o));
    h.mode = sd->hook;
    h.last = -1;
    h.t_last = t0;
    if (transport == FILES) {
        o->rc = duet_cosign_files(where, me, sd->timeout_s, &l, o->err,
                                  sizeof(o->err));
    } else if (me == DUET_PARTY_SIGNER) {
        o->rc = duet_cosign_listen(where, sd->timeout_s, &l, o->err,
                                   sizeof(o->err));
    } else {
        o->rc = duet_cosign_connect(where, sd->timeout_s, &l, o->err,
                                    sizeof(o->err));
    }
    if (o->rc == 0) {
        duet_cosign_set_frame_hook(l, frame_hook, &h);
        sh.o = o;
        sh.refuse = sd->refuse_code;
        o->rc = duet_cosign_run(l, sd->share, &sd->req, show_code, &sh,
                                sd->peer_code, o->sig, o->digest, o->err,
                                sizeof(o->err));
    }
    duet_cosign_close(l);
    o->frames = h.last;
    o->seconds = now() - t0;
    o->waited = h.last >= 0 ? now() - h.t_last : o->seconds;
}


/*
 * Party 2 (s2) in a child, party 0 (s0) here; the child's outcome comes
 * back through a pipe.  A child that does not finish within its own
 * timeout and a margin is killed (SIGKILL).
 */
static void
run_pair2(int transport, const char *where0, const char *where2,
    const struct side *s0, const struct side *s2, struct outcome *o0,
    struct outcome *o2)
{
    struct outcome  tmp;
    ssize_t         n;
    size_t          got = 0;
    pid_t           pid;
    int             fds[2], status;

    if (pipe(fds) != 0) {
        sysbail("pipe");
    }
    fflush(stdout);
    fflush(stderr);
    if ((pid = fork()) == -1) {
        sysbail("fork");
    }
    if (pid == 0) {
        close(fds[0]);
        run_side(transport, where2, s2, &tmp);
        n = write(fds[1], &tmp, sizeof(tmp));
        _exit(n == (ssize_t) sizeof(tmp) ? 0 : 1);
    }
    close(fds[1]);
    run_side(transport, where0, s0, o0);
    if (s2->hook == HOOK_HANG) {
        kill(pid, SIGKILL);
    }
    memset(o2, 0, sizeof(*o2));
    o2->rc = 99;
    while (got < sizeof(*o2)) {
        n = read(fds[0], (char *) o2 + got, sizeof(*o2) - got);
        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += (size_t) n;
    }
    if (got != sizeof(*o2)) {
        memset(o2, 0, sizeof(*o2));
        o2->rc = 99;
        snprintf(o2->err, sizeof(o2->err), "the child reported nothing");
    }
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid) {
        sysbail("waitpid");
    }
    if (o0->rc != 0) {
        diag("party 0: %d: %s", o0->rc, o0->err);
    }
    if (o2->rc != 0) {
        diag("party 2: %d: %s", o2->rc, o2->err);
    }
}


/* Remove what runs that stopped half-way left in dir. */
static void
empty_dir(const char *dir)
{
    struct dirent  *de;
    DIR            *d;
    char            path[4096];

    if ((d = opendir(dir)) == NULL) {
        sysbail("opendir %s", dir);
    }
    while ((de = readdir(d)) != NULL) {
        if (strstr(de->d_name, ".msg") != NULL) {
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            if (unlink(path) != 0) {
                sysbail("unlink %s", path);
            }
        }
    }
    closedir(d);
}


static void
run_pair(int transport, const char *where, const struct side *s0,
    const struct side *s2, struct outcome *o0, struct outcome *o2)
{
    run_pair2(transport, where, where, s0, s2, o0, o2);
}


/* A free TCP port on 127.0.0.1 (bound, read, released). */
static void
free_port(char *out, size_t size)
{
    struct sockaddr_in  sa;
    socklen_t           sl = sizeof(sa);
    int                 fd;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1
        || bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0
        || getsockname(fd, (struct sockaddr *) &sa, &sl) != 0)
    {
        sysbail("free port");
    }
    close(fd);
    snprintf(out, size, "127.0.0.1:%u", (unsigned) ntohs(sa.sin_port));
}


/* Does sig recover, with libsecp256k1, to the address addr on digest? */
static int
recovers_to(const uint8_t sig[65], const uint8_t digest[32],
    const uint8_t addr[20])
{
    secp256k1_context                      *ctx;
    secp256k1_ecdsa_recoverable_signature   rs;
    secp256k1_pubkey                        rec;
    uint8_t                                 ser[65], h[32];
    size_t                                  n = sizeof(ser);
    int                                     ok;

    if (sig[64] > 1) {
        return 0;
    }
    ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    ok = secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig,
                                                             sig[64])
         && secp256k1_ecdsa_recover(ctx, &rec, &rs, digest)
         && secp256k1_ec_pubkey_serialize(ctx, ser, &n, &rec,
                                          SECP256K1_EC_UNCOMPRESSED)
         && n == 65 && duet_eth_keccak256(h, ser + 1, 64) == 0
         && memcmp(h + 12, addr, 20) == 0;
    secp256k1_context_destroy(ctx);
    return ok;
}


static void
side_init(struct side *sd, const struct duet_client_share *share, int kind,
    const uint8_t *msg, size_t len)
{
    memset(sd, 0, sizeof(*sd));
    sd->share = share;
    sd->req.kind = kind;
    sd->req.msg = msg;
    sd->req.msg_len = len;
    sd->timeout_s = TIMEOUT;
}


static void
test_success(const struct material *mat, const char *dir, char *last_code)
{
    static const char   txjson[] =
        "{\"type\":2,\"chainId\":1337,\"nonce\":3,\"gasLimit\":21000,"
        "\"maxFeePerGas\":\"30000000000\",\"maxPriorityFeePerGas\":"
        "\"1000000000\",\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
        "\"value\":\"1000000000000000\",\"data\":\"0x\"}";
    static const char   text[] = "duet cosign: hello from parties 0 and 2";
    struct side         s0, s2;
    struct outcome      o0, o2;
    uint8_t             tx[DUET_ETH_TX_MAX_SIZE], want[32];
    size_t              tx_len = sizeof(tx);
    uint64_t            chain_id;
    char                where[64];
    int                 type, t;

    if (duet_eth_tx_from_json(tx, &tx_len, txjson, strlen(txjson)) != 0
        || duet_eth_tx_sighash(want, &type, &chain_id, tx, tx_len) != 0)
    {
        bail("test transaction");
    }
    for (t = TCP; t <= FILES; t++) {
        const char  *name = t == TCP ? "TCP" : "files";

        if (t == TCP) {
            free_port(where, sizeof(where));
        } else {
            snprintf(where, sizeof(where), "%s", dir);
        }
        side_init(&s0, &mat->share[0], DUET_SIGN_ETH_TX, tx, tx_len);
        side_init(&s2, &mat->share[2], DUET_SIGN_ETH_TX, tx, tx_len);
        run_pair(t, where, &s0, &s2, &o0, &o2);
        ok(o0.rc == 0 && o2.rc == 0, "%s: a transaction co-signed by "
           "parties 0 and 2 (%.1f s)", name, o0.seconds);
        ok(o0.rc == 0 && memcmp(o0.digest, want, 32) == 0
           && memcmp(o2.digest, want, 32) == 0,
           "%s: both signed the transaction's sighash", name);
        ok(o0.rc == 0 && memcmp(o0.sig, o2.sig, 65) == 0
           && recovers_to(o0.sig, want, mat->addr),
           "%s: both hold one signature; libsecp256k1 recovers the key's "
           "address from it", name);
        ok(o0.rc == 0 && strlen(o0.code) == 6
           && strspn(o0.code, "0123456789") == 6
           && strcmp(o0.code, o2.code) == 0,
           "%s: both sides show the same 6-digit code (%s)", name, o0.code);
        memcpy(last_code, o0.code, DUET_COSIGN_CODE_SIZE);
    }

    /* EIP-191, party 2 checking party 0's code itself (--code). */
    if (duet_eth_personal_hash(want, (const uint8_t *) text, strlen(text))
        != 0)
    {
        bail("personal hash");
    }
    free_port(where, sizeof(where));
    side_init(&s0, &mat->share[0], DUET_SIGN_ETH_PERSONAL,
              (const uint8_t *) text, strlen(text));
    side_init(&s2, &mat->share[2], DUET_SIGN_ETH_PERSONAL,
              (const uint8_t *) text, strlen(text));
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    ok(o0.rc == 0 && o2.rc == 0 && memcmp(o0.digest, want, 32) == 0
       && memcmp(o0.sig, o2.sig, 65) == 0
       && recovers_to(o0.sig, want, mat->addr),
       "TCP: an EIP-191 message co-signed; libsecp256k1 recovers the "
       "address");
}


static void
test_refusals(const struct material *mat, const char *dir,
    const char *last_code)
{
    static const uint8_t  d1[32] = { 1, 2, 3 };
    static const uint8_t  d2[32] = { 1, 2, 4 };
    struct side           s0, s2;
    struct outcome        o0, o2;
    char                  where[64];

    /* Another key: refused at the hello, on both sides. */
    free_port(where, sizeof(where));
    side_init(&s0, &mat->share[0], DUET_SIGN_RAW_DIGEST, d1, 32);
    side_init(&s2, &mat->other2, DUET_SIGN_RAW_DIGEST, d1, 32);
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    is_int(DUET_COSIGN_ERR_PEER, o0.rc, "a peer with another key: "
           "ERR_PEER (%s)", o0.err);
    is_int(DUET_COSIGN_ERR_PEER, o2.rc, "... on its side too");
    ok(o0.frames == 1 && o2.frames == 1 && o0.code[0] == '\0',
       "... after the hello only: no protocol message, no code shown");

    /* Another digest. */
    free_port(where, sizeof(where));
    side_init(&s0, &mat->share[0], DUET_SIGN_RAW_DIGEST, d1, 32);
    side_init(&s2, &mat->share[2], DUET_SIGN_RAW_DIGEST, d2, 32);
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    ok(o0.rc == DUET_COSIGN_ERR_PEER && o2.rc == DUET_COSIGN_ERR_PEER
       && o0.frames == 1 && o2.frames == 1,
       "a peer asked to sign another digest: ERR_PEER on both sides, "
       "after the hello (%s)", o0.err);

    /* A wrong code given with --code; a person who says no. */
    free_port(where, sizeof(where));
    side_init(&s0, &mat->share[0], DUET_SIGN_RAW_DIGEST, d1, 32);
    side_init(&s2, &mat->share[2], DUET_SIGN_RAW_DIGEST, d1, 32);
    s0.peer_code = last_code;       /* a code of an earlier run */
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    is_int(DUET_COSIGN_ERR_CODE, o0.rc, "a wrong --code: ERR_CODE (%s)",
           o0.err);
    ok(o0.frames == 1 && o2.rc == DUET_COSIGN_ERR_IO,
       "... nothing after the hello; the peer sees the connection close");
    free_port(where, sizeof(where));
    s0.peer_code = NULL;
    s2.refuse_code = 1;
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    ok(o2.rc == DUET_COSIGN_ERR_CODE && o0.rc == DUET_COSIGN_ERR_IO,
       "the user says the codes differ: ERR_CODE; party 0 sees ERR_IO");

    /* A peer that tampers a presign message is named. */
    free_port(where, sizeof(where));
    side_init(&s0, &mat->share[0], DUET_SIGN_RAW_DIGEST, d1, 32);
    side_init(&s2, &mat->share[2], DUET_SIGN_RAW_DIGEST, d1, 32);
    s2.hook = HOOK_TAMPER;
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    is_int(DUET_COSIGN_ERR_PROTOCOL, o0.rc, "a tampered presign message: "
           "ERR_PROTOCOL");
    ok(strstr(o0.err, "party 2 (the peer)") != NULL
       && strstr(o0.err, "presign round 1") != NULL,
       "... naming party 2 in presign round 1 (%s)", o0.err);
    ok(o2.rc != 0, "... and the tamperer gets no signature (%d)", o2.rc);

    /* A peer that stops answering: ERR_IO within the timeout. */
    free_port(where, sizeof(where));
    side_init(&s0, &mat->share[0], DUET_SIGN_RAW_DIGEST, d1, 32);
    side_init(&s2, &mat->share[2], DUET_SIGN_RAW_DIGEST, d1, 32);
    s0.timeout_s = SHORT;
    s2.hook = HOOK_HANG;
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    is_int(DUET_COSIGN_ERR_IO, o0.rc, "TCP: a peer that stops answering: "
           "ERR_IO (%s)", o0.err);
    ok(o0.waited >= SHORT - 0.5 && o0.waited < SHORT + 5,
       "... after waiting the timeout (%.1f s, timeout %d s)", o0.waited,
       SHORT);

    s2.hook = HOOK_HANG;
    run_pair(FILES, dir, &s0, &s2, &o0, &o2);
    is_int(DUET_COSIGN_ERR_IO, o0.rc, "files: a peer that stops answering: "
           "ERR_IO (%s)", o0.err);
    ok(o0.waited >= SHORT - 0.5 && o0.waited < SHORT + 5
       && strstr(o0.err, "within 2 s") != NULL,
       "... after waiting the timeout, said clearly (%.1f s)", o0.waited);

    /* A peer that dies (its connection closes). */
    free_port(where, sizeof(where));
    s0.timeout_s = TIMEOUT;
    s2.hook = HOOK_DIE;
    run_pair(TCP, where, &s0, &s2, &o0, &o2);
    ok(o0.rc == DUET_COSIGN_ERR_IO && o0.waited < TIMEOUT / 4,
       "TCP: a peer that dies mid-presign: ERR_IO, not a timeout (%.1f s: "
       "%s)", o0.waited, o0.err);
}

/*
 * A man in the middle: a process between party 0 (it connects to to0)
 * and party 2 (it accepts on lfd) that passes the frames of each
 * exchange along, party 0's first, and in some modes changes party 2's.
 */
#define RELAY_PASS   0      /* changes nothing                          */
#define RELAY_FLIP   1      /* flips a bit of a sealed frame            */
#define RELAY_SWAP   2      /* shows party 0 a hello of its own         */

/* The hello's layout (cli/cosign.c), for RELAY_SWAP only. */
#define HELLO_SIZE   168
#define HELLO_NONCE  104
#define HELLO_EPH    136


static int
full_io(int fd, uint8_t *p, size_t n, int out)
{
    ssize_t  k;

    while (n > 0) {
        k = out ? write(fd, p, n) : read(fd, p, n);
        if (k == -1 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            return -1;
        }
        p += k;
        n -= (size_t) k;
    }
    return 0;
}


static uint8_t *
relay_read(int fd, size_t *len)
{
    uint8_t   hdr[4], *p;

    if (full_io(fd, hdr, 4, 0) != 0) {
        return NULL;
    }
    *len = (size_t) hdr[0] << 24 | (size_t) hdr[1] << 16
           | (size_t) hdr[2] << 8 | hdr[3];
    if (*len == 0 || *len > (8u << 20)) {
        return NULL;
    }
    p = bmalloc(*len);
    if (full_io(fd, p, *len, 0) != 0) {
        free(p);
        return NULL;
    }
    return p;
}


static int
relay_write(int fd, uint8_t *p, size_t len)
{
    uint8_t  hdr[4];

    hdr[0] = (uint8_t) (len >> 24);
    hdr[1] = (uint8_t) (len >> 16);
    hdr[2] = (uint8_t) (len >> 8);
    hdr[3] = (uint8_t) len;
    return full_io(fd, hdr, 4, 1) == 0 && full_io(fd, p, len, 1) == 0
           ? 0 : -1;
}


static int
commit_to(uint8_t out[32], const uint8_t *hello)
{
    static const char  label[] = "duet cosign commit v1";
    EVP_MD_CTX        *ctx = EVP_MD_CTX_new();
    unsigned int       n = 0;
    int                ok;

    ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1
         && EVP_DigestUpdate(ctx, label, sizeof(label)) == 1
         && EVP_DigestUpdate(ctx, hello, HELLO_SIZE) == 1
         && EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == 32;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -1;
}


/* The relay process; never returns. */
static void
relay_main(const char *to0, int lfd, int mode, const uint8_t *fake_hello)
{
    struct sockaddr_in  sa;
    struct timeval      tv = { 30, 0 };
    uint8_t            *f, fake[HELLO_SIZE], commit[32];
    size_t              len;
    unsigned            port;
    int                 a = -1, b, tries, n;

    if (sscanf(to0, "127.0.0.1:%u", &port) != 1) {
        _exit(10);
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((uint16_t) port);
    for (tries = 0; tries < 100; tries++) {
        if ((a = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
            _exit(11);
        }
        if (connect(a, (struct sockaddr *) &sa, sizeof(sa)) == 0) {
            break;
        }
        close(a);
        a = -1;
        usleep(100000);
    }
    if (a == -1 || (b = accept(lfd, NULL, NULL)) == -1) {
        _exit(12);
    }
    close(lfd);
    (void) setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    (void) setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (mode == RELAY_SWAP) {
        memcpy(fake, fake_hello, HELLO_SIZE);
        if (duet_random_bytes(fake + HELLO_NONCE, 32) != 0
            || duet_random_bytes(fake + HELLO_EPH, 32) != 0
            || commit_to(commit, fake) != 0)
        {
            _exit(13);
        }
    }
    for (n = 0;; n++) {
        if ((f = relay_read(a, &len)) == NULL || relay_write(b, f, len) != 0)
        {
            _exit(0);
        }
        free(f);
        if ((f = relay_read(b, &len)) == NULL) {
            _exit(0);
        }
        if (mode == RELAY_FLIP && n == 3) {
            f[len / 2] ^= 0x10;
        }
        if (mode == RELAY_SWAP && n == 0 && len == 32) {
            memcpy(f, commit, 32);
        }
        if (mode == RELAY_SWAP && n == 1 && len == HELLO_SIZE) {
            memcpy(f, fake, HELLO_SIZE);
        }
        if (relay_write(a, f, len) != 0) {
            _exit(0);
        }
        free(f);
    }
}


/* Party 0 and party 2 with a relay of the given mode between them. */
static void
run_relayed(int mode, const uint8_t *fake_hello, const struct side *s0,
    const struct side *s2, struct outcome *o0, struct outcome *o2)
{
    struct sockaddr_in  sa;
    socklen_t           sl = sizeof(sa);
    char                to0[64], to2[64];
    pid_t               pid;
    int                 lfd, status;

    free_port(to0, sizeof(to0));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1
        || bind(lfd, (struct sockaddr *) &sa, sizeof(sa)) != 0
        || listen(lfd, 1) != 0
        || getsockname(lfd, (struct sockaddr *) &sa, &sl) != 0)
    {
        sysbail("relay socket");
    }
    snprintf(to2, sizeof(to2), "127.0.0.1:%u", (unsigned) ntohs(sa.sin_port));
    fflush(stdout);
    if ((pid = fork()) == -1) {
        sysbail("fork");
    }
    if (pid == 0) {
        relay_main(to0, lfd, mode, fake_hello);
    }
    close(lfd);
    run_pair2(TCP, to0, to2, s0, s2, o0, o2);
    kill(pid, SIGKILL);
    if (waitpid(pid, &status, 0) != pid) {
        sysbail("waitpid");
    }
}


static void
test_relay(const struct material *mat)
{
    static const uint8_t       d[32] = { 9, 8, 7 };
    struct duet_keyshare_info  ki;
    struct duet_aux_info       ai;
    struct side                s0, s2;
    struct outcome             o0, o2;
    uint8_t                    fake[HELLO_SIZE];

    side_init(&s0, &mat->share[0], DUET_SIGN_RAW_DIGEST, d, 32);
    side_init(&s2, &mat->share[2], DUET_SIGN_RAW_DIGEST, d, 32);
    run_relayed(RELAY_PASS, NULL, &s0, &s2, &o0, &o2);
    ok(o0.rc == 0 && o2.rc == 0 && memcmp(o0.sig, o2.sig, 65) == 0
       && recovers_to(o0.sig, d, mat->addr)
       && strcmp(o0.code, o2.code) == 0,
       "through a relay that changes nothing: signed, one code");

    run_relayed(RELAY_FLIP, NULL, &s0, &s2, &o0, &o2);
    is_int(DUET_COSIGN_ERR_PEER, o0.rc, "a sealed frame altered on the "
           "way: ERR_PEER (%s)", o0.err);
    ok(strstr(o0.err, "does not authenticate") != NULL && o2.rc != 0,
       "... said so, and nobody signs");

    /*
     * A man in the middle who shows party 0 a hello of his own (all the
     * key's public facts, his own X25519 key) with a matching commitment.
     */
    if (duet_keyshare_inspect(&ki, mat->share[2].keyshare,
                              mat->share[2].keyshare_len) != 0
        || duet_aux_inspect(&ai, mat->share[2].aux, mat->share[2].aux_len)
           != 0)
    {
        bail("share 2");
    }
    memset(fake, 0, sizeof(fake));
    fake[0] = 1;
    fake[1] = 2;
    fake[2] = DUET_SIGN_RAW_DIGEST;
    fake[3] = (uint8_t) (ki.epoch >> 24);
    fake[4] = (uint8_t) (ki.epoch >> 16);
    fake[5] = (uint8_t) (ki.epoch >> 8);
    fake[6] = (uint8_t) ki.epoch;
    memcpy(fake + 7, ki.pubkey, 33);
    memcpy(fake + 40, ai.id, 32);
    memcpy(fake + 72, d, 32);
    run_relayed(RELAY_SWAP, fake, &s0, &s2, &o0, &o2);
    ok(o0.code[0] != '\0' && o2.code[0] != '\0'
       && strcmp(o0.code, o2.code) != 0,
       "a man in the middle with his own key: the two sides show "
       "different codes (%s, %s)", o0.code, o2.code);
    ok(o0.rc == DUET_COSIGN_ERR_PEER && o2.rc != 0,
       "... and even unchecked, his frames do not authenticate: nobody "
       "signs (%s)", o0.err);
}


int
main(int argc, char **argv)
{
    struct duet_client_share    b[3];
    struct duet_keyshare_info   ki;
    struct material             mat;
    char                        code[DUET_COSIGN_CODE_SIZE] = "";
    char                       *dir;
    int                         i;
    double                      t0;

    tap_init(argc, argv);
    if (duet_init() != 0) {
        bail("duet_init");
    }
    plan_lazy();
    signal(SIGPIPE, SIG_IGN);

    memset(&mat, 0, sizeof(mat));
    t0 = now();
    dkg("A", 0, 1, mat.share);
    /* Key B: keygen only; its party 2 brings key A's aux info. */
    dkg("B", 0, 0, b);
    mat.other2 = b[2];
    mat.other2.aux = bmalloc(mat.share[2].aux_len);
    memcpy(mat.other2.aux, mat.share[2].aux, mat.share[2].aux_len);
    mat.other2.aux_len = mat.share[2].aux_len;
    b[2].keyshare = NULL;
    share_free(&b[0]);
    share_free(&b[1]);
    if (duet_keyshare_inspect(&ki, mat.share[0].keyshare,
                              mat.share[0].keyshare_len) != 0
        || duet_eth_address(mat.addr, ki.pubkey) != 0)
    {
        bail("key A");
    }
    memcpy(mat.pubkey, ki.pubkey, 33);
    diag("DKG of keys A and B: %.1f s", now() - t0);

    dir = test_tmpdir();
    test_success(&mat, dir, code);
    test_refusals(&mat, dir, code);
    test_relay(&mat);
    empty_dir(dir);
    test_tmpdir_free(dir);

    for (i = 0; i < 3; i++) {
        share_free(&mat.share[i]);
    }
    share_free(&mat.other2);
    return 0;
}
