// The rule engine: what fires, what is assigned and selected, how conflicts resolve, what stays advice.

#include "spak/knowledge/recommend.h"

#include <gtest/gtest.h>

#include "system_fixture.h"

namespace spak::knowledge {
namespace {

using testing::context_of;
using testing::system_from;

const Decision* find(const std::vector<Decision>& decisions, const std::string& target) {
  for (const Decision& d : decisions)
    if (d.target == target) return &d;
  return nullptr;
}

const RuleOutcome& rule(const Recommendation& r, const std::string& name) {
  for (const RuleOutcome& o : r.rules)
    if (o.rule.name == name) return o;
  throw std::runtime_error("no rule " + name);
}

const char* kAttention = R"(
system Attention {
  design_space { attention_variant: ['MHA', 'GQA', 'MQA']  head_mapping: ['direct', 'grouped'] }
  tuning_space { k_load_latency: range [1, 4]  v_load_latency: range [2, 6]  block_n: [64, 128, 256] }
  knowledge {
    rule "TMA pipelining" {
      when: "device == 'H100'"
      recommend: "k_load_latency = 2"
      recommend: "v_load_latency = 5 if causal else 4"
      recommend: "Issue the loads from a producer warp."
      confidence: 0.9
    }
    rule "GQA Mapping" {
      when: "num_head_kv < num_heads"
      apply: "select attention_variant = 'GQA' if num_head_kv > 1 else 'MQA'"
    }
    rule "Grouped" {
      when: "attention_variant != 'MHA'"
      apply: "select head_mapping = 'grouped'"
    }
    rule "Memory bound" {
      when: "the kernel is memory-bound"
      recommend: "Raise block_m."
    }
    hint: "Align loads to 128 bytes."
  }
}
)";

TEST(Recommend, ConditionalValueFollowsTheContext) {
  dsl::System s = system_from(kAttention);
  Recommendation causal = recommend(s, context_of({{"device", "H100"}, {"causal", "true"}}));
  ASSERT_NE(find(causal.assignments, "v_load_latency"), nullptr);
  EXPECT_EQ(find(causal.assignments, "v_load_latency")->value.as_int(), 5);
  EXPECT_EQ(find(causal.assignments, "k_load_latency")->value.as_int(), 2);

  Recommendation plain = recommend(s, context_of({{"device", "H100"}, {"causal", "false"}}));
  EXPECT_EQ(find(plain.assignments, "v_load_latency")->value.as_int(), 4);
}

TEST(Recommend, NotFiredRuleShowsTheFailingConditionAndItsValues) {
  Recommendation r = recommend(system_from(kAttention), context_of({{"device", "A100"}}));
  const RuleOutcome& tma = rule(r, "TMA pipelining");
  EXPECT_EQ(tma.state, RuleOutcome::State::NotFired);
  ASSERT_EQ(tma.conditions.size(), 1u);
  EXPECT_EQ(tma.conditions[0].result, ConditionOutcome::Result::False);
  EXPECT_EQ(tma.conditions[0].detail, "device = 'A100'");
  EXPECT_EQ(find(r.assignments, "k_load_latency"), nullptr);
}

TEST(Recommend, UnknownNameLeavesTheRuleUndecidedAndSaysWhich) {
  Recommendation r = recommend(system_from(kAttention), context_of({{"device", "A100"}}));
  const RuleOutcome& gqa = rule(r, "GQA Mapping");
  EXPECT_EQ(gqa.state, RuleOutcome::State::Undecided);
  EXPECT_NE(gqa.conditions.at(0).detail.find("unknown name 'num_head_kv'"), std::string::npos);
}

TEST(Recommend, SelectionsChainThroughRounds) {
  Recommendation r = recommend(system_from(kAttention), context_of({{"num_heads", "32"}, {"num_head_kv", "1"}}));
  ASSERT_NE(find(r.selections, "attention_variant"), nullptr);
  EXPECT_EQ(find(r.selections, "attention_variant")->value.as_string(), "MQA");
  // "Grouped" reads the selection "GQA Mapping" makes, so it fires in the second round.
  ASSERT_NE(find(r.selections, "head_mapping"), nullptr);
  EXPECT_EQ(find(r.selections, "head_mapping")->value.as_string(), "grouped");
  EXPECT_EQ(rule(r, "Grouped").state, RuleOutcome::State::Fired);
  EXPECT_EQ(r.passes, 3);  // round 1 selects the variant, round 2 the mapping, round 3 confirms nothing changes
}

TEST(Recommend, NaturalLanguageIsAdviceNeverExecuted) {
  Recommendation r = recommend(system_from(kAttention), context_of({{"device", "H100"}, {"causal", "true"}}));
  EXPECT_EQ(rule(r, "Memory bound").state, RuleOutcome::State::NaturalLanguage);
  std::vector<std::string> advice;
  for (const AdviceItem& a : r.advice) advice.push_back(a.from + ": " + a.text);
  EXPECT_EQ(advice, (std::vector<std::string>{
                        "rule \"TMA pipelining\": Issue the loads from a producer warp.",
                        "rule \"Memory bound\" (when the kernel is memory-bound): Raise block_m.",
                        "hint: Align loads to 128 bytes.",
                    }));
}

TEST(Recommend, SelectOfAValueOutsideTheAxisIsRejected) {
  dsl::System s = system_from(R"(
system S {
  design_space { variant: ['MHA', 'GQA'] }
  knowledge { rule "Bad" { apply: "select variant = 'XYZ'" } }
}
)");
  Recommendation r = recommend(s, expr::Context());
  EXPECT_TRUE(r.selections.empty());
  const RuleOutcome& bad = rule(r, "Bad");
  EXPECT_EQ(bad.state, RuleOutcome::State::Fired);  // no condition: always applies
  EXPECT_EQ(bad.actions.at(0).error, "'XYZ' is not a value of design axis variant ['MHA', 'GQA']");
}

const char* kConflicts = R"(
system S {
  tuning_space { block_n: [64, 128, 256]  warps: [4, 8] }
  knowledge {
    rule "Confident" { when: "seq_len > 0"  recommend: "warps = 8"  confidence: 0.9 }
    rule "Doubtful" { when: "seq_len > 0 and head_dim > 0"  recommend: "warps = 4"  confidence: 0.5 }
    rule "General" { when: "seq_len >= 4096"  recommend: "block_n = 128"  confidence: 0.7 }
    rule "Specific" { when: "seq_len >= 4096 and head_dim <= 64"  recommend: "block_n = 256"  confidence: 0.7 }
    rule "First" { when: "true"  recommend: "tile = 1" }
    rule "Second" { when: "false or true"  recommend: "tile = 2" }
    rule "Agrees" { when: "seq_len > 1"  recommend: "block_n = 256"  confidence: 0.1 }
  }
}
)";

TEST(Recommend, HigherConfidenceWinsAndTheLoserIsShown) {
  Recommendation r = recommend(system_from(kConflicts), context_of({{"seq_len", "8192"}, {"head_dim", "64"}}));
  const Decision* warps = find(r.assignments, "warps");
  ASSERT_NE(warps, nullptr);
  EXPECT_EQ(warps->value.as_int(), 8);
  EXPECT_EQ(warps->rule, "Confident");
  ASSERT_EQ(warps->overridden.size(), 1u);
  EXPECT_EQ(warps->overridden[0].rule, "Doubtful");
  EXPECT_EQ(warps->overridden[0].why, "higher confidence (0.9 > 0.5)");
}

TEST(Recommend, SameConfidenceMoreSpecificWins) {
  Recommendation r = recommend(system_from(kConflicts), context_of({{"seq_len", "8192"}, {"head_dim", "64"}}));
  const Decision* block_n = find(r.assignments, "block_n");
  ASSERT_NE(block_n, nullptr);
  EXPECT_EQ(block_n->value.as_int(), 256);
  EXPECT_EQ(block_n->rule, "Specific");
  ASSERT_EQ(block_n->overridden.size(), 1u);
  EXPECT_EQ(block_n->overridden[0].rule, "General");
  EXPECT_EQ(block_n->overridden[0].why, "same confidence, more specific (its `when` reads 2 names, the other 1)");
  EXPECT_EQ(block_n->agreeing, std::vector<std::string>{"Agrees"});
}

TEST(Recommend, FullTieGoesToTheLaterRule) {
  Recommendation r = recommend(system_from(kConflicts), context_of({{"seq_len", "8192"}, {"head_dim", "64"}}));
  const Decision* tile = find(r.assignments, "tile");
  ASSERT_NE(tile, nullptr);
  EXPECT_EQ(tile->rule, "Second");
  EXPECT_EQ(tile->overridden.at(0).why, "same confidence and specificity; the later rule wins");
}

TEST(Recommend, ValuesTheUserGaveAreKept) {
  Recommendation r = recommend(system_from(kConflicts),
                               context_of({{"seq_len", "8192"}, {"head_dim", "128"}, {"block_n", "64"}}));
  const Decision* block_n = find(r.assignments, "block_n");
  ASSERT_NE(block_n, nullptr);
  EXPECT_FALSE(block_n->applied);
  EXPECT_EQ(block_n->notes.at(0), "the context already sets block_n = 64; that value is kept");
}

TEST(Recommend, ValueOutsideTheTuningSpaceIsNoted) {
  dsl::System s = system_from(R"(
system S {
  tuning_space { tile: pow2 [16, 128] }
  knowledge { rule "Big" { recommend: "tile = 96" } }
}
)");
  Recommendation r = recommend(s, expr::Context());
  ASSERT_EQ(r.assignments.size(), 1u);
  EXPECT_EQ(r.assignments[0].notes.at(0), "96 is outside the tuning space of tile (pow2 [16, 128])");
}

TEST(Recommend, RulesThatKeepChangingEachOtherStopWithANote) {
  dsl::System s = system_from(R"(
system S {
  knowledge {
    rule "Start" { recommend: "z = 0"  confidence: 0.1 }
    rule "Self" { when: "z != 1"  recommend: "z = 1" }
  }
}
)");
  Recommendation r = recommend(s, context_of({{"z", "0"}}));
  EXPECT_TRUE(r.notes.empty());  // the user's z is kept, so nothing the rules decide changes what they read
  r = recommend(s, expr::Context());
  // "Start" sets z = 0, so "Self" fires and wins with z = 1, so "Self" stops firing and z is 0 again: no end.
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("did not settle"), std::string::npos);
}

TEST(Recommend, StatementThatCannotBeEvaluatedIsReportedNotApplied) {
  dsl::System s = system_from(R"(
system S { knowledge { rule "R" { recommend: "tile = base * 2" } } }
)");
  Recommendation r = recommend(s, expr::Context());
  EXPECT_TRUE(r.assignments.empty());
  EXPECT_EQ(rule(r, "R").actions.at(0).error, "column 8: unknown name 'base' (no names are defined)");
}

TEST(Recommend, JsonCarriesEverySection) {
  nlohmann::json j = to_json(recommend(system_from(kAttention), context_of({{"device", "H100"}, {"causal", "true"}})));
  for (const char* key : {"rules", "assignments", "selections", "advice", "notes", "passes"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["rules"][0]["state"], "fired");
  EXPECT_EQ(j["assignments"][1]["value"], 5);
}

}  // namespace
}  // namespace spak::knowledge
