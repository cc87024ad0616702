#pragma once
// Checking a GEMM result against a double-accumulating reference. The error of an element is measured against
// the size of its terms, |c - ref| / Σ_k |a_ik·b_kj|, which is what floating-point summation error scales with;
// a plain |c - ref| / |ref| would blow up wherever the terms happen to cancel to near zero.

#include <vector>

#include "gemm.h"

namespace spak::kernels {

/// Tolerance of check_gemm: float32 summation in any order stays far below it for k up to ~10^5 (the
/// worst-case bound is k·2^-24 relative to Σ|a·b|; typical errors grow like √k·2^-24).
inline constexpr double kGemmTolerance = 1e-4;

/// The outcome of comparing one result with the reference.
struct GemmCheck {
  double max_rel_error = 0.0;  ///< Largest |c - ref| / Σ|a·b| over all elements (0 when every Σ|a·b| is 0).
  double tolerance = kGemmTolerance;
  bool passed = false;  ///< max_rel_error <= tolerance, and no element is NaN or infinite.
};

/// Compares `c` (m×n) with A·B computed in double precision, one row at a time.
GemmCheck check_gemm(const GemmShape& shape, const float* a, const float* b, const float* c,
                     double tolerance = kGemmTolerance);

/// m×n (or any count of) floats drawn uniformly from [-1, 1) with a fixed, platform-independent generator.
std::vector<float> random_matrix(long count, unsigned seed);

}  // namespace spak::kernels
