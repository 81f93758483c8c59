/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/fc.h
 * @brief Financial Connections: sessions, permissions, linked accounts, ownership matching and
 *        balance- and transaction-based risk checks (SPEC §9b, R-FC-1 … R-FC-7; §9 R-SEC-1).
 *
 * libach has no network code. This module models the data a service receives from a Financial
 * Connections session (the linked accounts and, where permitted, their balances, owners and
 * transactions) and the decisions it makes with that data:
 *
 * - permissions and prefetch are validated (R-FC-1); a wider request needs a new session
 *   (R-FC-2); each use case has a minimal permission set and anything beyond it is flagged
 *   (R-FC-7);
 * - the session's client secret is held masked, never printed, and can be redacted from any text
 *   (R-FC-3, R-SEC-1);
 * - an abandoned flow is a session with no accounts: valid, not an error (R-FC-4); an account
 *   number may be a token and is then never used as a routable number (R-FC-4);
 * - balances, owners and transactions are read through accessors that fail with
 *   ACH_EPERMISSION where the permission was not granted (R-FC-6);
 * - decisions: ownership match (R-FC-5), balance risk before a debit, transaction features and a
 *   simple accept / review / refuse policy (R-FC-5).
 *
 * Value types are plain structs with fixed-size text fields (NUL-terminated, each with a
 * documented maximum). An account's owners and transactions are *borrowed* arrays: the caller
 * owns them and keeps them alive while the account is used; libach never allocates, frees or
 * modifies them. All functions are pure and reentrant.
 */
#ifndef ACH_FC_H
#define ACH_FC_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/account.h"
#include "ach/rules.h"

ACH_BEGIN_DECL

/** @name Field sizes (bytes, including the terminating NUL)
 * @{ */
#define ACH_FC_ID_SIZE 64           /**< ids: session "fcsess_…", customer "cus_…", account "fca_…" */
#define ACH_FC_TEXT_SIZE 128        /**< display name, institution name */
#define ACH_FC_NAME_SIZE 256        /**< an owner's name (UTF-8) */
#define ACH_FC_EMAIL_SIZE 128       /**< an owner's e-mail address */
#define ACH_FC_PHONE_SIZE 32        /**< an owner's phone number */
#define ACH_FC_ADDRESS_SIZE 256     /**< an owner's raw address, one line (UTF-8) */
#define ACH_FC_DESCRIPTION_SIZE 256 /**< a transaction's description (UTF-8) */
#define ACH_FC_NUMBER_SIZE 64       /**< an account or routing number, real or token */
#define ACH_FC_CURRENCY_SIZE 4      /**< ISO 4217 code in lowercase, "usd" */
#define ACH_FC_SECRET_MAX 255       /**< longest client secret accepted, in bytes */
#define ACH_FC_BALANCE_CURRENCIES_MAX 4 /**< currencies one balance can carry */
/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Permissions (R-FC-1, R-FC-2, R-FC-6, R-FC-7)
 * @{ */

/** One permission. Values are bits so that sets are ::ach_fc_permissions masks. */
typedef enum ach_fc_permission {
    ACH_FC_BALANCES = 1u << 0,       /**< "balances" */
    ACH_FC_OWNERSHIP = 1u << 1,      /**< "ownership" */
    ACH_FC_PAYMENT_METHOD = 1u << 2, /**< "payment_method": keeps the option to debit by ACH */
    ACH_FC_TRANSACTIONS = 1u << 3    /**< "transactions" */
} ach_fc_permission;

/** A set of permissions: a bitwise OR of ::ach_fc_permission values. */
typedef uint32_t ach_fc_permissions;

/** Every permission. */
#define ACH_FC_PERMISSIONS_ALL                                                               \
    ((ach_fc_permissions)(ACH_FC_BALANCES | ACH_FC_OWNERSHIP | ACH_FC_PAYMENT_METHOD |         \
                          ACH_FC_TRANSACTIONS))
/** The permissions that may be prefetched (R-FC-1): payment_method cannot. */
#define ACH_FC_PREFETCHABLE                                                                  \
    ((ach_fc_permissions)(ACH_FC_BALANCES | ACH_FC_OWNERSHIP | ACH_FC_TRANSACTIONS))
/** Buffer size that always fits ach_fc_permissions_format() output (every name, commas, NUL). */
#define ACH_FC_PERMISSIONS_FORMAT_SIZE 48

/**
 * The API name of one permission ("balances", "ownership", "payment_method", "transactions").
 * @return static storage, never NULL; "unknown" when `p` is not exactly one permission.
 */
ACH_EXTERN const char *ach_fc_permission_name(ach_fc_permission p) ACH_CONST;

/**
 * Parses exactly `len` bytes of a comma-separated list of permission names, such as
 * "balances,transactions" (no spaces, case-sensitive, as the API spells them). The empty string
 * is the empty set; whether a set may be empty is for ach_fc_permissions_validate() to say.
 * @param[out] out the set; untouched on failure.
 * @return ACH_OK; ACH_EFC_PERMISSIONS for an unknown name, an empty item or a name listed twice,
 *         with err->column at the item (1-based) and err->field "permissions".
 */
ACH_EXTERN ach_status ach_fc_permissions_parse(ach_fc_permissions *out, const char *text,
                                               size_t len, ach_error *err) ACH_WARN_UNUSED;

/**
 * Writes `set` as a comma-separated list in the canonical order balances, ownership,
 * payment_method, transactions ("" for the empty set) into `buf` of `cap` bytes (always
 * NUL-terminated when cap > 0, truncated if needed; ACH_FC_PERMISSIONS_FORMAT_SIZE always fits).
 * Bits that are not permissions are ignored.
 * @return the length the full text needs, excluding the NUL (as snprintf).
 */
ACH_EXTERN size_t ach_fc_permissions_format(char *buf, size_t cap, ach_fc_permissions set);

/**
 * R-FC-1: `permissions` must be a non-empty subset of {balances, ownership, payment_method,
 * transactions}; `prefetch` a (possibly empty) subset of {balances, ownership, transactions}
 * each of which is also in `permissions`.
 * @return ACH_OK; ACH_EFC_PERMISSIONS (empty set or unknown bits; err->field "permissions");
 *         ACH_EFC_PREFETCH (payment_method prefetched, unknown bits, or a prefetched permission
 *         that is not requested; err->field "prefetch", the message names the permission).
 */
ACH_EXTERN ach_status ach_fc_permissions_validate(ach_fc_permissions permissions,
                                                  ach_fc_permissions prefetch,
                                                  ach_error *err) ACH_WARN_UNUSED;

/**
 * R-FC-2: the permissions in `wanted` that `granted` lacks. Widening needs a new session in
 * which the holder consents again: the answer is non-zero exactly when a new session is needed.
 * Narrowing (wanted ⊂ granted) never needs one. Bits that are not permissions are ignored.
 */
ACH_EXTERN ach_fc_permissions ach_fc_permissions_widening(ach_fc_permissions granted,
                                                          ach_fc_permissions wanted) ACH_CONST;

/** R-FC-2: true when reading `wanted` needs a new session after `granted` was consented to. */
ACH_EXTERN bool ach_fc_needs_new_session(ach_fc_permissions granted,
                                         ach_fc_permissions wanted) ACH_CONST;

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Use cases and least privilege (R-FC-7)
 * @{ */

/** A declared use case. Values are bits: a session may declare several. */
typedef enum ach_fc_use_case {
    /** "personal_finance": personal finance management, expense tracking → transactions. */
    ACH_FC_USE_PERSONAL_FINANCE = 1u << 0,
    /** "lending": lending or credit risk assessment (including a balance check before a debit)
     *  → transactions and balances. */
    ACH_FC_USE_LENDING = 1u << 1,
    /** "fraud_reduction": fraud reduction at sign-up, such as account takeover → ownership. */
    ACH_FC_USE_FRAUD_REDUCTION = 1u << 2,
    /** "ach_payments": keeping the option to debit the account by ACH → payment_method. */
    ACH_FC_USE_ACH_PAYMENTS = 1u << 3
} ach_fc_use_case;

/** A set of use cases: a bitwise OR of ::ach_fc_use_case values. */
typedef uint32_t ach_fc_use_cases;

/** Every use case. */
#define ACH_FC_USE_ALL                                                                       \
    ((ach_fc_use_cases)(ACH_FC_USE_PERSONAL_FINANCE | ACH_FC_USE_LENDING |                     \
                        ACH_FC_USE_FRAUD_REDUCTION | ACH_FC_USE_ACH_PAYMENTS))

/**
 * The name of one use case ("personal_finance", "lending", "fraud_reduction", "ach_payments").
 * @return static storage, never NULL; "unknown" when `u` is not exactly one use case.
 */
ACH_EXTERN const char *ach_fc_use_case_name(ach_fc_use_case u) ACH_CONST;

/**
 * Parses exactly `len` bytes of a comma-separated list of use-case names, such as
 * "lending,ach_payments" (same syntax as ach_fc_permissions_parse()).
 * @param[out] out the set; untouched on failure.
 * @return ACH_OK; ACH_EINVAL for an unknown name, an empty item or a name listed twice, with
 *         err->column at the item and err->field "use_case".
 */
ACH_EXTERN ach_status ach_fc_use_cases_parse(ach_fc_use_cases *out, const char *text, size_t len,
                                             ach_error *err) ACH_WARN_UNUSED;

/**
 * R-FC-7: the minimal permission set for `uses` (the union over every declared use case):
 * personal_finance → transactions; lending → transactions, balances; fraud_reduction →
 * ownership; ach_payments → payment_method. 0 for no (or only unknown) use cases.
 */
ACH_EXTERN ach_fc_permissions ach_fc_minimal_permissions(ach_fc_use_cases uses) ACH_CONST;

/** The verdict of ach_fc_review_request(). */
typedef enum ach_fc_request_verdict {
    ACH_FC_REQUEST_MINIMAL = 0,  /**< exactly what the use cases need */
    ACH_FC_REQUEST_OVER_BROAD,   /**< asks for permissions the use cases do not need (flagged) */
    ACH_FC_REQUEST_INSUFFICIENT, /**< lacks a permission the use cases need, asks nothing extra */
    ACH_FC_REQUEST_MIXED         /**< both: something extra and something missing */
} ach_fc_request_verdict;

/** A least-privilege review of a session request (R-FC-7). */
typedef struct ach_fc_request_review {
    ach_fc_request_verdict verdict;
    ach_fc_permissions minimal; /**< what the declared use cases need */
    ach_fc_permissions excess;  /**< requested but not needed: each bit is a flagged permission */
    ach_fc_permissions missing; /**< needed but not requested */
} ach_fc_request_review;

/**
 * R-FC-7: reviews a request for `requested` permissions against its declared use cases: gives
 * the minimal set and flags each requested permission the use cases do not need (over-broad
 * requests cost the user's trust).
 * @param[out] out the review; untouched on failure.
 * @return ACH_OK; ACH_EINVAL when `uses` is empty or has unknown bits (err->field "use_case");
 *         ACH_EFC_PERMISSIONS when `requested` is empty or has unknown bits.
 */
ACH_EXTERN ach_status ach_fc_review_request(ach_fc_request_review *out, ach_fc_use_cases uses,
                                            ach_fc_permissions requested,
                                            ach_error *err) ACH_WARN_UNUSED;

/** A static English name of a verdict ("minimal", "over_broad", "insufficient", "mixed"). */
ACH_EXTERN const char *ach_fc_request_verdict_name(ach_fc_request_verdict v) ACH_CONST;

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Client secret (R-FC-3, R-SEC-1)
 * @{ */

/**
 * A session's client secret, held opaque. The bytes are stored masked (XOR with a fixed
 * pattern, not NUL-terminated), so that printing, logging or dumping the struct by mistake never
 * shows the secret. This guards against accidental exposure only; it is not encryption.
 * Do not read the fields: use ach_fc_secret_reveal() to hand the secret to the end user's client
 * (and nowhere else), and ach_fc_secret_wipe() when it is no longer needed. R-FC-3 forbids
 * storing the secret: keep this value in memory only, for as long as the hand-over takes.
 */
typedef struct ach_fc_secret {
    uint16_t len;                                 /**< 0 when no secret is held */
    unsigned char masked[ACH_FC_SECRET_MAX];      /**< opaque */
} ach_fc_secret;

/** The text that stands in for a client secret in every libach output. */
#define ACH_FC_REDACTED "[REDACTED]"

/**
 * Takes a copy of the client secret in exactly `len` bytes of `text` (printable ASCII, no
 * spaces, 1..ACH_FC_SECRET_MAX bytes). Error messages never contain any byte of the secret.
 * @param[out] out the secret; untouched on failure.
 * @return ACH_OK; ACH_EFC when empty or when a byte is not printable ASCII (the message gives its
 *         position only); ACH_ETOOLONG when longer than ACH_FC_SECRET_MAX. err->field is
 *         "client_secret".
 */
ACH_EXTERN ach_status ach_fc_secret_set(ach_fc_secret *out, const char *text, size_t len,
                                        ach_error *err) ACH_WARN_UNUSED;

/** True when `s` holds a secret. */
ACH_EXTERN bool ach_fc_secret_is_set(const ach_fc_secret *s) ACH_PURE;

/**
 * Writes the secret and a NUL into `buf` of `cap` bytes, for handing to the end user's client
 * only (R-FC-3: never to a log, a URL, a report or anyone else). The caller should wipe `buf`
 * after use.
 * @param[out] len the secret's length (excluding the NUL), also on ACH_EBUFS; may be NULL.
 * @return ACH_OK; ACH_ENOTFOUND when no secret is held; ACH_EBUFS when cap <= length (`buf`
 *         untouched).
 */
ACH_EXTERN ach_status ach_fc_secret_reveal(char *buf, size_t cap, size_t *len,
                                           const ach_fc_secret *s, ach_error *err) ACH_WARN_UNUSED;

/** Erases the secret (every byte, in a way the compiler cannot elide). Accepts NULL. */
ACH_EXTERN void ach_fc_secret_wipe(ach_fc_secret *s);

/**
 * Copies `len` bytes of `text` into `out` with every client secret replaced by ACH_FC_REDACTED
 * (R-FC-3): each occurrence of the secret held in `secret` (when not NULL and set), and every word
 * that looks like a client secret whatever its value — a run of ASCII letters, digits and `_`
 * that contains "_secret_" (Stripe's form "fcsess_…_secret_…"). Use it on any text that may
 * carry a secret before it reaches a log. `out` is always NUL-terminated when cap > 0; it may
 * be NULL when cap is 0 (to learn the size needed).
 * @param[out] out_len the length of the redacted text (excluding the NUL), also on ACH_EBUFS so a
 *             caller can size `out` (cap >= *out_len + 1); may be NULL.
 * @return ACH_OK; ACH_EBUFS when `out` is too small: it then holds the redacted text truncated
 *         to cap − 1 bytes (redaction happens first, so a truncated text never shows a secret).
 */
ACH_EXTERN ach_status ach_fc_redact(char *out, size_t cap, size_t *out_len,
                                    const ach_fc_secret *secret, const char *text, size_t len,
                                    ach_error *err) ACH_WARN_UNUSED;

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Linked accounts (R-FC-4, R-FC-6)
 * @{ */

/** Account category. */
typedef enum ach_fc_category {
    ACH_FC_CATEGORY_CASH = 0,
    ACH_FC_CATEGORY_CREDIT,
    ACH_FC_CATEGORY_INVESTMENT,
    ACH_FC_CATEGORY_OTHER
} ach_fc_category;

/** Account subcategory. cash: checking, savings, other; credit: credit_card, line_of_credit,
 *  mortgage, other; investment and other: other. */
typedef enum ach_fc_subcategory {
    ACH_FC_SUB_OTHER = 0,
    ACH_FC_SUB_CHECKING,
    ACH_FC_SUB_SAVINGS,
    ACH_FC_SUB_CREDIT_CARD,
    ACH_FC_SUB_LINE_OF_CREDIT,
    ACH_FC_SUB_MORTGAGE
} ach_fc_subcategory;

/** Account status. */
typedef enum ach_fc_account_status {
    ACH_FC_STATUS_ACTIVE = 0,
    ACH_FC_STATUS_INACTIVE,
    ACH_FC_STATUS_DISCONNECTED
} ach_fc_account_status;

/** What an account or routing number field holds (R-FC-4). */
typedef enum ach_fc_number_kind {
    ACH_FC_NUMBER_NONE = 0, /**< not obtained */
    ACH_FC_NUMBER_REAL,     /**< the real number: ASCII digits */
    ACH_FC_NUMBER_TOKEN     /**< an opaque token: never a routable number */
} ach_fc_number_kind;

/** A labelled account or routing number. A real number follows R-ACC-2 as checked by the
 *  validators module (ach/routing.h): an account number is 4–17 ASCII digits, a routing number
 *  9 digits with a valid ABA checksum and an ACH prefix; a token is 1–63 printable ASCII bytes
 *  with no space. */
typedef struct ach_fc_number {
    ach_fc_number_kind kind;
    char value[ACH_FC_NUMBER_SIZE];
} ach_fc_number;

/** Balance type. */
typedef enum ach_fc_balance_type {
    ACH_FC_BALANCE_CASH = 0, /**< cash accounts: `cash_available` applies */
    ACH_FC_BALANCE_CREDIT    /**< credit accounts: `credit_used` applies */
} ach_fc_balance_type;

/** A balance in one currency, in minor units (cents). */
typedef struct ach_fc_balance_amount {
    char currency[ACH_FC_CURRENCY_SIZE]; /**< "usd" */
    int64_t current;                     /**< the current balance */
    bool has_cash_available;             /**< cash_available is known */
    int64_t cash_available;              /**< funds available to spend or withdraw (cash type) */
    bool has_credit_used;                /**< credit_used is known */
    int64_t credit_used;                 /**< credit in use (credit type) */
} ach_fc_balance_amount;

/** An account balance as of one instant, in up to ACH_FC_BALANCE_CURRENCIES_MAX currencies. */
typedef struct ach_fc_balance {
    ach_instant as_of;
    ach_fc_balance_type type;
    size_t count; /**< entries used in `amounts` */
    ach_fc_balance_amount amounts[ACH_FC_BALANCE_CURRENCIES_MAX];
} ach_fc_balance;

/** One owner of an account, as the institution reports it (every field UTF-8, may be ""
 *  except `name`). */
typedef struct ach_fc_owner {
    char name[ACH_FC_NAME_SIZE];
    char email[ACH_FC_EMAIL_SIZE];
    char phone[ACH_FC_PHONE_SIZE];
    char raw_address[ACH_FC_ADDRESS_SIZE];
} ach_fc_owner;

/** Transaction status. */
typedef enum ach_fc_transaction_status {
    ACH_FC_TXN_PENDING = 0,
    ACH_FC_TXN_POSTED,
    ACH_FC_TXN_VOID
} ach_fc_transaction_status;

/** One transaction. */
typedef struct ach_fc_transaction {
    char id[ACH_FC_ID_SIZE];
    int64_t amount;                      /**< cents: positive into the account, negative out */
    char currency[ACH_FC_CURRENCY_SIZE]; /**< "usd" */
    ach_fc_transaction_status status;
    ach_instant transacted_at;
    char description[ACH_FC_DESCRIPTION_SIZE];
} ach_fc_transaction;

/**
 * A linked account (R-FC-4). Balances, owners and transactions are present only where their
 * permission was granted; read them with ach_fc_account_balance(), ach_fc_account_owners() and
 * ach_fc_account_transactions(), which enforce R-FC-6. `owners` and `transactions` are borrowed.
 */
typedef struct ach_fc_account {
    char id[ACH_FC_ID_SIZE];                       /**< "fca_…", required */
    ach_fc_category category;
    ach_fc_subcategory subcategory;
    char display_name[ACH_FC_TEXT_SIZE];           /**< "Premium Checking" */
    char institution_name[ACH_FC_TEXT_SIZE];       /**< "Test Bank" */
    char last4[5];                                 /**< exactly 4 ASCII digits */
    ach_fc_number account_number;                  /**< real or token (R-FC-4) */
    ach_fc_number routing_number;                  /**< real or token (R-FC-4) */
    ach_fc_account_status status;
    ach_fc_permissions permissions;                /**< what the holder granted for it */
    bool has_balance;                              /**< `balance` was fetched */
    ach_fc_balance balance;
    const ach_fc_owner *owners;                    /**< borrowed; NULL when owner_count is 0 */
    size_t owner_count;
    const ach_fc_transaction *transactions;        /**< borrowed; NULL when transaction_count is 0 */
    size_t transaction_count;
} ach_fc_account;

/** Names of the enums above, as the API spells them ("cash", "checking", "active", "real",
 *  "posted"…). Static storage, never NULL; "unknown" for a value out of range. */
ACH_EXTERN const char *ach_fc_category_name(ach_fc_category c) ACH_CONST;
ACH_EXTERN const char *ach_fc_subcategory_name(ach_fc_subcategory s) ACH_CONST;
ACH_EXTERN const char *ach_fc_account_status_name(ach_fc_account_status s) ACH_CONST;
ACH_EXTERN const char *ach_fc_number_kind_name(ach_fc_number_kind k) ACH_CONST;
ACH_EXTERN const char *ach_fc_transaction_status_name(ach_fc_transaction_status s) ACH_CONST;

/**
 * Checks one linked account: id present (printable ASCII, no space); enums in range and the
 * subcategory consistent with the category; `last4` exactly 4 ASCII digits (R-FC-4); numbers
 * well formed for their kind (a real one checked by ach_account_number_validate() or
 * ach_routing_validate(), R-ACC-2), and a real account number ending in `last4`; `permissions` a
 * subset of `granted` (the session's permissions; pass ACH_FC_PERMISSIONS_ALL when unknown);
 * data present only where permitted (R-FC-6): a balance needs balances, owners need ownership,
 * transactions need transactions, an account or routing number needs payment_method; balance
 * amounts in distinct lowercase 3-letter currencies; owners with a name; transactions with a
 * known status and currency. Messages name the field (e.g. "account_number") and never contain
 * a number beyond its last 4 digits (R-SEC-1).
 * @return ACH_OK; ACH_EFC (malformed field; err->field names it); the account-number and
 *         routing-number codes of ach/routing.h (ACH_EACCOUNT_*, ACH_EROUTING_*; err->field
 *         "account_number" or "routing_number"); ACH_EFC_PERMISSIONS
 *         (`permissions` has bits that are not permissions); ACH_EPERMISSION (data or a
 *         permission that was not granted); ACH_EINVAL (a count > 0 with a NULL array, or more
 *         than ACH_FC_BALANCE_CURRENCIES_MAX balance entries).
 */
ACH_EXTERN ach_status ach_fc_account_validate(const ach_fc_account *account,
                                              ach_fc_permissions granted,
                                              ach_error *err) ACH_WARN_UNUSED;

/**
 * R-FC-6: the account's balance, only when balances were permitted.
 * @param[out] out points into `account`; untouched on failure.
 * @return ACH_OK; ACH_EPERMISSION (balances not granted; err->field "balance"); ACH_ENOTFOUND
 *         (permitted but not fetched yet).
 */
ACH_EXTERN ach_status ach_fc_account_balance(const ach_fc_balance **out,
                                             const ach_fc_account *account,
                                             ach_error *err) ACH_WARN_UNUSED;

/**
 * R-FC-6: the account's owners, only when ownership was permitted. An empty list is ACH_OK.
 * @param[out] out the borrowed array (NULL when empty); untouched on failure.
 * @param[out] count its length; untouched on failure.
 * @return ACH_OK; ACH_EPERMISSION (ownership not granted; err->field "ownership").
 */
ACH_EXTERN ach_status ach_fc_account_owners(const ach_fc_owner **out, size_t *count,
                                            const ach_fc_account *account,
                                            ach_error *err) ACH_WARN_UNUSED;

/**
 * R-FC-6: the account's transactions, only when transactions were permitted. An empty list is
 * ACH_OK.
 * @param[out] out the borrowed array (NULL when empty); untouched on failure.
 * @param[out] count its length; untouched on failure.
 * @return ACH_OK; ACH_EPERMISSION (transactions not granted; err->field "transactions").
 */
ACH_EXTERN ach_status ach_fc_account_transactions(const ach_fc_transaction **out, size_t *count,
                                                  const ach_fc_account *account,
                                                  ach_error *err) ACH_WARN_UNUSED;

/** Buffer size for ach_fc_account_routable(): 17 digits and a NUL. */
#define ACH_FC_ACCOUNT_NUMBER_BUF 18
/** Buffer size for the routing number of ach_fc_account_routable(): 9 digits and a NUL. */
#define ACH_FC_ROUTING_NUMBER_BUF 10

/**
 * The real account and routing numbers, for building a debit. R-FC-4: a token is never treated
 * as a routable number. R-FC-6: numbers are read only under the payment_method permission.
 * @param[out] account_number the digits and a NUL; untouched on failure.
 * @param[out] routing_number the digits and a NUL; untouched on failure.
 * @return ACH_OK; ACH_EPERMISSION (payment_method not granted); ACH_EFC_TOKENIZED (either number
 *         is a token; err->field names which); ACH_ENOTFOUND (a number was not obtained); the
 *         ACH_EACCOUNT_* and ACH_EROUTING_* codes of ach/routing.h for a malformed real number
 *         (R-ACC-2; err->field "account_number" or "routing_number"); ACH_EFC when a number
 *         field is not NUL-terminated.
 */
ACH_EXTERN ach_status ach_fc_account_routable(char account_number[ACH_FC_ACCOUNT_NUMBER_BUF],
                                              char routing_number[ACH_FC_ROUTING_NUMBER_BUF],
                                              const ach_fc_account *account,
                                              ach_error *err) ACH_WARN_UNUSED;

/** Buffer size for ach_fc_number_describe(). */
#define ACH_FC_NUMBER_DESCRIBE_SIZE 24

/**
 * A safe description of a number for logs and reports (R-SEC-1: last 4 only, R-FC-4: labelled):
 * "real ending 6789", "token" or "none". A token's value is never shown.
 * @return `buf` (ACH_FC_NUMBER_DESCRIBE_SIZE bytes, NUL-terminated).
 */
ACH_EXTERN char *ach_fc_number_describe(char buf[ACH_FC_NUMBER_DESCRIBE_SIZE],
                                        const ach_fc_number *number);

/**
 * R-ACC-4: a bank account obtained through Financial Connections is `verified` at once, with no
 * micro-deposits. This says whether `account` qualifies as such a payment source: it is active,
 * and payment_method was granted (R-FC-1, R-FC-6). A tokenized number qualifies (the processor
 * resolves the token); building a debit from it does not (see ach_fc_account_routable()).
 * To move an ::ach_bank_account to `verified` on this ground, use ach_fc_verify_bank_account().
 * @return ACH_OK when the bank account is verified at once; ACH_EPERMISSION (payment_method not
 *         granted); ACH_EFC (the account is inactive or disconnected; err->field "status").
 */
ACH_EXTERN ach_status ach_fc_account_verifies_instantly(const ach_fc_account *account,
                                                        ach_error *err) ACH_WARN_UNUSED;

/**
 * R-ACC-4: verifies `bank` (ach/account.h) at once because it is the account linked through
 * Financial Connections as `linked`. The status change itself is ach_account_verify_instant()'s
 * (the transition table of ach/account.h; `customer.source.updated` with status "verified" goes
 * to env->on_event); this function only decides that Financial Connections vouches for `bank`:
 *
 * 1. `linked` qualifies (ach_fc_account_verifies_instantly(): active, payment_method granted);
 * 2. its account and routing numbers are real, not tokens (ach_fc_account_routable(), R-FC-4):
 *    a token cannot be compared with a bank account's digits, so it vouches for nothing here;
 * 3. they equal `bank`'s routing and account numbers exactly.
 *
 * On any failure `bank` is untouched and no event is emitted. Messages show at most the last 4
 * digits of either number (R-SEC-1).
 * @return ACH_OK; from step 1 ACH_EPERMISSION or ACH_EFC (field "status"); from step 2
 *         ACH_EFC_TOKENIZED, ACH_ENOTFOUND, the ACH_EACCOUNT_* / ACH_EROUTING_* codes or ACH_EFC;
 *         ACH_EFC (field "account_number" or "routing_number") when `bank` is another account;
 *         then every status of ach_account_verify_instant(): ACH_EVERIFY_LOCKED
 *         (verification_failed), ACH_ETRANSITION (already verified, or errored), ACH_EINVAL /
 *         ACH_ERANGE (env and `at`).
 */
ACH_EXTERN ach_status ach_fc_verify_bank_account(ach_bank_account *bank, const ach_env *env,
                                                 const ach_fc_account *linked, ach_instant at,
                                                 ach_error *err) ACH_WARN_UNUSED;

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Sessions and events (R-FC-1, R-FC-3, R-FC-4; SPEC §7)
 * @{ */

/**
 * A Financial Connections session and its result. `accounts` is borrowed; an abandoned flow (the
 * holder linked nothing or left the flow) has account_count 0, which is valid (R-FC-4).
 */
typedef struct ach_fc_session {
    char id[ACH_FC_ID_SIZE];         /**< "fcsess_…", required */
    char customer[ACH_FC_ID_SIZE];   /**< the account holder: a customer id, required */
    ach_fc_permissions permissions;  /**< non-empty (R-FC-1) */
    ach_fc_permissions prefetch;     /**< subset of permissions, never payment_method */
    ach_fc_secret client_secret;     /**< may be unset; never printed (R-FC-3) */
    const ach_fc_account *accounts;  /**< borrowed; NULL when account_count is 0 */
    size_t account_count;
} ach_fc_session;

/**
 * Checks a session: ids present, permissions and prefetch (ach_fc_permissions_validate()),
 * every account (ach_fc_account_validate() with the session's permissions; err->field is
 * prefixed "accounts[i]."), and no account id listed twice. Zero accounts is valid.
 * @return ACH_OK; ACH_EFC; ACH_EFC_PERMISSIONS; ACH_EFC_PREFETCH; ACH_EPERMISSION; ACH_EINVAL;
 *         the ACH_EACCOUNT_* / ACH_EROUTING_* codes; ACH_EDUPLICATE (an account id twice).
 */
ACH_EXTERN ach_status ach_fc_session_validate(const ach_fc_session *session,
                                              ach_error *err) ACH_WARN_UNUSED;

/**
 * A one-line description of a session for logs, such as
 * "fcsess_123 customer=cus_9 permissions=balances,payment_method prefetch=balances
 * client_secret=[REDACTED] accounts=1". The client secret is never written (R-FC-3): when set it
 * shows as ACH_FC_REDACTED, otherwise "none". Ids are copied as given (they are not secrets);
 * any id that looks like a client secret is redacted too.
 * @return the length the full line needs, excluding the NUL (as snprintf); `buf` is always
 *         NUL-terminated when cap > 0.
 */
ACH_EXTERN size_t ach_fc_session_format(char *buf, size_t cap, const ach_fc_session *session);

/**
 * SPEC §7: one `financial_connections.account.created` event per linked account of `session`,
 * in order, delivered to env->on_event (ach/event.h, the same callback the payment rules use;
 * pass ach_event_buffer_push to collect them). An abandoned flow (no accounts) emits none and is
 * ACH_OK (R-FC-4). The session is checked first with ach_fc_session_validate(): on any failure
 * nothing is emitted.
 *
 * Each event: type ACH_EVENT_FINANCIAL_CONNECTIONS_ACCOUNT_CREATED; `created` = `at`;
 * `business_date` its processing date (R-CAL-4, from env->calendar); `id` the linked account's
 * id (points into session->accounts[i]); `customer` the session's customer (points into
 * `session`); every other string "" and number 0. No event carries the session id, a number or
 * the client secret (R-FC-3, R-SEC-1).
 * @return ACH_OK; every status of ach_fc_session_validate(); ACH_EINVAL (env NULL or without a
 *         calendar; err->field "calendar"); ACH_ERANGE (`at` outside the calendar).
 */
ACH_EXTERN ach_status ach_fc_session_events(const ach_fc_session *session, const ach_env *env,
                                            ach_instant at, ach_error *err) ACH_WARN_UNUSED;

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Ownership match (R-FC-5)
 *
 * Compares a customer's name with an account owner's name to reduce fraud at sign-up. The
 * algorithm, step by step:
 *
 * 1. **Normalise** both names with ach_name_normalize() (validators module, utf8proc): UTF-8 to
 *    uppercase ASCII, accents transliterated ("Müller, José" → "MULLER, JOSE").
 * 2. **Tokenise** on everything that is not a letter or digit (space , . / ; & - and the like);
 *    an apostrophe joins ("O'Brien" → OBRIEN), so does nothing else: "J.R." gives J and R,
 *    "García-López" gives GARCIA and LOPEZ.
 * 3. **Drop** honorifics and titles (MR MRS MS MISS MX DR PROF SIR DAME MADAM MME MLLE HERR FRAU
 *    SR SRA SRTA), generational suffixes (JR SR II III IV) and company suffixes and
 *    articles (INC INCORPORATED LLC LLP LP LTD LIMITED CO CORP CORPORATION COMPANY PLC GMBH AG SA
 *    SAS SARL SRL SPA BV NV KK PTY THE), wherever they stand. If that leaves nothing, the
 *    undropped tokens are kept (a company named "The Co" still compares).
 * 4. **Pair** tokens one-to-one, ignoring order: first identical tokens, then an initial (a
 *    one-letter token) with an unpaired full token starting with that letter.
 * 5. **Score** 0–100, symmetric: with n_a and n_b tokens and W the summed pair weight (10 for
 *    an identical pair, 7 for an initial pair), score = ⌊5·W·(n_a + n_b) / (n_a·n_b)⌋, the mean
 *    of the two sides' weighted coverage. Middle names on one side only cost a little
 *    ("JOHN SMITH" vs "JOHN PAUL SMITH" = 83), an initial a little more ("J SMITH" vs
 *    "JOHN SMITH" = 85), but initials alone do not match ("A B" vs "ALICE BROWN" = 70); a
 *    single shared surname is partial ("JOHN SMITH" vs "JANE SMITH" = 50, "SMITH" vs
 *    "JOHN SMITH" = 75); nothing in common is 0.
 * 6. **Decide**: score ≥ ACH_FC_MATCH_THRESHOLD (80) is a match, ≥ ACH_FC_PARTIAL_THRESHOLD
 *    (50) is partial, below is no match. The reason is the most telling difference: exact (same
 *    tokens in the same order), reordered, initials, extra names on one side, differing names, or
 *    nothing in common; `notes` also records whether titles or suffixes were dropped.
 * 7. **Address** (optional, ach_fc_ownership_match() only): addresses are normalised and
 *    tokenised the same way (no dropping), common USPS words are abbreviated (STREET → ST,
 *    AVENUE → AVE, APARTMENT → APT …) and scored alike. An address with no match (score below
 *    50) turns a name match into partial (reason address_mismatch); it never raises a verdict.
 * @{ */

/** Scores at or above this are a match. */
#define ACH_FC_MATCH_THRESHOLD 80
/** Scores at or above this (and below ACH_FC_MATCH_THRESHOLD) are a partial match. */
#define ACH_FC_PARTIAL_THRESHOLD 50
/** Most tokens a name or address may have after tokenising. */
#define ACH_FC_MATCH_MAX_TOKENS 64

/** The verdict of an ownership match. */
typedef enum ach_fc_match_verdict {
    ACH_FC_MATCH_NONE = 0, /**< "no_match" */
    ACH_FC_MATCH_PARTIAL,  /**< "partial" */
    ACH_FC_MATCH_FULL      /**< "match" */
} ach_fc_match_verdict;

/** The main reason of an ownership match's verdict. */
typedef enum ach_fc_match_reason {
    ACH_FC_REASON_EXACT = 0,          /**< "exact": same tokens, same order */
    ACH_FC_REASON_REORDERED,          /**< "reordered": same tokens, another order */
    ACH_FC_REASON_INITIALS,           /**< "initials": every token paired, some by an initial */
    ACH_FC_REASON_EXTRA_NAMES,        /**< "extra_names": one side has names the other lacks */
    ACH_FC_REASON_DIFFERENT_NAMES,    /**< "different_names": each side has unpaired names */
    ACH_FC_REASON_NOTHING_IN_COMMON,  /**< "nothing_in_common": no token pairs */
    ACH_FC_REASON_NO_OWNERS,          /**< "no_owners": the account lists no owner */
    ACH_FC_REASON_ADDRESS_MISMATCH    /**< "address_mismatch": names match, addresses do not */
} ach_fc_match_reason;

/** Bits of ach_fc_match.notes: every difference seen, besides the main reason. */
enum {
    ACH_FC_NOTE_REORDERED = 1u << 0, /**< paired tokens stand in another order */
    ACH_FC_NOTE_INITIALS = 1u << 1,  /**< at least one pair is an initial */
    ACH_FC_NOTE_EXTRA = 1u << 2,     /**< some tokens are unpaired */
    ACH_FC_NOTE_DROPPED = 1u << 3    /**< an honorific, generational or company suffix was dropped */
};

/** The result of an ownership match. */
typedef struct ach_fc_match {
    ach_fc_match_verdict verdict;
    ach_fc_match_reason reason;
    uint32_t notes;        /**< ACH_FC_NOTE_* bits */
    int score;             /**< 0..100 (the name score) */
    size_t owner;          /**< ach_fc_ownership_match(): index of the best owner; else 0 */
    bool address_checked;  /**< an address was compared */
    int address_score;     /**< 0..100 when address_checked */
} ach_fc_match;

/**
 * Compares two names (exactly `customer_len` and `owner_len` bytes of UTF-8) as documented
 * above.
 * @param[out] out the result; untouched on failure.
 * @return ACH_OK (whatever the verdict); the name normaliser's errors for either name
 *         (ACH_ENAME_UTF8, ACH_ENAME_CONTROL, ACH_ENAME_SCRIPT, ACH_ENAME_EMPTY, ACH_ENAME_TOOLONG;
 *         err->field "customer_name" or "owner_name"); ACH_ETOOLONG (more than
 *         ACH_FC_MATCH_MAX_TOKENS tokens).
 */
ACH_EXTERN ach_status ach_fc_name_match(ach_fc_match *out, const char *customer,
                                        size_t customer_len, const char *owner, size_t owner_len,
                                        ach_error *err) ACH_WARN_UNUSED;

/**
 * R-FC-5, R-FC-6: compares a customer's name, and optionally address, with every owner of
 * `account` and keeps the best (highest verdict, then highest score, then the first owner). An
 * account with no owners gives verdict none, reason no_owners, score 0. `customer_address` may
 * be NULL (not compared). Bank data varies, so an owner whose raw_address is empty or cannot be
 * normalised is compared by name only, and an owner whose name cannot be normalised is skipped;
 * the call fails on owner data only when no owner could be compared.
 * @param[out] out the result; untouched on failure.
 * @return ACH_OK; ACH_EPERMISSION (ownership not granted); the errors of ach_fc_name_match()
 *         for the customer's name or address (err->field "customer_name" or
 *         "customer_address"), or for the first owner's name when no owner could be compared
 *         (err->field "owners[i].name").
 */
ACH_EXTERN ach_status ach_fc_ownership_match(ach_fc_match *out, const ach_fc_account *account,
                                             const char *customer_name, size_t name_len,
                                             const char *customer_address, size_t address_len,
                                             ach_error *err) ACH_WARN_UNUSED;

/** "no_match", "partial" or "match"; "unknown" for another value. Static storage. */
ACH_EXTERN const char *ach_fc_match_verdict_name(ach_fc_match_verdict v) ACH_CONST;
/** The reason's name ("exact", "reordered", …); "unknown" for another value. Static storage. */
ACH_EXTERN const char *ach_fc_match_reason_name(ach_fc_match_reason r) ACH_CONST;

/**
 * One English sentence explaining `m`, such as "partial (score 50): each side has names the
 * other lacks". Written into `buf` of `cap` bytes, NUL-terminated when cap > 0.
 * @return the length the full text needs, excluding the NUL (as snprintf).
 */
ACH_EXTERN size_t ach_fc_match_explain(char *buf, size_t cap, const ach_fc_match *m);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Balance and transaction risk (R-FC-5)
 * @{ */

/** The verdict of a balance check before a debit. */
typedef enum ach_fc_balance_verdict {
    ACH_FC_BALANCE_SUFFICIENT = 0, /**< "sufficient": the figure covers the amount */
    ACH_FC_BALANCE_INSUFFICIENT,   /**< "insufficient": the figure is below the amount */
    ACH_FC_BALANCE_STALE,          /**< "stale": the balance is older than allowed */
    ACH_FC_BALANCE_UNKNOWN         /**< "unknown": no permission, no data or no such currency */
} ach_fc_balance_verdict;

/** The result of ach_fc_balance_check(). */
typedef struct ach_fc_balance_risk {
    ach_fc_balance_verdict verdict;
    bool compared;         /**< a figure was compared (also when stale) */
    bool used_available;   /**< the figure is cash_available (else current) */
    int64_t figure;        /**< the balance compared, cents */
    int64_t shortfall;     /**< amount − figure when positive, else 0 */
    int64_t age;           /**< seconds between the balance's as_of and `now` (0 if as_of is later) */
} ach_fc_balance_risk;

/**
 * R-FC-5: can the account cover a debit of `amount` cents in `currency` ("usd")? In order:
 * balances not permitted, no balance fetched, a credit-type balance or no entry in `currency` →
 * unknown; the balance older than `max_age` seconds (age > max_age; an age equal to max_age is
 * fresh) → stale; the figure — cash_available when known, else current — below the amount →
 * insufficient (one cent short is insufficient); otherwise sufficient (an equal amount is
 * sufficient). Not permitted is a verdict here, not an error: nothing is read.
 * @param[out] out the result; untouched on failure.
 * @return ACH_OK; ACH_EAMOUNT (amount <= 0); ACH_ECURRENCY (currency not 3 lowercase letters);
 *         ACH_EINVAL (max_age < 0).
 */
ACH_EXTERN ach_status ach_fc_balance_check(ach_fc_balance_risk *out,
                                           const ach_fc_account *account, int64_t amount,
                                           const char *currency, ach_instant now,
                                           int64_t max_age, ach_error *err) ACH_WARN_UNUSED;

/** "sufficient", "insufficient", "stale" or "unknown"; "unknown" for another value. */
ACH_EXTERN const char *ach_fc_balance_verdict_name(ach_fc_balance_verdict v) ACH_CONST;

/** Transaction features over a window, for risk. */
typedef struct ach_fc_transaction_features {
    size_t considered;      /**< posted transactions in the window and currency */
    size_t inflow_count;    /**< posted, amount > 0 */
    int64_t inflow_total;   /**< cents */
    size_t outflow_count;   /**< posted, amount < 0 */
    int64_t outflow_total;  /**< cents, as a positive magnitude */
    size_t nsf_count;       /**< descriptions that read as NSF / insufficient funds / overdraft */
    size_t return_count;    /**< descriptions that read as a returned item or ACH return */
    size_t skipped;         /**< in the window but pending, void or another currency */
} ach_fc_transaction_features;

/**
 * R-FC-5: counts and totals of posted inflows and outflows in `currency` with transacted_at in
 * [from, to) (half-open), and the posted transactions whose description reads as an NSF or a
 * return. Descriptions are compared word by word, case-insensitively on ASCII letters: NSF,
 * NON-SUFFICIENT / NONSUFFICIENT / "NON SUFFICIENT", "INSUFFICIENT FUNDS", OVERDRAFT, "OD FEE"
 * count as NSF; RETURNED, "RETURN ITEM", "ACH RETURN", "RETURN FEE", UNPAID, CHARGEBACK, and a
 * NACHA return code R01–R99 as a word count as returns. (Word by word: "TRANSFER" is not "NSF".)
 * A transaction may count as both.
 * @param[out] out the features; untouched on failure.
 * @return ACH_OK; ACH_EPERMISSION (transactions not granted); ACH_ECURRENCY; ACH_EINVAL
 *         (from > to); ACH_EOVERFLOW (a total does not fit in int64).
 */
ACH_EXTERN ach_status ach_fc_transaction_features_compute(ach_fc_transaction_features *out,
                                                          const ach_fc_account *account,
                                                          const char *currency, ach_instant from,
                                                          ach_instant to,
                                                          ach_error *err) ACH_WARN_UNUSED;

/** A policy for ach_fc_risk_decide(). */
typedef struct ach_fc_risk_policy {
    uint32_t review_at;        /**< NSF + return count at which to review (0 = never) */
    uint32_t refuse_at;        /**< NSF + return count at which to refuse (0 = never) */
    bool refuse_insufficient;  /**< an insufficient balance refuses (else reviews) */
    bool review_unknown;       /**< an unknown or stale balance reviews (else accepts) */
} ach_fc_risk_policy;

/** The default policy: review at 1 NSF or return, refuse at 3, refuse when the balance is
 *  insufficient, review when it is unknown or stale. */
#define ACH_FC_RISK_POLICY_INIT {1, 3, true, true}

/** A risk decision. */
typedef enum ach_fc_risk_action {
    ACH_FC_ACCEPT = 0, /**< "accept" */
    ACH_FC_REVIEW,     /**< "review" */
    ACH_FC_REFUSE      /**< "refuse" */
} ach_fc_risk_action;

/** Bits of ach_fc_risk_decision.reasons. */
enum {
    ACH_FC_RISK_INSUFFICIENT = 1u << 0,  /**< balance below the amount */
    ACH_FC_RISK_STALE = 1u << 1,         /**< balance too old */
    ACH_FC_RISK_UNKNOWN_BALANCE = 1u << 2, /**< no usable balance */
    ACH_FC_RISK_NSF_HISTORY = 1u << 3,   /**< NSF or return-like transactions at review_at */
    ACH_FC_RISK_NSF_REFUSE = 1u << 4     /**< ... at refuse_at */
};

/** A decision and every reason that contributed. */
typedef struct ach_fc_risk_decision {
    ach_fc_risk_action action;
    uint32_t reasons; /**< ACH_FC_RISK_* bits */
} ach_fc_risk_decision;

/**
 * Combines a balance check and transaction features under `policy` (NULL = the default policy):
 * the strictest action any rule asks for wins, and `reasons` records every rule that fired (also
 * those whose action the policy turns off). Rules: insufficient → refuse (or review when
 * refuse_insufficient is false); stale or unknown → review when review_unknown; NSF + return
 * count ≥ review_at → review; ≥ refuse_at → refuse. Either input may be NULL: it is then not
 * considered at all.
 * @return the decision.
 */
ACH_EXTERN ach_fc_risk_decision ach_fc_risk_decide(const ach_fc_balance_risk *balance,
                                                   const ach_fc_transaction_features *features,
                                                   const ach_fc_risk_policy *policy) ACH_PURE;

/** "accept", "review" or "refuse"; "unknown" for another value. Static storage. */
ACH_EXTERN const char *ach_fc_risk_action_name(ach_fc_risk_action a) ACH_CONST;

/** @} */

ACH_END_DECL

#endif /* ACH_FC_H */
