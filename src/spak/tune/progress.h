#pragma once
// Progress of a sweep as the user sees it: on a terminal, one line per finished trial plus a live status line
// (done/total, running, failures, best so far with its config, ETA); otherwise plain log lines; with --json,
// one JSON object per event and nothing else on the stream. At the end, a table of the top configurations and
// the best one's speedup over the baseline.

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "spak/trace/store.h"

namespace spak::tune {

struct SweepSummary;

/// Counters the live line shows, kept by the sweep.
struct ProgressState {
  int done = 0;                    ///< finished trials of the run (resumed ones included)
  int total = 0;                   ///< trials planned (budget, plus the baseline when it still has to run)
  int running = 0;
  int failures = 0;                ///< finished trials that are not Ok
  int done_here = 0;               ///< finished by this invocation (for the ETA)
  std::optional<trace::Trial> best;
};

/// What a sweep says before its first trial.
struct SweepStart {
  trace::Run run;
  double space_total = 0, space_valid = 0;
  bool space_exact = true;
  int budget = 0;
  int resumed = 0;
  std::string strategy;
  std::string metric;
  trace::Direction direction = trace::Direction::Maximize;
};

/// Reports sweep events in one of three forms.
class Progress {
 public:
  enum class Mode { Live, Plain, Json };
  Progress(Mode mode, std::FILE* out);

  void begin(const SweepStart& start);
  void note(const std::string& text);
  /// A configuration that will not run (an invariant or constraint rejects it).
  void skipped(const nlohmann::json& config, const std::string& reason);
  void finished(const trace::Trial& trial, bool baseline, const ProgressState& state);
  /// Redraws the live line (only in Live mode, at most a few times a second).
  void tick(const ProgressState& state);
  void end(const SweepSummary& summary);

 private:
  void clear_live();
  std::string best_text(const ProgressState& state) const;
  void emit(const nlohmann::json& event);

  Mode mode_;
  std::FILE* out_;
  std::string metric_;
  trace::Direction direction_ = trace::Direction::Maximize;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn_{};
  bool live_shown_ = false;
};

}  // namespace spak::tune
