#pragma once
// The CUDA trainer behind the Trainer interface: documents uploaded once, many steps per launch
// (cuda_kernels.cu), losses read back at the end of each train_steps call.

#include <memory>

#include "trainer.h"

namespace spak::microgpt {

/// True when a CUDA device is present and usable.
bool cuda_device_present();

/// A CUDA trainer in float or double. Throws spak::Error when no GPU is present or a CUDA call fails.
std::unique_ptr<Trainer> make_cuda_trainer(Precision precision, const ModelConfig& config,
                                           const std::vector<double>& weights, const AdamConfig& adam,
                                           const CudaOptions& options);

}  // namespace spak::microgpt
