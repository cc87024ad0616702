// Formatter: the canonical layout on small inputs; idempotence and meaning preservation are property-tested in
// property_test.cpp.

#include "spak/dsl/format.h"

#include <gtest/gtest.h>

#include "spak/dsl/parser.h"

namespace spak::dsl {
namespace {

std::string fmt(const std::string& text) {
  std::vector<Diagnostic> diags;
  SyntaxTree tree = parse(text, diags);
  EXPECT_TRUE(diags.empty());
  return format(tree);
}

TEST(Format, ReindentsByStructure) {
  EXPECT_EQ(fmt("system A {\nx: 1\n        b {\n  y: 2   \n}\n}"), "system A {\n  x: 1\n  b {\n    y: 2\n  }\n}\n");
}

TEST(Format, SqueezesBlankLinesAndDropsThemInsideBraces) {
  EXPECT_EQ(fmt("\n\na {\n\n  x: 1\n\n\n\n  y: 2\n\n}\n\n\n"), "a {\n  x: 1\n\n  y: 2\n}\n");
}

TEST(Format, KeepsSuitesRelativeIndentationAndBracketContinuations) {
  EXPECT_EQ(fmt("m {\n      procedure k:\n          a\n            b\n          c\n  x: [\n1,\n      2\n]\n}\n"),
            "m {\n  procedure k:\n    a\n      b\n    c\n  x: [\n    1,\n    2\n  ]\n}\n");
}

TEST(Format, ALineAfterAColonGetsNoSuiteTheInputDidNotHave) {
  // Found by the fuzzer: `{:` indented by the braces before it put the next line deeper than `:`'s column, so the
  // formatted text gave `:` a suite and the second pass indented it again.
  const std::string once = fmt("{{{}\n{:\n:{}}}}");
  EXPECT_EQ(once, "{{{}\n  {:\n   :{}}}}\n");
  EXPECT_EQ(fmt(once), once);
  // A real suite keeps its deeper lines.
  EXPECT_EQ(fmt("a {\nfor i:\n  x\n}"), "a {\n  for i:\n    x\n}\n");
}

TEST(Format, ASuiteWhoseFirstLineStartsWithACommentStaysASuite) {
  // Found by the fuzzer: in ":\n /**/ s" the suite opens at `s`, after the comment; the formatter looked for it at
  // the line's first token, wrote the line at column 0, and the formatted text read `s` as an item of its own.
  EXPECT_EQ(fmt(":\n /**/ s"), ":\n  /**/ s\n");
  EXPECT_EQ(fmt("a {\nk:\n   /* c */ v\n     w\n}"), "a {\n  k:\n    /* c */ v\n      w\n}\n");
}

TEST(Format, StrayCarriageReturnsEndingACommentLineGoWithTheLineEnding) {
  // Found by the fuzzer: `//\r` at the end of the file kept the CR in the comment; written with '\n' after it,
  // the next pass read a CRLF and dropped it.
  for (const char* text : {"//\r", "// a\r\r\n", "x: 1 # c\r"}) {
    const std::string once = fmt(text);
    EXPECT_EQ(once.find('\r'), std::string::npos) << text;
    EXPECT_EQ(fmt(once), once) << text;
  }
}

TEST(Format, AByteOrderMarkThatWasNotFirstStaysIndented) {
  // Found by the fuzzer: "\t\uFEFF**/ P" lost its tab, so the U+FEFF became the file's byte order mark and the
  // next pass dropped it.
  const std::string once = fmt("\t\xEF\xBB\xBF**/ P");
  EXPECT_EQ(once, " \xEF\xBB\xBF**/ P\n");
  EXPECT_EQ(fmt(once), once);
}

TEST(Format, AnApostropheRightAfterTheByteOrderMarkOpensAStringAsWithout) {
  // Found by the fuzzer: after the BOM's last byte the `'` read as an apostrophe in a word, so the file had no
  // error, but fmt drops the BOM and the same `'` then opened an unterminated string.
  std::vector<Diagnostic> with_bom, without;
  parse("\xEF\xBB\xBF'", with_bom);
  parse("'", without);
  EXPECT_EQ(has_errors(with_bom), has_errors(without));
  EXPECT_TRUE(has_errors(with_bom));
}

TEST(Format, KeepsCommentsStringsAndInlineSpacing) {
  const std::string text = "a {  // c1\n  p: \"\"\"x\n   y  \n\"\"\"   # c2\n  /* c3\n     c4 */ q:   1\n}\n";
  EXPECT_EQ(fmt(text), text);
}

TEST(Format, NormalisesLineEndingsAndBom) {
  EXPECT_EQ(fmt("\xEF\xBB\xBF" "a {\r\n  x: 1\r\n}\r\n"), "a {\n  x: 1\n}\n");
}

}  // namespace
}  // namespace spak::dsl
