#pragma once
// Statements of the expression language: `name = expr` (a recommendation assigns a value) and
// `select name = expr` (a rule picks a design-space value). Columns in errors count from the start of the
// statement text, so `Statement::parse("x = 1 +")` reports column 8.

#include <optional>
#include <string>
#include <string_view>

#include "spak/expr/expression.h"

namespace spak::expr {

/// One parsed `name = expr` or `select name = expr`.
struct Statement {
  enum class Kind { Assign, Select };

  Kind kind = Kind::Assign;
  std::string target;        ///< the assigned name, dotted names allowed (`attention.variant`)
  int target_column = 1;     ///< 1-based column of the target in the statement text
  Expression value;

  /// Parses a statement; throws ExprError (with the column) when the text is not one.
  static Statement parse(std::string_view text);
  /// Parses without throwing: nullopt when the text is not a statement (`*error`, if given, says why).
  static std::optional<Statement> try_parse(std::string_view text, ExprError* error = nullptr);

  /// "select name" or "name", for messages.
  std::string describe_target() const;
};

}  // namespace spak::expr
