#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The browser test of `ach reconcile --html` (issue 24): headless Chromium loads a page.

    browser_report.py CHROMIUM WORKDIR PAGE JSON [SCREENSHOT]

How it knows the page loaded without errors, two ways that do not depend on each other:
1. Chromium runs with --enable-logging=stderr: every console message of the page (a script
   error, a Content-Security-Policy violation, a blocked load) is logged as an INFO:CONSOLE line.
   The page logs nothing of its own, so any such line fails the test.
2. The page's own script (registered first, in <head>) counts error events and policy
   violations on <html data-errors> and sets data-ready="1" once the DOM is loaded and the
   tables are made sortable; --dump-dom prints the DOM after that. A script that was blocked or
   failed leaves no data-ready.
The test also loads a copy of the page with one more script (its hash added to the copy's
policy) that clicks sort headings and notes the first rows, to see the sorting work, and
counts the SVG data points in the DOM Chromium built against the JSON report. Then it takes a
screenshot and checks it is a PNG of the window's size that is not blank."""
import base64
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_reconcile_html as page  # noqa: E402  (the same HTML tree and check())

WIDTH, HEIGHT = 1000, 2400

TEST_SCRIPT = (
    "document.addEventListener('DOMContentLoaded',function(){"
    "var t=document.getElementById('findings-table');if(!t)return;"
    "var b=t.querySelectorAll('thead button');"
    "function first(col){return t.tBodies[0].rows[0].cells[col].textContent;}"
    "b[1].click();var kind=first(1);"
    "b[0].click();b[0].click();var line=t.tBodies[0].rows[0].cells[0].getAttribute('data-k');"
    "document.documentElement.setAttribute('data-test',kind+'|'+line+'|'+"
    "t.tHead.rows[0].cells[0].getAttribute('aria-sort'));});")


def chromium(exe, workdir, args):
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
           "--user-data-dir=" + os.path.join(workdir, "profile"),
           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"] + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def console_lines(log):
    return [ln for ln in log.splitlines() if ":CONSOLE" in ln]


def html_attrs(dom):
    m = re.search(r"<html([^>]*)>", dom)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1))) if m else {}


def png_ok(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return False, "not a PNG"
    w, h = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    # a blank page is one colour: its rows compress to almost nothing and hold a few byte values
    distinct = len(set(raw[::7]))
    return (w, h) == (WIDTH, HEIGHT) and distinct > 32, "%dx%d, %d distinct" % (w, h, distinct)


def main():
    exe, workdir, path, json_path = sys.argv[1:5]
    # SCREENSHOT "-": only load the page (no sorting run, no screenshot)
    shot = sys.argv[5] if len(sys.argv) > 5 else os.path.join(workdir, "shot.png")
    rep = json.load(open(json_path, encoding="utf-8"))
    url = "file://" + os.path.abspath(path)

    rc, dom, log = chromium(exe, workdir, ["--dump-dom", url])
    page.check("chromium loaded the page (exit 0)", rc == 0, log[-800:])
    bad = console_lines(log)
    page.check("no console message (errors, policy violations)", not bad, bad[:3])
    a = html_attrs(dom)
    page.check("the page's script ran (data-ready)", a.get("data-ready") == "1", a)
    page.check("no error events or policy violations (data-errors=0)",
               a.get("data-errors") == "0", a)
    t = page.Tree()
    t.feed(dom)
    bal = t.root.find("svg", id="balance-chart")
    n = len(bal[0].find("circle")) if bal else 0
    page.check("balance chart: %d data points in the DOM" % (2 * len(rep["balance_by_date"])),
               n == 2 * len(rep["balance_by_date"]), n)
    rates = t.root.find("svg", id="rates-chart")
    pts = [c for c in rates[0].find("circle") if "pt" in c.attrs.get("class", "")] if rates else []
    rows = len(rates[0].parent.find("details")[1].find("tr")) - 1 if rates else 0
    page.check("rates chart: 3 x %d data points in the DOM" % rows,
               rows > 0 and len(pts) == 3 * rows, (len(pts), rows))
    for k in ("unauthorized", "administrative", "overall"):
        last = [c for c in pts if c.parent.attrs.get("data-series") == k][-1:]
        page.check("rates chart: %s ends at %s with the JSON's rate" % (k, rep["as_of"]),
                   last and last[0].attrs["data-x"] == rep["as_of"]
                   and last[0].attrs["data-y"] == "%.6f" % rep["return_rates"][k]["rate"])

    # sorting, in a copy whose policy also allows the test's script
    if shot == "-":
        sys.exit(1 if page.fails else 0)
    if rep["findings"]:
        html = open(path, encoding="utf-8").read()
        digest = base64.b64encode(hashlib.sha256(TEST_SCRIPT.encode()).digest()).decode()
        html = html.replace("script-src '", "script-src 'sha256-%s' '" % digest, 1)
        html = html.replace("</body>", "<script>%s</script></body>" % TEST_SCRIPT, 1)
        copy = os.path.join(workdir, "sorting.html")
        open(copy, "w", encoding="utf-8").write(html)
        rc, dom, log = chromium(exe, workdir, ["--dump-dom", "file://" + copy])
        got = html_attrs(dom).get("data-test", "").split("|")
        kinds = sorted(f["kind"] for f in rep["findings"][:1000])
        keys = [(1 << 52 if "file" in f else 0) | (f.get("line") or f.get("record"))
                for f in rep["findings"][:1000]]
        want = [kinds[0], str(max(keys)), "descending"]
        page.check("sorting: by kind, then by line twice (descending)", got == want, (got, want))
        page.check("sorting: no console message", not console_lines(log), console_lines(log)[:3])

    rc, _, log = chromium(exe, workdir, ["--screenshot=" + shot,
                                         "--window-size=%d,%d" % (WIDTH, HEIGHT), url])
    ok = rc == 0 and os.path.exists(shot)
    page.check("screenshot taken", ok, log[-800:])
    if ok:
        good, why = png_ok(shot)
        page.check("screenshot: %dx%d and not blank" % (WIDTH, HEIGHT), good, why)
    sys.exit(1 if page.fails else 0)


if __name__ == "__main__":
    main()
