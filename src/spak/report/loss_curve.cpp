#include "spak/report/loss_curve.h"

#include <fmt/format.h>

#include "spak/report/labels.h"
#include "spak/util/json_text.h"

namespace spak::report {

std::vector<LossCurve> loss_curves(const RunData& run) {
  std::vector<LossCurve> curves;
  for (const trace::Trial& trial : run.trials) {
    if (!trial.items.is_array()) continue;
    LossCurve curve;
    for (const nlohmann::json& item : trial.items) {
      if (!item.is_object() || item.value("type", "") != "Loss") continue;
      if (!item.contains("step") || !item["step"].is_number() || !item.contains("loss") || !item["loss"].is_number()) {
        continue;
      }
      curve.points.emplace_back(item["step"].get<double>(), item["loss"].get<double>());
    }
    if (curve.points.empty()) continue;
    curve.label = fmt::format("trial {}: {}", trial.id, config_text(trial.config));
    curves.push_back(std::move(curve));
  }
  return curves;
}

}  // namespace spak::report
