/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/ledger.h
 * @brief Streaming reader of ledger files (SPEC §10): CSV records, checked and typed, with the
 *        exact position of every fault.
 *
 * A ledger is UTF-8 CSV (RFC 4180) whose first line is a header naming the columns (see
 * ::ach_ledger_column); each following record is one event. The reader
 *
 * - streams: from a file or a file descriptor (a pipe, stdin) with read() into a bounded buffer
 *   that starts at 64 KiB and grows only for a record that does not fit, up to
 *   ACH_LEDGER_BUFFER_MAX bytes; from a memory-mapped file (consumed pages are released as
 *   reading goes on); or from a caller's buffer. Never more than one record needs to be in
 *   memory;
 * - accepts `\n` and `\r\n` line ends (mixed), an optional UTF-8 byte-order mark, RFC 4180 quoting
 *   (a quoted field may hold commas, `""` for a quote, and line breaks: a record may then span
 *   several physical lines, and line numbers stay exact);
 * - matches columns by header name, in any order. Required columns (ACH_LEDGER_REQUIRED_COLUMNS):
 *   `time`, `type`, `id`, `ref`; a missing one fails the open, before any data line. The other
 *   SPEC columns are optional (an absent column reads as an empty field in every record). Any
 *   other column is unknown: listed once by ach_ledger_reader_unknown_columns(), then ignored
 *   (its values are still checked for UTF-8);
 * - gives zero-copy views (::ach_ledger_field) into the input; only a quoted field holding `""`
 *   is unescaped, into a per-reader scratch buffer allocated once;
 * - checks every record completely for its type (below) and parses its typed values, so that a
 *   record returned with ACH_OK is well formed; a malformed record is returned as
 *   ACH_ELEDGER_RECORD with its fault, exact line and column, and the next call goes on with the
 *   next record. Every data record is returned exactly once, either way: the count of ACH_OK
 *   plus ACH_ELEDGER_RECORD returns is the number of data records (see ::ach_ledger_stats).
 *
 * What a record must satisfy (anything else is a malformed record, ::ach_ledger_fault):
 * - as many fields as the header has columns; a blank line is a malformed record too;
 * - at most ACH_LEDGER_MAX_RECORD bytes (its line ends excluded);
 * - every field valid UTF-8 without control characters (tab allowed; line breaks allowed inside
 *   quotes only);
 * - `time` an instant `YYYY-MM-DDTHH:MM:SSZ` (ach_instant_parse()); `type` one of
 *   ::ach_ledger_type, spelled as in SPEC §10;
 * - `amount`, when not empty (in any record), ASCII digits only, at most INT64_MAX cents;
 * - `id` and `ref`, when not empty, 1..ACH_LEDGER_ID_MAX printable ASCII characters without
 *   space;
 * - per type (a "required" field must not be empty; other columns are not looked at):
 *   - `account`: id, routing, account_number, holder_name, holder_type (`individual` or
 *     `company`) required; currency (3 letters) and ref checked when present;
 *   - `microdeposits`: ref, and detail = two amounts such as `12 87`;
 *   - `verification`: ref, and detail = two amounts or `instant`;
 *   - `mandate`: id, ref, and code = `accepted` or `revoked`;
 *   - `charge`: id, ref, amount, currency (3 letters); when present, detail = a Connect
 *     destination id starting `acct_` and code = a 15-digit trace number;
 *   - `outcome`: ref, and code = `succeeded` or a return code (`R` and 2 digits);
 *   - `refund`: id, ref, amount; currency checked when present;
 *   - `refund_failure`: ref;
 *   - `dispute`: id, ref; code (the reason) checked as an id-like token when present.
 *
 * What the reader does NOT judge (the reconciliation engine applies the rules): routing and
 * account-number validity, names under Nacha rules, currencies other than USD, zero amounts,
 * whether a return code is known, ids that do not exist, time order.
 *
 * R-SEC-1: no message of this module contains a field's value except the short typed ones
 * (type, holder type, codes, at most 32 bytes); account numbers never appear.
 *
 * Memory: a reader holds about 72 KiB (its state and a 64 KiB read buffer), plus a 64 KiB
 * scratch buffer once a field needs unescaping, plus a read buffer grown to at most
 * ACH_LEDGER_BUFFER_MAX for a record longer than 64 KiB; nothing per record. A mapped reader
 * keeps at most about 32 MiB of the file resident.
 *
 * For the reconciliation engine:
 * - a record is a value the reader overwrites: copy what must outlive the next call (ids fit in
 *   ACH_LEDGER_ID_SIZE bytes);
 * - count with the return values (or ach_ledger_reader_stats()): ACH_OK is a record to apply,
 *   ACH_ELEDGER_RECORD one to reject as malformed (rec.line, rec.fault, err.column);
 *   their sum is the number of data records, the "data lines" of SPEC §10 (a record whose quoted
 *   field breaks lines is one data record spanning rec.line..rec.end_line);
 * - err.line/err.column point at the fault itself; ach_ledger_field_position() gives the
 *   position of any byte of a field for the engine's own findings.
 *
 * Thread safety: a reader is used by one thread at a time; distinct readers are independent.
 */
#ifndef ACH_LEDGER_H
#define ACH_LEDGER_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/date.h"

ACH_BEGIN_DECL

/** Longest record accepted, in bytes, line ends excluded (quoted line breaks included). */
#define ACH_LEDGER_MAX_RECORD 65536
/** Largest read buffer of a reader that reads (not maps): twice ACH_LEDGER_MAX_RECORD, room for
 * the longest record, its line end and the next read. */
#define ACH_LEDGER_BUFFER_MAX 131072
/** Longest `id` / `ref` value, in bytes: the rules' bound (ACH_ID_MAX, 63), so that every id
 * the reader lets through fits the rules' values. */
#define ACH_LEDGER_ID_MAX ACH_ID_MAX
/** Size of a buffer holding an id and its NUL. */
#define ACH_LEDGER_ID_SIZE ACH_ID_SIZE
/** Most columns a header may have (known and unknown together). */
#define ACH_LEDGER_MAX_COLUMNS 256

/** The SPEC §10 columns. The order is that of the SPEC header, not of any file. */
typedef enum ach_ledger_column {
    ACH_LEDGER_COL_TIME = 0,
    ACH_LEDGER_COL_TYPE,
    ACH_LEDGER_COL_ID,
    ACH_LEDGER_COL_REF,
    ACH_LEDGER_COL_AMOUNT,
    ACH_LEDGER_COL_CURRENCY,
    ACH_LEDGER_COL_ROUTING,
    ACH_LEDGER_COL_ACCOUNT_NUMBER,
    ACH_LEDGER_COL_HOLDER_NAME,
    ACH_LEDGER_COL_HOLDER_TYPE,
    ACH_LEDGER_COL_CODE,
    ACH_LEDGER_COL_DETAIL,
    ACH_LEDGER_COLUMN_COUNT /**< number of known columns */
} ach_ledger_column;

/** The columns a header must name: time, type, id, ref. */
#define ACH_LEDGER_REQUIRED_COLUMNS "time,type,id,ref"

/** Record types (SPEC §10). 0 is "no type" (a malformed record whose type is not known). */
typedef enum ach_ledger_type {
    ACH_LEDGER_TYPE_NONE = 0,
    ACH_LEDGER_ACCOUNT,        /**< `account`: a bank account */
    ACH_LEDGER_MICRODEPOSITS,  /**< `microdeposits`: the two amounts sent */
    ACH_LEDGER_VERIFICATION,   /**< `verification`: the amounts entered, or `instant` */
    ACH_LEDGER_MANDATE,        /**< `mandate`: accepted or revoked */
    ACH_LEDGER_CHARGE,         /**< `charge`: a debit */
    ACH_LEDGER_OUTCOME,        /**< `outcome`: succeeded or a return code */
    ACH_LEDGER_REFUND,         /**< `refund` */
    ACH_LEDGER_REFUND_FAILURE, /**< `refund_failure` */
    ACH_LEDGER_DISPUTE,        /**< `dispute` */
    ACH_LEDGER_TYPE_COUNT      /**< one past the last type */
} ach_ledger_type;

/** Why a record is malformed. The names (ach_ledger_fault_name()) are stable snake_case keys. */
typedef enum ach_ledger_fault {
    ACH_LEDGER_FAULT_NONE = 0,      /**< "none": the record is well formed */
    ACH_LEDGER_FAULT_QUOTE,         /**< "unterminated_quote": a quote opened and never closed */
    /** "stray_quote": a quote inside an unquoted field, or text after a closing quote */
    ACH_LEDGER_FAULT_STRAY_QUOTE,
    ACH_LEDGER_FAULT_FIELD_COUNT,   /**< "field_count": more or fewer fields than the header */
    ACH_LEDGER_FAULT_BLANK,         /**< "blank_line": an empty line */
    ACH_LEDGER_FAULT_TOO_LONG,      /**< "too_long": longer than ACH_LEDGER_MAX_RECORD */
    ACH_LEDGER_FAULT_UTF8,          /**< "invalid_utf8": a field is not valid UTF-8 */
    ACH_LEDGER_FAULT_CONTROL,       /**< "control_character": a control character (or a bare CR) */
    ACH_LEDGER_FAULT_TIME,          /**< "bad_time": `time` is not a UTC instant */
    ACH_LEDGER_FAULT_TYPE,          /**< "unknown_type": `type` is not a SPEC §10 type */
    ACH_LEDGER_FAULT_AMOUNT,        /**< "bad_amount": `amount` has a non-digit or overflows */
    /** "bad_id": an id, ref or destination too long or with a bad character */
    ACH_LEDGER_FAULT_ID,
    ACH_LEDGER_FAULT_MISSING,       /**< "missing_field": a field the type requires is empty */
    /** "bad_field": currency, holder_type, code or detail is malformed */
    ACH_LEDGER_FAULT_FIELD,
    ACH_LEDGER_FAULT_COUNT          /**< one past the last fault */
} ach_ledger_fault;

/** The `code` column, parsed for mandates and outcomes. */
typedef enum ach_ledger_code {
    ACH_LEDGER_CODE_NONE = 0,  /**< not a mandate or outcome (or empty) */
    ACH_LEDGER_CODE_ACCEPTED,  /**< mandate `accepted` */
    ACH_LEDGER_CODE_REVOKED,   /**< mandate `revoked` */
    ACH_LEDGER_CODE_SUCCEEDED, /**< outcome `succeeded` */
    ACH_LEDGER_CODE_RETURN     /**< outcome with a NACHA return code (record.return_code) */
} ach_ledger_code;

/** The `holder_type` column. */
typedef enum ach_ledger_holder_type {
    ACH_LEDGER_HOLDER_NONE = 0,   /**< absent (not an account record) */
    ACH_LEDGER_HOLDER_INDIVIDUAL, /**< `individual` */
    ACH_LEDGER_HOLDER_COMPANY     /**< `company` */
} ach_ledger_holder_type;

/** Flags of a field (::ach_ledger_field.flags). */
#define ACH_LEDGER_FIELD_QUOTED 1u    /**< the field was written in quotes */
#define ACH_LEDGER_FIELD_ESCAPED 2u   /**< it held `""`: the value was unescaped (not zero-copy) */
#define ACH_LEDGER_FIELD_MULTILINE 4u /**< the value holds a line break */

/**
 * A field's value: a view into the input (or, when ESCAPED, into the reader's scratch buffer),
 * quotes removed. Not NUL-terminated. Valid until the next ach_ledger_next() or
 * ach_ledger_reader_free() on its reader, and, for a buffer reader, while the buffer lives.
 */
typedef struct ach_ledger_field {
    const char *ptr; /**< the bytes; a valid pointer even when len is 0 */
    uint32_t len;    /**< length in bytes */
    uint64_t line;   /**< physical line of the field's first byte (its opening quote if quoted) */
    uint32_t column; /**< 1-based byte column of that byte; 0 when the header lacks the column */
    uint32_t flags;  /**< ACH_LEDGER_FIELD_* */
} ach_ledger_field;

/**
 * One data record. Filled by ach_ledger_next(). Typed members hold the parsed value of the
 * fields the record's type uses (see the table in the file comment), and their "empty" value
 * otherwise.
 */
typedef struct ach_ledger_record {
    uint64_t index;    /**< 1-based number of the record among the data records */
    uint64_t offset;   /**< byte offset of its first byte in the input (a BOM counts) */
    uint64_t line;     /**< physical line where it starts (the header is line 1) */
    uint64_t end_line; /**< physical line where it ends (> line when a quoted field breaks lines) */
    ach_ledger_fault fault; /**< ACH_LEDGER_FAULT_NONE when ACH_OK was returned */
    ach_ledger_type type;   /**< the type; ACH_LEDGER_TYPE_NONE when not recognised */
    ach_instant time;       /**< `time` */
    int64_t amount;         /**< `amount` in cents; -1 when the field is empty */
    int64_t pair[2];        /**< a microdeposits or verification detail's two amounts, or 0 0 */
    bool instant;           /**< a verification with detail `instant` */
    ach_ledger_code code;   /**< mandate or outcome code */
    char return_code[4];    /**< "R01"… when code is ACH_LEDGER_CODE_RETURN, else "" */
    char currency[4];       /**< `currency` lowercased ("usd"); "" when empty */
    ach_ledger_holder_type holder_type; /**< account holder type */
    /** every known column, indexed by ::ach_ledger_column */
    ach_ledger_field field[ACH_LEDGER_COLUMN_COUNT];
} ach_ledger_record;

/** An unknown header column: its name (NUL-terminated, owned by the reader) and position. */
typedef struct ach_ledger_unknown_column {
    const char *name;  /**< the header text (unquoted) */
    uint32_t position; /**< 1-based column index in the header */
} ach_ledger_unknown_column;

/** Counters of a reader so far. */
typedef struct ach_ledger_stats {
    uint64_t records;  /**< data records returned (ACH_OK + ACH_ELEDGER_RECORD) */
    uint64_t rejected; /**< of which malformed (ACH_ELEDGER_RECORD) */
    uint64_t lines;    /**< physical lines consumed, header included */
    uint64_t bytes;    /**< input bytes consumed (BOM and header included) */
    uint64_t size;     /**< input size when known (file, buffer); 0 for a pipe */
} ach_ledger_stats;

/** A ledger reader. Opaque; made by an ach_ledger_reader_open_*() call, freed by
 * ach_ledger_reader_free(). */
typedef struct ach_ledger_reader ach_ledger_reader;

/**
 * Opens a ledger file and reads its header. The file is read with read() into the reader's
 * bounded buffer (see the file comment): on the machines measured this costs a third of the CPU
 * time of mapping the file (page-table setup dominates a single sequential pass) and keeps the
 * memory in use constant; ach_ledger_reader_open_mapped() maps it instead.
 * @param[out] out  the reader, owned by the caller; untouched on failure.
 * @param path      the file; also the source name of every error.
 * @return ACH_OK; ACH_EIO when the file cannot be opened or read (the message has strerror);
 *         ACH_ELEDGER_HEADER when the input is empty, the header is malformed (position in err),
 *         names a known column twice, has more than ACH_LEDGER_MAX_COLUMNS columns, or lacks a
 *         required column (all missing ones are named); ACH_ENOMEM; ACH_EINVAL for NULL
 *         arguments.
 */
ACH_EXTERN ach_status ach_ledger_reader_open_file(ach_ledger_reader **out, const char *path,
                                                  ach_error *err) ACH_WARN_UNUSED;

/**
 * Opens a ledger file by mapping it into memory (read-only, private, MADV_SEQUENTIAL), and reads
 * its header; the pages already consumed are released every 32 MiB, so the resident part of the
 * mapping stays bounded. Something that is not a regular file, or a file that cannot be mapped,
 * is read as by ach_ledger_reader_open_file(). The file must not be truncated while the reader is
 * open (touching a vanished page raises SIGBUS).
 * @return as ach_ledger_reader_open_file().
 */
ACH_EXTERN ach_status ach_ledger_reader_open_mapped(ach_ledger_reader **out, const char *path,
                                                    ach_error *err) ACH_WARN_UNUSED;

/**
 * Opens a ledger on a file descriptor (for example 0 for stdin, or a pipe) and reads its header.
 * It is read with read() from its current offset, whatever it is (file, pipe, terminal); it
 * must be blocking (EAGAIN is a read error). The descriptor stays the caller's: it is not
 * closed, and must stay open while the reader is.
 * @param name  a name for messages (for example "-" or "stdin"); may be NULL.
 * @return as ach_ledger_reader_open_file().
 */
ACH_EXTERN ach_status ach_ledger_reader_open_fd(ach_ledger_reader **out, int fd, const char *name,
                                                ach_error *err) ACH_WARN_UNUSED;

/**
 * Opens a ledger held in memory and reads its header. The buffer is not copied: it must stay
 * valid and unchanged while the reader and any record from it are in use.
 * @param data  `len` bytes (need not be NUL-terminated); may be NULL when len is 0.
 * @param name  a name for messages; may be NULL.
 * @return as ach_ledger_reader_open_file() except for read errors (a buffer has none): ACH_OK;
 *         ACH_ELEDGER_HEADER; ACH_ENOMEM; ACH_EINVAL.
 */
ACH_EXTERN ach_status ach_ledger_reader_open_buffer(ach_ledger_reader **out, const char *data,
                                                    size_t len, const char *name,
                                                    ach_error *err) ACH_WARN_UNUSED;

/** Releases a reader (unmaps, closes what it opened). Accepts NULL. */
ACH_EXTERN void ach_ledger_reader_free(ach_ledger_reader *r);

/**
 * Reads the next data record into `rec`.
 *
 * Typical loop:
 * @code
 * for (;;) {
 *     ach_status s = ach_ledger_next(&rec, r, &err);
 *     if (s == ACH_OK) apply(&rec);
 *     else if (s == ACH_ELEDGER_RECORD) reject(&rec, &err); // rec.line, rec.fault, err.column...
 *     else if (s == ACH_LEDGER_END) break;
 *     else fail(&err);                                     // ACH_EIO or ACH_ENOMEM: stop
 * }
 * @endcode
 *
 * @param[out] rec  the record. On ACH_OK it is complete. On ACH_ELEDGER_RECORD, index, offset,
 *                  line, end_line and fault are set, `type` when it was recognised, and the
 *                  fields that could be split (others empty); typed members are unspecified.
 *                  Untouched on any other status.
 * @return ACH_OK; ACH_ELEDGER_RECORD for a malformed record (err: source, line and column of the
 *         fault, the field's column name or "" for a fault of the whole record, a message; the
 *         next call reads on); ACH_LEDGER_END when there are no more records (and on every later
 *         call); ACH_EIO when reading a descriptor fails and ACH_ENOMEM when its buffer cannot
 *         grow (both final: every later call returns them again); ACH_EINVAL for NULL arguments.
 *
 * Recovery after a fault: reading resumes at the line after the faulty record. For an
 * unterminated quote (a quoted field that breaks lines and never closes properly before the end
 * of the input, a size of ACH_LEDGER_MAX_RECORD, or a character that cannot follow a closing
 * quote) it resumes at the line after the opening quote's line, so the lines the quote
 * swallowed are read again as records. A record longer than ACH_LEDGER_MAX_RECORD is skipped up
 * to its line end.
 */
ACH_EXTERN ach_status ach_ledger_next(ach_ledger_record *rec, ach_ledger_reader *r,
                                      ach_error *err) ACH_WARN_UNUSED;

/**
 * The header's unknown columns, in header order, each reported once.
 * @param[out] out  set to an array owned by the reader (valid until it is freed); may be NULL.
 * @return the number of unknown columns.
 */
ACH_EXTERN size_t ach_ledger_reader_unknown_columns(const ach_ledger_unknown_column **out,
                                                    const ach_ledger_reader *r);

/** The 1-based header position of a known column; 0 when the header lacks it. */
ACH_EXTERN uint32_t ach_ledger_reader_column_position(const ach_ledger_reader *r,
                                                      ach_ledger_column col) ACH_PURE;

/** The reader's counters so far (for progress reports and the engine's conservation check). */
ACH_EXTERN void ach_ledger_reader_stats(ach_ledger_stats *out, const ach_ledger_reader *r);

/** The source name given at open ("" when none). Owned by the reader. */
ACH_EXTERN const char *ach_ledger_reader_source(const ach_ledger_reader *r) ACH_PURE;

/**
 * The physical line and 1-based column of byte `offset` of a field's value, taking quotes,
 * `""` escapes and line breaks into account. An offset past the value gives the position just
 * after it.
 */
ACH_EXTERN void ach_ledger_field_position(uint64_t *line, uint32_t *column,
                                          const ach_ledger_field *f, size_t offset);

/** The SPEC spelling of a type ("charge"); "" for ACH_LEDGER_TYPE_NONE or out of range. */
ACH_EXTERN const char *ach_ledger_type_name(ach_ledger_type type) ACH_CONST;

/** The header name of a column ("account_number"); "" when out of range. */
ACH_EXTERN const char *ach_ledger_column_name(ach_ledger_column col) ACH_CONST;

/** The stable key of a fault ("unterminated_quote", see ::ach_ledger_fault); "" out of range. */
ACH_EXTERN const char *ach_ledger_fault_name(ach_ledger_fault fault) ACH_CONST;

/** @name Field parsers
 * The checks ach_ledger_next() applies, usable on their own. Each parses exactly `len` bytes of
 * `text`; on failure the output is untouched and err->column is the 1-based offset of the
 * offending byte in `text` (err->line 0, err->field the column name).
 * @{ */

/**
 * Parses a record type as spelled in SPEC §10 (case-sensitive).
 * @return ACH_OK, or ACH_EPARSE for anything else (the message quotes at most 32 bytes).
 */
ACH_EXTERN ach_status ach_ledger_type_parse(ach_ledger_type *out, const char *text, size_t len,
                                            ach_error *err) ACH_WARN_UNUSED;

/**
 * Parses an amount in cents: 1 to 19 ASCII digits (leading zeros allowed, no sign, no point).
 * @return ACH_OK; ACH_EPARSE when empty or at the first non-digit; ACH_EOVERFLOW above INT64_MAX
 *         (column of the digit that overflows).
 */
ACH_EXTERN ach_status ach_ledger_amount_parse(int64_t *out, const char *text, size_t len,
                                              ach_error *err) ACH_WARN_UNUSED;

/**
 * Parses a detail of two amounts separated by one space, such as `12 87` (R-ACC-4). Positivity
 * is a rule, not checked here.
 * @return ACH_OK; ACH_EPARSE (not two amounts, a non-digit, extra spaces); ACH_EOVERFLOW.
 */
ACH_EXTERN ach_status ach_ledger_pair_parse(int64_t out[2], const char *text, size_t len,
                                            ach_error *err) ACH_WARN_UNUSED;

/** Parses `individual` or `company`. @return ACH_OK or ACH_EHOLDER_TYPE. */
ACH_EXTERN ach_status ach_ledger_holder_type_parse(ach_ledger_holder_type *out, const char *text,
                                                   size_t len, ach_error *err) ACH_WARN_UNUSED;

/**
 * Parses a currency: 3 ASCII letters, any case, written lowercased with a NUL into `out`.
 * Whether it is USD is for the rules to judge (R-CHG-2).
 * @return ACH_OK or ACH_EPARSE.
 */
ACH_EXTERN ach_status ach_ledger_currency_parse(char out[4], const char *text, size_t len,
                                                ach_error *err) ACH_WARN_UNUSED;

/**
 * Parses the `code` of a record of type `type`: a mandate's `accepted`/`revoked`, or an
 * outcome's `succeeded` or return code (`R` and two digits, written with a NUL into
 * `return_code`, which may be NULL). Other types give ACH_LEDGER_CODE_NONE.
 * @return ACH_OK or ACH_EPARSE.
 */
ACH_EXTERN ach_status ach_ledger_code_parse(ach_ledger_code *out, char return_code[4],
                                            ach_ledger_type type, const char *text, size_t len,
                                            ach_error *err) ACH_WARN_UNUSED;

/**
 * Checks an id (or a ref): 1..ACH_LEDGER_ID_MAX bytes, each printable ASCII other than space.
 * @return ACH_OK; ACH_EPARSE (empty, bad character); ACH_ETOOLONG.
 */
ACH_EXTERN ach_status ach_ledger_id_check(const char *text, size_t len,
                                          ach_error *err) ACH_WARN_UNUSED;

/** @} */

ACH_END_DECL

#endif /* ACH_LEDGER_H */
