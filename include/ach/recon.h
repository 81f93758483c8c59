/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/recon.h
 * @brief The reconciliation engine (SPEC §10, §11, R-BAL-1, R-RET-1 … R-RET-3, R-SEC-1): one pass
 *        over a ledger, every record applied through the payment rules or rejected with a reason,
 *        a report as of any date, and the checks that nothing was lost.
 *
 * ## What it does
 * An engine (::ach_recon) takes ledger records (ach/ledger.h) in file order, from a reader with
 * ach_recon_read() or one at a time with ach_recon_apply(), and applies each through the payment
 * rules (ach/account.h, ach/mandate.h, ach/charge.h, ach/refund.h, ach/dispute.h): the rules
 * decide, the engine only finds the objects a record names and keeps their state. Each record
 * ends as exactly one of
 * - **applied**: the rule call succeeded (a wrong micro-deposit pair too: it is an applied failed
 *   attempt, R-ACC-4); its events go to the caller's ::ach_event_fn, its balance transactions are
 *   booked. An applied record may also carry **flags** (::ACH_RECON_FLAGGED findings): a dispute
 *   out of its window (R-DSP-1), a double credit (R-DSP-3), a late return (R-RET-1), a record
 *   earlier than one applied before it, a return reason the NACHA table does not know;
 * - **rejected**: not applied, with a finding (::ACH_RECON_REJECTED) naming the line, the kind,
 *   the id and the reason: a malformed line (the reader's fault), an unknown or duplicate id, a
 *   charge on an unverified account or without an active mandate, a non-USD amount, an outcome
 *   for an unknown charge, an illegal transition, a refund beyond 90 days, above the amount or of
 *   a charge that has not succeeded, and the other refusals of the rules (::ach_recon_kind).
 *
 * applied + rejected = records given, always: the engine counts both and checks the identity
 * itself (ach_recon_report.lines_conserved), and against the reader's own count when it read
 * through ach_recon_read().
 *
 * NACHA return entries (issue 7) come in through ach_recon_apply_return(): matched to a charge
 * by the trace number of its ledger `code` column, then applied as an outcome through the same
 * rules; they are counted apart (ach_recon_report.returns_*).
 *
 * ## How records are applied (SPEC §10)
 * | type           | finds                         | rule call |
 * |----------------|-------------------------------|-----------|
 * | account        | id must be new                | ach_account_init() (country "US") |
 * | microdeposits  | ref = account                 | ach_account_record_microdeposits() |
 * | verification   | ref = account                 | ach_account_verify_instant() or ach_account_verify_microdeposits() |
 * | mandate        | accepted: id new, ref = account; revoked: id = the mandate (ref, when given, its account) | ach_mandate_init() (online) / ach_mandate_revoke() |
 * | charge         | id new, ref = account, the account's latest accepted mandate | ach_charge_create() (a `detail` `[direct|destination ]acct_…[ FEE]` makes a Connect charge with its application fee, R-CON-1, ach_ledger_connect_parse()) |
 * | outcome        | ref = charge                  | ach_charge_succeed() / ach_charge_fail(), after ach_return_window_check() |
 * | refund         | id new, ref = charge          | ach_refund_create() (a `currency` other than usd is refused, R-CHG-2) |
 * | refund_failure | ref = refund                  | ach_refund_fail() |
 * | dispute        | id new, ref = charge          | ach_dispute_create() (reason from `code`; empty: general) |
 *
 * Ids are per type: an account and a charge may share an id. The settlement date of a debit, from
 * which return windows (R-RET-1) and retries (R-RET-3) count, is taken to be its processing date
 * (R-CAL-4), as for disputes (R-DSP-1).
 *
 * ## The report (ach_recon_report_compute()), as of a date
 * The engine books every change on the UTC date it happens (balance transactions on their own
 * dates, R-BAL-1), so a report can be asked as of any date after the pass, without reading the
 * ledger again: charges by status (each charge once, in its state at the end of that day),
 * charges with refunds, gross, fees and net, the pending and available balances and their
 * history by date, the three return rates over the 60 days ending that day (R-RET-2) and retry
 * advice for the R01/R09 returns known by then (R-RET-3). The input counts and the findings are
 * those of the whole pass. The default date is the last date in the ledger: the UTC date of the
 * latest well-formed record (or return entry), applied or not.
 *
 * ## Memory
 * Open objects live in compact records in one arena, indexed by open-addressing hash tables
 * keyed by id (idmap.h inside the library): about 48 bytes per charge plus 6-13 bytes of table,
 * a little less per account or mandate. Memory grows with the objects and the findings kept,
 * never with the records read. The engine keeps every object until freed (an outcome may come
 * late, a dispute out of its window). The trace-number index exists only once a return was
 * applied.
 *
 * ## Security (R-SEC-1)
 * No message, finding or event of the engine holds an account number; an account's record
 * keeps only its last 4 digits.
 *
 * ## Threads (issue 21)
 * What may be shared, and how (tests/check_recon_state.c runs it under TSan):
 * - **One engine per thread.** An engine is used by one thread at a time: every call on it,
 *   queries and ach_recon_save() included, and its callbacks run on the calling thread. An
 *   engine may move to another thread between calls (with the caller's own synchronisation).
 * - **A calendar shared by all.** A calendar (and a fee schedule, which ach_recon_new() copies)
 *   is read-only once built: any number of engines on any threads may use one at once; it must
 *   outlive them all.
 * - **Reports merged by one thread.** An ach_recon_report is a plain value: each thread computes
 *   its engine's report, and one thread adds them up with ach_recon_report_merge() (or merges
 *   under its own lock). Snapshots (ach_recon_save()) are bytes and may travel anywhere.
 * The library has no global mutable state, so distinct engines never contend.
 *
 * ## Incremental runs, lookups and partitions (issue 21)
 * ach_recon_save() and ach_recon_load() checkpoint an engine (docs/state-format.md): load,
 * apply more records, save again, and the result is that of one pass over all the records.
 * ach_recon_lookup() finds one object by id in O(1). ach_recon_report_merge() adds the reports
 * of independent partitions (one engine per merchant) exactly.
 */
#ifndef ACH_RECON_H
#define ACH_RECON_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/calendar.h"
#include "ach/fee.h"
#include "ach/event.h"
#include "ach/balance.h"
#include "ach/charge.h"
#include "ach/returns.h"
#include "ach/ledger.h"
#include "ach/nacha.h"
#include "ach/account.h"

ACH_BEGIN_DECL

/** A reconciliation engine. Opaque; made by ach_recon_new(), freed by ach_recon_free(). */
typedef struct ach_recon ach_recon;

/** How bad a finding is (SPEC §10). */
typedef enum ach_recon_severity {
    ACH_RECON_REJECTED = 1, /**< "rejected": the line was not applied */
    ACH_RECON_FLAGGED = 2   /**< "flagged": the line was applied, and this is noted */
} ach_recon_severity;

/** Kinds of findings. The names (ach_recon_kind_name()) are stable snake_case keys; each kind
 * has one severity (ach_recon_kind_severity()). */
typedef enum ach_recon_kind {
    /* rejected */
    ACH_RECON_MALFORMED = 1,         /**< "malformed": the reader's fault (ach_ledger_fault) */
    ACH_RECON_UNKNOWN_ID,            /**< "unknown_id": the account, charge, refund or mandate
                                          named does not exist */
    ACH_RECON_DUPLICATE_ID,          /**< "duplicate_id": an object with this id exists */
    ACH_RECON_UNVERIFIED_ACCOUNT,    /**< "unverified_account": charge on an account that is not
                                          verified (R-CHG-1) */
    ACH_RECON_NO_MANDATE,            /**< "no_mandate": no active mandate (R-MAN-1) */
    ACH_RECON_NON_USD,               /**< "non_usd": another currency (R-ACC-1, R-CHG-2, R-ACC-6) */
    ACH_RECON_UNKNOWN_CHARGE,        /**< "unknown_charge": an outcome for an unknown charge */
    ACH_RECON_ILLEGAL_TRANSITION,    /**< "illegal_transition": refused by a transition table
                                          (R-CHG-8, R-ACC-4, R-MAN-1, R-REF-2) */
    ACH_RECON_REFUND_AFTER_WINDOW,   /**< "refund_after_window": more than 90 days after the
                                          charge (R-REF-1) */
    ACH_RECON_REFUND_ABOVE_AMOUNT,   /**< "refund_above_amount": refunds would pass the charge
                                          amount (R-REF-1) */
    ACH_RECON_REFUND_NOT_SUCCEEDED,  /**< "refund_not_succeeded": refund of a pending or failed
                                          charge (R-REF-1) */
    ACH_RECON_NO_MICRODEPOSITS,      /**< "no_microdeposits": amounts entered for a live account
                                          with no micro-deposits record (SPEC §10) */
    ACH_RECON_VERIFICATION_LOCKED,   /**< "verification_locked": verification of an account that
                                          failed 3 times (R-ACC-4) */
    ACH_RECON_INVALID_ACCOUNT,       /**< "invalid_account": routing, account number, holder
                                          name or type refused (R-ACC-2, R-ACC-3) */
    ACH_RECON_INVALID_VALUE,         /**< "invalid_value": another value the rules refuse (a zero
                                          amount, micro-deposits outside 1-99 cents, an unknown
                                          dispute reason, an id longer than ACH_ID_MAX, ...) */
    ACH_RECON_OUT_OF_RANGE,          /**< "out_of_range": a date outside the calendar */
    ACH_RECON_UNMATCHED_RETURN,      /**< "unmatched_return": no charge has the return's trace
                                          number (issue 7) */
    ACH_RECON_DUPLICATE_RETURN,      /**< "duplicate_return": the charge was already returned */
    ACH_RECON_AMOUNT_MISMATCH,       /**< "amount_mismatch": the return's amount is not the
                                          charge's */
    /* flagged */
    ACH_RECON_OUT_OF_WINDOW_DISPUTE, /**< "out_of_window_dispute": R-DSP-1 */
    ACH_RECON_DOUBLE_CREDIT,         /**< "double_credit": R-DSP-3 */
    ACH_RECON_LATE_RETURN,           /**< "late_return": after its R-RET-1 time frame */
    ACH_RECON_OUT_OF_ORDER,          /**< "out_of_order": earlier than a record applied before
                                          it (SPEC §10: one event a line, in time order) */
    ACH_RECON_UNKNOWN_RETURN_CODE,   /**< "unknown_return_code": a return reason R01-R85 the NACHA
                                          table does not assign (applied as could_not_process,
                                          R-CHG-6; its window cannot be checked) */
    /* issue 18 (kinds are only ever added here, before ACH_RECON_KIND_COUNT) */
    ACH_RECON_INVALID_CURRENCY,      /**< "invalid_currency" (rejected): a charge on the test
                                          number that refuses the currency, 000444444440
                                          (R-ACC-6, R-CHG-6) */
    ACH_RECON_OVERDUE_CHARGE,        /**< "overdue_charge" (flagged): a charge still pending
                                          after its resolve-by date, as of the report's date
                                          (R-CHG-9). Not a finding of a line: counted by
                                          ach_recon_report_compute() (findings_by_kind,
                                          charges_overdue) and listed by
                                          ach_recon_overdue_charges() */
    ACH_RECON_LATE_OUTCOME,          /**< "late_outcome" (flagged): an outcome or return that
                                          arrived after the charge's resolve-by date (R-CHG-9) */
    ACH_RECON_TEST_OUTCOME_MISMATCH, /**< "test_outcome_mismatch" (flagged): the first outcome of
                                          a charge on a test number contradicts the number's
                                          scripted outcome (R-ACC-6, R-CHG-9) */
    ACH_RECON_EARLY_VERIFICATION,    /**< "early_verification" (flagged): micro-deposit amounts
                                          entered before the deposits can have arrived
                                          (R-ACC-4b: 2 business days after they were sent) */
    ACH_RECON_UNVERIFIED_MICRODEPOSITS, /**< "unverified_microdeposits" (flagged): an account
                                          still unverified when its micro-deposits are N business
                                          days old (ach_recon_options.verify_within_days), as of
                                          the report's date (R-ACC-4b). Counted and listed like
                                          overdue_charge (ach_recon_unverified_accounts()) */
    ACH_RECON_KIND_COUNT             /**< one past the last kind */
} ach_recon_kind;

/** Where a finding's line number points. */
typedef enum ach_recon_origin {
    ACH_RECON_LEDGER = 0, /**< `line` is a physical line of the ledger (the header is line 1) */
    ACH_RECON_RETURN = 1  /**< `line` is the position given with a return entry */
} ach_recon_origin;

/** One finding. The strings are owned by the engine: valid until the next call that applies or
 * rejects anything, or ach_recon_free(). */
typedef struct ach_recon_finding {
    uint64_t line;               /**< see `origin` */
    uint32_t column;             /**< 1-based byte column of a malformed field; 0 otherwise */
    ach_recon_kind kind;
    ach_recon_severity severity;
    ach_recon_origin origin;
    ach_ledger_fault fault;      /**< the reader's fault for ACH_RECON_MALFORMED, else NONE */
    ach_status status;           /**< the status that refused the line (a rule's, the reader's,
                                      ACH_EUNKNOWN_ID, ACH_EDUPLICATE); ACH_OK for a flag */
    ach_ledger_type type;        /**< the record's type; NONE when not known */
    const char *id;              /**< the record's `id`, or its `ref` when it has none (for a
                                      return, the charge's id, or its trace number when
                                      unmatched); "" when none could be read */
    const char *message;         /**< what is wrong, naming the field; never an account number */
} ach_recon_finding;

/** Receives each finding as it is made (before the call that made it returns). */
typedef void (*ach_recon_finding_fn)(void *ctx, const ach_recon_finding *finding);

/** Receives the reader's counters every ACH_RECON_PROGRESS_EVERY records during
 * ach_recon_read(), and once at the end. */
typedef void (*ach_recon_progress_fn)(void *ctx, const ach_ledger_stats *stats);

/** Records between two progress calls. */
#define ACH_RECON_PROGRESS_EVERY 65536u

/** ach_recon_options.max_findings: keep every finding. */
#define ACH_RECON_KEEP_ALL UINT64_MAX

/** Options of ach_recon_new(). Initialise with ACH_RECON_OPTIONS_INIT. */
typedef struct ach_recon_options {
    unsigned int version;             /**< ACH_RECON_OPTIONS_VERSION */
    const ach_fee_schedule *fees;     /**< fee schedule (R-CHG-3), copied; NULL: the default */
    ach_event_fn on_event;            /**< receives every event of the rules; may be NULL */
    void *event_ctx;
    ach_recon_finding_fn on_finding;  /**< receives every finding; may be NULL */
    void *finding_ctx;
    ach_recon_progress_fn on_progress; /**< progress of ach_recon_read(); may be NULL */
    void *progress_ctx;
    uint64_t max_findings;            /**< findings kept for ach_recon_finding_get() (the first
                                           ones); the counts always cover all of them */
    uint64_t hash_seed;               /**< seeds the key of the engine's hash tables of ids,
                                           trace numbers and dates. 0 (the default) is a fixed,
                                           documented key: give a random value (e.g. from
                                           getrandom(), as `ach reconcile` does) when the input
                                           may be hostile, so that no one can build ids that
                                           collide. Whatever the seed, the tables bound every
                                           probe and keep what collides in a balanced tree, so
                                           ids built to collide cost O(log n) each, never a scan;
                                           results never depend on the seed. */
    /* version 2 (issue 18) */
    unsigned int verify_within_days;  /**< an account still unverified when its micro-deposits
                                           are this many business days old is reported
                                           (R-ACC-4b, ach_recon_unverified_accounts()); 0: the
                                           default, ACH_MICRODEPOSIT_VERIFY_WITHIN_DEFAULT (10) */
} ach_recon_options;

/** Version 1 options (without verify_within_days) are still accepted. */
#define ACH_RECON_OPTIONS_VERSION 2
/** `ach_recon_options o = ACH_RECON_OPTIONS_INIT;` */
#define ACH_RECON_OPTIONS_INIT \
    {ACH_RECON_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ACH_RECON_KEEP_ALL, 0, 0}

/**
 * Makes an engine.
 * @param[out] out the engine, owned by the caller (ach_recon_free()); untouched on failure.
 * @param cal      the business-day calendar; borrowed: it must outlive the engine.
 * @param opts     options, or NULL for ACH_RECON_OPTIONS_INIT.
 * @return ACH_OK; ACH_EINVAL (NULL out or cal, an unknown options version, or a fee schedule
 *         that fails ach_fee_schedule_check()); ACH_ENOMEM.
 */
ACH_EXTERN ach_status ach_recon_new(ach_recon **out, const ach_calendar *cal,
                                    const ach_recon_options *opts, ach_error *err) ACH_WARN_UNUSED;

/** Frees an engine and everything it owns. Accepts NULL. */
ACH_EXTERN void ach_recon_free(ach_recon *engine);

/** What became of one record. */
typedef enum ach_recon_verdict {
    ACH_RECON_APPLIED = 0,         /**< applied, no flag */
    ACH_RECON_APPLIED_FLAGGED = 1, /**< applied with at least one flag */
    ACH_RECON_REFUSED = 2          /**< rejected (not applied) */
} ach_recon_verdict;

/**
 * Applies one well-formed record (one that ach_ledger_next() returned with ACH_OK): finds the
 * objects it names, calls the rule, books its effects, delivers its events to
 * ach_recon_options.on_event, and makes its findings. A refused record is a result, not a
 * failure: the call returns ACH_OK and *verdict says so.
 * While the events are delivered, ach_recon_line() gives the record's line.
 * @param[out] verdict what became of it; may be NULL.
 * @param rec  the record; only read during the call.
 * @return ACH_OK; ACH_EINVAL (NULL engine or rec, or a record with a fault: use
 *         ach_recon_reject()); ACH_ENOMEM (nothing was applied or counted).
 */
ACH_EXTERN ach_status ach_recon_apply(ach_recon_verdict *verdict, ach_recon *engine,
                                      const ach_ledger_record *rec,
                                      ach_error *err) ACH_WARN_UNUSED;

/**
 * Counts a malformed record (ach_ledger_next() returned ACH_ELEDGER_RECORD) as rejected, with a
 * finding of kind ACH_RECON_MALFORMED carrying the reader's position, field and message.
 * @param why  the reader's error for it (line, column, field, message).
 * @return ACH_OK; ACH_EINVAL (NULL argument); ACH_ENOMEM (nothing counted).
 */
ACH_EXTERN ach_status ach_recon_reject(ach_recon *engine, const ach_ledger_record *rec,
                                       const ach_error *why, ach_error *err) ACH_WARN_UNUSED;

/**
 * Reads every remaining record of `reader` and applies or rejects each (the typical loop of
 * ach/ledger.h), calling ach_recon_options.on_progress along the way. The engine then also
 * checks its counts against the reader's (ach_recon_report.lines_conserved).
 * @return ACH_OK when the reader reached its end; ACH_EIO or ACH_ENOMEM from the reader (err
 *         from it) or the engine: the records read so far stay applied and counted; ACH_EINVAL
 *         (NULL engine or reader).
 */
ACH_EXTERN ach_status ach_recon_read(ach_recon *engine, ach_ledger_reader *reader,
                                     ach_error *err) ACH_WARN_UNUSED;

/** A NACHA return entry to apply (issue 7: an entry detail with an addenda 99). */
typedef struct ach_recon_return {
    char trace[16];    /**< the original entry's trace number: 15 digits and a NUL */
    char code[4];      /**< the return reason, "R01" … "R85", and a NUL */
    int64_t amount;    /**< the entry's amount in cents; -1 to skip the amount check */
    ach_instant at;    /**< when it was received: its date is the return date (R-RET-1) */
    uint64_t position; /**< where it stands in its file (a record number), for findings */
} ach_recon_return;

/**
 * Makes the return entry to apply from a return read from a NACHA file (ach/nacha.h): the
 * original entry's trace (the match key), the reason code, the amount (-1 when unreadable: not
 * checked), the record number of the addenda 99 as position, and as return date the batch's
 * settlement date, or its effective date when the file was not settled, at 00:00 UTC.
 */
ACH_EXTERN void ach_recon_return_from_nacha(ach_recon_return *out, const ach_nacha_return *ret);

/**
 * Applies a NACHA return entry: the charge whose ledger `code` carried `trace` fails with `code`
 * (before success: R-CHG-6; after: a late failure, R-CHG-7), through the same rules and checks
 * as an outcome record (window R-RET-1, return rates, retry advice). Rejected, with a finding
 * of origin ACH_RECON_RETURN: no charge with that trace (unmatched_return), an amount other than
 * the charge's (amount_mismatch), a charge already returned (duplicate_return), a malformed
 * trace or code (invalid_value), and any refusal of the rules. When several charges carried the
 * same trace, the latest is meant.
 * @param[out] verdict what became of it; may be NULL.
 * @return ACH_OK; ACH_EINVAL (NULL argument); ACH_ENOMEM (nothing was applied or counted).
 */
ACH_EXTERN ach_status ach_recon_apply_return(ach_recon_verdict *verdict, ach_recon *engine,
                                             const ach_recon_return *ret,
                                             ach_error *err) ACH_WARN_UNUSED;

/** The line (or return position) being applied; 0 outside ach_recon_apply(),
 * ach_recon_reject() and ach_recon_apply_return(). Event callbacks need not call it: the
 * engine's events carry it (ach_event.line, .from_return), as findings do (finding.line). */
ACH_EXTERN uint64_t ach_recon_line(const ach_recon *engine) ACH_PURE;

/**
 * @name Growing the report without breaking callers (ABI, issue 20)
 * ::ach_recon_report is allocated by the caller, so its layout is part of the ABI. Two rules
 * keep it growable within one soname:
 * - its per-kind arrays are sized by the fixed capacities below, never by the `*_COUNT` values:
 *   a new finding kind, record type, event type or charge status (up to the capacity) moves no
 *   member; the entries from the `*_COUNT` value on are 0;
 * - new members are appended at the end, and the library writes only as many bytes as the
 *   caller's struct has: ach_recon_report_compute() is a macro that passes `sizeof *(out)` to
 *   ach_recon_report_compute_sized(), which records the size it filled in `size`. A program
 *   built against an older header gets the members it knows; one built against a newer header
 *   and run with an older library gets 0 in the members that library does not know.
 * A size field was chosen over an opaque report with accessors because the report is a plain
 * value that callers copy, keep and read member by member (some 60 figures); the macro keeps
 * every existing call unchanged while the size still reaches the library.
 * @{ */
#define ACH_RECON_KINDS_CAPACITY 64       /**< capacity for ::ach_recon_kind values */
#define ACH_RECON_TYPES_CAPACITY 16       /**< capacity for ::ach_ledger_type values */
#define ACH_RECON_EVENT_TYPES_CAPACITY 32 /**< capacity for event types (ach/event.h) */
#define ACH_RECON_STATUSES_CAPACITY 16    /**< capacity for ::ach_charge_status values */
/** @} */

/** The report of ach_recon_report_compute(). Plain value. Money in cents. */
typedef struct ach_recon_report {
    size_t size;                  /**< bytes of the report the library filled: the caller's
                                       sizeof, or less when the library is older (see above);
                                       set by ach_recon_report_compute() */
    /* ---- the whole pass ---- */
    uint64_t records;             /**< data records given: applied + rejected */
    uint64_t applied;             /**< applied records (flagged ones included) */
    uint64_t rejected;            /**< rejected records (malformed ones included) */
    uint64_t flagged;             /**< applied records with at least one flag */
    uint64_t malformed;           /**< rejected by the reader */
    uint64_t reader_records;      /**< the reader's own count (ach_recon_read()); 0 otherwise */
    bool lines_conserved;         /**< applied + rejected == records (== reader_records when
                                       read through ach_recon_read()) */
    uint64_t records_by_type[ACH_RECON_TYPES_CAPACITY]; /**< by type, applied or not ([0]: type
                                                          not recognised) */
    uint64_t applied_by_type[ACH_RECON_TYPES_CAPACITY]; /**< applied, by type */
    uint64_t returns;             /**< NACHA return entries given (counted apart from the
                                       records above; their flags are in the findings) */
    uint64_t returns_applied;
    uint64_t returns_rejected;
    uint64_t findings;            /**< all findings (rejections and flags) */
    uint64_t findings_kept;       /**< of which kept (ach_recon_options.max_findings) */
    uint64_t findings_by_kind[ACH_RECON_KINDS_CAPACITY]; /**< by ::ach_recon_kind */
    uint64_t events_by_type[ACH_RECON_EVENT_TYPES_CAPACITY]; /**< events delivered, by type */
    ach_date first_date;          /**< UTC date of the earliest applied record or return
                                       entry (a rejected one never moves it); ACH_DATE_NONE
                                       when none was applied */
    ach_date last_date;           /**< of the latest one: the default report date */

    /* ---- as of a date ---- */
    ach_date as_of;               /**< the date of everything below; ACH_DATE_NONE when no
                                       record or return entry was applied */
    uint64_t charges;             /**< charges created by then */
    uint64_t charges_by_status[ACH_RECON_STATUSES_CAPACITY]; /**< by ::ach_charge_status ([0]
                                       unused): each charge once, in its state that day */
    uint64_t charges_refunded;    /**< charges with at least one refund by then */
    int64_t gross;                /**< cents debited: the amounts of the charges created */
    int64_t fees;                 /**< cents of fees: processing fees of the charges that did
                                       not fail (a failure reverses its fee), failure fees and
                                       dispute fees (R-CHG-3) */
    int64_t reversed;             /**< amounts of charges that failed (R-CHG-6) */
    int64_t disputed;             /**< amounts withdrawn by disputes and late failures */
    int64_t refunded;             /**< amounts refunded (R-REF-3) */
    int64_t refund_failed;        /**< refunds that failed and came back (R-REF-2) */
    int64_t transferred;          /**< net sent to Connect accounts (transfers less reversals) */
    int64_t application_fees;     /**< Connect application fees received */
    int64_t net;                  /**< gross - fees - reversed - disputed - refunded +
                                       refund_failed - transferred + application_fees: the
                                       platform's balance */
    ach_balance balance;          /**< the platform's pending and available balance (R-BAL-1) */
    ach_balance connected;        /**< all Connect accounts' balances together */
    int64_t transactions_net;     /**< the sum of `net` over the platform's balance transactions
                                       dated by then */
    bool balance_conserved;       /**< transactions_net == balance.pending + balance.available
                                       == net, and the same on the Connect side */
    ach_date rates_from;          /**< first day of the R-RET-2 window (as_of - 59, but
                                       never before ACH_DATE_MIN) */
    ach_return_rates return_rates; /**< debits created and returns received in the window */
    uint64_t retries;             /**< R01/R09 returns with retry advice by then
                                       (ach_recon_retries()) */
    /* ---- issue 18 ---- */
    uint64_t charges_overdue;     /**< charges still pending after their resolve-by date, as of
                                       that day (R-CHG-9; ach_recon_overdue_charges()): also
                                       counted in findings and findings_by_kind
                                       [ACH_RECON_OVERDUE_CHARGE] */
    uint64_t accounts_unverified; /**< accounts neither verified nor failed that day whose
                                       micro-deposits were sent verify_within_days business
                                       days before or more (R-ACC-4b;
                                       ach_recon_unverified_accounts()): also counted in
                                       findings and findings_by_kind
                                       [ACH_RECON_UNVERIFIED_MICRODEPOSITS] */
    /* New members go here, at the end (see "Growing the report"). */
} ach_recon_report;

/**
 * The report as of `as_of` (see the file comment). May be called at any time, as often as
 * wanted; more records may be applied afterwards. Call it as
 * `ach_recon_report_compute(&report, engine, as_of, err)`: the macro passes the caller's
 * `sizeof report` (see "Growing the report").
 * @param out_size the caller's sizeof(ach_recon_report); the library writes min(out_size, its
 *        own size) bytes and zeroes the rest.
 * @param as_of a date (ACH_DATE_MIN .. ACH_DATE_MAX), or ACH_DATE_NONE for the last date of
 *        an applied record or return (report.last_date).
 * @return ACH_OK; ACH_EINVAL (NULL argument, or out_size smaller than the report of libach
 *         0.1); ACH_ERANGE (as_of outside the dates).
 */
ACH_EXTERN ach_status ach_recon_report_compute_sized(ach_recon_report *out, size_t out_size,
                                                     const ach_recon *engine, ach_date as_of,
                                                     ach_error *err) ACH_WARN_UNUSED;
#define ach_recon_report_compute(out, engine, as_of, err) \
    ach_recon_report_compute_sized((out), sizeof *(out), (engine), (as_of), (err))

/** The balances at the end of one day. */
typedef struct ach_recon_day {
    ach_date date;
    ach_balance balance;   /**< the platform's, after every change dated that day or before */
    ach_balance connected; /**< the Connect side's */
} ach_recon_day;

/**
 * Balance by date: one entry for each date up to `as_of` on which a balance changed, in date
 * order (R-BAL-1).
 * @param[out] out    `cap` entries; may be NULL when cap is 0.
 * @param[out] count  the number of entries there are (also on ACH_EBUFS).
 * @param as_of       as in ach_recon_report_compute().
 * @return ACH_OK; ACH_EBUFS when cap < *count (the first cap are written); ACH_EINVAL;
 *         ACH_ENOMEM.
 */
ACH_EXTERN ach_status ach_recon_balance_days(ach_recon_day *out, size_t cap, size_t *count,
                                             const ach_recon *engine, ach_date as_of,
                                             ach_error *err) ACH_WARN_UNUSED;

/** Retry advice for a debit that failed with R01 or R09 (R-RET-3). */
typedef struct ach_recon_retry {
    char charge[ACH_LEDGER_ID_SIZE]; /**< the charge's id */
    char code[ACH_CODE_SIZE];        /**< "R01" or "R09" */
    ach_date returned;               /**< UTC date of the return */
    ach_date settlement;             /**< the charge's processing date */
    ach_retry advice;                /**< ach_retry_eligibility() with presentments_so_far 1
                                          (the ledger does not link re-presentments) and
                                          `today` the report date */
} ach_recon_retry;

/**
 * Retry advice, as of `as_of`, for every charge that failed (R-CHG-6) with R01 or R09 on or
 * before that date, in the order of the returns. A late failure after success (R-CHG-7) is a
 * dispute, not a debit to present again: it gets none.
 * @return as ach_recon_balance_days(), and ACH_ERANGE when a date is outside the calendar.
 */
ACH_EXTERN ach_status ach_recon_retries(ach_recon_retry *out, size_t cap, size_t *count,
                                        const ach_recon *engine, ach_date as_of,
                                        ach_error *err) ACH_WARN_UNUSED;

/** A charge pending at the end of a date, with its derived dates (R-CHG-4, R-CHG-5, R-CHG-9). */
typedef struct ach_recon_pending {
    char charge[ACH_LEDGER_ID_SIZE]; /**< the charge's id */
    int64_t amount;                  /**< cents */
    ach_date created;                /**< UTC date of creation */
    ach_date processing;             /**< processing date (R-CAL-4) */
    ach_date resolve_by;             /**< processing + 4 business days (R-CHG-4); ACH_DATE_NONE
                                          when outside the calendar */
    ach_date available_on;           /**< processing + 7 business days: the funds become
                                          available if it succeeds by then (R-CHG-5) */
    bool overdue;                    /**< the date is after resolve_by (R-CHG-9) */
    int32_t days_overdue;            /**< calendar days after resolve_by; 0 when not overdue */
} ach_recon_pending;

/**
 * Every charge pending at the end of `as_of` (created by then, its first outcome later or not
 * yet), in the order the charges were created.
 * @param as_of as in ach_recon_report_compute().
 * @return as ach_recon_balance_days().
 */
ACH_EXTERN ach_status ach_recon_pending_charges(ach_recon_pending *out, size_t cap, size_t *count,
                                                const ach_recon *engine, ach_date as_of,
                                                ach_error *err) ACH_WARN_UNUSED;

/**
 * The overdue charges as of `as_of` (R-CHG-9): those of ach_recon_pending_charges() whose
 * resolve-by date has passed; their number is ach_recon_report.charges_overdue.
 * @return as ach_recon_balance_days().
 */
ACH_EXTERN ach_status ach_recon_overdue_charges(ach_recon_pending *out, size_t cap, size_t *count,
                                                const ach_recon *engine, ach_date as_of,
                                                ach_error *err) ACH_WARN_UNUSED;

/** An account still unverified on a date although its micro-deposits are old (R-ACC-4b). */
typedef struct ach_recon_unverified {
    char account[ACH_LEDGER_ID_SIZE]; /**< the bank account's id */
    ach_date sent;                    /**< the micro-deposits' processing date */
    ach_date expected_by;             /**< sent + 2 business days: on the account by then */
    int32_t business_days;            /**< business days from sent to the report date */
} ach_recon_unverified;

/**
 * The accounts still unverified (neither verified nor verification_failed) at the end of
 * `as_of` whose micro-deposits were sent ach_recon_options.verify_within_days business days
 * before or more (R-ACC-4b), in the order the accounts were created; their number is
 * ach_recon_report.accounts_unverified.
 * @return as ach_recon_balance_days().
 */
ACH_EXTERN ach_status ach_recon_unverified_accounts(ach_recon_unverified *out, size_t cap,
                                                    size_t *count, const ach_recon *engine,
                                                    ach_date as_of,
                                                    ach_error *err) ACH_WARN_UNUSED;

/** A Connect account's balance (R-CON-1). */
typedef struct ach_recon_connected {
    char account[ACH_LEDGER_ID_SIZE]; /**< the connected account's id, `acct_…` */
    ach_balance balance;              /**< its pending and available balance (R-BAL-1) */
} ach_recon_connected;

/**
 * The balance of each Connect account named by a charge (a destination's transfers, a direct
 * charge less its application fee, and their reversals; ledger `detail`, SPEC §10 as extended
 * by issue 18) at the end of `as_of`, in the order the accounts first appeared. Their sum is
 * ach_recon_report.connected.
 * @return as ach_recon_balance_days().
 */
ACH_EXTERN ach_status ach_recon_connected_balances(ach_recon_connected *out, size_t cap,
                                                   size_t *count, const ach_recon *engine,
                                                   ach_date as_of,
                                                   ach_error *err) ACH_WARN_UNUSED;

/** The number of findings kept (see ach_recon_options.max_findings). */
ACH_EXTERN size_t ach_recon_finding_count(const ach_recon *engine) ACH_PURE;

/**
 * The i-th finding kept (0-based, in the order they were made).
 * @param[out] out the finding (its strings: see ::ach_recon_finding); untouched on failure.
 * @return ACH_OK; ACH_ENOTFOUND when i >= ach_recon_finding_count(); ACH_EINVAL.
 */
ACH_EXTERN ach_status ach_recon_finding_get(ach_recon_finding *out, const ach_recon *engine,
                                            size_t i, ach_error *err) ACH_WARN_UNUSED;

/**
 * The id of the charge whose ledger `code` column carried trace number `trace` (`len` bytes, 15
 * digits; the latest such charge when several did): for example the charge a notification of
 * change (NOC, ach/nacha.h) is about. Builds the engine's trace index on first use, as
 * ach_recon_apply_return() does; it is kept up to date afterwards.
 * @param[out] out the id, NUL-terminated; untouched on failure.
 * @return ACH_OK; ACH_EUNKNOWN_ID when no charge carried that trace number; ACH_EPARSE when
 *         `trace` is not 15 digits; ACH_ENOMEM (the index could not be built); ACH_EINVAL for a
 *         NULL argument.
 */
ACH_EXTERN ach_status ach_recon_charge_by_trace(char out[ACH_ID_SIZE], ach_recon *engine,
                                               const char *trace, size_t len,
                                               ach_error *err) ACH_WARN_UNUSED;
/** ach_recon_charge_by_trace() of a NUL-terminated `trace`. */
static inline ACH_WARN_UNUSED ach_status ach_recon_charge_by_trace_cstr(char out[ACH_ID_SIZE],
                                                                        ach_recon *engine,
                                                                        const char *trace,
                                                                        ach_error *err)
{
    return ach_recon_charge_by_trace(out, engine, trace, trace ? strlen(trace) : 0, err);
}

/**
 * The current state of charge `id` (`len` bytes).
 * @param[out] out the charge value (ach/charge.h); untouched on failure.
 * @return ACH_OK; ACH_EUNKNOWN_ID when no charge has that id; ACH_EINVAL.
 */
ACH_EXTERN ach_status ach_recon_charge_get(ach_charge *out, const ach_recon *engine,
                                           const char *id, size_t len,
                                           ach_error *err) ACH_WARN_UNUSED;
/** ach_recon_charge_get() of a NUL-terminated `id`. */
static inline ACH_WARN_UNUSED ach_status ach_recon_charge_get_cstr(ach_charge *out,
                                                                   const ach_recon *engine,
                                                                   const char *id, ach_error *err)
{
    return ach_recon_charge_get(out, engine, id, id ? strlen(id) : 0, err);
}

/** What the engine holds (for memory figures). */
typedef struct ach_recon_memory {
    uint64_t accounts, mandates, charges, refunds, disputes; /**< objects held */
    size_t arena_bytes;  /**< bytes allocated for records (in 4 MiB chunks) */
    size_t table_bytes;  /**< bytes of the hash tables */
    size_t other_bytes;  /**< findings, dates, retry list */
} ach_recon_memory;

/** Fills `out` with the engine's object counts and memory in use. */
ACH_EXTERN void ach_recon_memory_get(ach_recon_memory *out, const ach_recon *engine);

/** The key of a kind ("unknown_id"); "" when out of range. */
ACH_EXTERN const char *ach_recon_kind_name(ach_recon_kind kind) ACH_CONST;

/** The severity of a kind; 0 when out of range. */
ACH_EXTERN ach_recon_severity ach_recon_kind_severity(ach_recon_kind kind) ACH_CONST;

/** "rejected" or "flagged"; "" otherwise. */
ACH_EXTERN const char *ach_recon_severity_name(ach_recon_severity severity) ACH_CONST;

/* ---- issue 21: reports that merge, lookups by id, checkpoints ---------------------------- */

/**
 * Makes `out` the empty total of ach_recon_report_merge(): every count and amount 0, every date
 * ACH_DATE_NONE, both conservation checks true, the rates of no debits, and `size` the bytes
 * filled (as ach_recon_report_compute() does). ach_recon_report_init() is a macro passing
 * `sizeof *(out)`; `out_size` below the size of libach 0.1's report leaves `out` untouched.
 * Accepts NULL.
 * @since 0.1
 */
ACH_EXTERN void ach_recon_report_init_sized(ach_recon_report *out, size_t out_size);
#define ach_recon_report_init(out) ach_recon_report_init_sized((out), sizeof *(out))

/**
 * Adds the report of an independent partition (another merchant's ledger, reconciled by its own
 * engine) into a running total, exactly: counts and amounts add, balances and their
 * transaction sums add, first_date is the earliest and last_date the latest, the conservation
 * checks hold when they hold in both, and the return rates are computed again from the added
 * counts of debits and returns (R-RET-2; never an average of rates). Findings are not in a
 * report: each partition lists its own (the caller names their source, as `ach reconcile A B`
 * does). Merging is exact and order-independent: any order of the same parts gives the same
 * total. Start from ach_recon_report_init() (or a copy of a first report). Both reports'
 * `size` members say how much of them is there (ABI, above): members past the smaller size
 * count as 0 in `part` and are left as they are in `total`.
 * @param[in,out] total the running total; untouched on failure.
 * @param part          a report of ach_recon_report_compute().
 * @return ACH_OK; ACH_EINVAL (NULL argument, or reports as of different dates: compute every
 *         part as of one date, field "as_of"; a report with as_of ACH_DATE_NONE, which has no
 *         record, merges with any; a `size` smaller than libach 0.1's report, field "size");
 *         ACH_EOVERFLOW when a sum would not fit.
 * Thread safety: touches only its arguments; merge the parts of a run from one thread.
 * @since 0.1
 */
ACH_EXTERN ach_status ach_recon_report_merge(ach_recon_report *total,
                                             const ach_recon_report *part,
                                             ach_error *err) ACH_WARN_UNUSED;

/** Kinds of objects an engine holds. Ids are per kind: a charge and a refund may share one. */
typedef enum ach_recon_object_type {
    ACH_RECON_OBJECT_ANY = 0,     /**< ach_recon_lookup(): the first kind below that has the id,
                                       in the order charge, refund, dispute, mandate, account */
    ACH_RECON_OBJECT_ACCOUNT = 1, /**< "account": a bank account (R-ACC-4) */
    ACH_RECON_OBJECT_MANDATE,     /**< "mandate" (R-MAN-1) */
    ACH_RECON_OBJECT_CHARGE,      /**< "charge" (R-CHG-8) */
    ACH_RECON_OBJECT_REFUND,      /**< "refund" (R-REF-2) */
    ACH_RECON_OBJECT_DISPUTE,     /**< "dispute" (R-DSP-2) */
    ACH_RECON_OBJECT_TYPE_COUNT   /**< one past the last kind */
} ach_recon_object_type;

/** One object of an engine as ach_recon_lookup() sees it. Plain value; the `const char *`
 * members point to static strings. A member that does not apply to the kind is 0, "" or
 * ACH_DATE_NONE / ACH_INSTANT_NONE. Never holds an account number: last 4 digits only
 * (R-SEC-1). */
typedef struct ach_recon_object {
    ach_recon_object_type type;
    char id[ACH_ID_SIZE];
    char ref[ACH_ID_SIZE];      /**< what it belongs to: an account's customer, a mandate's
                                     account, a refund's or a dispute's charge; "" for a charge */
    char mandate[ACH_ID_SIZE];  /**< account: the mandate its debits are checked against (its
                                     latest accepted one, R-MAN-1), "" when none */
    const char *status;         /**< the status name: ach_account_status_name() ("verified",
                                     ...), "active" or "revoked" (mandate),
                                     ach_charge_status_name(), ach_refund_status_name(),
                                     ach_dispute_status_name() */
    int status_code;            /**< the status as its enum (::ach_account_status,
                                     ::ach_charge_status, ...); mandate: 1 active, 2 revoked */
    ach_holder_type holder_type; /**< account, charge, dispute (its charge's) */
    char last4[ACH_LAST4_SIZE]; /**< account: the last 4 digits of its number */
    bool test;                  /**< account: a test account (R-ACC-6) */
    uint8_t failed_attempts;    /**< account: failed verifications (R-ACC-4) */
    int64_t amount;             /**< cents: charge, refund, dispute (the disputed charge's) */
    int64_t fee;                /**< cents: a charge's processing fee (R-CHG-3) */
    int64_t refunded;           /**< cents refunded so far: charge */
    char return_code[ACH_CODE_SIZE]; /**< charge: "R01" ... when it failed by a return */
    const char *kind_name;      /**< mandate: ach_mandate_type_name(); dispute: its reason
                                     (ach_dispute_reason_name()); else "" */
    uint32_t flags;             /**< refund, dispute: ACH_FX_DOUBLE_CREDIT, ACH_FX_OUT_OF_WINDOW */
    ach_instant created;        /**< account: ACH_INSTANT_NONE (not kept); mandate: accepted
                                     at; charge, refund: created */
    ach_instant revoked;        /**< mandate: revoked at */
    ach_date processing;        /**< charge (dispute: its charge's): the debit's processing
                                     date (R-CAL-4) */
    ach_date resolve_by;        /**< charge: processing + 4 business days, the outcome is due
                                     (R-CHG-4); refund: its expected_by (R-REF-2) */
    ach_date available_on;      /**< charge: processing + 7 business days, a succeeded charge's
                                     funds are available (R-CHG-5) */
    ach_date refund_deadline;   /**< charge: the last day a refund is accepted (R-REF-1) */
    ach_date dispute_window_end; /**< charge, dispute (its charge's): the last day of the normal
                                     dispute window (R-DSP-1) */
} ach_recon_object;

/** "account", "mandate", "charge", "refund", "dispute"; "" otherwise. */
ACH_EXTERN const char *ach_recon_object_type_name(ach_recon_object_type type) ACH_CONST;

/**
 * Finds an object by id in a live or loaded engine, in O(1) (one hash-table lookup), with its
 * status and the dates that follow from it (from the engine's calendar).
 * @param[out] out the object; untouched on failure.
 * @param type     its kind, or ACH_RECON_OBJECT_ANY.
 * @param id       `len` bytes.
 * @return ACH_OK; ACH_EUNKNOWN_ID when no object of that kind has the id (field "id");
 *         ACH_EINVAL (NULL argument, unknown type). (The derived dates of an object the engine
 *         accepted lie in its calendar: the rules computed them when it was made.)
 * @since 0.1
 */
ACH_EXTERN ach_status ach_recon_lookup(ach_recon_object *out, const ach_recon *engine,
                                       ach_recon_object_type type, const char *id, size_t len,
                                       ach_error *err) ACH_WARN_UNUSED;

/**
 * Receives the bytes of a snapshot from ach_recon_save(), in order, in pieces of any size.
 * @return ACH_OK to go on; any other status stops the save, which returns it.
 */
typedef ach_status (*ach_recon_write_fn)(void *ctx, const void *data, size_t len);

/**
 * Gives ach_recon_load() the next bytes of a snapshot: up to `cap` into `buf`, their number in
 * *got (0 only at the end of the input; fewer than cap is fine).
 * @return ACH_OK; any other status stops the load, which returns it.
 */
typedef ach_status (*ach_recon_read_fn)(void *ctx, void *buf, size_t cap, size_t *got);

/** The version of the snapshot format that ach_recon_save() writes (docs/state-format.md).
 * ach_recon_load() reads this version only: version 1 (libach before issue 18) lacks the state
 * of micro-deposits, outcome dates and Connect accounts and is refused ("version"). */
#define ACH_RECON_STATE_VERSION 2u

/**
 * Writes the engine's whole state (every object, the balances and counters by date, the retry
 * list, the counts of the pass, the kept findings, the identity of its calendar and its fee
 * schedule) to `write` as a snapshot: a versioned, little-endian binary format with CRC-32C
 * checksums, described in docs/state-format.md. The engine is not changed. About 30 bytes per
 * charge plus its id. Not between the calls of one record: call it from the thread that uses
 * the engine, outside its callbacks.
 * @return ACH_OK; what `write` returned when it refused; ACH_ENOMEM; ACH_EINVAL (NULL argument).
 * @since 0.1
 */
ACH_EXTERN ach_status ach_recon_save(const ach_recon *engine, ach_recon_write_fn write,
                                     void *ctx, ach_error *err) ACH_WARN_UNUSED;

/**
 * Makes an engine from a snapshot of ach_recon_save(): the same state, so that applying more
 * records gives exactly what the saving engine would have given (reports, findings, events).
 * `cal` and `opts` are those of ach_recon_new(); the calendar must have the same closure days
 * and the fee schedule (opts->fees, or the default) must be the one the snapshot was made with.
 * Findings beyond opts->max_findings are dropped from the kept list (their counts stay);
 * opts->verify_within_days, which only the report's date applies, is the loading options'.
 * The whole input is checked before anything is built: never a crash, never a silently
 * different state.
 * @param[out] out the engine, owned by the caller (ach_recon_free()); untouched on failure.
 * @return ACH_OK; ACH_ESTATE when the snapshot is refused, err.field naming what: "magic" (not
 *         a snapshot), "version" (a newer or an older format), "checksum" (corrupted: the section is named),
 *         "length" (truncated), "calendar" (another calendar: the identities are given), "fees"
 *         (another fee schedule: the fields that differ are given), "section" (a section this
 *         version needs is missing, or an unknown one it cannot skip), or the field of a record
 *         that holds an impossible value; ACH_ENOMEM; ACH_EINVAL (NULL argument, bad options as
 *         ach_recon_new()); what `read` returned when it failed.
 * @since 0.1
 */
ACH_EXTERN ach_status ach_recon_load(ach_recon **out, const ach_calendar *cal,
                                     const ach_recon_options *opts, ach_recon_read_fn read,
                                     void *ctx, ach_error *err) ACH_WARN_UNUSED;

/** The R-RET-2 return rates as of one date. */
typedef struct ach_recon_rate_day {
    ach_date date;          /**< the report date */
    ach_date from;          /**< the first day of its 60-day window (date - 59) */
    ach_return_rates rates; /**< as ach_recon_report.return_rates as of `date` */
} ach_recon_rate_day;

/**
 * Return rates over time (R-RET-2), for charts: the rates as of each date up to `as_of` on which
 * they can change (a debit or a return enters the 60-day window, or leaves it 60 days later),
 * and as of `as_of` itself (the last entry), in date order. Between two entries the rates stay
 * those of the earlier one; before the first they are zero. Each entry equals
 * ach_recon_report_compute() as of its date, computed in one sweep.
 * @param[out] out    `cap` entries; may be NULL when cap is 0.
 * @param[out] count  the number of entries there are (also on ACH_EBUFS); 0 when the ledger had
 *                    no well-formed record.
 * @param as_of       as in ach_recon_report_compute().
 * @return ACH_OK; ACH_EBUFS when cap < *count (the first cap are written); ACH_EINVAL;
 *         ACH_ENOMEM.
 */
ACH_EXTERN ach_status ach_recon_rate_days(ach_recon_rate_day *out, size_t cap, size_t *count,
                                          const ach_recon *engine, ach_date as_of,
                                          ach_error *err) ACH_WARN_UNUSED;

ACH_END_DECL

#endif /* ACH_RECON_H */
