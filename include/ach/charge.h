/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/charge.h
 * @brief ACH debits ("charges"): creation checks, the timeline, outcomes through the transition
 *        table, failure codes (SPEC R-CHG-1 … R-CHG-8, R-BAL-1, R-CAL-4).
 *
 * ## The charge value
 * ::ach_charge is deliberately small (48 bytes, no ids, no pointers) because a reconciliation
 * engine keeps one per open charge in a hash table: it holds only what later rules need. The
 * charge's own id, its bank account and its Connect account are the caller's to keep (the
 * engine's hash key); calls that emit events take the charge id as an argument. Everything
 * derivable is recomputed on demand from the value and the calendar (ach_charge_timeline()).
 *
 * ## Life cycle (R-CHG-8), an explicit transition table
 *
 *     pending   -> succeeded   ach_charge_succeed()                        charge.succeeded
 *     pending   -> failed      ach_charge_fail() (a NACHA return)          charge.failed
 *     succeeded -> disputed    ach_charge_fail() after success (R-CHG-7),  charge.dispute.created
 *                              or ach_dispute_create() (ach/dispute.h)
 *
 * Anything else is refused with ACH_ETRANSITION naming both states. Refunds (ach/refund.h) do
 * not change the status; they add to ach_charge.refunded.
 *
 * ## Money (R-CHG-3, R-CHG-5, R-CHG-6, R-BAL-1), written as balance transactions (ach/balance.h)
 * - create: "charge" (+amount, fee, pending); Connect legs (ach/connect.h);
 * - succeed: "release" of the net, dated the available-on date (processing + 7 business days),
 *   or the success date when that is later;
 * - fail before success: "charge_reversal" (-net, pending) and "failure_fee" (available);
 * - fail after success (R-CHG-7): "dispute" (-amount, available) and "failure_fee" (not the
 *   dispute fee, which belongs to disputes raised by the customer's bank), except for an
 *   unauthorised return (R05, R07, R10, R11, R29, R51): that is the customer's bank disputing
 *   the debit, treated exactly as ach_dispute_create() with reason debit_not_authorized
 *   (dispute fee, R-DSP-1 window check, ACH_FX_OUT_OF_WINDOW).
 *
 * All functions follow the conventions of ach/rules.h (env, effects, events; object untouched
 * on failure).
 */
#ifndef ACH_CHARGE_H
#define ACH_CHARGE_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/rules.h"
#include "ach/name.h"

ACH_BEGIN_DECL

typedef struct ach_bank_account ach_bank_account; /* ach/account.h */
typedef struct ach_mandate ach_mandate;           /* ach/mandate.h */

/** Charge statuses (R-CHG-8). */
typedef enum ach_charge_status {
    ACH_CHARGE_PENDING = 1, /**< "pending": created, outcome not known (R-CHG-3) */
    ACH_CHARGE_SUCCEEDED,   /**< "succeeded" (R-CHG-4) */
    ACH_CHARGE_FAILED,      /**< "failed": returned before success (R-CHG-6); final */
    ACH_CHARGE_DISPUTED     /**< "disputed": disputed, or returned after success (R-CHG-7);
                                 final */
} ach_charge_status;

/** Connect charge kinds (R-CON-1; see ach/connect.h for the money on each side). */
typedef enum ach_connect_kind {
    ACH_CONNECT_NONE = 0,       /**< an ordinary charge on the platform */
    ACH_CONNECT_DIRECT = 1,     /**< created on the connected account; an optional application
                                     fee goes to the platform */
    ACH_CONNECT_DESTINATION = 2 /**< created on the platform with a destination account: the
                                     amount minus the optional application fee is transferred */
} ach_connect_kind;

/** A charge. Plain value, 48 bytes; copy freely. Fields are read-only for callers: change them
 * only through the functions of this module, ach/refund.h and ach/dispute.h. */
typedef struct ach_charge {
    int64_t amount;          /**< cents, 1..ACH_AMOUNT_MAX (R-CHG-2) */
    int64_t fee;             /**< processing fee at creation (R-CHG-3), cents */
    int64_t refunded;        /**< cents refunded so far (R-REF-1), 0..amount */
    int64_t application_fee; /**< Connect application fee, cents (0 without Connect) */
    ach_instant created;     /**< creation instant (UTC) */
    ach_date processing;     /**< processing date (R-CAL-4), computed at creation */
    uint8_t status;          /**< ::ach_charge_status */
    uint8_t holder_type;     /**< ::ach_holder_type of the debited account (R-DSP-1 window) */
    uint8_t connect;         /**< ::ach_connect_kind */
    uint8_t return_code;     /**< NACHA return reason number of the failure (1 = R01), else 0 */
} ach_charge;

/** Inputs of ach_charge_create(). */
typedef struct ach_charge_params {
    int64_t amount;          /**< cents (R-CHG-2) */
    const char *currency;    /**< ISO 4217 code, (pointer, length); "usd" in any case */
    size_t currency_len;
    ach_instant created;     /**< creation instant (UTC): the processing date follows from it */
    ach_connect_kind connect;
    int64_t application_fee; /**< 0..amount; must be 0 when connect is ACH_CONNECT_NONE */
} ach_charge_params;

/** The timeline of a charge: every date that follows from its creation (R-CAL-4, R-CHG-4,
 * R-CHG-5, R-REF-1, R-DSP-1). */
typedef struct ach_timeline {
    ach_date created;          /**< UTC date of creation */
    ach_date processing;       /**< its date if a business day and before 22:00:00 UTC, else
                                    the next business day (R-CAL-4) */
    ach_date resolve_by;       /**< processing + 4 business days: the outcome is due (R-CHG-4) */
    ach_date available_on;     /**< processing + 7 business days: a succeeded charge's funds
                                    become available (R-CHG-5) */
    ach_date refund_deadline;  /**< created + 90 calendar days: the last day a refund is
                                    accepted (R-REF-1) */
    ach_date dispute_deadline; /**< the last day of the normal dispute window, from the
                                    processing (debit) date: + 60 calendar days for an
                                    individual, + 2 business days for a company (R-DSP-1) */
} ach_timeline;

/** Failure codes of a failed charge (R-CHG-6). */
typedef enum ach_failure_code {
    ACH_FAILURE_NONE = 0,
    ACH_FAILURE_INSUFFICIENT_FUNDS,      /**< R01, R09 */
    ACH_FAILURE_ACCOUNT_CLOSED,          /**< R02 */
    ACH_FAILURE_NO_ACCOUNT,              /**< R03 */
    ACH_FAILURE_INVALID_ACCOUNT_NUMBER,  /**< R04 */
    ACH_FAILURE_DEBIT_NOT_AUTHORIZED,    /**< R05, R07, R08, R10, R11, R29, R51 */
    ACH_FAILURE_BANK_OWNERSHIP_CHANGED,  /**< R12 */
    ACH_FAILURE_ACCOUNT_FROZEN,          /**< R16 */
    ACH_FAILURE_BANK_ACCOUNT_RESTRICTED, /**< R20 */
    ACH_FAILURE_COULD_NOT_PROCESS,       /**< any other return reason */
    ACH_FAILURE_INVALID_CURRENCY         /**< a non-USD debit (test number 000444444440) */
} ach_failure_code;

/** The highest NACHA return reason number (R85). */
#define ACH_RETURN_CODE_MAX 85

/** The message of ACH_EUNVERIFIED from ach_charge_create() (R-CHG-1), exactly. */
#define ACH_CHARGE_UNVERIFIED_MESSAGE \
    "The customer's bank account must be verified in order to create an ACH payment."

/** "pending", "succeeded", "failed", "disputed". @return static storage; "unknown" otherwise. */
ACH_EXTERN const char *ach_charge_status_name(ach_charge_status status) ACH_CONST;

/**
 * Whether the transition table (R-CHG-8) allows `from` -> `to`.
 * @return ACH_OK, or ACH_ETRANSITION (field "status") with the message
 *         "a charge cannot go from <from> to <to> (R-CHG-8)".
 */
ACH_EXTERN ach_status ach_charge_transition_check(ach_charge_status from, ach_charge_status to,
                                                  ach_error *err) ACH_WARN_UNUSED;

/**
 * The failure code R-CHG-6 gives a NACHA return reason number (1 for R01 … 85 for R85).
 * @return the code; ACH_FAILURE_COULD_NOT_PROCESS for any reason the table does not name
 *         (and for numbers outside 1..85).
 */
ACH_EXTERN ach_failure_code ach_charge_failure_for_return(int return_code) ACH_CONST;

/** The API name of a failure code, such as "insufficient_funds"; "" for ACH_FAILURE_NONE.
 * @return static storage, never NULL; "unknown" outside ::ach_failure_code. */
ACH_EXTERN const char *ach_charge_failure_name(ach_failure_code code) ACH_CONST;

/** The fixed human message of a failure code (R-CHG-6), such as "The customer's account has
 * insufficient funds to cover this payment."; "" for ACH_FAILURE_NONE.
 * @return static storage, never NULL. */
ACH_EXTERN const char *ach_charge_failure_message(ach_failure_code code) ACH_CONST;

/**
 * Parses a ledger outcome (SPEC §10): "succeeded" gives 0; a NACHA return reason "R01".."R85"
 * (an uppercase R and two digits) gives its number 1..85.
 * @param[out] out the outcome; untouched on failure.
 * @return ACH_OK, or ACH_EPARSE (field "code") for anything else, such as "r01", "R1", "R00",
 *         "R86", "failed".
 */
ACH_EXTERN ach_status ach_charge_outcome_parse(int *out, const char *text, size_t len,
                                               ach_error *err) ACH_WARN_UNUSED;

/**
 * Computes a timeline from a creation instant and the holder type, without a charge.
 * @param[out] out the timeline; untouched on failure.
 * @return ACH_OK; ACH_EINVAL (cal NULL); ACH_EHOLDER_TYPE (field "holder_type": neither
 *         individual nor company); ACH_ERANGE when a date falls outside the calendar's range.
 */
ACH_EXTERN ach_status ach_charge_timeline_compute(ach_timeline *out, const ach_calendar *cal,
                                           ach_instant created, ach_holder_type holder_type,
                                           ach_error *err) ACH_WARN_UNUSED;

/** The timeline of `charge` (as ach_charge_timeline_compute() with its creation instant and holder
 * type). @return as ach_charge_timeline_compute(). */
ACH_EXTERN ach_status ach_charge_timeline(ach_timeline *out, const ach_charge *charge,
                                          const ach_calendar *cal, ach_error *err) ACH_WARN_UNUSED;

/**
 * Creates a charge: runs the creation checks, and on success writes the `pending` charge to
 * `out`, its balance transactions to `fx` ("charge" pending, plus the Connect legs: up to 3) and
 * emits `charge.pending`.
 *
 * The checks, in this order, each with its own status (field in err->field):
 * 1. R-CHG-1: the account is `verified`, else ACH_EUNVERIFIED ("account") with exactly
 *    ACH_CHARGE_UNVERIFIED_MESSAGE.
 * 2. R-CHG-2: amount > 0, else ACH_EAMOUNT; amount <= ACH_AMOUNT_MAX, else ACH_EOVERFLOW
 *    ("amount").
 * 3. R-CHG-2: currency "usd" (any case), else ACH_ECURRENCY ("currency").
 * 4. R-MAN-1: `mandate` is for this account and active at params->created, else ACH_ENOMANDATE
 *    ("mandate"), as ach_mandate_check().
 * 5. R-ACC-6: the account is not the test number that refuses the currency, else
 *    ACH_ECURRENCY ("account", failure code invalid_currency; the message shows the last 4
 *    digits only).
 * 6. Connect: application_fee in 0..amount, and 0 without Connect, else ACH_EINVAL
 *    ("application_fee"); an unknown connect kind, ACH_EINVAL ("connect").
 * 7. The environment: ACH_EINVAL (env, calendar or fee schedule invalid), ACH_ERANGE (the
 *    processing or available-on date outside the calendar's range).
 *
 * `env`, `account` and `params` must not be NULL. Cost: two O(1) calendar look-ups, no
 * allocation (about 150 ns on one core, bench/bench_rules.c).
 *
 * @param[out] fx     effects (reset on success).
 * @param[out] out    the new charge; untouched on failure.
 * @param id          the charge's id, for the event only (NULL gives "").
 * @param account     the bank account debited (ach/account.h).
 * @param mandate     the mandate held for that account, or NULL (ach/mandate.h).
 * @return ACH_OK, or the status of the first check above that fails.
 */
ACH_EXTERN ach_status ach_charge_create(ach_effects *fx, ach_charge *out, const ach_env *env,
                                        const char *id, const ach_bank_account *account,
                                        const ach_mandate *mandate,
                                        const ach_charge_params *params,
                                        ach_error *err) ACH_WARN_UNUSED;

/**
 * The bank's answer for a test number (R-ACC-6): what a charge on `account` will do.
 * @param[out] out 0 when it succeeds, else the NACHA return reason number it fails with (the
 *                 test number's documented outcome); untouched on failure.
 * @return ACH_OK; ACH_ENOTFOUND (field "account") when the account is not one of the test
 *         numbers; ACH_ECURRENCY for the test number that refuses the currency (its charges are
 *         refused at creation, so there is no outcome).
 */
ACH_EXTERN ach_status ach_charge_test_outcome(int *out, const ach_bank_account *account,
                                              ach_error *err) ACH_WARN_UNUSED;

/**
 * The bank confirms the debit: pending -> succeeded (R-CHG-4). Writes a "release" (up to 2 with
 * Connect) moving the net from pending to available on max(available-on date, UTC date of
 * `at`) (R-CHG-5, R-BAL-1), and emits `charge.succeeded`.
 * @param id the charge's id, for the event only.
 * @return ACH_OK; ACH_ETRANSITION when the charge is not pending (R-CHG-8); ACH_EINVAL or
 *         ACH_ERANGE for the environment and `at`.
 */
ACH_EXTERN ach_status ach_charge_succeed(ach_effects *fx, ach_charge *charge, const ach_env *env,
                                         const char *id, ach_instant at,
                                         ach_error *err) ACH_WARN_UNUSED;

/**
 * The bank returns the debit with NACHA return reason `return_code` (1..85).
 * - pending -> failed (R-CHG-6): "charge_reversal" of the pending net (plus Connect reversals),
 *   "failure_fee"; `charge.failed` with failure_code / failure_message from the R-code table.
 * - succeeded -> disputed (R-CHG-7): a dispute with reason insufficient_funds (R01, R09),
 *   incorrect_account_details (R02, R03, R04) or bank_cannot_process (others): "dispute"
 *   (-amount) and "failure_fee", Connect transfer reversed. An unauthorised return (R05, R07,
 *   R10, R11, R29, R51) is the customer's bank disputing the debit (exception of 2026-12-04):
 *   reason debit_not_authorized, the dispute fee instead of the failure fee, and the R-DSP-1
 *   window check (ACH_FX_OUT_OF_WINDOW, the window's end in the event's dispute_deadline),
 *   exactly as ach_dispute_create(). fx->flags gets
 *   ACH_FX_DISPUTE_CREATED (and ACH_FX_DOUBLE_CREDIT when the charge had refunds, R-DSP-3);
 *   `charge.dispute.created` (its id is "": such a dispute has no id of its own).
 * Whether the return arrived within its NACHA time frame (R-RET-1) is for ach/returns.h.
 * @return ACH_OK; ACH_EINVAL (field "code") for a number outside 1..85; ACH_ETRANSITION for a
 *         failed or disputed charge ("failed to failed", "disputed to disputed"); ACH_EINVAL or
 *         ACH_ERANGE for the environment and `at`.
 */
ACH_EXTERN ach_status ach_charge_fail(ach_effects *fx, ach_charge *charge, const ach_env *env,
                                      const char *id, int return_code, ach_instant at,
                                      ach_error *err) ACH_WARN_UNUSED;

/**
 * Applies a ledger outcome text (SPEC §10 `outcome` record): ach_charge_outcome_parse() then
 * ach_charge_succeed() or ach_charge_fail().
 * @return any status of ach_charge_outcome_parse(), ach_charge_succeed() and ach_charge_fail().
 */
ACH_EXTERN ach_status ach_charge_apply_outcome(ach_effects *fx, ach_charge *charge,
                                               const ach_env *env, const char *id,
                                               const char *code, size_t code_len, ach_instant at,
                                               ach_error *err) ACH_WARN_UNUSED;

/** The failure code of `charge`: R-CHG-6 for a failed charge, ACH_FAILURE_NONE otherwise (a
 * late failure, R-CHG-7, is a dispute: see ach_dispute_reason_for_return()). */
ACH_EXTERN ach_failure_code ach_charge_failure_code(const ach_charge *charge) ACH_PURE;

/** Whether a charge is overdue on a date (R-CHG-9). */
typedef struct ach_charge_overdue {
    ach_date resolve_by;  /**< processing + 4 business days: the outcome is due (R-CHG-4) */
    bool overdue;         /**< the date is after resolve_by */
    int32_t days_overdue; /**< calendar days after resolve_by; 0 when not overdue */
} ach_charge_overdue;

/**
 * R-CHG-9: a charge still `pending` after its resolve-by date is overdue, and an outcome that
 * arrives after it is late. Says, for `date` (a report date, or the date an outcome arrives),
 * the charge's resolve-by date and whether and by how many days `date` is past it. Whether the
 * charge is still pending is the caller's to know (the charge value only has its current
 * status).
 * @param[out] out untouched on failure.
 * @return ACH_OK; ACH_EINVAL (NULL argument); ACH_ERANGE (a date outside the calendar).
 */
ACH_EXTERN ach_status ach_charge_overdue_check(ach_charge_overdue *out, const ach_charge *charge,
                                               const ach_calendar *cal, ach_date date,
                                               ach_error *err) ACH_WARN_UNUSED;

/**
 * R-CHG-9, R-ACC-6: whether the outcome recorded for a charge on a test account number
 * contradicts that number's scripted outcome.
 * @param scripted what ach_charge_test_outcome() gave: 0 (succeeds) or the return reason number
 *                 it fails with; -1 for a live account (nothing is scripted: never a
 *                 contradiction).
 * @param recorded the recorded outcome: 0 succeeded, else the return reason number (1..85).
 * @return true when they differ: a success where a failure is scripted or the reverse, or a
 *         failure whose R-CHG-6 failure code is not the scripted one's (R01 and R09 agree).
 */
ACH_EXTERN bool ach_charge_test_contradicts(int scripted, int recorded) ACH_CONST;

ACH_END_DECL

#endif /* ACH_CHARGE_H */
