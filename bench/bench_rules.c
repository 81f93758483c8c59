/* SPDX-License-Identifier: Apache-2.0 */
/* Payment-rules benchmark: ns per rule call as the reconciliation engine makes them (create,
 * outcome, refund, dispute) over charges spread across 2026-2027, with an event callback that
 * counts. Also prints the sizes the engine keeps per open object. Prints figures; asserts
 * nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ach.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void count_event(void *ctx, const ach_event *ev)
{
    (void)ev;
    ++*(size_t *)ctx;
}

static int fail(const char *what, const ach_error *err)
{
    fprintf(stderr, "%s: %s\n", what, err->message);
    return 1;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000;
    ach_calendar *cal = NULL;
    ach_error err = ACH_ERROR_INIT;
    if (ach_calendar_new_default(&cal, &err)) return fail("calendar", &err);
    size_t events = 0;
    ach_env env = {cal, NULL, count_event, &events};

    ach_account_params p = {"ba_1", 4, "cus_1", 5, "110000000", 9, "000123456789", 12,
                            "Jenny Rosen", 11, ACH_HOLDER_INDIVIDUAL, "US", 2, "usd", 3};
    ach_bank_account acct;
    ach_instant t2026 = ach_instant_make(20454, 0, 0, 0); /* 2026-01-01 */
    if (ach_account_init(&acct, &p, &err) ||
        ach_account_verify_instant(&acct, &env, t2026, &err))
        return fail("account", &err);
    ach_mandate mandate;
    if (ach_mandate_init(&mandate, "mandate_1", "ba_1", ACH_MANDATE_ONLINE, t2026, &err))
        return fail("mandate", &err);

    ach_charge *charges = malloc(n * sizeof *charges);
    ach_instant *created = malloc(n * sizeof *created);
    int64_t *amounts = malloc(n * sizeof *amounts);
    if (!charges || !created || !amounts) return 1;
    /* fault the pages in before timing (not 0: malloc + memset 0 may become a lazy calloc) */
    memset(charges, 0xff, n * sizeof *charges);
    uint64_t x = 88172645463325252u;
    for (size_t i = 0; i < n; i++) {
        created[i] = t2026 + (ach_instant)(xorshift(&x) % (365u * 86400u));
        amounts[i] = 100 + (int64_t)(xorshift(&x) % 10000000u);
    }

    ach_effects fx;
    int64_t net = 0;
    double t0 = now_ns();
    for (size_t i = 0; i < n; i++) {
        ach_charge_params cp = {amounts[i], "usd", 3, created[i], ACH_CONNECT_NONE, 0};
        if (ach_charge_create(&fx, &charges[i], &env, "ch", &acct, &mandate, &cp, &err))
            return fail("create", &err);
        net += fx.txns[0].net;
    }
    double create_ns = (now_ns() - t0) / (double)n;

    t0 = now_ns();
    for (size_t i = 0; i < n; i++) {
        ach_instant at = created[i] + 3 * 86400;
        ach_status st = (i % 20 == 7) ? ach_charge_fail(&fx, &charges[i], &env, "ch", 1, at, &err)
                                      : ach_charge_succeed(&fx, &charges[i], &env, "ch", at, &err);
        if (st) return fail("outcome", &err);
        net += fx.txn_count ? fx.txns[0].net : 0;
    }
    double outcome_ns = (now_ns() - t0) / (double)n;

    size_t refunds = 0, disputes = 0;
    t0 = now_ns();
    for (size_t i = 0; i < n; i++) {
        if (charges[i].status != ACH_CHARGE_SUCCEEDED) continue;
        ach_refund r;
        if (ach_refund_create(&fx, &r, &charges[i], &env, "re", "ch", 50, created[i] + 10 * 86400,
                              &err))
            return fail("refund", &err);
        refunds++;
    }
    double refund_ns = refunds ? (now_ns() - t0) / (double)refunds : 0;

    t0 = now_ns();
    for (size_t i = 0; i < n; i++) {
        if (charges[i].status != ACH_CHARGE_SUCCEEDED) continue;
        ach_dispute d;
        if (ach_dispute_create(&fx, &d, &charges[i], &env, "dp", "ch", ACH_DISPUTE_GENERAL,
                               created[i] + 20 * 86400, &err))
            return fail("dispute", &err);
        disputes++;
    }
    double dispute_ns = disputes ? (now_ns() - t0) / (double)disputes : 0;

    printf("charges: %zu, events: %zu (net checksum %lld)\n", n, events, (long long)net);
    printf("ach_charge_create:            %7.1f ns/call  (%.1f M/s)\n", create_ns,
           1e3 / create_ns);
    printf("ach_charge_succeed/fail:      %7.1f ns/call  (%.1f M/s)\n", outcome_ns,
           1e3 / outcome_ns);
    printf("ach_refund_create:            %7.1f ns/call  (%zu calls)\n", refund_ns, refunds);
    printf("ach_dispute_create:           %7.1f ns/call  (%zu calls)\n", dispute_ns, disputes);
    printf("sizeof ach_charge %zu, ach_refund %zu, ach_dispute %zu, ach_bank_account %zu, "
           "ach_mandate %zu, ach_effects %zu bytes\n",
           sizeof(ach_charge), sizeof(ach_refund), sizeof(ach_dispute), sizeof(ach_bank_account),
           sizeof(ach_mandate), sizeof(ach_effects));
    free(charges);
    free(created);
    free(amounts);
    ach_calendar_free(cal);
    return 0;
}
