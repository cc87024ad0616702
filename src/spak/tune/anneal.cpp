#include "spak/tune/anneal.h"

#include <algorithm>
#include <cmath>

namespace spak::tune {
namespace {
// Relative loss accepted with probability 1/e at the start (t0) and at the end (t1) of the budget.
constexpr double kStartTemperature = 0.10;
constexpr double kEndTemperature = 0.002;
// Neighbours tried before the walk restarts from a random unseen point.
constexpr int kNeighbourTries = 64;
}  // namespace

double Anneal::temperature() const {
  double progress = options_.budget > 0 ? std::min(1.0, static_cast<double>(history().size()) / options_.budget) : 1.0;
  return kStartTemperature * std::pow(kEndTemperature / kStartTemperature, progress);
}

void Anneal::consider(const Point& point, double score) {
  if (!current_ || score >= current_score_) {
    current_ = point;
    current_score_ = score;
    return;
  }
  double relative_loss = (current_score_ - score) / std::max(std::fabs(current_score_), 1e-12);
  if (std::uniform_real_distribution<double>(0, 1)(rng_) < std::exp(-relative_loss / temperature())) {
    current_ = point;
    current_score_ = score;
  }
}

void Anneal::learn(const Observation& observation) {
  if (!observation.score) return;
  scores_[SearchSpace::key(observation.point)] = *observation.score;
  consider(observation.point, *observation.score);
}

std::optional<Point> Anneal::neighbour(const Point& from) {
  const auto& dims = space_.dimensions();
  std::vector<std::size_t> movable;
  for (std::size_t d = 0; d < dims.size(); ++d)
    if (dims[d].size() > 1) movable.push_back(d);
  if (movable.empty()) return std::nullopt;
  Point p = from;
  std::size_t d = movable[std::uniform_int_distribution<std::size_t>(0, movable.size() - 1)(rng_)];
  auto n = static_cast<std::int64_t>(dims[d].size());
  auto at = static_cast<std::int64_t>(p[d]);
  std::int64_t to;
  if (dims[d].ordered()) {
    std::int64_t delta = std::uniform_int_distribution<int>(1, 2)(rng_);
    if (std::uniform_int_distribution<int>(0, 1)(rng_)) delta = -delta;
    to = std::clamp<std::int64_t>(at + delta, 0, n - 1);
  } else {
    to = std::uniform_int_distribution<std::int64_t>(0, n - 2)(rng_);
    if (to >= at) ++to;
  }
  if (to == at) return std::nullopt;
  p[d] = static_cast<std::uint64_t>(to);
  return p;
}

std::optional<Point> Anneal::next() {
  if (!current_) return random_unseen();
  for (int tries = 0; tries < kNeighbourTries; ++tries) {
    auto p = neighbour(*current_);
    if (!p || !space_.valid(*p)) continue;
    if (!seen(*p)) return p;
    // A neighbour measured before is a free step of the walk.
    if (auto it = scores_.find(SearchSpace::key(*p)); it != scores_.end()) consider(*p, it->second);
  }
  return random_unseen();
}

}  // namespace spak::tune
