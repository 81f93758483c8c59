/* SPDX-License-Identifier: Apache-2.0 */
/* Streaming ledger reader (SPEC §10, issue 6).
 *
 * The CSV scanner is written by hand rather than taken from a library because it is the hot
 * loop of reconciliation (the engine's goal is >= 5 M records/s on one core) and because it must
 * report exact line/column positions, recover at the next line after any fault and never hold
 * more than one record in memory: the CSV libraries packaged for Debian (libcsv) copy every
 * field through a callback and have no notion of recovery.
 *
 * Shape of the scanner:
 * - a window [base, base+end) of input bytes: the caller's buffer,
 *   or a bounded read() buffer (refilled and compacted when a record runs past its end);
 * - a fast path for the common record: memchr finds the line end, a byte-class table splits the
 *   line at commas and stops at anything special (a quote, a control byte, a non-ASCII byte);
 * - a general path (quotes, escapes, line breaks in quotes, non-ASCII, faults) that any special
 *   byte diverts the record to. It is restartable: when the window ends before the record does,
 *   it asks for more input and the record is scanned again from its start.
 * Encoding (UTF-8 via utf8proc) is checked only for fields that hold non-ASCII bytes.
 */
#define _DEFAULT_SOURCE 1 /* madvise(), MADV_* */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include "ach/ledger.h"
#include "ach/fee.h"
#include "internal.h"

#define INITIAL_BUFFER ((size_t)64 * 1024)
/* A record whose scan reaches this many bytes from its start without its end is too long:
 * ACH_LEDGER_MAX_RECORD bytes of content plus a "\r\n". */
#define SCAN_LIMIT ((size_t)ACH_LEDGER_MAX_RECORD + 2)

static const char *const column_names[ACH_LEDGER_COLUMN_COUNT] = {
    "time", "type", "id", "ref", "amount", "currency", "routing", "account_number",
    "holder_name", "holder_type", "code", "detail",
};

static const char *const type_names[ACH_LEDGER_TYPE_COUNT] = {
    "", "account", "microdeposits", "verification", "mandate", "charge", "outcome", "refund",
    "refund_failure", "dispute",
};

static const char *const fault_names[ACH_LEDGER_FAULT_COUNT] = {
    "none", "unterminated_quote", "stray_quote", "field_count", "blank_line", "too_long",
    "invalid_utf8", "control_character", "bad_time", "unknown_type", "bad_amount", "bad_id",
    "missing_field", "bad_field",
};

/* Byte classes of the fast path: 0 ordinary, 1 comma, 2 anything that needs the general path
 * (a quote, a control byte including CR and LF, a byte >= 0x80). */
static const uint8_t byte_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* The bytes of every empty field. */
static const char empty_field[1] = "";

/* High bit set in exactly the bytes of v that are zero (word-at-a-time, any byte order). */
static inline uint64_t zero_bytes(uint64_t v)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    return ~(((v & low7) + low7) | v | low7);
}

/* Whether every byte of p[0..n) is printable ASCII other than space (0x21..0x7E), the id
 * alphabet, 8 bytes at a time (never reading outside p[0..n)). */
static inline bool id_bytes_ok(const char *p, size_t n)
{
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)p[i] <= 0x20 || (unsigned char)p[i] >= 0x7f) return false;
        return true;
    }
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, highs = 0x8080808080808080ull;
    uint64_t w, bad = 0;
    for (size_t i = 0;; i += 8) {
        if (i + 8 > n) i = n - 8; /* the last 8, overlapping: they test the same */
        memcpy(&w, p + i, 8);
        /* >= 0x80, <= 0x20, or DEL */
        bad |= (w & highs) | ~(((w & low7) + 0x5F5F5F5F5F5F5F5Full) | w | low7) |
               zero_bytes(w ^ 0x7F7F7F7F7F7F7F7Full);
        if (i + 8 == n) break;
    }
    return (bad & highs) == 0;
}

/* A field as split by the general path, by header position. */
typedef struct raw_field {
    const char *s;   /* first byte of the content (after the opening quote) */
    uint32_t len;    /* content bytes, "" pairs still doubled */
    uint64_t line;   /* line of the field's first byte */
    uint32_t column; /* column of the field's first byte (the quote when quoted) */
    uint32_t flags;  /* ACH_LEDGER_FIELD_* */
} raw_field;

/* What the general path found. */
typedef enum scan_result { SCAN_RECORD, SCAN_FAULT, SCAN_NEED_MORE } scan_result;

/* A structural fault found by the general path, and where reading resumes. */
typedef struct scan_fault {
    ach_ledger_fault kind;
    uint64_t line;
    uint32_t column;
    size_t resume;        /* window position where the next record starts */
    uint64_t resume_line; /* its line */
    bool skip_line;       /* resume by skipping to the next line end from `resume` (too long) */
    char message[128];
} scan_fault;

struct ach_ledger_reader {
    /* The window of input bytes; the next record starts at base[pos]. */
    const char *base;
    size_t pos, end;
    bool eof;                /* the window reaches the end of the input */
    uint64_t window_offset;  /* input offset of base[0] */
    uint64_t line;           /* physical line of base[pos] */
    bool skipping;           /* discarding the rest of a too-long line */
    ach_status final;        /* ACH_OK, or the status every further next() returns */

    /* Source kinds. */
    int fd;                  /* read mode: the descriptor; -1 otherwise */
    bool own_fd;             /* close it on free */
    char *buf;               /* read mode: the buffer */
    size_t cap;
    bool sized;              /* a regular file: reading must end at `size` bytes */
    bool (*on_move)(void *); /* ach__ledger_on_move() */
    void *on_move_ctx;
    bool (*on_handover)(void *, char *); /* ach__ledger_on_handover() */
    void *on_handover_ctx;

    /* Counters. */
    uint64_t records, rejected, size;

    /* Header. */
    uint32_t ncols;
    int16_t col_of[ACH_LEDGER_MAX_COLUMNS];          /* position -> column, -1 unknown */
    int16_t field_at[ACH_LEDGER_MAX_COLUMNS];        /* col_of as byte offsets of rec->field[],
                                                      * -1 unknown: for the fast path's loop */
    uint32_t position[ACH_LEDGER_COLUMN_COUNT];      /* column -> 1-based position, 0 absent */
    uint8_t absent[ACH_LEDGER_COLUMN_COUNT];         /* the columns the header lacks */
    uint32_t nabsent;
    ach_ledger_unknown_column *unknown;
    size_t nunknown;
    char *names;                                     /* storage of unknown names */

    bool plain; /* the record being checked is one line of printable ASCII without a space (set
                 * by the fast path): its id fields need only their length checked */
    char date_text[10];                              /* the last "YYYY-MM-DD" parsed ... */
    ach_instant date_base;                           /* ... and its midnight */
    char *scratch;                                   /* unescaped "" fields of one record */
    size_t scratch_used;
    char *source;
    raw_field raw[ACH_LEDGER_MAX_COLUMNS];
};

/* ---------------------------------------------------------------------------------------- */
/* Names                                                                                     */

const char *ach_ledger_type_name(ach_ledger_type t)
{
    return (unsigned)t < ACH_LEDGER_TYPE_COUNT ? type_names[t] : "";
}

const char *ach_ledger_column_name(ach_ledger_column c)
{
    return (unsigned)c < ACH_LEDGER_COLUMN_COUNT ? column_names[c] : "";
}

const char *ach_ledger_fault_name(ach_ledger_fault f)
{
    return (unsigned)f < ACH_LEDGER_FAULT_COUNT ? fault_names[f] : "";
}

/* ---------------------------------------------------------------------------------------- */
/* Field parsers                                                                             */

/* Describes byte c for a message: 'x' when printable ASCII, else byte 0xNN. */
static const char *describe_byte(char buf[16], unsigned char c)
{
    if (c >= 0x20 && c < 0x7f) {
        buf[0] = '\'';
        buf[1] = (char)c;
        buf[2] = '\'';
        buf[3] = '\0';
    } else {
        static const char hex[] = "0123456789ABCDEF";
        memcpy(buf, "byte 0x", 7);
        buf[7] = hex[c >> 4];
        buf[8] = hex[c & 15];
        buf[9] = '\0';
    }
    return buf;
}

/* Quotes at most 32 bytes of a short typed field for a message, non-printables as '?'. */
static const char *quote_short(char buf[40], const char *text, size_t len)
{
    return ach__echo(buf, 40, text, len, 32); /* a typed field may hold an account number */
}

ach_status ach_ledger_type_parse(ach_ledger_type *out, const char *text, size_t len,
                                 ach_error *err)
{
    /* One table slot per name, picked by its first letter and length, then one compare: this
     * runs once per record, and the type changes at random from one record to the next, so a
     * chain of tests on it would mispredict a branch every time. (first + 7 * length) % 16 is
     * distinct for the nine names. */
    static const struct {
        char name[15];
        uint8_t len;
        ach_ledger_type type;
    } by_hash[16] = {
        [13] = {"charge", 6, ACH_LEDGER_CHARGE},
        [12] = {"refund", 6, ACH_LEDGER_REFUND},
        [2] = {"account", 7, ACH_LEDGER_ACCOUNT},
        [0] = {"outcome", 7, ACH_LEDGER_OUTCOME},
        [14] = {"mandate", 7, ACH_LEDGER_MANDATE},
        [5] = {"dispute", 7, ACH_LEDGER_DISPUTE},
        [10] = {"verification", 12, ACH_LEDGER_VERIFICATION},
        [8] = {"microdeposits", 13, ACH_LEDGER_MICRODEPOSITS},
        [4] = {"refund_failure", 14, ACH_LEDGER_REFUND_FAILURE},
    };
    ach_ledger_type t = ACH_LEDGER_TYPE_NONE;
    if (len >= 6 && len <= 14) {
        unsigned h = ((unsigned char)text[0] + 7u * (unsigned)len) & 15u;
        /* four 4-byte words at 0, a, b, len - 4 cover 6..14 bytes without a branch on the
         * length (a = 4 and b = len - 8 from 8 bytes on, else both len - 4 and 0) */
        size_t a = len >= 8 ? 4 : len - 4, b = len >= 8 ? len - 8 : 0;
        const char *n = by_hash[h].name;
        uint32_t x[4], y[4];
        memcpy(&x[0], text, 4), memcpy(&y[0], n, 4);
        memcpy(&x[1], text + a, 4), memcpy(&y[1], n + a, 4);
        memcpy(&x[2], text + b, 4), memcpy(&y[2], n + b, 4);
        memcpy(&x[3], text + len - 4, 4), memcpy(&y[3], n + len - 4, 4);
        uint32_t diff = (x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]);
        if (by_hash[h].len == len && diff == 0) t = by_hash[h].type;
    }
    if (t == ACH_LEDGER_TYPE_NONE) {
        char q[40];
        if (len == 0) return ach__fail(err, ACH_EPARSE, "type", 0, 1, "type is empty");
        return ach__fail(err, ACH_EPARSE, "type", 0, 1,
                         "unknown record type '%s' (expected account, microdeposits, "
                         "verification, mandate, charge, outcome, refund, refund_failure or "
                         "dispute)",
                         quote_short(q, text, len));
    }
    *out = t;
    return ACH_OK;
}

/* The amount parser with the field name to report. */
static ach_status parse_amount(int64_t *out, const char *text, size_t len, const char *field,
                               ach_error *err)
{
    if (len == 0) return ach__fail(err, ACH_EPARSE, field, 0, 1, "amount is empty");
    uint64_t v = 0;
    if (len <= 18) { /* cannot overflow: one test per digit */
        size_t i = 0;
        for (; i < len; i++) {
            unsigned d = (unsigned)(unsigned char)text[i] - (unsigned)'0';
            if (d > 9) break;
            v = v * 10 + d;
        }
        if (i == len) {
            *out = (int64_t)v;
            return ACH_OK;
        }
        v = 0; /* a non-digit: the loop below reports it */
    }
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned char)text[i] - (unsigned)'0';
        if (d > 9) {
            char b[16];
            return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)i + 1,
                             "amount must be whole cents in ASCII digits; found %s at character "
                             "%u",
                             describe_byte(b, (unsigned char)text[i]), (unsigned)i + 1);
        }
        if (v > ((uint64_t)INT64_MAX - d) / 10)
            return ach__fail(err, ACH_EOVERFLOW, field, 0, (uint32_t)i + 1,
                             "amount overflows: more than %lld cents",
                             (long long)INT64_MAX);
        v = v * 10 + d;
    }
    *out = (int64_t)v;
    return ACH_OK;
}

ach_status ach_ledger_amount_parse(int64_t *out, const char *text, size_t len, ach_error *err)
{
    return parse_amount(out, text, len, "amount", err);
}

ach_status ach_ledger_pair_parse(int64_t out[2], const char *text, size_t len, ach_error *err)
{
    const char *sp = memchr(text, ' ', len);
    if (!sp)
        return ach__fail(err, ACH_EPARSE, "detail", 0, len ? (uint32_t)len + 1 : 1,
                         "expected two amounts in cents separated by one space, such as '32 45'");
    size_t n1 = (size_t)(sp - text);
    int64_t a = 0, b = 0;
    ach_status s = parse_amount(&a, text, n1, "detail", err);
    if (s) {
        if (err && n1 == 0) ach__fail(err, s, "detail", 0, 1, "the first amount is empty");
        return s;
    }
    s = parse_amount(&b, sp + 1, len - n1 - 1, "detail", err);
    if (s) {
        if (err) {
            err->column += (uint32_t)n1 + 1;
            if (len - n1 - 1 == 0)
                ach__fail(err, s, "detail", 0, (uint32_t)len + 1, "the second amount is empty");
        }
        return s;
    }
    out[0] = a;
    out[1] = b;
    return ACH_OK;
}

ach_status ach_ledger_holder_type_parse(ach_ledger_holder_type *out, const char *text, size_t len,
                                        ach_error *err)
{
    if (len == 10 && memcmp(text, "individual", 10) == 0) {
        *out = ACH_LEDGER_HOLDER_INDIVIDUAL;
        return ACH_OK;
    }
    if (len == 7 && memcmp(text, "company", 7) == 0) {
        *out = ACH_LEDGER_HOLDER_COMPANY;
        return ACH_OK;
    }
    char q[40];
    return ach__fail(err, ACH_EHOLDER_TYPE, "holder_type", 0, 1,
                     "holder type '%s' is not 'individual' or 'company' (R-ACC-3)",
                     quote_short(q, text, len));
}

ach_status ach_ledger_currency_parse(char out[4], const char *text, size_t len, ach_error *err)
{
    if (len == 3 && memcmp(text, "usd", 3) == 0) {
        memcpy(out, "usd", 4);
        return ACH_OK;
    }
    char c[4];
    for (size_t i = 0; i < 3; i++) {
        if (i >= len)
            return ach__fail(err, ACH_EPARSE, "currency", 0, (uint32_t)i + 1,
                             "currency must be a 3-letter ISO 4217 code such as 'usd'");
        unsigned char ch = (unsigned char)text[i];
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch - 'A' + 'a');
        if (ch < 'a' || ch > 'z') {
            char b[16];
            return ach__fail(err, ACH_EPARSE, "currency", 0, (uint32_t)i + 1,
                             "currency must be 3 ASCII letters; found %s at character %u",
                             describe_byte(b, (unsigned char)text[i]), (unsigned)i + 1);
        }
        c[i] = (char)ch;
    }
    if (len > 3)
        return ach__fail(err, ACH_EPARSE, "currency", 0, 4,
                         "currency must be a 3-letter ISO 4217 code such as 'usd'");
    c[3] = '\0';
    memcpy(out, c, 4);
    return ACH_OK;
}

ach_status ach_ledger_code_parse(ach_ledger_code *out, char return_code[4], ach_ledger_type type,
                                 const char *text, size_t len, ach_error *err)
{
    char q[40];
    if (type == ACH_LEDGER_MANDATE) {
        if (len == 8 && memcmp(text, "accepted", 8) == 0) *out = ACH_LEDGER_CODE_ACCEPTED;
        else if (len == 7 && memcmp(text, "revoked", 7) == 0) *out = ACH_LEDGER_CODE_REVOKED;
        else
            return ach__fail(err, ACH_EPARSE, "code", 0, 1,
                             "mandate code '%s' is not 'accepted' or 'revoked'",
                             quote_short(q, text, len));
        if (return_code) return_code[0] = '\0';
        return ACH_OK;
    }
    if (type == ACH_LEDGER_OUTCOME) {
        if (len == 9 && memcmp(text, "succeeded", 9) == 0) {
            *out = ACH_LEDGER_CODE_SUCCEEDED;
            if (return_code) return_code[0] = '\0';
            return ACH_OK;
        }
        if (len == 3 && text[0] == 'R' && (unsigned)(text[1] - '0') <= 9 &&
            (unsigned)(text[2] - '0') <= 9) {
            *out = ACH_LEDGER_CODE_RETURN;
            if (return_code) {
                memcpy(return_code, text, 3);
                return_code[3] = '\0';
            }
            return ACH_OK;
        }
        return ach__fail(err, ACH_EPARSE, "code", 0, 1,
                         "outcome code '%s' is not 'succeeded' or a NACHA return code "
                         "('R' and two digits, such as R01)",
                         quote_short(q, text, len));
    }
    *out = ACH_LEDGER_CODE_NONE;
    if (return_code) return_code[0] = '\0';
    return ACH_OK;
}

static ach_status check_id(const char *text, size_t len, const char *field, ach_error *err);

ach_status ach_ledger_connect_parse(ach_ledger_connect *out, const char *text, size_t len,
                                    ach_error *err)
{
    if (!out || (!text && len)) return ach__fail(err, ACH_EINVAL, "detail", 0, 0, "NULL argument");
    ach_ledger_connect c = {0, NULL, 0, 0};
    if (len == 0) {
        *out = c;
        return ACH_OK;
    }
    size_t at = 0;
    c.kind = 2; /* destination, as a lone acct_ id always was */
    if (len > 7 && memcmp(text, "direct ", 7) == 0) {
        c.kind = 1;
        at = 7;
    } else if (len > 12 && memcmp(text, "destination ", 12) == 0) {
        at = 12;
    }
    size_t end = at;
    while (end < len && text[end] != ' ') end++;
    if (end - at < 6 || memcmp(text + at, "acct_", 5) != 0)
        return ach__fail(err, ACH_EPARSE, "detail", 0, (uint32_t)at + 1,
                         "a charge's detail is a Connect account id starting with 'acct_', "
                         "after 'direct ' or 'destination ' or alone, then optionally an "
                         "application fee in cents (R-CON-1)");
    ach_status st = check_id(text + at, end - at, "detail", err);
    if (st != ACH_OK) {
        if (err) err->column += (uint32_t)at;
        return st;
    }
    c.account = text + at;
    c.account_len = end - at;
    if (end < len) {
        size_t f = end + 1;
        int64_t v = 0;
        size_t k = f;
        while (k < len && (unsigned)(text[k] - '0') <= 9 && v <= ACH_AMOUNT_MAX) {
            v = v * 10 + (text[k] - '0');
            k++;
        }
        if (k == f || k != len || v > ACH_AMOUNT_MAX)
            return ach__fail(err, ACH_EPARSE, "detail", 0, (uint32_t)(k == f ? f : k) + 1,
                             "the application fee after the Connect account is whole cents "
                             "0..%lld (R-CON-1)",
                             (long long)ACH_AMOUNT_MAX);
        c.application_fee = v;
    }
    *out = c;
    return ACH_OK;
}

static ach_status check_id(const char *text, size_t len, const char *field, ach_error *err)
{
    if (len == 0) return ach__fail(err, ACH_EPARSE, field, 0, 1, "%s is empty", field);
    if (len > ACH_LEDGER_ID_MAX)
        return ach__fail(err, ACH_ETOOLONG, field, 0, ACH_LEDGER_ID_MAX + 1,
                         "%s is %zu bytes long; ids have at most %d", field, len,
                         ACH_LEDGER_ID_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c <= 0x20 || c >= 0x7f) {
            char b[16];
            return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)i + 1,
                             "%s must be printable ASCII without spaces; found %s at character "
                             "%u",
                             field, describe_byte(b, c), (unsigned)i + 1);
        }
    }
    return ACH_OK;
}

ach_status ach_ledger_id_check(const char *text, size_t len, ach_error *err)
{
    return check_id(text, len, "id", err);
}

void ach_ledger_field_position(uint64_t *line, uint32_t *column, const ach_ledger_field *f,
                               size_t offset)
{
    uint64_t ln = f->line;
    uint32_t col = f->column;
    if (col != 0) {
        if (offset > f->len) offset = f->len;
        if (f->flags & ACH_LEDGER_FIELD_QUOTED) col++;
        if (!(f->flags & (ACH_LEDGER_FIELD_ESCAPED | ACH_LEDGER_FIELD_MULTILINE))) {
            col += (uint32_t)offset;
        } else {
            for (size_t i = 0; i < offset; i++) {
                char c = f->ptr[i];
                if (c == '\n') {
                    ln++;
                    col = 1;
                } else {
                    col += c == '"' ? 2 : 1; /* a quote in the value was written "" */
                }
            }
        }
    }
    if (line) *line = ln;
    if (column) *column = col;
}

/* ---------------------------------------------------------------------------------------- */
/* Input window                                                                              */

/* Instead of moving bytes that records already returned still point into, gives the full
 * buffer to the ach__ledger_on_handover() hook and goes on in a new one holding the bytes kept
 * (those of the record being read), grown as refill() would grow it. Same window, same
 * results. */
static ach_status handover(ach_ledger_reader *r, ach_error *err)
{
    size_t keep = r->end - r->pos;
    size_t ncap = r->cap;
    if (keep == r->cap) {
        ncap = r->cap * 2;
        if (ncap > ACH_LEDGER_BUFFER_MAX) ncap = ACH_LEDGER_BUFFER_MAX;
        if (ncap <= r->cap) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "ledger read buffer is full");
    }
    char *nb = malloc(ncap);
    if (!nb) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    if (!r->on_handover(r->on_handover_ctx, r->buf)) {
        free(nb);
        return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (keep) memcpy(nb, r->buf + r->pos, keep);
    r->buf = nb;
    r->base = nb;
    r->cap = ncap;
    r->window_offset += r->pos;
    r->pos = 0;
    r->end = keep;
    return ACH_OK;
}

/* Reads more input into the buffer of a read-mode reader, compacting it so the current record
 * starts at 0 and growing it (up to ACH_LEDGER_BUFFER_MAX) when the record fills it. */
static ach_status refill(ach_ledger_reader *r, ach_error *err)
{
    if (r->eof) return ACH_OK;
    if ((r->pos > 0 || r->end == r->cap) && r->on_move && !r->on_move(r->on_move_ctx))
        return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    if (r->on_handover) {
        /* nothing moves: the free end of the buffer is filled first, then a new buffer */
        if (r->end == r->cap) {
            ach_status hs = handover(r, err);
            if (hs != ACH_OK) return hs;
        }
    } else if (r->pos > 0) {
        size_t keep = r->end - r->pos;
        if (keep) memmove(r->buf, r->buf + r->pos, keep);
        r->window_offset += r->pos;
        r->pos = 0;
        r->end = keep;
    }
    if (r->end == r->cap) {
        size_t ncap = r->cap * 2;
        if (ncap > ACH_LEDGER_BUFFER_MAX) ncap = ACH_LEDGER_BUFFER_MAX;
        if (ncap <= r->cap) /* cannot happen: scans stop at SCAN_LIMIT < BUFFER_MAX */
            return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "ledger read buffer is full");
        char *nb = realloc(r->buf, ncap);
        if (!nb)
            return ach__fail(err, ACH_ENOMEM, NULL, 0, 0,
                             "cannot grow the ledger read buffer to %zu bytes", ncap);
        r->buf = nb;
        r->cap = ncap;
    }
    r->base = r->buf;
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (n > 0) {
            r->end += (size_t)n;
            if (!r->sized || r->window_offset + r->end <= r->size) return ACH_OK;
            break;
        }
        if (n == 0) {
            r->eof = true;
            if (!r->sized || r->window_offset + r->end == r->size) return ACH_OK;
            break;
        }
        if (errno == EINTR) continue;
        int e = errno;
        ach__fail(err, ACH_EIO, NULL, 0, 0, "cannot read the ledger: %s", strerror(e));
        ach__error_set_source(err, r->source);
        return ACH_EIO;
    }
    /* A regular file that ends before the size it had when opened, or goes past it, changed
     * while it was read (issue 17): what was read may be cut anywhere. */
    ach__fail(err, ACH_EIO, NULL, 0, 0,
              "the ledger changed while it was read (%llu bytes when opened, %s)",
              (unsigned long long)r->size, r->window_offset + r->end < r->size ? "fewer now" : "more now");
    ach__error_set_source(err, r->source);
    return ACH_EIO;
}

/* ---------------------------------------------------------------------------------------- */
/* General scanner                                                                           */

/* What scan_record() found for a whole record. */
typedef struct scan_out {
    uint32_t nfields;        /* fields in the record (r->raw holds the first `maxf`) */
    size_t next;             /* window position of the next record */
    uint64_t next_line;      /* its line */
    size_t content_end;      /* end of the last field (before the line end) */
    size_t last_ls;          /* start of the record's last physical line */
    uint64_t extra_line;     /* where field maxf+1 starts, when there is one */
    uint32_t extra_column;
} scan_out;

/* Scans one CSV record starting at base[start] on line `line`, whose first physical line
 * starts at base[ls] (ls < start only after a BOM). Splits fields into r->raw (at most `maxf`;
 * further fields are only counted). `expect` is the field count the header fixed (0 for the
 * header itself): a multi-line record with another count blames its quote.
 * Returns SCAN_RECORD with *o, SCAN_FAULT with *f (structural faults only; the fields'
 * encoding is checked afterwards), or SCAN_NEED_MORE when the window ends before the record
 * does and the input does not. Every decision that depends on the window's end asks for more
 * input first, so the result never depends on where a read() happened to stop. */
static scan_result scan_record(ach_ledger_reader *r, size_t start, size_t ls, uint64_t line,
                               uint32_t maxf, uint32_t expect, scan_out *o, scan_fault *f)
{
    const char *b = r->base;
    const size_t end = r->end;
    /* Bytes beyond the scan limit are never needed: the record is too long by then. */
    const size_t lim = end - start > SCAN_LIMIT ? start + SCAN_LIMIT : end;
    size_t p = start;
    uint32_t n = 0;
    /* The first quoted field that breaks lines: blamed for any structural fault after it. */
    bool mq = false;
    uint64_t mq_line = 0;
    uint32_t mq_col = 0;
    size_t mq_pos = 0;

    o->extra_line = o->extra_column = 0;
    for (;;) {
        const uint64_t fline = line;
        const uint32_t fcol = (uint32_t)(p - ls + 1);
        const char *cs;
        size_t clen;
        uint32_t flags = 0;
        if (p < end && b[p] == '"') {
            const size_t qpos = p;
            flags = ACH_LEDGER_FIELD_QUOTED;
            p++;
            cs = b + p;
            for (;;) {
                if (p - start >= SCAN_LIMIT) goto too_long;
                if (p >= end) {
                    if (!r->eof) return SCAN_NEED_MORE;
                    if (!mq) mq_line = fline, mq_col = fcol, mq_pos = qpos;
                    goto unterminated;
                }
                char c = b[p];
                if (c == '"') {
                    if (p + 1 >= end && !r->eof) return SCAN_NEED_MORE;
                    if (p + 1 < end && b[p + 1] == '"') {
                        flags |= ACH_LEDGER_FIELD_ESCAPED;
                        p += 2;
                        continue;
                    }
                    break;
                }
                if (c == '\n') {
                    line++;
                    ls = p + 1;
                    flags |= ACH_LEDGER_FIELD_MULTILINE;
                    if (!mq) {
                        mq = true;
                        mq_line = fline, mq_col = fcol, mq_pos = qpos;
                    }
                    p++;
                    continue;
                }
                /* Skip ordinary bytes up to the next quote or line feed (bounded). */
                const char *q = memchr(b + p, '"', lim - p);
                size_t stop = q ? (size_t)(q - b) : lim;
                const char *nl = memchr(b + p, '\n', stop - p);
                p = nl ? (size_t)(nl - b) : stop;
            }
            clen = (size_t)(b + p - cs);
            p++; /* the closing quote */
            /* What follows must end the field: a comma, a line end, or the end of input. */
            bool ends = true;
            if (p >= end) {
                if (!r->eof) return SCAN_NEED_MORE;
            } else if (b[p] == '\r') {
                if (p + 1 >= end && !r->eof) return SCAN_NEED_MORE;
                ends = p + 1 >= end || b[p + 1] == '\n';
            } else {
                ends = b[p] == ',' || b[p] == '\n';
            }
            if (!ends) {
                if (mq) goto unterminated;
                char d[16];
                f->kind = ACH_LEDGER_FAULT_STRAY_QUOTE;
                f->line = line;
                f->column = (uint32_t)(p - ls + 1);
                snprintf(f->message, sizeof f->message,
                         "%s after a closing quote: a quoted field must end at a comma or the "
                         "line end",
                         describe_byte(d, (unsigned char)b[p]));
                goto resume_next_line;
            }
        } else {
            cs = b + p;
            for (;;) {
                /* Unquoted: up to a comma, a line end or the end; a quote is a fault. */
                while (p < lim && byte_class[(unsigned char)b[p]] == 0) p++;
                if (p - start >= SCAN_LIMIT) goto too_long;
                if (p >= end) {
                    if (!r->eof) return SCAN_NEED_MORE;
                    break;
                }
                char c = b[p];
                if (c == ',' || c == '\n') break;
                if (c == '\r') {
                    if (p + 1 >= end && !r->eof) return SCAN_NEED_MORE;
                    if (p + 1 >= end || b[p + 1] == '\n') break;
                    p++; /* a bare CR: content, refused by the encoding check */
                    continue;
                }
                if (c == '"') {
                    if (mq) goto unterminated;
                    f->kind = ACH_LEDGER_FAULT_STRAY_QUOTE;
                    f->line = line;
                    f->column = (uint32_t)(p - ls + 1);
                    snprintf(f->message, sizeof f->message,
                             "quote inside an unquoted field: a field holding a quote must be "
                             "quoted, with the quote doubled");
                    goto resume_next_line;
                }
                p++; /* another special byte (control, non-ASCII): content, checked later */
            }
            clen = (size_t)(b + p - cs);
        }
        if (n < maxf) {
            raw_field *rf = &r->raw[n];
            rf->s = cs;
            rf->len = (uint32_t)clen;
            rf->line = fline;
            rf->column = fcol;
            rf->flags = flags;
        } else if (n == maxf) {
            o->extra_line = fline;
            o->extra_column = fcol;
        }
        n++;
        /* p is at a comma, a line end or the end of the input. */
        if (p < end && b[p] == ',') {
            p++;
            continue;
        }
        const size_t cend = p;
        if (p < end && b[p] == '\r') p++;
        if (p < end) p++; /* the line feed */
        if (cend - start > ACH_LEDGER_MAX_RECORD) {
            if (mq) goto unterminated;
            f->kind = ACH_LEDGER_FAULT_TOO_LONG;
            f->line = line;
            f->column = (uint32_t)(start + ACH_LEDGER_MAX_RECORD - ls + 1);
            snprintf(f->message, sizeof f->message, "record is longer than %d bytes",
                     ACH_LEDGER_MAX_RECORD);
            f->resume = p;
            f->resume_line = line + 1;
            f->skip_line = false;
            return SCAN_FAULT;
        }
        if (expect && n != expect && mq) goto unterminated;
        o->nfields = n;
        o->next = p;
        o->next_line = line + 1;
        o->content_end = cend;
        o->last_ls = ls;
        return SCAN_RECORD;
    }

too_long:
    if (mq) goto unterminated;
    f->kind = ACH_LEDGER_FAULT_TOO_LONG;
    f->line = line;
    f->column = (uint32_t)(start + ACH_LEDGER_MAX_RECORD - ls + 1);
    snprintf(f->message, sizeof f->message,
             "record is longer than %d bytes; skipped to the end of its line",
             ACH_LEDGER_MAX_RECORD);
    f->resume = p;
    f->resume_line = line;
    f->skip_line = true;
    return SCAN_FAULT;

unterminated:
    /* A quote that broke lines never closed properly: blame it and read again from the line
     * after it, so that the lines it swallowed are not lost. */
    f->kind = ACH_LEDGER_FAULT_QUOTE;
    f->line = mq_line;
    f->column = mq_col;
    snprintf(f->message, sizeof f->message,
             "unterminated quote: the quoted field opened here does not close properly");
    {
        const char *nl = memchr(b + mq_pos, '\n', end - mq_pos);
        f->resume = nl ? (size_t)(nl - b) + 1 : end;
        f->resume_line = mq_line + 1;
        f->skip_line = false;
    }
    return SCAN_FAULT;

resume_next_line:
    /* Resume after the physical line of the fault. */
    {
        const char *nl = memchr(b + p, '\n', lim - p);
        if (!nl && !r->eof && end - start < SCAN_LIMIT) return SCAN_NEED_MORE;
        if (nl) {
            f->resume = (size_t)(nl - b) + 1;
            f->resume_line = line + 1;
            f->skip_line = false;
        } else {
            /* No line end within the limit: skip to it, whenever it comes. */
            f->resume = lim;
            f->resume_line = line;
            f->skip_line = !(r->eof && lim == end);
            if (!f->skip_line) f->resume_line = line + 1;
        }
    }
    return SCAN_FAULT;
}

/* Checks one raw field's bytes: UTF-8 (utf8proc) and control characters. Line breaks are
 * allowed inside quotes, tabs anywhere. Sets *line and *col of the offending byte. */
static ach_ledger_fault check_encoding(const raw_field *rf, uint64_t *line, uint32_t *col,
                                       char *msg, size_t msgcap)
{
    const unsigned char *s = (const unsigned char *)rf->s;
    uint64_t ln = rf->line;
    uint32_t c = rf->column + ((rf->flags & ACH_LEDGER_FIELD_QUOTED) ? 1 : 0);
    const bool quoted = rf->flags & ACH_LEDGER_FIELD_QUOTED;
    for (size_t i = 0; i < rf->len;) {
        unsigned char ch = s[i];
        if (ch >= 0x80) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k =
                utf8proc_iterate(s + i, (utf8proc_ssize_t)(rf->len - i), &cp);
            if (k < 0) {
                *line = ln;
                *col = c;
                snprintf(msg, msgcap, "invalid UTF-8 at byte 0x%02X", ch);
                return ACH_LEDGER_FAULT_UTF8;
            }
            i += (size_t)k;
            c += (uint32_t)k;
            continue;
        }
        if (ch < 0x20 || ch == 0x7f) {
            if (quoted && ch == '\n') {
                ln++;
                c = 1;
                i++;
                continue;
            }
            if (ch != '\t' && !(quoted && ch == '\r' && i + 1 < rf->len && s[i + 1] == '\n')) {
                *line = ln;
                *col = c;
                snprintf(msg, msgcap, "control character 0x%02X in a field", ch);
                return ACH_LEDGER_FAULT_CONTROL;
            }
        }
        i++;
        c++;
    }
    return ACH_LEDGER_FAULT_NONE;
}

/* Makes the value of a raw field: a view, or its "" pairs unescaped into the scratch buffer. */
static ach_status make_view(ach_ledger_field *out, ach_ledger_reader *r, const raw_field *rf)
{
    out->line = rf->line;
    out->column = rf->column;
    out->flags = rf->flags;
    if (!(rf->flags & ACH_LEDGER_FIELD_ESCAPED)) {
        out->ptr = rf->s;
        out->len = rf->len;
        return ACH_OK;
    }
    if (!r->scratch) {
        r->scratch = malloc(ACH_LEDGER_MAX_RECORD);
        if (!r->scratch) return ACH_ENOMEM;
    }
    char *d = r->scratch + r->scratch_used;
    size_t k = 0;
    for (size_t i = 0; i < rf->len; i++) {
        d[k++] = rf->s[i];
        if (rf->s[i] == '"') i++; /* the pair's second quote */
    }
    r->scratch_used += k;
    out->ptr = d;
    out->len = (uint32_t)k;
    return ACH_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* Record checks                                                                             */

/* Fills err and rec for a fault at byte `offset` of field `col` of rec. */
static ach_status field_fault(ach_ledger_record *rec, const ach_ledger_reader *r, ach_error *err,
                              ach_ledger_fault kind, ach_ledger_column col, size_t offset,
                              const char *message)
{
    uint64_t line;
    uint32_t column;
    const ach_ledger_field *fl = &rec->field[col];
    ach_ledger_field_position(&line, &column, fl, offset);
    if (fl->column == 0) line = rec->line; /* a required field whose column is absent */
    rec->fault = kind;
    if (err) {
        ach__fail(err, ACH_ELEDGER_RECORD, column_names[col], line, column, "%s", message);
        ach__error_set_source(err, r->source);
    }
    return ACH_ELEDGER_RECORD;
}

/* Same, from a parser's error (its column is a 1-based offset in the field). */
static ach_status parser_fault(ach_ledger_record *rec, const ach_ledger_reader *r, ach_error *err,
                               ach_ledger_fault kind, ach_ledger_column col, const ach_error *pe)
{
    return field_fault(rec, r, err, kind, col, pe->column ? pe->column - 1 : 0, pe->message);
}

static ach_status require(ach_ledger_record *rec, const ach_ledger_reader *r, ach_error *err,
                          ach_ledger_column col)
{
    if (rec->field[col].len) return ACH_OK;
    char msg[128];
    snprintf(msg, sizeof msg, "%s is empty; a record of type %s requires it", column_names[col],
             type_names[rec->type]);
    return field_fault(rec, r, err, ACH_LEDGER_FAULT_MISSING, col, 0, msg);
}

static ach_status check_id_field(ach_ledger_record *rec, const ach_ledger_reader *r,
                                 ach_error *err, ach_ledger_column col)
{
    const ach_ledger_field *fl = &rec->field[col];
    if (fl->len == 0) return ACH_OK;
    if (fl->len <= ACH_LEDGER_ID_MAX && id_bytes_ok(fl->ptr, fl->len)) return ACH_OK;
    ach_error pe;
    if (check_id(fl->ptr, fl->len, column_names[col], &pe))
        return parser_fault(rec, r, err, ACH_LEDGER_FAULT_ID, col, &pe);
    return ACH_OK;
}

static ach_status check_pair(ach_ledger_record *rec, const ach_ledger_reader *r, ach_error *err,
                             bool allow_instant)
{
    const ach_ledger_field *d = &rec->field[ACH_LEDGER_COL_DETAIL];
    if (allow_instant && d->len == 7 && memcmp(d->ptr, "instant", 7) == 0) {
        rec->instant = true;
        return ACH_OK;
    }
    ach_error pe;
    if (ach_ledger_pair_parse(rec->pair, d->ptr, d->len, &pe)) {
        if (allow_instant) {
            size_t k = strlen(pe.message);
            snprintf(pe.message + k, sizeof pe.message - k, ", or 'instant'");
        }
        return parser_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD, ACH_LEDGER_COL_DETAIL, &pe);
    }
    return ACH_OK;
}

/* Two ASCII digits as a number, or a value above 99 when either is not a digit. */
static inline unsigned two_digits(const char *s)
{
    unsigned a = (unsigned)(unsigned char)s[0] - '0', b = (unsigned)(unsigned char)s[1] - '0';
    return a > 9 || b > 9 ? 100 : a * 10 + b;
}

/* The instant of a `time` field when its date is the one parsed last: a ledger is in time
 * order, so consecutive records share their date and only "THH:MM:SSZ" is left to check. This
 * accepts a subset of what ach_instant_parse() accepts, with the same value; anything else
 * (another date, any irregularity) returns false and goes to ach_instant_parse(), which also
 * writes the error. */
static inline bool cached_instant(ach_instant *out, const ach_ledger_reader *r, const char *s,
                                  size_t len)
{
    if (len != 20 || memcmp(s, r->date_text, 10) != 0) return false;
    if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
    unsigned h = two_digits(s + 11), m = two_digits(s + 14), sec = two_digits(s + 17);
    if (h > 23 || m > 59 || sec > 59) return false;
    *out = r->date_base + (ach_instant)(h * 3600 + m * 60 + sec);
    return true;
}

/* The typed checks of a record whose fields are split and encoded correctly. Order: time, type,
 * amount, id, ref, then the fields of the type; the first fault is reported. */
static ach_status check_record(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err)
{
    ach_ledger_field *fl = rec->field;
    ach_error pe;
    ach_status s;

    if (fl[ACH_LEDGER_COL_TIME].len == 0)
        return field_fault(rec, r, err, ACH_LEDGER_FAULT_MISSING, ACH_LEDGER_COL_TIME, 0,
                           "time is empty");
    if (!cached_instant(&rec->time, r, fl[ACH_LEDGER_COL_TIME].ptr, fl[ACH_LEDGER_COL_TIME].len)) {
        if (ach_instant_parse(&rec->time, fl[ACH_LEDGER_COL_TIME].ptr,
                              fl[ACH_LEDGER_COL_TIME].len, &pe))
            return parser_fault(rec, r, err, ACH_LEDGER_FAULT_TIME, ACH_LEDGER_COL_TIME, &pe);
        memcpy(r->date_text, fl[ACH_LEDGER_COL_TIME].ptr, 10);
        r->date_base = rec->time - ach__instant_second_of_day(rec->time);
    }
    if (ach_ledger_type_parse(&rec->type, fl[ACH_LEDGER_COL_TYPE].ptr,
                              fl[ACH_LEDGER_COL_TYPE].len, &pe))
        return parser_fault(rec, r, err, ACH_LEDGER_FAULT_TYPE, ACH_LEDGER_COL_TYPE, &pe);
    if (fl[ACH_LEDGER_COL_AMOUNT].len &&
        parse_amount(&rec->amount, fl[ACH_LEDGER_COL_AMOUNT].ptr, fl[ACH_LEDGER_COL_AMOUNT].len,
                     "amount", &pe))
        return parser_fault(rec, r, err, ACH_LEDGER_FAULT_AMOUNT, ACH_LEDGER_COL_AMOUNT, &pe);
    /* the common case, without a call: a plain line's ids need only their length checked */
    if (!r->plain || fl[ACH_LEDGER_COL_ID].len > ACH_LEDGER_ID_MAX ||
        fl[ACH_LEDGER_COL_REF].len > ACH_LEDGER_ID_MAX) {
        if ((s = check_id_field(rec, r, err, ACH_LEDGER_COL_ID))) return s;
        if ((s = check_id_field(rec, r, err, ACH_LEDGER_COL_REF))) return s;
    }

    switch (rec->type) {
    case ACH_LEDGER_ACCOUNT:
        if ((s = require(rec, r, err, ACH_LEDGER_COL_ID))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_ROUTING))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_ACCOUNT_NUMBER))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_HOLDER_NAME))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_HOLDER_TYPE))) return s;
        if (ach_ledger_holder_type_parse(&rec->holder_type, fl[ACH_LEDGER_COL_HOLDER_TYPE].ptr,
                                         fl[ACH_LEDGER_COL_HOLDER_TYPE].len, &pe))
            return parser_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD, ACH_LEDGER_COL_HOLDER_TYPE,
                                &pe);
        break;
    case ACH_LEDGER_MICRODEPOSITS:
    case ACH_LEDGER_VERIFICATION:
        if ((s = require(rec, r, err, ACH_LEDGER_COL_REF))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_DETAIL))) return s;
        if ((s = check_pair(rec, r, err, rec->type == ACH_LEDGER_VERIFICATION))) return s;
        break;
    case ACH_LEDGER_MANDATE:
    case ACH_LEDGER_OUTCOME:
        if (rec->type == ACH_LEDGER_MANDATE && (s = require(rec, r, err, ACH_LEDGER_COL_ID)))
            return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_REF))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_CODE))) return s;
        if (ach_ledger_code_parse(&rec->code, rec->return_code, rec->type,
                                  fl[ACH_LEDGER_COL_CODE].ptr, fl[ACH_LEDGER_COL_CODE].len, &pe))
            return parser_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD, ACH_LEDGER_COL_CODE, &pe);
        break;
    case ACH_LEDGER_CHARGE:
        if ((s = require(rec, r, err, ACH_LEDGER_COL_ID))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_REF))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_AMOUNT))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_CURRENCY))) return s;
        if (fl[ACH_LEDGER_COL_DETAIL].len) {
            const ach_ledger_field *d = &fl[ACH_LEDGER_COL_DETAIL];
            ach_ledger_connect cx;
            ach_status cs = ach_ledger_connect_parse(&cx, d->ptr, d->len, &pe);
            if (cs == ACH_ETOOLONG || (cs != ACH_OK && strstr(pe.message, "printable")))
                return parser_fault(rec, r, err, ACH_LEDGER_FAULT_ID, ACH_LEDGER_COL_DETAIL, &pe);
            if (cs != ACH_OK)
                return parser_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD, ACH_LEDGER_COL_DETAIL,
                                    &pe);
        }
        if (fl[ACH_LEDGER_COL_CODE].len) {
            const ach_ledger_field *c = &fl[ACH_LEDGER_COL_CODE];
            if (c->len != 15 || ach__fifteen_digits(c->ptr) < 0) {
                size_t i = 0; /* the first non-digit, where the fault points */
                while (i < c->len && i < 15 && (unsigned)(c->ptr[i] - '0') <= 9) i++;
                return field_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD, ACH_LEDGER_COL_CODE,
                                   i < c->len && i < 15 ? i : 0,
                                   "a charge's code is a NACHA trace number of 15 digits");
            }
        }
        break;
    case ACH_LEDGER_REFUND:
        if ((s = require(rec, r, err, ACH_LEDGER_COL_ID))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_REF))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_AMOUNT))) return s;
        break;
    case ACH_LEDGER_REFUND_FAILURE:
        if ((s = require(rec, r, err, ACH_LEDGER_COL_REF))) return s;
        break;
    case ACH_LEDGER_DISPUTE:
        if ((s = require(rec, r, err, ACH_LEDGER_COL_ID))) return s;
        if ((s = require(rec, r, err, ACH_LEDGER_COL_REF))) return s;
        if (fl[ACH_LEDGER_COL_CODE].len &&
            check_id(fl[ACH_LEDGER_COL_CODE].ptr, fl[ACH_LEDGER_COL_CODE].len, "code", &pe))
            return parser_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD, ACH_LEDGER_COL_CODE, &pe);
        break;
    default:
        break;
    }
    /* Currency, where the type uses it. */
    if ((rec->type == ACH_LEDGER_ACCOUNT || rec->type == ACH_LEDGER_CHARGE ||
         rec->type == ACH_LEDGER_REFUND) &&
        fl[ACH_LEDGER_COL_CURRENCY].len &&
        ach_ledger_currency_parse(rec->currency, fl[ACH_LEDGER_COL_CURRENCY].ptr,
                                  fl[ACH_LEDGER_COL_CURRENCY].len, &pe))
        return parser_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD, ACH_LEDGER_COL_CURRENCY, &pe);
    return ACH_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* Records                                                                                   */

/* Resets the typed part and the fields of rec for a record starting at `start`. */
/* Resets the typed part of rec, and its fields: all of them, or (fast path, which then writes
 * every present column whole) only the columns the header lacks. */
static void begin_record(ach_ledger_record *rec, const ach_ledger_reader *r, size_t start,
                         bool all_fields)
{
    rec->index = r->records + 1;
    rec->offset = r->window_offset + start;
    rec->line = r->line;
    rec->end_line = r->line;
    rec->fault = ACH_LEDGER_FAULT_NONE;
    rec->type = ACH_LEDGER_TYPE_NONE;
    rec->time = 0;
    rec->amount = -1;
    rec->pair[0] = rec->pair[1] = 0;
    rec->instant = false;
    rec->code = ACH_LEDGER_CODE_NONE;
    rec->return_code[0] = '\0';
    rec->currency[0] = '\0';
    rec->holder_type = ACH_LEDGER_HOLDER_NONE;
    const ach_ledger_field blank = {empty_field, 0, r->line, 0, 0};
    if (all_fields) {
        for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++) rec->field[c] = blank;
    } else {
        for (uint32_t k = 0; k < r->nabsent; k++) rec->field[r->absent[k]] = blank;
    }
}

/* Ends a malformed record: counts it and fills err. */
static ach_status record_fault(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err,
                               ach_ledger_fault kind, uint64_t line, uint32_t column,
                               const char *field, const char *message)
{
    rec->fault = kind;
    r->rejected++;
    if (err) {
        ach__fail(err, ACH_ELEDGER_RECORD, field, line, column, "%s", message);
        ach__error_set_source(err, r->source);
    }
    return ACH_ELEDGER_RECORD;
}

/* The message of a field-count fault; the same from both paths. */
static ach_status field_count_fault(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err,
                                    uint32_t nfields, uint64_t line, uint32_t column)
{
    char msg[128];
    if (nfields > r->ncols)
        snprintf(msg, sizeof msg,
                 "record has more fields than the header's %u: field %u is one too many",
                 (unsigned)r->ncols, (unsigned)r->ncols + 1);
    else
        snprintf(msg, sizeof msg, "record has %u field%s, the header %u: fields are missing",
                 (unsigned)nfields, nfields == 1 ? "" : "s", (unsigned)r->ncols);
    return record_fault(rec, r, err, ACH_LEDGER_FAULT_FIELD_COUNT, line, column, "", msg);
}

/* ---- fast path ----
 * Block classification: for 16 bytes at a time (SSE2, part of every x86-64) or 8 (portable
 * word-at-a-time code on other little-endian machines), one bit per byte for "is a comma",
 * "is a quote", "is special" (a control byte such as the line feed, DEL) and "is not ASCII". The
 * first special byte ends the line when it is its line feed (or CRLF); any other sends the record
 * to the general path. The commas become a bit mask walked with count-trailing-zeros: no branch
 * per byte, and the walk has as many steps as the record has fields. A line with quotes drops
 * the commas inside them (a prefix XOR of the quote bits) and takes a field whole in quotes
 * ("Acme, Inc."); any other quote (a doubled one, one inside a field) is the general path's. */

typedef struct block_class {
    uint32_t comma, quote, special, high, space; /* bit i for byte i of the block */
} block_class;

#if defined(__SSE2__)
#  include <emmintrin.h>
#  define HAVE_FAST_PATH 1
#  define CHUNK 16

static inline block_class classify(const char *p)
{
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x); /* <= 0x1F */
    const __m128i sp = _mm_or_si128(ctl, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
    block_class c;
    c.comma = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')));
    c.quote = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
    c.special = (uint32_t)_mm_movemask_epi8(sp);
    c.high = (uint32_t)_mm_movemask_epi8(x);
    c.space = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
    return c;
}

#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#  define HAVE_FAST_PATH 1
#  define CHUNK 8
#  define ONES 0x0101010101010101ull
#  define HIGHS 0x8080808080808080ull
#  define LOW7 0x7F7F7F7F7F7F7F7Full

/* One bit per byte (byte i to bit i) from a word whose flags are the bytes' high bits. */
static inline uint32_t gather(uint64_t flags)
{
    return (uint32_t)((((flags & HIGHS) >> 7) * 0x0102040810204080ull) >> 56);
}

static inline block_class classify(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    const uint64_t ctl = ~(((w & LOW7) + 0x6060606060606060ull) | w | LOW7); /* < 0x20 */
    block_class c;
    c.comma = gather(zero_bytes(w ^ (0x2C * ONES)));
    c.quote = gather(zero_bytes(w ^ (0x22 * ONES)));
    c.special = gather(ctl | zero_bytes(w ^ (0x7F * ONES)));
    c.high = gather(w);
    c.space = gather(zero_bytes(w ^ (0x20 * ONES)));
    return c;
}

#else
#  define HAVE_FAST_PATH 0
#  define CHUNK 8
#endif

#define FAST_MAX_LINE 256 /* longer lines take the general path */

#if defined(__GNUC__)
#  define CTZ(x) ((unsigned)__builtin_ctz(x))
#  define CTZ64(x) ((unsigned)__builtin_ctzll(x))
#else
static unsigned CTZ64(uint64_t x)
{
    unsigned n = 0;
    while (!(x & 1)) x >>= 1, n++;
    return n;
}
#  define CTZ(x) CTZ64(x)
#endif

/* Whether `len` bytes are valid UTF-8 (ASCII runs skipped, the rest checked by utf8proc). */
static bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, u + i, 8), (w & UINT64_C(0x8080808080808080)) == 0)) {
            i += 8; /* eight ASCII bytes */
            continue;
        }
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k < 0) return false;
        i += (size_t)k;
    }
    return true;
}

_Static_assert(offsetof(ach_ledger_record, field) +
                   ACH_LEDGER_COLUMN_COUNT * sizeof(ach_ledger_field) <= INT16_MAX,
               "field offsets fit the reader's int16_t field_at");

/* A fast-path field: line[start..stop) on physical line `ln`. */
static inline void set_field(ach_ledger_field *f, const char *line, size_t start, size_t stop,
                             uint64_t ln)
{
    f->ptr = line + start;
    f->len = (uint32_t)(stop - start);
    f->line = ln;
    f->column = (uint32_t)start + 1;
    f->flags = 0;
}

/* For a line with quotes: each bit set where the byte lies after an odd number of quotes
 * (inside a quoted field, its opening quote included), given that parity before the word. */
static inline uint64_t inside_quotes(uint64_t quotes, uint64_t before)
{
    uint64_t x = quotes;
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x ^ before;
}

/* A field of a line with quotes: written whole in quotes ("Acme, Inc." -> Acme, Inc.), or
 * unquoted. Each quote it accounts for is cleared from `quotes`; false for a field that starts
 * with a quote and does not end with one. */
static inline bool set_field_quoted(ach_ledger_field *f, const char *line, size_t start,
                                    size_t stop, uint64_t ln, uint64_t *quotes)
{
    if (line[start] != '"') {
        set_field(f, line, start, stop, ln);
        return true;
    }
    if (stop - start < 2 || line[stop - 1] != '"') return false;
    quotes[start >> 6] &= ~(UINT64_C(1) << (start & 63));
    quotes[(stop - 1) >> 6] &= ~(UINT64_C(1) << ((stop - 1) & 63));
    f->ptr = line + start + 1;
    f->len = (uint32_t)(stop - start - 2);
    f->line = ln;
    f->column = (uint32_t)start + 1; /* its opening quote */
    f->flags = ACH_LEDGER_FIELD_QUOTED;
    return true;
}

/* Splits a line of `len` bytes at the commas of `commas` into rec's fields; `quotes` is NULL
 * for a line without quotes (the common case, compiled on its own), else the line's quote bits.
 * False when the general path must take the record. */
static inline __attribute__((always_inline)) bool
split_fields(ach_ledger_record *rec, const ach_ledger_reader *r, const char *line, size_t len,
             const uint64_t *commas, uint64_t *quotes)
{
    const uint32_t last = r->ncols - 1;
    const uint64_t ln = r->line;
    /* each field straight to its place in rec, by the byte offset of its column */
    const int16_t *field_at = r->field_at;
    char *const dst = (char *)rec;
    ach_ledger_field scratch = {0}; /* the fields of unknown columns, checked and dropped */
    const size_t nwords = ((len - 1) >> 6) + 1;
    size_t start = 0;
    uint32_t i = 0;
    for (size_t w = 0; w < nwords; w++) {
        for (uint64_t m = commas[w]; m; m &= m - 1) {
            if (i == last) return false; /* too many fields: the general path reports it */
            size_t stop = (w << 6) + CTZ64(m);
            int at = field_at[i++];
            if (!quotes) {
                if (at >= 0)
                    set_field((ach_ledger_field *)(void *)(dst + at), line, start, stop, ln);
            } else {
                ach_ledger_field *f = at >= 0 ? (ach_ledger_field *)(void *)(dst + at) : &scratch;
                if (!set_field_quoted(f, line, start, stop, ln, quotes)) return false;
            }
            start = stop + 1;
        }
    }
    if (i != last) return false; /* too few */
    int at = field_at[last];
    if (!quotes) {
        if (at >= 0) set_field((ach_ledger_field *)(void *)(dst + at), line, start, len, ln);
        return true;
    }
    ach_ledger_field *f = at >= 0 ? (ach_ledger_field *)(void *)(dst + at) : &scratch;
    if (!set_field_quoted(f, line, start, len, ln, quotes)) return false;
    for (size_t w = 0; w < nwords; w++)
        if (quotes[w]) return false; /* a quote not around a whole field */
    return true;
}

/* A line split into blocks: its comma and quote bits (one 64-bit word per 64 bytes), whether
 * any byte is not ASCII, a space or a quote, its length without the line end, and where the next
 * line starts. */
typedef struct line_scan {
    uint64_t commas[FAST_MAX_LINE / 64 + 1], quotes[FAST_MAX_LINE / 64 + 1];
    uint32_t high, space, quote;
    size_t len, next;
} line_scan;

typedef enum scan_status {
    LINE_OK,    /* a line end found: sc is filled */
    LINE_NO,    /* not for the fast path: too long, a control byte, no line end in the window */
    LINE_QUOTE, /* (without `quotes`) a quote: scan again with them */
} scan_status;

/* Classifies the line at `line` (`avail` bytes in the window) block by block. Without
 * `quotes` (the common case, a line without any) a quote stops the scan; with them, the quote
 * bits are collected too. Inlined into its two uses, where `quotes` is a constant. */
static inline __attribute__((always_inline)) scan_status
scan_line(line_scan *sc, const char *line, size_t avail, bool quotes)
{
    memset(sc->commas, 0, sizeof sc->commas);
    if (quotes) memset(sc->quotes, 0, sizeof sc->quotes);
    uint32_t high = 0, space = 0, quote = 0;
    for (size_t k = 0;; k += CHUNK) {
        if (k >= FAST_MAX_LINE) return LINE_NO;
        block_class c;
        if (ACH__LIKELY(avail - k >= CHUNK)) {
            c = classify(line + k);
        } else {
            /* Near the end of the window: classify a zero-padded copy (a zero byte is special,
             * so the line cannot seem to go on past the window). */
            char tmp[CHUNK] = {0};
            memcpy(tmp, line + k, avail - k);
            c = classify(tmp);
        }
        const uint32_t stops = quotes ? c.special : c.special | c.quote;
        if (stops) {
            unsigned j = CTZ(stops);
            size_t at = k + j;
            if (at >= avail) return LINE_NO; /* no line end in the window */
            if (line[at] == '\r' && at + 1 < avail && line[at + 1] == '\n') {
                sc->len = at;
                at++;
            } else if (line[at] == '\n') {
                sc->len = at;
            } else {
                return !quotes && line[at] == '"' ? LINE_QUOTE : LINE_NO;
            }
            const uint32_t keep = j ? (uint32_t)((1ull << j) - 1) : 0;
            sc->commas[k >> 6] |= (uint64_t)(c.comma & keep) << (k & 63);
            if (quotes) sc->quotes[k >> 6] |= (uint64_t)(c.quote & keep) << (k & 63);
            sc->high = high | (c.high & keep);
            sc->space = space | (c.space & keep);
            sc->quote = quote | (c.quote & keep);
            sc->next = at + 1; /* past the line feed */
            return LINE_OK;
        }
        sc->commas[k >> 6] |= (uint64_t)c.comma << (k & 63);
        if (quotes) sc->quotes[k >> 6] |= (uint64_t)c.quote << (k & 63);
        high |= c.high;
        space |= c.space;
        quote |= c.quote;
    }
}

/* The fast path: a record that is one line of at most FAST_MAX_LINE bytes without control
 * characters, whose quotes (if any) are around whole fields, with as many fields as the header,
 * found whole in the window. Returns true when it took the record (*status set), false when the
 * general path must (nothing consumed). */
static bool fast_record(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err,
                        ach_status *status)
{
#if HAVE_FAST_PATH
    const char *b = r->base, *line = b + r->pos;
    const size_t avail = r->end - r->pos;
    line_scan sc;
    scan_status ss = scan_line(&sc, line, avail, false);
    if (ACH__UNLIKELY(ss == LINE_QUOTE)) ss = scan_line(&sc, line, avail, true);
    if (ss != LINE_OK) return false;
    uint64_t *const commas = sc.commas, *const quotes = sc.quotes;
    const size_t len = sc.len, k = sc.next;
    const uint32_t high = sc.high, space = sc.space, quote = sc.quote;
    if (len == 0) return false; /* a blank line: the general path reports it */
    if (high && !utf8_valid(line, len)) return false; /* the general path says where */
    begin_record(rec, r, r->pos, false);
    if (ACH__LIKELY(!quote)) {
        if (!split_fields(rec, r, line, len, commas, NULL)) return false;
    } else {
        /* the commas inside quotes are content; quotes left open at the line end (a quoted
         * field that breaks lines) are the general path's */
        uint64_t before = 0;
        for (size_t w = 0; w <= (len - 1) >> 6; w++) {
            uint64_t in = inside_quotes(quotes[w], before);
            commas[w] &= ~in;
            before = 0 - (in >> 63);
        }
        if (before || !split_fields(rec, r, line, len, commas, quotes)) return false;
    }
    r->pos += k;
    r->line++;
    r->records++;
    r->scratch_used = 0; /* every field is a view into the input */
    r->plain = (high | space | quote) == 0; /* and no control byte or DEL: special was 0 */
    *status = check_record(rec, r, err);
    r->plain = false;
    if (*status) r->rejected++;
    return true;
#else
    (void)rec, (void)r, (void)err, (void)status;
    return false;
#endif
}

/* Skips the rest of a too-long line. */
static ach_status skip_line(ach_ledger_reader *r, ach_error *err)
{
    for (;;) {
        const char *nl = memchr(r->base + r->pos, '\n', r->end - r->pos);
        if (nl) {
            r->pos = (size_t)(nl - r->base) + 1;
            r->line++;
            r->skipping = false;
            return ACH_OK;
        }
        r->pos = r->end;
        if (r->eof) {
            r->line++; /* a last line without a line end */
            r->skipping = false;
            return ACH_OK;
        }
        ach_status s = refill(r, err);
        if (s) return s;
    }
}

/* Scans the header or a record by the general path, asking for input as needed. */
static ach_status scan_whole(ach_ledger_reader *r, bool header, size_t *start, size_t *ls,
                             scan_result *sr, scan_out *o, scan_fault *f, ach_error *err)
{
    for (;;) {
        *start = *ls = r->pos;
        if (header && r->window_offset + r->pos == 0 && r->end - r->pos >= 3 &&
            memcmp(r->base + r->pos, "\xEF\xBB\xBF", 3) == 0)
            *start = *ls = r->pos + 3; /* the BOM: columns of line 1 count after it */
        *sr = scan_record(r, *start, *ls, r->line, header ? ACH_LEDGER_MAX_COLUMNS : r->ncols,
                          header ? 0 : r->ncols, o, f);
        if (*sr != SCAN_NEED_MORE) return ACH_OK;
        ach_status s = refill(r, err);
        if (s) return s;
    }
}

/* The general path for one data record. */
static ach_status general_record(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err)
{
    size_t start, ls;
    scan_result sr;
    scan_out o;
    scan_fault f;
    ach_status s = scan_whole(r, false, &start, &ls, &sr, &o, &f, err);
    if (s) return s;
    begin_record(rec, r, r->pos, true);
    r->records++;
    const uint64_t first_line = r->line;
    if (sr == SCAN_FAULT) {
        rec->end_line = f.resume_line > first_line ? f.resume_line - 1 : first_line;
        r->pos = f.resume;
        r->line = f.resume_line;
        r->skipping = f.skip_line;
        return record_fault(rec, r, err, f.kind, f.line, f.column, "", f.message);
    }
    r->pos = o.next;
    r->line = o.next_line;
    rec->end_line = o.next_line - 1;
    if (o.content_end == start && o.nfields == 1)
        return record_fault(rec, r, err, ACH_LEDGER_FAULT_BLANK, first_line, 1, "",
                            "blank line: every line after the header must be a record");
    /* Views first, so that a malformed record still shows what could be split. */
    const uint32_t nf = o.nfields < r->ncols ? o.nfields : r->ncols;
    r->scratch_used = 0;
    for (uint32_t i = 0; i < nf; i++) {
        int c = r->col_of[i];
        if (c >= 0 && make_view(&rec->field[c], r, &r->raw[i]))
            return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (o.nfields != r->ncols)
        return field_count_fault(rec, r, err, o.nfields,
                                 o.nfields > r->ncols ? o.extra_line : o.next_line - 1,
                                 o.nfields > r->ncols
                                     ? o.extra_column
                                     : (uint32_t)(o.content_end - o.last_ls + 1));
    for (uint32_t i = 0; i < nf; i++) {
        uint64_t bl = 0;
        uint32_t bc = 0;
        char msg[96];
        ach_ledger_fault k = check_encoding(&r->raw[i], &bl, &bc, msg, sizeof msg);
        if (k != ACH_LEDGER_FAULT_NONE)
            return record_fault(rec, r, err, k, bl, bc,
                                r->col_of[i] >= 0 ? column_names[r->col_of[i]] : "", msg);
    }
    s = check_record(rec, r, err);
    if (s) r->rejected++;
    return s;
}

static ach_status next_record(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err);

/* ABI (ledger.h): fills only the caller's `rec_size` bytes. Today every size from 0.1 on is at
 * least ours, so the copy through `full` only serves a later, longer record layout. */
#define RECORD_SIZE_0_1 (offsetof(ach_ledger_record, field) + \
                         ACH_LEDGER_COLUMNS_CAPACITY * sizeof(ach_ledger_field))
_Static_assert(ACH_LEDGER_COLUMN_COUNT <= ACH_LEDGER_COLUMNS_CAPACITY, "record: columns");

ach_status ach_ledger_next_sized(ach_ledger_record *rec, size_t rec_size, ach_ledger_reader *r,
                                 ach_error *err)
{
    if (!rec || !r) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL record or reader");
    if (ACH__LIKELY(rec_size == sizeof *rec)) {
        rec->size = sizeof *rec;
        return next_record(rec, r, err);
    }
    if (rec_size < RECORD_SIZE_0_1)
        return ach__fail(err, ACH_EINVAL, "record", 0, 0,
                         "record of %zu bytes; at least %zu expected", rec_size,
                         (size_t)RECORD_SIZE_0_1);
    if (rec_size > sizeof *rec) {
        memset((char *)rec + sizeof *rec, 0, rec_size - sizeof *rec);
        rec->size = sizeof *rec;
        return next_record(rec, r, err);
    }
    ach_ledger_record full;
    memcpy(&full, rec, rec_size);
    ach_status s = next_record(&full, r, err);
    full.size = rec_size;
    memcpy(rec, &full, rec_size);
    return s;
}

static ach_status next_record(ach_ledger_record *rec, ach_ledger_reader *r, ach_error *err)
{
    if (ACH__UNLIKELY(r->final)) {
        if (r->final != ACH_LEDGER_END)
            ach__fail(err, r->final, NULL, 0, 0, "the ledger reader stopped after an error");
        return r->final;
    }
    ach_status s;
    if (ACH__UNLIKELY(r->skipping) && (s = skip_line(r, err))) return r->final = s;
    if (r->pos >= r->end) {
        if (!r->eof && (s = refill(r, err))) return r->final = s;
        if (r->pos >= r->end && r->eof) return r->final = ACH_LEDGER_END;
    }
    if (ACH__LIKELY(fast_record(rec, r, err, &s))) return s;
    s = general_record(rec, r, err);
    if (s == ACH_EIO || s == ACH_ENOMEM) r->final = s;
    return s;
}

/* ---------------------------------------------------------------------------------------- */
/* Opening                                                                                   */

static ach_status header_fail(ach_ledger_reader *r, ach_error *err, const char *field,
                              uint64_t line, uint32_t column, const char *message)
{
    ach__fail(err, ACH_ELEDGER_HEADER, field, line, column, "%s", message);
    ach__error_set_source(err, r->source);
    return ACH_ELEDGER_HEADER;
}

static ach_status read_header(ach_ledger_reader *r, ach_error *err)
{
    ach_status s;
    char msg[192];
    while (r->fd >= 0 && !r->eof && r->end <= 3)
        if ((s = refill(r, err))) return s;
    size_t bom = r->end >= 3 && memcmp(r->base, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (r->end == bom && r->eof)
        return header_fail(r, err, NULL, 1, 0,
                           "the ledger is empty: its first line must be the header");
    size_t start, ls;
    scan_result sr;
    scan_out o;
    scan_fault f;
    if ((s = scan_whole(r, true, &start, &ls, &sr, &o, &f, err))) return s;
    if (sr == SCAN_FAULT) {
        snprintf(msg, sizeof msg, "header: %s", f.message);
        return header_fail(r, err, NULL, f.line, f.column, msg);
    }
    const uint32_t n = o.nfields;
    if (n > ACH_LEDGER_MAX_COLUMNS) {
        snprintf(msg, sizeof msg, "header has %u columns; at most %d are supported", (unsigned)n,
                 ACH_LEDGER_MAX_COLUMNS);
        return header_fail(r, err, NULL, 1, 0, msg);
    }
    if (n == 1 && o.content_end == start)
        return header_fail(r, err, NULL, 1, 1,
                           "the first line is blank: it must be the header (" 
                           ACH_LEDGER_REQUIRED_COLUMNS ", ...)");
    for (uint32_t i = 0; i < n; i++) {
        uint64_t bl = 0;
        uint32_t bc = 0;
        char em[96];
        if (check_encoding(&r->raw[i], &bl, &bc, em, sizeof em) != ACH_LEDGER_FAULT_NONE) {
            snprintf(msg, sizeof msg, "header: %s", em);
            return header_fail(r, err, NULL, bl, bc, msg);
        }
    }
    r->pos = o.next;
    r->line = o.next_line;
    size_t names_len = 0, nunknown = 0;
    for (uint32_t i = 0; i < n; i++) {
        const raw_field *rf = &r->raw[i];
        int col = -1;
        bool escaped = rf->flags & ACH_LEDGER_FIELD_ESCAPED;
        for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT && !escaped; c++)
            if (strlen(column_names[c]) == rf->len && memcmp(column_names[c], rf->s, rf->len) == 0)
                col = c;
        r->col_of[i] = (int16_t)col;
        r->field_at[i] = (int16_t)(col < 0 ? -1
                                           : (int)(offsetof(ach_ledger_record, field) +
                                                   (size_t)col * sizeof(ach_ledger_field)));
        if (col < 0) {
            nunknown++;
            names_len += rf->len + 1;
        } else if (r->position[col]) {
            snprintf(msg, sizeof msg, "column '%s' appears twice (columns %u and %u)",
                     column_names[col], (unsigned)r->position[col], (unsigned)i + 1);
            return header_fail(r, err, column_names[col], rf->line, rf->column, msg);
        } else {
            r->position[col] = i + 1;
        }
    }
    static const ach_ledger_column required[] = {ACH_LEDGER_COL_TIME, ACH_LEDGER_COL_TYPE,
                                                 ACH_LEDGER_COL_ID, ACH_LEDGER_COL_REF};
    char missing[96] = "";
    size_t m = 0;
    for (size_t k = 0; k < ACH__ARRAY_LEN(required); k++)
        if (!r->position[required[k]])
            m += (size_t)snprintf(missing + m, sizeof missing - m, "%s%s", m ? ", " : "",
                                  column_names[required[k]]);
    if (m) {
        snprintf(msg, sizeof msg, "header lacks the required column(s) %s (required: %s)",
                 missing, ACH_LEDGER_REQUIRED_COLUMNS);
        return header_fail(r, err, NULL, 1, 0, msg);
    }
    r->ncols = n;
    for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++)
        if (!r->position[c]) r->absent[r->nabsent++] = (uint8_t)c;
    if (nunknown) {
        r->unknown = calloc(nunknown, sizeof *r->unknown);
        r->names = malloc(names_len);
        if (!r->unknown || !r->names)
            return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        char *d = r->names;
        for (uint32_t i = 0; i < n; i++) {
            if (r->col_of[i] >= 0) continue;
            const raw_field *rf = &r->raw[i];
            size_t k = 0;
            for (size_t j = 0; j < rf->len; j++) {
                d[k++] = rf->s[j];
                if (rf->s[j] == '"' && (rf->flags & ACH_LEDGER_FIELD_ESCAPED)) j++;
            }
            d[k] = '\0';
            r->unknown[r->nunknown].name = d;
            r->unknown[r->nunknown].position = i + 1;
            r->nunknown++;
            d += k + 1;
        }
    }
    return ACH_OK;
}

static ach_status new_reader(ach_ledger_reader **out, const char *name, ach_error *err)
{
    ach_ledger_reader *r = calloc(1, sizeof *r);
    char *source = strdup(name ? name : "");
    if (!r || !source) {
        free(r);
        free(source);
        ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
        return ACH_ENOMEM;
    }
    r->fd = -1;
    r->line = 1;
    r->source = source;
    *out = r;
    return ACH_OK;
}

/* Reads the header, then hands the reader out or frees it. */
static ach_status finish_open(ach_ledger_reader **out, ach_ledger_reader *r, ach_error *err)
{
    ach_status s = read_header(r, err);
    if (s) {
        ach_ledger_reader_free(r);
        return s;
    }
    *out = r;
    return ACH_OK;
}

ach_status ach_ledger_reader_open_buffer(ach_ledger_reader **out, const char *data, size_t len,
                                         const char *name, ach_error *err)
{
    if (!out || (!data && len))
        return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL output or data");
    ach_ledger_reader *r = NULL;
    ach_status s = new_reader(&r, name, err);
    if (s) return s;
    r->base = data ? data : empty_field;
    r->end = len;
    r->eof = true;
    r->size = len;
    return finish_open(out, r, err);
}

void ach__ledger_on_move(ach_ledger_reader *r, bool (*fn)(void *ctx), void *ctx)
{
    r->on_move = fn;
    r->on_move_ctx = ctx;
}

void ach__ledger_on_handover(ach_ledger_reader *r, bool (*fn)(void *ctx, char *buf), void *ctx)
{
    r->on_handover = r->fd >= 0 ? fn : NULL; /* a buffer reader never moves its bytes */
    r->on_handover_ctx = ctx;
}

size_t ach__ledger_scratch_used(const ach_ledger_reader *r)
{
    return r->scratch_used;
}

/* Sets up a reader on fd in read mode. A file is never mapped: touching a mapping of a file that
 * another process truncated raises SIGBUS (issue 17); read() sees the end instead. */
static ach_status attach_fd(ach_ledger_reader *r, int fd, ach_error *err)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t cur = lseek(fd, 0, SEEK_CUR);
        if (cur < 0 || cur > st.st_size) cur = st.st_size < cur ? st.st_size : (cur < 0 ? 0 : cur);
        r->size = (uint64_t)(st.st_size - cur);
        r->sized = true;
    }
    r->fd = fd;
    r->cap = INITIAL_BUFFER;
    r->buf = malloc(r->cap);
    if (!r->buf) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    r->base = r->buf;
    return ACH_OK;
}

ach_status ach_ledger_reader_open_fd(ach_ledger_reader **out, int fd, const char *name,
                                     ach_error *err)
{
    if (!out || fd < 0) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL output or bad fd");
    ach_ledger_reader *r = NULL;
    ach_status s = new_reader(&r, name, err);
    if (s) return s;
    if ((s = attach_fd(r, fd, err))) {
        ach_ledger_reader_free(r);
        return s;
    }
    return finish_open(out, r, err);
}

static ach_status open_path(ach_ledger_reader **out, const char *path, ach_error *err)
{
    if (!out || !path) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL output or path");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        ach__fail(err, ACH_EIO, NULL, 0, 0, "cannot open the ledger: %s", strerror(e));
        ach__error_set_source(err, path);
        return ACH_EIO;
    }
    ach_ledger_reader *r = NULL;
    ach_status s = new_reader(&r, path, err);
    if (s) {
        close(fd);
        return s;
    }
    s = attach_fd(r, fd, err);
    r->own_fd = true;
    if (s) {
        ach_ledger_reader_free(r);
        return s;
    }
    return finish_open(out, r, err);
}

ach_status ach_ledger_reader_open_file(ach_ledger_reader **out, const char *path, ach_error *err)
{
    return open_path(out, path, err);
}

ach_status ach_ledger_reader_open_mapped(ach_ledger_reader **out, const char *path,
                                         ach_error *err)
{
    return open_path(out, path, err); /* read, not mapped: see attach_fd() */
}

void ach_ledger_reader_free(ach_ledger_reader *r)
{
    if (!r) return;
    if (r->own_fd && r->fd >= 0) close(r->fd);
    free(r->buf);
    free(r->scratch);
    free(r->unknown);
    free(r->names);
    free(r->source);
    free(r);
}

size_t ach_ledger_reader_unknown_columns(const ach_ledger_unknown_column **out,
                                         const ach_ledger_reader *r)
{
    if (out) *out = r->unknown;
    return r->nunknown;
}

uint32_t ach_ledger_reader_column_position(const ach_ledger_reader *r, ach_ledger_column col)
{
    return (unsigned)col < ACH_LEDGER_COLUMN_COUNT ? r->position[col] : 0;
}

void ach_ledger_reader_stats(ach_ledger_stats *out, const ach_ledger_reader *r)
{
    out->records = r->records;
    out->rejected = r->rejected;
    out->lines = (uint64_t)r->line - 1;
    out->bytes = r->window_offset + r->pos;
    out->size = r->size;
}

const char *ach_ledger_reader_source(const ach_ledger_reader *r)
{
    return r->source;
}
