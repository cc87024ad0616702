#pragma once
// Random search: valid points drawn uniformly, without replacement.

#include <optional>

#include "spak/tune/strategy.h"

namespace spak::tune {

/// Proposes uniformly random unseen valid points; the baseline every other strategy must beat.
class RandomSearch : public Strategy {
 public:
  RandomSearch(const SearchSpace& space, StrategyOptions options) : Strategy(space, std::move(options)) {}

 protected:
  std::optional<Point> next() override { return random_unseen(); }
};

}  // namespace spak::tune
