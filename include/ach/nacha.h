/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/nacha.h
 * @brief Streaming reader and validator of NACHA files, with return (addenda 99) and Notification
 *        of Change (addenda 98) entries as values (SPEC §12, R-RET-1, R-RET-4, R-SEC-1).
 *
 * A NACHA file is a sequence of 94-character records: file header (1), batches of a batch header
 * (5), entry details (6) each followed by its addenda (7), and a batch control (8), then the file
 * control (9) and all-`9` padding records up to a multiple of 10 records (the blocking factor).
 * Records may be separated by `\n` or `\r\n`, or follow each other with no line breaks at all; a
 * missing final line break is accepted.
 *
 * The reader is zero-copy and streaming: it walks a caller-supplied buffer (or a file it read into
 * memory) one record at a time, keeps O(1) state (the open batch and entry, running counts and
 * sums) and hands back each record parsed, with text fields as views into the input. While it
 * reads it validates everything it can check in one pass and reports every finding (not just the
 * first) through a callback, each with the record number, column, field, what was expected and
 * what was found. Findings are not errors: a call fails only on misuse or when a file cannot be
 * read.
 *
 * Validation: record lengths and type codes; record order 1 → (5 → (6 → 7*)* → 8)* → 9 → padding;
 * field formats (numeric, alphanumeric = printable ASCII, blanks, dates YYMMDD, times HHMM,
 * Julian days, fixed values); routing check digits; transaction, service class and SEC codes and
 * their consistency (a debit in a credits-only batch, a non-zero prenote); addenda indicators,
 * types, counts and sequence numbers; return reason and change codes; trace numbers (ascending in
 * a batch, prefixed by the ODFI, repeated in the addenda); batch and file controls (entry/addenda
 * counts, entry hash = low 10 digits of the sum of the 8-digit RDFI routings, total debits and
 * credits, batch count, block count, header fields repeated); and the padding of the last block.
 * A value that cannot be read (a non-numeric amount, say) is reported once where it occurs; the
 * totals it would feed are then not compared, so one defect gives one finding.
 *
 * Layouts per SEC code (issue 19): one table gives each SEC code's transaction codes, addenda
 * limits (CTX, ATX, ENR, TRX: up to 9,999 addenda 05, counted in positions 55-58 for CTX and
 * ATX) and required receiver name; ENR batches may leave the effective date blank; refused NOCs
 * (C61-C69) have their own addenda 98 layout; ADV batches (service class 280) their own entry,
 * batch control and file control layouts (an ADV entry's `trace` is its ACH operator routing
 * number, Julian day and sequence number; `trace_number` is -1).
 * IAT batches (international ACH transactions; SEC code IAT, or COR with the IAT indicator
 * "IATCOR" for their NOCs) have their own batch header (positions 5-50: IAT indicator, foreign
 * exchange indicators, ISO destination country, originator identification; 64-69: ISO
 * currencies) and entry detail (number of addenda in 13-16, the foreign receiver's account
 * number in 40-74, gateway OFAC screening indicators in 77-78), and each entry is followed by
 * the seven mandatory addenda 10-16 in that order, then up to two addenda 17 and up to five
 * addenda 18, then, for a return or a NOC, its addenda 99 or 98 (an IAT addenda 99 carries the
 * original forward entry's amount in 36-45). Positions 13-16 count every addenda of the entry
 * (moov-io/ach writes 0007 there whatever follows; the Nacha layout says "number of addenda
 * records", so this reader counts them all).
 * Not supported (reported as findings): addenda types other than 02 (MTE, POS and SHR
 * batches), 05, 10-18 (IAT), 98 and 99. Years are two digits in the file and read as 2000–2099.
 *
 * Account numbers (R-SEC-1): findings and every text this module formats show only the last four
 * characters of an account number (ach_nacha_mask_account()); the record views give the caller
 * the raw field, which the caller must mask before printing.
 *
 * Thread safety: a reader is used by one thread at a time; distinct readers are independent.
 */
#ifndef ACH_NACHA_H
#define ACH_NACHA_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/returns.h"

ACH_BEGIN_DECL

/** Characters in a record, line break excluded. */
#define ACH_NACHA_RECORD_SIZE 94
/** Records per block. */
#define ACH_NACHA_BLOCKING_FACTOR 10
/** Size of the expected/found texts of a finding, NUL included. */
#define ACH_NACHA_FINDING_TEXT_SIZE 64
/** Size of a masked account number ("****" and the last 4 characters, NUL included). */
#define ACH_NACHA_MASKED_SIZE 9

/** A view of bytes inside the input: not NUL-terminated, valid while the input is. */
typedef struct ach_nacha_text {
    const char *ptr;
    size_t len;
} ach_nacha_text;

/** What a finding is about. Names (ach_nacha_check_name()) are stable, for scripts. */
typedef enum ach_nacha_check {
    ACH_NACHA_CHECK_RECORD_LENGTH = 1,   /**< "record-length": a record is not 94 characters */
    ACH_NACHA_CHECK_RECORD_TYPE,         /**< "record-type": type code not 1, 5, 6, 7, 8 or 9 */
    ACH_NACHA_CHECK_RECORD_ORDER,        /**< "record-order": record out of order or missing */
    ACH_NACHA_CHECK_NUMERIC,             /**< "numeric": a numeric field has a non-digit */
    ACH_NACHA_CHECK_ALPHANUMERIC,        /**< "alphanumeric": a byte that is not printable ASCII */
    ACH_NACHA_CHECK_REQUIRED,            /**< "required": a mandatory field is blank */
    ACH_NACHA_CHECK_BLANK,               /**< "blank": a reserved field is not blank */
    ACH_NACHA_CHECK_DATE,                /**< "date": not a valid date, time or Julian day */
    ACH_NACHA_CHECK_VALUE,               /**< "value": a field outside its fixed set of values */
    ACH_NACHA_CHECK_CHECK_DIGIT,         /**< "check-digit": routing check digit is wrong */
    ACH_NACHA_CHECK_TRANSACTION_CODE,    /**< "transaction-code": unknown, or wrong for the
                                              batch (service class, return, NOC) */
    ACH_NACHA_CHECK_SERVICE_CLASS,       /**< "service-class": unknown or unsupported */
    ACH_NACHA_CHECK_SEC_CODE,            /**< "sec-code": unknown or unsupported SEC code */
    ACH_NACHA_CHECK_AMOUNT,              /**< "amount": non-zero prenote, zero-dollar or NOC entry */
    ACH_NACHA_CHECK_ADDENDA_INDICATOR,   /**< "addenda-indicator": indicator and addenda disagree */
    ACH_NACHA_CHECK_ADDENDA_TYPE,        /**< "addenda-type": unsupported or wrong for the batch */
    ACH_NACHA_CHECK_ADDENDA_COUNT,       /**< "addenda-count": more addenda than the SEC code allows */
    ACH_NACHA_CHECK_ADDENDA_SEQUENCE,    /**< "addenda-sequence": addenda sequence number not 1, 2, … */
    ACH_NACHA_CHECK_TRACE_NUMBER,        /**< "trace-number": not prefixed by the ODFI, or not
                                              repeated in the addenda */
    ACH_NACHA_CHECK_TRACE_ORDER,         /**< "trace-order": not ascending within the batch */
    ACH_NACHA_CHECK_RETURN_CODE,         /**< "return-code": unknown return reason code */
    ACH_NACHA_CHECK_CHANGE_CODE,         /**< "change-code": unknown change code */
    ACH_NACHA_CHECK_BATCH_NUMBER,        /**< "batch-number": batch numbers not ascending */
    ACH_NACHA_CHECK_CONTROL_MISMATCH,    /**< "control-mismatch": a batch control field differs
                                              from its batch header */
    ACH_NACHA_CHECK_ENTRY_COUNT,         /**< "entry-count": entry/addenda count is wrong */
    ACH_NACHA_CHECK_ENTRY_HASH,          /**< "entry-hash": entry hash is wrong */
    ACH_NACHA_CHECK_TOTAL_DEBIT,         /**< "total-debit": total debit amount is wrong */
    ACH_NACHA_CHECK_TOTAL_CREDIT,        /**< "total-credit": total credit amount is wrong */
    ACH_NACHA_CHECK_BATCH_COUNT,         /**< "batch-count": file control batch count is wrong */
    ACH_NACHA_CHECK_BLOCK_COUNT,         /**< "block-count": file control block count is wrong */
    ACH_NACHA_CHECK_PADDING              /**< "padding": the last block is not filled with all-9
                                              records to a multiple of 10 (a record after the
                                              padding is a record-order finding) */
} ach_nacha_check;

/** A check's stable name, such as "entry-hash" (static; "unknown" for other values). */
ACH_EXTERN const char *ach_nacha_check_name(ach_nacha_check check) ACH_CONST;

/** One finding. Passed to the callback by pointer; copy it to keep it. */
typedef struct ach_nacha_finding {
    ach_nacha_check check;
    uint64_t record;   /**< 1-based record number (past the last record for "missing at end") */
    uint32_t column;   /**< 1-based column in the record: the offending character for a format
                            finding, the field's first column otherwise; 0 for the whole file */
    uint64_t offset;   /**< byte offset of the record in the input */
    const char *field; /**< the field's name, e.g. "entry hash" (static storage) */
    char expected[ACH_NACHA_FINDING_TEXT_SIZE]; /**< what the rules require */
    char found[ACH_NACHA_FINDING_TEXT_SIZE];    /**< what the file holds (non-printable bytes as
                                                     \\xHH; account numbers masked) */
    bool warning;      /**< a deviation the lenient profile reads as the record it means
                            (ACH_NACHA_LENIENT): reported, but the file is still valid */
} ach_nacha_finding;

/**
 * Formats a finding as one line: "RECORD:COLUMN: CHECK: FIELD: expected EXPECTED, found FOUND"
 * ("RECORD:COLUMN: warning: CHECK: ..." for a warning)
 * into `buf` of `cap` bytes (always NUL-terminated when cap > 0).
 * @return the length the full line needs, excluding the NUL (as snprintf).
 */
ACH_EXTERN size_t ach_nacha_finding_format(char *buf, size_t cap, const ach_nacha_finding *f);

/** Receives each finding as it is found, in file order. */
typedef void (*ach_nacha_finding_fn)(const ach_nacha_finding *finding, void *ctx);

/**
 * How strictly a file is read (issue 19).
 *
 * Strict, the default, reports every deviation from the record layouts as a finding. Lenient
 * reads what bank files in the wild look like as the records they mean, and reports each of
 * these deviations as a warning (ach_nacha_finding.warning; counted in ach_nacha_summary.warnings,
 * not in findings): a record shorter than 94 characters (trailing blanks trimmed: read padded
 * with blanks); a record longer than 94 characters whose extra characters are blanks; empty
 * lines (or a stray CR) after the file control; a last block not padded with all-9 records to a
 * multiple of 10; and a batch control whose company identification differs from its header's
 * only by blank padding ("  1234567" and "1234567  "). Everything else is as strict in both.
 */
typedef enum ach_nacha_profile {
    ACH_NACHA_STRICT = 0,
    ACH_NACHA_LENIENT = 1
} ach_nacha_profile;

/** Reader options. Initialise with ACH_NACHA_OPTIONS_INIT. */
typedef struct ach_nacha_options {
    unsigned int version;           /**< ACH_NACHA_OPTIONS_VERSION (1, without `profile`, is
                                         still accepted) */
    ach_nacha_finding_fn on_finding; /**< may be NULL: findings are then only counted */
    void *ctx;                      /**< passed to on_finding */
    ach_nacha_profile profile;      /**< version 2: ACH_NACHA_STRICT (default) or LENIENT */
} ach_nacha_options;

#define ACH_NACHA_OPTIONS_VERSION 2
#define ACH_NACHA_OPTIONS_INIT {ACH_NACHA_OPTIONS_VERSION, NULL, NULL, ACH_NACHA_STRICT}

/** Kinds of record handed back by ach_nacha_next(). */
typedef enum ach_nacha_record_type {
    ACH_NACHA_END = 0,            /**< no more records */
    ACH_NACHA_FILE_HEADER = 1,
    ACH_NACHA_BATCH_HEADER = 5,
    ACH_NACHA_ENTRY = 6,
    ACH_NACHA_ADDENDA = 7,
    ACH_NACHA_BATCH_CONTROL = 8,
    ACH_NACHA_FILE_CONTROL = 9,
    ACH_NACHA_PADDING = 10,       /**< an all-9 record filling the last block */
    ACH_NACHA_UNKNOWN = 11        /**< a record with an unknown type code (reported) */
} ach_nacha_record_type;

/* In the parsed records below, a numeric field that is not valid reads -1, a date that is not
 * valid or blank reads ACH_DATE_NONE, and text views have their trailing blanks removed (their
 * `len` may be 0). */

/** File header record (type 1). */
typedef struct ach_nacha_file_header {
    ach_nacha_text immediate_destination; /**< columns 4-13, blanks removed: a routing number */
    ach_nacha_text immediate_origin;      /**< columns 14-23, blanks removed */
    ach_date creation_date;
    int32_t creation_time;                /**< HHMM as a number (e.g. 1530); -1 when blank */
    char file_id_modifier;
    ach_nacha_text destination_name;
    ach_nacha_text origin_name;
    ach_nacha_text reference_code;
} ach_nacha_file_header;

/** Batch header record (type 5). */
typedef struct ach_nacha_batch_header {
    int32_t service_class;            /**< 200 mixed, 220 credits, 225 debits, 280 ADV */
    ach_nacha_text company_name;
    ach_nacha_text discretionary_data;
    ach_nacha_text company_id;
    char sec[ACH_CODE_SIZE];          /**< standard entry class code, e.g. "PPD" (NUL-terminated) */
    ach_nacha_text entry_description;
    ach_nacha_text descriptive_date;
    ach_date effective_date;
    ach_date settlement_date;         /**< the Julian day (columns 76-78) placed in the year that
                                           brings it nearest the effective date; ACH_DATE_NONE
                                           when blank (files not yet settled) */
    char originator_status;
    int64_t odfi;                     /**< originating DFI identification (8 digits) */
    int64_t batch_number;
    /* IAT batches (issue 19): `company_name` and `discretionary_data` are empty, `company_id`
     * is the originator identification (columns 41-50). */
    bool iat;                         /**< an IAT batch (SEC IAT, or COR with "IATCOR") */
    ach_nacha_text iat_indicator;     /**< columns 5-20: blank, or "IATCOR" for NOCs */
    char foreign_exchange[3];         /**< "FV", "VF" or "FF" (NUL-terminated) */
    char foreign_exchange_reference_indicator; /**< '1' rate, '2' reference number, '3' blank */
    ach_nacha_text foreign_exchange_reference; /**< columns 24-38 */
    char destination_country[3];      /**< ISO 3166 code, e.g. "CA" */
    char originating_currency[4];     /**< ISO 4217 code, e.g. "USD" */
    char destination_currency[4];     /**< ISO 4217 code */
} ach_nacha_batch_header;

/** Entry detail record (type 6). */
typedef struct ach_nacha_entry {
    int32_t transaction_code;
    ach_nacha_text rdfi_routing;    /**< columns 4-12: RDFI identification and check digit */
    int64_t rdfi;                   /**< the 8-digit RDFI identification */
    ach_nacha_text account;         /**< DFI account number: never print it, mask it (R-SEC-1) */
    int64_t amount;                 /**< cents */
    ach_nacha_text individual_id;   /**< identification number */
    ach_nacha_text individual_name; /**< individual name / receiving company name */
    ach_nacha_text discretionary_data;
    bool has_addenda;               /**< addenda record indicator is 1 */
    bool debit;                     /**< transaction code ends in 5-9 */
    int64_t trace_number;
    ach_nacha_text trace;           /**< the 15 digits */
    /* IAT entries (issue 19): `account` is the foreign receiver's account number (columns
     * 40-74); the receiver's name and identification number come from the addenda 10 and 15
     * that follow (in `individual_name` and `individual_id` of the record's `entry` once
     * read; empty on the entry record itself). */
    int32_t addenda_count;          /**< IAT: number of addenda records (13-16); -1 otherwise
                                         or when not numeric */
    char ofac_indicator;            /**< IAT: gateway operator OFAC screening indicator
                                         (' ', '0' or '1'); ' ' otherwise */
    char secondary_ofac_indicator;  /**< IAT: secondary OFAC screening indicator */
} ach_nacha_entry;

/** Addenda record (type 7): 02 terminal location, 05 payment information, 10-18 IAT, 98 NOC,
 * 99 return. */
typedef struct ach_nacha_addenda {
    int32_t type;                   /**< 2, 5, 10-18, 98 or 99 (-1 when not numeric) */
    /* 05 and 17 (IAT remittance) */
    ach_nacha_text payment_info;
    int64_t sequence;               /**< addenda sequence number (05, 17, 18) */
    int64_t entry_sequence;         /**< entry detail sequence number (05, 10-18) */
    /* 98 and 99 */
    char code[ACH_CODE_SIZE];       /**< change code (98) or return reason code (99) */
    ach_nacha_text original_trace;
    ach_nacha_text original_rdfi;   /**< 8 digits */
    ach_date date_of_death;         /**< 99 only */
    ach_nacha_text corrected_data;  /**< 98 only; may hold an account number: mask it */
    ach_nacha_text addenda_info;    /**< 99 only */
    ach_nacha_text trace;           /**< 02, 98 and 99: the trace number of the entry */
    /* 02 (terminal location, MTE, POS and SHR entries) */
    ach_nacha_text reference_info;  /**< reference information 1 (columns 4-10) */
    ach_nacha_text terminal_id;     /**< terminal identification code */
    ach_nacha_text serial_number;   /**< transaction serial number */
    ach_nacha_text transaction_date; /**< MMDD */
    ach_nacha_text terminal_location;
    ach_nacha_text terminal_city;
    ach_nacha_text terminal_state;
    /* IAT addenda 10-18 (issue 19) */
    ach_nacha_text name;            /**< 10 receiver, 11 originator, 13 originating DFI, 14
                                         receiving DFI, 18 foreign correspondent bank */
    ach_nacha_text street;          /**< 11 originator's, 15 receiver's street address */
    ach_nacha_text city_state;      /**< 12 originator's, 16 receiver's "City*State\" */
    ach_nacha_text country_postal;  /**< 12, 16: "Country*Postal code\" */
    ach_nacha_text transaction_type; /**< 10: ANN, BUS, DEP, LOA, MIS, MOR, PEN, RLS, REM, SAL,
                                          TAX, TEL, WEB, ARC, BOC, POP or RCK */
    int64_t foreign_amount;         /**< 10: foreign payment amount, cents; -1 when blank */
    ach_nacha_text foreign_trace;   /**< 10: foreign trace number */
    ach_nacha_text id_qualifier;    /**< 13, 14, 18: "01" national clearing system, "02" BIC,
                                         "03" IBAN */
    ach_nacha_text bank_id;         /**< 13, 14, 18: the bank's identification; an IBAN
                                         (qualifier 03) holds an account number: mask it */
    ach_nacha_text branch_country;  /**< 13, 14, 18: ISO country code of the branch */
    ach_nacha_text receiver_id;     /**< 15: receiver identification number */
    int64_t original_amount;        /**< 99 of an IAT return: the original forward entry's
                                         amount (columns 36-45), cents; -1 otherwise */
} ach_nacha_addenda;

/** Batch control record (type 8). */
typedef struct ach_nacha_batch_control {
    int32_t service_class;
    int64_t entry_addenda_count;
    int64_t entry_hash;
    int64_t total_debit;  /**< cents */
    int64_t total_credit; /**< cents */
    ach_nacha_text company_id;
    ach_nacha_text message_authentication_code;
    int64_t odfi;
    int64_t batch_number;
} ach_nacha_batch_control;

/** File control record (type 9). */
typedef struct ach_nacha_file_control {
    int64_t batch_count;
    int64_t block_count;
    int64_t entry_addenda_count;
    int64_t entry_hash;
    int64_t total_debit;  /**< cents */
    int64_t total_credit; /**< cents */
} ach_nacha_file_control;

/** One record, as handed back by ach_nacha_next(). The views point into the input (for a record
 * shorter than 94 characters, reported, into a blank-padded copy in the reader, valid until the
 * next call); `batch` and `entry` point into the reader and stay valid until the next call on
 * it. Only the union member of `type` is set; ACH_NACHA_PADDING, ACH_NACHA_UNKNOWN and
 * ACH_NACHA_END records have none. */
typedef struct ach_nacha_record {
    ach_nacha_record_type type;
    uint64_t number;        /**< 1-based record number */
    uint64_t offset;        /**< byte offset of the record in the input */
    ach_nacha_text raw;     /**< the record's characters, line break excluded */
    const ach_nacha_batch_header *batch; /**< the batch an entry, addenda or batch control
                                              belongs to; NULL outside a batch */
    const ach_nacha_entry *entry;        /**< the entry an addenda belongs to; else NULL */
    union {
        ach_nacha_file_header file_header;   /**< type ACH_NACHA_FILE_HEADER */
        ach_nacha_batch_header batch_header; /**< type ACH_NACHA_BATCH_HEADER */
        ach_nacha_entry entry_detail;        /**< type ACH_NACHA_ENTRY */
        ach_nacha_addenda addenda;           /**< type ACH_NACHA_ADDENDA */
        ach_nacha_batch_control batch_control; /**< type ACH_NACHA_BATCH_CONTROL */
        ach_nacha_file_control file_control; /**< type ACH_NACHA_FILE_CONTROL */
    };
} ach_nacha_record;

/** How the records are separated. */
typedef enum ach_nacha_layout {
    ACH_NACHA_LINES = 0,   /**< one record a line (`\n` or `\r\n`) */
    ACH_NACHA_UNBROKEN = 1 /**< records back to back, no line breaks */
} ach_nacha_layout;

/** Counts over what has been read so far (the whole file once ach_nacha_next() gave END). */
typedef struct ach_nacha_summary {
    uint64_t bytes;        /**< input size */
    uint64_t records;      /**< records read, padding included */
    uint64_t batches;      /**< batch headers */
    uint64_t entries;      /**< entry details */
    uint64_t addenda;      /**< addenda records */
    uint64_t returns;      /**< addenda 99 */
    uint64_t nocs;         /**< addenda 98 */
    int64_t total_debit;   /**< sum of valid debit amounts, cents */
    int64_t total_credit;  /**< sum of valid credit amounts, cents */
    uint64_t findings;     /**< findings reported (warnings excluded) */
    ach_nacha_layout layout;
    uint64_t warnings;     /**< warnings reported (lenient profile) */
} ach_nacha_summary;

/** A streaming reader. Opaque; owns only its state (and the copy of a file it opened). */
typedef struct ach_nacha_reader ach_nacha_reader;

/**
 * Creates a reader over `len` bytes of `data`, which is not copied and must stay unchanged and
 * alive until the reader is freed.
 * @param[out] out  the new reader (free with ach_nacha_reader_free()); untouched on failure.
 * @param name      a name for messages (a file name), may be NULL.
 * @param opts      options (callback, profile), or NULL for none.
 * @return ACH_OK; ACH_EINVAL (NULL out, data NULL with len > 0, wrong options version or
 *         profile);
 *         ACH_ENOMEM.
 */
ACH_EXTERN ach_status ach_nacha_reader_new(ach_nacha_reader **out, const char *data, size_t len,
                                           const char *name, const ach_nacha_options *opts,
                                           ach_error *err) ACH_WARN_UNUSED;

/**
 * Creates a reader over a file, read whole into memory with read() when opened (the reader owns
 * the copy). The file is not mapped: a mapped file that another process truncates would kill
 * the process (SIGBUS) when read; a copy cannot change under the reader, so what is read is the
 * file as it was when opened.
 * @return as ach_nacha_reader_new(), plus ACH_EIO (err->source is the path, the message gives
 *         the reason) when the file cannot be opened, is not a regular file, cannot be read or
 *         held in memory, or changed while it was read (fewer or more bytes than its size when
 *         opened: "changed while it was read").
 */
ACH_EXTERN ach_status ach_nacha_reader_open(ach_nacha_reader **out, const char *path,
                                            const ach_nacha_options *opts,
                                            ach_error *err) ACH_WARN_UNUSED;

/** Releases a reader (and the copy of the file it read). Accepts NULL. */
ACH_EXTERN void ach_nacha_reader_free(ach_nacha_reader *reader);

/**
 * Reads, validates and hands back the next record. Findings on this record (and, at the end,
 * on the file as a whole: missing controls, padding) go to the callback before it returns.
 * After the last record, *out has type ACH_NACHA_END, and so on every later call.
 * @param[out] out the record; its views stay valid while the input does, its `batch` and
 *                 `entry` pointers until the next call.
 * @return ACH_OK, or ACH_EINVAL for NULL arguments. Problems in the data are findings, never
 *         errors.
 */
ACH_EXTERN ach_status ach_nacha_next(ach_nacha_record *out, ach_nacha_reader *reader,
                                     ach_error *err) ACH_WARN_UNUSED;

/** The counts so far. */
ACH_EXTERN void ach_nacha_reader_summary(ach_nacha_summary *out, const ach_nacha_reader *reader);

/**
 * Validates a whole buffer: reads every record, reporting findings to `opts->on_finding`.
 * @param[out] out the counts (out->findings == 0 means the file is valid); may be NULL.
 * @return as ach_nacha_reader_new().
 */
ACH_EXTERN ach_status ach_nacha_validate(ach_nacha_summary *out, const char *data, size_t len,
                                         const char *name, const ach_nacha_options *opts,
                                         ach_error *err) ACH_WARN_UNUSED;

/** Validates a whole file (read as by ach_nacha_reader_open()). @return as ach_nacha_reader_open(). */
ACH_EXTERN ach_status ach_nacha_validate_file(ach_nacha_summary *out, const char *path,
                                              const ach_nacha_options *opts,
                                              ach_error *err) ACH_WARN_UNUSED;

/**
 * Writes "****" and the last four characters of an account number (trailing blanks ignored)
 * into `out`; an account of four characters or fewer gives "****" alone (R-SEC-1).
 * @return `out`.
 */
ACH_EXTERN char *ach_nacha_mask_account(char out[ACH_NACHA_MASKED_SIZE], const char *account,
                                        size_t len);

/** @name Returns and notifications of change as values */
/** @{ */

/** What a return and a NOC share: the entry detail that carries the addenda, and its batch. */
typedef struct ach_nacha_entry_info {
    uint64_t record;                /**< record number of the addenda (98 or 99) */
    char code[ACH_CODE_SIZE];       /**< the return reason code ("R01") or change code ("C01") */
    char trace[16];                 /**< trace number of the return or NOC entry */
    char original_trace[16];        /**< trace number of the original entry: the match key */
    char original_rdfi[9];          /**< original receiving DFI identification (8 digits) */
    int64_t amount;                 /**< cents (0 for a NOC); -1 when not readable */
    int32_t transaction_code;
    char account_last4[5];          /**< last 4 characters of the account number (R-SEC-1) */
    char individual_id[16];         /**< IAT: the addenda 15's receiver identification */
    char individual_name[23];       /**< IAT: the addenda 10's name, cut to 22 characters */
    char company_id[11];
    char company_name[17];
    char sec[ACH_CODE_SIZE];        /**< SEC code of the batch ("PPD", "COR") */
    ach_date effective_date;        /**< of the batch */
    ach_date settlement_date;       /**< of the batch (its Julian day); ACH_DATE_NONE when the
                                         file has not been settled */
} ach_nacha_entry_info;

/** A return entry: an entry detail with an addenda 99. Plain value; copy freely. */
typedef struct ach_nacha_return {
    ach_nacha_entry_info info;
    const ach_return_code *reason;  /**< the code's table entry (meaning, category, time
                                         frame); NULL for an unknown code */
    ach_date date_of_death;         /**< ACH_DATE_NONE when blank */
    char addenda_info[45];
    int64_t original_amount;        /**< IAT returns: the original forward entry's amount,
                                         cents; -1 for other returns */
} ach_nacha_return;

/** A notification of change: an entry detail with an addenda 98. Plain value. */
typedef struct ach_nacha_noc {
    ach_nacha_entry_info info;
    const ach_noc_code *change;     /**< the code's table entry (a refused-NOC code C61-C69
                                         corrects nothing); NULL for an unknown code */
    char corrected_data[30];        /**< as sent: may hold a full account number, never print
                                         it as is (use ach_nacha_noc_describe()) */
} ach_nacha_noc;

/**
 * Builds the return value of an addenda 99 record handed back by ach_nacha_next() (it uses the
 * record's `entry` and `batch`).
 * @return ACH_OK; ACH_EINVAL when `rec` is not an addenda 99 with its entry.
 */
ACH_EXTERN ach_status ach_nacha_return_from_record(ach_nacha_return *out,
                                                   const ach_nacha_record *rec,
                                                   ach_error *err) ACH_WARN_UNUSED;

/** Builds the NOC value of an addenda 98 record. @return ACH_OK or ACH_EINVAL (as above). */
ACH_EXTERN ach_status ach_nacha_noc_from_record(ach_nacha_noc *out, const ach_nacha_record *rec,
                                                ach_error *err) ACH_WARN_UNUSED;

/**
 * The date a return or NOC entry was received: its batch's settlement date, or its effective
 * date when the file has not been settled; ACH_DATE_NONE when neither could be read. Return
 * windows (R-RET-1) and NOC deadlines (R-RET-4) count from it.
 */
ACH_EXTERN ach_date ach_nacha_received_date(const ach_nacha_entry_info *info) ACH_PURE;

/**
 * The date by which the originator must apply a NOC (R-RET-4): ach_noc_deadline() of its
 * received date (ach_nacha_received_date()).
 * @param[out] out  the date; ACH_DATE_NONE on failure (so a listing may ignore the status).
 * @return ACH_OK; ACH_ENOTFOUND when the NOC's batch has no readable date; ACH_ERANGE when the
 *         date lies outside the calendar; ACH_EINVAL for a NULL argument.
 */
ACH_EXTERN ach_status ach_nacha_noc_apply_by(ach_date *out, const ach_nacha_noc *noc,
                                             const ach_calendar *cal, ach_error *err);

/** Size that ach_nacha_noc_describe() never exceeds, NUL included. */
#define ACH_NACHA_NOC_DESCRIBE_SIZE 96

/**
 * Describes what a NOC corrects, with account numbers masked, e.g.
 * "routing 021000021, account ****6789, transaction code 32". Corrected data that cannot be
 * split by its code is shown masked like an account number.
 * @return `out`.
 */
ACH_EXTERN char *ach_nacha_noc_describe(char out[ACH_NACHA_NOC_DESCRIBE_SIZE],
                                        const ach_nacha_noc *noc);
/** @} */

ACH_END_DECL

#endif /* ACH_NACHA_H */
