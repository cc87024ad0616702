#pragma once
// Grid search: every valid point in row-major order (the last parameter varies fastest).

#include <optional>

#include "spak/tune/strategy.h"

namespace spak::tune {

/// Walks the space in grid order, skipping pruned and already-seen points.
class GridSearch : public Strategy {
 public:
  GridSearch(const SearchSpace& space, StrategyOptions options) : Strategy(space, std::move(options)) {}

 protected:
  std::optional<Point> next() override;

 private:
  std::size_t index_ = 0;           ///< enumerated spaces: position in valid_points()
  std::optional<Point> cursor_;     ///< sampled spaces: the last point visited (none = not started)
  bool done_ = false;
};

}  // namespace spak::tune
