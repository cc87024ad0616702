---
title: Causal attention forward, version 2
version: 2
derived-from: attn_v1.dsl
---
import "attn_v1.dsl"

// Version 2: a deeper pipeline is worth trying, and a sweep taught us the best tile.
system Attn_v2 extends Attn_v1 {
  tuning_space {
    stages: [2, 3, 4]   // overrides v1's [2, 3]
  }
  knowledge {
    fact best_h100_causal { block_m: 128  block_n: 64  stages: 3  tflops: 512.0  source: "sweep 2026-11-20" }
  }
}
