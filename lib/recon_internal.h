/* SPDX-License-Identifier: Apache-2.0 */
/* The reconciliation engine's insides, shared by lib/recon.c (the pass, the report),
 * lib/recon_state.c (save, load, lookups) and lib/recon_lists.c (the report's lists). Never
 * installed. The layout of the records is described at the top of lib/recon.c. */
#ifndef ACH_RECON_INTERNAL_H
#define ACH_RECON_INTERNAL_H

#include "ach/recon.h"
#include "ach/rules.h"
#include "idmap.h"
#include "internal.h"

/* The size of libach 0.1's report, its last member accounts_unverified: the smallest a caller's
 * ach_recon_report may be (ABI). Members added later are past it. */
#define ACH__REPORT_SIZE_0_1 (offsetof(ach_recon_report, accounts_unverified) + sizeof(uint64_t))

/* ---- records ------------------------------------------------------------------------------ */

enum { REC_ACCOUNT = 1, REC_MANDATE, REC_CHARGE, REC_REFUND, REC_DISPUTE };
#define REC_KIND_MASK 0x0fu
#define REC_TEST 0x10u  /* account: routing 110000000 (R-ACC-6) */
#define REC_MANDATE_REVOKED 0x20u /* account: its mandate (a copy of whose state it keeps) */
#define REC_MANDATE_OFFLINE 0x40u
#define REC_TRACE 0x10u /* charge: a trace number follows the id */
#define REC_REFUNDED 0x20u /* charge: has an entry in the refunded side table */
#define REC_CONNECT 0x40u /* charge: a Connect charge (R-CON-1): its application fee (s64) and
                           * connected account (index u32) follow the id and trace */

#define ACC_ID_AT 27u
#define ACC_MD_SENT_AT 21u /* account: micro-deposits' processing date (R-ACC-4b) */
#define ACC_SETTLED_AT 24u /* account: the date it was verified or failed for good */
#define MAN_ID_AT 18u
#define CHG_LAG_AT 5u      /* charge: processing date - creation date, in days */
#define CHG_CREATED_AT 6u  /* charge: the creation instant (40 bits) */
#define CHG_ID_AT 24u
#define CHG_OUTCOME_AT 21u /* charge: the first outcome's date (R-CHG-9) */
#define CHG_SCRIPT_AT 23u  /* charge: the test number's scripted outcome (R-ACC-6) */
#define REF_ID_AT 18u
#define DSP_ID_AT 8u

/* The largest record: a Connect charge with the longest id and a trace. */
#define REC_MAX (CHG_ID_AT + 1u + 255u + 8u + 12u + 4u)

/* An id read back from a record, NUL-terminated for the rules and events. */
typedef struct idbuf {
    char s[ACH_LEDGER_ID_SIZE + 8];
    size_t len;
} idbuf;

static inline void idbuf_set(idbuf *b, const char *p, size_t len)
{
    if (len > sizeof b->s - 1) len = sizeof b->s - 1;
    ach__copy_short(b->s, p, len);
    b->s[len] = '\0';
    b->len = len;
}

static inline void rec_id(idbuf *b, const uint8_t *rec, uint32_t id_at)
{
    idbuf_set(b, (const char *)rec + id_at + 1, rec[id_at]);
}

/* A date kept in 3 bytes as 1 + days since 1970 (0: none), enough for the calendar's range. */
static inline ach_date ld_date24(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return v ? (ach_date)v - 1 : ACH_DATE_NONE;
}

/* The UTC date of a charge's first outcome (R-CHG-9), ACH_DATE_NONE while it is pending. */
static inline ach_date charge_created_date(const uint8_t *r)
{
    return ach__instant_date(ach__ld40(r + CHG_CREATED_AT));
}

static inline ach_date charge_outcome_date(const uint8_t *r)
{
    unsigned d = (unsigned)r[CHG_OUTCOME_AT] | (unsigned)r[CHG_OUTCOME_AT + 1] << 8;
    return d ? charge_created_date(r) + (ach_date)d - 1 : ACH_DATE_NONE;
}

/* ---- the engine ---------------------------------------------------------------------------- */

/* What changed on one UTC date. Balances are booked on the date of each balance transaction;
 * the rest on the date of the record that caused it. */
typedef struct day {
    ach_date date;
    int64_t p_pending, p_available, p_net; /* platform */
    int64_t c_pending, c_available, c_net; /* Connect accounts */
    int64_t gross, fees, reversed, disputed, refunded, refund_failed, transferred, app_fees;
    int64_t status[ACH_CHARGE_DISPUTED + 1]; /* charges entering (+) and leaving (-) a status */
    int64_t charges_refunded;                /* charges refunded for the first time */
    uint64_t debits, returns, unauthorized, administrative; /* R-RET-2 */
    bool balance_changed;
} day;

#define DAY_CACHE 64u /* a power of two */

typedef struct finding_rec {
    uint64_t line;
    uint32_t column;
    uint8_t kind, severity, origin, fault, type;
    int32_t status;
    size_t id_off, msg_off; /* into the text buffer */
} finding_rec;

typedef struct retry_rec {
    uint32_t charge; /* record reference */
    ach_date returned;
    uint8_t code;
} retry_rec;

struct ach_recon {
    const ach_calendar *cal;
    ach_fee_schedule fees;
    ach_env env;
    ach_recon_options opts;
    uint64_t hash_key; /* of every table (ach__hash_key() of opts.hash_seed) */

    ach__arena arena;
    ach__idmap accounts, mandates, charges, refunds, disputes;
    ach__u64map traces;          /* trace number -> charge; built at the first return */
    bool traces_built;
    ach__idmap *table_of[REC_DISPUTE + 1]; /* the table of each kind of record; [0]: `none` */
    ach__idmap none;             /* an empty table of one empty group, for the lookahead */
    ach__idgroup none_group;
    const ach_ledger_reader *reading; /* the input of ach_recon_read() while it runs, else NULL */
    const ach_ledger_stats *reading_stats; /* its counters when it is on another thread */
    ach__u64map charge_dispute;  /* charge ref -> dispute ref (for double-credit messages) */
    ach__u64map charge_refunded; /* charge ref -> 1 + index in refunded (REC_REFUNDED) */
    int64_t *refunded;           /* cents refunded, per charge with a refund */
    size_t nrefunded, refunded_cap;

    size_t budget;               /* records that fit before reserve() must look again */
    ach__u64map day_index;       /* date (biased) -> 1 + index in days */
    day *days;
    size_t ndays, days_cap;
    /* the days used last, by date modulo DAY_CACHE: a record books on its own date and on its
     * release date, a few days on, and so do its neighbours */
    struct {
        ach_date date; /* ACH_DATE_NONE: empty */
        uint32_t index;
    } day_cache[DAY_CACHE];

    retry_rec *retries;
    size_t nretries, retries_cap;

    /* Connect accounts (R-CON-1, issue 18): their ids, and their balance changes by date */
    struct cx_account {
        char id[ACH_LEDGER_ID_SIZE];
    } *cx;
    size_t ncx, cx_cap;
    ach__u64map cx_index; /* id hash -> 1 + index in cx */
    struct cx_day {
        uint32_t account;
        ach_date date;
        int64_t pending, available;
    } *cx_days;
    size_t ncx_days, cx_days_cap;
    ach__u64map cx_day_index; /* (1 + account) << 32 | date -> 1 + index in cx_days */

    finding_rec *findings;
    size_t nfindings, findings_cap;
    char *text;
    size_t text_used, text_cap;

    /* counts of the whole pass */
    uint64_t records, applied, rejected, flagged, malformed;
    uint64_t read_records, reader_records;
    uint64_t by_type[ACH_LEDGER_TYPE_COUNT], applied_by_type[ACH_LEDGER_TYPE_COUNT];
    uint64_t returns, returns_applied, returns_rejected;
    uint64_t findings_total, by_kind[ACH_RECON_KIND_COUNT];
    uint64_t events[ACH_EVENT_TYPE_COUNT + 1];
    ach_date first_date, last_date;
    ach_instant max_time;
    uint64_t max_time_line;
    bool have_time;

    /* the record being applied */
    uint64_t line;
    ach_recon_origin origin;
    ach_ledger_type type;
    unsigned nflags;
    ach_error err; /* the rule's refusal */
};

/* ---- shared by recon.c and recon_state.c ------------------------------------------------- */

static inline uint8_t *ach__recon_at(const ach_recon *e, uint32_t ref)
{
    return ach__arena_at(&e->arena, ref);
}

/* The charge value of the charge record `ref` (its refunded cents from the side table). */
static inline void ach__recon_charge_value(ach_charge *c, const ach_recon *e, uint32_t ref)
{
    const uint8_t *r = ach__recon_at(e, ref);
    memset(c, 0, sizeof *c);
    c->status = r[1];
    c->holder_type = r[2];
    c->connect = r[3];
    c->return_code = r[4];
    c->created = ach__ld40(r + CHG_CREATED_AT);
    c->processing = ach__instant_date(c->created) + r[CHG_LAG_AT];
    c->amount = ach__ld40(r + 11);
    c->fee = ach__ld40(r + 16);
    if (r[0] & REC_REFUNDED)
        c->refunded = e->refunded[ach__u64map_get(&e->charge_refunded, ref) - 1];
    if (r[0] & REC_CONNECT) {
        const uint8_t *x = r + CHG_ID_AT + 1 + r[CHG_ID_AT] + (r[0] & REC_TRACE ? 8 : 0);
        memcpy(&c->application_fee, x, 8);
    }
}

/* A report's date: `as_of`, or the ledger's last date for ACH_DATE_NONE (still ACH_DATE_NONE
 * when nothing was read). */
static inline ach_date default_as_of(const ach_recon *e, ach_date as_of)
{
    return as_of == ACH_DATE_NONE ? e->last_date : as_of;
}

/* lib/recon_lists.c's counts for the report: charges overdue (R-CHG-9) and accounts unverified
 * (R-ACC-4b) at the end of `as_of` (0 for ACH_DATE_NONE). */
size_t ach__recon_overdue_count(const ach_recon *e, ach_date as_of);
size_t ach__recon_unverified_count(const ach_recon *e, ach_date as_of);

/* The two-stage read (lib/recon_pipeline.c, issue 23): ach_recon_read() with the reader on a
 * second thread. *ran is false when that thread could not start (nothing was read then). */
ach_status ach__recon_read_pipelined(ach_recon *e, ach_ledger_reader *r, ach_error *err,
                                     bool *ran);
/* lib/recon.c's lookahead and apply, for it: the hashes are ach__id_hash() of the id and ref. */
void ach__recon_prefetch_groups(const ach_recon *e, ach_ledger_type type, uint64_t h_id,
                                uint64_t h_ref);
void ach__recon_prefetch_record(const ach_recon *e, ach_ledger_type type, uint64_t h_ref);
ach_status ach__recon_apply_hashed(ach_recon *e, const ach_ledger_record *rec, uint64_t h_id,
                                   uint64_t h_ref, ach_error *err);

/* CRC-32C (Castagnoli) of `len` bytes, continuing `crc` (0 to start): lib/recon_state.c. */
uint32_t ach__crc32c(uint32_t crc, const void *data, size_t len);

#endif /* ACH_RECON_INTERNAL_H */
