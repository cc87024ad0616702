---
title: Causal attention forward, version 3
version: 3
derived-from: attn_v2.dsl
---
import "attn_v2.dsl"

// Version 3: the TMA rule, an invariant, and a better measurement that replaces v2's fact by name.
system Attn_v3 extends Attn_v2 {
  knowledge {
    fact best_h100_causal { block_m: 128  block_n: 64  stages: 4  tflops: 571.0  source: "sweep 2026-11-24" }
    rule "TMA pipelining" {
      when: "device == 'H100'"
      recommend: "stages = 4"
      confidence: 0.9
    }
    invariant GQA_Safety { assert: "num_heads % num_head_kv == 0" }
  }
  trace_schema {
    variant TraceItem {
      case Correctness { passed: bool }
    }
  }
}
