#pragma once
// The one way a subcommand reads the .dsl file it works on: load it, print its diagnostics in the one format,
// and choose the exit status. Every subcommand treats bad input the same: a file that cannot be read, has
// errors, or (through imports and `extends`) cannot be resolved exits kExitBadInput. Usage errors stay 2
// (CLI11, main.cpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "spak/cli/commands.h"
#include "spak/dsl/load.h"

namespace spak::cli {

/// Exit status for a .dsl (or other input) file that cannot be used.
inline constexpr int kExitBadInput = 1;

/// Which diagnostics of a file are printed.
enum class ShowDiagnostics {
  WhenUnusable,  ///< all of them, but only when the file has errors (the default: commands that use the file)
  All,           ///< errors and warnings, always (`spak check`)
  ErrorsOnly,    ///< errors only (`spak check --quiet`)
};

/// Errors and warnings seen so far, summed over files.
struct DiagnosticCounts {
  std::size_t errors = 0, warnings = 0;
};

/// Loads `path`. When it cannot be read or has errors, prints why to stderr, sets the exit status to
/// kExitBadInput and returns nullopt. `counts`, when given, gets the file's errors and warnings added (an
/// unreadable file counts as one error).
std::optional<dsl::LoadResult> load_for_command(const std::string& path, Invocation& invocation,
                                                ShowDiagnostics show = ShowDiagnostics::WhenUnusable,
                                                DiagnosticCounts* counts = nullptr);

/// Prints `message` (already in `file:line:col: error: …` form, or a plain one-line message) to stderr and sets
/// the exit status to kExitBadInput: for inputs found bad after loading (an unresolvable `extends`, a kernel
/// file that cannot be read).
void report_bad_input(Invocation& invocation, std::string_view message);

}  // namespace spak::cli
