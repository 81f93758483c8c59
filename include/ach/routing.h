/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/routing.h
 * @brief ABA routing numbers and US bank account numbers (SPEC R-ACC-2).
 *
 * Both validators take exactly `len` bytes of text and never trim, fold or skip anything: a
 * space, a dash, a fullwidth or other non-ASCII digit is a non-digit. They are pure, allocate
 * nothing, and are fast enough for bulk screening (see bench/bench_validators.c).
 *
 * Positions in errors (err->column) are 1-based byte positions in `text`. Messages never
 * contain an account number (R-SEC-1).
 */
#ifndef ACH_ROUTING_H
#define ACH_ROUTING_H

#include "ach/common.h"
#include "ach/error.h"

ACH_BEGIN_DECL

/** Characters in a routing number. */
#define ACH_ROUTING_LEN 9
/** Buffer size for a routing number plus NUL. */
#define ACH_ROUTING_SIZE 10
/** Fewest digits in an account number. */
#define ACH_ACCOUNT_MIN_LEN 4
/** Most digits in an account number. */
#define ACH_ACCOUNT_MAX_LEN 17
/** Buffer size for the longest account number plus NUL. */
#define ACH_ACCOUNT_SIZE 18

/**
 * Checks that `text` (exactly `len` bytes, no NUL needed) is a routing number that can take
 * part in ACH (R-ACC-2): 9 ASCII digits, a Federal Reserve (01-12), thrift (21-32) or
 * electronic (61-72) prefix, and a correct ABA checksum
 * `3*(d1+d4+d7) + 7*(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10)`.
 *
 * The checks run in this order and the first failure is reported, with err->field "routing":
 * - ACH_EROUTING_DIGIT: the first byte that is not an ASCII digit (anywhere in `text`, so
 *   "021-000-021" names the dash, not the length); err->column is its position; the message
 *   names the character (U+XXXX for a non-ASCII one, such as a fullwidth digit).
 * - ACH_EROUTING_LENGTH: all digits, but not 9 of them (the message gives the count).
 * - ACH_EROUTING_ZERO: `000000000`.
 * - ACH_EROUTING_GOVERNMENT: prefix 00 (US government; passes the checksum, not for ACH).
 * - ACH_EROUTING_TRAVELLER: prefix 80 (traveller's cheques; not for ACH).
 * - ACH_EROUTING_PREFIX: any other unassigned prefix (13-20, 33-60, 73-79, 81-99); the
 *   message names it. err->column is 1 for every prefix failure.
 * - ACH_EROUTING_CHECKSUM: the message gives the check digit that would be right;
 *   err->column is 9.
 *
 * `text` may be NULL only when `len` is 0.
 * @return ACH_OK or one of the statuses above.
 */
ACH_EXTERN ach_status ach_routing_validate(const char *text, size_t len,
                                           ach_error *err) ACH_WARN_UNUSED;
/** ach_routing_validate() of a NUL-terminated `text`. */
static inline ACH_WARN_UNUSED ach_status ach_routing_validate_cstr(const char *text, ach_error *err)
{
    return ach_routing_validate(text, text ? strlen(text) : 0, err);
}

/**
 * The ABA check digit (the 9th digit) that makes `eight_digits` a routing number with a
 * correct checksum. Reads the first 8 bytes of `eight_digits`, stopping at the first byte that
 * is not an ASCII digit (so a shorter NUL-terminated string is read safely).
 * @return 0-9; -1 when `eight_digits` is NULL or any of its first 8 bytes is not a digit.
 */
ACH_EXTERN int ach_routing_check_digit(const char *eight_digits) ACH_PURE;

/**
 * Checks that `text` (exactly `len` bytes) is a US bank account number: 4 to 17 ASCII digits
 * (R-ACC-2). err->field is "account_number"; the message never repeats the number.
 * - ACH_EACCOUNT_DIGIT: the first byte that is not an ASCII digit (a space, a dash, ...);
 *   err->column is its 1-based position.
 * - ACH_EACCOUNT_LENGTH: all digits, but fewer than 4 or more than 17 (the message gives the
 *   count).
 *
 * `text` may be NULL only when `len` is 0.
 * @return ACH_OK, ACH_EACCOUNT_DIGIT or ACH_EACCOUNT_LENGTH.
 */
ACH_EXTERN ach_status ach_account_number_validate(const char *text, size_t len,
                                                  ach_error *err) ACH_WARN_UNUSED;
/** ach_account_number_validate() of a NUL-terminated `text`. */
static inline ACH_WARN_UNUSED ach_status ach_account_number_validate_cstr(const char *text,
                                                                          ach_error *err)
{
    return ach_account_number_validate(text, text ? strlen(text) : 0, err);
}

ACH_END_DECL

#endif /* ACH_ROUTING_H */
