---
title: Causal attention forward, version 1
version: 1
---
// Version 1: the design and tuning space of a causal attention forward kernel, before any sweep.
system Attn_v1 {
  design_space {
    attention_variant: ["MHA", "GQA"]
  }
  tuning_space {
    block_m: [64, 128]
    block_n: [64, 128]
    stages: [2, 3]
  }
  constraints {
    "block_m * block_n <= 16384"
  }
  knowledge {
    fact smem_per_sm { bytes: 232448  source: "H100 datasheet" }
    rule "Causal tiles" {
      when: "causal"
      recommend: "block_n = 64"
      reason: "the diagonal block is half masked; smaller n wastes less"
    }
  }
  trace_schema {
    variant TraceItem {
      case Performance { tflops: float }
    }
  }
}
