// Invariants: checked for every configuration before it runs; a violation names the invariant and why.

#include "spak/knowledge/invariants.h"

#include <gtest/gtest.h>

#include "system_fixture.h"

namespace spak::knowledge {
namespace {

using testing::context_of;
using testing::system_from;

const char* kSystem = R"(
system S {
  knowledge {
    invariant GQA_Safety { assert: "num_heads % num_head_kv == 0" }
    invariant TileFits {
      assert: "tile_m * tile_n * 4 <= smem_bytes"
      assert: "Tiles must be aligned to the swizzle pattern."
    }
  }
}
)";

TEST(Invariants, AConfigThatViolatesOneIsBlockedWithTheReason) {
  InvariantChecker checker(system_from(kSystem));
  auto v = checker.check(context_of({{"num_heads", "12"}, {"num_head_kv", "5"}, {"tile_m", "64"}, {"tile_n", "64"},
                                     {"smem_bytes", "232448"}}));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->invariant, "GQA_Safety");
  EXPECT_FALSE(v->evaluation_error);
  EXPECT_EQ(v->message(), "invariant GQA_Safety: `num_heads % num_head_kv == 0` is false (num_heads = 12, "
                          "num_head_kv = 5)");
  EXPECT_EQ(v->span.line, 4u);
}

TEST(Invariants, AllHold) {
  InvariantChecker checker(system_from(kSystem));
  EXPECT_EQ(checker.size(), 2u);
  EXPECT_FALSE(checker
                   .check(context_of({{"num_heads", "32"}, {"num_head_kv", "8"}, {"tile_m", "128"}, {"tile_n", "128"},
                                      {"smem_bytes", "232448"}}))
                   .has_value());
}

TEST(Invariants, TheSecondInvariantIsCheckedToo) {
  auto v = check_invariants(system_from(kSystem), context_of({{"num_heads", "32"}, {"num_head_kv", "8"},
                                                              {"tile_m", "256"}, {"tile_n", "256"},
                                                              {"smem_bytes", "232448"}}));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->invariant, "TileFits");
}

TEST(Invariants, AnAssertThatCannotBeEvaluatedBlocksTheConfig) {
  auto v = check_invariants(system_from(kSystem), context_of({{"num_heads", "32"}, {"num_head_kv", "0"}}));
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->evaluation_error);
  EXPECT_EQ(v->reason, "cannot be evaluated: column 11: modulo by zero");
}

TEST(Invariants, NaturalLanguageAssertsAreListedNotChecked) {
  InvariantChecker checker(system_from(kSystem));
  EXPECT_EQ(checker.unchecked(),
            std::vector<std::string>{"invariant TileFits: Tiles must be aligned to the swizzle pattern."});
  auto all = checker.check_all(context_of({{"num_heads", "32"}, {"num_head_kv", "8"}}));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].status, InvariantResult::Status::Holds);
  EXPECT_EQ(all[1].status, InvariantResult::Status::Error);
  EXPECT_EQ(all[2].status, InvariantResult::Status::NaturalLanguage);
  EXPECT_STREQ(status_name(all[1].status), "error");
}

}  // namespace
}  // namespace spak::knowledge
