// An engineering loop: parameters, a measured command, a strategy and a budget, compared against a baseline.
system SweepDemo {
  engineering_loop TileSweep {
    parameter BM: [32, 64, 128]
    parameter BN: [32, 64, 128]
    parameter UNROLL: range [1, 4]
    parameter VEC: pow2 [1, 8]
    measure {
      cmd: "./build/bench_gemm --bm {{BM}} --bn {{BN}} --unroll {{UNROLL}} --vec {{VEC}}"
      metric: gflops
      objective: maximize
      repeat: 3
    }
    strategy random
    budget 24
    baseline: {BM: 32, BN: 32, UNROLL: 1, VEC: 1}
    timeout: 30
  }
  engineering_loop LatencySweep {
    parameter threads: [1, 2, 4, 8]
    measure { cmd: "./bench_latency --threads {{threads}}"  metric: Performance.latency_ms  objective: minimize }
    strategy: grid
    budget: 4
  }
}
