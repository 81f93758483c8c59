/* SPDX-License-Identifier: Apache-2.0 */
/* Shared helpers for libach's Check suites. Each tests/check_<module>.c defines
 * `Suite *<module>_suite(void)` and ends with ACH_TEST_MAIN(<module>_suite). */
#ifndef ACH_TESTING_H
#define ACH_TESTING_H

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ach.h"

/* Runs one suite with CK_ENV (so CK_RUN_CASE, CK_FORK=no and CK_VERBOSITY work) and exits
 * non-zero on any failure. */
#define ACH_TEST_MAIN(suite_fn)                                                          \
    int main(void)                                                                       \
    {                                                                                    \
        SRunner *sr = srunner_create(suite_fn());                                        \
        srunner_run_all(sr, CK_ENV);                                                     \
        int failed = srunner_ntests_failed(sr);                                          \
        srunner_free(sr);                                                                \
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                                \
    }

/* A date from literal parts, failing the test on a bad literal. */
static inline ach_date ach_test_date(int32_t y, int32_t m, int32_t d)
{
    ach_date out = 0;
    ck_assert_int_eq(ach_date_make(&out, y, m, d, NULL), ACH_OK);
    return out;
}
#define D(y, m, d) ach_test_date((y), (m), (d))

/* Path of a file in the source tree (ACH_TOP_SRCDIR is set by `make check`). */
static inline const char *ach_test_srcpath(char *buf, size_t cap, const char *rel)
{
    const char *top = getenv("ACH_TOP_SRCDIR");
    snprintf(buf, cap, "%s/%s", top ? top : ".", rel);
    return buf;
}

#endif /* ACH_TESTING_H */
