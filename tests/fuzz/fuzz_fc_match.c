/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: the ownership matcher (R-FC-5). The input is split at '\n' into up to four
 * fields: customer name, owner name, customer address, owner address (a missing field is empty;
 * without a third field no customer address is compared). For any input: no crash, no leak
 * (nothing is allocated); on success the score is 0..100 and the verdict follows the documented
 * thresholds, the score is symmetric, a name matched with itself scores 100 (exact), an
 * address never raises a verdict, and ach_fc_match_explain() stays in its buffer; on failure the
 * result is untouched and the status is one of those documented. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct field {
    const char *p;
    size_t n;
    bool present;
} field;

static ach_fc_match_verdict verdict_of(int score)
{
    return score >= ACH_FC_MATCH_THRESHOLD     ? ACH_FC_MATCH_FULL
           : score >= ACH_FC_PARTIAL_THRESHOLD ? ACH_FC_MATCH_PARTIAL
                                               : ACH_FC_MATCH_NONE;
}

static bool documented_name_error(ach_status st)
{
    return st == ACH_ENAME_UTF8 || st == ACH_ENAME_CONTROL || st == ACH_ENAME_SCRIPT ||
           st == ACH_ENAME_EMPTY || st == ACH_ENAME_TOOLONG || st == ACH_ETOOLONG;
}

static void check_result(const ach_fc_match *m)
{
    if (m->score < 0 || m->score > 100) abort();
    if ((unsigned)m->verdict > ACH_FC_MATCH_FULL) abort();
    if ((unsigned)m->reason > ACH_FC_REASON_ADDRESS_MISMATCH) abort();
    if (m->address_checked && (m->address_score < 0 || m->address_score > 100)) abort();
    char small[7], big[256];
    memset(small, 0x5A, sizeof small);
    size_t need = ach_fc_match_explain(small, sizeof small, m);
    if (memchr(small, '\0', sizeof small) == NULL) abort();
    size_t got = ach_fc_match_explain(big, sizeof big, m);
    if (got != need || (got < sizeof big && strlen(big) != got)) abort();
}

/* Copies a field into a fixed NUL-terminated array, cut to fit (the cut may split a UTF-8
 * character: the owner is then skipped or compared by name only, as documented). */
static void put(char *dst, size_t cap, field f)
{
    size_t n = f.n < cap - 1 ? f.n : cap - 1;
    memcpy(dst, f.p, n);
    dst[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    field f[4] = {{"", 0, false}, {"", 0, false}, {"", 0, false}, {"", 0, false}};
    const char *p = (const char *)data, *end = p + size;
    for (int k = 0; k < 4; k++) {
        const char *nl = k < 3 ? memchr(p, '\n', (size_t)(end - p)) : NULL;
        f[k].p = p;
        f[k].n = (size_t)((nl ? nl : end) - p);
        f[k].present = true;
        if (!nl) break;
        p = nl + 1;
    }

    /* name against name */
    ach_fc_match m, r;
    memset(&m, 0x5A, sizeof m);
    const ach_fc_match poisoned = m;
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_fc_name_match(&m, f[0].p, f[0].n, f[1].p, f[1].n, &err);
    if (st == ACH_OK) {
        check_result(&m);
        if (m.verdict != verdict_of(m.score) || m.address_checked || m.owner != 0) abort();
        if (ach_fc_name_match(&r, f[1].p, f[1].n, f[0].p, f[0].n, NULL) != ACH_OK) abort();
        if (r.score != m.score || r.verdict != m.verdict) abort(); /* symmetric (step 5) */
        if (ach_fc_name_match(&r, f[0].p, f[0].n, f[0].p, f[0].n, NULL) != ACH_OK) abort();
        if (r.score != 100 || r.verdict != ACH_FC_MATCH_FULL || r.reason != ACH_FC_REASON_EXACT)
            abort();
    } else {
        if (memcmp(&m, &poisoned, sizeof m) != 0 || err.code != st) abort();
        if (!documented_name_error(st)) abort();
    }

    /* the customer against the owners of an account: the fuzzed owner, and (for odd sizes) a
     * second, well-formed one */
    static ach_fc_owner owners[2];
    memset(owners, 0, sizeof owners);
    put(owners[0].name, sizeof owners[0].name, f[1]);
    put(owners[0].raw_address, sizeof owners[0].raw_address, f[3]);
    strcpy(owners[1].name, "Jenny Rosen");
    strcpy(owners[1].raw_address, "354 Oyster Point Blvd, South San Francisco, CA 94080");
    ach_fc_account a;
    memset(&a, 0, sizeof a);
    strcpy(a.id, "fca_fuzz");
    a.permissions = ACH_FC_OWNERSHIP;
    a.owners = owners;
    a.owner_count = 1 + (size & 1);
    const char *addr = f[2].present ? f[2].p : NULL;
    memset(&m, 0x5A, sizeof m);
    st = ach_fc_ownership_match(&m, &a, f[0].p, f[0].n, addr, f[2].n, &err);
    if (st == ACH_OK) {
        check_result(&m);
        if (m.owner >= a.owner_count) abort();
        if (m.address_checked && !addr) abort();
        /* an address only ever lowers a name match to partial (step 7) */
        if (m.verdict > verdict_of(m.score)) abort();
        if (m.verdict != verdict_of(m.score) &&
            !(m.verdict == ACH_FC_MATCH_PARTIAL && m.reason == ACH_FC_REASON_ADDRESS_MISMATCH))
            abort();
    } else {
        if (memcmp(&m, &poisoned, sizeof m) != 0 || err.code != st) abort();
        if (!documented_name_error(st)) abort();
    }
    a.permissions = ACH_FC_BALANCES | ACH_FC_PAYMENT_METHOD; /* R-FC-6 */
    if (ach_fc_ownership_match(&m, &a, f[0].p, f[0].n, addr, f[2].n, NULL) != ACH_EPERMISSION)
        abort();
    return 0;
}
