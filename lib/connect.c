/* SPDX-License-Identifier: Apache-2.0 */
/* Connect: both sides of direct and destination charges (R-CON-1). */
#include "ach/connect.h"
#include "rules_internal.h"

const char *ach_connect_kind_name(ach_connect_kind kind)
{
    switch (kind) {
    case ACH_CONNECT_NONE: return "none";
    case ACH_CONNECT_DIRECT: return "direct";
    case ACH_CONNECT_DESTINATION: return "destination";
    default: return "unknown";
    }
}

int64_t ach_connect_transfer_amount(const ach_charge *c)
{
    return c->connect == ACH_CONNECT_DESTINATION ? c->amount - c->application_fee : 0;
}

/* round_half_up(a × b / c) for 0 <= a, b and 0 < c with a × b / c < 2^63. The product can
 * reach 10^20, past int64, and C11 has no 128-bit integer: form it in two 64-bit halves and
 * divide bit by bit (at most a few refunds per charge take this path). */
static int64_t muldiv_round(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    uint64_t lo = (ll & 0xffffffffu) | (mid << 32);
    uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    uint64_t q = 0, r = 0;
    for (int i = 127; i >= 0; i--) {
        uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1u : (lo >> i) & 1u;
        r = (r << 1) | bit; /* r < c <= ACH_AMOUNT_MAX < 2^34: no overflow */
        q <<= 1;
        if (r >= c) {
            r -= c;
            q |= 1u;
        }
    }
    if (r >= c - r) q++; /* remainder >= half: round half up */
    return (int64_t)q;
}

int64_t ach_connect_reversal_total(const ach_charge *c, int64_t covered)
{
    int64_t t = ach_connect_transfer_amount(c);
    if (t <= 0 || c->amount <= 0) return 0;
    if (covered <= 0) return 0;
    if (covered >= c->amount) return t;
    return muldiv_round((uint64_t)t, (uint64_t)covered, (uint64_t)c->amount);
}

ach_connect_split ach_connect_split_of(const ach_charge *c)
{
    ach_connect_split s = {c->amount - c->fee, 0};
    if (c->connect == ACH_CONNECT_DESTINATION) {
        s.connected = ach_connect_transfer_amount(c);
        s.platform -= s.connected;
    } else if (c->connect == ACH_CONNECT_DIRECT) {
        s.connected = c->amount - c->fee - c->application_fee;
        s.platform = c->application_fee;
    }
    return s;
}

int64_t ach__charge_covered(const ach_charge *c)
{
    if (c->status == ACH_CHARGE_DISPUTED) return c->amount;
    return c->refunded < c->amount ? c->refunded : c->amount;
}

void ach__connect_cover(ach_effects *fx, const ach_charge *c, int64_t before, int64_t after,
                        ach_date date)
{
    int64_t x = ach_connect_reversal_total(c, after) - ach_connect_reversal_total(c, before);
    if (x <= 0) return;
    ach__txn_push(fx, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_PLATFORM, x, 0, ACH_BALANCE_AVAILABLE,
                  date, date);
    ach__txn_push(fx, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_CONNECTED, -x, 0, ACH_BALANCE_AVAILABLE,
                  date, date);
}

/* A pending leg of `amount` on `side` (nothing for 0 cents). */
static void pending_leg(ach_effects *fx, ach_txn_type type, ach_balance_side side, int64_t amount,
                        ach_date date, ach_date available_on)
{
    if (amount != 0)
        ach__txn_push(fx, type, side, amount, 0, ACH_BALANCE_PENDING, date, available_on);
}

void ach__connect_create(ach_effects *fx, const ach_charge *c, ach_date date, ach_date available_on)
{
    if (c->connect == ACH_CONNECT_DESTINATION) {
        int64_t t = ach_connect_transfer_amount(c);
        pending_leg(fx, ACH_TXN_TRANSFER, ACH_SIDE_PLATFORM, -t, date, available_on);
        pending_leg(fx, ACH_TXN_PAYMENT, ACH_SIDE_CONNECTED, t, date, available_on);
    } else if (c->connect == ACH_CONNECT_DIRECT) {
        pending_leg(fx, ACH_TXN_APPLICATION_FEE, ACH_SIDE_CONNECTED, -c->application_fee, date,
                    available_on);
        pending_leg(fx, ACH_TXN_APPLICATION_FEE, ACH_SIDE_PLATFORM, c->application_fee, date,
                    available_on);
    }
}

void ach__charge_release(ach_effects *fx, const ach_charge *c, ach_date date)
{
    ach_connect_split s = ach_connect_split_of(c);
    /* The charge's own side first, then the other one. */
    if (c->connect == ACH_CONNECT_DIRECT) {
        if (s.connected != 0) ach__txn_push_release(fx, ACH_SIDE_CONNECTED, s.connected, date);
        if (s.platform != 0) ach__txn_push_release(fx, ACH_SIDE_PLATFORM, s.platform, date);
    } else {
        if (s.platform != 0) ach__txn_push_release(fx, ACH_SIDE_PLATFORM, s.platform, date);
        if (s.connected != 0) ach__txn_push_release(fx, ACH_SIDE_CONNECTED, s.connected, date);
    }
}

void ach__charge_reverse_pending(ach_effects *fx, const ach_charge *c, ach_date date)
{
    /* The reversal mirrors the charge entry (amount and fee), so gross and fee totals net out. */
    ach__txn_push(fx, ACH_TXN_CHARGE_REVERSAL, ach__charge_side(c), -c->amount, -c->fee,
                  ACH_BALANCE_PENDING, date, ACH_DATE_NONE);
    if (c->connect == ACH_CONNECT_DESTINATION) {
        int64_t t = ach_connect_transfer_amount(c);
        pending_leg(fx, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_PLATFORM, t, date, ACH_DATE_NONE);
        pending_leg(fx, ACH_TXN_TRANSFER_REVERSAL, ACH_SIDE_CONNECTED, -t, date, ACH_DATE_NONE);
    } else if (c->connect == ACH_CONNECT_DIRECT) {
        pending_leg(fx, ACH_TXN_APPLICATION_FEE_REFUND, ACH_SIDE_CONNECTED, c->application_fee,
                    date, ACH_DATE_NONE);
        pending_leg(fx, ACH_TXN_APPLICATION_FEE_REFUND, ACH_SIDE_PLATFORM, -c->application_fee,
                    date, ACH_DATE_NONE);
    }
}
