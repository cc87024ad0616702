# spak recommend: context from a JSON file, --set overriding it, --device auto through a fake nvidia-smi, and the
# note when there is no GPU.
F=$SPAK_SOURCE_DIR/examples/attention_rules.dsl
cat > ctx.json <<'JSON'
{"device": "A100", "seq_len": 8192, "num_heads": 16, "num_head_kv": 16, "head_dim": 128, "causal": true}
JSON
expect_exit 0 $SPAK recommend $F --context ctx.json
expect_contains "$out" "device = 'A100'  (ctx.json)"
expect_contains "$out" 'when num_head_kv < num_heads → false (num_head_kv = 16, num_heads = 16)'

expect_exit 0 $SPAK recommend $F --context ctx.json --set device=H200
expect_contains "$out" "device = 'H200'  (--set)"
expect_contains "$out" 'k_load_latency = 2  from rule "TMA pipelining"'

cat > fake-smi <<'SH'
#!/bin/sh
echo "NVIDIA H100 80GB HBM3, 81559, 9.0"
SH
chmod +x fake-smi
expect_exit 0 env SPAK_NVIDIA_SMI=$PWD/fake-smi $SPAK recommend $F --device auto --context ctx.json --set device=H100
expect_contains "$out" "device_name = 'NVIDIA H100 80GB HBM3'  (nvidia-smi)"
expect_contains "$out" 'sm_count = 132  (built-in table of H100)'
expect_contains "$out" "device = 'H100'  (--set)"

expect_exit 0 env SPAK_NVIDIA_SMI=$PWD/no-such-smi $SPAK recommend $F --device auto
expect_contains "$out" 'no-such-smi not found: no GPU facts were added to the context'
