#!/usr/bin/env bash
# vs_vader.sh — our sentiment plugin against VADER's JavaScript port, same
# snippets, one run: Pearson r, 3-class macro-F1 and speed side by side.
#
#   bench/sentiment/vs_vader.sh [BUILD_DIR] [GROUND_TRUTH.txt]
#
# BUILD_DIR defaults to build (run from the project root, after ninja).
# GROUND_TRUTH.txt (ID<TAB>MEAN-RATING<TAB>TEXT, ratings -4..4) defaults to the
# NYT editorial snippets of ../shared/eval/vader_hutto2014/.  The npm package
# vader-sentiment is installed into a temporary folder, removed on exit.
# Ours is timed two ways: the plugin alone (sentbench: process() over the
# host's text core, best of 5 passes) and end to end (`annot tag`, all
# plugins, JSON in and out, process start included) when the client exists.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
gt=${2:-$root/../shared/eval/vader_hutto2014/nytEditorialSnippets_GroundTruth.txt}
case $build in /*) ;; *) build=$PWD/$build ;; esac

if [ ! -f "$gt" ]; then
  echo "vs_vader: ground truth not found: $gt" >&2
  echo "vs_vader: nothing to compare (give a VADER-style ground-truth file as 2nd argument)" >&2
  exit 0
fi
sentbench=$build/bench/sentiment/sentbench
plugin=$build/plugins/sentiment/sentiment.so
data=$build/plugins/sentiment/data
for f in "$sentbench" "$plugin" "$data/lexicon.txt" "$data/rules.txt"; do
  [ -e "$f" ] || { echo "vs_vader: missing $f (run ninja -C $build)" >&2; exit 1; }
done
command -v node >/dev/null || { echo "vs_vader: node not found" >&2; exit 1; }
command -v npm >/dev/null || { echo "vs_vader: npm not found" >&2; exit 1; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "vs_vader: installing vader-sentiment into $tmp ..." >&2
(cd "$tmp" && npm install --silent --no-audit --no-fund --no-save vader-sentiment >/dev/null 2>"$tmp/npm.log") ||
  { cat "$tmp/npm.log" >&2; echo "vs_vader: npm install failed" >&2; exit 1; }
ver=$(node -p "require('$tmp/node_modules/vader-sentiment/package.json').version")

node "$here/vader_run.js" "$tmp/node_modules" "$gt" > "$tmp/vader.jsonl" 2> "$tmp/vader.time"
"$sentbench" --runs 5 "$plugin" "$data" "$gt" > "$tmp/ours.jsonl" 2> "$tmp/ours.err"
grep '^{' "$tmp/ours.err" | tail -1 > "$tmp/ours.time"

e2e=""
annot=$build/clients/annot
if [ -x "$annot" ]; then
  python3 - "$gt" > "$tmp/docs.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8-sig"):
    p = line.rstrip("\n").split("\t")
    if len(p) >= 3:
        print(json.dumps({"id": p[0], "source": "bench", "text": "\t".join(p[2:])}))
PY
  s=$(date +%s.%N)
  if "$annot" tag < "$tmp/docs.jsonl" > "$tmp/e2e.jsonl" 2>"$tmp/e2e.err"; then
    e=$(date +%s.%N); e2e=$(echo "$s $e" | awk '{print $2-$1}')
  else
    echo "vs_vader: annot tag failed (end-to-end timing skipped): $(tail -1 "$tmp/e2e.err")" >&2
  fi
fi

python3 - "$gt" "$tmp" "$ver" "$e2e" <<'PY'
import json, math, sys
gt, tmp, ver, e2e = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
gold = {}
for line in open(gt, encoding="utf-8-sig"):
    p = line.rstrip("\n").split("\t")
    if len(p) >= 3:
        gold[p[0]] = float(p[1]) / 4.0
def cls(x): return 1 if x >= 0.05 else (-1 if x <= -0.05 else 0)
def score(path):
    pred = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            pred[d.get("docId")] = float((d.get("sentiment") or {}).get("compound", 0.0))
    ids = list(gold); xs = [pred.get(i, 0.0) for i in ids]; ys = [gold[i] for i in ids]
    n = len(ids); mx = sum(xs) / n; my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs); syy = sum((y - my) ** 2 for y in ys)
    r = sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0
    f1 = []
    for c in (1, 0, -1):
        tp = sum(1 for x, y in zip(xs, ys) if cls(x) == c and cls(y) == c)
        fp = sum(1 for x, y in zip(xs, ys) if cls(x) == c and cls(y) != c)
        fn = sum(1 for x, y in zip(xs, ys) if cls(x) != c and cls(y) == c)
        p = tp / (tp + fp) if tp + fp else 0.0; rc = tp / (tp + fn) if tp + fn else 0.0
        f1.append(2 * p * rc / (p + rc) if p + rc else 0.0)
    return r, sum(f1) / 3
vt = json.load(open(f"{tmp}/vader.time")); ot = json.load(open(f"{tmp}/ours.time"))
vr, vf = score(f"{tmp}/vader.jsonl"); orr, of = score(f"{tmp}/ours.jsonl")
n = len(gold)
print(f"{gt}: {n} snippets, {vt['bytes'] / 1e6:.2f} MB")
print(f"{'':28s} {'VADER (npm ' + ver + ')':>22s} {'annotd sentiment':>18s}")
print(f"{'Pearson r':28s} {vr:22.3f} {orr:18.3f}")
print(f"{'macro-F1 (3 classes)':28s} {vf:22.3f} {of:18.3f}")
print(f"{'snippets/s':28s} {vt['snippets_per_s']:22,.0f} {ot['plugin_snippets_per_s']:18,.0f}")
print(f"{'sentences/s':28s} {'':>22s} {ot['plugin_sentences_per_s']:18,.0f}")
print(f"{'MB/s':28s} {vt['mb_per_s']:22.2f} {ot['plugin_mb_per_s']:18.1f}")
print(f"speed-up (MB/s, plugin alone): {ot['plugin_mb_per_s'] / vt['mb_per_s']:.0f}x")
if e2e:
    t = float(e2e)
    print(f"end to end (annot tag, all plugins, JSON, process start): {t:.3f} s, "
          f"{n / t:,.0f} snippets/s, {vt['bytes'] / t / 1e6:.2f} MB/s "
          f"({vt['seconds'] / t:.1f}x VADER's scoring loop alone)")
    e2e_pred = f"{tmp}/e2e.jsonl"
    er, ef = score(e2e_pred)
    print(f"end to end scores (doc compound from annot tag): r={er:.3f} macro-F1={ef:.3f}")
PY
