# fixture.sh: run a scenario server (tests/fixture/fixture-server) from a
# shell test.  Source it, then:
#
#   fixture_start robots-agents      # a name in tests/crawl/scenarios, or a path
#   "$MSGAUDIT" --format json "$FIXTURE_BASE/" > out.json
#   fixture_stop                     # SIGTERM, waits; the log stays
#   test "$(fixture_count /private/roadmap.html)" -eq 0
#   fixture_cleanup                  # removes $FIXTURE_DIR
#
# fixture_start sets FIXTURE_PID, FIXTURE_PORT, FIXTURE_BASE
# (http://127.0.0.1:PORT), FIXTURE_OTHER (http://localhost:PORT, the same
# server under another host name), FIXTURE_DIR and FIXTURE_LOG.  The log
# has one line per request, in arrival order:
#   <ms since start> TAB <method> TAB <path+query> TAB <user-agent> TAB <status> TAB <host>
# Needs top_srcdir and top_builddir (make check exports both) and CORPUS
# for the crawlsite scenario.

fixture_start() {
	case $1 in
	*/* | *.site) _fx_scenario=$1 ;;
	*) _fx_scenario="${top_srcdir:?}/tests/crawl/scenarios/$1.site" ;;
	esac
	FIXTURE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/msgaudit-fixture.XXXXXX") || return 1
	FIXTURE_LOG="$FIXTURE_DIR/log"
	"${top_builddir:?}/tests/fixture/fixture-server" "$_fx_scenario" \
		--port-file "$FIXTURE_DIR/port" --log "$FIXTURE_LOG" \
		>/dev/null 2>"$FIXTURE_DIR/stderr" &
	FIXTURE_PID=$!
	_fx_tries=0
	while [ ! -s "$FIXTURE_DIR/port" ]; do
		if ! kill -0 "$FIXTURE_PID" 2>/dev/null; then
			cat "$FIXTURE_DIR/stderr" >&2
			return 1
		fi
		_fx_tries=$((_fx_tries + 1))
		if [ "$_fx_tries" -gt 200 ]; then
			echo "fixture-server did not start within 10 s" >&2
			return 1
		fi
		sleep 0.05
	done
	FIXTURE_PORT=$(cat "$FIXTURE_DIR/port")
	FIXTURE_BASE="http://127.0.0.1:$FIXTURE_PORT"
	FIXTURE_OTHER="http://localhost:$FIXTURE_PORT"
}

fixture_stop() {
	if [ -n "${FIXTURE_PID:-}" ]; then
		kill "$FIXTURE_PID" 2>/dev/null
		wait "$FIXTURE_PID" 2>/dev/null
		FIXTURE_PID=
	fi
}

fixture_cleanup() {
	fixture_stop
	[ -n "${FIXTURE_DIR:-}" ] && rm -rf "$FIXTURE_DIR"
	FIXTURE_DIR=
}

# fixture_count PATH: requests for PATH (with a '?': path and query must
# match; without: the query is ignored; a final '*': a prefix).
fixture_count() {
	awk -F '\t' -v want="$1" '
		BEGIN { prefix = sub(/\*$/, "", want); withq = index(want, "?") > 0 }
		{ t = $3; if (!withq && !prefix) sub(/\?.*/, "", t) }
		prefix ? index(t, want) == 1 : t == want { n++ }
		END { print n + 0 }' "$FIXTURE_LOG"
}

# fixture_hosts: the distinct Host headers seen, one a line.
fixture_hosts() {
	cut -f 6 "$FIXTURE_LOG" | sort -u
}
