# Inheritance: an extends chain of three versions across imports resolves with origins; cycles, missing parents
# and missing imports are errors at the right file and line.
v=$SPAK_SOURCE_DIR/examples/versions

expect_exit 0 "$SPAK" show --resolved "$v/attn_v3.dsl"
expect_contains "$out" "chain: Attn_v3 ($v/attn_v3.dsl) extends Attn_v2 ($v/attn_v2.dsl) extends Attn_v1 ($v/attn_v1.dsl)"
# stages comes from v2 (which overrides v1), block_m from v1, the best fact from v3 (which replaces v2's).
expect_contains "$out" "tuning_space stages  $v/attn_v2.dsl:11"
expect_contains "$out" "tuning_space block_m  $v/attn_v1.dsl:11"
expect_contains "$out" "fact best_h100_causal  $v/attn_v3.dsl:11"
expect_contains "$out" "fact smem_per_sm  $v/attn_v1.dsl:19"
expect_contains "$out" "invariant GQA_Safety  $v/attn_v3.dsl:17"
expect_contains "$out" "stages: 3 values (2, 3, 4)"

cat > cycle.dsl <<'DSL'
system A extends C { }
system B extends A { }
system C extends B { }
DSL
expect_exit 1 "$SPAK" show --resolved cycle.dsl -s B
expect_contains "$err" "cycle.dsl:3:1: error: inheritance cycle: B -> A -> C -> B"

cat > orphan.dsl <<'DSL'
// no import brings Base in
system Child extends Base {
  tuning_space { a: [1, 2] }
}
DSL
expect_exit 1 "$SPAK" show --resolved orphan.dsl
expect_contains "$err" "orphan.dsl:2:1: error: system 'Child' extends 'Base', which is not defined in orphan.dsl (add \`import \"file.dsl\"\` for it)"

printf 'import "gone.dsl"\nsystem X extends Y { }\n' > lost.dsl
expect_exit 1 "$SPAK" show --resolved lost.dsl
expect_contains "$err" "lost.dsl: error: cannot import \"gone.dsl\": gone.dsl: cannot open"

printf 'import "two.dsl"\nsystem One { }\n' > one.dsl
printf 'import "one.dsl"\nsystem Two { }\n' > two.dsl
expect_exit 1 "$SPAK" show --resolved one.dsl
expect_contains "$err" "error: import cycle: one.dsl -> two.dsl -> one.dsl"
