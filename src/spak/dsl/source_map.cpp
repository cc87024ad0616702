// Line starts are found once; positions are a binary search plus a code-point count within one line.

#include "spak/dsl/source_map.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace spak::dsl {

SourceMap::SourceMap(std::string_view text) : text_(text) {
  starts_.reserve(text.size() / 16 + 2);  // lines are rarely shorter: no regrowth copies for a large file
  starts_.push_back(0);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin; p != end && (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));)
    starts_.push_back(static_cast<std::size_t>(++p - begin));
  starts_.push_back(text.size() + 1);  // the sentinel: every line has a next start, past its last offset
}

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

/// Continuation bytes (0b10xxxxxx: bit 7 set, bit 6 clear) among the eight bytes of `w`. ASCII words (the common
/// case) need no bit count, which without a popcount instruction is a dozen more.
std::size_t continuation_bytes(std::uint64_t w) {
  return (w & kHighBits) == 0 ? 0 : static_cast<std::size_t>(std::popcount(w & ~(w << 1) & kHighBits));
}

/// Number of code points in text[from, to): the bytes that are not UTF-8 continuation bytes. Eight bytes at a
/// time; the last partial word is the eight bytes ending at `to` with those before it shifted out, when the text
/// has them (spans are short, so that word is most of a count, and a loop over its bytes cost several times more).
/// Always inlined: as a call, saving and restoring locate()'s registers around it cost as much as the count.
[[gnu::always_inline]] inline std::size_t code_points(std::string_view text, std::size_t from, std::size_t to) {
  std::size_t continuation = 0, i = from;
  std::uint64_t w;
  for (; i + 8 <= to; i += 8) {
    std::memcpy(&w, text.data() + i, 8);
    continuation += continuation_bytes(w);
  }
  if (const std::size_t rest = to - i; rest != 0 && to >= 8 && std::endian::native == std::endian::little) {
    std::memcpy(&w, text.data() + to - 8, 8);
    continuation += continuation_bytes(w >> (8 * (8 - rest)));
  } else {
    for (; i < to; ++i) continuation += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  }
  return to - from - continuation;
}

}  // namespace

int visual_width(std::string_view text, int width) {
  for (char c : text) {
    if (c == '\t') width = (width / 8 + 1) * 8;
    else width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return width;
}

inline std::pair<std::uint32_t, std::uint32_t> SourceMap::find(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const std::size_t* const starts = starts_.data();
  std::size_t k = last_line_;
  if (starts[k] <= offset) {
    // Forward, usually to the next line or a few lines on (the next entry, a short block's end): step, and gallop
    // only past kSteps lines, so the lookup stays near the cursor instead of bisecting the whole file. The sentinel
    // ends every walk: no bound test.
    constexpr std::size_t kSteps = 4;
    for (std::size_t step = 0; starts[k + 1] <= offset && step < kSteps; ++step) ++k;
    if (starts[k + 1] <= offset) {
      std::size_t lo = k, stride = 2;
      const std::size_t last = lines() - 1;
      while (lo + stride <= last && starts[lo + stride] <= offset) lo += stride, stride *= 2;
      k = static_cast<std::size_t>(std::upper_bound(starts + lo, starts + std::min(lo + stride, last + 1), offset) -
                                   starts) - 1;
    }
  } else {
    k = static_cast<std::size_t>(std::upper_bound(starts, starts + k, offset) - starts) - 1;
  }
  last_line_ = k;
  const auto line = static_cast<std::uint32_t>(k) + 1;
  std::size_t line_start = starts[k];
  // The BOM is not a column.
  if (line_start == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) line_start = 3;
  const auto col = static_cast<std::uint32_t>(code_points(text_, line_start, offset)) + 1;
  return {line, col};
}

std::pair<std::uint32_t, std::uint32_t> SourceMap::position(std::size_t offset) const { return find(offset); }

void SourceMap::locate(Span& span) const {
  std::tie(span.line, span.col) = find(span.begin);
  const std::size_t begin_line = last_line_;
  const std::size_t end = std::min(span.end, text_.size());
  const bool in_bom = span.begin < 3 && text_.substr(0, 3) == "\xEF\xBB\xBF";
  if (end >= span.begin && !in_bom && end < starts_[begin_line + 1]) {
    // Most spans end on the line they begin on: count on from the begin instead of from the line start.
    span.end_line = span.line;
    span.end_col = span.col + static_cast<std::uint32_t>(code_points(text_, span.begin, end));
    return;
  }
  // The end is searched from the begin's line without moving the cursor, so the next span's begin (usually
  // just after this begin) is found again in constant time.
  std::tie(span.end_line, span.end_col) = find(span.end);
  last_line_ = begin_line;
}

std::string_view SourceMap::line_text(std::uint32_t line) const {
  if (line == 0 || line > lines()) return {};
  const std::size_t begin = starts_[line - 1];
  std::size_t end = starts_[line] - 1;  // the last line's next start is the sentinel, one past the text's end
  if (end > begin && text_[end - 1] == '\r') --end;
  std::string_view s = text_.substr(begin, end - begin);
  if (begin == 0 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

}  // namespace spak::dsl
