// Step 03 — register blocking: each thread computes a TM x TN block of outputs held in registers.
//
// What it adds: arithmetic intensity per thread. For every K step a thread loads TM values of A and TN values
// of B from shared memory and does TM*TN FMAs (64 FMAs for 16 loads at 8x8, against 1 FMA per 2 loads in step
// 02). The A tile is stored transposed ([k][row]) so that a thread's TM values are contiguous.
// What still limits it: scalar 2-byte global loads and scalar shared-memory traffic; CUDA cores, not tensor cores.
#include "common.cuh"

namespace spak::gemm {
namespace {

template <typename T, int BM, int BN, int BK, int TM, int TN>
__global__ void __launch_bounds__((BM / TM) * (BN / TN))
    register_blocking_kernel(int m, int n, int k, const T* __restrict__ a, const T* __restrict__ b,
                             T* __restrict__ c) {
  constexpr int kThreads = (BM / TM) * (BN / TN);
  __shared__ float as[BK][BM];  // transposed: [k][row]
  __shared__ float bs[BK][BN];  // transposed: [k][col]
  const int tid = threadIdx.x;
  const int ty = tid / (BN / TN), tx = tid % (BN / TN);
  const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
  float acc[TM][TN] = {};
  float af[TM], bf[TN];
  for (int k0 = 0; k0 < k; k0 += BK) {
    for (int i = tid; i < BM * BK; i += kThreads) {
      const int r = i / BK, kk = i % BK;
      as[kk][r] = (row0 + r < m && k0 + kk < k) ? Elem<T>::to_float(a[size_t(row0 + r) * k + k0 + kk]) : 0.f;
    }
    for (int i = tid; i < BN * BK; i += kThreads) {
      const int r = i / BK, kk = i % BK;
      bs[kk][r] = (col0 + r < n && k0 + kk < k) ? Elem<T>::to_float(b[size_t(col0 + r) * k + k0 + kk]) : 0.f;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < BK; ++kk) {
#pragma unroll
      for (int i = 0; i < TM; ++i) af[i] = as[kk][ty * TM + i];
#pragma unroll
      for (int j = 0; j < TN; ++j) bf[j] = bs[kk][tx * TN + j];
#pragma unroll
      for (int i = 0; i < TM; ++i)
#pragma unroll
        for (int j = 0; j < TN; ++j) acc[i][j] += af[i] * bf[j];
    }
    __syncthreads();
  }
#pragma unroll
  for (int i = 0; i < TM; ++i) {
    const int row = row0 + ty * TM + i;
#pragma unroll
    for (int j = 0; j < TN; ++j) {
      const int col = col0 + tx * TN + j;
      if (row < m && col < n) c[size_t(row) * n + col] = Elem<T>::from_float(acc[i][j]);
    }
  }
}

template <typename T, int BM, int BN, int BK, int TM, int TN>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  const dim3 grid(ceil_div(p.n, BN), ceil_div(p.m, BM));
  register_blocking_kernel<T, BM, BN, BK, TM, TN><<<grid, (BM / TM) * (BN / TN), 0, stream>>>(
      p.m, p.n, p.k, static_cast<const T*>(p.a), static_cast<const T*>(p.b), static_cast<T*>(p.c));
  return cudaGetLastError();
}

}  // namespace

Step step_register_blocking() {
  Step s{3, "register_blocking", "8x8 outputs per thread in registers (outer products from shared memory)", {}};
  s.variants.push_back({Config{128, 128, 8, 1, 8, 1, DType::bf16}, launch<__nv_bfloat16, 128, 128, 8, 8, 8>});
  s.variants.push_back({Config{64, 64, 8, 1, 2, 1, DType::bf16}, launch<__nv_bfloat16, 64, 64, 8, 4, 4>});
  s.variants.push_back({Config{128, 128, 8, 1, 8, 1, DType::f16}, launch<__half, 128, 128, 8, 8, 8>});
  return s;
}

}  // namespace spak::gemm
