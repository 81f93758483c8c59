/* SPDX-License-Identifier: Apache-2.0 */
/* ach_recon_read() in two stages (issue 23). Stage 1, on a thread of its own, reads and splits
 * the ledger into records (ach_ledger_next()) and hashes their id and ref, BATCH records at a
 * time; stage 2, on the caller's thread, applies them in file order with lib/recon.c's own
 * lookahead and apply. The only thing the two share is a queue of QUEUE batches under one lock:
 * stage 1 waits when every batch is full (back-pressure), stage 2 when none is.
 *
 * Records stay zero-copy: instead of moving its buffer, the reader gives it away
 * (ach__ledger_on_handover()) to the batch being filled, and stage 2 frees it once it has
 * applied that batch, the last one that can point into it. Memory is thus bounded by QUEUE
 * batches of at most BATCH records and MAX_BUFS read buffers each.
 *
 * The results are those of the one-thread loop: the same records, applied by the same code in
 * the same order on the same thread. Only what the engine reads of the reader's counters
 * differs (it cannot look at a reader another thread is using): the counters after the batch
 * being applied, which size the tables ahead (results never depend on a table's size) and are
 * what progress calls report. */
#include "recon_internal.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "idmap.h"
#include "internal.h"

#define BATCH ((size_t)512) /* records a batch */
#define QUEUE 8u    /* batches in the queue */
#define MAX_BUFS 4u /* read buffers (and escaped-field copies) a batch holds before it is sent */

typedef struct batch {
    uint32_t n;                /* records */
    ach_ledger_record *rec;    /* [BATCH] */
    ach_status *st;            /* [BATCH]: ACH_OK or ACH_ELEDGER_RECORD */
    uint64_t *h_id, *h_ref;    /* [BATCH]: hashes of id and ref of the ACH_OK ones */
    ach_error *why;            /* [BATCH]: the reader's error of a malformed record */
    char **bufs;               /* freed once the batch is applied */
    uint32_t nbufs, bufs_cap;
    ach_ledger_stats stats;    /* the reader's counters after the batch's last record */
    ach_status end;            /* ACH_OK: more batches follow; else the last one: ACH_LEDGER_END
                                  or the read's failure (end_err) */
    ach_error end_err;
} batch;

typedef struct queue {
    pthread_mutex_t mu;
    pthread_cond_t filled_cv, freed_cv;
    batch b[QUEUE];       /* batch k lives in b[k % QUEUE] */
    uint64_t filled;      /* batches stage 1 has sent */
    uint64_t freed;       /* batches stage 2 has applied */
    bool stop;            /* stage 2 wants no more */
    /* stage 1's own */
    ach_ledger_reader *r;
    uint64_t key;         /* the engine's hash key (immutable) */
    uint64_t read;        /* records read; looked at after the join */
    batch *cur;           /* the batch being filled */
} queue;

static void free_bufs(batch *b)
{
    for (uint32_t i = 0; i < b->nbufs; i++) free(b->bufs[i]);
    b->nbufs = 0;
}

/* Makes room for one more buffer in b's list. */
static bool bufs_room(batch *b)
{
    if (b->nbufs < b->bufs_cap) return true;
    uint32_t cap = b->bufs_cap ? 2 * b->bufs_cap : 2 * MAX_BUFS;
    char **p = realloc(b->bufs, cap * sizeof *p);
    if (!p) return false;
    b->bufs = p;
    b->bufs_cap = cap;
    return true;
}

/* The reader gives a full buffer away: the batch being filled owns it from now on (a record
 * skipped for its length may give several). */
static bool take_buffer(void *ctx, char *buf)
{
    queue *q = ctx;
    if (!bufs_room(q->cur)) return false;
    q->cur->bufs[q->cur->nbufs++] = buf;
    return true;
}

/* Copies a record's escaped ("") fields out of the reader's per-record scratch. */
static bool keep_escaped(batch *b, ach_ledger_record *rec, size_t bytes)
{
    char *p = bufs_room(b) ? malloc(bytes) : NULL;
    if (!p) return false;
    size_t at = 0;
    for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++) {
        ach_ledger_field *f = &rec->field[c];
        if (!(f->flags & ACH_LEDGER_FIELD_ESCAPED)) continue;
        if (f->len) memcpy(p + at, f->ptr, f->len);
        f->ptr = p + at;
        at += f->len;
    }
    b->bufs[b->nbufs++] = p;
    return true;
}

/* Fills batch b; false when it is the last one. */
static bool fill(queue *q, batch *b)
{
    ach_error rerr = ACH_ERROR_INIT;
    b->n = 0;
    b->end = ACH_OK;
    while (b->n < BATCH && b->nbufs < MAX_BUFS) {
        ach_ledger_record *rec = &b->rec[b->n];
        ach_status s = ach_ledger_next(rec, q->r, &rerr);
        if (s != ACH_OK && s != ACH_ELEDGER_RECORD) {
            b->end = s;
            if (s != ACH_LEDGER_END) b->end_err = rerr;
            break;
        }
        size_t loose = ach__ledger_scratch_used(q->r);
        if (loose && !keep_escaped(b, rec, loose)) {
            b->end = ach__fail(&b->end_err, ACH_ENOMEM, NULL, rec->line, 0, "out of memory");
            break;
        }
        b->st[b->n] = s;
        if (s == ACH_OK) {
            b->h_id[b->n] = ach__id_hash(q->key, rec->field[ACH_LEDGER_COL_ID].ptr,
                                         rec->field[ACH_LEDGER_COL_ID].len);
            b->h_ref[b->n] = ach__id_hash(q->key, rec->field[ACH_LEDGER_COL_REF].ptr,
                                          rec->field[ACH_LEDGER_COL_REF].len);
        } else {
            b->why[b->n] = rerr;
        }
        b->n++;
        q->read++;
    }
    ach_ledger_reader_stats(&b->stats, q->r);
    return b->end == ACH_OK;
}

static void *stage1(void *arg)
{
    queue *q = arg;
    for (bool more = true; more;) {
        pthread_mutex_lock(&q->mu);
        while (!q->stop && q->filled - q->freed >= QUEUE) pthread_cond_wait(&q->freed_cv, &q->mu);
        bool stop = q->stop;
        uint64_t k = q->filled;
        pthread_mutex_unlock(&q->mu);
        if (stop) break;
        batch *b = &q->b[k % QUEUE];
        q->cur = b;
        more = fill(q, b);
        pthread_mutex_lock(&q->mu);
        q->filled++;
        pthread_cond_signal(&q->filled_cv);
        pthread_mutex_unlock(&q->mu);
    }
    return NULL;
}

/* How far ahead of the record applied the lookahead asks for its table lines, then for the
 * record its ref names (as lib/recon.c's loop does with PIPE / 2). */
#define AHEAD_GROUPS 16u
#define AHEAD_RECORD 8u

/* Applies batch b; stops at the first failure (out of memory), whose status it returns. */
static ach_status apply_batch(ach_recon *e, const batch *b, uint64_t *handled, ach_error *err)
{
    for (uint32_t i = 0; i < b->n && i < AHEAD_GROUPS; i++)
        if (b->st[i] == ACH_OK)
            ach__recon_prefetch_groups(e, b->rec[i].type, b->h_id[i], b->h_ref[i]);
    for (uint32_t i = 0; i < b->n; i++) {
        uint32_t g = i + AHEAD_GROUPS, p = i + AHEAD_RECORD;
        if (g < b->n && b->st[g] == ACH_OK)
            ach__recon_prefetch_groups(e, b->rec[g].type, b->h_id[g], b->h_ref[g]);
        if (p < b->n && b->st[p] == ACH_OK)
            ach__recon_prefetch_record(e, b->rec[p].type, b->h_ref[p]);
        ach_status as = b->st[i] == ACH_OK
                            ? ach__recon_apply_hashed(e, &b->rec[i], b->h_id[i], b->h_ref[i],
                                                      err)
                            : ach_recon_reject(e, &b->rec[i], &b->why[i], err);
        if (as != ACH_OK) return as;
        if (++*handled % ACH_RECON_PROGRESS_EVERY == 0 && e->opts.on_progress)
            e->opts.on_progress(e->opts.progress_ctx, &b->stats);
    }
    return ACH_OK;
}

static void queue_free(queue *q)
{
    for (size_t i = 0; i < QUEUE; i++) {
        free_bufs(&q->b[i]);
        free(q->b[i].rec);
        free(q->b[i].st);
        free(q->b[i].h_id);
        free(q->b[i].h_ref);
        free(q->b[i].why);
        free(q->b[i].bufs);
    }
    pthread_cond_destroy(&q->filled_cv);
    pthread_cond_destroy(&q->freed_cv);
    pthread_mutex_destroy(&q->mu);
    free(q);
}

static queue *queue_new(void)
{
    queue *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    bool ok = pthread_mutex_init(&q->mu, NULL) == 0;
    ok = pthread_cond_init(&q->filled_cv, NULL) == 0 && ok;
    ok = pthread_cond_init(&q->freed_cv, NULL) == 0 && ok;
    for (size_t i = 0; i < QUEUE && ok; i++) {
        batch *b = &q->b[i];
        b->rec = malloc(BATCH * sizeof *b->rec);
        b->st = malloc(BATCH * sizeof *b->st);
        b->h_id = malloc(BATCH * sizeof *b->h_id);
        b->h_ref = malloc(BATCH * sizeof *b->h_ref);
        b->why = malloc(BATCH * sizeof *b->why);
        ok = b->rec && b->st && b->h_id && b->h_ref && b->why;
    }
    if (!ok) {
        queue_free(q);
        return NULL;
    }
    return q;
}

ach_status ach__recon_read_pipelined(ach_recon *e, ach_ledger_reader *r, ach_error *err, bool *ran)
{
    *ran = false;
    queue *q = queue_new();
    if (!q) return ACH_ENOMEM; /* the caller reads on its own thread instead */
    ach_ledger_stats before, now;
    ach_ledger_reader_stats(&before, r);
    q->r = r;
    q->key = e->hash_key;
    ach__ledger_on_handover(r, take_buffer, q);
    pthread_t th;
    if (pthread_create(&th, NULL, stage1, q) != 0) {
        ach__ledger_on_handover(r, NULL, NULL);
        queue_free(q);
        return ACH_OK;
    }
    *ran = true;
    uint64_t handled = 0;
    ach_status st = ACH_OK;
    for (uint64_t k = 0;; k++) {
        pthread_mutex_lock(&q->mu);
        while (q->filled <= k) pthread_cond_wait(&q->filled_cv, &q->mu);
        pthread_mutex_unlock(&q->mu);
        batch *b = &q->b[k % QUEUE];
        e->reading_stats = &b->stats;
        st = apply_batch(e, b, &handled, err);
        e->reading_stats = NULL;
        bool last = b->end != ACH_OK;
        if (st == ACH_OK && last && b->end != ACH_LEDGER_END) {
            if (err) *err = b->end_err;
            st = b->end;
        }
        free_bufs(b);
        pthread_mutex_lock(&q->mu);
        q->freed++;
        if (st != ACH_OK) q->stop = true;
        /* stage 1, far faster, mostly waits for room: wake it when half the queue is free
         * rather than for every batch, so that it fills several in one go (a wake-up is a
         * system call and a context switch, dear on a virtual machine) */
        if (st != ACH_OK || last || q->filled - q->freed <= QUEUE / 2)
            pthread_cond_signal(&q->freed_cv);
        pthread_mutex_unlock(&q->mu);
        if (last || st != ACH_OK) break;
    }
    pthread_join(th, NULL);
    ach__ledger_on_handover(r, NULL, NULL);
    ach_ledger_reader_stats(&now, r);
    /* the records read but not applied (after a failure) are left out of both counts */
    e->read_records += handled;
    e->reader_records += now.records - before.records - (q->read - handled);
    queue_free(q);
    if (e->opts.on_progress) e->opts.on_progress(e->opts.progress_ctx, &now);
    return st;
}
