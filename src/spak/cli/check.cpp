// `spak check FILE...`: parse and lower each file, print its diagnostics, exit 1 when any file has errors.
// Beyond structure it reports, as warnings, every constraint, invariant assert and rule `when` / `recommend` /
// `apply` that does not parse as an expression, pointing at the code point where the expression parser stopped
// (DSL.md §4: such text is natural language, kept and never evaluated).

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/dsl/load.h"
#include "spak/dsl/source_map.h"
#include "spak/dsl/text_position.h"
#include "spak/expr/expression.h"
#include "spak/expr/statement.h"
#include "spak/knowledge/context.h"
#include "spak/knowledge/invariants.h"

namespace spak::cli {
namespace {

/// Collects a warning for each expression of a file's systems that does not parse.
class ExpressionCheck {
 public:
  explicit ExpressionCheck(const dsl::LoadResult& loaded) : loaded_(loaded), map_(loaded.source) {}

  std::vector<dsl::Diagnostic> run() {
    for (const dsl::System& system : loaded_.document.systems) {
      for (const dsl::Constraint& c : system.constraints) expression(c.expr, c.span, "constraint", "checked");
      for (const dsl::Invariant& inv : system.knowledge.invariants)
        for (const std::string& text : inv.asserts) expression(text, assert_span(inv, text), "assert", "checked");
      for (const dsl::Rule& rule : system.knowledge.rules)
        for (const dsl::Field& f : rule.fields) {
          if (f.key == "when") expression(f.text(), f.span, "when", "evaluated");
          if (f.key == "recommend" || f.key == "apply") statement(f.text(), f.span, f.key);
        }
    }
    std::stable_sort(found_.begin(), found_.end(),
                     [](const dsl::Diagnostic& a, const dsl::Diagnostic& b) { return a.span.begin < b.span.begin; });
    return std::move(found_);
  }

 private:
  /// The span of the `assert:` field holding `text`, else the whole invariant (an assert written as a statement).
  static const dsl::Span& assert_span(const dsl::Invariant& inv, const std::string& text) {
    for (const dsl::Field& f : inv.fields)
      if (f.key == "assert" && f.text() == text) return f.span;
    return inv.span;
  }

  void expression(const std::string& text, const dsl::Span& where, std::string_view what, std::string_view never) {
    expr::ExprError why;
    if (!expr::Expression::try_parse(text, &why)) warn(text, where, why, what, never);
  }

  void statement(const std::string& text, const dsl::Span& where, std::string_view what) {
    expr::ExprError why;
    if (!expr::Statement::try_parse(text, &why)) warn(text, where, why, what, "applied");
  }

  void warn(const std::string& text, const dsl::Span& where, const expr::ExprError& why, std::string_view what,
            std::string_view never) {
    dsl::Diagnostic d;
    d.severity = dsl::Diagnostic::Severity::Warning;
    d.span.file = where.file;
    d.span.begin = d.span.end = dsl::offset_of_text_column(loaded_.source, where.begin, where.end, text,
                                                           static_cast<std::size_t>(std::max(why.column(), 0)));
    map_.locate(d.span);
    d.message = fmt::format("`{}` is not an expression ({}); it is kept as natural language and never {}", what,
                            why.message(), never);
    d.hint = what == "recommend" || what == "apply"
                 ? dsl::Hint("write `name = expr` (or `select axis = expr`), or move advice to a `hint`")
                 : dsl::Hint("write an expression (DSL.md §4), e.g. \"tile_m * tile_n <= 16384\", or move prose "
                             "to a `hint`");
    found_.push_back(std::move(d));
  }

  const dsl::LoadResult& loaded_;
  dsl::SourceMap map_;
  std::vector<dsl::Diagnostic> found_;
};

}  // namespace

void add_check_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::vector<std::string> files, sets;
    bool werror = false, quiet = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Parse and check .dsl files; print errors and warnings as file:line:col diagnostics");
  cmd->footer(
      "Warnings: unknown sections and keys, and constraints, asserts and rule when/recommend/apply that are not\n"
      "expressions (kept as natural language, never evaluated).\n"
      "Exit status: 0 when no file has errors, 1 when one has, cannot be read, or (with --werror) has a warning.");
  cmd->add_option("files", options->files, "The .dsl files to check")->required();
  cmd->add_flag("--werror", options->werror, "Treat warnings as errors");
  cmd->add_flag("-q,--quiet", options->quiet, "Print errors only (no warnings, no summary)");
  cmd->add_option("--set", options->sets,
                  "name=value for evaluating the invariants (repeatable); a violated one makes the exit status 1");
  cmd->callback([options, &invocation] {
    DiagnosticCounts counts;
    std::size_t violated = 0;
    const auto show = options->quiet ? ShowDiagnostics::ErrorsOnly : ShowDiagnostics::All;
    for (const std::string& file : options->files) {
      const std::optional<dsl::LoadResult> result = load_for_command(file, invocation, show, &counts);
      if (!result) continue;
      for (const dsl::Diagnostic& d : ExpressionCheck(*result).run()) {
        ++counts.warnings;
        if (!options->quiet) fmt::print(stderr, "{}", dsl::render(d, result->source));
      }
      if (options->sets.empty()) continue;
      knowledge::ContextBuilder inputs;
      for (const std::string& set : options->sets) inputs.add_assignment(set);
      for (const dsl::System& system : result->document.systems)
        for (const knowledge::InvariantResult& r : knowledge::InvariantChecker(system).check_all(inputs.context())) {
          violated += r.status == knowledge::InvariantResult::Status::Violated ||
                      r.status == knowledge::InvariantResult::Status::Error;
          fmt::print("{}\n", knowledge::describe(r));
        }
    }
    if (!options->quiet)
      fmt::print(stderr, "{} file{} checked: {} error{}, {} warning{}\n", options->files.size(),
                 options->files.size() == 1 ? "" : "s", counts.errors, counts.errors == 1 ? "" : "s",
                 counts.warnings, counts.warnings == 1 ? "" : "s");
    const bool failed = counts.errors > 0 || violated > 0 || (options->werror && counts.warnings > 0);
    invocation.exit_code = failed ? 1 : 0;
  });
}

}  // namespace spak::cli
