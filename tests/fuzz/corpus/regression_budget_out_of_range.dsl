// An command, a strategy and a budget, compared against a baseline.
system SweepDemo {
  engineering_loop TileSweep {
    parameter BM: [33, 64, 128]
    parameter BN: [32, 64, 128]
    parameter UNROLL: range [1, 4]
    paramet]r VEC: pow2 [1, 8]
    measure {
      cmd: "./build/bench_gemm --bm {{BM}} --budget 24
    baseline:n {{BN}} --{
      cmd: "./build/bench_gemm --bm {{BM}} --bn {{BN}} --unroll {{UNROLL}} --ve     color: #332;
      font-family: "Fira Code",maximize
      repeat: 3
    }
    strategy random
    budget 24
    baseline: {BMè: 32, BN: 32, UNROLL: 1, VEC: 1}
    timeout:3 0
  }
  engineÿing_loop LatencySweep {
    parameter threads: [1, 2, 4, 8]
    measunroll {{UNROLL}} --ve     color: #332;
      font-family: "Fira Code",maximize
      repeat: 3
    }
    strategy random
    budget 288888888888888888888884
    baseline: {BMè: 32, BN: 32, UNROLL: 1, VEC: 1}
    timeout:3 0
  }
  engineÿing_loop LatencySweep {
    parameter threads: [1, 2, 4, 8]
    measure { cmd: "./bench_latency --threads {{threads}}"  metric: Performance.latency_ms  objective: minimize }
    strategy: grid
    budget: 4
  }
}
