/* SPDX-License-Identifier: Apache-2.0 */
/* Bank accounts and verification (R-ACC-1 … R-ACC-6, R-SEC-1). */
#include "testing.h"
#include "rules_fixture.h"
#include "ach/testmode.h"

/* ---- construction (R-ACC-1, R-ACC-2, R-ACC-3) ---------------------------------------------- */

START_TEST(r_acc_init_valid_account)
{
    env_reset();
    ach_account_params p = {"ba_42", 5, "cus_7", 5, "110000000", 9, "000123456789", 12,
                            "Jenny Rosen", 11, ACH_HOLDER_INDIVIDUAL, "US", 2, "USD", 3};
    ach_bank_account a;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_account_init(&a, &p, &err) == ACH_OK, "%s", err.message);
    ck_assert_str_eq(a.id, "ba_42");
    ck_assert_str_eq(a.customer, "cus_7");
    ck_assert_str_eq(a.routing, "110000000");
    ck_assert_str_eq(a.account_number, "000123456789");
    ck_assert_str_eq(a.holder_name, "JENNY ROSEN"); /* Nacha character set (R-ACC-3) */
    ck_assert(!a.holder_name_truncated);
    ck_assert_int_eq(a.holder_type, ACH_HOLDER_INDIVIDUAL);
    ck_assert_str_eq(a.country, "US");
    ck_assert_str_eq(a.currency, "usd");
    ck_assert_int_eq(a.status, ACH_ACCOUNT_NEW);
    ck_assert_int_eq(a.failed_attempts, 0);
    ck_assert(ach_account_is_test(&a));
    ck_assert_int_eq(a.test_answer, ACH_TEST_ANSWER_SUCCEEDS);
    char last4[ACH_LAST4_SIZE];
    ck_assert_str_eq(ach_account_last4(last4, &a), "6789");
    ck_assert_uint_eq(evbuf.count, 0); /* creation is not a status change */
}
END_TEST

START_TEST(r_acc_3_company_name_width_and_live_account)
{
    /* 021000021 (JPMorgan Chase) is a live routing number: not test mode. A company holder's
     * name field is 22 characters wide, like an individual's (R-ACC-3, corrected 2026-12-04). */
    ach_account_params p = {"ba_9", 4, "", 0, "021000021", 9, "9876543210", 10,
                            "Rocket Rides Incorporated", 25, ACH_HOLDER_COMPANY, "US", 2, "usd", 3};
    ach_bank_account a;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_account_init(&a, &p, &err) == ACH_OK, "%s", err.message);
    ck_assert(!ach_account_is_test(&a));
    ck_assert_int_eq(a.test_answer, ACH_TEST_ANSWER_NONE);
    ck_assert_int_eq(a.holder_type, ACH_HOLDER_COMPANY);
    ck_assert_str_eq(a.holder_name, "ROCKET RIDES INCORPORA");
    ck_assert(a.holder_name_truncated);
    ck_assert_str_eq(a.customer, "");
}
END_TEST

struct init_error {
    const char *id, *customer, *routing, *number, *name, *country, *currency;
    int holder;
    ach_status status;
    const char *field;
    const char *needle;
};

#define LONG64 "0123456789012345678901234567890123456789012345678901234567890123"

/* Each refusal with its own status (the account number 000123456789 must never appear). */
static const struct init_error init_errors[] = {
    {"", "c", "110000000", "000123456789", "A B", "US", "usd", 1, ACH_EINVAL, "id", "id is empty"},
    {LONG64, "c", "110000000", "000123456789", "A B", "US", "usd", 1, ACH_ETOOLONG, "id",
     "longer than 63"},
    {"ba", LONG64, "110000000", "000123456789", "A B", "US", "usd", 1, ACH_ETOOLONG, "customer",
     "customer is 64 bytes"},
    /* control characters in a short id, in a whole word, and in the overlapping last word */
    {"b\x01", "c", "110000000", "000123456789", "A B", "US", "usd", 1, ACH_EINVAL, "id",
     "control character at byte 2"},
    {"ba_0\x1f" "23456789", "c", "110000000", "000123456789", "A B", "US", "usd", 1, ACH_EINVAL,
     "id", "control character at byte 5"},
    {"ba", "cus_0123456789\x7f", "110000000", "000123456789", "A B", "US", "usd", 1, ACH_EINVAL,
     "customer", "control character at byte 15"},
    {"ba", "c", "110000000", "000123456789", "A B", "CA", "usd", 1, ACH_ECOUNTRY, "country",
     "only US bank accounts can be debited (R-ACC-1)"},
    {"ba", "c", "110000000", "000123456789", "A B", "us", "usd", 1, ACH_ECOUNTRY, "country",
     "'us'"},
    {"ba", "c", "110000000", "000123456789", "A B", "US", "eur", 1, ACH_ECURRENCY, "currency",
     "only USD bank accounts can be debited (R-ACC-1)"},
    {"ba", "c", "110000000", "000123456789", "A B", "US", "", 1, ACH_ECURRENCY, "currency", "''"},
    {"ba", "c", "11000000", "000123456789", "A B", "US", "usd", 1, ACH_EROUTING_LENGTH, "routing",
     NULL},
    {"ba", "c", "110000001", "000123456789", "A B", "US", "usd", 1, ACH_EROUTING_CHECKSUM,
     "routing", NULL},
    {"ba", "c", "110000000", "0001-23456789", "A B", "US", "usd", 1, ACH_EACCOUNT_DIGIT,
     "account_number", NULL},
    {"ba", "c", "110000000", "123", "A B", "US", "usd", 1, ACH_EACCOUNT_LENGTH, "account_number",
     NULL},
    {"ba", "c", "110000000", "000123456789", "A B", "US", "usd", 0, ACH_EHOLDER_TYPE,
     "holder_type", "neither individual nor company"},
    {"ba", "c", "110000000", "000123456789", "A B", "US", "usd", 3, ACH_EHOLDER_TYPE,
     "holder_type", "(R-ACC-3)"},
    {"ba", "c", "110000000", "000123456789", "", "US", "usd", 1, ACH_ENAME_EMPTY, NULL, NULL},
};

START_TEST(r_acc_init_refusals)
{
    const struct init_error *c = &init_errors[_i];
    ach_account_params p = {c->id,       strlen(c->id),       c->customer, strlen(c->customer),
                            c->routing,  strlen(c->routing),  c->number,   strlen(c->number),
                            c->name,     strlen(c->name),     (ach_holder_type)c->holder,
                            c->country,  strlen(c->country),  c->currency, strlen(c->currency)};
    ach_bank_account a;
    poison(&a, sizeof a);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_init(&a, &p, &err), c->status);
    ck_assert_untouched(a);
    if (c->field) ck_assert_str_eq(err.field, c->field);
    if (c->needle) ck_assert_msg_has(err, c->needle);
    /* R-SEC-1: never the account number, not even its first 8 digits */
    ck_assert_ptr_null(strstr(err.message, "00012345"));
}
END_TEST

/* ---- the status table (R-ACC-4) ------------------------------------------------------------- */

START_TEST(r_acc_4_transition_table)
{
    /* allowed[from][to], worked from R-ACC-4 */
    static const bool allowed[6][6] = {
        [ACH_ACCOUNT_NEW] = {[ACH_ACCOUNT_VALIDATED] = 1, [ACH_ACCOUNT_VERIFIED] = 1,
                             [ACH_ACCOUNT_VERIFICATION_FAILED] = 1, [ACH_ACCOUNT_ERRORED] = 1},
        [ACH_ACCOUNT_VALIDATED] = {[ACH_ACCOUNT_VERIFIED] = 1,
                                   [ACH_ACCOUNT_VERIFICATION_FAILED] = 1,
                                   [ACH_ACCOUNT_ERRORED] = 1},
        [ACH_ACCOUNT_VERIFIED] = {[ACH_ACCOUNT_ERRORED] = 1},
    };
    int from = _i / 5 + 1, to = _i % 5 + 1;
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_account_transition_check(from, to, &err);
    if (allowed[from][to]) {
        ck_assert_int_eq(st, ACH_OK);
    } else {
        ck_assert_int_eq(st, ACH_ETRANSITION);
        char want[128];
        snprintf(want, sizeof want, "a bank account cannot go from %s to %s (R-ACC-4)",
                 ach_account_status_name(from), ach_account_status_name(to));
        ck_assert_str_eq(err.message, want);
        ck_assert_str_eq(err.field, "status");
    }
}
END_TEST

START_TEST(r_acc_4_status_names)
{
    ck_assert_str_eq(ach_account_status_name(ACH_ACCOUNT_NEW), "new");
    ck_assert_str_eq(ach_account_status_name(ACH_ACCOUNT_VALIDATED), "validated");
    ck_assert_str_eq(ach_account_status_name(ACH_ACCOUNT_VERIFIED), "verified");
    ck_assert_str_eq(ach_account_status_name(ACH_ACCOUNT_VERIFICATION_FAILED),
                     "verification_failed");
    ck_assert_str_eq(ach_account_status_name(ACH_ACCOUNT_ERRORED), "errored");
    ck_assert_str_eq(ach_account_status_name(0), "unknown");
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_transition_check(0, ACH_ACCOUNT_NEW, &err), ACH_ETRANSITION);
    ck_assert_msg_has(err, "from unknown to new");
}
END_TEST

/* R-ACC-4b (issue 18): when micro-deposits arrive, a failed deposit, a verification that never
 * comes. */
START_TEST(r_acc_4b_microdeposits)
{
    env_reset();
    ck_assert_str_eq(ACH_MICRODEPOSIT_DESCRIPTOR, "ACCTVERIFY");
    ach_microdeposit_dates md;
    /* sent Friday 2026-11-27 at 23:00 UTC: processed Monday 11-30, post 12-01 .. 12-02 */
    ck_assert_int_eq(ach_account_microdeposit_dates(&md, cal, T(2026, 11, 27, 23, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(md.sent, D(2026, 11, 30));
    ck_assert_int_eq(md.earliest, D(2026, 12, 1));
    ck_assert_int_eq(md.expected_by, D(2026, 12, 2));
    ck_assert_int_eq(ach_account_microdeposit_dates(NULL, cal, 0, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_account_microdeposit_dates(&md, cal, T(2250, 1, 2, 0, 0, 0), NULL),
                     ACH_ERANGE);

    ach_bank_account a = account_new("ba_1", "021000021", "9876543210", ACH_HOLDER_INDIVIDUAL);
    ck_assert_int_eq(ach_account_record_microdeposits(&a, 12, 87, NULL), ACH_OK);
    ck_assert_int_eq(ach_account_microdeposits_failed(&a, &env, T(2026, 12, 2, 9, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_VERIFICATION_FAILED);
    ck_assert_uint_eq(a.failed_attempts, ACH_VERIFY_ATTEMPTS_MAX);
    ck_assert_uint_eq(evbuf.count, 1);
    ck_assert_str_eq(events[0].status, "verification_failed");
    ck_assert_str_eq(events[0].descriptor, "ACCTVERIFY"); /* caused by micro-deposits */
    /* for good: the right amounts are refused, a second failure is a transition error */
    ck_assert_int_eq(ach_account_verify_microdeposits(&a, &env, 12, 87, T(2026, 12, 3, 9, 0, 0),
                                                      NULL),
                     ACH_EVERIFY_LOCKED);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_microdeposits_failed(&a, &env, T(2026, 12, 3, 9, 0, 0), &err),
                     ACH_ETRANSITION);
    ck_assert_str_eq(err.field, "status");
    ach_bank_account b = account_new("ba_2", "021000021", "9876543211", ACH_HOLDER_INDIVIDUAL);
    ach_env none = env;
    none.calendar = NULL;
    ck_assert_int_eq(ach_account_microdeposits_failed(&b, &none, T(2026, 12, 3, 9, 0, 0), NULL),
                     ACH_EINVAL);
    ck_assert_int_eq(ach_account_microdeposits_failed(&b, &env, T(2250, 1, 2, 0, 0, 0), NULL),
                     ACH_ERANGE);
    ck_assert_int_eq(b.status, ACH_ACCOUNT_NEW); /* untouched */

    /* sent Monday 11-30: 10 business days later is Monday 12-14 */
    bool late = true;
    int32_t age = 0;
    ck_assert_int_eq(ach_account_verification_overdue(&late, &age, cal, D(2026, 11, 30),
                                                      D(2026, 12, 11), 10, NULL),
                     ACH_OK);
    ck_assert(!late);
    ck_assert_int_eq(age, 9);
    ck_assert_int_eq(ach_account_verification_overdue(&late, &age, cal, D(2026, 11, 30),
                                                      D(2026, 12, 14), 10, NULL),
                     ACH_OK);
    ck_assert(late);
    ck_assert_int_eq(age, 10);
    ck_assert_int_eq(ach_account_verification_overdue(NULL, NULL, cal, 0, 0, 10, NULL),
                     ACH_EINVAL);
    ck_assert_int_eq(ach_account_verification_overdue(&late, NULL, cal, D(2026, 11, 30),
                                                      D(2250, 1, 1), 10, NULL),
                     ACH_ERANGE);
}
END_TEST

START_TEST(r_acc_4_transition_emits_source_updated)
{
    env_reset();
    ach_bank_account a = account_new("ba_1", "021000021", "9876543210", ACH_HOLDER_INDIVIDUAL);
    /* Saturday 2026-11-28: the event's business date is Monday 11-30 (R-CAL-4). */
    ck_assert_int_eq(ach_account_transition(&a, &env, ACH_ACCOUNT_VALIDATED,
                                            T(2026, 11, 28, 10, 0, 0), NULL),
                     ACH_OK);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_VALIDATED);
    ck_assert_uint_eq(evbuf.count, 1);
    ck_assert_int_eq(events[0].type, ACH_EVENT_CUSTOMER_SOURCE_UPDATED);
    ck_assert_str_eq(events[0].id, "ba_1");
    ck_assert_str_eq(events[0].customer, "cus_1");
    ck_assert_str_eq(events[0].status, "validated");
    ck_assert_int_eq(events[0].created, T(2026, 11, 28, 10, 0, 0));
    ck_assert_int_eq(events[0].business_date, D(2026, 11, 30));
    ck_assert_int_eq(ach_account_transition(&a, &env, ACH_ACCOUNT_ERRORED,
                                            T(2026, 12, 1, 10, 0, 0), NULL),
                     ACH_OK);
    ck_assert_str_eq(events[1].status, "errored");
    /* errored is final; a refused move emits nothing */
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_transition(&a, &env, ACH_ACCOUNT_VERIFIED,
                                            T(2026, 12, 2, 10, 0, 0), &err),
                     ACH_ETRANSITION);
    ck_assert_str_eq(err.message, "a bank account cannot go from errored to verified (R-ACC-4)");
    ck_assert_uint_eq(evbuf.count, 2);
    /* outside the calendar: refused, untouched */
    ach_bank_account b = account_new("ba_2", "021000021", "9876543210", ACH_HOLDER_INDIVIDUAL);
    ck_assert_int_eq(ach_account_transition(&b, &env, ACH_ACCOUNT_VALIDATED,
                                            T(2300, 1, 1, 0, 0, 0), NULL),
                     ACH_ERANGE);
    ck_assert_int_eq(b.status, ACH_ACCOUNT_NEW);
    ck_assert_int_eq(ach_account_transition(&b, NULL, ACH_ACCOUNT_VALIDATED, 0, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "calendar");
}
END_TEST

/* ---- micro-deposits (R-ACC-4) --------------------------------------------------------------- */

/* The holder enters (x, y) at `at`. */
static ach_status verify(ach_bank_account *a, int64_t x, int64_t y, ach_instant at, ach_error *err)
{
    return ach_account_verify_microdeposits(a, &env, x, y, at, err);
}

#define MISMATCH "The amounts provided do not match the amounts that were sent to the bank account."

START_TEST(r_acc_4_microdeposits_right_pair_either_order)
{
    env_reset();
    for (int order = 0; order < 2; order++) {
        ach_bank_account a = account_new("ba_1", "021000021", "9876543210", ACH_HOLDER_INDIVIDUAL);
        ck_assert_int_eq(ach_account_record_microdeposits(&a, 12, 87, NULL), ACH_OK);
        ach_error err = ACH_ERROR_INIT;
        ach_instant at = T(2026, 3, 4, 9, 0, 0);
        ach_status st = order ? verify(&a, 87, 12, at, &err) : verify(&a, 12, 87, at, &err);
        ck_assert_msg(st == ACH_OK, "%s", err.message);
        ck_assert_int_eq(a.status, ACH_ACCOUNT_VERIFIED);
        ck_assert_int_eq(a.failed_attempts, 0);
    }
    ck_assert_uint_eq(evbuf.count, 2);
    ck_assert_str_eq(events[1].status, "verified");
}
END_TEST

START_TEST(r_acc_4_three_failures_lock_for_good)
{
    env_reset();
    ach_bank_account a = account_new("ba_1", "021000021", "9876543210", ACH_HOLDER_INDIVIDUAL);
    ck_assert_int_eq(ach_account_record_microdeposits(&a, 12, 87, NULL), ACH_OK);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(verify(&a, 12, 88, T(2026, 3, 4, 9, 0, 0), &err),
                     ACH_EVERIFY_MISMATCH);
    ck_assert_str_eq(err.message, MISMATCH " 2 attempts remain.");
    ck_assert_int_eq(a.failed_attempts, 1); /* the attempt counted */
    ck_assert_int_eq(a.status, ACH_ACCOUNT_NEW);
    ck_assert_uint_eq(evbuf.count, 0); /* no status change, no event */
    ck_assert_int_eq(verify(&a, 87, 87, T(2026, 3, 4, 9, 1, 0), &err),
                     ACH_EVERIFY_MISMATCH);
    ck_assert_str_eq(err.message, MISMATCH " 1 attempt remains.");
    ck_assert_int_eq(verify(&a, 1, 2, T(2026, 3, 4, 9, 2, 0), &err),
                     ACH_EVERIFY_MISMATCH);
    ck_assert_str_eq(err.message,
                     MISMATCH " No attempts remain: the bank account can no longer be verified.");
    ck_assert_int_eq(a.failed_attempts, 3);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_VERIFICATION_FAILED);
    ck_assert_uint_eq(evbuf.count, 1);
    ck_assert_int_eq(events[0].type, ACH_EVENT_CUSTOMER_SOURCE_UPDATED);
    ck_assert_str_eq(events[0].status, "verification_failed");
    /* for good: even the right pair, or instant verification, is refused; nothing changes */
    ck_assert_int_eq(verify(&a, 12, 87, T(2026, 3, 5, 9, 0, 0), &err),
                     ACH_EVERIFY_LOCKED);
    ck_assert_msg_has(err, "can no longer be verified (R-ACC-4)");
    ck_assert_int_eq(ach_account_verify_instant(&a, &env, T(2026, 3, 5, 9, 0, 0), &err),
                     ACH_EVERIFY_LOCKED);
    ck_assert_int_eq(a.failed_attempts, 3);
    ck_assert_uint_eq(evbuf.count, 1);
}
END_TEST

/* Test mode: [32, 45] verify with no recorded micro-deposits; any other pair fails. */
START_TEST(r_acc_4_test_mode_amounts)
{
    env_reset();
    ach_bank_account a = account_new("ba_1", "110000000", "000123456789", ACH_HOLDER_INDIVIDUAL);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(verify(&a, 32, 46, T(2026, 3, 4, 9, 0, 0), &err),
                     ACH_EVERIFY_MISMATCH);
    ck_assert_int_eq(ach_account_verify_microdeposits(&a, &env, ACH_TEST_MICRODEPOSIT_2,
                                                      ACH_TEST_MICRODEPOSIT_1,
                                                      T(2026, 3, 4, 9, 0, 0), &err),
                     ACH_OK);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_VERIFIED);
    ck_assert_int_eq(a.failed_attempts, 1);
    ck_assert_int_eq(ACH_TEST_MICRODEPOSIT_1, 32);
    ck_assert_int_eq(ACH_TEST_MICRODEPOSIT_2, 45);
    /* verified: a second verification is an illegal transition */
    ck_assert_int_eq(verify(&a, 32, 45, T(2026, 3, 4, 9, 0, 0), &err),
                     ACH_ETRANSITION);
    ck_assert_str_eq(err.message, "a bank account cannot go from verified to verified (R-ACC-4)");
}
END_TEST

struct bad_attempt {
    int64_t first, second;
    bool record;
    ach_status status;
    const char *field;
};

/* Refusals that count no attempt (R-ACC-4: exactly two positive amounts). */
static const struct bad_attempt bad_attempts[] = {
    {0, 45, true, ACH_EINVAL, "amounts"},
    {32, -1, true, ACH_EINVAL, "amounts"},
    {100, 45, true, ACH_EINVAL, "amounts"},
    {12, 87, false, ACH_ENOTFOUND, "microdeposits"}, /* live account, nothing sent */
};

START_TEST(r_acc_4_refusals_count_no_attempt)
{
    env_reset();
    const struct bad_attempt *c = &bad_attempts[_i];
    ach_bank_account a = account_new("ba_1", "021000021", "9876543210", ACH_HOLDER_INDIVIDUAL);
    if (c->record) ck_assert_int_eq(ach_account_record_microdeposits(&a, 12, 87, NULL), ACH_OK);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_verify_microdeposits(&a, &env, c->first, c->second,
                                                      T(2026, 3, 4, 9, 0, 0), &err),
                     c->status);
    ck_assert_str_eq(err.field, c->field);
    ck_assert_int_eq(a.failed_attempts, 0);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_NEW);
    ck_assert_uint_eq(evbuf.count, 0);
}
END_TEST

START_TEST(r_acc_4_record_microdeposits)
{
    ach_bank_account a = account_new("ba_1", "021000021", "9876543210", ACH_HOLDER_INDIVIDUAL);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_record_microdeposits(&a, 0, 5, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "microdeposits");
    ck_assert_int_eq(ach_account_record_microdeposits(&a, 5, 100, &err), ACH_EINVAL);
    ck_assert_int_eq(a.microdeposits[0], 0);
    ck_assert_int_eq(ach_account_record_microdeposits(&a, 1, 99, NULL), ACH_OK);
    ck_assert_int_eq(ach_account_record_microdeposits(&a, 7, 8, NULL), ACH_OK); /* re-sent */
    ck_assert_int_eq(a.microdeposits[0], 7);
    ck_assert_int_eq(a.microdeposits[1], 8);
    env_reset();
    ck_assert_int_eq(ach_account_verify_instant(&a, &env, T(2026, 3, 4, 9, 0, 0), NULL), ACH_OK);
    ck_assert_int_eq(ach_account_record_microdeposits(&a, 7, 8, &err), ACH_ETRANSITION);
    ck_assert_msg_has(err, "that is verified");
}
END_TEST

struct parse_case {
    const char *text;
    ach_status status;
    int64_t a, b;
    const char *needle;
};

static const struct parse_case parses[] = {
    {"12 87", ACH_OK, 12, 87, NULL},
    {"32  45", ACH_OK, 32, 45, NULL},
    {" 1 99 ", ACH_OK, 1, 99, NULL},
    {"032 045", ACH_OK, 32, 45, NULL},
    {"", ACH_EINVAL, 0, 0, "no amount given"},
    {"32", ACH_EINVAL, 0, 0, "only one amount given"},
    {"32 45 7", ACH_EINVAL, 0, 0, "more than two"},
    {"0 45", ACH_EINVAL, 0, 0, "amount 1 must be 1 to 99 cents"},
    {"32 100", ACH_EINVAL, 0, 0, "amount 2 must be 1 to 99 cents"},
    {"32 99999999999999999999999", ACH_EINVAL, 0, 0, "amount 2"},
    {"32,45", ACH_EINVAL, 0, 0, "whole numbers"},
    {"-3 45", ACH_EINVAL, 0, 0, "whole numbers"},
    {"0.32 0.45", ACH_EINVAL, 0, 0, "whole numbers"},
    {"instant", ACH_EINVAL, 0, 0, "whole numbers"},
};

START_TEST(r_acc_4_parse_amounts)
{
    const struct parse_case *c = &parses[_i];
    int64_t out[2] = {-7, -7};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_microdeposits_parse(out, c->text, strlen(c->text), &err),
                     c->status);
    if (c->status == ACH_OK) {
        ck_assert_int_eq(out[0], c->a);
        ck_assert_int_eq(out[1], c->b);
    } else {
        ck_assert_int_eq(out[0], -7);
        ck_assert_str_eq(err.field, "amounts");
        ck_assert_msg_has(err, c->needle);
    }
}
END_TEST

/* Instant verification (aggregator or Financial Connections) verifies at once. */
START_TEST(r_acc_4_instant_verification)
{
    env_reset();
    ach_bank_account a = account_new("ba_1", "021000021", "9876543210", ACH_HOLDER_COMPANY);
    ck_assert_int_eq(ach_account_transition(&a, &env, ACH_ACCOUNT_VALIDATED, T(2026, 3, 3, 9, 0, 0),
                                            NULL),
                     ACH_OK);
    ck_assert_int_eq(ach_account_verify_instant(&a, &env, T(2026, 3, 4, 9, 0, 0), NULL), ACH_OK);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_VERIFIED);
    ck_assert_uint_eq(evbuf.count, 2);
    ck_assert_str_eq(events[1].status, "verified");
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_verify_instant(&a, &env, T(2026, 3, 4, 9, 0, 0), &err),
                     ACH_ETRANSITION);
    ck_assert_uint_eq(evbuf.count, 2);
}
END_TEST

static Suite *account_suite(void)
{
    Suite *s = suite_create("account");
    TCase *tc = tcase_create("init");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_test(tc, r_acc_init_valid_account);
    tcase_add_test(tc, r_acc_3_company_name_width_and_live_account);
    tcase_add_loop_test(tc, r_acc_init_refusals, 0,
                        (int)(sizeof init_errors / sizeof *init_errors));
    suite_add_tcase(s, tc);
    tc = tcase_create("status");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_loop_test(tc, r_acc_4_transition_table, 0, 25);
    tcase_add_test(tc, r_acc_4_status_names);
    tcase_add_test(tc, r_acc_4_transition_emits_source_updated);
    suite_add_tcase(s, tc);
    tc = tcase_create("verification");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_test(tc, r_acc_4_microdeposits_right_pair_either_order);
    tcase_add_test(tc, r_acc_4_three_failures_lock_for_good);
    tcase_add_test(tc, r_acc_4_test_mode_amounts);
    tcase_add_loop_test(tc, r_acc_4_refusals_count_no_attempt, 0,
                        (int)(sizeof bad_attempts / sizeof *bad_attempts));
    tcase_add_test(tc, r_acc_4_record_microdeposits);
    tcase_add_test(tc, r_acc_4b_microdeposits);
    tcase_add_loop_test(tc, r_acc_4_parse_amounts, 0, (int)(sizeof parses / sizeof *parses));
    tcase_add_test(tc, r_acc_4_instant_verification);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(account_suite)
