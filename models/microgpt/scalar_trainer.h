#pragma once
// The baseline: microGPT as the original writes it, every scalar a node of an autograd graph (value.h), one token
// at a time with a key/value cache, in double precision.

#include "trainer.h"
#include "value.h"

namespace spak::microgpt {

/// The scalar-autograd reference trainer.
class ScalarTrainer : public Trainer {
 public:
  ScalarTrainer(const ModelConfig& config, const std::vector<double>& weights, const AdamConfig& adam);

  double train_step(const Batch& batch, int step, int num_steps) override;
  void next_logits(std::span<const int> prefix, std::span<double> logits) override;
  std::vector<double> weights() const override;

 private:
  using Vector = std::vector<Value>;
  /// Keys and values of the positions seen so far, per layer (the original's `keys`, `values`).
  struct Cache {
    std::vector<std::vector<Vector>> keys, values;
  };

  Value param(const MatrixRef& m, int row, int col) const;
  Vector linear(const Vector& x, const MatrixRef& w) const;
  Vector softmax(const Vector& logits) const;
  Vector rmsnorm(const Vector& x) const;
  /// The logits of the token after `token` at `pos`, appending this position's keys and values to the cache.
  Vector gpt(int token, int pos, Cache& cache) const;
  Cache empty_cache() const;

  ModelConfig config_;
  ParamLayout layout_;
  AdamConfig adam_;
  mutable Graph graph_;  // parameters are nodes [0, layout_.total); a step's graph follows and is dropped after
  std::vector<double> m_, v_;
};

}  // namespace spak::microgpt
