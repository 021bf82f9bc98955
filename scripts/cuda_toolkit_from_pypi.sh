#!/usr/bin/env bash
# A CUDA 13.0 build environment from PyPI wheels, for building `--features cuda` on a machine
# without a system CUDA toolkit (or without a GPU at all). Installs into DEST (default .cuda,
# git-ignored) nvcc, the runtime, cuBLAS, cuRAND and NVRTC, and a link-time stand-in for the
# driver library libcuda.so (candle's cudarc links it dynamically; on the GPU machine the
# driver provides the real one).
#
#   cargo fetch && scripts/cuda_toolkit_from_pypi.sh && source .cuda/env.sh
#   cargo build --release --features cuda
set -euo pipefail
DEST=$(realpath -m "${1:-.cuda}")
PYTHON=${PYTHON:-python3}
"$PYTHON" -m pip install -q --no-deps --target "$DEST/pkgs" \
    nvidia-cuda-nvcc==13.0.88 nvidia-cuda-crt==13.0.88 nvidia-nvvm==13.0.88 \
    nvidia-cuda-runtime==13.0.96 nvidia-cuda-nvrtc==13.0.88 nvidia-cuda-cccl==13.0.85 \
    nvidia-curand==10.4.0.35 nvidia-cublas==13.0.2.14
CUDA="$DEST/pkgs/nvidia/cu13"
LIB="$CUDA/lib"

# The wheels ship versioned sonames only; the linker looks for the plain names.
for lib in libcublas.so.13 libcublasLt.so.13 libcudart.so.13 libnvrtc.so.13 libcurand.so.10; do
    if [ -e "$LIB/$lib" ]; then ln -sf "$lib" "$LIB/${lib%.so.*}.so"; fi
done

# The driver stand-in: an empty function for every cu* symbol cudarc's bindings declare.
BINDINGS=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/cudarc-*/src/driver/sys/mod.rs 2>/dev/null | tail -n 1 || true)
if [ -z "$BINDINGS" ]; then
    echo "cudarc's sources are missing: run 'cargo fetch' in the project first" >&2
    exit 1
fi
mkdir -p "$LIB/stubs"
grep -ohE 'pub (unsafe )?fn cu[A-Za-z0-9_]+' "$BINDINGS" | awk '{print $NF}' | sort -u |
    sed 's/.*/void &(void) {}/' >"$LIB/stubs/libcuda_stub.c"
cc -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$LIB/stubs/libcuda.so" "$LIB/stubs/libcuda_stub.c"

cat >"$DEST/env.sh" <<ENV
export PATH="$CUDA/bin:\$PATH" CUDA_ROOT="$CUDA" CUDA_HOME="$CUDA" CUDA_PATH="$CUDA"
export CUDA_COMPUTE_CAP=\${CUDA_COMPUTE_CAP:-90}
export LIBRARY_PATH="$LIB:$LIB/stubs\${LIBRARY_PATH:+:\$LIBRARY_PATH}"
ENV
echo "ready: source $DEST/env.sh, then cargo build --release --features cuda"
