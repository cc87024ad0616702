#!/usr/bin/env bash
# Builds gemm_bench with nvcc alone (no CMake, no project libraries): what runs on the GPU machine.
# usage: bench/gemm/build.sh [OUTPUT_DIR]   (default build-gemm/); NVCC overrides the compiler.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build-gemm}
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
mkdir -p "$out/obj"
flags=(-std=c++17 -O3 -gencode=arch=compute_90a,code=sm_90a -I"$root" -Xcompiler=-Wall,-Wextra -Xptxas=-v)
sources=("$root"/kernels/cuda/gemm/*.cu "$root"/bench/gemm/*.cu)
pids=()
for src in "${sources[@]}"; do
  obj="$out/obj/$(basename "${src%.cu}").o"
  "$nvcc" "${flags[@]}" -c "$src" -o "$obj" >"$obj.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "build.sh: compiling ${sources[$i]} failed:" >&2
    cat "$out/obj/$(basename "${sources[$i]%.cu}").o.log" >&2
    status=1
  fi
done
[ $status -eq 0 ] || exit $status
"$nvcc" -gencode=arch=compute_90a,code=sm_90a "$out"/obj/*.o -o "$out/gemm_bench" -lcublasLt -lcublas
echo "built $out/gemm_bench"
