/*
 * cmd_cosign.c -- `duet cosign` (Signer+User without the server, over
 * cli/cosign.h) and `duet proxy` (a local JSON-RPC signer, cli/proxy.h).
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "duet_eth.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "cmd.h"
#include "cosign.h"
#include "passphrase.h"
#include "proxy.h"
#include "sharefile.h"

#define DUET_COSIGN_INPUT_MAX  (256 * 1024)


/* The share for cosign: --share-file (either party), else the profile's. */
static int
duet_cosign_share(struct duet_ctx *ctx, struct duet_client_share *s,
    struct duet_sharefile_info *info)
{
    struct duet_passphrase_src  src;
    const char                 *file = duet_opt(ctx, "share-file");
    char                        pass[DUET_PASSPHRASE_MAX + 1];
    char                        prompt[DUET_HOME_PATH_MAX + 40], err[256];
    int                         r, rc;

    memset(s, 0, sizeof(*s));
    if (file == NULL) {
        if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK) {
            return rc;
        }
        file = ctx->profile.share_file;
    }
    snprintf(prompt, sizeof(prompt), "Passphrase for %s: ", file);
    src.fd = ctx->passphrase_fd;
    src.env = "DUET_PASSPHRASE";
    src.prompt = prompt;
    src.confirm = 0;
    if (duet_passphrase_get(&src, pass, err, sizeof(err)) != 0) {
        return duet_fail(ctx, DUET_EXIT_CREDENTIALS, "%s", err);
    }
    r = duet_sharefile_read(file, pass, s, info);
    duet_memclear(pass, sizeof(pass));
    if (r != DUET_SHAREFILE_OK) {
        return duet_fail(ctx, r == DUET_SHAREFILE_BAD_PASSPHRASE
                              || r == DUET_SHAREFILE_PERMS
                              ? DUET_EXIT_CREDENTIALS
                              : r == DUET_SHAREFILE_CORRUPT
                              ? DUET_EXIT_CORRUPT : DUET_EXIT_FAILURE,
                         "%s: %s", file, duet_sharefile_strerror(r));
    }
    return DUET_EXIT_OK;
}


/* Show the code; without --code a person on the TTY confirms it. */
static int
duet_cosign_code(void *arg, const char code[DUET_COSIGN_CODE_SIZE])
{
    struct duet_ctx  *ctx = arg;
    FILE             *tty;
    char              line[16];

    fprintf(stderr, "co-signing code: %s (the peer must show the same)\n",
            code);
    if (ctx->json) {
        json_object_object_add(ctx->out, "code",
                               json_object_new_string(code));
    }
    if ((tty = fopen("/dev/tty", "r+")) == NULL) {
        /* No person to ask: the protocol still proves the peer's share. */
        return 0;
    }
    fprintf(tty, "Does the peer show %s? [y/N] ", code);
    fflush(tty);
    if (fgets(line, sizeof(line), tty) == NULL
        || (line[0] != 'y' && line[0] != 'Y'))
    {
        fclose(tty);
        return -1;
    }
    fclose(tty);
    return 0;
}


/* A line in the home's cosign.log: what was signed, never a secret. */
static void
duet_cosign_record(struct duet_ctx *ctx, int party, const char *kind,
    const uint8_t digest[32], const char *tx_hash)
{
    struct duet_home  h;
    char              path[DUET_HOME_PATH_MAX + 16], hex[65], line[512];
    char              when[32], err[DUET_HOME_ERR_SIZE];
    time_t            now = time(NULL);
    struct tm         tm;
    int               fd, n;

    if (duet_home_open(&h, 1, err, sizeof(err)) != 0
        || duet_hex_encode(hex, sizeof(hex), digest, 32) != 0)
    {
        fprintf(stderr, "duet: no local audit record: %s\n", err);
        return;
    }
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    n = snprintf(line, sizeof(line), "{\"time\":\"%s\",\"path\":"
                 "\"signer+user\",\"party\":%d,\"kind\":\"%s\","
                 "\"digest\":\"0x%s\",\"txHash\":\"%s\"}\n", when, party,
                 kind, hex, tx_hash);
    snprintf(path, sizeof(path), "%s/cosign.log", h.dir);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, line, (size_t) n) != n || fsync(fd) != 0) {
        fprintf(stderr, "duet: %s: %s\n", path, strerror(errno));
    }
    if (fd >= 0) {
        close(fd);
    }
}


int
duet_cmd_cosign(struct duet_ctx *ctx)
{
    struct duet_cosign_request   req;
    struct duet_sharefile_info   info;
    struct duet_client_share     share;
    struct duet_cosign_link     *l = NULL;
    struct json_object          *resp = NULL, *result;
    const char                  *listen_at, *connect_to, *dir, *txf, *msg;
    const char                  *typed, *bcast, *tos, *kind = "";
    uint8_t                     *tx = NULL, *signed_tx = NULL;
    uint8_t                      sig[65], digest[32], txhash[32];
    char                        *text = NULL, *rawhex = NULL, *params = NULL;
    char                         err[512], hex[131], txhex[67] = "";
    size_t                       txlen, slen;
    unsigned                     timeout = 300;
    uint64_t                     v;
    int                          rc, r, nlink, nreq;

    memset(&share, 0, sizeof(share));
    memset(&req, 0, sizeof(req));
    listen_at = duet_opt(ctx, "listen");
    connect_to = duet_opt(ctx, "connect");
    dir = duet_opt(ctx, "dir");
    txf = duet_opt(ctx, "tx");
    msg = duet_opt(ctx, "message");
    typed = duet_opt(ctx, "typed-data");
    bcast = duet_opt(ctx, "broadcast");
    if ((tos = duet_opt(ctx, "timeout")) != NULL) {
        timeout = (unsigned) strtoul(tos, NULL, 10);
    }
    nlink = (listen_at != NULL) + (connect_to != NULL) + (dir != NULL);
    nreq = (txf != NULL) + (msg != NULL) + (typed != NULL);
    if (nlink != 1 || nreq != 1 || timeout == 0) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "cosign needs one of --listen,"
                         " --connect, --dir and one of --tx, --message,"
                         " --typed-data");
    }
    if (bcast != NULL && txf == NULL) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "--broadcast is for --tx");
    }

    if (txf != NULL) {
        kind = "transaction";
        if ((rc = duet_ctx_read_text(ctx, txf, DUET_COSIGN_INPUT_MAX, &text))
            != DUET_EXIT_OK)
        {
            goto out;
        }
        txlen = DUET_ETH_TX_MAX_SIZE;
        if ((tx = malloc(txlen)) == NULL) {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
            goto out;
        }
        if ((r = duet_eth_tx_from_json(tx, &txlen, text, strlen(text)))
            != 0)
        {
            rc = duet_fail(ctx, DUET_EXIT_USAGE, "%s: not a complete"
                           " transaction: %s", txf, duet_strerror(r));
            goto out;
        }
        req.kind = DUET_SIGN_ETH_TX;
        req.msg = tx;
        req.msg_len = txlen;
    } else if (msg != NULL) {
        kind = "personal_sign";
        req.kind = DUET_SIGN_ETH_PERSONAL;
        req.msg = (const uint8_t *) msg;
        req.msg_len = strlen(msg);
    } else {
        kind = "typed_data";
        if ((rc = duet_ctx_read_text(ctx, typed, DUET_COSIGN_INPUT_MAX,
                                     &text)) != DUET_EXIT_OK)
        {
            goto out;
        }
        req.kind = DUET_SIGN_ETH_TYPED;
        req.msg = (const uint8_t *) text;
        req.msg_len = strlen(text);
    }

    if ((rc = duet_cosign_share(ctx, &share, &info)) != DUET_EXIT_OK) {
        goto out;
    }
    r = listen_at != NULL
        ? duet_cosign_listen(listen_at, timeout, &l, err, sizeof(err))
        : connect_to != NULL
        ? duet_cosign_connect(connect_to, timeout, &l, err, sizeof(err))
        : duet_cosign_files(dir, share.index, timeout, &l, err, sizeof(err));
    if (r != DUET_COSIGN_OK) {
        rc = duet_fail(ctx, DUET_EXIT_UNREACHABLE, "the peer: %s", err);
        goto out;
    }
    duet_note(ctx, "co-signing as party %d of signer %s", share.index,
              info.signer_id);
    r = duet_cosign_run(l, &share, &req, duet_opt(ctx, "code") == NULL
                                         ? duet_cosign_code : NULL,
                        ctx, duet_opt(ctx, "code"), sig, digest, err,
                        sizeof(err));
    if (r != DUET_COSIGN_OK) {
        rc = duet_fail(ctx, r == DUET_COSIGN_ERR_IO ? DUET_EXIT_UNREACHABLE
                            : r == DUET_COSIGN_ERR_CODE
                            ? DUET_EXIT_CREDENTIALS
                            : r == DUET_COSIGN_ERR_PEER
                              || r == DUET_COSIGN_ERR_PROTOCOL
                            ? DUET_EXIT_PARTY : DUET_EXIT_FAILURE,
                       "co-signing: %s", err);
        goto out;
    }

    if (req.kind == DUET_SIGN_ETH_TX) {
        slen = txlen + DUET_ETH_TX_SIGNATURE_OVERHEAD;
        if ((signed_tx = malloc(slen)) == NULL
            || (rawhex = malloc(2 * slen + 3)) == NULL)
        {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
            goto out;
        }
        if ((r = duet_eth_tx_encode_signed(signed_tx, &slen, tx, txlen, sig,
                                           sig + 32, sig[64])) != 0
            || (r = duet_eth_keccak256(txhash, signed_tx, slen)) != 0)
        {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "encoding the signed"
                           " transaction: %s", duet_strerror(r));
            goto out;
        }
        rawhex[0] = '0';
        rawhex[1] = 'x';
        if (duet_hex_encode(rawhex + 2, 2 * slen + 1, signed_tx, slen) != 0
            || duet_hex_encode(hex, sizeof(hex), txhash, 32) != 0)
        {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "hex encoding");
            goto out;
        }
        snprintf(txhex, sizeof(txhex), "0x%.64s", hex);
        duet_out(ctx, "txHash", "%s", txhex);
        duet_out(ctx, "rawTransaction", "%s", rawhex);
    } else {
        if (duet_eth_v(&v, DUET_ETH_V_MESSAGE, sig[64], 0) != 0
            || duet_hex_encode(hex, sizeof(hex), sig, 64) != 0)
        {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "encoding the signature");
            goto out;
        }
        duet_out(ctx, "signature", "0x%s%02x", hex, (unsigned) v);
    }
    if (duet_hex_encode(hex, sizeof(hex), digest, 32) == 0) {
        duet_out(ctx, "hash", "0x%s", hex);
    }
    duet_cosign_record(ctx, share.index, kind, digest, txhex);
    if (bcast != NULL) {
        if (asprintf(&params, "[\"%s\"]", rawhex) < 0) {
            params = NULL;
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
            goto out;
        }
        if ((rc = duet_rpc_call(ctx, bcast, "eth_sendRawTransaction", params,
                                &resp, &result)) != DUET_EXIT_OK)
        {
            goto out;
        }
        duet_out(ctx, "broadcast", "%s", json_object_get_string(result));
    }
    rc = DUET_EXIT_OK;

out:
    json_object_put(resp);
    free(params);
    free(rawhex);
    free(signed_tx);
    free(tx);
    free(text);
    duet_memclear(sig, sizeof(sig));
    duet_cosign_close(l);
    duet_share_free(&share);
    return rc;
}


/* What the proxy's callbacks share: the client and share 0, loaded once. */
struct duet_proxy_ctx {
    struct duet_ctx           *ctx;
    struct duet_client        *c;
    struct duet_client_share   share;
};


static void
duet_proxy_error(struct duet_proxy_ctx *p, int r, int *code, char *err,
    size_t errlen)
{
    int  status = duet_client_last_status(p->c);

    /* EIP-1193: 4001 refused by the user (here: its policy). */
    *code = r == DUET_CLIENT_ERR_HTTP && status == 403 ? 4001 : -32603;
    snprintf(err, errlen, "%s", duet_client_error(p->c));
}


static int
duet_proxy_sig(struct duet_proxy_ctx *p, const char *kind, const char *data,
    char **sig, int *code, char *err, size_t errlen)
{
    struct duet_client_signature  s;
    char                          hex[131];
    int                           r;

    memset(&s, 0, sizeof(s));
    r = duet_client_sign_message(p->c, &p->share, kind, data, &s);
    if (r != 0) {
        duet_proxy_error(p, r, code, err, errlen);
        return -1;
    }
    if (duet_hex_encode(hex, sizeof(hex), s.sig, 64) != 0
        || asprintf(sig, "0x%s%02x", hex, (unsigned) (s.v & 0xff)) < 0)
    {
        duet_client_signature_clear(&s);
        *code = -32603;
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    duet_client_signature_clear(&s);
    return 0;
}


static int
duet_proxy_personal(void *arg, const char *data, char **sig, int *code,
    char *err, size_t errlen)
{
    return duet_proxy_sig(arg, "personal_sign", data, sig, code, err,
                          errlen);
}


static int
duet_proxy_typed(void *arg, const char *typed, char **sig, int *code,
    char *err, size_t errlen)
{
    return duet_proxy_sig(arg, "typed_data", typed, sig, code, err, errlen);
}


/*
 * An eth_sendTransaction object into duet's transaction: "from" was
 * checked by the proxy, "gas" is "gasLimit", and the profile's network
 * applies when no chain is named.
 */
static int
duet_proxy_send(void *arg, const char *tx_json, char **hash, int *code,
    char *err, size_t errlen)
{
    struct duet_proxy_ctx         *p = arg;
    struct duet_client_signature   s;
    struct json_object            *tx, *v;
    int                            r;

    memset(&s, 0, sizeof(s));
    if ((tx = json_tokener_parse(tx_json)) == NULL
        || !json_object_is_type(tx, json_type_object))
    {
        json_object_put(tx);
        *code = -32602;
        snprintf(err, errlen, "the transaction is not a JSON object");
        return -1;
    }
    json_object_object_del(tx, "from");
    if (json_object_object_get_ex(tx, "gas", &v)) {
        json_object_object_add(tx, "gasLimit", json_object_get(v));
        json_object_object_del(tx, "gas");
    }
    if (!json_object_object_get_ex(tx, "chainId", NULL)
        && !json_object_object_get_ex(tx, "network", NULL)
        && p->ctx->profile.network[0])
    {
        json_object_object_add(tx, "network",
            json_object_new_string(p->ctx->profile.network));
    }
    r = duet_client_sign_tx(p->c, &p->share,
                            json_object_to_json_string_ext(tx,
                                JSON_C_TO_STRING_PLAIN
                                | JSON_C_TO_STRING_NOSLASHESCAPE), &s);
    json_object_put(tx);
    if (r != 0) {
        duet_proxy_error(p, r, code, err, errlen);
        return -1;
    }
    if ((*hash = strdup(s.tx_hash)) == NULL) {
        duet_client_signature_clear(&s);
        *code = -32603;
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    duet_client_signature_clear(&s);
    return 0;
}


int
duet_cmd_proxy(struct duet_ctx *ctx)
{
    struct duet_proxy_config  cfg;
    struct duet_proxy_signer  signer;
    struct duet_proxy_ctx     p;
    const char               *port = duet_opt(ctx, "port");
    const char               *rpc = duet_opt(ctx, "rpc");
    const char               *ready = getenv("DUET_PROXY_READY_FD");
    char                      listen_at[64], err[512];
    long                      n;
    int                       rc;

    memset(&p, 0, sizeof(p));
    p.ctx = ctx;
    n = port != NULL ? strtol(port, NULL, 10) : 8545;
    if (n < 0 || n > 65535 || (port != NULL && !isdigit((unsigned char)
                                                         port[0])))
    {
        return duet_fail(ctx, DUET_EXIT_USAGE, "--port is 0 to 65535");
    }
    if (rpc == NULL && (rpc = getenv("DUET_RPC_URL")) == NULL) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "proxy needs --rpc URL (the"
                         " node for every other method)");
    }
    snprintf(listen_at, sizeof(listen_at), "127.0.0.1:%ld", n);
    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK
        || (rc = duet_ctx_client(ctx, NULL, NULL, DUET_AUTH_KEY, &p.c))
           != DUET_EXIT_OK
        || (rc = duet_ctx_share(ctx, &p.share)) != DUET_EXIT_OK)
    {
        goto out;
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.listen = listen_at;
    cfg.rpc_url = rpc;
    cfg.timeout_s = 60;
    /* Tests learn the port (with --port 0) from this descriptor. */
    cfg.ready_fd = ready != NULL ? atoi(ready) : -1;
    memset(&signer, 0, sizeof(signer));
    signer.address = ctx->profile.address;
    signer.arg = &p;
    signer.send_transaction = duet_proxy_send;
    signer.personal_sign = duet_proxy_personal;
    signer.sign_typed_data = duet_proxy_typed;
    duet_note(ctx, "duet proxy for %s on http://%s, other methods to %s",
              ctx->profile.address, listen_at, rpc);
    if (duet_proxy_serve(&cfg, &signer, err, sizeof(err)) != 0) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "proxy: %s", err);
        goto out;
    }
    rc = DUET_EXIT_OK;

out:
    duet_share_free(&p.share);
    duet_client_free(p.c);
    return rc;
}
