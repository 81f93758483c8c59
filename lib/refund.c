/* SPDX-License-Identifier: Apache-2.0 */
/* Refunds (R-REF-1 … R-REF-3, R-DSP-3). */
#include "ach/refund.h"
#include "ach/date.h"
#include "rules_internal.h"

const char *ach_refund_status_name(ach_refund_status status)
{
    switch (status) {
    case ACH_REFUND_PENDING: return "pending";
    case ACH_REFUND_FAILED: return "failed";
    default: return "unknown";
    }
}

bool ach_refund_double_credit_risk(int64_t *at_risk, const ach_charge *c, int64_t amount)
{
    bool risk = c->status == ACH_CHARGE_DISPUTED;
    if (at_risk) *at_risk = risk ? amount : 0;
    return risk;
}

ach_status ach_refund_check(const ach_charge *c, int64_t amount, ach_instant at, ach_error *err)
{
    ach_status st = ach__amount_check(amount, "amount", err);
    if (st != ACH_OK) return st;
    if (c->status != ACH_CHARGE_SUCCEEDED && c->status != ACH_CHARGE_DISPUTED)
        return ach__fail(err, ACH_EREFUND_STATE, "charge", 0, 0,
                         "the charge is %s: only a succeeded charge can be refunded (R-REF-1)",
                         ach_charge_status_name((ach_charge_status)c->status));
    ach_date deadline = ach__instant_date(c->created) + ACH_REFUND_WINDOW_DAYS;
    if (ach__instant_date(at) > deadline) {
        char d[ACH_DATE_FORMAT_SIZE];
        return ach__fail(err, ACH_EREFUND_WINDOW, "created", 0, 0,
                         "the charge could be refunded until %s, 90 days after it was created "
                         "(R-REF-1)",
                         ach_date_format(d, deadline));
    }
    int64_t left = c->amount - c->refunded;
    if (amount > left)
        return ach__fail(err, ACH_EREFUND_AMOUNT, "amount", 0, 0,
                         "a refund of %lld cents would exceed the charge: %lld of %lld cents are "
                         "left to refund (R-REF-1)",
                         (long long)amount, (long long)left, (long long)c->amount);
    return ACH_OK;
}

ach_status ach_refund_create(ach_effects *fx, ach_refund *out, ach_charge *c, const ach_env *env,
                             const char *id, const char *charge_id, int64_t amount, ach_instant at,
                             ach_error *err)
{
    ach_status st = ach__id_check(id, true, "id", err);
    if (st != ACH_OK) return st;
    st = ach__id_check(charge_id, false, "charge", err);
    if (st != ACH_OK) return st;
    st = ach_refund_check(c, amount, at, err);
    if (st != ACH_OK) return st;
    ach__when w;
    st = ach__when_make(&w, env, at, err);
    if (st != ACH_OK) return st;
    ach_refund r;
    memset(&r, 0, sizeof r);
    st = ach_calendar_add_business_days(&r.expected_from, env->calendar, w.business, 2, err);
    if (st == ACH_OK)
        st = ach_calendar_add_business_days(&r.expected_by, env->calendar, w.business, 5, err);
    if (st != ACH_OK) return st;

    ach__fx_reset(fx);
    ach_balance_side side = ach__charge_side(c);
    int64_t before = ach__charge_covered(c);
    /* R-REF-3: the amount leaves the available balance now; the fee stays taken. */
    ach__txn_push(fx, ACH_TXN_REFUND, side, -amount, 0, ACH_BALANCE_AVAILABLE, w.date, w.date);
    int64_t at_risk = 0;
    if (ach_refund_double_credit_risk(&at_risk, c, amount)) { /* R-DSP-3 */
        fx->flags |= ACH_FX_DOUBLE_CREDIT;
        fx->at_risk = at_risk;
    }
    c->refunded += amount;
    ach__connect_cover(fx, c, before, ach__charge_covered(c), w.date);

    ach__id_copy(r.id, id);
    ach__id_copy(r.charge, ach__str(charge_id));
    r.amount = amount;
    r.created = at;
    r.status = ACH_REFUND_PENDING;
    r.side = side;
    r.flags = fx->flags & ACH_FX_DOUBLE_CREDIT;
    *out = r;

    if (c->refunded == c->amount) {
        fx->flags |= ACH_FX_FULLY_REFUNDED;
        ach_event ev = ach__event(ACH_EVENT_CHARGE_REFUNDED, &w);
        ev.id = ev.charge = ach__str(charge_id);
        ev.amount = c->amount;
        ev.amount_refunded = c->refunded;
        ev.status = ach_charge_status_name((ach_charge_status)c->status);
        ev.flags = fx->flags;
        ev.refund_expected_from = r.expected_from; /* R-REF-2: 2-5 business days */
        ev.refund_expected_by = r.expected_by;
        ach__emit(env, &ev);
    }
    return ACH_OK;
}

ach_status ach_refund_fail(ach_effects *fx, ach_refund *r, const ach_env *env, ach_instant at,
                           ach_error *err)
{
    if (r->status != ACH_REFUND_PENDING)
        return ach__fail(err, ACH_ETRANSITION, "status", 0, 0,
                         "a refund cannot go from %s to failed (R-REF-2)",
                         ach_refund_status_name(r->status));
    ach__when w;
    ach_status st = ach__when_make(&w, env, at, err);
    if (st != ACH_OK) return st;

    ach__fx_reset(fx);
    /* R-REF-2: the amount comes back to the balance; the customer must be paid outside. */
    ach__txn_push(fx, ACH_TXN_REFUND_FAILURE, r->side, r->amount, 0, ACH_BALANCE_AVAILABLE, w.date,
                  w.date);
    r->status = ACH_REFUND_FAILED;
    r->settle_outside = true;

    ach_event ev = ach__event(ACH_EVENT_REFUND_FAILED, &w);
    ev.id = r->id;
    ev.charge = r->charge;
    ev.amount = r->amount;
    ev.status = ach_refund_status_name(ACH_REFUND_FAILED);
    ach__emit(env, &ev);
    return ACH_OK;
}
