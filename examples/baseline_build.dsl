// A baseline to compare versions with, and the deliverables of the system.
system Deliverables {
  version: 3
  owner: "perf-team"
  baseline {
    commit: "a1b2c3d"
    device: "H100 SXM"
    metrics {
      tflops: 410.0
      latency_ms: 1.85
    }
  }
  build {
    artifact "kernels/gemm.cu"
    artifact "bench/results/gemm.csv"
    artifacts: ["docs/gemm.md", "report.html"]
  }
}
