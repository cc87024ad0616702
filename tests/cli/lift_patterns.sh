# The pattern database is data: a user's extra file extends a language without rebuilding, --patterns and
# $SPAK_PATTERNS choose the directory, and a broken file is reported by name.
fixtures=$SPAK_SOURCE_DIR/tests/lift/fixtures
mkdir db
cp "$SPAK_SOURCE_DIR"/patterns/*.json db/
cp "$fixtures/gemm_mma_sync.cu" .
cat > db/zz_local.json <<'JSON'
{"language": "cuda", "patterns": [
  {"id": "local.syncthreads", "kind": "fact", "name": "block_barrier", "match": "\\b__syncthreads\\s*\\(",
   "meaning": "A block-wide barrier each K step: every warp waits for the slowest one."}]}
JSON
expect_exit 0 "$SPAK" lift gemm_mma_sync.cu --patterns db --format json
expect_contains "$out" '"block_barrier"'
expect_exit 0 "$SPAK" lift gemm_mma_sync.cu --format json
case "$out" in *block_barrier*) fail "the repository database must not see db/zz_local.json" ;; esac
out=$(SPAK_PATTERNS=db "$SPAK" lift gemm_mma_sync.cu --format json)
expect_contains "$out" '"block_barrier"'

echo '{"language": "cuda", "patterns": [{"id": "x", "kind": "fact", "name": "n", "match": "(", "meaning": "m"}]}' \
  > db/zz_local.json
expect_exit 2 "$SPAK" lift gemm_mma_sync.cu --patterns db
expect_contains "$err" "zz_local.json: pattern \"x\""
expect_contains "$err" "regex error"
expect_exit 2 "$SPAK" lift gemm_mma_sync.cu --patterns no-such-dir
expect_contains "$err" "no-such-dir"
