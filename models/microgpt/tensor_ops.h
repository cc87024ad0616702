#pragma once
// The CPU tensor trainer's operations, forward and hand-written backward, on contiguous row-major [n][width]
// activations (n = positions of the document). Each fuses what the model does back to back (a residual add or
// a ReLU into a matmul's epilogue, softmax into cross-entropy) and allocates nothing. Backward functions
// accumulate (+=) into their outputs; callers zero them first.

#include <algorithm>
#include <cmath>

namespace spak::microgpt::ops {

namespace detail {

// The matrix products below are instantiated for the model's usual row widths (W = 16, 64) and for any width
// (W = 0: use the runtime `in`). A compile-time width lets the compiler unroll a whole row into vector
// registers; __restrict on the parameters tells it the rows cannot overlap, which it needs to vectorize.

template <int W, typename T>
void linear_forward_w(const T* __restrict x, const T* __restrict w, const T* __restrict residual, bool relu,
                      T* __restrict y, int n, int in_runtime, int out) {
  const int in = W ? W : in_runtime;
  for (int t = 0; t < n; ++t) {
    for (int o = 0; o < out; ++o) {
      T sum = 0;
      for (int i = 0; i < in; ++i) sum += x[t * in + i] * w[o * in + i];
      if (residual) sum += residual[t * out + o];
      y[t * out + o] = relu ? std::max(sum, T(0)) : sum;
    }
  }
}

template <int W, typename T>
void linear_backward_w(const T* __restrict x, const T* __restrict w, const T* __restrict dy, T* __restrict dw,
                       T* __restrict dx, int n, int in_runtime, int out) {
  const int in = W ? W : in_runtime;
  for (int o = 0; o < out; ++o) {
    for (int t = 0; t < n; ++t) {
      const T g = dy[t * out + o];
      for (int i = 0; i < in; ++i) dw[o * in + i] += g * x[t * in + i];
    }
  }
  if (!dx) return;
  for (int t = 0; t < n; ++t) {
    for (int o = 0; o < out; ++o) {
      const T g = dy[t * out + o];
      for (int i = 0; i < in; ++i) dx[t * in + i] += g * w[o * in + i];
    }
  }
}

}  // namespace detail

/// y[t][o] = Σ_i x[t][i]·w[o][i], then + residual[t][o] when residual is given, then max(0, ·) when relu.
template <typename T>
void linear_forward(const T* x, const T* w, const T* residual, bool relu, T* y, int n, int in, int out) {
  switch (in) {
    case 16: return detail::linear_forward_w<16>(x, w, residual, relu, y, n, in, out);
    case 64: return detail::linear_forward_w<64>(x, w, residual, relu, y, n, in, out);
    default: return detail::linear_forward_w<0>(x, w, residual, relu, y, n, in, out);
  }
}

/// For y = w·x: dw[o][i] += Σ_t dy[t][o]·x[t][i] and dx[t][i] += Σ_o dy[t][o]·w[o][i] (dx may be null).
template <typename T>
void linear_backward(const T* x, const T* w, const T* dy, T* dw, T* dx, int n, int in, int out) {
  switch (in) {
    case 16: return detail::linear_backward_w<16>(x, w, dy, dw, dx, n, in, out);
    case 64: return detail::linear_backward_w<64>(x, w, dy, dw, dx, n, in, out);
    default: return detail::linear_backward_w<0>(x, w, dy, dw, dx, n, in, out);
  }
}

/// y[t] = x[t] · scale[t] with scale[t] = (mean(x[t]²) + 1e-5)^-½; the scales are kept for backward.
template <typename T>
void rmsnorm_forward(const T* x, T* y, T* scale, int n, int c) {
  for (int t = 0; t < n; ++t) {
    T ms = 0;
    for (int i = 0; i < c; ++i) ms += x[t * c + i] * x[t * c + i];
    const T s = T(1) / std::sqrt(ms / T(c) + T(1e-5));
    scale[t] = s;
    for (int i = 0; i < c; ++i) y[t * c + i] = x[t * c + i] * s;
  }
}

/// dx[t] += s·dy[t] − x[t]·s³·(dy[t]·x[t])/c, the derivative of rmsnorm_forward.
template <typename T>
void rmsnorm_backward(const T* x, const T* scale, const T* dy, T* dx, int n, int c) {
  for (int t = 0; t < n; ++t) {
    T dot = 0;
    for (int i = 0; i < c; ++i) dot += dy[t * c + i] * x[t * c + i];
    const T s = scale[t];
    const T k = s * s * s * dot / T(c);
    for (int i = 0; i < c; ++i) dx[t * c + i] += s * dy[t * c + i] - k * x[t * c + i];
  }
}

namespace detail {

template <int HD, typename T>
void attention_forward_hd(const T* __restrict q, const T* __restrict k, const T* __restrict v, T* __restrict att,
                          T* __restrict out, int n, int heads, int hd_runtime) {
  const int hd = HD ? HD : hd_runtime;
  const int c = heads * hd;
  const T scale = T(1) / std::sqrt(T(hd));
  for (int h = 0; h < heads; ++h) {
    for (int t = 0; t < n; ++t) {
      T* a = att + (h * n + t) * n;
      const T* qt = q + t * c + h * hd;
      T max_val = -INFINITY;
      for (int u = 0; u <= t; ++u) {
        T dot = 0;
        for (int j = 0; j < hd; ++j) dot += qt[j] * k[u * c + h * hd + j];
        a[u] = dot * scale;
        max_val = std::max(max_val, a[u]);
      }
      T total = 0;
      for (int u = 0; u <= t; ++u) total += (a[u] = std::exp(a[u] - max_val));
      for (int u = 0; u <= t; ++u) a[u] /= total;
      T* ot = out + t * c + h * hd;
      for (int j = 0; j < hd; ++j) ot[j] = 0;
      for (int u = 0; u <= t; ++u) {
        for (int j = 0; j < hd; ++j) ot[j] += a[u] * v[u * c + h * hd + j];
      }
    }
  }
}

template <int HD, typename T>
void attention_backward_hd(const T* __restrict q, const T* __restrict k, const T* __restrict v,
                           const T* __restrict att, const T* __restrict dout, T* __restrict dq, T* __restrict dk,
                           T* __restrict dv, T* __restrict da, int n, int heads, int hd_runtime) {
  const int hd = HD ? HD : hd_runtime;
  const int c = heads * hd;
  const T scale = T(1) / std::sqrt(T(hd));
  for (int h = 0; h < heads; ++h) {
    for (int t = 0; t < n; ++t) {
      const T* a = att + (h * n + t) * n;
      const T* dot = dout + t * c + h * hd;
      T weighted = 0;  // Σ_u a[u]·da[u], the softmax Jacobian's shared term
      for (int u = 0; u <= t; ++u) {
        T d = 0;
        for (int j = 0; j < hd; ++j) {
          d += dot[j] * v[u * c + h * hd + j];
          dv[u * c + h * hd + j] += a[u] * dot[j];
        }
        da[u] = d;
        weighted += a[u] * d;
      }
      const T* qt = q + t * c + h * hd;
      T* dqt = dq + t * c + h * hd;
      for (int u = 0; u <= t; ++u) {
        const T ds = a[u] * (da[u] - weighted) * scale;
        for (int j = 0; j < hd; ++j) {
          dqt[j] += ds * k[u * c + h * hd + j];
          dk[u * c + h * hd + j] += ds * qt[j];
        }
      }
    }
  }
}

}  // namespace detail

/// Causal multi-head attention over q, k, v [n][heads·hd]: att[h][t][u] = softmax_u≤t(q_t·k_u/√hd) (rows of
/// width n), out[t] = Σ_u att[h][t][u]·v_u per head.
template <typename T>
void attention_forward(const T* q, const T* k, const T* v, T* att, T* out, int n, int heads, int hd) {
  if (hd == 4) return detail::attention_forward_hd<4>(q, k, v, att, out, n, heads, hd);
  detail::attention_forward_hd<0>(q, k, v, att, out, n, heads, hd);
}

/// The derivative of attention_forward: accumulates dq, dk, dv from dout. `da` is scratch of n values.
template <typename T>
void attention_backward(const T* q, const T* k, const T* v, const T* att, const T* dout, T* dq, T* dk, T* dv,
                        T* da, int n, int heads, int hd) {
  if (hd == 4) return detail::attention_backward_hd<4>(q, k, v, att, dout, dq, dk, dv, da, n, heads, hd);
  detail::attention_backward_hd<0>(q, k, v, att, dout, dq, dk, dv, da, n, heads, hd);
}

/// Σ over t < n of −log softmax(logits[t])[targets[t]], and its gradient times `weight` ((softmax − one-hot)·
/// weight) written to dlogits; weight = 1 / (positions the loss averages over) makes it the gradient of the
/// mean. `logits` rows are overwritten by the probabilities.
template <typename T>
T softmax_cross_entropy_sum(T* logits, const int* targets, T* dlogits, int n, int vocab, T weight) {
  T loss = 0;
  for (int t = 0; t < n; ++t) {
    T* p = logits + t * vocab;
    T max_val = p[0];
    for (int i = 1; i < vocab; ++i) max_val = std::max(max_val, p[i]);
    T total = 0;
    for (int i = 0; i < vocab; ++i) total += (p[i] = std::exp(p[i] - max_val));
    const T inv = T(1) / total;
    for (int i = 0; i < vocab; ++i) {
      p[i] *= inv;
      dlogits[t * vocab + i] = p[i] * weight;
    }
    loss -= std::log(p[targets[t]]);
    dlogits[t * vocab + targets[t]] -= weight;
  }
  return loss;
}

}  // namespace spak::microgpt::ops
