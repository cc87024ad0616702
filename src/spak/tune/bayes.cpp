#include "spak/tune/bayes.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace spak::tune {
namespace {

// All unseen valid points are scored while there are at most this many; beyond it, a sample.
constexpr std::size_t kAllCandidates = 4000;
constexpr int kSampledCandidates = 2000;
// Neighbourhoods of the best few observations are always candidates (local refinement).
constexpr std::size_t kLocalCentres = 5;
// Hyperparameters are searched on every step while data is small, then every few steps (cost is O(n^3)).
constexpr std::size_t kAlwaysRefit = 60;
constexpr std::size_t kRefitEvery = 5;
constexpr int kHyperStarts = 12;
// Exploration margin of expected improvement, in standardized units.
constexpr double kXi = 0.01;

// One model column per ordered parameter, one per value of an unordered one; the group is the parameter.
std::vector<int> columns_of(const SearchSpace& space) {
  std::vector<int> columns;
  int groups = 0;
  for (const Dimension& d : space.dimensions()) {
    if (d.size() <= 1) continue;
    std::size_t width = d.ordered() ? 1 : d.size();
    columns.insert(columns.end(), width, groups);
    ++groups;
  }
  return columns;
}

double numeric(const nlohmann::json& v) { return v.get<double>(); }

// Scores are modelled on a log scale when they all share a sign: throughput and time vary multiplicatively.
double warp(double score, bool positive, bool negative) {
  if (positive) return std::log(score);
  if (negative) return -std::log(-score);
  return score;
}

}  // namespace

BayesSearch::BayesSearch(const SearchSpace& space, StrategyOptions options)
    : Strategy(space, std::move(options)),
      column_group_(columns_of(space)),
      groups_(column_group_.empty() ? 0 : column_group_.back() + 1),
      gp_(column_group_, groups_) {
  initial_ = std::clamp(groups_ + 1, 4, 8);
}

std::vector<double> BayesSearch::encode(const Point& point) const {
  std::vector<double> x;
  x.reserve(column_group_.size());
  const auto& dims = space_.dimensions();
  for (std::size_t d = 0; d < dims.size(); ++d) {
    const Dimension& dim = dims[d];
    std::uint64_t n = dim.size();
    if (n <= 1) continue;
    if (!dim.ordered()) {
      for (std::uint64_t i = 0; i < n; ++i) x.push_back(point[d] == i ? 1.0 : 0.0);
      continue;
    }
    double v = numeric(dim.value(point[d])), lo = numeric(dim.value(0)), hi = numeric(dim.value(n - 1));
    // Lists may be unsorted; normalize by their actual extremes.
    for (std::uint64_t i = 0; i < n && n <= 4096; ++i) {
      lo = std::min(lo, numeric(dim.value(i)));
      hi = std::max(hi, numeric(dim.value(i)));
    }
    if (dim.log_scale()) v = std::log2(v), lo = std::log2(lo), hi = std::log2(hi);
    x.push_back(hi > lo ? (v - lo) / (hi - lo) : 0.0);
  }
  return x;
}

std::vector<Point> BayesSearch::candidates() {
  std::vector<Point> out;
  std::unordered_set<std::string> taken;
  auto add = [&](const Point& p) {
    if (!seen(p) && taken.insert(SearchSpace::key(p)).second && space_.valid(p)) out.push_back(p);
  };
  if (space_.enumerated()) {
    std::size_t unseen = 0;
    for (const Point& p : space_.valid_points()) unseen += !seen(p);
    if (unseen <= kAllCandidates) {
      for (const Point& p : space_.valid_points()) add(p);
      return out;
    }
  }
  for (int i = 0; i < kSampledCandidates; ++i)
    if (auto p = space_.sample(rng_)) add(*p);
  std::vector<const Observation*> scored;
  for (const Observation& o : history())
    if (o.score) scored.push_back(&o);
  std::sort(scored.begin(), scored.end(), [](auto* a, auto* b) { return *a->score > *b->score; });
  const auto& dims = space_.dimensions();
  for (std::size_t c = 0; c < std::min(kLocalCentres, scored.size()); ++c) {
    const Point& centre = scored[c]->point;
    for (std::size_t d = 0; d < dims.size(); ++d) {
      auto n = static_cast<std::int64_t>(dims[d].size());
      auto at = static_cast<std::int64_t>(centre[d]);
      std::vector<std::int64_t> moves;
      if (dims[d].ordered()) moves = {at - 2, at - 1, at + 1, at + 2};
      else for (std::int64_t i = 0; i < std::min<std::int64_t>(n, 16); ++i) moves.push_back(i);
      for (std::int64_t to : moves) {
        if (to < 0 || to >= n || to == at) continue;
        Point p = centre;
        p[d] = static_cast<std::uint64_t>(to);
        add(p);
      }
    }
  }
  return out;
}

std::optional<Point> BayesSearch::next() {
  std::size_t scored = 0;
  bool positive = true, negative = true;
  for (const Observation& o : history()) {
    if (!o.score) continue;
    ++scored;
    positive = positive && *o.score > 0;
    negative = negative && *o.score < 0;
  }
  if (history().size() + pending().size() < static_cast<std::size_t>(initial_) || scored < 2 || groups_ == 0)
    return random_unseen();

  // Failed trials teach the model too: they count as the worst score seen, so it steers away from them.
  double worst = 1e300;
  for (const Observation& o : history())
    if (o.score) worst = std::min(worst, warp(*o.score, positive, negative));
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  double best = -1e300;
  for (const Observation& o : history()) {
    x.push_back(encode(o.point));
    y.push_back(o.score ? warp(*o.score, positive, negative) : worst);
    best = std::max(best, y.back());
  }
  bool refit = history().size() <= kAlwaysRefit || history().size() >= fitted_at_ + kRefitEvery;
  gp_.fit(x, y, rng_, refit ? kHyperStarts : 0);
  if (refit) fitted_at_ = history().size();
  if (!pending().empty()) {
    for (const Point& p : pending()) {
      x.push_back(encode(p));
      y.push_back(gp_.predict(x.back()).first);
    }
    gp_.fit(x, y, rng_, 0);
  }

  std::optional<Point> chosen;
  double chosen_ei = -1;
  // EI is computed in the units of y; xi is scaled by the spread of y so it means the same at any scale.
  double lo = *std::min_element(y.begin(), y.end()), hi = *std::max_element(y.begin(), y.end());
  double xi = kXi * std::max(hi - lo, 1e-12);
  for (const Point& p : candidates()) {
    auto [mean, sd] = gp_.predict(encode(p));
    double ei = expected_improvement(mean, sd, best, xi);
    if (ei > chosen_ei) chosen_ei = ei, chosen = p;
  }
  return chosen ? chosen : random_unseen();
}

}  // namespace spak::tune
