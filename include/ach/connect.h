/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/connect.h
 * @brief Connect: direct and destination charges, application fees, transfers and their
 *        proportional reversal, balance transactions on both sides (SPEC R-CON-1).
 *
 * The kind of a charge is chosen at creation (ach_charge_params.connect, ach/charge.h); the
 * charge, refund and dispute functions then write the entries of both sides themselves. With
 * A the amount, f the processing fee, F the application fee and T = A - F the transfer:
 *
 * Destination charge (created on the platform, T transferred to the destination account):
 * - create (pending):   platform: charge +A (fee f), transfer -T;  connected: payment +T
 * - succeed:            platform: release F - f;                   connected: release T
 * - fail before success (pending reversals): platform: charge_reversal -(A - f), transfer_reversal
 *   +T, then failure_fee (available);  connected: transfer_reversal -T
 * - refund r:           platform: refund -r, transfer_reversal +x; connected: transfer_reversal -x
 * - dispute, or a failure after success (R-CHG-7): platform: dispute -A, the fee,
 *   transfer_reversal +x;  connected: transfer_reversal -x
 *
 * where x is the part of T the refund or dispute covers, in proportion: once refunds and
 * disputes cover c cents of A, round_half_up(T × c / A) of the transfer has been reversed in
 * total (ach_connect_reversal_total()), so the reversals never sum past T.
 *
 * Direct charge (created on the connected account, F paid to the platform):
 * - create (pending):   connected: charge +A (fee f), application_fee -F;  platform:
 *   application_fee +F
 * - succeed:            connected: release A - f - F;  platform: release F
 * - fail before success (pending reversals): connected: charge_reversal -(A - f),
 *   application_fee_refund +F, then failure_fee (available);  platform: application_fee_refund -F
 * - refund r:           connected: refund -r (the platform keeps its fee)
 * - dispute, or a failure after success: connected: dispute -A, the fee (the platform keeps F)
 *
 * Legs of 0 cents are not written.
 */
#ifndef ACH_CONNECT_H
#define ACH_CONNECT_H

#include "ach/common.h"
#include "ach/error.h"
#include "ach/charge.h"

ACH_BEGIN_DECL

/** What each side nets from a charge that succeeds, cents (R-CON-1). */
typedef struct ach_connect_split {
    int64_t platform;  /**< none: A - f; destination: F - f (may be negative); direct: F */
    int64_t connected; /**< none: 0; destination: T = A - F; direct: A - f - F */
} ach_connect_split;

/** The transfer of a destination charge, amount - application fee; 0 for other charges. */
ACH_EXTERN int64_t ach_connect_transfer_amount(const ach_charge *charge) ACH_PURE;

/**
 * The total of a destination charge's transfer reversed once refunds and disputes cover
 * `covered` cents of its amount: round_half_up(T × covered / amount), with covered clamped to
 * 0..amount (exact 128-bit arithmetic). 0 for other charges.
 */
ACH_EXTERN int64_t ach_connect_reversal_total(const ach_charge *charge, int64_t covered) ACH_PURE;

/** Each side's net when `charge` succeeds (see the table in the file comment). */
ACH_EXTERN ach_connect_split ach_connect_split_of(const ach_charge *charge) ACH_PURE;

/** "none", "direct", "destination". @return static storage, never NULL; "unknown" otherwise. */
ACH_EXTERN const char *ach_connect_kind_name(ach_connect_kind kind) ACH_CONST;

ACH_END_DECL

#endif /* ACH_CONNECT_H */
