/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: the NACHA reader and validator (issue 7). Any input, read as \n lines,
 * \r\n lines or unbroken records: no crash, no leak, no read outside the input; every record
 * number is one more than the last (in the strict and the lenient profile); each finding has a known check, a field name, and texts
 * that fit; returns and NOCs build as values and describe themselves; the summary adds up.
 * The seeds include IAT files (issue 19) and tests/fuzz/nacha.dict their tokens, so that the
 * IAT batch, entry and addenda 10-18 layouts are reached. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    uint64_t n;
    bool lenient;
} seen;

static void on_finding(const ach_nacha_finding *f, void *ctx)
{
    seen *s = ctx;
    s->n++;
    if (f->check < ACH_NACHA_CHECK_RECORD_LENGTH || f->check > ACH_NACHA_CHECK_PADDING) abort();
    if (!f->field || !f->field[0]) abort();
    if (!memchr(f->expected, '\0', sizeof f->expected) || !memchr(f->found, '\0', sizeof f->found))
        abort();
    if (f->column > ACH_NACHA_RECORD_SIZE + 1) abort();
    if (f->warning && !s->lenient) abort(); /* warnings are the lenient profile's only */
    char line[512];
    size_t n = ach_nacha_finding_format(line, sizeof line, f);
    if (n == 0 || strlen(line) != (n < sizeof line ? n : sizeof line - 1)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy, so that a read past the end of the input is caught by ASan. */
    char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);

    /* Both reading profiles (issue 19): lenient for inputs of odd size. */
    seen s = {0, (size & 1) != 0};
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.on_finding = on_finding;
    opts.ctx = &s;
    opts.profile = s.lenient ? ACH_NACHA_LENIENT : ACH_NACHA_STRICT;
    ach_nacha_reader *r = NULL;
    if (ach_nacha_reader_new(&r, copy, size, "fuzz", &opts, NULL) != ACH_OK) abort();
    ach_nacha_record rec;
    uint64_t records = 0, entries = 0, addenda = 0;
    uint64_t last = 0;
    for (;;) {
        if (ach_nacha_next(&rec, r, NULL) != ACH_OK) abort();
        if (rec.type == ACH_NACHA_END) break;
        if (rec.number <= last) abort();
        last = rec.number;
        records++;
        if (rec.raw.len < ACH_NACHA_RECORD_SIZE) abort();
        if (rec.type == ACH_NACHA_ENTRY) entries++;
        if (rec.type == ACH_NACHA_ENTRY && rec.entry_detail.addenda_count < -1) abort();
        if (rec.type == ACH_NACHA_ADDENDA) {
            addenda++;
            /* IAT (issue 19): the receiver's name and id the entry takes from its addenda 10 and
             * 15 are the reader's copies: read every byte (ASan checks they are still alive) */
            if (rec.entry) {
                unsigned sum = 0;
                for (size_t i = 0; i < rec.entry->individual_name.len; i++)
                    sum += (unsigned char)rec.entry->individual_name.ptr[i];
                for (size_t i = 0; i < rec.entry->individual_id.len; i++)
                    sum += (unsigned char)rec.entry->individual_id.ptr[i];
                for (size_t i = 0; i < rec.entry->account.len; i++)
                    sum += (unsigned char)rec.entry->account.ptr[i];
                if (rec.entry->individual_name.len > 35 || rec.entry->individual_id.len > 15 ||
                    sum == UINT32_MAX)
                    abort();
            }
            const ach_nacha_addenda *a = &rec.addenda;
            if (a->name.len > 35 || a->bank_id.len > 34 || a->foreign_amount < -1 ||
                a->original_amount < -1)
                abort();
            ach_nacha_return ret;
            ach_nacha_noc noc;
            if (ach_nacha_return_from_record(&ret, &rec, NULL) == ACH_OK) {
                if (strlen(ret.info.account_last4) > 4 || strlen(ret.info.original_trace) > 15 ||
                    ret.original_amount < -1)
                    abort();
            } else if (ach_nacha_noc_from_record(&noc, &rec, NULL) == ACH_OK) {
                char d[ACH_NACHA_NOC_DESCRIBE_SIZE];
                if (strlen(ach_nacha_noc_describe(d, &noc)) >= sizeof d) abort();
            }
        }
    }
    ach_nacha_summary sum;
    ach_nacha_reader_summary(&sum, r);
    if (sum.findings + sum.warnings != s.n || (!s.lenient && sum.warnings) || sum.entries != entries || sum.addenda != addenda ||
        sum.records != records || sum.bytes != size)
        abort();
    ach_nacha_reader_free(r);
    free(copy);
    return 0;
}
