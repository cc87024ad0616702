#include "spak/tune/strategy.h"

#include <algorithm>
#include <numeric>

#include "spak/tune/anneal.h"
#include "spak/tune/bayes.h"
#include "spak/tune/grid.h"
#include "spak/tune/guided.h"
#include "spak/tune/random_search.h"
#include "spak/util/error.h"

namespace spak::tune {
namespace {
// In a sampled (not enumerated) space, random_unseen gives up after this many already-seen samples.
constexpr int kUnseenTries = 10'000;
}  // namespace

Strategy::Strategy(const SearchSpace& space, StrategyOptions options)
    : space_(space), options_(std::move(options)), rng_(options_.seed) {
  // Known-bad points are observed up front: never proposed, and a model counts them as failed trials.
  for (const Point& p : options_.avoid)
    if (seen_.insert(SearchSpace::key(p)).second) history_.push_back({p, std::nullopt});
}

std::optional<Point> Strategy::propose() {
  std::optional<Point> point;
  while (start_next_ < options_.start.size() && !point) {
    const Point& candidate = options_.start[start_next_++];
    if (!seen(candidate) && space_.valid(candidate)) point = candidate;
  }
  if (!point) point = next();
  if (!point) return std::nullopt;
  seen_.insert(SearchSpace::key(*point));
  pending_.push_back(*point);
  return point;
}

void Strategy::observe(const Point& point, std::optional<double> score) {
  seen_.insert(SearchSpace::key(point));
  auto it = std::find(pending_.begin(), pending_.end(), point);
  if (it != pending_.end()) pending_.erase(it);
  history_.push_back({point, score});
  learn(history_.back());
}

std::optional<Point> Strategy::random_unseen() {
  if (space_.enumerated()) {
    const auto& points = space_.valid_points();
    if (shuffled_.empty() && shuffled_next_ == 0) {
      shuffled_.resize(points.size());
      std::iota(shuffled_.begin(), shuffled_.end(), std::size_t{0});
    }
    // A lazy Fisher-Yates shuffle: each call draws from the points not drawn yet.
    while (shuffled_next_ < shuffled_.size()) {
      std::size_t j = std::uniform_int_distribution<std::size_t>(shuffled_next_, shuffled_.size() - 1)(rng_);
      std::swap(shuffled_[shuffled_next_], shuffled_[j]);
      const Point& p = points[shuffled_[shuffled_next_++]];
      if (!seen(p)) return p;
    }
    return std::nullopt;
  }
  for (int tries = 0; tries < kUnseenTries; ++tries) {
    auto p = space_.sample(rng_);
    if (!p) return std::nullopt;
    if (!seen(*p)) return p;
  }
  return std::nullopt;
}

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names{"grid", "random", "anneal", "bayes", "guided"};
  return names;
}

std::unique_ptr<Strategy> make_strategy(const std::string& name, const SearchSpace& space, StrategyOptions options) {
  if (name == "grid") return std::make_unique<GridSearch>(space, std::move(options));
  if (name == "random") return std::make_unique<RandomSearch>(space, std::move(options));
  if (name == "anneal") return std::make_unique<Anneal>(space, std::move(options));
  if (name == "bayes") return std::make_unique<BayesSearch>(space, std::move(options));
  if (name == "guided") return std::make_unique<GuidedSearch>(space, std::move(options));
  std::string known;
  for (const auto& n : strategy_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown strategy '{}' (known: {})", name, known);
}

}  // namespace spak::tune
