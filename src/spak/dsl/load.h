#pragma once
// The front door of the DSL front end: read a .dsl file, parse it losslessly, lower it to the System IR, and
// collect every diagnostic on the way. Other components call load_file and look at `ok()`; they never need the
// syntax tree. Bad DSL never throws: it comes back as error diagnostics (with as much IR as could be lowered).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "spak/dsl/diagnostic.h"
#include "spak/dsl/ir.h"

namespace spak::dsl {

/// Everything known after loading one file: its IR, its diagnostics in source order, and its text (which
/// render() needs to show source lines).
struct LoadResult {
  Document document;
  std::vector<Diagnostic> diagnostics;
  std::string source;

  /// True when there are no errors (warnings allowed).
  bool ok() const { return !has_errors(diagnostics); }
  /// All diagnostics rendered for the terminal, one after another.
  std::string render_diagnostics() const;
};

/// Reads, parses and lowers `path`. Throws spak::Error only when the file cannot be read.
LoadResult load_file(const std::filesystem::path& path);

/// Parses and lowers `text` as if it were the file `path` (used in spans and messages).
LoadResult load_string(std::string_view text, std::string path);

/// The system called `name`, or the first system when `name` is empty; nullptr when there is none.
const System* find_system(const Document& document, std::string_view name = {});

}  // namespace spak::dsl
