#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The JSON report of `ach reconcile --json` and every line of `--events` validate against the
# shipped schemas (docs/schema/*.json, JSON Schema 2020-12), checked with Debian's
# python3-jsonschema: the sample ledger with its returns file (findings of every origin, a NOC,
# events of ledger lines and of return entries), a ledger with returns files that have NACHA
# findings, an empty ledger (null dates), Connect charges (direct and destination, application
# fees), micro-deposits verified early and never verified, and two ledgers at once
# (ledgers.schema.json: {ledgers, total}). Every key the tool prints must be named in its schema
# (docs/schema/README.md). The schemas must also refuse a report that lost schema_version or has
# a wrong type, so this test can fail.
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
for f in connect early_verification unverified_microdeposits; do
    "$ach" reconcile --json --events "$tmp/$f.events" "$recon/$f.csv" > "$tmp/$f.json" || exit 1
done
"$ach" reconcile --json "$recon/connect.csv" "$recon/unverified_microdeposits.csv" \
    "$top/data/samples/ledger.csv" > "$tmp/several.json" || exit 1

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
# ledgers.schema.json refers to report.schema.json by its $id
with open(os.path.join(schemas, "report.schema.json")) as f:
    report_doc = json.load(f)
with open(os.path.join(schemas, "ledgers.schema.json")) as f:
    ledgers_doc = json.load(f)
jsonschema.Draft202012Validator.check_schema(ledgers_doc)
ledgers = jsonschema.Draft202012Validator(
    ledgers_doc, format_checker=jsonschema.FormatChecker(),
    resolver=jsonschema.RefResolver.from_schema(ledgers_doc, store={report_doc["$id"]: report_doc}))

def undocumented(root, s, doc, path="", out=None):
    """The keys of doc that schema s (of root) names nowhere: neither in properties nor as a
    map's additionalProperties. Readers may ignore unknown keys, but the schema must not."""
    out = set() if out is None else out
    while isinstance(s, dict) and s.get("$ref", "").startswith("#/"):
        node = root
        for part in s["$ref"][2:].split("/"):
            node = node[part]
        s = node
    if not isinstance(s, dict):
        return out
    alts = [s] + [x for k in ("anyOf", "oneOf", "allOf") for x in s.get(k, [])]
    if isinstance(doc, dict):
        for k, v in doc.items():
            sub = next((x["properties"][k] for x in alts if k in x.get("properties", {})), None)
            if sub is None:
                sub = next((x["additionalProperties"] for x in alts
                            if isinstance(x.get("additionalProperties"), dict)), None)
            if sub is None:
                out.add(path + "." + k)
            else:
                undocumented(root, sub, v, path + "." + k, out)
    elif isinstance(doc, list):
        for x in alts:
            if "items" in x:
                for v in doc:
                    undocumented(root, x["items"], v, path + "[]", out)
    return out

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
    extra = sorted(undocumented(report.schema, report.schema, doc))
    check(f"{name}: every key is in report.schema.json {extra[:5]}", not extra)
    check(f"{name} has schema_version 1", doc.get("schema_version") == 1)
    if want_findings:
        check(f"{name} has findings ({len(doc['findings'])})", len(doc["findings"]) > 0)
    if want_nacha:
        check(f"{name} has NACHA findings ({len(doc['nacha_findings'])})",
              len(doc["nacha_findings"]) > 0)
    return doc

event_keys = set()

def events_ok(name, want_return_events):
    n = returns = 0
    with open(os.path.join(tmp, name)) as f:
        for i, line in enumerate(f, 1):
            doc = json.loads(line)
            n += 1
            returns += "file" in doc
            event_keys.update(doc)
            errs = errors(event, doc)
            if errs:
                check(f"{name} line {i} validates against event.schema.json {errs[:3]}", False)
            extra = sorted(undocumented(event.schema, event.schema, doc))
            if extra:
                check(f"{name} line {i}: every key is in event.schema.json {extra}", False)
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
check("sample.json lists an overdue charge, a pending one, an unverified account",
      sample["overdue_charges"] and sample["pending_charges"] and sample["unverified_accounts"])
connect = report_ok("connect.json", True, False)
check("connect.json has each connected account's balance",
      [a["account"] for a in connect["balance"]["connected_accounts"]] == ["acct_1Studio", "acct_1Partner"]
      and connect["amounts"]["application_fees"] > 0)
events_ok("connect.events", False)
early = report_ok("early_verification.json", True, False)
check("early_verification.json has its finding", early["findings_by_kind"]["early_verification"] == 1)
events_ok("early_verification.events", False)
unver = report_ok("unverified_microdeposits.json", False, False)
check("unverified_microdeposits.json lists the account",
      unver["accounts_unverified"] == 1 and len(unver["unverified_accounts"]) == 1)
events_ok("unverified_microdeposits.events", False)
derived = {"descriptor", "resolve_by", "available_on", "dispute_deadline", "refund_expected_from",
           "refund_expected_by"}
check(f"the events have every derived date and the descriptor {sorted(derived - event_keys)}",
      derived <= event_keys)

# several ledgers: {ledgers: [report, ...], total: report}
with open(os.path.join(tmp, "several.json")) as f:
    several = json.load(f)
errs = errors(ledgers, several)
check(f"several.json validates against ledgers.schema.json {errs[:3]}", not errs)
for i, r in enumerate(several["ledgers"] + [several["total"]]):
    extra = sorted(undocumented(report.schema, report.schema, r))
    check(f"several.json report {i}: every key is in report.schema.json {extra[:5]}", not extra)
total, parts = several["total"], several["ledgers"]
check("several.json: 3 ledgers and their total",
      len(parts) == 3 and total["input"]["source"] == "total")
for key in ("lines", "applied", "rejected"):
    check(f"several.json: the total's input.{key} adds up",
          total["input"][key] == sum(r["input"][key] for r in parts))
check("several.json: the total's accounts_unverified adds up, as its findings_by_kind",
      total["accounts_unverified"] == sum(r["accounts_unverified"] for r in parts)
      == total["findings_by_kind"]["unverified_microdeposits"] > 0)
check("several.json: the total lists no findings (each ledger lists its own)", total["findings"] == [])
broken = dict(several)
del broken["total"]
check("several ledgers without their total are refused", errors(ledgers, broken))
broken = json.loads(json.dumps(several))
del broken["ledgers"][1]["schema_version"]
check("a ledger's report without schema_version is refused", errors(ledgers, broken))

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
check("a malformed derived date is refused", errors(event, dict(ev, resolve_by="2025-3-7")))
sys.exit(1 if failures else 0)
PY
