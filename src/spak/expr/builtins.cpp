#include "spak/expr/builtins.h"

#include <cmath>
#include <fmt/format.h>

#include "spak/expr/error.h"
#include "spak/expr/operators.h"

namespace spak::expr::detail {
namespace {

const Value& need_number(Builtin fn, const Value& v, int column) {
  if (!v.is_number())
    throw ExprError(column, fmt::format("{}() needs a number, got {} {}", builtin_name(fn), v.type_name(), v.repr()));
  return v;
}

/// A float that came out of ceil/floor/round as an int, as Python does; inf and nan have no int.
std::int64_t to_int(Builtin fn, double d, int column) {
  if (!std::isfinite(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0)
    throw ExprError(column, fmt::format("{}() of {} has no 64-bit integer value", builtin_name(fn), d));
  return static_cast<std::int64_t>(d);
}

/// min/max: over the arguments, or over the one list given.
Value extreme(Builtin fn, const Value* args, std::size_t count, int column) {
  const Value* items = args;
  std::size_t n = count;
  if (count == 1) {
    if (!args[0].is_list())
      throw ExprError(column, fmt::format("{}() of one argument needs a list, got {} {}", builtin_name(fn),
                                          args[0].type_name(), args[0].repr()));
    items = args[0].as_list().data();
    n = args[0].as_list().size();
    if (n == 0) throw ExprError(column, fmt::format("{}() of an empty list", builtin_name(fn)));
  }
  const Value* best = &items[0];
  const char* op = fn == Builtin::Min ? "min()" : "max()";
  for (std::size_t i = 1; i < n; ++i) {
    int c = order(items[i], *best, column, op);
    if ((fn == Builtin::Min && c == -1) || (fn == Builtin::Max && c == 1)) best = &items[i];
  }
  return *best;
}

}  // namespace

const char* builtin_name(Builtin fn) {
  switch (fn) {
    case Builtin::Min: return "min";
    case Builtin::Max: return "max";
    case Builtin::Abs: return "abs";
    case Builtin::Log2: return "log2";
    case Builtin::Ceil: return "ceil";
    case Builtin::Floor: return "floor";
    case Builtin::Len: return "len";
    case Builtin::Sqrt: return "sqrt";
    case Builtin::Round: return "round";
    case Builtin::Int: return "int";
    case Builtin::Float: return "float";
  }
  return "?";
}

Value call_builtin(Builtin fn, const Value* args, std::size_t count, int column) {
  const Value& x = args[0];
  switch (fn) {
    case Builtin::Min:
    case Builtin::Max: return extreme(fn, args, count, column);
    case Builtin::Abs:
      need_number(fn, x, column);
      if (x.is_float()) return std::fabs(x.as_float());
      if (x.as_int() == INT64_MIN) throw ExprError(column, "integer overflow in abs()");
      return x.as_int() < 0 ? -x.as_int() : x.as_int();
    case Builtin::Log2:
      if (need_number(fn, x, column).as_float() <= 0)
        throw ExprError(column, fmt::format("log2() needs a positive number, got {}", x.repr()));
      return std::log2(x.as_float());
    case Builtin::Sqrt:
      if (need_number(fn, x, column).as_float() < 0)
        throw ExprError(column, fmt::format("sqrt() needs a non-negative number, got {}", x.repr()));
      return std::sqrt(x.as_float());
    case Builtin::Ceil:
      if (need_number(fn, x, column).is_float()) return to_int(fn, std::ceil(x.as_float()), column);
      return x.as_int();
    case Builtin::Floor:
      if (need_number(fn, x, column).is_float()) return to_int(fn, std::floor(x.as_float()), column);
      return x.as_int();
    case Builtin::Round: {
      need_number(fn, x, column);
      if (count == 1) {
        // Python rounds halves to even; nearbyint does too under the default rounding mode.
        if (x.is_float()) return to_int(fn, std::nearbyint(x.as_float()), column);
        return x.as_int();
      }
      if (!args[1].is_int() && !args[1].is_bool())
        throw ExprError(column, fmt::format("round()'s digits must be an int, got {}", args[1].repr()));
      double scale = std::pow(10.0, static_cast<double>(args[1].as_int()));
      return std::nearbyint(x.as_float() * scale) / scale;
    }
    case Builtin::Len:
      if (x.is_string()) {
        std::int64_t n = 0;  // code points, as Python counts
        for (unsigned char c : x.as_string()) n += (c & 0xC0) != 0x80;
        return n;
      }
      if (x.is_list()) return static_cast<std::int64_t>(x.as_list().size());
      if (x.is_map()) return static_cast<std::int64_t>(x.as_map().size());
      throw ExprError(column, fmt::format("len() needs a string, list or map, got {} {}", x.type_name(), x.repr()));
    case Builtin::Int:
      if (x.is_float()) return to_int(fn, std::trunc(x.as_float()), column);
      if (x.is_number()) return x.as_int();
      if (x.is_string()) {
        Value v = parse_value_text(x.as_string());
        if (v.is_int()) return v;
      }
      throw ExprError(column, fmt::format("int() cannot convert {} {}", x.type_name(), x.repr()));
    case Builtin::Float:
      if (x.is_number()) return x.as_float();
      if (x.is_string()) {
        Value v = parse_value_text(x.as_string());
        if (v.is_int() || v.is_float()) return v.as_float();
      }
      throw ExprError(column, fmt::format("float() cannot convert {} {}", x.type_name(), x.repr()));
  }
  return Value();
}

}  // namespace spak::expr::detail
