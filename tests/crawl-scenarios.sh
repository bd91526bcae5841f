#!/bin/sh
# Crawling, against the scenario sites of tests/crawl/scenarios: redirects,
# slow and stalled responses, compression, sitemaps, size caps, non-HTML,
# charsets, noindex/nofollow, canonical duplicates, traps, other hosts,
# malformed and non-http links, Ctrl-C and the progress line.  Each case
# checks what was requested (the fixture server's log) and what the JSON
# report says (issue 3).
. "$(dirname "$0")/crawl-lib.sh"
need_fixture
WORK=$(mktemp -d "${TMPDIR:-/tmp}/msgaudit-crawl.XXXXXX") || exit 99
trap 'fixture_cleanup; rm -rf "$WORK"' EXIT

# --- redirects: chain, loop, endless chain, relative, off-host, no Location
crawl redirects
check_eq "redirects: the 301/302/307/308 chain ends at /final.html" "$FIXTURE_BASE/final.html" \
	"$(page /r1 .final_url)"
check_eq "redirects: the chain is recorded" 4 "$(page /r1 '.redirects | length')"
check_eq "redirects: each hop requested once" "1 1 1 1 1" \
	"$(echo $(fixture_count /r1) $(fixture_count /r2) $(fixture_count /r3) $(fixture_count /r4) $(fixture_count /final.html))"
check_eq "redirects: the loop is requested once each way" "1 1" \
	"$(echo $(fixture_count /loop/a) $(fixture_count /loop/b))"
check "redirects: the loop is reported" sh -c "jq -r '.pages[].warnings[]?' '$OUT' | grep -q '^redirect loop'"
check_eq "redirects: the endless chain stops after 10 redirects" 11 "$(fixture_count '/endless/*')"
check "redirects: and says so" sh -c "jq -r '.pages[].warnings[]?' '$OUT' | grep -q 'more than 10 redirects'"
check_eq "redirects: a relative Location is resolved" "$FIXTURE_BASE/relative-target.html" \
	"$(page /relative .final_url)"
check_eq "redirects: the off-site target is never requested" 0 "$(fixture_count /elsewhere)"
check "redirects: the off-site redirect is recorded" sh -c "jq -r '.pages[].warnings[]?' '$OUT' | grep -q 'leaves the crawl scope'"
check "redirects: a redirect without Location is recorded" \
	sh -c "jq -r '.pages[].warnings[]?' '$OUT' | grep -q 'without a Location'"
check_eq "redirects: one host only" "127.0.0.1:$FIXTURE_PORT" "$(fixture_hosts)"

# --- slow, stalled, late responses: timeouts, one retry, the rest goes on
crawl slow --timeout 2 --concurrency 5
for p in /slow.html /stall.html /late.html /trickle-headers.html; do
	check_eq "slow: $p times out, tried twice" "no 2" "$(audited $p) $(fixture_count $p)"
done
check "slow: the timeout is the reason" sh -c "jq -r '.pages[].warnings[]?' '$OUT' | grep -q 'timed out after 2'"
check_eq "slow: /fast.html audited" yes "$(audited /fast.html)"
check_le "slow: /fast.html not held up by the slow ones (a 2 s timeout)" \
	"$(($(at_ms /fast.html) - $(at_ms /)))" 1900

# --- gzip: negotiated and forced bodies, a gzip'd sitemap, a gzip bomb
crawl gzip
check_eq "gzip: both gzip pages audited" "yes yes" "$(audited /gz.html) $(audited /always-gz.html)"
check_ge "gzip: with their words" "$(page /gz.html .words)" 5
check_eq "gzip: the gzip'd sitemap is read once" 1 "$(fixture_count /sitemap.xml.gz)"
check_eq "gzip: its orphan page audited" yes "$(audited /orphan.html)"
check_eq "gzip: and reported as an orphan" sitemap.orphan \
	"$(page /orphan.html '.findings[] | select(.rule == "sitemap.orphan") | .rule')"
check_eq "gzip: the bomb is cut at the size cap" no "$(audited /bomb.html)"
check "gzip: and says so" sh -c "jq -r '.pages[].warnings[]?' '$OUT' | grep -q 'size limit'"

# --- a sitemap index with a gzip'd child; a bad sitemap
crawl sitemap-index
check_eq "sitemap-index: the index and both children read" "1 1 1" \
	"$(echo $(fixture_count /sitemap_index.xml) $(fixture_count /sitemaps/pages.xml) $(fixture_count /sitemaps/more.xml.gz))"
check_eq "sitemap-index: the orphan pages audited" "yes yes" "$(audited /orphan-a.html) $(audited /orphan-b.html)"
check_eq "sitemap-index: and reported as orphans" 2 \
	"$(jq '[.pages[].findings[] | select(.rule == "sitemap.orphan")] | length' "$OUT")"
check "sitemap-index: an HTML 'sitemap' is reported" grep -q 'not-a-sitemap.xml.*not a sitemap' "$ERR"
check_eq "sitemap-index: one host only" "127.0.0.1:$FIXTURE_PORT" "$(fixture_hosts)"

# --- oversized pages: cut at the cap, with or without Content-Length
crawl oversized
check_eq "oversized: both big pages cut" "no no" "$(audited /big.html) $(audited /big-chunked.html)"
check_eq "oversized: reported" 2 \
	"$(jq '[.pages[].warnings[]? | select(test("size limit"))] | length' "$OUT")"
check_eq "oversized: each requested once" "1 1" "$(echo $(fixture_count /big.html) $(fixture_count /big-chunked.html))"
check_eq "oversized: the crawl goes on" yes "$(audited /small.html)"
crawl oversized --max-body 100
check_eq "--max-body 100: even the start page is cut" "no fetch failed: body larger than the size limit: aborted" \
	"$(audited /) $(page / '.warnings[0]')"

# --- non-HTML: recorded, not parsed
crawl non-html
check_eq "non-html: only the HTML pages audited" \
	"$(lines "$FIXTURE_BASE/" "$FIXTURE_BASE/page.html")" \
	"$(jq -r '.pages[] | select(.audited != false) | .url' "$OUT" | LC_ALL=C sort)"
for p in /manual.pdf /logo.png /data.json /download /octets /feed.xml; do
	check "non-html: $p recorded as not audited by its content type" \
		sh -c "[ \"\$(jq -r --arg u '$FIXTURE_BASE$p' '.pages[] | select(.url == \$u) | .warnings[]' '$OUT')\" != '' ]"
done
check_eq "non-html: /download (a PDF without extension) by its Content-Type" \
	"not audited: content type application/pdf" "$(page /download '.warnings[0]')"
check_eq "non-html: PNG bytes labelled text/html are not parsed" "not audited: binary content, not HTML" \
	"$(page /png-as-html '.warnings[0]')"

# --- boilerplate: the latin-1 pages share one paragraph; its findings are
# reported on the first page only (marked) and once at site level
crawl charset
check_eq "boilerplate: the shared paragraph's best-in-class finding is on one page" 1 \
	"$(jq '[.pages[].findings[] | select(.match == "best-in-class" and (.context | test("brûlée")))] | length' "$OUT")"
check_eq "boilerplate: and marked as such" true \
	"$(jq '[.pages[].findings[] | select(.match == "best-in-class" and (.context | test("brûlée")))][0].boilerplate' "$OUT")"
check "boilerplate: the site lists the paragraph with the pages it is on" \
	sh -c "jq -e '.sites[0].boilerplate[] | select((.text | test(\"brûlée\")) and .pages >= 3 and .findings >= 3)' '$OUT' >/dev/null"

# --- charsets: right text whatever the labels say (every page's own findings)
crawl charset --repeat-boilerplate
check_eq "charset: every page audited" 9 "$(jq '[.pages[] | select(.audited != false)] | length' "$OUT")"
check_eq "charset: no U+FFFD and no mojibake anywhere" "" \
	"$(jq -r '.pages[] | .title, .findings[].context' "$OUT" | grep -e "$(printf '\357\277\275')" -e 'Ã' -e 'â€')"
for p in /latin1-header.html /latin1-meta.html /latin1-equiv.html /latin1-none.html /latin1-as-utf8.html; do
	check "charset: $p reads 'Café, crème brûlée'" \
		sh -c "jq -r --arg u '$FIXTURE_BASE$p' '.pages[] | select(.url == \$u) | .findings[].context' '$OUT' | grep -q 'Café, crème brûlée'"
done
check "charset: windows-1252 quotes labelled ISO-8859-1 survive" \
	sh -c "jq -r --arg u '$FIXTURE_BASE/cp1252.html' '.pages[] | select(.url == \$u) | .findings[].context' '$OUT' | grep -q '“Seamless” integration – the'"
check "charset: UTF-8 labelled ISO-8859-1 is read as UTF-8" \
	sh -c "jq -r --arg u '$FIXTURE_BASE/utf8-as-latin1.html' '.pages[] | select(.url == \$u) | .title' '$OUT' | grep -q 'UTF-8 – café'"

# --- noindex / nofollow: meta robots, X-Robots-Tag, rel=nofollow
crawl noindex
check_eq "noindex: exactly the followable paths requested" \
	"$(lines /robots.txt /sitemap.xml / /meta-noindex.html /meta-nofollow.html /meta-none.html /meta-ours.html \
		/meta-other.html /header-noindex.html /header-nofollow.html /header-ours.html /rel-nofollow.html \
		/via-noindex.html /rel-followed.html)" "$(requested)"
for p in /meta-noindex.html /meta-none.html /meta-ours.html /header-noindex.html /header-ours.html; do
	check_eq "noindex: $p recorded, not audited" no "$(audited $p)"
done
for p in /meta-nofollow.html /meta-other.html /header-nofollow.html /rel-nofollow.html /via-noindex.html; do
	check_eq "noindex: $p audited" yes "$(audited $p)"
done
check_eq "noindex: the reason is given" "noindex: not audited (--include-noindex audits it)" \
	"$(page /meta-noindex.html '.warnings[0]')"
crawl noindex --include-noindex
check_eq "--include-noindex: noindex pages audited" "yes yes" \
	"$(audited /meta-noindex.html) $(audited /header-noindex.html)"
check_eq "--include-noindex: nofollow still obeyed" 0 "$(fixture_count /via-nofollow-meta.html)"

# --- canonical duplicates: audited once
crawl canonical
check_eq "canonical: the product page audited once" yes "$(audited /product)"
for p in /product/ "/product?utm_source=newsletter&utm_medium=email" /PRODUCT; do
	check_eq "canonical: $p a duplicate of /product" "no duplicate of $FIXTURE_BASE/product" \
		"$(audited "$p") $(page "$p" '.warnings[0]' | sed 's/ (.*//')"
done
check_eq "canonical: its findings are counted once" 0 \
	"$(jq '[.pages[] | select(.audited == false) | .findings[]] | length' "$OUT")"
check_eq "canonical: the fragment link is not another request" 1 "$(log_paths | grep -cx /product)"

# --- traps: an endless calendar, endless pagination, ever-deeper paths
crawl calendar-trap
check_le "calendar-trap: the calendar stops (31 months and their week views)" \
	"$(fixture_count '/calendar/*')" 62
check_le "calendar-trap: the pagination stops (50 query variants)" "$(fixture_count /events)" 50
check_le "calendar-trap: the deep paths stop (repeating segments)" "$(fixture_count '/deep/*')" 40
check_le "calendar-trap: under --max-pages requests in all" "$(wc -l <"$FIXTURE_LOG")" 500
check "calendar-trap: the trap guards are reported" grep -q 'not followed: crawler trap guards' "$ERR"
crawl calendar-trap --max-depth 2
check_eq "--max-depth 2: the start, its links and theirs" \
	"$(lines /robots.txt /sitemap.xml / /calendar/2024/01/ /events /deep/a/ /calendar/2024/02/ /deep/a/a/ /deep/a/b/)" \
	"$(log_paths | sed 's/?.*//' | LC_ALL=C sort -u)"
crawl calendar-trap --max-pages 10
check_eq "--max-pages 10: ten distinct pages audited (duplicates do not count)" 10 \
	"$(jq '[.pages[] | select(.audited != false)] | length' "$OUT")"
check_le "--max-pages 10: at most 2 x 10 page requests, duplicates included" \
	"$(log_paths | grep -cv -e '^/robots.txt$' -e '^/sitemap.xml$')" 20
check "--max-pages 10: said on stderr" grep -q 'stopped at --max-pages 10' "$ERR"

# --- links to other hosts: not followed
crawl other-host
check_eq "other-host: only this host asked" "127.0.0.1:$FIXTURE_PORT" "$(fixture_hosts)"
check_eq "other-host: the local pages audited" "yes yes" "$(audited /local.html) $(audited /local2.html)"
check_eq "other-host: nothing else requested" "$(lines /robots.txt /sitemap.xml / /local.html /local2.html)" \
	"$(requested)"

# --- malformed links, and links to file:, javascript:, mailto:
crawl malformed-urls
check_eq "malformed-urls: exactly these paths requested" \
	"$(lines /robots.txt /sitemap.xml / /ok.html '/with%20space.html' '/caf%C3%A9.html' '/ht!tp://bad-scheme/' \
		'/%25zz/bad-escape.html' /padded.html /UPPER-SCHEME.html /unterminated.html)" \
	"$(requested | grep -v '^/very/long/')"
check_eq "malformed-urls: the very long URL (under the 2048 cap) once" 1 "$(fixture_count '/very/long/*')"
check_eq "malformed-urls: /ok.html once (dot segments, empty query)" 1 "$(fixture_count /ok.html)"
check_eq "malformed-urls: the good pages audited" "yes yes yes" \
	"$(audited /ok.html) $(audited /with%20space.html) $(audited /caf%C3%A9.html)"
site "$WORK/schemes.site" <<'SITE'
== /
body:
<html><body><p>Seamless <a href="file:///etc/passwd">passwords</a>
<a href="FILE://localhost/etc/hostname">host</a> <a href="ftp://{host}/x">ftp</a>
<a href="gopher://{host}/x">gopher</a> <a href="/to-file">redirect</a>
<a href="/to-ftp">redirect</a> <a href="/ok.html">ok</a></p></body></html>
== /to-file
status: 302
header: Location: file:///etc/passwd
== /to-ftp
status: 301
header: Location: ftp://{host}/x
== /ok.html
body: <html><body><p>Seamless</p></body></html>
SITE
crawl "$WORK/schemes.site"
check_eq "file:// and other schemes: never fetched" "$(lines /robots.txt /sitemap.xml / /to-file /to-ftp /ok.html)" \
	"$(requested)"
check_eq "file:// and other schemes: no page but http ones" "" \
	"$(jq -r '.pages[] | .url, .final_url' "$OUT" | grep -v '^http://')"
check_eq "a redirect to file:// is recorded, not followed" no "$(audited /to-file)"
check "a redirect to file:// says why" sh -c "jq -r '.pages[].warnings[]?' '$OUT' | grep -q 'file:///etc/passwd'"

# --- --include-url / --exclude-url
crawl robots-404 --exclude-url 'b\.html$'
check_eq "--exclude-url: the excluded page is never requested" "$(lines /robots.txt /sitemap.xml / /a.html)" \
	"$(requested)"
crawl robots-404 --include-url '/a\.html$'
check_eq "--include-url: only matching links followed (and the start URL)" \
	"$(lines /robots.txt /sitemap.xml / /a.html)" "$(requested)"

# --- several start URLs: several sites, each with its own robots.txt
fixture_cleanup
fixture_start robots-404 || exit 99
"$MSGAUDIT" --no-config --delay 0 --format json -o "$FIXTURE_DIR/two.json" "$FIXTURE_BASE/" "$FIXTURE_OTHER/" \
	2>/dev/null
fixture_stop
check_eq "two sites: robots.txt asked once under each host name" "1 1" \
	"$(echo $(awk -F '\t' -v h="127.0.0.1:$FIXTURE_PORT" '$3 == "/robots.txt" && $6 == h' "$FIXTURE_LOG" | wc -l) \
		$(awk -F '\t' -v h="localhost:$FIXTURE_PORT" '$3 == "/robots.txt" && $6 == h' "$FIXTURE_LOG" | wc -l))"
check_eq "two sites: both audited, three pages each" "3 3" \
	"$(echo $(jq --arg b "$FIXTURE_BASE/" '[.pages[] | select(.url | startswith($b))] | length' "$FIXTURE_DIR/two.json") \
		$(jq --arg b "$FIXTURE_OTHER/" '[.pages[] | select(.url | startswith($b))] | length' "$FIXTURE_DIR/two.json"))"
check_eq "two sites: both are targets" 2 "$(jq '.targets | length' "$FIXTURE_DIR/two.json")"

# --- Ctrl-C: stop, report the pages done, marked incomplete
if [ -d "$CORPUS/crawlsite" ]; then
	fixture_cleanup
	fixture_start crawlsite || exit 99
	"$MSGAUDIT" --no-config --delay 0.2 --format json -o "$FIXTURE_DIR/int.json" \
		--report "text:$FIXTURE_DIR/int.txt" "$FIXTURE_BASE/" 2>"$FIXTURE_DIR/int.err" &
	pid=$!
	sleep 2
	kill -INT $pid
	t0=$(date +%s)
	wait $pid
	rc=$?
	t1=$(date +%s)
	n_before=$(wc -l <"$FIXTURE_LOG")
	sleep 1
	n_after=$(wc -l <"$FIXTURE_LOG")
	fixture_stop
	check_le "SIGINT: msgaudit stops within 3 s" "$((t1 - t0))" 3
	check "SIGINT: exit status is 0 or 1 (got $rc)" [ "$rc" -le 1 ]
	check_eq "SIGINT: no request after it stopped" "$n_before" "$n_after"
	check_eq "SIGINT: the JSON report says incomplete" true "$(jq '.summary.incomplete' "$FIXTURE_DIR/int.json")"
	n=$(jq '.summary.pages' "$FIXTURE_DIR/int.json")
	check "SIGINT: with the pages done ($n)" [ "$n" -ge 1 ] && [ "$n" -lt 300 ]
	check "SIGINT: the other report is written too" test -s "$FIXTURE_DIR/int.txt"
	check "SIGINT: said on stderr" grep -q 'interrupted' "$FIXTURE_DIR/int.err"
else
	ok "SIGINT # SKIP $CORPUS/crawlsite not found"
fi

# --- the progress line: on a TTY only
crawl robots-404
check_eq "progress: nothing on stderr when it is not a TTY" "" "$(cat "$ERR")"
if command -v script >/dev/null 2>&1; then
	fixture_cleanup
	fixture_start robots-404 || exit 99
	script -qec "\"$MSGAUDIT\" --no-config --delay 0.3 -f json -o /dev/null $FIXTURE_BASE/" "$FIXTURE_DIR/tty" >/dev/null 2>&1
	fixture_stop
	check "progress: a progress line on a TTY" grep -q 'crawling 127.0.0.1.*done.*queued' "$FIXTURE_DIR/tty"
	fixture_start robots-404 || exit 99
	script -qec "\"$MSGAUDIT\" -q --no-config --delay 0.3 -f json -o /dev/null $FIXTURE_BASE/" "$FIXTURE_DIR/tty2" >/dev/null 2>&1
	fixture_stop
	check "progress: none with --quiet" sh -c "! grep -q 'crawling' '$FIXTURE_DIR/tty2'"
else
	ok "progress on a TTY # SKIP script(1) not installed"
fi
done_testing
