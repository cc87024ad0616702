// Step 05, a Hopper backward (FlashAttention-3 style): wgmma and TMA for step 03's math. Why: step 03's mma.sync
// backward reaches 0.74-1.22x the FlashAttention-2 SDPA backend on an H100 because every operand passes
// through registers (ldmatrix) and the warps that compute also load; Hopper's warpgroup MMA reads operands
// straight from shared memory and TMA moves whole tiles with one thread, as in the forward (step 04).
//
// Two passes of one kernel template after a preprocess kernel, all deterministic (no atomics):
//   stats   per query row: LSE·log2(e) (+inf where the row is past s_q or saw no key) and
//           Delta = rowsum(dO ⊙ O), into the workspace with rows padded to a multiple of ROWS, so the
//           passes load them without bounds checks (TMA-style bulk copies need 16-byte-aligned rows).
//   dK/dV   a block owns ROWS keys of one KV head (resident X1 = K, X2 = V) and streams COLS-query tiles
//           (Y1 = Q, Y2 = dO, with their LSE and Delta) of every query head that shares the KV head (GQA summed
//           in-block): Sᵀ = K·Qᵀ, dPᵀ = V·dOᵀ (SS-wgmma), Pᵀ = exp2(Sᵀ·scale·log2e − LSE·log2e),
//           dSᵀ = Pᵀ ⊙ (dPᵀ − Delta), then dV += Pᵀ·dO and dK += dSᵀ·Q as RS-wgmma: Pᵀ and dSᵀ stay in the
//           registers they were computed in (the m64n64 accumulator layout is the register-A layout) and
//           Q, dO are read MN-major exactly as TMA wrote them (as V is in the forward's P·V).
//   dQ      a block owns ROWS queries of one head (X1 = Q, X2 = dO, per-row LSE and Delta) and streams the
//           key tiles (Y1 = K, Y2 = V): S = Q·Kᵀ, dP = dO·Vᵀ, dS as above, dQ += dS·K.
// The same pipeline serves both because both are "two SS products against a streamed pair, an element-wise
// step, RS products against the same pair": dK and dQ are both dS·Y1, dV = P·Y2 (dK/dV pass only).
//
// Why a separate dQ pass instead of FlashAttention-3's fp32 atomics: the dQ pass recomputes S and dP (7 instead
// of 5 GEMM-sized products, 40% more tensor work), but dQ = dS·K needs dS with queries as rows, which the
// dK/dV pass holds transposed in registers spread over its warpgroups; atomics would need dSᵀ written to shared
// memory in a transposed-A layout, a B·H·S_q·D fp32 accumulator in the workspace, a convert kernel, and would
// make dQ differ bitwise from run to run. This keeps step 03's guarantee (bitwise reproducible gradients) and
// needs one pipeline only; the fp32 atomics remain the next step if the device shows the recompute dominating.
//
// Block layout (both passes): warpgroup 0 is the producer (one thread, registers given away with setmaxnreg):
// per work item the streamed pair (and, for dK/dV, the tile's LSE and Delta values) through a 2- or 3-deep ring
// of full/empty mbarriers, and the resident pair once the previous item's last SS products are done with it (the
// item's first tile streams in meanwhile). Two (or three) consumer warpgroups own 64 rows each and walk the same
// tiles. Within a tile a consumer issues both SS products as separate commit groups and computes P while dP's
// MMAs still run. A block walks work items (row block, head, batch) with a grid stride: one item per block, or,
// in the persistent configs, one block per SM, so an item's start (resident rows, first tiles) hides behind the
// previous item's last tiles and stores. Causal: dK/dV items start at the first query tile that sees their first
// key, dQ items stop after the last key tile their last query sees (heaviest items first both ways); elements
// are masked only on tiles crossing the diagonal or the ragged key end (dQ pass; in the dK/dV pass padded queries
// have +inf LSE, so P is 0 there). Head dims 64 and 128, bf16 and fp16; 16-byte-aligned pointers and strides
// (TMA).
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "kernels/cuda/fmha/fmha_common.cuh"
#include "kernels/cuda/fmha/tma_4d.cuh"
#include "kernels/cuda/fmha/wgmma_rs.cuh"
#include "kernels/cuda/fmha/wgmma_ss.cuh"

namespace spak::fmha {
namespace {

namespace hp = gemm::hopper;

/// One compile-time tiling: rows a block owns (64 per consumer warpgroup), rows of a streamed tile (the width of
/// S, P and dS), the depth of the streamed ring, whether the grid is persistent (one block per SM walks the work
/// items, loading the next item's first tiles and resident rows while it finishes the current one; else one
/// block per item), and the one head dim it is built for (0: both).
struct BwdConfig {
  int rows, cols, stages;
  bool persistent;
  int head_dim;
};
// 128 x 64 fits D=128's accumulators (dK, dV: 64 registers each, S, dP: 32, Pᵀ, dSᵀ packed: 16) in the
// consumers' 240 registers. D=64 has room for wider streamed tiles (fewer barrier rounds and waits per FLOP) or
// a third consumer warpgroup (three share each streamed tile; 160 registers each). A third stage lets the
// producer run a tile further ahead (shared memory allows it for the two-consumer tilings).
// Not built: leaving a tile's RS products in flight while the next tile's SS products are issued (FA3's
// overlap inside a warpgroup); ptxas injects a wgmma wait before the next issue anyway (C7517) and, at D=128,
// serialises the wgmmas for want of registers (C7512).
constexpr BwdConfig kConfigs[] = {{128, 64, 2, false, 0},  {128, 128, 2, false, 64}, {192, 64, 2, false, 64},
                                   {128, 64, 3, false, 0},  {128, 128, 3, false, 64}, {128, 64, 2, true, 0},
                                   {128, 128, 2, true, 64}};
constexpr int kNumConfigs = sizeof(kConfigs) / sizeof(kConfigs[0]);
constexpr int kMaxSmemBytes = 227 * 1024;  // the most dynamic shared memory a block may have on sm_90

enum class Pass { kDkDv, kDq };

/// Query rows per (batch, head) in the stats workspace: s_q rounded up to a multiple of every config's block
/// rows and tile rows, so a dQ block's rows and a dK/dV tile's queries always lie inside it.
constexpr int kStatsRowAlign = 384;
__host__ __device__ inline int padded_rows(int s_q) { return ceil_div(s_q, kStatsRowAlign) * kStatsRowAlign; }

template <typename T, int D, int ROWS, int COLS, int STAGES>
struct BwdSmem {
  alignas(1024) T x1[ROWS * D];           // resident: K (dK/dV) or Q (dQ); D/64 boxes of [ROWS][64]
  alignas(1024) T x2[ROWS * D];           // resident: V or dO
  alignas(1024) T y1[STAGES][COLS * D];  // streamed: Q or K; D/64 boxes of [COLS][64] per stage
  alignas(1024) T y2[STAGES][COLS * D];  // streamed: dO or V
  alignas(16) float lse2[STAGES][COLS];  // dK/dV: the streamed queries' LSE·log2(e) and Delta
  alignas(16) float delta[STAGES][COLS];
  uint64_t x_full, x_empty;  // the resident pair: loaded (TMA bytes), read by every consumer warp's last SS
  uint64_t full[STAGES], empty[STAGES];  // full: 1 arrival + TMA bytes; empty: one arrival per consumer warp
};

/// lse2 = LSE·log2(e) (+inf for rows that must contribute nothing: past s_q, or fully masked in the forward),
/// delta = rowsum(dO ⊙ O); one warp per padded row, [b][h][padded_rows] each.
template <typename T>
__global__ void stats_kernel(const spak_fmha_args a, const T* d_o, int rows, float* lse2, float* delta) {
  const int row = blockIdx.x * 4 + threadIdx.x / 32, lane = threadIdx.x % 32, h = blockIdx.y, b = blockIdx.z;
  if (row >= rows) return;
  const int64_t out = (int64_t(b) * a.h + h) * rows + row;
  if (row >= a.s_q) {
    if (lane == 0) lse2[out] = INFINITY, delta[out] = 0.f;
    return;
  }
  const int64_t off = b * a.q_stride_b + h * a.q_stride_h + row * a.q_stride_s;
  const T* o = static_cast<const T*>(a.o) + off;
  float sum = 0.f;
  for (int c = lane; c < a.d; c += 32) sum += Elem<T>::to_float(o[c]) * Elem<T>::to_float(d_o[off + c]);
  for (int s = 16; s > 0; s >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, s);
  if (lane == 0) {
    const float l = a.lse[(int64_t(b) * a.h + h) * a.s_q + row];
    lse2[out] = l == -INFINITY ? INFINITY : l * kLog2e;
    delta[out] = sum;
  }
}

/// Which streamed tile comes i-th and where its rows are, identical in producer and consumers.
template <int COLS>
struct Stream {
  int first, per_head, tiles;  // dK/dV: first query tile, tiles per query head, all tiles; dQ: key tiles
  int head0;                   // dK/dV: the group's first query head
  __device__ int head(int i) const { return head0 + i / per_head; }
  __device__ int row0(int i) const { return first + (i % per_head) * COLS; }
};

template <typename T, int D, int ROWS, int COLS, int STAGES, Pass PASS>
__global__ void __launch_bounds__((ROWS / 64 + 1) * 128, 1)
    backward_kernel(const __grid_constant__ CUtensorMap map_x1, const __grid_constant__ CUtensorMap map_x2,
                    const __grid_constant__ CUtensorMap map_y1, const __grid_constant__ CUtensorMap map_y2,
                    const spak_fmha_args a, const float* lse2_ws, const float* delta_ws, T* out1, T* out2) {
  constexpr bool kDkDv = PASS == Pass::kDkDv;
  constexpr int kBoxes = D / 64, kConsumers = ROWS / 64;
  constexpr int kConsumerRegs = kConsumers == 2 ? 240 : 160;  // 128 x 24 + consumers x 128 x regs <= 64K
  constexpr uint32_t kTileBytes = COLS * D * sizeof(T);
  using Smem = BwdSmem<T, D, ROWS, COLS, STAGES>;
  extern __shared__ unsigned char smem_raw[];
  Smem& s = *reinterpret_cast<Smem*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));

  const int group = a.h / a.h_kv, stat_rows = padded_rows(a.s_q);
  // Work items: dK/dV: ROWS keys of one KV head, streaming queries of its group's query heads; dQ: ROWS queries
  // of one head, streaming keys of its KV head. Row blocks fastest (causal: the heaviest first: low keys for
  // dK/dV, high queries for dQ), then heads, then batches.
  const int row_blocks = ceil_div(kDkDv ? a.s_k : a.s_q, ROWS), heads = kDkDv ? a.h_kv : a.h;
  const int n_work = row_blocks * heads * a.b;
  struct Item {
    int row0, x_head, y_head, b;  // y_head: dQ: the KV head streamed (dK/dV streams several, Stream::head)
    Stream<COLS> st;
  };
  auto item = [&](int w) {
    Item t;
    const int blk = w % row_blocks;
    t.x_head = (w / row_blocks) % heads, t.b = w / (row_blocks * heads);
    t.row0 = (kDkDv || !a.causal ? blk : row_blocks - 1 - blk) * ROWS;
    t.y_head = t.x_head / group;
    if constexpr (kDkDv) {
      // Causal: key n is seen by queries m >= n - pos_offset.
      t.st.first = a.causal ? max(0, t.row0 - a.pos_offset) / COLS * COLS : 0;
      t.st.per_head = t.st.first < a.s_q ? ceil_div(a.s_q - t.st.first, COLS) : 0;
      t.st.head0 = t.x_head * group;
      t.st.tiles = t.st.per_head * group;
    } else {
      t.st.first = 0, t.st.head0 = t.y_head;
      t.st.per_head = t.st.tiles = ceil_div(causal_key_end(t.row0, ROWS, a.s_k, a.causal, a.pos_offset), COLS);
    }
    return t;
  };
  const int wg = threadIdx.x / 128;

  if (threadIdx.x == 0) {
    hp::mbar_init(&s.x_full, 1);
    hp::mbar_init(&s.x_empty, kConsumers * 4);
    for (int i = 0; i < STAGES; ++i) {
      hp::mbar_init(&s.full[i], 1);
      hp::mbar_init(&s.empty[i], kConsumers * 4);
    }
    hp::fence_barrier_init();
  }
  __syncthreads();

  if (wg == 0) {
    hp::setmaxnreg_dec<24>();
    if (threadIdx.x == 0) {
      int tile = 0, loads = 0;  // streamed tiles and resident pairs loaded so far: ring stage and phases
      for (int w = blockIdx.x; w < n_work; w += gridDim.x) {
        const Item t = item(w);
        for (int i = 0; i < t.st.tiles; ++i, ++tile) {
          const int stage = tile % STAGES, y_head = kDkDv ? t.st.head(i) : t.y_head, y0 = t.st.row0(i);
          hp::mbar_wait(&s.empty[stage], ((tile / STAGES) & 1) ^ 1);
          hp::mbar_arrive_expect_tx(&s.full[stage], 2 * kTileBytes + (kDkDv ? 2 * COLS * sizeof(float) : 0));
          for (int box = 0; box < kBoxes; ++box) {
            tma_load_4d(s.y1[stage] + box * COLS * 64, &map_y1, &s.full[stage], box * 64, y0, y_head, t.b);
            tma_load_4d(s.y2[stage] + box * COLS * 64, &map_y2, &s.full[stage], box * 64, y0, y_head, t.b);
          }
          if constexpr (kDkDv) {
            const int64_t stats = (int64_t(t.b) * a.h + y_head) * stat_rows + y0;
            hp::bulk_load(s.lse2[stage], lse2_ws + stats, COLS * sizeof(float), &s.full[stage]);
            hp::bulk_load(s.delta[stage], delta_ws + stats, COLS * sizeof(float), &s.full[stage]);
          }
          if (i == 0) {  // the first tile streams in while the previous item's last SS products still read X
            hp::mbar_wait(&s.x_empty, (loads++ & 1) ^ 1);
            hp::mbar_arrive_expect_tx(&s.x_full, 2 * ROWS * D * sizeof(T));
            for (int box = 0; box < kBoxes; ++box) {
              tma_load_4d(s.x1 + box * ROWS * 64, &map_x1, &s.x_full, box * 64, t.row0, t.x_head, t.b);
              tma_load_4d(s.x2 + box * ROWS * 64, &map_x2, &s.x_full, box * 64, t.row0, t.x_head, t.b);
            }
          }
        }
      }
    }
    return;
  }

  hp::setmaxnreg_inc<kConsumerRegs>();
  // Uniform (warpgroup_index), so the descriptors below live in uniform registers and step by constants
  // (desc_advance) instead of being re-encoded before each wgmma.
  const int consumer = hp::warpgroup_index() - 1, warp = (threadIdx.x % 128) / 32, lane = threadIdx.x % 32;
  // X's descriptors start at this warpgroup's rows inside each [ROWS][64] box; Y's at stage 0 (stages are
  // kTileBytes apart).
  const uint64_t desc_x1 = hp::desc_k_major_sw128(s.x1 + consumer * 64 * 64),
                 desc_x2 = hp::desc_k_major_sw128(s.x2 + consumer * 64 * 64),
                 desc_y1 = hp::desc_k_major_sw128(s.y1[0]), desc_y2 = hp::desc_k_major_sw128(s.y2[0]),
                 desc_y1_mn = desc_mn_major_sw128(s.y1[0], kTileBytes / kBoxes),
                 desc_y2_mn = desc_mn_major_sw128(s.y2[0], kTileBytes / kBoxes);
  // acc (+)= X·Yᵀ over D in K-steps of 16 inside the 64-column boxes, both operands K-major.
  auto issue_ss = [&](float (&acc)[COLS / 2], uint64_t desc_x, uint64_t desc_y) {
#pragma unroll
    for (int kk = 0; kk < D / 16; ++kk) {
      const int box = kk / 4, col = (kk % 4) * 16;
      wgmma_ss_m64k16<COLS, T>(acc, hp::desc_advance(desc_x, (box * ROWS * 64 + col) * sizeof(T)),
                               hp::desc_advance(desc_y, (box * COLS * 64 + col) * sizeof(T)), kk > 0);
    }
    hp::wgmma_commit();
  };
  const float scale_log2 = a.scale * kLog2e;

  // Accumulator layout (m64nN, per warp 16 rows): x[4j + 2*half + e] = (row + 8*half, col 8j + 2*(lane%4) + e).
  float acc1[D / 2];                   // dK or dQ (unscaled)
  float acc2[kDkDv ? D / 2 : 1];       // dV
  float sp[COLS / 2], dp[COLS / 2];  // S then P; dP then dS
  uint32_t p_a[COLS / 16][4], ds_a[COLS / 16][4];
  int tile = 0, loads = 0;  // as the producer counts them
  for (int w = blockIdx.x; w < n_work; w += gridDim.x) {
    const Item t = item(w);
    const int r0 = t.row0 + consumer * 64, row = r0 + warp * 16 + lane / 4;  // accumulator rows: row, row + 8
#pragma unroll
    for (int i = 0; i < D / 2; ++i) acc1[i] = 0.f;
#pragma unroll
    for (int i = 0; i < (kDkDv ? D / 2 : 1); ++i) acc2[i] = 0.f;
    float row_lse2[2] = {}, row_delta[2] = {};  // dQ: this thread's two query rows
    if constexpr (!kDkDv) {
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        const int64_t at = (int64_t(t.b) * a.h + t.x_head) * stat_rows + row + 8 * half;
        row_lse2[half] = lse2_ws[at];
        row_delta[half] = delta_ws[at];
      }
    }

    if (t.st.tiles > 0) hp::mbar_wait(&s.x_full, loads++ & 1);
    for (int i = 0; i < t.st.tiles; ++i, ++tile) {
      const int stage = tile % STAGES, c0 = t.st.row0(i);  // c0: the tile's first query (dK/dV) or key (dQ)
      hp::mbar_wait(&s.full[stage], (tile / STAGES) & 1);
      const uint32_t stage_bytes = stage * kTileBytes;
      hp::wgmma_fence();
      issue_ss(sp, desc_x1, hp::desc_advance(desc_y1, stage_bytes));
      issue_ss(dp, desc_x2, hp::desc_advance(desc_y2, stage_bytes));

      // P while dP's MMAs run. Masking only where the tile crosses the causal diagonal or (dQ) the key end.
      hp::wgmma_wait<1>();
      hp::fence_operands(sp);
      const bool mask = kDkDv ? a.causal && r0 + 63 > c0 + a.pos_offset
                              : c0 + COLS > a.s_k || (a.causal && c0 + COLS - 1 > r0 + a.pos_offset);
#pragma unroll
      for (int j = 0; j < COLS / 8; ++j)
#pragma unroll
        for (int e = 0; e < 2; ++e) {
          const int c = 8 * j + 2 * (lane % 4) + e;
          const float col_lse2 = kDkDv ? s.lse2[stage][c] : 0.f;
#pragma unroll
          for (int half = 0; half < 2; ++half) {
            const int r = row + 8 * half;
            float& x = sp[4 * j + 2 * half + e];
            const bool visible = kDkDv ? !mask || r <= c0 + c + a.pos_offset
                                       : !mask || (c0 + c < a.s_k && (!a.causal || c0 + c <= r + a.pos_offset));
            x = visible ? fast_exp2(fmaf(x, scale_log2, -(kDkDv ? col_lse2 : row_lse2[half]))) : 0.f;
          }
        }
      hp::wgmma_wait<0>();
      hp::fence_operands(dp);
      if (i == t.st.tiles - 1 && lane == 0) hp::mbar_arrive(&s.x_empty);  // the item's last read of X is done
#pragma unroll
      for (int j = 0; j < COLS / 8; ++j)
#pragma unroll
        for (int e = 0; e < 2; ++e) {
          const float col_delta = kDkDv ? s.delta[stage][8 * j + 2 * (lane % 4) + e] : 0.f;
#pragma unroll
          for (int half = 0; half < 2; ++half) {
            const int at = 4 * j + 2 * half + e;
            dp[at] = sp[at] * (dp[at] - (kDkDv ? col_delta : row_delta[half]));
          }
        }
#pragma unroll
      for (int kk = 0; kk < COLS / 16; ++kk)
#pragma unroll
        for (int r = 0; r < 4; ++r) {
          if constexpr (kDkDv) p_a[kk][r] = Elem<T>::pack2(sp[8 * kk + 2 * r], sp[8 * kk + 2 * r + 1]);
          ds_a[kk][r] = Elem<T>::pack2(dp[8 * kk + 2 * r], dp[8 * kk + 2 * r + 1]);
        }

      // dV += Pᵀ·dO, dK += dSᵀ·Q (dQ pass: dQ += dS·K), the streamed tiles read MN-major.
      hp::wgmma_fence();
#pragma unroll
      for (int kk = 0; kk < COLS / 16; ++kk) {
        const uint32_t at = stage_bytes + kk * 16 * 64 * sizeof(T);
        if constexpr (kDkDv) wgmma_rs_m64k16<D, T>(acc2, p_a[kk], hp::desc_advance(desc_y2_mn, at));
        wgmma_rs_m64k16<D, T>(acc1, ds_a[kk], hp::desc_advance(desc_y1_mn, at));
      }
      hp::wgmma_commit();
      hp::wgmma_wait<0>();
      fence_registers(ds_a);  // the A registers stay untouched until the MMAs have read them
      if constexpr (kDkDv) fence_registers(p_a);
      if (lane == 0) hp::mbar_arrive(&s.empty[stage]);
    }
    hp::fence_operands(acc1);
    if constexpr (kDkDv) hp::fence_operands(acc2);

    // Epilogue: rows past the sequence end are not written; dK and dQ carry the softmax scale.
    const int64_t stride_b = kDkDv ? a.k_stride_b : a.q_stride_b, stride_h = kDkDv ? a.k_stride_h : a.q_stride_h;
    const int64_t stride_s = kDkDv ? a.k_stride_s : a.q_stride_s;
    const int limit = kDkDv ? a.s_k : a.s_q;
    auto store = [&](T* base, const float (&acc)[D / 2], float mul) {
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        if (row + 8 * half >= limit) continue;
        T* const dst = base + t.b * stride_b + t.x_head * stride_h + (row + 8 * half) * stride_s + (lane % 4) * 2;
#pragma unroll
        for (int j = 0; j < D / 8; ++j)
          *reinterpret_cast<uint32_t*>(dst + 8 * j) =
              Elem<T>::pack2(acc[4 * j + 2 * half] * mul, acc[4 * j + 2 * half + 1] * mul);
      }
    };
    store(out1, acc1, a.scale);
    if constexpr (kDkDv) store(out2, acc2, 1.f);
  }
}

/// The four maps of a pass: resident rows in ROWS boxes, streamed rows in COLS boxes.
struct PassMaps {
  CUtensorMap x1, x2, y1, y2;
};

template <typename T, int D, int ROWS, int COLS, int STAGES, bool PERSISTENT, Pass PASS>
int launch_pass(const spak_fmha_args& a, const PassMaps& m, const float* lse2, const float* delta, T* out1, T* out2,
                cudaStream_t stream) {
  constexpr int kSmem = sizeof(BwdSmem<T, D, ROWS, COLS, STAGES>) + 1024;  // + 1024-byte alignment slack
  static_assert(kSmem <= kMaxSmemBytes, "resident tiles and the ring must fit in shared memory");
  auto kernel = backward_kernel<T, D, ROWS, COLS, STAGES, PASS>;
  if (int rc = check_cuda(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem),
                          "backward_wgmma: raising the shared-memory limit"))
    return rc;
  const bool dkdv = PASS == Pass::kDkDv;
  const int n_work = (dkdv ? ceil_div(a.s_k, ROWS) * a.h_kv : ceil_div(a.s_q, ROWS) * a.h) * a.b;
  const int grid = PERSISTENT ? std::min(n_work, multiprocessors()) : n_work;
  kernel<<<grid, (ROWS / 64 + 1) * 128, kSmem, stream>>>(m.x1, m.x2, m.y1, m.y2, a, lse2, delta, out1, out2);
  return check_cuda(cudaGetLastError(), dkdv ? "backward_wgmma dK/dV launch" : "backward_wgmma dQ launch");
}

template <typename T, int D, int ROWS, int COLS, int STAGES, bool PERSISTENT>
int run_backward(const spak_fmha_args& a, const T* d_o, T* dq, T* dk, T* dv, float* workspace, cudaStream_t stream) {
  const int rows = padded_rows(a.s_q);
  float* lse2 = workspace;
  float* delta = workspace + int64_t(a.b) * a.h * rows;
  stats_kernel<T><<<dim3(ceil_div(rows, 4), a.h, a.b), 128, 0, stream>>>(a, d_o, rows, lse2, delta);
  if (int rc = check_cuda(cudaGetLastError(), "backward_wgmma stats launch")) return rc;

  auto map = [&](CUtensorMap* out, const void* base, bool query_side, int box_rows) {
    return query_side ? make_tensor_map_4d(out, base, a.dtype, D, a.s_q, a.h, a.b, a.q_stride_s, a.q_stride_h,
                                           a.q_stride_b, box_rows, "backward_wgmma")
                      : make_tensor_map_4d(out, base, a.dtype, D, a.s_k, a.h_kv, a.b, a.k_stride_s, a.k_stride_h,
                                           a.k_stride_b, box_rows, "backward_wgmma");
  };
  PassMaps kv, q;  // dK/dV: K, V resident, Q, dO streamed; dQ: Q, dO resident, K, V streamed
  if (int rc = map(&kv.x1, a.k, false, ROWS)) return rc;
  if (int rc = map(&kv.x2, a.v, false, ROWS)) return rc;
  if (int rc = map(&kv.y1, a.q, true, COLS)) return rc;
  if (int rc = map(&kv.y2, d_o, true, COLS)) return rc;
  if (int rc = map(&q.x1, a.q, true, ROWS)) return rc;
  if (int rc = map(&q.x2, d_o, true, ROWS)) return rc;
  if (int rc = map(&q.y1, a.k, false, COLS)) return rc;
  if (int rc = map(&q.y2, a.v, false, COLS)) return rc;
  if (int rc = launch_pass<T, D, ROWS, COLS, STAGES, PERSISTENT, Pass::kDkDv>(a, kv, lse2, delta, dk, dv, stream)) return rc;
  return launch_pass<T, D, ROWS, COLS, STAGES, PERSISTENT, Pass::kDq>(a, q, lse2, delta, dq, nullptr, stream);
}

/// Config CONFIG at head dim D, or UNSUPPORTED where it is built for the other head dim only.
template <typename T, int D, int CONFIG>
int run_config(const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv, float* workspace,
               cudaStream_t stream) {
  constexpr BwdConfig c = kConfigs[CONFIG];
  if constexpr (c.head_dim != 0 && c.head_dim != D) {
    return fail(SPAK_FMHA_UNSUPPORTED, "backward_wgmma: " + config_name_backward_wgmma(CONFIG) + " needs head dim " +
                                           std::to_string(c.head_dim));
  } else {
    auto t = [](const void* p) { return static_cast<const T*>(p); };
    auto m = [](void* p) { return static_cast<T*>(p); };
    return run_backward<T, D, c.rows, c.cols, c.stages, c.persistent>(a, t(d_o), m(dq), m(dk), m(dv), workspace, stream);
  }
}

/// The run-time config index to its compile-time instantiation (every entry of kConfigs).
template <typename T, int D, int... CONFIGS>
int run_config(int config, const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv, float* workspace,
               cudaStream_t stream, std::integer_sequence<int, CONFIGS...>) {
  int rc = SPAK_FMHA_OK;
  const bool known =
      ((config == CONFIGS && ((rc = run_config<T, D, CONFIGS>(a, d_o, dq, dk, dv, workspace, stream)), true)) || ...);
  return known ? rc : fail(SPAK_FMHA_BAD_ARGUMENT, "backward_wgmma: no config " + std::to_string(config));
}

template <typename T>
int run_config(int config, const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv, float* workspace,
               cudaStream_t stream) {
  constexpr auto all = std::make_integer_sequence<int, kNumConfigs>();
  return a.d == 64 ? run_config<T, 64>(config, a, d_o, dq, dk, dv, workspace, stream, all)
                   : run_config<T, 128>(config, a, d_o, dq, dk, dv, workspace, stream, all);
}

bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

}  // namespace

int num_configs_backward_wgmma() { return kNumConfigs; }

std::string config_name_backward_wgmma(int config) {
  const BwdConfig c = kConfigs[config];
  // warps: the producer warpgroup's 4 and 4 per consumer (64 rows each).
  return "rows=" + std::to_string(c.rows) + " cols=" + std::to_string(c.cols) + " stages=" + std::to_string(c.stages) +
         " warps=" + std::to_string((c.rows / 64 + 1) * 4) + (c.persistent ? " persistent=1" : "");
}

// Measured on the H200 (docs/fmha.md, run 12): at D=64 cols=128 beat 128 x 64 by 7-14% and rows=192 by 1-9%;
// the persistent grid won non-causal (up to 16% at S=512) and lost causal (its static stride balances the
// unequal causal items worse than the hardware's block scheduler), so it is the non-causal default.
int default_config_backward_wgmma(const spak_fmha_args& a) {
  if (a.d == 64) return a.causal ? 1 : 6;
  return a.causal ? 0 : 5;
}

int64_t workspace_bytes_backward_wgmma(const spak_fmha_args& a) {
  return 2 * int64_t(a.b) * a.h * padded_rows(a.s_q) * int64_t(sizeof(float));
}

int backward_wgmma(int config, const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv,
                   void* workspace, int64_t workspace_bytes, cudaStream_t stream) {
  if (a.d != 64 && a.d != 128) return fail(SPAK_FMHA_UNSUPPORTED, "backward_wgmma: head dim must be 64 or 128");
  if (!a.lse)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "backward_wgmma: args.lse must hold the training-mode forward's LSE");
  if (!d_o || !dq || !dk || !dv)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "backward_wgmma: d_o, dq, dk and dv are required");
  if (!workspace || workspace_bytes < workspace_bytes_backward_wgmma(a))
    return fail(SPAK_FMHA_BAD_ARGUMENT,
                "backward_wgmma: workspace smaller than spak_fmha_workspace_bytes(SPAK_FMHA_BACKWARD_WGMMA) bytes");
  if (a.q_stride_s % 8 || a.k_stride_s % 8 || a.q_stride_h % 8 || a.k_stride_h % 8 || a.q_stride_b % 8 ||
      a.k_stride_b % 8)
    return fail(SPAK_FMHA_UNSUPPORTED, "backward_wgmma: strides must be multiples of 8 elements (16 bytes, for TMA)");
  if (!aligned16(a.q) || !aligned16(a.k) || !aligned16(a.v) || !aligned16(d_o) || !aligned16(dq) ||
      !aligned16(dk) || !aligned16(dv))
    return fail(SPAK_FMHA_UNSUPPORTED, "backward_wgmma: q, k, v, d_o, dq, dk and dv must be 16-byte aligned (TMA)");
  auto* ws = static_cast<float*>(workspace);
  if (config < 0) config = default_config_backward_wgmma(a);
  return a.dtype == SPAK_FMHA_BF16 ? run_config<__nv_bfloat16>(config, a, d_o, dq, dk, dv, ws, stream)
                                   : run_config<__half>(config, a, d_o, dq, dk, dv, ws, stream);
}

}  // namespace spak::fmha
