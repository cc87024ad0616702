#pragma once
// Invariants: `invariant Name { assert: "…" }` must hold for every configuration that runs. The tuner builds an
// InvariantChecker once per sweep and calls check() for every configuration before running it; a configuration
// that violates one is skipped with the Violation's message. `spak check --set …` shows every result.
//
// An assert that cannot be evaluated (it reads a name the context lacks, divides by zero) counts as violated:
// an invariant that cannot be shown to hold must not let a configuration run. An assert in natural language
// can never be checked; it is listed as unchecked instead.

#include <optional>
#include <string>
#include <vector>

#include "spak/dsl/ir.h"
#include "spak/expr/context.h"
#include "spak/expr/expression.h"

namespace spak::knowledge {

/// An invariant that does not hold, and why.
struct Violation {
  std::string invariant;                  ///< its name
  std::string assertion;                  ///< the assert text
  std::string reason;                     ///< "is false (num_heads = 12, num_head_kv = 5)" or the evaluation error
  bool evaluation_error = false;          ///< true when the assert could not be evaluated at all
  dsl::Span span;

  /// One line for logs and skip reasons: invariant GQA_Safety: `num_heads % num_head_kv == 0` is false (…).
  std::string message() const;
};

/// One assert's result, for reports.
struct InvariantResult {
  enum class Status { Holds, Violated, Error, NaturalLanguage };
  std::string invariant, assertion;
  Status status = Status::Holds;
  std::string detail;                     ///< the values it read, the error, or why it is not an expression
  dsl::Span span;
};

/// The invariants of a system, parsed once, checked against many contexts.
class InvariantChecker {
 public:
  explicit InvariantChecker(const dsl::System& system);

  /// The first assert that does not hold in `context` (in file order), or nullopt when all hold.
  std::optional<Violation> check(const expr::Context& context) const;
  /// Every assert's result, natural-language ones included.
  std::vector<InvariantResult> check_all(const expr::Context& context) const;

  /// Number of checkable asserts.
  std::size_t size() const { return checkable_.size(); }
  /// "invariant Name: text" for each assert written in natural language (never checked).
  const std::vector<std::string>& unchecked() const { return unchecked_; }

 private:
  struct Assert {
    std::string invariant, text;
    std::optional<expr::Expression> expression;  ///< empty for natural language
    std::string parse_error;
    dsl::Span span;
  };
  InvariantResult evaluate(const Assert& a, const expr::Context& context) const;

  std::vector<Assert> all_;                ///< every assert in file order
  std::vector<std::size_t> checkable_;     ///< indices in all_ of the asserts that are expressions
  std::vector<std::string> unchecked_;
};

/// Convenience for a single check: parses the invariants of `system` and checks `context` once. Callers that
/// check many configurations keep an InvariantChecker instead.
std::optional<Violation> check_invariants(const dsl::System& system, const expr::Context& context);

/// One line for people: `file:line:col: invariant GQA_Safety: num_heads % num_head_kv == 0 holds (num_heads =
/// 32, num_head_kv = 8)`; a violation says `is violated (…)`, an error `cannot be evaluated: …`.
std::string describe(const InvariantResult& result);

/// "holds", "violated", "error", "natural language".
const char* status_name(InvariantResult::Status status);

}  // namespace spak::knowledge
