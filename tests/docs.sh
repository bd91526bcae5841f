#!/bin/sh
# The docs are tested: every long option in --help is documented in the
# man page and the man page documents no option --help lacks.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
help_opts=$("$MSGAUDIT" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
man_opts=$(sed 's/\\-/-/g' "$top_srcdir/doc/msgaudit.1" | grep -o -- '--[a-z][a-z-]*' | sort -u)
missing=$(printf '%s\n' "$help_opts" | while read -r o; do printf '%s\n' "$man_opts" | grep -qx -- "$o" || echo "$o"; done)
extra=$(printf '%s\n' "$man_opts" | while read -r o; do printf '%s\n' "$help_opts" | grep -qx -- "$o" || echo "$o"; done)
check "every --help option is in msgaudit(1)${missing:+ (missing: $missing)}" [ -z "$missing" ]
check "msgaudit(1) documents no option --help lacks${extra:+ (extra: $extra)}" [ -z "$extra" ]
check "help lists at least 15 options" [ "$(printf '%s\n' "$help_opts" | wc -l)" -ge 15 ]
check "--version prints the version" sh -c '"$MSGAUDIT" --version | grep -q "^msgaudit [0-9]"'
if [ -f "$top_srcdir/README.md" ]; then
	readme_missing=$(printf '%s\n' "$help_opts" | while read -r o; do grep -q -- "$o" "$top_srcdir/README.md" || echo "$o"; done)
	check "README mentions every option${readme_missing:+ (missing: $readme_missing)}" [ -z "$readme_missing" ]
fi
if command -v man >/dev/null 2>&1; then
	check "msgaudit.1 renders without warnings" sh -c 'LC_ALL=C MANWIDTH=80 man --warnings -l "$top_srcdir/doc/msgaudit.1" 2>&1 >/dev/null | grep -v "^$" | grep -q . && exit 1 || exit 0'
fi
finish
