/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/returns.h
 * @brief NACHA return reason codes and Notification of Change codes: the tables, return windows,
 *        retry eligibility, NOC deadlines and return-rate thresholds (SPEC §11, R-RET-1 … R-RET-4).
 *
 * The tables are static data compiled into the library: every lookup is O(1) (an array indexed by
 * the code's two digits) and returns a pointer into static storage that is never freed. Every
 * function is pure and may be called from any thread.
 *
 * Sources: the return reason codes and their titles follow Appendix Four of the Nacha Operating
 * Rules as currently published (R01–R47, R50–R53, R61, R62, R67–R77, R80–R85; R48, R49, R54–R60,
 * R63–R66 and R78, R79 are not assigned: a lookup of them finds nothing). The categories and time
 * frames are those of SPEC R-RET-1 and R-RET-2. The change codes C01–C14 follow Appendix Five.
 */
#ifndef ACH_RETURNS_H
#define ACH_RETURNS_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/calendar.h"

ACH_BEGIN_DECL

/** Size of a code buffer: three characters ("R01", "C05") plus NUL. */
#define ACH_CODE_SIZE 4

/** Category of a return reason, for the return-rate thresholds (R-RET-2). */
typedef enum ach_return_category {
    ACH_RETURN_OTHER = 0,          /**< any code not in the two groups below */
    ACH_RETURN_ADMINISTRATIVE = 1, /**< R02, R03, R04 */
    ACH_RETURN_UNAUTHORIZED = 2    /**< R05, R07, R10, R11, R29, R51 */
} ach_return_category;

/** The time frame within which the RDFI must return an entry (R-RET-1), counted from the
 * settlement date of the original entry. */
typedef enum ach_return_timeframe {
    /** Two banking days: on time through the second business day after settlement. */
    ACH_RETURN_2_BANKING_DAYS = 0,
    /** Sixty calendar days (the unauthorised consumer family R05, R07, R10, R11, R33, R37, R38,
     * R51, R52, R53): on time through the 60th calendar day after settlement. */
    ACH_RETURN_60_CALENDAR_DAYS = 1
} ach_return_timeframe;

/** One return reason code. Static storage; never freed. */
typedef struct ach_return_code {
    char code[ACH_CODE_SIZE];         /**< "R01" … "R85" */
    const char *title;                /**< the Nacha title, e.g. "Insufficient Funds" */
    ach_return_category category;     /**< R-RET-2 group */
    ach_return_timeframe timeframe;   /**< R-RET-1 window */
} ach_return_code;

/**
 * Looks up a return reason code by its text.
 * @param code `len` bytes, need not be NUL-terminated: exactly an uppercase `R` and two digits.
 * @return the static entry, or NULL when `code` is not an assigned return reason code (wrong
 *         length, lowercase, not R, unassigned number). O(1).
 */
ACH_EXTERN const ach_return_code *ach_return_code_lookup(const char *code, size_t len) ACH_PURE;
/** ach_return_code_lookup() of a NUL-terminated `code` ("R01"). */
static inline const ach_return_code *ach_return_code_lookup_cstr(const char *code)
{
    return ach_return_code_lookup(code, code ? strlen(code) : 0);
}

/**
 * The return reason code numbered `number` (1 → R01 … 85 → R85).
 * @return the static entry, or NULL for a number outside 1..85 or not assigned. Looping over
 *         1..85 visits the whole table in order.
 */
ACH_EXTERN const ach_return_code *ach_return_code_by_number(int number) ACH_CONST;

/** A category's name: "administrative", "unauthorized" or "other" (static; never NULL). */
ACH_EXTERN const char *ach_return_category_name(ach_return_category category) ACH_CONST;

/** The answer of ach_return_window(). */
typedef struct ach_return_window {
    const ach_return_code *code; /**< the code's table entry */
    ach_date deadline;           /**< the last date on which the return is on time */
    bool late;                   /**< the `late_return` flag: returned after the deadline */
    int32_t days_late;           /**< calendar days after the deadline; 0 when on time */
} ach_return_window;

/**
 * Return window check (R-RET-1): was a return with reason `code` on time? A late return is still
 * a return (the caller applies it) but carries the `late_return` flag.
 *
 * Two-banking-day codes: deadline = the 2nd business day after `settlement` (a settlement on a
 * non-business day counts from that day, so the deadline is the 2nd business day after it).
 * Sixty-day codes: deadline = `settlement` + 60 calendar days.
 * A return on the deadline is on time; one day later is late.
 *
 * @param[out] out       the answer; untouched on failure.
 * @param cal            the business-day calendar (needed for the banking-day window).
 * @param code           the reason code, NUL-terminated ("R01").
 * @param settlement     settlement date of the original entry.
 * @param returned       date the return arrived (its settlement date).
 * @return ACH_OK; ACH_ENOTFOUND (field "code") for a code not in the table; ACH_EINVAL (field
 *         "returned") when `returned` is before `settlement`, or a NULL argument; ACH_ERANGE
 *         when a date lies outside the calendar's range.
 */
ACH_EXTERN ach_status ach_return_window_check(ach_return_window *out, const ach_calendar *cal,
                                              const char *code, ach_date settlement,
                                              ach_date returned, ach_error *err) ACH_WARN_UNUSED;

/** @name Retries (R-RET-3) */
/** @{ */
/** Re-presentments allowed after an R01 or R09 return: the original entry plus two. */
#define ACH_RETRY_MAX_REPRESENTMENTS 2
/** Re-presentments must settle within this many calendar days of the original settlement. */
#define ACH_RETRY_WINDOW_DAYS 180

/** Whether, and on what condition, a returned debit may be presented again. */
typedef enum ach_retry_verdict {
    ACH_RETRY_ALLOWED = 0,         /**< R01/R09, retries left and inside the 180-day window */
    ACH_RETRY_LIMIT_REACHED = 1,   /**< R01/R09, but already presented three times in all */
    ACH_RETRY_WINDOW_PASSED = 2,   /**< R01/R09, but `today` is after the last retry date */
    ACH_RETRY_NEW_AUTHORIZATION = 3, /**< R08 (payment stopped): only with a new mandate */
    ACH_RETRY_CORRECT_CAUSE = 4    /**< any other code: only after the cause is corrected */
} ach_retry_verdict;

/** The answer of ach_retry_eligibility(). */
typedef struct ach_retry {
    const ach_return_code *code; /**< the code's table entry */
    ach_retry_verdict verdict;
    bool allowed;                /**< verdict == ACH_RETRY_ALLOWED */
    int32_t remaining;           /**< re-presentments left (0..2); 0 unless R01/R09 */
    ach_date until;              /**< R01/R09: the last business day on or before settlement +
                                      180 days (a later presentment would settle outside the
                                      window); ACH_DATE_NONE for other codes */
} ach_retry;

/**
 * Retry eligibility (R-RET-3): may a debit returned with `code` be presented again, how many more
 * times and until when? R01 and R09 allow at most two re-presentments within 180 days of the
 * original settlement; R08 needs a new authorisation; every other code needs its cause
 * corrected first (a corrected entry is a new entry, not a retry).
 *
 * @param[out] out             the answer; untouched on failure.
 * @param cal                  the business-day calendar.
 * @param code                 the return reason code, NUL-terminated.
 * @param settlement           settlement date of the original (first) presentment.
 * @param presentments_so_far  how many times the debit has been presented, the original
 *                             included (1 after the first return), >= 1.
 * @param today                the date of the question, not before `settlement`.
 * @return ACH_OK; ACH_ENOTFOUND (field "code") for an unknown code; ACH_EINVAL for
 *         presentments_so_far < 1, `today` before `settlement`, or a NULL argument; ACH_ERANGE
 *         when a date lies outside the calendar.
 */
ACH_EXTERN ach_status ach_retry_eligibility(ach_retry *out, const ach_calendar *cal,
                                            const char *code, ach_date settlement,
                                            int32_t presentments_so_far, ach_date today,
                                            ach_error *err) ACH_WARN_UNUSED;

/** A verdict's name: "allowed", "limit-reached", "window-passed", "new-authorization",
 * "correct-cause" (static; never NULL). */
ACH_EXTERN const char *ach_retry_verdict_name(ach_retry_verdict verdict) ACH_CONST;
/** @} */

/** @name Notifications of Change (R-RET-4) */
/** @{ */
/** Banking days the originator has to apply a Notification of Change. */
#define ACH_NOC_APPLY_BANKING_DAYS 6

/** What a change code corrects: bits of ach_noc_code.corrects. */
enum {
    ACH_NOC_ACCOUNT = 1u << 0,          /**< the receiver's DFI account number */
    ACH_NOC_ROUTING = 1u << 1,          /**< the RDFI routing number */
    ACH_NOC_TRANSACTION_CODE = 1u << 2, /**< the transaction code (checking/savings) */
    ACH_NOC_NAME = 1u << 3,             /**< individual name / receiving company name */
    ACH_NOC_INDIVIDUAL_ID = 1u << 4,    /**< individual identification number */
    ACH_NOC_COMPANY_NAME = 1u << 5,     /**< the originator's company name */
    ACH_NOC_COMPANY_ID = 1u << 6,       /**< the originator's company identification */
    ACH_NOC_ADDENDA = 1u << 7,          /**< the format of the addenda record */
    ACH_NOC_SEC_CODE = 1u << 8,         /**< the SEC code (outbound international payment) */
    ACH_NOC_FOREIGN_RDFI = 1u << 9      /**< the foreign receiving DFI identification (IAT) */
};

/** One change code. Static storage; never freed. */
typedef struct ach_noc_code {
    char code[ACH_CODE_SIZE]; /**< "C01" … "C14" (or a refused-NOC code "C61" … "C69") */
    unsigned corrects;        /**< ACH_NOC_* bits: what the originator must change */
    const char *title;        /**< e.g. "Incorrect DFI Account Number" */
} ach_noc_code;

/**
 * Looks up a change code (C01–C14) by its text (`len` bytes, uppercase `C` and two digits).
 * @return the static entry or NULL. O(1).
 */
ACH_EXTERN const ach_noc_code *ach_noc_code_lookup(const char *code, size_t len) ACH_PURE;

/** The change code numbered `number` (1 → C01 … 14 → C14), or NULL outside 1..14. */
ACH_EXTERN const ach_noc_code *ach_noc_code_by_number(int number) ACH_CONST;

/**
 * Looks up a refused-NOC code (C61–C69: an ODFI refuses a notification of change, Nacha
 * Appendix Five), which ach_noc_code_lookup() does not know as they correct nothing; their
 * `corrects` is 0.
 * @return the static entry or NULL. O(1).
 */
ACH_EXTERN const ach_noc_code *ach_refused_noc_code_lookup(const char *code, size_t len) ACH_PURE;

/**
 * The date by which the originator must apply a Notification of Change received on `received`
 * (R-RET-4): the 6th business day after it.
 * @return ACH_OK; ACH_ERANGE when a date lies outside the calendar; ACH_EINVAL for NULL.
 */
ACH_EXTERN ach_status ach_noc_deadline(ach_date *out, const ach_calendar *cal, ach_date received,
                                       ach_error *err) ACH_WARN_UNUSED;

/** Size of ach_noc_correction.account (17 characters and NUL). */
#define ACH_NOC_ACCOUNT_SIZE 18
/** Size of ach_noc_correction.routing (9 digits and NUL). */
#define ACH_NOC_ROUTING_SIZE 10
/** Size of ach_noc_correction.text (the 29-character corrected data and NUL). */
#define ACH_NOC_TEXT_SIZE 30

/**
 * The corrected data of a Notification of Change (addenda 98, positions 36–64), split by the
 * layout of its change code (Nacha Appendix Five):
 * C01 account in 1–17; C02 routing in 1–9; C03 routing in 1–9 and account in 13–29;
 * C05 transaction code in 1–2; C06 account in 1–17 and transaction code in 21–22;
 * C07 routing in 1–9, account in 10–26 and transaction code in 27–28; C04 name and C09
 * individual id in 1–22. Other codes keep only `text`.
 *
 * The account field holds a full account number: callers must mask it before showing it (R-SEC-1).
 */
typedef struct ach_noc_correction {
    const ach_noc_code *code;           /**< the change code's entry */
    unsigned present;                   /**< ACH_NOC_* bits of the fields filled in below */
    char account[ACH_NOC_ACCOUNT_SIZE]; /**< trailing blanks removed; never print it whole */
    char routing[ACH_NOC_ROUTING_SIZE];
    int transaction_code;               /**< 0 when absent */
    char text[ACH_NOC_TEXT_SIZE];       /**< the whole corrected data, trailing blanks removed
                                             (for C04 and C09 the name / id; for C08, C10–C14
                                             whatever the RDFI sent) */
} ach_noc_correction;

/**
 * Splits the corrected data of a NOC by its change code (see ::ach_noc_correction).
 * @param data  the corrected data field, `len` bytes (at most 29 are used).
 * @return ACH_OK; ACH_ENOTFOUND (field "change code") for an unknown code; ACH_EPARSE (field
 *         "corrected data", column = 1-based position in the field) when a routing number or
 *         transaction code is not digits or a required part is blank; ACH_EINVAL for a NULL
 *         argument. `out` untouched on failure.
 */
ACH_EXTERN ach_status ach_noc_correction_parse(ach_noc_correction *out, const char *code,
                                               const char *data, size_t len,
                                               ach_error *err) ACH_WARN_UNUSED;
/** @} */

/** @name Return rates (R-RET-2) */
/** @{ */
/** Thresholds in basis points of the debits over the window: above them is a breach. */
#define ACH_RETURN_RATE_UNAUTHORIZED_BPS 50    /**< 0.5 % */
#define ACH_RETURN_RATE_ADMINISTRATIVE_BPS 300 /**< 3.0 % */
#define ACH_RETURN_RATE_OVERALL_BPS 1500       /**< 15.0 % */
/** The rates are computed over the debits of the last 60 days. */
#define ACH_RETURN_RATE_WINDOW_DAYS 60

/** Counts of debits and of their returns by category. Start from zero ({0}). */
typedef struct ach_return_tally {
    uint64_t debits;         /**< debit entries in the window */
    uint64_t returns;        /**< all returns (overall rate) */
    uint64_t unauthorized;   /**< returns in ACH_RETURN_UNAUTHORIZED */
    uint64_t administrative; /**< returns in ACH_RETURN_ADMINISTRATIVE */
} ach_return_tally;

/** Counts one return with `code` (its category decides the counters). Accepts NULL `code` (an
 * unknown code): it then counts in the overall rate only. */
ACH_EXTERN void ach_return_tally_add(ach_return_tally *tally, const ach_return_code *code);

/** One rate against its threshold. */
typedef struct ach_return_rate {
    uint64_t count;         /**< returns of the category */
    double rate;            /**< count / debits, a fraction (0.005 is 0.5 %); 0 with no debits */
    uint32_t threshold_bps; /**< the R-RET-2 threshold in basis points */
    bool breach;            /**< count / debits > threshold (exact integer comparison) */
} ach_return_rate;

/** The three rates of R-RET-2. */
typedef struct ach_return_rates {
    uint64_t debits;
    ach_return_rate unauthorized;
    ach_return_rate administrative;
    ach_return_rate overall;
} ach_return_rates;

/** Computes the three rates and their breaches from a tally. No debits means no breach. */
ACH_EXTERN void ach_return_rates_compute(ach_return_rates *out, const ach_return_tally *tally);
/** @} */

ACH_END_DECL

#endif /* ACH_RETURNS_H */
