#include "spak/tune/space.h"

#include <gtest/gtest.h>

#include "spak/util/error.h"

namespace spak::tune {
namespace {

using nlohmann::json;

dsl::Parameter range(std::string name, double lo, double hi, std::optional<double> step = std::nullopt) {
  dsl::Parameter p;
  p.name = std::move(name);
  p.kind = dsl::Parameter::Kind::Range;
  p.lo = lo;
  p.hi = hi;
  p.step = step;
  return p;
}

dsl::Parameter pow2(std::string name, double lo, double hi) {
  dsl::Parameter p = range(std::move(name), lo, hi);
  p.kind = dsl::Parameter::Kind::Pow2;
  return p;
}

TEST(Dimension, RangeWithStepIsLazyAndExact) {
  Dimension d = Dimension::from_parameter(range("k", 0, 1, 0.1));
  EXPECT_EQ(d.size(), 11u);
  EXPECT_DOUBLE_EQ(d.value(3).get<double>(), 0.3);
  EXPECT_EQ(d.index_of(json(0.5)), 5u);
  EXPECT_FALSE(d.index_of(json(0.55)));
  EXPECT_TRUE(d.ordered());

  Dimension big = Dimension::from_parameter(range("n", 1, 1e9));
  EXPECT_EQ(big.size(), 1'000'000'000u);
  EXPECT_EQ(big.value(41), json(42));
  EXPECT_TRUE(big.value(41).is_number_integer());
}

TEST(Dimension, Pow2RoundsUpToAPowerOfTwo) {
  Dimension d = Dimension::from_parameter(pow2("tile", 12, 256));
  EXPECT_EQ(d.size(), 5u);  // 16 32 64 128 256
  EXPECT_EQ(d.value(0), json(16));
  EXPECT_EQ(d.value(4), json(256));
  EXPECT_EQ(d.index_of(json(64.0)), 2u);
  EXPECT_TRUE(d.log_scale());
}

TEST(Dimension, ListsKeepTheirValuesAndTypes) {
  Dimension d = Dimension::from_values("order", {json("ijk"), json("ikj")});
  EXPECT_FALSE(d.ordered());
  EXPECT_EQ(d.index_of(json("ikj")), 1u);
  EXPECT_FALSE(d.index_of(json(1)));
  Dimension n = Dimension::from_values("threads", {json(1), json(2), json(16)});
  EXPECT_TRUE(n.ordered());
  EXPECT_TRUE(n.log_scale());
}

TEST(Dimension, EmptyDomainsAreErrors) {
  EXPECT_THROW(Dimension::from_parameter(range("a", 5, 1)), Error);
  EXPECT_THROW(Dimension::from_parameter(range("a", 1, 5, 0.0)), Error);
  EXPECT_THROW(Dimension::from_parameter(pow2("a", 5, 7)), Error);
  dsl::Parameter empty;
  empty.name = "e";
  EXPECT_THROW(Dimension::from_parameter(empty), Error);
}

TEST(SearchSpace, PrunesAndEnumeratesInGridOrder) {
  std::vector<Dimension> dims{Dimension::from_parameter(pow2("m", 16, 64)),
                              Dimension::from_parameter(pow2("n", 16, 64))};
  SearchSpace space(dims, [](const json& c) -> std::optional<std::string> {
    if (c["m"].get<int>() * c["n"].get<int>() > 1024) return "m * n <= 1024 is false";
    return std::nullopt;
  });
  EXPECT_TRUE(space.enumerated());
  EXPECT_EQ(space.size().total, 9);
  EXPECT_EQ(space.size().valid, 6);  // (16,16) (16,32) (16,64) (32,16) (32,32) (64,16)
  ASSERT_EQ(space.valid_points().size(), 6u);
  EXPECT_EQ(space.config(space.valid_points()[1]), (json{{"m", 16}, {"n", 32}}));
  EXPECT_EQ(space.why_invalid({2, 2}), "m * n <= 1024 is false");
  EXPECT_EQ(space.point_of(json{{"m", 32}, {"n", 16}}), (Point{1, 0}));
  EXPECT_FALSE(space.point_of(json{{"m", 33}, {"n", 16}}));
  EXPECT_FALSE(space.point_of(json{{"m", 32}}));
}

TEST(SearchSpace, LargeSpacesAreSampledNotEnumerated) {
  std::vector<Dimension> dims{Dimension::from_parameter(range("a", 0, 999)),
                              Dimension::from_parameter(range("b", 0, 999))};
  SearchSpace space(dims, [](const json& c) -> std::optional<std::string> {
    if (c["a"].get<int>() < c["b"].get<int>()) return "a >= b is false";
    return std::nullopt;
  });
  EXPECT_FALSE(space.enumerated());
  EXPECT_EQ(space.size().total, 1e6);
  EXPECT_FALSE(space.size().exact);
  EXPECT_NEAR(space.size().valid, 500'500, 20'000);
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100; ++i) {
    auto p = space.sample(rng);
    ASSERT_TRUE(p);
    EXPECT_GE((*p)[0], (*p)[1]);
  }
}

TEST(SearchSpace, NoParametersIsOneConfiguration) {
  SearchSpace space({}, nullptr);
  EXPECT_EQ(space.size().valid, 1);
  EXPECT_EQ(space.config(space.valid_points().at(0)), json::object());
}

}  // namespace
}  // namespace spak::tune
