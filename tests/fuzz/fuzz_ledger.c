/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness for the ledger reader (issue 6): any bytes, read from a buffer, must never
 * crash, hang or leak, and must keep the reader's promises:
 * - every record is returned once: OK + malformed = stats.records, and the reader reaches
 *   ACH_LEDGER_END (never a fatal status on a buffer);
 * - records come in order: index 1, 2, ...; lines never go back; an error's line lies within its
 *   record; a field's view lies inside the input (or the scratch buffer when ESCAPED);
 * - the whole input is consumed: stats.bytes equals its size.
 * Build: clang -fsanitize=fuzzer,address,undefined -Iinclude -Ibuild/include with the lib/ sources
 * (the lead's `make fuzz`). With -DACH_FUZZ_STANDALONE it gets a main() that runs the files
 * named on the command line, for reproducing a crash without libFuzzer. */
#include <string.h>
#include "ach.h"
#define FUZZ_NAME "fuzz_ledger"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    const char *text = (const char *)data;
    ach_status s = ach_ledger_reader_open_buffer(&r, text, size, "fuzz", &err);
    if (s) {
        check(s == ACH_ELEDGER_HEADER, "open fails only on the header");
        check(r == NULL, "output untouched on failure");
        return 0;
    }
    ach_ledger_record rec;
    uint64_t ok = 0, bad = 0;
    uint64_t last_line = 1;
    for (;;) {
        s = ach_ledger_next(&rec, r, &err);
        if (s == ACH_LEDGER_END) break;
        check(s == ACH_OK || s == ACH_ELEDGER_RECORD, "only OK, RECORD or END from a buffer");
        check(rec.index == ok + bad + 1, "records are numbered 1, 2, ...");
        check(rec.line > last_line, "a record starts after the previous one");
        check(rec.end_line >= rec.line, "a record ends on or after its first line");
        last_line = rec.end_line;
        if (s == ACH_OK) {
            ok++;
            check(rec.fault == ACH_LEDGER_FAULT_NONE, "no fault on OK");
            check(rec.type > ACH_LEDGER_TYPE_NONE && rec.type < ACH_LEDGER_TYPE_COUNT,
                  "a known type");
        } else {
            bad++;
            check(rec.fault > ACH_LEDGER_FAULT_NONE && rec.fault < ACH_LEDGER_FAULT_COUNT,
                  "a fault kind");
            check(err.code == ACH_ELEDGER_RECORD, "err carries the status");
            check(err.line >= rec.line, "the error lies within its record");
        }
        for (int c = 0; c < ACH_LEDGER_COLUMN_COUNT; c++) {
            const ach_ledger_field *f = &rec.field[c];
            check(f->ptr != NULL, "a field pointer is never NULL");
            if (f->len && !(f->flags & ACH_LEDGER_FIELD_ESCAPED))
                check(f->ptr >= text && f->ptr + f->len <= text + size, "a view lies in the input");
            volatile char sink = f->len ? f->ptr[f->len - 1] : 0; /* readable (ASan) */
            (void)sink;
        }
    }
    check(ach_ledger_next(&rec, r, &err) == ACH_LEDGER_END, "END is sticky");
    ach_ledger_stats st;
    ach_ledger_reader_stats(&st, r);
    check(st.records == ok + bad, "applied + rejected = records");
    check(st.rejected == bad, "rejected counted");
    check(st.bytes == size, "the whole input is consumed");
    ach_ledger_reader_free(r);
    return 0;
}
