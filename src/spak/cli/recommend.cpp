// `spak recommend FILE`: evaluates a system's rules against a context (--set, --context, --device auto) and
// prints what fired and why, what did not and which condition failed, the resulting assignments, selections
// and advice, and the tuning space that remains once recommended values are fixed.

#include <algorithm>
#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/dsl/load.h"
#include "spak/knowledge/config_check.h"
#include "spak/knowledge/context.h"
#include "spak/knowledge/recommend.h"
#include "spak/knowledge/resolve.h"
#include "spak/tune/space.h"
#include "spak/util/error.h"

namespace spak::cli {
namespace {

/// A parameter fixed by --set or by a rule, for the remaining-space report.
struct Fixed {
  std::string name;
  expr::Value value;
  std::string by;                         ///< "--set" or `rule "X"`
};

/// The tuning space before and after fixing parameters.
struct SpaceReport {
  std::vector<std::string> parameters;    ///< every parameter, in order
  std::vector<Fixed> fixed;
  std::optional<tune::SpaceSize> before, after;
  std::vector<std::string> notes;
};

std::string count(double n) {
  if (n >= 1e15) return fmt::format("{:.3g}", n);
  std::string digits = fmt::format("{:.0f}", n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string size_text(const tune::SpaceSize& s) {
  return fmt::format("{} config{}, {} valid{}", count(s.total), s.total == 1 ? "" : "s", count(s.valid),
                     s.exact ? "" : " (estimated by sampling)");
}

SpaceReport remaining_space(const dsl::System& system, const knowledge::ContextBuilder& inputs,
                            const knowledge::Recommendation& rec, const expr::Context& decided) {
  SpaceReport report;
  std::vector<const dsl::Parameter*> params;
  std::set<std::string> seen;
  for (const dsl::Parameter& p : system.tuning_space)
    if (seen.insert(p.name).second) params.push_back(&p);
  for (const dsl::Loop& loop : system.loops)
    for (const dsl::Parameter& p : loop.parameters)
      if (seen.insert(p.name).second) params.push_back(&p);
  if (params.empty()) return report;

  for (const dsl::Parameter* p : params) {
    report.parameters.push_back(p->name);
    for (const knowledge::ContextValue& v : inputs.values())
      if (v.name == p->name) report.fixed.push_back({p->name, v.value, v.source});
    for (const knowledge::Decision& d : rec.assignments)
      if (d.applied && d.target == p->name) report.fixed.push_back({p->name, d.value, "rule \"" + d.rule + "\""});
    for (const knowledge::Decision& d : rec.selections)
      if (d.applied && d.target == p->name) report.fixed.push_back({p->name, d.value, "rule \"" + d.rule + "\""});
  }
  const knowledge::ConfigCheck check(system, &decided);
  for (const std::string& u : check.unchecked()) report.notes.push_back("not checked (natural language): " + u);
  tune::Validity validity = [&check](const nlohmann::json& config) { return check.why_invalid(config); };
  try {
    std::vector<tune::Dimension> all, remaining;
    for (const dsl::Parameter* p : params) {
      all.push_back(tune::Dimension::from_parameter(*p));
      auto fixed = std::find_if(report.fixed.begin(), report.fixed.end(), [&](const Fixed& f) { return f.name == p->name; });
      remaining.push_back(fixed == report.fixed.end() ? all.back()
                                                      : tune::Dimension::from_values(p->name, {fixed->value.to_json()}));
    }
    report.before = tune::SearchSpace(all, validity).size();
    const tune::SearchSpace left(remaining, validity);
    report.after = left.size();
    if (report.after->valid == 0) {
      // Say why, with the first configuration's reason: usually a name the constraints need is missing.
      const nlohmann::json first = left.config(tune::Point(remaining.size(), 0));
      report.notes.push_back(fmt::format("no configuration is valid; the first ({}) is rejected: {}", first.dump(),
                                         check.why_invalid(first).value_or("?")));
    }
  } catch (const Error& e) {
    report.notes.push_back(fmt::format("the space cannot be sized: {}", e.what()));
  }
  return report;
}

const char* mark(knowledge::ConditionOutcome::Result r) {
  switch (r) {
    case knowledge::ConditionOutcome::Result::True: return "true";
    case knowledge::ConditionOutcome::Result::False: return "false";
    case knowledge::ConditionOutcome::Result::Error: return "cannot evaluate";
    case knowledge::ConditionOutcome::Result::NaturalLanguage: return "natural language, not evaluated";
  }
  return "?";
}

/// Where a rule was written; an inherited rule's origin names its file and line in the ancestor.
std::string location(const knowledge::CompiledRule& rule) {
  if (!rule.origin.empty()) return rule.origin;
  return rule.span.line ? fmt::format("{}:{}", rule.span.file, rule.span.line) : "";
}

void print_rule(const knowledge::RuleOutcome& o) {
  const knowledge::CompiledRule& r = o.rule;
  std::string confidence = r.confidence ? fmt::format("  confidence {}", *r.confidence) : "";
  fmt::print("  rule \"{}\"{}  [{}]\n", r.name, confidence, location(o.rule));
  if (r.conditions.empty()) fmt::print("    when: (no condition: always applies)\n");
  for (const knowledge::ConditionOutcome& c : o.conditions) {
    fmt::print("    when {} → {}", c.text, mark(c.result));
    if (!c.detail.empty()) fmt::print(" ({})", c.detail);
    fmt::print("\n");
  }
  for (const knowledge::ActionOutcome& a : o.actions) {
    if (a.kind == knowledge::ActionOutcome::Kind::Advice) {
      fmt::print("    advice: {}\n", a.text);
    } else if (!a.error.empty()) {
      fmt::print("    {} → not applied: {}\n", a.text, a.error);
    } else {
      // A literal's value is already on the line; show only what an expression evaluated to.
      const std::string shown = a.value->repr();
      std::string written = a.text.substr(a.text.find('=') + 1);
      written.erase(0, written.find_first_not_of(' '));
      if (written == shown)
        fmt::print("    {}\n", a.text);
      else
        fmt::print("    {} → {}\n", a.text, shown);
    }
  }
  if (o.state == knowledge::RuleOutcome::State::Fired && !r.reason.empty()) fmt::print("    reason: {}\n", r.reason);
}

void print_decisions(const char* title, const std::vector<knowledge::Decision>& decisions) {
  if (decisions.empty()) return;
  fmt::print("\n{}:\n", title);
  for (const knowledge::Decision& d : decisions) {
    fmt::print("  {} = {}{}  from rule \"{}\"", d.target, d.value.repr(), d.applied ? "" : " (not applied)", d.rule);
    if (!d.agreeing.empty()) {
      std::string names;
      for (const std::string& a : d.agreeing) names += (names.empty() ? "\"" : ", \"") + a + "\"";
      fmt::print(" (also {})", names);
    }
    fmt::print("\n");
    for (const knowledge::Overridden& o : d.overridden)
      fmt::print("    overrides {} = {} from rule \"{}\": {}\n", d.target, o.value.repr(), o.rule, o.why);
    for (const std::string& n : d.notes) fmt::print("    note: {}\n", n);
  }
}

void print_text(const std::string& file, const dsl::System& system, const knowledge::ContextBuilder& inputs,
                const knowledge::Recommendation& rec, const SpaceReport& space) {
  fmt::print("system {} ({})\n", system.name, file);
  if (inputs.values().empty()) {
    fmt::print("context: empty (give values with --set name=value, --context FILE.json or --device auto)\n");
  } else {
    fmt::print("context:\n");
    for (const knowledge::ContextValue& v : inputs.values())
      fmt::print("  {} = {}  ({})\n", v.name, v.value.repr(), v.source);
  }
  for (const std::string& n : inputs.notes()) fmt::print("  note: {}\n", n);

  using State = knowledge::RuleOutcome::State;
  const std::pair<State, const char*> groups[] = {
      {State::Fired, "fired"},
      {State::NotFired, "not fired"},
      {State::Undecided, "undecided (a condition could not be evaluated; give the missing values with --set)"},
      {State::NaturalLanguage, "not evaluated (condition in natural language; shown as advice)"}};
  if (rec.rules.empty()) fmt::print("\nrules: none in this system\n");
  for (auto [state, title] : groups) {
    std::size_t n = 0;
    for (const knowledge::RuleOutcome& o : rec.rules) n += o.state == state;
    if (n == 0) continue;
    fmt::print("\n{} ({}):\n", title, n);
    for (const knowledge::RuleOutcome& o : rec.rules)
      if (o.state == state) print_rule(o);
  }
  print_decisions("assignments", rec.assignments);
  print_decisions("selections", rec.selections);
  if (!rec.advice.empty()) {
    fmt::print("\nadvice (not executed):\n");
    for (const knowledge::AdviceItem& a : rec.advice) fmt::print("  {}: {}\n", a.from, a.text);
  }
  for (const std::string& n : rec.notes) fmt::print("\nnote: {}\n", n);

  fmt::print("\ntuning space:\n");
  if (space.parameters.empty()) {
    fmt::print("  none (the system has no tuning_space or engineering_loop parameters)\n");
    return;
  }
  auto parameters = [](std::size_t n) { return fmt::format("{} parameter{}", n, n == 1 ? "" : "s"); };
  if (space.before) fmt::print("  before: {}, {}\n", parameters(space.parameters.size()), size_text(*space.before));
  for (const Fixed& f : space.fixed) fmt::print("  fixed: {} = {}  ({})\n", f.name, f.value.repr(), f.by);
  std::string left;
  for (const std::string& p : space.parameters) {
    bool fixed = std::any_of(space.fixed.begin(), space.fixed.end(), [&](const Fixed& f) { return f.name == p; });
    if (!fixed) left += (left.empty() ? "" : ", ") + p;
  }
  if (space.after)
    fmt::print("  after:  {}, {}\n", parameters(space.parameters.size() - space.fixed.size()), size_text(*space.after));
  fmt::print("  left to tune: {}\n", left.empty() ? "nothing" : left);
  for (const std::string& n : space.notes) fmt::print("  note: {}\n", n);
}

nlohmann::json space_json(const SpaceReport& space) {
  auto size = [](const std::optional<tune::SpaceSize>& s) -> nlohmann::json {
    if (!s) return nullptr;
    return {{"total", s->total}, {"valid", s->valid}, {"exact", s->exact}};
  };
  nlohmann::json fixed = nlohmann::json::array();
  for (const Fixed& f : space.fixed) fixed.push_back({{"name", f.name}, {"value", f.value.to_json()}, {"by", f.by}});
  return {{"parameters", space.parameters}, {"fixed", fixed},         {"before", size(space.before)},
          {"after", size(space.after)},      {"notes", space.notes}};
}

}  // namespace

void add_recommend_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::string file, system, device = "none", format = "text";
    std::vector<std::string> sets, contexts;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "recommend", "Evaluate a system's rules for a context: fired rules, assignments, selections, advice, space left");
  cmd->footer(
      "Context values come from --device auto, then --context files, then --set (later ones win). A rule fires when\n"
      "every `when` holds; `recommend: \"x = expr\"` assigns and `apply: \"select axis = expr\"` selects. When rules\n"
      "disagree, higher confidence wins, then the rule whose `when` reads more names, then the later rule.\n"
      "Text that is not an expression is advice and never executed.\n"
      "Example: spak recommend examples/attention_rules.dsl --set device=H100 --set causal=true --set seq_len=8192");
  cmd->add_option("file", options->file, "The .dsl file")->required();
  cmd->add_option("-s,--system", options->system, "The system to evaluate (default: the file's first)");
  cmd->add_option("--set", options->sets, "A context value name=value (typed: 64, 0.5, true, H100); repeatable");
  cmd->add_option("--context", options->contexts, "A JSON object file of context values; repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_option("--device", options->device, "auto: add the GPU's facts from nvidia-smi (device, sm_count, …)")
      ->check(CLI::IsMember({"auto", "none"}));
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, &invocation] {
    if (!load_for_command(options->file, invocation)) return;
    knowledge::ResolvedSystem resolved;
    try {
      resolved = knowledge::resolve_system(options->file, knowledge::file_loader(), options->system);
    } catch (const knowledge::ResolveError& e) {
      report_bad_input(invocation, e.what());
      return;
    }
    const dsl::System& system = resolved.system;

    knowledge::ContextBuilder inputs;
    if (options->device == "auto") inputs.add_device(knowledge::detect_device());
    for (const std::string& f : options->contexts) inputs.add_json_file(f);
    for (const std::string& s : options->sets) inputs.add_assignment(s);
    const expr::Context context = inputs.context();

    const knowledge::Recommendation rec = knowledge::recommend(system, context);
    const expr::Context decided = rec.decided(&context);
    const SpaceReport space = remaining_space(system, inputs, rec, decided);

    if (options->format == "json") {
      nlohmann::json out = knowledge::to_json(rec);
      out["system"] = system.name;
      out["file"] = options->file;
      nlohmann::json ctx = nlohmann::json::array();
      for (const knowledge::ContextValue& v : inputs.values())
        ctx.push_back({{"name", v.name}, {"value", v.value.to_json()}, {"source", v.source}});
      out["context"] = ctx;
      out["context_notes"] = inputs.notes();
      out["tuning_space"] = space_json(space);
      fmt::print("{}\n", out.dump(2));
    } else {
      print_text(options->file, system, inputs, rec, space);
    }
    invocation.exit_code = 0;
  });
}

}  // namespace spak::cli
