#pragma once
// Source-located messages about a .dsl file and their one printed format:
//
//   file:line:col: error: message
//     <the source line>
//     <spaces>^
//     hint: what to do about it
//
// Structural problems (an unclosed `{`, an unterminated string) are errors; schema problems (an unknown
// section or key) are warnings. Columns count code points, so the caret lines up under UTF-8 text.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "spak/dsl/ir.h"

namespace spak::dsl {

/// What to do about a diagnostic: always a fixed sentence, so it is held as a view of a string literal (a large
/// file has one warning per unknown line, and copying the same sentence into each was one allocation apiece).
class Hint {
 public:
  constexpr Hint() = default;
  template <std::size_t N>
  constexpr Hint(const char (&literal)[N]) : text_(literal, N - 1) {}  // NOLINT(google-explicit-constructor)

  constexpr std::string_view text() const { return text_; }
  constexpr bool empty() const { return text_.empty(); }

 private:
  std::string_view text_;
};

/// One message about a place in a source file.
struct Diagnostic {
  enum class Severity { Error, Warning, Note };
  Severity severity = Severity::Error;
  Span span;
  std::string message;
  Hint hint;  ///< empty when there is nothing useful to add
};

/// "error", "warning" or "note".
std::string_view severity_name(Diagnostic::Severity severity);

/// The diagnostic as the user sees it: the location line, the source line with a caret, and the hint if any.
/// `source` is the whole file the span points into; it ends with a newline.
std::string render(const Diagnostic& diagnostic, std::string_view source);

/// True when any diagnostic is an error.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace spak::dsl
