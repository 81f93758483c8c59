/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach.h
 * @brief libach — business rules and reconciliation of US ACH direct debits. Umbrella header.
 *
 * Include this, or the single module headers under ach/. See ach/common.h for the conventions
 * that hold everywhere (units, thread safety) and ach/error.h for the error model.
 */
#ifndef ACH_H
#define ACH_H

#include "ach/common.h"
#include "ach/version.h"
#include "ach/error.h"
#include "ach/date.h"
#include "ach/calendar.h"
/* ---- module headers (keep one per line, in layer order) ---- */
#include "ach/routing.h"
#include "ach/name.h"
#include "ach/testmode.h"
#include "ach/fee.h"
#include "ach/event.h"
#include "ach/balance.h"
#include "ach/rules.h"
#include "ach/account.h"
#include "ach/mandate.h"
#include "ach/charge.h"
#include "ach/refund.h"
#include "ach/dispute.h"
#include "ach/connect.h"
#include "ach/returns.h"
#include "ach/fc.h"
#include "ach/ledger.h"
#include "ach/nacha.h"
#include "ach/recon.h"
/* ---- end module headers ---- */

#endif /* ACH_H */
