// Classic (v1) dialect: one system_model and tasks made of steps, an evaluation and a success condition.
system_model KernelOptimizer {
  axiom: "Maximize SM occupancy."
  axiom: "Keep the tensor cores fed: memory latency must hide behind MMA."
  heuristic: "Swizzle tiles for L2 reuse."
  prediction: "Tensor cores give >5x over FP32."
}

task OptimizeMatMul {
  description: "Find and fix the bottleneck of a naive GEMM"
  step load: tool.read { path: "gemm.cu"  output_var: code }
  step analyze: llm.query {
    role: "CUDA_Engineer"
    prompt_template: """Find bottlenecks in {{code}}.
Answer with a list; mention {{device.name}} limits where they matter."""
    output_var: notes
  }
  step "Rewrite" {
    llm.query { prompt_template: """Rewrite {{code}} using {{notes}}""" output_var: new_code }
    retries: 2
  }
  evaluation {
    check compiles: tool.run { cmd: "nvcc -c {{path}}" }
    check faster: tool.run { cmd: "./bench --compare {{path}}"  expect: "speedup > 1.0" }
  }
  success: all_checks_pass()
}
