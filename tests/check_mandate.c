/* SPDX-License-Identifier: Apache-2.0 */
/* Mandates (R-MAN-1): active from acceptance until revocation; a charge needs one. */
#include "testing.h"
#include "rules_fixture.h"

#define ACCEPTED T(2026, 3, 2, 9, 0, 0)
#define REVOKED T(2026, 6, 1, 0, 0, 0)

START_TEST(r_man_1_active_interval)
{
    ach_mandate m;
    ck_assert_int_eq(ach_mandate_init(&m, "mandate_1", "ba_1", ACH_MANDATE_ONLINE, ACCEPTED, NULL),
                     ACH_OK);
    ck_assert_str_eq(m.id, "mandate_1");
    ck_assert_str_eq(m.account, "ba_1");
    ck_assert_int_eq(m.revoked_at, ACH_INSTANT_NONE);
    ck_assert(!ach_mandate_is_active(&m, ACCEPTED - 1));
    ck_assert(ach_mandate_is_active(&m, ACCEPTED));
    ck_assert(ach_mandate_is_active(&m, T(2030, 1, 1, 0, 0, 0)));
    ck_assert_int_eq(ach_mandate_revoke(&m, REVOKED, NULL), ACH_OK);
    ck_assert(ach_mandate_is_active(&m, REVOKED - 1));
    ck_assert(!ach_mandate_is_active(&m, REVOKED)); /* revocation stops debits from its instant */
    ck_assert(!ach_mandate_is_active(&m, REVOKED + 86400));
}
END_TEST

/* `at` is `delta` seconds after the acceptance (when !after_revocation) or the revocation. */
struct check_case {
    bool have_mandate;
    const char *account;
    bool after_revocation;
    int64_t delta;
    ach_status status;
    const char *needle;
};

static const struct check_case checks[] = {
    {true, "ba_1", false, 0, ACH_OK, NULL},
    {true, "ba_1", true, -1, ACH_OK, NULL},
    {false, "ba_1", false, 0, ACH_ENOMANDATE,
     "no mandate authorises debits from bank account ba_1 (R-MAN-1)"},
    {true, "ba_2", false, 0, ACH_ENOMANDATE,
     "mandate mandate_1 authorises bank account ba_1, not ba_2"},
    {true, "ba_1", false, -1, ACH_ENOMANDATE,
     "was not yet accepted: it was accepted at 2026-03-02T09:00:00Z"},
    {true, "ba_1", true, 0, ACH_ENOMANDATE,
     "mandate mandate_1 was revoked at 2026-06-01T00:00:00Z"},
    {true, "ba_1", true, 3600, ACH_ENOMANDATE, "was revoked at"},
};

START_TEST(r_man_1_check_messages)
{
    const struct check_case *c = &checks[_i];
    ach_mandate m;
    ck_assert_int_eq(ach_mandate_init(&m, "mandate_1", "ba_1", ACH_MANDATE_OFFLINE, ACCEPTED, NULL),
                     ACH_OK);
    ck_assert_int_eq(ach_mandate_revoke(&m, REVOKED, NULL), ACH_OK);
    ach_error err = ACH_ERROR_INIT;
    ach_instant at = (c->after_revocation ? REVOKED : ACCEPTED) + c->delta;
    ck_assert_int_eq(ach_mandate_check(c->have_mandate ? &m : NULL, c->account, at, &err),
                     c->status);
    if (c->needle) {
        ck_assert_str_eq(err.field, "mandate");
        ck_assert_msg_has(err, c->needle);
    }
}
END_TEST

START_TEST(revoke_errors_leave_mandate_untouched)
{
    ach_mandate m;
    ck_assert_int_eq(ach_mandate_init(&m, "mandate_1", "ba_1", ACH_MANDATE_ONLINE, ACCEPTED, NULL),
                     ACH_OK);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_mandate_revoke(&m, ACCEPTED - 1, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "revoked_at");
    ck_assert_int_eq(m.revoked_at, ACH_INSTANT_NONE);
    ck_assert_int_eq(ach_mandate_revoke(&m, ACCEPTED, NULL), ACH_OK); /* same instant is fine */
    ck_assert_int_eq(ach_mandate_revoke(&m, REVOKED, &err), ACH_ETRANSITION);
    ck_assert_msg_has(err, "already revoked at 2026-03-02T09:00:00Z");
    ck_assert_int_eq(m.revoked_at, ACCEPTED);
}
END_TEST

START_TEST(init_errors)
{
    char longid[ACH_ID_SIZE + 1];
    memset(longid, 'x', ACH_ID_SIZE);
    longid[ACH_ID_SIZE] = '\0'; /* 64 bytes: one too many */
    char maxid[ACH_ID_SIZE];
    memset(maxid, 'y', ACH_ID_MAX);
    maxid[ACH_ID_MAX] = '\0'; /* 63 bytes: the longest */
    ach_mandate m;
    poison(&m, sizeof m);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_mandate_init(&m, NULL, "ba_1", ACH_MANDATE_ONLINE, 0, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "id");
    ck_assert_int_eq(ach_mandate_init(&m, "", "ba_1", ACH_MANDATE_ONLINE, 0, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_mandate_init(&m, longid, "ba_1", ACH_MANDATE_ONLINE, 0, &err),
                     ACH_ETOOLONG);
    ck_assert_str_eq(err.field, "id");
    ck_assert_int_eq(ach_mandate_init(&m, "m", "ba\n1", ACH_MANDATE_ONLINE, 0, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "account");
    ck_assert_uint_eq(err.column, 3);
    ck_assert_int_eq(ach_mandate_init(&m, "m", "ba_1", 3, 0, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "type");
    ck_assert_untouched(m);
    ck_assert_int_eq(ach_mandate_init(&m, maxid, maxid, ACH_MANDATE_ONLINE, 0, &err), ACH_OK);
    ck_assert_str_eq(m.id, maxid);
}
END_TEST

START_TEST(types)
{
    ach_mandate_type t = 0;
    ck_assert_int_eq(ach_mandate_type_parse(&t, "online", 6, NULL), ACH_OK);
    ck_assert_int_eq(t, ACH_MANDATE_ONLINE);
    ck_assert_int_eq(ach_mandate_type_parse(&t, "offline", 7, NULL), ACH_OK);
    ck_assert_int_eq(t, ACH_MANDATE_OFFLINE);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_mandate_type_parse(&t, "Online", 6, &err), ACH_EINVAL);
    ck_assert_msg_has(err, "'Online' is neither online nor offline");
    ck_assert_int_eq(t, ACH_MANDATE_OFFLINE);
    ck_assert_str_eq(ach_mandate_type_name(ACH_MANDATE_ONLINE), "online");
    ck_assert_str_eq(ach_mandate_type_name(ACH_MANDATE_OFFLINE), "offline");
    ck_assert_str_eq(ach_mandate_type_name(0), "unknown");
}
END_TEST

/* R-MAN-1 through ach_charge_create: a revoked mandate stops future debits. */
START_TEST(r_man_1_charge_needs_active_mandate)
{
    env_reset();
    ach_bank_account a = account_verified("000123456789", ACH_HOLDER_INDIVIDUAL);
    ach_mandate m = mandate_for(a.id);
    ck_assert_int_eq(ach_mandate_revoke(&m, T(2026, 5, 1, 0, 0, 0), NULL), ACH_OK);
    ach_charge_params p = {1000, "usd", 3, T(2026, 4, 30, 23, 59, 59), ACH_CONNECT_NONE, 0};
    ach_charge c;
    ach_effects fx;
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_1", &a, &m, &p, NULL), ACH_OK);
    p.created = T(2026, 5, 1, 0, 0, 0);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_charge_create(&fx, &c, &env, "ch_2", &a, &m, &p, &err), ACH_ENOMANDATE);
    ck_assert_msg_has(err, "revoked at 2026-05-01T00:00:00Z");
}
END_TEST

static Suite *mandate_suite(void)
{
    Suite *s = suite_create("mandate");
    TCase *tc = tcase_create("r_man_1");
    tcase_add_unchecked_fixture(tc, rules_setup, rules_teardown);
    tcase_add_test(tc, r_man_1_active_interval);
    tcase_add_loop_test(tc, r_man_1_check_messages, 0, (int)(sizeof checks / sizeof *checks));
    tcase_add_test(tc, revoke_errors_leave_mandate_untouched);
    tcase_add_test(tc, init_errors);
    tcase_add_test(tc, types);
    tcase_add_test(tc, r_man_1_charge_needs_active_mandate);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(mandate_suite)
