#!/bin/sh
# Site consistency (issue 4) end to end, on a small site written for it
# (tests/report-data/consistency): figures about the company that differ
# from the home page's, a key page that speaks to the opposite audience,
# one claim phrased three ways; in every report format.  TAP.
. "${top_srcdir:-$(dirname "$0")/..}/tests/reports-lib.sh"
cd "$top_srcdir" || exit 99
S=tests/report-data/consistency
MA="$MSGAUDIT --no-config"

$MA --fail-on none $S >"$T_TMP/out.txt" 2>&1
ok $? "text report written"
ok $(grep -q "^$S/about.html:2:74: warning: .*\[consistency.conflicting-figure\]" "$T_TMP/out.txt" &&
	grep -q '| Today 5,000 customers in 40 countries use it.*elsewhere on the site: “10,000+ customers” on '"$S"'/index.html' "$T_TMP/out.txt"; echo $?) \
	"about page: its customer count is flagged at the figure, with what home says"
ok $(grep -q "^$S/pricing.html:.*\[consistency.conflicting-figure\]" "$T_TMP/out.txt" &&
	[ "$(grep -c "^$S/pricing.html:.*consistency" "$T_TMP/out.txt")" = 1 ]; echo $?) \
	"pricing page: the 14-day trial is flagged, once"
ok $([ "$(grep -c "^$S/about.html:.*consistency.conflicting-figure" "$T_TMP/out.txt")" = 1 ]; echo $?) \
	"about page: a plan limit (up to 50+ customers) is no figure of the company"
ok $(grep -q "^$S/product/index.html:2:1: info: .*\[consistency.audience-mismatch\]" "$T_TMP/out.txt" &&
	! grep -q "^$S/product/index.html:.*conflicting-figure" "$T_TMP/out.txt"; echo $?) \
	"product page: speaks to enterprises (home: small businesses); 10k+ equals 10,000+"
ok $(grep -q "^site $S" "$T_TMP/out.txt" && grep -q '    one claim, 3 phrasings: "Your books, closed within an hour"' "$T_TMP/out.txt"; echo $?) \
	"text: a site section lists the claim phrased three ways"

$MA -f json --fail-on none $S >"$T_TMP/out.json"
check "json: sites[].value_proposition holds the contradictions and variants" python3 - "$T_TMP/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
vp = d["sites"][0]["value_proposition"]
assert vp["home"] == "index.html", vp["home"]
assert vp["contradicting"] == [{"page": "product/index.html", "page_audience": "large enterprises",
                                "home_audience": "small businesses"}], vp["contradicting"]
figs = {c["claim"]: c["values"] for c in vp["conflicting_figures"]}
assert sorted(figs) == ["customers", "day trial"], figs
assert [v["value"] for v in figs["customers"]] == [10000, 5000]
assert figs["customers"][0]["pages"] == ["index.html", "product/index.html"]
assert figs["day trial"][1] == {"text": "14-day free trial", "value": 14, "pages": ["pricing.html"]}
assert len(vp["claim_variants"]) == 1 and len(vp["claim_variants"][0]) == 3
rules = sorted(f["rule"] for p in d["pages"] for f in p["findings"])
assert rules == ["consistency.audience-mismatch"] + ["consistency.conflicting-figure"] * 2, rules
PY

$MA -f html --fail-on none $S >"$T_TMP/out.html"
check "html: a well-formed site-level section with both contradictions and the variants" \
	python3 tests/report-data/check_html.py "$T_TMP/out.html" "Site level: one story?" \
	"One claim, 3 phrasings" "Contradictions"
ok $(grep -q 'href="#site"' "$T_TMP/out.html"; echo $?) "html: the site level is linked from the top"

$MA -f markdown --fail-on none $S >"$T_TMP/out.md"
ok $(grep -q '^- Figures differ (customers): “10,000\\+ customers” on index\\.html; “5,000 customers” on about\\.html$' "$T_TMP/out.md"; echo $?) \
	"markdown: the conflicting figures"

$MA --disable consistency.conflicting-figure --disable consistency.audience-mismatch --fail-on none $S >"$T_TMP/off.txt" 2>&1
ok $(! grep -q "consistency\." "$T_TMP/off.txt"; echo $?) "--disable turns the site findings off like any rule"
mkdir -p "$T_TMP/site"
cp -R $S/. "$T_TMP/site/"
sed 's|<p>We started|<!-- msgaudit-disable-next consistency.conflicting-figure --><p>We started|' $S/about.html >"$T_TMP/site/about.html"
$MA --fail-on none "$T_TMP/site" >"$T_TMP/supp.txt" 2>&1
ok $(! grep -q "about.html:.*conflicting-figure" "$T_TMP/supp.txt" &&
	grep -q "pricing.html:.*conflicting-figure" "$T_TMP/supp.txt"; echo $?) \
	"an inline comment suppresses the figure of the next block only"
# a page-level rule judged after the pages are audited still obeys the
# page's comments: a disable at the top switches it off for that page
mkdir -p "$T_TMP/site2"
cp -R $S/. "$T_TMP/site2/"
sed 's|<html>|<!-- msgaudit-disable consistency.audience-mismatch --><html>|' $S/product/index.html \
	>"$T_TMP/site2/product/index.html"
$MA --fail-on none "$T_TMP/site2" >"$T_TMP/supp2.txt" 2>&1
ok $(grep -q "<!-- msgaudit-disable" "$T_TMP/site2/product/index.html" &&
	! grep -q "audience-mismatch" "$T_TMP/supp2.txt" &&
	grep -q "pricing.html:.*conflicting-figure" "$T_TMP/supp2.txt"; echo $?) \
	"a disable comment at the top of a page switches the audience check off there"
# a baseline takes the site findings out too, also when a JSON Lines
# report streams the pages before the site findings exist
$MA --fail-on none -f json -o "$T_TMP/base.json" $S >/dev/null 2>&1
$MA --baseline "$T_TMP/base.json" --fail-on info --report jsonl:"$T_TMP/s.jsonl" $S >"$T_TMP/base.txt" 2>&1
rc=$?
ok $(test -s "$T_TMP/base.json" && test $rc -eq 0 && ! grep -q "consistency\." "$T_TMP/base.txt"; echo $?) \
	"--baseline with a streamed JSON Lines report leaves no known site finding (exit $rc)"
done_testing
