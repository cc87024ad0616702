# spak diff: structural differences between versions, through their extends chains; exit 0 when equal, 1 when not.
v=$SPAK_SOURCE_DIR/examples/versions

expect_exit 0 "$SPAK" diff "$v/attn_v1.dsl" "$v/attn_v1.dsl"
expect_contains "$out" "no structural differences"

expect_exit 1 "$SPAK" diff "$v/attn_v2.dsl" "$v/attn_v3.dsl"
expect_contains "$out" "facts:
  ~ best_h100_causal
      source: \"sweep 2026-11-20\" -> \"sweep 2026-11-24\"
      stages: 3 -> 4
      tflops: 512.0 -> 571.0"
expect_contains "$out" "rules:
  + TMA pipelining"
expect_contains "$out" "invariants:
  + GQA_Safety"
expect_contains "$out" "trace_schema:
  + TraceItem.Correctness"
expect_contains "$out" "3 added, 0 removed, 6 changed"

# v1 against v2: inherited items are not differences; the overridden parameter is.
expect_exit 1 "$SPAK" diff "$v/attn_v1.dsl" "$v/attn_v2.dsl" --format json
expect_contains "$out" '"section": "tuning_space"'
expect_contains "$out" '"values: [2,3] -> [2,3,4]"'
# v2 adds one fact and the front matter's derived-from; nothing else is added.
expect_contains "$out" '"added": 2'
expect_contains "$out" '"name": "best_h100_causal"'
expect_contains "$out" '"name": "derived-from"'
case "$out" in *'"name": "block_m"'*) fail "block_m is inherited unchanged but was reported" ;; esac

# Comments and layout are not structure.
sed 's#// Version 1.*#// another comment#; s/    block_m: \[64, 128\]/    block_m:   [64,128]/' "$v/attn_v1.dsl" > relaid.dsl
expect_exit 0 "$SPAK" diff "$v/attn_v1.dsl" relaid.dsl

expect_exit 2 "$SPAK" diff "$v/attn_v1.dsl" missing.dsl
