#!/usr/bin/env bash
# The GPU run, in one call once the model's first half is on the machine (prepare.sh): parity with the CPU (vectors and top roles), throughput
# against sentence-transformers fp16 at batch 64-1024, and two end-to-end jobs.
# REHEARSE=1 runs it on this machine's CPU build instead (no CUDA, no torch).
set -u
BASE=
G=target/gpu   # made by scripts/gpu/prepare.sh
OUT=${OUT:-/tmp/gpu-out}
mkdir -p "$OUT"
W=$(mktemp -d)
GPU=cuda
PY=/opt/torch/.venv/bin/python
if [ "${REHEARSE:-}" = 1 ]; then
    GPU=cpu; PY=python3
    BIN=target/release/rolematch; BENCH=$(ls -t target/release/deps/throughput-* | grep -v '\.d$' | head -1)
else
    export LD_LIBRARY_PATH=/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib:${LD_LIBRARY_PATH:-}
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/gpu.txt"
    mkdir -p models/all-minilm-l6-v2/1_Pooling
    cp $G/model/*.json $G/model/*.LICENSE models/all-minilm-l6-v2/ 2>/dev/null
    cp $G/model/1_Pooling/config.json models/all-minilm-l6-v2/1_Pooling/
    cat "$HOME/rm_part1" $G/part2 > models/all-minilm-l6-v2/model.safetensors
    sha256sum models/all-minilm-l6-v2/model.safetensors | tee -a "$OUT/gpu.txt"
    unxz_to() { xz -dc "$1" > "$2" 2>/dev/null || $PY -c "import lzma,sys; open(sys.argv[2],'wb').write(lzma.open(sys.argv[1]).read())" "$1" "$2"; }
    unxz_to $G/rolematch.xz "$W/rolematch"; unxz_to "$HOME/rm_throughput.xz" "$W/throughput"
    chmod +x "$W/rolematch" "$W/throughput"; BIN=$W/rolematch; BENCH=$W/throughput
    if [ -f "$HOME/rm_throughput_base.xz" ]; then
        unxz_to "$HOME/rm_throughput_base.xz" "$W/throughput_base"; chmod +x "$W/throughput_base"
        BASE=$W/throughput_base
    fi
fi
export ROLEMATCH_HOME=$PWD ROLEMATCH_OFFLINE=1 ROLEMATCH_NO_AUDIT_LOG=1
log() { echo "== $*" | tee -a "$OUT/log.txt"; }
run() { log "$*"; "$@" 2>>"$OUT/stderr.txt" | tee -a "$OUT/log.txt"; }
$PY $G/make_corpus.py "$W"
$PY -c "import json; t=json.load(open('$W/texts.json')); json.dump(t[:1024], open('$W/t1024.json','w'))"

log "parity vectors (1,024 texts)"
ROLEMATCH_BENCH_TEXTS=$W/t1024.json ROLEMATCH_BENCH_DEVICE=cpu ROLEMATCH_BENCH_PRECISION=f32 \
    ROLEMATCH_BENCH_VECTORS=$W/cpu_f32.json run "$BENCH"
for p in f32 f16 bf16; do
    ROLEMATCH_BENCH_TEXTS=$W/t1024.json ROLEMATCH_BENCH_DEVICE=$GPU ROLEMATCH_BENCH_PRECISION=$p \
        ROLEMATCH_BENCH_VECTORS=$W/cuda_$p.json run "$BENCH"
done

log "throughput, 4,096 texts, f16 (an earlier build first, where one came: throughput_base)"
for b in 64 128 256 512 1024; do
    for bench in ${BASE:-} "$BENCH"; do
        ROLEMATCH_BENCH_TEXTS=$W/texts.json ROLEMATCH_BENCH_DEVICE=$GPU ROLEMATCH_BENCH_PRECISION=f16 \
            ROLEMATCH_BENCH_BATCH=$b run "$bench"
    done
done
ROLEMATCH_BENCH_TEXTS=$W/texts.json ROLEMATCH_BENCH_DEVICE=$GPU ROLEMATCH_BENCH_PRECISION=f32 \
    ROLEMATCH_BENCH_BATCH=256 run "$BENCH"
[ "${REHEARSE:-}" = 1 ] || run $PY $G/st_bench.py models/all-minilm-l6-v2 "$W"

if [ "${SKIP_E2E:-}" = 1 ]; then run $PY $G/compare.py "$W"; exit 0; fi
log "top roles: example and labelled resumes"
M="match --format json -k 3 --min-score 0 examples/resume.md tests/fixtures/labelled/"
"$BIN" --device cpu --precision f32 $M > "$W/match_cpu_f32.json" 2>>"$OUT/stderr.txt"
for p in f16 bf16 f32; do "$BIN" --device $GPU --precision $p $M > "$W/match_cuda_$p.json" 2>>"$OUT/stderr.txt"; done
"$BIN" --device auto $M > "$W/match_auto.json" 2>>"$OUT/stderr.txt"
run $PY $G/compare.py "$W"

timed() {
    log "$1"; shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e s, %M KB peak" "$@" 2>&1 >/dev/null | tail -1 | tee -a "$OUT/log.txt"
    else
        local start=$(date +%s.%N); "$@" >/dev/null 2>>"$OUT/stderr.txt"
        echo "$(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || $PY -c "print($(date +%s.%N) - $start)") s" | tee -a "$OUT/log.txt"
    fi
}
timed "end to end: match of 1,000 resumes ($GPU)" "$BIN" -q --device $GPU match --format json "$W/resumes1000"
[ "${REHEARSE:-}" = 1 ] || timed "end to end: match of 1,000 resumes (cpu, 16 cores)" "$BIN" -q --device cpu match --format json "$W/resumes1000"
timed "end to end: pool build of 10,000 resumes ($GPU)" "$BIN" -q --device $GPU pool build "$W/resumes10000" --pool big \
    --index-dir "$W/index" --commit-every 2500
cp "$W"/match_*.json "$OUT/" 2>/dev/null
tail -5 "$OUT/stderr.txt"
