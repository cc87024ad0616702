#pragma once
// What `spak compound` learns from: the trials of a system's sweeps grouped by (device, problem), best first,
// plus the insights of the store. A problem is what stays fixed while a sweep searches: the design choices in
// force, the run's `problem` setting when the tuner recorded one, and every parameter that kept one value
// through a run of several trials (m, n, k or a thread count pinned with --set). The rest is the configuration.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/trace/store.h"

namespace spak::knowledge {

/// One evaluated configuration, reduced to what compound needs.
struct Observed {
  std::int64_t run_id = 0;
  std::int64_t trial_id = 0;
  std::string trial_uid;
  nlohmann::json config = nlohmann::json::object();   ///< the searched parameters only
  trace::Status status = trace::Status::Ok;
  std::string reason;                                 ///< why it is not ok
  std::optional<double> objective;                    ///< ok trials only
  nlohmann::json metrics = nlohmann::json::object();  ///< numeric fields of its Performance-like trace items
  std::optional<double> peer_ratio;                   ///< `peer_ratio`, `ratio` or `speedup` when printed
};

/// The trials of one (device, problem), ok ones ordered best first.
struct Group {
  std::string device;
  nlohmann::json problem = nlohmann::json::object();
  std::string metric;                                 ///< e.g. "gflops"; empty when no run said
  trace::Direction direction = trace::Direction::Maximize;
  std::vector<Observed> ok;                           ///< best first; ties keep trial order
  std::vector<Observed> not_ok;                       ///< failed, crashed, timed out, invalid, incorrect
  std::vector<std::int64_t> runs;                     ///< run ids it draws on, ascending
  std::string commit;                                 ///< the code version the runs measured, when recorded

  /// True when `a` is a better objective than `b` in this group's direction.
  bool better(double a, double b) const;
};

/// Everything one compound step draws on.
struct Evidence {
  std::string store;                                  ///< the store's path as the user named it
  std::vector<Group> groups;                          ///< ordered by device, then problem text
  std::vector<trace::Insight> insights;
};

/// Defaults for what a run does not record about itself.
struct EvidenceOptions {
  std::string system;                                 ///< only runs of this system (empty: every run)
  std::string metric;                                 ///< metric name when a run's settings have none
  trace::Direction direction = trace::Direction::Maximize;  ///< when a run's settings have no objective
};

/// Reads the runs, trials and insights of `store`. Throws spak::Error when `options.system` is set and the
/// store has no run of it (naming the systems it does have).
Evidence gather_evidence(trace::Store& store, const std::string& store_label, const EvidenceOptions& options);

}  // namespace spak::knowledge
