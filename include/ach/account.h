/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/account.h
 * @brief Bank accounts and their verification (SPEC R-ACC-1 … R-ACC-6, R-SEC-1).
 *
 * A bank account is a plain value (::ach_bank_account) built by ach_account_init(), which runs
 * the validators (ach/routing.h, ach/name.h) and the US/USD rule (R-ACC-1). Its status follows
 * an explicit transition table (R-ACC-4, ach_account_transition_check()):
 *
 *     new         -> validated | verified | verification_failed | errored
 *     validated   -> verified | verification_failed | errored
 *     verified    -> errored
 *     verification_failed, errored: final
 *
 * Verification is by micro-deposits (two amounts sent to the account; the holder enters them,
 * at most 3 failed attempts, R-ACC-4) or instant (a data aggregator or Financial Connections).
 * Every status change emits `customer.source.updated` with the new status (SPEC §7).
 *
 * R-SEC-1: the full account number is held in the value because the rules need it (test
 * numbers, NACHA files), but libach never prints it: every message and event shows at most the
 * last 4 digits (ach_account_last4()). Callers must do the same.
 */
#ifndef ACH_ACCOUNT_H
#define ACH_ACCOUNT_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/rules.h"
#include "ach/routing.h"
#include "ach/name.h"

ACH_BEGIN_DECL

/** Failed micro-deposit attempts after which an account can never be verified (R-ACC-4). */
#define ACH_VERIFY_ATTEMPTS_MAX 3
/** Largest micro-deposit amount, in cents: each deposit is under $1.00. */
#define ACH_MICRODEPOSIT_MAX 99
/** Buffer size of ach_account_last4(): 4 digits plus NUL. */
#define ACH_LAST4_SIZE 5

/** Bank-account statuses (R-ACC-4). */
typedef enum ach_account_status {
    ACH_ACCOUNT_NEW = 1,                 /**< "new": collected, not verified */
    ACH_ACCOUNT_VALIDATED,               /**< "validated": known to exist, not yet verified */
    ACH_ACCOUNT_VERIFIED,                /**< "verified": may be debited (R-CHG-1) */
    ACH_ACCOUNT_VERIFICATION_FAILED,     /**< "verification_failed": final (R-ACC-4) */
    ACH_ACCOUNT_ERRORED                  /**< "errored": the bank refused the account; final */
} ach_account_status;

/** What the bank answers for a test number of R-ACC-6 (routing 110000000). */
typedef enum ach_test_answer {
    ACH_TEST_ANSWER_NONE = 0,        /**< not a test number: a live account */
    ACH_TEST_ANSWER_SUCCEEDS,        /**< 000123456789: every charge succeeds */
    ACH_TEST_ANSWER_FAILS,           /**< the charge fails with ach_bank_account.test_return_code */
    ACH_TEST_ANSWER_REFUSES_CURRENCY /**< 000444444440: charges are refused at creation
                                          (invalid_currency) */
} ach_test_answer;

/** A bank account. Plain value (about 240 bytes); copy freely. Strings are NUL-terminated. */
typedef struct ach_bank_account {
    char id[ACH_ID_SIZE];                    /**< the account's id, 1..63 bytes */
    char customer[ACH_ID_SIZE];              /**< the customer holding it (R-ACC-5); may be "" */
    char routing[ACH_ROUTING_SIZE];          /**< 9 digits, validated (R-ACC-2) */
    char account_number[ACH_ACCOUNT_SIZE];   /**< 4-17 digits; NEVER print it (R-SEC-1) */
    char holder_name[ACH_NAME_FIT_SIZE];     /**< fitted to Nacha's character set and field
                                                  width by ach_name_fit() (R-ACC-3) */
    bool holder_name_truncated;              /**< the name was cut to fit the field */
    ach_holder_type holder_type;             /**< individual or company (R-ACC-3, R-DSP-1) */
    char country[3];                         /**< "US" (R-ACC-1) */
    char currency[4];                        /**< "usd" (R-ACC-1) */
    ach_account_status status;
    uint8_t failed_attempts;                 /**< failed micro-deposit attempts, 0..3 */
    ach_test_answer test_answer;             /**< R-ACC-6 test number, found once at init */
    uint8_t test_return_code;                /**< with ACH_TEST_ANSWER_FAILS: the NACHA return
                                                  reason number (3 for R03), else 0 */
    int32_t microdeposits[2];                /**< the two amounts sent, cents; {0, 0} until
                                                  ach_account_record_microdeposits() */
} ach_bank_account;

/** Inputs of ach_account_init(). Texts are (pointer, length) views and need no NUL. */
typedef struct ach_account_params {
    const char *id;             size_t id_len;             /**< 1..63 bytes */
    const char *customer;       size_t customer_len;       /**< 0..63 bytes */
    const char *routing;        size_t routing_len;        /**< R-ACC-2 */
    const char *account_number; size_t account_number_len; /**< R-ACC-2 */
    const char *holder_name;    size_t holder_name_len;    /**< UTF-8, R-ACC-3 */
    ach_holder_type holder_type;                           /**< R-ACC-3 */
    const char *country;        size_t country_len;        /**< must be "US" */
    const char *currency;       size_t currency_len;       /**< must be "usd" (any case) */
} ach_account_params;

/**
 * Builds a bank account in status `new` from `params`, validating, in this order: the id
 * (ACH_EINVAL when empty, ACH_ETOOLONG above 63 bytes; field "id") and the customer id
 * (ACH_ETOOLONG; field "customer"); the country (ACH_ECOUNTRY unless exactly "US", R-ACC-1;
 * field "country"); the currency (ACH_ECURRENCY unless "usd" in any case, R-ACC-1; field
 * "currency"); the routing number and the account number (every status of
 * ach_routing_validate() and ach_account_number_validate(), R-ACC-2); the holder type
 * (ACH_EHOLDER_TYPE unless individual or company; field "holder_type"); the holder name (every
 * status of ach_name_fit(), R-ACC-3). Test numbers (R-ACC-6) are recognised here, once.
 * @param[out] out the account; untouched on failure.
 * @return ACH_OK or one of the statuses above. Messages never contain the account number.
 */
ACH_EXTERN ach_status ach_account_init(ach_bank_account *out, const ach_account_params *params,
                                       ach_error *err) ACH_WARN_UNUSED;

/** Writes the last 4 digits of the account number and a NUL into `buf` (R-SEC-1). */
ACH_EXTERN char *ach_account_last4(char buf[ACH_LAST4_SIZE], const ach_bank_account *account);

/** True when the account uses the test routing number 110000000 (R-ACC-6): it needs no
 * recorded micro-deposits and verifies with [32, 45]. */
ACH_EXTERN bool ach_account_is_test(const ach_bank_account *account) ACH_PURE;

/** The name of a status: "new", "validated", "verified", "verification_failed", "errored".
 * @return static storage, never NULL; "unknown" for other values. */
ACH_EXTERN const char *ach_account_status_name(ach_account_status status) ACH_CONST;

/**
 * Whether the transition table of R-ACC-4 allows `from` -> `to`.
 * @return ACH_OK, or ACH_ETRANSITION with a message naming both states (field "status").
 */
ACH_EXTERN ach_status ach_account_transition_check(ach_account_status from, ach_account_status to,
                                                   ach_error *err) ACH_WARN_UNUSED;

/**
 * Moves `account` to status `to` through the table (for example to `validated`, or to
 * `errored` when the bank reports the account unusable) and emits `customer.source.updated`.
 * Use the verify functions below for `verified`.
 * @return ACH_OK; ACH_ETRANSITION (table); ACH_EINVAL (env or its calendar missing);
 *         ACH_ERANGE (`at` outside the calendar). `account` untouched on failure.
 */
ACH_EXTERN ach_status ach_account_transition(ach_bank_account *account, const ach_env *env,
                                             ach_account_status to, ach_instant at,
                                             ach_error *err) ACH_WARN_UNUSED;

/**
 * Records the two micro-deposit amounts sent to the account (R-ACC-4; a later call replaces
 * them). Only a `new` or `validated` account takes micro-deposits.
 * @return ACH_OK; ACH_EINVAL (field "microdeposits") unless both are 1..ACH_MICRODEPOSIT_MAX
 *         cents; ACH_ETRANSITION when the status is not new or validated.
 */
ACH_EXTERN ach_status ach_account_record_microdeposits(ach_bank_account *account, int64_t first,
                                                       int64_t second,
                                                       ach_error *err) ACH_WARN_UNUSED;

/**
 * Parses a micro-deposit pair as written in a ledger (SPEC §10): exactly two positive whole
 * numbers of cents separated by one or more spaces, e.g. "12 87" (R-ACC-4: exactly two positive
 * amounts).
 * @param[out] out the two amounts; untouched on failure.
 * @return ACH_OK, or ACH_EINVAL (field "amounts") naming what is wrong: not a number, zero,
 *         above ACH_MICRODEPOSIT_MAX, one amount, three amounts.
 */
ACH_EXTERN ach_status ach_account_microdeposits_parse(int64_t out[2], const char *text, size_t len,
                                              ach_error *err) ACH_WARN_UNUSED;

/**
 * The holder enters the two micro-deposit amounts (R-ACC-4). They are compared, in either
 * order, with the recorded ones, or with [32, 45] for a test account.
 *
 * - Right pair: the account becomes `verified`, `customer.source.updated` is emitted, ACH_OK.
 * - Wrong pair: **this attempt counts, so the account IS updated although the call fails**:
 *   failed_attempts grows by one and ACH_EVERIFY_MISMATCH is returned with the message
 *   "The amounts provided do not match the amounts that were sent to the bank account." followed
 *   by the attempts left ("2 attempts remain." / "1 attempt remains."). The 3rd failure makes
 *   the account `verification_failed` for good, emits `customer.source.updated`, and the message
 *   ends "No attempts remain: the bank account can no longer be verified." A reconciliation
 *   engine counts a mismatch as an applied record (SPEC §10).
 *
 * Other failures leave the account untouched and count no attempt:
 * @return ACH_OK; ACH_EVERIFY_MISMATCH (see above); ACH_EVERIFY_LOCKED when the account is
 *         already verification_failed; ACH_ETRANSITION when it is verified or errored;
 *         ACH_EINVAL (field "amounts") unless both amounts are 1..ACH_MICRODEPOSIT_MAX;
 *         ACH_ENOTFOUND (field "microdeposits") for a live account with no recorded
 *         micro-deposits; ACH_EINVAL/ACH_ERANGE for env and `at` as ach_account_transition().
 */
ACH_EXTERN ach_status ach_account_verify_microdeposits(ach_bank_account *account,
                                                       const ach_env *env, int64_t first,
                                                       int64_t second, ach_instant at,
                                                       ach_error *err) ACH_WARN_UNUSED;

/**
 * Instant verification through a data aggregator or Financial Connections (R-ACC-4): a `new`
 * or `validated` account becomes `verified` at once; emits `customer.source.updated`.
 * @return ACH_OK; ACH_EVERIFY_LOCKED (verification_failed); ACH_ETRANSITION (verified,
 *         errored); ACH_EINVAL/ACH_ERANGE for env and `at`.
 */
ACH_EXTERN ach_status ach_account_verify_instant(ach_bank_account *account, const ach_env *env,
                                                 ach_instant at, ach_error *err) ACH_WARN_UNUSED;

/** The statement descriptor micro-deposits are sent with (R-ACC-4): the holder finds the two
 * amounts under it on their statement. */
#define ACH_MICRODEPOSIT_DESCRIPTOR "ACCTVERIFY"

/** ach_recon_options.verify_within_days and the like: business days after micro-deposits are
 * sent by which a verification is expected before the account is reported (R-ACC-4b). */
#define ACH_MICRODEPOSIT_VERIFY_WITHIN_DEFAULT 10u

/** When micro-deposits sent at an instant reach the account (R-ACC-4, R-ACC-4b). */
typedef struct ach_microdeposit_dates {
    ach_date sent;        /**< their processing date (R-CAL-4) */
    ach_date earliest;    /**< sent + 1 business day: they post in 1-2 business days, so amounts
                               entered before this date cannot come from the statement */
    ach_date expected_by; /**< sent + 2 business days: they are on the account by then */
} ach_microdeposit_dates;

/**
 * The dates of micro-deposits sent at `sent` (R-ACC-4b).
 * @param[out] out untouched on failure.
 * @return ACH_OK; ACH_EINVAL (NULL argument); ACH_ERANGE (outside the calendar).
 */
ACH_EXTERN ach_status ach_account_microdeposit_dates(ach_microdeposit_dates *out,
                                                     const ach_calendar *cal, ach_instant sent,
                                                     ach_error *err) ACH_WARN_UNUSED;

/**
 * A micro-deposit failed: the bank returned it (R-ACC-4b, seed: "one of the two micro-deposits
 * failed"). The account becomes `verification_failed` at once, for good (its attempts are used
 * up), and `customer.source.updated` is emitted.
 * @return ACH_OK; ACH_ETRANSITION when the account is not new or validated (field "status");
 *         ACH_EINVAL/ACH_ERANGE for env and `at` as ach_account_transition(). `account`
 *         untouched on failure.
 */
ACH_EXTERN ach_status ach_account_microdeposits_failed(ach_bank_account *account,
                                                       const ach_env *env, ach_instant at,
                                                       ach_error *err) ACH_WARN_UNUSED;

/**
 * R-ACC-4b: whether an account still unverified on `date`, whose micro-deposits were sent
 * (processing date) on `sent`, is overdue for verification: `date` is at least `within`
 * business days after `sent`.
 * @param[out] overdue    the answer.
 * @param[out] age        business days from `sent` to `date` (ach_calendar_business_days_between());
 *                        may be NULL.
 * @return ACH_OK; ACH_EINVAL (NULL overdue or cal); ACH_ERANGE (outside the calendar).
 */
ACH_EXTERN ach_status ach_account_verification_overdue(bool *overdue, int32_t *age,
                                                       const ach_calendar *cal, ach_date sent,
                                                       ach_date date, unsigned within,
                                                       ach_error *err) ACH_WARN_UNUSED;

ACH_END_DECL

#endif /* ACH_ACCOUNT_H */
