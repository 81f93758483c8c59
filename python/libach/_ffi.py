# SPDX-License-Identifier: Apache-2.0
"""The C declarations of libach that the binding uses, and the loaded library.

ABI mode (``ffi.dlopen``) rather than API mode: the package then has no C extension to
compile, so ``pip install ./python`` needs no compiler and no headers, and one install works
with any libach.so.0 the loader finds. The price is that the struct layouts below must match
the headers exactly (they are copied from include/ach/*.h; the enums are ``int`` there, as C
gives them). The growable structs (``ach_recon_report``) are passed with their ``sizeof``
through the ``*_sized`` entry points, so a newer library never writes past them.
"""
from __future__ import annotations

import ctypes.util
import os

from cffi import FFI

CDEF = r"""
typedef int32_t ach_date;
typedef int64_t ach_instant;
typedef int ach_status;

typedef struct ach_error {
    ach_status code;
    uint64_t line;
    uint32_t column;
    char field[64];
    char source[64];
    char message[256];
} ach_error;

const char *ach_status_name(int status);
const char *ach_status_str(int status);

ach_status ach_date_make(ach_date *out, int32_t year, int32_t month, int32_t day, ach_error *err);

typedef struct ach_calendar ach_calendar;
typedef struct ach_calendar_options {
    unsigned int version;
    int32_t first_year;
    int32_t last_year;
} ach_calendar_options;
typedef struct ach_holiday {
    ach_date date;
    const char *name;
} ach_holiday;
ach_status ach_calendar_new_default(ach_calendar **out, ach_error *err);
ach_status ach_calendar_load_buffer(ach_calendar **out, const char *data, size_t len,
                                    const char *name, const ach_calendar_options *opts,
                                    ach_error *err);
void ach_calendar_free(ach_calendar *cal);
void ach_calendar_range(const ach_calendar *cal, ach_date *first, ach_date *last);
ach_status ach_calendar_is_business_day(bool *out, const ach_calendar *cal, ach_date day,
                                        ach_error *err);
ach_status ach_calendar_add_business_days(ach_date *out, const ach_calendar *cal, ach_date day,
                                          int32_t n, ach_error *err);
ach_status ach_calendar_processing_date(ach_date *out, const ach_calendar *cal,
                                        ach_instant instant, ach_error *err);
ach_status ach_calendar_holidays(ach_holiday *out, size_t cap, size_t *count,
                                 const ach_calendar *cal, ach_date from, ach_date to,
                                 ach_error *err);

ach_status ach_routing_validate(const char *text, size_t len, ach_error *err);
ach_status ach_account_number_validate(const char *text, size_t len, ach_error *err);
ach_status ach_name_normalize(char *out, size_t cap, size_t *out_len, const char *name,
                              size_t len, ach_error *err);
ach_status ach_name_fit(char *out, size_t cap, bool *truncated, const char *name, size_t len,
                        int type, ach_error *err);

typedef struct ach_fee_schedule {
    uint32_t rate_ppm;
    int64_t fixed;
    int64_t cap;
    int64_t failure_fee;
    int64_t dispute_fee;
} ach_fee_schedule;
const ach_fee_schedule *ach_fee_schedule_default(void);
ach_status ach_fee_schedule_check(const ach_fee_schedule *schedule, ach_error *err);
ach_status ach_fee_schedule_parse(ach_fee_schedule *out, const char *text, size_t len,
                                  ach_error *err);

typedef struct ach_event {
    int type;
    ach_instant created;
    ach_date business_date;
    const char *id;
    const char *charge;
    const char *customer;
    int64_t amount;
    int64_t amount_refunded;
    const char *status;
    const char *failure_code;
    const char *failure_message;
    const char *reason;
    char return_code[4];
    uint32_t flags;
    uint64_t line;
    bool from_return;
    ach_date resolve_by;
    ach_date available_on;
    ach_date dispute_deadline;
    ach_date refund_expected_from;
    ach_date refund_expected_by;
    const char *descriptor;
} ach_event;
typedef void (*ach_event_fn)(void *ctx, const ach_event *ev);
const char *ach_event_type_name(int type);

typedef struct ach_balance {
    int64_t pending;
    int64_t available;
} ach_balance;

typedef struct ach_return_rate {
    uint64_t count;
    double rate;
    uint32_t threshold_bps;
    bool breach;
} ach_return_rate;
typedef struct ach_return_rates {
    uint64_t debits;
    ach_return_rate unauthorized;
    ach_return_rate administrative;
    ach_return_rate overall;
} ach_return_rates;
typedef struct ach_return_code ach_return_code;
typedef struct ach_retry {
    const ach_return_code *code;
    int verdict;
    bool allowed;
    int32_t remaining;
    ach_date until;
} ach_retry;
const char *ach_retry_verdict_name(int verdict);
const char *ach_charge_status_name(int status);

typedef struct ach_ledger_field {
    const char *ptr;
    uint32_t len;
    uint64_t line;
    uint32_t column;
    uint32_t flags;
} ach_ledger_field;
typedef struct ach_ledger_record {
    size_t size;
    uint64_t index;
    uint64_t offset;
    uint64_t line;
    uint64_t end_line;
    int fault;
    int type;
    ach_instant time;
    int64_t amount;
    int64_t pair[2];
    bool instant;
    int code;
    char return_code[4];
    char currency[4];
    int holder_type;
    ach_ledger_field field[32];
} ach_ledger_record;
typedef struct ach_ledger_unknown_column {
    const char *name;
    uint32_t position;
} ach_ledger_unknown_column;
typedef struct ach_ledger_stats {
    uint64_t records;
    uint64_t rejected;
    uint64_t lines;
    uint64_t bytes;
    uint64_t size;
} ach_ledger_stats;
typedef struct ach_ledger_reader ach_ledger_reader;
ach_status ach_ledger_reader_open_file(ach_ledger_reader **out, const char *path, ach_error *err);
ach_status ach_ledger_reader_open_buffer(ach_ledger_reader **out, const char *data, size_t len,
                                         const char *name, ach_error *err);
void ach_ledger_reader_free(ach_ledger_reader *r);
ach_status ach_ledger_next_sized(ach_ledger_record *rec, size_t rec_size, ach_ledger_reader *r,
                                 ach_error *err);
size_t ach_ledger_reader_unknown_columns(const ach_ledger_unknown_column **out,
                                         const ach_ledger_reader *r);
void ach_ledger_reader_stats(ach_ledger_stats *out, const ach_ledger_reader *r);
const char *ach_ledger_type_name(int type);

typedef struct ach_recon ach_recon;
typedef struct ach_recon_finding {
    uint64_t line;
    uint32_t column;
    int kind;
    int severity;
    int origin;
    int fault;
    ach_status status;
    int type;
    const char *id;
    const char *message;
} ach_recon_finding;
typedef void (*ach_recon_finding_fn)(void *ctx, const ach_recon_finding *finding);
typedef void (*ach_recon_progress_fn)(void *ctx, const ach_ledger_stats *stats);
typedef struct ach_recon_options {
    unsigned int version;
    const ach_fee_schedule *fees;
    ach_event_fn on_event;
    void *event_ctx;
    ach_recon_finding_fn on_finding;
    void *finding_ctx;
    ach_recon_progress_fn on_progress;
    void *progress_ctx;
    uint64_t max_findings;
    uint64_t hash_seed;
    unsigned int verify_within_days;
    unsigned int threads;
} ach_recon_options;
ach_status ach_recon_new(ach_recon **out, const ach_calendar *cal, const ach_recon_options *opts,
                         ach_error *err);
void ach_recon_free(ach_recon *engine);
ach_status ach_recon_apply(int *verdict, ach_recon *engine, const ach_ledger_record *rec,
                           ach_error *err);
ach_status ach_recon_reject(ach_recon *engine, const ach_ledger_record *rec,
                            const ach_error *why, ach_error *err);
ach_status ach_recon_read(ach_recon *engine, ach_ledger_reader *reader, ach_error *err);

typedef struct ach_recon_report {
    size_t size;
    uint64_t records;
    uint64_t applied;
    uint64_t rejected;
    uint64_t flagged;
    uint64_t malformed;
    uint64_t reader_records;
    bool lines_conserved;
    uint64_t records_by_type[16];
    uint64_t applied_by_type[16];
    uint64_t returns;
    uint64_t returns_applied;
    uint64_t returns_rejected;
    uint64_t findings;
    uint64_t findings_kept;
    uint64_t findings_by_kind[64];
    uint64_t events_by_type[32];
    ach_date first_date;
    ach_date last_date;
    ach_date as_of;
    uint64_t charges;
    uint64_t charges_by_status[16];
    uint64_t charges_refunded;
    int64_t gross;
    int64_t fees;
    int64_t reversed;
    int64_t disputed;
    int64_t refunded;
    int64_t refund_failed;
    int64_t transferred;
    int64_t application_fees;
    int64_t net;
    ach_balance balance;
    ach_balance connected;
    int64_t transactions_net;
    bool balance_conserved;
    ach_date rates_from;
    ach_return_rates return_rates;
    uint64_t retries;
    uint64_t charges_overdue;
    uint64_t accounts_unverified;
} ach_recon_report;
ach_status ach_recon_report_compute_sized(ach_recon_report *out, size_t out_size,
                                          const ach_recon *engine, ach_date as_of,
                                          ach_error *err);
void ach_recon_report_init_sized(ach_recon_report *out, size_t out_size);
ach_status ach_recon_report_merge(ach_recon_report *total, const ach_recon_report *part,
                                  ach_error *err);

typedef struct ach_recon_day {
    ach_date date;
    ach_balance balance;
    ach_balance connected;
} ach_recon_day;
ach_status ach_recon_balance_days(ach_recon_day *out, size_t cap, size_t *count,
                                  const ach_recon *engine, ach_date as_of, ach_error *err);
typedef struct ach_recon_retry {
    char charge[64];
    char code[4];
    ach_date returned;
    ach_date settlement;
    ach_retry advice;
} ach_recon_retry;
ach_status ach_recon_retries(ach_recon_retry *out, size_t cap, size_t *count,
                             const ach_recon *engine, ach_date as_of, ach_error *err);
typedef struct ach_recon_pending {
    char charge[64];
    int64_t amount;
    ach_date created;
    ach_date processing;
    ach_date resolve_by;
    ach_date available_on;
    bool overdue;
    int32_t days_overdue;
} ach_recon_pending;
ach_status ach_recon_pending_charges(ach_recon_pending *out, size_t cap, size_t *count,
                                     const ach_recon *engine, ach_date as_of, ach_error *err);
ach_status ach_recon_overdue_charges(ach_recon_pending *out, size_t cap, size_t *count,
                                     const ach_recon *engine, ach_date as_of, ach_error *err);
typedef struct ach_recon_unverified {
    char account[64];
    ach_date sent;
    ach_date expected_by;
    int32_t business_days;
} ach_recon_unverified;
ach_status ach_recon_unverified_accounts(ach_recon_unverified *out, size_t cap, size_t *count,
                                         const ach_recon *engine, ach_date as_of,
                                         ach_error *err);
typedef struct ach_recon_connected {
    char account[64];
    ach_balance balance;
} ach_recon_connected;
ach_status ach_recon_connected_balances(ach_recon_connected *out, size_t cap, size_t *count,
                                        const ach_recon *engine, ach_date as_of,
                                        ach_error *err);
size_t ach_recon_finding_count(const ach_recon *engine);
ach_status ach_recon_finding_get(ach_recon_finding *out, const ach_recon *engine, size_t i,
                                 ach_error *err);
const char *ach_recon_kind_name(int kind);
const char *ach_recon_severity_name(int severity);

typedef struct ach_recon_object {
    int type;
    char id[64];
    char ref[64];
    char mandate[64];
    const char *status;
    int status_code;
    int holder_type;
    char last4[5];
    bool test;
    uint8_t failed_attempts;
    int64_t amount;
    int64_t fee;
    int64_t refunded;
    char return_code[4];
    const char *kind_name;
    uint32_t flags;
    ach_instant created;
    ach_instant revoked;
    ach_date processing;
    ach_date resolve_by;
    ach_date available_on;
    ach_date refund_deadline;
    ach_date dispute_window_end;
} ach_recon_object;
const char *ach_recon_object_type_name(int type);
ach_status ach_recon_lookup(ach_recon_object *out, const ach_recon *engine, int type,
                            const char *id, size_t len, ach_error *err);
typedef ach_status (*ach_recon_write_fn)(void *ctx, const void *data, size_t len);
typedef ach_status (*ach_recon_read_fn)(void *ctx, void *buf, size_t cap, size_t *got);
ach_status ach_recon_save(const ach_recon *engine, ach_recon_write_fn write, void *ctx,
                          ach_error *err);
ach_status ach_recon_load(ach_recon **out, const ach_calendar *cal, const ach_recon_options *opts,
                          ach_recon_read_fn read, void *ctx, ach_error *err);
"""

ffi = FFI()
ffi.cdef(CDEF)


def _library_path() -> str:
    """Where libach.so is: $LIBACH_LIBRARY (a path, for tests against a build tree), else the
    name the dynamic loader finds (the installed library, libach.so.0)."""
    path = os.environ.get("LIBACH_LIBRARY")
    if path:
        return path
    return ctypes.util.find_library("ach") or "libach.so.0"


try:
    lib = ffi.dlopen(_library_path())
except OSError as e:
    raise ImportError(f"libach: cannot load the C library ({e}); install libach (make install, "
                      f"then ldconfig) or set LIBACH_LIBRARY to the path of libach.so") from e
