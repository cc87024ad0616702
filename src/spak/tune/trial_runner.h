#pragma once
// Runs trial commands: up to `jobs` at once, each in its own process group, pinned to a device when devices are
// given, killed (SIGTERM to the whole group, then SIGKILL after a grace period) when it runs past the timeout.
// Output is captured within bounds while the trials run. The runner knows processes, not schemas: it reports
// how each process ended and what it printed; outcome.h turns that into a trial status.

#include <chrono>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spak/tune/executor.h"
#include "spak/tune/output_capture.h"
#include "spak/tune/process.h"

namespace spak::tune {

/// How trials are run.
struct RunnerOptions {
  int jobs = 1;                           ///< trials at once
  std::vector<std::string> devices;       ///< one per worker slot (CUDA_VISIBLE_DEVICES); empty = no pinning
  double timeout_seconds = 0;             ///< 0 = no limit
  double kill_grace_seconds = 2;          ///< between SIGTERM and SIGKILL
};

/// The local executor: a pool of worker slots running trial processes on this machine.
class TrialRunner : public Executor {
 public:
  /// Throws spak::Error when jobs < 1 or there are fewer devices than jobs.
  explicit TrialRunner(RunnerOptions options);
  ~TrialRunner() override;  ///< kills and reaps every trial still running
  TrialRunner(const TrialRunner&) = delete;
  TrialRunner& operator=(const TrialRunner&) = delete;

  bool has_free_slot() const override { return running_.size() < static_cast<std::size_t>(options_.jobs); }
  std::size_t running() const override { return running_.size(); }
  /// Starts a job in a free slot (precondition: has_free_slot()).
  void start(TrialJob job) override;
  /// Reads output and enforces timeouts for up to `max_wait`, returning as soon as some trial has finished.
  std::vector<TrialResult> wait(std::chrono::milliseconds max_wait) override;
  /// Ends every running trial (SIGTERM, grace, SIGKILL) and forgets them: they did not finish.
  void stop_all() override;
  /// Local trials die with `spak`: nothing to adopt.
  std::vector<TrialJob> attach(ExecutorState, std::uint64_t&) override { return {}; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Running {
    TrialJob job;
    int slot = 0;
    ChildProcess process;
    OutputCapture capture;
    Clock::time_point started;
    std::string started_at;
    std::optional<Clock::time_point> term_sent;   ///< when the timeout's SIGTERM went out
    std::optional<Clock::time_point> exited_at;
  };
  /// Moves finished trials out of running_; returns them.
  std::vector<TrialResult> collect();

  RunnerOptions options_;
  std::list<Running> running_;
  std::vector<bool> slot_busy_;
};

}  // namespace spak::tune
