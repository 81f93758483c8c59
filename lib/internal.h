/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by lib/ modules. Never installed; names use the ach__ prefix. */
#ifndef ACH_INTERNAL_H
#define ACH_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <inttypes.h> /* PRIu64 for the 64-bit line and record numbers */
#include <stdint.h>
#include <string.h>
#include "ach/error.h"
#include "ach/date.h"

#define ACH__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#  define ACH__LIKELY(x) __builtin_expect(!!(x), 1)
#  define ACH__UNLIKELY(x) __builtin_expect(!!(x), 0)
/* Failure and finding paths: the compiler moves the code that leads to them out of the hot
 * paths' cache lines, which per-record code with many rare exits needs. */
#  define ACH__COLD __attribute__((cold))
#else
#  define ACH__LIKELY(x) (x)
#  define ACH__UNLIKELY(x) (x)
#  define ACH__COLD
#endif

/* Fills `err` (when not NULL) and returns `code`, so a failure path is one statement:
 *     return ach__fail(err, ACH_EPARSE, "time", line, col, "month %d is not 1-12", m);
 * `field` may be NULL. The message is formatted with vsnprintf (no locale-dependent
 * conversions are used in libach messages). */
ACH__COLD ach_status ach__fail(ach_error *err, ach_status code, const char *field,
                               uint64_t line, uint32_t column, const char *fmt, ...)
    ACH_PRINTF(6, 7);

#ifdef __clang_analyzer__
/* Analyzer-only (clang-tidy defines __clang_analyzer__; compilers never see this): ach__fail is
 * defined in error.c, so the analyzer cannot see that it returns `code`, never ACH_OK, and would
 * explore "the failure returned ACH_OK" paths that do not exist. This spells the result out. */
#  define ach__fail(err, code, ...) ((ach__fail)((err), (code), __VA_ARGS__), (code))
#endif

/* An input value as a message may show it (R-SEC-1, issue 17): every run of 4 or more digits,
 * which may be an account number landed in a typed field (a type, holder type, code, currency,
 * ...), as "****" and its last 4 digits; other bytes as they are when printable ASCII, else '?';
 * at most `max` characters, then "..." when cut. Writes at most `cap` bytes (NUL included) to
 * `buf` and returns it. Every echo of a typed field's value in lib/ goes through here. */
const char *ach__echo(char *buf, size_t cap, const char *text, size_t len, size_t max);

/* Sets err->source (when err is not NULL), keeping the rightmost part of a long path. */
void ach__error_set_source(ach_error *err, const char *source);

/* Copies at most cap-1 bytes of src into dst and NUL-terminates (cap > 0). */
void ach__strlcpy(char *dst, const char *src, size_t cap);

struct ach_ledger_reader;
/* Asks a reader to call fn(ctx) just before it moves or frees the bytes that its earlier
 * records' zero-copy views point into (read mode compacts or grows its buffer; a mapped file or
 * a caller's buffer never does); fn copies what it still needs and returns false when out of
 * memory (the read then fails with ACH_ENOMEM). NULL fn removes the hook. Lets lib/recon.c
 * keep records in flight without copying each. Views of escaped ("") fields live in per-record
 * scratch and never last past the next record, hook or not. */
void ach__ledger_on_move(struct ach_ledger_reader *r, bool (*fn)(void *ctx), void *ctx);

/* Asks a read-mode reader (file, descriptor) to give away its buffer, instead of moving or
 * growing it, once records returned earlier may still point into it: fn(ctx, buf) then owns buf
 * (to free()) and the reader goes on in a new buffer (issue 23: records stay zero-copy while
 * another thread applies them); fn returns false when out of memory (the read then fails with
 * ACH_ENOMEM and fn does not own buf). A buffer reader never moves its bytes: there it does nothing.
 * NULL fn removes the hook. */
void ach__ledger_on_handover(struct ach_ledger_reader *r, bool (*fn)(void *ctx, char *buf),
                             void *ctx);

/* Bytes of the last record's escaped ("") fields in the reader's per-record scratch: 0 when
 * every field of it is a view into the input. */
size_t ach__ledger_scratch_used(const struct ach_ledger_reader *r);

/* Copies `len` bytes (an id: usually 8 to 32) with a few word moves instead of a memcpy() call,
 * whose call and size dispatch cost more than the copy; the words overlap rather than loop over
 * a tail. */
static inline void ach__copy_short(void *dst, const void *src, size_t len)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8) memcpy(d + i, s + i, 8);
        memcpy(d + len - 8, s + len - 8, 8);
    } else if (len >= 4) {
        memcpy(d, s, 4);
        memcpy(d + len - 4, s + len - 4, 4);
    } else {
        for (size_t i = 0; i < len; i++) d[i] = s[i];
    }
}

/* Whether a[0..len) equals b[0..len), the same way as ach__copy_short() (overlapping words, no
 * call): ids in the engine's map lookups, names of record types in the ledger reader. */
static inline bool ach__equal_short(const void *a, const void *b, size_t len)
{
    const unsigned char *x = a, *y = b;
    uint64_t u, v, diff = 0;
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8) {
            memcpy(&u, x + i, 8);
            memcpy(&v, y + i, 8);
            diff |= u ^ v;
        }
        memcpy(&u, x + len - 8, 8);
        memcpy(&v, y + len - 8, 8);
        return (diff | (u ^ v)) == 0;
    }
    if (len >= 4) {
        uint32_t p, q, r, t;
        memcpy(&p, x, 4);
        memcpy(&q, y, 4);
        memcpy(&r, x + len - 4, 4);
        memcpy(&t, y + len - 4, 4);
        return ((p ^ q) | (r ^ t)) == 0;
    }
    for (size_t i = 0; i < len; i++) diff |= (uint64_t)(x[i] ^ y[i]);
    return diff == 0;
}

/* ach_instant_date() and ach_instant_second_of_day(), inline: the rules and the engine call
 * them several times per record, and a call costs more than the division. */
static inline ach_date ach__instant_date(ach_instant t)
{
    ach_instant q = t / ACH_SECONDS_PER_DAY;
    if (t % ACH_SECONDS_PER_DAY < 0) q--;
    return (ach_date)q;
}

static inline int32_t ach__instant_second_of_day(ach_instant t)
{
    ach_instant r = t % ACH_SECONDS_PER_DAY;
    if (r < 0) r += ACH_SECONDS_PER_DAY;
    return (int32_t)r;
}

/* The value of 8 ASCII digits, the first the most significant (a little-endian word); any byte
 * may be checked first with ach__eight_digits(). Three multiplies instead of eight steps. */
static inline uint64_t ach__eight_digits_value(uint64_t w)
{
    w = ((w & UINT64_C(0x0F0F0F0F0F0F0F0F)) * 2561) >> 8;
    w = ((w & UINT64_C(0x00FF00FF00FF00FF)) * 6553601) >> 16;
    return ((w & UINT64_C(0x0000FFFF0000FFFF)) * UINT64_C(42949672960001)) >> 32;
}

/* Whether the 8 bytes of w are all ASCII digits: each byte's high nibble is 3, and adding 6
 * keeps it 3 (a byte that fails its own test is the only one whose carry can reach the next). */
static inline bool ach__eight_digits(uint64_t w)
{
    const uint64_t high = UINT64_C(0xF0F0F0F0F0F0F0F0);
    return ((w & high) | (((w + UINT64_C(0x0606060606060606)) & high) >> 4)) ==
           UINT64_C(0x3333333333333333);
}

/* The value of the 15 ASCII digits at s (a NACHA trace number, on most charge lines), or -1
 * when one of them is not a digit: two overlapping words, checked and converted a word at a
 * time. */
static inline int64_t ach__fifteen_digits(const char *s)
{
    uint64_t a, b;
    memcpy(&a, s, 8);     /* digits 1-8 */
    memcpy(&b, s + 7, 8); /* digits 8-15 */
    if (!ach__eight_digits(a) || !ach__eight_digits(b)) return -1;
    return (int64_t)(ach__eight_digits_value(a) * 10000000u +
                     ach__eight_digits_value(b) % 10000000u);
}

#endif /* ACH_INTERNAL_H */
