#pragma once
// Turns byte offsets into 1-based lines and code-point columns, and gives the text of a line.

#include <cstdint>
#include <string_view>
#include <vector>

#include "spak/dsl/ir.h"

namespace spak::dsl {

/// The start offset of every line of a text, for fast offset → (line, column) lookups. Lookups remember the
/// last line found (the lowering asks in nearly increasing order), so one SourceMap must not be shared between
/// threads.
class SourceMap {
 public:
  explicit SourceMap(std::string_view text);

  /// 1-based line and code-point column of byte `offset`.
  std::pair<std::uint32_t, std::uint32_t> position(std::size_t offset) const;
  /// Fills span.line/col/end_line/end_col from span.begin/end.
  void locate(Span& span) const;
  /// The text of 1-based line `line`, without its line ending.
  std::string_view line_text(std::uint32_t line) const;

 private:
  /// position(), inline for locate(), which asks twice per span (the call was a tenth of locating).
  std::pair<std::uint32_t, std::uint32_t> find(std::size_t offset) const;

  /// Number of lines: starts_ ends with a sentinel.
  std::size_t lines() const { return starts_.size() - 1; }

  std::string_view text_;
  std::vector<std::size_t> starts_;  ///< the start offset of each line, then text_.size() + 1
  mutable std::size_t last_line_ = 0;  ///< index into starts_ of the line of the previous lookup
};

/// Visual width of a line prefix, as indentation is measured: a tab advances to the next multiple of 8,
/// every other code point is 1 wide. `width` is the width so far, so long lines can be measured piecewise.
int visual_width(std::string_view text, int width = 0);

}  // namespace spak::dsl
