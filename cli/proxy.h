/*
 * proxy.h -- `duet proxy`: a local Ethereum JSON-RPC endpoint (HTTP/1.1 on
 * 127.0.0.1) that answers the signing methods through duet and forwards
 * every other method to a node, so existing tools (ethers, viem,
 * foundry-style scripts) use a duet signer unchanged:
 *
 *   eth_accounts, eth_requestAccounts  -> [the signer's address]
 *   eth_sendTransaction                -> the signer's send (duetd fills,
 *                                         checks the policy, signs and
 *                                         broadcasts); the tx hash
 *   personal_sign                      -> [data, address]; the signature
 *   eth_signTypedData_v4               -> [address, typed data]; the
 *                                         signature
 *   personal_sign [address, data]      -> accepted too (some tools)
 *   eth_sign                           -> refused (-32601): raw digests
 *   eth_signTransaction,               -> refused (-32601): a node would
 *   eth_signTypedData(_v1, _v3),          answer them with its own
 *   personal_sendTransaction,             unlocked accounts
 *   personal_signTransaction,
 *   personal_unlockAccount,
 *   personal_importRawKey
 *   anything else                      -> forwarded to the node, answer
 *                                         passed back unchanged
 *
 * eth_sendTransaction's object (ethers / viem names, 0x quantities) is
 * handed to the signer as duet's transaction JSON (docs/api-flows.md):
 * `gas` becomes `gasLimit`, `input` becomes `data`, `type` a number,
 * `from` is checked and dropped, null fields are left out (duetd fills
 * them); any other field is -32602.
 *
 * A request whose `from` / address is not the signer's gets JSON-RPC error
 * 4100 ("unauthorized").  Batches (JSON arrays) are answered element by
 * element.  A guardrail refusal becomes JSON-RPC error 4001 with the
 * reasons in its message.  Notifications (no id) get no answer; one of a
 * signing method is not run at all, since its outcome could not be
 * reported.  Only loopback binds are allowed.
 *
 * HTTP: POST with a Content-Length of at most 1 MiB (chunked bodies: 411,
 * larger: 413, other methods: 405), keep-alive, answers
 * application/json (204 when only notifications came).
 */

#ifndef DUET_CLI_PROXY_H
#define DUET_CLI_PROXY_H

#include <stddef.h>

/*
 * What the proxy asks of the signer.  Each returns 0 with its answer
 * (malloc'd text: a 0x tx hash, a 0x 65-byte signature), or -1 with a
 * message in err and *code the JSON-RPC error code to answer with.
 */
struct duet_proxy_signer {
    const char  *address;                        /* EIP-55               */
    void        *arg;
    int        (*send_transaction)(void *arg, const char *tx_json,
                                   char **hash, int *code, char *err,
                                   size_t errlen);
    int        (*personal_sign)(void *arg, const char *data, char **sig,
                                int *code, char *err, size_t errlen);
    int        (*sign_typed_data)(void *arg, const char *typed_json,
                                  char **sig, int *code, char *err,
                                  size_t errlen);
};

struct duet_proxy_config {
    const char  *listen;        /* "127.0.0.1:8545"                      */
    const char  *rpc_url;       /* the node every other method goes to   */
    unsigned     timeout_s;     /* per forwarded request                 */
    int          ready_fd;      /* if >= 0: write the bound port and "\n"
                                   here once listening (tests), close it */
};

/*
 * Serve until SIGINT or SIGTERM.  Returns 0 on a clean stop, or -1 with
 * err (cannot bind, not loopback, ...).
 */
int duet_proxy_serve(const struct duet_proxy_config *cfg,
    const struct duet_proxy_signer *signer, char *err, size_t errlen);

#endif /* DUET_CLI_PROXY_H */
