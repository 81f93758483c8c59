/* Ledger reader (SPEC §10, issue 6). */
#include "testing.h"
#include "../bench/ledger_gen.h"

START_TEST(placeholder)
{
}
END_TEST

static Suite *ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, placeholder);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(ledger_suite)
