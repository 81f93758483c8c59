/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: the name normaliser (R-ACC-3). Any input: no crash, no leak (nothing is
 * allocated), and on success the output is inside the Nacha-safe set, has no leading,
 * trailing or double space, fits ACH_NAME_NORMALIZED_MAX, and the fitted form is a prefix of
 * it no wider than the field. On failure the outputs are untouched. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_safe(const char *s, size_t n, bool need_alnum)
{
    bool alnum = false;
    if (n && (s[0] == ' ' || s[n - 1] == ' ')) abort();
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) alnum = true;
        else if (c == ' ') { if (s[i - 1] == ' ') abort(); }
        else if (c == '\0' || !strchr("&-.,'/", c)) abort();
    }
    if ((need_alnum && !alnum) || s[n] != '\0') abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *name = (const char *)data;
    static char full[ACH_NAME_NORMALIZED_MAX];
    memset(full, 0x5A, sizeof full);
    size_t n = 12345;
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_name_normalize(full, sizeof full, &n, name, size, &err);
    if (st == ACH_OK) {
        if (n >= sizeof full || n > 2 * size) abort();
        check_safe(full, n, true);
    } else {
        if (n != 12345 || full[0] != 0x5A || err.code != st) abort();
        if (st != ACH_ENAME_UTF8 && st != ACH_ENAME_CONTROL && st != ACH_ENAME_SCRIPT &&
            st != ACH_ENAME_EMPTY && st != ACH_ENAME_TOOLONG)
            abort();
        if (st == ACH_ENAME_TOOLONG && size <= ACH_NAME_MAX_INPUT) abort();
    }
    for (int t = ACH_HOLDER_INDIVIDUAL; t <= ACH_HOLDER_COMPANY; t++) {
        char fit[ACH_NAME_FIT_SIZE];
        bool truncated = false;
        ach_status fst = ach_name_fit(fit, sizeof fit, &truncated, name, size,
                                      (ach_holder_type)t, NULL);
        if (fst != st) abort();
        if (fst != ACH_OK) continue;
        size_t w = strlen(fit);
        if (w > ach_holder_type_width((ach_holder_type)t) || memcmp(fit, full, w) != 0) abort();
        if (truncated != (w < n)) abort();
        check_safe(fit, w, false); /* a cut may leave only punctuation */
    }
    return 0;
}
