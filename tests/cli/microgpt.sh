# spak-microgpt end to end on a small names file: both implementations train, print step lines, trace items and
# samples, and agree on the loss; bad flags exit 2; an unreachable download exits 1 and says what to do.
bin="$SPAK_BUILD_DIR/spak-microgpt"
[ -x "$bin" ] || fail "not built: $bin"

printf 'anna\nbob\ncarla\ndavid\nemma\nfrank\ngina\nhenry\niris\njack\n' > names.txt

expect_exit 0 "$bin" --data names.txt --impl scalar --steps 5 --seed 3 --sample 3
scalar_out=$out
expect_contains "$out" 'step    5 /    5 | loss '
expect_contains "$out" '__SPAK_TRACE__{"loss":'
expect_contains "$out" '"type":"Performance"'
expect_contains "$out" '"impl":"scalar"'
expect_contains "$out" 'sample  3: '

expect_exit 0 "$bin" --data names.txt --impl cpu --double --steps 5 --seed 3 --sample 3
expect_contains "$out" '"precision":"f64"'
# Same seed, same documents, same weights: the printed losses (4 decimals) must be identical.
[ "$(grep '^step' <<<"$out" | cut -d'|' -f2)" = "$(grep '^step' <<<"$scalar_out" | cut -d'|' -f2)" ] ||
  fail "scalar and cpu losses differ:
$scalar_out
---
$out"

expect_exit 2 "$bin" --impl gpu
expect_contains "$err" 'spak-microgpt: error:'
expect_contains "$err" '--impl'
expect_exit 2 "$bin" --data does-not-exist.txt
expect_contains "$err" 'does-not-exist.txt'

# Nothing listens on port 9 of the loopback: the download fails with a hint, and nothing lands in the cache.
expect_exit 1 "$bin" --data-url http://127.0.0.1:9/names.txt --cache-dir cache --steps 1
expect_contains "$err" 'offline'
expect_contains "$err" '--data'
[ ! -e cache/names.txt ] || fail "a failed download left cache/names.txt"
