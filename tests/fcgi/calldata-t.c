/*
 * calldata-t.c -- fcgi_app/calldata.c: every selector duetd names is
 * recomputed here as the Keccak-256 of its Solidity signature, and the
 * ABI decoding of the arguments the guardrails need is checked on
 * well-formed calldata and on each way it can be malformed (short, an
 * address or uintN word with high bits, a bool of 2, an offset or length
 * pointing outside).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "duet.h"
#include "duet_eth.h"
#include "calldata.h"

/* Calldata under construction: a selector, then 32-byte words. */
struct abi {
    uint8_t  b[4096];
    size_t   n;
};


static uint32_t
selector_of(const char *sig)
{
    uint8_t  h[DUET_ETH_HASH_BYTES];

    if (duet_eth_keccak256(h, (const uint8_t *) sig, strlen(sig)) != 0) {
        bail("keccak256 failed");
    }
    return ((uint32_t) h[0] << 24) | ((uint32_t) h[1] << 16)
           | ((uint32_t) h[2] << 8) | (uint32_t) h[3];
}


static void
abi_sel(struct abi *a, uint32_t sel)
{
    a->b[0] = (uint8_t) (sel >> 24);
    a->b[1] = (uint8_t) (sel >> 16);
    a->b[2] = (uint8_t) (sel >> 8);
    a->b[3] = (uint8_t) sel;
    a->n = 4;
}


/* A word holding v in its last 8 bytes. */
static void
abi_u64(struct abi *a, uint64_t v)
{
    int  i;

    memset(a->b + a->n, 0, 32);
    for (i = 0; i < 8; i++) {
        a->b[a->n + 31 - i] = (uint8_t) (v >> (8 * i));
    }
    a->n += 32;
}


/* A word of 64 hex digits. */
static void
abi_hex(struct abi *a, const char *hex)
{
    size_t  i;

    if (strlen(hex) != 64) {
        bail("abi_hex: %s", hex);
    }
    for (i = 0; i < 32; i++) {
        unsigned  v;

        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            bail("abi_hex: %s", hex);
        }
        a->b[a->n + i] = (uint8_t) v;
    }
    a->n += 32;
}


/* An address word: 12 zero bytes, then 20 bytes of fill. */
static void
abi_addr(struct abi *a, uint8_t fill)
{
    memset(a->b + a->n, 0, 12);
    memset(a->b + a->n + 12, fill, 20);
    a->n += 32;
}


/* Set byte k of word i (counted after the selector). */
static void
abi_poke(struct abi *a, size_t i, size_t k, uint8_t v)
{
    a->b[4 + 32 * i + k] = v;
}


static void
decode(struct duetd_calldata *c, const struct abi *a)
{
    duetd_calldata_decode(c, a->b, a->n);
}


static int
u256_is(const struct duetd_u256 *v, uint64_t w3, uint64_t w2, uint64_t w1,
    uint64_t w0)
{
    return v->w[3] == w3 && v->w[2] == w2 && v->w[1] == w1 && v->w[0] == w0;
}


static void
test_selectors(void)
{
    /* Every selector calldata.c knows, by signature and decodedAction. */
    static const struct {
        const char  *sig;
        const char  *action;
        int          dex;
    } sels[] = {
        { "transfer(address,uint256)", "transfer", 0 },
        { "transferFrom(address,address,uint256)", "transferFrom", 0 },
        { "approve(address,uint256)", "approve", 0 },
        { "increaseAllowance(address,uint256)", "increaseAllowance", 0 },
        { "setApprovalForAll(address,bool)", "setApprovalForAll", 0 },
        { "approve(address,address,uint160,uint48)", "permit2Approve", 0 },
        { "swapExactTokensForTokens(uint256,uint256,address[],address,"
          "uint256)", "swapExactTokensForTokens", 1 },
        { "swapExactTokensForETH(uint256,uint256,address[],address,"
          "uint256)", "swapExactTokensForETH", 1 },
        { "swapExactETHForTokens(uint256,address[],address,uint256)",
          "swapExactETHForTokens", 1 },
        { "swapTokensForExactTokens(uint256,uint256,address[],address,"
          "uint256)", "swapTokensForExactTokens", 1 },
        { "swapTokensForExactETH(uint256,uint256,address[],address,"
          "uint256)", "swapTokensForExactETH", 1 },
        { "exactInputSingle((address,address,uint24,address,uint256,"
          "uint256,uint256,uint160))", "exactInputSingle", 1 },
        { "exactInput((bytes,address,uint256,uint256,uint256))",
          "exactInput", 1 },
        { "exactOutputSingle((address,address,uint24,address,uint256,"
          "uint256,uint256,uint160))", "exactOutputSingle", 1 },
        { "exactOutput((bytes,address,uint256,uint256,uint256))",
          "exactOutput", 1 },
        { "multicall(uint256,bytes[])", "multicall", 1 },
        { "swap(address,(address,address,address,address,uint256,uint256,"
          "uint256),bytes,bytes)", "swap", 1 },
        { "unoswap(address,uint256,uint256,uint256[])", "unoswap", 1 },
        { "uniswapV3Swap(uint256,uint256,uint256[])", "uniswapV3Swap", 1 },
        { "swap(((address,bytes,address,bytes)[],address,uint256)[],"
          "uint256,uint256)", "syncSwap", 1 },
        /* Look-alikes that are not on the list. */
        { "multicall(bytes[])", NULL, 0 },
        { "permit(address,((address,uint160,uint48,uint48),address,"
          "uint256),bytes)", NULL, 0 },
    };
    /* The 14 DEX selectors of spec/api.md (mevProtection) and Permit2. */
    static const uint32_t  spec_dex[14] = {
        0x38ed1739, 0x18cbafe5, 0x7ff36ab5, 0x8803dbee, 0x4a25d94a,
        0x414bf389, 0xc04b8d59, 0xdb3e2198, 0xf28c0498, 0x5ae401dc,
        0x2cc4081e, 0x12aa3caf, 0x0502b1c5, 0xe449022e
    };
    struct duetd_calldata  c;
    struct abi             a;
    char                   hex[11], want[32];
    uint32_t               sel;
    size_t                 i, j;
    int                    found;

    for (i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
        sel = selector_of(sels[i].sig);
        abi_sel(&a, sel);
        decode(&c, &a);
        snprintf(hex, sizeof(hex), "0x%08x", (unsigned) sel);
        ok(c.has_selector && c.selector == sel, "%s: selector %s", sels[i].sig,
           hex);
        is_str(hex, c.selector_hex, "%s: selector text", sels[i].sig);
        if (sels[i].action != NULL) {
            is_str(sels[i].action, c.action, "%s: decodedAction",
                   sels[i].sig);
        } else {
            snprintf(want, sizeof(want), "unknown(%s)", hex);
            is_str(want, c.action, "%s: not one of duetd's", sels[i].sig);
        }
        is_int(sels[i].dex, c.dex, "%s: DEX selector or not", sels[i].sig);
        if (!sels[i].dex) {
            continue;
        }
        found = 0;
        for (j = 0; j < 14; j++) {
            found |= spec_dex[j] == sel;
        }
        ok(found, "%s: among the spec's 14 DEX selectors", sels[i].sig);
    }
    is_int(0x87517c45, (long long) selector_of("approve(address,address,"
           "uint160,uint48)"), "Permit2 approve is 0x87517c45");
}


static void
test_no_selector(void)
{
    static const uint8_t   three[3] = { 0xa9, 0x05, 0x9c };
    static const uint8_t   dead[4] = { 0xDE, 0xAD, 0xBE, 0xEF };
    struct duetd_calldata  c;

    duetd_calldata_decode(&c, NULL, 0);
    ok(!c.has_selector && c.action[0] == '\0' && c.selector_hex[0] == '\0',
       "no calldata: no selector, no action");
    duetd_calldata_decode(&c, three, 3);
    ok(!c.has_selector && c.action[0] == '\0' && !c.token_transfer,
       "3 bytes: no selector");
    duetd_calldata_decode(&c, dead, 4);
    ok(c.has_selector && c.selector == 0xdeadbeef, "4 bytes: a selector");
    is_str("unknown(0xdeadbeef)", c.action, "unknown selector, lower case");
    ok(!c.token_transfer && c.approval == DUETD_APPROVAL_NONE
       && c.swap == DUETD_SWAP_NONE && !c.dex, "unknown: nothing decoded");
}


static void
test_transfer(void)
{
    struct duetd_calldata  c;
    struct abi             a, b;
    uint8_t                want[20];

    memset(want, 0x22, 20);
    abi_sel(&a, 0xa9059cbb);
    abi_addr(&a, 0x22);
    abi_u64(&a, 1000);
    decode(&c, &a);
    ok(c.token_transfer && c.transfer_ok, "transfer: decoded");
    is_blob(want, c.recipient, 20, "transfer: recipient");
    ok(u256_is(&c.amount, 0, 0, 0, 1000), "transfer: amount");

    b = a;
    abi_u64(&b, 7);
    decode(&c, &b);
    ok(c.transfer_ok, "transfer: trailing bytes are ignored");

    b = a;
    b.n -= 1;
    decode(&c, &b);
    ok(c.token_transfer && !c.transfer_ok, "transfer: a byte short");
    b = a;
    abi_poke(&b, 0, 11, 1);
    decode(&c, &b);
    ok(c.token_transfer && !c.transfer_ok, "transfer: address word with a"
       " high bit");

    abi_sel(&a, 0x23b872dd);
    abi_addr(&a, 0x11);
    abi_addr(&a, 0x22);
    abi_u64(&a, 5);
    decode(&c, &a);
    ok(c.token_transfer && c.transfer_ok, "transferFrom: decoded");
    is_blob(want, c.recipient, 20, "transferFrom: recipient is the second"
            " address");
    ok(u256_is(&c.amount, 0, 0, 0, 5), "transferFrom: amount");
    b = a;
    abi_poke(&b, 0, 0, 1);
    decode(&c, &b);
    ok(!c.transfer_ok, "transferFrom: dirty from address");
}


static void
test_approvals(void)
{
    struct duetd_calldata  c;
    struct abi             a, b;

    abi_sel(&a, 0x095ea7b3);
    abi_addr(&a, 0x33);
    abi_hex(&a, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                "ffff");
    decode(&c, &a);
    ok(c.approval == DUETD_APPROVAL_ERC20 && c.approval_ok, "approve:"
       " decoded");
    ok(u256_is(&c.approval_amount, UINT64_MAX, UINT64_MAX, UINT64_MAX,
               UINT64_MAX), "approve: 2^256 - 1");
    b = a;
    b.n = 4 + 32;
    decode(&c, &b);
    ok(c.approval == DUETD_APPROVAL_ERC20 && !c.approval_ok, "approve: no"
       " amount");
    b = a;
    abi_poke(&b, 0, 5, 0x80);
    decode(&c, &b);
    ok(!c.approval_ok, "approve: dirty spender");

    abi_sel(&a, 0x39509351);
    abi_addr(&a, 0x33);
    abi_u64(&a, 9);
    decode(&c, &a);
    ok(c.approval == DUETD_APPROVAL_ERC20 && c.approval_ok
       && u256_is(&c.approval_amount, 0, 0, 0, 9), "increaseAllowance:"
       " decoded");

    /* Permit2: (token, spender, uint160 amount, uint48 expiration). */
    abi_sel(&a, 0x87517c45);
    abi_addr(&a, 0x44);
    abi_addr(&a, 0x55);
    abi_hex(&a, "000000000000000000000000ffffffffffffffffffffffffffffffffffff"
                "ffff");
    abi_u64(&a, 0xffffffffffffULL);
    decode(&c, &a);
    ok(c.approval == DUETD_APPROVAL_PERMIT2 && c.approval_ok, "permit2"
       " approve: decoded");
    ok(u256_is(&c.approval_amount, 0, 0xffffffffULL, UINT64_MAX, UINT64_MAX),
       "permit2 approve: 2^160 - 1");
    b = a;
    abi_poke(&b, 2, 11, 1);
    decode(&c, &b);
    ok(c.approval == DUETD_APPROVAL_PERMIT2 && !c.approval_ok, "permit2"
       " approve: amount of 161 bits");
    b = a;
    abi_poke(&b, 3, 25, 1);
    decode(&c, &b);
    ok(!c.approval_ok, "permit2 approve: expiration of 49 bits");
    b = a;
    b.n -= 32;
    decode(&c, &b);
    ok(!c.approval_ok, "permit2 approve: no expiration");

    abi_sel(&a, 0xa22cb465);
    abi_addr(&a, 0x66);
    abi_u64(&a, 1);
    decode(&c, &a);
    ok(c.approval == DUETD_APPROVAL_ALL && c.approval_ok && c.approve_all,
       "setApprovalForAll(true)");
    abi_sel(&a, 0xa22cb465);
    abi_addr(&a, 0x66);
    abi_u64(&a, 0);
    decode(&c, &a);
    ok(c.approval_ok && !c.approve_all, "setApprovalForAll(false)");
    abi_sel(&a, 0xa22cb465);
    abi_addr(&a, 0x66);
    abi_u64(&a, 2);
    decode(&c, &a);
    ok(c.approval == DUETD_APPROVAL_ALL && !c.approval_ok && !c.approve_all,
       "setApprovalForAll(2): not a bool");
    b = a;
    abi_sel(&b, 0xa22cb465);
    b.n = 4 + 32;
    decode(&c, &b);
    ok(!c.approval_ok, "setApprovalForAll: no bool");
}


/* A Uniswap V2 swap: head words, then the path (n addresses). */
static void
v2_swap(struct abi *a, uint32_t sel, int eth_in, uint64_t x, uint64_t y,
    size_t n)
{
    size_t  i, head = eth_in ? 4 : 5;

    abi_sel(a, sel);
    if (!eth_in) {
        abi_u64(a, x);
    }
    abi_u64(a, y);
    abi_u64(a, 32 * head);
    abi_addr(a, 0x77);
    abi_u64(a, 1700000000);
    abi_u64(a, n);
    for (i = 0; i < n; i++) {
        abi_addr(a, (uint8_t) (0x10 + i));
    }
}


static void
test_v2(void)
{
    struct duetd_calldata  c;
    struct abi             a, b;

    v2_swap(&a, 0x38ed1739, 0, 1000, 990, 2);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_IN && c.swap_ok && c.uniswap_v2 && c.dex,
       "swapExactTokensForTokens: decoded");
    ok(u256_is(&c.amount_in, 0, 0, 0, 1000)
       && u256_is(&c.amount_out_min, 0, 0, 0, 990), "swapExactTokensFor"
       "Tokens: amountIn, amountOutMin");

    b = a;
    abi_poke(&b, 2, 31, 0xe0);
    decode(&c, &b);
    ok(c.swap == DUETD_SWAP_EXACT_IN && !c.swap_ok, "V2: path offset past"
       " the end");
    b = a;
    abi_poke(&b, 2, 0, 1);
    decode(&c, &b);
    ok(!c.swap_ok, "V2: path offset of 256 bits");
    b = a;
    abi_poke(&b, 5, 31, 3);
    decode(&c, &b);
    ok(!c.swap_ok, "V2: path longer than the calldata");
    b = a;
    abi_poke(&b, 6, 2, 1);
    decode(&c, &b);
    ok(!c.swap_ok, "V2: a dirty address in the path");
    b = a;
    abi_poke(&b, 3, 0, 1);
    decode(&c, &b);
    ok(!c.swap_ok, "V2: a dirty recipient");
    b = a;
    b.n = 4 + 32 * 4;
    decode(&c, &b);
    ok(!c.swap_ok, "V2: head cut short");

    v2_swap(&a, 0x38ed1739, 0, 1000, 0, 0);
    decode(&c, &a);
    ok(c.swap_ok && duetd_u256_is_zero(&c.amount_out_min), "V2: empty path,"
       " amountOutMin 0");

    v2_swap(&a, 0x18cbafe5, 0, 5, 4, 2);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_IN && c.swap_ok && c.uniswap_v2,
       "swapExactTokensForETH: decoded");

    v2_swap(&a, 0x7ff36ab5, 1, 0, 777, 2);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_ETH_IN && c.swap_ok && c.uniswap_v2
       && u256_is(&c.amount_out_min, 0, 0, 0, 777), "swapExactETHForTokens:"
       " amountOutMin");
    b = a;
    abi_poke(&b, 2, 0, 1);
    decode(&c, &b);
    ok(!c.swap_ok, "swapExactETHForTokens: dirty recipient");

    v2_swap(&a, 0x8803dbee, 0, 5, 6, 2);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_OUT && c.uniswap_v2 && c.dex,
       "swapTokensForExactTokens: exact output");
    v2_swap(&a, 0x4a25d94a, 0, 5, 6, 2);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_OUT && c.uniswap_v2,
       "swapTokensForExactETH: exact output");
}


/* exactInputSingle / exactOutputSingle: one static tuple of 8 words. */
static void
v3_single(struct abi *a, uint32_t sel, uint64_t amount_in,
    uint64_t amount_out_min)
{
    abi_sel(a, sel);
    abi_addr(a, 0x01);
    abi_addr(a, 0x02);
    abi_u64(a, 3000);
    abi_addr(a, 0x03);
    abi_u64(a, 1700000000);
    abi_u64(a, amount_in);
    abi_u64(a, amount_out_min);
    abi_u64(a, 0);
}


/* exactInput / exactOutput: a dynamic tuple with a 43-byte path. */
static void
v3_path(struct abi *a, uint32_t sel, uint64_t amount_in,
    uint64_t amount_out_min)
{
    abi_sel(a, sel);
    abi_u64(a, 32);                     /* the tuple's offset          */
    abi_u64(a, 32 * 5);                 /* path, from the tuple        */
    abi_addr(a, 0x03);
    abi_u64(a, 1700000000);
    abi_u64(a, amount_in);
    abi_u64(a, amount_out_min);
    abi_u64(a, 43);
    memset(a->b + a->n, 0xab, 43);
    memset(a->b + a->n + 43, 0, 21);
    a->n += 64;
}


static void
test_v3(void)
{
    struct duetd_calldata  c;
    struct abi             a, b;

    v3_single(&a, 0x414bf389, 2000, 1900);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_IN && c.swap_ok && !c.uniswap_v2 && c.dex,
       "exactInputSingle: decoded");
    ok(u256_is(&c.amount_in, 0, 0, 0, 2000)
       && u256_is(&c.amount_out_min, 0, 0, 0, 1900), "exactInputSingle:"
       " amounts");
    b = a;
    abi_poke(&b, 2, 28, 1);
    decode(&c, &b);
    ok(!c.swap_ok, "exactInputSingle: fee of 25 bits");
    b = a;
    abi_poke(&b, 7, 11, 1);
    decode(&c, &b);
    ok(!c.swap_ok, "exactInputSingle: sqrtPriceLimitX96 of 161 bits");
    b = a;
    b.n -= 32;
    decode(&c, &b);
    ok(!c.swap_ok, "exactInputSingle: tuple cut short");

    v3_path(&a, 0xc04b8d59, 3000, 2990);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_IN && c.swap_ok && !c.uniswap_v2,
       "exactInput: decoded");
    ok(u256_is(&c.amount_in, 0, 0, 0, 3000)
       && u256_is(&c.amount_out_min, 0, 0, 0, 2990), "exactInput: amounts"
       " read through the tuple offset");
    b = a;
    abi_poke(&b, 0, 31, 0xff);
    decode(&c, &b);
    ok(!c.swap_ok, "exactInput: tuple offset past the end");
    b = a;
    abi_poke(&b, 1, 31, 0xf0);
    decode(&c, &b);
    ok(!c.swap_ok, "exactInput: path offset past the end");
    b = a;
    abi_poke(&b, 6, 31, 65);
    decode(&c, &b);
    ok(!c.swap_ok, "exactInput: path longer than the calldata");
    b = a;
    abi_poke(&b, 2, 0, 1);
    decode(&c, &b);
    ok(!c.swap_ok, "exactInput: dirty recipient");
    b = a;
    b.n = 4 + 32 * 5;
    decode(&c, &b);
    ok(!c.swap_ok, "exactInput: tuple cut short");

    v3_single(&a, 0xdb3e2198, 1, 2);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_OUT && c.dex, "exactOutputSingle: exact"
       " output");
    v3_path(&a, 0xf28c0498, 1, 2);
    decode(&c, &a);
    ok(c.swap == DUETD_SWAP_EXACT_OUT && c.dex, "exactOutput: exact output");

    abi_sel(&a, 0x5ae401dc);
    decode(&c, &a);
    ok(c.dex && c.swap == DUETD_SWAP_NONE, "multicall: a DEX selector, not"
       " a decoded swap");
}


/* Every prefix of good calldata decodes without reading past it. */
static void
test_truncations(void)
{
    struct duetd_calldata  c;
    struct abi             a;
    uint8_t               *copy;
    size_t                 n;
    int                    bad = 0;

    v3_path(&a, 0xc04b8d59, 3000, 2990);
    for (n = 0; n <= a.n; n++) {
        /* An exact-size copy, so that ASan sees any overread. */
        copy = bmalloc(n + 1);
        memcpy(copy, a.b, n);
        duetd_calldata_decode(&c, copy, n);
        bad += c.swap_ok != (n >= a.n - 21);
        free(copy);
    }
    is_int(0, bad, "exactInput: decodes from the path's last byte on, never"
           " before");
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();

    test_selectors();
    test_no_selector();
    test_transfer();
    test_approvals();
    test_v2();
    test_v3();
    test_truncations();
    return 0;
}
