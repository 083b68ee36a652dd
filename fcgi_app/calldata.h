/*
 * calldata.h -- what a transaction's calldata asks a contract to do, as
 * far as the guardrails and the audit log care: the 4-byte selector, the
 * decoded action ("transfer", "approve", ... or "unknown(0x12345678)"),
 * token recipients and amounts, approvals and swaps (spec/api.md
 * section 4, the criterion catalogue).  Pure: no I/O, never fails; an
 * argument that does not decode leaves its *_ok flag at 0, and the
 * criteria that need it fail closed.
 */

#ifndef DUETD_CALLDATA_H
#define DUETD_CALLDATA_H

#include <stddef.h>
#include <stdint.h>

#include "u256.h"

#define DUETD_ACTION_SIZE       32      /* "unknown(0x12345678)" fits      */

/* Kinds of approval (blockInfiniteApprovals, the always-on checks). */
#define DUETD_APPROVAL_NONE     0
#define DUETD_APPROVAL_ERC20    1       /* approve, increaseAllowance      */
#define DUETD_APPROVAL_PERMIT2  2       /* Permit2 approve (uint160)       */
#define DUETD_APPROVAL_ALL      3       /* setApprovalForAll               */

/* Kinds of swap (maxSlippage, the always-on zero-slippage check). */
#define DUETD_SWAP_NONE         0
#define DUETD_SWAP_EXACT_IN     1       /* amountIn and amountOutMin       */
#define DUETD_SWAP_ETH_IN       2       /* amountOutMin only (value in)    */
#define DUETD_SWAP_EXACT_OUT    3       /* exact-output: passes slippage   */

struct duetd_calldata {
    int                has_selector;    /* calldata has >= 4 bytes         */
    uint32_t           selector;
    char               selector_hex[11];            /* "0x" + 8 lower hex */
    char               action[DUETD_ACTION_SIZE];   /* decodedAction; ""
                                                       when no selector   */

    /* ERC-20 transfer / transferFrom: the recipient and the amount. */
    int                token_transfer;
    int                transfer_ok;     /* arguments decoded               */
    uint8_t            recipient[20];
    struct duetd_u256  amount;

    /* Approvals. */
    int                approval;        /* DUETD_APPROVAL_*                */
    int                approval_ok;     /* arguments decoded               */
    struct duetd_u256  approval_amount; /* ERC20, PERMIT2                  */
    int                approve_all;     /* ALL: the bool argument          */

    /* Swaps. */
    int                swap;            /* DUETD_SWAP_*                    */
    int                swap_ok;         /* amounts decoded                 */
    struct duetd_u256  amount_in;       /* EXACT_IN only                   */
    struct duetd_u256  amount_out_min;  /* EXACT_IN, ETH_IN                */
    int                uniswap_v2;      /* a Uniswap V2 router selector    */

    /* One of the DEX selectors mevProtection refuses. */
    int                dex;
};

/* Decode calldata (data may be NULL when len is 0). */
void duetd_calldata_decode(struct duetd_calldata *out, const uint8_t *data,
    size_t len);

#endif /* DUETD_CALLDATA_H */
