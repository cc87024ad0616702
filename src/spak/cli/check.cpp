// `spak check FILE...`: parse and lower each file, print its diagnostics, exit 1 when any file has errors.

#include <cstdio>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/dsl/load.h"
#include "spak/knowledge/context.h"
#include "spak/knowledge/invariants.h"

namespace spak::cli {

void add_check_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::vector<std::string> files, sets;
    bool werror = false, quiet = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Parse and check .dsl files; print errors and warnings as file:line:col diagnostics");
  cmd->footer("Exit status: 0 when no file has errors, 1 when one has (or a warning, with --werror).");
  cmd->add_option("files", options->files, "The .dsl files to check")->required();
  cmd->add_flag("--werror", options->werror, "Treat warnings as errors");
  cmd->add_flag("-q,--quiet", options->quiet, "Print errors only (no warnings, no summary)");
  cmd->add_option("--set", options->sets,
                  "name=value for evaluating the invariants (repeatable); a violated one makes the exit status 1");
  cmd->callback([options, &invocation] {
    std::size_t errors = 0, warnings = 0, violated = 0;
    for (const std::string& file : options->files) {
      const dsl::LoadResult result = dsl::load_file(file);
      for (const dsl::Diagnostic& d : result.diagnostics) {
        const bool error = d.severity == dsl::Diagnostic::Severity::Error;
        (error ? errors : warnings) += d.severity != dsl::Diagnostic::Severity::Note;
        if (error || !options->quiet) fmt::print(stderr, "{}", dsl::render(d, result.source));
      }
      if (options->sets.empty() || !result.ok()) continue;
      knowledge::ContextBuilder inputs;
      for (const std::string& set : options->sets) inputs.add_assignment(set);
      for (const dsl::System& system : result.document.systems)
        for (const knowledge::InvariantResult& r : knowledge::InvariantChecker(system).check_all(inputs.context())) {
          violated += r.status == knowledge::InvariantResult::Status::Violated ||
                      r.status == knowledge::InvariantResult::Status::Error;
          fmt::print("{}\n", knowledge::describe(r));
        }
    }
    if (!options->quiet)
      fmt::print(stderr, "{} file{} checked: {} error{}, {} warning{}\n", options->files.size(),
                 options->files.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
                 warnings == 1 ? "" : "s");
    invocation.exit_code = (errors > 0 || violated > 0 || (options->werror && warnings > 0)) ? 1 : 0;
  });
}

}  // namespace spak::cli
