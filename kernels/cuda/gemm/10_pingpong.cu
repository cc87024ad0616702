// Step 10 — ping-pong consumers: step 08's producer, ring and epilogue, but each consumer warpgroup owns whole
// output tiles and the two take turns on the tensor cores.
//
// Why: in step 08 both consumer warpgroups split one 128x256 tile, finish its K loop together and then both run
// the epilogue, so the tensor cores idle at every tile end (estimated ~1 us per tile, ~1% at 4096^3).
// What it adds: the CTA's i-th tile (same persistent, rasterised, clustered tile order as step 08) belongs to
// consumer i % 2, which computes all BM x BN of it (128x128 or 64x256: 128 fp32 accumulators per thread, as in
// step 08). The producer fills the one ring in tile order, so a consumer reads k_tiles slots and skips the next
// k_tiles (the other's tile). A turn barrier per consumer orders the K loops: a consumer starts a tile only
// after the other has issued the MMAs of every K tile of the previous one, then signals its own turn once it
// has issued its last K tile. So one consumer's epilogue (registers -> shared -> TMA store, own buffer) runs
// while the other's MMAs keep the tensor cores busy.
// The turn barrier is also what makes the skipping consumer's ring waits correct: mbarrier waits see only the
// parity of a phase, and the first slots of a consumer's tile are one ring lap ahead of the other consumer's
// unread slots; waiting only after the other consumer has seen all of its slots full keeps every full barrier
// at most one phase behind the wait.
// Cost: a consumer's tile is half of step 08's CTA tile, so A and B bytes from L2 per flop grow 1.5x
// (clusters of 2 with B multicast: 24 KB per 2.1 MFLOP instead of 32 KB per 4.2 MFLOP).
// Measured (H100, 2026-11-25, docs/gemm.md "Push c"; ratio to cuBLAS, interleaved pairs): a loss. Default
// 128x128 s6 c2 e2: 4096^3 0.87-0.90x (step 08: 0.99x), 8192^3 1.005-1.014x (1.020x), 16384x1024x4096 0.87x
// (0.98x), 4096x4096x1024 0.98x (0.99x). Throughput at 4096^3 falls with L2 bytes per flop (step 08 780 TFLOPS,
// 128x128 c2 693, 128x128 c1 532), so the hidden epilogue does not pay for the smaller tile. Kept as a measured
// rung; step 08 stays the default.
// Needs K % 8 == 0 and N % 8 == 0 (TMA row pitch).
#include "warp_specialized.cuh"

namespace spak::gemm {
namespace {

using namespace ws;

constexpr int kConsumers = 2;

template <typename T, int BM, int BN, int STAGES, int CLUSTER, int EPILOGUE>
__global__ void __launch_bounds__((kConsumers + 1) * 128, 1)
    pingpong_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                    const __grid_constant__ CUtensorMap map_c, T* __restrict__ c, int m, int n, int k, int raster) {
  constexpr int kSub = BM / 64;  // m64 wgmma tiles per consumer
  constexpr int kProducerRegs = 40;
  constexpr int kConsumerRegs = 232;  // 128 x (40 + 2 x 232) <= 64K registers
  static_assert(BM % 64 == 0 && kSub * BN / 2 <= 128, "accumulators must fit a consumer's registers");
  static_assert(EPILOGUE > 0 && BN % (64 * EPILOGUE) == 0, "the epilogue stores whole 64-column boxes per round");

  extern __shared__ unsigned char smem_raw[];
  auto& s = *reinterpret_cast<Smem<T, BM, BN, STAGES, EPILOGUE, kConsumers>*>(
      (reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));
  __shared__ uint64_t turn[kConsumers];  // turn[c]: the other consumer has issued its tile's last MMAs
  const int wg = threadIdx.x / 128;
  const uint32_t rank = CLUSTER > 1 ? cluster_rank() : 0;
  const int blocks_m = ceil_div(m, BM), blocks_n = ceil_div(n, BN);
  const int cluster_rows = ceil_div(blocks_m, CLUSTER);
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
      mbar_init(&s.empty[i], 4 * CLUSTER);  // a slot is read by one consumer warpgroup per CTA
    }
    for (int i = 0; i < kConsumers; ++i) mbar_init(&turn[i], 1);
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
        load_k_range<T, BM, BN, STAGES, CLUSTER, EPILOGUE, kConsumers>(s, ring, &map_a, &map_b, row0, col0, 0,
                                                                       k_tiles, rank);
      }
    }
    __syncwarp();
  } else {
    setmaxnreg_inc<kConsumerRegs>();
    const int consumer = warpgroup_index() - 1, other = 1 - consumer, warp = (threadIdx.x % 128) / 32;
    const int lane = threadIdx.x % 32;
    const bool leader = threadIdx.x % 128 == 0;
    float acc[kSub][BN / 2];
    Ring<STAGES> ring;
    if (consumer == 1) ring.skip(k_tiles);  // the CTA's first tile is consumer 0's
    auto pass_turn = [&] {
      if (leader) mbar_arrive(&turn[other]);
    };
    // The j-th tile of consumer 0 waits for the (j-1)-th signal of consumer 1; consumer 1's j-th tile for the
    // j-th signal of consumer 0. Neither can run a full phase ahead of the other, so parity suffices.
    uint32_t turn_phase = 0;
    bool waits = consumer == 1;  // consumer 0 starts the CTA's first tile without waiting
    for (int tile = first + consumer * step; tile < tiles; tile += kConsumers * step) {
      int row0, col0;
      tile_origin(tile, row0, col0);
      if (waits) {
        mbar_wait(&turn[consumer], turn_phase);
        turn_phase ^= 1;
      }
      waits = true;
      mma_k_range<T, BM, BN, STAGES, 1, CLUSTER, EPILOGUE, kConsumers>(s, ring, acc, k_tiles, 0, lane, pass_turn);
      store_tile<T, BN, BM, EPILOGUE>(acc, s.c + consumer * BM * BN / EPILOGUE, &map_c, c, m, n, row0, col0, consumer,
                                      warp, lane);
      ring.skip(k_tiles);  // the other consumer's next tile
    }
  }
  if (wg > 0 && threadIdx.x % 128 == 0) tma_store_wait_all();  // the buffer must outlive the stores
  if constexpr (CLUSTER > 1) cluster_sync();  // no CTA leaves while its peer may still signal its barriers
}

template <typename T, int BM, int BN, int STAGES, int CLUSTER, int EPILOGUE>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  auto kernel = pingpong_kernel<T, BM, BN, STAGES, CLUSTER, EPILOGUE>;
  PersistentLaunch l;
  if (cudaError_t e =
          l.prepare<T, BM, BN, STAGES, kConsumers, CLUSTER, EPILOGUE, /*WHOLE_TILES=*/true>(p, kernel, stream, "step 10"))
    return e;
  return cudaLaunchKernelEx(&l.cfg, kernel, l.map_a, l.map_b, l.map_c, static_cast<T*>(p.c), p.m, p.n, p.k, p.raster);
}

}  // namespace

Step step_pingpong() {
  Step s{10, "pingpong", "consumer warpgroups own alternate tiles and take turns on the tensor cores", {}};
  using bf = __nv_bfloat16;
  auto add = [&](Config c, LaunchFn fn) { s.variants.push_back({c, fn, 8, 8}); };
  //  Config{bm, bn, bk, stages, warps, cluster, dtype, epilogue}; bm x bn is one consumer's tile.
  add({128, 128, kBK, 6, 8, 2, DType::bf16, 2}, launch<bf, 128, 128, 6, 2, 2>);
  add({128, 128, kBK, 5, 8, 2, DType::bf16, 1}, launch<bf, 128, 128, 5, 2, 1>);
  add({64, 256, kBK, 4, 8, 2, DType::bf16, 1}, launch<bf, 64, 256, 4, 2, 1>);
  add({128, 128, kBK, 6, 8, 1, DType::bf16, 2}, launch<bf, 128, 128, 6, 1, 2>);
  add({128, 128, kBK, 6, 8, 2, DType::f16, 2}, launch<__half, 128, 128, 6, 2, 2>);
  return s;
}

}  // namespace spak::gemm
