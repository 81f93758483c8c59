/* SPDX-License-Identifier: Apache-2.0 */
/* Checkpoints (issue 21 item 1): ach_recon_save() writes an engine's whole state as a snapshot,
 * ach_recon_load() makes an engine from one. The format is documented in docs/state-format.md;
 * this file is its reference implementation.
 *
 * The snapshot holds objects, not tables: each object (account, mandate, charge, refund,
 * dispute) is written field by field in the order it was created, with references to other
 * objects as ordinals (1 = the first object written), and the loader builds the arena records and
 * the hash tables again. So the hash tables may change (a keyed hash, another layout) without
 * changing the format, and a record layout change in lib/recon.c only changes the two functions
 * here that read and write that kind. Creation order is kept because it carries meaning: of two
 * charges with one trace number the later is meant (ach_recon_apply_return()), and the loaded
 * arena gives references in the same order.
 *
 * Sections are framed (tag, length, payload, CRC-32C) so that a loader can name the part that is
 * corrupted or missing and so that later versions can add sections: a tag whose first letter is
 * lower case may be skipped by a loader that does not know it; any other unknown tag is refused.
 * Objects, days and findings are written in sections of about 1 MiB each, so neither side holds
 * more than one section of a snapshot in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ach/account.h"
#include "ach/dispute.h"
#include "ach/mandate.h"
#include "ach/refund.h"
#include "recon_internal.h"

/* ---- CRC-32C ----------------------------------------------------------------------------------
 * Why CRC-32C (Castagnoli), written here: a snapshot must be refused when any byte of it changed
 * (a torn write, a bad disk block, a hand edit), and the checksum must be cheap next to the disk.
 * CRC-32C detects every error burst of up to 32 bits and every 1- to 3-bit error in sections of
 * the size written here, better than the IEEE CRC-32 polynomial at these lengths, and is what
 * iSCSI, ext4 and SSE4.2 / ARMv8 instructions compute, so a faster path can come later without a
 * format change. It is not a defence against forgery: a snapshot is trusted as much as the ledger
 * it came from. No library of the build (libical, utf8proc) offers it. The slicing-by-8 table is
 * built per save or load (8 KiB, a few microseconds) rather than held in a global. */

typedef struct crc_table {
    uint32_t t[8][256];
} crc_table;

static void crc_init(crc_table *c)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t x = i;
        for (int k = 0; k < 8; k++) x = (x >> 1) ^ (UINT32_C(0x82F63B78) & (0u - (x & 1u)));
        c->t[0][i] = x;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int s = 1; s < 8; s++)
            c->t[s][i] = (c->t[s - 1][i] >> 8) ^ c->t[0][c->t[s - 1][i] & 0xffu];
}

/* Continues the CRC-32C `crc` (0 for none yet) over `n` bytes. */
static uint32_t crc_update(const crc_table *c, uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (; n >= 8; n -= 8, p += 8) {
        uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                             (uint32_t)p[3] << 24);
        crc = c->t[7][lo & 0xffu] ^ c->t[6][(lo >> 8) & 0xffu] ^ c->t[5][(lo >> 16) & 0xffu] ^
              c->t[4][lo >> 24] ^ c->t[3][p[4]] ^ c->t[2][p[5]] ^ c->t[1][p[6]] ^ c->t[0][p[7]];
    }
    while (n--) crc = (crc >> 8) ^ c->t[0][(crc ^ *p++) & 0xffu];
    return ~crc;
}

uint32_t ach__crc32c(uint32_t crc, const void *data, size_t len)
{
    crc_table c;
    crc_init(&c);
    return crc_update(&c, crc, data, len);
}

/* ---- the format's constants ------------------------------------------------------------------ */

/* PNG's trick: a byte with the high bit set, then CR LF, ^Z and LF, so that a snapshot sent
 * through a 7-bit or text-mode channel is refused as such. */
static const uint8_t magic[8] = {0x89, 'A', 'C', 'H', '\r', '\n', 0x1a, '\n'};

#define TAG(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define TAG_CONF TAG('C', 'O', 'N', 'F')
#define TAG_CNTS TAG('C', 'N', 'T', 'S')
#define TAG_OBJS TAG('O', 'B', 'J', 'S')
#define TAG_DAYS TAG('D', 'A', 'Y', 'S')
#define TAG_RTRY TAG('R', 'T', 'R', 'Y')
#define TAG_FIND TAG('F', 'I', 'N', 'D')
#define TAG_CONN TAG('C', 'O', 'N', 'N') /* Connect accounts (version 2) */
#define TAG_CDAY TAG('C', 'D', 'A', 'Y') /* their balance changes by date (version 2) */
#define TAG_END TAG('E', 'N', 'D', ' ')

/* A section is flushed once its payload passes this; a loader accepts sections up to
 * SECTION_MAX (one object, day or finding is at most a few hundred bytes). */
#define SECTION_FLUSH ((size_t)1 << 20)
#define SECTION_MAX ((uint64_t)64 << 20)

/* Every object type the format knows, numbered as ach_recon_object_type and REC_*. */
#define KINDS 5u
#define DAY_MONEY 14u /* the int64 sums of a day before its status counts */
#define MSG_MAX 900u  /* a finding's message, as finding() caps it */
#define DATE24_MAX 0xfffffe /* the latest date a record keeps in 3 bytes (lib/recon.c) */

/* A date kept in a record's 3 bytes as 1 + days since 1970, 0 for none (lib/recon.c). */
static ach_date date24_get(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return v ? (ach_date)v - 1 : ACH_DATE_NONE;
}

static void date24_put(uint8_t *p, ach_date d)
{
    uint32_t v = d == ACH_DATE_NONE ? 0 : (uint32_t)d + 1;
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
}

/* ---- writing ------------------------------------------------------------------------------ */

typedef struct saver {
    const ach_recon *e;
    ach_recon_write_fn write;
    void *ctx;
    crc_table crc;
    uint8_t *buf; /* the payload of the section being written */
    size_t len, cap;
    bool oom;
    ach_error *err;
    uint32_t *refs; /* every object's reference, in creation (= reference) order */
    size_t nrefs;
} saver;

static void room(saver *s, size_t n)
{
    if (s->oom || s->len + n <= s->cap) return;
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + n) cap *= 2;
    uint8_t *p = realloc(s->buf, cap);
    if (!p) {
        s->oom = true;
        return;
    }
    s->buf = p;
    s->cap = cap;
}

static void put_u8(saver *s, unsigned v)
{
    room(s, 1);
    if (!s->oom) s->buf[s->len++] = (uint8_t)v;
}

/* Unsigned LEB128: 7 bits a byte, low first, high bit set on all but the last. */
static void put_uv(saver *s, uint64_t v)
{
    room(s, 10);
    if (s->oom) return;
    while (v >= 0x80u) {
        s->buf[s->len++] = (uint8_t)(v | 0x80u);
        v >>= 7;
    }
    s->buf[s->len++] = (uint8_t)v;
}

/* Signed: zigzag (0, -1, 1, -2 ... as 0, 1, 2, 3 ...), then LEB128. */
static void put_sv(saver *s, int64_t v)
{
    put_uv(s, v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1);
}

static void put_bytes(saver *s, const void *p, size_t n)
{
    room(s, n);
    if (s->oom) return;
    if (n) memcpy(s->buf + s->len, p, n);
    s->len += n;
}

static void put_str(saver *s, const uint8_t *p, size_t n)
{
    put_uv(s, n);
    put_bytes(s, p, n);
}

static void le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static ach_status emit(saver *s, const void *p, size_t n)
{
    ach_status st = s->write(s->ctx, p, n);
    if (st != ACH_OK)
        return ach__fail(s->err, st, "write", 0, 0, "the writer refused the snapshot: %s",
                         ach_status_str(st));
    return ACH_OK;
}

/* Writes the payload gathered in s->buf as a section `tag`, and starts the next one empty. */
static ach_status flush(saver *s, uint32_t tag)
{
    if (s->oom) return ach__fail(s->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    uint8_t head[12], tail[4];
    le32(head, tag);
    le64(head + 4, s->len);
    uint32_t crc = crc_update(&s->crc, 0, head, sizeof head);
    le32(tail, crc_update(&s->crc, crc, s->buf, s->len));
    ach_status st = emit(s, head, sizeof head);
    if (st == ACH_OK && s->len) st = emit(s, s->buf, s->len);
    if (st == ACH_OK) st = emit(s, tail, sizeof tail);
    s->len = 0;
    return st;
}

/* The calendar's identity: its range and its closure days (weekday holidays, R-CAL-2; weekends
 * are the same in every calendar). *out is malloc()ed; ACH_ENOMEM. */
typedef struct cal_id {
    ach_date first, last;
    ach_date *closures;
    size_t n;
    uint64_t hash;
} cal_id;

static ach_status calendar_identity(cal_id *id, const ach_calendar *cal, ach_error *err)
{
    memset(id, 0, sizeof *id);
    ach_calendar_range(cal, &id->first, &id->last);
    size_t n = 0;
    ach_status st = ach_calendar_holidays(NULL, 0, &n, cal, id->first, id->last, NULL);
    ach_holiday *h = NULL;
    if (st == ACH_EBUFS) {
        h = malloc(n * sizeof *h);
        id->closures = malloc(n * sizeof *id->closures);
        if (!h || !id->closures) {
            free(h);
            free(id->closures);
            id->closures = NULL;
            return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        }
        st = ach_calendar_holidays(h, n, &n, cal, id->first, id->last, err);
    }
    if (st != ACH_OK || !h) n = 0; /* no closure in the range (ACH_OK at once), or none known */
    uint64_t x = ach__mix64((uint64_t)(uint32_t)id->first << 32 | (uint32_t)id->last);
    for (size_t i = 0; i < n; i++) {
        id->closures[i] = h[i].date;
        x = ach__mix64(x ^ (uint32_t)h[i].date);
    }
    free(h);
    id->n = n;
    id->hash = x;
    return ACH_OK;
}

static void write_conf(saver *s, const cal_id *id, const ach_fee_schedule *f)
{
    put_sv(s, id->first);
    put_sv(s, id->last);
    put_uv(s, id->n);
    ach_date prev = id->first;
    for (size_t i = 0; i < id->n; i++) { /* sorted: gaps are small */
        put_uv(s, (uint64_t)((int64_t)id->closures[i] - prev));
        prev = id->closures[i];
    }
    uint8_t h[8];
    le64(h, id->hash);
    put_bytes(s, h, 8);
    put_uv(s, f->rate_ppm);
    put_sv(s, f->fixed);
    put_sv(s, f->cap);
    put_sv(s, f->failure_fee);
    put_sv(s, f->dispute_fee);
}

static void put_array(saver *s, const uint64_t *v, size_t n)
{
    put_uv(s, n);
    for (size_t i = 0; i < n; i++) put_uv(s, v[i]);
}

static void write_counts(saver *s, const ach_recon *e)
{
    put_uv(s, e->records);
    put_uv(s, e->applied);
    put_uv(s, e->rejected);
    put_uv(s, e->flagged);
    put_uv(s, e->malformed);
    put_uv(s, e->read_records);
    put_uv(s, e->reader_records);
    put_array(s, e->by_type, ACH_LEDGER_TYPE_COUNT);
    put_array(s, e->applied_by_type, ACH_LEDGER_TYPE_COUNT);
    put_uv(s, e->returns);
    put_uv(s, e->returns_applied);
    put_uv(s, e->returns_rejected);
    put_uv(s, e->findings_total);
    put_array(s, e->by_kind, ACH_RECON_KIND_COUNT);
    put_array(s, e->events, ACH_EVENT_TYPE_COUNT + 1);
    put_sv(s, e->first_date);
    put_sv(s, e->last_date);
    put_u8(s, e->have_time);
    put_sv(s, e->max_time);
    put_uv(s, e->max_time_line);
    const uint64_t objects[KINDS] = {e->accounts.count, e->mandates.count, e->charges.count,
                                     e->refunds.count, e->disputes.count};
    put_array(s, objects, KINDS);
    put_uv(s, e->ndays);
    put_uv(s, e->nretries);
    put_uv(s, e->nfindings);
    put_uv(s, e->ncx);      /* version 2: Connect accounts */
    put_uv(s, e->ncx_days); /* and their days */
}

static void collect(void *ctx, uint32_t ref)
{
    saver *s = ctx;
    s->refs[s->nrefs++] = ref;
}

/* Sorts the references (creation order): a radix sort in two passes of 16 bits, since there may
 * be tens of millions. */
static bool sort_refs(uint32_t *v, size_t n)
{
    uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    size_t *count = malloc(65537 * sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return false;
    }
    for (int shift = 0; shift < 32; shift += 16) {
        memset(count, 0, 65537 * sizeof *count);
        for (size_t i = 0; i < n; i++) count[((v[i] >> shift) & 0xffffu) + 1]++;
        for (size_t k = 1; k <= 65536; k++) count[k] += count[k - 1];
        for (size_t i = 0; i < n; i++) tmp[count[(v[i] >> shift) & 0xffffu]++] = v[i];
        memcpy(v, tmp, n * sizeof *v);
    }
    free(tmp);
    free(count);
    return true;
}

/* The ordinal (1-based) of the object at `ref`; 0 when it is none. */
static uint64_t ordinal(const saver *s, uint32_t ref)
{
    size_t lo = 0, hi = s->nrefs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->refs[mid] < ref) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->nrefs && s->refs[lo] == ref ? lo + 1 : 0;
}

/* One object: its kind, its body's length, its body (docs/state-format.md, "Objects"). */
static void write_object(saver *s, uint32_t ref)
{
    const ach_recon *e = s->e;
    const uint8_t *r = ach__recon_at(e, ref);
    unsigned kind = r[0] & REC_KIND_MASK;
    size_t at = s->len;
    put_u8(s, kind);
    put_bytes(s, "\0\0", 2); /* the body's length, filled in below */
    size_t body = s->len;
    switch (kind) {
    case REC_ACCOUNT: {
        put_str(s, r + ACC_ID_AT + 1, r[ACC_ID_AT]);
        const uint8_t *cust = r + ACC_ID_AT + 1 + r[ACC_ID_AT];
        put_str(s, cust + 1, cust[0]);
        put_bytes(s, r + 1, 7); /* status failed holder test_answer test_rc md0 md1 */
        put_bytes(s, r + 8, 4); /* last4 */
        put_u8(s, (r[0] & (REC_TEST | REC_MANDATE_REVOKED | REC_MANDATE_OFFLINE)) >> 4);
        put_uv(s, ordinal(s, ach__ld32(r + 12)));
        put_sv(s, ach__ld40(r + 16));
        put_sv(s, date24_get(r + ACC_MD_SENT_AT)); /* version 2 (R-ACC-4b) */
        put_sv(s, date24_get(r + ACC_SETTLED_AT));
        break;
    }
    case REC_MANDATE:
        put_str(s, r + MAN_ID_AT + 1, r[MAN_ID_AT]);
        put_uv(s, ordinal(s, ach__ld32(r + 4)));
        put_u8(s, r[1]);
        put_u8(s, r[2]);
        put_sv(s, ach__ld40(r + 8));
        put_sv(s, r[2] ? ach__ld40(r + 13) : 0);
        break;
    case REC_CHARGE: {
        put_str(s, r + CHG_ID_AT + 1, r[CHG_ID_AT]);
        ach_charge c;
        ach__recon_charge_value(&c, e, ref);
        put_bytes(s, r + 1, 5); /* status holder connect return_code processing delta */
        put_sv(s, c.created);
        put_sv(s, c.amount);
        put_sv(s, c.fee);
        put_sv(s, c.refunded);
        uint64_t trace = 0;
        if (r[0] & REC_TRACE) memcpy(&trace, r + CHG_ID_AT + 1 + r[CHG_ID_AT], 8);
        put_uv(s, trace);
        /* version 2: the first outcome's date (R-CHG-9), the test number's script (R-ACC-6) */
        put_uv(s, (unsigned)r[CHG_OUTCOME_AT] | (unsigned)r[CHG_OUTCOME_AT + 1] << 8);
        put_u8(s, r[CHG_SCRIPT_AT]);
        if (r[0] & REC_CONNECT) { /* exactly when connect is not ACH_CONNECT_NONE (R-CON-1) */
            const uint8_t *x = r + CHG_ID_AT + 1 + r[CHG_ID_AT] + (r[0] & REC_TRACE ? 8 : 0);
            put_sv(s, c.application_fee);
            put_uv(s, (uint64_t)ach__ld32(x + 8) + 1);
        }
        break;
    }
    case REC_REFUND:
        put_str(s, r + REF_ID_AT + 1, r[REF_ID_AT]);
        put_uv(s, ordinal(s, ach__ld32(r + 4)));
        put_bytes(s, r + 1, 3); /* status side flags */
        put_sv(s, ach__ld40(r + 8));
        put_sv(s, ach__ld40(r + 13));
        break;
    default: /* REC_DISPUTE */
        put_str(s, r + DSP_ID_AT + 1, r[DSP_ID_AT]);
        put_uv(s, ordinal(s, ach__ld32(r + 4)));
        put_bytes(s, r + 1, 2); /* reason flags */
        break;
    }
    if (s->oom) return;
    size_t n = s->len - body; /* at most 2 ids of 255 bytes and a few numbers */
    s->buf[at + 1] = (uint8_t)n;
    s->buf[at + 2] = (uint8_t)(n >> 8);
}

static void write_day(saver *s, const day *d)
{
    put_sv(s, d->date);
    put_u8(s, d->balance_changed);
    const int64_t money[DAY_MONEY] = {d->p_pending, d->p_available, d->p_net,   d->c_pending,
                                      d->c_available, d->c_net,   d->gross,     d->fees,
                                      d->reversed,  d->disputed,  d->refunded,  d->refund_failed,
                                      d->transferred, d->app_fees};
    for (size_t i = 0; i < DAY_MONEY; i++) put_sv(s, money[i]);
    put_uv(s, ACH_CHARGE_DISPUTED + 1);
    for (int i = 0; i <= ACH_CHARGE_DISPUTED; i++) put_sv(s, d->status[i]);
    put_sv(s, d->charges_refunded);
    put_uv(s, d->debits);
    put_uv(s, d->returns);
    put_uv(s, d->unauthorized);
    put_uv(s, d->administrative);
}

static void write_finding(saver *s, const finding_rec *f)
{
    const ach_recon *e = s->e;
    put_uv(s, f->line);
    put_uv(s, f->column);
    put_u8(s, f->kind);
    put_u8(s, f->severity);
    put_u8(s, f->origin);
    put_u8(s, f->fault);
    put_u8(s, f->type);
    put_sv(s, f->status);
    const char *id = e->text + f->id_off, *msg = e->text + f->msg_off;
    put_str(s, (const uint8_t *)id, strlen(id));
    put_str(s, (const uint8_t *)msg, strlen(msg));
}

/* Writes `n` items in sections `tag` of about SECTION_FLUSH bytes, each led by its item count. */
static ach_status write_items(saver *s, uint32_t tag, size_t n,
                              void (*one)(saver *s, size_t i))
{
    size_t i = 0;
    do {
        size_t from = i;
        s->len = 0;
        put_bytes(s, "\0\0\0\0", 4); /* the count, filled in below */
        while (i < n && s->len < SECTION_FLUSH && !s->oom) one(s, i++);
        if (s->oom) return ach__fail(s->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        le32(s->buf, (uint32_t)(i - from));
        ach_status st = flush(s, tag);
        if (st != ACH_OK) return st;
    } while (i < n);
    return ACH_OK;
}

static void one_object(saver *s, size_t i)
{
    write_object(s, s->refs[i]);
}

static void one_day(saver *s, size_t i)
{
    write_day(s, &s->e->days[i]);
}

static void one_finding(saver *s, size_t i)
{
    write_finding(s, &s->e->findings[i]);
}

/* A Connect account: its id (R-CON-1). */
static void one_connect(saver *s, size_t i)
{
    const char *id = s->e->cx[i].id;
    put_str(s, (const uint8_t *)id, strlen(id));
}

/* A Connect account's balance change on a date. */
static void one_connect_day(saver *s, size_t i)
{
    const struct cx_day *d = &s->e->cx_days[i];
    put_uv(s, (uint64_t)d->account + 1);
    put_sv(s, d->date);
    put_sv(s, d->pending);
    put_sv(s, d->available);
}

static void one_retry(saver *s, size_t i)
{
    const retry_rec *t = &s->e->retries[i];
    put_uv(s, ordinal(s, t->charge));
    put_sv(s, t->returned);
    put_u8(s, t->code);
}

static ach_status save(saver *s)
{
    const ach_recon *e = s->e;
    uint8_t head[16];
    memcpy(head, magic, 8);
    le32(head + 8, ACH_RECON_STATE_VERSION);
    le32(head + 12, crc_update(&s->crc, 0, head, 12));
    ach_status st = emit(s, head, sizeof head);
    if (st != ACH_OK) return st;

    cal_id id;
    st = calendar_identity(&id, e->cal, s->err);
    if (st != ACH_OK) return st;
    write_conf(s, &id, &e->fees);
    free(id.closures);
    if ((st = flush(s, TAG_CONF)) != ACH_OK) return st;
    write_counts(s, e);
    if ((st = flush(s, TAG_CNTS)) != ACH_OK) return st;

    size_t total = e->accounts.count + e->mandates.count + e->charges.count + e->refunds.count +
                   e->disputes.count;
    s->refs = malloc((total ? total : 1) * sizeof *s->refs);
    if (!s->refs) return ach__fail(s->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    for (unsigned k = REC_ACCOUNT; k <= REC_DISPUTE; k++)
        ach__idmap_each(e->table_of[k], collect, s);
    if (!sort_refs(s->refs, s->nrefs)) return ach__fail(s->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    if ((st = write_items(s, TAG_CONN, e->ncx, one_connect)) != ACH_OK) return st;
    if ((st = write_items(s, TAG_OBJS, s->nrefs, one_object)) != ACH_OK) return st;
    if ((st = write_items(s, TAG_DAYS, e->ndays, one_day)) != ACH_OK) return st;
    if ((st = write_items(s, TAG_CDAY, e->ncx_days, one_connect_day)) != ACH_OK) return st;
    if ((st = write_items(s, TAG_RTRY, e->nretries, one_retry)) != ACH_OK) return st;
    if ((st = write_items(s, TAG_FIND, e->nfindings, one_finding)) != ACH_OK) return st;
    s->len = 0;
    return flush(s, TAG_END);
}

ach_status ach_recon_save(const ach_recon *e, ach_recon_write_fn write, void *ctx, ach_error *err)
{
    if (!e || !write) return ach__fail(err, ACH_EINVAL, "engine", 0, 0, "no engine or writer");
    saver *s = calloc(1, sizeof *s);
    if (!s) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    s->e = e;
    s->write = write;
    s->ctx = ctx;
    s->err = err;
    crc_init(&s->crc);
    ach_status st = save(s);
    free(s->refs);
    free(s->buf);
    free(s);
    return st;
}

/* ---- reading ------------------------------------------------------------------------------ */

typedef struct loader {
    ach_recon *e;
    ach_recon_read_fn read;
    void *ctx;
    crc_table crc;
    uint8_t *buf; /* the payload of the current section */
    size_t cap;
    uint64_t offset;  /* bytes read so far */
    uint32_t version; /* of the snapshot */
    char tag[5];      /* of the current section, for messages */
    ach_error *err;
    /* what CNTS announced, checked against what came */
    uint64_t want_objects[KINDS], want_days, want_retries, want_findings, saved_findings;
    uint64_t want_connect, want_connect_days;
    /* the sum of the magnitudes of every signed figure by date read so far: a report adds
     * subsets of them, so bounding the whole keeps every sum it makes in int64_t */
    uint64_t weight;
    uint32_t *refs; /* ordinal - 1 -> reference of the object built */
    size_t nrefs, refs_cap;
    bool seen_conf, seen_cnts;
} loader;

#define WEIGHT_MAX (UINT64_C(1) << 62)

/* Adds |v| to the loader's weight; false when the figures of the snapshot could make a report's
 * sums overflow (a hand-made snapshot: a ledger's own figures are nowhere near). */
static bool weigh(loader *l, int64_t v)
{
    if (v == INT64_MIN) return false;
    uint64_t m = (uint64_t)(v < 0 ? -v : v);
    if (m > WEIGHT_MAX - l->weight) return false;
    l->weight += m;
    return true;
}

/* The snapshot is refused: ACH_ESTATE naming `field`. */
ACH__COLD static ach_status refuse(loader *l, const char *field, const char *fmt, ...)
    ACH_PRINTF(3, 4);

static ach_status refuse(loader *l, const char *field, const char *fmt, ...)
{
    char msg[ACH_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ach__fail(l->err, ACH_ESTATE, field, 0, 0, "%s", msg);
}

/* Reads exactly n bytes; a snapshot that ends first is truncated. */
static ach_status read_exact(loader *l, void *dst, size_t n, const char *where)
{
    uint8_t *p = dst;
    while (n) {
        size_t got = 0;
        ach_status st = l->read(l->ctx, p, n, &got);
        if (st != ACH_OK)
            return ach__fail(l->err, st, "read", 0, 0, "the reader failed at byte %llu: %s",
                             (unsigned long long)l->offset, ach_status_str(st));
        if (got == 0)
            return refuse(l, "length", "the snapshot is truncated: it ends after %llu bytes, %s",
                          (unsigned long long)l->offset, where);
        if (got > n) got = n;
        p += got;
        n -= got;
        l->offset += got;
    }
    return ACH_OK;
}

/* A cursor over a payload. A read past its end or of a value too large sets `bad`. */
typedef struct cur {
    const uint8_t *p, *end;
    bool bad;
} cur;

static uint64_t get_uv(cur *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) break;
        uint8_t b = *c->p++;
        if (shift == 63 && b > 1) break;
        v |= (uint64_t)(b & 0x7fu) << shift;
        if (!(b & 0x80u)) return v;
    }
    c->bad = true;
    return 0;
}

static int64_t get_sv(cur *c)
{
    uint64_t u = get_uv(c);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1u);
}

static uint8_t get_u8(cur *c)
{
    if (c->p >= c->end) {
        c->bad = true;
        return 0;
    }
    return *c->p++;
}

static const uint8_t *get_bytes(cur *c, size_t n)
{
    if ((size_t)(c->end - c->p) < n) {
        c->bad = true;
        return NULL;
    }
    const uint8_t *p = c->p;
    c->p += n;
    return p;
}

/* A string of at most `max` bytes (*n its length); NULL (and bad) otherwise. */
static const uint8_t *get_str(cur *c, size_t *n, size_t max)
{
    uint64_t len = get_uv(c);
    if (c->bad || len > max) {
        c->bad = true;
        *n = 0;
        return NULL;
    }
    *n = (size_t)len;
    return get_bytes(c, *n);
}

/* An int64 that must lie in [lo, hi]. */
static int64_t get_range(cur *c, int64_t lo, int64_t hi)
{
    int64_t v = get_sv(c);
    if (v < lo || v > hi) c->bad = true;
    return v;
}

/* An unsigned value that must be at most `max`. */
static uint64_t get_uv_max(cur *c, uint64_t max)
{
    uint64_t v = get_uv(c);
    if (v > max) c->bad = true;
    return v;
}

static uint8_t get_u8_range(cur *c, unsigned lo, unsigned hi)
{
    uint8_t v = get_u8(c);
    if (v < lo || v > hi) c->bad = true;
    return v;
}

/* A date that a record keeps in 3 bytes: ACH_DATE_NONE or 0..DATE24_MAX. */
static ach_date get_date24(cur *c)
{
    int64_t v = get_sv(c);
    if (v != ACH_DATE_NONE && (v < 0 || v > DATE24_MAX)) c->bad = true;
    return c->bad ? ACH_DATE_NONE : (ach_date)v;
}

static void tag_name(char out[5], uint32_t tag)
{
    for (int i = 0; i < 4; i++) {
        char ch = (char)(tag >> (8 * i));
        out[i] = ch > ' ' && ch <= '~' ? ch : '?';
    }
    out[4] = '\0';
}

/* Reads the next section's frame and payload into l->buf, checking its CRC. */
static ach_status read_section(loader *l, uint32_t *tag, cur *c)
{
    c->p = c->end = NULL;
    c->bad = true;
    uint8_t head[12];
    ach_status st = read_exact(l, head, sizeof head, "where a section (or the END section) should start");
    if (st != ACH_OK) return st;
    *tag = rd32(head);
    tag_name(l->tag, *tag);
    uint64_t len = rd64(head + 4);
    char where[64];
    snprintf(where, sizeof where, "inside section '%s'", l->tag);
    if (len > SECTION_MAX) {
        /* a length this large is a corrupted frame more often than a real section: check the
         * bytes that are there before saying which */
        return refuse(l, "length",
                      "section '%s' at byte %llu claims %llu bytes, more than a snapshot section "
                      "holds (%llu): the snapshot is corrupted",
                      l->tag, (unsigned long long)(l->offset - 12), (unsigned long long)len,
                      (unsigned long long)SECTION_MAX);
    }
    /* the buffer grows with the bytes that actually come, so a corrupted length in a short
     * input ends as "truncated", not as a large allocation */
    size_t have = 0;
    while (have < len) {
        size_t step = (size_t)len - have;
        if (have + step > l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 65536;
            if (cap > len) cap = (size_t)len;
            uint8_t *p = realloc(l->buf, cap);
            if (!p) return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
            l->buf = p;
            l->cap = cap;
            step = cap - have;
        }
        if ((st = read_exact(l, l->buf + have, step, where)) != ACH_OK) return st;
        have += step;
    }
    uint8_t tail[4];
    if ((st = read_exact(l, tail, 4, where)) != ACH_OK) return st;
    uint32_t crc = crc_update(&l->crc, 0, head, sizeof head);
    crc = crc_update(&l->crc, crc, l->buf, (size_t)len);
    if (crc != rd32(tail))
        return refuse(l, "checksum",
                      "section '%s' (%llu bytes, ending at byte %llu) is corrupted: its CRC-32C is "
                      "%08x, the snapshot says %08x",
                      l->tag, (unsigned long long)len, (unsigned long long)l->offset, crc,
                      rd32(tail));
    /* an empty section may come before any buffer exists: point at a byte of our own rather
     * than do arithmetic on a null pointer */
    static const uint8_t no_payload[1];
    c->p = len ? l->buf : no_payload;
    c->end = c->p + len;
    c->bad = false;
    return ACH_OK;
}

static ach_status cut_short(loader *l, const char *what)
{
    return refuse(l, "section", "section '%s' has %s: the snapshot is corrupted", l->tag, what);
}

static ach_status read_conf(loader *l, cur *c)
{
    ach_recon *e = l->e;
    cal_id here;
    ach_status st = calendar_identity(&here, e->cal, l->err);
    if (st != ACH_OK) return st;
    cal_id there;
    memset(&there, 0, sizeof there);
    there.first = (ach_date)get_range(c, INT32_MIN + 1, INT32_MAX);
    there.last = (ach_date)get_range(c, INT32_MIN + 1, INT32_MAX);
    uint64_t n = get_uv(c);
    /* compare the closures as they come: the first one that differs is named */
    ach_date diff = ACH_DATE_NONE, prev = there.first;
    bool diff_in_snapshot = false;
    size_t k = 0;
    for (uint64_t i = 0; i < n && !c->bad; i++) {
        uint64_t gap = get_uv(c);
        if (gap > (uint64_t)INT32_MAX || (int64_t)prev + (int64_t)gap > INT32_MAX) c->bad = true;
        ach_date d = (ach_date)(prev + (int64_t)gap);
        prev = d;
        while (diff == ACH_DATE_NONE && k < here.n && here.closures[k] < d) {
            diff = here.closures[k];
        }
        if (diff == ACH_DATE_NONE) {
            if (k < here.n && here.closures[k] == d) k++;
            else {
                diff = d;
                diff_in_snapshot = true;
            }
        }
    }
    if (diff == ACH_DATE_NONE && k < here.n) diff = here.closures[k];
    const uint8_t *h = get_bytes(c, 8);
    there.hash = h ? rd64(h) : 0;
    ach_fee_schedule f;
    f.rate_ppm = (uint32_t)get_uv_max(c, UINT32_MAX);
    f.fixed = get_sv(c);
    f.cap = get_sv(c);
    f.failure_fee = get_sv(c);
    f.dispute_fee = get_sv(c);
    free(here.closures);
    if (c->bad || c->p != c->end) return cut_short(l, "an unreadable calendar or fee schedule");
    if (there.first != here.first || there.last != here.last || diff != ACH_DATE_NONE ||
        there.hash != here.hash) {
        char a[ACH_DATE_FORMAT_SIZE], b[ACH_DATE_FORMAT_SIZE], x[ACH_DATE_FORMAT_SIZE],
            y[ACH_DATE_FORMAT_SIZE], d[ACH_DATE_FORMAT_SIZE];
        char detail[96] = "";
        if (diff != ACH_DATE_NONE)
            snprintf(detail, sizeof detail, "; %s is a closure day only in %s",
                     ach_date_format(d, diff), diff_in_snapshot ? "the snapshot's" : "this one");
        return refuse(l, "calendar",
                      "the snapshot was made with another calendar: %s..%s with %llu closure "
                      "days (identity %016llx), this one is %s..%s with %zu (identity %016llx)%s",
                      ach_date_format(a, there.first), ach_date_format(b, there.last),
                      (unsigned long long)n, (unsigned long long)there.hash,
                      ach_date_format(x, here.first), ach_date_format(y, here.last), here.n,
                      (unsigned long long)here.hash, detail);
    }
    const ach_fee_schedule *g = &e->fees;
    if (f.rate_ppm != g->rate_ppm || f.fixed != g->fixed || f.cap != g->cap ||
        f.failure_fee != g->failure_fee || f.dispute_fee != g->dispute_fee) {
        char diffs[200] = "";
        size_t used = 0;
#define FEE_DIFF(name, fmt, cast)                                                             \
    if (f.name != g->name && used < sizeof diffs)                                             \
        used += (size_t)snprintf(diffs + used, sizeof diffs - used, "%s" #name " " fmt " there, " fmt " here", \
                                 used ? "; " : "", (cast)f.name, (cast)g->name);
        FEE_DIFF(rate_ppm, "%lu", unsigned long)
        FEE_DIFF(fixed, "%lld", long long)
        FEE_DIFF(cap, "%lld", long long)
        FEE_DIFF(failure_fee, "%lld", long long)
        FEE_DIFF(dispute_fee, "%lld", long long)
#undef FEE_DIFF
        return refuse(l, "fees", "the snapshot was made with another fee schedule: %s", diffs);
    }
    return ACH_OK;
}

/* An array of counters written as count + values: a longer one than this library knows comes
 * from a newer one; a shorter one leaves the rest 0. */
static void get_array(cur *c, uint64_t *v, size_t n)
{
    uint64_t m = get_uv(c);
    if (m > n) c->bad = true;
    for (uint64_t i = 0; i < m && !c->bad; i++) v[i] = get_uv(c);
}

static ach_status read_counts(loader *l, cur *c)
{
    ach_recon *e = l->e;
    e->records = get_uv(c);
    e->applied = get_uv(c);
    e->rejected = get_uv(c);
    e->flagged = get_uv(c);
    e->malformed = get_uv(c);
    e->read_records = get_uv(c);
    e->reader_records = get_uv(c);
    get_array(c, e->by_type, ACH_LEDGER_TYPE_COUNT);
    get_array(c, e->applied_by_type, ACH_LEDGER_TYPE_COUNT);
    e->returns = get_uv(c);
    e->returns_applied = get_uv(c);
    e->returns_rejected = get_uv(c);
    e->findings_total = get_uv(c);
    get_array(c, e->by_kind, ACH_RECON_KIND_COUNT);
    get_array(c, e->events, ACH_EVENT_TYPE_COUNT + 1);
    e->first_date = (ach_date)get_range(c, INT32_MIN, INT32_MAX);
    e->last_date = (ach_date)get_range(c, INT32_MIN, INT32_MAX);
    e->have_time = get_u8_range(c, 0, 1) != 0;
    e->max_time = get_sv(c);
    e->max_time_line = get_uv(c);
    get_array(c, l->want_objects, KINDS);
    l->want_days = get_uv(c);
    l->want_retries = get_uv(c);
    l->want_findings = get_uv(c);
    l->want_connect = get_uv(c);
    l->want_connect_days = get_uv(c);
    if (c->bad || c->p != c->end) return cut_short(l, "unreadable counts");
    return ACH_OK;
}

/* A new record of `size` bytes for an object of `kind` with id (p, n), entered in its table. */
static ach_status new_object(loader *l, uint32_t *ref, unsigned kind, uint32_t id_at,
                             const uint8_t *id, size_t n, size_t size)
{
    ach_recon *e = l->e;
    ach__idmap *m = e->table_of[kind];
    uint64_t h = ach__id_hash(e->hash_key, (const char *)id, n);
    if (ach__idmap_find(m, &e->arena, (const char *)id, n, h))
        return refuse(l, "section", "object %zu: a second %s with id '%.*s': the snapshot is corrupted",
                      l->nrefs + 1, ach_recon_object_type_name((ach_recon_object_type)kind),
                      (int)n, (const char *)id);
    if ((ach__idmap_full(m) && ach__idmap_reserve(m, &e->arena, 0, false) != ACH_OK) ||
        ach__arena_alloc(ref, &e->arena, size) != ACH_OK)
        return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    uint8_t *r = ach__recon_at(e, *ref);
    r[0] = (uint8_t)kind;
    r[id_at] = (uint8_t)n;
    memcpy(r + id_at + 1, id, n);
    ach__idmap_insert(m, *ref, h);
    return ACH_OK;
}

/* The reference of object `ord`, which must be an earlier object of `kind`; 0 otherwise. */
static uint32_t earlier(const loader *l, uint64_t ord, unsigned kind)
{
    if (ord == 0 || ord > l->nrefs) return 0;
    uint32_t ref = l->refs[ord - 1];
    return (ach__recon_at(l->e, ref)[0] & REC_KIND_MASK) == kind ? ref : 0;
}

static bool fits(int64_t v)
{
    return ach__fits40(v);
}

#define AMOUNT_OK(v) ((v) >= 0 && (v) <= ACH_AMOUNT_MAX)

/* Room for one more item in *p (holding n of *cap items of `size` bytes). */
static bool grow1(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 64;
    if (c > SIZE_MAX / size) return false;
    void *q = realloc(*p, c * size);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

/* Room for one more charge with refunds (the side table of lib/recon.c). */
static bool grow_refunded(loader *l)
{
    ach_recon *e = l->e;
    return ach__u64map_reserve(&e->charge_refunded, 1) == ACH_OK &&
           grow1((void **)&e->refunded, &e->refunded_cap, e->nrefunded, sizeof *e->refunded);
}

static ach_status read_object(loader *l, cur *c)
{
    ach_recon *e = l->e;
    if (!grow1((void **)&l->refs, &l->refs_cap, l->nrefs, sizeof *l->refs))
        return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    unsigned kind = get_u8(c);
    const uint8_t *lenb = get_bytes(c, 2);
    if (!lenb) return cut_short(l, "an object cut short");
    cur b = {c->p, NULL, false};
    if (!get_bytes(c, (size_t)lenb[0] | (size_t)lenb[1] << 8)) return cut_short(l, "an object cut short");
    b.end = c->p;
    size_t n;
    const uint8_t *id = get_str(&b, &n, ACH_ID_MAX);
    if (!id || n == 0) return cut_short(l, "an object without a readable id");
    uint32_t ref = 0;
    ach_status st;
    switch (kind) {
    case REC_ACCOUNT: {
        size_t cn;
        const uint8_t *cust = get_str(&b, &cn, ACH_ID_MAX);
        uint8_t f[7];
        f[0] = get_u8_range(&b, ACH_ACCOUNT_NEW, ACH_ACCOUNT_ERRORED);
        f[1] = get_u8(&b);
        f[2] = get_u8_range(&b, ACH_HOLDER_INDIVIDUAL, ACH_HOLDER_COMPANY);
        f[3] = get_u8_range(&b, ACH_TEST_ANSWER_NONE, ACH_TEST_ANSWER_REFUSES_CURRENCY);
        f[4] = get_u8_range(&b, 0, ACH_RETURN_CODE_MAX);
        f[5] = get_u8_range(&b, 0, 99);
        f[6] = get_u8_range(&b, 0, 99);
        const uint8_t *last4 = get_bytes(&b, 4);
        uint8_t flags = get_u8_range(&b, 0, 7);
        uint64_t mandate = get_uv(&b);
        int64_t accepted = get_sv(&b);
        ach_date md_sent = get_date24(&b), settled = get_date24(&b);
        for (int i = 0; i < 4 && last4; i++)
            if (last4[i] < '0' || last4[i] > '9') b.bad = true;
        if (b.bad || b.p != b.end || !fits(accepted) || mandate > UINT32_MAX || !last4 || !cust)
            return cut_short(l, "an unreadable account");
        if ((st = new_object(l, &ref, kind, ACC_ID_AT, id, n, ACC_ID_AT + 2 + n + cn)) != ACH_OK)
            return st;
        uint8_t *r = ach__recon_at(e, ref);
        r[0] |= (uint8_t)(flags << 4);
        memcpy(r + 1, f, 7);
        memcpy(r + 8, last4, 4);
        ach__st32(r + 12, (uint32_t)mandate); /* an ordinal until fix_mandates() */
        ach__st40(r + 16, accepted);
        date24_put(r + ACC_MD_SENT_AT, md_sent);
        date24_put(r + ACC_SETTLED_AT, settled);
        uint8_t *cp = r + ACC_ID_AT + 1 + n;
        cp[0] = (uint8_t)cn;
        memcpy(cp + 1, cust, cn);
        break;
    }
    case REC_MANDATE: {
        uint32_t acct = earlier(l, get_uv(&b), REC_ACCOUNT);
        uint8_t type = get_u8_range(&b, ACH_MANDATE_ONLINE, ACH_MANDATE_OFFLINE);
        uint8_t revoked = get_u8_range(&b, 0, 1);
        int64_t accepted = get_sv(&b), revoked_at = get_sv(&b);
        if (b.bad || b.p != b.end || !acct || !fits(accepted) || !fits(revoked_at))
            return cut_short(l, "an unreadable mandate");
        if ((st = new_object(l, &ref, kind, MAN_ID_AT, id, n, MAN_ID_AT + 1 + n)) != ACH_OK)
            return st;
        uint8_t *r = ach__recon_at(e, ref);
        r[1] = type;
        r[2] = revoked;
        ach__st32(r + 4, acct);
        ach__st40(r + 8, accepted);
        if (revoked) ach__st40(r + 13, revoked_at);
        break;
    }
    case REC_CHARGE: {
        uint8_t f[5];
        f[0] = get_u8_range(&b, ACH_CHARGE_PENDING, ACH_CHARGE_DISPUTED);
        f[1] = get_u8_range(&b, ACH_HOLDER_INDIVIDUAL, ACH_HOLDER_COMPANY);
        f[2] = get_u8_range(&b, ACH_CONNECT_NONE, ACH_CONNECT_DESTINATION);
        f[3] = get_u8_range(&b, 0, ACH_RETURN_CODE_MAX);
        f[4] = get_u8(&b);
        int64_t created = get_sv(&b), amount = get_sv(&b), fee = get_sv(&b),
                refunded = get_sv(&b);
        uint64_t trace = get_uv(&b);
        uint64_t outcome = get_uv_max(&b, 0xffff);
        uint8_t script = get_u8_range(&b, 0, ACH_RETURN_CODE_MAX + 1);
        bool connect = f[2] != ACH_CONNECT_NONE; /* R-CON-1 */
        int64_t app_fee = connect ? get_sv(&b) : 0;
        uint64_t cx = connect ? get_uv(&b) : 0; /* 1 + index in the CONN accounts */
        if (b.bad || b.p != b.end || !fits(created) || !AMOUNT_OK(amount) || !AMOUNT_OK(fee) ||
            refunded < 0 || refunded > amount || trace > UINT64_C(999999999999999) ||
            app_fee < 0 || app_fee > amount || (connect && (cx == 0 || cx > e->ncx)))
            return cut_short(l, "an unreadable charge");
        if (refunded && !grow_refunded(l)) return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        if ((st = new_object(l, &ref, kind, CHG_ID_AT, id, n,
                             CHG_ID_AT + 1 + n + (trace ? 8 : 0) + (connect ? 12 : 0))) != ACH_OK)
            return st;
        uint8_t *r = ach__recon_at(e, ref);
        memcpy(r + 1, f, 5);
        ach__st40(r + 6, created);
        ach__st40(r + 11, amount);
        ach__st40(r + 16, fee);
        r[CHG_OUTCOME_AT] = (uint8_t)outcome;
        r[CHG_OUTCOME_AT + 1] = (uint8_t)(outcome >> 8);
        r[CHG_SCRIPT_AT] = script;
        if (trace) {
            r[0] |= REC_TRACE;
            memcpy(r + CHG_ID_AT + 1 + n, &trace, 8);
        }
        if (connect) {
            r[0] |= REC_CONNECT;
            uint8_t *x = r + CHG_ID_AT + 1 + n + (trace ? 8 : 0);
            memcpy(x, &app_fee, 8);
            ach__st32(x + 8, (uint32_t)(cx - 1));
        }
        if (refunded) {
            e->refunded[e->nrefunded++] = refunded;
            ach__u64map_put(&e->charge_refunded, ref, (uint32_t)e->nrefunded);
            r[0] |= REC_REFUNDED;
        }
        break;
    }
    case REC_REFUND: {
        uint32_t charge = earlier(l, get_uv(&b), REC_CHARGE);
        uint8_t status = get_u8_range(&b, ACH_REFUND_PENDING, ACH_REFUND_FAILED);
        uint8_t side = get_u8_range(&b, ACH_SIDE_PLATFORM, ACH_SIDE_CONNECTED);
        uint8_t flags = get_u8(&b);
        int64_t amount = get_sv(&b), created = get_sv(&b);
        if (b.bad || b.p != b.end || !charge || !AMOUNT_OK(amount) || !fits(created))
            return cut_short(l, "an unreadable refund");
        if ((st = new_object(l, &ref, kind, REF_ID_AT, id, n, REF_ID_AT + 1 + n)) != ACH_OK)
            return st;
        uint8_t *r = ach__recon_at(e, ref);
        r[1] = status;
        r[2] = side;
        r[3] = flags;
        ach__st32(r + 4, charge);
        ach__st40(r + 8, amount);
        ach__st40(r + 13, created);
        break;
    }
    case REC_DISPUTE: {
        uint32_t charge = earlier(l, get_uv(&b), REC_CHARGE);
        uint8_t reason = get_u8_range(&b, 1, ACH_DISPUTE_REASON_COUNT);
        uint8_t flags = get_u8(&b);
        if (b.bad || b.p != b.end || !charge) return cut_short(l, "an unreadable dispute");
        if (ach__u64map_reserve(&e->charge_dispute, 1) != ACH_OK)
            return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        if ((st = new_object(l, &ref, kind, DSP_ID_AT, id, n, DSP_ID_AT + 1 + n)) != ACH_OK)
            return st;
        uint8_t *r = ach__recon_at(e, ref);
        r[1] = reason;
        r[2] = flags;
        ach__st32(r + 4, charge);
        ach__u64map_put(&e->charge_dispute, charge, ref); /* the latest dispute of the charge */
        break;
    }
    default:
        return refuse(l, "section",
                      "object %zu is of kind %u, which this libach does not know: the snapshot "
                      "is corrupted or from a newer libach",
                      l->nrefs + 1, kind);
    }
    l->refs[l->nrefs++] = ref;
    return ACH_OK;
}

/* Every account's mandate was written as an ordinal (the mandate comes after its account):
 * now that every object is built, it becomes a reference, to a mandate of that account. */
static ach_status fix_mandates(loader *l)
{
    ach_recon *e = l->e;
    for (size_t i = 0; i < l->nrefs; i++) {
        uint8_t *r = ach__recon_at(e, l->refs[i]);
        if ((r[0] & REC_KIND_MASK) != REC_ACCOUNT) continue;
        uint32_t ord = ach__ld32(r + 12);
        if (!ord) continue;
        uint32_t m = ord <= l->nrefs ? l->refs[ord - 1] : 0;
        if (!m || (ach__recon_at(e, m)[0] & REC_KIND_MASK) != REC_MANDATE ||
            ach__ld32(ach__recon_at(e, m) + 4) != l->refs[i])
            return refuse(l, "section",
                          "object %zu: an account whose mandate is not one of its mandates: the "
                          "snapshot is corrupted",
                          i + 1);
        ach__st32(r + 12, m);
    }
    return ACH_OK;
}

static ach_status read_day(loader *l, cur *c)
{
    ach_recon *e = l->e;
    if (!grow1((void **)&e->days, &e->days_cap, e->ndays, sizeof *e->days) ||
        ach__u64map_reserve(&e->day_index, 1) != ACH_OK)
        return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    day d;
    memset(&d, 0, sizeof d);
    d.date = (ach_date)get_range(c, INT32_MIN + 1, INT32_MAX);
    d.balance_changed = get_u8_range(c, 0, 1) != 0;
    int64_t *money[DAY_MONEY] = {&d.p_pending, &d.p_available, &d.p_net,    &d.c_pending,
                                 &d.c_available, &d.c_net,   &d.gross,      &d.fees,
                                 &d.reversed,  &d.disputed,  &d.refunded,   &d.refund_failed,
                                 &d.transferred, &d.app_fees};
    for (size_t i = 0; i < DAY_MONEY; i++) *money[i] = get_sv(c);
    uint64_t ns = get_uv(c);
    if (ns > ACH_CHARGE_DISPUTED + 1) c->bad = true;
    for (uint64_t i = 0; i < ns && !c->bad; i++) d.status[i] = get_sv(c);
    d.charges_refunded = get_sv(c);
    d.debits = get_uv(c);
    d.returns = get_uv(c);
    d.unauthorized = get_uv(c);
    d.administrative = get_uv(c);
    if (c->bad) return cut_short(l, "an unreadable day");
    bool light = weigh(l, d.charges_refunded);
    for (size_t i = 0; i < DAY_MONEY; i++) light = light && weigh(l, *money[i]);
    for (size_t i = 0; i < ACH_CHARGE_DISPUTED + 1; i++) light = light && weigh(l, d.status[i]);
    const uint64_t counts[] = {d.debits, d.returns, d.unauthorized, d.administrative};
    for (size_t i = 0; i < 4; i++) light = light && counts[i] <= WEIGHT_MAX && weigh(l, (int64_t)counts[i]);
    if (!light)
        return refuse(l, "days", "the figures by date add up past 2^62: a report would overflow");
    uint64_t key = (uint64_t)(uint32_t)d.date;
    if (ach__u64map_get(&e->day_index, key)) return cut_short(l, "one date twice");
    e->days[e->ndays++] = d;
    ach__u64map_put(&e->day_index, key, (uint32_t)e->ndays);
    return ACH_OK;
}

/* A Connect account (R-CON-1): an id as ach_ledger_connect_parse() gives it (`acct_`, printable
 * ASCII without space), unique; entered in the id index as lib/recon.c's cx_account() does. */
static ach_status read_connect(loader *l, cur *c)
{
    ach_recon *e = l->e;
    if (!grow1((void **)&e->cx, &e->cx_cap, e->ncx, sizeof *e->cx) ||
        ach__u64map_reserve(&e->cx_index, 1) != ACH_OK)
        return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    size_t n;
    const uint8_t *id = get_str(c, &n, ACH_LEDGER_ID_MAX);
    if (c->bad || n < 6 || memcmp(id, "acct_", 5) != 0)
        return cut_short(l, "an unreadable Connect account");
    for (size_t i = 0; i < n; i++)
        if (id[i] <= ' ' || id[i] > '~') return cut_short(l, "an unreadable Connect account");
    uint64_t h = ach__id_hash(e->hash_key, (const char *)id, n) | 1u; /* as cx_account() */
    uint32_t v = ach__u64map_get(&e->cx_index, h);
    for (size_t i = 0; v && i < e->ncx; i++) /* a hash collision: look at them all */
        if (strlen(e->cx[i].id) == n && memcmp(e->cx[i].id, id, n) == 0)
            return cut_short(l, "one Connect account twice");
    memcpy(e->cx[e->ncx].id, id, n);
    e->cx[e->ncx].id[n] = '\0';
    e->ncx++;
    if (!v) ach__u64map_put(&e->cx_index, h, (uint32_t)e->ncx);
    return ACH_OK;
}

/* A Connect account's balance change on a date: one per account and date. */
static ach_status read_connect_day(loader *l, cur *c)
{
    ach_recon *e = l->e;
    if (!grow1((void **)&e->cx_days, &e->cx_days_cap, e->ncx_days, sizeof *e->cx_days) ||
        ach__u64map_reserve(&e->cx_day_index, 1) != ACH_OK)
        return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    struct cx_day d;
    uint64_t account = get_uv(c);
    d.date = (ach_date)get_range(c, INT32_MIN + 1, INT32_MAX);
    d.pending = get_sv(c);
    d.available = get_sv(c);
    if (c->bad || account == 0 || account > e->ncx) return cut_short(l, "an unreadable Connect day");
    if (!weigh(l, d.pending) || !weigh(l, d.available))
        return refuse(l, "days", "the figures by date add up past 2^62: a report would overflow");
    d.account = (uint32_t)(account - 1);
    uint64_t key = account << 32 | (uint32_t)d.date; /* as cx_book() */
    if (ach__u64map_get(&e->cx_day_index, key)) return cut_short(l, "one Connect day twice");
    e->cx_days[e->ncx_days++] = d;
    ach__u64map_put(&e->cx_day_index, key, (uint32_t)e->ncx_days);
    return ACH_OK;
}

static ach_status read_retry(loader *l, cur *c)
{
    ach_recon *e = l->e;
    if (!grow1((void **)&e->retries, &e->retries_cap, e->nretries, sizeof *e->retries))
        return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    retry_rec t;
    t.charge = earlier(l, get_uv(c), REC_CHARGE);
    t.returned = (ach_date)get_range(c, INT32_MIN + 1, INT32_MAX);
    t.code = get_u8(c);
    if (c->bad || !t.charge || (t.code != 1 && t.code != 9))
        return cut_short(l, "an unreadable retry");
    e->retries[e->nretries++] = t;
    return ACH_OK;
}

static size_t text_add(ach_recon *e, const uint8_t *p, size_t n)
{
    size_t off = e->text_used;
    if (n) memcpy(e->text + off, p, n);
    e->text[off + n] = '\0';
    e->text_used += n + 1;
    return off;
}

static ach_status read_finding(loader *l, cur *c)
{
    ach_recon *e = l->e;
    finding_rec f;
    memset(&f, 0, sizeof f);
    f.line = get_uv(c);
    f.column = (uint32_t)get_uv_max(c, UINT32_MAX);
    f.kind = get_u8_range(c, 1, ACH_RECON_KIND_COUNT - 1);
    f.severity = get_u8(c);
    f.origin = get_u8_range(c, ACH_RECON_LEDGER, ACH_RECON_RETURN);
    f.fault = get_u8_range(c, 0, ACH_LEDGER_FAULT_COUNT - 1);
    f.type = get_u8_range(c, 0, ACH_LEDGER_TYPE_COUNT - 1);
    f.status = (int32_t)get_range(c, INT32_MIN, INT32_MAX);
    size_t nid, nmsg;
    const uint8_t *id = get_str(c, &nid, ACH_LEDGER_ID_MAX);
    const uint8_t *msg = get_str(c, &nmsg, MSG_MAX);
    if (c->bad || f.severity != (uint8_t)ach_recon_kind_severity((ach_recon_kind)f.kind) ||
        memchr(id, 0, nid) || memchr(msg, 0, nmsg))
        return cut_short(l, "an unreadable finding");
    l->saved_findings++;
    if (e->nfindings >= e->opts.max_findings) return ACH_OK; /* counted, not kept */
    if (!grow1((void **)&e->findings, &e->findings_cap, e->nfindings, sizeof *e->findings))
        return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    while (e->text_used + nid + nmsg + 2 > e->text_cap) {
        size_t cap = e->text_cap ? e->text_cap * 2 : 65536;
        char *t = realloc(e->text, cap);
        if (!t) return ach__fail(l->err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        e->text = t;
        e->text_cap = cap;
    }
    f.id_off = text_add(e, id, nid);
    f.msg_off = text_add(e, msg, nmsg);
    e->findings[e->nfindings++] = f;
    return ACH_OK;
}

/* A section of items: their count (4 bytes), then the items. */
static ach_status read_items(loader *l, cur *c, ach_status (*one)(loader *l, cur *c))
{
    const uint8_t *p = get_bytes(c, 4);
    if (!p) return cut_short(l, "no item count");
    for (uint32_t i = rd32(p); i > 0; i--) {
        ach_status st = one(l, c);
        if (st != ACH_OK) return st;
    }
    if (c->p != c->end) return cut_short(l, "bytes after its last item");
    return ACH_OK;
}

/* The order of sections (docs/state-format.md): CONF, CNTS, then the Connect accounts, then the
 * objects, then days, Connect days, retries and findings, then END. */
static ach_status load(loader *l)
{
    uint8_t head[16] = {0}; /* a foreign first byte: the rest is not read, and shows as 00 */
    /* the magic first: a short foreign file is foreign, not truncated */
    ach_status st = read_exact(l, head, 1, "inside the header");
    if (st == ACH_OK && head[0] == magic[0]) st = read_exact(l, head + 1, 15, "inside the header");
    if (st != ACH_OK) return st;
    if (memcmp(head, magic, 8) != 0)
        return refuse(l, "magic",
                      "not a libach engine snapshot: it starts with %02x %02x %02x %02x, not 89 41 "
                      "43 48 (\\x89ACH)",
                      head[0], head[1], head[2], head[3]);
    if (crc_update(&l->crc, 0, head, 12) != rd32(head + 12))
        return refuse(l, "checksum", "the snapshot's header is corrupted (CRC-32C mismatch)");
    l->version = rd32(head + 8);
    if (l->version > ACH_RECON_STATE_VERSION)
        return refuse(l, "version",
                      "snapshot format version %lu: this libach reads version %u (a newer "
                      "libach made it)",
                      (unsigned long)l->version, ACH_RECON_STATE_VERSION);
    /* Version 1 predates issue 18: it lacks what the engine now keeps (micro-deposit and
     * outcome dates, test scripts, Connect accounts), so loading it would give an engine that
     * silently differs from one pass over the same ledgers. */
    if (l->version < ACH_RECON_STATE_VERSION)
        return refuse(l, "version",
                      "snapshot format version %lu: this libach reads version %u (an older "
                      "libach made it, without the state of micro-deposits, outcome dates and "
                      "Connect accounts: reconcile its ledgers again)",
                      (unsigned long)l->version, ACH_RECON_STATE_VERSION);
    enum { AT_START, AT_OBJECTS, AT_REST } phase = AT_START;
    for (;;) {
        uint32_t tag;
        cur c;
        if ((st = read_section(l, &tag, &c)) != ACH_OK) return st;
        if (tag == TAG_END) break;
        bool first = !l->seen_conf, second = l->seen_conf && !l->seen_cnts;
        if (first != (tag == TAG_CONF) || second != (tag == TAG_CNTS))
            return refuse(l, "section",
                          "section '%s' where '%s' must come: the snapshot is corrupted", l->tag,
                          first ? "CONF" : second ? "CNTS" : "CONN, OBJS, DAYS, CDAY, RTRY or FIND");
        switch (tag) {
        case TAG_CONF:
            st = read_conf(l, &c);
            l->seen_conf = true;
            break;
        case TAG_CNTS:
            st = read_counts(l, &c);
            l->seen_cnts = true;
            break;
        case TAG_CONN: /* before the charges that refer to them */
            if (phase != AT_START)
                return refuse(l, "section", "Connect accounts after objects: the snapshot is "
                                            "corrupted");
            st = read_items(l, &c, read_connect);
            break;
        case TAG_OBJS:
            if (phase == AT_REST)
                return refuse(l, "section", "objects after days, retries or findings: the "
                                            "snapshot is corrupted");
            phase = AT_OBJECTS;
            st = read_items(l, &c, read_object);
            break;
        case TAG_DAYS:
        case TAG_CDAY:
        case TAG_RTRY:
        case TAG_FIND:
            if (phase != AT_REST && (st = fix_mandates(l)) != ACH_OK) return st;
            phase = AT_REST;
            st = read_items(l, &c, tag == TAG_DAYS   ? read_day
                                   : tag == TAG_CDAY ? read_connect_day
                                   : tag == TAG_RTRY ? read_retry
                                                     : read_finding);
            break;
        default:
            /* PNG's rule: a lower-case first letter marks a section that may be skipped */
            if ((tag & 0xffu) >= 'a' && (tag & 0xffu) <= 'z') continue;
            return refuse(l, "section",
                          "section '%s' is not one this libach knows and cannot be skipped: the "
                          "snapshot is corrupted or from a newer libach",
                          l->tag);
        }
        if (st != ACH_OK) return st;
    }
    if (!l->seen_cnts) return refuse(l, "section", "the snapshot ends before its CONF and CNTS sections");
    if (phase != AT_REST && (st = fix_mandates(l)) != ACH_OK) return st;
    uint8_t extra;
    size_t got = 0;
    if (l->read(l->ctx, &extra, 1, &got) == ACH_OK && got)
        return refuse(l, "length", "bytes after the END section at byte %llu: the snapshot is corrupted",
                      (unsigned long long)l->offset);
    ach_recon *e = l->e;
    const uint64_t have[KINDS] = {e->accounts.count, e->mandates.count, e->charges.count,
                                  e->refunds.count, e->disputes.count};
    for (unsigned k = 0; k < KINDS; k++)
        if (have[k] != l->want_objects[k])
            return refuse(l, "section", "%llu %ss where the counts say %llu: the snapshot is corrupted",
                          (unsigned long long)have[k],
                          ach_recon_object_type_name((ach_recon_object_type)(k + 1)),
                          (unsigned long long)l->want_objects[k]);
    if (e->ndays != l->want_days || e->nretries != l->want_retries ||
        l->saved_findings != l->want_findings || e->ncx != l->want_connect ||
        e->ncx_days != l->want_connect_days)
        return refuse(l, "section", "days, retries, findings or Connect accounts missing or in "
                                    "excess of the counts: the snapshot is corrupted");
    return ACH_OK;
}

ach_status ach_recon_load(ach_recon **out, const ach_calendar *cal, const ach_recon_options *opts,
                          ach_recon_read_fn read, void *ctx, ach_error *err)
{
    if (!out || !cal || !read)
        return ach__fail(err, ACH_EINVAL, "reader", 0, 0, "no output, calendar or reader");
    ach_recon *e = NULL;
    ach_status st = ach_recon_new(&e, cal, opts, err);
    if (st != ACH_OK) return st;
    loader *l = calloc(1, sizeof *l);
    if (!l) {
        ach_recon_free(e);
        return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    }
    l->e = e;
    l->read = read;
    l->ctx = ctx;
    l->err = err;
    crc_init(&l->crc);
    st = load(l);
    free(l->buf);
    free(l->refs);
    free(l);
    if (st != ACH_OK) {
        ach_recon_free(e);
        return st;
    }
    *out = e;
    return ACH_OK;
}
