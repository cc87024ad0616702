#include "spak/knowledge/compound_evidence.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "spak/util/error.h"

namespace spak::knowledge {
namespace {
using nlohmann::json;

std::string device_name(const json& device, const std::string& host) {
  if (device.is_string() && !device.get<std::string>().empty()) return device.get<std::string>();
  if (device.is_object())
    for (const char* key : {"name", "gpu", "cpu", "model"})
      if (device.contains(key) && device[key].is_string() && !device[key].get<std::string>().empty())
        return device[key].get<std::string>();
  return host.empty() ? "unknown" : host;
}

/// Parameters that kept one value through every trial of a run with two or more trials.
std::set<std::string> fixed_parameters(const std::vector<trace::Trial>& trials) {
  std::set<std::string> fixed;
  if (trials.size() < 2) return fixed;
  for (auto& [key, value] : trials.front().config.items()) {
    bool same = true;
    for (const trace::Trial& t : trials) same = same && t.config.contains(key) && t.config[key] == value;
    if (same) fixed.insert(key);
  }
  return fixed;
}

/// Numeric fields of the trace items that carry the metric (or are Performance items when no metric is known).
json metrics_of(const trace::Trial& t, const std::string& metric, const json& problem) {
  json out = json::object();
  for (const json& item : t.items) {
    if (!item.is_object()) continue;
    const bool carries = metric.empty() ? item.value("type", "") == "Performance" : item.contains(metric);
    if (!carries) continue;
    for (auto& [key, value] : item.items())
      if (value.is_number() && !problem.contains(key) && key != "threads" && !out.contains(key)) out[key] = value;
  }
  return out;
}

std::optional<double> peer_ratio_of(const json& metrics) {
  for (const char* key : {"peer_ratio", "ratio", "speedup"})
    if (metrics.contains(key)) return metrics[key].get<double>();
  return std::nullopt;
}

}  // namespace

bool Group::better(double a, double b) const { return direction == trace::Direction::Maximize ? a > b : a < b; }

Evidence gather_evidence(trace::Store& store, const std::string& store_label, const EvidenceOptions& options) {
  Evidence evidence;
  evidence.store = store_label;
  std::map<std::string, Group> groups;  // by "device\nproblem"
  std::set<std::int64_t> used_runs;
  std::set<std::string> other_systems;

  for (const trace::RunSummary& summary : store.runs()) {
    const trace::Run& run = summary.run;
    if (!options.system.empty() && run.system != options.system) {
      other_systems.insert(run.system);
      continue;
    }
    used_runs.insert(run.id);
    const std::vector<trace::Trial> trials = store.trials(run.id);
    const std::set<std::string> fixed = fixed_parameters(trials);
    const std::string metric = run.settings.value("metric", options.metric);
    trace::Direction direction = options.direction;
    if (run.settings.contains("objective") && run.settings["objective"].is_string())
      direction = run.settings["objective"] == "minimize" ? trace::Direction::Minimize : trace::Direction::Maximize;
    std::string commit;
    if (run.settings.contains("commit") && run.settings["commit"].is_string()) commit = run.settings["commit"];
    // `spak tune` records whether the tree had uncommitted changes; such a run measured no commit exactly.
    if (!commit.empty() && run.settings.value("commit_dirty", false)) commit += "-dirty";

    for (const trace::Trial& t : trials) {
      json problem = run.settings.contains("problem") && run.settings["problem"].is_object()
                         ? run.settings["problem"]
                         : json::object();
      if (t.design.is_object()) problem.update(t.design);
      Observed o;
      o.run_id = run.id;
      o.trial_id = t.id;
      o.trial_uid = t.uid;
      for (auto& [key, value] : t.config.items()) {
        if (fixed.count(key)) problem[key] = value;
        else o.config[key] = value;
      }
      o.status = t.status;
      o.reason = t.reason;
      if (t.status == trace::Status::Ok) o.objective = t.objective;
      o.metrics = metrics_of(t, metric, problem);
      o.peer_ratio = peer_ratio_of(o.metrics);

      const std::string device = device_name(t.device.empty() ? run.device : t.device, t.host.empty() ? run.host : t.host);
      Group& g = groups[device + "\n" + problem.dump()];
      if (g.runs.empty() || g.runs.back() != run.id) {
        g.device = device;
        g.problem = problem;
        g.metric = metric;
        g.direction = direction;
        if (!commit.empty()) g.commit = commit;
        g.runs.push_back(run.id);
      }
      (o.status == trace::Status::Ok && o.objective ? g.ok : g.not_ok).push_back(std::move(o));
    }
  }
  if (!options.system.empty() && used_runs.empty()) {
    std::string others;
    for (const std::string& s : other_systems) others += (others.empty() ? "" : ", ") + s;
    throw Error("{}: no runs of system `{}`{}", store_label, options.system,
                others.empty() ? " (the store has no runs)" : " (it has runs of: " + others + ")");
  }

  for (auto& [key, g] : groups) {
    std::stable_sort(g.ok.begin(), g.ok.end(),
                     [&g](const Observed& a, const Observed& b) { return g.better(*a.objective, *b.objective); });
    std::sort(g.runs.begin(), g.runs.end());
    g.runs.erase(std::unique(g.runs.begin(), g.runs.end()), g.runs.end());
    evidence.groups.push_back(std::move(g));
  }
  for (trace::Insight& insight : store.insights())
    if (!insight.run_id || used_runs.count(*insight.run_id)) evidence.insights.push_back(std::move(insight));
  return evidence;
}

}  // namespace spak::knowledge
