---
title: Both dialects in one file
---
// Classic blocks and a v2 system can live side by side.
system_model Occupancy {
  axiom: "More resident warps hide more latency"
  prediction: "occupancy above 50% stops paying off"
}

task MeasureOccupancy {
  step profile: tool.run { cmd: "ncu --metrics sm__warps_active {{binary}}"  output_var: report }
  step "Explain" { llm.query { prompt_template: """Explain {{report}} to a new engineer""" } }
  success: "report.occupancy > 0.5"
}

system OccupancyV2 {
  tuning_space { threads: pow2 [64, 1024]; regs: [32, 64, 128] }
  constraints { "threads * regs <= 65536" }
}
