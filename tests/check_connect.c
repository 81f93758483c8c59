/* SPDX-License-Identifier: Apache-2.0 */
/* Connect (R-CON-1): destination and direct charges, application fees, transfers reversed in
 * proportion, balance transactions on both sides. */
#include "testing.h"
#include "rules_fixture.h"

#define CREATED T(2026, 3, 2, 12, 0, 0)
#define SUCCESS T(2026, 3, 5, 12, 0, 0)

/* Net, pending and available of one side over fx. */
struct sums {
    int64_t pending, available;
};

static struct sums side_sums(const ach_effects *fx, ach_balance_side side)
{
    struct sums s = {0, 0};
    fx_sum(fx, side, &s.pending, &s.available);
    return s;
}

static void expect_txn(const ach_effects *fx, size_t i, ach_txn_type type, ach_balance_side side,
                       int64_t pending, int64_t available)
{
    ck_assert_uint_gt(fx->txn_count, i);
    const ach_balance_txn *t = &fx->txns[i];
    ck_assert_msg(t->type == type && t->side == side && t->pending == pending &&
                      t->available == available,
                  "txn %zu: %s/%s pending %lld available %lld; want %s/%s %lld %lld", i,
                  ach_balance_txn_type_name(t->type), ach_balance_side_name(t->side),
                  (long long)t->pending, (long long)t->available, ach_balance_txn_type_name(type),
                  ach_balance_side_name(side), (long long)pending, (long long)available);
}

/* $100.00 destination charge, $10.00 application fee: fee f = 80, transfer T = 9000. */
START_TEST(r_con_1_destination_create_and_succeed)
{
    env_reset();
    ach_bank_account a = account_verified("000123456789", ACH_HOLDER_INDIVIDUAL);
    ach_mandate m = mandate_for(a.id);
    ach_charge_params p = {10000, "usd", 3, CREATED, ACH_CONNECT_DESTINATION, 1000};
    ach_charge c;
    ach_effects fx;
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_1", &a, &m, &p, NULL), ACH_OK);
    ck_assert_int_eq(ach_connect_transfer_amount(&c), 9000);
    ck_assert_uint_eq(fx.txn_count, 3);
    expect_txn(&fx, 0, ACH_TXN_CHARGE, ACH_SIDE_PLATFORM, 9920, 0);
    expect_txn(&fx, 1, ACH_TXN_TRANSFER, ACH_SIDE_PLATFORM, -9000, 0);
    expect_txn(&fx, 2, ACH_TXN_PAYMENT, ACH_SIDE_CONNECTED, 9000, 0);
    ck_assert_int_eq(fx.txns[2].available_on, D(2026, 3, 11)); /* processing + 7 business days */
    ck_assert_int_eq(ach_charge_succeed(&fx, &c, &env, "ch_1", SUCCESS, NULL), ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 2);
    expect_txn(&fx, 0, ACH_TXN_RELEASE, ACH_SIDE_PLATFORM, -920, 920); /* F - f */
    expect_txn(&fx, 1, ACH_TXN_RELEASE, ACH_SIDE_CONNECTED, -9000, 9000);
    ach_connect_split s = ach_connect_split_of(&c);
    ck_assert_int_eq(s.platform, 920);
    ck_assert_int_eq(s.connected, 9000);
}
END_TEST

START_TEST(r_con_1_destination_failure_reverses_transfer)
{
    env_reset();
    ach_charge c =
        charge_make(10000, CREATED, ACH_HOLDER_INDIVIDUAL, ACH_CONNECT_DESTINATION, 1000);
    ach_effects fx;
    ck_assert_int_eq(ach_charge_fail(&fx, &c, &env, "ch_1", 1, SUCCESS, NULL), ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 4);
    expect_txn(&fx, 0, ACH_TXN_CHARGE_REVERSAL, ACH_SIDE_PLATFORM, -9920, 0);
    expect_txn(&fx, 1, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_PLATFORM, 9000, 0);
    expect_txn(&fx, 2, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_CONNECTED, -9000, 0);
    expect_txn(&fx, 3, ACH_TXN_FAILURE_FEE, ACH_SIDE_PLATFORM, 0, -400);
    struct sums plat = side_sums(&fx, ACH_SIDE_PLATFORM), conn = side_sums(&fx, ACH_SIDE_CONNECTED);
    /* with the creation entries (+920 platform, +9000 connected, pending) both net to zero
     * pending; the platform keeps the failure fee */
    ck_assert_int_eq(plat.pending + 920, 0);
    ck_assert_int_eq(plat.available, -400);
    ck_assert_int_eq(conn.pending + 9000, 0);
    ck_assert_int_eq(conn.available, 0);
}
END_TEST

/* Refunds reverse the transfer in proportion, cumulatively rounded, never past T; the
 * dispute takes back the rest. */
START_TEST(r_con_1_destination_refunds_and_dispute_in_proportion)
{
    env_reset();
    ach_charge c = charge_succeeded(10000, CREATED, ACH_HOLDER_INDIVIDUAL,
                                    ACH_CONNECT_DESTINATION, 1000);
    ach_effects fx;
    ach_refund r;
    ck_assert_int_eq(ach_refund_create(&fx, &r, &c, &env, "re_1", "ch_1", 2500,
                                       T(2026, 3, 10, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 3);
    expect_txn(&fx, 0, ACH_TXN_REFUND, ACH_SIDE_PLATFORM, 0, -2500);
    expect_txn(&fx, 1, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_PLATFORM, 0, 2250); /* 9000 x 25 % */
    expect_txn(&fx, 2, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_CONNECTED, 0, -2250);
    ck_assert_int_eq(ach_refund_create(&fx, &r, &c, &env, "re_2", "ch_1", 3333,
                                       T(2026, 3, 11, 9, 0, 0), NULL),
                     ACH_OK);
    /* total for 5833 cents covered: 9000 x 0.5833 = 5249.7 -> 5250; this refund: 3000 */
    expect_txn(&fx, 1, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_PLATFORM, 0, 3000);
    expect_txn(&fx, 2, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_CONNECTED, 0, -3000);
    ach_dispute d;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &c, &env, "dp_1", "ch_1", ACH_DISPUTE_GENERAL,
                                        T(2026, 3, 12, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 4);
    expect_txn(&fx, 0, ACH_TXN_DISPUTE, ACH_SIDE_PLATFORM, 0, -10000);
    expect_txn(&fx, 1, ACH_TXN_DISPUTE_FEE, ACH_SIDE_PLATFORM, 0, -1500);
    expect_txn(&fx, 2, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_PLATFORM, 0, 3750); /* the rest */
    expect_txn(&fx, 3, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_CONNECTED, 0, -3750);
    ck_assert_uint_eq(fx.flags, ACH_FX_DISPUTE_CREATED | ACH_FX_DOUBLE_CREDIT);
    /* 2250 + 3000 + 3750 = 9000 = T; a refund after the dispute reverses nothing more */
    ck_assert_int_eq(ach_refund_create(&fx, &r, &c, &env, "re_3", "ch_1", 100,
                                       T(2026, 3, 13, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 1);
}
END_TEST

/* A late failure (R-CHG-7) on a destination charge reverses the transfer too. */
START_TEST(r_con_1_destination_late_failure)
{
    env_reset();
    ach_charge c = charge_succeeded(10000, CREATED, ACH_HOLDER_INDIVIDUAL,
                                    ACH_CONNECT_DESTINATION, 1000);
    ach_effects fx;
    ck_assert_int_eq(ach_charge_fail(&fx, &c, &env, "ch_1", 1, T(2026, 3, 20, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 4);
    expect_txn(&fx, 0, ACH_TXN_DISPUTE, ACH_SIDE_PLATFORM, 0, -10000);
    expect_txn(&fx, 1, ACH_TXN_FAILURE_FEE, ACH_SIDE_PLATFORM, 0, -400);
    expect_txn(&fx, 2, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_PLATFORM, 0, 9000);
    expect_txn(&fx, 3, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_CONNECTED, 0, -9000);
}
END_TEST

/* Direct charge: the charge lives on the connected account; the application fee moves to the
 * platform with the charge and comes back if it fails. */
START_TEST(r_con_1_direct_charge_both_sides)
{
    env_reset();
    ach_charge c = charge_make(10000, CREATED, ACH_HOLDER_INDIVIDUAL, ACH_CONNECT_DIRECT, 500);
    ach_effects fx;
    ck_assert_int_eq(ach_connect_transfer_amount(&c), 0);
    ach_charge failing = c;
    ck_assert_int_eq(ach_charge_succeed(&fx, &c, &env, "ch_1", SUCCESS, NULL), ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 2);
    expect_txn(&fx, 0, ACH_TXN_RELEASE, ACH_SIDE_CONNECTED, -9420, 9420); /* A - f - F */
    expect_txn(&fx, 1, ACH_TXN_RELEASE, ACH_SIDE_PLATFORM, -500, 500);
    ach_connect_split s = ach_connect_split_of(&c);
    ck_assert_int_eq(s.connected, 9420);
    ck_assert_int_eq(s.platform, 500);

    ck_assert_int_eq(ach_charge_fail(&fx, &failing, &env, "ch_1", 3, SUCCESS, NULL), ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 4);
    expect_txn(&fx, 0, ACH_TXN_CHARGE_REVERSAL, ACH_SIDE_CONNECTED, -9920, 0);
    expect_txn(&fx, 1, ACH_TXN_APPLICATION_FEE_REFUND, ACH_SIDE_CONNECTED, 500, 0);
    expect_txn(&fx, 2, ACH_TXN_APPLICATION_FEE_REFUND, ACH_SIDE_PLATFORM, -500, 0);
    expect_txn(&fx, 3, ACH_TXN_FAILURE_FEE, ACH_SIDE_CONNECTED, 0, -400);

    ach_refund r;
    ck_assert_int_eq(ach_refund_create(&fx, &r, &c, &env, "re_1", "ch_1", 1000,
                                       T(2026, 3, 10, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 1);
    expect_txn(&fx, 0, ACH_TXN_REFUND, ACH_SIDE_CONNECTED, 0, -1000);
    ck_assert_int_eq(r.side, ACH_SIDE_CONNECTED);
    ck_assert_int_eq(ach_refund_fail(&fx, &r, &env, T(2026, 3, 12, 9, 0, 0), NULL), ACH_OK);
    expect_txn(&fx, 0, ACH_TXN_REFUND_FAILURE, ACH_SIDE_CONNECTED, 0, 1000);
    ach_dispute d;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &c, &env, "dp_1", "ch_1", ACH_DISPUTE_GENERAL,
                                        T(2026, 3, 13, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 2);
    expect_txn(&fx, 0, ACH_TXN_DISPUTE, ACH_SIDE_CONNECTED, 0, -10000);
    expect_txn(&fx, 1, ACH_TXN_DISPUTE_FEE, ACH_SIDE_CONNECTED, 0, -1500);
}
END_TEST

/* Creation of a direct charge writes the fee legs; a 0 fee writes none. */
START_TEST(r_con_1_direct_creation_legs)
{
    env_reset();
    ach_bank_account a = account_verified("000123456789", ACH_HOLDER_INDIVIDUAL);
    ach_mandate m = mandate_for(a.id);
    ach_charge_params p = {10000, "usd", 3, CREATED, ACH_CONNECT_DIRECT, 500};
    ach_charge c;
    ach_effects fx;
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_1", &a, &m, &p, NULL), ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 3);
    expect_txn(&fx, 0, ACH_TXN_CHARGE, ACH_SIDE_CONNECTED, 9920, 0);
    expect_txn(&fx, 1, ACH_TXN_APPLICATION_FEE, ACH_SIDE_CONNECTED, -500, 0);
    expect_txn(&fx, 2, ACH_TXN_APPLICATION_FEE, ACH_SIDE_PLATFORM, 500, 0);
    p.application_fee = 0;
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_2", &a, &m, &p, NULL), ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 1);
    p.connect = ACH_CONNECT_DESTINATION;
    p.application_fee = 10000; /* everything kept by the platform: no transfer legs */
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_3", &a, &m, &p, NULL), ACH_OK);
    ck_assert_uint_eq(fx.txn_count, 1);
}
END_TEST

struct reversal_case {
    int64_t amount, application_fee, covered, total;
};

/* round_half_up(T x covered / amount), exact in 128 bits. Expected values were computed with
 * exact rational arithmetic. */
static const struct reversal_case reversals[] = {
    {10000, 1000, 2500, 2250},
    {10000, 1000, 5833, 5250},                      /* 5249.7 */
    {2, 1, 1, 1},                                   /* 0.5 rounds up */
    {3, 0, 1, 1},                                   /* 1 exactly */
    {10000, 1000, 0, 0},
    {10000, 1000, -5, 0},                           /* clamped */
    {10000, 1000, 10000, 9000},
    {10000, 1000, 20000, 9000},                     /* clamped */
    {ACH_AMOUNT_MAX, 1, 3333333333, 3333333333},    /* 3333333332.67 */
    {ACH_AMOUNT_MAX, 1, 5000000000, 4999999999},    /* 4999999999.49999999995 */
    {ACH_AMOUNT_MAX, 1, ACH_AMOUNT_MAX - 1, 9999999997},
};

START_TEST(r_con_1_reversal_totals)
{
    const struct reversal_case *c = &reversals[_i];
    ach_charge ch;
    memset(&ch, 0, sizeof ch);
    ch.amount = c->amount;
    ch.application_fee = c->application_fee;
    ch.connect = ACH_CONNECT_DESTINATION;
    ch.status = ACH_CHARGE_SUCCEEDED;
    ck_assert_int_eq(ach_connect_reversal_total(&ch, c->covered), c->total);
    ch.connect = ACH_CONNECT_DIRECT;
    ck_assert_int_eq(ach_connect_reversal_total(&ch, c->covered), 0);
}
END_TEST

START_TEST(kind_names)
{
    ck_assert_str_eq(ach_connect_kind_name(ACH_CONNECT_NONE), "none");
    ck_assert_str_eq(ach_connect_kind_name(ACH_CONNECT_DIRECT), "direct");
    ck_assert_str_eq(ach_connect_kind_name(ACH_CONNECT_DESTINATION), "destination");
    ck_assert_str_eq(ach_connect_kind_name(9), "unknown");
    env_reset();
    ach_charge c = charge_make(10000, CREATED, ACH_HOLDER_INDIVIDUAL, ACH_CONNECT_NONE, 0);
    ach_connect_split s = ach_connect_split_of(&c);
    ck_assert_int_eq(s.platform, 9920);
    ck_assert_int_eq(s.connected, 0);
}
END_TEST

static Suite *connect_suite(void)
{
    Suite *s = suite_create("connect");
    TCase *tc = tcase_create("r_con_1");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_test(tc, r_con_1_destination_create_and_succeed);
    tcase_add_test(tc, r_con_1_destination_failure_reverses_transfer);
    tcase_add_test(tc, r_con_1_destination_refunds_and_dispute_in_proportion);
    tcase_add_test(tc, r_con_1_destination_late_failure);
    tcase_add_test(tc, r_con_1_direct_charge_both_sides);
    tcase_add_test(tc, r_con_1_direct_creation_legs);
    tcase_add_loop_test(tc, r_con_1_reversal_totals, 0,
                        (int)(sizeof reversals / sizeof *reversals));
    tcase_add_test(tc, kind_names);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(connect_suite)
