#include "spak/report/report_data.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>

#include "spak/util/error.h"
#include "spak/util/json_text.h"

namespace spak::report {
namespace {

// "#3" plus what tells the system's runs apart: the strategy and loop when they differ, the design choices that
// differ. Six grid runs over six GEMM shapes read "#1 shape=4096x4096x4096" …; one run alone reads "#1 grid".
void label_runs(SystemData& system) {
  std::map<std::string, std::set<std::string>> design_values;
  std::set<std::string> loops, strategies;
  for (const RunData& run : system.runs) {
    loops.insert(run.summary.run.loop);
    strategies.insert(run.summary.run.strategy);
    const nlohmann::json& design = run.summary.run.settings.value("design", nlohmann::json::object());
    if (!design.is_object()) continue;
    for (const auto& [key, value] : design.items()) {
      design_values[key].insert(json_text(value));
    }
  }
  bool designs_differ = false;
  for (const auto& [key, values] : design_values) designs_differ = designs_differ || values.size() > 1;
  for (RunData& run : system.runs) {
    const trace::Run& r = run.summary.run;
    run.label = fmt::format("#{}", r.id);
    if (strategies.size() > 1 || !designs_differ) run.label += " " + r.strategy;
    if (loops.size() > 1) run.label += " " + r.loop;
    const nlohmann::json& design = r.settings.value("design", nlohmann::json::object());
    if (!design.is_object()) continue;
    for (const auto& [key, values] : design_values) {
      if (values.size() < 2 || !design.contains(key)) continue;
      const nlohmann::json& value = design[key];
      run.label += fmt::format(" {}={}", key, json_text(value));
    }
  }
}

RunData load_run(trace::Store& store, const trace::RunSummary& summary) {
  RunData run;
  run.summary = summary;
  run.trials = store.trials(summary.run.id);
  const nlohmann::json& settings = summary.run.settings;
  if (settings.contains("metric") && settings["metric"].is_string()) run.metric = settings["metric"];
  if (settings.value("objective", std::string("maximize")) == "minimize") run.direction = trace::Direction::Minimize;
  run.best = store.best_trial(summary.run.id, run.direction);
  return run;
}

}  // namespace

ReportData load_report(trace::Store& store, const std::vector<std::int64_t>& run_ids) {
  ReportData report;
  report.store_path = store.path().string();
  report.generated_at = trace::now_iso8601();

  std::vector<trace::RunSummary> summaries = store.runs();
  for (std::int64_t id : run_ids) {
    const bool known = std::any_of(summaries.begin(), summaries.end(),
                                   [id](const trace::RunSummary& s) { return s.run.id == id; });
    if (!known) throw Error("no run {} in {} (`spak trace list` shows its runs)", id, report.store_path);
  }

  for (const trace::RunSummary& summary : summaries) {
    if (!run_ids.empty() && std::find(run_ids.begin(), run_ids.end(), summary.run.id) == run_ids.end()) continue;
    auto system = std::find_if(report.systems.begin(), report.systems.end(),
                               [&](const SystemData& s) { return s.name == summary.run.system; });
    if (system == report.systems.end()) {
      report.systems.push_back({summary.run.system, {}, {}});
      system = std::prev(report.systems.end());
    }
    system->runs.push_back(load_run(store, summary));
    for (const trace::Trial& trial : system->runs.back().trials) {
      if (!trial.config.is_object()) continue;
      for (const auto& [key, value] : trial.config.items()) {
        if (std::find(system->parameters.begin(), system->parameters.end(), key) == system->parameters.end()) {
          system->parameters.push_back(key);
        }
      }
    }
  }
  for (SystemData& system : report.systems) label_runs(system);
  return report;
}

}  // namespace spak::report
