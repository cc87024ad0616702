// The reference product and the comparison; see gemm_check.h for why errors are scaled by Σ|a·b|.

#include "gemm_check.h"

#include <cmath>
#include <random>

namespace spak::kernels {

GemmCheck check_gemm(const GemmShape& shape, const float* a, const float* b, const float* c, double tolerance) {
  GemmCheck result;
  result.tolerance = tolerance;
  bool sound = true;  // false once an element is NaN, infinite, or non-zero where every term is zero
  // One row of the reference at a time, in i-k-j order so B is read along its rows.
  std::vector<double> sum(static_cast<std::size_t>(shape.n));
  std::vector<double> magnitude(static_cast<std::size_t>(shape.n));
  for (long i = 0; i < shape.m; ++i) {
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(magnitude.begin(), magnitude.end(), 0.0);
    for (long p = 0; p < shape.k; ++p) {
      const double av = a[i * shape.k + p];
      const float* brow = b + p * shape.n;
      for (long j = 0; j < shape.n; ++j) {
        sum[j] += av * brow[j];
        magnitude[j] += std::fabs(av * brow[j]);
      }
    }
    for (long j = 0; j < shape.n; ++j) {
      const double got = c[i * shape.n + j];
      if (!std::isfinite(got)) {
        sound = false;
        continue;
      }
      const double diff = std::fabs(got - sum[j]);
      if (magnitude[j] > 0.0) {
        result.max_rel_error = std::max(result.max_rel_error, diff / magnitude[j]);
      } else if (diff > 0.0) {
        sound = false;
      }
    }
  }
  result.passed = sound && result.max_rel_error <= tolerance;
  return result;
}

std::vector<float> random_matrix(long count, unsigned seed) {
  // mt19937's output sequence is fixed by the standard (the distributions are not), so map it by hand.
  std::mt19937 gen(seed);
  std::vector<float> values(static_cast<std::size_t>(count));
  for (float& v : values) v = static_cast<float>(gen() >> 8) * 0x1.0p-23f - 1.0f;
  return values;
}

}  // namespace spak::kernels
