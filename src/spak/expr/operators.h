#pragma once
// Python semantics of the operators on Values (internal to src/spak/expr): int arithmetic stays int64 with
// overflow reported, `/` is true division, `//` and `%` floor toward negative infinity, bools count as ints,
// and every failure (division by zero, mixed types) is an ExprError at the operator's column.

#include "spak/expr/program.h"
#include "spak/expr/value.h"

namespace spak::expr::detail {

/// `a op b` for op in Add, Sub, Mul, Div, FloorDiv, Mod, Pow.
Value arithmetic(Op op, const Value& a, const Value& b, int column);

/// `-a` (op Neg) or `+a` (op Pos).
Value sign(Op op, const Value& a, int column);

/// One comparison of a chain.
bool compare(Cmp cmp, const Value& a, const Value& b, int column);

/// Python ordering of two values (numbers, strings, or lists of those): <0, 0 or >0. Throws for other pairs,
/// naming `op` (e.g. "'<'" or "min()") in the message.
int order(const Value& a, const Value& b, int column, const char* op);

/// How an operator is written, for messages ("'+'", "'//'").
const char* spelling(Op op);

}  // namespace spak::expr::detail
