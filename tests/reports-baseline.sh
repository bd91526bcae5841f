#!/bin/sh
# Baselines and diffs (issue 5): --baseline FILE reports and fails only on
# findings not in an earlier JSON report, matched by fingerprints that
# survive moved lines; `msgaudit diff OLD.json NEW.json` tells pages
# better and worse, findings fixed and new.  TAP.
. "${top_srcdir:-$(dirname "$0")/..}/tests/reports-lib.sh"
SITE="$top_srcdir/tests/report-data/site"
cd "$T_TMP" || exit 99
cp -R "$SITE" site && chmod -R u+w site	# writable even from a read-only source tree (distcheck)
$MA -f json site >old.json
score() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["score"])' "$1"; }
OLD=$(score old.json)

$MA --baseline old.json site >same.txt
rc=$?
ok $([ $rc -eq 0 ] && grep -q "0 findings (0 errors, 0 warnings, 0 info), site score $OLD/100, 8 known findings suppressed by the baseline" same.txt; echo $?) \
	"an unchanged site against its own baseline: nothing reported, exit 0"

# edit: lines move on every page, one finding fixed, one error added, one warning added
sed -i 's/<head>/<head>\n\n<meta name="a" content="b">/; s/Finance teams lose/Finance teams, seamless, lose/' site/index.html
printf '\n\nWe are world-class.\n' >>site/products/reconcile.md
sed -i 's/Our world-class engine/Our engine/; 1s/^/\n\n/' site/products/reconcile.md
$MA -f json site >new.json
$MA --baseline old.json site >base.txt
rc=$?
ok $([ $rc -eq 1 ] && [ "$(grep -c ': \(error\|warning\|info\): ' base.txt)" = 2 ] &&
	grep -q '^site/index.html:9:19: warning: "Seamless"' base.txt &&
	grep -q '^site/products/reconcile.md:12:8: error: "World-class"' base.txt &&
	grep -q '2 findings (1 error, 1 warning, 0 info).*, 7 known findings suppressed by the baseline' base.txt; echo $?) \
	"only the two new findings are reported (exit 1 for the new error); moved ones stay known"
sed 's/^/# /' base.txt | head -12
$MA --baseline old.json -f sarif site >base.sarif
ok $([ "$(grep -c '"ruleId"' base.sarif)" = 2 ]; echo $?) "other formats report only new findings too"
$MA --baseline old.json --fail-on error -f json site >base.json
ok $(grep -q '"baseline_suppressed": 7' base.json; echo $?) "the JSON summary counts the suppressed findings"
$MA --baseline nosuch.json site >/dev/null 2>err.txt
ok $([ $? -eq 2 ] && grep -q 'nosuch.json' err.txt; echo $?) "an unreadable baseline is exit 2, naming the file"
echo '{"tool": {}}' >notreport.json
$MA --baseline notreport.json site >/dev/null 2>err.txt
ok $([ $? -eq 2 ] && grep -q 'not a msgaudit JSON report' err.txt; echo $?) "a JSON file that is not a report is exit 2"

# --- diff --------------------------------------------------------------------
NEW=$(score new.json)
$MSGAUDIT diff old.json new.json >diff.txt
rc=$?
ok $([ $rc -eq 1 ] && [ "$NEW" -lt "$OLD" ] &&
	head -n 1 diff.txt | grep -qx "site score $OLD -> $NEW ($((NEW - OLD))); pages 3 -> 3; findings 8 -> 9: 1 fixed, 2 new"; echo $?) \
	"diff: summary line, exit 1 when there are new findings"
sed 's/^/# /' diff.txt | head -20
ok $(grep -q '^  index.html  score 50 -> 39 (-11), 0 fixed, 1 new' diff.txt &&
	grep -A1 '^fixed findings (1):' diff.txt | grep -q 'products/reconcile.md:5:5: error: "World-class"'; echo $?) \
	"diff: a page worse, the fixed finding with its old location"
$MSGAUDIT diff -f json old.json new.json >diff.json
cat >check.py <<'PY'
import json, sys
d = json.load(open("diff.json"))
s = d["summary"]
old, new = (json.load(open(f))["summary"]["score"] for f in ("old.json", "new.json"))
assert (s["old_score"], s["new_score"], s["fixed"], s["new"], s["pages_worse"]) == (old, new, 1, 2, 1), s
assert {f["rule"] for f in d["new"]} == {"test.seamless", "test.world-class"}, d["new"]
assert [p["status"] for p in d["pages"] if p["page"] == "index.html"] == ["worse"]
PY
check "diff -f json: summary, pages, findings" python3 check.py
$MSGAUDIT diff -f md old.json new.json >diff.md
ok $(grep -q '^## msgaudit: what changed' diff.md && grep -q '^### New findings (2)' diff.md && ! grep -q '<script>' diff.md; echo $?) "diff -f md"
$MSGAUDIT diff -f html -o diff.html old.json new.json
check "diff -f html is escaped and self-contained" python3 "$top_srcdir/tests/report-data/check_html.py" diff.html --no-script
$MSGAUDIT diff old.json old.json >/dev/null
ok $?  "diff of a report with itself: exit 0"
$MSGAUDIT diff old.json >/dev/null 2>&1
ok $([ $? -eq 2 ]; echo $?) "diff needs two reports: exit 2"

done_testing
