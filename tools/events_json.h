/* SPDX-License-Identifier: Apache-2.0 */
/* `ach reconcile --events FILE` (issue 23): each event as one JSON line, made in a large buffer
 * by hand (no stdio call per field) and written in big blocks. The lines are byte for byte those
 * the fprintf() writer made before (format in `ach help reconcile`). */
#ifndef ACH_EVENTS_JSON_H
#define ACH_EVENTS_JSON_H

#include <stdbool.h>
#include <stdio.h>
#include "ach.h"

typedef struct events_json {
    FILE *f;      /* where the blocks go; NULL: nothing is written */
    char *buf;    /* EVENTS_JSON_BUFFER bytes, or NULL when it could not be had (then stdio) */
    size_t len;
} events_json;

/* Bytes gathered before a write. */
#define EVENTS_JSON_BUFFER ((size_t)1 << 20)

/* Starts a writer to `f` (which stays the caller's). */
void events_json_init(events_json *w, FILE *f);

/* Appends one event's line. `file`: the returns file it came from ("record" then numbers the
 * entry), or NULL for the ledger ("line"). */
void events_json_put(events_json *w, const char *file, const ach_event *ev);

/* Writes what is gathered to the FILE (whose own errors tell whether it went) and frees the
 * buffer; the writer may be started again. */
void events_json_finish(events_json *w);

#endif /* ACH_EVENTS_JSON_H */
