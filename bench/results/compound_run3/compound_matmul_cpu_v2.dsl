---
title: "Tunable CPU SGEMM (kernels/cpu)"
source: "kernels/cpu/gemm.cpp, kernels/cpu/README.md"
tags: [cpu, gemm, demo]
status: measured
version: 2
derived-from: ../../work/main/examples/matmul_cpu.dsl
date: 2026-11-25
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
    // spak compound v2: dropped 64 (never in the top 10% of 40 ok trials over 1 problem); was pow2 [64, 512]
    tile_n: pow2 [128, 512]
    // spak compound v2: dropped 512 (never in the top 10% of 40 ok trials over 1 problem); was [32, 128, 512]
    tile_k: [32, 128]
    // spak compound v2: dropped ikj, jki (never in the top 10% of 40 ok trials over 1 problem); was ["ikj", "kij", "ijk", "jki"]
    order: ["kij", "ijk"]
    unroll: [1, 4]
    // spak compound v2: dropped 1, 4 (never in the top 10% of 40 ok trials over 1 problem); was [1, 4, 8]
    vec: [8]
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
    // spak compound v2 (2026-11-25): from /tmp/tmp.ORfKu359ia/a.db
    fact best_vm_size384_threads1_variantnaive {
      description: "best of 1 trials on vm for size=384 threads=1 variant=naive: Performance.gflops 0.46043 with order=ikj tile_k=32 tile_m=16 tile_n=64 unroll=1 vec=1"
      kind: "best_config"
      device: "vm"
      problem: {size: 384, threads: 1, variant: "naive"}
      config: {order: "ikj", tile_k: 32, tile_m: 16, tile_n: 64, unroll: 1, vec: 1}
      metric: "Performance.gflops"
      objective: "maximize"
      value: 0.46043
      over_trials: 1
      confidence: 1.0
      source: "spak compound"
      provenance: {commit: "ea70daf8c57c7a01dd0a0c4f73a0f3c338c92c61-dirty", device: "vm", runs: [1], store: "/tmp/tmp.ORfKu359ia/a.db", trial: 1, trial_uid: "147faf193209837607c6afe094420f27"}
    }
    fact best_vm_size384_threads1_varianttiled {
      description: "best of 40 trials on vm for size=384 threads=1 variant=tiled: Performance.gflops 9.60676 with order=kij tile_k=128 tile_m=16 tile_n=512 unroll=4 vec=8"
      kind: "best_config"
      device: "vm"
      problem: {size: 384, threads: 1, variant: "tiled"}
      config: {order: "kij", tile_k: 128, tile_m: 16, tile_n: 512, unroll: 4, vec: 8}
      metric: "Performance.gflops"
      objective: "maximize"
      value: 9.60676
      runner_ups: [{order: "kij", tile_k: 32, tile_m: 16, tile_n: 512, unroll: 1, vec: 8}, {order: "kij", tile_k: 128, tile_m: 32, tile_n: 128, unroll: 1, vec: 8}, {order: "ijk", tile_k: 32, tile_m: 16, tile_n: 512, unroll: 4, vec: 8}, {order: "kij", tile_k: 32, tile_m: 16, tile_n: 512, unroll: 4, vec: 8}, {order: "ijk", tile_k: 32, tile_m: 16, tile_n: 512, unroll: 1, vec: 8}, {order: "ikj", tile_k: 32, tile_m: 32, tile_n: 256, unroll: 4, vec: 8}, {order: "kij", tile_k: 128, tile_m: 16, tile_n: 128, unroll: 1, vec: 8}, {order: "ikj", tile_k: 512, tile_m: 16, tile_n: 512, unroll: 4, vec: 8}, {order: "kij", tile_k: 32, tile_m: 16, tile_n: 128, unroll: 4, vec: 8}, {order: "ikj", tile_k: 32, tile_m: 32, tile_n: 256, unroll: 1, vec: 8}]
      over_trials: 40
      confidence: 1.0
      source: "spak compound"
      provenance: {commit: "ea70daf8c57c7a01dd0a0c4f73a0f3c338c92c61-dirty", device: "vm", runs: [1], store: "/tmp/tmp.ORfKu359ia/a.db", trial: 37, trial_uid: "627e6ef2941ee7fe78b7922d9c368f50"}
    }
    fact avoid_vm_size384_threads1_varianttiled {
      description: "on vm for size=384 threads=1 variant=tiled: 6 ran over 4x worse than the best"
      kind: "negative"
      device: "vm"
      problem: {size: 384, threads: 1, variant: "tiled"}
      slow: [{order: "jki", tile_k: 512, tile_m: 128, tile_n: 64, unroll: 1, vec: 1}, {order: "jki", tile_k: 128, tile_m: 16, tile_n: 64, unroll: 4, vec: 1}, {order: "kij", tile_k: 512, tile_m: 16, tile_n: 512, unroll: 4, vec: 1}, {order: "kij", tile_k: 128, tile_m: 16, tile_n: 64, unroll: 1, vec: 1}, {order: "ikj", tile_k: 128, tile_m: 32, tile_n: 256, unroll: 1, vec: 1}, {order: "jki", tile_k: 32, tile_m: 16, tile_n: 512, unroll: 4, vec: 4}]
      slow_values: [0.378722, 0.662994, 0.877226, 0.970947, 1.1303, 2.20343]
      over_trials: 40
      source: "spak compound"
      provenance: {runs: [1], store: "/tmp/tmp.ORfKu359ia/a.db", trials: [3, 7, 25, 4, 8, 20]}
    }
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
