/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness for the snapshot loader (issue 21, docs/state-format.md): any bytes given to
 * ach_recon_load() must never crash, hang or leak, and must either be refused (ACH_ESTATE) or
 * give an engine that keeps its promises:
 * - its report, balance by date, retries, findings, lookups, pending and overdue charges,
 *   unverified accounts and Connect balances answer without failing;
 * - saving it gives a snapshot that loads, and saving that one gives the same bytes (a loaded
 *   state is exactly the state saved; nothing silently changes).
 * The input is read in pieces of 1 to 16 bytes (its first byte decides) so that reads straddle
 * every frame. The seed corpus (corpus/recon_state) holds snapshots of small ledgers. Build and
 * run: `make fuzz` (tests/fuzz/run.sh); -DACH_FUZZ_STANDALONE gives a main() over named files. */
#include <stdlib.h>
#include <string.h>
#include "ach.h"
#define FUZZ_NAME "fuzz_recon_state"
#include "fuzz_util.h"

static ach_calendar *calendar(void)
{
    static ach_calendar *cal; /* built once: the calendar is immutable and never freed here */
    if (!cal) check(ach_calendar_new_default(&cal, NULL) == ACH_OK, "calendar");
    return cal;
}

typedef struct bytes {
    uint8_t *data;
    size_t len, cap, at, piece;
    const uint8_t *in;
} bytes;

static ach_status put(void *ctx, const void *p, size_t n)
{
    bytes *b = ctx;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        uint8_t *q = realloc(b->data, cap);
        if (!q) return ACH_ENOMEM;
        b->data = q;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return ACH_OK;
}

static ach_status get(void *ctx, void *buf, size_t cap, size_t *got)
{
    bytes *b = ctx;
    size_t n = b->len - b->at;
    if (n > cap) n = cap;
    if (b->piece && n > b->piece) n = b->piece;
    memcpy(buf, (b->in ? b->in : b->data) + b->at, n);
    b->at += n;
    *got = n;
    return ACH_OK;
}

static void answers(const ach_recon *e)
{
    ach_recon_report r;
    check(ach_recon_report_compute(&r, e, ACH_DATE_NONE, NULL) == ACH_OK, "report");
    size_t n = 0;
    ach_status s = ach_recon_balance_days(NULL, 0, &n, e, ACH_DATE_NONE, NULL);
    check(s == ACH_OK || s == ACH_EBUFS, "balance days");
    ach_recon_retry t[4];
    s = ach_recon_retries(t, 4, &n, e, ACH_DATE_NONE, NULL);
    check(s == ACH_OK || s == ACH_EBUFS || s == ACH_ERANGE, "retries");
    /* issue 18's lists: from the loaded dates, Connect accounts and their days */
    ach_recon_pending p[4];
    s = ach_recon_pending_charges(p, 4, &n, e, ACH_DATE_NONE, NULL);
    check(s == ACH_OK || s == ACH_EBUFS, "pending charges");
    s = ach_recon_overdue_charges(p, 4, &n, e, ACH_DATE_NONE, NULL);
    check(s == ACH_OK || s == ACH_EBUFS, "overdue charges");
    ach_recon_unverified u[4];
    s = ach_recon_unverified_accounts(u, 4, &n, e, ACH_DATE_NONE, NULL);
    check(s == ACH_OK || s == ACH_EBUFS, "unverified accounts");
    ach_recon_connected c[4];
    s = ach_recon_connected_balances(c, 4, &n, e, ACH_DATE_NONE, NULL);
    check(s == ACH_OK || s == ACH_EBUFS, "connected balances");
    for (size_t i = 0; i < n && i < 4; i++) check(strncmp(c[i].account, "acct_", 5) == 0, "acct_");
    for (size_t i = 0; i < ach_recon_finding_count(e); i++) {
        ach_recon_finding f;
        check(ach_recon_finding_get(&f, e, i, NULL) == ACH_OK, "finding");
        check(f.severity == ach_recon_kind_severity(f.kind), "its severity");
        ach_recon_object o;
        s = ach_recon_lookup(&o, e, ACH_RECON_OBJECT_ANY, f.id, strlen(f.id), NULL);
        check(s == ACH_OK || s == ACH_EUNKNOWN_ID || s == ACH_ERANGE, "lookup");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bytes in = {NULL, size, size, 0, size ? (size_t)(data[0] % 16) + 1 : 1, data};
    ach_recon *e = NULL;
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.max_findings = 64;
    ach_error err = ACH_ERROR_INIT;
    ach_status s = ach_recon_load(&e, calendar(), &o, get, &in, &err);
    check(s == ACH_OK || s == ACH_ESTATE || s == ACH_ENOMEM, "loaded or refused");
    check(s == ACH_OK || (e == NULL && err.message[0]), "a refusal says why");
    if (s != ACH_OK) return 0;
    answers(e);
    bytes a = {0}, b = {0};
    check(ach_recon_save(e, put, &a, NULL) == ACH_OK, "save");
    ach_recon *l = NULL;
    check(ach_recon_load(&l, calendar(), &o, get, &a, NULL) == ACH_OK, "a saved state loads");
    check(ach_recon_save(l, put, &b, NULL) == ACH_OK, "save again");
    check(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "the same state");
    ach_recon_free(l);
    ach_recon_free(e);
    free(a.data);
    free(b.data);
    return 0;
}
