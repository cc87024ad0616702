// Step 09 — stream-K for the last partial wave: step 08's kernel, but the tiles of the last wave are no longer
// handed out whole.
//
// Why: step 08 gives each persistent cluster whole tiles round-robin. At 4096^3 (128x256 tiles, clusters of 2)
// that is 256 cluster tiles on 66 cluster slots = 3.88 waves: in the 4th wave 8 slots idle, ~3% of the run.
// 8192^3 (15.5 waves) and 16384x1024x4096 lose the same; 3000^3 at 128x256 runs 2.2 waves of work in 3.
// What it adds (the schedule and the flags: stream_k.cuh, shared with the FMHA forward): every slot first takes
// whole tiles round-robin for all but the last two waves; the K iterations of the remaining tiles are then split
// evenly between the slots, so a tile is cut at most once. The tail's owner writes its fp32 partial sums to
// global memory (L2) and raises a flag; the head's owner, which reaches that tile last, waits on the flag
// (already up in practice), adds the partial sums to its accumulators and stores the tile. Every slot does the
// same amount of MMA work, give or take one K tile, plus at most one partial-sum write and one read (128 KB per
// CTA at 128x256). The head's owner stages the partial sums in its (then idle) pipeline ring with one bulk copy
// before adding them.
// Shapes with no full wave, or a whole number of waves, run exactly as step 08.
// Measured (H100, 2026-11-25, docs/gemm.md; ratio to cuBLAS, same instantiation as step 08's default):
// predicted +2-3% where the last wave is partial; measured a loss: 4096^3 0.99x -> 0.91x, 4096x4096x1024
// 0.99x -> 0.81x, 16384x1024x4096 0.99x -> 0.83x; 8192^3 unchanged (1.01-1.02x); a gain only at 3000^3 with
// 128x256 tiles (2.2 waves of work in 3): 0.76x -> 0.84x, still below step 08 with 128x192 tiles (0.86x).
// Staging the partial sums in shared memory (instead of 32 L2 loads per thread into registers) changed 4096^3
// by nothing and 4096x4096x1024 by +2%, so the adds are not what costs.
// ncu at 4096^3: DRAM reads 149 MB (step 08) -> 294 MB, L2 hit rate 78% -> 61%. The stream-K units start at
// staggered K offsets, so the tiles in flight no longer walk the same K slices of A and B through L2 as a
// data-parallel wave does. Kept as a measured rung; step 08 stays the default everywhere.
// Needs K % 8 == 0 and N % 8 == 0 (TMA row pitch).
#include <cstddef>

#include "stream_k.cuh"
#include "warp_specialized.cuh"

namespace spak::gemm {
namespace {

using namespace ws;

// Partial sums in store_partial's thread-major layout, one m64 sub-tile after the other.
template <int kSub, int BN>
__device__ __forceinline__ void save_partial(const float (&acc)[kSub][BN / 2], float* dst, int tid) {
#pragma unroll
  for (int sub = 0; sub < kSub; ++sub)
    store_partial(acc[sub], reinterpret_cast<float4*>(dst) + sub * (BN / 8) * 128, tid);
}

/// acc += the partial sums staged in shared memory (same thread-major layout; conflict-free 16-byte reads).
template <int kSub, int BN>
__device__ __forceinline__ void add_partial(float (&acc)[kSub][BN / 2], const float* staged, int tid) {
#pragma unroll
  for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
    for (int i = 0; i < BN / 8; ++i) {
      const float4 v = reinterpret_cast<const float4*>(staged)[(sub * (BN / 8) + i) * 128 + tid];
      acc[sub][4 * i] += v.x;
      acc[sub][4 * i + 1] += v.y;
      acc[sub][4 * i + 2] += v.z;
      acc[sub][4 * i + 3] += v.w;
    }
}

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE>
__global__ void __launch_bounds__((CONSUMERS + 1) * 128, 1)
    stream_k_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                    const __grid_constant__ CUtensorMap map_c, T* __restrict__ c, int m, int n, int k, int raster,
                    int dp_tiles, float* __restrict__ partials, uint64_t* __restrict__ flags, uint64_t launch_number) {
  constexpr int kRows = BM / CONSUMERS;  // rows of the tile per consumer warpgroup
  constexpr int kSub = kRows / 64;       // m64 wgmma tiles per consumer
  constexpr int kProducerRegs = 40;
  constexpr int kConsumerRegs = CONSUMERS == 1 ? 240 : 232;  // 128 x (40 + 2 x 232) <= 64K registers
  constexpr int kPartialFloats = kRows * BN;                  // one consumer's partial sums
  static_assert(kRows % 64 == 0 && kSub * BN / 2 <= 128, "accumulators must fit a consumer's registers");
  static_assert(BN % (64 * (EPILOGUE > 0 ? EPILOGUE : 1)) == 0 || EPILOGUE == 0, "the epilogue stores whole 64-column boxes per round");
  using Shared = Smem<T, BM, BN, STAGES, EPILOGUE>;
  static_assert(sizeof(Shared::a) + sizeof(Shared::b) >= BM * BN * sizeof(float), "partial sums are staged in the ring");
  static_assert(offsetof(Shared, b) == sizeof(Shared::a), "the ring's A and B stages are contiguous");

  extern __shared__ unsigned char smem_raw[];
  auto& s = *reinterpret_cast<Shared*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));
  const int wg = threadIdx.x / 128;
  const uint32_t rank = CLUSTER > 1 ? cluster_rank() : 0;
  const int blocks_m = ceil_div(m, BM), blocks_n = ceil_div(n, BN);
  const int cluster_rows = ceil_div(blocks_m, CLUSTER);  // tiles are scheduled per cluster (CLUSTER block rows)
  const int tiles = cluster_rows * blocks_n;
  const int k_tiles = ceil_div(k, kBK);
  const int slot = blockIdx.x / CLUSTER, slots = gridDim.x / CLUSTER;
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
    mbar_init(&s.fixup, 1);
    fence_barrier_init();
  }
  if constexpr (CLUSTER > 1) cluster_sync(); else __syncthreads();

  if (wg == 0) {
    setmaxnreg_dec<kProducerRegs>();
    if (threadIdx.x == 0) {
      Schedule schedule(tiles, k_tiles, dp_tiles, slot, slots);
      Ring<STAGES> ring;
      for (Unit u; schedule.next(u);) {
        int row0, col0;
        tile_origin(u.tile, row0, col0);
        load_k_range<T, BM, BN, STAGES, CLUSTER, EPILOGUE>(s, ring, &map_a, &map_b, row0, col0, u.kb, u.ke, rank);
      }
    }
    __syncwarp();
  } else {
    setmaxnreg_inc<kConsumerRegs>();
    const int consumer = warpgroup_index() - 1, warp = (threadIdx.x % 128) / 32, lane = threadIdx.x % 32;
    const int tid = threadIdx.x % 128;
    // Partial sums and flags are indexed by the consumer that writes them: (slot, CTA rank, consumer).
    const int mine = (slot * CLUSTER + int(rank)) * CONSUMERS + consumer;
    const int next_slots = mine + CLUSTER * CONSUMERS;  // the same consumer of the same CTA rank, next slot
    Schedule schedule(tiles, k_tiles, dp_tiles, slot, slots);
    float acc[kSub][BN / 2];
    Ring<STAGES> ring;
    for (Unit u; schedule.next(u);) {
      int row0, col0;
      tile_origin(u.tile, row0, col0);
      mma_k_range<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>(s, ring, acc, u.ke - u.kb, consumer, lane);
      if (u.kb > 0) {  // the tile's tail: the previous slot finishes this tile
        save_partial<kSub, BN>(acc, partials + size_t(mine) * kPartialFloats, tid);
        named_barrier(1 + consumer, 128);
        if (tid == 0) flag_raise(&flags[mine], launch_number);
        continue;
      }
      if (u.ke < k_tiles) {  // the tile's head, always a slot's last unit: the next slot computed the tail
        // Both consumers' MMAs are done and nothing more is loaded: the ring's shared memory is free. One bulk
        // copy stages the CTA's partial sums (one per consumer, contiguous) there; the adds then read shared
        // memory instead of waiting on L2 one load at a time.
        named_barrier(1 + CONSUMERS, CONSUMERS * 128);
        if (threadIdx.x == 128) {
          const int first = next_slots - consumer;  // the tail owner's first consumer
          for (int i = 0; i < CONSUMERS; ++i) flag_wait(&flags[first + i], launch_number);
          fence_proxy_async_global();
          constexpr uint32_t kBytes = CONSUMERS * kPartialFloats * sizeof(float);
          mbar_arrive_expect_tx(&s.fixup, kBytes);
          bulk_load(s.a[0], partials + size_t(first) * kPartialFloats, kBytes, &s.fixup);
        }
        mbar_wait(&s.fixup, 0);  // one head unit per slot: the barrier's first phase
        add_partial<kSub, BN>(acc, reinterpret_cast<const float*>(s.a[0]) + consumer * kPartialFloats, tid);
      }
      store_tile<T, BN, kRows, EPILOGUE>(acc, s.c + consumer * kRows * (BN / (EPILOGUE ? EPILOGUE : 1)), &map_c, c, m, n,
                                         row0 + consumer * kRows, col0, consumer, warp, lane);
    }
  }
  if constexpr (EPILOGUE > 0)
    if (wg > 0 && threadIdx.x % 128 == 0) tma_store_wait_all();  // the buffer must outlive the stores
  if constexpr (CLUSTER > 1) cluster_sync();  // no CTA leaves while its peer may still signal its barriers
}

/// Partial sums and ready flags for every launch in the process: grown on demand, never freed. Launches must
/// not run concurrently (one stream); a flag is up when it holds its launch's number, so none needs clearing.
cudaError_t stream_k_workspace(size_t partial_bytes, size_t flag_count, float** partials, uint64_t** flags) {
  static void* base = nullptr;
  static size_t flag_bytes = 0, partial_capacity = 0;
  const size_t need_flag_bytes = flags_bytes(flag_count);
  if (need_flag_bytes > flag_bytes || partial_bytes > partial_capacity) {
    if (base)
      if (cudaError_t e = cudaFree(base)) return e;
    base = nullptr;
    flag_bytes = std::max(flag_bytes, need_flag_bytes);
    partial_capacity = std::max(partial_capacity, partial_bytes);
    if (cudaError_t e = cudaMalloc(&base, flag_bytes + partial_capacity)) return flag_bytes = partial_capacity = 0, e;
  }
  *flags = static_cast<uint64_t*>(base);
  *partials = reinterpret_cast<float*>(static_cast<char*>(base) + flag_bytes);
  return cudaSuccess;
}

template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE>
cudaError_t launch(const Problem& p, cudaStream_t stream) {
  auto kernel = stream_k_kernel<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>;
  PersistentLaunch l;
  if (cudaError_t e = l.prepare<T, BM, BN, STAGES, CONSUMERS, CLUSTER, EPILOGUE>(p, kernel, stream, "step 09")) return e;
  const int slots = int(l.cfg.gridDim.x) / CLUSTER;
  const int dp_tiles = data_parallel_tiles(l.tiles, slots);
  float* partials = nullptr;
  uint64_t* flags = nullptr;
  if (dp_tiles < l.tiles)
    if (cudaError_t e = stream_k_workspace(size_t(slots) * CLUSTER * BM * BN * sizeof(float),
                                           size_t(slots) * CLUSTER * CONSUMERS, &partials, &flags))
      return e;
  if (std::getenv("SPAK_GEMM_VERBOSE"))
    std::fprintf(stderr, "step 09: %d of %d tiles data-parallel, %d stream-K over %d slots\n", dp_tiles, l.tiles,
                 l.tiles - dp_tiles, slots);
  return cudaLaunchKernelEx(&l.cfg, kernel, l.map_a, l.map_b, l.map_c, static_cast<T*>(p.c), p.m, p.n, p.k, p.raster,
                            dp_tiles, partials, flags, next_launch_number());
}

}  // namespace

Step step_stream_k() {
  Step s{9, "stream_k", "step 08 + stream-K: the last partial wave's K iterations shared evenly by all SMs", {}};
  using bf = __nv_bfloat16;
  auto add = [&](Config c, LaunchFn fn) { s.variants.push_back({c, fn, 8, 8}); };
  //  Config{bm, bn, bk, stages, warps, cluster, dtype, epilogue}; the first is the default (step 08's default)
  add({128, 256, kBK, 4, 8, 2, DType::bf16, 2}, launch<bf, 128, 256, 4, 2, 2, 2>);
  add({128, 256, kBK, 4, 8, 1, DType::bf16, 2}, launch<bf, 128, 256, 4, 2, 1, 2>);
  add({128, 192, kBK, 4, 8, 2, DType::bf16, 1}, launch<bf, 128, 192, 4, 2, 2, 1>);
  add({256, 128, kBK, 4, 8, 2, DType::bf16, 2}, launch<bf, 256, 128, 4, 2, 2, 2>);
  add({128, 256, kBK, 4, 8, 2, DType::f16, 2}, launch<__half, 128, 256, 4, 2, 2, 2>);
  return s;
}

}  // namespace spak::gemm
