#include "spak/tune/grid.h"

namespace spak::tune {

std::optional<Point> GridSearch::next() {
  if (space_.enumerated()) {
    const auto& points = space_.valid_points();
    while (index_ < points.size()) {
      const Point& p = points[index_++];
      if (!seen(p)) return p;
    }
    return std::nullopt;
  }
  while (!done_) {
    cursor_ = cursor_ ? space_.next_in_grid(*cursor_) : Point(space_.dimensions().size(), 0);
    if (!cursor_) {
      done_ = true;
      break;
    }
    if (!seen(*cursor_) && space_.valid(*cursor_)) return cursor_;
  }
  return std::nullopt;
}

}  // namespace spak::tune
