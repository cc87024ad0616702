// `spak run-bundle run.tar.gz [--out DIR]`: on a GPU node, checks a bundle against its manifest, unpacks it, runs
// its sweep here (the local executor, a store of its own in DIR/.spak/spak.db) and writes the traces as
// DIR/traces.jsonl, which `spak trace import` on the planning host merges into the real store.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cluster/bundle.h"
#include "spak/knowledge/resolve.h"
#include "spak/trace/export.h"
#include "spak/trace/store.h"
#include "spak/tune/plan.h"
#include "spak/tune/progress.h"
#include "spak/tune/sweep.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cli {
namespace {

namespace fs = std::filesystem;

struct RunBundleOptions {
  std::string bundle, out, devices;
  int jobs = 1, budget = 0;
  double timeout = 0;
  bool resume = false, json = false;
};

}  // namespace

void add_run_bundle_command(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<RunBundleOptions>();
  CLI::App* cmd = app.add_subcommand("run-bundle", "Run a bundle's sweep on this machine and write its traces");
  cmd->footer(
      "Checks every file against the manifest (a changed, missing or added file is an error), unpacks into\n"
      "--out, runs the trials there with that directory as the current one, and writes DIR/traces.jsonl for\n"
      "`spak trace import` on the planning host. Exit: 0 done, 1 no trial succeeded, 2 bad bundle or input.");
  cmd->add_option("bundle", options->bundle, "The .tar.gz from spak bundle")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", options->out, "Directory to unpack and run in (default: the bundle's name without .tar.gz)");
  auto* jobs = cmd->add_option("--jobs,-j", options->jobs, "Trials run at once")->check(CLI::PositiveNumber);
  cmd->add_option("--devices", options->devices, "Comma list of GPU indices, one per worker");
  auto* budget = cmd->add_option("--budget", options->budget, "Trials (default: the bundle's)")->check(CLI::PositiveNumber);
  auto* timeout = cmd->add_option("--timeout", options->timeout, "Seconds a trial may run (default: the loop's)")
                      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--resume", options->resume, "Continue the sweep a killed run-bundle left in --out");
  cmd->add_flag("--json", options->json, "Print one JSON object per event instead of text");

  cmd->callback([options, &invocation, jobs, budget, timeout] {
    try {
      cluster::Bundle bundle = cluster::read_bundle(options->bundle);
      fs::path out = options->out;
      if (out.empty()) {
        std::string name = fs::path(options->bundle).filename().string();
        for (const char* ext : {".tar.gz", ".tgz"})
          if (name.size() > std::string(ext).size() && name.ends_with(ext)) name.resize(name.size() - std::string(ext).size());
        out = name;
      }
      out = fs::absolute(out);
      cluster::extract_bundle(bundle, out);
      std::error_code ec;
      std::filesystem::path exe = fs::read_symlink("/proc/self/exe", ec);
      fs::path spak_build = ec ? fs::current_path() : exe.parent_path();
      // Trials run in the bundle's root, as the measure command's relative paths expect.
      fs::current_path(out);

      const nlohmann::json& tune = bundle.manifest["tune"];
      std::vector<std::string> set = tune.value("set", std::vector<std::string>{});
      auto plan = tune::SweepPlan::make({bundle.manifest.value("dsl", ""), bundle.manifest.value("system", ""),
                                         bundle.manifest.value("loop", ""), set, spak_build});
      tune::SweepOptions sweep;
      if (tune.contains("strategy")) sweep.strategy = tune["strategy"].get<std::string>();
      if (tune.contains("budget")) sweep.budget = tune["budget"].get<int>();
      if (tune.contains("seed")) sweep.seed = tune["seed"].get<std::uint64_t>();
      if (budget->count()) sweep.budget = options->budget;
      std::stringstream devices(options->devices);
      for (std::string d; std::getline(devices, d, ',');) sweep.runner.devices.push_back(d);
      sweep.runner.jobs = jobs->count() || sweep.runner.devices.empty() ? options->jobs
                                                                        : static_cast<int>(sweep.runner.devices.size());
      sweep.runner.timeout_seconds = timeout->count() ? options->timeout : plan->loop_timeout();
      sweep.resume = options->resume;
      sweep.dsl_path = bundle.manifest.value("dsl", "");
      sweep.set = set;

      trace::Store store(trace::default_store_path());
      tune::Progress progress(options->json ? tune::Progress::Mode::Json : tune::Progress::Mode::Plain, stdout);
      tune::SweepSummary summary = tune::run_sweep(*plan, sweep, store, progress, std::atomic<bool>{false});
      fs::path traces = out / "traces.jsonl";
      write_file_atomic(traces, trace::export_store(store, summary.run.id, trace::ExportFormat::Jsonl));
      if (!options->json)
        fmt::print("traces: {}\non the planning host: spak trace import {} && spak compound {}\n", traces.string(),
                   traces.filename().string(), bundle.manifest.value("dsl", ""));
      invocation.exit_code = summary.top.empty() ? 1 : 0;
    } catch (const knowledge::ResolveError& e) {
      fmt::print(stderr, "{}\n", e.what());
      invocation.exit_code = 2;
    }
  });
}

}  // namespace spak::cli
