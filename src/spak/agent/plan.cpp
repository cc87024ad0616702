#include "spak/agent/plan.h"

#include <algorithm>
#include <set>

#include <fmt/ranges.h>

#include "spak/agent/template.h"
#include "spak/util/error.h"
#include "spak/util/json_text.h"

namespace spak::agent {
namespace {

using nlohmann::json;

const std::set<std::string> kActions{"llm.query", "tool.run", "tool.read", "tool.write", "tool.list", "tool.grep",
                                     "tool.engineering_loop"};
// Fields that configure the runner rather than the effect; they are never templates.
const std::set<std::string> kControl{"output_var", "expect", "retries"};

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

std::string at(const dsl::Span& s) { return fmt::format("{}:{}:{}", s.file, s.line, s.col); }

PlanStep plan_step(const dsl::Step& step, bool check) {
  PlanStep p;
  p.id = step.id;
  p.label = step.id.empty() ? step.name : step.id;
  p.action = step.action == "llm.generate" ? "llm.query" : step.action;
  p.check = check;
  p.span = step.span;
  for (const auto& f : step.args) {
    if (f.key == "output_var") {
      p.output_var = f.text();
    } else {
      p.args[f.key] = f.value;
    }
  }
  return p;
}

json parse_set_value(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}

}  // namespace

json base_scope(const dsl::Document& document, const std::vector<std::string>& set) {
  json scope = json::object();
  for (const auto& m : document.system_models) {
    scope["model"] = m.name;
    for (const auto& [key, list] : {std::pair{"axiom", &m.axioms}, std::pair{"heuristic", &m.heuristics},
                                     std::pair{"prediction", &m.predictions}})
      scope[key] = *list;
  }
  for (const auto& s : set) {
    std::size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) throw Error("--set {}: expected name=value", s);
    scope[trim(s.substr(0, eq))] = parse_set_value(s.substr(eq + 1));
  }
  scope["run_id"] = "";
  scope["workdir"] = "";
  return scope;
}

Plan plan_target(const dsl::Document& document, const std::string& name, json scope) {
  std::vector<std::string> names;
  for (const auto& t : document.tasks) {
    names.push_back("task " + t.name);
    if (!name.empty() && t.name != name) continue;
    Plan plan;
    plan.kind = "task";
    plan.name = t.name;
    if (!document.system_models.empty()) plan.system = document.system_models[0].name;
    for (const auto& s : t.steps) plan.steps.push_back(plan_step(s, false));
    for (const auto& s : t.checks) plan.steps.push_back(plan_step(s, true));
    plan.success = t.success;
    plan.scope = std::move(scope);
    return plan;
  }
  for (const auto& sys : document.systems)
    for (const auto& l : sys.loops) {
      if (l.kind != dsl::Loop::Kind::Agent) continue;
      names.push_back("agent_loop " + l.name);
      if (!name.empty() && l.name != name) continue;
      Plan plan;
      plan.kind = "agent_loop";
      plan.name = l.name;
      plan.system = sys.name;
      for (const auto& s : l.steps) plan.steps.push_back(plan_step(s, false));
      for (const auto& f : l.fields) {
        if (f.key == "max_iterations" && f.value.is_number_integer()) plan.max_iterations = f.value.get<int>();
        else if (f.key == "until" || f.key == "success")
          (f.key == "until" ? plan.until : plan.success) = f.text();
        else if (f.value.is_string() || f.value.is_number() || f.value.is_boolean()) scope[f.key] = f.value;
      }
      if (plan.until.empty()) plan.max_iterations = 1;  // without a stop condition, one pass
      plan.scope = std::move(scope);
      return plan;
    }
  if (names.empty()) throw Error("{} has no task and no agent_loop to run", document.path);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  throw Error("{} has no task or agent_loop '{}' (it has: {})", document.path, name, list);
}

Plan plan_handler(const dsl::System& system, const dsl::Loop& loop, const dsl::Handler& handler, json scope) {
  Plan plan;
  plan.kind = "service_loop";
  plan.name = loop.name + "/" + handler.event;
  plan.system = system.name;
  for (const auto& s : handler.steps) plan.steps.push_back(plan_step(s, false));
  plan.scope = std::move(scope);
  return plan;
}

void check_plan(const Plan& plan) {
  std::vector<std::string> known;
  for (const auto& [k, v] : plan.scope.items()) known.push_back(k);
  for (const auto& step : plan.steps) {
    if (!kActions.count(step.action))
      throw Error("{}: error: step '{}': unknown action '{}' (known: llm.query, llm.generate, tool.run, tool.read, "
                  "tool.write, tool.list, tool.grep, tool.engineering_loop)",
                  at(step.span), step.label, step.action);
    for (const auto& [key, value] : step.args.items()) {
      if (!value.is_string() || kControl.count(key)) continue;
      for (const auto& hole : Template(value.get<std::string>()).holes())
        if (!hole_known(hole, known))
          throw Error("{}: error: step '{}': unknown hole {{{{{}}}}} in {} (bound here: {}); bind it with --set "
                      "{}=VALUE or an earlier step's output_var",
                      at(step.span), step.label, hole, key, fmt::join(known, ", "), hole);
    }
    if (!step.output_var.empty()) known.push_back(step.output_var);
    if (!step.id.empty()) known.push_back(step.id);
  }
}

std::string describe(const Plan& plan) {
  std::string out = fmt::format("plan: {} {}{}\n", plan.kind, plan.name,
                                plan.system.empty() ? "" : " (of " + plan.system + ")");
  if (!plan.until.empty()) out += fmt::format("  repeat until {} (at most {} passes)\n", plan.until,
                                              plan.max_iterations);
  int n = 0;
  for (const auto& s : plan.steps) {
    out += fmt::format("  {:>2}. {}{:<14} {}", ++n, s.check ? "check " : "", s.label, s.action);
    for (const auto& [k, v] : s.args.items()) {
      std::string text = json_text(v);
      std::replace(text.begin(), text.end(), '\n', ' ');
      if (text.size() > 60) text = text.substr(0, 57) + "...";
      out += fmt::format(" {}={}", k, text);
    }
    if (!s.output_var.empty()) out += " -> " + s.output_var;
    out += "\n";
  }
  out += fmt::format("  success: {}\n", plan.success.empty() ? "every check passes" : plan.success);
  out += "nothing was run (--dry-run)\n";
  return out;
}

std::pair<std::string, std::string> split_param(const std::string& param) {
  std::size_t colon = param.find(':');
  if (colon == std::string::npos) return {trim(param), "any"};
  return {trim(param.substr(0, colon)), trim(param.substr(colon + 1))};
}

}  // namespace spak::agent
