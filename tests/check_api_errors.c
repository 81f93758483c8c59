/* SPDX-License-Identifier: Apache-2.0 */
/* The documented error paths of the public API that the module suites do not reach (issue 9;
 * tests/status_audit.sh lists what each function documents and finds the test of each path):
 * allocation failures, read errors, dates outside the calendar, NULL arguments and a few
 * module-specific refusals.
 *
 * Allocation failures: this program is linked with -Wl,--wrap=malloc,--wrap=calloc,
 * --wrap=realloc,--wrap=aligned_alloc, so every allocation the library makes goes through
 * refuse() below. A test refuses the k-th allocation of a call for k = 0, 1, ... until the call
 * makes no more: each run must end in ACH_OK or ACH_ENOMEM (never a crash, never a leak: the
 * sanitizer and valgrind builds check that), and at least one run must end in ACH_ENOMEM. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include "rules_fixture.h"

/* ---- allocation failure injection ------------------------------------------------------ */

static long refuse_at = -1; /* the allocation to refuse: 0 is the next one; -1 none */
static bool refused;        /* an allocation was refused since arm() */

static void arm(long k)
{
    refused = false;
    refuse_at = k;
}

/* Stops refusing; says whether an allocation was refused since arm(). */
static bool disarm(void)
{
    refuse_at = -1;
    return refused;
}

static bool refuse(void)
{
    if (refuse_at < 0 || refuse_at-- > 0) return false;
    refused = true;
    return true;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);

void *__wrap_malloc(size_t n)
{
    return refuse() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return refuse() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return refuse() ? NULL : __real_realloc(p, n);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
    return refuse() ? NULL : __real_aligned_alloc(align, n);
}

/* No call here makes anywhere near this many allocations. */
#define MAX_ALLOCATIONS 4000

/* Runs of one call with its k-th allocation refused, k = 0, 1, ... until a run refuses none:
 *     refusals r = {0};
 *     while (refusal_next(&r)) {
 *         ...set up (allocations not refused)...
 *         refusal_arm(&r);
 *         st = the call;
 *         refusal_done(&r, st);
 *         ...check st, clean up...
 *     }
 *     ck_assert_int_gt(r.nomem, 0);                                                         */
typedef struct refusals {
    long k;     /* the allocation refused in this run */
    bool more;  /* the last run refused one: there may be a later one to refuse */
    int runs;
    int nomem;  /* runs that ended in ACH_ENOMEM */
} refusals;

static bool refusal_next(refusals *r)
{
    if (r->runs > 0 && !r->more) return false;
    ck_assert_int_lt(r->runs, MAX_ALLOCATIONS);
    r->k = r->runs++;
    return true;
}

static void refusal_arm(const refusals *r)
{
    arm(r->k);
}

static void refusal_done(refusals *r, ach_status st)
{
    r->more = disarm();
    r->nomem += st == ACH_ENOMEM;
}

/* ---- fixtures ---------------------------------------------------------------------------- */

/* A small ledger (SPEC §10) with every kind of record the engine books, an escaped quote in a
 * name (the reader unescapes it into its scratch buffer), a refused record and a return. */
static const char ledger_text[] =
    "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"
    "2026-03-02T09:00:00Z,account,ba_1,cus_1,,usd,110000000,000123456789,\"Jane \"\"Q\"\" Public\","
    "individual,,\n"
    "2026-03-02T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"
    "2026-03-02T09:02:00Z,mandate,mandate_1,ba_1,,,,,,,accepted,\n"
    "2026-03-02T10:00:00Z,charge,ch_1,ba_1,5000,usd,,,,,,\n"
    "2026-03-02T10:01:00Z,charge,ch_2,ba_1,7000,usd,,,,,,\n"
    "2026-03-03T10:00:00Z,outcome,,ch_1,,,,,,,succeeded,\n"
    "2026-03-04T10:00:00Z,outcome,,ch_2,,,,,,,R01,\n"
    "2026-03-05T10:00:00Z,refund,re_1,ch_1,1000,usd,,,,,,\n"
    "2026-03-05T11:00:00Z,charge,ch_3,ba_unknown,100,usd,,,,,,\n";

/* Writes `text` to a new temporary file; returns its path (free() it, unlink it). */
static char *temp_file(const char *text, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/ach_api_errors_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
    ck_assert_int_eq(close(fd), 0);
    char *path = __real_malloc(strlen(tmpl) + 1);
    ck_assert_ptr_nonnull(path);
    memcpy(path, tmpl, strlen(tmpl) + 1);
    return path;
}

static ach_ledger_reader *open_ledger(void)
{
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_ledger_reader_open_buffer(&r, ledger_text, sizeof ledger_text - 1, "t.csv",
                                                &err) == ACH_OK,
                  "%s", err.message);
    return r;
}

static ach_recon *engine_new(void)
{
    ach_recon *e = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_recon_new(&e, cal, NULL, &err) == ACH_OK, "%s", err.message);
    return e;
}

/* An engine that has read the whole ledger. */
static ach_recon *engine_read(void)
{
    ach_recon *e = engine_new();
    ach_ledger_reader *r = open_ledger();
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_recon_read(e, r, &err) == ACH_OK, "%s", err.message);
    ach_ledger_reader_free(r);
    return e;
}

/* ---- allocation failures ------------------------------------------------------------------ */

START_TEST(calendar_new_default_out_of_memory)
{
    refusals r = {0};
    while (refusal_next(&r)) {
        ach_calendar *c = NULL;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&r);
        ach_status st = ach_calendar_new_default(&c, &err);
        refusal_done(&r, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ck_assert(st == ACH_OK ? c != NULL : c == NULL);
        ach_calendar_free(c);
    }
    ck_assert_int_gt(r.nomem, 0);
}
END_TEST

START_TEST(calendar_load_buffer_out_of_memory)
{
    static const char ics[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                              "BEGIN:VEVENT\r\nUID:ny@t\r\nSUMMARY:New Year's Day\r\n"
                              "DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\n"
                              "END:VEVENT\r\nEND:VCALENDAR\r\n";
    refusals r = {0};
    while (refusal_next(&r)) {
        ach_calendar *c = NULL;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&r);
        ach_status st = ach_calendar_load_buffer(&c, ics, sizeof ics - 1, "t.ics", NULL, &err);
        refusal_done(&r, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_calendar_free(c);
    }
    ck_assert_int_gt(r.nomem, 0);
}
END_TEST

START_TEST(ledger_open_out_of_memory)
{
    char *path = temp_file(ledger_text, sizeof ledger_text - 1);
    refusals file = {0}, buffer = {0};
    while (refusal_next(&file)) {
        ach_ledger_reader *r = NULL;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&file);
        ach_status st = ach_ledger_reader_open_file(&r, path, &err);
        refusal_done(&file, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_ledger_reader_free(r);
    }
    while (refusal_next(&buffer)) {
        ach_ledger_reader *r = NULL;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&buffer);
        ach_status st = ach_ledger_reader_open_buffer(&r, ledger_text, sizeof ledger_text - 1,
                                                      "t.csv", &err);
        refusal_done(&buffer, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_ledger_reader_free(r);
    }
    unlink(path);
    free(path);
    ck_assert_int_gt(file.nomem, 0);
    ck_assert_int_gt(buffer.nomem, 0);
}
END_TEST

/* The reader allocates its unescaping buffer at the first escaped quote (the first record). */
START_TEST(ledger_next_out_of_memory_is_final)
{
    refusals runs = {0};
    while (refusal_next(&runs)) {
        ach_ledger_reader *r = open_ledger();
        ach_ledger_record rec;
        ach_error err = ACH_ERROR_INIT;
        ach_status st;
        refusal_arm(&runs);
        do st = ach_ledger_next(&rec, r, &err);
        while (st == ACH_OK || st == ACH_ELEDGER_RECORD);
        refusal_done(&runs, st);
        if (st != ACH_LEDGER_END) {
            ck_assert_int_eq(st, ACH_ENOMEM);
            /* final: every later call says so again */
            ck_assert_int_eq(ach_ledger_next(&rec, r, &err), ACH_ENOMEM);
        }
        ach_ledger_reader_free(r);
    }
    ck_assert_int_gt(runs.nomem, 0);
}
END_TEST

START_TEST(nacha_reader_out_of_memory)
{
    char path[1024];
    ach_test_srcpath(path, sizeof path, "tests/data/nacha/ppd-debit.ach");
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char data[8192];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    ck_assert_uint_gt(len, 0);
    refusals made = {0}, opened = {0}, validated = {0};
    while (refusal_next(&made)) {
        ach_nacha_reader *r = NULL;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&made);
        ach_status st = ach_nacha_reader_new(&r, data, len, "ppd-debit.ach", NULL, &err);
        refusal_done(&made, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_nacha_reader_free(r);
    }
    while (refusal_next(&opened)) {
        ach_nacha_reader *r = NULL;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&opened);
        ach_status st = ach_nacha_reader_open(&r, path, NULL, &err);
        refusal_done(&opened, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_nacha_reader_free(r);
    }
    while (refusal_next(&validated)) {
        ach_nacha_summary sum;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&validated);
        ach_status st = ach_nacha_validate(&sum, data, len, "ppd-debit.ach", NULL, &err);
        refusal_done(&validated, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
    }
    ck_assert_int_gt(made.nomem, 0);
    ck_assert_int_gt(opened.nomem, 0);
    ck_assert_int_gt(validated.nomem, 0);
}
END_TEST

START_TEST(recon_new_out_of_memory)
{
    refusals r = {0};
    while (refusal_next(&r)) {
        ach_recon *e = NULL;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&r);
        ach_status st = ach_recon_new(&e, cal, NULL, &err);
        refusal_done(&r, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_recon_free(e);
    }
    ck_assert_int_gt(r.nomem, 0);
}
END_TEST

/* apply and reject, record by record, as the typical loop of ach/ledger.h does. */
START_TEST(recon_apply_and_reject_out_of_memory)
{
    static const char bad[] =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"
        "2026-03-02T09:00:00Z,charge,ch_1,ba_1,12x,usd,,,,,,\n";
    refusals applied = {0}, rejected = {0};
    while (refusal_next(&applied)) {
        ach_recon *e = engine_new();
        ach_ledger_reader *r = open_ledger();
        ach_ledger_record rec;
        ach_error err = ACH_ERROR_INIT;
        ach_status st = ACH_OK;
        /* the reader's own allocations are refused too: then it stops with ACH_ENOMEM */
        refusal_arm(&applied);
        while (ach_ledger_next(&rec, r, &err) == ACH_OK) {
            st = ach_recon_apply(NULL, e, &rec, &err);
            if (st != ACH_OK) break;
        }
        refusal_done(&applied, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_ledger_reader_free(r);
        ach_recon_free(e);
    }
    while (refusal_next(&rejected)) {
        ach_recon *e = engine_new();
        ach_ledger_reader *r = NULL;
        ach_ledger_record rec;
        ach_error why = ACH_ERROR_INIT, err = ACH_ERROR_INIT;
        ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, bad, sizeof bad - 1, "bad.csv", NULL),
                         ACH_OK);
        ck_assert_int_eq(ach_ledger_next(&rec, r, &why), ACH_ELEDGER_RECORD);
        refusal_arm(&rejected);
        ach_status st = ach_recon_reject(e, &rec, &why, &err);
        refusal_done(&rejected, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_ledger_reader_free(r);
        ach_recon_free(e);
    }
    ck_assert_int_gt(applied.nomem, 0);
    ck_assert_int_gt(rejected.nomem, 0);
}
END_TEST

START_TEST(recon_read_out_of_memory)
{
    refusals runs = {0};
    while (refusal_next(&runs)) {
        ach_recon *e = engine_new();
        ach_ledger_reader *r = open_ledger();
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&runs);
        ach_status st = ach_recon_read(e, r, &err);
        refusal_done(&runs, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_ledger_reader_free(r);
        ach_recon_free(e);
    }
    ck_assert_int_gt(runs.nomem, 0);
}
END_TEST

START_TEST(recon_queries_out_of_memory)
{
    ach_recon_return ret;
    memset(&ret, 0, sizeof ret);
    strcpy(ret.trace, "110000000000001");
    strcpy(ret.code, "R01");
    ret.amount = -1;
    ret.at = T(2026, 3, 6, 9, 0, 0);
    refusals returned = {0}, days = {0};
    while (refusal_next(&returned)) {
        ach_recon *e = engine_read();
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&returned);
        ach_status st = ach_recon_apply_return(NULL, e, &ret, &err);
        refusal_done(&returned, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_recon_free(e);
    }
    refusals traced = {0};
    while (refusal_next(&traced)) { /* the first lookup builds the trace index */
        ach_recon *e = engine_read();
        char id[ACH_ID_SIZE];
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&traced);
        ach_status st = ach_recon_charge_by_trace(id, e, "110000000000001", 15, &err);
        refusal_done(&traced, st);
        if (st != ACH_ENOMEM) ck_assert_int_eq(st, ACH_EUNKNOWN_ID); /* no charge had one */
        ach_recon_free(e);
    }
    ck_assert_int_gt(traced.nomem, 0);
    ach_recon *e = engine_read();
    while (refusal_next(&days)) {
        ach_recon_day out[8];
        size_t n = 0;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&days);
        ach_status st = ach_recon_balance_days(out, 8, &n, e, ACH_DATE_NONE, &err);
        refusal_done(&days, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
    }
    ach_recon_free(e);
    ck_assert_int_gt(returned.nomem, 0);
    ck_assert_int_gt(days.nomem, 0);
}
END_TEST

/* Return rates over time (issue 24): each of its two allocations refused in turn. */
START_TEST(recon_rate_days_out_of_memory)
{
    refusals rates = {0};
    ach_recon *e = engine_read();
    while (refusal_next(&rates)) {
        ach_recon_rate_day out[8];
        size_t n = 0;
        ach_error err = ACH_ERROR_INIT;
        refusal_arm(&rates);
        ach_status st = ach_recon_rate_days(out, 8, &n, e, ACH_DATE_NONE, &err);
        refusal_done(&rates, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        else ck_assert_uint_gt(n, 0);
    }
    ach_recon_free(e);
    ck_assert_int_eq(rates.nomem, 2);
}
END_TEST

/* ---- read errors ---------------------------------------------------------------------------- */

/* A descriptor that must be blocking is not: the header is there, the rest of the first record
 * is not yet, so the next read fails with EAGAIN (ach/ledger.h: a read error). */
static void nonblocking_pipe_with_header(int fds[2])
{
    ck_assert_int_eq(pipe(fds), 0);
    static const char part[] =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"
        "2026-03-02T09:00:00Z,acc";
    ck_assert_int_eq(write(fds[1], part, sizeof part - 1), (ssize_t)(sizeof part - 1));
    ck_assert_int_eq(fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK), 0);
    /* the write end stays open (no end of input); the test closes both */
}

START_TEST(ledger_and_recon_read_errors)
{
    int fds[2];
    nonblocking_pipe_with_header(fds);
    ach_ledger_reader *r = NULL;
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_fd(&r, fds[0], "pipe", &err), ACH_OK);
    ck_assert_int_eq(ach_ledger_next(&rec, r, &err), ACH_EIO);
    ck_assert_int_eq(ach_ledger_next(&rec, r, &err), ACH_EIO); /* final */
    ach_ledger_reader_free(r);
    close(fds[0]);
    close(fds[1]);

    nonblocking_pipe_with_header(fds);
    ach_recon *e = engine_new();
    ck_assert_int_eq(ach_ledger_reader_open_fd(&r, fds[0], "pipe", NULL), ACH_OK);
    ck_assert_int_eq(ach_recon_read(e, r, &err), ACH_EIO);
    ach_ledger_reader_free(r);
    ach_recon_free(e);
    close(fds[0]);
    close(fds[1]);

    /* a file that is not there */
    ck_assert_int_eq(ach_ledger_reader_open_file(&r, "/nonexistent/ledger.csv", &err), ACH_EIO);
}
END_TEST

/* ---- ledger: header, NULL arguments and field parsers ------------------------------------ */

START_TEST(ledger_open_file_refusals)
{
    char *path = temp_file("", 0); /* empty: no header */
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_file(&r, path, &err), ACH_ELEDGER_HEADER);
    ck_assert_ptr_null(r);
    unlink(path);
    free(path);
    ck_assert_int_eq(ach_ledger_reader_open_file(NULL, "x.csv", &err), ACH_EINVAL);
    ck_assert_int_eq(ach_ledger_reader_open_file(&r, NULL, &err), ACH_EINVAL);
}
END_TEST

START_TEST(ledger_field_parsers)
{
    ach_ledger_type type;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_type_parse(&type, "Charge", 6, &err), ACH_EPARSE);
    ck_assert_int_eq(ach_ledger_type_parse(&type, "", 0, &err), ACH_EPARSE);
    int64_t pair[2] = {7, 7};
    /* 2^63 = 9223372036854775808 does not fit in int64 */
    ck_assert_int_eq(ach_ledger_pair_parse(pair, "12 9223372036854775808", 22, &err),
                     ACH_EOVERFLOW);
    ck_assert_int_eq(pair[0], 7);
    ck_assert_int_eq(pair[1], 7);
}
END_TEST

/* ---- recon: NULL arguments and dates ------------------------------------------------------ */

START_TEST(recon_null_arguments)
{
    ach_recon *e = engine_read();
    ach_recon_finding f;
    ach_charge ch;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_recon_finding_get(NULL, e, 0, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_finding_get(&f, NULL, 0, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_charge_get(NULL, e, "ch_1", 4, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_charge_get(&ch, NULL, "ch_1", 4, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_read(NULL, NULL, &err), ACH_EINVAL);
    ach_recon_free(e);
}
END_TEST

/* Snapshots (issue 21): every allocation of a save and of a load refused in turn. */
static ach_status snap_write(void *ctx, const void *p, size_t n)
{
    FILE *f = ctx;
    return fwrite(p, 1, n, f) == n ? ACH_OK : ACH_EIO;
}

static ach_status snap_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    *got = fread(buf, 1, cap, (FILE *)ctx);
    return ACH_OK;
}

START_TEST(recon_snapshot_out_of_memory)
{
    ach_recon *e = engine_read();
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    refusals save = {0}, load = {0};
    while (refusal_next(&save)) {
        ach_error err = ACH_ERROR_INIT;
        rewind(f);
        refusal_arm(&save);
        ach_status st = ach_recon_save(e, snap_write, f, &err);
        refusal_done(&save, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
    }
    fflush(f);
    while (refusal_next(&load)) {
        ach_recon *l = NULL;
        ach_error err = ACH_ERROR_INIT;
        rewind(f);
        refusal_arm(&load);
        ach_status st = ach_recon_load(&l, cal, NULL, snap_read, f, &err);
        refusal_done(&load, st);
        if (st != ACH_OK) ck_assert_int_eq(st, ACH_ENOMEM);
        ach_recon_free(l);
    }
    fclose(f);
    ach_recon_free(e);
    ck_assert_int_gt(save.nomem, 0);
    ck_assert_int_gt(load.nomem, 0);
}
END_TEST

/* R-RET-3: a debit returned R01 may be presented again within 180 days of its settlement; near
 * the end of the calendar (1970-2199) that window runs past it. */
START_TEST(recon_retries_outside_the_calendar)
{
    static const char late[] =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"
        "2199-11-02T09:00:00Z,account,ba_1,cus_1,,usd,110000000,000123456789,Jane,individual,,\n"
        "2199-11-02T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"
        "2199-11-02T09:02:00Z,mandate,mandate_1,ba_1,,,,,,,accepted,\n"
        "2199-11-04T10:00:00Z,charge,ch_1,ba_1,5000,usd,,,,,,\n"
        "2199-11-06T10:00:00Z,outcome,,ch_1,,,,,,,R01,\n";
    ach_recon *e = engine_new();
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, late, sizeof late - 1, "late.csv", &err),
                     ACH_OK);
    ck_assert_msg(ach_recon_read(e, r, &err) == ACH_OK, "%s", err.message);
    ach_ledger_reader_free(r);
    ach_recon_report rep;
    ck_assert_int_eq(ach_recon_report_compute(&rep, e, ACH_DATE_NONE, &err), ACH_OK);
    ck_assert_uint_eq(rep.applied, 5);
    ach_recon_retry t[4];
    size_t n = 0;
    ck_assert_int_eq(ach_recon_retries(t, 4, &n, e, D(2199, 12, 31), &err), ACH_ERANGE);
    ach_recon_free(e);
}
END_TEST

/* ---- calendar: dates outside its range (1970-2199) ---------------------------------------- */

START_TEST(calendar_outside_its_range)
{
    ach_date out = 0;
    ach_holiday h[4];
    size_t n = 0;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_calendar_next_business_day(&out, cal, D(2199, 12, 31), &err), ACH_ERANGE);
    ck_assert_int_eq(ach_calendar_next_business_day(&out, cal, D(2250, 1, 1), &err), ACH_ERANGE);
    ck_assert_int_eq(ach_calendar_previous_business_day(&out, cal, D(1970, 1, 1), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(ach_calendar_holidays(h, 4, &n, cal, D(2199, 1, 1), D(2250, 1, 1), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(out, 0);
}
END_TEST

/* ---- rules: the environment's calendar and `at` ------------------------------------------- */

START_TEST(account_verification_outside_the_calendar)
{
    env_reset();
    ach_bank_account a = account_new("ba_1", "110000000", "000123456789", ACH_HOLDER_INDIVIDUAL);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_account_verify_instant(&a, &env, T(2250, 1, 1, 0, 0, 0), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_NEW);
    /* test account: [32, 45] are right; the status change is what needs the calendar */
    ck_assert_int_eq(ach_account_verify_microdeposits(&a, &env, 32, 45, T(2250, 1, 1, 0, 0, 0),
                                                      &err),
                     ACH_ERANGE);
    ck_assert_int_eq(a.status, ACH_ACCOUNT_NEW);
}
END_TEST

START_TEST(charge_outside_the_calendar_and_without_it)
{
    env_reset();
    ach_charge ch = charge_make(5000, T(2026, 3, 2, 10, 0, 0), ACH_HOLDER_COMPANY,
                                ACH_CONNECT_NONE, 0);
    ach_charge saved = ch;
    ach_effects fx;
    ach_timeline tl;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_charge_succeed(&fx, &ch, &env, "ch_1", T(2250, 1, 1, 0, 0, 0), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(ach_charge_fail(&fx, &ch, &env, "ch_1", 1, T(2250, 1, 1, 0, 0, 0), &err),
                     ACH_ERANGE);
    ach_env no_calendar = env;
    no_calendar.calendar = NULL;
    ck_assert_int_eq(ach_charge_succeed(&fx, &ch, &no_calendar, "ch_1", T(2026, 3, 3, 0, 0, 0),
                                        &err),
                     ACH_EINVAL);
    ck_assert_int_eq(memcmp(&saved, &ch, sizeof ch), 0);
    ck_assert_int_eq(ach_charge_apply_outcome(&fx, &ch, &env, "ch_1", "R01", 3,
                                              T(2250, 1, 1, 0, 0, 0), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(ach_charge_apply_outcome(&fx, &ch, &no_calendar, "ch_1", "succeeded", 9,
                                              T(2026, 3, 3, 0, 0, 0), &err),
                     ACH_EINVAL);
    ck_assert_int_eq(ach_charge_timeline(&tl, &ch, NULL, &err), ACH_EINVAL);
    ach_charge odd = ch;
    odd.holder_type = 7;
    ck_assert_int_eq(ach_charge_timeline(&tl, &odd, cal, &err), ACH_EHOLDER_TYPE);
}
END_TEST

/* R-DSP-1: a company's window is 2 business days after processing: none after 2199. */
START_TEST(dispute_refusals)
{
    env_reset();
    ach_charge ch = charge_succeeded(5000, T(2026, 3, 2, 10, 0, 0), ACH_HOLDER_COMPANY,
                                     ACH_CONNECT_NONE, 0);
    ach_charge late = ch;
    late.processing = D(2199, 12, 31);
    ach_date end = 0;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_dispute_window(&end, NULL, &late, cal, 0, &err), ACH_ERANGE);
    ck_assert_int_eq(end, 0);
    char long_id[80];
    memset(long_id, 'd', 64);
    long_id[64] = '\0';
    ach_effects fx;
    ach_dispute d;
    ck_assert_int_eq(ach_dispute_create(&fx, &d, &ch, &env, long_id, "ch_1",
                                        ACH_DISPUTE_INSUFFICIENT_FUNDS,
                                        T(2026, 3, 4, 10, 0, 0), &err),
                     ACH_ETOOLONG);
    ck_assert_str_eq(err.field, "id");
}
END_TEST

/* R-REF-1 .. R-REF-3 as checked without effects. */
START_TEST(refund_check_refusals)
{
    env_reset();
    ach_charge ch = charge_succeeded(5000, T(2026, 3, 2, 10, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                     ACH_CONNECT_NONE, 0);
    ach_charge pending = charge_make(5000, T(2026, 3, 2, 10, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                     ACH_CONNECT_NONE, 0);
    ach_instant at = T(2026, 3, 10, 10, 0, 0);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_refund_check(&ch, 0, at, &err), ACH_EAMOUNT);
    ck_assert_int_eq(ach_refund_check(&ch, ACH_AMOUNT_MAX + 1, at, &err), ACH_EOVERFLOW);
    ck_assert_int_eq(ach_refund_check(&pending, 100, at, &err), ACH_EREFUND_STATE);
    ck_assert_int_eq(ach_refund_check(&ch, 5001, at, &err), ACH_EREFUND_AMOUNT);
    ck_assert_int_eq(ach_refund_check(&ch, 5000, at, &err), ACH_OK);
    ach_effects fx;
    ach_refund re;
    /* inside the refund window, but its processing date would be in 2200 */
    ach_charge last = charge_succeeded(5000, T(2199, 12, 1, 10, 0, 0), ACH_HOLDER_INDIVIDUAL,
                                       ACH_CONNECT_NONE, 0);
    ck_assert_int_eq(ach_refund_create(&fx, &re, &last, &env, "re_1", "ch_1", 100,
                                       T(2199, 12, 31, 23, 0, 0), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(ach_refund_create(&fx, &re, &ch, &env, "re_1", "ch_1", 100, at, &err),
                     ACH_OK);
    ach_env no_calendar = env;
    no_calendar.calendar = NULL;
    ck_assert_int_eq(ach_refund_fail(&fx, &re, &no_calendar, at, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_refund_fail(&fx, &re, &env, T(2250, 1, 1, 0, 0, 0), &err), ACH_ERANGE);
    ck_assert_int_eq(re.status, ACH_REFUND_PENDING);
}
END_TEST

/* ---- returns, NACHA ------------------------------------------------------------------------- */

START_TEST(returns_and_nacha_null_arguments)
{
    ach_noc_correction c;
    ach_nacha_noc noc;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_noc_correction_parse(NULL, "C01", "12345", 5, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_noc_correction_parse(&c, NULL, "12345", 5, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_nacha_noc_from_record(&noc, NULL, &err), ACH_EINVAL);
    ach_nacha_record rec;
    memset(&rec, 0, sizeof rec);
    ck_assert_int_eq(ach_nacha_noc_from_record(&noc, &rec, &err), ACH_EINVAL);
}
END_TEST

/* ---- Financial Connections ---------------------------------------------------------------- */

static ach_fc_account linked_account(void)
{
    ach_fc_account a;
    memset(&a, 0, sizeof a);
    strcpy(a.id, "fca_1");
    a.category = ACH_FC_CATEGORY_CASH;
    a.subcategory = ACH_FC_SUB_CHECKING;
    strcpy(a.last4, "6789");
    a.status = ACH_FC_STATUS_ACTIVE;
    a.permissions = ACH_FC_PERMISSIONS_ALL;
    a.account_number.kind = ACH_FC_NUMBER_REAL;
    strcpy(a.account_number.value, "000123456789");
    a.routing_number.kind = ACH_FC_NUMBER_REAL;
    strcpy(a.routing_number.value, "110000000");
    return a;
}

START_TEST(fc_malformed_numbers)
{
    env_reset();
    ach_bank_account bank = account_new("ba_1", "110000000", "000123456789",
                                        ACH_HOLDER_INDIVIDUAL);
    char acct[ACH_FC_ACCOUNT_NUMBER_BUF], rout[ACH_FC_ROUTING_NUMBER_BUF];
    ach_error err = ACH_ERROR_INIT;

    ach_fc_account a = linked_account();
    ck_assert_int_eq(ach_fc_verify_bank_account(&bank, &env, &a, T(2250, 1, 1, 0, 0, 0), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(bank.status, ACH_ACCOUNT_NEW);

    /* a number field without its NUL */
    a = linked_account();
    memset(a.account_number.value, '1', sizeof a.account_number.value);
    ck_assert_int_eq(ach_fc_account_routable(acct, rout, &a, &err), ACH_EFC);
    ck_assert_str_eq(err.field, "account_number");

    /* R-ACC-2 through Financial Connections: a 3-digit account number, a bad checksum */
    a = linked_account();
    strcpy(a.account_number.value, "789");
    ck_assert_int_eq(ach_fc_verify_bank_account(&bank, &env, &a, T(2026, 3, 2, 9, 0, 0), &err),
                     ACH_EACCOUNT_LENGTH);
    ach_fc_session s;
    memset(&s, 0, sizeof s);
    strcpy(s.id, "fcsess_1");
    strcpy(s.customer, "cus_1");
    s.permissions = ACH_FC_PERMISSIONS_ALL;
    s.accounts = &a;
    s.account_count = 1;
    ck_assert_int_eq(ach_fc_session_validate(&s, &err), ACH_EACCOUNT_LENGTH);
    a = linked_account();
    strcpy(a.routing_number.value, "110000001");
    ck_assert_int_eq(ach_fc_verify_bank_account(&bank, &env, &a, T(2026, 3, 2, 9, 0, 0), &err),
                     ACH_EROUTING_CHECKSUM);
    ck_assert_int_eq(ach_fc_session_validate(&s, &err), ACH_EROUTING_CHECKSUM);
    ck_assert_int_eq(bank.status, ACH_ACCOUNT_NEW);
}
END_TEST

START_TEST(fc_name_match_too_long)
{
    char name[ACH_NAME_MAX_INPUT + 2];
    memset(name, 'A', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    ach_fc_match m;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_fc_name_match(&m, name, sizeof name - 1, "Jane", 4, &err),
                     ACH_ENAME_TOOLONG);
    ck_assert_str_eq(err.field, "customer_name");
}
END_TEST

static Suite *api_errors_suite(void)
{
    Suite *s = suite_create("api_errors");
    TCase *tc = tcase_create("allocation");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, calendar_new_default_out_of_memory);
    tcase_add_test(tc, calendar_load_buffer_out_of_memory);
    tcase_add_test(tc, ledger_open_out_of_memory);
    tcase_add_test(tc, ledger_next_out_of_memory_is_final);
    tcase_add_test(tc, nacha_reader_out_of_memory);
    tcase_add_test(tc, recon_new_out_of_memory);
    tcase_add_test(tc, recon_apply_and_reject_out_of_memory);
    tcase_add_test(tc, recon_read_out_of_memory);
    tcase_add_test(tc, recon_queries_out_of_memory);
    tcase_add_test(tc, recon_rate_days_out_of_memory);
    suite_add_tcase(s, tc);
    tc = tcase_create("refusals");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_test(tc, ledger_and_recon_read_errors);
    tcase_add_test(tc, ledger_open_file_refusals);
    tcase_add_test(tc, ledger_field_parsers);
    tcase_add_test(tc, recon_null_arguments);
    tcase_add_test(tc, recon_retries_outside_the_calendar);
    tcase_add_test(tc, recon_snapshot_out_of_memory);
    tcase_add_test(tc, calendar_outside_its_range);
    tcase_add_test(tc, account_verification_outside_the_calendar);
    tcase_add_test(tc, charge_outside_the_calendar_and_without_it);
    tcase_add_test(tc, dispute_refusals);
    tcase_add_test(tc, refund_check_refusals);
    tcase_add_test(tc, returns_and_nacha_null_arguments);
    tcase_add_test(tc, fc_malformed_numbers);
    tcase_add_test(tc, fc_name_match_too_long);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(api_errors_suite)
