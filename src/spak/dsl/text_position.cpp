// Re-lexes the file (only when a diagnostic needs it) and matches the text against the string literals of the
// range, then against the raw source.

#include "spak/dsl/text_position.h"

#include <algorithm>
#include <vector>

#include "spak/dsl/lexer.h"
#include "spak/dsl/string_literal.h"

namespace spak::dsl {
namespace {

/// Byte index in `text` of its code point `column` (1-based, 0 = start); past the end gives text.size().
std::size_t byte_of_code_point(std::string_view text, std::size_t column) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++seen == column) return i;
  }
  return column == 0 ? 0 : text.size();
}

}  // namespace

std::size_t offset_of_text_column(std::string_view source, std::size_t begin, std::size_t end,
                                  std::string_view text, std::size_t column) {
  end = std::min(end, source.size());
  if (begin >= end) return std::min(begin, source.size());
  const std::size_t byte = byte_of_code_point(text, column);
  std::vector<Diagnostic> ignored;
  const std::vector<Token> tokens = lex(source, ignored);
  auto it = std::lower_bound(tokens.begin(), tokens.end(), begin,
                             [](const Token& t, std::size_t offset) { return t.begin < offset; });
  std::vector<std::uint32_t> offsets;
  for (; it != tokens.end() && it->end <= end; ++it) {
    if (it->kind != TokenKind::String && it->kind != TokenKind::TripleString) continue;
    offsets.clear();
    const std::string_view literal = it->text(source);
    if (string_literal_content(literal, it->kind == TokenKind::TripleString, &offsets) != text) continue;
    // Past the last character (an error at the end of the text) points at the closing quote.
    return it->begin + (byte < offsets.size() ? offsets[byte] : literal.size() - (literal.size() > 1 ? 1 : 0));
  }
  // A bare value comes after its key, so the last occurrence in the range is the value itself.
  const std::size_t found = source.substr(begin, end - begin).rfind(text);
  return found == std::string_view::npos ? begin : begin + found + byte;
}

}  // namespace spak::dsl
