// Diagnostics: the printed format (location, source line, caret under the right code point, hint), several
// errors per file, and schema problems as warnings.

#include "spak/dsl/diagnostic.h"

#include <gtest/gtest.h>

#include "spak/dsl/load.h"

namespace spak::dsl {
namespace {

TEST(Diagnostic, RendersLocationLineCaretAndHint) {
  LoadResult r = load_string("system A {\n  note: \"한국 unterminated\n}\n", "a.dsl");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(render(r.diagnostics[0], r.source),
            "a.dsl:2:9: error: unterminated string\n"
            "    note: \"한국 unterminated\n"
            "          ^\n"
            "  hint: close it with \" on the same line, or use a triple-quoted string for text over several lines\n");
}

TEST(Diagnostic, ColumnsCountCodePointsAndTabsKeepAlignment) {
  LoadResult r = load_string("\tsystem 🚀 {\n", "t.dsl");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].span.line, 1u);
  EXPECT_EQ(r.diagnostics[0].span.col, 11u);
  EXPECT_NE(render(r.diagnostics[0], r.source).find("\n  \t         ^\n"), std::string::npos);
}

TEST(Diagnostic, SeveralErrorsInOneFileInSourceOrder) {
  LoadResult r = load_string("task A {\n}\n}\nb: 'open\ntask C {\n", "m.dsl");
  ASSERT_EQ(r.diagnostics.size(), 3u);
  EXPECT_EQ(r.diagnostics[0].span.line, 3u);  // stray }
  EXPECT_EQ(r.diagnostics[1].span.line, 4u);  // unterminated string
  EXPECT_EQ(r.diagnostics[2].span.line, 5u);  // unclosed {
  EXPECT_FALSE(r.ok());
}

TEST(Diagnostic, UnknownThingsAreWarningsNotErrors) {
  LoadResult r = load_string("system A {\n  mystery { x: 1 }\n  knowledge { rule \"R\" { colour: red } }\n}\n", "w.dsl");
  EXPECT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].severity, Diagnostic::Severity::Warning);
  EXPECT_NE(r.diagnostics[0].message.find("unknown section `mystery`"), std::string::npos);
  EXPECT_NE(r.diagnostics[1].message.find("unknown key `colour`"), std::string::npos);
  EXPECT_NE(render(r.diagnostics[0], r.source).find("w.dsl:2:3: warning:"), std::string::npos);
}

}  // namespace
}  // namespace spak::dsl
