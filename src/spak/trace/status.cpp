#include "spak/trace/status.h"

namespace spak::trace {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::Ok: return "ok";
    case Status::Failed: return "failed";
    case Status::Crashed: return "crashed";
    case Status::Timeout: return "timeout";
    case Status::Invalid: return "invalid";
    case Status::Incorrect: return "incorrect";
    case Status::Cancelled: return "cancelled";
  }
  return "unknown";
}

std::optional<Status> parse_status(std::string_view name) {
  for (Status status : kAllStatuses) {
    if (to_string(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace spak::trace
