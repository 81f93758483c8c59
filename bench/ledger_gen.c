/* SPDX-License-Identifier: Apache-2.0 */
/* Synthetic ledger generator: see ledger_gen.h.
 *
 * A discrete-event simulation: accounts arrive as a Poisson process; every event a record
 * produces (micro-deposits, verification, mandate, charges, outcomes, refunds, disputes...) is
 * scheduled at a later instant in a binary heap ordered by (time, sequence), and lines are written
 * as events are popped, so the file is in time order. Objects are freed when no scheduled event
 * refers to them, so memory follows the live objects, not the length of the ledger. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ledger_gen.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG: splitmix64 seeding xoshiro256** (deterministic, fast, no global state) ---- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next_u64(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n) (n > 0), by rejection: no modulo bias. */
static uint64_t below(rng *r, uint64_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    for (;;) {
        uint64_t x = next_u64(r);
        if (x < lim) return x % n;
    }
}

/* Uniform in [lo, hi]. */
static int64_t between(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)below(r, (uint64_t)(hi - lo + 1));
}

/* True with probability ppm / 1e6. */
static bool chance(rng *r, uint32_t ppm)
{
    return below(r, 1000000) < ppm;
}

/* Uniform in (0, 1]. */
static double unit(rng *r)
{
    return ((double)(next_u64(r) >> 11) + 1.0) / 9007199254740992.0;
}

/* ---- ids: a bijective 64-bit mix of a counter, in base 62 ---- */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Writes prefix and 11 base-62 characters; returns the length. */
static size_t make_id(char *out, const char *prefix, uint64_t salt, uint64_t n)
{
    static const char digits[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    size_t k = strlen(prefix);
    memcpy(out, prefix, k);
    uint64_t x = mix64(n * 0x100000001B3ull ^ salt);
    for (int i = 0; i < 11; i++) {
        out[k++] = digits[x % 62];
        x /= 62;
    }
    out[k] = '\0';
    return k;
}

enum { SALT_ACCOUNT = 1, SALT_CUSTOMER, SALT_MANDATE, SALT_CHARGE, SALT_REFUND, SALT_DISPUTE,
       SALT_CONNECT, SALT_BAD };

/* ---- reference data ---- */

/* R-ACC-6 test numbers (routing 110000000) and what a charge on them does. */
static const struct {
    const char *number;
    uint32_t weight;     /* per mille of test accounts */
    const char *outcome; /* "succeeded", a return code, or NULL: a foreign-currency charge */
} test_numbers[] = {
    {"000123456789", 700, "succeeded"}, {"000111111116", 80, "R03"},
    {"000111111113", 70, "R02"},        {"000222222227", 80, "R01"},
    {"000333333335", 50, "R10"},        {"000444444440", 20, NULL},
};

static const char *const first_names[] = {
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "José", "Zoë", "Søren", "François", "Łukasz", "Björn", "Ana", "Wei", "Priya",
    "Mohammed", "Chloé", "Noah", "Olivia", "Liam", "Emma", "Aiden", "Sofía", "Mateo",
};
static const char *const last_names[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Müller",
    "Nguyễn", "Martínez", "O'Brien", "Kowalski", "Chen", "Patel", "Okafor", "Rossi", "Dubois",
    "Andersson", "Hernández", "Kim", "Lee", "Walker", "Young",
};
static const char *const companies[] = {
    "Acme Supply", "Blue Ridge Bakery", "Acme, Inc.", "The \"Best\" Bakery", "Northwind Traders",
    "Müller GmbH", "Café Olé LLC", "Globex Corp", "Initech", "Hooli, LLC", "Stark Hardware",
    "Wayne Foods", "Umbrella Health", "Pied Piper", "Vandelay Imports",
};
static const char *const dispute_reasons[] = {
    "fraudulent", "unrecognized", "duplicate", "general", "debit_not_authorized",
};

/* Return codes of live failures, per mille (R-CHG-6 mapping; R10/R29 by holder type). */
static const struct {
    const char *code;
    uint32_t weight;
} return_codes[] = {
    {"R01", 400}, {"R09", 100}, {"R02", 120}, {"R03", 100}, {"R04", 60},
    {"R16", 40},  {"R20", 30},  {"R08", 50},  {"R10", 70},  {"R07", 30},
};

/* ---- simulation objects ---- */

typedef struct account {
    uint64_t num, customer, mandate;
    int16_t micro[2];
    int8_t test;        /* index into test_numbers, or -1 */
    bool company, instant;
    uint8_t attempts;
    uint8_t charges_left;
    uint32_t refs;      /* scheduled events and live charges that need it */
    uint16_t routing;   /* index into the routing pool */
    char number[18];
    const char *first, *last; /* names (company: first is the company) */
} account;

typedef struct charge {
    uint64_t num;
    uint32_t acct;
    int64_t amount, refunded;
    ach_instant created;
    ach_date processing;
    const char *code;   /* decided outcome */
    uint8_t refs;
    bool disputed, failed;
} charge;

enum ev_kind { EV_ARRIVAL, EV_MICRO, EV_VERIFY, EV_MANDATE, EV_CHARGE, EV_OUTCOME, EV_LATE_FAIL,
               EV_REFUND, EV_REFUND_FAIL, EV_DISPUTE, EV_REVOKE };

typedef struct event {
    ach_instant t;
    uint64_t seq;
    uint32_t obj;   /* account or charge slot */
    uint32_t aux;   /* refund number for EV_REFUND_FAIL; 1 for a second partial refund */
    uint8_t kind;
} event;

typedef struct pool {
    void *items;
    size_t size, count, cap;
    uint32_t *free_list;
    size_t nfree, free_cap;
} pool;

typedef struct gen {
    const ledger_gen_options *o;
    const ach_calendar *cal;
    FILE *out;
    rng r;
    ledger_gen_stats st;
    ledger_gen_malformed_fn fn;
    void *ctx;
    event *heap;
    size_t nheap, heap_cap;
    uint64_t seq;
    pool accounts, charges;
    uint64_t n_account, n_customer, n_mandate, n_charge, n_refund, n_dispute, n_bad, trace;
    uint64_t malformed_kind;
    double arrival_mean; /* seconds between arrivals */
    char routing_pool[512][10];
    bool failed;
    ach_instant now;
    char line[1024];
    size_t len;
} gen;

static uint32_t pool_take(pool *p)
{
    if (p->nfree) return p->free_list[--p->nfree];
    if (p->count == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 1024;
        void *n = realloc(p->items, ncap * p->size);
        if (!n) return UINT32_MAX;
        p->items = n;
        p->cap = ncap;
    }
    return (uint32_t)p->count++;
}

static bool pool_give(pool *p, uint32_t i)
{
    if (p->nfree == p->free_cap) {
        size_t ncap = p->free_cap ? p->free_cap * 2 : 1024;
        uint32_t *n = realloc(p->free_list, ncap * sizeof *n);
        if (!n) return false;
        p->free_list = n;
        p->free_cap = ncap;
    }
    p->free_list[p->nfree++] = i;
    return true;
}

#define ACC(g, i) (&((account *)(g)->accounts.items)[i])
#define CHG(g, i) (&((charge *)(g)->charges.items)[i])

static bool ev_less(const event *a, const event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void schedule(gen *g, ach_instant t, uint8_t kind, uint32_t obj, uint32_t aux)
{
    if (g->nheap == g->heap_cap) {
        size_t ncap = g->heap_cap ? g->heap_cap * 2 : 4096;
        event *n = realloc(g->heap, ncap * sizeof *n);
        if (!n) {
            g->failed = true;
            return;
        }
        g->heap = n;
        g->heap_cap = ncap;
    }
    if (t <= g->now) t = g->now + 1;
    event e = {t, g->seq++, obj, aux, kind};
    size_t i = g->nheap++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!ev_less(&e, &g->heap[parent])) break;
        g->heap[i] = g->heap[parent];
        i = parent;
    }
    g->heap[i] = e;
}

static event pop(gen *g)
{
    event top = g->heap[0], last = g->heap[--g->nheap];
    size_t i = 0, n = g->nheap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && ev_less(&g->heap[c + 1], &g->heap[c])) c++;
        if (!ev_less(&g->heap[c], &last)) break;
        g->heap[i] = g->heap[c];
        i = c;
    }
    if (n) g->heap[i] = last;
    return top;
}

/* ---- calendar helpers (R-CAL-1, R-CAL-4) ---- */

static ach_date add_bd(gen *g, ach_date d, int32_t n)
{
    ach_date out = d;
    if (ach_calendar_add_business_days(&out, g->cal, d, n, NULL)) g->failed = true;
    return out;
}

static ach_date processing_date(gen *g, ach_instant t)
{
    ach_date out = ach_instant_date(t);
    if (ach_calendar_processing_date(&out, g->cal, t, NULL)) g->failed = true;
    return out;
}

/* A working-hours instant (06:00-21:00 UTC) on day d. */
static ach_instant during(gen *g, ach_date d)
{
    return (ach_instant)d * ACH_SECONDS_PER_DAY + between(&g->r, 6 * 3600, 21 * 3600);
}

/* ---- line output ---- */

static void put(gen *g, const char *s, size_t n)
{
    if (g->len + n < sizeof g->line) {
        memcpy(g->line + g->len, s, n);
        g->len += n;
    }
}

static void puts_(gen *g, const char *s)
{
    put(g, s, strlen(s));
}

static void putc_(gen *g, char c)
{
    put(g, &c, 1);
}

static void put_u64(gen *g, uint64_t v)
{
    char b[24];
    int k = 0;
    do {
        b[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k) putc_(g, b[--k]);
}

static void put_id(gen *g, const char *prefix, uint64_t salt, uint64_t n)
{
    char b[40];
    put(g, b, make_id(b, prefix, salt, n));
}

/* A CSV field, quoted when it holds a comma or a quote (quotes doubled). */
static void put_csv(gen *g, const char *s)
{
    if (!strpbrk(s, ",\"")) {
        puts_(g, s);
        return;
    }
    putc_(g, '"');
    for (; *s; s++) {
        if (*s == '"') putc_(g, '"');
        putc_(g, *s);
    }
    putc_(g, '"');
}

/* Starts a line: time and type. */
static void begin(gen *g, ach_instant t, const char *type)
{
    char b[ACH_INSTANT_FORMAT_SIZE];
    g->len = 0;
    put(g, ach_instant_format(b, t), 20);
    putc_(g, ',');
    puts_(g, type);
    putc_(g, ',');
}

static void commas(gen *g, int n)
{
    while (n-- > 0) putc_(g, ',');
}

static void end_line(gen *g, ach_ledger_type type)
{
    if (g->o->crlf) putc_(g, '\r');
    putc_(g, '\n');
    if (fwrite(g->line, 1, g->len, g->out) != g->len) g->failed = true;
    g->st.bytes += g->len;
    g->st.lines++;
    if (type != ACH_LEDGER_TYPE_NONE) g->st.by_type[type]++;
}

/* ---- records ---- */

static void holder_name(gen *g, const account *a, char *buf, size_t cap)
{
    if (a->company) snprintf(buf, cap, "%s", a->first);
    else if (a->num % 29 == 0) snprintf(buf, cap, "%s, %s", a->last, a->first);
    else snprintf(buf, cap, "%s %s", a->first, a->last);
}

static void write_account(gen *g, const account *a)
{
    char name[96];
    begin(g, g->now, "account");
    put_id(g, "ba_", SALT_ACCOUNT, a->num);
    putc_(g, ',');
    put_id(g, "cus_", SALT_CUSTOMER, a->customer);
    puts_(g, ",,usd,");
    puts_(g, a->test >= 0 ? "110000000" : g->routing_pool[a->routing]);
    putc_(g, ',');
    puts_(g, a->number);
    putc_(g, ',');
    holder_name(g, a, name, sizeof name);
    put_csv(g, name);
    putc_(g, ',');
    puts_(g, a->company ? "company" : "individual");
    commas(g, 2);
    end_line(g, ACH_LEDGER_ACCOUNT);
}

/* Starts a malformed line with fresh ids that nothing references: a charge up to its ref, or
 * an account up to its account number (and the comma after it). */
static void bad_start(gen *g, const char *type, uint64_t bad)
{
    bool is_account = strcmp(type, "account") == 0;
    begin(g, g->now, type);
    put_id(g, is_account ? "ba_" : "ch_", SALT_BAD, bad);
    putc_(g, ',');
    put_id(g, is_account ? "cus_" : "ba_", SALT_BAD, bad);
    if (is_account) puts_(g, ",,usd,110000000,000123456789,");
}

/* One intentionally malformed line, its fault and column reported through g->fn. */
static void write_malformed(gen *g)
{
    static const ach_ledger_fault kinds[] = {
        ACH_LEDGER_FAULT_TIME,   ACH_LEDGER_FAULT_TYPE,        ACH_LEDGER_FAULT_AMOUNT,
        ACH_LEDGER_FAULT_AMOUNT, ACH_LEDGER_FAULT_UTF8,        ACH_LEDGER_FAULT_FIELD_COUNT,
        ACH_LEDGER_FAULT_QUOTE,
    };
    unsigned k = (unsigned)(g->malformed_kind++ % ARRAY_LEN(kinds));
    uint64_t bad = ++g->n_bad;
    size_t col = 0;
    switch (k) {
    case 0: /* a space instead of 'T' in the instant */
        bad_start(g, "charge", bad);
        g->line[10] = ' ';
        col = 11;
        puts_(g, ",1500,usd,,,,,,");
        break;
    case 1: /* an unknown type */
        bad_start(g, "chargeback", bad);
        col = 22;
        puts_(g, ",1500,usd,,,,,,");
        break;
    case 2: /* dollars with a decimal point */
    case 3: /* 20 digits: overflows int64 cents */
        bad_start(g, "charge", bad);
        putc_(g, ',');
        col = g->len + 1 + (k == 2 ? 2 : 18); /* the point; the 19th digit passes INT64_MAX */
        puts_(g, k == 2 ? "12.50" : "99999999999999999999");
        puts_(g, ",usd,,,,,,");
        break;
    case 4: /* a Latin-1 byte in a name: not UTF-8 */
        bad_start(g, "account", bad);
        col = g->len + 4;
        puts_(g, "Ren\xE9 Dupont,individual,,");
        break;
    case 5: /* the last field missing */
        bad_start(g, "charge", bad);
        puts_(g, ",1500,usd,,,,,");
        col = g->len + 1;
        break;
    default: /* a quote that never closes */
        bad_start(g, "account", bad);
        col = g->len + 1;
        puts_(g, "\"Unclosed Name,individual,,");
        break;
    }
    end_line(g, ACH_LEDGER_TYPE_NONE);
    g->st.malformed++;
    if (g->fn) g->fn(g->ctx, g->st.lines + 1, kinds[k], (uint32_t)col);
}

static void release_account(gen *g, uint32_t ai)
{
    account *a = ACC(g, ai);
    if (--a->refs == 0 && !pool_give(&g->accounts, ai)) g->failed = true;
}

static void release_charge(gen *g, uint32_t ci)
{
    charge *c = CHG(g, ci);
    if (--c->refs == 0) {
        release_account(g, c->acct);
        if (!pool_give(&g->charges, ci)) g->failed = true;
    }
}

static void on_arrival(gen *g)
{
    uint32_t ai = pool_take(&g->accounts);
    if (ai == UINT32_MAX) {
        g->failed = true;
        return;
    }
    account *a = ACC(g, ai);
    memset(a, 0, sizeof *a);
    a->num = ++g->n_account;
    /* One customer in ten adds a second source (R-ACC-5). */
    a->customer = g->n_customer && chance(&g->r, 100000) ? g->n_customer : ++g->n_customer;
    a->company = chance(&g->r, 200000);
    a->test = -1;
    if (chance(&g->r, 50000)) {
        uint64_t w = below(&g->r, 1000);
        for (size_t i = 0; i < ARRAY_LEN(test_numbers); i++) {
            if (w < test_numbers[i].weight) {
                a->test = (int8_t)i;
                break;
            }
            w -= test_numbers[i].weight;
        }
        snprintf(a->number, sizeof a->number, "%s", test_numbers[a->test].number);
        g->st.test_accounts++;
    } else {
        int digits = (int)between(&g->r, 6, 17);
        for (int i = 0; i < digits; i++) a->number[i] = (char)('0' + below(&g->r, 10));
        a->number[digits] = '\0';
        a->routing = (uint16_t)below(&g->r, 512);
    }
    if (a->company) {
        a->first = companies[below(&g->r, ARRAY_LEN(companies))];
    } else {
        a->first = first_names[below(&g->r, ARRAY_LEN(first_names))];
        a->last = last_names[below(&g->r, ARRAY_LEN(last_names))];
    }
    a->refs = 1;
    write_account(g, a);
    if (a->test >= 0) {
        schedule(g, g->now + between(&g->r, 10, 600), EV_VERIFY, ai, 0);
    } else if (chance(&g->r, 350000)) {
        a->instant = true;
        schedule(g, g->now + between(&g->r, 30, 900), EV_VERIFY, ai, 0);
    } else {
        a->micro[0] = (int16_t)between(&g->r, 1, 99);
        a->micro[1] = (int16_t)between(&g->r, 1, 99);
        /* R-ACC-4: posted in 1-2 business days. */
        ach_date d = add_bd(g, ach_instant_date(g->now), (int32_t)between(&g->r, 1, 2));
        schedule(g, during(g, d), EV_MICRO, ai, 0);
    }
    schedule(g, g->now + (ach_instant)(-log(unit(&g->r)) * g->arrival_mean) + 1, EV_ARRIVAL, 0,
             0);
}

static void on_micro(gen *g, uint32_t ai)
{
    account *a = ACC(g, ai);
    begin(g, g->now, "microdeposits");
    putc_(g, ',');
    put_id(g, "ba_", SALT_ACCOUNT, a->num);
    commas(g, 8);
    put_u64(g, (uint64_t)a->micro[0]);
    putc_(g, ' ');
    put_u64(g, (uint64_t)a->micro[1]);
    end_line(g, ACH_LEDGER_MICRODEPOSITS);
    schedule(g, g->now + between(&g->r, 3600, 3 * 86400), EV_VERIFY, ai, 0);
}

static void on_verify(gen *g, uint32_t ai)
{
    account *a = ACC(g, ai);
    begin(g, g->now, "verification");
    putc_(g, ',');
    put_id(g, "ba_", SALT_ACCOUNT, a->num);
    commas(g, 8);
    bool wrong = false;
    if (a->instant) {
        puts_(g, "instant");
    } else {
        int64_t right[2] = {a->test >= 0 ? 32 : a->micro[0], a->test >= 0 ? 45 : a->micro[1]};
        wrong = chance(&g->r, a->test >= 0 ? 100000 : 80000);
        int64_t v0 = right[0], v1 = right[1];
        if (wrong) {
            v0 = (right[0] % 99) + 1; /* differs from right[0] */
            v1 = between(&g->r, 1, 99);
            /* R-ACC-4 takes the pair in either order: the swapped right pair is not wrong */
            if (v0 == right[1] && v1 == right[0]) v1 = (v1 % 99) + 1;
        }
        put_u64(g, (uint64_t)v0);
        putc_(g, ' ');
        put_u64(g, (uint64_t)v1);
    }
    end_line(g, ACH_LEDGER_VERIFICATION);
    if (wrong) {
        g->st.wrong_pairs++;
        if (++a->attempts < 3) {
            schedule(g, g->now + between(&g->r, 3600, 2 * 86400), EV_VERIFY, ai, 0);
        } else {
            g->st.locked_accounts++; /* R-ACC-4: three failures lock it for good */
            release_account(g, ai);
        }
        return;
    }
    schedule(g, g->now + between(&g->r, 60, 7200), EV_MANDATE, ai, 0);
}

static void on_mandate(gen *g, uint32_t ai, bool revoke)
{
    account *a = ACC(g, ai);
    if (!revoke) a->mandate = ++g->n_mandate;
    begin(g, g->now, "mandate");
    put_id(g, "mandate_", SALT_MANDATE, a->mandate);
    putc_(g, ',');
    put_id(g, "ba_", SALT_ACCOUNT, a->num);
    commas(g, 7);
    puts_(g, revoke ? "revoked," : "accepted,");
    end_line(g, ACH_LEDGER_MANDATE);
    if (revoke) {
        g->st.revoked++;
        release_account(g, ai);
        return;
    }
    a->charges_left = (uint8_t)between(&g->r, 1, 8);
    schedule(g, g->now + between(&g->r, 3600, 5 * 86400), EV_CHARGE, ai, 0);
}

static const char *pick_return(gen *g, const account *a)
{
    uint64_t w = below(&g->r, 1000);
    for (size_t i = 0; i < ARRAY_LEN(return_codes); i++) {
        if (w < return_codes[i].weight) {
            const char *c = return_codes[i].code;
            /* Unauthorised: R10/R07 are consumer codes, R29 the corporate one. */
            if (a->company && (strcmp(c, "R10") == 0 || strcmp(c, "R07") == 0)) c = "R29";
            return c;
        }
        w -= return_codes[i].weight;
    }
    return "R01";
}

static void on_charge(gen *g, uint32_t ai)
{
    account *a = ACC(g, ai);
    uint32_t ci = pool_take(&g->charges);
    if (ci == UINT32_MAX) {
        g->failed = true;
        return;
    }
    charge *c = CHG(g, ci);
    memset(c, 0, sizeof *c);
    c->num = ++g->n_charge;
    c->acct = ai;
    c->created = g->now;
    /* Log-uniform between $5 and $5,000. */
    c->amount = (int64_t)(500.0 * exp(log(1000.0) * (double)below(&g->r, 1000000) / 1e6));
    bool foreign = a->test >= 0 && test_numbers[a->test].outcome == NULL;
    begin(g, g->now, "charge");
    put_id(g, "ch_", SALT_CHARGE, c->num);
    putc_(g, ',');
    put_id(g, "ba_", SALT_ACCOUNT, a->num);
    putc_(g, ',');
    put_u64(g, (uint64_t)c->amount);
    puts_(g, foreign ? ",cad," : ",usd,");
    commas(g, 4);
    if (chance(&g->r, 500000)) {
        char t[16];
        snprintf(t, sizeof t, "0210000%08llu", (unsigned long long)(++g->trace % 100000000));
        puts_(g, t);
    }
    putc_(g, ',');
    if (chance(&g->r, 100000)) put_id(g, "acct_", SALT_CONNECT, below(&g->r, 20));
    end_line(g, ACH_LEDGER_CHARGE);
    a->refs++;
    c->refs = 1;
    if (foreign) {
        /* Refused by R-CHG-2 (invalid_currency): nothing refers to it again. */
        g->st.foreign_currency++;
        release_charge(g, ci);
    } else {
        c->processing = processing_date(g, g->now);
        if (a->test >= 0) c->code = test_numbers[a->test].outcome;
        else c->code = chance(&g->r, 50000) ? pick_return(g, a) : "succeeded";
        bool ok = strcmp(c->code, "succeeded") == 0;
        /* R-CHG-4: within 4 business days after processing; returns within 2 (R-RET-1). */
        ach_date d = add_bd(g, c->processing, (int32_t)between(&g->r, 1, ok ? 4 : 2));
        schedule(g, during(g, d), EV_OUTCOME, ci, 0);
    }
    if (--a->charges_left > 0) {
        schedule(g, g->now + between(&g->r, 86400, 30 * 86400), EV_CHARGE, ai, 0);
    } else if (chance(&g->r, 100000)) {
        schedule(g, g->now + between(&g->r, 86400, 20 * 86400), EV_REVOKE, ai, 0);
    } else {
        release_account(g, ai);
    }
}

static void write_outcome(gen *g, const charge *c, const char *code)
{
    begin(g, g->now, "outcome");
    putc_(g, ',');
    put_id(g, "ch_", SALT_CHARGE, c->num);
    commas(g, 7);
    puts_(g, code);
    putc_(g, ',');
    end_line(g, ACH_LEDGER_OUTCOME);
}

static void on_outcome(gen *g, uint32_t ci)
{
    charge *c = CHG(g, ci);
    write_outcome(g, c, c->code);
    if (strcmp(c->code, "succeeded") != 0) {
        g->st.returns++;
        c->failed = true;
        release_charge(g, ci);
        return;
    }
    const account *a = ACC(g, c->acct);
    uint64_t w = below(&g->r, 1000000);
    if (w < 3000) {
        c->refs++;
        schedule(g, g->now + between(&g->r, 2 * 86400, 10 * 86400), EV_LATE_FAIL, ci, 0);
    } else if (w < 3000 + 30000) {
        c->refs++;
        schedule(g, g->now + between(&g->r, 86400, 60 * 86400), EV_REFUND, ci, 0);
    } else if (w < 3000 + 30000 + 4000) {
        c->refs++;
        /* R-DSP-1: 60 calendar days for individuals; 2 business days for companies. */
        ach_instant dt = a->company ? g->now + between(&g->r, 3600, 4 * 3600)
                                    : g->now + between(&g->r, 3600, 50 * 86400);
        schedule(g, dt, EV_DISPUTE, ci, 0);
    }
    release_charge(g, ci);
}

static void on_late_fail(gen *g, uint32_t ci)
{
    static const char *const late[] = {"R01", "R09", "R02"};
    charge *c = CHG(g, ci);
    write_outcome(g, c, late[below(&g->r, 3)]);
    c->failed = true;
    g->st.late_failures++;
    release_charge(g, ci);
}

static void on_refund(gen *g, uint32_t ci, bool second)
{
    charge *c = CHG(g, ci);
    int64_t left = c->amount - c->refunded;
    if (c->disputed || c->failed || left <= 0) {
        release_charge(g, ci);
        return;
    }
    int64_t amt = left;
    bool partial = second || chance(&g->r, 400000);
    if (partial && left > 1) amt = between(&g->r, 1, left - 1);
    if (second) amt = between(&g->r, 1, left);
    c->refunded += amt;
    uint64_t rn = ++g->n_refund;
    begin(g, g->now, "refund");
    put_id(g, "re_", SALT_REFUND, rn);
    putc_(g, ',');
    put_id(g, "ch_", SALT_CHARGE, c->num);
    putc_(g, ',');
    put_u64(g, (uint64_t)amt);
    puts_(g, ",usd,,,,,,");
    end_line(g, ACH_LEDGER_REFUND);
    g->st.refunds++;
    if (chance(&g->r, 50000)) {
        /* R-REF-2: a failure is known 2-5 business days later. */
        ach_date d = add_bd(g, ach_instant_date(g->now), (int32_t)between(&g->r, 2, 5));
        c->refs++;
        schedule(g, during(g, d), EV_REFUND_FAIL, ci, (uint32_t)rn);
    }
    /* A second partial refund, still within 90 days of the charge (R-REF-1). */
    if (!second && partial && chance(&g->r, 250000)) {
        ach_instant last = c->created + 85 * (ach_instant)ACH_SECONDS_PER_DAY;
        ach_instant t = g->now + between(&g->r, 86400, 20 * 86400);
        if (t < last) {
            c->refs++;
            schedule(g, t, EV_REFUND, ci, 1);
        }
    }
    release_charge(g, ci);
}

static void on_refund_fail(gen *g, uint32_t ci, uint32_t rn)
{
    begin(g, g->now, "refund_failure");
    putc_(g, ',');
    put_id(g, "re_", SALT_REFUND, rn);
    commas(g, 8);
    end_line(g, ACH_LEDGER_REFUND_FAILURE);
    g->st.refund_failures++;
    release_charge(g, ci);
}

static void on_dispute(gen *g, uint32_t ci)
{
    charge *c = CHG(g, ci);
    if (c->refunded || c->failed) { /* never a double credit (R-DSP-3) */
        release_charge(g, ci);
        return;
    }
    c->disputed = true;
    begin(g, g->now, "dispute");
    put_id(g, "dp_", SALT_DISPUTE, ++g->n_dispute);
    putc_(g, ',');
    put_id(g, "ch_", SALT_CHARGE, c->num);
    commas(g, 7);
    puts_(g, dispute_reasons[below(&g->r, ARRAY_LEN(dispute_reasons))]);
    putc_(g, ',');
    end_line(g, ACH_LEDGER_DISPUTE);
    g->st.disputes++;
    release_charge(g, ci);
}

/* A valid ABA routing number (R-ACC-2) with an ACH-participant prefix. */
static void make_routing(gen *g, char out[10])
{
    static const int prefixes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 23, 24, 25, 26,
                                   27, 28, 29, 30, 31, 32, 61, 62, 63, 64, 65, 66, 67, 68, 69,
                                   70, 71, 72};
    int p = prefixes[below(&g->r, ARRAY_LEN(prefixes))];
    int d[9] = {p / 10, p % 10};
    for (int i = 2; i < 8; i++) d[i] = (int)below(&g->r, 10);
    int sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5]);
    d[8] = (10 - sum % 10) % 10;
    for (int i = 0; i < 9; i++) out[i] = (char)('0' + d[i]);
    out[9] = '\0';
}

int ledger_gen_write(FILE *out, const ledger_gen_options *opts, const ach_calendar *cal,
                     ledger_gen_stats *stats, ledger_gen_malformed_fn fn, void *ctx)
{
    gen *g = calloc(1, sizeof *g);
    if (!g) return -1;
    g->o = opts;
    g->cal = cal;
    g->out = out;
    g->fn = fn;
    g->ctx = ctx;
    g->accounts.size = sizeof(account);
    g->charges.size = sizeof(charge);
    uint64_t seed = opts->seed;
    for (int i = 0; i < 4; i++) g->r.s[i] = splitmix64(&seed);
    for (size_t i = 0; i < ARRAY_LEN(g->routing_pool); i++) make_routing(g, g->routing_pool[i]);
    /* About 12 lines per account over its life. */
    uint32_t per_day = opts->events_per_day ? opts->events_per_day : 10000;
    g->arrival_mean = 86400.0 * 12.0 / per_day;
    g->now = (ach_instant)opts->start * ACH_SECONDS_PER_DAY;
    g->st.first_day = opts->start;
    const char *header =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,"
        "detail";
    g->len = 0;
    puts_(g, header);
    if (opts->crlf) putc_(g, '\r');
    putc_(g, '\n');
    if (fwrite(g->line, 1, g->len, out) != g->len) g->failed = true;
    g->st.bytes += g->len;
    schedule(g, g->now + 1, EV_ARRIVAL, 0, 0);
    while (!g->failed && g->st.lines < opts->events && g->nheap) {
        event e = pop(g);
        g->now = e.t;
        if (opts->malformed_ppm && chance(&g->r, opts->malformed_ppm)) {
            write_malformed(g);
            if (g->st.lines >= opts->events) break;
        }
        switch (e.kind) {
        case EV_ARRIVAL: on_arrival(g); break;
        case EV_MICRO: on_micro(g, e.obj); break;
        case EV_VERIFY: on_verify(g, e.obj); break;
        case EV_MANDATE: on_mandate(g, e.obj, false); break;
        case EV_REVOKE: on_mandate(g, e.obj, true); break;
        case EV_CHARGE: on_charge(g, e.obj); break;
        case EV_OUTCOME: on_outcome(g, e.obj); break;
        case EV_LATE_FAIL: on_late_fail(g, e.obj); break;
        case EV_REFUND: on_refund(g, e.obj, e.aux == 1); break;
        case EV_REFUND_FAIL: on_refund_fail(g, e.obj, e.aux); break;
        case EV_DISPUTE: on_dispute(g, e.obj); break;
        default: break;
        }
    }
    g->st.last_day = ach_instant_date(g->now);
    int rc = g->failed || ferror(out) ? -1 : 0;
    if (rc && !errno) errno = EIO;
    if (stats) *stats = g->st;
    free(g->heap);
    free(g->accounts.items);
    free(g->accounts.free_list);
    free(g->charges.items);
    free(g->charges.free_list);
    free(g);
    return rc;
}
