#include "spak/expr/expression.h"

#include "spak/expr/evaluator.h"
#include "spak/expr/parser.h"

namespace spak::expr {

Expression Expression::parse(std::string_view text) { return Expression(detail::parse_program(text)); }

std::optional<Expression> Expression::try_parse(std::string_view text, ExprError* error) {
  try {
    return parse(text);
  } catch (const ExprError& e) {
    if (error) *error = e;
    return std::nullopt;
  }
}

Value Expression::evaluate(const Context& context) const { return detail::evaluate(*program_, context); }

bool Expression::test(const Context& context) const { return evaluate(context).truthy(); }

std::string Expression::bindings(const Context& context) const {
  std::string out;
  for (const std::string& name : names()) {
    std::string shown = "unknown";  // short-circuiting can decide without a name the context lacks
    try {
      shown = parse(name).evaluate(context).repr();
    } catch (const ExprError&) {
    }
    out += (out.empty() ? "" : ", ") + name + " = " + shown;
  }
  return out;
}

const std::vector<std::string>& Expression::names() const { return program_->name_list; }

const std::string& Expression::text() const { return program_->text; }

bool is_expression(std::string_view text) { return Expression::try_parse(text).has_value(); }

}  // namespace spak::expr
