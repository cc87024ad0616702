# top comment
/* block
   comment */ system C { // after brace
  tuning_space { /* inline */ x: [1, /* between */ 2]  # trailing hash
    y: [
      1,   // one
      2,   # two
    ]
  }
  m_i = -inf  # pseudo code with a comment
  color: #333;
}
// last line without newline
