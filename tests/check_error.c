/* SPDX-License-Identifier: Apache-2.0 */
/* Error model: status names and texts, the caller-owned ach_error, formatting. */
#include "testing.h"
#include "internal.h"

START_TEST(status_names_and_texts_are_static_and_distinct)
{
    ck_assert_str_eq(ach_status_name(ACH_OK), "ACH_OK");
    ck_assert_str_eq(ach_status_name(ACH_EROUTING_CHECKSUM), "ACH_EROUTING_CHECKSUM");
    ck_assert_str_eq(ach_status_str(ACH_EPARSE), "malformed input");
    ck_assert_str_eq(ach_status_name(12345), "ACH_UNKNOWN");
    ck_assert_str_eq(ach_status_str(-98765), "unknown status");
    ck_assert_int_eq(ACH_OK, 0);
    ck_assert_int_eq(ACH_EINVAL, -1);
    ck_assert_int_eq(ACH_EROUTING_LENGTH, -100);
}
END_TEST

START_TEST(fail_fills_every_part_and_format_joins_them)
{
    ach_error err = ACH_ERROR_INIT;
    ach_status s = ach__fail(&err, ACH_EPARSE, "amount", 12, 7, "'%s' is not a number", "12x");
    ach__error_set_source(&err, "ledger.csv");
    ck_assert_int_eq(s, ACH_EPARSE);
    ck_assert_int_eq(err.code, ACH_EPARSE);
    ck_assert_uint_eq(err.line, 12);
    ck_assert_uint_eq(err.column, 7);
    char buf[300];
    size_t n = ach_error_format(buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "ledger.csv:12:7: amount: '12x' is not a number");
    ck_assert_uint_eq(n, strlen(buf));
    /* truncation keeps the NUL and reports the full length */
    char small[8];
    ck_assert_uint_eq(ach_error_format(small, sizeof small, &err), n);
    ck_assert_str_eq(small, "ledger.");
}
END_TEST

START_TEST(null_error_is_accepted_and_long_source_keeps_its_end)
{
    ck_assert_int_eq(ach__fail(NULL, ACH_ERANGE, "x", 0, 0, "y"), ACH_ERANGE);
    ach_error_clear(NULL);
    ach_error err = ACH_ERROR_INIT;
    char path[200];
    memset(path, 'a', sizeof path);
    strcpy(path + 150, "/file-name.ics");
    ach__error_set_source(&err, path);
    ck_assert_uint_eq(strlen(err.source), ACH_ERROR_NAME_SIZE - 1);
    ck_assert_str_eq(err.source + strlen(err.source) - 14, "/file-name.ics");
    ach_error_clear(&err);
    ck_assert_str_eq(err.source, "");
    ck_assert_int_eq(err.code, ACH_OK);
}
END_TEST

START_TEST(version_macros_match_runtime)
{
    ck_assert_int_eq(ach_version_number(), ACH_VERSION_NUMBER);
    ck_assert_str_eq(ach_version_string(), ACH_VERSION_STRING);
    ck_assert(ACH_VERSION_CHECK(0, 0, 1));
    ck_assert(!ACH_VERSION_CHECK(ACH_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

static Suite *error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, status_names_and_texts_are_static_and_distinct);
    tcase_add_test(tc, fail_fills_every_part_and_format_joins_them);
    tcase_add_test(tc, null_error_is_accepted_and_long_source_keeps_its_end);
    tcase_add_test(tc, version_macros_match_runtime);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(error_suite)
