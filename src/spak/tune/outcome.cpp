#include "spak/tune/outcome.h"

#include <cstring>

#include <fmt/format.h>

namespace spak::tune {
namespace {

std::string signal_name(int sig) {
  const char* name = strsignal(sig);
  return fmt::format("signal {} ({})", sig, name ? name : "unknown");
}

// /bin/sh reports a child killed by signal N as exit status 128+N.
constexpr int kShellSignalBase = 128;
constexpr int kMaxSignal = 64;

}  // namespace

trace::Verdict judge_trial(const TrialResult& result, const dsl::TraceSchema& schema, std::string_view metric,
                           double timeout_seconds) {
  using trace::Status;
  if (result.verdict) return *result.verdict;
  if (result.timed_out) return {Status::Timeout, fmt::format("ran past the {} s timeout and was killed", timeout_seconds), {}};
  if (result.exit.signal) return {Status::Crashed, "killed by " + signal_name(*result.exit.signal), {}};
  int code = result.exit.exit_code.value_or(-1);
  if (code > kShellSignalBase && code <= kShellSignalBase + kMaxSignal)
    return {Status::Crashed, fmt::format("exit status {}: the shell reports a process killed by {}", code,
                                         signal_name(code - kShellSignalBase)), {}};
  if (code != 0) {
    // A program that checks its own result may exit non-zero after printing a failed correctness item.
    if (trace::correctness(result.output.items) == trace::Correctness::Failed) {
      trace::Verdict v = trace::judge(result.output, schema, metric);
      if (v.status == Status::Incorrect) return {Status::Incorrect, fmt::format("{} (exit status {})", v.reason, code), {}};
    }
    return {Status::Failed, fmt::format("exited with status {}", code), {}};
  }
  return trace::judge(result.output, schema, metric);
}

}  // namespace spak::tune
