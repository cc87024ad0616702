#pragma once
// The parsed form of an expression (internal to src/spak/expr): a flat array of nodes that refer to each other
// by index, plus tables of constants, names and call arguments. Flat and index-based so that evaluation walks
// contiguous memory and never allocates for numeric expressions.

#include <cstdint>
#include <string>
#include <vector>

#include "spak/expr/value.h"

namespace spak::expr::detail {

/// What a node computes.
enum class Op : std::uint8_t {
  Constant,   ///< constants[index]
  Name,       ///< names[index]
  List,       ///< [args[first] … args[first+count-1]]
  Call,       ///< builtin `fn` applied to args[first …]
  Index,      ///< a[b]
  Neg, Pos, Not,
  And, Or,    ///< short-circuit, Python semantics (the deciding operand is the result)
  Add, Sub, Mul, Div, FloorDiv, Mod, Pow,
  Compare,    ///< chained: operands args[first …count], comparisons cmps[cmp_first …count-1]
  Cond,       ///< a if b else c
};

/// A comparison operator inside a (possibly chained) comparison.
enum class Cmp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };

/// The builtin functions a call may name.
enum class Builtin : std::uint8_t { Min, Max, Abs, Log2, Ceil, Floor, Len, Sqrt, Round, Int, Float };

/// One node of the flat tree. Unused fields stay at their defaults.
struct Node {
  Op op = Op::Constant;
  Builtin fn = Builtin::Min;
  int column = 0;                 ///< 1-based column of the token that names the operation (for errors)
  std::int32_t a = -1, b = -1, c = -1;
  std::uint32_t index = 0;        ///< into constants or names
  std::uint32_t first = 0, count = 0;  ///< range in args
  std::uint32_t cmp_first = 0;    ///< range start in cmps (count - 1 entries)
};

/// A comparison of a chain, with the column of its operator.
struct CmpEntry {
  Cmp cmp;
  int column;
};

/// A name read by the expression. A dotted name can resolve as a whole or as a map member path of a prefix;
/// the prefixes (longest first) and all hashes are computed at parse time.
struct NameRef {
  struct Prefix {
    std::uint32_t length;         ///< bytes of `text` that form the prefix
    std::uint64_t hash;
  };
  std::string text;
  std::uint64_t hash = 0;
  std::vector<Prefix> prefixes;
};

/// A whole parsed expression.
struct Program {
  std::string text;
  std::vector<Node> nodes;
  std::vector<Value> constants;
  std::vector<NameRef> names;
  std::vector<std::string> name_list;  ///< names[i].text, for Expression::names()
  std::vector<std::int32_t> args;
  std::vector<CmpEntry> cmps;
  std::int32_t root = -1;
};

}  // namespace spak::expr::detail
