---
title: Attention forward kernel — rules that act
source: notes from H100 FMHA sweeps (hand-written example for `spak recommend`)
status: example
---
// Rules whose `when`, `recommend` and `apply` are expressions act: they assign tuning parameters and select
// design choices for the context given with --set / --context / --device auto. Text that is not an expression
// is advice. Try:
//   spak recommend examples/attention_rules.dsl --set device=H100 --set causal=true --set seq_len=8192 \
//     --set head_dim=128 --set num_heads=32 --set num_head_kv=8
system AttentionRules {
  design_space {
    attention_variant: ['MHA', 'GQA', 'MQA']
    head_mapping: ['direct', 'grouped']
  }
  tuning_space {
    block_m: [64, 128]
    block_n: [64, 128, 256]
    k_load_latency: range [1, 4]
    v_load_latency: range [2, 6]
    num_warps: [4, 8]
  }
  constraints {
    "(block_m + 2 * block_n) * head_dim * 2 <= 227 * 1024"   // Q tile + K and V tiles in bf16 fit in SMEM
    "block_m * block_n <= 128 * 256"
  }
  knowledge {
    rule "TMA pipelining" {
      when: "device in ['H100', 'H200']"
      recommend: "k_load_latency = 2"
      recommend: "v_load_latency = 5 if causal else 4"   // causal masks skip tiles: deeper V pipeline
      recommend: "Issue the K and V loads from a dedicated producer warp."
      reason: "TMA loads complete asynchronously; the latency must cover one QK^T tile."
      confidence: 0.9  source: "fmha sweep 2026-11-24"
    }
    rule "GQA Mapping" {
      when: "num_head_kv < num_heads"
      apply: "select attention_variant = 'GQA' if num_head_kv > 1 else 'MQA'"
      confidence: 0.8
    }
    rule "Grouped heads follow the variant" {
      when: "attention_variant in ['GQA', 'MQA']"      // reads what "GQA Mapping" selects
      apply: "select head_mapping = 'grouped'"
      confidence: 0.8
    }
    rule "Long sequences want wide K tiles" {
      when: "seq_len >= 4096"
      recommend: "block_n = 128"
      confidence: 0.7
    }
    rule "Hopper long sequences" {
      when: "device == 'H100' and seq_len >= 4096 and head_dim <= 64"
      recommend: "block_n = 256"                       // same confidence, more specific: wins over the rule above
      confidence: 0.7
    }
    rule "Small heads need fewer warps" {
      when: "head_dim <= 64"
      recommend: "num_warps = 4"
      confidence: 0.6
    }
    rule "Memory-bound kernels" {
      when: "the kernel is memory-bound"                // natural language: never evaluated, shown as advice
      recommend: "Raise block_m to increase arithmetic intensity."
    }
    invariant GQA_Safety { assert: "num_heads % num_head_kv == 0" }
    invariant HeadDim {
      assert: "head_dim in [64, 128, 256]"
      assert: "The softmax must stay numerically stable."
    }
    hint: "Prefer 128-byte aligned loads; the TMA unit requires 16-byte alignment at minimum."
  }
}
