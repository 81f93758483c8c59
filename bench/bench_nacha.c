/* SPDX-License-Identifier: Apache-2.0 */
/* NACHA reader benchmark and large-file generator (issue 7: goal >= 10 million entries/s on one
 * core; the best-known open-source reader publishes about 0.75 million entries/s).
 *
 *   bench_nacha                     validate generated files of 100 thousand and 1 million entries
 *                                   in memory and from a file; print entries/s and MB/s
 *   bench_nacha N...                the same for N entries each
 *   bench_nacha --write FILE N      write a valid file of N entries (for `ach nacha validate`)
 *
 * The generated files are PPD debit batches of 1,000 entries with real routing numbers, varied
 * amounts and accounts, an addenda 05 on every tenth entry, \n line breaks and padding; the
 * benchmark stops with an error if the reader finds anything in them. Times are the thread's
 * CPU time (best of several runs), so other load on the machine does not count. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "ach.h"

#define REC 94
#define LINE (REC + 1)
#define BATCH_SIZE 1000

/* CPU time of this thread: the machine may be shared, and the goal is per core. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Routing numbers of large US banks (valid check digits), for the RDFI fields. */
static const char *const rdfis[] = {"021000021", "121000248", "322271627", "026009593",
                                    "011000015", "091000019", "021000089", "111000025"};

typedef struct out {
    char *p;
    size_t n;
} out;

static void line(out *o, const char *fmt, ...) ACH_PRINTF(2, 3);
static void line(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[LINE + 8];
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k != REC) {
        fprintf(stderr, "generator bug: record of %d characters: %s\n", k, buf);
        exit(2);
    }
    memcpy(o->p + o->n, buf, REC);
    o->p[o->n + REC] = '\n';
    o->n += LINE;
}

/* Records a file of `entries` entries needs. */
static size_t records_for(size_t entries)
{
    size_t batches = (entries + BATCH_SIZE - 1) / BATCH_SIZE;
    size_t addenda = (entries + 9) / 10;
    size_t n = 2 + 2 * batches + entries + addenda;
    return (n + 9) / 10 * 10;
}

/* Writes a valid file of `entries` entries into buf (records_for(entries) * 95 bytes). */
static size_t generate(char *buf, size_t entries)
{
    out o = {buf, 0};
    line(&o, "101 0910000191234567890261123101" "5A094101%-23s%-23s%-8s", "WELLS FARGO BANK",
         "ACME GYM LLC", "");
    uint64_t f_hash = 0;
    int64_t f_debit = 0;
    size_t f_count = 0, batches = 0, k = 0;
    uint64_t seed = 88172645463325252u;
    while (k < entries) {
        batches++;
        size_t n = entries - k < BATCH_SIZE ? entries - k : BATCH_SIZE;
        line(&o, "5225%-16s%-20s%-10sPPD%-10s%-6s261124   1%s%07zu", "ACME GYM", "", "1234567890",
             "MEMBERSHIP", "", "09100001", batches);
        uint64_t hash = 0;
        int64_t debit = 0;
        size_t count = 0;
        for (size_t i = 0; i < n; i++, k++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            const char *rt = rdfis[seed % (sizeof rdfis / sizeof *rdfis)];
            int64_t amount = (int64_t)(seed >> 40) % 100000 + 100; /* up to $1,001: 10 M entries fit the 12-digit total */
            bool addenda = k % 10 == 0;
            char account[18], name[23], id[16];
            snprintf(account, sizeof account, "%012llu", (unsigned long long)(seed % 1000000000000u));
            snprintf(name, sizeof name, "CUSTOMER %zu", k);
            snprintf(id, sizeof id, "CUST-%zu", k);
            size_t trace = k + 1;
            line(&o, "627%s%-17s%010lld%-15s%-22s  %c09100001%07zu", rt, account, (long long)amount,
                 id, name, addenda ? '1' : '0', trace);
            uint64_t rdfi = 0;
            for (int d = 0; d < 8; d++) rdfi = rdfi * 10 + (uint64_t)(rt[d] - '0');
            hash += rdfi;
            debit += amount;
            count++;
            if (addenda) {
                line(&o, "705%-80s0001%07zu", "MEMBERSHIP NOVEMBER 2026", trace);
                count++;
            }
        }
        line(&o, "8225%06zu%010llu%012lld%012lld%-10s%-19s%-6s%s%07zu", count,
             (unsigned long long)(hash % 10000000000u), (long long)debit, 0LL, "1234567890", "",
             "", "09100001", batches);
        f_hash += hash;
        f_debit += debit;
        f_count += count;
    }
    size_t records = o.n / LINE + 1;
    line(&o, "9%06zu%06zu%08zu%010llu%012lld%012lld%-39s", batches, (records + 9) / 10, f_count,
         (unsigned long long)(f_hash % 10000000000u), (long long)f_debit, 0LL, "");
    while ((o.n / LINE) % 10) {
        memset(o.p + o.n, '9', REC);
        o.p[o.n + REC] = '\n';
        o.n += LINE;
    }
    return o.n;
}

static void count_finding(const ach_nacha_finding *f, void *ctx)
{
    uint64_t *n = ctx;
    if ((*n)++ == 0) {
        char buf[256];
        ach_nacha_finding_format(buf, sizeof buf, f);
        fprintf(stderr, "unexpected finding: %s\n", buf);
    }
}

static int run(size_t entries)
{
    size_t cap = records_for(entries) * LINE;
    char *buf = malloc(cap);
    if (!buf) return 1;
    size_t len = generate(buf, entries);
    uint64_t findings = 0;
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.on_finding = count_finding;
    opts.ctx = &findings;
    ach_nacha_summary sum;
    ach_error err = ACH_ERROR_INIT;

    /* In memory: best of a few runs (the machine is shared). */
    int reps = entries >= 1000000 ? 5 : 20;
    double best = 1e30;
    for (int i = 0; i < reps; i++) {
        double t0 = now_s();
        if (ach_nacha_validate(&sum, buf, len, "generated", &opts, &err) != ACH_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        double t = now_s() - t0;
        if (t < best) best = t;
    }
    if (findings || sum.entries != entries) {
        fprintf(stderr, "generated file: %llu findings, %llu entries\n",
                (unsigned long long)findings, (unsigned long long)sum.entries);
        return 1;
    }
    printf("%9zu entries  %7.1f MB  memory: %7.2f M entries/s  %7.0f MB/s  (%.1f ms)\n", entries,
           len / 1e6, entries / best / 1e6, len / best / 1e6, best * 1e3);

    /* From a file, read in a window with read() (warm page cache). */
    char path[] = "/tmp/bench_nacha_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len) return 1;
    close(fd);
    best = 1e30;
    for (int i = 0; i < reps; i++) {
        double t0 = now_s();
        if (ach_nacha_validate_file(&sum, path, &opts, &err) != ACH_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        double t = now_s() - t0;
        if (t < best) best = t;
    }
    unlink(path);
    printf("%9zu entries  %7.1f MB  file:   %7.2f M entries/s  %7.0f MB/s  (%.1f ms)\n", entries,
           len / 1e6, entries / best / 1e6, len / best / 1e6, best * 1e3);
    free(buf);
    return findings ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--write") == 0) {
        size_t entries = strtoul(argv[3], NULL, 10);
        char *buf = malloc(records_for(entries) * LINE);
        if (!buf) return 1;
        size_t len = generate(buf, entries);
        FILE *f = fopen(argv[2], "wb");
        if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
            perror(argv[2]);
            return 1;
        }
        free(buf);
        return 0;
    }
    printf("NACHA reader: validate generated PPD files (goal >= 10 M entries/s)\n");
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            if (run(strtoul(argv[i], NULL, 10))) return 1;
        return 0;
    }
    return run(100000) || run(1000000);
}
