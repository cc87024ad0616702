// Lexes the range (only when a diagnostic needs it) and matches the text against its string literals, then
// against the raw source.

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
  // Only the range is lexed: it starts at a token, outside any string or comment, and lexing the whole file per
  // diagnostic made a file with many of them quadratic (100 MB of repeated systems: minutes instead of seconds).
  const std::string_view range = source.substr(begin, end - begin);
  std::vector<Diagnostic> ignored;
  std::vector<std::uint32_t> offsets;
  for (const Token& token : lex(range, ignored)) {
    if (token.kind != TokenKind::String && token.kind != TokenKind::TripleString) continue;
    offsets.clear();
    const std::string_view literal = token.text(range);
    if (string_literal_content(literal, token.kind == TokenKind::TripleString, &offsets) != text) continue;
    // Past the last character (an error at the end of the text) points at the closing quote.
    return begin + token.begin +
           (byte < offsets.size() ? offsets[byte] : literal.size() - (literal.size() > 1 ? 1 : 0));
  }
  // A bare value comes after its key, so the last occurrence in the range is the value itself.
  const std::size_t found = range.rfind(text);
  return found == std::string_view::npos ? begin : begin + found + byte;
}

}  // namespace spak::dsl
