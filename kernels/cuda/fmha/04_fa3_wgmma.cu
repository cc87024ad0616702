// Step 04, FlashAttention-3-style Hopper forward: wgmma, TMA, a producer warpgroup and 2-3 consumer warpgroups.
// Why: step 02's mma.sync is the Ampere tensor-core path; it peaks near 350 TFLOPS on an H100 because every
// operand passes through registers (ldmatrix) and the warps that compute also load. Hopper's warpgroup MMA reads
// both operands of S = Q·Kᵀ straight from shared memory and runs asynchronously, and TMA moves whole tiles with
// one thread, so loading and computing separate into specialised warpgroups:
// - Producer warpgroup 0 (one thread, registers given away with setmaxnreg): TMA loads the Q tile once and
//   streams K and V tiles through a STAGES-deep ring, K and V on separate full/empty mbarriers so S = Q·Kᵀ of a
//   tile starts before its V has landed. TMA reads (B,S,H,D) and (B,H,S,D) tensors alike through 4-D tensor
//   maps (d, s, head, batch) and zero-fills past the sequence end.
// - Consumer warpgroups (64 query rows each, setmaxnreg up): S = Q·Kᵀ as SS-wgmma (both operands K-major in
//   128-byte-swizzled shared memory), online softmax in registers on exp2 with scale·log2(e) folded into one FMA,
//   then O += P·V as RS-wgmma: P stays in the registers the softmax wrote (the S accumulator layout is the
//   register-A layout), V is read MN-major exactly as TMA wrote it.
// - Intra-warpgroup overlap: in iteration j a consumer issues S_j = Q·K_jᵀ and O += P_{j-1}·V_{j-1} back to
//   back, waits only for S_j, finds tile j's row maxima while the P·V MMAs still run, then waits for P·V and
//   computes the exponentials, then rescales O. A warpgroup barrier before the P·V wait holds that order: without
//   it ptxas moves the wait up to the wait for S (3-5 % slower, run 22); moving the exponentials before the wait
//   as well cost 1-2 % (run 22). (In the non-causal kernel ptxas puts ten of them before it; measured so, run 23.)
// - Ping-pong (PINGPONG): the consumer warpgroups take turns issuing their MMAs (a named-barrier token passed
//   round-robin), so one warpgroup's softmax (MUFU, FMA) runs while the other's MMAs own the tensor cores
//   instead of all warpgroups contending for both at the same time.
// - Rescaling (config axes, built for D=128): `early` rescales O by the previous tile's factor while S_j's MMAs
//   run, right before P_{j-1}·V_{j-1} is issued (FlashAttention-3's order), instead of after P·V has completed;
//   `lazy` keeps a warp's stale row maxima, and skips rescaling O and l, unless a row's max grew by more than
//   8 (log2 units), which is exact because O and l share the max that the final O / l cancels. bn=176 is
//   FlashAttention-3's key tile for D=128: the softmax and per-tile overhead amortise over 37% more keys.
// - Q in registers (config axis, `q=regs`): a consumer loads its Q rows once per work tile with ldmatrix and runs
//   S = Q·Kᵀ as an RS-wgmma, releasing Q's tile at once; the next work tile's Q then loads while this one
//   computes, which is what short sequences (few key tiles per work tile) wait on.
// - Key tiles run from the last to the first, so the tiles that need masking (the causal diagonal, the ragged
//   key end) come first and the rest take the unmasked path; causal work tiles stop at the last visible key
//   tile and are handed out heaviest first. GQA maps query head h to KV head h / (h / h_kv).
// - Epilogue: O / l is written into a swizzled staging tile and stored by TMA, which clips rows past s_q, while
//   the warpgroup moves on; where no staging tile fits beside the K/V ring (bn=176), O / l goes from the
//   registers to global memory. Training mode writes the natural-log LSE per row.
// - Persistent: one block per SM walks (query block, head, batch) work tiles, so the next tile's K/V (and Q,
//   once the last MMA has read the old one) load during this tile's last MMAs and epilogue instead of after a
//   block exit. Causal tiles differ (heaviest first) and are taken from an atomic counter in the workspace,
//   first come first served, which balances them (measured: 0.02-0.12 of cuDNN better than a grid stride).
//   Non-causal tiles cost the same: they go round-robin, and the last partial wave (the issue's shapes are 15.5
//   waves of 128-row tiles at D=128, 21.3 of 192-row tiles at D=64, on 132 SMs) is split: with one full wave
//   before it, its key tiles are shared evenly by the blocks (stream-K, gemm/stream_k.cuh), and the block
//   holding a split tile's head adds the tail's O, m and l, which the next block published in the workspace, as
//   one more online-softmax step (D=64 +2-5 %, run 21; D=128 +1-3 %, run 23). The head's owner waits for that
//   block, so every block of the grid must be resident at once (one per SM). Causal and non-causal launches
//   run separate instantiations (STREAM_K), so the causal kernel carries none of this.
// Head dims 64 and 128, bf16 and fp16. Needs 16-byte-aligned pointers and strides (TMA).
#include <cudaTypedefs.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "kernels/cuda/fmha/fmha_common.cuh"
#include "kernels/cuda/gemm/stream_k.cuh"
#include "kernels/cuda/fmha/tma_4d.cuh"
#include "kernels/cuda/fmha/wgmma_rs.cuh"
#include "kernels/cuda/fmha/wgmma_ss.cuh"

namespace spak::fmha {
namespace {

namespace hp = gemm::hopper;

/// One compile-time schedule: query rows per block (64 per consumer warpgroup), keys per tile, ring depth,
/// ping-pong MMA turns between the consumer warpgroups, the two rescaling tricks below, and the one head dim it
/// is built for (0: both).
struct Fa3Config {
  int bm, bn, stages;
  bool pingpong;
  // FlashAttention-3's order: O is rescaled by the previous tile's factor while S_j = Q·K_jᵀ runs on the tensor
  // cores, just before O += P_{j-1}·V_{j-1} is issued, instead of after that MMA has completed, where the
  // rescale stalls this warpgroup's next MMAs.
  bool early_rescale;
  // Lazy rescaling: a warp keeps its rows' stale maxima (and skips rescaling O and l) unless one of them grew by
  // more than kLazyRescaleLog2. Exact: O and l are scaled by the same stale max, which the final O / l cancels.
  bool lazy_rescale;
  int head_dim;
  // Q in registers: each consumer loads its 64 rows of Q once per work tile (ldmatrix) and S = Q·Kᵀ runs as an
  // RS-wgmma, so the tensor cores read only K from shared memory (4 of 6 KB per k16 step), and Q's tile is
  // released to the producer at once instead of after the work tile's last Q·Kᵀ.
  bool q_in_registers = false;
};
// Three consumer warpgroups (bm=192) leave 128 registers a thread: too few for D=128's O and S accumulators
// (ptxas spills and serialises the wgmmas), so they are built for D=64 only. The rescaling tricks and bn=176
// target D=128 (the issue's goal) and are built for it alone; bn=176 leaves no room for O's staging tile, so it
// stores O from registers.
constexpr Fa3Config kConfigs[] = {
    {128, 128, 2, true, false, false, 0},   {192, 128, 2, true, false, false, 64},
    {128, 128, 2, false, false, false, 0},  {192, 128, 2, false, false, false, 64},
    {128, 128, 2, true, true, false, 128},  {128, 128, 2, true, false, true, 128},
    {128, 128, 2, true, true, true, 128},   {128, 128, 2, false, true, true, 128},
    {128, 176, 2, true, true, true, 128},   {128, 176, 2, false, true, true, 128},
    {128, 176, 2, true, false, false, 128},
    {128, 128, 2, true, false, false, 0, true},   {128, 128, 2, true, false, true, 128, true},
    {128, 128, 2, true, true, true, 128, true}};
constexpr int kNumConfigs = sizeof(kConfigs) / sizeof(kConfigs[0]);

/// Lazy rescaling's threshold in log2 units: probabilities stay below 2^8 before a rescale, far inside fp32 (O,
/// l) and bf16/fp16 (P, whose relative rounding does not depend on its size).
constexpr float kLazyRescaleLog2 = 8.f;

/// The most dynamic shared memory a block may have on sm_90.
constexpr int kMaxSmemBytes = 227 * 1024;

template <typename T, int D, int BM, int BN, int STAGES, bool STAGE_O>
struct Fa3Smem {
  alignas(1024) T q[BM * D];           // D/64 boxes of [BM][64] (128-byte swizzle)
  alignas(1024) T k[STAGES][BN * D];   // D/64 boxes of [BN][64] per stage
  alignas(1024) T v[STAGES][BN * D];
  alignas(1024) T o[STAGE_O ? BM * D : 1];  // O staging for the TMA store, Q's layout (STAGE_O only)
  uint64_t q_full, q_empty;
  gemm::Unit unit;  // the work tile and key tiles whose Q the producer loads next (tile n_work: none left),
                   // published through q_full
  uint64_t k_full[STAGES], k_empty[STAGES];  // full: 1 arrival + TMA bytes; empty: one arrival per consumer warp
  uint64_t v_full[STAGES], v_empty[STAGES];
};

/// Whether O's staging tile fits beside Q and the K/V ring (+ 1024 bytes of alignment slack); else O is stored
/// straight from the registers.
template <typename T, int D, int BM, int BN, int STAGES>
constexpr bool kStagesO = sizeof(Fa3Smem<T, D, BM, BN, STAGES, true>) + 1024 <= kMaxSmemBytes;

/// How the persistent blocks share the work (its state lives in the caller's workspace): causal work tiles come
/// from an atomic counter; non-causal ones by stream-K (gemm/stream_k.cuh), where a split tile's tail owner
/// publishes its unnormalised O, row maxima and row sums for the head's owner, per (block, consumer warpgroup).
struct Fa3Split {
  int* tile_counter;  // causal: the next work tile after the first wave
  float* partials;    // stream-K: a tail piece's O, m and l, thread-major float4s, partial_floats per warpgroup
  uint64_t* flags;    // stream-K: raised (the launch's number) when the partial above has landed
  int dp_tiles;       // stream-K: work tiles run whole, round-robin (all of them when none is split)
  uint64_t launch;    // this launch's number (gemm::next_launch_number)
};

/// Floats of one consumer warpgroup's partial: per thread its D/2 accumulators of O, then m and l of its two rows.
__host__ __device__ constexpr int partial_floats(int d) { return 128 * (d / 2 + 4); }

/// The producer's work source in causal kernels (no stream-K): whole tiles alone.
struct WholeTilesOnly {};

template <typename T, int D, int BM, int BN, int STAGES, bool PINGPONG, bool EARLY, bool LAZY, bool QREG, bool STREAM_K>
__global__ void __launch_bounds__((BM / 64 + 1) * 128, 1)
    fa3_forward_kernel(const __grid_constant__ CUtensorMap map_q, const __grid_constant__ CUtensorMap map_k,
                       const __grid_constant__ CUtensorMap map_v, const __grid_constant__ CUtensorMap map_o,
                       const spak_fmha_args a, const Fa3Split split) {
  constexpr int kConsumers = BM / 64, kBoxes = D / 64;
  constexpr uint32_t kTileBytes = BN * D * sizeof(T);
  // What setmaxnreg hands out must add up to the block's registers at launch (168 x 384 or 128 x 512 threads):
  // the producer keeps what the consumers leave.
  constexpr int kConsumerRegs = kConsumers == 2 ? 240 : 160;
  constexpr int kProducerRegs = kConsumers == 2 ? 24 : 32;
  static_assert(kConsumers == 2 || D == 64, "three consumer warpgroups fit D = 64 only");
  static_assert(!QREG || BN == 128, "the register-A wgmma is instantiated for N = 64 and 128");
  constexpr bool kStageO = kStagesO<T, D, BM, BN, STAGES>;
  using Smem = Fa3Smem<T, D, BM, BN, STAGES, kStageO>;
  extern __shared__ unsigned char smem_raw[];
  Smem& s = *reinterpret_cast<Smem*>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));

  // Work tile w: query block fastest (the blocks of one head share its K/V in L2), then head, then batch;
  // causal blocks run heaviest (last) first.
  const int m_blocks = ceil_div(a.s_q, BM), n_work = m_blocks * a.h * a.b;
  struct Work {
    int q0, h, hk, b, n_tiles;
  };
  auto work = [&](int w) {
    const int m = w % m_blocks, hb = w / m_blocks;
    Work t;
    t.q0 = (a.causal ? m_blocks - 1 - m : m) * BM;
    t.h = hb % a.h, t.b = hb / a.h, t.hk = t.h / (a.h / a.h_kv);
    t.n_tiles = ceil_div(causal_key_end(t.q0, BM, a.s_k, a.causal, a.pos_offset), BN);
    return t;
  };
  const int wg = threadIdx.x / 128;

  if (threadIdx.x == 0) {
    hp::mbar_init(&s.q_full, 1);
    hp::mbar_init(&s.q_empty, kConsumers * 4);
    for (int i = 0; i < STAGES; ++i) {
      hp::mbar_init(&s.k_full[i], 1);
      hp::mbar_init(&s.v_full[i], 1);
      hp::mbar_init(&s.k_empty[i], kConsumers * 4);
      hp::mbar_init(&s.v_empty[i], kConsumers * 4);
    }
    hp::fence_barrier_init();
  }
  __syncthreads();

  if (wg == 0) {
    hp::setmaxnreg_dec<kProducerRegs>();
    // The whole warp runs the loop (lane 0 issues), so its state is warp-uniform and lives in uniform registers:
    // one thread alone spilled the stream-K schedule at 24 registers (runs 21c, 23).
    if (hp::warp_uniform(int(threadIdx.x / 32)) == 0) {
      const bool issuer = threadIdx.x == 0;
      // Non-causal (STREAM_K): the schedule hands out whole tiles round-robin, then pieces of the last ones.
      // Causal: whole tiles, the first wave by block index and the rest from the counter.
      auto make_schedule = [&] {
        if constexpr (STREAM_K)
          return gemm::Schedule(n_work, ceil_div(a.s_k, BN), split.dp_tiles, blockIdx.x, gridDim.x);
        else
          return WholeTilesOnly{};
      };
      auto schedule = make_schedule();
      auto next_unit = [&](int count, gemm::Unit& u) {
        if constexpr (STREAM_K) {
          return schedule.next(u);
        } else {
          int counted = 0;
          if (issuer && count > 0) counted = atomicAdd(split.tile_counter, 1);
          const int w = count == 0 ? blockIdx.x : gridDim.x + hp::warp_uniform(counted);
          u = {w, 0, 0};  // whole tiles: no one reads kb and ke
          return w < n_work;
        }
      };
      int kv = 0;  // K/V tiles loaded so far: ring stage and barrier phases
      for (int count = 0;; ++count) {  // units loaded so far: Q's barrier phases
        gemm::Unit u;
        if (!next_unit(count, u)) {  // tell the consumers there is nothing left
          hp::mbar_wait(&s.q_empty, (count & 1) ^ 1);
          if (issuer) {
            s.unit = {n_work, 0, 0};
            hp::mbar_arrive(&s.q_full);
          }
          break;
        }
        const Work t = work(u.tile);
        auto load_q = [&] {
          hp::mbar_wait(&s.q_empty, (count & 1) ^ 1);  // the consumers are done with the previous Q (and unit)
          if (!issuer) return;
          s.unit = u;
          hp::mbar_arrive_expect_tx(&s.q_full, BM * D * sizeof(T));
          for (int box = 0; box < kBoxes; ++box)
            tma_load_4d(s.q + box * BM * 64, &map_q, &s.q_full, box * 64, t.q0, t.h, t.b);
        };
        // One K or V tile (keys n0 onwards) into a ring stage, once the consumers have released it.
        auto load_kv = [&](uint64_t* empty, uint64_t* full, T* tile, const CUtensorMap* map, uint32_t phase, int n0) {
          hp::mbar_wait(empty, phase ^ 1);
          if (!issuer) return;
          hp::mbar_arrive_expect_tx(full, kTileBytes);
          for (int box = 0; box < kBoxes; ++box) tma_load_4d(tile + box * BN * 64, map, full, box * 64, n0, t.hk, t.b);
        };
        // Without stream-K every unit is a whole tile, and the compiler sees it.
        const int kb = STREAM_K ? u.kb : 0, ke = STREAM_K ? u.ke : t.n_tiles;
        if (kb == ke) load_q();
        for (int it = kb; it < ke; ++it, ++kv) {
          const int stage = kv % STAGES, n0 = (t.n_tiles - 1 - it) * BN;
          const uint32_t phase = (kv / STAGES) & 1;
          load_kv(&s.k_empty[stage], &s.k_full[stage], s.k[stage], &map_k, phase, n0);
          if (it == kb) load_q();  // the first K tile streams in while the previous unit finishes
          load_kv(&s.v_empty[stage], &s.v_full[stage], s.v[stage], &map_v, phase, n0);
        }
      }
    }
    return;
  }

  hp::setmaxnreg_inc<kConsumerRegs>();
  // Uniform (warpgroup_index), so the K and V descriptors below stay in uniform registers.
  const int consumer = hp::warpgroup_index() - 1, warp = (threadIdx.x % 128) / 32, lane = threadIdx.x % 32;
  const T* q_rows = s.q + consumer * 64 * 64;      // this warpgroup's rows inside each [BM][64] box
  T* o_rows = s.o + (kStageO ? consumer * 64 * 64 : 0);
  const bool leader = threadIdx.x % 128 == 0;
  const float scale_log2 = a.scale * kLog2e;
  int r0 = 0, row = 0;  // the work tile's first row of this warpgroup; this thread's accumulator rows row, row + 8

  // Accumulator layout (m64nN, per warp 16 rows): x[4j + 2*half + e] = (row + 8*half, col 8j + 2*(lane%4) + e).
  float o[D / 2];
  float m[2], l[2];
  float sc[BN / 2];        // scores of the current tile, then its probabilities
  uint32_t p[BN / 16][4];  // probabilities as the A operand of P·V, one k16 step per entry
  uint32_t qf[QREG ? D / 16 : 1][4];  // QREG: this warpgroup's Q rows as the A operand of Q·Kᵀ, per k16 step

  // Descriptors are encoded once and stepped by constants (desc_advance): Q's for this warpgroup's rows, K's and
  // V's for ring stage 0, which later stages are a fixed number of bytes after.
  const uint64_t desc_q = hp::desc_k_major_sw128(q_rows), desc_k = hp::desc_k_major_sw128(s.k[0]),
                 desc_v = desc_mn_major_sw128(s.v[0], BN * 64 * sizeof(T));
  auto issue_qk = [&](int stage) {
    const uint64_t dk = hp::desc_advance(desc_k, stage * kTileBytes);
    hp::wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < D / 16; ++kk) {
      const int box = kk / 4, col = (kk % 4) * 16;  // K-steps of 16 inside the 64-column boxes
      const uint64_t desc_kk = hp::desc_advance(dk, (box * BN * 64 + col) * sizeof(T));
      if constexpr (QREG)
        wgmma_rs_m64k16<BN, T, false>(sc, qf[kk], desc_kk, kk > 0);
      else
        wgmma_ss_m64k16<BN, T>(sc, hp::desc_advance(desc_q, (box * BM * 64 + col) * sizeof(T)), desc_kk, kk > 0);
    }
    hp::wgmma_commit();
  };
  auto issue_pv = [&](int stage) {
    const uint64_t dv = hp::desc_advance(desc_v, stage * kTileBytes);
    hp::wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < BN / 16; ++kk)
      wgmma_rs_m64k16<D, T>(o, p[kk], hp::desc_advance(dv, kk * 16 * 64 * sizeof(T)));
    hp::wgmma_commit();
  };
  auto release = [&](uint64_t* bar) {
    if (lane == 0) hp::mbar_arrive(bar);
  };
  // Q in shared memory is read by Q·Kᵀ alone, so it is free once the work tile's last Q·Kᵀ has completed: the
  // producer then loads the next tile's Q under this tile's last softmax, P·V and epilogue instead of after them.
  auto release_q_after_last_qk = [&](int it, int n_tiles) {
    if (!QREG && it == n_tiles - 1) release(&s.q_empty);
  };
  // MMA turns: warpgroup c waits on barrier 4 + c until the previous one (round-robin) has issued its MMAs
  // and arrived there; both sides count, so 256 threads. Every consumer takes n_tiles + 1 turns.
  auto take_turn = [&] {
    if constexpr (PINGPONG) hp::named_barrier(4 + consumer, 256);
  };
  auto pass_turn = [&] {
    if constexpr (PINGPONG) asm volatile("bar.arrive %0, 256;\n" ::"r"(4 + (consumer + 1) % kConsumers) : "memory");
  };
  // Masks (only tiles crossing the causal diagonal of this warpgroup's rows or the ragged key end), then the
  // online-softmax update: returns whether this warp must rescale O, by the factors it leaves in alpha (always,
  // unless LAZY keeps the stale maxima; the choice is warp-uniform, so the rescale is a uniform branch).
  auto softmax = [&](int n0, float (&alpha)[2]) {
    const bool ragged = n0 + BN > a.s_k;
    const bool diagonal = a.causal && n0 + BN - 1 > r0 + a.pos_offset;
    if (ragged || diagonal) {
#pragma unroll
      for (int i = 0; i < BN / 2; ++i) {
        const int col = n0 + (i / 4) * 8 + (lane % 4) * 2 + (i % 2), r = row + ((i / 2) % 2) * 8;
        if (col >= a.s_k || (a.causal && col > r + a.pos_offset)) sc[i] = -INFINITY;
      }
    }
    float m_new[2];
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      float mx = -INFINITY;
#pragma unroll
      for (int j = 0; j < BN / 8; ++j) mx = fmaxf(mx, fmaxf(sc[4 * j + 2 * half], sc[4 * j + 2 * half + 1]));
      mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
      mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
      m_new[half] = fmaxf(m[half], mx * scale_log2);
    }
    // -inf + threshold stays -inf: a row's first visible key always counts as growth.
    const bool rescale = !LAZY || __any_sync(0xffffffffu, m_new[0] > m[0] + kLazyRescaleLog2 ||
                                                               m_new[1] > m[1] + kLazyRescaleLog2);
    float neg_m[2];
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      alpha[half] = 1.f;
      if (rescale) {
        const float m_use = m_new[half] == -INFINITY ? 0.f : m_new[half];
        alpha[half] = fast_exp2(m[half] - m_use);
        m[half] = m_new[half];
      }
      neg_m[half] = m[half] == -INFINITY ? 0.f : -m[half];  // a row with no visible key yet stays at zero
    }
    // Every exponent's argument before the first exponential: written as one FFMA then its MUFU.EX2 per score,
    // ptxas kept each pair together and the EX2 waited out the FFMA's latency (run 18e: 6.9 k of 44.8 k stall
    // samples at D=128 S=2048); apart, the EX2s issue back to back (run 18f: config 5 median +1.5 %).
#pragma unroll
    for (int i = 0; i < BN / 2; ++i) sc[i] = fmaf(sc[i], scale_log2, neg_m[(i / 2) % 2]);
#pragma unroll
    for (int i = 0; i < BN / 2; ++i) sc[i] = fast_exp2(sc[i]);
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      float sum = 0.f;
#pragma unroll
      for (int j = 0; j < BN / 8; ++j) sum += sc[4 * j + 2 * half] + sc[4 * j + 2 * half + 1];
      l[half] = l[half] * alpha[half] + sum;
    }
    return rescale;
  };
  auto pack_p = [&] {
#pragma unroll
    for (int kk = 0; kk < BN / 16; ++kk)
#pragma unroll
      for (int r = 0; r < 4; ++r) p[kk][r] = Elem<T>::pack2(sc[8 * kk + 2 * r], sc[8 * kk + 2 * r + 1]);
  };
  auto rescale_o = [&](const float (&alpha)[2]) {
#pragma unroll
    for (int i = 0; i < D / 2; ++i) o[i] *= alpha[(i / 2) % 2];
  };
  // Stream-K partials in gemm::store_partial's thread-major float4s: O's accumulators, then {m0, m1, l0, l1}.
  const int tid = threadIdx.x % 128;
  auto partial_of = [&](int block) {
    return reinterpret_cast<float4*>(split.partials + size_t(block * kConsumers + consumer) * partial_floats(D));
  };
  auto publish_partial = [&] {
    float4* dst = partial_of(blockIdx.x);
    gemm::store_partial(o, dst, tid);
    __stcg(dst + (D / 8) * 128 + tid, make_float4(m[0], m[1], l[0], l[1]));
    hp::named_barrier(1 + consumer, 128);
    if (leader) gemm::flag_raise(&split.flags[blockIdx.x * kConsumers + consumer], split.launch);
  };
  // The two pieces' maxima differ: both are brought to the larger before O and l are added, as a softmax step
  // would. The tail is on the next block, which ran it as its first stream-K unit: its flag is up in practice.
  auto add_tail_partial = [&] {
    if (leader) gemm::flag_wait(&split.flags[(blockIdx.x + 1) * kConsumers + consumer], split.launch);
    hp::named_barrier(1 + consumer, 128);
    const float4* src = partial_of(blockIdx.x + 1);
    const float4 ml = __ldcg(src + (D / 8) * 128 + tid);
    const float m_tail[2] = {ml.x, ml.y}, l_tail[2] = {ml.z, ml.w};
    float f_own[2], f_tail[2];
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      const float m_new = fmaxf(m[half], m_tail[half]), m_use = m_new == -INFINITY ? 0.f : m_new;
      f_own[half] = fast_exp2(m[half] - m_use);
      f_tail[half] = fast_exp2(m_tail[half] - m_use);
      l[half] = l[half] * f_own[half] + l_tail[half] * f_tail[half];
      m[half] = m_new;
    }
#pragma unroll
    for (int i = 0; i < D / 8; ++i) {
      const float4 v = __ldcg(src + i * 128 + tid);
      o[4 * i] = o[4 * i] * f_own[0] + v.x * f_tail[0];
      o[4 * i + 1] = o[4 * i + 1] * f_own[0] + v.y * f_tail[0];
      o[4 * i + 2] = o[4 * i + 2] * f_own[1] + v.z * f_tail[1];
      o[4 * i + 3] = o[4 * i + 3] * f_own[1] + v.w * f_tail[1];
    }
  };

  if (consumer == kConsumers - 1) pass_turn();  // the first warpgroup starts with the turn
  for (int kv = 0, count = 0;; ++count) {
    hp::mbar_wait(&s.q_full, count & 1);
    const int w = hp::warp_uniform(s.unit.tile);  // so kv, each ring stage and the K/V descriptors are uniform too
    if (w >= n_work) break;
    const Work t = work(w);
    // Without stream-K every unit is a whole tile, and the compiler sees it.
    const int kb = STREAM_K ? hp::warp_uniform(s.unit.kb) : 0;
    const int ke = STREAM_K ? hp::warp_uniform(s.unit.ke) : t.n_tiles;
    const int n_tiles = ke - kb, first_tile = t.n_tiles - 1 - kb;  // this unit's key tiles, run downwards
    r0 = t.q0 + consumer * 64;
    row = r0 + warp * 16 + lane / 4;
    if constexpr (QREG) {
      // Lane l addresses row l % 16 of its warp's 16 and the 8-column half l / 16 of each k16 step: the four
      // 8x8 matrices of an m16n8k16 A fragment. Rows are 128 bytes and 16-byte chunks swizzled by row % 8.
      const int r = warp * 16 + lane % 16;
#pragma unroll
      for (int kk = 0; kk < D / 16; ++kk)
        ldmatrix_x4(qf[kk], q_rows + (kk / 4) * BM * 64 + r * 64 + ((((kk % 4) * 2 + lane / 16) ^ (r % 8)) * 8));
      release(&s.q_empty);
    }
#pragma unroll
    for (int i = 0; i < D / 2; ++i) o[i] = 0.f;
    m[0] = m[1] = -INFINITY;
    l[0] = l[1] = 0.f;
    if (n_tiles > 0) {
      float alpha[2];
      bool rescale = false;  // EARLY: O waits for the last softmax's rescale (none after the first: O is zero)
      hp::mbar_wait(&s.k_full[kv % STAGES], (kv / STAGES) & 1);
      take_turn();
      issue_qk(kv % STAGES);
      pass_turn();
      hp::wgmma_wait<0>();
      hp::fence_operands(sc);
      release(&s.k_empty[kv % STAGES]);
      release_q_after_last_qk(0, n_tiles);
      softmax(first_tile * BN, alpha);
      pack_p();
      for (int it = 1; it < n_tiles; ++it) {
        const int cur = kv + it, stage = cur % STAGES, prev = (cur - 1) % STAGES;
        hp::mbar_wait(&s.k_full[stage], (cur / STAGES) & 1);
        hp::mbar_wait(&s.v_full[prev], ((cur - 1) / STAGES) & 1);
        take_turn();
        issue_qk(stage);
        if (EARLY && rescale) rescale_o(alpha);  // O is idle: no MMA of this warpgroup writes it now
        issue_pv(prev);
        pass_turn();
        hp::wgmma_wait<1>();  // S of this tile is ready; P·V of the previous one may still run
        hp::fence_operands(sc);
        release(&s.k_empty[stage]);
        release_q_after_last_qk(it, n_tiles);
        rescale = softmax((first_tile - it) * BN, alpha);
        // Keeps the row maxima before the P·V wait, so they overlap that MMA (see the top of the file).
        hp::named_barrier(1 + consumer, 128);
        hp::wgmma_wait<0>();
        hp::fence_operands(o);
        fence_registers(p);
        release(&s.v_empty[prev]);
        if (!EARLY && rescale) rescale_o(alpha);
        pack_p();
      }
      const int last = kv + n_tiles - 1;
      hp::mbar_wait(&s.v_full[last % STAGES], (last / STAGES) & 1);
      take_turn();
      if (EARLY && rescale) rescale_o(alpha);
      issue_pv(last % STAGES);
      pass_turn();
      hp::wgmma_wait<0>();
      hp::fence_operands(o);
      fence_registers(p);
      release(&s.v_empty[last % STAGES]);
    }
    kv += n_tiles;
    if (!QREG && n_tiles == 0) release(&s.q_empty);  // no Q·Kᵀ read it
    if (STREAM_K && kb > 0) {  // a stream-K tail: the previous block owns the head of this tile and finishes it
      publish_partial();
      continue;
    }
    if (STREAM_K && ke < t.n_tiles) add_tail_partial();  // a stream-K head: the next block computed the tail

    // Epilogue: once the previous work tile's store has left the staging tile, write O / l there and store it;
    // without a staging tile, O / l goes straight from the registers to its rows below s_q.
    if constexpr (kStageO) {
      if (leader) hp::tma_store_wait_read();
      hp::named_barrier(1 + consumer, 128);
    }
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      float sum = l[half];
      sum += __shfl_xor_sync(0xffffffffu, sum, 1);
      sum += __shfl_xor_sync(0xffffffffu, sum, 2);
      const float inv = sum > 0.f ? 1.f / sum : 0.f;
      if constexpr (kStageO) {
        const int r = warp * 16 + lane / 4 + half * 8;  // row within this warpgroup's 64
#pragma unroll
        for (int j = 0; j < D / 8; ++j)  // box j/8, 16-byte chunk j%8 of the row, swizzled by row % 8
          *reinterpret_cast<uint32_t*>(o_rows + (j / 8) * BM * 64 + r * 64 + ((j % 8) ^ (r % 8)) * 8 +
                                       (lane % 4) * 2) =
              Elem<T>::pack2(o[4 * j + 2 * half] * inv, o[4 * j + 2 * half + 1] * inv);
      } else if (row + half * 8 < a.s_q) {
        T* const dst = static_cast<T*>(a.o) + int64_t(t.b) * a.q_stride_b + int64_t(t.h) * a.q_stride_h +
                       int64_t(row + half * 8) * a.q_stride_s + (lane % 4) * 2;
#pragma unroll
        for (int j = 0; j < D / 8; ++j)
          *reinterpret_cast<uint32_t*>(dst + 8 * j) =
              Elem<T>::pack2(o[4 * j + 2 * half] * inv, o[4 * j + 2 * half + 1] * inv);
      }
      if (a.lse && lane % 4 == 0 && row + half * 8 < a.s_q)
        a.lse[(int64_t(t.b) * a.h + t.h) * a.s_q + row + half * 8] =
            sum > 0.f ? (m[half] + log2f(sum)) * kLn2 : -INFINITY;
    }
    if constexpr (kStageO) {
      hp::fence_proxy_async();
      hp::named_barrier(1 + consumer, 128);
      if (leader) {
        for (int box = 0; box < kBoxes; ++box) tma_store_4d(&map_o, o_rows + box * BM * 64, box * 64, r0, t.h, t.b);
        hp::tma_store_commit();
      }
    }
  }
  if (leader) hp::tma_store_wait_all();
}

int make_map_fa3(CUtensorMap* map, const void* base, int dtype, int d, int s, int heads, int batch, int64_t stride_s,
                 int64_t stride_h, int64_t stride_b, int box_rows) {
  return make_tensor_map_4d(map, base, dtype, d, s, heads, batch, stride_s, stride_h, stride_b, box_rows, "fa3");
}

template <typename T, int D, int BM, int BN, int STAGES, bool PINGPONG, bool EARLY, bool LAZY, bool QREG>
int launch(const spak_fmha_args& a, Fa3Split split, cudaStream_t stream) {
  CUtensorMap map_q, map_k, map_v, map_o;
  if (int rc = make_map_fa3(&map_q, a.q, a.dtype, D, a.s_q, a.h, a.b, a.q_stride_s, a.q_stride_h, a.q_stride_b, BM))
    return rc;
  if (int rc = make_map_fa3(&map_k, a.k, a.dtype, D, a.s_k, a.h_kv, a.b, a.k_stride_s, a.k_stride_h, a.k_stride_b, BN))
    return rc;
  if (int rc = make_map_fa3(&map_v, a.v, a.dtype, D, a.s_k, a.h_kv, a.b, a.k_stride_s, a.k_stride_h, a.k_stride_b, BN))
    return rc;
  if (int rc = make_map_fa3(&map_o, a.o, a.dtype, D, a.s_q, a.h, a.b, a.q_stride_s, a.q_stride_h, a.q_stride_b, 64))
    return rc;
  constexpr int kSmem = sizeof(Fa3Smem<T, D, BM, BN, STAGES, kStagesO<T, D, BM, BN, STAGES>>) + 1024;  // + alignment
  static_assert(kSmem <= kMaxSmemBytes, "the Q tile and the K/V ring must fit in shared memory");
  // Non-causal work tiles all cost the same and are split by stream-K; causal ones differ and are balanced by the
  // counter instead, so their kernel carries no stream-K code (it cost the causal main loop 1 %, run 23).
  auto kernel = a.causal ? fa3_forward_kernel<T, D, BM, BN, STAGES, PINGPONG, EARLY, LAZY, QREG, false>
                         : fa3_forward_kernel<T, D, BM, BN, STAGES, PINGPONG, EARLY, LAZY, QREG, true>;
  if (int rc = check_cuda(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem),
                          "fa3: raising the shared-memory limit"))
    return rc;
  if (a.causal)
    if (int rc = check_cuda(cudaMemsetAsync(split.tile_counter, 0, sizeof(int), stream),
                            "fa3: clearing the tile counter"))
      return rc;
  const int n_work = ceil_div(a.s_q, BM) * a.h * a.b, grid = std::min(n_work, multiprocessors());
  split.dp_tiles = a.causal ? n_work : gemm::data_parallel_tiles(n_work, grid);
  if (split.dp_tiles < n_work) split.launch = gemm::next_launch_number();
  kernel<<<grid, (BM / 64 + 1) * 128, kSmem, stream>>>(map_q, map_k, map_v, map_o, a, split);
  return check_cuda(cudaGetLastError(), "fa3 launch");
}

/// Config CONFIG at head dim D, or UNSUPPORTED where it is built for the other head dim only.
template <typename T, int D, int CONFIG>
int launch_config(const spak_fmha_args& a, const Fa3Split& split, cudaStream_t stream) {
  constexpr Fa3Config c = kConfigs[CONFIG];
  if constexpr (c.head_dim != 0 && c.head_dim != D)
    return fail(SPAK_FMHA_UNSUPPORTED, "fa3: " + config_name_fa3(CONFIG) + " needs head dim " +
                                           std::to_string(c.head_dim));
  else
    return launch<T, D, c.bm, c.bn, c.stages, c.pingpong, c.early_rescale, c.lazy_rescale, c.q_in_registers>(
        a, split, stream);
}

/// The run-time config index to its compile-time instantiation (every entry of kConfigs).
template <typename T, int D, int... CONFIGS>
int launch_config(int config, const spak_fmha_args& a, const Fa3Split& split, cudaStream_t stream,
                  std::integer_sequence<int, CONFIGS...>) {
  int rc = SPAK_FMHA_OK;
  const bool known = ((config == CONFIGS && ((rc = launch_config<T, D, CONFIGS>(a, split, stream)), true)) || ...);
  return known ? rc : fail(SPAK_FMHA_BAD_ARGUMENT, "fa3: no config " + std::to_string(config));
}

template <typename T>
int launch_config(int config, const spak_fmha_args& a, const Fa3Split& split, cudaStream_t stream) {
  constexpr auto all = std::make_integer_sequence<int, kNumConfigs>();
  return a.d == 128 ? launch_config<T, 128>(config, a, split, stream, all)
                    : launch_config<T, 64>(config, a, split, stream, all);
}

bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

}  // namespace

/// SMs of the current device (the persistent grid's size), asked once per device.
int multiprocessors() {
  int device = 0, n = 0;
  cudaGetDevice(&device);
  static int cached[64] = {};
  if (device < 64 && cached[device]) return cached[device];
  cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, device);
  n = n > 0 ? n : 1;
  if (device < 64) cached[device] = n;
  return n;
}

int num_configs_fa3() { return kNumConfigs; }

std::string config_name_fa3(int config) {
  const Fa3Config c = kConfigs[config];
  // warps: the producer warpgroup's 4 and 4 per consumer (64 rows each), as in the DSL's tuning space.
  // The rescaling tricks are named only where on, so the first four configs keep their names (and selections).
  return "bm=" + std::to_string(c.bm) + " bn=" + std::to_string(c.bn) + " stages=" + std::to_string(c.stages) +
         " warps=" + std::to_string((c.bm / 64 + 1) * 4) + " pingpong=" + std::to_string(int(c.pingpong)) +
         (c.early_rescale ? " early=1" : "") +
         (c.lazy_rescale ? " lazy=" + std::to_string(int(kLazyRescaleLog2)) : "") + (c.q_in_registers ? " q=regs" : "");
}

// D=128 above 512 keys: early + lazy rescaling with Q in registers (config 13), causal and not. Run 26 timed it back
// to back at the card's power limit (2 passes each) 1.1-1.5 % ahead of the better of configs 5 and 6 non-causal and
// 1.5-2.1 % causal at 2048-16384 keys. At 512 keys two do_bench processes were split (-2.6 to +1.0 % against the
// better of 5 and 6), so there non-causal runs early + lazy (config 6, 0.4-0.9 % ahead of config 5 at the power
// limit, run 25), and causal runs lazy (config 5), which config 6 trails causal by 0.8-2.8 %: ptxas leaves its row
// maxima after the barrier. Config 5's history: once the exponentials were pinned before the P·V wait, O's rescale
// is what follows that wait, and skipping it put config 5 2-3 % ahead of config 0 non-causal, 0-2 % causal (run 17);
// config 7 (early + lazy without ping-pong) led causal from 8192 keys by 1-3 % (runs 17f, 18c) until the exponent
// arguments were computed apart from the exponentials (run 18f). Up to 1024 keys Q in registers (config 11) led
// while the other configs held Q's tile until their last P·V; since they hand it back after their last Q·Kᵀ (run
// 19b), config 5 leads config 11 there by 2-5 %.
// D=64: three consumer warpgroups (config 1), except causal up to 1024 keys, where 192-row blocks waste diagonal
// work and config 11 leads by 10 % (run 19c: 235 against 213 TFLOPS at S=512).
int default_config_fa3(const spak_fmha_args& a) {
  if (a.d == 128) return a.s_k > 512 ? 13 : a.causal ? 5 : 6;
  return a.causal && a.s_k <= 1024 ? 11 : 1;
}

namespace {
/// The workspace: the causal tile counter, or (non-causal: stream-K) the flags and partials of every block and
/// consumer warpgroup of the widest block of the head dim's configs.
struct Fa3WorkspaceLayout {
  size_t flags = 0, partials = 0, bytes = sizeof(int);  // byte offsets and the total
};
Fa3WorkspaceLayout workspace_layout(const spak_fmha_args& a) {
  Fa3WorkspaceLayout layout;
  if (a.causal) return layout;
  int consumers = 0;
  for (const Fa3Config& c : kConfigs)
    if (c.head_dim == 0 || c.head_dim == a.d) consumers = std::max(consumers, c.bm / 64);
  const size_t slots = size_t(multiprocessors()) * consumers;
  layout.flags = 256;
  layout.partials = layout.flags + gemm::flags_bytes(slots);
  layout.bytes = layout.partials + slots * partial_floats(a.d) * sizeof(float);
  return layout;
}
}  // namespace

int64_t workspace_bytes_fa3(const spak_fmha_args& a) { return int64_t(workspace_layout(a).bytes); }

int forward_fa3(int config, const spak_fmha_args& a, void* workspace, int64_t workspace_bytes, cudaStream_t stream) {
  if (a.d != 64 && a.d != 128) return fail(SPAK_FMHA_UNSUPPORTED, "fa3: head dim must be 64 or 128");
  if (a.q_stride_s % 8 || a.k_stride_s % 8 || a.q_stride_h % 8 || a.k_stride_h % 8 || a.q_stride_b % 8 ||
      a.k_stride_b % 8)
    return fail(SPAK_FMHA_UNSUPPORTED, "fa3: strides must be multiples of 8 elements (16 bytes, for TMA)");
  if (!aligned16(a.q) || !aligned16(a.k) || !aligned16(a.v) || !aligned16(a.o))
    return fail(SPAK_FMHA_UNSUPPORTED, "fa3: q, k, v and o must be 16-byte aligned (TMA)");
  const Fa3WorkspaceLayout layout = workspace_layout(a);
  if (!workspace || workspace_bytes < int64_t(layout.bytes))
    return fail(SPAK_FMHA_BAD_ARGUMENT, "fa3: needs a workspace of spak_fmha_workspace_bytes() bytes (" +
                                            std::to_string(layout.bytes) + "; the tile counter or stream-K partials)");
  auto* base = static_cast<char*>(workspace);
  const Fa3Split split{static_cast<int*>(workspace), reinterpret_cast<float*>(base + layout.partials),
                       reinterpret_cast<uint64_t*>(base + layout.flags), 0, 0};
  return a.dtype == SPAK_FMHA_BF16 ? launch_config<__nv_bfloat16>(config, a, split, stream)
                                   : launch_config<__half>(config, a, split, stream);
}

}  // namespace spak::fmha
