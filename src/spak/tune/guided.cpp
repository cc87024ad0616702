#include "spak/tune/guided.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace spak::tune {
namespace {

// In a space too large to enumerate, the local moves of an ordered parameter: this many steps either way ...
constexpr std::int64_t kOrderedSteps = 2;
// ... and the values of an unordered one tried from the centre.
constexpr std::int64_t kUnorderedValues = 16;

std::size_t changed_parameters(const Point& a, const Point& b) {
  std::size_t n = 0;
  for (std::size_t d = 0; d < a.size(); ++d) n += a[d] != b[d];
  return n;
}

}  // namespace

GuidedSearch::GuidedSearch(const SearchSpace& space, StrategyOptions options) : BayesSearch(space, std::move(options)) {
  // With nothing known, this is plain BayesSearch (its random initial design included).
  if (!options_.start.empty()) set_initial_design(0);
  for (const Dimension& d : space.dimensions()) patience_ += d.size() > 1;
  // A single start point settles nothing: which of its values matter is unknown.
  settled_.resize(space.dimensions().size());
  if (options_.start.size() < 2) return;
  for (std::size_t d = 0; d < settled_.size(); ++d) {
    const std::uint64_t first = options_.start.front()[d];
    const bool agree = std::all_of(options_.start.begin(), options_.start.end(), [&](const Point& p) { return p[d] == first; });
    if (agree) settled_[d] = first;
  }
}

void GuidedSearch::learn(const Observation& observation) {
  if (!observation.score || (best_ && *observation.score <= best_score_)) return;
  best_ = observation.point;
  best_score_ = *observation.score;
  improved_at_ = history().size();
}

std::vector<Point> GuidedSearch::candidates() {
  // The start points (and the avoided points, observed up front) are the knowledge; patience counts after them.
  const std::size_t known = options_.start.size() + options_.avoid.size();
  if (options_.start.empty() || !best_ || history().size() >= std::max(improved_at_, known) + patience_)
    return BayesSearch::candidates();
  std::vector<Point> local = nearest_unseen(*best_, true);
  if (local.empty()) local = nearest_unseen(*best_, false);
  return local.empty() ? BayesSearch::candidates() : local;
}

bool GuidedSearch::keeps_settled(const Point& point) const {
  for (std::size_t d = 0; d < point.size(); ++d)
    if (settled_[d] && point[d] != *settled_[d]) return false;
  return true;
}

std::vector<Point> GuidedSearch::nearest_unseen(const Point& centre, bool settled_only) {
  std::vector<Point> out;
  if (space_.enumerated()) {
    std::size_t nearest = centre.size() + 1;
    for (const Point& p : space_.valid_points()) {
      if (seen(p) || (settled_only && !keeps_settled(p))) continue;
      const std::size_t d = changed_parameters(p, centre);
      if (d < nearest) nearest = d, out.clear();
      if (d == nearest) out.push_back(p);
    }
    return out;
  }
  // One parameter changed at a time; an empty answer lets the caller search globally.
  std::unordered_set<std::string> taken;
  const auto& dims = space_.dimensions();
  for (std::size_t d = 0; d < dims.size(); ++d) {
    const auto n = static_cast<std::int64_t>(dims[d].size());
    const auto at = static_cast<std::int64_t>(centre[d]);
    std::vector<std::int64_t> moves;
    if (dims[d].ordered()) {
      for (std::int64_t step = 1; step <= kOrderedSteps; ++step) moves.insert(moves.end(), {at - step, at + step});
    } else {
      for (std::int64_t i = 0; i < std::min(n, kUnorderedValues); ++i) moves.push_back(i);
    }
    for (std::int64_t to : moves) {
      if (to < 0 || to >= n || to == at) continue;
      Point p = centre;
      p[d] = static_cast<std::uint64_t>(to);
      if (!seen(p) && (!settled_only || keeps_settled(p)) && space_.valid(p) && taken.insert(SearchSpace::key(p)).second)
        out.push_back(p);
    }
  }
  return out;
}

}  // namespace spak::tune
