#pragma once
// The builtin functions a call may name (internal to src/spak/expr): min max abs log2 ceil floor len sqrt round
// int float. The parser has already checked the number of arguments.

#include <cstddef>

#include "spak/expr/program.h"
#include "spak/expr/value.h"

namespace spak::expr::detail {

/// Applies `fn` to `args[0..count)`. Throws ExprError at `column` for a bad argument (log2 of 0, len of a number).
Value call_builtin(Builtin fn, const Value* args, std::size_t count, int column);

/// The name a call writes for `fn`.
const char* builtin_name(Builtin fn);

}  // namespace spak::expr::detail
