// Sections the engine does not know are kept and give a warning, never an error.
system Experimental {
  telemetry {
    endpoint: "http://localhost:4318"
    sample_rate: 0.1
    exporters { otlp { insecure: true } }
  }
  roadmap:
    Q1: port to Blackwell
    Q2: FP8 everywhere
  tuning_space { block: [64, 128] }
}
