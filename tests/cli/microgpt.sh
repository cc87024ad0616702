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

# Batches: the Performance item says so, and scalar and cpu (f64) agree on every printed loss.
expect_exit 0 "$bin" --data names.txt --impl scalar --steps 4 --batch 3 --seed 3 --sample 0
batch_scalar=$out
expect_contains "$out" '"batch":3'
expect_exit 0 "$bin" --data names.txt --impl cpu --precision f64 --steps 4 --batch 3 --seed 3 --sample 0
[ "$(grep '^step' <<<"$out" | cut -d'|' -f2)" = "$(grep '^step' <<<"$batch_scalar" | cut -d'|' -f2)" ] ||
  fail "batched scalar and cpu losses differ"

# --check: a Correctness item before the run.
expect_exit 0 "$bin" --data names.txt --impl cpu --steps 5 --check --sample 0 --log-every 0
expect_contains "$out" '"type":"Correctness"'
expect_contains "$out" '"passed":true'

# --export-setup: the sizes, every weight and the documents of every step, for the PyTorch peer.
expect_exit 0 "$bin" --data names.txt --steps 7 --batch 2 --sample 0 --log-every 0 --export-setup setup.json
python3 - <<'PY' || fail "bad setup.json"
import json
s = json.load(open("setup.json"))
assert s["steps"] == 7 and s["batch"] == 2 and len(s["docs"]) == 14, s.keys()
c, v, t = s["n_embd"], s["vocab_size"], s["block_size"]
assert len(s["weights"]) == 2 * v * c + t * c + s["n_layer"] * 12 * c * c
assert all(d[0] == v - 1 and d[-1] == v - 1 for d in s["docs"])  # BOS opens and closes each document
PY

# --impl cuda runs where this build has CUDA and a GPU; elsewhere it fails with a message that says why.
code=0
"$bin" --data names.txt --impl cuda --steps 2 --sample 0 > cuda.out 2> cuda.err || code=$?
if [ "$code" -eq 0 ]; then
  expect_contains "$(cat cuda.out)" '"impl":"cuda"'
else
  [ "$code" -eq 1 ] || fail "--impl cuda exited $code"
  expect_contains "$(cat cuda.err)" 'CUDA'
fi
expect_exit 2 "$bin" --cuda-threads 1024
expect_contains "$err" '--cuda-threads'
