/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: client-secret redaction (R-FC-3, R-SEC-1). Input: byte 0 is the secret's
 * length k (0: no secret held), the next k bytes the secret, the rest the text. For any input:
 * no crash, no leak, no write outside the output buffer (each buffer is a heap block of exactly
 * `cap` bytes, so ASan sees any overflow), and
 * - the output never contains the held secret, nor a word (run of [A-Za-z0-9_]) containing
 *   "_secret_"; with a small buffer the output is the NUL-terminated prefix of the full one;
 * - a secret that ach_fc_secret_set() refuses is refused with a documented status, a message
 *   that does not depend on its bytes, and the value stays unset; one it accepts is revealed
 *   byte for byte.
 * A secret that contains '[' or ']', or is part of "REDACTED" (such as "R" or "DACT"), is not
 * held: the marker "[REDACTED]" alone, or with the text around it, could spell such a secret
 * without anything leaking. Any other secret can only appear in the output if it was copied. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool has(const char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0 || m > n) return false;
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0) return true;
    return false;
}

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* True when a maximal word of out[0..n) contains "_secret_". */
static bool secret_word(const char *out, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (!word_byte((unsigned char)out[i])) { i++; continue; }
        size_t j = i;
        while (j < n && word_byte((unsigned char)out[j])) j++;
        if (has(out + i, j - i, "_secret_", 8)) return true;
        i = j;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    size_t k = data[0];
    if (k > size - 1) k = size - 1;
    const char *sec = (const char *)data + 1, *text = sec + k;
    size_t len = size - 1 - k;

    ach_fc_secret s;
    memset(&s, 0, sizeof s);
    bool held = false;
    if (k > 0 && !memchr(sec, '[', k) && !memchr(sec, ']', k) &&
        !has(ACH_FC_REDACTED, sizeof ACH_FC_REDACTED - 1, sec, k)) {
        ach_error err = ACH_ERROR_INIT;
        ach_status st = ach_fc_secret_set(&s, sec, k, &err);
        if (st == ACH_OK) {
            held = true;
            char back[ACH_FC_SECRET_MAX + 1];
            size_t blen = 0;
            if (ach_fc_secret_reveal(back, sizeof back, &blen, &s, NULL) != ACH_OK) abort();
            if (blen != k || memcmp(back, sec, k) != 0 || back[k] != '\0') abort();
            if (has(err.message, strlen(err.message), sec, k)) abort();
        } else {
            if (st != ACH_EFC && st != ACH_ETOOLONG) abort();
            if (ach_fc_secret_is_set(&s)) abort();
            /* R-FC-3: the message never depends on the secret's bytes: the same secret with
             * every printable byte changed (so it fails the same way) gives the same message. */
            char other[256];
            for (size_t i = 0; i < k; i++) {
                unsigned char c = (unsigned char)sec[i];
                other[i] = (char)(c > 0x20 && c < 0x7F ? 0x21 + (c - 0x21 + 1) % 94 : c);
            }
            ach_error err2 = ACH_ERROR_INIT;
            if (ach_fc_secret_set(&s, other, k, &err2) != st) abort();
            if (strcmp(err.message, err2.message) != 0 || err.column != err2.column) abort();
        }
    }

    /* sizing call, then an exact buffer */
    size_t need = 0;
    ach_status st = ach_fc_redact(NULL, 0, &need, held ? &s : NULL, text, len, NULL);
    if (st != ACH_EBUFS) abort();
    char *full = malloc(need + 1);
    if (!full) return 0;
    size_t got = 0;
    if (ach_fc_redact(full, need + 1, &got, held ? &s : NULL, text, len, NULL) != ACH_OK) abort();
    if (got != need || full[got] != '\0') abort();
    if (held && has(full, got, sec, k)) abort();
    if (secret_word(full, got)) abort();

    /* a short buffer: a truncated prefix of the same redacted text, NUL-terminated */
    size_t cap = need ? (size_t)data[0] % (need + 1) : 0;
    if (cap > 0) {
        char *part = malloc(cap);
        if (part) {
            size_t plen = 0;
            st = ach_fc_redact(part, cap, &plen, held ? &s : NULL, text, len, NULL);
            if (plen != need || st != (cap > need ? ACH_OK : ACH_EBUFS)) abort();
            size_t shown = cap - 1 < need ? cap - 1 : need;
            if (part[shown] != '\0' || memcmp(part, full, shown) != 0) abort();
            free(part);
        }
    }
    free(full);
    ach_fc_secret_wipe(&s);
    if (ach_fc_secret_is_set(&s)) abort();
    return 0;
}
