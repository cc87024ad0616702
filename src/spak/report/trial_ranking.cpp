#include "spak/report/trial_ranking.h"

#include <algorithm>

namespace spak::report {
namespace {

bool better(const RunData& run, double a, double b) {
  return run.direction == trace::Direction::Maximize ? a > b : a < b;
}

}  // namespace

std::vector<const trace::Trial*> ranked_trials(const RunData& run, std::size_t limit) {
  std::vector<const trace::Trial*> ranked;
  for (const trace::Trial& trial : run.trials) {
    if (trial.status == trace::Status::Ok && trial.objective) ranked.push_back(&trial);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&run](const trace::Trial* a, const trace::Trial* b) {
    return better(run, *a->objective, *b->objective);
  });
  if (ranked.size() > limit) ranked.resize(limit);
  return ranked;
}

std::vector<std::pair<int, double>> best_so_far(const RunData& run) {
  std::vector<std::pair<int, double>> curve;
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    const trace::Trial& trial = run.trials[i];
    const bool counts = trial.status == trace::Status::Ok && trial.objective;
    if (counts && (curve.empty() || better(run, *trial.objective, curve.back().second))) {
      curve.emplace_back(static_cast<int>(i + 1), *trial.objective);
    } else if (!curve.empty()) {
      curve.emplace_back(static_cast<int>(i + 1), curve.back().second);
    }
  }
  return curve;
}

}  // namespace spak::report
