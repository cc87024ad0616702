// Decoding string literals; the only place that knows the escapes.

#include "spak/dsl/string_literal.h"

#include <algorithm>

namespace spak::dsl {

std::string string_literal_content(std::string_view s, bool triple, std::vector<std::uint32_t>* offsets) {
  if (triple) {
    std::size_t end = s.size();
    if (s.size() >= 6 && s.substr(s.size() - 3) == s.substr(0, 3)) end -= 3;
    std::string out(s.substr(3, end - 3));
    if (offsets)
      for (std::size_t i = 3; i < end; ++i) offsets->push_back(static_cast<std::uint32_t>(i));
    return out;
  }
  // Written through a pointer into a string as long as the literal (the content is never longer) and cut to size at
  // the end: a call per run of text or per escape cost more than the copying.
  std::string out(s.size(), '\0');
  char* o = out.data();
  auto emit = [&](char c, std::size_t from) {
    *o++ = c;
    if (offsets) offsets->push_back(static_cast<std::uint32_t>(from));
  };
  const char quote = s[0];
  // Stops at the first unescaped closing quote. The text between escapes goes in a run at a time.
  std::size_t i = 1;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] != quote && s[j] != '\\') ++j;
    o = std::copy(s.data() + i, s.data() + j, o);
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
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

}  // namespace spak::dsl
