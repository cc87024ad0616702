#pragma once
// What earlier versions of a system know about the problem at hand: the `best_…` and `avoid_…` facts that
// `spak compound` wrote, ranked for one (device, problem). A guided search evaluates the known-best
// configurations first (the same problem's, then the nearest problems'), and never spends a trial on a
// configuration that failed or ran much slower on the same problem.
//
// How a fact's problem relates to the current one is a distance over the union of their keys:
//   - both values numbers > 0: |log2(a / b)|, so n=1024 vs n=512 is 1 and 256 vs 1024 is 2;
//   - equal values: 0;
//   - anything else (another string or boolean, a key only one side has): kOtherDistance.
// A key of the current problem that the fact's sweep searched (a key of its configurations) is left out:
// fixing `vec=8`, or a list narrowed to one value by compound, does not make another problem.
// Facts are ranked by device (the current device's first, then the others), then distance, then trials
// summarised (more evidence first), then name. Distance 0 on the same device is an exact match.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"

namespace spak::knowledge {

/// The distance of a non-numeric difference (a design choice, a missing key): as far as a 16x size change.
inline constexpr double kOtherDistance = 4.0;

/// The distance between two problems (JSON objects), as described above.
double problem_distance(const nlohmann::json& a, const nlohmann::json& b);

/// One `best_config` fact, as a prior for the current problem.
struct BestPrior {
  std::string fact;                      ///< the fact's name
  std::string device;
  nlohmann::json problem = nlohmann::json::object();
  nlohmann::json config = nlohmann::json::object();
  std::vector<nlohmann::json> runner_ups;
  /// The best's objective value and the runner-ups' (aligned with runner_ups); empty when the fact has none.
  std::optional<double> value;
  std::vector<double> runner_up_values;
  bool minimize = false;                 ///< the fact's objective direction
  double distance = 0;
  bool same_device = false;
  int over_trials = 0;

  bool exact() const { return same_device && distance == 0; }
  /// The runner-ups whose value is within `ratio` of the best's (ratio 0.8: at least 80% of a maximized best,
  /// at most 1/0.8 of a minimized one), in order; all of them when the fact has no values.
  std::vector<nlohmann::json> close_runner_ups(double ratio) const;
};

/// Configurations the same device's same problem found failing or much slower, with the fact that says so.
struct AvoidPrior {
  std::string fact;
  nlohmann::json config = nlohmann::json::object();
  std::string why;                       ///< "failed (crashed)" or "slow (0.27)"
};

struct Priors {
  std::vector<BestPrior> best;           ///< ranked, nearest first
  std::vector<AvoidPrior> avoid;
};

/// The priors of `system`'s facts for `device` and `problem`.
Priors gather_priors(const dsl::System& system, const std::string& device, const nlohmann::json& problem);

}  // namespace spak::knowledge
