#pragma once
// Single-precision GEMM C = A·B on row-major matrices, in two variants: the plain triple loop (the baseline) and
// a cache-blocked kernel whose schedule (tile sizes, micro-loop order, unroll, vector lanes, threads) comes
// from the outside, so that an engineering loop can search it.

#include <optional>
#include <string_view>

namespace spak::kernels {

/// Order of the three micro loops inside a tile, outermost first (i: rows of C, j: columns, k: depth).
enum class LoopOrder { ijk, ikj, jik, jki, kij, kji };

/// Parses "ijk" … "kji"; nullopt for anything else.
std::optional<LoopOrder> parse_loop_order(std::string_view text);
std::string_view to_string(LoopOrder order);

/// Sizes of one product: A is m×k, B is k×n, C is m×n, all row-major and densely packed.
struct GemmShape {
  int m = 0;
  int n = 0;
  int k = 0;
};

/// A point of the tiled kernel's tuning space. Tiles may exceed the matrix (they are clipped); `vec` is the
/// number of float lanes per vector along j (1, 4 or 8); `unroll` is how many iterations of the innermost loop
/// are written out (1, 2, 4 or 8), with that many independent accumulators when the innermost loop is k.
struct GemmSchedule {
  int tile_m = 64;
  int tile_n = 256;
  int tile_k = 128;
  LoopOrder order = LoopOrder::ikj;
  int unroll = 4;
  int vec = 8;
  int threads = 1;
};

/// C = A·B with the textbook i-j-k loop and a float accumulator; single-threaded.
void gemm_naive(const GemmShape& shape, const float* a, const float* b, float* c);

/// C = A·B, cache-blocked per `schedule`. C tiles are split among `schedule.threads` std::threads, so no two
/// threads write the same element. Throws std::invalid_argument for a schedule outside the tuning space.
void gemm_tiled(const GemmShape& shape, const GemmSchedule& schedule, const float* a, const float* b, float* c);

}  // namespace spak::kernels
