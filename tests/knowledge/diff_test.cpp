#include "spak/knowledge/diff.h"

#include <gtest/gtest.h>

namespace spak::knowledge {
namespace {

dsl::Fact fact(const std::string& name, double tflops) {
  dsl::Fact f;
  f.name = name;
  f.fields.push_back({"tflops", tflops, "", {}});
  f.fields.push_back({"source", "trace", "", {}});
  return f;
}

dsl::Parameter param(const std::string& name, std::vector<int> values) {
  dsl::Parameter p;
  p.name = name;
  for (int v : values) p.values.push_back(v);
  return p;
}

dsl::System base() {
  dsl::System s;
  s.name = "Gemm";
  s.tuning_space = {param("tile_m", {16, 32, 64}), param("stages", {2, 3})};
  s.knowledge.facts = {fact("peak", 600)};
  dsl::Rule r;
  r.name = "TMA";
  r.when = {"device == 'H100'"};
  r.recommend = {"stages = 3"};
  s.knowledge.rules.push_back(r);
  s.trace_schema.variants.push_back({"TraceItem", {{"Performance", {{"tflops", "float", false, {}}}, {}}}, {}});
  return s;
}

TEST(Diff, IdenticalSystemsHaveNoChangesWhateverTheirSpans) {
  dsl::System a = base(), b = base();
  b.knowledge.facts[0].span.line = 40;
  b.knowledge.facts[0].origin = "elsewhere.dsl:40";
  EXPECT_TRUE(diff_systems(a, b).empty());
  EXPECT_EQ(format_text({}), "no structural differences\n");
}

TEST(Diff, ANamedConstraintWhoseTextChangedIsOneChange) {
  dsl::System a = base(), b = base();
  a.constraints.push_back({"q == 0 or early == 0", {}, "", "built"});
  b.constraints.push_back({"q == 0 or lazy == 8", {}, "", "built"});

  std::vector<Change> changes = diff_systems(a, b);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].section, "constraints");
  EXPECT_EQ(changes[0].kind, Change::Kind::Changed);
  EXPECT_EQ(changes[0].name, "built:");
  EXPECT_EQ(changes[0].details, std::vector<std::string>{"expr: \"q == 0 or early == 0\" -> \"q == 0 or lazy == 8\""});
}

TEST(Diff, ReportsAddedRemovedAndChangedBySection) {
  dsl::System a = base(), b = base();
  b.knowledge.facts.push_back(fact("best_m1024", 612));
  b.tuning_space[0] = param("tile_m", {32, 64});
  b.tuning_space.pop_back();
  b.knowledge.rules[0].recommend = {"stages = 4"};
  b.trace_schema.variants[0].cases[0].fields.push_back({"gbps", "float", true, {}});

  std::vector<Change> changes = diff_systems(a, b);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].section, "tuning_space");
  EXPECT_EQ(changes[0].kind, Change::Kind::Changed);
  EXPECT_EQ(changes[0].details, std::vector<std::string>{"values: [16,32,64] -> [32,64]"});
  EXPECT_EQ(changes[1].kind, Change::Kind::Removed);
  EXPECT_EQ(changes[1].name, "stages");
  EXPECT_EQ(changes[2].section, "facts");
  EXPECT_EQ(changes[2].kind, Change::Kind::Added);
  EXPECT_EQ(changes[2].name, "best_m1024");
  EXPECT_EQ(changes[3].section, "rules");
  EXPECT_EQ(changes[3].details, std::vector<std::string>{"recommend: [\"stages = 3\"] -> [\"stages = 4\"]"});
  EXPECT_EQ(changes[4].section, "trace_schema");
  EXPECT_EQ(changes[4].name, "TraceItem.Performance");
  EXPECT_EQ(changes[4].details, std::vector<std::string>{"gbps: added \"float?\""});

  nlohmann::json j = to_json(changes);
  EXPECT_EQ(j["summary"]["added"], 1);
  EXPECT_EQ(j["summary"]["removed"], 1);
  EXPECT_EQ(j["summary"]["changed"], 3);
  EXPECT_EQ(j["changes"][2]["after"]["tflops"], 612);

  std::string text = format_text(changes);
  EXPECT_NE(text.find("facts:\n  + best_m1024 {\"source\":\"trace\",\"tflops\":612.0}\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - stages\n"), std::string::npos) << text;
  EXPECT_NE(text.find("1 added, 1 removed, 3 changed\n"), std::string::npos) << text;
}

TEST(Diff, RepeatedKeysAndFrontMatter) {
  dsl::System a = base(), b = base();
  a.fields = {{"tag", "x", "", {}}};
  b.fields = {{"tag", "x", "", {}}, {"tag", "y", "", {}}};
  std::vector<Change> changes = diff_systems(a, b);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].details, std::vector<std::string>{"value: \"x\" -> [\"x\",\"y\"]"});

  auto fm = diff_front_matter({{"version", 1}, {"title", "t"}}, {{"version", 2}, {"title", "t"}, {"date", "d"}});
  ASSERT_EQ(fm.size(), 2u);
  EXPECT_EQ(fm[0].name, "date");
  EXPECT_EQ(fm[1].name, "version");
  EXPECT_EQ(fm[1].details, std::vector<std::string>{"value: 1 -> 2"});
}

}  // namespace
}  // namespace spak::knowledge
