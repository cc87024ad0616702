#include "spak/expr/lexer.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <fmt/format.h>

#include "spak/expr/error.h"

namespace spak::expr::detail {
namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

/// Walks the text byte by byte while keeping the code-point column.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    for (;;) {
      skip_space();
      Token token;
      token.column = column_;
      if (pos_ >= text_.size()) {
        tokens.push_back(token);
        return tokens;
      }
      char c = text_[pos_];
      if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
        lex_number(token);
      } else if (is_ident_start(c)) {
        lex_name(token);
      } else if (c == '\'' || c == '"') {
        lex_string(token);
      } else {
        lex_punct(token);
      }
      tokens.push_back(std::move(token));
    }
  }

 private:
  void advance() {
    ++pos_;
    // A column is a code point: continuation bytes (10xxxxxx) do not start a new one.
    if (pos_ >= text_.size() || (static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) ++column_;
  }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r'))
      advance();
  }

  /// Digits with single `_` separators between them (Python's rule); returns them without the separators.
  std::string digits(bool (*accept)(char), const char* what) {
    std::string out;
    while (accept(peek()) || peek() == '_') {
      if (peek() == '_') {
        if (out.empty() || !accept(peek(1)))
          throw ExprError(column_, fmt::format("'_' in a number must stand between two {} digits", what));
      } else {
        out += peek();
      }
      advance();
    }
    return out;
  }

  void lex_number(Token& token) {
    std::size_t start = pos_;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      advance();
      advance();
      std::string hex = digits([](char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); },
                               "hex");
      if (hex.empty()) throw ExprError(token.column, "'0x' must be followed by hex digits");
      errno = 0;
      unsigned long long v = std::strtoull(hex.c_str(), nullptr, 16);
      if (errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX))
        throw ExprError(token.column, fmt::format("integer literal {} is too large for a 64-bit integer",
                                                  text_.substr(start, pos_ - start)));
      token.kind = Tok::Int;
      token.int_value = static_cast<std::int64_t>(v);
    } else {
      std::string number = digits(is_digit, "decimal");
      bool is_float = false;
      if (peek() == '.' && is_digit(peek(1))) {
        is_float = true;
        advance();
        number += '.' + digits(is_digit, "decimal");
      } else if (peek() == '.' && !is_ident_start(peek(1))) {
        is_float = true;  // `2.` is a float, but `t.x` after a number is left for the parser to reject
        advance();
        number += '.';
      }
      if ((peek() == 'e' || peek() == 'E') &&
          (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
        is_float = true;
        number += 'e';
        advance();
        if (peek() == '+' || peek() == '-') {
          number += peek();
          advance();
        }
        number += digits(is_digit, "decimal");
      }
      if (is_float) {
        token.kind = Tok::Float;
        token.float_value = std::strtod(number.c_str(), nullptr);
      } else {
        errno = 0;
        long long v = std::strtoll(number.c_str(), nullptr, 10);
        if (errno == ERANGE)
          throw ExprError(token.column, fmt::format("integer literal {} is too large for a 64-bit integer",
                                                    text_.substr(start, pos_ - start)));
        token.kind = Tok::Int;
        token.int_value = v;
      }
    }
    if (is_ident_char(peek()))
      throw ExprError(column_, fmt::format("unexpected '{}' right after the number {}", peek(),
                                           text_.substr(start, pos_ - start)));
    token.text = std::string(text_.substr(start, pos_ - start));
  }

  void lex_name(Token& token) {
    std::size_t start = pos_;
    for (;;) {
      while (is_ident_char(peek())) advance();
      // A dot continues the name only when an identifier follows: `t.utilization`, `Performance.tflops`.
      if (peek() == '.' && is_ident_start(peek(1))) {
        advance();
        continue;
      }
      break;
    }
    token.text = std::string(text_.substr(start, pos_ - start));
    struct Keyword {
      std::string_view word;
      Tok kind;
    };
    // Python's capitalised constants are accepted too: people paste them.
    static constexpr Keyword keywords[] = {
        {"and", Tok::And},   {"or", Tok::Or},     {"not", Tok::Not},     {"in", Tok::In},
        {"if", Tok::If},     {"else", Tok::Else}, {"true", Tok::True},   {"false", Tok::False},
        {"null", Tok::Null}, {"True", Tok::True}, {"False", Tok::False}, {"None", Tok::Null},
    };
    token.kind = Tok::Name;
    for (const Keyword& k : keywords)
      if (token.text == k.word) token.kind = k.kind;
  }

  void lex_string(Token& token) {
    char quote = peek();
    advance();
    std::string value;
    for (;;) {
      if (pos_ >= text_.size())
        throw ExprError(token.column, fmt::format("string starting at column {} is not closed; add the closing {}",
                                                  token.column, quote));
      char c = peek();
      if (c == quote) {
        advance();
        break;
      }
      if (c == '\\' && pos_ + 1 < text_.size()) {
        advance();
        char e = peek();
        switch (e) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case 'r': value += '\r'; break;
          case '0': value += '\0'; break;
          default: value += e; break;  // \\ \' \" and any other escaped character stand for themselves
        }
        advance();
        continue;
      }
      value += c;
      advance();
    }
    token.kind = Tok::String;
    token.text = std::move(value);
  }

  void lex_punct(Token& token) {
    char c = peek(), n = peek(1);
    auto two = [&](Tok kind) {
      advance();
      advance();
      token.kind = kind;
    };
    auto one = [&](Tok kind) {
      advance();
      token.kind = kind;
    };
    switch (c) {
      case '(': return one(Tok::LParen);
      case ')': return one(Tok::RParen);
      case '[': return one(Tok::LBracket);
      case ']': return one(Tok::RBracket);
      case ',': return one(Tok::Comma);
      case '+': return one(Tok::Plus);
      case '-': return one(Tok::Minus);
      case '%': return one(Tok::Percent);
      case '*': return n == '*' ? two(Tok::StarStar) : one(Tok::Star);
      case '/': return n == '/' ? two(Tok::SlashSlash) : one(Tok::Slash);
      case '=': return n == '=' ? two(Tok::EqEq) : one(Tok::Assign);
      case '!': return n == '=' ? two(Tok::NotEq) : one(Tok::Not);
      case '<': return n == '=' ? two(Tok::Le) : one(Tok::Lt);
      case '>': return n == '=' ? two(Tok::Ge) : one(Tok::Gt);
      case '&':
        if (n == '&') return two(Tok::And);
        throw ExprError(column_, "unexpected '&'; write 'and' (or '&&') for a logical and");
      case '|':
        if (n == '|') return two(Tok::Or);
        throw ExprError(column_, "unexpected '|'; write 'or' (or '||') for a logical or");
      default:
        break;
    }
    // Report the whole code point, not one byte of it.
    std::size_t len = 1;
    unsigned char lead = static_cast<unsigned char>(c);
    if (lead >= 0xF0) len = 4;
    else if (lead >= 0xE0) len = 3;
    else if (lead >= 0xC0) len = 2;
    throw ExprError(column_, fmt::format("unexpected character '{}'", text_.substr(pos_, len)));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int column_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

std::string describe(Tok kind) {
  switch (kind) {
    case Tok::Int: case Tok::Float: return "a number";
    case Tok::String: return "a string";
    case Tok::Name: return "a name";
    case Tok::And: return "'and'";
    case Tok::Or: return "'or'";
    case Tok::Not: return "'not'";
    case Tok::In: return "'in'";
    case Tok::If: return "'if'";
    case Tok::Else: return "'else'";
    case Tok::True: return "'true'";
    case Tok::False: return "'false'";
    case Tok::Null: return "'null'";
    case Tok::LParen: return "'('";
    case Tok::RParen: return "')'";
    case Tok::LBracket: return "'['";
    case Tok::RBracket: return "']'";
    case Tok::Comma: return "','";
    case Tok::Plus: return "'+'";
    case Tok::Minus: return "'-'";
    case Tok::Star: return "'*'";
    case Tok::Slash: return "'/'";
    case Tok::SlashSlash: return "'//'";
    case Tok::Percent: return "'%'";
    case Tok::StarStar: return "'**'";
    case Tok::EqEq: return "'=='";
    case Tok::NotEq: return "'!='";
    case Tok::Lt: return "'<'";
    case Tok::Le: return "'<='";
    case Tok::Gt: return "'>'";
    case Tok::Ge: return "'>='";
    case Tok::Assign: return "'='";
    case Tok::End: return "the end of the expression";
  }
  return "a token";
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case Tok::Int: case Tok::Float: case Tok::Name: return fmt::format("'{}'", token.text);
    case Tok::String: return fmt::format("the string '{}'", token.text);
    default: return describe(token.kind);
  }
}

}  // namespace spak::expr::detail
