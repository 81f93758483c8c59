/* SPDX-License-Identifier: Apache-2.0 */
/* Financial Connections risk (R-FC-5): balance check before a debit, transaction features
 * (posted inflows and outflows, NSF- and return-like descriptions) and an accept / review /
 * refuse policy over them. */
#include <string.h>
#include "fc_internal.h"

/* ---- balance ------------------------------------------------------------------------------- */

static const ach_fc_balance_amount *find_currency(const ach_fc_balance *b, const char *currency)
{
    size_t n = b->count < ACH_FC_BALANCE_CURRENCIES_MAX ? b->count : ACH_FC_BALANCE_CURRENCIES_MAX;
    for (size_t i = 0; i < n; i++)
        if (strncmp(b->amounts[i].currency, currency, ACH_FC_CURRENCY_SIZE) == 0)
            return &b->amounts[i];
    return NULL;
}

/* a - b saturated to int64 (balances may be negative, amounts are positive). */
static int64_t sub_sat(int64_t a, int64_t b)
{
    if (b > 0 && a < INT64_MIN + b) return INT64_MIN;
    if (b < 0 && a > INT64_MAX + b) return INT64_MAX;
    return a - b;
}

ach_status ach_fc_balance_check(ach_fc_balance_risk *out, const ach_fc_account *account,
                                int64_t amount, const char *currency, ach_instant now,
                                int64_t max_age, ach_error *err)
{
    if (amount <= 0)
        return ach__fail(err, ACH_EAMOUNT, "amount", 0, 0,
                         "the debit amount must be positive, not %lld cents", (long long)amount);
    if (!ach__fc_currency_ok(currency))
        return ach__fail(err, ACH_ECURRENCY, "currency", 0, 0,
                         "the currency must be 3 lowercase letters, such as usd");
    if (max_age < 0)
        return ach__fail(err, ACH_EINVAL, "max_age", 0, 0,
                         "the maximum balance age must be 0 or more seconds");
    ach_fc_balance_risk r;
    memset(&r, 0, sizeof r);
    r.verdict = ACH_FC_BALANCE_UNKNOWN;
    /* No permission is a verdict, not an error: nothing is read (R-FC-6). */
    const ach_fc_balance *b = NULL;
    if (ach_fc_account_balance(&b, account, NULL) != ACH_OK || b->type != ACH_FC_BALANCE_CASH) {
        *out = r;
        return ACH_OK;
    }
    const ach_fc_balance_amount *e = find_currency(b, currency);
    if (!e) {
        *out = r;
        return ACH_OK;
    }
    r.compared = true;
    r.used_available = e->has_cash_available;
    r.figure = e->has_cash_available ? e->cash_available : e->current;
    int64_t short_by = sub_sat(amount, r.figure);
    r.shortfall = short_by > 0 ? short_by : 0;
    int64_t age = sub_sat(now, b->as_of);
    r.age = age > 0 ? age : 0;
    if (r.age > max_age)
        r.verdict = ACH_FC_BALANCE_STALE;
    else
        r.verdict = r.figure >= amount ? ACH_FC_BALANCE_SUFFICIENT : ACH_FC_BALANCE_INSUFFICIENT;
    *out = r;
    return ACH_OK;
}

const char *ach_fc_balance_verdict_name(ach_fc_balance_verdict v)
{
    static const char *const names[] = {"sufficient", "insufficient", "stale", "unknown"};
    return (unsigned)v < ACH__ARRAY_LEN(names) ? names[v] : "unknown";
}

/* ---- transaction features ------------------------------------------------------------------ */

/* A description read as words: maximal runs of ASCII letters and digits, compared in
 * uppercase. Everything else (spaces, punctuation, non-ASCII bytes) separates words. Written by
 * hand: a few lines, and a keyword match on bank descriptors needs no Unicode folding since
 * every keyword is ASCII. */
#define FC_DESC_MAX_WORDS 64

typedef struct fc_word {
    const char *p;
    size_t n;
} fc_word;

static size_t split_words(fc_word *w, const char *s, size_t len)
{
    size_t count = 0, i = 0;
    while (i < len && count < FC_DESC_MAX_WORDS) {
        while (i < len && !(ach__fc_is_word_byte((unsigned char)s[i]) && s[i] != '_')) i++;
        size_t start = i;
        while (i < len && ach__fc_is_word_byte((unsigned char)s[i]) && s[i] != '_') i++;
        if (i > start) w[count++] = (fc_word){s + start, i - start};
    }
    return count;
}

static bool word_is(const fc_word *w, const char *kw)
{
    size_t n = strlen(kw);
    if (w->n != n) return false;
    for (size_t i = 0; i < n; i++)
        if (ach__fc_upper((unsigned char)w->p[i]) != (unsigned char)kw[i]) return false;
    return true;
}

/* Keyword phrases of one or two words. */
typedef struct fc_phrase {
    const char *a, *b;
} fc_phrase;

static const fc_phrase nsf_phrases[] = {
    {"NSF", NULL},           {"NONSUFFICIENT", NULL}, {"NON", "SUFFICIENT"},
    {"INSUFFICIENT", "FUNDS"}, {"INSUFFICIENT", "FUND"}, {"OVERDRAFT", NULL},
    {"OD", "FEE"},
};

static const fc_phrase return_phrases[] = {
    {"RETURNED", NULL}, {"RETURN", "ITEM"}, {"ACH", "RETURN"}, {"RETURN", "FEE"},
    {"UNPAID", NULL},   {"CHARGEBACK", NULL},
};

static bool has_phrase(const fc_word *w, size_t n, const fc_phrase *ph, size_t nph)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nph; k++)
            if (word_is(&w[i], ph[k].a) && (!ph[k].b || (i + 1 < n && word_is(&w[i + 1], ph[k].b))))
                return true;
    return false;
}

/* A NACHA return reason code as a word: R01..R99. */
static bool has_return_code(const fc_word *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i].n == 3 && ach__fc_upper((unsigned char)w[i].p[0]) == 'R' &&
            ach__fc_is_digit((unsigned char)w[i].p[1]) &&
            ach__fc_is_digit((unsigned char)w[i].p[2]) && !(w[i].p[1] == '0' && w[i].p[2] == '0'))
            return true;
    return false;
}

static bool add_ok(int64_t *total, int64_t v)
{
    if ((v > 0 && *total > INT64_MAX - v) || (v < 0 && *total < INT64_MIN - v)) return false;
    *total += v;
    return true;
}

ach_status ach_fc_transaction_features_compute(ach_fc_transaction_features *out,
                                               const ach_fc_account *account,
                                               const char *currency, ach_instant from,
                                               ach_instant to, ach_error *err)
{
    const ach_fc_transaction *t = NULL;
    size_t n = 0;
    ACH__FC_TRY(ach_fc_account_transactions(&t, &n, account, err));
    if (!ach__fc_currency_ok(currency))
        return ach__fail(err, ACH_ECURRENCY, "currency", 0, 0,
                         "the currency must be 3 lowercase letters, such as usd");
    if (from > to)
        return ach__fail(err, ACH_EINVAL, "window", 0, 0, "the window starts after it ends");
    ach_fc_transaction_features f;
    memset(&f, 0, sizeof f);
    fc_word words[FC_DESC_MAX_WORDS];
    for (size_t i = 0; i < n; i++) {
        if (t[i].transacted_at < from || t[i].transacted_at >= to) continue;
        if (t[i].status != ACH_FC_TXN_POSTED ||
            strncmp(t[i].currency, currency, ACH_FC_CURRENCY_SIZE) != 0) {
            f.skipped++;
            continue;
        }
        f.considered++;
        int64_t a = t[i].amount;
        if (a > 0) {
            f.inflow_count++;
            if (!add_ok(&f.inflow_total, a)) goto overflow;
        } else if (a < 0) {
            f.outflow_count++;
            /* -INT64_MIN does not fit: that magnitude alone overflows the total */
            if (a == INT64_MIN || !add_ok(&f.outflow_total, -a)) goto overflow;
        }
        size_t nw = split_words(words, t[i].description,
                                ach__fc_strnlen(t[i].description, sizeof t[i].description));
        if (has_phrase(words, nw, nsf_phrases, ACH__ARRAY_LEN(nsf_phrases))) f.nsf_count++;
        if (has_phrase(words, nw, return_phrases, ACH__ARRAY_LEN(return_phrases)) ||
            has_return_code(words, nw))
            f.return_count++;
    }
    *out = f;
    return ACH_OK;
overflow:
    return ach__fail(err, ACH_EOVERFLOW, "transactions", 0, 0,
                     "the transaction totals of account %s do not fit in 64 bits", account->id);
}

/* ---- decision ------------------------------------------------------------------------------ */

ach_fc_risk_decision ach_fc_risk_decide(const ach_fc_balance_risk *balance,
                                        const ach_fc_transaction_features *features,
                                        const ach_fc_risk_policy *policy)
{
    static const ach_fc_risk_policy default_policy = ACH_FC_RISK_POLICY_INIT;
    const ach_fc_risk_policy *p = policy ? policy : &default_policy;
    ach_fc_risk_decision d = {ACH_FC_ACCEPT, 0};
#define RAISE(act) (d.action = (act) > d.action ? (act) : d.action)
    if (balance) {
        switch (balance->verdict) {
        case ACH_FC_BALANCE_SUFFICIENT: break;
        case ACH_FC_BALANCE_INSUFFICIENT:
            d.reasons |= ACH_FC_RISK_INSUFFICIENT;
            RAISE(p->refuse_insufficient ? ACH_FC_REFUSE : ACH_FC_REVIEW);
            break;
        case ACH_FC_BALANCE_STALE:
            d.reasons |= ACH_FC_RISK_STALE;
            if (p->review_unknown) RAISE(ACH_FC_REVIEW);
            break;
        case ACH_FC_BALANCE_UNKNOWN:
        default:
            d.reasons |= ACH_FC_RISK_UNKNOWN_BALANCE;
            if (p->review_unknown) RAISE(ACH_FC_REVIEW);
            break;
        }
    }
    if (features) {
        size_t bad = features->nsf_count + features->return_count;
        if (p->review_at && bad >= p->review_at) {
            d.reasons |= ACH_FC_RISK_NSF_HISTORY;
            RAISE(ACH_FC_REVIEW);
        }
        if (p->refuse_at && bad >= p->refuse_at) {
            d.reasons |= ACH_FC_RISK_NSF_REFUSE;
            RAISE(ACH_FC_REFUSE);
        }
    }
#undef RAISE
    return d;
}

const char *ach_fc_risk_action_name(ach_fc_risk_action a)
{
    static const char *const names[] = {"accept", "review", "refuse"};
    return (unsigned)a < ACH__ARRAY_LEN(names) ? names[a] : "unknown";
}
