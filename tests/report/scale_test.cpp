#include "spak/report/scale.h"

#include <gtest/gtest.h>

using spak::report::log_ticks;
using spak::report::nice_ticks;
using spak::report::Scale;
using spak::report::tick_label;

TEST(NiceTicks, UnitIntervalStepsByTwoTenths) {
  EXPECT_EQ(nice_ticks(0, 1), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
}

TEST(NiceTicks, CoverTheDataWithRoundSteps) {
  // GEMM ratios to cuBLAS, 0.37 .. 0.91: five ticks of 0.2 whose labels read as written.
  EXPECT_EQ(nice_ticks(0.37, 0.91), (std::vector<double>{0.2, 0.4, 0.6, 0.8, 1.0}));
  EXPECT_EQ(nice_ticks(0.3, 0.7), (std::vector<double>{0.3, 0.4, 0.5, 0.6, 0.7}));
  for (double t : nice_ticks(0.01, 0.07)) EXPECT_LE(tick_label(t).size(), 4u) << tick_label(t);
}

TEST(NiceTicks, LargeValuesUseOneTwoFiveSteps) {
  const std::vector<double> ticks = nice_ticks(12, 787);
  EXPECT_EQ(ticks.front(), 0);
  EXPECT_EQ(ticks.back(), 800);
  EXPECT_EQ(ticks[1], 200);
}

TEST(NiceTicks, ASingleValueGetsAnIntervalAroundIt) {
  const std::vector<double> ticks = nice_ticks(5, 5);
  EXPECT_LT(ticks.front(), 5);
  EXPECT_GT(ticks.back(), 5);
}

TEST(LogTicks, PowersOfTenOverManyDecades) {
  EXPECT_EQ(log_ticks(3, 5000), (std::vector<double>{1, 10, 100, 1000, 10000}));
}

TEST(LogTicks, TwoAndFiveBetweenWhenTheSpanIsShort) {
  EXPECT_EQ(log_ticks(0.27, 21), (std::vector<double>{0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}));
}

TEST(TickLabel, CompactAndClean) {
  EXPECT_EQ(tick_label(0.1 + 0.2), "0.3");
  EXPECT_EQ(tick_label(12000), "12k");
  EXPECT_EQ(tick_label(2.5e6), "2.5M");
  EXPECT_EQ(tick_label(1e-17), "0");
  EXPECT_EQ(tick_label(-40), "-40");
}

TEST(Scale, FitChoosesLogOnlyWhenValuesSpanDecades) {
  EXPECT_EQ(Scale::fit({0.27, 1.4, 21.0}).kind(), Scale::Kind::Linear);   // under two decades
  EXPECT_EQ(Scale::fit({0.2, 1.4, 210.0}).kind(), Scale::Kind::Log);
  EXPECT_EQ(Scale::fit({0.0, 1.4, 210.0}).kind(), Scale::Kind::Linear);   // zero cannot be on a log axis
  EXPECT_EQ(Scale::fit({0.2, 210.0}, true).kind(), Scale::Kind::Linear);  // asked to show zero
  EXPECT_EQ(Scale::fit({}).kind(), Scale::Kind::Linear);
}

TEST(Scale, LinearMapsTheDomainOntoTheRange) {
  Scale y = Scale::linear(0, 100);
  y.set_range(300, 20);  // SVG: low values at the bottom
  EXPECT_DOUBLE_EQ(y(0), 300);
  EXPECT_DOUBLE_EQ(y(100), 20);
  EXPECT_DOUBLE_EQ(y(50), 160);
}

TEST(Scale, LogMapsDecadesEvenly) {
  Scale x = Scale::log(1, 1000);
  x.set_range(0, 300);
  EXPECT_NEAR(x(1), 0, 1e-9);
  EXPECT_NEAR(x(10), 100, 1e-9);
  EXPECT_NEAR(x(1000), 300, 1e-9);
}

TEST(Scale, CategoriesSitInTheMiddleOfTheirBands) {
  Scale x = Scale::categories({"ikj", "kij", "ijk", "jki"});
  x.set_range(0, 400);
  EXPECT_DOUBLE_EQ(x.band(), 100);
  EXPECT_DOUBLE_EQ(x(0), 50);
  EXPECT_DOUBLE_EQ(x(3), 350);
  EXPECT_EQ(x.label(2), "ijk");
  EXPECT_EQ(x.ticks().size(), 4u);
}
