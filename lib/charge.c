/* SPDX-License-Identifier: Apache-2.0 */
/* Charges: creation checks, timeline, outcomes, failure codes (R-CHG-1 … R-CHG-8, R-BAL-1). */
#include "ach/charge.h"
#include "ach/account.h"
#include "ach/mandate.h"
#include "ach/dispute.h"
#include "ach/date.h"
#include "rules_internal.h"

/* The charge is read by the reconciliation engine for every open charge: keep it compact. */
_Static_assert(sizeof(ach_charge) <= 48, "ach_charge must stay within 48 bytes");

const char *ach_charge_status_name(ach_charge_status status)
{
    switch (status) {
    case ACH_CHARGE_PENDING: return "pending";
    case ACH_CHARGE_SUCCEEDED: return "succeeded";
    case ACH_CHARGE_FAILED: return "failed";
    case ACH_CHARGE_DISPUTED: return "disputed";
    default: return "unknown";
    }
}

/* R-CHG-8: the transition table. */
static const bool charge_moves[ACH_CHARGE_DISPUTED + 1][ACH_CHARGE_DISPUTED + 1] = {
    [ACH_CHARGE_PENDING] = {[ACH_CHARGE_SUCCEEDED] = true, [ACH_CHARGE_FAILED] = true},
    [ACH_CHARGE_SUCCEEDED] = {[ACH_CHARGE_DISPUTED] = true},
};

ach_status ach_charge_transition_check(ach_charge_status from, ach_charge_status to, ach_error *err)
{
    bool known = from >= ACH_CHARGE_PENDING && from <= ACH_CHARGE_DISPUTED &&
                 to >= ACH_CHARGE_PENDING && to <= ACH_CHARGE_DISPUTED;
    if (known && charge_moves[from][to]) return ACH_OK;
    return ach__fail(err, ACH_ETRANSITION, "status", 0, 0,
                     "a charge cannot go from %s to %s (R-CHG-8)", ach_charge_status_name(from),
                     ach_charge_status_name(to));
}

/* ---- R-CHG-6: return reasons -> failure codes and messages --------------------------------- */

static const struct {
    const char *name;
    const char *message;
} failures[] = {
    [ACH_FAILURE_NONE] = {"", ""},
    [ACH_FAILURE_INSUFFICIENT_FUNDS] =
        {"insufficient_funds", "The customer's account has insufficient funds to cover this "
                               "payment."},
    [ACH_FAILURE_ACCOUNT_CLOSED] = {"account_closed", "The customer's bank account has been "
                                                      "closed."},
    [ACH_FAILURE_NO_ACCOUNT] = {"no_account", "The customer's bank account could not be "
                                              "located."},
    [ACH_FAILURE_INVALID_ACCOUNT_NUMBER] = {"invalid_account_number",
                                            "The customer's bank account number is invalid."},
    [ACH_FAILURE_DEBIT_NOT_AUTHORIZED] =
        {"debit_not_authorized", "The customer has notified their bank that this payment was "
                                 "not authorized."},
    [ACH_FAILURE_BANK_OWNERSHIP_CHANGED] = {"bank_ownership_changed",
                                            "The customer's bank account has moved to another "
                                            "financial institution."},
    [ACH_FAILURE_ACCOUNT_FROZEN] = {"account_frozen", "The customer's bank account is frozen."},
    [ACH_FAILURE_BANK_ACCOUNT_RESTRICTED] =
        {"bank_account_restricted", "The customer's bank account has restrictions that prevent "
                                    "this payment."},
    [ACH_FAILURE_COULD_NOT_PROCESS] = {"could_not_process", "The customer's bank could not "
                                                            "process this payment."},
    [ACH_FAILURE_INVALID_CURRENCY] = {"invalid_currency",
                                      "The customer's bank account cannot accept a payment in this "
                                      "currency."},
};

/* R-CHG-6: NACHA return reason number -> failure code. A reason the rule does not name is
 * could_not_process (0 here). */
static const uint8_t failure_by_return[ACH_RETURN_CODE_MAX + 1] = {
    [1] = ACH_FAILURE_INSUFFICIENT_FUNDS,      [9] = ACH_FAILURE_INSUFFICIENT_FUNDS,
    [2] = ACH_FAILURE_ACCOUNT_CLOSED,          [3] = ACH_FAILURE_NO_ACCOUNT,
    [4] = ACH_FAILURE_INVALID_ACCOUNT_NUMBER,  [5] = ACH_FAILURE_DEBIT_NOT_AUTHORIZED,
    [7] = ACH_FAILURE_DEBIT_NOT_AUTHORIZED,    [8] = ACH_FAILURE_DEBIT_NOT_AUTHORIZED,
    [10] = ACH_FAILURE_DEBIT_NOT_AUTHORIZED,   [11] = ACH_FAILURE_DEBIT_NOT_AUTHORIZED,
    [29] = ACH_FAILURE_DEBIT_NOT_AUTHORIZED,   [51] = ACH_FAILURE_DEBIT_NOT_AUTHORIZED,
    [12] = ACH_FAILURE_BANK_OWNERSHIP_CHANGED, [16] = ACH_FAILURE_ACCOUNT_FROZEN,
    [20] = ACH_FAILURE_BANK_ACCOUNT_RESTRICTED,
};

ach_failure_code ach_charge_failure_for_return(int code)
{
    if (code < 1 || code > ACH_RETURN_CODE_MAX || !failure_by_return[code])
        return ACH_FAILURE_COULD_NOT_PROCESS;
    return (ach_failure_code)failure_by_return[code];
}

const char *ach_charge_failure_name(ach_failure_code code)
{
    if ((int)code < 0 || (size_t)code >= ACH__ARRAY_LEN(failures)) return "unknown";
    return failures[code].name;
}

const char *ach_charge_failure_message(ach_failure_code code)
{
    if ((int)code < 0 || (size_t)code >= ACH__ARRAY_LEN(failures)) return "";
    return failures[code].message;
}

ach_failure_code ach_charge_failure_code(const ach_charge *c)
{
    if (c->status != ACH_CHARGE_FAILED) return ACH_FAILURE_NONE;
    return ach_charge_failure_for_return(c->return_code);
}

ach_status ach_charge_outcome_parse(int *out, const char *text, size_t len, ach_error *err)
{
    if (len == 9 && memcmp(text, "succeeded", 9) == 0) {
        *out = 0;
        return ACH_OK;
    }
    if (len == 3 && text[0] == 'R' && text[1] >= '0' && text[1] <= '9' && text[2] >= '0' &&
        text[2] <= '9') {
        int n = (text[1] - '0') * 10 + (text[2] - '0');
        if (n >= 1 && n <= ACH_RETURN_CODE_MAX) {
            *out = n;
            return ACH_OK;
        }
        return ach__fail(err, ACH_EPARSE, "code", 0, 0,
                         "'%.3s' is not a NACHA return reason (R01 to R85)", text);
    }
    char shown[40];
    return ach__fail(err, ACH_EPARSE, "code", 0, 0,
                     "outcome '%s' is neither 'succeeded' nor a NACHA return reason such as "
                     "R01",
                     ach__echo(shown, sizeof shown, text, len, 32));
}

/* ---- timeline ---------------------------------------------------------------------------- */

ach_status ach_charge_timeline_compute(ach_timeline *out, const ach_calendar *cal,
                                       ach_instant created, ach_holder_type holder, ach_error *err)
{
    if (!cal) return ach__fail(err, ACH_EINVAL, "calendar", 0, 0, "no calendar given");
    if (holder != ACH_HOLDER_INDIVIDUAL && holder != ACH_HOLDER_COMPANY)
        return ach__fail(err, ACH_EHOLDER_TYPE, "holder_type", 0, 0,
                         "holder type %d is neither individual nor company", (int)holder);
    ach_timeline t;
    t.created = ach__instant_date(created);
    ach_status st = ach_calendar_processing_date(&t.processing, cal, created, err);
    if (st == ACH_OK) st = ach_calendar_add_business_days(&t.resolve_by, cal, t.processing, 4, err);
    if (st == ACH_OK)
        st = ach_calendar_add_business_days(&t.available_on, cal, t.processing, 7, err);
    if (st != ACH_OK) return st;
    t.refund_deadline = t.created + 90; /* R-REF-1: calendar days */
    if (holder == ACH_HOLDER_INDIVIDUAL) {
        t.dispute_deadline = t.processing + 60; /* R-DSP-1: calendar days */
    } else {
        st = ach_calendar_add_business_days(&t.dispute_deadline, cal, t.processing, 2, err);
        if (st != ACH_OK) return st;
    }
    *out = t;
    return ACH_OK;
}

ach_status ach_charge_timeline(ach_timeline *out, const ach_charge *c, const ach_calendar *cal,
                               ach_error *err)
{
    return ach_charge_timeline_compute(out, cal, c->created, (ach_holder_type)c->holder_type, err);
}

/* ---- creation ---------------------------------------------------------------------------- */

static ach_status check_creation(const ach_bank_account *a, const ach_mandate *m,
                                 const ach_charge_params *p, ach_error *err)
{
    if (a->status != ACH_ACCOUNT_VERIFIED) /* R-CHG-1 */
        return ach__fail(err, ACH_EUNVERIFIED, "account", 0, 0, ACH_CHARGE_UNVERIFIED_MESSAGE);
    ach_status st = ach__amount_check(p->amount, "amount", err); /* R-CHG-2 */
    if (st != ACH_OK) return st;
    char shown[24];
    if (!ach__is_usd(p->currency, p->currency_len))
        return ach__fail(err, ACH_ECURRENCY, "currency", 0, 0,
                         "currency '%s' is not accepted: ACH debits are in USD only (R-CHG-2)",
                         ach__echo(shown, sizeof shown, p->currency, p->currency_len, 8));
    st = ach_mandate_check(m, a->id, p->created, err); /* R-MAN-1 */
    if (st != ACH_OK) return st;
    if (a->test_answer == ACH_TEST_ANSWER_REFUSES_CURRENCY) { /* R-ACC-6 */
        char last4[ACH_LAST4_SIZE];
        return ach__fail(err, ACH_ECURRENCY, "account", 0, 0,
                         "test bank account ending %s refuses USD debits: %s (R-ACC-6)",
                         ach_account_last4(last4, a),
                         ach_charge_failure_name(ACH_FAILURE_INVALID_CURRENCY));
    }
    if ((unsigned)p->connect > ACH_CONNECT_DESTINATION)
        return ach__fail(err, ACH_EINVAL, "connect", 0, 0, "unknown Connect kind %d",
                         (int)p->connect);
    if (p->application_fee < 0 || p->application_fee > p->amount ||
        (p->connect == ACH_CONNECT_NONE && p->application_fee != 0))
        return ach__fail(err, ACH_EINVAL, "application_fee", 0, 0,
                         p->connect == ACH_CONNECT_NONE
                             ? "an application fee of %lld cents needs a Connect charge (R-CON-1)"
                             : "application fee of %lld cents is outside 0..amount (R-CON-1)",
                         (long long)p->application_fee);
    return ACH_OK;
}

ach_status ach_charge_create(ach_effects *fx, ach_charge *out, const ach_env *env, const char *id,
                             const ach_bank_account *a, const ach_mandate *m,
                             const ach_charge_params *p, ach_error *err)
{
    ach_status st = check_creation(a, m, p, err);
    if (st != ACH_OK) return st;
    /* The processing date is the business date of the creation instant (R-CAL-4); of the rest
     * of the timeline only the available-on date is needed now (R-CHG-5). */
    ach__when w;
    st = ach__when_make(&w, env, p->created, err);
    if (st != ACH_OK) return st;
    ach_date available_on;
    st = ach_calendar_add_business_days(&available_on, env->calendar, w.business, 7, err);
    if (st != ACH_OK) return st;
    int64_t fee;
    st = ach_fee_compute(&fee, ach__fees(env), p->amount, err);
    if (st != ACH_OK) return st;

    ach_charge c;
    memset(&c, 0, sizeof c);
    c.amount = p->amount;
    c.fee = fee;
    c.application_fee = p->application_fee;
    c.created = p->created;
    c.processing = w.business;
    c.status = ACH_CHARGE_PENDING;
    c.holder_type = (uint8_t)a->holder_type;
    c.connect = (uint8_t)p->connect;

    ach__fx_reset(fx);
    /* R-CHG-3: a pending entry of amount minus fee, at once. */
    ach__txn_push(fx, ACH_TXN_CHARGE, ach__charge_side(&c), c.amount, c.fee, ACH_BALANCE_PENDING,
                  w.date, available_on);
    ach__connect_create(fx, &c, w.date, available_on);
    *out = c;

    ach_event ev = ach__event(ACH_EVENT_CHARGE_PENDING, &w);
    ev.id = ev.charge = ach__str(id);
    ev.amount = c.amount;
    ev.status = ach_charge_status_name(ACH_CHARGE_PENDING);
    ach__emit(env, &ev);
    return ACH_OK;
}

ach_status ach_charge_test_outcome(int *out, const ach_bank_account *a, ach_error *err)
{
    char last4[ACH_LAST4_SIZE];
    switch (a->test_answer) {
    case ACH_TEST_ANSWER_SUCCEEDS: *out = 0; return ACH_OK;
    case ACH_TEST_ANSWER_FAILS: *out = a->test_return_code; return ACH_OK;
    case ACH_TEST_ANSWER_REFUSES_CURRENCY:
        return ach__fail(err, ACH_ECURRENCY, "account", 0, 0,
                         "test bank account ending %s refuses USD debits: %s (R-ACC-6)",
                         ach_account_last4(last4, a),
                         ach_charge_failure_name(ACH_FAILURE_INVALID_CURRENCY));
    default:
        return ach__fail(err, ACH_ENOTFOUND, "account", 0, 0,
                         "bank account ending %s is not a test number (R-ACC-6)",
                         ach_account_last4(last4, a));
    }
}

/* ---- outcomes ---------------------------------------------------------------------------- */

ach_status ach_charge_succeed(ach_effects *fx, ach_charge *c, const ach_env *env, const char *id,
                              ach_instant at, ach_error *err)
{
    ach_status st = ach_charge_transition_check(c->status, ACH_CHARGE_SUCCEEDED, err);
    if (st != ACH_OK) return st;
    ach__when w;
    st = ach__when_make(&w, env, at, err);
    if (st != ACH_OK) return st;
    ach_date available_on;
    st = ach_calendar_add_business_days(&available_on, env->calendar, c->processing, 7, err);
    if (st != ACH_OK) return st;
    /* R-BAL-1: funds move to available on the available-on date, provided the charge has
     * succeeded by then; a later success makes them available on its own date. */
    if (w.date > available_on) available_on = w.date;

    ach__fx_reset(fx);
    ach__charge_release(fx, c, available_on);
    c->status = ACH_CHARGE_SUCCEEDED;

    ach_event ev = ach__event(ACH_EVENT_CHARGE_SUCCEEDED, &w);
    ev.id = ev.charge = ach__str(id);
    ev.amount = c->amount;
    ev.status = ach_charge_status_name(ACH_CHARGE_SUCCEEDED);
    ach__emit(env, &ev);
    return ACH_OK;
}

ach_status ach_charge_fail(ach_effects *fx, ach_charge *c, const ach_env *env, const char *id,
                           int code, ach_instant at, ach_error *err)
{
    if (code < 1 || code > ACH_RETURN_CODE_MAX)
        return ach__fail(err, ACH_EINVAL, "code", 0, 0,
                         "return reason number %d is outside R01..R85", code);
    /* A return before success fails the charge; after success it becomes a dispute (R-CHG-7).
     * A return on a charge that is already final names the state it would repeat. */
    bool late = c->status == ACH_CHARGE_SUCCEEDED || c->status == ACH_CHARGE_DISPUTED;
    ach_charge_status to = late ? ACH_CHARGE_DISPUTED : ACH_CHARGE_FAILED;
    ach_status st = ach_charge_transition_check(c->status, to, err);
    if (st != ACH_OK) return st;
    ach__when w;
    const ach_fee_schedule *fees;
    st = ach__when_fees(&w, &fees, env, at, err);
    if (st != ACH_OK) return st;

    char rcode[4] = {'R', (char)('0' + code / 10), (char)('0' + code % 10), '\0'};
    ach__fx_reset(fx);
    if (late) {
        ach_dispute_reason reason = ach_dispute_reason_for_return(code);
        int64_t at_risk =
            ach__dispute_apply(fx, c, &w, fees->failure_fee, ACH_TXN_FAILURE_FEE, 0, (int)reason);
        c->return_code = (uint8_t)code;
        ach_event ev = ach__event(ACH_EVENT_CHARGE_DISPUTE_CREATED, &w);
        ev.charge = ach__str(id);
        ev.amount = c->amount;
        ev.status = ach_dispute_status_name(ACH_DISPUTE_LOST);
        ev.reason = ach_dispute_reason_name(reason);
        memcpy(ev.return_code, rcode, sizeof rcode);
        ev.flags = fx->flags;
        (void)at_risk;
        ach__emit(env, &ev);
        return ACH_OK;
    }

    /* R-CHG-6: the pending entries are reversed, the failure fee is charged. */
    ach__charge_reverse_pending(fx, c, w.date);
    if (fees->failure_fee > 0)
        ach__txn_push(fx, ACH_TXN_FAILURE_FEE, ach__charge_side(c), -fees->failure_fee, 0,
                      ACH_BALANCE_AVAILABLE, w.date, w.date);
    c->status = ACH_CHARGE_FAILED;
    c->return_code = (uint8_t)code;

    ach_failure_code fc = ach_charge_failure_for_return(code);
    ach_event ev = ach__event(ACH_EVENT_CHARGE_FAILED, &w);
    ev.id = ev.charge = ach__str(id);
    ev.amount = c->amount;
    ev.status = ach_charge_status_name(ACH_CHARGE_FAILED);
    ev.failure_code = ach_charge_failure_name(fc);
    ev.failure_message = ach_charge_failure_message(fc);
    memcpy(ev.return_code, rcode, sizeof rcode);
    ach__emit(env, &ev);
    return ACH_OK;
}

ach_status ach_charge_apply_outcome(ach_effects *fx, ach_charge *c, const ach_env *env,
                                    const char *id, const char *code, size_t code_len,
                                    ach_instant at, ach_error *err)
{
    int outcome = 0;
    ach_status st = ach_charge_outcome_parse(&outcome, code, code_len, err);
    if (st != ACH_OK) return st;
    if (outcome == 0) return ach_charge_succeed(fx, c, env, id, at, err);
    return ach_charge_fail(fx, c, env, id, outcome, at, err);
}
