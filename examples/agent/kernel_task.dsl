// A kernel-optimisation task (classic dialect): read a C kernel, ask the model for a faster version, write it,
// and check that it compiles and still computes the same result as the reference.
// Run: spak run kernel_task.dsl --workdir work --llm openai --model gpt-4o-mini --llm-url http://HOST/v1
system_model KernelOptimizer {
  axiom: "A kernel must compute the same result as its reference before it may be faster."
  heuristic: "Unroll the inner loop and let the compiler vectorise it."
}

task OptimizeSaxpy {
  description: "Make saxpy faster without changing its result"
  step load: tool.read { path: "saxpy.c"  output_var: code }
  step "Rewrite" {
    llm.query {
      role: "C performance engineer"
      prompt_template: """Rule: {{axiom.1}} Hint: {{heuristic.1}}
Rewrite this kernel to be faster. Keep the function signature. Answer with C code only.
{{code}}"""
      output_var: new_code
    }
  }
  step save: tool.write { path: "saxpy_opt.c"  content: "{{new_code}}" }
  evaluation {
    check compiles: tool.run { cmd: "cc -O2 -o saxpy_check check.c saxpy_opt.c -lm" }
    check correct: tool.run { cmd: "./saxpy_check"  expect: "max_error < 1e-6" }
  }
  success: all_checks_pass()
}
