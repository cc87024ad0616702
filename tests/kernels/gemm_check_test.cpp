// The check must accept float rounding and reject anything else: a wrong element, a NaN, an unwritten output.

#include "gemm_check.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace spak::kernels {
namespace {

struct Fixture {
  GemmShape shape{20, 30, 40};
  std::vector<float> a = random_matrix(20 * 40, 1);
  std::vector<float> b = random_matrix(40 * 30, 2);
  std::vector<float> c = std::vector<float>(20 * 30);

  Fixture() { gemm_naive(shape, a.data(), b.data(), c.data()); }
  GemmCheck check() const { return check_gemm(shape, a.data(), b.data(), c.data()); }
};

TEST(CheckGemm, AcceptsFloatRounding) {
  Fixture f;
  const GemmCheck check = f.check();
  EXPECT_TRUE(check.passed);
  EXPECT_GT(check.max_rel_error, 0.0);  // float accumulation is not exact, so a zero would mean a broken check
  EXPECT_LT(check.max_rel_error, 1e-6);
  EXPECT_EQ(check.tolerance, kGemmTolerance);
}

TEST(CheckGemm, RejectsOneWrongElement) {
  Fixture f;
  f.c[7 * 30 + 11] += 0.01f;
  const GemmCheck check = f.check();
  EXPECT_FALSE(check.passed);
  EXPECT_GT(check.max_rel_error, kGemmTolerance);
}

TEST(CheckGemm, RejectsNaNAndInfinity) {
  Fixture f;
  f.c[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(f.check().passed);
  Fixture g;
  g.c[5] = std::numeric_limits<float>::infinity();
  EXPECT_FALSE(g.check().passed);
}

TEST(CheckGemm, ZeroTermsDemandAnExactZero) {
  GemmShape shape{1, 1, 2};
  const std::vector<float> a = {0.0f, 0.0f}, b = {1.0f, 2.0f};
  const float zero = 0.0f, tiny = 1e-30f;
  EXPECT_TRUE(check_gemm(shape, a.data(), b.data(), &zero).passed);
  EXPECT_FALSE(check_gemm(shape, a.data(), b.data(), &tiny).passed);
}

TEST(RandomMatrix, IsDeterministicAndInRange) {
  const std::vector<float> x = random_matrix(1000, 42), y = random_matrix(1000, 42), z = random_matrix(1000, 43);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
  for (float v : x) {
    EXPECT_GE(v, -1.0f);
    EXPECT_LT(v, 1.0f);
  }
}

}  // namespace
}  // namespace spak::kernels
