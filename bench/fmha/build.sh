#!/bin/sh
# Builds libspak_fmha.so with nvcc alone (the GPU machine has no CMake dependencies of the rest of SPAK),
# uncompressed like the CMake build, so bench/fmha/sass_order.py can read it.
# Usage: bench/fmha/build.sh OUT_DIR   (run from the repository root)
set -e
out=${1:-build-fmha}
mkdir -p "$out"
nvcc=${NVCC:-nvcc}
$nvcc -O3 -lineinfo --no-compress -std=c++17 -shared -Xcompiler -fPIC -gencode=arch=compute_90a,code=sm_90a -I. \
  kernels/cuda/fmha/*.cu kernels/cuda/gemm/hopper_tensor_map.cu -o "$out/libspak_fmha.so" -cudart static
echo "built $out/libspak_fmha.so"
