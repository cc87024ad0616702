// Parser: tree shape (items, blocks, suites, inline maps), lossless printing, and structural errors.

#include "spak/dsl/parser.h"

#include <gtest/gtest.h>

namespace spak::dsl {
namespace {

struct Parsed {
  std::string text;
  std::vector<Diagnostic> diags;
  SyntaxTree tree;
  explicit Parsed(std::string t) : text(std::move(t)), tree(parse(text, diags)) {}
  std::vector<std::uint32_t> items(std::uint32_t n) const {
    std::vector<std::uint32_t> out;
    for (auto c : tree.children(n)) if (tree.nodes[c].kind == NodeKind::Item) out.push_back(c);
    return out;
  }
  std::uint32_t body(std::uint32_t item) const {
    for (auto c : tree.children(item)) if (tree.nodes[c].body) return c;
    return Node::kNone;
  }
};

TEST(Parser, BlocksItemsAndText) {
  Parsed p("system A {\n  x: 1  y: 2\n  rule \"R\" { when: \"a\" }\n}\nimport \"b.dsl\"\n");
  EXPECT_TRUE(p.diags.empty());
  auto top = p.items(0);
  ASSERT_EQ(top.size(), 2u);
  const auto sys = p.body(top[0]);
  ASSERT_NE(sys, Node::kNone);
  EXPECT_EQ(p.tree.nodes[sys].kind, NodeKind::Braces);
  auto inner = p.items(sys);
  ASSERT_EQ(inner.size(), 2u);
  EXPECT_EQ(p.tree.node_text(inner[0]), "x: 1  y: 2");
  EXPECT_EQ(p.tree.node_text(inner[1]), "rule \"R\" { when: \"a\" }");
  EXPECT_EQ(print(p.tree), p.text);
}

TEST(Parser, SuiteOwnsDeeperLines) {
  Parsed p("m {\n  procedure k:\n    a = 1\n    for i:\n      b\n    c\n  d: 2\n}\n");
  EXPECT_TRUE(p.diags.empty());
  auto items = p.items(p.body(p.items(0)[0]));
  ASSERT_EQ(items.size(), 2u);
  const auto suite = p.body(items[0]);
  ASSERT_NE(suite, Node::kNone);
  EXPECT_EQ(p.tree.nodes[suite].kind, NodeKind::Suite);
  EXPECT_EQ(p.items(suite).size(), 3u);  // a = 1, for i: (with its own suite), c
  EXPECT_EQ(print(p.tree), p.text);
}

TEST(Parser, CommentOpeningTheLineAfterAColonLeavesItUnindented) {
  // Found by the fuzzer: the blank after the comment was taken for the line's indentation, so `s` opened a
  // suite under `a:` that closed at once, and both the suite and the next item printed `s`.
  for (const char* text : {"a:\n/**/ s", "a:\n/**/ s\n", ":\n/**/ s"}) {
    Parsed p(text);
    EXPECT_EQ(print(p.tree), p.text) << text;
    EXPECT_EQ(p.items(0).size(), 2u) << text;  // `a:` and `s`: no suite
  }
  Parsed deeper("a:\n  /**/ s\n");  // indented by its leading blanks: a suite of `a:`
  EXPECT_EQ(print(deeper.tree), deeper.text);
  ASSERT_EQ(deeper.items(0).size(), 1u);
  EXPECT_EQ(deeper.tree.nodes[deeper.body(deeper.items(0)[0])].kind, NodeKind::Suite);
}

TEST(Parser, ListsContinueOverLinesAndMapsNestInsideThem) {
  Parsed p("x: [\n  {a: 1},\n  {b: 2}\n]\ny: 3\n");
  EXPECT_TRUE(p.diags.empty());
  auto items = p.items(0);
  ASSERT_EQ(items.size(), 2u);
  int maps = 0;
  for (auto c : p.tree.children(items[0])) maps += p.tree.nodes[c].kind == NodeKind::Braces && !p.tree.nodes[c].body;
  EXPECT_EQ(maps, 2);
}

TEST(Parser, BraceOnNextLineOpensTheBodyAbove) {
  Parsed p("constraints\n{\n  \"a < b\"\n}\n");
  auto items = p.items(0);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_NE(p.body(items[0]), Node::kNone);
}

TEST(Parser, UnclosedBraceIsReportedWhereItOpened) {
  Parsed p("system A {\n  x {\n    y: 1\n}\n");
  ASSERT_EQ(p.diags.size(), 1u);
  EXPECT_EQ(p.diags[0].span.begin, p.text.find('{'));
  EXPECT_NE(p.diags[0].message.find("never closed"), std::string::npos);
  EXPECT_EQ(print(p.tree), p.text);
}

TEST(Parser, StrayClosingBraceIsAnErrorAndParsingGoesOn) {
  Parsed p("a: 1\n}\nb { }\n}\n");
  ASSERT_EQ(p.diags.size(), 2u);
  EXPECT_NE(p.diags[0].message.find("unmatched"), std::string::npos);
  EXPECT_EQ(p.items(0).size(), 2u);
  EXPECT_EQ(print(p.tree), p.text);
}

TEST(Parser, DeepNestingIsIterativeAndLimited) {
  std::string deep(10000, '{');
  deep += std::string(10000, '}');
  Parsed p("x " + deep + "\n");
  ASSERT_EQ(p.diags.size(), 1u);
  EXPECT_NE(p.diags[0].message.find("nesting deeper"), std::string::npos);
  EXPECT_EQ(print(p.tree), p.text);
  Parsed unclosed(std::string(10000, '{'));
  EXPECT_EQ(print(unclosed.tree), unclosed.text);
  EXPECT_GE(unclosed.diags.size(), 2u);
}

TEST(Parser, ProseAndMathAreStatements) {
  Parsed p("model {\n  h[L+1] ∈ ℝ[B,T,D]\n  if (x > 1 then go\n  The end.\n}\n");
  EXPECT_TRUE(p.diags.empty());
  EXPECT_EQ(print(p.tree), p.text);
}

}  // namespace
}  // namespace spak::dsl
