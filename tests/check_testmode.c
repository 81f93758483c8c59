/* SPDX-License-Identifier: Apache-2.0 */
/* Test-mode bank numbers and their outcomes (SPEC R-ACC-6, R-ACC-4). */
#include "testing.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct test_case {
    const char *routing;
    const char *account;
    ach_test_outcome outcome;
    const char *return_code;
    bool refuses_currency;
    const char *name;
};

/* R-ACC-6: the six documented accounts at routing 110000000, with the NACHA return code each
 * produces in the lifecycle; and pairs that are live. */
static const struct test_case cases[] = {
    {"110000000", "000123456789", ACH_TEST_SUCCEEDS, "", false, "succeeds"},
    {"110000000", "000111111116", ACH_TEST_NO_ACCOUNT, "R03", false, "no_account"},
    {"110000000", "000111111113", ACH_TEST_ACCOUNT_CLOSED, "R02", false, "account_closed"},
    {"110000000", "000222222227", ACH_TEST_INSUFFICIENT_FUNDS, "R01", false,
     "insufficient_funds"},
    {"110000000", "000333333335", ACH_TEST_NOT_AUTHORIZED, "R10", false, "not_authorized"},
    {"110000000", "000444444440", ACH_TEST_INVALID_CURRENCY, "", true, "invalid_currency"},
    /* Live: another account at the test routing number, a test account elsewhere, near misses. */
    {"110000000", "000123456788", ACH_TEST_LIVE, "", false, "live"},
    {"110000000", "00012345678", ACH_TEST_LIVE, "", false, "live"},
    {"110000000", "0001234567890", ACH_TEST_LIVE, "", false, "live"},
    {"110000000", "", ACH_TEST_LIVE, "", false, "live"},
    {"021000021", "000222222227", ACH_TEST_LIVE, "", false, "live"},
    {"11000000", "000222222227", ACH_TEST_LIVE, "", false, "live"},
    {"1100000000", "000222222227", ACH_TEST_LIVE, "", false, "live"},
};

START_TEST(test_accounts_have_their_outcomes) /* R-ACC-6 */
{
    const struct test_case *c = &cases[_i];
    ach_test_account a =
        ach_test_account_lookup(c->routing, strlen(c->routing), c->account, strlen(c->account));
    ck_assert_int_eq(a.outcome, c->outcome);
    ck_assert_str_eq(a.return_code, c->return_code);
    ck_assert(a.refuses_currency == c->refuses_currency);
    ck_assert_str_eq(ach_test_outcome_name(a.outcome), c->name);
}
END_TEST

/* The test numbers are themselves valid numbers (R-ACC-2), so they pass every validator. */
START_TEST(test_numbers_are_valid_numbers) /* R-ACC-2, R-ACC-6 */
{
    ck_assert_int_eq(ach_routing_validate(ACH_TEST_ROUTING, strlen(ACH_TEST_ROUTING), NULL),
                     ACH_OK);
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(ach_account_number_validate(cases[i].account, 12, NULL), ACH_OK);
}
END_TEST

START_TEST(no_trimming_and_null_inputs)
{
    ach_test_account a = ach_test_account_lookup("110000000 ", 10, "000222222227", 12);
    ck_assert_int_eq(a.outcome, ACH_TEST_LIVE);
    a = ach_test_account_lookup("110000000", 9, " 000222222227", 13);
    ck_assert_int_eq(a.outcome, ACH_TEST_LIVE);
    a = ach_test_account_lookup(NULL, 0, NULL, 0);
    ck_assert_int_eq(a.outcome, ACH_TEST_LIVE);
    ck_assert_str_eq(a.return_code, "");
    a = ach_test_account_lookup("110000000", 9, NULL, 0);
    ck_assert_int_eq(a.outcome, ACH_TEST_LIVE);
}
END_TEST

START_TEST(micro_deposit_amounts) /* R-ACC-4: test amounts [32, 45] verify */
{
    ck_assert_int_eq(ACH_TEST_MICRODEPOSIT_1, 32);
    ck_assert_int_eq(ACH_TEST_MICRODEPOSIT_2, 45);
}
END_TEST

START_TEST(outcome_names)
{
    ck_assert_str_eq(ach_test_outcome_name(ACH_TEST_LIVE), "live");
    ck_assert_str_eq(ach_test_outcome_name((ach_test_outcome)99), "unknown");
}
END_TEST

static Suite *testmode_suite(void)
{
    Suite *s = suite_create("testmode");
    TCase *tc = tcase_create("testmode");
    tcase_add_loop_test(tc, test_accounts_have_their_outcomes, 0, (int)N_ELEMS(cases));
    tcase_add_test(tc, test_numbers_are_valid_numbers);
    tcase_add_test(tc, no_trimming_and_null_inputs);
    tcase_add_test(tc, micro_deposit_amounts);
    tcase_add_test(tc, outcome_names);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(testmode_suite)
