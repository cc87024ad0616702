#include "spak/expr/operators.h"

#include <cmath>
#include <cstdint>
#include <fmt/format.h>

#include "spak/expr/error.h"

namespace spak::expr::detail {
namespace {

/// Both operands are ints (or bools): the result stays an exact int64.
bool both_int(const Value& a, const Value& b) {
  return (a.is_int() || a.is_bool()) && (b.is_int() || b.is_bool());
}

[[noreturn]] void type_error(Op op, const Value& a, const Value& b, int column) {
  throw ExprError(column, fmt::format("cannot apply {} to {} {} and {} {}", spelling(op), a.type_name(), a.repr(),
                                      b.type_name(), b.repr()));
}

[[noreturn]] void overflow(Op op, int column) {
  throw ExprError(column, fmt::format("integer overflow in {} (the result does not fit in 64 bits)", spelling(op)));
}

std::int64_t int_pow(std::int64_t base, std::int64_t exp, int column) {
  std::int64_t result = 1;
  while (exp > 0) {
    if ((exp & 1) && __builtin_mul_overflow(result, base, &result)) overflow(Op::Pow, column);
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(base, base, &base)) overflow(Op::Pow, column);
  }
  return result;
}

Value int_arithmetic(Op op, std::int64_t x, std::int64_t y, int column) {
  std::int64_t r = 0;
  switch (op) {
    case Op::Add: if (__builtin_add_overflow(x, y, &r)) overflow(op, column); return r;
    case Op::Sub: if (__builtin_sub_overflow(x, y, &r)) overflow(op, column); return r;
    case Op::Mul: if (__builtin_mul_overflow(x, y, &r)) overflow(op, column); return r;
    case Op::Div:
      if (y == 0) throw ExprError(column, "division by zero");
      return static_cast<double>(x) / static_cast<double>(y);
    case Op::FloorDiv:
    case Op::Mod: {
      if (y == 0) throw ExprError(column, op == Op::Mod ? "modulo by zero" : "division by zero");
      if (x == INT64_MIN && y == -1) {
        if (op == Op::Mod) return std::int64_t{0};
        overflow(op, column);
      }
      std::int64_t q = x / y, m = x % y;
      // C++ truncates toward zero; Python floors, so a remainder whose sign differs from the divisor moves.
      if (m != 0 && ((m < 0) != (y < 0))) {
        --q;
        m += y;
      }
      return op == Op::Mod ? m : q;
    }
    case Op::Pow:
      if (y < 0) {
        if (x == 0) throw ExprError(column, "0 cannot be raised to a negative power");
        return std::pow(static_cast<double>(x), static_cast<double>(y));
      }
      return int_pow(x, y, column);
    default: break;
  }
  throw ExprError(column, fmt::format("internal: {} is not arithmetic", spelling(op)));
}

Value float_arithmetic(Op op, double x, double y, int column) {
  switch (op) {
    case Op::Add: return x + y;
    case Op::Sub: return x - y;
    case Op::Mul: return x * y;
    case Op::Div:
      if (y == 0) throw ExprError(column, "division by zero");
      return x / y;
    case Op::FloorDiv:
    case Op::Mod: {
      if (y == 0) throw ExprError(column, op == Op::Mod ? "modulo by zero" : "division by zero");
      double m = std::fmod(x, y);
      if (m != 0 && ((m < 0) != (y < 0))) m += y;
      if (op == Op::Mod) return m;
      return std::floor((x - m) / y + 0.5);  // (x - m) / y is integral up to rounding
    }
    case Op::Pow:
      if (x == 0 && y < 0) throw ExprError(column, "0 cannot be raised to a negative power");
      if (x < 0 && y != std::floor(y))
        throw ExprError(column, fmt::format("{} cannot be raised to the fractional power {}", x, y));
      return std::pow(x, y);
    default: break;
  }
  throw ExprError(column, fmt::format("internal: {} is not arithmetic", spelling(op)));
}

}  // namespace

const char* spelling(Op op) {
  switch (op) {
    case Op::Add: return "'+'";
    case Op::Sub: return "'-'";
    case Op::Mul: return "'*'";
    case Op::Div: return "'/'";
    case Op::FloorDiv: return "'//'";
    case Op::Mod: return "'%'";
    case Op::Pow: return "'**'";
    case Op::Neg: return "unary '-'";
    case Op::Pos: return "unary '+'";
    case Op::Not: return "'not'";
    case Op::And: return "'and'";
    case Op::Or: return "'or'";
    case Op::Index: return "'[]'";
    default: return "the operator";
  }
}

Value arithmetic(Op op, const Value& a, const Value& b, int column) {
  if (both_int(a, b)) return int_arithmetic(op, a.as_int(), b.as_int(), column);
  if (a.is_number() && b.is_number()) return float_arithmetic(op, a.as_float(), b.as_float(), column);
  if (op == Op::Add && a.is_string() && b.is_string()) return a.as_string() + b.as_string();
  if (op == Op::Add && a.is_list() && b.is_list()) {
    List joined = a.as_list();
    joined.insert(joined.end(), b.as_list().begin(), b.as_list().end());
    return joined;
  }
  type_error(op, a, b, column);
}

Value sign(Op op, const Value& a, int column) {
  if (a.is_int() || a.is_bool()) {
    std::int64_t x = a.as_int();
    if (op == Op::Pos) return x;
    if (x == INT64_MIN) overflow(op, column);
    return -x;
  }
  if (a.is_float()) return op == Op::Pos ? a.as_float() : -a.as_float();
  throw ExprError(column, fmt::format("cannot apply {} to {} {}", spelling(op), a.type_name(), a.repr()));
}

int order(const Value& a, const Value& b, int column, const char* op) {
  if (both_int(a, b)) {
    std::int64_t x = a.as_int(), y = b.as_int();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_number() && b.is_number()) {
    double x = a.as_float(), y = b.as_float();
    if (std::isnan(x) || std::isnan(y)) return 2;  // unordered: every ordering comparison is false
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    int c = a.as_string().compare(b.as_string());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.is_list() && b.is_list()) {
    const List &x = a.as_list(), &y = b.as_list();
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
      if (int c = order(x[i], y[i], column, op); c != 0) return c;
    return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
  }
  throw ExprError(column, fmt::format("cannot order {} {} and {} {} with {}", a.type_name(), a.repr(),
                                      b.type_name(), b.repr(), op));
}

bool compare(Cmp cmp, const Value& a, const Value& b, int column) {
  switch (cmp) {
    case Cmp::Eq: return a == b;
    case Cmp::Ne: return !(a == b);
    case Cmp::Lt: return order(a, b, column, "'<'") == -1;
    case Cmp::Le: { int c = order(a, b, column, "'<='"); return c == -1 || c == 0; }
    case Cmp::Gt: return order(a, b, column, "'>'") == 1;
    case Cmp::Ge: { int c = order(a, b, column, "'>='"); return c == 1 || c == 0; }
    case Cmp::In:
    case Cmp::NotIn: {
      bool found = false;
      if (b.is_list()) {
        for (const Value& item : b.as_list())
          if (item == a) { found = true; break; }
      } else if (b.is_string() && a.is_string()) {
        found = b.as_string().find(a.as_string()) != std::string::npos;
      } else if (b.is_map() && a.is_string()) {
        found = b.as_map().count(a.as_string()) != 0;
      } else {
        throw ExprError(column, fmt::format("'in' needs a list, a string (for a substring) or a map (for a key) "
                                            "on its right, got {} {}{}",
                                            b.type_name(), b.repr(),
                                            b.is_string() ? fmt::format(" with {} on the left", a.type_name()) : ""));
      }
      return cmp == Cmp::In ? found : !found;
    }
  }
  return false;
}

}  // namespace spak::expr::detail
