#!/bin/sh
# Pipeline formats (issue 5): SARIF against the 2.1.0 schema, JUnit
# against the Ant schema, GitHub workflow-command escaping, CSV per RFC
# 4180, JSON Lines, Markdown, several reports in one run.  TAP.
. "${top_srcdir:-$(dirname "$0")/..}/tests/reports-lib.sh"
cd "$top_srcdir" || exit 99
SITE=tests/report-data/site	# relative, as a CI job names it

# --format takes every documented name; findings at error level: exit 1
for f in text json jsonl html md csv sarif junit github; do
	$MA -f $f $SITE >"$T_TMP/out.$f" 2>"$T_TMP/err"
	ok $([ $? -eq 1 ] && [ -s "$T_TMP/out.$f" ]; echo $?) "--format $f writes a report and exits 1 on errors"
done
$MA -f nosuch $SITE >/dev/null 2>"$T_TMP/err"
ok $([ $? -eq 2 ] && grep -q "sarif junit github" "$T_TMP/err"; echo $?) "an unknown format is a usage error listing the formats"

# --- SARIF -----------------------------------------------------------------
PY=$(find_jsonschema_python)
if [ -n "$PY" ]; then
	check "SARIF validates against the SARIF 2.1.0 schema" \
		"$PY" tests/sarif/validate.py tests/sarif/sarif-schema-2.1.0.json "$T_TMP/out.sarif"
elif command -v ajv >/dev/null 2>&1; then
	check "SARIF validates against the SARIF 2.1.0 schema (ajv)" \
		ajv validate --spec=draft7 --strict=false -s tests/sarif/sarif-schema-2.1.0.json -d "$T_TMP/out.sarif"
else
	skip "SARIF validates against the SARIF 2.1.0 schema" "no python3-jsonschema or ajv"
fi
cat >"$T_TMP/sarif.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert ids == ["test.world-class", "test.seamless", "test.excited", "test.never-matches"], ids
for r in rules:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"], r
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note"), r
assert rules[0]["defaultConfiguration"]["level"] == "error"
assert rules[2]["defaultConfiguration"]["level"] == "note"
assert "Suggestion: Name the fact" in rules[0]["help"]["text"], rules[0]["help"]
res = run["results"]
assert len(res) == 8, len(res)
for r in res:
    assert ids[r["ruleIndex"]] == r["ruleId"], r
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].startswith("tests/report-data/site/"), loc
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1, loc
    assert r["partialFingerprints"]["msgauditFinding/v1"], r
idx = [r for r in res if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/index.html")]
first = idx[0]
assert first["ruleId"] == "test.world-class" and first["level"] == "error", first
loc = first["locations"][0]["physicalLocation"]
assert loc["region"] == {"startLine": 6, "startColumn": 5}, loc
assert loc["contextRegion"] == {"startLine": 6, "snippet": {"text": "World-class accounting, seamlessly"}}, loc
PY
check "SARIF lists every rule and locates every result" python3 "$T_TMP/sarif.py" "$T_TMP/out.sarif"

# fingerprints survive line moves: add lines above every finding
mkdir -p "$T_TMP/moved" && cp -R $SITE/. "$T_TMP/moved/" && chmod -R u+w "$T_TMP/moved"
sed 's/<head>/<head>\n\n\n<meta name="x" content="y">\n/' $SITE/index.html >"$T_TMP/moved/index.html"
printf '\n\n\n' | cat - $SITE/products/reconcile.md >"$T_TMP/moved/products/reconcile.md"
$MA -f sarif $SITE >"$T_TMP/a.sarif"
(cd "$T_TMP/moved" && $MA -f sarif . >"$T_TMP/b.sarif")
cat >"$T_TMP/fp.py" <<'PY'
import json, sys
def load(p):
    res = json.load(open(p))["runs"][0]["results"]
    return ({r["partialFingerprints"]["msgauditFinding/v1"] for r in res},
            sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in res))
fa, la = load(sys.argv[1])
fb, lb = load(sys.argv[2])
assert la != lb, "lines did not move"
assert len(fa) == 8 and fa == fb, (fa ^ fb)
PY
check "SARIF partialFingerprints survive moved lines" python3 "$T_TMP/fp.py" "$T_TMP/a.sarif" "$T_TMP/b.sarif"

# --- JUnit -----------------------------------------------------------------
check "JUnit validates against the Ant JUnit schema" \
	xmllint --noout --schema tests/junit/JUnit.xsd "$T_TMP/out.junit"
xp() { xmllint --xpath "$1" "$2" 2>/dev/null; }
ok $([ "$(xp 'count(//testsuite)' "$T_TMP/out.junit")" = 1 ] &&
	[ "$(xp 'count(//testsuite/testcase)' "$T_TMP/out.junit")" = 3 ] &&
	[ "$(xp 'count(//testcase/failure)' "$T_TMP/out.junit")" = 3 ] &&
	[ "$(xp 'string(//testsuite/@failures)' "$T_TMP/out.junit")" = 3 ]; echo $?) \
	"JUnit: one testsuite, one testcase per page, a failure per page with errors"
ok $(xp 'string(//testcase[@name="index.html"]/failure)' "$T_TMP/out.junit" |
	grep -q 'index.html:6:5: error: "World-class" is a grade'; echo $?) "JUnit failure text lists the finding at file:line:col"
$MA -f junit --fail-on warning $SITE $SITE/products >"$T_TMP/two.xml"
ok $([ "$(xp 'count(//testsuite)' "$T_TMP/two.xml")" = 2 ] &&
	xmllint --noout --schema tests/junit/JUnit.xsd "$T_TMP/two.xml" 2>/dev/null; echo $?) "JUnit: one testsuite per target"
$MA -f junit --fail-on none $SITE >"$T_TMP/none.xml"
ok $([ "$(xp 'count(//failure)' "$T_TMP/none.xml")" = 0 ]; echo $?) "JUnit: --fail-on none, no failures"

# invalid UTF-8 and a control character in a file name
mkdir -p "$T_TMP/bad" && cp $SITE/index.html "$T_TMP/bad/$(printf 'caf\351\001.html')"
(cd "$T_TMP" && $MA -f sarif bad >"$T_TMP/bad.sarif"; $MA -f junit bad >"$T_TMP/bad.xml")
if [ -n "$PY" ]; then
	check "SARIF with a non-UTF-8 file name is valid" \
		"$PY" tests/sarif/validate.py tests/sarif/sarif-schema-2.1.0.json "$T_TMP/bad.sarif"
else
	skip "SARIF with a non-UTF-8 file name is valid" "no python3-jsonschema"
fi
ok $(grep -q '"uri": "bad/caf%E9%01.html"' "$T_TMP/bad.sarif"; echo $?) "SARIF percent-encodes the file URI"
check "JUnit with a non-UTF-8 file name is valid" xmllint --noout --schema tests/junit/JUnit.xsd "$T_TMP/bad.xml"

# --- GitHub workflow commands -------------------------------------------------
G="$T_TMP/out.github"
ok $([ "$(grep -c '^::\(error\|warning\|notice\) file=' "$G")" = 8 ] && tail -n 1 "$G" | grep -q '^::notice title=msgaudit::3 pages audited, 8 findings'; echo $?) \
	"github: one command per finding and a summary"
ok $(grep -qx '::error file=tests/report-data/site/index.html,line=6,col=5,title=test.world-class::"World-class" is a grade anyone can give themselves.%0AFound: "World-class" in: World-class accounting, seamlessly%0ASuggestion: Name the fact behind it, e.g. "used by 3 of the 5 largest US banks".' "$G"; echo $?) \
	"github: file, line, col, title and message"
ok $(grep -q '100%25 ::warning:: a,b' "$G" && ! grep -q '100% ' "$G"; echo $?) "github: % escaped in the message, : and , kept"
mkdir -p "$T_TMP/odd" && cp $SITE/index.html "$T_TMP/odd/a,b:c%d.html"
(cd "$T_TMP" && $MA -f github odd >"$T_TMP/odd.github")
ok $(grep -q '^::error file=odd/a%2Cb%3Ac%25d.html,line=6' "$T_TMP/odd.github"; echo $?) "github: , : % escaped in properties"

$MA -f github - <$SITE/index.html >"$T_TMP/stdin.github"
ok $(! grep -q 'file=' "$T_TMP/stdin.github" && grep -q '^::error title=test.world-class::stdin:6:5: "World-class"' "$T_TMP/stdin.github"; echo $?) \
	"github: standard input has no file to annotate, the message says where"

# --- CSV ---------------------------------------------------------------------
cat >"$T_TMP/check_csv.py" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF records"
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), strict=True))
assert rows[0][:7] == ["site", "page", "url", "path", "line", "column", "rule"], rows[0]
assert len(rows) == 9 and all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]
h = {n: i for i, n in enumerate(rows[0])}
by = {(r[h["page"]], r[h["line"]], r[h["rule"]]): r for r in rows[1:]}
r = by[("hostile.html", "6", "test.seamless")]
assert r[h["context"]] == "'=cmd|calc seamless, \"quoted, with commas\"", r[h["context"]]
r = by[("index.html", "6", "test.world-class")]
assert r[h["message"]] == '"World-class" is a grade anyone can give themselves.' and r[h["severity"]] == "error"
PY
check "CSV: RFC 4180, one row per finding, formula cells defused" python3 "$T_TMP/check_csv.py" "$T_TMP/out.csv"

# --- JSON Lines ----------------------------------------------------------------
cat >"$T_TMP/jsonl.py" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "" and len(lines) == 4, len(lines)
pages = [json.loads(l) for l in lines[:-1]]
full = json.load(open(sys.argv[2], encoding="utf-8"))["pages"]
assert pages == full, "jsonl pages differ from the JSON report's"
assert sum(len(p["findings"]) for p in pages) == 8
PY
check "JSON Lines: one page per line, as in the JSON report" python3 "$T_TMP/jsonl.py" "$T_TMP/out.jsonl" "$T_TMP/out.json"

# --- Markdown --------------------------------------------------------------------
M="$T_TMP/out.md"
# the site score as the JSON report states it (the formula is rules/score.c's business)
SCORE=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["score"])' "$T_TMP/out.json")
ok $(grep -q "^## msgaudit report: site score $SCORE/100" "$M" && grep -q '^| Pages audited | 3 |' "$M" &&
	grep -q '^| Findings | 8 (3 errors, 4 warnings, 1 info) |' "$M" && grep -q '^### Findings' "$M"; echo $?) \
	"markdown: summary table and findings"
ok $(! grep -q '<script>\|<img' "$M" && grep -q '&lt;script&gt;' "$M"; echo $?) "markdown: page text cannot inject HTML"

# --- several reports in one run ---------------------------------------------------
$MA -q -o "$T_TMP/main.html" --report sarif:"$T_TMP/r.sarif" --report "$T_TMP/r.xml" \
	--report "$T_TMP/r.csv" --report "$T_TMP/r.sarif.json" --report md:- $SITE >"$T_TMP/stdout.md"
rc=$?
ok $([ $rc -eq 1 ] && grep -q '"version": "2.1.0"' "$T_TMP/r.sarif" && grep -q '<testsuites>' "$T_TMP/r.xml" &&
	head -n 1 "$T_TMP/r.csv" | grep -q '^site,page' && grep -q '"2.1.0"' "$T_TMP/r.sarif.json" &&
	grep -qi '<!doctype html>' "$T_TMP/main.html" && grep -q '^## msgaudit report' "$T_TMP/stdout.md"; echo $?) \
	"several reports in one run, formats from FORMAT: and the extension"
$MA -q --report "$T_TMP/r.unknownext" $SITE >/dev/null 2>"$T_TMP/err"
ok $([ $? -eq 4 ] && grep -q 'cannot tell the report format' "$T_TMP/err"; echo $?) "an unclear extension is exit 4"

done_testing
