#!/bin/sh
# Audit the whole real corpus: every page is audited, nothing crashes,
# and known phrases on named pages are found.  Skips (77) without it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sites="$CORPUS/sites"
[ -d "$sites" ] || { echo "# corpus not found at $sites: skipped"; exit 77; }
out=$(mktemp)
trap 'rm -f "$out" "$out.err"' EXIT
"$MSGAUDIT" --no-config --fail-on none -f json -o "$out" "$sites" 2>"$out.err"
check "whole-corpus audit exits 0" [ $? -eq 0 ]
expected=$(find "$sites" -name '.?*' -prune -o -type f \( -name '*.html' -o -name '*.htm' -o -name '*.md' -o -name '*.markdown' -o -name '*.mdx' \) -print | wc -l)
pages=$(grep -c '"page_type":' "$out")
check "every page is in the report ($pages of $expected)" [ "$pages" -eq "$expected" ]
failed=$(grep -c '"audited": false' "$out")
check "no page failed to parse ($failed failed)" [ "$failed" -eq 0 ]
# specific known phrases on named pages: (path suffix, rule prefix, match)
found() { # found PATH RULE_PREFIX MATCH
	awk -v p="$1" -v r="$2" -v m="$3" '
		/"path":/ { cur = $0 }
		/"rule":/ { rule = $0 }
		/"match":/ { if (index(cur, p) && index(rule, r) && index(tolower($0), tolower(m))) hit = 1 }
		END { exit hit ? 0 : 1 }' "$out"
}
check "ubuntu pro: 'most comprehensive'" found "ubuntu/templates/pro/index.html" "superlative." "most comprehensive"
check "canonical home: innovation claim" found "canonical/templates/index.html" "buzzword.innovation" "innovation"
check "canonical home: cost-effective" found "canonical/templates/index.html" "vague." "cost-effective"
check "a seamless claim somewhere in ubuntu" sh -c "grep -q '\"match\": \"seamless' '$out' || grep -qi '\"match\": \"seamless' '$out'"
check "18f home: streamline" found "18f/content/pages/home.html" "buzzword." "streamline"
# the context line follows the match line in the report
check "no finding flags the Innovation of Presidential Innovation Fellows" sh -c "! grep -i -A1 '\"match\": \"innovation\"' '$out' | grep -q 'Presidential Innovation Fellow'"
finish
