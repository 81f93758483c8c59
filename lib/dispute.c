/* SPDX-License-Identifier: Apache-2.0 */
/* Disputes, their window, double credit (R-DSP-1 … R-DSP-3, R-CHG-7). */
#include "ach/dispute.h"
#include <stdio.h>
#include "ach/date.h"
#include "rules_internal.h"

static const char *const reason_names[ACH_DISPUTE_REASON_COUNT + 1] = {
    [ACH_DISPUTE_BANK_CANNOT_PROCESS] = "bank_cannot_process",
    [ACH_DISPUTE_CHECK_RETURNED] = "check_returned",
    [ACH_DISPUTE_CREDIT_NOT_PROCESSED] = "credit_not_processed",
    [ACH_DISPUTE_CUSTOMER_INITIATED] = "customer_initiated",
    [ACH_DISPUTE_DEBIT_NOT_AUTHORIZED] = "debit_not_authorized",
    [ACH_DISPUTE_DUPLICATE] = "duplicate",
    [ACH_DISPUTE_FRAUDULENT] = "fraudulent",
    [ACH_DISPUTE_GENERAL] = "general",
    [ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS] = "incorrect_account_details",
    [ACH_DISPUTE_INSUFFICIENT_FUNDS] = "insufficient_funds",
    [ACH_DISPUTE_NONCOMPLIANT] = "noncompliant",
    [ACH_DISPUTE_PRODUCT_NOT_RECEIVED] = "product_not_received",
    [ACH_DISPUTE_PRODUCT_UNACCEPTABLE] = "product_unacceptable",
    [ACH_DISPUTE_SUBSCRIPTION_CANCELED] = "subscription_canceled",
    [ACH_DISPUTE_UNRECOGNIZED] = "unrecognized",
};

const char *ach_dispute_reason_name(ach_dispute_reason reason)
{
    if ((int)reason < 1 || (int)reason > ACH_DISPUTE_REASON_COUNT) return "unknown";
    return reason_names[reason];
}

ach_status ach_dispute_reason_parse(ach_dispute_reason *out, const char *text, size_t len,
                                    ach_error *err)
{
    for (int r = 1; r <= ACH_DISPUTE_REASON_COUNT; r++) {
        if (strlen(reason_names[r]) == len && memcmp(reason_names[r], text, len) == 0) {
            *out = (ach_dispute_reason)r;
            return ACH_OK;
        }
    }
    char shown[48];
    return ach__fail(err, ACH_EINVAL, "reason", 0, 0, "'%s' is not a dispute reason",
                     ach__echo(shown, sizeof shown, text, len, 40));
}

const char *ach_dispute_status_name(ach_dispute_status status)
{
    return status == ACH_DISPUTE_LOST ? "lost" : "unknown";
}

/* R-CHG-7: the reason of the dispute a late failure creates; bank_cannot_process otherwise. */
static const uint8_t reason_by_return[ACH_RETURN_CODE_MAX + 1] = {
    [1] = ACH_DISPUTE_INSUFFICIENT_FUNDS,        [9] = ACH_DISPUTE_INSUFFICIENT_FUNDS,
    [2] = ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS, [3] = ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS,
    [4] = ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS,
};

ach_dispute_reason ach_dispute_reason_for_return(int code)
{
    if (code < 1 || code > ACH_RETURN_CODE_MAX || !reason_by_return[code])
        return ACH_DISPUTE_BANK_CANNOT_PROCESS;
    return (ach_dispute_reason)reason_by_return[code];
}

size_t ach_double_credit_describe(char *buf, size_t cap, const char *charge_id,
                                  const char *refund_id, const char *dispute_id, int64_t at_risk)
{
    char refund[ACH_ID_SIZE + 8] = "its refunds";
    char dispute[ACH_ID_SIZE + 40] = "the dispute of a late failure";
    if (refund_id && refund_id[0])
        snprintf(refund, sizeof refund, "refund %.*s", ACH_ID_MAX, refund_id);
    if (dispute_id && dispute_id[0])
        snprintf(dispute, sizeof dispute, "dispute %.*s", ACH_ID_MAX, dispute_id);
    int n = snprintf(buf, cap,
                     "charge %.*s: %s and %s may both credit the customer: %lld cents at risk "
                     "(R-DSP-3)",
                     ACH_ID_MAX, ach__str(charge_id), refund, dispute, (long long)at_risk);
    return n < 0 ? 0 : (size_t)n;
}

bool ach_dispute_double_credit_risk(int64_t *at_risk, const ach_charge *c)
{
    int64_t risk = c->refunded;
    if (at_risk) *at_risk = risk;
    return risk > 0;
}

/* R-DSP-1: an individual may dispute for 60 calendar days from the debit date, a company for 2
 * business days. The describer below says the same, for messages. */
#define INDIVIDUAL_WINDOW_DAYS 60
#define COMPANY_WINDOW_BUSINESS_DAYS 2
#define STR_(x) #x
#define STR(x) STR_(x)

const char *ach__dispute_window_span(ach_holder_type holder_type)
{
    return holder_type == ACH_HOLDER_COMPANY ? STR(COMPANY_WINDOW_BUSINESS_DAYS) " business days"
                                             : STR(INDIVIDUAL_WINDOW_DAYS) " calendar days";
}

ach_status ach_dispute_window(ach_date *window_end, bool *inside, const ach_charge *c,
                              const ach_calendar *cal, ach_instant at, ach_error *err)
{
    if (!cal) return ach__fail(err, ACH_EINVAL, "calendar", 0, 0, "no calendar given");
    ach_date end;
    if (c->holder_type == ACH_HOLDER_INDIVIDUAL) {
        end = c->processing + INDIVIDUAL_WINDOW_DAYS;
    } else if (c->holder_type == ACH_HOLDER_COMPANY) {
        ach_status st = ach_calendar_add_business_days(&end, cal, c->processing,
                                                       COMPANY_WINDOW_BUSINESS_DAYS, err);
        if (st != ACH_OK) return st;
    } else {
        return ach__fail(err, ACH_EINVAL, "holder_type", 0, 0,
                         "charge holder type %d is neither individual nor company",
                         (int)c->holder_type);
    }
    *window_end = end;
    if (inside) *inside = ach__instant_date(at) <= end;
    return ACH_OK;
}

int64_t ach__dispute_apply(ach_effects *fx, ach_charge *c, const ach__when *w, int64_t fee,
                           ach_txn_type fee_type, uint32_t flags, int reason)
{
    ach_balance_side side = ach__charge_side(c);
    int64_t before = ach__charge_covered(c);
    int64_t at_risk = 0;
    /* R-DSP-3: the customer already got `refunded` back; the dispute credits them again. */
    if (ach_dispute_double_credit_risk(&at_risk, c)) flags |= ACH_FX_DOUBLE_CREDIT;
    /* R-DSP-2 / R-CHG-7: the amount is withdrawn at once, the fee charged. */
    ach__txn_push(fx, ACH_TXN_DISPUTE, side, -c->amount, 0, ACH_BALANCE_AVAILABLE, w->date,
                  w->date);
    if (fee > 0)
        ach__txn_push(fx, fee_type, side, -fee, 0, ACH_BALANCE_AVAILABLE, w->date, w->date);
    c->status = ACH_CHARGE_DISPUTED;
    ach__connect_cover(fx, c, before, c->amount, w->date);
    fx->flags |= flags | ACH_FX_DISPUTE_CREATED;
    fx->dispute_reason = reason;
    fx->at_risk = at_risk;
    return at_risk;
}

ach_status ach_dispute_create(ach_effects *fx, ach_dispute *out, ach_charge *c, const ach_env *env,
                              const char *id, const char *charge_id, ach_dispute_reason reason,
                              ach_instant at, ach_error *err)
{
    ach_status st = ach__id_check(id, true, "id", err);
    if (st != ACH_OK) return st;
    if ((int)reason < 1 || (int)reason > ACH_DISPUTE_REASON_COUNT)
        return ach__fail(err, ACH_EINVAL, "reason", 0, 0, "dispute reason %d is unknown",
                         (int)reason);
    st = ach__id_check(charge_id, false, "charge", err);
    if (st != ACH_OK) return st;
    st = ach_charge_transition_check(c->status, ACH_CHARGE_DISPUTED, err);
    if (st != ACH_OK) return st;
    ach__when w;
    const ach_fee_schedule *fees;
    st = ach__when_fees(&w, &fees, env, at, err);
    if (st != ACH_OK) return st;
    ach_date window_end = 0;
    bool inside = true;
    st = ach_dispute_window(&window_end, &inside, c, env->calendar, at, err);
    if (st != ACH_OK) return st;

    ach__fx_reset(fx);
    /* R-DSP-1: outside the window it is accepted all the same, and flagged. */
    int64_t at_risk = ach__dispute_apply(fx, c, &w, fees->dispute_fee, ACH_TXN_DISPUTE_FEE,
                                         inside ? 0 : ACH_FX_OUT_OF_WINDOW, (int)reason);
    ach_dispute d;
    memset(&d, 0, sizeof d);
    ach__id_copy(d.id, id);
    ach__id_copy(d.charge, ach__str(charge_id));
    d.amount = c->amount;
    d.fee = fees->dispute_fee;
    d.at_risk = at_risk;
    d.created = at;
    d.window_end = window_end;
    d.reason = reason;
    d.status = ACH_DISPUTE_LOST;
    d.flags = fx->flags & (ACH_FX_OUT_OF_WINDOW | ACH_FX_DOUBLE_CREDIT);
    *out = d;

    ach_event ev = ach__event(ACH_EVENT_CHARGE_DISPUTE_CREATED, &w);
    ev.id = id;
    ev.charge = ach__str(charge_id);
    ev.amount = d.amount;
    ev.status = ach_dispute_status_name(ACH_DISPUTE_LOST);
    ev.reason = ach_dispute_reason_name(reason);
    ev.flags = fx->flags;
    ach__emit(env, &ev);
    return ACH_OK;
}
