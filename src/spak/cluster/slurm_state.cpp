#include "spak/cluster/slurm_state.h"

#include <array>
#include <string>

#include <fmt/format.h>

namespace spak::cluster {
namespace {

// States in which a task has not ended (squeue/sacct long names, slurm 22.05).
constexpr std::array<std::string_view, 14> kActive = {
    "PENDING",   "CONFIGURING", "RUNNING",      "COMPLETING",   "SUSPENDED", "REQUEUED",   "REQUEUE_FED",
    "REQUEUE_HOLD", "RESIZING", "SIGNALING",    "STAGE_OUT",    "STOPPED",   "RESV_DEL_HOLD", "POWER_UP_NODE"};

}  // namespace

std::optional<trace::Verdict> verdict_for_slurm_state(std::string_view state) {
  using trace::Status;
  // "CANCELLED by 1000" (sacct) and "CANCELLED+" (truncated column) name the same state.
  std::string_view name = state.substr(0, state.find_first_of(" +"));
  for (std::string_view active : kActive)
    if (name == active) return std::nullopt;
  auto verdict = [&](Status status, std::string why) {
    return trace::Verdict{status, fmt::format("slurm: {} ({})", why, state), std::nullopt};
  };
  if (name == "CANCELLED") return verdict(Status::Cancelled, "the array task was cancelled before the trial finished");
  if (name == "TIMEOUT") return verdict(Status::Timeout, "the array task hit its time limit");
  if (name == "DEADLINE") return verdict(Status::Timeout, "the array task passed its deadline");
  if (name == "NODE_FAIL") return verdict(Status::Failed, "node failure");
  if (name == "BOOT_FAIL") return verdict(Status::Failed, "node failure: the node did not boot");
  if (name == "OUT_OF_MEMORY") return verdict(Status::Crashed, "the array task ran out of memory");
  if (name == "PREEMPTED") return verdict(Status::Cancelled, "the array task was preempted");
  if (name == "COMPLETED") return verdict(Status::Failed, "the array task completed without a result for this trial");
  if (name == "FAILED") return verdict(Status::Failed, "the array task failed before the trial finished");
  return verdict(Status::Failed, "the array task ended in an unexpected state");
}

}  // namespace spak::cluster
