/* SPDX-License-Identifier: Apache-2.0 */
/* Refunds (R-REF-1 … R-REF-3, R-DSP-3). */
#include "testing.h"
#include "rules_fixture.h"

/* A $100.00 charge created 2026-03-02T12:00:00Z (processing that Monday), succeeded. Its refund
 * deadline is 2026-03-02 + 90 days = 2026-05-31. */
#define CREATED T(2026, 3, 2, 12, 0, 0)

static ach_charge succeeded_charge(void)
{
    return charge_succeeded(10000, CREATED, ACH_HOLDER_INDIVIDUAL, ACH_CONNECT_NONE, 0);
}

struct window_case {
    ach_instant at_days; /* days after 2026-03-02 */
    int h, m, s;
    ach_status status;
};

/* R-REF-1: day 90 (the whole of it) is accepted, day 91 refused. */
static const struct window_case windows[] = {
    {0, 12, 0, 0, ACH_OK},
    {1, 0, 0, 0, ACH_OK},
    {89, 23, 59, 59, ACH_OK},
    {90, 0, 0, 0, ACH_OK},
    {90, 23, 59, 59, ACH_OK},
    {91, 0, 0, 0, ACH_EREFUND_WINDOW},
    {91, 12, 0, 0, ACH_EREFUND_WINDOW},
    {365, 0, 0, 0, ACH_EREFUND_WINDOW},
};

START_TEST(r_ref_1_ninety_day_boundary)
{
    env_reset();
    const struct window_case *c = &windows[_i];
    ach_charge ch = succeeded_charge();
    ach_instant at = ach_instant_make(D(2026, 3, 2) + (ach_date)c->at_days, c->h, c->m, c->s);
    ach_refund r;
    ach_effects fx;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_refund_check(&ch, 500, at, &err), c->status);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 500, at, &err),
                     c->status);
    if (c->status == ACH_OK) {
        ck_assert_int_eq(ch.refunded, 500);
    } else {
        ck_assert_str_eq(err.field, "created");
        ck_assert_str_eq(err.message, "the charge could be refunded until 2026-05-31, 90 days "
                                      "after it was created (R-REF-1)");
        ck_assert_int_eq(ch.refunded, 0);
    }
}
END_TEST

/* The window counts from the creation date, not the processing date: a charge created after
 * the cutoff on 2026-11-25 is processed 11-27 but refundable until 2027-02-23. */
START_TEST(r_ref_1_window_from_creation_date)
{
    env_reset();
    ach_charge ch = charge_succeeded(10000, T(2026, 11, 25, 23, 0, 0), ACH_HOLDER_COMPANY,
                                     ACH_CONNECT_NONE, 0);
    ck_assert_int_eq(ach_refund_check(&ch, 1, T(2027, 2, 23, 23, 59, 59), NULL), ACH_OK);
    ck_assert_int_eq(ach_refund_check(&ch, 1, T(2027, 2, 24, 0, 0, 0), NULL), ACH_EREFUND_WINDOW);
    ach_timeline t;
    ck_assert_int_eq(ach_charge_timeline(&t, &ch, cal, NULL), ACH_OK);
    ck_assert_int_eq(t.refund_deadline, D(2027, 2, 23));
}
END_TEST

/* R-REF-1: partial refunds may not sum past the amount; charge.refunded when complete. */
START_TEST(r_ref_1_partial_sums)
{
    env_reset();
    ach_charge ch = succeeded_charge();
    ach_refund r1, r2, r3;
    ach_effects fx;
    ach_error err = ACH_ERROR_INIT;
    size_t before = evbuf.count;
    ck_assert_int_eq(ach_refund_create(&fx, &r1, &ch, &env, "re_1", "ch_1", 4000,
                                       T(2026, 3, 10, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, 0);
    ck_assert_uint_eq(evbuf.count, before); /* no event for a partial refund (R-REF-2) */
    ck_assert_int_eq(ach_refund_create(&fx, &r2, &ch, &env, "re_2", "ch_1", 6001,
                                       T(2026, 3, 11, 9, 0, 0), &err),
                     ACH_EREFUND_AMOUNT);
    ck_assert_str_eq(err.field, "amount");
    ck_assert_str_eq(err.message, "a refund of 6001 cents would exceed the charge: 6000 of 10000 "
                                  "cents are left to refund (R-REF-1)");
    ck_assert_int_eq(ch.refunded, 4000);
    ck_assert_int_eq(ach_refund_create(&fx, &r2, &ch, &env, "re_2", "ch_1", 6000,
                                       T(2026, 3, 11, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, ACH_FX_FULLY_REFUNDED);
    ck_assert_int_eq(ch.refunded, 10000);
    ck_assert_int_eq(ch.status, ACH_CHARGE_SUCCEEDED); /* refunds are not a status */
    ck_assert_uint_eq(evbuf.count, before + 1);
    ach_event *ev = &events[before];
    ck_assert_int_eq(ev->type, ACH_EVENT_CHARGE_REFUNDED);
    ck_assert_str_eq(ev->id, "ch_1");
    ck_assert_int_eq(ev->amount, 10000);
    ck_assert_int_eq(ev->amount_refunded, 10000);
    ck_assert_int_eq(ach_refund_create(&fx, &r3, &ch, &env, "re_3", "ch_1", 1,
                                       T(2026, 3, 12, 9, 0, 0), &err),
                     ACH_EREFUND_AMOUNT);
    ck_assert_msg_has(err, "0 of 10000 cents are left");
}
END_TEST

struct state_case {
    int from; /* 0 pending, 1 failed */
    const char *message;
};

static const struct state_case states[] = {
    {0, "the charge is pending: only a succeeded charge can be refunded (R-REF-1)"},
    {1, "the charge is failed: only a succeeded charge can be refunded (R-REF-1)"},
};

START_TEST(r_ref_1_pending_or_failed_refused)
{
    env_reset();
    ach_charge ch = charge_make(10000, CREATED, ACH_HOLDER_INDIVIDUAL, ACH_CONNECT_NONE, 0);
    ach_effects fx;
    if (states[_i].from == 1)
        ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 1, T(2026, 3, 4, 9, 0, 0), NULL),
                         ACH_OK);
    ach_charge saved = ch;
    ach_refund r;
    poison(&r, sizeof r);
    poison(&fx, sizeof fx);
    size_t before = evbuf.count;
    ach_error err = ACH_ERROR_INIT;
    /* also past the window: the state is checked first */
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 100,
                                       T(2026, 12, 1, 0, 0, 0), &err),
                     ACH_EREFUND_STATE);
    ck_assert_str_eq(err.field, "charge");
    ck_assert_str_eq(err.message, states[_i].message);
    ck_assert_int_eq(memcmp(&saved, &ch, sizeof ch), 0);
    ck_assert_untouched(r);
    ck_assert_untouched(fx);
    ck_assert_uint_eq(evbuf.count, before);
}
END_TEST

START_TEST(refund_argument_errors)
{
    env_reset();
    ach_charge ch = succeeded_charge();
    ach_refund r;
    ach_effects fx;
    ach_error err = ACH_ERROR_INIT;
    ach_instant at = T(2026, 3, 10, 9, 0, 0);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 0, at, &err),
                     ACH_EAMOUNT);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", ACH_AMOUNT_MAX + 1, at,
                                       &err),
                     ACH_EOVERFLOW);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "", "ch_1", 10, at, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "id");
    char longid[ACH_ID_SIZE + 1];
    memset(longid, 'r', ACH_ID_SIZE);
    longid[ACH_ID_SIZE] = '\0';
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, longid, "ch_1", 10, at, &err),
                     ACH_ETOOLONG);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", longid, 10, at, &err),
                     ACH_ETOOLONG);
    ck_assert_str_eq(err.field, "charge");
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, NULL, "re_1", "ch_1", 10, at, &err),
                     ACH_EINVAL);
    ck_assert_int_eq(ch.refunded, 0);
}
END_TEST

/* R-REF-3 and R-REF-2: debited from available at once, fee kept; expected 2-5 business days
 * after the refund's processing date. */
struct expect_case {
    int y, mo, d, h;
    ach_civil from, by;
};

static const struct expect_case expects[] = {
    {2026, 3, 10, 9, {2026, 3, 12}, {2026, 3, 17}},
    /* after the cutoff the day before Thanksgiving: processed Friday 11-27 */
    {2026, 11, 25, 22, {2026, 12, 1}, {2026, 12, 4}},
    /* Wednesday before Christmas: 12-24 (1), 12-28 (2) ... 12-31 (5) */
    {2026, 12, 23, 10, {2026, 12, 28}, {2026, 12, 31}},
};

START_TEST(r_ref_2_r_ref_3_effects_and_expected_dates)
{
    env_reset();
    const struct expect_case *c = &expects[_i];
    ach_charge ch = charge_succeeded(10000, T(c->y, c->mo, c->d - 1, 9, 0, 0),
                                     ACH_HOLDER_INDIVIDUAL, ACH_CONNECT_NONE, 0);
    ach_refund r;
    ach_effects fx;
    ach_instant at = T(c->y, c->mo, c->d, c->h, 0, 0);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 2500, at, NULL),
                     ACH_OK);
    ck_assert_str_eq(r.id, "re_1");
    ck_assert_str_eq(r.charge, "ch_1");
    ck_assert_int_eq(r.amount, 2500);
    ck_assert_int_eq(r.created, at);
    ck_assert_int_eq(r.status, ACH_REFUND_PENDING);
    ck_assert(!r.settle_outside);
    ck_assert_int_eq(r.expected_from, D(c->from.year, c->from.month, c->from.day));
    ck_assert_int_eq(r.expected_by, D(c->by.year, c->by.month, c->by.day));
    ck_assert_uint_eq(fx.txn_count, 1);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_REFUND);
    ck_assert_int_eq(fx.txns[0].status, ACH_BALANCE_AVAILABLE);
    ck_assert_int_eq(fx.txns[0].available, -2500); /* the fee is not returned */
    ck_assert_int_eq(fx.txns[0].date, D(c->y, c->mo, c->d));
}
END_TEST

/* R-REF-2: refund.failed, the amount comes back, settle outside the platform. */
START_TEST(r_ref_2_refund_failure)
{
    env_reset();
    ach_charge ch = succeeded_charge();
    ach_refund r;
    ach_effects fx;
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 3000,
                                       T(2026, 3, 10, 9, 0, 0), NULL),
                     ACH_OK);
    size_t before = evbuf.count;
    ck_assert_int_eq(ach_refund_fail(&fx, &r, &env, T(2026, 3, 16, 9, 0, 0), NULL), ACH_OK);
    ck_assert_int_eq(r.status, ACH_REFUND_FAILED);
    ck_assert(r.settle_outside);
    ck_assert_uint_eq(fx.txn_count, 1);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_REFUND_FAILURE);
    ck_assert_int_eq(fx.txns[0].available, 3000);
    ck_assert_int_eq(fx.txns[0].date, D(2026, 3, 16));
    ck_assert_uint_eq(evbuf.count, before + 1);
    ach_event *ev = &events[before];
    ck_assert_int_eq(ev->type, ACH_EVENT_REFUND_FAILED);
    ck_assert_str_eq(ev->id, "re_1");
    ck_assert_str_eq(ev->charge, "ch_1");
    ck_assert_int_eq(ev->amount, 3000);
    ck_assert_str_eq(ev->status, "failed");
    ck_assert_int_eq(ch.refunded, 3000); /* still owed to the customer, outside */
    ach_error err = ACH_ERROR_INIT;
    poison(&fx, sizeof fx);
    ck_assert_int_eq(ach_refund_fail(&fx, &r, &env, T(2026, 3, 17, 9, 0, 0), &err),
                     ACH_ETRANSITION);
    ck_assert_str_eq(err.message, "a refund cannot go from failed to failed (R-REF-2)");
    ck_assert_untouched(fx);
    ck_assert_uint_eq(evbuf.count, before + 1);
    ck_assert_str_eq(ach_refund_status_name(ACH_REFUND_PENDING), "pending");
    ck_assert_str_eq(ach_refund_status_name(0), "unknown");
}
END_TEST

/* R-DSP-3, refund after dispute: applied, flagged, the refund amount at risk; and the question
 * asked beforehand. */
START_TEST(r_dsp_3_refund_on_disputed_charge)
{
    env_reset();
    ach_charge ch = succeeded_charge();
    int64_t at_risk = -1;
    ck_assert(!ach_refund_double_credit_risk(&at_risk, &ch, 2000));
    ck_assert_int_eq(at_risk, 0);
    ach_dispute d;
    ach_effects fx;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp_1", "ch_1",
                                        ACH_DISPUTE_UNRECOGNIZED, T(2026, 3, 20, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert(ach_refund_double_credit_risk(&at_risk, &ch, 2000));
    ck_assert_int_eq(at_risk, 2000);
    ck_assert(ach_refund_double_credit_risk(NULL, &ch, 2000));
    ach_refund r;
    size_t before = evbuf.count;
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 2000,
                                       T(2026, 3, 21, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, ACH_FX_DOUBLE_CREDIT);
    ck_assert_int_eq(fx.at_risk, 2000);
    ck_assert_uint_eq(r.flags, ACH_FX_DOUBLE_CREDIT);
    ck_assert_int_eq(ch.status, ACH_CHARGE_DISPUTED);
    /* refunding the rest completes it: both flags, and charge.refunded carries them */
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_2", "ch_1", 8000,
                                       T(2026, 3, 21, 10, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, ACH_FX_DOUBLE_CREDIT | ACH_FX_FULLY_REFUNDED);
    ck_assert_uint_eq(evbuf.count, before + 1);
    ck_assert_uint_eq(events[before].flags, ACH_FX_DOUBLE_CREDIT | ACH_FX_FULLY_REFUNDED);
    ck_assert_str_eq(events[before].status, "disputed");
}
END_TEST

static Suite *refund_suite(void)
{
    Suite *s = suite_create("refund");
    TCase *tc = tcase_create("r_ref_1");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_ref_1_ninety_day_boundary, 0,
                        (int)(sizeof windows / sizeof *windows));
    tcase_add_test(tc, r_ref_1_window_from_creation_date);
    tcase_add_test(tc, r_ref_1_partial_sums);
    tcase_add_loop_test(tc, r_ref_1_pending_or_failed_refused, 0,
                        (int)(sizeof states / sizeof *states));
    tcase_add_test(tc, refund_argument_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("r_ref_2");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_ref_2_r_ref_3_effects_and_expected_dates, 0,
                        (int)(sizeof expects / sizeof *expects));
    tcase_add_test(tc, r_ref_2_refund_failure);
    tcase_add_test(tc, r_dsp_3_refund_on_disputed_charge);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(refund_suite)
