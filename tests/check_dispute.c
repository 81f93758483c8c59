/* SPDX-License-Identifier: Apache-2.0 */
/* Disputes (R-DSP-1 … R-DSP-3, R-CHG-7, R-CHG-8). Window ends were worked out from the
 * Federal Reserve calendar: 60 calendar days (individual) or 2 business days (company) from the
 * processing date. */
#include "testing.h"
#include "rules_fixture.h"

struct window_case {
    int y, mo, d, h;          /* charge creation (minute 59:59 when h == 21, else :00:00) */
    ach_holder_type holder;
    ach_civil end;            /* last day inside the window */
};

static const struct window_case windows[] = {
    /* processed 2026-11-25; +60 days is Sunday 2027-01-24 (calendar days: weekends count) */
    {2026, 11, 25, 21, ACH_HOLDER_INDIVIDUAL, {2027, 1, 24}},
    /* after the cutoff: processed Friday 11-27 (Thanksgiving closed) */
    {2026, 11, 25, 22, ACH_HOLDER_INDIVIDUAL, {2027, 1, 26}},
    {2026, 12, 24, 10, ACH_HOLDER_INDIVIDUAL, {2027, 2, 22}},
    /* company: +2 business days over Thanksgiving and the weekend: 11-27, 11-30 */
    {2026, 11, 25, 21, ACH_HOLDER_COMPANY, {2026, 11, 30}},
    {2026, 11, 25, 22, ACH_HOLDER_COMPANY, {2026, 12, 1}},
    /* company, Friday 07-03 open: 07-06, 07-07 */
    {2026, 7, 3, 10, ACH_HOLDER_COMPANY, {2026, 7, 7}},
    /* company, Christmas Eve after the cutoff: processed 12-28; 12-29, 12-30 */
    {2026, 12, 24, 22, ACH_HOLDER_COMPANY, {2026, 12, 30}},
    /* company, New Year's Eve: 2027-01-01 closed, weekend; 01-04, 01-05 */
    {2026, 12, 31, 10, ACH_HOLDER_COMPANY, {2027, 1, 5}},
};

/* R-DSP-1 at the exact boundary: the last second of the last day is inside; the first second
 * after is out of window, accepted and flagged. */
START_TEST(r_dsp_1_window_boundaries)
{
    const struct window_case *c = &windows[_i];
    ach_instant created = T(c->y, c->mo, c->d, c->h, c->h == 21 ? 59 : 0, c->h == 21 ? 59 : 0);
    ach_date end = D(c->end.year, c->end.month, c->end.day);
    for (int late = 0; late < 2; late++) {
        env_reset();
        ach_charge ch = charge_succeeded(10000, created, c->holder, ACH_CONNECT_NONE, 0);
        ach_instant at = late ? ach_instant_make(end + 1, 0, 0, 0)
                              : ach_instant_make(end, 23, 59, 59);
        ach_date window_end = 0;
        bool inside = !late;
        ck_assert_int_eq(ach_dispute_window(&window_end, &inside, &ch, cal, at, NULL), ACH_OK);
        char g[ACH_DATE_FORMAT_SIZE], w[ACH_DATE_FORMAT_SIZE];
        ck_assert_msg(window_end == end, "window end %s, want %s", fmt_date(g, window_end),
                      fmt_date(w, end));
        ck_assert(inside == !late);
        ach_dispute d;
        ach_effects fx;
        ach_error err = ACH_ERROR_INIT;
        ck_assert_msg(ach_dispute_create(&fx, &d, &ch, &env, "dp_1", "ch_1",
                                         ACH_DISPUTE_DEBIT_NOT_AUTHORIZED, at, &err) == ACH_OK,
                      "%s", err.message);
        uint32_t want = ACH_FX_DISPUTE_CREATED | (late ? ACH_FX_OUT_OF_WINDOW : 0);
        ck_assert_uint_eq(fx.flags, want);
        ck_assert_uint_eq(d.flags, late ? ACH_FX_OUT_OF_WINDOW : 0);
        ck_assert_int_eq(d.dispute_deadline, end);
        ck_assert_int_eq(ch.status, ACH_CHARGE_DISPUTED);
        ach_timeline t;
        ck_assert_int_eq(ach_charge_timeline(&t, &ch, cal, NULL), ACH_OK);
        ck_assert_int_eq(t.dispute_deadline, end);
    }
}
END_TEST

/* R-DSP-2: withdrawn at once with the dispute fee; final; charge.dispute.created. */
START_TEST(r_dsp_2_effects_and_event)
{
    env_reset();
    ach_charge ch = charge_succeeded(25000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                     ACH_CONNECT_NONE, 0);
    ach_dispute d;
    ach_effects fx;
    size_t before = evbuf.count;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp_7", "ch_3", ACH_DISPUTE_FRAUDULENT,
                                        T(2026, 3, 6, 23, 30, 0), NULL),
                     ACH_OK);
    ck_assert_str_eq(d.id, "dp_7");
    ck_assert_str_eq(d.charge, "ch_3");
    ck_assert_int_eq(d.amount, 25000);
    ck_assert_int_eq(d.fee, 1500);
    ck_assert_int_eq(d.at_risk, 0);
    ck_assert_int_eq(d.reason, ACH_DISPUTE_FRAUDULENT);
    ck_assert_int_eq(d.status, ACH_DISPUTE_LOST);
    ck_assert_str_eq(ach_dispute_status_name(d.status), "lost");
    ck_assert_uint_eq(fx.txn_count, 2);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_DISPUTE);
    ck_assert_int_eq(fx.txns[0].available, -25000);
    ck_assert_int_eq(fx.txns[0].date, D(2026, 3, 6));
    ck_assert_int_eq(fx.txns[1].type, ACH_TXN_DISPUTE_FEE);
    ck_assert_int_eq(fx.txns[1].available, -1500);
    ck_assert_int_eq(fx.dispute_reason, ACH_DISPUTE_FRAUDULENT);
    ck_assert_uint_eq(evbuf.count, before + 1);
    ach_event *ev = &events[before];
    ck_assert_int_eq(ev->type, ACH_EVENT_CHARGE_DISPUTE_CREATED);
    ck_assert_str_eq(ev->id, "dp_7");
    ck_assert_str_eq(ev->charge, "ch_3");
    ck_assert_str_eq(ev->reason, "fraudulent");
    ck_assert_str_eq(ev->status, "lost");
    ck_assert_int_eq(ev->amount, 25000);
    ck_assert_int_eq(ev->business_date, D(2026, 3, 9)); /* 23:30 Friday -> Monday */
    /* a dispute fee of 0 writes no fee entry */
    env_reset();
    ach_fee_schedule fees = {8000, 0, 500, 400, 0};
    env.fees = &fees;
    ch = charge_succeeded(25000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                          ACH_CONNECT_NONE, 0);
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp_8", NULL, ACH_DISPUTE_GENERAL,
                                        T(2026, 3, 6, 10, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 1);
    ck_assert_str_eq(d.charge, "");
}
END_TEST

/* R-CHG-8: only a succeeded charge can be disputed; the second dispute is refused. */
struct illegal_case {
    int state; /* 0 pending, 1 failed, 2 disputed, 3 disputed by a late failure */
    const char *message;
};

static const struct illegal_case illegal[] = {
    {0, "a charge cannot go from pending to disputed (R-CHG-8)"},
    {1, "a charge cannot go from failed to disputed (R-CHG-8)"},
    {2, "a charge cannot go from disputed to disputed (R-CHG-8)"},
    {3, "a charge cannot go from disputed to disputed (R-CHG-8)"},
};

START_TEST(r_chg_8_dispute_needs_succeeded_charge)
{
    env_reset();
    const struct illegal_case *c = &illegal[_i];
    ach_instant at = T(2026, 3, 5, 12, 0, 0);
    ach_charge ch = charge_make(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                ACH_CONNECT_NONE, 0);
    ach_effects fx;
    ach_dispute d;
    if (c->state == 1) ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch", 1, at, NULL), ACH_OK);
    if (c->state >= 2) ck_assert_int_eq(ach_charge_succeed(&fx, &ch, &env, "ch", at, NULL), ACH_OK);
    if (c->state == 2)
        ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp_0", "ch",
                                            ACH_DISPUTE_GENERAL, at, NULL),
                         ACH_OK);
    if (c->state == 3) ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch", 2, at, NULL), ACH_OK);
    ach_charge saved = ch;
    poison(&d, sizeof d);
    poison(&fx, sizeof fx);
    size_t before = evbuf.count;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp_1", "ch", ACH_DISPUTE_GENERAL, at,
                                        &err),
                     ACH_ETRANSITION);
    ck_assert_str_eq(err.message, c->message);
    ck_assert_int_eq(memcmp(&saved, &ch, sizeof ch), 0);
    ck_assert_untouched(d);
    ck_assert_untouched(fx);
    ck_assert_uint_eq(evbuf.count, before);
}
END_TEST

/* R-DSP-3 in both orders: refund then dispute, dispute then refund. */
START_TEST(r_dsp_3_double_credit_refund_then_dispute)
{
    env_reset();
    ach_charge ch = charge_succeeded(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                     ACH_CONNECT_NONE, 0);
    int64_t at_risk = -1;
    ck_assert(!ach_dispute_double_credit_risk(&at_risk, &ch));
    ck_assert_int_eq(at_risk, 0);
    ach_refund r;
    ach_effects fx;
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 3000,
                                       T(2026, 3, 10, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, 0);
    ck_assert(ach_dispute_double_credit_risk(&at_risk, &ch));
    ck_assert_int_eq(at_risk, 3000);
    ach_dispute d;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp_1", "ch_1",
                                        ACH_DISPUTE_CREDIT_NOT_PROCESSED, T(2026, 3, 12, 9, 0, 0),
                                        NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, ACH_FX_DISPUTE_CREATED | ACH_FX_DOUBLE_CREDIT);
    ck_assert_int_eq(fx.at_risk, 3000);
    ck_assert_int_eq(d.at_risk, 3000);
    ck_assert_uint_eq(d.flags, ACH_FX_DOUBLE_CREDIT);
    ck_assert_uint_eq(events[evbuf.count - 1].flags, ACH_FX_DISPUTE_CREATED | ACH_FX_DOUBLE_CREDIT);
    ck_assert_int_eq(fx.txns[0].available, -10000); /* the whole debit is withdrawn */
    /* a late failure (R-CHG-7) on a refunded charge is a double credit too */
    env_reset();
    ch = charge_succeeded(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                          ACH_CONNECT_NONE, 0);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 10000,
                                       T(2026, 3, 10, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 10, T(2026, 4, 1, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, ACH_FX_DISPUTE_CREATED | ACH_FX_DOUBLE_CREDIT);
    ck_assert_int_eq(fx.at_risk, 10000);
}
END_TEST

START_TEST(r_dsp_3_double_credit_dispute_then_refund)
{
    env_reset();
    ach_charge ch = charge_succeeded(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_COMPANY,
                                     ACH_CONNECT_NONE, 0);
    ach_dispute d;
    ach_effects fx;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp_1", "ch_1",
                                        ACH_DISPUTE_DEBIT_NOT_AUTHORIZED, T(2026, 3, 3, 9, 0, 0),
                                        NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, ACH_FX_DISPUTE_CREATED);
    int64_t at_risk = 0;
    ck_assert(ach_refund_double_credit_risk(&at_risk, &ch, 4000)); /* asked beforehand */
    ck_assert_int_eq(at_risk, 4000);
    ach_refund r;
    ck_assert_int_eq(ach_refund_create(&fx, &r, &ch, &env, "re_1", "ch_1", 4000,
                                       T(2026, 3, 4, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.flags, ACH_FX_DOUBLE_CREDIT);
    ck_assert_int_eq(fx.at_risk, 4000);
}
END_TEST

START_TEST(r_dsp_3_describe_with_both_ids)
{
    char buf[256];
    size_t n = ach_double_credit_describe(buf, sizeof buf, "ch_1", "re_2", "dp_1", 2000);
    ck_assert_str_eq(buf, "charge ch_1: refund re_2 and dispute dp_1 may both credit the "
                          "customer: 2000 cents at risk (R-DSP-3)");
    ck_assert_uint_eq(n, strlen(buf));
    ach_double_credit_describe(buf, sizeof buf, "ch_1", NULL, "", 10000);
    ck_assert_str_eq(buf, "charge ch_1: its refunds and the dispute of a late failure may both "
                          "credit the customer: 10000 cents at risk (R-DSP-3)");
    char small[8];
    ck_assert_uint_eq(ach_double_credit_describe(small, sizeof small, "ch_1", "re_2", "dp_1", 2000),
                      n);
    ck_assert_str_eq(small, "charge ");
}
END_TEST

START_TEST(reasons)
{
    static const char *const names[] = {
        "", "bank_cannot_process", "check_returned", "credit_not_processed", "customer_initiated",
        "debit_not_authorized", "duplicate", "fraudulent", "general", "incorrect_account_details",
        "insufficient_funds", "noncompliant", "product_not_received", "product_unacceptable",
        "subscription_canceled", "unrecognized"};
    for (int r = 1; r <= ACH_DISPUTE_REASON_COUNT; r++) {
        ck_assert_str_eq(ach_dispute_reason_name(r), names[r]);
        ach_dispute_reason got = 0;
        ck_assert_int_eq(ach_dispute_reason_parse(&got, names[r], strlen(names[r]), NULL), ACH_OK);
        ck_assert_int_eq(got, r);
    }
    ck_assert_str_eq(ach_dispute_reason_name(0), "unknown");
    ach_dispute_reason got = 0;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_dispute_reason_parse(&got, "Fraudulent", 10, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "reason");
    ck_assert_int_eq(ach_dispute_reason_parse(&got, "", 0, &err), ACH_EINVAL);
    ck_assert_int_eq(got, 0);
    /* R-CHG-7 */
    ck_assert_int_eq(ach_dispute_reason_for_return(1), ACH_DISPUTE_INSUFFICIENT_FUNDS);
    ck_assert_int_eq(ach_dispute_reason_for_return(9), ACH_DISPUTE_INSUFFICIENT_FUNDS);
    ck_assert_int_eq(ach_dispute_reason_for_return(2), ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS);
    ck_assert_int_eq(ach_dispute_reason_for_return(3), ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS);
    ck_assert_int_eq(ach_dispute_reason_for_return(4), ACH_DISPUTE_INCORRECT_ACCOUNT_DETAILS);
    /* R-CHG-7 exception (2026-12-04): unauthorised returns are the bank's disputes */
    ck_assert_int_eq(ach_dispute_reason_for_return(5), ACH_DISPUTE_DEBIT_NOT_AUTHORIZED);
    ck_assert_int_eq(ach_dispute_reason_for_return(29), ACH_DISPUTE_DEBIT_NOT_AUTHORIZED);
    ck_assert_int_eq(ach_dispute_reason_for_return(51), ACH_DISPUTE_DEBIT_NOT_AUTHORIZED);
    ck_assert_int_eq(ach_dispute_reason_for_return(8), ACH_DISPUTE_BANK_CANNOT_PROCESS);
    ck_assert_int_eq(ach_dispute_reason_for_return(20), ACH_DISPUTE_BANK_CANNOT_PROCESS);
}
END_TEST

START_TEST(argument_errors)
{
    env_reset();
    ach_charge ch = charge_succeeded(10000, T(2026, 3, 2, 12, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                     ACH_CONNECT_NONE, 0);
    ach_dispute d;
    ach_effects fx;
    ach_error err = ACH_ERROR_INIT;
    ach_instant at = T(2026, 3, 3, 9, 0, 0);
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, NULL, "ch", ACH_DISPUTE_GENERAL, at,
                                        &err),
                     ACH_EINVAL);
    ck_assert_str_eq(err.field, "id");
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp", "ch", 0, at, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "reason");
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp", "ch",
                                        ACH_DISPUTE_REASON_COUNT + 1, at, &err),
                     ACH_EINVAL);
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp", "ch", ACH_DISPUTE_GENERAL,
                                        T(2300, 1, 1, 0, 0, 0), &err),
                     ACH_ERANGE);
    ach_fee_schedule bad = {8000, 0, 500, 400, -1};
    env.fees = &bad;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, "dp", "ch", ACH_DISPUTE_GENERAL, at,
                                        &err),
                     ACH_EINVAL);
    ck_assert_str_eq(err.field, "dispute_fee");
    ck_assert_int_eq(ch.status, ACH_CHARGE_SUCCEEDED);
    ach_date end;
    ck_assert_int_eq(ach_dispute_window(&end, NULL, &ch, NULL, at, &err), ACH_EINVAL);
    ach_charge odd = ch;
    odd.holder_type = 0;
    ck_assert_int_eq(ach_dispute_window(&end, NULL, &odd, cal, at, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "holder_type");
}
END_TEST

static Suite *dispute_suite(void)
{
    Suite *s = suite_create("dispute");
    TCase *tc = tcase_create("r_dsp");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_dsp_1_window_boundaries, 0, (int)(sizeof windows / sizeof *windows));
    tcase_add_test(tc, r_dsp_2_effects_and_event);
    tcase_add_loop_test(tc, r_chg_8_dispute_needs_succeeded_charge, 0,
                        (int)(sizeof illegal / sizeof *illegal));
    tcase_add_test(tc, r_dsp_3_double_credit_refund_then_dispute);
    tcase_add_test(tc, r_dsp_3_double_credit_dispute_then_refund);
    tcase_add_test(tc, r_dsp_3_describe_with_both_ids);
    tcase_add_test(tc, reasons);
    tcase_add_test(tc, argument_errors);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(dispute_suite)
