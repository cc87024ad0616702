// Adapting cuda::Runner (C++17, nvcc) to the Trainer interface (C++20).

#include "cuda_trainer.h"

#include <stdexcept>

#include "cuda_runner.h"
#include "spak/util/error.h"

namespace spak::microgpt {
namespace {

cuda::Dims dims_of(const ModelConfig& c) {
  return cuda::Dims{c.vocab_size, c.n_embd, c.n_head, c.n_layer, c.block_size, c.mlp_dim(), ParamLayout(c).total};
}

cuda::Grid grid_of(const std::string& name) {
  if (name == "one") return cuda::Grid::one_block;
  if (name == "batch") return cuda::Grid::block_per_doc;
  if (name == "auto") return cuda::Grid::automatic;
  throw Error("unknown CUDA grid '{}' (expected one, batch or auto)", name);
}

/// The CUDA trainer. Documents are uploaded when a train_steps call brings a document list not seen before.
template <typename T>
class CudaTrainer : public Trainer {
 public:
  CudaTrainer(const ModelConfig& config, const std::vector<double>& weights, const AdamConfig& adam,
              const CudaOptions& options)
      : runner_(dims_of(config), weights, cuda::Adam{adam.lr, adam.beta1, adam.beta2, adam.eps},
                cuda::LaunchPlan{options.threads, grid_of(options.grid)}) {}

  double train_step(const Batch& batch, int step, int num_steps) override {
    // One step alone: upload the batch as its own document list, in which step `step` (documents step·size + i,
    // modulo size) is exactly documents 0 … size − 1. Slow (an upload per step); train_steps is the fast path.
    std::vector<std::vector<int>> docs;
    for (int i = 0; i < batch.size; ++i) docs.emplace_back(batch[i].begin(), batch[i].end());
    upload(docs);
    uploaded_ = {};  // that list dies with this call
    double loss = 0;
    guarded([&] { runner_.train(step, 1, num_steps, batch.size, &loss); }, "step");
    return loss;
  }

  void train_steps(std::span<const std::vector<int>> docs, int batch_size, int first_step, int num_steps,
                   std::span<double> losses) override {
    if (docs.data() != uploaded_.data() || docs.size() != uploaded_.size()) {
      upload(docs);
      uploaded_ = docs;
    }
    guarded([&] { runner_.train(first_step, static_cast<int>(losses.size()), num_steps, batch_size, losses.data()); },
            "training");
  }

  void next_logits(std::span<const int> prefix, std::span<double> logits) override {
    guarded([&] { runner_.next_logits(prefix.data(), static_cast<int>(prefix.size()), logits.data()); }, "sampling");
  }

  std::vector<double> weights() const override {
    std::vector<double> result;
    guarded([&] { result = runner_.weights(); }, "weights");
    return result;
  }

 private:
  template <typename F>
  static void guarded(F&& f, const char* what) {
    try {
      f();
    } catch (const std::runtime_error& e) {
      throw Error("CUDA trainer, {}: {}", what, e.what());
    }
  }

  void upload(std::span<const std::vector<int>> docs) {
    std::vector<int> tokens;
    std::vector<long> offsets{0};
    for (const std::vector<int>& doc : docs) {
      tokens.insert(tokens.end(), doc.begin(), doc.end());
      offsets.push_back(static_cast<long>(tokens.size()));
    }
    guarded([&] { runner_.set_docs(tokens, offsets); }, "upload");
  }

  cuda::Runner<T> runner_;
  std::span<const std::vector<int>> uploaded_;
};

}  // namespace

bool cuda_device_present() { return cuda::device_present(); }

std::unique_ptr<Trainer> make_cuda_trainer(Precision precision, const ModelConfig& config,
                                           const std::vector<double>& weights, const AdamConfig& adam,
                                           const CudaOptions& options) {
  if (!cuda::device_present()) throw Error("--impl cuda: no CUDA device found");
  const cuda::Dims dims = dims_of(config);
  const ParamLayout layout(config);
  // The kernels compute offsets from the sizes; they must be ParamLayout's.
  if (dims.lm_head() != layout.lm_head.offset || dims.layer(0) != layout.layers[0].wq.offset) {
    throw Error("CUDA trainer: parameter layout differs from ParamLayout");
  }
  try {
    if (precision == Precision::f64) return std::make_unique<CudaTrainer<double>>(config, weights, adam, options);
    return std::make_unique<CudaTrainer<float>>(config, weights, adam, options);
  } catch (const std::runtime_error& e) {
    throw Error("CUDA trainer: {}", e.what());
  }
}

}  // namespace spak::microgpt
