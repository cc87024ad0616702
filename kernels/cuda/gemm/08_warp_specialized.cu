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
#include <cstdio>
#include <cstdlib>

#include "hopper.cuh"

namespace spak::gemm {
namespace {

using namespace hopper;

constexpr int kBK = 64;

template <typename T, int BM, int BN, int STAGES, int EPILOGUE>
struct Smem08 {
  alignas(1024) T a[STAGES][BM * kBK];
  alignas(1024) T b[STAGES][BN * kBK];
  // per consumer: BN/64 (EPILOGUE 1) or BN/128 (EPILOGUE 2) boxes of [rows][64], 128-byte swizzled
  alignas(1024) T c[EPILOGUE ? BM * BN / EPILOGUE : 8];
  uint64_t full[STAGES];   // TMA bytes landed (1 arrival + transaction bytes)
  uint64_t empty[STAGES];  // consumers done reading (one arrival per consumer warp per CTA of the cluster)
};

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE>
__global__ void __launch_bounds__((CONSUMERS + 1) * 128, 1)
    warp_specialized_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                            const __grid_constant__ CUtensorMap map_c, T* __restrict__ c, int m, int n, int k,
                            int raster) {
  constexpr int kRows = BM / CONSUMERS;  // rows of the tile per consumer warpgroup
  constexpr int kSub = kRows / 64;       // m64 wgmma tiles per consumer
  constexpr uint32_t kStageBytes = (BM + BN) * kBK * sizeof(T);
  constexpr int kProducerRegs = 40;
  constexpr int kConsumerRegs = CONSUMERS == 1 ? 240 : 232;  // 128 x (40 + 2 x 232) <= 64K registers
  static_assert(kRows % 64 == 0 && kSub * BN / 2 <= 128, "accumulators must fit a consumer's registers");
  static_assert(BN % (64 * (EPILOGUE > 0 ? EPILOGUE : 1)) == 0 || EPILOGUE == 0, "the epilogue stores whole 64-column boxes per round");

  extern __shared__ unsigned char smem_raw[];
  auto& s = *reinterpret_cast<Smem08<T, BM, BN, STAGES, EPILOGUE>*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) &
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
      int slot = 0;
      uint32_t phase = 0;
      for (int tile = first; tile < tiles; tile += step) {
        int row0, col0;
        tile_origin(tile, row0, col0);
        for (int t = 0; t < k_tiles; ++t) {
          mbar_wait(&s.empty[slot], phase ^ 1);
          mbar_arrive_expect_tx(&s.full[slot], kStageBytes);
          tma_load_2d(s.a[slot], &map_a, &s.full[slot], t * kBK, row0);
          if constexpr (CLUSTER == 1) {
            tma_load_2d(s.b[slot], &map_b, &s.full[slot], t * kBK, col0);
          } else {
            constexpr int kPart = BN / CLUSTER;
            tma_load_2d_multicast(s.b[slot] + rank * kPart * kBK, &map_b, &s.full[slot], t * kBK,
                                  col0 + int(rank) * kPart, uint16_t((1u << CLUSTER) - 1));
          }
          if (++slot == STAGES) slot = 0, phase ^= 1;
        }
      }
    }
    __syncwarp();
  } else {
    setmaxnreg_inc<kConsumerRegs>();
    const int consumer = wg - 1, warp = (threadIdx.x % 128) / 32, lane = threadIdx.x % 32;
    auto release = [&](int slot) {
      if (lane != 0) return;
      if constexpr (CLUSTER == 1) {
        mbar_arrive(&s.empty[slot]);
      } else {
#pragma unroll
        for (int r = 0; r < CLUSTER; ++r) mbar_arrive_cluster(&s.empty[slot], r);
      }
    };
    float acc[kSub][BN / 2];
    int slot = 0;
    uint32_t phase = 0;
    for (int tile = first; tile < tiles; tile += step) {
      int row0, col0;
      tile_origin(tile, row0, col0);
#pragma unroll
      for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
        for (int i = 0; i < BN / 2; ++i) acc[sub][i] = 0.f;
      int prev = -1;
      for (int t = 0; t < k_tiles; ++t) {
        mbar_wait(&s.full[slot], phase);
#pragma unroll
        for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
        wgmma_fence();
#pragma unroll
        for (int kk = 0; kk < kBK / 16; ++kk) {
          const uint64_t db = desc_k_major_sw128(s.b[slot] + kk * 16);
#pragma unroll
          for (int sub = 0; sub < kSub; ++sub)
            wgmma_m64k16<BN, T>(acc[sub], desc_k_major_sw128(s.a[slot] + (consumer * kRows + sub * 64) * kBK + kk * 16),
                                db, 1);
        }
        wgmma_commit();
        wgmma_wait<1>();  // the previous K tile's MMAs are done: its slot can be refilled
#pragma unroll
        for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
        if (prev >= 0) release(prev);
        prev = slot;
        if (++slot == STAGES) slot = 0, phase ^= 1;
      }
      wgmma_wait<0>();
#pragma unroll
      for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
      if (prev >= 0) release(prev);

      // Accumulator layout as in step 07: warp w holds rows 16w.., acc[4j + 2h + {0,1}] = (row + 8h, 8j + 2(lane%4)).
      if constexpr (EPILOGUE > 0) {
        constexpr int kCols = BN / EPILOGUE;  // columns per round
        T* buf = s.c + consumer * kRows * kCols;
        const bool leader = threadIdx.x % 128 == 0;
#pragma unroll
        for (int round = 0; round < EPILOGUE; ++round) {
          if (leader) tma_store_wait_read();  // the previous round's (or tile's) store has left the buffer
          named_barrier(1 + consumer, 128);
#pragma unroll
          for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
            for (int half = 0; half < 2; ++half) {
              const int r = sub * 64 + warp * 16 + lane / 4 + half * 8;
#pragma unroll
              for (int jj = 0; jj < kCols / 8; ++jj) {  // box jj/8, 16-byte chunk jj%8 of the row, swizzled by row % 8
                const int j = round * kCols / 8 + jj;
                *reinterpret_cast<uint32_t*>(buf + (jj / 8) * kRows * 64 + r * 64 + ((jj % 8) ^ (r % 8)) * 8 +
                                             (lane % 4) * 2) =
                    Elem<T>::pack2(acc[sub][4 * j + 2 * half], acc[sub][4 * j + 2 * half + 1]);
              }
            }
          fence_proxy_async();
          named_barrier(1 + consumer, 128);
          if (leader) {
#pragma unroll
            for (int box = 0; box < kCols / 64; ++box)
              tma_store_2d(&map_c, buf + box * kRows * 64, col0 + round * kCols + box * 64, row0 + consumer * kRows);
            tma_store_commit();
          }
        }
      } else {
#pragma unroll
        for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
          for (int half = 0; half < 2; ++half) {
            const int row = row0 + consumer * kRows + sub * 64 + warp * 16 + lane / 4 + half * 8;
            if (row >= m) continue;
            T* out = c + size_t(row) * n;
#pragma unroll
            for (int j = 0; j < BN / 8; ++j) {
              const int col = col0 + j * 8 + (lane % 4) * 2;
              if (col < n)
                *reinterpret_cast<uint32_t*>(out + col) =
                    Elem<T>::pack2(acc[sub][4 * j + 2 * half], acc[sub][4 * j + 2 * half + 1]);
            }
          }
      }
    }
  }
  if constexpr (EPILOGUE > 0)
    if (wg > 0 && threadIdx.x % 128 == 0) tma_store_wait_all();  // the buffer must outlive the stores
  if constexpr (CLUSTER > 1) cluster_sync();  // no CTA leaves while its peer may still signal its barriers
}

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  CUtensorMap map_a, map_b, map_c{};
  if (cudaError_t e = make_tensor_map_sw128(&map_a, p.a, p.m, p.k, BM, p.dtype)) return e;
  if (cudaError_t e = make_tensor_map_sw128(&map_b, p.b, p.n, p.k, BN / CLUSTER, p.dtype)) return e;
  if (EPILOGUE > 0)
    if (cudaError_t e = make_tensor_map_sw128(&map_c, p.c, p.m, p.n, BM / CONSUMERS, p.dtype)) return e;
  constexpr int kSmem = sizeof(Smem08<T, BM, BN, STAGES, EPILOGUE>) + 1024;
  auto kernel = warp_specialized_kernel<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>;
  if (cudaError_t e = cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem)) return e;

  int sms = p.sms;
  if (sms <= 0) {
    int device = 0;
    if (cudaError_t e = cudaGetDevice(&device)) return e;
    if (cudaError_t e = cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device)) return e;
  }
  const int tiles = ceil_div(ceil_div(p.m, BM), CLUSTER) * ceil_div(p.n, BN);

  cudaLaunchAttribute attr{};
  attr.id = cudaLaunchAttributeClusterDimension;
  attr.val.clusterDim.x = CLUSTER;
  attr.val.clusterDim.y = 1;
  attr.val.clusterDim.z = 1;
  cudaLaunchConfig_t cfg{};
  cfg.blockDim = dim3((CONSUMERS + 1) * 128);
  cfg.dynamicSmemBytes = kSmem;
  cfg.stream = stream;
  cfg.attrs = &attr;
  cfg.numAttrs = 1;
  int slots = sms / CLUSTER;  // clusters that can be resident at once (GPC boundaries can make it fewer)
  if (CLUSTER > 1) {
    cfg.gridDim = dim3(slots * CLUSTER);
    if (cudaError_t e = cudaOccupancyMaxActiveClusters(&slots, kernel, &cfg)) return e;
    if (slots <= 0) return cudaErrorInvalidConfiguration;
  }
  cfg.gridDim = dim3(std::min(tiles, slots) * CLUSTER);
  if (std::getenv("SPAK_GEMM_VERBOSE"))  // launch geometry, for checking what the occupancy query allowed
    std::fprintf(stderr, "step 08: %d tiles, %d resident clusters of %d, grid %u x %d threads, %d B smem\n", tiles, slots,
                 CLUSTER, cfg.gridDim.x, (CONSUMERS + 1) * 128, kSmem);
  return cudaLaunchKernelEx(&cfg, kernel, map_a, map_b, map_c, static_cast<T*>(p.c), p.m, p.n, p.k, p.raster);
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
  add({128, 256, kBK, 3, 8, 2, DType::f16, 1}, launch<__half, 128, 256, 3, 2, 2, 1>);
  return s;
}

}  // namespace spak::gemm
