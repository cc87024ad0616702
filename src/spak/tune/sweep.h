#pragma once
// One sweep of an engineering loop: the strategy proposes configurations, the runner runs them, every finished
// trial goes to the store in its own transaction and back to the strategy, and progress is reported as it goes.
// `resume` continues the latest run of the same system and loop: its finished trials are replayed into the
// strategy (never run again) and count toward the budget. The loop's baseline configuration runs once per run,
// outside the budget, so the best configuration's speedup can be stated.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spak/trace/store.h"
#include "spak/tune/executor.h"
#include "spak/tune/plan.h"
#include "spak/tune/trial_runner.h"

namespace spak::tune {

class Progress;

/// How to sweep. Unset fields fall back to the resumed run's settings, then to the loop's, then to defaults.
struct SweepOptions {
  std::optional<std::string> strategy;       ///< default: the loop's `strategy`, else bayes
  std::optional<int> budget;                 ///< default: the loop's `budget`, else 50
  std::optional<std::uint64_t> seed;         ///< default 0
  RunnerOptions runner;
  std::shared_ptr<Executor> executor;        ///< where trials run; null = this machine (TrialRunner of `runner`)
  bool resume = false;
  std::string dsl_path;                      ///< as given on the command line, for the run record
  std::vector<std::string> set;              ///< the --set arguments, for the run record
  std::size_t top = 5;                       ///< rows of the final table
};

/// What a sweep ended with.
struct SweepSummary {
  trace::Run run;
  int resumed = 0;                           ///< trials found finished in the store at the start
  int ran = 0;                               ///< trials run by this invocation
  std::map<trace::Status, int> counts;       ///< over the whole run
  std::vector<trace::Trial> top;             ///< best Ok trials, best first
  std::optional<trace::Trial> baseline;      ///< the baseline trial (any status), when the loop has a baseline
  std::string baseline_note;                 ///< why there is no baseline trial or no speedup, else empty
  std::optional<double> speedup;             ///< best over baseline (time ratio inverted for minimize)
  bool interrupted = false;                  ///< stopped by a signal; `--resume` continues it
  bool exhausted = false;                    ///< the strategy ran out of configurations before the budget
};

/// Runs the sweep. `stop` is polled; when it becomes true, running trials are killed (not recorded) and the
/// summary says interrupted. Throws spak::Error for store failures and for `resume` with no run to resume.
SweepSummary run_sweep(const SweepPlan& plan, const SweepOptions& options, trace::Store& store, Progress& progress,
                       const std::atomic<bool>& stop);

}  // namespace spak::tune
