#pragma once
// Runs `steps` training steps from the first document on and returns each step's loss: the one loop the
// microGPT tests compare trainers with.

#include <cstddef>
#include <vector>

#include "run_setup.h"
#include "trainer.h"

namespace spak::microgpt::testing {

inline std::vector<double> train(Trainer& trainer, const RunSetup& setup, int steps, int batch = 1) {
  std::vector<double> losses(static_cast<std::size_t>(steps));
  trainer.train_steps(setup.tokens, batch, 0, steps, losses);
  return losses;
}

}  // namespace spak::microgpt::testing
