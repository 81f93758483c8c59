/* SPDX-License-Identifier: Apache-2.0 */
/* Ledger reader (SPEC §10, issue 6): header, quoting, line ends, every malformed-line kind with
 * its exact line and column, typed values, identical results from buffer, file, mapped file and
 * pipe, and generated ledgers read back with exactly their intentional faults. */
#define _GNU_SOURCE 1 /* open_memstream, pipe, pthread */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include "testing.h"
#include "internal.h"
#include "../bench/ledger_gen.h"

#define HDR "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail"
#define T0 "2024-03-05T14:22:01Z"

/* ---- helpers ------------------------------------------------------------------------ */

static ach_ledger_reader *open_text(const char *text)
{
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ach_status s = ach_ledger_reader_open_buffer(&r, text, strlen(text), "t.csv", &err);
    if (s) ck_abort_msg("open failed: %s %s (line %" PRIu64 " col %u)", ach_status_name(s), err.message,
                        err.line, err.column);
    return r;
}

/* Opens `text` and expects the open to fail with `code` at (line, column). */
static void expect_open_error(const char *text, size_t len, ach_status code, uint32_t line,
                              uint32_t column, const char *needle)
{
    ach_ledger_reader *r = (ach_ledger_reader *)0x1;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, len, "h.csv", &err), code);
    ck_assert_ptr_eq(r, (ach_ledger_reader *)0x1); /* untouched on failure */
    ck_assert_int_eq(err.code, code);
    ck_assert_uint_eq(err.line, line);
    ck_assert_uint_eq(err.column, column);
    ck_assert_str_eq(err.source, "h.csv");
    if (needle && !strstr(err.message, needle))
        ck_abort_msg("message '%s' lacks '%s'", err.message, needle);
}

static ach_status next(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err)
{
    ach_error_clear(err);
    return ach_ledger_next(rec, r, err);
}

static bool field_is(const ach_ledger_record *rec, ach_ledger_column c, const char *want)
{
    return rec->field[c].len == strlen(want) && memcmp(rec->field[c].ptr, want, rec->field[c].len) == 0;
}
#define ck_field(rec, col, want)                                                               \
    do {                                                                                       \
        if (!field_is((rec), (col), (want)))                                                   \
            ck_abort_msg("field %s is '%.*s', expected '%s'", ach_ledger_column_name(col),     \
                         (int)(rec)->field[col].len, (rec)->field[col].ptr, (want));           \
    } while (0)

/* A text digest of every record of a reader: everything the API exposes, so two readers over
 * the same bytes can be compared exactly. */
static char *digest(ach_ledger_reader *r)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    ck_assert_ptr_nonnull(f);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    for (;;) {
        ach_status s = next(&rec, r, &err);
        if (s == ACH_LEDGER_END) break;
        if (s != ACH_OK && s != ACH_ELEDGER_RECORD) ck_abort_msg("fatal %s", ach_status_name(s));
        fprintf(f, "%s #%llu @%llu L%" PRIu64 "-%" PRIu64 " %s", ach_status_name(s), (unsigned long long)rec.index,
                (unsigned long long)rec.offset, rec.line, rec.end_line,
                ach_ledger_fault_name(rec.fault));
        if (s == ACH_OK) {
            fprintf(f, " %s t=%lld a=%lld p=%lld,%lld i=%d c=%d rc=%s cur=%s h=%d",
                    ach_ledger_type_name(rec.type), (long long)rec.time, (long long)rec.amount,
                    (long long)rec.pair[0], (long long)rec.pair[1], rec.instant, rec.code,
                    rec.return_code, rec.currency, rec.holder_type);
        } else {
            fprintf(f, " err %" PRIu64 ":%u %s: %s", err.line, err.column, err.field, err.message);
        }
        for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++)
            fprintf(f, " |%" PRIu64 ":%u:%u:%.*s", rec.field[c].line, rec.field[c].column,
                    rec.field[c].flags, (int)rec.field[c].len, rec.field[c].ptr);
        fputc('\n', f);
    }
    ach_ledger_stats st;
    ach_ledger_reader_stats(&st, r);
    fprintf(f, "records %llu rejected %llu lines %llu bytes %llu\n",
            (unsigned long long)st.records, (unsigned long long)st.rejected,
            (unsigned long long)st.lines, (unsigned long long)st.bytes);
    fclose(f);
    return buf;
}

/* Writes `len` bytes to a pipe in chunks of varying sizes, from a thread. */
typedef struct writer {
    int fd;
    const char *data;
    size_t len;
} writer;

static void *write_chunks(void *arg)
{
    writer *w = arg;
    uint32_t x = 2463534242u;
    size_t off = 0;
    while (off < w->len) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        size_t n = 1 + x % 3000;
        if (n > w->len - off) n = w->len - off;
        ssize_t k = write(w->fd, w->data + off, n);
        if (k <= 0) break;
        off += (size_t)k;
    }
    close(w->fd);
    return NULL;
}

enum source { FROM_BUFFER, FROM_FILE, FROM_MAPPED, FROM_PIPE, SOURCE_COUNT };

/* The digest of `data` read from the given kind of source (or the open status as text). */
static char *digest_from(enum source how, const char *data, size_t len)
{
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ach_status s;
    char path[] = "/tmp/check_ledger_XXXXXX";
    pthread_t th;
    writer w = {-1, data, len};
    int fds[2] = {-1, -1};
    if (how == FROM_FILE || how == FROM_MAPPED) {
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
        close(fd);
    }
    switch (how) {
    case FROM_BUFFER: s = ach_ledger_reader_open_buffer(&r, data, len, "x", &err); break;
    case FROM_FILE: s = ach_ledger_reader_open_file(&r, path, &err); break;
    case FROM_MAPPED: s = ach_ledger_reader_open_mapped(&r, path, &err); break;
    default:
        ck_assert_int_eq(pipe(fds), 0);
        w.fd = fds[1];
        ck_assert_int_eq(pthread_create(&th, NULL, write_chunks, &w), 0);
        s = ach_ledger_reader_open_fd(&r, fds[0], "x", &err);
        break;
    }
    char *out;
    if (s) {
        out = malloc(300);
        snprintf(out, 300, "open %s %" PRIu64 ":%u %s", ach_status_name(s), err.line, err.column,
                 err.message);
    } else {
        out = digest(r);
    }
    ach_ledger_reader_free(r);
    if (how == FROM_PIPE) {
        /* Drain what the reader did not consume (a failed open) so the writer ends. */
        char sink[4096];
        while (read(fds[0], sink, sizeof sink) > 0) continue;
        pthread_join(th, NULL);
        close(fds[0]);
    }
    if (how == FROM_FILE || how == FROM_MAPPED) unlink(path);
    return out;
}

static void assert_same_from_every_source(const char *data, size_t len)
{
    char *ref = digest_from(FROM_BUFFER, data, len);
    for (int how = FROM_FILE; how < SOURCE_COUNT; how++) {
        char *d = digest_from((enum source)how, data, len);
        if (strcmp(ref, d) != 0) {
            /* Show the first differing line. */
            const char *a = ref, *b = d;
            while (*a && *a == *b) a++, b++;
            while (a > ref && a[-1] != '\n') a--, b--;
            ck_abort_msg("source %d differs from the buffer:\n buffer: %.300s\n other:  %.300s",
                         how, a, b);
        }
        free(d);
    }
    free(ref);
}

/* ---- header ------------------------------------------------------------------------- */

START_TEST(header_missing_required_columns_fail_before_any_data)
{
    /* Every required column, removed in turn. */
    static const char *const without[] = {
        "type,id,ref,amount\n" T0 ",charge,ch_1,ba_1,100\n",
        "time,id,ref,amount\n",
        "time,type,ref,amount\n",
        "time,type,id,amount\n",
    };
    static const char *const names[] = {"time", "type", "id", "ref"};
    for (size_t i = 0; i < 4; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "required column(s) %s ", names[i]);
        expect_open_error(without[i], strlen(without[i]), ACH_ELEDGER_HEADER, 1, 0, needle);
    }
    /* All missing ones are named. */
    const char *h = "amount,currency\n";
    expect_open_error(h, strlen(h), ACH_ELEDGER_HEADER, 1, 0,
                      "required column(s) time, type, id, ref ");
}
END_TEST

START_TEST(header_empty_blank_or_malformed)
{
    expect_open_error("", 0, ACH_ELEDGER_HEADER, 1, 0, "empty");
    expect_open_error("\xEF\xBB\xBF", 3, ACH_ELEDGER_HEADER, 1, 0, "empty");
    expect_open_error("\n" HDR "\n", strlen(HDR) + 2, ACH_ELEDGER_HEADER, 1, 1, "blank");
    /* A quote inside a header name: column counted after the BOM. */
    const char *h = "\xEF\xBB\xBFtime,ty\"pe,id,ref\n";
    expect_open_error(h, strlen(h), ACH_ELEDGER_HEADER, 1, 8, "quote inside");
    /* Invalid UTF-8 in a header name. */
    const char *u = "time,type,id,ref,n\xC3\x28te\n";
    expect_open_error(u, strlen(u), ACH_ELEDGER_HEADER, 1, 19, "UTF-8");
    /* A known column twice. */
    const char *d = "time,type,id,ref,amount,amount\n";
    ach_ledger_reader *r;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, d, strlen(d), "d", &err),
                     ACH_ELEDGER_HEADER);
    ck_assert_str_eq(err.field, "amount");
    ck_assert_uint_eq(err.column, 25);
    ck_assert_ptr_nonnull(strstr(err.message, "columns 5 and 6"));
}
END_TEST

/* The same three records under several column orders give the same typed values. */
static const char *const orders[] = {
    HDR,
    "detail,code,holder_type,holder_name,account_number,routing,currency,amount,ref,id,type,time",
    "id,time,ref,type,amount,currency,code,detail,routing,account_number,holder_type,holder_name",
    "type,time,ref,id,amount,currency,detail,code,holder_name,holder_type,account_number,routing",
};

static void write_row(FILE *f, const char *order, const char *const vals[ACH_LEDGER_COLUMN_COUNT])
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", order);
    int first = 1;
    for (char *tok = strtok(tmp, ","); tok; tok = strtok(NULL, ",")) {
        for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++)
            if (strcmp(tok, ach_ledger_column_name((ach_ledger_column)c)) == 0)
                fprintf(f, "%s%s", first ? "" : ",", vals[c]);
        first = 0;
    }
    fputc('\n', f);
}

START_TEST(header_column_order_is_free)
{
    static const char *const rows[3][ACH_LEDGER_COLUMN_COUNT] = {
        {T0, "account", "ba_1", "cus_1", "", "USD", "110000000", "000123456789",
         "\"Doe, Jane\"", "individual", "", ""},
        {"2024-03-05T14:23:00Z", "charge", "ch_1", "ba_1", "1250", "usd", "", "", "", "",
         "021000021234567", "acct_1Abc"},
        {"2024-03-08T09:00:00Z", "outcome", "", "ch_1", "", "", "", "", "", "", "R01", ""},
    };
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    fprintf(f, "%s\n", orders[_i]);
    for (int k = 0; k < 3; k++) write_row(f, orders[_i], rows[k]);
    fclose(f);
    ach_ledger_reader *r = open_text(text);
    for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++)
        ck_assert_uint_ne(ach_ledger_reader_column_position(r, (ach_ledger_column)c), 0);
    ck_assert_uint_eq(ach_ledger_reader_unknown_columns(NULL, r), 0);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_ACCOUNT);
    ck_assert_int_eq(rec.holder_type, ACH_LEDGER_HOLDER_INDIVIDUAL);
    ck_assert_str_eq(rec.currency, "usd");
    ck_field(&rec, ACH_LEDGER_COL_HOLDER_NAME, "Doe, Jane");
    ck_field(&rec, ACH_LEDGER_COL_ROUTING, "110000000");
    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_CHARGE);
    ck_assert_int_eq(rec.amount, 1250);
    ck_field(&rec, ACH_LEDGER_COL_CODE, "021000021234567");
    ck_field(&rec, ACH_LEDGER_COL_DETAIL, "acct_1Abc");
    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_OUTCOME);
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_RETURN);
    ck_assert_str_eq(rec.return_code, "R01");
    ck_assert_int_eq(rec.time, ach_instant_make(D(2024, 3, 8), 9, 0, 0));
    ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END);
    ach_ledger_reader_free(r);
    free(text);
}
END_TEST

START_TEST(unknown_columns_are_listed_once_and_ignored)
{
    const char *text = "note,time,type,id,ref,\"x,y\",code\n"
                       "hello," T0 ",mandate,m_1,ba_1,whatever,accepted\n"
                       "\"a,b\"," T0 ",mandate,m_1,ba_1,,revoked\n";
    ach_ledger_reader *r = open_text(text);
    const ach_ledger_unknown_column *u = NULL;
    ck_assert_uint_eq(ach_ledger_reader_unknown_columns(&u, r), 2);
    ck_assert_str_eq(u[0].name, "note");
    ck_assert_uint_eq(u[0].position, 1);
    ck_assert_str_eq(u[1].name, "x,y");
    ck_assert_uint_eq(u[1].position, 6);
    ck_assert_uint_eq(ach_ledger_reader_column_position(r, ACH_LEDGER_COL_TIME), 2);
    ck_assert_uint_eq(ach_ledger_reader_column_position(r, ACH_LEDGER_COL_CODE), 7);
    ck_assert_uint_eq(ach_ledger_reader_column_position(r, ACH_LEDGER_COL_AMOUNT), 0);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_ACCEPTED);
    /* Absent optional columns read as empty fields with column 0. */
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_AMOUNT].len, 0);
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_AMOUNT].column, 0);
    ck_assert_int_eq(rec.amount, -1);
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_ID].column, 36);
    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_REVOKED);
    ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END);
    ach_ledger_reader_free(r);
}
END_TEST

/* ---- line ends, BOM, quoting --------------------------------------------------------- */

START_TEST(crlf_bom_and_lf_read_the_same)
{
    const char *lf = HDR "\n" T0 ",verification,,ba_1,,,,,,,,32 45\n" T0
                         ",mandate,m_1,ba_1,,,,,,,accepted,";
    const char *crlf = "\xEF\xBB\xBF" HDR "\r\n" T0 ",verification,,ba_1,,,,,,,,32 45\r\n" T0
                       ",mandate,m_1,ba_1,,,,,,,accepted,\r\n";
    for (int k = 0; k < 2; k++) {
        ach_ledger_reader *r = open_text(k ? crlf : lf);
        ach_ledger_record rec;
        ach_error err = ACH_ERROR_INIT;
        ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
        ck_assert_uint_eq(rec.line, 2);
        ck_assert_int_eq(rec.type, ACH_LEDGER_VERIFICATION);
        ck_field(&rec, ACH_LEDGER_COL_DETAIL, "32 45"); /* no CR in the last field */
        ck_assert_int_eq(rec.pair[0], 32);
        ck_assert_int_eq(rec.pair[1], 45);
        ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
        ck_assert_uint_eq(rec.line, 3);
        ck_field(&rec, ACH_LEDGER_COL_DETAIL, "");
        ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END);
        ach_ledger_stats st;
        ach_ledger_reader_stats(&st, r);
        ck_assert_uint_eq(st.records, 2);
        ck_assert_uint_eq(st.lines, 3);
        ck_assert_uint_eq(st.bytes, strlen(k ? crlf : lf));
        ach_ledger_reader_free(r);
    }
}
END_TEST

START_TEST(quoted_fields_commas_escapes_and_line_breaks)
{
    const char *text = HDR "\n"
                       /* line 2-4: a name over three lines (LF, then CRLF), quotes doubled */
                       T0 ",account,ba_1,cus_1,,usd,110000000,000123456789,\"The \"\"Best\"\"\nBakery,\r\nInc.\",company,,\n"
                       /* line 5: a quoted id (zero-copy) and an empty quoted field */
                       T0 ",verification,\"\",\"ba_1\",,,,,,,,\"32 45\"\n"
                       /* line 6: fields after a multi-line one carry their own line/column */
                       T0 ",dispute,dp_1,ch_1,,,,,\"a\nb\",,general,\n";
    ach_ledger_reader *r = open_text(text);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_uint_eq(rec.line, 2);
    ck_assert_uint_eq(rec.end_line, 4);
    const ach_ledger_field *n = &rec.field[ACH_LEDGER_COL_HOLDER_NAME];
    ck_field(&rec, ACH_LEDGER_COL_HOLDER_NAME, "The \"Best\"\nBakery,\r\nInc.");
    ck_assert_uint_eq(n->flags, ACH_LEDGER_FIELD_QUOTED | ACH_LEDGER_FIELD_ESCAPED |
                                    ACH_LEDGER_FIELD_MULTILINE);
    ck_assert_uint_eq(n->line, 2);
    ck_assert_uint_eq(n->column, 69);
    /* Positions inside the value: "Bakery" starts line 3 column 1. */
    uint64_t l;
    uint32_t c;
    ach_ledger_field_position(&l, &c, n, 5);
    ck_assert_uint_eq(l, 2);
    ck_assert_uint_eq(c, 76); /* quote(69) T(70) h e space ""(74,75) B(76) */
    ach_ledger_field_position(&l, &c, n, 11);
    ck_assert_uint_eq(l, 3);
    ck_assert_uint_eq(c, 1);
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_HOLDER_TYPE].line, 4);
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_HOLDER_TYPE].column, 7);
    ck_assert_int_eq(rec.holder_type, ACH_LEDGER_HOLDER_COMPANY);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_uint_eq(rec.line, 5);
    ck_assert_uint_eq(rec.end_line, 5);
    ck_field(&rec, ACH_LEDGER_COL_ID, "");
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_ID].flags, ACH_LEDGER_FIELD_QUOTED);
    ck_field(&rec, ACH_LEDGER_COL_REF, "ba_1");
    /* Zero-copy: the view points into the caller's buffer, after the quote. */
    ck_assert_ptr_eq(rec.field[ACH_LEDGER_COL_REF].ptr, strstr(text, "\"ba_1\"") + 1);
    ck_assert_int_eq(rec.pair[1], 45);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_uint_eq(rec.line, 6);
    ck_assert_uint_eq(rec.end_line, 7);
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_CODE].line, 7);
    ck_assert_uint_eq(rec.field[ACH_LEDGER_COL_CODE].column, 5);
    ck_field(&rec, ACH_LEDGER_COL_CODE, "general");
    ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END);
    ach_ledger_stats st;
    ach_ledger_reader_stats(&st, r);
    ck_assert_uint_eq(st.lines, 7);
    ach_ledger_reader_free(r);
}
END_TEST

/* ---- malformed lines: each kind with its exact position, then the next line reads ------ */

typedef struct bad_case {
    const char *name;
    const char *line;         /* the data line (no line end) */
    ach_ledger_fault fault;
    uint32_t err_line_delta;  /* err.line - record line */
    uint32_t column;
    const char *field;
    const char *needle;       /* a piece of the message */
} bad_case;

#define LONGF "@LONG@" /* replaced by 70000 'x' */

static const bad_case bad_cases[] = {
    {"unterminated quote at the end", T0 ",charge,ch_1,ba_1,100,usd,,,\"Jane,,,", ACH_LEDGER_FAULT_QUOTE, 0, 49, "", "unterminated"},
    {"quote inside an unquoted field", T0 ",charge,ch_1,ba_1,10\"0,usd,,,,,,", ACH_LEDGER_FAULT_STRAY_QUOTE, 0, 41, "", "quote inside"},
    {"text after a closing quote", T0 ",charge,ch_1,\"ba_1\"x,100,usd,,,,,,", ACH_LEDGER_FAULT_STRAY_QUOTE, 0, 40, "", "after a closing quote"},
    {"too few fields", T0 ",charge,ch_1,ba_1,100,usd,,,,,", ACH_LEDGER_FAULT_FIELD_COUNT, 0, 51, "", "11 fields"},
    {"too many fields", T0 ",charge,ch_1,ba_1,100,usd,,,,,,,extra", ACH_LEDGER_FAULT_FIELD_COUNT, 0, 53, "", "one too many"},
    {"too many fields after quotes", T0 ",charge,\"ch_1\",ba_1,100,usd,,,,,,,", ACH_LEDGER_FAULT_FIELD_COUNT, 0, 55, "", "one too many"},
    {"blank line", "", ACH_LEDGER_FAULT_BLANK, 0, 1, "", "blank"},
    {"blank CRLF line", "\r", ACH_LEDGER_FAULT_BLANK, 0, 1, "", "blank"},
    {"line longer than 64 KiB", T0 ",charge,ch_1,ba_1,100,usd,,,\"" LONGF "\",,,", ACH_LEDGER_FAULT_TOO_LONG, 0, 65537, "", "longer than 65536"},
    {"unquoted line longer than 64 KiB", T0 ",charge,ch_1,ba_1,100,usd,,," LONGF ",,,", ACH_LEDGER_FAULT_TOO_LONG, 0, 65537, "", "longer than 65536"},
    {"invalid UTF-8 in a name", T0 ",account,ba_1,cus_1,,usd,110000000,000123456789,Ren\xE9 Roy,individual,,", ACH_LEDGER_FAULT_UTF8, 0, 72, "holder_name", "invalid UTF-8"},
    {"overlong UTF-8", T0 ",account,ba_1,cus_1,,usd,110000000,000123456789,A\xC0\x80,individual,,", ACH_LEDGER_FAULT_UTF8, 0, 70, "holder_name", "invalid UTF-8"},
    {"UTF-16 surrogate in UTF-8", T0 ",account,ba_1,cus_1,,usd,110000000,000123456789,\"A\xED\xA0\x80\",individual,,", ACH_LEDGER_FAULT_UTF8, 0, 71, "holder_name", "invalid UTF-8"},
    {"truncated UTF-8 at a field end", T0 ",account,ba_1,cus_1,,usd,110000000,000123456789,Jos\xC3,individual,,", ACH_LEDGER_FAULT_UTF8, 0, 72, "holder_name", "invalid UTF-8"},
    {"control character", T0 ",charge,ch_1,ba\x01_1,100,usd,,,,,,", ACH_LEDGER_FAULT_CONTROL, 0, 36, "ref", "control character 0x01"},
    {"bare CR", T0 ",charge,ch_1,ba_1\r,100,usd,,,,,,", ACH_LEDGER_FAULT_CONTROL, 0, 38, "ref", "control character 0x0D"},
    {"instant without Z", "2024-03-05T14:22:01,charge,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_TIME, 0, 20, "time", "'Z'"},
    {"instant with a space", "2024-03-05 14:22:01Z,charge,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_TIME, 0, 11, "time", "expected 'T'"},
    {"February 30", "2024-02-30T10:00:00Z,charge,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_TIME, 0, 9, "time", "day 30"},
    {"hour 24", "2024-02-29T24:00:00Z,charge,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_TIME, 0, 12, "time", "hour 24"},
    {"quoted time, bad minute", "\"2024-02-29T23:60:00Z\",charge,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_TIME, 0, 16, "time", "minute 60"},
    {"empty time", ",charge,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_MISSING, 0, 1, "time", "time is empty"},
    {"unknown type", T0 ",chargeback,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_TYPE, 0, 22, "type", "'chargeback'"},
    {"type in capitals", T0 ",Charge,ch_1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_TYPE, 0, 22, "type", "'Charge'"},
    {"amount with a point", T0 ",charge,ch_1,ba_1,12.50,usd,,,,,,", ACH_LEDGER_FAULT_AMOUNT, 0, 41, "amount", "'.'"},
    {"negative amount", T0 ",charge,ch_1,ba_1,-100,usd,,,,,,", ACH_LEDGER_FAULT_AMOUNT, 0, 39, "amount", "'-'"},
    {"amount over INT64_MAX", T0 ",charge,ch_1,ba_1,9223372036854775808,usd,,,,,,", ACH_LEDGER_FAULT_AMOUNT, 0, 57, "amount", "overflows"},
    {"amount of 20 nines", T0 ",refund,re_1,ch_1,99999999999999999999,,,,,,,", ACH_LEDGER_FAULT_AMOUNT, 0, 57, "amount", "overflows"},
    {"space in an id", T0 ",charge,ch 1,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_ID, 0, 31, "id", "without spaces"},
    {"id of 64 bytes", T0 ",charge,ch_1234567890123456789012345678901234567890123456789012345678901,ba_1,100,usd,,,,,,", ACH_LEDGER_FAULT_ID, 0, 92, "id", "at most 63"},
    {"ref of 64 bytes", T0 ",charge,ch_1,ba_1234567890123456789012345678901234567890123456789012345678901,100,usd,,,,,,", ACH_LEDGER_FAULT_ID, 0, 97, "ref", "at most 63"},
    {"non-ASCII ref", T0 ",charge,ch_1,bá_1,100,usd,,,,,,", ACH_LEDGER_FAULT_ID, 0, 35, "ref", "byte 0xC3"},
    {"charge without amount", T0 ",charge,ch_1,ba_1,,usd,,,,,,", ACH_LEDGER_FAULT_MISSING, 0, 39, "amount", "amount is empty"},
    {"charge without currency", T0 ",charge,ch_1,ba_1,100,,,,,,,", ACH_LEDGER_FAULT_MISSING, 0, 43, "currency", "charge"},
    {"account without routing", T0 ",account,ba_1,cus_1,,usd,,000123456789,Jane Doe,individual,,", ACH_LEDGER_FAULT_MISSING, 0, 46, "routing", "account"},
    {"outcome without ref", T0 ",outcome,,,,,,,,,succeeded,", ACH_LEDGER_FAULT_MISSING, 0, 31, "ref", "outcome"},
    {"mandate without id", T0 ",mandate,,ba_1,,,,,,,accepted,", ACH_LEDGER_FAULT_MISSING, 0, 30, "id", "mandate"},
    {"currency of two letters", T0 ",charge,ch_1,ba_1,100,us,,,,,,", ACH_LEDGER_FAULT_FIELD, 0, 45, "currency", "3-letter"},
    {"currency with a digit", T0 ",charge,ch_1,ba_1,100,u5d,,,,,,", ACH_LEDGER_FAULT_FIELD, 0, 44, "currency", "'5'"},
    {"holder type person", T0 ",account,ba_1,cus_1,,usd,110000000,000123456789,Jane Doe,person,,", ACH_LEDGER_FAULT_FIELD, 0, 78, "holder_type", "'person'"},
    {"mandate code", T0 ",mandate,m_1,ba_1,,,,,,,active,", ACH_LEDGER_FAULT_FIELD, 0, 45, "code", "'active'"},
    {"outcome code R1", T0 ",outcome,,ch_1,,,,,,,R1,", ACH_LEDGER_FAULT_FIELD, 0, 42, "code", "'R1'"},
    {"outcome code in lower case", T0 ",outcome,,ch_1,,,,,,,r01,", ACH_LEDGER_FAULT_FIELD, 0, 42, "code", "'r01'"},
    {"micro-deposits with one amount", T0 ",microdeposits,,ba_1,,,,,,,,12", ACH_LEDGER_FAULT_FIELD, 0, 51, "detail", "two amounts"},
    {"micro-deposits with two spaces", T0 ",microdeposits,,ba_1,,,,,,,,12  87", ACH_LEDGER_FAULT_FIELD, 0, 52, "detail", "' '"},
    {"micro-deposits may not be instant", T0 ",microdeposits,,ba_1,,,,,,,,instant", ACH_LEDGER_FAULT_FIELD, 0, 56, "detail", "two amounts"},
    {"verification amounts with a comma", T0 ",verification,,ba_1,,,,,,,,\"32,45\"", ACH_LEDGER_FAULT_FIELD, 0, 54, "detail", "or 'instant'"},
    {"verification without detail", T0 ",verification,,ba_1,,,,,,,,", ACH_LEDGER_FAULT_MISSING, 0, 48, "detail", "verification"},
    {"charge detail not a Connect account", T0 ",charge,ch_1,ba_1,100,usd,,,,,,ba_2", ACH_LEDGER_FAULT_FIELD, 0, 52, "detail", "acct_"},
    {"trace number of 14 digits", T0 ",charge,ch_1,ba_1,100,usd,,,,,02100002123456,", ACH_LEDGER_FAULT_FIELD, 0, 51, "code", "15 digits"},
    {"trace number with a letter", T0 ",charge,ch_1,ba_1,100,usd,,,,,0210000212345X7,", ACH_LEDGER_FAULT_FIELD, 0, 64, "code", "15 digits"},
    {"dispute reason with a space", T0 ",dispute,dp_1,ch_1,,,,,,,not mine,", ACH_LEDGER_FAULT_FIELD, 0, 49, "code", "without spaces"},
};

START_TEST(malformed_line_kind_exact_position)
{
    const bad_case *bc = &bad_cases[_i];
    /* line 2 valid, line 3 the bad one, line 4 valid: reading goes on */
    const char *good = T0 ",mandate,m_9,ba_9,,,,,,,accepted,";
    char *bad = strdup(bc->line);
    char *at = strstr(bad, LONGF);
    if (at) {
        size_t pre = (size_t)(at - bad), post = strlen(at + strlen(LONGF));
        char *big = malloc(pre + 70000 + post + 1);
        memcpy(big, bad, pre);
        memset(big + pre, 'x', 70000);
        memcpy(big + pre + 70000, at + strlen(LONGF), post + 1);
        free(bad);
        bad = big;
    }
    size_t n = strlen(HDR) + strlen(good) * 2 + strlen(bad) + 8;
    char *text = malloc(n);
    snprintf(text, n, HDR "\n%s\n%s\n%s\n", good, bad, good);
    {
        ach_ledger_reader *r = open_text(text);
        ach_ledger_record rec;
        ach_error err = ACH_ERROR_INIT;
        ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
        ck_assert_uint_eq(rec.line, 2);
        ach_status s = next(&rec, r, &err);
        if (s != ACH_ELEDGER_RECORD)
            ck_abort_msg("%s: status %s", bc->name, ach_status_name(s));
        ck_assert_int_eq(err.code, ACH_ELEDGER_RECORD);
        if (rec.fault != bc->fault)
            ck_abort_msg("%s: fault %s, expected %s (%s)", bc->name,
                         ach_ledger_fault_name(rec.fault), ach_ledger_fault_name(bc->fault),
                         err.message);
        ck_assert_uint_eq(rec.line, 3);
        ck_assert_uint_eq(rec.index, 2);
        if (err.line != 3 + bc->err_line_delta || err.column != bc->column)
            ck_abort_msg("%s: at %" PRIu64 ":%u, expected %u:%u (%s)", bc->name, err.line, err.column,
                         3 + bc->err_line_delta, bc->column, err.message);
        ck_assert_str_eq(err.field, bc->field);
        ck_assert_str_eq(err.source, "t.csv");
        if (!strstr(err.message, bc->needle))
            ck_abort_msg("%s: message '%s' lacks '%s'", bc->name, err.message, bc->needle);
        ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
        ck_assert_uint_eq(rec.line, 4);
        ck_assert_uint_eq(rec.index, 3);
        ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END);
        ach_ledger_stats st;
        ach_ledger_reader_stats(&st, r);
        ck_assert_uint_eq(st.records, 3);
        ck_assert_uint_eq(st.rejected, 1);
        ck_assert_uint_eq(st.lines, 4);
        ach_ledger_reader_free(r);
    }
    /* Every source gives the same (the digest includes positions and messages). */
    assert_same_from_every_source(text, strlen(text));
    free(text);
    free(bad);
}
END_TEST

START_TEST(unterminated_quote_rereads_the_lines_it_swallowed)
{
    const char *text = HDR "\n"
                       T0 ",charge,ch_1,ba_1,100,usd,,,\"Jane,,,\n"           /* 2: bad */
                       T0 ",outcome,,ch_0,,,,,,,succeeded,\n"                  /* 3 */
                       T0 ",account,ba_2,cus_2,,usd,110000000,000123456789,\"Doe, J\",individual,,\n" /* 4 */
                       T0 ",outcome,,ch_1,,,,,,,R01,\n";                       /* 5 */
    ach_ledger_reader *r = open_text(text);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(next(&rec, r, &err), ACH_ELEDGER_RECORD);
    ck_assert_int_eq(rec.fault, ACH_LEDGER_FAULT_QUOTE);
    ck_assert_uint_eq(err.line, 2);
    ck_assert_uint_eq(err.column, 49);
    ck_assert_uint_eq(rec.end_line, 2);
    for (uint32_t line = 3; line <= 5; line++) {
        ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
        ck_assert_uint_eq(rec.line, line);
    }
    ck_field(&rec, ACH_LEDGER_COL_REF, "ch_1");
    ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END);
    ach_ledger_reader_free(r);
    assert_same_from_every_source(text, strlen(text));
}
END_TEST

START_TEST(malformed_record_still_shows_its_fields)
{
    /* A field-count or typed fault keeps the views, so the engine can name the id. */
    ach_ledger_reader *r = open_text(HDR "\n" T0 ",charge,ch_7,ba_1,1x,usd,,,,,,\n" T0
                                         ",charge,ch_8,\"ba_1\",100,usd,,,,,\n");
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(next(&rec, r, &err), ACH_ELEDGER_RECORD);
    ck_assert_int_eq(rec.type, ACH_LEDGER_CHARGE);
    ck_field(&rec, ACH_LEDGER_COL_ID, "ch_7");
    ck_assert_int_eq(next(&rec, r, &err), ACH_ELEDGER_RECORD);
    ck_assert_int_eq(rec.fault, ACH_LEDGER_FAULT_FIELD_COUNT);
    ck_field(&rec, ACH_LEDGER_COL_ID, "ch_8");
    ck_field(&rec, ACH_LEDGER_COL_REF, "ba_1");
    ach_ledger_reader_free(r);
}
END_TEST

/* R-SEC-1: messages never carry the account number. */
START_TEST(messages_never_show_account_numbers)
{
    ach_ledger_reader *r = open_text(
        HDR "\n" T0 ",account,ba_1,cus_1,,usd,110000000,00012345678\xFF,Jane,individual,,\n" T0
            ",account,ba_1,cus_1,,usd,110000000,000123456789,Jane,individual,,bad\"\n");
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(next(&rec, r, &err), ACH_ELEDGER_RECORD);
        char line[512];
        ach_error_format(line, sizeof line, &err);
        ck_assert_ptr_null(strstr(line, "12345678"));
    }
    ach_ledger_reader_free(r);
}
END_TEST

/* ---- typed values -------------------------------------------------------------------- */

START_TEST(typed_values_of_every_record_type)
{
    const char *text =
        HDR "\n"
        T0 ",account,ba_1,cus_1,,USD,110000000,000123456789,José Núñez,individual,,\n"
        T0 ",microdeposits,,ba_1,,,,,,,,12 87\n"
        T0 ",verification,,ba_1,,,,,,,,32 45\n"
        T0 ",verification,,ba_1,,,,,,,,instant\n"
        T0 ",mandate,mandate_1,ba_1,,,,,,,accepted,\n"
        T0 ",charge,ch_1,ba_1,9223372036854775807,usd,,,,,021000021234567,acct_1\n"
        T0 ",outcome,,ch_1,,,,,,,succeeded,\n"
        T0 ",outcome,,ch_1,,,,,,,R29,\n"
        T0 ",refund,re_1,ch_1,0,,,,,,,\n"
        T0 ",refund_failure,,re_1,,,,,,,,\n"
        T0 ",dispute,dp_1,ch_1,,,,,,,fraudulent,\n";
    ach_ledger_reader *r = open_text(text);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    const ach_instant t0 = ach_instant_make(D(2024, 3, 5), 14, 22, 1);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_ACCOUNT);
    ck_assert_int_eq(rec.time, t0);
    ck_assert_str_eq(rec.currency, "usd");
    ck_assert_int_eq(rec.holder_type, ACH_LEDGER_HOLDER_INDIVIDUAL);
    ck_field(&rec, ACH_LEDGER_COL_HOLDER_NAME, "José Núñez");
    ck_assert_int_eq(rec.amount, -1);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_MICRODEPOSITS);
    ck_assert_int_eq(rec.pair[0], 12);
    ck_assert_int_eq(rec.pair[1], 87);
    ck_assert(!rec.instant);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_VERIFICATION);
    ck_assert_int_eq(rec.pair[0], 32); /* R-ACC-4 test-mode amounts */
    ck_assert_int_eq(rec.pair[1], 45);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert(rec.instant);
    ck_assert_int_eq(rec.pair[0], 0);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_MANDATE);
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_ACCEPTED);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_CHARGE);
    ck_assert_int_eq(rec.amount, INT64_MAX);
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_NONE);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_SUCCEEDED);
    ck_assert_str_eq(rec.return_code, "");

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_RETURN);
    ck_assert_str_eq(rec.return_code, "R29");

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK); /* a zero amount is a rule matter */
    ck_assert_int_eq(rec.type, ACH_LEDGER_REFUND);
    ck_assert_int_eq(rec.amount, 0);

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_REFUND_FAILURE);
    ck_field(&rec, ACH_LEDGER_COL_REF, "re_1");

    ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_DISPUTE);
    ck_field(&rec, ACH_LEDGER_COL_CODE, "fraudulent");
    ck_assert_int_eq(rec.code, ACH_LEDGER_CODE_NONE);

    ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END);
    ck_assert_int_eq(next(&rec, r, &err), ACH_LEDGER_END); /* and again */
    ach_ledger_reader_free(r);
}
END_TEST

/* The reader's instants (with its date cache) equal ach_instant_parse() for every second of a
 * sample spread over leap days and year ends, and a bad time on a cached date is refused. */
START_TEST(instants_match_ach_instant_parse)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    fprintf(f, "%s\n", HDR);
    ach_instant t = ach_instant_make(D(2023, 12, 31), 23, 59, 0);
    size_t n = 0;
    for (; n < 3000; n++) {
        char b[ACH_INSTANT_FORMAT_SIZE];
        fprintf(f, "%s,refund_failure,,re_1,,,,,,,,\n", ach_instant_format(b, t));
        t += 1 + (ach_instant)(n * 7919 % 40000);
    }
    fprintf(f, "2024-12-31T00:00:00Z,refund_failure,,re_1,,,,,,,,\n");
    fprintf(f, "2024-12-31T24:00:00Z,refund_failure,,re_1,,,,,,,,\n");
    fprintf(f, "2024-12-31T23:5x:00Z,refund_failure,,re_1,,,,,,,,\n");
    fprintf(f, "2024-12-31t23:50:00Z,refund_failure,,re_1,,,,,,,,\n");
    fclose(f);
    ach_ledger_reader *r = open_text(text);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    for (size_t i = 0; i <= n; i++) {
        ck_assert_int_eq(next(&rec, r, &err), ACH_OK);
        ach_instant want;
        ck_assert_int_eq(ach_instant_parse(&want, rec.field[0].ptr, rec.field[0].len, NULL),
                         ACH_OK);
        ck_assert_int_eq(rec.time, want);
    }
    static const uint32_t cols[] = {12, 16, 11};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(next(&rec, r, &err), ACH_ELEDGER_RECORD);
        ck_assert_int_eq(rec.fault, ACH_LEDGER_FAULT_TIME);
        ck_assert_uint_eq(err.column, cols[k]);
    }
    ach_ledger_reader_free(r);
    free(text);
}
END_TEST

/* ---- field parsers --------------------------------------------------------------------- */

START_TEST(parsers_accept_and_refuse)
{
    int64_t v = 7, p[2] = {7, 7};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_amount_parse(&v, "0042", 4, NULL), ACH_OK);
    ck_assert_int_eq(v, 42);
    ck_assert_int_eq(ach_ledger_amount_parse(&v, "9223372036854775807", 19, NULL), ACH_OK);
    ck_assert_int_eq(v, INT64_MAX);
    ck_assert_int_eq(ach_ledger_amount_parse(&v, "", 0, &err), ACH_EPARSE);
    ck_assert_int_eq(ach_ledger_amount_parse(&v, "1 2", 3, &err), ACH_EPARSE);
    ck_assert_uint_eq(err.column, 2);
    ck_assert_int_eq(ach_ledger_amount_parse(&v, "+1", 2, &err), ACH_EPARSE);
    ck_assert_int_eq(ach_ledger_amount_parse(&v, "00000000000000000000000001", 26, NULL), ACH_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(ach_ledger_amount_parse(&v, "10000000000000000000", 20, &err),
                     ACH_EOVERFLOW);
    ck_assert_uint_eq(err.column, 20);
    ck_assert_int_eq(v, 1); /* untouched on failure */

    ck_assert_int_eq(ach_ledger_pair_parse(p, "32 45", 5, NULL), ACH_OK);
    ck_assert_int_eq(p[0], 32);
    ck_assert_int_eq(p[1], 45);
    ck_assert_int_eq(ach_ledger_pair_parse(p, " 45", 3, &err), ACH_EPARSE);
    ck_assert_uint_eq(err.column, 1);
    ck_assert_int_eq(ach_ledger_pair_parse(p, "45 ", 3, &err), ACH_EPARSE);
    ck_assert_uint_eq(err.column, 4);
    ck_assert_int_eq(ach_ledger_pair_parse(p, "1 2 3", 5, &err), ACH_EPARSE);
    ck_assert_uint_eq(err.column, 4);
    ck_assert_int_eq(p[0], 32);

    ach_ledger_holder_type h = ACH_LEDGER_HOLDER_NONE;
    ck_assert_int_eq(ach_ledger_holder_type_parse(&h, "company", 7, NULL), ACH_OK);
    ck_assert_int_eq(h, ACH_LEDGER_HOLDER_COMPANY);
    ck_assert_int_eq(ach_ledger_holder_type_parse(&h, "Company", 7, &err), ACH_EHOLDER_TYPE);

    char cur[4] = "xxx";
    ck_assert_int_eq(ach_ledger_currency_parse(cur, "EUR", 3, NULL), ACH_OK);
    ck_assert_str_eq(cur, "eur");
    ck_assert_int_eq(ach_ledger_currency_parse(cur, "usdx", 4, &err), ACH_EPARSE);
    ck_assert_uint_eq(err.column, 4);
    ck_assert_str_eq(cur, "eur");

    ach_ledger_code code = ACH_LEDGER_CODE_NONE;
    char rc[4] = "";
    ck_assert_int_eq(ach_ledger_code_parse(&code, rc, ACH_LEDGER_OUTCOME, "R51", 3, NULL), ACH_OK);
    ck_assert_int_eq(code, ACH_LEDGER_CODE_RETURN);
    ck_assert_str_eq(rc, "R51");
    ck_assert_int_eq(ach_ledger_code_parse(&code, NULL, ACH_LEDGER_OUTCOME, "C01", 3, &err),
                     ACH_EPARSE);
    ck_assert_int_eq(ach_ledger_code_parse(&code, NULL, ACH_LEDGER_MANDATE, "revoked", 7, NULL),
                     ACH_OK);
    ck_assert_int_eq(code, ACH_LEDGER_CODE_REVOKED);
    ck_assert_int_eq(ach_ledger_code_parse(&code, rc, ACH_LEDGER_CHARGE, "x", 1, NULL), ACH_OK);
    ck_assert_int_eq(code, ACH_LEDGER_CODE_NONE);

    ck_assert_int_eq(ach_ledger_id_check("ch_1", 4, NULL), ACH_OK);
    ck_assert_int_eq(ach_ledger_id_check("", 0, &err), ACH_EPARSE);
    ck_assert_int_eq(ach_ledger_id_check("a\tb", 3, &err), ACH_EPARSE);
    ck_assert_uint_eq(err.column, 2);
    char id[66];
    memset(id, 'a', sizeof id);
    ck_assert_int_eq(ach_ledger_id_check(id, 63, NULL), ACH_OK); /* ACH_ID_MAX, as the rules */
    ck_assert_int_eq(ach_ledger_id_check(id, 64, &err), ACH_ETOOLONG);

    for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++) {
        const char *name = ach_ledger_type_name((ach_ledger_type)t);
        ach_ledger_type back = ACH_LEDGER_TYPE_NONE;
        ck_assert_int_eq(ach_ledger_type_parse(&back, name, strlen(name), NULL), ACH_OK);
        ck_assert_int_eq(back, t);
        /* near misses: every byte changed, one byte short, one byte more */
        char near[24];
        size_t n = strlen(name);
        for (size_t i = 0; i < n; i++) {
            memcpy(near, name, n);
            near[i] = (char)(near[i] ^ 0x01);
            ck_assert_int_eq(ach_ledger_type_parse(&back, near, n, NULL), ACH_EPARSE);
            near[i] = (char)(name[i] ^ 0x20); /* the other case */
            ck_assert_int_eq(ach_ledger_type_parse(&back, near, n, NULL), ACH_EPARSE);
        }
        ck_assert_int_eq(ach_ledger_type_parse(&back, name, n - 1, NULL), ACH_EPARSE);
        memcpy(near, name, n);
        near[n] = 's';
        ck_assert_int_eq(ach_ledger_type_parse(&back, near, n + 1, NULL), ACH_EPARSE);
    }
    ck_assert_str_eq(ach_ledger_type_name(ACH_LEDGER_TYPE_COUNT), "");
    ck_assert_str_eq(ach_ledger_column_name(ACH_LEDGER_COL_ACCOUNT_NUMBER), "account_number");
    ck_assert_str_eq(ach_ledger_column_name(ACH_LEDGER_COLUMN_COUNT), "");
    ck_assert_str_eq(ach_ledger_fault_name(ACH_LEDGER_FAULT_QUOTE), "unterminated_quote");
    ck_assert_str_eq(ach_ledger_fault_name(ACH_LEDGER_FAULT_COUNT), "");
    for (int k = 0; k < ACH_LEDGER_FAULT_COUNT; k++)
        ck_assert_uint_gt(strlen(ach_ledger_fault_name((ach_ledger_fault)k)), 0);
    ck_assert_str_eq(ach_status_name(ACH_LEDGER_END), "ACH_LEDGER_END");
    ck_assert_int_eq(ACH_LEDGER_END, -304);
}
END_TEST

/* ---- sources -------------------------------------------------------------------------- */

START_TEST(open_errors_and_null_arguments)
{
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_file(&r, "/nonexistent/ledger.csv", &err), ACH_EIO);
    ck_assert_str_eq(err.source, "/nonexistent/ledger.csv");
    ck_assert_ptr_nonnull(strstr(err.message, "No such file"));
    ck_assert_int_eq(ach_ledger_reader_open_mapped(&r, "/nonexistent", NULL), ACH_EIO);
    ck_assert_int_eq(ach_ledger_reader_open_fd(&r, -1, "x", NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_ledger_reader_open_buffer(NULL, "x", 1, "x", NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, NULL, 1, "x", NULL), ACH_EINVAL);
    ck_assert_ptr_null(r);
    /* A directory opens but cannot be read. */
    ck_assert_int_eq(ach_ledger_reader_open_file(&r, "/", &err), ACH_EIO);
    ck_assert_ptr_null(r);
    r = open_text(HDR "\n");
    ach_ledger_record rec;
    ck_assert_int_eq(ach_ledger_next(NULL, r, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_ledger_next(&rec, NULL, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_ledger_next(&rec, r, NULL), ACH_LEDGER_END);
    ck_assert_str_eq(ach_ledger_reader_source(r), "t.csv");
    ach_ledger_reader_free(r);
    ach_ledger_reader_free(NULL);
}
END_TEST

START_TEST(tricky_ledger_reads_the_same_from_every_source)
{
    /* Quotes, escapes, line breaks in quotes, CRLF, a BOM, non-ASCII, faults of every kind and a
     * record that needs the pipe buffer to grow (60 KB), around read boundaries. */
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    fprintf(f, "\xEF\xBB\xBF%s,extra\r\n", HDR);
    for (int k = 0; k < 40; k++) {
        fprintf(f, T0 ",account,ba_%d,cus_1,,usd,110000000,000123456789,\"Zoë \"\"Z\"\"\r\nMüller, %d\",company,,,x\r\n", k, k);
        fprintf(f, T0 ",charge,ch_%d,ba_%d,%d,usd,,,,,,,\n", k, k, 100 + k);
        fprintf(f, T0 ",outcome,,ch_%d,,,,,,,R0%d,,\n", k, k % 10);
        fprintf(f, "%s\n", bad_cases[k % ACH__ARRAY_LEN(bad_cases)].line);
        if (k % 13 == 0) {
            fprintf(f, T0 ",account,ba_x%d,cus_1,,usd,110000000,000123456789,", k);
            for (int j = 0; j < 60000; j++) fputc('a' + j % 26, f);
            fprintf(f, ",individual,,,\n");
        }
    }
    fprintf(f, T0 ",charge,ch_last,ba_1,1,usd,,,,,,,\"no end");
    fclose(f);
    assert_same_from_every_source(text, size);
    /* And the counts add up. */
    ach_ledger_reader *r = open_text(text);
    char *d = digest(r);
    ach_ledger_stats st;
    ach_ledger_reader_stats(&st, r);
    ck_assert_uint_eq(st.bytes, size);
    ck_assert_uint_gt(st.rejected, 30);
    ach_ledger_reader_free(r);
    free(d);
    free(text);
}
END_TEST

/* data/samples/ledger.csv: every type, and exactly its five documented malformed lines. */
START_TEST(sample_ledger_reads_with_its_documented_faults)
{
    char path[4096];
    ach_test_srcpath(path, sizeof path, "data/samples/ledger.csv");
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_file(&r, path, &err), ACH_OK);
    static const struct {
        uint32_t line, column;
        ach_ledger_fault fault;
    } want[] = {
        {66, 53, ACH_LEDGER_FAULT_AMOUNT}, {67, 22, ACH_LEDGER_FAULT_TYPE},
        {68, 12, ACH_LEDGER_FAULT_TIME},   {69, 64, ACH_LEDGER_FAULT_FIELD_COUNT},
        {114, 75, ACH_LEDGER_FAULT_QUOTE},
    };
    size_t nbad = 0;
    uint64_t by_type[ACH_LEDGER_TYPE_COUNT] = {0};
    ach_ledger_record rec;
    ach_status s;
    while ((s = next(&rec, r, &err)) != ACH_LEDGER_END) {
        if (s == ACH_OK) {
            by_type[rec.type]++;
            continue;
        }
        ck_assert_int_eq(s, ACH_ELEDGER_RECORD);
        ck_assert_uint_lt(nbad, ACH__ARRAY_LEN(want));
        ck_assert_uint_eq(err.line, want[nbad].line);
        ck_assert_uint_eq(err.column, want[nbad].column);
        ck_assert_int_eq(rec.fault, want[nbad].fault);
        nbad++;
    }
    ck_assert_uint_eq(nbad, ACH__ARRAY_LEN(want));
    for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++) ck_assert_uint_gt(by_type[t], 0);
    ach_ledger_stats st;
    ach_ledger_reader_stats(&st, r);
    ck_assert_uint_eq(st.records, 113);
    ck_assert_uint_eq(st.lines, 114);
    ck_assert_uint_eq(st.bytes, st.size);
    ach_ledger_reader_free(r);
}
END_TEST

/* A descriptor is read from its current offset, and is not closed by the reader. */
START_TEST(descriptor_is_read_from_its_offset_and_left_open)
{
    char path[] = "/tmp/check_ledger_fd_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *text = "junk\n" HDR "\n" T0 ",refund_failure,,re_1,,,,,,,,\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    ck_assert_int_eq(lseek(fd, 5, SEEK_SET), 5);
    ach_ledger_reader *r = NULL;
    ck_assert_int_eq(ach_ledger_reader_open_fd(&r, fd, "fd", NULL), ACH_OK);
    ach_ledger_record rec;
    ck_assert_int_eq(ach_ledger_next(&rec, r, NULL), ACH_OK);
    ck_assert_int_eq(rec.type, ACH_LEDGER_REFUND_FAILURE);
    ck_assert_uint_eq(rec.line, 2);
    ach_ledger_stats st;
    ach_ledger_reader_stats(&st, r);
    ck_assert_uint_eq(st.size, strlen(text) - 5);
    ach_ledger_reader_free(r);
    ck_assert_int_ge(fcntl(fd, F_GETFD), 0); /* still open */
    close(fd);
    unlink(path);
}
END_TEST

/* ---- generated ledgers -------------------------------------------------------------------- */

typedef struct expected_faults {
    uint64_t line[64];
    ach_ledger_fault fault[64];
    uint32_t column[64];
    size_t n;
} expected_faults;

static void note_fault(void *ctx, uint64_t line, ach_ledger_fault fault, uint32_t column)
{
    expected_faults *e = ctx;
    if (e->n < 64) {
        e->line[e->n] = line;
        e->fault[e->n] = fault;
        e->column[e->n] = column;
    }
    e->n++;
}

static char *generate(const ledger_gen_options *o, ledger_gen_stats *st, expected_faults *e,
                      size_t *size)
{
    ach_calendar *cal = NULL;
    ck_assert_int_eq(ach_calendar_new_default(&cal, NULL), ACH_OK);
    char *text = NULL;
    FILE *f = open_memstream(&text, size);
    ck_assert_int_eq(ledger_gen_write(f, o, cal, st, e ? note_fault : NULL, e), 0);
    fclose(f);
    ach_calendar_free(cal);
    return text;
}

/* A tiny open-addressing set of ids, to check references. */
typedef struct idset {
    char (*keys)[ACH_LEDGER_ID_SIZE];
    size_t cap, n;
} idset;

static uint64_t hash_id(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static bool idset_has(const idset *s, const ach_ledger_field *f)
{
    for (size_t i = hash_id(f->ptr, f->len) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->keys[i][0]) return false;
        if (strlen(s->keys[i]) == f->len && memcmp(s->keys[i], f->ptr, f->len) == 0) return true;
    }
}

static void idset_add(idset *s, const ach_ledger_field *f)
{
    ck_assert_uint_lt(s->n * 2, s->cap);
    size_t i = hash_id(f->ptr, f->len) & (s->cap - 1);
    while (s->keys[i][0]) i = (i + 1) & (s->cap - 1);
    memcpy(s->keys[i], f->ptr, f->len);
    s->keys[i][f->len] = '\0';
    s->n++;
}

/* Several seeds: the reader rejects exactly the generator's intentional faults, at their line
 * and column; every other record is well formed, in time order, and refers only to ids created
 * before it (what the engine needs). */
START_TEST(generated_ledger_reads_back_with_only_its_intended_faults)
{
    ledger_gen_options o = LEDGER_GEN_OPTIONS_INIT;
    o.seed = 1000 + (uint64_t)_i;
    o.events = 4000;
    o.events_per_day = 250; /* about two weeks: whole lifecycles */
    o.malformed_ppm = 4000;
    o.crlf = _i % 2;
    ledger_gen_stats st;
    expected_faults ef;
    memset(&ef, 0, sizeof ef);
    size_t size = 0;
    char *text = generate(&o, &st, &ef, &size);
    ck_assert_uint_eq(st.lines, o.events);
    ck_assert_uint_eq(st.bytes, size);
    ck_assert_uint_ge(ef.n, 7); /* every malformed kind at least once */
    ck_assert_uint_le(ef.n, 64);
    ach_ledger_reader *r = open_text(text);
    ach_ledger_record rec;
    ach_error err = ACH_ERROR_INIT;
    size_t nf = 0;
    ach_instant last = INT64_MIN;
    idset ids = {calloc(1 << 14, ACH_LEDGER_ID_SIZE), 1 << 14, 0};
    uint64_t by_type[ACH_LEDGER_TYPE_COUNT] = {0};
    for (;;) {
        ach_status s = next(&rec, r, &err);
        if (s == ACH_LEDGER_END) break;
        if (s == ACH_ELEDGER_RECORD) {
            ck_assert_uint_lt(nf, ef.n);
            if (rec.line != ef.line[nf] || rec.fault != ef.fault[nf] ||
                err.column != ef.column[nf])
                ck_abort_msg("seed %llu: fault %s at %" PRIu64 ":%u, expected %s at %llu:%u (%s)",
                             (unsigned long long)o.seed, ach_ledger_fault_name(rec.fault),
                             rec.line, err.column, ach_ledger_fault_name(ef.fault[nf]),
                             (unsigned long long)ef.line[nf], ef.column[nf], err.message);
            nf++;
            continue;
        }
        ck_assert_int_eq(s, ACH_OK);
        by_type[rec.type]++;
        ck_assert_int_ge(rec.time, last);
        last = rec.time;
        const ach_ledger_field *id = &rec.field[ACH_LEDGER_COL_ID];
        const ach_ledger_field *ref = &rec.field[ACH_LEDGER_COL_REF];
        switch (rec.type) {
        case ACH_LEDGER_ACCOUNT:
            idset_add(&ids, id);
            break;
        case ACH_LEDGER_MANDATE:
            ck_assert(idset_has(&ids, ref));
            if (rec.code == ACH_LEDGER_CODE_ACCEPTED) idset_add(&ids, id);
            else ck_assert(idset_has(&ids, id)); /* a revocation names its mandate */
            break;
        case ACH_LEDGER_CHARGE:
            ck_assert(idset_has(&ids, ref));
            if (strcmp(rec.currency, "usd") == 0) idset_add(&ids, id);
            break;
        case ACH_LEDGER_REFUND:
            ck_assert(idset_has(&ids, ref));
            ck_assert_int_gt(rec.amount, 0);
            idset_add(&ids, id);
            break;
        case ACH_LEDGER_DISPUTE:
            ck_assert(idset_has(&ids, ref));
            idset_add(&ids, id);
            break;
        default: /* microdeposits, verification, outcome, refund_failure */
            ck_assert(idset_has(&ids, ref));
            break;
        }
    }
    ck_assert_uint_eq(nf, ef.n);
    for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++) ck_assert_uint_eq(by_type[t], st.by_type[t]);
    ach_ledger_stats rs;
    ach_ledger_reader_stats(&rs, r);
    ck_assert_uint_eq(rs.records, st.lines);
    ck_assert_uint_eq(rs.rejected, st.malformed);
    ck_assert_uint_eq(rs.lines, st.lines + 1);
    ach_ledger_reader_free(r);
    if (_i == 0) assert_same_from_every_source(text, size);
    free(ids.keys);
    free(text);
}
END_TEST

START_TEST(generator_is_deterministic_and_has_the_mix)
{
    ledger_gen_options o = LEDGER_GEN_OPTIONS_INIT;
    o.events = 20000;
    o.events_per_day = 500;
    ledger_gen_stats a, b;
    size_t na = 0, nb = 0;
    char *x = generate(&o, &a, NULL, &na);
    char *y = generate(&o, &b, NULL, &nb);
    ck_assert_uint_eq(na, nb);
    ck_assert_int_eq(memcmp(x, y, na), 0);
    o.seed = 2;
    free(y);
    y = generate(&o, &b, NULL, &nb);
    ck_assert(na != nb || memcmp(x, y, na) != 0);
    /* The mix: every type, test-mode accounts, wrong pairs, about 5 % returns, late failures. */
    for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++) ck_assert_uint_gt(a.by_type[t], 0);
    ck_assert_uint_gt(a.test_accounts, 0);
    ck_assert_uint_gt(a.wrong_pairs, 0);
    ck_assert_uint_gt(a.late_failures, 0);
    double rate = (double)a.returns / (double)a.by_type[ACH_LEDGER_OUTCOME];
    ck_assert(rate > 0.03 && rate < 0.09);
    ck_assert_ptr_nonnull(strstr(x, ",110000000,"));
    free(x);
    free(y);
}
END_TEST

/* A line with quoted fields now takes the fast path when each quote opens or closes a whole
 * field; any other quote sends it to the general path. Both must read a line the same: each line
 * below is read twice, once as it is (fast path, under 256 bytes) and once with a 300-byte
 * unknown column after it (general path), and every record, field and error must agree. */
START_TEST(quoted_lines_read_the_same_by_both_paths)
{
    static const char *const lines[] = {
        "\"" T0 "\",\"account\",\"ba_1\",\"cus_1\",\"\",\"usd\",\"110000000\",\"000123456789\",\"Doe, Jane\",\"individual\",\"\",\"\"",
        T0 ",account,ba_2,cus_2,,usd,110000000,000123456789,\"Acme, Inc.\",company,,",
        T0 ",account,ba_3,cus_3,,usd,110000000,000123456789,\"Søren, Ærø\",individual,,",
        T0 ",verification,\"\",\"ba_1\",,,,,,,,\"32 45\"",
        T0 ",verification,,ba_1,,,,,,,,\"32,45\"",                 /* a fault, inside quotes */
        T0 ",charge,ch_1,ba_1,100,usd,,,,,,\"acct_1\"",            /* last field quoted */
        "\"" T0 "\",charge,ch_2,ba_1,100,usd,,,,,,",               /* first field quoted */
        T0 ",charge,ch_3,ba_1,\"\",usd,,,,,,",                     /* a fault: empty amount */
        T0 ",charge,\"ch_4\",ba_1,100,usd,,,,,,,",                 /* too many fields */
        T0 ",charge,ch_5,\"ba_1\"x,100,usd,,,,,,",                 /* text after the quote */
        T0 ",charge,ch_6,ba\"_1,100,usd,,,,,,",                    /* a quote inside a field */
        T0 ",account,ba_4,cus_4,,usd,110000000,000123456789,\"The \"\"Best\"\" Bakery\",company,,",
        T0 ",account,ba_5,cus_5,,usd,110000000,000123456789,\"a\"b\",company,,",
        T0 ",account,ba_6,cus_6,,usd,110000000,000123456789,\"\",company,,", /* empty name */
        /* a quoted field across the 64th byte, with commas on both sides of it */
        T0 ",account,ba_7,cus_7,,usd,110000000,000123456789,\"Lee, Ann, and Lee, Bo, of Ocean Park, CA\",company,,",
        T0 ",account,ba_8,cus_8,,usd,110000000,000123456789,\"Lee,\",company,\",\",\",,\"",
    };
    char pad[301];
    memset(pad, 'x', 300);
    pad[300] = '\0';
    for (size_t i = 0; i < ACH__ARRAY_LEN(lines); i++) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        fprintf(f, "%s,pad\n%s,\"p\"\n%s,%s\n", HDR, lines[i], lines[i], pad);
        fclose(f);
        ach_ledger_reader *r = open_text(text);
        ach_ledger_record a, b;
        ach_error ea = ACH_ERROR_INIT, eb = ACH_ERROR_INIT;
        ach_status sa = next(&a, r, &ea), sb = next(&b, r, &eb);
        ck_assert_msg(sa == sb, "line %zu: %s by the fast path, %s by the general one (%s)", i,
                      ach_status_name(sa), ach_status_name(sb), eb.message);
        ck_assert_int_eq(a.fault, b.fault);
        ck_assert_uint_eq(ea.column, eb.column);
        ck_assert_str_eq(ea.field, eb.field);
        ck_assert_str_eq(ea.message, eb.message);
        ck_assert_uint_eq(b.line, a.line + 1);
        ck_assert_int_eq(a.type, b.type);
        ck_assert_int_eq(a.time, b.time);
        ck_assert_int_eq(a.amount, b.amount);
        ck_assert_int_eq(a.pair[0], b.pair[0]);
        ck_assert_int_eq(a.pair[1], b.pair[1]);
        ck_assert_int_eq(a.holder_type, b.holder_type);
        ck_assert_str_eq(a.currency, b.currency);
        for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++) {
            const ach_ledger_field *x = &a.field[c], *y = &b.field[c];
            ck_assert_msg(x->len == y->len && memcmp(x->ptr, y->ptr, x->len) == 0,
                          "line %zu, %s: '%.*s' by the fast path, '%.*s' by the general one", i,
                          ach_ledger_column_name((ach_ledger_column)c), (int)x->len, x->ptr,
                          (int)y->len, y->ptr);
            ck_assert_uint_eq(x->column, y->column);
            ck_assert_uint_eq(x->flags, y->flags);
            ck_assert_uint_eq(y->line, x->line + 1);
        }
        ach_ledger_reader_free(r);
        free(text);
    }
}
END_TEST

static Suite *ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *tc = tcase_create("header");
    tcase_add_test(tc, header_missing_required_columns_fail_before_any_data);
    tcase_add_test(tc, header_empty_blank_or_malformed);
    tcase_add_loop_test(tc, header_column_order_is_free, 0, (int)ACH__ARRAY_LEN(orders));
    tcase_add_test(tc, unknown_columns_are_listed_once_and_ignored);
    suite_add_tcase(s, tc);

    tc = tcase_create("csv");
    tcase_add_test(tc, crlf_bom_and_lf_read_the_same);
    tcase_add_test(tc, quoted_fields_commas_escapes_and_line_breaks);
    tcase_add_test(tc, quoted_lines_read_the_same_by_both_paths);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_set_timeout(tc, 20);
    tcase_add_loop_test(tc, malformed_line_kind_exact_position, 0, (int)ACH__ARRAY_LEN(bad_cases));
    tcase_add_test(tc, unterminated_quote_rereads_the_lines_it_swallowed);
    tcase_add_test(tc, malformed_record_still_shows_its_fields);
    tcase_add_test(tc, messages_never_show_account_numbers);
    suite_add_tcase(s, tc);

    tc = tcase_create("typed");
    tcase_add_test(tc, typed_values_of_every_record_type);
    tcase_add_test(tc, instants_match_ach_instant_parse);
    tcase_add_test(tc, parsers_accept_and_refuse);
    suite_add_tcase(s, tc);

    tc = tcase_create("sources");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, open_errors_and_null_arguments);
    tcase_add_test(tc, tricky_ledger_reads_the_same_from_every_source);
    tcase_add_test(tc, sample_ledger_reads_with_its_documented_faults);
    tcase_add_test(tc, descriptor_is_read_from_its_offset_and_left_open);
    suite_add_tcase(s, tc);

    tc = tcase_create("generated");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, generated_ledger_reads_back_with_only_its_intended_faults, 0, 6);
    tcase_add_test(tc, generator_is_deterministic_and_has_the_mix);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(ledger_suite)
