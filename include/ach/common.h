/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/common.h
 * @brief Shared plumbing of every libach header: export macro, C++ guards, attributes.
 *
 * Thread safety, for the whole library unless a header says otherwise: libach has no global
 * mutable state and no init/shutdown call. Every function is reentrant; functions may be called
 * concurrently on distinct objects, and concurrently on the same object when it is taken as
 * `const` (an ::ach_calendar, for example, is immutable once built and may be shared freely).
 *
 * Units, everywhere: money is `int64_t` minor units (US cents); a date (::ach_date) is a count of
 * days since 1970-01-01 in the proleptic Gregorian calendar; an instant (::ach_instant) is UTC
 * seconds since 1970-01-01T00:00:00Z.
 *
 * Text and ids are passed as pointer + length (`const char *text, size_t len`: need not be
 * NUL-terminated, so a view into a larger buffer needs no copy). The entry points most often
 * called with a C string also have a `_cstr` form taking a NUL-terminated string (an inline
 * function in the header: the length is its strlen(), or 0 for NULL), such as
 * ach_date_parse_cstr() or ach_recon_charge_get_cstr().
 */
#ifndef ACH_COMMON_H
#define ACH_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h> /* strlen() of the _cstr forms */

#if defined(_WIN32) && !defined(ACH_STATIC)
#  if defined(ACH_BUILDING)
#    define ACH_EXTERN __declspec(dllexport)
#  else
#    define ACH_EXTERN __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && !defined(ACH_STATIC)
#  define ACH_EXTERN __attribute__((visibility("default")))
#else
#  define ACH_EXTERN
#endif

#if defined(__GNUC__)
#  define ACH_WARN_UNUSED __attribute__((warn_unused_result))
#  define ACH_PURE __attribute__((pure))
#  define ACH_CONST __attribute__((const))
#  define ACH_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#  define ACH_WARN_UNUSED
#  define ACH_PURE
#  define ACH_CONST
#  define ACH_PRINTF(fmt, args)
#endif

#ifdef __cplusplus
#  define ACH_BEGIN_DECL extern "C" {
#  define ACH_END_DECL }
#else
#  define ACH_BEGIN_DECL
#  define ACH_END_DECL
#endif

ACH_BEGIN_DECL

/** A civil date: days since 1970-01-01 (negative before), proleptic Gregorian. */
typedef int32_t ach_date;

/** "No date", wherever a date may be absent (an entry that never becomes available, a retry
 * deadline that does not apply, a NACHA date left blank). */
#define ACH_DATE_NONE INT32_MIN

/** An instant: seconds since 1970-01-01T00:00:00Z, UTC, no leap seconds. */
typedef int64_t ach_instant;

/** Size of an id field (ach_bank_account.id, ach_mandate.id, ...) including the NUL: ids are
 * 1..63 bytes (ACH_ID_MAX), in the rules and in a ledger alike. Rule calls that take an id refuse
 * a longer one with ACH_ETOOLONG; the ledger reader rejects the line. */
#define ACH_ID_SIZE 64
/** The longest id, in bytes. */
#define ACH_ID_MAX (ACH_ID_SIZE - 1)

ACH_END_DECL

#endif /* ACH_COMMON_H */
