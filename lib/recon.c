/* SPDX-License-Identifier: Apache-2.0 */
/* The reconciliation engine (issue 6; SPEC §10, §11, R-BAL-1, R-RET-1 … R-RET-3, R-SEC-1).
 *
 * One pass, record by record: find the objects a record names in the hash tables, rebuild the
 * rule values from their compact records, call the rule, store back what changed, book the
 * balance transactions and status changes on their dates, make the findings. See ach/recon.h.
 *
 * Memory. Every object is a variable-length record in one arena (idmap.h), its id at the end:
 *
 *   account  kind status failed holder test_answer test_rc md0 md1 | last4[4] | mandate ref u32
 *            | mandate accepted s40 | md_sent u24 | settled u24 | idlen id | custlen customer
 *                                                                                (28 + ids)
 *            md_sent: 1 + the processing date of the micro-deposits, 0 when none; settled:
 *            1 + the date it was verified or failed verification, 0 while it is neither
 *            (R-ACC-4b: unverified as of a date)
 *   mandate  kind type revoked - | account ref u32 | accepted s40 | revoked s40 | idlen id (19+id)
 *   charge   kind status holder connect return_code proc_delta | created s40 | amount u40 |
 *            fee u40 | outcome_delta u16 | script | idlen id | [trace u64 when REC_TRACE]
 *                                                                                 (25+id)
 *            outcome_delta: 1 + days from the creation date to the first outcome's date, 0
 *            while pending (R-CHG-9: pending as of any date); script: 0 for a live account,
 *            else 1 + the test number's scripted outcome (R-ACC-6)
 *   refund   kind status side flags | charge ref u32 | amount s40 | created s40 | idlen id
 *   dispute  kind reason flags - | charge ref u32 | idlen id
 *
 * The rule values (ach_bank_account ~240 bytes, ach_mandate 144, ach_charge 48, ach_refund ~170)
 * are too large to keep per object within the budget of 100 bytes per live charge, so each rule
 * call works on a value rebuilt from the record (load_*) and the fields the rule may change are
 * written back (store_*). A charge keeps its amounts in 40 bits and its processing date as days
 * after its creation date; a Connect charge (REC_CONNECT) also its application fee and account. The
 * cents refunded, 0 for all but a few charges, live in a side table (REC_REFUNDED): 8 bytes less
 * on every charge record, the largest share of the engine's memory.
 *
 * Safety of a record's effects: everything a record may need to allocate (its arena record, a
 * table slot, date buckets, findings) is reserved before the rule is called, so once a rule has
 * succeeded and emitted its events, booking it cannot fail. */
#include "ach/recon.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ach/account.h"
#include "ach/mandate.h"
#include "ach/refund.h"
#include "ach/dispute.h"
#include "ach/date.h"
#include "ach/testmode.h"
#include "idmap.h"
#include "internal.h"
#include "recon_internal.h"
#include "rules_internal.h" /* ach__id_check_view(): the rules' id check */

/* ---- findings kinds ---------------------------------------------------------------------- */

static const struct {
    const char *name;
    ach_recon_severity severity;
} kinds[ACH_RECON_KIND_COUNT] = {
    [ACH_RECON_MALFORMED] = {"malformed", ACH_RECON_REJECTED},
    [ACH_RECON_UNKNOWN_ID] = {"unknown_id", ACH_RECON_REJECTED},
    [ACH_RECON_DUPLICATE_ID] = {"duplicate_id", ACH_RECON_REJECTED},
    [ACH_RECON_UNVERIFIED_ACCOUNT] = {"unverified_account", ACH_RECON_REJECTED},
    [ACH_RECON_NO_MANDATE] = {"no_mandate", ACH_RECON_REJECTED},
    [ACH_RECON_NON_USD] = {"non_usd", ACH_RECON_REJECTED},
    [ACH_RECON_UNKNOWN_CHARGE] = {"unknown_charge", ACH_RECON_REJECTED},
    [ACH_RECON_ILLEGAL_TRANSITION] = {"illegal_transition", ACH_RECON_REJECTED},
    [ACH_RECON_REFUND_AFTER_WINDOW] = {"refund_after_window", ACH_RECON_REJECTED},
    [ACH_RECON_REFUND_ABOVE_AMOUNT] = {"refund_above_amount", ACH_RECON_REJECTED},
    [ACH_RECON_REFUND_NOT_SUCCEEDED] = {"refund_not_succeeded", ACH_RECON_REJECTED},
    [ACH_RECON_NO_MICRODEPOSITS] = {"no_microdeposits", ACH_RECON_REJECTED},
    [ACH_RECON_VERIFICATION_LOCKED] = {"verification_locked", ACH_RECON_REJECTED},
    [ACH_RECON_INVALID_ACCOUNT] = {"invalid_account", ACH_RECON_REJECTED},
    [ACH_RECON_INVALID_VALUE] = {"invalid_value", ACH_RECON_REJECTED},
    [ACH_RECON_OUT_OF_RANGE] = {"out_of_range", ACH_RECON_REJECTED},
    [ACH_RECON_UNMATCHED_RETURN] = {"unmatched_return", ACH_RECON_REJECTED},
    [ACH_RECON_DUPLICATE_RETURN] = {"duplicate_return", ACH_RECON_REJECTED},
    [ACH_RECON_AMOUNT_MISMATCH] = {"amount_mismatch", ACH_RECON_REJECTED},
    [ACH_RECON_OUT_OF_WINDOW_DISPUTE] = {"out_of_window_dispute", ACH_RECON_FLAGGED},
    [ACH_RECON_DOUBLE_CREDIT] = {"double_credit", ACH_RECON_FLAGGED},
    [ACH_RECON_LATE_RETURN] = {"late_return", ACH_RECON_FLAGGED},
    [ACH_RECON_OUT_OF_ORDER] = {"out_of_order", ACH_RECON_FLAGGED},
    [ACH_RECON_UNKNOWN_RETURN_CODE] = {"unknown_return_code", ACH_RECON_FLAGGED},
    [ACH_RECON_INVALID_CURRENCY] = {"invalid_currency", ACH_RECON_REJECTED},
    [ACH_RECON_OVERDUE_CHARGE] = {"overdue_charge", ACH_RECON_FLAGGED},
    [ACH_RECON_LATE_OUTCOME] = {"late_outcome", ACH_RECON_FLAGGED},
    [ACH_RECON_TEST_OUTCOME_MISMATCH] = {"test_outcome_mismatch", ACH_RECON_FLAGGED},
    [ACH_RECON_EARLY_VERIFICATION] = {"early_verification", ACH_RECON_FLAGGED},
    [ACH_RECON_UNVERIFIED_MICRODEPOSITS] = {"unverified_microdeposits", ACH_RECON_FLAGGED},
};

const char *ach_recon_kind_name(ach_recon_kind kind)
{
    if ((int)kind < 1 || kind >= ACH_RECON_KIND_COUNT) return "";
    return kinds[kind].name;
}

ach_recon_severity ach_recon_kind_severity(ach_recon_kind kind)
{
    if ((int)kind < 1 || kind >= ACH_RECON_KIND_COUNT) return (ach_recon_severity)0;
    return kinds[kind].severity;
}

const char *ach_recon_severity_name(ach_recon_severity severity)
{
    switch (severity) {
    case ACH_RECON_REJECTED: return "rejected";
    case ACH_RECON_FLAGGED: return "flagged";
    default: return "";
    }
}

/* The kind of a rule's refusal. */
static ach_recon_kind kind_of(ach_status st)
{
    switch (st) {
    case ACH_EUNVERIFIED: return ACH_RECON_UNVERIFIED_ACCOUNT;
    case ACH_ENOMANDATE: return ACH_RECON_NO_MANDATE;
    case ACH_ECURRENCY: return ACH_RECON_NON_USD;
    case ACH_ETRANSITION: return ACH_RECON_ILLEGAL_TRANSITION;
    case ACH_EREFUND_WINDOW: return ACH_RECON_REFUND_AFTER_WINDOW;
    case ACH_EREFUND_AMOUNT: return ACH_RECON_REFUND_ABOVE_AMOUNT;
    case ACH_EREFUND_STATE: return ACH_RECON_REFUND_NOT_SUCCEEDED;
    case ACH_EVERIFY_LOCKED: return ACH_RECON_VERIFICATION_LOCKED;
    case ACH_ERANGE: return ACH_RECON_OUT_OF_RANGE;
    case ACH_EUNKNOWN_ID: return ACH_RECON_UNKNOWN_ID;
    case ACH_EDUPLICATE: return ACH_RECON_DUPLICATE_ID;
    case ACH_ECOUNTRY:
    case ACH_EHOLDER_TYPE: return ACH_RECON_INVALID_ACCOUNT;
    default:
        /* the validators' range (-100..-199): routing, account number, name (R-ACC-2, R-ACC-3) */
        if (st <= -100 && st > -200) return ACH_RECON_INVALID_ACCOUNT;
        return ACH_RECON_INVALID_VALUE;
    }
}

static void on_rule_event(void *ctx, const ach_event *ev)
{
    ach_recon *e = ctx;
    if ((int)ev->type >= 1 && (int)ev->type <= ACH_EVENT_TYPE_COUNT) e->events[ev->type]++;
    if (!e->opts.on_event) return;
    /* the line it came from travels with the event, so the callback needs no engine handle */
    ach_event with_line = *ev;
    with_line.line = e->line;
    with_line.from_return = e->origin == ACH_RECON_RETURN;
    e->opts.on_event(e->opts.event_ctx, &with_line);
}

ach_status ach_recon_new(ach_recon **out, const ach_calendar *cal, const ach_recon_options *opts,
                         ach_error *err)
{
    if (!out || !cal) return ach__fail(err, ACH_EINVAL, "calendar", 0, 0, "no calendar given");
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    if (opts) {
        if (opts->version != ACH_RECON_OPTIONS_VERSION && opts->version != 1 &&
            opts->version != 2)
            return ach__fail(err, ACH_EINVAL, "version", 0, 0,
                             "options version %u is not %u", opts->version,
                             ACH_RECON_OPTIONS_VERSION);
        /* version 1 ends before verify_within_days, version 2 before threads */
        memcpy(&o, opts, opts->version == 1   ? offsetof(ach_recon_options, verify_within_days)
                         : opts->version == 2 ? offsetof(ach_recon_options, threads)
                                              : sizeof o);
        o.version = ACH_RECON_OPTIONS_VERSION;
    }
    if (!o.verify_within_days) o.verify_within_days = ACH_MICRODEPOSIT_VERIFY_WITHIN_DEFAULT;
    ach_fee_schedule fees = *(o.fees ? o.fees : ach_fee_schedule_default());
    ach_status st = ach_fee_schedule_check(&fees, err);
    if (st != ACH_OK) return st;
    ach_recon *e = calloc(1, sizeof *e);
    if (!e) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    e->cal = cal;
    e->fees = fees;
    e->opts = o;
    e->opts.fees = &e->fees;
    e->env.calendar = cal;
    e->env.fees = &e->fees;
    e->env.on_event = on_rule_event;
    e->env.event_ctx = e;
    /* the tables' hash key (issue 17: ids, trace numbers and dates come from outside) */
    e->hash_key = ach__hash_key(o.hash_seed);
    ach__idmap_init(&e->accounts, &e->arena, ACC_ID_AT, e->hash_key);
    ach__idmap_init(&e->mandates, &e->arena, MAN_ID_AT, e->hash_key);
    ach__idmap_init(&e->charges, &e->arena, CHG_ID_AT, e->hash_key);
    ach__idmap_init(&e->refunds, &e->arena, REF_ID_AT, e->hash_key);
    ach__idmap_init(&e->disputes, &e->arena, DSP_ID_AT, e->hash_key);
    ach__idmap_init(&e->none, &e->arena, 0, e->hash_key);
    e->traces.key = e->charge_dispute.key = e->charge_refunded.key = e->day_index.key =
        e->hash_key;
    e->cx_index.key = e->cx_day_index.key = e->hash_key; /* Connect accounts (issue 18) */
    e->none.groups = &e->none_group; /* never inserted into, never freed */
    e->table_of[0] = &e->none;
    e->table_of[REC_ACCOUNT] = &e->accounts;
    e->table_of[REC_MANDATE] = &e->mandates;
    e->table_of[REC_CHARGE] = &e->charges;
    e->table_of[REC_REFUND] = &e->refunds;
    e->table_of[REC_DISPUTE] = &e->disputes;
    e->first_date = e->last_date = ACH_DATE_NONE;
    for (size_t i = 0; i < DAY_CACHE; i++) e->day_cache[i].date = ACH_DATE_NONE;
    *out = e;
    return ACH_OK;
}

void ach_recon_free(ach_recon *e)
{
    if (!e) return;
    ach__arena_free(&e->arena);
    ach__idmap_free(&e->accounts);
    ach__idmap_free(&e->mandates);
    ach__idmap_free(&e->charges);
    ach__idmap_free(&e->refunds);
    ach__idmap_free(&e->disputes);
    ach__u64map_free(&e->traces);
    ach__u64map_free(&e->charge_dispute);
    ach__u64map_free(&e->charge_refunded);
    free(e->refunded);
    ach__u64map_free(&e->day_index);
    free(e->days);
    free(e->retries);
    free(e->cx);
    free(e->cx_days);
    ach__u64map_free(&e->cx_index);
    ach__u64map_free(&e->cx_day_index);
    free(e->findings);
    free(e->text);
    free(e);
}

uint64_t ach_recon_line(const ach_recon *e)
{
    return e ? e->line : 0;
}

/* ---- growth (reserved before a rule call, so that booking never fails) ---------------------- */

static bool grow(void **p, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap) return true;
    size_t n = *cap ? *cap : first;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size) return false;
        n *= 2;
    }
    void *q = realloc(*p, n * size);
    if (!q) return false;
    *p = q;
    *cap = n;
    return true;
}

/* Per record at most: one arena record, 4 new dates (the record's, a release's, ...), 4
 * findings of up to 1 KiB of text, one retry. */
#define RESERVE_DAYS 4u
#define RESERVE_FINDINGS 4u
#define RESERVE_TEXT 4096u

/* How many records in a row fit what reserve() has made room for (at least 1). */
static size_t records_of_room(const ach_recon *e)
{
    const size_t rec_max = (REC_MAX + 3u) & ~(size_t)3u; /* the arena rounds to 4 */
    size_t n = (e->arena.room - e->arena.used) / rec_max;
    size_t m = ach__u64map_room(&e->day_index) / RESERVE_DAYS;
    if (m < n) n = m;
    if ((m = (e->days_cap - e->ndays) / RESERVE_DAYS) < n) n = m;
    if ((m = e->retries_cap - e->nretries) < n) n = m;
    if ((m = (e->cx_days_cap - e->ncx_days) / RESERVE_DAYS) < n) n = m;
    if ((m = ach__u64map_room(&e->cx_day_index) / RESERVE_DAYS) < n) n = m;
    if (e->nfindings < e->opts.max_findings) {
        if ((m = (e->findings_cap - e->nfindings) / RESERVE_FINDINGS) < n) n = m;
        if ((m = (e->text_cap - e->text_used) / RESERVE_TEXT) < n) n = m;
    }
    return n;
}

/* Makes room for what a record may add (above), growing what must grow, and counts in
 * e->budget how many more records are sure to fit after this one. Room is made for a batch of
 * records at a time, so that the countdown seldom ends; the batch grows with the engine (up to
 * 32 records: 128 KiB of finding text), so a small engine stays small. */
static ach_status reserve_slow(ach_recon *e, ach_error *err)
{
    size_t batch = e->records / 256 + 1;
    if (batch > 32) batch = 32;
    bool ok = ach__arena_reserve(&e->arena, REC_MAX) == ACH_OK &&
              ach__u64map_reserve(&e->day_index, RESERVE_DAYS * batch) == ACH_OK &&
              grow((void **)&e->days, &e->days_cap, e->ndays + RESERVE_DAYS * batch,
                   sizeof *e->days, 64) &&
              grow((void **)&e->retries, &e->retries_cap, e->nretries + batch,
                   sizeof *e->retries, 64) &&
              grow((void **)&e->cx_days, &e->cx_days_cap, e->ncx_days + RESERVE_DAYS * batch,
                   sizeof *e->cx_days, 16) &&
              ach__u64map_reserve(&e->cx_day_index, RESERVE_DAYS * batch) == ACH_OK;
    if (ok && e->nfindings < e->opts.max_findings)
        ok = grow((void **)&e->findings, &e->findings_cap,
                  e->nfindings + RESERVE_FINDINGS * batch, sizeof *e->findings, 64) &&
             grow((void **)&e->text, &e->text_cap, e->text_used + RESERVE_TEXT * batch, 1,
                  65536);
    if (!ok) return ach__fail(err, ACH_ENOMEM, NULL, e->line, 0, "out of memory");
    size_t n = records_of_room(e);
    e->budget = n ? n - 1 : 0;
    return ACH_OK;
}

/* Called before each record: a countdown in the common case, where everything has room. */
static inline ach_status reserve(ach_recon *e, ach_error *err)
{
    if (ACH__LIKELY(e->budget)) {
        e->budget--;
        return ACH_OK;
    }
    return reserve_slow(e, err);
}

/* Makes room for one more entry in `m`. Each growth of a map re-reads every id it holds, at
 * random places in the arena; during ach_recon_read() of an input of known size, a map that
 * must grow is therefore sized for the entries it would hold at the end if the rest of the input
 * were like what has been read (count x size / bytes read), not just doubled. The projection is
 * trusted (the map grows straight to it) once a sixteenth of the input has been read: early on
 * it is bounded, since the first records of a ledger are not like the rest (accounts first). */
static ach_status reserve_map(ach_recon *e, ach__idmap *m, ach_error *err)
{
    if (ACH__LIKELY(!ach__idmap_full(m))) return ACH_OK;
    size_t expect = 0;
    bool trusted = false;
    if (e->reading || e->reading_stats) {
        ach_ledger_stats st;
        if (e->reading_stats) st = *e->reading_stats; /* the reader is on another thread */
        else ach_ledger_reader_stats(&st, e->reading);
        if (st.size > st.bytes && st.bytes > 0) {
            double x = (double)m->count * ((double)st.size / (double)st.bytes);
            expect = x < 1e15 ? (size_t)x : (size_t)1e15; /* the map caps its growth anyway */
            trusted = st.bytes >= st.size / 16; /* then x is at most 16 times the count */
        }
    }
    if (ach__idmap_reserve(m, &e->arena, expect, trusted) != ACH_OK)
        return ach__fail(err, ACH_ENOMEM, NULL, e->line, 0, "out of memory");
    return ACH_OK;
}

/* ---- dates ---------------------------------------------------------------------------------- */

static day *day_lookup(ach_recon *e, ach_date date, size_t slot);

static inline day *day_at(ach_recon *e, ach_date date)
{
    size_t slot = (uint32_t)date % DAY_CACHE;
    if (ACH__LIKELY(date == e->day_cache[slot].date)) return &e->days[e->day_cache[slot].index];
    return day_lookup(e, date, slot);
}

/* day_at() past its cache: the day of `date`, added when new; cached in `slot`. */
static day *day_lookup(ach_recon *e, ach_date date, size_t slot)
{
    uint64_t key = (uint64_t)(uint32_t)date;
    uint32_t v = ach__u64map_get(&e->day_index, key);
    size_t i;
    if (v) {
        i = v - 1;
    } else {
        /* reserved by reserve(): a record touches at most two dates (its own and a release's) */
        i = e->ndays++;
        memset(&e->days[i], 0, sizeof e->days[i]);
        e->days[i].date = date;
        ach__u64map_put(&e->day_index, key, (uint32_t)(i + 1));
    }
    e->day_cache[slot].date = date;
    e->day_cache[slot].index = (uint32_t)i;
    return &e->days[i];
}

static uint32_t charge_connect_account(const ach_recon *e, uint32_t ref);

/* The Connect account's change on a date (reserved by reserve()). */
static void cx_book(ach_recon *e, uint32_t account, ach_date date, int64_t pending,
                    int64_t available)
{
    uint64_t key = (uint64_t)(account + 1) << 32 | (uint32_t)date;
    uint32_t v = ach__u64map_get(&e->cx_day_index, key);
    if (!v) {
        e->cx_days[e->ncx_days] = (struct cx_day){account, date, 0, 0};
        v = (uint32_t)++e->ncx_days;
        ach__u64map_put(&e->cx_day_index, key, v);
    }
    e->cx_days[v - 1].pending += pending;
    e->cx_days[v - 1].available += available;
}

/* Books the balance transactions of a rule call on their dates (R-BAL-1); `charge` is the
 * record of the charge concerned (its Connect account's balance, R-CON-1), 0 when none. */
static void book(ach_recon *e, const ach_effects *fx, uint32_t charge)
{
    uint32_t cx = charge ? charge_connect_account(e, charge) : UINT32_MAX;
    for (size_t i = 0; i < fx->txn_count; i++) {
        const ach_balance_txn *t = &fx->txns[i];
        day *d = day_at(e, t->date);
        d->balance_changed = true;
        if (t->side == ACH_SIDE_CONNECTED) {
            d->c_pending += t->pending;
            d->c_available += t->available;
            d->c_net += t->net;
            if (cx != UINT32_MAX) cx_book(e, cx, t->date, t->pending, t->available);
            continue;
        }
        d->p_pending += t->pending;
        d->p_available += t->available;
        d->p_net += t->net;
        switch (t->type) {
        case ACH_TXN_CHARGE: d->gross += t->amount; d->fees += t->fee; break;
        case ACH_TXN_CHARGE_REVERSAL: d->reversed -= t->amount; d->fees += t->fee; break;
        case ACH_TXN_FAILURE_FEE:
        case ACH_TXN_DISPUTE_FEE: d->fees -= t->amount; break;
        case ACH_TXN_DISPUTE: d->disputed -= t->amount; break;
        case ACH_TXN_REFUND: d->refunded -= t->amount; break;
        case ACH_TXN_REFUND_FAILURE: d->refund_failed += t->amount; break;
        case ACH_TXN_TRANSFER:
        case ACH_TXN_TRANSFER_REVERSAL: d->transferred -= t->amount; break;
        case ACH_TXN_APPLICATION_FEE:
        case ACH_TXN_APPLICATION_FEE_REFUND: d->app_fees += t->amount; break;
        default: break; /* a release moves nothing in total */
        }
    }
}

static void status_move(ach_recon *e, ach_date date, int from, int to)
{
    day *d = day_at(e, date);
    if (from) d->status[from]--;
    d->status[to]++;
}

/* ---- findings ------------------------------------------------------------------------------ */

static size_t text_put(ach_recon *e, const char *s, size_t len)
{
    size_t off = e->text_used;
    memcpy(e->text + off, s, len);
    e->text[off + len] = '\0';
    e->text_used += len + 1;
    return off;
}

/* Makes a finding about the record being applied. `id` may be NULL. */
ACH__COLD static void finding(ach_recon *e, ach_recon_kind kind, ach_status status,
                              const char *id, size_t idlen, uint32_t column, ach_ledger_fault fault,
                              const char *message)
{
    e->findings_total++;
    e->by_kind[kind]++;
    if (kinds[kind].severity == ACH_RECON_FLAGGED) e->nflags++;
    if (!id) {
        id = "";
        idlen = 0;
    }
    if (idlen > ACH_LEDGER_ID_MAX) idlen = ACH_LEDGER_ID_MAX;
    size_t mlen = strlen(message);
    if (mlen > 900) mlen = 900;
    ach_recon_finding f = {e->line, column, kind, kinds[kind].severity, e->origin, fault, status,
                           e->type, "", ""};
    char idtmp[ACH_LEDGER_ID_SIZE];
    char msgtmp[901];
    if (e->nfindings < e->opts.max_findings && e->nfindings < e->findings_cap &&
        e->text_used + idlen + mlen + 2 <= e->text_cap) {
        finding_rec *r = &e->findings[e->nfindings++];
        r->line = e->line;
        r->column = column;
        r->kind = (uint8_t)kind;
        r->severity = (uint8_t)kinds[kind].severity;
        r->origin = (uint8_t)e->origin;
        r->fault = (uint8_t)fault;
        r->type = (uint8_t)e->type;
        r->status = status;
        r->id_off = text_put(e, id, idlen);
        r->msg_off = text_put(e, message, mlen);
        f.id = e->text + r->id_off;
        f.message = e->text + r->msg_off;
    } else {
        memcpy(idtmp, id, idlen);
        idtmp[idlen] = '\0';
        memcpy(msgtmp, message, mlen);
        msgtmp[mlen] = '\0';
        f.id = idtmp;
        f.message = msgtmp;
    }
    if (e->opts.on_finding) e->opts.on_finding(e->opts.finding_ctx, &f);
}

ACH__COLD static void findingf(ach_recon *e, ach_recon_kind kind, ach_status status,
                               const idbuf *id, const char *fmt, ...) ACH_PRINTF(5, 6);

static void findingf(ach_recon *e, ach_recon_kind kind, ach_status status, const idbuf *id,
                     const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    finding(e, kind, status, id ? id->s : NULL, id ? id->len : 0, 0, ACH_LEDGER_FAULT_NONE, msg);
}

/* Rejects the record with the rule's refusal in e->err. */
ACH__COLD static void refuse(ach_recon *e, ach_status st, const idbuf *id)
{
    if (e->err.field[0])
        findingf(e, kind_of(st), st, id, "%s: %s", e->err.field, e->err.message);
    else
        findingf(e, kind_of(st), st, id, "%s", e->err.message);
}

/* ---- records <-> rule values --------------------------------------------------------------- */

static uint8_t *at(const ach_recon *e, uint32_t ref)
{
    return ach__arena_at(&e->arena, ref);
}

static void load_account(ach_bank_account *a, const uint8_t *r)
{
    memset(a, 0, sizeof *a);
    size_t idlen = r[ACC_ID_AT];
    const uint8_t *cust = r + ACC_ID_AT + 1 + idlen;
    ach__copy_short(a->id, r + ACC_ID_AT + 1, idlen);
    ach__copy_short(a->customer, cust + 1, cust[0]);
    /* ach_account_is_test() reads the routing number; a live account's is not needed again */
    if (r[0] & REC_TEST) memcpy(a->routing, ACH_TEST_ROUTING, sizeof ACH_TEST_ROUTING);
    /* only the last 4 digits are kept (R-SEC-1): all that messages may show */
    memcpy(a->account_number, r + 8, 4);
    a->holder_type = (ach_holder_type)r[3];
    memcpy(a->country, "US", 3);
    memcpy(a->currency, "usd", 4);
    a->status = (ach_account_status)r[1];
    a->failed_attempts = r[2];
    a->test_answer = (ach_test_answer)r[4];
    a->test_return_code = r[5];
    a->microdeposits[0] = r[6];
    a->microdeposits[1] = r[7];
}

static void store_account(uint8_t *r, const ach_bank_account *a)
{
    r[1] = (uint8_t)a->status;
    r[2] = a->failed_attempts;
    r[6] = (uint8_t)a->microdeposits[0]; /* 0..99 (R-ACC-4) */
    r[7] = (uint8_t)a->microdeposits[1];
}

static void st_date24(uint8_t *p, ach_date d)
{
    uint32_t v = d == ACH_DATE_NONE || d < 0 || d >= 0xffffff ? 0 : (uint32_t)d + 1;
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
}

/* Keeps the date an account left `new`/`validated` (verified, or failed for good). */
static void account_settle(uint8_t *r, ach_account_status before, const ach_bank_account *a,
                           ach_date date)
{
    bool was_open = before == ACH_ACCOUNT_NEW || before == ACH_ACCOUNT_VALIDATED;
    bool open = a->status == ACH_ACCOUNT_NEW || a->status == ACH_ACCOUNT_VALIDATED;
    if (was_open && !open) st_date24(r + ACC_SETTLED_AT, date);
}

static void load_mandate(ach_mandate *m, const uint8_t *r, const char *account_id,
                         size_t account_len)
{
    memset(m, 0, sizeof *m);
    memcpy(m->id, r + MAN_ID_AT + 1, r[MAN_ID_AT]);
    memcpy(m->account, account_id, account_len < ACH_ID_MAX ? account_len : ACH_ID_MAX);
    m->type = (ach_mandate_type)r[1];
    m->accepted_at = ach__ld40(r + 8);
    m->revoked_at = r[2] ? ach__ld40(r + 13) : ACH_INSTANT_NONE;
}

/* The unrevoked mandate of an account as a charge needs it (R-MAN-1), from the copy of its state
 * the account record keeps: a charge then reads no mandate record. The mandate's id, which only
 * a refusal's message shows, is left empty (apply_charge() reads it when the rule refuses); a
 * revoked mandate (REC_MANDATE_REVOKED, rare) is read from its own record. */
static void load_account_mandate(ach_mandate *m, const uint8_t *acct, const char *account_id,
                                 size_t account_len)
{
    memset(m, 0, sizeof *m);
    ach__copy_short(m->account, account_id, account_len < ACH_ID_MAX ? account_len : ACH_ID_MAX);
    m->type = acct[0] & REC_MANDATE_OFFLINE ? ACH_MANDATE_OFFLINE : ACH_MANDATE_ONLINE;
    m->accepted_at = ach__ld40(acct + 16);
    m->revoked_at = ACH_INSTANT_NONE;
}

/* Makes `mandate` (record at `mref`, value `v`) the one an account's charges are checked
 * against, or refreshes the account's copy of it after a revocation. */
static void copy_mandate_state(uint8_t *acct, uint32_t mref, const ach_mandate *v)
{
    ach__st32(acct + 12, mref);
    acct[0] = (uint8_t)(acct[0] & ~(REC_MANDATE_REVOKED | REC_MANDATE_OFFLINE));
    if (v->type == ACH_MANDATE_OFFLINE) acct[0] |= REC_MANDATE_OFFLINE;
    ach__st40(acct + 16, v->accepted_at);
    if (v->revoked_at != ACH_INSTANT_NONE) acct[0] |= REC_MANDATE_REVOKED;
}

/* The index of a Connect charge's account in e->cx, UINT32_MAX for another charge. */
static uint32_t charge_connect_account(const ach_recon *e, uint32_t ref)
{
    const uint8_t *r = at(e, ref);
    if (!(r[0] & REC_CONNECT)) return UINT32_MAX;
    const uint8_t *x = r + CHG_ID_AT + 1 + r[CHG_ID_AT] + (r[0] & REC_TRACE ? 8 : 0);
    return ach__ld32(x + 8);
}

/* The index of Connect account `id` in e->cx, added when new (room reserved by the caller with
 * cx_reserve()). */
static uint32_t cx_account(ach_recon *e, const char *id, size_t len)
{
    uint64_t h = ach__id_hash(e->hash_key, id, len) | 1u; /* never 0 */
    uint32_t v = ach__u64map_get(&e->cx_index, h);
    if (v && strlen(e->cx[v - 1].id) == len && memcmp(e->cx[v - 1].id, id, len) == 0)
        return v - 1;
    for (size_t i = 0; v && i < e->ncx; i++) /* a hash collision: look at them all */
        if (strlen(e->cx[i].id) == len && memcmp(e->cx[i].id, id, len) == 0) return (uint32_t)i;
    size_t i = e->ncx++;
    memcpy(e->cx[i].id, id, len);
    e->cx[i].id[len] = '\0';
    if (!v) ach__u64map_put(&e->cx_index, h, (uint32_t)(i + 1));
    return (uint32_t)i;
}

static bool cx_reserve(ach_recon *e)
{
    return grow((void **)&e->cx, &e->cx_cap, e->ncx + 1, sizeof *e->cx, 4) &&
           ach__u64map_reserve(&e->cx_index, 1) == ACH_OK;
}

/* Writes a charge value back. A charge refunded for the first time gets its side-table entry,
 * reserved by apply_refund() (the only rule call that changes `refunded`). */
static void store_charge(ach_recon *e, uint32_t ref, const ach_charge *c)
{
    uint8_t *r = at(e, ref);
    if (r[0] & REC_REFUNDED) {
        e->refunded[ach__u64map_get(&e->charge_refunded, ref) - 1] = c->refunded;
    } else if (c->refunded) {
        e->refunded[e->nrefunded++] = c->refunded;
        ach__u64map_put(&e->charge_refunded, ref, (uint32_t)e->nrefunded);
        r[0] |= REC_REFUNDED;
    }
    r[1] = c->status;
    r[2] = c->holder_type;
    r[3] = c->connect;
    r[4] = c->return_code;
    r[CHG_LAG_AT] = (uint8_t)(c->processing - ach__instant_date(c->created));
    ach__st40(r + CHG_CREATED_AT, c->created);
    ach__st40(r + 11, c->amount);
    ach__st40(r + 16, c->fee);
}

static void set_charge_outcome_date(uint8_t *r, ach_date date)
{
    int64_t d = (int64_t)date - charge_created_date(r) + 1;
    if (d < 1) d = 1; /* an outcome dated before its charge (out of order): on its creation date */
    if (d > 0xffff) d = 0xffff;
    r[CHG_OUTCOME_AT] = (uint8_t)d;
    r[CHG_OUTCOME_AT + 1] = (uint8_t)(d >> 8);
}

/* The scripted outcome of a charge's test number (ach_charge_test_outcome()): -1 for a live
 * account. */
static int charge_script(const uint8_t *r)
{
    return (int)r[CHG_SCRIPT_AT] - 1;
}

/* Looks an id up in `m`. */
static uint32_t find(const ach_recon *e, const ach__idmap *m, const char *id, size_t len)
{
    return ach__idmap_find(m, &e->arena, id, len, ach__id_hash(e->hash_key, id, len));
}

/* Allocates a record of `fixed` bytes + the id (+ `extra`), and writes kind and id. */
static uint32_t new_record(ach_recon *e, uint8_t kind, uint32_t id_at, const idbuf *id,
                           size_t extra)
{
    uint32_t ref = 0;
    /* reserved by reserve(): cannot fail */
    (void)ach__arena_alloc(&ref, &e->arena, id_at + 1 + id->len + extra);
    uint8_t *r = at(e, ref);
    r[0] = kind;
    r[id_at] = (uint8_t)id->len;
    memcpy(r + id_at + 1, id->s, id->len);
    return ref;
}

/* ---- one ledger record ------------------------------------------------------------------- */

typedef struct rec_ctx {
    const ach_ledger_record *rec;
    ach_date date;
    idbuf id;  /* the `id` column */
    idbuf ref; /* the `ref` column */
    uint64_t h_id, h_ref; /* their hashes (ach__id_hash()) */
} rec_ctx;

static const ach_ledger_field *fld(const rec_ctx *c, ach_ledger_column col)
{
    return &c->rec->field[col];
}

/* The id a finding names: the record's id, else its ref. */
static const idbuf *subject(const rec_ctx *c)
{
    return c->id.len ? &c->id : &c->ref;
}

ACH__COLD static void unknown(ach_recon *e, const rec_ctx *c, ach_recon_kind kind,
                              const char *what)
{
    findingf(e, kind, ACH_EUNKNOWN_ID, subject(c), "ref: no %s '%s' (SPEC §10)", what, c->ref.s);
}

ACH__COLD static void duplicate(ach_recon *e, const rec_ctx *c, const char *what)
{
    findingf(e, ACH_RECON_DUPLICATE_ID, ACH_EDUPLICATE, &c->id,
             "id: a %s with id '%s' already exists (SPEC §10)", what, c->id.s);
}

static bool apply_account(ach_recon *e, const rec_ctx *c)
{
    uint64_t h = c->h_id;
    if (ach__idmap_find(&e->accounts, &e->arena, c->id.s, c->id.len, h)) {
        duplicate(e, c, "bank account");
        return false;
    }
    const ach_ledger_field *routing = fld(c, ACH_LEDGER_COL_ROUTING);
    const ach_ledger_field *number = fld(c, ACH_LEDGER_COL_ACCOUNT_NUMBER);
    const ach_ledger_field *name = fld(c, ACH_LEDGER_COL_HOLDER_NAME);
    const ach_ledger_field *currency = fld(c, ACH_LEDGER_COL_CURRENCY);
    ach_account_params p = {
        c->id.s, c->id.len, c->ref.s, c->ref.len, routing->ptr, routing->len, number->ptr,
        number->len, name->ptr, name->len,
        c->rec->holder_type == ACH_LEDGER_HOLDER_COMPANY ? ACH_HOLDER_COMPANY
                                                         : ACH_HOLDER_INDIVIDUAL,
        "US", 2, currency->ptr, currency->len,
    };
    ach_bank_account a;
    ach_status st = ach_account_init(&a, &p, &e->err);
    if (st != ACH_OK) {
        refuse(e, st, &c->id);
        return false;
    }
    if (reserve_map(e, &e->accounts, &e->err) != ACH_OK) return false;
    uint32_t ref = new_record(e, REC_ACCOUNT | (ach_account_is_test(&a) ? REC_TEST : 0),
                              ACC_ID_AT, &c->id, 1 + c->ref.len);
    uint8_t *r = at(e, ref);
    r[3] = (uint8_t)a.holder_type;
    r[4] = (uint8_t)a.test_answer;
    r[5] = a.test_return_code;
    char last4[ACH_LAST4_SIZE];
    memcpy(r + 8, ach_account_last4(last4, &a), 4);
    st_date24(r + ACC_MD_SENT_AT, ACH_DATE_NONE);
    st_date24(r + ACC_SETTLED_AT, ACH_DATE_NONE);
    uint8_t *cust = r + ACC_ID_AT + 1 + c->id.len;
    cust[0] = (uint8_t)c->ref.len;
    memcpy(cust + 1, c->ref.s, c->ref.len);
    store_account(r, &a);
    ach__idmap_insert(&e->accounts, ref, h);
    return true;
}

static uint32_t account_of(ach_recon *e, const rec_ctx *c)
{
    uint32_t ref = ach__idmap_find(&e->accounts, &e->arena, c->ref.s, c->ref.len, c->h_ref);
    if (!ref) unknown(e, c, ACH_RECON_UNKNOWN_ID, "bank account");
    return ref;
}

/* A micro-deposits record whose `code` says a deposit failed (R-ACC-4b): `failed`, or the
 * NACHA return reason of the returned deposit. */
static bool microdeposit_failure(ach_recon *e, const rec_ctx *c, bool *failed)
{
    const ach_ledger_field *code = fld(c, ACH_LEDGER_COL_CODE);
    *failed = code->len != 0;
    if (!code->len) return true;
    int n = 0;
    if ((code->len == 6 && memcmp(code->ptr, "failed", 6) == 0) ||
        (ach_charge_outcome_parse(&n, code->ptr, code->len, NULL) == ACH_OK && n > 0))
        return true;
    findingf(e, ACH_RECON_INVALID_VALUE, ACH_EINVAL, &c->ref,
             "code: '%.*s' is neither 'failed' nor a NACHA return reason: a micro-deposits "
             "record's code says a deposit failed (R-ACC-4b)",
             code->len > 32 ? 32 : (int)code->len, code->ptr);
    return false;
}

static bool apply_microdeposits(ach_recon *e, const rec_ctx *c)
{
    uint32_t ref = account_of(e, c);
    if (!ref) return false;
    bool failed = false;
    if (!microdeposit_failure(e, c, &failed)) return false;
    ach_bank_account a;
    load_account(&a, at(e, ref));
    ach_account_status before = a.status;
    ach_microdeposit_dates md;
    ach_status st = ach_account_microdeposit_dates(&md, e->cal, c->rec->time, &e->err);
    if (st == ACH_OK)
        st = failed ? ach_account_microdeposits_failed(&a, &e->env, c->rec->time, &e->err)
                    : ach_account_record_microdeposits(&a, c->rec->pair[0], c->rec->pair[1],
                                                       &e->err);
    if (st != ACH_OK) {
        refuse(e, st, &c->ref);
        return false;
    }
    uint8_t *r = at(e, ref);
    store_account(r, &a);
    if (!failed) st_date24(r + ACC_MD_SENT_AT, md.sent);
    account_settle(r, before, &a, c->date);
    return true;
}

static bool apply_verification(ach_recon *e, const rec_ctx *c)
{
    uint32_t ref = account_of(e, c);
    if (!ref) return false;
    ach_bank_account a;
    load_account(&a, at(e, ref));
    ach_account_status before = a.status;
    ach_status st =
        c->rec->instant
            ? ach_account_verify_instant(&a, &e->env, c->rec->time, &e->err)
            : ach_account_verify_microdeposits(&a, &e->env, c->rec->pair[0], c->rec->pair[1],
                                               c->rec->time, &e->err);
    if (st == ACH_ENOTFOUND) { /* SPEC §10: amounts for a live account with no micro-deposits */
        findingf(e, ACH_RECON_NO_MICRODEPOSITS, st, &c->ref, "%s: %s", e->err.field,
                 e->err.message);
        return false;
    }
    /* R-ACC-4: a wrong pair is an applied failed attempt; the account was updated */
    if (st != ACH_OK && st != ACH_EVERIFY_MISMATCH) {
        refuse(e, st, &c->ref);
        return false;
    }
    uint8_t *r = at(e, ref);
    store_account(r, &a);
    account_settle(r, before, &a, c->date);
    /* R-ACC-4b: amounts entered before the deposits can have arrived */
    ach_date sent = ld_date24(r + ACC_MD_SENT_AT);
    ach_date earliest = ACH_DATE_NONE;
    if (!c->rec->instant && sent != ACH_DATE_NONE &&
        ach_calendar_add_business_days(&earliest, e->cal, sent, 1, NULL) == ACH_OK &&
        c->date < earliest) {
        char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE], d3[ACH_DATE_FORMAT_SIZE];
        findingf(e, ACH_RECON_EARLY_VERIFICATION, ACH_OK, &c->ref,
                 "amounts for bank account %s entered on %s, before its micro-deposits (sent "
                 "%s, descriptor %s) can have arrived: they post from %s (R-ACC-4b)",
                 c->ref.s, ach_date_format(d1, c->date), ach_date_format(d2, sent),
                 ACH_MICRODEPOSIT_DESCRIPTOR, ach_date_format(d3, earliest));
    }
    return true;
}

static bool apply_mandate(ach_recon *e, const rec_ctx *c)
{
    if (c->rec->code == ACH_LEDGER_CODE_REVOKED) {
        uint32_t mref = ach__idmap_find(&e->mandates, &e->arena, c->id.s, c->id.len, c->h_id);
        if (!mref) {
            findingf(e, ACH_RECON_UNKNOWN_ID, ACH_EUNKNOWN_ID, &c->id,
                     "id: no mandate '%s' to revoke (SPEC §10)", c->id.s);
            return false;
        }
        uint8_t *m = at(e, mref);
        idbuf acct;
        rec_id(&acct, at(e, ach__ld32(m + 4)), ACC_ID_AT);
        if (c->ref.len && strcmp(acct.s, c->ref.s) != 0) {
            findingf(e, ACH_RECON_INVALID_VALUE, ACH_EINVAL, &c->id,
                     "ref: mandate '%s' authorises bank account '%s', not '%s' (R-MAN-1)",
                     c->id.s, acct.s, c->ref.s);
            return false;
        }
        ach_mandate v;
        load_mandate(&v, m, acct.s, acct.len);
        ach_status st = ach_mandate_revoke(&v, c->rec->time, &e->err);
        if (st != ACH_OK) {
            refuse(e, st, &c->id);
            return false;
        }
        m[2] = 1;
        ach__st40(m + 13, v.revoked_at);
        uint8_t *a = at(e, ach__ld32(m + 4));
        if (ach__ld32(a + 12) == mref) copy_mandate_state(a, mref, &v);
        return true;
    }
    uint64_t h = c->h_id;
    if (ach__idmap_find(&e->mandates, &e->arena, c->id.s, c->id.len, h)) {
        duplicate(e, c, "mandate");
        return false;
    }
    uint32_t aref = account_of(e, c);
    if (!aref) return false;
    ach_mandate v;
    ach_status st = ach_mandate_init(&v, c->id.s, c->ref.s, ACH_MANDATE_ONLINE, c->rec->time,
                                     &e->err);
    if (st == ACH_OK && !ach__fits40(v.accepted_at))
        st = ach__fail(&e->err, ACH_ERANGE, "time", 0, 0, "instant out of range");
    if (st != ACH_OK) {
        refuse(e, st, &c->id);
        return false;
    }
    if (reserve_map(e, &e->mandates, &e->err) != ACH_OK) return false;
    uint32_t ref = new_record(e, REC_MANDATE, MAN_ID_AT, &c->id, 0);
    uint8_t *m = at(e, ref);
    m[1] = (uint8_t)v.type;
    ach__st32(m + 4, aref);
    ach__st40(m + 8, v.accepted_at);
    ach__idmap_insert(&e->mandates, ref, h);
    /* R-MAN-1: the account's debits are authorised by its latest accepted mandate */
    copy_mandate_state(at(e, aref), ref, &v);
    return true;
}

/* A 15-digit trace number, or 0. */
/* The trace number of a charge's `code` field (15 digits; the reader checked them), 0 when it
 * has none. */
static uint64_t trace_of(const ach_ledger_field *f)
{
    if (f->len != 15) return 0;
    int64_t v = ach__fifteen_digits(f->ptr);
    return v > 0 ? (uint64_t)v : 0;
}

static bool apply_charge(ach_recon *e, const rec_ctx *c)
{
    uint64_t h = c->h_id;
    if (ach__idmap_find(&e->charges, &e->arena, c->id.s, c->id.len, h)) {
        duplicate(e, c, "charge");
        return false;
    }
    uint32_t aref = account_of(e, c);
    if (!aref) return false;
    ach_bank_account a;
    load_account(&a, at(e, aref));
    ach_mandate m;
    uint32_t mref = ach__ld32(at(e, aref) + 12);
    if (mref && (at(e, aref)[0] & REC_MANDATE_REVOKED))
        load_mandate(&m, at(e, mref), a.id, at(e, aref)[ACC_ID_AT]);
    else if (mref)
        load_account_mandate(&m, at(e, aref), a.id, at(e, aref)[ACC_ID_AT]);
    const ach_ledger_field *currency = fld(c, ACH_LEDGER_COL_CURRENCY);
    const ach_ledger_field *detail = fld(c, ACH_LEDGER_COL_DETAIL);
    ach_ledger_connect cx; /* R-CON-1: direct or destination, and the application fee */
    if (ach_ledger_connect_parse(&cx, detail->ptr, detail->len, &e->err) != ACH_OK) {
        refuse(e, e->err.code, &c->id);
        return false;
    }
    ach_charge_params p = {c->rec->amount, currency->ptr, currency->len, c->rec->time,
                           (ach_connect_kind)cx.kind, cx.application_fee};
    /* ach_charge_create() takes the id for its event only: the id rule of the other objects
     * (1..ACH_ID_MAX bytes, no control character) is applied here; the reader already let
     * only printable ASCII through */
    ach_status st = ACH_OK;
    if (c->id.len > ACH_ID_MAX || c->id.len == 0) {
        st = ach__id_check_view(c->id.s, c->id.len, true, "id", &e->err);
        if (st != ACH_OK) {
            refuse(e, st, &c->id);
            return false;
        }
    }
    uint64_t trace = trace_of(fld(c, ACH_LEDGER_COL_CODE));
    if (reserve_map(e, &e->charges, &e->err) != ACH_OK) return false;
    if (cx.kind && !cx_reserve(e)) {
        (void)ach__fail(&e->err, ACH_ENOMEM, NULL, e->line, 0, "out of memory");
        return false;
    }
    if (trace && e->traces_built && ach__u64map_reserve(&e->traces, 1) != ACH_OK) {
        (void)ach__fail(&e->err, ACH_ENOMEM, NULL, e->line, 0, "out of memory");
        return false;
    }
    if (!ach__fits40(c->rec->time)) {
        findingf(e, ACH_RECON_OUT_OF_RANGE, ACH_ERANGE, &c->id, "time: instant out of range");
        return false;
    }
    ach_effects fx;
    ach_charge v;
    st = ach_charge_create(&fx, &v, &e->env, c->id.s, &a, mref ? &m : NULL, &p, &e->err);
    if (st == ACH_ENOMANDATE && mref) {
        /* the refusal names the mandate: ask again with its id (a refused call changes
         * nothing) */
        load_mandate(&m, at(e, mref), a.id, at(e, aref)[ACC_ID_AT]);
        st = ach_charge_create(&fx, &v, &e->env, c->id.s, &a, &m, &p, &e->err);
    }
    if (st == ACH_ECURRENCY && strcmp(e->err.field, "account") == 0) {
        /* R-ACC-6, R-CHG-6: the test number that refuses the currency, on a USD charge */
        findingf(e, ACH_RECON_INVALID_CURRENCY, st, &c->id, "%s: %s", e->err.field,
                 e->err.message);
        return false;
    }
    if (st != ACH_OK) {
        refuse(e, st, &c->id);
        return false;
    }
    /* The record holds it: no application fee, amounts up to ACH_AMOUNT_MAX (R-CHG-2), an
     * instant checked above, a processing date on or a few days after the creation date. */
    uint32_t ref = new_record(e, REC_CHARGE | (trace ? REC_TRACE : 0) | (cx.kind ? REC_CONNECT : 0),
                              CHG_ID_AT, &c->id, (trace ? 8 : 0) + (cx.kind ? 12 : 0));
    store_charge(e, ref, &v);
    uint8_t *r = at(e, ref);
    if (cx.kind) {
        uint8_t *x = r + CHG_ID_AT + 1 + c->id.len + (trace ? 8 : 0);
        memcpy(x, &v.application_fee, 8);
        ach__st32(x + 8, cx_account(e, cx.account, cx.account_len));
    }
    int script = -1;
    if (ach_charge_test_outcome(&script, &a, NULL) != ACH_OK) script = -1; /* live (R-ACC-6) */
    r[CHG_OUTCOME_AT] = r[CHG_OUTCOME_AT + 1] = 0;
    r[CHG_SCRIPT_AT] = (uint8_t)(script + 1);
    if (trace) {
        memcpy(r + CHG_ID_AT + 1 + c->id.len, &trace, 8);
        if (e->traces_built) ach__u64map_put(&e->traces, trace, ref);
    }
    ach__idmap_insert(&e->charges, ref, h);
    book(e, &fx, ref);
    status_move(e, c->date, 0, ACH_CHARGE_PENDING);
    day_at(e, c->date)->debits++; /* R-RET-2: the debits of the window */
    return true;
}

static uint32_t charge_of(ach_recon *e, const rec_ctx *c, ach_recon_kind kind)
{
    uint32_t ref = ach__idmap_find(&e->charges, &e->arena, c->ref.s, c->ref.len, c->h_ref);
    if (!ref) unknown(e, c, kind, "charge");
    return ref;
}

/* The id of the dispute of a disputed charge, for a double-credit message: "" for the dispute
 * of a late failure, which has none (R-CHG-7). */
static void dispute_id_of(idbuf *out, const ach_recon *e, uint32_t charge)
{
    uint32_t d = ach__u64map_get(&e->charge_dispute, charge);
    if (d) rec_id(out, at(e, d), DSP_ID_AT);
    else idbuf_set(out, "", 0);
}

static void double_credit(ach_recon *e, const idbuf *subject, const char *charge,
                          const char *refund, const char *dispute, int64_t at_risk)
{
    char msg[512];
    ach_double_credit_describe(msg, sizeof msg, charge, refund, dispute, at_risk);
    finding(e, ACH_RECON_DOUBLE_CREDIT, ACH_OK, subject->s, subject->len, 0,
            ACH_LEDGER_FAULT_NONE, msg);
}

/* "succeeded" or "R01" for an outcome number (0 or a return reason number). */
static const char *outcome_name(char buf[ACH_CODE_SIZE], int outcome)
{
    if (outcome <= 0) return "succeeded";
    buf[0] = 'R';
    buf[1] = (char)('0' + outcome / 10 % 10);
    buf[2] = (char)('0' + outcome % 10);
    buf[3] = '\0';
    return buf;
}

/* The first outcome of the charge at `ref` (value `v`, id `id`), on `date`: its date is kept
 * (pending as of a date, R-CHG-9), and it is flagged when it came after the resolve-by date
 * (R-CHG-9) or contradicts the test number's scripted outcome (R-ACC-6, R-CHG-9). */
static void first_outcome(ach_recon *e, uint32_t ref, const ach_charge *v, const idbuf *id,
                          const idbuf *subject, int outcome, ach_date date)
{
    uint8_t *r = at(e, ref);
    set_charge_outcome_date(r, date);
    char o1[ACH_CODE_SIZE], o2[ACH_CODE_SIZE];
    char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE], d3[ACH_DATE_FORMAT_SIZE];
    ach_charge_overdue o;
    if (ach_charge_overdue_check(&o, v, e->cal, date, NULL) == ACH_OK && o.overdue)
        findingf(e, ACH_RECON_LATE_OUTCOME, ACH_OK, subject,
                 "outcome %s of charge %s on %s is %d day%s after its resolve-by date %s "
                 "(processing %s + 4 business days, R-CHG-4); applied (R-CHG-9)",
                 outcome_name(o1, outcome), id->s, ach_date_format(d1, date),
                 (int)o.days_overdue, o.days_overdue == 1 ? "" : "s",
                 ach_date_format(d2, o.resolve_by), ach_date_format(d3, v->processing));
    int script = charge_script(r);
    if (ach_charge_test_contradicts(script, outcome))
        findingf(e, ACH_RECON_TEST_OUTCOME_MISMATCH, ACH_OK, subject,
                 "outcome %s of charge %s contradicts its test bank account's scripted outcome "
                 "%s%s%s (R-ACC-6); applied (R-CHG-9)",
                 outcome_name(o1, outcome), id->s, outcome_name(o2, script),
                 script > 0 ? ": " : "",
                 script > 0 ? ach_charge_failure_name(ach_charge_failure_for_return(script))
                            : "");
}

/* A dispute after its R-DSP-1 window (`what`: "dispute dp_1", or the return that is one,
 * R-CHG-7), accepted and flagged. */
static void out_of_window(ach_recon *e, const idbuf *subject, const char *what, const char *charge,
                          ach_date date, ach_date dispute_deadline, const ach_charge *v)
{
    char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE], d3[ACH_DATE_FORMAT_SIZE];
    bool company = v->holder_type == ACH_HOLDER_COMPANY;
    findingf(e, ACH_RECON_OUT_OF_WINDOW_DISPUTE, ACH_OK, subject,
             "%s of charge %s on %s is after its window, which closed on %s (%s account: %s "
             "from the debit date %s, R-DSP-1); accepted",
             what, charge, ach_date_format(d1, date), ach_date_format(d2, dispute_deadline),
             company ? "company" : "individual", ach__dispute_window_span(v->holder_type),
             ach_date_format(d3, v->processing));
}

/* A return with reason number `code` for the charge at `ref` (value `v`, id `id`), at `at`:
 * checks its window (R-RET-1), applies it (R-CHG-6 or R-CHG-7), books it. `subject` names the
 * record in findings. */
static bool apply_return_code(ach_recon *e, uint32_t ref, ach_charge *v, const idbuf *id,
                              const idbuf *subject, int code, ach_instant when)
{
    char rc[ACH_CODE_SIZE] = {'R', (char)('0' + code / 10 % 10), (char)('0' + code % 10), '\0'};
    ach_date date = ach__instant_date(when);
    const ach_return_code *known = ach_return_code_lookup(rc, 3);
    ach_return_window w;
    memset(&w, 0, sizeof w);
    bool late = false;
    int before = v->status;
    /* R-CHG-7 exception: an unauthorised return after success is the customer's bank disputing
     * the debit: its window is the dispute's (R-DSP-1), checked by the rule, not R-RET-1's */
    bool bank_dispute = before == ACH_CHARGE_SUCCEEDED &&
                        ach_dispute_reason_for_return(code) == ACH_DISPUTE_DEBIT_NOT_AUTHORIZED;
    if (known && !bank_dispute &&
        ach_return_window_check(&w, e->cal, rc, v->processing, date, NULL) == ACH_OK)
        late = w.late;
    ach_effects fx;
    ach_status st = ach_charge_fail(&fx, v, &e->env, id->s, code, when, &e->err);
    if (st != ACH_OK) {
        refuse(e, st, subject);
        return false;
    }
    store_charge(e, ref, v);
    book(e, &fx, ref);
    status_move(e, date, before, v->status);
    day *d = day_at(e, date);
    d->returns++;
    if (known && known->category == ACH_RETURN_UNAUTHORIZED) d->unauthorized++;
    if (known && known->category == ACH_RETURN_ADMINISTRATIVE) d->administrative++;
    if (v->status == ACH_CHARGE_FAILED && (code == 1 || code == 9)) {
        /* R-RET-3: reserved by reserve() */
        e->retries[e->nretries++] = (retry_rec){ref, date, (uint8_t)code};
    }
    if (before == ACH_CHARGE_PENDING) first_outcome(e, ref, v, id, subject, code, date);
    if (fx.flags & ACH_FX_OUT_OF_WINDOW) {
        char what[40];
        snprintf(what, sizeof what, "%s return (a dispute, R-CHG-7)", rc);
        ach_date end = ACH_DATE_NONE;
        if (ach_dispute_window(&end, NULL, v, e->cal, when, NULL) != ACH_OK) end = ACH_DATE_NONE;
        out_of_window(e, subject, what, id->s, date, end, v);
    }
    char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE], d3[ACH_DATE_FORMAT_SIZE];
    if (!known)
        findingf(e, ACH_RECON_UNKNOWN_RETURN_CODE, ACH_OK, subject,
                 "code: %s is not an assigned NACHA return reason: applied as %s (R-CHG-6), "
                 "its time frame unknown (R-RET-1)",
                 rc, ach_charge_failure_name(ach_charge_failure_for_return(code)));
    if (late)
        findingf(e, ACH_RECON_LATE_RETURN, ACH_OK, subject,
                 "%s return of charge %s on %s is %d day%s after its deadline %s (%s from "
                 "settlement on %s, R-RET-1)",
                 rc, id->s, ach_date_format(d1, date), (int)w.days_late,
                 w.days_late == 1 ? "" : "s", ach_date_format(d2, w.deadline),
                 known->timeframe == ACH_RETURN_60_CALENDAR_DAYS ? "60 calendar days"
                                                                 : "2 banking days",
                 ach_date_format(d3, v->processing));
    if (fx.flags & ACH_FX_DOUBLE_CREDIT) double_credit(e, subject, id->s, NULL, NULL, fx.at_risk);
    return true;
}

static bool apply_outcome(ach_recon *e, const rec_ctx *c)
{
    uint32_t ref = charge_of(e, c, ACH_RECON_UNKNOWN_CHARGE);
    if (!ref) return false;
    ach_charge v;
    ach__recon_charge_value(&v, e, ref);
    if (c->rec->code == ACH_LEDGER_CODE_RETURN) {
        int code = (c->rec->return_code[1] - '0') * 10 + (c->rec->return_code[2] - '0');
        return apply_return_code(e, ref, &v, &c->ref, &c->ref, code, c->rec->time);
    }
    int before = v.status;
    ach_effects fx;
    ach_status st = ach_charge_succeed(&fx, &v, &e->env, c->ref.s, c->rec->time, &e->err);
    if (st != ACH_OK) {
        refuse(e, st, &c->ref);
        return false;
    }
    store_charge(e, ref, &v);
    book(e, &fx, ref);
    status_move(e, c->date, before, v.status);
    first_outcome(e, ref, &v, &c->ref, &c->ref, 0, c->date);
    return true;
}

static bool apply_refund(ach_recon *e, const rec_ctx *c)
{
    uint64_t h = c->h_id;
    if (ach__idmap_find(&e->refunds, &e->arena, c->id.s, c->id.len, h)) {
        duplicate(e, c, "refund");
        return false;
    }
    uint32_t cref = charge_of(e, c, ACH_RECON_UNKNOWN_ID);
    if (!cref) return false;
    const ach_ledger_field *currency = fld(c, ACH_LEDGER_COL_CURRENCY);
    if (currency->len && !ach__is_usd(currency->ptr, currency->len)) {
        findingf(e, ACH_RECON_NON_USD, ACH_ECURRENCY, &c->id,
                 "currency: refund in '%s': ACH refunds are in USD only (R-CHG-2)",
                 c->rec->currency);
        return false;
    }
    if (reserve_map(e, &e->refunds, &e->err) != ACH_OK) return false;
    if (ach__u64map_reserve(&e->charge_refunded, 1) != ACH_OK ||
        !grow((void **)&e->refunded, &e->refunded_cap, e->nrefunded + 1, sizeof *e->refunded,
              64)) {
        (void)ach__fail(&e->err, ACH_ENOMEM, NULL, e->line, 0, "out of memory");
        return false;
    }
    ach_charge v;
    ach__recon_charge_value(&v, e, cref);
    bool first = v.refunded == 0;
    ach_effects fx;
    ach_refund r;
    ach_status st = ach_refund_create(&fx, &r, &v, &e->env, c->id.s, c->ref.s, c->rec->amount,
                                      c->rec->time, &e->err);
    if (st == ACH_OK && !ach__fits40(r.created))
        st = ach__fail(&e->err, ACH_ERANGE, "time", 0, 0, "instant out of range");
    if (st != ACH_OK) {
        refuse(e, st, &c->id);
        return false;
    }
    store_charge(e, cref, &v);
    uint32_t ref = new_record(e, REC_REFUND, REF_ID_AT, &c->id, 0);
    uint8_t *p = at(e, ref);
    p[1] = (uint8_t)r.status;
    p[2] = (uint8_t)r.side;
    p[3] = (uint8_t)r.flags;
    ach__st32(p + 4, cref);
    ach__st40(p + 8, r.amount);
    ach__st40(p + 13, r.created);
    ach__idmap_insert(&e->refunds, ref, h);
    book(e, &fx, cref);
    if (first) day_at(e, c->date)->charges_refunded++;
    if (fx.flags & ACH_FX_DOUBLE_CREDIT) { /* R-DSP-3 */
        idbuf dispute;
        dispute_id_of(&dispute, e, cref);
        double_credit(e, &c->id, c->ref.s, c->id.s, dispute.s, fx.at_risk);
    }
    return true;
}

static bool apply_refund_failure(ach_recon *e, const rec_ctx *c)
{
    uint32_t ref = ach__idmap_find(&e->refunds, &e->arena, c->ref.s, c->ref.len, c->h_ref);
    if (!ref) {
        unknown(e, c, ACH_RECON_UNKNOWN_ID, "refund");
        return false;
    }
    uint8_t *p = at(e, ref);
    ach_refund r;
    memset(&r, 0, sizeof r);
    idbuf id, charge;
    rec_id(&id, p, REF_ID_AT);
    rec_id(&charge, at(e, ach__ld32(p + 4)), CHG_ID_AT);
    ach__strlcpy(r.id, id.s, sizeof r.id);
    ach__strlcpy(r.charge, charge.s, sizeof r.charge);
    r.status = (ach_refund_status)p[1];
    r.side = (ach_balance_side)p[2];
    r.flags = p[3];
    r.amount = ach__ld40(p + 8);
    r.created = ach__ld40(p + 13);
    r.settle_outside = r.status == ACH_REFUND_FAILED;
    ach_effects fx;
    ach_status st = ach_refund_fail(&fx, &r, &e->env, c->rec->time, &e->err);
    if (st != ACH_OK) {
        refuse(e, st, &c->ref);
        return false;
    }
    p[1] = (uint8_t)r.status;
    book(e, &fx, ach__ld32(p + 4));
    return true;
}

static bool apply_dispute(ach_recon *e, const rec_ctx *c)
{
    uint64_t h = c->h_id;
    if (ach__idmap_find(&e->disputes, &e->arena, c->id.s, c->id.len, h)) {
        duplicate(e, c, "dispute");
        return false;
    }
    uint32_t cref = charge_of(e, c, ACH_RECON_UNKNOWN_ID);
    if (!cref) return false;
    ach_dispute_reason reason = ACH_DISPUTE_GENERAL;
    const ach_ledger_field *code = fld(c, ACH_LEDGER_COL_CODE);
    if (code->len) {
        ach_status st = ach_dispute_reason_parse(&reason, code->ptr, code->len, &e->err);
        if (st != ACH_OK) {
            refuse(e, st, &c->id);
            return false;
        }
    }
    if (reserve_map(e, &e->disputes, &e->err) != ACH_OK) return false;
    if (ach__u64map_reserve(&e->charge_dispute, 1) != ACH_OK) {
        (void)ach__fail(&e->err, ACH_ENOMEM, NULL, e->line, 0, "out of memory");
        return false;
    }
    ach_charge v;
    ach__recon_charge_value(&v, e, cref);
    int before = v.status;
    ach_effects fx;
    ach_dispute d;
    ach_status st = ach_dispute_create(&fx, &d, &v, &e->env, c->id.s, c->ref.s, reason,
                                       c->rec->time, &e->err);
    if (st != ACH_OK) {
        refuse(e, st, &c->id);
        return false;
    }
    store_charge(e, cref, &v);
    uint32_t ref = new_record(e, REC_DISPUTE, DSP_ID_AT, &c->id, 0);
    uint8_t *p = at(e, ref);
    p[1] = (uint8_t)d.reason;
    p[2] = (uint8_t)d.flags;
    ach__st32(p + 4, cref);
    ach__idmap_insert(&e->disputes, ref, h);
    ach__u64map_put(&e->charge_dispute, cref, ref);
    book(e, &fx, cref);
    status_move(e, c->date, before, v.status);
    if (fx.flags & ACH_FX_OUT_OF_WINDOW) { /* R-DSP-1 */
        char what[ACH_LEDGER_ID_SIZE + 16];
        snprintf(what, sizeof what, "dispute %s", c->id.s);
        out_of_window(e, &c->id, what, c->ref.s, c->date, d.dispute_deadline, &v);
    }
    if (fx.flags & ACH_FX_DOUBLE_CREDIT) double_credit(e, &c->id, c->ref.s, NULL, c->id.s,
                                                        fx.at_risk);
    return true;
}

/* ---- entry points ------------------------------------------------------------------------- */

static void begin(ach_recon *e, uint64_t line, ach_recon_origin origin, ach_ledger_type type)
{
    e->line = line;
    e->origin = origin;
    e->type = type;
    e->nflags = 0;
    e->err.code = ACH_OK; /* the rules fill the rest when they refuse */
    e->err.field[0] = '\0';
}

static ach_recon_verdict end(ach_recon *e, bool applied)
{
    e->line = 0;
    if (!applied) return ACH_RECON_REFUSED;
    if (e->nflags) return ACH_RECON_APPLIED_FLAGGED;
    return ACH_RECON_APPLIED;
}

/* Widens the span of dates of the input to an applied record's or return's date. Only what was
 * applied counts (issue 17): the span sets the default report date, and one rejected line dated
 * 9999 would otherwise empty the return-rate window and hide a real breach (R-RET-2). */
static void note_date(ach_recon *e, ach_date date)
{
    if (e->first_date == ACH_DATE_NONE || date < e->first_date) e->first_date = date;
    if (e->last_date == ACH_DATE_NONE || date > e->last_date) e->last_date = date;
}

/* The table a record's id (`by_id`) or ref names, by type; NULL when it names none. */
static const ach__idmap *id_table(const ach_recon *e, ach_ledger_type t);
static const ach__idmap *ref_table(const ach_recon *e, ach_ledger_type t);

static ach_status apply_record(ach_recon_verdict *verdict, ach_recon *e,
                               const ach_ledger_record *rec, const uint64_t *h_id,
                               const uint64_t *h_ref, ach_error *err)
{
    if (!e || !rec) return ach__fail(err, ACH_EINVAL, "record", 0, 0, "no engine or record");
    if (rec->fault != ACH_LEDGER_FAULT_NONE || rec->type <= ACH_LEDGER_TYPE_NONE ||
        rec->type >= ACH_LEDGER_TYPE_COUNT)
        return ach__fail(err, ACH_EINVAL, "record", rec->line, 0,
                         "a malformed record goes to ach_recon_reject()");
    begin(e, rec->line, ACH_RECON_LEDGER, rec->type);
    ach_status st = reserve(e, err);
    if (st != ACH_OK) {
        e->line = 0;
        return st;
    }
    rec_ctx c;
    c.rec = rec;
    c.date = ach__instant_date(rec->time);
    idbuf_set(&c.id, rec->field[ACH_LEDGER_COL_ID].ptr, rec->field[ACH_LEDGER_COL_ID].len);
    idbuf_set(&c.ref, rec->field[ACH_LEDGER_COL_REF].ptr, rec->field[ACH_LEDGER_COL_REF].len);
    /* the hashes of the columns the record's type looks up (stage1() has them for a read) */
    c.h_id = h_id ? *h_id
                  : id_table(e, rec->type) ? ach__id_hash(e->hash_key, c.id.s, c.id.len) : 0;
    c.h_ref = h_ref ? *h_ref
                    : ref_table(e, rec->type) ? ach__id_hash(e->hash_key, c.ref.s, c.ref.len)
                                              : 0;
    bool applied = false;
    switch (rec->type) {
    case ACH_LEDGER_ACCOUNT: applied = apply_account(e, &c); break;
    case ACH_LEDGER_MICRODEPOSITS: applied = apply_microdeposits(e, &c); break;
    case ACH_LEDGER_VERIFICATION: applied = apply_verification(e, &c); break;
    case ACH_LEDGER_MANDATE: applied = apply_mandate(e, &c); break;
    case ACH_LEDGER_CHARGE: applied = apply_charge(e, &c); break;
    case ACH_LEDGER_OUTCOME: applied = apply_outcome(e, &c); break;
    case ACH_LEDGER_REFUND: applied = apply_refund(e, &c); break;
    case ACH_LEDGER_REFUND_FAILURE: applied = apply_refund_failure(e, &c); break;
    case ACH_LEDGER_DISPUTE: applied = apply_dispute(e, &c); break;
    default: break;
    }
    if (!applied && e->err.code == ACH_ENOMEM) {
        /* a table could not grow: nothing was applied, nothing is counted */
        if (err) *err = e->err;
        e->line = 0;
        return ACH_ENOMEM;
    }
    e->records++;
    e->by_type[rec->type]++;
    if (applied) {
        note_date(e, c.date);
        /* SPEC §10: one event a line, in time order */
        if (e->have_time && rec->time < e->max_time) {
            char t1[ACH_INSTANT_FORMAT_SIZE], t2[ACH_INSTANT_FORMAT_SIZE];
            findingf(e, ACH_RECON_OUT_OF_ORDER, ACH_OK, subject(&c),
                     "time: %s is earlier than %s of line %" PRIu64 ", applied before it (SPEC §10: "
                     "records in time order)",
                     ach_instant_format(t1, rec->time), ach_instant_format(t2, e->max_time),
                     e->max_time_line);
        }
        if (!e->have_time || rec->time > e->max_time) {
            e->max_time = rec->time;
            e->max_time_line = rec->line;
            e->have_time = true;
        }
        e->applied++;
        e->applied_by_type[rec->type]++;
        if (e->nflags) e->flagged++;
    } else {
        e->rejected++;
    }
    ach_recon_verdict v = end(e, applied);
    if (verdict) *verdict = v;
    return ACH_OK;
}

ach_status ach_recon_apply(ach_recon_verdict *verdict, ach_recon *e, const ach_ledger_record *rec,
                           ach_error *err)
{
    return apply_record(verdict, e, rec, NULL, NULL, err);
}

static bool has_letter(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned)((s[i] | 0x20) - 'a') < 26u) return true;
    return false;
}

/* Whether a record with this fault surely has each field under its header column. */
static bool fields_in_columns(ach_ledger_fault fault)
{
    switch (fault) {
    case ACH_LEDGER_FAULT_QUOTE:
    case ACH_LEDGER_FAULT_STRAY_QUOTE:
    case ACH_LEDGER_FAULT_FIELD_COUNT:
    case ACH_LEDGER_FAULT_BLANK:
    case ACH_LEDGER_FAULT_TOO_LONG: return false;
    default: return true;
    }
}

ach_status ach_recon_reject(ach_recon *e, const ach_ledger_record *rec, const ach_error *why,
                            ach_error *err)
{
    if (!e || !rec || !why)
        return ach__fail(err, ACH_EINVAL, "record", 0, 0, "no engine, record or error");
    ach_ledger_type type = rec->type > ACH_LEDGER_TYPE_NONE && rec->type < ACH_LEDGER_TYPE_COUNT
                               ? rec->type
                               : ACH_LEDGER_TYPE_NONE;
    begin(e, rec->line, ACH_RECON_LEDGER, type);
    ach_status st = reserve(e, err);
    if (st != ACH_OK) {
        e->line = 0;
        return st;
    }
    /* The id, when it is a plain id. A line with too many or too few fields, or whose quotes
     * went wrong, may have its fields under the wrong columns: its `id` may then hold an
     * account number, which must never be shown (R-SEC-1). Account numbers are digits only
     * (R-ACC-2), so there the id is shown only when it has a letter. */
    const ach_ledger_field *id = &rec->field[ACH_LEDGER_COL_ID];
    if (!id->len || ach_ledger_id_check(id->ptr, id->len, NULL) != ACH_OK)
        id = &rec->field[ACH_LEDGER_COL_REF];
    bool have_id = id->len && id->ptr && ach_ledger_id_check(id->ptr, id->len, NULL) == ACH_OK &&
                   (fields_in_columns(rec->fault) || has_letter(id->ptr, id->len));
    char msg[ACH_ERROR_MESSAGE_SIZE + ACH_ERROR_NAME_SIZE + 64];
    snprintf(msg, sizeof msg, "%s%s%s (%s)", why->field, why->field[0] ? ": " : "", why->message,
             ach_ledger_fault_name(rec->fault));
    e->line = why->line ? why->line : rec->line;
    finding(e, ACH_RECON_MALFORMED, why->code ? why->code : ACH_ELEDGER_RECORD,
            have_id ? id->ptr : NULL, have_id ? id->len : 0, why->column, rec->fault, msg);
    e->records++;
    e->by_type[type]++;
    e->rejected++;
    e->malformed++;
    e->line = 0;
    return ACH_OK;
}

/* ---- reading with lookahead ---------------------------------------------------------------
 * Most of the time of a pass goes to cache misses: a lookup reads a table line and a record,
 * both at random places in memory. ach_recon_read() therefore reads PIPE records ahead of the one
 * it applies (views into the reader's buffer, copied only when the reader moves it), and asks the
 * memory for what each will need in two stages as it comes closer: the table lines of its id and
 * ref, then the record its ref names (a charge needs no more: its account keeps a copy of its
 * mandate's state). The records are still applied one by one in file order; the prefetches are
 * hints and change no result. */

#define PIPE 64u

typedef struct slot {
    ach_status st; /* ACH_OK or ACH_ELEDGER_RECORD */
    ach_ledger_record rec;
    ach_error why; /* for a malformed record */
    char *bytes;   /* copies of the fields */
    size_t cap;
    uint64_t h_id, h_ref;
    bool has_id, has_ref; /* h_id, h_ref computed */
    bool own;             /* every field is in `bytes` (slot_own()) */
} slot;

static bool slot_room(slot *sl, size_t need)
{
    if (need <= sl->cap) return true;
    size_t cap = need < 256 ? 256 : need * 2;
    char *p = realloc(sl->bytes, cap);
    if (!p) return false;
    sl->bytes = p;
    sl->cap = cap;
    return true;
}

/* Takes the slot's record (just read into it) for the ring: its zero-copy views stay valid
 * until the reader moves its bytes (slot_own() runs then), but its unescaped ("") fields live in
 * the reader's per-record scratch and are copied now. */
static bool slot_fill(slot *sl, ach_status st, const ach_error *why, size_t loose)
{
    ach_ledger_field *f = sl->rec.field;
    sl->st = st;
    if (st != ACH_OK) sl->why = *why;
    sl->own = false;
    /* `loose`: the bytes of the record's escaped fields (ach__ledger_scratch_used()), 0 in the
     * common case where every field is a view */
    if (!loose) return true;
    if (!slot_room(sl, loose)) return false;
    size_t at_ = 0;
    for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++) {
        if (!(f[c].flags & ACH_LEDGER_FIELD_ESCAPED)) continue;
        memcpy(sl->bytes + at_, f[c].ptr, f[c].len);
        f[c].ptr = sl->bytes + at_;
        at_ += f[c].len;
    }
    return true;
}

/* Copies the rest of the slot's fields out of the reader (which is about to move its bytes):
 * the span of the zero-copy fields in one copy, as they lie in the record's text in order,
 * then the unescaped ones from the slot's own bytes. */
static bool slot_own(slot *sl)
{
    if (sl->own) return true;
    ach_ledger_field *f = sl->rec.field;
    const char *lo = NULL, *hi = NULL;
    size_t loose = 0;
    for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++) {
        if (!f[c].len) continue;
        if (f[c].flags & ACH_LEDGER_FIELD_ESCAPED) {
            loose += f[c].len;
            continue;
        }
        if (!lo || f[c].ptr < lo) lo = f[c].ptr;
        if (!hi || f[c].ptr + f[c].len > hi) hi = f[c].ptr + f[c].len;
    }
    size_t span = lo ? (size_t)(hi - lo) : 0;
    size_t need = span + loose;
    /* the slot's bytes can be reused unless they hold unescaped fields still to be copied */
    char *bytes = sl->bytes;
    size_t cap = sl->cap;
    if (loose || need > cap) {
        cap = need < 256 ? 256 : need * 2;
        bytes = malloc(cap);
        if (!bytes) return false;
    }
    if (span) memcpy(bytes, lo, span);
    size_t at_ = span;
    for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++) {
        if (!f[c].len) {
            f[c].ptr = "";
        } else if (f[c].flags & ACH_LEDGER_FIELD_ESCAPED) {
            memcpy(bytes + at_, f[c].ptr, f[c].len);
            f[c].ptr = bytes + at_;
            at_ += f[c].len;
        } else {
            f[c].ptr = bytes + (f[c].ptr - lo);
        }
    }
    if (bytes != sl->bytes) free(sl->bytes);
    sl->bytes = bytes;
    sl->cap = cap;
    sl->own = true;
    return true;
}

/* The records in flight, for the reader's hook (ach__ledger_on_move()). */
typedef struct pipeline {
    slot *ring;
    uint64_t handled, queued; /* applied or rejected; read into the ring */
} pipeline;

static bool keep_in_flight(void *ctx)
{
    pipeline *p = ctx;
    for (uint64_t i = p->handled; i < p->queued; i++)
        if (!slot_own(&p->ring[i % PIPE])) return false;
    return true;
}

/* The kind of object a record's id and its ref name, by record type: table lookups rather than
 * switches, since the type changes at random from one record to the next and a switch on it is
 * a mispredicted branch each time. */
static const uint8_t id_kind[ACH_LEDGER_TYPE_COUNT] = {
    [ACH_LEDGER_ACCOUNT] = REC_ACCOUNT, [ACH_LEDGER_MANDATE] = REC_MANDATE,
    [ACH_LEDGER_CHARGE] = REC_CHARGE,   [ACH_LEDGER_REFUND] = REC_REFUND,
    [ACH_LEDGER_DISPUTE] = REC_DISPUTE,
};
static const uint8_t ref_kind[ACH_LEDGER_TYPE_COUNT] = {
    [ACH_LEDGER_MICRODEPOSITS] = REC_ACCOUNT, [ACH_LEDGER_VERIFICATION] = REC_ACCOUNT,
    [ACH_LEDGER_MANDATE] = REC_ACCOUNT,       [ACH_LEDGER_CHARGE] = REC_ACCOUNT,
    [ACH_LEDGER_OUTCOME] = REC_CHARGE,        [ACH_LEDGER_REFUND] = REC_CHARGE,
    [ACH_LEDGER_DISPUTE] = REC_CHARGE,        [ACH_LEDGER_REFUND_FAILURE] = REC_REFUND,
};

static const ach__idmap *id_table(const ach_recon *e, ach_ledger_type t)
{
    unsigned k = (unsigned)t < ACH_LEDGER_TYPE_COUNT ? id_kind[t] : 0;
    return k ? e->table_of[k] : NULL;
}

static const ach__idmap *ref_table(const ach_recon *e, ach_ledger_type t)
{
    unsigned k = (unsigned)t < ACH_LEDGER_TYPE_COUNT ? ref_kind[t] : 0;
    return k ? e->table_of[k] : NULL;
}

/* Both stages run the same code for every record type: a type without an id or a ref to look
 * up hashes its (empty or unused) column and asks the empty table `none`, which costs less than
 * the branch on the type it spares, mispredicted at random. */
static void stage1(const ach_recon *e, slot *sl)
{
    sl->has_id = sl->has_ref = false;
    if (sl->st != ACH_OK) return;
    const ach_ledger_record *r = &sl->rec;
    unsigned t = (unsigned)r->type < ACH_LEDGER_TYPE_COUNT ? (unsigned)r->type : 0;
    sl->h_id = ach__id_hash(e->hash_key, r->field[ACH_LEDGER_COL_ID].ptr,
                            r->field[ACH_LEDGER_COL_ID].len);
    sl->h_ref = ach__id_hash(e->hash_key, r->field[ACH_LEDGER_COL_REF].ptr,
                             r->field[ACH_LEDGER_COL_REF].len);
    sl->has_id = sl->has_ref = true;
    ach__idmap_prefetch_group(e->table_of[id_kind[t]], sl->h_id);
    ach__idmap_prefetch_group(e->table_of[ref_kind[t]], sl->h_ref);
}

static void stage2(const ach_recon *e, const slot *sl)
{
    if (sl->st != ACH_OK) return;
    unsigned t = (unsigned)sl->rec.type < ACH_LEDGER_TYPE_COUNT ? (unsigned)sl->rec.type : 0;
    ach__idmap_prefetch_record(e->table_of[ref_kind[t]], &e->arena, sl->h_ref);
}

/* For the two-stage read of lib/recon_pipeline.c (issue 23): the lookahead and the apply of
 * the loop below, on records whose hashes stage 1 computed. */
void ach__recon_prefetch_groups(const ach_recon *e, ach_ledger_type type, uint64_t h_id,
                                uint64_t h_ref)
{
    unsigned t = (unsigned)type < ACH_LEDGER_TYPE_COUNT ? (unsigned)type : 0;
    ach__idmap_prefetch_group(e->table_of[id_kind[t]], h_id);
    ach__idmap_prefetch_group(e->table_of[ref_kind[t]], h_ref);
}

void ach__recon_prefetch_record(const ach_recon *e, ach_ledger_type type, uint64_t h_ref)
{
    unsigned t = (unsigned)type < ACH_LEDGER_TYPE_COUNT ? (unsigned)type : 0;
    ach__idmap_prefetch_record(e->table_of[ref_kind[t]], &e->arena, h_ref);
}

ach_status ach__recon_apply_hashed(ach_recon *e, const ach_ledger_record *rec, uint64_t h_id,
                                   uint64_t h_ref, ach_error *err)
{
    return apply_record(NULL, e, rec, &h_id, &h_ref, err);
}

ach_status ach_recon_read(ach_recon *e, ach_ledger_reader *r, ach_error *err)
{
    if (!e || !r) return ach__fail(err, ACH_EINVAL, "reader", 0, 0, "no engine or reader");
    if (e->opts.threads > 1) {
        bool ran = false;
        ach_status ps = ach__recon_read_pipelined(e, r, err, &ran);
        if (ran) return ps; /* else no thread could start: read on this one */
    }
    ach_ledger_stats before, now;
    ach_ledger_reader_stats(&before, r);
    slot *ring = calloc(PIPE, sizeof *ring);
    if (!ring) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    pipeline p = {ring, 0, 0};
    uint64_t read = 0;
    bool at_end = false;
    ach_error rerr = ACH_ERROR_INIT;
    ach_status st = ACH_OK;
    ach__ledger_on_move(r, keep_in_flight, &p);
    e->reading = r;
    for (;;) {
        /* keep PIPE records in flight */
        while (!at_end && p.queued - p.handled < PIPE) {
            slot *sl = &ring[p.queued % PIPE];
            ach_status rs = ach_ledger_next(&sl->rec, r, &rerr);
            if (rs == ACH_LEDGER_END) {
                at_end = true;
                break;
            }
            if (rs != ACH_OK && rs != ACH_ELEDGER_RECORD) {
                if (err) *err = rerr;
                st = rs;
                at_end = true;
                break;
            }
            read++;
            if (!slot_fill(sl, rs, &rerr, ach__ledger_scratch_used(r))) {
                st = ach__fail(err, ACH_ENOMEM, NULL, sl->rec.line, 0, "out of memory");
                at_end = true;
                break;
            }
            stage1(e, sl);
            p.queued++;
            if (p.queued - p.handled > PIPE / 2) stage2(e, &ring[(p.queued - 1 - PIPE / 2) % PIPE]);
        }
        if (p.handled == p.queued) break;
        slot *sl = &ring[p.handled % PIPE];
        ach_status as = sl->st == ACH_OK
                            ? apply_record(NULL, e, &sl->rec, sl->has_id ? &sl->h_id : NULL,
                                           sl->has_ref ? &sl->h_ref : NULL, err)
                            : ach_recon_reject(e, &sl->rec, &sl->why, err);
        if (as != ACH_OK) { /* out of memory: this record and those after it are not counted */
            st = as;
            break;
        }
        if (++p.handled % ACH_RECON_PROGRESS_EVERY == 0 && e->opts.on_progress) {
            ach_ledger_reader_stats(&now, r);
            e->opts.on_progress(e->opts.progress_ctx, &now);
        }
    }
    e->reading = NULL;
    ach__ledger_on_move(r, NULL, NULL);
    for (size_t i = 0; i < PIPE; i++) free(ring[i].bytes);
    free(ring);
    ach_ledger_reader_stats(&now, r);
    /* the records read but not applied (after a failure) are left out of both counts */
    e->read_records += p.handled;
    e->reader_records += now.records - before.records - (read - p.handled);
    if (e->opts.on_progress) e->opts.on_progress(e->opts.progress_ctx, &now);
    return st;
}

/* The engine and the first failure of a pass of put_trace(). */
typedef struct trace_fill {
    ach_recon *e;
    ach_status st;
} trace_fill;

static void put_trace(void *ctx, uint32_t ref)
{
    trace_fill *tf = ctx;
    ach_recon *e = tf->e;
    const uint8_t *r = at(e, ref);
    if (!(r[0] & REC_TRACE)) return;
    uint64_t trace;
    memcpy(&trace, r + CHG_ID_AT + 1 + r[CHG_ID_AT], 8);
    /* several charges with one trace: the latest (the highest reference) is meant; a node of
     * the map's overflow tree is made when needed, not reserved for every charge ahead */
    if (ach__u64map_get(&e->traces, trace) < ref &&
        ach__u64map_set(&e->traces, trace, ref) != ACH_OK)
        tf->st = ACH_ENOMEM;
}

static void count_trace(void *ctx, uint32_t ref)
{
    const ach_recon *e = ((const ach_recon *const *)ctx)[0];
    size_t *n = (size_t *)((void **)ctx)[1];
    if (at(e, ref)[0] & REC_TRACE) (*n)++;
}

static size_t count_traced(const ach_recon *e)
{
    size_t n = 0;
    const void *ctx[2] = {e, &n};
    ach__idmap_each(&e->charges, count_trace, (void *)ctx);
    return n;
}

/* Builds the trace-number index on first use: it costs a pass over the charges, and only
 * return entries and trace lookups need it. Kept up to date by apply_charge() afterwards. */
static ach_status traces_ready(ach_recon *e, ach_error *err)
{
    if (e->traces_built) return ACH_OK;
    trace_fill tf = {e, ACH_OK};
    /* the table sized once; filling it again after a failure gives the same entries */
    if (ach__u64map_presize(&e->traces, count_traced(e) + 1) == ACH_OK)
        ach__idmap_each(&e->charges, put_trace, &tf);
    else
        tf.st = ACH_ENOMEM;
    if (tf.st != ACH_OK) return ach__fail(err, ACH_ENOMEM, NULL, e->line, 0, "out of memory");
    e->traces_built = true;
    return ACH_OK;
}

ach_status ach_recon_charge_by_trace(char out[ACH_ID_SIZE], ach_recon *e, const char *trace,
                                     size_t len, ach_error *err)
{
    if (!out || !e || !trace)
        return ach__fail(err, ACH_EINVAL, "trace", 0, 0, "NULL output, engine or trace");
    ach_ledger_field f = {trace, (uint32_t)(len > 15 ? 16 : len), 0, 0, 0};
    uint64_t t = trace_of(&f);
    if (!t)
        return ach__fail(err, ACH_EPARSE, "trace", 0, 0, "a trace number is 15 digits");
    ach_status st = traces_ready(e, err);
    if (st != ACH_OK) return st;
    uint32_t ref = ach__u64map_get(&e->traces, t);
    if (!ref)
        return ach__fail(err, ACH_EUNKNOWN_ID, "trace", 0, 0,
                         "no charge carried trace number %.15s", trace);
    const uint8_t *r = at(e, ref);
    memcpy(out, r + CHG_ID_AT + 1, r[CHG_ID_AT]);
    out[r[CHG_ID_AT]] = '\0';
    return ACH_OK;
}

void ach_recon_return_from_nacha(ach_recon_return *out, const ach_nacha_return *ret)
{
    memset(out, 0, sizeof *out);
    const ach_nacha_entry_info *in = &ret->info;
    ach__strlcpy(out->trace, in->original_trace, sizeof out->trace);
    ach__strlcpy(out->code, in->code, sizeof out->code);
    out->amount = in->amount < 0 ? -1 : in->amount;
    ach_date when = ach_nacha_received_date(in);
    out->at = (ach_instant)when * 86400;
    out->position = in->record;
}

ach_status ach_recon_apply_return(ach_recon_verdict *verdict, ach_recon *e,
                                  const ach_recon_return *ret, ach_error *err)
{
    if (!e || !ret) return ach__fail(err, ACH_EINVAL, "return", 0, 0, "no engine or return");
    begin(e, ret->position, ACH_RECON_RETURN, ACH_LEDGER_OUTCOME);
    ach_status st = reserve(e, err);
    if (st == ACH_OK) st = traces_ready(e, err);
    if (st != ACH_OK) {
        e->line = 0;
        return st;
    }
    /* the trace as given, printable ASCII only (it lands in findings) */
    idbuf trace;
    size_t tlen = 0;
    while (tlen < sizeof ret->trace && ret->trace[tlen]) tlen++;
    idbuf_set(&trace, ret->trace, tlen);
    for (size_t i = 0; i < trace.len; i++)
        if (trace.s[i] <= ' ' || trace.s[i] > '~') trace.s[i] = '?';
    ach_ledger_field tf = {trace.s, (uint32_t)trace.len, 0, 0, 0};
    uint64_t t = trace_of(&tf);
    bool applied = false;
    int code = 0;
    if (ret->code[0] == 'R' && ret->code[1] >= '0' && ret->code[1] <= '9' && ret->code[2] >= '0' &&
        ret->code[2] <= '9' && ret->code[3] == '\0')
        code = (ret->code[1] - '0') * 10 + (ret->code[2] - '0');
    uint32_t ref = t ? ach__u64map_get(&e->traces, t) : 0;
    if (!t) {
        findingf(e, ACH_RECON_INVALID_VALUE, ACH_EINVAL, &trace,
                 "trace: '%s' is not a 15-digit trace number", trace.s);
    } else if (!ref) {
        findingf(e, ACH_RECON_UNMATCHED_RETURN, ACH_EUNKNOWN_ID, &trace,
                 "trace: no charge carried trace number %s (SPEC §10 code column)", trace.s);
    } else {
        idbuf id;
        rec_id(&id, at(e, ref), CHG_ID_AT);
        ach_charge v;
        ach__recon_charge_value(&v, e, ref);
        if (code < 1 || code > ACH_RETURN_CODE_MAX) {
            findingf(e, ACH_RECON_INVALID_VALUE, ACH_EINVAL, &id,
                     "code: '%.3s' is not a NACHA return reason (R01 to R85)", ret->code);
        } else if (v.return_code) {
            findingf(e, ACH_RECON_DUPLICATE_RETURN, ACH_EDUPLICATE, &id,
                     "charge %s was already returned with R%02d", id.s, v.return_code);
        } else if (ret->amount >= 0 && ret->amount != v.amount) {
            findingf(e, ACH_RECON_AMOUNT_MISMATCH, ACH_EINVAL, &id,
                     "amount: the return is for %lld cents, charge %s was for %lld",
                     (long long)ret->amount, id.s, (long long)v.amount);
        } else {
            applied = apply_return_code(e, ref, &v, &id, &id, code, ret->at);
        }
    }
    e->returns++;
    if (applied) {
        note_date(e, ach__instant_date(ret->at));
        e->returns_applied++;
    } else {
        e->returns_rejected++;
    }
    ach_recon_verdict v = end(e, applied);
    if (verdict) *verdict = v;
    return ACH_OK;
}

/* ---- report ------------------------------------------------------------------------------- */

/* The report at this library's size; ach_recon_report_compute_sized() fits it to the caller's. */
static ach_status report_compute(ach_recon_report *out, const ach_recon *e, ach_date as_of,
                                 ach_error *err)
{
    if (!out || !e) return ach__fail(err, ACH_EINVAL, "report", 0, 0, "no report or engine");
    ach_recon_report r;
    memset(&r, 0, sizeof r);
    r.records = e->records;
    r.applied = e->applied;
    r.rejected = e->rejected;
    r.flagged = e->flagged;
    r.malformed = e->malformed;
    r.reader_records = e->reader_records;
    r.lines_conserved = e->applied + e->rejected == e->records &&
                        e->read_records == e->reader_records && e->read_records <= e->records;
    memcpy(r.records_by_type, e->by_type, sizeof e->by_type);
    memcpy(r.applied_by_type, e->applied_by_type, sizeof e->applied_by_type);
    r.returns = e->returns;
    r.returns_applied = e->returns_applied;
    r.returns_rejected = e->returns_rejected;
    r.findings = e->findings_total;
    r.findings_kept = e->nfindings;
    memcpy(r.findings_by_kind, e->by_kind, sizeof e->by_kind);
    memcpy(r.events_by_type, e->events, sizeof e->events);
    r.first_date = e->first_date;
    r.last_date = e->last_date;

    as_of = default_as_of(e, as_of);
    if (as_of != ACH_DATE_NONE && (as_of < ACH_DATE_MIN || as_of > ACH_DATE_MAX))
        return ach__fail(err, ACH_ERANGE, "as_of", 0, 0,
                         "date %ld is outside 0001-01-01 .. 9999-12-31", (long)as_of);
    r.as_of = as_of;
    r.rates_from = ACH_DATE_NONE;
    if (as_of == ACH_DATE_NONE) {
        r.balance_conserved = true;
        ach_return_tally none = {0, 0, 0, 0};
        ach_return_rates_compute(&r.return_rates, &none);
        *out = r;
        return ACH_OK;
    }
    /* the window never starts before the first representable date (issue 17: a report as of
     * 0001-01-01 must not name a day of year 0) */
    r.rates_from = as_of - (ACH_RETURN_RATE_WINDOW_DAYS - 1) < ACH_DATE_MIN
                       ? ACH_DATE_MIN
                       : as_of - (ACH_RETURN_RATE_WINDOW_DAYS - 1);
    ach_return_tally tally = {0, 0, 0, 0};
    int64_t status[ACH_CHARGE_DISPUTED + 1] = {0};
    int64_t c_net = 0;
    for (size_t i = 0; i < e->ndays; i++) {
        const day *d = &e->days[i];
        if (d->date > as_of) continue;
        r.balance.pending += d->p_pending;
        r.balance.available += d->p_available;
        r.connected.pending += d->c_pending;
        r.connected.available += d->c_available;
        r.transactions_net += d->p_net;
        c_net += d->c_net;
        r.gross += d->gross;
        r.fees += d->fees;
        r.reversed += d->reversed;
        r.disputed += d->disputed;
        r.refunded += d->refunded;
        r.refund_failed += d->refund_failed;
        r.transferred += d->transferred;
        r.application_fees += d->app_fees;
        for (int s = 1; s <= ACH_CHARGE_DISPUTED; s++) status[s] += d->status[s];
        r.charges_refunded += (uint64_t)d->charges_refunded;
        if (d->date >= r.rates_from) { /* R-RET-2: the last 60 days */
            tally.debits += d->debits;
            tally.returns += d->returns;
            tally.unauthorized += d->unauthorized;
            tally.administrative += d->administrative;
        }
    }
    for (int s = 1; s <= ACH_CHARGE_DISPUTED; s++) {
        r.charges_by_status[s] = status[s] > 0 ? (uint64_t)status[s] : 0;
        r.charges += r.charges_by_status[s];
    }
    r.net = r.gross - r.fees - r.reversed - r.disputed - r.refunded + r.refund_failed -
            r.transferred + r.application_fees;
    r.balance_conserved = r.transactions_net == r.balance.pending + r.balance.available &&
                          r.net == r.transactions_net &&
                          c_net == r.connected.pending + r.connected.available;
    ach_return_rates_compute(&r.return_rates, &tally);
    for (size_t i = 0; i < e->nretries; i++)
        if (e->retries[i].returned <= as_of) r.retries++;
    /* R-CHG-9: overdue as of the report's date, counted with the findings of the pass */
    r.charges_overdue = ach__recon_overdue_count(e, as_of);
    r.findings_by_kind[ACH_RECON_OVERDUE_CHARGE] += r.charges_overdue;
    r.findings += r.charges_overdue;
    /* R-ACC-4b: likewise, accounts whose verification never came */
    r.accounts_unverified = ach__recon_unverified_count(e, as_of);
    r.findings_by_kind[ACH_RECON_UNVERIFIED_MICRODEPOSITS] += r.accounts_unverified;
    r.findings += r.accounts_unverified;
    *out = r;
    return ACH_OK;
}

static int by_date(const void *a, const void *b)
{
    ach_date x = ((const day *const *)a)[0]->date, y = ((const day *const *)b)[0]->date;
    return (x > y) - (x < y);
}

/* ABI (recon.h, "Growing the report"): the per-kind arrays have fixed capacities, and a caller
 * built against an older header has a shorter report; its size is the one of libach 0.1. */
_Static_assert(ACH_LEDGER_TYPE_COUNT <= ACH_RECON_TYPES_CAPACITY, "report: record types");
_Static_assert(ACH_RECON_KIND_COUNT <= ACH_RECON_KINDS_CAPACITY, "report: finding kinds");
_Static_assert(ACH_EVENT_TYPE_COUNT + 1 <= ACH_RECON_EVENT_TYPES_CAPACITY, "report: event types");
_Static_assert(ACH_CHARGE_DISPUTED + 1 <= ACH_RECON_STATUSES_CAPACITY, "report: charge statuses");

ach_status ach_recon_report_compute_sized(ach_recon_report *out, size_t out_size,
                                          const ach_recon *e, ach_date as_of, ach_error *err)
{
    if (!out) return ach__fail(err, ACH_EINVAL, "report", 0, 0, "no report or engine");
    if (out_size < ACH__REPORT_SIZE_0_1)
        return ach__fail(err, ACH_EINVAL, "report", 0, 0,
                         "report of %zu bytes; at least %zu expected (a header older than "
                         "libach 0.1?)", out_size, (size_t)ACH__REPORT_SIZE_0_1);
    ach_recon_report r;
    ach_status s = report_compute(&r, e, as_of, err);
    if (s != ACH_OK) return s;
    const size_t n = out_size < sizeof r ? out_size : sizeof r;
    r.size = n;
    memcpy(out, &r, n);
    if (out_size > n) memset((char *)out + n, 0, out_size - n);
    return ACH_OK;
}

ach_status ach_recon_balance_days(ach_recon_day *out, size_t cap, size_t *count,
                                  const ach_recon *e, ach_date as_of, ach_error *err)
{
    if (!count || !e || (cap && !out))
        return ach__fail(err, ACH_EINVAL, "count", 0, 0, "NULL argument");
    as_of = default_as_of(e, as_of);
    const day **sorted = malloc((e->ndays ? e->ndays : 1) * sizeof(const day *));
    if (!sorted) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < e->ndays; i++)
        if (as_of != ACH_DATE_NONE && e->days[i].date <= as_of && e->days[i].balance_changed)
            sorted[n++] = &e->days[i];
    qsort(sorted, n, sizeof(const day *), by_date);
    /* the running balance needs every earlier date, changed or not: only changed ones move it */
    ach_recon_day run;
    memset(&run, 0, sizeof run);
    for (size_t i = 0; i < n; i++) {
        const day *d = sorted[i];
        run.date = d->date;
        run.balance.pending += d->p_pending;
        run.balance.available += d->p_available;
        run.connected.pending += d->c_pending;
        run.connected.available += d->c_available;
        if (i < cap) out[i] = run;
    }
    free(sorted);
    *count = n;
    if (n > cap)
        return ach__fail(err, ACH_EBUFS, "cap", 0, 0, "%zu dates do not fit in %zu", n, cap);
    return ACH_OK;
}

static int date_cmp(const void *a, const void *b)
{
    ach_date x = *(const ach_date *)a, y = *(const ach_date *)b;
    return (x > y) - (x < y);
}

static void tally_day(ach_return_tally *t, const day *d, int sign)
{
    /* unsigned wrap-around undoes an earlier add exactly */
    uint64_t k = sign > 0 ? 1 : UINT64_MAX;
    t->debits += k * d->debits;
    t->returns += k * d->returns;
    t->unauthorized += k * d->unauthorized;
    t->administrative += k * d->administrative;
}

ach_status ach_recon_rate_days(ach_recon_rate_day *out, size_t cap, size_t *count,
                               const ach_recon *e, ach_date as_of, ach_error *err)
{
    if (!count || !e || (cap && !out))
        return ach__fail(err, ACH_EINVAL, "count", 0, 0, "NULL argument");
    as_of = default_as_of(e, as_of);
    *count = 0;
    if (as_of == ACH_DATE_NONE) return ACH_OK;
    /* the days that move a rate, and the dates on which they enter and leave the window */
    const day **act = malloc((e->ndays ? e->ndays : 1) * sizeof(const day *));
    ach_date *dates = malloc((2 * e->ndays + 1) * sizeof(ach_date));
    if (!act || !dates) {
        free(act);
        free(dates);
        return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t nact = 0, ndates = 0;
    for (size_t i = 0; i < e->ndays; i++) {
        const day *d = &e->days[i];
        if (d->date > as_of || (!d->debits && !d->returns)) continue;
        act[nact++] = d;
        dates[ndates++] = d->date;
        if (as_of - d->date >= ACH_RETURN_RATE_WINDOW_DAYS)
            dates[ndates++] = d->date + ACH_RETURN_RATE_WINDOW_DAYS; /* R-RET-2: it leaves */
    }
    dates[ndates++] = as_of;
    qsort(act, nact, sizeof(const day *), by_date);
    qsort(dates, ndates, sizeof(ach_date), date_cmp);
    ach_return_tally tally = {0, 0, 0, 0};
    size_t in = 0, gone = 0, n = 0;
    for (size_t i = 0; i < ndates; i++) {
        if (i && dates[i] == dates[i - 1]) continue;
        ach_date date = dates[i], from = date - (ACH_RETURN_RATE_WINDOW_DAYS - 1);
        if (from < ACH_DATE_MIN) from = ACH_DATE_MIN; /* as ach_recon_report_compute() */
        for (; in < nact && act[in]->date <= date; in++) tally_day(&tally, act[in], 1);
        for (; gone < in && act[gone]->date < from; gone++) tally_day(&tally, act[gone], -1);
        if (n < cap) {
            out[n].date = date;
            out[n].from = from;
            ach_return_rates_compute(&out[n].rates, &tally);
        }
        n++;
    }
    free(act);
    free(dates);
    *count = n;
    if (n > cap)
        return ach__fail(err, ACH_EBUFS, "cap", 0, 0, "%zu dates do not fit in %zu", n, cap);
    return ACH_OK;
}

size_t ach_recon_finding_count(const ach_recon *e)
{
    return e ? e->nfindings : 0;
}

ach_status ach_recon_finding_get(ach_recon_finding *out, const ach_recon *e, size_t i,
                                 ach_error *err)
{
    if (!out || !e) return ach__fail(err, ACH_EINVAL, "finding", 0, 0, "NULL argument");
    if (i >= e->nfindings)
        return ach__fail(err, ACH_ENOTFOUND, "index", 0, 0, "finding %zu of %zu", i,
                         e->nfindings);
    const finding_rec *r = &e->findings[i];
    out->line = r->line;
    out->column = r->column;
    out->kind = (ach_recon_kind)r->kind;
    out->severity = (ach_recon_severity)r->severity;
    out->origin = (ach_recon_origin)r->origin;
    out->fault = (ach_ledger_fault)r->fault;
    out->status = (ach_status)r->status;
    out->type = (ach_ledger_type)r->type;
    out->id = e->text + r->id_off;
    out->message = e->text + r->msg_off;
    return ACH_OK;
}

ach_status ach_recon_charge_get(ach_charge *out, const ach_recon *e, const char *id, size_t len,
                                ach_error *err)
{
    if (!out || !e || (!id && len)) return ach__fail(err, ACH_EINVAL, "id", 0, 0, "NULL argument");
    uint32_t ref = len <= 255 ? find(e, &e->charges, id, len) : 0;
    if (!ref)
        return ach__fail(err, ACH_EUNKNOWN_ID, "id", 0, 0, "no charge '%.*s'",
                         len > 64 ? 64 : (int)len, id);
    ach__recon_charge_value(out, e, ref);
    return ACH_OK;
}

void ach_recon_memory_get(ach_recon_memory *out, const ach_recon *e)
{
    memset(out, 0, sizeof *out);
    if (!e) return;
    out->accounts = e->accounts.count;
    out->mandates = e->mandates.count;
    out->charges = e->charges.count;
    out->refunds = e->refunds.count;
    out->disputes = e->disputes.count;
    out->arena_bytes = ach__arena_bytes(&e->arena);
    out->table_bytes = ach__idmap_bytes(&e->accounts) + ach__idmap_bytes(&e->mandates) +
                       ach__idmap_bytes(&e->charges) + ach__idmap_bytes(&e->refunds) +
                       ach__idmap_bytes(&e->disputes) + ach__u64map_bytes(&e->traces) +
                       ach__u64map_bytes(&e->charge_dispute) + ach__u64map_bytes(&e->day_index) +
                       ach__u64map_bytes(&e->charge_refunded);
    out->other_bytes = e->days_cap * sizeof *e->days + e->retries_cap * sizeof *e->retries +
                       e->cx_cap * sizeof *e->cx + e->cx_days_cap * sizeof *e->cx_days +
                       ach__u64map_bytes(&e->cx_index) + ach__u64map_bytes(&e->cx_day_index) +
                       e->refunded_cap * sizeof *e->refunded +
                       e->findings_cap * sizeof *e->findings + e->text_cap;
}
