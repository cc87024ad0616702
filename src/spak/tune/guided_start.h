#pragma once
// Where a guided sweep starts: the points it evaluates first and the points it never runs, from the facts of
// earlier versions (knowledge/priors.h) and the system's rules (knowledge/recommend.h), for the problem a sweep
// plan solves on one device.
//
// Start order (at most kMaxStart points, duplicates and invalid points dropped):
//   1. exact matches (same device, same problem): each fact's best configuration, then its runner-ups that came
//      close to it (kCloseRunnerUp; all of them when the fact records no values);
//   2. the rules' recommendation: the tuning parameters `recommend` assigns, over the first start point (else
//      the nearest fact's best, else the first valid point that has the recommended values);
//   3. the other facts, nearest first: the nearest one's best and close runner-ups, then the others' bests.
// A fact's configuration names only what its sweep searched: a parameter it lacks takes the value of the fact's
// problem, else this space's first value; a value outside this space snaps to the nearest value of an ordered
// parameter (a configuration with an unknown unordered value is dropped). Avoided points are the same device's
// and problem's failed and slow configurations, as they are.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/knowledge/device.h"
#include "spak/tune/plan.h"
#include "spak/tune/space.h"

namespace spak::tune {

/// The most start points a guided sweep evaluates before the model chooses.
inline constexpr std::size_t kMaxStart = 16;
/// A runner-up is a start point only when it came this close to its fact's best (80% of a maximized value):
/// the ones far behind are another region, which the model reaches by itself if the close ones fail.
inline constexpr double kCloseRunnerUp = 0.8;

struct GuidedStart {
  std::vector<Point> start;
  std::vector<Point> avoid;
  std::vector<std::string> notes;         ///< for the user: which facts and rules it starts from
};

/// The problem a sweep of `plan` solves, in `spak compound`'s terms: the design choices in force plus every
/// parameter that has one value.
nlohmann::json sweep_problem(const SweepPlan& plan);

/// The start of a guided sweep of `plan` on `device` (its rules see the device's facts when present), whose
/// facts are looked up under `device_label` (the GPU's name, else the host name, as `spak compound` writes).
GuidedStart guided_start(const SweepPlan& plan, const knowledge::DeviceInfo& device, const std::string& device_label);

}  // namespace spak::tune
