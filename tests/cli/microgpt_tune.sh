# examples/microgpt.dsl end to end on the CPU: `spak check` and `spak show --resolved` are clean and show the
# FMHA knowledge it inherits beside its own; `spak tune` sweeps the CPU trainer on a tiny names file, each trial
# checked against the CPU trainer in double (Correctness) before its time counts.
dsl="$SPAK_SOURCE_DIR/examples/microgpt.dsl"
[ -x "$SPAK_BUILD_DIR/spak-microgpt" ] || fail "not built: $SPAK_BUILD_DIR/spak-microgpt"

expect_exit 0 "$SPAK" check "$dsl"
expect_exit 0 "$SPAK" show --resolved "$dsl"
expect_contains "$out" 'MicroGpt'
expect_contains "$out" 'Tensor-core generation'  # an FMHA rule, inherited
expect_contains "$out" 'fmha_h100.dsl'           # ... with its origin
expect_contains "$out" 'One persistent block for the original model'
expect_contains "$out" 'TrainSteps'

printf 'anna\nbob\ncarla\ndavid\nemma\nfrank\ngina\nhenry\niris\njack\n' > names.txt
expect_exit 0 "$SPAK" tune "$dsl" --system MicroGpt --loop TrainSteps --strategy grid --budget 3 \
  --set impl=cpu --set steps=20 --set data="$PWD/names.txt"
# With impl fixed to cpu the constraints leave two configurations (f32, f64: the launch shape means nothing on
# the CPU, FMHA's tiling axes keep one point); the baseline is the f32 one, so the sweep adds f64 and stops.
expect_contains "$out" '2 after constraints and invariants'
expect_contains "$out" 'every valid configuration tried'
expect_contains "$out" 'speedup over the baseline'
expect_contains "$out" 'best:'
[ "$(sqlite3 .spak/spak.db 'select count(*) from trials')" = 2 ] || fail "expected 2 trials:
$(sqlite3 .spak/spak.db 'select status, reason, config from trials')"
[ "$(sqlite3 .spak/spak.db "select count(*) from trials where status = 'ok'")" = 2 ] ||
  fail "not every trial ok: $(sqlite3 .spak/spak.db 'select status, reason, log_tail from trials')"
items=$(sqlite3 .spak/spak.db "select items from trials where json_extract(config, '\$.precision') = 'f64' limit 1")
expect_contains "$items" '"type":"Correctness"'
expect_contains "$items" '"passed":true'
expect_contains "$items" '"precision":"f64"'

# A names file without names fails the program (exit 1): spak tune records each trial as failed and, with no
# trial ok, exits 1 itself.
: > empty.txt
expect_exit 1 "$SPAK" tune "$dsl" --system MicroGpt --loop TrainSteps --strategy grid --budget 1 \
  --set impl=cpu --set steps=5 --set data="$PWD/empty.txt" --store empty.db
expect_contains "$out" 'no trial succeeded'
[ "$(sqlite3 empty.db "select count(*) from trials where status = 'failed'")" = 2 ] ||
  fail "an empty names file should fail both trials: $(sqlite3 empty.db 'select status, reason from trials')"
