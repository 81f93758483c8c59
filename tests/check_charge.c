/* SPDX-License-Identifier: Apache-2.0 */
/* Charges: creation checks, timeline, transition table, outcomes, R-code table, test numbers
 * (R-CHG-1 … R-CHG-8, R-CAL-4, R-ACC-6, R-MAN-1). Expected dates were worked out from the
 * Federal Reserve holiday list (Thanksgiving 2026-11-26, Christmas 2026-12-25, New Year's Day
 * 2027-01-01; 2026-07-04 is a Saturday, so Friday 07-03 is open, R-CAL-2). */
#include <pthread.h>
#include "testing.h"
#include "rules_fixture.h"

/* ---- timeline (R-CAL-4, R-CHG-4, R-CHG-5, R-REF-1, R-DSP-1) ------------------------------- */

struct timeline_case {
    int y, mo, d, h, mi, s;
    ach_holder_type holder;
    ach_civil processing, resolve_by, available_on, refund_deadline, dispute_deadline;
};

static const struct timeline_case timelines[] = {
    /* one second before the cutoff: same day */
    {2026, 11, 25, 21, 59, 59, ACH_HOLDER_INDIVIDUAL,
     {2026, 11, 25}, {2026, 12, 2}, {2026, 12, 7}, {2027, 2, 23}, {2027, 1, 24}},
    /* at the cutoff: next business day, and Thanksgiving 11-26 is closed */
    {2026, 11, 25, 22, 0, 0, ACH_HOLDER_INDIVIDUAL,
     {2026, 11, 27}, {2026, 12, 3}, {2026, 12, 8}, {2027, 2, 23}, {2027, 1, 26}},
    {2026, 11, 25, 21, 59, 59, ACH_HOLDER_COMPANY,
     {2026, 11, 25}, {2026, 12, 2}, {2026, 12, 7}, {2027, 2, 23}, {2026, 11, 30}},
    {2026, 11, 25, 22, 0, 0, ACH_HOLDER_COMPANY,
     {2026, 11, 27}, {2026, 12, 3}, {2026, 12, 8}, {2027, 2, 23}, {2026, 12, 1}},
    /* Friday 2026-07-03 is open (Independence Day falls on Saturday, R-CAL-2) */
    {2026, 7, 3, 12, 0, 0, ACH_HOLDER_INDIVIDUAL,
     {2026, 7, 3}, {2026, 7, 9}, {2026, 7, 14}, {2026, 10, 1}, {2026, 9, 1}},
    {2026, 7, 3, 12, 0, 0, ACH_HOLDER_COMPANY,
     {2026, 7, 3}, {2026, 7, 9}, {2026, 7, 14}, {2026, 10, 1}, {2026, 7, 7}},
    /* Christmas Eve is open (R-CAL-2b); Christmas and New Year's Day are not */
    {2026, 12, 24, 15, 0, 0, ACH_HOLDER_INDIVIDUAL,
     {2026, 12, 24}, {2026, 12, 31}, {2027, 1, 6}, {2027, 3, 24}, {2027, 2, 22}},
    {2026, 12, 24, 22, 0, 0, ACH_HOLDER_COMPANY,
     {2026, 12, 28}, {2027, 1, 4}, {2027, 1, 7}, {2027, 3, 24}, {2026, 12, 30}},
    {2026, 12, 31, 21, 0, 0, ACH_HOLDER_COMPANY,
     {2026, 12, 31}, {2027, 1, 7}, {2027, 1, 12}, {2027, 3, 31}, {2027, 1, 5}},
    {2026, 12, 31, 22, 0, 0, ACH_HOLDER_INDIVIDUAL,
     {2027, 1, 4}, {2027, 1, 8}, {2027, 1, 13}, {2027, 3, 31}, {2027, 3, 5}},
    /* a weekend: Saturday morning and Sunday night both process on Monday 11-30 */
    {2026, 11, 28, 10, 0, 0, ACH_HOLDER_COMPANY,
     {2026, 11, 30}, {2026, 12, 4}, {2026, 12, 9}, {2027, 2, 26}, {2026, 12, 2}},
    {2026, 11, 29, 23, 30, 0, ACH_HOLDER_INDIVIDUAL,
     {2026, 11, 30}, {2026, 12, 4}, {2026, 12, 9}, {2027, 2, 27}, {2027, 1, 29}},
};

static ach_date civil(ach_civil c)
{
    return D(c.year, c.month, c.day);
}

#define ck_date_eq(got, want)                                                                 \
    do {                                                                                      \
        char g_[ACH_DATE_FORMAT_SIZE], w_[ACH_DATE_FORMAT_SIZE];                              \
        ck_assert_msg((got) == (want), "%s: got %s, want %s", #got, fmt_date(g_, (got)),       \
                      fmt_date(w_, (want)));                                                  \
    } while (0)

START_TEST(r_cal_4_timeline_dates)
{
    env_reset();
    const struct timeline_case *c = &timelines[_i];
    ach_instant at = T(c->y, c->mo, c->d, c->h, c->mi, c->s);
    ach_timeline t;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_charge_timeline_compute(&t, cal, at, c->holder, &err) == ACH_OK, "%s",
                  err.message);
    ck_date_eq(t.created, D(c->y, c->mo, c->d));
    ck_date_eq(t.processing, civil(c->processing));
    ck_date_eq(t.resolve_by, civil(c->resolve_by));
    ck_date_eq(t.available_on, civil(c->available_on));
    ck_date_eq(t.refund_deadline, civil(c->refund_deadline));
    ck_date_eq(t.dispute_deadline, civil(c->dispute_deadline));

    /* the same through a created charge: stored processing date, the charge entry's
     * available-on, the event's business date, and ach_charge_timeline() */
    ach_charge ch = charge_make(10000, at, c->holder, ACH_CONNECT_NONE, 0);
    ck_date_eq(ch.processing, civil(c->processing));
    ach_timeline t2;
    ck_assert_int_eq(ach_charge_timeline(&t2, &ch, cal, NULL), ACH_OK);
    ck_assert_int_eq(memcmp(&t, &t2, sizeof t), 0);
    ach_event *ev = &events[evbuf.count - 1];
    ck_assert_int_eq(ev->type, ACH_EVENT_CHARGE_PENDING);
    ck_date_eq(ev->business_date, civil(c->processing));
}
END_TEST

START_TEST(timeline_errors)
{
    ach_timeline t;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_charge_timeline_compute(&t, NULL, 0, ACH_HOLDER_INDIVIDUAL, &err),
                     ACH_EINVAL);
    ck_assert_int_eq(ach_charge_timeline_compute(&t, cal, 0, 0, &err), ACH_EHOLDER_TYPE);
    ck_assert_int_eq(ach_charge_timeline_compute(&t, cal, T(2199, 12, 31, 12, 0, 0),
                                          ACH_HOLDER_INDIVIDUAL, &err),
                     ACH_ERANGE);
}
END_TEST

/* ---- creation checks (R-CHG-1, R-CHG-2, R-MAN-1, R-ACC-6) ---------------------------------- */

enum { ACCOUNT_VERIFIED, ACCOUNT_NEW, ACCOUNT_CURRENCY_TEST };

struct create_case {
    int account;
    bool mandate;
    int64_t amount;
    const char *currency;
    ach_connect_kind connect;
    int64_t application_fee;
    int year; /* creation year (2026, or outside the calendar) */
    ach_status status;
    const char *field;
    const char *message; /* exact, or NULL */
    const char *needle;  /* contained, or NULL */
};

static const struct create_case creates[] = {
    {ACCOUNT_NEW, true, 1000, "usd", 0, 0, 2026, ACH_EUNVERIFIED, "account",
     "The customer's bank account must be verified in order to create an ACH payment.", NULL},
    /* R-CHG-1 comes first: an unverified account with a bad amount still gets that message */
    {ACCOUNT_NEW, false, 0, "eur", 0, 0, 2026, ACH_EUNVERIFIED, "account",
     ACH_CHARGE_UNVERIFIED_MESSAGE, NULL},
    {ACCOUNT_VERIFIED, true, 0, "usd", 0, 0, 2026, ACH_EAMOUNT, "amount",
     "amount must be a positive number of cents, got 0", NULL},
    {ACCOUNT_VERIFIED, true, -500, "usd", 0, 0, 2026, ACH_EAMOUNT, "amount", NULL, "got -500"},
    {ACCOUNT_VERIFIED, true, ACH_AMOUNT_MAX + 1, "usd", 0, 0, 2026, ACH_EOVERFLOW, "amount",
     NULL, "above the largest ACH entry amount"},
    {ACCOUNT_VERIFIED, true, 1000, "eur", 0, 0, 2026, ACH_ECURRENCY, "currency",
     "currency 'eur' is not accepted: ACH debits are in USD only (R-CHG-2)", NULL},
    {ACCOUNT_VERIFIED, true, 1000, "usdx", 0, 0, 2026, ACH_ECURRENCY, "currency", NULL, "'usdx'"},
    {ACCOUNT_VERIFIED, false, 1000, "usd", 0, 0, 2026, ACH_ENOMANDATE, "mandate",
     "no mandate authorises debits from bank account ba_1 (R-MAN-1)", NULL},
    {ACCOUNT_CURRENCY_TEST, true, 1000, "usd", 0, 0, 2026, ACH_ECURRENCY, "account",
     "test bank account ending 4440 refuses USD debits: invalid_currency (R-ACC-6)", NULL},
    {ACCOUNT_VERIFIED, true, 1000, "usd", ACH_CONNECT_NONE, 100, 2026, ACH_EINVAL,
     "application_fee", "an application fee of 100 cents needs a Connect charge (R-CON-1)", NULL},
    {ACCOUNT_VERIFIED, true, 1000, "usd", ACH_CONNECT_DESTINATION, 1001, 2026, ACH_EINVAL,
     "application_fee", "application fee of 1001 cents is outside 0..amount (R-CON-1)", NULL},
    {ACCOUNT_VERIFIED, true, 1000, "usd", ACH_CONNECT_DIRECT, -1, 2026, ACH_EINVAL,
     "application_fee", NULL, "outside 0..amount"},
    {ACCOUNT_VERIFIED, true, 1000, "usd", (ach_connect_kind)3, 0, 2026, ACH_EINVAL, "connect",
     "unknown Connect kind 3", NULL},
    {ACCOUNT_VERIFIED, true, 1000, "usd", 0, 0, 2250, ACH_ERANGE, NULL, NULL, NULL},
};

START_TEST(r_chg_creation_refusals)
{
    env_reset();
    const struct create_case *c = &creates[_i];
    ach_bank_account a;
    if (c->account == ACCOUNT_NEW)
        a = account_new("ba_1", "110000000", "000123456789", ACH_HOLDER_INDIVIDUAL);
    else
        a = account_verified(c->account == ACCOUNT_CURRENCY_TEST ? "000444444440"
                                                                 : "000123456789",
                             ACH_HOLDER_INDIVIDUAL);
    ach_mandate m = mandate_for(a.id);
    size_t events_before = evbuf.count;
    ach_charge_params p = {c->amount, c->currency, strlen(c->currency),
                           T(c->year, 3, 2, 12, 0, 0), c->connect, c->application_fee};
    ach_charge ch;
    poison(&ch, sizeof ch);
    ach_effects fx;
    poison(&fx, sizeof fx);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_charge_create(&fx, &ch, &env, "ch_1", &a, c->mandate ? &m : NULL, &p,
                                       &err),
                     c->status);
    ck_assert_int_eq(err.code, c->status);
    if (c->field) ck_assert_str_eq(err.field, c->field);
    if (c->message) ck_assert_str_eq(err.message, c->message);
    if (c->needle) ck_assert_msg_has(err, c->needle);
    ck_assert_untouched(ch);
    ck_assert_untouched(fx);
    ck_assert_uint_eq(evbuf.count, events_before);            /* no event */
    ck_assert_ptr_null(strstr(err.message, "00044444"));      /* R-SEC-1 */
}
END_TEST

/* R-CHG-3: pending at once, a pending entry of amount minus fee, charge.pending. */
START_TEST(r_chg_3_creation_effects)
{
    env_reset();
    ach_bank_account a = account_verified("000123456789", ACH_HOLDER_COMPANY);
    ach_mandate m = mandate_for(a.id);
    ach_charge_params p = {62500, "USD", 3, T(2026, 7, 3, 12, 0, 0), ACH_CONNECT_NONE, 0};
    ach_charge c;
    ach_effects fx;
    size_t before = evbuf.count;
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_9", &a, &m, &p, NULL), ACH_OK);
    ck_assert_int_eq(c.status, ACH_CHARGE_PENDING);
    ck_assert_int_eq(c.amount, 62500);
    ck_assert_int_eq(c.fee, 500); /* the cap, exactly */
    ck_assert_int_eq(c.refunded, 0);
    ck_assert_int_eq(c.holder_type, ACH_HOLDER_COMPANY);
    ck_assert_int_eq(c.created, T(2026, 7, 3, 12, 0, 0));
    ck_assert_uint_eq(fx.txn_count, 1);
    ck_assert_uint_eq(fx.flags, 0);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_CHARGE);
    ck_assert_int_eq(fx.txns[0].side, ACH_SIDE_PLATFORM);
    ck_assert_int_eq(fx.txns[0].net, 62000);
    ck_assert_int_eq(fx.txns[0].pending, 62000);
    ck_assert_int_eq(fx.txns[0].available, 0);
    ck_assert_uint_eq(evbuf.count, before + 1);
    ach_event *ev = &events[before];
    ck_assert_int_eq(ev->type, ACH_EVENT_CHARGE_PENDING);
    ck_assert_str_eq(ev->id, "ch_9");
    ck_assert_str_eq(ev->charge, "ch_9");
    ck_assert_int_eq(ev->amount, 62500);
    ck_assert_str_eq(ev->status, "pending");
    ck_assert_str_eq(ev->failure_code, "");
    ck_assert_str_eq(ev->return_code, "");
    ck_assert_int_eq(sizeof(ach_charge), 48);
}
END_TEST

/* ---- transition table (R-CHG-8) -------------------------------------------------------------- */

START_TEST(r_chg_8_transition_table)
{
    static const bool allowed[5][5] = {
        [ACH_CHARGE_PENDING] = {[ACH_CHARGE_SUCCEEDED] = 1, [ACH_CHARGE_FAILED] = 1},
        [ACH_CHARGE_SUCCEEDED] = {[ACH_CHARGE_DISPUTED] = 1},
    };
    int from = _i / 4 + 1, to = _i % 4 + 1;
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_charge_transition_check(from, to, &err);
    if (allowed[from][to]) {
        ck_assert_int_eq(st, ACH_OK);
        return;
    }
    ck_assert_int_eq(st, ACH_ETRANSITION);
    char want[128];
    snprintf(want, sizeof want, "a charge cannot go from %s to %s (R-CHG-8)",
             ach_charge_status_name(from), ach_charge_status_name(to));
    ck_assert_str_eq(err.message, want);
}
END_TEST

/* Every illegal outcome through the functions: a second outcome, an outcome for a final charge.
 * The charge, fx and the events stay as they were. */
struct illegal_case {
    ach_charge_status from;
    int outcome; /* 0 succeeded, else a return reason */
    const char *message;
};

static const struct illegal_case illegal[] = {
    {ACH_CHARGE_SUCCEEDED, 0, "a charge cannot go from succeeded to succeeded (R-CHG-8)"},
    {ACH_CHARGE_FAILED, 0, "a charge cannot go from failed to succeeded (R-CHG-8)"},
    {ACH_CHARGE_FAILED, 1, "a charge cannot go from failed to failed (R-CHG-8)"},
    {ACH_CHARGE_DISPUTED, 0, "a charge cannot go from disputed to succeeded (R-CHG-8)"},
    {ACH_CHARGE_DISPUTED, 2, "a charge cannot go from disputed to disputed (R-CHG-8)"},
};

START_TEST(r_chg_8_illegal_outcomes)
{
    env_reset();
    const struct illegal_case *c = &illegal[_i];
    ach_charge ch = charge_make(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                ACH_CONNECT_NONE, 0);
    ach_effects fx;
    ach_instant at = T(2026, 3, 4, 12, 0, 0);
    if (c->from == ACH_CHARGE_FAILED)
        ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 3, at, NULL), ACH_OK);
    if (c->from == ACH_CHARGE_SUCCEEDED || c->from == ACH_CHARGE_DISPUTED)
        ck_assert_int_eq(ach_charge_succeed(&fx, &ch, &env, "ch_1", at, NULL), ACH_OK);
    if (c->from == ACH_CHARGE_DISPUTED)
        ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 1, at, NULL), ACH_OK);
    ck_assert_int_eq(ch.status, c->from);
    ach_charge saved = ch;
    size_t before = evbuf.count;
    poison(&fx, sizeof fx);
    ach_error err = ACH_ERROR_INIT;
    ach_status st = c->outcome ? ach_charge_fail(&fx, &ch, &env, "ch_1", c->outcome, at, &err)
                               : ach_charge_succeed(&fx, &ch, &env, "ch_1", at, &err);
    ck_assert_int_eq(st, ACH_ETRANSITION);
    ck_assert_str_eq(err.message, c->message);
    ck_assert_int_eq(memcmp(&saved, &ch, sizeof ch), 0);
    ck_assert_untouched(fx);
    ck_assert_uint_eq(evbuf.count, before);
}
END_TEST

/* ---- R-CHG-6: the R-code table ------------------------------------------------------------- */

struct rcode_case {
    int code;
    const char *failure;
};

static const struct rcode_case rcodes[] = {
    {1, "insufficient_funds"},     {9, "insufficient_funds"},
    {2, "account_closed"},         {3, "no_account"},
    {4, "invalid_account_number"}, {5, "debit_not_authorized"},
    {7, "debit_not_authorized"},   {8, "debit_not_authorized"},
    {10, "debit_not_authorized"},  {11, "debit_not_authorized"},
    {29, "debit_not_authorized"},  {51, "debit_not_authorized"},
    {12, "bank_ownership_changed"}, {16, "account_frozen"},
    {20, "bank_account_restricted"}, {6, "could_not_process"},
    {13, "could_not_process"},     {14, "could_not_process"},
    {17, "could_not_process"},     {24, "could_not_process"},
    {33, "could_not_process"},     {61, "could_not_process"},
    {85, "could_not_process"},
};

START_TEST(r_chg_6_failure_codes)
{
    const struct rcode_case *c = &rcodes[_i];
    ach_failure_code f = ach_charge_failure_for_return(c->code);
    ck_assert_str_eq(ach_charge_failure_name(f), c->failure);
    ck_assert_uint_gt(strlen(ach_charge_failure_message(f)), 10);

    /* through a pending charge: charge.failed with code, message and the R-code */
    env_reset();
    ach_charge ch = charge_make(2500, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                ACH_CONNECT_NONE, 0);
    ach_effects fx;
    ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", c->code, T(2026, 3, 5, 1, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(ch.status, ACH_CHARGE_FAILED);
    ck_assert_int_eq(ch.return_code, c->code);
    ck_assert_int_eq(ach_charge_failure_code(&ch), f);
    ach_event *ev = &events[evbuf.count - 1];
    ck_assert_int_eq(ev->type, ACH_EVENT_CHARGE_FAILED);
    ck_assert_str_eq(ev->id, "ch_1");
    ck_assert_str_eq(ev->status, "failed");
    ck_assert_str_eq(ev->failure_code, c->failure);
    ck_assert_str_eq(ev->failure_message, ach_charge_failure_message(f));
    char rc[16];
    snprintf(rc, sizeof rc, "R%02d", c->code);
    ck_assert_str_eq(ev->return_code, rc);
    ck_assert_int_eq(ev->business_date, D(2026, 3, 5));
}
END_TEST

START_TEST(r_chg_6_messages_are_fixed_and_distinct)
{
    ck_assert_str_eq(ach_charge_failure_message(ACH_FAILURE_INSUFFICIENT_FUNDS),
                     "The customer's account has insufficient funds to cover this payment.");
    ck_assert_str_eq(ach_charge_failure_name(ACH_FAILURE_INVALID_CURRENCY), "invalid_currency");
    ck_assert_str_eq(ach_charge_failure_name(ACH_FAILURE_NONE), "");
    ck_assert_str_eq(ach_charge_failure_message(ACH_FAILURE_NONE), "");
    ck_assert_str_eq(ach_charge_failure_name(99), "unknown");
    ck_assert_str_eq(ach_charge_failure_message(99), "");
    for (int a = ACH_FAILURE_INSUFFICIENT_FUNDS; a <= ACH_FAILURE_INVALID_CURRENCY; a++)
        for (int b = a + 1; b <= ACH_FAILURE_INVALID_CURRENCY; b++) {
            ck_assert_str_ne(ach_charge_failure_message(a), ach_charge_failure_message(b));
            ck_assert_str_ne(ach_charge_failure_name(a), ach_charge_failure_name(b));
        }
    /* outside 1..85: could_not_process */
    ck_assert_int_eq(ach_charge_failure_for_return(0), ACH_FAILURE_COULD_NOT_PROCESS);
    ck_assert_int_eq(ach_charge_failure_for_return(86), ACH_FAILURE_COULD_NOT_PROCESS);
}
END_TEST

START_TEST(r_chg_6_failure_before_success_effects)
{
    env_reset();
    ach_fee_schedule fees = {8000, 0, 500, 325, 1500}; /* any schedule: a $3.25 failure fee */
    env.fees = &fees;
    ach_charge ch = charge_make(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                ACH_CONNECT_NONE, 0);
    ach_effects fx;
    ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 2, T(2026, 3, 5, 12, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 2);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_CHARGE_REVERSAL);
    ck_assert_int_eq(fx.txns[0].pending, -9920);
    ck_assert_int_eq(fx.txns[1].type, ACH_TXN_FAILURE_FEE);
    ck_assert_int_eq(fx.txns[1].available, -325);
    ck_assert_int_eq(fx.txns[1].date, D(2026, 3, 5));
    ck_assert_uint_eq(fx.flags, 0);
}
END_TEST

/* ---- R-CHG-7: failure after success is a dispute ------------------------------------------- */

struct late_case {
    int code;
    const char *reason;
};

static const struct late_case lates[] = {
    {1, "insufficient_funds"},        {9, "insufficient_funds"},
    {2, "incorrect_account_details"}, {3, "incorrect_account_details"},
    {4, "incorrect_account_details"}, {5, "debit_not_authorized"},
    {10, "debit_not_authorized"},     {16, "bank_cannot_process"},
    {29, "debit_not_authorized"},     {85, "bank_cannot_process"},
    {7, "debit_not_authorized"},      {11, "debit_not_authorized"},
    {51, "debit_not_authorized"},     {8, "bank_cannot_process"},
};

START_TEST(r_chg_7_late_failure_creates_dispute)
{
    env_reset();
    const struct late_case *c = &lates[_i];
    ach_charge ch = charge_succeeded(20000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                     ACH_CONNECT_NONE, 0);
    ach_effects fx;
    ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", c->code, T(2026, 3, 20, 12, 0, 0),
                                     NULL),
                     ACH_OK);
    ck_assert_int_eq(ch.status, ACH_CHARGE_DISPUTED);
    ck_assert_int_eq(ch.return_code, c->code);
    ck_assert_int_eq(ach_charge_failure_code(&ch), ACH_FAILURE_NONE);
    ck_assert_uint_eq(fx.flags, ACH_FX_DISPUTE_CREATED);
    ck_assert_str_eq(ach_dispute_reason_name(fx.dispute_reason), c->reason);
    ck_assert_int_eq(ach_dispute_reason_for_return(c->code), fx.dispute_reason);
    ck_assert_uint_eq(fx.txn_count, 2);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_DISPUTE);
    ck_assert_int_eq(fx.txns[0].available, -20000); /* the amount withdrawn */
    /* the failure fee, not the $15 dispute fee; but an unauthorised return is the customer's
     * bank disputing the debit: the dispute fee (R-CHG-7 exception of 2026-12-04) */
    bool unauthorised = strcmp(c->reason, "debit_not_authorized") == 0;
    ck_assert_int_eq(fx.txns[1].type, unauthorised ? ACH_TXN_DISPUTE_FEE : ACH_TXN_FAILURE_FEE);
    ck_assert_int_eq(fx.txns[1].available, unauthorised ? -1500 : -400);
    ach_event *ev = &events[evbuf.count - 1];
    /* the dispute window's end (R-DSP-1: 03-02 + 60 days) for a dispute by the bank only */
    ck_assert_int_eq(ev->dispute_deadline, unauthorised ? D(2026, 5, 1) : ACH_DATE_NONE);
    ck_assert_int_eq(ev->type, ACH_EVENT_CHARGE_DISPUTE_CREATED);
    ck_assert_str_eq(ev->id, "");
    ck_assert_str_eq(ev->charge, "ch_1");
    ck_assert_str_eq(ev->reason, c->reason);
    ck_assert_str_eq(ev->status, "lost");
    ck_assert_int_eq(ev->amount, 20000);
    char rc[16];
    snprintf(rc, sizeof rc, "R%02d", c->code);
    ck_assert_str_eq(ev->return_code, rc);
}
END_TEST

/* ---- R-CHG-9: overdue, test numbers' scripts (issue 18) ------------------------------------- */

START_TEST(r_chg_9_overdue_and_scripts)
{
    env_reset();
    /* created 2026-03-02 (Monday) at 22:00 UTC: processed 03-03, resolve-by 03-09 */
    ach_charge ch = charge_make(1000, T(2026, 3, 2, 22, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                ACH_CONNECT_NONE, 0);
    ck_assert_int_eq(ch.processing, D(2026, 3, 3));
    ach_charge_overdue o;
    ck_assert_int_eq(ach_charge_overdue_check(&o, &ch, cal, D(2026, 3, 9), NULL), ACH_OK);
    ck_assert_int_eq(o.resolve_by, D(2026, 3, 9));
    ck_assert(!o.overdue);
    ck_assert_int_eq(o.days_overdue, 0);
    ck_assert_int_eq(ach_charge_overdue_check(&o, &ch, cal, D(2026, 3, 10), NULL), ACH_OK);
    ck_assert(o.overdue);
    ck_assert_int_eq(o.days_overdue, 1);
    ck_assert_int_eq(ach_charge_overdue_check(&o, &ch, cal, D(2026, 3, 19), NULL), ACH_OK);
    ck_assert_int_eq(o.days_overdue, 10);
    ck_assert_int_eq(ach_charge_overdue_check(NULL, &ch, cal, D(2026, 3, 19), NULL), ACH_EINVAL);
    ach_charge far = ch;
    far.processing = D(2199, 12, 31);
    ck_assert_int_eq(ach_charge_overdue_check(&o, &far, cal, D(2026, 3, 19), NULL), ACH_ERANGE);
    /* R-ACC-6: scripted 0 (succeeds) or a return reason; -1 live */
    ck_assert(!ach_charge_test_contradicts(-1, 1));
    ck_assert(!ach_charge_test_contradicts(0, 0));
    ck_assert(ach_charge_test_contradicts(0, 1));
    ck_assert(ach_charge_test_contradicts(1, 0)); /* NSF number, recorded succeeded */
    ck_assert(!ach_charge_test_contradicts(1, 9)); /* R09 is insufficient funds too */
    ck_assert(ach_charge_test_contradicts(3, 2));
    ck_assert(!ach_charge_test_contradicts(10, 10));
}
END_TEST

/* ---- success ---------------------------------------------------------------------------- */

START_TEST(r_chg_4_success_event_and_release)
{
    env_reset();
    ach_charge ch = charge_make(10000, T(2026, 12, 24, 15, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                ACH_CONNECT_NONE, 0);
    ach_effects fx;
    ck_assert_int_eq(ach_charge_succeed(&fx, &ch, &env, "ch_5", T(2026, 12, 29, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(ch.status, ACH_CHARGE_SUCCEEDED);
    ck_assert_uint_eq(fx.txn_count, 1);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_RELEASE);
    ck_assert_int_eq(fx.txns[0].date, D(2027, 1, 6)); /* R-CHG-5 across Christmas and New Year */
    ach_event *ev = &events[evbuf.count - 1];
    ck_assert_int_eq(ev->type, ACH_EVENT_CHARGE_SUCCEEDED);
    ck_assert_str_eq(ev->id, "ch_5");
    ck_assert_str_eq(ev->status, "succeeded");
    ck_assert_int_eq(ev->amount, 10000);
}
END_TEST

/* ---- outcome texts ------------------------------------------------------------------------- */

struct outcome_case {
    const char *text;
    ach_status status;
    int value;
};

static const struct outcome_case outcomes[] = {
    {"succeeded", ACH_OK, 0}, {"R01", ACH_OK, 1},       {"R29", ACH_OK, 29},
    {"R85", ACH_OK, 85},      {"R00", ACH_EPARSE, 0},   {"R86", ACH_EPARSE, 0},
    {"R99", ACH_EPARSE, 0},   {"r01", ACH_EPARSE, 0},   {"R1", ACH_EPARSE, 0},
    {"R001", ACH_EPARSE, 0},  {"", ACH_EPARSE, 0},      {"failed", ACH_EPARSE, 0},
    {"Succeeded", ACH_EPARSE, 0}, {"C01", ACH_EPARSE, 0},
};

START_TEST(outcome_parse)
{
    const struct outcome_case *c = &outcomes[_i];
    int v = -7;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_charge_outcome_parse(&v, c->text, strlen(c->text), &err), c->status);
    if (c->status == ACH_OK)
        ck_assert_int_eq(v, c->value);
    else {
        ck_assert_int_eq(v, -7);
        ck_assert_str_eq(err.field, "code");
    }
}
END_TEST

START_TEST(apply_outcome_texts)
{
    env_reset();
    ach_charge ch = charge_make(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                ACH_CONNECT_NONE, 0);
    ach_effects fx;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_charge_apply_outcome(&fx, &ch, &env, "ch_1", "R86", 3,
                                              T(2026, 3, 4, 0, 0, 0), &err),
                     ACH_EPARSE);
    ck_assert_msg_has(err, "'R86' is not a NACHA return reason (R01 to R85)");
    ck_assert_int_eq(ach_charge_apply_outcome(&fx, &ch, &env, "ch_1", "succeeded", 9,
                                              T(2026, 3, 4, 0, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(ach_charge_apply_outcome(&fx, &ch, &env, "ch_1", "R09", 3,
                                              T(2026, 3, 24, 0, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(ch.status, ACH_CHARGE_DISPUTED);
    ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 86, 0, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 0, 0, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "code");
}
END_TEST

/* ---- the test-number matrix (R-ACC-6): verify -> mandate -> charge -> outcome ------------- */

struct matrix_case {
    const char *number;
    ach_status create;        /* ach_charge_create */
    ach_charge_status status; /* after the bank's answer */
    const char *failure;      /* failure code, "" on success */
};

static const struct matrix_case matrix[] = {
    {"000123456789", ACH_OK, ACH_CHARGE_SUCCEEDED, ""},
    {"000111111116", ACH_OK, ACH_CHARGE_FAILED, "no_account"}, /* "fails when used": R03 */
    {"000111111113", ACH_OK, ACH_CHARGE_FAILED, "account_closed"},
    {"000222222227", ACH_OK, ACH_CHARGE_FAILED, "insufficient_funds"},
    {"000333333335", ACH_OK, ACH_CHARGE_FAILED, "debit_not_authorized"},
    {"000444444440", ACH_ECURRENCY, 0, "invalid_currency"},
};

START_TEST(r_acc_6_test_number_matrix)
{
    env_reset();
    const struct matrix_case *c = &matrix[_i];
    ach_bank_account a = account_new("ba_1", "110000000", c->number, ACH_HOLDER_INDIVIDUAL);
    ach_error err = ACH_ERROR_INIT;
    /* verify with the test amounts (R-ACC-4) */
    ck_assert_msg(ach_account_verify_microdeposits(&a, &env, 32, 45, T(2026, 11, 23, 9, 0, 0),
                                                   &err) == ACH_OK,
                  "%s", err.message);
    ach_mandate m = mandate_for(a.id);
    ach_charge_params p = {5000, "usd", 3, T(2026, 11, 25, 22, 0, 0), ACH_CONNECT_NONE, 0};
    ach_charge ch;
    ach_effects fx;
    ck_assert_int_eq(ach_charge_create(&fx, &ch, &env, "ch_1", &a, &m, &p, &err), c->create);
    int outcome = -1;
    if (c->create != ACH_OK) {
        ck_assert_msg_has(err, c->failure);
        ck_assert_int_eq(ach_charge_test_outcome(&outcome, &a, &err), ACH_ECURRENCY);
        ck_assert_int_eq(outcome, -1);
        return;
    }
    ck_assert_int_eq(ach_charge_test_outcome(&outcome, &a, NULL), ACH_OK);
    /* the bank answers within resolve-by: 2026-12-03 */
    ach_instant answer = T(2026, 12, 3, 15, 0, 0);
    if (outcome == 0)
        ck_assert_int_eq(ach_charge_succeed(&fx, &ch, &env, "ch_1", answer, NULL), ACH_OK);
    else
        ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", outcome, answer, NULL), ACH_OK);
    ck_assert_int_eq(ch.status, c->status);
    ck_assert_str_eq(ach_charge_failure_name(ach_charge_failure_code(&ch)), c->failure);
}
END_TEST

START_TEST(r_acc_6_live_account_has_no_test_outcome)
{
    ach_bank_account a = account_new("ba_1", "021000021", "000123456789", ACH_HOLDER_INDIVIDUAL);
    int outcome = -1;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_charge_test_outcome(&outcome, &a, &err), ACH_ENOTFOUND);
    ck_assert_str_eq(err.message, "bank account ending 6789 is not a test number (R-ACC-6)");
    ck_assert_int_eq(outcome, -1);
}
END_TEST

/* Thread safety (ach/rules.h): rule calls on distinct values may share one calendar and fee
 * schedule. Each thread runs a charge's whole life with its own environment copy. */
struct worker {
    int64_t net;
    size_t events;
};

static void count_event(void *ctx, const ach_event *ev)
{
    (void)ev;
    ((struct worker *)ctx)->events++;
}

static void *charge_worker(void *arg)
{
    struct worker *w = arg;
    ach_env e = {cal, ach_fee_schedule_default(), count_event, w};
    ach_account_params p = {"ba_1", 4, "", 0, "110000000", 9, "000123456789", 12,
                            "Jenny Rosen", 11, ACH_HOLDER_INDIVIDUAL, "US", 2, "usd", 3};
    ach_bank_account a;
    ach_mandate m;
    if (ach_account_init(&a, &p, NULL) ||
        ach_account_verify_instant(&a, &e, T(2026, 1, 2, 0, 0, 0), NULL) ||
        ach_mandate_init(&m, "m", "ba_1", ACH_MANDATE_ONLINE, T(2026, 1, 2, 0, 0, 0), NULL))
        return NULL;
    for (int i = 0; i < 2000; i++) {
        ach_instant at = T(2026, 1, 5, 0, 0, 0) + (ach_instant)i * 3607;
        ach_charge_params cp = {1000 + i, "usd", 3, at, ACH_CONNECT_NONE, 0};
        ach_charge c;
        ach_effects fx;
        if (ach_charge_create(&fx, &c, &e, "ch", &a, &m, &cp, NULL)) return NULL;
        w->net += fx.txns[0].net;
        if (ach_charge_succeed(&fx, &c, &e, "ch", at + 3 * 86400, NULL)) return NULL;
    }
    return w;
}

START_TEST(rules_share_a_calendar_across_threads)
{
    pthread_t t[4];
    struct worker w[4];
    memset(w, 0, sizeof w);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, charge_worker, &w[i]), 0);
    for (int i = 0; i < 4; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        ck_assert_ptr_eq(r, &w[i]);
    }
    for (int i = 1; i < 4; i++) {
        ck_assert_int_eq(w[i].net, w[0].net);
        ck_assert_uint_eq(w[i].events, w[0].events);
    }
    ck_assert_uint_eq(w[0].events, 1 + 2 * 2000); /* source.updated, then pending + succeeded */
}
END_TEST

static Suite *charge_suite(void)
{
    Suite *s = suite_create("charge");
    TCase *tc = tcase_create("timeline");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_cal_4_timeline_dates, 0, (int)(sizeof timelines / sizeof *timelines));
    tcase_add_test(tc, timeline_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("create");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_chg_creation_refusals, 0, (int)(sizeof creates / sizeof *creates));
    tcase_add_test(tc, r_chg_3_creation_effects);
    suite_add_tcase(s, tc);
    tc = tcase_create("outcomes");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_chg_8_transition_table, 0, 16);
    tcase_add_loop_test(tc, r_chg_8_illegal_outcomes, 0, (int)(sizeof illegal / sizeof *illegal));
    tcase_add_loop_test(tc, r_chg_6_failure_codes, 0, (int)(sizeof rcodes / sizeof *rcodes));
    tcase_add_test(tc, r_chg_6_messages_are_fixed_and_distinct);
    tcase_add_test(tc, r_chg_6_failure_before_success_effects);
    tcase_add_loop_test(tc, r_chg_7_late_failure_creates_dispute, 0,
                        (int)(sizeof lates / sizeof *lates));
    tcase_add_test(tc, r_chg_9_overdue_and_scripts);
    tcase_add_test(tc, r_chg_4_success_event_and_release);
    tcase_add_loop_test(tc, outcome_parse, 0, (int)(sizeof outcomes / sizeof *outcomes));
    tcase_add_test(tc, apply_outcome_texts);
    suite_add_tcase(s, tc);
    tc = tcase_create("test_numbers");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_acc_6_test_number_matrix, 0, (int)(sizeof matrix / sizeof *matrix));
    tcase_add_test(tc, r_acc_6_live_account_has_no_test_outcome);
    suite_add_tcase(s, tc);
    tc = tcase_create("threads");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_test(tc, rules_share_a_calendar_across_threads);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(charge_suite)
