/* SPDX-License-Identifier: Apache-2.0 */
/* Reconciling a ledger held in memory: every line applied through the payment rules or
 * rejected with its reason, the events the rules emit as they go, and the report.
 *
 * Build against an installed libach: cc reconcile.c $(pkg-config --cflags --libs libach) */
#include <stdio.h>
#include <string.h>
#include <ach.h>

static const char ledger[] =
    "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"
    "2025-03-03T09:00:00Z,account,ba_zoe,cus_zoe,,usd,110000000,000123456789,Zoë Müller,individual,,\n"
    "2025-03-03T09:01:00Z,verification,,ba_zoe,,,,,,,,32 45\n"
    "2025-03-03T09:02:00Z,mandate,md_zoe,ba_zoe,,,,,,,accepted,\n"
    "2025-03-03T10:00:00Z,charge,ch_1,ba_zoe,5000,usd,,,,,,\n"
    "2025-03-03T10:05:00Z,charge,ch_2,ba_zoe,120000,usd,,,,,,\n"
    "2025-03-04T09:00:00Z,charge,ch_3,ba_zoe,2500,eur,,,,,,\n"
    "2025-03-05T09:00:00Z,outcome,,ch_1,,,,,,,succeeded,\n"
    "2025-03-05T09:10:00Z,outcome,,ch_2,,,,,,,R01,\n"
    "2025-03-20T12:00:00Z,refund,re_1,ch_1,2000,,,,,,,\n";

/* The engine is made after the options that point at this context, so the callback reaches it
 * through the context to ask which line is being applied. */
typedef struct context {
    ach_recon *engine;
} context;

static void on_event(void *ctx, const ach_event *ev)
{
    const context *c = ctx;
    printf("  line %llu: %s %s", (unsigned long long)ach_recon_line(c->engine),
           ach_event_type_name(ev->type), ev->id);
    if (ev->amount) printf(" %lld cents", (long long)ev->amount);
    if (ev->failure_code[0]) printf(" (%s)", ev->failure_code);
    putchar('\n');
}

static void on_finding(void *ctx, const ach_recon_finding *f)
{
    (void)ctx;
    printf("  line %llu: %s %s: %s\n", (unsigned long long)f->line,
           ach_recon_severity_name(f->severity), ach_recon_kind_name(f->kind), f->message);
}

int main(void)
{
    ach_error err = ACH_ERROR_INIT;
    ach_calendar *cal = NULL;
    ach_ledger_reader *reader = NULL;
    context ctx = {NULL};
    int rc = 1;
    if (ach_calendar_new_default(&cal, &err) != ACH_OK ||
        ach_ledger_reader_open_buffer(&reader, ledger, sizeof ledger - 1, "memory", &err) !=
            ACH_OK)
        goto out;

    ach_recon_options opts = ACH_RECON_OPTIONS_INIT;
    opts.on_event = on_event;
    opts.event_ctx = &ctx;
    opts.on_finding = on_finding;
    if (ach_recon_new(&ctx.engine, cal, &opts, &err) != ACH_OK) goto out;
    printf("events and findings, in ledger order:\n");
    if (ach_recon_read(ctx.engine, reader, &err) != ACH_OK) goto out;

    ach_recon_report r;
    if (ach_recon_report_compute(&r, ctx.engine, ACH_DATE_NONE, &err) != ACH_OK) goto out;
    char d[ACH_DATE_FORMAT_SIZE];
    printf("report as of %s:\n", ach_date_format(d, r.as_of));
    printf("  lines %llu = applied %llu + rejected %llu (%s)\n", (unsigned long long)r.records,
           (unsigned long long)r.applied, (unsigned long long)r.rejected,
           r.lines_conserved ? "conserved" : "NOT conserved");
    printf("  gross %lld, fees %lld, net %lld cents\n", (long long)r.gross, (long long)r.fees,
           (long long)r.net);
    printf("  balance: pending %lld, available %lld cents\n", (long long)r.balance.pending,
           (long long)r.balance.available);
    rc = 0;
out:
    if (rc) fprintf(stderr, "reconcile: %s\n", err.message);
    ach_recon_free(ctx.engine);
    ach_ledger_reader_free(reader);
    ach_calendar_free(cal);
    return rc;
}
