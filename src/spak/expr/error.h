#pragma once
// Errors of the expression language. Parsing and evaluation throw ExprError; it carries the 1-based column
// (in code points) inside the expression text, so a caller that knows where the string sits in a .dsl file can
// report `file:line:col: error: …` pointing at the exact character.

#include <string>

#include "spak/util/error.h"

namespace spak::expr {

/// A parse or evaluation failure at a column of the expression text, with a message a user can act on.
class ExprError : public spak::Error {
 public:
  /// `column` is 1-based; 0 means the failure has no single position (e.g. a type check on a whole value).
  ExprError(int column = 0, std::string message = {});

  int column() const { return column_; }
  /// The message without the column, e.g. "expected ')' to close the '(' at column 3".
  const std::string& message() const { return message_; }

 private:
  int column_;
  std::string message_;
};

}  // namespace spak::expr
