// Step 01 — naive: one thread per output element, fp32 FMAs straight from global memory.
//
// What it adds: the definition of the function every later step must reproduce, and the floor of the ladder.
// Why it is slow: each thread reads a full row of A and a full row of B (2K loads for 2K FLOPs), so the kernel
// is bound by L1/L2 traffic, and B rows are K elements apart across a warp (uncoalesced).
#include "common.cuh"

namespace spak::gemm {
namespace {

template <typename T>
__global__ void naive_kernel(int m, int n, int k, const T* __restrict__ a, const T* __restrict__ b,
                             T* __restrict__ c) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x;
  const int row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row >= m || col >= n) return;
  float acc = 0.f;
  for (int i = 0; i < k; ++i)
    acc += Elem<T>::to_float(a[size_t(row) * k + i]) * Elem<T>::to_float(b[size_t(col) * k + i]);
  c[size_t(row) * n + col] = Elem<T>::from_float(acc);
}

template <typename T>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  const dim3 block(32, 8);
  const dim3 grid(ceil_div(p.n, 32), ceil_div(p.m, 8));
  naive_kernel<T><<<grid, block, 0, stream>>>(p.m, p.n, p.k, static_cast<const T*>(p.a),
                                              static_cast<const T*>(p.b), static_cast<T*>(p.c));
  return cudaGetLastError();
}

}  // namespace

Step step_naive() {
  Step s{1, "naive", "one thread per output, fp32 FMAs from global memory", {}};
  s.variants.push_back({Config{0, 0, 0, 0, 8, 1, DType::bf16}, launch<__nv_bfloat16>});
  s.variants.push_back({Config{0, 0, 0, 0, 8, 1, DType::f16}, launch<__half>});
  return s;
}

}  // namespace spak::gemm
