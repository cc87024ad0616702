# `spak lift` end to end: DSL and JSON output for the fixture kernels, -o written atomically, a file with no
# kernel gives an empty system that `spak check` accepts, bad input gets a clear message and a non-zero exit.
fixtures=$SPAK_SOURCE_DIR/tests/lift/fixtures
cp "$fixtures/attention_cutile.py" "$fixtures/gemm_mma_sync.cu" "$fixtures/not_a_kernel.py" .

expect_exit 0 "$SPAK" lift attention_cutile.py
expect_contains "$out" "system lifted_attention_cutile {"
expect_contains "$out" "k_load_latency: [2]"
expect_contains "$out" "TILE_M: [64, 128]"
line=$(grep -n "alpha = ct.exp2(m_i - m_ij" attention_cutile.py | head -1 | cut -d: -f1)
expect_contains "$out" "\"attention_cutile.py:L$line\""

expect_exit 0 "$SPAK" lift gemm_mma_sync.cu --format json -o gemm.json --name gemm
[ -z "$out" ] || fail "-o must leave stdout empty, got: $out"
stages=$(python3 -c 'import json,sys; a=[x for x in json.load(open("gemm.json"))["axes"] if x["name"]=="STAGES"][0]; print(a["kind"], a["values"], a["evidence"][0]["line"])')
want_line=$(grep -n "template <int WARP_M" gemm_mma_sync.cu | cut -d: -f1)
[ "$stages" = "tuning [3, 4] $want_line" ] || fail "STAGES axis: got [$stages], want [tuning [3, 4] $want_line]"

# The DSL passes `spak check` when the check command exists in this build.
if "$SPAK" check --help >/dev/null 2>&1; then
  "$SPAK" lift attention_cutile.py -o attention.dsl
  expect_exit 0 "$SPAK" check attention.dsl
  "$SPAK" lift not_a_kernel.py -o empty.dsl
  expect_exit 0 "$SPAK" check empty.dsl
fi

expect_exit 0 "$SPAK" lift not_a_kernel.py --format json
expect_contains "$out" '"axes": []'

printf 'ELF\0\1\2' > blob.cu
expect_exit 1 "$SPAK" lift blob.cu
expect_contains "$err" "spak: error: blob.cu: not a source file (binary data"
echo "words" > notes.txt
expect_exit 1 "$SPAK" lift notes.txt
expect_contains "$err" "pass --lang"
expect_exit 1 "$SPAK" lift missing.cu
expect_contains "$err" "missing.cu"
expect_exit 2 "$SPAK" lift attention_cutile.py --lang fortran
expect_contains "$err" "unknown language"
expect_exit 2 "$SPAK" lift
expect_contains "$err" "no input files"

expect_exit 0 "$SPAK" lift --help
expect_contains "$out" "--patterns"
expect_exit 0 "$SPAK" lift --list-patterns
expect_contains "$out" "cutile.load_latency"
