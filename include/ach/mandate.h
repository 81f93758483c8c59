/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/mandate.h
 * @brief Mandates: the customer's authorisation to debit one bank account (SPEC R-MAN-1).
 *
 * A mandate is active from the instant it was accepted until the instant it is revoked
 * (excluded): accepted_at <= t < revoked_at. A charge needs a mandate for its bank account that
 * is active at the charge's creation instant (ach_mandate_check(), used by ach_charge_create()).
 * A revoked mandate stops future debits and is never reactivated: a new authorisation is a new
 * mandate.
 */
#ifndef ACH_MANDATE_H
#define ACH_MANDATE_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/rules.h"

ACH_BEGIN_DECL

/** How the authorisation was given. */
typedef enum ach_mandate_type {
    ACH_MANDATE_ONLINE = 1, /**< "online": accepted on a web page or in an app */
    ACH_MANDATE_OFFLINE = 2 /**< "offline": on paper or by phone */
} ach_mandate_type;

/** A mandate. Plain value (144 bytes); copy freely. */
typedef struct ach_mandate {
    char id[ACH_ID_SIZE];      /**< 1..63 bytes */
    char account[ACH_ID_SIZE]; /**< the bank account it authorises debits from (its id) */
    ach_instant accepted_at;   /**< when the customer accepted it */
    ach_instant revoked_at;    /**< when it was revoked; ACH_INSTANT_NONE while it is not */
    ach_mandate_type type;
} ach_mandate;

/**
 * Builds an unrevoked mandate.
 * @param[out] out the mandate; untouched on failure.
 * @param id, account NUL-terminated ids of 1..63 bytes.
 * @return ACH_OK; ACH_EINVAL (field "id" or "account": NULL, empty or a control character;
 *         field "type": not online/offline); ACH_ETOOLONG (an id above 63 bytes).
 */
ACH_EXTERN ach_status ach_mandate_init(ach_mandate *out, const char *id, const char *account,
                                       ach_mandate_type type, ach_instant accepted_at,
                                       ach_error *err) ACH_WARN_UNUSED;

/**
 * Revokes `mandate` at `at`: debits created at or after `at` are refused (R-MAN-1).
 * @return ACH_OK; ACH_ETRANSITION when it is already revoked; ACH_EINVAL (field "revoked_at")
 *         when `at` is before accepted_at. `mandate` untouched on failure.
 */
ACH_EXTERN ach_status ach_mandate_revoke(ach_mandate *mandate, ach_instant at,
                                         ach_error *err) ACH_WARN_UNUSED;

/** True when `mandate` is active at `at`: accepted_at <= at < revoked_at (R-MAN-1). */
ACH_EXTERN bool ach_mandate_is_active(const ach_mandate *mandate, ach_instant at) ACH_PURE;

/**
 * The R-MAN-1 check of a debit from bank account `account_id` at `at`.
 * @param mandate the mandate the caller holds for that account, or NULL when it has none.
 * @return ACH_OK, or ACH_ENOMANDATE (field "mandate") with the reason: no mandate, a mandate
 *         for another account, not yet accepted at `at`, revoked at or before `at` (the message
 *         gives the instant).
 */
ACH_EXTERN ach_status ach_mandate_check(const ach_mandate *mandate, const char *account_id,
                                        ach_instant at, ach_error *err) ACH_WARN_UNUSED;

/** "online" or "offline". @return static storage, never NULL; "unknown" otherwise. */
ACH_EXTERN const char *ach_mandate_type_name(ach_mandate_type type) ACH_CONST;

/**
 * Parses exactly `len` bytes as "online" or "offline".
 * @param[out] out the type; untouched on failure.
 * @return ACH_OK or ACH_EINVAL (field "type").
 */
ACH_EXTERN ach_status ach_mandate_type_parse(ach_mandate_type *out, const char *text, size_t len,
                                             ach_error *err) ACH_WARN_UNUSED;

ACH_END_DECL

#endif /* ACH_MANDATE_H */
