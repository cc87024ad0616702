#pragma once
// The canonical layout of a .dsl file (`spak fmt`).
//
// Line-based and conservative: each line is re-indented by structure (two spaces per block; lines inside open
// brackets one level deeper; lines of an indented suite keep their indentation relative to the suite's first
// line), trailing blanks are dropped, runs of blank lines become one, blank lines just inside `{ … }` go,
// line endings become "\n", a BOM is dropped and the file ends with one newline. Text inside a line, every
// comment and every string byte is kept, so the meaning never changes; formatting twice changes nothing.

#include <string>

#include "spak/dsl/syntax_tree.h"

namespace spak::dsl {

/// The formatted text of a tree that parsed without errors.
std::string format(const SyntaxTree& tree);

}  // namespace spak::dsl
