#!/usr/bin/env bash
# CPU speed at every text length, side by side in one run: `rolematch match --queries` of N
# one-paragraph texts of about 32, 128, 256, 384, 512 and 1,024 tokens, at each precision this
# CPU runs (int16, bf16-amx where the CPU has AMX tiles, f32), and — when $VENV holds
# sentence-transformers — the truncating Python pipeline of scripts/bench_jobs_python.py on the
# same texts, model files and threads. Every job is a fresh process, model load included.
# rolematch reads every token (overlapping 256-token windows past 256); the Python side reads
# the first 256. Before timing, each precision's results are checked against f32: the same best
# role for every text, scores within 0.005 (a fast wrong path cannot win).
#
#   scripts/bench_lengths.sh                    # N=128, dev build (dependencies optimised)
#   N=256 ROLEMATCH_BIN=target/release/rolematch VENV=/tmp/st-venv scripts/bench_lengths.sh
# Peak memory (maximum resident set, from /usr/bin/time) is printed for the fastest precision
# and the Python side.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
N=${N:-128}
THREADS=${THREADS:-$(nproc)}
BIN=${ROLEMATCH_BIN:-$ROOT/target/debug/rolematch}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"
ln -s "$ROOT/models" "$WORK/home/models"
MODEL_DIR="$ROOT/models/all-minilm-l6-v2"

# bf16-amx where this CPU has the tiles (elsewhere rolematch refuses it by name).
echo '{"id": "probe", "text": "Python and SQL"}' >"$WORK/probe.jsonl"
precisions="int16 f32"
if "$BIN" -q --offline --no-audit-log --home "$WORK/home" --precision bf16-amx \
    match --queries "$WORK/probe.jsonl" -k 1 --min-score 0 >/dev/null 2>&1; then
    precisions="int16 bf16-amx f32"
fi

# Texts from the project's resume fixtures with a fixed seed; a token is about 0.75 words.
python3 - "$WORK" "$N" <<'PY'
import glob, json, random, sys
work, n = sys.argv[1], int(sys.argv[2])
lines = []
for path in sorted(glob.glob("tests/fixtures/resumes/*.md") + glob.glob("tests/fixtures/labelled/*.md")):
    for line in open(path, encoding="utf-8"):
        line = line.strip().lstrip("-*# ").strip()
        if len(line.split()) >= 4:
            lines.append(line)
rng = random.Random(36)
for tokens in (32, 128, 256, 384, 512, 1024):
    words = int(tokens * 0.75)
    with open(f"{work}/t{tokens}.jsonl", "w") as f:
        for i in range(n):
            text = []
            while len(" ".join(text).split()) < words:
                text.append(rng.choice(lines))
            text = " ".join(" ".join(text).split()[:words])
            f.write(json.dumps({"id": f"t{tokens}-{i}", "text": text}) + "\n")
PY

run_rm() { # PRECISION TOKENS -> seconds; JSON in $WORK/PRECISION-TOKENS.json, peak KB in .rss
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$WORK/$1-$2.rss" \
        "$BIN" -q --offline --no-audit-log --home "$WORK/home" --precision "$1" \
        match --queries "$WORK/t$2.jsonl" --format json -k 3 --min-score 0 >"$WORK/$1-$2.json"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
mb() { echo $(($(tail -1 "$1") / 1024)); }

echo "N=$N texts per length, $THREADS threads; precisions: $precisions" >&2
printf "| tokens |"
for p in $precisions; do printf " %s s |" "$p"; done
[ -n "${VENV:-}" ] && printf " Python s | Python / fastest | peak MB, fastest / Python |"
echo
for tokens in 32 128 256 384 512 1024; do
    printf "| %s |" "$tokens"
    fastest=
    for p in $precisions; do
        seconds=$(THREADS=$THREADS run_rm "$p" "$tokens")
        printf " %.2f |" "$seconds"
        if [ -z "$fastest" ] || [ "$(echo "$seconds < $fastest" | bc)" = 1 ]; then
            fastest=$seconds
            fastest_rss=$WORK/$p-$tokens.rss
        fi
    done
    if [ -n "${VENV:-}" ]; then
        py=$(THREADS=$THREADS /usr/bin/time -f %M -o "$WORK/py-$tokens.rss" \
            "$VENV/bin/python" scripts/bench_jobs_python.py match "$MODEL_DIR" \
            catalog/roles.toml "$WORK/t$tokens.jsonl" "$WORK/py-$tokens.jsonl" 3 2>/dev/null |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
        printf " %.2f | %.2f× | %s / %s |" "$py" "$(echo "$py / $fastest" | bc -l)" \
            "$(mb "$fastest_rss")" "$(mb "$WORK/py-$tokens.rss")"
    fi
    echo
    # Every precision against f32: the same best role, scores within 0.005.
    python3 - "$WORK" "$tokens" $precisions <<'PY'
import json, sys
work, tokens, precisions = sys.argv[1], sys.argv[2], sys.argv[3:]
def best(p):
    d = json.load(open(f"{work}/{p}-{tokens}.json"))
    return {r["file"]: r["matches"][0] for r in d["results"] if r["matches"]}
ref = best("f32")
for p in precisions:
    if p == "f32":
        continue
    got = best(p)
    moved = [k for k in ref if got[k]["role_id"] != ref[k]["role_id"] and abs(got[k]["score"] - ref[k]["score"]) > 0.005]
    worst = max(abs(got[k]["score"] - ref[k]["score"]) for k in ref)
    if moved or worst > 0.005:
        sys.exit(f"{p} at {tokens} tokens: {len(moved)} best roles differ from f32, largest score change {worst:.4f}")
PY
done
