# Helpers for the crawler shell tests (tests/crawl*.sh): TAP output with a
# plan, and the fixture server (tests/crawl/fixture.sh).  Sourced.
set -u
: "${MSGAUDIT:=$(pwd)/msgaudit}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${CORPUS:=$top_srcdir/../shared/corpus}"
export MSGAUDIT top_srcdir top_builddir CORPUS

T_N=0
T_FAIL=0
ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() { T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_N - $*"; }
# check DESCRIPTION COMMAND...: one test point
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}
# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1 (expected '$(printf '%s' "$2" | tr '\n' ' ')', got '$(printf '%s' "$3" | tr '\n' ' ')')"
	fi
}
# check_ge DESCRIPTION NUMBER MIN / check_le DESCRIPTION NUMBER MAX
check_ge() {
	if [ -n "$2" ] && [ "$2" -ge "$3" ]; then ok "$1"; else not_ok "$1 (got '$2', want >= $3)"; fi
}
check_le() {
	if [ -n "$2" ] && [ "$2" -le "$3" ]; then ok "$1"; else not_ok "$1 (got '$2', want <= $3)"; fi
}
skip_all() {
	echo "1..0 # SKIP $*"
	exit 77
}
done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}

need_fixture() {
	[ -x "$top_builddir/tests/fixture/fixture-server" ] ||
		skip_all "no fixture server (libmicrohttpd missing)"
	command -v jq >/dev/null 2>&1 || skip_all "jq not installed"
	. "$top_srcdir/tests/crawl/fixture.sh"
	trap 'fixture_cleanup' EXIT
}

# log_paths: the request paths of the fixture log, in arrival order
log_paths() {
	cut -f3 "$FIXTURE_LOG"
}

# crawl SCENARIO [OPTION...]: serve SCENARIO (a name or a .site path),
# crawl it with politeness delays off (options given here come later on
# the command line, so they win), stop the server.  Sets CRAWL_RC, OUT
# (the JSON report) and ERR (stderr); FIXTURE_LOG stays until the next
# crawl.
crawl() {
	_scn=$1
	shift
	fixture_cleanup
	fixture_start "$_scn" || { echo "Bail out! fixture server did not start for $_scn"; exit 99; }
	OUT=$FIXTURE_DIR/out.json
	ERR=$FIXTURE_DIR/err
	"$MSGAUDIT" --no-config --delay 0 --format json -o "$OUT" "$@" "$FIXTURE_BASE/" 2>"$ERR"
	CRAWL_RC=$?
	fixture_stop
}

# requested: the distinct paths requested, sorted, one a line
requested() {
	log_paths | LC_ALL=C sort -u
}

# lines ARG...: the arguments, sorted, one a line
lines() {
	printf '%s\n' "$@" | LC_ALL=C sort -u
}

# page PATH FILTER: jq FILTER on the report's page for PATH ("" when absent)
page() {
	jq -r --arg u "$FIXTURE_BASE$1" ".pages[] | select(.url == \$u) | $2" "$OUT"
}

# audited PATH: "yes" when the page is in the report and audited, "no"
# when it is there but not audited, "absent" otherwise
audited() {
	_a=$(page "$1" 'if .audited == false then "no" else "yes" end')
	echo "${_a:-absent}"
}

# at_ms PATH [N]: when (ms since the server started) the Nth request
# (default 1) for PATH arrived
at_ms() {
	awk -F '\t' -v p="$1" -v n="${2:-1}" '$3 == p && ++k == n { print $1; exit }' "$FIXTURE_LOG"
}

# min_gap FROM: the smallest gap in ms between consecutive requests,
# from the FROMth request on
min_gap() {
	awk -F '\t' -v from="$1" 'NR >= from { if (NR > from && (min == "" || $1 - prev < min)) min = $1 - prev; prev = $1 }
		END { print min + 0 }' "$FIXTURE_LOG"
}

# site FILE: write a scenario from stdin to FILE (a test's own site)
site() {
	cat >"$1"
}
