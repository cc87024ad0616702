// Line starts are found once; positions are a binary search plus a code-point count within one line.

#include "spak/dsl/source_map.h"

#include <algorithm>

namespace spak::dsl {

SourceMap::SourceMap(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) starts_.push_back(i + 1);
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

int visual_width(std::string_view text, int width) {
  for (char c : text) {
    if (c == '\t') width = (width / 8 + 1) * 8;
    else width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return width;
}

std::pair<std::uint32_t, std::uint32_t> SourceMap::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset) - 1;
  const auto line = static_cast<std::uint32_t>(it - starts_.begin()) + 1;
  std::size_t line_start = *it;
  // The BOM is not a column.
  if (line_start == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) line_start = 3;
  const auto col = static_cast<std::uint32_t>(code_points(text_.substr(line_start, offset - line_start))) + 1;
  return {line, col};
}

void SourceMap::locate(Span& span) const {
  std::tie(span.line, span.col) = position(span.begin);
  std::tie(span.end_line, span.end_col) = position(span.end);
}

std::string_view SourceMap::line_text(std::uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  const std::size_t begin = starts_[line - 1];
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  std::string_view s = text_.substr(begin, end - begin);
  if (begin == 0 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

}  // namespace spak::dsl
