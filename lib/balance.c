/* SPDX-License-Identifier: Apache-2.0 */
/* Balance transactions and the pending/available balance (R-BAL-1). */
#include "ach/balance.h"
#include "rules_internal.h"

static const char *const txn_names[ACH_TXN_TYPE_COUNT + 1] = {
    [ACH_TXN_CHARGE] = "charge",
    [ACH_TXN_RELEASE] = "release",
    [ACH_TXN_CHARGE_REVERSAL] = "charge_reversal",
    [ACH_TXN_FAILURE_FEE] = "failure_fee",
    [ACH_TXN_DISPUTE] = "dispute",
    [ACH_TXN_DISPUTE_FEE] = "dispute_fee",
    [ACH_TXN_REFUND] = "refund",
    [ACH_TXN_REFUND_FAILURE] = "refund_failure",
    [ACH_TXN_TRANSFER] = "transfer",
    [ACH_TXN_PAYMENT] = "payment",
    [ACH_TXN_TRANSFER_REVERSAL] = "transfer_reversal",
    [ACH_TXN_APPLICATION_FEE] = "application_fee",
    [ACH_TXN_APPLICATION_FEE_REFUND] = "application_fee_refund",
};

const char *ach_balance_txn_type_name(ach_txn_type type)
{
    if ((int)type < 1 || (int)type > ACH_TXN_TYPE_COUNT) return "unknown";
    return txn_names[type];
}

const char *ach_balance_status_name(ach_balance_status status)
{
    switch (status) {
    case ACH_BALANCE_PENDING: return "pending";
    case ACH_BALANCE_AVAILABLE: return "available";
    default: return "unknown";
    }
}

const char *ach_balance_side_name(ach_balance_side side)
{
    switch (side) {
    case ACH_SIDE_PLATFORM: return "platform";
    case ACH_SIDE_CONNECTED: return "connected";
    default: return "unknown";
    }
}

ach_status ach_balance_apply(ach_balance *bal, const ach_balance_txn *t, ach_date as_of,
                             ach_error *err)
{
    if (t->date > as_of) return ACH_OK;
    int64_t pending, available;
    if (__builtin_add_overflow(bal->pending, t->pending, &pending) ||
        __builtin_add_overflow(bal->available, t->available, &available))
        return ach__fail(err, ACH_EOVERFLOW, "balance", 0, 0,
                         "applying a %s transaction of %lld cents overflows the balance",
                         ach_balance_txn_type_name(t->type), (long long)t->net);
    bal->pending = pending;
    bal->available = available;
    return ACH_OK;
}

/* Appends one transaction to fx. The capacity is a compile-time bound (ACH_EFFECTS_TXNS_MAX)
 * that every rule respects by construction; the check guards against a future rule forgetting. */
void ach__txn_push(ach_effects *fx, ach_txn_type type, ach_balance_side side, int64_t amount,
                   int64_t fee, ach_balance_status status, ach_date date, ach_date available_on)
{
    if (fx->txn_count >= ACH_EFFECTS_TXNS_MAX) return;
    ach_balance_txn *t = &fx->txns[fx->txn_count++];
    t->type = type;
    t->side = side;
    t->amount = amount;
    t->fee = fee;
    t->net = amount - fee;
    t->status = status;
    t->date = date;
    t->available_on = available_on;
    if (status == ACH_BALANCE_PENDING) {
        t->pending = t->net;
        t->available = 0;
    } else {
        t->pending = 0;
        t->available = t->net;
    }
}

void ach__txn_push_release(ach_effects *fx, ach_balance_side side, int64_t moved, ach_date date)
{
    if (fx->txn_count >= ACH_EFFECTS_TXNS_MAX) return;
    ach_balance_txn *t = &fx->txns[fx->txn_count++];
    t->type = ACH_TXN_RELEASE;
    t->side = side;
    t->amount = 0;
    t->fee = 0;
    t->net = 0;
    t->status = ACH_BALANCE_AVAILABLE;
    t->date = date;
    t->available_on = date;
    t->pending = -moved;
    t->available = moved;
}
