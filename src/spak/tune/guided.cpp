#include "spak/tune/guided.h"

namespace spak::tune {

GuidedSearch::GuidedSearch(const SearchSpace& space, StrategyOptions options) : BayesSearch(space, std::move(options)) {
  // With nothing known, this is plain BayesSearch (its random initial design included).
  if (!options_.start.empty()) set_initial_design(0);
}

}  // namespace spak::tune
