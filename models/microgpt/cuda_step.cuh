#pragma once
// One document's forward and backward pass, computed by one thread block: every operation of the model as a
// block-wide phase (threads stride over its outputs, a barrier after it), on pointers that may point into shared
// or global memory alike (cuda_kernels.cu decides which). The arithmetic mirrors tensor_ops.h term for term, so
// the double build reproduces the CPU trainer and the scalar reference.

#include <cuda_runtime.h>

#include "cuda_runner.h"

namespace spak::microgpt::cuda {

template <typename T>
__device__ inline T dev_exp(T x) {
  if constexpr (sizeof(T) == 4) return expf(x); else return exp(x);
}
template <typename T>
__device__ inline T dev_log(T x) {
  if constexpr (sizeof(T) == 4) return logf(x); else return log(x);
}
template <typename T>
__device__ inline T dev_sqrt(T x) {
  if constexpr (sizeof(T) == 4) return sqrtf(x); else return sqrt(x);
}

/// Element offsets of one document's buffers in a block's workspace. Two tiers: `scratch` (embeddings, logits,
/// backward buffers: touched by every phase) and `saved` (each layer's activations, kept for its backward).
struct Workspace {
  // scratch tier
  long emb, scale0, x0, logits, dx, dtmp, dq, dk, dv, dattn, dhidden, da, ds, row_loss, scratch_size;
  // saved tier, per layer at layer_base(l)
  long xn1, scale1, q, k, v, att, attn_out, x_mid, xn2, scale2, hidden, x_out, layer_size;

  __host__ __device__ explicit Workspace(const Dims& d) {
    const long tc = static_cast<long>(d.block) * d.n_embd, tm = static_cast<long>(d.block) * d.mlp;
    const long att_size = static_cast<long>(d.n_head) * d.block * d.block;
    long at = 0;
    emb = take(at, tc); scale0 = take(at, d.block); x0 = take(at, tc);
    logits = take(at, static_cast<long>(d.block) * d.vocab);
    dx = take(at, tc); dtmp = take(at, tc); dq = take(at, tc); dk = take(at, tc); dv = take(at, tc);
    dattn = take(at, tc); dhidden = take(at, tm); da = take(at, att_size); ds = take(at, att_size);
    row_loss = take(at, d.block);
    scratch_size = at;
    at = 0;
    xn1 = take(at, tc); scale1 = take(at, d.block); q = take(at, tc); k = take(at, tc); v = take(at, tc);
    att = take(at, att_size); attn_out = take(at, tc); x_mid = take(at, tc); xn2 = take(at, tc);
    scale2 = take(at, d.block); hidden = take(at, tm); x_out = take(at, tc);
    layer_size = at;
  }

 private:
  __host__ __device__ static long take(long& at, long count) {
    const long offset = at;
    at += count;
    return offset;
  }
};

/// The thread's place in its block.
struct Threads {
  int tid, count, lane, warp, warps;
  __device__ Threads()
      : tid(threadIdx.x), count(blockDim.x), lane(threadIdx.x % 32), warp(threadIdx.x / 32),
        warps(blockDim.x / 32) {}
};

template <typename T>
__device__ inline T warp_sum(T v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}
template <typename T>
__device__ inline T warp_max(T v) {
  for (int o = 16; o > 0; o >>= 1) v = fmax(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

/// Lanes that share one output's dot product: when a phase has fewer outputs than the block has threads, `split`
/// neighbouring lanes each take a strided part of the sum (then split_reduce adds them up), which shortens the
/// chain of dependent FMAs. 1 when the outputs alone fill the block.
__device__ inline int split_lanes(const Threads& th, int jobs, int len) {
  int split = 1;
  while (split < 32 && jobs * split * 2 <= th.count && len >= split * 8) split *= 2;
  return split;
}

/// Sums `v` over the `split` neighbouring lanes of a job; every lane of the warp must call it.
template <typename T>
__device__ inline T split_reduce(T v, int split) {
  for (int o = split / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

/// Gradient accumulation: plain when one block owns the gradients, atomic when the batch's blocks share them.
template <typename T>
__device__ inline void accumulate(T* g, T v, bool atomic) {
  if (atomic) atomicAdd(g, v); else *g += v;
}

/// The model's pointers for one block: weights and gradients (shared or global), the workspace tiers, the
/// document's tokens (shared), and whether gradients are summed atomically.
template <typename T>
struct Step {
  Dims d;
  Workspace ws;
  const T* w;
  T* g;
  T* scratch;
  T* saved;
  const int* tokens;  // n + 1 tokens: inputs [0, n), targets [1, n]
  int n;
  bool atomic;

  __device__ T* S(long off) const { return scratch + off; }
  __device__ T* L(int l, long off) const { return saved + l * ws.layer_size + off; }
  __device__ const T* W(long off) const { return w + off; }
  __device__ T* G(long off) const { return g + off; }
  __device__ const T* layer_input(int l) const { return l == 0 ? S(ws.x0) : L(l - 1, ws.x_out); }
  __device__ const T* final_output() const { return L(d.n_layer - 1, ws.x_out); }
};

// ---- forward operations ---------------------------------------------------------------------------------------

/// y[t][o] = Σ_i x[t][i]·w[o][i] (+ residual[t][o]) (relu), for `pairs` (w, y) pairs that share x (q, k and v
/// in one phase). Each thread starts its dot product at a different i so that a warp's reads of w rows (stride
/// `in`) spread over the shared-memory banks.
template <typename T>
__device__ void linear_fwd(const Threads& th, const T* x, const T* const* ws, T* const* ys, int pairs,
                           const T* residual, bool relu, int n, int in, int out) {
  const int per_pair = n * out, jobs = pairs * per_pair;
  const int split = split_lanes(th, jobs, in), part = th.tid % split, lanes = th.count / split;
  // Every lane of a warp runs the same iterations (split_reduce needs the whole warp); idle lanes add nothing.
  for (int base = 0; base < jobs; base += lanes) {
    const int job = base + th.tid / split;
    T sum = 0;
    int p = 0, idx = 0;
    if (job < jobs) {
      p = job / per_pair;
      idx = job - p * per_pair;
      const int t = idx / out, o = idx - t * out;
      const T* xr = x + t * in;
      const T* wr = ws[p] + static_cast<long>(o) * in;
      int i = (o + part) % in;
      for (int k = part; k < in; k += split) {
        sum += xr[i] * wr[i];
        i += split;
        if (i >= in) i -= in;
      }
    }
    sum = split_reduce(sum, split);
    if (job < jobs && part == 0) {
      if (residual) sum += residual[idx];
      ys[p][idx] = relu ? fmax(sum, T(0)) : sum;
    }
  }
}

template <typename T>
__device__ void linear_fwd(const Threads& th, const T* x, const T* w, const T* residual, bool relu, T* y, int n,
                           int in, int out) {
  const T* ws[1] = {w};
  T* ys[1] = {y};
  linear_fwd(th, x, ws, ys, 1, residual, relu, n, in, out);
}

/// Row-wise RMSNorm, one warp per row: y = x·s, s = (mean(x²) + 1e-5)^-½ kept in scale.
template <typename T>
__device__ void rmsnorm_fwd(const Threads& th, const T* x, T* y, T* scale, int n, int c) {
  for (int t = th.warp; t < n; t += th.warps) {
    T ms = 0;
    for (int i = th.lane; i < c; i += 32) ms += x[t * c + i] * x[t * c + i];
    ms = warp_sum(ms);
    const T s = T(1) / dev_sqrt(ms / T(c) + T(1e-5));
    if (th.lane == 0) scale[t] = s;
    for (int i = th.lane; i < c; i += 32) y[t * c + i] = x[t * c + i] * s;
  }
}

/// emb = wte[token] + wpe[pos], then x0 = rmsnorm(emb): one warp per position, so no barrier between the two.
template <typename T>
__device__ void embed_fwd(const Threads& th, const Step<T>& st) {
  const int c = st.d.n_embd;
  T* emb = st.S(st.ws.emb);
  for (int t = th.warp; t < st.n; t += th.warps) {
    for (int i = th.lane; i < c; i += 32) {
      emb[t * c + i] = st.W(0)[st.tokens[t] * c + i] + st.W(st.d.wpe())[t * c + i];
    }
  }
  __syncwarp();
  rmsnorm_fwd(th, emb, st.S(st.ws.x0), st.S(st.ws.scale0), st.n, c);
}

/// Causal attention weights, one warp per (head, position) row: att[h][t][u] = softmax_{u≤t}(q_t·k_u/√hd)
/// (rows of width n), lanes over u.
template <typename T>
__device__ void attention_weights(const Threads& th, const T* q, const T* k, T* att, int n, int heads, int hd) {
  const int c = heads * hd;
  const T scale = T(1) / dev_sqrt(T(hd));
  for (int row = th.warp; row < heads * n; row += th.warps) {
    const int h = row / n, t = row % n;
    T* a = att + static_cast<long>(row) * n;
    T max_val = -INFINITY;
    for (int u = th.lane; u <= t; u += 32) {
      T dot = 0;
      for (int j = 0; j < hd; ++j) dot += q[t * c + h * hd + j] * k[u * c + h * hd + j];
      a[u] = dot * scale;
      max_val = fmax(max_val, a[u]);
    }
    max_val = warp_max(max_val);
    T total = 0;
    for (int u = th.lane; u <= t; u += 32) total += (a[u] = dev_exp(a[u] - max_val));
    total = warp_sum(total);
    for (int u = th.lane; u <= t; u += 32) a[u] /= total;
  }
}

/// out[t][h·hd + j] = Σ_{u≤t} att[h][t][u]·v[u][h·hd + j].
template <typename T>
__device__ void attention_values(const Threads& th, const T* att, const T* v, T* out, int n, int heads, int hd) {
  const int c = heads * hd;
  for (int idx = th.tid; idx < n * c; idx += th.count) {
    const int t = idx / c, ch = idx % c, h = ch / hd;
    const T* a = att + static_cast<long>(h * n + t) * n;
    T sum = 0;
    for (int u = 0; u <= t; ++u) sum += a[u] * v[u * c + ch];
    out[idx] = sum;
  }
}

/// Softmax cross-entropy of each position, one warp per row: logits become (p − one-hot)·weight (the gradient
/// of the batch mean), row_loss[t] = −log p[target].
template <typename T>
__device__ void cross_entropy(const Threads& th, const Step<T>& st, T weight) {
  const int vocab = st.d.vocab;
  T* logits = st.S(st.ws.logits);
  for (int t = th.warp; t < st.n; t += th.warps) {
    T* p = logits + t * vocab;
    T max_val = p[0];
    for (int i = th.lane; i < vocab; i += 32) max_val = fmax(max_val, p[i]);
    max_val = warp_max(max_val);
    T total = 0;
    for (int i = th.lane; i < vocab; i += 32) total += dev_exp(p[i] - max_val);
    total = warp_sum(total);
    const T inv = T(1) / total;
    const int target = st.tokens[t + 1];
    __syncwarp();
    if (th.lane == 0) st.S(st.ws.row_loss)[t] = -dev_log(dev_exp(p[target] - max_val) * inv);
    __syncwarp();
    for (int i = th.lane; i < vocab; i += 32) {
      const T prob = dev_exp(p[i] - max_val) * inv;
      p[i] = prob * weight - (i == target ? weight : T(0));
    }
  }
}

/// The forward pass over the document's n positions; leaves the logits in the scratch tier.
template <typename T>
__device__ void forward(const Threads& th, const Step<T>& st) {
  const Dims& d = st.d;
  const Workspace& ws = st.ws;
  const int n = st.n, c = d.n_embd, hd = d.head_dim();
  embed_fwd(th, st);
  __syncthreads();
  for (int l = 0; l < d.n_layer; ++l) {
    const long base = d.layer(l);
    const long cc = static_cast<long>(c) * c;
    const T* x_in = st.layer_input(l);
    rmsnorm_fwd(th, x_in, st.L(l, ws.xn1), st.L(l, ws.scale1), n, c);
    __syncthreads();
    {
      const T* wqkv[3] = {st.W(base), st.W(base + cc), st.W(base + 2 * cc)};
      T* qkv[3] = {st.L(l, ws.q), st.L(l, ws.k), st.L(l, ws.v)};
      linear_fwd(th, st.L(l, ws.xn1), wqkv, qkv, 3, static_cast<const T*>(nullptr), false, n, c, c);
    }
    __syncthreads();
    attention_weights(th, st.L(l, ws.q), st.L(l, ws.k), st.L(l, ws.att), n, d.n_head, hd);
    __syncthreads();
    attention_values(th, st.L(l, ws.att), st.L(l, ws.v), st.L(l, ws.attn_out), n, d.n_head, hd);
    __syncthreads();
    linear_fwd(th, st.L(l, ws.attn_out), st.W(base + 3 * cc), x_in, false, st.L(l, ws.x_mid), n, c, c);
    __syncthreads();
    rmsnorm_fwd(th, st.L(l, ws.x_mid), st.L(l, ws.xn2), st.L(l, ws.scale2), n, c);
    __syncthreads();
    linear_fwd(th, st.L(l, ws.xn2), st.W(base + 4 * cc), static_cast<const T*>(nullptr), true, st.L(l, ws.hidden), n,
               c, d.mlp);
    __syncthreads();
    linear_fwd(th, st.L(l, ws.hidden), st.W(base + 4 * cc + static_cast<long>(d.mlp) * c), st.L(l, ws.x_mid), false,
               st.L(l, ws.x_out), n, d.mlp, c);
    __syncthreads();
  }
  linear_fwd(th, st.final_output(), st.W(d.lm_head()), static_cast<const T*>(nullptr), false, st.S(ws.logits), n, c,
             d.vocab);
  __syncthreads();
}

// ---- backward operations --------------------------------------------------------------------------------------

/// For y = w·x (w [out][in]): dw[o][i] += Σ_t dy[t][o]·x[t][i], for `pairs` (dy, dw) pairs sharing x. Threads
/// own weights, so the sum over positions is a plain loop; `atomic` only when several blocks add to the same
/// gradients.
template <typename T>
__device__ void linear_bwd_weight(const Threads& th, const T* x, const T* const* dys, T* const* dws, int pairs,
                                  int n, int in, int out, bool atomic) {
  // The thread's weight (o, i) advances by th.count each iteration without a division: one output per thread is
  // only n FMAs, so index arithmetic would otherwise cost more than the sum (64-bit divisions did, measured).
  const int step_o = th.count / in, step_i = th.count % in;
  for (int p = 0; p < pairs; ++p) {
    const T* dy = dys[p];
    T* dw = dws[p];
    int o = th.tid / in, i = th.tid % in;
    for (; o < out; o += step_o, i += step_i) {
      if (i >= in) {
        i -= in;
        if (++o >= out) break;
      }
      T sum = 0;
      for (int t = 0; t < n; ++t) sum += dy[t * out + o] * x[t * in + i];
      accumulate(dw + static_cast<long>(o) * in + i, sum, atomic);
    }
  }
}

template <typename T>
__device__ void linear_bwd_weight(const Threads& th, const T* x, const T* dy, T* dw, int n, int in, int out,
                                  bool atomic) {
  const T* dys[1] = {dy};
  T* dws[1] = {dw};
  linear_bwd_weight(th, x, dys, dws, 1, n, in, out, atomic);
}

/// dx[t][i] (+)= Σ_o dy[t][o]·w[o][i], summed over up to three (dy, w) pairs (q, k and v share their input).
template <typename T>
__device__ void linear_bwd_input(const Threads& th, const T* const* dys, const T* const* ws, int pairs, T* dx,
                                 bool add, int n, int in, int out) {
  const int jobs = n * in;
  const int split = split_lanes(th, jobs, pairs * out), part = th.tid % split, lanes = th.count / split;
  for (int base = 0; base < jobs; base += lanes) {
    const int idx = base + th.tid / split;
    T sum = 0;
    if (idx < jobs) {
      const int t = idx / in, i = idx - t * in;
      for (int p = 0; p < pairs; ++p) {
        const T* dy = dys[p] + t * out;
        const T* w = ws[p] + i;
        for (int o = part; o < out; o += split) sum += dy[o] * w[static_cast<long>(o) * in];
      }
    }
    sum = split_reduce(sum, split);
    if (idx < jobs && part == 0) dx[idx] = add ? dx[idx] + sum : sum;
  }
}

/// dx[t] (+)= s·dy[t] − x[t]·s³·(dy[t]·x[t])/c, one warp per row.
template <typename T>
__device__ void rmsnorm_bwd(const Threads& th, const T* x, const T* scale, const T* dy, T* dx, bool add, int n,
                            int c) {
  for (int t = th.warp; t < n; t += th.warps) {
    T dot = 0;
    for (int i = th.lane; i < c; i += 32) dot += dy[t * c + i] * x[t * c + i];
    dot = warp_sum(dot);
    const T s = scale[t];
    const T k = s * s * s * dot / T(c);
    for (int i = th.lane; i < c; i += 32) {
      const T v = s * dy[t * c + i] - k * x[t * c + i];
      dx[t * c + i] = add ? dx[t * c + i] + v : v;
    }
  }
}

/// The backward pass: gradients of every weight added to st.g (logits hold dlogits on entry).
template <typename T>
__device__ void backward(const Threads& th, const Step<T>& st) {
  const Dims& d = st.d;
  const Workspace& ws = st.ws;
  const int n = st.n, c = d.n_embd, hd = d.head_dim(), heads = d.n_head, mlp = d.mlp;
  const long cc = static_cast<long>(c) * c;
  T* dx = st.S(ws.dx);
  T* dtmp = st.S(ws.dtmp);
  {
    const T* dlogits = st.S(ws.logits);
    linear_bwd_weight(th, st.final_output(), dlogits, st.G(d.lm_head()), n, c, d.vocab, st.atomic);
    const T* dys[1] = {dlogits};
    const T* wts[1] = {st.W(d.lm_head())};
    linear_bwd_input(th, dys, wts, 1, dx, false, n, c, d.vocab);
    __syncthreads();
  }
  for (int l = d.n_layer - 1; l >= 0; --l) {
    const long base = d.layer(l), fc1 = base + 4 * cc, fc2 = fc1 + static_cast<long>(mlp) * c;
    // MLP: x_out = x_mid + fc2·relu(fc1·xn2).
    const T* hidden = st.L(l, ws.hidden);
    T* dhidden = st.S(ws.dhidden);
    linear_bwd_weight(th, hidden, dx, st.G(fc2), n, mlp, c, st.atomic);
    for (int idx = th.tid; idx < n * mlp; idx += th.count) {
      const int t = idx / mlp, j = idx % mlp;
      T sum = 0;
      for (int o = 0; o < c; ++o) sum += dx[t * c + o] * st.W(fc2)[static_cast<long>(o) * mlp + j];
      dhidden[idx] = hidden[idx] > T(0) ? sum : T(0);
    }
    __syncthreads();
    linear_bwd_weight(th, st.L(l, ws.xn2), dhidden, st.G(fc1), n, c, mlp, st.atomic);
    {
      const T* dys[1] = {dhidden};
      const T* wts[1] = {st.W(fc1)};
      linear_bwd_input(th, dys, wts, 1, dtmp, false, n, c, mlp);
    }
    __syncthreads();
    rmsnorm_bwd(th, st.L(l, ws.x_mid), st.L(l, ws.scale2), dtmp, dx, true, n, c);
    __syncthreads();
    // Attention: x_mid = x_in + wo·attention(q, k, v).
    T* dattn = st.S(ws.dattn);
    linear_bwd_weight(th, st.L(l, ws.attn_out), dx, st.G(base + 3 * cc), n, c, c, st.atomic);
    {
      const T* dys[1] = {dx};
      const T* wts[1] = {st.W(base + 3 * cc)};
      linear_bwd_input(th, dys, wts, 1, dattn, false, n, c, c);
    }
    __syncthreads();
    const T* att = st.L(l, ws.att);
    const T* q = st.L(l, ws.q);
    const T* k = st.L(l, ws.k);
    const T* v = st.L(l, ws.v);
    T* da = st.S(ws.da);
    T* ds = st.S(ws.ds);
    T* dq = st.S(ws.dq);
    T* dk = st.S(ws.dk);
    T* dv = st.S(ws.dv);
    // Per (head, position) row, one warp, lanes over u: da[u] = dattn_t·v_u and ds[u] = att[u]·(da[u] −
    // Σ_u' att[u']·da[u'])·scale, the softmax Jacobian applied to da. Beside it: dv[u] = Σ_{t≥u} att[t][u]·dattn_t.
    const T scale = T(1) / dev_sqrt(T(hd));
    for (int row = th.warp; row < heads * n; row += th.warps) {
      const int h = row / n, t = row % n;
      const long r = static_cast<long>(row) * n;
      T weighted = 0;
      for (int u = th.lane; u <= t; u += 32) {
        T sum = 0;
        for (int j = 0; j < hd; ++j) sum += dattn[t * c + h * hd + j] * v[u * c + h * hd + j];
        da[r + u] = sum;
        weighted += att[r + u] * sum;
      }
      weighted = warp_sum(weighted);
      for (int u = th.lane; u <= t; u += 32) ds[r + u] = att[r + u] * (da[r + u] - weighted) * scale;
    }
    for (int idx = th.tid; idx < n * c; idx += th.count) {
      const int u = idx / c, ch = idx % c, h = ch / hd;
      T sum = 0;
      for (int t = u; t < n; ++t) sum += att[static_cast<long>(h * n + t) * n + u] * dattn[t * c + ch];
      dv[idx] = sum;
    }
    __syncthreads();
    // dq_t = Σ_{u≤t} ds[t][u]·k_u and dk_u = Σ_{t≥u} ds[t][u]·q_t, per head.
    for (int idx = th.tid; idx < n * c; idx += th.count) {
      const int r = idx / c, ch = idx % c, h = ch / hd;
      T sum_q = 0, sum_k = 0;
      for (int u = 0; u <= r; ++u) sum_q += ds[static_cast<long>(h * n + r) * n + u] * k[u * c + ch];
      for (int t = r; t < n; ++t) sum_k += ds[static_cast<long>(h * n + t) * n + r] * q[t * c + ch];
      dq[idx] = sum_q;
      dk[idx] = sum_k;
    }
    __syncthreads();
    const T* xn1 = st.L(l, ws.xn1);
    {
      const T* dys[3] = {dq, dk, dv};
      T* dws[3] = {st.G(base), st.G(base + cc), st.G(base + 2 * cc)};
      linear_bwd_weight(th, xn1, dys, dws, 3, n, c, c, st.atomic);
      const T* wts[3] = {st.W(base), st.W(base + cc), st.W(base + 2 * cc)};
      linear_bwd_input(th, dys, wts, 3, dtmp, false, n, c, c);
    }
    __syncthreads();
    rmsnorm_bwd(th, st.layer_input(l), st.L(l, ws.scale1), dtmp, dx, true, n, c);
    __syncthreads();
  }
  // x0 = rmsnorm(wte[token] + wpe[pos]).
  rmsnorm_bwd(th, st.S(ws.emb), st.S(ws.scale0), dx, dtmp, false, n, c);
  __syncthreads();
  T* dwte = st.G(0);
  T* dwpe = st.G(d.wpe());
  for (int idx = th.tid; idx < n * c; idx += th.count) accumulate(dwpe + idx, dtmp[idx], st.atomic);
  if (st.atomic) {
    for (int idx = th.tid; idx < n * c; idx += th.count) {
      atomicAdd(dwte + st.tokens[idx / c] * c + idx % c, dtmp[idx]);
    }
  } else {
    // A token may repeat within the document: each thread owns a column and walks the positions in order.
    for (int i = th.tid; i < c; i += th.count) {
      for (int t = 0; t < n; ++t) dwte[st.tokens[t] * c + i] += dtmp[t * c + i];
    }
  }
  __syncthreads();
}

}  // namespace spak::microgpt::cuda
