/* SPDX-License-Identifier: Apache-2.0 */
/* Validators benchmark: routing checks per second and names normalised per second, on one
 * core (issue 3 goals: >= 50 million routing checks/s, >= 2 million names/s). Prints figures;
 * asserts nothing. Usage: bench_validators [ROUTING_N [NAME_N]] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ach.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: steadier on a shared machine */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* A realistic mix: mostly plain ASCII, some Latin accents and table letters, a few refusals. */
static const char *const sample_names[] = {
    "John Smith", "MARY ANN O'CONNOR", "José Müller", "Łukasz Żółć", "Søren Ørsted",
    "Acme Widgets, Inc.", "Nguyễn Văn Thành", "Straße & Söhne GmbH", "Jean-Pierre Dupont",
    "Ｊｏｈｎ Ｓｍｉｔｈ", "Maximilian Alexander Featherstonehaugh", "Đorđe Đoković",
    "İlknur Kılıç", "O’Brien “Jack”", "山田太郎", "Bob \xF0\x9F\x98\x80",
};

int main(int argc, char **argv)
{
    size_t nr = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000000;
    size_t nn = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000000;

    /* 4096 routing numbers: 7/8 valid (random prefix in range, right check digit), 1/8 with a
     * wrong digit, so the branch predictor cannot learn one outcome. */
    enum { POOL = 4096 };
    static char pool[POOL][ACH_ROUTING_SIZE];
    uint64_t x = 88172645463325252u;
    static const int prefixes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 26, 32, 61, 72};
    for (size_t i = 0; i < POOL; i++) {
        snprintf(pool[i], sizeof pool[i], "%02d%06u",
                 prefixes[xorshift(&x) % (sizeof prefixes / sizeof *prefixes)],
                 (unsigned)(xorshift(&x) % 1000000));
        int check = ach_routing_check_digit(pool[i]);
        if (xorshift(&x) % 8 == 0) check = (check + 1) % 10;
        pool[i][8] = (char)('0' + check);
        pool[i][9] = '\0';
    }

    size_t valid = 0;
    double t0 = now_s();
    for (size_t i = 0; i < nr; i++)
        valid += ach_routing_validate(pool[i % POOL], ACH_ROUTING_LEN, NULL) == ACH_OK;
    double routing_s = now_s() - t0;

    size_t lens[sizeof sample_names / sizeof *sample_names];
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) lens[i] = strlen(sample_names[i]);
    size_t ok = 0, bytes = 0;
    char out[ACH_NAME_FIT_SIZE];
    t0 = now_s();
    for (size_t i = 0; i < nn; i++) {
        size_t k = i % (sizeof lens / sizeof *lens);
        bool truncated = false;
        ok += ach_name_fit(out, sizeof out, &truncated, sample_names[k], lens[k],
                           ACH_HOLDER_INDIVIDUAL, NULL) == ACH_OK;
        bytes += lens[k];
    }
    double name_s = now_s() - t0;

    printf("validators: one core\n");
    printf("  routing_validate  %10.1f M checks/s  (%.2f ns/check, %zu of %zu valid; goal >= 50 M/s)\n",
           (double)nr / routing_s / 1e6, routing_s * 1e9 / (double)nr, valid, nr);
    printf("  name_fit          %10.2f M names/s   (%.0f ns/name, %.1f bytes avg, %zu of %zu ok; "
           "goal >= 2 M/s)\n",
           (double)nn / name_s / 1e6, name_s * 1e9 / (double)nn, (double)bytes / (double)nn, ok,
           nn);
    return 0;
}
