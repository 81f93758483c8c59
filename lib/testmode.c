/* SPDX-License-Identifier: Apache-2.0 */
/* Test-mode bank numbers (SPEC R-ACC-6): a fixed table, looked up by exact bytes. */
#include <string.h>
#include "ach/testmode.h"
#include "internal.h"

static const struct {
    char account[13];
    ach_test_outcome outcome;
    char return_code[4];
} test_accounts[] = {
    {"000123456789", ACH_TEST_SUCCEEDS, ""},
    {"000111111116", ACH_TEST_NO_ACCOUNT, "R03"},
    {"000111111113", ACH_TEST_ACCOUNT_CLOSED, "R02"},
    {"000222222227", ACH_TEST_INSUFFICIENT_FUNDS, "R01"},
    {"000333333335", ACH_TEST_NOT_AUTHORIZED, "R10"},
    {"000444444440", ACH_TEST_INVALID_CURRENCY, ""},
};

ach_test_account ach_test_account_lookup(const char *routing, size_t routing_len,
                                         const char *account, size_t account_len)
{
    ach_test_account result = {ACH_TEST_LIVE, "", false};
    if (routing_len != sizeof ACH_TEST_ROUTING - 1 ||
        memcmp(routing, ACH_TEST_ROUTING, routing_len) != 0 || account_len != 12)
        return result;
    for (size_t i = 0; i < ACH__ARRAY_LEN(test_accounts); i++) {
        if (memcmp(account, test_accounts[i].account, 12) == 0) {
            result.outcome = test_accounts[i].outcome;
            memcpy(result.return_code, test_accounts[i].return_code, sizeof result.return_code);
            result.refuses_currency = test_accounts[i].outcome == ACH_TEST_INVALID_CURRENCY;
            break;
        }
    }
    return result;
}

const char *ach_test_outcome_name(ach_test_outcome outcome)
{
    switch (outcome) {
    case ACH_TEST_LIVE: return "live";
    case ACH_TEST_SUCCEEDS: return "succeeds";
    case ACH_TEST_NO_ACCOUNT: return "no_account";
    case ACH_TEST_ACCOUNT_CLOSED: return "account_closed";
    case ACH_TEST_INSUFFICIENT_FUNDS: return "insufficient_funds";
    case ACH_TEST_NOT_AUTHORIZED: return "not_authorized";
    case ACH_TEST_INVALID_CURRENCY: return "invalid_currency";
    }
    return "unknown";
}
