/* SPDX-License-Identifier: Apache-2.0 */
/* `ach reconcile --state FILE` and `--state FILE --show [TYPE:]ID` (issue 21): the engine's state
 * loaded before a run and saved after it atomically (docs/state-format.md), and one object of a
 * saved state printed. R-SEC-1: an account shows its last 4 digits only. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "reconcile.h"

static ach_status file_write(void *ctx, const void *p, size_t n)
{
    return fwrite(p, 1, n, (FILE *)ctx) == n ? ACH_OK : ACH_EIO;
}

static ach_status file_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    FILE *f = ctx;
    *got = fread(buf, 1, cap, f);
    return *got == 0 && ferror(f) ? ACH_EIO : ACH_OK;
}

/* The engine of an incremental run: loaded from `path` when it exists, else new. */
ach_status state_open(ach_recon **out, const char *path, const ach_calendar *cal,
                      const ach_recon_options *opts, ach_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT) return ach_recon_new(out, cal, opts, err);
    if (!f) {
        snprintf(err->message, sizeof err->message, "%s: cannot read the state: %s", path,
                 strerror(errno));
        return err->code = ACH_EIO;
    }
    ach_status s = ach_recon_load(out, cal, opts, file_read, f, err);
    fclose(f);
    if (s != ACH_OK) fprintf(stderr, "ach: %s: the state is refused\n", path);
    return s;
}

/* Writes the state atomically: a temporary file next to `path`, written, flushed and fsync()ed,
 * then renamed over it, then the directory fsync()ed, so that a crash or a kill at any point
 * leaves either the old state or the new one, never a torn one. */
ach_status state_save(const ach_recon *e, const char *path, ach_error *err)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 8);
    if (!tmp) return err->code = ACH_ENOMEM;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".XXXXXX", 8);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    ach_status s = f ? ach_recon_save(e, file_write, f, err) : ACH_EIO;
    bool ok = s == ACH_OK && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (f) ok = fclose(f) == 0 && ok;
    else if (fd >= 0) close(fd);
    ok = ok && rename(tmp, path) == 0;
    if (!ok && s == ACH_OK) {
        snprintf(err->message, sizeof err->message, "%s: cannot write the state: %s", path,
                 strerror(errno));
        s = err->code = ACH_EIO;
    }
    if (!ok && fd >= 0) unlink(tmp);
    free(tmp);
    if (s != ACH_OK) return s;
    /* the rename itself lasts once the directory is on disk */
    char *dir = strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    int dfd = dir ? open(slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".", O_RDONLY) : -1;
    if (dfd >= 0) {
        (void)fsync(dfd); /* some file systems refuse it on a directory: nothing more to do */
        close(dfd);
    }
    free(dir);
    return ACH_OK;
}

static void show_date(FILE *f, const char *key, ach_date d, bool json)
{
    char b[ACH_DATE_FORMAT_SIZE];
    if (d == ACH_DATE_NONE) return;
    if (json) fprintf(f, ",\"%s\":\"%s\"", key, ach_date_format(b, d));
    else fprintf(f, "  %-20s %s\n", key, ach_date_format(b, d));
}

static void show_text(FILE *f, const char *key, const char *v, bool json)
{
    if (!v || !v[0]) return;
    if (json) cli_json_member(f, key, v);
    else fprintf(f, "  %-20s %s\n", key, v);
}

static void show_cents(FILE *f, const char *key, int64_t v, bool json)
{
    char m[40];
    if (json) fprintf(f, ",\"%s\":%lld", key, (long long)v);
    else fprintf(f, "  %-20s %s\n", key, cli_money(m, v));
}

/* `ach reconcile --state FILE --show [TYPE:]ID`: one object of a saved engine (R-SEC-1: an
 * account shows its last 4 digits only; the engine keeps no more). */
int state_show(const char *state_path, const char *arg, const char *cal_path, bool json)
{
    ach_recon_object_type type = ACH_RECON_OBJECT_ANY;
    const char *id = arg, *colon = strchr(arg, ':');
    for (int t = ACH_RECON_OBJECT_ACCOUNT; colon && t < ACH_RECON_OBJECT_TYPE_COUNT; t++) {
        const char *name = ach_recon_object_type_name((ach_recon_object_type)t);
        if ((size_t)(colon - arg) == strlen(name) && strncmp(arg, name, strlen(name)) == 0) {
            type = (ach_recon_object_type)t;
            id = colon + 1;
        }
    }
    ach_error err = ACH_ERROR_INIT;
    ach_calendar *cal = NULL;
    ach_status s = cal_path ? ach_calendar_load_file(&cal, cal_path, NULL, &err)
                            : ach_calendar_new_default(&cal, &err);
    if (s) return cli_fail(&err);
    FILE *in = fopen(state_path, "rb");
    ach_recon *e = NULL;
    ach_recon_object o;
    if (!in) {
        fprintf(stderr, "ach: %s: cannot read the state: %s\n", state_path, strerror(errno));
        ach_calendar_free(cal);
        return CLI_DATA;
    }
    ach_recon_options opts = ACH_RECON_OPTIONS_INIT;
    opts.max_findings = 0; /* only objects are asked for */
    s = ach_recon_load(&e, cal, &opts, file_read, in, &err);
    fclose(in);
    if (s == ACH_OK) s = ach_recon_lookup(&o, e, type, id, strlen(id), &err);
    int rc = CLI_OK;
    if (s == ACH_EUNKNOWN_ID) {
        fprintf(stderr, "ach: %s: %s\n", state_path, err.message);
        rc = CLI_NEGATIVE;
    } else if (s != ACH_OK) {
        fprintf(stderr, "ach: %s: the state is refused\n", state_path);
        rc = cli_fail(&err);
    } else {
        FILE *f = stdout;
        char t[ACH_INSTANT_FORMAT_SIZE];
        bool money_kind = o.type >= ACH_RECON_OBJECT_CHARGE;
        if (json) {
            fprintf(f, "{\"type\":\"%s\",\"id\":", ach_recon_object_type_name(o.type));
            cli_json_string(f, o.id);
        } else {
            fprintf(f, "%s %s\n", ach_recon_object_type_name(o.type), o.id);
        }
        show_text(f, "status", o.status, json);
        static const char *const refs[] = {"", "customer", "account", "", "charge", "charge"};
        show_text(f, refs[o.type], o.ref, json);
        show_text(f, "mandate", o.mandate, json);
        if (o.type == ACH_RECON_OBJECT_ACCOUNT) {
            char masked[12];
            snprintf(masked, sizeof masked, "****%s", o.last4);
            show_text(f, "account_number", masked, json);
            show_text(f, "holder_type", ach_holder_type_name(o.holder_type), json);
            if (json) fprintf(f, ",\"test\":%s,\"failed_attempts\":%u", o.test ? "true" : "false",
                              o.failed_attempts);
            else fprintf(f, "  %-20s %s\n  %-20s %u\n", "test", o.test ? "yes" : "no",
                         "failed_attempts", o.failed_attempts);
        }
        show_text(f, o.type == ACH_RECON_OBJECT_MANDATE ? "type" : "reason", o.kind_name, json);
        if (money_kind) show_cents(f, "amount", o.amount, json);
        if (o.type == ACH_RECON_OBJECT_CHARGE) {
            show_cents(f, "fee", o.fee, json);
            show_cents(f, "refunded", o.refunded, json);
            show_text(f, "return_code", o.return_code, json);
        }
        if (o.created != ACH_INSTANT_NONE)
            show_text(f, o.type == ACH_RECON_OBJECT_MANDATE ? "accepted" : "created",
                      ach_instant_format(t, o.created), json);
        if (o.revoked != ACH_INSTANT_NONE)
            show_text(f, "revoked", ach_instant_format(t, o.revoked), json);
        show_date(f, "processing", o.processing, json);
        show_date(f, o.type == ACH_RECON_OBJECT_REFUND ? "expected_by" : "resolve_by",
                  o.resolve_by, json);
        show_date(f, "available_on", o.available_on, json);
        show_date(f, "refund_deadline", o.refund_deadline, json);
        show_date(f, "dispute_window_end", o.dispute_window_end, json);
        if (json) fputs("}\n", f);
        if (fflush(f) != 0) rc = CLI_DATA;
    }
    ach_recon_free(e);
    ach_calendar_free(cal);
    return rc;
}
