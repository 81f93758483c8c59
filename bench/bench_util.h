/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the ledger and reconciliation benchmarks: clocks, CPU time of a child, the `wc -l`
 * floor, and writing a generated ledger to a file. Header-only: each bench is one program. */
#ifndef ACH_BENCH_UTIL_H
#define ACH_BENCH_UTIL_H

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ach.h"
#include "ledger_gen.h"

static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double cpu_of(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6 +
           (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
}

/* The core's clock now, in GHz, from a chain of dependent additions (one a cycle on the cores
 * measured), best of three: under virtualisation the clock of this machine varies by ±20 % from
 * one second to the next, so cycles per record compare runs better than seconds do. */
static inline double clock_ghz(void)
{
    enum { N = 20000000 };
    double best = 0;
    for (int t = 0; t < 3; t++) {
        unsigned long x = 0;
        double t0 = now_s();
        for (long i = 0; i < N; i++) {
            x += 1;
#if defined(__GNUC__)
            __asm__ volatile("" : "+r"(x)); /* keeps one add an iteration, in a chain */
#endif
        }
        double ghz = (double)N / (now_s() - t0) / 1e9;
        if (x == N && ghz > best) best = ghz;
    }
    return best;
}

/* Best wall time (returned) and CPU time of `wc -l path` over `runs` runs; -1 on failure. */
static inline double time_wc(const char *path, int runs, double *best_cpu)
{
    double best = 1e30;
    *best_cpu = 1e30;
    for (int i = 0; i < runs; i++) {
        double t0 = now_s();
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) dup2(null, 1);
            execlp("wc", "wc", "-l", path, (char *)NULL);
            _exit(127);
        }
        int st;
        struct rusage ru;
        memset(&ru, 0, sizeof ru);
        wait4(pid, &st, 0, &ru);
        double t = now_s() - t0;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return -1;
        if (t < best) best = t;
        if (cpu_of(&ru) < *best_cpu) *best_cpu = cpu_of(&ru);
    }
    return best;
}

/* Writes `events` generated events (seed 42) to `path`; `prog` prefixes error messages. */
static inline int generate(const char *prog, const char *path, uint64_t events)
{
    ach_calendar *cal = NULL;
    ach_error err = ACH_ERROR_INIT;
    if (ach_calendar_new_default(&cal, &err)) {
        fprintf(stderr, "%s: calendar: %s\n", prog, err.message);
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        ach_calendar_free(cal);
        return -1;
    }
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    ledger_gen_options o = LEDGER_GEN_OPTIONS_INIT;
    o.events = events;
    o.seed = 42;
    double t0 = now_s();
    int rc = ledger_gen_write(f, &o, cal, NULL, NULL, NULL);
    if (fclose(f)) rc = -1;
    ach_calendar_free(cal);
    printf("generated %llu events in %.2f s\n", (unsigned long long)events, now_s() - t0);
    return rc;
}

#endif /* ACH_BENCH_UTIL_H */
