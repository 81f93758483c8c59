/* SPDX-License-Identifier: Apache-2.0 */
/* Ownership match (R-FC-5): a customer's name (and optionally address) against the owners of a
 * linked account. The algorithm is documented in include/ach/fc.h; names are first normalised
 * by the validators module's ach_name_normalize() (utf8proc transliteration), so this file only
 * works on uppercase ASCII. */
#include <stdio.h>
#include <string.h>
#include "ach/name.h"
#include "fc_internal.h"

typedef struct fc_tok {
    const char *p;
    size_t n;
} fc_tok;

typedef struct fc_toks {
    fc_tok t[ACH_FC_MATCH_MAX_TOKENS];
    size_t n;
    bool dropped; /* an honorific or suffix was dropped */
} fc_toks;

typedef enum fc_kind { FC_KIND_NAME, FC_KIND_ADDRESS } fc_kind;

/* Honorifics and titles, generational suffixes, company suffixes and articles (step 3). */
static const char *const drop_words[] = {
    /* honorifics and titles */
    "MR", "MRS", "MS", "MISS", "MX", "DR", "PROF", "SIR", "DAME", "MADAM", "MME", "MLLE", "HERR",
    "FRAU", "SR", "SRA", "SRTA",
    /* generational */
    "JR", "II", "III", "IV",
    /* company suffixes and articles */
    "INC", "INCORPORATED", "LLC", "LLP", "LP", "LTD", "LIMITED", "CO", "CORP", "CORPORATION",
    "COMPANY", "PLC", "GMBH", "AG", "SA", "SAS", "SARL", "SRL", "SPA", "BV", "NV", "KK", "PTY",
    "THE",
};

/* USPS street-suffix and directional abbreviations (Publication 28), for addresses (step 7). */
static const char *const address_abbrev[][2] = {
    {"STREET", "ST"},    {"AVENUE", "AVE"},    {"ROAD", "RD"},      {"DRIVE", "DR"},
    {"BOULEVARD", "BLVD"}, {"LANE", "LN"},     {"COURT", "CT"},     {"PLACE", "PL"},
    {"SUITE", "STE"},    {"APARTMENT", "APT"}, {"HIGHWAY", "HWY"},  {"PARKWAY", "PKWY"},
    {"CIRCLE", "CIR"},   {"TERRACE", "TER"},   {"SQUARE", "SQ"},    {"FLOOR", "FL"},
    {"NORTH", "N"},      {"SOUTH", "S"},       {"EAST", "E"},       {"WEST", "W"},
    {"NORTHEAST", "NE"}, {"NORTHWEST", "NW"},  {"SOUTHEAST", "SE"}, {"SOUTHWEST", "SW"},
};

static bool tok_is(const fc_tok *t, const char *w)
{
    size_t n = strlen(w);
    return t->n == n && memcmp(t->p, w, n) == 0;
}

static bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/* Steps 1-3: normalise `text` into `buf` (ACH_NAME_NORMALIZED_MAX bytes) and tokenise it.
 * Apostrophes join (O'BRIEN → OBRIEN); every other non-alphanumeric byte separates. */
static ach_status tokenize(fc_toks *out, char *buf, const char *text, size_t len, fc_kind kind,
                           const char *field, ach_error *err)
{
    size_t n = 0;
    ach_status st = ach_name_normalize(buf, ACH_NAME_NORMALIZED_MAX, &n, text, len, err);
    if (st != ACH_OK) {
        if (err) ach__strlcpy(err->field, field, sizeof err->field);
        return st;
    }
    /* compact in place: drop apostrophes, turn separators into single spaces */
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        char c = buf[r];
        if (c == '\'') continue;
        if (!is_alnum(c)) c = ' ';
        if (c == ' ' && (w == 0 || buf[w - 1] == ' ')) continue;
        buf[w++] = c;
    }
    if (w && buf[w - 1] == ' ') w--;
    buf[w] = '\0';
    fc_toks t;
    t.n = 0;
    t.dropped = false;
    for (size_t i = 0; i < w;) {
        size_t j = i;
        while (j < w && buf[j] != ' ') j++;
        if (t.n == ACH_FC_MATCH_MAX_TOKENS)
            return ach__fail(err, ACH_ETOOLONG, field, 0, 0, "%s has more than %d words", field,
                             ACH_FC_MATCH_MAX_TOKENS);
        t.t[t.n++] = (fc_tok){buf + i, j - i};
        i = j + 1;
    }
    if (t.n == 0)
        return ach__fail(err, ACH_ENAME_EMPTY, field, 0, 0, "%s has no letter or digit", field);
    if (kind == FC_KIND_NAME) {
        size_t kept = 0;
        fc_tok keep[ACH_FC_MATCH_MAX_TOKENS];
        for (size_t i = 0; i < t.n; i++) {
            bool drop = false;
            for (size_t k = 0; k < ACH__ARRAY_LEN(drop_words) && !drop; k++)
                drop = tok_is(&t.t[i], drop_words[k]);
            if (!drop) keep[kept++] = t.t[i];
        }
        /* If everything was a title or suffix, compare the words as they are. */
        if (kept && kept < t.n) {
            memcpy(t.t, keep, kept * sizeof *keep);
            t.n = kept;
            t.dropped = true;
        }
    } else {
        for (size_t i = 0; i < t.n; i++)
            for (size_t k = 0; k < ACH__ARRAY_LEN(address_abbrev); k++)
                if (tok_is(&t.t[i], address_abbrev[k][0])) {
                    t.t[i] = (fc_tok){address_abbrev[k][1], strlen(address_abbrev[k][1])};
                    break;
                }
    }
    *out = t;
    return ACH_OK;
}

typedef struct fc_score {
    int score;
    size_t exact, initials, unpaired_a, unpaired_b;
    bool reordered;
} fc_score;

/* Steps 4-5: pair tokens one-to-one ignoring order (identical first, then initials when
 * `initials` is set), and score 0-100. */
static fc_score pair_and_score(const fc_toks *a, const fc_toks *b, bool initials)
{
    int pair_of_a[ACH_FC_MATCH_MAX_TOKENS];
    bool used_b[ACH_FC_MATCH_MAX_TOKENS] = {false};
    fc_score s;
    memset(&s, 0, sizeof s);
    memset(pair_of_a, 0xff, sizeof pair_of_a); /* -1: unpaired */
    if (a->n == 0 || b->n == 0) return s;     /* tokenize() never yields this */
    for (size_t i = 0; i < a->n; i++) {
        for (size_t j = 0; j < b->n; j++)
            if (!used_b[j] && a->t[i].n == b->t[j].n &&
                memcmp(a->t[i].p, b->t[j].p, a->t[i].n) == 0) {
                pair_of_a[i] = (int)j;
                used_b[j] = true;
                s.exact++;
                break;
            }
    }
    if (initials) {
        for (size_t i = 0; i < a->n; i++) {
            if (pair_of_a[i] >= 0) continue;
            for (size_t j = 0; j < b->n; j++) {
                if (used_b[j] || a->t[i].p[0] != b->t[j].p[0]) continue;
                if ((a->t[i].n == 1) != (b->t[j].n == 1)) {
                    pair_of_a[i] = (int)j;
                    used_b[j] = true;
                    s.initials++;
                    break;
                }
            }
        }
    }
    int last = -1;
    for (size_t i = 0; i < a->n; i++) {
        if (pair_of_a[i] < 0) continue;
        if (pair_of_a[i] < last) s.reordered = true;
        last = pair_of_a[i];
    }
    size_t pairs = s.exact + s.initials;
    s.unpaired_a = a->n - pairs;
    s.unpaired_b = b->n - pairs;
    /* score = floor(5 * W * (na + nb) / (na * nb)), W = 10 per identical pair, 7 per initial:
     * the mean of the two sides' weighted coverage, in percent. With 7, one initial among full
     * names still matches ("J SMITH" / "JOHN SMITH" = 85) but initials alone do not
     * ("A B" / "ALICE BROWN" = 70). */
    size_t wsum = 10 * s.exact + 7 * s.initials;
    s.score = (int)((5 * wsum * (a->n + b->n)) / (a->n * b->n));
    if (s.score > 100) s.score = 100;
    return s;
}

static ach_fc_match_verdict verdict_of(int score)
{
    return score >= ACH_FC_MATCH_THRESHOLD     ? ACH_FC_MATCH_FULL
           : score >= ACH_FC_PARTIAL_THRESHOLD ? ACH_FC_MATCH_PARTIAL
                                               : ACH_FC_MATCH_NONE;
}

/* Step 6. */
static ach_fc_match decide(const fc_toks *a, const fc_toks *b)
{
    fc_score s = pair_and_score(a, b, true);
    ach_fc_match m;
    memset(&m, 0, sizeof m);
    m.score = s.score;
    m.verdict = verdict_of(s.score);
    if (s.reordered) m.notes |= ACH_FC_NOTE_REORDERED;
    if (s.initials) m.notes |= ACH_FC_NOTE_INITIALS;
    if (s.unpaired_a || s.unpaired_b) m.notes |= ACH_FC_NOTE_EXTRA;
    if (a->dropped || b->dropped) m.notes |= ACH_FC_NOTE_DROPPED;
    if (s.exact + s.initials == 0)
        m.reason = ACH_FC_REASON_NOTHING_IN_COMMON;
    else if (s.unpaired_a && s.unpaired_b)
        m.reason = ACH_FC_REASON_DIFFERENT_NAMES;
    else if (s.unpaired_a || s.unpaired_b)
        m.reason = ACH_FC_REASON_EXTRA_NAMES;
    else if (s.initials)
        m.reason = ACH_FC_REASON_INITIALS;
    else if (s.reordered)
        m.reason = ACH_FC_REASON_REORDERED;
    else
        m.reason = ACH_FC_REASON_EXACT;
    return m;
}

ach_status ach_fc_name_match(ach_fc_match *out, const char *customer, size_t customer_len,
                             const char *owner, size_t owner_len, ach_error *err)
{
    char cbuf[ACH_NAME_NORMALIZED_MAX], obuf[ACH_NAME_NORMALIZED_MAX];
    fc_toks c, o;
    ACH__FC_TRY(tokenize(&c, cbuf, customer, customer_len, FC_KIND_NAME, "customer_name", err));
    ACH__FC_TRY(tokenize(&o, obuf, owner, owner_len, FC_KIND_NAME, "owner_name", err));
    *out = decide(&c, &o);
    return ACH_OK;
}

/* Orders results: verdict, then score; true when `x` is better than `y`. */
static bool better(const ach_fc_match *x, const ach_fc_match *y)
{
    if (x->verdict != y->verdict) return x->verdict > y->verdict;
    return x->score > y->score;
}

ach_status ach_fc_ownership_match(ach_fc_match *out, const ach_fc_account *account,
                                  const char *customer_name, size_t name_len,
                                  const char *customer_address, size_t address_len,
                                  ach_error *err)
{
    const ach_fc_owner *owners = NULL;
    size_t count = 0;
    ACH__FC_TRY(ach_fc_account_owners(&owners, &count, account, err));
    /* Work space: customer name and address, one owner's name and address (~8 KiB). */
    char cname[ACH_NAME_NORMALIZED_MAX], caddr[ACH_NAME_NORMALIZED_MAX];
    char oname[ACH_NAME_NORMALIZED_MAX], oaddr[ACH_NAME_NORMALIZED_MAX];
    fc_toks cn, ca, on, oa;
    ACH__FC_TRY(tokenize(&cn, cname, customer_name, name_len, FC_KIND_NAME, "customer_name", err));
    if (customer_address)
        ACH__FC_TRY(tokenize(&ca, caddr, customer_address, address_len, FC_KIND_ADDRESS,
                             "customer_address", err));
    ach_fc_match best;
    memset(&best, 0, sizeof best);
    best.verdict = ACH_FC_MATCH_NONE;
    best.reason = ACH_FC_REASON_NO_OWNERS;
    bool compared = false;
    ach_error first = ACH_ERROR_INIT;
    ach_status first_st = ACH_OK;
    for (size_t i = 0; i < count; i++) {
        const ach_fc_owner *ow = &owners[i];
        ach_error e = ACH_ERROR_INIT;
        size_t olen = ach__fc_strnlen(ow->name, sizeof ow->name);
        ach_status st = tokenize(&on, oname, ow->name, olen, FC_KIND_NAME, "name", &e);
        if (st != ACH_OK) {
            /* an owner whose name cannot be read is skipped; it fails only when none can be */
            if (first_st == ACH_OK) {
                first_st = st;
                first = e;
                snprintf(first.field, sizeof first.field, "owners[%zu].name", i);
            }
            continue;
        }
        ach_fc_match m = decide(&cn, &on);
        m.owner = i;
        size_t alen = ach__fc_strnlen(ow->raw_address, sizeof ow->raw_address);
        /* An owner's address that cannot be normalised is not compared (bank data varies). */
        if (customer_address && alen &&
            tokenize(&oa, oaddr, ow->raw_address, alen, FC_KIND_ADDRESS, "raw_address", NULL) ==
                ACH_OK) {
            m.address_checked = true;
            m.address_score = pair_and_score(&ca, &oa, false).score;
            if (m.address_score < ACH_FC_PARTIAL_THRESHOLD && m.verdict == ACH_FC_MATCH_FULL) {
                m.verdict = ACH_FC_MATCH_PARTIAL;
                m.reason = ACH_FC_REASON_ADDRESS_MISMATCH;
            }
        }
        if (!compared || better(&m, &best)) best = m;
        compared = true;
    }
    if (!compared && first_st != ACH_OK) {
        if (err) *err = first;
        return first_st;
    }
    *out = best;
    return ACH_OK;
}

const char *ach_fc_match_verdict_name(ach_fc_match_verdict v)
{
    static const char *const names[] = {"no_match", "partial", "match"};
    return (unsigned)v < ACH__ARRAY_LEN(names) ? names[v] : "unknown";
}

static const char *const reason_names[] = {
    "exact", "reordered", "initials", "extra_names", "different_names", "nothing_in_common",
    "no_owners", "address_mismatch",
};

static const char *const reason_texts[] = {
    "the same names in the same order",
    "the same names in a different order",
    "every name pairs, some only by an initial",
    "one side has names the other lacks (such as a middle name)",
    "each side has names the other lacks",
    "no name in common",
    "the account lists no owner",
    "the names match but the addresses do not",
};

const char *ach_fc_match_reason_name(ach_fc_match_reason r)
{
    return (unsigned)r < ACH__ARRAY_LEN(reason_names) ? reason_names[r] : "unknown";
}

size_t ach_fc_match_explain(char *buf, size_t cap, const ach_fc_match *m)
{
    const char *reason =
        (unsigned)m->reason < ACH__ARRAY_LEN(reason_texts) ? reason_texts[m->reason] : "unknown";
    char notes[160] = "";
    size_t k = 0;
    if ((m->notes & ACH_FC_NOTE_REORDERED) && m->reason != ACH_FC_REASON_REORDERED)
        k += (size_t)snprintf(notes + k, sizeof notes - k, "; in a different order");
    if ((m->notes & ACH_FC_NOTE_INITIALS) && m->reason != ACH_FC_REASON_INITIALS &&
        k < sizeof notes)
        k += (size_t)snprintf(notes + k, sizeof notes - k, "; an initial stands for a name");
    if ((m->notes & ACH_FC_NOTE_DROPPED) && k < sizeof notes)
        snprintf(notes + k, sizeof notes - k, "; titles or company suffixes ignored");
    char addr[40] = "";
    if (m->address_checked) snprintf(addr, sizeof addr, "; address score %d", m->address_score);
    int n = snprintf(buf, cap, "%s (score %d): %s%s%s", ach_fc_match_verdict_name(m->verdict),
                     m->score, reason, notes, addr);
    return n < 0 ? 0 : (size_t)n;
}
