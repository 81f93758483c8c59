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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ach/nacha.h"
#include "ach/date.h"
#include "ach/routing.h"
#include "internal.h"

#define REC ACH_NACHA_RECORD_SIZE
#if defined(__GNUC__) || defined(__clang__)
#  define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#  define ALWAYS_INLINE inline
#endif
/* Bytes of a file held at a time (file mode): records are read from this window, refilled with
 * read(). Small enough to stay in cache, large enough that read() calls are few. */
#define WINDOW ((size_t)512 * 1024)

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
    F_ROUTING_B,  /* a blank then nine digits (immediate destination) */
    F_MMDD,       /* a month and day MMDD (any year's, so 0229 too) */
    F_UPPER       /* capital letters A-Z (ISO country and currency codes) */
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
/* Addenda 02: where an MTE, POS or SHR entry was made (the terminal). */
enum { A02_REF1, A02_REF2, A02_TERMINAL, A02_SERIAL, A02_DATE, A02_AUTH, A02_LOCATION, A02_CITY,
       A02_STATE, A02_TRACE, A02_N };
static const field_spec addenda02_fields[A02_N] = {
    {"reference information 1", 4, 7, F_ALNUM, 0, NULL},
    {"reference information 2", 11, 3, F_ALNUM, 0, NULL},
    {"terminal identification code", 14, 6, F_ALNUM, 0, NULL},
    {"transaction serial number", 20, 6, F_ALNUM_REQ, 0, NULL},
    {"transaction date", 26, 4, F_MMDD, 0, NULL},
    {"authorization code or card expiration date", 30, 6, F_ALNUM, 0, NULL},
    {"terminal location", 36, 27, F_ALNUM_REQ, 0, NULL},
    {"terminal city", 63, 15, F_ALNUM_REQ, 0, NULL},
    {"terminal state", 78, 2, F_ALNUM_REQ, 0, NULL},
    {"trace number", 80, 15, F_NUM, 0, NULL},
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
/* A refused NOC (C61-C69): positions 65-79 hold the refused NOC's change code and trace
 * sequence number instead of the reserved blanks. */
static const field_spec addenda98_refused_fields[A98_N] = {
    {"refused change code", 4, 3, F_ALNUM_REQ, 0, NULL},
    {"original entry trace number", 7, 15, F_NUM, 0, NULL},
    {"reserved", 22, 6, F_BLANK, 0, NULL},
    {"original receiving DFI identification", 28, 8, F_NUM, 0, NULL},
    {"corrected data", 36, 29, F_ALNUM_REQ, SENSITIVE, NULL},
    {"change code and trace sequence number", 65, 15, F_ALNUM_REQ, 0, NULL},
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

/* ADV (automated accounting advices, service class 280): their own entry, batch control and file
 * control layouts, with 20-digit totals (moov-io/ach advEntryDetail.go, advBatchControl.go,
 * advFileControl.go; Nacha Appendix Three). */
enum { AE_TC, AE_RDFI, AE_CHECK, AE_ACCOUNT, AE_AMOUNT, AE_ADVICE_ROUTING, AE_FILE_ID,
       AE_OPERATOR_DATA, AE_NAME, AE_DISCRETIONARY, AE_INDICATOR, AE_OPERATOR_ROUTING,
       AE_JULIAN, AE_SEQUENCE, AE_N };
static const field_spec adv_entry_fields[AE_N] = {
    {"transaction code", 2, 2, F_NUM, 0, NULL},
    {"receiving DFI identification", 4, 8, F_NUM, 0, NULL},
    {"check digit", 12, 1, F_NUM, 0, NULL},
    {"DFI account number", 13, 15, F_ALNUM_REQ, SENSITIVE, NULL},
    {"amount", 28, 12, F_NUM, 0, NULL},
    {"advice routing number", 40, 9, F_NUM, 0, NULL},
    {"file identification", 49, 5, F_ALNUM, 0, NULL},
    {"ACH operator data", 54, 1, F_ALNUM, 0, NULL},
    {"individual name", 55, 22, F_ALNUM_REQ, 0, NULL},
    {"discretionary data", 77, 2, F_ALNUM, 0, NULL},
    {"addenda record indicator", 79, 1, F_ONE_OF, 0, "01"},
    {"ACH operator routing number", 80, 8, F_ALNUM_REQ, 0, NULL},
    {"julian date day", 88, 3, F_JULIAN_OPT, 0, NULL},
    {"sequence number", 91, 4, F_NUM, 0, NULL},
};
enum { ABC_SERVICE, ABC_COUNT, ABC_HASH, ABC_DEBIT, ABC_CREDIT, ABC_OPERATOR_DATA, ABC_ODFI,
       ABC_NUMBER, ABC_N };
static const field_spec adv_batch_control_fields[ABC_N] = {
    {"service class code", 2, 3, F_NUM, 0, NULL},
    {"entry/addenda count", 5, 6, F_NUM, 0, NULL},
    {"entry hash", 11, 10, F_NUM, 0, NULL},
    {"total debit entry dollar amount", 21, 20, F_NUM, 0, NULL},
    {"total credit entry dollar amount", 41, 20, F_NUM, 0, NULL},
    {"ACH operator data", 61, 19, F_ALNUM, 0, NULL},
    {"originating DFI identification", 80, 8, F_NUM, 0, NULL},
    {"batch number", 88, 7, F_NUM, 0, NULL},
};
static const field_spec adv_file_control_fields[FC_N] = {
    {"batch count", 2, 6, F_NUM, 0, NULL},
    {"block count", 8, 6, F_NUM, 0, NULL},
    {"entry/addenda count", 14, 8, F_NUM, 0, NULL},
    {"entry hash", 22, 10, F_NUM, 0, NULL},
    {"total debit entry dollar amount in file", 32, 20, F_NUM, 0, NULL},
    {"total credit entry dollar amount in file", 52, 20, F_NUM, 0, NULL},
    {"reserved", 72, 23, F_BLANK, 0, NULL},
};

/* IAT (international ACH transactions, issue 19): batch header, entry detail and addenda 10-18
 * (moov-io/ach iatBatchHeader.go, iatEntryDetail.go, addenda10.go ... addenda18.go, addenda99.go;
 * Nacha Appendix Three). The batch header differs from the standard one in columns 5-50 and
 * 64-69 only; the batch control is the standard one. */
enum { IBH_SERVICE, IBH_INDICATOR, IBH_FX, IBH_FX_REF_IND, IBH_FX_REF, IBH_COUNTRY, IBH_ORIGINATOR,
       IBH_SEC, IBH_DESCRIPTION, IBH_ORIG_CURRENCY, IBH_DEST_CURRENCY, IBH_EFFECTIVE,
       IBH_SETTLEMENT, IBH_STATUS, IBH_ODFI, IBH_NUMBER, IBH_N };
static const field_spec iat_batch_header_fields[IBH_N] = {
    {"service class code", 2, 3, F_NUM, 0, NULL},
    {"IAT indicator", 5, 16, F_ALNUM, 0, NULL},
    {"foreign exchange indicator", 21, 2, F_UPPER, 0, NULL},
    {"foreign exchange reference indicator", 23, 1, F_ONE_OF, 0, "123"},
    {"foreign exchange reference", 24, 15, F_ALNUM, 0, NULL},
    {"ISO destination country code", 39, 2, F_UPPER, 0, NULL},
    {"originator identification", 41, 10, F_ALNUM_REQ, 0, NULL},
    {"standard entry class code", 51, 3, F_ALNUM_REQ, 0, NULL},
    {"company entry description", 54, 10, F_ALNUM_REQ, 0, NULL},
    {"ISO originating currency code", 64, 3, F_UPPER, 0, NULL},
    {"ISO destination currency code", 67, 3, F_UPPER, 0, NULL},
    {"effective entry date", 70, 6, F_DATE, 0, NULL},
    {"settlement date", 76, 3, F_JULIAN_OPT, 0, NULL},
    {"originator status code", 79, 1, F_ONE_OF, 0, "012"},
    {"originating DFI identification", 80, 8, F_NUM, 0, NULL},
    {"batch number", 88, 7, F_NUM, 0, NULL},
};
enum { IE_TC, IE_RDFI, IE_CHECK, IE_COUNT, IE_RESERVED1, IE_AMOUNT, IE_ACCOUNT, IE_RESERVED2,
       IE_OFAC, IE_OFAC2, IE_INDICATOR, IE_TRACE, IE_N };
static const field_spec iat_entry_fields[IE_N] = {
    {"transaction code", 2, 2, F_NUM, 0, NULL},
    {"receiving DFI identification", 4, 8, F_NUM, 0, NULL},
    {"check digit", 12, 1, F_NUM, 0, NULL},
    {"number of addenda records", 13, 4, F_NUM, 0, NULL},
    {"reserved", 17, 13, F_BLANK, 0, NULL},
    {"amount", 30, 10, F_NUM, 0, NULL},
    {"foreign receiver's account number", 40, 35, F_ALNUM_REQ, SENSITIVE, NULL},
    {"reserved", 75, 2, F_BLANK, 0, NULL},
    {"gateway operator OFAC screening indicator", 77, 1, F_ONE_OF, 0, " 01"},
    {"secondary OFAC screening indicator", 78, 1, F_ONE_OF, 0, " 01"},
    {"addenda record indicator", 79, 1, F_EXACT, 0, "1"},
    {"trace number", 80, 15, F_NUM, 0, NULL},
};
/* Every IAT addenda ends with the entry detail sequence number (88-94); the fields before it
 * are per type, at most 6. */
#define IAT_FIELDS_MAX 7
typedef struct iat_layout {
    uint8_t n;
    field_spec f[IAT_FIELDS_MAX];
} iat_layout;
#define IAT_SEQ {"entry detail sequence number", 88, 7, F_NUM, 0, NULL}
#define IAT_BANK(who)                                                                   \
    {who " name", 4, 35, F_ALNUM_REQ, 0, NULL},                                         \
    {who " identification number qualifier", 39, 2, F_NUM, 0, NULL},                    \
    {who " identification", 41, 34, F_ALNUM_REQ, SENSITIVE, NULL},                      \
    {who " branch country code", 75, 3, F_ALNUM_REQ, 0, NULL}
static const iat_layout iat_addenda[9] = {
    /* 10: the receiver and the payment */
    {6, {{"transaction type code", 4, 3, F_UPPER, 0, NULL},
         {"foreign payment amount", 7, 18, F_NUM_OPT, 0, NULL},
         {"foreign trace number", 25, 22, F_ALNUM, 0, NULL},
         {"receiving company name/individual name", 47, 35, F_ALNUM_REQ, 0, NULL},
         {"reserved", 82, 6, F_BLANK, 0, NULL}, IAT_SEQ}},
    /* 11: the originator */
    {4, {{"originator name", 4, 35, F_ALNUM_REQ, 0, NULL},
         {"originator street address", 39, 35, F_ALNUM_REQ, 0, NULL},
         {"reserved", 74, 14, F_BLANK, 0, NULL}, IAT_SEQ}},
    /* 12: the originator's city and country */
    {4, {{"originator city and state/province", 4, 35, F_ALNUM_REQ, 0, NULL},
         {"originator country and postal code", 39, 35, F_ALNUM_REQ, 0, NULL},
         {"reserved", 74, 14, F_BLANK, 0, NULL}, IAT_SEQ}},
    /* 13: the originating DFI */
    {6, {IAT_BANK("originating DFI"), {"reserved", 78, 10, F_BLANK, 0, NULL}, IAT_SEQ}},
    /* 14: the receiving DFI */
    {6, {IAT_BANK("receiving DFI"), {"reserved", 78, 10, F_BLANK, 0, NULL}, IAT_SEQ}},
    /* 15: the receiver */
    {4, {{"receiver identification number", 4, 15, F_ALNUM, 0, NULL},
         {"receiver street address", 19, 35, F_ALNUM_REQ, 0, NULL},
         {"reserved", 54, 34, F_BLANK, 0, NULL}, IAT_SEQ}},
    /* 16: the receiver's city and country */
    {4, {{"receiver city and state/province", 4, 35, F_ALNUM_REQ, 0, NULL},
         {"receiver country and postal code", 39, 35, F_ALNUM_REQ, 0, NULL},
         {"reserved", 74, 14, F_BLANK, 0, NULL}, IAT_SEQ}},
    /* 17: remittance information (up to 2) */
    {3, {{"payment related information", 4, 80, F_ALNUM, 0, NULL},
         {"addenda sequence number", 84, 4, F_NUM, 0, NULL}, IAT_SEQ}},
    /* 18: a foreign correspondent bank (up to 5) */
    {7, {IAT_BANK("foreign correspondent bank"), {"reserved", 78, 6, F_BLANK, 0, NULL},
         {"addenda sequence number", 84, 4, F_NUM, 0, NULL}, IAT_SEQ}},
};
#undef IAT_SEQ
#undef IAT_BANK
/* An IAT return's addenda 99: the original forward entry's amount in 36-45, then 34 characters
 * of addenda information. */
static const field_spec iat_addenda99_fields[A99_N + 1] = {
    {"return reason code", 4, 3, F_ALNUM_REQ, 0, NULL},
    {"original entry trace number", 7, 15, F_NUM, 0, NULL},
    {"date of death", 22, 6, F_DATE_OPT, 0, NULL},
    {"original receiving DFI identification", 28, 8, F_NUM, 0, NULL},
    {"addenda information", 46, 34, F_ALNUM, 0, NULL},
    {"trace number", 80, 15, F_NUM, 0, NULL},
    {"original forward entry payment amount", 36, 10, F_NUM, 0, NULL},
};
#define A99_IAT_AMOUNT A99_N

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

/* Transaction codes by direction: credits end in 1-4, debits in 5-9 (x1/x6 returns and NOCs). */
#define TCS_CREDIT (TC(21) | TC(22) | TC(23) | TC(24) | TC(31) | TC(32) | TC(33) | TC(34) | \
                    TC(41) | TC(42) | TC(43) | TC(44) | TC(51) | TC(52) | TC(53) | TC(54))
#define TCS_DEBIT (TC(26) | TC(27) | TC(28) | TC(29) | TC(36) | TC(37) | TC(38) | TC(39) | \
                   TC(46) | TC(47) | TC(48) | TC(49) | TC(55) | TC(56))
#define TCS_ALL (TCS_CREDIT | TCS_DEBIT)
#define TCS_RETURN (TC(21) | TC(26) | TC(31) | TC(36) | TC(41) | TC(46) | TC(51) | TC(56))

enum sec_kind { SEC_UNKNOWN, SEC_SUPPORTED, SEC_UNSUPPORTED };

/* What the record layouts of the Nacha Operating Rules (Appendix Three) say per SEC code: the
 * transaction codes its entries may carry (returns and NOCs of its own direction included), how
 * many addenda 05 an entry may have, where the receiver's name is when it is required, and
 * whether positions 55-58 count the addenda (CTX, ATX). One table, so that every rule per SEC
 * code is in one place. IAT and ADV batches have their own record layouts. */
typedef struct sec_rule {
    char code[4];
    uint8_t kind;
    uint8_t name_col, name_width; /* the receiver's name, required there; 0: not required */
    bool count_field;             /* number of addenda records in positions 55-58 */
    bool zero_amount;             /* non-monetary entries: amount 0 */
    int16_t max05;
    uint64_t tcs;
    const char *tcs_text;         /* the allowed codes, for the "expected" of a finding */
} sec_rule;

static const sec_rule sec_rules[] = {
    {"ACK", SEC_SUPPORTED, 55, 22, false, true, 1, TC(21) | TC(24) | TC(31) | TC(34),
     "21, 24, 31 or 34 (ACK)"},
    {"ARC", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_DEBIT, "a debit code (ARC is debits only)"},
    {"ATX", SEC_SUPPORTED, 59, 16, true, true, 9999, TC(21) | TC(24) | TC(31) | TC(34),
     "21, 24, 31 or 34 (ATX)"},
    {"BOC", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_DEBIT, "a debit code (BOC is debits only)"},
    {"CCD", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_ALL, NULL},
    {"CIE", SEC_SUPPORTED, 40, 15, false, false, 1, TCS_CREDIT,
     "a credit code (CIE is credits only)"},
    {"COR", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_RETURN,
     "a return/NOC code (x1 or x6) in a COR batch"},
    {"CTX", SEC_SUPPORTED, 59, 16, true, false, 9999, TCS_ALL, NULL},
    {"DNE", SEC_SUPPORTED, 55, 22, false, true, 1, TC(21) | TC(23) | TC(31) | TC(33),
     "21, 23, 31 or 33 (DNE)"},
    {"ENR", SEC_SUPPORTED, 0, 0, false, true, 9999,
     TC(21) | TC(22) | TC(26) | TC(27) | TC(31) | TC(32) | TC(36) | TC(37),
     "22, 27, 32 or 37, or their returns (ENR)"},
    {"MTE", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_ALL, NULL},
    {"POP", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_DEBIT, "a debit code (POP is debits only)"},
    {"POS", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_ALL, NULL},
    {"PPD", SEC_SUPPORTED, 55, 22, false, false, 1, TCS_ALL, NULL},
    {"RCK", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_DEBIT, "a debit code (RCK is debits only)"},
    {"SHR", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_ALL, NULL},
    {"TEL", SEC_SUPPORTED, 55, 22, false, false, 1, TCS_DEBIT, "a debit code (TEL is debits only)"},
    {"TRC", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_DEBIT, "a debit code (TRC is debits only)"},
    {"TRX", SEC_SUPPORTED, 59, 16, true, false, 9999, TCS_DEBIT,
     "a debit code (TRX is debits only)"},
    {"WEB", SEC_SUPPORTED, 55, 22, false, false, 1, TCS_ALL, NULL},
    {"XCK", SEC_SUPPORTED, 0, 0, false, false, 1, TCS_DEBIT, "a debit code (XCK is debits only)"},
    {"ADV", SEC_SUPPORTED, 0, 0, false, false, 0, TCS_ALL, NULL}, /* own layout: on_adv_entry */
    {"IAT", SEC_SUPPORTED, 0, 0, false, false, 0, TCS_ALL, NULL}, /* own layout: on_iat_* */
};

/* IAT addenda 10 transaction type codes (moov-io/ach addenda10.go). */
static const char iat_transaction_types[][4] = {"ANN", "BUS", "DEP", "LOA", "MIS", "MOR",
                                                "PEN", "RLS", "REM", "SAL", "TAX", "TEL",
                                                "WEB", "ARC", "BOC", "POP", "RCK"};

/* The rule of an SEC code (NULL for an unknown one). */
static const sec_rule *sec_lookup(const char *sec)
{
    for (size_t i = 0; i < ACH__ARRAY_LEN(sec_rules); i++)
        if (memcmp(sec, sec_rules[i].code, 3) == 0) return &sec_rules[i];
    return NULL;
}

/* Addenda 02 (terminal location) belong to the card-terminal SEC codes. */
static bool sec_takes_addenda02(const sec_rule *rule)
{
    return rule && (!memcmp(rule->code, "MTE", 3) || !memcmp(rule->code, "POS", 3) ||
                    !memcmp(rule->code, "SHR", 3));
}

/* Every byte of p[0..n) is c. */
static bool all_of(const char *p, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != c) return false;
    return true;
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
    const char *data;   /* the input, or the window over a file */
    size_t len;         /* bytes of records in `data` */
    size_t pos;
    uint64_t total;     /* bytes the records take (a final line break of an unbroken file
                           excluded) */

    /* File mode (ach_nacha_reader_open): the file is read with read() into a bounded window,
     * never mapped: touching a mapping of a file that shrank raises SIGBUS (issue 17). */
    int fd;             /* -1 for a buffer */
    char *window;
    size_t filled;      /* bytes in the window */
    uint64_t base;      /* offset in the file of window[0] */
    uint64_t size;      /* the file's size when opened */
    uint64_t got;       /* bytes read from it */
    bool eof;           /* nothing more to read (always, for a buffer) */
    bool skip_line;     /* the rest of an over-long line is being skipped */
    bool overlong;      /* the current record is an over-long line cut at the window's size */
    ach_status failed;  /* the file could not be read or changed: every call fails */
    bool lenient;       /* ACH_NACHA_LENIENT: tolerated deviations are warnings */
    int read_errno;
    char *path;         /* for messages */
    const char *entry_raw; /* the bytes of the open entry (moved out of the window on refill) */

    ach_nacha_options opts;
    ach_nacha_summary sum;
    uint64_t rec_off;   /* offset of the current record */
    uint64_t rec_no;    /* number of the current record */
    ach_nacha_layout layout;

    /* the open batch */
    ach_nacha_batch_header batch;
    sums b;             /* running sums of the batch */
    int64_t batch_max05;
    const sec_rule *rule;   /* of the open batch's SEC code; NULL when unknown */
    uint64_t batch_tcs;     /* its transaction codes (all when it has no list) */
    bool batch_zero;        /* its entries carry no amount (COR, ACK, ATX, DNE, ENR) */
    uint8_t batch_name_col; /* where its receiver's name is required; 0: nowhere */
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
    bool batch_adv, file_adv; /* an ADV batch is open / has been read: ADV control layouts */
    bool batch_iat;           /* an IAT batch is open: IAT entry and addenda layouts */
    bool batch_count_field;   /* its SEC code counts the addenda in 55-58 (CTX, ATX): kept here
                                 so that every other entry's end is one test */
    /* the open IAT entry's addenda: the last type read (9 before any), which of 10-16 were
     * read (bit t-10), how many 17, 18 and 98/99; the receiver's name (10) and id (15), kept
     * here as the records that hold them leave the window */
    int32_t iat_last;
    uint8_t iat_mandatory;
    uint8_t iat17, iat18, iat_closing;
    char iat_name[35];
    char iat_id[15];
    char batch_company_id[10];
    char scratch[REC];       /* a short record, padded with blanks */
    char scratch_batch[REC]; /* ... kept while its batch is open */
    char scratch_entry[REC]; /* ... kept while its entry is open */
};

/* Reports a finding, or a warning: a deviation the lenient profile reads as the record it means. */
static void emit(ach_nacha_reader *r, bool warning, uint64_t record, uint64_t offset,
                 ach_nacha_check check, uint32_t column, const char *field, const char *expected,
                 const char *found)
{
    if (warning) r->sum.warnings++;
    else r->sum.findings++;
    if (!r->opts.on_finding) return;
    ach_nacha_finding f;
    f.warning = warning;
    f.check = check;
    f.record = record;
    f.column = column;
    f.offset = offset;
    f.field = field;
    ach__strlcpy(f.expected, expected, sizeof f.expected);
    ach__strlcpy(f.found, found, sizeof f.found);
    r->opts.on_finding(&f, r->opts.ctx);
}

static void report_at(ach_nacha_reader *r, uint64_t record, uint64_t offset, ach_nacha_check check,
                      uint32_t column, const char *field, const char *expected, const char *found)
{
    emit(r, false, record, offset, check, column, field, expected, found);
}

static void report(ach_nacha_reader *r, ach_nacha_check check, uint32_t column, const char *field,
                   const char *expected, const char *found)
{
    report_at(r, r->rec_no, r->rec_off, check, column, field, expected, found);
}

/* ---- small helpers ------------------------------------------------------------------------ */

/* The 8 digits at p as a number, three multiplications instead of eight dependent ones
 * (little-endian words: byte 0 is the most significant digit). */
static inline int64_t digits8_word(uint64_t v)
{
    v = (v & UINT64_C(0x0F0F0F0F0F0F0F0F)) * 2561 >> 8;
    v = (v & UINT64_C(0x00FF00FF00FF00FF)) * 6553601 >> 16;
    v = (v & UINT64_C(0x0000FFFF0000FFFF)) * UINT64_C(42949672960001) >> 32;
    return (int64_t)v;
}

static inline int64_t digits8_value(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return digits8_word(v);
}

/* The digits p[0..n) as a number (n <= 18; the caller has checked they are digits). Inlined:
 * most callers pass a constant n, which leaves a few multiplications in place of a call. */
static ALWAYS_INLINE int64_t digits(const char *p, size_t n)
{
    int64_t v = 0;
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    static const int64_t pow10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    for (; i + 8 <= n; i += 8) v = v * 100000000 + digits8_value(p + i);
    if (i && i < n) {
        /* the last k digits (a trace number's 7): the 8 bytes that end the field, with the
         * 8 - k already read made zeros (leading zeros), so no byte outside p[0..n) is read */
        size_t k = n - i;
        uint64_t w;
        memcpy(&w, p + n - 8, 8);
        return v * pow10[k] + digits8_word(w & ~UINT64_C(0) << 8 * (8 - k));
    }
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

/* p[0..n) without its leading and trailing blanks. */
static ach_nacha_text trimmed(const char *p, size_t n)
{
    ach_nacha_text t = {p, n};
    while (t.len && t.ptr[t.len - 1] == ' ') t.len--;
    while (t.len && t.ptr[0] == ' ') {
        t.ptr++;
        t.len--;
    }
    return t;
}

static ach_nacha_text view_trimmed(const char *rec, const field_spec *f)
{
    return trimmed(rec + f->col - 1, f->width);
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
        else if (f->allowed[0] == ' ') snprintf(exp, sizeof exp, "blank or one of %s", f->allowed + 1);
        else snprintf(exp, sizeof exp, "one of %s", f->allowed);
        report(r, ACH_NACHA_CHECK_VALUE, f->col, f->name, exp,
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    case F_MMDD:
        if ((and_ & C_DIGIT) && ach_date_make(&ignored, 2000, (int32_t)digits(s, 2),
                                              (int32_t)digits(s + 2, 2), NULL) == ACH_OK)
            return true;
        report(r, ACH_NACHA_CHECK_DATE, f->col, f->name, "a month and day MMDD",
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    case F_UPPER: {
        unsigned i = 0;
        while (i < f->width && s[i] >= 'A' && s[i] <= 'Z') i++;
        if (i == f->width) return true;
        report(r, ACH_NACHA_CHECK_VALUE, f->col + i, f->name, "capital letters A-Z",
               shown(buf, sizeof buf, s, f->width, false));
        return false;
    }
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

/* The number in field i (at most 18 digits), or -1 when the field is not valid (or blank where
 * optional). Inlined: where the field is a constant (the entry path) its position and width are
 * too, and a call per field cost more than the digits themselves. */
static ALWAYS_INLINE int64_t number(const char *rec, const field_spec *specs, uint32_t ok, int i)
{
    const field_spec *f = &specs[i];
    const char *p = rec + f->col - 1;
    if (!OK(ok, i) || p[0] == ' ') return -1;
    return digits(p, f->width);
}

/* The same for a field that may be wider than 18 digits (the 20-digit totals of ADV controls):
 * the leading digits beyond 18 must be zeros to fit. */
static int64_t wide_number(const char *rec, const field_spec *specs, uint32_t ok, int i)
{
    const field_spec *f = &specs[i];
    const char *p = rec + f->col - 1;
    if (!OK(ok, i) || p[0] == ' ') return -1;
    size_t w = f->width;
    for (; w > 18; p++, w--)
        if (*p != '0') return -1;
    return digits(p, w);
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

/* The batch number (ascending in the file) and the state of the open batch, for every layout. */
static void open_batch(ach_nacha_reader *r, const char *rec, ach_nacha_batch_header *h,
                       const sec_rule *rule, const field_spec *number_field)
{
    char buf[ACH_NACHA_FINDING_TEXT_SIZE];
    if (h->batch_number >= 0) {
        if (r->last_batch_number >= 0 && h->batch_number <= r->last_batch_number) {
            char exp[ACH_NACHA_FINDING_TEXT_SIZE];
            snprintf(exp, sizeof exp, "greater than %07lld", (long long)r->last_batch_number);
            report(r, ACH_NACHA_CHECK_BATCH_NUMBER, 88, number_field->name, exp,
                   shown(buf, sizeof buf, rec + 87, 7, false));
        }
        r->last_batch_number = h->batch_number;
    }
    r->batch = *h;
    memcpy(r->batch_company_id, rec + 40, sizeof r->batch_company_id);
    r->batch_open = true;
    r->batch_cor = memcmp(h->sec, "COR", 3) == 0;
    r->rule = rule;
    /* what on_entry() checks for every entry of the batch, at hand */
    r->batch_tcs = rule && rule->tcs_text ? rule->tcs : ~UINT64_C(0);
    r->batch_zero = r->batch_cor || (rule && rule->zero_amount);
    r->batch_name_col = rule ? rule->name_col : 0;
    r->batch_count_field = rule && rule->count_field;
    r->batch_max05 = rule ? rule->max05 : 1;
    reset_batch(r);
    r->sum.batches++;
}

static void report_service_class(ach_nacha_reader *r, const char *rec, const field_spec *f,
                                 int32_t sc, bool adv)
{
    char buf[ACH_NACHA_FINDING_TEXT_SIZE];
    if (sc >= 0 && (adv ? sc != 280 : sc != 200 && sc != 220 && sc != 225))
        report(r, ACH_NACHA_CHECK_SERVICE_CLASS, 2, f->name,
               adv         ? "280 (ADV)"
               : sc == 280 ? "200, 220 or 225 (280 is for ADV batches)"
                           : "200, 220 or 225",
               shown(buf, sizeof buf, rec + 1, 3, false));
}

/* Copies the n letters at p into dst (NUL-terminated): ISO codes, whatever they hold. */
static void copy_code(char *dst, const char *p, size_t n)
{
    memcpy(dst, p, n);
    dst[n] = '\0';
}

/* An IAT batch header (issue 19): the IAT indicator, foreign exchange and ISO fields in place of
 * the company name, discretionary data and descriptive date. Its NOCs come in a COR batch whose
 * IAT indicator is "IATCOR". */
static ACH__COLD void on_iat_batch_header(ach_nacha_reader *r, const char *rec, ach_nacha_batch_header *h)
{
    const field_spec *F = iat_batch_header_fields;
    uint32_t ok = check_fields(r, rec, F, IBH_N);
    char buf[ACH_NACHA_FINDING_TEXT_SIZE];
    memset(h, 0, sizeof *h);
    h->iat = true;
    h->service_class = (int32_t)number(rec, F, ok, IBH_SERVICE);
    report_service_class(r, rec, &F[IBH_SERVICE], h->service_class, false);
    memcpy(h->sec, rec + 50, 3);
    h->sec[3] = '\0';
    bool cor = memcmp(h->sec, "COR", 3) == 0;
    /* the indicator is "IATCOR" in a COR batch (that is how it was recognised), blank otherwise */
    if (!cor && OK(ok, IBH_INDICATOR) && !all_of(rec + 4, 16, ' '))
        report(r, ACH_NACHA_CHECK_VALUE, 5, F[IBH_INDICATOR].name,
               "blanks (IATCOR is for the NOCs of a COR batch)",
               shown(buf, sizeof buf, rec + 4, 16, false));
    if (OK(ok, IBH_FX) && memcmp(rec + 20, "FV", 2) != 0 && memcmp(rec + 20, "VF", 2) != 0 &&
        memcmp(rec + 20, "FF", 2) != 0)
        report(r, ACH_NACHA_CHECK_VALUE, 21, F[IBH_FX].name, "FV, VF or FF",
               shown(buf, sizeof buf, rec + 20, 2, false));
    h->company_name = (ach_nacha_text){rec + 4, 0};
    h->discretionary_data = (ach_nacha_text){rec + 20, 0};
    h->descriptive_date = (ach_nacha_text){rec + 63, 0};
    h->iat_indicator = view(rec, &F[IBH_INDICATOR]);
    copy_code(h->foreign_exchange, rec + 20, 2);
    h->foreign_exchange_reference_indicator = rec[22];
    h->foreign_exchange_reference = view(rec, &F[IBH_FX_REF]);
    copy_code(h->destination_country, rec + 38, 2);
    h->company_id = view(rec, &F[IBH_ORIGINATOR]);
    h->entry_description = view(rec, &F[IBH_DESCRIPTION]);
    copy_code(h->originating_currency, rec + 63, 3);
    copy_code(h->destination_currency, rec + 66, 3);
    h->effective_date = ACH_DATE_NONE;
    if (OK(ok, IBH_EFFECTIVE)) (void)valid_yymmdd(rec + 69, &h->effective_date);
    h->settlement_date = julian_near(number(rec, F, ok, IBH_SETTLEMENT), h->effective_date);
    h->originator_status = rec[78];
    h->odfi = number(rec, F, ok, IBH_ODFI);
    h->batch_number = number(rec, F, ok, IBH_NUMBER);
    r->batch_adv = false;
    r->batch_iat = true;
    open_batch(r, rec, h, sec_lookup(h->sec), &F[IBH_NUMBER]);
}

static void on_batch_header(ach_nacha_reader *r, const char *rec, ach_nacha_batch_header *h)
{
    if (memcmp(rec + 50, "IAT", 3) == 0 ||
        (memcmp(rec + 50, "COR", 3) == 0 && memcmp(rec + 4, "IATCOR", 6) == 0)) {
        on_iat_batch_header(r, rec, h);
        return;
    }
    const field_spec *F = batch_header_fields;
    /* ENR batches leave the effective entry date blank (or zeros): not a date to check there. */
    bool enr = memcmp(rec + 50, "ENR", 3) == 0;
    bool no_date = enr && (all_of(rec + 69, 6, ' ') || all_of(rec + 69, 6, '0'));
    uint32_t ok = 0;
    for (int i = 0; i < BH_N; i++)
        if ((i == BH_EFFECTIVE && no_date) || check_field(r, rec, &F[i])) ok |= UINT32_C(1) << i;
    /* A company name or entry description of zeros is no more a value than blanks. */
    static const int named[] = {BH_NAME, BH_DESCRIPTION};
    for (size_t i = 0; i < ACH__ARRAY_LEN(named); i++) {
        const field_spec *f = &F[named[i]];
        if (OK(ok, named[i]) && all_of(rec + f->col - 1, f->width, '0')) {
            report(r, ACH_NACHA_CHECK_REQUIRED, f->col, f->name, "a value (not all zeros)",
                   "all zeros");
            ok &= ~(UINT32_C(1) << named[i]);
        }
    }
    char buf[ACH_NACHA_FINDING_TEXT_SIZE];
    memset(h, 0, sizeof *h);
    h->service_class = (int32_t)number(rec, F, ok, BH_SERVICE);
    bool adv = memcmp(rec + 50, "ADV", 3) == 0;
    report_service_class(r, rec, &F[BH_SERVICE], h->service_class, adv);
    r->batch_adv = adv;
    r->batch_iat = false;
    r->file_adv |= adv;
    h->company_name = view(rec, &F[BH_NAME]);
    h->discretionary_data = view(rec, &F[BH_DISCRETIONARY]);
    h->company_id = view(rec, &F[BH_COMPANY_ID]);
    memcpy(h->sec, rec + 50, 3);
    h->sec[3] = '\0';
    const sec_rule *rule = OK(ok, BH_SEC) ? sec_lookup(h->sec) : NULL;
    if (OK(ok, BH_SEC) && (!rule || rule->kind != SEC_SUPPORTED))
        report(r, ACH_NACHA_CHECK_SEC_CODE, 51, F[BH_SEC].name,
               !rule ? "a NACHA SEC code" : "a supported SEC code",
               shown(buf, sizeof buf, rec + 50, 3, false));
    h->entry_description = view(rec, &F[BH_DESCRIPTION]);
    h->descriptive_date = view(rec, &F[BH_DESC_DATE]);
    h->effective_date = ACH_DATE_NONE;
    if (OK(ok, BH_EFFECTIVE) && !no_date) (void)valid_yymmdd(rec + 69, &h->effective_date);
    h->settlement_date = julian_near(number(rec, F, ok, BH_SETTLEMENT), h->effective_date);
    h->originator_status = rec[78];
    h->odfi = number(rec, F, ok, BH_ODFI);
    h->batch_number = number(rec, F, ok, BH_NUMBER);
    open_batch(r, rec, h, rule, &F[BH_NUMBER]);
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

/* The entry `e` is the open one: its addenda follow. */
static void open_entry(ach_nacha_reader *r, const ach_nacha_entry *e)
{
    r->entry = *e;
    r->entry_open = true;
    r->entry_rec = r->rec_no;
    r->entry_off = r->rec_off;
    r->entry_addenda = 0;
    r->entry_first_type = -1;
    r->iat_last = 9;
    r->iat_mandatory = 0;
    r->iat17 = r->iat18 = r->iat_closing = 0;
}

/* An ADV entry: its own layout; no trace number (the ACH operator routing number, Julian day and
 * sequence number in 80-94 stand in its place, shown as `trace`). */
static void on_adv_entry(ach_nacha_reader *r, const char *rec, ach_nacha_entry *e)
{
    const field_spec *F = adv_entry_fields;
    uint32_t ok = check_fields(r, rec, F, AE_N);
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
    memset(e, 0, sizeof *e);
    e->transaction_code = (int32_t)number(rec, F, ok, AE_TC);
    bool tc_ok = e->transaction_code >= 81 && e->transaction_code <= 88;
    if (e->transaction_code >= 0 && !tc_ok)
        report(r, ACH_NACHA_CHECK_TRANSACTION_CODE, 2, F[AE_TC].name, "81-88 (ADV)",
               shown(buf, sizeof buf, rec + 1, 2, false));
    e->rdfi_routing = (ach_nacha_text){rec + 3, 9};
    e->rdfi = number(rec, F, ok, AE_RDFI);
    if (e->rdfi >= 0 && OK(ok, AE_CHECK)) {
        int cd = ach_routing_check_digit(rec + 3);
        if (cd != rec[11] - '0') {
            snprintf(exp, sizeof exp, "%d", cd);
            snprintf(buf, sizeof buf, "%c", rec[11]);
            report(r, ACH_NACHA_CHECK_CHECK_DIGIT, 12, F[AE_CHECK].name, exp, buf);
        }
    }
    e->account = view(rec, &F[AE_ACCOUNT]);
    e->amount = number(rec, F, ok, AE_AMOUNT);
    e->individual_id = (ach_nacha_text){rec + 39, 0};
    e->individual_name = view(rec, &F[AE_NAME]);
    e->discretionary_data = view(rec, &F[AE_DISCRETIONARY]);
    e->has_addenda = rec[78] == '1';
    e->debit = tc_ok && e->transaction_code % 2 == 0; /* 82, 84, 86, 88 are debits */
    e->trace_number = -1;
    e->trace = (ach_nacha_text){rec + 79, 15};
    e->addenda_count = -1;
    e->ofac_indicator = e->secondary_ofac_indicator = ' ';
    count_record(r);
    bool amount_known = tc_ok && e->amount >= 0;
    sum_entry(&r->b, e->rdfi, amount_known, e->amount, e->debit);
    sum_entry(&r->f, e->rdfi, amount_known, e->amount, e->debit);
    if (amount_known) *(e->debit ? &r->sum.total_debit : &r->sum.total_credit) += e->amount;
    r->sum.entries++;
}

/* An entry detail, standard or IAT (`iat` is a constant where this is inlined, so the standard
 * layout's fast path reads its fields at constant positions). An IAT entry has its own layout,
 * with the transaction code, RDFI, amount and trace where the others have them, so the rules
 * after the fields are the same. */
static ALWAYS_INLINE void read_entry(ach_nacha_reader *r, const char *rec, ach_nacha_entry *e,
                                     const bool iat)
{
    const field_spec *F = iat ? iat_entry_fields : entry_fields;
    uint32_t ok;
    if (ACH__UNLIKELY(iat)) ok = check_fields(r, rec, F, IE_N);
    else ok = entry_clean(rec) ? (UINT32_C(1) << E_N) - 1 : check_fields(r, rec, F, E_N);
    const int i_amount = iat ? IE_AMOUNT : E_AMOUNT, i_trace = iat ? IE_TRACE : E_TRACE;
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
    e->amount = number(rec, F, ok, i_amount);
    if (ACH__UNLIKELY(iat)) {
        e->account = view(rec, &F[IE_ACCOUNT]);
        e->individual_id = e->individual_name = (ach_nacha_text){rec + 39, 0};
        e->discretionary_data = (ach_nacha_text){rec + 74, 0};
        e->addenda_count = (int32_t)number(rec, F, ok, IE_COUNT);
        e->ofac_indicator = rec[76];
        e->secondary_ofac_indicator = rec[77];
    } else {
        e->account = view(rec, &F[E_ACCOUNT]);
        e->individual_id = view(rec, &F[E_ID]);
        e->individual_name = view(rec, &F[E_NAME]);
        e->discretionary_data = view(rec, &F[E_DISCRETIONARY]);
        e->addenda_count = -1;
        e->ofac_indicator = e->secondary_ofac_indicator = ' ';
    }
    e->has_addenda = rec[78] == '1';
    e->debit = tc_ok && tc_debit(e->transaction_code);
    e->trace_number = number(rec, F, ok, i_trace);
    e->trace = (ach_nacha_text){rec + 79, 15};

    if (r->batch_open && tc_ok) {
        int32_t sc = r->batch.service_class;
        if ((sc == 220 && e->debit) || (sc == 225 && !e->debit))
            report(r, ACH_NACHA_CHECK_TRANSACTION_CODE, 2, F[E_TC].name,
                   sc == 220 ? "a credit (service class 220)" : "a debit (service class 225)",
                   shown(buf, sizeof buf, rec + 1, 2, false));
        else if (!(r->batch_tcs & TC(e->transaction_code)))
            report(r, ACH_NACHA_CHECK_TRANSACTION_CODE, 2, F[E_TC].name, r->rule->tcs_text,
                   shown(buf, sizeof buf, rec + 1, 2, false));
    }
    bool zero_rule = r->batch_open && r->batch_zero;
    if (tc_ok && e->amount > 0 && (tc_zero_only(e->transaction_code) || zero_rule)) {
        if (zero_rule && !r->batch_cor)
            snprintf(exp, sizeof exp, "0000000000 (%s entries carry no amount)", r->rule->code);
        report(r, ACH_NACHA_CHECK_AMOUNT, 30, F[i_amount].name,
               !zero_rule        ? "0000000000 (prenote or zero-dollar entry)"
               : r->batch_cor    ? "0000000000 (NOC)"
                                 : exp,
               shown(buf, sizeof buf, rec + 29, 10, false));
    }
    /* The receiver's name, where the SEC code's layout requires it: neither blanks nor zeros. */
    if (r->batch_name_col && r->batch_open) {
        const char *n = rec + r->batch_name_col - 1;
        size_t w = r->rule->name_width;
        if ((n[0] == ' ' || n[0] == '0') && (all_of(n, w, ' ') || all_of(n, w, '0'))) {
            snprintf(exp, sizeof exp, "the receiver's name (required for %s)", r->rule->code);
            report(r, ACH_NACHA_CHECK_REQUIRED, r->rule->name_col,
                   r->rule->count_field ? "receiving company name" : entry_fields[E_NAME].name, exp,
                   n[0] == ' ' ? "(blank)" : "all zeros");
        }
    }
    if (e->trace_number >= 0 && r->batch_open) {
        if (r->batch.odfi >= 0 && e->trace_number / 10000000 != r->batch.odfi) {
            snprintf(exp, sizeof exp, "starting with the ODFI %08lld", (long long)r->batch.odfi);
            report(r, ACH_NACHA_CHECK_TRACE_NUMBER, 80, F[i_trace].name, exp,
                   shown(buf, sizeof buf, rec + 79, 15, false));
        }
        if (r->last_trace >= 0 && e->trace_number <= r->last_trace) {
            snprintf(exp, sizeof exp, "greater than %015lld", (long long)r->last_trace);
            report(r, ACH_NACHA_CHECK_TRACE_ORDER, 80, F[i_trace].name, exp,
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
    open_entry(r, e);
}

/* IAT entries are rare: out of line, so the standard path stays small. */
static ACH__COLD void on_iat_entry(ach_nacha_reader *r, const char *rec, ach_nacha_entry *e)
{
    read_entry(r, rec, e, true);
}

static void on_entry(ach_nacha_reader *r, const char *rec, ach_nacha_entry *e)
{
    if (r->batch_open && r->batch_adv) {
        on_adv_entry(r, rec, e);
        open_entry(r, e);
    } else if (ACH__UNLIKELY(r->batch_open && r->batch_iat)) {
        on_iat_entry(r, rec, e);
    } else {
        read_entry(r, rec, e, false);
    }
}

/* An IAT entry ends: the mandatory addenda 10-16 were all there, and positions 13-16 count the
 * addenda that followed. */
static ACH__COLD void close_iat_entry(ach_nacha_reader *r)
{
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
    if (r->iat_mandatory != 0x7F) {
        int missing = 10;
        while (r->iat_mandatory & (1u << (missing - 10))) missing++;
        snprintf(buf, sizeof buf, "no addenda %d", missing);
        report_at(r, r->entry_rec, r->entry_off, ACH_NACHA_CHECK_ADDENDA_COUNT, 1,
                  "addenda record", "the mandatory IAT addenda 10-16", buf);
    }
    if (r->entry.addenda_count >= 0 && r->entry.addenda_count != r->entry_addenda) {
        snprintf(exp, sizeof exp, "%04lld (the addenda that follow)", (long long)r->entry_addenda);
        report_at(r, r->entry_rec, r->entry_off, ACH_NACHA_CHECK_ADDENDA_COUNT, 13,
                  iat_entry_fields[IE_COUNT].name, exp,
                  shown(buf, sizeof buf, r->entry_raw + 12, 4, false));
    }
}

/* CTX and ATX: positions 55-58 count the addenda 05 of a forward entry. */
static ACH__COLD void check_addenda_count(ach_nacha_reader *r)
{
    if (r->entry_first_type != 98 && r->entry_first_type != 99) {
        const char *p = r->entry_raw + 54;
        if (all_of(p, 4, ' ') || !(cls[(unsigned char)p[0]] & cls[(unsigned char)p[1]] &
                                   cls[(unsigned char)p[2]] & cls[(unsigned char)p[3]] & C_DIGIT)) {
            report_at(r, r->entry_rec, r->entry_off, ACH_NACHA_CHECK_NUMERIC, 55,
                      "number of addenda records", "4 digits", "not 4 digits");
        } else if (digits(p, 4) != r->entry_addenda) {
            char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
            snprintf(exp, sizeof exp, "%04lld (the addenda that follow)",
                     (long long)r->entry_addenda);
            report_at(r, r->entry_rec, r->entry_off, ACH_NACHA_CHECK_ADDENDA_COUNT, 55,
                      "number of addenda records", exp, shown(buf, sizeof buf, p, 4, false));
        }
    }
}

/* An entry ends (something other than its addenda follows): an indicator of 1 needs an addenda.
 * Inlined: it runs before every record but an addenda. */
static ALWAYS_INLINE void close_entry(ach_nacha_reader *r)
{
    if (!r->entry_open) return;
    r->entry_open = false;
    /* CTX, ATX and IAT entries end with checks of their own: one test for the others */
    if (ACH__UNLIKELY(r->batch_open && (r->batch_count_field || r->batch_iat))) {
        if (r->batch_count_field) check_addenda_count(r);
        if (r->batch_iat) close_iat_entry(r);
    }
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

/* Positions 65-79 of a refused NOC: the refused NOC's change code (65-67), its trace sequence
 * number (68-74, the last 7 digits of its trace number), then 5 blanks. */
static void check_refused_tail(ach_nacha_reader *r, const char *rec)
{
    static const field_spec seq = {"trace sequence number", 68, 7, F_NUM, 0, NULL};
    static const field_spec reserved = {"reserved", 75, 5, F_BLANK, 0, NULL};
    char buf[ACH_NACHA_FINDING_TEXT_SIZE];
    if (!ach_noc_code_lookup(rec + 64, 3))
        report(r, ACH_NACHA_CHECK_CHANGE_CODE, 65, "change code", "a change code C01-C14",
               shown(buf, sizeof buf, rec + 64, 3, false));
    (void)check_field(r, rec, &seq);
    (void)check_field(r, rec, &reserved);
}

/* IAT addenda come in a fixed order (Nacha Appendix Three; moov-io/ach iatBatch.go): the
 * mandatory 10, 11, ..., 16, then up to two 17 (remittance), up to five 18 (foreign
 * correspondent banks), then a return's 99 or, in an IAT COR batch, a NOC's 98. A type that
 * comes back or after its place is reported; a mandatory one that never comes is reported once,
 * when the entry ends (close_iat_entry). Returns false for a type that is not an IAT one. */
static ACH__COLD bool iat_addenda_order(ach_nacha_reader *r, const char *rec, int32_t type, bool in_entry)
{
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
    const char *field = addenda_type_field.name;
    bool closing = type == 98 || type == 99;
    if (type < 0) return false;
    if (!(type >= 10 && type <= 18) && !closing) {
        report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, field,
               r->batch_cor ? "10-18 or 98 (IAT COR batch)" : "10-18 or 99 (IAT batch)",
               shown(buf, sizeof buf, rec + 1, 2, false));
        return false;
    }
    if (closing && r->batch_cor != (type == 98)) {
        report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, field,
               r->batch_cor ? "98 (IAT COR batch)" : "99 (98 is for IAT COR batches)",
               shown(buf, sizeof buf, rec + 1, 2, false));
        return false;
    }
    if (!in_entry) return true; /* outside an entry: a record-order finding already */
    int32_t last = r->iat_last;
    r->iat_last = type;
    if (last >= 98) {
        report(r, ACH_NACHA_CHECK_ADDENDA_COUNT, 1, "addenda record",
               "no addenda after the return (99) or NOC (98)", "another addenda");
        if (closing) r->iat_closing++;
        return true;
    }
    if (closing) {
        r->iat_closing++;
        return true;
    }
    if (type == 17 && r->iat17 >= 2) {
        report(r, ACH_NACHA_CHECK_ADDENDA_COUNT, 1, "addenda record", "at most 2 addenda 17 for IAT",
               "a third");
    } else if (type == 18 && r->iat18 >= 5) {
        report(r, ACH_NACHA_CHECK_ADDENDA_COUNT, 1, "addenda record", "at most 5 addenda 18 for IAT",
               "a sixth");
    } else if (type <= last && !(type == last && type >= 17)) {
        snprintf(exp, sizeof exp, "%s",
                 last < 16 ? "the IAT addenda 10-16 in order"
                           : last == 16 ? "17, 18 or the return/NOC addenda"
                                        : "18 or the return/NOC addenda (17 comes before 18)");
        report(r, ACH_NACHA_CHECK_ADDENDA_SEQUENCE, 2, field, exp,
               shown(buf, sizeof buf, rec + 1, 2, false));
    }
    if (type <= 16) r->iat_mandatory |= (uint8_t)(1u << (type - 10));
    return true;
}

/* Addenda 10-18 of an IAT entry (their order was checked by iat_addenda_order()). */
static ACH__COLD void on_iat_addenda(ach_nacha_reader *r, const char *rec, ach_nacha_addenda *a,
                           bool in_entry)
{
    const iat_layout *L = &iat_addenda[a->type - 10];
    const field_spec *F = L->f;
    uint32_t ok = check_fields(r, rec, F, L->n);
    char buf[ACH_NACHA_FINDING_TEXT_SIZE];
    a->entry_sequence = number(rec, F, ok, L->n - 1);
    switch (a->type) {
    case 10:
        a->transaction_type = view(rec, &F[0]);
        if (OK(ok, 0)) {
            bool known = false;
            for (size_t i = 0; i < ACH__ARRAY_LEN(iat_transaction_types); i++)
                known |= memcmp(rec + 3, iat_transaction_types[i], 3) == 0;
            if (!known)
                report(r, ACH_NACHA_CHECK_VALUE, 4, F[0].name, "ANN, BUS, DEP, ... (an IAT type)",
                       shown(buf, sizeof buf, rec + 3, 3, false));
        }
        a->foreign_amount = number(rec, F, ok, 1);
        a->foreign_trace = view(rec, &F[2]);
        a->name = view(rec, &F[3]);
        if (in_entry) { /* the receiver's name, for returns and listings */
            memcpy(r->iat_name, a->name.ptr, a->name.len);
            r->entry.individual_name = (ach_nacha_text){r->iat_name, a->name.len};
        }
        break;
    case 11:
        a->name = view(rec, &F[0]);
        a->street = view(rec, &F[1]);
        break;
    case 12:
    case 16:
        a->city_state = view(rec, &F[0]);
        a->country_postal = view(rec, &F[1]);
        break;
    case 13:
    case 14:
    case 18:
        a->name = view(rec, &F[0]);
        a->id_qualifier = view(rec, &F[1]);
        a->bank_id = view(rec, &F[2]);
        a->branch_country = view(rec, &F[3]);
        if (OK(ok, 1) && (rec[38] != '0' || rec[39] < '1' || rec[39] > '3'))
            report(r, ACH_NACHA_CHECK_VALUE, 39, F[1].name, "01, 02 or 03",
                   shown(buf, sizeof buf, rec + 38, 2, false));
        break;
    case 15:
        a->receiver_id = view(rec, &F[0]);
        a->street = view(rec, &F[1]);
        if (in_entry) {
            memcpy(r->iat_id, a->receiver_id.ptr, a->receiver_id.len);
            r->entry.individual_id = (ach_nacha_text){r->iat_id, a->receiver_id.len};
        }
        break;
    default: /* 17 */
        a->payment_info = view(rec, &F[0]);
        break;
    }
    if (a->type >= 17) { /* 17 and 18 are numbered 1, 2, ... each */
        uint8_t *n = a->type == 17 ? &r->iat17 : &r->iat18;
        if (in_entry) (*n)++;
        a->sequence = number(rec, F, ok, L->n - 2);
        if (in_entry && a->sequence >= 0 && a->sequence != *n)
            report_number_mismatch(r, ACH_NACHA_CHECK_ADDENDA_SEQUENCE, &F[L->n - 2], rec, *n);
    }
    if (in_entry && a->entry_sequence >= 0 && r->entry.trace_number >= 0 &&
        a->entry_sequence != r->entry.trace_number % 10000000)
        report_number_mismatch(r, ACH_NACHA_CHECK_TRACE_NUMBER, &F[L->n - 1], rec,
                               r->entry.trace_number % 10000000);
}

static void on_addenda(ach_nacha_reader *r, const char *rec, ach_nacha_addenda *a)
{
    char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
    memset(a, 0, sizeof *a);
    a->sequence = a->entry_sequence = -1;
    a->foreign_amount = a->original_amount = -1;
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

    /* Which types the batch allows: NOCs (98) in COR batches only, 05 and 99 elsewhere, 02 in
     * MTE, POS and SHR batches, 10-18 (and 98 or 99 after them) in IAT batches. */
    bool type_ok = true;
    bool iat = r->batch_open && r->batch_iat;
    if (iat) {
        type_ok = iat_addenda_order(r, rec, a->type, in_entry);
    } else if (a->type >= 10 && a->type <= 18) {
        report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, addenda_type_field.name,
               "02, 05, 98 or 99 (10-18 are for IAT batches)",
               shown(buf, sizeof buf, rec + 1, 2, false));
        type_ok = false;
    } else if (a->type == 2) {
        if (r->batch_open && !sec_takes_addenda02(r->rule)) {
            report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, addenda_type_field.name,
                   "05, 98 or 99 (02 is for MTE, POS and SHR)",
                   shown(buf, sizeof buf, rec + 1, 2, false));
            type_ok = false;
        }
    } else if (a->type == 5 || a->type == 98 || a->type == 99) {
        if (r->batch_open && r->batch_cor != (a->type == 98)) {
            report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, addenda_type_field.name,
                   r->batch_cor ? "98 (COR batch)" : "05 or 99 (98 is for COR batches)",
                   shown(buf, sizeof buf, rec + 1, 2, false));
            type_ok = false;
        }
    } else if (a->type >= 0) {
        report(r, ACH_NACHA_CHECK_ADDENDA_TYPE, 2, addenda_type_field.name, "02, 05, 98 or 99",
               shown(buf, sizeof buf, rec + 1, 2, false));
        type_ok = false;
    }
    /* How many: one 98 or 99 alone; 05s up to the SEC code's limit. */
    if (in_entry && type_ok && !iat && r->entry_addenda > 1) {
        bool single = a->type != 5 || r->entry_first_type != 5; /* 02, 98, 99: one */
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

    if (a->type >= 10 && a->type <= 18 && type_ok) {
        on_iat_addenda(r, rec, a, in_entry);
    } else if (a->type == 2 && type_ok) {
        const field_spec *F = addenda02_fields;
        uint32_t ok = check_fields(r, rec, F, A02_N);
        a->reference_info = view(rec, &F[A02_REF1]);
        a->terminal_id = view(rec, &F[A02_TERMINAL]);
        a->serial_number = view(rec, &F[A02_SERIAL]);
        a->transaction_date = view(rec, &F[A02_DATE]);
        a->terminal_location = view(rec, &F[A02_LOCATION]);
        a->terminal_city = view(rec, &F[A02_CITY]);
        a->terminal_state = view(rec, &F[A02_STATE]);
        a->trace = view(rec, &F[A02_TRACE]);
        if (OK(ok, A02_TRACE)) check_addenda_trace(r, rec, &F[A02_TRACE]);
    } else if (a->type == 5 && (type_ok || !iat)) { /* an 05 misplaced in IAT: type only */
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
        bool refused = noc && ach_refused_noc_code_lookup(rec + 3, 3) != NULL;
        const field_spec *F = refused ? addenda98_refused_fields
                              : noc   ? addenda98_fields
                              : iat   ? iat_addenda99_fields
                                      : addenda99_fields;
        uint32_t ok = check_fields(r, rec, F, noc ? A98_N : iat ? A99_N + 1 : A99_N);
        if (refused && OK(ok, A98_RESERVED2)) check_refused_tail(r, rec);
        memcpy(a->code, rec + 3, 3);
        a->code[3] = '\0';
        a->original_trace = view(rec, &F[noc ? A98_ORIGINAL_TRACE : A99_ORIGINAL_TRACE]);
        a->original_rdfi = view(rec, &F[noc ? A98_ORIGINAL_RDFI : A99_ORIGINAL_RDFI]);
        a->trace = view(rec, &F[noc ? A98_TRACE : A99_TRACE]);
        if (OK(ok, 0)) {
            bool known = noc ? ach_noc_code_lookup(rec + 3, 3) != NULL || refused
                             : ach_return_code_lookup(rec + 3, 3) != NULL;
            if (!known)
                report(r, noc ? ACH_NACHA_CHECK_CHANGE_CODE : ACH_NACHA_CHECK_RETURN_CODE, 4,
                       F[0].name,
                       noc ? "a change code C01-C14 or C61-C69" : "a return reason code R01-R85",
                       shown(buf, sizeof buf, rec + 3, 3, false));
        }
        if (noc) {
            a->corrected_data = view(rec, &F[A98_CORRECTED]);
            if (OK(ok, A98_TRACE)) check_addenda_trace(r, rec, &F[A98_TRACE]);
            r->sum.nocs++;
        } else {
            if (OK(ok, A99_DEATH) && rec[21] != ' ') (void)valid_yymmdd(rec + 21, &a->date_of_death);
            a->addenda_info = view(rec, &F[A99_INFO]);
            if (iat) a->original_amount = number(rec, F, ok, A99_IAT_AMOUNT);
            if (OK(ok, A99_TRACE)) check_addenda_trace(r, rec, &F[A99_TRACE]);
            /* A return entry carries a return transaction code (COR entries were checked as
             * entries). Reported on the entry, once. */
            if (in_entry && (iat ? r->iat_closing == 1 : r->entry_addenda == 1) &&
                r->entry.transaction_code >= 0 &&
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

/* An ADV batch control: 20-digit totals, no company identification. */
static void on_adv_batch_control(ach_nacha_reader *r, const char *rec, ach_nacha_batch_control *c)
{
    const field_spec *F = adv_batch_control_fields;
    uint32_t ok = check_fields(r, rec, F, ABC_N);
    memset(c, 0, sizeof *c);
    c->service_class = (int32_t)number(rec, F, ok, ABC_SERVICE);
    c->entry_addenda_count = number(rec, F, ok, ABC_COUNT);
    c->entry_hash = number(rec, F, ok, ABC_HASH);
    c->total_debit = wide_number(rec, F, ok, ABC_DEBIT);
    c->total_credit = wide_number(rec, F, ok, ABC_CREDIT);
    c->company_id = (ach_nacha_text){rec + 60, 0};
    c->message_authentication_code = view(rec, &F[ABC_OPERATOR_DATA]);
    c->odfi = number(rec, F, ok, ABC_ODFI);
    c->batch_number = number(rec, F, ok, ABC_NUMBER);
    const ach_nacha_batch_header *h = &r->batch;
    if (c->service_class >= 0 && h->service_class >= 0 && c->service_class != h->service_class)
        report_number_mismatch(r, ACH_NACHA_CHECK_CONTROL_MISMATCH, &F[ABC_SERVICE], rec,
                               h->service_class);
    check_sums(r, rec, &F[ABC_COUNT], c->entry_addenda_count, c->entry_hash, c->total_debit,
               c->total_credit, &r->b);
    if (c->odfi >= 0 && h->odfi >= 0 && c->odfi != h->odfi)
        report_number_mismatch(r, ACH_NACHA_CHECK_CONTROL_MISMATCH, &F[ABC_ODFI], rec, h->odfi);
    if (c->batch_number >= 0 && h->batch_number >= 0 && c->batch_number != h->batch_number)
        report_number_mismatch(r, ACH_NACHA_CHECK_CONTROL_MISMATCH, &F[ABC_NUMBER], rec,
                               h->batch_number);
}

static void on_batch_control(ach_nacha_reader *r, const char *rec, ach_nacha_batch_control *c)
{
    if (r->batch_open && r->batch_adv) {
        on_adv_batch_control(r, rec, c);
        return;
    }
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
    /* IAT: the originator identification, or blanks (as moov-io/ach writes it) */
    if (OK(ok, BC_COMPANY_ID) && memcmp(rec + 44, r->batch_company_id, 10) != 0 &&
        !(r->batch_iat && all_of(rec + 44, 10, ' '))) {
        snprintf(exp, sizeof exp, "%s", shown(buf, sizeof buf, r->batch_company_id, 10, false));
        /* The same id padded differently ("  1234567" and "1234567  ") is a deviation. */
        ach_nacha_text a = trimmed(r->batch_company_id, 10), b = trimmed(rec + 44, 10);
        bool padding_only = a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
        emit(r, padding_only && r->lenient, r->rec_no, r->rec_off,
             ACH_NACHA_CHECK_CONTROL_MISMATCH, 45, F[BC_COMPANY_ID].name, exp,
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
    const field_spec *F = r->file_adv ? adv_file_control_fields : file_control_fields;
    uint32_t ok = check_fields(r, rec, F, FC_N);
    c->batch_count = number(rec, F, ok, FC_BATCHES);
    c->block_count = number(rec, F, ok, FC_BLOCKS);
    c->entry_addenda_count = number(rec, F, ok, FC_COUNT);
    c->entry_hash = number(rec, F, ok, FC_HASH);
    c->total_debit = wide_number(rec, F, ok, FC_DEBIT);
    c->total_credit = wide_number(rec, F, ok, FC_CREDIT);
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

/* The open entry's bytes are about to leave the window: keep them, and its views, in the reader. */
static void keep_entry(ach_nacha_reader *r)
{
    if (!r->entry_open || !r->entry_raw || r->entry_raw == r->scratch_entry) return;
    memcpy(r->scratch_entry, r->entry_raw, REC);
    ach_nacha_text *views[] = {&r->entry.rdfi_routing, &r->entry.account, &r->entry.individual_id,
                               &r->entry.individual_name, &r->entry.discretionary_data,
                               &r->entry.trace};
    /* IAT: the receiver's name and id are already the reader's copies (not in the record) */
    uintptr_t from = (uintptr_t)r->entry_raw;
    for (size_t i = 0; i < ACH__ARRAY_LEN(views); i++) {
        uintptr_t at = (uintptr_t)views[i]->ptr;
        if (at >= from && at <= from + REC)
            views[i]->ptr = r->scratch_entry + (at - from);
    }
    r->entry_raw = r->scratch_entry;
}

/* File mode: moves the unread bytes to the front of the window and reads until it is full or
 * the file ends. A file that ends before its size when opened, or goes past it, changed while
 * it was read: r->failed. */
static void refill(ach_nacha_reader *r)
{
    if (r->eof) return;
    keep_entry(r);
    size_t keep = r->filled - r->pos;
    memmove(r->window, r->window + r->pos, keep);
    r->base += r->pos;
    r->pos = 0;
    r->filled = keep;
    while (r->filled < WINDOW) {
        ssize_t n = read(r->fd, r->window + r->filled, WINDOW - r->filled);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            r->read_errno = errno;
            r->failed = ACH_EIO;
            break;
        }
        if (n == 0) {
            r->eof = true;
            if (r->got != r->size) r->failed = ACH_EIO;
            break;
        }
        r->got += (uint64_t)n;
        r->filled += (size_t)n;
        if (r->got > r->size) {
            r->failed = ACH_EIO;
            break;
        }
    }
    if (r->failed) r->eof = true;
    r->len = r->total - r->base < r->filled ? (size_t)(r->total - r->base) : r->filled;
}

/* Finds the next record: sets *rec and *rlen (the record without its line break) and advances
 * r->pos past it. Returns false at the end of the input (or when the file failed: r->failed).
 * In file mode the window always holds a whole record and its line break, or the end of the
 * file; a line longer than the window is cut there (r->overlong) and the rest of it skipped. */
static bool next_record(ach_nacha_reader *r, const char **rec, size_t *rlen)
{
    if (ACH__UNLIKELY(!r->eof) && r->len - r->pos < REC + 2) refill(r);
    while (ACH__UNLIKELY(r->skip_line)) {
        const char *nl = memchr(r->data + r->pos, '\n', r->len - r->pos);
        r->skip_line = !nl;
        r->pos = nl ? (size_t)(nl - r->data) + 1 : r->len;
        if (!nl && r->eof) return false;
        if (!r->eof && r->len - r->pos < REC + 2) refill(r);
    }
    size_t pos = r->pos, len = r->len;
    if (pos >= len) return false;
    const char *p = r->data + pos;
    size_t left = len - pos;
    if (r->layout == ACH_NACHA_UNBROKEN) {
        r->overlong = false;
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
    r->overlong = false; /* read only for a record that is not 94 characters */
    const char *nl = memchr(p, '\n', left);
    while (!nl && !r->eof && !(r->pos == 0 && r->filled == WINDOW)) {
        refill(r);
        p = r->data + r->pos;
        left = r->len - r->pos;
        nl = memchr(p, '\n', left);
    }
    if (r->failed) return false;
    pos = r->pos;
    size_t n = nl ? (size_t)(nl - p) : left;
    r->pos = pos + n + (nl ? 1 : 0);
    if (!nl && !r->eof) r->skip_line = r->overlong = true;
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
            /* Lenient: a file not padded up to its last block is read as it is. */
            emit(r, r->lenient && r->padding < want, r->control_rec + 1, r->total,
                 ACH_NACHA_CHECK_PADDING, 0, "padding", exp, buf);
        }
        break;
    }
    case S_BATCH:
    case S_ENTRY:
    case S_ADDENDA:
        report_at(r, after, r->total, ACH_NACHA_CHECK_RECORD_ORDER, 0, "record type code",
                  "batch control (8)", "end of file");
        break;
    case S_START:
        report_at(r, after, r->total, ACH_NACHA_CHECK_RECORD_ORDER, 0, "record type code",
                  "file header (1)", "end of file");
        break;
    default: /* S_FILE, S_BATCH_END */
        report_at(r, after, r->total, ACH_NACHA_CHECK_RECORD_ORDER, 0, "record type code",
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

/* The error of a file that could not be read to its end, or changed while it was read. */
static ach_status read_failure(const ach_nacha_reader *r, ach_error *err)
{
    if (r->read_errno)
        ach__fail(err, r->failed, NULL, 0, 0, "the file cannot be read: %s",
                  strerror(r->read_errno));
    else
        ach__fail(err, r->failed, NULL, 0, 0,
                  "the file changed while it was read (%llu bytes when opened, %s)",
                  (unsigned long long)r->size, r->got < r->size ? "fewer now" : "more now");
    ach__error_set_source(err, r->path);
    return r->failed;
}

ach_status ach_nacha_next(ach_nacha_record *out, ach_nacha_reader *r, ach_error *err)
{
    if (!out || !r) {
        ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
        return ACH_EINVAL;
    }
    if (ACH__UNLIKELY(r->failed)) return read_failure(r, err);
    const char *rec = NULL;
    size_t rlen = 0;
    for (;;) {
        if (r->done || !next_record(r, &rec, &rlen)) {
            if (ACH__UNLIKELY(r->failed)) return read_failure(r, err);
            if (!r->done) finish(r);
            memset(out, 0, sizeof *out);
            out->type = ACH_NACHA_END;
            out->number = r->rec_no + 1;
            out->offset = r->total;
            return ACH_OK;
        }
        r->rec_no++;
        r->rec_off = r->base + (uint64_t)(rec - r->data);
        r->sum.records++;
        if (rlen == REC) break;
        char exp[ACH_NACHA_FINDING_TEXT_SIZE], buf[ACH_NACHA_FINDING_TEXT_SIZE];
        snprintf(exp, sizeof exp, "%d characters", REC);
        snprintf(buf, sizeof buf, r->overlong ? "more than %zu characters" : "%zu characters",
                 rlen);
        /* Lenient: a record with its trailing blanks trimmed, or with more of them, and empty
         * lines (or a stray CR) after the file control are read as what they mean. */
        bool tolerated = rlen == 0 ? r->state == S_FILE_END || r->state == S_PADDING
                         : rlen < REC ? true
                                      : !r->overlong && all_of(rec + REC, rlen - REC, ' ');
        emit(r, r->lenient && tolerated, r->rec_no, r->rec_off, ACH_NACHA_CHECK_RECORD_LENGTH,
             rlen > REC ? REC + 1 : (uint32_t)rlen + 1, "record", exp, buf);
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

    /* A record that stays referenced (batch header, entry) gets its own copy when it is a padded
     * short record, and a batch header also in file mode (the window moves under it). */
    if ((rec == r->scratch && (in == I_BATCH_HEADER || in == I_ENTRY)) ||
        (in == I_BATCH_HEADER && r->fd >= 0)) {
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
        r->entry_raw = rec;
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

#define NO_BREAK UINT64_MAX

/* Records one a line, or back to back: the first line break (at `nl`, NO_BREAK for none; `cr`
 * when a \r comes before it) tells. Records back to back may end with one line break: then
 * *total excludes it. */
static ach_nacha_layout layout_of(uint64_t nl, bool cr, uint64_t size, uint64_t *total)
{
    *total = size;
    if (nl == NO_BREAK) return ACH_NACHA_UNBROKEN;
    uint64_t end = nl - (cr ? 1 : 0);
    if (nl == size - 1 && end > REC && end % REC == 0) {
        *total = end;
        return ACH_NACHA_UNBROKEN;
    }
    return ACH_NACHA_LINES;
}

static ach_status reader_make(ach_nacha_reader **out, const ach_nacha_options *opts,
                              ach_error *err)
{
    if (opts && (opts->version < 1 || opts->version > ACH_NACHA_OPTIONS_VERSION)) {
        ach__fail(err, ACH_EINVAL, "options", 0, 0,
                  "options version %u is not 1 to %d (use ACH_NACHA_OPTIONS_INIT)",
                  opts->version, ACH_NACHA_OPTIONS_VERSION);
        return ACH_EINVAL;
    }
    if (opts && opts->version >= 2 && opts->profile != ACH_NACHA_STRICT &&
        opts->profile != ACH_NACHA_LENIENT) {
        ach__fail(err, ACH_EINVAL, "profile", 0, 0, "reading profile %d is not strict or lenient",
                  (int)opts->profile);
        return ACH_EINVAL;
    }
    ach_nacha_reader *r = calloc(1, sizeof *r);
    if (!r) {
        ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        return ACH_ENOMEM;
    }
    static const ach_nacha_options none = ACH_NACHA_OPTIONS_INIT;
    r->opts = none;
    if (opts) { /* a version 1 caller's struct ends before `profile` */
        r->opts.on_finding = opts->on_finding;
        r->opts.ctx = opts->ctx;
        if (opts->version >= 2) r->opts.profile = opts->profile;
    }
    r->lenient = r->opts.profile == ACH_NACHA_LENIENT;
    r->fd = -1;
    r->eof = true;
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
    ach_nacha_reader *r = NULL;
    ach_status s = reader_make(&r, opts, err);
    if (s) {
        if (err) ach__error_set_source(err, name);
        return s;
    }
    const char *nl = len ? memchr(data, '\n', len) : NULL;
    uint64_t at = nl ? (uint64_t)(nl - data) : NO_BREAK;
    r->layout = layout_of(at, nl && nl > data && nl[-1] == '\r', len, &r->total);
    r->data = data ? data : "";
    r->len = (size_t)r->total;
    r->sum.bytes = len;
    r->sum.layout = r->layout;
    *out = r;
    return ACH_OK;
}

/* Where the first line break of the file is, beyond the `from` bytes already seen (pread: the
 * window is left as it is). Only an unbroken file needs this, as its first window has none. */
static int find_break(int fd, uint64_t from, char before, uint64_t *nl, bool *cr)
{
    char buf[4096];
    *nl = NO_BREAK;
    for (uint64_t off = from;;) {
        ssize_t n = pread(fd, buf, sizeof buf, (off_t)off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return 0;
        const char *p = memchr(buf, '\n', (size_t)n);
        if (p) {
            *nl = off + (uint64_t)(p - buf);
            *cr = p > buf ? p[-1] == '\r' : before == '\r';
            return 0;
        }
        before = buf[n - 1];
        off += (uint64_t)n;
    }
}

/* File mode: the first window, then the layout. */
static ach_status start_file(ach_nacha_reader *r, const char *path, ach_error *err)
{
    r->window = malloc(WINDOW);
    r->path = strdup(path);
    if (!r->window || !r->path) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    r->data = r->window;
    r->eof = false;
    r->total = r->size;
    refill(r);
    if (r->failed) return read_failure(r, err);
    const char *nl = memchr(r->window, '\n', r->filled);
    uint64_t at = nl ? (uint64_t)(nl - r->window) : NO_BREAK;
    bool cr = nl && nl > r->window && nl[-1] == '\r';
    int e = !nl && !r->eof && r->filled
                ? find_break(r->fd, r->filled, r->window[r->filled - 1], &at, &cr)
                : 0;
    if (e) {
        r->read_errno = e;
        r->failed = ACH_EIO;
        return read_failure(r, err);
    }
    r->layout = layout_of(at, cr, r->size, &r->total);
    r->len = r->total < r->filled ? (size_t)r->total : r->filled;
    r->sum.bytes = r->size;
    r->sum.layout = r->layout;
    return ACH_OK;
}

ach_status ach_nacha_reader_open(ach_nacha_reader **out, const char *path,
                                 const ach_nacha_options *opts, ach_error *err)
{
    if (!out || !path) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
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
    ach_nacha_reader *r = NULL;
    ach_status s = reader_make(&r, opts, err);
    if (s) {
        close(fd);
        ach__error_set_source(err, path);
        return s;
    }
    r->fd = fd;
    r->size = (uint64_t)st.st_size;
    s = start_file(r, path, err);
    if (s) {
        ach_nacha_reader_free(r);
        return s;
    }
    *out = r;
    return ACH_OK;
}

void ach_nacha_reader_free(ach_nacha_reader *r)
{
    if (!r) return;
    if (r->fd >= 0) close(r->fd);
    free(r->window);
    free(r->path);
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
    int n = snprintf(buf, cap, "%" PRIu64 ":%u: %s%s: %s: expected %s, found %s", f->record,
                     (unsigned)f->column, f->warning ? "warning: " : "",
                     ach_nacha_check_name(f->check),
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
    v.original_amount = rec->addenda.original_amount;
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
    if (!v.change) v.change = ach_refused_noc_code_lookup(v.info.code, 3);
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
