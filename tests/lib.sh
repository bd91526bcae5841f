# Shared helpers for the shell tests.  Sourced; sets -u.
set -u
: "${MSGAUDIT:=$(pwd)/msgaudit}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${CORPUS:=$top_srcdir/../shared/corpus}"
export MSGAUDIT top_srcdir CORPUS

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { # check DESCRIPTION COMMAND...
	local d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
finish() {
	echo "# $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
