// Decoding string literals; the only place that knows the escapes.

#include "spak/dsl/string_literal.h"

namespace spak::dsl {

std::string string_literal_content(std::string_view s, bool triple, std::vector<std::uint32_t>* offsets) {
  std::string out;
  auto emit = [&](char c, std::size_t from) {
    out += c;
    if (offsets) offsets->push_back(static_cast<std::uint32_t>(from));
  };
  if (triple) {
    std::size_t end = s.size();
    if (s.size() >= 6 && s.substr(s.size() - 3) == s.substr(0, 3)) end -= 3;
    out.reserve(end - 3);
    if (!offsets) return out.assign(s.substr(3, end - 3));
    for (std::size_t i = 3; i < end; ++i) emit(s[i], i);
    return out;
  }
  const char quote = s[0];
  out.reserve(s.size());
  if (!offsets) {
    // Without offsets, the text between escapes is appended a run at a time (the loop below adds one character
    // per step); the result is the same.
    std::size_t i = 1;
    while (i < s.size()) {
      std::size_t j = i;
      while (j < s.size() && s[j] != quote && s[j] != '\\') ++j;
      out.append(s.data() + i, j - i);
      if (j == s.size() || s[j] == quote) break;
      if (j + 1 == s.size()) {  // a backslash at the very end stays
        out += '\\';
        break;
      }
      const char c = s[j + 1];
      switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '\\': case '"': case '\'': case '/': out += c; break;
        default: out += '\\'; out += c;  // unknown escapes stay as written (regexes, paths)
      }
      i = j + 2;
    }
    return out;
  }
  // Stops at the first unescaped closing quote.
  for (std::size_t i = 1; i < s.size() && s[i] != quote; ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      emit(s[i], i);
      continue;
    }
    const std::size_t at = i;
    const char c = s[++i];
    switch (c) {
      case 'n': emit('\n', at); break;
      case 't': emit('\t', at); break;
      case 'r': emit('\r', at); break;
      case '\\': case '"': case '\'': case '/': emit(c, at); break;
      default: emit('\\', at); emit(c, i);  // unknown escapes stay as written (regexes, paths)
    }
  }
  return out;
}

}  // namespace spak::dsl
