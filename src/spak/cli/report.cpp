// `spak report [--store PATH] [--run ID…] [--dsl FILE…] [-o FILE] [--format html|md]`: a page a person would
// rather look at than read: the runs of a trace store as tables and inline-SVG plots, plus the compound history
// of a system when its versions are given. One self-contained file, written atomically.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/knowledge/resolve.h"
#include "spak/report/html_report.h"
#include "spak/report/markdown_report.h"
#include "spak/report/report_data.h"
#include "spak/trace/store.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cli {

void add_report_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::string store, output, format = "html";
    std::vector<std::int64_t> runs;
    std::vector<std::string> dsl;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("report", "An HTML (or Markdown) report of a trace store's runs");
  cmd->footer(
      "The HTML page is self-contained (inline CSS and SVG, no script, no network): runs, best configurations,\n"
      "the best configuration against its peer (cuBLAS, SDPA) when the traces hold one, search progress per\n"
      "strategy, the objective against each parameter, training loss, and with --dsl the facts and rules each\n"
      "version of a system added. Markdown has the same tables, for terminals and pull requests.\n"
      "Example: spak report --dsl examples/versions -o report.html");
  cmd->add_option("--store", options->store,
                  fmt::format("Trace store (default: {} under the current directory)",
                              trace::default_store_path().string()));
  cmd->add_option("--run", options->runs, "Only these runs (ids from `spak trace list`); default: all");
  cmd->add_option("--dsl", options->dsl,
                  "Versions of a system, oldest first, for the compound history (a directory: its .dsl files)")
      ->check(CLI::ExistingPath);
  cmd->add_option("-o,--output", options->output, "Output file, - for stdout (default: report.html or report.md)");
  cmd->add_option("--format", options->format, "html or md")->check(CLI::IsMember({"html", "md"}));
  cmd->callback([options, &invocation] {
    const std::filesystem::path store_path =
        options->store.empty() ? trace::default_store_path() : std::filesystem::path(options->store);
    // A report reads; it must not leave an empty store behind a mistyped path.
    std::error_code ec;
    if (!std::filesystem::exists(store_path, ec)) {
      throw Error("no trace store at {} (run `spak tune` or `spak trace import` first, or pass --store PATH)",
                  store_path.string());
    }
    trace::Store store(store_path);
    report::ReportData data = report::load_report(store, options->runs);
    if (!options->dsl.empty()) {
      try {
        data.history = report::compound_history({options->dsl.begin(), options->dsl.end()});
      } catch (const knowledge::ResolveError& e) {
        fmt::print(stderr, "{}\n", e.what());
        invocation.exit_code = 2;
        return;
      }
    }
    const std::string text = options->format == "md" ? report::render_markdown(data) : report::render_html(data);
    const std::string output = options->output.empty() ? "report." + options->format : options->output;
    if (output == "-") {
      std::fwrite(text.data(), 1, text.size(), stdout);
      return;
    }
    write_file_atomic(output, text);
    int runs = 0;
    for (const report::SystemData& system : data.systems) runs += static_cast<int>(system.runs.size());
    fmt::print("wrote {} ({} run{}, {} system{}{})\n", output, runs, runs == 1 ? "" : "s", data.systems.size(),
               data.systems.size() == 1 ? "" : "s",
               data.history.empty() ? "" : fmt::format(", {} versions", data.history.size()));
  });
}

}  // namespace spak::cli
