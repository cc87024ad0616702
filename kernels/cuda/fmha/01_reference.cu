// Step 01, the reference: unfused attention in fp32, one head at a time, as three kernels that write the whole
// score matrix to device memory (scores = scale·QKᵀ with masking, row softmax that also yields the LSE, O = P·V).
// Why: it is obviously right (no online rescaling, no tiling of the softmax), so every fused step is checked
// against it before it is timed. It reads the inputs in their own type and computes every product in fp32.
#include <cmath>

#include "kernels/cuda/fmha/fmha_common.cuh"

namespace spak::fmha {
namespace {

constexpr int kTile = 16;

/// Strided view of one (batch, head) slice: row r of the [s][d] matrix starts at base + r * row_stride.
template <typename T>
struct HeadView {
  const T* base;
  int64_t row_stride;
  __device__ float at(int r, int c) const { return Elem<T>::to_float(base[r * row_stride + c]); }
};

/// scores[i][j] = scale * q_i . k_j, or -inf where the causal mask hides key j from query i.
template <typename T>
__global__ void scores_kernel(HeadView<T> q, HeadView<T> k, float* scores, int s_q, int s_k, int d, float scale,
                              int causal, int pos_offset) {
  __shared__ float qs[kTile][kTile + 1], ks[kTile][kTile + 1];
  const int i = blockIdx.y * kTile + threadIdx.y, j = blockIdx.x * kTile + threadIdx.x;
  float acc = 0.f;
  for (int d0 = 0; d0 < d; d0 += kTile) {
    const int qi = blockIdx.y * kTile + threadIdx.y, kj = blockIdx.x * kTile + threadIdx.y;
    qs[threadIdx.y][threadIdx.x] = qi < s_q ? q.at(qi, d0 + threadIdx.x) : 0.f;
    ks[threadIdx.y][threadIdx.x] = kj < s_k ? k.at(kj, d0 + threadIdx.x) : 0.f;
    __syncthreads();
#pragma unroll
    for (int t = 0; t < kTile; ++t) acc += qs[threadIdx.y][t] * ks[threadIdx.x][t];
    __syncthreads();
  }
  if (i < s_q && j < s_k)
    scores[int64_t(i) * s_k + j] = (causal && j > i + pos_offset) ? -INFINITY : acc * scale;
}

/// Normalises one row of scores in place into probabilities and writes its natural-log LSE.
__global__ void softmax_kernel(float* scores, float* lse, int s_k) {
  float* row = scores + int64_t(blockIdx.x) * s_k;
  __shared__ float red[32];
  // Every thread needs the row's max and sum, so each one folds all warps' partial results.
  auto block_reduce = [&](float v, bool is_max) {
    for (int o = 16; o > 0; o >>= 1) {
      const float w = __shfl_xor_sync(0xffffffffu, v, o);
      v = is_max ? fmaxf(v, w) : v + w;
    }
    if (threadIdx.x % 32 == 0) red[threadIdx.x / 32] = v;
    __syncthreads();
    float r = is_max ? -INFINITY : 0.f;
    for (unsigned w = 0; w < blockDim.x / 32; ++w) r = is_max ? fmaxf(r, red[w]) : r + red[w];
    __syncthreads();  // red is reused by the next reduction
    return r;
  };
  float m = -INFINITY;
  for (int j = threadIdx.x; j < s_k; j += blockDim.x) m = fmaxf(m, row[j]);
  m = block_reduce(m, true);
  float sum = 0.f;
  for (int j = threadIdx.x; j < s_k; j += blockDim.x) sum += m == -INFINITY ? 0.f : expf(row[j] - m);
  sum = block_reduce(sum, false);
  // A fully masked row has no keys: its output is zero and its LSE -inf (as in the fused steps).
  const float inv = sum > 0.f ? 1.f / sum : 0.f;
  for (int j = threadIdx.x; j < s_k; j += blockDim.x) row[j] = m == -INFINITY ? 0.f : expf(row[j] - m) * inv;
  if (threadIdx.x == 0 && lse) lse[blockIdx.x] = sum > 0.f ? m + logf(sum) : -INFINITY;
}

/// o[i][c] = sum_j p[i][j] * v[j][c], written in the output type.
template <typename T>
__global__ void pv_kernel(const float* p, HeadView<T> v, T* o, int64_t o_row_stride, int s_q, int s_k, int d) {
  __shared__ float ps[kTile][kTile + 1], vs[kTile][kTile + 1];
  const int i = blockIdx.y * kTile + threadIdx.y, c = blockIdx.x * kTile + threadIdx.x;
  float acc = 0.f;
  for (int j0 = 0; j0 < s_k; j0 += kTile) {
    const int pj = j0 + threadIdx.x, vj = j0 + threadIdx.y;
    ps[threadIdx.y][threadIdx.x] = (i < s_q && pj < s_k) ? p[int64_t(i) * s_k + pj] : 0.f;
    vs[threadIdx.y][threadIdx.x] = vj < s_k ? v.at(vj, c) : 0.f;
    __syncthreads();
#pragma unroll
    for (int t = 0; t < kTile; ++t) acc += ps[threadIdx.y][t] * vs[t][threadIdx.x];
    __syncthreads();
  }
  if (i < s_q) o[i * o_row_stride + c] = Elem<T>::from_float(acc);
}

template <typename T>
int run_reference(const spak_fmha_args& a, float* scores, cudaStream_t stream) {
  const int group = a.h / a.h_kv;
  const dim3 block(kTile, kTile);
  for (int b = 0; b < a.b; ++b)
    for (int h = 0; h < a.h; ++h) {
      const int hk = h / group;
      const T* q = static_cast<const T*>(a.q) + b * a.q_stride_b + h * a.q_stride_h;
      const T* k = static_cast<const T*>(a.k) + b * a.k_stride_b + hk * a.k_stride_h;
      const T* v = static_cast<const T*>(a.v) + b * a.k_stride_b + hk * a.k_stride_h;
      T* o = static_cast<T*>(a.o) + b * a.q_stride_b + h * a.q_stride_h;
      float* lse = a.lse ? a.lse + (int64_t(b) * a.h + h) * a.s_q : nullptr;
      scores_kernel<T><<<dim3(ceil_div(a.s_k, kTile), ceil_div(a.s_q, kTile)), block, 0, stream>>>(
          HeadView<T>{q, a.q_stride_s}, HeadView<T>{k, a.k_stride_s}, scores, a.s_q, a.s_k, a.d, a.scale, a.causal,
          a.pos_offset);
      softmax_kernel<<<a.s_q, 256, 0, stream>>>(scores, lse, a.s_k);
      pv_kernel<T><<<dim3(a.d / kTile, ceil_div(a.s_q, kTile)), block, 0, stream>>>(
          scores, HeadView<T>{v, a.k_stride_s}, o, a.q_stride_s, a.s_q, a.s_k, a.d);
      if (int rc = check_cuda(cudaGetLastError(), "reference launch")) return rc;
    }
  return SPAK_FMHA_OK;
}

}  // namespace

int num_configs_reference() { return 1; }

int forward_reference(const spak_fmha_args& a, void* workspace, int64_t workspace_bytes, cudaStream_t stream) {
  if (a.d % kTile != 0) return fail(SPAK_FMHA_UNSUPPORTED, "reference: head dim must be a multiple of 16");
  if (!workspace || workspace_bytes < int64_t(a.s_q) * a.s_k * int64_t(sizeof(float)))
    return fail(SPAK_FMHA_BAD_ARGUMENT, "reference: workspace smaller than s_q * s_k * 4 bytes");
  float* scores = static_cast<float*>(workspace);
  return a.dtype == SPAK_FMHA_BF16 ? run_reference<__nv_bfloat16>(a, scores, stream)
                                   : run_reference<__half>(a, scores, stream);
}

}  // namespace spak::fmha
