#include "spak/expr/error.h"

#include <fmt/format.h>

namespace spak::expr {

ExprError::ExprError(int column, std::string message)
    : spak::Error(column > 0 ? fmt::format("column {}: {}", column, message) : message),
      column_(column),
      message_(std::move(message)) {}

}  // namespace spak::expr
