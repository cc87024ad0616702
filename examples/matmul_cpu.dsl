---
title: "Tunable CPU SGEMM (kernels/cpu)"
source: "kernels/cpu/gemm.cpp, kernels/cpu/README.md"
tags: [cpu, gemm, demo]
status: measured
---
// The CPU demo `make run` tunes: the single-precision GEMM of kernels/cpu (binary spak-matmul-cpu, flags in
// kernels/cpu/README.md), checked against a reference on every trial, measured in GFLOP/s.
//
// The binary is found through the {{spak_build}} hole: the directory of the running spak binary, which is where
// the build puts spak-matmul-cpu (build/ for `make run`, any build directory otherwise).
//
//   spak tune examples/matmul_cpu.dsl --budget 40            # bayes by default
//   spak tune examples/matmul_cpu.dsl --strategy grid         # all 1440 valid configurations
system MatmulCPU {
  // What is computed: one SGEMM, by the tiled kernel or by the naive triple loop it is compared with.
  design_space {
    variant: ["tiled", "naive"]
    size: [384, 256, 512]
  }

  // How it is scheduled. Tiles in elements; order is the micro-loop nest inside a tile, outermost first.
  tuning_space {
    tile_m: pow2 [16, 128]
    tile_n: pow2 [64, 512]
    tile_k: [32, 128, 512]
    order: ["ikj", "kij", "ijk", "jki"]
    unroll: [1, 4]
    vec: [1, 4, 8]
    threads: [1, 2]
  }

  constraints {
    "tile_m * tile_n <= 8192"          // the C tile (32 KiB of floats) stays in L1 while k is swept
  }

  knowledge {
    fact landscape_512 {
      description: "one thread, 512^3: naive 1.4 GFLOP/s; ikj vec 8 with 64x512x512 tiles 17-21; jki 0.27"
      confidence: 0.7   source: "kernels/cpu/README.md"
    }
    heuristic: "Keep j innermost (ikj, kij): B and C rows stream; i innermost walks columns and loses ~10x."
    invariant VectorFits { assert: "vec <= tile_n" }
    invariant UnrollDividesK { assert: "tile_k % unroll == 0" }
  }

  trace_schema {
    variant TraceItem {
      case Performance { step_name: string  gflops: float  ms: float  m: int  n: int  k: int  threads: int }
      case Correctness { step_name: string  passed: bool  max_rel_error: float  tolerance: float }
    }
  }

  engineering_loop TuneSgemm {
    measure {
      cmd: "{{spak_build}}/spak-matmul-cpu --variant {{variant}} --m {{size}} --n {{size}} --k {{size}} --tile-m {{tile_m}} --tile-n {{tile_n}} --tile-k {{tile_k}} --order {{order}} --unroll {{unroll}} --vec {{vec}} --threads {{threads}} --reps 3"
      metric: Performance.gflops
      objective: maximize
    }
    strategy: bayes
    budget: 40
    timeout: 30
    baseline: {variant: "naive", threads: 1}
  }
}
