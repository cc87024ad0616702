# spak tune records a crashing, a hanging, a malformed, a silent, a failing and an incorrect trial each with its
# status, keeps going, and reports the best ok trial and its speedup over the baseline.

cat > fake.sh <<'SH'
x=$1
case "$x" in
  2) kill -SEGV $$ ;;
  3) sleep 30 ;;
  4) echo '__SPAK_TRACE__{"type": "Performance", "score": ' ;;
  5) echo "just a log line" ;;
  6) echo "__SPAK_TRACE__{\"type\":\"Correctness\",\"passed\":true}"; exit 3 ;;
  7) echo "__SPAK_TRACE__{\"type\":\"Correctness\",\"passed\":false}"; echo "__SPAK_TRACE__{\"type\":\"Performance\",\"score\":70}" ;;
  *) echo "__SPAK_TRACE__{\"type\":\"Correctness\",\"passed\":true}"
     echo "__SPAK_TRACE__{\"type\":\"Performance\",\"score\":$x,\"env\":\"$SPAK_X $SPAK_MODE\",\"arg\":\"$2\"}" ;;
esac
SH
cat > fake.dsl <<'DSL'
system Fake {
  tuning_space { x: range [1, 9]  mode: ["a b"] }
  trace_schema {
    variant T {
      case Performance { score: float }
      case Correctness { passed: bool }
    }
  }
  engineering_loop L {
    measure { cmd: "sh {{dsl_dir}}/fake.sh {{x}} {{mode}}"  metric: Performance.score  objective: maximize }
    baseline: {x: 1}
  }
}
DSL

expect_exit 0 "$SPAK" tune fake.dsl --strategy grid --budget 20 --timeout 1
expect_contains "$out" "[9/9] mode=a b x=9 -> 9 score"
expect_contains "$out" "space: 9 configurations, 9 after constraints and invariants"
expect_contains "$out" "best: 9 score with mode=a b x=9"
expect_contains "$out" "speedup over the baseline (1 score with mode=a b x=1): 9.00x"

status_of() { sqlite3 .spak/spak.db "select status || ' ' || reason from trials where json_extract(config, '\$.x') = $1"; }
expect_contains "$(status_of 1)" "ok"
expect_contains "$(status_of 2)" "crashed"
expect_contains "$(status_of 2)" "signal 11"
expect_contains "$(status_of 3)" "timeout ran past the 1 s timeout"
expect_contains "$(status_of 4)" "invalid line 1: malformed trace JSON"
expect_contains "$(status_of 5)" "invalid"
expect_contains "$(status_of 6)" "failed exited with status 3"
expect_contains "$(status_of 7)" "incorrect"
expect_contains "$(status_of 8)" "ok"
[ "$(sqlite3 .spak/spak.db 'select count(*) from trials')" = 9 ] || fail "expected 9 trials (baseline + 8)"
# The values reach the program shell-quoted on the command line and in SPAK_<NAME>.
items=$(sqlite3 .spak/spak.db "select items from trials where json_extract(config, '\$.x') = 8")
expect_contains "$items" '"env":"8 a b"'
expect_contains "$items" '"arg":"a b"'

# --json: one JSON object per line, a start event, trial events and an end event with the speedup.
expect_exit 0 "$SPAK" tune fake.dsl --strategy random --budget 3 --json --store other.db --set x=8
echo "$out" | while read -r line; do case "$line" in "{"*"}") ;; *) fail "not a JSON line: $line" ;; esac; done
expect_contains "$(echo "$out" | head -1)" '"event":"start"'
expect_contains "$(echo "$out" | tail -1)" '"event":"end"'
# --set applies to the baseline too, so both ran x=8.
expect_contains "$(echo "$out" | tail -1)" '"speedup":1.0'
