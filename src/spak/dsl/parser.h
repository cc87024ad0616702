#pragma once
// Builds the lossless syntax tree (syntax_tree.h) from the tokens of a file.
//
// The parser is iterative (an explicit stack), so nesting depth never touches the C++ stack; nesting deeper
// than kMaxDepth is reported once as an error. Only structure can be wrong: a stray `}`, an unclosed `{`
// (reported where it was opened). Everything else parses, whatever words the lines hold.

#include <string_view>
#include <vector>

#include "spak/dsl/diagnostic.h"
#include "spak/dsl/syntax_tree.h"

namespace spak::dsl {

/// Deepest nesting of blocks and indented suites the front end accepts.
inline constexpr std::uint32_t kMaxDepth = 256;

/// Lexes and parses `text` (which must outlive the tree). Diagnostics carry byte offsets only.
SyntaxTree parse(std::string_view text, std::vector<Diagnostic>& diagnostics);

}  // namespace spak::dsl
