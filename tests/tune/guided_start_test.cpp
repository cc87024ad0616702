#include "spak/tune/guided_start.h"

#include <fstream>

#include <gtest/gtest.h>

#include "spak/tune/strategy.h"
#include "support/scratch.h"

namespace spak::tune {
namespace {

using nlohmann::json;

// A system with facts as `spak compound` writes them and a rule, for problems n = 512, 1024, 4096.
const char* kSystem = R"(
system Gemm {
  design_space { n: [512, 1024, 4096] }
  tuning_space {
    tile: pow2 [16, 128]
    order: ["a", "b", "c"]
    unroll: [1, 4]
  }
  constraints { "tile * unroll <= 256" }
  knowledge {
    rule "unroll big problems" { when: "n >= 4096"  recommend: "unroll = 4" }
    fact best_cpu_n_512 {
      kind: "best_config"  device: "cpu"
      problem: {n: 512}
      config: {order: "a", tile: 32, unroll: 1}
      runner_ups: [{order: "b", tile: 32, unroll: 1}, {order: "a", tile: 100, unroll: 1}, {order: "z", tile: 16, unroll: 1}]
      over_trials: 30
    }
    fact best_cpu_n_1024 {
      kind: "best_config"  device: "cpu"
      problem: {n: 1024, unroll: 4}
      config: {order: "c", tile: 64}
      over_trials: 20
    }
    fact avoid_cpu_n_1024 {
      kind: "negative"  device: "cpu"
      problem: {n: 1024}
      failed: [{order: "b", tile: 16, unroll: 1}]  failed_status: ["crashed"]
    }
  }
  engineering_loop L { measure { cmd: "true {{tile}} {{order}} {{unroll}} {{n}}"  metric: x  objective: maximize } }
}
)";

class GuidedStartTest : public ::testing::Test {
 protected:
  std::unique_ptr<SweepPlan> plan(std::vector<std::string> set) {
    const auto dir = test_support::fresh_dir("guided_start");
    std::ofstream(dir / "gemm.dsl") << kSystem;
    return SweepPlan::make({dir / "gemm.dsl", "", "", std::move(set), dir});
  }
  static json config(const SweepPlan& p, const Point& point) { return p.space().config(point); }
};

TEST_F(GuidedStartTest, ExactMatchFirstThenNearestWithValuesSnappedIntoTheSpace) {
  auto p = plan({"n=512"});
  EXPECT_EQ(sweep_problem(*p), (json{{"n", 512}}));
  GuidedStart g = guided_start(*p, {}, "cpu");
  ASSERT_EQ(g.start.size(), 4u);
  EXPECT_EQ(config(*p, g.start[0]), (json{{"order", "a"}, {"tile", 32}, {"unroll", 1}}));
  EXPECT_EQ(config(*p, g.start[1]), (json{{"order", "b"}, {"tile", 32}, {"unroll", 1}}));
  // tile 100 is outside pow2 [16, 128]: the nearest value on a log scale is 128; order "z" is unknown: dropped.
  EXPECT_EQ(config(*p, g.start[2]), (json{{"order", "a"}, {"tile", 128}, {"unroll", 1}}));
  // The n = 1024 fact is one step away; its config lacks unroll, which its problem gives.
  EXPECT_EQ(config(*p, g.start[3]), (json{{"order", "c"}, {"tile", 64}, {"unroll", 4}}));
  EXPECT_TRUE(g.avoid.empty()) << "another problem's failures are not skipped";
  ASSERT_EQ(g.notes.size(), 2u);
  EXPECT_EQ(g.notes[0], "guided: fact best_cpu_n_512 (exact match): 3 start points");
  EXPECT_EQ(g.notes[1], "guided: fact best_cpu_n_1024 (same device, problem {\"n\":1024,\"unroll\":4} at distance 5): "
                        "1 start point");
}

TEST_F(GuidedStartTest, TheSameProblemsFailuresAreAvoided) {
  auto p = plan({"n=1024"});
  GuidedStart g = guided_start(*p, {}, "cpu");
  ASSERT_EQ(g.avoid.size(), 1u);
  EXPECT_EQ(config(*p, g.avoid[0]), (json{{"order", "b"}, {"tile", 16}, {"unroll", 1}}));
  EXPECT_EQ(g.notes.front(), "guided: 1 configuration is never run (failed or much slower on this problem: fact "
                            "avoid_cpu_n_1024)");
  // The strategy then never proposes it.
  auto s = make_strategy("guided", p->space(), {.seed = 1, .budget = 100, .start = g.start, .avoid = g.avoid});
  while (auto point = s->propose()) {
    ASSERT_NE(*point, g.avoid[0]);
    s->observe(*point, static_cast<double>((*point)[0] + (*point)[1]));
  }
}

TEST_F(GuidedStartTest, RulesRecommendOverTheBestKnownPoint) {
  auto p = plan({"n=4096"});
  GuidedStart g = guided_start(*p, {}, "cpu");
  // No exact match: the rule's unroll = 4 goes over the nearest fact's best (n = 512 at distance 3; n = 1024 is
  // at 2 + 4 for the unroll its problem fixed), then that fact's own configurations follow.
  ASSERT_GE(g.start.size(), 2u);
  EXPECT_EQ(config(*p, g.start[0]), (json{{"order", "a"}, {"tile", 32}, {"unroll", 4}}));
  EXPECT_EQ(g.notes[0], "guided: rules recommend unroll = 4 (rule \"unroll big problems\"): 1 start point");
  EXPECT_EQ(config(*p, g.start[1]), (json{{"order", "a"}, {"tile", 32}, {"unroll", 1}}));
}

TEST_F(GuidedStartTest, AnotherDeviceOnlyFactsAreStillUsedButNeverExact) {
  auto p = plan({"n=512"});
  GuidedStart g = guided_start(*p, {}, "gpu");
  ASSERT_FALSE(g.start.empty());
  EXPECT_EQ(g.notes[0].find("exact"), std::string::npos) << g.notes[0];
  EXPECT_NE(g.notes[0].find("device cpu"), std::string::npos) << g.notes[0];
}

TEST(GuidedStart, OnlyRunnerUpsCloseToTheBestAreStartPoints) {
  const auto dir = test_support::fresh_dir("guided_start_close");
  std::ofstream(dir / "s.dsl") << R"(
system S {
  tuning_space { tile: [1, 2, 3, 4] }
  knowledge {
    fact best_cpu {
      kind: "best_config"  device: "cpu"  config: {tile: 1}  objective: "maximize"  value: 10
      runner_ups: [{tile: 2}, {tile: 3}, {tile: 4}]  runner_up_values: [9, 5, 8]
    }
  }
  engineering_loop L { measure { cmd: "true {{tile}}"  metric: x  objective: maximize } }
}
)";
  auto p = SweepPlan::make({dir / "s.dsl", "", "", {}, dir});
  GuidedStart g = guided_start(*p, {}, "cpu");
  // tile 3 reached half the best: another region, left to the model.
  ASSERT_EQ(g.start.size(), 3u);
  EXPECT_EQ(p->space().config(g.start[0]), (json{{"tile", 1}}));
  EXPECT_EQ(p->space().config(g.start[1]), (json{{"tile", 2}}));
  EXPECT_EQ(p->space().config(g.start[2]), (json{{"tile", 4}}));
}

}  // namespace
}  // namespace spak::tune
