# Shared by tests/reports*.sh: TAP output and the report-test fixture.
# Sourced.
set -u
: "${MSGAUDIT:=$(pwd)/msgaudit}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
FIXTURE="$top_srcdir/tests/report-data/site"
RULES="$top_srcdir/tests/report-data/reports.rules"
# the fixture pack only, whatever the bundled packs say today
MA="$MSGAUDIT --no-config --no-default-rules -r $RULES"
T_N=0
T_FAIL=0
ok() {	# ok CONDITION-EXIT-STATUS DESCRIPTION
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAIL=$((T_FAIL + 1))
	fi
}
skip() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1 # SKIP $2"
}
check() {	# check DESCRIPTION COMMAND...
	desc=$1
	shift
	"$@" >"$T_TMP/check.out" 2>&1
	rc=$?
	ok $rc "$desc"
	[ $rc -eq 0 ] || sed 's/^/# /' "$T_TMP/check.out" | head -20
}
done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}
# A python3 that has the jsonschema module (Debian's python3-jsonschema
# lives in /usr/bin/python3, which a pyenv or venv may shadow).
find_jsonschema_python() {
	for py in python3 /usr/bin/python3; do
		if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import jsonschema' 2>/dev/null; then
			echo "$py"
			return 0
		fi
	done
	return 1
}
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/msgaudit-reports.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
