#pragma once
// Orders a run's trials by its objective: the best configurations, and the best found so far after each trial
// (the search-efficiency curve: how fast a strategy gets close to its best).

#include <cstddef>
#include <utility>
#include <vector>

#include "spak/report/report_data.h"

namespace spak::report {

/// The Ok trials with an objective, best first (ties: the earlier trial), at most `limit`.
std::vector<const trace::Trial*> ranked_trials(const RunData& run, std::size_t limit);

/// (trial number from 1, best objective among trials 1..n) for every n from the first Ok trial on.
std::vector<std::pair<int, double>> best_so_far(const RunData& run);

}  // namespace spak::report
