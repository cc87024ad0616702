#pragma once
// What a compound step adds to a system, decided from the evidence before any text is written:
//   - per (device, problem) a `best_…` fact: the best configuration, its metric values, the peer ratio when the
//     trace has one, the runner-up configurations, and provenance (store, runs, trial, device, commit);
//   - per (device, problem) an `avoid_…` fact listing configurations that failed or ran much slower;
//   - an `insight_…` fact per stored insight;
//   - narrowed parameters: values tried often enough that were never in the top fraction of any problem.
// Fact names are stable functions of what they describe, so compounding the same traces twice adds nothing.

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"
#include "spak/knowledge/compound_evidence.h"

namespace spak::knowledge {

/// A fact to write: a stable name and its fields in order (values as JSON, written as DSL values).
struct NewFact {
  std::string name;
  std::vector<std::pair<std::string, nlohmann::json>> fields;
  int over_trials = 0;                    ///< trials it summarises; a fact already present is replaced only
                                          ///< when the new one summarises more
};

/// A parameter whose domain shrinks: the values kept, the values dropped, and why.
struct Narrowing {
  std::string parameter;
  std::vector<nlohmann::json> kept, dropped;
  std::string why;                        ///< e.g. "never in the top 10% of 240 ok trials over 2 problems"
};

struct Plan {
  std::vector<NewFact> facts;
  std::vector<Narrowing> narrowings;
};

/// Thresholds of a compound step.
struct PlanOptions {
  double top_fraction = 0.10;             ///< a value survives narrowing when it is in this top share of a problem
  double slow_factor = 4.0;               ///< "much slower": this many times worse than the problem's best
  int narrow_min_trials = 50;             ///< a problem needs this many ok trials to count for narrowing: the
                                          ///< top 10% of fewer is a handful of noisy trials (from 40-trial
                                          ///< sweeps it dropped the next problem's optimum 3 times in 10)
  int narrow_min_tries = 3;               ///< a value must have been tried this often before it is dropped
  int max_listed = 10;                    ///< configurations listed per fact (runner-ups, failures, slow ones)
};

/// A DSL identifier made from free text: lower case, [a-z0-9_], runs of others become one `_`.
std::string slug(const std::string& text);

/// The values a parameter takes, in order (lists as written, ranges and pow2 enumerated); empty when a range
/// has more than `limit` values.
std::vector<nlohmann::json> parameter_values(const dsl::Parameter& parameter, std::size_t limit = 4096);

/// Decides the facts and narrowings for `system` (its tuning_space and engineering-loop parameters).
Plan plan_compound(const Evidence& evidence, const dsl::System& system, const PlanOptions& options = {});

}  // namespace spak::knowledge
