#!/usr/bin/env bash
# spak run without a model server: --dry-run plans and runs nothing, unknown holes fail up front, a missing
# backend says how to configure one, sandbox escapes are refused, and a bad spak.toml names its line.
set -euo pipefail
. "$SPAK_SOURCE_DIR/tests/cli/lib.sh"
cp -r "$SPAK_SOURCE_DIR/examples/agent" ex
cd ex

expect_exit 0 "$SPAK" run coach.dsl --workdir work --dry-run
expect_contains "$out" "plan: agent_loop WeeklyPlan (of Coach)"
expect_contains "$out" "nothing was run"
[ ! -e runs ] || fail "--dry-run created runs/"
[ ! -e work/plans ] || fail "--dry-run wrote a file"

expect_exit 0 "$SPAK" run kernel_task.dsl --workdir work --dry-run
expect_contains "$out" "check correct"

cat > holes.dsl <<'DSL'
task T {
  step a: tool.read { path: "athlete.md"  output_var: text }
  step b: tool.write { path: "out.md"  content: "{{txet}}" }
}
DSL
expect_exit 2 "$SPAK" run holes.dsl --workdir work --dry-run
expect_contains "$err" "holes.dsl:3:3: error: step 'b': unknown hole {{txet}}"
expect_exit 2 "$SPAK" run holes.dsl --workdir work
[ ! -e runs ] || fail "a run started despite an unknown hole"

expect_exit 1 "$SPAK" run coach.dsl --workdir work
expect_contains "$err" "needs a language model, but none is configured"
expect_contains "$err" "--llm ollama|openai|human"

cat > escape.dsl <<'DSL'
task Escape {
  step a: tool.read { path: "../coach.dsl"  output_var: x }
}
task Absolute {
  step a: tool.write { path: "/tmp/spak_agent_escape"  content: "x" }
}
task Link {
  step a: tool.read { path: "link/coach.dsl"  output_var: x }
}
DSL
ln -s .. work/link
expect_exit 1 "$SPAK" run escape.dsl --task Escape --workdir work
expect_contains "$err" "'..' may not leave the work directory"
expect_exit 1 "$SPAK" run escape.dsl --task Absolute --workdir work
expect_contains "$err" "absolute path '/tmp/spak_agent_escape' refused"
[ ! -e /tmp/spak_agent_escape ] || fail "absolute write happened"
expect_exit 1 "$SPAK" run escape.dsl --task Link --workdir work
expect_contains "$err" "leads out of the work directory"

expect_exit 2 "$SPAK" run escape.dsl --task Nope --workdir work
expect_contains "$err" "has no task or agent_loop 'Nope' (it has: task Escape, task Absolute, task Link)"

printf '[llm]\nbackend = "ollama"\nmodle = "x"\n' > spak.toml
expect_exit 2 "$SPAK" run coach.dsl --workdir work
expect_contains "$err" "spak.toml:3:9: error: unknown key llm.modle"
