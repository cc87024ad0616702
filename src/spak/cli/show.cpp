// `spak show FILE`: a human summary of a .dsl file — sections, design axes, tuning parameters and the size of
// the tuning space, knowledge, trace schema, loops and their steps.

#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/dsl/json_export.h"
#include "spak/dsl/load.h"
#include "spak/knowledge/resolve.h"

namespace spak::cli {
namespace {

/// Number of values a parameter takes: list length, range points (step 1 by default), powers of two in range.
double value_count(const dsl::Parameter& p) {
  switch (p.kind) {
    case dsl::Parameter::Kind::List: return static_cast<double>(p.values.size());
    case dsl::Parameter::Kind::Range: {
      const double step = p.step.value_or(1.0);
      return (p.hi < p.lo || step <= 0) ? 0 : std::floor((p.hi - p.lo) / step + 1e-9) + 1;
    }
    case dsl::Parameter::Kind::Pow2: {
      double n = 0;
      for (double v = 1; v <= p.hi; v *= 2) n += v >= p.lo;
      return n;
    }
  }
  return 0;
}

std::string short_values(const std::vector<dsl::Value>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i == 6) return out + ", …";
    if (i) out += ", ";
    out += dsl::value_text(values[i]);
  }
  return out;
}

std::string count(double n) {
  return n < 1e15 ? fmt::format("{}", static_cast<long long>(n)) : fmt::format("{:.3g}", n);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string step_line(const dsl::Step& s) {
  const std::string who = s.id.empty() ? fmt::format("\"{}\"", s.name) : s.id;
  return s.action.empty() ? who : fmt::format("{} → {}", who, s.action);
}

void show_system(const dsl::System& s) {
  fmt::print("system {}{}   (line {})\n", s.name, s.extends.empty() ? "" : " extends " + s.extends, s.span.line);
  std::vector<std::string> sections;
  if (s.baseline) sections.push_back("baseline");
  if (!s.design_space.empty()) sections.push_back("design_space");
  if (!s.tuning_space.empty()) sections.push_back("tuning_space");
  if (!s.constraints.empty()) sections.push_back("constraints");
  if (s.model) sections.push_back("model");
  const auto& k = s.knowledge;
  if (!k.facts.empty() || !k.rules.empty() || !k.invariants.empty() || !k.advice.empty()) sections.push_back("knowledge");
  if (!s.trace_schema.variants.empty()) sections.push_back("trace_schema");
  for (const auto& l : s.loops) sections.push_back(l.kind == dsl::Loop::Kind::Agent ? "agent_loop"
                                                   : l.kind == dsl::Loop::Kind::Service ? "service_loop"
                                                                                        : "engineering_loop");
  if (!s.artifacts.empty()) sections.push_back("build");
  for (const auto& u : s.unknown) sections.push_back(u.head.empty() ? "(statement)" : u.head + " (unknown)");
  fmt::print("  sections: {}\n", fmt::join(sections, ", "));

  if (s.baseline) {
    fmt::print("  baseline: {}, {}\n", plural(s.baseline->fields.size(), "field", "fields"),
               plural(s.baseline->metrics.size(), "metric", "metrics"));
  }
  if (!s.design_space.empty()) {
    fmt::print("  design space: {}\n", plural(s.design_space.size(), "axis", "axes"));
    for (const auto& a : s.design_space)
      fmt::print("    {}: {} ({})\n", a.name, plural(a.values.size(), "choice", "choices"), short_values(a.values));
  }
  auto print_parameters = [](const std::vector<dsl::Parameter>& params, std::string_view indent) {
    double size = 1;
    for (const auto& p : params) size *= value_count(p);
    fmt::print("{}tuning space: {}, {} configurations before constraints\n", indent,
               plural(params.size(), "parameter", "parameters"), count(size));
    for (const auto& p : params) {
      const double n = value_count(p);
      switch (p.kind) {
        case dsl::Parameter::Kind::List:
          fmt::print("{}  {}: {} values ({})\n", indent, p.name, count(n), short_values(p.values));
          break;
        case dsl::Parameter::Kind::Range:
          fmt::print("{}  {}: range [{}, {}]{}, {} values\n", indent, p.name, p.lo, p.hi,
                     p.step ? fmt::format(" step {}", *p.step) : "", count(n));
          break;
        case dsl::Parameter::Kind::Pow2:
          fmt::print("{}  {}: pow2 [{}, {}], {} values\n", indent, p.name, p.lo, p.hi, count(n));
          break;
      }
    }
  };
  if (!s.tuning_space.empty()) print_parameters(s.tuning_space, "  ");
  if (!s.constraints.empty()) {
    fmt::print("  constraints: {}\n", s.constraints.size());
    for (const auto& c : s.constraints) fmt::print("    {}{}\n", c.name.empty() ? "" : c.name + ": ", c.expr);
  }
  fmt::print("  knowledge: {}, {}, {}, {}\n", plural(k.facts.size(), "fact", "facts"),
             plural(k.rules.size(), "rule", "rules"), plural(k.invariants.size(), "invariant", "invariants"),
             plural(k.advice.size(), "hint/heuristic", "hints/heuristics"));
  for (const auto& r : k.rules)
    fmt::print("    rule \"{}\": {} when, {} recommend, {} apply\n", r.name, r.when.size(), r.recommend.size(),
               r.apply.size());
  for (const auto& i : k.invariants) fmt::print("    invariant {}: {}\n", i.name, fmt::join(i.asserts, "; "));
  for (const auto& v : s.trace_schema.variants) {
    std::vector<std::string> cases;
    for (const auto& c : v.cases) cases.push_back(fmt::format("{} ({})", c.name, plural(c.fields.size(), "field", "fields")));
    fmt::print("  trace variant {}: {}\n", v.name.empty() ? "(unnamed)" : v.name, fmt::join(cases, ", "));
  }
  for (const auto& l : s.loops) {
    const char* kind = l.kind == dsl::Loop::Kind::Agent ? "agent_loop"
                       : l.kind == dsl::Loop::Kind::Service ? "service_loop" : "engineering_loop";
    fmt::print("  {} {}:\n", kind, l.name);
    for (const auto& st : l.steps) fmt::print("    step {}\n", step_line(st));
    for (const auto& h : l.handlers)
      fmt::print("    on {}({}): {}, {}\n", h.event, fmt::join(h.params, ", "), plural(h.steps.size(), "step", "steps"),
                 plural(h.statements.size(), "statement", "statements"));
    if (!l.parameters.empty()) print_parameters(l.parameters, "    ");
    if (l.measure)
      fmt::print("    measure: {} of `{}` ({})\n", l.measure->metric, l.measure->cmd, l.measure->objective);
    if (!l.strategy.empty()) fmt::print("    strategy: {}\n", l.strategy);
    if (l.budget) fmt::print("    budget: {} trials\n", *l.budget);
  }
  if (!s.artifacts.empty()) fmt::print("  artifacts: {}\n", fmt::join(s.artifacts, ", "));
}

}  // namespace

void add_show_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::string file, system;
    bool resolved = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("show", "Summarise a .dsl file: sections, spaces, knowledge, loops");
  cmd->footer("The tuning-space size is the product of the parameters' value counts, before constraints.");
  cmd->add_option("file", options->file, "The .dsl file")->required();
  cmd->add_option("-s,--system", options->system, "Show only this system (default: every system)");
  cmd->add_flag("--resolved", options->resolved,
                "Show the system (-s, or the first) with its imports and extends chain merged, and where each item came from");
  cmd->callback([options, &invocation] {
    const std::optional<dsl::LoadResult> loaded = load_for_command(options->file, invocation);
    if (!loaded) return;
    const dsl::Document& doc = loaded->document;
    fmt::print("{}\n", doc.path);
    if (!doc.front_matter.empty()) {
      for (const auto& [key, value] : doc.front_matter.items())
        fmt::print("  {}: {}\n", key, dsl::value_text(value));
    }
    for (const auto& i : doc.imports) fmt::print("  import {}\n", i);
    if (options->resolved) {
      try {
        const auto r = knowledge::resolve_system(options->file, knowledge::file_loader(), options->system);
        show_system(r.system);
        fmt::print("{}", knowledge::origins_text(r));
      } catch (const knowledge::ResolveError& e) {
        report_bad_input(invocation, e.what());
      }
      return;
    }
    if (!options->system.empty()) {
      const dsl::System* s = dsl::find_system(doc, options->system);
      if (!s) return report_bad_input(invocation, fmt::format("spak: error: {}: no system named `{}`", options->file,
                                                              options->system));
      show_system(*s);
      return;
    }
    for (const auto& s : doc.systems) show_system(s);
    for (const auto& m : doc.system_models)
      fmt::print("system_model {}: {}, {}, {}\n", m.name, plural(m.axioms.size(), "axiom", "axioms"),
                 plural(m.heuristics.size(), "heuristic", "heuristics"),
                 plural(m.predictions.size(), "prediction", "predictions"));
    for (const auto& t : doc.tasks) {
      fmt::print("task {}: {}, {}{}\n", t.name, plural(t.steps.size(), "step", "steps"),
                 plural(t.checks.size(), "check", "checks"), t.success.empty() ? "" : ", success: " + t.success);
      for (const auto& st : t.steps) fmt::print("  step {}\n", step_line(st));
      for (const auto& c : t.checks) fmt::print("  check {}\n", step_line(c));
    }
    if (doc.systems.empty() && doc.system_models.empty() && doc.tasks.empty()) fmt::print("  (no systems)\n");
  });
}

}  // namespace spak::cli
