#pragma once
// Splits expression text into tokens (internal to src/spak/expr). Columns are 1-based and count code points,
// so an error in `device == '한국' and x` points at the right character.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spak::expr::detail {

/// The kinds of token the expression language has.
enum class Tok : std::uint8_t {
  Int, Float, String, Name,
  And, Or, Not, In, If, Else, True, False, Null,   // keywords (`&&` `||` `!` lex as And, Or, Not)
  LParen, RParen, LBracket, RBracket, Comma,
  Plus, Minus, Star, Slash, SlashSlash, Percent, StarStar,
  EqEq, NotEq, Lt, Le, Gt, Ge, Assign,
  End,
};

/// One token with its source position.
struct Token {
  Tok kind = Tok::End;
  int column = 0;           ///< 1-based code-point column of the first character
  std::string text;         ///< as written (for names: the dotted name; for strings: the decoded value)
  std::int64_t int_value = 0;
  double float_value = 0;
};

/// Tokenizes `text`; the last token is always Tok::End. Throws ExprError for a character or literal that
/// cannot start or finish a token (an unterminated string, `1__0`, `$`).
std::vector<Token> tokenize(std::string_view text);

/// How a token kind is written, for messages: "')'", "'and'", "a number", "the end of the expression".
std::string describe(Tok kind);
/// How a token is written in messages: its text quoted, or describe(kind) for End.
std::string describe(const Token& token);

}  // namespace spak::expr::detail
