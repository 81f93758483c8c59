/* SPDX-License-Identifier: Apache-2.0 */
/* NACHA file reader and validator (SPEC §12, R-RET-1, R-RET-4, R-SEC-1).
 *
 * The fixtures in tests/data/nacha/ are written by make_fixtures.py from the record layouts of
 * the Nacha Operating Rules, with controls computed by that script (not by this library), and
 * real published routing numbers. Each invalid fixture is a valid file with one defect and must
 * raise exactly that one finding. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <errno.h>
#include <unistd.h>
#include "testing.h"

#define MAX_FINDINGS 32

typedef struct collected {
    size_t n;
    ach_nacha_finding f[MAX_FINDINGS];
} collected;

static void collect(const ach_nacha_finding *f, void *ctx)
{
    collected *c = ctx;
    if (c->n < MAX_FINDINGS) c->f[c->n] = *f;
    c->n++;
}

static const char *fixture(char *buf, size_t cap, const char *name)
{
    char rel[128];
    snprintf(rel, sizeof rel, "tests/data/nacha/%s", name);
    return ach_test_srcpath(buf, cap, rel);
}

/* Reads a fixture into memory (the caller frees it). */
static char *slurp(const char *name, size_t *len)
{
    char path[512];
    FILE *f = fopen(fixture(path, sizeof path, name), "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *data = malloc(1 << 16);
    ck_assert_ptr_nonnull(data);
    *len = fread(data, 1, 1 << 16, f);
    fclose(f);
    return data;
}

static ach_nacha_summary validate_file(const char *name, collected *c)
{
    char path[512];
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.on_finding = collect;
    opts.ctx = c;
    ach_nacha_summary s;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_nacha_validate_file(&s, fixture(path, sizeof path, name), &opts, &err) ==
                      ACH_OK, "%s: %s", name, err.message);
    return s;
}

static ach_nacha_summary validate_buffer(const char *data, size_t len, collected *c)
{
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.on_finding = collect;
    opts.ctx = c;
    ach_nacha_summary s;
    ck_assert_int_eq(ach_nacha_validate(&s, data, len, "buffer", &opts, NULL), ACH_OK);
    return s;
}

static void print_findings(const char *name, const collected *c)
{
    for (size_t i = 0; i < c->n && i < MAX_FINDINGS; i++) {
        char line[256];
        ach_nacha_finding_format(line, sizeof line, &c->f[i]);
        fprintf(stderr, "%s: %s\n", name, line);
    }
}

/* ---- valid files -------------------------------------------------------------------------- */

static const char *const valid[] = {
    "ppd-debit.ach", "ccd-debit.ach", "web-debit.ach", "mixed-batches.ach", "returns.ach",
    "noc.ach", "ppd-debit-crlf.ach", "ppd-debit-unbroken.ach", "ppd-debit-no-final-newline.ach",
    /* NACHA II (issue 19): ATX with 2 addenda 05 counted in 55-58, ENR with a blank effective
     * date, a refused NOC (C61), TEL debits. */
    "atx-addenda.ach", "enr-blank-date.ach", "refused-noc.ach", "tel-debit.ach",
    "pos-terminal.ach", /* a POS debit with its addenda 02 (terminal location) */
    "adv.ach",          /* automated accounting advices: their own layouts, 20-digit totals */
    /* IAT: addenda 10-16; with 17 and 18; a return (99 with the original amount); a NOC */
    "iat-debit.ach", "iat-remittance.ach", "iat-return.ach", "iat-noc.ach",
};

START_TEST(valid_files_have_no_findings)
{
    collected c = {0};
    ach_nacha_summary s = validate_file(valid[_i], &c);
    if (c.n) print_findings(valid[_i], &c);
    ck_assert_msg(c.n == 0, "%s: %zu findings", valid[_i], c.n);
    ck_assert_uint_eq(s.findings, 0);
    ck_assert_uint_eq(s.records % ACH_NACHA_BLOCKING_FACTOR, 0);
}
END_TEST

/* Summary counts against the fixtures' own controls. */
START_TEST(summaries_count_what_the_controls_say)
{
    collected c = {0};
    ach_nacha_summary s = validate_file("ppd-debit.ach", &c);
    ck_assert_uint_eq(s.records, 10);
    ck_assert_uint_eq(s.batches, 1);
    ck_assert_uint_eq(s.entries, 3);
    ck_assert_uint_eq(s.addenda, 1);
    ck_assert_int_eq(s.total_debit, 17499);
    ck_assert_int_eq(s.total_credit, 0);
    ck_assert_int_eq(s.layout, ACH_NACHA_LINES);
    ck_assert_uint_eq(s.bytes, 950);
    s = validate_file("mixed-batches.ach", &c);
    ck_assert_uint_eq(s.batches, 2);
    ck_assert_int_eq(s.total_debit, 4999);
    ck_assert_int_eq(s.total_credit, 2500 + 10000 + 777);
    s = validate_file("returns.ach", &c);
    ck_assert_uint_eq(s.returns, 3);
    ck_assert_uint_eq(s.nocs, 0);
    s = validate_file("noc.ach", &c);
    ck_assert_uint_eq(s.nocs, 3);
    s = validate_file("ppd-debit-unbroken.ach", &c);
    ck_assert_int_eq(s.layout, ACH_NACHA_UNBROKEN);
    ck_assert_uint_eq(s.bytes, 940);
    ck_assert_uint_eq(c.n, 0);
}
END_TEST

static bool text_is(ach_nacha_text t, const char *s)
{
    return t.len == strlen(s) && memcmp(t.ptr, s, t.len) == 0;
}

#define ck_text(t, s) ck_assert_msg(text_is((t), (s)), "'%.*s' != '%s'", (int)(t).len, (t).ptr, (s))

/* Every record of ppd-debit.ach, parsed. */
START_TEST(records_are_parsed_field_by_field)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    ach_nacha_reader *r = NULL;
    ck_assert_int_eq(ach_nacha_reader_new(&r, data, len, "ppd-debit.ach", NULL, NULL), ACH_OK);
    ach_nacha_record rec;

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_FILE_HEADER);
    ck_assert_uint_eq(rec.number, 1);
    ck_assert_uint_eq(rec.offset, 0);
    ck_text(rec.file_header.immediate_destination, "091000019");
    ck_text(rec.file_header.immediate_origin, "1234567890");
    ck_assert_int_eq(rec.file_header.creation_date, D(2026, 11, 23));
    ck_assert_int_eq(rec.file_header.creation_time, 1015);
    ck_assert_int_eq(rec.file_header.file_id_modifier, 'A');
    ck_text(rec.file_header.destination_name, "WELLS FARGO BANK");
    ck_text(rec.file_header.origin_name, "ACME GYM LLC");
    ck_text(rec.file_header.reference_code, "");

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_BATCH_HEADER);
    ck_assert_uint_eq(rec.offset, 95);
    const ach_nacha_batch_header *h = &rec.batch_header;
    ck_assert_int_eq(h->service_class, 225);
    ck_text(h->company_name, "ACME GYM");
    ck_text(h->company_id, "1234567890");
    ck_assert_str_eq(h->sec, "PPD");
    ck_text(h->entry_description, "MEMBERSHIP");
    ck_assert_int_eq(h->effective_date, D(2026, 11, 24));
    ck_assert_int_eq(h->settlement_date, ACH_DATE_NONE);
    ck_assert_int_eq(h->originator_status, '1');
    ck_assert_int_eq(h->odfi, 9100001);
    ck_assert_int_eq(h->batch_number, 1);

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_ENTRY);
    ck_assert_ptr_nonnull(rec.batch);
    ck_assert_str_eq(rec.batch->sec, "PPD");
    const ach_nacha_entry *e = &rec.entry_detail;
    ck_assert_int_eq(e->transaction_code, 27);
    ck_text(e->rdfi_routing, "021000021");
    ck_assert_int_eq(e->rdfi, 2100002);
    ck_text(e->account, "000123456789");
    ck_assert_int_eq(e->amount, 12500);
    ck_text(e->individual_id, "CUST-0001");
    ck_text(e->individual_name, "JANE DOE");
    ck_assert(e->has_addenda);
    ck_assert(e->debit);
    ck_assert_int_eq(e->trace_number, 91000010000001);
    ck_text(e->trace, "091000010000001");

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_ADDENDA);
    ck_assert_ptr_nonnull(rec.entry);
    ck_assert_int_eq(rec.entry->amount, 12500);
    ck_assert_int_eq(rec.addenda.type, 5);
    ck_text(rec.addenda.payment_info, "MEMBERSHIP NOVEMBER 2026");
    ck_assert_int_eq(rec.addenda.sequence, 1);
    ck_assert_int_eq(rec.addenda.entry_sequence, 1);

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.entry_detail.transaction_code, 37);
    ck_assert(!rec.entry_detail.has_addenda);
    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.entry_detail.transaction_code, 28);
    ck_assert_int_eq(rec.entry_detail.amount, 0);

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_BATCH_CONTROL);
    ck_assert_int_eq(rec.batch_control.entry_addenda_count, 4);
    ck_assert_int_eq(rec.batch_control.entry_hash, 46427188); /* 02100002+12100024+32227162 */
    ck_assert_int_eq(rec.batch_control.total_debit, 17499);
    ck_assert_int_eq(rec.batch_control.total_credit, 0);

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_FILE_CONTROL);
    ck_assert_int_eq(rec.file_control.batch_count, 1);
    ck_assert_int_eq(rec.file_control.block_count, 1);
    ck_assert_int_eq(rec.file_control.entry_addenda_count, 4);

    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        ck_assert_int_eq(rec.type, ACH_NACHA_PADDING);
    }
    for (int i = 0; i < 2; i++) { /* END, and END again */
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        ck_assert_int_eq(rec.type, ACH_NACHA_END);
        ck_assert_uint_eq(rec.number, 11);
    }
    ach_nacha_summary s;
    ach_nacha_reader_summary(&s, r);
    ck_assert_uint_eq(s.findings, 0);
    ach_nacha_reader_free(r);
    free(data);
}
END_TEST

/* The \n, \r\n, no-line-break and no-final-newline forms read as the same records. */
START_TEST(line_break_variants_read_alike)
{
    static const char *variants[] = {"ppd-debit-crlf.ach", "ppd-debit-unbroken.ach",
                                     "ppd-debit-no-final-newline.ach"};
    size_t blen;
    char *base = slurp("ppd-debit.ach", &blen);
    for (size_t v = 0; v < 3; v++) {
        size_t len;
        char *data = slurp(variants[v], &len);
        ach_nacha_reader *a = NULL, *b = NULL;
        ck_assert_int_eq(ach_nacha_reader_new(&a, base, blen, NULL, NULL, NULL), ACH_OK);
        ck_assert_int_eq(ach_nacha_reader_new(&b, data, len, NULL, NULL, NULL), ACH_OK);
        ach_nacha_record ra, rb;
        do {
            ck_assert_int_eq(ach_nacha_next(&ra, a, NULL), ACH_OK);
            ck_assert_int_eq(ach_nacha_next(&rb, b, NULL), ACH_OK);
            ck_assert_int_eq(ra.type, rb.type);
            ck_assert_uint_eq(ra.number, rb.number);
            if (ra.type == ACH_NACHA_END) break;
            ck_assert_uint_eq(rb.raw.len, ACH_NACHA_RECORD_SIZE);
            ck_assert(memcmp(ra.raw.ptr, rb.raw.ptr, ACH_NACHA_RECORD_SIZE) == 0);
            if (ra.type == ACH_NACHA_ENTRY) {
                ck_assert_int_eq(ra.entry_detail.amount, rb.entry_detail.amount);
                ck_assert_int_eq(ra.entry_detail.trace_number, rb.entry_detail.trace_number);
            }
        } while (1);
        ach_nacha_summary s;
        ach_nacha_reader_summary(&s, b);
        ck_assert_uint_eq(s.findings, 0);
        ach_nacha_reader_free(a);
        ach_nacha_reader_free(b);
        free(data);
    }
    free(base);
}
END_TEST

/* ---- returns and NOCs --------------------------------------------------------------------- */

START_TEST(returns_are_values_with_their_meaning)
{
    char path[512];
    ach_nacha_reader *r = NULL;
    ck_assert_int_eq(ach_nacha_reader_open(&r, fixture(path, sizeof path, "returns.ach"), NULL,
                                           NULL), ACH_OK);
    ach_nacha_return got[4];
    size_t n = 0;
    ach_nacha_record rec;
    for (;;) {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        if (rec.type == ACH_NACHA_END) break;
        if (rec.type == ACH_NACHA_ADDENDA && rec.addenda.type == 99) {
            ck_assert_uint_lt(n, 4);
            ck_assert_int_eq(ach_nacha_return_from_record(&got[n++], &rec, NULL), ACH_OK);
        } else {
            ach_nacha_return x;
            ck_assert_int_eq(ach_nacha_return_from_record(&x, &rec, NULL), ACH_EINVAL);
        }
    }
    ach_nacha_reader_free(r);
    ck_assert_uint_eq(n, 3);

    ck_assert_str_eq(got[0].info.code, "R01");
    ck_assert_str_eq(got[0].reason->title, "Insufficient Funds");
    ck_assert_str_eq(got[0].info.trace, "021000020000101");
    ck_assert_str_eq(got[0].info.original_trace, "091000010000001");
    ck_assert_str_eq(got[0].info.original_rdfi, "02100002");
    ck_assert_int_eq(got[0].info.amount, 12500);
    ck_assert_int_eq(got[0].info.transaction_code, 26);
    ck_assert_str_eq(got[0].info.account_last4, "6789");
    ck_assert_str_eq(got[0].info.individual_name, "JANE DOE");
    ck_assert_str_eq(got[0].info.company_name, "ACME GYM");
    ck_assert_str_eq(got[0].info.sec, "PPD");
    ck_assert_int_eq(got[0].info.effective_date, D(2026, 11, 25));
    ck_assert_int_eq(got[0].info.settlement_date, D(2026, 11, 25)); /* Julian 329 of 2026 */
    ck_assert_int_eq(got[0].date_of_death, ACH_DATE_NONE);
    ck_assert_uint_eq(got[0].info.record, 4);

    ck_assert_str_eq(got[1].info.code, "R10");
    ck_assert_int_eq(got[1].reason->category, ACH_RETURN_UNAUTHORIZED);
    ck_assert_str_eq(got[1].addenda_info, "NOT AUTHORIZED");
    ck_assert_int_eq(got[1].info.amount, 3000);
    ck_assert_str_eq(got[2].info.code, "R03");
    ck_assert_int_eq(got[2].reason->category, ACH_RETURN_ADMINISTRATIVE);
    ck_assert_str_eq(got[2].info.original_trace, "091000010000002");
    ck_assert_int_eq(got[2].info.transaction_code, 36);

    /* R-RET-1 on a value read from a file: the R01 debit settled Tue 2026-11-24 and came back
     * on 2026-11-25, inside its two banking days. */
    ach_calendar *cal = NULL;
    ck_assert_int_eq(ach_calendar_new_default(&cal, NULL), ACH_OK);
    ach_return_window w;
    ck_assert_int_eq(ach_return_window_check(&w, cal, got[0].info.code, D(2026, 11, 24),
                                             got[0].info.settlement_date, NULL), ACH_OK);
    ck_assert(!w.late);
    ach_calendar_free(cal);
}
END_TEST

START_TEST(nocs_are_values_and_describe_masked)
{
    size_t len;
    char *data = slurp("noc.ach", &len);
    ach_nacha_reader *r = NULL;
    ck_assert_int_eq(ach_nacha_reader_new(&r, data, len, NULL, NULL, NULL), ACH_OK);
    ach_nacha_noc got[4];
    size_t n = 0;
    ach_nacha_record rec;
    do {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        if (rec.type == ACH_NACHA_ADDENDA) {
            ck_assert_uint_lt(n, 4);
            ck_assert_int_eq(ach_nacha_noc_from_record(&got[n++], &rec, NULL), ACH_OK);
            ach_nacha_return x;
            ck_assert_int_eq(ach_nacha_return_from_record(&x, &rec, NULL), ACH_EINVAL);
        }
    } while (rec.type != ACH_NACHA_END);
    ach_nacha_reader_free(r);
    free(data);
    ck_assert_uint_eq(n, 3);
    char d[ACH_NACHA_NOC_DESCRIBE_SIZE];
    ck_assert_str_eq(got[0].info.code, "C01");
    ck_assert_str_eq(got[0].change->title, "Incorrect DFI Account Number");
    ck_assert_str_eq(got[0].info.original_trace, "091000010000001");
    ck_assert_str_eq(got[0].info.account_last4, "6789");
    ck_assert_str_eq(got[0].corrected_data, "000123456780");
    ck_assert_str_eq(ach_nacha_noc_describe(d, &got[0]), "account ****6780");
    ck_assert_int_eq(got[0].info.settlement_date, D(2026, 11, 25));
    ck_assert_str_eq(ach_nacha_noc_describe(d, &got[1]), "transaction code 37");
    ck_assert_str_eq(got[2].info.code, "C03");
    ck_assert_str_eq(ach_nacha_noc_describe(d, &got[2]), "routing 026009593, account ****7665");
    /* R-RET-4: received on Wed 2026-11-25, to apply by the 6th banking day (Thanksgiving). */
    ach_calendar *cal = NULL;
    ck_assert_int_eq(ach_calendar_new_default(&cal, NULL), ACH_OK);
    ach_date by;
    ck_assert_int_eq(ach_noc_deadline(&by, cal, got[0].info.settlement_date, NULL), ACH_OK);
    ck_assert_int_eq(by, D(2026, 12, 4));
    ck_assert_int_eq(ach_nacha_received_date(&got[0].info), D(2026, 11, 25));
    ck_assert_int_eq(ach_nacha_noc_apply_by(&by, &got[0], cal, NULL), ACH_OK);
    ck_assert_int_eq(by, D(2026, 12, 4));
    /* an unsettled file counts from the effective date; a batch with no date has no deadline */
    ach_nacha_noc unsettled = got[0];
    unsettled.info.settlement_date = ACH_DATE_NONE;
    unsettled.info.effective_date = D(2026, 11, 24);
    ck_assert_int_eq(ach_nacha_received_date(&unsettled.info), D(2026, 11, 24));
    ck_assert_int_eq(ach_nacha_noc_apply_by(&by, &unsettled, cal, NULL), ACH_OK);
    ck_assert_int_eq(by, D(2026, 12, 3));
    unsettled.info.effective_date = ACH_DATE_NONE;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_nacha_noc_apply_by(&by, &unsettled, cal, &err), ACH_ENOTFOUND);
    ck_assert_int_eq(by, ACH_DATE_NONE);
    ck_assert_str_eq(err.field, "settlement_date");
    ck_assert_int_eq(ach_nacha_noc_apply_by(&by, &got[0], NULL, NULL), ACH_EINVAL);
    unsettled.info.effective_date = D(9999, 12, 31); /* beyond the calendar */
    ck_assert_int_eq(ach_nacha_noc_apply_by(&by, &unsettled, cal, NULL), ACH_ERANGE);
    ach_calendar_free(cal);
    /* Corrected data that does not fit its code is masked whole. */
    ach_nacha_noc odd = got[0];
    strcpy(odd.info.code, "C99");
    ck_assert_str_eq(ach_nacha_noc_describe(d, &odd), "corrected data ****6780");
}
END_TEST

/* ---- invalid files: one defect, one finding ----------------------------------------------- */

struct bad_case {
    const char *file;
    ach_nacha_check check;
    uint32_t record, column;
    const char *field, *expected, *found;
};

static const struct bad_case bad[] = {
    {"bad-record-length.ach", ACH_NACHA_CHECK_RECORD_LENGTH, 5, 95, "record", "94 characters",
     "95 characters"},
    {"bad-record-type.ach", ACH_NACHA_CHECK_RECORD_TYPE, 7, 1, "record type code",
     "1, 5, 6, 7, 8 or 9", "4"},
    {"bad-record-order.ach", ACH_NACHA_CHECK_RECORD_ORDER, 7, 1, "record type code",
     "entry detail (6), addenda (7) or batch control (8)", "file control (9)"},
    {"bad-missing-file-header.ach", ACH_NACHA_CHECK_RECORD_ORDER, 1, 1, "record type code",
     "file header (1)", "batch header (5)"},
    {"bad-truncated.ach", ACH_NACHA_CHECK_RECORD_ORDER, 7, 0, "record type code",
     "batch control (8)", "end of file"},
    {"bad-numeric.ach", ACH_NACHA_CHECK_NUMERIC, 5, 35, "amount", "10 digits", "00000A4999"},
    {"bad-alphanumeric.ach", ACH_NACHA_CHECK_ALPHANUMERIC, 5, 58, "individual name",
     "printable ASCII", "JOS\\xE9 MULLER"},
    {"bad-required.ach", ACH_NACHA_CHECK_REQUIRED, 2, 5, "company name", "a value", "(blank)"},
    {"bad-blank.ach", ACH_NACHA_CHECK_BLANK, 7, 74, "reserved", "blanks", "XXXXXX"},
    {"bad-date.ach", ACH_NACHA_CHECK_DATE, 2, 70, "effective entry date", "a date YYMMDD",
     "261332"},
    {"bad-value.ach", ACH_NACHA_CHECK_VALUE, 1, 35, "record size", "094", "095"},
    {"bad-check-digit.ach", ACH_NACHA_CHECK_CHECK_DIGIT, 3, 12, "check digit", "1", "2"},
    {"bad-destination-check-digit.ach", ACH_NACHA_CHECK_CHECK_DIGIT, 1, 13,
     "immediate destination", "9", "8"},
    {"bad-transaction-code.ach", ACH_NACHA_CHECK_TRANSACTION_CODE, 5, 2, "transaction code",
     "a NACHA transaction code", "25"},
    {"bad-service-class-mix.ach", ACH_NACHA_CHECK_TRANSACTION_CODE, 5, 2, "transaction code",
     "a debit (service class 225)", "32"},
    {"bad-service-class.ach", ACH_NACHA_CHECK_SERVICE_CLASS, 2, 2, "service class code",
     "200, 220 or 225 (280 is for ADV batches)", "280"},
    {"bad-sec-code.ach", ACH_NACHA_CHECK_SEC_CODE, 2, 51, "standard entry class code",
     "a NACHA SEC code", "XYZ"},
    {"bad-prenote-amount.ach", ACH_NACHA_CHECK_AMOUNT, 6, 30, "amount",
     "0000000000 (prenote or zero-dollar entry)", "0000000100"},
    {"bad-addenda-indicator.ach", ACH_NACHA_CHECK_ADDENDA_INDICATOR, 3, 79,
     "addenda record indicator", "1 (an addenda follows)", "0"},
    {"bad-addenda-missing.ach", ACH_NACHA_CHECK_ADDENDA_INDICATOR, 5, 79,
     "addenda record indicator", "0 (no addenda follows)", "1"},
    {"bad-addenda-type.ach", ACH_NACHA_CHECK_ADDENDA_TYPE, 4, 2, "addenda type code",
     "05, 98 or 99 (02 is for MTE, POS and SHR)", "02"},
    {"bad-addenda-type-batch.ach", ACH_NACHA_CHECK_ADDENDA_TYPE, 4, 2, "addenda type code",
     "05 or 99 (98 is for COR batches)", "98"},
    {"bad-addenda-count.ach", ACH_NACHA_CHECK_ADDENDA_COUNT, 5, 1, "addenda record",
     "at most 1 addenda for PPD", "2"},
    {"bad-addenda-sequence.ach", ACH_NACHA_CHECK_ADDENDA_SEQUENCE, 4, 84,
     "addenda sequence number", "0001", "0002"},
    {"bad-addenda-entry-sequence.ach", ACH_NACHA_CHECK_TRACE_NUMBER, 4, 88,
     "entry detail sequence number", "0000001", "0000009"},
    {"bad-trace-prefix.ach", ACH_NACHA_CHECK_TRACE_NUMBER, 3, 80, "trace number",
     "starting with the ODFI 09100001", "021000020000001"},
    {"bad-trace-order.ach", ACH_NACHA_CHECK_TRACE_ORDER, 6, 80, "trace number",
     "greater than 091000010000003", "091000010000002"},
    {"bad-batch-number.ach", ACH_NACHA_CHECK_BATCH_NUMBER, 6, 88, "batch number",
     "greater than 0000001", "0000001"},
    {"bad-control-mismatch.ach", ACH_NACHA_CHECK_CONTROL_MISMATCH, 7, 45,
     "company identification", "1234567890", "1234567899"},
    {"bad-entry-count.ach", ACH_NACHA_CHECK_ENTRY_COUNT, 7, 5, "entry/addenda count", "000004",
     "000005"},
    {"bad-entry-hash.ach", ACH_NACHA_CHECK_ENTRY_HASH, 7, 11, "entry hash", "0046427188",
     "0046427189"},
    {"bad-total-debit.ach", ACH_NACHA_CHECK_TOTAL_DEBIT, 7, 21, "total debit entry dollar amount",
     "000000017499", "000000017500"},
    {"bad-total-credit.ach", ACH_NACHA_CHECK_TOTAL_CREDIT, 7, 33,
     "total credit entry dollar amount", "000000000000", "000000000001"},
    {"bad-batch-count.ach", ACH_NACHA_CHECK_BATCH_COUNT, 8, 2, "batch count", "000001", "000002"},
    {"bad-block-count.ach", ACH_NACHA_CHECK_BLOCK_COUNT, 8, 8, "block count", "000001", "000002"},
    {"bad-padding.ach", ACH_NACHA_CHECK_PADDING, 9, 0, "padding",
     "2 all-9 records (to a multiple of 10 records)", "0"},
    {"bad-return-code.ach", ACH_NACHA_CHECK_RETURN_CODE, 4, 4, "return reason code",
     "a return reason code R01-R85", "R99"},
    {"bad-return-trace.ach", ACH_NACHA_CHECK_TRACE_NUMBER, 6, 80, "trace number",
     "021000020000102 (the entry's)", "021000020000109"},
    {"bad-return-transaction-code.ach", ACH_NACHA_CHECK_TRANSACTION_CODE, 3, 2,
     "transaction code", "a return code (x1 or x6) for a return entry", "27"},
    {"bad-change-code.ach", ACH_NACHA_CHECK_CHANGE_CODE, 6, 4, "change code",
     "a change code C01-C14 or C61-C69", "C99"},
    {"bad-noc-amount.ach", ACH_NACHA_CHECK_AMOUNT, 3, 30, "amount", "0000000000 (NOC)",
     "0000000100"},
    /* NACHA II (issue 19) item 1: the layout rules per SEC code. */
    {"bad-zero-company-name.ach", ACH_NACHA_CHECK_REQUIRED, 2, 5, "company name",
     "a value (not all zeros)", "all zeros"},
    {"bad-zero-entry-description.ach", ACH_NACHA_CHECK_REQUIRED, 2, 54,
     "company entry description", "a value (not all zeros)", "all zeros"},
    {"bad-tel-credit.ach", ACH_NACHA_CHECK_TRANSACTION_CODE, 3, 2, "transaction code",
     "a debit code (TEL is debits only)", "22"},
    {"bad-tel-name.ach", ACH_NACHA_CHECK_REQUIRED, 3, 55, "individual name",
     "the receiver's name (required for TEL)", "(blank)"},
    {"bad-ppd-zero-name.ach", ACH_NACHA_CHECK_REQUIRED, 5, 55, "individual name",
     "the receiver's name (required for PPD)", "all zeros"},
    {"bad-atx-count.ach", ACH_NACHA_CHECK_ADDENDA_COUNT, 3, 55, "number of addenda records",
     "0002 (the addenda that follow)", "0003"},
    {"bad-addenda02-date.ach", ACH_NACHA_CHECK_DATE, 4, 26, "transaction date",
     "a month and day MMDD", "1332"},
    {"bad-adv-transaction-code.ach", ACH_NACHA_CHECK_TRANSACTION_CODE, 3, 2, "transaction code",
     "81-88 (ADV)", "27"},
    {"bad-refused-noc-change-code.ach", ACH_NACHA_CHECK_CHANGE_CODE, 4, 65, "change code",
     "a change code C01-C14", "C99"},
    /* Item 4: strict where the layout says so, whatever a tolerant reader accepts. An effective
     * entry date of zeros or blanks is only ENR's; an addenda 98 (like a 99, bad-return-trace)
     * repeats its entry's trace number; a return carries a return transaction code
     * (bad-return-transaction-code); controls add up (bad-entry-hash, bad-total-debit, ...). */
    {"bad-effective-zeros.ach", ACH_NACHA_CHECK_DATE, 2, 70, "effective entry date",
     "a date YYMMDD", "000000"},
    {"bad-effective-blank.ach", ACH_NACHA_CHECK_DATE, 2, 70, "effective entry date",
     "a date YYMMDD", "(blank)"},
    {"bad-noc-trace.ach", ACH_NACHA_CHECK_TRACE_NUMBER, 4, 80, "trace number",
     "021000020000201 (the entry's)", "021000020000209"},
    /* IAT (issue 19): addenda 10-16 in order, each with its entry's sequence number; 17 and 18
     * numbered 1, 2, ...; no other addenda types in IAT batches, nor 10-18 elsewhere; the IAT
     * return's original amount (36-45) is numeric. */
    {"bad-iat-order.ach", ACH_NACHA_CHECK_ADDENDA_SEQUENCE, 7, 2, "addenda type code",
     "the IAT addenda 10-16 in order", "12"},
    {"bad-iat-entry-sequence.ach", ACH_NACHA_CHECK_TRACE_NUMBER, 9, 88,
     "entry detail sequence number", "0000001", "0000009"},
    {"bad-iat-remittance-sequence.ach", ACH_NACHA_CHECK_ADDENDA_SEQUENCE, 12, 84,
     "addenda sequence number", "0002", "0001"},
    {"bad-iat-addenda-type.ach", ACH_NACHA_CHECK_ADDENDA_TYPE, 11, 2, "addenda type code",
     "10-18 or 99 (IAT batch)", "05"},
    {"bad-iat-addenda-in-ppd.ach", ACH_NACHA_CHECK_ADDENDA_TYPE, 4, 2, "addenda type code",
     "02, 05, 98 or 99 (10-18 are for IAT batches)", "10"},
    {"bad-iat-return-amount.ach", ACH_NACHA_CHECK_NUMERIC, 11, 44,
     "original forward entry payment amount", "10 digits", "00002500X0"},
};

static void assert_finding(const struct bad_case *b, const ach_nacha_finding *f)
{
    ck_assert_msg(f->check == b->check, "%s: check %s, want %s", b->file,
                  ach_nacha_check_name(f->check), ach_nacha_check_name(b->check));
    ck_assert_msg(f->record == b->record, "%s: record %" PRIu64, b->file, f->record);
    ck_assert_msg(f->column == b->column, "%s: column %u", b->file, f->column);
    ck_assert_str_eq(f->field, b->field);
    ck_assert_str_eq(f->expected, b->expected);
    ck_assert_str_eq(f->found, b->found);
}

START_TEST(each_invalid_file_raises_its_exact_finding)
{
    const struct bad_case *b = &bad[_i];
    collected c = {0};
    ach_nacha_summary s = validate_file(b->file, &c);
    if (c.n != 1) print_findings(b->file, &c);
    ck_assert_msg(c.n == 1, "%s: %zu findings, want 1", b->file, c.n);
    ck_assert_uint_eq(s.findings, 1);
    assert_finding(b, &c.f[0]);
}
END_TEST

/* Rewrites a \n file as \r\n lines or as unbroken records (cap: 16 KB). */
static size_t relayout(char *out, const char *in, size_t len, const char *eol)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || in[i] == '\n') {
            if (i > start || i < len) {
                memcpy(out + k, in + start, i - start);
                k += i - start;
                if (i < len) {
                    memcpy(out + k, eol, strlen(eol));
                    k += strlen(eol);
                }
            }
            start = i + 1;
        }
    }
    return k;
}

/* The same defect gives the same finding whatever separates the records. */
START_TEST(findings_do_not_depend_on_line_breaks)
{
    static const size_t which[] = {5, 10, 11, 23, 30, 35};
    for (size_t w = 0; w < sizeof which / sizeof *which; w++) {
        const struct bad_case *b = &bad[which[w]];
        size_t len;
        char *data = slurp(b->file, &len);
        char *alt = malloc(len * 2);
        for (int form = 0; form < 2; form++) {
            size_t n = relayout(alt, data, len, form ? "" : "\r\n");
            collected c = {0};
            ach_nacha_summary s = validate_buffer(alt, n, &c);
            ck_assert_int_eq(s.layout, form ? ACH_NACHA_UNBROKEN : ACH_NACHA_LINES);
            if (c.n != 1) print_findings(b->file, &c);
            ck_assert_uint_eq(c.n, 1);
            assert_finding(b, &c.f[0]);
            ck_assert_uint_eq(c.f[0].offset, (uint64_t)(c.f[0].record - 1) * (form ? 94 : 96));
        }
        free(alt);
        free(data);
    }
}
END_TEST

/* It reports all findings, in file order, not only the first. */
START_TEST(all_findings_are_reported_in_order)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    memcpy(data + 95 + 50, "XYZ", 3);         /* record 2: SEC code */
    data[2 * 95 + 11] = '7';                  /* record 3: check digit */
    memcpy(data + 4 * 95 + 29, "0000049X9", 9); /* record 5: amount */
    memcpy(data + 6 * 95 + 10, "0000000001", 10); /* record 7: entry hash */
    collected c = {0};
    ach_nacha_summary s = validate_buffer(data, len, &c);
    ck_assert_uint_eq(s.findings, 4);
    ck_assert_uint_eq(c.n, 4);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_SEC_CODE);
    ck_assert_int_eq(c.f[1].check, ACH_NACHA_CHECK_CHECK_DIGIT);
    ck_assert_int_eq(c.f[2].check, ACH_NACHA_CHECK_NUMERIC);
    ck_assert_uint_eq(c.f[2].column, 37);
    ck_assert_int_eq(c.f[3].check, ACH_NACHA_CHECK_ENTRY_HASH);
    for (size_t i = 1; i < c.n; i++) ck_assert_uint_gt(c.f[i].record, c.f[i - 1].record);
    free(data);
}
END_TEST

/* ---- edge cases in memory ----------------------------------------------------------------- */

START_TEST(empty_input_lacks_a_file_header)
{
    collected c = {0};
    ach_nacha_summary s = validate_buffer(NULL, 0, &c);
    ck_assert_uint_eq(s.records, 0);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_RECORD_ORDER);
    ck_assert_uint_eq(c.f[0].record, 1);
    ck_assert_str_eq(c.f[0].expected, "file header (1)");
    ck_assert_str_eq(c.f[0].found, "end of file");
}
END_TEST

/* A short last record in an unbroken file, and empty lines. */
START_TEST(short_records_and_empty_lines)
{
    size_t len;
    char *data = slurp("ppd-debit-unbroken.ach", &len);
    collected c = {0};
    validate_buffer(data, len - 10, &c); /* the last padding record loses 10 characters */
    ck_assert_uint_ge(c.n, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_RECORD_LENGTH);
    ck_assert_uint_eq(c.f[0].record, 10);
    ck_assert_uint_eq(c.f[0].column, 85);
    ck_assert_str_eq(c.f[0].found, "84 characters");
    free(data);

    data = slurp("ppd-debit.ach", &len);
    char *more = malloc(len + 2);
    memcpy(more, data, len);
    memcpy(more + len, "\n\n", 2);
    c.n = 0;
    ach_nacha_summary s = validate_buffer(more, len + 2, &c);
    ck_assert_uint_eq(s.records, 10);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_RECORD_LENGTH);
    ck_assert_uint_eq(c.f[0].record, 11);
    ck_assert_str_eq(c.f[0].found, "0 characters");
    free(more);
    free(data);
}
END_TEST

/* An entry's account number is masked in findings about it (R-SEC-1). */
START_TEST(account_numbers_are_masked_in_findings)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    memcpy(data + 2 * 95 + 12, "0001234567\x01" "9", 12); /* record 3, account 000123456789 */
    collected c = {0};
    validate_buffer(data, len, &c);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_ALPHANUMERIC);
    ck_assert_str_eq(c.f[0].field, "DFI account number");
    ck_assert_uint_eq(c.f[0].column, 23);
    ck_assert_str_eq(c.f[0].found, "****67?9");
    ck_assert_ptr_null(strstr(c.f[0].found, "012345"));
    free(data);

    char m[ACH_NACHA_MASKED_SIZE];
    ck_assert_str_eq(ach_nacha_mask_account(m, "000123456789", 12), "****6789");
    ck_assert_str_eq(ach_nacha_mask_account(m, "000123456789     ", 17), "****6789");
    ck_assert_str_eq(ach_nacha_mask_account(m, "6789", 4), "****");
    ck_assert_str_eq(ach_nacha_mask_account(m, "", 0), "****");
}
END_TEST

START_TEST(adv_is_read_in_its_service_class_only)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    /* ADV is read (issue 19), in its own service class only. */
    memcpy(data + 95 + 50, "ADV", 3);
    collected c = {0};
    validate_buffer(data, len, &c);
    ck_assert_uint_ge(c.n, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_SERVICE_CLASS);
    ck_assert_str_eq(c.f[0].expected, "280 (ADV)");
    free(data);
}
END_TEST

/* A PPD batch relabelled IAT is read in the IAT layouts (issue 19): its company name is not a
 * foreign exchange indicator, nor its entries' layout IAT's. */
START_TEST(a_ppd_batch_labelled_iat_is_read_as_iat)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    memcpy(data + 95 + 50, "IAT", 3);
    collected c = {0};
    validate_buffer(data, len, &c);
    ck_assert_uint_ge(c.n, 3);
    /* "ACME GYM" in 5-20 is not a blank IAT indicator; "  " in 21-22 not FV, VF or FF */
    ck_assert_uint_eq(c.f[0].record, 2);
    ck_assert_uint_eq(c.f[0].column, 21);
    ck_assert_str_eq(c.f[0].field, "foreign exchange indicator");
    ck_assert_str_eq(c.f[0].expected, "capital letters A-Z");
    bool entry_layout = false; /* the second entry's 13-16 ("4455" of its account) */
    for (size_t i = 0; i < c.n && i < MAX_FINDINGS; i++)
        entry_layout |= c.f[i].record == 5 && strcmp(c.f[i].field, "number of addenda records") == 0;
    ck_assert(entry_layout);
    free(data);
}
END_TEST

/* Every IAT record of iat-debit.ach and iat-remittance.ach, parsed (issue 19). */
START_TEST(iat_records_are_parsed_field_by_field)
{
    char path[512];
    ach_nacha_reader *r = NULL;
    ck_assert_int_eq(ach_nacha_reader_open(&r, fixture(path, sizeof path, "iat-remittance.ach"),
                                           NULL, NULL),
                     ACH_OK);
    ach_nacha_record rec;
    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK); /* file header */
    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_BATCH_HEADER);
    const ach_nacha_batch_header *h = &rec.batch_header;
    ck_assert(h->iat);
    ck_assert_int_eq(h->service_class, 225);
    ck_assert_str_eq(h->sec, "IAT");
    ck_assert_uint_eq(h->iat_indicator.len, 0);
    ck_assert_str_eq(h->foreign_exchange, "FF");
    ck_assert_int_eq(h->foreign_exchange_reference_indicator, '3');
    ck_assert_str_eq(h->destination_country, "CA");
    ck_assert_str_eq(h->originating_currency, "USD");
    ck_assert_str_eq(h->destination_currency, "CAD");
    ck_text(h->company_id, "1234567890"); /* the originator identification */
    ck_assert_uint_eq(h->company_name.len, 0);
    ck_text(h->entry_description, "MEMBERSHIP");
    ck_assert_int_eq(h->effective_date, ach_test_date(2026, 11, 24));
    ck_assert_int_eq(h->odfi, 9100001);
    ck_assert_int_eq(h->batch_number, 1);

    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_ENTRY);
    const ach_nacha_entry *e = &rec.entry_detail;
    ck_assert_int_eq(e->transaction_code, 27);
    ck_assert(e->debit);
    ck_assert_int_eq(e->rdfi, 2100002);
    ck_text(e->account, "CA7700011234567890123"); /* 40-74: the foreign receiver's account */
    ck_assert_int_eq(e->amount, 250000);
    ck_assert_int_eq(e->addenda_count, 11);
    ck_assert_int_eq(e->ofac_indicator, ' ');
    ck_assert(e->has_addenda);
    ck_assert_int_eq(e->trace_number, INT64_C(91000010000001));

    /* 10-16, then two 17 and two 18 */
    static const int32_t types[] = {10, 11, 12, 13, 14, 15, 16, 17, 17, 18, 18};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        ck_assert_int_eq(rec.type, ACH_NACHA_ADDENDA);
        const ach_nacha_addenda *a = &rec.addenda;
        ck_assert_int_eq(a->type, types[i]);
        ck_assert_int_eq(a->entry_sequence, 1);
        ck_assert_ptr_nonnull(rec.entry);
        switch (i) {
        case 0:
            ck_text(a->transaction_type, "SAL");
            ck_assert_int_eq(a->foreign_amount, 340000);
            ck_text(a->name, "PIERRE TREMBLAY");
            ck_text(rec.entry->individual_name, "PIERRE TREMBLAY"); /* kept with the entry */
            break;
        case 1:
            ck_text(a->name, "ACME GYM LLC");
            ck_text(a->street, "100 MAIN STREET");
            break;
        case 2:
            ck_text(a->city_state, "MINNEAPOLIS*MN\\");
            ck_text(a->country_postal, "US*55401\\");
            break;
        case 3:
            ck_text(a->name, "WELLS FARGO BANK");
            ck_text(a->id_qualifier, "01");
            ck_text(a->bank_id, "091000019");
            ck_text(a->branch_country, "US");
            break;
        case 4:
            ck_text(a->name, "ROYAL BANK OF CANADA");
            ck_text(a->id_qualifier, "02");
            ck_text(a->bank_id, "ROYCCAT2");
            ck_text(a->branch_country, "CA");
            break;
        case 5:
            ck_text(a->receiver_id, "CUST-0101");
            ck_text(a->street, "1200 RUE SAINTE-CATHERINE");
            ck_text(rec.entry->individual_id, "CUST-0101");
            break;
        case 6:
            ck_text(a->city_state, "MONTREAL*QC\\");
            ck_text(a->country_postal, "CA*H3B 1K9\\");
            break;
        case 7:
        case 8:
            ck_text(a->payment_info, i == 7 ? "INVOICE 2026-11 MEMBERSHIP" : "ANNUAL FEE PRORATED");
            ck_assert_int_eq(a->sequence, (int64_t)i - 6);
            break;
        default:
            ck_text(a->name, i == 9 ? "BANK OF MONTREAL" : "DEUTSCHE BANK");
            ck_text(a->bank_id, i == 9 ? "BOFMCAM2" : "DEUTDEFF");
            ck_text(a->branch_country, i == 9 ? "CA" : "DE");
            ck_assert_int_eq(a->sequence, (int64_t)i - 8);
            break;
        }
    }
    ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_NACHA_BATCH_CONTROL);
    ck_assert_int_eq(rec.batch_control.entry_addenda_count, 12);
    ck_assert_int_eq(rec.batch_control.total_debit, 250000);
    ach_nacha_summary sum;
    ach_nacha_reader_summary(&sum, r);
    ck_assert_uint_eq(sum.findings, 0);
    ach_nacha_reader_free(r);

    collected c = {0};
    ach_nacha_summary s = validate_file("iat-debit.ach", &c);
    ck_assert_uint_eq(s.entries, 2);
    ck_assert_uint_eq(s.addenda, 14);
    ck_assert_int_eq(s.total_debit, 250000 + 4999);
    ck_assert_uint_eq(c.n, 0);
}
END_TEST

/* An IAT return: its addenda 99 follows the addenda 10-16 and carries the original forward
 * entry's amount in 36-45; the return value has the receiver's name from the addenda 10. An IAT
 * NOC: a COR batch with the IAT indicator IATCOR. Account numbers masked (R-SEC-1). */
START_TEST(iat_returns_and_nocs_are_values)
{
    char path[512];
    ach_nacha_reader *r = NULL;
    ck_assert_int_eq(
        ach_nacha_reader_open(&r, fixture(path, sizeof path, "iat-return.ach"), NULL, NULL),
        ACH_OK);
    ach_nacha_record rec;
    int returns = 0;
    do {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        ach_nacha_return ret;
        if (ach_nacha_return_from_record(&ret, &rec, NULL) != ACH_OK) continue;
        returns++;
        ck_assert_uint_eq(ret.info.record, 11);
        ck_assert_str_eq(ret.info.code, "R01");
        ck_assert_ptr_nonnull(ret.reason);
        ck_assert_str_eq(ret.info.original_trace, "091000010000001");
        ck_assert_str_eq(ret.info.trace, "021000020000301");
        ck_assert_str_eq(ret.info.original_rdfi, "02100002");
        ck_assert_int_eq(ret.info.amount, 250000);
        ck_assert_int_eq(ret.original_amount, 250000);
        ck_assert_str_eq(ret.addenda_info, "INSUFFICIENT FUNDS");
        ck_assert_str_eq(ret.info.account_last4, "0123");
        ck_assert_str_eq(ret.info.individual_name, "PIERRE TREMBLAY");
        ck_assert_str_eq(ret.info.individual_id, "CUST-0101");
        ck_assert_str_eq(ret.info.sec, "IAT");
        ck_assert_str_eq(ret.info.company_id, "1234567890");
        ck_assert_int_eq(ret.info.settlement_date, ach_test_date(2026, 11, 28));
    } while (rec.type != ACH_NACHA_END);
    ck_assert_int_eq(returns, 1);
    ach_nacha_reader_free(r);

    /* a standard return has no original amount */
    ck_assert_int_eq(ach_nacha_reader_open(&r, fixture(path, sizeof path, "returns.ach"), NULL,
                                           NULL),
                     ACH_OK);
    do {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        ach_nacha_return ret;
        if (ach_nacha_return_from_record(&ret, &rec, NULL) == ACH_OK)
            ck_assert_int_eq(ret.original_amount, -1);
    } while (rec.type != ACH_NACHA_END);
    ach_nacha_reader_free(r);

    ck_assert_int_eq(ach_nacha_reader_open(&r, fixture(path, sizeof path, "iat-noc.ach"), NULL,
                                           NULL),
                     ACH_OK);
    int nocs = 0;
    do {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        if (rec.type == ACH_NACHA_BATCH_HEADER) {
            ck_assert(rec.batch_header.iat);
            ck_assert_str_eq(rec.batch_header.sec, "COR");
            ck_text(rec.batch_header.iat_indicator, "IATCOR");
        }
        ach_nacha_noc noc;
        if (ach_nacha_noc_from_record(&noc, &rec, NULL) != ACH_OK) continue;
        nocs++;
        ck_assert_str_eq(noc.info.code, "C01");
        ck_assert_str_eq(noc.info.original_trace, "091000010000002");
        ck_assert_str_eq(noc.info.account_last4, "6819");
        ck_assert_str_eq(noc.info.individual_name, "ANNE LEBLANC");
        char d[ACH_NACHA_NOC_DESCRIBE_SIZE];
        ck_assert_str_eq(ach_nacha_noc_describe(d, &noc), "account ****6780");
    } while (rec.type != ACH_NACHA_END);
    ck_assert_int_eq(nocs, 1);
    ach_nacha_reader_free(r);
}
END_TEST

/* malformed/iat.ach has five defects, each reported once where it is, in file order: the foreign
 * exchange indicator; the first entry's addenda 14 qualifier; its missing addenda 12 (reported
 * when the entry ends); the second entry's OFAC indicator, then its addenda count (reported when
 * it ends). Positions 13-16 count every addenda that follows, 17 and 18 included (moov-io/ach
 * writes 0007 whatever follows; the layout's "number of addenda records" is what counts). */
START_TEST(iat_findings_name_record_and_column)
{
    collected c = {0};
    ach_nacha_summary s = validate_file("malformed/iat.ach", &c);
    if (c.n != 5) print_findings("malformed/iat.ach", &c);
    ck_assert_uint_eq(c.n, 5);
    ck_assert_uint_eq(s.findings, 5);
    static const struct bad_case want[] = {
        {"malformed/iat.ach", ACH_NACHA_CHECK_VALUE, 2, 21, "foreign exchange indicator", "FV, VF or FF",
         "XX"},
        {"malformed/iat.ach", ACH_NACHA_CHECK_VALUE, 7, 39, "receiving DFI identification number qualifier",
         "01, 02 or 03", "07"},
        {"malformed/iat.ach", ACH_NACHA_CHECK_ADDENDA_COUNT, 3, 1, "addenda record",
         "the mandatory IAT addenda 10-16", "no addenda 12"},
        {"malformed/iat.ach", ACH_NACHA_CHECK_VALUE, 10, 77, "gateway operator OFAC screening indicator",
         "blank or one of 01", "2"},
        {"malformed/iat.ach", ACH_NACHA_CHECK_ADDENDA_COUNT, 10, 13, "number of addenda records",
         "0007 (the addenda that follow)", "0009"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) assert_finding(&want[i], &c.f[i]);

    /* the foreign receiver's account number is masked in a finding (R-SEC-1) */
    size_t len;
    char *data = slurp("iat-debit.ach", &len);
    memcpy(data + 2 * 95 + 39, "CA77\x01", 5);
    collected m = {0};
    validate_buffer(data, len, &m);
    ck_assert_uint_eq(m.n, 1);
    ck_assert_str_eq(m.f[0].field, "foreign receiver's account number");
    ck_assert_uint_eq(m.f[0].column, 44);
    ck_assert_str_eq(m.f[0].found, "****0123");
    free(data);
}
END_TEST

/* ADV entries and controls: amounts, debits and credits from 81-88, 20-digit totals. */
START_TEST(adv_is_read_in_its_own_layout)
{
    collected c = {0};
    ach_nacha_summary s = validate_file("adv.ach", &c);
    ck_assert_uint_eq(c.n, 0);
    ck_assert_uint_eq(s.entries, 2);
    ck_assert_int_eq(s.total_credit, 125000);
    ck_assert_int_eq(s.total_debit, 49900);
    size_t len;
    char *data = slurp("adv.ach", &len);
    memcpy(data + 95 * 4 + 20, "00000000000000049901", 20); /* the batch control's debits */
    c.n = 0;
    validate_buffer(data, len, &c);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_TOTAL_DEBIT);
    ck_assert_str_eq(c.f[0].expected, "00000000000000049900");
    free(data);
}
END_TEST

/* A second batch header before the batch control, and records after the padding. */
START_TEST(record_order_recovers)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    char *two = malloc(2 * len);
    memcpy(two, data, len);
    memcpy(two + len, data, len); /* a second file glued after the first */
    collected c = {0};
    validate_buffer(two, 2 * len, &c);
    ck_assert_uint_ge(c.n, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_RECORD_ORDER);
    ck_assert_uint_eq(c.f[0].record, 11);
    ck_assert_str_eq(c.f[0].expected, "padding (all 9s) or end of file");
    ck_assert_str_eq(c.f[0].found, "file header (1)");
    free(two);
    free(data);
}
END_TEST

START_TEST(finding_names_and_format)
{
    for (int i = ACH_NACHA_CHECK_RECORD_LENGTH; i <= ACH_NACHA_CHECK_PADDING; i++) {
        const char *name = ach_nacha_check_name((ach_nacha_check)i);
        ck_assert_str_ne(name, "unknown");
        for (int j = ACH_NACHA_CHECK_RECORD_LENGTH; j < i; j++)
            ck_assert_str_ne(name, ach_nacha_check_name((ach_nacha_check)j));
    }
    ck_assert_str_eq(ach_nacha_check_name((ach_nacha_check)0), "unknown");
    ck_assert_str_eq(ach_nacha_check_name((ach_nacha_check)99), "unknown");
    ach_nacha_finding f = {ACH_NACHA_CHECK_ENTRY_HASH, 7, 11, 570, "entry hash", "0046427188",
                           "0046427189", false};
    char line[128];
    size_t n = ach_nacha_finding_format(line, sizeof line, &f);
    ck_assert_str_eq(line, "7:11: entry-hash: entry hash: expected 0046427188, found 0046427189");
    ck_assert_uint_eq(n, strlen(line));
    ck_assert_uint_eq(ach_nacha_finding_format(line, 8, &f), n);
    ck_assert_uint_eq(strlen(line), 7);
}
END_TEST

START_TEST(api_errors)
{
    ach_nacha_reader *r = (ach_nacha_reader *)&r;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_nacha_reader_open(&r, "/nonexistent/file.ach", NULL, &err), ACH_EIO);
    ck_assert_str_eq(err.source, "/nonexistent/file.ach");
    ck_assert_ptr_nonnull(strstr(err.message, "cannot be opened"));
    ck_assert_int_eq(ach_nacha_reader_open(&r, "/", NULL, &err), ACH_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "not a regular file"));
    ck_assert_ptr_eq(r, (ach_nacha_reader *)&r); /* untouched */
    ach_nacha_options bad_version = {7, NULL, NULL, ACH_NACHA_STRICT};
    ck_assert_int_eq(ach_nacha_reader_new(&r, "", 0, NULL, &bad_version, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "options");
    ck_assert_int_eq(ach_nacha_reader_new(&r, NULL, 5, NULL, NULL, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_nacha_reader_new(NULL, "", 0, NULL, NULL, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_nacha_next(NULL, NULL, NULL), ACH_EINVAL);
    ach_nacha_summary s;
    ck_assert_int_eq(ach_nacha_validate_file(&s, "/nonexistent", NULL, NULL), ACH_EIO);
    ach_nacha_reader_free(NULL);

    /* An empty file needs no mapping. */
    char path[] = "/tmp/check_nacha_empty_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    collected c = {0};
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.on_finding = collect;
    opts.ctx = &c;
    ck_assert_int_eq(ach_nacha_validate_file(&s, path, &opts, NULL), ACH_OK);
    ck_assert_uint_eq(c.n, 1);
    unlink(path);
}
END_TEST

/* Addenda 02 (issue 19): the terminal where a card was used, as views. */
START_TEST(addenda02_is_read_field_by_field)
{
    char path[512];
    ach_nacha_reader *r = NULL;
    ck_assert_int_eq(ach_nacha_reader_open(&r, fixture(path, sizeof path, "pos-terminal.ach"), NULL,
                                           NULL), ACH_OK);
    ach_nacha_record rec;
    bool seen = false;
    do {
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_OK);
        if (rec.type != ACH_NACHA_ADDENDA) continue;
        seen = true;
        ck_assert_int_eq(rec.addenda.type, 2);
        ck_assert(text_is(rec.addenda.terminal_id, "T00042"));
        ck_assert(text_is(rec.addenda.serial_number, "000913"));
        ck_assert(text_is(rec.addenda.transaction_date, "1123"));
        ck_assert(text_is(rec.addenda.terminal_location, "12 MAIN STREET"));
        ck_assert(text_is(rec.addenda.terminal_city, "MINNEAPOLIS"));
        ck_assert(text_is(rec.addenda.terminal_state, "MN"));
        ck_assert(text_is(rec.addenda.trace, "091000010000001"));
        ck_assert_str_eq(rec.batch->sec, "POS");
    } while (rec.type != ACH_NACHA_END);
    ck_assert(seen);
    ach_nacha_reader_free(r);
}
END_TEST

/* ---- the lenient profile (issue 19) ------------------------------------------------------- */

static ach_nacha_summary validate_profile(const char *data, size_t len, collected *c,
                                          ach_nacha_profile profile)
{
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.on_finding = collect;
    opts.ctx = c;
    opts.profile = profile;
    ach_nacha_summary s;
    ck_assert_int_eq(ach_nacha_validate(&s, data, len, "buffer", &opts, NULL), ACH_OK);
    return s;
}

/* A bank file with every tolerated deviation: strict reports each as a finding; lenient reads
 * it as the file it means, with the same deviations as warnings at the same positions. */
START_TEST(lenient_reads_bank_files_with_warnings)
{
    size_t len;
    char *data = slurp("lenient/bank-file.ach", &len);
    collected strict = {0}, lenient = {0};
    ach_nacha_summary a = validate_profile(data, len, &strict, ACH_NACHA_STRICT);
    ach_nacha_summary b = validate_profile(data, len, &lenient, ACH_NACHA_LENIENT);
    ck_assert_uint_eq(a.findings, 7);
    ck_assert_uint_eq(a.warnings, 0);
    ck_assert_uint_eq(b.findings, 0);
    ck_assert_uint_eq(b.warnings, 7);
    ck_assert_uint_eq(b.entries, 3);
    ck_assert_int_eq(b.total_debit, 17499);
    static const struct { ach_nacha_check check; uint32_t record, column; } want[] = {
        {ACH_NACHA_CHECK_RECORD_LENGTH, 1, 76},    /* trailing blanks trimmed */
        {ACH_NACHA_CHECK_RECORD_LENGTH, 3, 95},    /* 6 blanks too many */
        {ACH_NACHA_CHECK_CONTROL_MISMATCH, 7, 45}, /* "123456789 " and " 123456789" */
        {ACH_NACHA_CHECK_RECORD_LENGTH, 8, 56},
        {ACH_NACHA_CHECK_RECORD_LENGTH, 9, 1},     /* an empty line at the end */
        {ACH_NACHA_CHECK_RECORD_LENGTH, 10, 1},    /* a stray CR */
        {ACH_NACHA_CHECK_PADDING, 9, 0},           /* no all-9 padding */
    };
    for (size_t i = 0; i < 7; i++) {
        ck_assert_int_eq(strict.f[i].check, want[i].check);
        ck_assert_int_eq(lenient.f[i].check, want[i].check);
        ck_assert_uint_eq(lenient.f[i].record, want[i].record);
        ck_assert_uint_eq(lenient.f[i].column, want[i].column);
        ck_assert(!strict.f[i].warning);
        ck_assert(lenient.f[i].warning);
    }
    char line[256];
    ach_nacha_finding_format(line, sizeof line, &lenient.f[0]);
    ck_assert_str_eq(line, "1:76: warning: record-length: record: expected 94 characters, "
                           "found 75 characters");
    free(data);
}
END_TEST

/* Everything else is as strict in both profiles. */
START_TEST(lenient_is_strict_about_the_rest)
{
    size_t len;
    char *one = slurp("ppd-debit.ach", &len);
    char *data = malloc(len + 200);
    collected c = {0};
    /* An empty line between records; extra characters that are not blanks; ids that differ by
     * more than padding. */
    memcpy(data, one, 95 * 4);
    data[95 * 4] = '\n';
    memcpy(data + 95 * 4 + 1, one + 95 * 4, len - 95 * 4);
    ach_nacha_summary s = validate_profile(data, len + 1, &c, ACH_NACHA_LENIENT);
    ck_assert_uint_eq(s.warnings, 0);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_RECORD_LENGTH);
    ck_assert_uint_eq(c.f[0].record, 5);
    ck_assert(!c.f[0].warning);

    memcpy(data, one, len);
    memcpy(data + 95 * 2 + 94, "XY\n", 3); /* the first entry: 96 characters, "XY" extra */
    memcpy(data + 95 * 2 + 97, one + 95 * 3, len - 95 * 3);
    c.n = 0;
    s = validate_profile(data, len + 2, &c, ACH_NACHA_LENIENT);
    ck_assert_uint_eq(s.findings, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_RECORD_LENGTH);
    ck_assert(!c.f[0].warning);

    memcpy(data, one, len);
    memcpy(data + 95 * 6 + 44, "123456789 ", 10); /* the batch control: another id */
    c.n = 0;
    s = validate_profile(data, len, &c, ACH_NACHA_LENIENT);
    ck_assert_uint_eq(s.findings, 1);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_CONTROL_MISMATCH);

    /* A version 1 caller (no profile member) reads strictly; an unknown profile is refused. */
    ach_nacha_options v1 = {1, collect, &c, ACH_NACHA_LENIENT};
    char *trimmed = slurp("lenient/bank-file.ach", &len);
    c.n = 0;
    ck_assert_int_eq(ach_nacha_validate(&s, trimmed, len, NULL, &v1, NULL), ACH_OK);
    ck_assert_uint_eq(s.findings, 7);
    ach_nacha_options unknown = ACH_NACHA_OPTIONS_INIT;
    unknown.profile = (ach_nacha_profile)7;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_nacha_validate(&s, trimmed, len, NULL, &unknown, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "profile");
    free(trimmed);
    free(data);
    free(one);
}
END_TEST

/* ---- files: read in a window, never mapped (issue 17) -------------------------------------- */

/* A digest of every finding (its check, position and texts) and the summary. */
typedef struct digest {
    uint64_t h, n;
} digest;

static void mix(digest *d, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) d->h = (d->h ^ b[i]) * UINT64_C(1099511628211);
}

static void digest_finding(const ach_nacha_finding *f, void *ctx)
{
    digest *d = ctx;
    mix(d, &f->check, sizeof f->check);
    mix(d, &f->record, sizeof f->record);
    mix(d, &f->column, sizeof f->column);
    mix(d, &f->offset, sizeof f->offset);
    mix(d, f->expected, strlen(f->expected));
    mix(d, f->found, strlen(f->found));
    d->n++;
}

static char *temp_file(char *path, size_t cap, const char *data, size_t len)
{
    snprintf(path, cap, "/tmp/check_nacha_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

/* `copies` times the records of ppd-debit.ach, joined by `sep` (NULL: back to back), ending with
 * `tail`; more than a reader's window for 700 copies. */
static char *repeated(size_t copies, const char *sep, const char *tail, size_t *len)
{
    size_t flen;
    char *one = slurp("ppd-debit.ach", &flen);
    size_t seplen = sep ? strlen(sep) : 0, n = 10 * copies;
    char *out = malloc(n * (94 + seplen) + strlen(tail) + 1);
    ck_assert_ptr_nonnull(out);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(out + k, one + (i % 10) * 95, 94);
        k += 94;
        if (sep && i + 1 < n) {
            memcpy(out + k, sep, seplen);
            k += seplen;
        }
    }
    memcpy(out + k, tail, strlen(tail));
    *len = k + strlen(tail);
    free(one);
    return out;
}

/* A file is read as its bytes in memory are, whatever the layout, across window refills. */
START_TEST(files_read_like_buffers)
{
    static const struct { const char *sep, *tail; } layouts[] = {
        {"\n", "\n"}, {"\r\n", "\r\n"}, {"\n", ""}, {NULL, ""}, {NULL, "\n"}, {NULL, "\r\n"},
    };
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
        size_t len;
        char *data = repeated(700, layouts[i].sep, layouts[i].tail, &len);
        digest from_buffer = {14695981039346656037u, 0}, from_file = from_buffer;
        ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
        opts.on_finding = digest_finding;
        opts.ctx = &from_buffer;
        ach_nacha_summary a, b;
        ck_assert_int_eq(ach_nacha_validate(&a, data, len, "buffer", &opts, NULL), ACH_OK);
        char path[64];
        opts.ctx = &from_file;
        ach_error err = ACH_ERROR_INIT;
        ck_assert_msg(ach_nacha_validate_file(&b, temp_file(path, sizeof path, data, len), &opts,
                                              &err) == ACH_OK, "%s", err.message);
        unlink(path);
        ck_assert_uint_eq(a.entries, 2100);
        ck_assert_uint_eq(b.entries, a.entries);
        ck_assert_uint_eq(b.addenda, a.addenda);
        ck_assert_uint_eq(b.records, a.records);
        ck_assert_uint_eq(b.bytes, a.bytes);
        ck_assert_int_eq(b.total_debit, a.total_debit);
        ck_assert_int_eq(b.layout, a.layout);
        ck_assert_uint_eq(from_file.n, from_buffer.n);
        ck_assert_msg(from_file.h == from_buffer.h, "layout %zu: findings differ", i);
        free(data);
    }
}
END_TEST

/* A line longer than the reader's window is one record-length finding; what follows is read. */
START_TEST(a_line_longer_than_the_window_is_one_finding)
{
    size_t flen;
    char *one = slurp("ppd-debit.ach", &flen);
    size_t huge = 3 * 512 * 1024;
    char *data = malloc(flen + huge + 1);
    memcpy(data, one, 95);                 /* the file header */
    memset(data + 95, 'x', huge);          /* then one line of `huge` characters */
    data[95 + huge] = '\n';
    memcpy(data + 96 + huge, one + 95, flen - 95);
    size_t len = flen + huge + 1;
    char path[64];
    collected c = {0};
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.on_finding = collect;
    opts.ctx = &c;
    ach_nacha_summary s;
    ck_assert_int_eq(ach_nacha_validate_file(&s, temp_file(path, sizeof path, data, len), &opts,
                                             NULL), ACH_OK);
    unlink(path);
    ck_assert_uint_eq(s.entries, 3);
    ck_assert_uint_eq(s.records, 11);
    ck_assert_uint_ge(c.n, 2);
    ck_assert_int_eq(c.f[0].check, ACH_NACHA_CHECK_RECORD_LENGTH);
    ck_assert_uint_eq(c.f[0].record, 2);
    ck_assert_str_eq(c.f[0].found, "more than 524288 characters");
    ck_assert_int_eq(c.f[1].check, ACH_NACHA_CHECK_RECORD_TYPE); /* the 'x' record type */
    free(data);
    free(one);
}
END_TEST

/* Issue 17: a file that shrinks (or grows) after it is opened never kills the process (a mapping
 * would raise SIGBUS): a small file was read whole when opened; a larger one fails with ACH_EIO
 * naming it. */
START_TEST(a_file_truncated_after_open_is_an_error_not_a_signal)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    char path[64];
    ach_nacha_reader *r = NULL;
    ach_nacha_record rec;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_nacha_reader_open(&r, temp_file(path, sizeof path, data, len), NULL,
                                           &err), ACH_OK);
    ck_assert_int_eq(truncate(path, 0), 0);
    ach_nacha_summary s;
    do ck_assert_int_eq(ach_nacha_next(&rec, r, &err), ACH_OK);
    while (rec.type != ACH_NACHA_END);
    ach_nacha_reader_summary(&s, r);
    ck_assert_uint_eq(s.entries, 3);
    ck_assert_uint_eq(s.findings, 0);
    ach_nacha_reader_free(r);
    unlink(path);
    free(data);

    for (int grow = 0; grow <= 1; grow++) {
        data = repeated(1000, "\n", "\n", &len);
        ck_assert_int_eq(ach_nacha_reader_open(&r, temp_file(path, sizeof path, data, len), NULL,
                                               &err), ACH_OK);
        if (grow) {
            FILE *f = fopen(path, "ab");
            ck_assert_ptr_nonnull(f);
            fputs("more\n", f);
            fclose(f);
        } else {
            ck_assert_int_eq(truncate(path, 1000), 0);
        }
        ach_status st;
        uint64_t n = 0;
        do st = ach_nacha_next(&rec, r, &err);
        while (st == ACH_OK && rec.type != ACH_NACHA_END && ++n < 100000);
        ck_assert_int_eq(st, ACH_EIO);
        ck_assert_str_eq(err.source, path);
        ck_assert_ptr_nonnull(strstr(err.message, "changed while it was read"));
        ck_assert_ptr_nonnull(strstr(err.message, grow ? "more now" : "fewer now"));
        ck_assert_int_eq(ach_nacha_next(&rec, r, NULL), ACH_EIO); /* and stays failed */
        ach_nacha_reader_free(r);
        ck_assert_int_eq(ach_nacha_validate_file(&s, path, NULL, NULL), ACH_OK); /* as it is now */
        unlink(path);
        free(data);
    }
}
END_TEST

static Suite *nacha_suite(void)
{
    Suite *s = suite_create("nacha");
    TCase *tc = tcase_create("valid");
    tcase_add_loop_test(tc, valid_files_have_no_findings, 0, (int)(sizeof valid / sizeof *valid));
    tcase_add_test(tc, summaries_count_what_the_controls_say);
    tcase_add_test(tc, records_are_parsed_field_by_field);
    tcase_add_test(tc, line_break_variants_read_alike);
    suite_add_tcase(s, tc);

    tc = tcase_create("returns");
    tcase_add_test(tc, returns_are_values_with_their_meaning);
    tcase_add_test(tc, nocs_are_values_and_describe_masked);
    suite_add_tcase(s, tc);

    tc = tcase_create("invalid");
    tcase_add_loop_test(tc, each_invalid_file_raises_its_exact_finding, 0,
                        (int)(sizeof bad / sizeof *bad));
    tcase_add_test(tc, findings_do_not_depend_on_line_breaks);
    tcase_add_test(tc, all_findings_are_reported_in_order);
    tcase_add_test(tc, empty_input_lacks_a_file_header);
    tcase_add_test(tc, short_records_and_empty_lines);
    tcase_add_test(tc, account_numbers_are_masked_in_findings);
    tcase_add_test(tc, adv_is_read_in_its_service_class_only);
    tcase_add_test(tc, a_ppd_batch_labelled_iat_is_read_as_iat);
    tcase_add_test(tc, iat_findings_name_record_and_column);
    tcase_add_test(tc, record_order_recovers);
    suite_add_tcase(s, tc);

    tc = tcase_create("sec-codes");
    tcase_add_test(tc, addenda02_is_read_field_by_field);
    tcase_add_test(tc, adv_is_read_in_its_own_layout);
    tcase_add_test(tc, iat_records_are_parsed_field_by_field);
    tcase_add_test(tc, iat_returns_and_nocs_are_values);
    suite_add_tcase(s, tc);

    tc = tcase_create("lenient");
    tcase_add_test(tc, lenient_reads_bank_files_with_warnings);
    tcase_add_test(tc, lenient_is_strict_about_the_rest);
    suite_add_tcase(s, tc);

    tc = tcase_create("files");
    tcase_add_test(tc, files_read_like_buffers);
    tcase_add_test(tc, a_line_longer_than_the_window_is_one_finding);
    tcase_add_test(tc, a_file_truncated_after_open_is_an_error_not_a_signal);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_add_test(tc, finding_names_and_format);
    tcase_add_test(tc, api_errors);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(nacha_suite)
