// Lexer: every byte lands in a token, comments follow the `#` rule, strings and numbers are recognised.

#include "spak/dsl/lexer.h"

#include <gtest/gtest.h>

namespace spak::dsl {
namespace {

std::vector<std::pair<TokenKind, std::string>> kinds(std::string_view text, std::vector<Diagnostic>* diags = nullptr) {
  std::vector<Diagnostic> local;
  std::vector<std::pair<TokenKind, std::string>> out;
  for (const Token& t : lex(text, diags ? *diags : local)) out.emplace_back(t.kind, std::string(t.text(text)));
  return out;
}

TEST(Lexer, TokensCoverEveryByte) {
  const std::string text = "\xEF\xBB\xBFsystem A { x: [1, 2] } // c\r\n# h\n";
  std::vector<Diagnostic> diags;
  std::string joined;
  std::uint32_t expect = 0;
  for (const Token& t : lex(text, diags)) {
    EXPECT_EQ(t.begin, expect);
    expect = t.end;
    joined += t.text(text);
  }
  EXPECT_EQ(joined, text);
  EXPECT_TRUE(diags.empty());
}

TEST(Lexer, HashIsACommentOnlyAtLineStartOrBetweenBlanks) {
  auto t = kinds("m_i = -inf  # running max\ncolor: #333;\ndiv #log-entries { }\n  # indented\n");
  auto is_comment = [&](const std::string& s) {
    for (auto& [k, text] : t) if (text == s) return k == TokenKind::Comment;
    return false;
  };
  EXPECT_TRUE(is_comment("# running max"));
  EXPECT_TRUE(is_comment("# indented"));
  for (auto& [k, text] : t) EXPECT_NE(text, "#333;") << "the CSS colour must not be a comment";
  EXPECT_EQ(t[std::size_t(std::find_if(t.begin(), t.end(), [](auto& p) { return p.second == "color"; }) - t.begin()) + 3].second, "#");
}

TEST(Lexer, StringsNumbersAndWords) {
  auto t = kinds(R"(a-b.c "x\"y" 'z' """multi
line""" 1_000 1e-5 0.99 64x128 don't)");
  std::vector<std::pair<TokenKind, std::string>> sig;
  for (auto& p : t) if (p.first != TokenKind::Space) sig.push_back(p);
  ASSERT_EQ(sig.size(), 11u);
  EXPECT_EQ(sig[0], std::make_pair(TokenKind::Ident, std::string("a-b.c")));
  EXPECT_EQ(sig[1].first, TokenKind::String);
  EXPECT_EQ(sig[2].first, TokenKind::String);
  EXPECT_EQ(sig[3].first, TokenKind::TripleString);
  EXPECT_EQ(sig[4], std::make_pair(TokenKind::Number, std::string("1_000")));
  EXPECT_EQ(sig[5], std::make_pair(TokenKind::Number, std::string("1e-5")));
  EXPECT_EQ(sig[6], std::make_pair(TokenKind::Number, std::string("0.99")));
  EXPECT_EQ(sig[7], std::make_pair(TokenKind::Ident, std::string("64x128")));
  EXPECT_EQ(sig[8], std::make_pair(TokenKind::Ident, std::string("don")));
  EXPECT_EQ(sig[9], std::make_pair(TokenKind::Punct, std::string("'")));  // an apostrophe, not a string
}

TEST(Lexer, FrontMatterOnlyAtStart) {
  auto t = kinds("---\ntitle: x\n---\nsystem A {}\n");
  EXPECT_EQ(t[0].first, TokenKind::FrontMatter);
  EXPECT_EQ(t[0].second, "---\ntitle: x\n---");
  auto u = kinds("system A {}\n---\n");
  for (auto& p : u) EXPECT_NE(p.first, TokenKind::FrontMatter);
}

TEST(Lexer, ReportsUnterminatedThings) {
  for (std::string text : {"x: \"open\n", "/* never closed", "p: \"\"\"open", "---\nno end\n"}) {
    std::vector<Diagnostic> diags;
    kinds(text, &diags);
    ASSERT_EQ(diags.size(), 1u) << text;
    EXPECT_EQ(diags[0].severity, Diagnostic::Severity::Error);
  }
}

TEST(Lexer, ReportsBinaryAndInvalidUtf8Once) {
  std::vector<Diagnostic> diags;
  kinds(std::string("a\0b\0c", 5), &diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags[0].message.find("binary"), std::string::npos);
  diags.clear();
  kinds("a \xff\xfe b \xc3", &diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags[0].message.find("UTF-8"), std::string::npos);
  diags.clear();
  kinds("한국어 🚀", &diags);
  EXPECT_TRUE(diags.empty());
}

}  // namespace
}  // namespace spak::dsl
