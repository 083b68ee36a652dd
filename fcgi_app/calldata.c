/*
 * calldata.c -- see calldata.h.
 *
 * Arguments are read as Solidity's ABI decoder reads them: a word past
 * the end of the calldata, an address or uintN word with high bits set,
 * a bool other than 0 or 1, or an offset that points outside the
 * arguments would make the contract revert, so such calldata is
 * "undecodable" here (the *_ok flag stays 0) and the criteria that need
 * the value fail closed.  Bytes after the last argument are ignored, as
 * the EVM ignores them.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "calldata.h"

#define DUETD_WORD              32

/* Most array elements looked at in one argument (a swap path). */
#define DUETD_CALLDATA_MAX_ARRAY  1024

/* What a selector is, and how its arguments are decoded. */
#define DUETD_SEL_TRANSFER           1
#define DUETD_SEL_TRANSFER_FROM      2
#define DUETD_SEL_APPROVE            3
#define DUETD_SEL_PERMIT2_APPROVE    4
#define DUETD_SEL_APPROVAL_FOR_ALL   5
#define DUETD_SEL_V2_EXACT_IN        6  /* (amountIn, amountOutMin, path,
                                           to, deadline)                  */
#define DUETD_SEL_V2_ETH_IN          7  /* (amountOutMin, path, to,
                                           deadline)                      */
#define DUETD_SEL_V2_EXACT_OUT       8  /* (amountOut, amountInMax, path,
                                           to, deadline)                  */
#define DUETD_SEL_V3_IN_SINGLE       9
#define DUETD_SEL_V3_IN              10
#define DUETD_SEL_V3_OUT_SINGLE      11
#define DUETD_SEL_V3_OUT             12
#define DUETD_SEL_DEX_OTHER          13 /* multicall, 1inch, SyncSwap      */

struct duetd_selector {
    uint32_t     selector;
    const char  *name;
    int          kind;
};

/*
 * Every selector is the first four bytes of the Keccak-256 of the
 * signature in its comment; tests/fcgi/calldata-t.c recomputes each one.
 */
static const struct duetd_selector  duetd_selectors[] = {
    /* transfer(address,uint256) */
    { 0xa9059cbb, "transfer", DUETD_SEL_TRANSFER },
    /* transferFrom(address,address,uint256) */
    { 0x23b872dd, "transferFrom", DUETD_SEL_TRANSFER_FROM },
    /* approve(address,uint256) */
    { 0x095ea7b3, "approve", DUETD_SEL_APPROVE },
    /* increaseAllowance(address,uint256) */
    { 0x39509351, "increaseAllowance", DUETD_SEL_APPROVE },
    /* setApprovalForAll(address,bool) */
    { 0xa22cb465, "setApprovalForAll", DUETD_SEL_APPROVAL_FOR_ALL },
    /* Permit2: approve(address,address,uint160,uint48) */
    { 0x87517c45, "permit2Approve", DUETD_SEL_PERMIT2_APPROVE },

    /* Uniswap V2 router: swapExactTokensForTokens(uint256,uint256,
       address[],address,uint256) */
    { 0x38ed1739, "swapExactTokensForTokens", DUETD_SEL_V2_EXACT_IN },
    /* swapExactTokensForETH(uint256,uint256,address[],address,uint256) */
    { 0x18cbafe5, "swapExactTokensForETH", DUETD_SEL_V2_EXACT_IN },
    /* swapExactETHForTokens(uint256,address[],address,uint256) */
    { 0x7ff36ab5, "swapExactETHForTokens", DUETD_SEL_V2_ETH_IN },
    /* swapTokensForExactTokens(uint256,uint256,address[],address,
       uint256) */
    { 0x8803dbee, "swapTokensForExactTokens", DUETD_SEL_V2_EXACT_OUT },
    /* swapTokensForExactETH(uint256,uint256,address[],address,uint256) */
    { 0x4a25d94a, "swapTokensForExactETH", DUETD_SEL_V2_EXACT_OUT },

    /* Uniswap V3 SwapRouter: exactInputSingle((address,address,uint24,
       address,uint256,uint256,uint256,uint160)) */
    { 0x414bf389, "exactInputSingle", DUETD_SEL_V3_IN_SINGLE },
    /* exactInput((bytes,address,uint256,uint256,uint256)) */
    { 0xc04b8d59, "exactInput", DUETD_SEL_V3_IN },
    /* exactOutputSingle((address,address,uint24,address,uint256,uint256,
       uint256,uint160)) */
    { 0xdb3e2198, "exactOutputSingle", DUETD_SEL_V3_OUT_SINGLE },
    /* exactOutput((bytes,address,uint256,uint256,uint256)) */
    { 0xf28c0498, "exactOutput", DUETD_SEL_V3_OUT },
    /* SwapRouter02: multicall(uint256,bytes[]) */
    { 0x5ae401dc, "multicall", DUETD_SEL_DEX_OTHER },

    /* 1inch AggregationRouterV5: swap(address,(address,address,address,
       address,uint256,uint256,uint256),bytes,bytes) */
    { 0x12aa3caf, "swap", DUETD_SEL_DEX_OTHER },
    /* unoswap(address,uint256,uint256,uint256[]) */
    { 0x0502b1c5, "unoswap", DUETD_SEL_DEX_OTHER },
    /* uniswapV3Swap(uint256,uint256,uint256[]) */
    { 0xe449022e, "uniswapV3Swap", DUETD_SEL_DEX_OTHER },
    /*
     * The reference lists this one as "1inch swap"; it is the SyncSwap
     * router's swap(((address,bytes,address,bytes)[],address,uint256)[],
     * uint256,uint256).  Named after what it is.
     */
    { 0x2cc4081e, "syncSwap", DUETD_SEL_DEX_OTHER },
};


/* The arguments after the selector. */
struct duetd_args {
    const uint8_t  *p;
    size_t          len;
};


/* Word i of the head, or NULL past the end. */
static const uint8_t *
duetd_word(const struct duetd_args *a, size_t off)
{
    if (off > a->len || a->len - off < DUETD_WORD) {
        return NULL;
    }
    return a->p + off;
}


/* The word's top (32 - n) bytes are zero (it holds an n-byte integer). */
static int
duetd_word_fits(const uint8_t *w, size_t n)
{
    size_t  i;

    for (i = 0; i < DUETD_WORD - n; i++) {
        if (w[i] != 0) {
            return 0;
        }
    }
    return 1;
}


/* An address argument at byte offset off: 12 zero bytes, then 20. */
static int
duetd_arg_address(const struct duetd_args *a, size_t off, uint8_t out[20])
{
    const uint8_t  *w = duetd_word(a, off);

    if (w == NULL || !duetd_word_fits(w, 20)) {
        return -1;
    }
    if (out != NULL) {
        memcpy(out, w + 12, 20);
    }
    return 0;
}


/* A uintN argument (N = 8 * n) at byte offset off. */
static int
duetd_arg_uint(const struct duetd_args *a, size_t off, size_t n,
    struct duetd_u256 *out)
{
    const uint8_t  *w = duetd_word(a, off);

    if (w == NULL || !duetd_word_fits(w, n)) {
        return -1;
    }
    if (out != NULL) {
        (void) duetd_u256_from_be(out, w, DUETD_WORD);
    }
    return 0;
}


/* An offset or a length: a word that fits in 32 bits, as its value. */
static int
duetd_arg_size(const struct duetd_args *a, size_t off, size_t *out)
{
    const uint8_t  *w = duetd_word(a, off);

    if (w == NULL || !duetd_word_fits(w, 4)) {
        return -1;
    }
    *out = ((size_t) w[28] << 24) | ((size_t) w[29] << 16)
           | ((size_t) w[30] << 8) | (size_t) w[31];
    return 0;
}


/*
 * The dynamic argument whose offset (relative to base) is the word at
 * head: its length word lies inside the arguments.  Returns the byte
 * offset of the length word, with *n the length, or -1.
 */
static int
duetd_arg_dynamic(const struct duetd_args *a, size_t base, size_t head,
    size_t *at, size_t *n)
{
    size_t  rel;

    if (duetd_arg_size(a, head, &rel) != 0 || rel > a->len
        || base > a->len - rel)
    {
        return -1;
    }
    *at = base + rel;
    return duetd_arg_size(a, *at, n);
}


/* An address[] whose offset word is at head (relative to the start). */
static int
duetd_arg_address_array(const struct duetd_args *a, size_t head)
{
    size_t  at, n, i;

    if (duetd_arg_dynamic(a, 0, head, &at, &n) != 0
        || n > DUETD_CALLDATA_MAX_ARRAY)
    {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (duetd_arg_address(a, at + DUETD_WORD * (i + 1), NULL) != 0) {
            return -1;
        }
    }
    return 0;
}


/* A bytes value whose offset word is at head, relative to base. */
static int
duetd_arg_bytes(const struct duetd_args *a, size_t base, size_t head)
{
    size_t  at, n;

    if (duetd_arg_dynamic(a, base, head, &at, &n) != 0) {
        return -1;
    }
    return n <= a->len - at - DUETD_WORD ? 0 : -1;
}


#define DUETD_W(i)  ((size_t) (i) * DUETD_WORD)


static void
duetd_decode_transfer(struct duetd_calldata *c, const struct duetd_args *a,
    int from)
{
    size_t  k = from ? 1 : 0;

    c->token_transfer = 1;
    if ((from && duetd_arg_address(a, DUETD_W(0), NULL) != 0)
        || duetd_arg_address(a, DUETD_W(k), c->recipient) != 0
        || duetd_arg_uint(a, DUETD_W(k + 1), 32, &c->amount) != 0)
    {
        memset(c->recipient, 0, sizeof(c->recipient));
        memset(&c->amount, 0, sizeof(c->amount));
        return;
    }
    c->transfer_ok = 1;
}


static void
duetd_decode_approval(struct duetd_calldata *c, const struct duetd_args *a,
    int kind)
{
    const uint8_t  *w;
    int             ok = 0;

    switch (kind) {
    case DUETD_SEL_APPROVE:
        c->approval = DUETD_APPROVAL_ERC20;
        ok = duetd_arg_address(a, DUETD_W(0), NULL) == 0
             && duetd_arg_uint(a, DUETD_W(1), 32, &c->approval_amount) == 0;
        break;
    case DUETD_SEL_PERMIT2_APPROVE:
        /* (token, spender, uint160 amount, uint48 expiration) */
        c->approval = DUETD_APPROVAL_PERMIT2;
        ok = duetd_arg_address(a, DUETD_W(0), NULL) == 0
             && duetd_arg_address(a, DUETD_W(1), NULL) == 0
             && duetd_arg_uint(a, DUETD_W(2), 20, &c->approval_amount) == 0
             && duetd_arg_uint(a, DUETD_W(3), 6, NULL) == 0;
        break;
    case DUETD_SEL_APPROVAL_FOR_ALL:
        c->approval = DUETD_APPROVAL_ALL;
        w = duetd_word(a, DUETD_W(1));
        ok = duetd_arg_address(a, DUETD_W(0), NULL) == 0 && w != NULL
             && duetd_word_fits(w, 1) && w[31] <= 1;
        if (ok) {
            c->approve_all = w[31];
        }
        break;
    }
    if (!ok) {
        memset(&c->approval_amount, 0, sizeof(c->approval_amount));
        c->approve_all = 0;
        return;
    }
    c->approval_ok = 1;
}


static void
duetd_decode_swap(struct duetd_calldata *c, const struct duetd_args *a,
    int kind)
{
    size_t  t;
    int     ok = 0;

    switch (kind) {
    case DUETD_SEL_V2_EXACT_IN:
    case DUETD_SEL_V2_EXACT_OUT:
        c->uniswap_v2 = 1;
        c->swap = kind == DUETD_SEL_V2_EXACT_IN ? DUETD_SWAP_EXACT_IN
                                                : DUETD_SWAP_EXACT_OUT;
        ok = duetd_arg_uint(a, DUETD_W(0), 32, &c->amount_in) == 0
             && duetd_arg_uint(a, DUETD_W(1), 32, &c->amount_out_min) == 0
             && duetd_arg_address_array(a, DUETD_W(2)) == 0
             && duetd_arg_address(a, DUETD_W(3), NULL) == 0
             && duetd_arg_uint(a, DUETD_W(4), 32, NULL) == 0;
        if (kind == DUETD_SEL_V2_EXACT_OUT) {
            /* (amountOut, amountInMax): not what the fields mean. */
            memset(&c->amount_in, 0, sizeof(c->amount_in));
            memset(&c->amount_out_min, 0, sizeof(c->amount_out_min));
        }
        break;
    case DUETD_SEL_V2_ETH_IN:
        c->uniswap_v2 = 1;
        c->swap = DUETD_SWAP_ETH_IN;
        ok = duetd_arg_uint(a, DUETD_W(0), 32, &c->amount_out_min) == 0
             && duetd_arg_address_array(a, DUETD_W(1)) == 0
             && duetd_arg_address(a, DUETD_W(2), NULL) == 0
             && duetd_arg_uint(a, DUETD_W(3), 32, NULL) == 0;
        break;
    case DUETD_SEL_V3_IN_SINGLE:
    case DUETD_SEL_V3_OUT_SINGLE:
        /*
         * One static tuple, inline: (tokenIn, tokenOut, uint24 fee,
         * recipient, deadline, amountIn | amountOut, amountOutMinimum |
         * amountInMaximum, uint160 sqrtPriceLimitX96).
         */
        c->swap = kind == DUETD_SEL_V3_IN_SINGLE ? DUETD_SWAP_EXACT_IN
                                                 : DUETD_SWAP_EXACT_OUT;
        ok = duetd_arg_address(a, DUETD_W(0), NULL) == 0
             && duetd_arg_address(a, DUETD_W(1), NULL) == 0
             && duetd_arg_uint(a, DUETD_W(2), 3, NULL) == 0
             && duetd_arg_address(a, DUETD_W(3), NULL) == 0
             && duetd_arg_uint(a, DUETD_W(4), 32, NULL) == 0
             && duetd_arg_uint(a, DUETD_W(5), 32, &c->amount_in) == 0
             && duetd_arg_uint(a, DUETD_W(6), 32, &c->amount_out_min) == 0
             && duetd_arg_uint(a, DUETD_W(7), 20, NULL) == 0;
        if (kind == DUETD_SEL_V3_OUT_SINGLE) {
            memset(&c->amount_in, 0, sizeof(c->amount_in));
            memset(&c->amount_out_min, 0, sizeof(c->amount_out_min));
        }
        break;
    case DUETD_SEL_V3_IN:
    case DUETD_SEL_V3_OUT:
        /*
         * One dynamic tuple (bytes path, recipient, deadline, amountIn |
         * amountOut, amountOutMinimum | amountInMaximum): the head holds
         * its offset, and the path's offset is relative to the tuple.
         */
        c->swap = kind == DUETD_SEL_V3_IN ? DUETD_SWAP_EXACT_IN
                                          : DUETD_SWAP_EXACT_OUT;
        ok = duetd_arg_size(a, DUETD_W(0), &t) == 0 && t <= a->len
             && a->len - t >= DUETD_W(5)
             && duetd_arg_bytes(a, t, t + DUETD_W(0)) == 0
             && duetd_arg_address(a, t + DUETD_W(1), NULL) == 0
             && duetd_arg_uint(a, t + DUETD_W(2), 32, NULL) == 0
             && duetd_arg_uint(a, t + DUETD_W(3), 32, &c->amount_in) == 0
             && duetd_arg_uint(a, t + DUETD_W(4), 32, &c->amount_out_min) == 0;
        if (kind == DUETD_SEL_V3_OUT) {
            memset(&c->amount_in, 0, sizeof(c->amount_in));
            memset(&c->amount_out_min, 0, sizeof(c->amount_out_min));
        }
        break;
    }
    if (!ok) {
        memset(&c->amount_in, 0, sizeof(c->amount_in));
        memset(&c->amount_out_min, 0, sizeof(c->amount_out_min));
        return;
    }
    c->swap_ok = 1;
}


void
duetd_calldata_decode(struct duetd_calldata *out, const uint8_t *data,
    size_t len)
{
    const struct duetd_selector  *s = NULL;
    struct duetd_args             a;
    size_t                        i;

    memset(out, 0, sizeof(*out));
    if (len < 4) {
        return;
    }
    out->has_selector = 1;
    out->selector = ((uint32_t) data[0] << 24) | ((uint32_t) data[1] << 16)
                    | ((uint32_t) data[2] << 8) | (uint32_t) data[3];
    snprintf(out->selector_hex, sizeof(out->selector_hex), "0x%08x",
             (unsigned) out->selector);
    a.p = data + 4;
    a.len = len - 4;

    for (i = 0; i < sizeof(duetd_selectors) / sizeof(duetd_selectors[0]);
         i++)
    {
        if (duetd_selectors[i].selector == out->selector) {
            s = &duetd_selectors[i];
            break;
        }
    }
    if (s == NULL) {
        snprintf(out->action, sizeof(out->action), "unknown(%s)",
                 out->selector_hex);
        return;
    }
    snprintf(out->action, sizeof(out->action), "%s", s->name);

    switch (s->kind) {
    case DUETD_SEL_TRANSFER:
    case DUETD_SEL_TRANSFER_FROM:
        duetd_decode_transfer(out, &a, s->kind == DUETD_SEL_TRANSFER_FROM);
        break;
    case DUETD_SEL_APPROVE:
    case DUETD_SEL_PERMIT2_APPROVE:
    case DUETD_SEL_APPROVAL_FOR_ALL:
        duetd_decode_approval(out, &a, s->kind);
        break;
    case DUETD_SEL_DEX_OTHER:
        out->dex = 1;
        break;
    default:
        out->dex = 1;
        duetd_decode_swap(out, &a, s->kind);
        break;
    }
}
