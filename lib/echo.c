/* SPDX-License-Identifier: Apache-2.0 */
/* Echoing an input value in a message (R-SEC-1, issue 17): see ach__echo() in internal.h. */
#include "internal.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

const char *ach__echo(char *buf, size_t cap, const char *text, size_t len, size_t max)
{
    size_t o = 0, shown = 0;
    bool cut = false;
    if (!text) len = 0;
    if (cap < 8) max = 0;
    else if (max > cap - 4) max = cap - 4; /* room for "..." and the NUL */
    for (size_t i = 0; i < len && !cut;) {
        /* a run of 4 or more digits (an account number may be one) shows as "****" and its last
         * 4 digits, measured over the whole value so that a cut never shows inner digits */
        size_t run = 0;
        while (i + run < len && is_digit(text[i + run])) run++;
        if (run >= 4) {
            char piece[8];
            memcpy(piece, "****", 4);
            memcpy(piece + 4, text + i + run - 4, 4);
            size_t k = run == 4 ? 4 : 0; /* exactly 4 digits: as they are */
            for (; k < 8 && !cut; k++) {
                if (shown == max) cut = true;
                else buf[o++] = piece[k], shown++;
            }
            i += run;
            continue;
        }
        if (shown == max) {
            cut = true;
            break;
        }
        unsigned char c = (unsigned char)text[i++];
        buf[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
        shown++;
    }
    if (cut && cap >= 8) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    if (cap) buf[o < cap ? o : cap - 1] = '\0';
    return buf;
}
