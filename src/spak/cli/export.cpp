// `spak export FILE`: the System IR as JSON on stdout (format in docs/ir.md).

#include <cstdio>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/dsl/json_export.h"
#include "spak/dsl/load.h"

namespace spak::cli {

void add_export_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::string file;
    bool no_spans = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("export", "Print the System IR of a .dsl file as JSON (see docs/ir.md)");
  cmd->footer("Exit status: 0 on success, 1 when the file cannot be read or has errors (diagnostics go to stderr, "
              "no JSON).");
  cmd->add_option("file", options->file, "The .dsl file")->required();
  cmd->add_flag("--no-spans", options->no_spans,
                "Leave out source positions (spans and path), so equal meaning gives equal output");
  cmd->callback([options, &invocation] {
    const std::optional<dsl::LoadResult> loaded = load_for_command(options->file, invocation);
    if (!loaded) return;
    const auto json = dsl::to_json(loaded->document, !options->no_spans);
    // Invalid UTF-8 cannot reach here (it is an error), but replace rather than throw if it ever does.
    fmt::print("{}\n", json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  });
}

}  // namespace spak::cli
