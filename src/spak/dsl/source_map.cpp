// Line starts are found once; positions are a binary search plus a code-point count within one line.

#include "spak/dsl/source_map.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace spak::dsl {

SourceMap::SourceMap(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) starts_.push_back(i + 1);
}

std::size_t code_points(std::string_view text) {
  // Eight bytes at a time: a continuation byte is 0b10xxxxxx, so bit 7 set and bit 6 clear.
  std::size_t continuation = 0, i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    continuation += static_cast<std::size_t>(std::popcount(w & ~(w << 1) & 0x8080808080808080ull));
  }
  for (; i < text.size(); ++i) continuation += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  return text.size() - continuation;
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
  auto on_line = [&](std::size_t k) { return starts_[k] <= offset && (k + 1 == starts_.size() || offset < starts_[k + 1]); };
  if (!on_line(last_line_)) {
    if (last_line_ + 1 < starts_.size() && on_line(last_line_ + 1)) {
      ++last_line_;
    } else {
      const auto from = starts_[last_line_] <= offset ? starts_.begin() + last_line_ : starts_.begin();
      last_line_ = static_cast<std::size_t>(std::upper_bound(from, starts_.end(), offset) - starts_.begin()) - 1;
    }
  }
  const auto line = static_cast<std::uint32_t>(last_line_) + 1;
  std::size_t line_start = starts_[last_line_];
  // The BOM is not a column.
  if (line_start == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) line_start = 3;
  const auto col = static_cast<std::uint32_t>(code_points(text_.substr(line_start, offset - line_start))) + 1;
  return {line, col};
}

void SourceMap::locate(Span& span) const {
  std::tie(span.line, span.col) = position(span.begin);
  // The end is searched from the begin's line without moving the cursor, so the next span's begin (usually
  // just after this begin) is found again in constant time.
  const std::size_t begin_line = last_line_;
  std::tie(span.end_line, span.end_col) = position(span.end);
  last_line_ = begin_line;
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
