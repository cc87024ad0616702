#pragma once
// The microGPT model's sizes, the layout of its parameters in one flat vector, their initialization, and the
// Adam schedule: everything the scalar reference and the tensor trainers must share to produce the same run.

#include <cmath>
#include <vector>

#include "rng.h"

namespace spak::microgpt {

/// Sizes of the model. The defaults are the original's: 1 layer, 16 embedding dims, 4 heads, context 16.
struct ModelConfig {
  int vocab_size = 0;  ///< Characters of the data set plus one BOS token.
  int n_embd = 16;
  int n_head = 4;
  int n_layer = 1;
  int block_size = 16;

  int head_dim() const { return n_embd / n_head; }
  int mlp_dim() const { return 4 * n_embd; }
  /// Throws spak::Error when the sizes cannot form a model (n_embd not divisible by n_head, a zero size).
  void validate() const;
};

/// One weight matrix (rows × cols, row-major) inside the flat parameter vector.
struct MatrixRef {
  long offset = 0;
  int rows = 0;
  int cols = 0;
  long size() const { return static_cast<long>(rows) * cols; }
};

/// Where every weight matrix lives in the flat parameter vector, in the original's state_dict order: wte, wpe,
/// lm_head, then per layer wq, wk, wv, wo, fc1, fc2. Linear layers are [out][in], as `linear(x, w)` reads them.
struct ParamLayout {
  /// The six matrices of one transformer block.
  struct Layer {
    MatrixRef wq, wk, wv, wo, fc1, fc2;
  };
  MatrixRef wte, wpe, lm_head;
  std::vector<Layer> layers;
  long total = 0;

  explicit ParamLayout(const ModelConfig& config);
};

/// Initial weights: every parameter drawn from N(0, 0.08²) in layout order.
std::vector<double> init_weights(const ParamLayout& layout, Rng& rng);

/// Adam's settings; the learning rate decays linearly to 0 over the run.
struct AdamConfig {
  double lr = 0.01;
  double beta1 = 0.85;
  double beta2 = 0.99;
  double eps = 1e-8;
};

/// The scalars of one Adam step (decayed learning rate, bias corrections), computed once per step and applied
/// to each parameter by update(): the one Adam rule every trainer uses.
struct AdamStep {
  double lr_t, beta1, beta2, eps, correction1, correction2;

  AdamStep(const AdamConfig& c, int step, int num_steps)
      : lr_t(c.lr * (1.0 - static_cast<double>(step) / num_steps)),
        beta1(c.beta1),
        beta2(c.beta2),
        eps(c.eps),
        correction1(1.0 - std::pow(c.beta1, step + 1)),
        correction2(1.0 - std::pow(c.beta2, step + 1)) {}

  template <typename T>
  void update(T& param, T grad, T& m, T& v) const {
    m = T(beta1) * m + T(1.0 - beta1) * grad;
    v = T(beta2) * v + T(1.0 - beta2) * grad * grad;
    const T m_hat = m / T(correction1);
    const T v_hat = v / T(correction2);
    param -= T(lr_t) * m_hat / (std::sqrt(v_hat) + T(eps));
  }
};

}  // namespace spak::microgpt
