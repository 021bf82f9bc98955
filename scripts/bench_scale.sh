#!/usr/bin/env bash
# Pool scale and end-to-end timings with the real model, printed as the README's tables:
# - for each pool size, one process builds a pool of synthetic resumes (benches/scale.rs),
#   ranks it for one role and reports each stage's time and the peak memory;
# - `match` of one resume: a cold process (the release binary, three runs) and a warm one
#   (the library, ten runs after a first).
#
#   scripts/bench_scale.sh                      # pools of 100, 1,000 and 10,000 resumes
#   SIZES="100 1000" THREADS=2 scripts/bench_scale.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The repository is the scripts' home: its models/ is where the tests fetched the model.
export ROLEMATCH_HOME="${ROLEMATCH_HOME:-$ROOT}"
cd "$ROOT"
SIZES=${SIZES:-100 1000 10000}
export RAYON_NUM_THREADS=${THREADS:-$(nproc)}

cargo build --release -q
./target/release/rolematch -q model fetch >/dev/null
BENCH=$(cargo bench --bench scale --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "scale" and m.get("executable"):
        print(m["executable"])')

echo "Pool scale, $RAYON_NUM_THREADS threads, CPU"
echo
echo "| resumes | tokens | tokenize s | model s | index s | rank s | resumes/s | peak MB | pool on disk MB | search |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/row.py" <<'PY'
import json, sys
r = json.loads(sys.stdin.read().strip().splitlines()[-1])
print(f"| {r['resumes']:,} | {r['tokens']:,} | {r['tokenize_s']:.2f} | {r['model_s']:.1f} | "
      f"{r['index_s']:.2f} | {r['rank_s']:.2f} | {r['resumes_per_s']:.1f} | {r['peak_rss_mb']:.0f} | "
      f"{r['pool_bytes'] / 1e6:.1f} | {r['search']} |")
PY
for n in $SIZES; do
    ROLEMATCH_BENCH_POOL=$n "$BENCH" | python3 "$WORK/row.py"
done

echo
echo "match of examples/resume.md"
for i in 1 2 3; do
    /usr/bin/time -f "cold process: %e s wall, %M KB peak" ./target/release/rolematch -q match examples/resume.md >/dev/null
done 2>&1
cat >"$WORK/match.py" <<'PY'
import json, sys
r = json.loads(sys.stdin.read().strip().splitlines()[-1])
print(f"warm process: {r['match_s'] * 1000:.0f} ms per match (model load {r['model_load_s']:.2f} s, "
      f"catalog vectors {r['catalog_embed_s']:.2f} s, once per process)")
PY
ROLEMATCH_BENCH_MATCH=examples/resume.md "$BENCH" | python3 "$WORK/match.py"
