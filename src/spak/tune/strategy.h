#pragma once
// Search strategies: what to try next, given what has been tried. Every strategy proposes points of a
// SearchSpace one at a time and is told each result; it never proposes a point twice, and it accepts results
// for points it did not propose (a resumed sweep replays its finished trials into a fresh strategy, and the
// baseline trial is reported too). Several points may be outstanding at once (parallel workers).
//
// Scores are "higher is better": the caller negates minimized metrics. A trial that produced no usable value
// (crashed, timed out, incorrect, …) is observed with no score.

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "spak/tune/space.h"

namespace spak::tune {

/// What every strategy is configured with.
struct StrategyOptions {
  std::uint64_t seed = 0;
  int budget = 0;                   ///< evaluations planned; schedules (anneal's cooling) are laid out over it
  std::vector<Point> start;         ///< points to evaluate first, in order (a guided search's seeds)
  std::vector<Point> avoid;         ///< never proposed; in history() as failures (known failing or slow points)
};

/// One finished evaluation as a strategy sees it.
struct Observation {
  Point point;
  std::optional<double> score;      ///< higher is better; nullopt = the trial produced no usable value
};

/// The interface of a search strategy, with the bookkeeping every strategy shares (seen points, start queue).
class Strategy {
 public:
  Strategy(const SearchSpace& space, StrategyOptions options);
  virtual ~Strategy() = default;
  Strategy(const Strategy&) = delete;
  Strategy& operator=(const Strategy&) = delete;

  /// The next valid point never proposed nor observed, or nullopt when the strategy has nothing left.
  std::optional<Point> propose();
  /// The result of a point (proposed by this strategy or not).
  void observe(const Point& point, std::optional<double> score);
  bool seen(const Point& point) const { return seen_.count(SearchSpace::key(point)) > 0; }

 protected:
  /// The strategy's own next point once the start queue is drained; must be valid and not seen().
  virtual std::optional<Point> next() = 0;
  /// Hook for strategies that learn from results; called after the observation is in history().
  virtual void learn(const Observation&) {}

  /// A uniformly random valid point not seen yet, or nullopt when none is found.
  std::optional<Point> random_unseen();
  const std::vector<Observation>& history() const { return history_; }
  /// Points proposed and not yet observed, in proposal order.
  const std::vector<Point>& pending() const { return pending_; }

  const SearchSpace& space_;
  StrategyOptions options_;
  std::mt19937_64 rng_;

 private:
  std::unordered_set<std::string> seen_;
  std::vector<Observation> history_;
  std::vector<Point> pending_;
  std::size_t start_next_ = 0;
  std::vector<std::size_t> shuffled_;   ///< random_unseen's permutation of valid_points() (enumerated spaces)
  std::size_t shuffled_next_ = 0;
};

/// The strategy names make_strategy accepts, for --help and error messages.
const std::vector<std::string>& strategy_names();
/// Builds a strategy by name (grid, random, anneal, bayes, guided). Throws spak::Error for an unknown name.
std::unique_ptr<Strategy> make_strategy(const std::string& name, const SearchSpace& space, StrategyOptions options);

}  // namespace spak::tune
