#pragma once
// Guided search: the model-based search started from what is already known. Its start points (the known-best
// configurations of earlier versions and the rules' recommendation, in that order; tune/guided_start.h builds
// them) are evaluated first and serve as the initial design, so no random points are spent; its avoided points
// (configurations that failed or ran much slower on the same problem) are never proposed and count as failures
// in the model. After the start points, each step is BayesSearch's, fitted on everything measured so far.

#include "spak/tune/bayes.h"

namespace spak::tune {

/// BayesSearch whose initial design is its start points.
class GuidedSearch : public BayesSearch {
 public:
  GuidedSearch(const SearchSpace& space, StrategyOptions options);
};

}  // namespace spak::tune
