/*
 * chain.h -- a worker's connections to the configured Ethereum networks
 * and its price source, opened after fork and on first use.
 *
 * The first use of a network asks its node for eth_chainId and refuses
 * the network for this worker's life if it is not the configured one:
 * signing for the wrong chain is worse than not signing.
 */

#ifndef DUETD_CHAIN_H
#define DUETD_CHAIN_H

#include "eth_rpc.h"
#include "options.h"
#include "prices.h"

struct duetd_chain;

/* Returns 0 with *out, or -1 (logged). */
int duetd_chain_open(const struct duetd_config *cfg,
    struct duetd_chain **out);

void duetd_chain_close(struct duetd_chain *c);

/*
 * The RPC handle of nw, one of cfg's networks.
 * Returns: DUETD_RPC_OK with *rpc, or a DUETD_RPC_* error with *err.
 */
int duetd_chain_rpc(struct duetd_chain *c, const struct duetd_network *nw,
    struct duetd_rpc **rpc, struct duetd_rpc_error *err);

/* The price source. */
struct duetd_prices *duetd_chain_prices(struct duetd_chain *c);

#endif /* DUETD_CHAIN_H */
