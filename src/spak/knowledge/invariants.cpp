#include "spak/knowledge/invariants.h"

#include <fmt/format.h>

#include "spak/expr/error.h"

namespace spak::knowledge {

std::string Violation::message() const {
  return fmt::format("invariant {}: `{}` {}", invariant, assertion, reason);
}

InvariantChecker::InvariantChecker(const dsl::System& system) {
  for (const dsl::Invariant& inv : system.knowledge.invariants) {
    for (const std::string& text : inv.asserts) {
      Assert a{inv.name, text, std::nullopt, "", inv.span};
      expr::ExprError why;
      a.expression = expr::Expression::try_parse(text, &why);
      if (!a.expression) {
        a.parse_error = why.what();
        unchecked_.push_back(fmt::format("invariant {}: {}", inv.name, text));
      }
      all_.push_back(std::move(a));
    }
  }
  for (std::size_t i = 0; i < all_.size(); ++i)
    if (all_[i].expression) checkable_.push_back(i);
}

InvariantResult InvariantChecker::evaluate(const Assert& a, const expr::Context& context) const {
  InvariantResult r{a.invariant, a.text, InvariantResult::Status::Holds, "", a.span};
  if (!a.expression) {
    r.status = InvariantResult::Status::NaturalLanguage;
    r.detail = a.parse_error;
    return r;
  }
  try {
    bool holds = a.expression->test(context);
    r.status = holds ? InvariantResult::Status::Holds : InvariantResult::Status::Violated;
    r.detail = a.expression->bindings(context);
  } catch (const expr::ExprError& e) {
    r.status = InvariantResult::Status::Error;
    r.detail = e.what();
  }
  return r;
}

std::optional<Violation> InvariantChecker::check(const expr::Context& context) const {
  // The hot path: one evaluation per assert, and text for the message only when one fails.
  for (std::size_t i : checkable_) {
    const Assert& a = all_[i];
    try {
      if (a.expression->test(context)) continue;
      return Violation{a.invariant, a.text, fmt::format("is false ({})", a.expression->bindings(context)), false,
                       a.span};
    } catch (const expr::ExprError& e) {
      return Violation{a.invariant, a.text, fmt::format("cannot be evaluated: {}", e.what()), true, a.span};
    }
  }
  return std::nullopt;
}

std::vector<InvariantResult> InvariantChecker::check_all(const expr::Context& context) const {
  std::vector<InvariantResult> out;
  for (const Assert& a : all_) out.push_back(evaluate(a, context));
  return out;
}

std::optional<Violation> check_invariants(const dsl::System& system, const expr::Context& context) {
  return InvariantChecker(system).check(context);
}

std::string describe(const InvariantResult& r) {
  std::string where = r.span.line ? fmt::format("{}:{}:{}: ", r.span.file, r.span.line, r.span.col) : "";
  switch (r.status) {
    case InvariantResult::Status::Holds:
      return fmt::format("{}invariant {}: {} holds ({})", where, r.invariant, r.assertion, r.detail);
    case InvariantResult::Status::Violated:
      return fmt::format("{}invariant {}: {} is violated ({})", where, r.invariant, r.assertion, r.detail);
    case InvariantResult::Status::Error:
      return fmt::format("{}invariant {}: {} cannot be evaluated: {}", where, r.invariant, r.assertion, r.detail);
    case InvariantResult::Status::NaturalLanguage:
      return fmt::format("{}invariant {}: \"{}\" is natural language, not checked", where, r.invariant, r.assertion);
  }
  return where;
}

const char* status_name(InvariantResult::Status status) {
  switch (status) {
    case InvariantResult::Status::Holds: return "holds";
    case InvariantResult::Status::Violated: return "violated";
    case InvariantResult::Status::Error: return "error";
    case InvariantResult::Status::NaturalLanguage: return "natural language";
  }
  return "?";
}

}  // namespace spak::knowledge
