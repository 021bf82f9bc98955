#!/usr/bin/env bash
# Embedding throughput, side by side in one run: rolematch (candle) against the reference
# implementation, sentence-transformers (torch), on the same texts, the same model files, the
# same max length (256 tokens) and the same number of threads, on CPU; each system at its own
# default batch size (rolematch 8, sentence-transformers 32) unless RM_BATCH / ST_BATCH say.
# Prints each system's texts/s, tokens/s and peak memory, the ratio, and the worst cosine
# between the two systems' vectors.
#
#   scripts/bench_vs_sentence_transformers.sh                # 512 texts of 120 words
#   N=256 THREADS=2 RM_BATCH=32 ST_BATCH=32 VENV=/tmp/st scripts/bench_vs_sentence_transformers.sh
#   ROLEMATCH_BENCH_PRECISION=f32 scripts/bench_vs_sentence_transformers.sh  # rolematch in F32
#
# sentence-transformers goes into a throwaway virtual environment ($VENV, made on first use;
# from PyPI that pulls torch's CUDA wheels, several GB: reuse the folder between runs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The repository is the scripts' home: its models/ is where the tests fetched the model.
export ROLEMATCH_HOME="${ROLEMATCH_HOME:-$ROOT}"
cd "$ROOT"
THREADS=${THREADS:-$(nproc)}
N=${N:-512}
RM_BATCH=${RM_BATCH:-}
ST_BATCH=${ST_BATCH:-32}
VENV=${VENV:-${TMPDIR:-/tmp}/rolematch-st-venv}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo run --release -q -- -q model fetch >/dev/null
MODEL_DIR="$ROOT/models/all-minilm-l6-v2"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import sentence_transformers" 2>/dev/null; then
    echo "installing sentence-transformers into $VENV (once)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q sentence-transformers==6.2.0
fi

# N texts of 120 words (about 200 tokens, at most 246: under 256, so neither system cuts or windows
# them), taken in order from the project's resume fixtures.
python3 - "$N" "$WORK/texts.json" <<'PY'
import glob, json, sys
n, out = int(sys.argv[1]), sys.argv[2]
words = []
for path in sorted(glob.glob("tests/fixtures/resumes/*.md") + glob.glob("tests/fixtures/labelled/*.md")):
    words += open(path, encoding="utf-8").read().split()
texts = [" ".join(words[(i * 97) % (len(words) - 120):][:120]) for i in range(n)]
json.dump(texts, open(out, "w"))
PY

BENCH=$(cargo bench --bench throughput --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "throughput" and m.get("executable"):
        print(m["executable"])')

peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }

RAYON_NUM_THREADS=$THREADS ROLEMATCH_BENCH_TEXTS="$WORK/texts.json" \
    ROLEMATCH_BENCH_VECTORS="$WORK/rolematch.json" ROLEMATCH_BENCH_BATCH=$RM_BATCH \
    /usr/bin/time -v "$BENCH" >"$WORK/rolematch.out" 2>"$WORK/rolematch.time"

/usr/bin/time -v env OMP_NUM_THREADS="$THREADS" "$VENV/bin/python" - "$MODEL_DIR" "$WORK" "$THREADS" "$ST_BATCH" \
    >"$WORK/st.out" 2>"$WORK/st.time" <<'PY'
import json, sys, time
import torch
from sentence_transformers import SentenceTransformer
model_dir, work, threads, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
texts = json.load(open(f"{work}/texts.json"))
model = SentenceTransformer(model_dir, device="cpu")
model.max_seq_length = 256
tokens = sum(min(len(ids), 256) for ids in model.tokenizer(texts)["input_ids"])
model.encode(texts[:4], batch_size=batch)  # warm-up, as rolematch's check does
start = time.perf_counter()
vectors = model.encode(texts, batch_size=batch, normalize_embeddings=True)
seconds = time.perf_counter() - start
json.dump(vectors.tolist(), open(f"{work}/st.json", "w"))
print(json.dumps({"system": f"sentence-transformers (torch {torch.__version__})", "batch": batch, "texts": len(texts),
                  "tokens": tokens, "seconds": seconds, "texts_per_s": len(texts) / seconds,
                  "tokens_per_s": tokens / seconds}))
PY

python3 - "$WORK" "$(peak_mb "$WORK/rolematch.time")" "$(peak_mb "$WORK/st.time")" "$THREADS" <<'PY'
import json, math, sys
work, rm_mb, st_mb, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rm = json.loads(open(f"{work}/rolematch.out").read().strip().splitlines()[-1])
st = json.loads(open(f"{work}/st.out").read().strip().splitlines()[-1])
a, b = json.load(open(f"{work}/rolematch.json")), json.load(open(f"{work}/st.json"))
def cos(x, y):
    return sum(p * q for p, q in zip(x, y)) / math.sqrt(sum(p * p for p in x) * sum(q * q for q in y))
worst = min(cos(x, y) for x, y in zip(a, b))
assert rm["windows"] == rm["texts"], "a text was longer than one window: shorten the texts"
print(f"{rm['texts']} texts, {rm['tokens']} tokens, {threads} threads, max 256 tokens, CPU")
print(f"{'system':<44} {'batch':>5} {'seconds':>8} {'texts/s':>8} {'tokens/s':>9} {'peak MB':>8}")
for r, mb in ((rm, rm_mb), (st, st_mb)):
    print(f"{r['system']:<44} {r['batch']:>5} {r['seconds']:>8.2f} {r['texts_per_s']:>8.1f} {r['tokens_per_s']:>9.0f} {mb:>8}")
print(f"rolematch tokenization alone: {rm['tokenize_seconds'] * 1000:.0f} ms "
      f"({rm['tokens'] / rm['tokenize_seconds']:,.0f} tokens/s, "
      f"{100 * rm['tokenize_seconds'] / rm['seconds']:.1f} % of the embedding time)")
print(f"ratio rolematch / sentence-transformers: {rm['texts_per_s'] / st['texts_per_s']:.2f}x throughput, "
      f"{rm_mb / st_mb:.2f}x peak memory; worst cosine between their vectors {worst:.6f}")
PY
