#pragma once
// Model-based search (Bayesian optimization): a Gaussian process models the score over the encoded space, and
// the next point is the unseen candidate with the largest expected improvement. Parallel workers are handled
// with the "kriging believer": outstanding points are added to the model at their predicted mean, so a batch
// spreads out instead of piling onto one optimum.

#include <optional>
#include <vector>

#include "spak/tune/gaussian_process.h"
#include "spak/tune/strategy.h"

namespace spak::tune {

/// GP + expected improvement over a discrete space, after a small random initial design.
class BayesSearch : public Strategy {
 public:
  BayesSearch(const SearchSpace& space, StrategyOptions options);

  /// The model's columns for a point: ordered parameters as one column in [0, 1] (log2 where the domain is
  /// geometric), unordered ones one-hot; parameters with a single value contribute nothing.
  std::vector<double> encode(const Point& point) const;

 protected:
  std::optional<Point> next() override;
  /// Random points before the model is trusted (it also waits for two scored observations).
  void set_initial_design(int points) { initial_ = points; }
  /// Unseen valid points to score: all of them when few, else a random sample plus neighbours of the best.
  virtual std::vector<Point> candidates();

 private:
  std::vector<int> column_group_;
  int groups_;                      ///< parameters with more than one value (one length scale each)
  int initial_ = 0;                 ///< random points before the model is trusted
  GaussianProcess gp_;
  std::size_t fitted_at_ = 0;       ///< history size at the last hyperparameter search
};

}  // namespace spak::tune
