/* SPDX-License-Identifier: Apache-2.0 */
/* Routing numbers and account numbers (SPEC R-ACC-2). */
#include "testing.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Published routing numbers of large US banks and Federal Reserve banks (R-ACC-2: valid).
 * Each checksum is worked by hand: 3*(d1+d4+d7) + 7*(d2+d5+d8) + (d3+d6+d9) must be ≡ 0 mod 10. */
static const struct bank_case {
    const char *routing;
    const char *bank;
} published[] = {
    /* 3*(0+0+0) + 7*(1+0+1) + (1+0+5) = 0 + 14 + 6 = 20 */
    {"011000015", "Federal Reserve Bank of Boston"},
    /* 3*(0+0+0) + 7*(2+0+2) + (1+0+1) = 0 + 28 + 2 = 30 */
    {"021000021", "JPMorgan Chase Bank (New York, and domestic wires)"},
    /* 3*(0+0+5) + 7*(2+0+9) + (6+9+3) = 15 + 77 + 18 = 110 */
    {"026009593", "Bank of America"},
    /* 3*(0+0+0) + 7*(2+0+8) + (1+0+9) = 0 + 70 + 10 = 80 */
    {"021000089", "Citibank (New York)"},
    /* 3*(1+0+8) + 7*(2+4+8) + (1+2+2) = 27 + 98 + 5 = 130 */
    {"121042882", "Wells Fargo Bank (California)"},
    /* 3*(0+0+0) + 7*(9+0+1) + (1+0+9) = 0 + 70 + 10 = 80 */
    {"091000019", "Wells Fargo Bank (Minnesota)"},
    /* 3*(0+0+0) + 7*(6+0+8) + (2+0+0) = 0 + 98 + 2 = 100 */
    {"062000080", "Wells Fargo Bank (Alabama)"},
    /* 3*(3+2+7) + 7*(2+7+4) + (1+0+2) = 36 + 91 + 3 = 130; prefix 32 (thrift range) */
    {"321270742", "Wells Fargo Bank (Nevada)"},
    /* 3*(3+2+6) + 7*(2+7+2) + (2+1+7) = 33 + 77 + 10 = 120; prefix 32 */
    {"322271627", "JPMorgan Chase Bank (California)"},
    /* 3*(2+0+1) + 7*(6+8+3) + (7+4+1) = 9 + 119 + 12 = 140; prefix 26 (thrift range) */
    {"267084131", "JPMorgan Chase Bank (Florida)"},
    /* 3*(1+0+6) + 7*(1+0+1) + (1+0+4) = 21 + 14 + 5 = 40 */
    {"111000614", "JPMorgan Chase Bank (Texas)"},
    /* 3*(0+0+0) + 7*(7+0+1) + (1+0+3) = 0 + 56 + 4 = 60 */
    {"071000013", "JPMorgan Chase Bank (Illinois)"},
    /* 3*(0+0+0) + 7*(4+0+3) + (4+0+7) = 0 + 49 + 11 = 60 */
    {"044000037", "JPMorgan Chase Bank (Ohio)"},
    /* 3*(1+0+5) + 7*(2+0+4) + (4+1+5) = 18 + 42 + 10 = 70 */
    {"124001545", "JPMorgan Chase Bank (Utah)"},
    /* 3*(0+0+0) + 7*(4+0+9) + (3+0+6) = 0 + 91 + 9 = 100 */
    {"043000096", "PNC Bank (Pennsylvania)"},
};

START_TEST(published_bank_numbers_are_valid) /* R-ACC-2 */
{
    const struct bank_case *c = &published[_i];
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_routing_validate(c->routing, 9, &err) == ACH_OK, "%s (%s): %s",
                  c->routing, c->bank, err.message);
    ck_assert_int_eq(err.code, ACH_OK); /* err untouched on success */
    ck_assert_str_eq(err.message, "");
    ck_assert_int_eq(ach_routing_check_digit(c->routing), c->routing[8] - '0');
    ck_assert_int_eq(ach_routing_validate(c->routing, 9, NULL), ACH_OK);
}
END_TEST

struct failure_case {
    const char *text;
    size_t len; /* 0: strlen(text) */
    ach_status status;
    uint32_t column;
    const char *needle; /* a phrase the message must contain */
};

/* Every failure kind of R-ACC-2, with the position it names. */
static const struct failure_case routing_failures[] = {
    {"02100002", 0, ACH_EROUTING_LENGTH, 0, "has 8 digits"},
    {"0210000211", 0, ACH_EROUTING_LENGTH, 0, "has 10 digits"},
    {"", 0, ACH_EROUTING_LENGTH, 0, "has 0 digits"},
    {"021-000-021", 0, ACH_EROUTING_DIGIT, 4, "character 4 is '-'"},
    {" 021000021", 0, ACH_EROUTING_DIGIT, 1, "character 1 is ' '"},
    {"021000021 ", 0, ACH_EROUTING_DIGIT, 10, "character 10 is ' '"},
    {"02100002A", 0, ACH_EROUTING_DIGIT, 9, "'A', not an ASCII digit"},
    {"0210\t0021", 0, ACH_EROUTING_DIGIT, 5, "byte 0x09"},
    {"0210\0" "00021", 9, ACH_EROUTING_DIGIT, 5, "byte 0x00"},
    /* Fullwidth digit zero U+FF10 (EF BC 90) and Arabic-Indic digit two U+0662 (D9 A2). */
    {"\xEF\xBC\x90" "21000021", 0, ACH_EROUTING_DIGIT, 1, "U+FF10"},
    {"0\xD9\xA2" "1000021", 0, ACH_EROUTING_DIGIT, 2, "U+0662"},
    {"02100\xFF" "021", 0, ACH_EROUTING_DIGIT, 6, "byte 0xFF"},
    {"000000000", 0, ACH_EROUTING_ZERO, 0, "000000000"},
    /* Prefix 00 with a correct checksum: 3*(0+0+0) + 7*(0+0+1) + (0+0+3) = 10. */
    {"000000013", 0, ACH_EROUTING_GOVERNMENT, 1, "US government"},
    /* Prefix 80 with a correct checksum: 3*(8+0+0) + 7*(0+0+0) + (0+0+6) = 30. */
    {"800000006", 0, ACH_EROUTING_TRAVELLER, 1, "traveller's cheques"},
    /* Unassigned prefixes with correct checksums: 13 → 3*1+7*3 = 24, check digit 6;
     * 45 → 3*4+7*5 = 47, check digit 3; 99 → 3*9+7*9 = 90, check digit 0. */
    {"130000006", 0, ACH_EROUTING_PREFIX, 1, "prefix 13 is not assigned"},
    {"450000003", 0, ACH_EROUTING_PREFIX, 1, "prefix 45 is not assigned"},
    {"990000000", 0, ACH_EROUTING_PREFIX, 1, "prefix 99 is not assigned"},
    /* 73 with a wrong check digit: the prefix is reported first (3*7 + 7*3 = 42 → 8, not 2). */
    {"730000002", 0, ACH_EROUTING_PREFIX, 1, "prefix 73 is not assigned"},
    /* Checksum failures, giving the right check digit. */
    {"021000022", 0, ACH_EROUTING_CHECKSUM, 9, "check digit 2 should be 1"},
    {"026009590", 0, ACH_EROUTING_CHECKSUM, 9, "check digit 0 should be 3"},
    /* 3*(0+0+0) + 7*(1+0+1) + (2+0) = 16 → check digit 4, not 5. */
    {"012000015", 0, ACH_EROUTING_CHECKSUM, 9, "check digit 5 should be 4"},
};

typedef ach_status (*validator_fn)(const char *, size_t, ach_error *);

/* One failure case: its status, field, position and message, and the same status without err. */
static void assert_failure(validator_fn validate, const char *field, const struct failure_case *c)
{
    size_t len = c->len ? c->len : strlen(c->text);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(validate(c->text, len, &err), c->status);
    ck_assert_int_eq(err.code, c->status);
    ck_assert_str_eq(err.field, field);
    ck_assert_uint_eq(err.column, c->column);
    ck_assert_msg(strstr(err.message, c->needle), "message '%s' lacks '%s'", err.message,
                  c->needle);
    ck_assert_int_eq(validate(c->text, len, NULL), c->status);
}

START_TEST(routing_failures_name_their_kind) /* R-ACC-2 */
{
    assert_failure(ach_routing_validate, "routing", &routing_failures[_i]);
}
END_TEST

/* Electronic prefixes 61-72 and thrift prefixes 21-32 are accepted; their first and last
 * values are built with the check digit the ABA formula requires (not published numbers). */
START_TEST(every_assigned_prefix_is_accepted_and_no_other) /* R-ACC-2 */
{
    for (int prefix = 0; prefix < 100; prefix++) {
        char num[10];
        snprintf(num, sizeof num, "%02d123456", prefix);
        int check = ach_routing_check_digit(num);
        ck_assert(check >= 0 && check <= 9);
        num[8] = (char)('0' + check);
        ach_status st = ach_routing_validate(num, 9, NULL);
        bool assigned = (prefix >= 1 && prefix <= 12) || (prefix >= 21 && prefix <= 32) ||
                        (prefix >= 61 && prefix <= 72);
        ach_status want = assigned       ? ACH_OK
                          : prefix == 0  ? ACH_EROUTING_GOVERNMENT
                          : prefix == 80 ? ACH_EROUTING_TRAVELLER
                                         : ACH_EROUTING_PREFIX;
        ck_assert_msg(st == want, "%s gave %s", num, ach_status_name(st));
    }
}
END_TEST

/* The 3-7-1 weights are prime to 10, so every single-digit error is caught. */
START_TEST(every_single_digit_error_is_caught) /* R-ACC-2 */
{
    for (size_t b = 0; b < N_ELEMS(published); b++) {
        for (int pos = 0; pos < 9; pos++) {
            for (char d = '0'; d <= '9'; d++) {
                char num[10];
                memcpy(num, published[b].routing, 10);
                if (num[pos] == d) continue;
                num[pos] = d;
                if (ach_routing_validate(num, 9, NULL) == ACH_OK) ck_abort_msg("%s accepted", num);
            }
        }
    }
}
END_TEST

START_TEST(check_digit_of_eight_digits)
{
    /* Worked: 3*(0+0+0) + 7*(2+0+2) + (1+0) = 29 → check digit 1 (021000021). */
    ck_assert_int_eq(ach_routing_check_digit("02100002"), 1);
    ck_assert_int_eq(ach_routing_check_digit("11000000"), 0); /* 3 + 7 = 10 → 0 */
    ck_assert_int_eq(ach_routing_check_digit("00000001"), 3); /* 7 → 3 */
    ck_assert_int_eq(ach_routing_check_digit("0210000"), -1); /* NUL at the 8th byte */
    ck_assert_int_eq(ach_routing_check_digit("0210-000"), -1);
    ck_assert_int_eq(ach_routing_check_digit(""), -1);
    ck_assert_int_eq(ach_routing_check_digit(NULL), -1);
}
END_TEST

START_TEST(test_routing_number_is_valid) /* R-ACC-6 */
{
    ck_assert_int_eq(ach_routing_validate(ACH_TEST_ROUTING, 9, NULL), ACH_OK);
}
END_TEST

/* Account numbers: 4-17 ASCII digits (R-ACC-2). */
START_TEST(account_numbers_of_4_to_17_digits)
{
    static const char *const ok[] = {"1234", "000123456789", "12345678901234567", "0000"};
    for (size_t i = 0; i < N_ELEMS(ok); i++) {
        ach_error err = ACH_ERROR_INIT;
        ck_assert_int_eq(ach_account_number_validate(ok[i], strlen(ok[i]), &err), ACH_OK);
        ck_assert_int_eq(err.code, ACH_OK);
    }
}
END_TEST

static const struct failure_case account_failures[] = {
    {"123", 0, ACH_EACCOUNT_LENGTH, 0, "has 3 digits"},
    {"123456789012345678", 0, ACH_EACCOUNT_LENGTH, 0, "has 18 digits"},
    {"", 0, ACH_EACCOUNT_LENGTH, 0, "has 0 digits"},
    {"1234 5678", 0, ACH_EACCOUNT_DIGIT, 5, "character 5 is ' '"},
    {"1234-5678", 0, ACH_EACCOUNT_DIGIT, 5, "character 5 is '-'"},
    {"12345678x", 0, ACH_EACCOUNT_DIGIT, 9, "character 9 is 'x'"},
    {" 12345678", 0, ACH_EACCOUNT_DIGIT, 1, "character 1"},
    {"\xEF\xBC\x91" "234", 0, ACH_EACCOUNT_DIGIT, 1, "U+FF11"}, /* fullwidth 1 */
    {"12\n34", 0, ACH_EACCOUNT_DIGIT, 3, "byte 0x0A"},
};

START_TEST(account_failures_name_the_position) /* R-ACC-2 */
{
    assert_failure(ach_account_number_validate, "account_number", &account_failures[_i]);
}
END_TEST

/* R-SEC-1: an account number never appears in a message, whatever goes wrong. */
START_TEST(account_messages_never_echo_the_number)
{
    static const char *const bad[] = {"98765432109876543210", "987654321098765x", "98765-4321"};
    for (size_t i = 0; i < N_ELEMS(bad); i++) {
        ach_error err = ACH_ERROR_INIT;
        ck_assert_int_ne(ach_account_number_validate(bad[i], strlen(bad[i]), &err), ACH_OK);
        ck_assert_msg(!strstr(err.message, "9876"), "'%s' echoes digits", err.message);
        ck_assert_msg(!strstr(err.message, "4321"), "'%s' echoes digits", err.message);
    }
}
END_TEST

static Suite *routing_suite(void)
{
    Suite *s = suite_create("routing");
    TCase *tc = tcase_create("routing");
    tcase_add_loop_test(tc, published_bank_numbers_are_valid, 0,
                        (int)N_ELEMS(published));
    tcase_add_loop_test(tc, routing_failures_name_their_kind, 0,
                        (int)N_ELEMS(routing_failures));
    tcase_add_test(tc, every_assigned_prefix_is_accepted_and_no_other);
    tcase_add_test(tc, every_single_digit_error_is_caught);
    tcase_add_test(tc, check_digit_of_eight_digits);
    tcase_add_test(tc, test_routing_number_is_valid);
    suite_add_tcase(s, tc);
    TCase *acct = tcase_create("account");
    tcase_add_test(acct, account_numbers_of_4_to_17_digits);
    tcase_add_loop_test(acct, account_failures_name_the_position, 0,
                        (int)N_ELEMS(account_failures));
    tcase_add_test(acct, account_messages_never_echo_the_number);
    suite_add_tcase(s, acct);
    return s;
}

ACH_TEST_MAIN(routing_suite)
