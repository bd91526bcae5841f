#!/bin/sh
# The HTML report (issue 5): self-contained, escaped against hostile page
# text, the scorecard and every finding present; several targets get a
# side-by-side table.  TAP.  (The real-browser test is tests/browser/.)
. "${top_srcdir:-$(dirname "$0")/..}/tests/reports-lib.sh"
cd "$top_srcdir" || exit 99
SITE=tests/report-data/site
H="$T_TMP/report.html"

$MA -f html $SITE >"$H"
ok $([ $? -eq 1 ]; echo $?) "html report written, exit 1 on errors"
check "page text cannot break out of its text nodes (scripts, handlers, URLs, UTF-8)" \
	python3 tests/report-data/check_html.py "$H" \
	'</style><script>alert(1)</script> world-class <!-- 100% ::warning:: a,b -->' \
	'<img src=x onerror=alert(2)>' '</title><script>alert("title")</script> Hostile & "quoted"'
ok $(! grep -q '<script>alert\|<img\|<!-- 100%' "$H" && grep -q '&lt;/style&gt;&lt;script&gt;alert(1)' "$H"; echo $?) \
	"hostile markup is escaped, not interpreted"
ok $(! grep -Eiq '(src|href)="(https?:)?//|@import|url\(' "$H"; echo $?) "no external resources"
ok $(grep -q '<meta http-equiv="Content-Security-Policy" content="default-src '"'none'" "$H"; echo $?) \
	"a Content-Security-Policy forbids loading anything"
ok $(grep -q '@media print' "$H" && grep -q '<div id="filters" class="hidden"' "$H"; echo $?) \
	"print stylesheet; filters hidden until the script shows them (readable with JS off)"

# scorecard figures and findings, as the JSON report states them
SCORE=$($MA -f json $SITE | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["score"])')
ok $(grep -q "aria-label=\"Site score: $SCORE out of 100\"" "$H" && grep -q '<b>3</b><span>pages audited' "$H" &&
	grep -q '<b>8</b><span>findings' "$H"; echo $?) "scorecard: site score, pages, findings"
ok $([ "$(grep -c '<li class="finding"' "$H")" = 8 ]; echo $?) "every finding is listed"
ok $(grep -q 'World-class</mark> accounting, seamlessly' "$H" &&
	grep -q '<a href="tests/report-data/site/index.html">tests/report-data/site/index.html:6:5</a>' "$H"; echo $?) \
	"a finding: match highlighted in its sentence, link to file:line:col"
ok $(grep -q '<h2>Top offending phrases</h2>' "$H" && grep -q '“seamless”</td><td><code>test.seamless</code></td><td class="num">3</td><td class="num">2</td>' "$H"; echo $?) \
	"top phrases with counts and pages"
ok $(grep -q '<h2>What the home page says</h2><div class="grid"><div class="card"><h3>Acme Ledger: books that close themselves</h3><p>Acme Ledger closes your books in a day.</p>' "$H"; echo $?) \
	"the home page's value proposition, as found"
ok $(grep -q '<h2>Worst pages</h2>' "$H" && ! grep -q 'id="compare"' "$H"; echo $?) "worst pages; no comparison for one target"

# invalid UTF-8 in a file name and a control character in a path
mkdir -p "$T_TMP/bad"
cp $SITE/index.html "$T_TMP/bad/$(printf 'caf\351\001.html')"
(cd "$T_TMP" && $MA -f html bad >"$T_TMP/bad.html")
check "invalid UTF-8 in a file name still gives a valid UTF-8 report" python3 tests/report-data/check_html.py "$T_TMP/bad.html"

# several targets: side by side
$MA -f html $SITE tests/report-data/site/products >"$T_TMP/two.html"
ok $(grep -q '<section id="compare"><h2>Side by side</h2>' "$T_TMP/two.html" &&
	grep -q 'Claims every site makes' "$T_TMP/two.html" && grep -q '“world-class”' "$T_TMP/two.html"; echo $?) \
	"several targets: side-by-side table and claims every site makes"
S1=$($MA -f json $SITE | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["score"])')
S2=$($MA -f json tests/report-data/site/products | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["score"])')
ok $(grep -q "aria-label=\"$SITE: $S1 out of 100\"" "$T_TMP/two.html" &&
	grep -q "aria-label=\"tests/report-data/site/products: $S2 out of 100\"" "$T_TMP/two.html"; echo $?) \
	"side by side: each target scores as in its own report ($S1, $S2)"
check "the side-by-side report is well-formed too" python3 tests/report-data/check_html.py "$T_TMP/two.html"

done_testing
