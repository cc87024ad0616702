#pragma once
// A parsed expression of the expression language (DSL.md §4): parse once, evaluate many times.
//
//   auto e = Expression::parse("tile_m * tile_n <= 16384 and device == 'H100'");
//   Context ctx;  ctx.set("tile_m", 128);  ctx.set("tile_n", 64);  ctx.set("device", "H100");
//   bool ok = e.test(ctx);
//
// The language is Python-like: `== != < <= > >= and or not && || ! + - * / // % ** in`, `not in`, chained
// comparisons, `a if c else b`, calls `min max abs log2 ceil floor len sqrt round int float`, lists, indexing,
// '…' and "…" strings, true/false/null, numbers with `_`. Ints stay int64 while both operands are ints; `/` is
// true division; `//` and `%` floor like Python. A dotted name `a.b.c` is looked up as one name first, then as
// member `b.c` of a map `a` (then `c` of `a.b`), so both flat and nested contexts work.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spak/expr/context.h"
#include "spak/expr/error.h"
#include "spak/expr/value.h"

namespace spak::expr {

namespace detail {
struct Program;
}

/// An immutable parsed expression; copies share the parsed program, and evaluation is thread-safe.
class Expression {
 public:
  /// Parses `text`; throws ExprError with the column of the problem.
  static Expression parse(std::string_view text);
  /// Parses `text` without throwing: nullopt when it is not an expression (then `*error`, if given, says why).
  static std::optional<Expression> try_parse(std::string_view text, ExprError* error = nullptr);

  /// Evaluates against `context`. Throws ExprError for an unknown name (naming it), a type mismatch, division
  /// by zero or integer overflow, with the column of the offending operator or name.
  Value evaluate(const Context& context) const;
  /// evaluate(context).truthy().
  bool test(const Context& context) const;

  /// The values of the names it reads, for explaining a result: "device = 'A100', causal = true" (a name the
  /// context lacks shows as `unknown`). Never throws.
  std::string bindings(const Context& context) const;

  /// The names the expression reads, each once, in order of first appearance, dotted names as written.
  const std::vector<std::string>& names() const;
  /// The source text as given to parse().
  const std::string& text() const;

 private:
  explicit Expression(std::shared_ptr<const detail::Program> program) : program_(std::move(program)) {}
  friend struct Statement;

  std::shared_ptr<const detail::Program> program_;
};

/// True when `text` parses as an expression. Text that does not is natural language (advice): callers keep and
/// show it, never execute it. Cheap and never throws.
bool is_expression(std::string_view text);

}  // namespace spak::expr
