#include "spak/knowledge/rules.h"

#include <set>

#include <fmt/format.h>

namespace spak::knowledge {

bool CompiledRule::has_natural_language_condition() const {
  for (const Condition& c : conditions)
    if (!c.expression) return true;
  return false;
}

std::vector<CompiledRule> compile_rules(const dsl::System& system) {
  std::vector<CompiledRule> rules;
  for (const dsl::Rule& rule : system.knowledge.rules) {
    CompiledRule compiled;
    compiled.name = rule.name;
    compiled.order = rules.size();
    compiled.confidence = rule.confidence;
    compiled.reason = rule.reason;
    compiled.source = rule.source;
    compiled.origin = rule.origin;
    compiled.span = rule.span;
    std::set<std::string> names;
    for (const std::string& text : rule.when) {
      Condition c{text, std::nullopt, ""};
      expr::ExprError why;
      c.expression = expr::Expression::try_parse(text, &why);
      if (c.expression)
        names.insert(c.expression->names().begin(), c.expression->names().end());
      else
        c.parse_error = why.what();
      compiled.conditions.push_back(std::move(c));
    }
    compiled.specificity = names.size();
    auto add_actions = [&](const std::vector<std::string>& texts, const char* field) {
      for (const std::string& text : texts) {
        Action a{field, text, std::nullopt, ""};
        expr::ExprError why;
        a.statement = expr::Statement::try_parse(text, &why);
        if (!a.statement) a.parse_error = why.what();
        compiled.actions.push_back(std::move(a));
      }
    };
    add_actions(rule.recommend, "recommend");
    add_actions(rule.apply, "apply");
    rules.push_back(std::move(compiled));
  }
  return rules;
}

bool takes_precedence(const CompiledRule& a, const CompiledRule& b) {
  if (a.effective_confidence() != b.effective_confidence()) return a.effective_confidence() > b.effective_confidence();
  if (a.specificity != b.specificity) return a.specificity > b.specificity;
  if (a.conditions.size() != b.conditions.size()) return a.conditions.size() > b.conditions.size();
  return a.order > b.order;
}

std::string precedence_reason(const CompiledRule& winner, const CompiledRule& loser) {
  if (winner.effective_confidence() != loser.effective_confidence())
    return fmt::format("higher confidence ({} > {})", winner.effective_confidence(), loser.effective_confidence());
  if (winner.specificity != loser.specificity)
    return fmt::format("same confidence, more specific (its `when` reads {} name{}, the other {})",
                       winner.specificity, winner.specificity == 1 ? "" : "s", loser.specificity);
  if (winner.conditions.size() != loser.conditions.size())
    return fmt::format("same confidence, more specific ({} `when` conditions, the other {})",
                       winner.conditions.size(), loser.conditions.size());
  return "same confidence and specificity; the later rule wins";
}

}  // namespace spak::knowledge
