#include "spak/knowledge/merge.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace spak::knowledge {
namespace {

dsl::Span at(const std::string& file, std::uint32_t line) {
  dsl::Span span;
  span.file = file;
  span.line = line;
  span.col = 3;
  return span;
}

dsl::Fact fact(const std::string& name, const std::string& file, std::uint32_t line, double value) {
  dsl::Fact f;
  f.name = name;
  f.fields.push_back({"tflops", value, std::to_string(value), at(file, line)});
  f.span = at(file, line);
  return f;
}

dsl::Parameter param(const std::string& name, std::vector<int> values, const std::string& file) {
  dsl::Parameter p;
  p.name = name;
  for (int v : values) p.values.push_back(v);
  p.span = at(file, 2);
  return p;
}

TEST(Merge, ChildOverridesByNameInParentPositionAndKeepsOrigins) {
  dsl::System parent;
  parent.name = "A";
  parent.knowledge.facts = {fact("x", "a.dsl", 4, 1.0), fact("y", "a.dsl", 7, 2.0)};
  parent.tuning_space = {param("tile_m", {16, 32, 64}, "a.dsl"), param("stages", {2, 3}, "a.dsl")};
  dsl::System child;
  child.name = "B";
  child.extends = "A";
  child.knowledge.facts = {fact("z", "b.dsl", 3, 5.0), fact("x", "b.dsl", 9, 9.0)};
  child.tuning_space = {param("tile_m", {32, 64}, "b.dsl")};

  dsl::System merged = merge_systems(parent, child);
  EXPECT_EQ(merged.name, "B");
  EXPECT_EQ(merged.extends, "A");
  ASSERT_EQ(merged.knowledge.facts.size(), 3u);
  EXPECT_EQ(merged.knowledge.facts[0].name, "x");
  EXPECT_EQ(merged.knowledge.facts[0].origin, "b.dsl:9");
  EXPECT_EQ(merged.knowledge.facts[0].fields[0].value, 9.0);
  EXPECT_EQ(merged.knowledge.facts[1].name, "y");
  EXPECT_EQ(merged.knowledge.facts[1].origin, "a.dsl:7");
  EXPECT_EQ(merged.knowledge.facts[2].name, "z");
  ASSERT_EQ(merged.tuning_space.size(), 2u);
  EXPECT_EQ(merged.tuning_space[0].values.size(), 2u);
  EXPECT_EQ(merged.tuning_space[0].origin, "b.dsl:2");
  EXPECT_EQ(merged.tuning_space[1].origin, "a.dsl:2");
}

TEST(Merge, RepeatedKeysMoveAsAGroupAndSingleSectionsFallBackToParent) {
  dsl::System parent;
  parent.fields = {{"tag", "a1", "", {}}, {"owner", "x", "", {}}, {"tag", "a2", "", {}}};
  parent.baseline = dsl::Baseline{};
  parent.baseline->fields.push_back({"tflops", 100, "100", {}});
  parent.constraints.resize(1);
  parent.constraints[0].expr = "tile_m * tile_n <= 16384";
  dsl::System child;
  child.fields = {{"tag", "b1", "", {}}, {"tag", "b2", "", {}}, {"new", 1, "", {}}};
  child.constraints.resize(2);
  child.constraints[0].expr = "tile_m * tile_n <= 16384";
  child.constraints[1].expr = "stages >= 2";

  dsl::System merged = merge_systems(parent, child);
  ASSERT_EQ(merged.fields.size(), 4u);
  EXPECT_EQ(merged.fields[0].value, "b1");
  EXPECT_EQ(merged.fields[1].value, "b2");
  EXPECT_EQ(merged.fields[2].key, "owner");
  EXPECT_EQ(merged.fields[3].key, "new");
  ASSERT_TRUE(merged.baseline.has_value());
  EXPECT_EQ(merged.baseline->fields[0].value, 100);
  EXPECT_EQ(merged.constraints.size(), 2u);
}

TEST(Merge, ANamedConstraintIsReplacedByNameAndABareOneByItsText) {
  dsl::System parent, child;
  parent.constraints = {{"q == 0 or early == 0", {}, "", "built"}, {"stages >= 2", {}, "", ""}};
  // The space grew: the child's "built" replaces the parent's; a bare expression adds to the parent's.
  child.constraints = {{"q == 0 or lazy == 8", {}, "", "built"}, {"stages <= 4", {}, "", ""}};

  const dsl::System merged = merge_systems(parent, child);
  std::vector<std::pair<std::string, std::string>> got;
  for (const dsl::Constraint& c : merged.constraints) got.emplace_back(c.name, c.expr);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                     {"built", "q == 0 or lazy == 8"}, {"", "stages >= 2"}, {"", "stages <= 4"}}));
}

TEST(Merge, TraceVariantsMergeTheirCases) {
  dsl::TraceCase perf{"Performance", {{"tflops", "float", false, {}}}, {}};
  dsl::TraceCase correct{"Correctness", {{"passed", "bool", false, {}}}, {}};
  dsl::TraceCase perf2{"Performance", {{"tflops", "float", false, {}}, {"gbps", "float", true, {}}}, {}};
  dsl::System parent;
  parent.trace_schema.variants.push_back({"TraceItem", {perf, correct}, {}});
  dsl::System child;
  child.trace_schema.variants.push_back({"TraceItem", {perf2}, {}});

  dsl::System merged = merge_systems(parent, child);
  ASSERT_EQ(merged.trace_schema.variants.size(), 1u);
  const auto& cases = merged.trace_schema.variants[0].cases;
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].fields.size(), 2u);
  EXPECT_EQ(cases[1].name, "Correctness");
}

}  // namespace
}  // namespace spak::knowledge
