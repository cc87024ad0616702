#pragma once
// The tokens of a .dsl file. Tokens cover the text completely and in order (whitespace and comments are
// tokens too), so concatenating them gives back the file byte for byte.

#include <cstdint>
#include <string_view>

namespace spak::dsl {

enum class TokenKind : std::uint8_t {
  Bom,           ///< the UTF-8 byte order mark at the very start
  FrontMatter,   ///< `---` … `---` at the start of the file, both fence lines included (not the last newline)
  Newline,       ///< "\n" or "\r\n"
  Space,         ///< a run of spaces, tabs and lone "\r"
  Comment,       ///< `// …`, `# …` (to the end of the line, newline excluded) or `/* … */`
  String,        ///< "…" or '…' with backslash escapes, on one line
  TripleString,  ///< """…""" or '''…''', raw, may span lines
  Number,        ///< 64, 0.99, 1e-5, 1_000 (a sign is a separate Punct token)
  Ident,         ///< a word: letters, digits, `_`, non-ASCII, with inner `-` and `.` (extraction-date, tool.run)
  Punct,         ///< one ASCII punctuation character
  Other,         ///< one control byte (kept, never interpreted)
};

/// One token: its kind and the byte range [begin, end) it covers in the source.
struct Token {
  TokenKind kind;
  std::uint32_t begin, end;

  std::string_view text(std::string_view source) const { return source.substr(begin, end - begin); }
  /// Blanks, line breaks, comments and the byte order mark: one bit test (every pass over tokens asks this).
  bool is_trivia() const {
    constexpr auto bit = [](TokenKind k) { return 1u << static_cast<unsigned>(k); };
    constexpr unsigned trivia = bit(TokenKind::Space) | bit(TokenKind::Newline) | bit(TokenKind::Comment) |
                                bit(TokenKind::Bom);
    return (trivia >> static_cast<unsigned>(kind)) & 1u;
  }
};

}  // namespace spak::dsl
