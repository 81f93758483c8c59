/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile inputs, library side (issue 17): what a crafted ledger, return file or calendar must
 * never do to the engine's report, its tables or its messages.
 *
 * - rejected lines never move the report's date or any figure of it (item 3);
 * - ids built to collide keep the hash tables' probes bounded (item 4);
 * - calendars are bounded in size, recurrence and occurrences (item 5);
 * - account numbers landing in typed fields are masked in every finding (item 8, R-SEC-1);
 * - a report as of the first date names no day before it (item 10). */
#include <unistd.h>
#include "testing.h"
#include "idmap.h"
#include "internal.h" /* ach__echo() */

static ach_calendar *cal;

static void cal_setup(void)
{
    ck_assert_int_eq(ach_calendar_new_default(&cal, NULL), ACH_OK);
}

static void cal_teardown(void)
{
    ach_calendar_free(cal);
    cal = NULL;
}

/* Runs an engine over a ledger in memory to its end. */
static ach_recon *run_text(const char *text, size_t len)
{
    ach_ledger_reader *r = NULL;
    ach_recon *e = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, len, "hostile.csv", NULL), ACH_OK);
    ck_assert_int_eq(ach_recon_new(&e, cal, NULL, &err), ACH_OK);
    ck_assert_msg(ach_recon_read(e, r, &err) == ACH_OK, "read: %s", err.message);
    ach_ledger_reader_free(r);
    return e;
}

static void count_one(void *ctx, uint32_t ref)
{
    (void)ref;
    ++*(size_t *)ctx;
}

static ach_recon_report report(const ach_recon *e, ach_date as_of)
{
    ach_recon_report r;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_recon_report_compute(&r, e, as_of, &err) == ACH_OK, "%s", err.message);
    return r;
}

#define HEADER \
    "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"

/* A verified test-mode account ba_1 with its mandate, then 10 charges on 2025-03-03 of which
 * one (ch_0) comes back R10 (unauthorised) on 03-06: 1 in 10 is far above the 0.5 % threshold
 * (R-RET-2). */
#define BREACH_LEDGER                                                                         \
    HEADER                                                                                    \
    "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,110000000,000123456789,Ann Lee,individual,,\n" \
    "2025-03-03T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"                                   \
    "2025-03-03T09:02:00Z,mandate,md_1,ba_1,,,,,,,accepted,\n"                                 \
    "2025-03-03T10:00:00Z,charge,ch_0,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:01:00Z,charge,ch_1,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:02:00Z,charge,ch_2,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:03:00Z,charge,ch_3,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:04:00Z,charge,ch_4,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:05:00Z,charge,ch_5,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:06:00Z,charge,ch_6,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:07:00Z,charge,ch_7,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:08:00Z,charge,ch_8,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:09:00Z,charge,ch_9,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-06T10:00:00Z,outcome,,ch_0,,,,,,,R10,\n"

/* ---- item 3: rejected lines never move the report ----------------------------------------- */

START_TEST(test_rejected_lines_do_not_move_as_of)
{
    /* After the real ledger: lines dated 9999 that are each rejected, one for every way a
     * well-formed line can be refused (unknown charge, duplicate id, unknown account, a refund
     * above its charge), and a malformed one. */
    static const char text[] = BREACH_LEDGER
        "9999-12-31T00:00:00Z,outcome,,ch_none,,,,,,,succeeded,\n"
        "9999-12-31T00:00:01Z,charge,ch_1,ba_1,1000,usd,,,,,,\n"
        "9999-12-31T00:00:02Z,charge,ch_x,ba_none,1000,usd,,,,,,\n"
        "9999-12-31T00:00:03Z,refund,re_1,ch_2,999999,usd,,,,,,\n"
        "9999-12-31T00:00:04Z,charge,ch_y,ba_1,12x,usd,,,,,,\n";
    ach_recon *e = run_text(text, sizeof text - 1);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.applied, 14);
    ck_assert_uint_eq(r.rejected, 5);
    ck_assert_int_eq(r.first_date, D(2025, 3, 3));
    ck_assert_int_eq(r.last_date, D(2025, 3, 6));
    ck_assert_int_eq(r.as_of, D(2025, 3, 6));
    ck_assert_int_eq(r.rates_from, D(2025, 1, 6));
    /* the breach shows (R-RET-2): 1 unauthorised return of 10 debits */
    ck_assert_uint_eq(r.return_rates.debits, 10);
    ck_assert_uint_eq(r.return_rates.unauthorized.count, 1);
    ck_assert(r.return_rates.unauthorized.breach);
    ck_assert_uint_eq(r.charges, 10);
    ck_assert_int_eq(r.gross, 10000);

    /* a rejected return entry dated 9999 moves nothing either; an applied one does */
    ach_recon_return x;
    memset(&x, 0, sizeof x);
    snprintf(x.trace, sizeof x.trace, "%s", "091000019999999");
    snprintf(x.code, sizeof x.code, "%s", "R01");
    x.amount = 1000;
    x.at = (ach_instant)ACH_DATE_MAX * 86400;
    x.position = 1;
    ach_recon_verdict v;
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    r = report(e, ACH_DATE_NONE);
    ck_assert_int_eq(r.last_date, D(2025, 3, 6));
    ck_assert(r.return_rates.unauthorized.breach);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_only_rejected_lines_give_no_date)
{
    static const char text[] = HEADER "9999-12-31T00:00:00Z,outcome,,ch_none,,,,,,,succeeded,\n";
    ach_recon *e = run_text(text, sizeof text - 1);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.rejected, 1);
    ck_assert_int_eq(r.as_of, ACH_DATE_NONE);
    ck_assert_int_eq(r.first_date, ACH_DATE_NONE);
    ck_assert_int_eq(r.last_date, ACH_DATE_NONE);
    ach_recon_free(e);
}
END_TEST

/* ---- item 10: the first representable date ------------------------------------------------ */

START_TEST(test_window_at_first_date)
{
    static const char text[] = BREACH_LEDGER;
    ach_recon *e = run_text(text, sizeof text - 1);
    ach_recon_report r = report(e, ACH_DATE_MIN);
    ck_assert_int_eq(r.as_of, ACH_DATE_MIN);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN); /* not 0000-11-03 */
    char buf[ACH_DATE_FORMAT_SIZE];
    ck_assert_str_eq(ach_date_format(buf, r.rates_from), "0001-01-01");
    ach_date back;
    ck_assert_int_eq(ach_date_parse(&back, buf, strlen(buf), NULL), ACH_OK);
    ck_assert_uint_eq(r.charges, 0);
    r = report(e, ACH_DATE_MIN + 10);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN);
    r = report(e, ACH_DATE_MIN + 59);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN);
    r = report(e, ACH_DATE_MIN + 60);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN + 1);
    /* the last date works too; dates outside the range are refused, not formatted */
    r = report(e, ACH_DATE_MAX);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MAX - 59);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_recon_report_compute(&r, e, ACH_DATE_MIN - 1, &err), ACH_ERANGE);
    ck_assert_str_eq(err.field, "as_of");
    ck_assert_int_eq(ach_recon_report_compute(&r, e, ACH_DATE_MAX + 1, &err), ACH_ERANGE);
    ach_recon_free(e);
}
END_TEST

/* ---- item 4: hash flooding ----------------------------------------------------------------- */

/* The AVL bound on the height of a tree of n nodes: 1.44 log2(n + 2). */
static unsigned avl_bound(size_t n)
{
    unsigned lg = 0;
    while (((size_t)1 << lg) < n + 2) lg++;
    return (unsigned)(1.4405 * lg) + 1;
}

/* Inverses of ach__mix64()'s steps, to build keys that collide on purpose. */
static uint64_t unxorshift(uint64_t y, unsigned s)
{
    uint64_t x = y;
    for (unsigned k = s; k < 64; k += s) x ^= y >> k;
    return x;
}

static uint64_t inverse_odd(uint64_t a)
{
    uint64_t x = a; /* Newton: each step doubles the correct low bits */
    for (int i = 0; i < 6; i++) x *= 2 - a * x;
    return x;
}

static uint64_t unmix64(uint64_t x)
{
    x = unxorshift(x, 31);
    x *= inverse_odd(UINT64_C(0x94d049bb133111eb));
    x = unxorshift(x, 27);
    x *= inverse_odd(UINT64_C(0xbf58476d1ce4e5b9));
    return unxorshift(x, 30);
}

/* A 16-byte id whose hash under `key` is `target`: its first word is `first`, its second is
 * solved for by running the hash's last steps backwards (ach__id_hash(): two words, no tail). */
static void id_with_hash(char id[16], uint64_t key, uint64_t first, uint64_t target)
{
    const uint64_t mul = UINT64_C(0xff51afd7ed558ccd);
    uint64_t s1 = ((UINT64_C(0x9e3779b97f4a7c15) ^ key ^ 16u) ^ first) * mul;
    s1 ^= s1 >> 32;
    uint64_t y = unmix64(target);
    y ^= y >> 32;
    y *= inverse_odd(mul);
    uint64_t second = y ^ s1;
    memcpy(id, &first, 8);
    memcpy(id + 8, &second, 8);
}

/* Every id under one and the same 64-bit hash: the worst an attacker who knows the key can do.
 * The table keeps what fits within the probe bound; the rest is in a tree of bounded height, and
 * every id is still found. */
START_TEST(test_idmap_one_hash_for_all)
{
    enum { N = 20000 };
    ach__arena a;
    memset(&a, 0, sizeof a);
    ach__idmap m;
    ach__idmap_init(&m, &a, 0, ach__hash_key(0));
    const uint64_t h = UINT64_C(0x0123456789abcdef);
    static uint32_t refs[N];
    char id[16];
    const int len = 16;
    for (int i = 0; i < N; i++) {
        id_with_hash(id, m.key, (uint64_t)i, h);
        ck_assert_uint_eq(ach__id_hash(m.key, id, 16), h);
        ck_assert_uint_eq(ach__idmap_find(&m, &a, id, (size_t)len, h), 0);
        ck_assert_int_eq(ach__idmap_reserve(&m, &a, 0, false), ACH_OK);
        ck_assert_int_eq(ach__arena_alloc(&refs[i], &a, 1 + (size_t)len), ACH_OK);
        uint8_t *p = ach__arena_at(&a, refs[i]);
        p[0] = (uint8_t)len;
        memcpy(p + 1, id, (size_t)len);
        ach__idmap_insert(&m, refs[i], h);
    }
    ck_assert_uint_eq(m.count, N);
    /* at most ACH__IDMAP_PROBE groups of 12 in the table, the rest in the tree */
    ck_assert_uint_ge(ach__idmap_spilled(&m), N - ACH__IDMAP_PROBE * ACH__IDMAP_GROUP);
    ck_assert_uint_le(ach__tree_height(&m.spill), avl_bound(N));
    ck_assert_uint_le(ach__tree_height(&m.spill), 21);
    for (int i = 0; i < N; i++) {
        id_with_hash(id, m.key, (uint64_t)i, h);
        ck_assert_uint_eq(ach__idmap_find(&m, &a, id, (size_t)len, h), refs[i]);
        id_with_hash(id, m.key, (uint64_t)i + N, h); /* same hash, not in the map */
        ck_assert_uint_eq(ach__idmap_find(&m, &a, id, (size_t)len, h), 0);
    }
    /* each entry once over table and tree */
    size_t seen = 0;
    ach__idmap_each(&m, count_one, &seen);
    ck_assert_uint_eq(seen, N);
    ach__idmap_free(&m);
    ach__arena_free(&a);
}
END_TEST

/* Keys whose hashes under the map's key share their low 32 bits: one home slot in every table
 * of up to 2^32 slots. */
START_TEST(test_u64map_one_home_for_all)
{
    enum { N = 20000 };
    ach__u64map u;
    memset(&u, 0, sizeof u);
    u.key = ach__hash_key(0);
    static uint64_t keys[N];
    for (uint64_t i = 0; i < N; i++) {
        keys[i] = unmix64((i + 1) << 32 | 0x5eedu) ^ u.key;
        ck_assert_uint_eq(ach__mix64(keys[i] ^ u.key) & 0xffffffffu, 0x5eedu);
        if (i % 2) {
            ck_assert_int_eq(ach__u64map_reserve(&u, 1), ACH_OK);
            ach__u64map_put(&u, keys[i], (uint32_t)i + 1);
        } else {
            ck_assert_int_eq(ach__u64map_set(&u, keys[i], (uint32_t)i + 1), ACH_OK);
        }
    }
    ck_assert_uint_eq(u.count, N);
    ck_assert_uint_ge(ach__u64map_spilled(&u), N - ACH__U64MAP_PROBE);
    ck_assert_uint_le(ach__tree_height(&u.spill), avl_bound(N));
    for (size_t i = 0; i < N; i++) ck_assert_uint_eq(ach__u64map_get(&u, keys[i]), i + 1);
    ck_assert_uint_eq(ach__u64map_get(&u, unmix64(UINT64_C(0xffff) << 40 | 0x5eedu) ^ u.key),
                      0);
    /* a value in the tree is replaced, not added */
    ck_assert_int_eq(ach__u64map_reserve(&u, 1), ACH_OK);
    ach__u64map_put(&u, keys[N - 1], 7);
    ck_assert_uint_eq(u.count, N);
    ck_assert_uint_eq(ach__u64map_get(&u, keys[N - 1]), 7);
    ck_assert_uint_ge(ach__u64map_room(&u), 1);
    ach__u64map_free(&u);
    ck_assert_uint_eq(u.key, ach__hash_key(0)); /* kept for reuse */
}
END_TEST

/* The seed changes the hash, never a result: charges whose ids collide under the default key,
 * each with a trace number and a return, give the same report under three seeds. */
START_TEST(test_engine_results_do_not_depend_on_seed)
{
    enum { N = 3000 };
    size_t cap = 512 + N * 96;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    size_t k = (size_t)snprintf(text, cap, "%s",
                                HEADER "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,110000000,"
                                       "000123456789,Ann Lee,individual,,\n"
                                       "2025-03-03T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"
                                       "2025-03-03T09:02:00Z,mandate,md_1,ba_1,,,,,,,accepted,\n");
    const uint64_t key = ach__hash_key(0);
    uint64_t x = 1;
    for (int i = 0; i < N; i++) {
        char id[32];
        int len;
        do { /* home group within the first 8 of any table up to 4096 groups */
            x = ach__mix64(x + 1);
            len = snprintf(id, sizeof id, "ch_%llx", (unsigned long long)(x >> 20));
        } while ((ach__id_hash(key, id, (size_t)len) >> 3) & 0x1ffu);
        k += (size_t)snprintf(text + k, cap - k,
                              "2025-03-03T10:00:00Z,charge,%s,ba_1,1000,usd,,,,,%015d,\n", id,
                              100000000 + i);
    }
    ach_recon_report reps[3];
    static const uint64_t seeds[3] = {0, 1, UINT64_C(0xfeedfacecafebeef)};
    for (int s = 0; s < 3; s++) {
        ach_ledger_reader *r = NULL;
        ach_recon *e = NULL;
        ach_recon_options o = ACH_RECON_OPTIONS_INIT;
        o.hash_seed = seeds[s];
        ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, k, "seed.csv", NULL), ACH_OK);
        ck_assert_int_eq(ach_recon_new(&e, cal, &o, NULL), ACH_OK);
        ck_assert_int_eq(ach_recon_read(e, r, NULL), ACH_OK);
        for (int i = 0; i < N; i += 7) {
            ach_recon_return ret;
            memset(&ret, 0, sizeof ret);
            snprintf(ret.trace, sizeof ret.trace, "%015d", 100000000 + i);
            memcpy(ret.code, "R01", 4);
            ret.amount = 1000;
            ret.at = (ach_instant)D(2025, 3, 4) * 86400;
            ret.position = (uint32_t)i + 1;
            ach_recon_verdict v;
            ck_assert_int_eq(ach_recon_apply_return(&v, e, &ret, NULL), ACH_OK);
            ck_assert_int_eq(v, ACH_RECON_APPLIED);
        }
        char out[ACH_ID_SIZE];
        ck_assert_int_eq(ach_recon_charge_by_trace(out, e, "000000100002999", 15, NULL), ACH_OK);
        reps[s] = report(e, ACH_DATE_NONE);
        ck_assert_uint_eq(reps[s].applied, N + 3);
        ck_assert_uint_eq(reps[s].returns_applied, (N + 6) / 7);
        ach_ledger_reader_free(r);
        ach_recon_free(e);
    }
    for (int s = 1; s < 3; s++) {
        ck_assert_uint_eq(reps[s].charges_by_status[ACH_CHARGE_FAILED],
                          reps[0].charges_by_status[ACH_CHARGE_FAILED]);
        ck_assert_int_eq(reps[s].net, reps[0].net);
        ck_assert_uint_eq(reps[s].findings, reps[0].findings);
    }
    free(text);
}
END_TEST

/* ---- item 5: calendars without bounds ----------------------------------------------------- */

/* One event with DTSTART `start` and the content line `rule` (line 8). */
static size_t one_event(char *buf, size_t cap, const char *start, const char *rule)
{
    return (size_t)snprintf(buf, cap,
                            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//libach//hostile//EN\r\n"
                            "BEGIN:VEVENT\r\nUID:rule@tests.libach\r\nSUMMARY:Closed\r\n"
                            "DTSTART;VALUE=DATE:%s\r\n%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                            start, rule);
}

static ach_status load(const char *text, size_t len, int32_t first, int32_t last, ach_error *err)
{
    ach_calendar_options o = ACH_CALENDAR_OPTIONS_INIT;
    o.first_year = first;
    o.last_year = last;
    ach_calendar *c = NULL;
    ach_status s = ach_calendar_load_buffer(&c, text, len, "hostile.ics", &o, err);
    ach_calendar_free(c);
    return s;
}

/* Rules finer than daily are refused with the line that holds them (here line 8). */
START_TEST(test_calendar_refuses_finer_than_daily)
{
    static const char *const rules[] = {
        "RRULE:FREQ=SECONDLY",          "RRULE:FREQ=MINUTELY;COUNT=10", "RRULE:FREQ=HOURLY",
        "RRULE:freq=secondly",          "RRULE:FREQ=DAILY;BYHOUR=1,2",  "RRULE:BYMINUTE=5;FREQ=DAILY",
        "RRULE;X-A=1:FREQ=YEARLY;BYSECOND=1", "EXRULE:FREQ=DAILY",
    };
    char buf[512];
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        ach_error err = ACH_ERROR_INIT;
        size_t n = one_event(buf, sizeof buf, "20250101", rules[i]);
        ck_assert_msg(load(buf, n, 2020, 2030, &err) == ACH_ECALENDAR, "%s", rules[i]);
        ck_assert_uint_eq(err.line, 8);
        ck_assert_str_eq(err.source, "hostile.ics");
        ck_assert_msg(strstr(err.message, i == 7 ? "EXRULE" : "by days") != NULL, "%s: %s",
                      rules[i], err.message);
    }
    /* a folded rule the line check cannot read whole: refused by the parsed rule, naming the
     * event */
    ach_error err = ACH_ERROR_INIT;
    size_t n = one_event(buf, sizeof buf, "20250101", "RRULE:FREQ=\r\n SECONDLY");
    ck_assert_int_eq(load(buf, n, 2020, 2030, &err), ACH_ECALENDAR);
    ck_assert_str_eq(err.field, "RRULE");
    ck_assert_ptr_nonnull(strstr(err.message, "event 'rule@tests.libach'"));
    /* daily and coarser are fine */
    n = one_event(buf, sizeof buf, "20250101", "RRULE:FREQ=DAILY;COUNT=3");
    ck_assert_int_eq(load(buf, n, 2020, 2030, &err), ACH_OK);
}
END_TEST

/* Occurrences are bounded over all events: 3 daily rules over the default range step on 84 k
 * dates each, more than ACH_CALENDAR_MAX_OCCURRENCES together; a COUNT from year 1 steps on
 * every day since. A calendar within the bound still loads. */
START_TEST(test_calendar_bounds_occurrences)
{
    size_t cap = 4096;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t n = (size_t)snprintf(buf, cap, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n");
    for (int i = 0; i < 3; i++)
        n += (size_t)snprintf(buf + n, cap - n,
                              "BEGIN:VEVENT\r\nUID:d%d\r\nDTSTART;VALUE=DATE:19700101\r\n"
                              "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n",
                              i);
    n += (size_t)snprintf(buf + n, cap - n, "END:VCALENDAR\r\n");
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(load(buf, n, 1970, 2199, &err), ACH_ECALENDAR);
    ck_assert_ptr_nonnull(strstr(err.message, "more than 200000 occurrences"));
    ck_assert_ptr_nonnull(strstr(err.message, "event 'd2'"));
    n = one_event(buf, cap, "14000101", "RRULE:FREQ=DAILY;COUNT=2000000");
    ck_assert_int_eq(load(buf, n, 2020, 2030, &err), ACH_ECALENDAR);
    ck_assert_ptr_nonnull(strstr(err.message, "more than 200000 occurrences"));
    /* within the bound: a daily rule over the default range (84 k dates) */
    n = one_event(buf, cap, "19700101", "RRULE:FREQ=DAILY");
    ck_assert_int_eq(load(buf, n, 1970, 2199, &err), ACH_OK);
    free(buf);
}
END_TEST

/* Size: a buffer or a file above ACH_CALENDAR_MAX_BYTES is refused, and a file is read no
 * further than that: /dev/zero fails cleanly. */
START_TEST(test_calendar_bounds_size)
{
    size_t big = ACH_CALENDAR_MAX_BYTES + 1;
    char *buf = malloc(big);
    ck_assert_ptr_nonnull(buf);
    size_t n = one_event(buf, big, "20250101", "RRULE:FREQ=YEARLY");
    memset(buf + n, '\n', big - n); /* blank lines after END:VCALENDAR */
    ach_calendar *c = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_calendar_load_buffer(&c, buf, big, "big.ics", NULL, &err), ACH_ETOOLONG);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err.source, "big.ics");
    ck_assert_ptr_nonnull(strstr(err.message, "4194304"));
    ck_assert_int_eq(ach_calendar_load_buffer(&c, buf, big - 1, "ok.ics", NULL, &err), ACH_OK);
    ach_calendar_free(c);
    c = NULL;

    char path[] = "/tmp/check_hostile_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, buf, big), (ssize_t)big);
    close(fd);
    ck_assert_int_eq(ach_calendar_load_file(&c, path, NULL, &err), ACH_ETOOLONG);
    ck_assert_str_eq(err.source, path);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(truncate(path, (off_t)big - 1), 0);
    ck_assert_int_eq(ach_calendar_load_file(&c, path, NULL, &err), ACH_OK);
    ach_calendar_free(c);
    c = NULL;
    unlink(path);
    free(buf);
    if (access("/dev/zero", R_OK) == 0) {
        ck_assert_int_eq(ach_calendar_load_file(&c, "/dev/zero", NULL, &err), ACH_ETOOLONG);
        ck_assert_str_eq(err.source, "/dev/zero");
        ck_assert_ptr_null(c);
    }
}
END_TEST

/* ---- item 8: account numbers in typed fields (R-SEC-1) ------------------------------------ */

#define NUMBER "000123456789"

/* Whether `msg` shows more of NUMBER than its last 4 digits: any 5 of its digits in a row. */
static bool leaks(const char *msg)
{
    const char *n = NUMBER;
    for (size_t i = 0; i + 5 <= strlen(n); i++) {
        char w[6];
        memcpy(w, n + i, 5);
        w[5] = '\0';
        if (strstr(msg, w)) return true;
    }
    return false;
}

#define ASSERT_MASKED(call, err)                                                                \
    do {                                                                                        \
        ck_assert_int_ne((call), ACH_OK);                                                       \
        ck_assert_msg(!leaks((err).message), "%s", (err).message);                             \
        ck_assert_msg(strstr((err).message, "****6789") != NULL, "%s", (err).message);          \
    } while (0)

START_TEST(test_echo_masks_digit_runs)
{
    char b[48];
    ck_assert_str_eq(ach__echo(b, sizeof b, "x" NUMBER "y", 14, 32), "x****6789y");
    ck_assert_str_eq(ach__echo(b, sizeof b, "R01", 3, 32), "R01");
    ck_assert_str_eq(ach__echo(b, sizeof b, "ab1234", 6, 32), "ab1234"); /* 4 digits: all */
    ck_assert_str_eq(ach__echo(b, sizeof b, "12345", 5, 32), "****2345");
    ck_assert_str_eq(ach__echo(b, sizeof b, "a\tb", 3, 32), "a?b");
    /* a cut never shows the inner digits of a long run */
    ck_assert_str_eq(ach__echo(b, sizeof b, "abcdef" NUMBER, 18, 8), "abcdef**...");
    ck_assert_str_eq(ach__echo(b, sizeof b, "abcdefghij", 10, 4), "abcd...");
    ck_assert_str_eq(ach__echo(b, sizeof b, NULL, 5, 4), "");
}
END_TEST

/* Every parser of a typed field, given an account number. */
START_TEST(test_typed_fields_mask_account_numbers)
{
    ach_error err = ACH_ERROR_INIT;
    const char *n = NUMBER;
    const size_t len = strlen(n);
    ach_ledger_type t;
    ASSERT_MASKED(ach_ledger_type_parse(&t, n, len, &err), err);
    ach_ledger_holder_type h;
    ASSERT_MASKED(ach_ledger_holder_type_parse(&h, n, len, &err), err);
    ach_ledger_code code;
    char rc[4];
    ASSERT_MASKED(ach_ledger_code_parse(&code, rc, ACH_LEDGER_MANDATE, n, len, &err), err);
    ASSERT_MASKED(ach_ledger_code_parse(&code, rc, ACH_LEDGER_OUTCOME, n, len, &err), err);
    int outcome;
    ASSERT_MASKED(ach_charge_outcome_parse(&outcome, n, len, &err), err);
    ach_dispute_reason reason;
    ASSERT_MASKED(ach_dispute_reason_parse(&reason, n, len, &err), err);
    ach_mandate_type mt;
    ASSERT_MASKED(ach_mandate_type_parse(&mt, n, len, &err), err);
    ach_event_type et;
    ASSERT_MASKED(ach_event_type_parse(&et, n, len, &err), err);
    ach_bank_account a;
    ach_account_params p = {"ba_1", 4, "cus_1", 5, "110000000", 9, "000111222333", 12, "Ann Lee",
                            7, ACH_HOLDER_INDIVIDUAL, n, len, "usd", 3};
    ASSERT_MASKED(ach_account_init(&a, &p, &err), err); /* country */
    p.country = "US";
    p.country_len = 2;
    p.currency = n;
    p.currency_len = len;
    ASSERT_MASKED(ach_account_init(&a, &p, &err), err); /* currency */
}
END_TEST

/* Through the engine: a header whose columns do not match its data puts account numbers in
 * typed columns; no finding shows more than their last 4 digits. */
START_TEST(test_misordered_header_masks_findings)
{
    static const char text[] =
        /* the header names code and holder_type where some lines have account numbers */
        "time,type,id,ref,amount,currency,routing,code,holder_name,holder_type,account_number,"
        "detail\n"
        "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,110000000,,Ann Lee," NUMBER ",individual,\n"
        "2025-03-03T09:01:00Z,mandate,md_1,ba_1,,,," NUMBER ",,,,\n"
        "2025-03-03T09:02:00Z,outcome,,ch_1,,,," NUMBER ",,,,\n"
        "2025-03-03T09:03:00Z," NUMBER ",x_1,ch_1,,,,,,,,\n"
        /* a real charge, then a dispute whose reason is an account number */
        "2025-03-03T09:04:00Z,account,ba_2,cus_2,,usd,110000000,,Bo Li,individual," NUMBER ",\n"
        "2025-03-03T09:05:00Z,verification,,ba_2,,,,,,,,32 45\n"
        "2025-03-03T09:06:00Z,mandate,md_2,ba_2,,,,accepted,,,,\n"
        "2025-03-03T10:00:00Z,charge,ch_2,ba_2,1000,usd,,,,,,\n"
        "2025-03-05T10:00:00Z,dispute,dp_2,ch_2,,,," NUMBER ",,,,\n";
    ach_recon *e = run_text(text, sizeof text - 1);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.rejected, 5);
    ck_assert_uint_eq(r.applied, 4);
    size_t masked = 0;
    for (size_t i = 0; i < ach_recon_finding_count(e); i++) {
        ach_recon_finding f;
        ck_assert_int_eq(ach_recon_finding_get(&f, e, i, NULL), ACH_OK);
        ck_assert_msg(!leaks(f.message) && !leaks(f.id), "line %" PRIu64 ": %s", f.line, f.message);
        if (strstr(f.message, "****6789")) masked++;
    }
    /* holder type, mandate code, outcome code, type, dispute reason */
    ck_assert_uint_eq(masked, 5);
    ach_recon_free(e);
}
END_TEST

static Suite *hostile_suite(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("report");
    tcase_add_checked_fixture(tc, cal_setup, cal_teardown);
    tcase_add_test(tc, test_rejected_lines_do_not_move_as_of);
    tcase_add_test(tc, test_only_rejected_lines_give_no_date);
    tcase_add_test(tc, test_window_at_first_date);
    suite_add_tcase(s, tc);

    tc = tcase_create("flooding");
    tcase_add_checked_fixture(tc, cal_setup, cal_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_idmap_one_hash_for_all);
    tcase_add_test(tc, test_u64map_one_home_for_all);
    tcase_add_test(tc, test_engine_results_do_not_depend_on_seed);
    suite_add_tcase(s, tc);

    tc = tcase_create("account numbers");
    tcase_add_checked_fixture(tc, cal_setup, cal_teardown);
    tcase_add_test(tc, test_echo_masks_digit_runs);
    tcase_add_test(tc, test_typed_fields_mask_account_numbers);
    tcase_add_test(tc, test_misordered_header_masks_findings);
    suite_add_tcase(s, tc);

    tc = tcase_create("calendar");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_calendar_refuses_finer_than_daily);
    tcase_add_test(tc, test_calendar_bounds_occurrences);
    tcase_add_test(tc, test_calendar_bounds_size);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(hostile_suite)
