#include "spak/lift/source.h"

#include <algorithm>

#include "spak/util/error.h"

namespace spak::lift {

int SourceFile::line_of(std::size_t offset) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  return static_cast<int>(it - line_starts.begin());
}

std::string_view SourceFile::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts.size()) return {};
  std::size_t begin = line_starts[line - 1];
  std::size_t end = text.find('\n', begin);
  if (end == std::string::npos) end = text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(begin, end - begin);
}

namespace {

/// Blanks [begin, end) of `out` except newlines.
void blank(std::string& out, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end && i < out.size(); ++i)
    if (out[i] != '\n') out[i] = ' ';
}

/// Offset just past a quoted string that opens at `i` with `quote` (backslash escapes; stops at a newline
/// for single-line strings so one stray quote cannot swallow the file).
std::size_t skip_string(std::string_view s, std::size_t i, char quote) {
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] == '\\') { ++j; continue; }
    if (s[j] == quote || s[j] == '\n') return j + 1;
  }
  return s.size();
}

std::string blank_python(std::string_view s) {
  std::string out(s);
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '#') {
      std::size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      blank(out, i, end);
      i = end;
    } else if ((c == '"' || c == '\'') && s.substr(i, 3) == std::string(3, c)) {
      std::size_t close = s.find(std::string(3, c), i + 3);
      std::size_t end = close == std::string_view::npos ? s.size() : close + 3;
      blank(out, i, end);
      i = end;
    } else if (c == '"' || c == '\'') {
      i = skip_string(s, i, c);
    } else {
      ++i;
    }
  }
  return out;
}

std::string blank_c(std::string_view s) {
  std::string out(s);
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      std::size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      blank(out, i, end);
      i = end;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      std::size_t close = s.find("*/", i + 2);
      std::size_t end = close == std::string_view::npos ? s.size() : close + 2;
      blank(out, i, end);
      i = end;
    } else if (c == '"' || c == '\'') {
      i = skip_string(s, i, c);
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string blank_comments(std::string_view text, CommentStyle style) {
  return style == CommentStyle::Python ? blank_python(text) : blank_c(text);
}

SourceFile make_source(std::string path, std::string language, std::string text, CommentStyle style) {
  if (std::size_t nul = text.find('\0'); nul != std::string::npos)
    throw Error("{}: not a source file (binary data: NUL byte at offset {}); spak lift reads kernel source text",
                path, nul);
  SourceFile source;
  source.path = std::move(path);
  source.language = std::move(language);
  source.text = std::move(text);
  source.code = blank_comments(source.text, style);
  source.line_starts.push_back(0);
  for (std::size_t i = 0; i < source.text.size(); ++i)
    if (source.text[i] == '\n' && i + 1 < source.text.size()) source.line_starts.push_back(i + 1);
  return source;
}

}  // namespace spak::lift
