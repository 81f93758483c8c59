/* SPDX-License-Identifier: Apache-2.0 */
/* `ach reconcile --events FILE` (issue 23): each event as one JSON line, made in a large buffer
 * by hand (no stdio call per field) and written in big blocks. The lines are byte for byte those
 * the fprintf() writer made before (format in `ach help reconcile`). */
#ifndef ACH_EVENTS_JSON_H
#define ACH_EVENTS_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "ach.h"

/* Bytes gathered before a write. */
#define EVENTS_JSON_BUFFER ((size_t)1 << 20)
/* Dates kept formatted, by date modulo this. */
#define EVENTS_JSON_DATES 64u

typedef struct events_json_date {
    ach_date date; /* ACH_DATE_NONE: empty */
    uint8_t len;
    char text[ACH_DATE_FORMAT_SIZE];
} events_json_date;

typedef struct events_json {
    FILE *f;      /* where the blocks go; NULL: nothing is written */
    char *buf;    /* cap bytes; NULL when none could be had */
    size_t len, cap;
    bool lost;    /* an event could not be written for want of memory */
    events_json_date dates[EVENTS_JSON_DATES];
} events_json;

/* Starts a writer to `f` (which stays the caller's). */
void events_json_init(events_json *w, FILE *f);

/* Appends one event's line. `file`: the returns file it came from ("record" then numbers the
 * entry), or NULL for the ledger ("line"). */
void events_json_put(events_json *w, const char *file, const ach_event *ev);

/* Writes what is gathered to the FILE (whose own errors tell whether it went) and frees the
 * buffer. False when an event was lost for want of memory. */
bool events_json_finish(events_json *w);

#endif /* ACH_EVENTS_JSON_H */
