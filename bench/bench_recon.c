/* SPDX-License-Identifier: Apache-2.0 */
/* Reconciliation engine benchmark (issue 6). Generates ledgers of 1 M and 10 M events (the
 * generator of bench/ledger_gen.c, seed 42) into temporary files, then runs the whole engine over
 * each (ach_recon_read() from a file reader, then the report) and prints records/s and MB/s in
 * wall and CPU time, the peak RSS of the engine's process, the bytes per live charge, and the time
 * of `wc -l` over the same file as the floor, with the ratio. The reader alone is timed too, so
 * the engine's share shows.
 *
 * The engine runs twice: on one thread, and with the reader on a second one (threads = 2,
 * issue 23), printed side by side with `wc -l` of the same run.
 *
 * Bytes per live charge: (peak RSS of the engine run - peak RSS of the reader-only run, i.e. the
 * fixed buffers) / charges held at the end (the engine keeps every object, so the end is the
 * peak). The engine's own count of the bytes it holds (arena + tables + lists) is printed too.
 *
 * Each run is a fresh child process (so its peak RSS is its own) on a warm page cache; the best
 * of RUNS runs is printed (one run for 10 M events). Times exclude building the calendar (about
 * 0.1 s of libical/ICU, once per process). CPU time is user + system of the run (steadier than
 * wall time on a shared machine). Prints figures; asserts nothing.
 *
 * The clock of a virtual machine drifts (here by ±20 % from one second to the next), so two
 * figures are printed that depend on it less: cycles per record, from the clock measured just
 * before the best run (clock_ghz()), and the median ratio of each engine run to a `wc -l` run
 * just before it.
 *
 *   bench_recon [--events N] [--small] [--file LEDGER] [--keep]
 *   (default: 1 M and 10 M events; --small: 1 M only; --events N: N only) */
#define _DEFAULT_SOURCE 1 /* wait4(), struct rusage */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ach.h"
#include "ledger_gen.h"
#include "bench_util.h"

#define RUNS 3

/* What a child reports back through a pipe. */
typedef struct result {
    double seconds, cpu; /* wall and CPU time of the run, the calendar's construction excluded */
    double ghz;          /* the clock measured just before the run (clock_ghz()) */
    uint64_t records, applied, rejected, bytes;
    ach_recon_memory mem;
    bool conserved;
    int status;
} result;

/* Child: reads the whole ledger, with the engine or not. */
static int child_run(const char *path, bool engine, unsigned threads, int out)
{
    result res;
    memset(&res, 0, sizeof res);
    ach_calendar *cal = NULL;
    ach_ledger_reader *r = NULL;
    ach_recon *e = NULL;
    ach_error err = ACH_ERROR_INIT;
    ach_status s = ach_calendar_new_default(&cal, &err);
    res.ghz = clock_ghz();
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    double t0 = now_s();
    if (s == ACH_OK) s = ach_ledger_reader_open_file(&r, path, &err);
    if (s == ACH_OK && engine) {
        ach_recon_options o = ACH_RECON_OPTIONS_INIT;
        o.max_findings = 1000; /* what a report would list */
        o.threads = threads;   /* issue 23: 2 puts the reader on a thread of its own */
        s = ach_recon_new(&e, cal, &o, &err);
        if (s == ACH_OK) s = ach_recon_read(e, r, &err);
        ach_recon_report rep;
        if (s == ACH_OK) s = ach_recon_report_compute(&rep, e, ACH_DATE_NONE, &err);
        if (s == ACH_OK) {
            res.records = rep.records;
            res.applied = rep.applied;
            res.rejected = rep.rejected;
            res.conserved = rep.lines_conserved && rep.balance_conserved;
            ach_recon_memory_get(&res.mem, e);
        }
    } else if (s == ACH_OK) {
        ach_ledger_record rec;
        for (;;) {
            s = ach_ledger_next(&rec, r, &err);
            if (s == ACH_OK || s == ACH_ELEDGER_RECORD) res.records++;
            else break;
        }
        if (s == ACH_LEDGER_END) s = ACH_OK;
    }
    res.seconds = now_s() - t0;
    getrusage(RUSAGE_SELF, &ru1);
    res.cpu = cpu_of(&ru1) - cpu_of(&ru0);
    if (r) {
        ach_ledger_stats st;
        ach_ledger_reader_stats(&st, r);
        res.bytes = st.bytes;
    }
    res.status = s;
    if (s) fprintf(stderr, "bench_recon: %s\n", err.message);
    ach_recon_free(e);
    ach_ledger_reader_free(r);
    ach_calendar_free(cal);
    ssize_t w = write(out, &res, sizeof res);
    return w == (ssize_t)sizeof res && s == 0 ? 0 : 1;
}

typedef struct run {
    result r;
    double seconds, cpu; /* best wall, best CPU (user + system) */
    long maxrss_kib;     /* the largest of the runs */
} run;

static int one_run(const char *path, bool engine, unsigned threads, result *res, long *maxrss)
{
    int fds[2];
    if (pipe(fds)) return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        _exit(child_run(path, engine, threads, fds[1]));
    }
    close(fds[1]);
    ssize_t n = read(fds[0], res, sizeof *res);
    close(fds[0]);
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &st, 0, &ru);
    *maxrss = ru.ru_maxrss;
    return n == (ssize_t)sizeof *res && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Keeps the best of the runs in `out`. */
static void keep_best(run *out, const result *r, long rss)
{
    if (r->seconds < out->seconds) {
        out->seconds = r->seconds;
        out->r = *r;
    }
    if (r->cpu < out->cpu) out->cpu = r->cpu;
    if (rss > out->maxrss_kib) out->maxrss_kib = rss;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* `wc -l`, the reader alone and the engine on one thread and on two (issue 23), run after one
 * another `runs` times (at most 16): the best of each, and the ratio of each engine run to the
 * `wc -l` run just before it, which cancels most of the clock's drift. */
static int measure(const char *path, int runs, run *reader, run *engine, run *engine2,
                   double *wc, double *wc_cpu, double ratio[16], double ratio2[16])
{
    *reader = *engine = *engine2 = (run){.seconds = 1e30, .cpu = 1e30};
    *wc = *wc_cpu = 1e30;
    for (int i = 0; i < runs; i++) {
        double c;
        double w = time_wc(path, 1, &c);
        result r;
        long rss;
        if (w <= 0 || one_run(path, false, 1, &r, &rss)) return -1;
        keep_best(reader, &r, rss);
        if (one_run(path, true, 1, &r, &rss)) return -1;
        keep_best(engine, &r, rss);
        ratio[i] = r.seconds / w;
        if (one_run(path, true, 2, &r, &rss)) return -1;
        keep_best(engine2, &r, rss);
        ratio2[i] = r.seconds / w;
        if (w < *wc) *wc = w;
        if (c < *wc_cpu) *wc_cpu = c;
    }
    return 0;
}

static int bench_file(const char *path, int runs)
{
    struct stat st;
    if (stat(path, &st)) return -1;
    double mb = (double)st.st_size / 1e6;
    double wc, wc_cpu, ratio[16], ratio2[16];
    run reader, engine, engine2;
    if (runs > 16) runs = 16;
    if (measure(path, runs, &reader, &engine, &engine2, &wc, &wc_cpu, ratio, ratio2)) {
        fprintf(stderr, "bench_recon: a run failed\n");
        return -1;
    }
    qsort(ratio, (size_t)runs, sizeof ratio[0], by_value);
    qsort(ratio2, (size_t)runs, sizeof ratio2[0], by_value);
    printf("file %s: %.1f MB\n", path, mb);
    printf("  wc -l          wall %.3f s, CPU %.3f s\n", wc, wc_cpu);
    double n = (double)engine.r.records;
    printf("  reader alone   wall %.3f s, CPU %.3f s: %.2f M records/s (%.2f by CPU), peak RSS "
           "%.1f MiB\n",
           reader.seconds, reader.cpu, n / reader.seconds / 1e6, n / reader.cpu / 1e6,
           (double)reader.maxrss_kib / 1024.0);
    printf("  engine         wall %.3f s, CPU %.3f s: %.2f M records/s (%.2f by CPU), %.0f MB/s "
           "(%.0f by CPU)\n",
           engine.seconds, engine.cpu, n / engine.seconds / 1e6, n / engine.cpu / 1e6,
           mb / engine.seconds, mb / engine.cpu);
    printf("                 %.0f cycles a record (the clock ran at %.2f GHz just before)\n",
           engine.seconds * engine.r.ghz * 1e9 / n, engine.r.ghz);
    printf("                 %.1fx wc -l (best of each), %.1fx (median of %d paired runs), "
           "%.1fx (CPU); %llu records: %llu applied, %llu rejected; conservation %s\n",
           engine.seconds / wc, ratio[runs / 2], runs, engine.cpu / wc_cpu,
           (unsigned long long)engine.r.records, (unsigned long long)engine.r.applied,
           (unsigned long long)engine.r.rejected, engine.r.conserved ? "holds" : "BROKEN");
    printf("  engine, 2 thr. wall %.3f s, CPU %.3f s: %.2f M records/s; %.1fx wc -l (best of "
           "each), %.1fx (median of %d paired runs); peak RSS %.1f MiB; %s\n",
           engine2.seconds, engine2.cpu, n / engine2.seconds / 1e6, engine2.seconds / wc,
           ratio2[runs / 2], runs, (double)engine2.maxrss_kib / 1024.0,
           engine2.r.records == engine.r.records && engine2.r.applied == engine.r.applied &&
                   engine2.r.conserved
               ? "same counts"
               : "COUNTS DIFFER");
    const ach_recon_memory *m = &engine.r.mem;
    double held = (double)(m->arena_bytes + m->table_bytes + m->other_bytes);
    double rss = (double)(engine.maxrss_kib - reader.maxrss_kib) * 1024.0;
    printf("  memory         peak RSS %.1f MiB (reader alone %.1f MiB); %llu charges, %llu "
           "accounts, %llu mandates, %llu refunds, %llu disputes held\n",
           (double)engine.maxrss_kib / 1024.0, (double)reader.maxrss_kib / 1024.0,
           (unsigned long long)m->charges, (unsigned long long)m->accounts,
           (unsigned long long)m->mandates, (unsigned long long)m->refunds,
           (unsigned long long)m->disputes);
    printf("                 %.1f bytes per live charge by RSS (all objects and tables "
           "included); engine's count %.1f (records %.1f, tables %.1f, lists %.1f)\n",
           rss / (double)m->charges, held / (double)m->charges,
           (double)m->arena_bytes / (double)m->charges, (double)m->table_bytes / (double)m->charges,
           (double)m->other_bytes / (double)m->charges);
    return 0;
}

static int bench_events(uint64_t events, bool keep)
{
    char path[] = "/tmp/bench_recon_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    close(fd);
    int rc = generate("bench_recon", path, events);
    if (rc == 0) rc = bench_file(path, events > 2000000 ? 1 : RUNS);
    if (keep) printf("kept %s\n", path);
    else unlink(path);
    return rc;
}

int main(int argc, char **argv)
{
    uint64_t events = 0;
    bool small = false, keep = false;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--small") == 0) small = true;
        else if (strcmp(argv[i], "--keep") == 0) keep = true;
        else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc)
            events = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--file") == 0 && i + 1 < argc) file = argv[++i];
        else {
            fprintf(stderr, "usage: bench_recon [--events N] [--small] [--file LEDGER] [--keep]\n");
            return 2;
        }
    }
    if (file) return bench_file(file, RUNS) ? 1 : 0;
    if (events) return bench_events(events, keep) ? 1 : 0;
    if (bench_events(1000000, keep)) return 1;
    if (!small && bench_events(10000000, keep)) return 1;
    return 0;
}
