/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: routing and account number validators (R-ACC-2). Any input: no crash,
 * a known status, and OK exactly when the input is 9 (or 4-17) ASCII digits that pass the
 * rules, checked against an independent restatement of the checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_routing_validate(text, size, &err);
    bool digits = true;
    for (size_t i = 0; i < size; i++) digits &= data[i] >= '0' && data[i] <= '9';
    if (st == ACH_OK) {
        if (!digits || size != 9) abort();
        int d[9];
        for (int i = 0; i < 9; i++) d[i] = data[i] - '0';
        int sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8];
        int prefix = d[0] * 10 + d[1];
        if (sum % 10 != 0) abort();
        if (!((prefix >= 1 && prefix <= 12) || (prefix >= 21 && prefix <= 32) ||
              (prefix >= 61 && prefix <= 72)))
            abort();
        if (ach_routing_check_digit(text) != d[8]) abort();
    } else {
        if (err.code != st || st > ACH_EROUTING_LENGTH || st < ACH_EROUTING_TRAVELLER) abort();
        if (!memchr(err.message, '\0', sizeof err.message) || strcmp(err.field, "routing") != 0)
            abort();
        if (st == ACH_EROUTING_DIGIT && (err.column == 0 || err.column > size ||
                                         (data[err.column - 1] >= '0' && data[err.column - 1] <= '9')))
            abort();
    }
    ach_error aerr = ACH_ERROR_INIT;
    st = ach_account_number_validate(text, size, &aerr);
    if ((st == ACH_OK) != (digits && size >= 4 && size <= 17)) abort();
    if (st != ACH_OK && st != ACH_EACCOUNT_DIGIT && st != ACH_EACCOUNT_LENGTH) abort();
    (void)ach_test_account_lookup(text, size < 9 ? size : 9, text, size);
    return 0;
}
