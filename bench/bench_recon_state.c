/* SPDX-License-Identifier: Apache-2.0 */
/* Snapshot benchmark (issue 21 item 2): for generated ledgers of 1 M and 10 M events (the
 * generator of bench/ledger_gen.c, seed 42, written to memory), reconciles each, then times
 * ach_recon_save() into memory and ach_recon_load() from it, and prints:
 * - the snapshot's size and its bytes per live charge (the snapshot holds every object: bytes /
 *   charges held) and per object;
 * - save and load speed in MB/s of snapshot (the best of RUNS runs; CPU and wall time);
 * - save to a file with fsync() (the cost of `ach reconcile --state`), once.
 * Prints figures; asserts nothing (a failure exits 1).
 *
 *   bench_recon_state [--events N]   (default: 1 M and 10 M events) */
#define _DEFAULT_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "ach.h"
#include "ledger_gen.h"
#include "bench_util.h"

#define RUNS 3

typedef struct mem {
    uint8_t *data;
    size_t len, cap, at;
} mem;

static ach_status mem_put(void *ctx, const void *p, size_t n)
{
    mem *m = ctx;
    if (m->len + n > m->cap) {
        size_t cap = m->cap ? m->cap : 1 << 20;
        while (cap < m->len + n) cap *= 2;
        uint8_t *q = realloc(m->data, cap);
        if (!q) return ACH_ENOMEM;
        m->data = q;
        m->cap = cap;
    }
    memcpy(m->data + m->len, p, n);
    m->len += n;
    return ACH_OK;
}

static ach_status mem_get(void *ctx, void *buf, size_t cap, size_t *got)
{
    mem *m = ctx;
    size_t n = m->len - m->at < cap ? m->len - m->at : cap;
    memcpy(buf, m->data + m->at, n);
    m->at += n;
    *got = n;
    return ACH_OK;
}

static ach_status file_put(void *ctx, const void *p, size_t n)
{
    return fwrite(p, 1, n, (FILE *)ctx) == n ? ACH_OK : ACH_EIO;
}

static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return cpu_of(&ru);
}

static int run(const ach_calendar *cal, uint64_t events)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ledger_gen_options o = LEDGER_GEN_OPTIONS_INIT;
    o.seed = 42;
    o.events = events;
    if (!f || ledger_gen_write(f, &o, cal, NULL, NULL, NULL) != 0) return 1;
    fclose(f);
    ach_ledger_reader *r = NULL;
    ach_recon *e = NULL;
    if (ach_ledger_reader_open_buffer(&r, text, len, "gen", NULL) != ACH_OK ||
        ach_recon_new(&e, cal, NULL, NULL) != ACH_OK || ach_recon_read(e, r, NULL) != ACH_OK)
        return 1;
    ach_ledger_reader_free(r);
    free(text);
    ach_recon_memory mm;
    ach_recon_memory_get(&mm, e);
    uint64_t objects = mm.accounts + mm.mandates + mm.charges + mm.refunds + mm.disputes;
    double best_save = 1e30, best_save_cpu = 1e30, best_load = 1e30, best_load_cpu = 1e30;
    mem m = {0};
    for (int i = 0; i < RUNS; i++) {
        m.len = 0;
        double t0 = now_s(), c0 = cpu_now();
        if (ach_recon_save(e, mem_put, &m, NULL) != ACH_OK) return 1;
        double t1 = now_s(), c1 = cpu_now();
        m.at = 0;
        ach_recon *l = NULL;
        if (ach_recon_load(&l, cal, NULL, mem_get, &m, NULL) != ACH_OK) return 1;
        double t2 = now_s(), c2 = cpu_now();
        ach_recon_free(l);
        if (t1 - t0 < best_save) best_save = t1 - t0;
        if (c1 - c0 < best_save_cpu) best_save_cpu = c1 - c0;
        if (t2 - t1 < best_load) best_load = t2 - t1;
        if (c2 - c1 < best_load_cpu) best_load_cpu = c2 - c1;
    }
    char path[] = "/tmp/bench_state_XXXXXX";
    int fd = mkstemp(path);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    double t0 = now_s();
    if (!out || ach_recon_save(e, file_put, out, NULL) != ACH_OK || fflush(out) != 0 ||
        fsync(fileno(out)) != 0)
        return 1;
    double tf = now_s() - t0;
    fclose(out);
    unlink(path);
    double mb = (double)m.len / 1e6;
    printf("%llu events: %llu charges, %llu objects held; snapshot %.1f MB: %.1f bytes per live "
           "charge, %.1f per object (engine in memory: %.1f bytes per charge)\n",
           (unsigned long long)events, (unsigned long long)mm.charges,
           (unsigned long long)objects, mb, (double)m.len / (double)mm.charges,
           (double)m.len / (double)objects,
           (double)(mm.arena_bytes + mm.table_bytes + mm.other_bytes) / (double)mm.charges);
    printf("  save to memory: %.3f s wall (%.0f MB/s), %.3f s CPU (%.0f MB/s)\n", best_save,
           mb / best_save, best_save_cpu, mb / (best_save_cpu > 0 ? best_save_cpu : 1e-9));
    printf("  load from memory: %.3f s wall (%.0f MB/s), %.3f s CPU (%.0f MB/s)\n", best_load,
           mb / best_load, best_load_cpu, mb / (best_load_cpu > 0 ? best_load_cpu : 1e-9));
    printf("  save to a file with fsync: %.3f s (%.0f MB/s)\n", tf, mb / tf);
    free(m.data);
    ach_recon_free(e);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t one = 0;
    if (argc == 3 && strcmp(argv[1], "--events") == 0) one = strtoull(argv[2], NULL, 10);
    ach_calendar *cal = NULL;
    if (ach_calendar_new_default(&cal, NULL) != ACH_OK) return 1;
    int rc = one ? run(cal, one) : (run(cal, 1000000) || run(cal, 10000000));
    ach_calendar_free(cal);
    if (rc) fputs("bench_recon_state: failed\n", stderr);
    return rc;
}
