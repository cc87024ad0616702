#pragma once
// Guided search: the model-based search started from what is already known. Its start points (the known-best
// configurations of earlier versions and the rules' recommendation, in that order; tune/guided_start.h builds
// them) are evaluated first and serve as the initial design, so no random points are spent; its avoided points
// (configurations that failed or ran much slower on the same problem) are never proposed and count as failures
// in the model.
//
// After the start points it searches locally: the candidates are the unseen points nearest to the best point
// measured so far (fewest parameters changed), ranked by BayesSearch's model. Parameters on which all start
// points agree are kept at that value while points that keep them remain near the best: knowledge of a related
// problem settles some parameters (loop order, vector width) and leaves others open (tile sizes), and the open
// ones are where the next gain is. When the local search has not improved the best for as many evaluations as
// there are searched parameters, the knowledge is taken to be exhausted and each step is BayesSearch's over the
// whole space.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "spak/tune/bayes.h"

namespace spak::tune {

/// BayesSearch whose initial design is its start points and which refines around the best point before it
/// searches globally.
class GuidedSearch : public BayesSearch {
 public:
  GuidedSearch(const SearchSpace& space, StrategyOptions options);

 protected:
  std::vector<Point> candidates() override;
  void learn(const Observation& observation) override;

 private:
  /// Unseen valid points at the smallest number of changed parameters from `centre`; with `settled_only`, only
  /// points that keep the settled parameters.
  std::vector<Point> nearest_unseen(const Point& centre, bool settled_only);
  bool keeps_settled(const Point& point) const;

  std::vector<std::optional<std::uint64_t>> settled_;  ///< per dimension: the value every start point has
  std::optional<Point> best_;          ///< the best scored point observed
  double best_score_ = 0;
  std::size_t improved_at_ = 0;        ///< history size when the best last improved
  std::size_t patience_ = 0;           ///< local evaluations without improvement before searching globally
};

}  // namespace spak::tune
