/* SPDX-License-Identifier: Apache-2.0 */
/* Shared fixture of the payment-rule suites: the default Federal Reserve calendar, an
 * environment that collects events, and builders for accounts, mandates and charges.
 * Include after testing.h. */
#ifndef ACH_RULES_FIXTURE_H
#define ACH_RULES_FIXTURE_H

#include "testing.h"

/* Built once per TCase (unchecked fixture) and shared read-only by its tests. */
static ach_calendar *cal;
static ach_event events[16];
static ach_event_buffer evbuf;
static ach_env env;

static inline void rules_setup(void)
{
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_calendar_new_default(&cal, &err) == ACH_OK, "%s", err.message);
}

static inline void rules_teardown(void)
{
    ach_calendar_free(cal);
    cal = NULL;
}

/* Resets the event buffer and the environment (default fees). Call at the start of a test. */
static inline void env_reset(void)
{
    ach_event_buffer b = ACH_EVENT_BUFFER_INIT(events, sizeof events / sizeof *events);
    evbuf = b;
    ach_env e = {cal, NULL, ach_event_buffer_push, &evbuf};
    env = e;
}

/* An instant from literal parts (UTC). */
#define T(y, mo, d, h, mi, s) ach_instant_make(D((y), (mo), (d)), (h), (mi), (s))

/* A formatted date, for messages. */
static inline const char *fmt_date(char buf[ACH_DATE_FORMAT_SIZE], ach_date d)
{
    return ach_date_format(buf, d);
}

/* A `new` bank account with the given numbers and holder type (fails the test on error). */
static inline ach_bank_account account_new(const char *id, const char *routing,
                                           const char *number, ach_holder_type type)
{
    ach_account_params p = {id, strlen(id), "cus_1", 5, routing, strlen(routing),
                            number, strlen(number), "Jenny Rosen", 11, type, "US", 2, "usd", 3};
    ach_bank_account a;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_account_init(&a, &p, &err) == ACH_OK, "%s", err.message);
    return a;
}

/* A verified test-mode account (routing 110000000, instant verification). */
static inline ach_bank_account account_verified(const char *number, ach_holder_type type)
{
    ach_bank_account a = account_new("ba_1", "110000000", number, type);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_account_verify_instant(&a, &env, T(2026, 1, 2, 12, 0, 0), &err) == ACH_OK,
                  "%s", err.message);
    return a;
}

/* A mandate for account "ba_1" accepted on 2026-01-02. */
static inline ach_mandate mandate_for(const char *account)
{
    ach_mandate m;
    ck_assert_int_eq(ach_mandate_init(&m, "mandate_1", account, ACH_MANDATE_ONLINE,
                                      T(2026, 1, 2, 12, 0, 0), NULL),
                     ACH_OK);
    return m;
}

/* A pending charge of `amount` cents created at `at` on a verified account of `type`. */
static inline ach_charge charge_make(int64_t amount, ach_instant at, ach_holder_type type,
                                     ach_connect_kind connect, int64_t application_fee)
{
    ach_bank_account a = account_verified("000123456789", type);
    ach_mandate m = mandate_for(a.id);
    ach_charge_params p = {amount, "usd", 3, at, connect, application_fee};
    ach_charge c;
    ach_effects fx;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_charge_create(&fx, &c, &env, "ch_1", &a, &m, &p, &err) == ACH_OK, "%s",
                  err.message);
    return c;
}

/* A succeeded charge (success on its processing day at 23:00). */
static inline ach_charge charge_succeeded(int64_t amount, ach_instant at, ach_holder_type type,
                                          ach_connect_kind connect, int64_t application_fee)
{
    ach_charge c = charge_make(amount, at, type, connect, application_fee);
    ach_effects fx;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_charge_succeed(&fx, &c, &env, "ch_1",
                                     ach_instant_make(c.processing, 23, 0, 0), &err) == ACH_OK,
                  "%s", err.message);
    return c;
}

/* Sum of pending + available over the effects' transactions of one side. */
static inline int64_t fx_sum(const ach_effects *fx, ach_balance_side side, int64_t *pending,
                             int64_t *available)
{
    int64_t p = 0, a = 0;
    for (size_t i = 0; i < fx->txn_count; i++) {
        if (fx->txns[i].side != side) continue;
        ck_assert_int_eq(fx->txns[i].pending + fx->txns[i].available, fx->txns[i].net);
        ck_assert_int_eq(fx->txns[i].amount - fx->txns[i].fee, fx->txns[i].net);
        p += fx->txns[i].pending;
        a += fx->txns[i].available;
    }
    if (pending) *pending = p;
    if (available) *available = a;
    return p + a;
}

/* Outputs of a call that must fail are filled with POISON first; ck_assert_untouched() then
 * checks every byte is still POISON (conventions: outputs untouched on failure). */
#define POISON 0x5a
static inline void poison(void *p, size_t n)
{
    memset(p, POISON, n);
}

static inline bool still_poisoned(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != POISON) return false;
    return true;
}

#define ck_assert_untouched(obj)                                                              \
    ck_assert_msg(still_poisoned(&(obj), sizeof(obj)), "%s was written by a failed call", #obj)

/* Checks the message of err contains needle. */
#define ck_assert_msg_has(err, needle)                                                        \
    ck_assert_msg(strstr((err).message, (needle)) != NULL, "message '%s' lacks '%s'",         \
                  (err).message, (needle))

#endif /* ACH_RULES_FIXTURE_H */
