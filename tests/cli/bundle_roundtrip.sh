# The two-node workflow: spak bundle on the planning host, spak run-bundle in another directory (the "GPU node"),
# spak trace import of its traces (twice: the second adds nothing), then spak compound on the store. A tampered
# bundle is refused before anything runs.

mkdir -p plan/scripts
cat > plan/scripts/measure.sh <<'SH'
t=$1 v=$2
[ -f scripts/data.txt ] || { echo "data.txt is missing"; exit 2; }
g=$(( v * (t == 64 ? 30 : 20) ))
echo "__SPAK_TRACE__{\"type\":\"Performance\",\"gflops\":$g,\"m\":512}"
SH
echo "input" > plan/scripts/data.txt
echo "not needed" > plan/unrelated.txt
cat > plan/gemm.dsl <<'DSL'
system Gemm {
  tuning_space {
    tile_m: [32, 64, 128]
    vec: [1, 2, 4, 8]
  }
  trace_schema { variant T { case Performance { gflops: float  m: int } } }
  engineering_loop tune {
    measure { cmd: "sh scripts/measure.sh {{tile_m}} {{vec}}"  metric: Performance.gflops  objective: maximize }
  }
}
DSL

expect_exit 0 "$SPAK" bundle plan/gemm.dsl --loop tune -o run.tar.gz --include plan/scripts/data.txt \
  --strategy grid --budget 12
expect_contains "$out" "wrote run.tar.gz: system Gemm, loop tune, 3 files"
expect_contains "$out" "scripts/measure.sh"
case "$out" in *unrelated*) fail "a file the loop does not use went into the bundle: $out" ;; esac
# grep without -q reads the whole listing: an early exit would SIGPIPE tar and fail the pipeline (pipefail).
tar -tzf run.tar.gz | grep -x spak-bundle.json >/dev/null || fail "no manifest in the bundle"

# The node: another directory, no access to plan/.
mkdir node
cp run.tar.gz node/
(cd node && expect_exit 0 "$SPAK" run-bundle run.tar.gz --out work --jobs 2 && echo "$out" > ../node.out) ||
  fail "run-bundle failed"
expect_contains "$(cat node.out)" "traces: $TMPDIR/node/work/traces.jsonl"
[ -f node/work/scripts/data.txt ] || fail "the bundle was not unpacked"
[ "$(grep -c '"record":"trial"' node/work/traces.jsonl)" = 12 ] || fail "expected 12 trial records: $(head -3 node/work/traces.jsonl)"

# Home again: import (twice) into the planning store, then compound.
expect_exit 0 "$SPAK" trace import node/work/traces.jsonl --store plan.db
expect_contains "$out" "added 1 run, 12 trials"
expect_exit 0 "$SPAK" trace import node/work/traces.jsonl --store plan.db
expect_contains "$out" "added 0 runs, 0 trials"
[ "$(sqlite3 plan.db 'select count(*) from trials')" = 12 ] || fail "the second import added trials"
[ "$(sqlite3 plan.db 'select count(*) from runs')" = 1 ] || fail "the second import added a run"
[ "$(sqlite3 plan.db "select count(*) from trials where status = 'ok'")" = 12 ] || fail "not every trial is ok"
expect_exit 0 "$SPAK" compound plan/gemm.dsl --store plan.db --min-trials 10 -o gemm_v2.dsl
expect_contains "$out" "wrote gemm_v2.dsl (version 2)"
expect_contains "$(cat gemm_v2.dsl)" "config: {tile_m: 64, vec: 8}"
expect_exit 0 "$SPAK" check gemm_v2.dsl

# A file changed after spak bundle: refused, naming it, and nothing runs.
mkdir tamper && (cd tamper && tar -xzf ../run.tar.gz && echo 'echo pwned' >> scripts/measure.sh &&
  tar -czf ../tampered.tar.gz spak-bundle.json gemm.dsl scripts)
expect_exit 2 "$SPAK" run-bundle tampered.tar.gz --out t2
expect_contains "$err" "tampered.tar.gz: scripts/measure.sh: SHA-256"
expect_contains "$err" "does not match the manifest"
[ ! -e t2 ] || fail "a tampered bundle was unpacked"
