/*
 * prices.h -- USD prices for the guardrails' USD criteria (spec/api.md
 * section 4, duet's fix: unknown prices fail closed).
 *
 * Two sources, from the config: a static table (price = KEY USD
 * [DECIMALS] lines) and an HTTP JSON endpoint (price_url), whose answer
 * is cached for price_cache_seconds.  A key is a native currency symbol
 * ("ETH") or a token as "CHAINID:0xaddress" (lower-case hex).  The static
 * table wins over the endpoint.  The endpoint answers one JSON object:
 *
 *   {"ETH": 3012.5, "1337:0x5fbd...": {"usd": 1.0, "decimals": 6}}
 *
 * (a bare number means 18 decimals).
 */

#ifndef DUETD_PRICES_H
#define DUETD_PRICES_H

#include "options.h"

#define DUETD_PRICE_OK           0
#define DUETD_PRICE_UNKNOWN     -1      /* no such key                    */
#define DUETD_PRICE_UNAVAILABLE -2      /* the endpoint failed (logged)   */

struct duetd_prices;

/* Per worker, after fork.  Returns 0 with *out, or -1. */
int duetd_prices_open(const struct duetd_config *cfg,
    struct duetd_prices **out);

void duetd_prices_close(struct duetd_prices *p);

/*
 * USD for one whole unit of key, and the unit's decimals.  now is the
 * caller's clock (seconds, CLOCK_MONOTONIC) for the cache.
 * Returns: DUETD_PRICE_OK, DUETD_PRICE_UNKNOWN or DUETD_PRICE_UNAVAILABLE
 * (both mean: fail closed).
 */
int duetd_prices_get(struct duetd_prices *p, const char *key, long now,
    double *usd, unsigned *decimals);

#endif /* DUETD_PRICES_H */
