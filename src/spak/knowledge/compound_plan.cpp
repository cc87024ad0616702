#include "spak/knowledge/compound_plan.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include <fmt/format.h>

#include "spak/dsl/json_export.h"

namespace spak::knowledge {
namespace {
using nlohmann::json;

/// "tile_m=64 order=ikj".
std::string assignments(const json& object) {
  std::string out;
  for (auto& [key, value] : object.items()) out += fmt::format("{}{}={}", out.empty() ? "" : " ", key, dsl::value_text(value));
  return out;
}

/// FNV-1a: the same on every platform, so names made from it are stable across machines.
std::string short_hash(const std::string& text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return fmt::format("{:08x}", h);
}

/// `prefix_device_problem`, shortened with a hash of the whole when long, so the name stays readable and unique.
std::string fact_name(const std::string& prefix, const Group& g) {
  std::string problem;
  for (auto& [key, value] : g.problem.items()) problem += "_" + key + dsl::value_text(value);
  std::string device = slug(g.device).substr(0, 24);
  std::string name = slug(prefix + "_" + device + problem);
  if (name.size() > 64) name = name.substr(0, 54) + "_" + short_hash(g.device + g.problem.dump());
  return name;
}

/// A number as compound writes it: integers stay integers, others keep 6 significant digits.
json rounded(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<std::int64_t>(v);
  return std::stod(fmt::format("{:.6g}", v));
}

json rounded_metrics(const json& metrics) {
  json out = json::object();
  for (auto& [key, value] : metrics.items()) out[key] = value.is_number() ? rounded(value.get<double>()) : value;
  return out;
}

std::string where(const Group& g) {
  return g.problem.empty() ? g.device : fmt::format("{} for {}", g.device, assignments(g.problem));
}

json ids(const std::vector<std::int64_t>& v) { return json(v); }

NewFact best_fact(const Group& g, const std::string& store, const PlanOptions& options) {
  const Observed& best = g.ok.front();
  const int total = static_cast<int>(g.ok.size() + g.not_ok.size());
  NewFact f;
  f.name = fact_name("best", g);
  f.over_trials = total;
  const std::string metric = g.metric.empty() ? "objective" : g.metric;
  f.fields.emplace_back("description", fmt::format("best of {} trials on {}: {} {} with {}", total, where(g), metric,
                                                   dsl::value_text(rounded(*best.objective)), assignments(best.config)));
  f.fields.emplace_back("kind", "best_config");
  f.fields.emplace_back("device", g.device);
  if (!g.problem.empty()) f.fields.emplace_back("problem", g.problem);
  f.fields.emplace_back("config", best.config);
  f.fields.emplace_back("metric", metric);
  f.fields.emplace_back("objective", g.direction == trace::Direction::Maximize ? "maximize" : "minimize");
  f.fields.emplace_back("value", rounded(*best.objective));
  if (!best.metrics.empty()) f.fields.emplace_back("metrics", rounded_metrics(best.metrics));
  if (best.peer_ratio) f.fields.emplace_back("peer_ratio", rounded(*best.peer_ratio));
  json top = json::array(), top_values = json::array();
  for (std::size_t i = 1; i < g.ok.size() && top.size() < static_cast<std::size_t>(options.max_listed); ++i) {
    top.push_back(g.ok[i].config);
    top_values.push_back(rounded(*g.ok[i].objective));
  }
  if (!top.empty()) {
    f.fields.emplace_back("runner_ups", top);
    f.fields.emplace_back("runner_up_values", top_values);  // how close each came: a guided search starts from the close ones
  }
  f.fields.emplace_back("over_trials", total);
  f.fields.emplace_back("confidence", 1.0);
  json provenance = {{"store", store}, {"runs", ids(g.runs)}, {"trial", best.trial_id}};
  if (!best.trial_uid.empty()) provenance["trial_uid"] = best.trial_uid;
  provenance["device"] = g.device;
  if (!g.commit.empty()) provenance["commit"] = g.commit;
  f.fields.emplace_back("source", "spak compound");
  f.fields.emplace_back("provenance", provenance);
  return f;
}

/// Configurations that failed, then configurations `slow_factor` times worse than the best; a fact with an
/// empty name when there are none.
NewFact negative_fact(const Group& g, const std::string& store, const PlanOptions& options) {
  NewFact f;
  std::vector<const Observed*> slow;
  if (!g.ok.empty()) {
    const double best = *g.ok.front().objective;
    const double limit = g.direction == trace::Direction::Maximize ? best / options.slow_factor : best * options.slow_factor;
    for (auto it = g.ok.rbegin(); it != g.ok.rend(); ++it)
      if (g.better(limit, *it->objective)) slow.push_back(&*it);
  }
  if (g.not_ok.empty() && slow.empty()) return f;
  const int total = static_cast<int>(g.ok.size() + g.not_ok.size());
  f.name = fact_name("avoid", g);
  f.over_trials = total;

  std::map<std::string, int> by_status;
  for (const Observed& o : g.not_ok) ++by_status[std::string(trace::to_string(o.status))];
  std::string statuses;
  for (auto& [status, n] : by_status) statuses += fmt::format("{}{} {}", statuses.empty() ? "" : ", ", n, status);
  std::string description = fmt::format("on {}: ", where(g));
  if (!g.not_ok.empty()) description += fmt::format("{} of {} trials did not succeed ({})", g.not_ok.size(), total, statuses);
  if (!slow.empty())
    description += fmt::format("{}{} ran over {}x worse than the best", g.not_ok.empty() ? "" : "; ", slow.size(),
                               options.slow_factor);
  f.fields.emplace_back("description", description);
  f.fields.emplace_back("kind", "negative");
  f.fields.emplace_back("device", g.device);
  if (!g.problem.empty()) f.fields.emplace_back("problem", g.problem);

  const auto limit = static_cast<std::size_t>(options.max_listed);
  json trial_ids = json::array();
  if (!g.not_ok.empty()) {
    json failed = json::array(), status = json::array();
    for (const Observed& o : g.not_ok) {
      if (failed.size() == limit) break;
      failed.push_back(o.config);
      status.push_back(trace::to_string(o.status));
      trial_ids.push_back(o.trial_id);
    }
    f.fields.emplace_back("failed", failed);
    f.fields.emplace_back("failed_status", status);
  }
  if (!slow.empty()) {
    json configs = json::array(), values = json::array();
    for (const Observed* o : slow) {
      if (configs.size() == limit) break;
      configs.push_back(o->config);
      values.push_back(rounded(*o->objective));
      trial_ids.push_back(o->trial_id);
    }
    f.fields.emplace_back("slow", configs);
    f.fields.emplace_back("slow_values", values);
  }
  f.fields.emplace_back("over_trials", total);
  f.fields.emplace_back("source", "spak compound");
  f.fields.emplace_back("provenance", json{{"store", store}, {"runs", ids(g.runs)}, {"trials", trial_ids}});
  return f;
}

NewFact insight_fact(const trace::Insight& insight, const std::string& store) {
  NewFact f;
  f.name = slug("insight_" + (insight.category.empty() ? std::string("note") : insight.category)).substr(0, 40) + "_" +
           short_hash(insight.category + "\n" + insight.content + "\n" + insight.source);
  f.over_trials = 0;
  f.fields.emplace_back("description", insight.content);
  f.fields.emplace_back("kind", "insight");
  if (!insight.category.empty()) f.fields.emplace_back("category", insight.category);
  f.fields.emplace_back("source", insight.source.empty() ? "insights log" : insight.source);
  json provenance = {{"store", store}, {"insight", insight.id}};
  if (insight.run_id) provenance["run"] = *insight.run_id;
  f.fields.emplace_back("provenance", provenance);
  return f;
}

void narrow(const dsl::Parameter& p, const Evidence& evidence, const PlanOptions& options, Plan& plan) {
  std::vector<json> values = parameter_values(p);
  if (values.size() < 2) return;
  std::vector<int> tries(values.size(), 0);
  std::vector<bool> in_top(values.size(), false);
  int trials = 0, problems = 0;
  auto index_of = [&values](const json& v) {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (values[i] == v) return static_cast<int>(i);
    return -1;
  };
  for (const Group& g : evidence.groups) {
    if (static_cast<int>(g.ok.size()) < options.narrow_min_trials) continue;
    ++problems;
    trials += static_cast<int>(g.ok.size());
    const auto top = static_cast<std::size_t>(std::ceil(options.top_fraction * static_cast<double>(g.ok.size())));
    for (std::size_t i = 0; i < g.ok.size(); ++i) {
      if (!g.ok[i].config.contains(p.name)) continue;
      const int at = index_of(g.ok[i].config[p.name]);
      if (at < 0) continue;
      ++tries[at];
      if (i < top) in_top[at] = true;
    }
  }
  std::vector<bool> drop(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) drop[i] = !in_top[i] && tries[i] >= options.narrow_min_tries;
  if (p.kind != dsl::Parameter::Kind::List) {
    // A range or pow2 can only lose its ends and stay a range; values inside the kept span stay.
    std::size_t first = 0, last = values.size();
    while (first < last && drop[first]) ++first;
    while (last > first && drop[last - 1]) --last;
    for (std::size_t i = first; i < last; ++i) drop[i] = false;
  }
  Narrowing n;
  n.parameter = p.name;
  for (std::size_t i = 0; i < values.size(); ++i) (drop[i] ? n.dropped : n.kept).push_back(values[i]);
  if (n.dropped.empty() || n.kept.empty()) return;
  n.why = fmt::format("never in the top {}% of {} ok trials over {} {}", std::lround(options.top_fraction * 100),
                      trials, problems, problems == 1 ? "problem" : "problems");
  plan.narrowings.push_back(std::move(n));
}

}  // namespace

std::string slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front()))) out = "x_" + out;
  return out;
}

std::vector<json> parameter_values(const dsl::Parameter& p, std::size_t limit) {
  std::vector<json> out;
  switch (p.kind) {
    case dsl::Parameter::Kind::List: return p.values;
    case dsl::Parameter::Kind::Range: {
      const double step = p.step.value_or(1.0);
      if (step <= 0) return {};
      for (double v = p.lo; v <= p.hi + 1e-9; v += step) {
        if (out.size() == limit) return {};
        out.push_back(rounded(v));
      }
      return out;
    }
    case dsl::Parameter::Kind::Pow2:
      if (p.lo <= 0) return {};
      for (double v = p.lo; v <= p.hi; v *= 2) {
        if (out.size() == limit) return {};
        out.push_back(rounded(v));
      }
      return out;
  }
  return out;
}

Plan plan_compound(const Evidence& evidence, const dsl::System& system, const PlanOptions& options) {
  Plan plan;
  for (const Group& g : evidence.groups) {
    if (!g.ok.empty()) plan.facts.push_back(best_fact(g, evidence.store, options));
    NewFact negative = negative_fact(g, evidence.store, options);
    if (!negative.name.empty()) plan.facts.push_back(std::move(negative));
  }
  for (const trace::Insight& insight : evidence.insights) plan.facts.push_back(insight_fact(insight, evidence.store));

  std::set<std::string> narrowed;
  auto consider = [&](const dsl::Parameter& p) {
    if (narrowed.insert(p.name).second) narrow(p, evidence, options, plan);
  };
  for (const dsl::Parameter& p : system.tuning_space) consider(p);
  for (const dsl::Loop& loop : system.loops)
    for (const dsl::Parameter& p : loop.parameters) consider(p);
  return plan;
}

}  // namespace spak::knowledge
