/* SPDX-License-Identifier: Apache-2.0 */
/* Reports that merge (issue 21 item 4): the report of an independent partition (another
 * merchant's ledger) added into a running total. Every figure of a report is a count or a sum of
 * cents over the partition's objects and days, so totals add exactly; the return rates are
 * ratios and are computed again from the added counts (R-RET-2), never averaged. */
#include "ach/recon.h"
#include <string.h>
#include "internal.h"
#include "recon_internal.h"

static void report_empty(ach_recon_report *out)
{
    memset(out, 0, sizeof *out);
    out->size = sizeof *out;
    out->lines_conserved = true;
    out->balance_conserved = true;
    out->first_date = out->last_date = out->as_of = out->rates_from = ACH_DATE_NONE;
    ach_return_tally none = {0, 0, 0, 0};
    ach_return_rates_compute(&out->return_rates, &none);
}

/* ABI: a caller's report may be shorter (older header) or longer (newer header) than ours. */
static size_t fitted(size_t caller_size)
{
    return caller_size < sizeof(ach_recon_report) ? caller_size : sizeof(ach_recon_report);
}

void ach_recon_report_init_sized(ach_recon_report *out, size_t out_size)
{
    if (!out || out_size < ACH__REPORT_SIZE_0_1) return;
    ach_recon_report r;
    report_empty(&r);
    r.size = fitted(out_size);
    memcpy(out, &r, r.size);
    if (out_size > r.size) memset((char *)out + r.size, 0, out_size - r.size);
}

/* Sums that overflow leave the total untouched: *ok turns false and the caller gives up. */
static uint64_t add_u(uint64_t a, uint64_t b, bool *ok)
{
    if (a > UINT64_MAX - b) *ok = false;
    return a + b;
}

static int64_t add_i(int64_t a, int64_t b, bool *ok)
{
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) {
        *ok = false;
        return 0;
    }
    return a + b;
}

static void add_each(uint64_t *to, const uint64_t *from, size_t n, bool *ok)
{
    for (size_t i = 0; i < n; i++) to[i] = add_u(to[i], from[i], ok);
}

static ach_date min_date(ach_date a, ach_date b)
{
    if (a == ACH_DATE_NONE) return b;
    if (b == ACH_DATE_NONE) return a;
    return a < b ? a : b;
}

static ach_date max_date(ach_date a, ach_date b)
{
    if (a == ACH_DATE_NONE) return b;
    if (b == ACH_DATE_NONE) return a;
    return a > b ? a : b;
}

ach_status ach_recon_report_merge(ach_recon_report *total, const ach_recon_report *part,
                                  ach_error *err)
{
    if (!total || !part) return ach__fail(err, ACH_EINVAL, "report", 0, 0, "NULL report");
    if (total->size < ACH__REPORT_SIZE_0_1 || part->size < ACH__REPORT_SIZE_0_1)
        return ach__fail(err, ACH_EINVAL, "size", 0, 0,
                         "a report of %zu bytes; at least %zu expected (filled by "
                         "ach_recon_report_init() or ach_recon_report_compute()?)",
                         total->size < part->size ? total->size : part->size,
                         (size_t)ACH__REPORT_SIZE_0_1);
    /* both widened to this library's report: members they lack are 0 (the empty total's
     * dates and checks for `total`, so that a shorter total still merges right) */
    ach_recon_report r, p;
    report_empty(&r);
    memcpy(&r, total, fitted(total->size));
    memset(&p, 0, sizeof p);
    memcpy(&p, part, fitted(part->size));
    part = &p;
    if (total->as_of != ACH_DATE_NONE && part->as_of != ACH_DATE_NONE &&
        total->as_of != part->as_of) {
        char a[ACH_DATE_FORMAT_SIZE], b[ACH_DATE_FORMAT_SIZE];
        return ach__fail(err, ACH_EINVAL, "as_of", 0, 0,
                         "a report as of %s cannot be added to a total as of %s: compute every "
                         "partition's report as of one date",
                         ach_date_format(b, part->as_of), ach_date_format(a, total->as_of));
    }
    bool ok = true;
    r.records = add_u(r.records, part->records, &ok);
    r.applied = add_u(r.applied, part->applied, &ok);
    r.rejected = add_u(r.rejected, part->rejected, &ok);
    r.flagged = add_u(r.flagged, part->flagged, &ok);
    r.malformed = add_u(r.malformed, part->malformed, &ok);
    r.reader_records = add_u(r.reader_records, part->reader_records, &ok);
    r.lines_conserved = r.lines_conserved && part->lines_conserved;
    add_each(r.records_by_type, part->records_by_type, ACH__ARRAY_LEN(r.records_by_type), &ok);
    add_each(r.applied_by_type, part->applied_by_type, ACH__ARRAY_LEN(r.applied_by_type), &ok);
    r.returns = add_u(r.returns, part->returns, &ok);
    r.returns_applied = add_u(r.returns_applied, part->returns_applied, &ok);
    r.returns_rejected = add_u(r.returns_rejected, part->returns_rejected, &ok);
    r.findings = add_u(r.findings, part->findings, &ok);
    r.findings_kept = add_u(r.findings_kept, part->findings_kept, &ok);
    add_each(r.findings_by_kind, part->findings_by_kind, ACH__ARRAY_LEN(r.findings_by_kind), &ok);
    add_each(r.events_by_type, part->events_by_type, ACH__ARRAY_LEN(r.events_by_type), &ok);
    r.first_date = min_date(r.first_date, part->first_date);
    r.last_date = max_date(r.last_date, part->last_date);

    if (r.as_of == ACH_DATE_NONE) {
        r.as_of = part->as_of;
        r.rates_from = part->rates_from;
    }
    r.charges = add_u(r.charges, part->charges, &ok);
    add_each(r.charges_by_status, part->charges_by_status, ACH__ARRAY_LEN(r.charges_by_status),
             &ok);
    r.charges_refunded = add_u(r.charges_refunded, part->charges_refunded, &ok);
    r.gross = add_i(r.gross, part->gross, &ok);
    r.fees = add_i(r.fees, part->fees, &ok);
    r.reversed = add_i(r.reversed, part->reversed, &ok);
    r.disputed = add_i(r.disputed, part->disputed, &ok);
    r.refunded = add_i(r.refunded, part->refunded, &ok);
    r.refund_failed = add_i(r.refund_failed, part->refund_failed, &ok);
    r.transferred = add_i(r.transferred, part->transferred, &ok);
    r.application_fees = add_i(r.application_fees, part->application_fees, &ok);
    r.net = add_i(r.net, part->net, &ok);
    r.balance.pending = add_i(r.balance.pending, part->balance.pending, &ok);
    r.balance.available = add_i(r.balance.available, part->balance.available, &ok);
    r.connected.pending = add_i(r.connected.pending, part->connected.pending, &ok);
    r.connected.available = add_i(r.connected.available, part->connected.available, &ok);
    r.transactions_net = add_i(r.transactions_net, part->transactions_net, &ok);
    r.balance_conserved = r.balance_conserved && part->balance_conserved;
    /* R-RET-2: the rates of the whole are those of the added counts */
    ach_return_tally t = {
        add_u(r.return_rates.debits, part->return_rates.debits, &ok),
        add_u(r.return_rates.overall.count, part->return_rates.overall.count, &ok),
        add_u(r.return_rates.unauthorized.count, part->return_rates.unauthorized.count, &ok),
        add_u(r.return_rates.administrative.count, part->return_rates.administrative.count,
              &ok),
    };
    ach_return_rates_compute(&r.return_rates, &t);
    r.retries = add_u(r.retries, part->retries, &ok);
    r.charges_overdue = add_u(r.charges_overdue, part->charges_overdue, &ok);
    r.accounts_unverified = add_u(r.accounts_unverified, part->accounts_unverified, &ok);
    if (!ok)
        return ach__fail(err, ACH_EOVERFLOW, "report", 0, 0,
                         "a count or an amount of the total would pass its largest value");
    const size_t n = fitted(total->size);
    r.size = n;
    memcpy(total, &r, n);
    return ACH_OK;
}
