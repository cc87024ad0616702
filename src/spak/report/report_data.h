#pragma once
// What a report is made of, read from a trace store: the chosen runs with their trials, grouped by system, and
// (when .dsl versions are given) the compound history. Everything the HTML and Markdown renderers show is
// derived from this, so both formats tell the same story.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spak/report/compound_history.h"
#include "spak/trace/store.h"

namespace spak::report {

/// One run with its trials and what its objective was.
struct RunData {
  trace::RunSummary summary;
  std::vector<trace::Trial> trials;          ///< in the order they finished
  std::string metric;                        ///< the objective's trace field, "Performance.ratio"; empty = unknown
  trace::Direction direction = trace::Direction::Maximize;
  std::optional<trace::Trial> best;          ///< the best Ok trial; none when no trial succeeded
  std::string label;                         ///< "#3 grid", "#3 shape=2048x2048x2048": tells the runs apart
};

/// The runs of one system, oldest first.
struct SystemData {
  std::string name;
  std::vector<RunData> runs;
  std::vector<std::string> parameters;       ///< every tuning parameter its trials set, in first-seen order
};

/// Everything one report shows.
struct ReportData {
  std::string store_path;
  std::string generated_at;                  ///< ISO 8601 UTC
  std::vector<SystemData> systems;           ///< in the order of their first run
  std::vector<VersionStep> history;          ///< the compound history; empty when no .dsl versions were given
};

/// Reads the runs `run_ids` (all when empty) of `store`. Throws spak::Error naming an id the store lacks.
ReportData load_report(trace::Store& store, const std::vector<std::int64_t>& run_ids);

}  // namespace spak::report
