/* SPDX-License-Identifier: Apache-2.0 */
/* ABA routing numbers and account numbers (SPEC R-ACC-2). The hot path (9 bytes, valid) is one
 * branch-free pass that checks the digits, sums the weights and looks the prefix up in a table,
 * so bulk screening runs at tens of millions of numbers per second on one core
 * (bench/bench_validators.c). The slower path that explains a failure runs only on failure. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "ach/routing.h"
#include "internal.h"

/* ABA weights, repeating 3, 7, 1 (R-ACC-2). */
static const unsigned aba_weight[ACH_ROUTING_LEN] = {3, 7, 1, 3, 7, 1, 3, 7, 1};

/* What the first two digits say (R-ACC-2). */
enum prefix_kind { PREFIX_UNASSIGNED = 0, PREFIX_ACH, PREFIX_GOVERNMENT, PREFIX_TRAVELLER };

/* Describes the character at text[at] for a "not a digit" message: 'x' for printable ASCII,
 * U+XXXX for a valid UTF-8 character, byte 0xHH otherwise. */
static void describe_char(char *buf, size_t cap, const char *text, size_t len, size_t at)
{
    unsigned char c = (unsigned char)text[at];
    if (c >= 0x20 && c < 0x7F) {
        snprintf(buf, cap, "'%c'", c);
        return;
    }
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + at,
                                          (utf8proc_ssize_t)(len - at), &cp);
    if (n > 0 && c >= 0x80) snprintf(buf, cap, "U+%04X", (unsigned)cp);
    else snprintf(buf, cap, "byte 0x%02X", c);
}

/* The position (0-based) of the first byte that is not an ASCII digit, or len. */
static size_t first_non_digit(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && (unsigned)((unsigned char)text[i] - '0') <= 9) i++;
    return i;
}

/* Prefix classes of 00-99, one byte each, so the hot path is a table load (R-ACC-2). */
#define OK PREFIX_ACH
#define NO PREFIX_UNASSIGNED
static const uint8_t prefix_table[100] = {
    PREFIX_GOVERNMENT,                                      /* 00 */
    OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK,         /* 01-12 Federal Reserve districts */
    NO, NO, NO, NO, NO, NO, NO, NO,                         /* 13-20 */
    OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK,         /* 21-32 thrift institutions */
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, /* 33-46 */
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, /* 47-60 */
    OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK,         /* 61-72 electronic transactions */
    NO, NO, NO, NO, NO, NO, NO,                             /* 73-79 */
    PREFIX_TRAVELLER,                                       /* 80 */
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,                 /* 81-90 */
    NO, NO, NO, NO, NO, NO, NO, NO, NO,                     /* 91-99 */
};
#undef OK
#undef NO

ach_status ach_routing_validate(const char *text, size_t len, ach_error *err)
{
    static const char field[] = "routing";
    if (ACH__LIKELY(len == ACH_ROUTING_LEN)) {
        /* Hot path, written out: no loop and no branch per byte (2-3x faster than the loop
         * form with GCC -O2). A byte below '0' wraps to a large unsigned value. */
        const unsigned char *u = (const unsigned char *)text;
        unsigned d1 = u[0] - '0', d2 = u[1] - '0', d3 = u[2] - '0', d4 = u[3] - '0',
                 d5 = u[4] - '0', d6 = u[5] - '0', d7 = u[6] - '0', d8 = u[7] - '0',
                 d9 = u[8] - '0';
        unsigned bad = (d1 > 9) | (d2 > 9) | (d3 > 9) | (d4 > 9) | (d5 > 9) | (d6 > 9) |
                       (d7 > 9) | (d8 > 9) | (d9 > 9);
        unsigned sum = 3 * (d1 + d4 + d7) + 7 * (d2 + d5 + d8) + (d3 + d6 + d9);
        if (ACH__LIKELY(!bad && prefix_table[d1 * 10 + d2] == PREFIX_ACH && sum % 10 == 0))
            return ACH_OK;
    }
    size_t bad = first_non_digit(text, len);
    if (bad < len) {
        if (!err) return ACH_EROUTING_DIGIT; /* bulk screening: skip the description */
        char what[32];
        describe_char(what, sizeof what, text, len, bad);
        return ach__fail(err, ACH_EROUTING_DIGIT, field, 0, (uint32_t)(bad + 1),
                         "routing number character %zu is %s, not an ASCII digit", bad + 1, what);
    }
    if (len != ACH_ROUTING_LEN)
        return ach__fail(err, ACH_EROUTING_LENGTH, field, 0, 0,
                         "routing number has %zu digits; it must have exactly 9", len);

    unsigned prefix = (unsigned)(text[0] - '0') * 10 + (unsigned)(text[1] - '0');
    enum prefix_kind kind = (enum prefix_kind)prefix_table[prefix];
    if (memcmp(text, "000000000", ACH_ROUTING_LEN) == 0)
        return ach__fail(err, ACH_EROUTING_ZERO, field, 0, 0,
                         "routing number 000000000 is not a bank");
    switch (kind) {
    case PREFIX_GOVERNMENT:
        return ach__fail(err, ACH_EROUTING_GOVERNMENT, field, 0, 1,
                         "routing prefix 00 is reserved for the US government and cannot be "
                         "used for ACH debits");
    case PREFIX_TRAVELLER:
        return ach__fail(err, ACH_EROUTING_TRAVELLER, field, 0, 1,
                         "routing prefix 80 is for traveller's cheques and cannot be used for "
                         "ACH debits");
    case PREFIX_UNASSIGNED:
        return ach__fail(err, ACH_EROUTING_PREFIX, field, 0, 1,
                         "routing prefix %02u is not assigned; ACH routing numbers start with "
                         "01-12, 21-32 or 61-72", prefix);
    case PREFIX_ACH:
        break;
    }
    int right = ach_routing_check_digit(text);
    return ach__fail(err, ACH_EROUTING_CHECKSUM, field, 0, ACH_ROUTING_LEN,
                     "routing number checksum fails: check digit %c should be %d", text[8],
                     right);
}

int ach_routing_check_digit(const char *eight_digits)
{
    if (!eight_digits) return -1;
    unsigned sum = 0;
    for (size_t i = 0; i < ACH_ROUTING_LEN - 1; i++) {
        unsigned d = (unsigned)((unsigned char)eight_digits[i] - '0');
        if (d > 9) return -1;
        sum += aba_weight[i] * d;
    }
    /* The 9th weight is 1, so the check digit is what brings the sum to a multiple of 10. */
    return (int)((10 - sum % 10) % 10);
}

ach_status ach_account_number_validate(const char *text, size_t len, ach_error *err)
{
    static const char field[] = "account_number";
    size_t bad = first_non_digit(text, len);
    if (bad < len) {
        if (!err) return ACH_EACCOUNT_DIGIT;
        char what[32];
        describe_char(what, sizeof what, text, len, bad);
        return ach__fail(err, ACH_EACCOUNT_DIGIT, field, 0, (uint32_t)(bad + 1),
                         "account number character %zu is %s, not an ASCII digit", bad + 1,
                         what);
    }
    if (len < ACH_ACCOUNT_MIN_LEN || len > ACH_ACCOUNT_MAX_LEN)
        return ach__fail(err, ACH_EACCOUNT_LENGTH, field, 0, 0,
                         "account number has %zu digits; it must have 4 to 17", len);
    return ACH_OK;
}
