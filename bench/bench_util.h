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
