#pragma once
// Where trials run. The sweep hands trial jobs to an executor and takes back how each ended; the executor decides
// where the processes live: here (TrialRunner, the local executor), on SLURM nodes, on SSH hosts
// (src/spak/cluster). The sweep alone writes the store, so workers never touch the SQLite file.
//
// Executors whose trials outlive `spak` (a SLURM job keeps running after the planning host's `spak` exits) keep
// what they submitted in the run's settings through ExecutorState, so `spak tune --resume` adopts those trials
// instead of running them again.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/trace/protocol.h"
#include "spak/tune/process.h"

namespace spak::tune {

/// One trial to run.
struct TrialJob {
  std::uint64_t id = 0;                   ///< the caller's handle, returned in the result
  std::string command;
  std::vector<std::pair<std::string, std::string>> env;
  nlohmann::json config = nlohmann::json::object();  ///< what it measures: kept by executors that persist jobs
  nlohmann::json design = nlohmann::json::object();
};

/// How one trial's process ended and what it printed.
struct TrialResult {
  std::uint64_t id = 0;
  std::string command;
  int slot = 0;                           ///< worker slot it ran in
  std::optional<std::string> device;      ///< the device it was pinned to
  ExitStatus exit;
  bool timed_out = false;
  double wall_seconds = 0;
  std::string started_at, finished_at;    ///< ISO 8601 UTC
  trace::ParsedOutput output;
  std::string uid;                        ///< the trial's uid when the executor fixed one (persisted jobs)
  std::string host;                       ///< where it ran when not on this machine
  /// Set when the trial never ran to its end for a reason outside it (a SLURM task cancelled, its node lost):
  /// the status and reason to record, instead of judging an exit status.
  std::optional<trace::Verdict> verdict;
};

/// The run an executor works for, and how it persists its own state in that run.
struct ExecutorState {
  std::string run_uid;
  nlohmann::json saved;                                   ///< what save() last stored for this run; null if nothing
  std::function<void(const nlohmann::json&)> save;        ///< stores the executor's state with the run
  std::function<bool(const std::string& uid)> recorded;   ///< whether a trial of this uid is in the store already
};

/// A pool of places that run trials.
class Executor {
 public:
  virtual ~Executor() = default;

  virtual bool has_free_slot() const = 0;
  virtual std::size_t running() const = 0;
  /// Takes a job (precondition: has_free_slot()).
  virtual void start(TrialJob job) = 0;
  /// Follows the running trials for up to `max_wait`, returning as soon as some have finished.
  virtual std::vector<TrialResult> wait(std::chrono::milliseconds max_wait) = 0;
  /// The sweep stops: ends what this executor can end, forgets the rest.
  virtual void stop_all() = 0;
  /// Binds the executor to its run once the run is in the store. Returns the trials an earlier `spak` submitted
  /// for that run that are not recorded yet; they are now running here, with ids from `next_id` on. An executor
  /// that keeps nothing across processes returns none.
  virtual std::vector<TrialJob> attach(ExecutorState state, std::uint64_t& next_id) = 0;
};

}  // namespace spak::tune
