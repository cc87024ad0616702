#pragma once
// The interface every microGPT implementation offers: train on a batch of documents per step, predict the next
// token, show its weights. The CLI, sampling, the parity tests and the benchmark see implementations only
// through it.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model_config.h"

namespace spak::microgpt {

/// The documents of one step: docs[(first + i) % docs.size()] for i < size, each [BOS, …, BOS]. A view: it
/// copies nothing, so building one per step allocates nothing.
struct Batch {
  std::span<const std::vector<int>> docs;
  long first = 0;
  int size = 1;

  std::span<const int> operator[](int i) const {
    return docs[static_cast<std::size_t>((first + i) % static_cast<long>(docs.size()))];
  }
  /// Positions the loss averages over: Σ min(block_size, len − 1) over the batch's documents.
  int positions(int block_size) const;

  /// The batch of step `step` when every step takes `batch_size` consecutive documents of `docs` (wrapping).
  static Batch of_step(std::span<const std::vector<int>> docs, int step, int batch_size) {
    return Batch{docs, static_cast<long>(step) * batch_size, batch_size};
  }
  /// One document alone (the original's step).
  static Batch single(const std::vector<int>& doc) { return Batch{std::span(&doc, 1), 0, 1}; }
};

/// A microGPT model with its optimizer state; implementations differ in how they compute, not in what.
class Trainer {
 public:
  virtual ~Trainer() = default;

  /// One step on a batch: forward over the first min(block_size, len − 1) positions of each document, mean
  /// cross-entropy of predicting each next token over all those positions, backward, one Adam update (step
  /// counts from 0 of num_steps, for the learning-rate decay). Returns the loss.
  virtual double train_step(const Batch& batch, int step, int num_steps) = 0;

  /// Steps first_step … first_step + losses.size() − 1, step s on Batch::of_step(docs, s, batch_size), each
  /// loss written to `losses`. The default calls train_step; a GPU trainer runs them all in one go.
  virtual void train_steps(std::span<const std::vector<int>> docs, int batch_size, int first_step, int num_steps,
                           std::span<double> losses);

  /// Writes the logits of the token that follows `prefix` (1 ≤ size ≤ block_size) into `logits`
  /// (vocab_size values). Changes no weight.
  virtual void next_logits(std::span<const int> prefix, std::span<double> logits) = 0;

  /// The current weights in ParamLayout order.
  virtual std::vector<double> weights() const = 0;
};

/// Precision of a tensor trainer's arithmetic.
enum class Precision { f32, f64 };

/// Settings only the CUDA trainer reads (docs/microgpt.md, "The CUDA trainer").
struct CudaOptions {
  int threads = 512;  ///< Threads per block (512 was fastest for the original model on an H100).
  /// "one": one persistent block runs every step (the whole batch in turn); "batch": one block per document
  /// of the batch, then an Adam kernel, launched per step; "auto": "one" for batch 1, else "batch".
  std::string grid = "auto";
};

/// True when this build has the CUDA trainer (SPAK_CUDA) and a CUDA device is present.
bool cuda_available();

/// The implementation named `impl` ("scalar", "cpu" or "cuda"), starting from `weights` (ParamLayout order).
/// The scalar reference always computes in double. Throws spak::Error for an unknown name, a weight count that
/// does not match the layout, or "cuda" in a build without CUDA or on a machine without a GPU.
std::unique_ptr<Trainer> make_trainer(std::string_view impl, Precision precision, const ModelConfig& config,
                                      const std::vector<double>& weights, const AdamConfig& adam,
                                      const CudaOptions& cuda = {});

}  // namespace spak::microgpt
