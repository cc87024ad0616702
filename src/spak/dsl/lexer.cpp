// The lexer: one pass over the bytes, one token per step. The only context it keeps is whether the current
// line has had anything but blanks yet, which decides whether `#` starts a comment.

#include "spak/dsl/lexer.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace spak::dsl {
namespace {

/// Character classes, one table lookup each (words are most of a file's bytes).
enum : std::uint8_t { kIdentStart = 1, kDigit = 2 };
constexpr std::array<std::uint8_t, 256> kClasses = [] {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80) classes[c] = kIdentStart;
    if (c >= '0' && c <= '9') classes[c] = kDigit;
  }
  return classes;
}();

/// What a token starting with a byte can be: the lexer dispatches on one table lookup instead of testing the
/// byte against each kind in turn (most tokens are words and blanks, which came last in such a chain). Line
/// breaks and blanks come first, so one comparison tells them from all the other kinds.
enum class Start : std::uint8_t { Newline, Return, Blank, Punct, Slash, Hash, Quote, Digit, Word, Control };
constexpr std::array<Start, 256> kStarts = [] {
  std::array<Start, 256> starts{};
  starts.fill(Start::Punct);
  for (int c = 0; c < 256; ++c) {
    if (c < 0x20 || c == 0x7F) starts[c] = Start::Control;
    if (kClasses[c] & kIdentStart) starts[c] = Start::Word;
    if (kClasses[c] & kDigit) starts[c] = Start::Digit;
  }
  starts['\n'] = Start::Newline;
  starts['\r'] = Start::Return;
  starts[' '] = starts['\t'] = starts['\f'] = starts['\v'] = Start::Blank;
  starts['/'] = Start::Slash;
  starts['#'] = Start::Hash;
  starts['"'] = starts['\''] = Start::Quote;
  return starts;
}();

/// The bytes a one-line string literal's scan must look at: quotes, line breaks and the escape character.
constexpr std::array<bool, 256> kStringStops = [] {
  std::array<bool, 256> stops{};
  stops['"'] = stops['\''] = stops['\n'] = stops['\r'] = stops['\\'] = true;
  return stops;
}();

bool is_ident_start(unsigned char c) { return kClasses[c] & kIdentStart; }
bool is_digit(unsigned char c) { return kClasses[c] & kDigit; }
bool is_ident_char(unsigned char c) { return kClasses[c] != 0; }
bool is_blank(unsigned char c) { return kStarts[c] == Start::Blank; }

Diagnostic error_at(std::size_t begin, std::size_t end, std::string message, Hint hint = {}) {
  Diagnostic d;
  d.severity = Diagnostic::Severity::Error;
  d.span.begin = begin;
  d.span.end = end;
  d.message = std::move(message);
  d.hint = hint;
  return d;
}

/// Length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are not valid UTF-8.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;  // overlong
  return n;
}

/// Reports the first NUL byte (a binary file) or the first invalid UTF-8 sequence, once each.
void check_encoding(std::string_view s, std::vector<Diagnostic>& diagnostics) {
  bool nul_reported = false;
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighBits = 0x8080808080808080ull;
  for (std::size_t i = 0; i < s.size();) {
    // Fast path: ASCII bytes without a NUL among them need no further look. Four words are tested with one
    // branch (most of a file is such text), then one; a word that holds a byte to look at leads straight to it.
    if (i + 8 <= s.size()) {
      const auto suspect = [&](std::size_t at) {  // nonzero when the eight bytes at `at` hold a NUL or non-ASCII
        std::uint64_t w;
        std::memcpy(&w, s.data() + at, 8);
        // The lowest flag is exact: a borrow of `w - kOnes` only runs upwards from a zero byte.
        return (w | ((w - kOnes) & ~w)) & kHighBits;
      };
      if (i + 32 <= s.size() && (suspect(i) | suspect(i + 8) | suspect(i + 16) | suspect(i + 24)) == 0) {
        i += 32;
        continue;
      }
      const std::uint64_t flags = suspect(i);
      if (flags == 0) {
        i += 8;
        continue;
      }
      if (std::endian::native == std::endian::little) i += static_cast<std::size_t>(std::countr_zero(flags)) / 8;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0 && !nul_reported) {
        diagnostics.push_back(error_at(i, i + 1, "this looks like a binary file (NUL byte)",
                                       "a .dsl file is UTF-8 text"));
        nul_reported = true;
      }
      ++i;
      continue;
    }
    // A run of multi-byte characters (a word in Korean, an emoji) is decoded straight on, without the word tests
    // in front of each character.
    do {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        diagnostics.push_back(error_at(i, i + 1, fmt::format("invalid UTF-8 byte 0x{:02X}", s[i] & 0xFF),
                                       "save the file as UTF-8"));
        return;
      }
      i += n;
    } while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x80);
  }
}

class Lexer {
 public:
  Lexer(std::string_view s, std::vector<Diagnostic>& diagnostics) : s_(s), diagnostics_(diagnostics) {}

  /// One pass, one token per step. The position and the line-start flag are locals of this loop, so they stay
  /// in registers instead of being stored and reloaded around every token's store.
  std::vector<Token> run() {
    tokens_.reserve(s_.size() / 2 + 16);  // typical text has a token every 3 bytes; never regrow
    std::size_t pos = 0;
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") {
      emit(TokenKind::Bom, pos, 3);
      text_begin_ = 3;
    }
    if (const std::size_t end = front_matter_end(pos); end != pos) emit(TokenKind::FrontMatter, pos, end);
    bool line_start = true;  // nothing but blanks yet on this line: decides whether `#` starts a comment
    while (pos < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[pos]);
      const Start start = kStarts[c];
      if (start <= Start::Blank) {
        if (start == Start::Newline || (start == Start::Return && at(pos + 1) == '\n')) {
          emit(TokenKind::Newline, pos, pos + (start == Start::Newline ? 1 : 2));
          line_start = true;
          continue;
        }
        emit(TokenKind::Space, pos, blanks_end(pos + 1));
        continue;
      }
      const bool was_line_start = line_start;
      line_start = false;
      TokenKind kind = TokenKind::Punct;
      std::size_t end = pos + 1;
      switch (start) {
        case Start::Word: kind = TokenKind::Ident, end = word_end(pos); break;
        case Start::Digit: end = number_end(pos, kind); break;
        case Start::Quote: end = string_end(pos, c, kind); break;
        case Start::Slash:
          if (at(pos + 1) == '/') kind = TokenKind::Comment, end = line_end(pos);
          else if (at(pos + 1) == '*') kind = TokenKind::Comment, end = block_comment_end(pos);
          break;
        case Start::Hash:
          if (hash_is_comment(pos, was_line_start)) kind = TokenKind::Comment, end = line_end(pos);
          break;
        case Start::Control: kind = TokenKind::Other; break;
        default: break;
      }
      emit(kind, pos, end);
    }
    return std::move(tokens_);
  }

 private:
  /// Adds the token [pos, end) and moves `pos` to its end.
  void emit(TokenKind kind, std::size_t& pos, std::size_t end) {
    tokens_.push_back(Token{kind, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(end)});
    pos = end;
  }
  unsigned char at(std::size_t i) const { return i < s_.size() ? static_cast<unsigned char>(s_[i]) : 0; }
  bool at_end(std::size_t i) const { return i >= s_.size(); }

  /// Where the text of the line from `i` ends: before its line break and any carriage returns in front of it
  /// (or of the end of the file). Those belong to the line ending, so a comment keeps none of them, and the
  /// formatter, which ends every line with '\n', cannot turn a stray one into half of a CRLF on the next pass.
  std::size_t line_end(std::size_t i) const {
    std::size_t e = s_.find('\n', i);
    if (e == std::string_view::npos) e = s_.size();
    while (e > i && s_[e - 1] == '\r') --e;
    return e;
  }

  /// Whether a fence line `---` (trailing blanks allowed) starts at `i`.
  bool fence_at(std::size_t i) const {
    if (s_.substr(i, 3) != "---") return false;
    std::size_t j = i + 3;
    while (is_blank(at(j)) || at(j) == '\r') ++j;
    return at_end(j) || at(j) == '\n';
  }

  /// The end of the front matter that starts at `pos`, or `pos` when there is none.
  std::size_t front_matter_end(std::size_t pos) {
    if (!fence_at(pos)) return pos;
    for (std::size_t i = s_.find('\n', pos); i != std::string_view::npos; i = s_.find('\n', i + 1))
      if (fence_at(i + 1)) return line_end(i + 1);
    diagnostics_.push_back(error_at(pos, pos + 3, "front matter is not closed",
                                    "end the YAML front matter with a line holding only `---`"));
    return pos;
  }

  bool hash_is_comment(std::size_t pos, bool line_start) const {
    if (line_start) return true;
    const unsigned char prev = pos > 0 ? at(pos - 1) : '\n';
    const unsigned char next = at(pos + 1);
    return is_blank(prev) && (at_end(pos + 1) || is_blank(next) || next == '\n' || next == '\r');
  }

  std::size_t block_comment_end(std::size_t pos) {
    const std::size_t e = s_.find("*/", pos + 2);
    if (e != std::string_view::npos) return e + 2;
    diagnostics_.push_back(error_at(pos, pos + 2, "unterminated comment", "close it with `*/`"));
    return s_.size();
  }

  /// The end of the string literal (or of the lone apostrophe) at `pos`; sets `kind`.
  std::size_t string_end(std::size_t pos, unsigned char quote, TokenKind& kind) {
    const char q = static_cast<char>(quote);
    const std::string_view triple = q == '"' ? std::string_view("\"\"\"") : std::string_view("'''");
    if (s_.substr(pos, 3) == triple) {
      kind = TokenKind::TripleString;
      const std::size_t e = s_.find(triple, pos + 3);
      if (e != std::string_view::npos) return e + 3;
      diagnostics_.push_back(error_at(pos, pos + 3, "unterminated triple-quoted string",
                                      q == '"' ? Hint("close it with \"\"\"") : Hint("close it with '''")));
      return s_.size();
    }
    // An apostrophe right after a word is prose ("don't"), not the start of a string.
    // (The byte order mark is not a word: an apostrophe right after it opens a string, as at the file's start.)
    if (quote == '\'' && pos > text_begin_ && is_ident_char(at(pos - 1))) {
      kind = TokenKind::Punct;
      return pos + 1;
    }
    kind = TokenKind::String;
    std::size_t e = pos + 1;
    while (true) {
      while (e < s_.size() && !kStringStops[static_cast<unsigned char>(s_[e])]) ++e;  // ordinary characters
      if (at_end(e)) break;
      const unsigned char d = at(e);
      if (d == quote) return e + 1;
      if (d == '\n' || (d == '\r' && at(e + 1) == '\n')) break;
      e += (d == '\\' && !at_end(e + 1) && at(e + 1) != '\n') ? 2 : 1;
    }
    diagnostics_.push_back(error_at(pos, pos + 1, "unterminated string",
                                    quote == '"' ? Hint("close it with \" on the same line, or use a triple-quoted "
                                                        "string for text over several lines")
                                                 : Hint("close it with ' on the same line, or use a triple-quoted "
                                                        "string for text over several lines")));
    return e;
  }

  /// The end of the run of blanks (and lone carriage returns) from `i`. The common bytes are scanned by a loop
  /// that tests one table entry and the end per byte; a carriage return, rare, is looked at apart.
  std::size_t blanks_end(std::size_t i) const {
    const auto* const bytes = reinterpret_cast<const unsigned char*>(s_.data());
    const std::size_t n = s_.size();
    while (true) {
      while (i < n && is_blank(bytes[i])) ++i;
      if (i == n || bytes[i] != '\r' || at(i + 1) == '\n') return i;
      ++i;
    }
  }

  /// The end of the word from `i`: runs of word characters, joined by single inner `-` and `.`. As in
  /// blanks_end(), the common bytes get a loop of their own.
  std::size_t word_end(std::size_t i) const {
    const auto* const bytes = reinterpret_cast<const unsigned char*>(s_.data());
    const std::size_t n = s_.size();
    while (true) {
      while (i < n && is_ident_char(bytes[i])) ++i;
      if (i == n) return i;
      const unsigned char c = bytes[i];
      if (!((c == '-' && is_ident_start(at(i + 1))) || (c == '.' && is_ident_char(at(i + 1))))) return i;
      i += 2;
    }
  }

  /// The end of the number at `pos`; sets `kind` (digits running into letters are a word).
  std::size_t number_end(std::size_t pos, TokenKind& kind) const {
    std::size_t e = pos;
    while (is_digit(at(e)) || (at(e) == '_' && is_digit(at(e + 1)))) ++e;
    if (at(e) == '.' && is_digit(at(e + 1))) {
      ++e;
      while (is_digit(at(e)) || (at(e) == '_' && is_digit(at(e + 1)))) ++e;
    }
    if ((at(e) | 0x20) == 'e') {
      std::size_t x = e + 1;
      if (at(x) == '+' || at(x) == '-') ++x;
      if (is_digit(at(x))) {
        e = x;
        while (is_digit(at(e))) ++e;
      }
    }
    // Digits running into letters (`64x128`, `2d`) are one word, not a number.
    if (is_ident_start(at(e))) {
      kind = TokenKind::Ident;
      return word_end(e);
    }
    kind = TokenKind::Number;
    return e;
  }

  std::string_view s_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<Token> tokens_;
  std::size_t text_begin_ = 0;  ///< where the text starts: after the byte order mark, if any
};

}  // namespace

std::vector<Token> lex(std::string_view text, std::vector<Diagnostic>& diagnostics) {
  check_encoding(text, diagnostics);
  return Lexer(text, diagnostics).run();
}

}  // namespace spak::dsl
