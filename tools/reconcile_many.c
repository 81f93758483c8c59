/* SPDX-License-Identifier: Apache-2.0 */
/* `ach reconcile A B ...` (issue 21): several ledgers (independent partitions, e.g. one per
 * merchant), each by its own engine as of one date, each printed, then their total
 * (ach_recon_report_merge(); the balances by date summed here). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "reconcile.h"

/* One ledger of several. */
typedef struct part {
    const char *path;
    ach_ledger_reader *reader;
    ach_recon *engine;
    ach_recon_report report;
    ach_recon_day *days;
    size_t ndays;
    ach_recon_retry *retries;
    size_t nretries;
    charge_lists cl;
} part;

/* The balances by date of the total: on each date any part's balance changed, the sum of every
 * part's balance at the end of that day. */
static ach_recon_day *total_days(const part *parts, size_t n, size_t *count)
{
    size_t all = 0;
    for (size_t i = 0; i < n; i++) all += parts[i].ndays;
    ach_recon_day *out = malloc((all ? all : 1) * sizeof *out);
    size_t *at = calloc(n ? n : 1, sizeof *at);
    if (!out || !at) {
        free(out);
        free(at);
        return NULL;
    }
    size_t k = 0;
    for (;;) {
        ach_date next = ACH_DATE_NONE;
        for (size_t i = 0; i < n; i++)
            if (at[i] < parts[i].ndays &&
                (next == ACH_DATE_NONE || parts[i].days[at[i]].date < next))
                next = parts[i].days[at[i]].date;
        if (next == ACH_DATE_NONE) break;
        ach_recon_day d;
        memset(&d, 0, sizeof d);
        d.date = next;
        for (size_t i = 0; i < n; i++) {
            while (at[i] < parts[i].ndays && parts[i].days[at[i]].date <= next) at[i]++;
            if (!at[i]) continue;
            const ach_recon_day *x = &parts[i].days[at[i] - 1];
            d.balance.pending += x->balance.pending;
            d.balance.available += x->balance.available;
            d.connected.pending += x->connected.pending;
            d.connected.available += x->connected.available;
        }
        out[k++] = d;
    }
    free(at);
    *count = k;
    return out;
}

/* `ach reconcile A B ...`: each ledger by its own engine, all as of one date, each printed,
 * then the total (ach_recon_report_merge()). */
int reconcile_many(int n, const char *const *paths, const ach_calendar *cal,
                   const many_opts *mo)
{
    part *parts = calloc((size_t)n, sizeof *parts);
    if (!parts) return CLI_DATA;
    ach_error err = ACH_ERROR_INIT;
    ach_status s = ACH_OK;
    ach_date as_of = mo->as_of;
    returns_input rin;
    memset(&rin, 0, sizeof rin);
    for (int i = 0; i < n && s == ACH_OK; i++) {
        part *p = &parts[i];
        p->path = paths[i];
        ach_recon_options opts = *mo->engine;
        opts.max_findings = mo->max_findings;
        s = strcmp(p->path, "-") == 0 ? ach_ledger_reader_open_fd(&p->reader, 0, "-", &err)
                                      : ach_ledger_reader_open_file(&p->reader, p->path, &err);
        if (s == ACH_OK) s = ach_recon_new(&p->engine, cal, &opts, &err);
        if (s == ACH_OK) s = ach_recon_read(p->engine, p->reader, &err);
        ach_recon_report r;
        if (s == ACH_OK && mo->as_of == ACH_DATE_NONE &&
            ach_recon_report_compute(&r, p->engine, ACH_DATE_NONE, NULL) == ACH_OK &&
            r.last_date != ACH_DATE_NONE && (as_of == ACH_DATE_NONE || r.last_date > as_of))
            as_of = r.last_date; /* one date for all: the latest */
    }
    ach_recon_report total;
    ach_recon_report_init(&total);
    for (int i = 0; i < n && s == ACH_OK; i++) {
        part *p = &parts[i];
        s = report_lists(&p->report, &p->days, &p->ndays, &p->retries, &p->nretries, p->engine,
                         as_of, &err);
        if (s == ACH_OK)
            s = charge_lists_fill(&p->cl, p->engine, as_of, mo->max_findings, mo->json, &err);
        if (s == ACH_OK) s = ach_recon_report_merge(&total, &p->report, &err);
    }
    size_t ndays = 0, nretries = 0;
    ach_recon_day *days = s == ACH_OK ? total_days(parts, (size_t)n, &ndays) : NULL;
    ach_recon_retry *retries = NULL;
    if (s == ACH_OK && !days) s = err.code = ACH_ENOMEM;
    for (int i = 0; i < n && s == ACH_OK; i++) nretries += parts[i].nretries;
    if (s == ACH_OK && !(retries = malloc((nretries ? nretries : 1) * sizeof *retries)))
        s = err.code = ACH_ENOMEM;
    int rc = CLI_DATA;
    if (s == ACH_OK) {
        nretries = 0;
        for (int i = 0; i < n; i++) {
            if (parts[i].nretries)
                memcpy(retries + nretries, parts[i].retries, parts[i].nretries * sizeof *retries);
            nretries += parts[i].nretries;
        }
        if (mo->json) fputs("{\"ledgers\":[", stdout);
        for (int i = 0; i < n; i++) {
            part *p = &parts[i];
            if (mo->json) {
                if (i) fputc(',', stdout);
                report_json(p->path, &p->report, p->engine, p->days, p->ndays, p->retries,
                           p->nretries, p->reader, &rin, &p->cl);
            } else {
                report_text(p->path, &p->report, p->engine, p->days, p->ndays, p->retries,
                           p->nretries, p->reader, &rin, &p->cl);
                printf("\n\n");
            }
        }
        char title[64];
        snprintf(title, sizeof title, "the %d ledgers above together", n);
        /* the total lists nothing: each object is listed with its own ledger, above */
        charge_lists none;
        memset(&none, 0, sizeof none);
        if (mo->json) {
            /* ... but its count of unverified accounts adds up, as findings_by_kind does */
            for (int i = 0; i < n; i++) none.unverified_total += parts[i].cl.unverified_total;
            fputs("],\"total\":", stdout);
            report_json("total", &total, NULL, days, ndays, retries, nretries, NULL, &rin, &none);
            fputs("}\n", stdout);
        } else {
            report_text(title, &total, NULL, days, ndays, retries, nretries, NULL, &rin, &none);
        }
        rc = mo->strict && total.rejected ? CLI_NEGATIVE : CLI_OK;
        if (fflush(stdout) != 0) rc = CLI_DATA;
    } else if (err.code && err.code != ACH_ENOMEM) {
        cli_fail(&err);
    } else {
        fputs("ach: out of memory\n", stderr);
    }
    for (int i = 0; i < n; i++) {
        free(parts[i].days);
        free(parts[i].retries);
        charge_lists_free(&parts[i].cl);
        ach_recon_free(parts[i].engine);
        ach_ledger_reader_free(parts[i].reader);
    }
    free(parts);
    free(days);
    free(retries);
    return rc;
}
