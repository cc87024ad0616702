// The two output forms: the DSL must load through the DSL front end without errors and keep every axis, fact
// and citation; the JSON must list each axis as {name, kind, values, evidence: [{file, line, text}]}.
#include "spak/lift/emit_dsl.h"
#include "spak/lift/emit_json.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "spak/dsl/load.h"
#include "spak/lift/lifter.h"

namespace spak::lift {
namespace {

using nlohmann::json;

const dsl::System& loaded_system(const std::string& text, dsl::LoadResult& holder) {
  holder = dsl::load_string(text, "lifted.dsl");
  EXPECT_TRUE(holder.ok()) << holder.render_diagnostics() << "\n" << text;
  static const dsl::System none{};
  const dsl::System* s = dsl::find_system(holder.document);
  EXPECT_NE(s, nullptr) << text;
  return s ? *s : none;
}

TEST(EmitDsl, AttentionLiftLoadsWithEveryAxisFactAndSource) {
  std::string path = testing::fixture_path("attention_cutile.py");
  LiftResult r = lift_files({path}, testing::repository_db(), "auto");
  std::string text = render_dsl(r, "lifted_attention");
  dsl::LoadResult holder;
  const dsl::System& s = loaded_system(text, holder);
  EXPECT_EQ(s.name, "lifted_attention");

  std::size_t design = 0, tuning_with_values = 0;
  for (const Axis& a : r.axes) {
    if (a.kind == Axis::Kind::Design) ++design;
    if (a.kind == Axis::Kind::Tuning && !a.values.empty()) ++tuning_with_values;
  }
  EXPECT_EQ(s.design_space.size(), design);
  EXPECT_EQ(s.tuning_space.size(), tuning_with_values);
  ASSERT_EQ(s.knowledge.facts.size(), r.facts.size());
  ASSERT_EQ(s.knowledge.invariants.size(), r.invariants.size());
  EXPECT_EQ(s.knowledge.invariants[0].asserts, (std::vector<std::string>{"num_heads % num_kv_heads == 0"}));
  for (const dsl::Fact& f : s.knowledge.facts) {
    auto source = std::find_if(f.fields.begin(), f.fields.end(), [](const dsl::Field& x) { return x.key == "source"; });
    ASSERT_NE(source, f.fields.end()) << f.name;
    EXPECT_EQ(source->value.get<std::string>().rfind(path + ":L", 0), 0u) << f.name;
  }
  auto tile_m = std::find_if(s.tuning_space.begin(), s.tuning_space.end(),
                             [](const dsl::Parameter& p) { return p.name == "TILE_M"; });
  ASSERT_NE(tile_m, s.tuning_space.end());
  EXPECT_EQ(tile_m->values, (std::vector<json>{64, 128}));
  EXPECT_FALSE(s.trace_schema.variants.empty());
  // Parameters without values stay visible to a reader, as comments.
  EXPECT_NE(text.find("// TILE_D: no values found"), std::string::npos);
}

TEST(EmitDsl, EmptyLiftIsAValidEmptySystem) {
  LiftResult r = lift_files({testing::fixture_path("not_a_kernel.py")}, testing::repository_db(), "auto");
  dsl::LoadResult holder;
  const dsl::System& s = loaded_system(render_dsl(r, "lifted_not_a_kernel"), holder);
  EXPECT_TRUE(s.design_space.empty());
  EXPECT_TRUE(s.tuning_space.empty());
  EXPECT_TRUE(s.knowledge.facts.empty());
}

TEST(EmitDsl, StringsAreEscapedAndNeverTemplateHoles) {
  EXPECT_EQ(dsl_string(R"(a "b" \ c)"), R"("a \"b\" \\ c")");
  EXPECT_EQ(dsl_string("x = {{0}}"), "\"x = { {0}}\"");
  EXPECT_EQ(dsl_string("tab\there\xff"), "\"tab here?\"");
  EXPECT_EQ(dsl_string("한국어 ok"), "\"한국어 ok\"");
}

TEST(EmitJson, AxesCarryKindValuesAndEvidence) {
  std::string path = testing::fixture_path("gemm_mma_sync.cu");
  LiftResult r = lift_files({path}, testing::repository_db(), "auto");
  json j = json::parse(render_json(r, "g"));
  EXPECT_EQ(j["system"], "g");
  EXPECT_EQ(j["files"][0]["language"], "cuda");
  bool found = false;
  for (const json& a : j["axes"]) {
    ASSERT_TRUE(a.contains("name") && a.contains("kind") && a.contains("values") && a.contains("evidence"));
    EXPECT_TRUE(a["kind"] == "design" || a["kind"] == "tuning");
    if (a["name"] != "STAGES") continue;
    found = true;
    EXPECT_EQ(a["kind"], "tuning");
    EXPECT_EQ(a["values"], json({3, 4}));
    EXPECT_EQ(a["evidence"][0]["file"], path);
    EXPECT_EQ(a["evidence"][0]["line"], testing::line_of("gemm_mma_sync.cu", "template <int WARP_M"));
    EXPECT_EQ(a["evidence"][0]["text"], "template <int WARP_M, int WARP_N, int STAGES>");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(j["invariants"].size(), 2u);
  EXPECT_EQ(j["facts"][0]["source"].get<std::string>().rfind(path + ":L", 0), 0u);
}

}  // namespace
}  // namespace spak::lift
