# spak trace export: JSONL re-imports into another store to the same export; CSV has one column per parameter.
fx=$SPAK_SOURCE_DIR/tests/trace/fixtures
expect_exit 0 "$SPAK" trace import "$fx/last_engineering_trace.json" "$fx/trace.json" "$fx/insights_log.jsonl" --metric tflops

expect_exit 0 "$SPAK" trace export -o all.jsonl
[ "$(wc -l < all.jsonl)" -eq 14 ] || fail "expected 2 runs + 9 trials + 3 insights, got: $(wc -l < all.jsonl) lines"
expect_exit 0 "$SPAK" trace import all.jsonl --store copy.db
expect_contains "$out" "all.jsonl (spak-jsonl): added 2 runs, 9 trials, 3 insights; 0 already in the store"
expect_exit 0 "$SPAK" trace export --store copy.db -o again.jsonl
expect_same_file all.jsonl again.jsonl
expect_exit 0 "$SPAK" trace import all.jsonl
expect_contains "$out" "added 0 runs, 0 trials, 0 insights; 14 already in the store"

expect_exit 0 "$SPAK" trace export --run 1 --format csv
header=$(printf '%s\n' "$out" | head -1)
[ "$header" = "run,trial,system,loop,status,objective,wall_seconds,exit_code,signal,timed_out,started_at,finished_at,k_load_latency,tile_m,v_load_latency,reason" ] \
  || fail "unexpected CSV header: $header"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 6 ] || fail "expected a header and 5 rows:
$out"
expect_contains "$out" ",failed,,"
expect_contains "$out" ",ok,612.4,"

expect_exit 0 "$SPAK" trace export --run 2
[ "$(printf '%s\n' "$out" | wc -l)" -eq 5 ] || fail "run 2 is one run and 4 trials:
$out"

expect_exit 2 "$SPAK" trace export --run 5
expect_contains "$err" "spak: error: .spak/spak.db: no run 5"
if "$SPAK" trace export --format xml 2>usage.txt; then fail "--format xml was accepted"; fi
expect_contains "$(cat usage.txt)" "xml not in {jsonl,csv}"
