#pragma once
// The rules of a system with every text parsed once: each `when` as an expression, each `recommend`/`apply`
// as a statement (`x = expr`, `select axis = expr`). Text that does not parse is natural language and stays
// text: a condition nobody can evaluate, or advice for people and agents — never executed.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "spak/dsl/ir.h"
#include "spak/expr/expression.h"
#include "spak/expr/statement.h"

namespace spak::knowledge {

/// One `when:` text; `expression` is empty when the text is natural language (then `parse_error` says why).
struct Condition {
  std::string text;
  std::optional<expr::Expression> expression;
  std::string parse_error;
};

/// One `recommend:` or `apply:` text; `statement` is empty when the text is advice (`parse_error` says why).
struct Action {
  std::string field;                      ///< "recommend" or "apply"
  std::string text;
  std::optional<expr::Statement> statement;
  std::string parse_error;
};

/// A rule of the IR, parsed and ready to evaluate against many contexts.
struct CompiledRule {
  std::string name;
  std::size_t order = 0;                  ///< position among the system's rules (later wins a full tie)
  std::optional<double> confidence;
  std::string reason, source, origin;
  dsl::Span span;
  std::vector<Condition> conditions;      ///< all must hold; none = always applies
  std::vector<Action> actions;
  std::size_t specificity = 0;            ///< distinct names its conditions read

  /// Confidence used to resolve conflicts; a rule that states none counts as 0.5.
  double effective_confidence() const { return confidence.value_or(0.5); }
  /// True when some condition is natural language, so the rule can never be evaluated.
  bool has_natural_language_condition() const;
};

/// Parses every rule of `system`, in order.
std::vector<CompiledRule> compile_rules(const dsl::System& system);

/// Whether `a` takes precedence over `b` when both set the same target to different values: higher
/// confidence first, then the more specific rule (more names in `when`, then more `when` entries), then the
/// later rule.
bool takes_precedence(const CompiledRule& a, const CompiledRule& b);

/// Why the winner beat the loser, for reports: "higher confidence (0.9 > 0.7)", "more specific (its `when`
/// reads 3 names, the other 1)", "same confidence and specificity; the later rule wins".
std::string precedence_reason(const CompiledRule& winner, const CompiledRule& loser);

}  // namespace spak::knowledge
