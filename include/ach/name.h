/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/name.h
 * @brief Account-holder names in the Nacha-safe character set, and holder types (SPEC R-ACC-3).
 *
 * A name arrives as UTF-8 and leaves as uppercase ASCII drawn only from `A-Z 0-9`, the space
 * and `& - . , ' /`. ach_name_normalize() gives the full transliterated form (no width limit;
 * the same form serves later to compare a customer's name with bank ownership data);
 * ach_name_fit() then fits it to the receiver's name field of an entry detail record: 22
 * characters for both holder types (PPD Individual Name, CCD Receiving Company Name, positions
 * 55-76). ach_name_fit_originator() fits the originator's Company Name of a batch header
 * (positions 5-20): 16 characters (R-ACC-3, corrected 2026-12-04).
 *
 * Transliteration, character by character:
 * - ASCII letters are uppercased; digits and `& - . , ' /` are kept; `"` and `` ` `` become
 *   `'`; every other ASCII punctuation or symbol (`! # ( ) _ @ ...`) separates words like a
 *   space.
 * - Other characters go through utf8proc: compatibility decomposition (Ａ → A, ﬁ → FI,
 *   ½ → 1/2), canonical decomposition with marks stripped (É → E, ñ → N, İ → I, Ż → Z),
 *   lumping of look-alike punctuation (’ → ', ‐ – — → -, no-break and other Unicode spaces →
 *   space) and removal of default-ignorable characters (soft hyphen, zero-width joiners,
 *   variation selectors, bidi controls).
 * - A generated table (lib/name_latin.h) folds the Latin letters Unicode does not decompose:
 *   Ø → O, Ł → L, Đ → D, Ð → D, Æ → AE, Œ → OE, Þ → TH, ß and ẞ → SS, ı → I, Ħ → H, Ŋ → N,
 *   Ə → A, ɛ → E, ɔ → O, and every other letter of the Latin-1 Supplement, Latin Extended-A,
 *   -B, -C, -D, -E, IPA Extensions and Latin Extended Additional blocks; also curly double
 *   quotes and guillemets → `'`, ʻokina → `'`, Catalan middle dot dropped (l·l → LL).
 * - Any other punctuation is a word separator; other quotation marks become `'`.
 * - Runs of spaces collapse to one; leading and trailing spaces are dropped.
 *
 * Refused (the message gives the byte offset, 0-based, and the code point as U+XXXX;
 * err->column is that offset + 1; err->field is "name"):
 * - ACH_ENAME_UTF8: invalid UTF-8 — a stray continuation byte, a byte that never occurs in
 *   UTF-8, a truncated sequence, an overlong form (C0 AF for "/"), an encoded surrogate
 *   (ED A0 80) or a value beyond U+10FFFF.
 * - ACH_ENAME_CONTROL: a control character (C0 and C1 controls including TAB, LF and CR, DEL,
 *   U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR). A name is one line.
 * - ACH_ENAME_SCRIPT: a character that cannot be written in the Nacha set: another script
 *   (Greek, Cyrillic, CJK, Hangul, Arabic, ...), emoji and other symbols (©, €), non-ASCII
 *   digits (٣), unassigned and private-use code points.
 * - ACH_ENAME_EMPTY: nothing is left that is a letter or digit (empty input, "---", only
 *   marks).
 * - ACH_ENAME_TOOLONG: more than ::ACH_NAME_MAX_INPUT bytes of input.
 *
 * All functions are pure and allocate nothing (work space is on the stack, about 2.5 KiB).
 */
#ifndef ACH_NAME_H
#define ACH_NAME_H

#include "ach/common.h"
#include "ach/error.h"

ACH_BEGIN_DECL

/** Who holds a bank account (R-ACC-3). */
typedef enum ach_holder_type {
    ACH_HOLDER_INDIVIDUAL = 1, /**< "individual": name field of 22 characters */
    ACH_HOLDER_COMPANY = 2     /**< "company": name field of 22 characters (R-ACC-3) */
} ach_holder_type;

/** Longest name input accepted, in bytes; longer input is ACH_ENAME_TOOLONG. */
#define ACH_NAME_MAX_INPUT 1024
/** Nacha field width of an individual's name, in characters. */
#define ACH_NAME_INDIVIDUAL_WIDTH 22
/** Nacha field width of a company holder's name (CCD Receiving Company Name), in characters:
 * 22, as for an individual (R-ACC-3). */
#define ACH_NAME_COMPANY_WIDTH 22
/** Width of the originator's Company Name in a batch header (positions 5-20), in characters:
 * not an account holder's name (R-ACC-3). */
#define ACH_NAME_ORIGINATOR_WIDTH 16
/**
 * A buffer of this many bytes always holds ach_name_normalize() output and its NUL. No
 * character yields more than two output characters per byte of its UTF-8 form (the worst are
 * compatibility forms such as ㎯ U+33AF → "RAD/S2", 3 bytes → 6), so the normalised form of
 * ACH_NAME_MAX_INPUT bytes is at most twice as long; a test checks this for every code point.
 */
#define ACH_NAME_NORMALIZED_MAX (2 * ACH_NAME_MAX_INPUT + 1)
/** A buffer of this many bytes always holds ach_name_fit() output and its NUL. */
#define ACH_NAME_FIT_SIZE (ACH_NAME_INDIVIDUAL_WIDTH + 1)

/**
 * Transliterates the UTF-8 name `name` (exactly `len` bytes; `name` may be NULL when `len` is
 * 0) to its Nacha-safe form, with no width limit, and writes it NUL-terminated to `out`.
 * @param[out] out receives the name; untouched on failure.
 * @param cap size of `out` in bytes; ::ACH_NAME_NORMALIZED_MAX always suffices.
 * @param[out] out_len receives the length without the NUL (may be NULL); untouched on failure.
 * @return ACH_OK; ACH_ENAME_UTF8, ACH_ENAME_CONTROL, ACH_ENAME_SCRIPT, ACH_ENAME_EMPTY,
 *         ACH_ENAME_TOOLONG (see the file comment); ACH_EBUFS when `cap` is too small (the
 *         message gives the size needed).
 */
ACH_EXTERN ach_status ach_name_normalize(char *out, size_t cap, size_t *out_len,
                                         const char *name, size_t len,
                                         ach_error *err) ACH_WARN_UNUSED;

/**
 * Normalises `name` as ach_name_normalize() does, then fits it to the Nacha name field of
 * `type`: at most ::ACH_NAME_INDIVIDUAL_WIDTH (22) characters for an individual,
 * ::ACH_NAME_COMPANY_WIDTH (also 22) for a company (R-ACC-3). A longer name is cut at the width, but never
 * inside the transliteration of one character (Þ → "TH" is kept whole or dropped whole), and a
 * space left at the end by the cut is dropped.
 * @param[out] out receives the fitted name, NUL-terminated; untouched on failure.
 * @param cap size of `out`; ::ACH_NAME_FIT_SIZE always suffices.
 * @param[out] truncated set to whether the name was cut (may be NULL); untouched on failure.
 * @return as ach_name_normalize(), plus ACH_EHOLDER_TYPE when `type` is not an
 *         ::ach_holder_type (err->field "holder_type").
 */
ACH_EXTERN ach_status ach_name_fit(char *out, size_t cap, bool *truncated, const char *name,
                                   size_t len, ach_holder_type type,
                                   ach_error *err) ACH_WARN_UNUSED;

/** The Nacha name width of `type` (22 for both); 0 when `type` is not an ::ach_holder_type. */
ACH_EXTERN size_t ach_holder_type_width(ach_holder_type type) ACH_CONST;

/**
 * Normalises `name` as ach_name_normalize() does, then fits it, as ach_name_fit() does, to the
 * originator's Company Name of a batch header: ::ACH_NAME_ORIGINATOR_WIDTH (16) characters
 * (R-ACC-3).
 * @param cap size of `out`; ::ACH_NAME_FIT_SIZE always suffices.
 * @return as ach_name_normalize().
 */
ACH_EXTERN ach_status ach_name_fit_originator(char *out, size_t cap, bool *truncated,
                                              const char *name, size_t len,
                                              ach_error *err) ACH_WARN_UNUSED;

/**
 * The API name of `type`: "individual" or "company".
 * @return static storage, never NULL; "unknown" for a value that is not an ::ach_holder_type.
 */
ACH_EXTERN const char *ach_holder_type_name(ach_holder_type type) ACH_CONST;

/**
 * Parses exactly `len` bytes of `text` as "individual" or "company" (exact, lowercase).
 * @param[out] out the holder type; untouched on failure.
 * @return ACH_OK or ACH_EHOLDER_TYPE (err->field "holder_type").
 */
ACH_EXTERN ach_status ach_holder_type_parse(ach_holder_type *out, const char *text, size_t len,
                                            ach_error *err) ACH_WARN_UNUSED;

ACH_END_DECL

#endif /* ACH_NAME_H */
