# spak check --set: the invariants of each system evaluated for the given values; a violated one exits 1.
F=$SPAK_SOURCE_DIR/examples/attention_rules.dsl

expect_exit 0 $SPAK check $F --set num_heads=32 --set num_head_kv=8 --set head_dim=128
expect_contains "$out" 'invariant GQA_Safety: num_heads % num_head_kv == 0 holds (num_heads = 32, num_head_kv = 8)'
expect_contains "$out" 'invariant HeadDim: "The softmax must stay numerically stable." is natural language, not checked'

expect_exit 1 $SPAK check $F --set num_heads=12 --set num_head_kv=5 --set head_dim=128
expect_contains "$out" 'attention_rules.dsl:65:5: invariant GQA_Safety: num_heads % num_head_kv == 0 is violated (num_heads = 12, num_head_kv = 5)'

expect_exit 1 $SPAK check $F --set num_heads=12
expect_contains "$out" "cannot be evaluated: column 13: unknown name 'num_head_kv' (did you mean 'num_heads'?)"

# Without --set, invariants are not evaluated and a good file passes.
expect_exit 0 $SPAK check $F
