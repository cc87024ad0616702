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
// - Three-round epilogue (EPILOGUE = 3) at BN = 192: a 64-column buffer frees enough shared memory for a 5th stage.
// - 192x192 tiles with three consumer warpgroups (64 rows and 96 accumulators each): 3000^3 in 2 waves of 66
//   cluster slots (97% full, as 128x192 in 3), but 36 KB of A and B per 4.7 MFLOP from L2 instead of 28 KB per
//   3.1: 16% fewer bytes per flop, where the unaligned 6000-byte row pitch makes every byte dearer.
// - Deferred epilogue (DEFER, config suffix _d1): the finished tile is packed into registers and its epilogue
//   rounds run after the next tile's first K tiles are issued, so the shared-memory writes and TMA stores overlap
//   the tensor cores instead of idling them between tiles (both consumers end a tile together, so nothing else
//   keeps the tensor cores busy there). 64 more registers per consumer thread at 128x256. The accumulators are
//   not zeroed either (the first MMA ignores them): between tiles only the packing is left.
// - L2 eviction hints (L2_HINT, suffix _h1/_h2): C stores (h1), and B loads too (h2), marked evict_first so that
//   the A panels, which every tile of a raster group reads again, stay in L2 (see ws::L2Hint).
// Needs K % 8 == 0 and N % 8 == 0 (TMA row pitch).
#include "warp_specialized.cuh"

namespace spak::gemm {
namespace {

using namespace ws;

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE, bool DEFER, int L2_HINT>
__global__ void __launch_bounds__((CONSUMERS + 1) * 128, 1)
    warp_specialized_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                            const __grid_constant__ CUtensorMap map_c, T* __restrict__ c, int m, int n, int k,
                            int raster) {
  constexpr int kRows = BM / CONSUMERS;  // rows of the tile per consumer warpgroup
  constexpr int kSub = kRows / 64;       // m64 wgmma tiles per consumer
  constexpr int kProducerRegs = 40;
  // 128 x (40 + 2 x 232) and 128 x (40 + 3 x 152) <= 64K registers
  constexpr int kConsumerRegs = CONSUMERS == 1 ? 240 : CONSUMERS == 2 ? 232 : 152;
  static_assert(kRows % 64 == 0 && kSub * BN / 2 <= 128, "accumulators must fit a consumer's registers");
  static_assert(BN % (64 * (EPILOGUE > 0 ? EPILOGUE : 1)) == 0 || EPILOGUE == 0, "the epilogue stores whole 64-column boxes per round");
  static_assert(!DEFER || EPILOGUE > 0, "the deferred epilogue goes through shared memory");
  static_assert(L2_HINT == kNoHint || EPILOGUE > 0, "the C store hint is a TMA-store hint");
  constexpr bool kEvictC = L2_HINT != kNoHint;

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
        load_k_range<T, BM, BN, STAGES, CLUSTER, EPILOGUE, 1, L2_HINT>(s, ring, &map_a, &map_b, row0, col0, 0, k_tiles,
                                                                      rank);
      }
    }
    __syncwarp();
  } else {
    setmaxnreg_inc<kConsumerRegs>();
    const int consumer = warpgroup_index() - 1, warp = (threadIdx.x % 128) / 32, lane = threadIdx.x % 32;
    float acc[kSub][BN / 2];
    T* buf = s.c + consumer * kRows * (BN / (EPILOGUE ? EPILOGUE : 1));
    Ring<STAGES> ring;
    if constexpr (DEFER) {
      DeferredTile<T, BN, kRows, EPILOGUE, kEvictC> done;  // the previous tile, stored under this tile's MMAs
      const auto store_round_of_done = [&](int t) { done.store(t, t + 1, buf, &map_c, consumer, warp, lane); };
      for (int tile = first; tile < tiles; tile += step) {
        int row0, col0;
        tile_origin(tile, row0, col0);
        mma_k_range<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE, 1, /*SCALE_ZERO=*/true>(
            s, ring, acc, k_tiles, consumer, lane, NoHook{}, store_round_of_done);
        done.store(k_tiles, EPILOGUE, buf, &map_c, consumer, warp, lane);  // rounds past a short K loop
        done.take(acc, row0 + consumer * kRows, col0);
      }
      done.store(0, EPILOGUE, buf, &map_c, consumer, warp, lane);
    } else {
      for (int tile = first; tile < tiles; tile += step) {
        int row0, col0;
        tile_origin(tile, row0, col0);
        mma_k_range<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>(s, ring, acc, k_tiles, consumer, lane);
        store_tile<T, BN, kRows, EPILOGUE, kEvictC>(acc, buf, &map_c, c, m, n, row0 + consumer * kRows, col0, consumer,
                                                    warp, lane);
      }
    }
  }
  if constexpr (EPILOGUE > 0)
    if (wg > 0 && threadIdx.x % 128 == 0) tma_store_wait_all();  // the buffer must outlive the stores
  if constexpr (CLUSTER > 1) cluster_sync();  // no CTA leaves while its peer may still signal its barriers
}

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE, bool DEFER = false,
          int L2_HINT = kNoHint>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  auto kernel = warp_specialized_kernel<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE, DEFER, L2_HINT>;
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
  // Candidates of 2026-12-02 (docs/gemm.md), measured on the H200: 192x192 with three consumers is the 3000^3 config
  // (0.96-0.97x cuBLAS where the default reaches 0.77x); the deferred epilogue, the L2 hints and 5 stages at
  // 128x192 stayed within noise of the default at 4096^3 (kept as tuning-space points, not as the default).
  //  Config{..., epilogue, defer, l2_hint}
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 2, 1}, launch<bf, 128, 256, 4, 2, 2, 2, true>);
  add({128, 256, kBK, 4, 8, 1, DType::bf16, 2, 1}, launch<bf, 128, 256, 4, 2, 1, 2, true>);
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 2, 0, 1}, launch<bf, 128, 256, 4, 2, 2, 2, false, kStoreEvictFirst>);
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 2, 0, 2}, launch<bf, 128, 256, 4, 2, 2, 2, false, kStoreAndBEvictFirst>);
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 2, 1, 1}, launch<bf, 128, 256, 4, 2, 2, 2, true, kStoreEvictFirst>);
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 2, 1, 2}, launch<bf, 128, 256, 4, 2, 2, 2, true, kStoreAndBEvictFirst>);
  add({128, 192, kBK, 5, 8, 2, DType::bf16, 3}, launch<bf, 128, 192, 5, 2, 2, 3>);
  add({128, 192, kBK, 5, 8, 2, DType::bf16, 3, 1}, launch<bf, 128, 192, 5, 2, 2, 3, true>);
  add({128, 192, kBK, 4, 8, 2, DType::bf16, 1, 1}, launch<bf, 128, 192, 4, 2, 2, 1, true>);
  add({192, 192, kBK, 4, 12, 2, DType::bf16, 3}, launch<bf, 192, 192, 4, 3, 2, 3>);
  return s;
}

}  // namespace spak::gemm
