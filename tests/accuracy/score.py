#!/usr/bin/env python3
"""Score msgaudit's default packs against the labelled set in flags.tsv.

usage: score.py [--msgaudit PATH] [--corpus DIR] [--json REPORT] [-v]

Runs msgaudit over the real-site corpus (or reads a JSON report made
earlier with --json) and compares its findings with the hand labels:

  flag row  detected when a finding on that page matches text inside the
            labelled phrase, or the phrase lies inside the finding's match
  ok row    a false positive when a finding's match lies inside the phrase

Prints recall over the flag rows, the false-positive count over the ok
rows, both split by held-out and studied pages, and with -v every miss
and every false positive.  Exit status: 0 always (it measures, it does
not judge); 2 on usage errors or when msgaudit cannot be run.

Only the Python standard library is used.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_labels(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["site", "path", "label", "phrase", "note"]:
            sys.exit(f"score.py: {path}: unexpected header {header}")
        for n, line in enumerate(f, 2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5 or parts[2] not in ("flag", "ok"):
                sys.exit(f"score.py: {path}:{n}: bad row")
            site, page, label, phrase, note = parts
            rows.append({"site": site, "path": page, "label": label,
                         "phrase": phrase, "note": note,
                         "heldout": "held-out" in note})
    return rows


def run_msgaudit(binary, corpus):
    cmd = [binary, "--format", "json", "--fail-on", "none", corpus]
    try:
        out = subprocess.run(cmd, capture_output=True, check=False)
    except OSError as e:
        sys.exit(f"score.py: cannot run {binary}: {e}")
    if out.returncode not in (0, 1):
        sys.exit(f"score.py: {' '.join(cmd)} exited {out.returncode}: "
                 f"{out.stderr.decode(errors='replace').strip()}")
    return json.loads(out.stdout)


def norm(s):
    return " ".join(s.replace("\u2011", "-").split()).lower()


def findings_by_page(report):
    pages = {}
    for p in report.get("pages", []):
        key = p.get("path") or p.get("url") or ""
        pages[key] = [f for f in p.get("findings", []) if f.get("match")]
    return pages


def aligned(ph, m, ctx):
    """True when match m sits inside phrase ph at the same place as in the
    finding's context: up to 15 characters either side must agree, so a
    "leverage" elsewhere in the paragraph does not count for this phrase."""
    start = 0
    while True:
        j = ph.find(m, start)
        if j < 0:
            return False
        before = ph[max(0, j - 15):j]
        after = ph[j + len(m):j + len(m) + 15]
        k = ctx.find(m)
        while k >= 0:
            cb = ctx[max(0, k - len(before)):k]
            ca = ctx[k + len(m):k + len(m) + len(after)]
            if (cb == before or not ctx[:k].strip()) and (ca == after or not ctx[k + len(m):].strip()):
                return True
            k = ctx.find(m, k + 1)
        start = j + 1


def hits(phrase, findings):
    ph = norm(phrase)
    out = []
    for f in findings:
        m = norm(f["match"])
        ctx = norm(f.get("context", "")).strip("\u2026 ")
        if not m:
            continue
        if ph in m or (m in ph and (not ctx or aligned(ph, m, ctx))):
            out.append(f)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--msgaudit", default=os.environ.get("MSGAUDIT",
                    os.path.join(HERE, "..", "..", "msgaudit")))
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "..",
                    "shared", "corpus", "sites"))
    ap.add_argument("--json", help="read this JSON report instead of running msgaudit")
    ap.add_argument("--labels", default=os.path.join(HERE, "flags.tsv"))
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    rows = load_labels(a.labels)
    if a.json:
        with open(a.json, encoding="utf-8") as f:
            report = json.load(f)
    else:
        report = run_msgaudit(a.msgaudit, a.corpus)
    pages = findings_by_page(report)

    stats = {}
    missing_pages = set()
    for r in rows:
        key = f"{r['site']}/{r['path']}"
        if key not in pages:
            missing_pages.add(key)
            continue
        h = hits(r["phrase"], pages[key])
        group = "held-out" if r["heldout"] else "studied"
        s = stats.setdefault((r["label"], group), [0, 0])
        s[1] += 1
        if h:
            s[0] += 1
        if a.verbose and r["label"] == "flag" and not h:
            print(f"MISS  {key}: {r['phrase']}")
        if a.verbose and r["label"] == "ok" and h:
            rules = ",".join(sorted({f['rule'] for f in h}))
            print(f"FP    {key}: {r['phrase']}  [{rules}]")

    for key in sorted(missing_pages):
        print(f"score.py: page not in report: {key}", file=sys.stderr)

    def line(label, groups, what):
        got = sum(stats.get((label, g), [0, 0])[0] for g in groups)
        tot = sum(stats.get((label, g), [0, 0])[1] for g in groups)
        pct = 100.0 * got / tot if tot else 0.0
        return f"{what}: {got}/{tot} ({pct:.1f}%)"

    for groups, name in ((("studied", "held-out"), "all"), (("studied",), "studied"),
                         (("held-out",), "held-out")):
        print(f"{name:9s} " + line("flag", groups, "flag rows detected") + "   "
              + line("ok", groups, "ok rows flagged (false positives)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
