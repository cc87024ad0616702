#pragma once
// Lowering: walks the syntax tree and builds the System IR (ir.h) for every known construct of both dialects.
// Unknown sections and keys are kept as GenericNode (or in `fields`) and produce a warning, never an error.

#include <string>
#include <vector>

#include "spak/dsl/diagnostic.h"
#include "spak/dsl/ir.h"
#include "spak/dsl/syntax_tree.h"

namespace spak::dsl {

/// The IR of a parsed file. Spans are fully located (file, line, column); diagnostics are appended with
/// byte offsets only, like the parser's.
Document lower(const SyntaxTree& tree, const std::string& path, std::vector<Diagnostic>& diagnostics);

}  // namespace spak::dsl
