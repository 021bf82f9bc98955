#!/usr/bin/env bash
# The pool's HNSW graph (hnsw_rs, benches/ann.rs) side by side with hnswlib, in one run on the
# same vectors: 100,000 clustered 384-d unit vectors written by the Rust side and read by the
# Python side, M 16, ef_construction 200, the build on THREADS threads, queries one at a time
# on one thread. Prints build time, recall@10 and queries/s at several ef values, the ratios,
# and each side at its fastest ef that reaches recall@10 0.99.
#
#   scripts/bench_hnsw_vs_hnswlib.sh                 # N=100000 THREADS=$(nproc)
#   N=20000 SPREAD=0.3 VENV=/tmp/hnswlib scripts/bench_hnsw_vs_hnswlib.sh   # tighter clusters
#
# hnswlib goes into a throwaway virtual environment ($VENV, made on first use).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The repository is the scripts' home: its models/ is where the tests fetched the model.
export ROLEMATCH_HOME="${ROLEMATCH_HOME:-$ROOT}"
cd "$ROOT"
N=${N:-100000}
THREADS=${THREADS:-$(nproc)}
VENV=${VENV:-${TMPDIR:-/tmp}/rolematch-hnswlib-venv}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import hnswlib, numpy" 2>/dev/null; then
    echo "installing hnswlib into $VENV (once)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q numpy hnswlib==0.8.0
fi

RAYON_NUM_THREADS=$THREADS ROLEMATCH_ANN_DIR=$WORK ROLEMATCH_ANN_N=$N ROLEMATCH_ANN_SPREAD=${SPREAD:-0.6} \
    cargo bench -q --bench ann > "$WORK/rolematch.jsonl"

"$VENV/bin/python" - "$WORK" "$THREADS" > "$WORK/hnswlib.jsonl" <<'PY'
import json, sys, time
import numpy as np, hnswlib
work, threads = sys.argv[1], int(sys.argv[2])
base = np.fromfile(f"{work}/base.f32", dtype="<f4").reshape(-1, 384)
queries = np.fromfile(f"{work}/queries.f32", dtype="<f4").reshape(-1, 384)
truth = json.load(open(f"{work}/truth.json"))
index = hnswlib.Index(space="ip", dim=384)
index.init_index(max_elements=len(base), M=16, ef_construction=200, random_seed=100)
start = time.perf_counter()
index.add_items(base, np.arange(len(base)), num_threads=threads)
print(json.dumps({"system": f"hnswlib {hnswlib.__version__ if hasattr(hnswlib, '__version__') else ''}".strip(),
                  "n": len(base), "build_s": time.perf_counter() - start, "threads": threads}))
for ef in (16, 32, 64, 128, 256, 384, 512):
    index.set_ef(max(ef, 10))
    start = time.perf_counter()
    found = [index.knn_query(q, k=10, num_threads=1)[0][0] for q in queries]
    seconds = time.perf_counter() - start
    hits = sum(len(set(f.tolist()) & set(t)) for f, t in zip(found, truth))
    print(json.dumps({"system": "hnswlib", "ef": ef, "recall_at_10": hits / (len(queries) * 10),
                      "queries_per_s": len(queries) / seconds}))
PY

python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
rows = lambda name: [json.loads(l) for l in open(f"{work}/{name}.jsonl") if l.strip()]
ours, theirs = rows("rolematch"), rows("hnswlib")
pool = [r for r in ours if r["system"] == "rolematch (pool)"][0]
ours = [r for r in ours if r["system"] != "rolematch (pool)"]
b1, b2 = ours[0], theirs[0]
print(f"{b1['n']} vectors (spread {b1['spread']}), {b1['threads']} threads")
print(f"build: rolematch {b1['build_s']:.1f} s, hnswlib {b2['build_s']:.1f} s, ratio {b1['build_s'] / b2['build_s']:.2f}x the time")
print(f"pool, per ranking: exact scan {pool['exact_ms_per_query']:.2f} ms; graph's 500 nearest re-scored {pool['graph_500_ms_per_query']:.2f} ms (recall@10 {pool['graph_500_recall_at_10']:.3f})")
print(f"{'ef':>4}  {'recall rolematch':>16}  {'recall hnswlib':>14}  {'q/s rolematch':>13}  {'q/s hnswlib':>11}  {'ratio':>6}")
for a, b in zip(ours[1:], theirs[1:]):
    print(f"{a['ef']:>4}  {a['recall_at_10']:>16.3f}  {b['recall_at_10']:>14.3f}  {a['queries_per_s']:>13.0f}  {b['queries_per_s']:>11.0f}  {a['queries_per_s'] / b['queries_per_s']:>6.2f}")
# The issue's query bar: each side at its fastest ef that reaches recall@10 0.99.
def fastest(rows):
    good = [r for r in rows if r["recall_at_10"] >= 0.99]
    return max(good, key=lambda r: r["queries_per_s"]) if good else None
a, b = fastest(ours[1:]), fastest(theirs[1:])
if a and b:
    print(f"at recall@10 >= 0.99: rolematch ef {a['ef']} {a['queries_per_s']:.0f} q/s, hnswlib ef {b['ef']} "
          f"{b['queries_per_s']:.0f} q/s, ratio {a['queries_per_s'] / b['queries_per_s']:.2f}")
else:
    print("at recall@10 >= 0.99: " + ("rolematch" if not a else "hnswlib") + " does not reach it at ef <= 512")
PY
