# spak compound: version N+1 from a store (filled by `spak trace import`) or from trace files; comments survive,
# the output checks, the input is never touched without -i, and a second run on the same traces adds nothing.
cat > gemm_v1.dsl <<'DSL'
// CPU GEMM, version 1 (this comment must survive)
system Gemm {
  tuning_space {
    tile_m: [16, 32, 64, 128]   # rows per tile
    vec: [1, 2, 4, 8]
  }
  engineering_loop tune {
    measure { cmd: "gemm --tile-m {{tile_m}} --vec {{vec}}"  metric: gflops  objective: maximize }
  }
}
DSL
cp gemm_v1.dsl original.dsl

# A recorded sweep in the prototype's format: gflops grows with vec, tile_m 64 is best then 32, 128 x 8 crashes.
{
  echo '{"best_config": {"tile_m": 64, "vec": 8, "m": 512}, "full_history": ['
  sep=""
  for t in 16 32 64 128; do for v in 1 2 4 8; do
    if [ "$t" = 128 ] && [ "$v" = 8 ]; then
      printf '%s{"config": {"tile_m": %s, "vec": %s, "m": 512}, "result": {"error": "segfault"}}\n' "$sep" "$t" "$v"
    else
      g=$(( v * (t == 64 ? 30 : (t == 32 ? 25 : 20)) ))
      printf '%s{"config": {"tile_m": %s, "vec": %s, "m": 512}, "metrics": {"gflops": %s, "passed": true}}\n' "$sep" "$t" "$v" "$g"
    fi
    sep=","
  done; done
  echo ']}'
} > last_engineering_trace.json
echo '{"category": "performance", "content": "vec 8 is worth 8x over scalar", "source": "notes"}' > insights_log.jsonl
# A second sweep of the same problem (same configs, one more field measured).
sed 's/"passed": true/"passed": true, "ms": 2/' last_engineering_trace.json > rep2.json

expect_exit 0 "$SPAK" trace import last_engineering_trace.json insights_log.jsonl --metric gflops -s Gemm --store s.db

expect_exit 0 "$SPAK" compound gemm_v1.dsl --store s.db --min-trials 10
expect_contains "$out" "added 3 facts: best_"
expect_contains "$out" "narrowed vec: dropped 1, 2, 4 (never in the top 10% of 15 ok trials over 1 problem)"
expect_contains "$out" "wrote gemm_v2.dsl (version 2)"
expect_same_file gemm_v1.dsl original.dsl
v2=$(cat gemm_v2.dsl)
expect_contains "$v2" "---
version: 2
derived-from: gemm_v1.dsl
date: "
expect_contains "$v2" "// CPU GEMM, version 1 (this comment must survive)"
expect_contains "$v2" "tile_m: [32, 64]   # rows per tile"
expect_contains "$v2" "// spak compound v2: dropped 1, 2, 4 (never in the top 10% of 15 ok trials over 1 problem); was [1, 2, 4, 8]"
expect_contains "$v2" "config: {tile_m: 64, vec: 8}"
expect_contains "$v2" "problem: {m: 512}"
expect_contains "$v2" "failed: [{tile_m: 128, vec: 8}]"
expect_contains "$v2" "description: \"vec 8 is worth 8x over scalar\""
expect_contains "$v2" 'provenance: {device: '
expect_exit 0 "$SPAK" check gemm_v2.dsl

# The diff of v1 against v2 is exactly the added facts and the narrowed parameters.
expect_exit 1 "$SPAK" diff gemm_v1.dsl gemm_v2.dsl --format json
facts=$(printf '%s\n' "$out" | grep -c '"section": "facts"')
# Outside the front matter (version, derived-from, date), the facts are the only additions.
added=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(sum(1 for c in json.load(sys.stdin)["changes"] if c["kind"] == "added" and c["section"] != "front_matter"))')
[ "$facts" -eq 3 ] && [ "$added" -eq 3 ] || fail "expected 3 added facts and nothing else added, got $facts/$added:
$out"
expect_contains "$out" '"changed": 2'

# Again on the same traces: version 2 exists, so the default output is refused; v2 itself learns nothing new.
expect_exit 2 "$SPAK" compound gemm_v1.dsl --store s.db --min-trials 10
expect_contains "$err" "gemm_v2.dsl exists; pass -o PATH"
cp gemm_v2.dsl v2_before.dsl
expect_exit 0 "$SPAK" compound gemm_v2.dsl --store s.db --min-trials 10
expect_contains "$out" "nothing new"
expect_contains "$out" "already known: best_"
[ ! -e gemm_v3.dsl ] || fail "a run with nothing new wrote gemm_v3.dsl"
expect_same_file gemm_v2.dsl v2_before.dsl

# More trials of the same problem replace the facts in place.
expect_exit 0 "$SPAK" trace import rep2.json --metric gflops -s Gemm --store s.db
expect_exit 0 "$SPAK" compound gemm_v2.dsl --store s.db --min-trials 10 -o v3.dsl
expect_contains "$out" "replaced (more trials now): best_"
expect_contains "$(cat v3.dsl)" "version: 3"
expect_contains "$(cat v3.dsl)" "over_trials: 32"
expect_exit 0 "$SPAK" check v3.dsl

# Trace files directly, written over an explicit output.
expect_exit 0 "$SPAK" compound gemm_v1.dsl --traces last_engineering_trace.json insights_log.jsonl -o from_files.dsl --min-trials 10
expect_contains "$out" "added 3 facts"
expect_contains "$(cat from_files.dsl)" "config: {tile_m: 64, vec: 8}"

# The input is only overwritten with -i.
expect_exit 2 "$SPAK" compound gemm_v1.dsl --store s.db -o gemm_v1.dsl
expect_contains "$err" "is the input file; pass -i"
cp original.dsl inplace.dsl
expect_exit 0 "$SPAK" compound inplace.dsl --store s.db -s Gemm -i --dry-run
expect_same_file inplace.dsl original.dsl
expect_exit 0 "$SPAK" compound inplace.dsl --store s.db -i
expect_contains "$(cat inplace.dsl)" "fact best_"

# Bad input.
expect_exit 2 "$SPAK" compound gemm_v1.dsl
expect_contains "$err" "spak: error: compound needs evidence: pass --store PATH"
expect_exit 2 "$SPAK" compound gemm_v1.dsl --store nowhere.db
expect_contains "$err" "spak: error: no trace store at nowhere.db"
sed 's/system Gemm/system Other/' gemm_v1.dsl > other.dsl
expect_exit 2 "$SPAK" compound other.dsl --store s.db
expect_contains "$err" "s.db: no runs of system \`Other\` (it has runs of: Gemm)"
