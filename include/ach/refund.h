/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/refund.h
 * @brief Refunds of ACH charges (SPEC R-REF-1 … R-REF-3, R-DSP-3).
 *
 * - Only a charge that succeeded can be refunded (R-REF-1): a `succeeded` one, or a `disputed`
 *   one (it had succeeded; the refund is then a double credit, R-DSP-3, applied and flagged).
 *   A pending or failed charge is refused.
 * - Up to 90 calendar days after the original charge date: the UTC date of the refund is at
 *   most the charge's UTC creation date + 90 (day 90 is accepted, day 91 refused).
 * - Partial refunds may not sum past the charge amount.
 * - A refund debits its amount from the available balance at once; the original fee is not
 *   returned (R-REF-3). For a destination charge the transfer is reversed in proportion
 *   (ach/connect.h). When the refunds reach the charge amount, `charge.refunded` is emitted.
 * - A refund reaches the customer 2-5 business days after its processing date (R-REF-2); no
 *   success is ever reported. A failed refund emits `refund.failed`, returns its amount to the
 *   balance and must be settled outside the platform. The charge's refunded total keeps the
 *   amount: the customer is still owed it, outside the platform.
 */
#ifndef ACH_REFUND_H
#define ACH_REFUND_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/rules.h"
#include "ach/charge.h"

ACH_BEGIN_DECL

/** Refund statuses. A refund is never reported as succeeded (R-REF-2). */
typedef enum ach_refund_status {
    ACH_REFUND_PENDING = 1, /**< "pending": sent, expected between expected_from and expected_by */
    ACH_REFUND_FAILED = 2   /**< "failed": settle outside the platform (R-REF-2); final */
} ach_refund_status;

/** Calendar days after the charge's creation date during which it can be refunded (R-REF-1). */
#define ACH_REFUND_WINDOW_DAYS 90

/** A refund. Plain value (about 170 bytes); copy freely. */
typedef struct ach_refund {
    char id[ACH_ID_SIZE];      /**< 1..63 bytes */
    char charge[ACH_ID_SIZE];  /**< the refunded charge's id ("" when not given) */
    int64_t amount;            /**< cents */
    ach_instant created;
    ach_date expected_from;    /**< processing date of `created` + 2 business days (R-REF-2) */
    ach_date expected_by;      /**< processing date of `created` + 5 business days (R-REF-2) */
    ach_refund_status status;
    ach_balance_side side;     /**< whose balance paid it (the connected account for a direct
                                    charge) */
    bool settle_outside;       /**< failed: the customer must be paid outside the platform */
    uint32_t flags;            /**< ACH_FX_DOUBLE_CREDIT when made on a disputed charge */
} ach_refund;

/**
 * Would a refund of `amount` on `charge` be accepted at `at`? The checks of ach_refund_create(),
 * in its order, without effects.
 * @return ACH_OK; ACH_EAMOUNT / ACH_EOVERFLOW (field "amount": not 1..ACH_AMOUNT_MAX);
 *         ACH_EREFUND_STATE (field "charge": the charge is pending or failed; the message names
 *         its status); ACH_EREFUND_WINDOW (field "created": after created + 90 days; the message
 *         gives the deadline); ACH_EREFUND_AMOUNT (field "amount": refunds would exceed the
 *         charge; the message gives the amount still refundable).
 */
ACH_EXTERN ach_status ach_refund_check(const ach_charge *charge, int64_t amount, ach_instant at,
                                       ach_error *err) ACH_WARN_UNUSED;

/**
 * Would a refund of `amount` on `charge` now credit the customer twice (R-DSP-3)? True when
 * the charge is disputed (its amount was already given back by the customer's bank); then
 * `*at_risk` (may be NULL) receives `amount`, else 0. A service can refuse such a refund.
 */
ACH_EXTERN bool ach_refund_double_credit_risk(int64_t *at_risk, const ach_charge *charge,
                                              int64_t amount);

/**
 * Refunds `amount` cents of `charge` at `at` (R-REF-1 … R-REF-3). On success: `*out` is the
 * pending refund, charge->refunded grows, fx holds "refund" (-amount, available) and, for a
 * destination charge, the proportional transfer reversal (2 entries); fx->flags gets
 * ACH_FX_DOUBLE_CREDIT (with fx->at_risk; ach_double_credit_describe() words it with the refund
 * and dispute ids) on a disputed charge and ACH_FX_FULLY_REFUNDED when
 * the charge is now refunded in full, in which case `charge.refunded` is emitted.
 * @param id         the refund's id (1..63 bytes).
 * @param charge_id  the charge's id, stored and put in the event (NULL gives "").
 * @return ACH_OK; every status of ach_refund_check(); ACH_EINVAL/ACH_ETOOLONG (field "id");
 *         ACH_EINVAL/ACH_ERANGE for the environment and `at`. Charge, `out` and fx untouched
 *         on failure.
 */
ACH_EXTERN ach_status ach_refund_create(ach_effects *fx, ach_refund *out, ach_charge *charge,
                                        const ach_env *env, const char *id,
                                        const char *charge_id, int64_t amount, ach_instant at,
                                        ach_error *err) ACH_WARN_UNUSED;

/**
 * The refund failed (R-REF-2): pending -> failed, settle_outside set, fx holds
 * "refund_failure" (+amount, available) on the refund's side, `refund.failed` is emitted.
 * @return ACH_OK; ACH_ETRANSITION (field "status") when it already failed; ACH_EINVAL /
 *         ACH_ERANGE for the environment and `at`. Refund and fx untouched on failure.
 */
ACH_EXTERN ach_status ach_refund_fail(ach_effects *fx, ach_refund *refund, const ach_env *env,
                                      ach_instant at, ach_error *err) ACH_WARN_UNUSED;

/** "pending" or "failed". @return static storage, never NULL; "unknown" otherwise. */
ACH_EXTERN const char *ach_refund_status_name(ach_refund_status status) ACH_CONST;

ACH_END_DECL

#endif /* ACH_REFUND_H */
