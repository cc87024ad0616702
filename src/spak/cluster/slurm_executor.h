#pragma once
// The SLURM executor of `spak tune --executor slurm`: trials go to the cluster as job arrays (`sbatch --array`,
// one array task per batch of trials), are followed with `squeue` (then `sacct` once squeue has forgotten a
// job), and come back as files in a work directory the nodes share with the planning host: per trial its output
// (the __SPAK_TRACE__ lines and the log) and a one-line result (exit status, node, times). A trial whose task
// the scheduler ended first (cancelled, time limit, node failure) gets the status slurm_state.h gives it.
//
// The submitted jobs and their trials are kept in the run's settings (ExecutorState), so an interrupted
// `spak tune` leaves them running and `spak tune --resume` collects them. Nodes never write the store.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/tune/executor.h"

namespace spak::cluster {

/// How trials are submitted.
struct SlurmOptions {
  std::string partition, account, time, gres;   ///< sbatch --partition/--account/--time/--gres when not empty
  std::vector<std::string> sbatch_args;          ///< more sbatch arguments, passed as they are (--slurm-arg)
  int batch = 1;                                 ///< trials per array task, run one after another
  int in_flight = 8;                             ///< trials submitted and not yet back, at most
  double timeout_seconds = 0;                    ///< per trial, enforced in the task with timeout(1); 0 = none
  std::chrono::milliseconds poll{5000};          ///< squeue at most this often
  std::filesystem::path work_root;               ///< <work_root>/<run uid>/ holds scripts and results; shared
  std::filesystem::path trial_dir;               ///< the trials' current directory (sbatch --chdir)
  std::string job_name = "spak";
};

class SlurmExecutor : public tune::Executor {
 public:
  explicit SlurmExecutor(SlurmOptions options);

  bool has_free_slot() const override;
  std::size_t running() const override { return pending_.size() + outstanding_.size(); }
  void start(tune::TrialJob job) override;
  std::vector<tune::TrialResult> wait(std::chrono::milliseconds max_wait) override;
  /// Leaves submitted jobs running (`--resume` collects them); forgets trials not submitted yet.
  void stop_all() override;
  std::vector<tune::TrialJob> attach(tune::ExecutorState state, std::uint64_t& next_id) override;

 private:
  using Clock = std::chrono::steady_clock;
  /// A submitted trial.
  struct Outstanding {
    tune::TrialJob job;
    std::string uid, job_id;
    int task = 0;
  };
  void submit();
  void save();
  /// The state of every array task of `job_ids` that squeue or sacct knows, keyed "JOB_TASK"; jobs neither
  /// knows are listed in `unknown`.
  std::map<std::string, std::string> task_states(const std::vector<std::string>& job_ids,
                                                 std::vector<std::string>& unknown) const;
  std::optional<tune::TrialResult> collect(const Outstanding& trial, const std::map<std::string, std::string>& states,
                                           const std::vector<std::string>& unknown) const;
  std::filesystem::path trial_file(const std::string& uid, const char* extension) const;

  SlurmOptions options_;
  tune::ExecutorState state_;
  std::filesystem::path dir_;
  std::vector<tune::TrialJob> pending_;          ///< started, submitted at the next wait()
  std::vector<Outstanding> outstanding_;
  nlohmann::json jobs_ = nlohmann::json::array(); ///< what is persisted: [{id, script, trials: [...]}]
  int next_script_ = 0;
  std::optional<Clock::time_point> last_poll_;
};

}  // namespace spak::cluster
