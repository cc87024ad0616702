#pragma once
// The tables of a report, built from its data once and rendered by both the HTML and the Markdown writer.

#include <cstddef>
#include <vector>

#include "spak/report/report_data.h"
#include "spak/report/table.h"

namespace spak::report {

/// One row per run: strategy, loop, device, host, dates, trials by status, best objective and when it was found.
Table run_summary_table(const SystemData& system);

/// The `limit` best configurations of each run that has successful trials.
Table best_configs_table(const SystemData& system, std::size_t limit);

/// For a run with unsuccessful trials: one row per status, its count and its most common reason.
Table failures_table(const RunData& run);

/// Every case of each run's best configuration against its peer: ours, theirs and the ratio.
Table peer_table(const SystemData& system);

/// One row per version: its system, facts and rules held, and the knowledge it added, changed and removed.
Table history_table(const std::vector<VersionStep>& history);

}  // namespace spak::report
