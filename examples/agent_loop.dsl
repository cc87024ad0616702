// An agent loop: LLM-driven steps in both shapes, tools, and a nested engineering loop as a tool.
system KernelAgent {
  agent_loop Improve {
    max_iterations: 5
    goal: "Raise TFLOPS of {{kernel}} by 20% without breaking correctness"
    step read: tool.read { path: "{{kernel}}"  output_var: source }
    step "Analyze" {
      llm.query {
        role: "performance engineer"
        prompt: """You are given this kernel:
{{source}}
List the three most likely bottlenecks, most likely first."""
        output_var: analysis
      }
    }
    step sweep: tool.engineering_loop { loop: TileSweep  budget: 20 }
    step "Summarize" { llm.query { prompt: "Summarize {{analysis}} and {{sweep.best}}" output_var: summary } }
    step save: tool.write { path: "notes/{{run_id}}.md"  content: "{{summary}}" }
  }
}
