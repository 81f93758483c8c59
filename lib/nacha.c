/* SPDX-License-Identifier: Apache-2.0 */
/* NACHA file reader and validator (SPEC §12; issue 7).
 *
 * Written by hand rather than taken from a library: no C library for NACHA files exists in
 * Debian, and the job is a fixed-width scan that must run at memory speed (the goal is 10 million
 * entries a second), so it is a single pass over the bytes with no allocation per record.
 *
 * Shape of the code:
 *   - record framing (next_record): 94-byte records split by \n, \r\n or nothing;
 *   - record order as an explicit transition table (machine[state][input]);
 *   - field formats as tables of field specs per record type (check_fields), one class-table
 *     lookup per byte;
 *   - the rules that need context (controls, trace order, addenda) in the on_* handlers, with
 *     running sums kept in the reader.
 * A value that is unreadable marks the sums it feeds as unknown, so a defect is reported once,
 * where it is, and not again as a control mismatch. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* MAP_POPULATE, where the system has it */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ach/nacha.h"
#include "ach/date.h"
#include "ach/routing.h"
#include "internal.h"

#define REC ACH_NACHA_RECORD_SIZE

/* ---- character classes -------------------------------------------------------------------- */

enum { C_DIGIT = 1, C_PRINT = 2, C_SPACE = 4, C_GRAPH = 8 };

/* C_PRINT is the NACHA character set for alphanumeric fields: printable ASCII 0x20-0x7E. */
static const uint8_t cls[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    6, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
    11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10, 10, 10, 10, 10, 10,
    10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
    10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
    10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
    10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* ---- field specs -------------------------------------------------------------------------- */

enum format {
    F_NUM,        /* digits */
    F_NUM_OPT,    /* digits, or all blank */
    F_ALNUM,      /* printable ASCII, may be blank */
    F_ALNUM_REQ,  /* printable ASCII, not all blank */
    F_BLANK,      /* all blank (reserved) */
    F_DATE,       /* YYMMDD */
    F_DATE_OPT,   /* YYMMDD or blank */
    F_TIME_OPT,   /* HHMM or blank */
    F_JULIAN_OPT, /* 001-366 or blank */
    F_EXACT,      /* exactly `allowed` */
    F_ONE_OF,     /* one character among `allowed` */
    F_ROUTING_B   /* a blank then nine digits (immediate destination) */
};

enum { SENSITIVE = 1 }; /* an account number may be in it: mask what is shown (R-SEC-1) */

typedef struct field_spec {
    const char *name;
    uint8_t col;   /* 1-based */
    uint8_t width;
    uint8_t format;
    uint8_t flags;
    const char *allowed;
} field_spec;

/* File header (1). */
enum { FH_PRIORITY, FH_DEST, FH_ORIGIN, FH_DATE, FH_TIME, FH_MODIFIER, FH_SIZE, FH_BLOCKING,
       FH_FORMAT, FH_DEST_NAME, FH_ORIGIN_NAME, FH_REFERENCE, FH_N };
static const field_spec file_header_fields[FH_N] = {
    {"priority code", 2, 2, F_EXACT, 0, "01"},
    {"immediate destination", 4, 10, F_ROUTING_B, 0, NULL},
    {"immediate origin", 14, 10, F_ALNUM_REQ, 0, NULL},
    {"file creation date", 24, 6, F_DATE, 0, NULL},
    {"file creation time", 30, 4, F_TIME_OPT, 0, NULL},
    {"file ID modifier", 34, 1, F_ONE_OF, 0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"},
    {"record size", 35, 3, F_EXACT, 0, "094"},
    {"blocking factor", 38, 2, F_EXACT, 0, "10"},
    {"format code", 40, 1, F_EXACT, 0, "1"},
    {"immediate destination name", 41, 23, F_ALNUM, 0, NULL},
    {"immediate origin name", 64, 23, F_ALNUM, 0, NULL},
    {"reference code", 87, 8, F_ALNUM, 0, NULL},
};

/* Batch header (5). */
enum { BH_SERVICE, BH_NAME, BH_DISCRETIONARY, BH_COMPANY_ID, BH_SEC, BH_DESCRIPTION, BH_DESC_DATE,
       BH_EFFECTIVE, BH_SETTLEMENT, BH_STATUS, BH_ODFI, BH_NUMBER, BH_N };
static const field_spec batch_header_fields[BH_N] = {
    {"service class code", 2, 3, F_NUM, 0, NULL},
    {"company name", 5, 16, F_ALNUM_REQ, 0, NULL},
    {"company discretionary data", 21, 20, F_ALNUM, 0, NULL},
    {"company identification", 41, 10, F_ALNUM_REQ, 0, NULL},
    {"standard entry class code", 51, 3, F_ALNUM_REQ, 0, NULL},
    {"company entry description", 54, 10, F_ALNUM_REQ, 0, NULL},
    {"company descriptive date", 64, 6, F_ALNUM, 0, NULL},
    {"effective entry date", 70, 6, F_DATE, 0, NULL},
    {"settlement date", 76, 3, F_JULIAN_OPT, 0, NULL},
    {"originator status code", 79, 1, F_ONE_OF, 0, "012"},
    {"originating DFI identification", 80, 8, F_NUM, 0, NULL},
    {"batch number", 88, 7, F_NUM, 0, NULL},
};

/* Entry detail (6). */
enum { E_TC, E_RDFI, E_CHECK, E_ACCOUNT, E_AMOUNT, E_ID, E_NAME, E_DISCRETIONARY, E_INDICATOR,
       E_TRACE, E_N };
static const field_spec entry_fields[E_N] = {
    {"transaction code", 2, 2, F_NUM, 0, NULL},
    {"receiving DFI identification", 4, 8, F_NUM, 0, NULL},
    {"check digit", 12, 1, F_NUM, 0, NULL},
    {"DFI account number", 13, 17, F_ALNUM_REQ, SENSITIVE, NULL},
    {"amount", 30, 10, F_NUM, 0, NULL},
    {"individual identification number", 40, 15, F_ALNUM, 0, NULL},
    {"individual name", 55, 22, F_ALNUM, 0, NULL},
    {"discretionary data", 77, 2, F_ALNUM, 0, NULL},
    {"addenda record indicator", 79, 1, F_ONE_OF, 0, "01"},
    {"trace number", 80, 15, F_NUM, 0, NULL},
};

/* Addenda (7): the type code, then the layout of each type. */
static const field_spec addenda_type_field = {"addenda type code", 2, 2, F_NUM, 0, NULL};
enum { A05_INFO, A05_SEQUENCE, A05_ENTRY_SEQUENCE, A05_N };
static const field_spec addenda05_fields[A05_N] = {
    {"payment related information", 4, 80, F_ALNUM, 0, NULL},
    {"addenda sequence number", 84, 4, F_NUM, 0, NULL},
    {"entry detail sequence number", 88, 7, F_NUM, 0, NULL},
};
enum { A98_CODE, A98_ORIGINAL_TRACE, A98_RESERVED1, A98_ORIGINAL_RDFI, A98_CORRECTED,
       A98_RESERVED2, A98_TRACE, A98_N };
static const field_spec addenda98_fields[A98_N] = {
    {"change code", 4, 3, F_ALNUM_REQ, 0, NULL},
    {"original entry trace number", 7, 15, F_NUM, 0, NULL},
    {"reserved", 22, 6, F_BLANK, 0, NULL},
    {"original receiving DFI identification", 28, 8, F_NUM, 0, NULL},
    {"corrected data", 36, 29, F_ALNUM_REQ, SENSITIVE, NULL},
    {"reserved", 65, 15, F_BLANK, 0, NULL},
    {"trace number", 80, 15, F_NUM, 0, NULL},
};
enum { A99_CODE, A99_ORIGINAL_TRACE, A99_DEATH, A99_ORIGINAL_RDFI, A99_INFO, A99_TRACE, A99_N };
static const field_spec addenda99_fields[A99_N] = {
    {"return reason code", 4, 3, F_ALNUM_REQ, 0, NULL},
    {"original entry trace number", 7, 15, F_NUM, 0, NULL},
    {"date of death", 22, 6, F_DATE_OPT, 0, NULL},
    {"original receiving DFI identification", 28, 8, F_NUM, 0, NULL},
    {"addenda information", 36, 44, F_ALNUM, 0, NULL},
    {"trace number", 80, 15, F_NUM, 0, NULL},
};

/* Batch control (8). */
enum { BC_SERVICE, BC_COUNT, BC_HASH, BC_DEBIT, BC_CREDIT, BC_COMPANY_ID, BC_MAC, BC_RESERVED,
       BC_ODFI, BC_NUMBER, BC_N };
static const field_spec batch_control_fields[BC_N] = {
    {"service class code", 2, 3, F_NUM, 0, NULL},
    {"entry/addenda count", 5, 6, F_NUM, 0, NULL},
    {"entry hash", 11, 10, F_NUM, 0, NULL},
    {"total debit entry dollar amount", 21, 12, F_NUM, 0, NULL},
    {"total credit entry dollar amount", 33, 12, F_NUM, 0, NULL},
    {"company identification", 45, 10, F_ALNUM, 0, NULL},
    {"message authentication code", 55, 19, F_ALNUM, 0, NULL},
    {"reserved", 74, 6, F_BLANK, 0, NULL},
    {"originating DFI identification", 80, 8, F_NUM, 0, NULL},
    {"batch number", 88, 7, F_NUM, 0, NULL},
};

/* File control (9). */
enum { FC_BATCHES, FC_BLOCKS, FC_COUNT, FC_HASH, FC_DEBIT, FC_CREDIT, FC_RESERVED, FC_N };
static const field_spec file_control_fields[FC_N] = {
    {"batch count", 2, 6, F_NUM, 0, NULL},
    {"block count", 8, 6, F_NUM, 0, NULL},
    {"entry/addenda count", 14, 8, F_NUM, 0, NULL},
    {"entry hash", 22, 10, F_NUM, 0, NULL},
    {"total debit entry dollar amount in file", 32, 12, F_NUM, 0, NULL},
    {"total credit entry dollar amount in file", 44, 12, F_NUM, 0, NULL},
    {"reserved", 56, 39, F_BLANK, 0, NULL},
};

/* ---- codes -------------------------------------------------------------------------------- */

#define TC(x) (UINT64_C(1) << (x))
/* Transaction codes of the Nacha record formats: checking 21-24/26-29, savings 31-34/36-39,
 * general ledger 41-44/46-49, loan 51-56. The last digit: 1 return/NOC, 2 live, 3 prenote,
 * 4 zero-dollar remittance for credits; 6, 7, 8, 9 the same for debits; 55 loan debit. */
static const uint64_t valid_tc =
    TC(21) | TC(22) | TC(23) | TC(24) | TC(26) | TC(27) | TC(28) | TC(29) |
    TC(31) | TC(32) | TC(33) | TC(34) | TC(36) | TC(37) | TC(38) | TC(39) |
    TC(41) | TC(42) | TC(43) | TC(44) | TC(46) | TC(47) | TC(48) | TC(49) |
    TC(51) | TC(52) | TC(53) | TC(54) | TC(55) | TC(56);

static bool tc_known(int32_t tc) { return tc >= 0 && tc < 64 && (valid_tc & TC(tc)); }
static bool tc_debit(int32_t tc) { return tc % 10 >= 5; }
static bool tc_zero_only(int32_t tc) /* prenote or zero-dollar remittance */
{
    int d = tc % 10;
    return d == 3 || d == 4 || d == 8 || d == 9;
}
static bool tc_return_or_noc(int32_t tc) { return tc % 10 == 1 || tc % 10 == 6; }

enum sec_kind { SEC_UNKNOWN, SEC_SUPPORTED, SEC_UNSUPPORTED };

/* The SEC codes of the Nacha Operating Rules. IAT and ADV batches have their own record layouts,
 * which this reader does not parse. */
static enum sec_kind sec_lookup(const char *sec)
{
    static const char known[][4] = {"ACK", "ARC", "ATX", "BOC", "CCD", "CIE", "COR", "CTX",
                                    "DNE", "ENR", "MTE", "POP", "POS", "PPD", "RCK", "SHR",
                                    "TEL", "TRC", "TRX", "WEB", "XCK"};
    for (size_t i = 0; i < ACH__ARRAY_LEN(known); i++)
        if (memcmp(sec, known[i], 3) == 0) return SEC_SUPPORTED;
    if (memcmp(sec, "IAT", 3) == 0 || memcmp(sec, "ADV", 3) == 0) return SEC_UNSUPPORTED;
    return SEC_UNKNOWN;
}

/* Payment-related addenda (05) allowed per entry: CTX, ENR and TRX carry up to 9,999. */
static int64_t max_addenda05(const char *sec)
{
    if (!memcmp(sec, "CTX", 3) || !memcmp(sec, "ENR", 3) || !memcmp(sec, "TRX", 3)) return 9999;
    return 1;
}

/* ---- record order ------------------------------------------------------------------------- */

enum state { S_START, S_FILE, S_BATCH, S_ENTRY, S_ADDENDA, S_BATCH_END, S_FILE_END, S_PADDING,
             S_COUNT };
enum input { I_FILE_HEADER, I_BATCH_HEADER, I_ENTRY, I_ADDENDA, I_BATCH_CONTROL, I_FILE_CONTROL,
             I_PADDING, I_COUNT };

typedef struct transition {
    uint8_t next; /* the state after the record, also when it is out of order (recovery) */
    uint8_t ok;   /* 1 when the record may come here */
} transition;

/* 1 → (5 → (6 → 7*)* → 8)* → 9 → padding. A record out of order is reported and then taken
 * for what it is: a batch header opens a batch, an entry starts an entry, and so on. */
static const transition machine[S_COUNT][I_COUNT] = {
    /*               1             5               6              7                8                 9                PAD */
    [S_START]     = {{S_FILE, 1}, {S_BATCH, 0}, {S_ENTRY, 0}, {S_ADDENDA, 0}, {S_BATCH_END, 0}, {S_FILE_END, 0}, {S_PADDING, 0}},
    [S_FILE]      = {{S_FILE, 0}, {S_BATCH, 1}, {S_ENTRY, 0}, {S_ADDENDA, 0}, {S_BATCH_END, 0}, {S_FILE_END, 1}, {S_PADDING, 0}},
    [S_BATCH]     = {{S_FILE, 0}, {S_BATCH, 0}, {S_ENTRY, 1}, {S_ADDENDA, 0}, {S_BATCH_END, 0}, {S_FILE_END, 0}, {S_PADDING, 0}},
    [S_ENTRY]     = {{S_FILE, 0}, {S_BATCH, 0}, {S_ENTRY, 1}, {S_ADDENDA, 1}, {S_BATCH_END, 1}, {S_FILE_END, 0}, {S_PADDING, 0}},
    [S_ADDENDA]   = {{S_FILE, 0}, {S_BATCH, 0}, {S_ENTRY, 1}, {S_ADDENDA, 1}, {S_BATCH_END, 1}, {S_FILE_END, 0}, {S_PADDING, 0}},
    [S_BATCH_END] = {{S_FILE, 0}, {S_BATCH, 1}, {S_ENTRY, 0}, {S_ADDENDA, 0}, {S_BATCH_END, 0}, {S_FILE_END, 1}, {S_PADDING, 0}},
    [S_FILE_END]  = {{S_FILE, 0}, {S_BATCH, 0}, {S_ENTRY, 0}, {S_ADDENDA, 0}, {S_BATCH_END, 0}, {S_FILE_END, 0}, {S_PADDING, 1}},
    [S_PADDING]   = {{S_FILE, 0}, {S_BATCH, 0}, {S_ENTRY, 0}, {S_ADDENDA, 0}, {S_BATCH_END, 0}, {S_FILE_END, 0}, {S_PADDING, 1}},
};

/* What may come in each state, for the "expected" of a record-order finding. */
static const char *const state_expects[S_COUNT] = {
    [S_START] = "file header (1)",
    [S_FILE] = "batch header (5) or file control (9)",
    [S_BATCH] = "entry detail (6)",
    [S_ENTRY] = "entry detail (6), addenda (7) or batch control (8)",
    [S_ADDENDA] = "entry detail (6), addenda (7) or batch control (8)",
    [S_BATCH_END] = "batch header (5) or file control (9)",
    [S_FILE_END] = "padding (all 9s) or end of file",
    [S_PADDING] = "padding (all 9s) or end of file",
};

static const char *const input_names[I_COUNT] = {
    "file header (1)", "batch header (5)", "entry detail (6)", "addenda (7)",
    "batch control (8)", "file control (9)", "padding (all 9s)",
};

/* ---- the reader --------------------------------------------------------------------------- */

/* What a batch or file control totals, summed as the records go by. A sum fed by a value that
 * could not be read is not compared (the value was reported where it is). */
typedef struct sums {
    uint64_t count; /* entries and addenda */
    uint64_t hash;  /* sum of the 8-digit RDFI identifications */
    int64_t debit, credit;
    bool hash_ok, totals_ok;
} sums;

static const sums no_sums = {0, 0, 0, 0, true, true};

struct ach_nacha_reader {
    const char *data;
    size_t len;
    size_t pos;
    void *map; /* the mapping when the reader opened the file */
    size_t map_len;
    ach_nacha_options opts;
    ach_nacha_summary sum;
    uint64_t rec_off;   /* offset of the current record */
    uint64_t rec_no;    /* number of the current record */
    ach_nacha_layout layout;

    /* the open batch */
    ach_nacha_batch_header batch;
    sums b;             /* running sums of the batch */
    int64_t batch_max05;
    int64_t last_trace;
    int64_t last_batch_number;

    /* the open entry */
    ach_nacha_entry entry;
    uint64_t entry_off;
    int64_t entry_addenda; /* addenda seen for it */
    uint64_t entry_rec;
    int32_t entry_first_type;

    /* the file */
    sums f;               /* running sums of the file */
    uint64_t control_rec; /* record number of the file control, 0 before */
    uint64_t padding;

    uint8_t state;
    bool done, batch_open, batch_cor, entry_open;
    char batch_company_id[10];
    char scratch[REC];       /* a short record, padded with blanks */
    char scratch_batch[REC]; /* ... kept while its batch is open */
    char scratch_entry[REC]; /* ... kept while its entry is open */
};

static void report_at(ach_nacha_reader *r, uint64_t record, uint64_t offset, ach_nacha_check check,
                      uint32_t column, const char *field, const char *expected, const char *found)
{
    r->sum.findings++;
    if (!r->opts.on_finding) return;
    ach_nacha_finding f;
    f.check = check;
    f.record = record;
    f.column = column;
    f.offset = offset;
    f.field = field;
    ach__strlcpy(f.expected, expected, sizeof f.expected);
    ach__strlcpy(f.found, found, sizeof f.found);
    r->opts.on_finding(&f, r->opts.ctx);
}

static void report(ach_nacha_reader *r, ach_nacha_check check, uint32_t column, const char *field,
                   const char *expected, const char *found)
{
    report_at(r, r->rec_no, r->rec_off, check, column, field, expected, found);
}

/* ---- small helpers ------------------------------------------------------------------------ */

/* The 8 digits at p as a number, three multiplications instead of eight dependent ones
 * (little-endian words: byte 0 is the most significant digit). */
static inline int64_t digits8_value(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    v = (v & UINT64_C(0x0F0F0F0F0F0F0F0F)) * 2561 >> 8;
    v = (v & UINT64_C(0x00FF00FF00FF00FF)) * 6553601 >> 16;
    v = (v & UINT64_C(0x0000FFFF0000FFFF)) * UINT64_C(42949672960001) >> 32;
    return (int64_t)v;
}

/* The digits p[0..n) as a number (n <= 18; the caller has checked they are digits). */
static int64_t digits(const char *p, size_t n)
{
    int64_t v = 0;
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= n; i += 8) v = v * 100000000 + digits8_value(p + i);
#endif
    for (; i < n; i++) v = v * 10 + (p[i] - '0');
    return v;
}

/* ---- fast path ----------------------------------------------------------------------------
 * Most records are entries and addenda 05 with nothing wrong. For them a few 8-byte word tests
 * (SWAR: each byte's high bit flags a byte out of range; a carry or borrow between bytes only
 * happens after a byte is already out of range, so the tests are exact) say "all fields fine"
 * at once; only a record that fails them goes through the field-by-field checks, which find and
 * describe the fault. */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* All 8 bytes are ASCII digits. */
static inline bool digits8(const char *p)
{
    uint64_t w = load8(p);
    return (((w + 0x46 * ONES) | (w - 0x30 * ONES)) & HIGHS) == 0;
}

/* All 8 bytes are printable ASCII (0x20-0x7E). */
static inline bool print8(const char *p)
{
    uint64_t w = load8(p);
    return (((w - 0x20 * ONES) | (w + 0x01 * ONES) | w) & HIGHS) == 0;
}

/* Bytes [from, to) (to - from >= 8) are digits / printable, by overlapping words. */
static inline bool digits_span(const char *rec, size_t from, size_t to)
{
    size_t i = from;
    for (; i + 8 < to; i += 8)
        if (!digits8(rec + i)) return false;
    return digits8(rec + to - 8);
}

static inline bool print_span(const char *rec, size_t from, size_t to)
{
    size_t i = from;
    for (; i + 8 < to; i += 8)
        if (!print8(rec + i)) return false;
    return print8(rec + to - 8);
}

/* An entry detail whose every field has its format (see entry_fields). */
static bool entry_clean(const char *rec)
{
    return digits_span(rec, 1, 12) && print_span(rec, 12, 29) &&
           (load8(rec + 12) != 0x20 * ONES || load8(rec + 20) != 0x20 * ONES ||
            load8(rec + 21) != 0x20 * ONES) &&
           digits_span(rec, 29, 39) && print_span(rec, 39, 78) &&
           (rec[78] == '0' || rec[78] == '1') && digits_span(rec, 79, 94);
}

/* An addenda 05 whose every field has its format (see addenda05_fields). */
static bool addenda05_clean(const char *rec)
{
    return print_span(rec, 3, 83) && digits_span(rec, 83, 94);
}

static ach_nacha_text view(const char *rec, const field_spec *f)
{
    ach_nacha_text t = {rec + f->col - 1, f->width};
    while (t.len && t.ptr[t.len - 1] == ' ') t.len--;
    return t;
}

static ach_nacha_text view_trimmed(const char *rec, const field_spec *f)
{
    ach_nacha_text t = view(rec, f);
    while (t.len && t.ptr[0] == ' ') {
        t.ptr++;
        t.len--;
    }
    return t;
}

char *ach_nacha_mask_account(char out[ACH_NACHA_MASKED_SIZE], const char *account, size_t len)
{
    while (len && account[len - 1] == ' ') len--;
    memcpy(out, "****", 4);
    if (len > 4) {
        for (size_t i = 0; i < 4; i++) {
            char c = account[len - 4 + i];
            out[4 + i] = (cls[(unsigned char)c] & C_GRAPH) ? c : '?';
        }
        out[8] = '\0';
    } else {
        out[4] = '\0';
    }
    return out;
}

/* Shows n bytes of a field for a finding: trailing blanks dropped, "(blank)" when nothing is
 * left, non-printable bytes as \xHH, account numbers masked. */
static const char *shown(char *dst, size_t cap, const char *p, size_t n, bool sensitive)
{
    while (n && p[n - 1] == ' ') n--;
    if (!n) return "(blank)";
    if (sensitive) return ach_nacha_mask_account(dst, p, n);
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < cap; i++) {
        unsigned char c = (unsigned char)p[i];
        if (cls[c] & C_PRINT) dst[k++] = (char)c;
        else k += (size_t)snprintf(dst + k, cap - k, "\\x%02X", c);
    }
    dst[k] = '\0';
    return dst;
}

static bool valid_yymmdd(const char *p, ach_date *out)
{
    for (int i = 0; i < 6; i++)
        if (!(cls[(unsigned char)p[i]] & C_DIGIT)) return false;
    int32_t y = (int32_t)digits(p, 2), m = (int32_t)digits(p + 2, 2), d = (int32_t)digits(p + 4, 2);
    return ach_date_make(out, 2000 + y, m, d, NULL) == ACH_OK;
}

/* Checks one field's format; reports and returns false when it is wrong. */
static bool check_field(ach_nacha_reader *r, const char *rec, const field_spec *f)
{
    const unsigned char *p = (const unsigned char *)rec + f->col - 1;
    unsigned and_ = 0xff, or_ = 0;
    for (unsigned i = 0; i < f->width; i++) {
        unsigned c = cls[p[i]];
        and_ &= c;
        or_ |= c;
    }
    const char *s = (const char *)p;
    unsigned need = 0;       /* class every byte must have */
    const char *what = NULL; /* expected, for a class failure */
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
    ach_date ignored;
    switch ((enum format)f->format) {
    case F_NUM:
        if (and_ & C_DIGIT) return true;
        need = C_DIGIT;
        break;
    case F_NUM_OPT:
        if ((and_ & C_DIGIT) || (and_ & C_SPACE)) return true;
        need = C_DIGIT;
        break;
    case F_ALNUM:
        if (and_ & C_PRINT) return true;
        need = C_PRINT;
        break;
    case F_ALNUM_REQ:
        if ((and_ & C_PRINT) && (or_ & C_GRAPH)) return true;
        if (and_ & C_PRINT) {
            report(r, ACH_NACHA_CHECK_REQUIRED, f->col, f->name, "a value", "(blank)");
            return false;
        }
        need = C_PRINT;
        break;
    case F_BLANK:
        if (and_ & C_SPACE) return true;
        need = C_SPACE;
        break;
    case F_DATE:
    case F_DATE_OPT:
        if (f->format == F_DATE_OPT && (and_ & C_SPACE)) return true;
        if (valid_yymmdd(s, &ignored)) return true;
        report(r, ACH_NACHA_CHECK_DATE, f->col, f->name,
               f->format == F_DATE ? "a date YYMMDD" : "a date YYMMDD or blanks",
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    case F_TIME_OPT:
        if (and_ & C_SPACE) return true;
        if ((and_ & C_DIGIT) && digits(s, 2) < 24 && digits(s + 2, 2) < 60) return true;
        report(r, ACH_NACHA_CHECK_DATE, f->col, f->name, "a time HHMM or blanks",
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    case F_JULIAN_OPT:
        if (and_ & C_SPACE) return true;
        if ((and_ & C_DIGIT) && digits(s, 3) >= 1 && digits(s, 3) <= 366) return true;
        report(r, ACH_NACHA_CHECK_DATE, f->col, f->name, "a day of the year 001-366 or blanks",
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    case F_EXACT:
        if (memcmp(s, f->allowed, f->width) == 0) return true;
        report(r, ACH_NACHA_CHECK_VALUE, f->col, f->name, f->allowed,
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    case F_ONE_OF:
        for (const char *a = f->allowed; *a; a++)
            if (*a == *s) return true;
        if (strlen(f->allowed) > 10) snprintf(exp, sizeof exp, "A-Z or 0-9");
        else snprintf(exp, sizeof exp, "one of %s", f->allowed);
        report(r, ACH_NACHA_CHECK_VALUE, f->col, f->name, exp,
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    case F_ROUTING_B:
        if (s[0] == ' ') {
            bool ok = true;
            for (int i = 1; i < 10; i++) ok &= (cls[p[i]] & C_DIGIT) != 0;
            if (ok) return true;
        }
        report(r, ACH_NACHA_CHECK_NUMERIC, f->col, f->name, "a blank and 9 digits",
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    }
    /* A byte lacks class `need`: report the first such byte's column. */
    unsigned bad = 0;
    while (bad < f->width && (cls[p[bad]] & need)) bad++;
    switch (need) {
    case C_DIGIT:
        snprintf(exp, sizeof exp, f->format == F_NUM_OPT ? "%u digits or blanks" : "%u digits",
                 (unsigned)f->width);
        what = exp;
        break;
    case C_PRINT: what = "printable ASCII"; break;
    default: what = "blanks"; break;
    }
    ach_nacha_check check = need == C_DIGIT   ? ACH_NACHA_CHECK_NUMERIC
                            : need == C_PRINT ? ACH_NACHA_CHECK_ALPHANUMERIC
                                              : ACH_NACHA_CHECK_BLANK;
    report(r, check, f->col + bad, f->name, what,
           shown(buf, sizeof buf, s, f->width, (f->flags & SENSITIVE) != 0));
    return false;
}

/* Checks every field of a record; bit i of the result is set when field i is valid. */
static uint32_t check_fields(ach_nacha_reader *r, const char *rec, const field_spec *specs,
                             size_t n)
{
    uint32_t ok = 0;
    for (size_t i = 0; i < n; i++)
        if (check_field(r, rec, &specs[i])) ok |= UINT32_C(1) << i;
    return ok;
}

#define OK(mask, i) (((mask) >> (i)) & 1u)

/* The number in field i, or -1 when the field is not valid (or blank where optional). */
static int64_t number(const char *rec, const field_spec *specs, uint32_t ok, int i)
{
    const field_spec *f = &specs[i];
    const char *p = rec + f->col - 1;
    if (!OK(ok, i) || p[0] == ' ') return -1;
    return digits(p, f->width);
}

static void report_number_mismatch(ach_nacha_reader *r, ach_nacha_check check,
                                   const field_spec *f, const char *rec, int64_t want)
{
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
    snprintf(exp, sizeof exp, "%0*lld", (int)f->width, (long long)want);
    report(r, check, f->col, f->name, exp, shown(buf, sizeof buf, rec + f->col - 1, f->width, false));
}

/* ---- record handlers ---------------------------------------------------------------------- */

static void on_file_header(ach_nacha_reader *r, const char *rec, ach_nacha_file_header *h)
{
    const field_spec *F = file_header_fields;
    uint32_t ok = check_fields(r, rec, F, FH_N);
    if (OK(ok, FH_DEST)) {
        int cd = ach_routing_check_digit(rec + 4);
        if (cd != rec[12] - '0') {
            char exp[8], buf[8];
            snprintf(exp, sizeof exp, "%d", cd);
            snprintf(buf, sizeof buf, "%c", rec[12]);
            report(r, ACH_NACHA_CHECK_CHECK_DIGIT, 13, F[FH_DEST].name, exp, buf);
        }
    }
    h->immediate_destination = view_trimmed(rec, &F[FH_DEST]);
    h->immediate_origin = view_trimmed(rec, &F[FH_ORIGIN]);
    h->creation_date = ACH_DATE_NONE;
    if (OK(ok, FH_DATE)) (void)valid_yymmdd(rec + 23, &h->creation_date);
    h->creation_time = (int32_t)number(rec, F, ok, FH_TIME);
    h->file_id_modifier = rec[33];
    h->destination_name = view(rec, &F[FH_DEST_NAME]);
    h->origin_name = view(rec, &F[FH_ORIGIN_NAME]);
    h->reference_code = view(rec, &F[FH_REFERENCE]);
}

/* The Julian day `day` placed in the year (of the three around `near`) that brings it nearest. */
static ach_date julian_near(int64_t day, ach_date near)
{
    if (day < 1 || near == ACH_DATE_NONE) return ACH_DATE_NONE;
    int32_t year = ach_date_civil(near).year;
    ach_date best = ACH_DATE_NONE;
    for (int32_t y = year - 1; y <= year + 1; y++) {
        ach_date jan1;
        if (ach_date_make(&jan1, y, 1, 1, NULL) != ACH_OK) continue;
        if (day > (ach_is_leap_year(y) ? 366 : 365)) continue;
        ach_date d = jan1 + (ach_date)day - 1;
        if (best == ACH_DATE_NONE || labs((long)(d - near)) < labs((long)(best - near))) best = d;
    }
    return best;
}

static void reset_batch(ach_nacha_reader *r)
{
    r->b = no_sums;
    r->last_trace = -1;
}

static void on_batch_header(ach_nacha_reader *r, const char *rec, ach_nacha_batch_header *h)
{
    const field_spec *F = batch_header_fields;
    uint32_t ok = check_fields(r, rec, F, BH_N);
    char buf[ACH_NACHA_FINDING_TEXT_SIZE];
    h->service_class = (int32_t)number(rec, F, ok, BH_SERVICE);
    if (h->service_class >= 0 && h->service_class != 200 && h->service_class != 220 &&
        h->service_class != 225) {
        report(r, ACH_NACHA_CHECK_SERVICE_CLASS, 2, F[BH_SERVICE].name,
               h->service_class == 280 ? "200, 220 or 225 (ADV is not supported)"
                                       : "200, 220 or 225",
               shown(buf, sizeof buf, rec + 1, 3, false));
    }
    h->company_name = view(rec, &F[BH_NAME]);
    h->discretionary_data = view(rec, &F[BH_DISCRETIONARY]);
    h->company_id = view(rec, &F[BH_COMPANY_ID]);
    memcpy(h->sec, rec + 50, 3);
    h->sec[3] = '\0';
    if (OK(ok, BH_SEC)) {
        enum sec_kind k = sec_lookup(h->sec);
        if (k != SEC_SUPPORTED)
            report(r, ACH_NACHA_CHECK_SEC_CODE, 51, F[BH_SEC].name,
                   k == SEC_UNKNOWN ? "a NACHA SEC code" : "a supported SEC code (not IAT or ADV)",
                   shown(buf, sizeof buf, rec + 50, 3, false));
    }
    h->entry_description = view(rec, &F[BH_DESCRIPTION]);
    h->descriptive_date = view(rec, &F[BH_DESC_DATE]);
    h->effective_date = ACH_DATE_NONE;
    if (OK(ok, BH_EFFECTIVE)) (void)valid_yymmdd(rec + 69, &h->effective_date);
    h->settlement_date = julian_near(number(rec, F, ok, BH_SETTLEMENT), h->effective_date);
    h->originator_status = rec[78];
    h->odfi = number(rec, F, ok, BH_ODFI);
    h->batch_number = number(rec, F, ok, BH_NUMBER);
    if (h->batch_number >= 0) {
        if (r->last_batch_number >= 0 && h->batch_number <= r->last_batch_number) {
            char exp[ACH_NACHA_FINDING_TEXT_SIZE];
            snprintf(exp, sizeof exp, "greater than %07lld", (long long)r->last_batch_number);
            report(r, ACH_NACHA_CHECK_BATCH_NUMBER, 88, F[BH_NUMBER].name, exp,
                   shown(buf, sizeof buf, rec + 87, 7, false));
        }
        r->last_batch_number = h->batch_number;
    }
    r->batch = *h;
    memcpy(r->batch_company_id, rec + 40, sizeof r->batch_company_id);
    r->batch_open = true;
    r->batch_cor = memcmp(h->sec, "COR", 3) == 0;
    r->batch_max05 = max_addenda05(h->sec);
    reset_batch(r);
    r->sum.batches++;
}

/* One more entry or addenda in the entry/addenda counts of the batch and of the file. */
static void count_record(ach_nacha_reader *r)
{
    r->b.count++;
    r->f.count++;
}

/* Adds an entry's RDFI (-1: unreadable) and amount (-1, or unknown transaction code: unreadable)
 * to `s`. */
static void sum_entry(sums *s, int64_t rdfi, bool amount_known, int64_t amount, bool debit)
{
    if (rdfi >= 0) s->hash += (uint64_t)rdfi;
    else s->hash_ok = false;
    if (!amount_known) s->totals_ok = false;
    else if (debit) s->debit += amount;
    else s->credit += amount;
}

/* Compares a control's entry/addenda count, entry hash and totals with the running sums `s`.
 * `f` points at the specs of those four fields, consecutive in the control's table. */
static void check_sums(ach_nacha_reader *r, const char *rec, const field_spec *f, int64_t count,
                       int64_t hash, int64_t debit, int64_t credit, const sums *s)
{
    const uint64_t low10 = UINT64_C(10000000000); /* the hash keeps its low 10 digits */
    if (count >= 0 && (uint64_t)count != s->count)
        report_number_mismatch(r, ACH_NACHA_CHECK_ENTRY_COUNT, &f[0], rec, (int64_t)s->count);
    if (hash >= 0 && s->hash_ok && (uint64_t)hash != s->hash % low10)
        report_number_mismatch(r, ACH_NACHA_CHECK_ENTRY_HASH, &f[1], rec,
                               (int64_t)(s->hash % low10));
    if (s->totals_ok && debit >= 0 && debit != s->debit)
        report_number_mismatch(r, ACH_NACHA_CHECK_TOTAL_DEBIT, &f[2], rec, s->debit);
    if (s->totals_ok && credit >= 0 && credit != s->credit)
        report_number_mismatch(r, ACH_NACHA_CHECK_TOTAL_CREDIT, &f[3], rec, s->credit);
}

static void on_entry(ach_nacha_reader *r, const char *rec, ach_nacha_entry *e)
{
    const field_spec *F = entry_fields;
    uint32_t ok = entry_clean(rec) ? (UINT32_C(1) << E_N) - 1 : check_fields(r, rec, F, E_N);
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];

    e->transaction_code = (int32_t)number(rec, F, ok, E_TC);
    bool tc_ok = e->transaction_code >= 0 && tc_known(e->transaction_code);
    if (e->transaction_code >= 0 && !tc_ok)
        report(r, ACH_NACHA_CHECK_TRANSACTION_CODE, 2, F[E_TC].name, "a NACHA transaction code",
               shown(buf, sizeof buf, rec + 1, 2, false));
    e->rdfi_routing = (ach_nacha_text){rec + 3, 9};
    e->rdfi = number(rec, F, ok, E_RDFI);
    if (e->rdfi >= 0 && OK(ok, E_CHECK)) {
        int cd = ach_routing_check_digit(rec + 3);
        if (cd != rec[11] - '0') {
            snprintf(exp, sizeof exp, "%d", cd);
            snprintf(buf, sizeof buf, "%c", rec[11]);
            report(r, ACH_NACHA_CHECK_CHECK_DIGIT, 12, F[E_CHECK].name, exp, buf);
        }
    }
    e->account = view(rec, &F[E_ACCOUNT]);
    e->amount = number(rec, F, ok, E_AMOUNT);
    e->individual_id = view(rec, &F[E_ID]);
    e->individual_name = view(rec, &F[E_NAME]);
    e->discretionary_data = view(rec, &F[E_DISCRETIONARY]);
    e->has_addenda = rec[78] == '1';
    e->debit = tc_ok && tc_debit(e->transaction_code);
    e->trace_number = number(rec, F, ok, E_TRACE);
    e->trace = (ach_nacha_text){rec + 79, 15};

    if (r->batch_open && tc_ok) {
        int32_t sc = r->batch.service_class;
        if ((sc == 220 && e->debit) || (sc == 225 && !e->debit))
            report(r, ACH_NACHA_CHECK_TRANSACTION_CODE, 2, F[E_TC].name,
                   sc == 220 ? "a credit (service class 220)" : "a debit (service class 225)",
                   shown(buf, sizeof buf, rec + 1, 2, false));
        else if (r->batch_cor && !tc_return_or_noc(e->transaction_code))
            report(r, ACH_NACHA_CHECK_TRANSACTION_CODE, 2, F[E_TC].name,
                   "a return/NOC code (x1 or x6) in a COR batch",
                   shown(buf, sizeof buf, rec + 1, 2, false));
    }
    if (tc_ok && e->amount > 0 && (tc_zero_only(e->transaction_code) || (r->batch_open && r->batch_cor)))
        report(r, ACH_NACHA_CHECK_AMOUNT, 30, F[E_AMOUNT].name,
               r->batch_open && r->batch_cor ? "0000000000 (NOC)"
                                             : "0000000000 (prenote or zero-dollar entry)",
               shown(buf, sizeof buf, rec + 29, 10, false));
    if (e->trace_number >= 0 && r->batch_open) {
        if (r->batch.odfi >= 0 && e->trace_number / 10000000 != r->batch.odfi) {
            snprintf(exp, sizeof exp, "starting with the ODFI %08lld", (long long)r->batch.odfi);
            report(r, ACH_NACHA_CHECK_TRACE_NUMBER, 80, F[E_TRACE].name, exp,
                   shown(buf, sizeof buf, rec + 79, 15, false));
        }
        if (r->last_trace >= 0 && e->trace_number <= r->last_trace) {
            snprintf(exp, sizeof exp, "greater than %015lld", (long long)r->last_trace);
            report(r, ACH_NACHA_CHECK_TRACE_ORDER, 80, F[E_TRACE].name, exp,
                   shown(buf, sizeof buf, rec + 79, 15, false));
        }
        r->last_trace = e->trace_number;
    }

    count_record(r);
    bool amount_known = tc_ok && e->amount >= 0;
    sum_entry(&r->b, e->rdfi, amount_known, e->amount, e->debit);
    sum_entry(&r->f, e->rdfi, amount_known, e->amount, e->debit);
    if (amount_known) *(e->debit ? &r->sum.total_debit : &r->sum.total_credit) += e->amount;
    r->sum.entries++;

    r->entry = *e;
    r->entry_open = true;
    r->entry_rec = r->rec_no;
    r->entry_off = r->rec_off;
    r->entry_addenda = 0;
    r->entry_first_type = -1;
}

/* An entry ends (something other than its addenda follows): an indicator of 1 needs an addenda. */
static void close_entry(ach_nacha_reader *r)
{
    if (!r->entry_open) return;
    r->entry_open = false;
    if (r->entry.has_addenda && r->entry_addenda == 0)
        report_at(r, r->entry_rec, r->entry_off, ACH_NACHA_CHECK_ADDENDA_INDICATOR, 79,
                  entry_fields[E_INDICATOR].name, "0 (no addenda follows)", "1");
}

static void check_addenda_trace(ach_nacha_reader *r, const char *rec, const field_spec *f)
{
    if (!r->entry_open || r->entry.trace_number < 0) return;
    if (memcmp(rec + f->col - 1, r->entry.trace.ptr, 15) != 0) {
        char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
        snprintf(exp, sizeof exp, "%.15s (the entry's)", r->entry.trace.ptr);
        report(r, ACH_NACHA_CHECK_TRACE_NUMBER, f->col, f->name, exp,
               shown(buf, sizeof buf, rec + f->col - 1, 15, false));
    }
}

static void on_addenda(ach_nacha_reader *r, const char *rec, ach_nacha_addenda *a)
{
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
    memset(a, 0, sizeof *a);
    a->sequence = a->entry_sequence = -1;
    a->date_of_death = ACH_DATE_NONE;
    a->type = check_field(r, rec, &addenda_type_field) ? (int32_t)digits(rec + 1, 2) : -1;
    bool in_entry = r->entry_open;
    if (in_entry) {
        r->entry_addenda++;
        if (r->entry_addenda == 1) {
            r->entry_first_type = a->type;
            if (!r->entry.has_addenda)
                report_at(r, r->entry_rec, r->entry_off, ACH_NACHA_CHECK_ADDENDA_INDICATOR, 79,
                          entry_fields[E_INDICATOR].name, "1 (an addenda follows)", "0");
        }
    }
    count_record(r);
    r->sum.addenda++;

    /* Which types the batch allows: NOCs (98) in COR batches only, 05 and 99 elsewhere. */
    bool type_ok = true;
    if (a->type == 5 || a->type == 98 || a->type == 99) {
        if (r->batch_open && r->batch_cor != (a->type == 98)) {
            report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, addenda_type_field.name,
                   r->batch_cor ? "98 (COR batch)" : "05 or 99 (98 is for COR batches)",
                   shown(buf, sizeof buf, rec + 1, 2, false));
            type_ok = false;
        }
    } else if (a->type >= 0) {
        report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, addenda_type_field.name, "05, 98 or 99",
               shown(buf, sizeof buf, rec + 1, 2, false));
        type_ok = false;
    }
    /* How many: one 98 or 99 alone; 05s up to the SEC code's limit. */
    if (in_entry && type_ok && r->entry_addenda > 1) {
        bool single = a->type != 5 || r->entry_first_type != 5;
        if (single) {
            report(r, ACH_NACHA_CHECK_ADDENDA_COUNT, 1, "addenda record",
                   "one addenda with a return (99) or NOC (98)", "another addenda");
        } else if (r->batch_open && r->entry_addenda > r->batch_max05) {
            snprintf(exp, sizeof exp, "at most %lld addenda for %s", (long long)r->batch_max05,
                     r->batch.sec);
            snprintf(buf, sizeof buf, "%lld", (long long)r->entry_addenda);
            report(r, ACH_NACHA_CHECK_ADDENDA_COUNT, 1, "addenda record", exp, buf);
        }
    }

    if (a->type == 5) {
        const field_spec *F = addenda05_fields;
        uint32_t ok =
            addenda05_clean(rec) ? (UINT32_C(1) << A05_N) - 1 : check_fields(r, rec, F, A05_N);
        a->payment_info = view(rec, &F[A05_INFO]);
        a->sequence = number(rec, F, ok, A05_SEQUENCE);
        a->entry_sequence = number(rec, F, ok, A05_ENTRY_SEQUENCE);
        if (in_entry && a->sequence >= 0 && a->sequence != r->entry_addenda)
            report_number_mismatch(r, ACH_NACHA_CHECK_ADDENDA_SEQUENCE, &F[A05_SEQUENCE], rec,
                                   r->entry_addenda);
        if (in_entry && a->entry_sequence >= 0 && r->entry.trace_number >= 0 &&
            a->entry_sequence != r->entry.trace_number % 10000000)
            report_number_mismatch(r, ACH_NACHA_CHECK_TRACE_NUMBER, &F[A05_ENTRY_SEQUENCE], rec,
                                   r->entry.trace_number % 10000000);
    } else if (a->type == 98 || a->type == 99) {
        bool noc = a->type == 98;
        const field_spec *F = noc ? addenda98_fields : addenda99_fields;
        uint32_t ok = check_fields(r, rec, F, noc ? A98_N : A99_N);
        memcpy(a->code, rec + 3, 3);
        a->code[3] = '\0';
        a->original_trace = view(rec, &F[noc ? A98_ORIGINAL_TRACE : A99_ORIGINAL_TRACE]);
        a->original_rdfi = view(rec, &F[noc ? A98_ORIGINAL_RDFI : A99_ORIGINAL_RDFI]);
        a->trace = view(rec, &F[noc ? A98_TRACE : A99_TRACE]);
        if (OK(ok, 0)) {
            bool known = noc ? ach_noc_code_lookup(rec + 3, 3) != NULL
                             : ach_return_code_lookup(rec + 3, 3) != NULL;
            if (!known)
                report(r, noc ? ACH_NACHA_CHECK_CHANGE_CODE : ACH_NACHA_CHECK_RETURN_CODE, 4,
                       F[0].name, noc ? "a change code C01-C14" : "a return reason code R01-R85",
                       shown(buf, sizeof buf, rec + 3, 3, false));
        }
        if (noc) {
            a->corrected_data = view(rec, &F[A98_CORRECTED]);
            if (OK(ok, A98_TRACE)) check_addenda_trace(r, rec, &F[A98_TRACE]);
            r->sum.nocs++;
        } else {
            if (OK(ok, A99_DEATH) && rec[21] != ' ') (void)valid_yymmdd(rec + 21, &a->date_of_death);
            a->addenda_info = view(rec, &F[A99_INFO]);
            if (OK(ok, A99_TRACE)) check_addenda_trace(r, rec, &F[A99_TRACE]);
            /* A return entry carries a return transaction code (COR entries were checked as
             * entries). Reported on the entry, once. */
            if (in_entry && r->entry_addenda == 1 && r->entry.transaction_code >= 0 &&
                tc_known(r->entry.transaction_code) &&
                !tc_return_or_noc(r->entry.transaction_code)) {
                snprintf(buf, sizeof buf, "%02d", (int)r->entry.transaction_code);
                report_at(r, r->entry_rec, r->entry_off, ACH_NACHA_CHECK_TRANSACTION_CODE, 2,
                          entry_fields[E_TC].name, "a return code (x1 or x6) for a return entry",
                          buf);
            }
            r->sum.returns++;
        }
    }
}

static void on_batch_control(ach_nacha_reader *r, const char *rec, ach_nacha_batch_control *c)
{
    const field_spec *F = batch_control_fields;
    uint32_t ok = check_fields(r, rec, F, BC_N);
    char buf[ACH_NACHA_FINDING_TEXT_SIZE], exp[ACH_NACHA_FINDING_TEXT_SIZE];
    c->service_class = (int32_t)number(rec, F, ok, BC_SERVICE);
    c->entry_addenda_count = number(rec, F, ok, BC_COUNT);
    c->entry_hash = number(rec, F, ok, BC_HASH);
    c->total_debit = number(rec, F, ok, BC_DEBIT);
    c->total_credit = number(rec, F, ok, BC_CREDIT);
    c->company_id = view(rec, &F[BC_COMPANY_ID]);
    c->message_authentication_code = view(rec, &F[BC_MAC]);
    c->odfi = number(rec, F, ok, BC_ODFI);
    c->batch_number = number(rec, F, ok, BC_NUMBER);
    if (!r->batch_open) return; /* no header to compare with (already reported) */

    const ach_nacha_batch_header *h = &r->batch;
    if (c->service_class >= 0 && h->service_class >= 0 && c->service_class != h->service_class)
        report_number_mismatch(r, ACH_NACHA_CHECK_CONTROL_MISMATCH, &F[BC_SERVICE], rec,
                               h->service_class);
    check_sums(r, rec, &F[BC_COUNT], c->entry_addenda_count, c->entry_hash, c->total_debit,
               c->total_credit, &r->b);
    if (OK(ok, BC_COMPANY_ID) && memcmp(rec + 44, r->batch_company_id, 10) != 0) {
        snprintf(exp, sizeof exp, "%s", shown(buf, sizeof buf, r->batch_company_id, 10, false));
        report(r, ACH_NACHA_CHECK_CONTROL_MISMATCH, 45, F[BC_COMPANY_ID].name, exp,
               shown(buf, sizeof buf, rec + 44, 10, false));
    }
    if (c->odfi >= 0 && h->odfi >= 0 && c->odfi != h->odfi)
        report_number_mismatch(r, ACH_NACHA_CHECK_CONTROL_MISMATCH, &F[BC_ODFI], rec, h->odfi);
    if (c->batch_number >= 0 && h->batch_number >= 0 && c->batch_number != h->batch_number)
        report_number_mismatch(r, ACH_NACHA_CHECK_CONTROL_MISMATCH, &F[BC_NUMBER], rec,
                               h->batch_number);
}

static void on_file_control(ach_nacha_reader *r, const char *rec, ach_nacha_file_control *c)
{
    const field_spec *F = file_control_fields;
    uint32_t ok = check_fields(r, rec, F, FC_N);
    c->batch_count = number(rec, F, ok, FC_BATCHES);
    c->block_count = number(rec, F, ok, FC_BLOCKS);
    c->entry_addenda_count = number(rec, F, ok, FC_COUNT);
    c->entry_hash = number(rec, F, ok, FC_HASH);
    c->total_debit = number(rec, F, ok, FC_DEBIT);
    c->total_credit = number(rec, F, ok, FC_CREDIT);
    r->control_rec = r->rec_no;

    int64_t blocks = ((int64_t)r->rec_no + ACH_NACHA_BLOCKING_FACTOR - 1) / ACH_NACHA_BLOCKING_FACTOR;
    if (c->batch_count >= 0 && (uint64_t)c->batch_count != r->sum.batches)
        report_number_mismatch(r, ACH_NACHA_CHECK_BATCH_COUNT, &F[FC_BATCHES], rec,
                               (int64_t)r->sum.batches);
    if (c->block_count >= 0 && c->block_count != blocks)
        report_number_mismatch(r, ACH_NACHA_CHECK_BLOCK_COUNT, &F[FC_BLOCKS], rec, blocks);
    check_sums(r, rec, &F[FC_COUNT], c->entry_addenda_count, c->entry_hash, c->total_debit,
               c->total_credit, &r->f);
}

/* ---- framing ------------------------------------------------------------------------------ */

/* Finds the next record: sets *rec and *rlen (the record without its line break) and advances
 * r->pos past it. Returns false at the end of the input. */
static bool next_record(ach_nacha_reader *r, const char **rec, size_t *rlen)
{
    size_t pos = r->pos, len = r->len;
    if (pos >= len) return false;
    const char *p = r->data + pos;
    size_t left = len - pos;
    if (r->layout == ACH_NACHA_UNBROKEN) {
        *rec = p;
        *rlen = left < REC ? left : REC;
        r->pos = pos + *rlen;
        return true;
    }
    /* Fast path: 94 characters then \n, \r\n, or the end. */
    if (left == REC || (left > REC && p[REC] == '\n')) {
        *rec = p;
        *rlen = REC;
        r->pos = pos + (left == REC ? REC : REC + 1);
        return true;
    }
    if (left > REC + 1 && p[REC] == '\r' && p[REC + 1] == '\n') {
        *rec = p;
        *rlen = REC;
        r->pos = pos + REC + 2;
        return true;
    }
    const char *nl = memchr(p, '\n', left);
    size_t n = nl ? (size_t)(nl - p) : left;
    r->pos = pos + n + (nl ? 1 : 0);
    if (n && p[n - 1] == '\r') n--;
    *rec = p;
    *rlen = n;
    return true;
}

static void finish(ach_nacha_reader *r)
{
    close_entry(r);
    uint64_t after = r->rec_no + 1;
    switch ((enum state)r->state) {
    case S_FILE_END:
    case S_PADDING: {
        uint32_t want = (ACH_NACHA_BLOCKING_FACTOR - r->control_rec % ACH_NACHA_BLOCKING_FACTOR) %
                        ACH_NACHA_BLOCKING_FACTOR;
        if (r->padding != want) {
            char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
            snprintf(exp, sizeof exp, "%u all-9 records (to a multiple of %d records)",
                     (unsigned)want, ACH_NACHA_BLOCKING_FACTOR);
            snprintf(buf, sizeof buf, "%" PRIu64, r->padding);
            report_at(r, r->control_rec + 1, r->len, ACH_NACHA_CHECK_PADDING, 0, "padding", exp,
                      buf);
        }
        break;
    }
    case S_BATCH:
    case S_ENTRY:
    case S_ADDENDA:
        report_at(r, after, r->len, ACH_NACHA_CHECK_RECORD_ORDER, 0, "record type code",
                  "batch control (8)", "end of file");
        break;
    case S_START:
        report_at(r, after, r->len, ACH_NACHA_CHECK_RECORD_ORDER, 0, "record type code",
                  "file header (1)", "end of file");
        break;
    default: /* S_FILE, S_BATCH_END */
        report_at(r, after, r->len, ACH_NACHA_CHECK_RECORD_ORDER, 0, "record type code",
                  "file control (9)", "end of file");
        break;
    }
    r->done = true;
}

static bool all_nines(const char *rec)
{
    for (int i = 0; i < REC; i++)
        if (rec[i] != '9') return false;
    return true;
}

ach_status ach_nacha_next(ach_nacha_record *out, ach_nacha_reader *r, ach_error *err)
{
    if (!out || !r) {
        ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
        return ACH_EINVAL;
    }
    const char *rec = NULL;
    size_t rlen = 0;
    for (;;) {
        if (r->done || !next_record(r, &rec, &rlen)) {
            if (!r->done) finish(r);
            memset(out, 0, sizeof *out);
            out->type = ACH_NACHA_END;
            out->number = r->rec_no + 1;
            out->offset = r->len;
            return ACH_OK;
        }
        r->rec_no++;
        r->rec_off = (uint64_t)(rec - r->data);
        r->sum.records++;
        if (rlen == REC) break;
        char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
        snprintf(exp, sizeof exp, "%d characters", REC);
        snprintf(buf, sizeof buf, "%zu characters", rlen);
        report(r, ACH_NACHA_CHECK_RECORD_LENGTH, rlen > REC ? REC + 1 : (uint32_t)rlen + 1,
               "record", exp, buf);
        if (rlen == 0) { /* an empty line: nothing to read in it */
            r->sum.records--;
            continue;
        }
        if (rlen < REC) { /* read what is there, blanks after it */
            memcpy(r->scratch, rec, rlen);
            memset(r->scratch + rlen, ' ', REC - rlen);
            rec = r->scratch;
        }
        break;
    }

    out->batch = NULL;
    out->entry = NULL;
    out->number = r->rec_no;
    out->offset = r->rec_off;
    out->raw = (ach_nacha_text){rec, rlen < REC ? REC : rlen};
    if (rlen > REC) out->raw.len = rlen;

    enum input in;
    switch (rec[0]) {
    case '1': in = I_FILE_HEADER; break;
    case '5': in = I_BATCH_HEADER; break;
    case '6': in = I_ENTRY; break;
    case '7': in = I_ADDENDA; break;
    case '8': in = I_BATCH_CONTROL; break;
    case '9':
        in = (r->state == S_FILE_END || r->state == S_PADDING) && all_nines(rec) ? I_PADDING
                                                                               : I_FILE_CONTROL;
        break;
    default: {
        char buf[ACH_NACHA_FINDING_TEXT_SIZE];
        report(r, ACH_NACHA_CHECK_RECORD_TYPE, 1, "record type code", "1, 5, 6, 7, 8 or 9",
               shown(buf, sizeof buf, rec, 1, false));
        out->type = ACH_NACHA_UNKNOWN;
        return ACH_OK;
    }
    }

    /* A padded short record that stays referenced (batch header, entry) gets its own copy. */
    if (rec == r->scratch && (in == I_BATCH_HEADER || in == I_ENTRY)) {
        char *keep = in == I_BATCH_HEADER ? r->scratch_batch : r->scratch_entry;
        memcpy(keep, rec, REC);
        rec = keep;
        out->raw.ptr = keep;
    }
    if (in != I_ADDENDA) close_entry(r);
    transition t = machine[r->state][in];
    if (!t.ok)
        report(r, ACH_NACHA_CHECK_RECORD_ORDER, 1, "record type code", state_expects[r->state],
               input_names[in]);
    bool batch_context = r->state == S_BATCH || r->state == S_ENTRY || r->state == S_ADDENDA;
    if (!batch_context) r->batch_open = false;
    r->state = t.next;

    switch (in) {
    case I_FILE_HEADER:
        out->type = ACH_NACHA_FILE_HEADER;
        on_file_header(r, rec, &out->file_header);
        break;
    case I_BATCH_HEADER:
        out->type = ACH_NACHA_BATCH_HEADER;
        on_batch_header(r, rec, &out->batch_header);
        break;
    case I_ENTRY:
        out->type = ACH_NACHA_ENTRY;
        out->batch = r->batch_open ? &r->batch : NULL;
        on_entry(r, rec, &out->entry_detail);
        break;
    case I_ADDENDA:
        out->type = ACH_NACHA_ADDENDA;
        out->batch = r->batch_open ? &r->batch : NULL;
        out->entry = r->entry_open ? &r->entry : NULL;
        on_addenda(r, rec, &out->addenda);
        break;
    case I_BATCH_CONTROL:
        out->type = ACH_NACHA_BATCH_CONTROL;
        out->batch = r->batch_open ? &r->batch : NULL;
        on_batch_control(r, rec, &out->batch_control);
        r->batch_open = false;
        break;
    case I_FILE_CONTROL:
        out->type = ACH_NACHA_FILE_CONTROL;
        r->batch_open = false;
        on_file_control(r, rec, &out->file_control);
        break;
    case I_PADDING:
    case I_COUNT:
        out->type = ACH_NACHA_PADDING;
        r->padding++;
        break;
    }
    return ACH_OK;
}

/* ---- creation ----------------------------------------------------------------------------- */

static ach_nacha_layout detect_layout(const char *data, size_t *len)
{
    const char *nl = *len ? memchr(data, '\n', *len) : NULL;
    if (!nl) return ACH_NACHA_UNBROKEN;
    size_t at = (size_t)(nl - data), end = at;
    if (end && data[end - 1] == '\r') end--;
    /* Records back to back with one line break at the very end. */
    if (at == *len - 1 && end > REC && end % REC == 0) {
        *len = end;
        return ACH_NACHA_UNBROKEN;
    }
    return ACH_NACHA_LINES;
}

static ach_status reader_make(ach_nacha_reader **out, const char *data, size_t len,
                              const ach_nacha_options *opts, ach_error *err)
{
    if (opts && opts->version != ACH_NACHA_OPTIONS_VERSION) {
        ach__fail(err, ACH_EINVAL, "options", 0, 0,
                  "options version %u is not %d (use ACH_NACHA_OPTIONS_INIT)", opts->version,
                  ACH_NACHA_OPTIONS_VERSION);
        return ACH_EINVAL;
    }
    ach_nacha_reader *r = calloc(1, sizeof *r);
    if (!r) {
        ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        return ACH_ENOMEM;
    }
    static const ach_nacha_options none = ACH_NACHA_OPTIONS_INIT;
    r->opts = opts ? *opts : none;
    r->data = data;
    r->sum.bytes = len;
    r->layout = detect_layout(data, &len);
    r->len = len;
    r->sum.layout = r->layout;
    r->state = S_START;
    r->last_batch_number = -1;
    r->f = no_sums;
    reset_batch(r);
    *out = r;
    return ACH_OK;
}

ach_status ach_nacha_reader_new(ach_nacha_reader **out, const char *data, size_t len,
                                const char *name, const ach_nacha_options *opts, ach_error *err)
{
    if (!out || (!data && len)) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    ach_status s = reader_make(out, data, len, opts, err);
    if (s && err) ach__error_set_source(err, name);
    return s;
}

ach_status ach_nacha_reader_open(ach_nacha_reader **out, const char *path,
                                 const ach_nacha_options *opts, ach_error *err)
{
    if (!out || !path) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    int fd = open(path, O_RDONLY);
    struct stat st;
    const char *why = NULL;
    int e = 0;
    if (fd < 0) {
        why = "cannot be opened";
        e = errno;
    } else if (fstat(fd, &st) != 0) {
        why = "cannot be examined";
        e = errno;
    } else if (!S_ISREG(st.st_mode)) {
        why = "is not a regular file";
    }
    if (why) {
        if (fd >= 0) close(fd);
        ach_status s = ach__fail(err, ACH_EIO, NULL, 0, 0, "the file %s%s%s", why, e ? ": " : "",
                                 e ? strerror(e) : "");
        ach__error_set_source(err, path);
        return s;
    }
    size_t len = (size_t)st.st_size;
    void *map = NULL;
    if (len) {
        int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
        flags |= MAP_POPULATE; /* map the whole file at once rather than fault page by page */
#endif
        map = mmap(NULL, len, PROT_READ, flags, fd, 0);
        if (map == MAP_FAILED) {
            e = errno;
            close(fd);
            ach_status s = ach__fail(err, ACH_EIO, NULL, 0, 0, "the file cannot be mapped: %s",
                                     strerror(e));
            ach__error_set_source(err, path);
            return s;
        }
        (void)posix_madvise(map, len, POSIX_MADV_SEQUENTIAL);
    }
    close(fd);
    ach_nacha_reader *r = NULL;
    ach_status s = reader_make(&r, map ? map : "", len, opts, err);
    if (s) {
        if (map) munmap(map, len);
        ach__error_set_source(err, path);
        return s;
    }
    r->map = map;
    r->map_len = len;
    *out = r;
    return ACH_OK;
}

void ach_nacha_reader_free(ach_nacha_reader *r)
{
    if (!r) return;
    if (r->map) munmap(r->map, r->map_len);
    free(r);
}

void ach_nacha_reader_summary(ach_nacha_summary *out, const ach_nacha_reader *r)
{
    if (out && r) *out = r->sum;
}

static ach_status drain(ach_nacha_summary *out, ach_nacha_reader *r, ach_error *err)
{
    ach_nacha_record rec;
    ach_status s;
    do {
        s = ach_nacha_next(&rec, r, err);
    } while (s == ACH_OK && rec.type != ACH_NACHA_END);
    if (s == ACH_OK && out) *out = r->sum;
    ach_nacha_reader_free(r);
    return s;
}

ach_status ach_nacha_validate(ach_nacha_summary *out, const char *data, size_t len,
                              const char *name, const ach_nacha_options *opts, ach_error *err)
{
    ach_nacha_reader *r = NULL;
    ach_status s = ach_nacha_reader_new(&r, data, len, name, opts, err);
    return s ? s : drain(out, r, err);
}

ach_status ach_nacha_validate_file(ach_nacha_summary *out, const char *path,
                                   const ach_nacha_options *opts, ach_error *err)
{
    ach_nacha_reader *r = NULL;
    ach_status s = ach_nacha_reader_open(&r, path, opts, err);
    return s ? s : drain(out, r, err);
}

/* ---- findings ----------------------------------------------------------------------------- */

const char *ach_nacha_check_name(ach_nacha_check check)
{
    static const char *const names[] = {
        [ACH_NACHA_CHECK_RECORD_LENGTH] = "record-length",
        [ACH_NACHA_CHECK_RECORD_TYPE] = "record-type",
        [ACH_NACHA_CHECK_RECORD_ORDER] = "record-order",
        [ACH_NACHA_CHECK_NUMERIC] = "numeric",
        [ACH_NACHA_CHECK_ALPHANUMERIC] = "alphanumeric",
        [ACH_NACHA_CHECK_REQUIRED] = "required",
        [ACH_NACHA_CHECK_BLANK] = "blank",
        [ACH_NACHA_CHECK_DATE] = "date",
        [ACH_NACHA_CHECK_VALUE] = "value",
        [ACH_NACHA_CHECK_CHECK_DIGIT] = "check-digit",
        [ACH_NACHA_CHECK_TRANSACTION_CODE] = "transaction-code",
        [ACH_NACHA_CHECK_SERVICE_CLASS] = "service-class",
        [ACH_NACHA_CHECK_SEC_CODE] = "sec-code",
        [ACH_NACHA_CHECK_AMOUNT] = "amount",
        [ACH_NACHA_CHECK_ADDENDA_INDICATOR] = "addenda-indicator",
        [ACH_NACHA_CHECK_ADDENDA_TYPE] = "addenda-type",
        [ACH_NACHA_CHECK_ADDENDA_COUNT] = "addenda-count",
        [ACH_NACHA_CHECK_ADDENDA_SEQUENCE] = "addenda-sequence",
        [ACH_NACHA_CHECK_TRACE_NUMBER] = "trace-number",
        [ACH_NACHA_CHECK_TRACE_ORDER] = "trace-order",
        [ACH_NACHA_CHECK_RETURN_CODE] = "return-code",
        [ACH_NACHA_CHECK_CHANGE_CODE] = "change-code",
        [ACH_NACHA_CHECK_BATCH_NUMBER] = "batch-number",
        [ACH_NACHA_CHECK_CONTROL_MISMATCH] = "control-mismatch",
        [ACH_NACHA_CHECK_ENTRY_COUNT] = "entry-count",
        [ACH_NACHA_CHECK_ENTRY_HASH] = "entry-hash",
        [ACH_NACHA_CHECK_TOTAL_DEBIT] = "total-debit",
        [ACH_NACHA_CHECK_TOTAL_CREDIT] = "total-credit",
        [ACH_NACHA_CHECK_BATCH_COUNT] = "batch-count",
        [ACH_NACHA_CHECK_BLOCK_COUNT] = "block-count",
        [ACH_NACHA_CHECK_PADDING] = "padding",
    };
    if ((unsigned)check < ACH__ARRAY_LEN(names) && names[check]) return names[check];
    return "unknown";
}

size_t ach_nacha_finding_format(char *buf, size_t cap, const ach_nacha_finding *f)
{
    if (!f) {
        if (cap) buf[0] = '\0';
        return 0;
    }
    int n = snprintf(buf, cap, "%" PRIu64 ":%u: %s: %s: expected %s, found %s", f->record,
                     (unsigned)f->column, ach_nacha_check_name(f->check),
                     f->field ? f->field : "", f->expected, f->found);
    return n < 0 ? 0 : (size_t)n;
}

/* ---- returns and NOCs --------------------------------------------------------------------- */

static void copy_text(char *dst, size_t cap, ach_nacha_text t)
{
    size_t n = t.len < cap - 1 ? t.len : cap - 1;
    memcpy(dst, t.ptr, n);
    dst[n] = '\0';
}

/* Checks that `rec` is an addenda of `type` following its entry, and fills what returns and
 * NOCs share from the addenda, its entry and its batch. */
static ach_status entry_info(ach_nacha_entry_info *out, const ach_nacha_record *rec, int32_t type,
                             ach_error *err)
{
    if (!rec || rec->type != ACH_NACHA_ADDENDA || rec->addenda.type != type || !rec->entry)
        return ach__fail(err, ACH_EINVAL, "record", rec ? rec->number : 0, 0,
                         "not an addenda %d record following its entry", (int)type);
    if (!out) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    const ach_nacha_addenda *a = &rec->addenda;
    const ach_nacha_entry *e = rec->entry;
    memset(out, 0, sizeof *out);
    out->record = rec->number;
    memcpy(out->code, a->code, sizeof out->code);
    copy_text(out->trace, sizeof out->trace, a->trace);
    copy_text(out->original_trace, sizeof out->original_trace, a->original_trace);
    copy_text(out->original_rdfi, sizeof out->original_rdfi, a->original_rdfi);
    out->amount = e->amount;
    out->transaction_code = e->transaction_code;
    char masked[ACH_NACHA_MASKED_SIZE];
    ach_nacha_mask_account(masked, e->account.ptr, e->account.len);
    ach__strlcpy(out->account_last4, masked + 4, sizeof out->account_last4);
    copy_text(out->individual_id, sizeof out->individual_id, e->individual_id);
    copy_text(out->individual_name, sizeof out->individual_name, e->individual_name);
    out->effective_date = out->settlement_date = ACH_DATE_NONE;
    if (rec->batch) {
        copy_text(out->company_id, sizeof out->company_id, rec->batch->company_id);
        copy_text(out->company_name, sizeof out->company_name, rec->batch->company_name);
        memcpy(out->sec, rec->batch->sec, sizeof out->sec);
        out->effective_date = rec->batch->effective_date;
        out->settlement_date = rec->batch->settlement_date;
    }
    return ACH_OK;
}

ach_status ach_nacha_return_from_record(ach_nacha_return *out, const ach_nacha_record *rec,
                                        ach_error *err)
{
    ach_nacha_return v;
    ach_status s = entry_info(&v.info, rec, 99, err);
    if (s) return s;
    if (!out) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    v.reason = ach_return_code_lookup(v.info.code, 3);
    v.date_of_death = rec->addenda.date_of_death;
    copy_text(v.addenda_info, sizeof v.addenda_info, rec->addenda.addenda_info);
    *out = v;
    return ACH_OK;
}

ach_status ach_nacha_noc_from_record(ach_nacha_noc *out, const ach_nacha_record *rec,
                                     ach_error *err)
{
    ach_nacha_noc v;
    ach_status s = entry_info(&v.info, rec, 98, err);
    if (s) return s;
    if (!out) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    v.change = ach_noc_code_lookup(v.info.code, 3);
    copy_text(v.corrected_data, sizeof v.corrected_data, rec->addenda.corrected_data);
    *out = v;
    return ACH_OK;
}

char *ach_nacha_noc_describe(char out[ACH_NACHA_NOC_DESCRIBE_SIZE], const ach_nacha_noc *noc)
{
    const size_t cap = ACH_NACHA_NOC_DESCRIBE_SIZE;
    out[0] = '\0';
    if (!noc) return out;
    char masked[ACH_NACHA_MASKED_SIZE], text[ACH_NACHA_FINDING_TEXT_SIZE];
    ach_noc_correction c;
    if (ach_noc_correction_parse(&c, noc->info.code, noc->corrected_data, strlen(noc->corrected_data),
                                 NULL) != ACH_OK) {
        snprintf(out, cap, "corrected data %s",
                 ach_nacha_mask_account(masked, noc->corrected_data, strlen(noc->corrected_data)));
        return out;
    }
    size_t k = 0;
#define PART(...)                                                                  \
    do {                                                                           \
        if (k && k < cap) k += (size_t)snprintf(out + k, cap - k, ", ");           \
        if (k < cap) k += (size_t)snprintf(out + k, cap - k, __VA_ARGS__);          \
    } while (0)
    if (c.present & ACH_NOC_ROUTING) PART("routing %s", c.routing);
    if (c.present & ACH_NOC_ACCOUNT)
        PART("account %s", ach_nacha_mask_account(masked, c.account, strlen(c.account)));
    if (c.present & ACH_NOC_TRANSACTION_CODE) PART("transaction code %02d", c.transaction_code);
    if (c.present & ACH_NOC_NAME) PART("name %s", shown(text, sizeof text, c.text, strlen(c.text), false));
    if (c.present & ACH_NOC_INDIVIDUAL_ID)
        PART("individual id %s", shown(text, sizeof text, c.text, strlen(c.text), false));
    if (!c.present)
        PART("corrected data %s", shown(text, sizeof text, c.text, strlen(c.text), false));
#undef PART
    return out;
}

ach_date ach_nacha_received_date(const ach_nacha_entry_info *info)
{
    return info->settlement_date != ACH_DATE_NONE ? info->settlement_date : info->effective_date;
}

ach_status ach_nacha_noc_apply_by(ach_date *out, const ach_nacha_noc *noc,
                                  const ach_calendar *cal, ach_error *err)
{
    if (!out || !noc || !cal)
        return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL output, NOC or calendar");
    *out = ACH_DATE_NONE;
    ach_date received = ach_nacha_received_date(&noc->info);
    if (received == ACH_DATE_NONE)
        return ach__fail(err, ACH_ENOTFOUND, "settlement_date", noc->info.record, 0,
                         "the NOC's batch has neither a settlement nor an effective date");
    ach_date by;
    ach_status st = ach_noc_deadline(&by, cal, received, err);
    if (st == ACH_OK) *out = by;
    return st;
}
