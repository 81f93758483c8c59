/**
 * @file ach/connect.h
 * @brief Connect: direct and destination charges, application fees, transfers and their
 *        proportional reversal, balance transactions on both sides (SPEC R-CON-1).
 *
 * The kind of a charge is chosen at creation (ach_charge_params.connect, ach/charge.h); the
 * charge, refund and dispute functions then write the entries of both sides themselves. With
 * A the amount, f the processing fee, F the application fee and T = A - F the transfer:
 *
 * | event               | destination: platform            | destination: connected   |
 * |---------------------|----------------------------------|--------------------------|
 * | create (pending)    | charge +A (fee f), transfer -T   | payment +T               |
 * | succeed             | release F - f                    | release T                |
 * | fail before success | charge_reversal -(A-f), transfer_reversal +T (pending); failure_fee | transfer_reversal -T (pending) |
 * | refund r            | refund -r, transfer_reversal +x  | transfer_reversal -x     |
 * | dispute / late fail | dispute -A, fee, transfer_reversal +x | transfer_reversal -x |
 *
 * where x is the part of T not yet reversed that the refund or dispute covers, in proportion:
 * after refunds and disputes covering c cents of A, round_half_up(T × c / A) of the transfer
 * has been reversed in total (ach_connect_reversal_total()), so reversals never sum past T.
 *
 * | event               | direct: connected                      | direct: platform          |
 * |---------------------|----------------------------------------|---------------------------|
 * | create (pending)    | charge +A (fee f), application_fee -F  | application_fee +F        |
 * | succeed             | release A - f - F                      | release F                 |
 * | fail before success | charge_reversal -(A-f), application_fee_refund +F (pending); failure_fee | application_fee_refund -F (pending) |
 * | refund r            | refund -r                              | (the fee is kept)         |
 * | dispute / late fail | dispute -A, fee                        | (the fee is kept)         |
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
