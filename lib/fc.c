/* SPDX-License-Identifier: Apache-2.0 */
/* Financial Connections values: permissions and use cases (R-FC-1, R-FC-2, R-FC-7), the client
 * secret (R-FC-3), linked accounts and their permission-checked reads (R-FC-4, R-FC-6), sessions
 * and their account.created events (SPEC §7). */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "ach/routing.h"
#include "fc_internal.h"
#include "rules_internal.h"

/* ---- small shared helpers ------------------------------------------------------------------ */

bool ach__fc_currency_ok(const char *c)
{
    return c && c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z' && c[2] >= 'a' &&
           c[2] <= 'z' && c[3] == '\0';
}

void ach__fc_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--) *v++ = 0;
}

ach_status ach__fc_require(const ach_fc_account *account, ach_fc_permission perm,
                           const char *field, ach_error *err)
{
    if (account->permissions & perm) return ACH_OK;
    return ach__fail(err, ACH_EPERMISSION, field, 0, 0,
                     "reading %s of account %s needs the %s permission, which was not granted "
                     "(R-FC-6)",
                     field, account->id, ach_fc_permission_name(perm));
}

/* ---- named bit sets: permissions and use cases --------------------------------------------- */

typedef struct fc_name_bit {
    const char *name;
    uint32_t bit;
} fc_name_bit;

static const fc_name_bit permission_names[] = {
    {"balances", ACH_FC_BALANCES},
    {"ownership", ACH_FC_OWNERSHIP},
    {"payment_method", ACH_FC_PAYMENT_METHOD},
    {"transactions", ACH_FC_TRANSACTIONS},
};

static const fc_name_bit use_case_names[] = {
    {"personal_finance", ACH_FC_USE_PERSONAL_FINANCE},
    {"lending", ACH_FC_USE_LENDING},
    {"fraud_reduction", ACH_FC_USE_FRAUD_REDUCTION},
    {"ach_payments", ACH_FC_USE_ACH_PAYMENTS},
};

static const char *bit_name(const fc_name_bit *t, size_t n, uint32_t bit)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].bit == bit) return t[i].name;
    return "unknown";
}

/* An item of a list is echoed in a message only when it is a short lowercase word that does not
 * look like a secret: user input is never copied into messages blindly (R-FC-3). */
static bool safe_to_echo(const char *s, size_t n)
{
    if (n == 0 || n > 24) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_')) return false;
    return true;
}

static ach_status parse_set(uint32_t *out, const fc_name_bit *t, size_t n, const char *text,
                            size_t len, ach_status code, const char *field, ach_error *err)
{
    uint32_t set = 0;
    if (len == 0) {
        *out = 0;
        return ACH_OK;
    }
    size_t start = 0;
    while (start <= len) {
        size_t end = start;
        while (end < len && text[end] != ',') end++;
        size_t item = end - start;
        uint32_t bit = 0;
        for (size_t i = 0; i < n && !bit; i++)
            if (strlen(t[i].name) == item && memcmp(t[i].name, text + start, item) == 0)
                bit = t[i].bit;
        uint32_t column = (uint32_t)start + 1;
        if (item == 0) return ach__fail(err, code, field, 0, column, "empty item in the list");
        if (!bit) {
            if (safe_to_echo(text + start, item))
                return ach__fail(err, code, field, 0, column, "unknown %s '%.*s'", field,
                                 (int)item, text + start);
            return ach__fail(err, code, field, 0, column, "unknown %s", field);
        }
        if (set & bit)
            return ach__fail(err, code, field, 0, column, "'%s' is listed twice",
                             bit_name(t, n, bit));
        set |= bit;
        start = end + 1;
    }
    *out = set;
    return ACH_OK;
}

const char *ach_fc_permission_name(ach_fc_permission p)
{
    return bit_name(permission_names, ACH__ARRAY_LEN(permission_names), (uint32_t)p);
}

ach_status ach_fc_permissions_parse(ach_fc_permissions *out, const char *text, size_t len,
                                    ach_error *err)
{
    return parse_set(out, permission_names, ACH__ARRAY_LEN(permission_names), text, len,
                     ACH_EFC_PERMISSIONS, "permissions", err);
}

static size_t format_set(char *buf, size_t cap, const fc_name_bit *t, size_t n, uint32_t set)
{
    size_t need = 0;
    if (cap) buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!(set & t[i].bit)) continue;
        int w = snprintf(buf ? buf + (need < cap ? need : cap) : NULL,
                         need < cap ? cap - need : 0, "%s%s", need ? "," : "", t[i].name);
        need += (size_t)w;
    }
    return need;
}

size_t ach_fc_permissions_format(char *buf, size_t cap, ach_fc_permissions set)
{
    return format_set(buf, cap, permission_names, ACH__ARRAY_LEN(permission_names), set);
}

ach_status ach_fc_permissions_validate(ach_fc_permissions permissions,
                                       ach_fc_permissions prefetch, ach_error *err)
{
    if (permissions == 0)
        return ach__fail(err, ACH_EFC_PERMISSIONS, "permissions", 0, 0,
                         "at least one permission must be requested (R-FC-1)");
    if (permissions & ~ACH_FC_PERMISSIONS_ALL)
        return ach__fail(err, ACH_EFC_PERMISSIONS, "permissions", 0, 0,
                         "unknown permission bits 0x%x (R-FC-1)",
                         (unsigned)(permissions & ~ACH_FC_PERMISSIONS_ALL));
    if (prefetch & ~ACH_FC_PERMISSIONS_ALL)
        return ach__fail(err, ACH_EFC_PREFETCH, "prefetch", 0, 0,
                         "unknown prefetch bits 0x%x (R-FC-1)",
                         (unsigned)(prefetch & ~ACH_FC_PERMISSIONS_ALL));
    if (prefetch & ACH_FC_PAYMENT_METHOD)
        return ach__fail(err, ACH_EFC_PREFETCH, "prefetch", 0, 0,
                         "payment_method cannot be prefetched: only balances, ownership and "
                         "transactions can (R-FC-1)");
    ach_fc_permissions unrequested = prefetch & ~permissions;
    if (unrequested) {
        /* name the first one, in canonical order */
        ach_fc_permissions first = unrequested & (~unrequested + 1u);
        return ach__fail(err, ACH_EFC_PREFETCH, "prefetch", 0, 0,
                         "%s is prefetched but not among the requested permissions (R-FC-1)",
                         ach_fc_permission_name((ach_fc_permission)first));
    }
    return ACH_OK;
}

ach_fc_permissions ach_fc_permissions_widening(ach_fc_permissions granted,
                                               ach_fc_permissions wanted)
{
    return wanted & ~granted & ACH_FC_PERMISSIONS_ALL;
}

bool ach_fc_needs_new_session(ach_fc_permissions granted, ach_fc_permissions wanted)
{
    return ach_fc_permissions_widening(granted, wanted) != 0;
}

/* ---- use cases (R-FC-7) -------------------------------------------------------------------- */

const char *ach_fc_use_case_name(ach_fc_use_case u)
{
    return bit_name(use_case_names, ACH__ARRAY_LEN(use_case_names), (uint32_t)u);
}

ach_status ach_fc_use_cases_parse(ach_fc_use_cases *out, const char *text, size_t len,
                                  ach_error *err)
{
    return parse_set(out, use_case_names, ACH__ARRAY_LEN(use_case_names), text, len, ACH_EINVAL,
                     "use_case", err);
}

/* R-FC-7 as a table: what each use case needs, no more. */
static const struct {
    ach_fc_use_case use;
    ach_fc_permissions needs;
} minimal_table[] = {
    {ACH_FC_USE_PERSONAL_FINANCE, ACH_FC_TRANSACTIONS},
    {ACH_FC_USE_LENDING, ACH_FC_TRANSACTIONS | ACH_FC_BALANCES},
    {ACH_FC_USE_FRAUD_REDUCTION, ACH_FC_OWNERSHIP},
    {ACH_FC_USE_ACH_PAYMENTS, ACH_FC_PAYMENT_METHOD},
};

ach_fc_permissions ach_fc_minimal_permissions(ach_fc_use_cases uses)
{
    ach_fc_permissions need = 0;
    for (size_t i = 0; i < ACH__ARRAY_LEN(minimal_table); i++)
        if (uses & minimal_table[i].use) need |= minimal_table[i].needs;
    return need;
}

ach_status ach_fc_review_request(ach_fc_request_review *out, ach_fc_use_cases uses,
                                 ach_fc_permissions requested, ach_error *err)
{
    if (uses == 0)
        return ach__fail(err, ACH_EINVAL, "use_case", 0, 0, "no use case declared (R-FC-7)");
    if (uses & ~ACH_FC_USE_ALL)
        return ach__fail(err, ACH_EINVAL, "use_case", 0, 0, "unknown use-case bits 0x%x",
                         (unsigned)(uses & ~ACH_FC_USE_ALL));
    ach_status st = ach_fc_permissions_validate(requested, 0, err);
    if (st != ACH_OK) return st;
    ach_fc_request_review r;
    r.minimal = ach_fc_minimal_permissions(uses);
    r.excess = requested & ~r.minimal;
    r.missing = r.minimal & ~requested;
    r.verdict = r.excess && r.missing ? ACH_FC_REQUEST_MIXED
                : r.excess            ? ACH_FC_REQUEST_OVER_BROAD
                : r.missing           ? ACH_FC_REQUEST_INSUFFICIENT
                                      : ACH_FC_REQUEST_MINIMAL;
    *out = r;
    return ACH_OK;
}

const char *ach_fc_request_verdict_name(ach_fc_request_verdict v)
{
    static const char *const names[] = {"minimal", "over_broad", "insufficient", "mixed"};
    return (unsigned)v < ACH__ARRAY_LEN(names) ? names[v] : "unknown";
}

/* ---- client secret (R-FC-3) ---------------------------------------------------------------- */

/* The mask always has its top bit set, so a masked byte of printable ASCII is never printable
 * ASCII: the masked buffer cannot show the secret, nor any substring of it. */
static unsigned char secret_mask(size_t i)
{
    return (unsigned char)(0x80u | ((0x5Bu + 0x3Du * i) & 0x7Fu));
}

ach_status ach_fc_secret_set(ach_fc_secret *out, const char *text, size_t len, ach_error *err)
{
    if (len == 0 || !text)
        return ach__fail(err, ACH_EFC, "client_secret", 0, 0, "the client secret is empty");
    if (len > ACH_FC_SECRET_MAX)
        return ach__fail(err, ACH_ETOOLONG, "client_secret", 0, 0,
                         "the client secret is %zu bytes, more than %d", len, ACH_FC_SECRET_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c <= 0x20 || c >= 0x7F)
            return ach__fail(err, ACH_EFC, "client_secret", 0, (uint32_t)i + 1,
                             "byte %zu of the client secret is not printable ASCII", i + 1);
    }
    out->len = (uint16_t)len;
    for (size_t i = 0; i < len; i++) out->masked[i] = (unsigned char)text[i] ^ secret_mask(i);
    memset(out->masked + len, 0, sizeof out->masked - len);
    return ACH_OK;
}

bool ach_fc_secret_is_set(const ach_fc_secret *s) { return s && s->len > 0; }

/* Unmasks into `buf` (at least s->len bytes); no NUL. */
static void secret_unmask(char *buf, const ach_fc_secret *s)
{
    for (size_t i = 0; i < s->len; i++) buf[i] = (char)(s->masked[i] ^ secret_mask(i));
}

ach_status ach_fc_secret_reveal(char *buf, size_t cap, size_t *len, const ach_fc_secret *s,
                                ach_error *err)
{
    if (!ach_fc_secret_is_set(s))
        return ach__fail(err, ACH_ENOTFOUND, "client_secret", 0, 0, "no client secret is held");
    if (len) *len = s->len;
    if (cap <= s->len)
        return ach__fail(err, ACH_EBUFS, "client_secret", 0, 0,
                         "the buffer holds %zu bytes, the client secret needs %u", cap,
                         (unsigned)s->len + 1);
    secret_unmask(buf, s);
    buf[s->len] = '\0';
    return ACH_OK;
}

void ach_fc_secret_wipe(ach_fc_secret *s)
{
    if (s) ach__fc_wipe(s, sizeof *s);
}

static bool contains_secret_marker(const char *w, size_t n)
{
    static const char marker[] = "_secret_";
    const size_t m = sizeof marker - 1;
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m) {
            unsigned char c = (unsigned char)w[i + k];
            if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
            if (c != (unsigned char)marker[k]) break;
            k++;
        }
        if (k == m) return true;
    }
    return false;
}

ach_status ach_fc_redact(char *out, size_t cap, size_t *out_len, const ach_fc_secret *secret,
                         const char *text, size_t len, ach_error *err)
{
    char plain[ACH_FC_SECRET_MAX];
    size_t slen = ach_fc_secret_is_set(secret) ? secret->len : 0;
    if (slen) secret_unmask(plain, secret);
    const size_t rlen = sizeof ACH_FC_REDACTED - 1;
    size_t need = 0;
    /* Copies what fits (keeping a byte for the NUL), so a short buffer holds a truncated
     * redacted text: redaction happens before truncation, never after. */
#define EMIT(src, n)                                                                          \
    do {                                                                                      \
        size_t emit_n_ = (n);                                                                 \
        if (cap && need < cap - 1)                                                            \
            memcpy(out + need, (src), emit_n_ < cap - 1 - need ? emit_n_ : cap - 1 - need);   \
        need += emit_n_;                                                                      \
    } while (0)
#define SECRET_AT(k) (slen && len - (k) >= slen && memcmp(text + (k), plain, slen) == 0)
    /* A word is checked where it starts in the text, and also where it resumes right after a
     * replacement: "<secret>x_secret_y" must not leave the word "x_secret_y" in the output. A
     * secret-looking word is checked before the held secret, so a secret inside it never
     * splits it, and the word's redaction extends over any held secret that starts inside it
     * and runs past its end (no fragment of the secret is left). */
    size_t i = 0, resumed = 0;
    while (i < len) {
        if (ach__fc_is_word_byte((unsigned char)text[i]) &&
            (i == resumed || !ach__fc_is_word_byte((unsigned char)text[i - 1]))) {
            size_t j = i;
            while (j < len && ach__fc_is_word_byte((unsigned char)text[j])) j++;
            if (contains_secret_marker(text + i, j - i)) {
                for (size_t k = i; k < j; k++)
                    if (SECRET_AT(k) && k + slen > j) j = k + slen;
                EMIT(ACH_FC_REDACTED, rlen);
                i = resumed = j;
                continue;
            }
        }
        if (SECRET_AT(i)) {
            EMIT(ACH_FC_REDACTED, rlen);
            i = resumed = i + slen;
            continue;
        }
        EMIT(text + i, 1);
        i++;
    }
#undef SECRET_AT
#undef EMIT
    ach__fc_wipe(plain, sizeof plain);
    if (out_len) *out_len = need;
    if (need >= cap) {
        if (cap) out[cap - 1] = '\0';
        return ach__fail(err, ACH_EBUFS, "text", 0, 0,
                         "the buffer holds %zu bytes, the redacted text needs %zu", cap, need + 1);
    }
    out[need] = '\0';
    return ACH_OK;
}

/* ---- names of enums ------------------------------------------------------------------------ */

#define FC_NAME_FN(fn, type, ...)                                                             \
    const char *fn(type v)                                                                    \
    {                                                                                         \
        static const char *const names[] = {__VA_ARGS__};                                     \
        return (unsigned)v < ACH__ARRAY_LEN(names) ? names[v] : "unknown";                    \
    }

FC_NAME_FN(ach_fc_category_name, ach_fc_category, "cash", "credit", "investment", "other")
FC_NAME_FN(ach_fc_subcategory_name, ach_fc_subcategory, "other", "checking", "savings",
           "credit_card", "line_of_credit", "mortgage")
FC_NAME_FN(ach_fc_account_status_name, ach_fc_account_status, "active", "inactive",
           "disconnected")
FC_NAME_FN(ach_fc_number_kind_name, ach_fc_number_kind, "none", "real", "token")
FC_NAME_FN(ach_fc_transaction_status_name, ach_fc_transaction_status, "pending", "posted", "void")

/* ---- field checks -------------------------------------------------------------------------- */

/* The length of a fixed-size text field: NUL within `size`, non-empty when `required`. */
static ach_status check_length(size_t *n, const char *s, size_t size, bool required,
                               const char *field, ach_error *err)
{
    *n = ach__fc_strnlen(s, size);
    if (*n == size)
        return ach__fail(err, ACH_EFC, field, 0, 0, "%s is not NUL-terminated within %zu bytes",
                         field, size);
    if (*n == 0 && required) return ach__fail(err, ACH_EFC, field, 0, 0, "%s is required", field);
    return ACH_OK;
}

/* An id: NUL within `size`, 1.. bytes of printable ASCII without space. */
static ach_status check_id(const char *id, size_t size, bool required, const char *field,
                           ach_error *err)
{
    size_t n = 0;
    ACH__FC_TRY(check_length(&n, id, size, required, field, err));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)id[i];
        if (c <= 0x20 || c >= 0x7F)
            return ach__fail(err, ACH_EFC, field, 0, (uint32_t)i + 1,
                             "%s has a byte that is not printable ASCII at position %zu", field,
                             i + 1);
    }
    return ACH_OK;
}

/* Free text: NUL within `size`, valid UTF-8 (checked with utf8proc), no control character. */
static ach_status check_text(const char *s, size_t size, bool required, const char *field,
                             ach_error *err)
{
    size_t n = 0;
    ACH__FC_TRY(check_length(&n, s, size, required, field, err));
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return ach__fail(err, ACH_EFC, field, 0, (uint32_t)i + 1,
                             "%s is not valid UTF-8 at byte %zu", field, i + 1);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            return ach__fail(err, ACH_EFC, field, 0, (uint32_t)i + 1,
                             "%s has a control character at byte %zu", field, i + 1);
        i += (size_t)k;
    }
    return ACH_OK;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ach__fc_is_digit((unsigned char)s[i])) return false;
    return true;
}

/* A labelled number (R-FC-4). Messages never show more than the last 4 digits (R-SEC-1). */
static ach_status check_number(const ach_fc_number *num, bool routing, const char *field,
                               ach_error *err)
{
    size_t n = ach__fc_strnlen(num->value, sizeof num->value);
    if (n == sizeof num->value)
        return ach__fail(err, ACH_EFC, field, 0, 0, "%s is not NUL-terminated", field);
    switch (num->kind) {
    case ACH_FC_NUMBER_NONE:
        if (n) return ach__fail(err, ACH_EFC, field, 0, 0, "%s has a value but kind none", field);
        return ACH_OK;
    case ACH_FC_NUMBER_TOKEN:
        if (n == 0) return ach__fail(err, ACH_EFC, field, 0, 0, "%s token is empty", field);
        return check_id(num->value, sizeof num->value, true, field, err);
    case ACH_FC_NUMBER_REAL: {
        /* R-ACC-2 through the validators module: the same rules as any bank account. */
        ach_status st = routing ? ach_routing_validate(num->value, n, err)
                                : ach_account_number_validate(num->value, n, err);
        if (st != ACH_OK && err) ach__strlcpy(err->field, field, sizeof err->field);
        return st;
    }
    }
    return ach__fail(err, ACH_EFC, field, 0, 0, "%s has an unknown kind %d", field,
                     (int)num->kind);
}

static bool subcategory_fits(ach_fc_category c, ach_fc_subcategory s)
{
    switch (c) {
    case ACH_FC_CATEGORY_CASH:
        return s == ACH_FC_SUB_CHECKING || s == ACH_FC_SUB_SAVINGS || s == ACH_FC_SUB_OTHER;
    case ACH_FC_CATEGORY_CREDIT:
        return s == ACH_FC_SUB_CREDIT_CARD || s == ACH_FC_SUB_LINE_OF_CREDIT ||
               s == ACH_FC_SUB_MORTGAGE || s == ACH_FC_SUB_OTHER;
    case ACH_FC_CATEGORY_INVESTMENT:
    case ACH_FC_CATEGORY_OTHER:
        return s == ACH_FC_SUB_OTHER;
    }
    return false;
}

static ach_status check_balance(const ach_fc_balance *b, ach_error *err)
{
    if ((unsigned)b->type > ACH_FC_BALANCE_CREDIT)
        return ach__fail(err, ACH_EFC, "balance.type", 0, 0, "unknown balance type %d",
                         (int)b->type);
    if (b->count > ACH_FC_BALANCE_CURRENCIES_MAX)
        return ach__fail(err, ACH_EINVAL, "balance.count", 0, 0,
                         "%zu balance entries, at most %d", b->count,
                         ACH_FC_BALANCE_CURRENCIES_MAX);
    for (size_t i = 0; i < b->count; i++) {
        if (!ach__fc_currency_ok(b->amounts[i].currency))
            return ach__fail(err, ACH_EFC, "balance.currency", 0, 0,
                             "balance entry %zu: the currency is not 3 lowercase letters", i + 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(b->amounts[i].currency, b->amounts[j].currency) == 0)
                return ach__fail(err, ACH_EFC, "balance.currency", 0, 0,
                                 "balance entries %zu and %zu are both in %s", j + 1, i + 1,
                                 b->amounts[i].currency);
    }
    return ACH_OK;
}

/* A count > 0 needs an array. */
static ach_status check_array(const void *p, size_t count, const char *field, ach_error *err)
{
    if (count && !p)
        return ach__fail(err, ACH_EINVAL, field, 0, 0, "%zu %s but no array", count, field);
    return ACH_OK;
}

/* R-FC-6 in validation: data present without its permission. */
static ach_status check_present(bool present, const ach_fc_account *a, ach_fc_permission perm,
                                const char *field, ach_error *err)
{
    if (!present || (a->permissions & perm)) return ACH_OK;
    return ach__fail(err, ACH_EPERMISSION, field, 0, 0,
                     "account %s carries %s without the %s permission (R-FC-6)", a->id, field,
                     ach_fc_permission_name(perm));
}

static ach_status check_owner(const ach_fc_owner *o, ach_error *err)
{
    ACH__FC_TRY(check_text(o->name, sizeof o->name, true, "name", err));
    ACH__FC_TRY(check_text(o->email, sizeof o->email, false, "email", err));
    ACH__FC_TRY(check_text(o->phone, sizeof o->phone, false, "phone", err));
    return check_text(o->raw_address, sizeof o->raw_address, false, "raw_address", err);
}

static ach_status check_transaction(const ach_fc_transaction *t, ach_error *err)
{
    ACH__FC_TRY(check_id(t->id, sizeof t->id, false, "id", err));
    if (!ach__fc_currency_ok(t->currency))
        return ach__fail(err, ACH_EFC, "currency", 0, 0, "the currency is not 3 lowercase letters");
    if ((unsigned)t->status > ACH_FC_TXN_VOID)
        return ach__fail(err, ACH_EFC, "status", 0, 0, "unknown transaction status %d",
                         (int)t->status);
    return check_text(t->description, sizeof t->description, false, "description", err);
}

/* Runs `check` on element i and prefixes err->field with "<list>[i].". */
static ach_status prefixed(ach_status st, const char *list, size_t i, const ach_error *inner,
                           ach_error *err)
{
    if (st == ACH_OK || !err) return st;
    *err = *inner;
    /* "<list>[i].<field>", cut at the field's size (the list and index come first) */
    char idx[24];
    snprintf(idx, sizeof idx, "[%zu].", i);
    const char *parts[3] = {list, idx, inner->field};
    size_t used = 0;
    for (size_t k = 0; k < 3; k++) {
        ach__strlcpy(err->field + used, parts[k], sizeof err->field - used);
        used += strlen(err->field + used);
    }
    return st;
}

ach_status ach_fc_account_validate(const ach_fc_account *a, ach_fc_permissions granted,
                                   ach_error *err)
{
    ACH__FC_TRY(check_id(a->id, sizeof a->id, true, "id", err));
    if ((unsigned)a->category > ACH_FC_CATEGORY_OTHER)
        return ach__fail(err, ACH_EFC, "category", 0, 0, "unknown category %d", (int)a->category);
    if ((unsigned)a->subcategory > ACH_FC_SUB_MORTGAGE || !subcategory_fits(a->category, a->subcategory))
        return ach__fail(err, ACH_EFC, "subcategory", 0, 0,
                         "subcategory %s does not belong to category %s",
                         ach_fc_subcategory_name(a->subcategory),
                         ach_fc_category_name(a->category));
    if ((unsigned)a->status > ACH_FC_STATUS_DISCONNECTED)
        return ach__fail(err, ACH_EFC, "status", 0, 0, "unknown status %d", (int)a->status);
    ACH__FC_TRY(check_text(a->display_name, sizeof a->display_name, false, "display_name", err));
    ACH__FC_TRY(check_text(a->institution_name, sizeof a->institution_name, false, "institution_name",
                      err));
    /* R-FC-4: last4 is exactly 4 ASCII digits. */
    size_t l4 = ach__fc_strnlen(a->last4, sizeof a->last4);
    if (l4 != 4 || !all_digits(a->last4, 4))
        return ach__fail(err, ACH_EFC, "last4", 0, 0, "last4 must be exactly 4 ASCII digits");
    ACH__FC_TRY(check_number(&a->account_number, false, "account_number", err));
    if (a->account_number.kind == ACH_FC_NUMBER_REAL) {
        size_t n = strlen(a->account_number.value);
        if (memcmp(a->account_number.value + n - 4, a->last4, 4) != 0)
            return ach__fail(err, ACH_EFC, "account_number", 0, 0,
                             "the account number does not end in last4 (%s)", a->last4);
    }
    ACH__FC_TRY(check_number(&a->routing_number, true, "routing_number", err));
    if (a->permissions & ~ACH_FC_PERMISSIONS_ALL)
        return ach__fail(err, ACH_EFC_PERMISSIONS, "permissions", 0, 0,
                         "unknown permission bits 0x%x",
                         (unsigned)(a->permissions & ~ACH_FC_PERMISSIONS_ALL));
    ach_fc_permissions beyond = a->permissions & ~granted;
    if (beyond)
        return ach__fail(err, ACH_EPERMISSION, "permissions", 0, 0,
                         "account %s has %s, which the session did not request (R-FC-2)", a->id,
                         ach_fc_permission_name((ach_fc_permission)(beyond & (~beyond + 1u))));
    /* R-FC-6: data only where permitted. */
    ACH__FC_TRY(check_present(a->has_balance, a, ACH_FC_BALANCES, "balance", err));
    ACH__FC_TRY(check_present(a->owner_count > 0, a, ACH_FC_OWNERSHIP, "owners", err));
    ACH__FC_TRY(check_present(a->transaction_count > 0, a, ACH_FC_TRANSACTIONS, "transactions", err));
    ACH__FC_TRY(check_present(a->account_number.kind != ACH_FC_NUMBER_NONE, a, ACH_FC_PAYMENT_METHOD,
                         "account_number", err));
    ACH__FC_TRY(check_present(a->routing_number.kind != ACH_FC_NUMBER_NONE, a, ACH_FC_PAYMENT_METHOD,
                         "routing_number", err));
    if (a->has_balance) ACH__FC_TRY(check_balance(&a->balance, err));
    ACH__FC_TRY(check_array(a->owners, a->owner_count, "owners", err));
    ACH__FC_TRY(check_array(a->transactions, a->transaction_count, "transactions", err));
    ach_error inner = ACH_ERROR_INIT;
    for (size_t i = 0; i < a->owner_count; i++)
        ACH__FC_TRY(prefixed(check_owner(&a->owners[i], &inner), "owners", i, &inner, err));
    for (size_t i = 0; i < a->transaction_count; i++)
        ACH__FC_TRY(prefixed(check_transaction(&a->transactions[i], &inner), "transactions", i, &inner,
                        err));
    return ACH_OK;
}

/* ---- permission-checked reads (R-FC-6) ----------------------------------------------------- */

ach_status ach_fc_account_balance(const ach_fc_balance **out, const ach_fc_account *a,
                                  ach_error *err)
{
    ACH__FC_TRY(ach__fc_require(a, ACH_FC_BALANCES, "balance", err));
    if (!a->has_balance)
        return ach__fail(err, ACH_ENOTFOUND, "balance", 0, 0,
                         "the balance of account %s has not been fetched", a->id);
    *out = &a->balance;
    return ACH_OK;
}

ach_status ach_fc_account_owners(const ach_fc_owner **out, size_t *count, const ach_fc_account *a,
                                 ach_error *err)
{
    ACH__FC_TRY(ach__fc_require(a, ACH_FC_OWNERSHIP, "ownership", err));
    *out = a->owner_count ? a->owners : NULL;
    *count = a->owner_count;
    return ACH_OK;
}

ach_status ach_fc_account_transactions(const ach_fc_transaction **out, size_t *count,
                                       const ach_fc_account *a, ach_error *err)
{
    ACH__FC_TRY(ach__fc_require(a, ACH_FC_TRANSACTIONS, "transactions", err));
    *out = a->transaction_count ? a->transactions : NULL;
    *count = a->transaction_count;
    return ACH_OK;
}

/* R-FC-4: only a real, well-formed number is routable. */
static ach_status routable_number(const ach_fc_number *num, bool routing, const char *field,
                                  const char *acct, ach_error *err)
{
    if (num->kind == ACH_FC_NUMBER_TOKEN)
        return ach__fail(err, ACH_EFC_TOKENIZED, field, 0, 0,
                         "the %s of account %s is a token, never a routable number (R-FC-4)",
                         field, acct);
    if (num->kind == ACH_FC_NUMBER_NONE)
        return ach__fail(err, ACH_ENOTFOUND, field, 0, 0, "account %s has no %s", acct, field);
    return check_number(num, routing, field, err);
}

ach_status ach_fc_account_routable(char account_number[ACH_FC_ACCOUNT_NUMBER_BUF],
                                   char routing_number[ACH_FC_ROUTING_NUMBER_BUF],
                                   const ach_fc_account *a, ach_error *err)
{
    ACH__FC_TRY(ach__fc_require(a, ACH_FC_PAYMENT_METHOD, "account_number", err));
    ACH__FC_TRY(routable_number(&a->account_number, false, "account_number", a->id, err));
    ACH__FC_TRY(routable_number(&a->routing_number, true, "routing_number", a->id, err));
    memcpy(account_number, a->account_number.value, strlen(a->account_number.value) + 1);
    memcpy(routing_number, a->routing_number.value, 10);
    return ACH_OK;
}

char *ach_fc_number_describe(char buf[ACH_FC_NUMBER_DESCRIBE_SIZE], const ach_fc_number *num)
{
    size_t n = ach__fc_strnlen(num->value, sizeof num->value);
    switch (num->kind) {
    case ACH_FC_NUMBER_REAL:
        if (n >= 4 && all_digits(num->value, n))
            snprintf(buf, ACH_FC_NUMBER_DESCRIBE_SIZE, "real ending %.4s", num->value + n - 4);
        else
            snprintf(buf, ACH_FC_NUMBER_DESCRIBE_SIZE, "real (malformed)");
        break;
    case ACH_FC_NUMBER_TOKEN: snprintf(buf, ACH_FC_NUMBER_DESCRIBE_SIZE, "token"); break;
    case ACH_FC_NUMBER_NONE: snprintf(buf, ACH_FC_NUMBER_DESCRIBE_SIZE, "none"); break;
    default: snprintf(buf, ACH_FC_NUMBER_DESCRIBE_SIZE, "unknown"); break;
    }
    return buf;
}

ach_status ach_fc_account_verifies_instantly(const ach_fc_account *a, ach_error *err)
{
    ACH__FC_TRY(ach__fc_require(a, ACH_FC_PAYMENT_METHOD, "payment_method", err));
    if (a->status != ACH_FC_STATUS_ACTIVE)
        return ach__fail(err, ACH_EFC, "status", 0, 0,
                         "account %s is %s: only an active account is a payment source", a->id,
                         ach_fc_account_status_name(a->status));
    return ACH_OK;
}

ach_status ach_fc_verify_bank_account(ach_bank_account *bank, const ach_env *env,
                                      const ach_fc_account *linked, ach_instant at, ach_error *err)
{
    ACH__FC_TRY(ach_fc_account_verifies_instantly(linked, err));
    char number[ACH_FC_ACCOUNT_NUMBER_BUF], routing[ACH_FC_ROUTING_NUMBER_BUF];
    ACH__FC_TRY(ach_fc_account_routable(number, routing, linked, err));
    bool same_number = strcmp(number, bank->account_number) == 0;
    bool same_routing = strcmp(routing, bank->routing) == 0;
    /* R-SEC-1: only the last 4 digits outlive this call, in a message. */
    char theirs[ACH_LAST4_SIZE], mine[ACH_LAST4_SIZE];
    memcpy(theirs, number + strlen(number) - 4, sizeof theirs); /* a real number has 4..17 */
    ach__fc_wipe(number, sizeof number);
    if (!same_number || !same_routing)
        return ach__fail(err, ACH_EFC, same_number ? "routing_number" : "account_number", 0, 0,
                         "bank account %s (ending %s) is not the linked account %s (ending %s): "
                         "its %s differs, so Financial Connections does not verify it (R-ACC-4)",
                         bank->id, ach_account_last4(mine, bank), linked->id, theirs,
                         same_number ? "routing number" : "account number");
    /* The move to `verified` and its event are the rules' (R-ACC-4 transition table). */
    return ach_account_verify_instant(bank, env, at, err);
}

/* ---- sessions and events ------------------------------------------------------------------- */

ach_status ach_fc_session_validate(const ach_fc_session *s, ach_error *err)
{
    ACH__FC_TRY(check_id(s->id, sizeof s->id, true, "id", err));
    ACH__FC_TRY(check_id(s->customer, sizeof s->customer, true, "customer", err));
    ACH__FC_TRY(ach_fc_permissions_validate(s->permissions, s->prefetch, err));
    if (s->client_secret.len > ACH_FC_SECRET_MAX)
        return ach__fail(err, ACH_EFC, "client_secret", 0, 0, "the client secret is malformed");
    ACH__FC_TRY(check_array(s->accounts, s->account_count, "accounts", err));
    ach_error inner = ACH_ERROR_INIT;
    for (size_t i = 0; i < s->account_count; i++) {
        const ach_fc_account *a = &s->accounts[i];
        ACH__FC_TRY(prefixed(ach_fc_account_validate(a, s->permissions, &inner), "accounts", i, &inner,
                        err));
        for (size_t j = 0; j < i; j++)
            if (strcmp(s->accounts[j].id, a->id) == 0)
                return ach__fail(err, ACH_EDUPLICATE, "accounts", 0, 0,
                                 "account %s is listed twice (positions %zu and %zu)", a->id, j,
                                 i);
    }
    return ACH_OK;
}

size_t ach_fc_session_format(char *buf, size_t cap, const ach_fc_session *s)
{
    char perms[ACH_FC_PERMISSIONS_FORMAT_SIZE], pre[ACH_FC_PERMISSIONS_FORMAT_SIZE];
    ach_fc_permissions_format(perms, sizeof perms, s->permissions);
    ach_fc_permissions_format(pre, sizeof pre, s->prefetch);
    char line[2 * ACH_FC_ID_SIZE + 2 * ACH_FC_PERMISSIONS_FORMAT_SIZE + 128];
    int n = snprintf(line, sizeof line,
                     "%.*s customer=%.*s permissions=%s prefetch=%s client_secret=%s accounts=%zu",
                     (int)ach__fc_strnlen(s->id, sizeof s->id), s->id,
                     (int)ach__fc_strnlen(s->customer, sizeof s->customer), s->customer, perms,
                     pre[0] ? pre : "none",
                     ach_fc_secret_is_set(&s->client_secret) ? ACH_FC_REDACTED : "none",
                     s->account_count);
    size_t len = n < 0 ? 0 : (size_t)n;
    if (len >= sizeof line) len = sizeof line - 1;
    /* An id that carries the secret, or looks like one, is redacted as well (R-FC-3);
     * ach_fc_redact truncates what does not fit, after redacting. */
    size_t safe_len = 0;
    if (ach_fc_redact(buf, cap, &safe_len, &s->client_secret, line, len, NULL) != ACH_OK) {
        /* ACH_EBUFS: buf holds the truncated redacted line, as snprintf would */
    }
    ach__fc_wipe(line, sizeof line);
    return safe_len;
}

ach_status ach_fc_session_events(const ach_fc_session *s, const ach_env *env, ach_instant at,
                                 ach_error *err)
{
    /* Everything is checked before the first event: a failed call emits nothing (ach/rules.h). */
    ACH__FC_TRY(ach_fc_session_validate(s, err));
    ach__when w;
    ACH__FC_TRY(ach__when_make(&w, env, at, err));
    for (size_t i = 0; i < s->account_count; i++) {
        ach_event ev = ach__event(ACH_EVENT_FINANCIAL_CONNECTIONS_ACCOUNT_CREATED, &w);
        ev.id = s->accounts[i].id;
        ev.customer = s->customer;
        ach__emit(env, &ev);
    }
    return ACH_OK;
}
