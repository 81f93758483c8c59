/* SPDX-License-Identifier: Apache-2.0 */
/* Events as values (SPEC §7). */
#include <string.h>
#include "ach/event.h"
#include "rules_internal.h"

static const char *const event_names[ACH_EVENT_TYPE_COUNT + 1] = {
    [ACH_EVENT_CHARGE_PENDING] = "charge.pending",
    [ACH_EVENT_CHARGE_SUCCEEDED] = "charge.succeeded",
    [ACH_EVENT_CHARGE_FAILED] = "charge.failed",
    [ACH_EVENT_CHARGE_DISPUTE_CREATED] = "charge.dispute.created",
    [ACH_EVENT_CHARGE_REFUNDED] = "charge.refunded",
    [ACH_EVENT_REFUND_FAILED] = "refund.failed",
    [ACH_EVENT_CUSTOMER_SOURCE_UPDATED] = "customer.source.updated",
    [ACH_EVENT_FINANCIAL_CONNECTIONS_ACCOUNT_CREATED] = "financial_connections.account.created",
};

const char *ach_event_type_name(ach_event_type type)
{
    if ((int)type < 1 || (int)type > ACH_EVENT_TYPE_COUNT) return "unknown";
    return event_names[type];
}

ach_status ach_event_type_parse(ach_event_type *out, const char *text, size_t len, ach_error *err)
{
    for (int t = 1; t <= ACH_EVENT_TYPE_COUNT; t++) {
        const char *name = event_names[t];
        if (strlen(name) == len && memcmp(name, text, len) == 0) {
            *out = (ach_event_type)t;
            return ACH_OK;
        }
    }
    char shown[72];
    return ach__fail(err, ACH_ENOTFOUND, "type", 0, 0, "'%s' is not an event type of SPEC §7",
                     ach__echo(shown, sizeof shown, text, len, 64));
}

void ach_event_buffer_push(void *buffer, const ach_event *ev)
{
    ach_event_buffer *b = buffer;
    if (b->count < b->cap)
        b->items[b->count++] = *ev;
    else
        b->dropped++;
}
