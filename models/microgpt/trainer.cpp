// Batches, the default multi-step loop, and choosing an implementation by name.

#include "trainer.h"

#include <algorithm>

#include "scalar_trainer.h"
#include "spak/util/error.h"
#include "tensor_trainer.h"
#ifdef SPAK_MICROGPT_CUDA
#include "cuda_trainer.h"
#endif

namespace spak::microgpt {

int Batch::positions(int block_size) const {
  int total = 0;
  for (int i = 0; i < size; ++i) total += std::min(block_size, static_cast<int>((*this)[i].size()) - 1);
  return total;
}

void Trainer::train_steps(std::span<const std::vector<int>> docs, int batch_size, int first_step, int num_steps,
                          std::span<double> losses) {
  for (std::size_t i = 0; i < losses.size(); ++i) {
    const int step = first_step + static_cast<int>(i);
    losses[i] = train_step(Batch::of_step(docs, step, batch_size), step, num_steps);
  }
}

bool cuda_available() {
#ifdef SPAK_MICROGPT_CUDA
  return cuda_device_present();
#else
  return false;
#endif
}

std::unique_ptr<Trainer> make_trainer(std::string_view impl, Precision precision, const ModelConfig& config,
                                      const std::vector<double>& weights, const AdamConfig& adam,
                                      [[maybe_unused]] const CudaOptions& cuda) {
  config.validate();
  if (static_cast<long>(weights.size()) != ParamLayout(config).total) {
    throw Error("{} initial weights given, the model has {}", weights.size(), ParamLayout(config).total);
  }
  if (impl == "scalar") return std::make_unique<ScalarTrainer>(config, weights, adam);
  if (impl == "cpu") {
    if (precision == Precision::f64) return std::make_unique<TensorTrainer<double>>(config, weights, adam);
    return std::make_unique<TensorTrainer<float>>(config, weights, adam);
  }
  if (impl == "cuda") {
#ifdef SPAK_MICROGPT_CUDA
    return make_cuda_trainer(precision, config, weights, adam, cuda);
#else
    throw Error("this spak-microgpt was built without CUDA (configure with -DSPAK_CUDA=ON where nvcc exists)");
#endif
  }
  throw Error("unknown implementation '{}' (expected scalar, cpu or cuda)", impl);
}

}  // namespace spak::microgpt
