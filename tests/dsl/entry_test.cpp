// Entries: lines read as fields, blocks or statements, and values parsed into their typed form.

#include "spak/dsl/entry.h"

#include <gtest/gtest.h>

#include "spak/dsl/parser.h"

namespace spak::dsl {
namespace {

using nlohmann::json;

/// Entries of a one-file document's top level.
struct Read {
  std::string text;
  std::vector<Diagnostic> diags;
  SyntaxTree tree;
  std::vector<Entry> entries;
  explicit Read(std::string t) : text(std::move(t)), tree(parse(text, diags)), entries(EntryReader(tree).entries(0)) {}
};

json value_of(const std::string& line) {
  Read r(line + "\n");
  EXPECT_EQ(r.entries.size(), 1u) << line;
  EXPECT_EQ(r.entries[0].kind, Entry::Kind::Field) << line;
  return r.entries[0].value;
}

TEST(Entry, ScalarValues) {
  EXPECT_EQ(value_of("a: 64"), json(64));
  EXPECT_EQ(value_of("a: -1"), json(-1));
  EXPECT_EQ(value_of("a: 1e-5"), json(1e-5));
  EXPECT_EQ(value_of("a: 0.99"), json(0.99));
  EXPECT_EQ(value_of("a: 1_000"), json(1000));
  EXPECT_EQ(value_of("a: true"), json(true));
  EXPECT_EQ(value_of("a: null"), json(nullptr));
  EXPECT_EQ(value_of("a: \"x\\\"y\\n\""), json("x\"y\n"));
  EXPECT_EQ(value_of("a: 'single'"), json("single"));
  EXPECT_EQ(value_of("a: \"\"\"raw \\n {{hole}}\"\"\""), json("raw \\n {{hole}}"));
  EXPECT_EQ(value_of("a: tool.run"), json("tool.run"));
  EXPECT_EQ(value_of("a:"), json(nullptr));
}

TEST(Entry, StructuredValues) {
  EXPECT_EQ(value_of("a: [1, \"two\", [3]]"), json::parse(R"([1, "two", [3]])"));
  EXPECT_EQ(value_of("a: [1, 2,]"), json::parse("[1, 2]"));
  EXPECT_EQ(value_of("a: \"inference\" | \"training\""), json::parse(R"({"union": ["inference", "training"]})"));
  EXPECT_EQ(value_of("a: {x: 1, y: [2]}"), json::parse(R"({"x": 1, "y": [2]})"));
  EXPECT_EQ(value_of("a: flexbox(wrap: true, 3)"),
            json::parse(R"({"call": "flexbox", "args": [{"key": "wrap", "value": true}, 3]})"));
  EXPECT_EQ(value_of("a: range [1, 64]"), json::parse(R"({"call": "range", "args": [1, 64]})"));
  EXPECT_EQ(value_of("a: pow2[16, 256]"), json::parse(R"({"call": "pow2", "args": [16, 256]})"));
  EXPECT_EQ(value_of("a: [\n  1,  // one\n  2\n]"), json::parse("[1, 2]"));
  EXPECT_EQ(value_of("a: [x y, z]"), json::parse(R"(["x y", "z"])"));
}

TEST(Entry, TextValuesRunToTheEndOfTheLine) {
  Read r("when: device == 'H100' and causal\ncolor: #333;\n");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[0].value, json("device == 'H100' and causal"));
  EXPECT_EQ(r.entries[0].raw, "device == 'H100' and causal");
  EXPECT_EQ(r.entries[1].value, json("#333"));
}

TEST(Entry, SeveralFieldsOnOneLine) {
  Read r("tflops: 612.0   confidence: 1.0   source: \"trace#41\", note?: x\n");
  ASSERT_EQ(r.entries.size(), 4u);
  EXPECT_EQ(r.entries[0].key, "tflops");
  EXPECT_EQ(r.entries[1].value, json(1.0));
  EXPECT_EQ(r.entries[2].value, json("trace#41"));
  EXPECT_EQ(r.entries[3].key, "note?");
}

TEST(Entry, MultiWordKeysAndStatements) {
  Read r("parameter BM: [32, 64]\nstep load: tool.read\nm_i = -inf\nfor n in 0..N-1:\nstd::vector<int> v\n");
  ASSERT_EQ(r.entries.size(), 5u);
  EXPECT_EQ(r.entries[0].key, "parameter BM");
  EXPECT_EQ(r.entries[1].key, "step load");
  EXPECT_EQ(r.entries[1].value, json("tool.read"));
  EXPECT_EQ(r.entries[2].kind, Entry::Kind::Statement);
  EXPECT_EQ(r.entries[2].text, "m_i = -inf");
  EXPECT_EQ(r.entries[3].kind, Entry::Kind::Statement);
  EXPECT_EQ(r.entries[4].kind, Entry::Kind::Statement);
}

TEST(Entry, BlocksAndKeyedBodies) {
  Read r("rule \"R\" { when: x }\nbaseline: { a: 1 }\nlimits:\n  42\nroadmap:\n  Q1: a\n  Q2: b\n");
  ASSERT_EQ(r.entries.size(), 4u);
  EXPECT_EQ(r.entries[0].kind, Entry::Kind::Block);
  EXPECT_EQ(r.entries[0].head_text, "rule \"R\"");
  EXPECT_EQ(r.entries[1].kind, Entry::Kind::Field);
  EXPECT_EQ(r.entries[1].value, json::parse(R"({"a": 1})"));
  EXPECT_EQ(r.entries[2].kind, Entry::Kind::Field);
  EXPECT_EQ(r.entries[2].value, json(42));
  EXPECT_EQ(r.entries[3].kind, Entry::Kind::Block);
  EXPECT_TRUE(r.entries[3].keyed);
  EXPECT_EQ(r.entries[3].key, "roadmap");
}

TEST(Entry, TextIgnoresLayout) {
  Read a("x: [1,   2,\n     3]  // c\n");
  Read b("x: [1,   2, 3]\n");
  EXPECT_EQ(a.entries[0].raw, b.entries[0].raw);
  EXPECT_EQ(a.entries[0].raw, "[1,   2, 3]");
}

}  // namespace
}  // namespace spak::dsl
