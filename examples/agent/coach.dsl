// A coaching agent (v2 dialect): reads an athlete's log, asks the model for next week's plan, writes it and
// checks that a plan was written. Run: spak run coach.dsl --workdir work --llm ollama --model llama3
system Coach {
  agent_loop WeeklyPlan {
    athlete: "ana"
    step log: tool.read { path: "athlete.md"  output_var: history }
    step "Plan" {
      llm.query {
        role: "running coach"
        prompt: """Athlete {{athlete}} trained like this:
{{history}}
Write next week's plan, one line per day, Monday to Sunday."""
        output_var: plan
      }
    }
    step save: tool.write { path: "plans/{{athlete}}.md"  content: "{{plan}}" }
    step verify: tool.run { cmd: "test -s plans/{{athlete}}.md && wc -l < plans/{{athlete}}.md"  output_var: lines }
  }
}
