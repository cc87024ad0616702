// Step 02, FlashAttention-2-style fused forward on mma.sync (sm_80+ tensor-core path, runs on Hopper too).
// Why: the reference writes an s_q x s_k score matrix per head to device memory; here a block keeps a BM-row
// query tile in registers and streams BN-key K/V tiles through shared memory (cp.async, double-buffered), so
// scores and probabilities never leave the chip. Each warp owns 16 or 32 query rows: S = Q·Kᵀ with m16n8k16 MMAs, an
// online softmax (running max m and sum l per row, O rescaled by exp2(m_old - m_new)) with log2(e) folded into
// the scale so each probability costs one FMA + one exp2, then O += P·V with P re-packed from the S
// accumulators straight into A fragments (no shared-memory round trip). Causal blocks stop at the last tile any
// of their queries can see (tile skipping) and mask only tiles that straddle the diagonal or the ragged end of
// the keys (dynamic masking; aligned interior tiles take the unmasked fast path). Causal blocks are launched
// longest-first to balance the triangle. GQA maps query head h to KV head h / (h / h_kv). Training mode also
// writes the row LSE (natural log) for the backward pass.
#include <cmath>

#include "kernels/cuda/fmha/fmha_common.cuh"

namespace spak::fmha {
namespace {

/// One compile-time schedule of this step: query rows per block, keys per tile, warps (16 or 32 rows each).
struct Fa2Config {
  int bm, bn, warps;
};
constexpr Fa2Config kConfigs[] = {{64, 64, 4}, {128, 64, 8}, {128, 64, 4}, {128, 32, 4}, {128, 128, 4}};
constexpr int kNumConfigs = sizeof(kConfigs) / sizeof(kConfigs[0]);

template <int D, int BM, int BN>
constexpr int smem_bytes() {
  return (BM + 4 * BN) * (D + 8) * 2;  // Q tile + two stages of K and V, rows padded by 16 bytes
}

/// Copies `rows` rows of D elements (row r at src + r * stride) into a padded shared tile; rows at or past
/// `valid_rows` are zero-filled so they contribute nothing (their scores are masked anyway).
template <typename T, int D, int ROWS, int THREADS>
__device__ inline void load_rows(T* dst, const T* src, int64_t stride, int valid_rows, int tid) {
  constexpr int kVecsPerRow = D / 8;
#pragma unroll
  for (int i = tid; i < ROWS * kVecsPerRow; i += THREADS) {
    const int r = i / kVecsPerRow, c = (i % kVecsPerRow) * 8;
    const bool valid = r < valid_rows;
    cp_async_16(dst + r * (D + 8) + c, valid ? src + r * stride + c : src, valid);
  }
}

template <typename T, int D, int BM, int BN, int WARPS>
__global__ void __launch_bounds__(WARPS * 32) fa2_forward_kernel(const spak_fmha_args a) {
  constexpr int kThreads = WARPS * 32, kLd = D + 8, kDT = D / 8, kNT = BN / 8, kMT = BM / 16 / WARPS;
  static_assert(BM % (16 * WARPS) == 0, "each warp owns a whole number of 16-row m tiles");
  extern __shared__ __align__(16) unsigned char smem_raw[];
  T* qs = reinterpret_cast<T*>(smem_raw);
  T* ks = qs + BM * kLd;      // [2][BN][kLd]
  T* vs = ks + 2 * BN * kLd;  // [2][BN][kLd]

  const int q_block = a.causal ? gridDim.x - 1 - blockIdx.x : blockIdx.x;  // causal: heaviest blocks first
  const int h = blockIdx.y, b = blockIdx.z, hk = h / (a.h / a.h_kv);
  const int q0 = q_block * BM;
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const T* qg = static_cast<const T*>(a.q) + b * a.q_stride_b + h * a.q_stride_h;
  const T* kg = static_cast<const T*>(a.k) + b * a.k_stride_b + hk * a.k_stride_h;
  const T* vg = static_cast<const T*>(a.v) + b * a.k_stride_b + hk * a.k_stride_h;
  T* og = static_cast<T*>(a.o) + b * a.q_stride_b + h * a.q_stride_h;

  const int key_end = causal_key_end(q0, BM, a.s_k, a.causal, a.pos_offset);
  const int n_tiles = ceil_div(key_end, BN);
  auto load_kv = [&](int stage, int n0) {
    load_rows<T, D, BN, kThreads>(ks + stage * BN * kLd, kg + n0 * a.k_stride_s, a.k_stride_s, a.s_k - n0, tid);
    load_rows<T, D, BN, kThreads>(vs + stage * BN * kLd, vg + n0 * a.k_stride_s, a.k_stride_s, a.s_k - n0, tid);
  };
  load_rows<T, D, BM, kThreads>(qs, qg + q0 * a.q_stride_s, a.q_stride_s, a.s_q - q0, tid);
  if (n_tiles > 0) load_kv(0, 0);
  cp_async_commit();

  // A warp owns kMT m16 tiles (rows warp*16*kMT ...). With kMT = 2 every K/V fragment read from shared memory
  // feeds twice the MMAs, which halves shared-memory traffic per FLOP (Q fragments are re-read per tile instead
  // of pinned in registers, to leave room for the larger accumulators).
  const T* q_warp = qs + warp * 16 * kMT * kLd;
  const float scale_log2 = a.scale * kLog2e;
  float o[kMT][kDT][4] = {};
  float m[kMT][2], l[kMT][2];  // rows lane/4 and lane/4 + 8 of each m tile
#pragma unroll
  for (int mt = 0; mt < kMT; ++mt) m[mt][0] = m[mt][1] = -INFINITY, l[mt][0] = l[mt][1] = 0.f;
  const int row_base = q0 + warp * 16 * kMT + lane / 4;

  for (int j = 0; j < n_tiles; ++j) {
    const int stage = j & 1, n0 = j * BN;
    if (j + 1 < n_tiles) {
      load_kv(stage ^ 1, n0 + BN);
      cp_async_commit();
      cp_async_wait<1>();
    } else {
      cp_async_wait<0>();
    }
    __syncthreads();
    const T* kt = ks + stage * BN * kLd;
    const T* vt = vs + stage * BN * kLd;

    float s[kMT][kNT][4] = {};
#pragma unroll
    for (int kk = 0; kk < D / 16; ++kk) {
      uint32_t qf[kMT][4];
#pragma unroll
      for (int mt = 0; mt < kMT; ++mt)
        ldmatrix_x4(qf[mt], q_warp + (mt * 16 + lane % 16) * kLd + kk * 16 + (lane / 16) * 8);
#pragma unroll
      for (int np = 0; np < BN / 16; ++np) {
        uint32_t kf[4];
        ldmatrix_x4(kf, kt + (np * 16 + (lane / 16) * 8 + lane % 8) * kLd + kk * 16 + ((lane / 8) % 2) * 8);
#pragma unroll
        for (int mt = 0; mt < kMT; ++mt) {
          mma_16816<T>(s[mt][2 * np], qf[mt], kf[0], kf[1]);
          mma_16816<T>(s[mt][2 * np + 1], qf[mt], kf[2], kf[3]);
        }
      }
    }

    // Dynamic masking, only on tiles that cross the ragged key end or the causal diagonal.
    const bool ragged = n0 + BN > a.s_k;
    const bool diagonal = a.causal && n0 + BN - 1 > q0 + a.pos_offset;
    if (ragged || diagonal) {
#pragma unroll
      for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
        for (int nt = 0; nt < kNT; ++nt)
#pragma unroll
          for (int e = 0; e < 4; ++e) {
            const int col = n0 + nt * 8 + (lane % 4) * 2 + (e % 2), row = row_base + mt * 16 + (e / 2) * 8;
            if (col >= a.s_k || (a.causal && col > row + a.pos_offset)) s[mt][nt][e] = -INFINITY;
          }
    }

    // Online softmax in the log2 domain: p = exp2(s * scale * log2(e) - m).
#pragma unroll
    for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        float mx = -INFINITY;
#pragma unroll
        for (int nt = 0; nt < kNT; ++nt) mx = fmaxf(mx, fmaxf(s[mt][nt][half * 2], s[mt][nt][half * 2 + 1]));
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
        const float m_new = fmaxf(m[mt][half], mx * scale_log2);
        const float m_use = m_new == -INFINITY ? 0.f : m_new;  // a row with no visible key yet stays at zero
        const float alpha = fast_exp2(m[mt][half] - m_use);
        m[mt][half] = m_new;
        l[mt][half] *= alpha;
#pragma unroll
        for (int dt = 0; dt < kDT; ++dt) {
          o[mt][dt][half * 2] *= alpha;
          o[mt][dt][half * 2 + 1] *= alpha;
        }
#pragma unroll
        for (int nt = 0; nt < kNT; ++nt)
#pragma unroll
          for (int e = 0; e < 2; ++e) {
            const float p = fast_exp2(fmaf(s[mt][nt][half * 2 + e], scale_log2, -m_use));
            s[mt][nt][half * 2 + e] = p;
            l[mt][half] += p;
          }
      }

    // O += P·V: the S accumulator layout of two n8 tiles is exactly the A fragment of one k16 step.
#pragma unroll
    for (int kk = 0; kk < BN / 16; ++kk) {
      uint32_t pa[kMT][4];
#pragma unroll
      for (int mt = 0; mt < kMT; ++mt) {
        pa[mt][0] = Elem<T>::pack2(s[mt][2 * kk][0], s[mt][2 * kk][1]);
        pa[mt][1] = Elem<T>::pack2(s[mt][2 * kk][2], s[mt][2 * kk][3]);
        pa[mt][2] = Elem<T>::pack2(s[mt][2 * kk + 1][0], s[mt][2 * kk + 1][1]);
        pa[mt][3] = Elem<T>::pack2(s[mt][2 * kk + 1][2], s[mt][2 * kk + 1][3]);
      }
#pragma unroll
      for (int dn = 0; dn < D / 16; ++dn) {
        uint32_t vf[4];
        ldmatrix_x4_trans(vf, vt + (kk * 16 + ((lane / 8) % 2) * 8 + lane % 8) * kLd + dn * 16 + (lane / 16) * 8);
#pragma unroll
        for (int mt = 0; mt < kMT; ++mt) {
          mma_16816<T>(o[mt][2 * dn], pa[mt], vf[0], vf[1]);
          mma_16816<T>(o[mt][2 * dn + 1], pa[mt], vf[2], vf[3]);
        }
      }
    }
    __syncthreads();  // the next iteration's prefetch overwrites this stage
  }

#pragma unroll
  for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      float sum = l[mt][half];
      sum += __shfl_xor_sync(0xffffffffu, sum, 1);
      sum += __shfl_xor_sync(0xffffffffu, sum, 2);
      const int row = row_base + mt * 16 + half * 8;
      if (row >= a.s_q) continue;
      const float inv = sum > 0.f ? 1.f / sum : 0.f;
#pragma unroll
      for (int dt = 0; dt < kDT; ++dt)
        *reinterpret_cast<uint32_t*>(og + row * a.q_stride_s + dt * 8 + (lane % 4) * 2) =
            Elem<T>::pack2(o[mt][dt][half * 2] * inv, o[mt][dt][half * 2 + 1] * inv);
      if (a.lse && lane % 4 == 0)
        a.lse[(int64_t(b) * a.h + h) * a.s_q + row] = sum > 0.f ? (m[mt][half] + log2f(sum)) * kLn2 : -INFINITY;
    }
}

template <typename T, int D, int BM, int BN, int WARPS>
int launch(const spak_fmha_args& a, cudaStream_t stream) {
  constexpr int kSmem = smem_bytes<D, BM, BN>();
  auto kernel = fa2_forward_kernel<T, D, BM, BN, WARPS>;
  if (int rc = check_cuda(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem),
                          "fa2: raising the shared-memory limit"))
    return rc;
  kernel<<<dim3(ceil_div(a.s_q, BM), a.h, a.b), WARPS * 32, kSmem, stream>>>(a);
  return check_cuda(cudaGetLastError(), "fa2 launch");
}

template <typename T, int D>
int launch_config(int config, const spak_fmha_args& a, cudaStream_t stream) {
  switch (config) {  // keep in step with kConfigs
    case 0: return launch<T, D, 64, 64, 4>(a, stream);
    case 1: return launch<T, D, 128, 64, 8>(a, stream);
    case 2: return launch<T, D, 128, 64, 4>(a, stream);
    case 3: return launch<T, D, 128, 32, 4>(a, stream);
    default: return launch<T, D, 128, 128, 4>(a, stream);
  }
}

template <typename T>
int launch_dim(int config, const spak_fmha_args& a, cudaStream_t stream) {
  return a.d == 64 ? launch_config<T, 64>(config, a, stream) : launch_config<T, 128>(config, a, stream);
}

}  // namespace

int num_configs_fa2() { return kNumConfigs; }

std::string config_name_fa2(int config) {
  const Fa2Config c = kConfigs[config];
  return "bm=" + std::to_string(c.bm) + " bn=" + std::to_string(c.bn) + " warps=" + std::to_string(c.warps);
}

int default_config_fa2(const spak_fmha_args& a) { return a.d == 64 ? 4 : 2; }

int forward_fa2(int config, const spak_fmha_args& a, cudaStream_t stream) {
  if (a.d != 64 && a.d != 128) return fail(SPAK_FMHA_UNSUPPORTED, "fa2: head dim must be 64 or 128");
  if (a.q_stride_s % 8 || a.k_stride_s % 8 || a.q_stride_h % 8 || a.k_stride_h % 8 || a.q_stride_b % 8 ||
      a.k_stride_b % 8)
    return fail(SPAK_FMHA_UNSUPPORTED, "fa2: strides must be multiples of 8 elements (16-byte rows)");
  return a.dtype == SPAK_FMHA_BF16 ? launch_dim<__nv_bfloat16>(config, a, stream)
                                   : launch_dim<__half>(config, a, stream);
}

}  // namespace spak::fmha
