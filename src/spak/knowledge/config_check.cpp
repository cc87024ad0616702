#include "spak/knowledge/config_check.h"

#include <fmt/format.h>

#include "spak/expr/error.h"

namespace spak::knowledge {

ConfigCheck::ConfigCheck(const dsl::System& system, const expr::Context* base) : invariants_(system), base_(base) {
  for (const dsl::Constraint& c : system.constraints) {
    if (auto e = expr::Expression::try_parse(c.expr))
      constraints_.push_back({c.expr, std::move(*e)});
    else
      unchecked_constraints_.push_back(fmt::format("constraint: {}", c.expr));
  }
}

std::optional<std::string> ConfigCheck::why_invalid(const nlohmann::json& config) const {
  expr::Context context(base_);
  for (const auto& [name, value] : config.items()) context.set(name, expr::Value::from_json(value));
  return why_invalid(context);
}

std::optional<std::string> ConfigCheck::why_invalid(const expr::Context& config) const {
  for (const Constraint& c : constraints_) {
    try {
      if (c.expression.test(config)) continue;
      return fmt::format("constraint \"{}\" is false ({})", c.text, c.expression.bindings(config));
    } catch (const expr::ExprError& e) {
      return fmt::format("constraint \"{}\" cannot be evaluated: {}", c.text, e.what());
    }
  }
  if (auto violation = invariants_.check(config)) return violation->message();
  return std::nullopt;
}

std::vector<std::string> ConfigCheck::unchecked() const {
  std::vector<std::string> out = unchecked_constraints_;
  out.insert(out.end(), invariants_.unchecked().begin(), invariants_.unchecked().end());
  return out;
}

}  // namespace spak::knowledge
