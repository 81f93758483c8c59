/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness for the reconciliation engine (issue 6): any bytes, read as a ledger from a
 * buffer and reconciled, must never crash, hang or leak, and must keep the engine's promises:
 * - every record is counted once: applied + rejected = records = the reader's count;
 * - the balance transactions sum to pending + available, as of the last date and of a date
 *   within the input;
 * - each charge is counted once, in one status;
 * - findings carry a known kind, its severity, and NUL-terminated strings.
 * The last bytes of the input also drive two NACHA return entries (trace, code) through
 * ach_recon_apply_return(). Build: clang -fsanitize=fuzzer,address,undefined with the lib/
 * sources (`make fuzz`); -DACH_FUZZ_STANDALONE gives a main() that runs the named files. */
#include <string.h>
#include "ach.h"
#define FUZZ_NAME "fuzz_recon"
#include "fuzz_util.h"

static ach_calendar *calendar(void)
{
    static ach_calendar *cal; /* built once: the calendar is immutable and never freed here */
    if (!cal) check(ach_calendar_new_default(&cal, NULL) == ACH_OK, "calendar");
    return cal;
}

static void report_holds(const ach_recon *e, ach_date as_of)
{
    ach_recon_report r;
    check(ach_recon_report_compute(&r, e, as_of, NULL) == ACH_OK, "report");
    check(r.lines_conserved, "applied + rejected = records");
    check(r.applied + r.rejected == r.records, "the counts add up");
    check(r.balance_conserved, "transactions sum to pending + available");
    check(r.charges == r.charges_by_status[1] + r.charges_by_status[2] + r.charges_by_status[3] +
                           r.charges_by_status[4],
          "each charge once");
    size_t n = 0;
    ach_status s = ach_recon_balance_days(NULL, 0, &n, e, as_of, NULL);
    check(s == ACH_OK || s == ACH_EBUFS, "balance days");
    s = ach_recon_retries(NULL, 0, &n, e, as_of, NULL);
    check(s == ACH_OK || s == ACH_EBUFS, "retries");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ach_ledger_reader *r = NULL;
    if (ach_ledger_reader_open_buffer(&r, (const char *)data, size, "fuzz", NULL) != ACH_OK)
        return 0;
    ach_recon *e = NULL;
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.max_findings = 64;
    check(ach_recon_new(&e, calendar(), &o, NULL) == ACH_OK, "new");
    check(ach_recon_read(e, r, NULL) == ACH_OK, "a buffer reads to its end");
    for (int i = 0; i < 2 && size >= 19; i++) {
        ach_recon_return ret;
        memset(&ret, 0, sizeof ret);
        memcpy(ret.trace, data + size - 19, 15);
        memcpy(ret.code, data + size - 4, 3);
        ret.amount = i ? -1 : (int64_t)data[size - 1] * 100;
        ret.at = (ach_instant)20150 * 86400 + (ach_instant)data[size - 2] * 86400;
        ret.position = (uint32_t)i + 1;
        ach_recon_verdict v;
        check(ach_recon_apply_return(&v, e, &ret, NULL) == ACH_OK, "a return is a result");
    }
    ach_recon_report rep;
    check(ach_recon_report_compute(&rep, e, ACH_DATE_NONE, NULL) == ACH_OK, "report");
    report_holds(e, ACH_DATE_NONE);
    if (rep.first_date != ACH_DATE_NONE) report_holds(e, rep.first_date);
    for (size_t i = 0; i < ach_recon_finding_count(e); i++) {
        ach_recon_finding f;
        check(ach_recon_finding_get(&f, e, i, NULL) == ACH_OK, "finding");
        check(f.kind > 0 && f.kind < ACH_RECON_KIND_COUNT, "a known kind");
        check(f.severity == ach_recon_kind_severity(f.kind), "its severity");
        check(strlen(f.id) <= ACH_LEDGER_ID_MAX && f.message[0], "strings");
    }
    ach_recon_free(e);
    ach_ledger_reader_free(r);
    return 0;
}
