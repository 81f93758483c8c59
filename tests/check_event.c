/* SPDX-License-Identifier: Apache-2.0 */
/* Events (SPEC §7): names exactly as the spec, parsing, the out-array sink. */
#include "testing.h"

static const struct {
    ach_event_type type;
    const char *name;
} names[] = {
    {ACH_EVENT_CHARGE_PENDING, "charge.pending"},
    {ACH_EVENT_CHARGE_SUCCEEDED, "charge.succeeded"},
    {ACH_EVENT_CHARGE_FAILED, "charge.failed"},
    {ACH_EVENT_CHARGE_DISPUTE_CREATED, "charge.dispute.created"},
    {ACH_EVENT_CHARGE_REFUNDED, "charge.refunded"},
    {ACH_EVENT_REFUND_FAILED, "refund.failed"},
    {ACH_EVENT_CUSTOMER_SOURCE_UPDATED, "customer.source.updated"},
    {ACH_EVENT_FINANCIAL_CONNECTIONS_ACCOUNT_CREATED, "financial_connections.account.created"},
};

START_TEST(spec_7_event_names)
{
    ck_assert_int_eq((int)(sizeof names / sizeof *names), ACH_EVENT_TYPE_COUNT);
    ck_assert_str_eq(ach_event_type_name(names[_i].type), names[_i].name);
    ach_event_type t = 0;
    ck_assert_int_eq(ach_event_type_parse(&t, names[_i].name, strlen(names[_i].name), NULL),
                     ACH_OK);
    ck_assert_int_eq(t, names[_i].type);
}
END_TEST

START_TEST(unknown_event_names)
{
    ck_assert_str_eq(ach_event_type_name(0), "unknown");
    ck_assert_str_eq(ach_event_type_name(ACH_EVENT_TYPE_COUNT + 1), "unknown");
    static const char *const bad[] = {"", "charge", "charge.pending.", "Charge.pending",
                                      "charge.dispute_created", "charge.pendin"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ach_event_type t = 99;
        ach_error err = ACH_ERROR_INIT;
        ck_assert_int_eq(ach_event_type_parse(&t, bad[i], strlen(bad[i]), &err), ACH_ENOTFOUND);
        ck_assert_int_eq(t, 99);
        ck_assert_str_eq(err.field, "type");
    }
    /* a prefix of the right length is not enough: length is exact */
    ach_event_type t = 99;
    ck_assert_int_eq(ach_event_type_parse(&t, "charge.pendingX", 14, NULL), ACH_OK);
    ck_assert_int_eq(t, ACH_EVENT_CHARGE_PENDING);
}
END_TEST

START_TEST(event_buffer_keeps_order_and_counts_drops)
{
    ach_event store[2];
    ach_event_buffer b = ACH_EVENT_BUFFER_INIT(store, 2);
    ach_event ev;
    memset(&ev, 0, sizeof ev);
    for (int i = 1; i <= 3; i++) {
        ev.type = (ach_event_type)i;
        ev.amount = i * 100;
        ach_event_buffer_push(&b, &ev);
    }
    ck_assert_uint_eq(b.count, 2);
    ck_assert_uint_eq(b.dropped, 1);
    ck_assert_int_eq(store[0].type, ACH_EVENT_CHARGE_PENDING);
    ck_assert_int_eq(store[1].amount, 200);
    /* the push function has the callback type */
    ach_event_fn fn = ach_event_buffer_push;
    ck_assert_ptr_nonnull(fn);
}
END_TEST

static Suite *event_suite(void)
{
    Suite *s = suite_create("event");
    TCase *tc = tcase_create("names");
    tcase_add_loop_test(tc, spec_7_event_names, 0, (int)(sizeof names / sizeof *names));
    tcase_add_test(tc, unknown_event_names);
    tcase_add_test(tc, event_buffer_keeps_order_and_counts_drops);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(event_suite)
