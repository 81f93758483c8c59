/* SPDX-License-Identifier: Apache-2.0 */
/* Fee schedules (R-CHG-3). */
#include "ach/fee.h"
#include "rules_internal.h"

static const ach_fee_schedule default_schedule = ACH_FEE_SCHEDULE_DEFAULT_INIT;

const ach_fee_schedule *ach_fee_schedule_default(void)
{
    return &default_schedule;
}

static bool amount_in_range(int64_t v)
{
    return v >= 0 && v <= ACH_AMOUNT_MAX;
}

ach_status ach_fee_schedule_check(const ach_fee_schedule *s, ach_error *err)
{
    if (!s) return ach__fail(err, ACH_EINVAL, "fees", 0, 0, "fee schedule is NULL");
    if (s->rate_ppm > ACH_FEE_PPM_ONE)
        return ach__fail(err, ACH_EINVAL, "rate_ppm", 0, 0,
                         "rate of %u ppm is above 100 %% (1000000 ppm)", (unsigned)s->rate_ppm);
    if (!amount_in_range(s->fixed))
        return ach__fail(err, ACH_EINVAL, "fixed", 0, 0,
                         "fixed fee of %lld cents is outside 0..%lld", (long long)s->fixed,
                         (long long)ACH_AMOUNT_MAX);
    if (s->cap != ACH_FEE_NO_CAP && !amount_in_range(s->cap))
        return ach__fail(err, ACH_EINVAL, "cap", 0, 0,
                         "fee cap of %lld cents is outside 0..%lld (or ACH_FEE_NO_CAP)",
                         (long long)s->cap, (long long)ACH_AMOUNT_MAX);
    if (!amount_in_range(s->failure_fee))
        return ach__fail(err, ACH_EINVAL, "failure_fee", 0, 0,
                         "failure fee of %lld cents is outside 0..%lld", (long long)s->failure_fee,
                         (long long)ACH_AMOUNT_MAX);
    if (!amount_in_range(s->dispute_fee))
        return ach__fail(err, ACH_EINVAL, "dispute_fee", 0, 0,
                         "dispute fee of %lld cents is outside 0..%lld", (long long)s->dispute_fee,
                         (long long)ACH_AMOUNT_MAX);
    return ACH_OK;
}

ach_status ach__amount_check(int64_t amount, const char *field, ach_error *err)
{
    if (amount <= 0)
        return ach__fail(err, ACH_EAMOUNT, field, 0, 0,
                         "amount must be a positive number of cents, got %lld", (long long)amount);
    if (amount > ACH_AMOUNT_MAX)
        return ach__fail(err, ACH_EOVERFLOW, field, 0, 0,
                         "amount of %lld cents is above the largest ACH entry amount "
                         "(%lld cents, $99,999,999.99)",
                         (long long)amount, (long long)ACH_AMOUNT_MAX);
    return ACH_OK;
}

ach_status ach_fee_compute(int64_t *out, const ach_fee_schedule *s, int64_t amount, ach_error *err)
{
    if (!s) s = &default_schedule;
    ach_status st = ach__amount_check(amount, "amount", err);
    if (st != ACH_OK) return st;
    st = ach_fee_schedule_check(s, err);
    if (st != ACH_OK) return st;
    /* amount <= 1e10 and rate <= 1e6, so the product stays below 1.1e16: no overflow.
     * Both factors are non-negative, so adding half the divisor rounds half up. */
    int64_t pct =
        (amount * (int64_t)s->rate_ppm + (int64_t)ACH_FEE_PPM_ONE / 2) / (int64_t)ACH_FEE_PPM_ONE;
    int64_t fee = s->fixed + pct;
    if (s->cap != ACH_FEE_NO_CAP && fee > s->cap) fee = s->cap;
    *out = fee;
    return ACH_OK;
}
