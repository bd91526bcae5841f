#!/bin/sh
# Golden end-to-end cases, kept as data: tests/golden/NAME/ holds
#   cmd       the command line (run by sh in a scratch copy of the case,
#             with $MSGAUDIT, $RULES (tests/golden/test.rules) and $CASE set)
#   gen       optional: a script that generates large inputs at test time
#   in/       optional input files
#   expected  stdout and stderr, combined
#   status    the exit status
# UPDATE=1 rewrites expected and status on purpose (never silently).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
RULES="$top_srcdir/tests/golden/test.rules"
export RULES
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for dir in "$top_srcdir"/tests/golden/*/; do
	name=$(basename "$dir")
	[ -f "$dir/cmd" ] || continue
	work="$scratch/$name"
	mkdir -p "$work"
	cp -R "$dir/." "$work/"
	chmod -R u+w "$work"
	if [ -f "$work/gen" ]; then
		(cd "$work" && sh ./gen) || { not_ok "$name: gen failed"; continue; }
	fi
	got=$(cd "$work" && CASE="$work" sh ./cmd 2>&1; echo "status=$?")
	status=${got##*status=}
	out=${got%status=*}
	if [ "${UPDATE:-0}" = 1 ]; then
		printf '%s' "$out" > "$dir/expected"
		echo "$status" > "$dir/status"
		ok "$name (updated)"
		continue
	fi
	want_status=$(cat "$dir/status")
	if [ "$status" != "$want_status" ]; then
		not_ok "$name: exit status $status, expected $want_status"
		printf '%s\n' "$out" | head -20 | sed 's/^/# /'
		continue
	fi
	printf '%s' "$out" > "$work/got"
	if ! cmp -s "$dir/expected" "$work/got"; then
		not_ok "$name: output differs"
		diff -u "$dir/expected" "$work/got" | head -40 | sed 's/^/# /'
		continue
	fi
	ok "$name"
done
finish
