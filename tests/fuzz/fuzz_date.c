/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: date and instant parsing never crash, never read past `size`, and what
 * parses formats back to the same text. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "ach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    ach_error err = ACH_ERROR_INIT;
    ach_date d;
    if (ach_date_parse(&d, text, size, &err) == ACH_OK) {
        char buf[ACH_DATE_FORMAT_SIZE];
        if (size != 10 || memcmp(ach_date_format(buf, d), text, 10) != 0) __builtin_trap();
    }
    ach_instant t;
    if (ach_instant_parse(&t, text, size, &err) == ACH_OK) {
        char buf[ACH_INSTANT_FORMAT_SIZE];
        if (size != 20 || memcmp(ach_instant_format(buf, t), text, 20) != 0) __builtin_trap();
    }
    return 0;
}
