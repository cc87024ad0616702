// JSON export: the documented shape (docs/ir.md), spans on every node, and none with --no-spans.

#include "spak/dsl/json_export.h"

#include <gtest/gtest.h>

#include "spak/dsl/load.h"

namespace spak::dsl {
namespace {

using nlohmann::json;

bool any_span(const json& j) {
  if (j.is_object()) {
    if (j.contains("span")) return true;
    for (const auto& [k, v] : j.items()) if (any_span(v)) return true;
  }
  if (j.is_array()) for (const auto& v : j) if (any_span(v)) return true;
  return false;
}

TEST(JsonExport, Shape) {
  LoadResult r = load_string(
      "system S extends P {\n  tuning_space { a: [1, 2]\n b: range [1, 9]\n c: pow2 [2, 8] }\n"
      "  knowledge { rule \"R\" { when: \"x\"  confidence: 0.5 } }\n}\n",
      "s.dsl");
  const json j = to_json(r.document, true);
  EXPECT_EQ(j["path"], "s.dsl");
  const json& s = j["systems"][0];
  EXPECT_EQ(s["name"], "S");
  EXPECT_EQ(s["extends"], "P");
  EXPECT_EQ(s["tuning_space"][0], json::parse(R"({"name":"a","kind":"list","values":[1,2],
      "span":{"line":2,"col":18,"end_line":2,"end_col":27}})"));
  EXPECT_EQ(s["tuning_space"][1]["kind"], "range");
  EXPECT_EQ(s["tuning_space"][2]["hi"], 8.0);
  EXPECT_EQ(s["knowledge"]["rules"][0]["confidence"], 0.5);
  EXPECT_EQ(s["knowledge"]["rules"][0]["when"], json::array({"x"}));
}

TEST(JsonExport, InlineMapInAFactIsAnObject) {
  // A `key: {…}` line inside a fact is a field whose value is a map (it used to land in the fact's body text).
  LoadResult r = load_string(
      "system S {\n  knowledge {\n    fact F {\n      config: {a: 1, b: \"x\", nested: {c: [1, 2]}}\n"
      "      description: \"d\"\n    }\n  }\n}\n",
      "f.dsl");
  ASSERT_TRUE(r.ok()) << r.render_diagnostics();
  const Fact& fact = r.document.systems.at(0).knowledge.facts.at(0);
  EXPECT_EQ(fact.body, "");
  ASSERT_EQ(fact.fields.size(), 2u);
  EXPECT_EQ(fact.fields[0].key, "config");
  EXPECT_EQ(fact.fields[0].raw, "{a: 1, b: \"x\", nested: {c: [1, 2]}}");
  const json exported = to_json(r.document, false)["systems"][0]["knowledge"]["facts"][0]["fields"][0];
  EXPECT_EQ(exported["value"], json::parse(R"({"a": 1, "b": "x", "nested": {"c": [1, 2]}})"));
}

TEST(JsonExport, NoSpansMeansNoPositions) {
  LoadResult r = load_file(std::string(SPAK_SOURCE_DIR) + "/examples/full_system.dsl");
  ASSERT_TRUE(r.ok()) << r.render_diagnostics();
  EXPECT_TRUE(any_span(to_json(r.document, true)));
  const json bare = to_json(r.document, false);
  EXPECT_FALSE(any_span(bare));
  EXPECT_FALSE(bare.contains("path"));
}

}  // namespace
}  // namespace spak::dsl
