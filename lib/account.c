/* SPDX-License-Identifier: Apache-2.0 */
/* Bank accounts and verification (R-ACC-1 … R-ACC-6, R-SEC-1). */
#include "ach/account.h"
#include "ach/testmode.h"
#include "rules_internal.h"

/* R-ACC-4: the status transition table. */
static const bool account_moves[ACH_ACCOUNT_ERRORED + 1][ACH_ACCOUNT_ERRORED + 1] = {
    [ACH_ACCOUNT_NEW] = {[ACH_ACCOUNT_VALIDATED] = true,
                         [ACH_ACCOUNT_VERIFIED] = true,
                         [ACH_ACCOUNT_VERIFICATION_FAILED] = true,
                         [ACH_ACCOUNT_ERRORED] = true},
    [ACH_ACCOUNT_VALIDATED] = {[ACH_ACCOUNT_VERIFIED] = true,
                               [ACH_ACCOUNT_VERIFICATION_FAILED] = true,
                               [ACH_ACCOUNT_ERRORED] = true},
    [ACH_ACCOUNT_VERIFIED] = {[ACH_ACCOUNT_ERRORED] = true},
};

static bool status_valid(ach_account_status s)
{
    return s >= ACH_ACCOUNT_NEW && s <= ACH_ACCOUNT_ERRORED;
}

const char *ach_account_status_name(ach_account_status status)
{
    switch (status) {
    case ACH_ACCOUNT_NEW: return "new";
    case ACH_ACCOUNT_VALIDATED: return "validated";
    case ACH_ACCOUNT_VERIFIED: return "verified";
    case ACH_ACCOUNT_VERIFICATION_FAILED: return "verification_failed";
    case ACH_ACCOUNT_ERRORED: return "errored";
    default: return "unknown";
    }
}

ach_status ach_account_transition_check(ach_account_status from, ach_account_status to,
                                        ach_error *err)
{
    if (status_valid(from) && status_valid(to) && account_moves[from][to]) return ACH_OK;
    return ach__fail(err, ACH_ETRANSITION, "status", 0, 0,
                     "a bank account cannot go from %s to %s (R-ACC-4)",
                     ach_account_status_name(from), ach_account_status_name(to));
}

char *ach_account_last4(char buf[ACH_LAST4_SIZE], const ach_bank_account *a)
{
    size_t n = strlen(a->account_number);
    ach__strlcpy(buf, a->account_number + (n > 4 ? n - 4 : 0), ACH_LAST4_SIZE);
    return buf;
}

bool ach_account_is_test(const ach_bank_account *a)
{
    return strcmp(a->routing, ACH_TEST_ROUTING) == 0;
}

/* Copies a (pointer, length) id into a fixed field after checking it. */
static ach_status copy_view_id(char dst[ACH_ID_SIZE], const char *text, size_t len, bool required,
                               const char *field, ach_error *err)
{
    ach_status st = ach__id_check_view(text, len, required, field, err);
    if (st != ACH_OK) return st;
    if (len) memcpy(dst, text, len);
    dst[len] = '\0';
    return ACH_OK;
}

/* Inline, so that strlen() of the literal word is folded away. */
static inline bool view_is(const char *text, size_t len, const char *word, bool fold)
{
    if (strlen(word) != len) return false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (fold && c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != word[i]) return false;
    }
    return true;
}

/* A return reason "R03" as its number (3); 0 when empty or malformed. */
static uint8_t return_number(const char *code)
{
    int n = 0;
    if (ach_charge_outcome_parse(&n, code, strlen(code), NULL) != ACH_OK) return 0;
    return (uint8_t)n;
}

ach_status ach_account_init(ach_bank_account *out, const ach_account_params *p, ach_error *err)
{
    ach_bank_account a;
    memset(&a, 0, sizeof a);
    ach_status st = copy_view_id(a.id, p->id, p->id_len, true, "id", err);
    if (st != ACH_OK) return st;
    st = copy_view_id(a.customer, p->customer, p->customer_len, false, "customer", err);
    if (st != ACH_OK) return st;
    char shown[24];
    if (!view_is(p->country, p->country_len, "US", false))
        return ach__fail(err, ACH_ECOUNTRY, "country", 0, 0,
                         "country '%s' is not accepted: only US bank accounts can be debited "
                         "(R-ACC-1)",
                         ach__echo(shown, sizeof shown, p->country, p->country_len, 8));
    if (!view_is(p->currency, p->currency_len, "usd", true))
        return ach__fail(err, ACH_ECURRENCY, "currency", 0, 0,
                         "currency '%s' is not accepted: only USD bank accounts can be debited "
                         "(R-ACC-1)",
                         ach__echo(shown, sizeof shown, p->currency, p->currency_len, 8));
    st = ach_routing_validate(p->routing, p->routing_len, err);
    if (st != ACH_OK) return st;
    st = ach_account_number_validate(p->account_number, p->account_number_len, err);
    if (st != ACH_OK) return st;
    if (p->holder_type != ACH_HOLDER_INDIVIDUAL && p->holder_type != ACH_HOLDER_COMPANY)
        return ach__fail(err, ACH_EHOLDER_TYPE, "holder_type", 0, 0,
                         "holder type %d is neither individual nor company (R-ACC-3)",
                         (int)p->holder_type);
    st = ach_name_fit(a.holder_name, sizeof a.holder_name, &a.holder_name_truncated, p->holder_name,
                      p->holder_name_len, p->holder_type, err);
    if (st != ACH_OK) return st;

    memcpy(a.routing, p->routing, ACH_ROUTING_LEN);
    memcpy(a.account_number, p->account_number, p->account_number_len);
    a.holder_type = p->holder_type;
    memcpy(a.country, "US", 3);
    memcpy(a.currency, "usd", 4);
    a.status = ACH_ACCOUNT_NEW;
    ach_test_account t = ach_test_account_lookup(p->routing, p->routing_len, p->account_number,
                                                 p->account_number_len);
    if (t.refuses_currency)
        a.test_answer = ACH_TEST_ANSWER_REFUSES_CURRENCY;
    else if (t.outcome == ACH_TEST_SUCCEEDS)
        a.test_answer = ACH_TEST_ANSWER_SUCCEEDS;
    else if (t.outcome != ACH_TEST_LIVE && return_number(t.return_code) != 0) {
        a.test_answer = ACH_TEST_ANSWER_FAILS;
        a.test_return_code = return_number(t.return_code);
    }
    *out = a;
    return ACH_OK;
}

/* Sets the status and emits customer.source.updated (the move was checked by the caller). */
static void set_status(ach_bank_account *a, const ach_env *env, const ach__when *w,
                       ach_account_status to)
{
    a->status = to;
    ach_event ev = ach__event(ACH_EVENT_CUSTOMER_SOURCE_UPDATED, w);
    ev.id = a->id;
    ev.customer = a->customer;
    ev.status = ach_account_status_name(to);
    ach__emit(env, &ev);
}

ach_status ach_account_transition(ach_bank_account *a, const ach_env *env, ach_account_status to,
                                  ach_instant at, ach_error *err)
{
    ach_status st = ach_account_transition_check(a->status, to, err);
    if (st != ACH_OK) return st;
    ach__when w;
    st = ach__when_make(&w, env, at, err);
    if (st != ACH_OK) return st;
    set_status(a, env, &w, to);
    return ACH_OK;
}

static bool microdeposit_ok(int64_t v)
{
    return v >= 1 && v <= ACH_MICRODEPOSIT_MAX;
}

static ach_status check_pair(int64_t first, int64_t second, const char *field, ach_error *err)
{
    if (microdeposit_ok(first) && microdeposit_ok(second)) return ACH_OK;
    return ach__fail(err, ACH_EINVAL, field, 0, 0,
                     "micro-deposit amounts must be two amounts of 1 to %d cents, got %lld and "
                     "%lld (R-ACC-4)",
                     ACH_MICRODEPOSIT_MAX, (long long)first, (long long)second);
}

ach_status ach_account_record_microdeposits(ach_bank_account *a, int64_t first, int64_t second,
                                            ach_error *err)
{
    ach_status st = check_pair(first, second, "microdeposits", err);
    if (st != ACH_OK) return st;
    if (a->status != ACH_ACCOUNT_NEW && a->status != ACH_ACCOUNT_VALIDATED)
        return ach__fail(err, ACH_ETRANSITION, "status", 0, 0,
                         "micro-deposits cannot be sent to a bank account that is %s (R-ACC-4)",
                         ach_account_status_name(a->status));
    a->microdeposits[0] = (int32_t)first;
    a->microdeposits[1] = (int32_t)second;
    return ACH_OK;
}

ach_status ach_account_microdeposits_parse(int64_t out[2], const char *text, size_t len,
                                           ach_error *err)
{
    int64_t v[2] = {0, 0};
    int n = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && text[i] == ' ') i++;
        if (i == len) break;
        if (n == 2)
            return ach__fail(err, ACH_EINVAL, "amounts", 0, (uint32_t)i + 1,
                             "more than two micro-deposit amounts (R-ACC-4: exactly two)");
        size_t start = i;
        int64_t x = 0;
        while (i < len && text[i] >= '0' && text[i] <= '9') {
            if (x <= ACH_MICRODEPOSIT_MAX) x = x * 10 + (text[i] - '0');
            i++;
        }
        if (i == start || (i < len && text[i] != ' '))
            return ach__fail(err, ACH_EINVAL, "amounts", 0, (uint32_t)i + 1,
                             "micro-deposit amounts must be whole numbers of cents separated by "
                             "a space, e.g. \"32 45\"");
        if (!microdeposit_ok(x))
            return ach__fail(err, ACH_EINVAL, "amounts", 0, (uint32_t)start + 1,
                             "micro-deposit amount %d must be 1 to %d cents (R-ACC-4)", n + 1,
                             ACH_MICRODEPOSIT_MAX);
        v[n++] = x;
    }
    if (n != 2)
        return ach__fail(err, ACH_EINVAL, "amounts", 0, 0,
                         "%s given: exactly two micro-deposit amounts are required (R-ACC-4)",
                         n == 0 ? "no amount" : "only one amount");
    out[0] = v[0];
    out[1] = v[1];
    return ACH_OK;
}

/* The statuses from which verification may still happen, and the error for the others. */
static ach_status verifiable(const ach_bank_account *a, ach_error *err)
{
    if (a->status == ACH_ACCOUNT_NEW || a->status == ACH_ACCOUNT_VALIDATED) return ACH_OK;
    if (a->status == ACH_ACCOUNT_VERIFICATION_FAILED)
        return ach__fail(err, ACH_EVERIFY_LOCKED, "status", 0, 0,
                         "the bank account failed verification %d times and can no longer be "
                         "verified (R-ACC-4)",
                         ACH_VERIFY_ATTEMPTS_MAX);
    return ach_account_transition_check(a->status, ACH_ACCOUNT_VERIFIED, err);
}

#define MISMATCH_MESSAGE                                                                           \
    "The amounts provided do not match the amounts that were sent to the bank account."

ach_status ach_account_verify_microdeposits(ach_bank_account *a, const ach_env *env, int64_t first,
                                            int64_t second, ach_instant at, ach_error *err)
{
    ach_status st = verifiable(a, err);
    if (st != ACH_OK) return st;
    st = check_pair(first, second, "amounts", err);
    if (st != ACH_OK) return st;
    int64_t want[2];
    if (ach_account_is_test(a)) {
        want[0] = ACH_TEST_MICRODEPOSIT_1;
        want[1] = ACH_TEST_MICRODEPOSIT_2;
    } else if (a->microdeposits[0] == 0) {
        return ach__fail(err, ACH_ENOTFOUND, "microdeposits", 0, 0,
                         "no micro-deposits were sent to bank account %s (R-ACC-4)", a->id);
    } else {
        want[0] = a->microdeposits[0];
        want[1] = a->microdeposits[1];
    }
    ach__when w;
    st = ach__when_make(&w, env, at, err);
    if (st != ACH_OK) return st;

    if ((first == want[0] && second == want[1]) || (first == want[1] && second == want[0])) {
        set_status(a, env, &w, ACH_ACCOUNT_VERIFIED);
        return ACH_OK;
    }
    /* R-ACC-4: a wrong pair is an attempt; the 3rd makes the account unverifiable for good. */
    a->failed_attempts++;
    int left = ACH_VERIFY_ATTEMPTS_MAX - a->failed_attempts;
    if (left <= 0) {
        set_status(a, env, &w, ACH_ACCOUNT_VERIFICATION_FAILED);
        return ach__fail(err, ACH_EVERIFY_MISMATCH, "amounts", 0, 0,
                         MISMATCH_MESSAGE
                         " No attempts remain: the bank account can no longer be verified.");
    }
    return ach__fail(err, ACH_EVERIFY_MISMATCH, "amounts", 0, 0, MISMATCH_MESSAGE " %d %s.", left,
                     left == 1 ? "attempt remains" : "attempts remain");
}

ach_status ach_account_verify_instant(ach_bank_account *a, const ach_env *env, ach_instant at,
                                      ach_error *err)
{
    ach_status st = verifiable(a, err);
    if (st != ACH_OK) return st;
    ach__when w;
    st = ach__when_make(&w, env, at, err);
    if (st != ACH_OK) return st;
    set_status(a, env, &w, ACH_ACCOUNT_VERIFIED);
    return ACH_OK;
}
