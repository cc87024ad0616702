# spak trace import / list / show over the SPAK prototype's formats: the default store is created under the
# working directory, every format imports, and importing the same file again adds nothing.
fx=$SPAK_SOURCE_DIR/tests/trace/fixtures

expect_exit 0 "$SPAK" trace import "$fx/last_engineering_trace.json" --metric tflops -s FMHA
expect_contains "$out" "last_engineering_trace.json (last_engineering_trace.json): added 1 run, 5 trials, 0 insights; 0 already in the store"
[ -f .spak/spak.db ] || fail "the default store .spak/spak.db was not created"

expect_exit 0 "$SPAK" trace import "$fx/trace.json" "$fx/insights_log.jsonl" --metric Performance.gflops
expect_contains "$out" "trace.json (trace.json): added 1 run, 4 trials, 0 insights; 0 already in the store"
expect_contains "$out" "insights_log.jsonl (insights_log.jsonl): added 0 runs, 0 trials, 3 insights; 0 already in the store"

# Idempotent: every record is recognised.
expect_exit 0 "$SPAK" trace import "$fx/last_engineering_trace.json" "$fx/trace.json" "$fx/insights_log.jsonl"
expect_contains "$out" "added 0 runs, 0 trials, 0 insights; 6 already in the store"
expect_contains "$out" "added 0 runs, 0 trials, 0 insights; 5 already in the store"
expect_contains "$out" "added 0 runs, 0 trials, 0 insights; 3 already in the store"

expect_exit 0 "$SPAK" trace list
expect_contains "$out" "RUN"
expect_contains "$out" "FMHA"
expect_contains "$out" "ok 3, failed 1, incorrect 1"
expect_contains "$out" "ok 2, invalid 1, incorrect 1"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "expected a header and two runs:
$out"

expect_exit 0 "$SPAK" trace list --json -s FMHA
expect_contains "$out" '"incorrect": 1'
expect_contains "$out" '"trials": 5'

expect_exit 0 "$SPAK" trace show 1
expect_contains "$out" "run 1  FMHA / last_engineering_trace"
expect_contains "$out" "best:      trial 2  objective 612.4"
expect_contains "$out" "CUDA error: out of resources"

expect_exit 0 "$SPAK" trace show 1/3
expect_contains "$out" "trial 3 of run 1"
expect_contains "$out" "status:    failed"
expect_contains "$out" "reason:    CUDA error: out of resources"

expect_exit 0 "$SPAK" trace show 2/7 --json
expect_contains "$out" '"status": "incorrect"'

expect_exit 2 "$SPAK" trace show 1/7
expect_contains "$err" "spak: error: .spak/spak.db: run 1 has no trial 7"
expect_exit 2 "$SPAK" trace show 9
expect_contains "$err" "spak: error: .spak/spak.db: no run 9"
expect_exit 2 "$SPAK" trace show x/1
expect_contains "$err" "spak: error: \`x\` is not a run id"

# --store puts it elsewhere, creating directories.
expect_exit 0 "$SPAK" trace import "$fx/trace_object.json" --store other/place.db
[ -f other/place.db ] || fail "--store did not create other/place.db"
expect_exit 0 "$SPAK" trace list --store other/place.db
expect_contains "$out" "FMHA_v4"
