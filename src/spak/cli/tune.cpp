// `spak tune FILE`: runs a system's engineering loop — a search over its tuning space with a strategy, every
// trial a command in its own process group, every finished trial stored (.spak/spak.db by default) — and prints
// the best configurations and the speedup over the loop's baseline.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cluster/executor_choice.h"
#include "spak/knowledge/resolve.h"
#include "spak/trace/store.h"
#include "spak/tune/plan.h"
#include "spak/tune/progress.h"
#include "spak/tune/strategy.h"
#include "spak/tune/sweep.h"
#include "spak/util/error.h"

namespace spak::cli {
namespace {

// Set by SIGINT/SIGTERM; the sweep polls it, kills its trials and leaves the run resumable.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void on_signal(int) { g_stop = true; }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

struct TuneOptions {
  std::string file, system, loop, strategy, devices, store;
  std::vector<std::string> set;
  int budget = 0, jobs = 1;
  std::uint64_t seed = 0;
  double timeout = 0;
  bool resume = false, json = false;
  std::size_t top = 5;
  cluster::ExecutorChoice executor;
  double poll_seconds = 5;
};

std::vector<std::string> split_devices(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (item.empty()) throw Error("--devices {}: empty device in the list", text);
    out.push_back(item);
  }
  return out;
}

std::filesystem::path own_directory() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : exe.parent_path();
}

}  // namespace

void add_tune_command(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<TuneOptions>();
  std::string strategies;
  for (const auto& n : tune::strategy_names()) strategies += (strategies.empty() ? "" : "|") + n;
  CLI::App* cmd = app.add_subcommand("tune", "Run an engineering loop: search the tuning space, store every trial");
  cmd->footer(
      "Each trial runs the loop's measure cmd with {{param}} holes filled (shell-quoted) and SPAK_<PARAM> set,\n"
      "in its own process group; {{spak_build}} is the directory of this spak binary, {{dsl_dir}} the DSL's.\n"
      "Statuses: ok, failed (non-zero exit), crashed (signal), timeout, invalid (bad or missing trace/metric),\n"
      "incorrect (a correctness item failed), cancelled (its SLURM task was cancelled). Only ok trials count.\n"
      "Exit: 0 done, 1 no trial succeeded, 2 bad input, 130 interrupted (continue with --resume).\n"
      "--executor slurm|ssh: docs/cluster.md.");
  cmd->add_option("file", options->file, "The .dsl file")->required();
  cmd->add_option("--system", options->system, "System to tune (default: the file's first)");
  cmd->add_option("--loop", options->loop, "Engineering loop to run (default: the system's first)");
  auto* strategy = cmd->add_option("--strategy", options->strategy,
                                   "Search strategy: " + strategies + " (default: the loop's, else bayes)");
  auto* budget = cmd->add_option("--budget", options->budget,
                                 "Trials the strategy may run, baseline not included (default: the loop's, else 50)");
  auto* seed = cmd->add_option("--seed", options->seed, "Random seed of the strategy (default 0)");
  cmd->add_option("--set", options->set, "Fix a parameter or pick a design value: name=value (repeatable)");
  auto* jobs = cmd->add_option("--jobs,-j", options->jobs, "Trials run at once (default 1, or one per --devices entry)")
                   ->check(CLI::PositiveNumber);
  cmd->add_option("--devices", options->devices,
                  "Comma list of GPU indices, one per worker, passed as CUDA_VISIBLE_DEVICES (e.g. 0,1)");
  auto* timeout = cmd->add_option("--timeout", options->timeout,
                                  "Seconds a trial may run before its process group is killed (default: the loop's "
                                  "timeout, else none)")
                      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--store", options->store, "Trace store (default: .spak/spak.db under the current directory)");
  cmd->add_flag("--resume", options->resume,
                "Continue the latest run of this system and loop; finished trials are never repeated");
  cmd->add_flag("--json", options->json, "Print one JSON object per event instead of text");
  cmd->add_option("--top", options->top, "Rows of the final table (default 5)");
  // Where trials run (docs/cluster.md).
  cluster::ExecutorChoice& ex = options->executor;
  cmd->add_option("--executor", ex.kind, "Where trials run: local (default), slurm (sbatch job arrays) or ssh")
      ->check(CLI::IsMember(cluster::executor_names()))
      ->group("Cluster");
  cmd->add_option("--partition", ex.slurm.partition, "slurm: sbatch --partition")->group("Cluster");
  cmd->add_option("--account", ex.slurm.account, "slurm: sbatch --account")->group("Cluster");
  cmd->add_option("--time", ex.slurm.time, "slurm: sbatch --time, per array task")->group("Cluster");
  cmd->add_option("--gres", ex.slurm.gres, "slurm: sbatch --gres, per array task (e.g. gpu:1)")->group("Cluster");
  cmd->add_option("--slurm-arg", ex.slurm.sbatch_args, "slurm: one more sbatch argument (repeatable)")
      ->allow_extra_args(false)->group("Cluster");
  cmd->add_option("--batch", ex.slurm.batch, "slurm: trials per array task (default 1)")
      ->check(CLI::PositiveNumber)->group("Cluster");
  cmd->add_option("--poll", options->poll_seconds, "slurm: seconds between squeue polls (default 5)")
      ->check(CLI::PositiveNumber)->group("Cluster");
  cmd->add_option("--hosts", ex.hosts, "ssh: comma list of [user@]host[:port][/gpus=0,1]")->group("Cluster");
  cmd->add_option("--hosts-file", ex.hosts_file, "ssh: a file with one host per line")->group("Cluster");
  cmd->add_option("--ssh-arg", ex.ssh_args, "ssh: one more ssh/scp argument (repeatable), e.g. -oIdentityFile=KEY")
      ->allow_extra_args(false)->group("Cluster");
  cmd->add_option("--remote-dir", ex.remote_dir,
                  "ssh: directory on the hosts for unpacked bundles (default ~/.cache/spak/bundles)")
      ->group("Cluster");
  cmd->add_option("--include", ex.include, "ssh: another file or directory for the hosts' bundle (repeatable)")
      ->allow_extra_args(false)->group("Cluster");

  cmd->callback([options, &invocation, strategy, budget, seed, jobs, timeout] {
    try {
      tune::PlanRequest request{options->file, options->system, options->loop, options->set, own_directory()};
      std::unique_ptr<tune::SweepPlan> plan = tune::SweepPlan::make(request);

      tune::SweepOptions sweep;
      if (strategy->count()) sweep.strategy = options->strategy;
      if (budget->count()) sweep.budget = options->budget;
      if (seed->count()) sweep.seed = options->seed;
      if (!options->devices.empty()) sweep.runner.devices = split_devices(options->devices);
      sweep.runner.jobs = jobs->count() || sweep.runner.devices.empty() ? options->jobs
                                                                        : static_cast<int>(sweep.runner.devices.size());
      sweep.runner.timeout_seconds = timeout->count() ? options->timeout : plan->loop_timeout();
      sweep.resume = options->resume;
      sweep.dsl_path = options->file;
      sweep.set = options->set;
      sweep.top = options->top;

      std::filesystem::path store_path =
          options->store.empty() ? trace::default_store_path() : std::filesystem::path(options->store);
      options->executor.slurm.poll = std::chrono::milliseconds(static_cast<std::int64_t>(options->poll_seconds * 1000));
      sweep.executor = cluster::make_executor(options->executor, *plan, options->file, sweep.runner, jobs->count() > 0,
                                              store_path);
      trace::Store store(store_path);
      tune::Progress::Mode mode = options->json              ? tune::Progress::Mode::Json
                                  : isatty(fileno(stdout)) ? tune::Progress::Mode::Live
                                                           : tune::Progress::Mode::Plain;
      tune::Progress progress(mode, stdout);
      install_stop_handlers();
      tune::SweepSummary summary = tune::run_sweep(*plan, sweep, store, progress, g_stop);
      invocation.exit_code = summary.interrupted ? 130 : summary.top.empty() ? 1 : 0;
    } catch (const knowledge::ResolveError& e) {
      fmt::print(stderr, "{}\n", e.what());
      invocation.exit_code = 2;
    }
  });
}

}  // namespace spak::cli
