#pragma once
// Recursive-descent parser from tokens to a Program (internal to src/spak/expr). Precedence, loosest first,
// as in Python: `a if c else b`, `or`/`||`, `and`/`&&`, `not`/`!`, comparisons (chained, `in`, `not in`),
// `+ -`, `* / // %`, unary `- +`, `**` (right-associative, binds tighter than a unary minus on its left),
// then calls, indexing and atoms.

#include <memory>
#include <string>
#include <string_view>

#include "spak/expr/program.h"

namespace spak::expr::detail {

/// Parses a whole expression. Throws ExprError with the column of the first problem.
std::shared_ptr<const Program> parse_program(std::string_view text);

/// The parts of a `[select] name = expr` statement.
struct ParsedStatement {
  bool select = false;
  std::string target;
  int target_column = 0;
  std::shared_ptr<const Program> value;   ///< its columns count from the start of the statement text
};

/// Parses a statement. Throws ExprError with the column of the first problem.
ParsedStatement parse_statement(std::string_view text);

/// True when the node is a literal constant: a number, string, bool or null, a negated number, or a list of
/// such (what `--set name=value` accepts as a typed value).
bool is_literal(const Program& program, std::int32_t node);

}  // namespace spak::expr::detail
