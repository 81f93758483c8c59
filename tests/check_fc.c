/* SPDX-License-Identifier: Apache-2.0 */
/* Financial Connections (SPEC §9b R-FC-1 … R-FC-7, §9 R-SEC-1, R-ACC-4): permissions, prefetch,
 * widening, least privilege, the client secret, linked accounts and permission-checked reads,
 * sessions and account.created events, balance and transaction risk. The ownership matcher has
 * its own TCases at the end. Account data follows the seed document (000): session fcsess_123,
 * account fca_456 "Premium Checking" at "Test Bank", last4 4242. */
#include "testing.h"
#include "rules_fixture.h"

#define BAL ACH_FC_BALANCES
#define OWN ACH_FC_OWNERSHIP
#define PM ACH_FC_PAYMENT_METHOD
#define TXN ACH_FC_TRANSACTIONS
#define ALL ACH_FC_PERMISSIONS_ALL

static bool contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* True when any `k`-byte window of `needle` occurs in the `n` bytes at `p`. */
static bool leaks_fragment(const void *p, size_t n, const char *needle, size_t k)
{
    const unsigned char *b = p;
    size_t m = strlen(needle);
    for (size_t i = 0; i + k <= m; i++)
        for (size_t j = 0; j + k <= n; j++)
            if (memcmp(b + j, needle + i, k) == 0) return true;
    return false;
}

/* ================================ R-FC-1: permissions and prefetch ========================= */

static const struct {
    const char *text;
    ach_status status;
    ach_fc_permissions set;
    uint32_t column;
} parse_cases[] = {
    {"balances", ACH_OK, BAL, 0},
    {"balances,transactions", ACH_OK, BAL | TXN, 0},
    {"payment_method,ownership,transactions,balances", ACH_OK, ALL, 0},
    {"", ACH_OK, 0, 0},
    {"balance", ACH_EFC_PERMISSIONS, 0, 1},
    {"Balances", ACH_EFC_PERMISSIONS, 0, 1},
    {"balances,,ownership", ACH_EFC_PERMISSIONS, 0, 10},
    {"balances,", ACH_EFC_PERMISSIONS, 0, 10},
    {"ownership,ownership", ACH_EFC_PERMISSIONS, 0, 11},
    {"balances, ownership", ACH_EFC_PERMISSIONS, 0, 10},
    {"account_numbers", ACH_EFC_PERMISSIONS, 0, 1},
};

START_TEST(r_fc_1_permissions_parse)
{
    const char *t = parse_cases[_i].text;
    ach_fc_permissions set = 0xdead;
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_fc_permissions_parse(&set, t, strlen(t), &err);
    ck_assert_msg(st == parse_cases[_i].status, "'%s': %s", t, ach_status_name(st));
    if (st == ACH_OK) {
        ck_assert_uint_eq(set, parse_cases[_i].set);
    } else {
        ck_assert_uint_eq(set, 0xdead); /* untouched on failure */
        ck_assert_uint_eq(err.column, parse_cases[_i].column);
        ck_assert_str_eq(err.field, "permissions");
    }
}
END_TEST

START_TEST(r_fc_1_permissions_format_and_names)
{
    char buf[ACH_FC_PERMISSIONS_FORMAT_SIZE];
    size_t n = ach_fc_permissions_format(buf, sizeof buf, ALL);
    ck_assert_str_eq(buf, "balances,ownership,payment_method,transactions");
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert_uint_lt(n, ACH_FC_PERMISSIONS_FORMAT_SIZE);
    ck_assert_uint_eq(ach_fc_permissions_format(buf, sizeof buf, 0), 0);
    ck_assert_str_eq(buf, "");
    ach_fc_permissions_format(buf, sizeof buf, TXN | OWN);
    ck_assert_str_eq(buf, "ownership,transactions");
    char small[6];
    ck_assert_uint_eq(ach_fc_permissions_format(small, sizeof small, BAL | OWN), 18);
    ck_assert_str_eq(small, "balan");
    ck_assert_str_eq(ach_fc_permission_name(PM), "payment_method");
    ck_assert_str_eq(ach_fc_permission_name((ach_fc_permission)(BAL | OWN)), "unknown");
}
END_TEST

static const struct {
    ach_fc_permissions permissions, prefetch;
    ach_status status;
    const char *message_part;
} validate_cases[] = {
    {BAL, 0, ACH_OK, NULL},
    {PM, 0, ACH_OK, NULL},
    {ALL, ACH_FC_PREFETCHABLE, ACH_OK, NULL},
    {BAL | TXN, TXN, ACH_OK, NULL},
    {0, 0, ACH_EFC_PERMISSIONS, "at least one permission"},
    {0, BAL, ACH_EFC_PERMISSIONS, "at least one permission"},
    {1u << 7, 0, ACH_EFC_PERMISSIONS, "unknown permission"},
    {BAL | (1u << 4), 0, ACH_EFC_PERMISSIONS, "unknown permission"},
    {PM | BAL, PM, ACH_EFC_PREFETCH, "payment_method cannot be prefetched"},
    {BAL, OWN, ACH_EFC_PREFETCH, "ownership is prefetched but not"},
    {PM, TXN | BAL, ACH_EFC_PREFETCH, "balances is prefetched but not"},
    {BAL, 1u << 5, ACH_EFC_PREFETCH, "unknown prefetch"},
};

START_TEST(r_fc_1_permissions_and_prefetch_validate)
{
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_fc_permissions_validate(validate_cases[_i].permissions,
                                                validate_cases[_i].prefetch, &err);
    ck_assert_msg(st == validate_cases[_i].status, "case %d: %s", _i, ach_status_name(st));
    if (validate_cases[_i].message_part)
        ck_assert_msg(contains(err.message, validate_cases[_i].message_part), "case %d: %s", _i,
                      err.message);
}
END_TEST

/* ================================ R-FC-2: widening needs a new session ===================== */

static const struct {
    ach_fc_permissions granted, wanted, added;
} widening_cases[] = {
    {BAL, BAL, 0},
    {BAL | OWN, BAL, 0},       /* narrowing never needs a new session */
    {BAL | OWN, 0, 0},
    {BAL, BAL | TXN, TXN},     /* adding transactions */
    {OWN, PM, PM},             /* a different permission altogether */
    {ALL, ALL, 0},
    {0, BAL, BAL},
    {BAL | PM, ALL, OWN | TXN},
    {BAL, BAL | (1u << 9), 0}, /* bits that are not permissions are ignored */
};

START_TEST(r_fc_2_widening)
{
    ach_fc_permissions g = widening_cases[_i].granted, w = widening_cases[_i].wanted;
    ck_assert_uint_eq(ach_fc_permissions_widening(g, w), widening_cases[_i].added);
    ck_assert(ach_fc_needs_new_session(g, w) == (widening_cases[_i].added != 0));
}
END_TEST

/* ================================ R-FC-7: least privilege per use case ===================== */

#define PF ACH_FC_USE_PERSONAL_FINANCE
#define LEND ACH_FC_USE_LENDING
#define FRAUD ACH_FC_USE_FRAUD_REDUCTION
#define ACHP ACH_FC_USE_ACH_PAYMENTS

static const struct {
    ach_fc_use_cases uses;
    ach_fc_permissions requested;
    ach_fc_request_verdict verdict;
    ach_fc_permissions minimal, excess, missing;
} privilege_cases[] = {
    /* personal finance / expense tracking → transactions */
    {PF, TXN, ACH_FC_REQUEST_MINIMAL, TXN, 0, 0},
    {PF, TXN | BAL, ACH_FC_REQUEST_OVER_BROAD, TXN, BAL, 0},
    {PF, TXN | OWN | PM, ACH_FC_REQUEST_OVER_BROAD, TXN, OWN | PM, 0},
    /* lending / credit risk → transactions and balances */
    {LEND, TXN | BAL, ACH_FC_REQUEST_MINIMAL, TXN | BAL, 0, 0},
    {LEND, TXN, ACH_FC_REQUEST_INSUFFICIENT, TXN | BAL, 0, BAL},
    {LEND, ALL, ACH_FC_REQUEST_OVER_BROAD, TXN | BAL, OWN | PM, 0},
    /* sign-up fraud reduction (account takeover) → ownership */
    {FRAUD, OWN, ACH_FC_REQUEST_MINIMAL, OWN, 0, 0},
    {FRAUD, OWN | TXN | BAL, ACH_FC_REQUEST_OVER_BROAD, OWN, TXN | BAL, 0},
    /* ACH payments → payment_method */
    {ACHP, PM, ACH_FC_REQUEST_MINIMAL, PM, 0, 0},
    {ACHP, PM | OWN, ACH_FC_REQUEST_OVER_BROAD, PM, OWN, 0},
    {ACHP, BAL, ACH_FC_REQUEST_MIXED, PM, BAL, PM},
    /* several use cases: the union */
    {FRAUD | ACHP, OWN | PM, ACH_FC_REQUEST_MINIMAL, OWN | PM, 0, 0},
    {ACHP | LEND, PM | BAL | TXN, ACH_FC_REQUEST_MINIMAL, PM | BAL | TXN, 0, 0},
    {PF | FRAUD | ACHP, TXN | OWN | PM, ACH_FC_REQUEST_MINIMAL, TXN | OWN | PM, 0, 0},
    {PF | FRAUD, TXN, ACH_FC_REQUEST_INSUFFICIENT, TXN | OWN, 0, OWN},
    {ACH_FC_USE_ALL, ALL, ACH_FC_REQUEST_MINIMAL, ALL, 0, 0},
};

START_TEST(r_fc_7_least_privilege)
{
    ach_fc_request_review r;
    ck_assert_int_eq(ach_fc_review_request(&r, privilege_cases[_i].uses,
                                           privilege_cases[_i].requested, NULL),
                     ACH_OK);
    ck_assert_msg(r.verdict == privilege_cases[_i].verdict, "case %d: %s", _i,
                  ach_fc_request_verdict_name(r.verdict));
    ck_assert_uint_eq(r.minimal, privilege_cases[_i].minimal);
    ck_assert_uint_eq(r.excess, privilege_cases[_i].excess);
    ck_assert_uint_eq(r.missing, privilege_cases[_i].missing);
    ck_assert_uint_eq(ach_fc_minimal_permissions(privilege_cases[_i].uses), r.minimal);
}
END_TEST

START_TEST(r_fc_7_review_errors_and_use_case_names)
{
    ach_fc_request_review r = {ACH_FC_REQUEST_MIXED, 1, 2, 3};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_review_request(&r, 0, BAL, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "use_case");
    ck_assert_int_eq(ach_fc_review_request(&r, 1u << 9, BAL, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_fc_review_request(&r, PF, 0, &err), ACH_EFC_PERMISSIONS);
    ck_assert_uint_eq(r.minimal, 1); /* untouched */
    ach_fc_use_cases u = 0;
    ck_assert_int_eq(ach_fc_use_cases_parse(&u, "lending,ach_payments", 20, NULL), ACH_OK);
    ck_assert_uint_eq(u, LEND | ACHP);
    ck_assert_int_eq(ach_fc_use_cases_parse(&u, "lending,credit", 14, &err), ACH_EINVAL);
    ck_assert_uint_eq(err.column, 9);
    ck_assert_str_eq(ach_fc_use_case_name(FRAUD), "fraud_reduction");
    ck_assert_str_eq(ach_fc_minimal_permissions(0) == 0 ? "none" : "some", "none");
    ck_assert_str_eq(ach_fc_request_verdict_name(ACH_FC_REQUEST_OVER_BROAD), "over_broad");
}
END_TEST

/* ================================ R-FC-3: the client secret ================================ */

/* Stripe's form: the session id, "_secret_", then the random part that must never show. */
#define SECRET_TAIL "Zq9xT4kLmN0pRsUvWy"
#define SECRET "fcsess_123_secret_" SECRET_TAIL

START_TEST(r_fc_3_secret_is_held_masked_and_revealed_only_on_request)
{
    ach_fc_secret s;
    ck_assert_int_eq(ach_fc_secret_set(&s, SECRET, strlen(SECRET), NULL), ACH_OK);
    ck_assert(ach_fc_secret_is_set(&s));
    /* the struct's bytes hold no 3-byte fragment of the secret */
    ck_assert(!leaks_fragment(&s, sizeof s, SECRET, 3));
    char buf[ACH_FC_SECRET_MAX + 1];
    size_t len = 0;
    ck_assert_int_eq(ach_fc_secret_reveal(buf, sizeof buf, &len, &s, NULL), ACH_OK);
    ck_assert_str_eq(buf, SECRET);
    ck_assert_uint_eq(len, strlen(SECRET));
    /* too small: EBUFS with the length, the buffer untouched */
    char small[8] = "unused";
    len = 0;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_secret_reveal(small, sizeof small, &len, &s, &err), ACH_EBUFS);
    ck_assert_uint_eq(len, strlen(SECRET));
    ck_assert_str_eq(small, "unused");
    ck_assert(!leaks_fragment(err.message, strlen(err.message), SECRET_TAIL, 3));
    ck_assert(!contains(err.message, "_secret_"));
    ach_fc_secret_wipe(&s);
    ck_assert(!ach_fc_secret_is_set(&s));
    static const ach_fc_secret zero;
    ck_assert(memcmp(&s, &zero, sizeof s) == 0);
    ck_assert_int_eq(ach_fc_secret_reveal(buf, sizeof buf, NULL, &s, NULL), ACH_ENOTFOUND);
    ach_fc_secret_wipe(NULL);
}
END_TEST

static const struct {
    const char *text;
    size_t len; /* 0: strlen */
    ach_status status;
    uint32_t column;
} secret_set_cases[] = {
    {"", 0, ACH_EFC, 0},
    {"fcsess_1_secret_ab cd", 0, ACH_EFC, 19},
    {"fcsess_1_secret_ab\ncd", 0, ACH_EFC, 19},
    {"fcsess_1_secret_\xc3\xa9", 0, ACH_EFC, 17},
    {"fcsess_1_secret_x", ACH_FC_SECRET_MAX + 1, ACH_ETOOLONG, 0},
};

START_TEST(r_fc_3_secret_set_errors_never_show_it)
{
    char big[ACH_FC_SECRET_MAX + 2];
    const char *t = secret_set_cases[_i].text;
    size_t len = secret_set_cases[_i].len ? secret_set_cases[_i].len : strlen(t);
    if (len > strlen(t)) {
        memset(big, 'k', sizeof big);
        memcpy(big, t, strlen(t));
        t = big;
    }
    ach_fc_secret s = {7, {0}};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_secret_set(&s, t, len, &err), secret_set_cases[_i].status);
    ck_assert_uint_eq(s.len, 7); /* untouched */
    ck_assert_str_eq(err.field, "client_secret");
    ck_assert_uint_eq(err.column, secret_set_cases[_i].column);
    char line[512];
    ach_error_format(line, sizeof line, &err);
    ck_assert_msg(!contains(line, "secret_") && !contains(line, "fcsess"), "%s", line);
}
END_TEST

static const struct {
    const char *text;
    const char *secret; /* NULL: pattern only */
    const char *expect;
} redact_cases[] = {
    {"client_secret=" SECRET " ok", NULL, "client_secret=[REDACTED] ok"},
    {"{\"client_secret\":\"" SECRET "\"}", NULL, "{\"client_secret\":\"[REDACTED]\"}"},
    {"no secrets here", NULL, "no secrets here"},
    {"client_secret is a field name", NULL, "client_secret is a field name"},
    {"FCSESS_X_SECRET_Y", NULL, "[REDACTED]"},
    {"a fcsess_1_secret_2,fcsess_3_secret_4.", NULL, "a [REDACTED],[REDACTED]."},
    {"token s3cr3t-Value!", "s3cr3t-Value", "token [REDACTED]!"},
    {"xxs3cr3t-Valueyy and s3cr3t-Value", "s3cr3t-Value", "xx[REDACTED]yy and [REDACTED]"},
    {"s3cr3t-Valu is cut short", "s3cr3t-Value", "s3cr3t-Valu is cut short"},
    {"url?cs=" SECRET "&x=1", SECRET, "url?cs=[REDACTED]&x=1"},
    /* found by tests/fuzz/fuzz_fc_redact.c: a held secret must not split a secret-looking word
     * and leave its tail in the output */
    {"abcabcx_secret_y rest", "abc", "[REDACTED] rest"},
    {"-abx_secret_y rest", "-ab", "[REDACTED][REDACTED] rest"},
    {"x_secret_y-zz!", "y-zz", "[REDACTED]!"}, /* no fragment "-zz" of the held secret */
    {"", NULL, ""},
};

START_TEST(r_fc_3_redact)
{
    ach_fc_secret s;
    const char *sec = redact_cases[_i].secret;
    if (sec) ck_assert_int_eq(ach_fc_secret_set(&s, sec, strlen(sec), NULL), ACH_OK);
    const char *t = redact_cases[_i].text;
    char out[256];
    size_t n = 0;
    ck_assert_int_eq(ach_fc_redact(out, sizeof out, &n, sec ? &s : NULL, t, strlen(t), NULL),
                     ACH_OK);
    ck_assert_str_eq(out, redact_cases[_i].expect);
    ck_assert_uint_eq(n, strlen(out));
}
END_TEST

START_TEST(r_fc_3_redact_into_a_short_buffer_truncates_after_redacting)
{
    const char *t = "cs=" SECRET " tail";
    char out[9];
    size_t n = 0;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_redact(out, sizeof out, &n, NULL, t, strlen(t), &err), ACH_EBUFS);
    ck_assert_uint_eq(n, strlen("cs=[REDACTED] tail"));
    ck_assert_str_eq(out, "cs=[REDA");
    ck_assert(!leaks_fragment(out, strlen(out), SECRET_TAIL, 3));
    /* sizing call */
    ck_assert_int_eq(ach_fc_redact(NULL, 0, &n, NULL, t, strlen(t), NULL), ACH_EBUFS);
    ck_assert_uint_eq(n, 18);
}
END_TEST

/* ================================ fixtures: the seed's account and session ================= */

static ach_fc_owner owners_fixture[2];
static ach_fc_transaction txns_fixture[1];

/* fca_456 "Premium Checking" at "Test Bank", last4 4242 (seed 000), every permission. */
static ach_fc_account seed_account(void)
{
    ach_fc_account a;
    memset(&a, 0, sizeof a);
    strcpy(a.id, "fca_456");
    a.category = ACH_FC_CATEGORY_CASH;
    a.subcategory = ACH_FC_SUB_CHECKING;
    strcpy(a.display_name, "Premium Checking");
    strcpy(a.institution_name, "Test Bank");
    strcpy(a.last4, "4242");
    a.status = ACH_FC_STATUS_ACTIVE;
    a.permissions = ALL;
    a.account_number.kind = ACH_FC_NUMBER_REAL;
    strcpy(a.account_number.value, "000123454242");
    a.routing_number.kind = ACH_FC_NUMBER_REAL;
    strcpy(a.routing_number.value, "110000000");
    a.has_balance = true;
    a.balance.as_of = 1767268800; /* 2026-01-01T12:00:00Z */
    a.balance.type = ACH_FC_BALANCE_CASH;
    a.balance.count = 1;
    strcpy(a.balance.amounts[0].currency, "usd");
    a.balance.amounts[0].current = 6000;
    a.balance.amounts[0].has_cash_available = true;
    a.balance.amounts[0].cash_available = 5000;
    memset(owners_fixture, 0, sizeof owners_fixture);
    strcpy(owners_fixture[0].name, "Jenny Rosen");
    strcpy(owners_fixture[0].email, "jenny@example.com");
    strcpy(owners_fixture[0].raw_address, "354 Oyster Point Blvd, South San Francisco, CA 94080");
    strcpy(owners_fixture[1].name, "Müller, José");
    a.owners = owners_fixture;
    a.owner_count = 2;
    memset(txns_fixture, 0, sizeof txns_fixture);
    strcpy(txns_fixture[0].id, "fctxn_1");
    txns_fixture[0].amount = -1250;
    strcpy(txns_fixture[0].currency, "usd");
    txns_fixture[0].status = ACH_FC_TXN_POSTED;
    txns_fixture[0].transacted_at = 1767100000;
    strcpy(txns_fixture[0].description, "Coffee");
    a.transactions = txns_fixture;
    a.transaction_count = 1;
    return a;
}

/* ================================ R-FC-4, R-FC-6: linked accounts ========================== */

START_TEST(r_fc_4_seed_account_is_valid)
{
    ach_fc_account a = seed_account();
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_fc_account_validate(&a, ALL, &err) == ACH_OK, "%s: %s", err.field,
                  err.message);
    a.account_number.kind = ACH_FC_NUMBER_TOKEN;
    strcpy(a.account_number.value, "tok_1Mabc");
    ck_assert_int_eq(ach_fc_account_validate(&a, ALL, NULL), ACH_OK);
    /* a minimal account: no data, no numbers, only ownership granted */
    ach_fc_account m;
    memset(&m, 0, sizeof m);
    strcpy(m.id, "fca_1");
    strcpy(m.last4, "0000");
    m.permissions = OWN;
    ck_assert_int_eq(ach_fc_account_validate(&m, OWN, NULL), ACH_OK);
    /* a mortgage is a credit account */
    m.category = ACH_FC_CATEGORY_CREDIT;
    m.subcategory = ACH_FC_SUB_MORTGAGE;
    ck_assert_int_eq(ach_fc_account_validate(&m, OWN, NULL), ACH_OK);
    ck_assert_str_eq(ach_fc_category_name(m.category), "credit");
    ck_assert_str_eq(ach_fc_subcategory_name(m.subcategory), "mortgage");
    ck_assert_str_eq(ach_fc_account_status_name(ACH_FC_STATUS_DISCONNECTED), "disconnected");
    ck_assert_str_eq(ach_fc_transaction_status_name(ACH_FC_TXN_VOID), "void");
    ck_assert_str_eq(ach_fc_transaction_status_name((ach_fc_transaction_status)3), "unknown");
}
END_TEST

typedef enum {
    MUT_LAST4_SHORT, MUT_LAST4_LETTER, MUT_LAST4_SPACE, MUT_NUMBER_LAST4, MUT_NUMBER_DASH,
    MUT_NUMBER_SHORT, MUT_NUMBER_LONG, MUT_TOKEN_EMPTY, MUT_TOKEN_SPACE, MUT_ROUTING_8,
    MUT_NONE_WITH_VALUE, MUT_SUBCATEGORY, MUT_STATUS, MUT_ID_EMPTY, MUT_DISPLAY_CONTROL,
    MUT_BALANCE_NO_PERM, MUT_OWNERS_NO_PERM, MUT_TXNS_NO_PERM, MUT_NUMBER_NO_PERM,
    MUT_BEYOND_SESSION, MUT_OWNERS_NULL, MUT_BALANCE_COUNT, MUT_BALANCE_CURRENCY,
    MUT_BALANCE_DUP, MUT_OWNER_NAME_EMPTY, MUT_OWNER_NAME_UTF8, MUT_TXN_CURRENCY, MUT_TXN_STATUS,
    MUT_INVESTMENT_CHECKING, MUT_CATEGORY, MUT_PERMISSION_BITS, MUT_BALANCE_TYPE, MUT_NUMBER_KIND,
    MUT_ID_UNTERMINATED, MUT_NUMBER_UNTERMINATED, MUT_ROUTING_CHECKSUM, MUT_ROUTING_GOVERNMENT
} mutation;

static const struct {
    mutation m;
    ach_status status;
    const char *field;
} account_cases[] = {
    {MUT_LAST4_SHORT, ACH_EFC, "last4"},
    {MUT_LAST4_LETTER, ACH_EFC, "last4"},
    {MUT_LAST4_SPACE, ACH_EFC, "last4"},
    {MUT_NUMBER_LAST4, ACH_EFC, "account_number"},
    {MUT_NUMBER_DASH, ACH_EACCOUNT_DIGIT, "account_number"},
    {MUT_NUMBER_SHORT, ACH_EACCOUNT_LENGTH, "account_number"},
    {MUT_NUMBER_LONG, ACH_EACCOUNT_LENGTH, "account_number"},
    {MUT_TOKEN_EMPTY, ACH_EFC, "account_number"},
    {MUT_TOKEN_SPACE, ACH_EFC, "account_number"},
    {MUT_ROUTING_8, ACH_EROUTING_LENGTH, "routing_number"},
    {MUT_ROUTING_CHECKSUM, ACH_EROUTING_CHECKSUM, "routing_number"},
    {MUT_ROUTING_GOVERNMENT, ACH_EROUTING_GOVERNMENT, "routing_number"},
    {MUT_NONE_WITH_VALUE, ACH_EFC, "account_number"},
    {MUT_SUBCATEGORY, ACH_EFC, "subcategory"},
    {MUT_STATUS, ACH_EFC, "status"},
    {MUT_ID_EMPTY, ACH_EFC, "id"},
    {MUT_DISPLAY_CONTROL, ACH_EFC, "display_name"},
    {MUT_BALANCE_NO_PERM, ACH_EPERMISSION, "balance"},
    {MUT_OWNERS_NO_PERM, ACH_EPERMISSION, "owners"},
    {MUT_TXNS_NO_PERM, ACH_EPERMISSION, "transactions"},
    {MUT_NUMBER_NO_PERM, ACH_EPERMISSION, "account_number"},
    {MUT_BEYOND_SESSION, ACH_EPERMISSION, "permissions"},
    {MUT_OWNERS_NULL, ACH_EINVAL, "owners"},
    {MUT_BALANCE_COUNT, ACH_EINVAL, "balance.count"},
    {MUT_BALANCE_CURRENCY, ACH_EFC, "balance.currency"},
    {MUT_BALANCE_DUP, ACH_EFC, "balance.currency"},
    {MUT_OWNER_NAME_EMPTY, ACH_EFC, "owners[1].name"},
    {MUT_OWNER_NAME_UTF8, ACH_EFC, "owners[0].name"},
    {MUT_TXN_CURRENCY, ACH_EFC, "transactions[0].currency"},
    {MUT_TXN_STATUS, ACH_EFC, "transactions[0].status"},
    {MUT_INVESTMENT_CHECKING, ACH_EFC, "subcategory"},
    {MUT_CATEGORY, ACH_EFC, "category"},
    {MUT_PERMISSION_BITS, ACH_EFC_PERMISSIONS, "permissions"},
    {MUT_BALANCE_TYPE, ACH_EFC, "balance.type"},
    {MUT_NUMBER_KIND, ACH_EFC, "account_number"},
    {MUT_ID_UNTERMINATED, ACH_EFC, "id"},
    {MUT_NUMBER_UNTERMINATED, ACH_EFC, "routing_number"},
};

START_TEST(r_fc_4_r_fc_6_account_validation)
{
    ach_fc_account a = seed_account();
    ach_fc_permissions granted = ALL;
    ach_fc_owner own[2];
    memcpy(own, owners_fixture, sizeof own);
    ach_fc_transaction tx[1];
    memcpy(tx, txns_fixture, sizeof tx);
    a.owners = own;
    a.transactions = tx;
    switch (account_cases[_i].m) {
    case MUT_LAST4_SHORT: strcpy(a.last4, "424"); break;
    case MUT_LAST4_LETTER: strcpy(a.last4, "42a2"); break;
    case MUT_LAST4_SPACE: strcpy(a.last4, "42 2"); break;
    case MUT_NUMBER_LAST4: strcpy(a.account_number.value, "000123456789"); break;
    case MUT_NUMBER_DASH: strcpy(a.account_number.value, "0001-2344242"); break;
    case MUT_NUMBER_SHORT: strcpy(a.account_number.value, "242"); break;
    case MUT_NUMBER_LONG: strcpy(a.account_number.value, "123456789012344242"); break;
    case MUT_TOKEN_EMPTY: a.account_number.kind = ACH_FC_NUMBER_TOKEN; a.account_number.value[0] = 0; break;
    case MUT_TOKEN_SPACE: a.account_number.kind = ACH_FC_NUMBER_TOKEN; strcpy(a.account_number.value, "tok 1"); break;
    case MUT_ROUTING_8: strcpy(a.routing_number.value, "11000000"); break;
    case MUT_ROUTING_CHECKSUM: strcpy(a.routing_number.value, "110000001"); break;
    case MUT_ROUTING_GOVERNMENT: strcpy(a.routing_number.value, "000000010"); break;
    case MUT_NONE_WITH_VALUE: a.account_number.kind = ACH_FC_NUMBER_NONE; break;
    case MUT_SUBCATEGORY: a.subcategory = ACH_FC_SUB_CREDIT_CARD; break;
    case MUT_STATUS: a.status = (ach_fc_account_status)7; break;
    case MUT_ID_EMPTY: a.id[0] = '\0'; break;
    case MUT_DISPLAY_CONTROL: strcpy(a.display_name, "Premium\tChecking"); break;
    case MUT_BALANCE_NO_PERM: a.permissions &= ~BAL; break;
    case MUT_OWNERS_NO_PERM: a.permissions &= ~OWN; break;
    case MUT_TXNS_NO_PERM: a.permissions &= ~TXN; break;
    case MUT_NUMBER_NO_PERM: a.permissions &= ~PM; break;
    case MUT_BEYOND_SESSION: granted = BAL | OWN | TXN; break;
    case MUT_OWNERS_NULL: a.owners = NULL; break;
    case MUT_BALANCE_COUNT: a.balance.count = ACH_FC_BALANCE_CURRENCIES_MAX + 1; break;
    case MUT_BALANCE_CURRENCY: strcpy(a.balance.amounts[0].currency, "USD"); break;
    case MUT_BALANCE_DUP:
        a.balance.count = 2;
        a.balance.amounts[1] = a.balance.amounts[0];
        break;
    case MUT_OWNER_NAME_EMPTY: own[1].name[0] = '\0'; break;
    case MUT_OWNER_NAME_UTF8: strcpy(own[0].name, "Jos\xe9"); break; /* Latin-1 é */
    case MUT_TXN_CURRENCY: strcpy(tx[0].currency, "us"); break;
    case MUT_TXN_STATUS: tx[0].status = (ach_fc_transaction_status)9; break;
    case MUT_INVESTMENT_CHECKING: a.category = ACH_FC_CATEGORY_INVESTMENT; break;
    case MUT_CATEGORY: a.category = (ach_fc_category)9; break;
    case MUT_PERMISSION_BITS: a.permissions |= 1u << 6; break;
    case MUT_BALANCE_TYPE: a.balance.type = (ach_fc_balance_type)5; break;
    case MUT_NUMBER_KIND: a.account_number.kind = (ach_fc_number_kind)9; break;
    case MUT_ID_UNTERMINATED: memset(a.id, 'x', sizeof a.id); break;
    case MUT_NUMBER_UNTERMINATED: memset(a.routing_number.value, '1', sizeof a.routing_number.value); break;
    }
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_fc_account_validate(&a, granted, &err);
    ck_assert_msg(st == account_cases[_i].status, "case %d: %s (%s: %s)", _i,
                  ach_status_name(st), err.field, err.message);
    ck_assert_str_eq(err.field, account_cases[_i].field);
    /* R-SEC-1: no message shows more than the last 4 digits of an account number */
    char line[512];
    ach_error_format(line, sizeof line, &err);
    ck_assert_msg(!leaks_fragment(line, strlen(line), a.account_number.value, 5), "%s", line);
}
END_TEST

/* R-FC-6: every read is checked against the account's own permissions. */
static const struct {
    ach_fc_permissions granted;
    ach_status balance, owners, transactions, routable;
} read_cases[] = {
    {ALL, ACH_OK, ACH_OK, ACH_OK, ACH_OK},
    {PM, ACH_EPERMISSION, ACH_EPERMISSION, ACH_EPERMISSION, ACH_OK},
    {BAL, ACH_OK, ACH_EPERMISSION, ACH_EPERMISSION, ACH_EPERMISSION},
    {OWN, ACH_EPERMISSION, ACH_OK, ACH_EPERMISSION, ACH_EPERMISSION},
    {TXN, ACH_EPERMISSION, ACH_EPERMISSION, ACH_OK, ACH_EPERMISSION},
    {BAL | TXN, ACH_OK, ACH_EPERMISSION, ACH_OK, ACH_EPERMISSION},
};

START_TEST(r_fc_6_forbidden_reads)
{
    ach_fc_account a = seed_account();
    a.permissions = read_cases[_i].granted;
    const ach_fc_balance *b = NULL;
    const ach_fc_owner *o = NULL;
    const ach_fc_transaction *t = NULL;
    size_t n = 99;
    char acct[ACH_FC_ACCOUNT_NUMBER_BUF] = "x", rtn[ACH_FC_ROUTING_NUMBER_BUF] = "y";
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_account_balance(&b, &a, &err), read_cases[_i].balance);
    ck_assert(read_cases[_i].balance == ACH_OK ? b == &a.balance : b == NULL);
    ck_assert_int_eq(ach_fc_account_owners(&o, &n, &a, &err), read_cases[_i].owners);
    ck_assert_uint_eq(n, read_cases[_i].owners == ACH_OK ? 2 : 99);
    n = 99;
    ck_assert_int_eq(ach_fc_account_transactions(&t, &n, &a, &err), read_cases[_i].transactions);
    ck_assert_uint_eq(n, read_cases[_i].transactions == ACH_OK ? 1 : 99);
    ck_assert_int_eq(ach_fc_account_routable(acct, rtn, &a, &err), read_cases[_i].routable);
    if (read_cases[_i].routable == ACH_OK) {
        ck_assert_str_eq(acct, "000123454242");
        ck_assert_str_eq(rtn, "110000000");
    } else {
        ck_assert_str_eq(acct, "x");
        ck_assert_int_eq(err.code, ACH_EPERMISSION);
        ck_assert(contains(err.message, "R-FC-6"));
    }
}
END_TEST

START_TEST(r_fc_6_permitted_but_absent)
{
    ach_fc_account a = seed_account();
    a.has_balance = false;
    a.owner_count = 0;
    a.owners = NULL;
    a.transaction_count = 0;
    a.transactions = NULL;
    const ach_fc_balance *b = NULL;
    ck_assert_int_eq(ach_fc_account_balance(&b, &a, NULL), ACH_ENOTFOUND);
    const ach_fc_owner *o = owners_fixture;
    size_t n = 5;
    ck_assert_int_eq(ach_fc_account_owners(&o, &n, &a, NULL), ACH_OK);
    ck_assert_ptr_null(o);
    ck_assert_uint_eq(n, 0);
}
END_TEST

/* R-FC-4: a token is never treated as a routable number. */
START_TEST(r_fc_4_tokens_are_never_routable)
{
    ach_fc_account a = seed_account();
    char acct[ACH_FC_ACCOUNT_NUMBER_BUF] = "x", rtn[ACH_FC_ROUTING_NUMBER_BUF] = "y";
    ach_error err = ACH_ERROR_INIT;
    a.account_number.kind = ACH_FC_NUMBER_TOKEN;
    strcpy(a.account_number.value, "000123454242"); /* digits, but labelled a token */
    ck_assert_int_eq(ach_fc_account_routable(acct, rtn, &a, &err), ACH_EFC_TOKENIZED);
    ck_assert_str_eq(err.field, "account_number");
    ck_assert(!contains(err.message, "000123454242"));
    ck_assert_str_eq(acct, "x");
    ck_assert_str_eq(rtn, "y");
    a = seed_account();
    a.routing_number.kind = ACH_FC_NUMBER_TOKEN;
    strcpy(a.routing_number.value, "rtok_9");
    ck_assert_int_eq(ach_fc_account_routable(acct, rtn, &a, &err), ACH_EFC_TOKENIZED);
    ck_assert_str_eq(err.field, "routing_number");
    a = seed_account();
    a.account_number.kind = ACH_FC_NUMBER_NONE;
    a.account_number.value[0] = '\0';
    ck_assert_int_eq(ach_fc_account_routable(acct, rtn, &a, &err), ACH_ENOTFOUND);
    a = seed_account();
    strcpy(a.account_number.value, "12x4");
    ck_assert_int_eq(ach_fc_account_routable(acct, rtn, &a, &err), ACH_EACCOUNT_DIGIT);
    ck_assert_str_eq(err.field, "account_number");
    a = seed_account();
    strcpy(a.routing_number.value, "110000001"); /* R-ACC-2: the ABA checksum fails */
    ck_assert_int_eq(ach_fc_account_routable(acct, rtn, &a, &err), ACH_EROUTING_CHECKSUM);
    ck_assert_str_eq(err.field, "routing_number");
    ck_assert_str_eq(acct, "x");
    /* descriptions are labelled and show the last 4 only (R-SEC-1) */
    char d[ACH_FC_NUMBER_DESCRIBE_SIZE];
    a = seed_account();
    ck_assert_str_eq(ach_fc_number_describe(d, &a.account_number), "real ending 4242");
    a.account_number.kind = ACH_FC_NUMBER_TOKEN;
    ck_assert_str_eq(ach_fc_number_describe(d, &a.account_number), "token");
    a.account_number.kind = ACH_FC_NUMBER_NONE;
    ck_assert_str_eq(ach_fc_number_describe(d, &a.account_number), "none");
    ck_assert_str_eq(ach_fc_number_kind_name(ACH_FC_NUMBER_TOKEN), "token");
    a.account_number.kind = ACH_FC_NUMBER_REAL;
    strcpy(a.account_number.value, "12x4");
    ck_assert_str_eq(ach_fc_number_describe(d, &a.account_number), "real (malformed)");
    a.account_number.kind = (ach_fc_number_kind)7;
    ck_assert_str_eq(ach_fc_number_describe(d, &a.account_number), "unknown");
}
END_TEST

/* R-ACC-4: a bank account from Financial Connections is verified at once. */
static const struct {
    ach_fc_permissions granted;
    ach_fc_account_status status;
    bool token;
    ach_status expect;
} instant_cases[] = {
    {ALL, ACH_FC_STATUS_ACTIVE, false, ACH_OK},
    {PM, ACH_FC_STATUS_ACTIVE, true, ACH_OK},
    {BAL | OWN | TXN, ACH_FC_STATUS_ACTIVE, false, ACH_EPERMISSION},
    {ALL, ACH_FC_STATUS_INACTIVE, false, ACH_EFC},
    {ALL, ACH_FC_STATUS_DISCONNECTED, false, ACH_EFC},
};

START_TEST(r_acc_4_verified_at_once)
{
    ach_fc_account a = seed_account();
    a.permissions = instant_cases[_i].granted;
    a.status = instant_cases[_i].status;
    if (instant_cases[_i].token) a.account_number.kind = ACH_FC_NUMBER_TOKEN;
    ck_assert_int_eq(ach_fc_account_verifies_instantly(&a, NULL), instant_cases[_i].expect);
}
END_TEST

/* R-ACC-4 through the rules: ach_fc_verify_bank_account() moves an ach_bank_account to
 * `verified` with ach_account_verify_instant(). The bank account is the seed's linked account
 * (routing 110000000, account 000123454242) unless a case says otherwise. */
typedef enum {
    V_OK, V_VALIDATED, V_TOKEN, V_TOKEN_ROUTING, V_NO_PM, V_INACTIVE, V_NO_NUMBER,
    V_OTHER_NUMBER, V_OTHER_ROUTING, V_ALREADY_VERIFIED, V_LOCKED, V_ERRORED, V_NO_CALENDAR
} verify_case;

static const struct {
    verify_case c;
    ach_status status;
    const char *field;
} verify_cases[] = {
    {V_OK, ACH_OK, NULL},
    {V_VALIDATED, ACH_OK, NULL},
    {V_TOKEN, ACH_EFC_TOKENIZED, "account_number"},
    {V_TOKEN_ROUTING, ACH_EFC_TOKENIZED, "routing_number"},
    {V_NO_PM, ACH_EPERMISSION, "payment_method"},
    {V_INACTIVE, ACH_EFC, "status"},
    {V_NO_NUMBER, ACH_ENOTFOUND, "account_number"},
    {V_OTHER_NUMBER, ACH_EFC, "account_number"},
    {V_OTHER_ROUTING, ACH_EFC, "routing_number"},
    {V_ALREADY_VERIFIED, ACH_ETRANSITION, "status"},
    {V_LOCKED, ACH_EVERIFY_LOCKED, "status"},
    {V_ERRORED, ACH_ETRANSITION, "status"},
    {V_NO_CALENDAR, ACH_EINVAL, "calendar"},
};

START_TEST(r_acc_4_fc_verifies_the_bank_account)
{
    env_reset();
    ach_fc_account fc = seed_account();
    const char *routing = "110000000", *number = "000123454242";
    ach_env e = env;
    switch (verify_cases[_i].c) {
    case V_TOKEN:
        fc.account_number.kind = ACH_FC_NUMBER_TOKEN; /* digits, but labelled a token (R-FC-4) */
        break;
    case V_TOKEN_ROUTING:
        fc.routing_number.kind = ACH_FC_NUMBER_TOKEN;
        strcpy(fc.routing_number.value, "rtok_9");
        break;
    case V_NO_PM: fc.permissions = BAL | OWN | TXN; break;
    case V_INACTIVE: fc.status = ACH_FC_STATUS_DISCONNECTED; break;
    case V_NO_NUMBER:
        fc.account_number.kind = ACH_FC_NUMBER_NONE;
        fc.account_number.value[0] = '\0';
        break;
    case V_OTHER_NUMBER: number = "000123456789"; break;
    case V_OTHER_ROUTING: routing = "021000021"; break; /* a live routing number, same account */
    case V_NO_CALENDAR: e.calendar = NULL; break;
    default: break;
    }
    ach_bank_account bank = account_new("ba_fc", routing, number, ACH_HOLDER_INDIVIDUAL);
    ach_error err = ACH_ERROR_INIT;
    ach_instant at = T(2026, 1, 2, 12, 0, 0);
    switch (verify_cases[_i].c) {
    case V_VALIDATED:
        ck_assert_int_eq(ach_account_transition(&bank, &env, ACH_ACCOUNT_VALIDATED, at, NULL),
                         ACH_OK);
        break;
    case V_ALREADY_VERIFIED:
        ck_assert_int_eq(ach_account_verify_instant(&bank, &env, at, NULL), ACH_OK);
        break;
    case V_ERRORED:
        ck_assert_int_eq(ach_account_transition(&bank, &env, ACH_ACCOUNT_ERRORED, at, NULL),
                         ACH_OK);
        break;
    case V_LOCKED: /* three wrong micro-deposit pairs (R-ACC-4): verification_failed for good */
        for (int k = 0; k < ACH_VERIFY_ATTEMPTS_MAX; k++)
            ck_assert_int_eq(ach_account_verify_microdeposits(&bank, &env, 10, 11, at, NULL),
                             ACH_EVERIFY_MISMATCH);
        break;
    default: break;
    }
    evbuf.count = 0;
    ach_bank_account before = bank;
    ach_status st = ach_fc_verify_bank_account(&bank, &e, &fc, at, &err);
    ck_assert_msg(st == verify_cases[_i].status, "case %d: %s (%s)", _i, ach_status_name(st),
                  err.message);
    if (st == ACH_OK) {
        ck_assert_int_eq(bank.status, ACH_ACCOUNT_VERIFIED);
        ck_assert_int_eq(bank.failed_attempts, 0);
        ck_assert_uint_eq(evbuf.count, 1); /* SPEC §7: customer.source.updated, verified */
        ck_assert_int_eq(events[0].type, ACH_EVENT_CUSTOMER_SOURCE_UPDATED);
        ck_assert_str_eq(events[0].id, "ba_fc");
        ck_assert_str_eq(events[0].customer, "cus_1");
        ck_assert_str_eq(events[0].status, "verified");
        ck_assert_int_eq(events[0].business_date, D(2026, 1, 2));
    } else {
        ck_assert(memcmp(&bank, &before, sizeof bank) == 0); /* untouched */
        ck_assert_uint_eq(evbuf.count, 0);
        ck_assert_str_eq(err.field, verify_cases[_i].field);
        /* R-SEC-1: neither full number appears */
        ck_assert(!contains(err.message, "000123454242"));
        ck_assert(!contains(err.message, "123456789"));
    }
    if (verify_cases[_i].c == V_OTHER_NUMBER) {
        ck_assert(contains(err.message, "ending 6789"));
        ck_assert(contains(err.message, "ending 4242"));
    }
}
END_TEST

/* ================================ sessions and events (R-FC-1, R-FC-4, §7) ================= */

static ach_fc_session seed_session(const ach_fc_account *accounts, size_t n)
{
    ach_fc_session s;
    memset(&s, 0, sizeof s);
    strcpy(s.id, "fcsess_123");
    strcpy(s.customer, "cus_9");
    s.permissions = ALL;
    s.prefetch = BAL;
    ck_assert_int_eq(ach_fc_secret_set(&s.client_secret, SECRET, strlen(SECRET), NULL), ACH_OK);
    s.accounts = accounts;
    s.account_count = n;
    return s;
}

/* §7: financial_connections.account.created once per linked account, through the rules'
 * ach_event_fn. 2026-01-01 is New Year's Day (R-CAL-1): the business date is Friday 01-02; at
 * 22:00 UTC on 01-02 the cutoff (R-CAL-4) moves it to Monday 01-05. */
static const struct {
    ach_instant at;
    int32_t y, m, d;
} event_dates[] = {
    {1767268800, 2026, 1, 2}, /* 2026-01-01T12:00:00Z, holiday */
    {1767391200, 2026, 1, 5}, /* 2026-01-02T22:00:00Z, at the cutoff, Friday */
    {1767391199, 2026, 1, 2}, /* 2026-01-02T21:59:59Z */
};

START_TEST(r_fc_4_seed_session_emits_one_event_per_account)
{
    env_reset();
    ach_fc_account acc[2] = {seed_account(), seed_account()};
    strcpy(acc[1].id, "fca_789");
    ach_fc_session s = seed_session(acc, 2);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_fc_session_events(&s, &env, event_dates[_i].at, &err) == ACH_OK, "%s",
                  err.message);
    ck_assert_uint_eq(evbuf.count, 2);
    ck_assert_uint_eq(evbuf.dropped, 0);
    for (size_t i = 0; i < 2; i++) {
        const ach_event *ev = &events[i];
        ck_assert_int_eq(ev->type, ACH_EVENT_FINANCIAL_CONNECTIONS_ACCOUNT_CREATED);
        ck_assert_str_eq(ach_event_type_name(ev->type), "financial_connections.account.created");
        ck_assert_ptr_eq(ev->id, acc[i].id); /* points into the caller's value (event.h) */
        ck_assert_str_eq(ev->customer, "cus_9");
        ck_assert_int_eq(ev->created, event_dates[_i].at);
        ck_assert_int_eq(ev->business_date,
                         D(event_dates[_i].y, event_dates[_i].m, event_dates[_i].d));
        ck_assert_str_eq(ev->charge, "");
        ck_assert_str_eq(ev->status, "");
        ck_assert_int_eq(ev->amount, 0);
        /* R-FC-3: neither the session's secret nor its id travel in an event */
        const char *strs[] = {ev->id,     ev->charge,          ev->customer,
                              ev->status, ev->failure_code,    ev->failure_message,
                              ev->reason, ev->return_code};
        for (size_t k = 0; k < sizeof strs / sizeof *strs; k++) {
            ck_assert(!leaks_fragment(strs[k], strlen(strs[k]), SECRET_TAIL, 4));
            ck_assert(!contains(strs[k], "fcsess_"));
        }
    }
    ck_assert_str_eq(events[0].id, "fca_456");
    ck_assert_str_eq(events[1].id, "fca_789");
    /* no callback: the events are dropped, the call still succeeds */
    ach_env quiet = ACH_ENV_INIT(cal);
    ck_assert_int_eq(ach_fc_session_events(&s, &quiet, event_dates[_i].at, NULL), ACH_OK);
}
END_TEST

START_TEST(r_fc_4_abandoned_flow_is_an_empty_list_not_an_error)
{
    env_reset();
    ach_fc_session s = seed_session(NULL, 0);
    ck_assert_int_eq(ach_fc_session_validate(&s, NULL), ACH_OK);
    ck_assert_int_eq(ach_fc_session_events(&s, &env, 1767268800, NULL), ACH_OK);
    ck_assert_uint_eq(evbuf.count, 0);
    ck_assert_uint_eq(evbuf.dropped, 0);
}
END_TEST

/* A failed call emits nothing, not even the events of the accounts before the bad one. */
START_TEST(r_fc_4_failed_session_events_emit_nothing)
{
    env_reset();
    ach_fc_account acc[2] = {seed_account(), seed_account()};
    ach_fc_session s = seed_session(acc, 2); /* fca_456 twice */
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_session_events(&s, &env, 1767268800, &err), ACH_EDUPLICATE);
    ck_assert_str_eq(err.field, "accounts");
    strcpy(acc[1].id, "fca_789");
    strcpy(acc[1].last4, "42"); /* R-FC-4: last4 is exactly 4 digits */
    ck_assert_int_eq(ach_fc_session_events(&s, &env, 1767268800, &err), ACH_EFC);
    ck_assert_str_eq(err.field, "accounts[1].last4");
    strcpy(acc[1].last4, "4242");
    ach_env no_calendar = {NULL, NULL, ach_event_buffer_push, &evbuf};
    ck_assert_int_eq(ach_fc_session_events(&s, &no_calendar, 1767268800, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "calendar");
    ck_assert_int_eq(ach_fc_session_events(&s, NULL, 1767268800, &err), ACH_EINVAL);
    /* far outside the loaded holiday data (R-CAL-3: an error, not a guess) */
    ck_assert_int_eq(ach_fc_session_events(&s, &env, (ach_instant)4102444800 * 10, &err),
                     ACH_ERANGE);
    ck_assert_uint_eq(evbuf.count, 0);
}
END_TEST

typedef enum { S_DUP, S_BAD_ACCOUNT, S_NO_PERMS, S_PREFETCH_PM, S_ACCOUNT_BEYOND, S_NO_CUSTOMER, S_NULL_ACCOUNTS,
               S_SECRET_LEN } session_mutation;

static const struct {
    session_mutation m;
    ach_status status;
    const char *field;
} session_cases[] = {
    {S_DUP, ACH_EDUPLICATE, "accounts"},
    {S_BAD_ACCOUNT, ACH_EFC, "accounts[1].last4"},
    {S_NO_PERMS, ACH_EFC_PERMISSIONS, "permissions"},
    {S_PREFETCH_PM, ACH_EFC_PREFETCH, "prefetch"},
    {S_ACCOUNT_BEYOND, ACH_EPERMISSION, "accounts[0].permissions"},
    {S_NO_CUSTOMER, ACH_EFC, "customer"},
    {S_NULL_ACCOUNTS, ACH_EINVAL, "accounts"},
    {S_SECRET_LEN, ACH_EFC, "client_secret"},
};

START_TEST(r_fc_1_session_validation)
{
    ach_fc_account acc[2] = {seed_account(), seed_account()};
    strcpy(acc[1].id, "fca_789");
    ach_fc_session s = seed_session(acc, 2);
    switch (session_cases[_i].m) {
    case S_DUP: strcpy(acc[1].id, "fca_456"); break;
    case S_BAD_ACCOUNT: strcpy(acc[1].last4, "12"); break;
    case S_NO_PERMS: s.permissions = 0; break;
    case S_PREFETCH_PM: s.prefetch = PM; break;
    case S_ACCOUNT_BEYOND: s.permissions = PM | BAL | OWN; s.prefetch = 0; break;
    case S_NO_CUSTOMER: s.customer[0] = '\0'; break;
    case S_NULL_ACCOUNTS: s.accounts = NULL; break;
    case S_SECRET_LEN: s.client_secret.len = ACH_FC_SECRET_MAX + 1; break;
    }
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_session_validate(&s, &err), session_cases[_i].status);
    ck_assert_str_eq(err.field, session_cases[_i].field);
    char line[512];
    ach_error_format(line, sizeof line, &err);
    ck_assert(!leaks_fragment(line, strlen(line), SECRET_TAIL, 4));
}
END_TEST

START_TEST(r_fc_3_session_format_redacts_the_secret)
{
    ach_fc_session s = seed_session(NULL, 0);
    char buf[256];
    size_t n = ach_fc_session_format(buf, sizeof buf, &s);
    ck_assert_str_eq(buf, "fcsess_123 customer=cus_9 permissions=balances,ownership,payment_method,"
                          "transactions prefetch=balances client_secret=[REDACTED] accounts=0");
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert(!leaks_fragment(buf, n, SECRET_TAIL, 4));
    /* truncated like snprintf */
    char small[12];
    ck_assert_uint_eq(ach_fc_session_format(small, sizeof small, &s), n);
    ck_assert_str_eq(small, "fcsess_123 ");
    /* a customer id that carries the secret is redacted too */
    strcpy(s.customer, SECRET);
    ach_fc_session_format(buf, sizeof buf, &s);
    ck_assert(contains(buf, "customer=[REDACTED] "));
    ck_assert(!leaks_fragment(buf, strlen(buf), SECRET_TAIL, 4));
    ach_fc_secret_wipe(&s.client_secret);
    s.prefetch = 0;
    ach_fc_session_format(buf, sizeof buf, &s);
    ck_assert(contains(buf, "prefetch=none client_secret=none"));
}
END_TEST

/* ================================ R-FC-5: balance risk before a debit ====================== */

#define AS_OF 1767268800 /* 2026-01-01T12:00:00Z */
#define DAY 86400

typedef enum { B_AVAILABLE, B_CURRENT_ONLY, B_NO_PERM, B_NOT_FETCHED, B_CREDIT, B_OVERDRAWN } balance_setup;

static const struct {
    balance_setup setup;
    int64_t amount;
    const char *currency;
    int64_t now_offset, max_age;
    ach_fc_balance_verdict verdict;
    bool used_available;
    int64_t figure, shortfall;
} balance_cases[] = {
    /* cash_available 5000, current 6000 */
    {B_AVAILABLE, 5000, "usd", 0, DAY, ACH_FC_BALANCE_SUFFICIENT, true, 5000, 0},   /* equal */
    {B_AVAILABLE, 5001, "usd", 0, DAY, ACH_FC_BALANCE_INSUFFICIENT, true, 5000, 1}, /* 1c short */
    {B_AVAILABLE, 4999, "usd", 0, DAY, ACH_FC_BALANCE_SUFFICIENT, true, 5000, 0},
    {B_AVAILABLE, 5500, "usd", 0, DAY, ACH_FC_BALANCE_INSUFFICIENT, true, 5000, 500},
    {B_AVAILABLE, 5000, "usd", DAY, DAY, ACH_FC_BALANCE_SUFFICIENT, true, 5000, 0},   /* age = max */
    {B_AVAILABLE, 5000, "usd", DAY + 1, DAY, ACH_FC_BALANCE_STALE, true, 5000, 0},   /* 1 s older */
    {B_AVAILABLE, 9000, "usd", 3 * DAY, DAY, ACH_FC_BALANCE_STALE, true, 5000, 4000},
    {B_AVAILABLE, 5000, "usd", -3600, 0, ACH_FC_BALANCE_SUFFICIENT, true, 5000, 0},  /* as_of later */
    {B_AVAILABLE, 5000, "eur", 0, DAY, ACH_FC_BALANCE_UNKNOWN, false, 0, 0},
    /* no cash_available: the current balance decides */
    {B_CURRENT_ONLY, 6000, "usd", 0, DAY, ACH_FC_BALANCE_SUFFICIENT, false, 6000, 0},
    {B_CURRENT_ONLY, 6001, "usd", 0, DAY, ACH_FC_BALANCE_INSUFFICIENT, false, 6000, 1},
    {B_NO_PERM, 1, "usd", 0, DAY, ACH_FC_BALANCE_UNKNOWN, false, 0, 0},
    {B_NOT_FETCHED, 1, "usd", 0, DAY, ACH_FC_BALANCE_UNKNOWN, false, 0, 0},
    {B_CREDIT, 1, "usd", 0, DAY, ACH_FC_BALANCE_UNKNOWN, false, 0, 0},
    {B_OVERDRAWN, 1, "usd", 0, DAY, ACH_FC_BALANCE_INSUFFICIENT, true, -100, 101},
};

START_TEST(r_fc_5_balance_boundaries)
{
    ach_fc_account a = seed_account();
    switch (balance_cases[_i].setup) {
    case B_AVAILABLE: break;
    case B_CURRENT_ONLY: a.balance.amounts[0].has_cash_available = false; break;
    case B_NO_PERM: a.permissions &= ~BAL; break;
    case B_NOT_FETCHED: a.has_balance = false; break;
    case B_CREDIT: a.balance.type = ACH_FC_BALANCE_CREDIT; break;
    case B_OVERDRAWN: a.balance.amounts[0].cash_available = -100; break;
    }
    ach_fc_balance_risk r;
    ck_assert_int_eq(ach_fc_balance_check(&r, &a, balance_cases[_i].amount,
                                          balance_cases[_i].currency,
                                          AS_OF + balance_cases[_i].now_offset,
                                          balance_cases[_i].max_age, NULL),
                     ACH_OK);
    ck_assert_msg(r.verdict == balance_cases[_i].verdict, "case %d: %s", _i,
                  ach_fc_balance_verdict_name(r.verdict));
    bool compared = balance_cases[_i].verdict != ACH_FC_BALANCE_UNKNOWN;
    ck_assert(r.compared == compared);
    if (compared) {
        ck_assert(r.used_available == balance_cases[_i].used_available);
        ck_assert_int_eq(r.figure, balance_cases[_i].figure);
        ck_assert_int_eq(r.shortfall, balance_cases[_i].shortfall);
        int64_t off = balance_cases[_i].now_offset;
        ck_assert_int_eq(r.age, off > 0 ? off : 0);
    }
}
END_TEST

START_TEST(r_fc_5_balance_check_errors)
{
    ach_fc_account a = seed_account();
    ach_fc_balance_risk r = {ACH_FC_BALANCE_STALE, true, true, 42, 0, 0};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_balance_check(&r, &a, 0, "usd", AS_OF, DAY, &err), ACH_EAMOUNT);
    ck_assert_int_eq(ach_fc_balance_check(&r, &a, -5, "usd", AS_OF, DAY, &err), ACH_EAMOUNT);
    ck_assert_int_eq(ach_fc_balance_check(&r, &a, 5, "USD", AS_OF, DAY, &err), ACH_ECURRENCY);
    ck_assert_int_eq(ach_fc_balance_check(&r, &a, 5, "usdx", AS_OF, DAY, &err), ACH_ECURRENCY);
    ck_assert_int_eq(ach_fc_balance_check(&r, &a, 5, "usd", AS_OF, -1, &err), ACH_EINVAL);
    ck_assert_int_eq(r.figure, 42);
    /* extreme values saturate instead of overflowing */
    a.balance.amounts[0].cash_available = INT64_MIN;
    ck_assert_int_eq(ach_fc_balance_check(&r, &a, INT64_MAX, "usd", INT64_MAX, INT64_MAX, NULL),
                     ACH_OK);
    ck_assert_int_eq(r.verdict, ACH_FC_BALANCE_INSUFFICIENT);
    ck_assert_int_eq(r.shortfall, INT64_MAX);
}
END_TEST

/* ================================ R-FC-5: transaction features ============================= */

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

static ach_fc_transaction txn(int64_t amount, const char *cur, ach_fc_transaction_status st,
                              ach_instant at, const char *desc)
{
    ach_fc_transaction t;
    memset(&t, 0, sizeof t);
    t.amount = amount;
    strcpy(t.currency, cur);
    t.status = st;
    t.transacted_at = at;
    strcpy(t.description, desc);
    return t;
}

START_TEST(r_fc_5_transaction_features_over_a_window)
{
    const ach_fc_transaction_status P = ACH_FC_TXN_POSTED;
    ach_fc_transaction t[] = {
        txn(250000, "usd", P, T0, "PAYROLL ACME CORP"),            /* at `from`: in */
        txn(1000, "usd", P, T0 + DAY, "Zelle from Ana"),
        txn(-1250, "usd", P, T0 + DAY, "Coffee"),
        txn(-120000, "usd", P, T0 + 2 * DAY, "RENT"),
        txn(-3500, "usd", P, T0 + 3 * DAY, "NSF FEE"),
        txn(-9999, "usd", ACH_FC_TXN_PENDING, T0 + 3 * DAY, "Pending"),
        txn(-7777, "usd", ACH_FC_TXN_VOID, T0 + 3 * DAY, "Voided"),
        txn(-500, "eur", P, T0 + 3 * DAY, "Paris"),
        txn(-100, "usd", P, T0 - 1, "before the window"),
        txn(-100, "usd", P, T0 + 30 * DAY, "at `to`: out"),
        txn(0, "usd", P, T0 + 4 * DAY, "zero amount"),
    };
    ach_fc_account a = seed_account();
    a.transactions = t;
    a.transaction_count = sizeof t / sizeof *t;
    ach_fc_transaction_features f;
    ck_assert_int_eq(ach_fc_transaction_features_compute(&f, &a, "usd", T0, T0 + 30 * DAY, NULL),
                     ACH_OK);
    ck_assert_uint_eq(f.considered, 6);
    ck_assert_uint_eq(f.inflow_count, 2);
    ck_assert_int_eq(f.inflow_total, 251000);
    ck_assert_uint_eq(f.outflow_count, 3);
    ck_assert_int_eq(f.outflow_total, 1250 + 120000 + 3500);
    ck_assert_uint_eq(f.nsf_count, 1);
    ck_assert_uint_eq(f.return_count, 0);
    ck_assert_uint_eq(f.skipped, 3);
    /* errors */
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_transaction_features_compute(&f, &a, "usd", T0 + 1, T0, &err),
                     ACH_EINVAL);
    ck_assert_int_eq(ach_fc_transaction_features_compute(&f, &a, "Usd", T0, T0 + 1, &err),
                     ACH_ECURRENCY);
    a.permissions = BAL;
    ck_assert_int_eq(ach_fc_transaction_features_compute(&f, &a, "usd", T0, T0 + 1, &err),
                     ACH_EPERMISSION);
    ck_assert_str_eq(err.field, "transactions");
    /* overflow */
    ach_fc_transaction big[] = {txn(INT64_MAX, "usd", P, T0, "a"), txn(1, "usd", P, T0, "b")};
    a = seed_account();
    a.transactions = big;
    a.transaction_count = 2;
    ck_assert_int_eq(ach_fc_transaction_features_compute(&f, &a, "usd", T0, T0 + 1, &err),
                     ACH_EOVERFLOW);
    big[0].amount = INT64_MIN;
    ck_assert_int_eq(ach_fc_transaction_features_compute(&f, &a, "usd", T0, T0 + 1, NULL),
                     ACH_EOVERFLOW);
    ck_assert_uint_eq(f.considered, 6); /* untouched */
}
END_TEST

static const struct {
    const char *description;
    bool nsf, returned;
} description_cases[] = {
    {"NSF FEE", true, false},
    {"nsf item fee", true, false},
    {"Non-Sufficient Funds Charge", true, false},
    {"NONSUFFICIENT FUNDS", true, false},
    {"INSUFFICIENT FUNDS FEE", true, false},
    {"Overdraft Fee", true, false},
    {"OD FEE 03/02", true, false},
    {"RETURNED ITEM FEE", false, true},
    {"ACH RETURN R01 ACME", false, true},
    {"Return item chargeback", false, true},
    {"R10 UNAUTHORIZED", false, true},
    {"UNPAID ITEM", false, true},
    {"RETURNED ITEM - NSF", true, true},
    {"ONLINE TRANSFER TO SAVINGS", false, false}, /* "TRANSFER" holds NSF but is not it */
    {"Transfer 123", false, false},
    {"RENT", false, false},
    {"R00 not a code", false, false},
    {"FOR123 R1 R100", false, false},
    {"Café NSF", true, false},
    {"", false, false},
};

START_TEST(r_fc_5_nsf_and_return_descriptions)
{
    ach_fc_transaction t[] = {
        txn(-3500, "usd", ACH_FC_TXN_POSTED, T0, description_cases[_i].description)};
    ach_fc_account a = seed_account();
    a.transactions = t;
    a.transaction_count = 1;
    ach_fc_transaction_features f;
    ck_assert_int_eq(ach_fc_transaction_features_compute(&f, &a, "usd", T0, T0 + 1, NULL), ACH_OK);
    ck_assert_msg(f.nsf_count == (size_t)description_cases[_i].nsf, "nsf: '%s'",
                  description_cases[_i].description);
    ck_assert_msg(f.return_count == (size_t)description_cases[_i].returned, "return: '%s'",
                  description_cases[_i].description);
}
END_TEST

static const struct {
    int balance; /* -1: none, else an ach_fc_balance_verdict */
    size_t bad;  /* nsf + returns */
    int policy;  /* 0 default, 1 lenient */
    ach_fc_risk_action action;
    uint32_t reasons;
} decide_cases[] = {
    {ACH_FC_BALANCE_SUFFICIENT, 0, 0, ACH_FC_ACCEPT, 0},
    {ACH_FC_BALANCE_INSUFFICIENT, 0, 0, ACH_FC_REFUSE, ACH_FC_RISK_INSUFFICIENT},
    {ACH_FC_BALANCE_STALE, 0, 0, ACH_FC_REVIEW, ACH_FC_RISK_STALE},
    {ACH_FC_BALANCE_UNKNOWN, 0, 0, ACH_FC_REVIEW, ACH_FC_RISK_UNKNOWN_BALANCE},
    {ACH_FC_BALANCE_SUFFICIENT, 1, 0, ACH_FC_REVIEW, ACH_FC_RISK_NSF_HISTORY},
    {ACH_FC_BALANCE_SUFFICIENT, 2, 0, ACH_FC_REVIEW, ACH_FC_RISK_NSF_HISTORY},
    {ACH_FC_BALANCE_SUFFICIENT, 3, 0, ACH_FC_REFUSE, ACH_FC_RISK_NSF_HISTORY | ACH_FC_RISK_NSF_REFUSE},
    {ACH_FC_BALANCE_STALE, 3, 0, ACH_FC_REFUSE,
     ACH_FC_RISK_STALE | ACH_FC_RISK_NSF_HISTORY | ACH_FC_RISK_NSF_REFUSE},
    {-1, 0, 0, ACH_FC_ACCEPT, 0},
    /* lenient: review instead of refuse, ignore unknown balances, NSF never refuses */
    {ACH_FC_BALANCE_INSUFFICIENT, 0, 1, ACH_FC_REVIEW, ACH_FC_RISK_INSUFFICIENT},
    {ACH_FC_BALANCE_UNKNOWN, 0, 1, ACH_FC_ACCEPT, ACH_FC_RISK_UNKNOWN_BALANCE},
    {ACH_FC_BALANCE_SUFFICIENT, 5, 1, ACH_FC_REVIEW, ACH_FC_RISK_NSF_HISTORY},
};

START_TEST(r_fc_5_accept_review_refuse)
{
    ach_fc_balance_risk b;
    memset(&b, 0, sizeof b);
    b.verdict = (ach_fc_balance_verdict)(decide_cases[_i].balance < 0 ? 0 : decide_cases[_i].balance);
    ach_fc_transaction_features f;
    memset(&f, 0, sizeof f);
    f.nsf_count = decide_cases[_i].bad / 2;
    f.return_count = decide_cases[_i].bad - f.nsf_count;
    ach_fc_risk_policy lenient = {1, 0, false, false};
    ach_fc_risk_decision d = ach_fc_risk_decide(decide_cases[_i].balance < 0 ? NULL : &b, &f,
                                                decide_cases[_i].policy ? &lenient : NULL);
    ck_assert_msg(d.action == decide_cases[_i].action, "case %d: %s", _i,
                  ach_fc_risk_action_name(d.action));
    ck_assert_uint_eq(d.reasons, decide_cases[_i].reasons);
    ck_assert_str_eq(ach_fc_risk_action_name((ach_fc_risk_action)7), "unknown");
    ck_assert_str_eq(ach_fc_balance_verdict_name(ACH_FC_BALANCE_STALE), "stale");
}
END_TEST

/* ================================ the suite ================================================ */

#define LOOP(tc, fn, table) tcase_add_loop_test(tc, fn, 0, (int)(sizeof table / sizeof *table))

static void add_core_cases(Suite *s)
{
    TCase *tc = tcase_create("permissions");
    LOOP(tc, r_fc_1_permissions_parse, parse_cases);
    tcase_add_test(tc, r_fc_1_permissions_format_and_names);
    LOOP(tc, r_fc_1_permissions_and_prefetch_validate, validate_cases);
    LOOP(tc, r_fc_2_widening, widening_cases);
    LOOP(tc, r_fc_7_least_privilege, privilege_cases);
    tcase_add_test(tc, r_fc_7_review_errors_and_use_case_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("client_secret");
    tcase_add_test(tc, r_fc_3_secret_is_held_masked_and_revealed_only_on_request);
    LOOP(tc, r_fc_3_secret_set_errors_never_show_it, secret_set_cases);
    LOOP(tc, r_fc_3_redact, redact_cases);
    tcase_add_test(tc, r_fc_3_redact_into_a_short_buffer_truncates_after_redacting);
    tcase_add_test(tc, r_fc_3_session_format_redacts_the_secret);
    suite_add_tcase(s, tc);

    tc = tcase_create("accounts");
    tcase_add_test(tc, r_fc_4_seed_account_is_valid);
    LOOP(tc, r_fc_4_r_fc_6_account_validation, account_cases);
    LOOP(tc, r_fc_6_forbidden_reads, read_cases);
    tcase_add_test(tc, r_fc_6_permitted_but_absent);
    tcase_add_test(tc, r_fc_4_tokens_are_never_routable);
    LOOP(tc, r_acc_4_verified_at_once, instant_cases);
    suite_add_tcase(s, tc);

    tc = tcase_create("fc_verification");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    LOOP(tc, r_acc_4_fc_verifies_the_bank_account, verify_cases);
    suite_add_tcase(s, tc);

    tc = tcase_create("sessions");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    LOOP(tc, r_fc_4_seed_session_emits_one_event_per_account, event_dates);
    tcase_add_test(tc, r_fc_4_abandoned_flow_is_an_empty_list_not_an_error);
    tcase_add_test(tc, r_fc_4_failed_session_events_emit_nothing);
    LOOP(tc, r_fc_1_session_validation, session_cases);
    suite_add_tcase(s, tc);

    tc = tcase_create("risk");
    LOOP(tc, r_fc_5_balance_boundaries, balance_cases);
    tcase_add_test(tc, r_fc_5_balance_check_errors);
    tcase_add_test(tc, r_fc_5_transaction_features_over_a_window);
    LOOP(tc, r_fc_5_nsf_and_return_descriptions, description_cases);
    LOOP(tc, r_fc_5_accept_review_refuse, decide_cases);
    suite_add_tcase(s, tc);
}

/* ================================ R-FC-5: ownership match ================================== */
/* Kept in their own TCases: they need the validators module's name normaliser (ach/name.h). */

#define FULL ACH_FC_MATCH_FULL
#define PART ACH_FC_MATCH_PARTIAL
#define NONE ACH_FC_MATCH_NONE

static const struct {
    const char *customer, *owner;
    ach_fc_match_verdict verdict;
    int score;
    ach_fc_match_reason reason;
    uint32_t notes;
} match_cases[] = {
    /* the example: order, accents and a comma */
    {"MÜLLER, JOSÉ", "Jose Muller", FULL, 100, ACH_FC_REASON_REORDERED, ACH_FC_NOTE_REORDERED},
    {"José Müller", "JOSE MULLER", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"Jenny Rosen", "ROSEN JENNY", FULL, 100, ACH_FC_REASON_REORDERED, ACH_FC_NOTE_REORDERED},
    /* middle names and initials */
    {"John Paul Smith", "John Smith", FULL, 83, ACH_FC_REASON_EXTRA_NAMES, ACH_FC_NOTE_EXTRA},
    {"J. Smith", "John Smith", FULL, 85, ACH_FC_REASON_INITIALS, ACH_FC_NOTE_INITIALS},
    {"John A. Smith", "John Albert Smith", FULL, 90, ACH_FC_REASON_INITIALS, ACH_FC_NOTE_INITIALS},
    {"Smith, J. R.", "John Robert Smith", FULL, 80, ACH_FC_REASON_INITIALS,
     ACH_FC_NOTE_INITIALS | ACH_FC_NOTE_REORDERED},
    {"A. B.", "Alice Brown", PART, 70, ACH_FC_REASON_INITIALS, ACH_FC_NOTE_INITIALS},
    /* honorifics, generational and company suffixes */
    {"Mr. John Smith Jr.", "JOHN SMITH", FULL, 100, ACH_FC_REASON_EXACT, ACH_FC_NOTE_DROPPED},
    {"Dr. Jane Smith", "Smith, Jane", FULL, 100, ACH_FC_REASON_REORDERED,
     ACH_FC_NOTE_REORDERED | ACH_FC_NOTE_DROPPED},
    {"John Smith", "John Smith Sr.", FULL, 100, ACH_FC_REASON_EXACT, ACH_FC_NOTE_DROPPED},
    {"ACME, Inc.", "Acme Incorporated", FULL, 100, ACH_FC_REASON_EXACT, ACH_FC_NOTE_DROPPED},
    {"The Coffee Company", "Coffee Co.", FULL, 100, ACH_FC_REASON_EXACT, ACH_FC_NOTE_DROPPED},
    {"Globex Corp", "GLOBEX LTD", FULL, 100, ACH_FC_REASON_EXACT, ACH_FC_NOTE_DROPPED},
    {"Acme Widgets LLC", "ACME CORP", PART, 75, ACH_FC_REASON_EXTRA_NAMES,
     ACH_FC_NOTE_EXTRA | ACH_FC_NOTE_DROPPED},
    /* partial and no match */
    {"John Smith", "Jane Smith", PART, 50, ACH_FC_REASON_DIFFERENT_NAMES, ACH_FC_NOTE_EXTRA},
    {"John A Smith", "John B Smith", PART, 66, ACH_FC_REASON_DIFFERENT_NAMES, ACH_FC_NOTE_EXTRA},
    {"Smith", "John Smith", PART, 75, ACH_FC_REASON_EXTRA_NAMES, ACH_FC_NOTE_EXTRA},
    {"John Smith", "Robert Jones", NONE, 0, ACH_FC_REASON_NOTHING_IN_COMMON, ACH_FC_NOTE_EXTRA},
    {"Jenny Rosen", "Jennifer Rosenberg", NONE, 0, ACH_FC_REASON_NOTHING_IN_COMMON,
     ACH_FC_NOTE_EXTRA},
    /* several languages and name orders */
    {"Yamada Taro", "TARO YAMADA", FULL, 100, ACH_FC_REASON_REORDERED, ACH_FC_NOTE_REORDERED},
    {"Wang Xiaoming", "Xiaoming Wang", FULL, 100, ACH_FC_REASON_REORDERED, ACH_FC_NOTE_REORDERED},
    {"Nagy László", "Laszlo Nagy", FULL, 100, ACH_FC_REASON_REORDERED, ACH_FC_NOTE_REORDERED},
    {"Nguyễn Văn An", "An Van Nguyen", FULL, 100, ACH_FC_REASON_REORDERED, ACH_FC_NOTE_REORDERED},
    {"José Antonio García López", "Jose Garcia", PART, 75, ACH_FC_REASON_EXTRA_NAMES,
     ACH_FC_NOTE_EXTRA},
    {"María García-López", "Maria Garcia Lopez", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"Łukasz Wróbel", "LUKASZ WROBEL", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"Þóra Björk", "Thora Bjork", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"Søren Kierkegaard", "Soren Kierkegaard", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"Johann Strauß", "Johann Strauss", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"Çağla Şahin", "Sahin, Cagla", FULL, 100, ACH_FC_REASON_REORDERED, ACH_FC_NOTE_REORDERED},
    {"Jean d'Arc", "JEAN DARC", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"Seán O\xe2\x80\x99" "Brien", "Sean OBrien", FULL, 100, ACH_FC_REASON_EXACT, 0},
    {"\xef\xbc\xaa\xef\xbc\xaf\xef\xbc\xa8\xef\xbc\xae Smith", "John Smith", FULL, 100,
     ACH_FC_REASON_EXACT, 0}, /* fullwidth ＪＯＨＮ */
};

START_TEST(r_fc_5_name_match)
{
    const char *c = match_cases[_i].customer, *o = match_cases[_i].owner;
    ach_fc_match m;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_fc_name_match(&m, c, strlen(c), o, strlen(o), &err) == ACH_OK, "%s: %s",
                  err.field, err.message);
    char why[200];
    ach_fc_match_explain(why, sizeof why, &m);
    ck_assert_msg(m.verdict == match_cases[_i].verdict && m.score == match_cases[_i].score &&
                      m.reason == match_cases[_i].reason && m.notes == match_cases[_i].notes,
                  "'%s' vs '%s': %s [%s, notes %u]", c, o, why, ach_fc_match_reason_name(m.reason),
                  (unsigned)m.notes);
    /* the comparison is symmetric in verdict and score */
    ach_fc_match r;
    ck_assert_int_eq(ach_fc_name_match(&r, o, strlen(o), c, strlen(c), NULL), ACH_OK);
    ck_assert_int_eq(r.verdict, m.verdict);
    ck_assert_int_eq(r.score, m.score);
}
END_TEST

static const struct {
    const char *customer, *owner;
    ach_status status;
    const char *field;
} match_errors[] = {
    {"Иван Петров", "Ivan Petrov", ACH_ENAME_SCRIPT, "customer_name"},
    {"Ivan Petrov", "山田太郎", ACH_ENAME_SCRIPT, "owner_name"},
    {"John Smith", "", ACH_ENAME_EMPTY, "owner_name"},
    {"---", "John Smith", ACH_ENAME_EMPTY, "customer_name"},
    {"John\tSmith", "John Smith", ACH_ENAME_CONTROL, "customer_name"},
    {"John Smith", "Jos\xe9", ACH_ENAME_UTF8, "owner_name"},
};

START_TEST(r_fc_5_name_match_errors)
{
    const char *c = match_errors[_i].customer, *o = match_errors[_i].owner;
    ach_fc_match m = {FULL, ACH_FC_REASON_EXACT, 0, 42, 0, false, 0};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_name_match(&m, c, strlen(c), o, strlen(o), &err),
                     match_errors[_i].status);
    ck_assert_str_eq(err.field, match_errors[_i].field);
    ck_assert_int_eq(m.score, 42);
}
END_TEST

START_TEST(r_fc_5_name_match_too_many_words)
{
    char many[300];
    size_t k = 0;
    for (int i = 0; i < ACH_FC_MATCH_MAX_TOKENS + 1; i++) {
        many[k++] = (char)('A' + i % 26);
        many[k++] = ' ';
    }
    ach_fc_match m;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_name_match(&m, many, k, "A B", 3, &err), ACH_ETOOLONG);
    ck_assert_str_eq(err.field, "customer_name");
    /* exactly the maximum is fine */
    ck_assert_int_eq(ach_fc_name_match(&m, many, k - 2, "A B", 3, NULL), ACH_OK);
}
END_TEST

START_TEST(r_fc_5_explain)
{
    ach_fc_match m;
    const char *c = "MÜLLER, JOSÉ", *o = "Mr. Jose Muller";
    ck_assert_int_eq(ach_fc_name_match(&m, c, strlen(c), o, strlen(o), NULL), ACH_OK);
    char buf[200];
    size_t n = ach_fc_match_explain(buf, sizeof buf, &m);
    ck_assert_str_eq(buf, "match (score 100): the same names in a different order; titles or "
                          "company suffixes ignored");
    ck_assert_uint_eq(n, strlen(buf));
    c = "J. Smith Jones";
    o = "John Smith";
    ck_assert_int_eq(ach_fc_name_match(&m, c, strlen(c), o, strlen(o), NULL), ACH_OK);
    ach_fc_match_explain(buf, sizeof buf, &m);
    ck_assert_str_eq(buf, "partial (score 70): one side has names the other lacks (such as a "
                          "middle name); an initial stands for a name");
    ck_assert_str_eq(ach_fc_match_verdict_name(ACH_FC_MATCH_NONE), "no_match");
    ck_assert_str_eq(ach_fc_match_reason_name(ACH_FC_REASON_ADDRESS_MISMATCH), "address_mismatch");
    ck_assert_str_eq(ach_fc_match_reason_name((ach_fc_match_reason)99), "unknown");
}
END_TEST

/* R-FC-5 and R-FC-6 on an account: the best owner, addresses, permissions. */
static const struct {
    const char *name, *address;
    ach_fc_match_verdict verdict;
    int score;
    ach_fc_match_reason reason;
    size_t owner;
    bool address_checked;
    int address_score;
} ownership_cases[] = {
    {"Jose Muller", NULL, FULL, 100, ACH_FC_REASON_REORDERED, 1, false, 0},
    {"Jenny Rosen", NULL, FULL, 100, ACH_FC_REASON_EXACT, 0, false, 0},
    {"Jenny Rosen", "354 Oyster Point Boulevard, South San Francisco, CA 94080", FULL, 100,
     ACH_FC_REASON_EXACT, 0, true, 100},
    {"Jenny Rosen", "354 OYSTER POINT BLVD SOUTH SAN FRANCISCO CA", FULL, 100,
     ACH_FC_REASON_EXACT, 0, true, 94},
    {"Jenny Rosen", "1 Main Street, Springfield, IL 62701", PART, 100,
     ACH_FC_REASON_ADDRESS_MISMATCH, 0, true, 0},
    /* Müller has no address: compared by name only, and wins */
    {"José Müller", "1 Main Street, Springfield, IL 62701", FULL, 100, ACH_FC_REASON_REORDERED, 1,
     false, 0},
    {"Jane Rosen", NULL, PART, 50, ACH_FC_REASON_DIFFERENT_NAMES, 0, false, 0},
    {"Robert Jones", NULL, NONE, 0, ACH_FC_REASON_NOTHING_IN_COMMON, 0, false, 0},
};

START_TEST(r_fc_5_ownership_match)
{
    ach_fc_account a = seed_account();
    const char *n = ownership_cases[_i].name, *addr = ownership_cases[_i].address;
    ach_fc_match m;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_fc_ownership_match(&m, &a, n, strlen(n), addr, addr ? strlen(addr) : 0,
                                         &err) == ACH_OK,
                  "%s: %s", err.field, err.message);
    char why[200];
    ach_fc_match_explain(why, sizeof why, &m);
    ck_assert_msg(m.verdict == ownership_cases[_i].verdict && m.score == ownership_cases[_i].score &&
                      m.reason == ownership_cases[_i].reason && m.owner == ownership_cases[_i].owner,
                  "case %d: %s (owner %zu)", _i, why, m.owner);
    ck_assert(m.address_checked == ownership_cases[_i].address_checked);
    if (m.address_checked) ck_assert_int_eq(m.address_score, ownership_cases[_i].address_score);
}
END_TEST

START_TEST(r_fc_5_r_fc_6_ownership_match_edges)
{
    ach_fc_account a = seed_account();
    ach_fc_match m = {FULL, ACH_FC_REASON_EXACT, 0, 42, 0, false, 0};
    ach_error err = ACH_ERROR_INIT;
    /* R-FC-6: no ownership permission */
    a.permissions &= ~OWN;
    ck_assert_int_eq(ach_fc_ownership_match(&m, &a, "Jenny Rosen", 11, NULL, 0, &err),
                     ACH_EPERMISSION);
    ck_assert_int_eq(m.score, 42);
    /* no owners: a verdict, not an error */
    a = seed_account();
    a.owners = NULL;
    a.owner_count = 0;
    ck_assert_int_eq(ach_fc_ownership_match(&m, &a, "Jenny Rosen", 11, NULL, 0, NULL), ACH_OK);
    ck_assert_int_eq(m.verdict, NONE);
    ck_assert_int_eq(m.reason, ACH_FC_REASON_NO_OWNERS);
    /* an owner in another script is skipped; the other is compared */
    ach_fc_owner own[2];
    memset(own, 0, sizeof own);
    strcpy(own[0].name, "Иван Петров");
    strcpy(own[1].name, "Ivan Petrov");
    a.owners = own;
    a.owner_count = 2;
    ck_assert_int_eq(ach_fc_ownership_match(&m, &a, "Petrov Ivan", 11, NULL, 0, NULL), ACH_OK);
    ck_assert_int_eq(m.verdict, FULL);
    ck_assert_uint_eq(m.owner, 1);
    /* ... but when no owner can be compared, the first error is returned */
    a.owner_count = 1;
    ck_assert_int_eq(ach_fc_ownership_match(&m, &a, "Petrov Ivan", 11, NULL, 0, &err),
                     ACH_ENAME_SCRIPT);
    ck_assert_str_eq(err.field, "owners[0].name");
    /* the customer's own name or address must be readable */
    a.owner_count = 2;
    ck_assert_int_eq(ach_fc_ownership_match(&m, &a, "", 0, NULL, 0, &err), ACH_ENAME_EMPTY);
    ck_assert_str_eq(err.field, "customer_name");
    ck_assert_int_eq(ach_fc_ownership_match(&m, &a, "Ivan", 4, "Moscow \xff", 8, &err),
                     ACH_ENAME_UTF8);
    ck_assert_str_eq(err.field, "customer_address");
}
END_TEST

static void add_match_cases(Suite *s)
{
    TCase *tc = tcase_create("name_match");
    LOOP(tc, r_fc_5_name_match, match_cases);
    LOOP(tc, r_fc_5_name_match_errors, match_errors);
    tcase_add_test(tc, r_fc_5_name_match_too_many_words);
    tcase_add_test(tc, r_fc_5_explain);
    suite_add_tcase(s, tc);
    tc = tcase_create("ownership_match");
    LOOP(tc, r_fc_5_ownership_match, ownership_cases);
    tcase_add_test(tc, r_fc_5_r_fc_6_ownership_match_edges);
    suite_add_tcase(s, tc);
}

static Suite *fc_suite(void)
{
    Suite *s = suite_create("fc");
    add_core_cases(s);
    add_match_cases(s);
    return s;
}

ACH_TEST_MAIN(fc_suite)
