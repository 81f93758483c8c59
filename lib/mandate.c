/* SPDX-License-Identifier: Apache-2.0 */
/* Mandates (R-MAN-1). */
#include "ach/mandate.h"
#include "ach/date.h"
#include "rules_internal.h"

ach_status ach_mandate_init(ach_mandate *out, const char *id, const char *account,
                            ach_mandate_type type, ach_instant accepted_at, ach_error *err)
{
    /* each id measured once, then checked and copied with its length */
    size_t id_len = id ? strlen(id) : 0, account_len = account ? strlen(account) : 0;
    ach_status st = ach__id_check_view(id, id_len, true, "id", err);
    if (st != ACH_OK) return st;
    st = ach__id_check_view(account, account_len, true, "account", err);
    if (st != ACH_OK) return st;
    if (type != ACH_MANDATE_ONLINE && type != ACH_MANDATE_OFFLINE)
        return ach__fail(err, ACH_EINVAL, "type", 0, 0,
                         "mandate type %d is neither online nor offline", (int)type);
    ach_mandate m;
    memset(&m, 0, sizeof m);
    /* both checked: 1..ACH_ID_MAX bytes (so neither is NULL), NUL-terminated by the memset */
    if (id_len) memcpy(m.id, id, id_len);
    if (account_len) memcpy(m.account, account, account_len);
    m.accepted_at = accepted_at;
    m.revoked_at = ACH_INSTANT_NONE;
    m.type = type;
    *out = m;
    return ACH_OK;
}

ach_status ach_mandate_revoke(ach_mandate *m, ach_instant at, ach_error *err)
{
    char when[ACH_INSTANT_FORMAT_SIZE];
    if (m->revoked_at != ACH_INSTANT_NONE)
        return ach__fail(err, ACH_ETRANSITION, "mandate", 0, 0,
                         "mandate %s was already revoked at %s", m->id,
                         ach_instant_format(when, m->revoked_at));
    if (at < m->accepted_at)
        return ach__fail(err, ACH_EINVAL, "revoked_at", 0, 0,
                         "mandate %s cannot be revoked before it was accepted (%s)", m->id,
                         ach_instant_format(when, m->accepted_at));
    m->revoked_at = at;
    return ACH_OK;
}

bool ach_mandate_is_active(const ach_mandate *m, ach_instant at)
{
    return at >= m->accepted_at && (m->revoked_at == ACH_INSTANT_NONE || at < m->revoked_at);
}

ach_status ach_mandate_check(const ach_mandate *m, const char *account_id, ach_instant at,
                             ach_error *err)
{
    char when[ACH_INSTANT_FORMAT_SIZE];
    const char *acct = ach__str(account_id);
    if (!m)
        return ach__fail(err, ACH_ENOMANDATE, "mandate", 0, 0,
                         "no mandate authorises debits from bank account %s (R-MAN-1)", acct);
    if (strcmp(m->account, acct) != 0)
        return ach__fail(err, ACH_ENOMANDATE, "mandate", 0, 0,
                         "mandate %s authorises bank account %s, not %s (R-MAN-1)", m->id,
                         m->account, acct);
    if (at < m->accepted_at)
        return ach__fail(err, ACH_ENOMANDATE, "mandate", 0, 0,
                         "mandate %s was not yet accepted: it was accepted at %s (R-MAN-1)", m->id,
                         ach_instant_format(when, m->accepted_at));
    if (m->revoked_at != ACH_INSTANT_NONE && at >= m->revoked_at)
        return ach__fail(err, ACH_ENOMANDATE, "mandate", 0, 0,
                         "mandate %s was revoked at %s (R-MAN-1)", m->id,
                         ach_instant_format(when, m->revoked_at));
    return ACH_OK;
}

const char *ach_mandate_type_name(ach_mandate_type type)
{
    switch (type) {
    case ACH_MANDATE_ONLINE: return "online";
    case ACH_MANDATE_OFFLINE: return "offline";
    default: return "unknown";
    }
}

ach_status ach_mandate_type_parse(ach_mandate_type *out, const char *text, size_t len,
                                  ach_error *err)
{
    if (len == 6 && memcmp(text, "online", 6) == 0) {
        *out = ACH_MANDATE_ONLINE;
        return ACH_OK;
    }
    if (len == 7 && memcmp(text, "offline", 7) == 0) {
        *out = ACH_MANDATE_OFFLINE;
        return ACH_OK;
    }
    char shown[40];
    return ach__fail(err, ACH_EINVAL, "type", 0, 0, "mandate type '%s' is neither online nor offline",
                     ach__echo(shown, sizeof shown, text, len, 32));
}
