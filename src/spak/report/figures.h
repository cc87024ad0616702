#pragma once
// The plots of a report, as plot descriptions built from its data: search progress per strategy, the objective
// against each tuning parameter, the best configuration against the peer, training loss, and the growth of a
// system's knowledge over its versions. Ids are unique within a page: `prefix` tells systems apart.

#include <optional>
#include <string>
#include <vector>

#include "spak/report/bar_plot.h"
#include "spak/report/line_plot.h"
#include "spak/report/report_data.h"
#include "spak/report/scatter.h"

namespace spak::report {

/// Best objective so far against trial number, one staircase per run (id PREFIX-progress).
LinePlot search_progress_plot(const SystemData& system, const std::string& prefix);

/// The objective of every successful trial against each tuning parameter, a colour per run
/// (ids PREFIX-param-NAME), for parameters that took two values or more. Parameters with few values, or text
/// values, get one column per value.
std::vector<ScatterPlot> parameter_plots(const SystemData& system, const std::string& prefix);

/// The parameters every trial of the system ran with one value, as "name=value" (no scatter is drawn for them).
std::vector<std::string> fixed_parameters(const SystemData& system);

/// Each run's best configuration against the peer, one bar per case (id PREFIX-peer); none without peer fields.
std::optional<BarPlot> peer_plot(const SystemData& system, const std::string& prefix);

/// Loss against step for the training trials (id PREFIX-loss); none when no trial printed Loss items.
std::optional<LinePlot> loss_plot(const SystemData& system, const std::string& prefix);

/// Facts and rules held by each version (id history-growth).
LinePlot knowledge_growth_plot(const std::vector<VersionStep>& history);

}  // namespace spak::report
