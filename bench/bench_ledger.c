/* SPDX-License-Identifier: Apache-2.0 */
/* Ledger reader benchmark (issue 6). Generates a ledger of 1 M events (and 10 M with --large)
 * into a temporary file, then times reading every record with the reader alone (no engine):
 * with read() (ach_ledger_reader_open_file), mapped (open_mapped) and through a pipe from `cat`.
 * Prints records/s, MB/s, the reader process's peak RSS, and the time of `wc -l` over the same
 * file as the floor, with the ratios, in wall time and in CPU time (user + system of the reading
 * process: steadier than wall time on a shared machine). Each figure is the best of 3 runs on a
 * warm page cache; each run is a fresh child process so that its peak RSS is its own. Prints
 * figures; asserts nothing.
 *
 *   bench_ledger [--events N] [--large] [--file LEDGER] [--keep]
 */
#define _DEFAULT_SOURCE 1 /* wait4(), struct rusage */
#include <errno.h>
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

typedef struct result {
    double seconds;
    uint64_t records, rejected, bytes;
    int status;
} result;

typedef struct run {
    result r;
    long maxrss_kib;
    double seconds; /* best wall time */
    double cpu;     /* best CPU time (user + system) */
} run;

/* Child: reads the whole ledger (from `path`, or from fd 0 when path is NULL), writes a result
 * to `out`. */
static int child_read(const char *path, bool mapped, int out)
{
    result res = {0, 0, 0, 0, 0};
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    double t0 = now_s();
    ach_status s = !path   ? ach_ledger_reader_open_fd(&r, 0, "stdin", &err)
                   : mapped ? ach_ledger_reader_open_mapped(&r, path, &err)
                            : ach_ledger_reader_open_file(&r, path, &err);
    if (s) {
        res.status = s;
    } else {
        ach_ledger_record rec;
        uint64_t ok = 0, bad = 0;
        for (;;) {
            s = ach_ledger_next(&rec, r, &err);
            if (s == ACH_OK) ok++;
            else if (s == ACH_ELEDGER_RECORD) bad++;
            else break;
        }
        res.seconds = now_s() - t0;
        ach_ledger_stats st;
        ach_ledger_reader_stats(&st, r);
        res.records = ok + bad;
        res.rejected = bad;
        res.bytes = st.bytes;
        res.status = s == ACH_LEDGER_END ? 0 : s;
        ach_ledger_reader_free(r);
    }
    ssize_t w = write(out, &res, sizeof res);
    return w == (ssize_t)sizeof res && res.status == 0 ? 0 : 1;
}

/* One timed run in a child; via_pipe feeds the file through `cat`. */
static int one_run(const char *path, bool via_pipe, bool mapped, result *res, long *maxrss,
                   double *cpu)
{
    int fds[2];
    if (pipe(fds)) return -1;
    pid_t cat = -1;
    int in[2] = {-1, -1};
    if (via_pipe) {
        if (pipe(in)) return -1;
        cat = fork();
        if (cat == 0) {
            dup2(in[1], 1);
            close(in[0]);
            close(in[1]);
            execlp("cat", "cat", path, (char *)NULL);
            _exit(127);
        }
        close(in[1]);
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (via_pipe) {
            dup2(in[0], 0);
            close(in[0]);
        }
        _exit(child_read(via_pipe ? NULL : path, mapped, fds[1]));
    }
    close(fds[1]);
    if (via_pipe) close(in[0]);
    ssize_t n = read(fds[0], res, sizeof *res);
    close(fds[0]);
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &st, 0, &ru);
    if (cat > 0) waitpid(cat, NULL, 0);
    *maxrss = ru.ru_maxrss;
    *cpu = cpu_of(&ru);
    return n == (ssize_t)sizeof *res && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int best_of(const char *path, bool via_pipe, bool mapped, run *out)
{
    out->seconds = out->cpu = 1e30;
    out->maxrss_kib = 0;
    for (int i = 0; i < RUNS; i++) {
        result r;
        long rss;
        double cpu;
        if (one_run(path, via_pipe, mapped, &r, &rss, &cpu)) return -1;
        if (r.seconds < out->seconds) {
            out->seconds = r.seconds;
            out->r = r;
        }
        if (cpu < out->cpu) out->cpu = cpu;
        if (rss > out->maxrss_kib) out->maxrss_kib = rss;
    }
    return 0;
}

static int bench_file(const char *path)
{
    struct stat st;
    if (stat(path, &st)) return -1;
    double mb = (double)st.st_size / 1e6;
    double wc_cpu;
    double wc = time_wc(path, RUNS, &wc_cpu);
    printf("file %s: %.1f MB\n", path, mb);
    printf("  wc -l:           wall %.3f s, CPU %.3f s (%.0f MB/s)\n", wc, wc_cpu, mb / wc);
    static const char *const how[] = {"read()", "mmap", "pipe"};
    for (int p = 0; p < 3; p++) {
        run r = {{0, 0, 0, 0, 0}, 0, 0, 0};
        if (best_of(path, p == 2, p == 1, &r)) {
            fprintf(stderr, "bench_ledger: reading failed (%s)\n", how[p]);
            return -1;
        }
        printf("  reader %-7s   wall %.3f s, CPU %.3f s: %.2f M records/s (%.2f by CPU), %.0f MB/s, "
               "peak RSS %.1f MiB; %.1fx wc -l (wall), %.1fx (CPU)\n",
               how[p], r.seconds, r.cpu, (double)r.r.records / r.seconds / 1e6,
               (double)r.r.records / r.cpu / 1e6, mb / r.seconds, (double)r.maxrss_kib / 1024.0,
               r.seconds / wc, r.cpu / wc_cpu);
        if (p == 0)
            printf("                   %llu records, %llu malformed\n",
                   (unsigned long long)r.r.records, (unsigned long long)r.r.rejected);
    }
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t events = 1000000;
    bool large = false, keep = false;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--large") == 0) large = true;
        else if (strcmp(argv[i], "--keep") == 0) keep = true;
        else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc) events = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--file") == 0 && i + 1 < argc) file = argv[++i];
        else {
            fprintf(stderr, "usage: bench_ledger [--events N] [--large] [--file LEDGER] [--keep]\n");
            return 2;
        }
    }
    if (file) return bench_file(file) ? 1 : 0;
    uint64_t sizes[2] = {events, 10000000};
    for (int k = 0; k < (large ? 2 : 1); k++) {
        const char *tmp = getenv("TMPDIR");
        char path[4096];
        snprintf(path, sizeof path, "%s/bench_ledger_XXXXXX", tmp && *tmp ? tmp : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0) {
            perror("bench_ledger: mkstemp");
            return 1;
        }
        close(fd);
        int rc = generate("bench_ledger", path, sizes[k]) || bench_file(path);
        if (keep) printf("kept %s\n", path);
        else unlink(path);
        if (rc) return 1;
    }
    return 0;
}
