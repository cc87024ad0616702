#include "spak/report/figures.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "spak/report/escape.h"
#include "spak/report/labels.h"
#include "spak/report/loss_curve.h"
#include "spak/report/peer_comparison.h"
#include "spak/report/trial_ranking.h"
#include "spak/util/json_text.h"

namespace spak::report {
namespace {

// More distinct numeric values than this get a numeric axis; fewer read better as evenly spaced columns
// (tile sizes 64, 128, 256 would otherwise bunch up at one end).
constexpr std::size_t kMaxNumericCategories = 12;

// At most this many loss curves in one plot: more would be an unreadable tangle.
constexpr std::size_t kMaxLossCurves = 10;

const std::string& metric_of(const SystemData& system) {
  static const std::string kNone;
  return system.runs.empty() ? kNone : system.runs.front().metric;
}

trace::Direction direction_of(const SystemData& system) {
  return system.runs.empty() ? trace::Direction::Maximize : system.runs.front().direction;
}

// The x positions of one parameter's values: categories (names + index per value) or numeric.
struct ParameterAxis {
  std::vector<std::string> categories;  // empty: numeric
  std::vector<nlohmann::json> values;   // the category values, in axis order
  std::size_t distinct = 0;             // how many different values the trials used

  double position(const nlohmann::json& value) const {
    if (categories.empty()) return value.get<double>();
    return static_cast<double>(std::find(values.begin(), values.end(), value) - values.begin());
  }
};

ParameterAxis parameter_axis(const SystemData& system, const std::string& parameter) {
  std::vector<nlohmann::json> values;
  bool numeric = true;
  for (const RunData& run : system.runs) {
    for (const trace::Trial& trial : run.trials) {
      if (!trial.config.is_object() || !trial.config.contains(parameter)) continue;
      const nlohmann::json& value = trial.config[parameter];
      if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
      numeric = numeric && value.is_number();
    }
  }
  ParameterAxis axis;
  axis.distinct = values.size();
  if (numeric && values.size() > kMaxNumericCategories) return axis;
  if (numeric) {
    std::sort(values.begin(), values.end(),
              [](const nlohmann::json& a, const nlohmann::json& b) { return a.get<double>() < b.get<double>(); });
  }
  for (const nlohmann::json& value : values) axis.categories.push_back(json_text(value));
  axis.values = std::move(values);
  return axis;
}

}  // namespace

LinePlot search_progress_plot(const SystemData& system, const std::string& prefix) {
  LinePlot plot;
  plot.labels = {prefix + "-progress", fmt::format("{}: best so far by trial", system.name), "trial (in finishing order)",
                 objective_axis_label(metric_of(system), direction_of(system))};
  plot.staircase = true;
  for (const RunData& run : system.runs) {
    Series series{run.label, {}};
    for (const auto& [n, best] : best_so_far(run)) series.points.push_back({static_cast<double>(n), best, ""});
    plot.series.push_back(std::move(series));
  }
  return plot;
}

std::vector<ScatterPlot> parameter_plots(const SystemData& system, const std::string& prefix) {
  std::vector<ScatterPlot> plots;
  for (const std::string& parameter : system.parameters) {
    const ParameterAxis axis = parameter_axis(system, parameter);
    if (axis.distinct < 2) continue;  // one column says nothing; fixed_parameters lists it
    ScatterPlot plot;
    plot.labels = {prefix + "-param-" + slug(parameter), fmt::format("{}: objective vs {}", system.name, parameter),
                   parameter, objective_axis_label(metric_of(system), direction_of(system))};
    plot.x_categories = axis.categories;
    for (const RunData& run : system.runs) {
      Series series{run.label, {}};
      for (const trace::Trial& trial : run.trials) {
        if (trial.status != trace::Status::Ok || !trial.objective || !trial.config.is_object() ||
            !trial.config.contains(parameter)) {
          continue;
        }
        series.points.push_back({axis.position(trial.config[parameter]), *trial.objective,
                                 fmt::format("trial {} ({}): {} → {}", trial.id, run.label, config_text(trial.config),
                                             format_value(*trial.objective))});
      }
      plot.series.push_back(std::move(series));
    }
    plots.push_back(std::move(plot));
  }
  return plots;
}

std::vector<std::string> fixed_parameters(const SystemData& system) {
  std::vector<std::string> fixed;
  for (const std::string& parameter : system.parameters) {
    const ParameterAxis axis = parameter_axis(system, parameter);
    if (axis.distinct == 1) fixed.push_back(parameter + "=" + axis.categories.front());
  }
  return fixed;
}

std::optional<BarPlot> peer_plot(const SystemData& system, const std::string& prefix) {
  std::vector<std::pair<const RunData*, PeerComparison>> all;
  std::set<std::string> peers, steps;
  for (const RunData& run : system.runs) {
    for (PeerComparison& c : peer_comparisons(run)) {
      peers.insert(c.peer);
      steps.insert(c.step);
      all.emplace_back(&run, std::move(c));
    }
  }
  if (all.empty()) return std::nullopt;
  BarPlot plot;
  std::string peer_names;
  for (const std::string& peer : peers) peer_names += (peer_names.empty() ? "" : " / ") + peer;
  const std::string unit = all.front().second.unit;
  plot.labels = {prefix + "-peer", fmt::format("{}: best configuration vs {}", system.name, peer_names), "",
                 unit.empty() ? "ours (higher is better)" : fmt::format("{} (higher is better)", unit)};
  plot.value_name = "ours, best config";
  plot.reference_name = peer_names;
  for (const auto& [run, c] : all) {
    const std::string label = steps.size() > 1 && !c.step.empty() ? c.step + " " + c.case_label : c.case_label;
    plot.bars.push_back({label, c.ours, c.theirs,
                         fmt::format("{} {}: ours {} {}, {} {} {} ({:.1f}%)", run->label, c.case_label,
                                     format_value(c.ours), c.unit, c.peer, format_value(c.theirs), c.unit,
                                     c.theirs > 0 ? 100 * c.ours / c.theirs : 0.0)});
  }
  return plot;
}

std::optional<LinePlot> loss_plot(const SystemData& system, const std::string& prefix) {
  LinePlot plot;
  plot.labels = {prefix + "-loss", fmt::format("{}: training loss", system.name), "step", "loss (lower is better)"};
  for (const RunData& run : system.runs) {
    for (LossCurve& curve : loss_curves(run)) {
      if (plot.series.size() == kMaxLossCurves) break;
      Series series{system.runs.size() > 1 ? run.label + " " + curve.label : curve.label, {}};
      for (const auto& [step, loss] : curve.points) series.points.push_back({step, loss, ""});
      plot.series.push_back(std::move(series));
    }
  }
  if (plot.series.empty()) return std::nullopt;
  return plot;
}

LinePlot knowledge_growth_plot(const std::vector<VersionStep>& history) {
  LinePlot plot;
  plot.labels = {"history-growth", "Knowledge held by each version", "version", "items (facts, rules)"};
  plot.markers = true;
  plot.y_from_zero = true;
  Series facts{"facts", {}}, rules{"rules", {}};
  for (std::size_t i = 0; i < history.size(); ++i) {
    const VersionStep& step = history[i];
    plot.x_categories.push_back(std::filesystem::path(step.file).filename().string());
    const double x = static_cast<double>(i);
    facts.points.push_back({x, static_cast<double>(step.facts), fmt::format("{}: {} facts", step.file, step.facts)});
    rules.points.push_back({x, static_cast<double>(step.rules), fmt::format("{}: {} rules", step.file, step.rules)});
  }
  plot.series = {std::move(facts), std::move(rules)};
  return plot;
}

}  // namespace spak::report
