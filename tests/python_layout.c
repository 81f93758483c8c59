/* SPDX-License-Identifier: Apache-2.0 */
/* Prints the size of every struct the Python binding declares (python/libach/_ffi.py, cffi
 * ABI mode, which cannot read the headers) and the offsets of their members, as the
 * compiler lays them out from the public headers: python/tests/test_layout.py compares them with
 * cffi's, so a header change that the binding's copy misses fails `make check`. */
#include <stddef.h>
#include <stdio.h>
#include <ach.h>

#define SIZE(t) printf("%s %zu\n", #t, sizeof(t));
#define OFF(t, m) printf("%s.%s %zu\n", #t, #m, offsetof(t, m));

int main(void)
{
    SIZE(ach_error) OFF(ach_error, line) OFF(ach_error, column) OFF(ach_error, field)
    OFF(ach_error, source) OFF(ach_error, message)
    SIZE(ach_calendar_options) OFF(ach_calendar_options, last_year)
    SIZE(ach_holiday) OFF(ach_holiday, name)
    SIZE(ach_fee_schedule) OFF(ach_fee_schedule, fixed) OFF(ach_fee_schedule, dispute_fee)
    SIZE(ach_event) OFF(ach_event, created) OFF(ach_event, business_date) OFF(ach_event, id)
    OFF(ach_event, amount) OFF(ach_event, status) OFF(ach_event, reason)
    OFF(ach_event, return_code) OFF(ach_event, flags) OFF(ach_event, line)
    OFF(ach_event, from_return) OFF(ach_event, resolve_by) OFF(ach_event, refund_expected_by)
    OFF(ach_event, descriptor)
    SIZE(ach_return_rates) OFF(ach_return_rates, administrative) OFF(ach_return_rates, overall)
    SIZE(ach_retry) OFF(ach_retry, verdict) OFF(ach_retry, allowed) OFF(ach_retry, until)
    SIZE(ach_ledger_field) OFF(ach_ledger_field, line) OFF(ach_ledger_field, flags)
    SIZE(ach_ledger_record) OFF(ach_ledger_record, fault) OFF(ach_ledger_record, time)
    OFF(ach_ledger_record, pair) OFF(ach_ledger_record, instant) OFF(ach_ledger_record, code)
    OFF(ach_ledger_record, return_code) OFF(ach_ledger_record, currency)
    OFF(ach_ledger_record, holder_type) OFF(ach_ledger_record, field)
    SIZE(ach_ledger_unknown_column) OFF(ach_ledger_unknown_column, position)
    SIZE(ach_ledger_stats) OFF(ach_ledger_stats, size)
    SIZE(ach_recon_finding) OFF(ach_recon_finding, column) OFF(ach_recon_finding, kind)
    OFF(ach_recon_finding, status) OFF(ach_recon_finding, type) OFF(ach_recon_finding, id)
    OFF(ach_recon_finding, message)
    SIZE(ach_recon_options) OFF(ach_recon_options, fees) OFF(ach_recon_options, on_event)
    OFF(ach_recon_options, max_findings) OFF(ach_recon_options, hash_seed)
    OFF(ach_recon_options, verify_within_days) OFF(ach_recon_options, threads)
    SIZE(ach_recon_report) OFF(ach_recon_report, lines_conserved)
    OFF(ach_recon_report, records_by_type) OFF(ach_recon_report, returns)
    OFF(ach_recon_report, findings_by_kind) OFF(ach_recon_report, events_by_type)
    OFF(ach_recon_report, first_date) OFF(ach_recon_report, as_of)
    OFF(ach_recon_report, charges) OFF(ach_recon_report, charges_by_status)
    OFF(ach_recon_report, gross) OFF(ach_recon_report, net) OFF(ach_recon_report, balance)
    OFF(ach_recon_report, connected) OFF(ach_recon_report, balance_conserved)
    OFF(ach_recon_report, rates_from) OFF(ach_recon_report, return_rates)
    OFF(ach_recon_report, retries) OFF(ach_recon_report, charges_overdue)
    OFF(ach_recon_report, accounts_unverified)
    SIZE(ach_recon_day) OFF(ach_recon_day, balance) OFF(ach_recon_day, connected)
    SIZE(ach_recon_retry) OFF(ach_recon_retry, code) OFF(ach_recon_retry, returned)
    OFF(ach_recon_retry, advice)
    SIZE(ach_recon_pending) OFF(ach_recon_pending, amount) OFF(ach_recon_pending, created)
    OFF(ach_recon_pending, overdue) OFF(ach_recon_pending, days_overdue)
    SIZE(ach_recon_unverified) OFF(ach_recon_unverified, sent)
    OFF(ach_recon_unverified, business_days)
    SIZE(ach_recon_connected) OFF(ach_recon_connected, balance)
    SIZE(ach_recon_object) OFF(ach_recon_object, id) OFF(ach_recon_object, ref)
    OFF(ach_recon_object, mandate) OFF(ach_recon_object, status)
    OFF(ach_recon_object, status_code) OFF(ach_recon_object, holder_type)
    OFF(ach_recon_object, last4) OFF(ach_recon_object, test)
    OFF(ach_recon_object, failed_attempts) OFF(ach_recon_object, amount)
    OFF(ach_recon_object, return_code) OFF(ach_recon_object, kind_name)
    OFF(ach_recon_object, flags) OFF(ach_recon_object, created)
    OFF(ach_recon_object, processing) OFF(ach_recon_object, dispute_window_end)
    return 0;
}
