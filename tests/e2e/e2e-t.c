/*
 * e2e-t.c -- the whole service, end to end: scripts/run-local starts duetd
 * (SQLite store, local-file KMS, prime pool) behind nginx with TLS, and the
 * client library (cli/client.h) creates a signer as parties 0 and 2 and
 * signs as party 0 with duetd as party 1:
 *
 *   - the DKG, with every duetd worker SIGKILLed before round 2, and a
 *     transaction signing with every worker SIGKILLed before round 3: the
 *     rounds after a kill are served by fresh workers from the shared
 *     session table;
 *   - an EIP-1559 transaction (fully specified), an EIP-191 message and an
 *     EIP-712 message, each verified with libsecp256k1 (verify, low s,
 *     recovery to the signer's address); the raw transaction re-encoded
 *     and its Keccak-256 equal to txHash;
 *   - DESIGN.md 7.2 and 7.4: no file under the test directory (SQLite
 *     database and WAL, KMS, logs) holds the client parties' secrets (the
 *     eight client primes raw and in hex, the key shares' secret scalars
 *     x_0 and x_2 raw, in hex and in base64url/base64 at every alignment),
 *     nor the operator token or the API key.
 *
 * Skips (exit 77) without nginx, duetd or the nginx module.  Keep the
 * directory with DUET_KEEP_TMP=1.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json-c/json.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_eth.h"
#include "duet_keyshare.h"
#include "duet_util.h"
#include "basic.h"
#include "client.h"
#include "e2e-util.h"
#include "chain/keccak.h"
#include "protocol/share.h"

#define E2E_LEVEL          DUET_LEVEL_112
#define E2E_POOL_WAIT      120         /* seconds for 4 primes in the pool */
#define E2E_WORKERS        2
#define E2E_MAX_PIDS       64
#define E2E_MAX_NEEDLES    64

static struct e2e_service  svc;
static char                dir[256];

/* Typed data: the example of EIP-712 itself. */
static const char  e2e_typed[] =
    "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},"
    "{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"chainId\","
    "\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"type\":"
    "\"address\"}],\"Person\":[{\"name\":\"name\",\"type\":\"string\"},"
    "{\"name\":\"wallet\",\"type\":\"address\"}],\"Mail\":[{\"name\":"
    "\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person\"},"
    "{\"name\":\"contents\",\"type\":\"string\"}]},\"primaryType\":\"Mail\","
    "\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,"
    "\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"},"
    "\"message\":{\"from\":{\"name\":\"Cow\",\"wallet\":"
    "\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"},\"to\":{\"name\":"
    "\"Bob\",\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\"},"
    "\"contents\":\"Hello, Bob!\"}}";

/* Its hash, from EIP-712's reference implementation. */
static const char  e2e_typed_hash[] =
    "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2";


/* Processes. */

static pid_t
read_pid(const char *path)
{
    char   buf[32];
    FILE  *f;
    long   v = 0;

    if ((f = fopen(path, "r")) == NULL) {
        return 0;
    }
    if (fgets(buf, sizeof(buf), f) != NULL) {
        v = strtol(buf, NULL, 10);
    }
    fclose(f);
    return (pid_t) v;
}


/* The children of ppid that are alive (not zombies). */
static size_t
children_of(pid_t ppid, pid_t *out, size_t max)
{
    struct dirent  *de;
    char            path[300], buf[1024], *p, st;
    long            parent;
    size_t          n = 0;
    DIR            *d;
    FILE           *f;

    if ((d = opendir("/proc")) == NULL) {
        sysbail("/proc");
    }
    while ((de = readdir(d)) != NULL && n < max) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9') {
            continue;
        }
        snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
        if ((f = fopen(path, "r")) == NULL) {
            continue;
        }
        p = fgets(buf, sizeof(buf), f);
        fclose(f);
        /* pid (comm) state ppid ...: comm may hold spaces and ')'. */
        if (p == NULL || (p = strrchr(buf, ')')) == NULL
            || sscanf(p + 1, " %c %ld", &st, &parent) != 2)
        {
            continue;
        }
        if (parent == (long) ppid && st != 'Z') {
            out[n++] = (pid_t) strtol(de->d_name, NULL, 10);
        }
    }
    closedir(d);
    return n;
}


/* The inode of duetd's listening socket, from /proc/net/unix. */
static unsigned long
listen_inode(void)
{
    char            sock[400], line[1024], path[512];
    unsigned long   inode, flags, found = 0;
    unsigned        st;
    FILE           *f;

    snprintf(sock, sizeof(sock), "%s/run/duetd.sock", svc.state);
    if ((f = fopen("/proc/net/unix", "r")) == NULL) {
        return 0;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        /* Num RefCount Protocol Flags Type St Inode Path */
        if (sscanf(line, "%*s %*s %*s %lx %*s %x %lu %511s", &flags, &st,
                   &inode, path) == 4
            && strcmp(path, sock) == 0 && (flags & 0x10000) != 0)
        {
            found = inode;
        }
    }
    fclose(f);
    return found;
}


static int
holds_socket(pid_t pid, unsigned long inode)
{
    struct dirent  *de;
    char            path[300], link[128], want[64];
    ssize_t         n;
    DIR            *d;
    int             yes = 0;

    snprintf(path, sizeof(path), "/proc/%ld/fd", (long) pid);
    snprintf(want, sizeof(want), "socket:[%lu]", inode);
    if ((d = opendir(path)) == NULL) {
        return 0;
    }
    while (!yes && (de = readdir(d)) != NULL) {
        snprintf(path, sizeof(path), "/proc/%ld/fd/%s", (long) pid,
                 de->d_name);
        n = readlink(path, link, sizeof(link) - 1);
        if (n > 0) {
            link[n] = '\0';
            yes = strcmp(link, want) == 0;
        }
    }
    closedir(d);
    return yes;
}


/* duetd's workers: the supervisor's children that accept on its socket. */
static size_t
workers(pid_t *out, size_t max)
{
    pid_t           kids[E2E_MAX_PIDS];
    unsigned long   inode;
    size_t          i, n, w = 0;
    char            pidfile[400];

    snprintf(pidfile, sizeof(pidfile), "%s/duetd.pid", svc.state);
    n = children_of(read_pid(pidfile), kids, E2E_MAX_PIDS);
    if ((inode = listen_inode()) == 0) {
        return 0;
    }
    for (i = 0; i < n && w < max; i++) {
        if (holds_socket(kids[i], inode)) {
            out[w++] = kids[i];
        }
    }
    return w;
}


static int
pid_in(pid_t p, const pid_t *set, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (set[i] == p) {
            return 1;
        }
    }
    return 0;
}


/* The round hook: SIGKILL every worker before one round of one flow. */
struct killer {
    int          round;           /* kill before this round (0: never) */
    int          calls;           /* rounds seen                        */
    int          in_order;        /* rounds came 1, 2, 3, 4             */
    char         session_id[64];
    const char  *flow;
};


static void
kill_workers(const char *flow, int round)
{
    pid_t   old[E2E_MAX_PIDS], now[E2E_MAX_PIDS];
    size_t  n_old, n_now, i, fresh;
    int     t, gone;

    n_old = workers(old, E2E_MAX_PIDS);
    /* More than --workers would mean another child accepts on the socket. */
    ok(n_old == E2E_WORKERS, "%s: %zu processes accept on duetd's socket "
       "before round %d", flow, n_old, round);
    for (i = 0; i < n_old; i++) {
        if (kill(old[i], SIGKILL) != 0) {
            diag("kill %ld: %s", (long) old[i], strerror(errno));
        }
    }
    /* Gone (reaped or zombie), and replaced by new workers. */
    gone = 0;
    fresh = 0;
    for (t = 0; t < 200; t++) {
        n_now = workers(now, E2E_MAX_PIDS);
        gone = 1;
        for (i = 0; i < n_old; i++) {
            gone &= !pid_in(old[i], now, n_now);
        }
        fresh = 0;
        for (i = 0; i < n_now; i++) {
            fresh += !pid_in(now[i], old, n_old);
        }
        if (gone && fresh >= E2E_WORKERS) {
            break;
        }
        e2e_sleep_ms(50);
    }
    ok(n_old > 0 && gone, "%s: every worker SIGKILLed before round %d",
       flow, round);
    ok(fresh >= E2E_WORKERS, "%s: %zu fresh workers serve round %d", flow,
       fresh, round);
}


static void
round_hook(void *arg, const char *session_id, int round)
{
    struct killer  *k = arg;

    if (round == 1) {
        snprintf(k->session_id, sizeof(k->session_id), "%s", session_id);
    }
    k->calls++;
    if (round != k->calls || strcmp(session_id, k->session_id) != 0) {
        k->in_order = 0;
    }
    if (round == k->round) {
        kill_workers(k->flow, round);
    }
}


static void
killer_init(struct killer *k, const char *flow, int round)
{
    memset(k, 0, sizeof(*k));
    k->flow = flow;
    k->round = round;
    k->in_order = 1;
}


static void
killer_check(const struct killer *k)
{
    ok(k->calls == 4 && k->in_order,
       "%s: the round hook saw rounds 1-4 of one session (%d calls)",
       k->flow, k->calls);
}


/* Secrets and where they must not be. */

struct needle {
    uint8_t  *data;
    size_t    len;
    char      what[80];
};

struct needles {
    struct needle  v[E2E_MAX_NEEDLES * 4];
    size_t         n;
};


static void
needle_add(struct needles *ns, const void *data, size_t len,
    const char *fmt, ...)
{
    struct needle  *nd;
    va_list         ap;

    if (ns->n == sizeof(ns->v) / sizeof(ns->v[0])) {
        bail("too many needles");
    }
    nd = &ns->v[ns->n++];
    nd->data = bmalloc(len);
    memcpy(nd->data, data, len);
    nd->len = len;
    va_start(ap, fmt);
    vsnprintf(nd->what, sizeof(nd->what), fmt, ap);
    va_end(ap);
}


/* raw, lower- and upper-case hex. */
static void
needle_add_forms(struct needles *ns, const uint8_t *b, size_t len,
    const char *what)
{
    char    *hex = bmalloc(2 * len + 1);
    size_t   i;

    needle_add(ns, b, len, "%s (raw)", what);
    if (duet_hex_encode(hex, 2 * len + 1, b, len) != 0) {
        bail("hex");
    }
    needle_add(ns, hex, 2 * len, "%s (hex)", what);
    for (i = 0; i < 2 * len; i++) {
        if (hex[i] >= 'a' && hex[i] <= 'f') {
            hex[i] = (char) (hex[i] - 'a' + 'A');
        }
    }
    needle_add(ns, hex, 2 * len, "%s (HEX)", what);
    free(hex);
}


/*
 * The base64url and base64 characters that depend on b alone, for b at
 * each of the three alignments inside a longer encoded string.
 */
static void
needle_add_b64(struct needles *ns, const uint8_t *b, size_t len,
    const char *what)
{
    uint8_t  *buf = bmalloc(len + 2);
    char     *enc = bmalloc(DUET_BASE64URL_ENCODED_SIZE(len + 2));
    size_t    k, first, last, i;

    for (k = 0; k < 3; k++) {
        memset(buf, 0, k);
        memcpy(buf + k, b, len);
        if (duet_base64url_encode(enc, DUET_BASE64URL_ENCODED_SIZE(len + 2),
                                  buf, len + k) != 0)
        {
            bail("base64url");
        }
        first = (8 * k + 5) / 6;
        last = (8 * (k + len)) / 6;
        needle_add(ns, enc + first, last - first, "%s (base64url, shift %zu)",
                   what, k);
        for (i = first; i < last; i++) {
            enc[i] = enc[i] == '-' ? '+' : enc[i] == '_' ? '/' : enc[i];
        }
        needle_add(ns, enc + first, last - first, "%s (base64, shift %zu)",
                   what, k);
    }
    free(buf);
    free(enc);
}


struct scan {
    const struct needles  *ns;
    size_t                 files;
    size_t                 bytes;
    int                    hits;
};

static struct scan  *scan_now;


static int
scan_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    struct scan  *s = scan_now;
    uint8_t      *buf;
    size_t        got = 0, i;
    ssize_t       n;
    int           fd;

    (void) ftw;
    if (type != FTW_F || !S_ISREG(sb->st_mode)) {
        return 0;
    }
    if ((fd = open(path, O_RDONLY)) < 0) {
        diag("cannot read %s: %s", path, strerror(errno));
        s->hits++;
        return 0;
    }
    buf = bmalloc((size_t) sb->st_size + 1);
    while (got < (size_t) sb->st_size
           && (n = read(fd, buf + got, (size_t) sb->st_size - got)) > 0)
    {
        got += (size_t) n;
    }
    close(fd);
    for (i = 0; i < s->ns->n; i++) {
        if (memmem(buf, got, s->ns->v[i].data, s->ns->v[i].len) != NULL) {
            diag("%s holds %s", path, s->ns->v[i].what);
            s->hits++;
        }
    }
    s->files++;
    s->bytes += got;
    free(buf);
    return 0;
}


/* How many needles occur in files under root. */
static int
scan_tree(const char *root, const struct needles *ns, size_t *files,
    size_t *bytes)
{
    struct scan  s;

    memset(&s, 0, sizeof(s));
    s.ns = ns;
    scan_now = &s;
    if (nftw(root, scan_file, 16, FTW_PHYS) != 0) {
        diag("cannot walk %s", root);
        s.hits++;
    }
    *files = s.files;
    *bytes = s.bytes;
    return s.hits;
}


/* Signatures. */

static secp256k1_context  *secp;


/*
 * sig (r || s || recid) on hash: verifies under the signer's public key,
 * s is low, and recovery gives the signer's address.
 */
static void
check_sig(const char *what, const struct duet_client_signer *signer,
    const struct duet_client_signature *sig, const uint8_t hash[32])
{
    secp256k1_ecdsa_signature              es;
    secp256k1_ecdsa_recoverable_signature  rs;
    secp256k1_pubkey                       pk, rec;
    uint8_t                                pub[33], addr[20], ser[33];
    char                                   text[DUET_ETH_ADDRESS_TEXT_SIZE];
    size_t                                 n, len = sizeof(ser);
    int                                    low;

    ok(memcmp(sig->hash, hash, 32) == 0, "%s: the client signed the hash "
       "we computed", what);
    if (duet_hex_decode(pub, sizeof(pub), &n, signer->public_key + 2, 66)
        != 0 || !secp256k1_ec_pubkey_parse(secp, &pk, pub, 33)
        || !secp256k1_ecdsa_signature_parse_compact(secp, &es, sig->sig))
    {
        ok(0, "%s: signature and key parse", what);
        return;
    }
    low = !secp256k1_ecdsa_signature_normalize(secp, &es, &es);
    ok(low, "%s: s is low", what);
    ok(secp256k1_ecdsa_verify(secp, &es, hash, &pk),
       "%s: libsecp256k1 verifies", what);
    ok(sig->sig[64] <= 1
       && secp256k1_ecdsa_recoverable_signature_parse_compact(secp, &rs,
              sig->sig, sig->sig[64])
       && secp256k1_ecdsa_recover(secp, &rec, &rs, hash)
       && secp256k1_ec_pubkey_serialize(secp, ser, &len, &rec,
              SECP256K1_EC_COMPRESSED)
       && duet_eth_address(addr, ser) == 0
       && duet_eth_address_checksum(text, addr) == 0
       && strcmp(text, signer->eth_address) == 0,
       "%s: recovery id %d recovers the signer's address", what,
       sig->sig[64]);
}


/* One RLP item of a raw transaction (the test's own reader). */
static int
rlp_next(const uint8_t **p, size_t *len, const uint8_t **item,
    size_t *item_len, int *list)
{
    size_t   hdr, n = 0, ll, i;
    uint8_t  b;

    if (*len == 0) {
        return -1;
    }
    b = (*p)[0];
    *list = b >= 0xc0;
    if (b < 0x80) {
        hdr = 0;
        n = 1;
    } else if (b <= 0xb7 || (b >= 0xc0 && b <= 0xf7)) {
        hdr = 1;
        n = b - (b >= 0xc0 ? 0xc0u : 0x80u);
    } else {
        ll = b - (b >= 0xc0 ? 0xf7u : 0xb7u);
        if (ll > 4 || ll + 1 > *len) {
            return -1;
        }
        for (i = 0; i < ll; i++) {
            n = n << 8 | (*p)[1 + i];
        }
        hdr = 1 + ll;
    }
    if (hdr + n > *len) {
        return -1;
    }
    *item = *p + hdr;
    *item_len = n;
    *p += hdr + n;
    *len -= hdr + n;
    return 0;
}


/* An RLP integer item equal to the 32-byte big-endian v? */
static int
rlp_int_eq(const uint8_t *item, size_t len, const uint8_t v[32])
{
    size_t  z = 0;

    while (z < 32 && v[z] == 0) {
        z++;
    }
    return len == 32 - z && memcmp(item, v + z, len) == 0;
}


static void
check_raw_tx(const char *tx_json_typed, const struct duet_client_signature *sig)
{
    uint8_t         *raw, *utx, *mine, hash[32], txh[32];
    const uint8_t   *p, *list;
    size_t           raw_len, n, len, list_len, utx_len, mine_len;
    size_t           items = 0;
    int              is_list, good = 1;
    const uint8_t   *it[12];
    size_t           it_len[12];

    n = strlen(sig->raw_tx);
    raw = bmalloc(n / 2);
    if (n < 4 || strncmp(sig->raw_tx, "0x", 2) != 0
        || duet_hex_decode(raw, n / 2, &raw_len, sig->raw_tx + 2, n - 2) != 0)
    {
        ok(0, "tx: rawTransaction is hex");
        free(raw);
        return;
    }
    /* 0x02 || rlp([chainId, ..., accessList, yParity, r, s]) */
    p = raw + 1;
    len = raw_len - 1;
    good = raw[0] == 0x02 && rlp_next(&p, &len, &list, &list_len, &is_list)
           == 0 && is_list && len == 0;
    while (good && list_len > 0 && items < 12) {
        good = rlp_next(&list, &list_len, &it[items], &it_len[items],
                        &is_list) == 0;
        items++;
    }
    good = good && items == 12 && list_len == 0;
    ok(good, "tx: rawTransaction decodes as a type-2 list of 12 items");
    if (good) {
        ok((sig->sig[64] == 0 ? it_len[9] == 0
                              : it_len[9] == 1 && it[9][0] == 1)
           && rlp_int_eq(it[10], it_len[10], sig->sig)
           && rlp_int_eq(it[11], it_len[11], sig->sig + 32),
           "tx: rawTransaction carries yParity, r and s");
    } else {
        skip("no raw transaction");
    }
    duet_keccak256(txh, raw, raw_len);
    ok(duet_hex_decode(hash, sizeof(hash), &n, sig->tx_hash + 2, 64) == 0
       && memcmp(hash, txh, 32) == 0,
       "tx: txHash is the Keccak-256 of rawTransaction");

    utx = bmalloc(DUET_ETH_TX_MAX_SIZE);
    utx_len = DUET_ETH_TX_MAX_SIZE;
    mine_len = DUET_ETH_TX_MAX_SIZE + DUET_ETH_TX_SIGNATURE_OVERHEAD;
    mine = bmalloc(mine_len);
    ok(duet_eth_tx_from_json(utx, &utx_len, tx_json_typed,
                             strlen(tx_json_typed)) == 0
       && duet_eth_tx_sighash(hash, NULL, NULL, utx, utx_len) == 0
       && memcmp(hash, sig->hash, 32) == 0
       && duet_eth_tx_encode_signed(mine, &mine_len, utx, utx_len,
                                    sig->sig, sig->sig + 32, sig->sig[64])
          == 0
       && mine_len == raw_len && memcmp(mine, raw, raw_len) == 0,
       "tx: rawTransaction is the asked transaction with this signature");
    free(utx);
    free(mine);
    free(raw);
}


int
main(int argc, char **argv)
{
    struct duet_client_signer     signer;
    struct duet_client_signature  sig;
    struct duet_client           *c = NULL, *bot = NULL;
    struct duet_keyshare          ks;
    struct needles               *ns;
    struct killer                 k;
    struct stat                   sb;
    uint8_t                       pb[8][E2E_PRIME_BYTES];
    const uint8_t                *pp[8];
    size_t                        pl[8], files, bytes, n, planted = 1;
    uint8_t                       digest[32], hash[32];
    uint8_t                       x[2][DUET_SCALAR_BYTES];
    char                          token[64], tokhex[65], conf[400];
    char                          path[512], text[512];
    char                          tx[512], tx_typed[600], msg[64];
    uint64_t                      seed;
    FILE                         *f;
    time_t                        t0;
    int                           i, size, hits, have_signer = 0;

    tap_init(argc, argv);
    e2e_require();

    /* libcurl loads GnuTLS, which installs its own GMP hooks. */
    if (duet_init_displacing() != 0) {
        bail("duet_init");
    }
    plan_lazy();
    seed = tap_seed();
    secp = secp256k1_context_create(SECP256K1_CONTEXT_NONE);

    /* nginx's workers (www-data when root) must reach the socket. */
    e2e_mkdir(dir, sizeof(dir), "duet-e2e");
    e2e_service_init(&svc, dir, "state");
    snprintf(conf, sizeof(conf), "%s/duetd.conf", dir);
    diag("test directory %s", dir);

    /* The operator token and its SHA-256 in duetd's config. */
    e2e_operator_token(token, tokhex);
    snprintf(text, sizeof(text),
             "# e2e-t: a level-112 test service with a small prime pool\n"
             "level = 112\n"
             "allow_insecure_level = yes\n"
             "operator_token_sha256 = %s\n"
             "prime_target = 8\n"
             "prime_low_watermark = 4\n"
             "prime_generators = 2\n"
             "network = sepolia 11155111 http://127.0.0.1:9/\n", tokhex);
    e2e_write_file(conf, text);

    /* The service. */
    e2e_service_start(&svc, conf, E2E_WORKERS);
    ok(1, "run-local started duetd and nginx on port %d", svc.port);
    c = e2e_client(&svc);
    t0 = time(NULL);
    size = e2e_pool_wait(c, 4, E2E_POOL_WAIT);
    if (!ok(size >= 4, "the prime pool holds %d primes after %ld s", size,
            (long) (time(NULL) - t0)))
    {
        bail("no primes: %s", duet_client_error(c));
    }

    /* Key creation without credentials is refused, with one clear line. */
    for (i = 0; i < 8; i++) {
        e2e_load_prime(pb[i], &pl[i], (unsigned) i);
        pp[i] = pb[i];
    }
    is_int(DUET_CLIENT_ERR_HTTP,
           duet_client_create_signer(c, "e2e", E2E_LEVEL, pp, pl, NULL, NULL,
                                     &signer),
           "create without the operator token fails");
    ok(strncmp(duet_client_error(c), "POST /api/v1/signers: 40", 24) == 0
       && (duet_client_last_status(c) == 401
           || duet_client_last_status(c) == 403),
       "... with the status and duetd's message (%s)",
       duet_client_error(c));

    /* Key creation, every worker killed before round 2. */
    duet_client_set_operator_token(c, token);
    killer_init(&k, "DKG", 2);
    duet_client_set_round_hook(c, round_hook, &k);
    i = duet_client_create_signer(c, "e2e", E2E_LEVEL, pp, pl, NULL, NULL,
                                  &signer);
    if (!is_int(0, i, "create a signer: DKG as parties 0 and 2")) {
        diag("%s", duet_client_error(c));
    }
    killer_check(&k);
    have_signer = i == 0;
    if (have_signer) {
        diag("signer %s, address %s", signer.signer_id, signer.eth_address);
        ok(strncmp(signer.api_key, "duet_live_", 10) == 0,
           "the signer's API key is shown once");
    }

    /* Signing as party 0 with the API key. */
    if (have_signer) {
        bot = e2e_client(&svc);
        duet_client_set_api_key(bot, "duet_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        snprintf(tx, sizeof(tx),
                 "{\"chainId\":11155111,\"nonce\":%u,\"gasLimit\":21000,"
                 "\"maxFeePerGas\":\"30000000000\","
                 "\"maxPriorityFeePerGas\":\"1500000000\","
                 "\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
                 "\"value\":\"%llu\",\"data\":\"0x\"}",
                 (unsigned) (seed % 1000),
                 (unsigned long long) (1000000000ULL + seed % 1000000));
        snprintf(tx_typed, sizeof(tx_typed), "{\"type\":2,%s", tx + 1);
        is_int(DUET_CLIENT_ERR_HTTP,
               duet_client_sign_tx(bot, &signer.share[0], tx, &sig),
               "signing with an unknown API key fails");
        ok(strncmp(duet_client_error(bot), "POST /api/v1/sign/sessions: 40",
                   30) == 0, "... naming the call and the status (%s)",
           duet_client_error(bot));

        duet_client_set_api_key(bot, signer.api_key);
        /* No chain here (tests/e2e/chain-t has one): sign, do not send. */
        duet_client_set_broadcast(bot, 0);
        killer_init(&k, "tx signing", 3);
        duet_client_set_round_hook(bot, round_hook, &k);
        i = duet_client_sign_tx(bot, &signer.share[0], tx, &sig);
        if (!is_int(0, i, "sign an EIP-1559 transaction with pair {0,1}")) {
            diag("%s", duet_client_error(bot));
        }
        killer_check(&k);
        if (i == 0) {
            n = DUET_ETH_TX_MAX_SIZE;
            {
                uint8_t  *utx = bmalloc(n);

                if (duet_eth_tx_from_json(utx, &n, tx_typed,
                                          strlen(tx_typed)) != 0
                    || duet_eth_tx_sighash(hash, NULL, NULL, utx, n) != 0)
                {
                    bail("the test's own transaction");
                }
                free(utx);
            }
            check_sig("tx", &signer, &sig, hash);
            is_int(sig.sig[64], (long long) sig.v, "tx: v is yParity");
            check_raw_tx(tx_typed, &sig);
        }
        duet_client_signature_clear(&sig);

        killer_init(&k, "personal_sign", 0);
        snprintf(msg, sizeof(msg), "duet e2e %016llx",
                 (unsigned long long) seed);
        i = duet_client_sign_message(bot, &signer.share[0], "personal_sign",
                                     msg, &sig);
        if (!is_int(0, i, "sign an EIP-191 message")) {
            diag("%s", duet_client_error(bot));
        }
        killer_check(&k);
        if (i == 0) {
            if (duet_eth_personal_hash(hash, (const uint8_t *) msg,
                                       strlen(msg)) != 0)
            {
                bail("personal hash");
            }
            check_sig("personal_sign", &signer, &sig, hash);
            is_int(27 + sig.sig[64], (long long) sig.v,
                   "personal_sign: v is 27 + recid");
        }
        duet_client_signature_clear(&sig);

        killer_init(&k, "typed_data", 0);
        i = duet_client_sign_message(bot, &signer.share[0], "typed_data",
                                     e2e_typed, &sig);
        if (!is_int(0, i, "sign an EIP-712 message")) {
            diag("%s", duet_client_error(bot));
        }
        killer_check(&k);
        if (i == 0) {
            if (duet_eth_typed_data_hash(hash, e2e_typed,
                                         strlen(e2e_typed)) != 0
                || duet_hex_decode(digest, sizeof(digest), &n,
                                   e2e_typed_hash, 64) != 0)
            {
                bail("typed data hash");
            }
            ok(memcmp(hash, digest, 32) == 0,
               "typed_data: the EIP-712 example hashes as published");
            check_sig("typed_data", &signer, &sig, hash);
        }
        duet_client_signature_clear(&sig);
    } else {
        skip_block(4, "no signer");
    }

    /* DESIGN.md 7.2 and 7.4: nothing of parties 0 and 2 on the server. */
    ns = bcalloc(1, sizeof(*ns));
    for (i = 0; i < 8; i++) {
        char  what[48];

        snprintf(what, sizeof(what), "party %d's prime %d", i < 4 ? 0 : 2,
                 i % 4);
        needle_add_forms(ns, pb[i], pl[i], what);
    }
    if (have_signer) {
        for (i = 0; i < 2; i++) {
            char  what[48];

            if (duet_keyshare_parse(&ks, signer.share[i].keyshare,
                                    signer.share[i].keyshare_len) != 0)
            {
                bail("cannot parse the client's key share %d", i);
            }
            duet_scalar_to_bytes(x[i], &ks.x);
            duet_keyshare_clear(&ks);
            snprintf(what, sizeof(what), "x_%d", signer.share[i].index);
            if (i == 0) {
                /* x_0 in hex, the control below. */
                planted = ns->n + 1;
            }
            needle_add_forms(ns, x[i], sizeof(x[i]), what);
            needle_add_b64(ns, x[i], sizeof(x[i]), what);
        }
        needle_add(ns, signer.api_key, strlen(signer.api_key), "the API key");
    }
    needle_add(ns, token, strlen(token), "the operator token");

    /* The scan must be able to see: a planted secret is found. */
    snprintf(path, sizeof(path), "%s/control", dir);
    if (mkdir(path, 0700) != 0) {
        sysbail("mkdir %s", path);
    }
    snprintf(path, sizeof(path), "%s/control/planted", dir);
    if ((f = fopen(path, "w")) == NULL) {
        sysbail("%s", path);
    }
    fprintf(f, "{\"blob\":\"...");
    fwrite(ns->v[planted].data, 1, ns->v[planted].len, f);
    fprintf(f, "...\"}\n");
    fclose(f);
    snprintf(path, sizeof(path), "%s/control", dir);
    ok(scan_tree(path, ns, &files, &bytes) >= 1,
       "control: the scan finds %s planted in a file",
       ns->v[planted].what);
    e2e_rm_tree(path);

    /* Scan first: the message's counts are arguments of the same call. */
    hits = scan_tree(dir, ns, &files, &bytes);
    is_int(0, hits,
           "running service: no client prime, share scalar, token or API "
           "key in %zu files (%zu bytes) under the test directory", files,
           bytes);
    snprintf(path, sizeof(path), "%s/data", svc.state);
    ok(stat(path, &sb) == 0 && files >= 3,
       "the scan covered the service's files");

    is_int(0, e2e_service_stop(&svc), "run-local stop");
    hits = scan_tree(dir, ns, &files, &bytes);
    is_int(0, hits,
           "stopped service: still none of them in %zu files (%zu bytes)",
           files, bytes);

    /* Clean up. */
    for (i = 0; i < (int) ns->n; i++) {
        duet_memclear(ns->v[i].data, ns->v[i].len);
        free(ns->v[i].data);
    }
    free(ns);
    duet_memclear(pb, sizeof(pb));
    duet_memclear(x, sizeof(x));
    duet_memclear(token, sizeof(token));
    if (have_signer) {
        duet_client_signer_clear(&signer);
    }
    duet_client_free(bot);
    duet_client_free(c);
    secp256k1_context_destroy(secp);
    if (getenv("DUET_KEEP_TMP") == NULL && tap_tests_failed() == 0) {
        e2e_rm_tree(dir);
    } else {
        diag("kept %s", dir);
    }
    return 0;
}
