#pragma once
// Lowering: walks the syntax tree and builds the System IR (ir.h) for every known construct of both dialects.
// Unknown sections and keys are kept as GenericNode (or in `fields`) and produce a warning, never an error.

#include <string>
#include <vector>

#include "spak/dsl/diagnostic.h"
#include "spak/dsl/ir.h"
#include "spak/dsl/source_map.h"
#include "spak/dsl/syntax_tree.h"

namespace spak::dsl {

/// The IR of a parsed file. Spans are fully located (file, line, column); diagnostics are appended with
/// byte offsets only, like the parser's. `map` is the tree text's SourceMap (the caller locates the diagnostics
/// with the same one, so a large file's line starts are found once).
Document lower(const SyntaxTree& tree, const SourceMap& map, const std::string& path,
               std::vector<Diagnostic>& diagnostics);

}  // namespace spak::dsl
