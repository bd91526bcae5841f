#!/bin/sh
# End to end: crawl the corpus's crawlsite (301 static pages, robots.txt
# disallowing /404.html, a sitemap, five broken links) from the fixture
# server and compare with a local audit of the same files (issue 3).
. "$(dirname "$0")/crawl-lib.sh"
SITE="$CORPUS/crawlsite"
[ -d "$SITE" ] || skip_all "$SITE not found"
need_fixture
fixture_start crawlsite || { echo "Bail out! fixture server did not start"; exit 99; }
OUT="$FIXTURE_DIR/crawl.json"
"$MSGAUDIT" --no-config --delay 0 --format json -o "$OUT" "$FIXTURE_BASE/" 2>"$FIXTURE_DIR/err"
rc=$?
fixture_stop
check "crawl exits 0 or 1 (got $rc)" [ "$rc" -le 1 ]
check_eq "300 pages audited" 300 "$(jq '.summary.pages' "$OUT")"
check_eq "the report is not marked incomplete" false "$(jq '.summary.incomplete' "$OUT")"

# the audited pages are exactly the site's HTML files but 404.html
jq -r '.pages[] | select(.audited != false) | .url' "$OUT" |
	sed -e "s#^$FIXTURE_BASE/##" -e 's#^$#index.html#' -e 's#/$#/index.html#' | LC_ALL=C sort >"$FIXTURE_DIR/crawled"
(cd "$SITE" && find . -name '*.html' ! -path ./404.html | sed 's#^\./##' | LC_ALL=C sort) >"$FIXTURE_DIR/files"
check "every page reachable under robots.txt is audited, once" cmp -s "$FIXTURE_DIR/crawled" "$FIXTURE_DIR/files"

check_eq "robots.txt is the first request" /robots.txt "$(log_paths | head -1)"
check_eq "404.html (disallowed) is never requested" 0 "$(fixture_count /404.html)"
check_eq "robots.txt fetched once" 1 "$(fixture_count /robots.txt)"
check_eq "every request carries the msgaudit User-Agent" 0 \
	"$(cut -f4 "$FIXTURE_LOG" | grep -cv '^msgaudit/[0-9.]* (+https://github.com/msgaudit/msgaudit)$')"
check_eq "no URL requested twice" "" "$(log_paths | LC_ALL=C sort | uniq -d)"
check_eq "the sitemap was read" 1 "$(fixture_count /sitemap.xml)"

# the five broken links, as warnings on the pages that hold them
check_eq "five broken links reported" 5 \
	"$(jq '[.pages[].findings[] | select(.rule == "link.broken")] | length' "$OUT")"
check_eq "broken links are warnings" warning \
	"$(jq -r '[.pages[].findings[] | select(.rule == "link.broken") | .severity] | unique | join(",")' "$OUT")"
check_eq "each broken link target answered 404" 5 "$(cut -f5 "$FIXTURE_LOG" | grep -c '^404$')"
check_eq "no orphan pages (every sitemap page is linked)" 0 \
	"$(jq '[.pages[].findings[] | select(.rule == "sitemap.orphan")] | length' "$OUT")"
check_eq "crawl details on every page" 0 \
	"$(jq '[.pages[] | select(.status == null or .final_url == null or .depth == null or .bytes == null)] | length' "$OUT")"

# the same findings as a local audit of the same files
LOCAL="$FIXTURE_DIR/local.json"
"$MSGAUDIT" --no-config --format json -o "$LOCAL" "$SITE" 2>/dev/null
jq -r '.pages[] | .path as $p | .findings[] | [$p, .rule, .match] | @tsv' "$LOCAL" |
	grep -v '^404\.html	' | LC_ALL=C sort >"$FIXTURE_DIR/local.tsv"
jq -r --arg base "$FIXTURE_BASE/" '.pages[] | select(.audited != false)
	| (.url | ltrimstr($base) | if . == "" or endswith("/") then . + "index.html" else . end) as $p
	| .findings[] | select(.rule | startswith("link.") or startswith("sitemap.") | not)
	| [$p, .rule, .match] | @tsv' "$OUT" | LC_ALL=C sort >"$FIXTURE_DIR/crawl.tsv"
check "findings match a local audit of the same files" cmp -s "$FIXTURE_DIR/local.tsv" "$FIXTURE_DIR/crawl.tsv"
check "the local audit has findings to compare" test -s "$FIXTURE_DIR/local.tsv"
done_testing
