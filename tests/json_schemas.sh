#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The JSON report of `ach reconcile --json` and every line of `--events` validate against the
# shipped schemas (docs/schema/*.json, JSON Schema 2020-12), checked with Debian's
# python3-jsonschema: the sample ledger with its returns file (findings of every origin, a NOC,
# events of ledger lines and of return entries), a ledger with returns files that have NACHA
# findings, and an empty ledger (null dates). The schemas must also refuse a report that lost
# schema_version or has a wrong type, so this test can fail.
top=${ACH_TOP_SRCDIR:-.}
build=${ACH_TOP_BUILDDIR:-.}
ach="$build/tools/ach"
# Debian's interpreter explicitly: the first python3 on PATH may be another one without the module
py=/usr/bin/python3
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
    echo "SKIP: $py has no jsonschema module (Debian package python3-jsonschema; build.sh installs it)"
    exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
recon="$top/tests/data/recon"

"$ach" reconcile --json --events "$tmp/sample.events" "$top/data/samples/ledger.csv" \
    --returns "$top/data/samples/returns.ach" > "$tmp/sample.json" || exit 1
"$ach" reconcile --json --events "$tmp/bad.events" "$recon/returns.csv" \
    --returns "$recon/returns-bad.ach" --returns "$recon/returns-1.ach" > "$tmp/bad.json" || exit 1
printf 'time,type,id,ref\n' > "$tmp/empty.csv"
"$ach" reconcile --json "$tmp/empty.csv" > "$tmp/empty.json" || exit 1

"$py" - "$top/docs/schema" "$tmp" <<'PY'
import json, sys, os
import jsonschema

schemas, tmp = sys.argv[1], sys.argv[2]
failures = 0

def load(name):
    with open(os.path.join(schemas, name)) as f:
        s = json.load(f)
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s, format_checker=jsonschema.FormatChecker())

report, event = load("report.schema.json"), load("event.schema.json")

def check(what, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1

def errors(v, doc):
    return sorted(e.message for e in v.iter_errors(doc))

def report_ok(name, want_findings, want_nacha):
    with open(os.path.join(tmp, name)) as f:
        doc = json.load(f)
    errs = errors(report, doc)
    check(f"{name} validates against report.schema.json {errs[:3]}", not errs)
    check(f"{name} has schema_version 1", doc.get("schema_version") == 1)
    if want_findings:
        check(f"{name} has findings ({len(doc['findings'])})", len(doc["findings"]) > 0)
    if want_nacha:
        check(f"{name} has NACHA findings ({len(doc['nacha_findings'])})",
              len(doc["nacha_findings"]) > 0)
    return doc

def events_ok(name, want_return_events):
    n = returns = 0
    with open(os.path.join(tmp, name)) as f:
        for i, line in enumerate(f, 1):
            doc = json.loads(line)
            n += 1
            returns += "file" in doc
            errs = errors(event, doc)
            if errs:
                check(f"{name} line {i} validates against event.schema.json {errs[:3]}", False)
    check(f"{name}: {n} events validate", n > 0)
    if want_return_events:
        check(f"{name}: {returns} events of return entries", returns > 0)

sample = report_ok("sample.json", True, False)
check("sample.json has a finding of a return entry",
      any("file" in x for x in sample["findings"]))
check("sample.json has a NOC", len(sample["nocs"]) == 1)
events_ok("sample.events", True)
report_ok("bad.json", True, True)
events_ok("bad.events", False)
empty = report_ok("empty.json", False, False)
check("empty.json has null dates", empty["as_of"] is None and empty["input"]["first_date"] is None)

# The schemas can refuse: a report without schema_version, a count as a string, a bad date;
# an event without its line or a return code that is not one.
broken = dict(sample)
del broken["schema_version"]
check("a report without schema_version is refused", errors(report, broken))
broken = json.loads(json.dumps(sample))
broken["input"]["lines"] = "113"
check("a count given as a string is refused", errors(report, broken))
broken = json.loads(json.dumps(sample))
broken["as_of"] = "2025-6-10"
check("a malformed date is refused", errors(report, broken))
broken = json.loads(json.dumps(sample))
broken["schema_version"] = 2
check("schema_version 2 is refused", errors(report, broken))
ev = {"line": 5, "type": "charge.failed", "created": "2025-03-04T09:00:00Z",
      "business_date": "2025-03-04", "return_code": "R01"}
check("a well-formed event is accepted", not errors(event, ev))
check("an unknown key is accepted (readers ignore it)", not errors(event, dict(ev, extra=1)))
check("an event without line or file/record is refused",
      errors(event, {k: v for k, v in ev.items() if k != "line"}))
check("a bad return code is refused", errors(event, dict(ev, return_code="X01")))
sys.exit(1 if failures else 0)
PY
