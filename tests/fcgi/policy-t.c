/*
 * policy-t.c -- the guardrail policy engine (fcgi_app/policy.c) against
 * spec/api.md section 4: rule semantics, the always-on checks, every
 * criterion passing and failing at its exact boundary, messages, the
 * save-time validation messages word for word, and normalization.
 *
 * policy.c is #included (not linked) so that one test can plant a
 * criterion kind the parser never produces and show that evaluation
 * fails closed on it.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.c"

#include "basic.h"

#define VITALIK     "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045"
#define VITALIK_LC  "0xd8da6bf26964af9d7eed9e03e53415d37aa96045"
#define OTHER       "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define OTHER_LC    "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
#define THIRD       "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"

#define ERR_SIZE      256
/* 2^128 - 1 and 2^128. */
#define P128M1        "340282366920938463463374607431768211455"
#define P128          "340282366920938463463374607431768211456"
#define Z24           "000000000000000000000000"

#define MSG_POLICY    "Transaction blocked by policy"
#define MSG_SECURITY  "Transaction blocked by security check"

/* Calldata under construction: a selector, then 32-byte words. */
struct abi {
    uint8_t  b[1024];
    size_t   n;
};

/* A transaction (or message) and what the policy is told about it. */
struct req {
    struct duetd_policy_ctx  ctx;
    struct duetd_calldata    call;
    struct abi               data;
};


static void
abi_sel(struct abi *a, uint32_t sel)
{
    a->b[0] = (uint8_t) (sel >> 24);
    a->b[1] = (uint8_t) (sel >> 16);
    a->b[2] = (uint8_t) (sel >> 8);
    a->b[3] = (uint8_t) sel;
    a->n = 4;
}


static void
abi_u256(struct abi *a, const struct duetd_u256 *v)
{
    int  i, k;

    for (i = 0; i < 4; i++) {
        for (k = 0; k < 8; k++) {
            a->b[a->n + 31 - 8 * i - k] = (uint8_t) (v->w[i] >> (8 * k));
        }
    }
    a->n += 32;
}


static void
abi_u64(struct abi *a, uint64_t v)
{
    struct duetd_u256  u;

    duetd_u256_from_u64(&u, v);
    abi_u256(a, &u);
}


/* A word from a decimal or 0x quantity. */
static void
abi_num(struct abi *a, const char *text)
{
    struct duetd_u256  u;

    if (duetd_u256_parse(&u, text) != 0) {
        bail("abi_num: %s", text);
    }
    abi_u256(a, &u);
}


static void
abi_addr(struct abi *a, const char *text)
{
    uint8_t  addr[20];

    if (duet_eth_address_parse(addr, text, strlen(text)) != 0) {
        bail("abi_addr: %s", text);
    }
    memset(a->b + a->n, 0, 12);
    memcpy(a->b + a->n + 12, addr, 20);
    a->n += 32;
}


/* A plain transaction to `to` (NULL: a creation) of value wei, chain 1. */
static void
tx(struct req *r, const char *to, const char *value)
{
    memset(r, 0, sizeof(*r));
    if (to != NULL) {
        r->ctx.has_to = 1;
        if (duet_eth_address_parse(r->ctx.to, to, strlen(to)) != 0) {
            bail("tx: bad address %s", to);
        }
    }
    if (duetd_u256_parse(&r->ctx.value_wei, value) != 0) {
        bail("tx: bad value %s", value);
    }
    r->ctx.chain_id = 1;
    r->ctx.caller_ip = "10.0.0.5";
    r->ctx.hour_utc = 12;
    r->ctx.call = &r->call;
    duetd_calldata_decode(&r->call, NULL, 0);
}


/* Send r to the token contract THIRD (its calldata unchanged). */
static void
to_third(struct req *r)
{
    if (duet_eth_address_parse(r->ctx.to, THIRD, strlen(THIRD)) != 0) {
        bail("to_third");
    }
}


/* Give r the calldata built in r->data. */
static void
tx_data(struct req *r)
{
    duetd_calldata_decode(&r->call, r->data.b, r->data.n);
}


static void
msg(struct req *r)
{
    memset(r, 0, sizeof(*r));
    r->ctx.is_message = 1;
    r->ctx.caller_ip = "10.0.0.5";
    r->ctx.hour_utc = 12;
}


/* ERC-20 calls. */
static void
tx_erc20(struct req *r, uint32_t sel, const char *who, const char *amount)
{
    tx(r, OTHER, "0");
    abi_sel(&r->data, sel);
    abi_addr(&r->data, who);
    abi_num(&r->data, amount);
    tx_data(r);
}


static void
tx_permit2(struct req *r, const char *amount)
{
    tx(r, OTHER, "0");
    abi_sel(&r->data, 0x87517c45);
    abi_addr(&r->data, THIRD);
    abi_addr(&r->data, VITALIK);
    abi_num(&r->data, amount);
    abi_u64(&r->data, 1800000000);
    tx_data(r);
}


static void
tx_approval_for_all(struct req *r, uint64_t approved)
{
    tx(r, OTHER, "0");
    abi_sel(&r->data, 0xa22cb465);
    abi_addr(&r->data, VITALIK);
    abi_u64(&r->data, approved);
    tx_data(r);
}


/* A Uniswap V2 swap with a two-token path (eth_in: no amountIn). */
static void
tx_v2(struct req *r, uint32_t sel, int eth_in, const char *x,
    const char *y)
{
    tx(r, OTHER, eth_in ? "1000" : "0");
    abi_sel(&r->data, sel);
    if (!eth_in) {
        abi_num(&r->data, x);
    }
    abi_num(&r->data, y);
    abi_u64(&r->data, eth_in ? 128 : 160);
    abi_addr(&r->data, VITALIK);
    abi_u64(&r->data, 1800000000);
    abi_u64(&r->data, 2);
    abi_addr(&r->data, THIRD);
    abi_addr(&r->data, OTHER);
    tx_data(r);
}


/* exactInputSingle((tokenIn, tokenOut, fee, recipient, deadline,
 * amountIn, amountOutMinimum, sqrtPriceLimitX96)). */
static void
tx_v3_single(struct req *r, const char *amount_in, const char *min,
    uint64_t fee)
{
    tx(r, OTHER, "0");
    abi_sel(&r->data, 0x414bf389);
    abi_addr(&r->data, THIRD);
    abi_addr(&r->data, OTHER);
    abi_u64(&r->data, fee);
    abi_addr(&r->data, VITALIK);
    abi_u64(&r->data, 1800000000);
    abi_num(&r->data, amount_in);
    abi_num(&r->data, min);
    abi_u64(&r->data, 0);
    tx_data(r);
}


/* exactInput((path, recipient, deadline, amountIn, amountOutMinimum)). */
static void
tx_v3_path(struct req *r, const char *amount_in, const char *min)
{
    tx(r, OTHER, "0");
    abi_sel(&r->data, 0xc04b8d59);
    abi_u64(&r->data, 32);
    abi_u64(&r->data, 160);
    abi_addr(&r->data, VITALIK);
    abi_u64(&r->data, 1800000000);
    abi_num(&r->data, amount_in);
    abi_num(&r->data, min);
    abi_u64(&r->data, 43);
    memset(r->data.b + r->data.n, 0xab, 43);
    memset(r->data.b + r->data.n + 43, 0, 21);
    r->data.n += 64;
    tx_data(r);
}


/* A call with just a selector. */
static void
tx_sel(struct req *r, uint32_t sel)
{
    tx(r, OTHER, "0");
    abi_sel(&r->data, sel);
    tx_data(r);
}


static struct duetd_policy *
load(const char *json)
{
    struct duetd_policy  *p = NULL;
    char                  err[ERR_SIZE];
    int                   st;

    st = duetd_policy_parse(&p, json, strlen(json), err, sizeof(err));
    if (st != 0) {
        diag("policy refused (%d): %s", st, err);
        diag("  %s", json);
        return NULL;
    }
    return p;
}


/*
 * Evaluate r against the policy text (NULL: no document) and check the
 * outcome: allowed, or blocked with the first violation's type, reason
 * and detail (NULL: not checked).  Returns 1 if every check held.
 */
static int
verdict_is(const char *policy, const struct req *r, int allow,
    const char *type, const char *reason, const char *detail,
    const char *what)
{
    struct duetd_policy_verdict  v;
    struct duetd_policy         *p = NULL;
    int                          good = 1;

    if (policy != NULL && (p = load(policy)) == NULL) {
        return ok(0, "%s: policy parses", what);
    }
    if (duetd_policy_evaluate(p, &r->ctx, &v) != 0) {
        duetd_policy_free(p);
        return ok(0, "%s: evaluates", what);
    }
    duetd_policy_free(p);
    good &= is_int(allow, v.allow, "%s: %s", what,
                   allow ? "allowed" : "blocked");
    if (allow) {
        good &= ok(v.nviolations == 0 && v.message == NULL,
                   "%s: no violations", what);
        return good;
    }
    if (v.nviolations == 0) {
        return ok(0, "%s: a violation", what);
    }
    if (type != NULL) {
        good &= is_str(type, v.v[0].type, "%s: type", what);
    }
    if (reason != NULL) {
        good &= is_str(reason, v.v[0].reason, "%s: reason", what);
    }
    if (detail != NULL) {
        good &= is_str(detail, v.v[0].detail, "%s: detail", what);
    }
    good &= is_str(strcmp(v.v[0].type, "security") == 0 ? MSG_SECURITY
                   : MSG_POLICY, v.message, "%s: message", what);
    return good;
}


/* Shorthands. */
static void
allows(const char *policy, const struct req *r, const char *what)
{
    (void) verdict_is(policy, r, 1, NULL, NULL, NULL, what);
}


static void
blocks(const char *policy, const struct req *r, const char *type,
    const char *reason, const char *detail, const char *what)
{
    (void) verdict_is(policy, r, 0, type, reason, detail, what);
}


/* One accept rule with one criterion. */
static const char *
one(char *buf, size_t size, const char *criterion)
{
    snprintf(buf, size, "{\"rules\":[{\"action\":\"accept\",\"criteria\":"
             "[%s]}]}", criterion);
    return buf;
}


/* Rule semantics. */

static void
test_rules(void)
{
    struct duetd_policy_verdict  v;
    struct duetd_policy         *p;
    struct req                   r;

    tx(&r, VITALIK, "5");
    allows(NULL, &r, "no document");
    blocks("{\"rules\":[]}", &r, "default_deny", "No rule allows this"
           " request", "The policy has no rules, so it denies every request",
           "zero rules");
    msg(&r);
    blocks("{\"rules\":[]}", &r, "default_deny", NULL, NULL,
           "zero rules: a message too");
    allows(NULL, &r, "no document: a message");

    /* First match wins. */
    p = load("{\"rules\":[{\"action\":\"reject\",\"criteria\":[{\"type\":"
             "\"ethValue\",\"operator\":\">\",\"value\":\"10\"}]},"
             "{\"action\":\"accept\",\"criteria\":[]}]}");
    tx(&r, VITALIK, "11");
    ok(p != NULL && duetd_policy_evaluate(p, &r.ctx, &v) == 0 && !v.allow
       && v.matched_rule == 1 && v.rules_evaluated == 1
       && strcmp(v.v[0].type, "reject_rule") == 0,
       "first match: the reject rule wins");
    is_str("Rule 1 rejects this request", v.v[0].detail,
           "first match: the reject rule named");
    tx(&r, VITALIK, "10");
    ok(p != NULL && duetd_policy_evaluate(p, &r.ctx, &v) == 0 && v.allow
       && v.matched_rule == 2 && v.rules_evaluated == 2,
       "first match: falls through to the accept rule");
    duetd_policy_free(p);

    /* AND within a rule. */
    tx(&r, VITALIK, "5");
    allows("{\"rules\":[{\"action\":\"accept\",\"criteria\":[{\"type\":"
           "\"ethValue\",\"operator\":\"<=\",\"value\":\"10\"},{\"type\":"
           "\"evmNetwork\",\"operator\":\"in\",\"chainIds\":[1]}]}]}", &r,
           "AND: both pass");
    r.ctx.chain_id = 5;
    blocks("{\"rules\":[{\"action\":\"accept\",\"criteria\":[{\"type\":"
           "\"ethValue\",\"operator\":\"<=\",\"value\":\"10\"},{\"type\":"
           "\"evmNetwork\",\"operator\":\"in\",\"chainIds\":[1]}]}]}", &r,
           "evmNetwork", "Network not allowed", NULL, "AND: one fails");

    /* Disabled rules are skipped. */
    p = load("{\"rules\":[{\"action\":\"reject\",\"criteria\":[],"
             "\"enabled\":false},{\"action\":\"accept\",\"criteria\":[]}]}");
    tx(&r, VITALIK, "5");
    ok(p != NULL && duetd_policy_evaluate(p, &r.ctx, &v) == 0 && v.allow
       && v.matched_rule == 2 && v.rules_evaluated == 1,
       "a disabled catch-all reject is skipped");
    duetd_policy_free(p);
    blocks("{\"rules\":[{\"action\":\"accept\",\"criteria\":[],"
           "\"enabled\":false}]}", &r, "default_deny", NULL,
           "No enabled accept rule matched this request",
           "only a disabled accept rule: default deny");

    /* A reject without criteria matches everything. */
    p = load("{\"rules\":[{\"action\":\"accept\",\"criteria\":[{\"type\":"
             "\"ethValue\",\"operator\":\"<=\",\"value\":\"1\"}]},"
             "{\"action\":\"reject\",\"criteria\":[],\"description\":"
             "\"nothing else\"}]}");
    tx(&r, VITALIK, "1");
    ok(p != NULL && duetd_policy_evaluate(p, &r.ctx, &v) == 0 && v.allow
       && v.matched_rule == 1, "catch-all: the accept rule before it");
    tx(&r, VITALIK, "2");
    ok(p != NULL && duetd_policy_evaluate(p, &r.ctx, &v) == 0 && !v.allow
       && v.matched_rule == 2 && v.nviolations == 1,
       "catch-all reject matches");
    is_str("reject_rule", v.v[0].type, "catch-all: type");
    is_str("Blocked by policy rule", v.v[0].reason, "catch-all: reason");
    is_str("Rule 2 (\"nothing else\") rejects this request", v.v[0].detail,
           "catch-all: detail names the rule and its description");
    is_str(MSG_POLICY, v.message, "catch-all: message");
    duetd_policy_free(p);

    /* default_deny blames the first accept rule's first failure. */
    tx(&r, VITALIK, "2");
    r.ctx.requests_1h = 50;
    blocks("{\"rules\":[{\"action\":\"reject\",\"criteria\":[{\"type\":"
           "\"evmNetwork\",\"operator\":\"in\",\"chainIds\":[99]}]},"
           "{\"action\":\"accept\",\"criteria\":[{\"type\":\"evmNetwork\","
           "\"operator\":\"in\",\"chainIds\":[1]},{\"type\":\"rateLimit\","
           "\"maxPerHour\":10},{\"type\":\"ethValue\",\"operator\":\"<=\","
           "\"value\":\"1\"}]},{\"action\":\"accept\",\"criteria\":[{"
           "\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":\"1\"}]}]}",
           &r, "rateLimit", "Rate limit exceeded",
           "Rate limit exceeded: 50/10 requests this hour",
           "default deny: the first failed criterion of the first accept"
           " rule");
    blocks("{\"rules\":[{\"action\":\"reject\",\"criteria\":[{\"type\":"
           "\"evmNetwork\",\"operator\":\"in\",\"chainIds\":[99]}]}]}", &r,
           "default_deny", "No rule allows this request",
           "No enabled accept rule matched this request",
           "default deny: no accept rule at all");

    /* Counting: rules evaluated until the match. */
    p = load("{\"rules\":[{\"action\":\"accept\",\"criteria\":[{\"type\":"
             "\"evmNetwork\",\"operator\":\"in\",\"chainIds\":[5]}]},"
             "{\"action\":\"accept\",\"criteria\":[{\"type\":\"evmNetwork\","
             "\"operator\":\"in\",\"chainIds\":[6]}]}]}");
    tx(&r, VITALIK, "2");
    ok(p != NULL && duetd_policy_evaluate(p, &r.ctx, &v) == 0 && !v.allow
       && v.rules_evaluated == 2 && v.matched_rule == 0,
       "default deny: every rule evaluated, none matched");
    is_str("Chain 1 is not in the allowed networks", v.v[0].detail,
           "default deny: the first accept rule's reason");
    duetd_policy_free(p);
}


/* A criterion kind this evaluator does not know fails closed. */
static void
test_unknown_kind(void)
{
    struct duetd_policy_verdict  v;
    struct duetd_policy         *p;
    struct req                   r;

    tx(&r, VITALIK, "5");
    p = load("{\"rules\":[{\"action\":\"reject\",\"criteria\":[{\"type\":"
             "\"ethValue\",\"operator\":\">\",\"value\":\"100\"}]},"
             "{\"action\":\"accept\",\"criteria\":[]}]}");
    if (p == NULL) {
        ok(0, "unknown kind: policy");
        return;
    }
    ok(duetd_policy_evaluate(p, &r.ctx, &v) == 0 && v.allow,
       "unknown kind: allowed before");
    /* In a reject rule: not "does not match", but denied. */
    p->rules[0].crit[0].kind = DUETD_CRIT_UNKNOWN;
    ok(duetd_policy_evaluate(p, &r.ctx, &v) == 0 && !v.allow
       && v.nviolations == 1, "unknown kind in a reject rule: denied");
    is_str("evaluation_error", v.v[0].type, "unknown kind: type");
    is_str("Policy evaluation error", v.v[0].reason, "unknown kind: reason");
    is_str("Rule 1, criterion 1: unknown criterion type", v.v[0].detail,
           "unknown kind: detail");
    msg(&r);
    ok(duetd_policy_evaluate(p, &r.ctx, &v) == 0 && !v.allow,
       "unknown kind: a message is denied too");
    p->rules[0].crit[0].kind = 1000;
    tx(&r, VITALIK, "5");
    ok(duetd_policy_evaluate(p, &r.ctx, &v) == 0 && !v.allow,
       "unknown kind 1000: denied");
    duetd_policy_free(p);

    /* Evaluator errors: the caller fails closed on -1. */
    tx(&r, VITALIK, "5");
    r.ctx.call = NULL;
    is_int(-1, duetd_policy_evaluate(NULL, &r.ctx, &v), "a transaction"
           " without decoded calldata: error");
    ok(!v.allow, "error: not allowed");
    tx(&r, VITALIK, "5");
    r.ctx.hour_utc = 24;
    is_int(-1, duetd_policy_evaluate(NULL, &r.ctx, &v), "hour 24: error");
    is_int(-1, duetd_policy_evaluate(NULL, NULL, &v), "no context: error");
}


/* The always-on checks. */

static void
test_security(void)
{
    static const char *const  deads[] = {
        "0x000000000000000000000000000000000000dEaD",
        "0x000000000000000000000000000000000000dead",
        "0x000000000000000000000000000000000000DEAD",
    };
    static const char         allow_all[] =
        "{\"rules\":[{\"action\":\"accept\",\"criteria\":[]}]}";
    struct duetd_policy_verdict  v;
    struct req                   r;
    size_t                       i;

    tx(&r, "0x0000000000000000000000000000000000000000", "1");
    blocks(NULL, &r, "security", "Burn address blocked", "Recipient"
           " 0x0000000000000000000000000000000000000000 is the zero address",
           "to the zero address, no document");
    blocks(allow_all, &r, "security", NULL, NULL, "to the zero address,"
           " before an accept-all document");
    for (i = 0; i < 3; i++) {
        tx(&r, deads[i], "1");
        blocks(allow_all, &r, "security", "Burn address blocked",
               "Recipient 0x000000000000000000000000000000000000dEaD is a"
               " burn address", deads[i]);
    }
    tx(&r, "0x000000000000000000000000000000000000deae", "1");
    allows(NULL, &r, "0x...deae is not a burn address");
    tx(&r, NULL, "1");
    allows(NULL, &r, "a contract creation is not \"to zero\"");
    allows(allow_all, &r, "a contract creation, accept-all");

    /* Zero-slippage Uniswap V2 swaps. */
    tx_v2(&r, 0x38ed1739, 0, "1000", "0");
    blocks(NULL, &r, "security", "Zero slippage swap blocked",
           "Swap swapExactTokensForTokens (0x38ed1739) has amountOutMin 0:"
           " it accepts any price", "V2 swap, amountOutMin 0");
    tx_v2(&r, 0x38ed1739, 0, "1000", "1");
    allows(NULL, &r, "V2 swap, amountOutMin 1");
    tx_v2(&r, 0x18cbafe5, 0, "1000", "0");
    blocks(NULL, &r, "security", "Zero slippage swap blocked", NULL,
           "swapExactTokensForETH, amountOutMin 0");
    tx_v2(&r, 0x7ff36ab5, 1, NULL, "0");
    blocks(NULL, &r, "security", "Zero slippage swap blocked", NULL,
           "swapExactETHForTokens, amountOutMin 0");
    tx_v2(&r, 0x7ff36ab5, 1, NULL, "1");
    allows(NULL, &r, "swapExactETHForTokens, amountOutMin 1");
    tx_v2(&r, 0x8803dbee, 0, "5", "0");
    allows(NULL, &r, "exact-output V2 swap: no amountOutMin to check");
    tx_v3_single(&r, "1000", "0", 3000);
    allows(NULL, &r, "V3 swap, amountOutMin 0: not an always-on check");
    tx_v2(&r, 0x38ed1739, 0, "1000", "5");
    r.data.n = 4 + 32 * 3;
    tx_data(&r);
    blocks(NULL, &r, "security", "Zero slippage swap blocked", NULL,
           "V2 swap cut short: fails closed");

    /* Infinite approvals. */
    tx_erc20(&r, 0x095ea7b3, VITALIK, P128M1);
    allows(NULL, &r, "approve 2^128 - 1");
    tx_erc20(&r, 0x095ea7b3, VITALIK, P128);
    blocks(NULL, &r, "security", "Unlimited approval blocked",
           "approve amount 340282366920938463463374607431768211456 is"
           " unlimited (at least 2^128)", "approve 2^128");
    tx_erc20(&r, 0x39509351, VITALIK, P128);
    blocks(NULL, &r, "security", "Unlimited approval blocked", NULL,
           "increaseAllowance 2^128");
    tx_erc20(&r, 0x39509351, VITALIK, P128M1);
    allows(NULL, &r, "increaseAllowance 2^128 - 1");
    tx_permit2(&r, "1461501637330902918203684832716283019655932542974");
    allows(NULL, &r, "Permit2 approve 2^160 - 2");
    tx_permit2(&r, "1461501637330902918203684832716283019655932542975");
    blocks(NULL, &r, "security", "Unlimited approval blocked",
           "permit2Approve amount"
           " 1461501637330902918203684832716283019655932542975 is unlimited"
           " (at least 2^160 - 1)", "Permit2 approve 2^160 - 1");
    tx_approval_for_all(&r, 1);
    blocks(NULL, &r, "security", "Unlimited approval blocked",
           "setApprovalForAll(true) approves every token of the collection",
           "setApprovalForAll(true)");
    tx_approval_for_all(&r, 0);
    allows(NULL, &r, "setApprovalForAll(false)");
    tx_approval_for_all(&r, 2);
    blocks(NULL, &r, "security", "Unlimited approval blocked",
           "The arguments of setApprovalForAll (0xa22cb465) could not be"
           " decoded", "setApprovalForAll(2): fails closed");
    tx_erc20(&r, 0x095ea7b3, VITALIK, "5");
    r.data.b[4] = 1;
    tx_data(&r);
    blocks(NULL, &r, "security", "Unlimited approval blocked", NULL,
           "approve with a dirty spender: fails closed");

    /* Several at once: each one reported. */
    tx_erc20(&r, 0x095ea7b3, VITALIK, "0xffffffffffffffffffffffffffffffffff"
             "ffffffffffffffffffffffffffffff");
    memset(r.ctx.to, 0, 20);
    ok(duetd_policy_evaluate(NULL, &r.ctx, &v) == 0 && !v.allow
       && v.nviolations == 2 && strcmp(v.v[1].type, "security") == 0
       && strcmp(v.v[1].reason, "Unlimited approval blocked") == 0,
       "to zero and an infinite approval: two violations");
    is_int(0, v.rules_evaluated, "security: no rule evaluated");

    /* Messages have no recipient or calldata. */
    msg(&r);
    allows(NULL, &r, "a message: no always-on check applies");
}


/* The criteria, each at its boundaries. */

static void
test_eth_value(void)
{
    static const struct {
        const char  *op;
        const char  *value;
        int          allow;
    } cases[] = {
        { "<=", "1000000000000000000", 1 },
        { "<=", "1000000000000000001", 0 },
        { "<", "999999999999999999", 1 },
        { "<", "1000000000000000000", 0 },
        { ">=", "1000000000000000000", 1 },
        { ">=", "999999999999999999", 0 },
        { ">", "1000000000000000001", 1 },
        { ">", "1000000000000000000", 0 },
        { "=", "1000000000000000000", 1 },
        { "=", "1000000000000000001", 0 },
        { "=", "999999999999999999", 0 },
    };
    char        buf[512], crit[200], what[100];
    struct req  r;
    size_t      i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(crit, sizeof(crit), "{\"type\":\"ethValue\",\"operator\":"
                 "\"%s\",\"value\":\"1000000000000000000\"}", cases[i].op);
        snprintf(what, sizeof(what), "ethValue: %s %s 1 ETH", cases[i].value,
                 cases[i].op);
        tx(&r, VITALIK, cases[i].value);
        (void) verdict_is(one(buf, sizeof(buf), crit), &r, cases[i].allow,
                          "ethValue", "ETH value limit exceeded", NULL, what);
    }
    tx(&r, VITALIK, "1000000000000000001");
    blocks(one(buf, sizeof(buf), "{\"type\":\"ethValue\",\"operator\":\"<=\","
               "\"value\":\"1000000000000000000\"}"), &r, "ethValue",
           "ETH value limit exceeded", "Value 1000000000000000001 wei is not"
           " <= 1000000000000000000 wei", "ethValue: detail");
    tx(&r, VITALIK, "0x" "ffffffffffffffffffffffffffffffffffffffffffffffffffff"
       "ffffffffffff");
    allows(one(buf, sizeof(buf), "{\"type\":\"ethValue\",\"operator\":\"=\","
               "\"value\":\"11579208923731619542357098500868790785326998466"
               "5640564039457584007913129639935\"}"), &r,
           "ethValue: = 2^256 - 1");
}


static void
test_evm_address(void)
{
    char        buf[600];
    struct req  r;
    const char *in_list = "{\"type\":\"evmAddress\",\"operator\":\"in\","
                          "\"addresses\":[\"" VITALIK_LC "\",\"" THIRD "\"]}";
    const char *not_in = "{\"type\":\"evmAddress\",\"operator\":\"not_in\","
                         "\"addresses\":[\"" OTHER_LC "\"]}";

    tx(&r, VITALIK, "1");
    allows(one(buf, sizeof(buf), in_list), &r, "evmAddress in: to listed"
           " (case-insensitive)");
    tx(&r, OTHER, "1");
    blocks(one(buf, sizeof(buf), in_list), &r, "evmAddress",
           "Address not approved", "Address " OTHER " is not in the approved"
           " list", "evmAddress in: to not listed");

    /* The ERC-20 recipient is checked too. */
    tx_erc20(&r, 0xa9059cbb, VITALIK, "5");
    to_third(&r);
    allows(one(buf, sizeof(buf), in_list), &r, "evmAddress in: token and"
           " recipient listed");
    tx_erc20(&r, 0xa9059cbb, OTHER, "5");
    to_third(&r);
    blocks(one(buf, sizeof(buf), in_list), &r, "evmAddress",
           "Address not approved", "Token recipient " OTHER " is not in the"
           " approved list", "evmAddress in: recipient not listed");
    tx_erc20(&r, 0x23b872dd, VITALIK, "5");
    abi_sel(&r.data, 0x23b872dd);
    abi_addr(&r.data, VITALIK);
    abi_addr(&r.data, OTHER);
    abi_u64(&r.data, 5);
    tx_data(&r);
    to_third(&r);
    blocks(one(buf, sizeof(buf), in_list), &r, "evmAddress", NULL,
           "Token recipient " OTHER " is not in the approved list",
           "evmAddress in: transferFrom's recipient");
    tx_erc20(&r, 0xa9059cbb, VITALIK, "5");
    r.data.b[4] = 0xff;
    tx_data(&r);
    to_third(&r);
    blocks(one(buf, sizeof(buf), in_list), &r, "evmAddress", NULL,
           "The token recipient of transfer could not be decoded",
           "evmAddress in: undecodable recipient fails");

    tx(&r, OTHER, "1");
    blocks(one(buf, sizeof(buf), not_in), &r, "evmAddress", "Blocked address",
           "Address " OTHER " is blocked", "evmAddress not_in: to listed");
    tx(&r, VITALIK, "1");
    allows(one(buf, sizeof(buf), not_in), &r, "evmAddress not_in: to not"
           " listed");
    tx_erc20(&r, 0xa9059cbb, OTHER_LC, "5");
    to_third(&r);
    blocks(one(buf, sizeof(buf), not_in), &r, "evmAddress", "Blocked address",
           "Token recipient " OTHER " is blocked",
           "evmAddress not_in: recipient listed");
    tx(&r, OTHER, "1");
    allows(one(buf, sizeof(buf), "{\"type\":\"evmAddress\",\"operator\":"
               "\"in\",\"addresses\":[]}"), &r, "evmAddress in []: passes");
    allows(one(buf, sizeof(buf), "{\"type\":\"evmAddress\",\"operator\":"
               "\"not_in\",\"addresses\":[]}"), &r,
           "evmAddress not_in []: passes");

    /* Contract creation. */
    tx(&r, NULL, "0");
    blocks(one(buf, sizeof(buf), in_list), &r, "evmAddress",
           "Address not approved", "Contract creation is not allowed"
           " (allowDeploy is not true)", "creation, in, allowDeploy absent");
    blocks(one(buf, sizeof(buf), "{\"type\":\"evmAddress\",\"operator\":"
               "\"in\",\"addresses\":[\"" VITALIK "\"],\"allowDeploy\":"
               "false}"), &r, "evmAddress", NULL, NULL,
           "creation, in, allowDeploy false");
    allows(one(buf, sizeof(buf), "{\"type\":\"evmAddress\",\"operator\":"
               "\"in\",\"addresses\":[\"" VITALIK "\"],\"allowDeploy\":"
               "true}"), &r, "creation, in, allowDeploy true");
    allows(one(buf, sizeof(buf), not_in), &r, "creation, not_in: passes");

    /* The dashboard's evmAddressBlocked. */
    tx(&r, OTHER, "1");
    blocks(one(buf, sizeof(buf), "{\"type\":\"evmAddressBlocked\","
               "\"addresses\":[\"" OTHER "\"]}"), &r, "evmAddress",
           "Blocked address", NULL, "evmAddressBlocked blocks");
    tx(&r, VITALIK, "1");
    allows(one(buf, sizeof(buf), "{\"type\":\"evmAddressBlocked\","
               "\"addresses\":[\"" OTHER "\"]}"), &r,
           "evmAddressBlocked passes others");
}


static void
test_network_function(void)
{
    char        buf[400];
    struct req  r;
    const char *sels = "{\"type\":\"evmFunction\",\"selectors\":"
                       "[\"0xA9059CBB\",\"0x23b872dd\"]}";

    tx(&r, VITALIK, "1");
    r.ctx.chain_id = 137;
    allows(one(buf, sizeof(buf), "{\"type\":\"evmNetwork\",\"operator\":"
               "\"in\",\"chainIds\":[1,137]}"), &r, "evmNetwork in: listed");
    r.ctx.chain_id = 5;
    blocks(one(buf, sizeof(buf), "{\"type\":\"evmNetwork\",\"operator\":"
               "\"in\",\"chainIds\":[1,137]}"), &r, "evmNetwork",
           "Network not allowed", "Chain 5 is not in the allowed networks",
           "evmNetwork in: not listed");
    blocks(one(buf, sizeof(buf), "{\"type\":\"evmNetwork\",\"operator\":"
               "\"not_in\",\"chainIds\":[5]}"), &r, "evmNetwork",
           "Network not allowed", "Chain 5 is blocked",
           "evmNetwork not_in: listed");
    r.ctx.chain_id = 1;
    allows(one(buf, sizeof(buf), "{\"type\":\"evmNetwork\",\"operator\":"
               "\"not_in\",\"chainIds\":[5]}"), &r,
           "evmNetwork not_in: not listed");
    allows(one(buf, sizeof(buf), "{\"type\":\"evmNetwork\",\"operator\":"
               "\"in\",\"chainIds\":[]}"), &r, "evmNetwork in []: passes");

    tx_erc20(&r, 0xa9059cbb, VITALIK, "1");
    allows(one(buf, sizeof(buf), sels), &r, "evmFunction: listed (either"
           " case)");
    tx_erc20(&r, 0x095ea7b3, VITALIK, "1");
    blocks(one(buf, sizeof(buf), sels), &r, "evmFunction",
           "Function not allowed", "Function approve (0x095ea7b3) is not in"
           " the allowed list", "evmFunction: not listed");
    tx_sel(&r, 0x12345678);
    blocks(one(buf, sizeof(buf), sels), &r, "evmFunction", NULL,
           "Function 0x12345678 is not in the allowed list",
           "evmFunction: an unknown selector");
    tx_erc20(&r, 0xa9059cbb, VITALIK, "1");
    blocks(one(buf, sizeof(buf), "{\"type\":\"evmFunction\",\"selectors\":"
               "[]}"), &r, "evmFunction", NULL, NULL,
           "evmFunction []: blocks every call");
    tx(&r, VITALIK, "1");
    allows(one(buf, sizeof(buf), "{\"type\":\"evmFunction\",\"selectors\":"
               "[]}"), &r, "evmFunction []: a plain transfer passes by"
           " default");
    allows(one(buf, sizeof(buf), "{\"type\":\"evmFunction\",\"selectors\":"
               "[\"0xa9059cbb\"],\"allowPlainTransfer\":true}"), &r,
           "evmFunction: allowPlainTransfer true");
    blocks(one(buf, sizeof(buf), "{\"type\":\"evmFunction\",\"selectors\":"
               "[\"0xa9059cbb\"],\"allowPlainTransfer\":false}"), &r,
           "evmFunction", "Function not allowed", "Plain transfers (no"
           " function call) are not allowed",
           "evmFunction: allowPlainTransfer false");
    abi_sel(&r.data, 0xa9059cbb);
    r.data.n = 3;
    tx_data(&r);
    allows(one(buf, sizeof(buf), sels), &r, "evmFunction: 3 bytes of"
           " calldata are no selector");
}


static void
test_ip(void)
{
    static const struct {
        const char  *list;
        const char  *op;
        const char  *ip;
        int          allow;
    } cases[] = {
        { "\"0.0.0.0/0\"", "in", "203.0.113.9", 1 },
        { "\"0.0.0.0/0\"", "in", "0.0.0.0", 1 },
        { "\"0.0.0.0/0\"", "in", "255.255.255.255", 1 },
        { "\"10.0.0.5/32\"", "in", "10.0.0.5", 1 },
        { "\"10.0.0.5/32\"", "in", "10.0.0.6", 0 },
        { "\"10.0.0.5/32\"", "in", "10.0.0.4", 0 },
        { "\"192.168.1.0/24\"", "in", "192.168.1.0", 1 },
        { "\"192.168.1.0/24\"", "in", "192.168.1.255", 1 },
        { "\"192.168.1.0/24\"", "in", "192.168.2.0", 0 },
        { "\"192.168.1.0/24\"", "in", "192.168.0.255", 0 },
        { "\"192.168.1.77/24\"", "in", "192.168.1.3", 1 },
        { "\"192.168.1.0/24\"", "in", "::ffff:192.168.1.7", 1 },
        { "\"192.168.1.0/24\"", "in", "::FFFF:192.168.2.7", 0 },
        { "\"10.1.2.3\"", "in", "10.1.2.3", 1 },
        { "\"10.1.2.3\"", "in", "10.1.2.30", 0 },
        { "\"2001:db8::1\"", "in", "2001:DB8:0::1", 1 },
        { "\"2001:db8::1\"", "in", "2001:db8::2", 0 },
        { "\"::ffff:10.1.2.3\"", "in", "10.1.2.3", 1 },
        { "\"192.168.1.0/24\"", "not_in", "192.168.1.9", 0 },
        { "\"192.168.1.0/24\"", "not_in", "192.168.9.9", 1 },
        { "\"10.0.0.0/8\",\"2001:db8::1\"", "in", "2001:db8::1", 1 },
        { "\"10.0.0.0/8\",\"2001:db8::1\"", "in", "11.0.0.1", 0 },
        { "\"10.0.0.0/8\"", "in", "not an ip", 0 },
    };
    char        buf[400], crit[200], what[120];
    struct req  r;
    size_t      i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(crit, sizeof(crit), "{\"type\":\"ipAddress\",\"operator\":"
                 "\"%s\",\"ips\":[%s]}", cases[i].op, cases[i].list);
        snprintf(what, sizeof(what), "ipAddress: %s %s [%s]", cases[i].ip,
                 cases[i].op, cases[i].list);
        tx(&r, VITALIK, "1");
        r.ctx.caller_ip = cases[i].ip;
        (void) verdict_is(one(buf, sizeof(buf), crit), &r, cases[i].allow,
                          "ipAddress", "IP not allowed", NULL, what);
    }
    tx(&r, VITALIK, "1");
    r.ctx.caller_ip = "10.0.0.6";
    blocks(one(buf, sizeof(buf), "{\"type\":\"ipAddress\",\"operator\":"
               "\"in\",\"ips\":[\"10.0.0.5\"]}"), &r, "ipAddress",
           "IP not allowed", "IP 10.0.0.6 is not in the allowed list",
           "ipAddress in: detail");
    blocks(one(buf, sizeof(buf), "{\"type\":\"ipAddress\",\"operator\":"
               "\"not_in\",\"ips\":[\"10.0.0.6\"]}"), &r, "ipAddress",
           "IP not allowed", "IP 10.0.0.6 is blocked",
           "ipAddress not_in: detail");
    r.ctx.caller_ip = NULL;
    blocks(one(buf, sizeof(buf), "{\"type\":\"ipAddress\",\"operator\":"
               "\"in\",\"ips\":[\"0.0.0.0/0\"]}"), &r, "ipAddress",
           "IP not allowed", "The caller's IP address is unknown",
           "ipAddress: no caller IP fails");
    blocks(one(buf, sizeof(buf), "{\"type\":\"ipAddress\",\"operator\":"
               "\"not_in\",\"ips\":[]}"), &r, "ipAddress", NULL, NULL,
           "ipAddress not_in []: no caller IP fails");
    allows(one(buf, sizeof(buf), "{\"type\":\"ipAddress\",\"operator\":"
               "\"in\",\"ips\":[]}"), &r, "ipAddress in []: passes, even"
           " without a caller IP");
}


static void
test_rate_time(void)
{
    static const struct {
        int  start, end, hour, allow;
    } hours[] = {
        { 22, 6, 21, 0 }, { 22, 6, 22, 1 }, { 22, 6, 23, 1 }, { 22, 6, 0, 1 },
        { 22, 6, 5, 1 }, { 22, 6, 6, 0 }, { 9, 17, 8, 0 }, { 9, 17, 9, 1 },
        { 9, 17, 16, 1 }, { 9, 17, 17, 0 }, { 0, 23, 23, 0 },
        { 23, 0, 23, 1 }, { 23, 0, 0, 0 },
    };
    char        buf[400], crit[200], what[100];
    struct req  r;
    size_t      i;
    int         h, bad = 0;

    tx(&r, VITALIK, "1");
    r.ctx.requests_1h = 9;
    allows(one(buf, sizeof(buf), "{\"type\":\"rateLimit\",\"maxPerHour\":"
               "10}"), &r, "rateLimit: 9 of 10");
    r.ctx.requests_1h = 10;
    blocks(one(buf, sizeof(buf), "{\"type\":\"rateLimit\",\"maxPerHour\":"
               "10}"), &r, "rateLimit", "Rate limit exceeded",
           "Rate limit exceeded: 10/10 requests this hour",
           "rateLimit: 10 of 10");

    for (i = 0; i < sizeof(hours) / sizeof(hours[0]); i++) {
        snprintf(crit, sizeof(crit), "{\"type\":\"timeWindow\",\"startHour\":"
                 "%d,\"endHour\":%d}", hours[i].start, hours[i].end);
        snprintf(what, sizeof(what), "timeWindow %d..%d at %d",
                 hours[i].start, hours[i].end, hours[i].hour);
        tx(&r, VITALIK, "1");
        r.ctx.hour_utc = hours[i].hour;
        (void) verdict_is(one(buf, sizeof(buf), crit), &r, hours[i].allow,
                          "timeWindow", "Outside trading hours", NULL, what);
    }
    tx(&r, VITALIK, "1");
    r.ctx.hour_utc = 21;
    blocks(one(buf, sizeof(buf), "{\"type\":\"timeWindow\",\"startHour\":22,"
               "\"endHour\":6}"), &r, "timeWindow", "Outside trading hours",
           "Current hour 21 UTC is outside trading window 22:00\xe2\x80\x93"
           "6:00", "timeWindow: detail");
    for (h = 0; h < 24; h++) {
        r.ctx.hour_utc = h;
        bad += !verdict_is(one(buf, sizeof(buf), "{\"type\":\"timeWindow\","
                               "\"startHour\":5,\"endHour\":5}"), &r, 1,
                           NULL, NULL, NULL, "timeWindow 5..5");
    }
    is_int(0, bad, "timeWindow start == end: every hour passes");
}


static void
test_spend(void)
{
    const char *day = "{\"type\":\"dailyLimit\",\"maxWei\":\"1000\"}";
    const char *month = "{\"type\":\"monthlyLimit\",\"maxWei\":\"1000\"}";
    char        buf[400];
    struct req  r;

    tx(&r, VITALIK, "600");
    duetd_u256_from_u64(&r.ctx.wei_24h, 400);
    allows(one(buf, sizeof(buf), day), &r, "dailyLimit: 400 + 600 = 1000");
    tx(&r, VITALIK, "601");
    duetd_u256_from_u64(&r.ctx.wei_24h, 400);
    blocks(one(buf, sizeof(buf), day), &r, "dailyLimit",
           "Daily ETH limit exceeded", "Daily spend 1001 wei would exceed"
           " daily limit of 1000 wei", "dailyLimit: 400 + 601");
    /* The 30-day counter is not the daily one. */
    duetd_u256_from_u64(&r.ctx.wei_24h, 0);
    duetd_u256_from_u64(&r.ctx.wei_30d, 5000);
    allows(one(buf, sizeof(buf), day), &r, "dailyLimit: reads the 24 h sum");
    blocks(one(buf, sizeof(buf), month), &r, "monthlyLimit",
           "Monthly ETH limit exceeded", "Monthly spend 5601 wei would"
           " exceed monthly limit of 1000 wei", "monthlyLimit: 5000 + 601");
    tx(&r, VITALIK, "1");
    duetd_u256_from_u64(&r.ctx.wei_30d, 999);
    allows(one(buf, sizeof(buf), month), &r, "monthlyLimit: 999 + 1 = 1000");
    duetd_u256_from_u64(&r.ctx.wei_30d, 1000);
    blocks(one(buf, sizeof(buf), month), &r, "monthlyLimit", NULL, NULL,
           "monthlyLimit: 1000 + 1");
    tx(&r, VITALIK, "1");
    memset(r.ctx.wei_24h.w, 0xff, sizeof(r.ctx.wei_24h.w));
    blocks(one(buf, sizeof(buf), day), &r, "dailyLimit", NULL,
           "Daily spend over 2^256 wei would exceed daily limit of 1000 wei",
           "dailyLimit: a sum past 2^256");
}


static void
test_usd(void)
{
    const char *tx_lim = "{\"type\":\"maxPerTxUsd\",\"maxUsd\":100}";
    const char *day = "{\"type\":\"dailyLimitUsd\",\"maxUsd\":100}";
    const char *month = "{\"type\":\"monthlyLimitUsd\",\"maxUsd\":100.5}";
    char        buf[400];
    struct req  r;

    tx(&r, VITALIK, "1");
    r.ctx.usd_known = 1;
    r.ctx.value_usd = 100.0;
    allows(one(buf, sizeof(buf), tx_lim), &r, "maxPerTxUsd: $100 of $100");
    r.ctx.value_usd = 100.01;
    blocks(one(buf, sizeof(buf), tx_lim), &r, "maxPerTxUsd",
           "Per-transaction limit exceeded", "Transaction value $100.01"
           " exceeds per-transaction limit of $100.00", "maxPerTxUsd: $100.01");
    r.ctx.usd_known = 0;
    r.ctx.value_usd = 0;
    blocks(one(buf, sizeof(buf), tx_lim), &r, "maxPerTxUsd",
           "Per-transaction limit exceeded", "USD price unknown: the"
           " transaction's value cannot be priced",
           "maxPerTxUsd: unknown price fails closed");

    tx(&r, VITALIK, "1");
    r.ctx.usd_known = 1;
    r.ctx.usd_24h_known = 1;
    r.ctx.value_usd = 50.0;
    r.ctx.usd_24h = 50.0;
    allows(one(buf, sizeof(buf), day), &r, "dailyLimitUsd: $50 + $50");
    r.ctx.value_usd = 50.5;
    blocks(one(buf, sizeof(buf), day), &r, "dailyLimitUsd",
           "Daily spending limit exceeded", "Daily spend $100.50 would exceed"
           " daily limit of $100.00", "dailyLimitUsd: $50 + $50.50");
    r.ctx.value_usd = 1.0;
    r.ctx.usd_24h_known = 0;
    blocks(one(buf, sizeof(buf), day), &r, "dailyLimitUsd", NULL,
           "USD price unknown: the daily spend so far cannot be priced",
           "dailyLimitUsd: unknown 24 h sum fails closed");
    r.ctx.usd_24h_known = 1;
    r.ctx.usd_known = 0;
    blocks(one(buf, sizeof(buf), day), &r, "dailyLimitUsd", NULL,
           "USD price unknown: the transaction's value cannot be priced",
           "dailyLimitUsd: unknown value fails closed");

    tx(&r, VITALIK, "1");
    r.ctx.usd_known = 1;
    r.ctx.usd_30d_known = 1;
    r.ctx.usd_24h_known = 1;
    r.ctx.value_usd = 0.5;
    r.ctx.usd_30d = 100.0;
    allows(one(buf, sizeof(buf), month), &r, "monthlyLimitUsd: $100 + $0.50"
           " of $100.50");
    r.ctx.usd_30d = 100.25;
    blocks(one(buf, sizeof(buf), month), &r, "monthlyLimitUsd",
           "Monthly spending limit exceeded", "Monthly spend $100.75 would"
           " exceed monthly limit of $100.50", "monthlyLimitUsd: over");
    r.ctx.usd_30d_known = 0;
    blocks(one(buf, sizeof(buf), month), &r, "monthlyLimitUsd", NULL,
           "USD price unknown: the monthly spend so far cannot be priced",
           "monthlyLimitUsd: unknown 30 d sum fails closed");
}


static void
test_approvals(void)
{
    const char                *on = "{\"type\":\"blockInfiniteApprovals\","
                                    "\"enabled\":true}";
    char                       buf[400];
    struct duetd_pol_crit      c;
    struct duetd_pol_result    res;
    struct req                 r;

    tx_erc20(&r, 0x095ea7b3, VITALIK, P128M1);
    allows(one(buf, sizeof(buf), on), &r, "blockInfiniteApprovals: approve"
           " 2^128 - 1");
    tx_permit2(&r, P128M1);
    allows(one(buf, sizeof(buf), on), &r, "blockInfiniteApprovals: Permit2"
           " 2^128 - 1");
    tx_permit2(&r, P128);
    blocks(one(buf, sizeof(buf), on), &r, "blockInfiniteApprovals",
           "Unlimited approval blocked", "permit2Approve amount"
           " 340282366920938463463374607431768211456 is unlimited (at least"
           " 2^128)", "blockInfiniteApprovals: Permit2 2^128");
    allows(one(buf, sizeof(buf), "{\"type\":\"blockInfiniteApprovals\","
               "\"enabled\":false}"), &r, "blockInfiniteApprovals disabled:"
           " Permit2 2^128 passes");
    blocks(one(buf, sizeof(buf), "{\"type\":\"blockInfiniteApprovals\"}"),
           &r, "blockInfiniteApprovals", NULL, NULL,
           "blockInfiniteApprovals without enabled: on");
    tx_erc20(&r, 0xa9059cbb, VITALIK, P128);
    allows(one(buf, sizeof(buf), on), &r, "blockInfiniteApprovals: not an"
           " approval");

    /*
     * What the always-on checks stop first (approve >= 2^128,
     * setApprovalForAll(true), undecodable approvals) is checked on the
     * criterion itself.
     */
    memset(&c, 0, sizeof(c));
    c.kind = DUETD_CRIT_BLOCK_INFINITE;
    c.flag = 1;
    tx_erc20(&r, 0x095ea7b3, VITALIK, P128);
    ok(duetd_pol_eval(&c, &r.ctx, &res) == 0 && !res.pass,
       "criterion: approve 2^128 fails");
    tx_erc20(&r, 0x39509351, VITALIK, P128M1);
    ok(duetd_pol_eval(&c, &r.ctx, &res) == 0 && res.pass,
       "criterion: increaseAllowance 2^128 - 1 passes");
    tx_approval_for_all(&r, 1);
    ok(duetd_pol_eval(&c, &r.ctx, &res) == 0 && !res.pass,
       "criterion: setApprovalForAll(true) fails");
    tx_approval_for_all(&r, 0);
    ok(duetd_pol_eval(&c, &r.ctx, &res) == 0 && res.pass,
       "criterion: setApprovalForAll(false) passes");
    tx_permit2(&r, "5");
    r.data.n -= 32;
    tx_data(&r);
    ok(duetd_pol_eval(&c, &r.ctx, &res) == 0 && !res.pass,
       "criterion: undecodable Permit2 approve fails");
    is_str("The arguments of permit2Approve (0x87517c45) could not be"
           " decoded", res.detail, "criterion: undecodable detail");
    c.flag = 0;
    ok(duetd_pol_eval(&c, &r.ctx, &res) == 0 && res.pass,
       "criterion disabled: undecodable passes");
}


static void
test_slippage(void)
{
    const char  *one_pct = "{\"type\":\"maxSlippage\",\"maxPercent\":1}";
    char         buf[400];
    struct req   r;

    tx_v2(&r, 0x38ed1739, 0, "10000", "9900");
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage 1%: 100 bps");
    tx_v2(&r, 0x38ed1739, 0, "10000", "9899");
    blocks(one(buf, sizeof(buf), one_pct), &r, "maxSlippage",
           "Slippage exceeds 1%", "Slippage of swap swapExactTokensForTokens"
           " (0x38ed1739) is 101 bps, above the 100 bps allowed",
           "maxSlippage 1%: 101 bps");
    tx_v2(&r, 0x18cbafe5, 0, "10000", "9950");
    allows(one(buf, sizeof(buf), "{\"type\":\"maxSlippage\",\"maxPercent\":"
               "0.5}"), &r, "maxSlippage 0.5%: 50 bps");
    tx_v2(&r, 0x18cbafe5, 0, "10000", "9949");
    blocks(one(buf, sizeof(buf), "{\"type\":\"maxSlippage\",\"maxPercent\":"
               "0.5}"), &r, "maxSlippage", "Slippage exceeds 0.5%", NULL,
           "maxSlippage 0.5%: 51 bps");
    /* round(0.125 * 100) = round(12.5) = 13, as Math.round. */
    tx_v3_single(&r, "10000", "9987", 500);
    allows(one(buf, sizeof(buf), "{\"type\":\"maxSlippage\",\"maxPercent\":"
               "0.125}"), &r, "maxSlippage 0.125%: 13 bps (12.5 rounds up)");
    tx_v3_single(&r, "10000", "9986", 500);
    blocks(one(buf, sizeof(buf), "{\"type\":\"maxSlippage\",\"maxPercent\":"
               "0.125}"), &r, "maxSlippage", NULL, NULL,
           "maxSlippage 0.125%: 14 bps");
    /* bps are truncated: 100.99 bps is 100. */
    tx_v2(&r, 0x38ed1739, 0, "1000000", "989901");
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage: 100.99 bps"
           " truncates to 100");
    tx_v3_single(&r, "1000", "0", 500);
    blocks(one(buf, sizeof(buf), one_pct), &r, "maxSlippage",
           "Slippage exceeds 1%", "Swap exactInputSingle (0x414bf389) has"
           " amountOutMin 0: it accepts any price",
           "maxSlippage: amountOutMin 0");
    tx_v3_path(&r, "3000", "2970");
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage: exactInput 1%");
    tx_v3_path(&r, "3000", "2969");
    blocks(one(buf, sizeof(buf), one_pct), &r, "maxSlippage", NULL, NULL,
           "maxSlippage: exactInput over 1%");
    tx_v3_single(&r, "1000", "5000", 500);
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage: amountOutMin >"
           " amountIn passes");
    tx_v2(&r, 0x8803dbee, 0, "1", "1000000");
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage: exact-output"
           " passes");
    tx_v2(&r, 0x7ff36ab5, 1, NULL, "1");
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage:"
           " swapExactETHForTokens, amountOutMin only");
    tx_v3_single(&r, "1000", "999", 1 << 24);
    blocks(one(buf, sizeof(buf), one_pct), &r, "maxSlippage", NULL,
           "The arguments of swap exactInputSingle (0x414bf389) could not be"
           " decoded", "maxSlippage: undecodable swap fails");
    tx_erc20(&r, 0xa9059cbb, VITALIK, "5");
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage: not a swap");
    tx_sel(&r, 0x5ae401dc);
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage: multicall is"
           " not a recognised swap");
    allows(one(buf, sizeof(buf), "{\"type\":\"maxSlippage\",\"maxPercent\":"
               "0}"), &r, "maxSlippage 0%: multicall");

    /*
     * Exact at amountIn = 10^76, where amount * 10000 needs more than
     * 256 bits: amountOutMin = 9899 * 10^72 is 101 bps exactly, one more
     * is just under (truncated to 100).
     */
    tx_v3_single(&r, "1" Z24 Z24 Z24 "0000",
                 "9899" Z24 Z24 "000000000000000000000001", 500);
    allows(one(buf, sizeof(buf), one_pct), &r, "maxSlippage at 10^76: just"
           " under 101 bps truncates to 100");
    tx_v3_single(&r, "1" Z24 Z24 Z24 "0000", "9899" Z24 Z24 Z24, 500);
    blocks(one(buf, sizeof(buf), one_pct), &r, "maxSlippage", NULL,
           "Slippage of swap exactInputSingle (0x414bf389) is 101 bps, above"
           " the 100 bps allowed", "maxSlippage at 10^76: 101 bps");
}


static void
test_mev(void)
{
    static const uint32_t    dex[14] = {
        0x38ed1739, 0x18cbafe5, 0x7ff36ab5, 0x8803dbee, 0x4a25d94a,
        0x414bf389, 0xc04b8d59, 0xdb3e2198, 0xf28c0498, 0x5ae401dc,
        0x2cc4081e, 0x12aa3caf, 0x0502b1c5, 0xe449022e
    };
    const char              *on = "{\"type\":\"mevProtection\","
                                  "\"enabled\":true}";
    char                     buf[400];
    struct duetd_pol_crit    c;
    struct duetd_pol_result  res;
    struct req               r;
    size_t                   i;
    int                      bad = 0;

    tx_v3_single(&r, "1000", "999", 500);
    blocks(one(buf, sizeof(buf), on), &r, "mevProtection",
           "MEV protection required", "exactInputSingle (0x414bf389) is a DEX"
           " swap, and MEV protection is required", "mevProtection: V3");
    /* Bare selectors: on the criterion (V2 ones would fail always-on). */
    memset(&c, 0, sizeof(c));
    c.kind = DUETD_CRIT_MEV_PROTECTION;
    c.flag = 1;
    for (i = 0; i < 14; i++) {
        tx_sel(&r, dex[i]);
        bad += duetd_pol_eval(&c, &r.ctx, &res) != 0 || res.pass
               || strcmp(res.reason, "MEV protection required") != 0;
    }
    is_int(0, bad, "mevProtection: all 14 DEX selectors blocked");
    tx_erc20(&r, 0xa9059cbb, VITALIK, "5");
    allows(one(buf, sizeof(buf), on), &r, "mevProtection: a transfer");
    tx_v3_single(&r, "1000", "999", 500);
    allows(one(buf, sizeof(buf), "{\"type\":\"mevProtection\",\"enabled\":"
               "false}"), &r, "mevProtection disabled");
    tx(&r, VITALIK, "1");
    allows(one(buf, sizeof(buf), on), &r, "mevProtection: a plain transfer");
}


/* Messages: transaction criteria do not apply, the others do. */
static void
test_messages(void)
{
    static const char  tx_only[] =
        "{\"rules\":[{\"action\":\"accept\",\"criteria\":["
        "{\"type\":\"ethValue\",\"operator\":\"=\",\"value\":\"7\"},"
        "{\"type\":\"evmAddress\",\"operator\":\"in\",\"addresses\":[\""
        VITALIK "\"]},"
        "{\"type\":\"evmNetwork\",\"operator\":\"in\",\"chainIds\":[5]},"
        "{\"type\":\"evmFunction\",\"selectors\":[],"
        "\"allowPlainTransfer\":false},"
        "{\"type\":\"dailyLimit\",\"maxWei\":\"0\"},"
        "{\"type\":\"monthlyLimit\",\"maxWei\":\"0\"},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":0},"
        "{\"type\":\"dailyLimitUsd\",\"maxUsd\":0},"
        "{\"type\":\"monthlyLimitUsd\",\"maxUsd\":0},"
        "{\"type\":\"blockInfiniteApprovals\",\"enabled\":true},"
        "{\"type\":\"maxSlippage\",\"maxPercent\":0},"
        "{\"type\":\"mevProtection\",\"enabled\":true}]}]}";
    char        buf[400];
    struct req  r;

    msg(&r);
    allows(tx_only, &r, "message: transaction criteria pass as not"
           " applicable (USD ones unpriced too)");
    r.ctx.requests_1h = 3;
    blocks(one(buf, sizeof(buf), "{\"type\":\"rateLimit\",\"maxPerHour\":3}"),
           &r, "rateLimit", "Rate limit exceeded", NULL,
           "message: rateLimit applies");
    r.ctx.hour_utc = 3;
    blocks(one(buf, sizeof(buf), "{\"type\":\"timeWindow\",\"startHour\":9,"
               "\"endHour\":17}"), &r, "timeWindow", NULL, NULL,
           "message: timeWindow applies");
    r.ctx.caller_ip = "10.9.9.9";
    blocks(one(buf, sizeof(buf), "{\"type\":\"ipAddress\",\"operator\":"
               "\"in\",\"ips\":[\"10.0.0.0/24\"]}"), &r, "ipAddress", NULL,
           NULL, "message: ipAddress applies");
    r.ctx.caller_ip = "10.0.0.9";
    allows(one(buf, sizeof(buf), "{\"type\":\"ipAddress\",\"operator\":"
               "\"in\",\"ips\":[\"10.0.0.0/24\"]}"), &r,
           "message: ipAddress passes");
}


/* Save-time validation: the messages, word for word. */

static void
refused(const char *json, const char *want, const char *what)
{
    struct duetd_policy  *p = NULL;
    char                  err[ERR_SIZE];
    int                   st;

    st = duetd_policy_parse(&p, json, strlen(json), err, sizeof(err));
    if (!is_int(400, st, "refused: %s", what)) {
        duetd_policy_free(p);
        return;
    }
    ok(p == NULL, "refused: %s: no policy", what);
    if (want != NULL) {
        is_str(want, err, "refused: %s: message", what);
    } else {
        ok(err[0] != '\0', "refused: %s: a message (%s)", what, err);
    }
}


static void
refused_crit(const char *crit, const char *want, const char *what)
{
    char  buf[2048];

    (void) one(buf, sizeof(buf), crit);
    refused(buf, want, what);
}


static void
test_validation(void)
{
    char   *big;
    size_t  i, k;

    refused("{\"rules\":[{\"action\":\"accept\",\"criteria\":[]},"
            "{\"action\":\"accept\",\"criteria\":[{\"type\":\"evmAddress\","
            "\"operator\":\"in\",\"addresses\":[\"0x12\"]}]}]}",
            "Rule 2, criterion 1 (rules[1].criteria[0].addresses[0]): invalid"
            " address \"0x12\"", "a short address");
    refused_crit("{\"type\":\"evmAddress\",\"operator\":\"in\",\"addresses\":"
                 "[\"" VITALIK "\",\"0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96"
                 "046\"]}", "Rule 1, criterion 1 (rules[0].criteria[0]."
                 "addresses[1]): invalid address \"0xd8dA6BF26964aF9D7eEd9e03"
                 "E53415D37aA96046\"", "a mixed-case address with a wrong"
                 " checksum");
    refused("{\"rules\":[],\"foo\":1}", "Policy (foo): unknown field",
            "an unknown top-level field");
    refused("{\"rules\":{}}", "Policy (rules): must be an array",
            "rules not an array");
    refused("{}", "Policy (rules): missing", "no rules");
    refused("{\"rules\":[],\"allowRawDigest\":1}", "Policy (allowRawDigest):"
            " must be true or false", "allowRawDigest not a bool");
    refused("{\"rules\":[1]}", "Rule 1 (rules[0]): must be an object",
            "a rule not an object");
    refused("{\"rules\":[{\"action\":\"allow\",\"criteria\":[]}]}",
            "Rule 1 (rules[0].action): invalid action \"allow\" (accept or"
            " reject)", "a bad action");
    refused("{\"rules\":[{\"criteria\":[]}]}", "Rule 1 (rules[0].action):"
            " missing", "no action");
    refused("{\"rules\":[{\"action\":\"accept\"}]}", "Rule 1"
            " (rules[0].criteria): missing", "no criteria");
    refused("{\"rules\":[{\"action\":\"accept\",\"criteria\":[],\"name\":"
            "\"x\"}]}", "Rule 1 (rules[0].name): unknown field",
            "an unknown rule field");
    refused("{\"rules\":[{\"action\":\"accept\",\"criteria\":[],\"enabled\":"
            "\"yes\"}]}", "Rule 1 (rules[0].enabled): must be true or false",
            "enabled not a bool");
    refused_crit("{\"type\":\"ethValues\"}", "Rule 1, criterion 1"
                 " (rules[0].criteria[0].type): unknown criterion type"
                 " \"ethValues\"", "an unknown criterion type");
    refused_crit("{\"type\":7}", "Rule 1, criterion 1 (rules[0].criteria[0]."
                 "type): unknown criterion type (not a string)",
                 "a type that is not a string");
    refused_crit("{\"operator\":\"<=\"}", "Rule 1, criterion 1"
                 " (rules[0].criteria[0].type): missing", "no type");
    refused_crit("7", "Rule 1, criterion 1 (rules[0].criteria[0]): must be"
                 " an object", "a criterion not an object");
    refused_crit("{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":"
                 "\"1\",\"extra\":true}", "Rule 1, criterion 1"
                 " (rules[0].criteria[0].extra): unknown field",
                 "an unknown criterion field");
    refused_crit("{\"type\":\"ethValue\",\"value\":\"1\"}", "Rule 1,"
                 " criterion 1 (rules[0].criteria[0].operator): missing",
                 "no operator");
    refused_crit("{\"type\":\"ethValue\",\"operator\":\"<>\",\"value\":"
                 "\"1\"}", "Rule 1, criterion 1 (rules[0].criteria[0]."
                 "operator): invalid operator \"<>\" (one of <=, <, >=, >, =)",
                 "a bad comparison");
    refused_crit("{\"type\":\"evmNetwork\",\"operator\":\"<=\",\"chainIds\":"
                 "[1]}", "Rule 1, criterion 1 (rules[0].criteria[0]."
                 "operator): invalid operator \"<=\" (in or not_in)",
                 "a comparison where in/not_in belongs");
    refused_crit("{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":"
                 "\"-1\"}", "Rule 1, criterion 1 (rules[0].criteria[0].value):"
                 " must be a string of decimal digits (wei, below 2^256)",
                 "negative wei");
    refused_crit("{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":"
                 "\"0x10\"}", NULL, "hex wei");
    refused_crit("{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":"
                 "\"1.5\"}", NULL, "fractional wei");
    refused_crit("{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":"
                 "1000}", NULL, "wei as a JSON number");
    refused_crit("{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":"
                 "\"\"}", NULL, "empty wei");
    refused_crit("{\"type\":\"dailyLimit\",\"maxWei\":\"1157920892373161954"
                 "23570985008687907853269984665640564039457584007913129639936"
                 "\"}", "Rule 1, criterion 1 (rules[0].criteria[0].maxWei):"
                 " must be a string of decimal digits (wei, below 2^256)",
                 "maxWei 2^256");
    refused_crit("{\"type\":\"maxSlippage\",\"maxPercent\":100.5}",
                 "Rule 1, criterion 1 (rules[0].criteria[0].maxPercent): must"
                 " be a number from 0 to 100", "maxPercent 100.5");
    refused_crit("{\"type\":\"maxSlippage\",\"maxPercent\":-1}", NULL,
                 "maxPercent -1");
    refused_crit("{\"type\":\"maxSlippage\",\"maxPercent\":\"1\"}", NULL,
                 "maxPercent as a string");
    refused_crit("{\"type\":\"maxPerTxUsd\",\"maxUsd\":-0.01}", "Rule 1,"
                 " criterion 1 (rules[0].criteria[0].maxUsd): must be a"
                 " number >= 0", "negative maxUsd");
    refused_crit("{\"type\":\"maxPerTxUsd\",\"maxUsd\":1e400}", NULL,
                 "maxUsd beyond a double");
    refused_crit("{\"type\":\"rateLimit\",\"maxPerHour\":0}", "Rule 1,"
                 " criterion 1 (rules[0].criteria[0].maxPerHour): must be a"
                 " positive integer", "maxPerHour 0");
    refused_crit("{\"type\":\"rateLimit\",\"maxPerHour\":1.5}", NULL,
                 "maxPerHour 1.5");
    refused_crit("{\"type\":\"rateLimit\",\"maxPerHour\":\"10\"}", NULL,
                 "maxPerHour as a string");
    refused_crit("{\"type\":\"rateLimit\",\"maxPerHour\":-3}", NULL,
                 "maxPerHour -3");
    refused_crit("{\"type\":\"timeWindow\",\"startHour\":22,\"endHour\":24}",
                 "Rule 1, criterion 1 (rules[0].criteria[0].endHour): invalid"
                 " hour (an integer from 0 to 23, UTC)", "endHour 24");
    refused_crit("{\"type\":\"timeWindow\",\"startHour\":-1,\"endHour\":5}",
                 "Rule 1, criterion 1 (rules[0].criteria[0].startHour):"
                 " invalid hour (an integer from 0 to 23, UTC)",
                 "startHour -1");
    refused_crit("{\"type\":\"timeWindow\",\"startHour\":1}", "Rule 1,"
                 " criterion 1 (rules[0].criteria[0].endHour): missing",
                 "no endHour");
    refused_crit("{\"type\":\"evmFunction\",\"selectors\":[\"0xa9059cbb\","
                 "\"0x1234\"]}", "Rule 1, criterion 1 (rules[0].criteria[0]."
                 "selectors[1]): invalid selector \"0x1234\" (0x and 8 hex"
                 " digits)", "a short selector");
    refused_crit("{\"type\":\"evmFunction\",\"selectors\":[\"a9059cbb00\"]}",
                 NULL, "a selector without 0x");
    refused_crit("{\"type\":\"evmFunction\",\"selectors\":[\"0xa9059cbg\"]}",
                 NULL, "a selector with a non-hex digit");
    refused_crit("{\"type\":\"evmFunction\",\"selectors\":[\"0xa9059cbb\"],"
                 "\"allowPlainTransfer\":1}", "Rule 1, criterion 1"
                 " (rules[0].criteria[0].allowPlainTransfer): must be true or"
                 " false", "allowPlainTransfer not a bool");
    refused_crit("{\"type\":\"evmAddress\",\"operator\":\"in\",\"addresses\":"
                 "[],\"allowDeploy\":\"yes\"}", NULL, "allowDeploy not a"
                 " bool");
    refused_crit("{\"type\":\"evmAddress\",\"operator\":\"in\",\"addresses\":"
                 "\"" VITALIK "\"}", "Rule 1, criterion 1 (rules[0].criteria"
                 "[0].addresses): must be an array", "addresses not an"
                 " array");
    refused_crit("{\"type\":\"evmAddress\",\"operator\":\"in\",\"addresses\":"
                 "[7]}", "Rule 1, criterion 1 (rules[0].criteria[0]."
                 "addresses[0]): must be a string", "an address not a"
                 " string");
    refused_crit("{\"type\":\"evmAddressBlocked\",\"operator\":\"not_in\","
                 "\"addresses\":[]}", "Rule 1, criterion 1 (rules[0].criteria"
                 "[0].operator): unknown field", "evmAddressBlocked takes no"
                 " operator");
    refused_crit("{\"type\":\"evmNetwork\",\"operator\":\"in\",\"chainIds\":"
                 "[\"1\"]}", "Rule 1, criterion 1 (rules[0].criteria[0]."
                 "chainIds[0]): must be a positive integer below 2^53",
                 "a chain id as a string");
    refused_crit("{\"type\":\"evmNetwork\",\"operator\":\"in\",\"chainIds\":"
                 "[0]}", NULL, "chain id 0");
    refused_crit("{\"type\":\"evmNetwork\",\"operator\":\"in\",\"chainIds\":"
                 "[9007199254740992]}", NULL, "chain id 2^53");
    refused_crit("{\"type\":\"blockInfiniteApprovals\",\"enabled\":\"true\"}",
                 "Rule 1, criterion 1 (rules[0].criteria[0].enabled): must be"
                 " true or false", "enabled as a string");

    /* CIDR and IP entries. */
    refused_crit("{\"type\":\"ipAddress\",\"operator\":\"in\",\"ips\":"
                 "[\"10.0.0.1\",\"10.0.0.256\"]}", "Rule 1, criterion 1"
                 " (rules[0].criteria[0].ips[1]): invalid IP address or IPv4"
                 " CIDR \"10.0.0.256\"", "an octet of 256");
    {
        static const char *const  bad[] = {
            "10.0.0.1/33", "10.0.0/24", "10.0.0.0.1", "01.2.3.4",
            "10.0.0.1/024", "10.0.0.1/", "/24", "10.0.0.1/2a", "fe80::1/64",
            "fe80::1%eth0", "abc", "", " 10.0.0.1", "10.0.0.1 ", "1.2.3.-4",
            "2001:db8:::1",
        };
        char  crit[200], what[80];

        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            snprintf(crit, sizeof(crit), "{\"type\":\"ipAddress\","
                     "\"operator\":\"in\",\"ips\":[\"%s\"]}", bad[i]);
            snprintf(what, sizeof(what), "malformed IP \"%s\"", bad[i]);
            refused_crit(crit, NULL, what);
        }
    }

    /* Limits. */
    big = bmalloc(DUETD_POLICY_MAX_SIZE + 4096);
    k = (size_t) snprintf(big, 64, "{\"rules\":[");
    for (i = 0; i < DUETD_POLICY_MAX_RULES + 1; i++) {
        k += (size_t) snprintf(big + k, 64, "%s{\"action\":\"reject\","
                               "\"criteria\":[]}", i > 0 ? "," : "");
    }
    snprintf(big + k, 8, "]}");
    refused(big, "Policy (rules): at most 64 rules", "65 rules");
    /* 64 are fine. */
    k = (size_t) snprintf(big, 64, "{\"rules\":[");
    for (i = 0; i < DUETD_POLICY_MAX_RULES; i++) {
        k += (size_t) snprintf(big + k, 64, "%s{\"action\":\"reject\","
                               "\"criteria\":[]}", i > 0 ? "," : "");
    }
    snprintf(big + k, 8, "]}");
    {
        struct duetd_policy  *p = load(big);

        ok(p != NULL, "64 rules accepted");
        duetd_policy_free(p);
    }

    k = (size_t) snprintf(big, 64, "{\"rules\":[{\"action\":\"accept\","
                          "\"criteria\":[");
    for (i = 0; i < DUETD_POLICY_MAX_CRITERIA + 1; i++) {
        k += (size_t) snprintf(big + k, 64, "%s{\"type\":\"rateLimit\","
                               "\"maxPerHour\":5}", i > 0 ? "," : "");
    }
    snprintf(big + k, 8, "]}]}");
    refused(big, "Rule 1 (rules[0].criteria): at most 32 criteria",
            "33 criteria");

    k = (size_t) snprintf(big, 100, "{\"rules\":[{\"action\":\"accept\","
                          "\"criteria\":[{\"type\":\"evmNetwork\","
                          "\"operator\":\"in\",\"chainIds\":[");
    for (i = 0; i < DUETD_POLICY_MAX_LIST + 1; i++) {
        k += (size_t) snprintf(big + k, 64, "%s%zu", i > 0 ? "," : "", i + 1);
    }
    snprintf(big + k, 8, "]}]}]}");
    refused(big, "Rule 1, criterion 1 (rules[0].criteria[0].chainIds): at"
            " most 256 items", "257 chain ids");

    memset(big, ' ', DUETD_POLICY_MAX_SIZE + 1);
    memcpy(big, "{\"rules\":[]}", 12);
    big[DUETD_POLICY_MAX_SIZE + 1] = '\0';
    refused(big, "Policy: the document is larger than 65536 bytes",
            "a document over 64 KiB");
    free(big);

    k = 600;
    big = bmalloc(k);
    memset(big, 'x', k);
    memcpy(big, "{\"rules\":[],\"description\":\"",
           strlen("{\"rules\":[],\"description\":\""));
    memcpy(big + k - 3, "\"}", 3);
    refused(big, "Policy (description): longer than 512 bytes",
            "a description over 512 bytes");
    free(big);

    /* Not JSON, or not strictly. */
    refused("{\"rules\":[],\"rules\":[]}", "Policy: malformed JSON (RFC 8259"
            " UTF-8, no duplicate keys, no U+0000)", "duplicate keys");
    refused("[]", "Policy: the document must be a JSON object", "an array");
    refused("{\"rules\":[]", NULL, "truncated");
    refused("", NULL, "empty");
    refused("{\"rules\":[]} x", NULL, "trailing data");
}


/* Normalization: what the store keeps and GET returns. */
static void
test_normalize(void)
{
    static const char  in[] =
        "{\"description\":\"bot \\u00e9 /\",\"rules\":[{\"criteria\":["
        "{\"type\":\"evmAddress\",\"operator\":\"in\",\"addresses\":[\""
        VITALIK_LC "\"]},"
        "{\"type\":\"evmAddressBlocked\",\"addresses\":[\"" OTHER_LC "\"]},"
        "{\"type\":\"evmFunction\",\"selectors\":[\"0xA9059CBB\"]},"
        "{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":\"000100\"},"
        "{\"type\":\"maxSlippage\",\"maxPercent\":0.5},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":100},"
        "{\"type\":\"dailyLimitUsd\",\"maxUsd\":2.50},"
        "{\"type\":\"monthlyLimitUsd\",\"maxUsd\":1e2},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":-0.0},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":1.5e300},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":27222222222222222.8},"
        "{\"type\":\"ipAddress\",\"operator\":\"not_in\",\"ips\":"
        "[\"10.0.0.0/8\",\"2001:DB8::1\"]},"
        "{\"type\":\"mevProtection\"}],"
        "\"action\":\"accept\",\"description\":\"main\"}]}";
    static const char  want[] =
        "{\"rules\":[{\"action\":\"accept\",\"criteria\":["
        "{\"type\":\"evmAddress\",\"operator\":\"in\",\"addresses\":[\""
        VITALIK "\"],\"allowDeploy\":false},"
        "{\"type\":\"evmAddress\",\"operator\":\"not_in\",\"addresses\":[\""
        OTHER "\"],\"allowDeploy\":false},"
        "{\"type\":\"evmFunction\",\"selectors\":[\"0xa9059cbb\"],"
        "\"allowPlainTransfer\":true},"
        "{\"type\":\"ethValue\",\"operator\":\"<=\",\"value\":\"100\"},"
        "{\"type\":\"maxSlippage\",\"maxPercent\":0.5},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":100},"
        "{\"type\":\"dailyLimitUsd\",\"maxUsd\":2.5},"
        "{\"type\":\"monthlyLimitUsd\",\"maxUsd\":100},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":0},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":1.5e+300},"
        "{\"type\":\"maxPerTxUsd\",\"maxUsd\":27222222222222224.0},"
        "{\"type\":\"ipAddress\",\"operator\":\"not_in\",\"ips\":"
        "[\"10.0.0.0/8\",\"2001:DB8::1\"]},"
        "{\"type\":\"mevProtection\",\"enabled\":true}],"
        "\"description\":\"main\",\"enabled\":true}],"
        "\"description\":\"bot \xc3\xa9 /\",\"allowRawDigest\":false}";
    struct duetd_policy  *p, *q;
    char                 *json = NULL, *again = NULL;

    p = load(in);
    if (p == NULL) {
        ok(0, "normalize: parses");
        return;
    }
    ok(duetd_policy_to_json(p, &json) == 0, "normalize: to_json");
    is_str(want, json, "normalize: EIP-55, lower-case selectors, defaults"
           " written, evmAddressBlocked stored as evmAddress not_in");
    q = json != NULL ? load(json) : NULL;
    ok(q != NULL && duetd_policy_to_json(q, &again) == 0
       && again != NULL && strcmp(json, again) == 0,
       "normalize: the normalized document normalizes to itself");
    is_int(0, duetd_policy_allow_raw_digest(p), "allowRawDigest: false by"
           " default");
    is_int(DUETD_POLICY_NEEDS_USD | DUETD_POLICY_NEEDS_COUNTERS,
           duetd_policy_needs(p), "needs: USD, and counters for the daily"
           " USD sum");
    free(json);
    free(again);
    duetd_policy_free(p);
    duetd_policy_free(q);

    p = load("{\"rules\":[],\"allowRawDigest\":true}");
    is_int(1, duetd_policy_allow_raw_digest(p), "allowRawDigest: true");
    is_int(0, duetd_policy_needs(p), "needs: nothing");
    duetd_policy_free(p);
    is_int(0, duetd_policy_allow_raw_digest(NULL), "allowRawDigest: no"
           " document");

    p = load("{\"rules\":[{\"action\":\"accept\",\"criteria\":[{\"type\":"
             "\"rateLimit\",\"maxPerHour\":3}]},{\"action\":\"accept\","
             "\"enabled\":false,\"criteria\":[{\"type\":\"maxPerTxUsd\","
             "\"maxUsd\":1}]}]}");
    is_int(DUETD_POLICY_NEEDS_COUNTERS, duetd_policy_needs(p), "needs:"
           " counters; a disabled rule's USD criterion does not count");
    duetd_policy_free(p);
    p = load("{\"rules\":[{\"action\":\"accept\",\"criteria\":[{\"type\":"
             "\"monthlyLimitUsd\",\"maxUsd\":3}]}]}");
    is_int(DUETD_POLICY_NEEDS_COUNTERS | DUETD_POLICY_NEEDS_USD,
           duetd_policy_needs(p), "needs: monthlyLimitUsd needs both");
    duetd_policy_free(p);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();

    test_rules();
    test_unknown_kind();
    test_security();
    test_eth_value();
    test_evm_address();
    test_network_function();
    test_ip();
    test_rate_time();
    test_spend();
    test_usd();
    test_approvals();
    test_slippage();
    test_mev();
    test_messages();
    test_validation();
    test_normalize();
    return 0;
}
