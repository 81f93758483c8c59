/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by lib/fc*.c (Financial Connections). Never installed. */
#ifndef ACH_FC_INTERNAL_H
#define ACH_FC_INTERNAL_H

#include "ach/fc.h"
#include <string.h>
#include "internal.h"

/* Returns from the calling function when `expr` is not ACH_OK. */
#define ACH__FC_TRY(expr)                                                                     \
    do {                                                                                      \
        ach_status ach__fc_st_ = (expr);                                                      \
        if (ach__fc_st_ != ACH_OK) return ach__fc_st_;                                        \
    } while (0)

/* A byte of a "word" for redaction: ASCII letter, digit or '_'. */
static inline bool ach__fc_is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* strlen bounded by `max` (strnlen is POSIX, not C11). */
static inline size_t ach__fc_strnlen(const char *s, size_t max)
{
    const char *z = memchr(s, '\0', max);
    return z ? (size_t)(z - s) : max;
}

static inline bool ach__fc_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static inline unsigned char ach__fc_upper(unsigned char c)
{
    return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 'a' + 'A') : c;
}

/* True when `c` is a currency code as libach spells it: exactly 3 lowercase ASCII letters. */
bool ach__fc_currency_ok(const char *c);

/* Overwrites n bytes with zeros through a volatile pointer, so the store is not elided. */
void ach__fc_wipe(void *p, size_t n);

/* R-FC-6: fails with ACH_EPERMISSION naming `field` unless `perm` is in `account->permissions`. */
ach_status ach__fc_require(const ach_fc_account *account, ach_fc_permission perm,
                           const char *field, ach_error *err);

#endif /* ACH_FC_INTERNAL_H */
