#!/usr/bin/env bash
# An agent step `tool.engineering_loop { name }` runs the named loop with spak tune's engine: the sweep's trials
# land in the same store as the agent run, and the step's output (best config, objective) feeds later steps.
set -euo pipefail
cat > sys.dsl <<'DSL'
system Toy {
  tuning_space {
    x: [1, 2, 3]
  }
  trace_schema {
    variant TraceItem {
      case Performance { score: float }
    }
  }
  engineering_loop Sweep {
    measure {
      cmd: "echo '__SPAK_TRACE__{\"type\": \"Performance\", \"score\": '{{x}}'}'"
      metric: Performance.score
      objective: maximize
    }
    strategy: grid
  }
  agent_loop Improve {
    step sweep: tool.engineering_loop { name: Sweep  output_var: result }
    step report: tool.write { path: "best.txt"  content: "{{result}}" }
  }
}
DSL

expect_exit 0 "$SPAK" run sys.dsl --loop Improve --workdir work
expect_contains "$err" "done: run 2, 3 trials (3 ok)"
best=$(cat work/best.txt)
expect_contains "$best" '"best":{"x":3}'
expect_contains "$best" '"objective":3.0'

expect_exit 0 "$SPAK" trace list
expect_contains "$out" "agent_loop Improve"
expect_contains "$out" "Sweep"
[ "$(echo "$out" | grep -c 'ok 3')" -eq 1 ] || fail "expected one sweep run with 3 ok trials in:
$out"
