// Compiled rules: texts parsed once, natural language kept as text, and the precedence order of conflicts.

#include "spak/knowledge/rules.h"

#include <gtest/gtest.h>

#include "system_fixture.h"

namespace spak::knowledge {
namespace {

using testing::system_from;

TEST(Rules, CompilesConditionsAndStatements) {
  auto rules = compile_rules(system_from(R"(
system S {
  knowledge {
    rule "A" {
      when: "device == 'H100' and causal"
      when: "seq_len > 1024"
      recommend: "k = 2"
      recommend: "Use a producer warp."
      apply: "select variant = 'GQA'"
      confidence: 0.9
    }
    rule "B" { when: "only on big problems"  recommend: "k = 1" }
  }
}
)"));
  ASSERT_EQ(rules.size(), 2u);
  const CompiledRule& a = rules[0];
  EXPECT_EQ(a.specificity, 3u);  // device, causal, seq_len
  EXPECT_EQ(a.conditions.size(), 2u);
  ASSERT_EQ(a.actions.size(), 3u);
  EXPECT_TRUE(a.actions[0].statement.has_value());
  EXPECT_FALSE(a.actions[1].statement.has_value());
  EXPECT_EQ(a.actions[2].statement->kind, expr::Statement::Kind::Select);
  EXPECT_EQ(a.actions[2].field, "apply");
  EXPECT_FALSE(a.has_natural_language_condition());
  EXPECT_TRUE(rules[1].has_natural_language_condition());
  EXPECT_EQ(rules[1].order, 1u);
  EXPECT_EQ(rules[1].effective_confidence(), 0.5);
}

TEST(Rules, Precedence) {
  CompiledRule confident, doubtful, specific;
  confident.confidence = 0.9;
  doubtful.confidence = 0.5;
  specific.confidence = 0.5;
  specific.specificity = 2;
  doubtful.order = 5;
  EXPECT_TRUE(takes_precedence(confident, doubtful));
  EXPECT_FALSE(takes_precedence(doubtful, confident));
  EXPECT_TRUE(takes_precedence(specific, doubtful));  // earlier, but more specific
  EXPECT_EQ(precedence_reason(specific, doubtful),
            "same confidence, more specific (its `when` reads 2 names, the other 0)");
  CompiledRule later = doubtful;
  later.order = 6;
  EXPECT_TRUE(takes_precedence(later, doubtful));
}

}  // namespace
}  // namespace spak::knowledge
