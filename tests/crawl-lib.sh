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
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (expected '$2', got '$3')"; fi
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
