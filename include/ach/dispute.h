/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/dispute.h
 * @brief Disputes raised by the customer's bank, their window, and double credit
 *        (SPEC R-DSP-1 … R-DSP-3, R-CHG-7).
 *
 * - Window (R-DSP-1), counted from the debit date, which is the charge's processing date
 *   (R-CAL-4): through processing + 60 calendar days for an individual's account, through
 *   processing + 2 business days for a company's. The dispute's date is the UTC date of its
 *   instant. A dispute after the window is accepted all the same and flagged
 *   ACH_FX_OUT_OF_WINDOW.
 * - On creation (R-DSP-2) the disputed amount (the whole charge amount: an ACH dispute
 *   reverses the debit) is withdrawn from the available balance at once, the dispute fee is
 *   charged, a Connect transfer is reversed (ach/connect.h), and the status is final: ACH
 *   disputes cannot be contested. The charge goes succeeded -> disputed (R-CHG-8).
 * - Double credit (R-DSP-3): a dispute on a charge with refunds may credit the customer twice:
 *   flagged ACH_FX_DOUBLE_CREDIT with the refunded amount at risk. The other order (a refund on
 *   a disputed charge) is flagged by ach_refund_create(); ach_refund_double_credit_risk() asks
 *   beforehand (ach/refund.h). ach_double_credit_describe() words the flag with both ids.
 */
#ifndef ACH_DISPUTE_H
#define ACH_DISPUTE_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/rules.h"
#include "ach/charge.h"

ACH_BEGIN_DECL

/** Dispute reasons (the names of the card/bank dispute API). */
typedef enum ach_dispute_reason {
    ACH_DISPUTE_BANK_CANNOT_PROCESS = 1, /**< "bank_cannot_process" (R-CHG-7: other codes) */
    ACH_DISPUTE_CHECK_RETURNED,          /**< "check_returned" */
    ACH_DISPUTE_CREDIT_NOT_PROCESSED,    /**< "credit_not_processed" */
    ACH_DISPUTE_CUSTOMER_INITIATED,      /**< "customer_initiated" */
    ACH_DISPUTE_DEBIT_NOT_AUTHORIZED,    /**< "debit_not_authorized" */
    ACH_DISPUTE_DUPLICATE,               /**< "duplicate" */
    ACH_DISPUTE_FRAUDULENT,              /**< "fraudulent" */
    ACH_DISPUTE_GENERAL,                 /**< "general" */
    ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS, /**< "incorrect_account_details" (R-CHG-7: R02-R04) */
    ACH_DISPUTE_INSUFFICIENT_FUNDS,      /**< "insufficient_funds" (R-CHG-7: R01, R09) */
    ACH_DISPUTE_NONCOMPLIANT,            /**< "noncompliant" */
    ACH_DISPUTE_PRODUCT_NOT_RECEIVED,    /**< "product_not_received" */
    ACH_DISPUTE_PRODUCT_UNACCEPTABLE,    /**< "product_unacceptable" */
    ACH_DISPUTE_SUBSCRIPTION_CANCELED,   /**< "subscription_canceled" */
    ACH_DISPUTE_UNRECOGNIZED             /**< "unrecognized" */
} ach_dispute_reason;

/** Number of dispute reasons (numbered 1..ACH_DISPUTE_REASON_COUNT). */
#define ACH_DISPUTE_REASON_COUNT 15

/** Dispute statuses: an ACH dispute is final when created (R-DSP-2). */
typedef enum ach_dispute_status {
    ACH_DISPUTE_LOST = 1 /**< "lost": the funds are withdrawn for good; cannot be contested */
} ach_dispute_status;

/** A dispute. Plain value (about 180 bytes); copy freely. */
typedef struct ach_dispute {
    char id[ACH_ID_SIZE];     /**< 1..63 bytes */
    char charge[ACH_ID_SIZE]; /**< the disputed charge's id ("" when not given) */
    int64_t amount;           /**< cents withdrawn: the charge amount (R-DSP-2) */
    int64_t fee;              /**< the dispute fee charged, cents */
    int64_t at_risk;          /**< with ACH_FX_DOUBLE_CREDIT: cents that may reach the customer
                                   twice (the amount already refunded), else 0 */
    ach_instant created;
    ach_date dispute_deadline; /**< last day of the normal window (R-DSP-1); the same name and
                                    value as ach_charge.dispute_deadline (development versions
                                    before 0.1.0 called this member `window_end`) */
    ach_dispute_reason reason;
    ach_dispute_status status;
    uint32_t flags;           /**< ACH_FX_OUT_OF_WINDOW, ACH_FX_DOUBLE_CREDIT */
} ach_dispute;

/**
 * The dispute window of `charge` (R-DSP-1) and whether a dispute at `at` falls inside it.
 * @param[out] dispute_deadline the last day of the window (ach_charge.dispute_deadline);
 *                              untouched on failure.
 * @param[out] inside     true when the UTC date of `at` is on or before it; may be NULL.
 * @return ACH_OK; ACH_EINVAL (no calendar, or a holder type that is neither individual nor
 *         company); ACH_ERANGE (outside the calendar).
 */
ACH_EXTERN ach_status ach_dispute_window(ach_date *dispute_deadline, bool *inside,
                                         const ach_charge *charge, const ach_calendar *cal,
                                         ach_instant at, ach_error *err) ACH_WARN_UNUSED;

/**
 * The customer's bank disputes `charge` at `at` (R-DSP-1, R-DSP-2, R-DSP-3). On success:
 * `*out` is the final dispute, the charge is `disputed`, fx holds "dispute" (-amount) and
 * "dispute_fee" (the schedule's dispute fee, when not 0), plus the Connect transfer reversal
 * (2 entries) for a destination charge; fx->flags has ACH_FX_DISPUTE_CREATED and, when they
 * apply, ACH_FX_OUT_OF_WINDOW and ACH_FX_DOUBLE_CREDIT (fx->at_risk); `charge.dispute.created`
 * is emitted.
 * @param id         the dispute's id (1..63 bytes).
 * @param charge_id  the charge's id, stored and put in the event (NULL gives "").
 * @return ACH_OK; ACH_EINVAL/ACH_ETOOLONG (field "id"); ACH_EINVAL (field "reason": not a
 *         ::ach_dispute_reason); ACH_ETRANSITION when the charge is not `succeeded` (pending,
 *         failed, or already disputed; R-CHG-8); ACH_EINVAL/ACH_ERANGE for the environment and
 *         `at`. Charge, `out` and fx untouched on failure.
 */
ACH_EXTERN ach_status ach_dispute_create(ach_effects *fx, ach_dispute *out, ach_charge *charge,
                                         const ach_env *env, const char *id,
                                         const char *charge_id, ach_dispute_reason reason,
                                         ach_instant at, ach_error *err) ACH_WARN_UNUSED;

/**
 * Would a dispute on `charge` now credit the customer twice (R-DSP-3)? True when it has
 * refunds; `*at_risk` (may be NULL) receives the refunded amount (0 when false).
 */
ACH_EXTERN bool ach_dispute_double_credit_risk(int64_t *at_risk, const ach_charge *charge);

/**
 * Describes a double credit (R-DSP-3) with both ids and the amount at risk, for a finding or a
 * log line: "charge ch_1: refund re_2 and dispute dp_1 may both credit the customer: 2000 cents
 * at risk (R-DSP-3)". The flagged call gives the amount (ach_effects.at_risk); the ids are the
 * caller's, since ::ach_charge keeps none: the refund's (ach_refund.id; for a dispute on a
 * refunded charge, the latest refund, or NULL for "its refunds") and the dispute's (NULL or ""
 * for the dispute of a late failure, R-CHG-7, which has no id).
 * @param[out] buf NUL-terminated when cap > 0, truncated if needed.
 * @return the length the whole text needs, excluding the NUL (as snprintf).
 */
ACH_EXTERN size_t ach_double_credit_describe(char *buf, size_t cap, const char *charge_id,
                                             const char *refund_id, const char *dispute_id,
                                             int64_t at_risk);

/**
 * The reason of the dispute a failure after success creates (R-CHG-7): insufficient_funds for
 * R01 and R09, incorrect_account_details for R02, R03 and R04, bank_cannot_process for any
 * other return reason number.
 */
ACH_EXTERN ach_dispute_reason ach_dispute_reason_for_return(int return_code) ACH_CONST;

/** The API name of a reason, such as "insufficient_funds".
 * @return static storage, never NULL; "unknown" outside ::ach_dispute_reason. */
ACH_EXTERN const char *ach_dispute_reason_name(ach_dispute_reason reason) ACH_CONST;

/**
 * Parses exactly `len` bytes as a reason name (ach_dispute_reason_name()).
 * @param[out] out the reason; untouched on failure.
 * @return ACH_OK, or ACH_EINVAL (field "reason") for any other text.
 */
ACH_EXTERN ach_status ach_dispute_reason_parse(ach_dispute_reason *out, const char *text,
                                               size_t len, ach_error *err) ACH_WARN_UNUSED;

/** "lost". @return static storage, never NULL; "unknown" otherwise. */
ACH_EXTERN const char *ach_dispute_status_name(ach_dispute_status status) ACH_CONST;

ACH_END_DECL

#endif /* ACH_DISPUTE_H */
