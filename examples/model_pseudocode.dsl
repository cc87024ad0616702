/* A model section: domain types, state, and pseudo-code kept verbatim.
   Pseudo-code, math and prose are statements: they parse and are kept, never interpreted. */
system OnlineSoftmax {
  model {
    type Tile matches { rows: int, cols: int }
    type Trace matches { tflops: float  utilization: float }
    state best: Tile = Tile(rows: 64, cols: 128)
    procedure kernel:
      m_i = -inf  # running max
      l_i = 0
      for n in 0..N-1:
        s = q · k[n]
        m_new = max(m_i, s)
        l_i = l_i * exp(m_i - m_new) + exp(s - m_new)
        m_i = m_new
      return o / l_i
    h[L+1] ∈ ℝ[B,T,D]
    softmax(x)_i = exp(x_i) / Σ_j exp(x_j)
    The block above is the FlashAttention recurrence; it never materialises the N×N matrix.
  }
}
