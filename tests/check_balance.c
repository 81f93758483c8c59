/* SPDX-License-Identifier: Apache-2.0 */
/* Balance transactions and the pending/available balance (R-BAL-1, R-CHG-3, R-CHG-5, R-CHG-6). */
#include "testing.h"
#include "rules_fixture.h"

/* A ledger of all effects of one scenario, to ask for the balance as of any date. */
struct book {
    ach_balance_txn txns[32];
    size_t n;
};

static void book_add(struct book *b, const ach_effects *fx)
{
    for (size_t i = 0; i < fx->txn_count; i++) b->txns[b->n++] = fx->txns[i];
}

static ach_balance book_as_of(const struct book *b, ach_date as_of)
{
    ach_balance bal = {0, 0};
    for (size_t i = 0; i < b->n; i++)
        ck_assert_int_eq(ach_balance_apply(&bal, &b->txns[i], as_of, NULL), ACH_OK);
    return bal;
}

static ach_charge create(struct book *b, int64_t amount, ach_instant at)
{
    ach_bank_account a = account_verified("000123456789", ACH_HOLDER_INDIVIDUAL);
    ach_mandate m = mandate_for(a.id);
    ach_charge_params p = {amount, "usd", 3, at, ACH_CONNECT_NONE, 0};
    ach_charge c;
    ach_effects fx;
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_1", &a, &m, &p, NULL), ACH_OK);
    book_add(b, &fx);
    return c;
}

/* R-CHG-3 + R-CHG-5 + R-BAL-1: $1,000.00 at 2026-11-25T21:59:59Z (fee capped at 500), processed
 * the same day, succeeded 2026-11-27, available 7 business days after processing: 2026-12-07
 * (Thanksgiving 11-26 is closed). */
START_TEST(r_bal_1_succeeded_charge_moves_on_available_on)
{
    env_reset();
    struct book b = {.n = 0};
    ach_charge c = create(&b, 100000, T(2026, 11, 25, 21, 59, 59));
    ck_assert_uint_eq(b.n, 1);
    ck_assert_int_eq(b.txns[0].type, ACH_TXN_CHARGE);
    ck_assert_int_eq(b.txns[0].status, ACH_BALANCE_PENDING);
    ck_assert_int_eq(b.txns[0].amount, 100000);
    ck_assert_int_eq(b.txns[0].fee, 500);
    ck_assert_int_eq(b.txns[0].net, 99500);
    ck_assert_int_eq(b.txns[0].date, D(2026, 11, 25));
    ck_assert_int_eq(b.txns[0].available_on, D(2026, 12, 7));

    ach_effects fx;
    ck_assert_int_eq(ach_charge_succeed(&fx, &c, &env, "ch_1", T(2026, 11, 27, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 1);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_RELEASE);
    ck_assert_int_eq(fx.txns[0].date, D(2026, 12, 7));
    ck_assert_int_eq(fx.txns[0].pending, -99500);
    ck_assert_int_eq(fx.txns[0].available, 99500);
    ck_assert_int_eq(fx.txns[0].net, 0);
    book_add(&b, &fx);

    ach_balance bal = book_as_of(&b, D(2026, 11, 24));
    ck_assert_int_eq(bal.pending, 0);
    bal = book_as_of(&b, D(2026, 11, 25));
    ck_assert_int_eq(bal.pending, 99500);
    ck_assert_int_eq(bal.available, 0);
    bal = book_as_of(&b, D(2026, 12, 6));
    ck_assert_int_eq(bal.pending, 99500);
    bal = book_as_of(&b, D(2026, 12, 7));
    ck_assert_int_eq(bal.pending, 0);
    ck_assert_int_eq(bal.available, 99500);
}
END_TEST

/* R-BAL-1: "provided it has succeeded by then": a charge still pending past its available-on
 * date stays pending; a late success makes it available on the success date. */
START_TEST(r_bal_1_late_success_moves_on_success_date)
{
    env_reset();
    struct book b = {.n = 0};
    ach_charge c = create(&b, 10000, T(2026, 11, 25, 10, 0, 0)); /* fee 80, net 9920 */
    ach_balance bal = book_as_of(&b, D(2026, 12, 10));
    ck_assert_int_eq(bal.pending, 9920); /* 12-07 passed, no outcome: still pending */
    ck_assert_int_eq(bal.available, 0);
    ach_effects fx;
    ck_assert_int_eq(ach_charge_succeed(&fx, &c, &env, "ch_1", T(2026, 12, 10, 23, 30, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(fx.txns[0].date, D(2026, 12, 10));
    book_add(&b, &fx);
    bal = book_as_of(&b, D(2026, 12, 9));
    ck_assert_int_eq(bal.pending, 9920);
    bal = book_as_of(&b, D(2026, 12, 10));
    ck_assert_int_eq(bal.pending, 0);
    ck_assert_int_eq(bal.available, 9920);
}
END_TEST

/* R-CHG-6 + R-BAL-1: a failure reverses the pending entry (nothing reaches available) and the
 * $4.00 failure fee is debited from the available balance, which goes negative. */
START_TEST(r_bal_1_failure_reverses_pending_and_charges_fee)
{
    env_reset();
    struct book b = {.n = 0};
    ach_charge c = create(&b, 10000, T(2026, 11, 25, 10, 0, 0));
    ach_effects fx;
    ck_assert_int_eq(ach_charge_fail(&fx, &c, &env, "ch_1", 1, T(2026, 11, 30, 8, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 2);
    ck_assert_int_eq(fx.txns[0].type, ACH_TXN_CHARGE_REVERSAL);
    ck_assert_int_eq(fx.txns[0].amount, -10000);
    ck_assert_int_eq(fx.txns[0].fee, -80);
    ck_assert_int_eq(fx.txns[0].pending, -9920);
    ck_assert_int_eq(fx.txns[0].available_on, ACH_DATE_NONE);
    ck_assert_int_eq(fx.txns[1].type, ACH_TXN_FAILURE_FEE);
    ck_assert_int_eq(fx.txns[1].available, -400);
    book_add(&b, &fx);
    ach_balance bal = book_as_of(&b, D(2026, 11, 29));
    ck_assert_int_eq(bal.pending, 9920);
    ck_assert_int_eq(bal.available, 0);
    bal = book_as_of(&b, D(2026, 11, 30));
    ck_assert_int_eq(bal.pending, 0);
    ck_assert_int_eq(bal.available, -400);
    bal = book_as_of(&b, ACH_DATE_MAX);
    ck_assert_int_eq(bal.pending, 0);
    ck_assert_int_eq(bal.available, -400);
}
END_TEST

/* Conservation: over any scenario, the sum of net equals pending + available. */
START_TEST(conservation_net_equals_pending_plus_available)
{
    env_reset();
    struct book b = {.n = 0};
    ach_charge c = create(&b, 50000, T(2026, 7, 3, 12, 0, 0));
    ach_effects fx;
    ck_assert_int_eq(ach_charge_succeed(&fx, &c, &env, "ch_1", T(2026, 7, 7, 12, 0, 0), NULL),
                     ACH_OK);
    book_add(&b, &fx);
    ach_refund r;
    ck_assert_int_eq(ach_refund_create(&fx, &r, &c, &env, "re_1", "ch_1", 1000,
                                       T(2026, 7, 20, 12, 0, 0), NULL),
                     ACH_OK);
    book_add(&b, &fx);
    ach_dispute d;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &c, &env, "dp_1", "ch_1",
                                        ACH_DISPUTE_DEBIT_NOT_AUTHORIZED,
                                        T(2026, 7, 21, 12, 0, 0), NULL),
                     ACH_OK);
    book_add(&b, &fx);
    ck_assert_int_eq(ach_refund_fail(&fx, &r, &env, T(2026, 7, 22, 12, 0, 0), NULL), ACH_OK);
    book_add(&b, &fx);
    int64_t net = 0;
    for (size_t i = 0; i < b.n; i++) net += b.txns[i].net;
    ach_balance bal = book_as_of(&b, ACH_DATE_MAX);
    ck_assert_int_eq(net, bal.pending + bal.available);
    /* 50000 - 400 fee - 1000 refund - 50000 dispute - 1500 fee + 1000 refund failure */
    ck_assert_int_eq(net, -1900);
    ck_assert_int_eq(bal.pending, 0);
}
END_TEST

START_TEST(balance_apply_ignores_later_dates_and_detects_overflow)
{
    ach_balance_txn t;
    memset(&t, 0, sizeof t);
    t.type = ACH_TXN_REFUND;
    t.date = D(2026, 5, 1);
    t.amount = t.net = t.available = -100;
    ach_balance bal = {0, 0};
    ck_assert_int_eq(ach_balance_apply(&bal, &t, D(2026, 4, 30), NULL), ACH_OK);
    ck_assert_int_eq(bal.available, 0);
    ck_assert_int_eq(ach_balance_apply(&bal, &t, D(2026, 5, 1), NULL), ACH_OK);
    ck_assert_int_eq(bal.available, -100);
    ach_balance big = {0, INT64_MIN + 50};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_balance_apply(&big, &t, ACH_DATE_MAX, &err), ACH_EOVERFLOW);
    ck_assert_int_eq(big.available, INT64_MIN + 50); /* untouched */
    ck_assert_msg_has(err, "refund");
}
END_TEST

START_TEST(names)
{
    static const char *const want[] = {"",
                                       "charge",
                                       "release",
                                       "charge_reversal",
                                       "failure_fee",
                                       "dispute",
                                       "dispute_fee",
                                       "refund",
                                       "refund_failure",
                                       "transfer",
                                       "payment",
                                       "transfer_reversal",
                                       "application_fee",
                                       "application_fee_refund"};
    for (int i = 1; i <= ACH_TXN_TYPE_COUNT; i++)
        ck_assert_str_eq(ach_balance_txn_type_name((ach_txn_type)i), want[i]);
    ck_assert_str_eq(ach_balance_txn_type_name(0), "unknown");
    ck_assert_str_eq(ach_balance_txn_type_name(ACH_TXN_TYPE_COUNT + 1), "unknown");
    ck_assert_str_eq(ach_balance_status_name(ACH_BALANCE_PENDING), "pending");
    ck_assert_str_eq(ach_balance_status_name(ACH_BALANCE_AVAILABLE), "available");
    ck_assert_str_eq(ach_balance_status_name(0), "unknown");
    ck_assert_str_eq(ach_balance_side_name(ACH_SIDE_PLATFORM), "platform");
    ck_assert_str_eq(ach_balance_side_name(ACH_SIDE_CONNECTED), "connected");
    ck_assert_str_eq(ach_balance_side_name(7), "unknown");
}
END_TEST

static Suite *balance_suite(void)
{
    Suite *s = suite_create("balance");
    TCase *tc = tcase_create("r_bal_1");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_test(tc, r_bal_1_succeeded_charge_moves_on_available_on);
    tcase_add_test(tc, r_bal_1_late_success_moves_on_success_date);
    tcase_add_test(tc, r_bal_1_failure_reverses_pending_and_charges_fee);
    tcase_add_test(tc, conservation_net_equals_pending_plus_available);
    suite_add_tcase(s, tc);
    tc = tcase_create("values");
    tcase_add_test(tc, balance_apply_ignores_later_dates_and_detects_overflow);
    tcase_add_test(tc, names);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(balance_suite)
