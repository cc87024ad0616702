#include "spak/tune/plan.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "spak/knowledge/context.h"
#include "spak/knowledge/resolve.h"
#include "spak/trace/sha256.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"
#include "spak/util/json_text.h"

namespace spak::tune {
namespace {

using nlohmann::json;

// A problem in the DSL, reported like every DSL diagnostic: file:line:col: error: …
[[noreturn]] void dsl_error(const dsl::Span& at, const std::string& message) {
  throw knowledge::ResolveError(fmt::format("{}:{}:{}: error: {}", at.file, at.line, at.col, message));
}

const dsl::Loop& pick_loop(const dsl::System& system, const std::string& name) {
  std::vector<std::string> names;
  for (const dsl::Loop& l : system.loops) {
    if (l.kind != dsl::Loop::Kind::Engineering) continue;
    if (name.empty() || l.name == name) return l;
    names.push_back(l.name);
  }
  if (!name.empty())
    throw Error("system {} has no engineering loop named '{}' (it has: {})", system.name, name,
                names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")));
  dsl_error(system.span, fmt::format("system {} has no engineering_loop to tune", system.name));
}

const dsl::Field* find_field(const std::vector<dsl::Field>& fields, std::string_view key) {
  for (const dsl::Field& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

}  // namespace

std::unique_ptr<SweepPlan> SweepPlan::make(const PlanRequest& request) {
  std::unique_ptr<SweepPlan> plan(new SweepPlan());
  knowledge::ResolvedSystem resolved =
      knowledge::resolve_system(request.dsl_path, knowledge::file_loader(), request.system);
  plan->system_ = std::move(resolved.system);
  const dsl::System& system = plan->system_;
  plan->loop_ = pick_loop(system, request.loop);
  const dsl::Loop& loop = plan->loop_;
  plan->dsl_hash_ = trace::sha256_hex(read_file(request.dsl_path));

  // Parameters: the system's tuning_space, then the loop's own (which replace same-named ones).
  std::vector<dsl::Parameter> params = system.tuning_space;
  for (const dsl::Parameter& p : loop.parameters) {
    auto same = std::find_if(params.begin(), params.end(), [&](const auto& q) { return q.name == p.name; });
    if (same != params.end()) *same = p;
    else params.push_back(p);
  }
  std::set<std::string> param_names;
  for (const dsl::Parameter& p : params) param_names.insert(p.name);
  for (const dsl::DesignAxis& axis : system.design_space) {
    if (param_names.count(axis.name)) dsl_error(axis.span, fmt::format("'{}' is both a design axis and a tuning parameter", axis.name));
    // The first value of a design axis is the one in force unless --set picks another.
    plan->design_[axis.name] = axis.values.empty() ? json(nullptr) : axis.values.front();
  }

  std::map<std::string, json> fixed;
  for (const std::string& text : request.set) {
    auto [name, value] = knowledge::parse_assignment(text, "--set");
    if (param_names.count(name)) fixed[name] = value.to_json();
    else if (plan->design_.contains(name)) plan->design_[name] = value.to_json();
    else throw Error("--set {}: no tuning parameter or design axis named '{}' in system {}", text, name, system.name);
  }
  std::vector<Dimension> dims;
  for (const dsl::Parameter& p : params) {
    Dimension declared = Dimension::from_parameter(p);
    auto f = fixed.find(p.name);
    if (f == fixed.end()) {
      dims.push_back(std::move(declared));
      continue;
    }
    if (!declared.index_of(f->second))
      plan->notes_.push_back(fmt::format("--set {}={} is outside the declared domain of {}", p.name, f->second.dump(), p.name));
    dims.push_back(Dimension::from_values(p.name, {f->second}));
  }

  if (!loop.measure || loop.measure->cmd.empty())
    dsl_error(loop.measure ? loop.measure->span : loop.span,
              fmt::format("engineering loop {} has no measure {{ cmd: \"…\" }}: nothing to run", loop.name));
  const dsl::Measure& measure = *loop.measure;
  if (measure.metric.empty())
    dsl_error(measure.span, fmt::format("engineering loop {}: measure has no metric (the trace field to optimize)", loop.name));
  plan->metric_ = measure.metric;
  if (measure.objective == "maximize" || measure.objective == "max") plan->direction_ = trace::Direction::Maximize;
  else if (measure.objective == "minimize" || measure.objective == "min") plan->direction_ = trace::Direction::Minimize;
  else dsl_error(measure.span, fmt::format("measure objective must be maximize or minimize, got '{}'", measure.objective));

  plan->builtins_["spak_build"] = request.spak_build.string();
  plan->builtins_["dsl_dir"] = std::filesystem::absolute(request.dsl_path).parent_path().string();
  std::vector<std::string> known;
  for (const Dimension& d : dims) known.push_back(d.name());
  for (const auto& [name, value] : plan->design_.items()) known.push_back(name);
  for (const auto& [name, value] : plan->builtins_) known.push_back(name);
  try {
    plan->command_.emplace(measure.cmd);
    plan->command_->check_holes(known);
  } catch (const knowledge::ResolveError&) {
    throw;
  } catch (const Error& e) {
    dsl_error(measure.span, e.what());
  }

  if (const dsl::Field* t = find_field(loop.fields, "timeout")) {
    if (!t->value.is_number() || t->value.get<double>() < 0)
      dsl_error(t->span, fmt::format("timeout must be a number of seconds, got {}", t->raw));
    plan->loop_timeout_ = t->value.get<double>();
  }

  for (const auto& [name, value] : plan->design_.items()) plan->design_context_.set(name, expr::Value::from_json(value));
  plan->check_ = std::make_unique<knowledge::ConfigCheck>(system, &plan->design_context_);
  for (const std::string& u : plan->check_->unchecked())
    plan->notes_.push_back(fmt::format("never checked (natural language): {}", u));
  const knowledge::ConfigCheck& check = *plan->check_;
  plan->space_ = std::make_unique<SearchSpace>(std::move(dims),
                                               [&check](const json& config) { return check.why_invalid(config); });

  if (const dsl::Field* b = find_field(loop.fields, "baseline")) {
    if (!b->value.is_object())
      dsl_error(b->span, fmt::format("baseline must be an inline map {{param: value, …}}, got {}", b->raw));
    PlannedConfig base;
    base.design = plan->design_;
    // Parameters the baseline does not name take their first value (a naive baseline ignores most of them).
    for (const Dimension& d : plan->space_->dimensions()) base.config[d.name()] = d.value(0);
    for (const auto& [name, value] : b->value.items()) {
      if (base.config.contains(name)) base.config[name] = fixed.count(name) ? fixed[name] : value;
      else if (base.design.contains(name)) base.design[name] = value;
      else dsl_error(b->span, fmt::format("baseline names '{}', which is no tuning parameter or design axis", name));
    }
    plan->baseline_ = std::move(base);
  }
  return plan;
}

PlannedConfig SweepPlan::planned(const Point& point) const { return {space_->config(point), design_}; }

std::optional<std::string> SweepPlan::why_invalid(const PlannedConfig& c) const {
  // The baseline may change design choices, so its check gets a context of its own.
  expr::Context design;
  for (const auto& [name, value] : c.design.items()) design.set(name, expr::Value::from_json(value));
  knowledge::ConfigCheck check(system_, &design);
  return check.why_invalid(c.config);
}

std::string SweepPlan::command(const PlannedConfig& c) const {
  std::map<std::string, json> values = builtins_;
  for (const auto& [name, value] : c.design.items()) values[name] = value;
  for (const auto& [name, value] : c.config.items()) values[name] = value;
  return command_->fill(values);
}

std::vector<std::pair<std::string, std::string>> SweepPlan::environment(const PlannedConfig& c) const {
  std::vector<std::pair<std::string, std::string>> env;
  for (const auto& [name, value] : c.design.items()) env.emplace_back(env_name(name), json_text(value));
  for (const auto& [name, value] : c.config.items()) env.emplace_back(env_name(name), json_text(value));
  return env;
}

std::string SweepPlan::key(const PlannedConfig& c) {
  json all = c.design;
  for (const auto& [name, value] : c.config.items()) all[name] = value;
  return trace::canonical_key(all);
}

}  // namespace spak::tune
