/* SPDX-License-Identifier: Apache-2.0 */
/* `ach nacha validate|show|returns`: NACHA files from the command line. Account numbers are
 * masked everywhere (R-SEC-1). */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

#define USAGE                                                                   \
    "ach nacha validate FILE... [--json] [--lenient]\n"                         \
    "       ach nacha show FILE [--json] [--lenient]\n"                         \
    "       ach nacha returns FILE [--json] [--lenient] [--calendar FILE.ics]"

void cli_help_nacha(FILE *out);
int cli_cmd_nacha(int argc, char **argv);
extern const cli_spec cli_spec_nacha;

void cli_help_nacha(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "NACHA files: 94-character records (file header 1, batch header 5, entry 6,\n"
            "addenda 7, batch control 8, file control 9), with \\n, \\r\\n or no line breaks.\n\n"
            "  validate FILE...  checks every record and control; prints each finding as\n"
            "                    FILE:RECORD:COLUMN: CHECK: FIELD: expected X, found Y\n"
            "                    then a summary line per file\n"
            "  show FILE         batches, entries and addenda, one a line (tab-separated)\n"
            "  returns FILE      one line per return (addenda 99) or notification of change\n"
            "                    (addenda 98): KIND TRACE CODE MEANING ORIGINAL-TRACE AMOUNT,\n"
            "                    and for a NOC what it corrects and the date to apply it by\n"
            "                    (6 banking days after it settled)\n"
            "IAT batches (international) are read in their own layouts: show prints their\n"
            "foreign exchange and ISO codes (iat-batch) and addenda 10-18 (iat NN ...).\n\n"
            "  --json            print JSON (errors too, on standard error)\n"
            "  --lenient         read what bank files in the wild look like: records shorter\n"
            "                    (trailing blanks trimmed) or longer (trailing blanks) than 94\n"
            "                    characters, empty lines after the file control, no all-9\n"
            "                    padding, a company id padded differently in header and\n"
            "                    control; each is a warning (RECORD:COLUMN: warning: ...),\n"
            "                    which does not make the exit status 1\n"
            "  --calendar F.ics  business-day calendar for NOC deadlines (default: built in)\n\n"
            "Account numbers are shown as their last 4 characters only.\n"
            "Exit: 0 valid, 1 findings, 2 usage, 3 a file cannot be read.\n");
}

/* ---- output helpers ----------------------------------------------------------------------- */

/* Text of a field: printable ASCII as is, anything else as \xHH. */
static void put_text(FILE *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '\t') fputc(c, out);
        else fprintf(out, "\\x%02X", c);
    }
}

static void put_view(FILE *out, ach_nacha_text t) { put_text(out, t.ptr, t.len); }

/* A JSON string of a field; a byte above 0x7E is taken as Latin-1 so the output stays UTF-8. */
static void json_text(FILE *out, const char *p, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

static void json_view(FILE *out, ach_nacha_text t) { json_text(out, t.ptr, t.len); }
static void json_str(FILE *out, const char *s) { json_text(out, s, strlen(s)); }

static void json_date(FILE *out, ach_date d)
{
    char buf[ACH_DATE_FORMAT_SIZE];
    if (d == ACH_DATE_NONE) fputs("null", out);
    else fprintf(out, "\"%s\"", ach_date_format(buf, d));
}

static const char *date_text(char buf[ACH_DATE_FORMAT_SIZE], ach_date d)
{
    return d == ACH_DATE_NONE ? "-" : ach_date_format(buf, d);
}

static const char *money(char *buf, size_t cap, int64_t cents)
{
    if (cents < 0) snprintf(buf, cap, "?");
    else snprintf(buf, cap, "%" PRId64 ".%02d", cents / 100, (int)(cents % 100));
    return buf;
}

static void json_finding(FILE *out, const ach_nacha_finding *f)
{
    fprintf(out,
            "{\"record\":%" PRIu64 ",\"column\":%u,\"offset\":%" PRIu64
            ",\"severity\":\"%s\",\"check\":",
            f->record, (unsigned)f->column, f->offset, f->warning ? "warning" : "error");
    json_str(out, ach_nacha_check_name(f->check));
    fputs(",\"field\":", out);
    json_str(out, f->field);
    fputs(",\"expected\":", out);
    json_str(out, f->expected);
    fputs(",\"found\":", out);
    json_str(out, f->found);
    fputc('}', out);
}

/* Findings sink: text lines "FILE:RECORD:COLUMN: ..." to `out`, or JSON array items. */
typedef struct sink {
    FILE *out;
    const char *file;
    bool json;
    uint64_t n;
} sink;

static void on_finding(const ach_nacha_finding *f, void *ctx)
{
    sink *s = ctx;
    if (s->json) {
        if (s->n) fputc(',', s->out);
        json_finding(s->out, f);
    } else {
        char line[256];
        ach_nacha_finding_format(line, sizeof line, f);
        fprintf(s->out, "%s:%s\n", s->file, line);
    }
    s->n++;
}

static int open_reader(ach_nacha_reader **r, const char *path, sink *s, ach_nacha_profile profile)
{
    ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
    opts.profile = profile;
    opts.on_finding = on_finding;
    opts.ctx = s;
    ach_error err = ACH_ERROR_INIT;
    if (ach_nacha_reader_open(r, path, &opts, &err) != ACH_OK) return cli_fail(&err);
    return CLI_OK;
}

/* ---- IAT (issue 19) ------------------------------------------------------------------------ */

typedef struct named_text {
    const char *name;
    ach_nacha_text text;
} named_text;

/* The fields of an IAT addenda 10-18 that show prints, by name. A bank identification that is
 * an IBAN (qualifier 03) holds an account number: masked into `masked` (R-SEC-1). */
static size_t iat_fields(const ach_nacha_addenda *ad, named_text out[5],
                         char masked[ACH_NACHA_MASKED_SIZE])
{
    size_t n = 0;
#define F(label, view) out[n++] = (named_text){label, view}
    switch (ad->type) {
    case 10:
        F("transaction_type", ad->transaction_type);
        F("receiver_name", ad->name);
        F("foreign_trace", ad->foreign_trace);
        break;
    case 11: F("originator_name", ad->name); F("originator_street", ad->street); break;
    case 12:
        F("originator_city_state", ad->city_state);
        F("originator_country_postal", ad->country_postal);
        break;
    case 15: F("receiver_id", ad->receiver_id); F("receiver_street", ad->street); break;
    case 16:
        F("receiver_city_state", ad->city_state);
        F("receiver_country_postal", ad->country_postal);
        break;
    case 17: F("payment_info", ad->payment_info); break;
    default: { /* 13, 14, 18: a bank */
        ach_nacha_text id = ad->bank_id;
        if (ad->id_qualifier.len == 2 && memcmp(ad->id_qualifier.ptr, "03", 2) == 0) {
            ach_nacha_mask_account(masked, id.ptr, id.len);
            id = (ach_nacha_text){masked, strlen(masked)};
        }
        F(ad->type == 13 ? "odfi_name" : ad->type == 14 ? "rdfi_name" : "correspondent_name",
          ad->name);
        F("id_qualifier", ad->id_qualifier);
        F("bank_id", id);
        F("branch_country", ad->branch_country);
        break;
    }
    }
#undef F
    return n;
}

static void show_iat_addenda_text(const ach_nacha_addenda *ad)
{
    named_text f[5];
    char masked[ACH_NACHA_MASKED_SIZE], a[32];
    size_t n = iat_fields(ad, f, masked);
    printf("iat\t%02d", (int)ad->type);
    for (size_t i = 0; i < n; i++) {
        fputc('\t', stdout);
        put_view(stdout, f[i].text);
    }
    if (ad->type == 10) printf("\t%s", ad->foreign_amount < 0 ? "-" : money(a, sizeof a, ad->foreign_amount));
    fputc('\n', stdout);
}

static void show_iat_addenda_json(const ach_nacha_addenda *ad)
{
    named_text f[5];
    char masked[ACH_NACHA_MASKED_SIZE];
    size_t n = iat_fields(ad, f, masked);
    for (size_t i = 0; i < n; i++) {
        printf(",\"%s\":", f[i].name);
        json_view(stdout, f[i].text);
    }
    if (ad->type == 10) {
        if (ad->foreign_amount < 0) fputs(",\"foreign_amount_cents\":null", stdout);
        else printf(",\"foreign_amount_cents\":%" PRId64, ad->foreign_amount);
    }
    if (ad->type >= 17) printf(",\"sequence\":%" PRId64, ad->sequence);
    printf(",\"entry_sequence\":%" PRId64, ad->entry_sequence);
}

/* ---- validate ----------------------------------------------------------------------------- */

static void json_summary(FILE *out, const ach_nacha_summary *s)
{
    fprintf(out,
            "\"records\":%" PRIu64 ",\"batches\":%" PRIu64 ",\"entries\":%" PRIu64
            ",\"addenda\":%" PRIu64 ",\"returns\":%" PRIu64 ",\"nocs\":%" PRIu64
            ",\"total_debit_cents\":%" PRId64 ",\"total_credit_cents\":%" PRId64
            ",\"layout\":\"%s\",\"warnings\":%" PRIu64,
            s->records, s->batches, s->entries, s->addenda, s->returns, s->nocs, s->total_debit,
            s->total_credit, s->layout == ACH_NACHA_UNBROKEN ? "unbroken" : "lines", s->warnings);
}

static int validate(int argc, const char *const *argv, bool json, ach_nacha_profile profile)
{
    if (argc < 1) return cli_usage(USAGE, "validate needs at least one FILE");
    int rc = CLI_OK;
    if (json) fputs("{\"files\":[", stdout);
    for (int i = 0; i < argc; i++) {
        sink s = {stdout, argv[i], json, 0};
        if (json) {
            if (i) fputc(',', stdout);
            fputs("{\"file\":", stdout);
            json_str(stdout, argv[i]);
        }
        ach_nacha_options opts = ACH_NACHA_OPTIONS_INIT;
        opts.on_finding = on_finding;
        opts.ctx = &s;
        opts.profile = profile;
        ach_error err = ACH_ERROR_INIT;
        ach_nacha_summary sum;
        if (json) fputs(",\"findings\":[", stdout);
        if (ach_nacha_validate_file(&sum, argv[i], &opts, &err) != ACH_OK) {
            if (json) {
                char msg[512];
                ach_error_format(msg, sizeof msg, &err);
                fputs("],\"error\":", stdout);
                json_str(stdout, msg);
                fputc('}', stdout);
            }
            cli_fail(&err);
            rc = CLI_DATA;
            continue;
        }
        if (json) {
            fprintf(stdout, "],\"valid\":%s,", sum.findings ? "false" : "true");
            json_summary(stdout, &sum);
            fputc('}', stdout);
        } else if (sum.findings) {
            printf("%s: %" PRIu64 " finding%s\n", argv[i], sum.findings,
                   sum.findings == 1 ? "" : "s");
        } else {
            printf("%s: valid (records %" PRIu64 ", batches %" PRIu64 ", entries %" PRIu64
                   ", addenda %" PRIu64 ")",
                   argv[i], sum.records, sum.batches, sum.entries, sum.addenda);
            if (sum.warnings)
                printf(", %" PRIu64 " warning%s", sum.warnings, sum.warnings == 1 ? "" : "s");
            putchar('\n');
        }
        if (sum.findings && rc == CLI_OK) rc = CLI_NEGATIVE;
    }
    if (json) fputs("]}\n", stdout);
    return rc;
}

/* ---- show --------------------------------------------------------------------------------- */

static void show_text(const ach_nacha_record *rec)
{
    char a[32], m[ACH_NACHA_MASKED_SIZE], d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE];
    switch (rec->type) {
    case ACH_NACHA_FILE_HEADER: {
        const ach_nacha_file_header *h = &rec->file_header;
        fputs("file\t", stdout);
        put_view(stdout, h->immediate_destination);
        fputc('\t', stdout);
        put_view(stdout, h->destination_name);
        fputc('\t', stdout);
        put_view(stdout, h->immediate_origin);
        fputc('\t', stdout);
        put_view(stdout, h->origin_name);
        printf("\t%s\t%c\n", date_text(d1, h->creation_date), h->file_id_modifier);
        break;
    }
    case ACH_NACHA_BATCH_HEADER: {
        const ach_nacha_batch_header *h = &rec->batch_header;
        printf("batch\t%07" PRId64 "\t%s\t%d\t", h->batch_number, h->sec, (int)h->service_class);
        put_view(stdout, h->company_name);
        fputc('\t', stdout);
        put_view(stdout, h->company_id);
        fputc('\t', stdout);
        put_view(stdout, h->entry_description);
        printf("\t%s\t%s\n", date_text(d1, h->effective_date), date_text(d2, h->settlement_date));
        if (h->iat) {
            printf("iat-batch\t%s\t%c\t%s\t%s\t%s\t", h->foreign_exchange,
                   h->foreign_exchange_reference_indicator, h->destination_country,
                   h->originating_currency, h->destination_currency);
            put_view(stdout, h->iat_indicator);
            fputc('\n', stdout);
        }
        break;
    }
    case ACH_NACHA_ENTRY: {
        const ach_nacha_entry *e = &rec->entry_detail;
        fputs("entry\t", stdout);
        put_view(stdout, e->trace);
        printf("\t%02d\t%s\t", (int)e->transaction_code, e->debit ? "debit" : "credit");
        put_view(stdout, e->rdfi_routing);
        printf("\t%s\t%s\t", ach_nacha_mask_account(m, e->account.ptr, e->account.len),
               money(a, sizeof a, e->amount));
        put_view(stdout, e->individual_name);
        fputc('\t', stdout);
        put_view(stdout, e->individual_id);
        if (e->addenda_count >= 0) /* IAT: the addenda count and the OFAC screening indicators */
            printf("\t%04d\t%c%c", (int)e->addenda_count, e->ofac_indicator,
                   e->secondary_ofac_indicator);
        fputc('\n', stdout);
        break;
    }
    case ACH_NACHA_ADDENDA: {
        const ach_nacha_addenda *ad = &rec->addenda;
        if (ad->type == 98) {
            ach_nacha_noc noc;
            char desc[ACH_NACHA_NOC_DESCRIBE_SIZE];
            if (rec->entry && ach_nacha_noc_from_record(&noc, rec, NULL) == ACH_OK)
                printf("noc\t%s\t%s\t%s\n", noc.info.code, noc.info.original_trace,
                       ach_nacha_noc_describe(desc, &noc));
        } else if (ad->type == 99) {
            const ach_return_code *rc = ach_return_code_lookup(ad->code, 3);
            printf("return\t%s\t", ad->code);
            put_view(stdout, ad->original_trace);
            printf("\t%s", rc ? rc->title : "unknown return reason code");
            if (ad->original_amount >= 0) /* IAT */
                printf("\t%s", money(a, sizeof a, ad->original_amount));
            fputc('\n', stdout);
        } else if (ad->type >= 10 && ad->type <= 18) {
            show_iat_addenda_text(ad);
        } else if (ad->type == 2) { /* where the card was used */
            fputs("terminal\t", stdout);
            put_view(stdout, ad->terminal_id);
            fputc('\t', stdout);
            put_view(stdout, ad->terminal_location);
            fputc('\t', stdout);
            put_view(stdout, ad->terminal_city);
            fputc('\t', stdout);
            put_view(stdout, ad->terminal_state);
            fputc('\t', stdout);
            put_view(stdout, ad->transaction_date);
            fputc('\n', stdout);
        } else {
            printf("addenda\t%02d\t", (int)ad->type);
            put_view(stdout, ad->payment_info);
            fputc('\n', stdout);
        }
        break;
    }
    default:
        break;
    }
}

/* JSON: {"file":{...},"batches":[{...,"entries":[{...,"addenda":[...]}]}],"summary":{...}} */
typedef struct json_state {
    bool in_batch, in_entry, any_batch, any_entry, any_addenda;
} json_state;

static void json_close_entry(json_state *j)
{
    if (j->in_entry) fputs("]}", stdout);
    j->in_entry = false;
}

static void json_close_batch(json_state *j)
{
    json_close_entry(j);
    if (j->in_batch) fputs("]}", stdout);
    j->in_batch = false;
}

static void show_json(json_state *j, const ach_nacha_record *rec)
{
    char m[ACH_NACHA_MASKED_SIZE];
    switch (rec->type) {
    case ACH_NACHA_FILE_HEADER: {
        const ach_nacha_file_header *h = &rec->file_header;
        fputs("\"header\":{\"immediate_destination\":", stdout);
        json_view(stdout, h->immediate_destination);
        fputs(",\"destination_name\":", stdout);
        json_view(stdout, h->destination_name);
        fputs(",\"immediate_origin\":", stdout);
        json_view(stdout, h->immediate_origin);
        fputs(",\"origin_name\":", stdout);
        json_view(stdout, h->origin_name);
        fputs(",\"creation_date\":", stdout);
        json_date(stdout, h->creation_date);
        fputs(",\"file_id_modifier\":", stdout);
        json_text(stdout, &h->file_id_modifier, 1);
        fputs("},", stdout);
        break;
    }
    case ACH_NACHA_BATCH_HEADER: {
        json_close_batch(j);
        const ach_nacha_batch_header *h = &rec->batch_header;
        if (j->any_batch) fputc(',', stdout);
        j->any_batch = j->in_batch = true;
        j->any_entry = false;
        printf("{\"number\":%" PRId64 ",\"sec\":", h->batch_number);
        json_str(stdout, h->sec);
        printf(",\"service_class\":%d,\"company_name\":", (int)h->service_class);
        json_view(stdout, h->company_name);
        fputs(",\"company_id\":", stdout);
        json_view(stdout, h->company_id);
        fputs(",\"entry_description\":", stdout);
        json_view(stdout, h->entry_description);
        fputs(",\"effective_date\":", stdout);
        json_date(stdout, h->effective_date);
        fputs(",\"settlement_date\":", stdout);
        json_date(stdout, h->settlement_date);
        printf(",\"odfi\":\"%08" PRId64 "\"", h->odfi);
        if (h->iat) {
            fputs(",\"iat\":{\"indicator\":", stdout);
            json_view(stdout, h->iat_indicator);
            fputs(",\"foreign_exchange\":", stdout);
            json_str(stdout, h->foreign_exchange);
            fputs(",\"foreign_exchange_reference_indicator\":", stdout);
            json_text(stdout, &h->foreign_exchange_reference_indicator, 1);
            fputs(",\"foreign_exchange_reference\":", stdout);
            json_view(stdout, h->foreign_exchange_reference);
            fputs(",\"destination_country\":", stdout);
            json_str(stdout, h->destination_country);
            fputs(",\"originating_currency\":", stdout);
            json_str(stdout, h->originating_currency);
            fputs(",\"destination_currency\":", stdout);
            json_str(stdout, h->destination_currency);
            fputc('}', stdout);
        }
        fputs(",\"entries\":[", stdout);
        break;
    }
    case ACH_NACHA_ENTRY: {
        if (!j->in_batch) break; /* an entry outside a batch is a finding; not shown */
        json_close_entry(j);
        const ach_nacha_entry *e = &rec->entry_detail;
        if (j->any_entry) fputc(',', stdout);
        j->any_entry = j->in_entry = true;
        j->any_addenda = false;
        fputs("{\"trace\":", stdout);
        json_view(stdout, e->trace);
        printf(",\"transaction_code\":%d,\"debit\":%s,\"routing\":", (int)e->transaction_code,
               e->debit ? "true" : "false");
        json_view(stdout, e->rdfi_routing);
        fputs(",\"account\":", stdout);
        json_str(stdout, ach_nacha_mask_account(m, e->account.ptr, e->account.len));
        printf(",\"amount_cents\":%" PRId64 ",\"name\":", e->amount);
        json_view(stdout, e->individual_name);
        fputs(",\"id\":", stdout);
        json_view(stdout, e->individual_id);
        if (e->addenda_count >= 0) { /* IAT */
            printf(",\"addenda_count\":%d,\"ofac_indicator\":", (int)e->addenda_count);
            json_text(stdout, &e->ofac_indicator, 1);
            fputs(",\"secondary_ofac_indicator\":", stdout);
            json_text(stdout, &e->secondary_ofac_indicator, 1);
        }
        fputs(",\"addenda\":[", stdout);
        break;
    }
    case ACH_NACHA_ADDENDA: {
        if (!j->in_entry) break;
        const ach_nacha_addenda *ad = &rec->addenda;
        if (j->any_addenda) fputc(',', stdout);
        j->any_addenda = true;
        printf("{\"type\":\"%02d\"", (int)ad->type);
        if (ad->type == 98 || ad->type == 99) {
            fputs(",\"code\":", stdout);
            json_str(stdout, ad->code);
            fputs(",\"original_trace\":", stdout);
            json_view(stdout, ad->original_trace);
            if (ad->type == 98) {
                ach_nacha_noc noc;
                char desc[ACH_NACHA_NOC_DESCRIBE_SIZE];
                if (ach_nacha_noc_from_record(&noc, rec, NULL) == ACH_OK) {
                    fputs(",\"correction\":", stdout);
                    json_str(stdout, ach_nacha_noc_describe(desc, &noc));
                }
            } else {
                fputs(",\"addenda_info\":", stdout);
                json_view(stdout, ad->addenda_info);
                if (ad->original_amount >= 0) /* IAT */
                    printf(",\"original_amount_cents\":%" PRId64, ad->original_amount);
            }
        } else if (ad->type >= 10 && ad->type <= 18) {
            show_iat_addenda_json(ad);
        } else if (ad->type == 2) {
            fputs(",\"terminal_id\":", stdout);
            json_view(stdout, ad->terminal_id);
            fputs(",\"serial_number\":", stdout);
            json_view(stdout, ad->serial_number);
            fputs(",\"transaction_date\":", stdout);
            json_view(stdout, ad->transaction_date);
            fputs(",\"terminal_location\":", stdout);
            json_view(stdout, ad->terminal_location);
            fputs(",\"terminal_city\":", stdout);
            json_view(stdout, ad->terminal_city);
            fputs(",\"terminal_state\":", stdout);
            json_view(stdout, ad->terminal_state);
        } else {
            fputs(",\"payment_info\":", stdout);
            json_view(stdout, ad->payment_info);
        }
        fputc('}', stdout);
        break;
    }
    case ACH_NACHA_BATCH_CONTROL:
    case ACH_NACHA_FILE_CONTROL:
        json_close_batch(j);
        break;
    default:
        break;
    }
}

static int show(int argc, const char *const *argv, bool json, ach_nacha_profile profile)
{
    if (argc != 1) return cli_usage(USAGE, "show takes one FILE");
    sink s = {stderr, argv[0], false, 0};
    ach_nacha_reader *r = NULL;
    int rc = open_reader(&r, argv[0], &s, profile);
    if (rc) return rc;
    json_state j = {0};
    bool batches_open = false, header_done = false;
    if (json) {
        fputs("{\"file\":", stdout);
        json_str(stdout, argv[0]);
        fputc(',', stdout);
    }
    ach_nacha_record rec;
    ach_error err = ACH_ERROR_INIT;
    do {
        if (ach_nacha_next(&rec, r, &err) != ACH_OK) { /* unreadable, or changed while read */
            ach_nacha_reader_free(r);
            return cli_fail(&err);
        }
        if (!json) {
            show_text(&rec);
            continue;
        }
        /* The first file header, when it comes first, is its own member; a later one (a finding)
         * is not shown; the rest goes in "batches". */
        if (rec.type == ACH_NACHA_FILE_HEADER) {
            if (!batches_open && !header_done) show_json(&j, &rec);
            header_done = true;
            continue;
        }
        if (!batches_open) fputs("\"batches\":[", stdout);
        batches_open = true;
        show_json(&j, &rec);
    } while (rec.type != ACH_NACHA_END);
    ach_nacha_summary sum;
    ach_nacha_reader_summary(&sum, r);
    if (json) {
        json_close_batch(&j);
        if (!batches_open) fputs("\"batches\":[", stdout);
        fputs("],\"summary\":{", stdout);
        json_summary(stdout, &sum);
        printf(",\"findings\":%" PRIu64 "}}\n", sum.findings);
    }
    ach_nacha_reader_free(r);
    return sum.findings ? CLI_NEGATIVE : CLI_OK;
}

/* ---- returns ------------------------------------------------------------------------------ */

/* One return or NOC: "KIND TRACE CODE MEANING ORIGINAL-TRACE AMOUNT" and what follows (text),
 * or the same members of a JSON object left open for the caller's extra members. */
static void item_start(bool json, bool first, const char *kind, const ach_nacha_entry_info *in,
                       const char *meaning)
{
    char amount[32];
    if (!json) {
        printf("%s\t%s\t%s\t%s\t%s\t%s", kind, in->trace, in->code, meaning, in->original_trace,
               money(amount, sizeof amount, in->amount));
        return;
    }
    if (!first) fputc(',', stdout);
    printf("{\"kind\":\"%s\",\"trace\":", kind);
    json_str(stdout, in->trace);
    fputs(",\"code\":", stdout);
    json_str(stdout, in->code);
    fputs(",\"meaning\":", stdout);
    json_str(stdout, meaning);
    fputs(",\"original_trace\":", stdout);
    json_str(stdout, in->original_trace);
    printf(",\"amount_cents\":%" PRId64 ",\"account\":\"****%s\",\"settlement_date\":",
           in->amount, in->account_last4);
    json_date(stdout, in->settlement_date);
}

static int returns(int argc, const char *const *argv, bool json, const char *cal_file,
                   ach_nacha_profile profile)
{
    if (argc != 1) return cli_usage(USAGE, "returns takes one FILE");
    ach_error err = ACH_ERROR_INIT;
    ach_calendar *cal = NULL;
    ach_status st = cal_file ? ach_calendar_load_file(&cal, cal_file, NULL, &err)
                             : ach_calendar_new_default(&cal, &err);
    if (st) return cli_fail(&err);
    sink s = {stderr, argv[0], false, 0};
    ach_nacha_reader *r = NULL;
    int rc = open_reader(&r, argv[0], &s, profile);
    if (rc) {
        ach_calendar_free(cal);
        return rc;
    }
    if (json) {
        fputs("{\"file\":", stdout);
        json_str(stdout, argv[0]);
        fputs(",\"items\":[", stdout);
    }
    bool first = true;
    ach_nacha_record rec;
    char d1[ACH_DATE_FORMAT_SIZE], desc[ACH_NACHA_NOC_DESCRIBE_SIZE];
    do {
        if (ach_nacha_next(&rec, r, &err) != ACH_OK) { /* unreadable, or changed while read */
            ach_nacha_reader_free(r);
            ach_calendar_free(cal);
            return cli_fail(&err);
        }
        ach_nacha_return ret;
        ach_nacha_noc noc;
        if (ach_nacha_return_from_record(&ret, &rec, NULL) == ACH_OK) {
            item_start(json, first, "return", &ret.info,
                       ret.reason ? ret.reason->title : "unknown return reason code");
            if (json) {
                if (ret.original_amount >= 0) /* IAT */
                    printf(",\"original_amount_cents\":%" PRId64, ret.original_amount);
                fputs(",\"category\":", stdout);
                if (ret.reason) json_str(stdout, ach_return_category_name(ret.reason->category));
                else fputs("null", stdout);
                fputc('}', stdout);
            } else {
                fputc('\n', stdout);
            }
            first = false;
        } else if (ach_nacha_noc_from_record(&noc, &rec, NULL) == ACH_OK) {
            ach_date by; /* R-RET-4; ACH_DATE_NONE when the batch has no date */
            (void)ach_nacha_noc_apply_by(&by, &noc, cal, NULL);
            ach_nacha_noc_describe(desc, &noc);
            item_start(json, first, "noc", &noc.info,
                       noc.change ? noc.change->title : "unknown change code");
            if (json) {
                fputs(",\"correction\":", stdout);
                json_str(stdout, desc);
                fputs(",\"apply_by\":", stdout);
                json_date(stdout, by);
                fputc('}', stdout);
            } else {
                printf("\t%s\tapply by %s\n", desc, date_text(d1, by));
            }
            first = false;
        }
    } while (rec.type != ACH_NACHA_END);
    ach_nacha_summary sum;
    ach_nacha_reader_summary(&sum, r);
    if (json)
        printf("],\"returns\":%" PRIu64 ",\"nocs\":%" PRIu64 ",\"findings\":%" PRIu64 "}\n",
               sum.returns, sum.nocs, sum.findings);
    ach_nacha_reader_free(r);
    ach_calendar_free(cal);
    return sum.findings ? CLI_NEGATIVE : CLI_OK;
}

typedef struct nacha_args {
    const char *calendar;
    bool lenient;
} nacha_args;

static const cli_opt nacha_opts[] = {
    CLI_OPT_VALUE("calendar", nacha_args, calendar, "FILE.ics", CLI_IN),
    CLI_OPT_FLAG("lenient", nacha_args, lenient),
    CLI_OPT_END,
};

const cli_spec cli_spec_nacha = {USAGE, cli_help_nacha, nacha_opts, sizeof(nacha_args)};

static int nacha(cli_args *a, void *opts)
{
    static const char *const verbs[] = {"validate", "show", "returns", NULL};
    size_t verb;
    int rc = cli_take_verb(a, verbs, &verb, USAGE);
    if (rc != CLI_GO) return rc;
    int argc = (int)a->operands.n;
    const char *const *argv = a->operands.items;
    if ((rc = cli_check_files(a, argv, a->operands.n, NULL, 0)) != CLI_GO) return rc;
    const nacha_args *o = opts;
    ach_nacha_profile profile = o->lenient ? ACH_NACHA_LENIENT : ACH_NACHA_STRICT;
    if (verb == 0) return validate(argc, argv, a->json, profile);
    if (verb == 1) return show(argc, argv, a->json, profile);
    return returns(argc, argv, a->json, o->calendar, profile);
}

int cli_cmd_nacha(int argc, char **argv) { return cli_run(&cli_spec_nacha, argc, argv, nacha); }
