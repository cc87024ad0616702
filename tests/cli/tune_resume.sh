# kill -9 of spak tune mid-sweep, then --resume: every trial finished before the kill is still there exactly
# once, nothing finished runs again, and the sweep completes its budget.

cat > slow.sh <<'SH'
sleep 0.3
echo "__SPAK_TRACE__{\"type\":\"Performance\",\"score\":$1}"
SH
cat > slow.dsl <<'DSL'
system Slow {
  tuning_space { x: range [1, 16] }
  trace_schema { variant T { case Performance { score: float } } }
  engineering_loop L {
    measure { cmd: "sh {{dsl_dir}}/slow.sh {{x}}"  metric: score  objective: maximize }
  }
}
DSL

"$SPAK" tune slow.dsl --strategy random --seed 4 --budget 12 --jobs 2 > first.log 2>&1 &
pid=$!
count() { sqlite3 .spak/spak.db "select count(*) from trials" 2>/dev/null || echo 0; }
for _ in $(seq 100); do [ "$(count)" -ge 4 ] && break; sleep 0.1; done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
before=$(sqlite3 .spak/spak.db "select key from trials order by key")
n_before=$(echo "$before" | wc -l)
[ "$n_before" -ge 4 ] && [ "$n_before" -lt 12 ] || fail "expected a partial sweep, got $n_before trials"
[ -z "$(sqlite3 .spak/spak.db 'select finished_at from runs where finished_at is not null')" ] || fail "killed run marked finished"

expect_exit 0 "$SPAK" tune slow.dsl --resume --jobs 2
expect_contains "$out" "resumed with $n_before finished trials"
after=$(sqlite3 .spak/spak.db "select key from trials order by key")
[ "$(echo "$after" | wc -l)" -eq 12 ] || fail "expected 12 trials after resume, got: $after"
[ "$(echo "$after" | sort -u | wc -l)" -eq 12 ] || fail "a trial ran twice: $after"
for key in $before; do echo "$after" | grep -qxF "$key" || fail "trial $key lost by the kill"; done
[ "$(sqlite3 .spak/spak.db 'select count(*) from runs')" = 1 ] || fail "resume started a new run"
[ -n "$(sqlite3 .spak/spak.db 'select finished_at from runs')" ] || fail "resumed run not finished"

# Resuming a finished run does nothing more.
expect_exit 0 "$SPAK" tune slow.dsl --resume
[ "$(sqlite3 .spak/spak.db 'select count(*) from trials')" = 12 ] || fail "a finished run grew on resume"
