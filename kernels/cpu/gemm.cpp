// The two GEMM variants. This file is compiled with the auto-vectorizer off (see CMakeLists.txt) so that the
// `vec` parameter alone decides whether, and how wide, the micro loops use SIMD: the tuning space then means
// what it says.

#include "gemm.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace spak::kernels {
namespace {

constexpr std::array<std::string_view, 6> kOrderNames = {"ijk", "ikj", "jik", "jki", "kij", "kji"};

// Loop axes: 0 = i (rows), 1 = j (columns), 2 = k (depth).
constexpr std::array<int, 3> axes_of(LoopOrder order) {
  switch (order) {
    case LoopOrder::ijk: return {0, 1, 2};
    case LoopOrder::ikj: return {0, 2, 1};
    case LoopOrder::jik: return {1, 0, 2};
    case LoopOrder::jki: return {1, 2, 0};
    case LoopOrder::kij: return {2, 0, 1};
    case LoopOrder::kji: return {2, 1, 0};
  }
  return {0, 1, 2};
}

/// V float lanes as one value: a GCC vector for V > 1, a plain float for V = 1.
template <int V>
struct Lanes {
  typedef float type __attribute__((vector_size(V * sizeof(float))));
};
template <>
struct Lanes<1> {
  using type = float;
};
template <int V>
using lanes_t = typename Lanes<V>::type;

// Unaligned loads and stores: rows start anywhere, so memcpy (which compiles to one vector move) is the
// portable way to reach them.
template <int V>
[[gnu::always_inline]] inline lanes_t<V> load(const float* p) {
  lanes_t<V> v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <int V>
[[gnu::always_inline]] inline void store(float* p, lanes_t<V> v) {
  std::memcpy(p, &v, sizeof v);
}

/// Calls f(x) for x = begin, begin+step, … < end, U calls per iteration written out, then the remainder.
/// Forced inline (with f) because an unroll the inliner undoes is no unroll at all.
template <int U, typename F>
[[gnu::always_inline]] inline void unrolled(int begin, int end, int step, F&& f) {
  int x = begin;
  for (; x + (U - 1) * step < end; x += U * step) {
    [&]<int... u>(std::integer_sequence<int, u...>) { (f(x + u * step), ...); }(std::make_integer_sequence<int, U>{});
  }
  for (; x < end; x += step) f(x);
}

/// Operands of one product with their leading dimensions.
struct Operands {
  const float* __restrict a;
  const float* __restrict b;
  float* __restrict c;
  int lda;
  int ldb;
  int ldc;
};

/// Half-open index ranges of one block of the iteration space: rows, columns (a multiple of V wide), depth.
struct Block {
  std::array<int, 3> begin;
  std::array<int, 3> end;
};

// C[block] += A[block] · B[block] with the micro loops in order O, V lanes along j, the innermost loop unrolled
// U times. When k is innermost the U unrolled steps feed U accumulators, which breaks the add dependency chain.
template <LoopOrder O, int V, int U>
void micro_kernel(const Operands& x, const Block& blk) {
  using Vec = lanes_t<V>;
  // Locals, not struct members: a store through c could otherwise alias x itself and force reloads.
  const float* __restrict a = x.a;
  const float* __restrict b = x.b;
  float* __restrict c = x.c;
  const long lda = x.lda, ldb = x.ldb, ldc = x.ldc;
  constexpr std::array<int, 3> ax = axes_of(O);
  constexpr std::array<int, 3> step = {1, V, 1};
  std::array<int, 3> idx{};
  for (idx[ax[0]] = blk.begin[ax[0]]; idx[ax[0]] < blk.end[ax[0]]; idx[ax[0]] += step[ax[0]]) {
    for (idx[ax[1]] = blk.begin[ax[1]]; idx[ax[1]] < blk.end[ax[1]]; idx[ax[1]] += step[ax[1]]) {
      if constexpr (ax[2] == 2) {
        const long i = idx[0], j = idx[1];
        std::array<Vec, U> acc{};
        long k = blk.begin[2];
        for (; k + U <= blk.end[2]; k += U) {
          [&]<int... u>(std::integer_sequence<int, u...>) {
            ((acc[u] += a[i * lda + k + u] * load<V>(b + (k + u) * ldb + j)), ...);
          }(std::make_integer_sequence<int, U>{});
        }
        for (; k < blk.end[2]; ++k) acc[0] += a[i * lda + k] * load<V>(b + k * ldb + j);
        Vec sum = acc[0];
        for (int u = 1; u < U; ++u) sum += acc[u];
        store<V>(c + i * ldc + j, load<V>(c + i * ldc + j) + sum);
      } else {
        unrolled<U>(blk.begin[ax[2]], blk.end[ax[2]], step[ax[2]], [&](int inner) __attribute__((always_inline)) {
          std::array<long, 3> at = {idx[0], idx[1], idx[2]};
          at[ax[2]] = inner;
          float* cp = c + at[0] * ldc + at[1];
          store<V>(cp, load<V>(cp) + a[at[0] * lda + at[2]] * load<V>(b + at[2] * ldb + at[1]));
        });
      }
    }
  }
}

using MicroKernel = void (*)(const Operands&, const Block&);

template <LoopOrder O, int V>
MicroKernel pick_unroll(int unroll) {
  switch (unroll) {
    case 1: return &micro_kernel<O, V, 1>;
    case 2: return &micro_kernel<O, V, 2>;
    case 4: return &micro_kernel<O, V, 4>;
    case 8: return &micro_kernel<O, V, 8>;
  }
  throw std::invalid_argument("unroll must be 1, 2, 4 or 8, got " + std::to_string(unroll));
}

template <LoopOrder O>
MicroKernel pick_vec(int vec, int unroll) {
  switch (vec) {
    case 1: return pick_unroll<O, 1>(unroll);
    case 4: return pick_unroll<O, 4>(unroll);
    case 8: return pick_unroll<O, 8>(unroll);
  }
  throw std::invalid_argument("vec must be 1, 4 or 8, got " + std::to_string(vec));
}

MicroKernel pick_kernel(LoopOrder order, int vec, int unroll) {
  switch (order) {
    case LoopOrder::ijk: return pick_vec<LoopOrder::ijk>(vec, unroll);
    case LoopOrder::ikj: return pick_vec<LoopOrder::ikj>(vec, unroll);
    case LoopOrder::jik: return pick_vec<LoopOrder::jik>(vec, unroll);
    case LoopOrder::jki: return pick_vec<LoopOrder::jki>(vec, unroll);
    case LoopOrder::kij: return pick_vec<LoopOrder::kij>(vec, unroll);
    case LoopOrder::kji: return pick_vec<LoopOrder::kji>(vec, unroll);
  }
  throw std::invalid_argument("unknown loop order");
}

/// The micro kernels for one schedule: `wide` covers whole vectors along j, `tail` the columns left over.
struct Kernels {
  MicroKernel wide;
  MicroKernel tail;
  int vec;
};

// Computes one C tile completely (all of k), so the tile is owned by the one thread that calls this.
void compute_tile(const Operands& x, const GemmShape& shape, const GemmSchedule& s, const Kernels& kern, int i0,
                  int j0) {
  const int i1 = std::min(i0 + s.tile_m, shape.m);
  const int j1 = std::min(j0 + s.tile_n, shape.n);
  const int j_wide = j0 + (j1 - j0) / kern.vec * kern.vec;
  for (long i = i0; i < i1; ++i) std::fill(x.c + i * x.ldc + j0, x.c + i * x.ldc + j1, 0.0f);
  for (int k0 = 0; k0 < shape.k; k0 += s.tile_k) {
    const int k1 = std::min(k0 + s.tile_k, shape.k);
    if (j_wide > j0) kern.wide(x, Block{{i0, j0, k0}, {i1, j_wide, k1}});
    if (j1 > j_wide) kern.tail(x, Block{{i0, j_wide, k0}, {i1, j1, k1}});
  }
}

void check_schedule(const GemmShape& shape, const GemmSchedule& s) {
  if (shape.m < 1 || shape.n < 1 || shape.k < 1) throw std::invalid_argument("m, n and k must be at least 1");
  if (s.tile_m < 1 || s.tile_n < 1 || s.tile_k < 1) throw std::invalid_argument("tile sizes must be at least 1");
  if (s.threads < 1) throw std::invalid_argument("threads must be at least 1");
}

}  // namespace

std::optional<LoopOrder> parse_loop_order(std::string_view text) {
  for (std::size_t i = 0; i < kOrderNames.size(); ++i) {
    if (kOrderNames[i] == text) return static_cast<LoopOrder>(i);
  }
  return std::nullopt;
}

std::string_view to_string(LoopOrder order) { return kOrderNames[static_cast<std::size_t>(order)]; }

void gemm_naive(const GemmShape& shape, const float* a, const float* b, float* c) {
  for (long i = 0; i < shape.m; ++i) {
    for (long j = 0; j < shape.n; ++j) {
      float sum = 0.0f;
      for (long p = 0; p < shape.k; ++p) sum += a[i * shape.k + p] * b[p * shape.n + j];
      c[i * shape.n + j] = sum;
    }
  }
}

void gemm_tiled(const GemmShape& shape, const GemmSchedule& schedule, const float* a, const float* b, float* c) {
  check_schedule(shape, schedule);
  const Kernels kern{pick_kernel(schedule.order, schedule.vec, schedule.unroll),
                     pick_kernel(schedule.order, 1, schedule.unroll), schedule.vec};
  const Operands x{a, b, c, shape.k, shape.n, shape.n};
  const int tiles_n = (shape.n + schedule.tile_n - 1) / schedule.tile_n;
  const long tiles = static_cast<long>((shape.m + schedule.tile_m - 1) / schedule.tile_m) * tiles_n;

  // Each worker takes a contiguous run of tiles in row-major tile order, so neighbouring tiles share A rows.
  auto work = [&](long first, long last) {
    for (long t = first; t < last; ++t) {
      compute_tile(x, shape, schedule, kern, static_cast<int>(t / tiles_n) * schedule.tile_m,
                   static_cast<int>(t % tiles_n) * schedule.tile_n);
    }
  };
  const long workers = std::min<long>(schedule.threads, tiles);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(workers - 1));
  for (long w = 1; w < workers; ++w) pool.emplace_back(work, tiles * w / workers, tiles * (w + 1) / workers);
  work(0, tiles / workers);
  for (std::thread& t : pool) t.join();
}

}  // namespace spak::kernels
