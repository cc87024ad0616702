#include "spak/report/markdown_report.h"

#include <fmt/format.h>

#include "spak/report/loss_curve.h"
#include "spak/report/report_tables.h"

namespace spak::report {
namespace {

constexpr std::size_t kBestConfigsPerRun = 5;

void system_section(std::string& out, const SystemData& system) {
  out += fmt::format("\n## System {}\n\n### Runs\n\n{}", system.name, markdown_table(run_summary_table(system)));
  bool any_success = false;
  for (const RunData& run : system.runs) {
    any_success = any_success || run.best.has_value();
    if (run.summary.total() == 0) {
      out += fmt::format("\n> Run {} has no trials yet.\n", run.label);
    } else if (!run.best) {
      out += fmt::format("\n> No trial of run {} succeeded, so it has no best configuration. Why its trials "
                         "failed:\n\n{}",
                         run.label, markdown_table(failures_table(run)));
    }
  }
  if (!any_success) return;
  out += "\n### Best configurations\n\n" + markdown_table(best_configs_table(system, kBestConfigsPerRun));
  const Table peers = peer_table(system);
  if (!peers.rows.empty()) out += "\n### Against the peer\n\n" + markdown_table(peers);
  for (const RunData& run : system.runs) {
    for (const LossCurve& curve : loss_curves(run)) {
      out += fmt::format("\n- loss, run {} {}: {:.4g} at step {:g} → {:.4g} at step {:g}", run.label, curve.label,
                         curve.points.front().second, curve.points.front().first, curve.points.back().second,
                         curve.points.back().first);
    }
  }
}

}  // namespace

std::string render_markdown(const ReportData& report) {
  int runs = 0, trials = 0;
  for (const SystemData& system : report.systems) {
    for (const RunData& run : system.runs) ++runs, trials += run.summary.total();
  }
  std::string out = fmt::format("# SPAK report\n\nStore `{}` · {} run{}, {} trial{} · generated {}. Plots: "
                                "`spak report --format html`.\n",
                                report.store_path, runs, runs == 1 ? "" : "s", trials, trials == 1 ? "" : "s",
                                report.generated_at);
  if (report.systems.empty()) {
    out += "\n> This store holds no runs yet. Run `spak tune FILE.dsl` or `spak trace import FILE`, then "
           "`spak report` again.\n";
  }
  for (const SystemData& system : report.systems) system_section(out, system);
  if (!report.history.empty()) out += "\n## Compound history\n\n" + markdown_table(history_table(report.history));
  return out;
}

}  // namespace spak::report
