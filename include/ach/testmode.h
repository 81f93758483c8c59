/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/testmode.h
 * @brief Test-mode bank numbers and their scripted outcomes (SPEC R-ACC-6, R-ACC-4).
 *
 * In test mode, routing number ::ACH_TEST_ROUTING with one of six documented account numbers
 * behaves in a fixed way, so that every path of the payment lifecycle can be exercised:
 *
 * | account        | outcome                     | return code |
 * |----------------|-----------------------------|-------------|
 * | `000123456789` | succeeds                    |             |
 * | `000111111116` | fails when used: no account | R03         |
 * | `000111111113` | account closed              | R02         |
 * | `000222222227` | insufficient funds (NSF)    | R01         |
 * | `000333333335` | debit not authorised        | R10         |
 * | `000444444440` | invalid currency: refused before any debit is made | |
 *
 * Any other pair (another account at ::ACH_TEST_ROUTING, or any other routing number) is
 * live: no scripted outcome. Micro-deposits to a test account are
 * ::ACH_TEST_MICRODEPOSIT_1 and ::ACH_TEST_MICRODEPOSIT_2 cents (R-ACC-4).
 */
#ifndef ACH_TESTMODE_H
#define ACH_TESTMODE_H

#include "ach/common.h"

ACH_BEGIN_DECL

/** The test routing number (R-ACC-6). A valid ABA number: prefix 11, checksum 10. */
#define ACH_TEST_ROUTING "110000000"
/** First test micro-deposit amount, in cents (R-ACC-4). */
#define ACH_TEST_MICRODEPOSIT_1 32
/** Second test micro-deposit amount, in cents (R-ACC-4). */
#define ACH_TEST_MICRODEPOSIT_2 45

/** What a test bank account does when it is used (R-ACC-6). */
typedef enum ach_test_outcome {
    ACH_TEST_LIVE = 0,           /**< not a test account: no scripted outcome */
    ACH_TEST_SUCCEEDS,           /**< debits succeed */
    ACH_TEST_NO_ACCOUNT,         /**< debits fail: no account (R03) */
    ACH_TEST_ACCOUNT_CLOSED,     /**< debits fail: account closed (R02) */
    ACH_TEST_INSUFFICIENT_FUNDS, /**< debits fail: insufficient funds (R01) */
    ACH_TEST_NOT_AUTHORIZED,     /**< debits fail: not authorised by the holder (R10) */
    ACH_TEST_INVALID_CURRENCY    /**< refused before any debit: invalid currency */
} ach_test_outcome;

/** The scripted behaviour of a test account. */
typedef struct ach_test_account {
    ach_test_outcome outcome; /**< ACH_TEST_LIVE when the pair is not a test account */
    char return_code[4];      /**< the NACHA return code a debit comes back with ("R03"); "" when none */
    bool refuses_currency;    /**< true when the account is refused before any debit (invalid currency) */
} ach_test_account;

/**
 * The scripted behaviour of `routing` (exactly `routing_len` bytes) with `account` (exactly
 * `account_len` bytes). Exact byte comparison: no trimming. NULL pointers are allowed with a
 * length of 0 and give a live account.
 * @return by value; outcome ACH_TEST_LIVE, return_code "" and refuses_currency false for any
 *         pair that is not one of the six test accounts.
 */
ACH_EXTERN ach_test_account ach_test_account_lookup(const char *routing, size_t routing_len,
                                                    const char *account, size_t account_len);

/**
 * The name of an outcome: "live", "succeeds", "no_account", "account_closed",
 * "insufficient_funds", "not_authorized", "invalid_currency".
 * @return static storage, never NULL; "unknown" for a value not in ::ach_test_outcome.
 */
ACH_EXTERN const char *ach_test_outcome_name(ach_test_outcome outcome) ACH_CONST;

ACH_END_DECL

#endif /* ACH_TESTMODE_H */
