// `spak fmt FILE...`: print the canonical layout, rewrite files in place (-i), or check that they are
// formatted (--check). A file with errors is never formatted: its diagnostics are printed instead.

#include <cstdio>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/dsl/format.h"
#include "spak/dsl/parser.h"
#include "spak/dsl/load.h"
#include "spak/util/file_io.h"

namespace spak::cli {

void add_fmt_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::vector<std::string> files;
    bool in_place = false, check = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("fmt", "Format .dsl files in the canonical layout (stdout by default)");
  cmd->footer(
      "Re-indents by structure, trims trailing blanks, squeezes blank lines; keeps every comment and string "
      "byte.\nExit status: 0 on success; 1 when a file cannot be read, has errors or (with --check) is not "
      "formatted.");
  cmd->add_option("files", options->files, "The .dsl files to format")->required();
  auto* in_place = cmd->add_flag("-i,--in-place", options->in_place,
                                 "Rewrite each file in place (atomically, only when it changes)");
  cmd->add_flag("--check", options->check, "Print nothing; exit 1 and name the files that are not formatted")
      ->excludes(in_place);
  cmd->callback([options, &invocation] {
    int status = 0;
    for (const std::string& file : options->files) {
      // The same load as `check`, so a file fmt refuses shows the same diagnostics.
      const std::optional<dsl::LoadResult> loaded = load_for_command(file, invocation);
      if (!loaded) {
        fmt::print(stderr, "spak: {}: not formatted\n", file);
        status = 1;
        continue;
      }
      std::vector<dsl::Diagnostic> ignored;
      const std::string formatted = dsl::format(dsl::parse(loaded->source, ignored));
      if (options->check) {
        if (formatted != loaded->source) {
          fmt::print(stderr, "{}: not formatted\n", file);
          status = 1;
        }
      } else if (options->in_place) {
        if (formatted != loaded->source) write_file_atomic(file, formatted);
      } else {
        fmt::print("{}", formatted);
      }
    }
    invocation.exit_code = status;
  });
}

}  // namespace spak::cli
