#pragma once
// `spak tune --executor local|slurm|ssh` and its options, turned into an executor for the sweep.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "spak/cluster/slurm_executor.h"
#include "spak/tune/executor.h"
#include "spak/tune/plan.h"
#include "spak/tune/trial_runner.h"

namespace spak::cluster {

/// What the command line chose.
struct ExecutorChoice {
  std::string kind = "local";                 ///< local, slurm or ssh
  SlurmOptions slurm;                         ///< partition, account, time, gres, sbatch args, batch, poll
  std::string hosts, hosts_file;              ///< ssh: --hosts a,b / --hosts-file FILE
  std::vector<std::string> ssh_args;
  std::string remote_dir;                     ///< ssh: where bundles are unpacked on the hosts; empty = default
  std::vector<std::filesystem::path> include; ///< ssh: more files for the bundle (--include)
};

/// The names --executor accepts.
std::vector<std::string> executor_names();

/// The executor for a sweep of `plan` (null for local: the sweep's own TrialRunner). `runner` holds --jobs and
/// --timeout; `jobs_given` whether --jobs was given (slurm: trials in flight, default 8; ssh: one worker per host
/// or GPU, so --jobs is an error). `store` locates the slurm work directory (<store dir>/cluster/<run uid>).
/// Throws spak::Error for a bad choice or a host that cannot be prepared.
std::shared_ptr<tune::Executor> make_executor(const ExecutorChoice& choice, const tune::SweepPlan& plan,
                                              const std::filesystem::path& dsl_path, const tune::RunnerOptions& runner,
                                              bool jobs_given, const std::filesystem::path& store);

}  // namespace spak::cluster
