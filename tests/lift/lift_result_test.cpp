#include "spak/lift/lift_result.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace spak::lift {
namespace {

using nlohmann::json;

Evidence at(int file, int line) { return {fmt::format("f{}", file), line, "text", file}; }

TEST(LiftResult, AxesMergeObservedValuesFirstAndEvidenceOnce) {
  LiftResult r;
  r.add(Axis{"exp_function", Axis::Kind::Design, {"exp2", "exp"}, {"exp2"}, "p1", "m1", {at(0, 9)}});
  r.add(Axis{"exp_function", Axis::Kind::Design, {"exp", "exp2"}, {"exp"}, "p2", "m2", {at(0, 9), at(0, 3)}});
  ASSERT_EQ(r.axes.size(), 1u);
  EXPECT_EQ(r.axes[0].observed, (std::vector<json>{"exp2", "exp"}));
  EXPECT_EQ(r.axes[0].values, (std::vector<json>{"exp2", "exp"}));
  EXPECT_EQ(r.axes[0].pattern, "p1");
  EXPECT_EQ(r.axes[0].evidence.size(), 2u);
}

TEST(LiftResult, FinishOrdersByFirstCitationAndSortsNumericTuningValues) {
  LiftResult r;
  r.add(Axis{"late", Axis::Kind::Tuning, {128, 64}, {}, "p", "m", {at(1, 2)}});
  r.add(Axis{"early", Axis::Kind::Tuning, {}, {}, "p", "m", {at(0, 40), at(0, 5)}});
  r.finish();
  EXPECT_EQ(r.axes[0].name, "early");
  EXPECT_EQ(r.axes[0].evidence.front().line, 5);
  EXPECT_EQ(r.axes[1].values, (std::vector<json>{64, 128}));
}

TEST(LiftResult, InvariantsMergeBySameAssertionAndNumberNameClashes) {
  LiftResult r;
  r.add(Invariant{"static_assert", "A % B == 0", "d", "p", {at(0, 1)}});
  r.add(Invariant{"static_assert", "A % B == 0", "d", "p", {at(0, 7)}});
  r.add(Invariant{"static_assert", "C > 0", "d", "p", {at(0, 9)}});
  ASSERT_EQ(r.invariants.size(), 2u);
  EXPECT_EQ(r.invariants[0].evidence.size(), 2u);
  EXPECT_EQ(r.invariants[1].name, "static_assert_2");
  EXPECT_EQ(citation(r.invariants[1].evidence[0]), "f0:L9");
}

}  // namespace
}  // namespace spak::lift
