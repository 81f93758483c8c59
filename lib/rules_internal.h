/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by the payment-rule modules (account, mandate, charge, refund,
 * dispute, connect). Never installed; names use the ach__ prefix. */
#ifndef ACH_RULES_INTERNAL_H
#define ACH_RULES_INTERNAL_H

#include <string.h>
#include "ach/rules.h"
#include "ach/charge.h"
#include "internal.h"

/* ---- amounts ---------------------------------------------------------------------------- */

/* ACH_OK when 1 <= amount <= ACH_AMOUNT_MAX; ACH_EAMOUNT (<= 0) or ACH_EOVERFLOW otherwise. */
ach_status ach__amount_check(int64_t amount, const char *field, ach_error *err);

/* ---- ids --------------------------------------------------------------------------------- */

/* Checks an id of `len` bytes: at most ACH_ID_MAX bytes, no control characters, and not empty
 * when `required`. ACH_EINVAL (empty, control byte) or ACH_ETOOLONG, naming `field`. */
ach_status ach__id_check_view(const char *id, size_t len, bool required, const char *field,
                              ach_error *err);

/* The same for a NUL-terminated id; NULL counts as empty. */
ach_status ach__id_check(const char *id, bool required, const char *field, ach_error *err);

/* Copies a checked id into a fixed field of ACH_ID_SIZE bytes. */
static inline void ach__id_copy(char dst[ACH_ID_SIZE], const char *id)
{
    ach__strlcpy(dst, id, ACH_ID_SIZE);
}

/* An id for an event: the id or "" when NULL. */
static inline const char *ach__str(const char *s)
{
    return s ? s : "";
}

/* ---- environment and time --------------------------------------------------------------- */

/* When a rule call happens: the instant, its UTC date and its business date (R-CAL-4). */
typedef struct ach__when {
    ach_instant at;
    ach_date date;     /* UTC date of `at` */
    ach_date business; /* processing date of `at` */
} ach__when;

/* Checks env (non-NULL, with a calendar) and computes `w` for `at`. ACH_EINVAL or ACH_ERANGE. */
ach_status ach__when_make(ach__when *w, const ach_env *env, ach_instant at, ach_error *err);

/* ach__when_make(), then the fee schedule of env (checked) into *fees. */
ach_status ach__when_fees(ach__when *w, const ach_fee_schedule **fees, const ach_env *env,
                          ach_instant at, ach_error *err);

/* The fee schedule of env (the default when env->fees is NULL). */
static inline const ach_fee_schedule *ach__fees(const ach_env *env)
{
    return env->fees ? env->fees : ach_fee_schedule_default();
}

/* R-DSP-1's window, said for messages: "60 calendar days" or "2 business days" (company). */
const char *ach__dispute_window_span(ach_holder_type holder_type);

/* R-CHG-2: whether a currency code is USD (any case), the only one ACH debits and refunds use. */
static inline bool ach__is_usd(const char *text, size_t len)
{
    return text && len == 3 && (text[0] | 0x20) == 'u' && (text[1] | 0x20) == 's' &&
           (text[2] | 0x20) == 'd';
}

/* ---- events ------------------------------------------------------------------------------ */

/* An event of `type` at `w` with every string set to "" and every number to 0. Inline so that
 * the stores a caller overwrites are elided (events are built on every state change). */
static inline ach_event ach__event(ach_event_type type, const ach__when *w)
{
    ach_event ev = {.type = type,
                    .created = w->at,
                    .business_date = w->business,
                    .id = "",
                    .charge = "",
                    .customer = "",
                    .status = "",
                    .failure_code = "",
                    .failure_message = "",
                    .reason = "",
                    .resolve_by = ACH_DATE_NONE,
                    .available_on = ACH_DATE_NONE,
                    .dispute_deadline = ACH_DATE_NONE,
                    .refund_expected_from = ACH_DATE_NONE,
                    .refund_expected_by = ACH_DATE_NONE,
                    .descriptor = ""};
    return ev;
}

static inline void ach__emit(const ach_env *env, const ach_event *ev)
{
    if (env->on_event) env->on_event(env->event_ctx, ev);
}

/* ---- effects and balance transactions ---------------------------------------------------- */

static inline void ach__fx_reset(ach_effects *fx)
{
    fx->flags = 0;
    fx->dispute_reason = 0;
    fx->at_risk = 0;
    fx->txn_count = 0;
}

/* Appends a transaction whose whole net lands in the `status` balance on `date`. */
void ach__txn_push(ach_effects *fx, ach_txn_type type, ach_balance_side side, int64_t amount,
                   int64_t fee, ach_balance_status status, ach_date date, ach_date available_on);

/* Appends a release: `moved` cents go from pending to available on `date`. */
void ach__txn_push_release(ach_effects *fx, ach_balance_side side, int64_t moved, ach_date date);

/* ---- charges ----------------------------------------------------------------------------- */

/* The side that holds a charge's own entries: the connected account for a direct charge, the
 * platform otherwise (R-CON-1). */
static inline ach_balance_side ach__charge_side(const ach_charge *c)
{
    return c->connect == ACH_CONNECT_DIRECT ? ACH_SIDE_CONNECTED : ACH_SIDE_PLATFORM;
}

/* The cents of a charge already given back to the customer or withdrawn from the balance by
 * refunds and disputes, capped at the amount: what Connect reversals are proportional to. */
int64_t ach__charge_covered(const ach_charge *c);

/* Writes the Connect transfer reversal (both sides, available on `date`) for the coverage of a
 * destination charge going from `before` to `after` cents (R-CON-1). Nothing for other charges
 * or a zero reversal. */
void ach__connect_cover(ach_effects *fx, const ach_charge *c, int64_t before, int64_t after,
                        ach_date date);

/* The Connect legs of a new charge (pending, scheduled for `available_on`): the transfer of a
 * destination charge, the application fee of a direct charge (R-CON-1). */
void ach__connect_create(ach_effects *fx, const ach_charge *c, ach_date date,
                         ach_date available_on);

/* The releases of a succeeding charge, dated `date`: each side's pending net becomes
 * available (R-CHG-5, R-BAL-1). */
void ach__charge_release(ach_effects *fx, const ach_charge *c, ach_date date);

/* The reversal of every pending entry of a charge failing before success (R-CHG-6, R-CON-1),
 * dated `date`. */
void ach__charge_reverse_pending(ach_effects *fx, const ach_charge *c, ach_date date);

/* Applies a dispute to a succeeded charge (the caller checked the transition): the charge
 * becomes disputed, the amount is withdrawn and `fee` charged (R-DSP-2, R-CHG-7), the Connect
 * transfer reversed, double credit flagged (R-DSP-3); the effects are written to fx (already
 * reset). Returns the amount at risk of double credit. */
int64_t ach__dispute_apply(ach_effects *fx, ach_charge *c, const ach__when *w, int64_t fee,
                           ach_txn_type fee_type, uint32_t flags, int reason);

/* A dispute raised by the customer's bank (R-DSP-1, R-DSP-2): the window check, then
 * ach__dispute_apply() with the dispute fee (fx reset here). One treatment for a dispute record
 * and for an unauthorised return after success (R-CHG-7 exception). *dispute_deadline receives the
 * window's last day; returns the status of the window check (nothing applied on failure). */
ach_status ach__dispute_by_bank(ach_effects *fx, int64_t *at_risk, ach_date *dispute_deadline,
                                ach_charge *c, const ach_env *env, const ach__when *w,
                                const ach_fee_schedule *fees, int reason,
                                ach_error *err);

#endif /* ACH_RULES_INTERNAL_H */
