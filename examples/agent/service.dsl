// A service loop for `spak serve`: POST /Scores/Record {"name": "ana", "value": 42} appends a line to a file.
system ScoreBoard {
  service_loop Scores {
    on Record(name: string, value: int) {
      step append: tool.run { cmd: "echo {{name}} {{value}} >> scores.txt && wc -l < scores.txt"  output_var: count }
    }
    on Show() {
      step show: tool.read { path: "scores.txt"  output_var: scores }
    }
  }
}
