#!/bin/sh
# Politeness, against the scenario sites of tests/crawl/scenarios: which
# paths a crawl requests under robots.txt variants (RFC 9309), and when
# (Crawl-delay, default pacing, Retry-After, retry backoff), read from the
# fixture server's log; exit 3 with a reason when nothing can be fetched
# (issue 3).
. "$(dirname "$0")/crawl-lib.sh"
need_fixture
WORK=$(mktemp -d "${TMPDIR:-/tmp}/msgaudit-crawl.XXXXXX") || exit 99
trap 'fixture_cleanup; rm -rf "$WORK"' EXIT
# retries in tests: the backoff starts at 50 ms instead of 1 s
FAST_RETRY=0.05

# --- robots.txt groups: ours (two groups merged) over '*', longest match,
# allow wins ties, '*' and '$'
crawl robots-agents
check_eq "robots-agents: exactly the allowed paths requested" \
	"$(lines /robots.txt /sitemap.xml / /about.html /blog/ /blog/launch.html /private/press-kit.html \
		/star-only.html /shop/ /docs/manual.pdf.html)" "$(requested)"
check_eq "robots-agents: robots.txt first" /robots.txt "$(log_paths | head -1)"
check_eq "robots-agents: each path once" "" "$(log_paths | sort | uniq -d)"
check_eq "robots-agents: 8 pages audited" 8 "$(jq '.summary.pages' "$OUT")"

# --- no robots.txt (404): everything allowed
crawl robots-404
check_eq "robots-404: robots.txt asked once, then the whole site" \
	"/robots.txt
/
/sitemap.xml
/a.html
/b.html" "$(log_paths)"

# --- robots.txt 500: nothing allowed, exit 3 with the reason
export MSGAUDIT_CRAWL_BACKOFF=$FAST_RETRY
crawl robots-500
unset MSGAUDIT_CRAWL_BACKOFF
check_eq "robots-500: only robots.txt requested" /robots.txt "$(requested)"
check_le "robots-500: robots.txt tried a bounded number of times" "$(fixture_count /robots.txt)" 4
check_eq "robots-500: exit 3" 3 "$CRAWL_RC"
check "robots-500: the reason names robots.txt and the 500" \
	grep -q 'nothing could be fetched: .*/robots.txt: HTTP 500' "$ERR"
check_eq "robots-500: the report is still written, empty" 0 "$(jq '.summary.pages' "$OUT")"

# --- robots.txt 503 + Retry-After, then 200: retried after the pause
crawl robots-503-then-ok
check_eq "robots-503-then-ok: robots.txt twice" 2 "$(fixture_count /robots.txt)"
check_ge "robots-503-then-ok: the retry waits out Retry-After: 1" \
	"$(($(at_ms /robots.txt 2) - $(at_ms /robots.txt 1)))" 950
check_eq "robots-503-then-ok: nothing else before robots.txt is read" /robots.txt "$(log_paths | sed -n 2p)"
check_eq "robots-503-then-ok: /hidden.html never requested" 0 "$(fixture_count /hidden.html)"
check_eq "robots-503-then-ok: the rest audited" yes "$(audited /visible.html)"

# --- robots.txt redirected
crawl robots-redirect
check_eq "robots-redirect: the redirect is followed for robots.txt" \
	"/robots.txt
/files/real-robots.txt" "$(log_paths | head -2)"
check_eq "robots-redirect: /secret/ never requested" 0 "$(fixture_count '/secret/*')"
check_eq "robots-redirect: /public.html audited" yes "$(audited /public.html)"

# --- a 600,000-byte robots.txt: the first 500 KiB count
crawl robots-huge
check_eq "robots-huge: the rule inside 500 KiB holds" 0 "$(fixture_count /before-cut.html)"
check_eq "robots-huge: the rule past 500 KiB does not" 1 "$(fixture_count /after-cut.html)"

# --- robots.txt disallowing everything: exit 3, only robots.txt fetched
site "$WORK/disallow-all.site" <<'SITE'
== /robots.txt
body:
User-agent: *
Disallow: /
== /
body: <html><body><p>Seamless</p></body></html>
SITE
crawl "$WORK/disallow-all.site"
check_eq "disallow-all: only robots.txt requested" /robots.txt "$(requested)"
check_eq "disallow-all: exit 3" 3 "$CRAWL_RC"
check "disallow-all: the reason says robots.txt disallows it" grep -q 'nothing could be fetched: .*robots.txt' "$ERR"

# --- --ignore-robots: explicit and logged
crawl robots-agents --ignore-robots
check_eq "--ignore-robots: robots.txt not even asked" 0 "$(fixture_count /robots.txt)"
check_eq "--ignore-robots: disallowed pages fetched" 1 "$(fixture_count /private/roadmap.html)"
check "--ignore-robots: said on stderr" grep -qi 'robots' "$ERR"

# --- a refused port: exit 3 with the reason
fixture_cleanup
fixture_start robots-404 || exit 99
DEAD=$FIXTURE_BASE
fixture_stop
MSGAUDIT_CRAWL_BACKOFF=$FAST_RETRY "$MSGAUDIT" --no-config --delay 0 --format json -o "$FIXTURE_DIR/dead.json" \
	"$DEAD/" 2>"$FIXTURE_DIR/dead.err"
check_eq "refused port: exit 3" 3 "$?"
check "refused port: the reason says the connection failed" \
	grep -qi "nothing could be fetched: .*connect" "$FIXTURE_DIR/dead.err"

# --- TLS to a plain-HTTP port: the handshake fails, exit 3 with the reason
fixture_cleanup
fixture_start robots-404 || exit 99
MSGAUDIT_CRAWL_BACKOFF=$FAST_RETRY "$MSGAUDIT" --no-config --delay 0 --format json -o "$FIXTURE_DIR/tls.json" \
	"https://127.0.0.1:$FIXTURE_PORT/" 2>"$FIXTURE_DIR/tls.err"
rc=$?
fixture_stop
check_eq "TLS failure: exit 3" 3 "$rc"
check "TLS failure: the reason names TLS/SSL" grep -qiE "nothing could be fetched: .*(ssl|tls)" "$FIXTURE_DIR/tls.err"

# --- Crawl-delay: 1 for msgaudit beats --delay 0
crawl crawl-delay
check_eq "crawl-delay: all pages fetched" 5 "$(jq '.summary.pages' "$OUT")"
check_ge "crawl-delay: requests after robots.txt at least ~1 s apart" "$(min_gap 2)" 950

# --- default pacing (no --delay): one request a second
fixture_cleanup
fixture_start robots-404 || exit 99
"$MSGAUDIT" --no-config --format json -o "$FIXTURE_DIR/out.json" "$FIXTURE_BASE/" 2>/dev/null
fixture_stop
check_ge "default pacing: requests after robots.txt at least ~1 s apart" "$(min_gap 2)" 950
check_eq "default pacing: every page fetched" 3 "$(jq '.summary.pages' "$FIXTURE_DIR/out.json")"

# --- 429 and 503 with Retry-After: the whole host waits
crawl retry-after
for p in /busy.html /maintenance.html /http-date.html; do
	check_eq "retry-after: $p requested twice" 2 "$(fixture_count $p)"
	check_eq "retry-after: $p audited" yes "$(audited $p)"
done
check_ge "retry-after: 429 Retry-After: 2 waited out" "$(($(at_ms /busy.html 2) - $(at_ms /busy.html 1)))" 1950
check_ge "retry-after: 503 Retry-After: 1 waited out" \
	"$(($(at_ms /maintenance.html 2) - $(at_ms /maintenance.html 1)))" 950
t429=$(at_ms /busy.html 1)
check_eq "retry-after: no request at all to the host during the pause" 0 \
	"$(awk -F '\t' -v t="$t429" '$1 > t && $1 < t + 1950' "$FIXTURE_LOG" | wc -l)"

# --- transient errors: retried with backoff, bounded
export MSGAUDIT_CRAWL_BACKOFF=$FAST_RETRY
crawl transient
unset MSGAUDIT_CRAWL_BACKOFF
check_eq "transient: 500, 500, 200 gives three requests" 3 "$(fixture_count /flaky.html)"
check_eq "transient: 502, 504, 200 gives three requests" 3 "$(fixture_count /gateway.html)"
check_eq "transient: the flaky pages are audited" "yes yes" "$(audited /flaky.html) $(audited /gateway.html)"
check_eq "transient: an always-500 page is tried 1 + 3 times" 4 "$(fixture_count /broken.html)"
check_eq "transient: and reported as a broken link" "$FIXTURE_BASE/broken.html" \
	"$(page / '.findings[] | select(.rule == "link.broken") | .match')"
check_eq "transient: with its status" 500 "$(page /broken.html .status)"
g1=$(($(at_ms /broken.html 2) - $(at_ms /broken.html 1)))
g3=$(($(at_ms /broken.html 4) - $(at_ms /broken.html 3)))
check "transient: the backoff grows (${g1} ms, then ${g3} ms)" [ "$g3" -gt "$g1" ]
done_testing
