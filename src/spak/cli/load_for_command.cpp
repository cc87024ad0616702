// Loading a subcommand's input file, with one message format and one exit status for bad input.

#include "spak/cli/load_for_command.h"

#include <cstdio>

#include <fmt/format.h>

#include "spak/util/error.h"

namespace spak::cli {

void report_bad_input(Invocation& invocation, std::string_view message) {
  fmt::print(stderr, "{}\n", message);
  invocation.exit_code = kExitBadInput;
}

std::optional<dsl::LoadResult> load_for_command(const std::string& path, Invocation& invocation,
                                                ShowDiagnostics show, DiagnosticCounts* counts) {
  std::optional<dsl::LoadResult> loaded;
  try {
    loaded = dsl::load_file(path);
  } catch (const Error& e) {
    if (counts) ++counts->errors;
    report_bad_input(invocation, fmt::format("spak: error: {}", e.what()));
    return std::nullopt;
  }
  const bool usable = loaded->ok();
  for (const dsl::Diagnostic& d : loaded->diagnostics) {
    const bool error = d.severity == dsl::Diagnostic::Severity::Error;
    if (counts) (error ? counts->errors : counts->warnings) += d.severity != dsl::Diagnostic::Severity::Note;
    const bool shown = show == ShowDiagnostics::All || (show == ShowDiagnostics::ErrorsOnly && error) ||
                       (show == ShowDiagnostics::WhenUnusable && !usable);
    if (shown) fmt::print(stderr, "{}", dsl::render(d, loaded->source));
  }
  if (usable) return loaded;
  invocation.exit_code = kExitBadInput;
  return std::nullopt;
}

}  // namespace spak::cli
