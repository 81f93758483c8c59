/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/rules.h
 * @brief What every payment-rule call shares: the environment it runs in (calendar, fee
 *        schedule, event callback), the effects it writes, and the size of ids.
 *
 * The payment rules (ach/account.h, ach/mandate.h, ach/charge.h, ach/refund.h,
 * ach/dispute.h, ach/connect.h) are pure functions over plain values:
 *
 *     (value in, ::ach_env, inputs)  ->  (new value, ::ach_effects, events, ::ach_status)
 *
 * They never allocate, never do I/O and keep no state between calls; they may run concurrently
 * on distinct values with a shared ::ach_env (the calendar and the fee schedule are only read).
 *
 * The pattern of a state-changing call, such as ach_charge_succeed():
 * - the object is passed by pointer and updated in place on success;
 * - `fx` (::ach_effects, caller-owned, may be reused for every call) is reset and receives the
 *   balance transactions written (at most ACH_EFFECTS_TXNS_MAX) and the flags raised;
 * - the events go to env->on_event, in order, before the call returns;
 * - on failure the object and `fx` are untouched and no event is emitted (the one documented
 *   exception is a wrong micro-deposit pair, which counts as an attempt: see
 *   ach_account_verify_microdeposits()).
 */
#ifndef ACH_RULES_H
#define ACH_RULES_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/calendar.h"
#include "ach/fee.h"
#include "ach/event.h"
#include "ach/balance.h"

ACH_BEGIN_DECL

/* ACH_ID_SIZE and ACH_ID_MAX, the bounds of an id, are in ach/common.h. */

/** "No instant", e.g. a mandate that was never revoked. */
#define ACH_INSTANT_NONE INT64_MIN

/** The environment of a rule call. Plain value; build one and pass it to every call. */
typedef struct ach_env {
    const ach_calendar *calendar;  /**< required: business days, processing dates (R-CAL-4) */
    const ach_fee_schedule *fees;  /**< fee schedule (R-CHG-3); NULL means the default */
    ach_event_fn on_event;         /**< receives every event; NULL drops them */
    void *event_ctx;               /**< passed to on_event as `ctx` */
} ach_env;

/** `ach_env env = ACH_ENV_INIT(cal);` — the default fees, no event callback. */
#define ACH_ENV_INIT(cal) {(cal), NULL, NULL, NULL}

/** @name Flags of ach_effects.flags (also copied into ach_event.flags)
 * Noteworthy but valid facts about an applied call (SPEC §10 "flagged"). @{ */
/** A dispute arrived outside its R-DSP-1 window; it is accepted all the same. */
#define ACH_FX_OUT_OF_WINDOW 0x1u
/** Double credit (R-DSP-3): a refund on a disputed charge, or a dispute on a refunded one;
 * ach_effects.at_risk holds the amount that may reach the customer twice. */
#define ACH_FX_DOUBLE_CREDIT 0x2u
/** The call created a dispute: a dispute raised by the customer's bank, or a failure after
 * success (R-CHG-7); ach_effects.dispute_reason holds its reason. */
#define ACH_FX_DISPUTE_CREATED 0x4u
/** The charge is now refunded in full (charge.refunded was emitted). */
#define ACH_FX_FULLY_REFUNDED 0x8u
/** @} */

/** The most balance transactions one rule call writes (a Connect dispute writes 4). */
#define ACH_EFFECTS_TXNS_MAX 6

/** What a rule call did besides updating its object. Caller-owned; reset by every successful
 * state-changing call, untouched by a failed one. */
typedef struct ach_effects {
    uint32_t flags;          /**< ACH_FX_* */
    int32_t dispute_reason;  /**< with ACH_FX_DISPUTE_CREATED: the ::ach_dispute_reason
                                  (ach/dispute.h); else 0 */
    int64_t at_risk;         /**< with ACH_FX_DOUBLE_CREDIT: cents that may be credited twice */
    size_t txn_count;        /**< entries of txns written, in order */
    ach_balance_txn txns[ACH_EFFECTS_TXNS_MAX];
} ach_effects;

ACH_END_DECL

#endif /* ACH_RULES_H */
