#include "spak/knowledge/recommend.h"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "spak/expr/error.h"

namespace spak::knowledge {
namespace {

using expr::Value;

const dsl::Parameter* find_parameter(const dsl::System& system, const std::string& name) {
  for (const dsl::Parameter& p : system.tuning_space)
    if (p.name == name) return &p;
  for (const dsl::Loop& loop : system.loops)
    for (const dsl::Parameter& p : loop.parameters)
      if (p.name == name) return &p;
  return nullptr;
}

const dsl::DesignAxis* find_axis(const dsl::System& system, const std::string& name) {
  for (const dsl::DesignAxis& axis : system.design_space)
    if (axis.name == name) return &axis;
  return nullptr;
}

std::string list_repr(const std::vector<dsl::Value>& values) {
  std::string out;
  for (const dsl::Value& v : values) out += (out.empty() ? "" : ", ") + Value::from_json(v).repr();
  return "[" + out + "]";
}

/// The domain of a parameter as written: "[16, 32, 64]", "range [1, 8]", "pow2 [16, 256]".
std::string domain_text(const dsl::Parameter& p) {
  switch (p.kind) {
    case dsl::Parameter::Kind::List: return list_repr(p.values);
    case dsl::Parameter::Kind::Range:
      return p.step ? fmt::format("range [{}, {}] step {}", p.lo, p.hi, *p.step) : fmt::format("range [{}, {}]", p.lo, p.hi);
    case dsl::Parameter::Kind::Pow2: return fmt::format("pow2 [{}, {}]", p.lo, p.hi);
  }
  return "?";
}

bool in_domain(const dsl::Parameter& p, const Value& v) {
  if (p.kind == dsl::Parameter::Kind::List) {
    for (const dsl::Value& candidate : p.values)
      if (Value::from_json(candidate) == v) return true;
    return false;
  }
  if (!v.is_number()) return false;
  double x = v.as_float();
  if (x < p.lo || x > p.hi) return false;
  if (p.kind == dsl::Parameter::Kind::Pow2) return x > 0 && std::log2(x) == std::floor(std::log2(x));
  double steps = (x - p.lo) / p.step.value_or(1.0);
  return std::fabs(steps - std::round(steps)) < 1e-9;
}

/// A fired rule's statement that produced a value, waiting for conflict resolution.
struct Candidate {
  const CompiledRule* rule;
  bool select;
  std::string target, text;
  Value value;
};

/// One evaluation of every rule against one context.
struct Round {
  std::vector<RuleOutcome> rules;
  std::vector<Decision> decisions;        ///< assignments and selections, in order of first appearance
  std::vector<AdviceItem> advice;
};

std::string rule_label(const CompiledRule& rule) { return fmt::format("rule \"{}\"", rule.name); }

void evaluate_conditions(const CompiledRule& rule, const expr::Context& layer, RuleOutcome& out) {
  if (rule.has_natural_language_condition()) {
    out.state = RuleOutcome::State::NaturalLanguage;
    for (const Condition& c : rule.conditions) {
      if (c.expression) continue;
      out.conditions.push_back({c.text, ConditionOutcome::Result::NaturalLanguage, c.parse_error});
    }
    return;
  }
  out.state = RuleOutcome::State::Fired;
  for (const Condition& c : rule.conditions) {
    ConditionOutcome outcome{c.text, ConditionOutcome::Result::True, ""};
    try {
      bool holds = c.expression->test(layer);
      outcome.result = holds ? ConditionOutcome::Result::True : ConditionOutcome::Result::False;
      outcome.detail = c.expression->bindings(layer);
      out.conditions.push_back(std::move(outcome));
      if (!holds) {
        out.state = RuleOutcome::State::NotFired;
        return;
      }
    } catch (const expr::ExprError& e) {
      outcome.result = ConditionOutcome::Result::Error;
      outcome.detail = e.what();
      out.conditions.push_back(std::move(outcome));
      out.state = RuleOutcome::State::Undecided;
      return;
    }
  }
}

Round evaluate_round(const dsl::System& system, const std::vector<CompiledRule>& rules,
                     const expr::Context& context, const expr::Context& layer) {
  Round round;
  std::vector<Candidate> candidates;
  for (const CompiledRule& rule : rules) {
    RuleOutcome out{rule, RuleOutcome::State::NotFired, {}, {}};
    evaluate_conditions(rule, layer, out);
    if (out.state == RuleOutcome::State::NaturalLanguage) {
      // Its condition is for a person to judge, so everything it says is advice under that condition.
      std::string when;
      for (const Condition& c : rule.conditions) when += (when.empty() ? "" : " and ") + c.text;
      for (const Action& a : rule.actions) round.advice.push_back({rule_label(rule) + " (when " + when + ")", a.text});
    }
    if (out.state == RuleOutcome::State::Fired) {
      for (const Action& a : rule.actions) {
        ActionOutcome action{a.field, a.text, ActionOutcome::Kind::Advice, "", std::nullopt, ""};
        if (!a.statement) {
          round.advice.push_back({rule_label(rule), a.text});
          out.actions.push_back(std::move(action));
          continue;
        }
        bool select = a.statement->kind == expr::Statement::Kind::Select;
        action.kind = select ? ActionOutcome::Kind::Select : ActionOutcome::Kind::Assign;
        action.target = a.statement->target;
        try {
          action.value = a.statement->value.evaluate(layer);
        } catch (const expr::ExprError& e) {
          action.error = e.what();
        }
        if (action.value && select) {
          if (const dsl::DesignAxis* axis = find_axis(system, action.target)) {
            bool known = false;
            for (const dsl::Value& v : axis->values) known = known || Value::from_json(v) == *action.value;
            if (!known && !axis->values.empty())
              action.error = fmt::format("{} is not a value of design axis {} {}", action.value->repr(), axis->name,
                                         list_repr(axis->values));
          }
        }
        if (action.value && action.error.empty())
          candidates.push_back({&rule, select, action.target, a.text, *action.value});
        out.actions.push_back(std::move(action));
      }
    }
    round.rules.push_back(std::move(out));
  }

  // Conflict resolution, one target at a time, in order of first appearance.
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<const Candidate*>> groups;
  for (const Candidate& c : candidates) {
    auto [it, inserted] = index.emplace(c.target, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(&c);
  }
  for (const auto& group : groups) {
    const Candidate* winner = group.front();
    for (const Candidate* c : group)
      if (c->rule == winner->rule || takes_precedence(*c->rule, *winner->rule)) winner = c;
    Decision d;
    d.target = winner->target;
    d.select = winner->select;
    d.value = winner->value;
    d.rule = winner->rule->name;
    d.text = winner->text;
    for (const Candidate* c : group) {
      if (c == winner) continue;
      if (c->value == winner->value) {
        if (c->rule != winner->rule) d.agreeing.push_back(c->rule->name);
      } else {
        std::string why = c->rule == winner->rule ? "the same rule sets it again; its later statement wins"
                                                  : precedence_reason(*winner->rule, *c->rule);
        d.overridden.push_back({c->rule->name, c->value, c->text, why});
      }
    }
    if (const Value* given = context.find(d.target)) {
      d.applied = false;
      d.notes.push_back(fmt::format("the context already sets {} = {}; that value is kept", d.target, given->repr()));
    }
    if (const dsl::Parameter* p = find_parameter(system, d.target)) {
      if (!in_domain(*p, d.value))
        d.notes.push_back(fmt::format("{} is outside the tuning space of {} ({})", d.value.repr(), d.target,
                                      domain_text(*p)));
    } else if (d.select && !find_axis(system, d.target)) {
      d.notes.push_back(fmt::format("{} is not an axis of design_space", d.target));
    }
    round.decisions.push_back(std::move(d));
  }
  return round;
}

/// The values a round decides that later rounds see.
std::map<std::string, Value> applied_values(const Round& round) {
  std::map<std::string, Value> out;
  for (const Decision& d : round.decisions)
    if (d.applied) out.emplace(d.target, d.value);
  return out;
}

nlohmann::json value_json(const std::optional<Value>& v) { return v ? v->to_json() : nlohmann::json(nullptr); }

const char* result_name(ConditionOutcome::Result r) {
  switch (r) {
    case ConditionOutcome::Result::True: return "true";
    case ConditionOutcome::Result::False: return "false";
    case ConditionOutcome::Result::Error: return "error";
    case ConditionOutcome::Result::NaturalLanguage: return "natural language";
  }
  return "?";
}

const char* kind_name(ActionOutcome::Kind k) {
  switch (k) {
    case ActionOutcome::Kind::Assign: return "assign";
    case ActionOutcome::Kind::Select: return "select";
    case ActionOutcome::Kind::Advice: return "advice";
  }
  return "?";
}

nlohmann::json decision_json(const Decision& d) {
  nlohmann::json overridden = nlohmann::json::array();
  for (const Overridden& o : d.overridden)
    overridden.push_back({{"rule", o.rule}, {"value", o.value.to_json()}, {"text", o.text}, {"why", o.why}});
  return {{"target", d.target}, {"value", d.value.to_json()}, {"rule", d.rule},     {"text", d.text},
          {"agreeing", d.agreeing}, {"overridden", overridden}, {"applied", d.applied}, {"notes", d.notes}};
}

}  // namespace

const char* state_name(RuleOutcome::State state) {
  switch (state) {
    case RuleOutcome::State::Fired: return "fired";
    case RuleOutcome::State::NotFired: return "not fired";
    case RuleOutcome::State::Undecided: return "undecided";
    case RuleOutcome::State::NaturalLanguage: return "natural language";
  }
  return "?";
}

expr::Context Recommendation::decided(const expr::Context* base) const {
  expr::Context layer(base);
  for (const std::vector<Decision>* list : {&assignments, &selections})
    for (const Decision& d : *list)
      if (d.applied) layer.set(d.target, d.value);
  return layer;
}

Recommendation recommend(const dsl::System& system, const expr::Context& context) {
  const std::vector<CompiledRule> rules = compile_rules(system);
  Recommendation result;
  // Each round sees the previous round's decisions; a chain of n dependent rules settles within n + 1 rounds.
  const int max_rounds = static_cast<int>(rules.size()) + 2;
  std::map<std::string, Value> previous;
  Round round;
  for (int pass = 1;; ++pass) {
    expr::Context layer(&context);
    for (const auto& [name, value] : previous) layer.set(name, value);
    round = evaluate_round(system, rules, context, layer);
    std::map<std::string, Value> now = applied_values(round);
    result.passes = pass;
    if (now == previous) break;
    if (pass == max_rounds) {
      result.notes.push_back(fmt::format(
          "the rules did not settle after {} rounds (a rule's condition reads a value that rules keep changing); "
          "this is the last round",
          pass));
      break;
    }
    previous = std::move(now);
  }
  result.rules = std::move(round.rules);
  for (Decision& d : round.decisions) (d.select ? result.selections : result.assignments).push_back(std::move(d));
  result.advice = std::move(round.advice);
  for (const dsl::Advice& a : system.knowledge.advice)
    result.advice.push_back({a.name.empty() ? a.kind : a.kind + " " + a.name, a.text});
  return result;
}

nlohmann::json to_json(const Recommendation& r) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleOutcome& o : r.rules) {
    nlohmann::json conditions = nlohmann::json::array();
    for (const ConditionOutcome& c : o.conditions)
      conditions.push_back({{"text", c.text}, {"result", result_name(c.result)}, {"detail", c.detail}});
    nlohmann::json actions = nlohmann::json::array();
    for (const ActionOutcome& a : o.actions)
      actions.push_back({{"field", a.field}, {"text", a.text}, {"kind", kind_name(a.kind)}, {"target", a.target},
                         {"value", value_json(a.value)}, {"error", a.error}});
    nlohmann::json rule = {{"name", o.rule.name},
                           {"state", state_name(o.state)},
                           {"confidence", o.rule.confidence ? nlohmann::json(*o.rule.confidence) : nlohmann::json()},
                           {"specificity", o.rule.specificity},
                           {"reason", o.rule.reason},
                           {"source", o.rule.source},
                           {"location", o.rule.span.line ? fmt::format("{}:{}", o.rule.span.file, o.rule.span.line) : ""},
                           {"conditions", conditions},
                           {"actions", actions}};
    if (!o.rule.origin.empty()) rule["origin"] = o.rule.origin;
    rules.push_back(std::move(rule));
  }
  nlohmann::json assignments = nlohmann::json::array(), selections = nlohmann::json::array();
  for (const Decision& d : r.assignments) assignments.push_back(decision_json(d));
  for (const Decision& d : r.selections) selections.push_back(decision_json(d));
  nlohmann::json advice = nlohmann::json::array();
  for (const AdviceItem& a : r.advice) advice.push_back({{"from", a.from}, {"text", a.text}});
  return {{"rules", rules},     {"assignments", assignments}, {"selections", selections},
          {"advice", advice},   {"notes", r.notes},           {"passes", r.passes}};
}

}  // namespace spak::knowledge
