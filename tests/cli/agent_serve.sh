#!/usr/bin/env bash
# spak serve as a user runs it: a real HTTP server on 127.0.0.1 (any free port), a valid request runs the
# handler's steps and answers JSON, a request with a missing or mistyped parameter gets 400, SIGTERM stops it.
set -euo pipefail
cp "$SPAK_SOURCE_DIR/examples/agent/service.dsl" .
"$SPAK" serve service.dsl --port 0 --workdir . > serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT

port=""
for _ in $(seq 50); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' serve.log | head -n 1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "spak serve printed no address: $(cat serve.log)"

post() { curl -s -o body.json -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
           --data "$2" "http://127.0.0.1:$port/$1"; }

code=$(post Scores/Record '{"name": "ana", "value": 42}')
[ "$code" = 200 ] || fail "Record answered $code: $(cat body.json)"
expect_contains "$(cat scores.txt)" "ana 42"

code=$(post Scores/Record '{"name": "bo"}')
[ "$code" = 400 ] || fail "a missing parameter answered $code: $(cat body.json)"
expect_contains "$(cat body.json)" "value"

code=$(post Scores/Record '{"name": "bo", "value": "many"}')
[ "$code" = 400 ] || fail "a mistyped parameter answered $code: $(cat body.json)"

code=$(post Scores/Show '{}')
[ "$code" = 200 ] || fail "Show answered $code: $(cat body.json)"
expect_contains "$(cat body.json)" "ana 42"

kill -TERM $server
wait $server || true
trap - EXIT
