#pragma once
// What a SLURM job state (squeue %T, sacct State) means for the trials of an array task that left no result of
// their own: still on its way, or ended — and then with which trial status. A trial that did finish inside its
// task is judged by its own exit status and trace; this is only for the ones the scheduler stopped.

#include <optional>
#include <string_view>

#include "spak/trace/protocol.h"

namespace spak::cluster {

/// The verdict for a trial whose array task ended in `state` without it finishing ("CANCELLED by 0" and
/// sacct's "CANCELLED+" are read as CANCELLED), or nullopt while the task may still run it (PENDING, RUNNING,
/// REQUEUED, …). An unknown state counts as ended and failed, naming the state.
std::optional<trace::Verdict> verdict_for_slurm_state(std::string_view state);

}  // namespace spak::cluster
