// Offsets to lines and code-point columns: within a line and across lines, UTF-8, CRLF and the BOM, and spans
// located one after another (the cursor and the same-line shortcut must give what a fresh lookup gives).

#include "spak/dsl/source_map.h"

#include <gtest/gtest.h>

#include <string>

namespace spak::dsl {
namespace {

Span located(const SourceMap& map, std::size_t begin, std::size_t end) {
  Span s;
  s.begin = begin;
  s.end = end;
  map.locate(s);
  return s;
}

TEST(SourceMap, ColumnsCountCodePoints) {
  const std::string text = "a: 1\n한글: \"🚀 x\"\n";
  const SourceMap map(text);
  const std::size_t x = text.find('x');
  EXPECT_EQ(map.position(x), (std::pair<std::uint32_t, std::uint32_t>{2, 8}));
  const Span s = located(map, text.find("한"), x + 1);
  EXPECT_EQ(s.line, 2u);
  EXPECT_EQ(s.col, 1u);
  EXPECT_EQ(s.end_line, 2u);
  EXPECT_EQ(s.end_col, 9u);
}

TEST(SourceMap, SpanOverSeveralLines) {
  const std::string text = "x {\r\n  é: 1\r\n}\r\n";
  const SourceMap map(text);
  const Span s = located(map, 0, text.find('}') + 1);
  EXPECT_EQ(s.line, 1u);
  EXPECT_EQ(s.col, 1u);
  EXPECT_EQ(s.end_line, 3u);
  EXPECT_EQ(s.end_col, 2u);
  EXPECT_EQ(map.line_text(2), "  é: 1");
}

TEST(SourceMap, TheByteOrderMarkIsNotAColumn) {
  const std::string text = "\xEF\xBB\xBFsystem S {}\n";
  const SourceMap map(text);
  const Span whole = located(map, 0, text.find('}') + 1);
  EXPECT_EQ(whole.col, 1u);
  EXPECT_EQ(whole.end_col, 12u);  // the same as without the BOM
  const Span name = located(map, text.find('S'), text.find('S') + 1);
  EXPECT_EQ(name.col, 8u);
  EXPECT_EQ(name.end_col, 9u);
}

TEST(SourceMap, SpansInAnyOrderAgreeWithFreshLookups) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    // Appended piece by piece: GCC 12 misreads `"k" + std::to_string(i)` as an overlapping memcpy (-Wrestrict).
    text += 'k';
    text += std::to_string(i);
    text += ": \"é";
    text.append(i % 7, 'x');
    text += "\"\n";
  }
  const SourceMap map(text);
  for (std::size_t step : {1u, 7u, 13u}) {
    for (std::size_t begin = 0; begin < text.size(); begin += step) {
      const std::size_t end = std::min(text.size(), begin + step * 3);
      const Span s = located(map, begin, end);
      const SourceMap fresh(text);
      EXPECT_EQ((std::pair{s.line, s.col}), fresh.position(begin)) << begin;
      EXPECT_EQ((std::pair{s.end_line, s.end_col}), SourceMap(text).position(end)) << end;
    }
  }
}

}  // namespace
}  // namespace spak::dsl
