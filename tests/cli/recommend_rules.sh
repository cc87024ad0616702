# spak recommend on examples/attention_rules.dsl: fired and not-fired rules with their reasons, a conditional
# value in two contexts, selections that chain, a conflict resolved by specificity, advice, and the space left.
F=$SPAK_SOURCE_DIR/examples/attention_rules.dsl
H100="--set device=H100 --set seq_len=8192 --set num_heads=32 --set num_head_kv=8"

expect_exit 0 $SPAK recommend $F $H100 --set causal=true --set head_dim=128
expect_contains "$out" 'v_load_latency = 5 if causal else 4 → 5'
expect_contains "$out" 'when device == '"'"'H100'"'"' and seq_len >= 4096 and head_dim <= 64 → false (device = '"'"'H100'"'"', seq_len = 8192, head_dim = 128)'
expect_contains "$out" "attention_variant = 'GQA'  from rule \"GQA Mapping\""
expect_contains "$out" "head_mapping = 'grouped'  from rule \"Grouped heads follow the variant\""
expect_contains "$out" 'block_n = 128  from rule "Long sequences want wide K tiles"'
expect_contains "$out" 'rule "TMA pipelining": Issue the K and V loads from a dedicated producer warp.'
expect_contains "$out" 'hint: Prefer 128-byte aligned loads'
expect_contains "$out" 'before: 5 parameters, 240 configs, 240 valid'
expect_contains "$out" 'after:  2 parameters, 4 configs, 4 valid'
expect_contains "$out" 'left to tune: block_m, num_warps'

# Another context: the conditional value changes, the more specific rule wins the block_n conflict, MQA is chosen.
expect_exit 0 $SPAK recommend $F --set device=H100 --set seq_len=8192 --set num_heads=32 --set num_head_kv=1 \
  --set causal=false --set head_dim=64
expect_contains "$out" 'v_load_latency = 5 if causal else 4 → 4'
expect_contains "$out" 'block_n = 256  from rule "Hopper long sequences"'
expect_contains "$out" 'overrides block_n = 128 from rule "Long sequences want wide K tiles": same confidence, more specific'
expect_contains "$out" "attention_variant = 'MQA'"
expect_contains "$out" 'num_warps = 4  from rule "Small heads need fewer warps"'

# A value the user sets is kept, and the rule that wanted another is shown.
expect_exit 0 $SPAK recommend $F $H100 --set causal=true --set head_dim=128 --set block_n=64
expect_contains "$out" 'block_n = 128 (not applied)'
expect_contains "$out" 'the context already sets block_n = 64; that value is kept'
expect_contains "$out" 'fixed: block_n = 64  (--set)'

# Missing inputs: rules that cannot be decided say which name is missing; the space says why nothing is valid.
expect_exit 0 $SPAK recommend $F --set device=A100
expect_contains "$out" "when device in ['H100', 'H200'] → false (device = 'A100')"
expect_contains "$out" "unknown name 'num_head_kv'"
expect_contains "$out" 'rule "Memory-bound kernels" (when the kernel is memory-bound): Raise block_m'
expect_contains "$out" "no configuration is valid; the first"
expect_contains "$out" "unknown name 'head_dim'"

# JSON carries the same decisions.
expect_exit 0 $SPAK recommend $F $H100 --set causal=true --set head_dim=128 --format json
expect_contains "$out" '"target": "v_load_latency"'
expect_contains "$out" '"state": "not fired"'
expect_contains "$out" '"valid": 4.0'
