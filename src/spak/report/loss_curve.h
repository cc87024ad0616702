#pragma once
// Training curves: the `Loss` trace items ({"type": "Loss", "step": N, "loss": x}, as models/microgpt prints
// them) of each trial that has them.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "spak/report/report_data.h"

namespace spak::report {

/// The loss of one training trial by step.
struct LossCurve {
  std::string label;                          ///< "trial 3: impl=tensor lr=0.01"
  std::vector<std::pair<double, double>> points;  ///< (step, loss) in the order printed
};

/// The curves of the run's trials that printed Loss items (in trial order).
std::vector<LossCurve> loss_curves(const RunData& run);

}  // namespace spak::report
