// Choosing an implementation by name.

#include "trainer.h"

#include "scalar_trainer.h"
#include "spak/util/error.h"
#include "tensor_trainer.h"

namespace spak::microgpt {

std::unique_ptr<Trainer> make_trainer(std::string_view impl, Precision precision, const ModelConfig& config,
                                      const std::vector<double>& weights, const AdamConfig& adam) {
  config.validate();
  if (static_cast<long>(weights.size()) != ParamLayout(config).total) {
    throw Error("{} initial weights given, the model has {}", weights.size(), ParamLayout(config).total);
  }
  if (impl == "scalar") return std::make_unique<ScalarTrainer>(config, weights, adam);
  if (impl == "cpu") {
    if (precision == Precision::f64) return std::make_unique<TensorTrainer<double>>(config, weights, adam);
    return std::make_unique<TensorTrainer<float>>(config, weights, adam);
  }
  throw Error("unknown implementation '{}' (expected scalar or cpu)", impl);
}

}  // namespace spak::microgpt
