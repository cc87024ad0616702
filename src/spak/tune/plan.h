#pragma once
// The plan of a sweep: everything `spak tune` derives from a system and its engineering loop before running
// anything — the search space (tuning_space plus the loop's parameters, `--set` values fixed, pruned by
// constraints and invariants), the design choices in force, the measure command, the metric and its direction,
// and the baseline configuration. Every problem with the DSL surfaces here, before the first trial.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"
#include "spak/expr/context.h"
#include "spak/knowledge/config_check.h"
#include "spak/trace/store.h"
#include "spak/tune/command.h"
#include "spak/tune/space.h"

namespace spak::tune {

/// What the user asked for, as far as the plan is concerned.
struct PlanRequest {
  std::filesystem::path dsl_path;
  std::string system;                         ///< empty = the file's first system
  std::string loop;                           ///< empty = the system's first engineering loop
  std::vector<std::string> set;               ///< `name=value`: fixes a parameter or picks a design value
  std::filesystem::path spak_build;           ///< directory of the running spak binary ({{spak_build}})
};

/// One configuration ready to run: parameter values and design choices.
struct PlannedConfig {
  nlohmann::json config = nlohmann::json::object();
  nlohmann::json design = nlohmann::json::object();
};

/// A sweep's derived, immutable setup. Not copyable: the space's validity check points into it.
class SweepPlan {
 public:
  static std::unique_ptr<SweepPlan> make(const PlanRequest& request);
  SweepPlan(const SweepPlan&) = delete;
  SweepPlan& operator=(const SweepPlan&) = delete;

  const dsl::System& system() const { return system_; }
  const dsl::Loop& loop() const { return loop_; }
  const std::string& dsl_hash() const { return dsl_hash_; }
  const SearchSpace& space() const { return *space_; }
  const nlohmann::json& design() const { return design_; }
  const std::string& metric() const { return metric_; }
  trace::Direction direction() const { return direction_; }
  /// The loop's `baseline: {…}` as a full configuration, when the loop has one.
  const std::optional<PlannedConfig>& baseline() const { return baseline_; }
  /// Things the user should know: natural-language constraints that are never checked, and the like.
  const std::vector<std::string>& notes() const { return notes_; }
  /// Loop field `timeout` in seconds (0 = none), the default of --timeout.
  double loop_timeout() const { return loop_timeout_; }

  /// The configuration of a point of the space, with the plan's design choices.
  PlannedConfig planned(const Point& point) const;
  /// Why a configuration may not run (constraints, invariants), or nullopt.
  std::optional<std::string> why_invalid(const PlannedConfig& c) const;
  /// The command line of a configuration, holes filled and shell-quoted.
  std::string command(const PlannedConfig& c) const;
  /// SPAK_<NAME>=value for every parameter and design choice.
  std::vector<std::pair<std::string, std::string>> environment(const PlannedConfig& c) const;
  /// The identity of a configuration in the store (parameters and design choices together).
  static std::string key(const PlannedConfig& c);
  /// Objective value → strategy score (higher is better).
  double score(double objective) const { return direction_ == trace::Direction::Maximize ? objective : -objective; }

 private:
  SweepPlan() = default;

  dsl::System system_;
  dsl::Loop loop_;
  std::string dsl_hash_;
  nlohmann::json design_ = nlohmann::json::object();
  std::map<std::string, nlohmann::json> builtins_;   ///< spak_build, dsl_dir
  std::optional<CommandTemplate> command_;
  std::string metric_;
  trace::Direction direction_ = trace::Direction::Maximize;
  std::optional<PlannedConfig> baseline_;
  std::vector<std::string> notes_;
  double loop_timeout_ = 0;
  expr::Context design_context_;
  std::unique_ptr<knowledge::ConfigCheck> check_;
  std::unique_ptr<SearchSpace> space_;
};

}  // namespace spak::tune
