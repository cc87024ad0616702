#include "spak/knowledge/priors.h"

#include <gtest/gtest.h>

#include "knowledge/system_fixture.h"
#include "spak/knowledge/fact_values.h"

namespace spak::knowledge {
namespace {

using nlohmann::json;
using testing::system_from;

// Facts as `spak compound` writes them: inline maps for config and problem, lists of maps for the rest.
const char* kFacts = R"(
system Gemm {
  tuning_space { tile: [16, 32, 64]  order: ["a", "b"] }
  knowledge {
    fact best_cpu_n_512 {
      kind: "best_config"  device: "cpu"
      problem: {n: 512, variant: "tiled"}
      config: {order: "a", tile: 32}
      runner_ups: [{order: "b", tile: 32}, {order: "a", tile: 64}]
      over_trials: 12
    }
    fact best_cpu_n_2048 {
      kind: "best_config"  device: "cpu"
      problem: {n: 2048, variant: "tiled"}
      config: {order: "b", tile: 64}
      over_trials: 40
    }
    fact best_gpu_n_1024 {
      kind: "best_config"  device: "gpu"
      problem: {n: 1024, variant: "tiled"}
      config: {order: "a", tile: 16}
      over_trials: 99
    }
    fact best_cpu_n_1024 {
      kind: "best_config"  device: "cpu"
      problem: {n: 1024, variant: "tiled"}
      config: {order: "b", tile: 16}
      over_trials: 3
    }
    fact avoid_cpu_n_1024 {
      kind: "negative"  device: "cpu"
      problem: {n: 1024, variant: "tiled"}
      failed: [{order: "b", tile: 64}]  failed_status: ["crashed"]
      slow: [{order: "a", tile: 64}]  slow_values: [0.5]
    }
    fact avoid_cpu_n_512 {
      kind: "negative"  device: "cpu"
      problem: {n: 512, variant: "tiled"}
      failed: [{order: "a", tile: 16}]
    }
    fact landscape { description: "not a compound fact" }
  }
}
)";

TEST(FactValues, ReadsInlineMapsAndListsAsFields) {
  dsl::System s = system_from(kFacts);
  const dsl::Fact& f = s.knowledge.facts.front();
  EXPECT_EQ(fact_value(f, "config"), (json{{"order", "a"}, {"tile", 32}}));
  EXPECT_EQ(fact_value(f, "problem"), (json{{"n", 512}, {"variant", "tiled"}}));
  EXPECT_EQ(fact_value(f, "kind"), json("best_config"));
  ASSERT_TRUE(fact_value(f, "runner_ups"));
  EXPECT_EQ(fact_value(f, "runner_ups")->size(), 2u);
  EXPECT_FALSE(fact_value(f, "conf"));     // a prefix of `config` is not `config`
  EXPECT_FALSE(fact_value(f, "missing"));
}

TEST(Priors, ProblemDistanceIsLog2OfSizesPlusAFixedCostPerOtherDifference) {
  EXPECT_EQ(problem_distance({{"n", 512}}, {{"n", 512}}), 0);
  EXPECT_DOUBLE_EQ(problem_distance({{"n", 512}}, {{"n", 1024}}), 1);
  EXPECT_DOUBLE_EQ(problem_distance({{"n", 1024}}, {{"n", 256}}), 2);
  EXPECT_DOUBLE_EQ(problem_distance({{"m", 256}, {"n", 512}}, {{"m", 512}, {"n", 256}}), 2);
  EXPECT_DOUBLE_EQ(problem_distance({{"v", "tiled"}}, {{"v", "naive"}}), kOtherDistance);
  EXPECT_DOUBLE_EQ(problem_distance({{"n", 512}}, {{"n", 512}, {"threads", 2}}), kOtherDistance);
  EXPECT_DOUBLE_EQ(problem_distance({{"n", 0}}, {{"n", 4}}), kOtherDistance);  // no ratio of a zero
}

TEST(Priors, SameDeviceFirstThenNearestProblem) {
  dsl::System s = system_from(kFacts);
  Priors p = gather_priors(s, "cpu", {{"n", 1024}, {"variant", "tiled"}});
  ASSERT_EQ(p.best.size(), 4u);
  EXPECT_EQ(p.best[0].fact, "best_cpu_n_1024");
  EXPECT_TRUE(p.best[0].exact());
  // 512 and 2048 are both at distance 1: more trials summarised first.
  EXPECT_EQ(p.best[1].fact, "best_cpu_n_2048");
  EXPECT_EQ(p.best[2].fact, "best_cpu_n_512");
  EXPECT_DOUBLE_EQ(p.best[2].distance, 1);
  EXPECT_EQ(p.best[2].runner_ups.size(), 2u);
  EXPECT_EQ(p.best[3].fact, "best_gpu_n_1024");  // another device comes last, even at distance 0
  EXPECT_FALSE(p.best[3].exact());

  // Only the same problem's negatives are avoided: failed, then slow, with why.
  ASSERT_EQ(p.avoid.size(), 2u);
  EXPECT_EQ(p.avoid[0].config, (json{{"order", "b"}, {"tile", 64}}));
  EXPECT_EQ(p.avoid[0].why, "failed (crashed)");
  EXPECT_EQ(p.avoid[1].why, "slow (0.5)");
}

TEST(Priors, AParameterTheFactSearchedIsNoProblemDifference) {
  dsl::System s = system_from(kFacts);
  // This sweep fixes `tile`, which the facts searched: n = 512 still matches exactly, negatives included.
  Priors p = gather_priors(s, "cpu", {{"n", 512}, {"variant", "tiled"}, {"tile", 32}});
  ASSERT_FALSE(p.best.empty());
  EXPECT_EQ(p.best[0].fact, "best_cpu_n_512");
  EXPECT_TRUE(p.best[0].exact());
  ASSERT_EQ(p.avoid.size(), 1u);
  EXPECT_EQ(p.avoid[0].fact, "avoid_cpu_n_512");
  // A key no fact searched still is a difference.
  EXPECT_FALSE(gather_priors(s, "cpu", {{"n", 512}, {"variant", "tiled"}, {"threads", 2}}).best[0].exact());
}

TEST(Priors, ANewProblemHasNoExactMatchAndNoAvoidance) {
  dsl::System s = system_from(kFacts);
  Priors p = gather_priors(s, "cpu", {{"n", 4096}, {"variant", "tiled"}});
  ASSERT_FALSE(p.best.empty());
  EXPECT_EQ(p.best[0].fact, "best_cpu_n_2048");
  EXPECT_FALSE(p.best[0].exact());
  EXPECT_TRUE(p.avoid.empty());
  EXPECT_TRUE(gather_priors(system_from("system E { tuning_space { t: [1, 2] } }"), "cpu", json::object()).best.empty());
}

TEST(Priors, CloseRunnerUpsAreTheOnesNearTheBestsValue) {
  BestPrior p;
  p.runner_ups = {json{{"tile", 1}}, json{{"tile", 2}}, json{{"tile", 3}}};
  // Without values (a fact written before compound recorded them) every runner-up counts.
  EXPECT_EQ(p.close_runner_ups(0.8).size(), 3u);
  p.value = 100;
  p.runner_up_values = {95, 70, 85};
  EXPECT_EQ(p.close_runner_ups(0.8), (std::vector<json>{json{{"tile", 1}}, json{{"tile", 3}}}));
  // Minimized (a time): 100 ms best, so 125 ms is at the edge of 80% and 140 ms beyond it.
  p.minimize = true;
  p.runner_up_values = {125, 140, 101};
  EXPECT_EQ(p.close_runner_ups(0.8), (std::vector<json>{json{{"tile", 1}}, json{{"tile", 3}}}));
}

TEST(Priors, ReadsTheBestsValueAndTheRunnerUpsValues) {
  const dsl::System s = system_from(R"(
system S {
  tuning_space { tile: [1, 2, 3] }
  knowledge {
    fact best_cpu {
      kind: "best_config"  device: "cpu"  config: {tile: 1}  objective: "minimize"  value: 2.5
      runner_ups: [{tile: 2}, {tile: 3}]  runner_up_values: [3, 9]
    }
  }
}
)");
  const Priors p = gather_priors(s, "cpu", json::object());
  ASSERT_EQ(p.best.size(), 1u);
  EXPECT_EQ(p.best[0].value, 2.5);
  EXPECT_EQ(p.best[0].runner_up_values, (std::vector<double>{3, 9}));
  EXPECT_TRUE(p.best[0].minimize);
  EXPECT_EQ(p.best[0].close_runner_ups(0.8), (std::vector<json>{json{{"tile", 2}}}));
}

}  // namespace
}  // namespace spak::knowledge
