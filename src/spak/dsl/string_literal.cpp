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
  // Stops at the first unescaped closing quote. The text between escapes goes in a run at a time.
  std::size_t i = 1;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] != quote && s[j] != '\\') ++j;
    out.append(s.data() + i, j - i);
    if (offsets)
      for (std::size_t k = i; k < j; ++k) offsets->push_back(static_cast<std::uint32_t>(k));
    if (j == s.size() || s[j] == quote) break;
    if (j + 1 == s.size()) {  // a backslash at the very end stays
      emit('\\', j);
      break;
    }
    const char c = s[j + 1];
    switch (c) {
      case 'n': emit('\n', j); break;
      case 't': emit('\t', j); break;
      case 'r': emit('\r', j); break;
      case '\\': case '"': case '\'': case '/': emit(c, j); break;
      default: emit('\\', j); emit(c, j + 1);  // unknown escapes stay as written (regexes, paths)
    }
    i = j + 2;
  }
  return out;
}

}  // namespace spak::dsl
