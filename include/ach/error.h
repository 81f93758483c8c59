/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/error.h
 * @brief The one error model of libach: ::ach_status codes and the caller-owned ::ach_error.
 *
 * Every fallible function returns an ::ach_status (ACH_OK is 0, errors are negative) and takes
 * an optional `ach_error *err` as its last parameter. When `err` is not NULL and the call fails,
 * it receives the code, the field, the position (line and column, 1-based, 0 when not
 * applicable), the source name (a file name, when known) and a message that names what is wrong.
 * On success `err` is left untouched. There is no global or thread-local "last error".
 *
 * Codes are pinned: a code's number never changes and is never reused. Ranges: -1..-99 general,
 * -100.. validators, -200.. payment rules, -300.. ledger and reconciliation, -400.. NACHA files,
 * -500.. Financial Connections.
 */
#ifndef ACH_ERROR_H
#define ACH_ERROR_H

#include "ach/common.h"

ACH_BEGIN_DECL

/* X-macro: XX(NAME, value, "static description"). Defined once so the enum and
 * ach_status_str() cannot drift apart. */
#define ACH_STATUS_MAP(XX)                                                                  \
    XX(OK, 0, "success")                                                                    \
    XX(EINVAL, -1, "invalid argument")                                                      \
    XX(ENOMEM, -2, "out of memory")                                                         \
    XX(ERANGE, -3, "value outside the supported range")                                     \
    XX(EPARSE, -4, "malformed input")                                                       \
    XX(EOVERFLOW, -5, "arithmetic overflow")                                                \
    XX(EBUFS, -6, "output buffer too small")                                                \
    XX(EIO, -7, "input could not be read")                                                  \
    XX(ECALENDAR, -8, "invalid calendar data")                                              \
    XX(ENOTFOUND, -9, "not found")                                                          \
    XX(ETOOLONG, -10, "input longer than the documented bound")                             \
    /* validators (-100..-199) */                                                           \
    XX(EROUTING_LENGTH, -100, "routing number is not 9 characters")                         \
    XX(EROUTING_DIGIT, -101, "routing number has a non-digit")                              \
    XX(EROUTING_PREFIX, -102, "routing number prefix is not an ACH participant")            \
    XX(EROUTING_CHECKSUM, -103, "routing number checksum is wrong")                         \
    XX(EROUTING_ZERO, -104, "routing number is all zeros")                                  \
    XX(EROUTING_GOVERNMENT, -105, "routing prefix 00 (US government) is not for ACH")       \
    XX(EROUTING_TRAVELLER, -106, "routing prefix 80 (traveller's cheques) is not for ACH")  \
    XX(EACCOUNT_LENGTH, -110, "account number is not 4 to 17 digits")                       \
    XX(EACCOUNT_DIGIT, -111, "account number has a non-digit")                              \
    XX(ENAME_UTF8, -120, "name is not valid UTF-8")                                         \
    XX(ENAME_CONTROL, -121, "name contains a control character")                            \
    XX(ENAME_SCRIPT, -122, "name contains a character that cannot be transliterated")       \
    XX(ENAME_EMPTY, -123, "name has no letter or digit")                                    \
    XX(ENAME_TOOLONG, -124, "name input is longer than the documented bound")               \
    /* payment rules (-200..-299) */                                                        \
    XX(ECOUNTRY, -200, "only US bank accounts are accepted")                                \
    XX(ECURRENCY, -201, "only USD is accepted")                                             \
    XX(EUNVERIFIED, -202, "bank account is not verified")                                   \
    XX(ENOMANDATE, -203, "no active mandate")                                               \
    XX(EAMOUNT, -204, "amount must be positive")                                            \
    XX(ETRANSITION, -205, "transition not allowed from this state")                         \
    XX(EVERIFY_MISMATCH, -206, "verification amounts do not match")                        \
    XX(EVERIFY_LOCKED, -207, "no verification attempts left")                               \
    XX(EREFUND_STATE, -208, "only a succeeded charge can be refunded")                      \
    XX(EREFUND_WINDOW, -209, "refund window has passed")                                    \
    XX(EREFUND_AMOUNT, -210, "refunds would exceed the charge amount")                      \
    XX(EPERMISSION, -211, "not permitted")                                                  \
    XX(EHOLDER_TYPE, -212, "holder type must be individual or company")                     \
    /* ledger and reconciliation (-300..-399) */                                            \
    XX(ELEDGER_HEADER, -300, "ledger header is missing, malformed or lacks a required column") \
    XX(ELEDGER_RECORD, -301, "ledger record is malformed")                                  \
    XX(EDUPLICATE, -302, "duplicate id")                                                    \
    XX(EUNKNOWN_ID, -303, "unknown id")                                                     \
    XX(LEDGER_END, -304, "end of the ledger: no more records (not a failure)")              \
    /* NACHA files (-400..-499) */                                                          \
    XX(ENACHA, -400, "NACHA file is invalid")                                               \
    /* Financial Connections (-500..-599) */                                                \
    XX(EFC, -500, "Financial Connections data is invalid")                                  \
    XX(EFC_PERMISSIONS, -501, "permissions must be a non-empty subset of the known ones")  \
    XX(EFC_PREFETCH, -502, "prefetch must be a subset of the permissions, without payment_method") \
    XX(EFC_TOKENIZED, -503, "account number is a token, not a routable number")

/** Status codes. 0 is success; every error is negative and pinned. */
typedef enum ach_status {
#define ACH__STATUS_ENUM(name, value, text) ACH_##name = value, /* NOLINT(bugprone-macro-parentheses) */
    ACH_STATUS_MAP(ACH__STATUS_ENUM)
#undef ACH__STATUS_ENUM
} ach_status;

/** Size of ach_error.message, including the terminating NUL. */
#define ACH_ERROR_MESSAGE_SIZE 256
/** Size of ach_error.field and ach_error.source, including the terminating NUL. */
#define ACH_ERROR_NAME_SIZE 64

/** Details of a failure. The caller owns it (usually on the stack); libach only fills it in. */
typedef struct ach_error {
    ach_status code;                     /**< the status the call returned */
    uint64_t line;                       /**< 1-based line or record number; 0 when not applicable */
    uint32_t column;                     /**< 1-based column (bytes); 0 when not applicable */
    char field[ACH_ERROR_NAME_SIZE];     /**< the field or argument at fault; "" when none */
    char source[ACH_ERROR_NAME_SIZE];    /**< file or buffer name; "" when none (truncated from the left) */
    char message[ACH_ERROR_MESSAGE_SIZE]; /**< human sentence naming what is wrong; never an account number */
} ach_error;

/** Static initialiser for an ::ach_error: `ach_error err = ACH_ERROR_INIT;` */
#define ACH_ERROR_INIT {ACH_OK, 0, 0, "", "", ""}

/**
 * The symbolic name of a status, such as "ACH_EROUTING_CHECKSUM".
 * @return static storage, never NULL; "ACH_UNKNOWN" for a value not in ::ach_status.
 */
ACH_EXTERN const char *ach_status_name(int status);

/**
 * A short English description of a status, such as "routing number checksum is wrong".
 * @return static storage, never NULL; "unknown status" for a value not in ::ach_status.
 */
ACH_EXTERN const char *ach_status_str(int status);

/** Resets `err` to ACH_ERROR_INIT. Accepts NULL. */
ACH_EXTERN void ach_error_clear(ach_error *err);

/**
 * Formats `err` as one line: "source:line:column: field: message" (parts that are empty or 0
 * are left out) into `buf` of `cap` bytes, always NUL-terminated when cap > 0, truncating if needed.
 * @return the length the full line needs, excluding the NUL (as snprintf).
 */
ACH_EXTERN size_t ach_error_format(char *buf, size_t cap, const ach_error *err);

ACH_END_DECL

#endif /* ACH_ERROR_H */
