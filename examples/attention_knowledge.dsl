---
title: FMHA knowledge base
source: notes from the H100 attention sweep
extraction-date: 2026-11-24
tags: [attention, hopper, knowledge]
status: draft
---
# A v2 system holding only knowledge: facts, rules, invariants, hints and heuristics.
system AttentionKnowledge {
  knowledge {
    fact optimal_h100 {                       // a fact: a named record, any fields
      description: "64x128 tiles, k_lat 2, v_lat 4 → 612 TFLOPS"
      tflops: 612.0   confidence: 1.0   source: "trace 2026-11-24#41"
    }
    fact is_memory_bound(t: Trace) { return t.utilization < 0.6 }   // a predicate fact
    fact peak(t: Trace, device: Device) {
      bound = device.peak_tflops * 0.8
      return t.tflops >= bound
    }
    rule "TMA pipelining" {
      when: "device == 'H100' and causal"
      recommend: "k_load_latency = 2"
      recommend: "v_load_latency = 5 if causal else 4"
      apply: "select attention_variant = 'GQA'"     // select = design choice
      reason: "Causal masks skip half the tiles; deeper V pipelines hide the remaining loads."
      confidence: 0.9  source: "attention.py:L120"
    }
    rule "GQA Mapping" {
      when: "num_head_kv < num_heads"
      apply: "select head_mapping = 'grouped'"
      confidence: 0.75
    }
    invariant GQA_Safety { assert: "num_heads % num_head_kv == 0" }
    invariant TileFits {
      assert: "tile_m * tile_n * 4 <= smem_bytes"
      assert: "tile_k % 16 == 0"
    }
    hint: "Prefer 128-byte aligned loads; the TMA unit requires 16-byte alignment at minimum."
    heuristic warp_specialize {
      text: "Use producer/consumer warpgroups once the K loop is longer than 4 tiles."
      confidence: 0.6
    }
  }
}
