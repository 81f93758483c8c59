/* SPDX-License-Identifier: Apache-2.0 */
/* Hash flooding (issue 17, item 4). Times the engine over a ledger of 160 k charges (one verified
 * account, each charge with a trace number) and a NACHA return for each charge, with ids and
 * trace numbers:
 *
 *   random       random ids and trace numbers (the reference);
 *   unkeyed      built to collide under the unkeyed hash of earlier versions (key 0): their home
 *                slots lie in one small window of every table size up to the end;
 *   default key  built the same way against the key of the default seed (0), the engine run with
 *                that seed: the worst case when the key is known, served by the probe bound and
 *                the overflow trees;
 *   random seed  the same ids, the engine seeded at random (as `ach reconcile` does).
 *
 * Prints the CPU seconds of each (best of RUNS, the ledger in memory, the calendar built before)
 * and its ratio to the random case: the goal is at most 3. Before the keyed hash and the probe
 * bound, 160 k colliding charge ids took 31 s against 0.4 s (issue 17). Asserts nothing.
 *
 *   bench_flood [N]   (default 160000 charges) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ach.h"
#include "idmap.h"

#define RUNS 3

static uint64_t rng = 42;

static uint64_t next_random(void)
{
    rng += UINT64_C(0x9e3779b97f4a7c15);
    return ach__mix64(rng);
}

/* 64 characters an id may hold */
static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/* A random 16-byte charge id: "ch_" and 13 characters. */
static void random_id(char id[17])
{
    uint64_t r = next_random();
    memcpy(id, "ch_", 3);
    for (int i = 3; i < 16; i++) {
        if (i == 13) r = next_random();
        id[i] = alphabet[r & 63u];
        r >>= 6;
    }
    id[16] = '\0';
}

/* An id whose hash under `key` has bits 6..15 clear: its home group lies in the first 64 of
 * any table of up to 2^16 groups (the ids of one run then make one cluster). */
static void colliding_id(char id[17], uint64_t key)
{
    do random_id(id);
    while ((ach__id_hash(key, id, 16) >> 6) & 0x3ffu);
}

/* A 15-digit trace number; when `collide`, one whose slot under `key` lies in the first 1024 of
 * any table of up to 2^18 slots (bits 10..17 of its hash clear). */
static uint64_t trace_number(uint64_t key, bool collide)
{
    for (;;) {
        uint64_t t = 100000000000000u + next_random() % 900000000000000u;
        if (!collide || !((ach__mix64(t ^ key) >> 10) & 0xffu)) return t;
    }
}

typedef struct input {
    char *ledger;
    size_t len;
    char (*traces)[16];
} input;

enum { RANDOM, COLLIDE_UNKEYED, COLLIDE_DEFAULT };

static input make_input(size_t n, int how)
{
    input in;
    size_t cap = 512 + n * 80;
    in.ledger = malloc(cap);
    in.traces = malloc(n * sizeof *in.traces);
    if (!in.ledger || !in.traces) exit(3);
    uint64_t key = how == COLLIDE_DEFAULT ? ach__hash_key(0) : 0;
    size_t k = (size_t)snprintf(
        in.ledger, cap,
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,"
        "detail\n"
        "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,110000000,000123456789,Ann Lee,individual"
        ",,\n"
        "2025-03-03T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"
        "2025-03-03T09:02:00Z,mandate,md_1,ba_1,,,,,,,accepted,\n");
    for (size_t i = 0; i < n; i++) {
        char id[17];
        if (how == RANDOM) random_id(id);
        else colliding_id(id, key);
        uint64_t t = trace_number(key, how != RANDOM);
        snprintf(in.traces[i], sizeof in.traces[i], "%015llu", (unsigned long long)t);
        k += (size_t)snprintf(in.ledger + k, cap - k,
                              "2025-03-03T10:00:00Z,charge,%s,ba_1,1000,usd,,,,,%s,\n", id,
                              in.traces[i]);
    }
    in.len = k;
    return in;
}

static double cpu_now(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* CPU seconds of one run: the ledger, then a return for every charge. */
static double run(const ach_calendar *cal, const input *in, size_t n, uint64_t seed)
{
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.max_findings = 1000;
    o.hash_seed = seed;
    ach_recon *e = NULL;
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    double t0 = cpu_now();
    ach_status s = ach_recon_new(&e, cal, &o, &err);
    if (s == ACH_OK) s = ach_ledger_reader_open_buffer(&r, in->ledger, in->len, "flood", &err);
    if (s == ACH_OK) s = ach_recon_read(e, r, &err);
    for (size_t i = 0; s == ACH_OK && i < n; i++) {
        ach_recon_return ret;
        memset(&ret, 0, sizeof ret);
        memcpy(ret.trace, in->traces[i], 16);
        memcpy(ret.code, "R01", 4);
        ret.amount = 1000;
        ret.at = (ach_instant)20153 * 86400; /* 2025-03-06 */
        ret.position = (uint32_t)i + 1;
        s = ach_recon_apply_return(NULL, e, &ret, &err);
    }
    double t = cpu_now() - t0;
    ach_recon_report rep;
    if (s == ACH_OK) s = ach_recon_report_compute(&rep, e, ACH_DATE_NONE, &err);
    if (s != ACH_OK || rep.applied != n + 3 || rep.returns_applied != n) {
        fprintf(stderr, "bench_flood: %s (applied %llu)\n", err.message,
                s == ACH_OK ? (unsigned long long)rep.applied : 0ull);
        exit(3);
    }
    ach_ledger_reader_free(r);
    ach_recon_free(e);
    return t;
}

static double best_of(const ach_calendar *cal, const input *in, size_t n, uint64_t seed)
{
    double best = 1e30;
    for (int i = 0; i < RUNS; i++) {
        double t = run(cal, in, n, seed);
        if (t < best) best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 160000;
    if (n == 0) n = 160000;
    ach_calendar *cal = NULL;
    if (ach_calendar_new_default(&cal, NULL) != ACH_OK) return 3;
    input random = make_input(n, RANDOM);
    input unkeyed = make_input(n, COLLIDE_UNKEYED);
    input known = make_input(n, COLLIDE_DEFAULT);
    const uint64_t some_seed = UINT64_C(0x243f6a8885a308d3);
    double base = best_of(cal, &random, n, 0);
    struct {
        const char *name;
        double t;
    } rows[] = {
        {"random ids and traces, seed 0", base},
        {"built against the unkeyed hash, seed 0", best_of(cal, &unkeyed, n, 0)},
        {"built against seed 0's key, seed 0 (key known)", best_of(cal, &known, n, 0)},
        {"built against seed 0's key, random seed", best_of(cal, &known, n, some_seed)},
    };
    printf("hash flooding: %zu charges and %zu returns, CPU seconds (best of %d)\n", n, n, RUNS);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        printf("  %-50s %7.3f s  %5.2fx random\n", rows[i].name, rows[i].t, rows[i].t / base);
    free(random.ledger);
    free(random.traces);
    free(unkeyed.ledger);
    free(unkeyed.traces);
    free(known.ledger);
    free(known.traces);
    ach_calendar_free(cal);
    return 0;
}
