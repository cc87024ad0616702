#pragma once
// Whether one configuration of the tuning space may run: every `constraints` expression holds and no invariant
// is violated. Everything is parsed once; the tuner (and `spak recommend`, to size the remaining space) asks
// for every configuration. Names outside the configuration (device facts, problem sizes, design selections)
// come from a base context.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"
#include "spak/expr/context.h"
#include "spak/expr/expression.h"
#include "spak/knowledge/invariants.h"

namespace spak::knowledge {

/// The constraints and invariants of a system, ready to admit or reject configurations.
class ConfigCheck {
 public:
  /// `base`, when given, must outlive this object; configuration values shadow its names.
  explicit ConfigCheck(const dsl::System& system, const expr::Context* base = nullptr);

  /// nullopt when the configuration may run, else why not: `constraint "tile_m * tile_n <= 16384" is false
  /// (tile_m = 256, tile_n = 128)`, or a Violation's message. A constraint or assert that cannot be evaluated
  /// rejects the configuration, with the evaluation error as the reason.
  std::optional<std::string> why_invalid(const nlohmann::json& config) const;
  /// Same, for a context that already holds the configuration (and chains to the base itself).
  std::optional<std::string> why_invalid(const expr::Context& config) const;

  /// Constraints and asserts written in natural language, which are never checked.
  std::vector<std::string> unchecked() const;

 private:
  struct Constraint {
    std::string text;
    expr::Expression expression;
  };
  std::vector<Constraint> constraints_;
  std::vector<std::string> unchecked_constraints_;
  InvariantChecker invariants_;
  const expr::Context* base_;
};

}  // namespace spak::knowledge
