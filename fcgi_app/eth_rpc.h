/*
 * eth_rpc.h -- a JSON-RPC 2.0 client for an Ethereum node over libcurl:
 * what duetd needs to fill, broadcast and explain a transaction.
 *
 * One handle per network per worker (it keeps its connection alive).
 * Quantities come back as decimal text (DUETD_QTY_SIZE), hashes and
 * data as bytes.  Every failure fills a struct duetd_rpc_error whose
 * message may go to a client: it names the method and what went wrong,
 * never the URL (an RPC URL may carry an API key).
 */

#ifndef DUETD_ETH_RPC_H
#define DUETD_ETH_RPC_H

#include <stddef.h>
#include <stdint.h>

#define DUETD_QTY_SIZE          80      /* a decimal quantity and NUL     */

#define DUETD_RPC_OK             0
#define DUETD_RPC_UNREACHABLE   -1      /* transport, timeout, HTTP error:
                                           the handler answers 502        */
#define DUETD_RPC_REFUSED       -2      /* a JSON-RPC error object: the
                                           node refused the request (400);
                                           or code 0: an argument refused
                                           before sending (bad address,
                                           value not a decimal < 2^256)   */
#define DUETD_RPC_BAD_REPLY     -3      /* not a JSON-RPC answer (502)    */

struct duetd_rpc;

struct duetd_rpc_error {
    long  code;                 /* the JSON-RPC error code, or 0         */
    char  message[256];         /* "eth_estimateGas: execution reverted" */
};

/* A call as eth_estimateGas and eth_call take it. */
struct duetd_rpc_call {
    const char     *from;       /* 0x address, or NULL                    */
    const char     *to;         /* 0x address, or NULL (creation)         */
    const char     *value;      /* decimal, or NULL                       */
    const uint8_t  *data;
    size_t          data_len;
};

/*
 * A handle for url with a whole-request timeout.  Returns 0 with *out,
 * or -1 (no memory, or a URL that is not http(s)://).
 */
int duetd_rpc_open(struct duetd_rpc **out, const char *url,
    unsigned timeout_seconds);

void duetd_rpc_close(struct duetd_rpc *rpc);

/* eth_chainId. */
int duetd_rpc_chain_id(struct duetd_rpc *rpc, uint64_t *chain_id,
    struct duetd_rpc_error *err);

/* eth_getTransactionCount(address, "pending"). */
int duetd_rpc_nonce(struct duetd_rpc *rpc, const char *address,
    uint64_t *nonce, struct duetd_rpc_error *err);

/* eth_estimateGas (the raw estimate; the caller adds its margin). */
int duetd_rpc_estimate_gas(struct duetd_rpc *rpc,
    const struct duetd_rpc_call *call, uint64_t *gas,
    struct duetd_rpc_error *err);

/*
 * EIP-1559 fees: the priority fee from eth_maxPriorityFeePerGas (or the
 * eth_feeHistory reward median when the node lacks it), the base fee of
 * the pending block from eth_feeHistory, and maxFeePerGas = 2 * base +
 * priority.
 */
int duetd_rpc_fees_1559(struct duetd_rpc *rpc,
    char max_fee[DUETD_QTY_SIZE], char priority[DUETD_QTY_SIZE],
    struct duetd_rpc_error *err);

/* eth_gasPrice (legacy and EIP-2930). */
int duetd_rpc_gas_price(struct duetd_rpc *rpc, char price[DUETD_QTY_SIZE],
    struct duetd_rpc_error *err);

/* eth_sendRawTransaction; *hash is the node's answer. */
int duetd_rpc_send_raw(struct duetd_rpc *rpc, const uint8_t *raw,
    size_t len, uint8_t hash[32], struct duetd_rpc_error *err);

/* eth_getBalance(address, "latest"). */
int duetd_rpc_balance(struct duetd_rpc *rpc, const char *address,
    char wei[DUETD_QTY_SIZE], struct duetd_rpc_error *err);

/* eth_call(call, "latest"); *out is malloc'd (free()). */
int duetd_rpc_call(struct duetd_rpc *rpc, const struct duetd_rpc_call *call,
    uint8_t **out, size_t *len, struct duetd_rpc_error *err);

#endif /* DUETD_ETH_RPC_H */
