// Device-side data preparation and checking for the GEMM bench: random inputs, output poisoning, and the
// comparison of a result against the reference.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cuda/gemm/gemm.h"

namespace spak::gemm {

/// Fills `count` elements with uniform values in [-1, 1) from a counter-based hash of (seed, index).
cudaError_t fill_random(void* data, size_t count, DType dtype, uint64_t seed, cudaStream_t stream);

/// Sets every element to NaN, so an element a kernel forgets to write fails the comparison.
cudaError_t poison(void* data, size_t count, cudaStream_t stream);

/// The outcome of comparing an output with the reference.
struct Comparison {
  double max_abs_diff = 0;  // max |out - ref|
  double max_abs_ref = 0;   // max |ref|
  bool any_nan = false;     // an output (or reference) element is NaN or infinite
  /// max |out - ref| / max |ref|: error relative to the output's scale, robust to elements near zero.
  double max_rel_error() const { return max_abs_ref > 0 ? max_abs_diff / max_abs_ref : max_abs_diff; }
};

cudaError_t compare(const void* out, const void* ref, size_t count, DType dtype, Comparison& result, cudaStream_t stream);

}  // namespace spak::gemm
