/* SPDX-License-Identifier: Apache-2.0 */
/* The reconciliation report as one HTML page (issue 24): no network, no external script, font
 * or style; a Content-Security-Policy allows nothing but the page's own style and script (by
 * their SHA-256), so a value that escaped its escaping could still execute nothing. Charts are
 * inline SVG drawn here: step lines (a balance or a rate holds until its next date), a point on
 * every date with its value on hover (<title>) and in data-x/data-y attributes (for tests), and
 * the same figures in a table for screen readers.
 *
 * The page's script only sorts tables and notes on <html> that it ran (data-ready) and how many
 * errors or policy violations the page met (data-errors): the browser test reads both. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "report_html.h"

/* The style and the script, verbatim in the page: their SHA-256 (base64) is in the policy, and
 * tests/cli_reconcile_html.py checks that they agree. After any change to either, set the new
 * hash (printed by that test when they differ). */
static const char page_style[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:1em 1.5em;"
    "color:#1d2330;background:#fff}"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .4em;"
    "border-bottom:1px solid #d6dbe4;padding-bottom:.2em}"
    "table{border-collapse:collapse;margin:.3em 0}th,td{padding:.2em .7em;text-align:left;"
    "border-bottom:1px solid #eceff4;vertical-align:top}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums}"
    ".ok{color:#1a7f37;font-weight:600}.bad{color:#c62828;font-weight:600}"
    ".grid{display:flex;flex-wrap:wrap;gap:0 2.5em;align-items:flex-start}.muted{color:#5c6473}"
    "th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;"
    "color:inherit}th[aria-sort=ascending] button::after{content:' \\25B2'}"
    "th[aria-sort=descending] button::after{content:' \\25BC'}"
    "svg{max-width:100%;height:auto;font:12px system-ui,sans-serif}"
    ".axis line,.axis path{stroke:#8a93a3}.gridline{stroke:#eceff4}"
    ".s-pending{stroke:#2f6fdf;fill:#2f6fdf}.s-available{stroke:#1a9a5a;fill:#1a9a5a}"
    ".s-rate{stroke:#6a4fc4;fill:#6a4fc4}path.line{fill:none;stroke-width:2}"
    ".threshold{stroke:#c62828;stroke-dasharray:5 4;stroke-width:1.5}"
    ".zone{fill:#fdecec}circle.breach{fill:#c62828;stroke:#fff;stroke-width:1.5}"
    "details{margin:.3em 0 1em}summary{cursor:pointer;color:#2f6fdf}"
    "td.msg{max-width:32em}";

static const char page_script[] =
    "(function(){var h=document.documentElement,errors=0;"
    "function bad(){errors++;h.setAttribute('data-errors',String(errors));}"
    "h.setAttribute('data-errors','0');"
    "window.addEventListener('error',bad,true);"
    "document.addEventListener('securitypolicyviolation',bad);"
    "function key(td,num){var k=td.getAttribute('data-k');"
    "return num?Number(k!==null?k:td.textContent):(k!==null?k:td.textContent);}"
    "function sort(table,col,num,th){var asc=th.getAttribute('aria-sort')!=='ascending';"
    "var ths=table.tHead.rows[0].cells;for(var i=0;i<ths.length;i++)"
    "ths[i].removeAttribute('aria-sort');"
    "th.setAttribute('aria-sort',asc?'ascending':'descending');"
    "var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);"
    "rows.sort(function(a,b){var x=key(a.cells[col],num),y=key(b.cells[col],num);"
    "var c=x<y?-1:x>y?1:0;return asc?c:-c;});"
    "for(var j=0;j<rows.length;j++)body.appendChild(rows[j]);}"
    "document.addEventListener('DOMContentLoaded',function(){"
    "var tables=document.querySelectorAll('table.sortable');"
    "for(var t=0;t<tables.length;t++){(function(table){"
    "var ths=table.tHead.rows[0].cells;for(var i=0;i<ths.length;i++){(function(th,col){"
    "var b=th.querySelector('button');if(b)b.addEventListener('click',function(){"
    "sort(table,col,th.getAttribute('data-type')==='num',th);});})(ths[i],i);}"
    "})(tables[t]);}"
    "h.setAttribute('data-ready','1');});})();";

#define STYLE_SHA256 "sha256-MjeIfC8P26XnUUO/3vStcxrcWJZuuBNENeeZjYrZY7o="
#define SCRIPT_SHA256 "sha256-O2l+fP2FC4nW1J4l+bky8NpoAQkZToUdCS/w2pPsCg8="

/* ---- escaping and formatting -------------------------------------------------------------- */

/* Text or an attribute value from the ledger: nothing in it can open a tag, end an attribute or
 * start an entity. */
static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* Always fills `buf` (with "-" for no date): callers print `buf` again after the call. */
static const char *day_str(char buf[ACH_DATE_FORMAT_SIZE], ach_date d)
{
    if (d == ACH_DATE_NONE) {
        memcpy(buf, "-", 2);
        return buf;
    }
    return ach_date_format(buf, d);
}

static void td_num(FILE *f, unsigned long long v) { fprintf(f, "<td class=\"n\">%llu</td>", v); }

static void td_money(FILE *f, int64_t cents)
{
    char m[40];
    fprintf(f, "<td class=\"n\" data-k=\"%lld\">%s</td>", (long long)cents, cli_money(m, cents));
}

static ach_status nomem(ach_error *err)
{
    err->code = ACH_ENOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return ACH_ENOMEM;
}

/* "holds" or "BROKEN", coloured */
static void verdict(FILE *f, bool holds)
{
    fputs(holds ? "<span class=\"ok\">holds</span>" : "<span class=\"bad\">BROKEN</span>", f);
}

/* ---- charts ------------------------------------------------------------------------------- */

/* A plotting area: dates across, values up. */
typedef struct plot {
    double x, y, w, h;  /* the area in the SVG's pixels */
    ach_date d0, d1;    /* dates at its left and right edges */
    double v0, v1;      /* values at its bottom and top */
} plot;

static double px(const plot *p, ach_date d)
{
    return p->d1 > p->d0 ? p->x + (double)(d - p->d0) * p->w / (double)(p->d1 - p->d0) : p->x;
}

static double py(const plot *p, double v)
{
    return p->y + p->h - (v - p->v0) * p->h / (p->v1 - p->v0);
}

/* A round step (1, 2 or 5 times a power of ten) giving about n intervals over span. */
static double nice_step(double span, int n)
{
    double raw = span > 0 ? span / n : 1, mag = 1;
    while (mag * 10 <= raw) mag *= 10;
    while (mag > raw) mag /= 10;
    double r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

/* Widens [v0, v1] to whole steps (always including 0) and returns the step. */
static double nice_range(double *v0, double *v1)
{
    if (*v0 > 0) *v0 = 0;
    if (*v1 < 0) *v1 = 0;
    if (*v1 - *v0 <= 0) *v1 = *v0 + 1;
    double step = nice_step(*v1 - *v0, 5);
    double lo = 0, hi = 0;
    while (lo > *v0) lo -= step;
    while (hi < *v1) hi += step;
    *v0 = lo;
    *v1 = hi;
    return step;
}

/* Grid lines and value labels up the left, dates along the bottom, and the axis titles. */
static void axes(FILE *f, const plot *p, double step, void (*label)(char *, size_t, double),
                 const char *ytitle, bool xlabels)
{
    fputs("<g class=\"axis\">", f);
    int ticks = (int)((p->v1 - p->v0) / step + 0.5);
    for (int i = 0; i <= ticks; i++) {
        double v = p->v0 + step * i;
        char buf[48];
        label(buf, sizeof buf, v);
        double y = py(p, v);
        fprintf(f, "<line class=\"gridline\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                p->x, p->x + p->w, y, y, p->x - 6, y + 4, buf);
    }
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p->x, p->x + p->w,
            p->y + p->h, p->y + p->h);
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p->x, p->x, p->y,
            p->y + p->h);
    int span = (int)(p->d1 - p->d0), n = span < 5 ? span : 5;
    for (int i = 0; i <= n; i++) {
        ach_date d = n ? p->d0 + (ach_date)((long)span * i / n) : p->d0;
        char buf[ACH_DATE_FORMAT_SIZE];
        double x = px(p, d);
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x, x, p->y + p->h,
                p->y + p->h + 4);
        if (xlabels)
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x,
                    p->y + p->h + 17, day_str(buf, d));
    }
    fprintf(f, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" text-anchor=\"middle\">%s"
               "</text>",
            p->x - 64, p->y + p->h / 2, ytitle);
    if (xlabels)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">Date (UTC)</text>",
                p->x + p->w / 2, p->y + p->h + 36);
    fputs("</g>", f);
}

static void money_label(char *buf, size_t size, double cents)
{
    /* an axis label stays short: "$150M", "$25k" from $10,000 on (ticks are round numbers) */
    double dollars = cents / 100, mag = dollars < 0 ? -dollars : dollars;
    if (mag >= 1e6) {
        snprintf(buf, size, "%s$%.4gM", dollars < 0 ? "-" : "", mag / 1e6);
        return;
    }
    if (mag >= 1e4) {
        snprintf(buf, size, "%s$%.4gk", dollars < 0 ? "-" : "", mag / 1e3);
        return;
    }
    char m[40];
    cli_money(m, (int64_t)(cents < 0 ? cents - 0.5 : cents + 0.5));
    size_t n = strlen(m);
    if (n > 3 && strcmp(m + n - 3, ".00") == 0) m[n - 3] = '\0'; /* whole dollars */
    snprintf(buf, size, "%s", m);
}

static void percent_label(char *buf, size_t size, double fraction)
{
    snprintf(buf, size, "%.4g %%", fraction * 100);
}

/* A step line through (dates[i], values[i]), held to the right edge. */
typedef double (*value_at)(const void *items, size_t i, ach_date *date);

static void step_path(FILE *f, const plot *p, const char *cls, const void *items, size_t n,
                      value_at at)
{
    if (!n) return;
    fprintf(f, "<path class=\"line %s\" d=\"", cls);
    for (size_t i = 0; i < n; i++) {
        ach_date d;
        double v = at(items, i, &d);
        if (i) fprintf(f, "H%.1fV%.1f", px(p, d), py(p, v));
        else fprintf(f, "M%.1f %.1f", px(p, d), py(p, v));
    }
    fprintf(f, "H%.1f\"/>", p->x + p->w);
}

static double pending_at(const void *items, size_t i, ach_date *date)
{
    const ach_recon_day *d = (const ach_recon_day *)items + i;
    *date = d->date;
    return (double)d->balance.pending;
}

static double available_at(const void *items, size_t i, ach_date *date)
{
    const ach_recon_day *d = (const ach_recon_day *)items + i;
    *date = d->date;
    return (double)d->balance.available;
}

static void chart_open(FILE *f, const char *id, int width, int height, const char *title,
                       const char *desc)
{
    fprintf(f, "<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
               "role=\"img\" aria-labelledby=\"%s-t %s-d\"><title id=\"%s-t\">%s</title>"
               "<desc id=\"%s-d\">%s</desc>",
            id, width, height, width, height, id, id, id, title, id, desc);
}

static void legend(FILE *f, double x, double y, const char *cls, const char *text)
{
    fprintf(f, "<g class=\"legend\"><rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"14\" "
               "height=\"4\"/><text x=\"%.1f\" y=\"%.1f\">%s</text></g>",
            cls, x, y - 4, x + 20, y, text);
}

/* The x range of both charts: the ledger's first date to the report's. */
static void date_range(const report_html *in, ach_date *d0, ach_date *d1)
{
    const ach_recon_report *r = in->report;
    *d1 = r->as_of;
    *d0 = r->first_date != ACH_DATE_NONE && r->first_date < r->as_of ? r->first_date : r->as_of;
    if (in->ndays && in->days[0].date < *d0) *d0 = in->days[0].date;
}

static void balance_chart(FILE *f, const report_html *in)
{
    const ach_recon_day *days = in->days;
    size_t n = in->ndays;
    fputs("<h2 id=\"balance\">Balance by date (R-BAL-1)</h2>", f);
    if (!n) {
        fputs("<p class=\"muted\">No balance changed.</p>", f);
        return;
    }
    plot p = {96, 34, 620, 230, 0, 0, 0, 0};
    date_range(in, &p.d0, &p.d1);
    for (size_t i = 0; i < n; i++) {
        double a = (double)days[i].balance.pending, b = (double)days[i].balance.available;
        if (a < p.v0) p.v0 = a;
        if (b < p.v0) p.v0 = b;
        if (a > p.v1) p.v1 = a;
        if (b > p.v1) p.v1 = b;
    }
    double step = nice_range(&p.v0, &p.v1);
    chart_open(f, "balance-chart", 760, 320, "Pending and available balance by date",
               "The platform's pending and available balances at the end of each date on which "
               "one changed; the table below gives the same figures.");
    axes(f, &p, step, money_label, "Balance (USD)", true);
    step_path(f, &p, "s-pending", days, n, pending_at);
    step_path(f, &p, "s-available", days, n, available_at);
    static const char *const names[2] = {"pending", "available"};
    for (int s = 0; s < 2; s++) {
        fprintf(f, "<g class=\"points\" data-series=\"%s\">", names[s]);
        for (size_t i = 0; i < n; i++) {
            char d[ACH_DATE_FORMAT_SIZE], m[40];
            int64_t v = s ? days[i].balance.available : days[i].balance.pending;
            fprintf(f, "<circle class=\"pt s-%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
                       "data-x=\"%s\" data-y=\"%lld\"><title>%s: %s %s</title></circle>",
                    names[s], px(&p, days[i].date), py(&p, (double)v), day_str(d, days[i].date),
                    (long long)v, d, names[s], cli_money(m, v));
        }
        fputs("</g>", f);
    }
    legend(f, p.x + 10, 18, "s-pending", "pending");
    legend(f, p.x + 110, 18, "s-available", "available");
    fputs("</svg>", f);
    fputs("<details><summary>Balance by date as a table</summary><table><thead><tr>"
          "<th scope=\"col\">Date</th><th scope=\"col\" class=\"n\">Pending</th>"
          "<th scope=\"col\" class=\"n\">Available</th></tr></thead><tbody>",
          f);
    for (size_t i = 0; i < n; i++) {
        char d[ACH_DATE_FORMAT_SIZE];
        fprintf(f, "<tr><td>%s</td>", day_str(d, days[i].date));
        td_money(f, days[i].balance.pending);
        td_money(f, days[i].balance.available);
        fputs("</tr>", f);
    }
    fputs("</tbody></table></details>", f);
}

/* The three R-RET-2 rates, each in its own panel against its own threshold. */
typedef struct rate_series {
    const char *name;
    const ach_return_rate *(*pick)(const ach_return_rates *r);
} rate_series;

static const ach_return_rate *pick_unauthorized(const ach_return_rates *r)
{
    return &r->unauthorized;
}
static const ach_return_rate *pick_administrative(const ach_return_rates *r)
{
    return &r->administrative;
}
static const ach_return_rate *pick_overall(const ach_return_rates *r) { return &r->overall; }

static const rate_series rate_kinds[3] = {{"unauthorized", pick_unauthorized},
                                          {"administrative", pick_administrative},
                                          {"overall", pick_overall}};

typedef struct rate_items {
    const ach_recon_rate_day *days;
    const rate_series *series;
} rate_items;

static double rate_at(const void *items, size_t i, ach_date *date)
{
    const rate_items *it = items;
    *date = it->days[i].date;
    return it->series->pick(&it->days[i].rates)->rate;
}

static void rate_panel(FILE *f, const report_html *in, const ach_recon_rate_day *rd, size_t n,
                       const rate_series *s, double top, bool last)
{
    plot p = {96, top, 620, 120, 0, 0, 0, 0};
    date_range(in, &p.d0, &p.d1);
    double threshold = (double)s->pick(&rd[0].rates)->threshold_bps / 10000.0;
    p.v1 = threshold * 2;
    for (size_t i = 0; i < n; i++) {
        double v = s->pick(&rd[i].rates)->rate;
        if (v > p.v1) p.v1 = v;
    }
    double step = nice_range(&p.v0, &p.v1);
    char ytitle[64];
    snprintf(ytitle, sizeof ytitle, "%s", s->name);
    fprintf(f, "<g class=\"panel\" data-series=\"%s\">", s->name);
    /* above the threshold is a breach */
    fprintf(f, "<rect class=\"zone\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", p.x,
            p.y, p.w, py(&p, threshold) - p.y);
    axes(f, &p, step, percent_label, ytitle, last);
    fprintf(f, "<line class=\"threshold\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\">"
               "<title>threshold %.4g %%</title></line>"
               "<text class=\"bad\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">threshold %.4g %%"
               "</text>",
            p.x, p.x + p.w, py(&p, threshold), py(&p, threshold), threshold * 100, p.x + p.w - 4,
            py(&p, threshold) - 4, threshold * 100);
    rate_items it = {rd, s};
    step_path(f, &p, "s-rate", &it, n, rate_at);
    for (size_t i = 0; i < n; i++) {
        const ach_return_rate *r = s->pick(&rd[i].rates);
        char d[ACH_DATE_FORMAT_SIZE], from[ACH_DATE_FORMAT_SIZE];
        fprintf(f, "<circle class=\"pt s-rate%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" data-x=\"%s\" "
                   "data-y=\"%.6f\" data-count=\"%llu\" data-breach=\"%s\"><title>%s: %s %llu of "
                   "%llu debits = %.2f %% (threshold %.2f %%, window %s .. %s)%s</title></circle>",
                r->breach ? " breach" : "", px(&p, rd[i].date), py(&p, r->rate),
                r->breach ? 5 : 3, day_str(d, rd[i].date), r->rate, (unsigned long long)r->count,
                r->breach ? "true" : "false", d, s->name, (unsigned long long)r->count,
                (unsigned long long)rd[i].rates.debits, 100.0 * r->rate,
                (double)r->threshold_bps / 100.0, day_str(from, rd[i].from), d,
                r->breach ? ": BREACH" : "");
    }
    fputs("</g>", f);
}

static ach_status rates_chart(FILE *f, const report_html *in, ach_error *err)
{
    fputs("<h2 id=\"rates\">Return rates over time (R-RET-2)</h2>", f);
    size_t n = 0;
    ach_status s = ach_recon_rate_days(NULL, 0, &n, in->engine, in->report->as_of, err);
    if (s != ACH_OK && s != ACH_EBUFS) return s;
    if (!n) {
        fputs("<p class=\"muted\">No debits.</p>", f);
        return ACH_OK;
    }
    ach_recon_rate_day *rd = malloc(n * sizeof *rd);
    if (!rd) return nomem(err);
    s = ach_recon_rate_days(rd, n, &n, in->engine, in->report->as_of, err);
    if (s != ACH_OK) {
        free(rd);
        return s;
    }
    fputs("<p>Returns received over the 60 days ending each date, as a share of the debits "
          "created in those days; a rate above its threshold is a breach (red points, "
          "shaded area).</p>",
          f);
    chart_open(f, "rates-chart", 760, 3 * 150 + 60, "Return rates over time against thresholds",
               "Unauthorized, administrative and overall return rates over the 60 days ending "
               "each date, each against its threshold (0.5 %, 3 %, 15 %); breaches are marked. "
               "The table below gives the same figures.");
    for (int k = 0; k < 3; k++) rate_panel(f, in, rd, n, &rate_kinds[k], 30 + 150 * k, k == 2);
    legend(f, 106, 18, "s-rate", "rate over the 60 days ending that date");
    fputs("<g class=\"legend\"><circle class=\"breach\" cx=\"413\" cy=\"14\" r=\"5\"/>"
          "<text x=\"424\" y=\"18\">breach</text></g></svg>",
          f);
    fputs("<details><summary>Return rates as a table</summary><table><thead><tr>"
          "<th scope=\"col\">Date</th><th scope=\"col\">Window from</th>"
          "<th scope=\"col\" class=\"n\">Debits</th>",
          f);
    for (int k = 0; k < 3; k++)
        fprintf(f, "<th scope=\"col\" class=\"n\">%s (threshold %.2g %%)</th>",
                rate_kinds[k].name,
                (double)rate_kinds[k].pick(&rd[0].rates)->threshold_bps / 100.0);
    fputs("</tr></thead><tbody>", f);
    for (size_t i = 0; i < n; i++) {
        char d[ACH_DATE_FORMAT_SIZE], from[ACH_DATE_FORMAT_SIZE];
        fprintf(f, "<tr><td>%s</td><td>%s</td>", day_str(d, rd[i].date),
                day_str(from, rd[i].from));
        td_num(f, (unsigned long long)rd[i].rates.debits);
        for (int k = 0; k < 3; k++) {
            const ach_return_rate *r = rate_kinds[k].pick(&rd[i].rates);
            fprintf(f, "<td class=\"n\">%llu = %.2f %%%s</td>", (unsigned long long)r->count,
                    100.0 * r->rate, r->breach ? " <span class=\"bad\">BREACH</span>" : "");
        }
        fputs("</tr>", f);
    }
    fputs("</tbody></table></details>", f);
    free(rd);
    return ACH_OK;
}

/* ---- sections ----------------------------------------------------------------------------- */

static void section_input(FILE *f, const report_html *in)
{
    const ach_recon_report *r = in->report;
    char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE];
    fputs("<h2 id=\"input\">Input</h2><div class=\"grid\"><table><tbody>", f);
    fprintf(f, "<tr><th scope=\"row\">Data lines</th>");
    td_num(f, (unsigned long long)r->records);
    fprintf(f, "<td>%s .. %s</td></tr>", day_str(d1, r->first_date), day_str(d2, r->last_date));
    fputs("<tr><th scope=\"row\">Applied</th>", f);
    td_num(f, (unsigned long long)r->applied);
    fprintf(f, "<td>%llu flagged</td></tr>", (unsigned long long)r->flagged);
    fputs("<tr><th scope=\"row\">Rejected</th>", f);
    td_num(f, (unsigned long long)r->rejected);
    fprintf(f, "<td>%llu malformed</td></tr>", (unsigned long long)r->malformed);
    if (in->returns_files) {
        fprintf(f, "<tr><th scope=\"row\">Return entries</th>");
        td_num(f, (unsigned long long)r->returns);
        fprintf(f, "<td>%llu applied, %llu rejected, from %zu returns file%s</td></tr>",
                (unsigned long long)r->returns_applied, (unsigned long long)r->returns_rejected,
                in->returns_files, in->returns_files == 1 ? "" : "s");
    }
    fputs("</tbody></table><table><thead><tr><th scope=\"col\">Record type</th>"
          "<th scope=\"col\" class=\"n\">Records</th><th scope=\"col\" class=\"n\">Applied</th>"
          "</tr></thead><tbody>",
          f);
    for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++) {
        fprintf(f, "<tr><td>%s</td>", ach_ledger_type_name((ach_ledger_type)t));
        td_num(f, (unsigned long long)r->records_by_type[t]);
        td_num(f, (unsigned long long)r->applied_by_type[t]);
        fputs("</tr>", f);
    }
    fputs("</tbody></table></div>", f);
    fputs("<h2 id=\"checks\">Conservation checks</h2><ul>", f);
    fprintf(f, "<li id=\"check-lines\">applied + rejected = %llu = data lines: ",
            (unsigned long long)r->applied + r->rejected);
    verdict(f, r->lines_conserved);
    char m[40];
    fprintf(f, "</li><li id=\"check-balance\">balance transactions %s = pending + available = "
               "net: ",
            cli_money(m, r->transactions_net));
    verdict(f, r->balance_conserved);
    fputs("</li>", f);
    if (in->returns_files) {
        fputs("<li id=\"check-returns\">return entries applied + rejected + unusable = "
              "entries: ",
              f);
        verdict(f, in->returns_conserved);
        fputs("</li>", f);
    }
    fputs("</ul>", f);
}

static void section_charges(FILE *f, const ach_recon_report *r)
{
    fputs("<div class=\"grid\"><div><h2 id=\"charges\">Charges by status</h2><table "
          "id=\"charges-table\"><tbody>",
          f);
    for (int s = ACH_CHARGE_PENDING; s <= ACH_CHARGE_DISPUTED; s++) {
        const char *name = ach_charge_status_name((ach_charge_status)s);
        fprintf(f, "<tr data-key=\"%s\"><th scope=\"row\">%s</th>", name, name);
        td_num(f, (unsigned long long)r->charges_by_status[s]);
        fputs("</tr>", f);
    }
    fputs("<tr data-key=\"total\"><th scope=\"row\">total</th>", f);
    td_num(f, (unsigned long long)r->charges);
    fprintf(f, "</tr><tr data-key=\"refunded\"><th scope=\"row\">with refunds</th>");
    td_num(f, (unsigned long long)r->charges_refunded);
    fputs("</tr></tbody></table></div>", f);

    fputs("<div><h2 id=\"amounts\">Amounts</h2><table id=\"amounts-table\"><tbody>", f);
    const struct {
        const char *key, *label;
        int64_t cents; /* as it counts towards net */
    } rows[] = {
        {"gross", "gross", r->gross},
        {"fees", "fees", -r->fees},
        {"reversed", "reversed (failed charges)", -r->reversed},
        {"disputed", "disputed", -r->disputed},
        {"refunded", "refunded", -r->refunded},
        {"refund_failed", "refunds failed", r->refund_failed},
        {"transferred", "transferred (Connect)", -r->transferred},
        {"application_fees", "application fees", r->application_fees},
        {"net", "net", r->net},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        fprintf(f, "<tr data-key=\"%s\"><th scope=\"row\">%s</th>", rows[i].key, rows[i].label);
        td_money(f, rows[i].cents);
        fputs("</tr>", f);
    }
    fputs("</tbody></table></div>", f);

    fputs("<div><h2 id=\"balances\">Balance</h2><table id=\"balance-table\"><tbody>", f);
    fputs("<tr data-key=\"pending\"><th scope=\"row\">pending</th>", f);
    td_money(f, r->balance.pending);
    fputs("</tr><tr data-key=\"available\"><th scope=\"row\">available</th>", f);
    td_money(f, r->balance.available);
    fputs("</tr>", f);
    if (r->connected.pending || r->connected.available) {
        fputs("<tr><th scope=\"row\">Connect pending</th>", f);
        td_money(f, r->connected.pending);
        fputs("</tr><tr><th scope=\"row\">Connect available</th>", f);
        td_money(f, r->connected.available);
        fputs("</tr>", f);
    }
    fputs("</tbody></table></div></div>", f);
}

static void section_rates_now(FILE *f, const ach_recon_report *r)
{
    char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE];
    fprintf(f, "<p id=\"rates-now\">As of %s (window %s .. %s, %llu debits): ",
            day_str(d1, r->as_of), day_str(d2, r->rates_from), d1,
            (unsigned long long)r->return_rates.debits);
    for (int k = 0; k < 3; k++) {
        const ach_return_rate *x = rate_kinds[k].pick(&r->return_rates);
        fprintf(f, "%s%s %llu = %.2f %% (threshold %.2f %%) %s", k ? "; " : "", rate_kinds[k].name,
                (unsigned long long)x->count, 100.0 * x->rate, (double)x->threshold_bps / 100.0,
                x->breach ? "<span class=\"bad\">BREACH</span>" : "<span class=\"ok\">ok</span>");
    }
    fputs(".</p>", f);
}

static void section_retries(FILE *f, const report_html *in)
{
    fputs("<h2 id=\"retries\">Retry advice (R-RET-3)</h2>", f);
    if (!in->nretries) {
        fputs("<p class=\"muted\">No R01/R09 returns.</p>", f);
        return;
    }
    size_t n = in->nretries < REPORT_HTML_MAX_ROWS ? in->nretries : REPORT_HTML_MAX_ROWS;
    fprintf(f, "<p id=\"retries-count\">%zu R01/R09 return%s", in->nretries,
            in->nretries == 1 ? "" : "s");
    if (n < in->nretries) fprintf(f, "; the table lists the first %zu (all in the JSON report)", n);
    fputs(".</p>", f);
    fputs("<table id=\"retries-table\"><thead><tr><th scope=\"col\">Charge</th>"
          "<th scope=\"col\">Code</th><th scope=\"col\">Returned</th><th scope=\"col\">"
          "Settlement</th><th scope=\"col\">Advice</th><th scope=\"col\" class=\"n\">Remaining"
          "</th><th scope=\"col\">Until</th></tr></thead><tbody>",
          f);
    for (size_t i = 0; i < n; i++) {
        const ach_recon_retry *t = &in->retries[i];
        char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE], d3[ACH_DATE_FORMAT_SIZE];
        fputs("<tr><td>", f);
        esc(f, t->charge);
        fputs("</td><td>", f);
        esc(f, t->code);
        fprintf(f, "</td><td>%s</td><td>%s</td><td>%s</td>", day_str(d1, t->returned),
                day_str(d2, t->settlement), ach_retry_verdict_name(t->advice.verdict));
        td_num(f, (unsigned long long)(t->advice.remaining > 0 ? t->advice.remaining : 0));
        fprintf(f, "<td>%s</td></tr>", day_str(d3, t->advice.until));
    }
    fputs("</tbody></table>", f);
}

/* Overdue charges (R-CHG-9): still pending after their resolve-by date (processing + 4 business
 * days), as the engine lists them; the first REPORT_HTML_MAX_ROWS with their count. */
static ach_status section_overdue(FILE *f, const report_html *in, ach_error *err)
{
    const ach_recon_report *r = in->report;
    char d[ACH_DATE_FORMAT_SIZE];
    fputs("<h2 id=\"overdue\">Overdue charges (R-CHG-9)</h2>", f);
    size_t n = 0;
    ach_status s = ach_recon_overdue_charges(NULL, 0, &n, in->engine, r->as_of, err);
    if (s != ACH_OK && s != ACH_EBUFS) return s;
    if (!n) {
        fprintf(f, "<p id=\"overdue-count\" class=\"muted\">No charge overdue on %s.</p>",
                day_str(d, r->as_of));
        return ACH_OK;
    }
    ach_recon_pending *o = malloc(n * sizeof *o);
    if (!o) return nomem(err);
    s = ach_recon_overdue_charges(o, n, &n, in->engine, r->as_of, err);
    if (s != ACH_OK) {
        free(o);
        return s;
    }
    size_t rows = n < REPORT_HTML_MAX_ROWS ? n : REPORT_HTML_MAX_ROWS;
    fprintf(f, "<p id=\"overdue-count\">%zu charge%s still pending on %s after %s resolve-by date",
            n, n == 1 ? "" : "s", day_str(d, r->as_of), n == 1 ? "its" : "their");
    if (rows < n) fprintf(f, "; the table lists the first %zu (all in the JSON report)", rows);
    fputs(".</p><table id=\"overdue-table\" class=\"sortable\"><thead><tr>"
          "<th scope=\"col\"><button type=\"button\">Charge</button></th>"
          "<th scope=\"col\" class=\"n\" data-type=\"num\"><button type=\"button\">Amount</button></th>"
          "<th scope=\"col\"><button type=\"button\">Created</button></th>"
          "<th scope=\"col\"><button type=\"button\">Processing</button></th>"
          "<th scope=\"col\"><button type=\"button\">Resolve by</button></th>"
          "<th scope=\"col\" class=\"n\" data-type=\"num\"><button type=\"button\">Days overdue"
          "</button></th></tr></thead><tbody>",
          f);
    for (size_t i = 0; i < rows; i++) {
        char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE], d3[ACH_DATE_FORMAT_SIZE];
        fputs("<tr><td>", f);
        esc(f, o[i].charge);
        fputs("</td>", f);
        td_money(f, o[i].amount);
        fprintf(f, "<td>%s</td><td>%s</td><td>%s</td>", day_str(d1, o[i].created),
                day_str(d2, o[i].processing), day_str(d3, o[i].resolve_by));
        td_num(f, (unsigned long long)(o[i].days_overdue > 0 ? o[i].days_overdue : 0));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>", f);
    free(o);
    return ACH_OK;
}

static void section_kinds(FILE *f, const ach_recon_report *r)
{
    fprintf(f, "<h2 id=\"findings\">Findings: %llu</h2><p>%llu lines rejected, %llu applied "
               "lines flagged",
            (unsigned long long)r->findings, (unsigned long long)r->rejected,
            (unsigned long long)r->flagged);
    if (r->returns)
        fprintf(f, "; %llu return entries rejected", (unsigned long long)r->returns_rejected);
    fputs(".</p><table id=\"kinds-table\" class=\"sortable\"><thead><tr>"
          "<th scope=\"col\"><button type=\"button\">Kind</button></th>"
          "<th scope=\"col\"><button type=\"button\">Severity</button></th>"
          "<th scope=\"col\" class=\"n\" data-type=\"num\"><button type=\"button\">Count</button>"
          "</th></tr></thead><tbody>",
          f);
    for (int k = 1; k < ACH_RECON_KIND_COUNT; k++) {
        if (!r->findings_by_kind[k]) continue;
        fprintf(f, "<tr data-key=\"%s\"><td>%s</td><td>%s</td>",
                ach_recon_kind_name((ach_recon_kind)k), ach_recon_kind_name((ach_recon_kind)k),
                ach_recon_severity_name(ach_recon_kind_severity((ach_recon_kind)k)));
        td_num(f, (unsigned long long)r->findings_by_kind[k]);
        fputs("</tr>", f);
    }
    fputs("</tbody></table>", f);
}

static void section_findings(FILE *f, const report_html *in)
{
    const ach_recon_report *r = in->report;
    size_t kept = ach_recon_finding_count(in->engine);
    size_t n = kept < REPORT_HTML_MAX_ROWS ? kept : REPORT_HTML_MAX_ROWS;
    if (!n) return;
    fprintf(f, "<p id=\"findings-count\">The table lists the first %zu of %llu findings", n,
            (unsigned long long)r->findings);
    if (r->findings > n)
        fputs(" (the text and JSON reports list more: --max-findings)", f);
    fputs("; click a heading to sort.</p>", f);
    fputs("<table id=\"findings-table\" class=\"sortable\"><thead><tr>"
          "<th scope=\"col\" data-type=\"num\"><button type=\"button\">Line</button></th>"
          "<th scope=\"col\"><button type=\"button\">Kind</button></th>"
          "<th scope=\"col\"><button type=\"button\">Severity</button></th>"
          "<th scope=\"col\"><button type=\"button\">Id</button></th>"
          "<th scope=\"col\"><button type=\"button\">Message</button></th>"
          "</tr></thead><tbody>",
          f);
    for (size_t i = 0; i < n; i++) {
        ach_recon_finding x;
        if (ach_recon_finding_get(&x, in->engine, i, NULL) != ACH_OK) break;
        /* ledger lines first, then return entries, in their order; the key stays below 2^53,
         * exact in a script's numbers, for any line below 2^52 */
        unsigned long long line = (unsigned long long)x.line;
        unsigned long long k = (unsigned long long)x.origin << 52 | line;
        if (x.origin == ACH_RECON_RETURN) {
            fprintf(f, "<tr><td data-k=\"%llu\">", k);
            esc(f, in->finding_file ? in->finding_file(in->ctx, i) : "?");
            fprintf(f, " record %llu", line);
        } else {
            fprintf(f, "<tr><td data-k=\"%llu\">%llu", k, line);
        }
        if (x.column) fprintf(f, ":%u", x.column);
        fprintf(f, "</td><td>%s</td><td>%s</td><td>", ach_recon_kind_name(x.kind),
                ach_recon_severity_name(x.severity));
        esc(f, x.id);
        fputs("</td><td class=\"msg\">", f);
        esc(f, x.message);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>", f);
}

/* ---- the page ----------------------------------------------------------------------------- */

ach_status report_html_write(FILE *f, const report_html *in, ach_error *err)
{
    const ach_recon_report *r = in->report;
    char d[ACH_DATE_FORMAT_SIZE];
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src '" STYLE_SHA256 "'; script-src '" SCRIPT_SHA256 "'\">"
          "<title>Reconciliation of ",
          f);
    esc(f, in->source);
    fprintf(f, " as of %s</title><style>%s</style><script>%s</script></head><body>\n",
            day_str(d, r->as_of), page_style, page_script);
    fputs("<header><h1>Reconciliation of ", f);
    esc(f, in->source);
    fprintf(f, " as of %s</h1><p class=\"muted\">libach %s; money in USD; dates are UTC. "
               "Account numbers are never shown (R-SEC-1).</p></header><main>\n",
            d, ach_version_string());
    section_input(f, in);
    section_charges(f, r);
    balance_chart(f, in);
    ach_status s = rates_chart(f, in, err);
    if (s != ACH_OK) return s;
    section_rates_now(f, r);
    section_retries(f, in);
    s = section_overdue(f, in, err);
    if (s != ACH_OK) return s;
    section_kinds(f, r);
    section_findings(f, in);
    fputs("</main></body></html>\n", f);
    if (ferror(f)) {
        err->code = ACH_EIO;
        snprintf(err->message, sizeof err->message, "write error");
        return ACH_EIO;
    }
    return ACH_OK;
}
