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
     "200, 220 or 225 (ADV is not supported)", "280"},
    {"bad-sec-code.ach", ACH_NACHA_CHECK_SEC_CODE, 2, 51, "standard entry class code",
     "a NACHA SEC code", "XYZ"},
    {"bad-prenote-amount.ach", ACH_NACHA_CHECK_AMOUNT, 6, 30, "amount",
     "0000000000 (prenote or zero-dollar entry)", "0000000100"},
    {"bad-addenda-indicator.ach", ACH_NACHA_CHECK_ADDENDA_INDICATOR, 3, 79,
     "addenda record indicator", "1 (an addenda follows)", "0"},
    {"bad-addenda-missing.ach", ACH_NACHA_CHECK_ADDENDA_INDICATOR, 5, 79,
     "addenda record indicator", "0 (no addenda follows)", "1"},
    {"bad-addenda-type.ach", ACH_NACHA_CHECK_ADDENDA_TYPE, 4, 2, "addenda type code",
     "05, 98 or 99", "02"},
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
     "a change code C01-C14", "C99"},
    {"bad-noc-amount.ach", ACH_NACHA_CHECK_AMOUNT, 3, 30, "amount", "0000000000 (NOC)",
     "0000000100"},
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

START_TEST(iat_and_adv_are_reported_unsupported)
{
    size_t len;
    char *data = slurp("ppd-debit.ach", &len);
    memcpy(data + 95 + 50, "IAT", 3);
    collected c = {0};
    validate_buffer(data, len, &c);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.f[0].expected, "a supported SEC code (not IAT or ADV)");
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
                           "0046427189"};
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
    ach_nacha_options bad_version = {7, NULL, NULL};
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
    tcase_add_test(tc, iat_and_adv_are_reported_unsupported);
    tcase_add_test(tc, record_order_recovers);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_add_test(tc, finding_names_and_format);
    tcase_add_test(tc, api_errors);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(nacha_suite)
