#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Status audit (issue 9): every public function that returns ach_status documents the statuses
# it returns, and a Check test exercises each documented error of each function.
#
# What counts as documented (read from the doc comment right before each ACH_EXTERN declaration
# in include/ach/*.h):
#   - the comment has an `@return` paragraph (from `@return` to the next `@` tag or the end);
#   - the codes it names: the ACH_E* status codes (as listed in ach/error.h) written in that
#     paragraph, or anywhere in the comment when the paragraph refers to "the statuses above";
#   - families: `ACH_EROUTING_*` names the family of codes starting ACH_EROUTING_;
#   - delegation: a public ach_status function g() named in the @return paragraph ("as g()",
#     "every status of g()") lends f its documented statuses.
#   A function whose @return is missing or yields no code at all fails the audit.
#
# What counts as tested (read from the START_TEST ... END_TEST blocks of tests/check_*.c, with
# comments and string literals removed, split into statements at `;`):
#   - an assertion statement (ck_assert...) that calls f( and names the code, such as
#         ck_assert_int_eq(ach_date_parse(&d, "2024-13-01", 10, &err), ACH_ERANGE);
#   - or a statement `x = f(...)` followed, in the same test and before x is assigned again,
#     by an assertion naming x and the code, such as
#         ach_status st = ach_date_parse(&d, "x", 1, &err);
#         ck_assert_int_eq(st, ACH_EPARSE);
#   Each named code of f needs such a test; a family, or a delegation to g(), needs one test of
#   f with any code of the family, or with any documented code of g().
#   Table-driven tests whose codes live in a table are not seen: give the path a direct test.
#
# Usage: tests/status_audit.sh [-v]   (-v lists every documented pair and how it is covered)
top=${ACH_TOP_SRCDIR:-$(dirname "$0")/..}
verbose=0
[ "${1:-}" = "-v" ] && verbose=1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The status codes: XX(ENAME, value, "text") in the X-macro of ach/error.h.
sed -n 's/^[[:space:]]*XX(\(E[A-Z0-9_]*\),.*/ACH_\1/p' "$top/include/ach/error.h" > "$tmp/codes"
[ -s "$tmp/codes" ] || { echo "status_audit: no status codes found in ach/error.h"; exit 1; }

# 1. Headers -> records: F fn (an ach_status function), R fn (has @return), C fn code,
#    W fn prefix (family), I fn g (delegation).
awk -v codes="$tmp/codes" '
BEGIN { while ((getline c < codes) > 0) code[c] = 1 }
function flush_decl(decl,    name, rest, para, all, src, m, tok, above) {
    if (decl !~ /^[[:space:]]*ACH_EXTERN[[:space:]]+ach_status[[:space:]]/) return
    rest = decl; sub(/^[[:space:]]*ACH_EXTERN[[:space:]]+ach_status[[:space:]]+/, "", rest)
    if (!match(rest, /^ach_[a-z0-9_]+/)) return
    name = substr(rest, RSTART, RLENGTH)
    print "F", name
    if (doc == "" || doc !~ /@return/) return
    print "R", name
    para = doc; sub(/^.*@return/, "", para); sub(/\n[[:space:]]*\*[[:space:]]*@.*$/, "", para)
    above = (para ~ /above/)
    src = above ? doc : para
    while (match(src, /ACH_E[A-Z0-9_]*\*?/)) {
        tok = substr(src, RSTART, RLENGTH); src = substr(src, RSTART + RLENGTH)
        if (tok ~ /\*$/) { sub(/\*$/, "", tok); print "W", name, tok }
        else if (tok in code) print "C", name, tok
    }
    src = para
    while (match(src, /ach_[a-z0-9_]+\(\)/)) {
        tok = substr(src, RSTART, RLENGTH - 2); src = substr(src, RSTART + RLENGTH)
        if (tok != name) print "I", name, tok
    }
}
FNR == 1 { doc = ""; indoc = 0; decl = "" }
indoc { doc = doc "\n" $0; if ($0 ~ /\*\//) indoc = 0; next }
decl != "" { decl = decl " " $0; if (decl ~ /;/) { flush_decl(decl); decl = ""; doc = "" } next }
/^[[:space:]]*\/\*\*/ { doc = $0; indoc = ($0 !~ /\*\//); next }
/^[[:space:]]*ACH_EXTERN/ {
    if ($0 ~ /;/) { flush_decl($0); doc = "" } else decl = $0
    next
}
/^[[:space:]]*$/ || /^[[:space:]]*#/ { next }
{ doc = "" }
' "$top"/include/ach/*.h > "$tmp/doc"

# 2. Tests -> records: T fn code file:test.
for t in "$top"/tests/check_*.c; do
    awk -v file="$(basename "$t")" -v codes="$tmp/codes" '
    BEGIN { while ((getline c < codes) > 0) code[c] = 1; RS = "\001" }
    {
        # Strip comments and string/char literals (their text could hold `;` or names).
        s = $0; out = ""; n = length(s); i = 1
        while (i <= n) {
            ch = substr(s, i, 1); two = substr(s, i, 2)
            if (two == "/*") { j = index(substr(s, i + 2), "*/"); i = (j ? i + j + 3 : n + 1); out = out " "; continue }
            if (two == "//") { j = index(substr(s, i), "\n"); i = (j ? i + j - 1 : n + 1); continue }
            if (ch == "\"" || ch == "\047") {
                q = ch; i++
                while (i <= n && substr(s, i, 1) != q) i += (substr(s, i, 1) == "\\") ? 2 : 1
                i++; out = out q q; continue
            }
            out = out ch; i++
        }
        gsub(/START_TEST/, ";START_TEST", out); gsub(/END_TEST/, ";END_TEST;", out)
        nst = split(out, st, ";")
        test = ""; helper = ""
        for (k = 1; k <= nst; k++) {
            x = st[k]
            if (match(x, /START_TEST[[:space:]]*\([A-Za-z0-9_]+\)/)) {
                test = substr(x, RSTART, RLENGTH); sub(/^START_TEST[[:space:]]*\(/, "", test); sub(/\)$/, "", test)
                split("", var); split("", tabfn); body = ""
                x = substr(x, RSTART + RLENGTH)
            }
            if (test == "") { file_scope(x); continue }
            done = (x ~ /^[[:space:]]*END_TEST[[:space:]]*$/)
            if (done) x = ""
            body = body " " x
            # x = ach_foo(...) (also x = c ? ach_foo(...) : ach_bar(...)): x holds their result
            if (match(x, /(^|[^A-Za-z0-9_.>])[A-Za-z_][A-Za-z0-9_]*[[:space:]]*=[^=]/)) {
                v = substr(x, RSTART, RLENGTH); sub(/^[^A-Za-z_]/, "", v); sub(/[[:space:]]*=.*$/, "", v)
                f = calls(substr(x, RSTART + RLENGTH - 1))
                if (f != "") var[v] = f; else delete var[v]
            }
            if (x ~ /ck_assert/) {
                nc = 0; z = x
                while (match(z, /ACH_E[A-Z0-9_]+/)) {
                    c = substr(z, RSTART, RLENGTH); z = substr(z, RSTART + RLENGTH)
                    if (c in code) cs[++nc] = c
                }
                f = calls(x)
                z = x
                while (match(z, /[A-Za-z_][A-Za-z0-9_]*/)) {
                    w = substr(z, RSTART, RLENGTH); z = substr(z, RSTART + RLENGTH)
                    if (w in var) f = f " " var[w]
                }
                nf = split(f, fs, " ")
                for (p = 1; p <= nf; p++) {
                    # no code named: asserts against a table column, credited at END_TEST
                    if (!nc) tabfn[fs[p]] = 1
                    for (q = 1; q <= nc; q++) print "T", fs[p], cs[q], file ":" test
                }
            }
            if (done) {
                # a test that hands functions to an asserting helper (assert_failure(validate,
                # row)) asserts their results like a table test
                z = body; callshelper = 0
                while (match(z, /[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(/)) {
                    w = substr(z, RSTART, RLENGTH); z = substr(z, RSTART + RLENGTH)
                    sub(/[[:space:]]*\($/, "", w); if (w in asserting) callshelper = 1
                }
                z = body
                while (callshelper && match(z, /ach_[a-z0-9_]+[[:space:]]*[^[:space:]a-z0-9_(]/)) {
                    w = substr(z, RSTART, RLENGTH); z = substr(z, RSTART + RLENGTH - 1)
                    sub(/[[:space:]]*[^[:space:]a-z0-9_(]$/, "", w); tabfn[w] = 1
                }
                for (t in tab) if (body ~ ("(^|[^A-Za-z0-9_])" t "([^A-Za-z0-9_]|$)")) {
                    nc = split(tab[t], cs, " ")
                    for (f in tabfn) for (q = 1; q <= nc; q++) print "T", f, cs[q], file ":" test " (table " t ")"
                }
                test = ""
            }
        }
    }
    # The ach_ functions a piece of code calls, directly or through a file-local wrapper.
    function calls(s,    r, w) {
        r = ""
        while (match(s, /[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(/)) {
            w = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
            sub(/[[:space:]]*\($/, "", w)
            if (w ~ /^ach_/) r = r " " w
            else if (w in wrap) r = r " " wrap[w]
        }
        return r
    }
    # Statements outside tests: helpers, wrappers and tables.
    function file_scope(x,    t, z, c) {
        if (match(x, /static[^;{}=]*[[:space:]*][A-Za-z_][A-Za-z0-9_]*[[:space:]]*\([^;{}]*\)[[:space:]]*\{/)) {
            helper = substr(x, RSTART, RLENGTH); sub(/[[:space:]]*\(.*$/, "", helper)
            sub(/^.*[[:space:]*]/, "", helper)
        }
        # an asserting helper, such as assert_failure(validate, row)
        if (x ~ /ck_assert/ && helper != "") asserting[helper] = 1
        # a thin wrapper: static ach_status next(...) { ...; return ach_ledger_next(...); }
        if (helper != "" && match(x, /return[[:space:]]+ach_[a-z0-9_]+[[:space:]]*\(/)) {
            t = substr(x, RSTART, RLENGTH); sub(/^return[[:space:]]+/, "", t); sub(/[[:space:]]*\($/, "", t)
            if (!(helper in wrap)) wrap[helper] = t
        }
        # a table: name[...] = { ... } holding status codes
        if (match(x, /[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\[[^]]*\][[:space:]]*=[[:space:]]*\{/)) {
            t = substr(x, RSTART, RLENGTH); sub(/[[:space:]]*\[.*$/, "", t); z = x
            while (match(z, /ACH_E[A-Z0-9_]+/)) {
                c = substr(z, RSTART, RLENGTH); z = substr(z, RSTART + RLENGTH)
                if (c in code) tab[t] = tab[t] " " c
            }
        }
    }' "$t"
done > "$tmp/tests"

# Function-like macros over an exported function (`#define f(...) g(...)`, such as the sized
# calls of the ABI, issue 20): a test calling f( tests g.
awk '/^#define ach_[a-z0-9_]*\(/ { name = $2; sub(/\(.*/, "", name); body = $0
        if (body ~ /\\$/) { getline nxt; body = body " " nxt }
        sub(/^#define [^)]*\)/, "", body)
        if (match(body, /ach_[a-z0-9_]*\(/)) print name, substr(body, RSTART, RLENGTH - 1) }' \
    "$top"/include/ach/*.h > "$tmp/macros"
awk 'FNR == NR { m[$1] = $2; next } $1 == "T" && ($2 in m) { $2 = m[$2] } { print }' \
    "$tmp/macros" "$tmp/tests" > "$tmp/tests.m" && mv "$tmp/tests.m" "$tmp/tests"

# 3. The audit.
awk -v verbose="$verbose" '
FNR == NR { r[NR] = $0; nr = NR; next }
{ key = $2 SUBSEP $3; if (!(key in tested)) tested[key] = $4; testedfn[$2] = 1 }
END {
    for (k = 1; k <= nr; k++) {
        split(r[k], a, " ")
        if (a[1] == "F") { fn[a[2]] = 1; order[++nf] = a[2] }
        else if (a[1] == "R") hasret[a[2]] = 1
        else if (a[1] == "C") { if (!((a[2], a[3]) in named)) { named[a[2], a[3]] = 1; nnamed[a[2]]++; namedl[a[2]] = namedl[a[2]] " " a[3] } }
        else if (a[1] == "W") { fam[a[2], a[3]] = 1; faml[a[2]] = faml[a[2]] " " a[3] }
        else if (a[1] == "I") { del[a[2]] = del[a[2]] " " a[3] }
    }
    bad = 0; pairs = 0; covered = 0
    for (i = 1; i <= nf; i++) {
        f = order[i]
        # delegations only to public ach_status functions
        nd = split(del[f], ds, " "); dl = ""
        for (j = 1; j <= nd; j++) if (ds[j] in fn) dl = dl " " ds[j]
        del[f] = dl
        if (!(f in hasret)) { print "UNDOCUMENTED " f ": no @return in its doc comment"; bad++; continue }
        if (namedl[f] == "" && faml[f] == "" && dl == "") {
            print "UNDOCUMENTED " f ": @return names no ACH_E* status"; bad++; continue
        }
        n = split(namedl[f], cs, " ")
        for (j = 1; j <= n; j++) {
            pairs++
            if ((f, cs[j]) in tested) { covered++; if (verbose) print "ok " f " " cs[j] " (" tested[f, cs[j]] ")" }
            else { print "UNTESTED " f " " cs[j]; bad++ }
        }
        n = split(faml[f], ps, " ")
        for (j = 1; j <= n; j++) {
            pairs++; hit = ""
            for (key in tested) { split(key, kk, SUBSEP); if (kk[1] == f && index(kk[2], ps[j]) == 1) { hit = kk[2]; break } }
            if (hit != "") { covered++; if (verbose) print "ok " f " " ps[j] "* (" hit ")" }
            else { print "UNTESTED " f " " ps[j] "* (any code of the family)"; bad++ }
        }
        n = split(dl, gs, " ")
        for (j = 1; j <= n; j++) {
            pairs++
            if (delegate_hit(f, gs[j], 0)) { covered++; if (verbose) print "ok " f " via " gs[j] "() (" hitcode ")" }
            else { print "UNTESTED " f " with any status of " gs[j] "()"; bad++ }
        }
    }
    printf "status audit: %d ach_status functions, %d documented error paths, %d tested, %d problems\n", nf, pairs, covered, bad
    exit bad ? 1 : 0
}
# Is f tested with some documented code of g (following g'"'"'s own delegations)?
function delegate_hit(f, g, depth,    n, cs, j, key, kk, gs) {
    if (depth > 8) return 0
    n = split(namedl[g], cs, " ")
    for (j = 1; j <= n; j++) if ((f, cs[j]) in tested) { hitcode = cs[j]; return 1 }
    n = split(faml[g], cs, " ")
    for (j = 1; j <= n; j++)
        for (key in tested) { split(key, kk, SUBSEP); if (kk[1] == f && index(kk[2], cs[j]) == 1) { hitcode = kk[2]; return 1 } }
    n = split(del[g], gs, " ")
    for (j = 1; j <= n; j++) if (gs[j] != f && delegate_hit(f, gs[j], depth + 1)) return 1
    return 0
}
' "$tmp/doc" "$tmp/tests"
