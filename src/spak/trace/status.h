#pragma once
// The outcome of one trial, as stored and shown. The runner decides crashed/timeout/failed from the process;
// the protocol (judge() in protocol.h) decides ok/invalid/incorrect from what a cleanly exiting program printed.

#include <array>
#include <optional>
#include <string_view>

namespace spak::trace {

/// How a trial ended. Only `Ok` trials count toward the objective.
enum class Status {
  Ok,         ///< exited 0, every trace item valid, correctness (if any) passed, metric present
  Failed,     ///< exited with a non-zero status
  Crashed,    ///< killed by a signal it did not ask for (SIGSEGV, SIGABRT, …)
  Timeout,    ///< ran past its time limit and was killed
  Invalid,    ///< exited 0 but its trace was malformed, missing, off-schema, or lacked the metric
  Incorrect,  ///< exited 0 with a valid trace whose correctness item says passed=false
  Cancelled,  ///< never finished because a scheduler or a person cancelled it (SLURM CANCELLED, scancel)
};

inline constexpr std::array<Status, 7> kAllStatuses = {Status::Ok,      Status::Failed,    Status::Crashed,
                                                       Status::Timeout, Status::Invalid,   Status::Incorrect,
                                                       Status::Cancelled};

/// The lower-case name used in the store, exports and the CLI ("ok", "failed", …).
std::string_view to_string(Status status);

/// The inverse of to_string; nullopt for an unknown name.
std::optional<Status> parse_status(std::string_view name);

}  // namespace spak::trace
