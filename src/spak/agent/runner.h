#pragma once
// Runs a Plan: each step becomes an Effect (holes filled from the scope), which is answered from a recorded run
// (replay, and the finished part of a resumed run) or performed by the Handlers (live), then journaled; its
// result is bound in the scope. Checks run last; the run succeeds when `success` (default: every check passes)
// holds. A replayed effect whose input differs from the record is an error: the run would not be reproduced.

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/agent/effect.h"
#include "spak/agent/handlers.h"
#include "spak/agent/journal.h"
#include "spak/agent/plan.h"

namespace spak::agent {

/// How to answer effects.
struct RunOptions {
  enum class Mode { Live, Replay, Resume };
  Mode mode = Mode::Live;
  std::vector<EffectRecord> recorded;  ///< Replay/Resume: the records answered without performing
  int max_steps = 0;                   ///< effects this invocation may perform or replay; 0 = no limit
  std::FILE* log = stderr;             ///< one line per step; nullptr = quiet
};

/// How a run ended.
struct RunOutcome {
  bool succeeded = false;
  nlohmann::json outputs = nlohmann::json::object();  ///< step outputs, checks and success
  std::string failure;                 ///< why it did not succeed; empty when it did
  int performed = 0, replayed = 0;
};

/// Runs `plan` (which check_plan accepted). Throws spak::Error for a failed effect or a diverged replay, after
/// journaling it and marking the run failed.
RunOutcome run_plan(Plan plan, Handlers* handlers, Journal& journal, const RunOptions& options);

}  // namespace spak::agent
