// Step 03, the backward pass (FlashAttention-2 style, deterministic): dQ, dK, dV from Q, K, V, O, dO and the
// forward's LSE, recomputing P tile by tile instead of storing it. Three kernels:
//   preprocess  Delta_i = rowsum(dO_i · O_i)   (the softmax Jacobian's correction term, one warp per row);
//   dK/dV       a block owns BN keys of one KV head and walks every query tile of every query head that shares
//               it (GQA summed in-block, no atomics): Sᵀ = K·Qᵀ, Pᵀ = exp2(Sᵀ·scale·log2e − LSE·log2e),
//               dV += Pᵀ·dO, dPᵀ = V·dOᵀ, dSᵀ = Pᵀ ⊙ (dPᵀ − Delta), dK += dSᵀ·Q (× scale at the end);
//   dQ          a block owns BM queries and walks the key tiles: dQ += dS·K (× scale).
// Why this shape: computing Sᵀ with keys as rows makes Pᵀ and dSᵀ land in the accumulator layout whose
// re-pack is the A fragment of the next MMA (as P is in the forward), so no tile is transposed through shared
// memory. A separate dQ pass recomputes S once more (2.5 → 3.5 forward-MMAs of work) but needs no fp32 atomics,
// so results are bitwise reproducible. Causal tile skipping applies in both directions.
#include <cmath>

#include "kernels/cuda/fmha/fmha_common.cuh"

namespace spak::fmha {
namespace {

constexpr int kWarps = 4, kThreads = kWarps * 32;

template <typename T, int D, int ROWS>
__device__ inline void load_tile(T* dst, const T* src, int64_t stride, int valid_rows, int tid) {
#pragma unroll
  for (int i = tid; i < ROWS * D / 8; i += kThreads) {
    const int r = i / (D / 8), c = (i % (D / 8)) * 8;
    const bool valid = r < valid_rows;
    cp_async_16(dst + r * (D + 8) + c, valid ? src + r * stride + c : src, valid);
  }
}

/// acc[16 rows of the warp][N] += A(rows from `a`, k = D) · B(rows of `b` = n, k = D)ᵀ, A and B both [row][D+8].
template <typename T, int D, int N>
__device__ inline void mma_abt(float (&acc)[N / 8][4], const T* a, const T* b, int lane) {
  constexpr int kLd = D + 8;
#pragma unroll
  for (int kk = 0; kk < D / 16; ++kk) {
    uint32_t af[4];
    ldmatrix_x4(af, a + (lane % 16) * kLd + kk * 16 + (lane / 16) * 8);
#pragma unroll
    for (int np = 0; np < N / 16; ++np) {
      uint32_t bf[4];
      ldmatrix_x4(bf, b + (np * 16 + (lane / 16) * 8 + lane % 8) * kLd + kk * 16 + ((lane / 8) % 2) * 8);
      mma_16816<T>(acc[2 * np], af, bf[0], bf[1]);
      mma_16816<T>(acc[2 * np + 1], af, bf[2], bf[3]);
    }
  }
}

/// acc[16][D] += P(16 x K, accumulator layout, in registers) · B (shared [K][D+8], row-major k x n).
template <typename T, int D, int K>
__device__ inline void mma_pb(float (&acc)[D / 8][4], const float (&p)[K / 8][4], const T* b, int lane) {
  constexpr int kLd = D + 8;
#pragma unroll
  for (int kk = 0; kk < K / 16; ++kk) {
    const uint32_t pa[4] = {Elem<T>::pack2(p[2 * kk][0], p[2 * kk][1]), Elem<T>::pack2(p[2 * kk][2], p[2 * kk][3]),
                            Elem<T>::pack2(p[2 * kk + 1][0], p[2 * kk + 1][1]),
                            Elem<T>::pack2(p[2 * kk + 1][2], p[2 * kk + 1][3])};
#pragma unroll
    for (int dn = 0; dn < D / 16; ++dn) {
      uint32_t bf[4];
      ldmatrix_x4_trans(bf, b + (kk * 16 + ((lane / 8) % 2) * 8 + lane % 8) * kLd + dn * 16 + (lane / 16) * 8);
      mma_16816<T>(acc[2 * dn], pa, bf[0], bf[1]);
      mma_16816<T>(acc[2 * dn + 1], pa, bf[2], bf[3]);
    }
  }
}

template <typename T, int D>
__device__ inline void store_rows(T* g, int64_t stride, const float (&acc)[D / 8][4], int row0, int rows, float mul,
                                  int lane) {
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int r = row0 + lane / 4 + half * 8;
    if (r >= rows) continue;
#pragma unroll
    for (int dt = 0; dt < D / 8; ++dt)
      *reinterpret_cast<uint32_t*>(g + r * stride + dt * 8 + (lane % 4) * 2) =
          Elem<T>::pack2(acc[dt][half * 2] * mul, acc[dt][half * 2 + 1] * mul);
  }
}

/// Delta[b, h, i] = sum_d dO[b, i, h, d] * O[b, i, h, d], in fp32.
template <typename T>
__global__ void preprocess_kernel(const spak_fmha_args a, const T* d_o, float* delta) {
  const int row = blockIdx.x * kWarps + threadIdx.x / 32, lane = threadIdx.x % 32;
  const int h = blockIdx.y, b = blockIdx.z;
  if (row >= a.s_q) return;
  const int64_t off = b * a.q_stride_b + h * a.q_stride_h + row * a.q_stride_s;
  const T* o = static_cast<const T*>(a.o) + off;
  float sum = 0.f;
  for (int c = lane; c < a.d; c += 32) sum += Elem<T>::to_float(o[c]) * Elem<T>::to_float(d_o[off + c]);
  for (int s = 16; s > 0; s >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, s);
  if (lane == 0) delta[(int64_t(b) * a.h + h) * a.s_q + row] = sum;
}

/// P (or Pᵀ) from raw scores: exp2(s·scale·log2e − lse·log2e), zero where masked. `lse2` is +inf for rows that
/// must contribute nothing (past s_q, or fully masked in the forward).
__device__ inline float prob(float s, float scale_log2, float lse2, bool visible) {
  return visible ? fast_exp2(fmaf(s, scale_log2, -lse2)) : 0.f;
}

template <typename T, int D, int BN, int BM>
__global__ void __launch_bounds__(kThreads) dkdv_kernel(const spak_fmha_args a, const T* d_o, const float* delta,
                                                        T* dk, T* dv) {
  constexpr int kLd = D + 8;
  static_assert(BN == 16 * kWarps, "each warp owns 16 keys");
  extern __shared__ __align__(16) unsigned char smem_raw[];
  T* ks = reinterpret_cast<T*>(smem_raw);
  T* vs = ks + BN * kLd;
  T* qs = vs + BN * kLd;
  T* dos = qs + BM * kLd;
  float* lse2_s = reinterpret_cast<float*>(dos + BM * kLd);
  float* delta_s = lse2_s + BM;

  const int n0 = blockIdx.x * BN, hk = blockIdx.y, b = blockIdx.z, group = a.h / a.h_kv;
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int64_t kv_off = b * a.k_stride_b + hk * a.k_stride_h + n0 * a.k_stride_s;
  load_tile<T, D, BN>(ks, static_cast<const T*>(a.k) + kv_off, a.k_stride_s, a.s_k - n0, tid);
  load_tile<T, D, BN>(vs, static_cast<const T*>(a.v) + kv_off, a.k_stride_s, a.s_k - n0, tid);
  cp_async_commit();

  const float scale_log2 = a.scale * kLog2e;
  float dk_acc[D / 8][4] = {}, dv_acc[D / 8][4] = {};
  const int key_base = n0 + warp * 16 + lane / 4;
  // Causal: queries before n0 - pos_offset see none of these keys.
  const int m_first = a.causal ? max(0, n0 - a.pos_offset) / BM * BM : 0;
  for (int hq = hk * group; hq < (hk + 1) * group; ++hq) {
    const int64_t q_off = b * a.q_stride_b + hq * a.q_stride_h;
    const float* lse = a.lse + (int64_t(b) * a.h + hq) * a.s_q;
    const float* dl = delta + (int64_t(b) * a.h + hq) * a.s_q;
    for (int m0 = m_first; m0 < a.s_q; m0 += BM) {
      __syncthreads();  // the previous tile's readers are done
      load_tile<T, D, BM>(qs, static_cast<const T*>(a.q) + q_off + m0 * a.q_stride_s, a.q_stride_s, a.s_q - m0, tid);
      load_tile<T, D, BM>(dos, d_o + q_off + m0 * a.q_stride_s, a.q_stride_s, a.s_q - m0, tid);
      cp_async_commit();
      for (int i = tid; i < BM; i += kThreads) {
        const float l = m0 + i < a.s_q ? lse[m0 + i] : -INFINITY;
        lse2_s[i] = l == -INFINITY ? INFINITY : l * kLog2e;
        delta_s[i] = m0 + i < a.s_q ? dl[m0 + i] : 0.f;
      }
      cp_async_wait<0>();
      __syncthreads();

      float p[BM / 8][4] = {}, dp[BM / 8][4] = {};
      mma_abt<T, D, BM>(p, ks + warp * 16 * kLd, qs, lane);     // Sᵀ: keys x queries
      mma_abt<T, D, BM>(dp, vs + warp * 16 * kLd, dos, lane);   // dPᵀ = V·dOᵀ
#pragma unroll
      for (int nt = 0; nt < BM / 8; ++nt)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          const int qi = nt * 8 + (lane % 4) * 2 + (e % 2), key = key_base + (e / 2) * 8;
          const bool visible = !a.causal || key <= m0 + qi + a.pos_offset;
          p[nt][e] = prob(p[nt][e], scale_log2, lse2_s[qi], visible);
          dp[nt][e] = p[nt][e] * (dp[nt][e] - delta_s[qi]);  // dSᵀ
        }
      mma_pb<T, D, BM>(dv_acc, p, dos, lane);
      mma_pb<T, D, BM>(dk_acc, dp, qs, lane);
    }
  }
  const int64_t out_off = b * a.k_stride_b + hk * a.k_stride_h + n0 * a.k_stride_s;
  store_rows<T, D>(dk + out_off, a.k_stride_s, dk_acc, warp * 16, a.s_k - n0, a.scale, lane);
  store_rows<T, D>(dv + out_off, a.k_stride_s, dv_acc, warp * 16, a.s_k - n0, 1.f, lane);
}

template <typename T, int D, int BM, int BN>
__global__ void __launch_bounds__(kThreads) dq_kernel(const spak_fmha_args a, const T* d_o, const float* delta,
                                                      T* dq) {
  constexpr int kLd = D + 8;
  static_assert(BM == 16 * kWarps, "each warp owns 16 queries");
  extern __shared__ __align__(16) unsigned char smem_raw[];
  T* qs = reinterpret_cast<T*>(smem_raw);
  T* dos = qs + BM * kLd;
  T* ks = dos + BM * kLd;
  T* vs = ks + BN * kLd;

  const int m0 = blockIdx.x * BM, h = blockIdx.y, b = blockIdx.z, hk = h / (a.h / a.h_kv);
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int64_t q_off = b * a.q_stride_b + h * a.q_stride_h;
  const int64_t kv_off = b * a.k_stride_b + hk * a.k_stride_h;
  load_tile<T, D, BM>(qs, static_cast<const T*>(a.q) + q_off + m0 * a.q_stride_s, a.q_stride_s, a.s_q - m0, tid);
  load_tile<T, D, BM>(dos, d_o + q_off + m0 * a.q_stride_s, a.q_stride_s, a.s_q - m0, tid);
  cp_async_commit();

  const float scale_log2 = a.scale * kLog2e;
  float lse2[2], dl[2];
  const int row_base = m0 + warp * 16 + lane / 4;
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int r = row_base + half * 8;
    const float l = r < a.s_q ? a.lse[(int64_t(b) * a.h + h) * a.s_q + r] : -INFINITY;
    lse2[half] = l == -INFINITY ? INFINITY : l * kLog2e;
    dl[half] = r < a.s_q ? delta[(int64_t(b) * a.h + h) * a.s_q + r] : 0.f;
  }
  float dq_acc[D / 8][4] = {};
  const int n_tiles = ceil_div(causal_key_end(m0, BM, a.s_k, a.causal, a.pos_offset), BN);
  for (int j = 0; j < n_tiles; ++j) {
    const int n0 = j * BN;
    __syncthreads();
    load_tile<T, D, BN>(ks, static_cast<const T*>(a.k) + kv_off + n0 * a.k_stride_s, a.k_stride_s, a.s_k - n0, tid);
    load_tile<T, D, BN>(vs, static_cast<const T*>(a.v) + kv_off + n0 * a.k_stride_s, a.k_stride_s, a.s_k - n0, tid);
    cp_async_commit();
    cp_async_wait<0>();
    __syncthreads();

    float s[BN / 8][4] = {}, dp[BN / 8][4] = {};
    mma_abt<T, D, BN>(s, qs + warp * 16 * kLd, ks, lane);
    mma_abt<T, D, BN>(dp, dos + warp * 16 * kLd, vs, lane);
#pragma unroll
    for (int nt = 0; nt < BN / 8; ++nt)
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        const int col = n0 + nt * 8 + (lane % 4) * 2 + (e % 2), half = e / 2, row = row_base + half * 8;
        const bool visible = col < a.s_k && (!a.causal || col <= row + a.pos_offset);
        const float pr = prob(s[nt][e], scale_log2, lse2[half], visible);
        s[nt][e] = pr * (dp[nt][e] - dl[half]);  // dS
      }
    mma_pb<T, D, BN>(dq_acc, s, ks, lane);
  }
  store_rows<T, D>(dq + q_off, a.q_stride_s, dq_acc, m0 + warp * 16, a.s_q, a.scale, lane);
}

template <typename T, int D>
int run_backward(const spak_fmha_args& a, const T* d_o, T* dq, T* dk, T* dv, float* delta, cudaStream_t stream) {
  constexpr int kBn = 64, kBm = 64;
  preprocess_kernel<T><<<dim3(ceil_div(a.s_q, kWarps), a.h, a.b), kThreads, 0, stream>>>(a, d_o, delta);
  if (int rc = check_cuda(cudaGetLastError(), "backward preprocess launch")) return rc;

  constexpr int kSmemKv = (2 * kBn + 2 * kBm) * (D + 8) * 2 + 2 * kBm * 4;
  auto dkdv = dkdv_kernel<T, D, kBn, kBm>;
  if (int rc = check_cuda(cudaFuncSetAttribute(dkdv, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmemKv),
                          "backward: raising the shared-memory limit"))
    return rc;
  dkdv<<<dim3(ceil_div(a.s_k, kBn), a.h_kv, a.b), kThreads, kSmemKv, stream>>>(a, d_o, delta, dk, dv);
  if (int rc = check_cuda(cudaGetLastError(), "backward dK/dV launch")) return rc;

  constexpr int kSmemQ = (2 * kBm + 2 * kBn) * (D + 8) * 2;
  auto dqk = dq_kernel<T, D, kBm, kBn>;
  if (int rc = check_cuda(cudaFuncSetAttribute(dqk, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmemQ),
                          "backward: raising the shared-memory limit"))
    return rc;
  dqk<<<dim3(ceil_div(a.s_q, kBm), a.h, a.b), kThreads, kSmemQ, stream>>>(a, d_o, delta, dq);
  return check_cuda(cudaGetLastError(), "backward dQ launch");
}

template <typename T>
int run_dim(const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv, float* delta,
            cudaStream_t stream) {
  auto t = [](const void* p) { return static_cast<const T*>(p); };
  auto m = [](void* p) { return static_cast<T*>(p); };
  return a.d == 64 ? run_backward<T, 64>(a, t(d_o), m(dq), m(dk), m(dv), delta, stream)
                   : run_backward<T, 128>(a, t(d_o), m(dq), m(dk), m(dv), delta, stream);
}

}  // namespace

int64_t workspace_bytes_backward(const spak_fmha_args& a) { return int64_t(a.b) * a.h * a.s_q * 4; }

int backward(const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv, void* workspace,
             int64_t workspace_bytes, cudaStream_t stream) {
  if (a.d != 64 && a.d != 128) return fail(SPAK_FMHA_UNSUPPORTED, "backward: head dim must be 64 or 128");
  if (!a.lse) return fail(SPAK_FMHA_BAD_ARGUMENT, "backward: args.lse must hold the training-mode forward's LSE");
  if (!d_o || !dq || !dk || !dv) return fail(SPAK_FMHA_BAD_ARGUMENT, "backward: d_o, dq, dk and dv are required");
  if (!workspace || workspace_bytes < workspace_bytes_backward(a))
    return fail(SPAK_FMHA_BAD_ARGUMENT, "backward: workspace smaller than b * h * s_q * 4 bytes");
  if (a.q_stride_s % 8 || a.k_stride_s % 8 || a.q_stride_h % 8 || a.k_stride_h % 8 || a.q_stride_b % 8 ||
      a.k_stride_b % 8)
    return fail(SPAK_FMHA_UNSUPPORTED, "backward: strides must be multiples of 8 elements (16-byte rows)");
  float* delta = static_cast<float*>(workspace);
  return a.dtype == SPAK_FMHA_BF16 ? run_dim<__nv_bfloat16>(a, d_o, dq, dk, dv, delta, stream)
                                   : run_dim<__half>(a, d_o, dq, dk, dv, delta, stream);
}

}  // namespace spak::fmha
