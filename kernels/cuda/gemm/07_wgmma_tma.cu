// Step 07 — wgmma + TMA: Hopper's asynchronous tensor-core MMA reading operands straight from shared memory,
// fed by the tensor memory accelerator (TMA) through a STAGES-deep ring of mbarrier-guarded slots.
//
// What it adds: (1) wgmma: one warpgroup (4 warps) issues 64 x BN x 16 MMAs that read A and B from shared
// memory without ldmatrix or register staging, at about twice mma.sync's rate; (2) TMA: one thread copies a
// whole 2-D box per operand per K tile, with the 128-byte swizzle that wgmma's descriptors expect and zero
// fill past the matrix edge (so no bounds code in the main loop); completion is counted in bytes on an
// mbarrier. (3) The ring: tiles t+1 .. t+STAGES-1 are in flight while tile t is multiplied.
// What still limits it: every warp both computes and waits; the refill of a slot is issued only after a
// block-wide barrier that follows the MMA's completion, and the epilogue stalls the tensor cores. Step 08
// splits producer and consumers. Needs K % 8 == 0 and N % 8 == 0 (TMA row pitch).
#include "hopper.cuh"

namespace spak::gemm {
namespace {

using namespace hopper;

constexpr int kBK = 64;  // one 128-byte swizzle row of 16-bit elements

template <typename T, int BM, int BN, int STAGES>
struct Smem07 {
  alignas(1024) T a[STAGES][BM * kBK];
  alignas(1024) T b[STAGES][BN * kBK];
  uint64_t full[STAGES];
};

/// One warpgroup per block computes a BM x BN tile as BM/64 stacked m64nBN wgmma tiles.
template <typename T, int BM, int BN, int STAGES>
__global__ void __launch_bounds__(128) wgmma_tma_kernel(const __grid_constant__ CUtensorMap map_a,
                                                        const __grid_constant__ CUtensorMap map_b, T* __restrict__ c,
                                                        int m, int n, int k) {
  constexpr int kSub = BM / 64;
  constexpr uint32_t kStageBytes = (BM + BN) * kBK * sizeof(T);
  extern __shared__ unsigned char smem_raw[];
  auto& s = *reinterpret_cast<Smem07<T, BM, BN, STAGES>*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
  const int tiles = ceil_div(k, kBK);

  auto issue = [&](int t) {  // thread 0 only
    const int slot = t % STAGES;
    mbar_arrive_expect_tx(&s.full[slot], kStageBytes);
    tma_load_2d(s.a[slot], &map_a, &s.full[slot], t * kBK, row0);
    tma_load_2d(s.b[slot], &map_b, &s.full[slot], t * kBK, col0);
  };
  if (tid == 0) {
    for (int i = 0; i < STAGES; ++i) mbar_init(&s.full[i], 1);
    fence_barrier_init();
    for (int t = 0; t < STAGES && t < tiles; ++t) issue(t);
  }
  __syncthreads();

  float acc[kSub][BN / 2];
#pragma unroll
  for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
    for (int i = 0; i < BN / 2; ++i) acc[sub][i] = 0.f;

  // Descriptors are encoded once (slot 0) and stepped by constants instead of re-encoded before every wgmma.
  const uint64_t desc_a = desc_k_major_sw128(s.a[0]), desc_b = desc_k_major_sw128(s.b[0]);
  for (int t = 0; t < tiles; ++t) {
    const int slot = t % STAGES;
    mbar_wait(&s.full[slot], (t / STAGES) & 1);
#pragma unroll
    for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
    wgmma_fence();
    const uint64_t da = desc_advance(desc_a, slot * sizeof(s.a[0])), db = desc_advance(desc_b, slot * sizeof(s.b[0]));
#pragma unroll
    for (int kk = 0; kk < kBK / 16; ++kk) {
#pragma unroll
      for (int sub = 0; sub < kSub; ++sub)
        wgmma_m64k16<BN, T>(acc[sub], desc_advance(da, (sub * 64 * kBK + kk * 16) * sizeof(T)),
                            desc_advance(db, kk * 16 * sizeof(T)), 1);
    }
    wgmma_commit();
    wgmma_wait<0>();
#pragma unroll
    for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
    __syncthreads();  // every warp is done reading this slot
    if (tid == 0 && t + STAGES < tiles) issue(t + STAGES);
  }

  // Accumulator layout: warp w holds rows 16w .. 16w+15 of each m64 tile; acc[4j + {0,1}] are row lane/4,
  // columns 8j + 2(lane%4) + {0,1}; acc[4j + {2,3}] the same columns 8 rows down.
#pragma unroll
  for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      const int row = row0 + sub * 64 + warp * 16 + lane / 4 + half * 8;
      if (row >= m) continue;
#pragma unroll
      for (int j = 0; j < BN / 8; ++j) {
        const int col = col0 + j * 8 + (lane % 4) * 2;
        if (col < n)
          *reinterpret_cast<uint32_t*>(c + size_t(row) * n + col) =
              Elem<T>::pack2(acc[sub][4 * j + 2 * half], acc[sub][4 * j + 2 * half + 1]);
      }
    }
}

template <typename T, int BM, int BN, int STAGES>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  CUtensorMap map_a, map_b;
  if (cudaError_t e = make_tensor_map_sw128(&map_a, p.a, p.m, p.k, BM, p.dtype)) return e;
  if (cudaError_t e = make_tensor_map_sw128(&map_b, p.b, p.n, p.k, BN, p.dtype)) return e;
  constexpr int kSmem = sizeof(Smem07<T, BM, BN, STAGES>) + 1024;
  auto kernel = wgmma_tma_kernel<T, BM, BN, STAGES>;
  if (cudaError_t e = cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem)) return e;
  const dim3 grid(ceil_div(p.n, BN), ceil_div(p.m, BM));
  kernel<<<grid, 128, kSmem, stream>>>(map_a, map_b, static_cast<T*>(p.c), p.m, p.n, p.k);
  return cudaGetLastError();
}

}  // namespace

Step step_wgmma_tma() {
  Step s{7, "wgmma_tma", "wgmma from swizzled shared memory, TMA loads on an mbarrier ring (1 warpgroup)", {}};
  s.variants.push_back({Config{128, 128, kBK, 4, 4, 1, DType::bf16}, launch<__nv_bfloat16, 128, 128, 4>, 8, 8});
  s.variants.push_back({Config{128, 128, kBK, 6, 4, 1, DType::bf16}, launch<__nv_bfloat16, 128, 128, 6>, 8, 8});
  s.variants.push_back({Config{64, 256, kBK, 4, 4, 1, DType::bf16}, launch<__nv_bfloat16, 64, 256, 4>, 8, 8});
  s.variants.push_back({Config{128, 128, kBK, 4, 4, 1, DType::f16}, launch<__half, 128, 128, 4>, 8, 8});
  return s;
}

}  // namespace spak::gemm
