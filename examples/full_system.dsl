---
title: A complete v2 system
source: SPAK examples
tags: [demo, complete]
---
// Every v2 section in one file, in the order a reader meets them.
system FullDemo {
  description: "End-to-end example of every section"

  baseline { kernel: "naive"  metrics { gflops: 12.5 } }

  design_space {
    algorithm: "naive" | "blocked" | "packed"
  }

  tuning_space {
    block: pow2 [16, 256]
    threads: range [1, 8]
    vector: [1, 4, 8]
  }

  constraints {
    "block * vector <= 2048"
  }

  model {
    type Matrix matches { rows: int  cols: int }
    state current: Matrix = Matrix(rows: 1024, cols: 1024)
  }

  knowledge {
    fact cache_l2 { bytes: 2_000_000  source: "lscpu" }
    rule "Block for L2" {
      when: "block * block * 12 > cache_l2.bytes"
      recommend: "block = block / 2"
      confidence: 0.8
    }
    invariant Positive { assert: "threads >= 1" }
    heuristic: "Pack B once per K panel."
  }

  trace_schema {
    variant TraceItem { case Performance { gflops: float  config: map } }
  }

  engineering_loop Sweep {
    parameter block: [32, 64]
    measure { cmd: "./gemm --block {{block}}"  metric: gflops  objective: maximize }
    strategy: grid
    budget: 2
  }

  agent_loop Review {
    step "Read results" { tool.run { cmd: "spak trace best" } }
  }

  build { artifact "kernels/cpu/gemm.cpp" }
}
