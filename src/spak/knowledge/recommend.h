#pragma once
// The rule engine: evaluates a system's rules against a context and says what follows from them — the rules
// that fired and why, the ones that did not and which condition failed, the assignments (`x = expr`) and
// design selections (`select axis = expr`) that result, and the advice (text that is not an expression).
//
// Rules may read what other rules decide (`when: "attention_variant == 'GQA'"`), so evaluation repeats until the
// decisions stop changing. Values given in the context (by --set, --context or the device) are the user's:
// a rule never overrides them; the report says it would have. When fired rules set the same target to
// different values, the higher confidence wins, then the more specific rule, then the later one, and every
// losing rule is listed with the reason it lost.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"
#include "spak/expr/context.h"
#include "spak/expr/value.h"
#include "spak/knowledge/rules.h"

namespace spak::knowledge {

/// How one `when` condition came out.
struct ConditionOutcome {
  enum class Result { True, False, Error, NaturalLanguage };
  std::string text;
  Result result = Result::False;
  std::string detail;                     ///< the values it read ("device = 'A100'"), or the error / parse error
};

/// How one `recommend`/`apply` text of a fired rule came out.
struct ActionOutcome {
  enum class Kind { Assign, Select, Advice };
  std::string field;                      ///< "recommend" or "apply"
  std::string text;
  Kind kind = Kind::Advice;
  std::string target;
  std::optional<expr::Value> value;       ///< when it evaluated
  std::string error;                      ///< why it has no value or was rejected (then it is not applied)
};

/// One rule's result.
struct RuleOutcome {
  enum class State { Fired, NotFired, Undecided, NaturalLanguage };
  CompiledRule rule;
  State state = State::NotFired;
  std::vector<ConditionOutcome> conditions;  ///< up to and including the one that decided
  std::vector<ActionOutcome> actions;        ///< fired rules only
};

/// A fired rule that set a target to another value and lost.
struct Overridden {
  std::string rule;
  expr::Value value;
  std::string text;
  std::string why;
};

/// The value a target ends up with, and which rules had a say.
struct Decision {
  std::string target;
  bool select = false;
  expr::Value value;
  std::string rule;                       ///< the winning rule
  std::string text;                       ///< its statement as written
  std::vector<std::string> agreeing;      ///< other fired rules that gave the same value
  std::vector<Overridden> overridden;
  bool applied = true;                    ///< false when the context already fixes the target (the user wins)
  std::vector<std::string> notes;         ///< "outside the tuning space …", "the context gives …"
};

/// Text for people: a rule's non-expression recommend/apply, a rule with a natural-language condition, a hint.
struct AdviceItem {
  std::string from;                       ///< `rule "X"`, `hint`, `heuristic name`
  std::string text;
};

/// Everything `spak recommend` reports.
struct Recommendation {
  std::vector<RuleOutcome> rules;
  std::vector<Decision> assignments;
  std::vector<Decision> selections;
  std::vector<AdviceItem> advice;
  std::vector<std::string> notes;
  int passes = 0;                         ///< evaluation rounds until the decisions settled

  /// Applied assignments and selections as one context layer over `base` (names → values).
  expr::Context decided(const expr::Context* base) const;
};

/// Evaluates the rules of `system` against `context`.
Recommendation recommend(const dsl::System& system, const expr::Context& context);

/// The whole recommendation as JSON (for --format json and for tools).
nlohmann::json to_json(const Recommendation& recommendation);

/// "fired", "not fired", "undecided", "natural language".
const char* state_name(RuleOutcome::State state);

}  // namespace spak::knowledge
