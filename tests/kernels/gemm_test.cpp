// The tiled SGEMM must equal the reference under every schedule, including sizes that no tile or vector
// divides, so every code path (full vectors, the scalar tail, unroll remainders, clipped tiles) is exercised.

#include "gemm.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "gemm_check.h"

namespace spak::kernels {
namespace {

struct Problem {
  GemmShape shape;
  std::vector<float> a, b;
  std::vector<float> c;

  explicit Problem(GemmShape s)
      : shape(s),
        a(random_matrix(static_cast<long>(s.m) * s.k, 7)),
        b(random_matrix(static_cast<long>(s.k) * s.n, 8)),
        c(static_cast<std::size_t>(s.m) * s.n, std::numeric_limits<float>::quiet_NaN()) {}
};

using ScheduleCase = std::tuple<std::string, int, int>;  // order, vec, unroll

class TiledGemm : public ::testing::TestWithParam<ScheduleCase> {};

TEST_P(TiledGemm, MatchesReferenceOnRaggedSizes) {
  const auto& [order, vec, unroll] = GetParam();
  Problem p({37, 53, 29});
  GemmSchedule s;
  s.order = *parse_loop_order(order);
  s.vec = vec;
  s.unroll = unroll;
  s.tile_m = 16;
  s.tile_n = 24;
  s.tile_k = 7;
  s.threads = 3;
  gemm_tiled(p.shape, s, p.a.data(), p.b.data(), p.c.data());
  const GemmCheck check = check_gemm(p.shape, p.a.data(), p.b.data(), p.c.data());
  EXPECT_TRUE(check.passed) << "max_rel_error " << check.max_rel_error;
}

INSTANTIATE_TEST_SUITE_P(AllSchedules, TiledGemm,
                         ::testing::Combine(::testing::Values("ijk", "ikj", "jik", "jki", "kij", "kji"),
                                            ::testing::Values(1, 4, 8), ::testing::Values(1, 2, 4, 8)));

TEST(TiledGemm, TilesLargerThanTheMatrixAndMoreThreadsThanTiles) {
  Problem p({5, 3, 2});
  GemmSchedule s;
  s.tile_m = 512;
  s.tile_n = 512;
  s.tile_k = 512;
  s.threads = 8;
  gemm_tiled(p.shape, s, p.a.data(), p.b.data(), p.c.data());
  EXPECT_TRUE(check_gemm(p.shape, p.a.data(), p.b.data(), p.c.data()).passed);
}

TEST(TiledGemm, OverwritesCInsteadOfAccumulating) {
  Problem p({16, 16, 16});
  std::fill(p.c.begin(), p.c.end(), 100.0f);
  gemm_tiled(p.shape, GemmSchedule{}, p.a.data(), p.b.data(), p.c.data());
  EXPECT_TRUE(check_gemm(p.shape, p.a.data(), p.b.data(), p.c.data()).passed);
}

TEST(TiledGemm, RejectsScheduleOutsideTheSpace) {
  Problem p({4, 4, 4});
  GemmSchedule s;
  s.vec = 3;
  EXPECT_THROW(gemm_tiled(p.shape, s, p.a.data(), p.b.data(), p.c.data()), std::invalid_argument);
  s = GemmSchedule{};
  s.tile_k = 0;
  EXPECT_THROW(gemm_tiled(p.shape, s, p.a.data(), p.b.data(), p.c.data()), std::invalid_argument);
}

TEST(NaiveGemm, MatchesReference) {
  Problem p({33, 17, 41});
  gemm_naive(p.shape, p.a.data(), p.b.data(), p.c.data());
  EXPECT_TRUE(check_gemm(p.shape, p.a.data(), p.b.data(), p.c.data()).passed);
}

TEST(LoopOrder, RoundTripsItsName) {
  for (const char* name : {"ijk", "ikj", "jik", "jki", "kij", "kji"}) {
    EXPECT_EQ(to_string(*parse_loop_order(name)), name);
  }
  EXPECT_FALSE(parse_loop_order("ikk").has_value());
  EXPECT_FALSE(parse_loop_order("").has_value());
}

}  // namespace
}  // namespace spak::kernels
