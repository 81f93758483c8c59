/* SPDX-License-Identifier: Apache-2.0 */
/* Fee schedules (R-CHG-3): 0.8 % rounded half up, capped at $5.00 (reached at $625.00),
 * $4.00 failure fee, $15.00 dispute fee; any schedule can be passed. */
#include "testing.h"

struct fee_case {
    int64_t amount;
    int64_t fee;
};

/* R-CHG-3 default schedule. Each fee is amount × 0.008 rounded half up, worked by hand. */
static const struct fee_case default_fees[] = {
    {1, 0},                      /* 0.008 */
    {62, 0},                     /* 0.496 */
    {63, 1},                     /* 0.504 rounds up */
    {187, 1},                    /* 1.496 */
    {188, 2},                    /* 1.504 */
    {6250, 50},                  /* $62.50 -> exactly 50 */
    {10000, 80},                 /* $100.00 -> 80 */
    {62437, 499},                /* 499.496 */
    {62438, 500},                /* 499.504 rounds up to the cap */
    {62499, 500},                /* 499.992 */
    {62500, 500},                /* $625.00: exactly the $5.00 cap */
    {62501, 500},                /* 500.008, capped */
    {100000, 500},               /* $1,000.00: 800 before the cap */
    {ACH_AMOUNT_MAX, 500},       /* the largest entry */
};

START_TEST(r_chg_3_default_fee_rounds_half_up_and_caps)
{
    const struct fee_case *c = &default_fees[_i];
    int64_t fee = -1;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_fee_compute(&fee, NULL, c->amount, &err) == ACH_OK, "%s", err.message);
    ck_assert_msg(fee == c->fee, "amount %lld: fee %lld, want %lld", (long long)c->amount,
                  (long long)fee, (long long)c->fee);
    /* NULL and the explicit default are the same schedule */
    int64_t again = -1;
    ck_assert_int_eq(ach_fee_compute(&again, ach_fee_schedule_default(), c->amount, NULL), ACH_OK);
    ck_assert_int_eq(again, fee);
}
END_TEST

START_TEST(r_chg_3_default_schedule_values)
{
    const ach_fee_schedule *s = ach_fee_schedule_default();
    ck_assert_uint_eq(s->rate_ppm, 8000);
    ck_assert_int_eq(s->fixed, 0);
    ck_assert_int_eq(s->cap, 500);
    ck_assert_int_eq(s->failure_fee, 400);
    ck_assert_int_eq(s->dispute_fee, 1500);
    ach_fee_schedule init = ACH_FEE_SCHEDULE_DEFAULT_INIT;
    ck_assert(init.rate_ppm == s->rate_ppm && init.fixed == s->fixed && init.cap == s->cap &&
              init.failure_fee == s->failure_fee && init.dispute_fee == s->dispute_fee);
    ck_assert_int_eq(ach_fee_schedule_check(s, NULL), ACH_OK);
}
END_TEST

/* Any schedule: 0.5 % + 30 cents, no cap. 0.5 % of 100 cents is exactly 0.5: half up gives 1. */
static const struct fee_case custom_fees[] = {
    {100, 31},  /* 30 + 0.5 -> 30 + 1 */
    {300, 32},  /* 30 + 1.5 -> 30 + 2 */
    {99, 30},   /* 30 + 0.495 */
    {1000000000, 30 + 5000000},
};

START_TEST(r_chg_3_custom_schedule)
{
    ach_fee_schedule s = {5000, 30, ACH_FEE_NO_CAP, 0, 0};
    const struct fee_case *c = &custom_fees[_i];
    int64_t fee = -1;
    ck_assert_int_eq(ach_fee_compute(&fee, &s, c->amount, NULL), ACH_OK);
    ck_assert_int_eq(fee, c->fee);
}
END_TEST

START_TEST(r_chg_3_zero_cap_and_full_rate)
{
    ach_fee_schedule free_schedule = {8000, 0, 0, 0, 0};
    int64_t fee = -1;
    ck_assert_int_eq(ach_fee_compute(&fee, &free_schedule, 100000, NULL), ACH_OK);
    ck_assert_int_eq(fee, 0);
    ach_fee_schedule all = {ACH_FEE_PPM_ONE, 0, ACH_FEE_NO_CAP, 0, 0};
    ck_assert_int_eq(ach_fee_compute(&fee, &all, ACH_AMOUNT_MAX, NULL), ACH_OK);
    ck_assert_int_eq(fee, ACH_AMOUNT_MAX);
}
END_TEST

struct amount_error {
    int64_t amount;
    ach_status status;
    const char *needle;
};

static const struct amount_error amount_errors[] = {
    {0, ACH_EAMOUNT, "positive"},
    {-1, ACH_EAMOUNT, "got -1"},
    {INT64_MIN, ACH_EAMOUNT, "positive"},
    {ACH_AMOUNT_MAX + 1, ACH_EOVERFLOW, "largest ACH entry amount"},
    {INT64_MAX, ACH_EOVERFLOW, "$99,999,999.99"},
};

START_TEST(r_chg_2_fee_refuses_bad_amounts)
{
    const struct amount_error *c = &amount_errors[_i];
    int64_t fee = 777;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fee_compute(&fee, NULL, c->amount, &err), c->status);
    ck_assert_int_eq(fee, 777); /* untouched */
    ck_assert_str_eq(err.field, "amount");
    ck_assert_msg(strstr(err.message, c->needle), "'%s' lacks '%s'", err.message, c->needle);
}
END_TEST

struct schedule_error {
    ach_fee_schedule s;
    const char *field;
};

static const struct schedule_error schedule_errors[] = {
    {{ACH_FEE_PPM_ONE + 1, 0, 500, 400, 1500}, "rate_ppm"},
    {{8000, -1, 500, 400, 1500}, "fixed"},
    {{8000, ACH_AMOUNT_MAX + 1, 500, 400, 1500}, "fixed"},
    {{8000, 0, -2, 400, 1500}, "cap"},
    {{8000, 0, ACH_AMOUNT_MAX + 1, 400, 1500}, "cap"},
    {{8000, 0, 500, -400, 1500}, "failure_fee"},
    {{8000, 0, 500, 400, -1}, "dispute_fee"},
    {{8000, 0, 500, 400, ACH_AMOUNT_MAX + 1}, "dispute_fee"},
};

START_TEST(fee_schedule_check_names_the_field)
{
    const struct schedule_error *c = &schedule_errors[_i];
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fee_schedule_check(&c->s, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, c->field);
    int64_t fee = 777;
    ck_assert_int_eq(ach_fee_compute(&fee, &c->s, 100, NULL), ACH_EINVAL);
    ck_assert_int_eq(fee, 777);
}
END_TEST

/* ---- the fee file (ach reconcile --fees; R-CHG-3) ------------------------------------------ */

START_TEST(fee_file_parses)
{
    static const char text[] = "# a merchant on other terms\n"
                               "percent 1.25   # of the amount\n"
                               "\n"
                               "  cap none\r\n"
                               "failure_fee\t250\n"
                               "dispute_fee 1000"; /* no final newline */
    ach_fee_schedule s;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_fee_schedule_parse(&s, text, sizeof text - 1, &err) == ACH_OK, "%s",
                  err.message);
    ck_assert_uint_eq(s.rate_ppm, 12500);
    ck_assert_int_eq(s.fixed, 0); /* not given: the default */
    ck_assert_int_eq(s.cap, ACH_FEE_NO_CAP);
    ck_assert_int_eq(s.failure_fee, 250);
    ck_assert_int_eq(s.dispute_fee, 1000);
    int64_t fee = 0;
    ck_assert_int_eq(ach_fee_compute(&fee, &s, 100000, NULL), ACH_OK);
    ck_assert_int_eq(fee, 1250); /* no cap */
    /* an empty file is the default schedule */
    ck_assert_int_eq(ach_fee_schedule_parse(&s, "", 0, NULL), ACH_OK);
    ck_assert_uint_eq(s.rate_ppm, 8000);
    ck_assert_int_eq(s.cap, 500);
    ck_assert_int_eq(ach_fee_schedule_parse(&s, "fixed 30\npercent 100\n", 20, NULL), ACH_OK);
    ck_assert_uint_eq(s.rate_ppm, ACH_FEE_PPM_ONE);
    ck_assert_int_eq(s.fixed, 30);
    ck_assert_int_eq(ach_fee_schedule_parse(NULL, "", 0, NULL), ACH_EINVAL);
}
END_TEST

static const struct fee_file_error {
    const char *text;
    uint32_t line, column;
    const char *field, *says;
} fee_file_errors[] = {
    {"percent 0.8\nrate 2\n", 2, 1, "key", "'rate' is not a fee key"},
    {"cap 500\ncap 600\n", 2, 1, "cap", "given twice (first on line 1)"},
    {"# x\n  failure_fee\n", 2, 14, "failure_fee", "needs a value"},
    {"dispute_fee 15.00\n", 1, 13, "dispute_fee", "not whole cents"},
    {"percent 0.12345\n", 1, 9, "percent", "at most 4 decimals"},
    {"percent 101\n", 1, 9, "percent", "0..100"},
    {"fixed -1\n", 1, 7, "fixed", "not whole cents"},
    {"cap 10000000000\n", 1, 5, "cap", "or 'none'"},
    {"failure_fee 400 cents\n", 1, 17, "failure_fee", "text after the value"},
};

START_TEST(fee_file_errors_name_the_line)
{
    const struct fee_file_error *c = &fee_file_errors[_i];
    ach_fee_schedule s = {1, 2, 3, 4, 5};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fee_schedule_parse(&s, c->text, strlen(c->text), &err), ACH_EPARSE);
    ck_assert_uint_eq(err.line, c->line);
    ck_assert_uint_eq(err.column, c->column);
    ck_assert_str_eq(err.field, c->field);
    ck_assert_msg(strstr(err.message, c->says) != NULL, "'%s' lacks '%s'", err.message, c->says);
    ck_assert_uint_eq(s.rate_ppm, 1); /* untouched */
}
END_TEST

static Suite *fee_suite(void)
{
    Suite *s = suite_create("fee");
    TCase *tc = tcase_create("schedule");
    tcase_add_loop_test(tc, r_chg_3_default_fee_rounds_half_up_and_caps, 0,
                        (int)(sizeof default_fees / sizeof *default_fees));
    tcase_add_test(tc, r_chg_3_default_schedule_values);
    tcase_add_loop_test(tc, r_chg_3_custom_schedule, 0,
                        (int)(sizeof custom_fees / sizeof *custom_fees));
    tcase_add_test(tc, r_chg_3_zero_cap_and_full_rate);
    tcase_add_loop_test(tc, r_chg_2_fee_refuses_bad_amounts, 0,
                        (int)(sizeof amount_errors / sizeof *amount_errors));
    tcase_add_loop_test(tc, fee_schedule_check_names_the_field, 0,
                        (int)(sizeof schedule_errors / sizeof *schedule_errors));
    tcase_add_test(tc, fee_file_parses);
    tcase_add_loop_test(tc, fee_file_errors_name_the_line, 0,
                        (int)(sizeof fee_file_errors / sizeof *fee_file_errors));
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(fee_suite)
