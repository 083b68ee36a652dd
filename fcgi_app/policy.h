/*
 * policy.h -- the guardrail policy engine of spec/api.md section 4: a
 * signer's policy document, checked and normalized when it is saved, and
 * evaluated before the server takes part in any signature.
 *
 *   {"rules": [{"action": "accept" | "reject", "criteria": [...],
 *               "description"?, "enabled"?}],
 *    "description"?, "allowRawDigest"?}
 *
 * Semantics (exactly the spec's): no document -> allow; zero rules ->
 * deny (default_deny); rules top-down, disabled ones skipped, the first
 * rule whose criteria all pass wins; a reject with no criteria matches
 * everything; no rule matched -> default_deny with the first failed
 * criterion of the first accept rule as the reason; an evaluator error
 * fails closed.  The always-on checks (zero / 0x...dEaD recipient,
 * zero-slippage Uniswap V2 swaps, infinite approvals) run before the
 * document and cannot be configured away.
 *
 * Pure: json-c and libduet only, no I/O, no clock; everything the
 * criteria need (time, caller IP, counters, USD values) is in the
 * context the caller builds.
 */

#ifndef DUETD_POLICY_H
#define DUETD_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "calldata.h"
#include "u256.h"

#define DUETD_POLICY_MAX_RULES       64
#define DUETD_POLICY_MAX_CRITERIA    32     /* per rule                    */
#define DUETD_POLICY_MAX_LIST        256    /* addresses, ips, selectors   */
#define DUETD_POLICY_MAX_SIZE        65536  /* document bytes              */
#define DUETD_POLICY_VIOLATIONS_MAX  8

/* What the caller needs to fill in the context before evaluating. */
#define DUETD_POLICY_NEEDS_USD       0x01   /* a USD criterion is enabled  */
#define DUETD_POLICY_NEEDS_COUNTERS  0x02   /* rate or spend limits        */

struct duetd_policy;

/*
 * Parse and check a document.  On error err holds one message naming the
 * rule and criterion (1-based) and the exact JSON path, e.g.
 *   Rule 2, criterion 1 (rules[1].criteria[0].addresses[0]): invalid
 *   address "0x12"
 * Returns: 0 with *out, or 400 (err set), or 500 (no memory).
 */
int duetd_policy_parse(struct duetd_policy **out, const char *json,
    size_t len, char *err, size_t errlen);

void duetd_policy_free(struct duetd_policy *p);

/*
 * The normalized document (addresses EIP-55, selectors lower case,
 * defaults written out), what the store keeps and GET returns.
 * Returns 0 with *json (free()), or -1 (no memory).
 */
int duetd_policy_to_json(const struct duetd_policy *p, char **json);

/* allowRawDigest of the document (0 when absent). */
int duetd_policy_allow_raw_digest(const struct duetd_policy *p);

/* DUETD_POLICY_NEEDS_* flags of the enabled rules. */
unsigned duetd_policy_needs(const struct duetd_policy *p);

/* What is about to be signed, and what the criteria measure it against. */
struct duetd_policy_ctx {
    int                          is_message;    /* personal_sign, 712:
                                                   tx criteria pass      */
    int                          has_to;        /* 0: contract creation   */
    uint8_t                      to[20];
    struct duetd_u256            value_wei;
    uint64_t                     chain_id;      /* 0: none (a message)    */
    const struct duetd_calldata *call;          /* never NULL for a tx    */
    const char                  *caller_ip;     /* NULL: unknown          */
    int                          hour_utc;      /* 0..23                  */

    /* Counters over approved and reserved requests (the caller's). */
    uint64_t                     requests_1h;
    struct duetd_u256            wei_24h;
    struct duetd_u256            wei_30d;
    int                          usd_known;     /* value_usd is known     */
    double                       value_usd;
    int                          usd_24h_known;
    double                       usd_24h;
    int                          usd_30d_known;
    double                       usd_30d;
};

/*
 * type is "security" (an always-on check), "reject_rule" (a reject rule
 * matched), the type of the first accept rule's first failed criterion
 * (no rule matched: the spec's default_deny, e.g. "dailyLimit"),
 * "default_deny" (no rule matched and no accept rule failed: zero rules,
 * or only reject and disabled rules), or "evaluation_error" (a criterion
 * this evaluator does not know: denied).
 */
struct duetd_policy_violation {
    char  type[32];
    char  reason[96];       /* short: "Daily ETH limit exceeded"        */
    char  detail[256];      /* with numbers, for sessions and the audit */
};

struct duetd_policy_verdict {
    int                            allow;
    const char                    *message;     /* "Transaction blocked by
                                                   policy" | "... by
                                                   security check"      */
    unsigned                       rules_evaluated;
    int                            matched_rule;  /* 1-based; 0: none   */
    size_t                         nviolations;
    struct duetd_policy_violation  v[DUETD_POLICY_VIOLATIONS_MAX];
};

/*
 * The always-on checks, then the document (p NULL: no document).
 * Returns 0 with *out set (allow or not), or -1 when the evaluation
 * itself failed (the caller fails closed).
 */
int duetd_policy_evaluate(const struct duetd_policy *p,
    const struct duetd_policy_ctx *c, struct duetd_policy_verdict *out);

#endif /* DUETD_POLICY_H */
