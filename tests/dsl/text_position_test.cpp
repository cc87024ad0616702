// Mapping a code point of a value's text back to the source: through quotes and escapes, in code points, for
// bare values after their key, and to the range start when the text is not there.

#include "spak/dsl/text_position.h"

#include <gtest/gtest.h>

#include "spak/dsl/string_literal.h"

namespace spak::dsl {
namespace {

TEST(TextPosition, InsideAStringPastEscapes) {
  const std::string source = "c {\n  \"a \\\"b\\\" + )\"\n}\n";
  const std::string text = "a \"b\" + )";  // the string's content
  const std::size_t begin = source.find('"'), end = source.rfind('"') + 1;
  EXPECT_EQ(offset_of_text_column(source, begin, end, text, 9), source.find(')'));
  EXPECT_EQ(offset_of_text_column(source, begin, end, text, 3), source.find("\\\"b"));  // the escape itself
  EXPECT_EQ(offset_of_text_column(source, begin, end, text, 1), begin + 1);
  // One past the end of the text (an error at the end of the expression) is the closing quote.
  EXPECT_EQ(offset_of_text_column(source, begin, end, text, 10), end - 1);
}

TEST(TextPosition, CountsCodePoints) {
  const std::string source = "x { assert: \"한글 == 1 +\" }\n";
  const std::size_t begin = source.find("assert"), end = source.rfind('"') + 1;
  EXPECT_EQ(offset_of_text_column(source, begin, end, "한글 == 1 +", 9), source.find('+'));
}

TEST(TextPosition, BareValueAfterItsKey) {
  const std::string source = "when: when > > 1\n";
  EXPECT_EQ(offset_of_text_column(source, 0, source.size() - 1, "when > > 1", 8), source.rfind('>'));
}

TEST(TextPosition, OnTheRightLineOfABlock) {
  const std::string source = "system S {\n  constraints {\n    \"a <\"\n  }\n}\n";
  const std::size_t begin = source.find("constraints"), end = source.rfind("}\n}") + 1;
  EXPECT_EQ(offset_of_text_column(source, begin, end, "a <", 4), source.find("<\"") + 1);
}

TEST(TextPosition, OnlyTheRangeCountsNotAnEarlierEqualLiteral) {
  // The range is lexed on its own: the same text earlier in the file, and a triple-quoted string holding quotes
  // before it, do not move the result out of the range.
  const std::string source = "a: \"\"\"x \"p <\" y\"\"\"\nb: \"p <\"\nc: \"p <\"\n";
  const std::size_t begin = source.find("c:"), end = source.size() - 1;
  EXPECT_EQ(offset_of_text_column(source, begin, end, "p <", 3), source.rfind('<'));
  EXPECT_EQ(offset_of_text_column(source, begin, end, "p <", 4), source.size() - 2);  // c's closing quote
}

TEST(TextPosition, TextNotInTheRangeGivesItsStart) {
  EXPECT_EQ(offset_of_text_column("abc: def\n", 0, 8, "zzz", 2), 0u);
}

TEST(StringLiteral, OffsetsFollowEscapesAndTripleQuotes) {
  std::vector<std::uint32_t> offsets;
  EXPECT_EQ(string_literal_content(R"("a\nb\q")", false, &offsets), "a\nb\\q");
  EXPECT_EQ(offsets, (std::vector<std::uint32_t>{1, 2, 4, 5, 6}));
  offsets.clear();
  EXPECT_EQ(string_literal_content(R"("""x "y" z""")", true, &offsets), R"(x "y" z)");
  EXPECT_EQ(offsets.front(), 3u);
  EXPECT_EQ(string_literal_content("'open", false), "open");
}

}  // namespace
}  // namespace spak::dsl
