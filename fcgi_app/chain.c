/*
 * chain.c -- see chain.h.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "log.h"

/* A network's handle: not yet opened, usable, or refused for good. */
#define DUETD_CHAIN_CLOSED   0
#define DUETD_CHAIN_READY    1
#define DUETD_CHAIN_WRONG    2

struct duetd_chain {
    const struct duetd_config  *cfg;
    struct duetd_prices        *prices;
    struct duetd_rpc           *rpc[DUETD_NETWORKS_MAX];
    int                         state[DUETD_NETWORKS_MAX];
};


int
duetd_chain_open(const struct duetd_config *cfg, struct duetd_chain **out)
{
    struct duetd_chain  *c;

    *out = NULL;
    if ((c = calloc(1, sizeof(*c))) == NULL) {
        duetd_log_error("chain: out of memory");
        return -1;
    }
    c->cfg = cfg;
    if (duetd_prices_open(cfg, &c->prices) != 0) {
        free(c);
        return -1;
    }
    *out = c;
    return 0;
}


void
duetd_chain_close(struct duetd_chain *c)
{
    size_t  i;

    if (c == NULL) {
        return;
    }
    for (i = 0; i < DUETD_NETWORKS_MAX; i++) {
        duetd_rpc_close(c->rpc[i]);
    }
    duetd_prices_close(c->prices);
    free(c);
}


int
duetd_chain_rpc(struct duetd_chain *c, const struct duetd_network *nw,
    struct duetd_rpc **rpc, struct duetd_rpc_error *err)
{
    size_t    i;
    uint64_t  id;
    int       rc;

    *rpc = NULL;
    memset(err, 0, sizeof(*err));
    i = (size_t) (nw - c->cfg->networks);
    if (nw < c->cfg->networks || i >= c->cfg->nnetworks) {
        snprintf(err->message, sizeof(err->message), "no such network");
        return DUETD_RPC_UNREACHABLE;
    }
    if (c->state[i] == DUETD_CHAIN_WRONG) {
        snprintf(err->message, sizeof(err->message), "network %s: its node"
                 " serves another chain than the configured %llu", nw->name,
                 (unsigned long long) nw->chain_id);
        return DUETD_RPC_BAD_REPLY;
    }
    if (c->rpc[i] == NULL
        && duetd_rpc_open(&c->rpc[i], nw->rpc_url, c->cfg->rpc_timeout) != 0)
    {
        snprintf(err->message, sizeof(err->message), "network %s: cannot"
                 " set up its RPC client", nw->name);
        return DUETD_RPC_UNREACHABLE;
    }
    if (c->state[i] == DUETD_CHAIN_CLOSED) {
        rc = duetd_rpc_chain_id(c->rpc[i], &id, err);
        if (rc != DUETD_RPC_OK) {
            return rc;
        }
        if (id != nw->chain_id) {
            duetd_log_error("network %s: the node says chain %llu, the"
                            " configuration %llu; refusing it", nw->name,
                            (unsigned long long) id,
                            (unsigned long long) nw->chain_id);
            c->state[i] = DUETD_CHAIN_WRONG;
            snprintf(err->message, sizeof(err->message), "network %s: its"
                     " node serves chain %llu, not the configured %llu",
                     nw->name, (unsigned long long) id,
                     (unsigned long long) nw->chain_id);
            return DUETD_RPC_BAD_REPLY;
        }
        c->state[i] = DUETD_CHAIN_READY;
    }
    *rpc = c->rpc[i];
    return DUETD_RPC_OK;
}


struct duetd_prices *
duetd_chain_prices(struct duetd_chain *c)
{
    return c->prices;
}
