# spak report on stores with nothing to plot: no runs at all, and a sweep where every trial failed. Both render a
# page that says so plainly (in Chromium: no error, nothing from the network, a visible notice), not an error.
source "$SPAK_SOURCE_DIR/tests/report/browser_check.sh"
browser_available || { echo "SKIP: chromium is not installed (scripts/setup-deps.sh installs it)"; exit 77; }

# A store with insights but no run.
printf '{"category": "note", "content": "nothing measured yet", "source": "test"}\n' >insights_log.jsonl
expect_exit 0 "$SPAK" trace import insights_log.jsonl --store empty.db
expect_exit 0 "$SPAK" report --store empty.db -o empty.html
expect_contains "$out" "wrote empty.html (0 runs, 0 systems)"
browser_render empty.html empty 1000,600
problems=$(browser_problems empty)
[ -z "$problems" ] || fail "the empty report misbehaved: $problems"
grep -q '<section id="empty">' empty/dom.html || fail "no 'empty' section in the DOM"
grep -q 'This store holds no runs yet' empty/dom.html || fail "the empty page does not say why it is empty"
if grep -q '<svg' empty/dom.html; then fail "an empty store drew a plot"; fi
png_check empty/shot.png 1000 600 5
expect_exit 0 "$SPAK" report --store empty.db --format md -o -
expect_contains "$out" "This store holds no runs yet"

# A sweep where every trial fails.
printf 'echo "no GPU here" >&2; exit 3\n' >fail.sh
cat >fail.dsl <<'DSL'
system AlwaysFails {
  tuning_space { x: [1, 2, 3] }
  trace_schema { variant T { case Performance { score: float } } }
  engineering_loop L {
    measure { cmd: "sh {{dsl_dir}}/fail.sh {{x}}"  metric: Performance.score  objective: maximize }
  }
}
DSL
expect_exit 1 "$SPAK" tune fail.dsl --strategy grid --store failures.db
expect_exit 0 "$SPAK" report --store failures.db -o failures.html
browser_render failures.html failures 1200,800
problems=$(browser_problems failures)
[ -z "$problems" ] || fail "the failures report misbehaved: $problems"
grep -q 'No trial of run <b>#1 grid</b> succeeded' failures/dom.html || fail "the page does not say nothing succeeded"
grep -q '<table class="failures">' failures/dom.html || fail "no failures table"
grep -q '<td>failed</td><td class="num">3</td>' failures/dom.html || fail "the failures table does not count 3 failed"
if grep -q '<svg' failures/dom.html; then fail "a store without a successful trial drew a plot"; fi
png_check failures/shot.png 1200 800 5
expect_exit 0 "$SPAK" report --store failures.db --format md -o -
expect_contains "$out" "No trial of run #1 grid succeeded"
