#pragma once
// The interface every microGPT implementation offers: train on one document per step, predict the next token,
// show its weights. The CLI, sampling, the parity test and the benchmark see implementations only through it.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "model_config.h"

namespace spak::microgpt {

/// A microGPT model with its optimizer state; implementations differ in how they compute, not in what.
class Trainer {
 public:
  virtual ~Trainer() = default;

  /// One step on one document, tokens = [BOS, …, BOS]: forward over the first min(block_size, size-1)
  /// positions, mean cross-entropy of predicting each next token, backward, one Adam update (step counts from
  /// 0 of num_steps, for the learning-rate decay). Returns the loss.
  virtual double train_step(std::span<const int> tokens, int step, int num_steps) = 0;

  /// Writes the logits of the token that follows `prefix` (1 ≤ size ≤ block_size) into `logits`
  /// (vocab_size values). Changes no weight.
  virtual void next_logits(std::span<const int> prefix, std::span<double> logits) = 0;

  /// The current weights in ParamLayout order.
  virtual std::vector<double> weights() const = 0;
};

/// Precision of a tensor trainer's arithmetic.
enum class Precision { f32, f64 };

/// The implementation named `impl` ("scalar" or "cpu"), starting from `weights` (ParamLayout order). The scalar
/// reference always computes in double. Throws spak::Error for an unknown name or a weight count that does not
/// match the layout.
std::unique_ptr<Trainer> make_trainer(std::string_view impl, Precision precision, const ModelConfig& config,
                                      const std::vector<double>& weights, const AdamConfig& adam);

}  // namespace spak::microgpt
