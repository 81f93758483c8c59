/* SPDX-License-Identifier: Apache-2.0 */
/* Account-holder names: UTF-8 → Nacha-safe uppercase ASCII (SPEC R-ACC-3).
 *
 * Decoding and all Unicode knowledge come from utf8proc: utf8proc_iterate() decodes (it refuses
 * overlong forms, surrogates and values beyond U+10FFFF), utf8proc_decompose_char() does the
 * compatibility/canonical decomposition, mark stripping, lumping and ignorable removal, and
 * utf8proc_get_property() gives categories. We go code point by code point, rather than through
 * utf8proc_decompose() on the whole string, so that a refusal can name the byte offset and the
 * code point at fault; marks are stripped, so the canonical reordering that the whole-string
 * call would add cannot change the result. ASCII bytes take a fast path (no utf8proc call).
 * Nothing is allocated: the work buffer is on the stack. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "ach/name.h"
#include "internal.h"
#include "name_latin.h"

#define NAME_FIELD "name"
#define DECOMPOSE_OPTIONS                                                                  \
    ((utf8proc_option_t)(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |       \
                         UTF8PROC_LUMP | UTF8PROC_IGNORE))
/* The longest decomposition in Unicode is 18 code points (U+FDFA); room to spare. */
#define DECOMPOSE_MAX 32

/* The normalised name being built. `cont` marks output characters that continue the
 * transliteration of one input character (the H of Þ → TH), where a cut is not allowed. */
typedef struct name_writer {
    size_t len;
    bool pending_space; /* a space is owed before the next character */
    bool has_alnum;     /* a letter or digit has been written */
    bool in_char;       /* the current input character has already written a character */
    char buf[ACH_NAME_NORMALIZED_MAX];
    /* Bits of `cont` past byte cont_clean were never set, and are not cleared until a mark
     * needs them: most names have no mark at all, and clearing all 257 bytes cost more than
     * normalising a short name. */
    size_t cont_clean;
    uint8_t cont[(ACH_NAME_NORMALIZED_MAX + 7) / 8];
} name_writer;

/* The Nacha-safe form of an ASCII character: itself (uppercased) when allowed, `'` for the
 * other quote marks, ' ' for other punctuation and symbols (a word separator), 0 for a control
 * character. */
static inline char ascii_fold(unsigned c)
{
    if (c - 'a' < 26u) return (char)(c - 'a' + 'A');
    if (c - 'A' < 26u || c - '0' < 10u) return (char)c;
    switch (c) {
    case '&': case '-': case '.': case ',': case '\'': case '/': return (char)c;
    case '"': case '`': return '\'';
    default: return (c < 0x20 || c == 0x7F) ? 0 : ' ';
    }
}

static inline bool is_alnum_ascii(char c)
{
    return (unsigned)(c - 'A') < 26u || (unsigned)(c - '0') < 10u;
}

/* Records that the character about to be written at w->len continues the transliteration of
 * the previous one. */
static inline void mark(name_writer *w, bool cont)
{
    if (!cont) return;
    size_t byte = w->len / 8;
    while (w->cont_clean <= byte) w->cont[w->cont_clean++] = 0;
    w->cont[byte] |= (uint8_t)(1u << (w->len % 8));
}

/* Whether output character `at` continues the transliteration of the one before it. */
static inline bool continues(const name_writer *w, size_t at)
{
    return at / 8 < w->cont_clean && (w->cont[at / 8] >> (at % 8) & 1u);
}

/* Appends one Nacha-safe character (never 0). Spaces are held back so that runs collapse and
 * nothing is written before the first or after the last word. The buffer bound is proved by
 * ACH_NAME_NORMALIZED_MAX; the check keeps memory safe even if it were not. */
static inline bool put(name_writer *w, char c)
{
    if (c == ' ') {
        w->pending_space = w->len > 0;
        return true;
    }
    if (ACH__UNLIKELY(w->len + 2 > sizeof w->buf)) return false;
    if (w->pending_space) {
        w->buf[w->len++] = ' ';
        w->pending_space = false;
    }
    mark(w, w->in_char);
    w->in_char = true;
    w->buf[w->len++] = c;
    w->has_alnum |= is_alnum_ascii(c);
    return true;
}

static bool put_str(name_writer *w, const char *s)
{
    for (; *s; s++)
        if (!put(w, *s)) return false;
    return true;
}

/* The generated fold of `cp` (lib/name_latin.h), or NULL. Binary search over ~520 entries. */
static const char *latin_fold(utf8proc_int32_t cp)
{
    size_t lo = 0, hi = ACH__ARRAY_LEN(name_folds);
    if (cp < name_folds[0].cp || cp > name_folds[hi - 1].cp) return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (name_folds[mid].cp < cp) lo = mid + 1;
        else hi = mid;
    }
    return lo < ACH__ARRAY_LEN(name_folds) && name_folds[lo].cp == cp ? name_folds[lo].ascii
                                                                      : NULL;
}

static ach_status fail_char(ach_error *err, ach_status code, size_t off, utf8proc_int32_t cp)
{
    const char *what = code == ACH_ENAME_CONTROL
                           ? "is a control character, not allowed in a name"
                           : "cannot be written in the Nacha character set";
    return ach__fail(err, code, NAME_FIELD, 0, (uint32_t)(off + 1),
                     "U+%04X at byte offset %zu %s", (unsigned)cp, off, what);
}

static ach_status fail_overflow(ach_error *err, size_t off)
{
    /* Unreachable while ACH_NAME_NORMALIZED_MAX holds (tests/check_name.c checks it). */
    return ach__fail(err, ACH_ENAME_TOOLONG, NAME_FIELD, 0, (uint32_t)(off + 1),
                     "normalised name would exceed %d bytes", ACH_NAME_NORMALIZED_MAX - 1);
}

/* Explains why the bytes at `off` are not UTF-8 (utf8proc_iterate only says that they are
 * not). Only runs on failure. */
static ach_status fail_utf8(ach_error *err, const unsigned char *s, size_t len, size_t off)
{
    uint32_t col = (uint32_t)(off + 1);
    unsigned b0 = s[off];
    if (b0 >= 0x80 && b0 <= 0xBF)
        return ach__fail(err, ACH_ENAME_UTF8, NAME_FIELD, 0, col,
                         "byte 0x%02X at byte offset %zu is a UTF-8 continuation byte with no "
                         "lead byte", b0, off);
    if (b0 >= 0xF5)
        return ach__fail(err, ACH_ENAME_UTF8, NAME_FIELD, 0, col,
                         "byte 0x%02X at byte offset %zu never occurs in UTF-8", b0, off);
    size_t need = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    size_t have = 1;
    while (have < need && off + have < len && (s[off + have] & 0xC0) == 0x80) have++;
    if (have < need) {
        if (off + have >= len)
            return ach__fail(err, ACH_ENAME_UTF8, NAME_FIELD, 0, col,
                             "truncated UTF-8 sequence at byte offset %zu: lead byte 0x%02X "
                             "needs %zu bytes, the input ends after %zu", off, b0, need, have);
        return ach__fail(err, ACH_ENAME_UTF8, NAME_FIELD, 0, col,
                         "truncated UTF-8 sequence at byte offset %zu: lead byte 0x%02X needs "
                         "%zu bytes, byte 0x%02X at offset %zu is not a continuation byte",
                         off, b0, need, s[off + have], off + have);
    }
    unsigned long cp = b0 & (need == 2 ? 0x1Fu : need == 3 ? 0x0Fu : 0x07u);
    for (size_t k = 1; k < need; k++) cp = (cp << 6) | (s[off + k] & 0x3Fu);
    static const unsigned long min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[need])
        return ach__fail(err, ACH_ENAME_UTF8, NAME_FIELD, 0, col,
                         "overlong UTF-8 encoding of U+%04lX (%zu bytes) at byte offset %zu",
                         cp, need, off);
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return ach__fail(err, ACH_ENAME_UTF8, NAME_FIELD, 0, col,
                         "UTF-8 encoded surrogate U+%04lX at byte offset %zu is not a character",
                         cp, off);
    return ach__fail(err, ACH_ENAME_UTF8, NAME_FIELD, 0, col,
                     "UTF-8 sequence at byte offset %zu encodes U+%04lX, beyond U+10FFFF", off,
                     cp);
}

/* Transliterates one non-ASCII code point found at byte offset `off`. */
static ach_status fold_codepoint(name_writer *w, utf8proc_int32_t cp, size_t off, ach_error *err)
{
    const char *fold = latin_fold(cp);
    if (fold) return put_str(w, fold) ? ACH_OK : fail_overflow(err, off);

    utf8proc_propval_t cat = utf8proc_get_property(cp)->category;
    if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_ZL ||
        cat == UTF8PROC_CATEGORY_ZP)
        return fail_char(err, ACH_ENAME_CONTROL, off, cp);

    utf8proc_int32_t parts[DECOMPOSE_MAX];
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, DECOMPOSE_MAX, DECOMPOSE_OPTIONS,
                                                 NULL);
    if (n < 0 || n > DECOMPOSE_MAX) return fail_char(err, ACH_ENAME_SCRIPT, off, cp);
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_int32_t p = parts[i];
        char c;
        if (p < 0x80) {
            c = ascii_fold((unsigned)p);
        } else if ((fold = latin_fold(p)) != NULL) {
            if (!put_str(w, fold)) return fail_overflow(err, off);
            continue;
        } else {
            switch (utf8proc_get_property(p)->category) {
            case UTF8PROC_CATEGORY_ZS: c = ' '; break;
            case UTF8PROC_CATEGORY_PD: c = '-'; break;
            case UTF8PROC_CATEGORY_PI:
            case UTF8PROC_CATEGORY_PF: c = '\''; break;
            case UTF8PROC_CATEGORY_PS:
            case UTF8PROC_CATEGORY_PE:
            case UTF8PROC_CATEGORY_PO:
            case UTF8PROC_CATEGORY_PC: c = ' '; break;
            default: c = 0; break;
            }
        }
        if (c == 0) return fail_char(err, ACH_ENAME_SCRIPT, off, cp);
        if (!put(w, c)) return fail_overflow(err, off);
    }
    return ACH_OK;
}

/* Normalises into w->buf (not NUL-terminated). */
static ach_status normalize(name_writer *w, const char *name, size_t len, ach_error *err)
{
    if (len > ACH_NAME_MAX_INPUT)
        return ach__fail(err, ACH_ENAME_TOOLONG, NAME_FIELD, 0, 0,
                         "name is %zu bytes; at most %d are accepted", len, ACH_NAME_MAX_INPUT);
    w->len = 0;
    w->pending_space = w->has_alnum = false;
    w->cont_clean = 0;

    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < len;) {
        w->in_char = false;
        unsigned c = s[i];
        if ((c | 0x20u) - 'a' < 26u || c - '0' < 10u) {
            /* A run of ASCII letters and digits, the bulk of most names, written as is
             * (uppercased) without put()'s per-character bookkeeping: each is an input
             * character of its own (no continuation mark) and a letter or digit. Stops where
             * put() would refuse, which then names the offset. */
            if (w->pending_space && w->len + 2 <= sizeof w->buf) {
                w->buf[w->len++] = ' ';
                w->pending_space = false;
            }
            size_t start = i;
            if (!w->pending_space) {
                /* the length in a local: each store to buf (char) could alias w->len */
                size_t n = w->len;
                while (i < len && n + 2 <= sizeof w->buf) {
                    unsigned d = s[i];
                    if (d - 'a' < 26u) d -= 'a' - 'A';
                    else if (d - 'A' >= 26u && d - '0' >= 10u) break;
                    w->buf[n++] = (char)d;
                    i++;
                }
                w->len = n;
            }
            if (i > start) {
                w->has_alnum = true;
                continue;
            }
        }
        if (c < 0x80) {
            char f = ascii_fold(c);
            if (ACH__UNLIKELY(f == 0)) return fail_char(err, ACH_ENAME_CONTROL, i, (int32_t)c);
            if (ACH__UNLIKELY(!put(w, f))) return fail_overflow(err, i);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) return fail_utf8(err, s, len, i);
        ach_status st = fold_codepoint(w, cp, i, err);
        if (st != ACH_OK) return st;
        i += (size_t)n;
    }
    if (!w->has_alnum)
        return ach__fail(err, ACH_ENAME_EMPTY, NAME_FIELD, 0, 0,
                         len == 0 ? "name is empty"
                                  : "name has no letter or digit that can be written in the "
                                    "Nacha character set");
    return ACH_OK;
}

static ach_status copy_out(char *out, size_t cap, const char *buf, size_t n, ach_error *err)
{
    if (!out || cap < n + 1)
        return ach__fail(err, ACH_EBUFS, NAME_FIELD, 0, 0,
                         "output buffer of %zu bytes is too small; the name needs %zu", cap,
                         n + 1);
    memcpy(out, buf, n);
    out[n] = '\0';
    return ACH_OK;
}

ach_status ach_name_normalize(char *out, size_t cap, size_t *out_len, const char *name,
                              size_t len, ach_error *err)
{
    name_writer w;
    ach_status st = normalize(&w, name, len, err);
    if (st == ACH_OK) st = copy_out(out, cap, w.buf, w.len, err);
    if (st == ACH_OK && out_len) *out_len = w.len;
    return st;
}

size_t ach_holder_type_width(ach_holder_type type)
{
    switch (type) {
    case ACH_HOLDER_INDIVIDUAL: return ACH_NAME_INDIVIDUAL_WIDTH;
    case ACH_HOLDER_COMPANY: return ACH_NAME_COMPANY_WIDTH;
    }
    return 0;
}

/* Normalises and cuts to `width` characters (R-ACC-3). */
static ach_status fit_width(char *out, size_t cap, bool *truncated, const char *name, size_t len,
                            size_t width, ach_error *err)
{
    name_writer w;
    ach_status st = normalize(&w, name, len, err);
    if (st != ACH_OK) return st;
    size_t n = w.len;
    if (n > width) {
        n = width;
        /* Back up to the start of the character whose transliteration the cut would split. */
        while (n > 0 && continues(&w, n)) n--;
        while (n > 0 && w.buf[n - 1] == ' ') n--;
    }
    st = copy_out(out, cap, w.buf, n, err);
    if (st == ACH_OK && truncated) *truncated = n < w.len;
    return st;
}

ach_status ach_name_fit(char *out, size_t cap, bool *truncated, const char *name, size_t len,
                        ach_holder_type type, ach_error *err)
{
    size_t width = ach_holder_type_width(type);
    if (width == 0)
        return ach__fail(err, ACH_EHOLDER_TYPE, "holder_type", 0, 0,
                         "holder type %d is neither individual nor company", (int)type);
    return fit_width(out, cap, truncated, name, len, width, err);
}

ach_status ach_name_fit_originator(char *out, size_t cap, bool *truncated, const char *name,
                                   size_t len, ach_error *err)
{
    return fit_width(out, cap, truncated, name, len, ACH_NAME_ORIGINATOR_WIDTH, err);
}

const char *ach_holder_type_name(ach_holder_type type)
{
    switch (type) {
    case ACH_HOLDER_INDIVIDUAL: return "individual";
    case ACH_HOLDER_COMPANY: return "company";
    }
    return "unknown";
}

ach_status ach_holder_type_parse(ach_holder_type *out, const char *text, size_t len,
                                 ach_error *err)
{
    static const struct {
        const char *name;
        size_t len;
        ach_holder_type type;
    } types[] = {{"individual", 10, ACH_HOLDER_INDIVIDUAL}, {"company", 7, ACH_HOLDER_COMPANY}};
    for (size_t i = 0; i < ACH__ARRAY_LEN(types); i++) {
        if (len == types[i].len && memcmp(text, types[i].name, len) == 0) {
            *out = types[i].type;
            return ACH_OK;
        }
    }
    return ach__fail(err, ACH_EHOLDER_TYPE, "holder_type", 0, 0,
                     "holder type must be \"individual\" or \"company\"");
}
