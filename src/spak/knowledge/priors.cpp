#include "spak/knowledge/priors.h"

#include <algorithm>
#include <cmath>
#include <set>


#include "spak/knowledge/fact_values.h"

namespace spak::knowledge {
namespace {

using nlohmann::json;

std::string text_of(const dsl::Fact& fact, std::string_view key) {
  auto v = fact_value(fact, key);
  return v && v->is_string() ? v->get<std::string>() : "";
}

json object_of(const dsl::Fact& fact, std::string_view key) {
  auto v = fact_value(fact, key);
  return v && v->is_object() ? *v : json::object();
}

json list_of(const dsl::Fact& fact, std::string_view key) {
  auto v = fact_value(fact, key);
  return v && v->is_array() ? *v : json::array();
}

double value_distance(const json& a, const json& b) {
  if (a == b) return 0;
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    if (x == y) return 0;
    if (x > 0 && y > 0) return std::abs(std::log2(x / y));
  }
  return kOtherDistance;
}

}  // namespace

std::vector<json> BestPrior::close_runner_ups(double ratio) const {
  if (!value || runner_up_values.size() != runner_ups.size()) return runner_ups;
  std::vector<json> out;
  for (std::size_t i = 0; i < runner_ups.size(); ++i) {
    const double v = runner_up_values[i];
    const bool close = minimize ? v > 0 && *value / v >= ratio : v >= ratio * *value;
    if (close) out.push_back(runner_ups[i]);
  }
  return out;
}

double problem_distance(const json& a, const json& b) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a.items()) keys.insert(k);
  for (const auto& [k, v] : b.items()) keys.insert(k);
  double distance = 0;
  for (const std::string& k : keys) {
    if (!a.contains(k) || !b.contains(k)) distance += kOtherDistance;
    else distance += value_distance(a[k], b[k]);
  }
  return distance;
}

namespace {

// The current problem as a fact sees it: a parameter the fact's sweep searched (a key of its configurations)
// is no difference of problem when this sweep fixes it (`--set vec=8`, or a list narrowed to one value).
json problem_seen_by(const json& problem, const json& searched) {
  json p = problem;
  if (searched.is_object())
    for (const auto& [key, value] : searched.items()) p.erase(key);
  return p;
}

}  // namespace

Priors gather_priors(const dsl::System& system, const std::string& device, const json& problem) {
  Priors priors;
  for (const dsl::Fact& fact : system.knowledge.facts) {
    const std::string kind = text_of(fact, "kind");
    const std::string fact_device = text_of(fact, "device");
    const json fact_problem = object_of(fact, "problem");
    if (kind == "best_config") {
      BestPrior p;
      p.fact = fact.name;
      p.device = fact_device;
      p.problem = fact_problem;
      p.config = object_of(fact, "config");
      if (p.config.empty()) continue;
      for (const json& c : list_of(fact, "runner_ups"))
        if (c.is_object()) p.runner_ups.push_back(c);
      const json values = list_of(fact, "runner_up_values");
      if (auto v = fact_value(fact, "value"); v && v->is_number() && values.size() == p.runner_ups.size()) {
        p.value = v->get<double>();
        for (const json& x : values) p.runner_up_values.push_back(x.is_number() ? x.get<double>() : 0.0);
      }
      p.minimize = text_of(fact, "objective") == "minimize";
      p.distance = problem_distance(fact_problem, problem_seen_by(problem, p.config));
      p.same_device = fact_device == device;
      if (auto n = fact_value(fact, "over_trials"); n && n->is_number()) p.over_trials = n->get<int>();
      priors.best.push_back(std::move(p));
    } else if (kind == "negative" && fact_device == device) {
      // Only the same problem's negatives are certain enough to skip; elsewhere a failure may not repeat.
      const json failed = list_of(fact, "failed"), statuses = list_of(fact, "failed_status");
      const json slow = list_of(fact, "slow"), values = list_of(fact, "slow_values");
      const json searched = !failed.empty() ? failed[0] : !slow.empty() ? slow[0] : json::object();
      if (problem_distance(fact_problem, problem_seen_by(problem, searched)) != 0) continue;
      for (std::size_t i = 0; i < failed.size(); ++i) {
        const std::string status = i < statuses.size() && statuses[i].is_string() ? statuses[i].get<std::string>() : "";
        priors.avoid.push_back({fact.name, failed[i], status.empty() ? "failed" : "failed (" + status + ")"});
      }
      for (std::size_t i = 0; i < slow.size(); ++i)
        priors.avoid.push_back({fact.name, slow[i], i < values.size() ? "slow (" + values[i].dump() + ")" : "slow"});
    }
  }
  std::stable_sort(priors.best.begin(), priors.best.end(), [](const BestPrior& a, const BestPrior& b) {
    if (a.same_device != b.same_device) return a.same_device;
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.over_trials != b.over_trials) return a.over_trials > b.over_trials;
    return a.fact < b.fact;
  });
  return priors;
}

}  // namespace spak::knowledge
