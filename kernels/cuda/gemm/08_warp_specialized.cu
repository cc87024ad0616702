// Step 08 — warp specialisation, persistent tiles, rasterisation and TMA multicast: the Hopper GEMM.
//
// What it adds over step 07:
// - Producer/consumer warpgroups: warpgroup 0 only issues TMA (one thread) and gives its registers away with
//   setmaxnreg; CONSUMERS warpgroups only issue wgmma, each on its own BM/CONSUMERS rows of the tile. Full and
//   empty mbarriers per slot replace the block-wide barrier, so refills start the moment a slot is released.
// - Overlapped MMAs: a consumer keeps one K tile of wgmma in flight (wait_group 1) and releases the slot of
//   the previous one, so the tensor cores never drain inside a tile.
// - Persistent tiles: one block per SM (cluster slots when clustered) loops over output tiles; the producer
//   runs ahead into the next tile while consumers write the current one out.
// - Rasterisation: tiles are visited in groups of `raster` block rows, so concurrently running tiles share
//   A and B panels in L2.
// - Clusters (CLUSTER = 2): two CTAs on vertically adjacent tiles share the B tile; each loads half of it
//   and multicasts it to both, halving B's L2 -> SM traffic. A slot is free only when both CTAs' consumers
//   have released it, so consumers arrive on the empty barrier of every CTA in the cluster.
// - TMA-store epilogue (EPILOGUE = 1): each consumer writes its accumulators into a 128-byte-swizzled shared
//   buffer (bank-conflict free) and one thread hands it to TMA, which stores it asynchronously (clipping the
//   matrix edge) while the consumer starts the next tile; costs shared memory, so one pipeline stage fewer.
// - Half-buffer epilogue (EPILOGUE = 2): the shared buffer holds only BN/2 columns per consumer and the tile
//   leaves in two rounds (the second waits for TMA to have read the first). At 128x256 that frees 32 KB, enough
//   for a 4th pipeline stage next to the TMA store; one more stage in flight covers more L2 latency.
// - BN = 192 (m64n192 wgmma): 128x192 tiles fill 3000^3 in 2.9 waves of 132 SMs where 128x256 needs 2.2 (a third
//   of the last wave idle), and leave room for 4 stages with the full TMA-store buffer.
// Needs K % 8 == 0 and N % 8 == 0 (TMA row pitch).
#include "warp_specialized.cuh"

namespace spak::gemm {
namespace {

using namespace ws;

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE>
__global__ void __launch_bounds__((CONSUMERS + 1) * 128, 1)
    warp_specialized_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                            const __grid_constant__ CUtensorMap map_c, T* __restrict__ c, int m, int n, int k,
                            int raster) {
  constexpr int kRows = BM / CONSUMERS;  // rows of the tile per consumer warpgroup
  constexpr int kSub = kRows / 64;       // m64 wgmma tiles per consumer
  constexpr int kProducerRegs = 40;
  constexpr int kConsumerRegs = CONSUMERS == 1 ? 240 : 232;  // 128 x (40 + 2 x 232) <= 64K registers
  static_assert(kRows % 64 == 0 && kSub * BN / 2 <= 128, "accumulators must fit a consumer's registers");
  static_assert(BN % (64 * (EPILOGUE > 0 ? EPILOGUE : 1)) == 0 || EPILOGUE == 0, "the epilogue stores whole 64-column boxes per round");

  extern __shared__ unsigned char smem_raw[];
  auto& s = *reinterpret_cast<Smem<T, BM, BN, STAGES, EPILOGUE>*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) &
                                                                 ~uintptr_t(1023));
  const int wg = threadIdx.x / 128;
  const uint32_t rank = CLUSTER > 1 ? cluster_rank() : 0;
  const int blocks_m = ceil_div(m, BM), blocks_n = ceil_div(n, BN);
  const int cluster_rows = ceil_div(blocks_m, CLUSTER);  // tiles are scheduled per cluster (CLUSTER block rows)
  const int tiles = cluster_rows * blocks_n;
  const int k_tiles = ceil_div(k, kBK);
  const int first = blockIdx.x / CLUSTER, step = gridDim.x / CLUSTER;
  auto tile_origin = [&](int tile, int& row0, int& col0) {
    int cm, cn;
    raster_tile(tile, cluster_rows, blocks_n, raster, cm, cn);
    row0 = (cm * CLUSTER + int(rank)) * BM;
    col0 = cn * BN;
  };

  if (threadIdx.x == 0) {
    for (int i = 0; i < STAGES; ++i) {
      mbar_init(&s.full[i], 1);
      mbar_init(&s.empty[i], CONSUMERS * 4 * CLUSTER);
    }
    fence_barrier_init();
  }
  if constexpr (CLUSTER > 1) cluster_sync(); else __syncthreads();

  if (wg == 0) {
    setmaxnreg_dec<kProducerRegs>();
    if (threadIdx.x == 0) {
      Ring<STAGES> ring;
      for (int tile = first; tile < tiles; tile += step) {
        int row0, col0;
        tile_origin(tile, row0, col0);
        load_k_range<T, BM, BN, STAGES, CLUSTER, EPILOGUE>(s, ring, &map_a, &map_b, row0, col0, 0, k_tiles, rank);
      }
    }
    __syncwarp();
  } else {
    setmaxnreg_inc<kConsumerRegs>();
    const int consumer = wg - 1, warp = (threadIdx.x % 128) / 32, lane = threadIdx.x % 32;
    float acc[kSub][BN / 2];
    Ring<STAGES> ring;
    for (int tile = first; tile < tiles; tile += step) {
      int row0, col0;
      tile_origin(tile, row0, col0);
      mma_k_range<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>(s, ring, acc, k_tiles, consumer, lane);
      store_tile<T, BN, kRows, EPILOGUE>(acc, s.c + consumer * kRows * (BN / (EPILOGUE ? EPILOGUE : 1)), &map_c, c, m, n,
                                         row0 + consumer * kRows, col0, consumer, warp, lane);
    }
  }
  if constexpr (EPILOGUE > 0)
    if (wg > 0 && threadIdx.x % 128 == 0) tma_store_wait_all();  // the buffer must outlive the stores
  if constexpr (CLUSTER > 1) cluster_sync();  // no CTA leaves while its peer may still signal its barriers
}

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  auto kernel = warp_specialized_kernel<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>;
  PersistentLaunch l;
  if (cudaError_t e = l.prepare<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>(p, kernel, stream, "step 08")) return e;
  return cudaLaunchKernelEx(&l.cfg, kernel, l.map_a, l.map_b, l.map_c, static_cast<T*>(p.c), p.m, p.n, p.k, p.raster);
}

}  // namespace

Step step_warp_specialized() {
  Step s{8, "warp_specialized",
         "producer/consumer warpgroups + setmaxnreg, persistent rasterised tiles, cluster TMA multicast", {}};
  using bf = __nv_bfloat16;
  auto add = [&](Config c, LaunchFn fn) { s.variants.push_back({c, fn, 8, 8}); };
  //  Config{bm, bn, bk, stages, warps, cluster, dtype, epilogue}
  // The first is the default: the fastest at 4096^3 on H100 (docs/gemm.md).
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 2}, launch<bf, 128, 256, 4, 2, 2, 2>);
  add({128, 256, kBK, 3, 8, 2, DType::bf16, 1}, launch<bf, 128, 256, 3, 2, 2, 1>);
  add({128, 256, kBK, 4, 8, 1, DType::bf16, 0}, launch<bf, 128, 256, 4, 2, 1, 0>);
  add({256, 128, kBK, 4, 8, 1, DType::bf16, 0}, launch<bf, 256, 128, 4, 2, 1, 0>);
  add({128, 128, kBK, 6, 8, 1, DType::bf16, 0}, launch<bf, 128, 128, 6, 2, 1, 0>);
  add({128, 256, kBK, 3, 8, 1, DType::bf16, 1}, launch<bf, 128, 256, 3, 2, 1, 1>);
  add({256, 128, kBK, 3, 8, 1, DType::bf16, 1}, launch<bf, 256, 128, 3, 2, 1, 1>);
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 0}, launch<bf, 128, 256, 4, 2, 2, 0>);
  add({256, 128, kBK, 4, 8, 2, DType::bf16, 0}, launch<bf, 256, 128, 4, 2, 2, 0>);
  add({256, 128, kBK, 3, 8, 2, DType::bf16, 1}, launch<bf, 256, 128, 3, 2, 2, 1>);
  add({128, 256, kBK, 4, 8, 1, DType::bf16, 2}, launch<bf, 128, 256, 4, 2, 1, 2>);
  add({256, 128, kBK, 4, 8, 2, DType::bf16, 2}, launch<bf, 256, 128, 4, 2, 2, 2>);
  add({128, 192, kBK, 4, 8, 2, DType::bf16, 1}, launch<bf, 128, 192, 4, 2, 2, 1>);
  add({128, 192, kBK, 4, 8, 1, DType::bf16, 1}, launch<bf, 128, 192, 4, 2, 1, 1>);
  add({128, 256, kBK, 4, 8, 2, DType::f16, 2}, launch<__half, 128, 256, 4, 2, 2, 2>);  // fp16 default: as bf16's
  add({128, 256, kBK, 3, 8, 2, DType::f16, 1}, launch<__half, 128, 256, 3, 2, 2, 1>);
  return s;
}

}  // namespace spak::gemm
