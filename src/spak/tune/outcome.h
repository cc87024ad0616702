#pragma once
// A trial's status from how its process ended and what it printed: timeout, crashed (a signal, also when the
// shell reports one as exit status 128+N), failed (non-zero exit, unless its own trace says the result was
// incorrect), and for a clean exit the protocol's verdict: ok, invalid or incorrect (trace::judge).

#include <string_view>

#include "spak/dsl/ir.h"
#include "spak/trace/protocol.h"
#include "spak/tune/trial_runner.h"

namespace spak::tune {

/// Judges a finished trial against the system's trace schema and the loop's metric.
trace::Verdict judge_trial(const TrialResult& result, const dsl::TraceSchema& schema, std::string_view metric,
                           double timeout_seconds);

}  // namespace spak::tune
