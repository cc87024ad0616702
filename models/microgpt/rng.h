#pragma once
// The one random stream of a microGPT run. Its algorithm is fixed here (xoshiro256** seeded through splitmix64,
// Box-Muller normals) rather than left to <random>'s implementation-defined distributions, so a seed means the
// same document order and the same initial weights on every platform and in every implementation.

#include <cstdint>
#include <utility>
#include <vector>

namespace spak::microgpt {

/// A deterministic pseudo-random generator with the few draws microGPT needs.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  double uniform();                            ///< In [0, 1), 53 random bits.
  double normal(double mean, double stddev);   ///< One Box-Muller draw (the pair's second value is not kept).
  std::uint64_t below(std::uint64_t bound);    ///< Uniform in [0, bound), without modulo bias; bound > 0.

  /// Fisher-Yates shuffle in place.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  std::uint64_t s_[4];
};

}  // namespace spak::microgpt
