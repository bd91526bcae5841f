#!/bin/sh
# Accuracy of msgaudit on the labelled development set (issue 4).
#
# usage: tests/accuracy/score.sh [-v] [MSGAUDIT [CORPUS_SITES]]
#
# Runs msgaudit once over the real-site corpus and prints
#   - recall of the must-flag phrases of flags.tsv (label flag),
#   - the share of must-not-flag phrases (label ok) that were flagged,
#   - problem and impact accuracy against teaching.tsv (page-level
#     yes/no labels made by reading each page, not by running the rules).
# A flag row counts as found when a finding's match lies inside the phrase
# at the same place as in the finding's context, or covers the phrase (the
# rule of tests/accuracy/score.py).  -v lists every miss and false
# positive.  Targets (issue 4): recall >= 90%, wrongly flagged <= 5%,
# problem and impact each >= 85% correct.
#
# Exit status: 0 when the measures could be taken (it measures, it does not
# judge), 2 when msgaudit or the corpus is missing.
here=$(cd "$(dirname "$0")" && pwd)
verbose=
if [ "$1" = "-v" ]; then verbose=-v; shift; fi
bin=${1:-${MSGAUDIT:-$here/../../msgaudit}}
sites=${2:-${CORPUS:+$CORPUS/sites}}
sites=${sites:-$here/../../../shared/corpus/sites}
if [ ! -x "$bin" ] || [ ! -d "$sites" ]; then
	echo "score.sh: need an msgaudit binary ($bin) and the corpus ($sites)" >&2
	exit 2
fi
report=$(mktemp "${TMPDIR:-/tmp}/msgaudit-accuracy.XXXXXX") || exit 2
trap 'rm -f "$report"' EXIT
"$bin" --format json --fail-on none -o "$report" "$sites"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
	echo "score.sh: $bin exited $rc" >&2
	exit 2
fi
exec python3 - "$report" "$here/flags.tsv" "$here/teaching.tsv" $verbose <<'PY'
import json, sys

report, flags_path, teach_path = sys.argv[1:4]
verbose = "-v" in sys.argv[4:]
pages = {}
for p in json.load(open(report, encoding="utf-8"))["pages"]:
    pages[p.get("path") or p.get("url") or ""] = p

def norm(s):
    return " ".join(s.replace("\u2011", "-").split()).lower()

def aligned(ph, m, ctx):
    start = 0
    while True:
        j = ph.find(m, start)
        if j < 0:
            return False
        before, after = ph[max(0, j - 15):j], ph[j + len(m):j + len(m) + 15]
        k = ctx.find(m)
        while k >= 0:
            cb, ca = ctx[max(0, k - len(before)):k], ctx[k + len(m):k + len(m) + len(after)]
            if (cb == before or not ctx[:k].strip()) and (ca == after or not ctx[k + len(m):].strip()):
                return True
            k = ctx.find(m, k + 1)
        start = j + 1

def hit(phrase, findings):
    ph = norm(phrase)
    for f in findings:
        m = norm(f.get("match") or "")
        ctx = norm(f.get("context") or "").strip("\u2026 ")
        if m and (ph in m or (m in ph and (not ctx or aligned(ph, m, ctx)))):
            return f
    return None

def rows(path, cols):
    try:
        f = open(path, encoding="utf-8")
    except OSError:
        return None
    with f:
        head = f.readline().rstrip("\n").split("\t")
        if head != cols:
            sys.exit(f"score.sh: {path}: unexpected header {head}")
        return [dict(zip(cols, l.rstrip("\n").split("\t"))) for l in f if l.strip()]

def pct(a, b):
    return f"{a}/{b} ({100.0 * a / b:.1f}%)" if b else "0/0"

missing = set()
flags = rows(flags_path, ["site", "path", "label", "phrase", "note"])
if flags is None:
    print("flags.tsv not found: phrase recall not measured")
else:
    found = total = fp = oks = 0
    for r in flags:
        key = f"{r['site']}/{r['path']}"
        if key not in pages:
            missing.add(key)
            continue
        h = hit(r["phrase"], pages[key]["findings"])
        if r["label"] == "flag":
            total += 1
            found += h is not None
            if verbose and not h:
                print(f"MISS  {key}: {r['phrase']}")
        else:
            oks += 1
            fp += h is not None
            if verbose and h:
                print(f"FP    {key}: {r['phrase']}  [{h['rule']}]")
    print(f"must-flag phrases found (recall):   {pct(found, total)}   target >= 90%")
    print(f"must-not-flag phrases flagged:      {pct(fp, oks)}   target <= 5%")

teach = rows(teach_path, ["site", "path", "problem", "impact", "note"])
for what in ("problem", "impact"):
    right = n = 0
    conf = {}
    for r in teach:
        key = f"{r['site']}/{r['path']}"
        if key not in pages:
            missing.add(key)
            continue
        got = bool(pages[key]["metrics"].get(what))
        want = r[what] == "yes"
        n += 1
        right += got == want
        conf[(want, got)] = conf.get((want, got), 0) + 1
        if verbose and got != want:
            sent = pages[key].get(what + "_sentences") or []
            why = f"  e.g. \"{sent[0]['text'][:100]}\"" if got and sent else ""
            print(f"WRONG {what}: {key}: labelled {r[what]}, detected {'yes' if got else 'no'}{why}")
    print(f"{what + ' statements correct:':35s} {pct(right, n)}   target >= 85%"
          f"   (missed {conf.get((True, False), 0)}, wrongly detected {conf.get((False, True), 0)})")
for key in sorted(missing):
    print(f"score.sh: page not in the report: {key}", file=sys.stderr)
PY
