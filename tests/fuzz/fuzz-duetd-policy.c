/*
 * fuzz-duetd-policy.c -- libFuzzer harness for the guardrail policy
 * engine (fcgi_app/policy.c): the input is a policy document as a signer
 * would PUT it.  Checked:
 *
 *   - the status is 0, 400 or 500; a 400 has a message of printable
 *     ASCII (values are echoed through duetd_pol_echo) that names the
 *     document ("Policy") or a rule ("Rule N"), and leaves no policy;
 *   - an accepted document's normalized text parses again, to exactly
 *     the same text (normalization is idempotent);
 *   - evaluating it on fixed contexts (a transfer, an approval, a V2
 *     swap, a creation, a message, one with unknown USD prices) never
 *     fails, and the verdict is consistent: allowed with no violation, or
 *     blocked with at least one, a message, and NUL-terminated texts; a
 *     rule number within the document;
 *   - evaluating twice gives the same verdict (no hidden state).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.c"
#include "u256.c"
#include "calldata.c"
#include "policy.c"

#include "fuzz.h"

#define FUZZ_POLICY_MAX_INPUT  (DUETD_POLICY_MAX_SIZE + 16)
#define FUZZ_POLICY_CONTEXTS   6


static void
check_message(const char *err)
{
    size_t  i, n;

    n = strnlen(err, 256);
    fuzz_assert(n > 0 && n < 256);
    for (i = 0; i < n; i++) {
        fuzz_assert(err[i] >= 0x20 && err[i] < 0x7f);
    }
    fuzz_assert(strncmp(err, "Policy", 6) == 0 || strncmp(err, "Rule ", 5)
                == 0);
}


static void
put_word(uint8_t *p, uint64_t v)
{
    int  i;

    memset(p, 0, 32);
    for (i = 0; i < 8; i++) {
        p[31 - i] = (uint8_t) (v >> (8 * i));
    }
}


/* The fixed contexts: k in 0..FUZZ_POLICY_CONTEXTS-1. */
static void
make_ctx(int k, struct duetd_policy_ctx *c, struct duetd_calldata *call,
    uint8_t *data)
{
    size_t  n = 0;

    memset(c, 0, sizeof(*c));
    c->has_to = 1;
    memset(c->to, 0x42, 20);
    duetd_u256_from_u64(&c->value_wei, 1000000000000000000ULL);
    c->chain_id = 1;
    c->caller_ip = "192.168.1.20";
    c->hour_utc = 14;
    c->requests_1h = 7;
    duetd_u256_from_u64(&c->wei_24h, 500);
    duetd_u256_from_u64(&c->wei_30d, 5000);
    c->usd_known = c->usd_24h_known = c->usd_30d_known = 1;
    c->value_usd = 3000.0;
    c->usd_24h = 120.5;
    c->usd_30d = 9000.25;

    switch (k) {
    case 1:                             /* transfer(addr, 5)           */
        memcpy(data, "\xa9\x05\x9c\xbb", 4);
        put_word(data + 4, 0);
        memset(data + 16, 0x11, 20);
        put_word(data + 36, 5);
        n = 68;
        break;
    case 2:                             /* approve(addr, 2^128 - 1)    */
        memcpy(data, "\x09\x5e\xa7\xb3", 4);
        put_word(data + 4, 0);
        memset(data + 16, 0x11, 20);
        memset(data + 36, 0, 16);
        memset(data + 52, 0xff, 16);
        n = 68;
        break;
    case 3:                             /* swapExactTokensForTokens    */
        memcpy(data, "\x38\xed\x17\x39", 4);
        put_word(data + 4, 10000);
        put_word(data + 36, 9890);
        put_word(data + 68, 160);
        put_word(data + 100, 0);
        memset(data + 112, 0x33, 20);
        put_word(data + 132, 1800000000);
        put_word(data + 164, 0);
        n = 196;
        c->hour_utc = 23;
        break;
    case 4:                             /* a creation, unpriced        */
        c->has_to = 0;
        c->usd_known = 0;
        c->caller_ip = NULL;
        memcpy(data, "\x60\x80\x60\x40", 4);
        n = 4;
        break;
    case 5:                             /* a message                   */
        c->is_message = 1;
        c->chain_id = 0;
        c->caller_ip = "::ffff:10.0.0.1";
        c->usd_known = c->usd_24h_known = c->usd_30d_known = 0;
        break;
    }
    duetd_calldata_decode(call, data, n);
    c->call = k == 5 ? NULL : call;
}


static void
check_verdict(const struct duetd_policy *p, const struct duetd_policy_ctx *c)
{
    struct duetd_policy_verdict  v, w;
    size_t                       i;

    fuzz_assert(duetd_policy_evaluate(p, c, &v) == 0);
    if (v.allow) {
        fuzz_assert(v.nviolations == 0 && v.message == NULL);
    } else {
        fuzz_assert(v.nviolations >= 1 && v.message != NULL);
        fuzz_assert(v.nviolations <= DUETD_POLICY_VIOLATIONS_MAX);
    }
    fuzz_assert(v.matched_rule >= 0
                && (size_t) v.matched_rule <= p->nrules);
    fuzz_assert(v.rules_evaluated <= p->nrules);
    for (i = 0; i < v.nviolations; i++) {
        fuzz_assert(memchr(v.v[i].type, '\0', sizeof(v.v[i].type)) != NULL);
        fuzz_assert(memchr(v.v[i].reason, '\0', sizeof(v.v[i].reason))
                    != NULL);
        fuzz_assert(memchr(v.v[i].detail, '\0', sizeof(v.v[i].detail))
                    != NULL);
        fuzz_assert(v.v[i].type[0] != '\0' && v.v[i].reason[0] != '\0');
    }

    fuzz_assert(duetd_policy_evaluate(p, c, &w) == 0);
    fuzz_assert(w.allow == v.allow && w.nviolations == v.nviolations
                && w.matched_rule == v.matched_rule
                && w.rules_evaluated == v.rules_evaluated);
    for (i = 0; i < v.nviolations; i++) {
        fuzz_assert(strcmp(v.v[i].detail, w.v[i].detail) == 0);
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duetd_policy_ctx   c;
    struct duetd_calldata     call;
    struct duetd_policy      *p = NULL, *q = NULL;
    uint8_t                   cd[256];
    char                      err[256];
    char                     *json = NULL, *again = NULL;
    int                       st, k;

    if (size > FUZZ_POLICY_MAX_INPUT) {
        return 0;
    }
    err[0] = '\0';
    st = duetd_policy_parse(&p, (const char *) data, size, err, sizeof(err));
    fuzz_assert(st == 0 || st == 400 || st == 500);
    if (st != 0) {
        fuzz_assert(p == NULL);
        if (st == 400) {
            check_message(err);
        }
        return 0;
    }

    fuzz_assert(duetd_policy_to_json(p, &json) == 0);
    st = duetd_policy_parse(&q, json, strlen(json), err, sizeof(err));
    fuzz_assert(st == 0);
    fuzz_assert(duetd_policy_to_json(q, &again) == 0);
    fuzz_assert(strcmp(json, again) == 0);
    fuzz_assert(duetd_policy_needs(p) == duetd_policy_needs(q));
    fuzz_assert(duetd_policy_allow_raw_digest(p)
                == duetd_policy_allow_raw_digest(q));

    for (k = 0; k < FUZZ_POLICY_CONTEXTS; k++) {
        make_ctx(k, &c, &call, cd);
        check_verdict(p, &c);
    }

    free(again);
    free(json);
    duetd_policy_free(q);
    duetd_policy_free(p);
    return 0;
}
