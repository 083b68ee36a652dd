/*
 * fuzz-point.c -- libFuzzer harness for duet_point_parse (curve/curve.c).
 *
 * The input is parsed twice, with and without DUET_POINT_ALLOW_INFINITY.
 * Checked: an accepted point re-encodes to exactly the input (one encoding
 * per point); a point accepted without the flag is also accepted with it;
 * a refusal uses one of the documented codes; a finite point survives
 * P + (-P) = infinity and P - P = infinity.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "curve/curve.c"

#include "fuzz.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duet_point  p, q, neg, sum;
    uint8_t            enc[DUET_POINT_BYTES];
    int                r, r_inf;

    r = duet_point_parse(&p, data, size, 0);
    r_inf = duet_point_parse(&q, data, size, DUET_POINT_ALLOW_INFINITY);

    if (r != 0) {
        fuzz_assert(r == DUET_ERR_BAD_ENCODING || r == DUET_ERR_NON_CANONICAL
                    || r == DUET_ERR_INFINITY);
    } else {
        fuzz_assert(r_inf == 0 && !duet_point_is_infinity(&p));
        fuzz_assert(duet_point_eq_var(&p, &q));
    }

    if (r_inf != 0) {
        fuzz_assert(r_inf == DUET_ERR_BAD_ENCODING
                    || r_inf == DUET_ERR_NON_CANONICAL);
        return 0;
    }

    fuzz_assert(size == DUET_POINT_BYTES);
    fuzz_assert(duet_point_encode(enc, &q, DUET_POINT_ALLOW_INFINITY) == 0);
    fuzz_assert(memcmp(enc, data, DUET_POINT_BYTES) == 0);

    duet_point_negate(&neg, &q);
    duet_point_add(&sum, &q, &neg);
    fuzz_assert(duet_point_is_infinity(&sum));
    duet_point_sub(&sum, &q, &q);
    fuzz_assert(duet_point_is_infinity(&sum));
    return 0;
}
