/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/balance.h
 * @brief Balance transactions as values, and the pending/available balance (SPEC R-BAL-1).
 *
 * Every rule that moves money writes balance transactions into the caller's ::ach_effects
 * (ach/rules.h). A balance transaction is an immutable, dated change of the two balances of one
 * account (the platform's, or a Connect account's, R-CON-1):
 *
 *     on `date`:  pending   += txn.pending
 *                 available += txn.available          (always pending + available == net)
 *
 * so the balance as of a date X is simply the sum of every transaction with date <= X
 * (ach_balance_apply()), and the sum of `net` over all transactions equals pending + available
 * (conservation). Nothing moves by itself; each move is its own record:
 *
 * - a charge's net enters the pending balance when the charge is created (ACH_TXN_CHARGE, and
 *   for Connect ACH_TXN_TRANSFER / ACH_TXN_PAYMENT / ACH_TXN_APPLICATION_FEE);
 * - when the charge succeeds, an ACH_TXN_RELEASE moves that net from pending to available,
 *   dated on the charge's available-on date (R-CHG-5), or on the success date if the success
 *   came later (R-BAL-1: only a succeeded charge's funds become available). A charge that has
 *   not succeeded stays in pending however old it is;
 * - a failure before success reverses the pending entries (ACH_TXN_CHARGE_REVERSAL, ...);
 * - failure fees, dispute withdrawals, dispute fees, refunds and refund failures change the
 *   available balance on the day they happen (it may go negative).
 *
 * Dates are UTC calendar dates of the instant given to the rule call.
 */
#ifndef ACH_BALANCE_H
#define ACH_BALANCE_H

#include "ach/common.h"
#include "ach/error.h"

ACH_BEGIN_DECL

/** What a balance transaction records. Signs below are those of `net` on the side named. */
typedef enum ach_txn_type {
    ACH_TXN_CHARGE = 1,          /**< "charge": +amount, with the processing fee; pending */
    ACH_TXN_RELEASE,             /**< "release": a succeeded charge's pending funds become
                                      available (net 0: pending -x, available +x) */
    ACH_TXN_CHARGE_REVERSAL,     /**< "charge_reversal": a failed charge's pending net reversed
                                      (R-CHG-6); pending */
    ACH_TXN_FAILURE_FEE,         /**< "failure_fee": -failure fee (R-CHG-6, R-CHG-7); available */
    ACH_TXN_DISPUTE,             /**< "dispute": -disputed amount withdrawn (R-DSP-2, R-CHG-7);
                                      available */
    ACH_TXN_DISPUTE_FEE,         /**< "dispute_fee": -dispute fee (R-DSP-2); available */
    ACH_TXN_REFUND,              /**< "refund": -refunded amount (R-REF-3); available */
    ACH_TXN_REFUND_FAILURE,      /**< "refund_failure": +amount of a failed refund (R-REF-2);
                                      available */
    ACH_TXN_TRANSFER,            /**< "transfer": platform side of a destination charge's
                                      transfer, -(amount - application fee) (R-CON-1); pending */
    ACH_TXN_PAYMENT,             /**< "payment": connected side of that transfer, +(amount -
                                      application fee); pending */
    ACH_TXN_TRANSFER_REVERSAL,   /**< "transfer_reversal": part or all of a transfer taken back:
                                      +x on the platform, -x on the connected account */
    ACH_TXN_APPLICATION_FEE,     /**< "application_fee": a direct charge's application fee,
                                      -fee on the connected account, +fee on the platform;
                                      pending */
    ACH_TXN_APPLICATION_FEE_REFUND /**< "application_fee_refund": that fee returned when the
                                        charge fails; pending */
} ach_txn_type;

/** Number of transaction types (numbered 1..ACH_TXN_TYPE_COUNT). */
#define ACH_TXN_TYPE_COUNT 13

/** Whose balance a transaction changes (R-CON-1). */
typedef enum ach_balance_side {
    ACH_SIDE_PLATFORM = 0,  /**< the platform (or, without Connect, the only account) */
    ACH_SIDE_CONNECTED = 1  /**< the charge's connected account (the destination of a
                                 destination charge, or the account of a direct charge) */
} ach_balance_side;

/** Which balance a transaction lands in when it is recorded. */
typedef enum ach_balance_status {
    ACH_BALANCE_PENDING = 1,  /**< "pending" */
    ACH_BALANCE_AVAILABLE = 2 /**< "available" */
} ach_balance_status;

/** A balance transaction. Plain value; ids are not stored: the caller knows which object the
 * rule call was about. Invariant: pending + available == net == amount - fee. (A release has
 * amount, fee and net 0 and moves `available` from pending.) */
typedef struct ach_balance_txn {
    int64_t amount;          /**< gross, cents, signed: + credits this side, - debits it */
    int64_t fee;             /**< processing fee taken out of `amount`: > 0 on a charge entry,
                                  its negative on the charge_reversal that mirrors it, else 0 */
    int64_t net;             /**< amount - fee: what this side's total balance gains */
    int64_t pending;         /**< change of the pending balance on `date` */
    int64_t available;       /**< change of the available balance on `date` */
    ach_date date;           /**< the UTC date the change applies */
    ach_date available_on;   /**< the date the funds are available: `date` for an available
                                  entry; for a pending entry written at creation, the date it is
                                  scheduled to become available if the charge succeeds in time
                                  (R-CHG-5: the move itself is the later release); ACH_DATE_NONE
                                  for a pending reversal, which never becomes available */
    ach_txn_type type;
    ach_balance_side side;
    ach_balance_status status; /**< the balance it lands in on `date` (a release: available) */
} ach_balance_txn;

/** An account's two balances, cents. Either may be negative (R-BAL-1). */
typedef struct ach_balance {
    int64_t pending;
    int64_t available;
} ach_balance;

/**
 * Adds `txn` to `bal` when txn->date <= as_of (R-BAL-1: a balance as of a date applies every
 * record up to the end of that day); does nothing otherwise. Pass ACH_DATE_MAX (ach/date.h) for
 * "everything". The caller keeps one balance per side (account); the side is not checked.
 * @return ACH_OK; ACH_EOVERFLOW when a sum leaves int64 (`bal` untouched).
 */
ACH_EXTERN ach_status ach_balance_apply(ach_balance *bal, const ach_balance_txn *txn,
                                        ach_date as_of, ach_error *err) ACH_WARN_UNUSED;

/** The name of a transaction type ("charge", "release", "charge_reversal", ...).
 * @return static storage, never NULL; "unknown" outside ::ach_txn_type. */
ACH_EXTERN const char *ach_balance_txn_type_name(ach_txn_type type) ACH_CONST;

/** "pending" or "available". @return static storage, never NULL; "unknown" otherwise. */
ACH_EXTERN const char *ach_balance_status_name(ach_balance_status status) ACH_CONST;

/** "platform" or "connected". @return static storage, never NULL; "unknown" otherwise. */
ACH_EXTERN const char *ach_balance_side_name(ach_balance_side side) ACH_CONST;

ACH_END_DECL

#endif /* ACH_BALANCE_H */
