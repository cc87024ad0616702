#pragma once
// microGPT on contiguous tensors: the whole document's positions at once (causal attention instead of a
// key/value cache), the backward pass written by hand (tensor_ops.h), one flat buffer each for weights,
// gradients and Adam moments, and every activation allocated once up front, so a step allocates nothing.

#include "trainer.h"

namespace spak::microgpt {

/// The CPU tensor trainer, in float (speed) or double (parity with the scalar reference).
template <typename T>
class TensorTrainer : public Trainer {
 public:
  TensorTrainer(const ModelConfig& config, const std::vector<double>& weights, const AdamConfig& adam);

  double train_step(const Batch& batch, int step, int num_steps) override;
  /// The batch's loss, leaving its gradient in gradients(): train_step without the Adam update.
  double loss_and_gradients(const Batch& batch);
  std::vector<double> gradients() const;
  void next_logits(std::span<const int> prefix, std::span<double> logits) override;
  std::vector<double> weights() const override;

 private:
  /// The activations of one transformer block for up to block_size positions, kept for its backward pass.
  struct LayerActs {
    std::vector<T> x_in;   // block input (the first residual)
    std::vector<T> xn1, scale1, q, k, v, att, attn_out;
    std::vector<T> x_mid;  // after attention and its residual
    std::vector<T> xn2, scale2, hidden;  // hidden = relu(fc1 · xn2)
  };

  /// Runs the model over tokens[0, n) and leaves the logits of every position in logits_.
  void forward(const int* tokens, int n);
  /// Adds the gradients of the loss (whose dlogits_ are set) to grads_.
  void backward(const int* tokens, int n);
  T* param(const MatrixRef& m) { return params_.data() + m.offset; }
  T* grad(const MatrixRef& m) { return grads_.data() + m.offset; }

  ModelConfig config_;
  ParamLayout layout_;
  AdamConfig adam_;
  std::vector<T> params_, grads_, m_, v_;
  std::vector<T> emb_, scale0_, x0_;  // token+position embedding, its rmsnorm
  std::vector<LayerActs> layers_;
  std::vector<T> x_final_, logits_, dlogits_;
  std::vector<T> dx_, dtmp_, dq_, dk_, dv_, dattn_, dhidden_, da_;  // backward scratch
  std::vector<int> targets_;
};

extern template class TensorTrainer<float>;
extern template class TensorTrainer<double>;

}  // namespace spak::microgpt
