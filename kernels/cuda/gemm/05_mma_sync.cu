// Step 05 — tensor cores through mma.sync: warps compute m16n8k16 tiles with fragments read by ldmatrix.
//
// What it adds: the tensor cores. On H100 mma.sync runs bf16 at several times the fp32 FMA rate of steps
// 01-04; each warp owns a (BM/WM) x (BN/WN) tile of C in registers (fragment layout), A and B are staged
// in padded shared memory so the eight row addresses of every ldmatrix land in distinct banks.
// What still limits it: loads are synchronous (global -> registers -> shared, then a barrier), so the
// tensor cores idle while each tile arrives. Needs K % 8 == 0 and N even.
#include "mma_sync.cuh"

namespace spak::gemm {
namespace {

template <typename T, int BM, int BN, int BK, int WM, int WN>
__global__ void __launch_bounds__(WM* WN * 32)
    mma_sync_kernel(int m, int n, int k, const T* __restrict__ a, const T* __restrict__ b, T* __restrict__ c) {
  constexpr int kThreads = WM * WN * 32, kMT = BM / WM / 16, kNT = BN / WN / 8, kLd = padded_ld<BK>();
  __shared__ __align__(16) T as[BM * kLd];
  __shared__ __align__(16) T bs[BN * kLd];
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int wm = warp / WN, wn = warp % WN;
  const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
  float acc[kMT][kNT][4] = {};
  for (int k0 = 0; k0 < k; k0 += BK) {
    load_tile<T, BM, BK, kThreads, false>(as, a, row0, m, k0, k, tid);
    load_tile<T, BN, BK, kThreads, false>(bs, b, col0, n, k0, k, tid);
    __syncthreads();
    warp_mma_tile<T, kMT, kNT, BK>(acc, as + wm * (BM / WM) * kLd, bs + wn * (BN / WN) * kLd, lane);
    __syncthreads();
  }
  warp_store_c<T, kMT, kNT>(acc, c, row0 + wm * (BM / WM), col0 + wn * (BN / WN), m, n, lane);
}

template <typename T, int BM, int BN, int BK, int WM, int WN>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  const dim3 grid(ceil_div(p.n, BN), ceil_div(p.m, BM));
  mma_sync_kernel<T, BM, BN, BK, WM, WN><<<grid, WM * WN * 32, 0, stream>>>(
      p.m, p.n, p.k, static_cast<const T*>(p.a), static_cast<const T*>(p.b), static_cast<T*>(p.c));
  return cudaGetLastError();
}

}  // namespace

Step step_mma_sync() {
  Step s{5, "mma_sync", "tensor cores via mma.sync m16n8k16 + ldmatrix from padded shared memory", {}};
  s.variants.push_back({Config{128, 128, 32, 1, 8, 1, DType::bf16}, launch<__nv_bfloat16, 128, 128, 32, 2, 4>, 8, 2});
  s.variants.push_back({Config{128, 128, 32, 1, 8, 1, DType::f16}, launch<__half, 128, 128, 32, 2, 4>, 8, 2});
  return s;
}

}  // namespace spak::gemm
