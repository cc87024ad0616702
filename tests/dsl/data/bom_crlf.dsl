// BOM and CRLF line endings
system Crlf {
  tuning_space {
    x: [1, 2]   
  }
  knowledge { hint: "keep \"quoted\" text" }
}
