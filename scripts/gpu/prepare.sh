#!/usr/bin/env bash
# Prepares the GPU run (scripts/gpu/run.sh) for a GPU machine that can receive 64 MiB a call
# and has no Rust toolchain: builds the CUDA binary and the throughput bench, strips and
# compresses them, and splits the model in two halves:
#   target/gpu1/  part1 + throughput.xz   (first call: copy both to $HOME)
#   target/gpu/   part2 + rolematch.xz + model's small files + the scripts (second call)
# Then, on the GPU machine, from the repository root:
#   call 1: cp target/gpu1/part1 $HOME/rm_part1 && cp target/gpu1/throughput.xz $HOME/rm_throughput.xz
#           (and throughput_base.xz to $HOME/rm_throughput_base.xz when there is one)
#   call 2: bash target/gpu/run.sh        (SKIP_E2E=1 for parity and throughput only)
# BASE_BENCH=PATH adds an earlier build's throughput bench (target/gpu1/throughput_base.xz), which
# run.sh then measures beside this one at every batch size: a change's effect in one run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
cargo fetch -q
[ -f .cuda/env.sh ] || scripts/cuda_toolkit_from_pypi.sh
# shellcheck disable=SC1091
source .cuda/env.sh
cargo build --release --features cuda --target-dir target/cuda --bin rolematch --bench throughput
BENCH=$(ls -t target/cuda/release/deps/throughput-* | grep -v '\.d$' | head -1)
rm -rf target/gpu target/gpu1
mkdir -p target/gpu/model/1_Pooling target/gpu1
strip -o target/gpu/rolematch target/cuda/release/rolematch
strip -o target/gpu1/throughput "$BENCH"
if [ -n "${BASE_BENCH:-}" ]; then strip -o target/gpu1/throughput_base "$BASE_BENCH"; fi
xz -T0 -6 -f target/gpu/rolematch target/gpu1/throughput*
M=models/all-minilm-l6-v2
cp $M/config.json $M/tokenizer.json $M/all-minilm-l6-v2.LICENSE target/gpu/model/
cp $M/1_Pooling/config.json target/gpu/model/1_Pooling/
# The model is split so that both calls carry about as much: part1 rides with the benches,
# part2 with the binary (each call also carries the working tree, about 6 MB).
MODEL=$(stat -c %s $M/model.safetensors)
BENCHES=$(cat target/gpu1/throughput*.xz | wc -c)
HALF=$(( (MODEL + $(stat -c %s target/gpu/rolematch.xz) - BENCHES) / 2 ))
head -c "$HALF" $M/model.safetensors > target/gpu1/part1
tail -c +"$((HALF + 1))" $M/model.safetensors > target/gpu/part2
cp scripts/gpu/run.sh scripts/gpu/make_corpus.py scripts/gpu/st_bench.py scripts/gpu/compare.py target/gpu/
du -sh target/gpu target/gpu1
