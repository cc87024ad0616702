// The parts of the warp-specialised wgmma kernel that steps 08, 09 and 10 share: the shared-memory layout, the
// producer's loads of one K range, the consumers' MMA loop over it, and the epilogue. Step 08 runs them on
// whole tiles; step 09 also on pieces of tiles (stream-K); step 10 gives each consumer warpgroup its own tiles
// (ping-pong). See 08_warp_specialized.cu for the why of each.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "hopper.cuh"

namespace spak::gemm::ws {

using namespace hopper;

constexpr int kBK = 64;

/// BUFFERS: epilogue buffers of BM x BN / EPILOGUE; 1 when the consumers split one tile (steps 08, 09), one per
/// consumer when each writes whole tiles of its own (step 10).
template <typename T, int BM, int BN, int STAGES, int EPILOGUE, int BUFFERS = 1>
struct Smem {
  alignas(1024) T a[STAGES][BM * kBK];
  alignas(1024) T b[STAGES][BN * kBK];
  // per consumer: BN/64 (EPILOGUE 1) or BN/128 (EPILOGUE 2) boxes of [rows][64], 128-byte swizzled
  alignas(1024) T c[EPILOGUE ? BUFFERS * BM * BN / EPILOGUE : 8];
  uint64_t full[STAGES];   // TMA bytes landed (1 arrival + transaction bytes)
  uint64_t empty[STAGES];  // consumers done reading (one arrival per consumer warp per CTA of the cluster)
  uint64_t fixup;          // step 09: stream-K partial sums landed in the (then idle) ring
};

/// Position in the ring of STAGES slots; producer and consumers each keep one and advance it per K tile.
template <int STAGES>
struct Ring {
  int slot = 0;
  uint32_t phase = 0;
  __device__ void advance() {
    if (++slot == STAGES) slot = 0, phase ^= 1;
  }
  /// Step 10: passes over the `n` K tiles that the other consumer warpgroup reads.
  __device__ void skip(int n) {
    const int to = slot + n;
    phase ^= uint32_t(to / STAGES) & 1;
    slot = to % STAGES;
  }
};

/// The default of mma_k_range's hooks: nothing to do.
struct NoHook {
  template <typename... Args>
  __device__ void operator()(Args...) const {}
};

/// L2 eviction hints of step 08 (Config::l2_hint): C is written once and never read back, and a B column panel
/// is read by the clusters of one wave at about the same K and then not again until the next raster group, while
/// A panels are read again by every tile of the group. evict_first on the data used once keeps the A panels in L2.
enum L2Hint { kNoHint = 0, kStoreEvictFirst = 1, kStoreAndBEvictFirst = 2 };

/// Producer (one thread): loads K tiles [kb, ke) of the tile at (row0, col0) into the ring. With CLUSTER > 1
/// each CTA loads 1/CLUSTER of B and multicasts it to the whole cluster.
template <typename T, int BM, int BN, int STAGES, int CLUSTER, int EPILOGUE, int BUFFERS = 1, int L2_HINT = kNoHint>
__device__ __forceinline__ void load_k_range(Smem<T, BM, BN, STAGES, EPILOGUE, BUFFERS>& s, Ring<STAGES>& ring,
                                             const CUtensorMap* map_a, const CUtensorMap* map_b, int row0, int col0,
                                             int kb, int ke, uint32_t rank) {
  constexpr uint32_t kStageBytes = (BM + BN) * kBK * sizeof(T);
  for (int t = kb; t < ke; ++t) {
    mbar_wait(&s.empty[ring.slot], ring.phase ^ 1);
    mbar_arrive_expect_tx(&s.full[ring.slot], kStageBytes);
    tma_load_2d(s.a[ring.slot], map_a, &s.full[ring.slot], t * kBK, row0);
    if constexpr (CLUSTER == 1) {
      if constexpr (L2_HINT == kStoreAndBEvictFirst)
        tma_load_2d_hint(s.b[ring.slot], map_b, &s.full[ring.slot], t * kBK, col0, l2_policy_evict_first());
      else
        tma_load_2d(s.b[ring.slot], map_b, &s.full[ring.slot], t * kBK, col0);
    } else {
      constexpr int kPart = BN / CLUSTER;
      T* dst = s.b[ring.slot] + rank * kPart * kBK;
      constexpr uint16_t kAll = (1u << CLUSTER) - 1;
      if constexpr (L2_HINT == kStoreAndBEvictFirst)
        tma_load_2d_multicast_hint(dst, map_b, &s.full[ring.slot], t * kBK, col0 + int(rank) * kPart, kAll,
                                   l2_policy_evict_first());
      else
        tma_load_2d_multicast(dst, map_b, &s.full[ring.slot], t * kBK, col0 + int(rank) * kPart, kAll);
    }
    ring.advance();
  }
}

/// A consumer warp gives a slot back: one arrival per warp on the empty barrier of every CTA of the cluster.
template <int CLUSTER>
__device__ __forceinline__ void release_slot(uint64_t* empty, int lane) {
  if (lane != 0) return;
  if constexpr (CLUSTER == 1) {
    mbar_arrive(empty);
  } else {
#pragma unroll
    for (int r = 0; r < CLUSTER; ++r) mbar_arrive_cluster(empty, r);
  }
}

/// Consumer warpgroup `consumer`: acc = sum over `k_count` K tiles from the ring of its kRows x BN rows of the
/// tile. One K tile of wgmma stays in flight (wait_group 1) and the previous one's slot is released.
/// `after_issue` runs once every K tile has landed and its MMAs are issued, before the last ones complete;
/// `each_issue(t)` after K tile t's MMAs are issued and the previous tile's slot is released (the tensor cores
/// are busy with tile t meanwhile). SCALE_ZERO: instead of zeroing acc first, the first MMA ignores it
/// (scale-d 0), which takes the zeroing's instructions off the gap between tiles.
template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE, int BUFFERS = 1,
          bool SCALE_ZERO = false, typename AfterIssue = NoHook, typename EachIssue = NoHook>
__device__ __forceinline__ void mma_k_range(Smem<T, BM, BN, STAGES, EPILOGUE, BUFFERS>& s, Ring<STAGES>& ring,
                                            float (&acc)[BM / CONSUMERS / 64][BN / 2], int k_count, int consumer,
                                            int lane, AfterIssue after_issue = {}, EachIssue each_issue = {}) {
  constexpr int kRows = BM / CONSUMERS;
  constexpr int kSub = kRows / 64;
  if constexpr (!SCALE_ZERO)
#pragma unroll
    for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
      for (int i = 0; i < BN / 2; ++i) acc[sub][i] = 0.f;
  // Descriptors are encoded once (slot 0, this consumer's rows) and stepped by constants; with `consumer`
  // uniform (warpgroup_index) they stay in uniform registers.
  const uint64_t desc_a = desc_k_major_sw128(s.a[0] + consumer * kRows * kBK), desc_b = desc_k_major_sw128(s.b[0]);
  int prev = -1;
  for (int t = 0; t < k_count; ++t) {
    mbar_wait(&s.full[ring.slot], ring.phase);
#pragma unroll
    for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
    wgmma_fence();
    const uint64_t da = desc_advance(desc_a, ring.slot * sizeof(s.a[0])),
                   db = desc_advance(desc_b, ring.slot * sizeof(s.b[0]));
#pragma unroll
    for (int kk = 0; kk < kBK / 16; ++kk) {
#pragma unroll
      for (int sub = 0; sub < kSub; ++sub)
        wgmma_m64k16<BN, T>(acc[sub], desc_advance(da, (sub * 64 * kBK + kk * 16) * sizeof(T)),
                            desc_advance(db, kk * 16 * sizeof(T)), SCALE_ZERO && kk == 0 ? int(t > 0) : 1);
    }
    wgmma_commit();
    wgmma_wait<1>();  // the previous K tile's MMAs are done: its slot can be refilled
#pragma unroll
    for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
    if (prev >= 0) release_slot<CLUSTER>(&s.empty[prev], lane);
    prev = ring.slot;
    ring.advance();
    each_issue(t);
  }
  after_issue();
  wgmma_wait<0>();
#pragma unroll
  for (int sub = 0; sub < kSub; ++sub) fence_operands(acc[sub]);
  if (prev >= 0) release_slot<CLUSTER>(&s.empty[prev], lane);
}

/// One round of the shared-memory epilogue: columns [round, round + 1) * BN / EPILOGUE of a consumer's kRows rows
/// go through its 128-byte-swizzled buffer (bank-conflict free) to a TMA store (which clips the matrix edge) at
/// (row0, col0) (row0 already offset to the consumer's rows). `packed(sub, j, half)` gives the two output elements
/// of acc[sub][4j + 2half + {0,1}]. `round` must be a compile-time constant after unrolling (it indexes registers).
/// Accumulator layout as in step 07: warp w holds rows 16w.., acc[4j + 2h + {0,1}] = (row + 8h, 8j + 2(lane%4)).
template <typename T, int BN, int kRows, int EPILOGUE, bool EVICT_FIRST, typename Packed>
__device__ __forceinline__ void store_round(int round, Packed packed, T* buf, const CUtensorMap* map_c, int row0,
                                            int col0, int consumer, int warp, int lane) {
  constexpr int kSub = kRows / 64;
  constexpr int kCols = BN / EPILOGUE;  // columns per round
  const bool leader = threadIdx.x % 128 == 0;
  if (leader) tma_store_wait_read();  // the previous round's (or tile's) store has left the buffer
  named_barrier(1 + consumer, 128);
#pragma unroll
  for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      const int r = sub * 64 + warp * 16 + lane / 4 + half * 8;
#pragma unroll
      for (int jj = 0; jj < kCols / 8; ++jj)  // box jj/8, 16-byte chunk jj%8 of the row, swizzled by row % 8
        *reinterpret_cast<uint32_t*>(buf + (jj / 8) * kRows * 64 + r * 64 + ((jj % 8) ^ (r % 8)) * 8 +
                                     (lane % 4) * 2) = packed(sub, round * kCols / 8 + jj, half);
    }
  fence_proxy_async();
  named_barrier(1 + consumer, 128);
  if (leader) {
#pragma unroll
    for (int box = 0; box < kCols / 64; ++box) {
      if constexpr (EVICT_FIRST)
        tma_store_2d_hint(map_c, buf + box * kRows * 64, col0 + round * kCols + box * 64, row0,
                          l2_policy_evict_first());
      else
        tma_store_2d(map_c, buf + box * kRows * 64, col0 + round * kCols + box * 64, row0);
    }
    tma_store_commit();
  }
}

/// Writes a consumer's kRows x BN accumulators to C at (row0, col0) (row0 already offset to the consumer's rows).
/// EPILOGUE 1/2/3: through the shared buffer and TMA in EPILOGUE rounds (store_round); 0: straight from
/// registers to global memory. EVICT_FIRST: the TMA stores mark C's lines evict_first in L2.
template <typename T, int BN, int kRows, int EPILOGUE, bool EVICT_FIRST = false>
__device__ __forceinline__ void store_tile(const float (&acc)[kRows / 64][BN / 2], T* buf, const CUtensorMap* map_c,
                                           T* c, int m, int n, int row0, int col0, int consumer, int warp, int lane) {
  constexpr int kSub = kRows / 64;
  if constexpr (EPILOGUE > 0) {
    const auto packed = [&](int sub, int j, int half) {
      return Elem<T>::pack2(acc[sub][4 * j + 2 * half], acc[sub][4 * j + 2 * half + 1]);
    };
#pragma unroll
    for (int round = 0; round < EPILOGUE; ++round)
      store_round<T, BN, kRows, EPILOGUE, EVICT_FIRST>(round, packed, buf, map_c, row0, col0, consumer, warp, lane);
  } else {
#pragma unroll
    for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        const int row = row0 + sub * 64 + warp * 16 + lane / 4 + half * 8;
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

/// Step 08's deferred epilogue (Config::defer): a consumer's finished tile, packed to output elements in
/// registers, whose shared-memory rounds and TMA stores run while the tensor cores work on the next tile's first
/// K tiles (round r after K tile r is issued) instead of while they idle between tiles. Costs kRows / 64 x BN / 4
/// 32-bit registers per consumer thread (64 at 128x256, next to the 128 accumulators).
template <typename T, int BN, int kRows, int EPILOGUE, bool EVICT_FIRST>
struct DeferredTile {
  static_assert(EPILOGUE > 0, "the deferred epilogue goes through the shared-memory buffer");
  static constexpr int kSub = kRows / 64;
  uint32_t packed[kSub][BN / 4];  // packed[sub][2j + half] = acc[sub][4j + 2half + {0,1}]
  int row0 = 0, col0 = 0;
  bool pending = false;

  /// Takes the accumulators of the tile at (row0, col0) (after all rounds of the previous one are stored).
  __device__ __forceinline__ void take(const float (&acc)[kSub][BN / 2], int row, int col) {
#pragma unroll
    for (int sub = 0; sub < kSub; ++sub)
#pragma unroll
      for (int i = 0; i < BN / 4; ++i) packed[sub][i] = Elem<T>::pack2(acc[sub][2 * i], acc[sub][2 * i + 1]);
    row0 = row, col0 = col, pending = true;
  }
  /// Stores the rounds r with first <= r < last (run time bounds; the unrolled loop keeps the indices constant).
  __device__ __forceinline__ void store(int first, int last, T* buf, const CUtensorMap* map_c, int consumer,
                                        int warp, int lane) {
    if (!pending) return;
    const auto value = [&](int sub, int j, int half) { return packed[sub][2 * j + half]; };
#pragma unroll
    for (int r = 0; r < EPILOGUE; ++r)
      if (r >= first && r < last)
        store_round<T, BN, kRows, EPILOGUE, EVICT_FIRST>(r, value, buf, map_c, row0, col0, consumer, warp, lane);
  }
};

/// Host side: the tensor maps, the shared-memory opt-in and the persistent grid of a kernel of this family
/// (one CTA per SM; with clusters, as many clusters as the occupancy query says can be resident at once).
struct PersistentLaunch {
  CUtensorMap map_a{}, map_b{}, map_c{};
  cudaLaunchAttribute attr{};
  cudaLaunchConfig_t cfg{};
  int tiles = 0;  // output tiles counted per cluster (CLUSTER vertically adjacent block tiles)
  int slots = 0;  // clusters resident at once; the grid is min(tiles, slots) clusters

  PersistentLaunch() = default;
  PersistentLaunch(const PersistentLaunch&) = delete;  // cfg points at attr

  /// WHOLE_TILES: each consumer writes whole BM x BN tiles through its own epilogue buffer (step 10) instead of
  /// BM / CONSUMERS rows of a shared one.
  template <typename T, int BM, int BN, int STAGES, int CONSUMERS, int CLUSTER, int EPILOGUE,
            bool WHOLE_TILES = false, typename Kernel>
  cudaError_t prepare(const Problem& p, Kernel kernel, cudaStream_t stream, const char* step) {
    if (cudaError_t e = make_tensor_map_sw128(&map_a, p.a, p.m, p.k, BM, p.dtype)) return e;
    if (cudaError_t e = make_tensor_map_sw128(&map_b, p.b, p.n, p.k, BN / CLUSTER, p.dtype)) return e;
    if (EPILOGUE > 0)
      if (cudaError_t e = make_tensor_map_sw128(&map_c, p.c, p.m, p.n, WHOLE_TILES ? BM : BM / CONSUMERS, p.dtype))
        return e;
    constexpr int kSmem = sizeof(Smem<T, BM, BN, STAGES, EPILOGUE, WHOLE_TILES ? CONSUMERS : 1>) + 1024;
    if (cudaError_t e = cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem)) return e;

    int sms = p.sms;
    if (sms <= 0) {
      int device = 0;
      if (cudaError_t e = cudaGetDevice(&device)) return e;
      if (cudaError_t e = cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device)) return e;
    }
    tiles = ceil_div(ceil_div(p.m, BM), CLUSTER) * ceil_div(p.n, BN);
    attr.id = cudaLaunchAttributeClusterDimension;
    attr.val.clusterDim.x = CLUSTER;
    attr.val.clusterDim.y = 1;
    attr.val.clusterDim.z = 1;
    cfg.blockDim = dim3((CONSUMERS + 1) * 128);
    cfg.dynamicSmemBytes = kSmem;
    cfg.stream = stream;
    cfg.attrs = &attr;
    cfg.numAttrs = 1;
    slots = sms / CLUSTER;
    if (CLUSTER > 1) {  // clusters that can be resident at once: GPC boundaries can make it fewer than SMs / CLUSTER
      int resident = 0;
      cfg.gridDim = dim3(slots * CLUSTER);
      if (cudaError_t e = cudaOccupancyMaxActiveClusters(&resident, kernel, &cfg)) return e;
      slots = std::min(slots, resident);
    }
    if (slots <= 0) return cudaErrorInvalidConfiguration;
    cfg.gridDim = dim3(std::min(tiles, slots) * CLUSTER);
    if (std::getenv("SPAK_GEMM_VERBOSE"))  // launch geometry, for checking what the occupancy query allowed
      std::fprintf(stderr, "%s: %d tiles, %d resident clusters of %d, grid %u x %d threads, %d B smem\n", step, tiles,
                   slots, CLUSTER, cfg.gridDim.x, (CONSUMERS + 1) * 128, kSmem);
    return cudaSuccess;
  }
};

}  // namespace spak::gemm::ws
