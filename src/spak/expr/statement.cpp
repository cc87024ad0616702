#include "spak/expr/statement.h"

#include "spak/expr/parser.h"

namespace spak::expr {

Statement Statement::parse(std::string_view text) {
  detail::ParsedStatement parsed = detail::parse_statement(text);
  return Statement{parsed.select ? Kind::Select : Kind::Assign, std::move(parsed.target), parsed.target_column,
                   Expression(std::move(parsed.value))};
}

std::optional<Statement> Statement::try_parse(std::string_view text, ExprError* error) {
  try {
    return parse(text);
  } catch (const ExprError& e) {
    if (error) *error = e;
    return std::nullopt;
  }
}

std::string Statement::describe_target() const { return kind == Kind::Select ? "select " + target : target; }

}  // namespace spak::expr
