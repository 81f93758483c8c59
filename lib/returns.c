/* SPDX-License-Identifier: Apache-2.0 */
/* NACHA return reason codes and change codes (SPEC §11: R-RET-1 … R-RET-4).
 *
 * The tables are written out by hand from the Nacha Operating Rules (Appendix Four: return reason
 * codes; Appendix Five: change codes): they are reference data with no library to take them from.
 * Each is a sparse array indexed by the code's two digits, so a lookup is one bounds check and one
 * load. */
#include <string.h>

#include "ach/returns.h"
#include "internal.h"

#define ADM ACH_RETURN_ADMINISTRATIVE
#define UNA ACH_RETURN_UNAUTHORIZED
#define OTH ACH_RETURN_OTHER
#define BD2 ACH_RETURN_2_BANKING_DAYS
#define D60 ACH_RETURN_60_CALENDAR_DAYS

/* R-RET-1: 60 calendar days for R05, R07, R10, R11, R33, R37, R38, R51, R52, R53; two banking
 * days for every other code (R29, the corporate "not authorised", included).
 * R-RET-2: administrative R02, R03, R04; unauthorised R05, R07, R10, R11, R29, R51. */
static const ach_return_code return_codes[86] = {
    [1] = {"R01", "Insufficient Funds", OTH, BD2},
    [2] = {"R02", "Account Closed", ADM, BD2},
    [3] = {"R03", "No Account/Unable to Locate Account", ADM, BD2},
    [4] = {"R04", "Invalid Account Number Structure", ADM, BD2},
    [5] = {"R05", "Unauthorized Debit to Consumer Account Using Corporate SEC Code", UNA, D60},
    [6] = {"R06", "Returned per ODFI's Request", OTH, BD2},
    [7] = {"R07", "Authorization Revoked by Customer", UNA, D60},
    [8] = {"R08", "Payment Stopped", OTH, BD2},
    [9] = {"R09", "Uncollected Funds", OTH, BD2},
    [10] = {"R10", "Customer Advises Originator is Not Known to Receiver and/or Originator is "
                   "Not Authorized by Receiver to Debit Receiver's Account", UNA, D60},
    [11] = {"R11", "Customer Advises Entry Not in Accordance with the Terms of the Authorization",
            UNA, D60},
    [12] = {"R12", "Account Sold to Another DFI", OTH, BD2},
    [13] = {"R13", "Invalid ACH Routing Number", OTH, BD2},
    [14] = {"R14", "Representative Payee Deceased or Unable to Continue in That Capacity", OTH, BD2},
    [15] = {"R15", "Beneficiary or Account Holder (Other Than a Representative Payee) Deceased",
            OTH, BD2},
    [16] = {"R16", "Account Frozen/Entry Returned per OFAC Instruction", OTH, BD2},
    [17] = {"R17", "File Record Edit Criteria/Entry with Invalid Account Number Initiated Under "
                   "Questionable Circumstances/Return of Improperly-Initiated Reversal", OTH, BD2},
    [18] = {"R18", "Improper Effective Entry Date", OTH, BD2},
    [19] = {"R19", "Amount Field Error", OTH, BD2},
    [20] = {"R20", "Non-Transaction Account", OTH, BD2},
    [21] = {"R21", "Invalid Company Identification", OTH, BD2},
    [22] = {"R22", "Invalid Individual ID Number", OTH, BD2},
    [23] = {"R23", "Credit Entry Refused by Receiver", OTH, BD2},
    [24] = {"R24", "Duplicate Entry", OTH, BD2},
    [25] = {"R25", "Addenda Error", OTH, BD2},
    [26] = {"R26", "Mandatory Field Error", OTH, BD2},
    [27] = {"R27", "Trace Number Error", OTH, BD2},
    [28] = {"R28", "Routing Number Check Digit Error", OTH, BD2},
    [29] = {"R29", "Corporate Customer Advises Not Authorized", UNA, BD2},
    [30] = {"R30", "RDFI Not Participant in Check Truncation Program", OTH, BD2},
    [31] = {"R31", "Permissible Return Entry (CCD and CTX Only)", OTH, BD2},
    [32] = {"R32", "RDFI Non-Settlement", OTH, BD2},
    [33] = {"R33", "Return of XCK Entry", OTH, D60},
    [34] = {"R34", "Limited Participation DFI", OTH, BD2},
    [35] = {"R35", "Return of Improper Debit Entry", OTH, BD2},
    [36] = {"R36", "Return of Improper Credit Entry", OTH, BD2},
    [37] = {"R37", "Source Document Presented for Payment", OTH, D60},
    [38] = {"R38", "Stop Payment on Source Document", OTH, D60},
    [39] = {"R39", "Improper Source Document/Source Document Presented for Payment", OTH, BD2},
    [40] = {"R40", "Return of ENR Entry by Federal Government Agency", OTH, BD2},
    [41] = {"R41", "Invalid Transaction Code", OTH, BD2},
    [42] = {"R42", "Routing Number/Check Digit Error", OTH, BD2},
    [43] = {"R43", "Invalid DFI Account Number", OTH, BD2},
    [44] = {"R44", "Invalid Individual ID Number/Identification Number", OTH, BD2},
    [45] = {"R45", "Invalid Individual Name/Company Name", OTH, BD2},
    [46] = {"R46", "Invalid Representative Payee Indicator", OTH, BD2},
    [47] = {"R47", "Duplicate Enrollment", OTH, BD2},
    [50] = {"R50", "State Law Affecting RCK Acceptance", OTH, BD2},
    [51] = {"R51", "Item Related to RCK Entry is Ineligible or RCK Entry is Improper", UNA, D60},
    [52] = {"R52", "Stop Payment on Item Related to RCK Entry", OTH, D60},
    [53] = {"R53", "Item and RCK Entry Presented for Payment", OTH, D60},
    [61] = {"R61", "Misrouted Return", OTH, BD2},
    [62] = {"R62", "Return of Erroneous or Reversing Debit", OTH, BD2},
    [67] = {"R67", "Duplicate Return", OTH, BD2},
    [68] = {"R68", "Untimely Return", OTH, BD2},
    [69] = {"R69", "Field Error(s)", OTH, BD2},
    [70] = {"R70", "Permissible Return Entry Not Accepted/Return Not Requested by ODFI", OTH, BD2},
    [71] = {"R71", "Misrouted Dishonored Return", OTH, BD2},
    [72] = {"R72", "Untimely Dishonored Return", OTH, BD2},
    [73] = {"R73", "Timely Original Return", OTH, BD2},
    [74] = {"R74", "Corrected Return", OTH, BD2},
    [75] = {"R75", "Return Not a Duplicate", OTH, BD2},
    [76] = {"R76", "No Errors Found", OTH, BD2},
    [77] = {"R77", "Non-Acceptance of R62 Dishonored Return", OTH, BD2},
    [80] = {"R80", "IAT Entry Coding Error", OTH, BD2},
    [81] = {"R81", "Non-Participant in IAT Program", OTH, BD2},
    [82] = {"R82", "Invalid Foreign Receiving DFI Identification", OTH, BD2},
    [83] = {"R83", "Foreign Receiving DFI Unable to Settle", OTH, BD2},
    [84] = {"R84", "Entry Not Processed by Gateway", OTH, BD2},
    [85] = {"R85", "Incorrectly Coded Outbound International Payment", OTH, BD2},
};

#define N_ACCOUNT ACH_NOC_ACCOUNT
#define N_ROUTING ACH_NOC_ROUTING
#define N_TC ACH_NOC_TRANSACTION_CODE

/* Fields: code, what it corrects, title. C04 was removed from the Rules effective 2015-03-20; it is kept so that older files parse. */
static const ach_noc_code noc_codes[15] = {
    [1] = {"C01", N_ACCOUNT, "Incorrect DFI Account Number"},
    [2] = {"C02", N_ROUTING, "Incorrect Routing Number"},
    [3] = {"C03", N_ROUTING | N_ACCOUNT, "Incorrect Routing Number and Incorrect DFI Account Number"},
    [4] = {"C04", ACH_NOC_NAME, "Incorrect Individual Name/Receiving Company Name"},
    [5] = {"C05", N_TC, "Incorrect Transaction Code"},
    [6] = {"C06", N_ACCOUNT | N_TC, "Incorrect DFI Account Number and Incorrect Transaction Code"},
    [7] = {"C07", N_ROUTING | N_ACCOUNT | N_TC,
           "Incorrect Routing Number, Incorrect DFI Account Number, and Incorrect Transaction Code"},
    [8] = {"C08", ACH_NOC_FOREIGN_RDFI, "Incorrect Receiving DFI Identification (IAT Only)"},
    [9] = {"C09", ACH_NOC_INDIVIDUAL_ID, "Incorrect Individual Identification Number"},
    [10] = {"C10", ACH_NOC_COMPANY_NAME, "Incorrect Company Name"},
    [11] = {"C11", ACH_NOC_COMPANY_ID, "Incorrect Company Identification"},
    [12] = {"C12", ACH_NOC_COMPANY_NAME | ACH_NOC_COMPANY_ID,
            "Incorrect Company Name and Company Identification"},
    [13] = {"C13", ACH_NOC_ADDENDA, "Addenda Format Error"},
    [14] = {"C14", ACH_NOC_SEC_CODE, "Incorrect SEC Code for Outbound International Payment"},
};

/* Refused notifications of change (Appendix Five, "Refused Notifications of Change"): an ODFI
 * sends them back when a NOC is wrong. They correct nothing (corrects 0). */
static const ach_noc_code refused_noc_codes[] = {
    {"C61", 0, "Misrouted Notification of Change"},
    {"C62", 0, "Incorrect Trace Number"},
    {"C63", 0, "Incorrect Company Identification Number"},
    {"C64", 0, "Incorrect Individual Identification Number/Identification Number"},
    {"C65", 0, "Incorrectly Formatted Corrected Data"},
    {"C66", 0, "Incorrect Discretionary Data"},
    {"C67", 0, "Routing Number Not From Original Entry Detail Record"},
    {"C68", 0, "DFI Account Number Not From Original Entry Detail Record"},
    {"C69", 0, "Incorrect Transaction Code"},
};

/* The two digits of "X00".."X99" as a number, or -1 when the text is not the letter `letter`
 * followed by exactly two ASCII digits. */
static int code_number(const char *code, size_t len, char letter)
{
    if (!code || len != 3 || code[0] != letter) return -1;
    unsigned d1 = (unsigned char)code[1] - '0', d2 = (unsigned char)code[2] - '0';
    if (d1 > 9 || d2 > 9) return -1;
    return (int)(d1 * 10 + d2);
}

/* Length of a NUL-terminated code, counting at most 4 (enough to tell "R01" from "R012"). */
static size_t code_len(const char *code)
{
    size_t n = 0;
    while (n < 4 && code[n]) n++;
    return n;
}

const ach_return_code *ach_return_code_by_number(int number)
{
    if (number < 1 || number >= (int)ACH__ARRAY_LEN(return_codes)) return NULL;
    const ach_return_code *rc = &return_codes[number];
    return rc->code[0] ? rc : NULL;
}

const ach_return_code *ach_return_code_lookup(const char *code, size_t len)
{
    return ach_return_code_by_number(code_number(code, len, 'R'));
}

const ach_noc_code *ach_noc_code_by_number(int number)
{
    if (number < 1 || number >= (int)ACH__ARRAY_LEN(noc_codes)) return NULL;
    return &noc_codes[number];
}

const ach_noc_code *ach_noc_code_lookup(const char *code, size_t len)
{
    return ach_noc_code_by_number(code_number(code, len, 'C'));
}

const ach_noc_code *ach_refused_noc_code_lookup(const char *code, size_t len)
{
    int n = code_number(code, len, 'C');
    return n >= 61 && n <= 69 ? &refused_noc_codes[n - 61] : NULL;
}

const char *ach_return_category_name(ach_return_category category)
{
    switch (category) {
    case ACH_RETURN_ADMINISTRATIVE: return "administrative";
    case ACH_RETURN_UNAUTHORIZED: return "unauthorized";
    case ACH_RETURN_OTHER: break;
    }
    return "other";
}

const char *ach_retry_verdict_name(ach_retry_verdict verdict)
{
    switch (verdict) {
    case ACH_RETRY_ALLOWED: return "allowed";
    case ACH_RETRY_LIMIT_REACHED: return "limit-reached";
    case ACH_RETRY_WINDOW_PASSED: return "window-passed";
    case ACH_RETRY_NEW_AUTHORIZATION: return "new-authorization";
    case ACH_RETRY_CORRECT_CAUSE: break;
    }
    return "correct-cause";
}

/* The table entry of a NUL-terminated return code, or NULL. */
static const ach_return_code *find_return(const char *code)
{
    return code ? ach_return_code_lookup(code, code_len(code)) : NULL;
}

/* The failure for a code find_return() did not find. */
static ach_status unknown_return(const char *code, ach_error *err)
{
    if (!code) return ach__fail(err, ACH_EINVAL, "code", 0, 0, "no return reason code given");
    return ach__fail(err, ACH_ENOTFOUND, "code", 0, 0,
                     "'%.8s' is not a NACHA return reason code (R01-R85)", code);
}

ach_status ach_return_window_check(ach_return_window *out, const ach_calendar *cal,
                                   const char *code, ach_date settlement, ach_date returned,
                                   ach_error *err)
{
    if (!out || !cal) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    const ach_return_code *rc = find_return(code);
    if (!rc) return unknown_return(code, err);
    if (returned < settlement)
        return ach__fail(err, ACH_EINVAL, "returned", 0, 0,
                         "the return date is before the settlement date of the entry");
    ach_date deadline = 0;
    if (rc->timeframe == ACH_RETURN_60_CALENDAR_DAYS) {
        deadline = settlement + 60;
    } else {
        ach_status s = ach_calendar_add_business_days(&deadline, cal, settlement, 2, err);
        if (s) return s;
    }
    out->code = rc;
    out->deadline = deadline;
    out->late = returned > deadline;
    out->days_late = out->late ? returned - deadline : 0;
    return ACH_OK;
}

ach_status ach_retry_eligibility(ach_retry *out, const ach_calendar *cal, const char *code,
                                 ach_date settlement, int32_t presentments_so_far, ach_date today,
                                 ach_error *err)
{
    if (!out || !cal) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    const ach_return_code *rc = find_return(code);
    if (!rc) return unknown_return(code, err);
    if (presentments_so_far < 1)
        return ach__fail(err, ACH_EINVAL, "presentments", 0, 0,
                         "presentments so far must be at least 1 (the original), got %d",
                         (int)presentments_so_far);
    if (today < settlement)
        return ach__fail(err, ACH_EINVAL, "today", 0, 0, "today is before the settlement date");

    ach_retry r = {rc, ACH_RETRY_CORRECT_CAUSE, false, 0, ACH_DATE_NONE};
    if (strcmp(rc->code, "R01") == 0 || strcmp(rc->code, "R09") == 0) {
        /* The last business day on or before settlement + 180: the one before the day after. */
        ach_status s = ach_calendar_add_business_days(&r.until, cal, settlement + ACH_RETRY_WINDOW_DAYS + 1,
                                           -1, err);
        if (s) return s;
        int32_t left = ACH_RETRY_MAX_REPRESENTMENTS + 1 - presentments_so_far;
        if (left <= 0) {
            r.verdict = ACH_RETRY_LIMIT_REACHED;
        } else if (today > r.until) {
            r.verdict = ACH_RETRY_WINDOW_PASSED;
        } else {
            r.verdict = ACH_RETRY_ALLOWED;
            r.allowed = true;
            r.remaining = left;
        }
    } else if (strcmp(rc->code, "R08") == 0) {
        r.verdict = ACH_RETRY_NEW_AUTHORIZATION;
    }
    *out = r;
    return ACH_OK;
}

ach_status ach_noc_deadline(ach_date *out, const ach_calendar *cal, ach_date received,
                            ach_error *err)
{
    if (!out || !cal) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    return ach_calendar_add_business_days(out, cal, received, ACH_NOC_APPLY_BANKING_DAYS, err);
}

/* Copies data[from, from+n) (1-based `from`, clipped to len) without trailing blanks. */
static void take(char *dst, size_t cap, const char *data, size_t len, size_t from, size_t n)
{
    size_t start = from - 1;
    size_t end = start + n;
    if (end > len) end = len;
    if (start > end) start = end;
    while (end > start && data[end - 1] == ' ') end--;
    size_t k = end - start;
    if (k >= cap) k = cap - 1;
    memcpy(dst, data + start, k);
    dst[k] = '\0';
}

/* Checks that data[from, from+n) is all digits (a routing number or transaction code). */
static ach_status digits(const char *data, size_t len, size_t from, size_t n, const char *what,
                         ach_error *err)
{
    for (size_t i = from - 1; i < from - 1 + n; i++) {
        if (i >= len || data[i] < '0' || data[i] > '9')
            return ach__fail(err, ACH_EPARSE, "corrected data", 0, (uint32_t)(i + 1),
                             "the %s at positions %zu-%zu of the corrected data is not %zu digits",
                             what, from, from + n - 1, n);
    }
    return ACH_OK;
}

ach_status ach_noc_correction_parse(ach_noc_correction *out, const char *code, const char *data,
                                    size_t len, ach_error *err)
{
    if (!out || !code || (!data && len)) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "NULL argument");
    const ach_noc_code *nc = ach_noc_code_lookup(code, code_len(code));
    if (!nc)
        return ach__fail(err, ACH_ENOTFOUND, "change code", 0, 0,
                         "'%.8s' is not a NACHA change code (C01-C14)", code);
    if (len > ACH_NOC_TEXT_SIZE - 1) len = ACH_NOC_TEXT_SIZE - 1;

    /* Where each part sits in the 29 characters, by code (Nacha Appendix Five). */
    struct layout { size_t routing, account, account_len, tc; };
    static const struct layout layouts[15] = {
        [1] = {0, 1, 17, 0}, [2] = {1, 0, 0, 0}, [3] = {1, 13, 17, 0}, [5] = {0, 0, 0, 1},
        [6] = {0, 1, 17, 21}, [7] = {1, 10, 17, 27},
    };
    const struct layout *l = &layouts[nc - noc_codes];

    ach_noc_correction c;
    memset(&c, 0, sizeof c);
    c.code = nc;
    take(c.text, sizeof c.text, data, len, 1, len);
    ach_status s;
    if (l->routing) {
        if ((s = digits(data, len, l->routing, 9, "routing number", err))) return s;
        take(c.routing, sizeof c.routing, data, len, l->routing, 9);
        c.present |= ACH_NOC_ROUTING;
    }
    if (l->account) {
        take(c.account, sizeof c.account, data, len, l->account, l->account_len);
        if (!c.account[0])
            return ach__fail(err, ACH_EPARSE, "corrected data", 0, (uint32_t)l->account,
                             "the account number at positions %zu-%zu of the corrected data "
                             "is blank", l->account, l->account + l->account_len - 1);
        c.present |= ACH_NOC_ACCOUNT;
    }
    if (l->tc) {
        if ((s = digits(data, len, l->tc, 2, "transaction code", err))) return s;
        c.transaction_code = (data[l->tc - 1] - '0') * 10 + (data[l->tc] - '0');
        c.present |= ACH_NOC_TRANSACTION_CODE;
    }
    if (nc->corrects & (ACH_NOC_NAME | ACH_NOC_INDIVIDUAL_ID)) {
        if (!c.text[0])
            return ach__fail(err, ACH_EPARSE, "corrected data", 0, 1,
                             "the corrected data of %s is blank", nc->code);
        c.present |= nc->corrects;
    }
    *out = c;
    return ACH_OK;
}

void ach_return_tally_add(ach_return_tally *tally, const ach_return_code *code)
{
    if (!tally) return;
    tally->returns++;
    if (!code) return;
    if (code->category == ACH_RETURN_UNAUTHORIZED) tally->unauthorized++;
    else if (code->category == ACH_RETURN_ADMINISTRATIVE) tally->administrative++;
}

/* The full 128-bit product of a and b, as two 64-bit halves (C11 has no 128-bit integer). */
static void mul_64x64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

static ach_return_rate rate_of(uint64_t count, uint64_t debits, uint32_t threshold_bps)
{
    ach_return_rate r = {count, 0.0, threshold_bps, false};
    if (debits) {
        r.rate = (double)count / (double)debits;
        /* count/debits > bps/10000, exactly: count*10000 > bps*debits, in 128 bits. */
        uint64_t lhs_hi, lhs_lo, rhs_hi, rhs_lo;
        mul_64x64(count, 10000u, &lhs_hi, &lhs_lo);
        mul_64x64(threshold_bps, debits, &rhs_hi, &rhs_lo);
        r.breach = lhs_hi > rhs_hi || (lhs_hi == rhs_hi && lhs_lo > rhs_lo);
    }
    return r;
}

void ach_return_rates_compute(ach_return_rates *out, const ach_return_tally *tally)
{
    if (!out || !tally) return;
    out->debits = tally->debits;
    out->unauthorized = rate_of(tally->unauthorized, tally->debits, ACH_RETURN_RATE_UNAUTHORIZED_BPS);
    out->administrative =
        rate_of(tally->administrative, tally->debits, ACH_RETURN_RATE_ADMINISTRATIVE_BPS);
    out->overall = rate_of(tally->returns, tally->debits, ACH_RETURN_RATE_OVERALL_BPS);
}
