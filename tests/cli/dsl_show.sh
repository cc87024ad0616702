# spak show: a human summary with the tuning-space size.

expect_exit 0 "$SPAK" show "$SPAK_SOURCE_DIR/examples/tuning_spaces.dsl"
# 3 * 3 * 3 (pow2 16..64) * 4 (range 2..5) * 8 (range 1..8) * 3 * 2 = 5184
expect_contains "$out" "tuning space: 7 parameters, 5184 configurations before constraints"
expect_contains "$out" "tile_k: pow2 [16, 64], 3 values"
expect_contains "$out" "design space: 3 axes"
expect_contains "$out" "constraints: 3"

expect_exit 0 "$SPAK" show "$SPAK_SOURCE_DIR/examples/attention_knowledge.dsl"
expect_contains "$out" "knowledge: 3 facts, 2 rules, 2 invariants, 2 hints/heuristics"
expect_contains "$out" "title: FMHA knowledge base"

expect_exit 0 "$SPAK" show "$SPAK_SOURCE_DIR/examples/classic_task.dsl"
expect_contains "$out" "task OptimizeMatMul: 3 steps, 2 checks"
expect_contains "$out" "step load → tool.read"
expect_contains "$out" "step \"Rewrite\" → llm.query"

expect_exit 0 "$SPAK" show "$SPAK_SOURCE_DIR/examples/engineering_loop.dsl" --system SweepDemo
expect_contains "$out" "engineering_loop TileSweep:"
expect_contains "$out" "tuning space: 4 parameters, 144 configurations before constraints"
expect_exit 1 "$SPAK" show "$SPAK_SOURCE_DIR/examples/engineering_loop.dsl" --system Nope
expect_contains "$err" "no system named \`Nope\`"
