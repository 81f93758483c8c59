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

/* ---- the fee file (ach reconcile --fees) ---------------------------------------------------- */

static const char *const fee_keys[] = {"percent", "fixed", "cap", "failure_fee", "dispute_fee"};

/* A whole number of cents 0..ACH_AMOUNT_MAX, or with `decimals` > 0 a decimal number with at
 * most that many decimals, scaled by 10^decimals. */
static bool parse_number(int64_t *out, const char *p, size_t n, int decimals)
{
    int64_t v = 0;
    int frac = -1;
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '.' && decimals > 0 && frac < 0) {
            frac = 0;
            continue;
        }
        if (p[i] < '0' || p[i] > '9') return false;
        if (frac >= 0 && ++frac > decimals) return false;
        if (v > ACH_AMOUNT_MAX) return false;
        v = v * 10 + (p[i] - '0');
        digits++;
    }
    if (!digits) return false;
    for (int f = frac < 0 ? 0 : frac; f < decimals; f++) v *= 10;
    *out = v;
    return true;
}

ach_status ach_fee_schedule_parse(ach_fee_schedule *out, const char *text, size_t len,
                                  ach_error *err)
{
    if (!out || (!text && len)) return ach__fail(err, ACH_EINVAL, "fees", 0, 0, "NULL argument");
    ach_fee_schedule s = *ach_fee_schedule_default();
    uint32_t seen[ACH__ARRAY_LEN(fee_keys)] = {0}; /* the line of each key, 0 when not given */
    uint32_t line = 0;
    size_t i = 0;
    while (i < len) {
        line++;
        size_t end = i;
        while (end < len && text[end] != '\n') end++;
        size_t stop = end;
        for (size_t k = i; k < end; k++)
            if (text[k] == '#') {
                stop = k;
                break;
            }
        while (stop > i && (text[stop - 1] == ' ' || text[stop - 1] == '\t' ||
                            text[stop - 1] == '\r'))
            stop--;
        size_t k = i;
        while (k < stop && (text[k] == ' ' || text[k] == '\t')) k++;
        size_t key_at = k;
        while (k < stop && text[k] != ' ' && text[k] != '\t') k++;
        size_t key_len = k - key_at;
        while (k < stop && (text[k] == ' ' || text[k] == '\t')) k++;
        size_t val_at = k;
        while (k < stop && text[k] != ' ' && text[k] != '\t') k++;
        size_t val_len = k - val_at;
        uint32_t col = (uint32_t)(key_at - i + 1), vcol = (uint32_t)(val_at - i + 1);
        size_t next = end < len ? end + 1 : end;
        if (!key_len) { /* blank or comment */
            i = next;
            continue;
        }
        size_t key = ACH__ARRAY_LEN(fee_keys);
        for (size_t x = 0; x < ACH__ARRAY_LEN(fee_keys); x++)
            if (strlen(fee_keys[x]) == key_len && memcmp(fee_keys[x], text + key_at, key_len) == 0)
                key = x;
        if (key == ACH__ARRAY_LEN(fee_keys))
            return ach__fail(err, ACH_EPARSE, "key", line, col,
                             "'%.*s' is not a fee key: percent, fixed, cap, failure_fee or "
                             "dispute_fee",
                             key_len > 32 ? 32 : (int)key_len, text + key_at);
        if (seen[key])
            return ach__fail(err, ACH_EPARSE, fee_keys[key], line, col,
                             "%s is given twice (first on line %u)", fee_keys[key], seen[key]);
        seen[key] = line;
        if (!val_len)
            return ach__fail(err, ACH_EPARSE, fee_keys[key], line, vcol, "%s needs a value",
                             fee_keys[key]);
        while (k < stop && (text[k] == ' ' || text[k] == '\t')) k++;
        if (k < stop)
            return ach__fail(err, ACH_EPARSE, fee_keys[key], line, (uint32_t)(k - i + 1),
                             "text after the value of %s", fee_keys[key]);
        int64_t v = 0;
        if (key == 0) {
            /* percent with up to 4 decimals: millionths of the amount */
            if (!parse_number(&v, text + val_at, val_len, 4) || v > ACH_FEE_PPM_ONE)
                return ach__fail(err, ACH_EPARSE, "percent", line, vcol,
                                 "percent '%.*s' is not a number 0..100 with at most 4 decimals",
                                 val_len > 32 ? 32 : (int)val_len, text + val_at);
            s.rate_ppm = (uint32_t)v;
        } else if (key == 2 && val_len == 4 && memcmp(text + val_at, "none", 4) == 0) {
            s.cap = ACH_FEE_NO_CAP;
        } else {
            if (!parse_number(&v, text + val_at, val_len, 0) || v > ACH_AMOUNT_MAX)
                return ach__fail(err, ACH_EPARSE, fee_keys[key], line, vcol,
                                 "%s '%.*s' is not whole cents 0..%lld%s", fee_keys[key],
                                 val_len > 32 ? 32 : (int)val_len, text + val_at,
                                 (long long)ACH_AMOUNT_MAX, key == 2 ? " or 'none'" : "");
            if (key == 1) s.fixed = v;
            else if (key == 2) s.cap = v;
            else if (key == 3) s.failure_fee = v;
            else s.dispute_fee = v;
        }
        i = next;
    }
    ach_status st = ach_fee_schedule_check(&s, err);
    if (st != ACH_OK) return st;
    *out = s;
    return ACH_OK;
}
