#pragma once
// Evaluation of a parsed Program against a Context (internal to src/spak/expr; the public entry point is
// Expression::evaluate). Walks the flat node array recursively; numbers and bools never allocate.

#include "spak/expr/context.h"
#include "spak/expr/program.h"
#include "spak/expr/value.h"

namespace spak::expr::detail {

/// Evaluates `program` against `context`. Throws ExprError with the column of the failing node.
Value evaluate(const Program& program, const Context& context);

}  // namespace spak::expr::detail
