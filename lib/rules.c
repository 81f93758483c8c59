/* SPDX-License-Identifier: Apache-2.0 */
/* Shared plumbing of the payment rules: id checks, the time of a call, event values. */
#include "ach/date.h"
#include "rules_internal.h"

ach_status ach__id_check_view(const char *id, size_t len, bool required, const char *field,
                              ach_error *err)
{
    if (len == 0 && required) return ach__fail(err, ACH_EINVAL, field, 0, 0, "%s is empty", field);
    if (len > ACH_ID_MAX)
        return ach__fail(err, ACH_ETOOLONG, field, 0, 0, "%s is %zu bytes, longer than %d", field,
                         len, ACH_ID_MAX);
    /* Eight bytes at a time (the engine checks an id or two per ledger line), the last word
     * overlapping the one before: a word has a byte below 0x20 when (w - 0x20..20) & ~w &
     * 0x80..80 is not 0, and a 0x7F byte when w ^ 0x7F..7F has a zero byte; exact for "any", so
     * the byte loop below only runs to name the culprit. */
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    uint64_t bad = 0;
    if (len >= 8) {
        for (size_t i = 0;; i += 8) {
            if (i + 8 > len) i = len - 8;
            uint64_t w;
            memcpy(&w, id + i, 8);
            uint64_t del = w ^ (ones * 0x7f);
            bad |= ((w - ones * 0x20) & ~w & highs) | ((del - ones) & ~del & highs);
            if (i + 8 == len) break;
        }
    } else {
        for (size_t i = 0; i < len; i++)
            bad |= (unsigned char)id[i] < 0x20 || id[i] == 0x7f;
    }
    if (!bad) return ACH_OK;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
            return ach__fail(err, ACH_EINVAL, field, 0, (uint32_t)i + 1,
                             "%s has a control character at byte %zu", field, i + 1);
    return ACH_OK;
}

ach_status ach__id_check(const char *id, bool required, const char *field, ach_error *err)
{
    return ach__id_check_view(id, id ? strlen(id) : 0, required, field, err);
}

ach_status ach__when_make(ach__when *w, const ach_env *env, ach_instant at, ach_error *err)
{
    if (!env || !env->calendar)
        return ach__fail(err, ACH_EINVAL, "calendar", 0, 0,
                         "the rule needs an environment with a calendar");
    ach_date business;
    ach_status st = ach_calendar_processing_date(&business, env->calendar, at, err);
    if (st != ACH_OK) return st;
    w->at = at;
    w->date = ach__instant_date(at);
    w->business = business;
    return ACH_OK;
}

ach_status ach__when_fees(ach__when *w, const ach_fee_schedule **fees, const ach_env *env,
                          ach_instant at, ach_error *err)
{
    ach_status st = ach__when_make(w, env, at, err);
    if (st != ACH_OK) return st;
    *fees = ach__fees(env);
    return ach_fee_schedule_check(*fees, err);
}
