# spak-matmul-cpu: a few schedules pass their own correctness check and print both trace items; bad flags
# fail with exit 2 and a message naming the flag.
bin="$SPAK_BUILD_DIR/spak-matmul-cpu"
[ -x "$bin" ] || fail "not built: $bin"

run_config() {
  expect_exit 0 "$bin" --m 67 --n 45 --k 33 --reps 1 "$@"
  expect_contains "$out" '__SPAK_TRACE__{'
  expect_contains "$out" '"type":"Correctness"'
  expect_contains "$out" '"passed":true'
  expect_contains "$out" '"type":"Performance"'
  expect_contains "$out" '"gflops":'
}
run_config --variant naive
run_config --variant tiled
run_config --tile-m 16 --tile-n 8 --tile-k 5 --order jki --unroll 8 --vec 4 --threads 2
run_config --tile-m 1 --tile-n 1 --tile-k 1 --order kij --unroll 2 --vec 1
run_config --tile-m 32 --tile-n 64 --tile-k 16 --order ijk --unroll 4 --vec 8 --threads 3

# The Performance item carries the problem it measured.
expect_exit 0 "$bin" --m 20 --n 30 --k 40 --reps 1 --threads 2
expect_contains "$out" '"m":20'
expect_contains "$out" '"n":30'
expect_contains "$out" '"k":40'
expect_contains "$out" '"threads":2'

expect_exit 2 "$bin" --vec 3
expect_contains "$err" 'spak-matmul-cpu: error:'
expect_contains "$err" '--vec'
expect_exit 2 "$bin" --order xyz
expect_contains "$err" '--order'
expect_exit 2 "$bin" --no-such-flag
expect_contains "$err" 'no-such-flag'

expect_exit 0 "$bin" --help
expect_contains "$out" '--tile-m'
