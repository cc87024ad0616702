#pragma once
// Simulated annealing: a walk that moves to a neighbouring configuration (one parameter changed), always
// accepting a better one and a worse one with a probability that shrinks as the walk cools over the budget.

#include <optional>
#include <unordered_map>

#include "spak/tune/strategy.h"

namespace spak::tune {

/// Annealing over single-parameter moves; restarts from a random point when the neighbourhood is used up.
class Anneal : public Strategy {
 public:
  Anneal(const SearchSpace& space, StrategyOptions options) : Strategy(space, std::move(options)) {}

 protected:
  std::optional<Point> next() override;
  void learn(const Observation& observation) override;

 private:
  /// A random neighbour of `from`: one parameter moved one or two steps (ordered) or to another value.
  std::optional<Point> neighbour(const Point& from);
  /// Metropolis step: moves the walk to `point` if it is better, or worse by little enough at this temperature.
  void consider(const Point& point, double score);
  double temperature() const;

  std::optional<Point> current_;
  double current_score_ = 0;
  std::unordered_map<std::string, double> scores_;  ///< every scored point, so seen neighbours cost nothing
};

}  // namespace spak::tune
