#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks a page of `ach reconcile --html` (issue 24).

    cli_reconcile_html.py report PAGE JSON   its figures are the JSON report's (same run)
    cli_reconcile_html.py safe PAGE SECRET... it is self-contained, runs only its own script, and
                                               none of SECRET (account numbers) is in it

Prints one ok/FAIL line a check; exits 1 when any failed."""
import base64
import hashlib
import html.parser
import json
import re
import sys

fails = 0


def check(name, cond, detail=""):
    global fails
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else "  " + str(detail)))
    if not cond:
        fails += 1


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def all_text(self):
        return "".join(self.text) + "".join(c.all_text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def find(self, tag=None, **attrs):
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


VOID = {"meta", "br", "img", "input", "link", "hr"}  # SVG shapes here close with />


class Tree(html.parser.HTMLParser):
    """A DOM-ish tree; the raw start tags are kept for checks of what the page says verbatim."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.raw_tags = []

    def handle_starttag(self, tag, attrs):
        self.raw_tags.append((tag, attrs))
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.raw_tags.append((tag, attrs))
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def parse(path):
    text = open(path, encoding="utf-8").read()
    t = Tree()
    t.feed(text)
    t.close()
    return text, t


def sha256(s):
    return "sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()


def safe(path, secrets):
    text, t = parse(path)
    tags = [tag for tag, _ in t.raw_tags]
    check("one <script> element", tags.count("script") == 1, tags.count("script"))
    check("one <style> element", tags.count("style") == 1, tags.count("style"))
    for bad in ("link", "img", "iframe", "object", "embed", "base", "form", "a", "use", "image",
                "foreignobject"):
        check("no <%s> element" % bad, bad not in tags)
    attrs = [(tag, k, v) for tag, a in t.raw_tags for k, v in a]
    events = [x for x in attrs if x[1].startswith("on")]
    check("no event-handler attribute", not events, events[:3])
    refs = [x for x in attrs if x[1] in ("src", "href", "xlink:href", "action", "srcset")]
    check("no src/href: nothing is loaded", not refs, refs[:3])
    check("no url( in the page", "url(" not in text)
    # The policy allows only the page's own style and script, by hash.
    csp = [a.get("content") for tag, a in ((tg, dict(at)) for tg, at in t.raw_tags)
           if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    check("a Content-Security-Policy", len(csp) == 1)
    policy = csp[0] if csp else ""
    check("the policy: default-src 'none'", "default-src 'none'" in policy, policy)
    script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    check("script-src is the script's hash", "script-src '%s'" % sha256(script) in policy,
          "set SCRIPT_SHA256 in tools/report_html.c to " + sha256(script))
    check("style-src is the style's hash", "style-src '%s'" % sha256(style) in policy,
          "set STYLE_SHA256 in tools/report_html.c to " + sha256(style))
    check("no inline style attribute", not [x for x in attrs if x[1] == "style"])
    for s in secrets:
        check("account number %s not in the page" % s, s not in text)
    return t


def figures(path, json_path):
    text, t = parse(path)
    rep = json.load(open(json_path, encoding="utf-8"))
    root = t.root
    check("title names the date", ("as of %s" % rep["as_of"]) in root.find("title")[0].all_text())

    # charts: present, titled, with a point a date and the JSON's figures
    bal = root.find("svg", id="balance-chart")
    check("balance chart present", len(bal) == 1)
    rates = root.find("svg", id="rates-chart")
    check("rates chart present", len(rates) == 1)
    for svg in bal + rates:
        check("%s has a <title> and axis labels" % svg.attrs["id"],
              svg.children[0].tag == "title" and "Date (UTC)" in svg.all_text())
    days = rep["balance_by_date"]
    for series in ("pending", "available"):
        g = bal[0].find("g", data_series=series)
        pts = [(c.attrs["data-x"], int(c.attrs["data-y"])) for c in g[0].find("circle")]
        want = [(d["date"], d[series]) for d in days]
        check("balance chart: %d %s points, the JSON's balance_by_date" % (len(want), series),
              pts == want, (pts[:3], want[:3]))
        check("balance chart: every %s point has its value on hover" % series,
              all(c.children and c.children[0].tag == "title" for c in g[0].find("circle")))
    fallback = [r for r in bal[0].parent.find("details")[0].find("tr")][1:]
    check("balance table fallback: a row a date", len(fallback) == len(days))

    rr = rep["return_rates"]
    for k in ("unauthorized", "administrative", "overall"):
        g = rates[0].find("g", data_series=k)
        check("rates chart: a %s panel" % k, len(g) == 1)
        pts = g[0].find("circle")
        check("rates chart: %s has points" % k, len(pts) > 1, len(pts))
        last = pts[-1].attrs
        check("rates chart: last %s point is as_of" % k, last["data-x"] == rep["as_of"])
        check("rates chart: last %s rate is the JSON's" % k,
              last["data-y"] == "%.6f" % rr[k]["rate"] and int(last["data-count"]) == rr[k]["count"]
              and last["data-breach"] == str(rr[k]["breach"]).lower(), (last, rr[k]))
        breaches = [c for c in pts if c.attrs["data-breach"] == "true"]
        check("rates chart: %s breaches marked" % k,
              all("breach" in c.attrs["class"].split() and "BREACH" in c.all_text()
                  for c in breaches) and
              not [c for c in pts if c.attrs["data-breach"] == "false"
                   and "breach" in c.attrs["class"].split()])
        thr = [x for x in g[0].find("line") if x.attrs.get("class") == "threshold"]
        check("rates chart: %s threshold line %.4g %%" % (k, rr[k]["threshold"] * 100),
              len(thr) == 1 and ("%.4g %%" % (rr[k]["threshold"] * 100)) in thr[0].all_text())
    counts = {k: len(rates[0].find("g", data_series=k)[0].find("circle"))
              for k in ("unauthorized", "administrative", "overall")}
    check("rates chart: the same dates in the three panels", len(set(counts.values())) == 1)
    rfallback = rates[0].parent.find("details")[1].find("tr")[1:]
    check("rates table fallback: a row a date", len(rfallback) == counts["overall"])

    # tables
    def keyed(table_id):
        rows = root.find("table", id=table_id)[0].find("tr")
        return {r.attrs["data-key"]: r.find("td")[0] for r in rows if "data-key" in r.attrs}

    ch = keyed("charges-table")
    for k in ("pending", "succeeded", "failed", "disputed", "total", "refunded"):
        check("charges %s = %d" % (k, rep["charges"][k]),
              int(ch[k].all_text()) == rep["charges"][k])
    am = keyed("amounts-table")
    sign = {"gross": 1, "fees": -1, "reversed": -1, "disputed": -1, "refunded": -1,
            "refund_failed": 1, "transferred": -1, "application_fees": 1, "net": 1}
    for k, sg in sign.items():
        check("amounts %s = %d" % (k, rep["amounts"][k]),
              int(am[k].attrs["data-k"]) == sg * rep["amounts"][k])
    ba = keyed("balance-table")
    for k in ("pending", "available"):
        check("balance %s" % k, int(ba[k].attrs["data-k"]) == rep["balance"][k])
    for cid, key in (("check-lines", rep["input"]["conserved"]),
                     ("check-balance", rep["balance"]["conserved"])):
        li = root.find("li", id=cid)[0].all_text()
        check("%s says %s" % (cid, "holds" if key else "BROKEN"),
              ("holds" if key else "BROKEN") in li)
    kinds = keyed("kinds-table")
    want = {k: v for k, v in rep["findings_by_kind"].items() if v}
    got = {k: int(td.parent.find("td")[2].all_text()) for k, td in kinds.items()}
    check("findings by kind: the JSON's", got == want, (got, want))
    check("findings total", ("Findings: %d" % rep["findings_total"]) in
          root.find("h2", id="findings")[0].all_text())

    ft = root.find("table", id="findings-table")
    rows = ft[0].find("tbody")[0].find("tr") if ft else []
    want = rep["findings"][:1000]
    check("findings table: the first %d findings" % len(want), len(rows) == len(want))
    same = all([td.all_text() for td in r.find("td")[1:]] ==
               [f["kind"], f["severity"], f["id"], f["message"]] for r, f in zip(rows, want))
    check("findings table: kind, severity, id, message as in the JSON", same)
    check("findings table: sortable headings",
          "sortable" in ft[0].attrs.get("class", "") and len(ft[0].find("button")) == 5)
    count = root.find("p", id="findings-count")[0].all_text()
    check("findings count line", ("first %d of %d findings" % (len(want), rep["findings_total"]))
          in count, count)

    rt = root.find("table", id="retries-table")
    rows = rt[0].find("tbody")[0].find("tr") if rt else []
    check("retry advice: a row a retry (the first 1000)", len(rows) == min(1000, len(rep["retries"])))
    for r, x in zip(rows, rep["retries"]):
        cells = [td.all_text() for td in r.find("td")]
        check("retry %s %s %s" % (x["charge"], x["verdict"], x["until"]),
              cells[0] == x["charge"] and cells[1] == x["code"] and cells[4] == x["verdict"]
              and cells[6] == (x["until"] or "-"), cells)
    check("an overdue charges section", len(root.find("h2", id="overdue")) == 1)
    ot = root.find("table", id="overdue-table")
    rows = ot[0].find("tbody")[0].find("tr") if ot else []
    want = rep.get("overdue_charges", [])[:1000]
    check("overdue charges: a row each of the JSON's (%d)" % len(want), len(rows) == len(want))
    for r, x in zip(rows, want):
        cells = [td.all_text() for td in r.find("td")]
        check("overdue %s resolve-by %s, %d days" % (x["charge"], x["resolve_by"],
                                                     x["days_overdue"]),
              cells[0] == x["charge"] and cells[4] == x["resolve_by"]
              and cells[5] == str(x["days_overdue"]), cells)
    count = root.find("p", id="overdue-count")[0].all_text()
    n = rep["charges"].get("overdue", 0)
    check("overdue count line", (("%d charge" % n) in count) if n else "No charge" in count, count)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "safe":
        safe(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "report":
        figures(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
    sys.exit(1 if fails else 0)
