#!/bin/sh
# The CI recipes of examples/ci (issue 5): each one's msgaudit commands,
# cut from the file between "msgaudit-test: begin/end" markers, run on a
# content folder, and their outputs are what the CI service reads; the
# pre-commit hook runs in a real git repository.  TAP.
. "${top_srcdir:-$(dirname "$0")/..}/tests/reports-lib.sh"
CI="$top_srcdir/examples/ci"

# `msgaudit` on PATH, pinned to the fixture rule pack
mkdir -p "$T_TMP/bin"
cat >"$T_TMP/bin/msgaudit" <<SH
#!/bin/sh
exec $MA "\$@"
SH
chmod +x "$T_TMP/bin/msgaudit"
PATH="$T_TMP/bin:$PATH"
export PATH

# the lines between the markers, dedented (YAML block scalars)
snippet() {
	awk '/msgaudit-test: begin/{on=1;next} /msgaudit-test: end/{on=0} on' "$1" |
		awk 'NR==1{match($0,/^ */);n=RLENGTH} {print substr($0,n+1)}'
}
repo() {	# a fresh project with the fixture pages in content/
	rm -rf "$T_TMP/repo" && mkdir -p "$T_TMP/repo/content" && cp -R "$top_srcdir/tests/report-data/site/." "$T_TMP/repo/content/" &&
		chmod -R u+w "$T_TMP/repo"
}

for y in github-actions.yml gitlab-ci.yml pre-commit-config.yaml; do
	if python3 -c 'import yaml' 2>/dev/null; then
		check "examples/ci/$y is valid YAML" python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$CI/$y"
	else
		skip "examples/ci/$y is valid YAML" "no python3-yaml"
	fi
done

# --- GitHub Actions --------------------------------------------------------------
repo
snippet "$CI/github-actions.yml" >"$T_TMP/gh.sh"
(cd "$T_TMP/repo" && CONTENT=content/ GITHUB_STEP_SUMMARY="$T_TMP/summary.md" GITHUB_OUTPUT="$T_TMP/gh.out" \
	sh -e "$T_TMP/gh.sh" >"$T_TMP/gh.stdout" 2>&1)
rc=$?
ok $([ $rc -eq 0 ] && grep -qx 'status=1' "$T_TMP/gh.out"; echo $?) "github: the audit step succeeds and hands on status 1 (errors found)"
ok $(grep -q '^::error file=content/index.html,line=6,col=5,title=test.world-class::' "$T_TMP/gh.stdout"; echo $?) \
	"github: annotations name the repository path, line and column"
PY=$(find_jsonschema_python)
if [ -n "$PY" ]; then
	check "github: msgaudit.sarif validates for upload-sarif" \
		"$PY" "$top_srcdir/tests/sarif/validate.py" "$top_srcdir/tests/sarif/sarif-schema-2.1.0.json" "$T_TMP/repo/msgaudit.sarif"
else
	skip "github: msgaudit.sarif validates for upload-sarif" "no python3-jsonschema"
fi
ok $(grep -q '"uri": "content/index.html"' "$T_TMP/repo/msgaudit.sarif" && grep -q '^## msgaudit report' "$T_TMP/summary.md" &&
	[ -s "$T_TMP/repo/msgaudit-report.html" ]; echo $?) "github: SARIF paths from the repository root, job summary, HTML artefact"
# with a baseline of the same content nothing is new
(cd "$T_TMP/repo" && msgaudit -f json content/ >.msgaudit-baseline.json;
	CONTENT=content/ GITHUB_STEP_SUMMARY="$T_TMP/summary2.md" GITHUB_OUTPUT="$T_TMP/gh2.out" sh -e "$T_TMP/gh.sh" >"$T_TMP/gh2.stdout" 2>&1)
ok $([ $? -eq 0 ] && grep -qx 'status=0' "$T_TMP/gh2.out" && ! grep -q '^::error' "$T_TMP/gh2.stdout" &&
	grep -q '8 known findings suppressed by the baseline' "$T_TMP/gh2.stdout"; echo $?) "github: with the committed baseline, only new findings count"

# --- GitLab CI -------------------------------------------------------------------
repo
snippet "$CI/gitlab-ci.yml" >"$T_TMP/gl.sh"
(cd "$T_TMP/repo" && CONTENT=content/ sh "$T_TMP/gl.sh" >/dev/null 2>&1)
rc=$?
ok $([ $rc -eq 1 ]; echo $?) "gitlab: the job fails on errors (exit 1)"
check "gitlab: the JUnit artefact validates against the Ant JUnit schema" \
	xmllint --noout --schema "$top_srcdir/tests/junit/JUnit.xsd" "$T_TMP/repo/msgaudit-junit.xml"
ok $([ "$(xmllint --xpath 'count(//testcase)' "$T_TMP/repo/msgaudit-junit.xml")" = 3 ] && [ -s "$T_TMP/repo/msgaudit-report.html" ]; echo $?) \
	"gitlab: one test case per page, HTML report kept"

# --- pre-commit hook ---------------------------------------------------------------
if command -v git >/dev/null 2>&1; then
	repo
	cd "$T_TMP/repo" && git init -q . && git config user.email t@example.com && git config user.name t &&
		cp "$CI/pre-commit" .git/hooks/pre-commit && chmod u+wx .git/hooks/pre-commit
	printf '# About\n\nWe help finance teams close the books.\n' >about.md
	git add about.md
	git commit -q -m clean >/dev/null 2>"$T_TMP/hook1.err"
	ok $? "pre-commit: a clean page commits"
	git add content/products/reconcile.md
	git commit -q -m bad >/dev/null 2>"$T_TMP/hook2.err"
	ok $([ $? -ne 0 ] && grep -q 'world-class' "$T_TMP/hook2.err" && grep -q 'msgaudit found error-level problems' "$T_TMP/hook2.err"; echo $?) \
		"pre-commit: a staged error is refused"
	# the staged version counts, not the work tree
	sed -i 's/world-class //' content/products/reconcile.md
	git commit -q -m bad >/dev/null 2>&1
	ok $([ $? -ne 0 ]; echo $?) "pre-commit: audits the staged version"
	git add content/products/reconcile.md
	MSGAUDIT_FAIL_ON=error git commit -q -m fixed >/dev/null 2>&1
	ok $? "pre-commit: fixed and staged, it commits"
	cd "$T_TMP" || exit 99
else
	skip "pre-commit hook" "no git"
fi
# pre-commit framework: the entry audits the files it is given
repo
entry=$(snippet "$CI/pre-commit-config.yaml" | sed -n 's/^entry: //p')
(cd "$T_TMP/repo" && $entry content/index.html content/products/reconcile.md >/dev/null 2>&1)
ok $([ $? -eq 1 ] && [ -n "$entry" ]; echo $?) "pre-commit framework: the hook entry fails on errors in the given files"

done_testing
