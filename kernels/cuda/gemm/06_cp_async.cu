// Step 06 — cp.async multi-stage pipeline: STAGES K tiles in flight between global and shared memory.
//
// What it adds: overlap. cp.async copies global -> shared without passing through registers and completes in
// groups; while the warps run mma.sync on tile t, tiles t+1 .. t+STAGES-1 are already on their way, so the
// tensor cores stop waiting for memory. Out-of-range rows and K are zero-filled by the copy itself.
// What still limits it: mma.sync issues from every warp and reads fragments through registers (ldmatrix);
// Hopper's wgmma (step 07) reads shared memory directly and runs asynchronously at twice the rate.
// Needs K % 8 == 0 and N even.
#include "mma_sync.cuh"

namespace spak::gemm {
namespace {

template <typename T, int BM, int BN, int BK, int STAGES, int WM, int WN>
__global__ void __launch_bounds__(WM* WN * 32)
    cp_async_kernel(int m, int n, int k, const T* __restrict__ a, const T* __restrict__ b, T* __restrict__ c) {
  constexpr int kThreads = WM * WN * 32, kMT = BM / WM / 16, kNT = BN / WN / 8, kLd = padded_ld<BK>();
  extern __shared__ __align__(16) unsigned char smem_raw[];
  T* as = reinterpret_cast<T*>(smem_raw);  // [STAGES][BM][kLd]
  T* bs = as + STAGES * BM * kLd;          // [STAGES][BN][kLd]
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int wm = warp / WN, wn = warp % WN;
  const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
  const int tiles = ceil_div(k, BK);
  auto issue = [&](int t) {  // every thread commits a group per call, even an empty one, to keep counts aligned
    if (t < tiles) {
      load_tile<T, BM, BK, kThreads, true>(as + (t % STAGES) * BM * kLd, a, row0, m, t * BK, k, tid);
      load_tile<T, BN, BK, kThreads, true>(bs + (t % STAGES) * BN * kLd, b, col0, n, t * BK, k, tid);
    }
    cp_async_commit();
  };
  float acc[kMT][kNT][4] = {};
  for (int t = 0; t < STAGES - 1; ++t) issue(t);
  for (int t = 0; t < tiles; ++t) {
    cp_async_wait<STAGES - 2>();  // tile t has landed (for this thread) ...
    __syncthreads();              // ... for every thread, and slot (t-1) % STAGES is free again
    issue(t + STAGES - 1);
    const int slot = t % STAGES;
    warp_mma_tile<T, kMT, kNT, BK>(acc, as + slot * BM * kLd + wm * (BM / WM) * kLd,
                                   bs + slot * BN * kLd + wn * (BN / WN) * kLd, lane);
  }
  warp_store_c<T, kMT, kNT>(acc, c, row0 + wm * (BM / WM), col0 + wn * (BN / WN), m, n, lane);
}

template <typename T, int BM, int BN, int BK, int STAGES, int WM, int WN>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  constexpr int kSmem = STAGES * (BM + BN) * padded_ld<BK>() * int(sizeof(T));
  auto kernel = cp_async_kernel<T, BM, BN, BK, STAGES, WM, WN>;
  if (cudaError_t e = cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem)) return e;
  const dim3 grid(ceil_div(p.n, BN), ceil_div(p.m, BM));
  kernel<<<grid, WM * WN * 32, kSmem, stream>>>(p.m, p.n, p.k, static_cast<const T*>(p.a),
                                               static_cast<const T*>(p.b), static_cast<T*>(p.c));
  return cudaGetLastError();
}

}  // namespace

Step step_cp_async() {
  Step s{6, "cp_async", "cp.async multi-stage shared-memory pipeline feeding mma.sync", {}};
  s.variants.push_back({Config{128, 128, 32, 4, 8, 1, DType::bf16}, launch<__nv_bfloat16, 128, 128, 32, 4, 2, 4>, 8, 2});
  s.variants.push_back({Config{128, 256, 32, 3, 8, 1, DType::bf16}, launch<__nv_bfloat16, 128, 256, 32, 3, 2, 4>, 8, 2});
  s.variants.push_back({Config{128, 128, 64, 3, 8, 1, DType::bf16}, launch<__nv_bfloat16, 128, 128, 64, 3, 2, 4>, 8, 2});
  s.variants.push_back({Config{128, 128, 32, 4, 8, 1, DType::f16}, launch<__half, 128, 128, 32, 4, 2, 4>, 8, 2});
  return s;
}

}  // namespace spak::gemm
