/* SPDX-License-Identifier: Apache-2.0 */
/* The report's lists (ach/recon.h): accounts unverified (R-ACC-4b), charges pending and overdue
 * (R-CHG-9), Connect balances (R-CON-1) and returned charges to retry (R-RET-3), each as of a
 * date. Apart from lib/recon.c because none of them is part of the pass: they only read what the
 * pass left, and the two that pick records from a table share one way of doing it
 * (sorted_refs()): count the matches, collect their references, sort them into the arena's order
 * (the order the records were created), so each list keeps only its test and its fill. */
#include "ach/recon.h"
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "recon_internal.h"

/* What a list looks for. */
typedef struct list_scan {
    const ach_recon *e;
    ach_date as_of;    /* already defaulted; ACH_DATE_NONE (nothing read): nothing matches */
    bool overdue_only; /* pending charges: only the overdue ones */
} list_scan;

typedef bool (*list_keep)(const list_scan *s, uint32_t ref);

typedef struct ref_scan {
    const list_scan *s;
    list_keep keep;
    size_t n;       /* matches so far */
    uint32_t *refs; /* collect mode: the matches (grown as they come); NULL: count only */
    size_t cap;
    bool collect, nomem;
} ref_scan;

/* Each record's test runs once (it asks the calendar): the matches are collected as they are
 * counted, not counted first and found again. */
static void scan_ref(void *ctx, uint32_t ref)
{
    ref_scan *p = ctx;
    if (!p->keep(p->s, ref)) return;
    if (p->collect && !p->nomem) {
        if (p->n == p->cap) {
            size_t cap = p->cap ? 2 * p->cap : 64;
            uint32_t *grown = realloc(p->refs, cap * sizeof *grown);
            if (grown) {
                p->refs = grown;
                p->cap = cap;
            } else {
                p->nomem = true; /* go on counting: *n is told in any case */
            }
        }
        if (!p->nomem) p->refs[p->n] = ref;
    }
    p->n++;
}

static size_t count_refs(const ach__idmap *m, list_keep keep, const list_scan *s)
{
    ref_scan p = {s, keep, 0, NULL, 0, false, false};
    if (s->as_of != ACH_DATE_NONE) ach__idmap_each(m, scan_ref, &p);
    return p.n;
}

static int by_ref(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The references of the records of `m` that `keep` takes, in the arena's order: *n counts them
 * all (set even when out of memory); *refs (free() it) holds them all, or is NULL when none
 * match or `cap` is 0 and none are wanted. */
static ach_status sorted_refs(uint32_t **refs, size_t *n, const ach__idmap *m, list_keep keep,
                              const list_scan *s, size_t cap, ach_error *err)
{
    *refs = NULL;
    if (!cap) {
        *n = count_refs(m, keep, s);
        return ACH_OK;
    }
    ref_scan p = {s, keep, 0, NULL, 0, true, false};
    if (s->as_of != ACH_DATE_NONE) ach__idmap_each(m, scan_ref, &p);
    *n = p.n;
    if (p.nomem) {
        free(p.refs);
        return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (p.n) qsort(p.refs, p.n, sizeof *p.refs, by_ref);
    *refs = p.refs;
    return ACH_OK;
}

/* ---- R-ACC-4b: accounts unverified at the end of a date although their micro-deposits are old */

static bool unverified_on(int32_t *age, const ach_recon *e, const uint8_t *r, ach_date as_of)
{
    *age = 0;
    ach_date sent = ld_date24(r + ACC_MD_SENT_AT);
    if (sent == ACH_DATE_NONE || sent > as_of) return false;
    ach_date settled = ld_date24(r + ACC_SETTLED_AT);
    if (settled != ACH_DATE_NONE && settled <= as_of) return false;
    bool overdue = false;
    return ach_account_verification_overdue(&overdue, age, e->cal, sent, as_of,
                                            e->opts.verify_within_days, NULL) == ACH_OK &&
           overdue;
}

static bool keep_unverified(const list_scan *s, uint32_t ref)
{
    int32_t age;
    return unverified_on(&age, s->e, ach__recon_at(s->e, ref), s->as_of);
}

size_t ach__recon_unverified_count(const ach_recon *e, ach_date as_of)
{
    list_scan s = {e, as_of, false};
    return count_refs(&e->accounts, keep_unverified, &s);
}

ach_status ach_recon_unverified_accounts(ach_recon_unverified *out, size_t cap, size_t *count,
                                         const ach_recon *e, ach_date as_of, ach_error *err)
{
    if (!count || !e || (cap && !out))
        return ach__fail(err, ACH_EINVAL, "count", 0, 0, "NULL argument");
    list_scan s = {e, default_as_of(e, as_of), false};
    uint32_t *refs;
    ach_status st = sorted_refs(&refs, count, &e->accounts, keep_unverified, &s, cap, err);
    if (st != ACH_OK) return st;
    size_t n = *count;
    for (size_t i = 0; refs && i < n && i < cap; i++) {
        const uint8_t *r = ach__recon_at(e, refs[i]);
        ach_recon_unverified *o = &out[i];
        memset(o, 0, sizeof *o);
        idbuf id;
        rec_id(&id, r, ACC_ID_AT);
        memcpy(o->account, id.s, id.len + 1);
        o->sent = ld_date24(r + ACC_MD_SENT_AT);
        (void)unverified_on(&o->business_days, e, r, s.as_of);
        if (ach_calendar_add_business_days(&o->expected_by, e->cal, o->sent, 2, NULL) != ACH_OK)
            o->expected_by = ACH_DATE_NONE;
    }
    free(refs);
    if (n > cap)
        return ach__fail(err, ACH_EBUFS, "cap", 0, 0, "%zu accounts do not fit in %zu", n, cap);
    return ACH_OK;
}

/* ---- R-CHG-9: charges pending at the end of a date ---------------------------------------- */

/* Whether the charge at `r` was pending at the end of `as_of`, and its overdue state then. */
static bool pending_on(ach_charge_overdue *o, const ach_recon *e, const uint8_t *r,
                       ach_date as_of)
{
    o->resolve_by = ACH_DATE_NONE;
    o->overdue = false;
    o->days_overdue = 0;
    ach_date created = charge_created_date(r);
    if (created > as_of) return false; /* not yet created */
    ach_date out = charge_outcome_date(r);
    if (out != ACH_DATE_NONE && out <= as_of) return false;
    ach_charge v;
    memset(&v, 0, sizeof v);
    v.processing = created + r[CHG_LAG_AT];
    if (ach_charge_overdue_check(o, &v, e->cal, as_of, NULL) != ACH_OK) {
        o->resolve_by = ACH_DATE_NONE; /* outside the calendar: not judged */
        o->overdue = false;
        o->days_overdue = 0;
    }
    return true;
}

static bool keep_pending(const list_scan *s, uint32_t ref)
{
    ach_charge_overdue o;
    if (!pending_on(&o, s->e, ach__recon_at(s->e, ref), s->as_of)) return false;
    return !s->overdue_only || o.overdue;
}

size_t ach__recon_overdue_count(const ach_recon *e, ach_date as_of)
{
    list_scan s = {e, as_of, true};
    return count_refs(&e->charges, keep_pending, &s);
}

/* ach_recon_pending_charges() and ach_recon_overdue_charges(), in creation order (the arena's
 * order of the records). */
static ach_status list_pending(ach_recon_pending *out, size_t cap, size_t *count,
                               const ach_recon *e, ach_date as_of, bool overdue_only,
                               ach_error *err)
{
    if (!count || !e || (cap && !out))
        return ach__fail(err, ACH_EINVAL, "count", 0, 0, "NULL argument");
    list_scan s = {e, default_as_of(e, as_of), overdue_only};
    uint32_t *refs;
    ach_status st = sorted_refs(&refs, count, &e->charges, keep_pending, &s, cap, err);
    if (st != ACH_OK) return st;
    size_t n = *count;
    for (size_t i = 0; refs && i < n && i < cap; i++) {
        const uint8_t *r = ach__recon_at(e, refs[i]);
        ach_recon_pending *o = &out[i];
        memset(o, 0, sizeof *o);
        idbuf id;
        rec_id(&id, r, CHG_ID_AT);
        memcpy(o->charge, id.s, id.len + 1);
        ach_charge v;
        ach__recon_charge_value(&v, e, refs[i]);
        ach_charge_overdue od;
        (void)pending_on(&od, e, r, s.as_of);
        o->amount = v.amount;
        o->created = ach__instant_date(v.created);
        o->processing = v.processing;
        o->resolve_by = od.resolve_by;
        o->overdue = od.overdue;
        o->days_overdue = od.days_overdue;
        /* R-CHG-5: available 7 business days after processing, if it succeeds by then */
        if (ach_calendar_add_business_days(&o->available_on, e->cal, v.processing, 7, NULL) !=
            ACH_OK)
            o->available_on = ACH_DATE_NONE;
    }
    free(refs);
    if (n > cap)
        return ach__fail(err, ACH_EBUFS, "cap", 0, 0, "%zu charges do not fit in %zu", n, cap);
    return ACH_OK;
}

ach_status ach_recon_pending_charges(ach_recon_pending *out, size_t cap, size_t *count,
                                     const ach_recon *e, ach_date as_of, ach_error *err)
{
    return list_pending(out, cap, count, e, as_of, false, err);
}

ach_status ach_recon_overdue_charges(ach_recon_pending *out, size_t cap, size_t *count,
                                     const ach_recon *e, ach_date as_of, ach_error *err)
{
    return list_pending(out, cap, count, e, as_of, true, err);
}

/* ---- R-CON-1 and R-RET-3: lists kept in order by the pass itself -------------------------- */

ach_status ach_recon_connected_balances(ach_recon_connected *out, size_t cap, size_t *count,
                                       const ach_recon *e, ach_date as_of, ach_error *err)
{
    if (!count || !e || (cap && !out))
        return ach__fail(err, ACH_EINVAL, "count", 0, 0, "NULL argument");
    as_of = default_as_of(e, as_of);
    size_t n = e->ncx;
    for (size_t i = 0; i < n && i < cap; i++) {
        ach_recon_connected *o = &out[i];
        memset(o, 0, sizeof *o);
        memcpy(o->account, e->cx[i].id, strlen(e->cx[i].id) + 1);
    }
    for (size_t k = 0; k < e->ncx_days && as_of != ACH_DATE_NONE; k++) {
        const struct cx_day *d = &e->cx_days[k];
        if (d->date > as_of || d->account >= cap) continue;
        out[d->account].balance.pending += d->pending;
        out[d->account].balance.available += d->available;
    }
    *count = n;
    if (n > cap)
        return ach__fail(err, ACH_EBUFS, "cap", 0, 0, "%zu accounts do not fit in %zu", n, cap);
    return ACH_OK;
}

ach_status ach_recon_retries(ach_recon_retry *out, size_t cap, size_t *count, const ach_recon *e,
                             ach_date as_of, ach_error *err)
{
    if (!count || !e || (cap && !out))
        return ach__fail(err, ACH_EINVAL, "count", 0, 0, "NULL argument");
    as_of = default_as_of(e, as_of);
    size_t n = 0;
    for (size_t i = 0; i < e->nretries && as_of != ACH_DATE_NONE; i++) {
        const retry_rec *t = &e->retries[i];
        if (t->returned > as_of) continue;
        if (n < cap) {
            ach_recon_retry *o = &out[n];
            memset(o, 0, sizeof *o);
            idbuf id;
            rec_id(&id, ach__recon_at(e, t->charge), CHG_ID_AT);
            memcpy(o->charge, id.s, id.len + 1);
            o->code[0] = 'R';
            o->code[1] = (char)('0' + t->code / 10);
            o->code[2] = (char)('0' + t->code % 10);
            o->code[3] = '\0';
            o->returned = t->returned;
            ach_charge v;
            ach__recon_charge_value(&v, e, t->charge);
            o->settlement = v.processing;
            /* R-RET-3: the question is asked on the report date, never before settlement nor
             * after the calendar's last day (the 180-day window has long passed by then) */
            ach_date first, last;
            ach_calendar_range(e->cal, &first, &last);
            ach_date today = as_of < last ? as_of : last;
            if (today < v.processing) today = v.processing;
            ach_status st =
                ach_retry_eligibility(&o->advice, e->cal, o->code, v.processing, 1, today, err);
            if (st != ACH_OK) return st;
        }
        n++;
    }
    *count = n;
    if (n > cap)
        return ach__fail(err, ACH_EBUFS, "cap", 0, 0, "%zu retries do not fit in %zu", n, cap);
    return ACH_OK;
}
