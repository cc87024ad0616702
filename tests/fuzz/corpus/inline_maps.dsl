// Inline maps: flat, nested, after other fields on the same line, and as a fact's field.
system Maps {
  knowledge {
    fact best {
      config: {tile_m: 64, vec: 8, epilogue: {kind: "bias", fused: true}}
      metrics: {gflops: 812.5}   source: "trace 41"
    }
  }
  engineering_loop tune {
    baseline: {tile_m: 32}
    limits: 1, shape: {m: 512, n: [256, 512]}
  }
}
