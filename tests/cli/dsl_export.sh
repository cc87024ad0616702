# spak export: the IR as JSON, spans on every node unless --no-spans.

expect_exit 0 "$SPAK" export "$SPAK_SOURCE_DIR/examples/engineering_loop.dsl"
echo "$out" > with.json
python3 - with.json <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
loop = doc["systems"][0]["loops"][0]
assert loop["kind"] == "engineering", loop["kind"]
assert [p["name"] for p in loop["parameters"]] == ["BM", "BN", "UNROLL", "VEC"]
assert loop["parameters"][2] ["kind"] == "range" and loop["parameters"][2]["hi"] == 4
assert loop["measure"]["metric"] == "gflops" and loop["strategy"] == "random" and loop["budget"] == 24
assert loop["fields"][0]["value"] == {"BM": 32, "BN": 32, "UNROLL": 1, "VEC": 1}
assert loop["span"]["line"] == 3 and loop["parameters"][0]["span"]["col"] == 5
PY
[ $? -eq 0 ] || fail "export content"
expect_exit 0 "$SPAK" export --no-spans "$SPAK_SOURCE_DIR/examples/engineering_loop.dsl"
case "$out" in *'"span"'*) fail "--no-spans output has spans" ;; esac

printf 'system A {\n' > bad.dsl
expect_exit 1 "$SPAK" export bad.dsl
expect_contains "$err" "bad.dsl:1:10: error"
"$SPAK" export --help | grep -q -- "--no-spans" || fail "export --help"
