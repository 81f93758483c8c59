/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/fee.h
 * @brief Fee schedules: the processing fee of a charge, the failure fee and the dispute fee
 *        (SPEC R-CHG-3).
 *
 * A fee schedule is a plain value the caller passes to every rule that charges a fee; the
 * default is Stripe's published ACH pricing: 0.8 % of the amount rounded half up to the cent and
 * capped at $5.00, $4.00 per failed debit, $15.00 per dispute. The cap is reached at exactly
 * $625.00 (62 500 cents × 0.8 % = 500 cents).
 *
 * All amounts are `int64_t` US cents. All functions are pure.
 */
#ifndef ACH_FEE_H
#define ACH_FEE_H

#include "ach/common.h"
#include "ach/error.h"

ACH_BEGIN_DECL

/** The largest amount of one ACH entry, in cents: the 10-digit amount field of a NACHA entry
 * detail record ($99,999,999.99). Every charge, refund and fee is bounded by it, which also keeps
 * every sum libach forms far from int64 overflow. */
#define ACH_AMOUNT_MAX INT64_C(9999999999)

/** ach_fee_schedule.cap value meaning "no cap". */
#define ACH_FEE_NO_CAP INT64_C(-1)

/** One million: ach_fee_schedule.rate_ppm is in millionths of the amount. */
#define ACH_FEE_PPM_ONE 1000000u

/** A fee schedule. Plain value; copy freely. */
typedef struct ach_fee_schedule {
    uint32_t rate_ppm;   /**< percentage part, in millionths of the amount (8000 = 0.8 %);
                              0..1 000 000 */
    int64_t fixed;       /**< fixed part per charge, cents; 0..ACH_AMOUNT_MAX */
    int64_t cap;         /**< the most a charge's fee can be (fixed + percentage), cents;
                              0..ACH_AMOUNT_MAX, or ACH_FEE_NO_CAP */
    int64_t failure_fee; /**< fee per failed debit (R-CHG-6, R-CHG-7), cents; 0..ACH_AMOUNT_MAX */
    int64_t dispute_fee; /**< fee per dispute raised by the customer's bank (R-DSP-2), cents;
                              0..ACH_AMOUNT_MAX */
} ach_fee_schedule;

/** Initialiser for the default schedule (R-CHG-3): 0.8 %, cap $5.00, $4.00 failure fee,
 * $15.00 dispute fee. `ach_fee_schedule s = ACH_FEE_SCHEDULE_DEFAULT_INIT;` */
#define ACH_FEE_SCHEDULE_DEFAULT_INIT {8000u, 0, 500, 400, 1500}

/** The default schedule (R-CHG-3). @return static storage, never NULL. */
ACH_EXTERN const ach_fee_schedule *ach_fee_schedule_default(void) ACH_CONST;

/**
 * Checks that every field of `schedule` lies in its documented range.
 * @return ACH_OK, or ACH_EINVAL with err->field naming the first bad field ("rate_ppm",
 *         "fixed", "cap", "failure_fee" or "dispute_fee").
 */
ACH_EXTERN ach_status ach_fee_schedule_check(const ach_fee_schedule *schedule,
                                             ach_error *err) ACH_WARN_UNUSED;

/**
 * The processing fee of a charge of `amount` cents under `schedule` (R-CHG-3):
 * min(cap, fixed + amount × rate_ppm / 1 000 000 rounded half up to the cent).
 * Under the default schedule: $100.00 → 80 cents; 62 cents → 0; 63 cents → 1 (0.504 rounds
 * up); $625.00 → 500 (the cap, exactly); anything above → 500.
 * @param[out] out      the fee in cents; untouched on failure.
 * @param schedule      the schedule; NULL means the default.
 * @return ACH_OK; ACH_EAMOUNT when amount <= 0; ACH_EOVERFLOW when amount > ACH_AMOUNT_MAX;
 *         ACH_EINVAL when the schedule fails ach_fee_schedule_check().
 */
ACH_EXTERN ach_status ach_fee_compute(int64_t *out, const ach_fee_schedule *schedule,
                                      int64_t amount, ach_error *err) ACH_WARN_UNUSED;

/**
 * Parses a fee schedule file (`ach reconcile --fees FILE`): one `key value` a line, `#` starts a
 * comment, blank lines are ignored; a key not given keeps its default (R-CHG-3), each key at
 * most once.
 *
 *     percent      0.8    # percentage of the amount, 0..100, up to 4 decimals (rate_ppm)
 *     fixed        0      # cents per charge
 *     cap          500    # cents, or `none`
 *     failure_fee  400    # cents per failed debit (R-CHG-6, R-CHG-7)
 *     dispute_fee  1500   # cents per dispute (R-DSP-2, R-CHG-7)
 *
 * Amounts are whole cents 0..ACH_AMOUNT_MAX. The result is checked with
 * ach_fee_schedule_check().
 * @param[out] out the schedule; untouched on failure.
 * @return ACH_OK; ACH_EPARSE with err->line and err->column (1-based) and err->field (the key,
 *         or "key") naming what is wrong: an unknown or repeated key, a missing or malformed
 *         value, text after the value; ACH_EINVAL (NULL argument).
 */
ACH_EXTERN ach_status ach_fee_schedule_parse(ach_fee_schedule *out, const char *text, size_t len,
                                             ach_error *err) ACH_WARN_UNUSED;

ACH_END_DECL

#endif /* ACH_FEE_H */
