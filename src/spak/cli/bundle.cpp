// `spak bundle FILE --loop NAME -o run.tar.gz`: packs what a GPU node needs to run one engineering loop's sweep
// (the DSL and its imports, the files its measure command names, --include paths, a manifest with SHA-256 of
// every file and the sweep's settings). `spak run-bundle` runs it there (docs/cluster.md).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cluster/bundle.h"
#include "spak/knowledge/resolve.h"
#include "spak/tune/plan.h"

namespace spak::cli {
namespace {

struct BundleOptions {
  std::string file, system, loop, output, strategy;
  std::vector<std::string> include, set;
  int budget = 0;
  std::uint64_t seed = 0;
};

}  // namespace

void add_bundle_command(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<BundleOptions>();
  CLI::App* cmd = app.add_subcommand("bundle", "Pack an engineering loop's sweep for a GPU node (spak run-bundle)");
  cmd->footer(
      "Holds the DSL and the files it imports, every path under the DSL's directory that the measure command\n"
      "names (also as {{dsl_dir}}/PATH), and --include paths, with a manifest of SHA-256 hashes. The sweep's\n"
      "settings given here are run-bundle's defaults.");
  cmd->add_option("file", options->file, "The .dsl file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--system", options->system, "System (default: the file's first)");
  cmd->add_option("--loop", options->loop, "Engineering loop (default: the system's first)");
  cmd->add_option("-o,--output", options->output, "The bundle to write (.tar.gz)")->required();
  cmd->add_option("--include", options->include, "Another file or directory under the DSL's directory (repeatable)")
      ->allow_extra_args(false);
  auto* strategy = cmd->add_option("--strategy", options->strategy, "Search strategy for the node's sweep");
  auto* budget = cmd->add_option("--budget", options->budget, "Trials for the node's sweep")->check(CLI::PositiveNumber);
  auto* seed = cmd->add_option("--seed", options->seed, "Random seed of the node's sweep");
  cmd->add_option("--set", options->set, "Fix a parameter or pick a design value: name=value (repeatable)");

  cmd->callback([options, &invocation, strategy, budget, seed] {
    try {
      // The plan checks the DSL, the loop and --set values here, not on the node.
      auto plan = tune::SweepPlan::make({options->file, options->system, options->loop, options->set, {}});
      cluster::BundleRequest request;
      request.dsl = options->file;
      request.system = plan->system().name;
      request.loop = plan->loop().name;
      request.measure_cmd = plan->loop().measure ? plan->loop().measure->cmd : "";
      request.include.assign(options->include.begin(), options->include.end());
      request.tune = {{"set", options->set}};
      if (strategy->count()) request.tune["strategy"] = options->strategy;
      if (budget->count()) request.tune["budget"] = options->budget;
      if (seed->count()) request.tune["seed"] = options->seed;
      cluster::Bundle bundle = cluster::collect_bundle(request);
      cluster::write_bundle(bundle, options->output);
      std::size_t bytes = 0;
      for (const auto& f : bundle.files) bytes += f.content.size();
      fmt::print("wrote {}: system {}, loop {}, {} files ({} bytes):\n", options->output, request.system, request.loop,
                 bundle.files.size(), bytes);
      for (const auto& f : bundle.files) fmt::print("  {}\n", f.path);
      fmt::print("on the GPU node: spak run-bundle {}\n", std::filesystem::path(options->output).filename().string());
    } catch (const knowledge::ResolveError& e) {
      fmt::print(stderr, "{}\n", e.what());
      invocation.exit_code = 2;
    }
  });
}

}  // namespace spak::cli
