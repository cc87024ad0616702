#include "spak/report/report_tables.h"

#include <map>

#include <fmt/format.h>

#include "spak/report/labels.h"
#include "spak/report/peer_comparison.h"
#include "spak/report/trial_ranking.h"
#include "spak/util/json_text.h"

namespace spak::report {
namespace {

std::string counts_text(const std::map<trace::Status, int>& counts) {
  std::string text;
  for (trace::Status status : trace::kAllStatuses) {
    auto it = counts.find(status);
    if (it == counts.end()) continue;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", trace::to_string(status), it->second);
  }
  return text.empty() ? "none" : text;
}

std::string device_text(const trace::Run& run) {
  if (run.device.is_object() && run.device.contains("name")) return json_text(run.device["name"]);
  return "-";
}

std::string names_of(const std::vector<knowledge::Change>& changes, knowledge::Change::Kind kind) {
  std::string text;
  for (const knowledge::Change& c : changes) {
    if (c.kind != kind) continue;
    if (!text.empty()) text += ", ";
    // "rules" → "rule": the changes of all knowledge sections share one cell.
    text += (c.section.ends_with("s") ? c.section.substr(0, c.section.size() - 1) : c.section) + " " + c.name;
  }
  return text.empty() ? "-" : text;
}

}  // namespace

Table run_summary_table(const SystemData& system) {
  Table table{"runs",
              {"run", "loop", "device", "host", "started", "finished", "trials", "by status", "best", "at trial"},
              {},
              {6, 8, 9}};
  for (const RunData& run : system.runs) {
    const trace::Run& r = run.summary.run;
    std::string best = "-", at = "-";
    const auto curve = best_so_far(run);
    if (!curve.empty()) {
      best = format_value(curve.back().second);
      for (const auto& [n, value] : curve) {
        if (value == curve.back().second) {
          at = std::to_string(n);
          break;
        }
      }
    }
    table.rows.push_back({run.label, r.loop, device_text(r), r.host.empty() ? "-" : r.host, short_date(r.started_at),
                          r.finished_at.empty() ? "unfinished" : short_date(r.finished_at),
                          std::to_string(run.summary.total()), counts_text(run.summary.counts), best, at});
  }
  return table;
}

Table best_configs_table(const SystemData& system, std::size_t limit) {
  Table table{"best-configs", {"run", "rank", "trial", "objective", "configuration", "wall s"}, {}, {1, 2, 3, 5}};
  for (const RunData& run : system.runs) {
    int rank = 0;
    for (const trace::Trial* trial : ranked_trials(run, limit)) {
      table.rows.push_back({run.label, std::to_string(++rank), std::to_string(trial->id),
                            format_value(*trial->objective), config_text(trial->config),
                            fmt::format("{:.2f}", trial->wall_seconds)});
    }
  }
  if (!system.runs.empty()) table.header[3] = system.runs.front().metric.empty() ? "objective" : system.runs.front().metric;
  return table;
}

Table failures_table(const RunData& run) {
  Table table{"failures", {"status", "trials", "most common reason"}, {}, {1}};
  std::map<trace::Status, std::map<std::string, int>> reasons;
  for (const trace::Trial& trial : run.trials) {
    if (trial.status != trace::Status::Ok) ++reasons[trial.status][trial.reason.empty() ? "(no reason given)" : trial.reason];
  }
  for (const auto& [status, by_reason] : reasons) {
    int count = 0;
    std::pair<std::string, int> common{"", 0};
    for (const auto& [reason, n] : by_reason) {
      count += n;
      if (n > common.second) common = {reason, n};
    }
    table.rows.push_back({std::string(trace::to_string(status)), std::to_string(count), common.first});
  }
  return table;
}

Table peer_table(const SystemData& system) {
  Table table{"peer", {"run", "case", "step", "ours", "peer", "peer value", "ours / peer"}, {}, {3, 5, 6}};
  for (const RunData& run : system.runs) {
    for (const PeerComparison& c : peer_comparisons(run)) {
      table.rows.push_back({run.label, c.case_label, c.step.empty() ? "-" : c.step,
                            fmt::format("{} {}", format_value(c.ours), c.unit), c.peer,
                            fmt::format("{} {}", format_value(c.theirs), c.unit),
                            c.theirs > 0 ? fmt::format("{:.3f}", c.ours / c.theirs) : "-"});
    }
  }
  return table;
}

Table history_table(const std::vector<VersionStep>& history) {
  Table table{"history", {"version", "system", "title", "facts", "rules", "added", "changed", "removed"}, {}, {3, 4}};
  for (const VersionStep& step : history) {
    table.rows.push_back({step.file, step.system, step.title.empty() ? "-" : step.title, std::to_string(step.facts),
                          std::to_string(step.rules), names_of(step.changes, knowledge::Change::Kind::Added),
                          names_of(step.changes, knowledge::Change::Kind::Changed),
                          names_of(step.changes, knowledge::Change::Kind::Removed)});
  }
  return table;
}

}  // namespace spak::report
