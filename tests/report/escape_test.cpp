#include "spak/report/escape.h"

#include <gtest/gtest.h>

#include "spak/report/svg.h"

using namespace spak::report;

TEST(EscapeXml, EveryMarkupCharacter) {
  EXPECT_EQ(escape_xml(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(escape_xml("tile_m × 64 — ok"), "tile_m × 64 — ok");  // UTF-8 passes through
}

TEST(Slug, LowerCaseWordsJoinedByDashes) {
  EXPECT_EQ(slug("GemmH100 / tile_m"), "gemmh100-tile-m");
  EXPECT_EQ(slug("--"), "x");
  EXPECT_EQ(slug("<script>"), "script");
}

TEST(Shorten, NeverCutsACharacterInHalf) {
  EXPECT_EQ(shorten("short", 10), "short");
  EXPECT_EQ(shorten("abcdef", 3), "abc…");
  EXPECT_EQ(shorten("ab×cd", 3), "ab…");  // × is two bytes: cutting after one would be invalid UTF-8
}

TEST(Svg, EscapesEveryStringItWrites) {
  Svg svg(100, 50, "id\"onload=\"x", "plot", "<title>");
  svg.text(1, 2, "</text><script>alert(1)</script>", "c", Anchor::Start, 0, "tip<&>");
  svg.circle(1, 1, 1, "dot", "#fff", "trial 3: order=\"ikj\"");
  const std::string out = svg.str();
  EXPECT_EQ(out.find("<script"), std::string::npos) << out;
  EXPECT_EQ(out.find("id\"onload"), std::string::npos) << out;
  EXPECT_NE(out.find("&lt;/text&gt;&lt;script&gt;"), std::string::npos) << out;
  EXPECT_NE(out.find("order=&quot;ikj&quot;"), std::string::npos) << out;
  EXPECT_EQ(out.find("http"), std::string::npos) << "inline SVG in HTML needs no xmlns URL";
}
