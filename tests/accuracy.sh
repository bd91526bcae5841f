#!/bin/sh
# Accuracy of the teaching analysis on the labelled development set
# (issue 4): at least 90% of the must-flag phrases found, problem and
# impact statements each at least 85% correct, and at most 5% of the
# must-not-flag phrases flagged.  The measures come from
# tests/accuracy/score.sh; skipped when the real-site corpus is absent.
# TAP.
srcdir=${top_srcdir:-$(dirname "$0")/..}
sites=${CORPUS:-$srcdir/../shared/corpus}/sites
if [ ! -d "$sites" ]; then
	echo "1..0 # SKIP corpus not found ($sites)"
	exit 0
fi
out=$(sh "$srcdir/tests/accuracy/score.sh" "${MSGAUDIT:-./msgaudit}" "$sites" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ $rc -ne 0 ]; then
	echo "1..1"
	echo "not ok 1 - score.sh ran (exit $rc)"
	exit 1
fi
n=0
fails=0
check() { # check WHAT LINE-PATTERN OP LIMIT
	n=$((n + 1))
	pct=$(echo "$out" | grep "$2" | sed -n 's/.*(\([0-9.]*\)%).*/\1/p' | head -n 1)
	if [ -n "$pct" ] && awk -v p="$pct" -v l="$4" "BEGIN { exit !(p $3 l) }"; then
		echo "ok $n - $1: $pct% $3 $4%"
	else
		echo "not ok $n - $1: ${pct:-not measured}%, want $3 $4%"
		fails=$((fails + 1))
	fi
}
check "must-flag phrases found" '^must-flag phrases found' '>=' 90
check "problem statements correct" '^problem statements correct' '>=' 85
check "impact statements correct" '^impact statements correct' '>=' 85
if echo "$out" | grep -q '^must-not-flag'; then
	check "must-not-flag phrases flagged" '^must-not-flag' '<=' 5
fi
echo "1..$n"
[ $fails -eq 0 ]
