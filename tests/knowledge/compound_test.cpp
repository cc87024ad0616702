#include "spak/knowledge/compound.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "spak/dsl/load.h"
#include "spak/knowledge/compound_evidence.h"
#include "spak/knowledge/compound_plan.h"
#include "spak/knowledge/diff.h"
#include "spak/util/error.h"

namespace spak::knowledge {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// Version 1 of a small CPU GEMM system, with comments and an unknown section that must survive compounding.
const char* kVersion1 = R"(// GEMM on the CPU, version 1.  (a comment that must survive)
system Gemm {
  tuning_space {
    tile_m: [16, 32, 64, 128]   // rows per tile
    order: ["ikj", "jki"]
    vec: pow2 [1, 8]
  }
  mystery_section { keep: "me" }
  knowledge {
    fact cache_line { bytes: 64 }   # known before any sweep
  }
  engineering_loop tune {
    measure { cmd: "gemm --tile-m {{tile_m}}"  metric: gflops  objective: maximize }
  }
}
)";

/// A synthetic landscape: ikj beats jki 10x, bigger vectors and 64-row tiles help; tile_m 16 crashes with vec 8.
double gflops(int tile_m, const std::string& order, int vec) {
  double g = (order == "ikj" ? 10.0 : 1.0) * vec;
  if (tile_m == 64) g *= 1.5;
  if (tile_m == 128) g *= 1.2;
  return g;
}

class CompoundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("spak_compound_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::make_unique<trace::Store>(dir_ / "spak.db");
    trace::Run run;
    run.system = "Gemm";
    run.loop = "tune";
    run.strategy = "grid";
    run.settings = {{"metric", "gflops"}, {"objective", "maximize"}, {"commit", "abc1234"}};
    run.host = "node1";
    run.device = {{"name", "Test CPU 9000"}};
    store_->begin_run(run);
    store_->transaction([&] {
    for (int tile_m : {16, 32, 64, 128})
      for (const std::string order : {"ikj", "jki"})
        for (int vec : {1, 2, 4, 8}) {
          trace::Trial t;
          t.run_id = run.id;
          t.config = {{"tile_m", tile_m}, {"order", order}, {"vec", vec}, {"m", 512}};
          if (tile_m == 16 && vec == 8) {
            t.status = trace::Status::Crashed;
            t.reason = "SIGSEGV";
          } else {
            t.objective = gflops(tile_m, order, vec);
            t.items = json::array({{{"type", "Performance"}, {"gflops", *t.objective}, {"ms", 100 / *t.objective},
                                    {"ratio", *t.objective / 200}, {"m", 512}}});
          }
          store_->add_trial(t);
        }
    });
    trace::Insight insight;
    insight.category = "performance";
    insight.content = "orders with j innermost stream B and C rows";
    insight.source = "agent notes";
    store_->add_insight(insight);
  }
  void TearDown() override { fs::remove_all(dir_); }

  dsl::System system_of(const std::string& text) {
    dsl::LoadResult loaded = dsl::load_string(text, "gemm_v1.dsl");
    EXPECT_TRUE(loaded.ok()) << loaded.render_diagnostics();
    dsl::System s = loaded.document.systems.at(0);
    return s;
  }

  CompoundResult run_compound(const std::string& text) {
    const dsl::System system = system_of(text);
    const Evidence evidence = gather_evidence(*store_, "store.db", {"Gemm", "", trace::Direction::Maximize});
    const Plan plan = plan_compound(evidence, system, thorough());
    CompoundOptions options;
    options.date = "2026-11-25";
    options.derived_from = "gemm_v1.dsl";
    options.source_note = "store.db";
    return compound_text(text, "gemm_v1.dsl", system, plan, options);
  }

  // The fixture's sweep measured 32 of its 32 configurations: thorough, though below the default 50 ok trials.
  static PlanOptions thorough() {
    PlanOptions options;
    options.narrow_min_trials = 20;
    return options;
  }

  fs::path dir_;
  std::unique_ptr<trace::Store> store_;
};

TEST_F(CompoundTest, EvidenceGroupsByDeviceAndFixedProblem) {
  const Evidence e = gather_evidence(*store_, "store.db", {"Gemm", "", trace::Direction::Maximize});
  ASSERT_EQ(e.groups.size(), 1u);
  const Group& g = e.groups[0];
  EXPECT_EQ(g.device, "Test CPU 9000");
  EXPECT_EQ(g.problem, json({{"m", 512}}));
  EXPECT_EQ(g.ok.size(), 30u);
  EXPECT_EQ(g.not_ok.size(), 2u);
  EXPECT_EQ(g.ok.front().config, json({{"tile_m", 64}, {"order", "ikj"}, {"vec", 8}}));
  EXPECT_DOUBLE_EQ(*g.ok.front().objective, 120.0);
  EXPECT_DOUBLE_EQ(*g.ok.front().peer_ratio, 0.6);
  EXPECT_EQ(g.commit, "abc1234");
  EXPECT_EQ(e.insights.size(), 1u);
  EXPECT_THROW(gather_evidence(*store_, "store.db", {"Other", "", trace::Direction::Maximize}), Error);
}

TEST_F(CompoundTest, PlanHasBestNegativeInsightAndNarrowing) {
  const Evidence evidence = gather_evidence(*store_, "s", {"Gemm", "", trace::Direction::Maximize});
  // By default 30 ok trials are too few to narrow: the top 10% would be 3 trials.
  EXPECT_TRUE(plan_compound(evidence, system_of(kVersion1)).narrowings.empty());
  const Plan plan = plan_compound(evidence, system_of(kVersion1), thorough());
  ASSERT_EQ(plan.facts.size(), 3u);
  EXPECT_EQ(plan.facts[0].name, "best_test_cpu_9000_m512");
  EXPECT_EQ(plan.facts[1].name, "avoid_test_cpu_9000_m512");
  EXPECT_EQ(plan.facts[2].name.rfind("insight_performance_", 0), 0u);
  // Top 10% of 30 ok trials = 3 trials: ikj with vec 8 and tile_m 64, 128, 32 (16 with vec 8 crashes).
  ASSERT_EQ(plan.narrowings.size(), 3u);
  EXPECT_EQ(plan.narrowings[0].parameter, "tile_m");
  EXPECT_EQ(plan.narrowings[0].dropped, std::vector<json>{16});
  EXPECT_EQ(plan.narrowings[1].parameter, "order");
  EXPECT_EQ(plan.narrowings[1].dropped, std::vector<json>{"jki"});
  EXPECT_EQ(plan.narrowings[1].why, "never in the top 10% of 30 ok trials over 1 problem");
  EXPECT_EQ(plan.narrowings[2].parameter, "vec");
  EXPECT_EQ(plan.narrowings[2].dropped, (std::vector<json>{1, 2, 4}));

  // With a larger top share more survives, and a pow2 range only ever loses its ends.
  PlanOptions wide = thorough();
  wide.top_fraction = 0.2;
  const Plan loose = plan_compound(gather_evidence(*store_, "s", {"Gemm", "", trace::Direction::Maximize}),
                                   system_of(kVersion1), wide);
  ASSERT_EQ(loose.narrowings.size(), 2u);
  EXPECT_EQ(loose.narrowings[1].parameter, "vec");
  EXPECT_EQ(loose.narrowings[1].dropped, (std::vector<json>{1, 2}));
}

TEST_F(CompoundTest, WritesVersionTwoKeepingEveryUntouchedByte) {
  const CompoundResult r = run_compound(kVersion1);
  ASSERT_TRUE(r.changed());
  EXPECT_EQ(r.version, "2");
  EXPECT_EQ(r.added.size(), 3u);
  const std::string& out = r.text;
  EXPECT_EQ(out.rfind("---\nversion: 2\nderived-from: gemm_v1.dsl\ndate: 2026-11-25\n---\n// GEMM on the CPU", 0), 0u)
      << out;
  for (const char* kept : {"(a comment that must survive)", "tile_m: [32, 64, 128]   // rows per tile",
                           "mystery_section { keep: \"me\" }", "fact cache_line { bytes: 64 }   # known before any sweep",
                           "measure { cmd: \"gemm --tile-m {{tile_m}}\"  metric: gflops  objective: maximize }"})
    EXPECT_NE(out.find(kept), std::string::npos) << kept << "\n" << out;
  EXPECT_NE(out.find("    // spak compound v2: dropped jki (never in the top 10% of 30 ok trials over 1 problem); "
                     "was [\"ikj\", \"jki\"]\n    order: [\"ikj\"]\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    vec: pow2 [8, 8]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("    // spak compound v2 (2026-11-25): from store.db\n    fact best_test_cpu_9000_m512 {\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("      config: {order: \"ikj\", tile_m: 64, vec: 8}\n"), std::string::npos) << out;
  EXPECT_NE(out.find("      peer_ratio: 0.6\n"), std::string::npos) << out;
  // Runner-ups carry their values, so a guided search can tell the close ones from the far ones.
  EXPECT_NE(out.find("      runner_up_values: [96, 80, 60, "), std::string::npos) << out;
  EXPECT_NE(out.find("provenance: {commit: \"abc1234\", device: \"Test CPU 9000\", runs: [1], store: \"store.db\", trial: "), std::string::npos) << out;
  EXPECT_NE(out.find("      failed_status: [\"crashed\", \"crashed\"]\n"), std::string::npos) << out;
  // The last line of the knowledge section and of the file are as they were.
  EXPECT_NE(out.find("    }\n  }\n  engineering_loop tune {"), std::string::npos) << out;

  // Loading it back: the facts are there and the diff against version 1 is exactly what was added.
  dsl::LoadResult v2 = dsl::load_string(out, "gemm_v2.dsl");
  ASSERT_TRUE(v2.ok()) << v2.render_diagnostics();
  std::vector<Change> changes = diff_systems(system_of(kVersion1), v2.document.systems.at(0));
  std::vector<std::string> facts, params;
  for (const Change& c : changes) {
    if (c.section == "facts") {
      EXPECT_EQ(c.kind, Change::Kind::Added);
      facts.push_back(c.name);
    } else {
      EXPECT_EQ(c.section, "tuning_space");
      params.push_back(c.name);
    }
  }
  EXPECT_EQ(facts, r.added);
  EXPECT_EQ(params, (std::vector<std::string>{"tile_m", "order", "vec"}));
}

TEST_F(CompoundTest, SecondRunOnTheSameTracesAddsNothing) {
  const CompoundResult v2 = run_compound(kVersion1);
  const CompoundResult again = run_compound(v2.text);
  EXPECT_FALSE(again.changed());
  EXPECT_EQ(again.text, v2.text);
  EXPECT_EQ(again.unchanged.size(), 3u);
  EXPECT_TRUE(again.narrowed.empty());
}

TEST_F(CompoundTest, MoreTrialsReplaceAFactInPlaceAndFrontMatterCountsUp) {
  const std::string v2 = run_compound(kVersion1).text;
  trace::Trial t;
  t.run_id = 1;
  t.config = {{"tile_m", 64}, {"order", "ikj"}, {"vec", 16}, {"m", 512}};
  t.objective = 300;
  store_->add_trial(t);
  const CompoundResult v3 = run_compound(v2);
  EXPECT_EQ(v3.version, "3");
  EXPECT_EQ(v3.replaced, (std::vector<std::string>{"best_test_cpu_9000_m512", "avoid_test_cpu_9000_m512"}));
  EXPECT_TRUE(v3.added.empty());
  EXPECT_NE(v3.text.find("version: 3\n"), std::string::npos);
  EXPECT_NE(v3.text.find("config: {order: \"ikj\", tile_m: 64, vec: 16}"), std::string::npos) << v3.text;
  EXPECT_EQ(v3.text.find("version: 2"), std::string::npos);
}

TEST(CompoundPaths, NextVersionPath) {
  EXPECT_EQ(next_version_path("examples/attn_v1.dsl", "2"), "examples/attn_v2.dsl");
  EXPECT_EQ(next_version_path("gemm.dsl", "2"), "gemm_v2.dsl");
  EXPECT_EQ(next_version_path("x/gemm-v9.dsl", "v10"), "x/gemm-v10.dsl");
}

TEST(CompoundText, VersionsCountUpAtAnyLength) {
  Plan plan;
  plan.facts.push_back({"f1", {{"value", 1.5}}, 3});
  auto next = [&](const std::string& version) {
    const std::string text = "---\nversion: " + version + "\n---\nsystem S { knowledge {} }\n";
    const dsl::System s = dsl::load_string(text, "s.dsl").document.systems.at(0);
    return compound_text(text, "s.dsl", s, plan, {"", "2026-01-01", "", ""}).version;
  };
  EXPECT_EQ(next("7"), "8");
  EXPECT_EQ(next("-1"), "0");
  EXPECT_EQ(next("v3"), "v4");
  EXPECT_EQ(next("v009"), "v010");
  EXPECT_EQ(next("1.5"), "2.5");
  EXPECT_EQ(next("draft"), "draft.1");
  // Past int64: counted up as text instead of aborting (std::stoll) or wrapping. (YAML reads a bare number past
  // int64 as a float, so only text versions reach further.)
  EXPECT_EQ(next("9223372036854775807"), "9223372036854775808");
  EXPECT_EQ(next("\"v99999999999999999999\""), "v100000000000000000000");
}

TEST(CompoundText, EmptyKnowledgeOnOneLineAndNoKnowledgeSection) {
  const std::string text = "---\ntitle: t\nversion: 7\n---\nsystem S { knowledge {} }\n";
  dsl::System s = dsl::load_string(text, "s.dsl").document.systems.at(0);
  Plan plan;
  plan.facts.push_back({"f1", {{"value", 1.5}}, 3});
  const CompoundResult r = compound_text(text, "s.dsl", s, plan, {"", "2026-01-01", "s_v7.dsl", ""});
  EXPECT_EQ(r.text, "---\ntitle: t\nversion: 8\nderived-from: s_v7.dsl\ndate: 2026-01-01\n---\n"
                    "system S { knowledge {\n  // spak compound v8 (2026-01-01)\n  fact f1 {\n    value: 1.5\n  }\n} }\n");

  const std::string bare = "system S {\n  tuning_space { a: [1, 2] }\n}\n";
  dsl::System b = dsl::load_string(bare, "b.dsl").document.systems.at(0);
  const CompoundResult rb = compound_text(bare, "b.dsl", b, plan, {"", "2026-01-01", "", ""});
  EXPECT_EQ(rb.text, "---\nversion: 2\ndate: 2026-01-01\n---\nsystem S {\n  tuning_space { a: [1, 2] }\n"
                     "  knowledge {\n    // spak compound v2 (2026-01-01)\n    fact f1 {\n      value: 1.5\n    }\n  }\n}\n");
}

}  // namespace
}  // namespace spak::knowledge
