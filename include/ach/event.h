/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/event.h
 * @brief Events as values (SPEC §7), delivered to a caller-supplied callback.
 *
 * libach never sends anything: a rule that changes state builds an ::ach_event and calls the
 * ::ach_event_fn of its ::ach_env (see ach/rules.h) once per event, synchronously, before it
 * returns. The names are exactly those of SPEC §7 (ach_event_type_name()).
 *
 * String lifetime: every `const char *` in an event is non-NULL (an absent value is ""). Ids
 * point to the strings the caller passed to the rule call (or into the value it passed, such as
 * ach_bank_account.id); names, codes and messages point to static storage. A callback that keeps
 * an event beyond the call must copy the ids it needs.
 */
#ifndef ACH_EVENT_H
#define ACH_EVENT_H

#include "ach/common.h"
#include "ach/error.h"

ACH_BEGIN_DECL

/** Event types (SPEC §7). */
typedef enum ach_event_type {
    ACH_EVENT_CHARGE_PENDING = 1,        /**< "charge.pending": a charge was created (R-CHG-3) */
    ACH_EVENT_CHARGE_SUCCEEDED,          /**< "charge.succeeded" (R-CHG-4) */
    ACH_EVENT_CHARGE_FAILED,             /**< "charge.failed", with failure code and message
                                              (R-CHG-6) */
    ACH_EVENT_CHARGE_DISPUTE_CREATED,    /**< "charge.dispute.created" (R-DSP-2, R-CHG-7) */
    ACH_EVENT_CHARGE_REFUNDED,           /**< "charge.refunded": the whole amount is refunded */
    ACH_EVENT_REFUND_FAILED,             /**< "refund.failed" (R-REF-2) */
    ACH_EVENT_CUSTOMER_SOURCE_UPDATED,   /**< "customer.source.updated": a bank account's status
                                              changed (R-ACC-4) */
    ACH_EVENT_FINANCIAL_CONNECTIONS_ACCOUNT_CREATED /**< "financial_connections.account.created" */
} ach_event_type;

/** Number of event types (they are numbered 1..ACH_EVENT_TYPE_COUNT). */
#define ACH_EVENT_TYPE_COUNT 8

/** An event. Plain value; see the file comment for the lifetime of its strings. */
typedef struct ach_event {
    ach_event_type type;
    ach_instant created;      /**< when it happened (the instant given to the rule call) */
    ach_date business_date;   /**< the business day it counts on: the processing date (R-CAL-4)
                                   of `created` */
    const char *id;           /**< the object the event is about: the charge (charge.pending,
                                   .succeeded, .failed, .refunded), the dispute
                                   (charge.dispute.created; "" for a dispute made by a late
                                   failure, R-CHG-7, which has no id of its own), the refund
                                   (refund.failed), the bank account (customer.source.updated),
                                   the linked account (financial_connections.account.created) */
    const char *charge;       /**< the charge concerned (charge.* and refund.failed), else "" */
    const char *customer;     /**< the customer (customer.source.updated, financial_connections.account.created), else "" */
    int64_t amount;           /**< cents: the charge amount (charge.*), the disputed amount
                                   (charge.dispute.created), the refund amount (refund.failed);
                                   0 otherwise */
    int64_t amount_refunded;  /**< cents refunded so far (charge.refunded), else 0 */
    const char *status;       /**< the new status of the object: "pending", "succeeded",
                                   "failed", "disputed" (charges), "failed" (refunds), "lost"
                                   (disputes), "verified", "verification_failed", ... (bank
                                   accounts), else "" */
    const char *failure_code;    /**< charge.failed: R-CHG-6 code such as "insufficient_funds" */
    const char *failure_message; /**< charge.failed: the fixed human message of that code */
    const char *reason;       /**< charge.dispute.created: the dispute reason, else "" */
    char return_code[4];      /**< the NACHA return reason ("R01") that caused the event, else "" */
    uint32_t flags;           /**< ACH_FX_* flags of the rule call (ach/rules.h), e.g.
                                   ACH_FX_OUT_OF_WINDOW on a dispute */
    uint64_t line;            /**< where it came from, when a reconciliation engine made it
                                   (ach/recon.h): the ledger line of the record being applied,
                                   or the position of the NACHA return entry (`from_return`);
                                   0 from a direct rule call. The callback needs no engine. */
    bool from_return;         /**< `line` is a return entry's position, not a ledger line */
    /* Derived dates (issue 18): ACH_DATE_NONE where an event has none. */
    ach_date resolve_by;      /**< charge.pending: the outcome is due by then (processing + 4
                                   business days, R-CHG-4; later it is overdue, R-CHG-9) */
    ach_date available_on;    /**< charge.pending, charge.succeeded: the funds become available
                                   (R-CHG-5, R-BAL-1) */
    ach_date dispute_deadline; /**< charge.pending: the last day of the normal dispute window;
                                   charge.dispute.created: the window's last day, from which
                                   ACH_FX_OUT_OF_WINDOW follows (R-DSP-1) */
    ach_date refund_expected_from; /**< charge.refunded: the refund reaches the customer from
                                   this date (2 business days, R-REF-2) ... */
    ach_date refund_expected_by;   /**< ... to this one (5 business days) */
    const char *descriptor;   /**< customer.source.updated caused by micro-deposits (amounts
                                   entered, a failed deposit): their statement descriptor,
                                   ACH_MICRODEPOSIT_DESCRIPTOR ("ACCTVERIFY", R-ACC-4); else "" */
} ach_event;

/** The callback that receives events. `ctx` is ach_env.event_ctx; `ev` is valid during the call
 * only. It must not call back into the rule that emitted it with the same object. */
typedef void (*ach_event_fn)(void *ctx, const ach_event *ev);

/**
 * The name of an event type exactly as in SPEC §7, such as "charge.dispute.created".
 * @return static storage, never NULL; "unknown" for a value outside ::ach_event_type.
 */
ACH_EXTERN const char *ach_event_type_name(ach_event_type type) ACH_CONST;

/**
 * Parses exactly `len` bytes of `text` as an event name of SPEC §7.
 * @param[out] out the type; untouched on failure.
 * @return ACH_OK, or ACH_ENOTFOUND (err->field "type") for any other text.
 */
ACH_EXTERN ach_status ach_event_type_parse(ach_event_type *out, const char *text, size_t len,
                                           ach_error *err) ACH_WARN_UNUSED;

/** An out-array of events: pass ach_event_buffer_push as ach_env.on_event and a buffer as
 * ach_env.event_ctx to collect a call's events in order. The strings of the stored events follow
 * the lifetime rule of the file comment. */
typedef struct ach_event_buffer {
    ach_event *items; /**< caller-owned array of `cap` events */
    size_t cap;
    size_t count;     /**< events stored */
    size_t dropped;   /**< events that did not fit (never written) */
} ach_event_buffer;

/** `ach_event_buffer buf = ACH_EVENT_BUFFER_INIT(array, n);` */
#define ACH_EVENT_BUFFER_INIT(array, n) {(array), (n), 0, 0}

/** An ::ach_event_fn that appends `ev` to the ::ach_event_buffer `buffer` (or counts it in
 * `dropped` when the buffer is full). */
ACH_EXTERN void ach_event_buffer_push(void *buffer, const ach_event *ev);

ACH_END_DECL

#endif /* ACH_EVENT_H */
