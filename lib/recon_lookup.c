/* SPDX-License-Identifier: Apache-2.0 */
/* Lookups by id (issue 21 item 3): one object of a live or loaded engine, found with one hash
 * table lookup, read from its compact record (layout: lib/recon.c) into a plain value with its
 * status and the dates that follow from it (R-CHG-4, R-CHG-5, R-REF-1, R-REF-2, R-DSP-1). */
#include <string.h>
#include "ach/account.h"
#include "ach/mandate.h"
#include "ach/refund.h"
#include "ach/dispute.h"
#include "recon_internal.h"

static const char *const type_names[ACH_RECON_OBJECT_TYPE_COUNT] = {
    [ACH_RECON_OBJECT_ACCOUNT] = "account", [ACH_RECON_OBJECT_MANDATE] = "mandate",
    [ACH_RECON_OBJECT_CHARGE] = "charge",   [ACH_RECON_OBJECT_REFUND] = "refund",
    [ACH_RECON_OBJECT_DISPUTE] = "dispute",
};

const char *ach_recon_object_type_name(ach_recon_object_type type)
{
    if ((int)type < 1 || type >= ACH_RECON_OBJECT_TYPE_COUNT) return "";
    return type_names[type];
}

/* The record kinds (REC_*) are the object types, in the same order. */
_Static_assert(REC_ACCOUNT == (int)ACH_RECON_OBJECT_ACCOUNT &&
                   REC_DISPUTE == (int)ACH_RECON_OBJECT_DISPUTE,
               "record kinds and object types are numbered alike");

static void copy_id(char out[ACH_ID_SIZE], const uint8_t *rec, uint32_t id_at)
{
    size_t n = rec[id_at] < ACH_ID_MAX ? rec[id_at] : ACH_ID_MAX;
    memcpy(out, rec + id_at + 1, n);
    out[n] = '\0';
}

/* A charge's part: its value, status and timeline (R-CHG-4, R-CHG-5, R-REF-1, R-DSP-1). */
static ach_status charge_part(ach_recon_object *o, const ach_recon *e, uint32_t ref,
                              ach_error *err)
{
    ach_charge c;
    ach__recon_charge_value(&c, e, ref);
    ach_timeline t;
    ach_status st = ach_charge_timeline(&t, &c, e->cal, err);
    if (st != ACH_OK) return st;
    o->holder_type = (ach_holder_type)c.holder_type;
    o->amount = c.amount;
    o->processing = t.processing;
    o->dispute_window_end = t.dispute_deadline;
    if (o->type != ACH_RECON_OBJECT_CHARGE) return ACH_OK;
    o->status = ach_charge_status_name((ach_charge_status)c.status);
    o->status_code = c.status;
    o->fee = c.fee;
    o->refunded = c.refunded;
    o->created = c.created;
    o->resolve_by = t.resolve_by;
    o->available_on = t.available_on;
    o->refund_deadline = t.refund_deadline;
    if (c.return_code) {
        o->return_code[0] = 'R';
        o->return_code[1] = (char)('0' + c.return_code / 10 % 10);
        o->return_code[2] = (char)('0' + c.return_code % 10);
    }
    return ACH_OK;
}

static ach_status read_object(ach_recon_object *o, const ach_recon *e, unsigned kind,
                              uint32_t ref, ach_error *err)
{
    const uint8_t *r = ach__recon_at(e, ref);
    switch (kind) {
    case REC_ACCOUNT: {
        copy_id(o->id, r, ACC_ID_AT);
        const uint8_t *cust = r + ACC_ID_AT + 1 + r[ACC_ID_AT];
        copy_id(o->ref, cust, 0);
        uint32_t mref = ach__ld32(r + 12);
        if (mref) copy_id(o->mandate, ach__recon_at(e, mref), MAN_ID_AT);
        o->status = ach_account_status_name((ach_account_status)r[1]);
        o->status_code = r[1];
        o->failed_attempts = r[2];
        o->holder_type = (ach_holder_type)r[3];
        memcpy(o->last4, r + 8, 4); /* all the record keeps of the number (R-SEC-1) */
        o->last4[4] = '\0';
        o->test = (r[0] & REC_TEST) != 0;
        return ACH_OK;
    }
    case REC_MANDATE:
        copy_id(o->id, r, MAN_ID_AT);
        copy_id(o->ref, ach__recon_at(e, ach__ld32(r + 4)), ACC_ID_AT);
        o->status = r[2] ? "revoked" : "active";
        o->status_code = r[2] ? 2 : 1;
        o->kind_name = ach_mandate_type_name((ach_mandate_type)r[1]);
        o->created = ach__ld40(r + 8);
        if (r[2]) o->revoked = ach__ld40(r + 13);
        return ACH_OK;
    case REC_CHARGE:
        copy_id(o->id, r, CHG_ID_AT);
        return charge_part(o, e, ref, err);
    case REC_REFUND: {
        copy_id(o->id, r, REF_ID_AT);
        uint32_t cref = ach__ld32(r + 4);
        copy_id(o->ref, ach__recon_at(e, cref), CHG_ID_AT);
        o->status = ach_refund_status_name((ach_refund_status)r[1]);
        o->status_code = r[1];
        o->flags = r[3];
        o->amount = ach__ld40(r + 8);
        o->created = ach__ld40(r + 13);
        /* R-REF-2: expected back by the processing date of its creation + 5 business days */
        ach_date d;
        ach_status st = ach_calendar_processing_date(&d, e->cal, o->created, err);
        if (st == ACH_OK) st = ach_calendar_add_business_days(&o->resolve_by, e->cal, d, 5, err);
        return st;
    }
    default: { /* REC_DISPUTE */
        copy_id(o->id, r, DSP_ID_AT);
        uint32_t cref = ach__ld32(r + 4);
        copy_id(o->ref, ach__recon_at(e, cref), CHG_ID_AT);
        o->status = ach_dispute_status_name(ACH_DISPUTE_LOST); /* final when made (R-DSP-2) */
        o->status_code = ACH_DISPUTE_LOST;
        o->kind_name = ach_dispute_reason_name((ach_dispute_reason)r[1]);
        o->flags = r[2];
        return charge_part(o, e, cref, err);
    }
    }
}

ach_status ach_recon_lookup(ach_recon_object *out, const ach_recon *e, ach_recon_object_type type,
                            const char *id, size_t len, ach_error *err)
{
    if (!out || !e || (!id && len) || (int)type < 0 || type >= ACH_RECON_OBJECT_TYPE_COUNT)
        return ach__fail(err, ACH_EINVAL, "id", 0, 0, "NULL argument or unknown object type");
    static const unsigned any[] = {REC_CHARGE, REC_REFUND, REC_DISPUTE, REC_MANDATE,
                                   REC_ACCOUNT};
    unsigned one[1] = {(unsigned)type};
    const unsigned *kinds = type == ACH_RECON_OBJECT_ANY ? any : one;
    size_t nkinds = type == ACH_RECON_OBJECT_ANY ? ACH__ARRAY_LEN(any) : 1;
    uint64_t h = ach__id_hash(e->hash_key, id ? id : "", len);
    for (size_t i = 0; i < nkinds && len <= ACH_ID_MAX; i++) {
        uint32_t ref = ach__idmap_find(e->table_of[kinds[i]], &e->arena, id, len, h);
        if (!ref) continue;
        ach_recon_object o;
        memset(&o, 0, sizeof o);
        o.type = (ach_recon_object_type)kinds[i];
        o.status = o.kind_name = "";
        o.created = o.revoked = ACH_INSTANT_NONE;
        o.processing = o.resolve_by = o.available_on = o.refund_deadline =
            o.dispute_window_end = ACH_DATE_NONE;
        ach_status st = read_object(&o, e, kinds[i], ref, err);
        if (st != ACH_OK) return st;
        *out = o;
        return ACH_OK;
    }
    return ach__fail(err, ACH_EUNKNOWN_ID, "id", 0, 0, "no %s with id '%.*s'",
                     type == ACH_RECON_OBJECT_ANY ? "object" : type_names[type],
                     len > 64 ? 64 : (int)len, id ? id : "");
}
